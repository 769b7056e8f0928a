"""A case about a responder's own number (they asked for help from their phone, or a partner
referred it) is never offered to them, nor are they told of it as a coordinator: it goes to the
rest of the team, and when nobody else is left the timeline says so, as for any case nobody
could be offered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hotline.case_actions import CaseActionError, assign_case, assign_choices
from models import Case, CaseEvent, Contact, Message, Responder
from routing import jobs
from routing.claims import Staff, claim_case
from routing.intake import create_case
from routing.sweep import sweep
from tests.routing_support import (
    T0,
    add_case,
    add_responder,
    events_of,
    offers_of,
    responder_text,
    texts_to,
)
from tests.test_escalation import load

# Friday 8:00 in Northampton (EDT): the first morning summary after a Tuesday noon case breaches.
FRIDAY_MORNING = T0 + timedelta(hours=68)


def self_referral_from(world, responder) -> int:
    """The responder texts the hotline for help from their own phone (a case as the flow
    engine makes it), routed."""
    with world.sessions.begin() as session:
        contact = session.get_one(Contact, responder.contact_id)
        case_id = add_case(session, now=world.clock(), contact=contact).id
    jobs.route_case(case_id)
    return case_id


def partner_referral_of(world, responder, *, consent_to_text: bool) -> int:
    """A partner refers the responder's own number, routed. Without consent to text the case
    is linked to no contact: the number is only in its encrypted details."""
    with world.sessions.begin() as session:
        contact = session.get_one(Contact, responder.contact_id)
        case_id = create_case(
            session,
            kind="partner",
            source="partner",
            now=world.clock(),
            response_window_hours=24,
            breach_hours=48,
            contact=contact if consent_to_text else None,
            town="Northampton",
            contact_method="text" if consent_to_text else "call",
            peers_only=False,
            details={
                "phone": contact.phone,
                "consent_to_text": consent_to_text,
                "referral_type": "post_overdose",
                "partner": "Cooley Dickinson ED",
            },
        ).id
    jobs.route_case(case_id)
    return case_id


def walk_rounds(world, case_id: int, rounds: int = 2) -> None:
    """Let the case escalate step after step, round after round, nobody claiming."""
    for _ in range(rounds * 3):
        case = load(world, case_id)
        if case.next_escalation_at is None:
            return
        world.clock.now = max(world.clock.now, case.next_escalation_at)
        jobs.escalate_case(case_id, case.escalation_token)


def offered_to(world, case_id: int) -> set[int]:
    with world.sessions() as session:
        return {offer.responder_id for offer in offers_of(session, case_id)}


def test_a_responder_who_asks_for_help_from_their_phone_is_never_offered_their_own_case(world):
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        carl = add_responder(session, "Carl", "recovery_coach")
        hal = add_responder(session, "Hal", "harm_reduction_specialist")
        dee = add_responder(session, "Dee", "coordinator")
    case_id = self_referral_from(world, cora)
    walk_rounds(world, case_id)
    assert offered_to(world, case_id) == {carl.id, hal.id, dee.id}
    with world.sessions() as session:
        assert texts_to(session, cora) == []
        assert load(world, case_id).escalation_round >= 1


def test_a_partner_referral_of_a_responders_number_is_never_offered_to_them(world):
    """With consent to text (the case is linked to their contact) and without (the number is
    only in the encrypted details), at every step of every round."""
    with world.sessions.begin() as session:
        pat = add_responder(session, "Pat", "police_officer")
        cora = add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
    linked = partner_referral_of(world, pat, consent_to_text=True)
    unlinked = partner_referral_of(world, pat, consent_to_text=False)
    for case_id in (linked, unlinked):
        walk_rounds(world, case_id)
        assert offered_to(world, case_id) == {cora.id, dee.id}
    with world.sessions() as session:
        assert texts_to(session, pat) == []


def test_a_coordinators_own_case_goes_to_another_coordinator_even_one_off_shift(world):
    """Dee is the only coordinator on call and the case is about her: the coordinator step
    reaches Max, off shift, as it would if no coordinator were on call; the deadline, breach
    and morning summary go to Max, never to Dee."""
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
        max_ = add_responder(session, "Max", "coordinator", always_on=False)
    case_id = partner_referral_of(world, dee, consent_to_text=False)
    assert offered_to(world, case_id) == {max_.id}
    world.clock.now = T0 + timedelta(hours=48, minutes=1)
    jobs.deadline_check(case_id)
    world.clock.now = FRIDAY_MORNING + timedelta(minutes=1)
    assert sweep(world.clock()).summaries == [max_.id]
    with world.sessions() as session:
        assert texts_to(session, dee) == []
        assert len(texts_to(session, max_, "deadline")) == 1
        assert len(texts_to(session, max_, "breach")) == 1
        assert len(texts_to(session, max_, "breach_summary")) == 1


def test_when_nobody_else_is_left_the_timeline_says_so(world):
    """Cora is the whole roster and the case is about her: nobody is offered it, and the
    timeline says so step by step, then at the deadline that no coordinator was told, as for
    any case nobody could be offered."""
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach", "coordinator")
    case_id = self_referral_from(world, cora)
    case = load(world, case_id)
    assert case.status == "new"
    assert case.next_escalation_at == T0 + timedelta(minutes=30)
    world.clock.now = T0 + timedelta(hours=24, minutes=1)
    jobs.deadline_check(case_id)
    with world.sessions() as session:
        assert offers_of(session, case_id) == []
        # As the person who asked for help, she is told we are still trying; as a
        # responder, she hears nothing of it.
        purposes = session.scalars(
            select(Message.purpose).where(Message.contact_id == cora.contact_id)
        ).all()
        assert purposes == ["still_trying"]
        kinds = events_of(session, case_id)
        assert kinds.count("nobody_at_step") == 3
        # The round reached no one (she cannot be offered her own case): said once.
        assert kinds[-5:] == [
            "no_responder",
            "reached_no_one",
            "deadline_passed",
            "no_coordinator",
            "person_told",
        ]
        told = session.scalar(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "no_coordinator"
            )
        )
        assert told.data["purpose"] == "deadline"
        assert session.get_one(Case, case_id).status == "new"


NO_CASE = "No case {code}. Check the code, or text LIST for your cases and offers."


def coordinators_dee_and_max(world) -> tuple[int, int, int, str]:
    """Dee and Max coordinate; a partner refers Dee's own number without consent to text, so
    the case is offered to Max only. Dee's id, Max's id, the case's id and code."""
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
        max_ = add_responder(session, "Max", "coordinator")
    case_id = partner_referral_of(world, dee, consent_to_text=False)
    assert offered_to(world, case_id) == {max_.id}
    return dee.id, max_.id, case_id, load(world, case_id).code


