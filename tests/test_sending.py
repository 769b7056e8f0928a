"""The outbound path end to end: stored message → job on real Redis → mocked Twilio HTTP.

Only Twilio's HTTP API is mocked (``responses``); the database (SQLite and PostgreSQL), Redis
and RQ are real. The runtime clock is a fake so "two minutes later" needs no waiting.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs

import pytest
import redis
import requests
import responses
from rq.registry import ScheduledJobRegistry
from sqlalchemy import func, select

from models import Case, Contact, Message, Offer, OptOutEvent, Responder
from models.crypto import lookup_hash
from routing import runtime
from routing.gateway import LocalGateway, TwilioGateway
from routing.queues import QUEUES, InlineJobQueue, RQJobQueue
from routing.ratelimit import LocalRateLimiter, RedisRateLimiter, wait_for_slot
from routing.sending import (
    MAX_ATTEMPTS,
    queue_sms,
    record_status,
    send_message,
    sweep_outbox,
)
from tests.conftest import ACCOUNT_SID, REDIS_URL, make_settings
from tests.rq_support import BurstWorker

MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
TEXTER = "+14135550123"
PUBLIC = "https://hotline.example.org"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Twilio:
    """Scripted answers for POST Messages.json, and a record of what was sent."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.mock = mock
        self.answers: list[tuple[int, dict, dict]] = []
        self.sent: list[dict] = []
        self.times: list[float] = []
        self.lock = threading.Lock()
        self.counter = 0
        mock.add_callback(responses.POST, MESSAGES_URL, callback=self._answer)

    def fail_with(self, error: Exception) -> None:
        self.answers.append((0, {"raise": error}, {}))

    def will(self, status: int, code: int | None = None, headers: dict | None = None) -> None:
        body = (
            {"code": code, "message": "scripted", "status": status} if code or status >= 400 else {}
        )
        self.answers.append((status, body, headers or {}))

    def _answer(self, request):
        form = {key: values[0] for key, values in parse_qs(request.body).items()}
        with self.lock:
            self.times.append(time.monotonic())
            self.sent.append(form)
            status, body, headers = self.answers.pop(0) if self.answers else (201, {}, {})
            if "raise" in body:
                raise body["raise"]
            if status < 300:
                self.counter += 1
                body = {
                    "sid": f"SM{self.counter:032d}",
                    "status": "queued",
                    "to": form["To"],
                    "from": form["From"],
                    "body": form["Body"],
                    "account_sid": ACCOUNT_SID,
                }
        return status, {"Content-Type": "application/json", **headers}, _json(body)

    @property
    def posts(self) -> int:
        return len(self.sent)


def _json(data: dict) -> str:
    import json

    return json.dumps(data)


@pytest.fixture
def twilio():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield Twilio(mock)


@pytest.fixture
def clock():
    return FakeClock()


def _install(sessions, engine, clock, queue, **overrides):
    values = {
        "redis_url": REDIS_URL if isinstance(queue, RQJobQueue) else None,
        "public_base_url": PUBLIC,
        **overrides,
    }
    settings = make_settings(engine.url.render_as_string(hide_password=False), **values)
    return runtime.install(
        runtime.Runtime(
            settings=settings,
            sessions=sessions,
            queue=queue,
            gateway=TwilioGateway(settings),
            clock=clock,
        )
    )


@pytest.fixture
def rt(sessions, engine, redis_conn, clock):
    previous = runtime._holder.runtime
    yield _install(sessions, engine, clock, RQJobQueue(connection=redis_conn))
    runtime._holder.runtime = previous


@pytest.fixture
def inline_rt(sessions, engine, clock):
    previous = runtime._holder.runtime
    queue = InlineJobQueue()
    yield _install(sessions, engine, clock, queue)
    queue.cancel_all()
    runtime._holder.runtime = previous


