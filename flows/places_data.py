"""Read the towns and sites CSV files into plain data, reporting bad rows by number.

Row numbers are what a spreadsheet shows: the header is row 1, the first data row is row 2.
Functions taking ``source`` accept a ``Path`` (read by ``decode_csv``) or a ``str``; a string
containing a newline is CSV text, any other string is a file path.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import phonenumbers

from flows.csv_cells import escape_formula, unescape_formula
from flows.markup import markup_in
from flows.places import Directory, SiteInfo, TownInfo, haversine_km, parse_hours
from flows.zip_data import zip_city, zip_point

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TOWNS_CSV = DATA_DIR / "towns.csv"
SITES_CSV = DATA_DIR / "sites.csv"

TOWN_COLUMNS = ("name", "county", "state", "zips", "aliases", "lat", "lon")
SITE_COLUMNS = (
    "name",
    "address",
    "town",
    "zip",
    "lat",
    "lon",
    "hours",
    "phone",
    "naloxone",
    "test_strips",
    "syringe_services",
    "verified",
    "notes",
)
# Optional in the sites file: missing means the site is active.
SITE_OPTIONAL_COLUMNS = ("active",)

_TRUE = {"yes", "y", "true", "t", "1"}
_FALSE = {"no", "n", "false", "f", "0"}
_ZIP_RE = re.compile(r"^\d{5}$")
_STATE_RE = re.compile(r"^[A-Za-z]{2}$")

T = TypeVar("T")


class PlacesCsvError(ValueError):
    """A CSV file had bad rows; ``errors`` lists (row number, message) for every one."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        lines = [f"row {row}: {'; '.join(messages)}" for row, messages in by_row(errors)]
        super().__init__("; ".join(lines) if lines else "invalid CSV")


def by_row(errors: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Each row's problems together, rows in the order first met: one line per row to read."""
    rows: dict[int, list[str]] = {}
    for row, message in errors:
        rows.setdefault(row, []).append(message)
    return list(rows.items())


def decode_csv(raw: bytes) -> str:
    """A CSV file's text: UTF-8 (a BOM is fine), else Windows-1252, which is what Excel on
    Windows saves as plain "CSV (Comma delimited)".

    Raises UnicodeDecodeError when it is neither: a byte Windows-1252 leaves undefined, or a
    NUL, which no spreadsheet's CSV holds but UTF-16 text ("Unicode Text") is full of.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise UnicodeDecodeError("cp1252", raw, at, at + 1, "NUL is not CSV text")
    return raw.decode("cp1252")


def _text_of(source: str | Path) -> str:
    """The CSV text a source names (a path, or the text itself)."""
    if isinstance(source, Path) or "\n" not in source:
        return decode_csv(Path(source).read_bytes())
    return source.removeprefix("\ufeff")


# Lines end in CRLF, LF, or a lone CR (older Mac spreadsheets); each line keeps its ending,
# so a quoted cell spanning lines reads back whole.
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _unreadable(error: csv.Error) -> str:
    """What an admin can do about a row the CSV reader gave up on."""
    if "field limit" in str(error):
        return 'a cell runs on past 128 KB: look in this row for a " that is never closed'
    return "this row could not be read as CSV: save the file as CSV UTF-8 and import it again"


def _delimiter(header_line: str) -> str:
    """The header's separator: commas, else the ; or tab some spreadsheets save with (a
    header holds only column names, so it is never ambiguous)."""
    for candidate in (",", ";", "\t"):
        if candidate in header_line:
            return candidate
    return ","


def _column(heading: str) -> str:
    """A header cell as the column it names: "Test Strips" and " test-strips" are test_strips."""
    return re.sub(r"[\s-]+", "_", heading.strip().lower())


def _rows(text: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row with stripped values) for each non-blank data row.

    Rows are counted as a spreadsheet shows them: a blank line is a row, and a cell holding
    line breaks stays in one row. A value an export escaped against running as a formula
    (``'=…``, ``'+1413…``) is read without its ``'``.
    """
    lines = _LINE_RE.findall(text)
    reader = csv.reader(lines, delimiter=_delimiter(lines[0] if lines else ""))
    try:
        header = [_column(h) for h in next(reader, [])]
    except csv.Error as exc:
        raise PlacesCsvError([(1, _unreadable(exc))]) from None
    _check_header(header, required)
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PlacesCsvError([(number, _unreadable(exc))]) from None
        # Only the cells a row holds are read (past the header's columns: dropped), so a wide
        # header over many short rows costs no more than the file. An empty or missing cell
        # is absent, except the required columns, which are always there ("" when empty).
        row = {
            name: unescape_formula(c.strip())
            for name, c in zip(header, cells, strict=False)
            if c.strip()
        }
        if row:
            yield number, {**dict.fromkeys(required, ""), **row}


