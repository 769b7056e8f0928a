"""A person asks after their request ("did anyone get my message", "its been 3 days",
"hello??") once its first-contact deadline passed and nobody has reached them. They get an
apology and a number to call now (the engine's ``request_late``); the coordinators on call are
told, once per case however many times the person asks: a promise was missed and the person
is waiting on it. So too when they say they are struggling ("im not doing good") past the
deadline (``request_distress_late``), once per case on its own: the holder, if any, reads the
words, but nobody may hold it. The coordinators' text holds no person's words (those go on
the case as a note, ``routing.person_notes``).

Once a request was closed with nobody reaching them ("unreachable"), a text from the person
says they can be reached now: whoever closed it and the coordinators on call are told, once
per case a day (local), with no person's words (``after_closed``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.sms import as_gsm7
from models import Case, CaseEvent, Contact, Responder
from routing.claims import HELD, THE_PERSON, open_cases_locked
from routing.escalation import local_time, record, tell_coordinators
from routing.intake import case_details
from routing.offers import tell_holder, text_only
from routing.overdue import DISTRESS_OVERDUE, REQUEST_OVERDUE
from routing.withdrawals import closed_unreached_requests, own_open_requests

if TYPE_CHECKING:
    from hotline.config import Settings

TEXTED_AFTER_CLOSED = "after_closed"
# What the coordinators are told the person did, by kind: never their words.
_TOLD = {
    REQUEST_OVERDUE: "the person texted asking after their request.",
    DISTRESS_OVERDUE: "the person texted that they are having a hard time.",
}


def overdue_requests(contact: Contact, now: datetime):
    """The person's own open requests made by text whose deadline passed with no contact."""
    return own_open_requests(contact).where(Case.contacted_at.is_(None), Case.due_at <= now)


def tell_of_late_request(
    session: Session,
    contact: Contact,
    now: datetime,
    settings: Settings,
    kind: str = REQUEST_OVERDUE,
) -> list[Case]:
    """Tell the coordinators of each of the person's overdue requests what the person did
    (``kind``: asked after it, or said they are struggling), once per case and kind (each
    under its row lock, so two texts at once tell them once). Returns the cases told of now."""
    ids = set(session.scalars(overdue_requests(contact, now)).all())
    told = []
    for case in open_cases_locked(session, contact):
        if case.id not in ids or case.contacted_at is not None:
            continue
        if told_before(session, case, kind):
            continue
        notice = coordinators_notice(session, case, settings, kind)
        reached = tell_coordinators(session, case, now, settings, kind, notice)
        record(session, case, now, kind, actor=THE_PERSON, coordinators_told=reached)
        told.append(case)
    return told


def coordinators_notice(
    session: Session, case: Case, settings: Settings, kind: str = REQUEST_OVERDUE
) -> str:
    """GSM-7, and no person's words or details."""
    assert case.due_at is not None
    due = local_time(case.due_at, settings.timezone)
    holder = session.get(Responder, case.claimed_by_id) if case.status in HELD else None
    return (
        f"Case {case.code}: {_TOLD[kind]} First contact was due {due}, none recorded yet. "
        f"{who_has_it(holder)} Please make sure someone reaches them."
    )


def who_has_it(holder: Responder | None) -> str:
    """Who holds a case, for the coordinators: the holder's name, or that nobody does."""
    return f"{as_gsm7(holder.name)} has it." if holder is not None else "Nobody has claimed it."


def told_before(session: Session, case: Case, kind: str, since: datetime | None = None) -> bool:
    """The case's timeline has a ``kind`` line (since ``since``): the team was told already."""
    query = select(CaseEvent.id).where(CaseEvent.case_id == case.id, CaseEvent.kind == kind)
    if since is not None:
        query = query.where(CaseEvent.at >= since)
    return session.scalar(query.limit(1)) is not None


def tell_of_text_after_closing(
    session: Session, contact: Contact, now: datetime, settings: Settings
) -> list[Case]:
    """Tell whoever closed each of the person's requests closed lately with nobody reaching
    them, and the coordinators on call, that the person texted: once per case a local day,
    each under its row lock (two texts at once tell them once). Returns the cases told of."""
    local = now.astimezone(ZoneInfo(settings.timezone))
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    cases = session.scalars(
        select(Case)
        .where(Case.id.in_(closed_unreached_requests(contact, now)))
        .order_by(Case.id)
        .with_for_update()
    ).all()
    told = []
    for case in cases:
        if told_before(session, case, TEXTED_AFTER_CLOSED, since=day):
            continue
        notice = closed_notice(case, settings)
        closer = _closer(session, case)
        held = tell_holder(
            session, case, closer, notice, TEXTED_AFTER_CLOSED, now, occasion=local.toordinal()
        )
        reached = tell_coordinators(
            session,
            case,
            now,
            settings,
            TEXTED_AFTER_CLOSED,
            notice,
            occasion=f":{local.toordinal()}",
            leave_out=closer,
        )
        record(
            session,
            case,
            now,
            TEXTED_AFTER_CLOSED,
            actor=THE_PERSON,
            coordinators_told=reached,
            **held,
        )
        told.append(case)
    return told


def closed_notice(case: Case, settings: Settings) -> str:
    """GSM-7, and no person's words or details; for a person who can't take calls, never a
    word that reads as "call them"."""
    assert case.closed_at is not None
    how = "unreachable" if case.outcome == "unreachable" else "with no contact recorded"
    closed = local_time(case.closed_at, settings.timezone)
    if text_only(case, case_details(case)):
        then = "Please see that someone texts them: they can't take calls."
    else:
        then = "Please see that someone reaches out."
    return (
        f"Case {case.code}: the person texted us after the case was closed {how} on "
        f"{closed}. They may be reachable now. {then}"
    )


def _closer(session: Session, case: Case) -> int | None:
    """The responder who closed the case (None: staff, or nobody on the roster)."""
    closed = session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "closed")
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).first()
    responder = (closed.data or {}).get("responder_id") if closed is not None else None
    return int(responder) if responder else None
