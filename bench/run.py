"""Run the benchmark suite on this machine and write the figures table.

    python -m bench.run            # the full suite (make bench), under 10 minutes on 2 cores
    python -m bench.run --smoke    # seconds: every piece end to end, no timing targets (CI)

Production's shape, all on loopback and all started and stopped here: gunicorn (explicit
workers and threads, as in the Procfile), PostgreSQL, Redis, RQ workers (``python worker.py``)
and a Twilio stand-in (``bench/twilio_standin.py``) that the gateway sends to and that posts
signed status callbacks back. The harness owns its database and Redis db and resets both.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.floor_app import CREATE_TABLE as FLOOR_TABLE
from bench.load import (
    ConversationMix,
    Hotline,
    Numbers,
    Saturation,
    Tally,
    fixed_rate,
    percentile,
    saturate,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ACCOUNT_SID = "AC" + "b" * 32
HOTLINE_NUMBER = "+14135550100"
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"

# Three recovery coaches on call around the clock: a self-referral asking for a coach is offered
# to all three, so every claim leaves two others to tell. The rest make the roster realistic.
COACHES = ("+14135550151", "+14135550152", "+14135550153")
ROSTER = (
    "name,phone,roles,languages,towns,active,shifts\n"
    f"Bench Coach A,{COACHES[0]},recovery_coach,en,,yes,Mon-Sun 00:00-00:00\n"
    f"Bench Coach B,{COACHES[1]},recovery_coach,en;es,,yes,Mon-Sun 00:00-00:00\n"
    f"Bench Coach C,{COACHES[2]},recovery_coach,en,,yes,Mon-Sun 00:00-00:00\n"
    "Bench Specialist,+14135550154,harm_reduction_specialist,en;es,Amherst;Hadley,yes,"
    "Mon-Sun 00:00-00:00\n"
    "Bench Family,+14135550155,family_support_specialist,en,,yes,Mon-Fri 09:00-17:00\n"
    "Bench Officer,+14135550156,police_officer,en,,yes,Mon-Sun 00:00-00:00\n"
    "Bench Coordinator,+14135550157,coordinator,en,,yes,Mon-Sun 00:00-00:00\n"
)
OFFER = re.compile(r"^(?:New case|Still unclaimed: case) (\w+):")
TAKEN = re.compile(r"^Case (\w+) was taken by")


@dataclass(frozen=True)
class Profile:
    """Every knob of one run; ``--smoke`` shrinks them all."""

    web_workers: int = 2
    web_threads: int = 4
    rq_workers: int = 3
    # The webhook phases run the workers with a high cap so their offers go out at once (the
    # send rate has its own figure); routing and the burst run at the capped rate.
    open_rate: float = 1000.0
    capped_rate: float = 10.0
    referral_share: float = 0.5
    fixed_rps: float = 50.0
    fixed_seconds: float = 20.0
    # Growth is compared on one texter at a time: the cost of a step, not queueing behind others.
    growth_seconds: float = 12.0
    bare_fixed_seconds: float = 10.0
    saturation_clients: int = 16
    # Each endpoint in turn, round after round: a slow minute then falls on all of them.
    saturation_rounds: int = 3
    saturation_seconds: float = 6.0
    referrals: int = 30
    referral_spacing: float = 1.2
    think: float = 0.1
    burst: int = 2000
    burst_contacts: int = 200
    small_rows: int = 1_000
    large_rows: int = 100_000
    drain_timeout: float = 45.0
    smoke: bool = False


SMOKE = Profile(
    web_workers=1,
    web_threads=4,
    rq_workers=1,
    open_rate=10.0,
    fixed_rps=10.0,
    fixed_seconds=1.0,
    growth_seconds=0.5,
    bare_fixed_seconds=0.5,
    saturation_clients=4,
    saturation_rounds=1,
    saturation_seconds=1.0,
    referrals=3,
    referral_spacing=0.3,
    think=0.0,
    burst=10,
    burst_contacts=5,
    small_rows=100,
    large_rows=300,
    drain_timeout=20.0,
    smoke=True,
)


_T0 = time.perf_counter()


def log(text: str) -> None:
    print(
        f"[bench {time.strftime('%H:%M:%S')} {time.perf_counter() - _T0:6.1f}s] {text}", flush=True
    )


# --- processes -------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the harness dies, however it dies."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Processes:
    """Every process the harness starts, stopped by pid (children of gunicorn and RQ follow
    their parent); they stay in the harness's process group so a caller can end them all."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.running: dict[str, subprocess.Popen[bytes]] = {}
        self.pids_seen: dict[int, str] = {}

    def start(
        self, name: str, cmd: list[str], env: dict[str, str], cwd: Path = ROOT
    ) -> subprocess.Popen[bytes]:
        out = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        out.close()
        self.running[name] = proc
        return proc

    def stop(self, *names: str, timeout: float = 15.0) -> None:
        """SIGTERM to each (all at once), then wait; SIGKILL whatever outlives ``timeout``."""
        procs = [(n, self.running.pop(n)) for n in names if n in self.running]
        began = time.perf_counter()
        for _, proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for _, proc in procs:
            try:
                proc.wait(max(0.1, timeout - (time.perf_counter() - began)))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if procs:
            label = ", ".join(n for n, _ in procs)
            log(f"stopped {label} in {time.perf_counter() - began:.1f}s")

    def stop_all(self) -> None:
        self.stop(*self.running)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float = 30.0, proc: subprocess.Popen[bytes] | None = None):
    """Until anything answers HTTP at ``url`` (any status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url} within {timeout}s")


# --- memory ----------------------------------------------------------------------------------


def _status(pid: int) -> dict[str, int]:
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    values[key] = int(rest.split()[0])  # kB
    except OSError:
        pass
    return values


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree[ppid].append(int(entry))
    return tree


class MemorySampler:
    """Samples VmHWM/VmRSS of every gunicorn worker and RQ worker (and its children) twice a
    second; VmHWM is the kernel's own peak, so a spike between samples is still counted."""

    def __init__(self) -> None:
        self.roots: dict[int, str] = {}  # pid -> "web" (gunicorn master) or "rq"
        self.peak_kb: dict[str, int] = defaultdict(int)
        self.peak_pid: dict[str, int] = {}
        self.seen: dict[str, set[int]] = defaultdict(set)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._lock = threading.Lock()

    def watch(self, pid: int, role: str) -> None:
        with self._lock:
            self.roots[pid] = role

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def sample(self) -> None:
        tree = _children()
        with self._lock:
            roots = dict(self.roots)
        for pid, role in roots.items():
            if role == "web":
                targets = [("web master", pid)] + [("web worker", c) for c in tree.get(pid, [])]
            else:
                # RQ's scheduler is the worker's one child (jobs run in the worker itself).
                targets = [("rq worker", pid)] + [("rq scheduler", c) for c in tree.get(pid, [])]
            for kind, target in targets:
                status = _status(target)
                if not status:
                    continue
                self.seen[kind].add(target)
                peak = max(status.get("VmHWM", 0), status.get("VmRSS", 0))
                if peak > self.peak_kb[kind]:
                    self.peak_kb[kind] = peak
                    self.peak_pid[kind] = target

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()


