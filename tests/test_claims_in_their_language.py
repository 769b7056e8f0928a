"""A case whose person writes in Spanish, claimed by SMS by someone who does not speak it: while
a Spanish speaker holds an open offer of it, the CLAIM asks first; taken anyway (or with no
Spanish speaker holding an offer), the claimer is told at once who on the team speaks it and
the coordinators are told, so the person can still be reached in their language."""

from __future__ import annotations

import pytest

from models import Case, Contact, Offer, Responder
from routing import jobs
from tests.routing_support import add_responder, responder_text, send_waiting_texts, texts_to
from tests.test_escalation import load, new_case


@pytest.fixture
def team(world):
    """As on the sample roster: Blair speaks Spanish, Avery does not, Emery coordinates and
    speaks Spanish too."""
    with world.sessions.begin() as session:
        blair = add_responder(session, "Blair", "harm_reduction_specialist", languages=("en", "es"))
        avery = add_responder(session, "Avery", "recovery_coach")
        emery = add_responder(session, "Emery", "coordinator", languages=("en", "es"))
    return {"blair": blair.id, "avery": avery.id, "emery": emery.id}


def spanish_case(world) -> tuple[int, str]:
    case_id = new_case(world, language="es", town="Northampton", needs=["naloxone"])
    jobs.route_case(case_id)
    return case_id, load(world, case_id).code


def open_offer_holders(world, case_id: int) -> list[str]:
    with world.sessions() as session:
        return sorted(
            session.get_one(Responder, offer.responder_id).name
            for offer in session.query(Offer).filter_by(case_id=case_id, status="open")
        )


def texts_of(world, responder_id: int, purpose: str | None = None) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), purpose)


def blair_off_then_on(world, team, case_id: int) -> None:
    """Blair texts OFF (the case goes on to Avery), then ON (the offer comes back to her),
    each followed by the job the worker would run."""
    send_waiting_texts(world)
    responder_text(world, team["blair"], "OFF")
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    world.clock.advance(minutes=2)
    responder_text(world, team["blair"], "ON")
    jobs.offer_on_return(case_id, team["blair"])
    send_waiting_texts(world)


def test_a_claim_without_the_language_asks_first_while_a_speaker_holds_an_offer(world, team):
    case_id, code = spanish_case(world)
    blair_off_then_on(world, team, case_id)
    assert open_offer_holders(world, case_id) == ["Avery", "Blair"]
    before = load(world, case_id)

    assert responder_text(world, team["avery"], f"CLAIM {code}") == [
        f"Case {code}: the person writes in Spanish and Blair, who speaks Spanish, has it too. "
        f"Reply CLAIM {code} YES to take it anyway."
    ]
    # Nothing changed: the case is still Blair's to take, and its escalation runs on.
    case = load(world, case_id)
    assert case.status == "offered" and case.claimed_by_id is None
    assert (case.escalation_token, case.next_escalation_at) == (
        before.escalation_token,
        before.next_escalation_at,
    )
    assert open_offer_holders(world, case_id) == ["Avery", "Blair"]
    assert texts_of(world, team["blair"], "offer_taken") == []

    (first, _second) = responder_text(world, team["blair"], f"CLAIM {code}")
    assert first.startswith(f"Case {code} is yours.")
    assert "Spanish" not in first
    assert texts_of(world, team["emery"], "language_claim") == []


def test_taken_anyway_the_claimer_hears_who_speaks_it_and_the_coordinators_are_told(world, team):
    case_id, code = spanish_case(world)
    blair_off_then_on(world, team, case_id)
    responder_text(world, team["avery"], f"CLAIM {code}")

    first, _second = responder_text(world, team["avery"], f"claim {code.lower()} yes")
    assert first.startswith(
        f"Case {code} is yours. They write in Spanish; you are not listed as speaking it. "
        "Blair and Emery speak it: ask one of them or a coordinator to help you reach them."
    )
    assert load(world, case_id).claimed_by_id == team["avery"]
    assert texts_of(world, team["blair"], "offer_taken") == [
        f"Case {code} was taken by Avery. Thanks, nothing more to do."
    ]
    assert texts_of(world, team["emery"], "language_claim") == [
        f"Case {code} (the person writes in Spanish) was claimed by Avery, who is not listed as "
        "speaking Spanish. Blair and Emery speak it: help them reach the person, or reassign "
        "the case in the admin."
    ]
    # DETAILS says it again; the coordinators are not told twice.
    (again, _) = responder_text(world, team["avery"], f"DETAILS {code}")
    assert "They write in Spanish; you are not listed as speaking it." in again
    assert len(texts_of(world, team["emery"], "language_claim")) == 1


