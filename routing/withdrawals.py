"""A person withdraws the request they made by text ("nvm", then YES), while it is open and
nobody has reached them: no coercion, a request may be taken back. That is their own
self-referral or the call they asked for as a family member, never a partner's referral of
them. The case closes as withdrawn by the person, its open offers with it, and a responder
who already claimed it is told once by SMS, as after an opt-out. Once someone reached them,
it is theirs to talk over."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from models import Case, Contact
from routing.claims import (
    HELD,
    REACHED_OUTCOMES,
    THE_PERSON,
    WITHDRAWN,
    open_cases_locked,
    withdraw_case,
)
from routing.escalation import record
from routing.holder_notices import told_fields
from routing.offers import text_holder

# Requests a texter makes by text: help for themselves, or a call as a family member.
OWN_REQUESTS = ("self_referral", "family")
# How long after a request closed with nobody reaching them a text from the person tells the
# team they can be reached: long enough for someone whose phone was off or cut off for a week,
# short enough that an old case is not taken as news.
CLOSED_UNREACHED_DAYS = 14
# How a request closed with nobody reaching them may not have ended: with an outcome that
# says someone spoke with them, by the person's own withdrawal (they chose), or as a
# duplicate (another case of theirs is the one).
_NOT_UNREACHED = (*sorted(REACHED_OUTCOMES), WITHDRAWN, "duplicate")
# How long "did anyone get my message" after withdrawing is told they cancelled it: past
# that, it is a new conversation.
WITHDRAWN_LATELY = timedelta(days=14)


def own_open_requests(contact: Contact):
    """The person's own requests made by text, open, whether or not someone reached them."""
    return select(Case.id).where(
        Case.contact_id == contact.id,
        Case.kind.in_(OWN_REQUESTS),
        Case.source == "text",
        Case.status != "closed",
    )


def closed_unreached_requests(contact: Contact, now: datetime):
    """The person's own requests made by text, closed within ``CLOSED_UNREACHED_DAYS`` with
    nobody having reached them ("unreachable", or closed with no contact recorded)."""
    return _closed_since(contact, now - timedelta(days=CLOSED_UNREACHED_DAYS)).where(
        Case.contacted_at.is_(None), Case.outcome.not_in(_NOT_UNREACHED)
    )


def _closed_since(contact: Contact, since: datetime):
    """The person's own requests made by text, closed since ``since``."""
    return select(Case.id).where(
        Case.contact_id == contact.id,
        Case.kind.in_(OWN_REQUESTS),
        Case.source == "text",
        Case.status == "closed",
        Case.closed_at >= since,
    )


def _withdrawable(contact: Contact):
    """The person's own requests made by text, open, and nobody has reached them yet."""
    return own_open_requests(contact).where(Case.contacted_at.is_(None))


class OpenRequests(NamedTuple):
    """Where the person's requests made by text stand, for the engine's answer."""

    open: bool  # one is still open, so what they say next is added to it
    withdrawable: bool  # one of them may still be withdrawn: nobody has reached them
    overdue: bool  # one of them is past its first-contact deadline, nobody having reached them
    reached: bool  # someone reached them on every one of them
    # None is open, and one was closed lately with nobody reaching them (``closed_unreached``)
    closed_unreached: bool = False
    text_only: bool = False  # the requests spoken of say calls do not work for them
    due: datetime | None = None  # the earliest first-contact deadline of those not reached
    withdrawn: bool = False  # none is open, and the latest was withdrawn by them lately
    police_ok: bool = False  # one that is open lets a police officer reach them


