"""Escalation and the 24-48 h clock: what routing does to a case, inside a caller's session.

Each case carries its frozen policy, where it stands (round, step) and one live
``escalation_token``. Every timer job carries the token it was armed with; under a row lock on
the case, a job whose token is no longer the live one does nothing. Arming a new timer
(escalating, a claim, a pass that leaves no one holding an offer) replaces the token, so stale
timers die quietly. ``next_escalation_at`` is the truth; ``routing.sweep`` re-arms from it when
Redis loses a scheduled job.

The jobs that call these functions live in ``routing.jobs``.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Contact, EscalationPolicy, Message, Offer, Responder
from models.crypto import lookup_hashes
from models.session import after_commit
from routing import runtime
from routing.intake import case_details
from routing.matching import (
    SHARED_LANGUAGE,
    CaseFacts,
    CoordinatorChoice,
    all_on_call,
    coordinators,
    in_their_language,
    match_responders,
    with_role,
)
from routing.offers import offer_case, text_responder
from routing.oncall import RosterEntry, load_roster, on_call_at
from routing.policy import (
    PACING_MINIMUM,
    EscalationStep,
    PolicyError,
    default_policy,
    next_escalation_step,
    slow_round,
    step_at,
    validate_policy,
)
from routing.reaching_no_one import round_reached_no_one
from routing.still_trying import tell_or_hold
from routing.times import local_time

if TYPE_CHECKING:
    from hotline.config import Settings

log = logging.getLogger(__name__)

UNCLAIMED = ("new", "offered")
# A timer may fire a little before its time (clocks differ between hosts): allow this much.
EARLY_GRACE = timedelta(seconds=5)


@dataclass(frozen=True)
class Recipients:
    """Who a step offers the case to, any coordinator left out because of peers only, and the
    language the step kept to (None when anyone it names may have the case)."""

    chosen: tuple[RosterEntry, ...]
    skipped_police: tuple[RosterEntry, ...] = ()
    language: str | None = None


def case_facts(session: Session, case: Case) -> CaseFacts:
    details = case_details(case)
    return CaseFacts(
        kind=case.kind,
        needs=tuple(str(n) for n in case.needs or ()),
        town=case.town,
        language=case.language,
        peers_only=case.peers_only,
        referral_type=details.get("referral_type"),
        about_responders=responders_whose_number(session, case.contact_id, details.get("phone")),
    )


def responders_whose_number(
    session: Session, contact_id: int | None, phone: object
) -> frozenset[int]:
    """The responders whose own number a case is about: a responder who asked for help from
    their phone, or whose number a partner referred (linked to their contact with consent to
    text; without it, the number is only in the case's details)."""
    same: list[ColumnElement[bool]] = []
    if contact_id is not None:
        same.append(Responder.contact_id == contact_id)
    if isinstance(phone, str) and phone:
        same.append(Contact.phone_hash.in_(lookup_hashes(phone)))
    if not same:
        return frozenset()
    return frozenset(
        session.scalars(
            select(Responder.id).join(Contact, Contact.id == Responder.contact_id).where(or_(*same))
        )
    )


def is_about_responder(session: Session, case: Case, responder: Responder) -> bool:
    """The case is about ``responder``'s own number (``responders_whose_number``, for one
    responder): it is never theirs to see in LIST, claim or be given."""
    if responder.contact_id is None:
        return False
    if case.contact_id == responder.contact_id:
        return True
    phone = case_details(case).get("phone")
    if not isinstance(phone, str) or not phone:
        return False
    own = session.get(Contact, responder.contact_id)
    return own is not None and own.phone_hash in lookup_hashes(phone)


def lock_case(session: Session, case_id: int) -> Case | None:
    """The case, re-read and row-locked until the transaction ends (PostgreSQL; SQLite writes
    one at a time anyway)."""
    return session.scalar(
        select(Case)
        .where(Case.id == case_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def record(
    session: Session,
    case: Case,
    now: datetime,
    kind: str,
    *,
    actor: str = "system",
    text: str | None = None,
    **data: Any,
) -> CaseEvent:
    """Add a line to the case's timeline."""
    event = CaseEvent(case_id=case.id, at=now, kind=kind, actor=actor[:64], text=text, data=data)
    session.add(event)
    return event


def current_policy(session: Session) -> dict[str, Any]:
    """The default policy from the database if one is marked default and valid, else built in."""
    row = session.scalar(
        select(EscalationPolicy)
        .where(EscalationPolicy.is_default.is_(True))
        .order_by(EscalationPolicy.id)
    )
    if row is None:
        return default_policy()
    try:
        return validate_policy(policy_of(row))
    except PolicyError:
        log.exception("escalation policy %s is unusable; using the built-in one", row.name)
        return default_policy()


def policy_of(row: EscalationPolicy) -> dict[str, Any]:
    """A saved policy as the plain dict routing follows (not yet validated)."""
    return {
        "name": row.name,
        "steps": row.steps,
        "repeat_minutes": row.repeat_minutes,
        **{key: getattr(row, key) for key in PACING_MINIMUM},
    }


# ---- timers --------------------------------------------------------------------------------


def arm_escalation(session: Session, case: Case, at: datetime) -> str:
    """Make a new live token and schedule the escalation job for it once this commits."""
    from routing.jobs import escalate_case

    token = secrets.token_hex(12)
    case.escalation_token, case.next_escalation_at = token, at
    case_id = case.id
    after_commit(
        session,
        lambda: runtime.current().queue.enqueue_at(
            at, escalate_case, case_id, token, queue="default", job_id=f"escalate-{case_id}-{token}"
        ),
    )
    return token


def disarm_escalation(case: Case) -> None:
    case.escalation_token, case.next_escalation_at = None, None


def reminder_at(case: Case, settings: Settings) -> datetime | None:
    if case.due_at is None:
        return None
    return case.due_at - timedelta(hours=settings.reminder_before_hours)


def arm_deadline_timers(session: Session, case: Case) -> None:
    """Check the first-contact deadline and the breach time when they come."""
    from routing.jobs import deadline_check

    case_id, due_at, breach_at = case.id, case.due_at, case.breach_at

    def schedule() -> None:
        queue = runtime.current().queue
        if due_at is not None:
            queue.enqueue_at(
                due_at, deadline_check, case_id, queue="default", job_id=f"deadline-{case_id}"
            )
        if breach_at is not None:
            queue.enqueue_at(
                breach_at, deadline_check, case_id, queue="default", job_id=f"breach-{case_id}"
            )

    after_commit(session, schedule)


def arm_reminder(session: Session, case: Case, settings: Settings) -> None:
    """Remind the claimer before the deadline (not when they claimed inside that window)."""
    from routing.jobs import remind_claimer

    at = reminder_at(case, settings)
    if at is None or (case.claimed_at is not None and case.claimed_at >= at):
        return
    case_id = case.id
    after_commit(
        session,
        lambda: runtime.current().queue.enqueue_at(
            at, remind_claimer, case_id, queue="default", job_id=f"remind-{case_id}"
        ),
    )


# ---- routing and escalation ------------------------------------------------------------------


def start_routing(session: Session, case_id: int, now: datetime, settings: Settings) -> bool:
    """Freeze the policy onto a new case, offer it at the first step, arm its timers.

    Does nothing for a case already routed, so the job and the sweep may both call it.
    """
    case = lock_case(session, case_id)
    if case is None or case.routed_at is not None:
        return False
    case.routed_at = now
    if case.status not in UNCLAIMED:
        return False  # taken in hand before routing got to it (e.g. assigned in the admin)
    policy = current_policy(session)
    case.escalation_policy = policy
    case.escalation_step, case.escalation_round = 0, 0
    record(session, case, now, "routed", policy=policy["name"])
    offer_current_step(session, case, now, settings)
    arm_deadline_timers(session, case)
    return True


def route_again(
    session: Session,
    case: Case,
    now: datetime,
    settings: Settings,
    handed_back_by: int | None = None,
    coordinator_news: str = "",
) -> set[int]:
    """Offer a case that went back to the team (its holder can no longer keep it) from the
    first step of a new round, so everyone may be offered it again; the new token leaves any
    earlier timer stale. The caller holds the row lock.

    ``coordinator_news`` (why it came back) goes into an offer made at a coordinator step, so
    that they get one text, not a notice and an offer at once. Returns who was offered it at a
    coordinator step (``coordinator_news`` included), whose offer could be texted.

    ``handed_back_by``: the responder who gave it back themselves, who sits this round out.
    Their line among the round's offers says so, and, as for anyone offered a case in a round,
    keeps them from being offered it again until the next round."""
    if case.escalation_policy is None:  # taken in hand before routing ever got to it
        case.escalation_policy = current_policy(session)
        case.escalation_step, case.escalation_round = 0, 0
    else:
        case.escalation_step, case.escalation_round = 0, case.escalation_round + 1
    if case.routed_at is None:
        case.routed_at = now
    record(
        session,
        case,
        now,
        "routed",
        policy=case.escalation_policy["name"],
        round=case.escalation_round,
    )
    if handed_back_by is not None:
        session.add(
            Offer(
                case_id=case.id,
                responder_id=handed_back_by,
                escalation_round=case.escalation_round,
                escalation_step=0,
                status="handed_back",
                created_at=now,
                responded_at=now,
            )
        )
        session.flush()
    made = offer_current_step(session, case, now, settings, coordinator_news=coordinator_news)
    arm_deadline_timers(session, case)
    policy = case.escalation_policy or default_policy()
    return {
        offer.responder_id
        for offer in made
        if offer.status == "open"
        and step_at(policy, offer.escalation_step, offer.escalation_round).offer_to == "coordinator"
    }


def escalate(session: Session, case_id: int, token: str, now: datetime, settings: Settings) -> bool:
    """Move an unclaimed case to its next step, if ``token`` is still the live one."""
    case = lock_case(session, case_id)
    if case is None or not token or case.escalation_token != token:
        return False
    if case.status not in UNCLAIMED:
        disarm_escalation(case)
        return False
    if case.next_escalation_at is not None and now < case.next_escalation_at - EARLY_GRACE:
        arm_escalation(session, case, case.next_escalation_at)
        return False
    policy = case.escalation_policy or default_policy()
    step = next_escalation_step(policy, case.escalation_step, case.escalation_round)
    if step.round != case.escalation_round and case.breached_at is not None:
        # Past the breach time the team is not offered it round after round any more: the
        # coordinators hear of it once a day (routing.daily_summary) until someone claims it.
        disarm_escalation(case)
        record(session, case, now, "rounds_stopped")
        return False
    case.escalation_step, case.escalation_round = step.step, step.round
    if not slow_round(policy, step.round):
        record(
            session,
            case,
            now,
            "escalated",
            step=step.step,
            round=step.round,
            offer_to=step.offer_to,
        )
    offer_current_step(session, case, now, settings)
    return True


def _field_step_after(policy: dict[str, Any]) -> bool:
    """The policy offers the case to field responders again after its first step."""
    return any(step.get("offer_to") != "coordinator" for step in policy["steps"][1:])


def recipients_for(
    step: EscalationStep,
    facts: CaseFacts,
    roster: list[RosterEntry],
    now: datetime,
    tz: str,
    *,
    others_later: bool = True,
    coordinators_on_call_only: bool = False,
) -> Recipients:
    """Who the step offers the case to. The first step of every round keeps to responders who
    speak the person's language when a later step offers it to the rest of the team
    (``others_later``); the coordinator step is the same whatever they speak. With
    ``coordinators_on_call_only`` (the slower rounds) it names only coordinators on call whom
    the person accepts, rather than any coordinator at all: they have all been told before.
    A police coordinator on call does not bring an off-shift peer one in for a peers-only
    case."""
    if step.offer_to == "matching":
        chosen = match_responders(facts, roster, now, tz)
    elif step.offer_to == "all_on_call":
        chosen = all_on_call(facts, roster, now, tz)
    elif step.role is not None:
        chosen = with_role(step.role, facts, roster, now, tz)
    else:
        choice = coordinators(facts, roster, now, tz)
        if coordinators_on_call_only:
            return Recipients(tuple(on_call_at(choice.chosen, now, tz)))
        return Recipients(choice.chosen, choice.skipped_police)
    if step.step == 0 and others_later and facts.language != SHARED_LANGUAGE:
        return Recipients(
            tuple(in_their_language(chosen, facts, roster, now, tz)), language=facts.language
        )
    return Recipients(tuple(chosen))


def offer_current_step(
    session: Session, case: Case, now: datetime, settings: Settings, coordinator_news: str = ""
) -> list[Offer]:
    """Offer the case at its current step and arm the wait that follows.

    When no one in this round holds an open offer after a step (nobody on call for it, or every
    number failed), waiting would only delay the person: go straight on to the next step. A
    round with no one at all waits ``repeat_minutes`` before trying again, and says so.

    A slower round (after the first ``slow_after_rounds``) writes one timeline line, and a run
    of them that reach nobody share one line: a case unclaimed all night does not fill its
    timeline with the same words every round.

    Who handed the case back this round is not on the roster for it at any step, the
    coordinator's included: a coordinator on call who hands a case back is not offered it
    again, and the step goes to the coordinators off call instead, as when none is on call.
    """
    policy = case.escalation_policy or default_policy()
    facts = case_facts(session, case)
    roster = _not_sitting_out(session, case, load_roster(session, now))
    slow = slow_round(policy, case.escalation_round)
    made: list[Offer] = []
    for _ in range(len(policy["steps"])):
        step = step_at(policy, case.escalation_step, case.escalation_round)
        recipients = _recipients_at(session, step, policy, case, facts, roster, now, settings)
        for skipped in () if slow else recipients.skipped_police:
            record(
                session,
                case,
                now,
                "coordinator_skipped",
                text=f"{skipped.name} was not offered the case: the person asked for peers only.",
                responder_id=skipped.responder_id,
                reason="peers_only",
            )
        chosen = [entry.responder_id for entry in recipients.chosen]
        if step.offer_to != "coordinator":
            # Anyone offered the case in this round (holding, passed, unreachable) is not
            # offered it again until the next round.
            offered = offered_this_round(session, case)
            chosen = [rid for rid in chosen if rid not in offered]
        # "Still unclaimed" only once somebody has already been offered it.
        seen_before = session.scalar(select(Offer.id).where(Offer.case_id == case.id).limit(1))
        news = coordinator_news if step.offer_to == "coordinator" else ""
        offers = offer_case(
            session, case, chosen, now, escalated=seen_before is not None, news=news
        )
        made += offers
        if offers and case.status == "new":
            case.status = "offered"
        if offers and not slow:
            record_offered(session, case, now, step, offers)
        if not recipients.chosen and not slow:
            kept_to = {"language": recipients.language} if recipients.language else {}
            record(
                session,
                case,
                now,
                "nobody_at_step",
                step=step.step,
                offer_to=step.offer_to,
                **kept_to,
            )
        if open_offer_holders(session, case):
            if slow:
                note_slow_round(session, case, now, made)
            arm_escalation(session, case, now + step.wait)
            return made
        following = next_escalation_step(policy, step.step, step.round)
        if following.round != step.round:
            break
        case.escalation_step = following.step
    last = step_at(policy, len(policy["steps"]) - 1, case.escalation_round)
    case.escalation_step = last.step
    if slow:
        note_slow_round(session, case, now, made)
    else:
        record(
            session,
            case,
            now,
            "no_responder",
            text=f"No one could be offered the case; trying again in {last.wait_minutes} minutes.",
        )
        if round_reached_no_one(session, case, now):
            # Not even a coordinator can be texted: the cases page warns of it meanwhile.
            record(session, case, now, "reached_no_one", round=case.escalation_round)
    arm_escalation(session, case, now + last.wait)
    return made


def _not_sitting_out(session: Session, case: Case, roster: list[RosterEntry]) -> list[RosterEntry]:
    """The roster without whoever handed the case back this round: at no step for it."""
    sitting_out = handed_back_this_round(session, case)
    return [entry for entry in roster if entry.responder_id not in sitting_out]


def _recipients_at(
    session: Session,
    step: EscalationStep,
    policy: dict[str, Any],
    case: Case,
    facts: CaseFacts,
    roster: list[RosterEntry],
    now: datetime,
    settings: Settings,
) -> Recipients:
    """Whom ``step`` of the case's policy names at ``now``, in its current round."""
    return recipients_for(
        step,
        facts,
        roster,
        now,
        settings.timezone,
        others_later=_field_step_after(policy),
        coordinators_on_call_only=coordinators_on_call_only(session, case, policy),
    )


def coordinators_on_call_only(session: Session, case: Case, policy: dict[str, Any]) -> bool:
    """The coordinator step names only coordinators on call: in the slower rounds, once a
    coordinator has been offered the case. Until then nobody at that step was ever told (all
    opted out, say, until one came back off shift), and every coordinator who can be texted
    is offered it, as in the first rounds."""
    if not slow_round(policy, case.escalation_round):
        return False
    steps = [i for i, step in enumerate(policy["steps"]) if step.get("offer_to") == "coordinator"]
    told = session.scalar(
        select(Offer.id)
        .where(
            Offer.case_id == case.id,
            Offer.escalation_step.in_(steps),
            Offer.status.not_in(("undelivered", "handed_back")),
        )
        .limit(1)
    )
    return told is not None


def step_naming(
    session: Session,
    case: Case,
    responder_id: int,
    roster: list[RosterEntry],
    now: datetime,
    settings: Settings,
) -> EscalationStep | None:
    """The first step of the case's current round, up to the one it has reached, that names
    ``responder_id`` at ``now`` as ``offer_current_step`` would choose: a step that passed
    them by while they were OFF or opted out. None when it names them at none, when they were
    offered the case this round already (or handed it back), or when the case is not in the
    rounds (unclaimed, routed, not past its breach time)."""
    if case.status not in UNCLAIMED or case.escalation_policy is None or case.routed_at is None:
        return None
    if case.breached_at is not None or responder_id in offered_this_round(session, case):
        return None
    policy = case.escalation_policy
    roster = _not_sitting_out(session, case, roster)
    facts = case_facts(session, case)
    for index in range(case.escalation_step + 1):
        step = step_at(policy, index, case.escalation_round)
        recipients = _recipients_at(session, step, policy, case, facts, roster, now, settings)
        if any(entry.responder_id == responder_id for entry in recipients.chosen):
            return step
    return None


def record_offered(
    session: Session,
    case: Case,
    now: datetime,
    step: EscalationStep,
    offers: list[Offer],
    **extra: Any,
) -> None:
    """The timeline line of a step's offers at the usual pace: to whom, and whose failed."""
    record(
        session,
        case,
        now,
        "offered",
        step=step.step,
        round=step.round,
        offer_to=step.offer_to,
        responder_ids=[offer.responder_id for offer in offers],
        undelivered=[o.responder_id for o in offers if o.status != "open"],
        **extra,
    )


def note_slow_round(session: Session, case: Case, now: datetime, offers: list[Offer]) -> None:
    """One timeline line per slower round: a later step of the round adds to its line, and a
    round that reached nobody joins the line of the quiet rounds just before it."""
    offered = [offer.responder_id for offer in offers]
    undelivered = [offer.responder_id for offer in offers if offer.status != "open"]
    round_ = case.escalation_round
    session.flush()
    last = session.scalar(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc()).limit(1)
    )
    if last is not None and last.kind == "slow_rounds":
        data = dict(last.data or {})
        same_round = data.get("last_round") == round_
        if same_round or not (offered or data.get("responder_ids")):
            data["last_round"] = round_
            data["rounds"] = data.get("rounds", 1) + (0 if same_round else 1)
            data["responder_ids"] = [*data.get("responder_ids", []), *offered]
            data["undelivered"] = [*data.get("undelivered", []), *undelivered]
            data["until"] = now.isoformat()
            last.data = data  # a new dict: the JSON column sees the change
            return
    record(
        session,
        case,
        now,
        "slow_rounds",
        first_round=round_,
        last_round=round_,
        rounds=1,
        responder_ids=offered,
        undelivered=undelivered,
        until=now.isoformat(),
    )


def offered_this_round(session: Session, case: Case, status: str | None = None) -> set[int]:
    """Responders offered the case in its current round (with an offer of ``status``)."""
    query = select(Offer.responder_id).where(
        Offer.case_id == case.id, Offer.escalation_round == case.escalation_round
    )
    if status is not None:
        query = query.where(Offer.status == status)
    return set(session.scalars(query))


def handed_back_this_round(session: Session, case: Case) -> set[int]:
    """Who handed the case back in its current round, sitting the round out."""
    return offered_this_round(session, case, "handed_back")


def open_offer_holders(session: Session, case: Case) -> set[int]:
    """Responders holding an open offer of this case in its current round."""
    return offered_this_round(session, case, "open")


def escalate_if_no_one_holds_it(session: Session, case: Case, now: datetime, reason: str) -> bool:
    """After a pass or a failed offer: if nobody in this round still holds an open offer, move
    on at once (a fresh token; the job runs as soon as this commits).

    Only within a round. At its last step the round keeps its timer (``repeat_minutes`` from
    when that step began), as when nobody could be offered the case at all: starting the next
    round at once would text the same unreachable numbers again at the speed of Twilio's
    status callbacks. The caller holds the row lock.
    """
    if case.status not in UNCLAIMED or case.routed_at is None:
        return False
    session.flush()
    if open_offer_holders(session, case):
        return False
    policy = case.escalation_policy or default_policy()
    step = step_at(policy, case.escalation_step, case.escalation_round)
    if next_escalation_step(policy, step.step, step.round).round != step.round:
        if case.breached_at is not None:
            return False  # past the breach no round starts: the morning summary has it
        if reason == "undelivered" and offer_past_failed(session, case, now):
            return False
        record(
            session,
            case,
            now,
            "no_responder",
            text="No one in this round holds the case; the next round starts on schedule.",
            reason=reason,
        )
        if case.escalation_token is None or case.next_escalation_at is None:
            arm_escalation(session, case, now + step.wait)
        return False
    record(session, case, now, "escalating_early", reason=reason)
    arm_escalation(session, case, now)
    return True


def roster_past(session: Session, now: datetime, failed: Collection[int]) -> list[RosterEntry]:
    """The roster without those whose texts about a case did not arrive: choosing from it
    reaches past them, to a coordinator off shift if need be, as when none is on call."""
    return [entry for entry in load_roster(session, now) if entry.responder_id not in failed]


def offer_past_failed(session: Session, case: Case, now: datetime) -> bool:
    """After an offer at a round's last step could not be texted: offer the step to whoever
    it names once those whose offers this round failed are left out. A coordinator on call
    whose phone is off (or whose number cannot take texts) so reaches past them to another
    coordinator, as when none is on call, rather than the case going to them alone round
    after round. Anyone offered it this round is not offered it again, so this ends once
    nobody new is named. True when someone now holds an open offer; the round keeps its
    timer. The caller holds the row lock."""
    settings = runtime.current().settings
    policy = case.escalation_policy or default_policy()
    step = step_at(policy, case.escalation_step, case.escalation_round)
    failed = set(
        session.scalars(
            select(Offer.responder_id).where(
                Offer.case_id == case.id,
                Offer.escalation_round == case.escalation_round,
                Offer.status == "undelivered",
            )
        )
    )
    roster = roster_past(session, now, failed)
    slow = slow_round(policy, case.escalation_round)
    recipients = recipients_for(
        step,
        case_facts(session, case),
        roster,
        now,
        settings.timezone,
        others_later=_field_step_after(policy),
        coordinators_on_call_only=coordinators_on_call_only(session, case, policy),
    )
    offered = offered_this_round(session, case)
    chosen = [e.responder_id for e in recipients.chosen if e.responder_id not in offered]
    offers = offer_case(session, case, chosen, now, escalated=True)
    if offers and not slow:
        record_offered(session, case, now, step, offers)
    elif offers:
        note_slow_round(session, case, now, offers)
    return bool(open_offer_holders(session, case))


def offer_undelivered(session: Session, message: Message, now: datetime) -> None:
    """The sending path reports an offer that will not arrive: mark it, and escalate at once
    if no one else in this round holds the case."""
    offer = session.scalar(select(Offer).where(Offer.message_id == message.id))
    if offer is None:
        return
    case = lock_case(session, offer.case_id)
    if case is None:
        return
    session.refresh(offer)  # as it stands under the lock, if another callback got there first
    if offer.status != "open":
        return  # a repeated callback: handled the first time
    offer.status, offer.responded_at = "undelivered", now
    record(
        session,
        case,
        now,
        "offer_undelivered",
        responder_id=offer.responder_id,
        error_code=message.error_code,
    )
    escalate_if_no_one_holds_it(session, case, now, reason="undelivered")


# ---- the 24-48 h clock ----------------------------------------------------------------------


def remind(session: Session, case_id: int, now: datetime, settings: Settings) -> bool:
    """Remind the claimer of the first-contact deadline, once, inside the reminder window."""
    case = lock_case(session, case_id)
    if case is None or case.status != "claimed" or case.claimed_by_id is None:
        return False
    if case.contacted_at is not None:  # reached already, by someone who then handed it back
        return False
    at = reminder_at(case, settings)
    if at is None or case.reminder_sent_at is not None or not at <= now < case.due_at:
        return False
    if case.claimed_at is not None and case.claimed_at >= at:
        return False
    # The reminder's moment is handled either way: neither the job nor the sweep tries again.
    case.reminder_sent_at = now
    hours_left = max(1, round((case.due_at - now).total_seconds() / 3600))
    due = local_time(case.due_at, settings.timezone)
    body = (
        f"Reminder: case {case.code} needs first contact by {due} (about {hours_left} h). "
        f"Text CONTACTED {case.code} once you reach them."
    )
    holder = session.get(Responder, case.claimed_by_id)
    if holder is not None and holder.active:
        sent = text_responder(
            session,
            holder.id,
            body,
            purpose="reminder",
            # Per holder: a case handed back and claimed again reminds its new holder too.
            idempotency_key=f"reminder:{case.id}:{holder.id}",
            case_id=case.id,
            now=now,
        )
        if sent:
            record(session, case, now, "reminder_sent", responder_id=holder.id)
            return True
        why = CANNOT_TAKE_TEXTS
    else:
        why = "who is no longer on the active roster"
    tell_reminder_failed(session, case, now, settings, why)
    return True


CANNOT_TAKE_TEXTS = "whose number cannot take texts"


def tell_reminder_failed(
    session: Session, case: Case, now: datetime, settings: Settings, why: str, **data: Any
) -> None:
    """The claimer will not hear of the deadline: a coordinator hears of it now rather than
    when it has passed."""
    record(session, case, now, "reminder_undelivered", responder_id=case.claimed_by_id, **data)
    assert case.due_at is not None
    due = local_time(case.due_at, settings.timezone)
    tell_coordinators(
        session,
        case,
        now,
        settings,
        "reminder_failed",
        f"Case {case.code} is claimed by {_name(session, case.claimed_by_id)}, {why}: the "
        f"reminder did not reach them. First contact is due by {due}, none recorded yet.",
        # Per claimer, as the reminder is: a later claimer's missed reminder is news too.
        occasion=f":{case.claimed_by_id}",
        # A coordinator holding the case would be told of their own unreachable phone.
        leave_out=case.claimed_by_id,
    )


def reminder_undelivered(session: Session, message: Message, now: datetime) -> None:
    """The sending path reports that a claimer's reminder will not arrive after all (their
    phone is off, 30003; a landline, 30006; the number is gone or opted out): the
    coordinators hear of it as when it could not be sent at all, while it is still news (the
    claimer still holds the case, no contact yet, the deadline ahead)."""
    from routing.sending import can_text

    if message.case_id is None:
        return
    holder = session.scalar(select(Responder.id).where(Responder.contact_id == message.contact_id))
    if holder is None or message.idempotency_key != f"reminder:{message.case_id}:{holder}":
        return
    case = lock_case(session, message.case_id)
    if case is None or case.status != "claimed" or case.claimed_by_id != holder:
        return
    if case.contacted_at is not None or case.due_at is None or now >= case.due_at:
        return
    # Flagged by now if Twilio's answer (or an opt-out while it waited) ruled the number out.
    number = session.get(Contact, message.contact_id)
    textable = number is not None and can_text(number)
    why = "whose phone could not be reached" if textable else CANNOT_TAKE_TEXTS
    settings = runtime.current().settings
    tell_reminder_failed(session, case, now, settings, why, error_code=message.error_code)


def check_deadline(session: Session, case_id: int, now: datetime, settings: Settings) -> list[str]:
    """At the first-contact deadline, tell the coordinator; at the breach time, flag the case.

    Returns what happened ("deadline", "breach"); nothing for a case already reached.
    """
    case = lock_case(session, case_id)
    if case is None or case.contacted_at is not None or case.status in ("contacted", "closed"):
        return []
    happened: list[str] = []
    if case.due_at is not None and now >= case.due_at and case.deadline_escalated_at is None:
        case.deadline_escalated_at = now
        record(session, case, now, "deadline_passed", claimed_by_id=case.claimed_by_id)
        tell_coordinators(session, case, now, settings, "deadline", _deadline_text(session, case))
        if case.status in UNCLAIMED:
            # Past the promised time and nobody has it: the person hears we are still trying.
            person = tell_or_hold(session, case, now, settings)
            if person == "told":
                record(session, case, now, "person_told")
            elif person not in (None, "held"):
                record(session, case, now, "person_not_told", reason=person)
        happened.append("deadline")
    if case.breach_at is not None and now >= case.breach_at and case.breached_at is None:
        case.breached_at = now
        hours = _breach_hours(case)
        record(
            session,
            case,
            now,
            "breached",
            text=f"No first contact within {hours} hours.",
            claimed_by_id=case.claimed_by_id,
        )
        tell_coordinators(session, case, now, settings, "breach", _breach_text(session, case))
        happened.append("breach")
    return happened


def _name(session: Session, responder_id: int | None) -> str:
    responder = session.get(Responder, responder_id) if responder_id else None
    return responder.name if responder else "a responder"


def _holder_text(session: Session, case: Case) -> str:
    if case.claimed_by_id is None:
        return f"Nobody has claimed it: reply CLAIM {case.code} to take it."
    return f"Claimed by {_name(session, case.claimed_by_id)}, no contact recorded yet."


def _after_breach(case: Case) -> str:
    if case.status not in UNCLAIMED:
        return ""
    return " From now on it is in a morning summary, not offered to the team each round."


def _deadline_text(session: Session, case: Case) -> str:
    return f"Case {case.code} passed its first-contact deadline. {_holder_text(session, case)}"


def _breach_hours(case: Case) -> int:
    assert case.breach_at is not None
    return round((case.breach_at - case.created_at).total_seconds() / 3600)


def _breach_text(session: Session, case: Case) -> str:
    return (
        f"Case {case.code} is past {_breach_hours(case)} h with no first contact and is flagged "
        f"as a breach. {_holder_text(session, case)}{_after_breach(case)}"
    )


# The coordinators' notices a failed text of is passed on to another coordinator (the
# morning summary's is in ``routing.daily_summary``), and what the timeline calls each.
PASSED_ON = ("deadline", "breach", "released", "reminder_failed")
NOTICE_NAMES = {
    "deadline": "deadline notice",
    "breach": "breach notice",
    "released": "notice that the case is back with the team",
    "reminder_failed": "notice that the reminder did not reach {holder}",
}
NOTICE_TEXTS = {"deadline": _deadline_text, "breach": _breach_text}
# A text in one of these will not reach its coordinator; any other may still.
NOT_ARRIVING = ("undelivered", "failed", "expired", "suppressed", "canceled")
# What follows a notice's "purpose:case:coordinator" key: the round a "released" notice
# belongs to (a case may come back to the team more than once), the claimer a
# "reminder_failed" notice is about; nothing for the others.
_WITH_OCCASION = ("released", "reminder_failed")
_OCCASION = re.compile(r":\d+")


def notice_undelivered(session: Session, message: Message, now: datetime) -> None:
    """The sending path reports that a coordinator's notice about a case will not arrive
    (their phone is off, 30003; or the number cannot take texts): unless another coordinator
    had it (or may still), or it is no longer news, tell a coordinator who has not been texted
    it yet, as the offer of a case reaches past a coordinator it could not be texted to
    (``roster_past``). Each is texted a notice once, so this ends when nobody new is left.
    The timeline says who was told instead."""
    if message.case_id is None or message.purpose not in PASSED_ON:
        return
    purpose = message.purpose
    failed = session.scalar(select(Responder.id).where(Responder.contact_id == message.contact_id))
    occasion = _occasion(message, failed)
    if failed is None or occasion is None:
        return  # not a coordinator's notice: the text a holder gets about their own case
    case = lock_case(session, message.case_id)
    if case is None:
        return
    body = _still_news(session, case, message, occasion, now)
    if body is None:
        return  # someone has the case in hand now: there is nothing to pass on
    session.flush()
    copies = [
        (responder_id, status)
        for responder_id, status, key in session.execute(
            select(Responder.id, Message.status, Message.idempotency_key)
            .join(Message, Message.contact_id == Responder.contact_id)
            .where(
                Message.case_id == case.id,
                Message.purpose == purpose,
                Message.direction == "out",
            )
        )
        if key == f"{purpose}:{case.id}:{responder_id}{occasion}"
    ]
    if any(status not in NOT_ARRIVING for _, status in copies):
        return  # another coordinator has it, or may yet
    texted = {responder_id for responder_id, _ in copies} | _heard_otherwise(session, case, purpose)
    told = [
        responder_id
        for responder_id in coordinators_past(session, case, now, texted)
        if text_responder(
            session,
            responder_id,
            body,
            purpose=purpose,
            idempotency_key=f"{purpose}:{case.id}:{responder_id}{occasion}",
            case_id=case.id,
            now=now,
        )
    ]
    notice = NOTICE_NAMES[purpose].format(holder=_name(session, case.claimed_by_id))
    note_passed_on(session, case, now, purpose, notice, failed, told)


def _occasion(message: Message, failed: int | None) -> str | None:
    """What follows "purpose:case:coordinator" in the key of a coordinator's notice; None
    for a text of the same purpose that is no such notice (its key is shaped otherwise)."""
    prefix = f"{message.purpose}:{message.case_id}:{failed}"
    key = message.idempotency_key or ""
    if failed is None or not key.startswith(prefix):
        return None
    rest = key[len(prefix) :]
    if message.purpose not in _WITH_OCCASION:
        return rest if rest == "" else None
    return rest if _OCCASION.fullmatch(rest) else None


def _still_news(
    session: Session, case: Case, message: Message, occasion: str, now: datetime
) -> str | None:
    """The words to pass a failed notice on in, or None once it is no longer news: the
    person was reached; a case back with the team was claimed (or went round again); a
    claimer who missed the reminder reached the person, or the deadline came (its own notice
    says the rest), or the claimer it is about handed the case back."""
    if case.contacted_at is not None or case.status in ("contacted", "closed"):
        return None
    if message.purpose in NOTICE_TEXTS:
        return NOTICE_TEXTS[message.purpose](session, case)
    if message.purpose == "released":
        current = case.status in UNCLAIMED and occasion == f":{case.escalation_round}"
    else:
        current = (
            case.status == "claimed"
            and occasion == f":{case.claimed_by_id}"
            and case.due_at is not None
            and now < case.due_at
        )
    return message.body if current else None


def _heard_otherwise(session: Session, case: Case, purpose: str) -> set[int]:
    """Who is not to be told a notice in place of a coordinator who could not be: for a case
    back with the team, anyone offered it this round (a coordinator offered it had the news
    in the offer, whose failure is passed on as an offer; who handed it back sits the round
    out); for a missed reminder, the claimer it is about."""
    if purpose == "released":
        return offered_this_round(session, case)
    if purpose == "reminder_failed" and case.claimed_by_id is not None:
        return {case.claimed_by_id}
    return set()


def coordinators_past(
    session: Session, case: Case, now: datetime, texted: Collection[int]
) -> list[int]:
    """The coordinators to tell of ``case`` in place of those ``texted`` already, whose texts
    did not arrive: as ``tell_coordinators`` chooses them, with those left off the roster
    (``roster_past``). Never a coordinator the case is about, nor a police coordinator when
    the person asked for peers only."""
    settings = runtime.current().settings
    roster = roster_past(session, now, texted)
    choice = coordinators(case_facts(session, case), roster, now, settings.timezone)
    return [entry.responder_id for entry in choice.chosen]


def note_passed_on(
    session: Session,
    case: Case,
    now: datetime,
    purpose: str,
    notice: str,
    failed: int | None,
    told: list[int],
) -> None:
    """The timeline line for a coordinator's notice that did not arrive: who was told instead,
    or that no other coordinator could be."""
    who = _name(session, failed)
    if not told:
        record(
            session,
            case,
            now,
            "no_coordinator",
            text=f"{who} could not be texted the {notice}, and no other coordinator can be.",
            purpose=purpose,
            responder_id=failed,
        )
        return
    names = _names(session, told)
    record(
        session,
        case,
        now,
        "notice_passed_on",
        text=f"{who} could not be texted the {notice}; {names} "
        f"{'was' if len(told) == 1 else 'were'} told instead.",
        purpose=purpose,
        responder_id=failed,
        responder_ids=told,
    )


def _names(session: Session, responder_ids: list[int]) -> str:
    names = [_name(session, responder_id) for responder_id in responder_ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def chosen_coordinators(
    session: Session, case: Case, now: datetime, settings: Settings, leave_out: int | None = None
) -> CoordinatorChoice:
    """The coordinators ``tell_coordinators`` texts about ``case`` (never ``leave_out``), and
    the police coordinators it skips."""
    roster = [entry for entry in load_roster(session, now) if entry.responder_id != leave_out]
    return coordinators(case_facts(session, case), roster, now, settings.timezone)


def tell_coordinators_of_held_cases(
    session: Session,
    holder: Responder,
    cases: Sequence[Case],
    now: datetime,
    settings: Settings,
    purpose: str,
    notice: Callable[[list[Case]], str],
) -> dict[int, bool]:
    """News of the cases ``holder`` still holds (they opted out, or were deactivated): one
    text per coordinator for all of them, but each case's coordinators chosen as for any news
    of it (never a police officer for a peers-only case), so cases whose choice differs go in
    texts of their own. Whether anyone was told, by case id."""
    alike: dict[tuple[tuple[int, ...], tuple[int, ...]], list[Case]] = {}
    for case in cases:
        choice = chosen_coordinators(session, case, now, settings, leave_out=holder.id)
        key = (
            tuple(entry.responder_id for entry in choice.chosen),
            tuple(entry.responder_id for entry in choice.skipped_police),
        )
        alike.setdefault(key, []).append(case)
    told: dict[int, bool] = {}
    for group in alike.values():
        reached = tell_coordinators(
            session,
            group[0],
            now,
            settings,
            purpose,
            notice(group),
            occasion=f":{holder.id}",
            leave_out=holder.id,
            also=group[1:],
        )
        told.update({case.id: reached for case in group})
    return told


def tell_coordinators(
    session: Session,
    case: Case,
    now: datetime,
    settings: Settings,
    purpose: str,
    body: str,
    occasion: str = "",
    leave_out: int | None = None,
    told_already: Collection[int] = (),
    also: Sequence[Case] = (),
) -> bool:
    """Text the coordinators (but ``leave_out``, and ``told_already``, who had the news in
    another text), once per ``purpose`` and ``occasion`` (for a purpose that can recur on one
    case); False (and a ``no_coordinator`` line) when nobody was told. ``also``: other cases
    the body speaks of, whose coordinators ``chosen_coordinators`` finds the same: their
    timelines get the same lines."""
    # Those told already are chosen with the rest: leaving them out first could reach past
    # them to coordinators not on call.
    choice = chosen_coordinators(session, case, now, settings, leave_out)
    for skipped in choice.skipped_police:
        for spoken_of in (case, *also):
            record(
                session,
                spoken_of,
                now,
                "coordinator_skipped",
                text=f"{skipped.name} was not told: the person asked for peers only.",
                responder_id=skipped.responder_id,
                reason="peers_only",
            )
    told = [
        entry.responder_id
        for entry in choice.chosen
        if entry.responder_id not in told_already
        and text_responder(
            session,
            entry.responder_id,
            body,
            purpose=purpose,
            idempotency_key=f"{purpose}:{case.id}:{entry.responder_id}{occasion}",
            case_id=case.id,
            now=now,
        )
    ]
    if not told and not told_already:
        # Nobody will read it: the timeline must say so, for whoever opens the case next.
        for spoken_of in (case, *also):
            record(session, spoken_of, now, "no_coordinator", purpose=purpose)
    return bool(told or told_already)
