"""Helpers for the routing tests: a runtime on real Redis, responders, cases, a movable clock."""

from __future__ import annotations

import itertools
import threading
import time as time_mod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from redis import Redis
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from hotline.config import Settings
from models import Case, CaseEvent, Contact, Message, Offer, OnCallOverride, Responder, Shift
from models.crypto import lookup_hash
from models.session import make_sessionmaker
from routing import runtime
from routing.commands import handle_responder_text
from routing.gateway import LocalGateway
from routing.intake import create_case
from routing.queues import RQJobQueue

# A Tuesday, 16:00 UTC = noon in Northampton (EDT).
T0 = datetime(2024, 6, 4, 16, 0, tzinfo=UTC)


class Clock:
    """The runtime's clock, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class RoutingWorld:
    """What a routing test works with: the runtime's pieces, all real but the clock."""

    sessions: sessionmaker[Session]
    settings: Settings
    queue: RQJobQueue
    gateway: LocalGateway
    clock: Clock
    redis: Redis

    def scheduled(self, queue: str = "default") -> list[str]:
        """Ids of jobs waiting in RQ's scheduler (timers armed)."""
        return self.queue.queue(queue).scheduled_job_registry.get_job_ids()

    def enqueued(self, queue: str = "default") -> list[str]:
        return self.queue.queue(queue).get_job_ids()


@contextmanager
def postgres_world(pg_engine: Engine, redis_conn: Redis) -> Iterator[RoutingWorld]:
    """A routing world on PostgreSQL alone, for tests of row locks and races."""
    from tests.conftest import make_settings

    settings = make_settings(pg_engine.url.render_as_string(hide_password=False))
    with routing_world(make_sessionmaker(pg_engine), settings, redis_conn) as world:
        yield world


@contextmanager
def routing_world(
    sessions: sessionmaker[Session], settings: Settings, redis_conn: Redis, now: datetime = T0
) -> Iterator[RoutingWorld]:
    previous = runtime._holder.runtime
    world = RoutingWorld(
        sessions=sessions,
        settings=settings,
        queue=RQJobQueue(connection=redis_conn),
        gateway=LocalGateway(),
        clock=Clock(now),
        redis=redis_conn,
    )
    runtime.install(
        runtime.Runtime(
            settings=settings,
            sessions=sessions,
            queue=world.queue,
            gateway=world.gateway,
            clock=world.clock,
        )
    )
    try:
        yield world
    finally:
        runtime._holder.runtime = previous


class Statements:
    """The SQL sent while it is open (every connection of ``engine``)."""

    def __init__(self, engine) -> None:
        self.seen: list[str] = []
        self.engine = engine

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, *_rest) -> None:
        self.seen.append(" ".join(statement.split()))

    def reading_one_case(self) -> list[str]:
        """Reads of one case by id: how routing locks a case to change it (FOR UPDATE on
        PostgreSQL; SQLite writes one at a time anyway)."""
        return [s for s in self.seen if "FROM cases WHERE cases.id = " in s]


_phones = iter(range(200, 10_000))


def add_contact(session: Session, phone: str | None = None) -> Contact:
    phone = phone or f"+1413555{next(_phones):04d}"
    contact = Contact(phone_hash=lookup_hash(phone), phone=phone)
    session.add(contact)
    session.flush()
    return contact


def add_responder(
    session: Session,
    name: str,
    *roles: str,
    phone: str | None = None,
    languages: tuple[str, ...] = ("en",),
    towns: tuple[str, ...] = (),
    always_on: bool = True,
    **kw,
) -> Responder:
    """A responder on call all week unless ``always_on`` is False."""
    contact = add_contact(session, phone)
    responder = Responder(
        name=name,
        contact_id=contact.id,
        roles=list(roles),
        languages=list(languages),
        towns=list(towns),
        **kw,
    )
    session.add(responder)
    session.flush()
    if always_on:
        for weekday in range(7):
            session.add(
                Shift(responder_id=responder.id, weekday=weekday, starts=time(0), ends=time(0))
            )
    session.flush()
    return responder


def add_case(session: Session, now: datetime = T0, contact: Contact | None = None, **kw) -> Case:
    """A texter's case, as the flow engine makes it (routing starts after commit)."""
    kw.setdefault("kind", "self_referral")
    kw.setdefault("town", "Northampton")
    kw.setdefault("needs", ["coach"])
    return create_case(
        session,
        now=now,
        response_window_hours=24,
        breach_hours=48,
        contact=contact or add_contact(session),
        **kw,
    )


