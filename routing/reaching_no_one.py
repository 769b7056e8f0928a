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

import json
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from models import Case, Contact, Offer, Responder
from models.crypto import lookup_hashes
from routing.matching import COORDINATOR, POLICE, allowed
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
    texted: they are never told of it; nor is a coordinator told of a case about their own
    number. Asked in a fixed number of queries however many cases wait: the cases page asks
    on every load."""
    roster = load_roster(session, now)
    by_id = {entry.responder_id: entry for entry in roster}
    textable = textable_coordinators(roster)
    reachable = {entry.responder_id for entry in roster if entry.reachable}
    waiting = session.scalars(
        select(Case)
        .options(defer(Case.details))
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
    unheld = [case for case in waiting if not holding.get(case.id, set()) & reachable]
    if not textable or not unheld:
        return unheld
    numbers = _coordinator_numbers(session, textable)
    # Who each case may go to but for a number given in its details: only those are read.
    open_to = {
        case.id: [rid for rid in textable if _may_go_to(by_id[rid], numbers[rid], case)]
        for case in unheld
    }
    phones = _phones_given(session, [case.id for case in unheld if open_to[case.id]])
    return [
        case
        for case in unheld
        if all(numbers[rid].phone_hash in phones.get(case.id, ()) for rid in open_to[case.id])
    ]


class _Number(NamedTuple):
    contact_id: int | None
    phone_hash: str | None


def _may_go_to(entry: RosterEntry, number: _Number, case: Case) -> bool:
    """``routing.matching.allowed``, but for the number a partner gave: no police officer on a
    peers-only case, and never a case from the responder's own contact."""
    if case.peers_only and entry.has_role(POLICE):
        return False
    return case.contact_id is None or number.contact_id != case.contact_id


def _coordinator_numbers(session: Session, responder_ids: list[int]) -> dict[int, _Number]:
    """Each responder's contact and the keyed hash of its number."""
    rows = session.execute(
        select(Responder.id, Responder.contact_id, Contact.phone_hash)
        .outerjoin(Contact, Contact.id == Responder.contact_id)
        .where(Responder.id.in_(responder_ids))
    )
    return {row.id: _Number(row.contact_id, row.phone_hash) for row in rows}


def _phones_given(session: Session, case_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The lookup hashes of the number a partner gave in each case's details, where one was."""
    if not case_ids:
        return {}
    given: dict[int, tuple[str, ...]] = {}
    for case_id, details in session.execute(
        select(Case.id, Case.details).where(Case.id.in_(case_ids), Case.details.is_not(None))
    ):
        phone = json.loads(details).get("phone") if details else None
        if isinstance(phone, str) and phone:
            given[case_id] = lookup_hashes(phone)
    return given


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
