"""Shared fixtures: a real SQLite file and a real PostgreSQL, a real Redis, a signed Twilio client.

Every test that touches the database runs once on each backend (``db_backend`` is
parametrised). Services that are down make the tests fail loudly; nothing is skipped.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
import redis
from argon2 import PasswordHasher, profiles
from cryptography.fernet import Fernet
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool
from twilio.request_validator import RequestValidator

from hotline import migrate
from hotline.admin import auth
from hotline.config import Settings
from models import Base, crypto
from models.session import make_engine, make_sessionmaker

if TYPE_CHECKING:
    from tests.routing_support import RoutingWorld

BASE_PG_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BASE_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Under pytest-xdist each worker (gw0, gw1…) gets its own database and Redis db.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_urls(pg_url: str, redis_url: str, worker: str) -> tuple[str, str]:
    if not worker:
        return pg_url, redis_url
    index = int(worker.removeprefix("gw"))
    pg = make_url(pg_url)
    redis_base = make_url(redis_url.replace("redis://", "postgresql://", 1))
    redis_db = (int(redis_base.database or 0) - 1 - index) % 16
    return (
        pg.set(database=f"{pg.database}_{worker}").render_as_string(hide_password=False),
        redis_url.rsplit("/", 1)[0] + f"/{redis_db}",
    )


PG_URL, REDIS_URL = _worker_urls(BASE_PG_URL, BASE_REDIS_URL, XDIST_WORKER)


def _ensure_database(url: str) -> None:
    """Create a worker's own PostgreSQL database on first use."""
    target = make_url(url)
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        found = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not found:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()


AUTH_TOKEN = "test-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "0" * 32
HOTLINE_NUMBER = "+14135550100"
TEST_KEYS = (Fernet.generate_key().decode(),)
LOOKUP_KEY = "test-lookup-key"

crypto.configure(TEST_KEYS, LOOKUP_KEY)

# The hasher staff passwords get in production, kept for the test that signs in with it.
PRODUCTION_HASHER = auth._hasher


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2's cheapest parameters for every test: the hashing is the same code, only faster.
    Production's cost (0.4 s of CPU a sign-in) is proven once, in test_admin_auth."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))


_engines: dict[str, Engine] = {}

# Any constant: advisory locks belong to one database, so this names "this database's test run".
_TEST_RUN_LOCK = 0x686F746C


def _claim_database(url: str) -> bool:
    """Hold a lock on the PostgreSQL test database until this process ends; False when another
    test run holds it.

    Two runs on one database each drop, migrate and empty its tables under the other: tests
    of either then fail at random (a table that does not exist, a foreign key left dangling)
    and pass when run again alone.
    """
    conn = create_engine(make_url(url), poolclass=NullPool).connect()
    if not conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": _TEST_RUN_LOCK}):
        conn.close()
        return False
    conn.commit()  # the lock is the session's: it outlives this transaction
    atexit.register(conn.close)
    return True


def _engine_for(backend: str, tmp_factory: pytest.TempPathFactory) -> Engine:
    if backend not in _engines:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_factory.mktemp('db') / 'hotline.db'}"
        else:
            url = PG_URL
            if XDIST_WORKER:
                _ensure_database(url)
            if not _claim_database(url):
                pytest.exit(
                    f"Another test run is using the PostgreSQL database {make_url(url).database}; "
                    "give this one its own with TEST_POSTGRES_URL (and TEST_REDIS_URL).",
                    returncode=3,
                )
        engine = make_engine(url)
        rebuild_schema(engine)
        _engines[backend] = engine
    return _engines[backend]


def rebuild_schema(engine: Engine) -> None:
    """Drop everything and migrate to this checkout's head: the schema comes from the
    migrations, so every test run proves them."""
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    migrate.upgrade(engine.url.render_as_string(hide_password=False))


_deletes_by_dialect: dict[str, tuple[str, ...]] = {}


def _deletes(engine: Engine) -> tuple[str, ...]:
    """DELETE for every table, children first, compiled once for the engine's dialect."""
    name = engine.dialect.name
    if name not in _deletes_by_dialect:
        _deletes_by_dialect[name] = tuple(
            str(table.delete().compile(dialect=engine.dialect))
            for table in reversed(Base.metadata.sorted_tables)
        )
    return _deletes_by_dialect[name]