def responder_text(world: RoutingWorld, responder_id: int, body: str) -> list[str] | None:
    """The replies to a responder's text to the hotline number, in its own transaction."""
    with world.sessions.begin() as session:
        responder = session.get_one(Responder, responder_id)
        contact = session.get_one(Contact, responder.contact_id)
        return handle_responder_text(session, contact, body, world.clock())


def offers_of(session: Session, case_id: int) -> list[Offer]:
    return list(session.scalars(select(Offer).where(Offer.case_id == case_id).order_by(Offer.id)))


def offered_names(session: Session, case_id: int, round_: int, step: int) -> list[str]:
    """Who was offered the case at this step (not who sat the round out, having handed it
    back)."""
    return list(
        session.scalars(
            select(Responder.name)
            .join(Offer, Offer.responder_id == Responder.id)
            .where(
                Offer.case_id == case_id,
                Offer.escalation_round == round_,
                Offer.escalation_step == step,
                Offer.status != "handed_back",
            )
            .order_by(Offer.id)
        )
    )


def texts_to(session: Session, responder: Responder, purpose: str | None = None) -> list[str]:
    query = select(Message.body).where(
        Message.contact_id == responder.contact_id, Message.direction == "out"
    )
    if purpose:
        query = query.where(Message.purpose == purpose)
    return [body or "" for body in session.scalars(query.order_by(Message.id))]


def send_waiting_texts(world: RoutingWorld) -> list[int]:
    """Run the send job of every text still waiting in the outbox, as the worker would (the
    local gateway takes them): until then an offer has reached nobody. Returns their ids."""
    from routing.sending import SENDABLE, send_message

    with world.sessions() as session:
        waiting = list(
            session.scalars(
                select(Message.id)
                .where(Message.direction == "out", Message.status.in_(SENDABLE))
                .order_by(Message.id)
            )
        )
    for message_id in waiting:
        send_message(message_id)
    return waiting


def events_of(session: Session, case_id: int) -> list[str]:
    return list(
        session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        )
    )


def wait_until_blocked_on_a_lock(sessions: sessionmaker[Session], timeout: float = 10.0) -> None:
    """Return once another connection to this PostgreSQL database waits for a lock: the
    moment a test of a race lets the transaction it is waiting on go ahead."""
    deadline = time_mod.monotonic() + timeout
    with sessions() as watcher:
        while time_mod.monotonic() < deadline:
            waiting = watcher.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
            )
            watcher.rollback()
            if waiting:
                return
            time_mod.sleep(0.01)
    raise AssertionError("nothing waited for a lock")


def commit_once_blocked(
    held: Session, sessions: sessionmaker[Session], work: Callable[[], None]
) -> None:
    """Run ``work`` in a thread until it waits for a lock (one ``held``'s open transaction
    holds), then commit ``held``: the race played in the same order every time. Whatever
    ``work`` raised is raised here."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # raised below, in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        wait_until_blocked_on_a_lock(sessions)
    finally:
        held.commit()
        held.close()
        thread.join(timeout=30)
    assert not thread.is_alive()
    if errors:
        raise errors[0]


def carrier_opts_out(world: RoutingWorld, contact_id: int) -> None:
    """Twilio answers 21610 (opted out at the carrier) to a text to ``contact_id``, and
    reports it twice, as it may."""
    from routing.sending import queue_sms, record_status

    with world.sessions.begin() as session:
        contact = session.get_one(Contact, contact_id)
        message_id = queue_sms(
            session, contact=contact, body="hello", purpose="notice", idempotency_key="t"
        ).id
    for _ in range(2):
        with world.sessions.begin() as session:
            record_status(
                session,
                sid="SM21610",
                status="failed",
                error_code=21610,
                now=world.clock(),
                message_id=message_id,
            )


_inbound_sids = itertools.count()


def person_texts(world: RoutingWorld, phone: str, body: str) -> tuple[str, ...]:
    """The replies to a text from ``phone``, a minute after the last, through the same path as
    Twilio's webhook."""
    from hotline.inbound import DirectoryCache, InboundService, InboundSms
    from hotline.places_store import directory_from_db

    world.clock.advance(minutes=1)
    service = InboundService(
        sessions=world.sessions,
        settings=world.settings,
        directory=DirectoryCache(directory_from_db),
        clock=world.clock,
    )
    sms = InboundSms(sid=f"SMrs{next(_inbound_sids)}", sender=phone, body=body)
    return service.receive(sms).replies


