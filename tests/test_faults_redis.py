"""Fault: Redis is down (or hangs) while texts arrive.

Texts are stored and answered without Redis; every case made meanwhile is routed once Redis is
back, by the sweep the worker runs at start-up (the outbox: cases with ``routed_at`` NULL).
Real PostgreSQL and Redis; only Twilio's HTTP API is mocked.
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import timedelta

import pytest
import responses
from rq.serializers import JSONSerializer
from sqlalchemy import func, select

import worker
from hotline import create_app
from models import Case, Message, Offer, utcnow
from routing import runtime
from routing.queues import QUEUES
from tests.conftest import REDIS_URL, make_settings, post_signed, sms_form
from tests.rq_support import BurstWorker
from tests.test_end_to_end import COACH_A, COACH_B, TwilioStandIn, replies_of, set_up

# Nothing listens here: connections are refused at once.
CLOSED_REDIS = "redis://127.0.0.1:6390/0"
SELF_REFERRAL = ["hi", "1", "1", "northampton", "call", "evening", "peers", "Sam", "yes"]
TEXTERS = ["+14135550161", "+14135550162", "+14135550163"]
# Twilio waits 15 s for an answer; ours must come well before that with Redis gone.
MAX_ANSWER_SECONDS = 3.0


def _app(engine, redis_url: str, tmp_path):
    app = create_app(
        make_settings(engine.url.render_as_string(hide_password=False), redis_url=redis_url)
    )
    app.config.update(TESTING=True)
    return app


def _text_all(app, texters: list[str]) -> list[float]:
    """Every texter self-refers through the signed webhook; returns each answer's latency."""
    client = app.test_client()
    latencies = []
    for texter in texters:
        for body in SELF_REFERRAL:
            started = time.monotonic()
            response = post_signed(client, "/twilio/sms", sms_form(body, texter))
            latencies.append(time.monotonic() - started)
            assert response.status_code == 200, response.data
        assert "within 24 hours" in replies_of(response)[-1]
    return latencies


def _work(redis_conn) -> None:
    queue = runtime.current().queue
    BurstWorker(
        [queue.queue(name) for name in QUEUES], connection=redis_conn, serializer=JSONSerializer
    ).work(burst=True)


def test_texts_while_redis_is_down_are_answered_then_routed_once_it_is_back(
    pg_engine, redis_conn, tmp_path
):
    down = _app(pg_engine, CLOSED_REDIS, tmp_path)
    set_up(down, tmp_path)
    # The outage was a few minutes ago: the sweep leaves cases younger than a minute to their
    # own job, so these must be older than that when Redis returns.
    runtime.current().clock = lambda: utcnow() - timedelta(minutes=5)
    latencies = _text_all(down, TEXTERS)
    assert max(latencies) < MAX_ANSWER_SECONDS
    sessions = down.extensions["hotline.sessions"]
    with sessions() as session:
        cases_in = session.scalar(select(func.count()).select_from(Case))
        assert cases_in == len(TEXTERS)
        assert session.scalar(select(func.count()).where(Case.routed_at.is_not(None))) == 0
        stored = session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "in")
        )
        assert stored == len(TEXTERS) * len(SELF_REFERRAL)

    # Redis is back and a worker starts: its start-up sweep routes what waited.
    up = _app(pg_engine, REDIS_URL, tmp_path)
    with up.app_context(), responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = TwilioStandIn(mock)
        worker.arm_sweeps(runtime.current().queue, runtime.current().clock())
        _work(redis_conn)
        # A second start-up (a redeploy) and another sweep change nothing.
        worker.run_sweep()
        _work(redis_conn)

    with sessions() as session:
        assert session.scalar(select(func.count()).where(Case.routed_at.is_(None))) == 0
        offers = session.scalar(select(func.count()).select_from(Offer))
    # Two on-call peers per case (each person chose peers only): offers out = cases in × 2.
    assert offers == cases_in * 2
    assert len(twilio.to(COACH_A)) == len(twilio.to(COACH_B)) == cases_in
    assert len(twilio.sent) == cases_in * 2
    offers_out = [(form["To"], form["Body"]) for form in twilio.sent]
    assert len(set(offers_out)) == len(offers_out)  # none went twice


class _Blackhole:
    """A TCP port that accepts connections and never answers: a Redis that hangs."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.server.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def hanging_redis():
    hole = _Blackhole()
    yield f"redis://127.0.0.1:{hole.port}/0"
    hole.close()


def test_a_hanging_redis_does_not_hang_the_webhook(pg_engine, hanging_redis, tmp_path):
    app = _app(pg_engine, hanging_redis, tmp_path)
    set_up(app, tmp_path)
    latencies = _text_all(app, TEXTERS[:1])
    # Only the last text makes a case and touches Redis; it must still answer in time.
    assert max(latencies) < MAX_ANSWER_SECONDS
    with app.extensions["hotline.sessions"]() as session:
        case = session.scalars(select(Case)).one()
        assert case.routed_at is None  # the sweep routes it once Redis answers again


def test_staff_can_still_sign_in_while_redis_is_down(pg_engine, tmp_path):
    from tests.test_admin_auth import add_user, log_in

    app = _app(pg_engine, CLOSED_REDIS, tmp_path)
    add_user(app, "coord@example.org", "coordinator")
    assert log_in(app.test_client(), "coord@example.org", "wrong password").status_code == 401
    assert log_in(app.test_client(), "coord@example.org").status_code == 302
