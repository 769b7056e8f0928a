"""A person promised contact "within 24 hours" whom nobody has reached by then hears from us
once: we are sorry, we are still trying, the program's number, and 911."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from flows.script import shipped_flow_text
from flows.validate import validate_sources
from hotline.admin.case_words import event_phrase
from hotline.contacts import team_numbers
from hotline.erasure import erase_person
from hotline.flow_editing import latest_version, publish, save_draft
from hotline.flow_store import install_shipped_flows
from models import Case, CaseEvent, Contact, Message, Responder
from routing import jobs
from routing.claims import claim_case
from routing.intake import create_case
from routing.still_trying import texting_moment
from routing.sweep import sweep
from tests.routing_support import (
    T0,
    add_case,
    add_contact,
    add_responder,
    events_of,
    person_texts,
    responder_text,
)

DEADLINE = T0 + timedelta(hours=24, minutes=2)


@pytest.fixture
def team(world):
    with world.sessions.begin() as session:
        return {
            "coach": add_responder(session, "Cora", "recovery_coach"),
            "coord": add_responder(session, "Dee", "coordinator"),
        }


def new_case(world, **kw) -> tuple[int, int | None]:
    """A routed case and its person's contact id."""
    with world.sessions.begin() as session:
        case = add_case(session, now=world.clock(), **kw)
        ids = case.id, case.contact_id
    jobs.route_case(ids[0])
    return ids


def texts_to_person(world, contact_id: int | None) -> list[Message]:
    with world.sessions() as session:
        return list(
            session.scalars(
                select(Message)
                .where(Message.contact_id == contact_id, Message.direction == "out")
                .order_by(Message.id)
            )
        )


def at_the_deadline(world, case_id: int) -> None:
    """The deadline job, run twice as a retry would, then the sweep."""
    world.clock.now = DEADLINE
    jobs.deadline_check(case_id)
    jobs.deadline_check(case_id)
    sweep(DEADLINE + timedelta(minutes=5))


def test_an_unclaimed_case_at_its_deadline_texts_the_person_once(world, team):
    case_id, contact_id = new_case(world)
    at_the_deadline(world, case_id)
    (text,) = texts_to_person(world, contact_id)
    assert text.purpose == "still_trying" and text.channel == "rest"
    assert text.case_id == case_id
    assert text.body == (
        "Hampshire HOPE Line: we're sorry we haven't reached you yet. We're still trying. If you "
        "need help sooner, call 413-555-0100. If someone is overdosing, call 911."
    )
    assert text.segments == 1
    with world.sessions() as session:
        assert events_of(session, case_id).count("person_told") == 1
        # A person is not a responder because we texted them first.
        assert contact_id not in set(session.scalars(team_numbers()))


def test_a_spanish_speaker_hears_it_in_spanish(world, team):
    case_id, contact_id = new_case(world, language="es")
    at_the_deadline(world, case_id)
    (text,) = texts_to_person(world, contact_id)
    assert text.body.startswith("Hampshire HOPE Line: lamentamos no haber podido contactarle")
    assert "llame al 413-555-0100" in text.body and "911" in text.body


def test_nobody_texts_a_person_who_opted_out(world, team):
    case_id, contact_id = new_case(world)
    with world.sessions.begin() as session:
        session.get_one(Contact, contact_id).opted_out_at = T0 + timedelta(hours=1)
    at_the_deadline(world, case_id)
    assert texts_to_person(world, contact_id) == []
    with world.sessions() as session:
        line = session.scalar(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "person_not_told"
            )
        )
        assert line.data == {"reason": "opted_out"}


def test_a_claimed_case_is_left_to_its_holder(world, team):
    case_id, contact_id = new_case(world)
    with world.sessions.begin() as session:
        assert claim_case(
            session, session.get_one(Case, case_id), session.get_one(type(team["coach"]),
            team["coach"].id), world.clock(), world.settings,
        ).ok  # fmt: skip
    at_the_deadline(world, case_id)
    assert texts_to_person(world, contact_id) == []


def test_a_partner_referral_is_texted_only_with_consent(world, team):
    with world.sessions.begin() as session:
        consented = add_contact(session)
        common = {
            "kind": "partner", "now": T0, "response_window_hours": 24, "breach_hours": 48,
            "source": "partner", "details": {"referral_type": "post_overdose"},
        }  # fmt: skip
        with_consent = create_case(session, contact=consented, **common).id
        # Without consent to text the case keeps the number only in its details.
        without = create_case(session, contact=None, **common).id
        consented_id = consented.id
    for case_id in (with_consent, without):
        jobs.route_case(case_id)
        at_the_deadline(world, case_id)
    (text,) = texts_to_person(world, consented_id)
    assert text.case_id == with_consent
    with world.sessions() as session:
        to_nobody = select(Message.id).where(Message.case_id == without)
        assert session.scalar(to_nobody.where(Message.purpose == "still_trying")) is None
        assert "person_not_told" not in events_of(session, without)


