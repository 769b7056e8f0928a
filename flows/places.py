"""Towns, ZIP codes and naloxone sites as plain data, and the naloxone finder's look-ups.

Pure: built from rows the caller loads (or from the shipped CSV files), no database here.

Place answers: ``Directory.resolve`` takes whatever a texter sends ("noho", "narcan 01060",
"I'm in South Hadley", "belchertwon") and returns a ``PlaceMatch``. A ZIP code anywhere in the
text wins over names, but for one county town named in so many words that the ZIP does not
serve ("narcan amherst 01060": Amherst); ZIPs cross town lines, so a ZIP match lists every
town it serves and the engine asks which. A valid US ZIP outside the county still gives a
point, so nearest sites work, and in the county's state the town it belongs to (01103:
Springfield); so does another town of the county's state named as the whole answer
("Springfield", "holyoke ma"), placed at the middle of its ZIPs from the shipped ZIP data. A
town with another state after it ("granby ct") is that state's ("Granby, CT"), never ours.

Opening hours format (one string per site, as admins type it in the sites CSV):

- ``24/7`` means always open.
- Otherwise rules separated by ``;``. A rule is days, a space, then one or more time ranges
  separated by commas: ``Mon-Fri 09:00-17:00; Sat 10:00-14:00``, ``Tue,Thu 12:00-18:00``,
  ``Mon-Fri 09:00-12:00,13:00-17:00``, ``Daily 08:00-20:00``. A comma between a time and
  the next rule's days is taken as ``;`` (``Mon-Fri 09:00-17:00, Sat 10:00-14:00``).
- Days: ``Mon Tue Wed Thu Fri Sat Sun`` (full names too, any case), ranges like ``Mon-Fri`` or
  ``Fri-Mon`` (wrapping past Sunday), lists with commas, or ``Daily``.
- Times are 24-hour ``HH:MM``; ``24:00`` may end a range. A range that ends before it starts
  crosses midnight: ``Fri 20:00-02:00`` is open Friday night until 2 a.m. Saturday.
- ``Sun closed`` is allowed and adds nothing (days not listed are closed anyway).
- Empty, ``unknown``, ``call`` or ``call for hours`` mean unknown: ``is_open`` returns None.

Times are judged in the program's wall-clock time (`HOTLINE_TIMEZONE`, America/New_York unless set;
``zoneinfo``, so DST is handled).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cached_property
from typing import NamedTuple
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from flows.interrupts import NALOXONE_WORDS, ware_for_where
from flows.zip_data import all_zip_points, state_towns, zip_point

LOCAL_TZ = ZoneInfo("America/New_York")
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class TownInfo:
    name: str
    zips: tuple[str, ...]
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()
    county: str = "Hampshire"
    state: str = "MA"


@dataclass(frozen=True)
class SiteInfo:
    name: str
    address: str
    town: str
    zip: str
    lat: float
    lon: float
    hours: str = ""
    phone: str | None = None
    naloxone: bool = True
    test_strips: bool = False
    syringe_services: bool = False
    verified: bool = False
    id: int | None = None
    active: bool = True
    notes: str = ""


@dataclass(frozen=True)
class PlaceMatch:
    """What a texter's place answer resolved to.

    kind: "town" (one town), "zip" (a ZIP code; towns lists the towns it serves, maybe several),
    "none" (nothing matched; suggestions holds the closest town names).
    """

    kind: str
    towns: tuple[TownInfo, ...] = ()
    zip: str | None = None
    lat: float | None = None
    lon: float | None = None
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class NearbySite:
    site: SiteInfo
    km: float
    open_now: bool | None  # None when the hours are unknown or unparseable
    opens: datetime | None = None  # when a closed site next opens, in the program's zone


# ---------------------------------------------------------------------------------------------
# Text and distance helpers


def normalize_text(text: str) -> str:
    """Lower-case, strip accents, turn punctuation into spaces and collapse runs of spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.casefold()).split())


def place_keys(label: str) -> tuple[str, ...]:
    """How the finder knows a town's name or other name: normalised, spaced and run together
    ("So. Hadley": "so hadley", "sohadley"); none for a label with no letters or digits."""
    norm = normalize_text(label)
    return (norm, norm.replace(" ", "")) if norm else ()


# An other name is kept to this many characters, and a town to this many other names.
OTHER_NAME_MAX_LEN = 64
OTHER_NAMES_MAX = 50


def split_other_names(text: str) -> list[str]:
    """A town's other names as an admin types them: one a line, or separated by semicolons or
    commas ("noho, paradise city" is two); a name the finder reads like an earlier one
    ("UMass", "umass", "U-Mass") is kept once."""
    names: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[;,\n]", text):
        name = part.strip()[:OTHER_NAME_MAX_LEN]
        keys = set(place_keys(name))
        if name and not keys & seen:
            names.append(name)
            seen |= keys
    return names[:OTHER_NAMES_MAX]


