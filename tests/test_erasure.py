"""Erasing one person: their number, words, conversation and case details go; de-identified
case rows (and so the figures) stay; an opt-out outlives erasure; admins only, audited."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from hotline import figures
from hotline.api import create_partner
from hotline.contacts import find_contact, get_or_create_contact
from hotline.erasure import erase_person
from models import (
    AuditLog,
    Case,
    Contact,
    Message,
    OptOutEvent,
    PartnerReferral,
    Responder,
    utcnow,
)
from routing import jobs
from routing.claims import claim_case
from routing.commands import handle_responder_text
from routing.sending import queue_sms
from tests.conftest import post_signed, sms_form
from tests.routing_support import (
    add_case,
    add_responder,
    events_of,
    offers_of,
    texts_to,
)
from tests.test_admin_auth import add_user, csrf_token, log_in
from tests.test_end_to_end import COACH_A, replies_of
from tests.test_privacy_encryption import (
    PARTNER_NOTES,
    PARTNER_PHONE,
    raw_dump,
    read_everything,
    refer_by_partner,
)
from tests.test_privacy_logs import (
    NAME,
    NUMBER_FORMS,
    TEXTER,
    hotline_app,  # noqa: F401 - a fixture
    run_whole_conversation,
)
from tests.test_retention import figures_now

STOPPED = "+14135550145"


@pytest.fixture
def populated(hotline_app, monkeypatch):  # noqa: F811
    run_whole_conversation(hotline_app, monkeypatch)
    refer_by_partner(hotline_app)
    client = hotline_app.test_client()
    for body in ("hi", "STOP"):
        post_signed(client, "/twilio/sms", sms_form(body, STOPPED))
    return hotline_app


def everything_readable(app) -> str:
    return "\n".join(str(value) for value in read_everything(app.extensions["hotline.sessions"]))


def admin_erase(client, phone: str, confirm: str = "ERASE"):
    token = csrf_token(client, "/admin/privacy/erase")
    review = client.post("/admin/privacy/erase", data={"csrf_token": token, "phone": phone})
    assert review.status_code == 200, review.data
    page = review.get_data(as_text=True)
    assert phone not in page.split('name="phone" value="')[0]  # shown masked only
    if "Nothing is held" not in page:  # what erasure does with their texts: deleted, not kept
        assert "deleted" in page and "lose their words" not in page
    return client.post(
        "/admin/privacy/erase/confirm",
        data={"csrf_token": token, "phone": phone, "confirm": confirm},
    )


def test_erasure_removes_the_person_and_keeps_the_figures(populated):
    app = populated
    sessions = app.extensions["hotline.sessions"]
    before_figures = figures_now(sessions)
    assert TEXTER in everything_readable(app)
    add_user(app, "admin@example.org", "admin")
    client = app.test_client()
    log_in(client, "admin@example.org")

    refused = admin_erase(client, TEXTER, confirm="erase it")
    assert refused.status_code == 422  # the confirmation word is required
    assert TEXTER in everything_readable(app)
    done = admin_erase(client, TEXTER)
    assert done.status_code == 302
    result = app.test_cli_runner().invoke(args=["privacy", "erase", PARTNER_PHONE, "--yes"])
    assert result.exit_code == 0, result.output

    readable = everything_readable(app)
    digits = re.sub(r"\D", "", readable)
    for form in NUMBER_FORMS:
        assert form not in readable, form
    assert "4135550123" not in digits and "4135550177" not in digits
    assert NAME not in readable  # gone from the case, the conversation and the claim reply
    assert PARTNER_NOTES not in readable
    # The counts stay; only the two cases still open are now closed.
    before_cases, before_tables = before_figures
    after_cases, after_tables = figures_now(sessions)
    assert after_cases == before_cases
    assert {k: v for k, v in after_tables.items() if k != "outcomes"} == {
        k: v for k, v in before_tables.items() if k != "outcomes"
    }
    # Closed on erasure, and said so: not mixed with cases staff closed as "other".
    assert after_tables["outcomes"] == [(figures.ERASED, 2)]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 2  # rows stay
        assert find_contact(session, TEXTER) is None  # unlinked: they were not opted out
        erased = session.scalars(select(AuditLog).where(AuditLog.action == "person.erase")).all()
        assert len(erased) == 2
        assert all(TEXTER not in str(entry.data) + entry.target for entry in erased)
    # Texting again starts afresh, as a stranger.
    fresh = post_signed(app.test_client(), "/twilio/sms", sms_form("hi", TEXTER))
    assert "not an emergency service" in " ".join(replies_of(fresh))


def test_an_opted_out_number_stays_opted_out_after_erasure(populated):
    app = populated
    result = app.test_cli_runner().invoke(args=["privacy", "erase", STOPPED, "--yes"])
    assert result.exit_code == 0, result.output
    sessions = app.extensions["hotline.sessions"]
    with sessions() as session:
        contact = find_contact(session, STOPPED)  # found by the keyed hash alone
        assert contact is not None and contact.opted_out and contact.phone == ""
        assert session.scalar(select(func.count()).select_from(OptOutEvent)) >= 1
        assert (
            queue_sms(
                session, contact=contact, body="hello", purpose="notice", idempotency_key="e:1"
            )
            is None
        )
        session.rollback()
    # A text from them is stored but never answered, as before erasure.
    again = post_signed(app.test_client(), "/twilio/sms", sms_form("hi", STOPPED))
    assert replies_of(again) == []
    assert STOPPED not in everything_readable(app).replace(TEXTER, "")


def test_the_command_asks_for_the_number_so_it_stays_off_the_command_line(populated):
    """A command line is kept where a number must not be: shell history, the process list,
    and the platform's log of each one-off command run ("Starting process with command …")."""
    app = populated
    result = app.test_cli_runner().invoke(args=["privacy", "erase", "--yes"], input=STOPPED + "\n")
    assert result.exit_code == 0, result.output
    assert "Erased:" in result.output
    with app.extensions["hotline.sessions"]() as session:
        assert find_contact(session, STOPPED).phone == ""


