"""Escalation and the 24-48 h clock, with the clock moved by hand and by time-machine."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import responses
import time_machine
from rq.serializers import JSONSerializer
from sqlalchemy import select

from models import Case, CaseEvent, EscalationPolicy, Message
from models.base import utcnow
from routing import jobs
from routing.escalation import local_time
from routing.gateway import TwilioGateway
from routing.sending import record_status
from tests.conftest import ACCOUNT_SID
from tests.routing_support import (
    T0,
    add_case,
    add_responder,
    events_of,
    offered_names,
    offers_of,
    routing_world,
    send_waiting_texts,
    texts_to,
)
from tests.rq_support import BurstWorker


@pytest.fixture
def team(world):
    """Coach (suits "coach" needs), harm-reduction specialist, officer, coordinator."""
    with world.sessions.begin() as session:
        people = {
            "coach": add_responder(session, "Cora", "recovery_coach"),
            "harm": add_responder(session, "Hal", "harm_reduction_specialist"),
            "police": add_responder(session, "Pat", "police_officer"),
            "coord": add_responder(session, "Dee", "coordinator"),
        }
    return people


def new_case(world, **kw) -> int:
    with world.sessions.begin() as session:
        case = add_case(session, now=world.clock(), **kw)
    return case.id


def load(world, case_id: int) -> Case:
    with world.sessions() as session:
        return session.get_one(Case, case_id)


def test_creating_a_case_enqueues_routing_after_commit(world, team):
    case_id = new_case(world)
    assert len(world.enqueued("default")) == 1
    jobs.route_case(case_id)
    case = load(world, case_id)
    assert case.routed_at == T0
    assert case.escalation_policy["steps"][0]["offer_to"] == "matching"
    assert case.status == "offered"


def test_unclaimed_case_walks_the_steps_and_repeats(world, team):
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    case = load(world, case_id)
    assert (case.escalation_round, case.escalation_step) == (0, 0)
    assert case.next_escalation_at == T0 + timedelta(minutes=10)
    assert f"escalate-{case_id}-{case.escalation_token}" in world.scheduled()

    walk = [
        (10, (0, 1), ["Hal"]),  # everyone on call (the coach already holds it; never police)
        (15, (0, 2), ["Dee"]),  # coordinator
        (30, (1, 0), ["Cora"]),  # the round starts again
        (10, (1, 1), ["Hal"]),
    ]
    for minutes, (round_, step), names in walk:
        world.clock.advance(minutes=minutes)
        jobs.escalate_case(case_id, load(world, case_id).escalation_token)
        case = load(world, case_id)
        assert (case.escalation_round, case.escalation_step) == (round_, step)
        with world.sessions() as session:
            assert offered_names(session, case_id, round_, step) == names
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 0) == ["Cora"]
        cora = texts_to(session, team["coach"], "offer")
        assert len(cora) == 2
        assert cora[0].startswith(f"New case {case.code}: self-referral, Northampton.")
        assert "Peers only (no police)" in cora[0]
        assert cora[0].endswith(f"Reply CLAIM {case.code} to take it, PASS {case.code} to pass.")
        assert texts_to(session, team["police"]) == []
        # No phone number, no name in any offer.
        for message in session.scalars(select(Message).where(Message.purpose == "offer")):
            assert not re.search(r"\+?1?413555\d{4}", message.body)
        assert events_of(session, case_id).count("escalated") == 4


def test_a_stale_token_does_nothing(world, team):
    case_id = new_case(world)
    jobs.route_case(case_id)
    first = load(world, case_id).escalation_token
    world.clock.advance(minutes=10)
    jobs.escalate_case(case_id, first)
    second = load(world, case_id)
    assert second.escalation_token != first
    # The old timer fires again (a retry, a duplicate): nothing moves, nobody is texted.
    world.clock.advance(minutes=20)
    with world.sessions() as session:
        before = len(offers_of(session, case_id)), len(events_of(session, case_id))
    jobs.escalate_case(case_id, first)
    jobs.escalate_case(case_id, "not-a-token")
    after_case = load(world, case_id)
    assert (after_case.escalation_step, after_case.escalation_token) == (1, second.escalation_token)
    with world.sessions() as session:
        assert (len(offers_of(session, case_id)), len(events_of(session, case_id))) == before


def test_an_early_timer_rearms_instead_of_escalating(world, team):
    case_id = new_case(world)
    jobs.route_case(case_id)
    token = load(world, case_id).escalation_token
    world.clock.advance(minutes=5)
    jobs.escalate_case(case_id, token)
    case = load(world, case_id)
    assert case.escalation_step == 0
    assert case.next_escalation_at == T0 + timedelta(minutes=10)
    assert case.escalation_token != token


def test_route_and_escalate_are_safe_to_run_twice(world, team):
    case_id = new_case(world)
    jobs.route_case(case_id)
    jobs.route_case(case_id)
    with world.sessions() as session:
        assert len(offers_of(session, case_id)) == 1
        assert events_of(session, case_id).count("routed") == 1


def test_claimed_case_stops_escalating(world, team):
    from routing.claims import claim_case

    case_id = new_case(world)
    jobs.route_case(case_id)
    token = load(world, case_id).escalation_token
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        coach = session.get_one(type(team["coach"]), team["coach"].id)
        assert claim_case(session, case, coach, world.clock(), world.settings).ok
    world.clock.advance(minutes=10)
    jobs.escalate_case(case_id, token)
    case = load(world, case_id)
    assert (case.status, case.escalation_token, case.escalation_step) == ("claimed", None, 0)


def test_claimed_case_gets_a_reminder_then_the_coordinator_then_is_breached(world, team):
    from routing.claims import claim_case

    case_id = new_case(world)
    jobs.route_case(case_id)
    world.clock.advance(minutes=3)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        coach = session.get_one(type(team["coach"]), team["coach"].id)
        claim_case(session, case, coach, world.clock(), world.settings)
    assert f"remind-{case_id}" in world.scheduled()
    assert {f"deadline-{case_id}", f"breach-{case_id}"} <= set(world.scheduled())

    # Too early: nothing.
    world.clock.now = T0 + timedelta(hours=19)
    jobs.remind_claimer(case_id)
    jobs.deadline_check(case_id)
    assert load(world, case_id).reminder_sent_at is None

    world.clock.now = T0 + timedelta(hours=20)  # 4 h before the 24 h deadline
    jobs.remind_claimer(case_id)
    jobs.remind_claimer(case_id)
    with world.sessions() as session:
        (reminder,) = texts_to(session, team["coach"], "reminder")
    assert reminder.startswith(f"Reminder: case {load(world, case_id).code} needs first contact")
    assert "Wed Jun 5 at 12:00 PM" in reminder  # local time in Northampton

    world.clock.now = T0 + timedelta(hours=24)
    jobs.deadline_check(case_id)
    jobs.deadline_check(case_id)
    case = load(world, case_id)
    assert case.deadline_escalated_at == T0 + timedelta(hours=24)
    assert case.breached_at is None
    with world.sessions() as session:
        (deadline,) = texts_to(session, team["coord"], "deadline")
        assert "Claimed by Cora" in deadline

    world.clock.now = T0 + timedelta(hours=48)
    jobs.deadline_check(case_id)
    case = load(world, case_id)
    assert case.breached_at == T0 + timedelta(hours=48)
    with world.sessions() as session:
        breach = session.scalar(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "breached")
        )
        assert breach.text == "No first contact within 48 hours."
        assert len(texts_to(session, team["coord"], "breach")) == 1


def test_contacted_case_is_neither_escalated_nor_breached(world, team):
    from routing.claims import claim_case, mark_contacted

    case_id = new_case(world)
    jobs.route_case(case_id)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        coach = session.get_one(type(team["coach"]), team["coach"].id)
        claim_case(session, case, coach, world.clock(), world.settings)
        mark_contacted(session, case, coach, world.clock() + timedelta(hours=2))
    for hours in (20, 24, 48):
        world.clock.now = T0 + timedelta(hours=hours)
        jobs.remind_claimer(case_id)
        jobs.deadline_check(case_id)
    case = load(world, case_id)
    assert (case.reminder_sent_at, case.deadline_escalated_at, case.breached_at) == (None,) * 3


def test_unclaimed_case_at_the_deadline_goes_to_the_coordinator(world, team):
    case_id = new_case(world)
    jobs.route_case(case_id)
    world.clock.now = T0 + timedelta(hours=24, minutes=1)
    jobs.deadline_check(case_id)
    with world.sessions() as session:
        (text,) = texts_to(session, team["coord"], "deadline")
    assert "Nobody has claimed it" in text


def test_reminder_times_come_from_settings(sessions, settings, redis_conn):
    settings = settings.with_overrides(reminder_before_hours=2)
    with routing_world(sessions, settings, redis_conn) as world:
        with world.sessions.begin() as session:
            coach = add_responder(session, "Cora", "recovery_coach")
        case_id = new_case(world)
        jobs.route_case(case_id)
        with world.sessions.begin() as session:
            from routing.claims import claim_case

            claim_case(
                session, session.get_one(Case, case_id), session.get_one(type(coach), coach.id),
                world.clock(), world.settings,
            )  # fmt: skip
        world.clock.now = T0 + timedelta(hours=21)
        jobs.remind_claimer(case_id)
        assert load(world, case_id).reminder_sent_at is None
        world.clock.now = T0 + timedelta(hours=22)
        jobs.remind_claimer(case_id)
        assert load(world, case_id).reminder_sent_at == world.clock.now


def test_nobody_on_call_waits_and_says_so(world):
    with world.sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach", always_on=False)
    case_id = new_case(world)
    jobs.route_case(case_id)
    case = load(world, case_id)
    assert case.status == "new"
    assert (case.escalation_round, case.escalation_step) == (0, 2)
    assert case.next_escalation_at == T0 + timedelta(minutes=30)
    with world.sessions() as session:
        # With no coordinator on the roster, not even the last resort can be texted.
        assert events_of(session, case_id)[-5:] == [
            "nobody_at_step",
            "nobody_at_step",
            "nobody_at_step",
            "no_responder",
            "reached_no_one",
        ]


def test_empty_steps_are_skipped_at_once(world):
    """No matching responder on call: the case goes straight to everyone on call."""
    with world.sessions.begin() as session:
        add_responder(session, "Hal", "harm_reduction_specialist", towns=("Ware",))
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world, needs=["coach"], town="Amherst")
    jobs.route_case(case_id)
    case = load(world, case_id)
    assert (case.escalation_round, case.escalation_step) == (0, 1)
    assert case.next_escalation_at == T0 + timedelta(minutes=15)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 1) == ["Hal"]


def test_police_coordinator_is_skipped_for_peers_only_and_the_timeline_says_so(world):
    with world.sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach")
        add_responder(session, "Chief", "coordinator", "police_officer")
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    for minutes in (10, 15):
        world.clock.advance(minutes=minutes)
        jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 2) == []
        skipped = session.scalar(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "coordinator_skipped"
            )
        )
        assert skipped.text == "Chief was not offered the case: the person asked for peers only."
        assert not [m for m in session.scalars(select(Message)) if "Chief" in (m.body or "")]


def test_police_coordinator_is_offered_when_police_are_welcome(world):
    with world.sessions.begin() as session:
        add_responder(session, "Chief", "coordinator", "police_officer")
    case_id = new_case(world, peers_only=False)
    jobs.route_case(case_id)  # an officer is "on call" for step 1, then the coordinator
    world.clock.advance(minutes=15)
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 1) == ["Chief"]
        assert offered_names(session, case_id, 0, 2) == ["Chief"]


def test_policy_is_frozen_onto_the_case(world, team):
    with world.sessions.begin() as session:
        session.add(
            EscalationPolicy(
                name="fast",
                steps=[{"offer_to": "matching", "wait_minutes": 2}, {"offer_to": "coordinator"}],
                repeat_minutes=5,
                is_default=True,
            )
        )
    case_id = new_case(world)
    jobs.route_case(case_id)
    with world.sessions.begin() as session:
        session.scalar(select(EscalationPolicy)).steps = [{"offer_to": "coordinator"}]
    world.clock.advance(minutes=2)
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    case = load(world, case_id)
    assert case.escalation_policy["name"] == "fast"
    assert (case.escalation_step, case.next_escalation_at) == (1, T0 + timedelta(minutes=7))


def test_an_undelivered_offer_moves_escalation_on_at_once(world, team):
    case_id = new_case(world)
    jobs.route_case(case_id)
    old_token = load(world, case_id).escalation_token
    world.clock.advance(minutes=1)
    with world.sessions.begin() as session:
        message = session.scalar(select(Message).where(Message.purpose == "offer"))
        message.sid, message.status = "SM" + "1" * 32, "sent"
    with world.sessions.begin() as session:
        record_status(
            session, sid="SM" + "1" * 32, status="undelivered", error_code=30003, now=world.clock()
        )
    case = load(world, case_id)
    assert case.escalation_token != old_token
    assert case.next_escalation_at == world.clock()
    assert f"escalate-{case_id}-{case.escalation_token}" in world.scheduled()
    jobs.escalate_case(case_id, case.escalation_token)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 1) == ["Hal"]
        assert offers_of(session, case_id)[0].status == "undelivered"


def test_an_opted_out_responder_is_not_texted_and_escalation_moves_on(world, team):
    with world.sessions.begin() as session:
        from models import Contact

        session.get_one(Contact, team["coach"].contact_id).opted_out_at = T0
    case_id = new_case(world)
    jobs.route_case(case_id)
    case = load(world, case_id)
    assert case.escalation_step == 1
    with world.sessions() as session:
        assert texts_to(session, team["coach"]) == []
        assert offered_names(session, case_id, 0, 1) == ["Hal"]


def test_escalation_with_the_real_clock_moved_by_time_machine(sessions, settings, redis_conn):
    from routing import runtime

    with (
        time_machine.travel(T0, tick=False) as traveller,
        routing_world(sessions, settings, redis_conn) as world,
    ):
        runtime.current().clock = utcnow
        with world.sessions.begin() as session:
            add_responder(session, "Cora", "recovery_coach")
            add_responder(session, "Dee", "coordinator")
        case_id = new_case(world)
        jobs.route_case(case_id)
        for minutes, step in ((10, 1), (15, 2), (30, 0)):
            traveller.shift(timedelta(minutes=minutes))
            jobs.escalate_case(case_id, load(world, case_id).escalation_token)
            assert load(world, case_id).escalation_step == step
        assert load(world, case_id).escalation_round == 1


@responses.activate
def test_offers_really_go_out_through_the_worker(sessions, settings, redis_conn):
    """Route through RQ with a worker, and send through Twilio's REST API (mocked)."""
    responses.post(
        f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json",
        json={"sid": "SM" + "a" * 32, "status": "queued"},
        status=201,
    )
    with routing_world(sessions, settings, redis_conn) as world:
        from routing import runtime

        runtime.current().gateway = TwilioGateway(settings)
        with world.sessions.begin() as session:
            coach = add_responder(session, "Cora", "recovery_coach", phone="+14135550177")
        new_case(world)
        worker = BurstWorker(
            [world.queue.queue("urgent"), world.queue.queue("default")],
            connection=redis_conn,
            serializer=JSONSerializer,
        )
        worker.work(burst=True)
        (call,) = responses.calls
        assert "To=%2B14135550177" in call.request.body
        assert "CLAIM" in call.request.body
        with world.sessions() as session:
            assert [m.status for m in session.scalars(select(Message))] == ["queued"]
            assert len(texts_to(session, coach, "offer")) == 1


