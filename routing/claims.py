"""What is done to a case: claim, pass, hand back, reassign, mark contacted, note, close.

The one place a case's state changes, whoever changes it: a responder by SMS command, or a
staff member from the admin (a ``Staff`` actor; the admin has checked their role, so the
claimer-or-coordinator rules do not apply to them). Every change of status is one conditional
UPDATE that only matches a case still in the state the change expects, so two responders (or a
responder and an admin) can never both win; the rowcount says who did. Results are plain data;
``routing.commands`` and ``hotline.case_actions`` turn them into replies and messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from models import Case, CaseEvent, Contact, Message, Offer, Responder
from routing import runtime
from routing.case_language import (
    speakers_holding_offers,
    speaks_case_language,
    tell_coordinators_of_claim,
)
from routing.closed_by_others import DELETE_THE_NUMBER, tell_holder_of_close
from routing.escalation import (
    NOT_ARRIVING,
    UNCLAIMED,
    arm_reminder,
    disarm_escalation,
    escalate_if_no_one_holds_it,
    is_about_responder,
    lock_case,
    record,
    route_again,
    tell_coordinators,
    tell_coordinators_of_held_cases,
)
from routing.holder_notices import told_fields
from routing.intake import case_details, partner_cases_for
from routing.matching import COORDINATOR, POLICE
from routing.offers import queue_to_responder, text_responder
from routing.officer_claims import fear_told_to_officer, tell_coordinators_of_officer_claim
from routing.same_person import other_open_cases, tell_holders_of_same_person
from routing.sending import SENDABLE

if TYPE_CHECKING:
    from hotline.config import Settings

NOTE_LIMIT = 4000
HELD = ("claimed", "contacted")
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
# Outcomes that mean someone spoke with the person. By SMS, a case nobody marked CONTACTED
# does not close with one of them (``close_case``): a "no answer" followed by "connected" would
# count the person reached on nobody's word. Staff, whose confirm page says so, may: the case
# then counts as reached at its close, later than the contact, never earlier.
REACHED_OUTCOMES = frozenset(
    {
        "safety_plan",
        "connected_to_services",
        "naloxone_provided",
        "family_supported",
        "declined",
        "referred_elsewhere",
    }
)


@dataclass(frozen=True)
class Staff:
    """A staff member acting from the admin, named by the label the audit log uses."""

    label: str


# Who changes a case: a responder (claimer or coordinator) or a staff member.
Actor = Responder | Staff


@dataclass(frozen=True)
class Outcome:
    """What happened: ``ok`` and a machine-readable ``reason`` for the reply to explain."""

    ok: bool
    reason: str
    case: Case | None = None
    other: str | None = None  # the other responder's name, when someone else has the case
    # Those who speak the person's language and hold an open offer, when a claim asks first.
    speakers: tuple[str, ...] = ()
    # False when a claim by someone who does not speak the person's language reached no
    # other coordinator, so its claimer is told not to count on one.
    coordinators_told: bool = True
    # The person's other open cases, looked up once by a claim: its holders are told, and so
    # is the claimer.
    others: tuple[Case, ...] = ()


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


def _unclaimed_offered(
    session: Session, *offer_filters: Any, case_filters: tuple[Any, ...] = ()
) -> list[Case]:
    """Unclaimed cases with an offer that meets ``offer_filters``, oldest first."""
    return list(
        session.scalars(
            select(Case)
            .where(
                Case.id.in_(select(Offer.case_id).where(*offer_filters)),
                Case.status.in_(UNCLAIMED),
                *case_filters,
            )
            .order_by(Case.created_at, Case.id)
        )
    )


def open_offers(session: Session, responder: Responder) -> list[Case]:
    """Unclaimed cases with an open offer to this responder, oldest first."""
    return _unclaimed_offered(session, Offer.responder_id == responder.id, Offer.status == "open")


def claimable_by_coordinator(session: Session, responder: Responder) -> list[Case]:
    """Unclaimed cases a coordinator may CLAIM without an offer (as coordinators are told
    "Reply CLAIM" of a case handed back), but not those of their own open offers; never a
    peers-only case for a police officer, nor one about their own number. Oldest first."""
    if not is_coordinator(responder):
        return []
    offered = select(Offer.case_id).where(
        Offer.responder_id == responder.id, Offer.status == "open"
    )
    police = POLICE in (responder.roles or ())
    waiting = session.scalars(
        select(Case)
        .where(
            Case.status.in_(UNCLAIMED),
            Case.id.not_in(offered),
            *((Case.peers_only.is_(False),) if police else ()),
        )
        .order_by(Case.created_at, Case.id)
    )
    return [case for case in waiting if not is_about_responder(session, case, responder)]


# How an offer ends that leaves the case still the responder's to CLAIM by its code: withdrawn
# when their shift ended or they texted OFF ("closed" on a case still unclaimed), or passed.
LAPSED = ("closed", "passed")


def lapsed_offers(session: Session, responder: Responder, since: datetime) -> list[Case]:
    """Unclaimed cases whose offer to this responder lapsed (``LAPSED``) since ``since`` and
    that they may still claim (never a peers-only case for a police officer), oldest first."""
    police = POLICE in (responder.roles or ())
    return _unclaimed_offered(
        session,
        Offer.responder_id == responder.id,
        Offer.status.in_(LAPSED),
        Offer.responded_at >= since,
        case_filters=(Case.peers_only.is_(False),) if police else (),
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


def _actor_name(actor: Actor) -> str:
    return actor.label if isinstance(actor, Staff) else actor.name


def _may_act_on_any_case(actor: Actor) -> bool:
    return isinstance(actor, Staff) or is_coordinator(actor)


def _responder_id(actor: Actor) -> dict[str, int]:
    """The acting responder's id for a timeline line (staff are not responders)."""
    return {} if isinstance(actor, Staff) else {"responder_id": actor.id}