class NameTaken(NamedTuple):
    """An other name the finder already reads as another town: its name, or one of its other
    names."""

    name: str
    town: str
    is_its_name: bool

    def reason(self) -> str:
        """Why the name is refused, as an admin reads it."""
        if self.is_its_name:
            return f'"{self.name}" is the town {self.town}'
        return f'"{self.name}" is already another name for {self.town}'


def names_of_other_towns(
    names: Iterable[str], others: Iterable[tuple[str, Iterable[str]]]
) -> list[NameTaken]:
    """Which of ``names`` the finder would read as one of ``others`` ((name, other names) of
    every other town). Saved on a town, such a name would send the people who text it for the
    other town to this one's sites ("Northampton", or "noho", on Amherst)."""
    owners: dict[str, tuple[str, bool]] = {}
    for town, aliases in others:
        for key in place_keys(town):
            owners[key] = (town, True)
        for alias in aliases:
            for key in place_keys(alias):
                owners.setdefault(key, (town, False))
    taken = []
    for name in names:
        owner = next((owners[key] for key in place_keys(name) if key in owners), None)
        if owner is not None:
            taken.append(NameTaken(name, *owner))
    return taken


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


_ZIP_RE = re.compile(r"(?<!\d)(\d{5})(?:-\d{4})?(?!\d)")
# A shared location: "42.3251,-72.6412" alone, in a maps link (Apple's "ll=" or "coordinate=",
# Google's "q=" or "@"), or as "42.32 N, 72.63 W".
_POINT_RE = re.compile(
    r"(?<![\d.])(-?\d{1,2}\.\d{2,})\s*°?\s*([NS])?\s*(?:,|%2C|\s)\s*"
    r"(-?\d{1,3}\.\d{2,})\s*°?\s*([EW])?(?![\d.])",
    re.IGNORECASE,
)
# A pin farther than this from every ZIP of the county is placed by the nearest ZIP anywhere.
PIN_IN_COUNTY_KM = 20.0
# "1060" for 01060: phones and habit drop the leading zero of New England ZIPs. Read so only
# when the number is the whole answer: in "1082 West St, Amherst" it is a house number.
# Words around a ZIP that say nothing about where: "my zip is 1060", "1060 please", "1060, MA".
_ZIP_FILLER = frozenset(
    {"zip", "code", "zipcode", "is", "its", "my", "please", "pls", "thanks", "thank", "you",
     "ma", "mass", "codigo", "postal", "mi", "es", "gracias", "por", "favor"}
)  # fmt: skip
_SHORT_ZIP_RE = re.compile(r"\d{4}")
# Words around a town's name that leave it the whole answer: "Holyoke, MA", "springfield area".
_ANSWER_FILLER = _ZIP_FILLER | {"massachusetts", "area", "downtown"}
# Words after a town's name that make it another place: a street ("25 Amherst Rd",
# "Northampton St"), or a campus or hospital elsewhere ("UMass Boston", "UMass Memorial").
_NOT_THE_TOWN_AFTER = frozenset(
    {"rd", "road", "st", "street", "ave", "avenue", "dr", "drive", "ln", "lane", "way", "hwy",
     "highway", "tpke", "turnpike", "pl", "place", "ct", "court", "blvd", "cir", "circle",
     "boston", "lowell", "dartmouth", "memorial", "medical", "chan", "worcester", "conn",
     "connecticut", "ny", "vt", "vermont", "nh"}
)  # fmt: skip
# Another state said after a town's name: "granby ct" is Granby, Connecticut, not ours.
_OTHER_STATES = {
    "ct": "CT", "conn": "CT", "connecticut": "CT", "ny": "NY", "new york": "NY", "vt": "VT",
    "vermont": "VT", "nh": "NH", "new hampshire": "NH", "rhode island": "RI",
}  # fmt: skip
# Farther than this a site is no longer "near": the county is about 60 km across, so every
# town in it has sites within reach, while a ZIP across the state gets none rather than a
# pharmacy two hours away.
NEAR_KM = 50.0
_MAX_NGRAM = 4
# Short names sit too close to everyday words ("aware" is one typo from "ware", "needs" from
# "leeds"), so they must match exactly.
_FUZZY_MIN_LEN = 6


def _allowed_edits(key: str) -> int:
    """How many typos a name of this length tolerates."""
    n = len(key.replace(" ", ""))
    if n < _FUZZY_MIN_LEN:
        return 0
    if n <= 8:
        return 1
    return 2


def enumerate_grams(tokens: list[str]) -> Iterator[tuple[int, str]]:
    """(start position, phrase) for every run of up to _MAX_NGRAM words, longest first."""
    for size in range(min(_MAX_NGRAM, len(tokens)), 0, -1):
        for i in range(len(tokens) - size + 1):
            yield i, " ".join(tokens[i : i + size])


