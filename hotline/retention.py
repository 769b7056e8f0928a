"""Retention: what people wrote is kept only as long as it is needed.

Once a day (``worker.py`` arms the job under a fixed id; ``flask retention run`` does the same
by hand) everything older than ``RETENTION_DAYS`` loses its words but keeps its row:

- message bodies, in and out (the rows stay: counts, timings, delivery);
- note texts on case timelines (the events stay);
- the details (name to use, the person's own words on what would help, partner notes) of cases
  closed before the cut-off;
- conversation states idle since before the cut-off (long expired anyway).

Then ``hotline.retention_links`` cuts what is left loose from the number: closed cases, old
texts (kept to the day), and numbers idle for the whole period (an opt-out kept as a hash).
Case rows, their towns, needs and times stay, so the figures (``hotline.figures``) do not move
(by day; see that module for the one exception).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from hotline.retention_links import (
    forget_idle_numbers,
    keep_only_days_of_old_texts,
    no_commit,
    unlink_closed_cases,
)
from models import Case, CaseEvent, ConversationSession, Message
from models.session import session_scope
from routing import runtime
from routing.queues import JobQueue

log = logging.getLogger(__name__)

RETENTION_JOB_PREFIX = "hotline-retention-"
# Quiet hours in the program's county (UTC 07:00 is 02:00 or 03:00 in Massachusetts).
RUN_AT = time(7, 0, tzinfo=UTC)


@dataclass(frozen=True)
class RetentionReport:
    cutoff: datetime
    message_bodies: int
    note_texts: int
    case_details: int
    conversations: int
    cases_unlinked: int = 0
    texts_kept_to_the_day: int = 0
    numbers_forgotten: int = 0
    opt_outs_kept: int = 0

    def __str__(self) -> str:
        return (
            f"before {self.cutoff:%Y-%m-%d %H:%M} UTC: {self.message_bodies} message bodies, "
            f"{self.note_texts} note texts, {self.case_details} case details and "
            f"{self.conversations} conversation states removed; {self.cases_unlinked} closed "
            f"cases unlinked from their numbers, {self.texts_kept_to_the_day} texts kept only "
            f"to the day, {self.numbers_forgotten} idle numbers forgotten "
            f"({self.opt_outs_kept} of them opted out: only the keyed hash kept, to honour STOP)"
        )


def purge(
    session: Session,
    now: datetime,
    retention_days: int,
    lookback_hours: int = 12,
    commit: Callable[[], None] = no_commit,
) -> RetentionReport:
    """Remove the words older than ``retention_days``, and the links to the number;
    ``lookback_hours`` is how far before a case its page shows texts
    (``CONVERSATION_EXPIRY_HOURS``). All in the caller's transaction, unless ``commit`` is
    given: then it is called after each step and each batch of contacts, so a first run on a
    large old database holds no lock for long, and a run cut short is finished by the next."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    cutoff = now - timedelta(days=retention_days)
    bodies = _clear(session, Message.body, Message.created_at < cutoff)
    notes = _clear(session, CaseEvent.text, CaseEvent.at < cutoff)
    details = _clear(session, Case.details, Case.closed_at < cutoff)
    conversations = session.execute(
        delete(ConversationSession)
        .where(ConversationSession.updated_at < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    commit()
    unlinked = unlink_closed_cases(session, cutoff)
    commit()
    lookback = timedelta(hours=lookback_hours)
    texts = keep_only_days_of_old_texts(session, cutoff, lookback, commit)
    forgotten, opt_outs = forget_idle_numbers(session, cutoff, commit)
    session.flush()
    session.expire_all()
    return RetentionReport(
        cutoff, bodies, notes, details, conversations or 0, unlinked, texts, forgotten, opt_outs
    )


def _clear(session: Session, column: Any, older: Any) -> int:
    """Set ``column`` to NULL where ``older`` holds and it is not NULL yet; how many rows."""
    rows = session.execute(
        update(column.class_)
        .where(older, column.is_not(None))
        .values({column.key: None})
        .execution_options(synchronize_session=False)
    ).rowcount
    return rows or 0


def next_run_at(now: datetime) -> datetime:
    """The next RUN_AT after ``now``: every worker computes the same moment."""
    today = datetime.combine(now.astimezone(UTC).date(), RUN_AT)
    return today if today > now else today + timedelta(days=1)


def schedule_retention(queue: JobQueue, now: datetime) -> None:
    """Arm the next daily run under an id fixed by its day, so workers never double it."""
    when = next_run_at(now)
    queue.enqueue_at(
        when,
        "hotline.retention.run_retention",
        queue="bulk",
        job_id=f"{RETENTION_JOB_PREFIX}{when:%Y%m%d}",
    )


def run_retention() -> RetentionReport:
    """The daily job: arm tomorrow's run first (so a failing run still recurs), then purge."""
    rt = runtime.current()
    now = rt.clock()
    schedule_retention(rt.queue, now)
    with session_scope(rt.sessions) as session:
        settings = rt.settings
        report = purge(
            session,
            now,
            settings.retention_days,
            settings.conversation_expiry_hours,
            commit=session.commit,
        )
    log.info("retention: %s", report)
    return report