def _check_header(header: list[str], required: tuple[str, ...]) -> None:
    """Raise PlacesCsvError when the header lacks a column or names one twice."""
    missing = [c for c in required if c not in header]
    if len(missing) == len(required):
        names = ", ".join(required)
        raise PlacesCsvError(
            [(1, f"this should be the header naming the columns ({names}), as in an export")]
        )
    if missing:
        raise PlacesCsvError([(1, "missing columns: " + ", ".join(missing))])
    firsts: dict[str, int] = {}
    for number, column in enumerate(header, 1):
        first = firsts.setdefault(column, number)
        if column and first != number:
            raise PlacesCsvError(
                [(1, f"the header names {column} twice (columns {first} and {number}): keep one")]
            )


def parse_bool(value: str, default: bool | None = None) -> bool:
    """yes/no, true/false, y/n, 1/0 (any case); an empty value gives ``default`` if set."""
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    if not word and default is not None:
        return default
    raise ValueError(f'"{value}" is not yes/no (use yes, no, true, false, 1 or 0)')


def _coordinate(value: str, label: str, bound: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f'{label} "{value}" is not a number') from None
    if not -bound <= number <= bound:
        raise ValueError(f"{label} {number} is out of range")
    return number


def _zip(value: str) -> str:
    if not _ZIP_RE.match(value):
        raise ValueError(f'ZIP "{value}" should be 5 digits, like 01060')
    return value


def _collect(
    rows: Iterator[tuple[int, dict[str, str]]],
    build: Callable[[dict[str, str]], T],
    problems: Callable[[dict[str, str]], dict[str, str]] | None = None,
) -> tuple[list[tuple[int, T]], list[tuple[int, str]]]:
    """The rows built, and the bad rows' problems: every one ``problems`` finds, else the
    first ``build`` meets."""
    built: list[tuple[int, T]] = []
    errors: list[tuple[int, str]] = []
    for number, row in rows:
        found = problems(row) if problems else {}
        if found:
            errors.extend((number, message) for message in found.values())
            continue
        try:
            built.append((number, build(row)))
        except ValueError as exc:
            errors.append((number, str(exc)))
    return built, errors


def town_problems(row: dict[str, str]) -> dict[str, str]:
    """Every problem with one towns.csv row, keyed by where it is, in the order of the
    columns; empty when the row is good."""
    problems: dict[str, str] = {}
    name = row.get("name", "")
    if not name:
        problems["name"] = "name is empty"
    # The lengths the towns table holds.
    for label, value in (("name", name), ("county", row.get("county", ""))):
        if len(value) > 64:
            problems[label] = f"{label} is longer than 64 characters"
    state = row.get("state") or "MA"
    if not _STATE_RE.match(state):
        problems["state"] = f'state "{state}" should be two letters, like MA'
    codes = row.get("zips", "").split()
    if not codes:
        problems["zips"] = "zips is empty"
    for code in dict.fromkeys(codes):
        try:
            _zip(code)
        except ValueError as exc:
            problems[f"zip {code}"] = str(exc)
    for alias in dict.fromkeys(a.strip() for a in row.get("aliases", "").split(";")):
        if len(alias) > 64:
            problems[f"alias {alias}"] = f'alias "{alias[:20]}…" is longer than 64 characters'
    for column, bound in (("lat", 90), ("lon", 180)):
        try:
            _coordinate(row.get(column, ""), column, bound)
        except ValueError as exc:
            problems[column] = str(exc)
    return problems


