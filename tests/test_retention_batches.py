"""Retention's first run on a large old database goes a batch of contacts at a time, each
committed: across many batches, and cut short and run again, it leaves what one transaction
per run, a contact at a time, left."""

from __future__ import annotations

import pytest

from bench.retention_batches import (
    CUTOFF,
    LOOKBACK,
    clear,
    keep_only_days_per_contact,
    seed_old_texts,
    snapshot,
)
from hotline.erasure import STAND_IN_PURPOSE
from hotline.retention_links import keep_only_days_of_old_texts

CONTACTS = 9  # three batches of three, the last with an open case and an old stand-in


class CutShort(Exception):
    """The run stopped (a deploy, a crash) after some batches were committed."""


def per_contact_in_one_transaction(sessions):
    with sessions.begin() as session:
        seed_old_texts(session, CONTACTS)
    with sessions.begin() as session:
        gone = keep_only_days_per_contact(session, CUTOFF, LOOKBACK)
    with sessions() as session:
        left = snapshot(session)
    with sessions.begin() as session:
        clear(session)
    return gone, left


def test_a_run_over_several_batches_leaves_what_one_transaction_left(sessions):
    expected_gone, expected = per_contact_in_one_transaction(sessions)
    with sessions.begin() as session:
        seed_old_texts(session, CONTACTS)
    commits = []
    with sessions() as session:

        def commit() -> None:
            commits.append(len(commits))
            session.commit()

        gone = keep_only_days_of_old_texts(session, CUTOFF, LOOKBACK, commit, batch_size=3)
    assert len(commits) == 3
    with sessions() as session:
        assert (gone, snapshot(session)) == (expected_gone, expected)
    assert expected_gone > 0
    assert all(
        any(purpose == STAND_IN_PURPOSE for _, _, purpose, _ in texts)
        for texts in expected.values()
    )


@pytest.mark.parametrize("cut_after", [1, 2])
def test_a_run_cut_short_is_finished_by_the_next(sessions, cut_after):
    expected_gone, expected = per_contact_in_one_transaction(sessions)
    with sessions.begin() as session:
        seed_old_texts(session, CONTACTS)
    with sessions() as session:
        batches = 0

        def commit_then_stop() -> None:
            nonlocal batches
            session.commit()
            batches += 1
            if batches == cut_after:
                raise CutShort

        with pytest.raises(CutShort):
            keep_only_days_of_old_texts(session, CUTOFF, LOOKBACK, commit_then_stop, batch_size=3)
    with sessions() as session:
        assert snapshot(session) != expected  # part done
        rest = keep_only_days_of_old_texts(session, CUTOFF, LOOKBACK, session.commit, batch_size=3)
    with sessions() as session:
        assert snapshot(session) == expected
    assert 0 < rest < expected_gone