def opt_out(world, responder) -> None:
    from models import Contact

    with world.sessions.begin() as session:
        session.get_one(Contact, responder.contact_id).opted_out_at = world.clock()


def routed_with_dee_opted_out(world):
    """A coach, Dee (the on-call coordinator, who texted STOP) and Max (a coordinator off
    shift but reachable), and a case routed to them."""
    with world.sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
        max_ = add_responder(session, "Max", "coordinator", always_on=False)
    opt_out(world, dee)
    case_id = new_case(world)
    jobs.route_case(case_id)
    return dee, max_, case_id


def test_deadline_notice_goes_to_a_coordinator_who_can_be_texted(world):
    """The on-call coordinator texted STOP; another coordinator is off shift but reachable."""
    dee, max_, case_id = routed_with_dee_opted_out(world)
    world.clock.now = T0 + timedelta(hours=24, minutes=1)
    jobs.deadline_check(case_id)
    with world.sessions() as session:
        assert texts_to(session, dee) == []
        assert len(texts_to(session, max_, "deadline")) == 1
        assert "no_coordinator" not in events_of(session, case_id)


def test_coordinator_step_passes_over_an_opted_out_coordinator(world):
    dee, max_, case_id = routed_with_dee_opted_out(world)
    for minutes in (10, 15):  # matching, everyone on call, then the coordinator step
        world.clock.advance(minutes=minutes)
        jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    with world.sessions() as session:
        assert texts_to(session, dee) == []
        assert offered_names(session, case_id, 0, 2) == ["Max"]
        assert len(texts_to(session, max_, "offer")) == 1


