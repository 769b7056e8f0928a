"""The coordinators' morning summary of cases past their breach time that nobody has claimed.

Past the breach time a case is no longer offered to the team round after round
(``routing.escalation.escalate``); instead each coordinator is texted once a day, at the
policy's ``summary_hour`` in the program's time zone, with every such case they may be told of
(a police coordinator never hears of a peers-only case). The sweep calls this every minute; it
does something once a day at most, and a second run the same day sends nothing (one
idempotency key per coordinator and day, one timeline line per case and day).

A case breached after the morning's summary waits for the next one: its coordinators were
texted at the breach itself.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Message, Responder
from routing import runtime
from routing.escalation import (
    NOT_ARRIVING,
    UNCLAIMED,
    case_facts,
    coordinators_past,
    current_policy,
    lock_case,
    note_passed_on,
    record,
)
from routing.matching import coordinators
from routing.offers import KIND_LABELS, text_responder
from routing.oncall import load_roster
from routing.policy import pacing

if TYPE_CHECKING:
    from hotline.config import Settings

log = logging.getLogger(__name__)

PURPOSE = "breach_summary"
# Codes named in one text; the rest are counted ("and 4 more").
MAX_LISTED = 8


def summary_moment(now: datetime, settings: Settings, hour: int) -> datetime:
    """Today's summary time (the program's local day) as an aware datetime."""
    tz = ZoneInfo(settings.timezone)
    today = now.astimezone(tz).date()
    return datetime.combine(today, time(hour), tzinfo=tz)


def summary_text(cases: list[Case], hours: int) -> str:
    """One text, no personal details: how many, and each case's code, kind and town."""
    listed = [
        f"{case.code} ({KIND_LABELS.get(case.kind, case.kind)}, {case.town or 'town not given'})"
        for case in cases[:MAX_LISTED]
    ]
    more = len(cases) - len(listed)
    named = "; ".join(listed) + (f"; and {more} more" if more else "")
    count = "1 case is" if len(cases) == 1 else f"{len(cases)} cases are"
    return (
        f"Daily summary: {count} past {hours} h with no one to reach them: {named}. "
        "Reply CLAIM and a code to take one."
    )


def _summed_up(case_id: Any, moment: datetime) -> ColumnElement[bool]:
    """The case's timeline has its line for the summary of ``moment`` (or later): it was in
    it, or no coordinator could be texted about it."""
    return and_(
        CaseEvent.case_id == case_id,
        CaseEvent.at >= moment,
        or_(
            CaseEvent.kind.in_(("in_daily_summary", "after_daily_summary")),
            and_(
                CaseEvent.kind == "no_coordinator",
                CaseEvent.data["purpose"].as_string() == PURPOSE,
            ),
        ),
    )


def send_breach_summaries(session: Session, now: datetime, settings: Settings) -> list[int]:
    """Text today's summary to each coordinator it is due to; returns the responders texted."""
    hour = pacing(current_policy(session), "summary_hour")
    moment = summary_moment(now, settings, hour)
    if now < moment:
        return []
    breached = select(Case.id).where(
        Case.status.in_(UNCLAIMED),
        Case.contacted_at.is_(None),
        Case.breached_at.is_not(None),
        Case.breached_at <= moment,
    )
    summed_up_today = select(CaseEvent.id).where(_summed_up(Case.id, moment)).exists()
    # Every minute after the hour the sweep asks; once today's summary is out, this is all.
    if session.scalar(breached.where(~summed_up_today).limit(1)) is None:
        return []
    # Locked in id order, as everything in routing that changes several cases does (OFF, a
    # roster change, an opt-out), so none of them waits on this in a circle; listed oldest
    # breach first.
    case_ids = list(session.scalars(breached.order_by(Case.id)))
    day = moment.date().isoformat()
    roster = load_roster(session, now)
    by_coordinator: dict[int, list[Case]] = defaultdict(list)
    for case_id in case_ids:
        case = lock_case(session, case_id)
        if case is None or case.status not in UNCLAIMED:
            continue
        choice = coordinators(case_facts(session, case), roster, now, settings.timezone)
        for entry in choice.chosen:
            by_coordinator[entry.responder_id].append(case)
    for cases in by_coordinator.values():
        cases.sort(key=lambda case: (case.breach_at, case.id))
    hours = settings.breach_hours
    told: list[int] = []
    sent_before: set[int] = set()
    for responder_id, cases in by_coordinator.items():
        key = f"{PURPOSE}:{day}:{responder_id}"
        if session.scalar(select(Message.id).where(Message.idempotency_key == key)):
            sent_before.add(responder_id)
            continue  # sent earlier today
        if text_responder(
            session,
            responder_id,
            summary_text(cases, hours),
            purpose=PURPOSE,
            idempotency_key=key,
            case_id=None,
            now=now,
        ):
            told.append(responder_id)
    for case_id in case_ids:
        _note_summary(session, case_id, now, moment, told, by_coordinator, sent_before)
    if told:
        log.info("daily summary: %s cases to %s coordinators", len(case_ids), len(told))
    return told