def test_a_coordinators_list_leaves_out_a_case_about_their_own_number(world):
    dee, max_, _case_id, code = coordinators_dee_and_max(world)
    with world.sessions.begin() as session:
        other = add_case(session, now=world.clock(), town="Amherst").code
    (listed,) = responder_text(world, dee, "LIST")
    assert code not in listed
    assert f"{other} Amherst" in listed  # other waiting cases are still hers to see
    (for_max,) = responder_text(world, max_, "LIST")
    assert f"{code} Northampton" in for_max
    # Named after another case's code, it is no case either: she is not invited to claim it.
    replies = responder_text(world, dee, f"CLAIM {other} and {code}")
    assert replies[0].startswith(f"Case {other} is yours")
    assert code not in " ".join(replies)


def test_a_coordinators_claim_of_their_own_case_gets_the_unknown_code_reply(world):
    """The reply is the one a code that names no case gets: it says nothing of the case, not
    even that there is one. Nothing changes, and Max is told nothing."""
    dee, max_, case_id, code = coordinators_dee_and_max(world)
    assert responder_text(world, dee, f"CLAIM {code}") == [NO_CASE.format(code=code)]
    assert responder_text(world, dee, "CLAIM ZZ9Q") == [NO_CASE.format(code="ZZ9Q")]
    case = load(world, case_id)
    assert case.status == "offered" and case.claimed_by_id is None
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, max_), "offer_taken") == []
        assert "claimed" not in events_of(session, case_id)
    assert "is yours" in responder_text(world, max_, f"CLAIM {code}")[0]


def test_the_admin_cannot_give_a_responder_a_case_about_their_own_number(world):
    """Assigned from the admin, as claimed by text: refused, nothing changes, Dee hears
    nothing; the staff member is told why (they can read the case's number anyway)."""
    dee, max_, case_id, code = coordinators_dee_and_max(world)
    with world.sessions.begin() as session:
        outcome = claim_case(
            session,
            session.get_one(Case, case_id),
            session.get_one(Responder, dee),
            world.clock(),
            world.settings,
            by=Staff("admin"),
        )
        assert (outcome.ok, outcome.reason) == (False, "own_number")
    with world.sessions.begin() as session, pytest.raises(CaseActionError, match="own number"):
        assign_case(session, code, dee, "admin", world.clock(), world.settings)
    with world.sessions() as session:
        choices = assign_choices(session, session.get_one(Case, case_id), world.clock(), "UTC")
        assert [r.id for r in choices.responders] == [max_]
        left_out = [(r.id, why) for r, why in choices.left_out]
        assert left_out == [(dee, "the case is about their own number")]
    assert load(world, case_id).claimed_by_id is None
    assert offered_to(world, case_id) == {max_}
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, dee)) == []
