"""A second test run on the same PostgreSQL database is turned away before it touches a table:
two runs would drop and empty the tables under each other, and tests would fail at random."""

from __future__ import annotations

from sqlalchemy import inspect

from tests import conftest


def test_a_second_run_on_this_database_is_refused(pg_engine):
    # This run already holds the database (pg_engine set it up); another session asks too.
    assert conftest._claim_database(conftest.PG_URL) is False
    assert "cases" in inspect(pg_engine).get_table_names()
