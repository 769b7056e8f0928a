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
from typing import TYPE_CHECKING

from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from models import Case, Offer
from routing.claims import withdraw_offer
from routing.escalation import UNCLAIMED, lock_case
from routing.oncall import load_roster, on_call_at
from routing.policy import default_policy

if TYPE_CHECKING:
    from hotline.config import Settings

# Who withdraws an offer when a shift ends, on the timeline.
SYSTEM = "system"


def _open_offers_of_unclaimed_cases(column: ColumnElement[int]) -> Select[tuple[int]]:
    """``column`` of every open offer of a case nobody has claimed, once each."""
    return (
        select(column)
        .select_from(Offer)
        .join(Case, Case.id == Offer.case_id)
        .where(Offer.status == "open", Case.status.in_(UNCLAIMED))
        .distinct()
    )


def _coordinator_steps(case: Case) -> list[int]:
    policy = case.escalation_policy or default_policy()
    return [i for i, step in enumerate(policy["steps"]) if step.get("offer_to") == "coordinator"]


def withdraw_open_offers(
    session: Session, responder_id: int, now: datetime, actor: str, reason: str
) -> list[Case]:
    """Withdraw the responder's open offers of unclaimed cases made at a field step, each
    case under its row lock; the cases they were withdrawn from, oldest first. A case claimed
    or closed meanwhile is left alone: its claim already ended the offer."""
    case_ids = session.scalars(
        _open_offers_of_unclaimed_cases(Offer.case_id)
        .where(Offer.responder_id == responder_id)
        .order_by(Offer.case_id)
    ).all()
    withdrawn = []
    for case_id in case_ids:
        case = lock_case(session, case_id)
        if case is None or case.status not in UNCLAIMED:
            continue
        field_step = Offer.escalation_step.not_in(_coordinator_steps(case))
        if withdraw_offer(session, case, responder_id, now, actor, reason, field_step):
            withdrawn.append(case)
    return withdrawn


def _on_call_ids(session: Session, now: datetime, tz: str) -> set[int]:
    return {entry.responder_id for entry in on_call_at(load_roster(session, now), now, tz)}


def holders_off_call(session: Session, now: datetime, tz: str) -> list[int]:
    """Responders holding an open offer of an unclaimed case who are not on call at ``now``
    (their shift ended, an "off" override began, they texted OFF, or left the roster)."""
    holders = set(session.scalars(_open_offers_of_unclaimed_cases(Offer.responder_id)))
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
