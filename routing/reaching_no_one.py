"""A case nobody is told about: the failure the hotline exists to prevent.

Coordinators are the last resort (``routing.matching.coordinators`` texts one off call or OFF
when none is on call), so a case reaches no one only when no coordinator can be texted at all
(every one opted out, flagged, or off the roster) and nobody on call holds an offer. Then:

- whoever leaves that way (STOP, or OFF as the last one on call) is told so in their one
  reply, while they can still undo it;
- each round that reaches no one says so on the case's timeline;
- the cases page warns of every such case until it is claimed or someone who can be texted
  holds an offer of it (a coordinator's START alone tells no one: the offer it brings does);
- an OFF that hands offers to no one says which, and that they may still be claimed;
- a case claimed by someone who cannot be texted, when no coordinator can be told, is named in
  the holder's STOP reply and warned of on the cases page: nobody can be told of it.

The texter's promise of contact stays: the case waits on the cases page, the deadline and
breach notices and the still-trying text follow it, and the warning names it to staff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Offer, Responder
from routing.matching import COORDINATOR, allowed
from routing.oncall import RosterEntry, load_roster, on_call_at

if TYPE_CHECKING:
    from hotline.config import Settings
    from routing.matching import CaseFacts

UNCLAIMED = ("new", "offered")
HELD = ("claimed", "contacted")
# Offers that told nobody: their text never went, or the holder's own handing back.
TOLD_NOBODY = ("undelivered", "handed_back")


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
    coordinator can be texted either, or when their round reached no one and nobody has been
    offered them since (a coordinator back by START hears of one only when its offer is made):
    nobody is hearing of them. Oldest first.

    A case whose person asked for peers only counts while only police coordinators can be
    texted: they are never told of it."""
    roster = load_roster(session, now)
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
    reachable = {entry.responder_id for entry in roster if entry.reachable}
    return [
        case
        for case in waiting
        if not holding.get(case.id, set()) & reachable and _unheard(session, case, roster)
    ]


def _unheard(session: Session, case: Case, roster: list[RosterEntry]) -> bool:
    """Nobody who can be texted holding an offer of it: no coordinator may be told of it, or
    none has been offered it since its round reached no one."""
    from routing.escalation import case_facts

    if _reached_no_one_since_offered(session, case):
        return True
    return not _may_be_told(roster, case_facts(session, case))


def _holders(session: Session, case: Case) -> set[int]:
    """Who holds an open offer of the case."""
    return set(
        session.scalars(
            select(Offer.responder_id).where(Offer.case_id == case.id, Offer.status == "open")
        )
    )


def _may_be_told(roster: list[RosterEntry], facts: CaseFacts) -> bool:
    """A coordinator who can be texted may be told of the case."""
    by_id = {entry.responder_id: entry for entry in roster}
    return any(allowed(by_id[rid], facts) for rid in textable_coordinators(roster))


def _reached_no_one_since_offered(session: Session, case: Case) -> bool:
    """The case's last round that reached no one came after every offer of it that went out."""
    reached = session.scalar(
        select(func.max(CaseEvent.at)).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "reached_no_one"
        )
    )
    if reached is None:
        return False
    offered = session.scalar(
        select(func.max(Offer.created_at)).where(
            Offer.case_id == case.id, Offer.status.not_in(TOLD_NOBODY)
        )
    )
    return offered is None or _utc(offered) < _utc(reached)


def _utc(moment: datetime) -> datetime:
    """Aggregates come back without a zone on SQLite: both are UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def left_to_no_one(
    session: Session, cases: list[Case], leaving: int, now: datetime, settings: Settings
) -> list[Case]:
    """Of the cases whose offers ``leaving`` just gave up (OFF), those no one else will hear
    of: nobody else who can be texted holds an offer, nobody else on call may take it, and no
    coordinator can be texted."""
    from routing.escalation import case_facts

    roster = load_roster(session, now)
    by_id = {entry.responder_id: entry for entry in roster}
    reachable = {entry.responder_id for entry in roster if entry.reachable} - {leaving}
    on_call = others_on_call(roster, now, settings.timezone, leave_out=leaving)
    left = []
    for case in cases:
        if _holders(session, case) & reachable:
            continue
        facts = case_facts(session, case)
        if any(allowed(by_id[rid], facts) for rid in on_call) or _may_be_told(roster, facts):
            continue
        left.append(case)
    return left


def left_to_no_one_sentence(cases: list[Case]) -> str:
    """The OFF reply's line for offers it hands to no one: they may still be claimed."""
    codes = ", ".join(case.code for case in cases)
    if len(cases) == 1:
        return f"Case {codes} will reach no one: you can still CLAIM {codes}."
    return f"Cases {codes} will reach no one: you can still CLAIM them."


def held_cases_no_one_hears_of(session: Session, now: datetime) -> list[Case]:
    """Open cases claimed by someone who cannot be texted (opted out, number refused, off
    the roster) when no coordinator who may be told of them can be texted either: nobody can
    be told of them, their holder included. Oldest first."""
    from routing.escalation import case_facts

    roster = load_roster(session, now)
    reachable = {entry.responder_id for entry in roster if entry.reachable}
    held = session.scalars(select(Case).where(Case.status.in_(HELD)).order_by(Case.id)).all()
    return [
        case
        for case in held
        if case.claimed_by_id not in reachable
        and not _may_be_told(roster, case_facts(session, case))
    ]


def held_cases_sentence(session: Session, responder: Responder, now: datetime) -> str:
    """For the reply to a STOP (already applied): the cases they hold that nobody can be
    told of now. "" when they hold none, or a coordinator can be told."""
    held = [
        case
        for case in held_cases_no_one_hears_of(session, now)
        if case.claimed_by_id == responder.id
    ]
    codes = ", ".join(case.code for case in held)
    if not held:
        return ""
    if len(held) == 1:
        return f"You hold case {codes}: no one can be told of it while you're off our texts."
    return f"You hold cases {codes}: no one can be told of them while you're off our texts."


def reaching_no_one_banner(session: Session, now: datetime) -> list[str]:
    """The cases page's warnings, a line each: none when every waiting case can reach
    someone and every held case has someone who can be told of it."""
    lines = []
    count = len(cases_reaching_no_one(session, now))
    if count:
        which = "1 new case has" if count == 1 else f"{count} new cases have"
        lines.append(
            f"{which} reached no one: nobody who can be texted holds an offer, and no "
            "coordinator could be texted (opted out with STOP, or off the roster). Claim or "
            "assign them here, or ask a coordinator to text START."
        )
    held = held_cases_no_one_hears_of(session, now)
    if held:
        which = "1 claimed case is" if len(held) == 1 else f"{len(held)} claimed cases are"
        codes = ", ".join(case.code for case in held)
        lines.append(
            f"{which} held by someone who cannot be texted, and no coordinator can be told of "
            f"them: {codes}. Reassign them here, or ask the holder to text START."
        )
    return lines


def round_reached_no_one(session: Session, case: Case, now: datetime) -> bool:
    """Nobody on the roster can be told of ``case`` now: no coordinator it may go to can be
    texted (who is on call was already tried by the round)."""
    from routing.escalation import case_facts

    roster = load_roster(session, now)
    facts = case_facts(session, case)
    textable = set(textable_coordinators(roster))
    return not any(allowed(entry, facts) for entry in roster if entry.responder_id in textable)
