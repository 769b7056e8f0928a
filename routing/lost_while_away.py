"""Cases a responder lost while they had opted out of texts, named when they text START.

A holder who texts STOP keeps the person's number. A case handed on (reassigned, or handed
back because the person asked for no police) or closed meanwhile cannot be texted to them
(``routing.offers.text_responder`` skips a number that opted out), and the timeline says so.
At START they are not sent each missed text, which may no longer be true, but one text that
names the cases lost meanwhile and still not theirs, and asks them to delete the numbers:
once per case, as each case's timeline records it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, OptOutEvent, Responder
from routing.claims import HELD
from routing.closed_by_others import NUMBER_STILL_NEEDED
from routing.escalation import record

# The timeline's word for a lost case named at START.
LOST_CASE_TOLD = "lost_case_told"


def _lost_untold(kind: str, data: dict[str, Any], responder_id: int) -> bool:
    """The event took the case from ``responder_id`` and its text could not reach them."""
    if kind == "reassigned":
        return data.get("previous") == responder_id and data.get("previous_told") is False
    if kind == "released":
        return data.get("responder_id") == responder_id and data.get("holder_told") is False
    # A duplicate's number may still be needed: another case of the person's is the one kept.
    return (
        data.get("holder_id") == responder_id
        and data.get("holder_told") is False
        and data.get("outcome") not in NUMBER_STILL_NEEDED
    )


def lost_cases(session: Session, responder: Responder) -> list[tuple[Case, str]]:
    """The cases (and how each was lost) taken from the responder since their last opt-out
    with no text reaching them, that they do not hold again and were not named already."""
    since = session.scalar(
        select(OptOutEvent.at)
        .where(OptOutEvent.contact_id == responder.contact_id, OptOutEvent.action == "out")
        .order_by(OptOutEvent.at.desc(), OptOutEvent.id.desc())
        .limit(1)
    )
    if since is None:
        return []
    events = session.execute(
        select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.data)
        .where(CaseEvent.kind.in_(("reassigned", "released", "closed")), CaseEvent.at >= since)
        .order_by(CaseEvent.id)
    ).all()
    how: dict[int, str] = {}
    for case_id, kind, data in events:
        if _lost_untold(kind, dict(data or {}), responder.id):
            how[case_id] = kind
    told = {
        case_id
        for case_id, data in session.execute(
            select(CaseEvent.case_id, CaseEvent.data).where(
                CaseEvent.case_id.in_(how), CaseEvent.kind == LOST_CASE_TOLD
            )
        )
        if (data or {}).get("responder_id") == responder.id
    }
    lost = []
    for case_id, kind in how.items():
        case = session.get(Case, case_id)
        if case is None or case_id in told:
            continue
        if case.claimed_by_id == responder.id and case.status in HELD:
            continue  # given back to them meanwhile
        lost.append((case, kind))
    return lost


def lost_cases_text(lost: list[tuple[Case, str]]) -> str:
    """The text naming them: GSM-7, one segment for a case or two, no person's details."""
    kinds = {"closed" if kind == "closed" else "handed on" for _, kind in lost}
    verb = kinds.pop() if len(kinds) == 1 else "handed on or closed"
    if len(lost) == 1:
        return (
            f"While you were unsubscribed, case {lost[0][0].code} was {verb}. Please don't "
            "contact the person, and delete their number from your phone."
        )
    codes = ", ".join(case.code for case, _ in lost)
    return (
        f"While you were unsubscribed, cases {codes} were {verb}. Please don't contact those "
        "people, and delete their numbers from your phone."
    )


def tell_at_start(session: Session, responder: Responder, now: datetime) -> list[str]:
    """The text for a responder's START naming the cases they lost while opted out, each
    case's timeline saying so; nothing when there are none or they were named already."""
    lost = lost_cases(session, responder)
    for case, _ in lost:
        record(
            session,
            case,
            now,
            LOST_CASE_TOLD,
            actor=responder.name,
            responder_id=responder.id,
            responder=responder.name,
        )
    return [lost_cases_text(lost)] if lost else []
