"""What a person says beside the help they pick ("1 and i have tranq wounds") reaches whoever
claims their request, and the case page; offers, which reach several responders, only say
there is more. The words are kept with the case's other details and go with them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from hotline.admin.case_words import detail_lines
from hotline.contacts import find_contact
from hotline.erasure import erase_person
from hotline.retention import purge
from models import Case, Responder
from routing import jobs
from routing.intake import case_details
from tests.routing_support import person_texts, responder_text, texting_team, texts_to
from tests.test_privacy_encryption import read_everything

PHONE = "+14135550166"
WORDS = "1 and i have tranq wounds, i dont wanna go to the hospital"
POINTER = "(and in their own words: see details when you claim)"


def _request(world, needs: list[str], start: tuple[str, ...] = ("menu", "1")) -> tuple[int, str]:
    """A self-referral sent with these answers to the needs question; routed."""
    for body in [*start, *needs, "amherst", "1", "1", "1", "Jo"]:
        person_texts(world, PHONE, body)
    assert person_texts(world, PHONE, "1")
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        case = session.scalars(select(Case).where(Case.contact_id == contact.id)).one()
        ids = case.id, case.code
    jobs.route_case(ids[0])
    return ids


def _offer_and_claim(world, cora: int, case_id: int, code: str) -> tuple[str, str]:
    with world.sessions() as session:
        (offer,) = texts_to(session, session.get_one(Responder, cora), "offer")
    return offer, " ".join(responder_text(world, cora, f"CLAIM {code}") or [])


def test_the_claim_carries_their_words_and_the_offer_only_says_there_are_some(world) -> None:
    team = texting_team(world, cora="recovery_coach")
    case_id, code = _request(world, [WORDS])
    offer, claim = _offer_and_claim(world, team["cora"], case_id, code)
    assert f"Needs: talk with a recovery coach {POINTER}." in offer
    assert "tranq" not in offer
    assert f'Needs: talk with a recovery coach. In their words: "{WORDS}".' in claim
    with world.sessions() as session:
        assert case_details(session.get_one(Case, case_id))["needs_words"] == WORDS


def test_words_that_picked_nothing_reach_the_claim_with_the_answer_that_did(world) -> None:
    team = texting_team(world, cora="recovery_coach")
    case_id, code = _request(world, ["necesito un aventón a la clínica", "5"], ("hola", "1"))
    offer, claim = _offer_and_claim(world, team["cora"], case_id, code)
    assert f"Needs: something else {POINTER}." in offer
    assert 'In their words: "necesito un aventón a la clínica".' in claim


def test_a_bare_pick_says_nothing_of_words(world) -> None:
    team = texting_team(world, cora="recovery_coach")
    case_id, code = _request(world, ["1 3"])
    offer, claim = _offer_and_claim(world, team["cora"], case_id, code)
    assert "Needs: talk with a recovery coach, naloxone." in offer
    assert "their own words" not in offer and "In their words" not in claim
    with world.sessions() as session:
        assert "needs_words" not in case_details(session.get_one(Case, case_id))


def test_the_case_page_names_their_words() -> None:
    assert detail_lines({"needs_words": WORDS}) == [("Their words on what would help", WORDS)]


def test_erasure_takes_their_words_with_the_case_details(world) -> None:
    texting_team(world, cora="recovery_coach")
    case_id, _ = _request(world, [WORDS])
    assert any(WORDS in str(value) for value in read_everything(world.sessions))
    with world.sessions.begin() as session:
        erase_person(session, PHONE, world.clock())
    assert not any("tranq" in str(value) for value in read_everything(world.sessions))
    with world.sessions() as session:
        assert session.get_one(Case, case_id).details is None


@pytest.mark.parametrize("closed_days_ago", [100, 10])
def test_retention_clears_their_words_once_the_case_is_old(world, closed_days_ago) -> None:
    texting_team(world, cora="recovery_coach")
    case_id, _ = _request(world, [WORDS])
    now = world.clock()
    with world.sessions.begin() as session:
        closed = now - timedelta(days=closed_days_ago)
        session.execute(update(Case).values(status="closed", closed_at=closed))
        purge(session, now, retention_days=90)
    with world.sessions() as session:
        details = case_details(session.get_one(Case, case_id))
    assert details.get("needs_words") == (None if closed_days_ago > 90 else WORDS)


FAMILY_PHONE = "+14135550167"
FAMILY_WORDS = "3, he overdosed last week and came home from the hospital"


def _family_request(world) -> tuple[int, str]:
    """A parent asks for a call about their son, saying more at what would help; routed."""
    for body in ["i need help getting my son into detox, hes 24", FAMILY_WORDS, "amherst", "1"]:
        person_texts(world, FAMILY_PHONE, body)
    assert "family support specialist will call" in person_texts(world, FAMILY_PHONE, "1")[0]
    with world.sessions() as session:
        contact = find_contact(session, FAMILY_PHONE)
        case = session.scalars(select(Case).where(Case.contact_id == contact.id)).one()
        ids = case.id, case.code
    jobs.route_case(ids[0])
    return ids


def test_a_family_members_words_on_what_would_help_reach_the_claim(world) -> None:
    """Only "Needs: loved one needs help now" reached the claimer: that he overdosed last week
    and just came home was lost."""
    team = texting_team(world, cora="recovery_coach")
    case_id, code = _family_request(world)
    offer, claim = _offer_and_claim(world, team["cora"], case_id, code)
    assert f"Needs: loved one needs help now {POINTER}." in offer
    assert "overdosed" not in offer and "hospital" not in offer
    assert f'Needs: loved one needs help now. In their words: "{FAMILY_WORDS}".' in claim
    assert "Family member: parent" in claim
    with world.sessions() as session:
        details = case_details(session.get_one(Case, case_id))
    assert details["needs_words"] == FAMILY_WORDS
    assert ("Their words on what would help", FAMILY_WORDS) in detail_lines(details)


def test_erasure_and_retention_take_a_family_members_words(world) -> None:
    texting_team(world, cora="recovery_coach")
    erased, _ = _family_request(world)
    with world.sessions() as session:
        assert case_details(session.get_one(Case, erased))["needs_words"] == FAMILY_WORDS
    with world.sessions.begin() as session:
        erase_person(session, FAMILY_PHONE, world.clock())
    assert not any("overdosed" in str(value) for value in read_everything(world.sessions))
    with world.sessions() as session:
        assert session.get_one(Case, erased).details is None
    kept, _ = _family_request(world)
    with world.sessions.begin() as session:
        assert case_details(session.get_one(Case, kept))["needs_words"] == FAMILY_WORDS
        closed = world.clock() - timedelta(days=100)
        closing = update(Case).where(Case.id == kept).values(status="closed", closed_at=closed)
        session.execute(closing)
        purge(session, world.clock(), retention_days=90)
    with world.sessions() as session:
        assert "needs_words" not in case_details(session.get_one(Case, kept))
