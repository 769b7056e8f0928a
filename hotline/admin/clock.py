"""The admin's clock and time zone: one place for "now" and for times people read."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app

from hotline.admin import bp
from routing import runtime


def now() -> datetime:
    """The runtime's clock (tests move it), so SLA states and event times agree."""
    return runtime.current().clock()


def settings() -> Any:
    return current_app.extensions["hotline.settings"]


# How people in the US name the zones (the tz database's own names stay beside them).
ZONE_NAMES = {
    "America/New_York": "Eastern time",
    "US/Eastern": "Eastern time",
    "America/Chicago": "Central time",
    "US/Central": "Central time",
    "America/Denver": "Mountain time",
    "US/Mountain": "Mountain time",
    "America/Phoenix": "Mountain time",
    "America/Los_Angeles": "Pacific time",
    "US/Pacific": "Pacific time",
}


def zone_name(zone: str, between: str = " ({})") -> str:
    """ "Eastern time (America/New_York)": the program's zone as people say it, with its
    exact name, which holds underscores and is never shown without them."""
    said = ZONE_NAMES.get(zone)
    return said + between.format(zone) if said else zone


@bp.app_template_global("when")
def local_time(moment: datetime | None, seconds: bool = False) -> str:
    """A stored UTC time in the program's time zone, for people to read (``when`` in every
    admin template): "Tue 24 Nov 2026, 09:11 EST", with seconds only where they matter.

    Each value names its zone (EST or EDT), so times either side of a clock change read right.
    """
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(settings().timezone))
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{local:%a} {local.day} {local:%b %Y}, {clock} {local:%Z}"