def test_only_admins_erase_and_responders_are_refused(populated):
    app = populated
    for role in ("viewer", "coordinator"):
        add_user(app, f"{role}@example.org", role)
        client = app.test_client()
        log_in(client, f"{role}@example.org")
        assert client.get("/admin/privacy/erase").status_code == 403
        token = csrf_token(client, "/admin/figures")
        for path in ("/admin/privacy/erase", "/admin/privacy/erase/confirm"):
            response = client.post(
                path, data={"csrf_token": token, "phone": TEXTER, "confirm": "ERASE"}
            )
            assert response.status_code == 403, (role, path)
    with app.extensions["hotline.sessions"]() as session:
        assert find_contact(session, TEXTER).phone == TEXTER
    add_user(app, "admin@example.org", "admin")
    client = app.test_client()
    log_in(client, "admin@example.org")
    token = csrf_token(client, "/admin/privacy/erase")
    response = client.post("/admin/privacy/erase", data={"csrf_token": token, "phone": COACH_A})
    assert response.status_code == 409
    assert "responder" in response.get_data(as_text=True)
    cli = app.test_cli_runner().invoke(args=["privacy", "erase", COACH_A, "--yes"])
    assert cli.exit_code != 0 and "responder" in cli.output
    with app.extensions["hotline.sessions"]() as session:
        assert "" not in session.scalars(select(Contact.phone)).all()
        assert session.scalar(select(func.count()).where(Message.body.is_(None))) == 0


# ---- open cases, what responders texted, partner records -------------------------------------


