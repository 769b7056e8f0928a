"""The sweep: the database is the truth when Redis is down or forgets its scheduled jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Case, Message
from routing import jobs, runtime
from routing.claims import claim_case
from routing.queues import RQJobQueue
from routing.sweep import sweep
from tests.routing_support import T0, add_case, add_responder, routing_world, texts_to


@pytest.fixture
def world(sessions, settings, redis_conn):
    with routing_world(sessions, settings, redis_conn) as world:
        with world.sessions.begin() as session:
            world.coach = add_responder(session, "Cora", "recovery_coach")
            world.coord = add_responder(session, "Dee", "coordinator")
        yield world


def new_case(world) -> int:
    with world.sessions.begin() as session:
        return add_case(session, now=world.clock()).id


def load(world, case_id: int) -> Case:
    with world.sessions() as session:
        return session.get_one(Case, case_id)


def test_a_case_created_while_redis_was_down_is_routed_by_the_sweep(world, caplog):
    runtime.current().queue = RQJobQueue("redis://127.0.0.1:1/0")  # nothing listens there
    case_id = new_case(world)
    assert "after-commit callback failed" in caplog.text
    assert load(world, case_id).routed_at is None
    runtime.current().queue = world.queue  # Redis is back

    # Too fresh: its own route job may be running right now.
    assert sweep(T0 + timedelta(seconds=30)).routed == []
    report = sweep(T0 + timedelta(minutes=2))
    assert report.routed == [case_id]
    case = load(world, case_id)
    assert case.routed_at == T0 + timedelta(minutes=2)
    assert case.status == "offered"
    assert sweep(T0 + timedelta(minutes=3)).routed == []


def test_lost_escalation_timers_are_rearmed_from_the_database(world):
    case_id = new_case(world)
    jobs.route_case(case_id)
    world.redis.flushdb()  # Redis forgot every scheduled job
    assert world.scheduled() == []
    # Not yet overdue (and within the grace the timer's own job gets).
    assert sweep(T0 + timedelta(minutes=10, seconds=30)).escalated == []
    report = sweep(T0 + timedelta(minutes=12))
    assert report.escalated == [case_id]
    case = load(world, case_id)
    assert case.escalation_step == 1
    assert case.next_escalation_at == T0 + timedelta(minutes=27)
    assert f"escalate-{case_id}-{case.escalation_token}" in world.scheduled()
    # Idempotent: the same sweep again does nothing more.
    assert sweep(T0 + timedelta(minutes=12)).escalated == []
    assert load(world, case_id).escalation_step == 1


def test_the_sweep_does_not_step_on_a_claimed_case(world):
    case_id = new_case(world)
    jobs.route_case(case_id)
    with world.sessions.begin() as session:
        claim_case(
            session,
            session.get_one(Case, case_id),
            session.get(type(world.coach), world.coach.id),
            world.clock(),
            world.settings,
        )
    report = sweep(T0 + timedelta(hours=1))
    assert report.escalated == [] and report.deadlines == []


def test_lost_reminder_deadline_and_breach_are_caught_up(world):
    case_id = new_case(world)
    jobs.route_case(case_id)
    with world.sessions.begin() as session:
        claim_case(
            session,
            session.get_one(Case, case_id),
            session.get(type(world.coach), world.coach.id),
            world.clock(),
            world.settings,
        )
    world.redis.flushdb()

    assert sweep(T0 + timedelta(hours=19)).reminded == []
    assert sweep(T0 + timedelta(hours=20, minutes=2)).reminded == [case_id]
    assert sweep(T0 + timedelta(hours=20, minutes=3)).reminded == []
    assert sweep(T0 + timedelta(hours=24, minutes=2)).deadlines == [case_id]
    assert sweep(T0 + timedelta(hours=24, minutes=3)).deadlines == []
    assert sweep(T0 + timedelta(hours=48, minutes=2)).deadlines == [case_id]
    assert sweep(T0 + timedelta(hours=49)).deadlines == []
    case = load(world, case_id)
    assert case.reminder_sent_at == T0 + timedelta(hours=20, minutes=2)
    assert case.deadline_escalated_at == T0 + timedelta(hours=24, minutes=2)
    assert case.breached_at == T0 + timedelta(hours=48, minutes=2)
    with world.sessions() as session:
        assert len(texts_to(session, world.coach, "reminder")) == 1
        assert len(texts_to(session, world.coord, "deadline")) == 1
        assert len(texts_to(session, world.coord, "breach")) == 1


def test_the_sweep_restarts_lost_sends(world):
    case_id = new_case(world)
    jobs.route_case(case_id)
    world.redis.flushdb()  # the offer's send job is gone
    report = sweep(T0 + timedelta(minutes=5))
    assert report.messages_restarted == 1
    assert len(world.enqueued("urgent")) == 1
    with world.sessions() as session:
        message = session.scalar(select(Message).where(Message.case_id == case_id))
        assert (message.purpose, message.status) == ("offer", "queued")


def test_sweep_uses_the_runtime_clock_by_default(world):
    case_id = new_case(world)
    jobs.route_case(case_id)
    world.redis.flushdb()
    world.clock.advance(minutes=15)
    assert sweep().escalated == [case_id]
