"""Cases handed back to the team (a responder deactivated, or now police): offered by the
roster as it ends up, never left with someone off it, and not reminded as if nobody had reached
the person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session, sessionmaker

from flows.sms import encoding
from hotline.case_actions import CaseActionError, assign_case
from hotline.cli_routing import RosterRow, load_rows
from models import Case, Contact, Responder
from routing import jobs
from routing.claims import claim_case, hand_back, mark_contacted, release_responder_cases
from routing.commands import handle_responder_text
from tests.routing_support import (
    T0,
    RoutingWorld,
    add_responder,
    commit_once_blocked,
    events_of,
    offered_names,
    postgres_world,
    texts_to,
)
from tests.test_escalation import load, new_case


def claim_as(world, case_id: int, responder_id: int) -> None:
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        holder = session.get_one(Responder, responder_id)
        assert claim_case(session, case, holder, world.clock(), world.settings).ok


def phone_of(world, responder_id: int) -> str:
    with world.sessions() as session:
        responder = session.get_one(Responder, responder_id)
        return session.get_one(Contact, responder.contact_id).phone


def test_a_roster_load_offers_a_released_case_only_by_the_roster_as_loaded(world):
    """One CSV: Ana leaves (row 1), Ben becomes a police officer (row 2). Ana's peers-only case
    is re-offered while row 2 is not applied yet, so Ben, a police officer once the file is
    loaded, is texted the peers-only case (his offer is then withdrawn, the text still goes)."""
    with world.sessions.begin() as session:
        ana = add_responder(session, "Ana", "recovery_coach").id
        ben = add_responder(session, "Ben", "recovery_coach").id
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    claim_as(world, case_id, ana)
    ana_phone, ben_phone = phone_of(world, ana), phone_of(world, ben)
    with world.sessions() as session:
        before = len(texts_to(session, session.get_one(Responder, ben), "offer"))
    rows = [
        RosterRow(2, "Ana", ana_phone, ["recovery_coach"], ["en"], [], False, []),
        RosterRow(3, "Ben", ben_phone, ["police_officer"], ["en"], [], True, []),
    ]
    with world.sessions.begin() as session:
        load_rows(session, rows, world.clock(), world.settings)
    with world.sessions() as session:
        ben_row = session.get_one(Responder, ben)
        assert ben_row.roles == ["police_officer"]
        # The person asked for no police: a police officer must not be texted their case.
        assert texts_to(session, ben_row, "offer")[before:] == []


def test_a_roster_load_never_offers_a_released_case_to_someone_it_deactivates(world):
    with world.sessions.begin() as session:
        ana = add_responder(session, "Ana", "recovery_coach").id
        ben = add_responder(session, "Ben", "recovery_coach").id
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, ana)
    with world.sessions() as session:
        before = len(texts_to(session, session.get_one(Responder, ben), "offer"))
    rows = [
        RosterRow(2, "Ana", phone_of(world, ana), ["recovery_coach"], ["en"], [], False, []),
        RosterRow(3, "Ben", phone_of(world, ben), ["recovery_coach"], ["en"], [], False, []),
    ]
    with world.sessions.begin() as session:
        load_rows(session, rows, world.clock(), world.settings)
    with world.sessions() as session:
        # Ben left the roster in the same file: he must not be offered a case.
        assert texts_to(session, session.get_one(Responder, ben), "offer")[before:] == []


def test_the_roster_warns_when_every_coordinator_is_police(world):
    """The only coordinator is a police officer. Texted cases are peers-only by default, so
    their coordinator step, deadline and breach notices reach nobody, yet the roster page
    does not warn."""
    from hotline.admin.roster_views import _coverage_warnings

    with world.sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach")
        add_responder(session, "Pat", "police_officer", "coordinator")
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    world.clock.now = T0 + timedelta(hours=24, minutes=1)
    jobs.deadline_check(case_id)
    with world.sessions() as session:
        assert "no_coordinator" in events_of(session, case_id)  # nobody was told
        warnings = _coverage_warnings(session, T0, ZoneInfo("America/New_York"))
    assert warnings["police_coordinators_only"] and not warnings["no_coordinator"]


def test_a_released_case_already_contacted_is_not_reminded_as_if_nobody_had(world):
    """Cora reached the person (CONTACTED), then became a police officer on a case whose
    person asked for peers only: the case goes back to the team. Carl claims it and is not
    reminded that first contact is due."""
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach").id
        carl = add_responder(session, "Carl", "recovery_coach").id
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    claim_as(world, case_id, cora)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        assert mark_contacted(session, case, session.get_one(Responder, cora), T0).ok
    with world.sessions.begin() as session:
        holder = session.get_one(Responder, cora)
        holder.roles = ["police_officer"]
        assert release_responder_cases(session, holder, T0, world.settings, "staff")
    claim_as(world, case_id, carl)
    world.clock.now = T0 + timedelta(hours=20)
    jobs.remind_claimer(case_id)
    with world.sessions() as session:
        reminders = texts_to(session, session.get_one(Responder, carl), "reminder")
    assert reminders == [], reminders


@dataclass
class InFlight:
    """Cora holds the only responder's offer of a (peers-only) case; Dee coordinates."""

    world: RoutingWorld
    sessions: sessionmaker[Session]
    cora: int
    case_id: int
    code: str


