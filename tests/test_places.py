"""Place resolution, distances and opening hours (pure, from the shipped data)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from flows.engine import step
from flows.places import (
    Directory,
    NameTaken,
    PlaceMatch,
    SiteInfo,
    TownInfo,
    haversine_km,
    is_open,
    names_of_other_towns,
    next_opening,
    normalize_text,
    parse_hours,
    shared_point,
    split_other_names,
)
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.types import Context
from flows.zip_data import zip_point

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=NY)


@pytest.fixture(scope="module")
def directory() -> Directory:
    return default_directory()


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("northhampton", "Northampton"),
        ("Northampton", "Northampton"),
        ("noho", "Northampton"),
        ("NOHO!", "Northampton"),
        ("Florence", "Northampton"),
        ("leeds", "Northampton"),
        ("amhurst", "Amherst"),
        ("narcan in amherst", "Amherst"),
        ("belchertwon", "Belchertown"),
        ("soha", "South Hadley"),
        ("I'm in South Hadley", "South Hadley"),
        ("south hadly", "South Hadley"),
        ("hadley", "Hadley"),
        ("e-hampton", "Easthampton"),
        ("ehampton", "Easthampton"),
        ("Easthámpton", "Easthampton"),
        ("esthampton", "Easthampton"),
        ("westhamton", "Westhampton"),
        ("Haydenville", "Williamsburg"),
        ("north hatfield", "Hatfield"),
        ("West Hatfield", "Hatfield"),
        ("hatfeild", "Hatfield"),
        ("West Chesterfield", "Chesterfield"),
        ("ware", "Ware"),
        ("  WORTHINGTON.  ", "Worthington"),
    ],
)
def test_resolve_town(directory: Directory, text: str, town: str) -> None:
    match = directory.resolve(text)
    assert match.kind == "town"
    assert [t.name for t in match.towns] == [town]
    assert (match.lat, match.lon) == (match.towns[0].lat, match.towns[0].lon)
    assert match.suggestions == ()


@pytest.mark.parametrize(
    ("text", "zip_code", "towns"),
    [
        ("01060", "01060", ["Northampton"]),
        ("narcan 01060", "01060", ["Northampton"]),
        ("near 01060 please", "01060", ["Northampton"]),
        ("01060-1234", "01060", ["Northampton"]),
        ("01062", "01062", ["Northampton"]),
        ("01002", "01002", ["Amherst", "Pelham"]),
        ("01027", "01027", ["Easthampton", "Westhampton"]),
        ("01088", "01088", ["Hatfield"]),
        ("01039", "01039", ["Williamsburg"]),
        ("amherst or northampton 01027", "01027", ["Easthampton", "Westhampton"]),
        ("12 Hadley St 01075", "01075", ["South Hadley"]),  # a street, not a town
        ("springfield 01060", "01060", ["Northampton"]),  # only the county's names
    ],
)
def test_resolve_zip_in_county(
    directory: Directory, text: str, zip_code: str, towns: list[str]
) -> None:
    match = directory.resolve(text)
    assert match.kind == "zip"
    assert match.zip == zip_code
    assert sorted(t.name for t in match.towns) == towns
    assert match.lat is not None and 42.0 < match.lat < 42.6
    assert match.lon is not None and -73.1 < match.lon < -72.2


@pytest.mark.parametrize(
    ("text", "town", "lat", "lon"),
    [
        ("Springfield", "Springfield", 42.12, -72.57),
        ("springfeld", "Springfield", 42.12, -72.57),  # a typo, as for the county's towns
        ("Holyoke", "Holyoke", 42.20, -72.62),
        ("holyoke, MA", "Holyoke", 42.20, -72.62),
        ("West Springfield", "West Springfield", 42.14, -72.62),
        ("springfield area", "Springfield", 42.12, -72.57),
        ("Boston", "Boston", 42.35, -71.04),
    ],
)
def test_a_massachusetts_town_outside_the_county_resolves_to_its_place(
    directory: Directory, text: str, town: str, lat: float, lon: float
) -> None:
    """ "Springfield" once got "Did you mean Plainfield?" while its ZIP 01101 worked."""
    match = directory.resolve(text)
    assert match.kind == "town"
    ((name, county, state),) = [(t.name, t.county, t.state) for t in match.towns]
    assert (name, county, state) == (town, "", "MA")
    assert (match.lat, match.lon) == pytest.approx((lat, lon), abs=0.02)


@pytest.mark.parametrize(
    ("text", "town"),
    [("Florence", "Northampton"), ("leeds", "Northampton"), ("amherst lee", "Amherst"),
     ("hatfeild", "Hatfield")],
)  # fmt: skip
def test_the_countys_own_names_come_before_other_towns(
    directory: Directory, text: str, town: str
) -> None:
    """Florence and Leeds are ZIP cities too, and Lee a Berkshire town: ours win."""
    assert [t.name for t in directory.resolve(text).towns] == [town]


@pytest.mark.parametrize("text", ["for my friend dennis", "orange pills", "sale lee"])
def test_another_town_must_be_the_whole_answer(directory: Directory, text: str) -> None:
    """Dennis, Orange and Lee are Massachusetts towns, but here they are other words."""
    assert directory.resolve(text).kind == "none"


@pytest.mark.parametrize(
    ("text", "town"),
    [("hadley not south hadley", "Hadley"), ("south hadley not hadley", "South Hadley"),
     ("not amherst, northampton", "Northampton"), ("no en amherst, en ware", "Ware"),
     ("i was in northampton but now im in amherst", "Amherst"),
     ("was northampton but now amherst", "Amherst"),
     ("im in amherst now, i was in northampton", "Amherst"),
     ("i used to live in ware, currently in hadley", "Hadley"),
     ("antes en ware, ahora en hadley", "Hadley"),
     ("amherst or northampton", "Northampton")],
)  # fmt: skip
def test_of_two_towns_the_one_refused_or_past_loses(
    directory: Directory, text: str, town: str
) -> None:
    """ "hadley not south hadley" once gave South Hadley, the longer name, and "i was in
    northampton but now im in amherst" Northampton, the first: a town refused ("not") or of
    the past ("was") gives way to the other, and one said of "now" wins."""
    match = directory.resolve(text)
    assert (match.kind, [t.name for t in match.towns]) == ("town", [town])


@pytest.mark.parametrize(
    ("text", "zip_code", "town"),
    [("01103", "01103", "Springfield"), ("01040", "01040", "Holyoke"),
     ("narcan 02139", "02139", "Cambridge")],
)  # fmt: skip
def test_a_zip_outside_the_county_names_its_town(
    directory: Directory, text: str, zip_code: str, town: str
) -> None:
    """ "01103" was kept as "Town: 01103" where "springfield" is Springfield: the ZIP names
    the state's town it belongs to, and keeps its own point."""
    match = directory.resolve(text)
    assert (match.kind, match.zip) == ("zip", zip_code)
    ((name, county, state),) = [(t.name, t.county, t.state) for t in match.towns]
    assert (name, county, state) == (town, "", "MA")
    assert (match.lat, match.lon) == zip_point(zip_code)