def _note_summary(
    session: Session,
    case_id: int,
    now: datetime,
    moment: datetime,
    told: list[int],
    by_coordinator: dict[int, list[Case]],
    sent_before: set[int],
) -> None:
    """One line a day on the case's timeline: who had it in their summary, that no
    coordinator could be texted about it (all opted out or unable to take texts, or none the
    person accepts), or that it came back to the team after its coordinators had today's
    summary (they were told when it came back, and it is in tomorrow's). Either way today's
    summary is done with the case: the sweeps after it that day pass it over."""
    if session.scalar(select(CaseEvent.id).where(_summed_up(case_id, moment))) is not None:
        return
    names = [rid for rid in told if any(c.id == case_id for c in by_coordinator[rid])]
    due_to = [rid for rid, cases in by_coordinator.items() if any(c.id == case_id for c in cases)]
    case = session.get(Case, case_id)
    if case is None:
        return
    if names:
        record(session, case, now, "in_daily_summary", responder_ids=names)
    elif not due_to:
        record(session, case, now, "no_coordinator", purpose=PURPOSE)
    elif all(responder_id in sent_before for responder_id in due_to):
        record(session, case, now, "after_daily_summary", responder_ids=due_to)


def summary_undelivered(session: Session, message: Message, now: datetime) -> None:
    """A coordinator's morning summary will not arrive (their phone is off, 30003; or the
    number cannot take texts): each case in it that no other coordinator had that day (or may
    still) goes to a coordinator not yet texted about it, in one summary text each, as a
    deadline or breach notice is passed on (``routing.escalation.notice_undelivered``). Each
    is texted about a case once a day, so this ends when nobody new is left; each case's
    timeline says who was told instead."""
    parts = (message.idempotency_key or "").split(":")
    if len(parts) not in (3, 5) or parts[0] != PURPOSE:
        return
    failed = session.scalar(select(Responder.id).where(Responder.contact_id == message.contact_id))
    if failed is None:
        return
    day = parts[1]
    settings = runtime.current().settings
    hour = pacing(current_policy(session), "summary_hour")
    moment = datetime.combine(
        date.fromisoformat(day), time(hour), tzinfo=ZoneInfo(settings.timezone)
    )
    texts = _texts_of_the_day(session, day, moment)
    in_this_one = sorted(
        case_id for case_id, sent in texts.items() if (failed, message.idempotency_key) in sent
    )
    session.flush()
    by_coordinator: dict[int, list[Case]] = defaultdict(list)
    chosen: dict[int, list[int]] = {}
    for case_id in in_this_one:
        case = lock_case(session, case_id)
        if case is None or case.status not in UNCLAIMED or case.contacted_at is not None:
            continue  # someone has it now: nothing to pass on
        keys = [key for _, key in texts[case_id]]
        statuses = session.scalars(
            select(Message.status).where(Message.idempotency_key.in_(keys))
        ).all()
        if any(status not in NOT_ARRIVING for status in statuses):
            continue  # another coordinator had it today, or may yet
        texted = {responder_id for responder_id, _ in texts[case_id]}
        chosen[case_id] = coordinators_past(session, case, now, texted)
        for responder_id in chosen[case_id]:
            by_coordinator[responder_id].append(case)
    told: set[int] = set()
    for responder_id, cases in by_coordinator.items():
        cases.sort(key=lambda case: (case.breach_at, case.id))
        if text_responder(
            session,
            responder_id,
            summary_text(cases, settings.breach_hours),
            purpose=PURPOSE,
            idempotency_key=f"{PURPOSE}:{day}:{responder_id}:for:{failed}",
            case_id=None,
            now=now,
        ):
            told.add(responder_id)
    for case_id, responder_ids in chosen.items():
        case = session.get_one(Case, case_id)
        instead = [responder_id for responder_id in responder_ids if responder_id in told]
        note_passed_on(session, case, now, PURPOSE, "morning summary", failed, instead)


def _texts_of_the_day(
    session: Session, day: str, moment: datetime
) -> dict[int, list[tuple[int, str]]]:
    """Each case's summary texts of the day, from its timeline: (coordinator, the text's
    idempotency key), for the morning's summary and for any passed on since."""
    lines = session.scalars(
        select(CaseEvent).where(
            CaseEvent.kind.in_(("in_daily_summary", "notice_passed_on")),
            CaseEvent.at >= moment,
            CaseEvent.at < moment + timedelta(days=1),
        )
    )
    texts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for line in lines:
        data = line.data or {}
        if line.kind == "in_daily_summary":
            suffix = ""
        elif data.get("purpose") == PURPOSE:
            suffix = f":for:{data.get('responder_id')}"
        else:
            continue
        for responder_id in data.get("responder_ids") or ():
            texts[line.case_id].append((responder_id, f"{PURPOSE}:{day}:{responder_id}{suffix}"))
    return texts
