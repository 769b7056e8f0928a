"""A person who said calls do not work for them (text only) and who then opted out of texts
(STOP) cannot be reached by the team at all. Everywhere the team reads how to reach them says
so plainly: don't call or text them, and whoever holds the case hears if they text START.
Never why they are text only, never their words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from flows.types import Effect
from hotline.case_actions import how_to_reach
from hotline.contacts import find_contact, get_or_create_contact
from hotline.effects import apply_effects
from models import Case, Responder
from routing import jobs
from tests.routing_support import (
    add_case,
    add_responder,
    person_texts,
    responder_text,
    texting_team,
    texts_to,
)

PHONE = "+14135550166"
DEAF = "im deaf, text only please. i need a recovery coach"
NO_WAY = "opted out of texts and can't take calls"


def texts_of(world, responder_id: int, purpose: str) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), purpose)


def their_case(world) -> Case:
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        return session.scalars(select(Case).where(Case.contact_id == contact.id)).one()


def a_text_only_request(world) -> tuple[int, str]:
    """The person asks for a coach, saying first that calls do not work for them; routed."""
    for body in [DEAF, "amherst", "morning", "peers only", "Sam", "yes"]:
        person_texts(world, PHONE, body)
    case = their_case(world)
    jobs.route_case(case.id)
    return case.id, case.code


def a_stored_case(world, *, opted_out: bool, text_only: bool = True) -> tuple[int, str]:
    """The person's case as the flow makes it (text only, asked for texts), routed; with
    ``opted_out`` they had texted STOP before it was offered."""
    with world.sessions.begin() as session:
        contact = get_or_create_contact(session, PHONE, world.clock())
        if opted_out:
            contact.opted_out_at = world.clock()
        details = {"name": "Sam", **({"text_only": True} if text_only else {})}
        case = add_case(
            session, now=world.clock(), contact=contact, contact_method="text", details=details
        )
        case_id, code = case.id, case.code
    jobs.route_case(case_id)
    return case_id, code


def person_says(world, kind: str) -> None:
    with world.sessions.begin() as session:
        contact = find_contact(session, PHONE)
        apply_effects(session, contact, [Effect(kind)], world.clock(), world.settings)


def assert_plain_and_private(body: str) -> None:
    assert encoding(body) == "GSM-7", body
    assert "Sam" not in body and "0166" not in body and "deaf" not in body.lower()


def test_text_only_then_stop_tells_the_holder_there_is_no_way_to_reach_them(world) -> None:
    """ "im deaf, text only", then STOP: the holder was told "They asked for texts, not calls,
    so call only with care", a call the person cannot take."""
    team = texting_team(world, cora="recovery_coach")
    case_id, code = a_text_only_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    assert person_texts(world, PHONE, "STOP")
    (notice,) = texts_of(world, team["cora"], "opted_out")
    assert notice == (
        f"Case {code}: the person {NO_WAY}, so there is no way to reach them now. Do not call "
        "or text them. If they text START, you'll hear."
    )
    assert_plain_and_private(notice)
    assert segments(notice) == 1
    # What she reads of the case after it says the same, and never to call.
    (details,) = responder_text(world, team["cora"], f"DETAILS {code}")[:1]
    assert f"Can't be reached now: {NO_WAY}. Do not call or text them." in details
    assert "call with care" not in details and "call them" not in details
    assert segments(details) <= 3
    (listed,) = responder_text(world, team["cora"], "LIST")
    assert f"{code} claimed" in listed and "can't be reached: opted out, text only" in listed
    relay = responder_text(world, team["cora"], "tell her ill call tomorrow")
    assert relay is not None and "call them yourself" not in relay[0]
    assert NO_WAY in relay[0] and segments(relay[0]) <= 2
    # Texting again while opted out is never answered nor passed on; START tells her.
    assert person_texts(world, PHONE, "hello?") == ()
    assert texts_of(world, team["cora"], "opted_in") == []
    person_texts(world, PHONE, "START")
    (back,) = texts_of(world, team["cora"], "opted_in")
    assert back == (
        f"Case {code}: the person opted back in to texts (START). You may text them again: "
        "text only, they can't take calls."
    )
    assert_plain_and_private(back)
    assert segments(back) == 1
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status == "claimed"