def test_a_zip_of_another_state_keeps_its_point(directory: Directory) -> None:
    match = directory.resolve("10001")
    assert (match.kind, match.zip, match.towns) == ("zip", "10001", ())
    assert (match.lat, match.lon) == zip_point("10001")


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("hampton", "Easthampton"),
        ("what she needs", "Northampton"),  # one letter from Leeds
        ("I'm aware", "Ware"),
        ("hadly", "Hadley"),
        ("nrthhamton", "Northampton"),
        ("south", "South Hadley"),
        ("belcher", "Belchertown"),
    ],
)
def test_a_close_spelling_gives_suggestions(
    directory: Directory, text: str, suggested: str
) -> None:
    match = directory.resolve(text)
    assert match.kind == "none"
    assert match.towns == ()
    assert match.lat is None
    assert 1 <= len(match.suggestions) <= 3
    assert suggested in match.suggestions


@pytest.mark.parametrize(
    "text",
    ["xyzzy", "call me 413-555-0123", "idk", "near me", "rather not say",
     "none of your business", "prefiero no decir", "homeless", "no fixed address", "atlantis",
     "hardly", "skip"],
)  # fmt: skip
def test_text_spelt_like_no_town_gets_no_suggestions(directory: Directory, text: str) -> None:
    """ "idk" once got "Did you mean Middlefield or Chesterfield?": towns sharing no letters."""
    match = directory.resolve(text)
    assert (match.kind, match.suggestions) == ("none", ())


