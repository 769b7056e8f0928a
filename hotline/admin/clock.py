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


@bp.app_template_global("when")
def local_time(moment: datetime | None, fmt: str = "%a %d %b %Y %H:%M") -> str:
    """A stored UTC time in the program's time zone, for people to read (``when`` in every
    admin template)."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(settings().timezone)).strftime(fmt)
