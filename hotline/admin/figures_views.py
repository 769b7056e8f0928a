"""Figures for program evaluation: charts and tables for a date range, each table as CSV.

Everything here is de-identified counts, so viewers see it as well as coordinators and admins;
viewers see it by whole months with counts rounded (``hotline.figures_disclosure``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import Response, abort, render_template, request

from flows.places import NEAR_KM
from hotline import figures
from hotline.admin import bp
from hotline.admin.auth import has_role, role_required
from hotline.admin.clock import now, settings
from hotline.admin.downloads import audited_csv
from hotline.charts import bar_chart, line_chart
from hotline.database import db_session
from hotline.figures_disclosure import (
    EXACT_FOR_STAFF,
    SMALL_AREA_NOTE,
    VIEWER_RULE,
    for_viewers,
    rounded,
    whole_months,
)
from routing.bad_batch_alerts import subscriber_count

DEFAULT_WEEKS = 12
MAX_DAYS = 3 * 366


class DateRange(NamedTuple):
    """The chosen days (``last`` included), the half-open local range they cover, what was
    changed from the dates asked for (``notes``), and dates that could not be read."""

    first: date
    last: date
    start: datetime
    end: datetime
    notes: tuple[str, ...]
    unreadable: tuple[str, ...]


def _date_arg(name: str, label: str, default: date, shown: str) -> tuple[date, str | None]:
    """The date given as ``name``, or ``default`` and why when it is not a date."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default, None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return default, (
            f'The {label} date "{raw[:40]}" is not a date: write it like 2024-03-04. '
            f"Shown {shown} {default.isoformat()} instead."
        )


def exact_figures() -> bool:
    """Coordinators and admins read the cases themselves: their figures hide nothing."""
    return has_role("coordinator")


def date_range() -> DateRange:
    """The days asked for, kept within what can hold figures: never past today (nothing has
    happened yet, and a far date such as 9999-12-31 has no day after it), at most MAX_DAYS;
    for a viewer, whole months that are over."""
    tz = ZoneInfo(settings().timezone)
    today = now().astimezone(tz).date()
    this_monday = today - timedelta(days=today.weekday())
    first, bad_start = _date_arg(
        "start", "start", this_monday - timedelta(weeks=DEFAULT_WEEKS - 1), "from"
    )
    last, bad_end = _date_arg("end", "end", today, "to")
    unreadable = tuple(message for message in (bad_start, bad_end) if message)
    notes: list[str] = []
    if last < first:
        first, last = last, first
        notes.append(
            f"The start date {last.isoformat()} is after the end date {first.isoformat()}: "
            f"shown from {first.isoformat()} to {last.isoformat()}."
        )
    if last > today:
        last = today
        notes.append(f"There are no figures after today: shown to {today.isoformat()}.")
        first = min(first, today)
    if (last - first).days > MAX_DAYS:
        first = last - timedelta(days=MAX_DAYS)
        notes.append(f"At most {MAX_DAYS} days are shown at once: shown from {first.isoformat()}.")
    if not exact_figures():
        first, last, months = whole_months(first, last, today, MAX_DAYS)
        notes.extend(months)
    start = datetime.combine(first, time(), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=tz)
    return DateRange(first, last, start, end, (*unreadable, *notes), unreadable)


def _far_km() -> float:
    """What counts as nearby; never wider than the finder looks (it lists nothing farther)."""
    value = request.args.get("far_km", type=float)
    if value is None or not 0.5 <= value < float("inf"):
        return figures.DEFAULT_FAR_KM
    return min(value, NEAR_KM)


def _compute(days: DateRange) -> tuple[figures.Figures, float]:
    far_km = _far_km()
    result = figures.compute_figures(
        db_session(), days.start, days.end, now=now(), tz=settings().timezone, far_km=far_km
    )
    return (result if exact_figures() else for_viewers(result)), far_km


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} h"