@pytest.mark.parametrize("text", ["99999", "3", "12", "2024", "#5"])
def test_a_number_that_is_no_place_suggests_no_town(directory: Directory, text: str) -> None:
    """ "Did you mean Amherst?" answers a name misspelt, not a number."""
    match = directory.resolve(text)
    assert match.kind == "none"
    assert match.suggestions == ()


@pytest.mark.parametrize(
    ("text", "zip_code", "towns"),
    [
        ("1060", "01060", ["Northampton"]),
        ("narcan 1002", "01002", ["Amherst", "Pelham"]),
        ("1027", "01027", ["Easthampton", "Westhampton"]),
    ],
)
def test_a_county_zip_without_its_leading_zero_is_read(
    directory: Directory, text: str, zip_code: str, towns: list[str]
) -> None:
    match = directory.resolve(text)
    assert (match.kind, match.zip) == ("zip", zip_code)
    assert sorted(t.name for t in match.towns) == towns


@pytest.mark.parametrize(
    "text",
    ["1082 West St, Amherst", "I live at 1060 Main St in Amherst", "Amherst, 1060 Main St"],
)
def test_a_house_number_beside_a_town_is_not_a_zip(directory: Directory, text: str) -> None:
    """Read as 01082 (Ware) or 01060 (Northampton), sites would be a town away."""
    match = directory.resolve(text)
    assert (match.kind, match.zip, [t.name for t in match.towns]) == ("town", None, ["Amherst"])


def test_a_house_number_alone_is_not_a_zip(directory: Directory) -> None:
    assert directory.resolve("1060 Main St").kind == "none"


def _searched(texts: list[str]) -> dict:
    """The naloxone search the engine logs after these texts, one after another."""
    flows, state = load_shipped_flows(), None
    for text in texts:
        out = step(flows, state, text, Context(now=NOW, places=default_directory()))
        state = out.state
    (search,) = [e.data for e in out.effects if e.kind == "log_search"]
    return search


@pytest.mark.parametrize(
    ("texts", "town", "zip_code"),
    [
        (["narcan 1002"], None, "01002"),
        (["narcan in 1060"], "Northampton", "01060"),
        (["hi", "3", "1060"], "Northampton", "01060"),
        (["hi", "3", "zip 1027"], None, "01027"),
        (["narcan 1082 West St, Amherst"], "Amherst", None),
        (["hi", "3", "I live at 1060 Main St in Amherst"], "Amherst", None),
    ],
)
def test_the_finder_reads_a_short_zip_only_when_it_is_the_whole_answer(
    texts: list[str], town: str | None, zip_code: str | None
) -> None:
    search = _searched(texts)
    assert (search["town"], search["zip"]) == (town, zip_code)


@pytest.mark.parametrize(
    ("text", "town"),
    [("amherst 01060", "Amherst"), ("narcan amherst 01060", "Amherst"),
     ("amherst 01027", "Amherst"), ("im in ware, my zip is 01002", "Ware"),
     ("South Hadley 01060", "South Hadley")],
)  # fmt: skip
def test_a_town_named_beside_another_towns_zip_wins(
    directory: Directory, text: str, town: str
) -> None:
    """ "NARCAN and your town" is what people are told to text: a ZIP of another town beside
    it is most often a home or mailing ZIP, and the answer says the place it searched near."""
    match = directory.resolve(text)
    assert (match.kind, [t.name for t in match.towns], match.zip) == ("town", [town], None)
    assert (match.lat, match.lon) == (match.towns[0].lat, match.towns[0].lon)


@pytest.mark.parametrize(
    "texts",
    [["ware can i get narcan 01060"], ["Ware do I get narcan near 01060?"],
     ["hi", "3", "ware can i get it 01060"]],
)  # fmt: skip
def test_ware_for_where_leaves_the_zip_the_place(texts: list[str]) -> None:
    """ "ware" is how many spell "where": starting a question, it names no town to beat the
    ZIP said with it."""
    search = _searched(texts)
    assert (search["town"], search["zip"]) == ("Northampton", "01060")


