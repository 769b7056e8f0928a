"""Retention's second half: past the period, nothing we keep leads back to a number.

``hotline.retention`` clears the words; this severs the links, as the bot tells people (the
system flow's ``our_records``: "then delete your words and your number, and keep only counts"):

- a case closed before the cut-off no longer points to its contact (nor keeps the time words
  of its best time), and the person's texts on it lose the case;
- people's texts older than the cut-off keep only the day they came in (a dated stand-in a
  day, without words, sid or case): their exact times would match the unlinked cases' times;
  those a case still linked shows on its page stay;
- a number with no case still linked, no text within the period and no bad batch alert
  subscription it can still be texted on (an ongoing service it asked for: ALERTS OFF or STOP
  ends it) is forgotten as erasure forgets it (``hotline.erasure.forget_contact``): the number,
  state and language go, its texts become dated stand-ins on a row with no number, and an
  opted-out number keeps only its keyed hash and the day it opted out, so STOP is still honoured
  (and pins its lookup key, as an erased opt-out does).

Cases still open, or closed within the period, keep their person, their texts and their
details (only erasure removes those). The team's numbers are never touched. The figures stay
by day, with one known change: a person whose closed cases were unlinked is counted once per
such case among "people with a case", as after erasure, since nothing links them any more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from hotline.contacts import ContactGone, contact_lock, team_numbers
from hotline.erasure import (
    ERASED_HASH_PREFIX,
    STAND_IN_PURPOSE,
    day_stand_ins,
    forget_contact,
    local_days,
    program_zone,
)
from models import AlertSubscription, Case, Contact, Message

# Contacts per transaction when the caller lets a run commit as it goes: the first run on a
# database kept since before retention touches every old number, and one transaction would
# hold the locks on all their texts until the end.
BATCH_SIZE = 500


def no_commit() -> None:
    """Nothing committed between batches: everything in the caller's transaction."""


def unlink_closed_cases(session: Session, cutoff: datetime) -> int:
    """Cut cases closed before ``cutoff`` loose from their contacts; how many."""
    old = select(Case.id).where(Case.closed_at < cutoff, Case.contact_id.is_not(None))
    case_ids = session.scalars(old).all()
    if not case_ids:
        return 0
    session.execute(
        update(Message)
        .where(Message.case_id.in_(case_ids), Message.contact_id.not_in(team_numbers()))
        .values(case_id=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Case)
        .where(Case.id.in_(case_ids))
        .values(contact_id=None, best_time=None)
        .execution_options(synchronize_session=False)
    )
    return len(case_ids)


def _subscribed() -> ColumnElement[bool]:
    """The number signed up for bad batch alerts and can still get them."""
    return exists().where(
        AlertSubscription.contact_id == Contact.id,
        Contact.opted_out_at.is_(None),
        Contact.invalid_at.is_(None),
    )


def _unlinked_numbers() -> Select[tuple[int]]:
    """Contacts of people (not the team, not already unlinked) with no case still linked."""
    linked = exists().where(Case.contact_id == Contact.id)
    return select(Contact.id).where(
        ~Contact.phone_hash.startswith(ERASED_HASH_PREFIX),
        Contact.id.not_in(team_numbers()),
        ~linked,
    )


def keep_only_days_of_old_texts(
    session: Session,
    cutoff: datetime,
    lookback: timedelta = timedelta(hours=12),
    commit: Callable[[], None] = no_commit,
    batch_size: int = BATCH_SIZE,
) -> int:
    """People's texts from before ``cutoff`` become one dated stand-in a day; how many texts
    went. A case still linked keeps the texts its page shows (from ``lookback`` before it
    opened, the conversation that opened it, as ``hotline.case_actions.timeline`` reads).
    ``batch_size`` contacts at a time, each batch read in a few grouped queries and then
    ``commit``-ted: a batch run again finds its texts gone and its stand-ins kept."""
    zone = program_zone()
    old = (Message.created_at < cutoff) & (Message.purpose != STAND_IN_PURPOSE)
    people = select(Contact.id).where(
        ~Contact.phone_hash.startswith(ERASED_HASH_PREFIX), Contact.id.not_in(team_numbers())
    )
    contact_ids = session.scalars(
        select(Message.contact_id)
        .where(old, Message.contact_id.in_(people))
        .distinct()
        .order_by(Message.contact_id)
    ).all()
    gone = 0
    for start in range(0, len(contact_ids), batch_size):
        gone += _keep_only_days_of(
            session, contact_ids[start : start + batch_size], cutoff, lookback, zone
        )
        commit()
    return gone