def test_the_timeline_says_so_when_no_coordinator_can_be_texted(world):
    from models import Contact

    with world.sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
        session.get_one(Contact, dee.contact_id).invalid_at = T0  # a landline (30006)
    case_id = new_case(world)
    jobs.route_case(case_id)
    world.clock.now = T0 + timedelta(hours=48, minutes=1)
    jobs.deadline_check(case_id)
    with world.sessions() as session:
        assert texts_to(session, dee) == []
        told = session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "no_coordinator"
            )
        )
        assert sorted(event.data["purpose"] for event in told) == ["breach", "deadline"]


def test_a_reminder_that_cannot_be_texted_is_not_recorded_as_sent(world, team):
    """The claimer texted STOP after claiming: the timeline says the reminder did not go, and
    the coordinator hears of it at once, not at the deadline."""
    from routing.claims import claim_case

    case_id = new_case(world)
    jobs.route_case(case_id)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        coach = session.get_one(type(team["coach"]), team["coach"].id)
        assert claim_case(session, case, coach, world.clock(), world.settings).ok
    opt_out(world, team["coach"])
    world.clock.now = T0 + timedelta(hours=20)
    jobs.remind_claimer(case_id)
    jobs.remind_claimer(case_id)
    code = load(world, case_id).code
    with world.sessions() as session:
        assert texts_to(session, team["coach"], "reminder") == []
        kinds = events_of(session, case_id)
        assert "reminder_sent" not in kinds
        assert kinds.count("reminder_undelivered") == 1
        (told,) = texts_to(session, team["coord"], "reminder_failed")
    assert told.startswith(f"Case {code} is claimed by Cora, whose number cannot take texts")
    assert "Wed Jun 5 at 12:00 PM" in told


