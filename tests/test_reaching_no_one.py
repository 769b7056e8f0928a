"""A case nobody is told about: the last coordinator who can be texted is warned at STOP, the
last one on call at OFF; a case that reaches no one says so on its timeline and on the cases
page until someone can be reached; a coordinator who never heard of it is not passed over
by the slower rounds' on-call-only rule."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from hotline.admin.case_words import EVENT_PHRASES
from models import Case, CaseEvent, Contact, Responder
from routing import jobs
from tests.routing_support import (
    RoutingWorld,
    add_case,
    add_responder,
    events_of,
    person_texts,
    texts_to,
)
from tests.staff_pages import sign_in

LAST_COORDINATOR = "You are the last coordinator we can text"
NO_ONE_LEFT = "new cases will reach no one until someone is back on"


def team_of(world: RoutingWorld, **roles: str) -> dict[str, int]:
    """The shipped scripts, and one responder on call all week for each name given."""
    from hotline.flow_store import install_shipped_flows
    from hotline.places_store import load_places

    with world.sessions.begin() as session:
        install_shipped_flows(session, world.clock())
        load_places(session)
        return {name: add_responder(session, name.title(), role).id for name, role in roles.items()}


def texts_us(world: RoutingWorld, responder_id: int, body: str) -> tuple[str, ...]:
    with world.sessions() as session:
        responder = session.get_one(Responder, responder_id)
        phone = session.get_one(Contact, responder.contact_id).phone
    return person_texts(world, phone, body)


def opted_out(world: RoutingWorld, responder_id: int) -> bool:
    with world.sessions() as session:
        responder = session.get_one(Responder, responder_id)
        return session.get_one(Contact, responder.contact_id).opted_out_at is not None


def routed(world: RoutingWorld, **kw) -> int:
    with world.sessions.begin() as session:
        case_id = add_case(session, now=world.clock(), **kw).id
    jobs.route_case(case_id)
    return case_id


def all_texts_to(world: RoutingWorld, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id))


def test_the_last_coordinator_is_told_at_stop_that_new_cases_will_reach_no_one(world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    texts_us(world, team["cora"], "OFF")
    (reply,) = texts_us(world, team["dee"], "STOP")
    assert LAST_COORDINATOR in reply and NO_ONE_LEFT in reply and "START" in reply
    # Nobody would hear of the cases they hold: the reply must not say otherwise.
    assert "coordinators hear of cases you hold" not in reply
    assert encoding(reply) == "GSM-7" and segments(reply) <= 2
    # STOP still holds at once: a new case texts them nothing.
    assert opted_out(world, team["dee"])
    routed(world)
    assert all_texts_to(world, team["dee"]) == [reply]


def test_the_last_coordinator_with_someone_on_call_is_told_what_is_left(world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    (reply,) = texts_us(world, team["dee"], "STOP")
    assert LAST_COORDINATOR in reply
    assert "a case nobody on call takes will reach no one until a coordinator is back" in reply
    assert encoding(reply) == "GSM-7" and segments(reply) <= 2
    assert opted_out(world, team["dee"])


def test_a_coordinator_who_is_not_the_last_gets_the_usual_stop_reply(world):
    team = team_of(world, dee="coordinator", max="coordinator")
    (reply,) = texts_us(world, team["dee"], "STOP")
    assert LAST_COORDINATOR not in reply
    assert "coordinators hear of cases you hold" in reply


def test_a_coordinator_who_is_off_still_counts_as_one_who_can_be_texted(world):
    """The coordinator step texts a coordinator who is OFF when no other can be reached."""
    team = team_of(world, dee="coordinator", max="coordinator")
    texts_us(world, team["max"], "OFF")
    (reply,) = texts_us(world, team["dee"], "STOP")
    assert LAST_COORDINATOR not in reply


def test_the_last_one_on_call_is_told_at_off_when_no_coordinator_can_be_texted(world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    texts_us(world, team["dee"], "STOP")
    (reply,) = texts_us(world, team["cora"], "OFF")
    assert reply.startswith("You're OFF")
    assert (
        "No coordinator can be texted and no one else is on call: new cases will reach no one "
        "until someone is back on. Text ON to stay." in reply
    )
    assert encoding(reply) == "GSM-7"


def test_a_responders_stop_that_leaves_no_one_says_so_too(world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    texts_us(world, team["dee"], "STOP")
    (reply,) = texts_us(world, team["cora"], "STOP")
    assert "No coordinator can be texted and no one else is on call" in reply
    assert "Text START to stay" in reply and "coordinators hear of" not in reply
    assert encoding(reply) == "GSM-7" and segments(reply) <= 2
    assert opted_out(world, team["cora"])


def test_off_with_a_coordinator_left_warns_nobody(world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    (reply,) = texts_us(world, team["cora"], "OFF")
    assert reply == (
        "You're OFF: no new offers until you text ON. Cases you have claimed stay yours."
    )


def reached_no_one(world: RoutingWorld, case_id: int) -> list[CaseEvent]:
    with world.sessions() as session:
        return list(
            session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case_id, CaseEvent.kind == "reached_no_one")
                .order_by(CaseEvent.id)
            )
        )


def test_a_case_that_reaches_no_one_says_so_on_its_timeline_once_per_round(world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    texts_us(world, team["cora"], "OFF")
    texts_us(world, team["dee"], "STOP")
    case_id = routed(world)
    (event,) = reached_no_one(world, case_id)
    assert event.data == {"round": 0}
    assert "reached_no_one" in EVENT_PHRASES
    # The job run twice writes nothing twice.
    jobs.route_case(case_id)
    assert len(reached_no_one(world, case_id)) == 1
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert events_of(session, case_id)[-2:] == ["no_responder", "reached_no_one"]
        token = case.escalation_token
    world.clock.advance(minutes=30)
    jobs.escalate_case(case_id, token)
    jobs.escalate_case(case_id, token)
    assert [e.data for e in reached_no_one(world, case_id)] == [{"round": 0}, {"round": 1}]


def test_a_case_offered_to_a_coordinator_does_not_say_it_reached_no_one(world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    texts_us(world, team["cora"], "OFF")
    texts_us(world, team["dee"], "OFF")
    case_id = routed(world)
    assert reached_no_one(world, case_id) == []
    assert any("CLAIM" in body for body in all_texts_to(world, team["dee"]))


def test_slow_rounds_text_a_coordinator_off_call_who_never_heard_of_the_case(world):
    """The slower rounds text only a coordinator on call because every coordinator was told
    before; one who opted out all along and came back off shift was told nothing."""
    team = team_of(world, dee="coordinator")
    with world.sessions.begin() as session:
        dee = session.get_one(Responder, team["dee"])
        dee.available = False  # OFF: off call, still texted as the last coordinator
    texts_us(world, team["dee"], "STOP")
    case_id = routed(world)
    for _ in range(4):
        with world.sessions() as session:
            case = session.get_one(Case, case_id)
            at, token = case.next_escalation_at, case.escalation_token
        world.clock.now = at
        jobs.escalate_case(case_id, token)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        assert case.escalation_round >= 3  # a slow round
        responder = session.get_one(Responder, team["dee"])
        session.get_one(Contact, responder.contact_id).opted_out_at = None
        at, token = case.next_escalation_at, case.escalation_token
    world.clock.now = at
    jobs.escalate_case(case_id, token)
    assert any("CLAIM" in body for body in all_texts_to(world, team["dee"]))


@pytest.fixture
def staff(client, world, sessions):
    return sign_in(client, sessions, "coordinator")


def test_the_cases_page_warns_of_cases_that_reached_no_one_until_someone_can_be(staff, world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    texts_us(world, team["cora"], "OFF")
    texts_us(world, team["dee"], "STOP")
    routed(world)
    page = staff.get("/admin/cases").text
    assert "1 new case has reached no one" in page
    routed(world)
    assert "2 new cases have reached no one" in staff.get("/admin/cases").text
    # Dee is back: the next step reaches her, and the warning goes.
    texts_us(world, team["dee"], "START")
    assert "reached no one" not in staff.get("/admin/cases").text


def test_the_warning_goes_once_the_case_is_claimed(staff, world):
    team = team_of(world, cora="recovery_coach", dee="coordinator")
    texts_us(world, team["cora"], "OFF")
    texts_us(world, team["dee"], "STOP")
    case_id = routed(world)
    assert "1 new case has reached no one" in staff.get("/admin/cases").text
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        case.status, case.claimed_by_id = "claimed", team["cora"]
    assert "reached no one" not in staff.get("/admin/cases").text


def test_no_warning_while_someone_holds_an_offer(staff, world):
    team_of(world, cora="recovery_coach", dee="coordinator")
    routed(world)
    assert "reached no one" not in staff.get("/admin/cases").text