def town_from_row(row: dict[str, str]) -> TownInfo:
    """One towns.csv row as a TownInfo; ValueError says what is wrong (first problem only:
    ``town_problems`` gives them all)."""
    problems = town_problems(row)
    if problems:
        raise ValueError(next(iter(problems.values())))
    aliases: dict[str, str] = {}
    for alias in (a.strip() for a in row.get("aliases", "").split(";")):
        if alias:
            aliases.setdefault(alias.casefold(), alias)
    return TownInfo(
        name=row["name"],
        # Listed once each, in order: the first ZIP is the town's primary one.
        zips=tuple(dict.fromkeys(row["zips"].split())),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        aliases=tuple(aliases.values()),
        county=row.get("county") or "Hampshire",
        state=(row.get("state") or "MA").upper(),
    )


# The lengths the sites table holds.
SITE_LENGTHS = {"name": 128, "address": 256, "town": 64, "hours": 256, "phone": 32, "notes": 512}
# A site this far from its own ZIP's point has its coordinates wrong (swapped, a sign lost):
# the finder would measure from the wrong place, or never list it.
SITE_ZIP_KM = 30.0
# Texted to people as typed, so markup there reaches a phone as "<b>", never as bold.
SITE_TEXTED = ("name", "address")
# The yes/no columns, and what an empty cell means.
SITE_FLAG_DEFAULTS = {
    "naloxone": True,
    "test_strips": False,
    "syringe_services": False,
    "verified": False,
    "active": True,
}


def _is_phone_number(text: str) -> bool:
    """Whether a site's phone (optional: empty is fine) is a number people can call, as it is
    written ("(413) 555-0123", "413-555-0123 ext. 2", "+44 20 7946 0958")."""
    if not text:
        return True
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, "US"))
    except phonenumbers.NumberParseException:
        return False


def _markup_problem(text: str) -> str | None:
    """What to do about HTML or markdown in a texted site field (the flow editor's check)."""
    found = markup_in(text)
    if not found:
        return None
    pieces = ", ".join(piece for piece, _ in found)
    verb, them = ("is", "it") if len(found) == 1 else ("are", "them")
    advice = "; ".join(dict.fromkeys(instead for _, instead in found))
    return f"{pieces} {verb} HTML or markdown: texters get {them} exactly as typed; {advice}"


def in_column_order(problems: dict[str, str]) -> dict[str, str]:
    """A site's problems in the order of its columns, as a row or the form reads."""
    order = (*SITE_COLUMNS, *SITE_OPTIONAL_COLUMNS)
    return {column: problems[column] for column in sorted(problems, key=order.index)}


def site_problems(row: dict[str, str]) -> dict[str, str]:
    """Every problem with one sites.csv row (or the site form) that needs no towns, by
    column, in the order of the columns; empty when the row is good."""
    problems: dict[str, str] = {}
    for column in ("name", "address", "town"):
        if not row.get(column):
            problems[column] = f"{column} is empty"
    for column, limit in SITE_LENGTHS.items():
        if column not in problems and len(row.get(column) or "") > limit:
            problems[column] = f"{column} is longer than {limit} characters"
    for column in SITE_TEXTED:
        markup = None if column in problems else _markup_problem(row.get(column) or "")
        if markup:
            problems[column] = f"{column}: {markup}"
    if "phone" not in problems and not _is_phone_number(row.get("phone") or ""):
        problems["phone"] = (
            f'phone "{row["phone"]}" is not a phone number: write it like 413-555-0123'
        )
    if "hours" not in problems:
        try:
            parse_hours(row.get("hours", ""))
        except ValueError as exc:
            problems["hours"] = f"hours: {exc}"
    place: dict[str, Any] = {}
    for column, check in (
        ("zip", _zip),
        ("lat", lambda value: _coordinate(value, "lat", 90)),
        ("lon", lambda value: _coordinate(value, "lon", 180)),
    ):
        try:
            place[column] = check(row.get(column, ""))
        except ValueError as exc:
            problems[column] = str(exc)
    if len(place) == 3:
        zip_code, lat, lon = place["zip"], place["lat"], place["lon"]
        point = zip_point(zip_code)
        if point is not None and haversine_km(lat, lon, *point) > SITE_ZIP_KM:
            km = haversine_km(lat, lon, *point)
            problems["lat"] = (
                f"lat {lat}, lon {lon} is {km:,.0f} km from ZIP {zip_code}: "
                "check the coordinates (swapped, or a minus sign lost?)"
            )
    for column, default in SITE_FLAG_DEFAULTS.items():
        try:
            parse_bool(row.get(column, ""), default)
        except ValueError as exc:
            problems[column] = f"{column}: {exc}"
    return in_column_order(problems)


