"""A case someone holds, closed by someone else (a coordinator in the admin or by CLOSE, an
erasure): the holder is told once, by the case's code and the outcome's label, what to do with
the person's number; never the closing note's words."""

from __future__ import annotations

import html as html_text
import re

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from hotline.contacts import get_or_create_contact
from hotline.erasure import erase_person
from models import Case, CaseEvent, Message, Responder
from routing import jobs
from routing.claims import Staff, close_case, mark_contacted
from routing.closed_by_others import CASE_CLOSED, closed_by_others_notice
from routing.commands import OUTCOME_WORDS
from tests.routing_support import add_case, add_responder, responder_text, texts_to
from tests.staff_pages import post_form

PERSON = "+14135550188"
NOTE = "Person called the office: does not want contact"


def held_case(world, *, contacted: bool = False) -> tuple[int, str, int, int]:
    """A texter's case Cora claimed (and reached, if ``contacted``), Dee the coordinator on
    call: the case's id and code, Cora's and Dee's ids."""
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
        person = get_or_create_contact(session, PERSON, world.clock())
        case = add_case(session, now=world.clock(), contact=person)
        ids = case.id, case.code, cora.id, dee.id
    jobs.route_case(ids[0])
    assert responder_text(world, ids[2], f"CLAIM {ids[1]}")[0].startswith(f"Case {ids[1]} is yours")
    if contacted:
        with world.sessions.begin() as session:
            case = session.get_one(Case, ids[0])
            assert mark_contacted(
                session, case, session.get_one(Responder, ids[2]), world.clock()
            ).ok
    world.clock.advance(minutes=5)
    return ids


def told(world, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), CASE_CLOSED)


def closed_event(world, case_id: int) -> CaseEvent:
    with world.sessions() as session:
        return session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "closed")
        ).one()


@pytest.mark.parametrize(
    ("outcome", "then"),
    [
        ("declined", "Please don't contact the person, and delete their number from your phone."),
        (
            "connected_to_services",
            "Nothing more to do on it: please delete the person's number from your phone.",
        ),
        ("duplicate", "Nothing more to do on it."),
    ],
)
@pytest.mark.parametrize("contacted", [False, True])
def test_a_coordinator_closing_a_held_case_in_the_admin_tells_the_holder_once(
    staff, world, outcome, then, contacted
):
    case_id, code, cora, _ = held_case(world, contacted=contacted)
    path = f"/admin/cases/{code}/close"
    response = post_form(staff, path, {"outcome": outcome, "note": NOTE, "confirmed": "yes"})
    assert response.status_code == 302
    label = outcome.replace("_", " ")
    (notice,) = told(world, cora)
    assert notice == f"Case {code} was closed by the team ({label}). {then}"
    assert "office" not in notice  # never the note's words
    assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
    event = closed_event(world, case_id)
    assert (event.data["holder_id"], event.data["holder_told"]) == (cora, True)
    phrases = [
        html_text.unescape(re.sub(r"\s+", " ", phrase).strip())
        for phrase in re.findall(
            r'<span class="timeline__what">(.*?)</span>',
            staff.get(f"/admin/cases/{code}").text,
            re.S,
        )
    ]
    assert f"case closed: {label}; Cora, who had it, was told" in phrases
    # A second close is refused, and tells nobody again.
    world.clock.advance(minutes=1)
    post_form(staff, path, {"outcome": "other", "confirmed": "yes"})
    assert told(world, cora) == [notice]


def test_the_holders_own_close_by_text_tells_them_nothing_more(world):
    case_id, code, cora, _ = held_case(world, contacted=True)
    reply = responder_text(world, cora, f"CLOSE {code} declined")
    assert reply == [f"Case {code} closed (declined). Thank you."]
    assert told(world, cora) == []
    assert "holder_told" not in closed_event(world, case_id).data


def test_a_coordinators_close_by_text_tells_the_holder(world):
    _, code, cora, dee = held_case(world, contacted=True)
    responder_text(world, dee, f"CLOSE {code} declined she asked us not to call")
    assert told(world, cora) == [
        f"Case {code} was closed by the team (declined). Please don't contact the "
        "person, and delete their number from your phone."
    ]
    assert told(world, dee) == []


def test_a_case_nobody_holds_closes_without_a_text_to_anyone(world):
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        case = add_case(session, now=world.clock())
        case_id = case.id
    jobs.route_case(case_id)  # offered to Cora, not claimed
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, cora.id), "offer")
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        assert close_case(session, case, Staff("lee@example.org"), "other", world.clock()).ok
    with world.sessions() as session:
        purposes = session.scalars(
            select(Message.purpose).where(Message.case_id == case_id, Message.direction == "out")
        ).all()
    assert CASE_CLOSED not in purposes
    assert "holder_told" not in closed_event(world, case_id).data


@pytest.mark.parametrize("contacted", [False, True])
def test_erasing_a_person_tells_whoever_holds_their_case_to_delete_the_number(world, contacted):
    case_id, code, cora, _ = held_case(world, contacted=contacted)
    with world.sessions.begin() as session:
        erase_person(session, PERSON, world.clock())
    (notice,) = told(world, cora)
    assert notice == (
        f"Case {code} was closed: the person asked us to erase their data. Please don't "
        "contact them, and delete their number from your phone."
    )
    assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
    assert closed_event(world, case_id).data["holder_told"] is True
    # Erased again (a second run), nothing more is sent.
    with world.sessions.begin() as session:
        erase_person(session, PERSON, world.clock())
    assert told(world, cora) == [notice]


@pytest.mark.parametrize("outcome", sorted(set(OUTCOME_WORDS.values())))
def test_every_notice_is_one_plain_segment_naming_only_the_code(outcome):
    case = Case(code="WXYZ")
    for erased in (False, True):
        notice = closed_by_others_notice(case, outcome, erased=erased)
        assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
        assert notice.startswith("Case WXYZ was closed")
