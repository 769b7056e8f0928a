"""Every new case enters routing here, whether it came from a texter or a partner."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Contact
from models.crypto import lookup_hash, lookup_hashes
from models.session import after_commit

# No 0/O, 1/I/L, 5/S: codes are read on a phone and typed back by thumb.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
CODE_LENGTH = 4


def new_case_code(session: Session) -> str:
    """A short random code, unique among all cases."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(Case.id).where(Case.code == code)) is None:
            return code


# The choices a case row keeps as its best time; anything else is the person's own words.
BEST_TIMES = frozenset({"morning", "afternoon", "evening", "any"})


def create_case(
    session: Session,
    *,
    kind: str,
    now: datetime,
    response_window_hours: int,
    breach_hours: int,
    contact: Contact | None = None,
    source: str = "text",
    language: str = "en",
    town: str | None = None,
    needs: list[str] | None = None,
    contact_method: str = "text",
    best_time: str | None = None,
    peers_only: bool = True,
    details: dict[str, Any] | None = None,
    partner_id: int | None = None,
) -> Case:
    """Store a case and its first timeline entry; routing starts once the transaction commits.

    A person who told us "no police" (``Contact.refuses_police``) gets a peers-only case,
    whatever the flow or the partner said.
    """
    if best_time and best_time not in BEST_TIMES:
        # Words a person typed ("after 6, ask for Jo at the back door") are theirs: they go
        # with the encrypted details, which only the claimer and staff see, not in every offer.
        details = {**(details or {}), "best_time": best_time}
        best_time = None
    case = Case(
        code=new_case_code(session),
        kind=kind,
        source=source,
        status="new",
        contact_id=contact.id if contact else None,
        partner_id=partner_id,
        language=language,
        town=town,
        needs=list(needs or []),
        contact_method=contact_method,
        best_time=best_time,
        peers_only=peers_only or refused_police(contact),
        details=json.dumps(details or {}, ensure_ascii=False),
        referred_phone_hash=referred_phone_hash(details or {}),
        created_at=now,
        due_at=now + timedelta(hours=response_window_hours),
        breach_at=now + timedelta(hours=breach_hours),
    )
    session.add(case)
    session.flush()
    session.add(CaseEvent(case_id=case.id, at=now, kind="created", data={"source": source}))
    after_commit(session, lambda: start_routing(case.id))
    return case


def refused_police(contact: Contact | None) -> bool:
    """The person told us: no police."""
    return contact is not None and contact.refuses_police


def case_details(case: Case) -> dict[str, Any]:
    return json.loads(case.details) if case.details else {}


def referred_phone_hash(details: dict[str, Any]) -> str | None:
    """The keyed hash a case is found by from the number its details give, if any."""
    phone = details.get("phone")
    return lookup_hash(phone) if isinstance(phone, str) and phone else None


def partner_cases_for(session: Session, phone: str, *, open_only: bool = False) -> list[int]:
    """Partner referrals of this number, by id: those made without consent to text are linked
    to no contact, so they are found by the keyed hash of the number they give (under any
    configured lookup key, as contacts are)."""
    query = select(Case.id).where(
        Case.source == "partner",
        Case.details.is_not(None),
        Case.referred_phone_hash.in_(lookup_hashes(phone)),
    )
    if open_only:
        query = query.where(Case.status != "closed")
    return list(session.scalars(query.order_by(Case.id)))


def start_routing(case_id: int) -> None:
    """Enqueue the route job for a committed case. If this fails, the outbox sweep retries."""
    from routing import runtime
    from routing.jobs import route_case

    runtime.current().queue.enqueue(route_case, case_id, queue="default")