@pytest.mark.parametrize("contacted", [False, True])
def test_stop_on_a_held_text_only_case_says_not_to_call(world, contacted) -> None:
    team = texting_team(world, cora="recovery_coach")
    _, code = a_stored_case(world, opted_out=False)
    responder_text(world, team["cora"], f"CLAIM {code}")
    if contacted:
        responder_text(world, team["cora"], f"CONTACTED {code}")
    person_says(world, "opt_out")
    (notice,) = texts_of(world, team["cora"], "opted_out")
    assert NO_WAY in notice and "call only" not in notice
    assert segments(notice) == 1


def test_a_plain_text_preference_still_gets_the_usual_opt_out_notice(world) -> None:
    """Only text only is no way at all: someone who just prefers texts may still be called."""
    team = texting_team(world, cora="recovery_coach")
    _, code = a_stored_case(world, opted_out=False, text_only=False)
    responder_text(world, team["cora"], f"CLAIM {code}")
    person_says(world, "opt_out")
    (notice,) = texts_of(world, team["cora"], "opted_out")
    assert notice.endswith("They asked for texts, not calls, so call only with care.")


def test_an_offer_and_the_claim_after_the_stop_say_there_is_no_way_to_reach_them(world) -> None:
    team = texting_team(world, cora="recovery_coach")
    case_id, code = a_stored_case(world, opted_out=True)
    (offer,) = texts_of(world, team["cora"], "offer")
    assert "Text only (can't take calls)" in offer
    assert (
        "Text only (can't take calls). Peers only (no police). Opted out of texts too: no way "
        "to reach them now, do not call or text. If they text START, the holder hears."
    ) in offer
    assert_plain_and_private(offer)
    assert segments(offer) == 2
    first = responder_text(world, team["cora"], f"CLAIM {code}")[0]
    assert f"Can't be reached now: {NO_WAY}. Do not call or text them." in first
    assert "If they text START, you'll hear." in first
    assert "call with care" not in first and "Prefers" not in first
    assert segments(first) <= 3
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        said = how_to_reach(session, case)
    assert said.startswith(f"{NO_WAY} (text only). Do not call or text them.")
    assert "call with care" not in said


def test_a_text_only_case_closed_unreachable_tells_the_team_to_text_not_call(world) -> None:
    """The person texts again after their text-only case was closed unreachable: whoever closed
    it and the coordinators are told to text them, never to call."""
    team = texting_team(world, cora="recovery_coach")
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator").id
    _, code = a_text_only_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    responder_text(world, team["cora"], f"CLOSE {code} unreachable")
    world.clock.now += timedelta(days=1)
    assert person_texts(world, PHONE, "did anyone get my message")
    for who in (team["cora"], dee):
        (notice,) = texts_of(world, who, "after_closed")
        assert notice.endswith("Please see that someone texts them: they can't take calls.")
        assert "reaches out" not in notice
        assert_plain_and_private(notice)
        assert segments(notice) <= 2


def test_start_after_a_text_only_case_closed_unreachable_tells_the_closer(world) -> None:
    """Opted out and text only, the case was closed unreachable: their START is the first
    sign they can be reached, and whoever closed it hears it then, not at a later text."""
    team = texting_team(world, cora="recovery_coach")
    _, code = a_text_only_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    person_texts(world, PHONE, "STOP")
    responder_text(world, team["cora"], f"CLOSE {code} unreachable")
    world.clock.now += timedelta(days=1)
    person_texts(world, PHONE, "START")
    (notice,) = texts_of(world, team["cora"], "after_closed")
    assert f"Case {code}" in notice and "can't take calls" in notice
    person_texts(world, PHONE, "hello?")  # the same day: told once
    assert len(texts_of(world, team["cora"], "after_closed")) == 1
