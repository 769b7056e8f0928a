"""Figures for program evaluation: how many people, how fast they are reached, who asks, where
the gaps are, and how many opted out.

Every figure takes a session and a half-open date range ``[start, end)`` on when the thing
happened (a case was created, a text came in, a search was made). People are told apart by
their number's row, never by the number itself. Durations are fetched and their percentiles
computed in Python, so the numbers are the same on SQLite and PostgreSQL. Nothing here reads a
name, a phone number or a message body: the figures are de-identified counts.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import case as sql_case
from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session

from flows.csv_cells import escape_formula
from flows.places import NEAR_KM
from hotline.contacts import team_numbers
from hotline.erasure import ERASURE_ACTOR
from models import (
    Case,
    CaseEvent,
    Message,
    NaloxoneSearch,
    OptOutEvent,
    ProgramEvent,
)
from routing.claims import WITHDRAWN

# A search whose nearest site is farther than this found nothing a person could walk or bus to.
DEFAULT_FAR_KM = 10.0
CONTACT_WINDOWS_HOURS = (24, 48)
UNKNOWN = "(not given)"
# Towns with fewer cases than this are not named (counted together as SMALL_TOWNS).
SMALL_COUNT = 5
SMALL_TOWNS = f"other towns (fewer than {SMALL_COUNT} cases each)"
PLACE_NOT_RECOGNISED = "(place not recognised)"
DUPLICATE = "duplicate"
TEAM_SEARCHES_NOT_COUNTED = (
    "Searches by responders on the roster are not counted: they look up sites for people they "
    "meet, and these figures show where the public looks."
)
ERASED = "erased at the person's request"


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0–100) with linear interpolation between ranks; None when empty."""
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError("a percentile lies between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Table:
    """One figure as rows, the same shape on the page and in its CSV export."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    # Columns holding a share from 0 to 1: a whole percentage on the page, the number in CSV.
    shares: tuple[str, ...] = ()

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if value is None else _csv_value(value) for value in row])
        return out.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, str):
        # A town typed by a texter must not run as a formula when the CSV is opened.
        return escape_formula(value)
    return value


@dataclass(frozen=True)
class Durations:
    """How long something took, in hours, over the cases where it happened."""

    count: int
    median_hours: float | None
    p90_hours: float | None

    @classmethod
    def of(cls, hours: Sequence[float]) -> Durations:
        return cls(len(hours), percentile(hours, 50), percentile(hours, 90))


@dataclass(frozen=True)
class ContactShare:
    """Cases reached within a window, over the cases whose window has passed or that were met."""

    hours: int
    contacted: int
    eligible: int

    @property
    def share(self) -> float | None:
        return self.contacted / self.eligible if self.eligible else None


@dataclass(frozen=True)
class People:
    """How many people, told apart by their number: counts only, never who."""

    texted: int  # numbers that texted the hotline in the range (the team's left out)
    with_case: int  # people among the cases created in the range
    # Of ``with_case``: cases with no number on file (a partner referral without consent to
    # text, or a case erased at the person's request), each counted as one person.
    counted_by_case: int


@dataclass(frozen=True)
class Figures:
    start: datetime
    end: datetime
    cases: int
    duplicates: int
    people: People
    time_to_claim: Durations
    time_to_contact: Durations
    contact_shares: tuple[ContactShare, ...]
    tables: dict[str, Table]


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _cases_in(start: datetime, end: datetime) -> Any:
    return (Case.created_at >= start) & (Case.created_at < end)


class CaseTiming(NamedTuple):
    """One case as the response figures see it."""

    created: datetime
    claimed: datetime | None  # the first claim, even when the case was handed back since
    contacted: datetime | None
    closed: datetime | None
    status: str
    outcome: str | None
    erased: bool  # closed because the person asked to be erased
    contact_id: int | None  # None for a partner referral without a number to text, or erased

    @property
    def to_reach(self) -> bool:
        """False for a case closed as a duplicate: the person is counted on their other case."""
        return not (self.status == "closed" and self.outcome == DUPLICATE)


def case_timings(session: Session, start: datetime, end: datetime) -> list[CaseTiming]:
    """Each case created in the range, with its first claim read from its timeline.

    ``Case.claimed_at`` is the latest claim: a case handed back to the team (its responder
    taken off the roster) and claimed again gets a new one. The team took the case at the
    first claim, so that is what time to claim measures.
    """
    first_claim = (
        select(func.min(CaseEvent.at))
        .where(CaseEvent.case_id == Case.id, CaseEvent.kind == "claimed")
        .correlate(Case)
        .scalar_subquery()
    )
    erased = (
        select(CaseEvent.id)
        .where(
            CaseEvent.case_id == Case.id,
            CaseEvent.kind == "closed",
            CaseEvent.actor == ERASURE_ACTOR.label,
        )
        .correlate(Case)
        .exists()
    )
    rows = session.execute(
        select(
            Case.created_at,
            func.coalesce(first_claim, Case.claimed_at),
            Case.contacted_at,
            Case.closed_at,
            Case.status,
            Case.outcome,
            erased,
            Case.contact_id,
        ).where(_cases_in(start, end))
    )
    return [
        CaseTiming(created, claimed, contacted, closed, status, outcome, bool(was_erased), contact)
        for created, claimed, contacted, closed, status, outcome, was_erased, contact in rows
    ]


def _claim_hours(timings: Sequence[CaseTiming]) -> Durations:
    return Durations.of(
        [_hours(t.claimed - t.created) for t in timings if t.claimed and t.to_reach]
    )


def _contact_hours(timings: Sequence[CaseTiming]) -> Durations:
    return Durations.of(
        [_hours(t.contacted - t.created) for t in timings if t.contacted and t.to_reach]
    )


def time_to_claim(session: Session, start: datetime, end: datetime) -> Durations:
    """Hours from a case's creation to its first claim, over the claimed cases."""
    return _claim_hours(case_timings(session, start, end))


def time_to_contact(session: Session, start: datetime, end: datetime) -> Durations:
    """Hours from a case's creation to first contact with the person, over the reached cases."""
    return _contact_hours(case_timings(session, start, end))


def contact_shares(
    session: Session,
    start: datetime,
    end: datetime,
    now: datetime,
    windows: Sequence[int] = CONTACT_WINDOWS_HOURS,
) -> tuple[ContactShare, ...]:
    """Share of cases reached within each window (24 h, 48 h).

    A case still inside its window and not yet reached is left out: it can still be met, so
    counting it as missed would make a recent week look worse than it is. So is a duplicate
    (the person is counted once, on their other case), and a case erased at the person's
    request before its window ended: nobody could reach them through it after that.
    """
    return _shares(case_timings(session, start, end), now, windows)


def _shares(
    timings: Sequence[CaseTiming], now: datetime, windows: Sequence[int]
) -> tuple[ContactShare, ...]:
    shares = []
    for hours in windows:
        window = timedelta(hours=hours)
        met = eligible = 0
        for t in timings:
            if not t.to_reach:
                continue
            on_time = t.contacted is not None and t.contacted - t.created <= window
            # Erased at the person's request, or their request withdrawn by text, before the
            # window ended: nobody was left to reach.
            withdrawn = (
                (t.erased or t.outcome == WITHDRAWN)
                and not on_time
                and t.closed is not None
                and t.closed < t.created + window
            )
            if not withdrawn and (on_time or t.created + window <= now):
                eligible += 1
                met += on_time
        shares.append(ContactShare(hours, met, eligible))
    return tuple(shares)


def cases_by_kind(session: Session, start: datetime, end: datetime) -> Table:
    rows = session.execute(
        select(Case.kind, func.count(Case.id))
        .where(_cases_in(start, end))
        .group_by(Case.kind)
        .order_by(func.count(Case.id).desc(), Case.kind)
    )
    return Table("cases_by_type", "Cases by type", ("type", "cases"), [tuple(r) for r in rows])


def cases_by_town(session: Session, start: datetime, end: datetime) -> Table:
    """Cases and how many were reached, by town; towns with fewer than ``SMALL_COUNT`` cases
    are counted together, unnamed: in a small town a count of one can point to a neighbour,
    and these tables leave the program (exports to funders and the county)."""
    rows = session.execute(
        select(Case.town, func.count(Case.id), func.count(sql_case((Case.reached, 1))))
        .where(_cases_in(start, end))
        .group_by(Case.town)
    )
    named: list[tuple[str, int, int]] = []
    small = [0, 0]
    unknown = [0, 0]
    for town, total, reached in rows:
        if town is None:
            unknown = [unknown[0] + total, unknown[1] + reached]
        elif total < SMALL_COUNT:
            small = [small[0] + total, small[1] + reached]
        else:
            named.append((town, total, reached))
    ordered = sorted(named, key=lambda row: (-row[1], row[0]))
    for label, (total, reached) in ((SMALL_TOWNS, small), (UNKNOWN, unknown)):
        if total:
            ordered.append((label, total, reached))
    return Table("cases_by_town", "Cases by town", ("town", "cases", "reached"), ordered)


def week_of(moment: datetime, tz: ZoneInfo) -> date:
    """The Monday that starts the moment's week, in the program's local time."""
    local = _aware(moment).astimezone(tz).date()
    return local - timedelta(days=local.weekday())


def cases_by_week(session: Session, start: datetime, end: datetime, tz: ZoneInfo) -> Table:
    """Cases per local week (weeks with none are shown, so a chart's gaps are real).

    A range that starts or ends inside a week cuts that week short: its ``days_in_range`` is
    below 7, so a short first or last week is not read as a drop in cases.
    """
    created = session.scalars(select(Case.created_at).where(_cases_in(start, end)))
    counts = Counter(week_of(moment, tz) for moment in created)
    first = _aware(start).astimezone(tz).date()
    last = _aware(end - timedelta(microseconds=1)).astimezone(tz).date()
    rows = []
    week = week_of(start, tz)
    while week <= last:
        days = (min(week + timedelta(days=6), last) - max(week, first)).days + 1
        rows.append((week.isoformat(), days, counts.get(week, 0)))
        week += timedelta(days=7)
    return Table(
        "cases_by_week",
        "Cases by week (a week the range cuts short has fewer than 7 days in range)",
        ("week_starting", "days_in_range", "cases"),
        rows,
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def week_label(week_starting: str, first: date, last: date) -> str:
    """A week as a chart names it: its Monday, and the days the range holds when it cuts the
    week short (``2024-03-04 (from 6 Mar)``)."""
    monday = date.fromisoformat(week_starting)
    since, until = max(monday, first), min(monday + timedelta(days=6), last)
    if since == monday and until == monday + timedelta(days=6):
        return week_starting
    if since == until:
        return f"{week_starting} ({_day(since)} only)"
    if since > monday and until < monday + timedelta(days=6):
        return f"{week_starting} ({_day(since)} to {_day(until)})"
    if since > monday:
        return f"{week_starting} (from {_day(since)})"
    return f"{week_starting} (to {_day(until)})"


def outcomes(session: Session, start: datetime, end: datetime) -> Table:
    """How the cases created in the range ended (open ones counted by status)."""
    return _outcomes(case_timings(session, start, end))


def _outcome_label(t: CaseTiming) -> str:
    if t.status != "closed":
        return f"open: {t.status}"
    # Erasure closes a case "other"; it says nothing about how the work with the person went.
    return ERASED if t.erased else (t.outcome or "closed")


def _outcomes(timings: Sequence[CaseTiming]) -> Table:
    counts = Counter(_outcome_label(t) for t in timings)
    ordered = sorted(counts.items(), key=lambda row: (-row[1], row[0]))
    return Table("outcomes", "Outcomes", ("outcome", "cases"), ordered)


def _search_place(town: str | None, zip_code: str | None) -> str:
    """Where a search was for: its town, else its ZIP (one several towns share, or one outside
    the county), else the place typed was not recognised."""
    if town:
        return town
    return f"ZIP {zip_code}" if zip_code else PLACE_NOT_RECOGNISED


def naloxone_gaps(
    session: Session, start: datetime, end: datetime, far_km: float = DEFAULT_FAR_KM
) -> Table:
    """Naloxone-finder searches by town, and how many found no site, or none within ``far_km``.

    An active responder's searches are never recorded (``hotline.effects``), so these are the
    public's.

    The finder lists sites within ``NEAR_KM`` only, so a wider ``far_km`` would count nothing
    more: it is capped there, and the title says what was counted.
    """
    far_km = min(far_km, NEAR_KM)
    none_found = NaloxoneSearch.results == 0
    too_far = NaloxoneSearch.nearest_km > far_km
    in_range = (NaloxoneSearch.at >= start) & (NaloxoneSearch.at < end)
    rows = session.execute(
        select(
            NaloxoneSearch.town,
            NaloxoneSearch.zip,
            func.count(NaloxoneSearch.id),
            func.sum(sql_case((none_found, 1), else_=0)),
            func.sum(sql_case((or_(none_found, too_far), 1), else_=0)),
        )
        .where(in_range)
        .group_by(NaloxoneSearch.town, NaloxoneSearch.zip)
    )
    by_place: dict[str, list[int]] = {}
    for town, zip_code, total, empty, gaps in rows:
        counts = by_place.setdefault(_search_place(town, zip_code), [0, 0, 0])
        counts[0] += int(total)
        counts[1] += int(empty or 0)
        counts[2] += int(gaps or 0)
    ordered = sorted(
        (
            (place, total, empty, gaps, gaps / total if total else None)
            for place, (total, empty, gaps) in by_place.items()
        ),
        key=lambda row: (-row[3], -row[1], row[0]),
    )
    return Table(
        "naloxone_searches",
        f"Naloxone-finder searches by town (gap: no site found, or none within {far_km:g} km)",
        ("town", "searches", "no_site_found", "gaps", "gap_share"),
        ordered,
        shares=("gap_share",),
    )


# What each program event counts, in plain words. Events keep no who, so each is one text (or
# one conversation), never one person: a person who texts about an overdose three times is three.
# Kinds are written by the flow engine (``log_event`` effects in ``flows/engine.py`` and
# ``flows/interrupt_answers.py``, and any a script adds), and by ``hotline.inbound`` (a text set
# aside).
PROGRAM_EVENT_LABELS = {
    "emergency": "texts read as a possible overdose happening now (911 and naloxone steps "
    "sent back, except to a number that had opted out; each text counted)",
    "crisis": "texts that speak of suicide or self-harm (988 given, except to a number that "
    "had opted out; each text counted)",
    "urgent": 'texts calling for help at once without naming an overdose, such as "send help" '
    "(the first 911 and naloxone steps sent back, then the conversation went on; each text "
    "counted)",
    "help": "texts asking for HELP or INFO (program details sent; each text counted)",
    "search_test_strips": "searches for sites with test strips (each text counted)",
    "search_syringe_services": "searches for sites with syringes (each text counted)",
    "search_supplies": "searches for sites with test strips or syringes (each text counted)",
    "expired": "conversations left part-way, started afresh when the person texted again "
    "after a long pause",
    "text_set_aside": "texts set aside because handling them failed (an apology sent; each "
    "text counted)",
    "loop_guard": "texts a script could not answer: it went round in a loop (an apology sent)",
    "missing_flow": "texts a script could not answer: a conversation it needed is missing "
    "(an apology sent)",
    "missing_state": "texts a script could not answer: a step it needed is missing "
    "(an apology sent)",
    "dead_end": "texts a script could not answer: a step led nowhere (an apology sent)",
    "engine_error": "texts the conversation engine failed on (an apology sent)",
}


def program_event_label(kind: str) -> str:
    """What a program event counts, in plain words; a kind not known here keeps its own name."""
    return PROGRAM_EVENT_LABELS.get(kind, kind)


def program_events(session: Session, start: datetime, end: datetime) -> Table:
    """Emergencies, crisis referrals and other counted moments, kept without who they were.

    Each row keeps the event's kind, for machines, beside what it counted, for people."""
    rows = session.execute(
        select(ProgramEvent.kind, func.count(ProgramEvent.id))
        .where((ProgramEvent.at >= start) & (ProgramEvent.at < end))
        .group_by(ProgramEvent.kind)
        .order_by(func.count(ProgramEvent.id).desc(), ProgramEvent.kind)
    )
    return Table(
        "program_events",
        "Program events (each text counted, not each person)",
        ("event", "what_was_counted", "count"),
        [(kind, program_event_label(kind), n) for kind, n in rows],
    )


# How a number came to opt out or back in, as ``OptOutEvent`` records it.
OPT_OUT_SOURCES = {
    ("out", "keyword"): "opted out by texting STOP (or another stop word)",
    ("out", "twilio_21610"): "opted out at their phone carrier (found when a text to them "
    "was refused)",
    ("out", "admin"): "opted out by staff",
    ("in", "keyword"): "opted back in by texting START (or another start word)",
    ("in", "admin"): "opted back in by staff",
}
OPT_OUT_TOTALS = {
    "out": "numbers that opted out, each counted once however they did",
    "in": "numbers that opted back in, each counted once however they did",
}
ALL_SOURCES = "all"


def opt_outs(session: Session, start: datetime, end: datetime) -> Table:
    """How many numbers opted out, and back in, in the range: in all, then by how.

    Numbers, not texts: one that texted STOP twice is one. A number that opted out in two ways
    (STOP, START, then refused at the carrier) is on both rows, and once in the total. The
    team's numbers are left out.
    """
    numbers = func.count(distinct(OptOutEvent.contact_id))
    in_range = (
        (OptOutEvent.at >= start)
        & (OptOutEvent.at < end)
        & OptOutEvent.contact_id.not_in(team_numbers())
    )
    totals: dict[str, int] = {
        action: n
        for action, n in session.execute(
            select(OptOutEvent.action, numbers).where(in_range).group_by(OptOutEvent.action)
        )
    }
    by_source = session.execute(
        select(OptOutEvent.action, OptOutEvent.source, numbers)
        .where(in_range)
        .group_by(OptOutEvent.action, OptOutEvent.source)
        .order_by(numbers.desc(), OptOutEvent.source)
    ).all()
    actions = ["out", "in", *sorted(set(totals) - {"out", "in"})]
    rows: list[tuple[Any, ...]] = []
    for action in actions:
        rows.append(
            (action, ALL_SOURCES, OPT_OUT_TOTALS.get(action, action), totals.get(action, 0))
        )
        rows.extend(
            (action, source, OPT_OUT_SOURCES.get((action, source), f"{action}: {source}"), n)
            for row_action, source, n in by_source
            if row_action == action
        )
    return Table(
        "opt_outs",
        "Opt-outs and opt-ins (numbers, not texts; the team's numbers left out)",
        ("change", "source", "what_happened", "numbers"),
        rows,
    )


def people_who_texted(session: Session, start: datetime, end: datetime) -> int:
    """Numbers that sent the hotline a text in the range, each once; the team's left out."""
    return session.scalar(
        select(func.count(distinct(Message.contact_id))).where(
            Message.direction == "in",
            Message.created_at >= start,
            Message.created_at < end,
            Message.contact_id.not_in(team_numbers()),
        )
    )


def _people_with_cases(timings: Sequence[CaseTiming]) -> tuple[int, int]:
    """People among the cases, told apart by number, and how many of them were counted by case.

    A case whose number is not on file (a partner referral without consent to text, or erased)
    is one person, unless staff closed it as a duplicate: that person is counted on their other
    case. (So a person erased after two cases counts twice from then on: nothing links them.)
    """
    numbers = {t.contact_id for t in timings if t.contact_id is not None}
    by_case = sum(t.contact_id is None and t.to_reach for t in timings)
    return len(numbers) + by_case, by_case


def people(session: Session, start: datetime, end: datetime) -> People:
    """People who texted the hotline, and people with a case created in the range."""
    return _people(session, start, end, case_timings(session, start, end))


def _people(
    session: Session, start: datetime, end: datetime, timings: Sequence[CaseTiming]
) -> People:
    with_case, by_case = _people_with_cases(timings)
    return People(people_who_texted(session, start, end), with_case, by_case)


PEOPLE_WITH_A_CASE = (
    "people with a case (each number once; a case with no number on file counts as one person)"
)


def summary_table(figures_: Figures) -> Table:
    people_ = figures_.people
    rows: list[tuple[Any, ...]] = [
        ("cases created", figures_.cases),
        ("cases closed as duplicates (left out below)", figures_.duplicates),
        ("people who texted the hotline (the team's numbers left out)", people_.texted),
        # How many of them were counted by case is on the page, not here: erasing a person
        # moves their cases from one kind to the other, and the exports must not move.
        (PEOPLE_WITH_A_CASE, people_.with_case),
    ]
    for name, durations in (
        ("time to claim", figures_.time_to_claim),
        ("time to first contact", figures_.time_to_contact),
    ):
        rows.append((f"{name}: cases", durations.count))
        rows.append((f"{name}: median hours", durations.median_hours))
        rows.append((f"{name}: 90th percentile hours", durations.p90_hours))
    for share in figures_.contact_shares:
        rows.append((f"contacted within {share.hours} h: cases", share.contacted))
        rows.append((f"contacted within {share.hours} h: of cases", share.eligible))
        rows.append((f"contacted within {share.hours} h: share", share.share))
    return Table("summary", "Cases, people and response times", ("measure", "value"), rows)


def compute_figures(
    session: Session,
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    tz: ZoneInfo | str = "America/New_York",
    far_km: float = DEFAULT_FAR_KM,
) -> Figures:
    """Every figure for the range, with its tables keyed by name (the CSV export's names)."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    timings = case_timings(session, start, end)
    figures_ = Figures(
        start=start,
        end=end,
        cases=len(timings),
        duplicates=sum(not t.to_reach for t in timings),
        people=_people(session, start, end, timings),
        time_to_claim=_claim_hours(timings),
        time_to_contact=_contact_hours(timings),
        contact_shares=_shares(timings, now, CONTACT_WINDOWS_HOURS),
        tables={},
    )
    tables = [
        summary_table(figures_),
        cases_by_kind(session, start, end),
        cases_by_town(session, start, end),
        cases_by_week(session, start, end, zone),
        _outcomes(timings),
        naloxone_gaps(session, start, end, far_km),
        program_events(session, start, end),
        opt_outs(session, start, end),
    ]
    figures_.tables.update({table.name: table for table in tables})
    return figures_