def open_requests_locked(session: Session, contact: Contact, now: datetime) -> OpenRequests:
    """Where the person's requests made by text stand, in one read under the row locks of
    those cases, held until the transaction ends, as a responder's CLAIM, CONTACTED or CLOSE
    takes them: the person is told what is so, a command in flight is waited out and seen
    (``has_open_request``, ``routing.person_notes``)."""
    cases = session.execute(
        own_open_requests(contact)
        .with_only_columns(
            Case.contacted_at, Case.due_at, Case.contact_method, Case.details, Case.peers_only
        )
        .order_by(Case.id)
        .with_for_update()
    ).all()
    closed, withdrawn = [], False
    if not cases:  # one read, under the same locks, of what closed lately, for both answers
        latest = (
            select(func.max(Case.id))
            .where(
                Case.contact_id == contact.id,
                Case.kind.in_(OWN_REQUESTS),
                Case.source == "text",
            )
            .scalar_subquery()
        )
        since = now - max(timedelta(days=CLOSED_UNREACHED_DAYS), WITHDRAWN_LATELY)
        recent = session.execute(
            _closed_since(contact, since)
            .with_only_columns(
                Case.id,
                Case.outcome,
                Case.contacted_at,
                Case.closed_at,
                Case.contact_method,
                Case.details,
                latest.label("latest_id"),
            )
            .order_by(Case.id)
            .with_for_update()
        ).all()
        unreached_since = now - timedelta(days=CLOSED_UNREACHED_DAYS)
        closed = [
            row
            for row in recent
            if row.contacted_at is None
            and row.outcome not in _NOT_UNREACHED
            and row.closed_at >= unreached_since
        ]
        # Their most recent request (``latest_id``) was withdrawn by them lately.
        withdrawn = any(
            row.id == row.latest_id
            and row.outcome == WITHDRAWN
            and row.closed_at >= now - WITHDRAWN_LATELY
            for row in recent
        )
    unreached = [row.due_at for row in cases if row.contacted_at is None]
    deadlines = [due for due in unreached if due is not None]
    spoken_of = cases or closed
    return OpenRequests(
        open=bool(cases),
        withdrawable=bool(unreached),
        overdue=any(due <= now for due in deadlines),
        reached=bool(cases) and not unreached,
        closed_unreached=bool(closed),
        text_only=bool(spoken_of) and all(_says_text_only(row) for row in spoken_of),
        due=min(deadlines, default=None),
        withdrawn=withdrawn,
        police_ok=any(not row.peers_only for row in cases),
    )


def _says_text_only(row: Row) -> bool:
    """The request says calls do not work for the person (``routing.offers.text_only``)."""
    details = json.loads(row.details) if row.details else {}
    return row.contact_method == "text" and bool(details.get("text_only"))


def has_open_request(session: Session, contact: Contact) -> bool:
    """The person has a request made by text that they may still withdraw.

    Read under the row locks of those cases, held until the transaction ends, as a
    responder's CLAIM or CONTACTED takes them (``routing.claims``): the answer the person gets
    ("cancelled", or whom to call) is decided on what is so. A CONTACTED in flight is waited
    out and seen; one that comes after waits for the withdrawal and finds the case closed.
    """
    locked = session.scalars(_withdrawable(contact).order_by(Case.id).with_for_update()).all()
    return bool(locked)


def withdraw_requests(session: Session, contact: Contact, now: datetime) -> list[Case]:
    """Close each request of the person's they may still withdraw, each under its row lock (a
    CONTACTED in flight lands first, and then the case stays open); the holder is told once.
    Returns the cases closed; safe to run twice."""
    ids = set(session.scalars(_withdrawable(contact)).all())
    closed = []
    for case in open_cases_locked(session, contact):
        if case.id not in ids:
            continue
        holder = case.claimed_by_id if case.status in HELD else None
        if not withdraw_case(session, case, now):
            continue
        told = _tell_holder(session, case, holder, now)
        record(
            session,
            case,
            now,
            "closed",
            actor=THE_PERSON,
            outcome=WITHDRAWN,
            text="The person withdrew their request by text before anyone reached them.",
            **told,
        )
        closed.append(case)
    return closed


def _tell_holder(session: Session, case: Case, holder: int | None, now: datetime) -> dict:
    """Text who held the withdrawn case, if anyone: the closed event's fields on it."""
    if holder is None:
        return {}
    message = text_holder(session, case, holder, withdrawn_notice(case), WITHDRAWN, now)
    return {"holder_id": holder, **told_fields("closed", message)}


def withdrawn_notice(case: Case) -> str:
    """The text to a case's holder: one GSM-7 segment, never the person's name or number."""
    return (
        f"Case {case.code}: the person withdrew their request before anyone reached them. It "
        "is closed: please don't contact them, and delete their number from your phone."
    )
