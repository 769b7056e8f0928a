"""How a moment reads in a text to a responder or coordinator."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local_time(when: datetime, tz: str) -> str:
    """ "Tue Mar 12 at 3:15 PM" in the program's time zone. On the night the clocks go back
    the hour before comes twice, so a time in it names its zone ("at 1:30 AM EDT")."""
    local = when.astimezone(ZoneInfo(tz))
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    said = f"{local:%a %b} {local.day} at {hour}:{local:%M} {half}"
    twice = local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()
    return f"{said} {local.tzname()}" if twice else said