def a_text_request(world: RoutingWorld, phone: str) -> tuple[int, str]:
    """``phone`` asks, by text, for someone to reach out; the case is routed: its id and code."""
    from hotline.contacts import find_contact
    from routing import jobs

    for body in ["menu", "1", "1", "01060", "1", "1", "1", "Jay"]:
        person_texts(world, phone, body)
    assert "Someone from our team will reach out" in person_texts(world, phone, "1")[0]
    with world.sessions() as session:
        contact = find_contact(session, phone)
        case = session.scalars(select(Case).where(Case.contact_id == contact.id)).one()
        ids = case.id, case.code
    jobs.route_case(ids[0])
    return ids


def texting_team(world: RoutingWorld, **roles: str) -> dict[str, int]:
    """The shipped scripts and places installed, and one responder on call for each name
    given (``cora="recovery_coach"``): ids by name."""
    from hotline.flow_store import install_shipped_flows
    from hotline.places_store import load_places

    with world.sessions.begin() as session:
        install_shipped_flows(session, world.clock())
        load_places(session)
        return {name: add_responder(session, name.title(), role).id for name, role in roles.items()}


def due_moments(
    session: Session, settings: Settings, start: datetime, end: datetime
) -> set[datetime]:
    """Every moment from ``start`` to ``end`` at which the sweep may first find something to
    do, as the sweep's ``now``: each timer of every case, held text, outbound text and shift,
    and each morning's summary hour. Generous on purpose (a moot timer costs one idle sweep):
    between two of these, with the database unchanged, a sweep does what the last one did."""
    from routing.daily_summary import summary_moment
    from routing.escalation import current_policy
    from routing.policy import pacing
    from routing.sending import BACKOFF, LOST_JOB_AFTER, SENDABLE, STUCK_SENDING_AFTER
    from routing.still_trying import HELD
    from routing.sweep import GRACE

    reminder = timedelta(hours=settings.reminder_before_hours)
    moments: set[datetime] = set()
    for created, due, breach, escalation in session.execute(
        select(Case.created_at, Case.due_at, Case.breach_at, Case.next_escalation_at)
    ):
        moments |= {at + GRACE for at in (created, due, breach, escalation) if at}
        if due:
            moments.add(due - reminder + GRACE)
    for data in session.scalars(select(CaseEvent.data).where(CaseEvent.kind == HELD)):
        moments.add(datetime.fromisoformat(data["until"]) + GRACE)
    for status, status_at, attempts in session.execute(
        select(Message.status, Message.status_at, Message.attempts).where(
            Message.direction == "out", Message.sid.is_(None), Message.status_at.is_not(None)
        )
    ):
        if status == "sending":
            moments.add(status_at + STUCK_SENDING_AFTER)
        elif status in SENDABLE:
            backoff = BACKOFF[min(attempts, len(BACKOFF)) - 1] if attempts else 0
            moments.add(status_at + timedelta(seconds=backoff) + LOST_JOB_AFTER)
    for starts_at, ends_at in session.execute(
        select(OnCallOverride.starts_at, OnCallOverride.ends_at)
    ):
        moments |= {starts_at, ends_at}
    zone = ZoneInfo(settings.timezone)
    hour = pacing(current_policy(session), "summary_hour")
    shift_times = set(session.scalars(select(Shift.starts))) | set(
        session.scalars(select(Shift.ends))
    )
    day = start.astimezone(zone).date() - timedelta(days=1)
    while day <= end.astimezone(zone).date():
        moments.add(summary_moment(datetime.combine(day, time(12), tzinfo=zone), settings, hour))
        moments |= {datetime.combine(day, at, tzinfo=zone) for at in shift_times}
        day += timedelta(days=1)
    return {at for at in moments if start < at <= end}


def database_fingerprint(session: Session) -> tuple:
    """What a sweep changes when it does anything: new rows, and cases' and texts' state."""
    return (
        session.scalar(select(func.max(CaseEvent.id))),
        session.scalar(select(func.max(Offer.id))),
        session.execute(
            select(Message.id, Message.status, Message.status_at).order_by(Message.id)
        ).all(),
        session.execute(
            select(
                Case.id,
                Case.status,
                Case.routed_at,
                Case.escalation_round,
                Case.escalation_step,
                Case.escalation_token,
                Case.next_escalation_at,
                Case.reminder_sent_at,
                Case.deadline_escalated_at,
                Case.breached_at,
            ).order_by(Case.id)
        ).all(),
    )