# --- the stand-in ----------------------------------------------------------------------------


class StandInClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def _get(self, path: str) -> Any:
        with urllib.request.urlopen(self.base_url + path, timeout=30) as response:  # noqa: S310
            return json.load(response)

    def sent(self, after: int = -1) -> list[dict[str, Any]]:
        return self._get(f"/_bench/sent?after={after}")

    def stats(self) -> dict[str, int]:
        return self._get("/_bench/stats")


# --- database --------------------------------------------------------------------------------


def sa_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def reset_database(url: str) -> None:
    """Create the database if it is missing, then drop every table (setup migrates again; the
    durable floor's table is made afresh in ``set_up``)."""
    import psycopg
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from models import Base

    target = make_url(sa_url(url))
    admin = target.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin.replace("+psycopg", ""), autocommit=True) as conn:
        exists = conn.execute(
            "select 1 from pg_database where datname = %s", (target.database,)
        ).fetchone()
        if not exists:
            conn.execute(f'create database "{target.database}"')
    engine = create_engine(target)
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version, bench_floor_texts"))
    engine.dispose()


SEED_BODIES = (
    "hi",
    "narcan northampton",
    "Free naloxone near Northampton: City Hall lobby, open now.",
    "We're glad you reached out. What would you like help with?",
)