def _keep_only_days_of(
    session: Session,
    contact_ids: Sequence[int],
    cutoff: datetime,
    lookback: timedelta,
    zone: ZoneInfo,
) -> int:
    """One batch of ``keep_only_days_of_old_texts``; how many texts went."""
    first_cases = {
        contact_id: first
        for contact_id, first in session.execute(
            select(Case.contact_id, func.min(Case.created_at))
            .where(Case.contact_id.in_(contact_ids))
            .group_by(Case.contact_id)
        )
    }
    old = session.execute(
        select(Message.id, Message.contact_id, Message.created_at, Message.direction).where(
            Message.contact_id.in_(contact_ids),
            Message.created_at < cutoff,
            Message.purpose != STAND_IN_PURPOSE,
        )
    )
    going: list[int] = []
    days_in: dict[int, list[datetime]] = defaultdict(list)
    for message_id, contact_id, created_at, direction in old:
        first_case = first_cases.get(contact_id)
        if first_case is not None and created_at >= first_case - lookback:
            continue
        going.append(message_id)
        if direction == "in":
            days_in[contact_id].append(created_at)
    if not going:
        return 0
    kept: dict[int, set[datetime]] = defaultdict(set)
    for contact_id, created_at in session.execute(
        select(Message.contact_id, Message.created_at).where(
            Message.contact_id.in_(list(days_in)), Message.purpose == STAND_IN_PURPOSE
        )
    ):
        kept[contact_id].add(created_at)
    for chunk in _chunks(going):
        session.execute(
            update(Message)
            .where(Message.in_reply_to_id.in_(chunk))
            .values(in_reply_to_id=None)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            delete(Message)
            .where(Message.id.in_(chunk))
            .execution_options(synchronize_session=False)
        )
    for contact_id, moments in days_in.items():
        session.add_all(
            day_stand_ins(contact_id, _new(local_days(moments, zone), kept[contact_id]))
        )
    session.flush()
    return len(going)


def _new(days: list[datetime], kept: set[datetime]) -> list[datetime]:
    """The days without a stand-in yet (compared as stored: naive UTC or aware)."""
    return [day for day in days if day not in kept]


def _chunks(ids: list[int], size: int = 1000) -> Iterator[list[int]]:
    """``ids`` a statement's worth at a time (a bound parameter each)."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def forget_idle_numbers(
    session: Session,
    cutoff: datetime,
    commit: Callable[[], None] = no_commit,
    batch_size: int = BATCH_SIZE,
) -> tuple[int, int]:
    """Forget each number idle since before ``cutoff`` (see the module's docstring): locked
    first, as erasure does, and looked at again under the lock, where a text just in may
    have opened a case; ``commit`` after every ``batch_size`` numbers looked at releases
    their locks. Returns (numbers forgotten, of them opted out and kept as a hash)."""
    recent = exists().where(Message.contact_id == Contact.id, Message.created_at >= cutoff)
    idle = session.scalars(
        select(Contact.id)
        .where(
            Contact.id.in_(_unlinked_numbers()),
            Contact.created_at < cutoff,
            ~recent,
            ~_subscribed(),
        )
        .order_by(Contact.id)
    ).all()
    forgotten = opted_out = 0
    for looked_at, contact_id in enumerate(idle):
        if looked_at and looked_at % batch_size == 0:
            commit()
        try:
            with contact_lock(session, contact_id):
                still_idle = session.scalar(
                    select(Contact.id).where(
                        Contact.id == contact_id,
                        Contact.id.in_(_unlinked_numbers()),
                        ~recent,
                        ~_subscribed(),
                    )
                )
                contact = session.get_one(Contact, contact_id)
                if still_idle is None or not contact.phone:  # kept for an opt-out already
                    continue
                forget_contact(session, contact_id, contact.opted_out)
        except ContactGone:
            continue
        forgotten += 1
        opted_out += contact.opted_out
    return forgotten, opted_out
