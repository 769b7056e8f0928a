"""The naloxone finder's site list: short, actionable, in the texter's language (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from flows.engine import step
from flows.hours_text import describe_hours, hours_text, opening_text
from flows.places import Directory, SiteInfo, TownInfo, parse_hours
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.sms import MAX_BODY, encoding, segments
from flows.types import Context, EngineSettings, Outcome

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NY = ZoneInfo("America/New_York")
TUESDAY_2PM = datetime(2026, 11, 24, 14, 0, tzinfo=NY)
TUESDAY_4AM = datetime(2026, 11, 24, 4, 0, tzinfo=NY)
ENGLISH_DAYS = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Daily)\b")


def texts(messages: Sequence[str], now: datetime = TUESDAY_2PM, **kw: object) -> list[Outcome]:
    """Send the messages one after another from a new number."""
    state, outcomes = None, []
    for message in messages:
        out = step(FLOWS, state, message, Context(now=now, places=DIRECTORY, **kw))
        state = out.state
        outcomes.append(out)
    return outcomes


def reply(message: str, now: datetime = TUESDAY_2PM, **kw: object) -> str:
    (out,) = texts([message], now, **kw)
    (text,) = out.replies
    return text


def site_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"\d\) ", line)]


# --- the list itself --------------------------------------------------------------------------


@pytest.mark.parametrize("now", [TUESDAY_2PM, TUESDAY_4AM])
def test_narcan_noho_fits_three_gsm_segments_with_every_phone(now: datetime) -> None:
    """It was five segments, and a call-ahead caveat with no number to call."""
    text = reply("narcan noho", now)
    assert (encoding(text), segments(text)) == ("GSM-7", 3), text
    lines = site_lines(text)
    assert len(lines) == 3
    assert "Tapestry Northampton" in lines[2] and "413-555-0191" in lines[2]
    assert "West St (sample address). Mon-Thu 10am-8pm; Fri-Sat 10am-5pm" in lines[0]
    assert "Also test strips, syringes" in lines[2]
    assert "nextdistro.org" in text.splitlines()[-1]


def test_every_listed_site_with_a_phone_shows_it() -> None:
    for town in DIRECTORY.towns:
        text = reply(f"narcan {town.name}")
        by_name = {s.name: s for s in DIRECTORY.sites}
        for line in site_lines(text):
            name = line[3:].split(",")[0]
            phone = by_name[name].phone
            assert phone is None or phone in line, (town.name, line)


def test_the_unverified_caveat_is_said_once_when_no_site_is_verified() -> None:
    text = reply("narcan noho")
    assert text.count("call ahead") == 1
    assert "Unverified: call ahead." in text.splitlines()[0]


def _directory(*sites: SiteInfo) -> Directory:
    town = TownInfo(name="Ware", zips=("01082",), lat=42.26, lon=-72.24)
    return Directory(towns=(town,), sites=sites)


def _site(name: str, **kw: object) -> SiteInfo:
    values: dict = {"address": "1 Main St", "town": "Ware", "zip": "01082", "lat": 42.26,
                    "lon": -72.24, "hours": "Mon-Fri 09:00-17:00", **kw}  # fmt: skip
    return SiteInfo(name=name, **values)


def test_a_mixed_list_marks_only_the_unverified_sites() -> None:
    places = _directory(
        _site("Checked", verified=True, phone="413-555-0199"),
        _site("Unchecked", lat=42.27, hours="Daily 08:00-22:00"),
    )
    (out,) = [step(FLOWS, None, "narcan ware", Context(now=TUESDAY_2PM, places=places))]
    header, checked, unchecked = out.replies[0].splitlines()[:3]
    assert "call ahead" not in header and "All open now." in header
    assert checked == "1) Checked, 1 Main St, 413-555-0199. Mon-Fri 9am-5pm"
    assert unchecked == "2) Unchecked, 1 Main St. Daily 8am-10pm. Unverified: call ahead"


def test_open_and_closed_are_said_per_site_when_they_differ() -> None:
    places = _directory(_site("Day"), _site("Night", lat=42.27, hours="Daily 20:00-02:00"))
    text = step(FLOWS, None, "narcan ware", Context(now=TUESDAY_2PM, places=places)).replies[0]
    day, night = site_lines(text)
    assert day.endswith("Mon-Fri 9am-5pm. Open now")
    assert night.endswith("Daily 8pm-2am. Closed now")


def test_a_site_open_around_the_clock_says_so_once() -> None:
    """It read "Daily 12am-12am. Open now": midnight to midnight, and open now besides."""
    places = _directory(_site("Day"), _site("Box", lat=42.27, hours="Mon-Sun 00:00-24:00"))
    text = step(FLOWS, None, "narcan ware", Context(now=TUESDAY_4AM, places=places)).replies[0]
    day, box = site_lines(text)
    assert day.endswith("Mon-Fri 9am-5pm. Closed now")
    assert box == "2) Box, 1 Main St. Open 24 hours"


def test_hours_with_a_gap_are_not_around_the_clock() -> None:
    parsed = parse_hours("Mon-Sun 00:00-23:59")
    assert parsed is not None
    assert describe_hours(parsed, "en") == "Daily 12am-11:59pm"


@pytest.mark.parametrize("messages", [["naloxona florence"], ["hola", "3", "florence"]])
def test_spanish_lists_give_hours_in_spanish_day_names(messages: list[str]) -> None:
    text = texts(messages)[-1].replies[0]
    assert "Lun-Jue 10am-8pm; Vie-Sab 10am-5pm" in text
    assert "Sin verificar: llame antes." in text.splitlines()[0]
    assert not ENGLISH_DAYS.search(text), text
    assert encoding(text) == "GSM-7"


@pytest.mark.parametrize("language", ["narcan", "naloxona"])
@pytest.mark.parametrize("now", [TUESDAY_2PM, TUESDAY_4AM])
@pytest.mark.parametrize("open_now", ["", " open now"])
def test_every_town_gets_a_short_plain_list(language: str, now: datetime, open_now: str) -> None:
    for town in DIRECTORY.towns:
        text = reply(f"{language} {town.name}{open_now}", now)
        assert len(text) <= MAX_BODY
        assert (encoding(text), segments(text) <= 4) == ("GSM-7", True), (town.name, text)


# --- hours as a texter reads them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "en", "es"),
    [
        ("Mon-Thu 10:00-20:00; Fri-Sat 10:00-17:00", "Mon-Thu 10am-8pm; Fri-Sat 10am-5pm",
         "Lun-Jue 10am-8pm; Vie-Sab 10am-5pm"),
        ("Wed,Fri 12:00-15:00", "Wed, Fri 12pm-3pm", "Mié, Vie 12pm-3pm"),
        ("Mon-Fri 08:30-16:30", "Mon-Fri 8:30am-4:30pm", "Lun-Vie 8:30am-4:30pm"),
        ("Daily 08:00-22:00", "Daily 8am-10pm", "Lun-Dom 8am-10pm"),
        ("Fri-Mon 10:00-11:00", "Fri-Mon 10am-11am", "Vie-Lun 10am-11am"),
        ("Fri 20:00-02:00", "Fri 8pm-2am", "Vie 8pm-2am"),
        ("Sat 09:00-24:00", "Sat 9am-12am", "Sab 9am-12am"),
        ("Mon-Fri 09:00-12:00,13:00-17:00", "Mon-Fri 9am-12pm,1pm-5pm",
         "Lun-Vie 9am-12pm,1pm-5pm"),
        ("Tue 13:00-16:00; Thu 13:00-16:00", "Tue, Thu 1pm-4pm", "Mar, Jue 1pm-4pm"),
        ("24/7", "Open 24 hours", "Abierto 24 horas"),
        ("Mon-Sun 00:00-24:00", "Open 24 hours", "Abierto 24 horas"),
        ("Mon-Fri 00:00-24:00; Sat-Sun 00:00-12:00,12:00-24:00", "Open 24 hours",
         "Abierto 24 horas"),
        ("Daily 12:00-24:00; Daily 00:00-12:00", "Open 24 hours", "Abierto 24 horas"),
        ("Sat-Sun 00:00-24:00; Mon-Fri 09:00-17:00", "Mon-Fri 9am-5pm; Sat-Sun 24 hours",
         "Lun-Vie 9am-5pm; Sab-Dom 24 horas"),
    ],
)  # fmt: skip
def test_hours_are_short_and_in_the_texters_day_names(hours: str, en: str, es: str) -> None:
    parsed = parse_hours(hours)
    assert parsed is not None
    assert (describe_hours(parsed, "en"), describe_hours(parsed, "es")) == (en, es)
    assert encoding(es) == "GSM-7"


def test_hours_that_do_not_parse_keep_their_words_with_days_translated() -> None:
    assert hours_text("Mon & Wed mornings", "es") == "Lun & Mié mornings"
    assert hours_text("Tuesday, daily in summer", "es") == "Mar, Lun-Dom in summer"
    assert hours_text("call for hours", "es") is None
    assert hours_text("", "en") is None


@pytest.mark.parametrize(
    ("opens", "en", "es"),
    [
        (datetime(2026, 11, 24, 10, 0, tzinfo=NY), "today 10am", "hoy 10am"),
        (datetime(2026, 11, 25, 12, 30, tzinfo=NY), "tomorrow 12:30pm", "mañana 12:30pm"),
        (datetime(2026, 11, 27, 8, 0, tzinfo=NY), "Fri 8am", "Vie 8am"),
    ],
)
def test_opening_times_read_from_the_texters_today(opens: datetime, en: str, es: str) -> None:
    assert opening_text(opens, TUESDAY_4AM, "en") == en
    assert opening_text(opens, TUESDAY_4AM, "es") == es


# --- "open now" -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message", ["narcan amherst open now", "narcan amherst right now", "Narcan in Amherst now?"]
)
def test_open_now_at_4am_says_none_is_open_and_when_they_open(message: str) -> None:
    """Before, all three came back "closed now", by distance only, with nothing else said."""
    text = reply(message, TUESDAY_4AM)
    header = text.splitlines()[0]
    assert "None is open now. The nearest opens tomorrow 12pm." in header
    assert "Site 3 opens sooner, today 10am." in header  # Northampton, Tuesday 10:00
    assert "Tapestry mobile stop Amherst" in site_lines(text)[0]
    assert text.splitlines()[-1] == "Free naloxone by mail: nextdistro.org."
    assert len(text) <= MAX_BODY


def test_open_now_lists_the_open_sites_first() -> None:
    """At 1 p.m. on a Tuesday the Amherst and Hadley stops are closed, Northampton's open."""
    now = datetime(2026, 11, 24, 13, 0, tzinfo=NY)
    plain = site_lines(reply("narcan amherst", now))
    asked = reply("narcan amherst open now", now)
    assert "Tapestry mobile stop Amherst" in plain[0]
    assert "All open now." in asked.splitlines()[0]
    assert all("Northampton" in line for line in site_lines(asked))