@pytest.mark.parametrize(
    ("texts", "said"),
    [(["narcan amherst 01060"], "Free naloxone near Amherst"),
     (["hi", "1", "coach", "amherst 01060", "text", "morning", "peers only", "Sam"],
      "Town: Amherst")],
)  # fmt: skip
def test_the_person_sees_the_town_they_named(texts: list[str], said: str) -> None:
    flows, state = load_shipped_flows(), None
    for text in texts:
        out = step(flows, state, text, Context(now=NOW, places=default_directory()))
        state = out.state
    assert said in out.replies[-1] or said in out.replies[0]


def test_zip_01050_asks_between_huntington_and_montgomery(directory: Directory) -> None:
    """01050 crosses the county line: Huntington (Hampshire) and Montgomery (Hampden)."""
    match = directory.resolve("01050")
    assert sorted((t.name, t.county) for t in match.towns) == [
        ("Huntington", "Hampshire"),
        ("Montgomery", "Hampden"),
    ]


def test_towns_sharing_a_zip_keep_their_own_centres(directory: Directory) -> None:
    """Westhampton and Pelham are not where Easthampton's and Amherst's ZIP points are: a
    search from them must measure from the town, or the gaps in coverage hide."""
    by_name = {t.name: t for t in directory.towns}
    for town, neighbour in (("Westhampton", "Easthampton"), ("Pelham", "Amherst")):
        a, b = by_name[town], by_name[neighbour]
        assert haversine_km(a.lat, a.lon, b.lat, b.lon) > 5, town


def test_every_shipped_town_has_a_site_near_enough(directory: Directory) -> None:
    now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    for town in directory.towns:
        match = PlaceMatch(kind="town", towns=(town,), lat=town.lat, lon=town.lon)
        assert directory.nearest_sites(match, now), town.name


def test_a_zip_across_the_state_lists_no_far_away_site(directory: Directory) -> None:
    """Cambridge is 130 km away: no "naloxone near you" two hours' drive off."""
    now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    match = directory.resolve("02139")
    assert match.kind == "zip" and [t.county for t in match.towns] == [""]
    assert directory.nearest_sites(match, now) == []
    assert directory.nearest_sites(match, now, max_km=500)  # the sites exist, just far
    names = {t.name for t in directory.towns}
    assert set(match.suggestions) <= names
    assert len(set(match.suggestions)) == len(match.suggestions)


def test_suggestions_are_close_names(directory: Directory) -> None:
    assert "Easthampton" in directory.resolve("hampton").suggestions


def test_resolve_empty_text(directory: Directory) -> None:
    assert directory.resolve("") == PlaceMatch(kind="none")


def test_normalize_text() -> None:
    assert normalize_text("  Ñoho!!  E-Hampton ") == "noho e hampton"


def test_haversine_km() -> None:
    # Northampton city centre to Amherst town centre: about 11 km.
    assert haversine_km(42.3251, -72.6412, 42.3732, -72.5199) == pytest.approx(11.1, abs=0.3)
    assert haversine_km(42.0, -72.0, 42.0, -72.0) == 0