@pytest.mark.parametrize("claimed", [False, True])
def test_erasure_closes_the_persons_open_cases(world, claimed):
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        add_responder(session, "Dee", "coordinator")
        person = get_or_create_contact(session, TEXTER, world.clock())
        case_id = add_case(session, now=world.clock(), contact=person).id
        done = add_case(session, now=world.clock(), contact=person)
        done.status, done.outcome, done.closed_at = "closed", "declined", world.clock()
        done_id = done.id
    jobs.route_case(case_id)
    if claimed:
        with world.sessions.begin() as session:
            case = session.get_one(Case, case_id)
            cora_row = session.get_one(Responder, cora.id)
            assert claim_case(session, case, cora_row, world.clock(), world.settings).ok
    world.clock.advance(minutes=2)
    token = session_value(world, case_id, Case.escalation_token)
    with world.sessions.begin() as session:
        report = erase_person(session, TEXTER, world.clock())
    assert (report.cases, report.cases_closed) == (2, 1)
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert (case.status, case.outcome) == ("closed", "other")
        assert (case.escalation_token, case.next_escalation_at) == (None, None)
        assert {offer.status for offer in offers_of(session, case_id)} <= {"closed", "claimed"}
        assert events_of(session, case_id)[-1] == "closed"
        assert session.get_one(Case, done_id).outcome == "declined"  # closed before: left alone
        # Its holder, who has the number, is told by the case's code alone to delete it.
        assert texts_to(session, cora, "case_closed") == (
            [
                f"Case {case.code} was closed: the person asked us to erase their data. Please "
                "don't contact them, and delete their number from your phone."
            ]
            if claimed
            else []
        )
        offers_before = len(texts_to(session, cora, "offer"))
    # A timer armed before the erasure finds nothing to do, and nobody may claim the case.
    world.clock.advance(minutes=30)
    jobs.escalate_case(case_id, token)
    with world.sessions.begin() as session:
        contact = session.get_one(Contact, cora.contact_id)
        handle_responder_text(session, contact, f"CLAIM {case.code}", world.clock())
    with world.sessions() as session:
        assert len(texts_to(session, cora, "offer")) == offers_before
        assert session.get_one(Case, case_id).claimed_by_id == (cora.id if claimed else None)


def session_value(world, case_id: int, column):
    with world.sessions() as session:
        return session.scalar(select(column).where(Case.id == case_id))


def test_erasure_removes_what_a_responder_texted_about_the_case(hotline_app):  # noqa: F811
    client = hotline_app.test_client()
    for body in ("hi", "1", "1", "northampton", "call", "evening", "peers", "Jo", "yes"):
        assert post_signed(client, "/twilio/sms", sms_form(body, TEXTER)).status_code == 200
    with hotline_app.extensions["hotline.sessions"]() as session:
        code = session.scalars(select(Case.code)).one()
    replies = []
    for body in (
        f"CLAIM {code}",
        f"NOTE {code} met her at the Elm St shelter, red coat, staying with her aunt",
        f"CONTACTED {code}",
        # Codes are read in any case; the note names the code in lower case.
        f"CLOSE {code.lower()} connected_to_services moved in with her aunt on Maple Ave",
        "CASES",
    ):
        response = post_signed(client, "/twilio/sms", sms_form(body, COACH_A))
        assert response.status_code == 200
        replies.append(" ".join(replies_of(response)))
    assert "Elm St shelter" in everything_readable(hotline_app)
    result = hotline_app.test_cli_runner().invoke(args=["privacy", "erase", TEXTER, "--yes"])
    assert result.exit_code == 0, result.output
    readable = everything_readable(hotline_app)
    assert "Elm St shelter" not in readable
    assert "Maple Ave" not in readable
    # What the responder texted about nothing of theirs stays: CASES and its answer.
    assert "CASES" in readable and replies[-1] in readable


def test_erasure_deletes_the_partners_record_of_the_referral(hotline_app, engine):  # noqa: F811
    sessions = hotline_app.extensions["hotline.sessions"]
    with sessions.begin() as session:
        _, key = create_partner(session, "Northampton PD", utcnow())
    body = {"phone": PARTNER_PHONE, "referral_type": "post_overdose"}
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "ref-1"}
    client = hotline_app.test_client()
    assert client.post("/api/referrals", json=body, headers=headers).status_code == 201
    with sessions() as session:
        (stored,) = session.scalars(select(PartnerReferral.request_hash)).all()
        (referred,) = session.scalars(select(Case.referred_phone_hash)).all()
    assert referred is not None
    unkeyed = hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()
    # Someone with the number and the database alone cannot confirm the referral by guessing.
    assert stored != unkeyed
    result = hotline_app.test_cli_runner().invoke(args=["privacy", "erase", PARTNER_PHONE, "--yes"])
    assert result.exit_code == 0, result.output
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(PartnerReferral)) == 0
        assert session.scalar(select(func.count()).select_from(Case)) == 1
    assert stored not in raw_dump(engine)
    # Nor is the case found by the number any more.
    assert referred not in raw_dump(engine)