def claim_as(world, case_id: int, responder) -> None:
    from models import Responder
    from routing.claims import claim_case

    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        holder = session.get_one(Responder, responder.id)
        assert claim_case(session, case, holder, world.clock(), world.settings).ok


def release(world, responder, **changes) -> list[str]:
    """Change the responder as the roster does, then hand back what they may no longer hold."""
    from models import Responder
    from routing.claims import release_responder_cases

    with world.sessions.begin() as session:
        holder = session.get_one(Responder, responder.id)
        for name, value in changes.items():
            setattr(holder, name, value)
        released = release_responder_cases(
            session, holder, world.clock(), world.settings, "coord@example.org"
        )
        return [case.code for case in released]


def test_a_deactivated_responders_cases_go_back_to_the_team(world, team):
    offered_id = new_case(world)
    jobs.route_case(offered_id)  # offered to Cora alone
    with world.sessions.begin() as session:
        carl = add_responder(session, "Carl", "recovery_coach")
    claimed_id = new_case(world)
    jobs.route_case(claimed_id)  # offered to Cora and Carl
    claim_as(world, claimed_id, team["coach"])
    world.clock.advance(hours=2)

    assert release(world, team["coach"], active=False) == [load(world, claimed_id).code]
    assert release(world, team["coach"]) == []  # safe to run twice

    case = load(world, claimed_id)
    assert (case.status, case.claimed_by_id, case.escalation_round, case.escalation_step) == (
        "offered",
        None,
        1,
        0,
    )
    assert case.next_escalation_at == world.clock() + timedelta(minutes=10)
    assert f"escalate-{claimed_id}-{case.escalation_token}" in world.scheduled()
    with world.sessions() as session:
        assert offered_names(session, claimed_id, 1, 0) == ["Carl"]
        assert events_of(session, claimed_id)[-3:] == ["released", "routed", "offered"]
        released = session.scalar(
            select(CaseEvent).where(CaseEvent.case_id == claimed_id, CaseEvent.kind == "released")
        )
        assert released.text == "Cora was deactivated: the case goes back to the team."
        assert released.actor == "coord@example.org"
        (told,) = texts_to(session, team["coord"], "released")
        assert told.startswith(f"Case {case.code} was Cora's, who was deactivated.")
        # Her open offer of the other case is closed, and the case moves on without her.
        assert [o.status for o in offers_of(session, offered_id)] == ["closed"]
        assert events_of(session, offered_id)[-2:] == ["offer_withdrawn", "escalating_early"]

    # Carl claims it and is the one reminded before the deadline.
    claim_as(world, claimed_id, carl)
    world.clock.now = T0 + timedelta(hours=20)
    jobs.remind_claimer(claimed_id)
    with world.sessions() as session:
        assert len(texts_to(session, carl, "reminder")) == 1
        assert texts_to(session, team["coach"], "reminder") == []


def test_a_responder_who_becomes_a_police_officer_hands_back_peers_only_cases(world, team):
    peers_id = new_case(world, peers_only=True)
    police_ok_id = new_case(world, peers_only=False)
    for case_id in (peers_id, police_ok_id):
        jobs.route_case(case_id)
        claim_as(world, case_id, team["coach"])
    code = load(world, peers_id).code
    assert release(world, team["coach"], roles=["recovery_coach", "police_officer"]) == [code]
    assert load(world, peers_id).status == "offered"
    assert load(world, police_ok_id).claimed_by_id == team["coach"].id
    with world.sessions() as session:
        (told,) = texts_to(session, team["coach"], "released")
        assert told.startswith(f"Case {code} asked for peer responders only (no police)")
        assert offered_names(session, peers_id, 1, 0) == []  # no other coach: on to Hal
        assert offered_names(session, peers_id, 1, 1) == ["Hal"]


def test_the_reminder_is_not_sent_to_a_holder_who_is_no_longer_active(world, team):
    """A responder deactivated before cases were handed back: the coordinator is told."""
    from models import Responder

    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, team["coach"])
    with world.sessions.begin() as session:
        session.get_one(Responder, team["coach"].id).active = False
    world.clock.now = T0 + timedelta(hours=20)
    jobs.remind_claimer(case_id)
    with world.sessions() as session:
        assert texts_to(session, team["coach"], "reminder") == []
        assert "reminder_undelivered" in events_of(session, case_id)
        (told,) = texts_to(session, team["coord"], "reminder_failed")
    assert "who is no longer on the active roster" in told


def fail_newest_offer(world, n: int, code: int = 30003, purpose: str = "offer") -> None:
    """Twilio took the newest offer (or text for ``purpose``), then reported it undelivered
    (a status callback)."""
    sid = f"SM{n:032d}"
    with world.sessions.begin() as session:
        message = session.scalar(
            select(Message).where(Message.purpose == purpose).order_by(Message.id.desc())
        )
        message.sid, message.status, message.sent_at = sid, "sent", world.clock()
    with world.sessions.begin() as session:
        record_status(session, sid=sid, status="undelivered", error_code=code, now=world.clock())


