"""A person who speaks Spanish is offered first to responders who speak it; the rest of the team
gets the case at the next step, if no Spanish speaker is on call or none has taken it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Case, CaseEvent, Responder
from routing import jobs
from tests.routing_support import (
    T0,
    add_responder,
    offered_names,
    responder_text,
    send_waiting_texts,
    texts_to,
)
from tests.test_escalation import load, new_case


@pytest.fixture
def team(world):
    """A Spanish-speaking coach, an English-only coach and an English-only coordinator."""
    with world.sessions.begin() as session:
        sofia = add_responder(session, "Sofia", "recovery_coach", languages=("es", "en"))
        eddie = add_responder(session, "Eddie", "recovery_coach")
        add_responder(session, "Dee", "coordinator")
    return {"sofia": sofia.id, "eddie": eddie.id}


def spanish_case(world, **kw) -> tuple[int, str]:
    """A routed case from a Spanish-speaking person; its id and code."""
    kw.setdefault("town", "Amherst")
    kw.setdefault("needs", ["coach", "treatment"])
    case_id = new_case(world, language="es", **kw)
    jobs.route_case(case_id)
    return case_id, load(world, case_id).code


def escalate(world, case_id: int, minutes: int = 0) -> Case:
    """Move the clock on and run the case's live escalation timer."""
    world.clock.advance(minutes=minutes)
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    return load(world, case_id)


def offered(world, case_id: int, step: int, round_: int = 0) -> list[str]:
    with world.sessions() as session:
        return offered_names(session, case_id, round_, step)


def test_a_spanish_case_goes_to_spanish_speakers_first_then_to_the_rest(world, team):
    case_id, code = spanish_case(world)
    assert offered(world, case_id, 0) == ["Sofia"]
    # Eddie was not offered it: his claim is refused like any other such claim.
    assert responder_text(world, team["eddie"], f"CLAIM {code}") == [
        f"Case {code} was not offered to you. Text LIST for your offers."
    ]
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status == "offered"
        assert texts_to(session, session.get_one(Responder, team["eddie"])) == []
    # Ten minutes and no Spanish speaker has taken it: the rest of the team, told who it is for.
    case = escalate(world, case_id, 10)
    assert (case.escalation_round, case.escalation_step) == (0, 1)
    assert offered(world, case_id, 1) == ["Eddie"]
    with world.sessions() as session:
        (offer,) = texts_to(session, session.get_one(Responder, team["eddie"]), "offer")
    assert offer.startswith(f"Still unclaimed: case {code}:")
    assert "Speaks Spanish." in offer
    # The coordinator step is as it always was.
    escalate(world, case_id, 15)
    assert offered(world, case_id, 2) == ["Dee"]
    # The next round starts with the Spanish speaker again.
    escalate(world, case_id, 30)
    assert offered(world, case_id, 0, round_=1) == ["Sofia"]


def test_the_rest_of_the_team_can_claim_once_it_is_offered_to_them(world, team):
    case_id, code = spanish_case(world)
    escalate(world, case_id, 10)
    send_waiting_texts(world)
    # Sofia, who speaks Spanish, still holds her offer: Eddie is asked first, then takes it.
    assert responder_text(world, team["eddie"], f"CLAIM {code}") == [
        f"Case {code}: the person writes in Spanish and Sofia, who speaks Spanish, has it too. "
        f"Reply CLAIM {code} YES to take it anyway."
    ]
    (first, _) = responder_text(world, team["eddie"], f"CLAIM {code} YES")
    assert first.startswith(f"Case {code} is yours.")
    with world.sessions() as session:
        (taken,) = texts_to(session, session.get_one(Responder, team["sofia"]), "offer_taken")
    assert taken == f"Case {code} was taken by Eddie. Thanks, nothing more to do."


def test_with_no_spanish_speaker_on_call_the_rest_get_it_at_once(world, team):
    with world.sessions.begin() as session:
        session.get_one(Responder, team["sofia"]).available = False  # texted OFF
    case_id, code = spanish_case(world)
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        nobody = session.scalar(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "nobody_at_step"
            )
        )
    assert (case.escalation_round, case.escalation_step) == (0, 1)
    assert case.next_escalation_at == T0 + timedelta(minutes=15)
    assert nobody.data == {"step": 0, "offer_to": "matching", "language": "es"}
    assert offered(world, case_id, 1) == ["Eddie"]
    (first, _) = responder_text(world, team["eddie"], f"CLAIM {code}")
    assert first.startswith(f"Case {code} is yours.")


