"""A responder back on (ON, or START after STOP) is offered the waiting cases they may take at
once, rather than when the next round comes round (two hours on, in the slower rounds).

"May take": a step of the case's current round, up to the one it has reached, names them now
(``routing.escalation.step_naming``): the step that passed them by while they were off. A step
still to come reaches them in its time. The replies to ON and START say how many are waiting;
each is offered by its own job (``routing.jobs.offer_on_return``), which looks again under the
case's row lock and is safe to run twice: anyone offered a case in a round is not offered it
again in that round.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case
from models.session import after_commit
from routing import runtime
from routing.escalation import UNCLAIMED, lock_case, record_offered, step_naming
from routing.offers import offer_case
from routing.oncall import load_roster

if TYPE_CHECKING:
    from hotline.config import Settings


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
    session: Session, responder_id: int, now: datetime, settings: Settings
) -> int:
    """Arm a job offering each waiting case to the responder once this commits; how many."""
    from routing.jobs import offer_on_return

    waiting = [
        (case.id, case.escalation_round)
        for case in waiting_cases(session, responder_id, now, settings)
    ]

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
        return False
    offers = offer_case(session, case, [responder_id], now, escalated=True, step=step.step)
    if not offers:
        return False
    if case.status == "new":
        case.status = "offered"
    record_offered(session, case, now, step, offers, back_on=True)
    return True


def waiting_sentence(count: int) -> str:
    """What the replies to ON and START add when cases are waiting for them."""
    if count == 0:
        return ""
    if count == 1:
        return " 1 case is waiting for someone: its offer follows."
    return f" {count} cases are waiting for someone: their offers follow."
