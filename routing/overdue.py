"""A case past its first-contact deadline with nobody having reached the person, said plainly
wherever a responder reads it (an offer, a claim, LIST): "First contact by" a time already
gone reads like time left. What the person did since (asked after it, said they are having a
hard time) is said too, never in their words: an offer reaches several responders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, CaseEvent
from routing.times import local_time

# The timeline's words for the person texting past the deadline (``routing.late_requests``).
REQUEST_OVERDUE = "request_overdue"
DISTRESS_OVERDUE = "distress_overdue"
_DID = {REQUEST_OVERDUE: "asked after it", DISTRESS_OVERDUE: "said they are having a hard time"}


def is_overdue(case: Case, now: datetime) -> bool:
    return case.due_at is not None and case.contacted_at is None and now >= case.due_at


def overdue_words(session: Session, case: Case, now: datetime, tz: str) -> str | None:
    """ "OVERDUE: first contact was due Wed Nov 25 at 1:37 AM, the person asked after it", or
    None before the deadline or once someone reached them."""
    if not is_overdue(case, now):
        return None
    assert case.due_at is not None
    kinds = set(
        session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == case.id, CaseEvent.kind.in_(_DID))
        )
    )
    did = " and ".join(words for kind, words in _DID.items() if kind in kinds)
    said = f"OVERDUE: first contact was due {local_time(case.due_at, tz)}"
    return f"{said}, the person {did}" if did else said