def _closest(
    grams: list[tuple[int, str]], keys: dict[str, TownInfo]
) -> tuple[TownInfo | None, bool]:
    """The town whose name the fewest typos separate from a phrase, and whether two towns
    were as close (then None: let the texter choose)."""
    best: tuple[int, int] | None = None  # (typos, -length of the name)
    found: TownInfo | None = None
    tied = False
    for _pos, phrase in grams:
        if len(phrase.replace(" ", "")) < _FUZZY_MIN_LEN:
            continue
        for key, town in keys.items():
            limit = _allowed_edits(key)
            # Typos rarely hit the first letter; requiring it keeps "hampton" from
            # turning into one of the four -hampton towns.
            if limit == 0 or key[0] != phrase[0] or abs(len(key) - len(phrase)) > limit:
                continue
            edits = OSA.distance(phrase, key, score_cutoff=limit)
            if edits > limit:
                continue
            rank = (edits, -len(key))
            if best is None or rank < best:
                best, found, tied = rank, town, False
            elif rank == best and town is not found:
                tied = True  # as close to two towns: let the texter choose
    return (None, True) if tied else (found, False)


def _grams(tokens: list[str]) -> Iterator[str]:
    return (phrase for _pos, phrase in enumerate_grams(tokens))


# A suggestion needs this many letters to go on ("idk" is no misspelt town).
_SUGGEST_MIN_LEN = 4


def _spelt_like(phrase: str, key: str) -> bool:
    """Whether a phrase is a close spelling of a town name: one typo ("hadly", "aware" for
    Ware), one more than ``resolve`` forgives in a long name ("nrthhamton"), or the name's
    start or end ("south" for South Hadley, "hampton")."""
    flat, name = phrase.replace(" ", ""), key.replace(" ", "")
    if len(flat) < len(name) and (name.startswith(flat) or name.endswith(flat)):
        return True
    limit = _allowed_edits(key) + 1 if len(name) > 8 else 1
    return abs(len(key) - len(phrase)) <= limit and OSA.distance(phrase, key) <= limit


# Just before a town, these refuse it: "hadley not south hadley", "no en amherst".
_REFUSING = frozenset({"not", "no", "nor", "never", "isnt", "ni", "nunca"})
# Words a refusal may have between it and the town: "not in amherst".
_REFUSED_PLACE_WORDS = frozenset({"in", "at", "from", "the", "en", "de"})
# Of two towns, one said with these is where the person is: "was in northampton but now
# amherst"; one after these is where they were: "i used to live in ware".
_NOW_WORDS = frozenset({"now", "currently", "ahora", "actualmente"})
_PAST_WORDS = frozenset(
    {"was", "were", "used", "lived", "grew", "before", "previously", "formerly", "vivia",
     "estaba", "antes"}
)  # fmt: skip


# Just before a town's name that ends an answer, words that say the person is there: "im in
# ware", "staying around holyoke", "me quedo en holyoke".
_THERE_WORDS = frozenset(
    {"in", "around", "near", "by", "at", "from", "en", "por", "cerca", "de", "desde"}
)


# Words that make the town after them where the person works, not where they live: "i live
# in holyoke but work in noho".
WORK_WORDS = frozenset(
    {"work", "works", "working", "job", "trabajo", "trabaja", "trabajar", "trabajando"}
)
# Words that tie a town said of work to the words before it: "but", "and i", "pero yo".
_JOINING = frozenset({"but", "and", "i", "im", "pero", "y", "yo"})


# The person's own words, back to which the words before a place are read: "at work. i'm in".
_THE_PERSON = frozenset(
    {"i", "im", "m", "we", "were", "yo", "estoy", "vivo", "estamos", "vivimos", "quedo"}
)


def _not_where_now(tokens: list[str]) -> bool:
    """Whether the few words before a place, back to the person's own "i", say it is where
    they work or were ("at work in", "i used to live in"), not where they are."""
    for word in reversed(tokens[-4:]):
        if word in _THE_PERSON:
            return False
        if word in WORK_WORDS or word in _PAST_WORDS:
            return True
    return False


def _without_work(tokens: list[str], spans: list[tuple[int, int, str]]) -> list[str]:
    """The tokens without each town said of work, nor the words that say so ("but work in
    northampton", "pero trabajo en noho")."""
    dropped: set[int] = set()
    for pos, end, _phrase in spans:
        before = pos - 1
        while before >= 0 and tokens[before] in _REFUSED_PLACE_WORDS:
            before -= 1
        if before < 0 or tokens[before] not in WORK_WORDS:
            continue
        while before > 0 and tokens[before - 1] in _JOINING:
            before -= 1
        dropped |= set(range(before, end))
    return [t for i, t in enumerate(tokens) if i not in dropped]