def test_the_words_are_the_published_system_flows(world, team, sessions):
    with sessions.begin() as session:
        install_shipped_flows(session, T0)
        body = shipped_flow_text("system").replace(
            "we're sorry we haven't reached you yet", "we haven't been able to reach you yet"
        )
        base = latest_version(session, "system").version
        draft = save_draft(session, "system", body, base, "admin", now=T0)
        publish(session, "system", draft.version, "admin", now=T0)
    case_id, contact_id = new_case(world)
    at_the_deadline(world, case_id)
    (text,) = texts_to_person(world, contact_id)
    assert "we haven't been able to reach you yet" in text.body


def test_the_text_must_say_911_and_only_the_system_flow_sets_it():
    body = shipped_flow_text("system")
    without_911 = body.replace("If someone is overdosing, call 911.", "Take care.")
    problems = validate_sources({"system": without_911})
    assert any(p.path == "strings.still_trying.en" and "911" in p.message for p in problems)


def test_erasure_removes_the_text_to_the_person(world, team):
    case_id, contact_id = new_case(world)
    at_the_deadline(world, case_id)
    (text,) = texts_to_person(world, contact_id)
    with world.sessions.begin() as session:
        phone = session.get_one(Contact, contact_id).phone
        erase_person(session, phone, DEADLINE)
    # The text is gone with the rest of the person's texts, not kept with no words.
    assert texts_to_person(world, contact_id) == []
    with world.sessions() as session:
        assert session.get(Message, text.id) is None


def test_a_person_with_two_cases_nobody_has_reached_is_told_once(world, team):
    """A partner referred Sam with consent to text; three hours later Sam texts in and makes a
    case of their own. Neither is claimed by its deadline: one "still trying" is enough."""
    with world.sessions.begin() as session:
        sam = add_contact(session)
        referral = create_case(
            session, contact=sam, kind="partner", now=T0, response_window_hours=24,
            breach_hours=48, source="partner", details={"referral_type": "post_overdose"},
        ).id  # fmt: skip
        own = add_case(session, now=T0 + timedelta(hours=3), contact=sam).id
        sam_id = sam.id
    for case_id in (referral, own):
        jobs.route_case(case_id)
    at_the_deadline(world, referral)
    world.clock.now = DEADLINE + timedelta(hours=3)
    jobs.deadline_check(own)
    (text,) = texts_to_person(world, sam_id)
    assert text.case_id == referral
    with world.sessions() as session:
        (line,) = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == own, CaseEvent.kind == "person_not_told")
        )
        assert line.data["reason"] == "told_already"
    assert "about another case" in event_phrase(line.kind, line.data, {})


def test_a_person_reached_since_they_were_told_is_told_again_about_a_new_case(world, team):
    with world.sessions.begin() as session:
        sam = add_contact(session)
        first = add_case(session, now=T0, contact=sam).id
        sam_id = sam.id
    jobs.route_case(first)
    at_the_deadline(world, first)
    with world.sessions.begin() as session:
        case = session.get_one(Case, first)
        coach = session.get_one(Responder, team["coach"].id)
        assert claim_case(session, case, coach, DEADLINE, world.settings).ok
    responder_text(world, team["coach"].id, "CONTACTED")
    with world.sessions.begin() as session:
        second = add_case(session, now=DEADLINE, contact=session.get_one(Contact, sam_id)).id
    jobs.route_case(second)
    world.clock.now = DEADLINE + timedelta(hours=24, minutes=2)
    jobs.deadline_check(second)
    assert [text.case_id for text in texts_to_person(world, sam_id)] == [first, second]


NY = "America/New_York"


@pytest.mark.parametrize(
    ("local", "best_time", "expected"),
    [
        # Quiet from 9 PM to 8 AM: a deadline in the night waits for 8 AM.
        ((2024, 6, 5, 1, 30), None, (2024, 6, 5, 8, 0)),
        ((2024, 6, 5, 21, 0), None, (2024, 6, 6, 8, 0)),
        ((2024, 6, 5, 7, 59), "any", (2024, 6, 5, 8, 0)),
        # Within the day: at once.
        ((2024, 6, 5, 12, 2), None, (2024, 6, 5, 12, 2)),
        ((2024, 6, 5, 20, 59), "any", (2024, 6, 5, 20, 59)),
        # A time the person chose: its start, and never in the quiet hours.
        ((2024, 6, 5, 12, 2), "evening", (2024, 6, 5, 17, 0)),
        ((2024, 6, 5, 12, 2), "morning", (2024, 6, 6, 8, 0)),
        ((2024, 6, 5, 9, 15), "morning", (2024, 6, 5, 9, 15)),
        ((2024, 6, 5, 1, 30), "afternoon", (2024, 6, 5, 12, 0)),
        ((2024, 6, 5, 22, 0), "evening", (2024, 6, 6, 17, 0)),
        # Their own words ("after 6, ask for Jo") are for the claimer to read: quiet hours only.
        ((2024, 6, 5, 1, 30), "after 6, ask for Jo", (2024, 6, 5, 8, 0)),
        # The night the clocks go back is an hour longer, and 8 AM is still 8 AM.
        ((2024, 11, 3, 1, 30), None, (2024, 11, 3, 8, 0)),
    ],
)
def test_the_text_waits_for_a_reasonable_hour_and_the_time_they_chose(local, best_time, expected):
    zone = ZoneInfo(NY)
    now = datetime(*local, tzinfo=zone).astimezone(UTC)
    moment = texting_moment(now, NY, (21, 8), best_time)
    assert moment.astimezone(zone).timetuple()[:5] == expected
    assert moment >= now


