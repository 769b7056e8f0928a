"""Fear of police told after a police-OK request ("wait is a cop gonna call me? cops scare me")
reaches any police officer about to act on the case before they do: an officer offered it or
holding it is texted at once, and every later offer and the CLAIM reply say it. The case stays
as the person chose (Police OK) until they say no police. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from hotline.contacts import find_contact
from models import Case, Offer, Responder
from routing import jobs
from routing.offers import offer_case
from tests.routing_support import (
    add_responder,
    events_of,
    person_texts,
    responder_text,
    texting_team,
    texts_to,
)

PHONE = "+14135550186"
POLICE_OK_REQUEST = ["menu", "1", "1", "01060", "2", "any", "2", "Kim"]
SCARED = "wait is a cop gonna call me? cops scare me"
SAID_SINCE = "Since asking, the person said police scare them."


@pytest.fixture
def team(world) -> dict[str, int]:
    return texting_team(world, cora="recovery_coach", drew="police_officer")


def texts_us(world, body: str) -> tuple[str, ...]:
    return person_texts(world, PHONE, body)


def a_police_ok_request(world) -> tuple[int, str]:
    for body in POLICE_OK_REQUEST:
        texts_us(world, body)
    assert "Someone from our team will reach out" in texts_us(world, "1")[0]
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        case = session.scalars(select(Case).where(Case.contact_id == contact.id)).one()
        assert case.peers_only is False
        ids = case.id, case.code
    jobs.route_case(ids[0])
    return ids


def open_offer_to(world, case_id: int, responder_id: int) -> None:
    with world.sessions.begin() as session:
        held = session.scalars(
            select(Offer).where(
                Offer.case_id == case_id,
                Offer.responder_id == responder_id,
                Offer.status == "open",
            )
        ).all()
        if not held:
            offer_case(session, session.get_one(Case, case_id), [responder_id], world.clock())


def fear_notices(world, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), "police_fear_told")


def test_an_officer_offered_the_case_is_told_of_the_fear_at_once_and_once(world, team) -> None:
    """Drew, a police officer with the offer open, learned that the person was scared of
    police only from the CLAIM reply: he is texted at once, with no person's words; the
    coach offered it is not (the CLAIM reply tells whoever takes it)."""
    case_id, code = a_police_ok_request(world)
    open_offer_to(world, case_id, team["drew"])
    replies = " ".join(texts_us(world, SCARED))
    assert "You said a police officer may be part of your team" in replies
    assert "NO POLICE" in replies and "PASS" not in replies
    texts_us(world, "police make me nervous")
    (notice,) = fear_notices(world, team["drew"])
    assert f"Case {code}" in notice and "police scare them" in notice
    assert f"PASS {code}" in notice and "NO POLICE" in notice
    assert "cop gonna call" not in notice  # the words are for the one who takes it
    assert encoding(notice) == "GSM-7" and segments(notice) <= 2, notice
    assert fear_notices(world, team["cora"]) == []
    with world.sessions() as session:
        assert events_of(session, case_id).count("police_fear_told") == 1
        assert session.get_one(Case, case_id).peers_only is False


def test_the_claim_and_later_offers_say_the_fear_before_the_details(world, team) -> None:
    """The reviewer's officer claimed and read "the person texted since their request" only
    at the end: the first text of the CLAIM reply says it, and so does a later offer."""
    case_id, code = a_police_ok_request(world)
    texts_us(world, SCARED)
    with world.sessions.begin() as session:
        olly = add_responder(session, "Olly", "police_officer").id
    open_offer_to(world, case_id, olly)
    with world.sessions() as session:
        (offer,) = texts_to(session, session.get_one(Responder, olly), "offer")
    assert SAID_SINCE in offer and "Police OK" in offer
    open_offer_to(world, case_id, team["drew"])
    first, *_ = responder_text(world, team["drew"], f"CLAIM {code} YES")
    assert f"Case {code} is yours" in first and SAID_SINCE in first


def test_an_officer_holding_the_case_is_asked_to_hand_it_to_a_peer(world, team) -> None:
    case_id, code = a_police_ok_request(world)
    open_offer_to(world, case_id, team["drew"])
    assert "is yours" in " ".join(responder_text(world, team["drew"], f"CLAIM {code}"))
    texts_us(world, SCARED)
    (notice,) = fear_notices(world, team["drew"])
    assert "police scare them" in notice and f"RELEASE {code}" in notice
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert case.claimed_by_id == team["drew"] and case.peers_only is False


def test_a_coach_holding_the_case_gets_the_words_and_no_fear_notice(world, team) -> None:
    case_id, code = a_police_ok_request(world)
    open_offer_to(world, case_id, team["cora"])
    responder_text(world, team["cora"], f"CLAIM {code}")
    texts_us(world, SCARED)
    assert fear_notices(world, team["cora"]) == []
    with world.sessions() as session:
        (note,) = texts_to(session, session.get_one(Responder, team["cora"]), "person_note")
    assert "cops scare me" in note


def test_an_officers_claim_after_the_fear_asks_first(world, team) -> None:
    """Drew, asked to PASS, texted CLAIM and got the phone and name at once: the CLAIM asks
    first, as one without the person's language does, and nothing changes."""
    case_id, code = a_police_ok_request(world)
    open_offer_to(world, case_id, team["drew"])
    open_offer_to(world, case_id, team["cora"])
    texts_us(world, SCARED)
    assert responder_text(world, team["drew"], f"CLAIM {code}") == [
        f"Case {code}: the person said police scare them. Leave it to a peer with PASS {code}, "
        f"or reply CLAIM {code} YES if a peer can't."
    ]
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert case.status == "offered" and case.claimed_by_id is None
        assert texts_to(session, session.get_one(Responder, team["cora"]), "offer_taken") == []
    # A coach claims as ever: the ask is for officers.
    first, *_ = responder_text(world, team["cora"], f"CLAIM {code}")
    assert first.startswith(f"Case {code} is yours.")


def test_an_officer_who_takes_it_anyway_gets_it_and_the_coordinators_are_told(world) -> None:
    team = texting_team(world, drew="police_officer", dee="coordinator")
    case_id, code = a_police_ok_request(world)
    open_offer_to(world, case_id, team["drew"])
    texts_us(world, SCARED)
    responder_text(world, team["drew"], f"CLAIM {code}")
    first, *_ = responder_text(world, team["drew"], f"claim {code.lower()} yes")
    assert first.startswith(f"Case {code} is yours.") and SAID_SINCE in first
    with world.sessions() as session:
        assert session.get_one(Case, case_id).claimed_by_id == team["drew"]
        (told,) = texts_to(session, session.get_one(Responder, team["dee"]), "officer_claim")
    assert told == (
        f"Case {code} was claimed by Drew, a police officer, after the person said police scare "
        "them. It stays Police OK unless they text NO POLICE: check in with Drew, or reassign "
        "it to a peer in the admin."
    )
    assert encoding(told) == "GSM-7" and segments(told) <= 2, told


def test_before_the_fear_an_officers_claim_asks_nothing(world, team) -> None:
    case_id, code = a_police_ok_request(world)
    open_offer_to(world, case_id, team["drew"])
    first, *_ = responder_text(world, team["drew"], f"CLAIM {code}")
    assert first.startswith(f"Case {code} is yours.")