@pytest.fixture
def in_flight(pg_engine, redis_conn) -> Iterator[InFlight]:
    with postgres_world(pg_engine, redis_conn) as world:
        sessions = world.sessions
        with sessions.begin() as session:
            cora = add_responder(session, "Cora", "recovery_coach").id
            add_responder(session, "Dee", "coordinator")
        case_id = new_case(world, peers_only=True)
        jobs.route_case(case_id)  # offered to Cora
        yield InFlight(world, sessions, cora, case_id, load(world, case_id).code)


def test_a_claim_in_flight_when_a_responder_is_deactivated_never_leaves_them_holding_it(
    in_flight,
):
    """Staff deactivate Cora while her CLAIM (for an offer she holds) is being handled: the
    release runs, yet the case ends up claimed by a responder no longer on the roster."""
    world, sessions, cora = in_flight.world, in_flight.sessions, in_flight.cora
    claim_session = sessions()
    contact = claim_session.get_one(Contact, claim_session.get_one(Responder, cora).contact_id)
    # Cora's CLAIM has taken the case's row, not committed yet.
    handle_responder_text(claim_session, contact, f"CLAIM {in_flight.code}", world.clock())

    def deactivate() -> None:
        with sessions.begin() as session:
            holder = session.get_one(Responder, cora)
            holder.active = False
            session.flush()
            release_responder_cases(session, holder, world.clock(), world.settings, "staff")

    commit_once_blocked(claim_session, sessions, deactivate)  # the release waits for the claim
    with sessions() as session:
        case = session.get_one(Case, in_flight.case_id)
        assert not session.get_one(Responder, cora).active
        assert case.claimed_by_id != cora, "a deactivated responder holds the case"


def test_a_claim_in_flight_when_a_responder_becomes_police_never_gives_them_a_peers_only_case(
    in_flight,
):
    """Staff make Cora a police officer (her open offer of a peers-only case is withdrawn)
    while her CLAIM of that case is being handled: the claim read her roles before the change
    committed, so it must wait for the change and refuse, not hand the case to an officer."""
    world, sessions, cora = in_flight.world, in_flight.sessions, in_flight.cora
    code = in_flight.code
    # Staff's change is made and the offer withdrawn, not committed yet.
    staff = sessions()
    holder = staff.get_one(Responder, cora)
    holder.roles = ["recovery_coach", "police_officer"]
    staff.flush()
    release_responder_cases(staff, holder, world.clock(), world.settings, "staff")

    replies: list[list[str] | None] = []

    def claim() -> None:
        with sessions() as session:
            responder = session.get_one(Responder, cora)
            contact = session.get_one(Contact, responder.contact_id)
            replies.append(handle_responder_text(session, contact, f"CLAIM {code}", world.clock()))
            session.commit()

    commit_once_blocked(staff, sessions, claim)  # the claim waits for staff's change
    assert replies == [
        [
            f"Case {code} asked for peer responders only (no police), so it goes to a peer. "
            "Thank you."
        ]
    ]
    case = load(world, in_flight.case_id)
    assert case.claimed_by_id != cora, "a police officer holds a peers-only case"
    assert case.status == "offered"


@dataclass
class Reassigning:
    """Cora has claimed the peers-only case; staff are about to hand it to Ben, a peer."""

    in_flight: InFlight
    ben: int


@pytest.fixture
def reassigning(in_flight) -> Reassigning:
    claim_as(in_flight.world, in_flight.case_id, in_flight.cora)
    with in_flight.sessions.begin() as session:
        ben = add_responder(session, "Ben", "recovery_coach").id
    return Reassigning(in_flight, ben)