def _name(session: Session, responder_id: int | None) -> str:
    responder = session.get(Responder, responder_id) if responder_id else None
    return responder.name if responder else "another responder"


def _refresh(session: Session, case: Case) -> Case:
    session.refresh(case)
    return case


def _hold_refusal(
    session: Session, case: Case, responder: Responder
) -> tuple[Outcome | None, list[str]]:
    """Why ``responder`` may not hold ``case`` (it is about their own number, a police
    officer and a peers-only case, or no longer active), or None; and their roles.

    Read under a share lock on the responder's row: a deactivation or a change of roles in
    flight is waited out and seen, never raced (the release that came with it could not yet see
    the case change to them). A change that starts after waits for this transaction instead,
    and its release then finds the case.
    """
    locked = session.execute(
        select(Responder.active, Responder.roles)
        .where(Responder.id == responder.id)
        .with_for_update(read=True)
    ).one_or_none()
    active, roles = locked if locked is not None else (False, responder.roles)
    roles = list(roles or ())
    if is_about_responder(session, case, responder):
        # First: any other answer would tell them there is such a case.
        return Outcome(False, "own_number", case), roles
    if case.peers_only and POLICE in roles:
        return Outcome(False, "peers_only", case), roles
    if not active:
        return Outcome(False, "not_active", case), roles
    return None, roles


def _holdable_by(roles: list[str]) -> list[ColumnElement[bool]]:
    """What the case row must say, as the UPDATE finds it, for a holder with these roles: a
    police officer only ever gets a case that is not peers only. The person's "no police" may
    commit after ``_hold_refusal`` read the case; the UPDATE waits for its row lock and reads
    it again, so the refusal is never raced."""
    return [Case.peers_only.is_(False)] if POLICE in roles else []


