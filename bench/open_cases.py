"""What the questions asked across all open cases cost as open cases pile up.

``python -m bench.open_cases --waiting 600 --partner 2000`` resets the database it is given (the
bench's own, ``bench``, unless ``--database-url`` or ``BENCH_DATABASE_URL`` says otherwise; a
``sqlite:///`` file is made afresh) and seeds a coordinator who can be texted, ``--waiting``
routed cases nobody holds an offer on, and ``--partner`` claimed partner referrals, each of its own
number. Then it asks, in turn, the cases page banner's question (``reaching_no_one_banner``) and
CLAIM's "this person's other open cases" (``other_open_cases``) for a texter whom a partner
also referred. Prints the best and median milliseconds and the queries each sends.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from hotline import migrate
from models import Case, Contact, Responder, crypto
from models.session import make_sessionmaker
from routing.intake import referred_phone_hash
from routing.reaching_no_one import reaching_no_one_banner
from routing.same_person import other_open_cases

from .run import DEFAULT_DB, reset_database, sa_url

NOW = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
ROUNDS = 9
TEXTER = "+14135550999"


def _contact(session: Session, phone: str) -> Contact:
    contact = Contact(phone_hash=crypto.lookup_hash(phone), phone=phone)
    session.add(contact)
    session.flush()
    return contact


def _case(n: int, **kw: Any) -> Case:
    kw.setdefault("kind", "self_referral")
    kw.setdefault("status", "new")
    # As ``create_case`` stores it: the hash of the number the details give, if any.
    kw["referred_phone_hash"] = referred_phone_hash(json.loads(kw.get("details") or "{}"))
    return Case(code=f"B{n:07d}", routed_at=NOW, created_at=NOW, **kw)


def seed(session: Session, waiting: int, partner: int) -> Case:
    """The open cases; returns the texter's own case, whose number a partner also referred."""
    coordinator = _contact(session, "+14135550100")
    session.add(
        Responder(name="Bench Coordinator", contact_id=coordinator.id, roles=["coordinator"])
    )
    n = 0
    for i in range(waiting):
        n += 1
        contact = _contact(session, f"+1413600{i:04d}")
        session.add(_case(n, contact_id=contact.id, details='{"name": "Sam"}'))
    for i in range(partner):
        n += 1
        details = f'{{"phone": "+1413700{i:04d}", "referral_type": "post_overdose"}}'
        session.add(_case(n, kind="partner", source="partner", status="claimed", details=details))
    texter = _contact(session, TEXTER)
    own = _case(n + 1, contact_id=texter.id, status="claimed")
    referred = f'{{"phone": "{TEXTER}", "referral_type": "post_overdose"}}'
    session.add_all(
        [own, _case(n + 2, kind="partner", source="partner", status="claimed", details=referred)]
    )
    session.flush()
    return own


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        reset_database(url)
    migrate.upgrade(sa_url(url))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiting", type=int, default=600)
    parser.add_argument("--partner", type=int, default=2000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    args = parser.parse_args(argv)

    crypto.configure([Fernet.generate_key().decode()], "bench-open-cases-lookup-key")
    fresh_database(args.database_url)
    engine = create_engine(sa_url(args.database_url))
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        own_id = seed(session, args.waiting, args.partner).id
        session.commit()
    queries = 0

    def count(*_: object) -> None:
        nonlocal queries
        queries += 1

    event.listen(engine, "before_cursor_execute", count)
    questions: dict[str, Callable[[Session], object]] = {
        "cases page banner": lambda s: reaching_no_one_banner(s, NOW),
        "other open cases (CLAIM)": lambda s: other_open_cases(s, s.get_one(Case, own_id)),
    }
    print(f"{args.waiting} waiting cases, {args.partner} open partner referrals, {ROUNDS} rounds:")
    for name, question in questions.items():
        times, sent = [], 0
        for _ in range(ROUNDS):
            with sessions() as session:
                queries = 0
                start = time.perf_counter()
                answer = question(session)
                times.append(time.perf_counter() - start)
                sent = queries
        shown = len(answer) if isinstance(answer, list) else repr(answer)[:20]
        print(
            f"  {name:26} best {min(times) * 1000:7.1f} ms, median "
            f"{statistics.median(times) * 1000:7.1f} ms, {sent} queries (answer: {shown})"
        )
    event.remove(engine, "before_cursor_execute", count)
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
