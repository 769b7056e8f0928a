"""Fault: the worker is killed with SIGKILL in the middle of sending an SMS.

For real: ``python worker.py`` runs as a subprocess against our PostgreSQL and Redis, sending to
a Twilio stand-in HTTP server on 127.0.0.1 that records every request and can stall one. The
worker (its whole process group: main process and work horse) is killed while Twilio holds
the request; a second worker starts; every message goes out exactly once per idempotency key.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from rq.job import Job
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer
from sqlalchemy import select, update

from hotline import create_app
from models import Case, Message
from routing import runtime
from routing.sending import STUCK_SENDING_AFTER
from tests.conftest import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    HOTLINE_NUMBER,
    LOOKUP_KEY,
    REDIS_URL,
    TEST_KEYS,
    make_settings,
    post_signed,
    sms_form,
)
from tests.test_end_to_end import ROSTER

ROOT = Path(__file__).resolve().parent.parent
SELF_REFERRAL = ["hi", "1", "1", "northampton", "call", "evening", "peers", "Sam", "yes"]
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
WAIT = 30.0  # seconds: an upper bound for anything below, never the usual time


class TwilioStandIn:
    """Twilio's Messages API on a loopback port: records every POST, answers list look-ups,
    and holds the first POST without answering while ``stall_first`` is set."""

    def __init__(self, *, stall_first: bool) -> None:
        self.lock = threading.Lock()
        self.posts: list[dict[str, str]] = []
        self.accepted: list[dict[str, str]] = []
        self.stall_first = stall_first
        self.stalled = threading.Event()
        self.release = threading.Event()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                key = self.headers.get("I-Twilio-Idempotency-Token", "")
                with stand_in.lock:
                    sid = f"SMstandin{len(stand_in.posts) + 1:024x}"
                    record = {
                        "sid": sid,
                        "key": key,
                        "to": form.get("To", ""),
                        "from": form.get("From", ""),
                        "body": form.get("Body", ""),
                        "status": "queued",
                        "date_created": format_datetime(datetime.now(UTC)),
                        "account_sid": ACCOUNT_SID,
                    }
                    stand_in.posts.append(record)
                    # Twilio has the message from here on, whether or not we answer.
                    stand_in.accepted.append(record)
                    stall = stand_in.stall_first and len(stand_in.posts) == 1
                if stall:
                    stand_in.stalled.set()
                    stand_in.release.wait(WAIT)
                    return
                self._json(201, record)

            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                to = query.get("To", [""])[0]
                with stand_in.lock:
                    found = [r for r in reversed(stand_in.accepted) if r["to"] == to]
                self._json(
                    200,
                    {
                        "messages": found[:20],
                        "next_page_uri": None,
                        "page": 0,
                        "page_size": 20,
                        "uri": MESSAGES_PATH,
                    },
                )

            def _json(self, status: int, data: dict) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def per_key(self) -> dict[str, int]:
        with self.lock:
            counts: dict[str, int] = {}
            for record in self.posts:
                counts[record["key"]] = counts.get(record["key"], 0) + 1
            return counts

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stand_in():
    server = TwilioStandIn(stall_first=True)
    yield server
    server.close()


def _env(tmp_path: Path, database_url: str, twilio_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "REDIS_"))}
    env.update(
        HOTLINE_ENV="development",
        HOTLINE_INSTANCE=str(tmp_path),
        SECRET_KEY="worker-kill-test",
        ENCRYPTION_KEYS=TEST_KEYS[0],
        LOOKUP_KEY=LOOKUP_KEY,
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM_NUMBER=HOTLINE_NUMBER,
        TWILIO_API_BASE_URL=twilio_url,
        MESSAGES_PER_SECOND="100",
        PYTHONPATH=str(ROOT),
    )
    return env


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid``: RQ's work horse puts itself in a process group of its own,
    and its scheduler runs in another child process."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def _kill(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


class Workers:
    """``python worker.py`` processes started by a test, each ended by the test."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.started: list[subprocess.Popen] = []
        self.seen: set[int] = set()

    def start(self) -> subprocess.Popen:
        with self.log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "worker.py")],
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.started.append(process)
        return process

    def kill_hard(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker, its work horse and its scheduler at once: its machine died."""
        _kill([process.pid, *_descendants(process.pid)])
        process.wait(timeout=WAIT)

    def stop(self, process: subprocess.Popen) -> None:
        """A normal shutdown (SIGTERM), then SIGKILL for whatever is left."""
        family = _descendants(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=WAIT)
        _kill(family)

    def close(self) -> None:
        for process in self.started:
            if process.poll() is None:
                self.kill_hard(process)


def _wait_for(condition, what: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        assert process.poll() is None, f"worker exited:\n{log.read_text()[-3000:]}"
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")


def _outbound(sessions) -> list[Message]:
    with sessions() as session:
        return list(
            session.scalars(
                select(Message).where(Message.channel == "rest").order_by(Message.id)
            ).all()
        )


@pytest.fixture
def workers(tmp_path):
    started: list[Workers] = []

    def make(env: dict[str, str]) -> Workers:
        started.append(Workers(env, tmp_path / "worker.log"))
        return started[-1]

    yield make
    for group in started:
        group.close()


def test_worker_killed_mid_send_recovers_and_sends_each_text_once(
    pg_engine, redis_conn, stand_in, workers, tmp_path
):
    database_url = pg_engine.url.render_as_string(hide_password=False)
    app = create_app(
        make_settings(database_url, redis_url=REDIS_URL, twilio_api_base_url=stand_in.url)
    )
    runner = app.test_cli_runner()
    assert runner.invoke(args=["setup"]).exit_code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    assert runner.invoke(args=["roster", "load", str(roster)]).exit_code == 0
    client = app.test_client()
    for body in SELF_REFERRAL:
        assert post_signed(client, "/twilio/sms", sms_form(body, "+14135550171")).status_code == 200
    sessions = app.extensions["hotline.sessions"]
    pool = workers(_env(tmp_path, database_url, stand_in.url))

    first = pool.start()
    _wait_for(stand_in.stalled.is_set, "the first send to reach Twilio", first, pool.log)
    pool.kill_hard(first)  # mid-request: Twilio has the text, we never heard back

    stuck = [m for m in _outbound(sessions) if m.status == "sending"]
    assert len(stuck) == 1 and stuck[0].sid is None
    urgent = runtime.current().queue.queue("urgent")
    abandoned = StartedJobRegistry(queue=urgent).get_job_ids()
    assert abandoned == [f"send-message-{stuck[0].id}-0"]
    # The worker died a while ago: past the point where a live request could still answer.
    with sessions.begin() as session:
        session.execute(
            update(Message)
            .where(Message.id == stuck[0].id)
            .values(status_at=stuck[0].status_at - STUCK_SENDING_AFTER - timedelta(seconds=30))
        )

    second = pool.start()
    _wait_for(
        lambda: len(_outbound(sessions)) == 2 and all(m.sid for m in _outbound(sessions)),
        "every offer to be sent",
        second,
        pool.log,
    )
    pool.stop(second)

    messages = _outbound(sessions)
    keys = {m.idempotency_key for m in messages}
    assert stand_in.per_key() == dict.fromkeys(keys, 1)  # each text reached Twilio once
    recovered = next(m for m in messages if m.id == stuck[0].id)
    assert recovered.sid == stand_in.posts[0]["sid"]  # adopted from Twilio, not sent again

    # RQ's own recovery of the abandoned job (once its heartbeat lapses) runs it again later:
    # harmless, the message already has its sid.
    StartedJobRegistry(queue=urgent).cleanup(time.time() + 3600)
    job = Job.fetch(abandoned[0], connection=redis_conn, serializer=JSONSerializer)
    assert job.get_status() == "scheduled"  # retried by RQ, not dropped
    job.perform()
    assert stand_in.per_key() == dict.fromkeys(keys, 1)
    with sessions() as session:
        case = session.scalars(select(Case)).one()
        assert case.routed_at is not None and case.status == "offered"
