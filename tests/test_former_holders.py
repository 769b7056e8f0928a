"""A responder who held a case, and so got the person's number with the claim, and loses it
(reassigned, closed by someone else, withdrawn by the person, handed back) is asked to delete
the number from their phone: least data. One who was only offered it never had the number and
is asked nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from models import Case, Contact, Responder
from routing import jobs
from routing.claims import Staff, close_case, reassign_case
from routing.withdrawals import withdrawn_notice
from tests.routing_support import add_responder, responder_text, texts_to
from tests.test_escalation import load, new_case

DELETE = "delete the person's number from your phone"


@pytest.fixture
def team(world) -> dict[str, int]:
    """Cora and Carl (coaches: the case's match) and Dee (coordinator), all on call."""
    with world.sessions.begin() as session:
        return {
            "cora": add_responder(session, "Cora", "recovery_coach").id,
            "carl": add_responder(session, "Carl", "recovery_coach").id,
            "dee": add_responder(session, "Dee", "coordinator").id,
        }


def claimed_by(world, responder_id: int) -> tuple[int, str]:
    case_id = new_case(world)
    jobs.route_case(case_id)
    code = load(world, case_id).code
    assert responder_text(world, responder_id, f"CLAIM {code}")[0].startswith(f"Case {code} is")
    return case_id, code


def person_phone(world, case_id: int) -> str:
    with world.sessions() as session:
        return session.get_one(Contact, session.get_one(Case, case_id).contact_id).phone


def texts_of(world, responder_id: int, purpose: str) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), purpose)


def assert_one_plain_segment_without_the_number(world, case_id: int, text: str) -> None:
    assert (encoding(text), segments(text)) == ("GSM-7", 1)
    assert person_phone(world, case_id)[-4:] not in text


def test_a_reassigned_holder_is_asked_to_delete_the_persons_number(world, team):
    case_id, code = claimed_by(world, team["cora"])
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        carl = session.get_one(Responder, team["carl"])
        staff = Staff("coordinator@example.org")
        assert reassign_case(session, case, carl, staff, world.clock()).ok
    (notice,) = texts_of(world, team["cora"], "reassigned")
    assert notice == (
        f"Case {code} was handed to another responder by the team. Nothing more to do "
        f"on it: please {DELETE}."
    )
    assert_one_plain_segment_without_the_number(world, case_id, notice)


@pytest.mark.parametrize("by", ["coordinator_by_text", "staff"])
def test_a_holder_whose_case_someone_else_closes_is_told_and_asked_to_delete_the_number(
    world, team, by
):
    """Before, the holder heard nothing and kept the number of a closed case."""
    case_id, code = claimed_by(world, team["cora"])
    if by == "coordinator_by_text":
        responder_text(world, team["cora"], f"CONTACTED {code}")
        reply = responder_text(world, team["dee"], f"CLOSE {code} services")
        assert reply == [f"Case {code} closed (connected to services). Thank you."]
    else:
        with world.sessions.begin() as session:
            case = session.get_one(Case, case_id)
            staff = Staff("coordinator@example.org")
            assert close_case(session, case, staff, "connected_to_services", world.clock()).ok
    (notice,) = texts_of(world, team["cora"], "case_closed")
    assert notice == (
        f"Case {code} was closed by the team (connected to services). Nothing more to "
        f"do on it: please {DELETE}."
    )
    assert_one_plain_segment_without_the_number(world, case_id, notice)
    # Closed once: closing again tells nobody again.
    responder_text(world, team["dee"], f"CLOSE {code} services")
    assert len(texts_of(world, team["cora"], "case_closed")) == 1


def test_a_holder_who_closes_their_own_case_or_an_unclaimed_close_texts_nobody(world, team):
    _, own = claimed_by(world, team["cora"])
    responder_text(world, team["cora"], f"CONTACTED {own}")
    assert responder_text(world, team["cora"], f"CLOSE {own} services")[0].startswith(
        f"Case {own} closed"
    )
    unclaimed = new_case(world)
    jobs.route_case(unclaimed)  # offered to Cora and Carl: an offer carries no number
    code = load(world, unclaimed).code
    assert responder_text(world, team["dee"], f"CLOSE {code} unreachable")[0].startswith(
        f"Case {code} closed"
    )
    for name in ("cora", "carl"):
        assert texts_of(world, team[name], "case_closed") == []


def test_the_holder_of_a_withdrawn_request_is_asked_to_delete_the_number(world, team):
    case_id, code = claimed_by(world, team["cora"])
    with world.sessions() as session:
        notice = withdrawn_notice(session.get_one(Case, case_id))
    assert notice == (
        f"Case {code}: the person withdrew their request before anyone reached them. It is "
        "closed: please don't contact them, and delete their number from your phone."
    )
    assert_one_plain_segment_without_the_number(world, case_id, notice)


def test_a_holder_who_hands_a_case_back_is_asked_to_delete_the_number_unless_they_take_it(
    world, team
):
    case_id, code = claimed_by(world, team["cora"])
    (reply,) = responder_text(world, team["cora"], f"RELEASE {code} called into work")
    assert reply == (
        f"Case {code} is back with the team and being offered again. Thanks for saying so. "
        f"Please delete the person's number, or CLAIM {code} if you can take it after all."
    )
    assert_one_plain_segment_without_the_number(world, case_id, reply)
    with world.sessions() as session:
        assert session.scalar(select(Case.status).where(Case.id == case_id)) == "offered"