def _without_refused(tokens: list[str], spans: list[tuple[int, int, str]]) -> list[str]:
    """The tokens without each town refused by the word before it, nor that word."""
    dropped: set[int] = set()
    for pos, end, _phrase in spans:
        before = pos - 1
        while before >= 0 and tokens[before] in _REFUSED_PLACE_WORDS:
            before -= 1
        if before >= 0 and tokens[before] in _REFUSING:
            dropped |= set(range(before, end))
    return [t for i, t in enumerate(tokens) if i not in dropped]


def _said_of_the_past(tokens: list[str], spans: list[tuple[int, int, str]]) -> set[int]:
    """Which towns (by index in ``spans``) follow a word of the past since the town before."""
    starts = [0] + [end for _pos, end, _phrase in spans]
    return {
        i
        for i, (pos, _end, _phrase) in enumerate(spans)
        if _PAST_WORDS.intersection(tokens[starts[i] : pos])
    }


def _said_of_now(tokens: list[str], spans: list[tuple[int, int, str]]) -> set[int]:
    """Which towns (by index in ``spans``) a "now" word is said of: the next town ("now im in
    amherst"), unless a word of the past comes first ("amherst now, was in northampton"),
    then the town before it."""
    found: set[int] = set()
    for k, word in enumerate(tokens):
        if word not in _NOW_WORDS:
            continue
        after = next((i for i, span in enumerate(spans) if span[0] > k), None)
        if after is not None and not _PAST_WORDS.intersection(tokens[k + 1 : spans[after][0]]):
            found.add(after)
            continue
        before = [i for i, span in enumerate(spans) if span[1] <= k]
        if before:
            found.add(before[-1])
    return found


def shared_point(text: str) -> tuple[float, float] | None:
    """The latitude and longitude of a location a phone shared as text, or None."""
    found = _POINT_RE.search(text or "")
    if found is None:
        return None
    lat, lon = float(found.group(1)), float(found.group(3))
    if (found.group(2) or "").upper() == "S":
        lat = -abs(lat)
    if (found.group(4) or "").upper() == "W":
        lon = -abs(lon)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


# ---------------------------------------------------------------------------------------------
# Opening hours


_DAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_UNKNOWN_HOURS = {"", "unknown", "call", "call for hours", "varies"}
_ALWAYS = {"24/7", "24x7", "24 7", "always open", "open 24 hours"}
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_GROUP_COMMA_RE = re.compile(r"(\d|closed)\s*,\s*(?=[A-Za-z])", re.IGNORECASE)


@dataclass(frozen=True)
class OpeningHours:
    """Parsed hours: intervals of (weekday 0=Mon, start minute, end minute).

    The end minute may pass 1440 for a range that crosses midnight into the next day.
    """

    always_open: bool = False
    intervals: tuple[tuple[int, int, int], ...] = ()

    @property
    def around_the_clock(self) -> bool:
        """Open every minute of the week: "24/7", or times that add up to it
        ("Mon-Sun 00:00-24:00"), which would otherwise read "Daily 12am-12am"."""
        if self.always_open:
            return True
        week = 7 * 1440
        spans = sorted((day * 1440 + start, day * 1440 + end) for day, start, end in self.intervals)
        # Sunday night past midnight covers the start of Monday.
        reach = max((end - week for _, end in spans), default=0)
        for start, end in spans:
            if start > reach:
                return False
            reach = max(reach, end)
        return reach >= week


def _parse_time(text: str, *, allow_24: bool) -> int:
    m = _TIME_RE.match(text)
    if not m:
        raise ValueError(f'"{text}" is not a time: write 24-hour HH:MM, like 09:00 or 17:30')
    hour, minute = int(m.group(1)), int(m.group(2))
    if minute > 59 or hour > 24 or (hour == 24 and (minute or not allow_24)):
        raise ValueError(f'"{text}" is not a valid time of day')
    return hour * 60 + minute


def _parse_days(text: str) -> list[int]:
    if text.lower() in {"daily", "everyday", "every day", "mon-sun"}:
        return list(range(7))
    days: list[int] = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            raise ValueError(f'"{text}" has an empty day in its list')
        ends = [p.strip() for p in part.split("-")]
        if len(ends) > 2 or any(e not in _DAYS for e in ends):
            raise ValueError(
                f'"{part}" is not a day or day range: use Mon, Tue, Wed, Thu, Fri, Sat, Sun, '
                "ranges like Mon-Fri, or Daily"
            )
        first = _DAYS[ends[0]]
        last = _DAYS[ends[-1]]
        span = (last - first) % 7
        days.extend((first + i) % 7 for i in range(span + 1))
    return days