# --- opening hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "local", "expected"),
    [
        ("24/7", datetime(2025, 1, 5, 3, 0), True),
        ("Mon-Fri 09:00-17:00", datetime(2025, 1, 6, 9, 0), True),  # Monday opening minute
        ("Mon-Fri 09:00-17:00", datetime(2025, 1, 6, 16, 59), True),
        ("Mon-Fri 09:00-17:00", datetime(2025, 1, 6, 17, 0), False),  # closes at 17:00
        ("Mon-Fri 09:00-17:00", datetime(2025, 1, 6, 8, 59), False),
        ("Mon-Fri 09:00-17:00", datetime(2025, 1, 11, 12, 0), False),  # Saturday
        ("Mon-Fri 09:00-17:00; Sat 10:00-14:00", datetime(2025, 1, 11, 12, 0), True),
        ("Tue,Thu 12:00-18:00", datetime(2025, 1, 9, 13, 0), True),  # Thursday
        ("Tue,Thu 12:00-18:00", datetime(2025, 1, 8, 13, 0), False),  # Wednesday
        ("Mon-Fri 09:00-12:00,13:00-17:00", datetime(2025, 1, 6, 12, 30), False),
        ("Mon-Fri 09:00-12:00,13:00-17:00", datetime(2025, 1, 6, 13, 30), True),
        ("Daily 08:00-20:00", datetime(2025, 1, 5, 19, 0), True),
        ("Fri-Mon 10:00-11:00", datetime(2025, 1, 5, 10, 30), True),  # Sunday, wraps
        ("Fri-Mon 10:00-11:00", datetime(2025, 1, 8, 10, 30), False),  # Wednesday
        ("Sat 09:00-24:00", datetime(2025, 1, 11, 23, 59), True),
        ("Sun closed; Mon 09:00-10:00", datetime(2025, 1, 5, 9, 30), False),
        # Crossing midnight: Friday 20:00 to Saturday 02:00.
        ("Fri 20:00-02:00", datetime(2025, 1, 10, 19, 59), False),
        ("Fri 20:00-02:00", datetime(2025, 1, 10, 23, 59), True),
        ("Fri 20:00-02:00", datetime(2025, 1, 11, 1, 59), True),
        ("Fri 20:00-02:00", datetime(2025, 1, 11, 2, 0), False),
        ("Fri 20:00-02:00", datetime(2025, 1, 12, 1, 0), False),  # Sunday
        ("Fri 20:00-02:00", datetime(2025, 1, 10, 1, 0), False),  # Friday early morning
        ("Sun 22:00-02:00", datetime(2025, 1, 6, 1, 0), True),  # Monday, wraps the week
        ("", datetime(2025, 1, 6, 12, 0), None),
        ("unknown", datetime(2025, 1, 6, 12, 0), None),
        ("Mon-Fry 9-5", datetime(2025, 1, 6, 12, 0), None),  # malformed: unknown, not closed
    ],
)
def test_is_open(hours: str, local: datetime, expected: bool | None) -> None:
    assert is_open(hours, local) is expected
    assert is_open(hours, local.replace(tzinfo=NY)) is expected


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        # 13:30 UTC is 08:30 EST before the spring change and 09:30 EDT after it.
        (datetime(2024, 3, 8, 13, 30, tzinfo=UTC), False),  # Friday, EST
        (datetime(2024, 3, 11, 13, 30, tzinfo=UTC), True),  # Monday, EDT
        # 21:30 UTC is 17:30 EDT before the autumn change and 16:30 EST after it.
        (datetime(2024, 11, 1, 21, 30, tzinfo=UTC), False),  # Friday, EDT
        (datetime(2024, 11, 4, 21, 30, tzinfo=UTC), True),  # Monday, EST
    ],
)
def test_is_open_across_dst(utc: datetime, expected: bool) -> None:
    assert is_open("Mon-Fri 09:00-17:00", utc) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mon-Fry 09:00-17:00", "not a day"),
        ("Mon-Fri 9-17", "not a time"),
        ("Mon-Fri 25:00-26:00", "not a valid time"),
        ("Mon-Fri 09:60-17:00", "not a valid time"),
        ("Mon-Fri 24:00-17:00", "not a valid time"),
        ("Mon-Fri 09:00-09:00", "same time"),
        ("Mon-Fri 09:00", "time range"),
        ("09:00-17:00", "days then times"),
        ("Mon-Fri", "days then times"),
        ("Sun closed", "no opening times"),
        ("Mon-Fri 09:00-17:00 Sat 10:00-14:00", 'separate day groups with ";"'),
        ("Mon-Fri 09:00-17:00, by appointment", "days then times"),
    ],
)
def test_parse_hours_rejects_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_hours(text)