def work(rt, caplog, *, with_scheduler: bool = False) -> None:
    """Run every queued job with RQ's own worker; a job that blew up fails the test."""
    queue = rt.queue
    worker = BurstWorker(
        [queue.queue(name) for name in QUEUES],
        connection=queue.connection,
        serializer=queue.queue("urgent").serializer,
    )
    with caplog.at_level(logging.ERROR, logger="rq.worker"):
        worker.work(burst=True, with_scheduler=with_scheduler)
    errors = [r for r in caplog.records if r.name == "rq.worker" and r.levelno >= logging.ERROR]
    assert not errors, errors[0].getMessage()


def make_due(rt, job_id: str, queue: str = "urgent") -> None:
    """Move a scheduled job to now, as if its delay had passed (RQ's own registry API)."""
    rq_queue = rt.queue.queue(queue)
    registry = ScheduledJobRegistry(queue=rq_queue)
    assert job_id in registry.get_job_ids(), registry.get_job_ids()
    registry.schedule(rq_queue.fetch_job(job_id), datetime.now(UTC) - timedelta(seconds=1))


def add_contact(session, phone: str = TEXTER) -> Contact:
    contact = Contact(phone_hash=lookup_hash(phone), phone=phone)
    session.add(contact)
    session.flush()
    return contact


def queue_one(rt, body: str = "We got your message.", key: str = "k-1", **kwargs) -> int:
    with rt.sessions() as session:
        contact = session.scalar(select(Contact).where(Contact.phone_hash == lookup_hash(TEXTER)))
        contact = contact or add_contact(session)
        message = queue_sms(
            session,
            contact=contact,
            body=body,
            purpose=kwargs.pop("purpose", "reply"),
            idempotency_key=key,
            now=rt.clock(),
            **kwargs,
        )
        assert message is not None
        session.commit()
        return message.id


def load(rt, message_id: int) -> Message:
    with rt.sessions() as session:
        return session.get(Message, message_id)


# ---- the happy path and idempotency ------------------------------------------------------


def test_queued_message_is_sent_once_by_the_worker(rt, twilio, caplog):
    message_id = queue_one(rt)
    stored = load(rt, message_id)
    assert (stored.direction, stored.channel, stored.status) == ("out", "rest", "queued")
    work(rt, caplog)
    assert twilio.posts == 1
    form = twilio.sent[0]
    assert form["To"] == TEXTER
    assert form["Body"] == "We got your message."
    assert form["StatusCallback"] == f"{PUBLIC}/twilio/status?message_id={message_id}"
    sent = load(rt, message_id)
    assert sent.sid == f"SM{1:032d}"
    assert sent.status == "queued"
    assert sent.attempts == 1
    assert sent.sent_at == rt.clock()


def test_same_idempotency_key_stores_and_sends_once(rt, twilio, caplog):
    first = queue_one(rt, key="reply:1")
    second = queue_one(rt, key="reply:1")
    assert first == second
    work(rt, caplog)
    assert twilio.posts == 1
    with rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 1


def test_a_rerun_send_job_sends_nothing(rt, twilio, caplog):
    message_id = queue_one(rt)
    work(rt, caplog)
    send_message(message_id)
    send_message(message_id, "urgent")
    assert twilio.posts == 1


def test_inline_queue_sends_right_after_commit(inline_rt, twilio):
    message_id = queue_one(inline_rt)
    assert twilio.posts == 1
    assert load(inline_rt, message_id).sid is not None


def test_nothing_is_sent_on_rollback(rt, twilio, caplog):
    with rt.sessions() as session:
        contact = add_contact(session)
        queue_sms(session, contact=contact, body="x", purpose="reply", idempotency_key="gone")
        session.rollback()
    work(rt, caplog)
    assert twilio.posts == 0


def test_no_status_callback_without_a_public_url(sessions, engine, clock, redis_conn, twilio):
    previous = runtime._holder.runtime
    rt = _install(sessions, engine, clock, InlineJobQueue(), public_base_url=None)
    try:
        queue_one(rt)
    finally:
        runtime._holder.runtime = previous
    assert "StatusCallback" not in twilio.sent[0]