def _share(value: float | None) -> str:
    """A share as a whole percentage; never 100% while someone was missed, nor 0% while
    someone was reached."""
    if value is None:
        return "no cases yet"
    percent = round(value * 100)
    if value < 1:
        percent = min(percent, 99)
    if value > 0:
        percent = max(percent, 1)
    return f"{percent}%"


@bp.get("/figures")
@role_required("viewer", "coordinator", "admin")
def figures_page() -> str:
    """People, response times, who asked and from where, outcomes, naloxone gaps, program
    events and opt-outs."""
    days = date_range()
    first, last = days.first, days.last
    result, far_km = _compute(days)
    tables = result.tables
    weeks = tables["cases_by_week"].rows
    charts = {
        "cases_by_week": line_chart(
            "Cases by week",
            [(figures.week_label(week, first, last), n) for week, _days, n in weeks],
            hollow={index for index, (_week, days, _n) in enumerate(weeks) if days < 7},
        ),
        "cases_by_type": bar_chart(
            "Cases by type",
            [(kind.replace("_", " "), n) for kind, n in tables["cases_by_type"].rows],
        ),
        "cases_by_town": bar_chart(
            "Cases by town", [(town, n) for town, n, _ in tables["cases_by_town"].rows]
        ),
        "outcomes": bar_chart(
            "Outcomes", [(name.replace("_", " "), n) for name, n in tables["outcomes"].rows]
        ),
        "naloxone_searches": bar_chart(
            "Naloxone searches that found nothing nearby, by town",
            [(row[0], row[3]) for row in tables["naloxone_searches"].rows if row[3]],
            empty="No gaps: every search found a site nearby",
        ),
        "program_events": bar_chart(
            "Program events (each text counted, not each person)",
            [(label, n) for _kind, label, n in tables["program_events"].rows],
        ),
    }
    notes = {"naloxone_searches": figures.TEAM_SEARCHES_NOT_COUNTED}
    if not exact_figures():
        notes["cases_by_town"] = SMALL_AREA_NOTE
    short = [figures.week_label(week, first, last) for week, days, _n in weeks if days < 7]
    if short:
        notes["cases_by_week"] = (
            "Partial weeks (open circles), counting only the days in range: " + "; ".join(short)
        )
    # Who gets an alert sent now, not a count over the range; rounded as the other counts of
    # people are for viewers.
    subscribers = subscriber_count(db_session())
    if not exact_figures():
        subscribers = rounded(subscribers)
    query = {"start": first.isoformat(), "end": last.isoformat()}
    if far_km != figures.DEFAULT_FAR_KM:
        query["far_km"] = f"{far_km:g}"
    return render_template(
        "admin/figures/index.html",
        first=first,
        last=last,
        range_notes=days.notes,
        disclosure=EXACT_FOR_STAFF if exact_figures() else VIEWER_RULE,
        rounded=not exact_figures(),
        far_km=far_km,
        near_km=NEAR_KM,
        result=result,
        subscribers=subscribers,
        tables=tables,
        charts=charts,
        notes=notes,
        query=query,
        hours=_hours,
        share=_share,
    )


@bp.get("/figures/<name>.csv")
@role_required("viewer", "coordinator", "admin")
def figures_csv(name: str) -> Response:
    """One table of the figures page as CSV, for the same range; a date that is no date is
    refused rather than a file of other dates downloaded under its name."""
    days = date_range()
    if days.unreadable:
        abort(400, " ".join(days.unreadable))
    first, last = days.first, days.last
    result, _far_km = _compute(days)
    table = result.tables.get(name)
    if table is None:
        abort(404)
    session = db_session()
    return audited_csv(
        session,
        table.to_csv(),
        f"{name}_{first.isoformat()}_{last.isoformat()}.csv",
        action="figures.export",
        target=f"figures:{name}",
        data={"start": first.isoformat(), "end": last.isoformat()},
    )
