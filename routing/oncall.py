"""Who is on call at a moment: weekly shifts in local time, one-off overrides, ON/OFF by SMS.

``on_call_at`` is pure over plain data; ``load_roster`` and ``on_call_responders`` read it from
the database. Shifts are wall-clock times in the program's time zone, so a shift keeps its local
hours across daylight-saving changes (and is an hour shorter or longer on those nights).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, OnCallOverride, Responder, Shift

DEFAULT_TZ = "America/New_York"


@dataclass(frozen=True)
class WeeklyShift:
    """On call from ``starts`` to ``ends`` local time, starting on ``weekday`` (0 = Monday).

    ``ends`` at or before ``starts`` means the shift ends the next day (20:00-08:00), and
    00:00-00:00 is a whole day.
    """

    weekday: int
    starts: time
    ends: time

    def window(self, day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The shift's start and end in UTC when it starts on ``day``."""
        end_day = day + timedelta(days=1) if self.ends <= self.starts else day
        start = datetime.combine(day, self.starts, tzinfo=tz)
        end = datetime.combine(end_day, self.ends, tzinfo=tz)
        return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True)
class Override:
    """A one-off change between two moments: on call (``on_call``) or off."""

    starts_at: datetime
    ends_at: datetime
    on_call: bool = True

    def covers(self, when: datetime) -> bool:
        return self.starts_at <= when < self.ends_at


@dataclass(frozen=True)
class RosterEntry:
    """One responder as routing sees them: plain data, no session needed."""

    responder_id: int
    name: str
    roles: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    towns: tuple[str, ...] = ()
    active: bool = True
    available: bool = True
    # False when their number has opted out or is flagged invalid: no text would reach them.
    reachable: bool = True
    shifts: tuple[WeeklyShift, ...] = ()
    overrides: tuple[Override, ...] = field(default=())

    def has_role(self, role: str) -> bool:
        return role in self.roles


def on_shift(shifts: Iterable[WeeklyShift], when: datetime, tz: ZoneInfo) -> bool:
    """True when one of the weekly shifts covers ``when`` (an aware datetime)."""
    utc_when = when.astimezone(UTC)
    today = when.astimezone(tz).date()
    for shift in shifts:
        # A shift covering now started today or (crossing midnight) yesterday.
        for day in (today, today - timedelta(days=1)):
            if day.weekday() != shift.weekday:
                continue
            start, end = shift.window(day, tz)
            if start <= utc_when < end:
                return True
    return False


def is_on_call(entry: RosterEntry, when: datetime, tz: ZoneInfo | str = DEFAULT_TZ) -> bool:
    """Active, available (not OFF by SMS), reachable by text, and on shift or overridden on;
    an "off" override wins."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    if not entry.active or not entry.available or not entry.reachable:
        return False
    covering = [override for override in entry.overrides if override.covers(when)]
    if any(not override.on_call for override in covering):
        return False
    if covering:
        return True
    return on_shift(entry.shifts, when, zone)


def available_at(entry: RosterEntry, when: datetime) -> bool:
    """Not OFF at ``when``: neither by SMS until ON, nor by an "off" override ("OFF tonight"
    makes one), whatever their shifts say."""
    return entry.available and not any(
        not override.on_call and override.covers(when) for override in entry.overrides
    )


def on_call_at(
    roster: Sequence[RosterEntry], when: datetime, tz: ZoneInfo | str = DEFAULT_TZ
) -> list[RosterEntry]:
    """The roster entries on call at ``when``, in roster order."""
    if when.tzinfo is None:
        raise ValueError("on_call_at needs an aware datetime")
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return [entry for entry in roster if is_on_call(entry, when, zone)]


def uncovered(
    roster: Sequence[RosterEntry],
    start: datetime,
    tz: ZoneInfo | str = DEFAULT_TZ,
    days: int = 7,
    step: timedelta = timedelta(minutes=15),
) -> list[tuple[datetime, datetime]]:
    """The stretches of the coming ``days`` when nobody on the roster is on call, by their
    shifts and overrides (looked at every ``step``), so staff see a gap before a case falls
    into it."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    first = start.astimezone(UTC).replace(second=0, microsecond=0)
    first -= timedelta(minutes=first.minute % (step.seconds // 60 or 1))
    gaps: list[tuple[datetime, datetime]] = []
    moment, end = first, first + timedelta(days=days)
    while moment < end:
        if not on_call_at(roster, moment, zone):
            if gaps and gaps[-1][1] == moment:
                gaps[-1] = (gaps[-1][0], moment + step)
            else:
                gaps.append((moment, moment + step))
        moment += step
    return gaps


def roster_entry(
    responder: Responder,
    shifts: Iterable[Shift],
    overrides: Iterable[OnCallOverride],
    reachable: bool = True,
) -> RosterEntry:
    return RosterEntry(
        responder_id=responder.id,
        name=responder.name,
        roles=tuple(responder.roles or ()),
        languages=tuple(responder.languages or ("en",)),
        towns=tuple(responder.towns or ()),
        active=responder.active,
        available=responder.available,
        reachable=reachable,
        shifts=tuple(WeeklyShift(s.weekday, s.starts, s.ends) for s in shifts),
        overrides=tuple(Override(o.starts_at, o.ends_at, o.on_call) for o in overrides),
    )


def load_roster(session: Session, when: datetime | None = None) -> list[RosterEntry]:
    """Every active responder with their shifts, and the overrides covering ``when`` (all if
    ``when`` is None), ordered by id so routing is deterministic. A responder whose number has
    opted out or is flagged invalid is in it, but not reachable."""
    rows = session.execute(
        select(Responder, Contact.opted_out_at.is_(None) & Contact.invalid_at.is_(None))
        .outerjoin(Contact, Contact.id == Responder.contact_id)
        .where(Responder.active.is_(True))
        .order_by(Responder.id)
    ).all()
    responders = [responder for responder, _ in rows]
    reachable = {responder.id: bool(can_text) for responder, can_text in rows}
    ids = [responder.id for responder in responders]
    if not ids:
        return []
    shifts: dict[int, list[Shift]] = {}
    for shift in session.scalars(select(Shift).where(Shift.responder_id.in_(ids))):
        shifts.setdefault(shift.responder_id, []).append(shift)
    query = select(OnCallOverride).where(OnCallOverride.responder_id.in_(ids))
    if when is not None:
        query = query.where(OnCallOverride.starts_at <= when, OnCallOverride.ends_at > when)
    overrides: dict[int, list[OnCallOverride]] = {}
    for override in session.scalars(query):
        overrides.setdefault(override.responder_id, []).append(override)
    return [
        roster_entry(
            responder,
            shifts.get(responder.id, ()),
            overrides.get(responder.id, ()),
            reachable[responder.id],
        )
        for responder in responders
    ]


def on_call_responders(
    session: Session, when: datetime, tz: ZoneInfo | str = DEFAULT_TZ
) -> list[RosterEntry]:
    """The responders on call at ``when``, read from the database."""
    return on_call_at(load_roster(session, when), when, tz)
