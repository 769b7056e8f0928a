"""Jobs start when the whole transaction commits: never on a SAVEPOINT's release, and a
rolled-back SAVEPOINT drops only the jobs registered inside it (found by the benchmarks: a send
job started before its message was committed found nothing and the text sat until the sweep)."""

from __future__ import annotations

from sqlalchemy import text

from models.session import after_commit


def test_releasing_a_savepoint_runs_nothing_until_the_commit(session):
    ran: list[str] = []
    session.execute(text("select 1"))
    after_commit(session, lambda: ran.append("first"))
    with session.begin_nested():
        after_commit(session, lambda: ran.append("inside"))
    with session.begin_nested():
        pass
    assert ran == []
    session.commit()
    assert ran == ["first", "inside"]


def test_a_rolled_back_savepoint_drops_only_its_own_jobs(session):
    ran: list[str] = []
    session.execute(text("select 1"))
    after_commit(session, lambda: ran.append("before"))
    try:
        with session.begin_nested():
            after_commit(session, lambda: ran.append("undone"))
            raise RuntimeError("a duplicate, say")
    except RuntimeError:
        pass
    after_commit(session, lambda: ran.append("after"))
    session.commit()
    assert ran == ["before", "after"]


def test_a_rollback_drops_every_job(session):
    ran: list[str] = []
    session.execute(text("select 1"))
    after_commit(session, lambda: ran.append("never"))
    session.rollback()
    session.commit()
    assert ran == []
