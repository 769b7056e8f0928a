"""When the team will reach out, as it stands: "by Wed 2:36 AM", "para el miercoles a las
2:36 AM". Hours into the window, "within 24 hours" would promise more time than is left.

Said in the program's time zone, as responders are told the deadline; a deadline is at most
a couple of days away, so its day's name is enough. Plain GSM-7 (no accents)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

_DAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"),
}


def due_said(due: datetime, tz: str, language: str) -> str:
    """The deadline with the word before it, in the texter's language (English otherwise)."""
    local = due.astimezone(ZoneInfo(tz))
    hour = local.hour % 12 or 12
    clock = f"{hour}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"
    if language == "es":
        day = _DAYS["es"][local.weekday()]
        return f"para el {day} a {'la' if hour == 1 else 'las'} {clock}"
    return f"by {_DAYS['en'][local.weekday()]} {clock}"


def window_said(hours: int, hours_word: str, language: str) -> str:
    """The whole window, when no deadline is known: "within 24 hours"."""
    return f"{'dentro de' if language == 'es' else 'within'} {hours} {hours_word}"