def test_a_case_code_that_spells_a_word_erases_only_that_cases_texts(world):
    """Codes are 4 letters from an alphabet that spells words (TAKE, THAT, HAVE, NEED...).
    Erasing a person whose case is TAKE must not wipe (or stop sending) the offer of another
    person's case, whose text says 'Reply CLAIM ... to take it'."""
    from hotline.contacts import get_or_create_contact
    from hotline.erasure import erase_person
    from models import Message

    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        add_responder(session, "Dee", "coordinator")
        person = get_or_create_contact(session, "+14135550166", world.clock())
        erased = add_case(session, now=world.clock(), contact=person)
        erased.code = "TAKE"
        erased_id = erased.id
    with world.sessions.begin() as session:  # someone else's case
        other_id = add_case(session, now=world.clock()).id
    jobs.route_case(other_id)
    with world.sessions() as session:
        (offer_id,) = session.scalars(
            select(Message.id)
            .where(Message.case_id == other_id, Message.purpose == "offer")
            .where(Message.contact_id == cora.contact_id)
        ).all()
        assert "to take it" in session.get_one(Message, offer_id).body
    with world.sessions.begin() as session:
        erase_person(session, "+14135550166", world.clock())
    with world.sessions() as session:
        assert session.get_one(Case, erased_id).status == "closed"
        # The other person's offer, still queued, must keep its words (or it is never sent).
        assert session.get_one(Message, offer_id).body is not None


@pytest.mark.parametrize("opted_out", [True, False])
def test_erasure_forgets_a_refusal_of_police_like_the_rest(session, opted_out):
    """Only an opt-out outlives erasure: the row keeps the hash and nothing else."""
    contact = get_or_create_contact(session, STOPPED, utcnow())
    contact.refuses_police = True
    contact.opted_out_at = utcnow() if opted_out else None
    session.commit()
    erase_person(session, STOPPED, utcnow())
    session.commit()
    erased = session.get_one(Contact, contact.id)
    assert (erased.refuses_police, erased.opted_out) == (False, opted_out)


def test_erasure_removes_what_a_responder_texted_from_a_number_they_no_longer_have(
    hotline_app,  # noqa: F811
):
    """A responder who changes phones keeps their roster row; what they texted from the old
    number about a person (the CLAIM reply with the person's number, a NOTE) goes with erasure
    all the same."""
    client = hotline_app.test_client()
    for body in ("hi", "1", "1", "northampton", "call", "evening", "peers", "Jo", "yes"):
        assert post_signed(client, "/twilio/sms", sms_form(body, TEXTER)).status_code == 200
    sessions = hotline_app.extensions["hotline.sessions"]
    with sessions() as session:
        code = session.scalars(select(Case.code)).one()
    for body in (f"CLAIM {code}", f"NOTE {code} met her at the Elm St shelter, red coat"):
        assert post_signed(client, "/twilio/sms", sms_form(body, COACH_A)).status_code == 200
    with sessions() as session:
        coach = session.scalars(
            select(Responder).where(Responder.contact_id == find_contact(session, COACH_A).id)
        ).one()
        coach_id, coach_name = coach.id, coach.name
    add_user(hotline_app, "coordinator@example.org", "coordinator")
    staff = hotline_app.test_client()
    assert log_in(staff, "coordinator@example.org").status_code == 302
    page = f"/admin/roster/responders/{coach_id}"
    changed = staff.post(
        page,
        data={
            "csrf_token": csrf_token(staff, page),
            "name": coach_name,
            "phone": "+14135550199",
            "roles": "recovery_coach",
            "languages": "en",
        },
    )
    assert changed.status_code == 302, changed.data
    readable = everything_readable(hotline_app)
    assert "Elm St shelter" in readable and any(form in readable for form in NUMBER_FORMS)

    result = hotline_app.test_cli_runner().invoke(args=["privacy", "erase", TEXTER, "--yes"])
    assert result.exit_code == 0, result.output
    readable = everything_readable(hotline_app)
    assert "Elm St shelter" not in readable
    assert not any(form in readable for form in NUMBER_FORMS)


