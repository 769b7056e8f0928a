"""What a responder does to a case: claim, pass, mark contacted, note, close.

Every change of status is one conditional UPDATE that only matches a case still in the state
the change expects, so two responders (or a responder and an admin) can never both win; the
rowcount says who did. Results are plain data; ``routing.commands`` turns them into replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import case as sql_case
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from models import Case, Contact, Offer, Responder
from routing.escalation import (
    UNCLAIMED,
    arm_reminder,
    disarm_escalation,
    escalate_if_no_one_holds_it,
    record,
)
from routing.intake import case_details
from routing.matching import COORDINATOR, POLICE
from routing.offers import text_responder

if TYPE_CHECKING:
    from hotline.config import Settings

NOTE_LIMIT = 4000
# How a case ended: the same words as the admin's close form, so the figures add up.
OUTCOMES = (
    "safety_plan",
    "connected_to_services",
    "naloxone_provided",
    "family_supported",
    "declined",
    "unreachable",
    "referred_elsewhere",
    "duplicate",
    "other",
)


@dataclass(frozen=True)
class Outcome:
    """What happened: ``ok`` and a machine-readable ``reason`` for the reply to explain."""

    ok: bool
    reason: str
    case: Case | None = None
    other: str | None = None  # the other responder's name, when someone else has the case


def find_case(session: Session, code: str) -> Case | None:
    return session.scalar(select(Case).where(Case.code == code.upper()))


def is_coordinator(responder: Responder) -> bool:
    return COORDINATOR in (responder.roles or ())


def was_offered(session: Session, case: Case, responder: Responder) -> bool:
    return (
        session.scalar(
            select(Offer.id).where(Offer.case_id == case.id, Offer.responder_id == responder.id)
        )
        is not None
    )


def open_offers(session: Session, responder: Responder) -> list[Case]:
    """Unclaimed cases with an open offer to this responder, oldest first."""
    return list(
        session.scalars(
            select(Case)
            .where(
                Case.id.in_(
                    select(Offer.case_id).where(
                        Offer.responder_id == responder.id, Offer.status == "open"
                    )
                ),
                Case.status.in_(UNCLAIMED),
            )
            .order_by(Case.created_at, Case.id)
        )
    )


def my_cases(session: Session, responder: Responder) -> list[Case]:
    """Cases this responder has claimed and not closed, oldest deadline first."""
    return list(
        session.scalars(
            select(Case)
            .where(Case.claimed_by_id == responder.id, Case.status.in_(("claimed", "contacted")))
            .order_by(Case.due_at, Case.id)
        )
    )


def _name(session: Session, responder_id: int | None) -> str:
    responder = session.get(Responder, responder_id) if responder_id else None
    return responder.name if responder else "another responder"


def _refresh(session: Session, case: Case) -> Case:
    session.refresh(case)
    return case


def claim_case(
    session: Session, case: Case, responder: Responder, now: datetime, settings: Settings
) -> Outcome:
    """The first claim wins; the others who held an offer are told who took it."""
    if case.peers_only and POLICE in (responder.roles or ()):
        return Outcome(False, "peers_only", case)
    if case.status in UNCLAIMED and not (
        was_offered(session, case, responder) or is_coordinator(responder)
    ):
        return Outcome(False, "not_offered", case)
    won = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.status.in_(UNCLAIMED))
        .values(
            status="claimed",
            claimed_by_id=responder.id,
            claimed_at=now,
            escalation_token=None,
            next_escalation_at=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    _refresh(session, case)
    if not won:
        if case.status == "closed":
            return Outcome(False, "closed", case)
        if case.claimed_by_id == responder.id:
            return Outcome(False, "already_yours", case)
        return Outcome(False, "taken", case, other=_name(session, case.claimed_by_id))
    holders = set(
        session.scalars(
            select(Offer.responder_id).where(
                Offer.case_id == case.id,
                Offer.status == "open",
                Offer.responder_id != responder.id,
            )
        )
    )
    session.execute(
        update(Offer)
        .where(Offer.case_id == case.id, Offer.status == "open")
        .values(
            status=_case_when_mine(responder.id),
            responded_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    record(
        session,
        case,
        now,
        "claimed",
        actor=responder.name,
        responder_id=responder.id,
        responder=responder.name,
    )
    for other_id in sorted(holders):
        text_responder(
            session,
            other_id,
            f"Case {case.code} was taken by {responder.name}. Thanks, nothing more to do.",
            purpose="offer_taken",
            idempotency_key=f"taken:{case.id}:{other_id}",
            case_id=case.id,
            now=now,
        )
    arm_reminder(session, case, settings)
    return Outcome(True, "claimed", case)


def _case_when_mine(responder_id: int) -> ColumnElement[str]:
    return sql_case((Offer.responder_id == responder_id, "claimed"), else_="taken")


def pass_case(session: Session, case: Case, responder: Responder, now: datetime) -> Outcome:
    """Decline an open offer; if nobody in this round still holds one, escalate at once."""
    if case.status not in UNCLAIMED:
        return Outcome(False, "closed" if case.status == "closed" else "not_open", case)
    passed = session.execute(
        update(Offer)
        .where(
            Offer.case_id == case.id,
            Offer.responder_id == responder.id,
            Offer.status == "open",
        )
        .values(status="passed", responded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not passed:
        return Outcome(False, "no_offer", case)
    record(session, case, now, "passed", actor=responder.name, responder_id=responder.id)
    escalate_if_no_one_holds_it(session, case, now, reason="passed")
    return Outcome(True, "passed", case)


def _holder_check(case: Case, responder: Responder, *, coordinators_too: bool) -> Outcome | None:
    if case.status == "closed":
        return Outcome(False, "closed", case)
    if case.claimed_by_id is None:
        if coordinators_too and is_coordinator(responder):
            return None
        return Outcome(False, "unclaimed", case)
    if case.claimed_by_id != responder.id and not (coordinators_too and is_coordinator(responder)):
        return Outcome(False, "not_yours", case)
    return None


def mark_contacted(session: Session, case: Case, responder: Responder, now: datetime) -> Outcome:
    """First contact made: the 24-48 h promise is met, the clock stops."""
    refused = _holder_check(case, responder, coordinators_too=False)
    if refused is not None:
        if refused.reason == "not_yours":
            return Outcome(False, "not_yours", case, other=_name(session, case.claimed_by_id))
        return refused
    changed = session.execute(
        update(Case)
        .where(
            Case.id == case.id,
            Case.status == "claimed",
            Case.claimed_by_id == responder.id,
            Case.contacted_at.is_(None),
        )
        .values(status="contacted", contacted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    _refresh(session, case)
    if not changed:
        return Outcome(False, "already_contacted", case)
    on_time = case.due_at is None or now <= case.due_at
    record(
        session,
        case,
        now,
        "contacted",
        actor=responder.name,
        responder_id=responder.id,
        on_time=on_time,
    )
    return Outcome(True, "contacted", case)


def add_note(
    session: Session, case: Case, responder: Responder, text: str, now: datetime
) -> Outcome:
    """A note on the timeline, by the claimer or a coordinator."""
    refused = _holder_check(case, responder, coordinators_too=True)
    if refused is not None and refused.reason != "closed":
        if refused.reason == "not_yours":
            return Outcome(False, "not_yours", case, other=_name(session, case.claimed_by_id))
        return refused
    text = text.strip()
    if not text:
        return Outcome(False, "empty", case)
    record(
        session,
        case,
        now,
        "note",
        actor=responder.name,
        text=text[:NOTE_LIMIT],
        responder_id=responder.id,
        source="sms",
    )
    return Outcome(True, "noted", case)


def close_case(
    session: Session,
    case: Case,
    responder: Responder,
    outcome: str,
    now: datetime,
    note: str = "",
) -> Outcome:
    """Close with one of ``OUTCOMES`` (by the claimer, or a coordinator at any time)."""
    refused = _holder_check(case, responder, coordinators_too=True)
    if refused is not None:
        if refused.reason == "not_yours":
            return Outcome(False, "not_yours", case, other=_name(session, case.claimed_by_id))
        return refused
    if outcome not in OUTCOMES:
        return Outcome(False, "outcome", case)
    conditions = [Case.id == case.id, Case.status != "closed"]
    if not is_coordinator(responder):
        conditions.append(Case.claimed_by_id == responder.id)
    changed = session.execute(
        update(Case)
        .where(*conditions)
        .values(
            status="closed",
            closed_at=now,
            outcome=outcome,
            escalation_token=None,
            next_escalation_at=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    _refresh(session, case)
    if not changed:
        return Outcome(False, "closed", case)
    session.execute(
        update(Offer)
        .where(Offer.case_id == case.id, Offer.status == "open")
        .values(status="closed", responded_at=now)
        .execution_options(synchronize_session=False)
    )
    record(
        session,
        case,
        now,
        "closed",
        actor=responder.name,
        text=note.strip()[:NOTE_LIMIT] or None,
        outcome=outcome,
        responder_id=responder.id,
    )
    disarm_escalation(case)
    return Outcome(True, "closed", case)


def person_contact(session: Session, case: Case) -> tuple[str | None, bool]:
    """The person's phone number and whether we may text it (partners say so explicitly)."""
    details = case_details(case)
    if case.contact_id is not None:
        contact = session.get(Contact, case.contact_id)
        if contact is not None:
            return contact.phone, contact.opted_out_at is None
    phone = details.get("phone")
    return (str(phone) if phone else None), bool(details.get("consent_to_text"))
