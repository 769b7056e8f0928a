"""What retention's first run costs on a database kept since before retention: old texts kept
only to the day, for thousands of contacts at once.

``python -m bench.retention_batches --contacts 5000`` migrates the database it is given (the
bench's own, ``bench``, unless ``--database-url`` or ``BENCH_DATABASE_URL`` says otherwise;
its tables are dropped first), seeds old texts for that many contacts (a quarter with an open
case whose conversation stays, some with a stand-in from a run cut short) and keeps only the
days of their old texts, in turn: the earlier way (a few queries and a delete per contact,
all in one transaction), kept here only to compare, and ``keep_only_days_of_old_texts`` (a few
grouped queries per batch of contacts, a commit after each). Both must leave the same rows.
Prints the best and median seconds of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet
from sqlalchemy import create_engine, delete, func, insert, select
from sqlalchemy.orm import Session

from hotline import migrate
from hotline.contacts import team_numbers
from hotline.erasure import (
    ERASED_HASH_PREFIX,
    STAND_IN_PURPOSE,
    add_day_stand_ins,
    delete_messages_keeping_days,
    local_days,
    program_zone,
)
from hotline.retention_links import keep_only_days_of_old_texts
from models import Case, Contact, Message, crypto
from models.session import make_sessionmaker

from .run import DEFAULT_DB, reset_database, sa_url

NOW = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
CUTOFF = NOW - timedelta(days=90)
LOOKBACK = timedelta(hours=12)
SEEDED = "seeded-"
ROUNDS = 3

Snapshot = dict[str, list[tuple[str, str, str, bool]]]


def keep_only_days_per_contact(
    session: Session, cutoff: datetime, lookback: timedelta = LOOKBACK
) -> int:
    """The earlier ``keep_only_days_of_old_texts``: a few queries and a delete per contact."""
    zone = program_zone()
    gone = 0
    old = (Message.created_at < cutoff) & (Message.purpose != STAND_IN_PURPOSE)
    people = select(Contact.id).where(
        ~Contact.phone_hash.startswith(ERASED_HASH_PREFIX), Contact.id.not_in(team_numbers())
    )
    contact_ids = session.scalars(
        select(Message.contact_id).where(old, Message.contact_id.in_(people)).distinct()
    ).all()
    for contact_id in contact_ids:
        first_kept_case = session.scalar(
            select(func.min(Case.created_at)).where(Case.contact_id == contact_id)
        )
        before = cutoff if first_kept_case is None else min(cutoff, first_kept_case - lookback)
        theirs = (
            (Message.contact_id == contact_id)
            & (Message.created_at < before)
            & (Message.purpose != STAND_IN_PURPOSE)
        )
        count = session.scalar(select(func.count()).where(theirs))
        if not count:
            continue
        gone += count
        kept = set(
            session.scalars(
                select(Message.created_at).where(
                    Message.contact_id == contact_id, Message.purpose == STAND_IN_PURPOSE
                )
            )
        )
        days = delete_messages_keeping_days(session, theirs, zone)
        add_day_stand_ins(
            session, session.get_one(Contact, contact_id), [d for d in days if d not in kept]
        )
    return gone


def seed_old_texts(session: Session, contacts: int) -> None:
    """``contacts`` numbers, each with an inbound text and our reply on four days months ago
    and one text yesterday; every fourth has an open case opened on the third of those days
    (its page shows that day's texts), every seventh a stand-in for the first day already."""
    contact_ids = session.scalars(
        insert(Contact).returning(Contact.id, sort_by_parameter_order=True),
        [
            {
                "phone_hash": f"{SEEDED}{n:06d}",
                "phone": "",
                "language": "en",
                "created_at": NOW - timedelta(days=200),
            }
            for n in range(contacts)
        ],
    ).all()
    days = [
        [NOW - timedelta(days=150 - 10 * d + n % 5, hours=n % 11) for d in range(4)]
        for n in range(contacts)
    ]
    inbound = [
        {"contact_id": contact_id, "direction": "in", "status": "received", "created_at": at}
        for contact_id, moments in zip(contact_ids, days, strict=True)
        for at in [*moments, NOW - timedelta(days=1)]
    ]
    inbound_ids = session.scalars(
        insert(Message).returning(Message.id, sort_by_parameter_order=True), inbound
    ).all()
    session.execute(
        insert(Message),
        [
            {
                "contact_id": text["contact_id"],
                "direction": "out",
                "status": "sent",
                "in_reply_to_id": text_id,
                "created_at": text["created_at"] + timedelta(minutes=1),
            }
            for text, text_id in zip(inbound, inbound_ids, strict=True)
        ],
    )
    cases = [
        {
            "code": f"S{n:06d}",
            "kind": "self_referral",
            "status": "new",
            "contact_id": contact_id,
            "created_at": days[n][2] + timedelta(hours=1),
        }
        for n, contact_id in enumerate(contact_ids)
        if n % 4 == 0
    ]
    if cases:
        session.execute(insert(Case), cases)
    zone = program_zone()
    session.add_all(
        Message(
            contact_id=contact_id,
            direction="in",
            status="received",
            purpose=STAND_IN_PURPOSE,
            created_at=day,
            processed_at=day,
        )
        for n, contact_id in enumerate(contact_ids)
        if n % 7 == 0
        for day in local_days([days[n][0]], zone)
    )
    session.flush()


def clear(session: Session) -> None:
    """Remove what ``seed_old_texts`` made (replies first: they point at the texts)."""
    session.execute(delete(Message).where(Message.in_reply_to_id.is_not(None)))
    session.execute(delete(Message))
    session.execute(delete(Case))
    session.execute(delete(Contact))


def snapshot(session: Session) -> Snapshot:
    """Each seeded number's texts as time, direction, purpose and whether they reply to one:
    what both ways must leave alike (ids differ)."""
    texts: Snapshot = {}
    for phone_hash, created_at, direction, purpose, reply in session.execute(
        select(
            Contact.phone_hash,
            Message.created_at,
            Message.direction,
            Message.purpose,
            Message.in_reply_to_id.is_not(None),
        ).join(Contact, Contact.id == Message.contact_id)
    ):
        texts.setdefault(phone_hash, []).append(
            (created_at.astimezone(UTC).isoformat(), direction, purpose, bool(reply))
        )
    return {phone_hash: sorted(rows) for phone_hash, rows in texts.items()}


def batched(session: Session) -> int:
    """This checkout's way, committing after each batch as the daily job does."""
    return keep_only_days_of_old_texts(session, CUTOFF, LOOKBACK, session.commit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    args = parser.parse_args(argv)

    crypto.configure([Fernet.generate_key().decode()], "bench-retention-lookup-key")
    reset_database(args.database_url)
    migrate.upgrade(sa_url(args.database_url))
    engine = create_engine(sa_url(args.database_url))
    sessions = make_sessionmaker(engine)
    ways: dict[str, Callable[[Session], int]] = {
        "per contact, one transaction": lambda s: keep_only_days_per_contact(s, CUTOFF),
        "batches of 500, a commit each": batched,
    }
    timings: dict[str, list[float]] = {name: [] for name in ways}
    results: dict[str, tuple[int, Snapshot]] = {}
    for _ in range(ROUNDS):
        for name, way in ways.items():
            with sessions() as session:
                clear(session)
                seed_old_texts(session, args.contacts)
                session.commit()
                start = time.perf_counter()
                gone = way(session)
                session.commit()
                timings[name].append(time.perf_counter() - start)
                results[name] = gone, snapshot(session)
    assert len({repr(result) for result in results.values()}) == 1, "the two ways disagree"
    gone = next(iter(results.values()))[0]
    print(f"{args.contacts} contacts, {gone} old texts kept only to the day, {ROUNDS} rounds:")
    for name, times in timings.items():
        print(f"  {name:30} best {min(times):6.2f} s, median {statistics.median(times):6.2f} s")
    with sessions() as session:
        clear(session)
        session.commit()
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