def test_an_undelivered_offer_at_the_last_step_waits_for_the_next_round(world):
    """The only coordinator's phone is off (30003) and nobody else is on call: each failed
    offer must not start a new round at once, round after round at the speed of callbacks."""
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
    case_id = new_case(world)
    jobs.route_case(case_id)  # nobody at the first two steps: offered to Dee at the last
    case = load(world, case_id)
    assert (case.escalation_round, case.escalation_step) == (0, 2)
    timer = case.next_escalation_at
    assert timer == T0 + timedelta(minutes=30)
    for n in range(1, 4):
        world.clock.advance(seconds=20)  # the callback comes back in seconds
        fail_newest_offer(world, n)
        jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    case = load(world, case_id)
    assert (case.escalation_round, case.next_escalation_at) == (0, timer)
    with world.sessions() as session:
        assert len(texts_to(session, dee, "offer")) == 1
        assert "escalating_early" not in events_of(session, case_id)
        assert events_of(session, case_id)[-2:] == ["offer_undelivered", "no_responder"]
    world.clock.now = timer
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)
    assert load(world, case_id).escalation_round == 1
    with world.sessions() as session:
        assert len(texts_to(session, dee, "offer")) == 2


@pytest.mark.parametrize(
    ("code", "flagged"),
    [(30003, None), (30006, "invalid_at"), (21610, "opted_out_at"), (21211, "invalid_at")],
)
def test_a_coordinator_offer_that_fails_reaches_another_coordinator_at_once(world, code, flagged):
    """Dee, the coordinator on call, cannot get the offer (her phone is off: 30003; or the
    number cannot take texts). Max, off shift but reachable, is offered it at once, in the same
    round, as when no coordinator is on call: before, every round went to Dee alone, her
    phone off, and the case reached nobody until the breach. Dee's number is flagged only when
    it cannot take texts. Max failing too ends it for the round, without a loop."""
    from models import Contact

    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
        max_ = add_responder(session, "Max", "coordinator", always_on=False)
    case_id = new_case(world)
    jobs.route_case(case_id)  # nobody in the field: offered to Dee at the coordinator step
    timer = load(world, case_id).next_escalation_at
    world.clock.advance(seconds=20)
    fail_newest_offer(world, 1, code)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 2) == ["Dee", "Max"]
        assert [o.status for o in offers_of(session, case_id)] == ["undelivered", "open"]
        assert len(texts_to(session, max_, "offer")) == 1
        dee_number = session.get_one(Contact, dee.contact_id)
        assert [f for f in ("invalid_at", "opted_out_at") if getattr(dee_number, f)] == (
            [flagged] if flagged else []
        )
    assert load(world, case_id).next_escalation_at == timer  # the round keeps its pace
    world.clock.advance(seconds=20)
    fail_newest_offer(world, 2, code)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 2) == ["Dee", "Max"]
        assert events_of(session, case_id)[-2:] == ["offer_undelivered", "no_responder"]
    assert load(world, case_id).next_escalation_at == timer


@pytest.mark.parametrize("purpose", ["deadline", "breach"])
@pytest.mark.parametrize(
    ("code", "flagged"),
    [(30003, None), (30006, "invalid_at"), (21610, "opted_out_at"), (21211, "invalid_at")],
)
def test_a_deadline_or_breach_notice_that_fails_reaches_another_coordinator(
    world, purpose, code, flagged
):
    """Dee, the coordinator on call, cannot get the notice (her phone is off: 30003; or the
    number cannot take texts). Max, off shift but reachable, is told at once, and the
    timeline says so; Chief, a police coordinator, is not, the person having asked for peers
    only. Before, nobody heard of the case. Max failing too ends it, without a loop: nobody
    is texted the notice twice."""
    from models import Contact

    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
        chief = add_responder(session, "Chief", "coordinator", "police_officer", always_on=False)
        max_ = add_responder(session, "Max", "coordinator", always_on=False)
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    world.clock.now = T0 + timedelta(hours=24 if purpose == "deadline" else 48, minutes=1)
    jobs.deadline_check(case_id)
    world.clock.advance(seconds=20)
    fail_newest_offer(world, 1, code, purpose)
    with world.sessions() as session:
        (to_max,) = texts_to(session, max_, purpose)
        assert texts_to(session, dee, purpose) == [to_max]  # the same words
        assert texts_to(session, chief) == []
        line = session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "notice_passed_on"
            )
        ).one()
        assert line.text == f"Dee could not be texted the {purpose} notice; Max was told instead."
        assert (line.data["responder_id"], line.data["responder_ids"]) == (dee.id, [max_.id])
        dee_number = session.get_one(Contact, dee.contact_id)
        assert [f for f in ("invalid_at", "opted_out_at") if getattr(dee_number, f)] == (
            [flagged] if flagged else []
        )
    world.clock.advance(seconds=20)
    fail_newest_offer(world, 2, code, purpose)
    with world.sessions() as session:
        assert len(texts_to(session, dee, purpose)) == 1
        assert len(texts_to(session, max_, purpose)) == 1
        assert texts_to(session, chief) == []
        unsent = session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "no_coordinator"
            )
        ).one()
        assert unsent.data["purpose"] == purpose
        assert unsent.text == (
            f"Max could not be texted the {purpose} notice, and no other coordinator can be."
        )


def test_a_notice_another_coordinator_had_is_not_passed_on(world):
    """Two coordinators on call had the deadline notice; Dee's phone is off, but Eve may have
    read it: nobody else is texted."""
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
        eve = add_responder(session, "Eve", "coordinator")
        max_ = add_responder(session, "Max", "coordinator", always_on=False)
    case_id = new_case(world)
    jobs.route_case(case_id)
    world.clock.now = T0 + timedelta(hours=24, minutes=1)
    jobs.deadline_check(case_id)
    with world.sessions.begin() as session:
        to_dee = session.scalar(
            select(Message).where(
                Message.purpose == "deadline", Message.contact_id == dee.contact_id
            )
        )
        to_dee.sid, to_dee.status, to_dee.sent_at = "SM1", "sent", world.clock()
    with world.sessions.begin() as session:
        record_status(session, sid="SM1", status="undelivered", error_code=30003, now=world.clock())
    with world.sessions() as session:
        assert len(texts_to(session, eve, "deadline")) == 1
        assert texts_to(session, max_) == []
        assert "notice_passed_on" not in events_of(session, case_id)


