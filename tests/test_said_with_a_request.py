"""Words said in a family member's conversation before their request (a crisis at a question,
"yes but he cant know, only 9 to 5") go with the request: lines on the case's timeline, with
what they told, for whoever takes the case. A loved one's number is never kept."""

from __future__ import annotations

from sqlalchemy import select

from flows.sms import encoding
from hotline.admin.case_words import event_phrase
from hotline.case_actions import how_to_reach
from hotline.contacts import find_contact
from models import Case, CaseEvent, Message
from routing import jobs
from routing.offers import case_summary
from routing.person_notes import note_said_with_request
from tests.routing_support import (
    add_case,
    person_texts,
    responder_text,
    texting_team,
)

PHONE = "+14135550188"
CRISIS = "honestly some days i dont want to be here anymore"
YES_BUT = "yes but he cant know, only call when hes at work, 9 to 5 weekdays"
NUMBER = "here is his number 413-555-2999 call him today please"


def _their_case(session) -> Case:
    contact = find_contact(session, PHONE)
    return session.scalars(select(Case).where(Case.contact_id == contact.id)).one()


def test_a_crisis_and_words_beside_a_yes_land_on_the_case_timeline(world) -> None:
    texting_team(world, cora="recovery_coach")
    for body in ["menu", "2", "1", "2", CRISIS, NUMBER, "amherst"]:
        person_texts(world, PHONE, body)
    replies = person_texts(world, PHONE, YES_BUT)
    assert "will call" in " ".join(replies)
    with world.sessions() as session:
        case = _their_case(session)
        assert case.best_time == YES_BUT or YES_BUT in str(case.details)
        said = list(
            session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case.id, CaseEvent.kind == "said_with_request")
                .order_by(CaseEvent.id)
            )
        )
        assert [(e.text, e.data.get("flags")) for e in said] == [
            (CRISIS, ["crisis"]),
            (YES_BUT, None),
        ]
        assert "suicide or self-harm" in event_phrase(said[0].kind, said[0].data, {})
        # The loved one's number is in no case line, nor anything but the text as it came.
        events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))
        assert not any("2999" in (e.text or "") + str(e.data) for e in events)
        assert "2999" not in str(case.details) + str(case.best_time)
        assert session.scalars(select(Message.id)).first() is not None


def _claim(world, responder_id: int, case_id: int) -> list[str]:
    with world.sessions() as session:
        code = session.get_one(Case, case_id).code
    replies = responder_text(world, responder_id, f"CLAIM {code}")
    assert replies[0].startswith(f"Case {code} is yours")
    return replies


def test_whoever_claims_the_case_is_told_of_the_crisis_said_before_asking(world) -> None:
    team = texting_team(world, cora="recovery_coach")
    for body in ["menu", "2", "1", "2", CRISIS, NUMBER, "amherst", YES_BUT]:
        person_texts(world, PHONE, body)
    with world.sessions() as session:
        case_id = _their_case(session).id
    jobs.route_case(case_id)
    replies = _claim(world, team["cora"], case_id)
    whole = " ".join(replies)
    assert "Before asking for help, they spoke of suicide or self-harm (given 988)." in whole
    assert "overdose" not in whole
    assert CRISIS not in whole and "2999" not in whole
    assert all(encoding(r) == "GSM-7" and len(r) <= 1600 for r in replies)


def test_the_claim_says_each_thing_told_once_and_nothing_for_plain_words(world) -> None:
    team = texting_team(world, cora="recovery_coach", nia="recovery_coach")
    said = [
        {"text": "hes not breathing right", "flags": ["emergency"]},
        {"text": CRISIS, "flags": ["crisis"]},
        {"text": "still not breathing", "flags": ["emergency"]},
    ]
    with world.sessions.begin() as session:
        told = add_case(session, now=world.clock())
        note_said_with_request(session, told, said, world.clock())
        plain = add_case(session, now=world.clock())
        note_said_with_request(session, plain, [{"text": YES_BUT}], world.clock())
        told_id, plain_id = told.id, plain.id
    jobs.route_case(told_id)
    jobs.route_case(plain_id)
    whole = " ".join(_claim(world, team["cora"], told_id))
    assert (
        "Before asking for help, they told of an overdose (given the 911 steps) and spoke of "
        "suicide or self-harm (given 988)."
    ) in whole
    assert whole.count("Before asking") == 1
    assert "Before asking" not in " ".join(_claim(world, team["nia"], plain_id))


def test_whoever_claims_a_text_only_request_is_told_not_to_call(world) -> None:
    """ "im deaf, text only please" left nothing on the case but "Prefers a text": a
    responder might still call. Only that calls do not work is kept, never why."""
    team = texting_team(world, cora="recovery_coach")
    first = "im deaf, text only please. i need a recovery coach"
    for body in [first, "amherst", "morning", "peers only", "Sam", "yes"]:
        person_texts(world, PHONE, body)
    with world.sessions() as session:
        case = _their_case(session)
        case_id = case.id
        assert case.contact_method == "text"
        assert "deaf" not in str(case.details)
        assert "Text only (can't take calls)" in case_summary(case)
        assert how_to_reach(session, case) == "text only (can't take calls), best time: morning"
    jobs.route_case(case_id)
    replies = _claim(world, team["cora"], case_id)
    assert "Text only (can't take calls), best time: morning." in replies[0]
    assert "Prefers" not in " ".join(replies)
