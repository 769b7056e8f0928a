"""Retention: words older than RETENTION_DAYS go; rows and figures stay; run daily."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from hotline.figures import compute_figures
from hotline.retention import RETENTION_JOB_PREFIX, run_retention
from models import Case, CaseEvent, ConversationSession, Message, utcnow
from routing import runtime
from routing.queues import RQJobQueue
from tests.conftest import post_signed, sms_form
from tests.test_privacy_logs import (
    hotline_app,  # noqa: F401 - a fixture
    run_whole_conversation,
)

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
    assert after["messages"] == before["messages"]  # rows stay
    assert after["events"] == before["events"]
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