def fail_text_to(world, responder, purpose: str, n: int, code: int = 30003) -> None:
    """Twilio took ``responder``'s newest text for ``purpose``, then reported it undelivered."""
    sid = f"SM{n:032d}"
    with world.sessions.begin() as session:
        message = session.scalar(
            select(Message)
            .where(Message.purpose == purpose, Message.contact_id == responder.contact_id)
            .order_by(Message.id.desc())
        )
        message.sid, message.status, message.sent_at = sid, "sent", world.clock()
    with world.sessions.begin() as session:
        record_status(session, sid=sid, status="undelivered", error_code=code, now=world.clock())


def passed_on_lines(world, case_id: int) -> list[tuple[str, str | None]]:
    with world.sessions() as session:
        return [
            (event.kind, event.text)
            for event in session.scalars(
                select(CaseEvent)
                .where(
                    CaseEvent.case_id == case_id,
                    CaseEvent.kind.in_(("notice_passed_on", "no_coordinator")),
                )
                .order_by(CaseEvent.id)
            )
        ]


def coordinators_and_a_handed_back_case(world, *, holder: str = "Cora"):
    """Cora and Carl (coaches), Dee (the coordinator on call), Chief (a police coordinator)
    and Max (a coordinator), both off shift; a peers-only case ``holder`` claimed and handed
    back, offered again to Carl, the coordinators told."""
    from routing.claims import hand_back

    with world.sessions.begin() as session:
        people = {
            "Cora": add_responder(session, "Cora", "recovery_coach"),
            "Carl": add_responder(session, "Carl", "recovery_coach"),
            "Dee": add_responder(session, "Dee", "coordinator"),
            "Chief": add_responder(
                session, "Chief", "coordinator", "police_officer", always_on=False
            ),
            "Max": add_responder(session, "Max", "coordinator", always_on=False),
        }
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    claim_as(world, case_id, people[holder])
    world.clock.advance(minutes=30)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        who = session.merge(people[holder])
        assert hand_back(session, case, who, world.clock(), world.settings).ok
    with world.sessions() as session:
        assert len(texts_to(session, people["Dee"], "released")) == 1
    return people, case_id


def test_a_released_notice_that_fails_reaches_another_coordinator(world):
    """Dee's phone is off when she is told Cora handed a case back: Max, off shift but
    reachable, is told at once, in the same words, and the timeline says so; Chief, a police
    coordinator, is not (the person asked for peers only). Max failing too ends it, without a
    loop. Before, no coordinator heard that the case was back with the team."""
    people, case_id = coordinators_and_a_handed_back_case(world)
    world.clock.advance(seconds=20)
    fail_text_to(world, people["Dee"], "released", 1)
    with world.sessions() as session:
        (to_max,) = texts_to(session, people["Max"], "released")
        assert texts_to(session, people["Dee"], "released") == [to_max]
        assert texts_to(session, people["Chief"]) == []
        assert texts_to(session, people["Cora"], "released") == []
    assert passed_on_lines(world, case_id) == [
        (
            "notice_passed_on",
            "Dee could not be texted the notice that the case is back with the team; Max was "
            "told instead.",
        )
    ]
    world.clock.advance(seconds=20)
    fail_text_to(world, people["Max"], "released", 2)
    with world.sessions() as session:
        assert len(texts_to(session, people["Dee"], "released")) == 1
        assert len(texts_to(session, people["Max"], "released")) == 1
        assert texts_to(session, people["Chief"]) == []
    assert passed_on_lines(world, case_id)[-1] == (
        "no_coordinator",
        "Max could not be texted the notice that the case is back with the team, and no other "
        "coordinator can be.",
    )


def test_a_released_notice_is_not_passed_on_to_who_handed_it_back_nor_once_claimed(world):
    """Max (a coordinator) handed the case back himself: Dee's failed notice is not passed on
    to him. And once Carl has claimed it, a failed notice that it is back with the team is no
    longer news to pass on."""
    people, case_id = coordinators_and_a_handed_back_case(world, holder="Max")
    fail_text_to(world, people["Dee"], "released", 1)
    with world.sessions() as session:
        assert texts_to(session, people["Max"], "released") == []
        assert texts_to(session, people["Chief"]) == []
    assert passed_on_lines(world, case_id)[-1][0] == "no_coordinator"

    people, case_id = coordinators_and_a_handed_back_case(world)
    claim_as(world, case_id, people["Carl"])
    fail_text_to(world, people["Dee"], "released", 2)
    with world.sessions() as session:
        assert texts_to(session, people["Max"], "released") == []
    assert passed_on_lines(world, case_id) == []


def test_an_officers_own_released_text_that_fails_is_not_passed_on(world, team):
    """Pat, a police officer, is told the case went to a peer after the person asked for no
    police: his own text failing is nobody else's news."""
    from models import Contact, Responder
    from routing.claims import Staff, claim_case, refuse_police

    case_id = new_case(world, peers_only=False)
    jobs.route_case(case_id)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        pat = session.get_one(Responder, team["police"].id)
        by = Staff("staff")
        assert claim_case(session, case, pat, world.clock(), world.settings, by=by).ok
    with world.sessions.begin() as session:
        contact = session.get_one(Contact, load(world, case_id).contact_id)
        assert refuse_police(session, contact, world.clock(), world.settings)
    with world.sessions.begin() as session:
        max_ = add_responder(session, "Max", "coordinator", always_on=False)
    fail_text_to(world, team["police"], "released", 1)
    with world.sessions() as session:
        assert len(texts_to(session, team["coord"], "released")) == 1
        assert texts_to(session, max_) == []
    assert passed_on_lines(world, case_id) == []