def parse_hours(text: str) -> OpeningHours | None:
    """Parse an hours string (format in the module docstring); None when hours are unknown.

    Raises ValueError with a message an admin can act on when the text is malformed.
    """
    cleaned = " ".join(text.replace("–", "-").replace("—", "-").split())
    if cleaned.lower() in _UNKNOWN_HOURS:
        return None
    if cleaned.lower() in _ALWAYS:
        return OpeningHours(always_open=True)
    # A comma after a time (or "closed") and before a letter can only start a new day group:
    # "Mon-Fri 09:00-17:00, Sat 10:00-14:00" is read as if it had a semicolon there.
    cleaned = _GROUP_COMMA_RE.sub(r"\1;", cleaned)
    intervals: list[tuple[int, int, int]] = []
    for rule in cleaned.split(";"):
        rule = rule.strip()
        if not rule:
            continue
        m = re.match(r"^(.*?[A-Za-z])\s+(\d.*|closed)$", rule, flags=re.IGNORECASE)
        if not m:
            raise ValueError(
                f'hours rule "{rule}" should be days then times, like "Mon-Fri 09:00-17:00"'
            )
        days_text, times_text = m.group(1), m.group(2)
        days = _parse_days(days_text.replace(" ", ""))
        if times_text.lower() == "closed":
            continue
        for span in times_text.split(","):
            span = span.strip().replace(" ", "")
            if re.search(r"[A-Za-z]", span):
                raise ValueError(
                    f'"{span}" has days among the times: separate day groups with ";", like '
                    '"Mon-Fri 09:00-17:00; Sat 10:00-14:00"'
                )
            ends = span.split("-")
            if len(ends) != 2:
                raise ValueError(f'"{span}" should be a time range like 09:00-17:00')
            start = _parse_time(ends[0], allow_24=False)
            end = _parse_time(ends[1], allow_24=True)
            if end == start:
                raise ValueError(f'"{span}" starts and ends at the same time')
            if end < start:
                end += 24 * 60  # crosses midnight
            intervals.extend((day, start, end) for day in days)
    if not intervals:
        raise ValueError(f'no opening times found in "{text}"')
    return OpeningHours(intervals=tuple(sorted(set(intervals))))


def is_open(
    hours: str | OpeningHours | None, when: datetime, tz: ZoneInfo = LOCAL_TZ
) -> bool | None:
    """Whether the hours include ``when``; None when the hours are unknown or malformed.

    An aware ``when`` is converted to ``tz`` (the program's zone); a naive one is taken as
    local time.
    """
    if isinstance(hours, str):
        try:
            parsed = parse_hours(hours)
        except ValueError:
            return None
    else:
        parsed = hours
    if parsed is None:
        return None
    if parsed.always_open:
        return True
    local = when.astimezone(tz) if when.tzinfo is not None else when
    weekday = local.weekday()
    minute = local.hour * 60 + local.minute
    yesterday = (weekday - 1) % 7
    for day, start, end in parsed.intervals:
        if day == weekday and start <= minute < end:
            return True
        if day == yesterday and end > 1440 and minute < end - 1440:
            return True
    return False


