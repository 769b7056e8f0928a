"""Fault: Twilio's API answers 429, 500 and 503, times out (having taken the message, or not)
for a while, then recovers. Every message goes out once it does, after backing off; none is
lost and none reaches Twilio twice. Real Redis, RQ and database; Twilio's HTTP API mocked.
"""

from __future__ import annotations

import itertools
import json
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from rq.registry import ScheduledJobRegistry
from sqlalchemy import select

from models import Contact, Message
from models.crypto import lookup_hash
from routing import runtime
from routing.queues import RQJobQueue
from routing.sending import BACKOFF, queue_sms
from tests.conftest import ACCOUNT_SID
from tests.test_sending import FakeClock, _install, work

MESSAGES_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
TEXTERS = [f"+1413555{n:04d}" for n in range(150, 158)]
RETRY_AFTER = 45


class FlakyTwilio:
    """Twilio in trouble: while ``down``, each POST meets the next failure in turn."""

    FAILURES = ("429", "500", "503", "taken-then-timeout", "connect-timeout")

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.lock = threading.Lock()
        self.down = True
        self.modes = itertools.cycle(self.FAILURES)
        self.posts: list[dict[str, str]] = []
        self.accepted: list[dict[str, str]] = []
        mock.add_callback(responses.POST, MESSAGES_URL, callback=self._post)
        mock.add_callback(responses.GET, MESSAGES_URL, callback=self._list)

    def _post(self, request):
        form = {key: values[0] for key, values in parse_qs(request.body).items()}
        key = request.headers.get("I-Twilio-Idempotency-Token", "")
        with self.lock:
            self.posts.append({**form, "key": key})
            mode = next(self.modes) if self.down else "ok"
            if mode == "connect-timeout":
                raise requests.ConnectTimeout("could not connect")
            if mode in ("429", "500", "503"):
                status = int(mode)
                body = {
                    "code": 20429 if status == 429 else None,
                    "message": "busy",
                    "status": status,
                }
                headers = {"Retry-After": str(RETRY_AFTER)} if status == 429 else {}
                return status, {"Content-Type": "application/json", **headers}, json.dumps(body)
            record = {
                "sid": f"SMflaky{len(self.accepted) + 1:027d}",
                "to": form["To"],
                "body": form["Body"],
                "status": "queued",
                # Twilio's clock and ours agree: the test's clock is the one moving.
                "date_created": format_datetime(runtime.current().clock()),
                "account_sid": ACCOUNT_SID,
                "key": key,
            }
            self.accepted.append(record)
            if mode == "taken-then-timeout":
                raise requests.ReadTimeout("Twilio took it but the answer never came")
        return 201, {"Content-Type": "application/json"}, json.dumps(record)

    def _list(self, request):
        to = parse_qs(urlsplit(request.url).query).get("To", [""])[0]
        with self.lock:
            found = [r for r in reversed(self.accepted) if r["to"] == to]
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps({"messages": found, "next_page_uri": None}),
        )

    def accepted_per_key(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for record in self.accepted:
            counts[record["key"]] = counts.get(record["key"], 0) + 1
        return counts


@pytest.fixture
def rt(sessions, engine, redis_conn):
    previous = runtime._holder.runtime
    yield _install(sessions, engine, FakeClock(), RQJobQueue(connection=redis_conn))
    runtime._holder.runtime = previous


def queue_all(rt) -> dict[int, str]:
    keys = {}
    with rt.sessions() as session:
        for index, phone in enumerate(TEXTERS):
            contact = Contact(phone_hash=lookup_hash(phone), phone=phone)
            session.add(contact)
            session.flush()
            key = f"fault-{index}"
            message = queue_sms(
                session,
                contact=contact,
                body=f"Someone from the team will call you today ({index}).",
                purpose="reply",
                idempotency_key=key,
                now=rt.clock(),
            )
            keys[message.id] = key
        session.commit()
    return keys


def scheduled_delays(rt) -> dict[str, float]:
    queue = rt.queue.queue("urgent")
    registry = ScheduledJobRegistry(queue=queue)
    now = datetime.now(UTC)
    return {
        job_id: (registry.get_expiration_time(queue.fetch_job(job_id)) - now).total_seconds()
        for job_id in registry.get_job_ids()
    }


def make_all_due(rt) -> None:
    queue = rt.queue.queue("urgent")
    registry = ScheduledJobRegistry(queue=queue)
    for job_id in registry.get_job_ids():
        registry.schedule(queue.fetch_job(job_id), datetime.now(UTC) - timedelta(seconds=1))


def test_twilio_trouble_then_recovery_sends_everything_once(rt, caplog):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = FlakyTwilio(mock)
        keys = queue_all(rt)
        work(rt, caplog)
        assert twilio.posts and len(twilio.posts) == len(keys)
        with rt.sessions() as session:
            statuses = session.scalars(select(Message.status).where(Message.id.in_(keys))).all()
        assert set(statuses) <= {"retrying", "sending"}  # nothing failed, nothing lost
        delays = scheduled_delays(rt)
        assert len(delays) == len(keys)  # every message has its next try armed
        # Backing off: at least the first step, and Twilio's Retry-After when it gave one.
        assert min(delays.values()) >= BACKOFF[0] - 4  # (measured after the round took a while)
        assert max(delays.values()) >= RETRY_AFTER - 4

        # A second round of trouble, then Twilio recovers.
        rt.clock.advance(minutes=5)
        make_all_due(rt)
        work(rt, caplog, with_scheduler=True)
        twilio.down = False
        for _ in range(6):
            with rt.sessions() as session:
                unsent = session.scalars(
                    select(Message.id).where(Message.id.in_(keys), Message.sid.is_(None))
                ).all()
            if not unsent:
                break
            rt.clock.advance(minutes=5)
            make_all_due(rt)
            work(rt, caplog, with_scheduler=True)

    with rt.sessions() as session:
        messages = session.scalars(select(Message).where(Message.id.in_(keys))).all()
    assert all(m.sid for m in messages), [(m.id, m.status) for m in messages]
    assert {m.status for m in messages} == {"queued"}
    assert twilio.accepted_per_key() == dict.fromkeys(keys.values(), 1)  # out once, each
    assert {m.sid for m in messages} == {r["sid"] for r in twilio.accepted}
