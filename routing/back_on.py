"""A responder back on (ON, or START after STOP) is offered the waiting cases they may take at
once, rather than when the next round comes round (two hours on, in the slower rounds).

"May take": a step of the case's current round, up to the one it has reached, names them now
(``routing.escalation.step_naming``): the step that passed them by while they were off. A step
still to come reaches them in its time. The replies to ON and START say how many are waiting;
each is offered by its own job (``routing.jobs.offer_on_return``), which looks again under the
case's row lock and is safe to run twice: anyone offered a case in a round is not offered it
again in that round, but for an offer their STOP took back, which START gives back to them
while the case is still unclaimed and they are on call, and one their OFF took back, which ON
gives back alike. Only an ON that ends their OFF does: "OFF tonight" ending on its own in the
morning texts nobody, and an ON after that changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Offer, Responder
from models.session import after_commit
from routing import runtime
from routing.escalation import UNCLAIMED, lock_case, record, record_offered, step_naming
from routing.matching import POLICE
from routing.offers import offer_body, offer_case, responder_contact, send_offer
from routing.oncall import load_roster, on_call_at

if TYPE_CHECKING:
    from hotline.config import Settings

# Why an offer was taken back (the reason on its ``offer_withdrawn`` line), for the return that
# gives it back: START what STOP took, ON what OFF took.
BY_STOP = "opted_out"
BY_OFF = "off"
# The timeline's flag and the send key's word for each.
_GIVEN_BACK = {BY_STOP: ("after_stop", "after-stop"), BY_OFF: ("after_off", "after-off")}


def waiting_cases(
    session: Session, responder_id: int, now: datetime, settings: Settings
) -> list[Case]:
    """The unclaimed cases in the rounds whose current round passed the responder by, oldest
    first. Reads without locks: the job looks again under each case's lock."""
    roster = load_roster(session, now)
    if not any(entry.responder_id == responder_id for entry in roster):
        return []
    cases = session.scalars(
        select(Case)
        .where(
            Case.status.in_(UNCLAIMED),
            Case.routed_at.is_not(None),
            Case.breached_at.is_(None),
        )
        .order_by(Case.created_at, Case.id)
    )
    return [
        case
        for case in cases
        if step_naming(session, case, responder_id, roster, now, settings) is not None
    ]


def offer_waiting_cases(
    session: Session,
    responder_id: int,
    now: datetime,
    settings: Settings,
    *,
    taken_by: str | None = None,
) -> int:
    """Arm a job offering each waiting case to the responder once this commits; how many.
    ``taken_by``: back in to texts (``BY_STOP``) or back ON (``BY_OFF``), the offers that took
    back count too."""
    from routing.jobs import offer_on_return

    cases = waiting_cases(session, responder_id, now, settings)
    if taken_by is not None:
        cases += [
            case
            for case in taken_back(session, responder_id, now, settings, {taken_by})
            if case not in cases
        ]
    waiting = [(case.id, case.escalation_round) for case in cases]

    def enqueue() -> None:
        queue = runtime.current().queue
        for case_id, round_ in waiting:
            queue.enqueue(
                offer_on_return,
                case_id,
                responder_id,
                queue="default",
                job_id=f"back-on-{case_id}-{responder_id}-{round_}",
            )

    if waiting:
        after_commit(session, enqueue)
    return len(waiting)


def offer_to_returning(
    session: Session, case_id: int, responder_id: int, now: datetime, settings: Settings
) -> bool:
    """Offer the case to a responder back on, if a step of its current round still names
    them and nobody has offered it to them this round. True when an offer was made."""
    case = lock_case(session, case_id)
    if case is None:
        return False
    step = step_naming(session, case, responder_id, load_roster(session, now), now, settings)
    if step is None:
        return _give_back(session, case, responder_id, now, settings)
    offers = offer_case(session, case, [responder_id], now, escalated=True, step=step.step)
    if not offers:
        return False
    if case.status == "new":
        case.status = "offered"
    record_offered(session, case, now, step, offers, back_on=True)
    return True


def taken_back(
    session: Session,
    responder_id: int,
    now: datetime,
    settings: Settings,
    reasons: Collection[str] = (BY_STOP, BY_OFF),
) -> list[Case]:
    """The unclaimed cases whose offer to the responder their STOP or OFF (``reasons``) took
    back, in the round it still is, oldest first, while they are on call and may take them
    (never a peers-only case for a police officer). Reads without locks: the job looks again
    under each case's lock."""
    responder = session.get(Responder, responder_id)
    on_call = on_call_at(load_roster(session, now), now, settings.timezone)
    if responder is None or not any(entry.responder_id == responder_id for entry in on_call):
        return []
    police = POLICE in (responder.roles or ())
    cases = session.scalars(
        select(Case)
        .join(Offer, Offer.case_id == Case.id)
        .where(
            Offer.responder_id == responder_id,
            Offer.status == "closed",
            Offer.escalation_round == Case.escalation_round,
            Case.status.in_(UNCLAIMED),
            Case.routed_at.is_not(None),
            Case.breached_at.is_(None),
        )
        .order_by(Case.created_at, Case.id)
    ).unique()
    return [
        case
        for case in cases
        if not (police and case.peers_only)
        and _taken_back_by(session, case, responder_id) in reasons
    ]


def _taken_back_by(session: Session, case: Case, responder_id: int) -> str | None:
    """Why the last offer of the case to the responder that was taken back was: their STOP
    (``BY_STOP``), their OFF (``BY_OFF``), or else."""
    withdrawn = session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "offer_withdrawn")
        .order_by(CaseEvent.id.desc())
    )
    for event in withdrawn:
        data = event.data or {}
        if data.get("responder_id") == responder_id:
            return data.get("reason")
    return None


def _give_back(
    session: Session, case: Case, responder_id: int, now: datetime, settings: Settings
) -> bool:
    """Give back the offer of a (locked) case that the responder's STOP or OFF took back, if it
    still waits for them (``taken_back``): the same offer open again, and its text sent anew.
    The job does not know which return armed it: the return chose the cases, and each one
    gives back only what it took. True when it was."""
    reason = _taken_back_by(session, case, responder_id)
    if reason is None or case not in taken_back(session, responder_id, now, settings, {reason}):
        return False
    flag, word = _GIVEN_BACK[reason]
    found = responder_contact(session, responder_id)
    offer = session.scalar(
        select(Offer)
        .where(
            Offer.case_id == case.id,
            Offer.responder_id == responder_id,
            Offer.escalation_round == case.escalation_round,
            Offer.status == "closed",
        )
        .order_by(Offer.id.desc())
        .limit(1)
    )
    if found is None or offer is None:
        return False
    offer.status, offer.responded_at = "open", None
    body = offer_body(session, case, now, escalated=True)
    key = f"offer:{offer.id}:{word}:{now.isoformat()}"
    sent = send_offer(session, offer, found[1], body, now, key=key)
    record(
        session,
        case,
        now,
        "offered",
        step=offer.escalation_step,
        round=offer.escalation_round,
        responder_ids=[responder_id],
        undelivered=[] if sent else [responder_id],
        **{flag: True},
    )
    return True


def waiting_sentence(count: int) -> str:
    """What the replies to ON and START add when cases are waiting for them."""
    if count == 0:
        return ""
    if count == 1:
        return " 1 case is waiting for someone: its offer follows."
    return f" {count} cases are waiting for someone: their offers follow."