def test_open_now_in_spanish() -> None:
    text = reply("naloxona amherst abierto ahora", TUESDAY_4AM)
    assert "Ninguno abierto ahora. El primero abre mañana 12pm." in text
    assert "El sitio 3 abre antes, hoy 10am." in text
    assert encoding(text) == "GSM-7"


def test_open_now_asked_before_the_place_is_kept_for_the_answer() -> None:
    outcomes = texts(["narcan open now", "amherst"], TUESDAY_4AM)
    assert "What town or ZIP code" in outcomes[0].replies[0]
    sites, mail = outcomes[1].replies
    assert "None is open now" in sites and "nextdistro.org" in mail


def test_open_now_in_the_finder_answer() -> None:
    sites = texts(["hi", "3", "amherst open now"], TUESDAY_4AM)[-1].replies[0]
    assert "None is open now" in sites.splitlines()[0]


def test_open_now_is_judged_on_the_programs_clock() -> None:
    """4 a.m. in New York is 1 a.m. in Los Angeles: "today" is the program's day."""
    west = EngineSettings(timezone="America/Los_Angeles")
    text = reply("narcan ware open now", TUESDAY_4AM, settings=west)
    assert "The nearest opens today 8am." in text  # 8 a.m. Pacific, Tuesday
    monday_late = datetime(2026, 11, 24, 2, 0, tzinfo=NY)  # 11 p.m. Monday in Los Angeles
    text = reply("narcan ware open now", monday_late, settings=west)
    assert "The nearest opens tomorrow 8am." in text


def test_unknown_hours_are_said_in_the_texters_language() -> None:
    places = _directory(_site("Box", hours="call for hours"))
    text = step(FLOWS, None, "naloxona ware", Context(now=TUESDAY_2PM, places=places)).replies[0]
    (line,) = site_lines(text)
    assert line == "1) Box, 1 Main St. Llame para el horario"
