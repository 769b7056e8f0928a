"""Offers held by responders who are no longer on call are withdrawn: at once when they text
OFF, and by the sweep once their shift ends (or an "off" override begins), so a case never
waits out an escalation step on someone who has gone.

Only offers made at a field step: the coordinator step reaches coordinators whether or not
they are on call (``routing.matching.coordinators``: a case must reach someone), so going off
call takes nothing from it. Each case changes under its row lock, as with PASS, and one that
nobody else holds moves on at once. Safe to run twice: a withdrawn offer is no longer open.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, Offer
from routing.claims import withdraw_offer
from routing.escalation import UNCLAIMED, lock_case
from routing.oncall import load_roster, on_call_at
from routing.policy import default_policy

if TYPE_CHECKING:
    from hotline.config import Settings

# Who withdraws an offer when a shift ends, on the timeline.
SYSTEM = "system"


def _coordinator_steps(policy: dict[str, Any] | None) -> list[int]:
    steps = (policy or default_policy())["steps"]
    return [i for i, step in enumerate(steps) if step.get("offer_to") == "coordinator"]


def _open_field_offers(session: Session, responder_id: int | None = None) -> set[tuple[int, int]]:
    """(responder, case) for every open offer made at a field step of a case nobody has
    claimed (of ``responder_id``'s alone if given): what going off call withdraws. Read
    without a lock, so a minute with only coordinator steps held locks nothing; each case is
    looked at again under its lock before anything changes."""
    query = (
        select(Offer.responder_id, Offer.case_id, Offer.escalation_step, Case.escalation_policy)
        .join(Case, Case.id == Offer.case_id)
        .where(Offer.status == "open", Case.status.in_(UNCLAIMED))
    )
    if responder_id is not None:
        query = query.where(Offer.responder_id == responder_id)
    return {
        (holder, case_id)
        for holder, case_id, step, policy in session.execute(query)
        if step not in _coordinator_steps(policy)
    }


def withdraw_open_offers(
    session: Session, responder_id: int, now: datetime, actor: str, reason: str
) -> list[Case]:
    """Withdraw the responder's open offers of unclaimed cases made at a field step, each
    case under its row lock; the cases they were withdrawn from, oldest first. A case claimed
    or closed meanwhile is left alone: its claim already ended the offer."""
    case_ids = sorted(case_id for _, case_id in _open_field_offers(session, responder_id))
    withdrawn = []
    for case_id in case_ids:
        case = lock_case(session, case_id)
        if case is None or case.status not in UNCLAIMED:
            continue
        field_step = Offer.escalation_step.not_in(_coordinator_steps(case.escalation_policy))
        if withdraw_offer(session, case, responder_id, now, actor, reason, field_step):
            withdrawn.append(case)
    return withdrawn


def _on_call_ids(session: Session, now: datetime, tz: str) -> set[int]:
    return {entry.responder_id for entry in on_call_at(load_roster(session, now), now, tz)}


def holders_off_call(session: Session, now: datetime, tz: str) -> list[int]:
    """Responders holding an open offer of an unclaimed case, made at a field step, who are not
    on call at ``now`` (their shift ended, an "off" override began, they texted OFF, or left
    the roster). A coordinator off shift who holds only the coordinator step is not among them:
    it stays theirs, and looking at it under a lock every minute would change nothing."""
    holders = {holder for holder, _ in _open_field_offers(session)}
    if not holders:
        return []
    return sorted(holders - _on_call_ids(session, now, tz))


def withdraw_if_off_call(
    session: Session, responder_id: int, now: datetime, settings: Settings
) -> list[Case]:
    """The sweep's step for one responder found off call: withdraw their open offers, unless
    they are back on call by the time this runs."""
    if responder_id in _on_call_ids(session, now, settings.timezone):
        return []
    return withdraw_open_offers(session, responder_id, now, SYSTEM, "off_call")