def _empty_tables(engine: Engine) -> None:
    """Run before every database test. DELETE beats TRUNCATE by far on the handful of rows a
    test leaves behind; sent as plain SQL, not compiled afresh by SQLAlchemy each time, and
    on PostgreSQL as one string, one round trip instead of one per table."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("; ".join(_deletes(engine)))
        else:
            for delete in _deletes(engine):
                conn.exec_driver_sql(delete)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def engine(db_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = _engine_for(db_backend, tmp_path_factory)
    _empty_tables(engine)
    return engine


@pytest.fixture
def pg_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """PostgreSQL only, for tests of row locks and concurrency."""
    engine = _engine_for("postgresql", tmp_path_factory)
    _empty_tables(engine)
    return engine


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


@pytest.fixture
def installed(session: Session) -> Session:
    """A session on a database that holds the shipped flow scripts, published."""
    from hotline.flow_store import install_shipped_flows

    install_shipped_flows(session, datetime(2026, 11, 24, 19, 0, tzinfo=UTC))
    session.commit()
    return session


@pytest.fixture
def shipped(app, sessions: sessionmaker[Session]) -> None:
    """The shipped sample towns and sites, as `setup` loads them."""
    from hotline.places_store import load_places
    from models.session import session_scope

    with session_scope(sessions) as session:
        load_places(session)


@pytest.fixture
def staff(client, sessions: sessionmaker[Session], shipped: None):
    """A coordinator signed in, with the sample places (pages of towns and sites)."""
    from tests.staff_pages import sign_in

    return sign_in(client, sessions, "coordinator")


@pytest.fixture
def redis_conn() -> Iterator[redis.Redis]:
    conn = redis.Redis.from_url(REDIS_URL)
    conn.ping()
    conn.flushdb()
    yield conn
    conn.flushdb()
    conn.close()


@pytest.fixture
def world(
    sessions: sessionmaker[Session], settings: Settings, redis_conn: redis.Redis
) -> Iterator[RoutingWorld]:
    """The routing runtime on real Redis with a clock moved by hand (tests.routing_support);
    a module with a different world of its own defines its own ``world``."""
    from tests.routing_support import routing_world

    with routing_world(sessions, settings, redis_conn) as world:
        yield world


def make_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "redis_url": None,
        "secret_key": "test-secret-key",
        "encryption_keys": TEST_KEYS,
        "lookup_keys": (LOOKUP_KEY,),
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_from_number": HOTLINE_NUMBER,
        "messages_per_second": 1000.0,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(engine: Engine) -> Settings:
    return make_settings(engine.url.render_as_string(hide_password=False))


@pytest.fixture
def app(settings: Settings):
    """The app, closed after the test: its in-process timers (an escalation step, a check on
    a send) must not fire into the next test's runtime and database."""
    from hotline import close_app, create_app

    app = create_app(settings)
    app.config.update(TESTING=True)
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def twilio_signature(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """Sign a request exactly as Twilio does, so the guard itself is under test."""
    return RequestValidator(token).compute_signature(url, form)


_sid_counter = iter(range(1, 10**9))


def sms_form(body: str, sender: str = "+14135550123", sid: str | None = None, **extra: str) -> dict:
    sid = sid or f"SM{next(_sid_counter):032d}"
    form = {
        "MessageSid": sid,
        "SmsSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": HOTLINE_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
    }
    form.update(extra)
    return form


def post_signed(client, path: str, form: dict[str, str], token: str = AUTH_TOKEN):
    url = f"http://localhost{path}"
    return client.post(
        path, data=form, headers={"X-Twilio-Signature": twilio_signature(url, form, token)}
    )


@pytest.fixture
def text_hotline(client):
    """Send a signed inbound SMS through the real webhook; returns the response."""

    def send(body: str, sender: str = "+14135550123", **extra: str):
        return post_signed(client, "/twilio/sms", sms_form(body, sender, **extra))

    return send