def test_quiet_hours_from_settings_are_kept():
    zone = ZoneInfo(NY)
    now = datetime(2024, 6, 5, 6, 30, tzinfo=zone).astimezone(UTC)
    assert texting_moment(now, NY, (22, 6), None) == now
    assert texting_moment(now, NY, (0, 9), None).astimezone(zone).hour == 9


def test_a_deadline_in_the_night_holds_the_text_until_morning(world, team):
    """01:30: the person hears nothing until 8 AM, through a job armed for then; a job Redis
    lost is made up for by the sweep; either run twice texts once."""
    case_id, contact_id = new_case(world)
    night = T0.replace(hour=5, minute=30) + timedelta(days=1)  # Wed 1:30 AM EDT
    with world.sessions.begin() as session:
        session.get_one(Case, case_id).due_at = night
    world.clock.now = night
    jobs.deadline_check(case_id)
    assert texts_to_person(world, contact_id) == []
    morning = T0.replace(hour=12) + timedelta(days=1)  # Wed 8:00 AM EDT
    assert f"still-trying-{case_id}" in world.scheduled()
    with world.sessions() as session:
        held = session.scalar(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "person_held")
        )
        assert held.data == {"until": morning.isoformat()}
        assert "person_told" not in events_of(session, case_id)
    sweep(morning - timedelta(minutes=5))
    assert texts_to_person(world, contact_id) == []
    sweep(morning + timedelta(minutes=2))  # the job was lost: the sweep sends it
    world.clock.now = morning + timedelta(minutes=3)
    jobs.tell_person_still_trying(case_id)
    (text,) = texts_to_person(world, contact_id)
    assert text.purpose == "still_trying"
    with world.sessions() as session:
        assert events_of(session, case_id).count("person_told") == 1


def test_a_person_who_asked_for_a_call_is_not_texted(world, team):
    case_id, contact_id = new_case(world, contact_method="call")
    at_the_deadline(world, case_id)
    assert texts_to_person(world, contact_id) == []
    with world.sessions() as session:
        line = session.scalar(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "person_not_told"
            )
        )
        assert line.data == {"reason": "asked_for_a_call"}
        assert "they asked for a call" in event_phrase(line.kind, line.data, {})


@pytest.mark.parametrize("asked", ["did anyone get my message", "im not doing good"])
def test_a_person_who_had_the_late_apology_is_not_told_again_at_the_held_hour(world, team, asked):
    """Past a deadline in the night, "did anyone get my message" at 3 AM got "We're sorry it's
    taken longer than we said"; at 8 AM the held "we're sorry we haven't reached you yet"
    followed, as if they had not been answered. Run twice, it is settled once."""
    case_id, contact_id = new_case(world)
    night = T0.replace(hour=5, minute=30) + timedelta(days=1)  # Wed 1:30 AM EDT
    with world.sessions.begin() as session:
        session.get_one(Case, case_id).due_at = night
        phone = session.get_one(Contact, contact_id).phone
    world.clock.now = night
    jobs.deadline_check(case_id)
    world.clock.now = night + timedelta(hours=1, minutes=30)
    (apology,) = person_texts(world, phone, asked)
    assert "sorry" in apology
    morning = T0.replace(hour=12) + timedelta(days=1)  # Wed 8:00 AM EDT
    world.clock.now = morning + timedelta(minutes=1)
    jobs.tell_person_still_trying(case_id)
    jobs.tell_person_still_trying(case_id)
    sweep(morning + timedelta(minutes=5))
    assert [m.purpose for m in texts_to_person(world, contact_id)] == ["reply"]
    with world.sessions() as session:
        events = events_of(session, case_id)
        assert "person_told" not in events and events.count("person_not_told") == 1
        line = session.scalar(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "person_not_told"
            )
        )
        assert line.data == {"reason": "apologised"}
        assert "sorry for the wait" in event_phrase(line.kind, line.data, {})
