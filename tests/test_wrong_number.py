""" "Wrong number" from a number a partner's referral gave us (we texted it first): it is never
texted again, the case's timeline says the number is wrong, and whoever holds or claims the case
is told. From a number that texted us first, it only ends the conversation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from hotline.admin.case_words import event_phrase
from hotline.contacts import find_contact, get_or_create_contact
from models import Case, CaseEvent, Message, OptOutEvent, Responder
from routing import jobs
from routing.sweep import sweep
from tests.routing_support import (
    T0,
    add_case,
    person_texts,
    responder_text,
    texting_team,
    texts_to,
)

PHONE = "+14135550177"
DEADLINE = T0 + timedelta(hours=24, minutes=2)


@pytest.fixture
def team(world) -> dict[str, int]:
    return texting_team(world, cora="recovery_coach", dee="coordinator")


def texts_us(world, body: str) -> tuple[str, ...]:
    """The number texts the hotline, through the same path as Twilio's webhook."""
    return person_texts(world, PHONE, body)


def referral(world, **kw) -> tuple[int, str]:
    """A partner's referral with consent to text, routed: its id and code."""
    with world.sessions.begin() as session:
        contact = get_or_create_contact(session, PHONE, world.clock())
        case = add_case(
            session,
            now=world.clock(),
            contact=contact,
            kind="partner",
            source="partner",
            details={"phone": PHONE, "consent_to_text": True, "name": "Sam"},
            **kw,
        )
        ids = case.id, case.code
    jobs.route_case(ids[0])
    return ids


def still_trying_is_texted(world, case_id: int) -> None:
    world.clock.now = DEADLINE
    jobs.deadline_check(case_id)
    sweep(DEADLINE + timedelta(minutes=5))


def wrong_number_events(world, case_id: int) -> list[CaseEvent]:
    with world.sessions() as session:
        return list(
            session.scalars(
                select(CaseEvent).where(
                    CaseEvent.case_id == case_id, CaseEvent.kind == "wrong_number"
                )
            )
        )


def texts_to_the_number(world) -> list[Message]:
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        return list(
            session.scalars(
                select(Message).where(
                    Message.contact_id == contact.id,
                    Message.direction == "out",
                    Message.channel != "twiml",
                )
            )
        )


@pytest.mark.parametrize(
    "words",
    ["wrong number", "Sorry, wrong #", "número equivocado", "wrong number stop texting me",
     "Número equivocado, no me escriban más", "wrong number? who is this"],
)  # fmt: skip
def test_a_referrals_wrong_number_is_never_texted_again_and_the_claimer_is_told(world, team, words):
    case_id, code = referral(world)
    still_trying_is_texted(world, case_id)
    assert len(texts_to_the_number(world)) == 1
    (reply,) = texts_us(world, words)
    assert "won't text this number again" in reply or "no volveremos a escribir" in reply
    assert "START" in reply
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        assert contact.opted_out
        sources = session.scalars(
            select(OptOutEvent.source).where(OptOutEvent.contact_id == contact.id)
        ).all()
        assert sources == ["wrong_number"]
    (event,) = wrong_number_events(world, case_id)
    assert "wrong number" in event_phrase(event.kind, event.data, {})
    # Nothing more reaches the number: a later text gets no answer, a deadline no text.
    assert texts_us(world, "hello?") == ()
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status == "offered"
    first, *_ = responder_text(world, team["cora"], f"CLAIM {code}")
    assert "wrong number" in first and "check the number" in first
    assert len(texts_to_the_number(world)) == 1


def test_the_holder_of_a_referral_is_told_its_number_is_wrong_once(world, team):
    case_id, code = referral(world)
    still_trying_is_texted(world, case_id)
    responder_text(world, team["cora"], f"CLAIM {code}")
    texts_us(world, "wrong number")
    texts_us(world, "wrong number")
    with world.sessions() as session:
        (notice,) = texts_to(session, session.get_one(Responder, team["cora"]), "wrong_number")
    assert notice.startswith(f"Case {code}: ")
    assert "wrong number" in notice and "Sam" not in notice and "0177" not in notice
    assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
    (event,) = wrong_number_events(world, case_id)
    assert event.data == {"responder_id": team["cora"], "told": True}


def test_a_number_that_texted_us_first_is_not_opted_out_by_wrong_number(world, team):
    texts_us(world, "hi")
    (reply,) = texts_us(world, "wrong number")
    assert "text MENU" in reply
    with world.sessions() as session:
        assert not find_contact(session, PHONE).opted_out
    assert "Support for myself" in texts_us(world, "menu")[0]
