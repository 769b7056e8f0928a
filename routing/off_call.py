"""Offers held by responders who are no longer on call are withdrawn: at once when they text
OFF, and by the sweep once their shift ends (or an "off" override begins), so a case never
waits out an escalation step on someone who has gone.

OFF alone lasts until they text ON, as its reply says. "OFF tonight" ("for the night", "today")
lasts until the night (or the day) is over, and their shift with it: an "off" override from
now until then (``off_until``), which coordinators see on the roster page and which ends on
its own, so nobody is left OFF into their next shift. ON ends it sooner.

Only offers made at a field step: the coordinator step reaches coordinators whether or not
they are on call (``routing.matching.coordinators``: a case must reach someone), so going off
call takes nothing from it. Each case changes under its row lock, as with PASS, and one that
nobody else holds moves on at once. Safe to run twice: a withdrawn offer is no longer open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, Offer, OnCallOverride, Shift
from routing.claims import withdraw_offer
from routing.escalation import UNCLAIMED, lock_case
from routing.oncall import WeeklyShift, load_roster, on_call_at
from routing.policy import default_policy

if TYPE_CHECKING:
    from hotline.config import Settings

# Who withdraws an offer when a shift ends, on the timeline.
SYSTEM = "system"


def _coordinator_steps(policy: dict[str, Any] | None) -> list[int]:
    steps = (policy or default_policy())["steps"]
    return [i for i, step in enumerate(steps) if step.get("offer_to") == "coordinator"]


def _open_field_offers(session: Session, responder_id: int | None = None) -> set[tuple[int, int]]:
    """(responder, case) for every open offer made at a field step of a case nobody has
    claimed (of ``responder_id``'s alone if given): what going off call withdraws. Read
    without a lock, so a minute with only coordinator steps held locks nothing; each case is
    looked at again under its lock before anything changes."""
    query = (
        select(Offer.responder_id, Offer.case_id, Offer.escalation_step, Case.escalation_policy)
        .join(Case, Case.id == Offer.case_id)
        .where(Offer.status == "open", Case.status.in_(UNCLAIMED))
    )
    if responder_id is not None:
        query = query.where(Offer.responder_id == responder_id)
    return {
        (holder, case_id)
        for holder, case_id, step, policy in session.execute(query)
        if step not in _coordinator_steps(policy)
    }


def withdraw_open_offers(
    session: Session, responder_id: int, now: datetime, actor: str, reason: str
) -> list[Case]:
    """Withdraw the responder's open offers of unclaimed cases made at a field step, each
    case under its row lock; the cases they were withdrawn from, oldest first. A case claimed
    or closed meanwhile is left alone: its claim already ended the offer."""
    case_ids = sorted(case_id for _, case_id in _open_field_offers(session, responder_id))
    withdrawn = []
    for case_id in case_ids:
        case = lock_case(session, case_id)
        if case is None or case.status not in UNCLAIMED:
            continue
        field_step = Offer.escalation_step.not_in(_coordinator_steps(case.escalation_policy))
        if withdraw_offer(session, case, responder_id, now, actor, reason, field_step):
            withdrawn.append(case)
    return withdrawn


def _on_call_ids(session: Session, now: datetime, tz: str) -> set[int]:
    return {entry.responder_id for entry in on_call_at(load_roster(session, now), now, tz)}


def holders_off_call(session: Session, now: datetime, tz: str) -> list[int]:
    """Responders holding an open offer of an unclaimed case, made at a field step, who are not
    on call at ``now`` (their shift ended, an "off" override began, they texted OFF, or left
    the roster). A coordinator off shift who holds only the coordinator step is not among them:
    it stays theirs, and looking at it under a lock every minute would change nothing."""
    holders = {holder for holder, _ in _open_field_offers(session)}
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


# ---- OFF for the night ---------------------------------------------------------------------

# The note on an override made by "OFF tonight", which ON ends.
OFF_BY_SMS = "OFF by SMS"
# Words that give OFF an end, and which end.
TIMED_WORDS = {"tonight": "night", "night": "night", "today": "day", "day": "day"}
# When a night is over, local time.
MORNING = time(8)
# From when "tonight" means the coming night: said between this and MORNING, as a night shift
# ends, the night that is ending is nearly over.
EARLY_MORNING = time(5)


def off_until(shifts: Sequence[WeeklyShift], now: datetime, tz: str, words: str) -> datetime | None:
    """When OFF said with ``words`` ends: None for no end ("OFF", "off duty"); for the night,
    the next 8 AM (the one after, said from 5 AM, when the night ending is all but over); for
    the day, the next midnight; later if a shift of theirs has begun by
    then and goes on past it (a night shift to 10 AM), so the shift it falls in is off too.
    A whole-day shift (on call all week) goes on past every moment and is left out."""
    kinds = {
        TIMED_WORDS[word] for word in re.findall(r"[a-z]+", words.lower()) if word in TIMED_WORDS
    }
    if not kinds:
        return None
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    if "night" in kinds:
        day = local.date() if local.time() < EARLY_MORNING else local.date() + timedelta(days=1)
        end = datetime.combine(day, MORNING, tzinfo=zone)
    else:
        end = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone)
    end_utc = end.astimezone(UTC)
    for shift in shifts:
        if shift.starts == shift.ends:
            continue
        for day in (end.date(), end.date() - timedelta(days=1)):
            if day.weekday() != shift.weekday:
                continue
            start, finish = shift.window(day, zone)
            if start < end_utc < finish:
                end_utc = max(end_utc, finish)
    return end_utc


def until_words(until: datetime, now: datetime, tz: str) -> str:
    """When OFF ends, for the reply: "midnight tonight" rather than "Wed Jun 5 at 12:00 AM",
    which people misread as the midnight after."""
    from routing.escalation import local_time

    zone = ZoneInfo(tz)
    local = until.astimezone(zone)
    tonight = now.astimezone(zone).date() + timedelta(days=1)
    if local.time() == time(0) and local.date() == tonight:
        return "midnight tonight"
    return local_time(until, tz)


def timed_off(
    session: Session, responder_id: int, now: datetime, tz: str, words: str
) -> datetime | None:
    """``off_until`` for the responder's own weekly shifts."""
    shifts = session.scalars(select(Shift).where(Shift.responder_id == responder_id))
    return off_until(
        [WeeklyShift(shift.weekday, shift.starts, shift.ends) for shift in shifts], now, tz, words
    )


def go_off_until(session: Session, responder_id: int, now: datetime, until: datetime) -> None:
    """An "off" override from now until ``until``: the one OFF made already, moved, if any."""
    made = covering_off_by_sms(session, responder_id, now)
    if made:
        made[0].ends_at = until
        return
    session.add(
        OnCallOverride(
            responder_id=responder_id,
            starts_at=now,
            ends_at=until,
            on_call=False,
            note=OFF_BY_SMS,
        )
    )


def end_off_by_sms(session: Session, responder_id: int, now: datetime) -> None:
    """ON: end now any "off" override that OFF made and that is still running."""
    for override in covering_off_by_sms(session, responder_id, now):
        override.ends_at = now


def covering_off_by_sms(session: Session, responder_id: int, now: datetime) -> list[OnCallOverride]:
    return list(
        session.scalars(
            select(OnCallOverride).where(
                OnCallOverride.responder_id == responder_id,
                OnCallOverride.on_call.is_(False),
                OnCallOverride.note == OFF_BY_SMS,
                OnCallOverride.starts_at <= now,
                OnCallOverride.ends_at > now,
            )
        )
    )