def coach_and_two_coordinators(world) -> dict:
    """Cora (a coach), Dee (the coordinator on call) and Max (a coordinator off shift)."""
    with world.sessions.begin() as session:
        return {
            "Cora": add_responder(session, "Cora", "recovery_coach"),
            "Dee": add_responder(session, "Dee", "coordinator"),
            "Max": add_responder(session, "Max", "coordinator", always_on=False),
        }


def reminder_that_cannot_be_texted(world):
    """Cora claimed a case, then texted STOP; Dee (on call) is told the reminder did not
    reach her; Max, a coordinator off shift, is reachable."""
    people = coach_and_two_coordinators(world)
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, people["Cora"])
    opt_out(world, people["Cora"])
    world.clock.now = T0 + timedelta(hours=20)
    jobs.remind_claimer(case_id)
    with world.sessions() as session:
        assert len(texts_to(session, people["Dee"], "reminder_failed")) == 1
    return people, case_id


def test_a_coordinator_whose_own_reminder_fails_is_not_told_of_it(world):
    """Dee, the coordinator on call, claimed a case herself and her phone is off when its
    reminder goes: Max, the other coordinator, hears of it, not Dee of herself."""
    people = coach_and_two_coordinators(world)
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, people["Dee"])
    world.clock.now = T0 + timedelta(hours=20)
    jobs.remind_claimer(case_id)
    fail_text_to(world, people["Dee"], "reminder", 1)
    code = load(world, case_id).code
    with world.sessions() as session:
        assert texts_to(session, people["Dee"], "reminder_failed") == []
        (told,) = texts_to(session, people["Max"], "reminder_failed")
    assert told.startswith(f"Case {code} is claimed by Dee")


def test_a_reminder_failed_notice_that_fails_reaches_another_coordinator(world):
    """Dee's phone is off when she is told Cora will not get the reminder: Max is told at
    once, before the deadline passes, and the timeline says so; each is texted once."""
    people, case_id = reminder_that_cannot_be_texted(world)
    world.clock.advance(seconds=20)
    fail_text_to(world, people["Dee"], "reminder_failed", 1)
    with world.sessions() as session:
        (to_max,) = texts_to(session, people["Max"], "reminder_failed")
        assert texts_to(session, people["Dee"], "reminder_failed") == [to_max]
        assert texts_to(session, people["Cora"], "reminder_failed") == []
    assert passed_on_lines(world, case_id) == [
        (
            "notice_passed_on",
            "Dee could not be texted the notice that the reminder did not reach Cora; Max "
            "was told instead.",
        )
    ]
    fail_text_to(world, people["Max"], "reminder_failed", 2)
    with world.sessions() as session:
        assert len(texts_to(session, people["Dee"], "reminder_failed")) == 1
        assert len(texts_to(session, people["Max"], "reminder_failed")) == 1
    assert passed_on_lines(world, case_id)[-1][0] == "no_coordinator"


def test_a_reminder_failed_notice_is_not_passed_on_once_contact_is_made(world):
    """Cora marked contact (by phone, say, through the admin) before Dee's notice failed:
    there is nothing left to warn of."""
    from routing.claims import Staff, mark_contacted

    people, case_id = reminder_that_cannot_be_texted(world)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        assert mark_contacted(session, case, Staff("staff"), world.clock()).ok
    fail_text_to(world, people["Dee"], "reminder_failed", 1)
    with world.sessions() as session:
        assert texts_to(session, people["Max"]) == []
    assert passed_on_lines(world, case_id) == []


def claimed_and_reminded(world, *, peers_only: bool = True):
    """Cora claimed a peers-only case and was sent the reminder, which Twilio took; Dee is
    the coordinator on call, Chief a police coordinator and Max a coordinator, both off
    shift."""
    with world.sessions.begin() as session:
        people = {
            "Cora": add_responder(session, "Cora", "recovery_coach"),
            "Dee": add_responder(session, "Dee", "coordinator"),
            "Chief": add_responder(
                session, "Chief", "coordinator", "police_officer", always_on=False
            ),
            "Max": add_responder(session, "Max", "coordinator", always_on=False),
        }
    case_id = new_case(world, peers_only=peers_only)
    jobs.route_case(case_id)
    claim_as(world, case_id, people["Cora"])
    world.clock.now = T0 + timedelta(hours=20)
    jobs.remind_claimer(case_id)
    with world.sessions() as session:
        assert len(texts_to(session, people["Cora"], "reminder")) == 1
        assert texts_to(session, people["Dee"], "reminder_failed") == []
    return people, case_id


def refuse_send(world, monkeypatch, responder, purpose: str, code: int) -> None:
    """The send job of ``responder``'s newest text for ``purpose`` runs, and Twilio refuses it
    for good with ``code``."""
    from routing.gateway import PermanentSendError
    from routing.sending import send_message

    def refuse(*_args, **_kwargs):
        raise PermanentSendError(code)

    with world.sessions() as session:
        message_id = session.scalar(
            select(Message.id)
            .where(Message.purpose == purpose, Message.contact_id == responder.contact_id)
            .order_by(Message.id.desc())
        )
    monkeypatch.setattr(world.gateway, "send", refuse)
    send_message(message_id)
    monkeypatch.undo()