def next_opening(
    hours: str | OpeningHours | None, when: datetime, tz: ZoneInfo = LOCAL_TZ
) -> datetime | None:
    """When a site next opens after ``when`` (aware, in ``tz``), within a week; None when the
    hours are unknown, malformed or always open."""
    if isinstance(hours, str):
        try:
            hours = parse_hours(hours)
        except ValueError:
            return None
    if hours is None or hours.always_open:
        return None
    local = when.astimezone(tz) if when.tzinfo is not None else when.replace(tzinfo=tz)
    starts = []
    for ahead in range(8):
        day = (local + timedelta(days=ahead)).date()
        for weekday, start, _end in hours.intervals:
            if weekday == day.weekday():
                opens = datetime(day.year, day.month, day.day, start // 60, start % 60, tzinfo=tz)
                if opens > local:
                    starts.append(opens)
    return min(starts, default=None)


@functools.cache
def _towns_of(state: str) -> dict[str, TownInfo]:
    """The towns of another state by normalised name (spaced and run together), named with
    their state ("Granby, CT") so nobody takes them for ours, at the middle of their ZIPs."""
    towns: dict[str, TownInfo] = {}
    for name, zips in state_towns(state).items():
        points = [p for p in map(zip_point, zips) if p is not None]
        if not points:
            continue
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        town = TownInfo(f"{name}, {state}", zips, lat, lon, county="", state=state)
        norm = normalize_text(name)
        towns.setdefault(norm, town)
        towns.setdefault(norm.replace(" ", ""), town)
    return towns


# ---------------------------------------------------------------------------------------------
# The directory


@dataclass(frozen=True)
class Directory:
    towns: tuple[TownInfo, ...] = ()
    sites: tuple[SiteInfo, ...] = field(default_factory=tuple)

    @cached_property
    def _keys(self) -> dict[str, TownInfo]:
        """Normalised names and aliases (spaced and run together) to their town."""
        keys: dict[str, TownInfo] = {}
        for town in self.towns:
            for label in (town.name, *town.aliases):
                for key in place_keys(label):
                    keys.setdefault(key, town)
        return keys

    @cached_property
    def _by_zip(self) -> dict[str, tuple[TownInfo, ...]]:
        by_zip: dict[str, list[TownInfo]] = {}
        for town in self.towns:
            for z in town.zips:
                by_zip.setdefault(z, []).append(town)
        return {z: tuple(ts) for z, ts in by_zip.items()}

    def town(self, name: str) -> TownInfo | None:
        """The town with this exact name (any case), or None."""
        wanted = normalize_text(name)
        return next((t for t in self.towns if normalize_text(t.name) == wanted), None)

    def resolve(self, text: str) -> PlaceMatch:
        """Turn "northhampton", "noho", "01060", "narcan in amherst" or a shared location
        ("42.3251,-72.6412", a maps link) into a place."""
        point = shared_point(text)
        if point is not None:
            return self.at_point(*point)
        zip_match = self._resolve_zip(text)
        if zip_match is not None:
            named = self._the_other_town_named(zip_match, text)
            if named is not None:
                return PlaceMatch(kind="town", towns=(named,), lat=named.lat, lon=named.lon)
            return self._town_named_with(zip_match, text)
        tokens = normalize_text(text).split()
        short_zip = self._resolve_short_zip(tokens)
        if short_zip is not None:
            return short_zip
        elsewhere = self._in_another_state(tokens)
        if elsewhere is not None:
            return elsewhere
        town = self._match_name(tokens)
        if town is not None:
            return PlaceMatch(kind="town", towns=(town,), lat=town.lat, lon=town.lon)
        return PlaceMatch(kind="none", suggestions=self.suggest(text))

    def _in_another_state(self, tokens: list[str]) -> PlaceMatch | None:
        """A town with another state after it ("granby ct", "amherst nh"): that state's town
        when it is the whole answer, kept with its own place as the state's other towns are;
        none when it is no town there, or said in a sentence, for a name of ours with another
        state is never ours. None when no other state ends the answer."""
        for size in (2, 1):
            state_at = len(tokens) - size
            while state_at > size and tokens[state_at + size - 1] in _ANSWER_FILLER:
                state_at -= 1  # "granby ct please"
            state = _OTHER_STATES.get(" ".join(tokens[state_at : state_at + size]))
            if state is None or state_at < 1:
                continue
            name = " ".join(t for t in tokens[:state_at] if t not in _ANSWER_FILLER)
            town = _towns_of(state).get(name) or _towns_of(state).get(name.replace(" ", ""))
            if town is not None:
                return PlaceMatch(kind="town", towns=(town,), lat=town.lat, lon=town.lon)
            if self._exact_spans(tokens[:state_at]) or self._others.get(name):
                return PlaceMatch(kind="none")
        return None

    def is_town_name(self, phrase: str) -> bool:
        """The words are a county town's name or alias, spaces aside ("belcher town")."""
        words = normalize_text(phrase)
        return words in self._keys or words.replace(" ", "") in self._keys

    def towns_named(self, text: str) -> list[tuple[int, TownInfo]]:
        """(word position, town) for each county town the text names in so many words: its
        name or an alias, never a typo, another state's town, a street ("amherst rd") or a place
        elsewhere ("umass boston"). Overlapping names count once, the longest ("south hadley",
        not "hadley")."""
        tokens = normalize_text(text).split()
        taken: set[int] = set()
        found: list[tuple[int, TownInfo]] = []
        for pos, phrase in enumerate_grams(tokens):
            town = self._keys.get(phrase)
            end = pos + len(phrase.split())
            if town is None or taken & set(range(pos, end)):
                continue
            if end < len(tokens) and tokens[end] in _NOT_THE_TOWN_AFTER:
                continue
            taken |= set(range(pos, end))
            found.append((pos, town))
        return sorted(found, key=lambda item: item[0])

    def other_towns_named(self, text: str) -> list[tuple[int, TownInfo]]:
        """(word position, town) for each town of the county's state outside the county the
        text names in so many words ("vivo en holyoke"), as ``towns_named`` finds the county's:
        never where a county town's name is, nor a street ("holyoke st")."""
        tokens = normalize_text(text).split()
        taken: set[int] = set()
        found: list[tuple[int, TownInfo]] = []
        for pos, phrase in enumerate_grams(tokens):
            end = pos + len(phrase.split())
            county = phrase in self._keys
            town = None if county else self._others.get(phrase)
            if (town is None and not county) or taken & set(range(pos, end)):
                continue
            if end < len(tokens) and tokens[end] in _NOT_THE_TOWN_AFTER:
                continue
            taken |= set(range(pos, end))
            if town is not None:
                found.append((pos, town))
        return sorted(found, key=lambda item: item[0])

    def at_point(self, lat: float, lon: float) -> PlaceMatch:
        """A shared location: the county town it is in or nearest (of the nearest county
        ZIP's towns, the one whose middle is nearest), else the nearest ZIP anywhere. The
        point itself is kept, so the nearest sites are measured from where the person is."""
        county = [(z, zip_point(z)) for z in self._by_zip]
        near = [(haversine_km(lat, lon, *p), z) for z, p in county if p is not None]
        km, code = min(near, default=(math.inf, ""))
        if km <= PIN_IN_COUNTY_KM:
            town = min(self._by_zip[code], key=lambda t: haversine_km(lat, lon, t.lat, t.lon))
            return PlaceMatch(kind="town", towns=(town,), lat=lat, lon=lon)
        anywhere = min(all_zip_points().items(), key=lambda i: haversine_km(lat, lon, *i[1]))
        return PlaceMatch(kind="zip", zip=anywhere[0], lat=lat, lon=lon)

    def town_said_last(self, text: str) -> TownInfo | None:
        """The town whose name ends the text after a word of where ("hes at work. im in
        ware", "im homeless, staying around holyoke"): the county's, or another of its
        state's. None after a word of work ("at work in ware") or of the past ("i used to live
        in holyoke"), as that is not where the person is."""
        tokens = normalize_text(text).split()
        while tokens and tokens[-1] in _ANSWER_FILLER | _NOW_WORDS:
            tokens.pop()
        for size in (3, 2, 1):
            if len(tokens) <= size or tokens[-size - 1] not in _THERE_WORDS:
                continue
            if _not_where_now(tokens[: -size - 1]):
                return None
            phrase = " ".join(tokens[-size:])
            for key in (phrase, phrase.replace(" ", "")):
                town = self._keys.get(key) or self._others.get(key)
                if town is not None:
                    return town
        return None

    def _resolve_zip(self, text: str) -> PlaceMatch | None:
        for m in _ZIP_RE.finditer(text):
            code = m.group(1)
            towns = self._by_zip.get(code, ())
            point = zip_point(code)
            if towns:
                if point is None:
                    point = (
                        sum(t.lat for t in towns) / len(towns),
                        sum(t.lon for t in towns) / len(towns),
                    )
                return PlaceMatch(kind="zip", towns=towns, zip=code, lat=point[0], lon=point[1])
            if point is not None:  # the state's town it belongs to, as its name would give
                other = self._others_by_zip.get(code)
                named = (other,) if other is not None else ()
                return PlaceMatch(kind="zip", towns=named, zip=code, lat=point[0], lon=point[1])
        return None

    def _the_other_town_named(self, match: PlaceMatch, text: str) -> TownInfo | None:
        """The one county town the text names in so many words when the ZIP beside it is
        not that town's ("narcan amherst 01060"): the name is what people are told to text,
        and a ZIP of somewhere else beside it is most often a home or mailing ZIP."""
        if ware_for_where(normalize_text(text)):  # "ware can i get it 01060": where
            return None
        towns = {town.name: town for _pos, town in self.towns_named(text)}
        if len(towns) != 1:
            return None
        (town,) = towns.values()
        return None if town in match.towns else town

    def _town_named_with(self, match: PlaceMatch, text: str) -> PlaceMatch:
        """A ZIP of several towns said with one of them ("easthampton 01027"): that town, so
        the person is not asked which."""
        if len(match.towns) < 2:
            return match
        town = self._match_name(normalize_text(_ZIP_RE.sub(" ", text)).split())
        if town is None or town not in match.towns:
            return match
        return replace(match, towns=(town,))

    def _resolve_short_zip(self, tokens: list[str]) -> PlaceMatch | None:
        """A county ZIP without its leading zero, when it is all the answer says ("1060",
        "narcan 1002")."""
        words = [t for t in tokens if t not in NALOXONE_WORDS and t not in _ZIP_FILLER]
        if len(words) == 2 and words[1].isdigit() and len(words[1]) == 4:  # "1060-1234"
            words = words[:1]
        if len(words) != 1 or not _SHORT_ZIP_RE.fullmatch(words[0]):
            return None
        code = "0" + words[0]
        towns = self._by_zip.get(code, ())
        point = zip_point(code)
        if towns and point is not None:  # only the county's own: "2024" is not a place
            return PlaceMatch(kind="zip", towns=towns, zip=code, lat=point[0], lon=point[1])
        return None

    @cached_property
    def _others(self) -> dict[str, TownInfo]:
        """The other towns of the county's state(s), from the ZIP data, by normalised name
        (spaced and run together): Springfield, Holyoke, Boston. Never one of our own names."""
        others: dict[str, TownInfo] = {}
        for state in sorted({t.state for t in self.towns}):
            for name, zips in state_towns(state).items():
                norm = normalize_text(name)
                flat = norm.replace(" ", "")
                points = [p for p in map(zip_point, zips) if p is not None]
                if norm in self._keys or flat in self._keys or not points:
                    continue
                lat = sum(p[0] for p in points) / len(points)  # the middle of its ZIPs
                lon = sum(p[1] for p in points) / len(points)
                town = TownInfo(name, zips, lat, lon, county="", state=state)
                others.setdefault(norm, town)
                others.setdefault(flat, town)
        return others

    @cached_property
    def _others_by_zip(self) -> dict[str, TownInfo]:
        """The other towns of the county's state(s) by their ZIPs: 01103 is Springfield."""
        return {z: town for town in self._others.values() for z in town.zips}

    def _match_name(self, tokens: list[str]) -> TownInfo | None:
        """The town named in the tokens: the county's exact names (never one refused, "not
        south hadley", nor one said of work when more is said, "holyoke but work noho"; of
        several, the one said of now, then one not of the past, then the
        longest), another town of the state when it is the whole answer ("Springfield",
        "holyoke ma"), then the county's typos, then the other town's typos."""
        keys = self._keys
        tokens = _without_refused(tokens, self._exact_spans(tokens))
        at_home = _without_work(tokens, self._exact_spans(tokens))
        if any(t not in _ANSWER_FILLER for t in at_home):  # else the town of work is all
            tokens = at_home
        grams = list(enumerate_grams(tokens))  # (start position, phrase)
        spans = self._exact_spans(tokens)
        if spans:
            now, past = _said_of_now(tokens, spans), _said_of_the_past(tokens, spans)
            ranked = [
                (i in now, i not in past, len(phrase), -pos)
                for i, (pos, _end, phrase) in enumerate(spans)
            ]
            best = max(range(len(spans)), key=ranked.__getitem__)
            phrase = spans[best][2]
            return keys.get(phrase) or keys[phrase.replace(" ", "")]
        # Another town only by the whole answer: in "for my friend dennis", Dennis is a name.
        answer = " ".join(t for t in tokens if t not in _ANSWER_FILLER)
        other = self._others.get(answer) or self._others.get(answer.replace(" ", ""))
        if other is not None:
            return other
        found, tied = _closest(grams, keys)
        if found is not None or tied or not answer:
            return found
        return _closest([(0, answer)], self._others)[0]

    def _exact_spans(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of each county name or alias in the tokens, in order;
        overlapping names count once, the longest ("south hadley", not "hadley")."""
        taken: set[int] = set()
        spans = []
        for pos, phrase in enumerate_grams(tokens):
            end = pos + len(phrase.split())
            if taken & set(range(pos, end)):
                continue
            if phrase in self._keys or phrase.replace(" ", "") in self._keys:
                taken |= set(range(pos, end))
                spans.append((pos, end, phrase))
        return sorted(spans)

    def suggest(self, text: str, limit: int = 3) -> tuple[str, ...]:
        """Up to ``limit`` town names spelt like some words of the text, closest first.

        Only genuinely close spellings (``_spelt_like``): "idk", "near me" or "rather not say"
        look like no town, and get none.
        """
        tokens = normalize_text(text).split()
        # A number is not a misspelt town: "3" or "12345" looks like no name at all.
        if not any(ch.isalpha() for ch in "".join(tokens)):
            return ()
        best: dict[str, float] = {}
        for phrase in _grams(tokens):
            if len(phrase.replace(" ", "")) < _SUGGEST_MIN_LEN:
                continue
            for key, town in self._keys.items():
                if _spelt_like(phrase, key):
                    score = fuzz.ratio(phrase, key)
                    best[town.name] = max(best.get(town.name, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return tuple(name for name, _score in ranked[:limit])

    def nearest_sites(
        self,
        match: PlaceMatch,
        now: datetime,
        limit: int = 3,
        max_km: float = NEAR_KM,
        tz: ZoneInfo = LOCAL_TZ,
        open_first: bool = False,
        offers: tuple[str, ...] | None = None,
    ) -> list[NearbySite]:
        """Up to ``limit`` active naloxone sites within ``max_km`` of the place, nearest first
        (those open now first when ``open_first``), with open-now and, for a closed site, its
        next opening, both in the program's zone ``tz``. With ``offers`` (site flags such as
        "test_strips"), the sites with any of them instead, naloxone or not."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if match.lat is None or match.lon is None or limit <= 0:
            return []
        found = []
        for site in self.sites:
            wanted = any(getattr(site, flag) for flag in offers) if offers else site.naloxone
            if not (site.active and wanted):
                continue
            km = haversine_km(match.lat, match.lon, site.lat, site.lon)
            if km > max_km:
                continue
            open_now = is_open(site.hours, now, tz)
            opens = next_opening(site.hours, now, tz) if open_now is False else None
            found.append(NearbySite(site=site, km=km, open_now=open_now, opens=opens))
        found.sort(key=lambda n: (open_first and n.open_now is not True, n.km, n.site.name))
        return found[:limit]