def test_with_no_speaker_holding_an_offer_the_claim_goes_through_and_says_so(world, team):
    with world.sessions.begin() as session:
        session.get_one(Responder, team["blair"]).available = False  # texted OFF
    case_id, code = spanish_case(world)
    assert open_offer_holders(world, case_id) == ["Avery"]

    first, _second = responder_text(world, team["avery"], f"CLAIM {code}")
    assert first.startswith(
        f"Case {code} is yours. They write in Spanish; you are not listed as speaking it."
    )
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status == "claimed"
    (told,) = texts_of(world, team["emery"], "language_claim")
    assert "was claimed by Avery, who is not listed as speaking Spanish" in told


def test_with_nobody_on_the_roster_who_speaks_it_the_coordinators_are_asked_to_find_a_way(world):
    with world.sessions.begin() as session:
        avery = add_responder(session, "Avery", "recovery_coach").id
        dee = add_responder(session, "Dee", "coordinator").id
    case_id, code = spanish_case(world)
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)

    first, _second = responder_text(world, avery, f"CLAIM {code}")
    assert (
        "They write in Spanish; you are not listed as speaking it. Nobody else on the roster "
        "does: ask a coordinator how to reach them in Spanish." in first
    )
    assert texts_of(world, dee, "language_claim") == [
        f"Case {code} (the person writes in Spanish) was claimed by Avery, who is not listed as "
        "speaking Spanish. Nobody on the roster speaks it: please help find a way to reach "
        "the person in Spanish."
    ]


def test_an_english_speakers_case_asks_nothing(world, team):
    case_id = new_case(world, town="Northampton", needs=["coach"])
    jobs.route_case(case_id)
    code = load(world, case_id).code
    first, _second = responder_text(world, team["avery"], f"CLAIM {code}")
    assert first.startswith(f"Case {code} is yours. First contact by")
    assert texts_of(world, team["emery"], "language_claim") == []


@pytest.fixture
def gale_team(world):
    """Blair speaks Spanish; Gale coordinates in English only; Emery coordinates and speaks
    Spanish, but her number opted out of texts."""
    with world.sessions.begin() as session:
        blair = add_responder(session, "Blair", "harm_reduction_specialist", languages=("en", "es"))
        gale = add_responder(session, "Gale", "coordinator")
        emery = add_responder(session, "Emery", "coordinator", languages=("en", "es"))
        session.get_one(Contact, emery.contact_id).opted_out_at = world.clock()
    return {"blair": blair.id, "gale": gale.id, "emery": emery.id}


def test_speakers_who_passed_or_cannot_be_texted_are_not_named_and_no_coordinator_is_said(
    world, gale_team
):
    """Blair passed the case and Emery can't be texted: naming them sends the claimer to
    nobody. With no other coordinator to tell, the claimer hears it plainly."""
    _case_id, code = spanish_case(world)
    (asked,) = responder_text(world, gale_team["gale"], f"CLAIM {code}")
    assert asked.endswith(f"Reply CLAIM {code} YES to take it anyway.")
    responder_text(world, gale_team["blair"], f"PASS {code}")

    first, _second = responder_text(world, gale_team["gale"], f"CLAIM {code}")
    assert first.startswith(
        f"Case {code} is yours. They write in Spanish; you are not listed as speaking it. "
        "Blair, who speaks it, passed this case, and nobody else who speaks it can be texted. "
        "No other coordinator could be told: find a way to reach them in Spanish, or ask the "
        "program's staff."
    )
    assert "Emery" not in first


def test_a_bare_yes_after_the_ask_takes_the_case(world, team):
    case_id, code = spanish_case(world)
    blair_off_then_on(world, team, case_id)
    responder_text(world, team["avery"], f"CLAIM {code}")

    first, _second = responder_text(world, team["avery"], "yes")
    assert first.startswith(f"Case {code} is yours.")
    assert load(world, case_id).claimed_by_id == team["avery"]


def test_a_bare_yes_with_no_ask_pending_is_no_claim(world, team):
    case_id, code = spanish_case(world)
    blair_off_then_on(world, team, case_id)
    (reply,) = responder_text(world, team["avery"], "YES")
    assert not reply.startswith(f"Case {code} is yours")
    assert load(world, case_id).claimed_by_id is None


def test_a_bare_yes_from_a_coordinator_asked_first_takes_the_case(world, gale_team):
    case_id, code = spanish_case(world)
    responder_text(world, gale_team["gale"], f"CLAIM {code}")
    first, _second = responder_text(world, gale_team["gale"], "Yes!")
    assert first.startswith(f"Case {code} is yours.")
    assert load(world, case_id).claimed_by_id == gale_team["gale"]


def test_a_bare_yes_long_after_the_ask_is_no_claim(world, team):
    case_id, code = spanish_case(world)
    blair_off_then_on(world, team, case_id)
    responder_text(world, team["avery"], f"CLAIM {code}")
    world.clock.advance(minutes=31)
    responder_text(world, team["avery"], "yes")
    assert load(world, case_id).claimed_by_id is None
