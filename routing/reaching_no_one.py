"""A case nobody is told about: the failure the hotline exists to prevent.

Coordinators are the last resort (``routing.matching.coordinators`` texts one off call or OFF
when none is on call), so a case reaches no one only when no coordinator can be texted at all
(every one opted out, flagged, or off the roster) and nobody on call holds an offer. Then:

- whoever leaves that way (STOP, or OFF as the last one on call) is told so in their one
  reply, while they can still undo it;
- each round that reaches no one says so on the case's timeline;
- the cases page warns of every such case until it is claimed or someone can be reached.

The texter's promise of contact stays: the case waits on the cases page, the deadline and
breach notices and the still-trying text follow it, and the warning names it to staff.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, Offer, Responder
from routing.matching import COORDINATOR, allowed
from routing.oncall import RosterEntry, load_roster, on_call_at

if TYPE_CHECKING:
    from hotline.config import Settings

UNCLAIMED = ("new", "offered")


def textable_coordinators(roster: list[RosterEntry]) -> list[int]:
    """Active coordinators whose number can be texted, on call or not: who the coordinator
    step falls back on."""
    return [
        entry.responder_id
        for entry in roster
        if entry.active and entry.reachable and entry.has_role(COORDINATOR)
    ]


def others_on_call(
    roster: list[RosterEntry], now: datetime, tz: str, leave_out: int | None = None
) -> list[int]:
    """Everyone else on call and textable at ``now``."""
    on_call = on_call_at(roster, now, tz)
    return [entry.responder_id for entry in on_call if entry.responder_id != leave_out]


def leaving_warning(
    session: Session, responder: Responder, now: datetime, settings: Settings, back: str
) -> str:
    """The sentence for the reply to a STOP or OFF that leaves no coordinator who can be
    texted: "" when one is left (a coordinator who is OFF still is), or when someone else is
    on call and the one leaving is no coordinator. Read after the STOP or OFF took effect.
    ``back`` is the word that undoes it (START, ON)."""
    roster = load_roster(session, now)
    if textable_coordinators(roster):
        return ""
    on_call = others_on_call(roster, now, settings.timezone, leave_out=responder.id)
    if COORDINATOR in (responder.roles or []):
        if on_call:
            return (
                "You are the last coordinator we can text: a case nobody on call takes will "
                f"reach no one until a coordinator is back. Text {back} to stay."
            )
        return (
            "You are the last coordinator we can text: new cases will reach no one until "
            f"someone is back on. Text {back} to stay."
        )
    if on_call:
        return ""
    return (
        "No coordinator can be texted and no one else is on call: new cases will reach no one "
        f"until someone is back on. Text {back} to stay."
    )


def cases_reaching_no_one(session: Session, now: datetime) -> list[Case]:
    """Unclaimed routed cases that no one who can be texted holds an offer of, when no
    coordinator can be texted either: nobody is hearing of them. Oldest first.

    A case whose person asked for peers only counts while only police coordinators can be
    texted: they are never told of it."""
    from routing.escalation import case_facts

    roster = load_roster(session, now)
    by_id = {entry.responder_id: entry for entry in roster}
    textable = textable_coordinators(roster)
    reachable = {entry.responder_id for entry in roster if entry.reachable}
    waiting = session.scalars(
        select(Case)
        .where(Case.status.in_(UNCLAIMED), Case.routed_at.is_not(None))
        .order_by(Case.id)
    ).all()
    if not waiting:
        return []
    holding: dict[int, set[int]] = {}
    for case_id, responder_id in session.execute(
        select(Offer.case_id, Offer.responder_id).where(
            Offer.status == "open", Offer.case_id.in_([case.id for case in waiting])
        )
    ):
        holding.setdefault(case_id, set()).add(responder_id)
    unheard = []
    for case in waiting:
        if holding.get(case.id, set()) & reachable:
            continue
        if textable and any(allowed(by_id[rid], case_facts(session, case)) for rid in textable):
            continue
        unheard.append(case)
    return unheard


def reaching_no_one_banner(session: Session, now: datetime) -> str:
    """The cases page's warning: "" when every waiting case can reach someone."""
    count = len(cases_reaching_no_one(session, now))
    if not count:
        return ""
    which = "1 new case has" if count == 1 else f"{count} new cases have"
    return (
        f"{which} reached no one: nobody on call holds an offer and no coordinator can be "
        "texted (opted out with STOP, or off the roster). Claim or assign them here, or ask a "
        "coordinator to text START."
    )


def round_reached_no_one(session: Session, case: Case, now: datetime) -> bool:
    """Nobody on the roster can be told of ``case`` now: no coordinator it may go to can be
    texted (who is on call was already tried by the round)."""
    from routing.escalation import case_facts

    roster = load_roster(session, now)
    facts = case_facts(session, case)
    textable = set(textable_coordinators(roster))
    return not any(allowed(entry, facts) for entry in roster if entry.responder_id in textable)
