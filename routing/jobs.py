"""Routing jobs: small functions that take ids, open their own session, and are safe to run twice.

Each reads the time from the runtime's clock when it runs, so a late job acts on the present.
"""

from __future__ import annotations

from models.session import session_scope
from routing import back_on, bad_batch_alerts, escalation, runtime, still_trying


def route_case(case_id: int) -> None:
    """Freeze the policy onto a new case, make the first offers, arm its timers."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        escalation.start_routing(session, case_id, rt.clock(), rt.settings)


def escalate_case(case_id: int, token: str) -> None:
    """Move an unclaimed case to its next step; a stale ``token`` does nothing."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        escalation.escalate(session, case_id, token, rt.clock(), rt.settings)


def remind_claimer(case_id: int) -> None:
    """Remind the claimer of the first-contact deadline, once."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        escalation.remind(session, case_id, rt.clock(), rt.settings)


def deadline_check(case_id: int) -> None:
    """Tell the coordinator at the first-contact deadline; flag a breach at the breach time."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        escalation.check_deadline(session, case_id, rt.clock(), rt.settings)


def tell_person_still_trying(case_id: int) -> None:
    """Text the person of an unclaimed case that we are still trying, once the quiet hours
    are over; nothing if someone has the case in hand by then."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        still_trying.tell_held_person(session, case_id, rt.clock(), rt.settings)


def offer_on_return(case_id: int, responder_id: int) -> None:
    """Offer a waiting case to a responder back on (ON, START), if it still waits for them."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        back_on.offer_to_returning(session, case_id, responder_id, rt.clock(), rt.settings)


def send_bad_batch_alert(alert_id: int) -> None:
    """Text a bad batch alert to every subscriber who can be texted, once each."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        bad_batch_alerts.send_alert(session, alert_id, rt.clock(), rt.settings)