# ---- a worker killed mid-send --------------------------------------------------------------


def test_killed_after_twilio_accepted_is_reconciled_not_resent(rt, twilio, monkeypatch, caplog):
    import routing.sending as sending

    def killed(*args, **kwargs):
        raise SystemExit("worker killed before it could commit")

    monkeypatch.setattr(sending, "_after_accepted", killed)
    message_id = queue_one(rt, body="Someone will text you today.")
    with pytest.raises(SystemExit):
        send_message(message_id)
    monkeypatch.undo()
    stuck = load(rt, message_id)
    assert (stuck.status, stuck.sid, twilio.posts) == ("sending", None, 1)

    # Re-run at once: another worker may still be mid-request, so nothing happens.
    send_message(message_id)
    assert twilio.posts == 1

    # Later, the re-run asks Twilio whether it took the message: it did.
    claimed_at = stuck.status_at
    rt.clock.advance(minutes=3)
    twilio.mock.get(
        MESSAGES_URL,
        json={
            "messages": [
                {
                    "sid": f"SM{1:032d}",
                    "to": TEXTER,
                    "body": "Someone will text you today.",
                    "status": "sent",
                    "date_created": format_datetime(claimed_at),
                }
            ],
            "next_page_uri": None,
        },
    )
    send_message(message_id)
    assert twilio.posts == 1
    done = load(rt, message_id)
    assert (done.sid, done.status) == (f"SM{1:032d}", "sent")
    send_message(message_id)
    assert twilio.posts == 1


def test_read_timeout_is_checked_at_twilio_before_any_resend(rt, twilio, caplog):
    twilio.fail_with(requests.ReadTimeout("no answer"))
    message_id = queue_one(rt, body="Are you safe right now?")
    work(rt, caplog)
    unsure = load(rt, message_id)
    assert (unsure.status, unsure.sid, twilio.posts) == ("sending", None, 1)
    make_due(rt, f"send-message-{message_id}-check-1")
    work(rt, caplog, with_scheduler=True)  # too early to tell: nothing happens
    assert twilio.posts == 1
    rt.clock.advance(minutes=3)
    twilio.mock.get(
        MESSAGES_URL,
        json={
            "messages": [
                {
                    "sid": "SM" + "7" * 32,
                    "to": TEXTER,
                    "body": "Are you safe right now?",
                    "status": "delivered",
                    "date_created": format_datetime(unsure.status_at),
                }
            ],
            "next_page_uri": None,
        },
    )
    send_message(message_id)
    assert twilio.posts == 1
    assert load(rt, message_id).sid == "SM" + "7" * 32


def test_connect_timeout_is_simply_retried(rt, twilio, caplog):
    twilio.fail_with(requests.ConnectTimeout("unreachable"))
    message_id = queue_one(rt)
    work(rt, caplog)
    assert load(rt, message_id).status == "retrying"
    make_due(rt, f"send-message-{message_id}-try-1")
    work(rt, caplog, with_scheduler=True)
    assert twilio.posts == 2
    assert load(rt, message_id).sid is not None


def test_killed_before_twilio_took_it_is_sent_once_after_the_grace(rt, twilio, caplog):
    message_id = queue_one(rt)
    with rt.sessions() as session:
        message = session.get(Message, message_id)
        # What a worker leaves behind when it dies right after claiming.
        message.status, message.attempts, message.status_at = "sending", 1, rt.clock()
        session.commit()
    twilio.mock.get(MESSAGES_URL, json={"messages": [], "next_page_uri": None})
    rt.clock.advance(minutes=3)
    with rt.sessions() as session:
        assert sweep_outbox(session, rt.clock()) == 1
        session.commit()
    work(rt, caplog)
    assert twilio.posts == 1
    assert load(rt, message_id).sid == f"SM{1:032d}"
    assert load(rt, message_id).attempts == 2