@pytest.mark.parametrize(
    ("with_commas", "with_semicolons"),
    [
        ("Mon-Fri 09:00-17:00, Sat 10:00-14:00", "Mon-Fri 09:00-17:00; Sat 10:00-14:00"),
        (
            "Mon-Fri 09:00-12:00,13:00-17:00, Sat,Sun 10:00-14:00",
            "Mon-Fri 09:00-12:00,13:00-17:00; Sat,Sun 10:00-14:00",
        ),
        ("Sun closed, Mon 09:00-10:00", "Sun closed; Mon 09:00-10:00"),
    ],
)
def test_a_comma_between_day_groups_reads_as_a_semicolon(
    with_commas: str, with_semicolons: str
) -> None:
    """A comma after a time and before a day can only start a new day group: it read
    "Sat10:00" as a time and refused the site."""
    assert parse_hours(with_commas) == parse_hours(with_semicolons)


def test_parse_hours_structure() -> None:
    parsed = parse_hours("Fri 20:00-02:00; Tue,Thu 12:00-18:00")
    assert parsed is not None
    assert parsed.intervals == ((1, 720, 1080), (3, 720, 1080), (4, 1200, 1560))
    assert parse_hours("24/7") is not None and parse_hours("24/7").always_open
    assert parse_hours("  ") is None


@pytest.mark.parametrize(
    ("hours", "local", "opens"),
    [
        ("Mon-Fri 09:00-17:00", datetime(2025, 1, 6, 8, 0), datetime(2025, 1, 6, 9, 0)),
        ("Mon-Fri 09:00-17:00", datetime(2025, 1, 6, 17, 0), datetime(2025, 1, 7, 9, 0)),
        ("Mon-Fri 09:00-17:00", datetime(2025, 1, 10, 18, 0), datetime(2025, 1, 13, 9, 0)),
        ("Wed 12:00-15:00", datetime(2025, 1, 8, 12, 30), datetime(2025, 1, 15, 12, 0)),
        ("Fri 20:00-02:00", datetime(2025, 1, 11, 3, 0), datetime(2025, 1, 17, 20, 0)),
        # Sunday 8 March 2026 at 01:30 EST: the clocks jump an hour before 09:00 EDT.
        ("Daily 09:00-17:00", datetime(2026, 3, 8, 1, 30), datetime(2026, 3, 8, 9, 0)),
        ("24/7", datetime(2025, 1, 6, 8, 0), None),
        ("call for hours", datetime(2025, 1, 6, 8, 0), None),
        ("Mon-Fry 9-5", datetime(2025, 1, 6, 8, 0), None),
    ],
)
def test_next_opening(hours: str, local: datetime, opens: datetime | None) -> None:
    found = next_opening(hours, local.replace(tzinfo=NY), NY)
    assert found == (opens.replace(tzinfo=NY) if opens else None)
    if found is not None:
        assert found.utcoffset() == opens.replace(tzinfo=NY).utcoffset()


# --- nearest sites -------------------------------------------------------------------------


def _site(name: str, lat: float, lon: float, **kw: object) -> SiteInfo:
    return SiteInfo(name=name, address="1 Main St", town="T", zip="01060", lat=lat, lon=lon, **kw)


def test_nearest_sites_sorted_by_distance_with_open_now() -> None:
    town = TownInfo(name="Here", zips=("01060",), lat=42.30, lon=-72.60)
    sites = (
        _site("far", 42.40, -72.60, hours="24/7"),
        _site("near", 42.301, -72.60, hours="Mon-Fri 09:00-17:00"),
        _site("middle", 42.33, -72.60, hours=""),
        _site("inactive", 42.30, -72.60, active=False),
        _site("no naloxone", 42.30, -72.60, naloxone=False),
    )
    d = Directory(towns=(town,), sites=sites)
    # Monday 10:00 in Massachusetts (EST).
    found = d.nearest_sites(d.resolve("here"), datetime(2025, 1, 6, 15, 0, tzinfo=UTC))
    assert [n.site.name for n in found] == ["near", "middle", "far"]
    assert [n.open_now for n in found] == [True, None, True]
    assert found[0].km == pytest.approx(0.111, abs=0.01)
    assert found[2].km == pytest.approx(11.1, abs=0.1)
    one = d.nearest_sites(d.resolve("here"), datetime(2025, 1, 6, 15, 0, tzinfo=UTC), limit=1)
    assert [n.site.name for n in one] == ["near"]


