"""Engine and session factory. One session per request and one per job, never a global one."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


class _NoRows(logging.Filter):
    """SQLAlchemy's debug echo prints every fetched row after decryption (phone numbers,
    message bodies): drop those records, whoever turns the echo on."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Row ")


logging.getLogger("sqlalchemy.engine.Engine").addFilter(_NoRows())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for SQLite (the embedded default) or PostgreSQL (production).

    Parameters are kept out of SQL logs and error messages: they may be what people texted.
    """
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    elif url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on error (for jobs and CLI)."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_postgres(session_or_engine: Session | Engine) -> bool:
    bind = (
        session_or_engine.get_bind()
        if isinstance(session_or_engine, Session)
        else session_or_engine
    )
    return bind.dialect.name == "postgresql"


def insert_new(session: Session, model: type[Any], values: dict[str, Any], unique: str) -> Any:
    """INSERT one row unless a row with the same ``unique`` column exists; its id, or None.

    One statement (ON CONFLICT DO NOTHING, on PostgreSQL and SQLite alike) instead of a
    SAVEPOINT, an INSERT and a RELEASE: two requests racing on one key both come out whole.
    A Core INSERT on the session's connection, not the ORM's bulk path: only the id is wanted,
    and it costs half the CPU. ``values`` are keyed by column name.
    """
    statement = _insert_new_statement(is_postgres(session), model, unique)
    return session.connection().execute(statement, values).scalar()


@functools.cache
def _insert_new_statement(postgres: bool, model: type[Any], unique: str) -> Any:
    # Built once: the values come as parameters, and unset columns take their defaults.
    insert = postgresql.insert if postgres else sqlite.insert
    table = model.__table__
    return insert(table).on_conflict_do_nothing(index_elements=[unique]).returning(table.c.id)


def after_commit(session: Session, callback: Any) -> None:
    """Run ``callback()`` once the session's current transaction commits (never on rollback).

    Jobs are enqueued this way so a worker never looks for a row that is not committed yet.
    """
    # Remembered with the SAVEPOINT it was registered in (None at the top level), so that
    # rolling back that savepoint drops it and nothing else.
    session.info.setdefault("after_commit", []).append((session.get_nested_transaction(), callback))


def _inside(transaction: Any, savepoint: Any) -> bool:
    """True when ``transaction`` is ``savepoint`` or nested within it."""
    while transaction is not None:
        if transaction is savepoint:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    # SQLAlchemy fires this on releasing a SAVEPOINT too (begin_nested); nothing is committed
    # then, and a job started now would look for rows it cannot see yet.
    if session.in_nested_transaction():
        return
    callbacks = [callback for _, callback in session.info.pop("after_commit", [])]
    for callback in callbacks:
        try:
            callback()
        except Exception:
            # The data is committed; a sweep finds whatever this callback failed to start.
            log.exception("after-commit callback failed")


@event.listens_for(Session, "after_rollback")
def _drop_after_commit(session: Session) -> None:
    savepoint = session.get_nested_transaction()
    if savepoint is None:
        session.info.pop("after_commit", None)
        return
    # Only the work of the rolled-back SAVEPOINT is undone: keep what came before it.
    session.info["after_commit"] = [
        (where, callback)
        for where, callback in session.info.get("after_commit", [])
        if not _inside(where, savepoint)
    ]