def seed(engine: Any, start: int, end: int, keys: tuple[str, ...], lookup_key: str) -> float:
    """Contacts, closed cases and messages numbered [start, end), by set-based INSERTs.

    Encrypted columns get one ciphertext per distinct value (Fernet on every row would take
    minutes and change nothing about the queries). Phone hashes are keyed hashes of numbers no
    texter in the run uses. Returns the seconds it took.
    """
    from sqlalchemy import text

    from models import crypto

    crypto.configure(keys, lookup_key)
    phone = crypto.encrypt("+14135559999")
    details = crypto.encrypt("{}")
    bodies = [crypto.encrypt(body) for body in SEED_BODIES]
    started = time.perf_counter()
    params = {
        "start": start,
        "end": end - 1,
        "phone": phone,
        "details": details,
        "b0": bodies[0],
        "b1": bodies[1],
        "b2": bodies[2],
        "b3": bodies[3],
        "key": lookup_key,
    }
    with engine.begin() as conn:
        conn.execute(
            text(
                """
                INSERT INTO contacts (phone_hash, phone, language, created_at, last_inbound_at)
                SELECT md5(:key || g) || md5(g || :key), :phone,
                       CASE WHEN g % 5 = 0 THEN 'es' ELSE 'en' END,
                       now() - (g % 400) * interval '1 day' - interval '1 hour',
                       now() - (g % 400) * interval '1 day'
                FROM generate_series(CAST(:start AS integer), CAST(:end AS integer)) AS g
                """
            ),
            params,
        )
        conn.execute(
            text(
                """
                INSERT INTO cases (code, kind, source, status, contact_id, language, town, needs,
                    contact_method, best_time, peers_only, details, created_at, routed_at,
                    due_at, breach_at, claimed_at, contacted_at, closed_at, outcome,
                    escalation_step, escalation_round)
                SELECT 'S' || lpad(upper(to_hex(g)), 6, '0'), 'self_referral', 'text', 'closed',
                       c.id, c.language, 'Northampton', '["coach"]', 'call', 'evening', true,
                       :details, c.created_at, c.created_at,
                       c.created_at + interval '24 hours', c.created_at + interval '48 hours',
                       c.created_at + interval '5 minutes', c.created_at + interval '3 hours',
                       c.created_at + interval '1 day', 'connected', 0, 0
                FROM generate_series(CAST(:start AS integer), CAST(:end AS integer)) AS g
                JOIN contacts c ON c.phone_hash = md5(:key || g) || md5(g || :key)
                """
            ),
            params,
        )
        conn.execute(
            text(
                """
                INSERT INTO messages (contact_id, direction, body, sid, status, purpose, channel,
                    num_media, segments, attempts, created_at, processed_at, sent_at, status_at)
                SELECT c.id,
                       CASE WHEN g % 2 = 0 THEN 'in' ELSE 'out' END,
                       CASE g % 4 WHEN 0 THEN :b0 WHEN 1 THEN :b1 WHEN 2 THEN :b2 ELSE :b3 END,
                       'SMseed' || lpad(to_hex(g), 26, '0'),
                       CASE WHEN g % 2 = 0 THEN 'processed' ELSE 'delivered' END,
                       CASE WHEN g % 2 = 0 THEN 'inbound' ELSE 'reply' END,
                       CASE WHEN g % 2 = 0 THEN 'twiml' ELSE 'rest' END,
                       0, 1, CASE WHEN g % 2 = 0 THEN 0 ELSE 1 END,
                       c.created_at, c.created_at, c.created_at, c.created_at
                FROM generate_series(CAST(:start AS integer), CAST(:end AS integer)) AS g
                JOIN contacts c ON c.phone_hash = md5(:key || g) || md5(g || :key)
                """
            ),
            params,
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


def row_counts(engine: Any) -> dict[str, int]:
    from sqlalchemy import text

    with engine.connect() as conn:
        return {
            table: conn.execute(text(f"select count(*) from {table}")).scalar_one()  # noqa: S608
            for table in ("contacts", "cases", "messages")
        }


def explain_hot_queries(engine: Any, lookup_key: str) -> list[tuple[str, str, str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of the queries every webhook runs, on a seeded contact."""
    from sqlalchemy import text

    with engine.connect() as conn:
        contact_id, phone_hash = conn.execute(
            text(
                "select id, phone_hash from contacts where phone_hash like '%' order by id desc "
                "limit 1 offset 10"
            )
        ).one()
        message_id, sid = conn.execute(
            text("select id, sid from messages where direction = 'in' order by id desc limit 1")
        ).one()
        queries = [
            (
                "contact by phone_hash (record_inbound → contact_id_for)",
                "SELECT id FROM contacts WHERE phone_hash = :phone_hash",
                {"phone_hash": phone_hash},
            ),
            (
                "message by sid (record_status; record_inbound's ON CONFLICT uses the same index)",
                "SELECT * FROM messages WHERE sid = :sid",
                {"sid": sid},
            ),
            (
                "the texter, their responder record and conversation (contact_lock → _texter)",
                "SELECT * FROM contacts LEFT JOIN responders ON responders.contact_id = "
                "contacts.id AND responders.active LEFT JOIN conversation_sessions ON "
                "conversation_sessions.contact_id = contacts.id WHERE contacts.id = :cid",
                {"cid": contact_id},
            ),
            (
                "pending inbound for a contact, each with its count for the flood limit "
                "(_process_pending)",
                "SELECT m.*, (SELECT count(*) FROM messages e WHERE e.contact_id = :cid AND "
                "e.direction = 'in' AND e.created_at >= now() - interval '1 minute' AND "
                "e.id <= m.id) FROM messages m WHERE m.contact_id = :cid AND m.direction = 'in' "
                "AND m.processed_at IS NULL AND m.id <= :mid ORDER BY m.id",
                {"cid": contact_id, "mid": message_id},
            ),
            (
                "published flow versions and their digests (conversation_flows)",
                "SELECT s.flow_id, s.published_version, v.digest FROM flow_scripts s "
                "LEFT JOIN flow_versions v ON v.flow_id = s.flow_id AND "
                "v.version = s.published_version WHERE s.published_version IS NOT NULL",
                {},
            ),
            (
                "the replies stored for a text (_stored_replies)",
                "SELECT body FROM messages WHERE in_reply_to_id = :mid AND direction = 'out' "
                "ORDER BY id",
                {"mid": message_id},
            ),
        ]
        plans = []
        for title, sql, params in queries:
            rows = conn.execute(text("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql), params)
            plans.append((title, sql, "\n".join(row[0] for row in rows)))
        return plans


# --- the phases ------------------------------------------------------------------------------


@dataclass
class Figures:
    """Everything measured, for the table and the JSON file."""

    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def summarise(tally: Any, label: str) -> dict[str, Any]:
    latencies = [s.latency * 1000 for s in tally.samples]
    return {
        "label": label,
        "requests": len(tally.samples),
        "errors": sum(1 for s in tally.samples if not s.ok),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies) if latencies else float("nan"),
        "conversations": tally.conversations_done,
        "first_errors": tally.errors[:5],
    }


def routing_settled(
    codes: list[str],
    referrals: int,
    answered: dict[str, str],
    offered_to: dict[str, set[str]],
    taken: dict[str, list[float]],
) -> bool:
    """Every referral's case claimed, the claim answered (``answered``: code -> the coach), and
    every other coach whose offer reached the stand-in told it was taken; with no text left to
    send, nothing more can come. A claim cancels the offers still in our outbox, whose coaches
    are told nothing: with one capped worker (the smoke's) a case often reaches two coaches,
    and "the other two told" never comes."""
    return len(codes) == referrals and all(
        code in answered
        and len(taken.get(code, ())) >= len(offered_to.get(code, set()) - {answered[code]})
        for code in codes
    )


@dataclass(frozen=True)
class Endpoint:
    """One server of the saturation rounds: its figure's key, process name, app and port."""

    key: str
    process: str
    target: str
    port: int
    check: bool = False  # check the conversations' replies (the hotline's only)


def merged(runs: list[Saturation], label: str) -> dict[str, Any]:
    """One endpoint's saturation windows as one run, with each round's throughput."""
    tally = Tally()
    for run in runs:
        tally.samples += run.tally.samples
        tally.conversations_done += run.tally.conversations_done
        tally.errors += run.tally.errors[: max(0, 20 - len(tally.errors))]
    elapsed = sum(run.elapsed for run in runs)
    return {
        **summarise(tally, label),
        "throughput": len(tally.samples) / elapsed if elapsed else 0.0,
        "rounds": [run.throughput for run in runs],
    }


def round_ratios(figures: Any, key: str) -> list[float]:
    """An endpoint's throughput over the bare endpoint's, round by round."""
    bare = figures["bare_saturation"]["rounds"]
    return [mine / b if b else 0.0 for mine, b in zip(figures[key]["rounds"], bare, strict=True)]


def median(values: list[float]) -> float:
    return percentile(values, 50)


class Bench:
    def __init__(
        self,
        profile: Profile,
        database_url: str,
        redis_url: str,
        log_dir: Path,
        app_dir: Path = ROOT,
    ):
        from cryptography.fernet import Fernet

        self.profile = profile
        # The hotline's own processes (gunicorn app:app, worker.py, setup) run from here: another
        # checkout's, to compare its code with this one's (bench/compare.py).
        self.app_dir = app_dir
        self.database_url = database_url
        self.redis_url = redis_url
        self.log_dir = log_dir
        self.procs = Processes(log_dir)
        self.memory = MemorySampler()
        self.figures = Figures()
        self.auth_token = secrets.token_hex(16)
        self.keys = (Fernet.generate_key().decode(),)
        self.lookup_key = secrets.token_urlsafe(32)
        self.secret_key = secrets.token_urlsafe(32)
        self.numbers = Numbers()
        self.standin: StandInClient | None = None
        self.standin_url = ""
        self.web_url = ""
        self.engine: Any = None
        self.rq_generation = 0
        self.rq_rate = 0.0
        self.bare_port = self.web_port = self.store_only_port = self.floor_port = 0

    # --- environment and processes ---
    def env(self, messages_per_second: float, public_base_url: str = "") -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key in ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "VIRTUAL_ENV")
        }
        env.update(
            {
                "HOTLINE_ENV": "development",
                "PYTHONUNBUFFERED": "1",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                "SECRET_KEY": self.secret_key,
                "ENCRYPTION_KEYS": ",".join(self.keys),
                "LOOKUP_KEY": self.lookup_key,
                "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
                "TWILIO_AUTH_TOKEN": self.auth_token,
                "TWILIO_FROM_NUMBER": HOTLINE_NUMBER,
                "TWILIO_API_BASE_URL": self.standin_url,
                "PUBLIC_BASE_URL": public_base_url or self.web_url,
                "MESSAGES_PER_SECOND": str(messages_per_second),
            }
        )
        return env

    def app_env(self, env: dict[str, str]) -> dict[str, str]:
        """The hotline's modules come from ``app_dir``, before the installed checkout's."""
        return env if self.app_dir == ROOT else {**env, "PYTHONPATH": str(self.app_dir)}

    def run_command(self, args: list[str], env: dict[str, str], timeout: float = 120) -> str:
        done = subprocess.run(
            args,
            cwd=self.app_dir,
            env=self.app_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start_standin(self) -> None:
        log_file = self.log_dir / "twilio-standin.log"
        # Logs are appended to: read only what this stand-in writes.
        start = log_file.stat().st_size if log_file.exists() else 0
        proc = self.procs.start(
            "twilio-standin",
            [
                sys.executable,
                "-m",
                "bench.twilio_standin",
                "--port",
                str(free_port()),
                "--account-sid",
                ACCOUNT_SID,
                "--auth-token",
                self.auth_token,
            ],
            self.env(self.profile.open_rate),
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            text = log_file.read_bytes()[start:].decode() if log_file.exists() else ""
            found = re.search(r"ready (http://\S+)", text)
            if found:
                self.standin_url = found.group(1)
                self.standin = StandInClient(self.standin_url)
                return
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("the Twilio stand-in did not start; see twilio-standin.log")

    def spawn_gunicorn(self, name: str, target: str, port: int) -> subprocess.Popen[bytes]:
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            target,
            "--workers",
            str(self.profile.web_workers),
            "--threads",
            str(self.profile.web_threads),
            "--worker-class",
            "gthread",
            "--bind",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ]
        # Each app checks signatures against the URL it is served on.
        env = self.env(self.profile.open_rate, public_base_url=f"http://127.0.0.1:{port}")
        if name == "web":
            proc = self.procs.start(name, cmd, self.app_env(env), cwd=self.app_dir)
        else:
            proc = self.procs.start(name, cmd, env)
        if name == "web":
            self.memory.watch(proc.pid, "web")
        return proc

    def gunicorn(self, name: str, target: str, port: int) -> None:
        proc = self.procs.running.get(name) or self.spawn_gunicorn(name, target, port)
        wait_http(f"http://127.0.0.1:{port}/healthz", proc=proc)

    def start_rq_workers(self, messages_per_second: float, wait: bool = True) -> None:
        self.rq_generation += 1
        self.rq_rate = messages_per_second
        for i in range(self.profile.rq_workers):
            proc = self.procs.start(
                f"rq-{self.rq_generation}-{i}",
                [sys.executable, "worker.py"],
                self.app_env(self.env(messages_per_second)),
                cwd=self.app_dir,
            )
            self.memory.watch(proc.pid, "rq")
        if wait:
            self.wait_rq_workers()

    def wait_rq_workers(self) -> None:
        from redis import Redis
        from rq import Worker

        conn = Redis.from_url(self.redis_url)
        deadline = time.monotonic() + 30
        while Worker.count(connection=conn) < self.profile.rq_workers:
            if time.monotonic() > deadline:
                raise RuntimeError("RQ workers did not start; see rq-*.log")
            time.sleep(0.1)
        conn.close()

    def stop_rq_workers(self) -> None:
        self.procs.stop(*[n for n in self.procs.running if n.startswith("rq-")])

    def restart_rq_workers(self, messages_per_second: float) -> None:
        """Workers read MESSAGES_PER_SECOND at start: restart them if it changes."""
        if messages_per_second != self.rq_rate:
            self.stop_rq_workers()
            self.start_rq_workers(messages_per_second)

    def hotline(self, base_url: str) -> Hotline:
        return Hotline(base_url, self.auth_token, ACCOUNT_SID, HOTLINE_NUMBER)

    def mix(self) -> ConversationMix:
        return ConversationMix(self.numbers, self.profile.referral_share)

    def unsent(self) -> int:
        """Outbound texts not yet at the stand-in (queued, retrying or being sent)."""
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return conn.execute(
                text(
                    "select count(*) from messages where direction = 'out' and "
                    "channel = 'rest' and sid is null and status in "
                    "('queued', 'retrying', 'sending')"
                )
            ).scalar_one()

    def drain(self, label: str) -> None:
        """Wait until every outbound text is sent and every callback posted."""
        deadline = time.monotonic() + self.profile.drain_timeout
        assert self.standin is not None
        while True:
            waiting = self.unsent()
            pending = self.standin.stats()["callbacks_pending"]
            if not waiting and not pending:
                return
            if time.monotonic() > deadline:
                self.figures.notes.append(
                    f"after {label}: {waiting} texts still unsent when the harness moved on"
                )
                return
            time.sleep(0.25)

    # --- the suite ---
    def run(self) -> Figures:
        """The whole suite."""
        self.set_up()
        self.phase_bare()
        self.phase_webhook()
        self.phase_saturation()
        self.phase_routing()
        self.phase_burst()
        self.phase_growth()
        return self.finish()

    def run_webhook(self) -> Figures:
        """The webhook's figures only: the bare endpoint, then the hotline at a fixed rate and
        saturated (what bench/compare.py sets side by side for two checkouts)."""
        self.set_up(floors=False)
        self.phase_bare()
        self.phase_webhook()
        self.phase_saturation(floors=False)
        return self.finish()

    def set_up(self, floors: bool = True) -> None:
        """The stand-in, a fresh database and Redis, and (for a smoke run) the web servers
        started meanwhile; ``floors``: also the durable floor's and the store-only app's."""
        from sqlalchemy import create_engine

        p = self.profile
        self.figures["loadavg_before"] = Path("/proc/loadavg").read_text().split()[:3]
        self.memory.start()
        self.start_standin()
        log(f"Twilio stand-in at {self.standin_url}")

        log("resetting the database and Redis")
        reset_database(self.database_url)
        from redis import Redis

        Redis.from_url(self.redis_url).flushdb()
        self.engine = create_engine(sa_url(self.database_url))
        self.bare_port, self.web_port = free_port(), free_port()
        self.store_only_port, self.floor_port = free_port(), free_port()
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        if p.smoke:
            # No timings to protect: start the web servers while the database is set up. Not the
            # RQ workers: their start-up sweep would find no tables yet.
            self.spawn_gunicorn("bare", "bench.bare_app:app", self.bare_port)
            if floors:
                self.spawn_gunicorn("floor", "bench.floor_app:app", self.floor_port)
                self.spawn_gunicorn("store-only", "bench.store_only_app:app", self.store_only_port)
            self.spawn_gunicorn("web", "app:app", self.web_port)
        roster = self.log_dir / "roster.csv"
        roster.write_text(ROSTER)
        prepare = [sys.executable, "-m", "bench.prepare", str(roster)]
        self.run_command(prepare, self.env(p.open_rate))
        with self.engine.begin() as conn:
            conn.exec_driver_sql(FLOOR_TABLE)
        took = seed(self.engine, 0, p.small_rows, self.keys, self.lookup_key)
        self.figures["seed_small"] = {"rows": row_counts(self.engine), "seconds": took}
        log(f"seeded {p.small_rows} contacts, cases and messages in {took:.1f}s")
        if p.smoke:
            # The tables are there now: the RQ workers start while the bare endpoint runs.
            self.start_rq_workers(p.open_rate, wait=False)

    def finish(self) -> Figures:
        # Together: each takes a second or two to stop gracefully, and nothing is measured.
        self.procs.stop("web", *[n for n in self.procs.running if n.startswith("rq-")])
        self.memory.sample()
        self.memory.stop()
        self.figures["memory"] = {
            kind: {"peak_mb": kb / 1024, "processes": len(self.memory.seen[kind])}
            for kind, kb in sorted(self.memory.peak_kb.items())
        }
        self.figures["standin"] = self.standin.stats() if self.standin else {}
        self.figures["loadavg_after"] = Path("/proc/loadavg").read_text().split()[:3]
        self.engine.dispose()
        return self.figures

    def phase_bare(self) -> None:
        p = self.profile
        self.gunicorn("bare", "bench.bare_app:app", self.bare_port)
        hotline = self.hotline(f"http://127.0.0.1:{self.bare_port}")
        log(f"bare endpoint: {p.fixed_rps:g} requests/s for {p.bare_fixed_seconds:g}s")
        tally = fixed_rate(hotline, self.mix().new, p.fixed_rps, p.bare_fixed_seconds, check=False)
        self.figures["bare_fixed"] = summarise(tally, "bare")

    def phase_webhook(self) -> None:
        p = self.profile
        if not self.rq_generation:
            self.start_rq_workers(p.open_rate, wait=False)
        self.gunicorn("web", "app:app", self.web_port)
        self.wait_rq_workers()
        hotline = self.hotline(self.web_url)
        if not p.smoke:
            # A few conversations first: each worker's first requests load flows and places.
            fixed_rate(hotline, self.mix().new, 10, 2.0)
            self.drain("warm-up")
        messages = row_counts(self.engine)["messages"]
        self.fixed("app_fixed_small", hotline, f"{messages} messages in the database")

    def phase_saturation(self, floors: bool = True) -> None:
        """Each endpoint saturated in turn, round after round, so that the ratios of figure 1
        come from windows seconds apart rather than minutes, on cores whose speed drifts.

        The floors: one raw INSERT and COMMIT per text (``bench/floor_app.py``), the least any
        store-first webhook can cost; and the hotline's own app storing each text and answering
        fixed TwiML (``bench/store_only_app.py``), since every text is stored before anything
        else happens to it. After each round the hotline's routing work is drained, so that it
        does not run into the next round's bare window.
        """
        p = self.profile
        endpoints = [Endpoint("bare_saturation", "bare", "bench.bare_app:app", self.bare_port)]
        if floors:
            endpoints += [
                Endpoint("floor_saturation", "floor", "bench.floor_app:app", self.floor_port),
                Endpoint(
                    "store_only_saturation",
                    "store-only",
                    "bench.store_only_app:app",
                    self.store_only_port,
                ),
            ]
        endpoints.append(Endpoint("app_saturation", "web", "app:app", self.web_port, check=True))
        for e in endpoints:
            self.gunicorn(e.process, e.target, e.port)
        runs: dict[str, list[Saturation]] = {e.key: [] for e in endpoints}
        callbacks = 0
        for number in range(1, p.saturation_rounds + 1):
            for e in endpoints:
                log(
                    f"round {number}: {e.process} saturated, {p.saturation_clients} clients, "
                    f"{p.saturation_seconds:g}s"
                )
                before = self.standin.stats()["callbacks_sent"] if self.standin else 0
                hotline = self.hotline(f"http://127.0.0.1:{e.port}")
                runs[e.key].append(
                    saturate(
                        hotline,
                        self.mix().new,
                        p.saturation_clients,
                        p.saturation_seconds,
                        check=e.check,
                    )
                )
                if e.check:
                    after = self.standin.stats()["callbacks_sent"] if self.standin else 0
                    callbacks += after - before
            self.drain(f"saturation round {number}")
        for e in endpoints:
            self.figures[e.key] = merged(runs[e.key], e.process)
        self.procs.stop(*[e.process for e in endpoints if e.process != "web"])
        self.figures["app_saturation"]["status_callbacks_during"] = callbacks

    def phase_routing(self) -> None:
        """Self-referrals paced under the sending cap; coaches CLAIM as soon as offered."""
        p = self.profile
        self.restart_rq_workers(p.capped_rate)
        assert self.standin is not None
        hotline = self.hotline(self.web_url)
        log(
            f"routing: {p.referrals} self-referrals, one every {p.referral_spacing:g}s, "
            f"MESSAGES_PER_SECOND={p.capped_rate:g}"
        )
        last_answer: dict[str, float] = {}
        referral_errors: list[str] = []
        offers: dict[str, list[float]] = defaultdict(list)
        taken: dict[str, list[float]] = defaultdict(list)
        claims: dict[str, float] = {}
        claim_ok: dict[str, bool] = {}
        answered: dict[str, str] = {}  # case code -> the coach whose claim was answered
        offered_to: dict[str, set[str]] = defaultdict(set)
        stop = threading.Event()
        claimer = ThreadPoolExecutor(max_workers=4)
        start_index = len(self.standin.sent()) - 1
        claim_count = [0]

        def claim(code: str, coach: str) -> None:
            claims[code] = time.perf_counter()
            status, replies = hotline.text(coach, f"CLAIM {code}")
            claim_ok[code] = status == 200 and any("Sam" in r for r in replies)
            answered[code] = coach

        def watch() -> None:
            after = start_index
            last_look = False
            while not last_look:
                last_look = stop.is_set()  # one more look after the stop: nothing left unread
                for record in self.standin.sent(after):
                    after = record["index"]
                    body = record["body"]
                    if found := OFFER.match(body):
                        code = found.group(1)
                        offers[code].append(record["at"])
                        offered_to[code].add(record["to"])
                        if code not in claims and code not in claim_ok:
                            claim_ok[code] = False
                            coach = COACHES[claim_count[0] % len(COACHES)]
                            claim_count[0] += 1
                            claimer.submit(claim, code, coach)
                    elif found := TAKEN.match(body):
                        taken[found.group(1)].append(record["at"])
                stop.wait(0.02)

        def refer(phone: str) -> None:
            from bench.load import SELF_REFERRAL

            for i, body in enumerate(SELF_REFERRAL):
                if i:
                    time.sleep(p.think)
                if i == len(SELF_REFERRAL) - 1:
                    last_answer[phone] = time.perf_counter()
                status, replies = hotline.text(phone, body)
                if status != 200:
                    referral_errors.append(f"HTTP {status} on {body!r}")
                    return
            if not any("within 24 hours" in r for r in replies):
                referral_errors.append("no confirmation: " + " ".join(replies)[:100])

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        phones = [self.numbers.next() for _ in range(p.referrals)]
        with ThreadPoolExecutor(max_workers=8) as texters:
            begin = time.perf_counter()
            for i, phone in enumerate(phones):
                delay = begin + i * p.referral_spacing - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                texters.submit(refer, phone)
        from models import crypto

        crypto.configure(self.keys, self.lookup_key)
        by_hash = {crypto.lookup_hash(phone): phone for phone in phones}

        def settled() -> bool:
            codes = [code for code, _ in self.referral_cases(by_hash)]
            if not routing_settled(codes, p.referrals, answered, offered_to, taken):
                return False
            return self.unsent() == 0

        # Every case offered to its three coaches, claimed, and the other two told.
        # Smoke runs share the cores with the test suite: give them the same time to finish.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if len(taken) >= p.referrals and all(len(v) >= 2 for v in taken.values()):
                break
            if settled():
                break
            time.sleep(0.1)
        claimer.shutdown(wait=True)
        stop.set()
        watcher.join(5)

        rows = self.referral_cases(by_hash)
        to_offer, to_all_offers, to_taken = [], [], []
        for code, phone_hash in rows:
            sent_at = last_answer.get(by_hash[phone_hash])
            if sent_at is None or not offers.get(code):
                continue
            to_offer.append((min(offers[code]) - sent_at) * 1000)
            to_all_offers.append((max(offers[code]) - sent_at) * 1000)
            if code in claims and taken.get(code):
                to_taken.append((max(taken[code]) - claims[code]) * 1000)
        self.figures["routing"] = {
            "referrals": p.referrals,
            "cases": len(rows),
            "cases_offered": len(to_offer),
            "offers_seen": sum(len(v) for v in offers.values()),
            "claims": len(claims),
            "claims_answered_with_details": sum(claim_ok.values()),
            "taken_notices": sum(len(v) for v in taken.values()),
            "referral_errors": referral_errors[:5],
            "offer_p50_ms": percentile(to_offer, 50),
            "offer_p95_ms": percentile(to_offer, 95),
            "offer_max_ms": max(to_offer, default=float("nan")),
            "all_offers_p95_ms": percentile(to_all_offers, 95),
            "taken_p50_ms": percentile(to_taken, 50),
            "taken_p95_ms": percentile(to_taken, 95),
            "taken_max_ms": max(to_taken, default=float("nan")),
        }
        self.drain("routing")

    def referral_cases(self, by_hash: dict[str, str]) -> list[tuple[str, str]]:
        """The code and phone hash of each case the routing phase's texters made."""
        from sqlalchemy import text

        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "select cases.code, contacts.phone_hash from cases "
                    "join contacts on contacts.id = cases.contact_id "
                    "where contacts.phone_hash = any(:hashes)"
                ),
                {"hashes": list(by_hash)},
            ).all()
        return [(code, phone_hash) for code, phone_hash in rows]

    def phase_burst(self) -> None:
        p = self.profile
        assert self.standin is not None
        tag = secrets.token_hex(3)
        log(
            f"sending: a burst of {p.burst} texts at MESSAGES_PER_SECOND={p.capped_rate:g} "
            f"with {p.rq_workers} RQ workers"
        )
        start_index = len(self.standin.sent()) - 1
        began = time.perf_counter()
        out = self.run_command(
            [
                sys.executable,
                "-m",
                "bench.burst",
                "--count",
                str(p.burst),
                "--contacts",
                str(p.burst_contacts),
                "--tag",
                tag,
            ],
            self.env(p.capped_rate),
        )
        marker = f"Bench burst {tag} #"
        expected_seconds = p.burst / p.capped_rate
        deadline = time.monotonic() + expected_seconds * 1.15 + 15
        arrivals: list[float] = []
        after = start_index
        while time.monotonic() < deadline and len(arrivals) < p.burst:
            for record in self.standin.sent(after):
                after = record["index"]
                if record["body"].startswith(marker):
                    arrivals.append(record["at"])
            time.sleep(0.5)
        arrivals.sort()
        span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else float("nan")
        rate = (len(arrivals) - 1) / span if len(arrivals) > 1 and span > 0 else float("nan")
        # The most texts that reached the stand-in within any one second (a sliding window).
        most, j = 0, 0
        for i, at in enumerate(arrivals):
            while arrivals[j] <= at - 1.0:
                j += 1
            most = max(most, i - j + 1)
        self.figures["burst"] = {
            "count": p.burst,
            "arrived": len(arrivals),
            "cap": p.capped_rate,
            "enqueue": out.strip(),
            "first_after_s": (arrivals[0] - began) if arrivals else float("nan"),
            "span_s": span,
            "rate": rate,
            "rate_over_cap": rate / p.capped_rate,
            "max_in_any_second": most,
        }
        self.drain("the burst")

    def phase_growth(self) -> None:
        p = self.profile
        self.restart_rq_workers(p.open_rate)
        hotline = self.hotline(self.web_url)
        # Right before seeding, so that both sizes are measured under the same machine load.
        self.one_texter("app_serial_small", hotline, "small database")
        self.fixed("app_fixed_small_growth", hotline, "small database")
        log(f"growth: seeding to {p.large_rows} contacts, cases and messages")
        took = seed(self.engine, p.small_rows, p.large_rows, self.keys, self.lookup_key)
        self.figures["seed_large"] = {"rows": row_counts(self.engine), "seconds": took}
        log(f"seeded in {took:.1f}s")
        self.one_texter("app_serial_large", hotline, "large database")
        self.fixed("app_fixed_large", hotline, "large database")
        self.figures["plans"] = explain_hot_queries(self.engine, self.lookup_key)

    def fixed(self, key: str, hotline: Hotline, what: str) -> None:
        """The hotline at the fixed rate (open loop), then until every text it caused is sent."""
        p = self.profile
        log(f"hotline: {p.fixed_rps:g} requests/s for {p.fixed_seconds:g}s ({what})")
        tally = fixed_rate(hotline, self.mix().new, p.fixed_rps, p.fixed_seconds)
        self.figures[key] = summarise(tally, "hotline")
        self.drain(f"the fixed-rate run ({what})")

    def one_texter(self, key: str, hotline: Hotline, what: str) -> None:
        """One texter at a time: the cost of a step, not queueing behind others."""
        p = self.profile
        log(f"hotline: one texter at a time for {p.growth_seconds:g}s ({what})")
        one = saturate(hotline, self.mix().new, 1, p.growth_seconds)
        self.figures[key] = summarise(one.tally, "hotline")
        self.drain(f"the one-texter run ({what})")


# --- the report ------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    def run(args: list[str]) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True, check=False).stdout
        except OSError:
            return ""

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": run(["nproc"]).strip(),
        "cpu": cpu,
        "free -h": run(["free", "-h"]).rstrip(),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def service_versions(database_url: str, redis_url: str) -> dict[str, str]:
    import psycopg
    from redis import Redis

    with psycopg.connect(sa_url(database_url).replace("+psycopg", "")) as conn:
        pg = conn.execute("show server_version").fetchone()[0]
    info = Redis.from_url(redis_url).info("server")
    return {"postgresql": str(pg), "redis": str(info.get("redis_version"))}


def _ms(value: float) -> str:
    return "n/a" if value != value else f"{value:.0f} ms"  # NaN check


def _ratios(ratios: list[float]) -> str:
    """The median of the rounds' ratios, and their range when there is more than one."""
    if len(ratios) < 2:
        return f"{median(ratios):.2f}"
    return f"{median(ratios):.2f}, rounds {min(ratios):.2f}-{max(ratios):.2f}"


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def render(figures: Figures, profile: Profile, command: str, info: dict[str, str]) -> str:
    f = figures
    bare_sat, app_sat = f["bare_saturation"], f["app_saturation"]
    app_fixed, bare_fixed = f["app_fixed_small"], f["bare_fixed"]
    app_ratios = round_ratios(f, "app_saturation")
    ratio = median(app_ratios)
    store_sat, floor_sat = f["store_only_saturation"], f["floor_saturation"]
    routing, burst = f["routing"], f["burst"]
    serial_small, serial_large = f["app_serial_small"], f["app_serial_large"]
    growth = serial_large["p50_ms"] / serial_small["p50_ms"] if serial_small["p50_ms"] else 0
    # At a fixed rate, both sizes measured back to back, right before and after seeding.
    fixed_small, fixed_large = f["app_fixed_small_growth"], f["app_fixed_large"]
    growth_fixed = fixed_large["p50_ms"] / fixed_small["p50_ms"] if fixed_small["p50_ms"] else 0
    rate_ok = burst["rate_over_cap"] >= 0.95 and burst["max_in_any_second"] <= burst["cap"]
    mem = f["memory"]
    web_peak = mem.get("web worker", {}).get("peak_mb", float("nan"))
    rq_peak = mem.get("rq worker", {}).get("peak_mb", float("nan"))
    smoke = profile.smoke

    def target(ok: bool) -> str:
        return "n/a (smoke)" if smoke else _mark(ok)

    lines = [
        f"# Benchmark results ({'smoke' if smoke else 'full'} run)",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}`.",
        "",
        f"Machine: {info.get('nproc')} cores ({info.get('cpu')}), Python {info.get('python')}, "
        f"PostgreSQL {info.get('postgresql')}, Redis {info.get('redis')}, "
        f"Linux {info.get('kernel')}. All on loopback. Load average (1/5/15 min) before the "
        f"run {' '.join(f['loadavg_before'])}, after it {' '.join(f['loadavg_after'])}: "
        "anything else running on these cores shows in every figure.",
        "",
        "```",
        info.get("free -h", ""),
        "```",
        "",
        f"gunicorn `--workers {profile.web_workers} --threads {profile.web_threads}` (gthread) "
        f"for both the hotline and the bare endpoint; {profile.rq_workers} RQ workers "
        "(`python worker.py`); the load generator and the Twilio stand-in run on the same "
        "cores.",
        "",
        "| # | figure | result | target | |",
        "|---|---|---|---|---|",
        f"| 1 | webhook throughput at saturation ({profile.saturation_clients} clients, "
        f"{profile.saturation_rounds} rounds of {profile.saturation_seconds:g} s each in turn) | "
        f"hotline {app_sat['throughput']:.0f} req/s vs bare {bare_sat['throughput']:.0f} req/s "
        f"= {_ratios(app_ratios)} (storing each text alone: {store_sat['throughput']:.0f} req/s "
        f"= {_ratios(round_ratios(f, 'store_only_saturation'))}; one raw INSERT and COMMIT "
        f"alone: {floor_sat['throughput']:.0f} req/s = "
        f"{_ratios(round_ratios(f, 'floor_saturation'))}) | ≥ 0.50 of bare | "
        f"{target(ratio >= 0.5)} |",
        f"| 1 | webhook latency at {profile.fixed_rps:g} req/s | "
        f"hotline p50 {_ms(app_fixed['p50_ms'])}, p99 {_ms(app_fixed['p99_ms'])} "
        f"(bare p50 {_ms(bare_fixed['p50_ms'])}, p99 {_ms(bare_fixed['p99_ms'])}) | "
        f"p99 < 100 ms | {target(app_fixed['p99_ms'] < 100)} |",
        f"| 2 | referral → first offer at the stand-in | p50 {_ms(routing['offer_p50_ms'])}, "
        f"p95 {_ms(routing['offer_p95_ms'])} ({routing['cases_offered']} cases; all three "
        f"offers p95 {_ms(routing['all_offers_p95_ms'])}) | p95 < 1 s | "
        f"{target(routing['offer_p95_ms'] < 1000)} |",
        f'| 3 | CLAIM → "taken" notices to the others sent | p50 {_ms(routing["taken_p50_ms"])}, '
        f"p95 {_ms(routing['taken_p95_ms'])} ({routing['claims']} claims, "
        f"{routing['taken_notices']} notices) | (none set) | |",
        f"| 4 | sending rate, {burst['count']} texts, cap {burst['cap']:g}/s | "
        f"{burst['rate']:.2f}/s = {burst['rate_over_cap']:.3f} of cap; at most "
        f"{burst['max_in_any_second']} in any one second | ≥ 0.95 of cap, never above it | "
        f"{target(rate_ok)} |",
        f"| 5 | webhook p50, one texter at a time, {profile.small_rows:,} vs "
        f"{profile.large_rows:,} rows | {_ms(serial_small['p50_ms'])} vs "
        f"{_ms(serial_large['p50_ms'])} = {growth:.2f} (at {profile.fixed_rps:g} req/s: "
        f"{_ms(fixed_small['p50_ms'])} vs {_ms(fixed_large['p50_ms'])} = "
        f"{growth_fixed:.2f}) | ≤ 1.3 | {target(growth <= 1.3)} |",
        f"| 6 | peak RSS: web worker / RQ worker | "
        f"{web_peak:.0f} MB / {rq_peak:.0f} MB | < 150 MB each | "
        f"{target(web_peak < 150 and rq_peak < 150)} |",
        "",
        "## Details",
        "",
        "| run | requests | errors | p50 | p95 | p99 | max | conversations |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, title in (
        ("bare_fixed", f"bare, {profile.fixed_rps:g} req/s"),
        ("bare_saturation", "bare, saturation"),
        ("floor_saturation", "durable floor (raw INSERT + COMMIT), saturation"),
        ("store_only_saturation", "store only, saturation"),
        ("app_fixed_small", f"hotline, {profile.fixed_rps:g} req/s, small database"),
        ("app_saturation", "hotline, saturation"),
        (
            "app_fixed_small_growth",
            f"hotline, {profile.fixed_rps:g} req/s, small database, right before seeding",
        ),
        ("app_fixed_large", f"hotline, {profile.fixed_rps:g} req/s, large database"),
        ("app_serial_small", "hotline, one texter at a time, small database"),
        ("app_serial_large", "hotline, one texter at a time, large database"),
    ):
        run = f[key]
        lines.append(
            f"| {title} | {run['requests']} | {run['errors']} | {_ms(run['p50_ms'])} | "
            f"{_ms(run['p95_ms'])} | {_ms(run['p99_ms'])} | {_ms(run['max_ms'])} | "
            f"{run['conversations']} |"
        )
    lines += [
        "",
        f"Conversations: {profile.referral_share:.0%} full self-referrals (9 texts, each ending "
        "in a case offered to three on-call coaches), the rest naloxone searches (by menu or "
        "one-shot). Latency at a fixed rate is measured from when each request was due "
        f"(open loop). During the hotline's saturation runs the stand-in also posted "
        f"{app_sat.get('status_callbacks_during', 0)} status callbacks to it.",
        "",
        f"Routing: {routing['referrals']} self-referrals, one every "
        f"{profile.referral_spacing:g} s, MESSAGES_PER_SECOND={profile.capped_rate:g}; "
        f"{routing['claims_answered_with_details']} of {routing['claims']} claims answered with "
        f"the person's details. Slowest first offer {_ms(routing['offer_max_ms'])}, slowest "
        f"notices {_ms(routing['taken_max_ms'])}.",
        "",
        f"Burst: {burst['enqueue']}; first text at the stand-in {burst['first_after_s']:.2f} s "
        f"after the script started, {burst['arrived']} arrived over {burst['span_s']:.1f} s.",
        "",
        f"Rows: {f['seed_small']['rows']} seeded for the small run, "
        f"{f['seed_large']['rows']} for the large one "
        f"(seeded in {f['seed_large']['seconds']:.1f} s).",
        "",
        "Memory (peak of VmHWM/VmRSS, sampled every 0.5 s):",
        "",
    ]
    for kind, value in mem.items():
        lines.append(f"- {kind}: {value['peak_mb']:.0f} MB ({value['processes']} processes)")
    if f.notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in f.notes]
    errors = [
        e
        for key in (
            "app_fixed_small",
            "app_saturation",
            "app_fixed_small_growth",
            "app_fixed_large",
            "app_serial_large",
        )
        for e in f[key]["first_errors"]
    ] + routing["referral_errors"]
    if errors:
        lines += ["", "First errors:", ""] + [f"- `{e}`" for e in errors[:10]]
    lines += ["", "## Query plans (large database)", ""]
    for title, sql, plan in f["plans"]:
        lines += [f"**{title}**", "", "```sql", sql, "```", "", "```", plan, "```", ""]
    return "\n".join(lines) + "\n"


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="seconds; no timing targets")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.md")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures")
    parser.add_argument("--burst", type=int, default=None, help="texts in the sending burst")
    args = parser.parse_args(argv)

    profile = SMOKE if args.smoke else Profile()
    if args.burst is not None:
        profile = replace(profile, burst=args.burst)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    log_dir = args.out.parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    for old in log_dir.glob("*.log"):
        old.unlink()

    # SIGTERM (a CI timeout, a test's clean-up) stops the children like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    bench = Bench(profile, args.database_url, args.redis_url, log_dir)
    started = time.perf_counter()
    try:
        figures = bench.run()
    finally:
        bench.procs.stop_all()
    info = {**machine(), **service_versions(args.database_url, args.redis_url)}
    command = "make bench-smoke" if profile.smoke else "make bench"
    report = render(figures, profile, command, info)
    args.out.write_text(report)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"profile": asdict(profile), "figures": figures.values, "notes": figures.notes},
                indent=2,
                default=str,
            )
        )
    log(f"done in {time.perf_counter() - started:.0f}s; table in {args.out}")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