def test_nearest_sites_open_first_puts_open_sites_before_nearer_closed_ones() -> None:
    town = TownInfo(name="Here", zips=("01060",), lat=42.30, lon=-72.60)
    sites = (
        _site("near closed", 42.301, -72.60, hours="Sat 09:00-17:00"),
        _site("middle unknown", 42.33, -72.60, hours=""),
        _site("far open", 42.40, -72.60, hours="24/7"),
    )
    d = Directory(towns=(town,), sites=sites)
    monday_10am = datetime(2025, 1, 6, 15, 0, tzinfo=UTC)
    by_distance = d.nearest_sites(d.resolve("here"), monday_10am)
    open_first = d.nearest_sites(d.resolve("here"), monday_10am, open_first=True)
    assert [n.site.name for n in by_distance] == ["near closed", "middle unknown", "far open"]
    assert [n.site.name for n in open_first] == ["far open", "near closed", "middle unknown"]
    assert [n.opens for n in by_distance] == [datetime(2025, 1, 11, 9, 0, tzinfo=NY), None, None]


def test_nearest_sites_for_no_match_is_empty(directory: Directory) -> None:
    now = datetime(2025, 1, 6, 15, 0, tzinfo=UTC)
    assert directory.nearest_sites(directory.resolve("xyzzy"), now) == []


def test_nearest_sites_needs_an_aware_time(directory: Directory) -> None:
    with pytest.raises(ValueError, match="aware"):
        directory.nearest_sites(directory.resolve("noho"), datetime(2025, 1, 6, 10, 0))


@pytest.mark.parametrize(
    ("text", "first_town"),
    [("noho", "Northampton"), ("01027", "Easthampton"), ("ware", "Ware"), ("01040", None)],
)
def test_nearest_sites_from_shipped_data(
    directory: Directory, text: str, first_town: str | None
) -> None:
    found = directory.nearest_sites(directory.resolve(text), datetime(2025, 1, 6, 15, tzinfo=UTC))
    assert len(found) == 3
    assert [n.km for n in found] == sorted(n.km for n in found)
    assert all(not n.site.verified for n in found)
    if first_town is not None:
        assert found[0].site.town == first_town
        assert found[0].km < 5
    else:
        assert found[0].km < 10  # Holyoke is next to South Hadley and Easthampton


def test_open_now_follows_the_programs_time_zone() -> None:
    """ "Open now" is judged on the program's clock (HOTLINE_TIMEZONE), not a fixed one."""
    town = TownInfo(name="Here", zips=("01060",), lat=42.30, lon=-72.60)
    site = _site("Office", 42.30, -72.60, hours="Mon-Fri 09:00-17:00")
    directory = Directory(towns=(town,), sites=(site,))
    match = PlaceMatch(kind="town", towns=(town,), lat=town.lat, lon=town.lon)
    six_pm_eastern = datetime(2026, 11, 23, 23, 0, tzinfo=UTC)  # a Monday
    (eastern,) = directory.nearest_sites(match, six_pm_eastern)
    (pacific,) = directory.nearest_sites(match, six_pm_eastern, tz=ZoneInfo("America/Los_Angeles"))
    assert (eastern.open_now, pacific.open_now) == (False, True)


@pytest.mark.parametrize(
    "text",
    ["zip code 1060", "my zip is 1060", "1060 please", "1060, MA", "codigo postal 1060",
     "1060-1234"],
)  # fmt: skip
def test_a_short_zip_with_words_that_say_nothing_of_where_is_read(
    directory: Directory, text: str
) -> None:
    match = directory.resolve(text)
    assert (match.kind, match.zip) == ("zip", "01060")


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("42.3251,-72.6412", (42.3251, -72.6412)),
        ("42.32, -72.63", (42.32, -72.63)),
        ("https://maps.apple.com/?ll=42.3251,-72.6412&q=Dropped%20Pin", (42.3251, -72.6412)),
        ("My Location\nhttps://maps.apple.com/place?coordinate=42.37,-72.52", (42.37, -72.52)),
        ("https://maps.google.com/?q=42.3251%2C-72.6412", (42.3251, -72.6412)),
        ("https://www.google.com/maps/@42.2668,-72.6690,15z", (42.2668, -72.669)),
        ("42.32° N, 72.63° W", (42.32, -72.63)),
        ("01060-1234", None),
        ("call 413.555.0100", None),
        ("Northampton", None),
        ("95.5,-72.6", None),
    ],
)
def test_a_shared_location_is_read(text: str, point: tuple[float, float] | None) -> None:
    assert shared_point(text) == point


