"""The worker: refuses to start without Redis, keeps exactly one sweep armed, runs the sweep."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rq.registry import ScheduledJobRegistry

import worker
from models import Contact, Message
from models.crypto import lookup_hash
from routing import runtime
from routing.gateway import LocalGateway
from routing.queues import QUEUES, RQJobQueue
from routing.sending import queue_sms
from tests.conftest import LOOKUP_KEY, REDIS_URL, TEST_KEYS, make_settings
from tests.rq_support import BurstWorker

ROOT = Path(__file__).resolve().parent.parent


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def rt(sessions, engine, redis_conn):
    previous = runtime._holder.runtime
    settings = make_settings(
        engine.url.render_as_string(hide_password=False),
        redis_url=REDIS_URL,
        twilio_account_sid=None,
    )
    installed = runtime.install(
        runtime.Runtime(
            settings=settings,
            sessions=sessions,
            queue=RQJobQueue(connection=redis_conn),
            gateway=LocalGateway(),
            clock=FakeClock(),
        )
    )
    yield installed
    runtime._holder.runtime = previous


def scheduled(rt) -> list[str]:
    return ScheduledJobRegistry(queue=rt.queue.queue("default")).get_job_ids()


def test_next_sweep_is_the_next_whole_minute():
    now = datetime(2024, 5, 1, 12, 30, 41, 5000, tzinfo=UTC)
    assert worker.next_sweep_at(now) == datetime(2024, 5, 1, 12, 31, tzinfo=UTC)


def test_many_workers_and_redeploys_arm_one_sweep(rt):
    # Early in a minute, so "five seconds later" is still the same minute.
    now = datetime.now(UTC).replace(second=1, microsecond=0)
    for _ in range(3):
        worker.schedule_sweep(rt.queue, now)
    worker.schedule_sweep(rt.queue, now + timedelta(seconds=5))
    when = worker.next_sweep_at(now)
    assert scheduled(rt) == [f"hotline-sweep-{when:%Y%m%dT%H%M}"]


def test_the_sweep_runs_and_arms_the_next_one(rt, caplog):
    with rt.sessions() as session:
        contact = Contact(phone_hash=lookup_hash("+14135550123"), phone="+14135550123")
        session.add(contact)
        session.flush()
        message = queue_sms(
            session,
            contact=contact,
            body="hello",
            purpose="reply",
            idempotency_key="lost",
            now=rt.clock() - timedelta(minutes=10),
        )
        session.commit()
    rt.queue.connection.flushdb()  # the send job is lost with Redis

    # Arm a sweep that is already due, as after a worker was down for a while.
    worker.schedule_sweep(rt.queue, datetime.now(UTC) - timedelta(minutes=2))
    BurstWorker(
        [rt.queue.queue(name) for name in QUEUES],
        connection=rt.queue.connection,
        serializer=rt.queue.queue("default").serializer,
    ).work(burst=True, with_scheduler=True)

    with rt.sessions() as session:
        sent = session.get(Message, message.id)
        assert sent.sid is not None and sent.sid.startswith("SMlocal")
    assert [m.body for m in rt.gateway.sent] == ["hello"]
    assert scheduled(rt) == [f"hotline-sweep-{worker.next_sweep_at(rt.clock()):%Y%m%dT%H%M}"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_FROM_NUMBER"}
    }
    env.update(
        HOTLINE_ENV="development",
        HOTLINE_INSTANCE=str(tmp_path),
        SECRET_KEY="worker-test",
        ENCRYPTION_KEYS=TEST_KEYS[0],
        LOOKUP_KEY=LOOKUP_KEY,
        DATABASE_URL=f"sqlite:///{tmp_path / 'hotline.db'}",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def test_worker_refuses_to_start_without_redis(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "worker.py")],
        env=_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "REDIS_URL is not set" in done.stderr


def test_worker_starts_and_arms_the_sweep(tmp_path, redis_conn):
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "worker.py")],
        env=_env(tmp_path, REDIS_URL=REDIS_URL),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # Its own process group: RQ's scheduler is a child process, which must not outlive
        # the test (left running, it holds the scheduler lock in this Redis db for later runs).
        start_new_session=True,
    )
    queue = RQJobQueue(connection=redis_conn)
    registry = ScheduledJobRegistry(queue=queue.queue("default"))
    try:
        deadline = time.monotonic() + 30

        def sweeps() -> list[str]:
            # The periodic sweep, armed once (the start-up sweep has an id of its own).
            return [
                i
                for i in registry.get_job_ids()
                if i.startswith("hotline-sweep-") and not i.startswith("hotline-sweep-start-")
            ]

        while time.monotonic() < deadline and not sweeps():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.2)
        assert len(sweeps()) == 1
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        if process.stderr:
            process.stderr.close()


def sweeps_armed(rt) -> list[str]:
    return [i for i in scheduled(rt) if i.startswith(worker.SWEEP_JOB_PREFIX)]


def test_the_worker_rearms_the_sweep_after_redis_loses_its_data(rt):
    """Redis comes back empty (a restart without persistence, a failover, an eviction) while
    the worker keeps running: the worker arms the sweep again itself, within about a minute."""
    hotline_worker = worker.HotlineWorker(
        [rt.queue.queue(name) for name in QUEUES],
        connection=rt.queue.connection,
        serializer=rt.queue.queue("default").serializer,
        job_queue=rt.queue,
        clock=rt.clock,
    )
    # It wakes from waiting on an empty queue, and runs its maintenance, once a minute.
    assert hotline_worker.maintenance_interval == 60
    assert hotline_worker.dequeue_timeout <= 60

    worker.arm_sweeps(rt.queue, rt.clock())
    rt.queue.connection.flushdb()
    hotline_worker.work(burst=True)
    assert sweeps_armed(rt) == [f"hotline-sweep-{worker.next_sweep_at(rt.clock()):%Y%m%dT%H%M}"]
    retention = ScheduledJobRegistry(queue=rt.queue.queue("bulk")).get_job_ids()
    assert [i for i in retention if i.startswith("hotline-retention-")]

    # Later, while it keeps running, Redis loses everything again.
    rt.clock.now += timedelta(minutes=5)
    rt.queue.connection.flushdb()
    hotline_worker.last_cleaned_at = datetime.now(UTC) - timedelta(seconds=61)
    assert hotline_worker.should_run_maintenance_tasks
    hotline_worker.run_maintenance_tasks()
    assert sweeps_armed(rt) == [f"hotline-sweep-{worker.next_sweep_at(rt.clock()):%Y%m%dT%H%M}"]


def test_a_redis_error_while_rearming_does_not_stop_the_worker(rt, monkeypatch, caplog):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def redis_is_away(queue, now):
        raise RedisConnectionError("Connection refused")

    hotline_worker = worker.HotlineWorker(
        [rt.queue.queue("default")],
        connection=rt.queue.connection,
        serializer=rt.queue.queue("default").serializer,
        job_queue=rt.queue,
        clock=rt.clock,
    )
    monkeypatch.setattr(worker, "keep_armed", redis_is_away)
    hotline_worker.run_maintenance_tasks()
    assert "could not re-arm the sweep" in caplog.text