def reassign_while_ben_changes(reassigning: Reassigning, change: Callable[[Responder], None]):
    """Another admin's change to Ben is made (and his cases released), not committed yet,
    when staff hand him the case; what the admin is told, if the handover is refused."""
    in_flight = reassigning.in_flight
    world, sessions = in_flight.world, in_flight.sessions
    other_admin = sessions()
    ben = other_admin.get_one(Responder, reassigning.ben)
    change(ben)
    other_admin.flush()
    release_responder_cases(other_admin, ben, world.clock(), world.settings, "staff")

    refusals: list[str] = []

    def reassign() -> None:
        with sessions() as session:
            try:
                assign_case(
                    session, in_flight.code, reassigning.ben, "staff", world.clock(), world.settings
                )
            except CaseActionError as exc:
                refusals.append(str(exc))
                session.rollback()
            else:
                session.commit()

    commit_once_blocked(other_admin, sessions, reassign)  # the handover waits for the change
    return refusals


def test_a_reassignment_in_flight_when_a_responder_becomes_police_is_refused(reassigning):
    """Staff hand Cora's peers-only case to Ben while another admin is making Ben a police
    officer: the handover read his roles before that change committed, so it must wait for it
    and refuse, not give the case to an officer."""

    def make_police(ben: Responder) -> None:
        ben.roles = ["recovery_coach", "police_officer"]

    assert reassign_while_ben_changes(reassigning, make_police) == [
        "this person asked for no police and Ben is a police officer. "
        "Please choose a peer responder"
    ]
    case = load(reassigning.in_flight.world, reassigning.in_flight.case_id)
    assert case.claimed_by_id == reassigning.in_flight.cora, "a police officer holds the case"


def test_a_reassignment_in_flight_when_a_responder_is_deactivated_is_refused(reassigning):
    def deactivate(ben: Responder) -> None:
        ben.active = False

    assert reassign_while_ben_changes(reassigning, deactivate) == [
        "Ben is no longer active. Please choose an active responder"
    ]
    case = load(reassigning.in_flight.world, reassigning.in_flight.case_id)
    assert case.claimed_by_id == reassigning.in_flight.cora, "a deactivated responder holds it"


def test_a_case_handed_back_skips_who_handed_it_back_until_the_next_round(world):
    """Cora hands back a case she claimed: the new round offers it to everyone but her, step
    by step; the round after may offer it to her again."""
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach").id
        add_responder(session, "Carl", "recovery_coach")
        add_responder(session, "Hal", "harm_reduction_specialist")
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    claim_as(world, case_id, cora)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        holder = session.get_one(Responder, cora)
        assert hand_back(session, case, holder, world.clock(), world.settings, "sick").ok
    walk = [(0, (1, 0), ["Carl"]), (10, (1, 1), ["Hal"]), (15, (1, 2), ["Dee"])]
    walk.append((30, (2, 0), ["Cora", "Carl"]))
    for minutes, (round_, step), names in walk:
        world.clock.advance(minutes=minutes)
        if minutes:
            jobs.escalate_case(case_id, load(world, case_id).escalation_token)
        case = load(world, case_id)
        assert (case.escalation_round, case.escalation_step) == (round_, step)
        with world.sessions() as session:
            assert offered_names(session, case_id, round_, step) == names


def test_handing_back_twice_does_nothing_the_second_time(world):
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach").id
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, cora)
    outcomes = []
    for _ in range(2):
        with world.sessions.begin() as session:
            case = session.get_one(Case, case_id)
            holder = session.get_one(Responder, cora)
            outcomes.append(hand_back(session, case, holder, world.clock(), world.settings))
    assert [(o.ok, o.reason) for o in outcomes] == [(True, "handed_back"), (False, "not_yours")]
    with world.sessions() as session:
        assert events_of(session, case_id).count("released") == 1


def test_a_release_while_staff_reassign_the_case_leaves_it_with_whom_they_chose(reassigning):
    """Staff hand Cora's case to Ben at the moment Cora texts RELEASE: her release waits for
    the handover and finds the case no longer hers, rather than sending Ben's case back to the
    team."""
    in_flight = reassigning.in_flight
    world, sessions, cora = in_flight.world, in_flight.sessions, in_flight.cora
    code = in_flight.code
    staff = sessions()
    assign_case(staff, code, reassigning.ben, "staff", world.clock(), world.settings)
    replies: list[list[str] | None] = []

    def cora_releases() -> None:
        with sessions() as session:
            contact = session.get_one(Contact, session.get_one(Responder, cora).contact_id)
            replies.append(
                handle_responder_text(session, contact, f"RELEASE {code} sick", world.clock())
            )
            session.commit()

    commit_once_blocked(staff, sessions, cora_releases)  # the release waits for the handover
    assert replies == [[f"Case {code} is not one of your cases. Text LIST for yours."]]
    case = load(world, in_flight.case_id)
    assert (case.status, case.claimed_by_id) == ("claimed", reassigning.ben)
    with sessions() as session:
        assert "released" not in events_of(session, in_flight.case_id)