@pytest.mark.parametrize(
    ("how", "code", "why"),
    [
        ("callback", 30003, "whose phone could not be reached"),
        ("callback", 30005, "whose phone could not be reached"),
        ("callback", 30006, "whose number cannot take texts"),
        ("refused", 21610, "whose number cannot take texts"),
        ("refused", 21211, "whose number cannot take texts"),
        ("opted_out", None, "whose number cannot take texts"),
    ],
)
def test_a_reminder_that_fails_later_reaches_the_coordinators(world, monkeypatch, how, code, why):
    """Twilio answers Cora's reminder undelivered (her phone off, a landline, a number gone),
    refuses it outright, or it is never sent, her number having opted out meanwhile: the
    coordinators hear of it as when it could not be sent at all, before the deadline; Chief
    is not told, the person having asked for peers only. Before, nobody heard, and Cora
    might never know the deadline was near."""
    people, case_id = claimed_and_reminded(world)
    world.clock.advance(seconds=20)
    if how == "callback":
        fail_text_to(world, people["Cora"], "reminder", 1, code)
    elif how == "refused":
        refuse_send(world, monkeypatch, people["Cora"], "reminder", code)
    else:  # she texted STOP while the reminder waited to be sent
        opt_out(world, people["Cora"])
        send_waiting_texts(world)
    code_ = load(world, case_id).code
    with world.sessions() as session:
        (told,) = texts_to(session, people["Dee"], "reminder_failed")
        assert texts_to(session, people["Chief"]) == []
        assert texts_to(session, people["Max"]) == []
        assert texts_to(session, people["Cora"], "reminder_failed") == []
        events = events_of(session, case_id)
        # 21610: Cora opted out at the carrier, which the coordinators hear of as well.
        opted_out = ["holder_opted_out"] if code == 21610 else []
        assert events[-2 - len(opted_out) :] == [
            "reminder_sent",
            *opted_out,
            "reminder_undelivered",
        ]
        assert len(texts_to(session, people["Dee"], "holder_opted_out")) == len(opted_out)
    assert told.startswith(f"Case {code_} is claimed by Cora, {why}: the reminder did not")
    assert "Wed Jun 5 at 12:00 PM" in told


def test_a_reminder_failed_later_notice_that_fails_reaches_another_coordinator(world):
    """Cora's phone is off, and so is Dee's: Max is told instead, once."""
    people, case_id = claimed_and_reminded(world)
    fail_text_to(world, people["Cora"], "reminder", 1)
    fail_text_to(world, people["Dee"], "reminder_failed", 2)
    with world.sessions() as session:
        assert len(texts_to(session, people["Max"], "reminder_failed")) == 1
        assert texts_to(session, people["Chief"]) == []
    assert passed_on_lines(world, case_id) == [
        (
            "notice_passed_on",
            "Dee could not be texted the notice that the reminder did not reach Cora; Max "
            "was told instead.",
        )
    ]


@pytest.mark.parametrize("after", ["contacted", "deadline", "handed_back"])
def test_a_reminder_that_fails_once_it_is_no_news_tells_nobody(world, after):
    """The reminder's failure comes back after Cora reached the person, after the deadline
    passed (its own notice says the rest), or after she handed the case back: no coordinator
    is told her reminder failed."""
    from routing.claims import Staff, hand_back, mark_contacted

    people, case_id = claimed_and_reminded(world)
    if after == "deadline":
        world.clock.now = T0 + timedelta(hours=24, minutes=1)
    else:
        with world.sessions.begin() as session:
            case = session.get_one(Case, case_id)
            if after == "contacted":
                assert mark_contacted(session, case, Staff("staff"), world.clock()).ok
            else:
                cora = session.merge(people["Cora"])
                assert hand_back(session, case, cora, world.clock(), world.settings).ok
    fail_text_to(world, people["Cora"], "reminder", 1)
    with world.sessions() as session:
        assert texts_to(session, people["Dee"], "reminder_failed") == []
        assert texts_to(session, people["Max"], "reminder_failed") == []
        assert "reminder_undelivered" not in events_of(session, case_id)


def reminder_missed_then_carl_claims(world):
    """Cora's reminder failed and Dee was told; Cora handed the case back and Carl claimed it."""
    from routing.claims import hand_back

    people, case_id = claimed_and_reminded(world)
    with world.sessions.begin() as session:
        carl = add_responder(session, "Carl", "recovery_coach")
    fail_text_to(world, people["Cora"], "reminder", 1)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        cora = session.merge(people["Cora"])
        assert hand_back(session, case, cora, world.clock(), world.settings).ok
    claim_as(world, case_id, carl)
    return people, case_id, carl


def test_a_reminder_failed_notice_about_a_holder_who_handed_the_case_back_is_not_passed_on(
    world,
):
    """Dee was told Cora's reminder failed; Cora then handed the case back and Carl claimed
    it. Dee's notice failing is no longer news: Max is not told that Cora holds the case, nor
    does the timeline say the reminder missed Carl."""
    people, case_id, _carl = reminder_missed_then_carl_claims(world)
    fail_text_to(world, people["Dee"], "reminder_failed", 2)
    with world.sessions() as session:
        assert texts_to(session, people["Max"], "reminder_failed") == []
    assert passed_on_lines(world, case_id) == []


def test_the_next_claimers_missed_reminder_is_news_again(world):
    """Cora's reminder failed and Dee was told; Cora handed the case back and Carl claimed it,
    and the reminder now comes closer to the deadline (the setting changed), so Carl is
    reminded too. His reminder failing as well is news: Dee is told of it, about Carl."""
    from routing import escalation

    people, case_id, carl = reminder_missed_then_carl_claims(world)
    world.clock.now = T0 + timedelta(hours=22)
    closer = world.settings.with_overrides(reminder_before_hours=2)
    with world.sessions.begin() as session:
        assert escalation.remind(session, case_id, world.clock(), closer)
    fail_text_to(world, carl, "reminder", 2)
    with world.sessions() as session:
        about_cora, about_carl = texts_to(session, people["Dee"], "reminder_failed")
    assert "claimed by Cora" in about_cora
    assert "claimed by Carl" in about_carl


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        # The night clocks go back: 1:30 AM comes twice, so the zone says which.
        (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "Sun Nov 1 at 1:30 AM EDT"),
        (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "Sun Nov 1 at 1:30 AM EST"),
        # Any other time is plain.
        (datetime(2026, 11, 1, 7, 30, tzinfo=UTC), "Sun Nov 1 at 2:30 AM"),
        (datetime(2026, 3, 8, 7, 30, tzinfo=UTC), "Sun Mar 8 at 3:30 AM"),
        (datetime(2024, 6, 4, 16, 0, tzinfo=UTC), "Tue Jun 4 at 12:00 PM"),
    ],
)
def test_a_local_time_that_comes_twice_names_its_zone(when, expected):
    assert local_time(when, "America/New_York") == expected
