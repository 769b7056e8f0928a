"""One person, two open cases (their own request by text, then a partner's referral of the same
number): each is its own case, as the partner's referral keeps its own consent, notes and
figures. Whoever claims one (and DETAILS after) is told of the other and who holds it, and
whoever holds the other is told who claimed this one, so two responders never call the same
person with different plans unawares. Only codes and names: nothing of the other case."""

from __future__ import annotations

import pytest

from flows.sms import encoding, segments
from hotline.contacts import find_contact
from models import Responder
from routing import jobs
from routing.intake import create_case
from tests.routing_support import add_case, add_contact, add_responder, responder_text, texts_to
from tests.test_escalation import load

PHONE = "+14135550177"


@pytest.fixture
def team(world):
    with world.sessions.begin() as session:
        avery = add_responder(session, "Avery", "recovery_coach")
        blair = add_responder(session, "Blair", "recovery_coach")
        add_responder(session, "Dee", "coordinator")
    return {"avery": avery.id, "blair": blair.id}


def own_request(world) -> tuple[int, str]:
    """Sam texts for someone to reach out: no police, call after 10pm."""
    with world.sessions.begin() as session:
        contact = add_contact(session, PHONE)
        case = add_case(
            session,
            now=world.clock(),
            contact=contact,
            peers_only=True,
            contact_method="call",
            best_time="after 10pm",
            details={"name": "Sam"},
        )
        case_id = case.id
    jobs.route_case(case_id)
    return case_id, load(world, case_id).code


def partner_referral(world, *, consent_to_text: bool = True) -> tuple[int, str]:
    """A partner refers the same number after an overdose in Amherst."""
    with world.sessions.begin() as session:
        contact = find_contact(session, PHONE)
        case_id = create_case(
            session,
            kind="partner",
            source="partner",
            now=world.clock(),
            response_window_hours=24,
            breach_hours=48,
            contact=contact if consent_to_text else None,
            town="Amherst",
            contact_method="text" if consent_to_text else "call",
            peers_only=False,
            details={
                "phone": PHONE,
                "consent_to_text": consent_to_text,
                "referral_type": "post_overdose",
                "partner": "Cooley Dickinson ED",
            },
        ).id
    jobs.route_case(case_id)
    return case_id, load(world, case_id).code


def texts_of(world, responder_id: int, purpose: str) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), purpose)


def test_each_claimer_is_told_of_the_other_case_and_who_holds_it(world, team):
    _, own = own_request(world)
    _, referred = partner_referral(world)

    (first, _) = responder_text(world, team["avery"], f"CLAIM {referred}")
    assert f"This person also has case {own}, not claimed yet" in first
    assert "Sam" not in first and "10pm" not in first  # nothing of the other case

    (first, _) = responder_text(world, team["blair"], f"CLAIM {own}")
    assert (
        f"This person also has case {referred}, held by Avery: coordinate before contacting."
        in first
    )
    # Avery, who claimed first, hears of it too: once.
    assert texts_of(world, team["avery"], "same_person") == [
        f"Case {own}, the same person as your case {referred}, was claimed by Blair: "
        "coordinate before contacting."
    ]
    (again, _) = responder_text(world, team["avery"], f"DETAILS {referred}")
    assert f"This person also has case {own}, held by Blair: coordinate before contacting." in again
    assert len(texts_of(world, team["avery"], "same_person")) == 1
    assert texts_of(world, team["blair"], "same_person") == []


def test_a_referral_made_without_consent_to_text_is_found_by_its_number(world, team):
    _, own = own_request(world)
    _, referred = partner_referral(world, consent_to_text=False)
    responder_text(world, team["avery"], f"CLAIM {referred}")
    (first, _) = responder_text(world, team["blair"], f"CLAIM {own}")
    assert (
        f"This person also has case {referred}, held by Avery: coordinate before contacting."
        in first
    )


def test_both_cases_held_by_the_claimer_are_named_as_theirs(world, team):
    _, own = own_request(world)
    _, referred = partner_referral(world)
    responder_text(world, team["avery"], f"CLAIM {referred}")
    (first, _) = responder_text(world, team["avery"], f"CLAIM {own}")
    assert f"This person also has case {referred}, yours too." in first
    assert texts_of(world, team["avery"], "same_person") == []


def test_a_closed_case_is_not_named(world, team):
    _, own = own_request(world)
    _, referred = partner_referral(world)
    responder_text(world, team["blair"], f"CLAIM {own}")
    responder_text(world, team["blair"], f"CLOSE {own} duplicate")
    (first, _) = responder_text(world, team["avery"], f"CLAIM {referred}")
    assert "This person also has" not in first
    assert texts_of(world, team["blair"], "same_person") == []


def test_offers_after_one_case_was_claimed_name_it_and_its_holder(world, team):
    """A referral claimed by Avery, then the person's own request: whoever is offered it
    hears the person already has a case and who holds it."""
    _, referred = partner_referral(world)
    responder_text(world, team["avery"], f"CLAIM {referred}")
    _, own = own_request(world)

    (offer,) = texts_of(world, team["blair"], "offer")[-1:]
    assert offer.startswith(f"New case {own}:")
    assert f"Same person as {referred}, held by Avery: coordinate." in offer
    assert (encoding(offer), segments(offer)) == ("GSM-7", 2)


def test_offers_before_any_case_was_claimed_say_nothing_of_it(world, team):
    partner_referral(world)
    own_request(world)
    assert not any("Same person" in body for body in texts_of(world, team["blair"], "offer"))


def test_the_claimer_is_told_how_to_deal_with_the_other_unclaimed_case(world, team):
    _, own = own_request(world)
    _, referred = partner_referral(world)
    (first, _) = responder_text(world, team["avery"], f"CLAIM {referred}")
    assert (
        f"This person also has case {own}, not claimed yet: CLAIM {own} too, or ask a "
        "coordinator to close it as a duplicate." in first
    )
