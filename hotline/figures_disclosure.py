"""The figures as a viewer sees them: whole calendar months, every count rounded to 5.

Viewers (funders, the county) never see cases, and what they take away leaves the program.
Exact counts over any days let them set one range against another: Ware 6 from Nov 1 to 25,
Ware 5 from Nov 21 to 25, one partner referral on Nov 20, so that day's case was a partner's
post-overdose referral in Ware. So, for them:

- ranges are whole calendar months, and only months that are over (a month seen day after day
  would show the day a town's count went up);
- places with fewer than 5 (cases, or naloxone searches) are counted together, unnamed, and
  then every count of cases, of people with a case and of searches is rounded to the nearest
  5. The rest rows ("other towns", "(not given)") and the totals are rounded as well: an exact
  total less the rounded towns would give the rest exactly, and a table of one town would be
  the total itself. Overlapping months then differ by a multiple of 5, never by one case.

Shares of the whole county (reached within 24 h) are worked out from the exact counts, as
statistics offices do, so a small month does not read 100% for 2 of 5; a share by town is
worked out from the rounded counts, or it would give the town's counts back. Counts of texts
and numbers with no place or case (program events, opt-outs, people who texted) stay exact.
Coordinators and admins see every case, so their figures are exact, over any days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from hotline.figures import (
    PLACE_NOT_RECOGNISED,
    SMALL_COUNT,
    ContactShare,
    Durations,
    Figures,
    People,
    Table,
    summary_table,
)

BASE = 5
SMALL_PLACES = f"other places (fewer than {SMALL_COUNT} searches each)"
VIEWER_RULE = (
    "To keep any one person from being picked out, these figures come by whole calendar "
    "months, once a month is over, and every count of cases, people with a case and searches "
    f"is rounded to the nearest {BASE} (0 means 0 to 2). Towns and places with fewer than "
    f"{SMALL_COUNT} are counted together first, and a row that rounds to 0 is left out. "
    "Shares of the whole county are worked out from the exact counts; counts of texts and "
    "opt-outs are exact."
)
SMALL_AREA_NOTE = (
    f"Towns with fewer than {SMALL_COUNT} cases are counted together, then every count is "
    f"rounded to the nearest {BASE}; a row that rounds to 0 is left out."
)
EXACT_FOR_STAFF = (
    "You see exact counts over any days. Viewers see whole months with counts rounded to "
    f"the nearest {BASE}: share their figures, not these, outside the program."
)


def rounded(count: int) -> int:
    """The nearest multiple of ``BASE`` (0, 1, 2 to 0; 3 to 7 to 5)."""
    return BASE * ((count + BASE // 2) // BASE)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def whole_months(
    first: date, last: date, today: date, max_days: int
) -> tuple[date, date, list[str]]:
    """The months that hold ``first`` to ``last``, ending with the last month that is over,
    and what was changed, in words."""
    month_start = first.replace(day=1)
    month_end = _month_end(last)
    notes: list[str] = []
    this_month = today.replace(day=1)
    if month_end >= this_month:
        month_end = this_month - timedelta(days=1)
        notes.append(f"{today:%B %Y} is not over yet: shown to {month_end.isoformat()}.")
    month_start = min(month_start, month_end.replace(day=1))
    while (month_end - month_start).days > max_days:
        month_start = _month_end(month_start) + timedelta(days=1)
    if (month_start, month_end) != (first, last):
        notes.append(
            "Viewers see whole calendar months: shown from "
            f"{month_start.isoformat()} to {month_end.isoformat()}."
        )
    return month_start, month_end, notes


@dataclass(frozen=True)
class RoundedShare(ContactShare):
    """Rounded counts beside the share of the exact ones (county-wide: no place in it)."""

    exact_share: float | None = None

    @property
    def share(self) -> float | None:
        return self.exact_share


def _rounded_counts(table: Table, counts: tuple[str, ...], keep_zero: bool = False) -> Table:
    """The table with ``counts`` columns rounded; rows rounding to nothing left out."""
    indexes = [table.columns.index(column) for column in counts]
    rows = []
    for row in table.rows:
        values = list(row)
        for index in indexes:
            values[index] = rounded(int(values[index] or 0))
        if keep_zero or any(values[index] for index in indexes):
            rows.append(tuple(values))
    return replace(table, rows=rows)


def _searches_by_place(table: Table) -> Table:
    """Places with fewer than ``SMALL_COUNT`` searches together, then every count rounded and
    the gap share worked out from the rounded counts."""
    small = [0, 0, 0]
    kept: list[tuple[Any, ...]] = []
    for place, searches, empty, gaps, _share in table.rows:
        if searches < SMALL_COUNT and place != PLACE_NOT_RECOGNISED:
            small = [small[0] + searches, small[1] + empty, small[2] + gaps]
        else:
            kept.append((place, searches, empty, gaps))
    if small[0]:
        kept.append((SMALL_PLACES, *small))
    rows = []
    for place, *counts in kept:
        searches, empty, gaps = (rounded(n) for n in counts)
        if searches:
            rows.append((place, searches, empty, gaps, gaps / searches))
    rows.sort(key=lambda row: (-row[3], -row[1], row[0]))
    return replace(table, rows=rows)


def for_viewers(result: Figures) -> Figures:
    """The figures with every count of cases, people with a case and searches rounded."""
    people = People(
        result.people.texted,
        rounded(result.people.with_case),
        rounded(result.people.counted_by_case),
    )
    shown = replace(
        result,
        cases=rounded(result.cases),
        duplicates=rounded(result.duplicates),
        people=people,
        time_to_claim=_rounded_durations(result.time_to_claim),
        time_to_contact=_rounded_durations(result.time_to_contact),
        contact_shares=tuple(
            RoundedShare(s.hours, rounded(s.contacted), rounded(s.eligible), s.share)
            for s in result.contact_shares
        ),
        tables={},
    )
    tables = dict(result.tables)
    tables["summary"] = summary_table(shown)
    tables["cases_by_type"] = _rounded_counts(tables["cases_by_type"], ("cases",))
    tables["cases_by_town"] = _rounded_counts(tables["cases_by_town"], ("cases", "reached"))
    tables["cases_by_week"] = _rounded_counts(tables["cases_by_week"], ("cases",), keep_zero=True)
    tables["outcomes"] = _rounded_counts(tables["outcomes"], ("cases",))
    tables["naloxone_searches"] = _searches_by_place(tables["naloxone_searches"])
    shown.tables.update(tables)
    return shown


def _rounded_durations(durations: Durations) -> Durations:
    return replace(durations, count=rounded(durations.count))
