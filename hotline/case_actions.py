"""What staff do to a case from the admin: assign, note, mark contacted, close; and reading one.

Claiming goes through routing's ``claim_case``. Routing's other actions take a responder as the
actor, and staff in the admin are not responders, so reassigning, marking contacted and closing
are thin functions here in the same pattern: one conditional UPDATE (the row changes only if it
is still in the state the change expects, so an SMS and a click cannot both win) and a CaseEvent
with the staff member as actor. Callers audit and commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from models import Case, CaseEvent, Contact, Message, Offer, Responder
from routing import claims, commands
from routing.escalation import UNCLAIMED
from routing.matching import POLICE
from routing.offers import text_responder

if TYPE_CHECKING:
    from hotline.config import Settings

OPEN_STATUSES = ("new", "offered", "claimed", "contacted")
# How a case ended: routing's words, so SMS CLOSE and the admin's close form add up.
OUTCOMES = claims.OUTCOMES
SLA_STATES = ("on_time", "due_soon", "overdue", "breached", "met")
SLA_LABELS = {
    "on_time": "on time",
    "due_soon": "due soon",
    "overdue": "past due",
    "breached": "breached",
    "met": "reached",
}
NOTE_LIMIT = 4000


class CaseActionError(Exception):
    """The case is not in a state that allows this (closed, already reached, gone)."""


# ---- SLA -----------------------------------------------------------------------------------


def sla_state(case: Case, now: datetime, reminder_hours: int) -> str:
    """Where a case stands against the first-contact promise.

    ``met``: reached (or closed). Otherwise ``breached`` past the breach time, ``overdue`` past
    the response deadline, ``due_soon`` within the reminder window before it, else ``on_time``.
    """
    if case.contacted_at is not None or case.status == "closed":
        return "met"
    if case.breach_at is not None and now >= case.breach_at:
        return "breached"
    if case.due_at is not None and now >= case.due_at:
        return "overdue"
    if case.due_at is not None and now >= case.due_at - timedelta(hours=reminder_hours):
        return "due_soon"
    return "on_time"


def sla_condition(state: str, now: datetime, reminder_hours: int) -> ColumnElement[bool]:
    """The same states as ``sla_state``, as a WHERE clause (portable SQL)."""
    waiting = and_(Case.contacted_at.is_(None), Case.status != "closed")
    soon = now + timedelta(hours=reminder_hours)
    past_breach = and_(Case.breach_at.is_not(None), Case.breach_at <= now)
    past_due = and_(Case.due_at.is_not(None), Case.due_at <= now)
    if state == "met":
        return ~waiting
    if state == "breached":
        return and_(waiting, past_breach)
    if state == "overdue":
        return and_(waiting, ~past_breach, past_due)
    if state == "due_soon":
        return and_(waiting, ~past_breach, ~past_due, Case.due_at <= soon)
    if state == "on_time":
        not_soon = or_(Case.due_at.is_(None), Case.due_at > soon)
        return and_(waiting, or_(Case.breach_at.is_(None), Case.breach_at > now), not_soon)
    raise ValueError(f"unknown SLA state {state!r}")


# ---- listing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    kind: str = ""
    town: str = ""
    sla: str = ""


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    total: int
    page: int
    per_page: int
    responders: dict[int, str] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)


def list_cases(
    session: Session,
    filters: CaseFilters,
    now: datetime,
    reminder_hours: int,
    page: int = 1,
    per_page: int = 25,
) -> CasePage:
    """Cases matching the filters, newest first, one page of them."""
    conditions: list[ColumnElement[bool]] = []
    if filters.status == "open":
        conditions.append(Case.status.in_(OPEN_STATUSES))
    elif filters.status:
        conditions.append(Case.status == filters.status)
    if filters.kind:
        conditions.append(Case.kind == filters.kind)
    if filters.town:
        conditions.append(func.lower(Case.town) == filters.town.lower())
    if filters.sla:
        conditions.append(sla_condition(filters.sla, now, reminder_hours))
    total = session.scalar(select(func.count(Case.id)).where(*conditions)) or 0
    page = max(page, 1)
    cases = list(
        session.scalars(
            select(Case)
            .where(*conditions)
            .order_by(Case.created_at.desc(), Case.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    ids = {case.claimed_by_id for case in cases if case.claimed_by_id}
    names = (
        {
            row[0]: row[1]
            for row in session.execute(
                select(Responder.id, Responder.name).where(Responder.id.in_(ids))
            )
        }
        if ids
        else {}
    )
    return CasePage(cases, total, page, per_page, names)


def case_towns(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(Case.town).where(Case.town.is_not(None)).distinct().order_by(Case.town)
        )
    )


# ---- timeline ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "message_in", "message_out", "offer", or a CaseEvent kind
    who: str
    text: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    order: int = 0  # tie-break: events before messages at the same moment


def timeline(session: Session, case: Case, lookback_hours: int = 12) -> list[TimelineEntry]:
    """Everything that happened on a case, oldest first: messages, offers and case events.

    Messages are the ones linked to the case, plus the texter's unlinked messages from the
    conversation that opened it (``lookback_hours`` before it) until it closed.
    """
    responders = {r.id: r for r in session.scalars(select(Responder))}
    by_contact = {r.contact_id: r for r in responders.values()}
    entries: list[TimelineEntry] = []

    for event in session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)):
        entries.append(
            TimelineEntry(event.at, event.kind, event.actor, event.text, dict(event.data or {}))
        )

    for offer in session.scalars(select(Offer).where(Offer.case_id == case.id)):
        responder = responders.get(offer.responder_id)
        entries.append(
            TimelineEntry(
                offer.created_at,
                "offer",
                "routing",
                None,
                {
                    "responder": responder.name if responder else f"#{offer.responder_id}",
                    "status": offer.status,
                    "step": offer.escalation_step + 1,
                    "round": offer.escalation_round + 1,
                },
                order=1,
            )
        )

    linked = Message.case_id == case.id
    conditions = [linked]
    if case.contact_id is not None:
        window = [
            Message.contact_id == case.contact_id,
            Message.case_id.is_(None),
            Message.created_at >= case.created_at - timedelta(hours=lookback_hours),
        ]
        if case.closed_at is not None:
            window.append(Message.created_at <= case.closed_at)
        conditions.append(and_(*window))
    for message in session.scalars(select(Message).where(or_(*conditions))):
        if message.contact_id == case.contact_id:
            who = "texter"
        elif message.contact_id in by_contact:
            who = f"responder {by_contact[message.contact_id].name}"
        else:
            who = "other number"
        entries.append(
            TimelineEntry(
                message.created_at,
                f"message_{message.direction}",
                who,
                message.body,
                {"status": message.status, "purpose": message.purpose},
                order=2,
            )
        )
    entries.sort(key=lambda entry: (entry.at, entry.order))
    return entries


def texter_phone(session: Session, case: Case) -> str | None:
    if case.contact_id is None:
        return None
    contact = session.get(Contact, case.contact_id)
    return contact.phone if contact else None


def active_responders(session: Session) -> list[Responder]:
    return list(
        session.scalars(
            select(Responder).where(Responder.active.is_(True)).order_by(Responder.name)
        )
    )


# ---- actions -------------------------------------------------------------------------------


def _case_id(session: Session, code: str) -> int:
    case_id = session.scalar(select(Case.id).where(Case.code == code))
    if case_id is None:
        raise CaseActionError(f"no case {code}")
    return case_id


def assign_case(
    session: Session, code: str, responder_id: int, actor: str, now: datetime, settings: Settings
) -> CaseEvent:
    """Give a case to an active responder: a claim on their behalf, or a reassignment.

    An unclaimed case is claimed through routing's own ``claim_case`` (one conditional UPDATE,
    offers settled, others told, reminder armed); a claimed one changes hands here, keeping its
    first claim time, which is what the figures measure. Either way the responder gets the
    case's details by SMS, as after a CLAIM, and the person's no-police choice holds.
    """
    responder = session.get(Responder, responder_id)
    if responder is None or not responder.active:
        raise CaseActionError("choose an active responder")
    case = session.scalar(
        select(Case).where(Case.code == code).execution_options(populate_existing=True)
    )
    if case is None:
        raise CaseActionError(f"no case {code}")
    if case.peers_only and POLICE in (responder.roles or ()):
        raise CaseActionError("this person asked for no police: choose a peer responder")
    if case.status in UNCLAIMED:
        event = _claim_for(session, case, responder, actor, now, settings)
    else:
        event = _reassign(session, case, responder, actor, now)
    _send_claim_details(session, case, responder, now, event)
    return event


def _claim_for(
    session: Session,
    case: Case,
    responder: Responder,
    actor: str,
    now: datetime,
    settings: Settings,
) -> CaseEvent:
    if not (claims.was_offered(session, case, responder) or claims.is_coordinator(responder)):
        # The coordinator offers the case to this responder here, so routing's rule that only
        # someone offered a case may claim it still holds, and the timeline shows the offer.
        session.add(
            Offer(
                case_id=case.id,
                responder_id=responder.id,
                escalation_round=case.escalation_round,
                escalation_step=case.escalation_step,
                created_at=now,
            )
        )
        session.flush()
    outcome = claims.claim_case(session, case, responder, now, settings)
    if not outcome.ok:
        if outcome.reason == "taken":
            raise CaseActionError(f"{outcome.other} claimed it a moment ago")
        raise CaseActionError(f"routing refused the claim ({outcome.reason.replace('_', ' ')})")
    session.flush()
    event = session.scalar(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "claimed")
        .order_by(CaseEvent.id.desc())
    )
    assert event is not None
    # Routing records the responder as actor; from the web it was a staff member's decision.
    event.actor = actor[:64]
    event.data = {**(event.data or {}), "on_behalf_of": responder.name, "via": "admin"}
    return event


def _reassign(
    session: Session, case: Case, responder: Responder, actor: str, now: datetime
) -> CaseEvent:
    previous = case.claimed_by_id
    moved = session.execute(
        update(Case)
        .where(
            Case.id == case.id,
            Case.status.in_(("claimed", "contacted")),
            Case.claimed_by_id == previous,
            or_(Case.claimed_by_id.is_(None), Case.claimed_by_id != responder.id),
        )
        .values(claimed_by_id=responder.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(case)
    if not moved:
        raise CaseActionError("the case is closed, already with that responder, or just changed")
    event = CaseEvent(
        case_id=case.id,
        at=now,
        kind="reassigned",
        actor=actor[:64],
        data={"responder_id": responder.id, "responder": responder.name, "previous": previous},
    )
    session.add(event)
    if previous is not None:
        text_responder(
            session,
            previous,
            f"Case {case.code} was handed to another responder by the coordinator. "
            "Nothing more to do on it.",
            purpose="reassigned",
            idempotency_key=f"reassigned-from:{case.id}:{previous}:{now.isoformat()}",
            case_id=case.id,
            now=now,
        )
    return event


def _send_claim_details(
    session: Session, case: Case, responder: Responder, now: datetime, event: CaseEvent
) -> None:
    """The same texts a responder gets after CLAIM: how to reach the person, by when."""
    request = commands.Request(session, responder, case.code, "", now)
    for index, body in enumerate(commands.claim_details(request, case)):
        text_responder(
            session,
            responder.id,
            f"Assigned to you by the coordinator. {body}" if index == 0 else body,
            purpose="assigned",
            idempotency_key=f"assigned:{case.id}:{responder.id}:{now.isoformat()}:{index}",
            case_id=case.id,
            now=now,
        )


def add_note(session: Session, code: str, text: str, actor: str, now: datetime) -> CaseEvent:
    """A note on the timeline (encrypted at rest like message bodies)."""
    text = (text or "").strip()
    if not text:
        raise CaseActionError("the note is empty")
    if len(text) > NOTE_LIMIT:
        raise CaseActionError(f"a note holds at most {NOTE_LIMIT} characters")
    event = CaseEvent(
        case_id=_case_id(session, code), at=now, kind="note", actor=actor[:64], text=text
    )
    session.add(event)
    return event


def mark_contacted(session: Session, code: str, actor: str, now: datetime) -> CaseEvent:
    """Record first contact with the person; the 24–48 h clock stops here."""
    case_id = _case_id(session, code)
    changed = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.contacted_at.is_(None), Case.status != "closed")
        .values(
            status="contacted", contacted_at=now, escalation_token=None, next_escalation_at=None
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise CaseActionError("the case is closed or was already marked contacted")
    event = CaseEvent(case_id=case_id, at=now, kind="contacted", actor=actor[:64])
    session.add(event)
    _refresh(session, case_id)
    return event


def close_case(
    session: Session, code: str, outcome: str, actor: str, now: datetime, note: str = ""
) -> CaseEvent:
    """Close a case with one of ``OUTCOMES``; its open offers close with it."""
    if outcome not in OUTCOMES:
        raise CaseActionError("choose an outcome")
    case_id = _case_id(session, code)
    changed = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.status != "closed")
        .values(
            status="closed",
            closed_at=now,
            outcome=outcome,
            escalation_token=None,
            next_escalation_at=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        raise CaseActionError("the case is already closed")
    session.execute(
        update(Offer)
        .where(Offer.case_id == case_id, Offer.status == "open")
        .values(status="closed", responded_at=now)
        .execution_options(synchronize_session=False)
    )
    event = CaseEvent(
        case_id=case_id,
        at=now,
        kind="closed",
        actor=actor[:64],
        text=note.strip()[:NOTE_LIMIT] or None,
        data={"outcome": outcome},
    )
    session.add(event)
    _refresh(session, case_id)
    return event


def _refresh(session: Session, case_id: int) -> None:
    # The UPDATEs above bypass the identity map; reload a case already loaded in this session.
    case = session.get(Case, case_id)
    if case is not None:
        session.refresh(case)