def test_when_the_spanish_speakers_pass_the_rest_get_it_at_once(world, team):
    case_id, code = spanish_case(world)
    assert responder_text(world, team["sofia"], f"PASS {code}") == [
        f"Passed on case {code}. Thanks for letting us know."
    ]
    escalate(world, case_id)  # the timer the pass armed for now
    assert offered(world, case_id, 1) == ["Eddie"]


def test_a_spanish_family_case_goes_to_a_spanish_speaker_before_the_family_specialist(world):
    with world.sessions.begin() as session:
        add_responder(session, "Fay", "family_support_specialist")
        add_responder(session, "Sofia", "recovery_coach", languages=("es", "en"))
    case_id, _ = spanish_case(world, kind="family", needs=["self"])
    assert offered(world, case_id, 0) == ["Sofia"]
    escalate(world, case_id, 10)
    assert offered(world, case_id, 1) == ["Fay"]


@pytest.mark.parametrize("peers_only", [True, False])
def test_peers_only_holds_at_every_step_of_a_spanish_case(world, peers_only):
    with world.sessions.begin() as session:
        add_responder(session, "Pablo", "police_officer", languages=("es", "en"))
        add_responder(session, "Mora", "coordinator", "police_officer", languages=("es",))
        add_responder(session, "Eddie", "recovery_coach")
        add_responder(session, "Dee", "coordinator")
    case_id, _ = spanish_case(world, peers_only=peers_only)
    steps = [offered(world, case_id, 0)]
    for minutes in (10, 15, 30):
        case = escalate(world, case_id, minutes)
        steps.append(offered(world, case_id, case.escalation_step, case.escalation_round))
    if peers_only:
        # No Spanish speaker but the officers: the peers get it at once, never an officer.
        assert steps == [[], ["Eddie"], ["Dee"], ["Eddie"]]
    else:
        # Mora is an officer too: a field responder, and a coordinator at their step.
        assert steps == [["Pablo", "Mora"], ["Eddie"], ["Mora", "Dee"], ["Pablo", "Mora"]]


def test_a_policy_whose_only_field_step_is_the_first_keeps_no_one_out(world):
    """With [matching, coordinator] no later step offers the case to the rest of the team, so
    the first step cannot keep to Spanish speakers: the English-only coach gets it."""
    from models import EscalationPolicy

    with world.sessions.begin() as session:
        eddie = add_responder(session, "Eddie", "recovery_coach").id
        add_responder(session, "Dee", "coordinator")
        session.add(
            EscalationPolicy(
                name="short",
                steps=[{"offer_to": "matching", "wait_minutes": 10}, {"offer_to": "coordinator"}],
                repeat_minutes=30,
                is_default=True,
            )
        )
    _, code = spanish_case(world)
    assert "is yours" in responder_text(world, eddie, f"CLAIM {code}")[0]


def test_a_spanish_case_handed_back_goes_to_another_spanish_speaker_first(world, team):
    """Sofia claims a Spanish-speaking person's case and hands it back: the new round keeps to
    Spanish speakers but her (Lucia), and Eddie hears of it only at the next step."""
    with world.sessions.begin() as session:
        lucia = add_responder(session, "Lucia", "recovery_coach", languages=("es",)).id
    case_id, code = spanish_case(world)
    assert offered(world, case_id, 0) == ["Sofia", "Lucia"]
    responder_text(world, team["sofia"], f"CLAIM {code}")
    assert responder_text(world, team["sofia"], f"RELEASE {code} me enfermé")[0].startswith(
        f"Case {code} is back with the team"
    )
    assert offered(world, case_id, 0, round_=1) == ["Lucia"]
    assert offered(world, case_id, 1, round_=1) == []
    responder_text(world, lucia, f"PASS {code}")
    escalate(world, case_id)  # the timer the pass armed for now
    assert offered(world, case_id, 1, round_=1) == ["Eddie"]


def test_a_spanish_case_handed_back_by_the_only_speaker_goes_to_the_rest_at_once(world, team):
    case_id, code = spanish_case(world)
    responder_text(world, team["sofia"], f"CLAIM {code}")
    responder_text(world, team["sofia"], f"RELEASE {code}")
    assert offered(world, case_id, 0, round_=1) == []
    assert offered(world, case_id, 1, round_=1) == ["Eddie"]


def test_when_the_only_spanish_speaker_goes_off_the_rest_get_it_at_once(world, team):
    case_id, code = spanish_case(world)
    assert offered(world, case_id, 0) == ["Sofia"]
    assert responder_text(world, team["sofia"], "OFF")[0].endswith(
        f"Your open offer of case {code} is handed on to the team."
    )
    escalate(world, case_id)  # the timer her OFF armed for now, not 10 minutes on
    assert offered(world, case_id, 1) == ["Eddie"]