def test_lost_job_is_restarted_by_the_sweep(rt, twilio, redis_conn, caplog):
    message_id = queue_one(rt)
    redis_conn.flushdb()  # the job is gone
    with rt.sessions() as session:
        assert sweep_outbox(session, rt.clock()) == 0  # too soon to call it lost
    rt.clock.advance(minutes=5)
    with rt.sessions() as session:
        assert sweep_outbox(session, rt.clock()) == 1
        session.commit()
    work(rt, caplog)
    assert twilio.posts == 1
    with rt.sessions() as session:
        assert sweep_outbox(session, rt.clock()) == 0
    assert load(rt, message_id).status == "queued"  # Twilio's status, with a sid


def test_a_message_too_old_to_matter_expires_unsent(rt, twilio):
    message_id = queue_one(rt)
    rt.clock.advance(hours=13)
    send_message(message_id)
    assert twilio.posts == 0
    assert load(rt, message_id).status == "expired"


# ---- temporary errors ----------------------------------------------------------------------


def test_429_then_201_is_retried_and_sent_once(rt, twilio, caplog):
    twilio.will(429, 20429, headers={"Retry-After": "1"})
    message_id = queue_one(rt)
    work(rt, caplog)
    waiting = load(rt, message_id)
    assert (waiting.status, waiting.error_code, waiting.sid) == ("retrying", 20429, None)
    make_due(rt, f"send-message-{message_id}-try-1")
    work(rt, caplog, with_scheduler=True)
    assert twilio.posts == 2
    sent = load(rt, message_id)
    assert (sent.status, sent.sid, sent.attempts, sent.error_code) == (
        "queued",
        f"SM{1:032d}",
        2,
        None,
    )


def test_500s_are_retried_with_growing_delays(rt, twilio, caplog):
    twilio.will(500)
    twilio.will(503)
    message_id = queue_one(rt)
    work(rt, caplog)
    registry = ScheduledJobRegistry(queue=rt.queue.queue("urgent"))
    first_delay = registry.get_expiration_time(
        rt.queue.queue("urgent").fetch_job(f"send-message-{message_id}-try-1")
    ) - datetime.now(UTC)
    make_due(rt, f"send-message-{message_id}-try-1")
    work(rt, caplog, with_scheduler=True)
    second_delay = registry.get_expiration_time(
        rt.queue.queue("urgent").fetch_job(f"send-message-{message_id}-try-2")
    ) - datetime.now(UTC)
    assert timedelta(seconds=5) < first_delay < second_delay
    make_due(rt, f"send-message-{message_id}-try-2")
    work(rt, caplog, with_scheduler=True)
    assert twilio.posts == 3
    assert load(rt, message_id).status == "queued"


def test_gives_up_after_the_last_attempt(rt, twilio):
    for _ in range(MAX_ATTEMPTS + 2):
        twilio.will(503)
    message_id = queue_one(rt)
    for _ in range(MAX_ATTEMPTS + 2):
        send_message(message_id)
    assert twilio.posts == MAX_ATTEMPTS
    failed = load(rt, message_id)
    assert (failed.status, failed.attempts) == ("failed", MAX_ATTEMPTS)


# ---- permanent errors ----------------------------------------------------------------------


def test_21610_opts_the_number_out_and_stops_all_sending(rt, twilio, caplog):
    twilio.will(400, 21610)
    first = queue_one(rt, key="a")
    second = queue_one(rt, key="b")
    work(rt, caplog)
    assert twilio.posts == 1
    assert load(rt, first).status == "failed"
    assert load(rt, first).error_code == 21610
    assert load(rt, second).status == "suppressed"
    with rt.sessions() as session:
        contact = session.scalar(select(Contact))
        assert contact.opted_out_at is not None
        events = session.scalars(select(OptOutEvent)).all()
        assert [(e.action, e.source) for e in events] == [("out", "twilio_21610")]
        assert (
            queue_sms(session, contact=contact, body="x", purpose="reply", idempotency_key="c")
            is None
        )
        session.commit()
        assert session.scalar(select(func.count()).select_from(Message)) == 2
    work(rt, caplog)
    assert twilio.posts == 1


