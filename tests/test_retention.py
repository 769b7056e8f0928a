"""Retention: words older than RETENTION_DAYS go, and with them the link from closed cases and
old texts to the number; a number idle that long goes, an opt-out stays; figures stay; daily."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from hotline.contacts import find_contact
from hotline.erasure import ERASED_HASH_PREFIX, STAND_IN_PURPOSE
from hotline.figures import PEOPLE_WITH_A_CASE, compute_figures
from hotline.retention import RETENTION_JOB_PREFIX, run_retention
from models import Case, CaseEvent, Contact, ConversationSession, Message, utcnow
from routing import runtime
from routing.queues import RQJobQueue
from tests.conftest import post_signed, sms_form
from tests.test_end_to_end import replies_of
from tests.test_privacy_encryption import read_everything
from tests.test_privacy_logs import (
    NUMBER_FORMS,
    TEXTER,
    hotline_app,  # noqa: F401 - a fixture
    run_whole_conversation,
)

STOPPED = "+14135550145"
TODAY = "+14135550144"

OLD = timedelta(days=100)


def figures_now(sessions):
    now = utcnow()
    with sessions() as session:
        figures = compute_figures(session, now - timedelta(days=365), now, now=now)
    return figures.cases, {name: table.rows for name, table in figures.tables.items()}


def counts(sessions) -> dict[str, int]:
    with sessions() as session:
        return {
            "messages": session.scalar(select(func.count()).select_from(Message)),
            "bodies": session.scalar(select(func.count()).where(Message.body.is_not(None))),
            "events": session.scalar(select(func.count()).select_from(CaseEvent)),
            "cases": session.scalar(select(func.count()).select_from(Case)),
        }


def test_old_words_go_rows_and_figures_stay(hotline_app, monkeypatch):  # noqa: F811
    sessions = hotline_app.extensions["hotline.sessions"]
    rt = runtime.current()
    rt.clock = lambda: utcnow() - OLD  # the conversation happened 100 days ago
    run_whole_conversation(hotline_app, monkeypatch)
    with sessions.begin() as session:
        session.add(
            CaseEvent(
                case_id=session.scalars(select(Case.id)).one(),
                at=utcnow() - OLD,
                kind="note",
                actor="coach@example.org",
                text="Met at the library",
            )
        )
        session.execute(update(Case).values(status="closed", closed_at=utcnow() - OLD))
    rt.clock = utcnow
    # A text from today: its words are kept.
    client = hotline_app.test_client()
    assert (
        post_signed(
            client, "/twilio/sms", sms_form("hello again today", "+14135550144")
        ).status_code
        == 200
    )
    before_figures, before = figures_now(sessions), counts(sessions)
    assert before["bodies"] > 0

    result = hotline_app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "message bodies" in result.output

    after = counts(sessions)
    assert after["events"] == before["events"]  # rows stay
    assert after["cases"] == before["cases"]
    assert figures_now(sessions) == before_figures  # the figures do not move
    with sessions() as session:
        old_bodies = session.scalar(
            select(func.count()).where(
                Message.created_at < utcnow() - timedelta(days=90), Message.body.is_not(None)
            )
        )
        assert old_bodies == 0
        recent = select(Message.body).where(Message.created_at > utcnow() - timedelta(days=1))
        assert "hello again today" in session.scalars(recent).all()
        assert session.scalar(select(func.count()).where(CaseEvent.text.is_not(None))) == 0
        assert session.scalars(select(Case.details)).one() is None
        assert session.scalar(select(func.count()).select_from(ConversationSession)) == 1


def test_the_worker_arms_one_daily_run_and_each_run_arms_the_next(sessions, settings, redis_conn):
    import worker

    previous = runtime._holder.runtime
    queue = RQJobQueue(connection=redis_conn)
    clock = {"now": datetime(2024, 6, 4, 16, 0, tzinfo=UTC)}
    runtime.install(
        runtime.Runtime(
            settings=settings,
            sessions=sessions,
            queue=queue,
            gateway=None,  # type: ignore[arg-type]
            clock=lambda: clock["now"],
        )
    )
    try:
        for _ in range(3):  # three workers start, or one restarts three times
            worker.arm_sweeps(queue, clock["now"])
        bulk = queue.queue("bulk").scheduled_job_registry
        assert bulk.get_job_ids() == [f"{RETENTION_JOB_PREFIX}20240605"]
        # The run at 07:00 on the 5th arms the 6th.
        clock["now"] = datetime(2024, 6, 5, 7, 0, 5, tzinfo=UTC)
        run_retention()
        assert f"{RETENTION_JOB_PREFIX}20240606" in bulk.get_job_ids()
    finally:
        runtime._holder.runtime = previous


def text(app, body: str, sender: str) -> list[str]:
    response = post_signed(app.test_client(), "/twilio/sms", sms_form(body, sender))
    assert response.status_code == 200
    return replies_of(response)


def test_after_retention_nothing_old_leads_to_the_number(hotline_app, monkeypatch):  # noqa: F811
    """What the bot says (our_records): after the set time, the words and the number go, only
    counts stay. A closed case no longer points to the person; a number idle that long is
    gone; an opted-out one keeps only its keyed hash, so STOP is still honoured."""
    sessions = hotline_app.extensions["hotline.sessions"]
    rt = runtime.current()
    rt.clock = lambda: utcnow() - OLD
    run_whole_conversation(hotline_app, monkeypatch)
    text(hotline_app, "hi", STOPPED)
    text(hotline_app, "STOP", STOPPED)
    with sessions.begin() as session:
        session.execute(update(Case).values(status="closed", closed_at=utcnow() - OLD))
    rt.clock = utcnow
    text(hotline_app, "hello again today", TODAY)
    with sessions() as session:
        texter_id = find_contact(session, TEXTER).id
        stopped_id = find_contact(session, STOPPED).id
    before_figures = figures_now(sessions)

    result = hotline_app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output
    assert "numbers" in result.output

    readable = " ".join(str(value) for value in read_everything(sessions))
    for form in NUMBER_FORMS:
        assert form not in readable, form
    assert STOPPED not in readable
    assert TODAY in readable  # texted within the period: kept
    assert figures_now(sessions) == before_figures
    with sessions() as session:
        assert find_contact(session, TEXTER) is None
        assert session.scalars(select(Case.contact_id)).all() == [None]
        for contact_id in (texter_id, stopped_id):
            assert session.get(ConversationSession, contact_id) is None
        # The opted-out row leads to no text; the other number's row is a numberless stand-in
        # whose texts say only the day (for the count of people who texted).
        assert session.scalar(select(func.count()).where(Message.contact_id == stopped_id)) == 0
        stand_in = session.get_one(Contact, texter_id)
        assert stand_in.phone == "" and stand_in.phone_hash.startswith(ERASED_HASH_PREFIX)
        left = session.scalars(select(Message).where(Message.contact_id == texter_id)).all()
        assert len(left) == 1
        assert (left[0].purpose, left[0].sid, left[0].case_id) == (STAND_IN_PURPOSE, None, None)
        kept = find_contact(session, STOPPED)
        assert kept.id == stopped_id and kept.opted_out and kept.phone == ""
    again = hotline_app.test_cli_runner().invoke(args=["retention", "run"])
    assert again.exit_code == 0, again.output
    assert "0 idle numbers forgotten" in again.output  # a second run changes nothing
    assert figures_now(sessions) == before_figures
    # The opt-out is still honoured; the other number starts afresh, as a stranger.
    assert text(hotline_app, "hi", STOPPED) == []
    assert "not an emergency service" in " ".join(text(hotline_app, "hi", TEXTER))


def test_a_number_still_in_touch_keeps_its_open_case_but_not_its_old_closed_one(
    hotline_app,  # noqa: F811
    monkeypatch,
):
    """A case never closed keeps its person and details (README: only erasure removes them);
    a closed one past the period is unlinked even while the person still texts, and their
    old texts keep only the day they were sent, but for the conversation that opened the
    open case (its page shows it)."""
    sessions = hotline_app.extensions["hotline.sessions"]
    rt = runtime.current()
    rt.clock = lambda: utcnow() - OLD
    run_whole_conversation(hotline_app, monkeypatch)
    with sessions.begin() as session:
        session.execute(update(Case).values(status="closed", closed_at=utcnow() - OLD))
    rt.clock = lambda: utcnow() - timedelta(days=95)
    for body in ("menu", "1", "1", "amherst", "text", "any time", "peers", "Sam", "yes"):
        text(hotline_app, body, TEXTER)
    rt.clock = utcnow
    with sessions() as session:
        texter_id = find_contact(session, TEXTER).id
        old_case, open_case = session.scalars(select(Case.id).order_by(Case.id)).all()
        old_times = set(
            session.scalars(
                select(Message.created_at).where(
                    Message.contact_id == texter_id,
                    Message.created_at < utcnow() - timedelta(days=97),
                )
            )
        )
    before_figures = figures_now(sessions)

    result = hotline_app.test_cli_runner().invoke(args=["retention", "run"])
    assert result.exit_code == 0, result.output

    # Nothing links the old case to the person now: counted as one more person with a case.
    (cases, tables), (before_cases, before_tables) = figures_now(sessions), before_figures
    assert cases == before_cases and len(tables) == len(before_tables)
    for name, rows in tables.items():
        if name != "summary":
            assert rows == before_tables[name], name
    changed = set(tables["summary"]) ^ set(before_tables["summary"])
    assert changed == {(PEOPLE_WITH_A_CASE, 1), (PEOPLE_WITH_A_CASE, 2)}
    with sessions() as session:
        assert find_contact(session, TEXTER).id == texter_id
        assert session.get_one(Case, old_case).contact_id is None
        kept = session.get_one(Case, open_case)
        assert kept.contact_id == texter_id and "Sam" in (kept.details or "")
        theirs = select(Message).where(Message.contact_id == texter_id)
        times = {message.created_at for message in session.scalars(theirs)}
        assert times and not times & old_times, sorted(times & old_times)
        assert all(message.case_id != old_case for message in session.scalars(theirs))