def erase_while_texting(pg_engine, redis_conn, in_flight, cases: int = 1):
    """Erase the texter while a text of theirs is being handled on another thread: it holds
    their contact lock and, half a second in, does ``in_flight(session, texter, case_ids)``.
    Returns the erasure's report, the sessionmaker and the cases made before."""
    import threading
    import time

    from hotline.contacts import contact_lock
    from models.session import make_sessionmaker
    from tests.conftest import make_settings
    from tests.routing_support import T0, routing_world

    url = pg_engine.url.render_as_string(hide_password=False)
    sessions = make_sessionmaker(pg_engine)
    with routing_world(sessions, make_settings(url), redis_conn):
        with sessions.begin() as session:
            person = get_or_create_contact(session, TEXTER, T0)
            person_id = person.id
            case_ids = [add_case(session, now=T0, contact=person).id for _ in range(cases)]
        locked, errors = threading.Event(), []

        def text_in_flight() -> None:
            try:
                with sessions.begin() as session, contact_lock(session, person_id) as texter:
                    locked.set()
                    time.sleep(0.5)  # the erasure starts meanwhile
                    in_flight(session, texter, case_ids)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        thread = threading.Thread(target=text_in_flight)
        thread.start()
        assert locked.wait(timeout=10)
        with sessions.begin() as session:
            report = erase_person(session, TEXTER, T0)
        thread.join(timeout=10)
    assert errors == []
    return report, sessions, case_ids


def test_erasure_waits_for_a_text_in_flight_instead_of_deadlocking(pg_engine, redis_conn):
    """A text being handled holds the person's contact lock and may then lock their cases (a
    withdrawal, an opt-out); an erasure at that moment takes the contact first too, so it
    waits for the text rather than holding the cases and waiting for the contact."""
    from routing.escalation import lock_case

    report, sessions, (case_id,) = erase_while_texting(
        pg_engine, redis_conn, lambda session, _texter, ids: lock_case(session, ids[0])
    )
    assert report.cases == 1
    with sessions() as session:
        assert session.get_one(Case, case_id).contact_id is None


def test_erasure_takes_in_a_case_opened_by_the_text_it_waited_for(pg_engine, redis_conn):
    """The text an erasure waits for may open a case (a request for help): the erasure reads
    the person's cases once it holds the lock, so that case is erased with the rest, not left
    with their details and linked to them."""
    from tests.routing_support import T0

    opened = []

    def open_a_case(session, texter, _ids) -> None:
        case = add_case(session, now=T0, contact=texter.contact, details={"name": "Robin"})
        opened.append(case.id)

    report, sessions, (first_id,) = erase_while_texting(pg_engine, redis_conn, open_a_case)
    assert report.cases == 2
    with sessions() as session:
        for case_id in (first_id, *opened):
            case = session.get_one(Case, case_id)
            assert (case.contact_id, case.details) == (None, None)


def test_erasure_keeps_an_opt_out_sent_by_the_text_it_waited_for(pg_engine, redis_conn):
    """A STOP handled while the erasure waited must outlive it: the number's hash stays."""
    from routing.opt_outs import record_opt_out
    from tests.routing_support import T0

    def stop(session, texter, _ids) -> None:
        record_opt_out(session, texter.contact, T0, source="keyword")

    report, sessions, _ = erase_while_texting(pg_engine, redis_conn, stop, cases=0)
    assert report.opted_out_kept is True
    with sessions() as session:
        assert find_contact(session, TEXTER).opted_out


# ---- after erasure, nothing links the kept opt-out to anything ------------------------------

OPTED = "+14135550178"