@pytest.mark.parametrize("code", [21211, 21614, 30006])
def test_invalid_numbers_are_flagged_and_not_retried(rt, twilio, caplog, code):
    twilio.will(400, code)
    message_id = queue_one(rt)
    work(rt, caplog)
    assert load(rt, message_id).status == "failed"
    with rt.sessions() as session:
        contact = session.scalar(select(Contact))
        assert contact.invalid_at is not None
        assert contact.opted_out_at is None
    assert len(ScheduledJobRegistry(queue=rt.queue.queue("urgent"))) == 0
    assert twilio.posts == 1


def test_opt_out_between_queueing_and_sending_wins(rt, twilio, caplog):
    message_id = queue_one(rt)
    with rt.sessions() as session:
        session.scalar(select(Contact)).opted_out_at = rt.clock()
        session.commit()
    work(rt, caplog)
    assert twilio.posts == 0
    assert load(rt, message_id).status == "suppressed"


def test_opt_out_while_the_send_waits_for_its_rate_slot_wins(
    sessions, engine, clock, redis_conn, twilio
):
    """Twilio does not know every opt-out word ("PARAR"): our list must stop a send that was
    claimed before the opt-out and then waited for its turn under the shared rate."""
    previous = runtime._holder.runtime
    rt = _install(sessions, engine, clock, RQJobQueue(connection=redis_conn), messages_per_second=1)
    try:
        first = queue_one(rt, body="We got your message.", key="k-1")
        second = queue_one(rt, body="Someone will reach out today.", key="k-2")
        send_message(first)  # takes this second's slot
        assert twilio.posts == 1
        worker = threading.Thread(target=send_message, args=(second,))
        worker.start()  # claims, finds the number textable, then waits ~1 s for a slot
        time.sleep(0.3)
        with rt.sessions() as session:
            session.scalar(select(Contact)).opted_out_at = rt.clock()
            session.commit()
        worker.join(10)
        assert not worker.is_alive()
    finally:
        runtime._holder.runtime = previous
    assert twilio.posts == 1, [form["Body"] for form in twilio.sent]
    assert load(rt, second).status == "suppressed"


# ---- the shared send rate ------------------------------------------------------------------