@pytest.mark.parametrize(
    ("texts", "town", "zip_code"),
    [
        (["hi", "3", "42.3251,-72.6412"], "Northampton", None),
        (["hi", "3", "https://maps.apple.com/?ll=42.3732,-72.5199"], "Amherst", None),
        (["narcan https://maps.google.com/?q=42.2668,-72.6690"], "Easthampton", None),
        (["hi", "3", "42.3601,-71.0589"], None, "021"),  # Boston: a point, no county town
    ],
)  # fmt: skip
def test_the_finder_searches_from_a_shared_location(
    texts: list[str], town: str | None, zip_code: str | None
) -> None:
    search = _searched(texts)
    assert search["town"] == town
    assert (search["zip"] or "").startswith(zip_code or "")
    assert search["results"] == (3 if town else 0)


def test_a_shared_location_answers_the_town_question() -> None:
    flows, state = load_shipped_flows(), None
    for text in ["hi", "1", "1", "https://maps.apple.com/?ll=42.2668,-72.6690&q=Dropped%20Pin"]:
        out = step(flows, state, text, Context(now=NOW, places=default_directory()))
        state = out.state
    assert state["vars"]["town"] == "Easthampton"
    assert state["node"] == "contact"


def test_other_names_are_split_on_lines_semicolons_and_commas_and_kept_once() -> None:
    typed = "noho, Paradise City\nUMass;; umass ; U-Mass,  "
    assert split_other_names(typed) == ["noho", "Paradise City", "UMass"]


def test_another_towns_name_or_other_name_is_found_as_the_finder_reads_it() -> None:
    """Saved on Amherst, these would send texters naming Northampton or Ware to Amherst."""
    towns = [(t.name, t.aliases) for t in default_directory().towns if t.name != "Amherst"]
    typed = ["Northampton", "NO-HO!", "Southhadley", "Ware", "Amherst College", "S. Hadley"]
    assert names_of_other_towns(typed, towns) == [
        NameTaken("Northampton", "Northampton", is_its_name=True),
        NameTaken("NO-HO!", "Northampton", is_its_name=False),
        NameTaken("Southhadley", "South Hadley", is_its_name=True),
        NameTaken("Ware", "Ware", is_its_name=True),
        NameTaken("S. Hadley", "South Hadley", is_its_name=False),
    ]


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [("granby ct", "Granby, CT", "CT"), ("Granby, CT", "Granby, CT", "CT"),
     ("granby connecticut", "Granby, CT", "CT"), ("granby conn", "Granby, CT", "CT"),
     ("enfield ct", "Enfield, CT", "CT"), ("amherst nh", "Amherst, NH", "NH")],
)  # fmt: skip
def test_a_town_of_another_state_is_not_the_countys(
    directory: Directory, text: str, town: str, state: str
) -> None:
    """ "granby ct" was stored as Granby, Massachusetts: the state said after it makes it
    the other state's town, kept with its own place."""
    match = directory.resolve(text)
    assert match.kind == "town"
    ((name, county, in_state),) = [(t.name, t.county, t.state) for t in match.towns]
    assert (name, county, in_state) == (town, "", state)
    granby_ma = directory.town("Granby")
    assert granby_ma is not None and (match.lat, match.lon) != (granby_ma.lat, granby_ma.lon)


@pytest.mark.parametrize("text", ["ware ny", "i live in granby ct", "pelham vt"])
def test_a_county_town_said_with_another_state_is_no_county_town(
    directory: Directory, text: str
) -> None:
    match = directory.resolve(text)
    assert all(t.county != "Hampshire" for t in match.towns), match


@pytest.mark.parametrize(
    ("text", "town"), [("granby ma", "Granby"), ("Granby, MA", "Granby"), ("granby", "Granby")]
)
def test_a_county_town_said_with_its_own_state_is_the_countys(
    directory: Directory, text: str, town: str
) -> None:
    assert [(t.name, t.county) for t in directory.resolve(text).towns] == [(town, "Hampshire")]
