"""On-call: weekly shifts in local time across midnight and DST changes, overrides, ON/OFF."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from models import Contact, OnCallOverride, Responder, Shift
from models.crypto import lookup_hash
from routing.oncall import (
    Override,
    RosterEntry,
    WeeklyShift,
    load_roster,
    on_call_at,
    on_call_responders,
)

NY = ZoneInfo("America/New_York")
MON, TUE, WED, SAT, SUN = 0, 1, 2, 5, 6


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def entry(*shifts: WeeklyShift, **kw) -> RosterEntry:
    return RosterEntry(responder_id=kw.pop("responder_id", 1), name="Ana", shifts=shifts, **kw)


DAY = WeeklyShift(MON, time(8), time(16))
NIGHT = WeeklyShift(TUE, time(20), time(8))  # Tue 20:00 to Wed 08:00
# The nights the clocks change in 2024: 10 March (spring forward), 3 November (fall back).
SAT_NIGHT = WeeklyShift(SAT, time(20), time(8))
SUN_NIGHT = WeeklyShift(SUN, time(1), time(3))


@pytest.mark.parametrize(
    ("shift", "when", "expected"),
    [
        (DAY, local(2024, 6, 3, 8, 0), True),  # a Monday, the first minute
        (DAY, local(2024, 6, 3, 15, 59), True),
        (DAY, local(2024, 6, 3, 16, 0), False),  # end is exclusive
        (DAY, local(2024, 6, 3, 7, 59), False),
        (DAY, local(2024, 6, 4, 9, 0), False),  # Tuesday
        (NIGHT, local(2024, 6, 4, 19, 59), False),
        (NIGHT, local(2024, 6, 4, 23, 30), True),
        (NIGHT, local(2024, 6, 5, 0, 30), True),  # crossed midnight into Wednesday
        (NIGHT, local(2024, 6, 5, 7, 59), True),
        (NIGHT, local(2024, 6, 5, 8, 0), False),
        (NIGHT, local(2024, 6, 5, 23, 0), False),  # Wednesday night is not Tuesday night
        (NIGHT, local(2024, 6, 3, 23, 0), False),
        (WeeklyShift(WED, time(0), time(0)), local(2024, 6, 5, 23, 59), True),  # all day
        (WeeklyShift(WED, time(0), time(0)), local(2024, 6, 6, 0, 0), False),
    ],
)
def test_weekly_shifts_in_local_time(shift: WeeklyShift, when: datetime, expected: bool) -> None:
    assert bool(on_call_at([entry(shift)], when)) is expected
    # The same moment given in UTC gives the same answer.
    assert bool(on_call_at([entry(shift)], when.astimezone(UTC))) is expected


@pytest.mark.parametrize(
    ("when_utc", "expected"),
    [
        # Spring forward: Sat 20:00 EST (01:00Z) to Sun 08:00 EDT (12:00Z) is 11 hours.
        (datetime(2024, 3, 10, 0, 59, tzinfo=UTC), False),
        (datetime(2024, 3, 10, 1, 0, tzinfo=UTC), True),
        (datetime(2024, 3, 10, 11, 59, tzinfo=UTC), True),
        # 12:30Z is 08:30 EDT: off, though a fixed -5 offset would still call it 07:30.
        (datetime(2024, 3, 10, 12, 30, tzinfo=UTC), False),
        # Fall back: Sat 20:00 EDT (00:00Z) to Sun 08:00 EST (13:00Z) is 13 hours.
        (datetime(2024, 11, 3, 0, 0, tzinfo=UTC), True),
        (datetime(2024, 11, 3, 12, 30, tzinfo=UTC), True),  # 07:30 EST
        (datetime(2024, 11, 3, 13, 0, tzinfo=UTC), False),
    ],
)
def test_overnight_shift_keeps_local_hours_across_dst(when_utc: datetime, expected: bool) -> None:
    assert bool(on_call_at([entry(SAT_NIGHT)], when_utc)) is expected


def test_shift_through_the_repeated_hour_of_fall_back() -> None:
    # 01:00-03:00 local on 3 Nov 2024 lasts three real hours (01:00 happens twice).
    start = datetime(2024, 11, 3, 5, 0, tzinfo=UTC)  # 01:00 EDT
    on = [start + timedelta(minutes=m) for m in range(0, 180, 10)]
    assert all(on_call_at([entry(SUN_NIGHT)], when) for when in on)
    assert not on_call_at([entry(SUN_NIGHT)], start + timedelta(hours=3))


def test_overrides_and_availability() -> None:
    when = local(2024, 6, 4, 12, 0)  # Tuesday noon, no shift
    window = Override(when - timedelta(hours=1), when + timedelta(hours=1), on_call=True)
    off = Override(when - timedelta(hours=1), when + timedelta(hours=1), on_call=False)
    assert not on_call_at([entry()], when)
    assert on_call_at([entry(overrides=(window,))], when)
    assert not on_call_at([entry(overrides=(window,))], when + timedelta(hours=2))
    # Off wins, over a shift and over an "on" override alike.
    tuesday_day = WeeklyShift(TUE, time(8), time(16))
    assert on_call_at([entry(tuesday_day)], when)
    assert not on_call_at([entry(tuesday_day, overrides=(off,))], when)
    assert not on_call_at([entry(overrides=(window, off))], when)
    # OFF by SMS, or not active: never on call.
    assert not on_call_at([entry(tuesday_day, available=False)], when)
    assert not on_call_at([entry(overrides=(window,), active=False)], when)
    # A number that opted out or cannot take texts: never on call either.
    assert not on_call_at([entry(tuesday_day, reachable=False)], when)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        on_call_at([entry(DAY)], datetime(2024, 6, 3, 9, 0))


def _responder(session, name: str, phone: str, **kw) -> Responder:
    contact = Contact(phone_hash=lookup_hash(phone), phone=phone)
    session.add(contact)
    session.flush()
    responder = Responder(name=name, contact_id=contact.id, roles=["recovery_coach"], **kw)
    session.add(responder)
    session.flush()
    return responder


def test_on_call_responders_reads_the_database(session) -> None:
    when = local(2024, 3, 10, 7, 30)  # Sunday 07:30 EDT, the morning clocks sprang forward
    night = _responder(session, "Night", "+14135550101")
    session.add(Shift(responder_id=night.id, weekday=SAT, starts=time(20), ends=time(8)))
    away = _responder(session, "Away", "+14135550102")
    session.add(Shift(responder_id=away.id, weekday=SAT, starts=time(20), ends=time(8)))
    session.add(
        OnCallOverride(
            responder_id=away.id,
            starts_at=when - timedelta(hours=2),
            ends_at=when + timedelta(hours=2),
            on_call=False,
        )
    )
    cover = _responder(session, "Cover", "+14135550103")
    session.add(
        OnCallOverride(
            responder_id=cover.id,
            starts_at=when - timedelta(hours=1),
            ends_at=when + timedelta(hours=1),
        )
    )
    _responder(session, "Gone", "+14135550104", active=False)
    session.commit()
    names = [e.name for e in on_call_responders(session, when)]
    assert names == ["Night", "Cover"]
    assert [e.name for e in on_call_responders(session, when - timedelta(minutes=90))] == ["Night"]


def test_a_responder_whose_number_cannot_be_texted_is_not_on_call(session) -> None:
    when = local(2024, 6, 4, 12, 0)
    people = (("Stopped", "+14135550111"), ("Landline", "+14135550112"), ("Ana", "+14135550113"))
    for name, phone in people:
        responder = _responder(session, name, phone)
        session.add(
            OnCallOverride(
                responder_id=responder.id,
                starts_at=when - timedelta(hours=1),
                ends_at=when + timedelta(hours=1),
            )
        )
    contacts = {contact.phone: contact for contact in session.scalars(select(Contact))}
    contacts["+14135550111"].opted_out_at = when - timedelta(days=1)  # texted STOP
    contacts["+14135550112"].invalid_at = when - timedelta(days=1)  # Twilio said landline
    session.commit()
    assert [e.name for e in on_call_responders(session, when)] == ["Ana"]
    reachable = {e.name: e.reachable for e in load_roster(session, when)}
    assert reachable == {"Stopped": False, "Landline": False, "Ana": True}