def test_burst_from_several_workers_never_exceeds_the_rate(
    sessions, engine, clock, redis_conn, twilio
):
    previous = runtime._holder.runtime
    rt = _install(sessions, engine, clock, RQJobQueue(connection=redis_conn), messages_per_second=5)
    try:
        ids = [queue_one(rt, key=f"burst-{n}", body=f"n{n}") for n in range(14)]
        threads = [
            threading.Thread(target=lambda chunk=ids[i::3]: [send_message(m) for m in chunk])
            for i in range(3)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        runtime._holder.runtime = previous
    assert twilio.posts == 14
    times = sorted(twilio.times)
    for start in times:
        assert sum(1 for t in times if start <= t < start + 1.0) <= 5
    assert times[-1] - times[0] >= 2.0


def test_redis_limiter_is_shared_between_connections(redis_conn):
    one = RedisRateLimiter(redis.Redis.from_url(REDIS_URL), per_second=3)
    two = RedisRateLimiter(redis.Redis.from_url(REDIS_URL), per_second=3)
    assert one.try_acquire("n") == 0
    # The other connection sees the slot taken: it must wait about a third of a second.
    assert 0.25 < two.try_acquire("n") <= 1.04 / 3
    assert 0.25 < one.try_acquire("n") <= 1.04 / 3
    assert one.try_acquire("other number") == 0


def test_slow_rates_space_sends_out():
    now = [0.0]
    limiter = LocalRateLimiter(per_second=0.5, clock=lambda: now[0])
    assert limiter.try_acquire("n") == 0
    assert limiter.try_acquire("n") == pytest.approx(2.08)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    assert wait_for_slot(limiter, "n", max_wait=10, sleep=sleep) == 0
    assert slept == [pytest.approx(2.08)]
    assert wait_for_slot(limiter, "n", max_wait=1, sleep=sleep) == pytest.approx(2.08)


def test_sends_are_spaced_evenly_never_in_a_burst():
    now = [0.0]
    limiter = LocalRateLimiter(per_second=10, clock=lambda: now[0])
    taken = []
    while now[0] < 3.0:
        if limiter.try_acquire("n") == 0:
            taken.append(now[0])
        now[0] += 0.001
    gaps = [later - earlier for earlier, later in itertools.pairwise(taken)]
    assert min(gaps) >= 0.104 - 1e-9
    assert all(sum(1 for t in taken if start <= t < start + 1.0) <= 10 for start in taken)
    assert len(taken) / 3.0 >= 0.95 * 10


# ---- status callbacks ----------------------------------------------------------------------


def stored_with_sid(rt, sid: str = "SMabc", **kwargs) -> int:
    message_id = queue_one(rt, **kwargs)
    with rt.sessions() as session:
        message = session.get(Message, message_id)
        message.sid, message.status, message.sent_at = sid, "queued", rt.clock()
        session.commit()
    return message_id


@pytest.mark.parametrize(
    ("callbacks", "final"),
    [
        (["sent", "delivered"], "delivered"),
        (["delivered", "sent"], "delivered"),
        (["sent", "delivered", "sending", "queued", "sent"], "delivered"),
        (["undelivered", "sent"], "undelivered"),
        (["delivered", "read"], "read"),
        (["delivered", "failed"], "delivered"),
    ],
)
def test_status_only_moves_forward(rt, callbacks, final):
    message_id = stored_with_sid(rt)
    for status in callbacks:
        with rt.sessions() as session:
            record_status(session, sid="SMabc", status=status, error_code=None, now=rt.clock())
            session.commit()
    assert load(rt, message_id).status == final


def test_unknown_sid_is_ignored(rt):
    with rt.sessions() as session:
        assert (
            record_status(session, sid="SMnope", status="sent", error_code=None, now=rt.clock())
            is None
        )


def test_callback_that_outruns_our_commit_is_found_by_message_id(rt):
    message_id = queue_one(rt)
    with rt.sessions() as session:
        message = session.get(Message, message_id)
        message.status, message.attempts, message.status_at = "sending", 1, rt.clock()
        session.commit()
    with rt.sessions() as session:
        found = record_status(
            session,
            sid="SMfast",
            status="sent",
            error_code=None,
            now=rt.clock(),
            message_id=message_id,
        )
        assert found is not None and found.id == message_id
        session.commit()
    from routing.gateway import SendResult
    from routing.sending import _after_accepted

    _after_accepted(rt.sessions, message_id, SendResult("SMfast", "queued"), rt.clock())
    done = load(rt, message_id)
    assert (done.sid, done.status) == ("SMfast", "sent")


def test_failed_callback_with_21610_opts_out(rt):
    stored_with_sid(rt)
    with rt.sessions() as session:
        record_status(session, sid="SMabc", status="failed", error_code=21610, now=rt.clock())
        session.commit()
    with rt.sessions() as session:
        assert session.scalar(select(Contact)).opted_out_at is not None
        assert session.scalar(select(OptOutEvent.source)) == "twilio_21610"


def _offer_for(rt, message_id: int) -> int:
    with rt.sessions() as session:
        responder_contact = add_contact(session, "+14135550199")
        responder = Responder(name="R", contact_id=responder_contact.id)
        case = Case(code="TST1", kind="self_referral")
        session.add_all([responder, case])
        session.flush()
        offer = Offer(case_id=case.id, responder_id=responder.id, message_id=message_id)
        session.add(offer)
        session.commit()
        return offer.id


def test_undelivered_offer_goes_to_escalation(rt, monkeypatch):
    import routing.escalation

    told: list[tuple[int, str]] = []
    monkeypatch.setattr(
        routing.escalation,
        "offer_undelivered",
        lambda session, message, now: told.append((message.id, message.status)),
    )
    message_id = stored_with_sid(rt, purpose="offer")
    for status in ("undelivered", "undelivered", "failed"):
        with rt.sessions() as session:
            record_status(session, sid="SMabc", status=status, error_code=30003, now=rt.clock())
            session.commit()
    assert told == [(message_id, "undelivered")]


def test_undelivered_offer_is_marked_on_the_offer(rt):
    message_id = stored_with_sid(rt, purpose="offer")
    offer_id = _offer_for(rt, message_id)
    with rt.sessions() as session:
        record_status(session, sid="SMabc", status="undelivered", error_code=30003, now=rt.clock())
        session.commit()
    with rt.sessions() as session:
        assert session.get(Offer, offer_id).status == "undelivered"


def test_offer_refused_by_twilio_goes_to_escalation(rt, twilio, monkeypatch, caplog):
    import routing.escalation

    told: list[int] = []
    monkeypatch.setattr(
        routing.escalation,
        "offer_undelivered",
        lambda session, message, now: told.append(message.id),
    )
    twilio.will(400, 21211)
    message_id = queue_one(rt, purpose="offer")
    work(rt, caplog)
    assert told == [message_id]


def test_local_gateway_runs_the_same_path(sessions, engine, clock):
    previous = runtime._holder.runtime
    settings = make_settings(
        engine.url.render_as_string(hide_password=False), twilio_account_sid=None
    )
    gateway = LocalGateway()
    runtime.install(runtime.Runtime(settings, sessions, InlineJobQueue(), gateway, clock))
    try:
        rt = runtime.current()
        message_id = queue_one(rt, body="hello")
    finally:
        runtime._holder.runtime = previous
    assert [(m.to, m.body) for m in gateway.sent] == [(TEXTER, "hello")]
    assert load(rt, message_id).sid.startswith("SMlocal")


def test_a_send_waiting_behind_a_backlog_is_not_restarted(rt, twilio, redis_conn, caplog):
    """A burst at the sending cap keeps texts queued for minutes: their jobs are waiting,
    not lost, and the sweep leaves them be; once a job is really gone it is restarted."""
    message_id = queue_one(rt)
    rt.clock.advance(minutes=5)
    with rt.sessions() as session:
        assert sweep_outbox(session, rt.clock()) == 0
    assert redis_conn.llen("rq:queue:urgent") == 1
    assert load(rt, message_id).status == "queued"
    redis_conn.flushdb()
    with rt.sessions() as session:
        assert sweep_outbox(session, rt.clock()) == 1
        session.commit()
    work(rt, caplog)
    assert twilio.posts == 1
    assert load(rt, message_id).sid is not None


def test_a_restarted_send_still_waiting_is_not_restarted_again(rt, twilio, redis_conn, caplog):
    """The sweep restarted a send whose job was lost, and the restart waits behind a backlog in
    turn: the sweeps that follow leave it be rather than add one more job to the queue each
    minute, and restart it only once that job is really gone."""
    message_id = queue_one(rt)
    redis_conn.flushdb()
    rt.clock.advance(minutes=5)
    with rt.sessions() as session:
        assert sweep_outbox(session, rt.clock()) == 1
        session.commit()
    assert redis_conn.llen("rq:queue:urgent") == 1
    for _ in range(6):
        rt.clock.advance(minutes=1)
        with rt.sessions() as session:
            assert sweep_outbox(session, rt.clock()) == 0
            session.commit()
    assert redis_conn.llen("rq:queue:urgent") == 1
    redis_conn.flushdb()
    rt.clock.advance(minutes=5)
    with rt.sessions() as session:
        assert sweep_outbox(session, rt.clock()) == 1
        session.commit()
    work(rt, caplog)
    assert twilio.posts == 1
    assert load(rt, message_id).sid is not None


def test_the_inline_queue_knows_which_jobs_wait(inline_rt):
    from datetime import timedelta

    queue = inline_rt.queue
    assert not queue.waiting("later")
    queue.enqueue_in(timedelta(hours=1), "time.sleep", 0, job_id="later")
    assert queue.waiting("later")
    queue.cancel_all()
    assert not queue.waiting("later")


def test_an_offer_held_back_by_twilio_is_not_sent_once_the_case_is_taken(rt, twilio, caplog):
    """Twilio answers 429 to Cora's offer; while it waits to be tried again, Dee takes the
    case. The retry must not text Cora "New case … Reply CLAIM" about a case that is no
    longer open: it is canceled, and nothing else moves. Nor is she told "Case … was taken
    by Dee" about a case she never heard of."""
    from routing.claims import claim_case
    from tests.routing_support import add_case, add_responder

    with rt.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
        case_id = add_case(session, now=rt.clock()).id
    twilio.will(429, 20429, headers={"Retry-After": "1"})
    work(rt, caplog)  # routing, then the offer to Cora: held back
    with rt.sessions() as session:
        (offer,) = session.scalars(select(Offer).where(Offer.case_id == case_id))
        assert (offer.responder_id, load(rt, offer.message_id).status) == (cora.id, "retrying")
    with rt.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        holder = session.get_one(Responder, dee.id)
        assert claim_case(session, case, holder, rt.clock(), rt.settings).ok
    work(rt, caplog)  # nothing to Cora
    rt.clock.advance(seconds=30)
    make_due(rt, f"send-message-{offer.message_id}-try-1")
    work(rt, caplog, with_scheduler=True)
    bodies = [form["Body"] for form in twilio.sent]
    assert [body.split(":")[0] for body in bodies] == [
        f"New case {case.code}",  # the one Twilio held back
    ]
    canceled = load(rt, offer.message_id)
    assert (canceled.status, canceled.sid, canceled.attempts) == ("canceled", None, 1)
    with rt.sessions() as session:
        assert session.get_one(Offer, offer.id).status == "taken"


def test_an_offer_still_in_our_outbox_is_not_sent_once_the_case_is_taken(rt, twilio, caplog):
    """Cora's offer is stored and queued, its send job not run yet, when Dee takes the case:
    as for a text Twilio held back, it is canceled at the claim, never sent, and Cora is not
    told "Case … was taken by Dee" about a case she never heard of."""
    from routing import jobs
    from routing.claims import claim_case
    from tests.routing_support import add_case, add_responder

    with rt.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
        case_id = add_case(session, now=rt.clock()).id
    jobs.route_case(case_id)  # the offer to Cora is stored; its send job waits in Redis
    with rt.sessions() as session:
        (offer,) = session.scalars(select(Offer).where(Offer.case_id == case_id))
        waiting = load(rt, offer.message_id)
        assert (offer.responder_id, waiting.status, waiting.sid) == (cora.id, "queued", None)
    with rt.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        holder = session.get_one(Responder, dee.id)
        assert claim_case(session, case, holder, rt.clock(), rt.settings).ok
    work(rt, caplog)
    assert twilio.sent == []
    canceled = load(rt, offer.message_id)
    assert (canceled.status, canceled.sid, canceled.attempts) == ("canceled", None, 0)
    with rt.sessions() as session:
        assert session.get_one(Offer, offer.id).status == "taken"
        purposes = session.scalars(select(Message.purpose).where(Message.case_id == case_id))
        assert "offer_taken" not in set(purposes)