def test_an_erased_opt_out_is_linked_to_no_message_case_or_search(hotline_app, engine):  # noqa: F811
    """The kept hash finds the opted-out row; from it, nothing may lead to the person's cases,
    their times or their naloxone search: no row names the contact, and the row's own dates
    (the opt-out day) match no message, case or search time. Responders' free texts about the
    case go too, whatever case the name is typed in."""
    from sqlalchemy import MetaData

    client = hotline_app.test_client()
    sessions = hotline_app.extensions["hotline.sessions"]

    def texted(body: str, sender: str = OPTED) -> None:
        assert post_signed(client, "/twilio/sms", sms_form(body, sender)).status_code == 200

    texted("narcan 01060")
    for body in ("menu", "1", "1", "amherst", "call", "morning", "peers", "Maria Lopez", "yes"):
        texted(body)
    with sessions.begin() as session:
        code = session.scalars(select(Case.code)).one()
        _, key = create_partner(session, "Cooley ED", utcnow())
    referral = {"phone": OPTED, "referral_type": "post_overdose", "consent_to_text": True}
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": "ref-9"}
    assert client.post("/api/referrals", json=referral, headers=headers).status_code == 201
    for body in (
        f"CLAIM {code}",
        "Maria wasnt home, will try tmrw",
        "maria lopez called back, wants the Tuesday group",
        f"CONTACTED {code}",
    ):
        texted(body, COACH_A)
    texted("STOP")
    with sessions() as session:
        contact_id = find_contact(session, OPTED).id
        case_ids = set(session.scalars(select(Case.id)))
    assert len(case_ids) == 2

    result = hotline_app.test_cli_runner().invoke(args=["privacy", "erase", OPTED, "--yes"])
    assert result.exit_code == 0, result.output
    assert "2 cases" in result.output  # the partner case, linked to the contact, once

    readable = everything_readable(hotline_app)
    assert "wasnt home" not in readable.lower() and "tuesday group" not in readable.lower()
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name in ("contacts", "opt_out_events") or "contact_id" not in table.c:
                continue
            rows = connection.execute(
                select(func.count()).select_from(table).where(table.c.contact_id == contact_id)
            ).scalar()
            assert rows == 0, table.name
    with sessions() as session:
        kept = session.get_one(Contact, contact_id)
        kept_times = {kept.created_at, kept.opted_out_at}
        kept_times |= set(
            session.scalars(select(OptOutEvent.at).where(OptOutEvent.contact_id == contact_id))
        )
        case_times = session.scalars(select(Case.created_at)).all()
    # Only the day of the opt-out is kept (its local midnight): no time close to a case's.
    assert None not in kept_times and len(kept_times) == 1
    (kept_time,) = kept_times
    local = (kept_time if kept_time.tzinfo else kept_time.replace(tzinfo=UTC)).astimezone(
        ZoneInfo("America/New_York")
    )
    assert local.time() == time(0)
    assert all(moment != kept_time for moment in case_times)
    with sessions() as session:
        assert find_contact(session, OPTED).opted_out  # still never texted


# ---- the admin's two steps ------------------------------------------------------------------


def test_the_erase_form_keeps_the_number_and_takes_the_word_in_any_case(client, sessions):
    from models.session import session_scope
    from tests.routing_support import add_contact
    from tests.staff_pages import post_form, sign_in

    with session_scope(sessions) as session:
        add_case(session, contact=add_contact(session, "+14135550166"))
    sign_in(client, sessions, "admin")
    # Step one: a number that cannot be read stays in the form, to be corrected.
    unread = post_form(client, "/admin/privacy/erase", {"phone": "413-555-01x"})
    assert unread.status_code == 422
    assert 'value="413-555-01x"' in unread.text and "not a valid phone number" in unread.text
    # Step two: a word other than ERASE erases nothing and keeps the number looked up.
    typed = {"phone": "+14135550166", "confirm": "erase it"}
    refused = post_form(client, "/admin/privacy/erase/confirm", typed)
    assert refused.status_code == 422
    assert "Type ERASE to confirm. Nothing was erased." in refused.text
    assert 'name="phone" value="+14135550166"' in refused.text
    with sessions() as session:
        assert find_contact(session, "+14135550166").phone == "+14135550166"
    # An unreadable number at step two is kept as well.
    garbled = {"phone": "+1413555", "confirm": "ERASE"}
    kept = post_form(client, "/admin/privacy/erase/confirm", garbled)
    assert kept.status_code == 422 and 'value="+1413555"' in kept.text
    # The word itself, lower case with spaces around it, is the admin's confirmation.
    typed["confirm"] = "  erase "
    done = post_form(client, "/admin/privacy/erase/confirm", typed)
    assert done.status_code == 302
    with sessions() as session:
        assert find_contact(session, "+14135550166") is None
        assert session.scalar(select(Case.contact_id)) is None