def claim_case(
    session: Session,
    case: Case,
    responder: Responder,
    now: datetime,
    settings: Settings,
    by: Staff | None = None,
    *,
    confirmed: bool = True,
) -> Outcome:
    """The first claim wins; the others who held an offer are told who took it.

    ``by``: a staff member claiming it on the responder's behalf from the admin (where the
    coordinator confirms a responder who does not speak the person's language).
    ``confirmed``: False for a claim by text not yet confirmed with YES, which asks first: a
    police officer's, once the person said police scare them (``ask_police_fear``), and one
    by someone who does not speak the person's language while someone who does holds an open
    offer (``ask_language``). Claimed anyway, the coordinators are told.
    """
    refused, roles = _hold_refusal(session, case, responder)
    if refused is not None:
        return refused
    if case.status in UNCLAIMED and not (
        was_offered(session, case, responder) or COORDINATOR in roles
    ):
        if by is None:
            return Outcome(False, "not_offered", case)
        # Staff offer it to this responder first, so only someone offered a case ever claims
        # it, and the timeline shows the offer.
        _offer_now(session, case, responder, now)
    speaks = speaks_case_language(responder, case)
    feared = fear_told_to_officer(session, case, roles)
    if not confirmed and case.status in UNCLAIMED:
        speakers = (
            () if speaks else tuple(speakers_holding_offers(session, case, leave_out=responder.id))
        )
        # One YES answers both questions, so both are asked at once.
        if feared:
            return Outcome(False, "ask_police_fear", case, speakers=speakers)
        if speakers:
            return Outcome(False, "ask_language", case, speakers=speakers)
    won = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.status.in_(UNCLAIMED), *_holdable_by(roles))
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
        if case.peers_only and POLICE in roles:  # the person said "no police" meanwhile
            return Outcome(False, "peers_only", case)
        if case.claimed_by_id == responder.id:
            return Outcome(False, "already_yours", case)
        return Outcome(False, "taken", case, other=_name(session, case.claimed_by_id))
    # Only those who got the offer's text, or may have: "taken" about a case they never heard
    # of would only puzzle them.
    holders = {
        holder_id
        for holder_id, message_id in session.execute(
            select(Offer.responder_id, Offer.message_id).where(
                Offer.case_id == case.id,
                Offer.status == "open",
                Offer.responder_id != responder.id,
            )
        )
        if _offer_text_may_have_reached(session, message_id, now)
    }
    session.execute(
        update(Offer)
        .where(Offer.case_id == case.id, Offer.status == "open")
        .values(
            status=_case_when_mine(responder.id),
            responded_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    on_behalf = {} if by is None else {"on_behalf_of": responder.name, "via": "admin"}
    record(
        session,
        case,
        now,
        "claimed",
        actor=_actor_name(by or responder),
        responder_id=responder.id,
        responder=responder.name,
        **on_behalf,
    )
    for other_id in sorted(holders):
        text_responder(
            session,
            other_id,
            f"Case {case.code} was taken by {responder.name}. Thanks, nothing more to do.",
            purpose="offer_taken",
            # Per round: a case handed back and claimed again is news to that round's holders.
            idempotency_key=f"taken:{case.id}:{other_id}:{case.escalation_round}",
            case_id=case.id,
            now=now,
        )
    arm_reminder(session, case, settings)
    told = True
    if not speaks and by is None:
        told = tell_coordinators_of_claim(session, case, responder, now, settings)
    if feared and by is None:
        tell_coordinators_of_officer_claim(session, case, responder, now, settings)
    others = tuple(other_open_cases(session, case))
    tell_holders_of_same_person(session, case, responder, now, others)
    return Outcome(True, "claimed", case, coordinators_told=told, others=others)


def _offer_text_may_have_reached(session: Session, message_id: int | None, now: datetime) -> bool:
    """An offer's text was delivered, or its fate is not known yet (sending, or Twilio has it).
    False when it never went out (canceled, failed, undelivered) and when it still waits in
    our outbox (queued, or held back by Twilio to try again after a 429 or a 500): the claim
    cancels it now, as its send job would have (the offer is no longer open), unless that job
    is sending it at this moment. The send job claims a text with a conditional UPDATE too,
    so on the row one of the two wins and the other sees it.

    A text whose row a send job holds is left to it, never waited for: that job may be
    dropping it (the number opted out, the text expired) and then waits for this case's row
    to tell escalation, which the claim holds."""
    if message_id is None:
        return True  # no text on record to go by
    status = session.scalar(select(Message.status).where(Message.id == message_id))
    if status in SENDABLE:
        waiting = session.scalar(
            select(Message.id)
            .where(
                Message.id == message_id,
                Message.status.in_(SENDABLE),
                Message.sid.is_(None),
                Message.sent_at.is_(None),
            )
            .with_for_update(skip_locked=True)
        )
        if waiting is None:
            return True  # a send job has it at this moment, or took it since
        session.execute(
            update(Message)
            .where(Message.id == message_id)
            .values(status="canceled", status_at=now)
            .execution_options(synchronize_session=False)
        )
        return False
    return status is not None and status not in NOT_ARRIVING


def _offer_now(session: Session, case: Case, responder: Responder, now: datetime) -> None:
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


def _case_when_mine(responder_id: int) -> ColumnElement[str]:
    return sql_case((Offer.responder_id == responder_id, "claimed"), else_="taken")


def reassign_case(
    session: Session, case: Case, responder: Responder, by: Staff, now: datetime
) -> Outcome:
    """Hand a claimed case to another responder, keeping its first claim time (what the
    figures measure); the previous holder is told it is no longer theirs."""
    refused, roles = _hold_refusal(session, case, responder)
    if refused is not None:
        return refused
    previous = case.claimed_by_id
    moved = session.execute(
        update(Case)
        .where(
            Case.id == case.id,
            Case.status.in_(("claimed", "contacted")),
            Case.claimed_by_id == previous,
            or_(Case.claimed_by_id.is_(None), Case.claimed_by_id != responder.id),
            *_holdable_by(roles),
        )
        .values(claimed_by_id=responder.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    _refresh(session, case)
    if not moved:
        if case.peers_only and POLICE in roles:
            return Outcome(False, "peers_only", case)
        return Outcome(False, "not_moved", case)
    told: dict[str, Any] = {}
    if previous is not None:
        # A holder who opted out is not told now, nor if the text is held back at send time:
        # their START names it (``lost_while_away``, ``holder_notices``).
        message = queue_to_responder(
            session,
            previous,
            f"Case {case.code} was handed to another responder by the team. " + DELETE_THE_NUMBER,
            purpose="reassigned",
            idempotency_key=f"reassigned-from:{case.id}:{previous}:{now.isoformat()}",
            case_id=case.id,
            now=now,
        )
        told = told_fields("reassigned", message)
    record(
        session,
        case,
        now,
        "reassigned",
        actor=_actor_name(by),
        responder_id=responder.id,
        responder=responder.name,
        previous=previous,
        **told,
    )
    return Outcome(True, "reassigned", case)


def _end_open_offer(
    session: Session,
    case_id: int,
    responder_id: int,
    status: str,
    now: datetime,
    *only: ColumnElement[bool],
) -> bool:
    """Mark one responder's open offers of a case (those ``only`` picks) ``status``; False
    when there was none."""
    ended = session.execute(
        update(Offer)
        .where(
            Offer.case_id == case_id,
            Offer.responder_id == responder_id,
            Offer.status == "open",
            *only,
        )
        .values(status=status, responded_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(ended)


def pass_case(session: Session, case: Case, responder: Responder, now: datetime) -> Outcome:
    """Decline an open offer; if nobody in this round still holds one, escalate at once.

    Under the case's row lock, like every change to its escalation: when the last two holders
    pass at the same moment, the second sees the first's pass and moves the case on; and the
    token an escalation job has just written is read, never overwritten with a stale one.
    """
    case = lock_case(session, case.id) or case
    if case.status in HELD and case.claimed_by_id == responder.id:
        # Theirs: PASS cannot hand it back (RELEASE can, until the person is reached).
        reached = case.status == "contacted" or case.contacted_at is not None
        return Outcome(False, "contacted_stays" if reached else "held_by_you", case)
    if case.status not in UNCLAIMED:
        return Outcome(False, "closed" if case.status == "closed" else "not_open", case)
    if not _end_open_offer(session, case.id, responder.id, "passed", now):
        return Outcome(False, "no_offer", case)
    record(session, case, now, "passed", actor=responder.name, responder_id=responder.id)
    escalate_if_no_one_holds_it(session, case, now, reason="passed")
    return Outcome(True, "passed", case)


def _holder_check(
    session: Session, case: Case, actor: Actor, *, coordinators_too: bool
) -> Outcome | None:
    """Why ``actor`` may not act on ``case`` now, or None: staff and (when ``coordinators_too``)
    coordinators act on any open case, a responder only on a case they hold.

    Who is asking comes first, so "closed" (which a note may pass) is only ever the answer for
    someone entitled to the case; anyone else learns neither its state nor who holds it.
    """
    if not (isinstance(actor, Staff) or (coordinators_too and is_coordinator(actor))):
        if case.claimed_by_id is None and case.status != "closed":
            # "Reply CLAIM to take it" only to someone whose CLAIM could win: never to a
            # police officer on a peers-only case, nor to someone it was never offered to.
            may_claim = is_coordinator(actor) or (
                was_offered(session, case, actor)
                and not (case.peers_only and POLICE in (actor.roles or ()))
            )
            return Outcome(False, "unclaimed" if may_claim else "not_yours", case)
        if case.claimed_by_id != actor.id:
            return Outcome(False, "not_yours", case)
    if case.status == "closed":
        return Outcome(False, "closed", case)
    return None


def mark_contacted(
    session: Session, case: Case, actor: Actor, now: datetime, note: str = ""
) -> Outcome:
    """First contact made: the 24-48 h promise is met, the clock stops. ``note``: what the
    responder said with it, kept on the timeline.

    Under the case's row lock: a withdrawal by the person in flight is waited out and seen
    (the case is closed), never answered with "already marked contacted"."""
    case = lock_case(session, case.id) or case
    refused = _holder_check(session, case, actor, coordinators_too=False)
    if refused is not None:
        return refused
    conditions = [Case.id == case.id, Case.status != "closed", Case.contacted_at.is_(None)]
    if not isinstance(actor, Staff):
        conditions += [Case.status == "claimed", Case.claimed_by_id == actor.id]
    changed = session.execute(
        update(Case)
        .where(*conditions)
        .values(
            status="contacted", contacted_at=now, escalation_token=None, next_escalation_at=None
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    _refresh(session, case)
    if not changed:
        return Outcome(False, "already_contacted", case)
    on_time = case.due_at is None or now <= case.due_at
    _record_contact(session, case, actor, now, note=note, on_time=on_time)
    return Outcome(True, "contacted", case)


def _record_contact(
    session: Session, case: Case, actor: Actor, now: datetime, note: str = "", **data: Any
) -> None:
    record(
        session,
        case,
        now,
        "contacted",
        actor=_actor_name(actor),
        text=note.strip()[:NOTE_LIMIT] or None,
        **_responder_id(actor),
        **data,
    )


def add_note(session: Session, case: Case, actor: Actor, text: str, now: datetime) -> Outcome:
    """A note on the timeline, by the claimer, a coordinator or staff (closed cases too, by the
    same people)."""
    refused = _holder_check(session, case, actor, coordinators_too=True)
    if refused is not None and refused.reason != "closed":
        return refused
    text = text.strip()
    if not text:
        return Outcome(False, "empty", case)
    record(
        session,
        case,
        now,
        "note",
        actor=_actor_name(actor),
        text=text[:NOTE_LIMIT],
        **_responder_id(actor),
        source="admin" if isinstance(actor, Staff) else "sms",
    )
    return Outcome(True, "noted", case)


def close_refusal(session: Session, case: Case, actor: Actor) -> Outcome | None:
    """Why ``actor`` may not close ``case`` now, whatever the outcome, or None."""
    return _holder_check(session, case, actor, coordinators_too=True)


def close_case(
    session: Session,
    case: Case,
    actor: Actor,
    outcome: str,
    now: datetime,
    note: str = "",
    *,
    erased: bool = False,
) -> Outcome:
    """Close with one of ``OUTCOMES`` (by the claimer, or a coordinator or staff at any time);
    its open offers close with it. By SMS, an outcome that says someone reached the person
    only once someone marked it contacted ("not_reached"). Whoever holds it, if not the one
    closing it, is told (``routing.closed_by_others``; ``erased``: closed as the person is
    erased)."""
    refused = close_refusal(session, case, actor)
    if refused is not None:
        return refused
    if outcome not in OUTCOMES:
        return Outcome(False, "outcome", case)
    if not isinstance(actor, Staff) and outcome in REACHED_OUTCOMES and case.contacted_at is None:
        return Outcome(False, "not_reached", case)
    conditions = [Case.id == case.id, Case.status != "closed"]
    if not _may_act_on_any_case(actor):
        conditions.append(Case.claimed_by_id == actor.id)
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
    if outcome in REACHED_OUTCOMES and _reached_at_close(session, case, now):
        _record_contact(session, case, actor, now, at_close=True)
    # Closing leaves ``claimed_by_id`` as it was: read after the UPDATE, under the row lock the
    # close took, it is who held the case.
    closed_by = None if isinstance(actor, Staff) else actor.id
    told = tell_holder_of_close(session, case, closed_by, outcome, now, erased=erased)
    record(
        session,
        case,
        now,
        "closed",
        actor=_actor_name(actor),
        text=note.strip()[:NOTE_LIMIT] or None,
        outcome=outcome,
        **_responder_id(actor),
        **told,
    )
    disarm_escalation(case)
    return Outcome(True, "closed", case)


# How a case ends when the person withdraws their own request before anyone reached them
# (routing.withdrawals). Not one of ``OUTCOMES``: staff close a case, the person withdraws it.
WITHDRAWN = "withdrawn"


def withdraw_case(session: Session, case: Case, now: datetime) -> bool:
    """Close a (locked) case as withdrawn by the person, its open offers and timers with it,
    only while it is open and nobody has reached them: False, and nothing done, when someone
    marked contact (or closed it) first."""
    if not _set_if(
        session,
        case,
        and_(Case.status != "closed", Case.contacted_at.is_(None)),
        status="closed",
        closed_at=now,
        outcome=WITHDRAWN,
        escalation_token=None,
        next_escalation_at=None,
    ):
        return False
    session.execute(
        update(Offer)
        .where(Offer.case_id == case.id, Offer.status == "open")
        .values(status="closed", responded_at=now)
        .execution_options(synchronize_session=False)
    )
    disarm_escalation(case)
    return True


def _reached_at_close(session: Session, case: Case, now: datetime) -> bool:
    """Mark a case reached as it closes, unless someone marked CONTACTED first."""
    return _set_if(session, case, Case.contacted_at.is_(None), contacted_at=now)


def _set_if(session: Session, case: Case, condition: ColumnElement[bool], **values: Any) -> bool:
    """One conditional UPDATE of the case, read again after; True when the condition held."""
    changed = session.execute(
        update(Case)
        .where(Case.id == case.id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    _refresh(session, case)
    return bool(changed)


# The timeline's word that whoever has a referral's number said it is a wrong number.
WRONG_NUMBER = "wrong_number"


@dataclass(frozen=True)
class PersonContact:
    """The person's phone number, whether we may text it, and whether that is because they
    opted out of texts (rather than never agreeing to them, as a partner may say), or because
    whoever has the number said it is a wrong number (a referral's number)."""

    phone: str | None
    may_text: bool
    opted_out: bool = False
    wrong_number: bool = False


def person_contact(session: Session, case: Case) -> PersonContact:
    """How the claimer may reach the person (partners say explicitly whether texts are OK)."""
    details = case_details(case)
    if case.contact_id is not None:
        contact = session.get(Contact, case.contact_id)
        if contact is not None:
            # A number carriers told us takes no texts (a landline, say) can still be called.
            may_text = not contact.opted_out and contact.invalid_at is None
            wrong = contact.opted_out and has_wrong_number(session, case)
            return PersonContact(contact.phone, may_text, contact.opted_out, wrong)
    phone = details.get("phone")
    return PersonContact(str(phone) if phone else None, bool(details.get("consent_to_text")))


def has_wrong_number(session: Session, case: Case) -> bool:
    """Whoever has the case's number said it is a wrong number."""
    said = select(CaseEvent.id).where(CaseEvent.case_id == case.id, CaseEvent.kind == WRONG_NUMBER)
    return session.scalar(said.limit(1)) is not None


def release_responder_cases(
    session: Session, responder: Responder, now: datetime, settings: Settings, actor: str
) -> list[Case]:
    """Hand back to the team what ``responder`` may no longer hold: once they are deactivated,
    every case whose person nobody has reached yet; once they are a police officer, every
    peers-only case (the person's wish comes first).

    Each case handed back goes back into routing (a new round, a fresh token) and the
    coordinators are told; each open offer they hold closes, and a case nobody else holds
    moves on at once. A deactivated holder keeps a case whose person was already reached, as
    RELEASE would (``hand_back``): offering it to the team as if nobody had would be untrue, and
    the person has someone who knows them. The coordinators are told it stays with someone
    inactive, to reassign or close (``keep_reached_cases``).
    Safe to call after any roster change, and twice: it finds nothing the second time.
    """
    if not responder.active:
        reason, scope = "deactivated", []
        only_if = [Case.status == "claimed", Case.contacted_at.is_(None)]
    elif POLICE in (responder.roles or ()):
        reason, scope, only_if = "peers_only", [Case.peers_only.is_(True)], []
    else:
        return []
    held = session.scalars(
        select(Case.id)
        .where(Case.claimed_by_id == responder.id, Case.status.in_(HELD), *scope)
        .order_by(Case.id)
    ).all()
    released = [
        case
        for case_id in held
        if (
            case := _release(
                session, case_id, responder, now, settings, actor, reason, only_if=only_if
            )
        )
    ]
    if reason == "deactivated":
        keep_reached_cases(session, responder, now, settings, actor)
    offered = session.scalars(
        select(Offer.case_id)
        .join(Case, Case.id == Offer.case_id)
        .where(Offer.responder_id == responder.id, Offer.status == "open", *scope)
        .distinct()
        .order_by(Offer.case_id)
    ).all()
    for case_id in offered:
        case = lock_case(session, case_id)
        if case is not None:
            withdraw_offer(session, case, responder.id, now, actor, reason)
    return released


def keep_reached_cases(
    session: Session, responder: Responder, now: datetime, settings: Settings, actor: str
) -> list[Case]:
    """The cases a deactivated ``responder`` still holds (their person was already reached):
    each one's timeline says so and the coordinators are told, once per case and holder."""
    held = [
        case
        for case_id in session.scalars(
            select(Case.id)
            .where(Case.claimed_by_id == responder.id, Case.status.in_(HELD))
            .order_by(Case.id)
        ).all()
        if (case := lock_case(session, case_id)) is not None
        and case.status in HELD
        and case.claimed_by_id == responder.id
    ]
    told_before = {
        event.case_id
        for event in session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id.in_([case.id for case in held]),
                CaseEvent.kind == HOLDER_INACTIVE,
            )
        )
        if (event.data or {}).get("responder_id") == responder.id
    }
    news = [case for case in held if case.id not in told_before]
    if not news:
        return []
    told = tell_coordinators_of_held_cases(
        session,
        responder,
        news,
        now,
        settings,
        HOLDER_INACTIVE,
        lambda cases: holder_inactive_notice(responder, cases),
    )
    for case in news:
        record(
            session,
            case,
            now,
            HOLDER_INACTIVE,
            actor=actor,
            responder_id=responder.id,
            responder=responder.name,
            told=told[case.id],
        )
    return news


# The timeline's word (and the coordinators' text's purpose) for a case kept by a holder who
# was deactivated.
HOLDER_INACTIVE = "holder_inactive"


def holder_inactive_notice(responder: Responder, cases: list[Case]) -> str:
    """The coordinators' text: GSM-7, no person's details."""
    if len(cases) == 1:
        code = cases[0].code
        return (
            f"{responder.name} was deactivated. Case {code} stays with them: the person was "
            f"already reached. Reassign it in the admin, or reply CLOSE {code} and an outcome "
            "when done."
        )
    codes = ", ".join(case.code for case in cases)
    return (
        f"{responder.name} was deactivated. Cases {codes} stay with them: each person was "
        "already reached. Reassign them in the admin, or reply CLOSE, a code and an outcome "
        "when one is done."
    )


def withdraw_offer(
    session: Session,
    case: Case,
    responder_id: int,
    now: datetime,
    actor: str,
    reason: str,
    *only: ColumnElement[bool],
) -> bool:
    """Close one responder's open offer of a (locked) case (those ``only`` picks), say why on
    its timeline, and move the case on at once if nobody else holds it. False when they held
    none, so it is safe to run twice."""
    if not _end_open_offer(session, case.id, responder_id, "closed", now, *only):
        return False
    record(
        session,
        case,
        now,
        "offer_withdrawn",
        actor=actor,
        responder_id=responder_id,
        reason=reason,
    )
    escalate_if_no_one_holds_it(session, case, now, reason=reason)
    return True


# Who acts when the person themselves asks for no police, on the timeline.
THE_PERSON = "the person"


def open_cases_locked(
    session: Session, contact: Contact, also: Iterable[int] = ()
) -> Iterator[Case]:
    """Each open case of the person (and the cases ``also`` names), in id order, row-locked
    and re-read: one closed meanwhile is skipped."""
    linked = session.scalars(
        select(Case.id).where(Case.contact_id == contact.id, Case.status != "closed")
    ).all()
    for case_id in sorted({*linked, *also}):
        case = lock_case(session, case_id)
        if case is not None and case.status != "closed":
            yield case


def refuse_police(
    session: Session, contact: Contact, now: datetime, settings: Settings | None = None
) -> list[Case]:
    """The person asked for no police: remember it on their contact (later cases start peers
    only), and make every open case of theirs peers only now. Open offers to police officers
    are withdrawn, and a case a police officer holds goes back to the team, as when its holder
    becomes a police officer. Returns the cases that changed; safe to run twice.

    Each case is changed under its row lock with a conditional UPDATE: a CLAIM in flight either
    waits for this and sees the case peers only (``claim_case``), or wins first, and then this
    finds the case held by the officer and hands it back.
    """
    contact.refuses_police = True
    # A partner's referral made without consent to text is linked to no contact, but it is
    # the same person's case.
    unlinked = partner_cases_for(session, contact.phone, open_only=True) if contact.phone else []
    changed = []
    for case in open_cases_locked(session, contact, also=unlinked):
        if _set_if(session, case, Case.peers_only.is_(False), peers_only=True):
            record(
                session,
                case,
                now,
                "police_refused",
                actor=THE_PERSON,
                text="The person asked for no police: peers only from now on.",
            )
            changed.append(case)
        holder = session.get(Responder, case.claimed_by_id) if case.claimed_by_id else None
        if case.status in HELD and holder is not None and POLICE in (holder.roles or ()):
            settings = settings or runtime.current().settings
            _release(session, case.id, holder, now, settings, THE_PERSON, "peers_only")
        for officer_id in police_with_open_offers(session, case):
            withdraw_offer(session, case, officer_id, now, THE_PERSON, "peers_only")
    return changed


def police_with_open_offers(session: Session, case: Case) -> list[int]:
    """Police officers holding an open offer of the case, by id."""
    holders = session.execute(
        select(Responder.id, Responder.roles)
        .join(Offer, Offer.responder_id == Responder.id)
        .where(Offer.case_id == case.id, Offer.status == "open")
    ).all()
    return sorted({responder_id for responder_id, roles in holders if POLICE in (roles or ())})


def hand_back(
    session: Session,
    case: Case,
    responder: Responder,
    now: datetime,
    settings: Settings,
    why: str = "",
) -> Outcome:
    """The holder cannot follow up after all (called away, sick, shift over): the case goes
    back to the team as when a holder is deactivated (a new round, offered at once, Spanish
    speakers first, peers only kept; the first-contact deadline stays the person's), and they
    sit that round out. ``why``, their words, is kept on the timeline.

    Only a case they claimed and whose person nobody has reached yet: once someone has, the
    case stays with them, to note and close, or for a coordinator to reassign.
    """
    case = lock_case(session, case.id) or case
    refused = _release_refusal(session, case, responder)
    if refused is not None:
        return refused
    released = _release(
        session,
        case.id,
        responder,
        now,
        settings,
        responder.name,
        "handed_back",
        note=why,
        only_if=[Case.status == "claimed", Case.contacted_at.is_(None)],
    )
    if released is None:  # changed since it was read (SQLite takes no row lock)
        return _release_refusal(session, case, responder) or Outcome(False, "not_yours", case)
    return Outcome(True, "handed_back", released)


def _release_refusal(session: Session, case: Case, responder: Responder) -> Outcome | None:
    """Why ``responder`` may not hand ``case`` back, or None."""
    refused = _holder_check(session, case, responder, coordinators_too=False)
    if refused is not None and refused.reason == "unclaimed":
        # An offer they hold is theirs to PASS; anything else is simply not theirs.
        holding = session.scalar(
            select(Offer.id)
            .where(
                Offer.case_id == case.id,
                Offer.responder_id == responder.id,
                Offer.status == "open",
            )
            .limit(1)
        )
        return Outcome(False, "not_yours" if holding is None else "offer_not_claimed", case)
    if refused is not None:
        return refused
    if case.status != "claimed" or case.contacted_at is not None:
        return Outcome(False, "contacted_stays", case)
    return None


RELEASE_WHY = {
    "deactivated": "was deactivated",
    "peers_only": "is a police officer and the person asked for peers only",
    "handed_back": "handed it back",
}


def _release(
    session: Session,
    case_id: int,
    responder: Responder,
    now: datetime,
    settings: Settings,
    actor: str,
    reason: str,
    note: str = "",
    only_if: Iterable[ColumnElement[bool]] = (),
) -> Case | None:
    """Take one case back from ``responder`` and route it again; None if it is no longer theirs
    (or ``only_if`` no longer holds). ``note``: what they said about it, for the timeline."""
    case = lock_case(session, case_id)
    if case is None:
        return None
    offered_before = was_offered_to_anyone(session, case)
    moved = session.execute(
        update(Case)
        .where(
            Case.id == case.id,
            Case.status.in_(HELD),
            Case.claimed_by_id == responder.id,
            *only_if,
        )
        .values(
            status="offered" if offered_before else "new",
            claimed_by_id=None,
            # The reminder went to the previous holder; whoever claims it next gets their own.
            reminder_sent_at=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    _refresh(session, case)
    if not moved:
        return None
    why = RELEASE_WHY[reason]
    said = note.strip()[:NOTE_LIMIT]
    told: dict[str, Any] = {}
    if reason == "peers_only":
        # A holder who opted out is not told now, nor if the text is held back at send time:
        # their START names it (``lost_while_away``, ``holder_notices``).
        message = queue_to_responder(
            session,
            responder.id,
            # One segment: don't contact them, and the number off the officer's phone.
            f"Case {case.code} asked for peer responders only (no police), so it goes to a "
            "peer. Please do not contact the person, and delete their number from your phone.",
            purpose="released",
            idempotency_key=f"released:{case.id}:{responder.id}:{now.isoformat()}",
            case_id=case.id,
            now=now,
        )
        told = told_fields("released", message)
    record(
        session,
        case,
        now,
        "released",
        actor=actor,
        text=f"{responder.name} {why}: the case goes back to the team."
        + (f" Reason: {said}" if said else ""),
        responder_id=responder.id,
        responder=responder.name,
        reason=reason,
        **told,
    )
    handed_back = reason == "handed_back"
    reached = " First contact was already made." if case.contacted_at is not None else ""
    offered = route_again(
        session,
        case,
        now,
        settings,
        handed_back_by=responder.id if handed_back else None,
        coordinator_news=f"It was {responder.name}'s, who {why}.{reached}",
    )
    tell_coordinators(
        session,
        case,
        now,
        settings,
        "released",
        f"Case {case.code} was {responder.name}'s, who {why}. It is being offered to the team "
        f"again.{reached} Reply CLAIM {case.code} to take it.",
        occasion=f":{case.escalation_round}",
        # A coordinator handing back their own case has their answer already.
        leave_out=responder.id if handed_back else None,
        told_already=offered,
    )
    return case


def was_offered_to_anyone(session: Session, case: Case) -> bool:
    return session.scalar(select(Offer.id).where(Offer.case_id == case.id).limit(1)) is not None