def test_a_coordinator_offered_a_released_case_gets_one_text_saying_both(world):
    """Nobody else on the team can take the case Cora hands back, so it goes straight to the
    coordinator step: Dee gets one text that says whose it was and how to take it, not a
    "released" notice and an offer at the same moment."""
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach").id
        dee = add_responder(session, "Dee", "coordinator")
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, cora)
    code = load(world, case_id).code
    with world.sessions() as session:
        before = len(texts_to(session, dee))
    with world.sessions.begin() as session:
        contact = session.get_one(Contact, session.get_one(Responder, cora).contact_id)
        handle_responder_text(session, contact, f"RELEASE {code} sick", world.clock())
    with world.sessions() as session:
        assert offered_names(session, case_id, 1, 2) == ["Dee"]
        assert "no_coordinator" not in events_of(session, case_id)  # Dee was told
        new = texts_to(session, dee)[before:]
    assert len(new) == 1, new
    assert new[0].startswith(f"Still unclaimed: case {code}:")
    assert "It was Cora's, who handed it back." in new[0]
    assert new[0].endswith(f"Reply CLAIM {code} to take it, PASS {code} to pass.")


def test_a_coordinator_is_told_of_a_release_offered_to_the_team(world):
    """Carl can take the case Cora hands back: he gets the offer, Dee only the notice."""
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach").id
        carl = add_responder(session, "Carl", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, cora)
    code = load(world, case_id).code
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        assert hand_back(
            session, case, session.get_one(Responder, cora), world.clock(), world.settings
        ).ok
    with world.sessions() as session:
        assert texts_to(session, dee, "released") == [
            f"Case {code} was Cora's, who handed it back. It is being offered to the team "
            f"again. Reply CLAIM {code} to take it."
        ]
        assert texts_to(session, dee, "offer") == []
        assert "Cora" not in texts_to(session, carl, "offer")[-1]


def release_by_text(world, responder_id: int, body: str) -> list[str] | None:
    with world.sessions.begin() as session:
        contact = session.get_one(Contact, session.get_one(Responder, responder_id).contact_id)
        return handle_responder_text(session, contact, body, world.clock())


def claimed_by_emery(world) -> tuple[int, int, str, int]:
    """Emery, a coordinator on call, claimed a new case: her id, the case's id and code, and how
    many texts she had been sent by then."""
    with world.sessions.begin() as session:
        emery = add_responder(session, "Emery", "coordinator").id
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, emery)
    with world.sessions() as session:
        before = len(texts_to(session, session.get_one(Responder, emery)))
    return emery, case_id, load(world, case_id).code, before


def test_a_coordinator_on_call_who_hands_a_case_back_is_not_offered_it_again(world):
    """Emery, the only one on call, a coordinator, hands back a case: it goes to the
    coordinator off call (as when none is on call) rather than back to her with "It was
    Emery's", and she is told nothing more about it this round."""
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator", always_on=False).id
    emery, case_id, code, before = claimed_by_emery(world)
    (reply,) = release_by_text(world, emery, f"RELEASE {code} my kid is sick")
    assert reply.startswith(f"Case {code} is back with the team and being offered again.")
    with world.sessions() as session:
        assert offered_names(session, case_id, 1, 2) == ["Dee"]
        assert texts_to(session, session.get_one(Responder, emery))[before:] == []
        (offer,) = texts_to(session, session.get_one(Responder, dee), "offer")
        assert "It was Emery's, who handed it back." in offer


def test_a_case_handed_back_by_the_only_coordinator_comes_back_next_round(world):
    """Nobody else could be offered it: the releaser is told so plainly and when it is offered
    again (no coordinator to tell is on the timeline), and the next round offers it to her, so
    the case still reaches someone."""
    emery, case_id, code, before = claimed_by_emery(world)
    (reply,) = release_by_text(world, emery, f"RELEASE {code} my kid is sick")
    assert reply == (
        f"Case {code} is back with the team, but no one else can be offered it right now. It "
        f"will be offered again on Tue Jun 4 at 12:30 PM. If you can take it after all, CLAIM "
        f"{code}."
    )
    assert encoding(reply) == "GSM-7"
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, emery))[before:] == []
        assert "no_coordinator" in events_of(session, case_id)
    world.clock.advance(minutes=30)
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    with world.sessions() as session:
        assert offered_names(session, case_id, 2, 2) == ["Emery"]
