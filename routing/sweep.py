"""The watchdog, run every minute by the worker: the database is the truth, Redis may forget.

It routes cases never routed (created while Redis was down, or the enqueue failed after
commit), withdraws open offers held by responders no longer on call (their shift ended:
``routing.off_call``), runs escalations, reminders and deadline checks whose time has passed,
sends a person's "still trying" text held through the quiet hours once they are over, sends
the coordinators' daily summary of breached cases when its hour has come, and restarts lost
sends and the jobs of bad batch alerts never sent. Each piece is safe to run twice, so the
sweep is too: it does what the timer jobs would have done, through the same functions, which
check tokens and timestamps under a row lock (or a fixed job id). It acts at the ``now`` it
is given, so tests can sweep at any moment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from models import Case
from models.session import session_scope
from routing import bad_batch_alerts, escalation, off_call, runtime, still_trying

log = logging.getLogger(__name__)

# A timer due less than this long ago is left to its own job, which is probably running now.
GRACE = timedelta(seconds=60)
BATCH = 500


@dataclass
class SweepReport:
    routed: list[int] = field(default_factory=list)
    offers_withdrawn: list[int] = field(default_factory=list)  # the cases', by id
    escalated: list[int] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)
    deadlines: list[int] = field(default_factory=list)
    persons_told: list[int] = field(default_factory=list)  # held "still trying" texts, by case
    summaries: list[int] = field(default_factory=list)  # coordinators texted a daily summary
    messages_restarted: int = 0
    alerts_restarted: list[int] = field(default_factory=list)  # bad batch alerts, by id

    def __bool__(self) -> bool:
        return bool(
            self.routed
            or self.offers_withdrawn
            or self.escalated
            or self.reminded
            or self.deadlines
            or self.persons_told
            or self.summaries
            or self.messages_restarted
            or self.alerts_restarted
        )


def unrouted_cases(session: Session, before: datetime) -> list[int]:
    return list(
        session.scalars(
            select(Case.id)
            .where(
                Case.routed_at.is_(None),
                Case.status.in_(("new", "offered")),
                Case.created_at <= before,
            )
            .order_by(Case.id)
            .limit(BATCH)
        )
    )


def overdue_escalations(session: Session, before: datetime) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Case.id, Case.escalation_token)
        .where(
            Case.status.in_(("new", "offered")),
            Case.escalation_token.is_not(None),
            Case.next_escalation_at <= before,
        )
        .order_by(Case.next_escalation_at)
        .limit(BATCH)
    ).all()
    return [(case_id, token) for case_id, token in rows if token]


def overdue_reminders(session: Session, now: datetime, reminder: timedelta) -> list[int]:
    """Claimed before the reminder time, which passed a while ago, and the deadline still ahead."""
    rows = session.execute(
        select(Case.id, Case.due_at, Case.claimed_at)
        .where(
            Case.status == "claimed",
            Case.reminder_sent_at.is_(None),
            Case.contacted_at.is_(None),
            Case.due_at > now,
            Case.due_at <= now + reminder - GRACE,
        )
        .order_by(Case.id)
        .limit(BATCH)
    ).all()
    return [
        case_id
        for case_id, due_at, claimed_at in rows
        if claimed_at is None or claimed_at < due_at - reminder
    ]


def overdue_deadlines(session: Session, before: datetime) -> list[int]:
    return list(
        session.scalars(
            select(Case.id)
            .where(
                Case.status.in_(("new", "offered", "claimed")),
                Case.contacted_at.is_(None),
                or_(
                    and_(Case.deadline_escalated_at.is_(None), Case.due_at <= before),
                    and_(Case.breached_at.is_(None), Case.breach_at <= before),
                ),
            )
            .order_by(Case.id)
            .limit(BATCH)
        )
    )


def sweep(now: datetime | None = None) -> SweepReport:
    """Do whatever routing should have done by ``now`` (the runtime's clock if not given)."""
    from routing.daily_summary import send_breach_summaries
    from routing.sending import sweep_outbox

    rt = runtime.current()
    now = now or rt.clock()
    before = now - GRACE
    report = SweepReport()
    reminder = timedelta(hours=rt.settings.reminder_before_hours)
    with rt.sessions() as session:
        report.routed = unrouted_cases(session, before)
        off = off_call.holders_off_call(session, now, rt.settings.timezone)
        due = overdue_escalations(session, before)
        report.reminded = overdue_reminders(session, now, reminder)
        report.deadlines = overdue_deadlines(session, before)
        held = still_trying.held_until(session, before)

    def route(session: Session, case_id: int) -> bool:
        return escalation.start_routing(session, case_id, now, rt.settings)

    def remind(session: Session, case_id: int) -> bool:
        return escalation.remind(session, case_id, now, rt.settings)

    def check(session: Session, case_id: int) -> bool:
        return bool(escalation.check_deadline(session, case_id, now, rt.settings))

    report.routed = _each(rt.sessions, report.routed, route)
    for responder_id in off:
        try:
            with session_scope(rt.sessions) as session:
                cases = off_call.withdraw_if_off_call(session, responder_id, now, rt.settings)
                withdrawn = [case.id for case in cases]
        except Exception:
            log.exception("sweep: withdrawing the offers of responder %s failed", responder_id)
        else:
            report.offers_withdrawn += withdrawn
    for case_id, token in due:

        def escalate(session: Session, case_id: int, token: str = token) -> bool:
            return escalation.escalate(session, case_id, token, now, rt.settings)

        report.escalated += _each(rt.sessions, [case_id], escalate)
    report.reminded = _each(rt.sessions, report.reminded, remind)
    report.deadlines = _each(rt.sessions, report.deadlines, check)

    def tell_held(session: Session, case_id: int) -> bool:
        return still_trying.tell_held_person(session, case_id, now, rt.settings)

    report.persons_told = _each(rt.sessions, held, tell_held)
    try:
        with session_scope(rt.sessions) as session:
            report.summaries = send_breach_summaries(session, now, rt.settings)
    except Exception:
        log.exception("sweep: the daily summary failed")
    with session_scope(rt.sessions) as session:
        report.messages_restarted = sweep_outbox(session, now)
    try:
        with session_scope(rt.sessions) as session:
            report.alerts_restarted = bad_batch_alerts.restart_lost_alerts(session, now)
    except Exception:
        log.exception("sweep: restarting lost bad batch alerts failed")
    if report:
        log.info(
            "sweep: routed %s, offers withdrawn %s, escalated %s, reminded %s, deadlines %s, "
            "held texts %s, summaries %s, sends restarted %s, alerts restarted %s",
            len(report.routed),
            len(report.offers_withdrawn),
            len(report.escalated),
            len(report.reminded),
            len(report.deadlines),
            len(report.persons_told),
            len(report.summaries),
            report.messages_restarted,
            len(report.alerts_restarted),
        )
    return report


def _each(
    sessions: sessionmaker[Session],
    case_ids: list[int],
    action: Callable[[Session, int], bool],
) -> list[int]:
    """Run ``action`` for each case in its own transaction; returns the cases it acted on.
    One case's failure never stops the others."""
    acted: list[int] = []
    for case_id in case_ids:
        try:
            with session_scope(sessions) as session:
                if action(session, case_id):
                    acted.append(case_id)
        except Exception:
            log.exception("sweep: %s failed for case %s", action.__name__, case_id)
    return acted