def site_from_row(row: dict[str, str]) -> SiteInfo:
    """One sites.csv row as a SiteInfo; ValueError says what is wrong (first problem only:
    ``site_problems`` gives them all)."""
    problems = site_problems(row)
    if problems:
        raise ValueError(next(iter(problems.values())))

    def flag(column: str) -> bool:
        return parse_bool(row.get(column, ""), SITE_FLAG_DEFAULTS[column])

    return SiteInfo(
        name=row["name"],
        address=row["address"],
        town=row["town"],
        zip=row["zip"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        hours=row.get("hours", ""),
        phone=row.get("phone") or None,
        naloxone=flag("naloxone"),
        test_strips=flag("test_strips"),
        syringe_services=flag("syringe_services"),
        verified=flag("verified"),
        active=flag("active"),
        notes=row.get("notes", ""),
    )


def read_towns_csv(source: str | Path = TOWNS_CSV) -> tuple[TownInfo, ...]:
    """Towns from a CSV; raises PlacesCsvError listing every problem of every bad row."""
    built, errors = _collect(_rows(_text_of(source), TOWN_COLUMNS), town_from_row, town_problems)
    seen: dict[str, int] = {}
    for number, town in built:
        key = town.name.casefold()
        if key in seen:
            errors.append((number, f'town "{town.name}" is already on row {seen[key]}'))
        seen.setdefault(key, number)
    if errors:
        # By row; a row's problems stay in the order of its columns.
        raise PlacesCsvError(sorted(errors, key=lambda error: error[0]))
    return tuple(town for _, town in built)


def site_town(typed: str, towns: Directory) -> tuple[str | None, str | None]:
    """A site's town as typed, checked against the towns of ``towns``: (the town's own name,
    None) when it is one of them in any case or spacing ("amherst": "Amherst"), else (None,
    what to do), with the close spellings ``Directory.suggest`` finds ("Amhurst": Amherst)."""
    town = towns.town(typed)
    if town is not None:
        return town.name, None
    close = towns.suggest(typed)
    guess = f": did you mean {' or '.join(close)}?" if close else "."
    return None, (
        f'town "{typed}" is not a town on the Towns page{guess} '
        "(A town not listed there can be added on the Towns page first.)"
    )


def _possessive(names: list[str]) -> str:
    """ "Northampton's", or "Huntington's or Montgomery's" for a shared ZIP."""
    return " or ".join(f"{name}'s" for name in names)


def site_zip_problem(zip_code: str, town: TownInfo, towns: Directory) -> str | None:
    """What is wrong with a site's ZIP that is not one of its town's, naming whose it is:
    a neighbour's ZIP is near enough to pass the distance check, and would list the site
    under the wrong town."""
    if zip_code in town.zips:
        return None
    owners = [other.name for other in towns.towns if zip_code in other.zips]
    city = zip_city(zip_code, town.state)
    if not owners and city:
        owners = [city]
    whose = f"is {_possessive(owners)}, not" if owners else "is not"
    own = f"is {town.zips[0]}" if len(town.zips) == 1 else f"are {', '.join(town.zips)}"
    return (
        f"ZIP {zip_code} {whose} {town.name}'s ({town.name}'s {own}): check the ZIP and the "
        "town. (A ZIP the town shares with another can be added to it by a towns import on "
        "the Towns page.)"
    )


def site_place_problems(
    row: dict[str, str], towns: Directory, problems: dict[str, str]
) -> tuple[str | None, dict[str, str]]:
    """The site's town as the town's own name, and every problem of the row: ``problems``
    (``site_problems``) with its town checked against ``towns``, then its ZIP against the
    town's, each when not already wrong."""
    found = dict(problems)
    if "town" in found:
        return None, found
    name, problem = site_town(row["town"], towns)
    town = towns.town(name) if name else None
    if problem:
        found["town"] = problem
    elif town is not None and "zip" not in found:
        zip_problem = site_zip_problem(row["zip"], town, towns)
        if zip_problem:
            found["zip"] = zip_problem
    return name, in_column_order(found)


def read_sites_csv(
    source: str | Path = SITES_CSV, towns: Directory | None = None
) -> tuple[SiteInfo, ...]:
    """Sites from a CSV; raises PlacesCsvError listing every problem of every bad row. With
    ``towns``, each site's town must be one of them (written as the town's own name) and its
    ZIP one of that town's."""
    errors: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    sites: list[SiteInfo] = []
    for number, row in _rows(_text_of(source), SITE_COLUMNS):
        problems = site_problems(row)
        name = None
        if towns is not None:
            name, problems = site_place_problems(row, towns, problems)
        if problems:
            errors.extend((number, message) for message in problems.values())
            continue
        site = site_from_row(row)
        if name is not None:
            site = replace(site, town=name)
        key = (site.name.casefold(), site.address.casefold())
        if key in seen:
            errors.append((number, f"same name and address as row {seen[key]}"))
        seen.setdefault(key, number)
        sites.append(site)
    if errors:
        # By row; a row's problems stay in the order of its columns.
        raise PlacesCsvError(sorted(errors, key=lambda error: error[0]))
    return tuple(sites)


def _number(value: float) -> str:
    """A coordinate written so that reading it back gives the same float."""
    return repr(float(value))


def _writer(out: io.StringIO) -> Any:
    """A CSV writer whose rows end in CRLF, so that a field holding a lone carriage return
    (one a formula escape puts behind a ``'``) is quoted and reads back as written."""
    return csv.writer(out, lineterminator="\r\n")


def write_towns_csv(towns: tuple[TownInfo, ...] | list[TownInfo]) -> str:
    """Towns as CSV text in the towns.csv format (ZIPs primary first, aliases by ;)."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow(TOWN_COLUMNS)
    for t in towns:
        writer.writerow(
            (
                escape_formula(t.name),
                escape_formula(t.county),
                escape_formula(t.state),
                " ".join(t.zips),
                escape_formula(";".join(t.aliases)),
                _number(t.lat),
                _number(t.lon),
            )
        )
    return out.getvalue()


def write_sites_csv(sites: tuple[SiteInfo, ...] | list[SiteInfo]) -> str:
    """Sites as CSV text in the import format (with the optional active column)."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow((*SITE_COLUMNS, *SITE_OPTIONAL_COLUMNS))

    def yn(value: bool) -> str:
        return "yes" if value else "no"

    for s in sites:
        writer.writerow(
            (
                escape_formula(s.name),
                escape_formula(s.address),
                escape_formula(s.town),
                s.zip,
                f"{s.lat:.6f}".rstrip("0").rstrip("."),
                f"{s.lon:.6f}".rstrip("0").rstrip("."),
                escape_formula(s.hours),
                escape_formula(s.phone or ""),
                yn(s.naloxone),
                yn(s.test_strips),
                yn(s.syringe_services),
                yn(s.verified),
                escape_formula(s.notes),
                yn(s.active),
            )
        )
    return out.getvalue()


@lru_cache(maxsize=1)
def default_directory() -> Directory:
    """The directory built from the shipped sample CSV files (read once)."""
    sites = tuple(s for s in read_sites_csv(SITES_CSV) if s.active)
    return Directory(towns=read_towns_csv(TOWNS_CSV), sites=sites)
