"""Opening hours and opening times as a texter reads them, short and in their language.

"Mon-Thu 10:00-20:00; Fri-Sat 10:00-17:00" is sent as "Mon-Thu 10am-8pm; Fri-Sat 10am-5pm",
or "Lun-Jue 10am-8pm; Vie-Sab 10am-5pm" in Spanish. Built from the parsed hours
(``flows.places.parse_hours``); hours that do not parse keep their words, with the day names
translated. Every word here is GSM-7 ("Sab", not "Sáb"), so a site list stays in the cheaper
encoding.
"""

from __future__ import annotations

import re
from datetime import datetime

from flows.places import OpeningHours, parse_hours

_DAY_NAMES = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "es": ("Lun", "Mar", "Mié", "Jue", "Vie", "Sab", "Dom"),
}
_EVERY_DAY = {"en": "Daily", "es": "Lun-Dom"}
_AROUND_THE_CLOCK = {"en": "Open 24 hours", "es": "Abierto 24 horas"}
_ALL_DAY = {"en": "24 hours", "es": "24 horas"}
_TODAY = {"en": ("today", "tomorrow"), "es": ("hoy", "mañana")}
# Day words admins type, for hours that do not parse: "Mon", "Tues", "Monday", "Daily".
_DAY_WORD = re.compile(
    r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\b"
    r"|\b(daily)\b",
    flags=re.IGNORECASE,
)
_DAY_INDEX = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
              "fri": 4, "sat": 5, "sun": 6}  # fmt: skip


def _names(language: str) -> tuple[str, ...]:
    return _DAY_NAMES.get(language, _DAY_NAMES["en"])


def clock(minute: int) -> str:
    """A minute of the day (past 1440 for after midnight) as "10am", "8:30pm", "12am"."""
    hour, mins = divmod(minute % 1440, 60)
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}{suffix}" if mins == 0 else f"{shown}:{mins:02d}{suffix}"


def _day_runs(days: list[int], language: str) -> str:
    """Weekdays as runs, wrapping past Sunday: [0, 1, 2, 3] "Mon-Thu", [2, 4] "Wed, Fri"."""
    names = _names(language)
    if len(days) == 7:
        return _EVERY_DAY.get(language, _EVERY_DAY["en"])
    chosen = set(days)
    # Start each run at a day whose day before is not chosen, so "Fri-Mon" stays one run.
    starts = [d for d in range(7) if d in chosen and (d - 1) % 7 not in chosen]
    runs = []
    for start in starts:
        end = start
        while (end + 1) % 7 in chosen:
            end = (end + 1) % 7
        runs.append(names[start] if end == start else f"{names[start]}-{names[end]}")
    return ", ".join(runs)


def describe_hours(hours: OpeningHours, language: str) -> str:
    """Parsed hours, short: days that share their times grouped, "; " between groups."""
    if hours.around_the_clock:
        return _AROUND_THE_CLOCK.get(language, _AROUND_THE_CLOCK["en"])
    spans: dict[int, list[tuple[int, int]]] = {}
    for day, start, end in hours.intervals:
        spans.setdefault(day, []).append((start, end))
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for day in sorted(spans):
        groups.setdefault(tuple(sorted(spans[day])), []).append(day)
    parts = []
    for times, days in groups.items():
        if times == ((0, 1440),):  # not "12am-12am"
            ranges = _ALL_DAY.get(language, _ALL_DAY["en"])
        else:
            ranges = ",".join(f"{clock(start)}-{clock(end)}" for start, end in times)
        parts.append(f"{_day_runs(days, language)} {ranges}")
    return "; ".join(parts)


def hours_text(hours: str, language: str) -> str | None:
    """A site's hours as sent to a texter; None when they are empty or unknown."""
    try:
        parsed = parse_hours(hours)
    except ValueError:  # kept as typed, in the texter's day names
        return _DAY_WORD.sub(lambda m: _translate_day(m, language), " ".join(hours.split()))
    return None if parsed is None else describe_hours(parsed, language)


def open_around_the_clock(hours: str) -> bool:
    """Whether a site's hours are every minute of the week, so "open now" says nothing more."""
    try:
        parsed = parse_hours(hours)
    except ValueError:
        return False
    return parsed is not None and parsed.around_the_clock


def _translate_day(match: re.Match[str], language: str) -> str:
    if match.group(2):
        return _EVERY_DAY.get(language, _EVERY_DAY["en"])
    return _names(language)[_DAY_INDEX[match.group(1).lower()]]


def opening_text(opens: datetime, now: datetime, language: str) -> str:
    """When a closed site opens, from ``now`` (both in the program's zone): "today 10am",
    "tomorrow 8:30am", "Wed 12pm"."""
    today, tomorrow = _TODAY.get(language, _TODAY["en"])
    ahead = (opens.date() - now.astimezone(opens.tzinfo).date()).days
    day = today if ahead == 0 else tomorrow if ahead == 1 else _names(language)[opens.weekday()]
    return f"{day} {clock(opens.hour * 60 + opens.minute)}"
