"""Cases a responder lost while they had opted out of texts, named when they text START.

A holder who texts STOP keeps the person's number. A case handed on (reassigned, or handed
back because the person asked for no police) or closed meanwhile cannot be texted to them
(``routing.offers.text_responder`` skips a number that opted out), and the timeline says so.
Nor does a text queued just before their STOP reach them: the send job holds it back, or the
carrier refuses it, and the timeline is corrected (``routing.holder_notices``).
At START they are not sent each missed text, which may no longer be true, but one text that
names the cases lost meanwhile and still not theirs, and asks them to delete the numbers:
once per case, as each case's timeline records it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Message, OptOutEvent, Responder
from routing.claims import HELD
from routing.closed_by_others import NUMBER_STILL_NEEDED
from routing.escalation import NOT_ARRIVING, record
from routing.holder_notices import HOLDER_FIELDS, NOTICE_EVENTS

# The timeline's word for a lost case named at START.
LOST_CASE_TOLD = "lost_case_told"


def _lost_untold(kind: str, data: dict[str, Any], responder_id: int, held_back: set[int]) -> bool:
    """The event took the case from ``responder_id`` and its text did not reach them: none
    could be queued, or the one queued is among ``held_back`` (ids of texts that did not
    arrive). A duplicate's number may still be needed: another case of the person's is the
    one kept."""
    fields = HOLDER_FIELDS[kind]
    if data.get(fields.holder) != responder_id:
        return False
    if kind == "closed" and data.get("outcome") in NUMBER_STILL_NEEDED:
        return False
    return data.get(fields.told) is False or data.get(fields.message) in held_back


def _held_back_notices(session: Session, responder: Responder, since: datetime) -> dict[int, int]:
    """The responder's texts about losing a case that did not arrive, found not arriving
    since ``since``: case ids by message id. Only their own messages are read."""
    rows = session.execute(
        select(Message.id, Message.case_id).where(
            Message.contact_id == responder.contact_id,
            Message.direction == "out",
            Message.purpose.in_(NOTICE_EVENTS),
            Message.status.in_(NOT_ARRIVING),
            Message.status_at >= since,
            Message.case_id.is_not(None),
        )
    ).all()
    return {message_id: case_id for message_id, case_id in rows if case_id is not None}


def lost_cases(session: Session, responder: Responder) -> list[tuple[Case, str]]:
    """The cases (and how each was lost) taken from the responder since their last opt-out
    with no text reaching them, that they do not hold again and were not named already.
    A text queued before the opt-out but held back after it counts: the case it is about is
    read whenever it was lost."""
    since = session.scalar(
        select(OptOutEvent.at)
        .where(OptOutEvent.contact_id == responder.contact_id, OptOutEvent.action == "out")
        .order_by(OptOutEvent.at.desc(), OptOutEvent.id.desc())
        .limit(1)
    )
    if since is None:
        return []
    held_back = _held_back_notices(session, responder, since)
    taking = select(CaseEvent.id, CaseEvent.case_id, CaseEvent.kind, CaseEvent.data).where(
        CaseEvent.kind.in_(HOLDER_FIELDS)
    )
    # Two reads, not one with OR: the second goes by the case id index.
    events = {row.id: row for row in session.execute(taking.where(CaseEvent.at >= since))}
    if held_back:
        of_cases = taking.where(CaseEvent.case_id.in_(set(held_back.values())))
        events |= {row.id: row for row in session.execute(of_cases)}
    how: dict[int, str] = {}
    for _, case_id, kind, data in (events[event_id] for event_id in sorted(events)):
        if _lost_untold(kind, dict(data or {}), responder.id, set(held_back)):
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
