"""The shipped towns and sites files, and the CSV readers' row-level errors."""

from __future__ import annotations

import csv
import io

import pytest
import zipcodes

from flows.places import SiteInfo, TownInfo, haversine_km
from flows.places_data import (
    DATA_DIR,
    PlacesCsvError,
    decode_csv,
    default_directory,
    parse_bool,
    read_sites_csv,
    read_towns_csv,
    write_sites_csv,
    write_towns_csv,
)

HAMPSHIRE_TOWNS = {
    "Amherst",
    "Belchertown",
    "Chesterfield",
    "Cummington",
    "Easthampton",
    "Goshen",
    "Granby",
    "Hadley",
    "Hatfield",
    "Huntington",
    "Middlefield",
    "Northampton",
    "Pelham",
    "Plainfield",
    "South Hadley",
    "Southampton",
    "Ware",
    "Westhampton",
    "Williamsburg",
    "Worthington",
}
SITES_HEADER = (
    "name,address,town,zip,lat,lon,hours,phone,naloxone,test_strips,syringe_services,"
    "verified,notes\n"
)


def test_shipped_towns_are_the_twenty_and_montgomery() -> None:
    """The county's twenty, and Montgomery (Hampden County), which shares Huntington's 01050:
    a texter there picks their own town rather than being placed in Huntington."""
    towns = read_towns_csv(DATA_DIR / "towns.csv")
    hampshire = {t.name for t in towns if (t.county, t.state) == ("Hampshire", "MA")}
    assert hampshire == HAMPSHIRE_TOWNS
    others = [(t.name, t.county, t.state, t.zips) for t in towns if t.name not in hampshire]
    assert others == [("Montgomery", "Hampden", "MA", ("01050",))]


@pytest.mark.parametrize(
    ("town", "zips"),
    [
        ("Amherst", {"01002", "01003", "01004", "01059"}),
        ("Pelham", {"01002"}),
        ("Easthampton", {"01027"}),
        ("Westhampton", {"01027"}),
        ("Hatfield", {"01038", "01066", "01088"}),
        ("Northampton", {"01053", "01060", "01061", "01062", "01063"}),
        ("Williamsburg", {"01039", "01096"}),
        ("Chesterfield", {"01012", "01084"}),
        ("Middlefield", {"01243"}),
        ("Huntington", {"01050"}),
        ("Montgomery", {"01050"}),
    ],
)
def test_shipped_town_zips(town: str, zips: set[str]) -> None:
    by_name = {t.name: t for t in read_towns_csv(DATA_DIR / "towns.csv")}
    assert set(by_name[town].zips) == zips


def test_every_town_zip_is_a_hampshire_zip_in_the_zipcodes_data() -> None:
    """Keeps the shipped file honest against the offline ZIP database."""
    county_zips = {
        row["zip_code"]: row
        for row in zipcodes.filter_by(state="MA", county="Hampshire County")
        if row["active"]
    }
    shipped: set[str] = set()
    for town in read_towns_csv(DATA_DIR / "towns.csv"):
        for code in town.zips:
            assert code in county_zips, f"{town.name}: {code} is not a Hampshire County ZIP"
            row = county_zips[code]
            # The town is the ZIP's city, one of its acceptable names, or one of the town's
            # villages (Florence, Leeds, Haydenville, North/West Hatfield...).
            names = {row["city"], *row.get("acceptable_cities", [])}
            assert names & {town.name, *town.aliases}, f"{town.name}: {code} is {names}"
        shipped.update(town.zips)
        # The centroid sits within 15 km of each of the town's ZIP points.
        for code in town.zips:
            row = county_zips[code]
            km = haversine_km(town.lat, town.lon, float(row["lat"]), float(row["long"]))
            assert km < 15, f"{town.name} centroid is {km:.0f} km from {code}"
    assert shipped == set(county_zips)


def test_shipped_sites_are_sample_listings() -> None:
    sites = read_sites_csv(DATA_DIR / "sites.csv")
    towns = {t.name: t for t in read_towns_csv(DATA_DIR / "towns.csv")}
    assert 8 <= len(sites) <= 15
    for site in sites:
        assert site.verified is False
        assert "Sample listing: confirm address and hours before use" in site.notes
        assert site.town in towns
        assert site.zip in towns[site.town].zips
        assert haversine_km(site.lat, site.lon, towns[site.town].lat, towns[site.town].lon) < 10
    assert any(s.syringe_services and s.town == "Northampton" for s in sites)
    assert {"Easthampton", "Amherst", "Hadley"} <= {s.town for s in sites if "Tapestry" in s.name}


def test_default_directory_is_cached_and_complete() -> None:
    d = default_directory()
    assert d is default_directory()
    assert len(d.towns) == len(read_towns_csv(DATA_DIR / "towns.csv")) == 21
    assert len(d.sites) == len(read_sites_csv(DATA_DIR / "sites.csv"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("YES", True),
        ("true", True),
        ("1", True),
        ("y", True),
        ("no", False),
        ("False", False),
        ("0", False),
        (" n ", False),
    ],
)
def test_parse_bool(value: str, expected: bool) -> None:
    assert parse_bool(value) is expected


def test_parse_bool_empty_uses_default_and_rejects_other_words() -> None:
    assert parse_bool("", default=True) is True
    with pytest.raises(ValueError, match="yes/no"):
        parse_bool("")
    with pytest.raises(ValueError, match="yes/no"):
        parse_bool("maybe")


def test_read_sites_csv_from_text() -> None:
    text = SITES_HEADER + (
        "Box,1 Main St,Ware,01082,42.26,-72.24,24/7,,Yes,0,no,FALSE,Sample\n"
        '"Clinic, upstairs",2 Main St,Ware,01082,42.26,-72.24,"Tue,Thu 12:00-18:00",'
        "413-555-0111,1,1,yes,no,\n"
    )
    box, clinic = read_sites_csv(text)
    assert (box.name, box.hours, box.phone, box.naloxone, box.test_strips) == (
        "Box",
        "24/7",
        None,
        True,
        False,
    )
    assert box.active is True
    assert (clinic.name, clinic.hours, clinic.phone) == (
        "Clinic, upstairs",
        "Tue,Thu 12:00-18:00",
        "413-555-0111",
    )
    assert (clinic.test_strips, clinic.syringe_services, clinic.verified) == (True, True, False)


def test_read_sites_csv_reports_every_bad_row_by_number() -> None:
    text = SITES_HEADER + (
        "Good,1 Main St,Ware,01082,42.26,-72.24,24/7,,yes,no,no,no,\n"
        "Bad zip,2 Main St,Ware,1082,42.26,-72.24,24/7,,yes,no,no,no,\n"
        "\n"
        "Bad hours,3 Main St,Ware,01082,42.26,-72.24,Mon-Fri 9-5,,yes,no,no,no,\n"
        "Bad flag,4 Main St,Ware,01082,42.26,-72.24,,,maybe,no,no,no,\n"
        ",5 Main St,Ware,01082,42.26,-72.24,,,yes,no,no,no,\n"
        "Bad lat,6 Main St,Ware,01082,north,-72.24,,,yes,no,no,no,\n"
        "Good,1 main st,Ware,01082,42.26,-72.24,24/7,,yes,no,no,no,\n"
    )
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(text)
    rows = [row for row, _ in info.value.errors]
    assert rows == [3, 5, 6, 7, 8, 9]
    messages = dict(info.value.errors)
    assert "ZIP" in messages[3]
    assert messages[5].startswith("hours:") and "not a time" in messages[5]
    assert messages[6].startswith("naloxone:")
    assert messages[7] == "name is empty"
    assert "lat" in messages[8]
    assert "row 2" in messages[9]
    assert "row 3: " in str(info.value)


def test_read_sites_csv_reports_every_problem_of_a_row() -> None:
    """A row with three problems lists all three, so the admin fixes the file once."""
    text = SITES_HEADER + (
        "Good,1 Main St,Ware,01082,42.26,-72.24,24/7,,yes,no,no,no,\n"
        "No town,2 Main St,,1082,42.26,-72.24,whenever,,maybe,no,no,no,\n"
    )
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(text)
    assert info.value.errors == [
        (3, "town is empty"),
        (3, 'ZIP "1082" should be 5 digits, like 01060'),
        (3, 'hours: hours rule "whenever" should be days then times, like "Mon-Fri 09:00-17:00"'),
        (3, 'naloxone: "maybe" is not yes/no (use yes, no, true, false, 1 or 0)'),
    ]
    assert str(info.value).startswith("row 3: town is empty; ZIP ")


@pytest.mark.parametrize(
    ("phone", "problem"),
    [
        ("call us!", 'phone "call us!" is not a phone number: write it like 413-555-0123'),
        ("413 555 010", 'phone "413 555 010" is not a phone number: write it like 413-555-0123'),
        ("911", 'phone "911" is not a phone number: write it like 413-555-0123'),
        ("(413) 555-0190", None),
        ("413-555-0190 ext. 2", None),
        ("1-800-484-3731", None),
        ("", None),
    ],
)
def test_a_site_phone_must_be_a_phone_number(phone: str, problem: str | None) -> None:
    """The phone is texted to people in site lists: "call us!" there helps no one."""
    text = SITES_HEADER + f"Goshen Town Hall,42 Main St,Goshen,01032,42.44,-72.80,24/7,{phone}\n"
    if problem is None:
        (site,) = read_sites_csv(text)
        assert site.phone == (phone or None)
        return
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(text)
    assert info.value.errors == [(2, problem)]


def test_a_site_town_must_be_one_of_the_towns_and_is_saved_as_its_own_name() -> None:
    text = SITES_HEADER + (
        "Pharmacy,1 Main St,south  HADLEY,01075,42.25,-72.58,24/7\n"
        "Library,43 Amity St,Amhurst,01002,42.375,-72.52,24/7\n"
    )
    assert [site.town for site in read_sites_csv(text)] == ["south  HADLEY", "Amhurst"]
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(text, default_directory())
    assert info.value.errors == [
        (
            3,
            'town "Amhurst" is not a town on the Towns page: did you mean Amherst? '
            "(A town not listed there can be added on the Towns page first.)",
        )
    ]
    (pharmacy,) = read_sites_csv(text.rsplit("Library", 1)[0], default_directory())
    assert pharmacy.town == "South Hadley"


@pytest.mark.parametrize(
    ("column", "limit"),
    [("name", 128), ("address", 256), ("hours", 256), ("phone", 32), ("notes", 512)],
)
def test_a_site_field_longer_than_its_column_is_a_row_error(column: str, limit: int) -> None:
    """PostgreSQL would refuse the row with a server error; the admin gets the row's number."""
    row = {
        "name": "Goshen Town Hall", "address": "42 Main St", "town": "Goshen", "zip": "01032",
        "lat": "42.44", "lon": "-72.80", "hours": "24/7", "phone": "", "naloxone": "yes",
        "test_strips": "no", "syringe_services": "no", "verified": "no", "notes": "",
    }  # fmt: skip
    assert read_sites_csv(SITES_HEADER + ",".join(row.values()) + "\n")
    row[column] = "x" * (limit + 1) if column != "hours" else "; ".join(["Mon 09:00-10:00"] * 20)
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(SITES_HEADER + ",".join(row.values()) + "\n")
    assert info.value.errors == [(2, f"{column} is longer than {limit} characters")]


@pytest.mark.parametrize(
    ("lat", "lon"),
    [("-72.80", "42.44"), ("42.44", "72.80"), ("42.36", "-71.06")],  # swapped; sign; Boston
)
def test_a_site_far_from_its_zip_is_a_row_error(lat: str, lon: str) -> None:
    """Coordinates off by a swap or a lost minus sign would keep the site out of every search."""
    text = (
        SITES_HEADER + f"Goshen Town Hall,42 Main St,Goshen,01032,{lat},{lon},24/7,,yes,no,no,no,\n"
    )
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(text)
    ((row, message),) = info.value.errors
    assert row == 2 and "km from ZIP 01032" in message and "check the coordinates" in message


def test_read_sites_csv_missing_columns() -> None:
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv("name,address,town\nA,B,C\n")
    ((row, message),) = info.value.errors
    assert row == 1
    assert "zip" in message and "hours" in message


def test_row_numbers_count_a_cell_with_line_breaks_as_one_row() -> None:
    """A note typed on three lines is one spreadsheet row; blank lines are rows too."""
    text = SITES_HEADER + (
        'Good,1 Main St,Ware,01082,42.26,-72.24,24/7,,yes,no,no,no,"one\ntwo\nthree"\r\n'
        "\r\n"
        "Bad,2 Main St,,01082,42.26,-72.24,24/7,,yes,no,no,no,\r\n"
    )
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(text)
    assert info.value.errors == [(4, "town is empty")]


def test_a_column_named_twice_in_the_header_is_refused() -> None:
    """Two columns that read as one ("Name" and "name ") would let the later one win unseen."""
    text = "name,county,state,zips,aliases,lat,lon,Name \nWare,,,01082,,42.26,-72.26,X\n"
    with pytest.raises(PlacesCsvError) as info:
        read_towns_csv(text)
    assert info.value.errors == [(1, "the header names name twice (columns 1 and 8): keep one")]


def test_a_short_row_under_a_wide_header_holds_only_its_own_cells() -> None:
    """Work grows with the file, not with its columns times its rows: a file under the upload
    limit, with thousands of columns over thousands of short lines, once took minutes, each
    row padded to the header's width."""
    from flows.places_data import SITE_COLUMNS as REQUIRED
    from flows.places_data import _rows

    extra = ",".join(f"c{i}" for i in range(20_000))
    text = SITES_HEADER.rstrip("\n") + "," + extra + "\n" + "\n,\n" * 200 + "Spot,,,x\n"
    ((number, row),) = _rows(text, REQUIRED)
    assert number == 402
    assert row["name"] == "Spot" and set(row) == {*REQUIRED}
    assert read_sites_csv(SITES_HEADER.rstrip("\n") + "," + extra + "\n" + "\n,\n" * 200) == ()


def test_a_file_without_a_header_row_says_what_row_1_should_be() -> None:
    with pytest.raises(PlacesCsvError) as info:
        read_towns_csv("Ware,,,01082,,42.26,-72.26\n")
    assert info.value.errors == [
        (
            1,
            "this should be the header naming the columns "
            "(name, county, state, zips, aliases, lat, lon), as in an export",
        )
    ]


def test_read_towns_csv_errors() -> None:
    text = (
        "name,county,state,zips,aliases,lat,lon\n"
        "Ware,Hampshire,MA,01082,,42.26,-72.26\n"
        "Nowhere,Hampshire,MA,,,42.2,-72.2\n"
        "ware,Hampshire,MA,01082,,42.26,-72.26\n"
        "Lost,Hampshire,MA,01082,,420,-72.2\n"
    )
    with pytest.raises(PlacesCsvError) as info:
        read_towns_csv(text)
    assert [row for row, _ in info.value.errors] == [3, 4, 5]


def test_read_towns_csv_reports_every_problem_of_a_row() -> None:
    """A row with five problems lists all five, in the order of its columns."""
    long_alias = "A" * 65
    text = (
        "name,county,state,zips,aliases,lat,lon\n"
        "Ware,Hampshire,MA,01082,,42.26,-72.26\n"
        f",Hampshire,Mass,01082 123,Ok;{long_alias},north,-720\n"
    )
    with pytest.raises(PlacesCsvError) as info:
        read_towns_csv(text)
    assert info.value.errors == [
        (3, "name is empty"),
        (3, 'state "Mass" should be two letters, like MA'),
        (3, 'ZIP "123" should be 5 digits, like 01060'),
        (3, 'alias "AAAAAAAAAAAAAAAAAAAA…" is longer than 64 characters'),
        (3, 'lat "north" is not a number'),
        (3, "lon -720.0 is out of range"),
    ]
    assert str(info.value).startswith("row 3: name is empty; state ")


def test_read_towns_csv_names_each_bad_zip_and_an_empty_zips() -> None:
    text = (
        "name,county,state,zips,aliases,lat,lon\n"
        "Ware,Hampshire,MA,1082 01082 abc,,42.26,-72.26\n"
        "Hadley,Hampshire,MA,,,42.34,-72.58\n"
    )
    with pytest.raises(PlacesCsvError) as info:
        read_towns_csv(text)
    assert info.value.errors == [
        (2, 'ZIP "1082" should be 5 digits, like 01060'),
        (2, 'ZIP "abc" should be 5 digits, like 01060'),
        (3, "zips is empty"),
    ]


def test_read_towns_csv_reads_a_file_whose_lines_end_in_carriage_returns() -> None:
    """Older Mac spreadsheets end each line with a lone carriage return."""
    text = (
        "name,county,state,zips,aliases,lat,lon\r"
        "Ware,,,01082,,42.26,-72.26\r\rLee,,,01238,,42.3,-73.2\n"
    )
    assert [town.name for town in read_towns_csv(text)] == ["Ware", "Lee"]


def test_a_quote_never_closed_is_a_row_error_not_a_crash() -> None:
    """A stray " opens a cell that swallows the rest of the file, past what the reader holds."""
    rows = "".join(f"Town {n},,,01082,,42.26,-72.26\n" for n in range(5000))
    text = "name,county,state,zips,aliases,lat,lon\nWare,,,01082,,42.26,-72.26\n" + '"Lee' + rows
    with pytest.raises(PlacesCsvError) as info:
        read_towns_csv(text)
    ((row, message),) = info.value.errors
    assert row == 3
    assert message.startswith('a cell runs on past 128 KB: look in this row for a " ')
    with pytest.raises(PlacesCsvError):
        read_sites_csv(SITES_HEADER + '"Lee' + rows)


def test_headers_are_read_in_any_case_with_spaces_for_underscores() -> None:
    """A spreadsheet's tidied header ("Test Strips", " ZIP ") names the same columns."""
    header = (
        " Name ,Address,TOWN, Zip ,lat,LON,Hours,Phone,Naloxone,Test Strips,"
        "syringe-services,Verified,Notes\r\n"
    )
    row = "Good,1 Main St,Ware,01082,42.26,-72.24,24/7,,yes,yes,no,no,\r\n"
    (site,) = read_sites_csv(header + row + "\r\n")
    assert (site.name, site.test_strips) == ("Good", True)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_file_with_semicolons_or_tabs_between_columns_is_read(delimiter: str) -> None:
    """Spreadsheets set to some languages separate columns with ; and others save tabs."""
    text = (
        delimiter.join(["name", "county", "state", "zips", "aliases", "lat", "lon"])
        + "\n"
        + delimiter.join(["Ware", "", "", "01082", '"Ware Center;West Ware"', "42.26", "-72.26"])
        + "\n"
    )
    (town,) = read_towns_csv(text)
    assert (town.name, town.aliases) == ("Ware", ("Ware Center", "West Ware"))


def test_read_towns_csv_aliases() -> None:
    text = "name,county,state,zips,aliases,lat,lon\nHatfield,,,01038 01066, North Hatfield ;;,1,2\n"
    (town,) = read_towns_csv(text)
    assert town.aliases == ("North Hatfield",)
    assert town.zips == ("01038", "01066")
    assert (town.county, town.state) == ("Hampshire", "MA")


def test_write_sites_csv_round_trips() -> None:
    sites = read_sites_csv(DATA_DIR / "sites.csv")
    again = read_sites_csv(write_sites_csv(sites))
    assert again == sites


def test_write_towns_csv_round_trips() -> None:
    towns = read_towns_csv(DATA_DIR / "towns.csv")
    text = write_towns_csv(towns)
    assert text.splitlines()[0] == "name,county,state,zips,aliases,lat,lon"
    assert read_towns_csv(text) == towns
    precise = (TownInfo(name="Exact", zips=("01060",), lat=42.123456789, lon=-72.5),)
    assert read_towns_csv(write_towns_csv(precise)) == precise


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Ware,Hampshire,MA,123,,42.26,-72.26", 'ZIP "123"'),
        ("Ware,Hampshire,MA,01082,,north,-72.26", 'lat "north"'),
        ("Ware,Hampshire,Mass,01082,,42.26,-72.26", 'state "Mass"'),
        ("W" * 65 + ",Hampshire,MA,01082,,42.26,-72.26", "name is longer"),
        ("Ware,Hampshire,MA,01082," + "x" * 65 + ",42.26,-72.26", "longer than 64"),
    ],
)
def test_town_rows_that_do_not_fit_are_refused(row: str, problem: str) -> None:
    with pytest.raises(PlacesCsvError) as info:
        read_towns_csv(f"name,county,state,zips,aliases,lat,lon\n{row}\n")
    ((number, message),) = info.value.errors
    assert number == 2 and problem in message


def test_town_zips_and_aliases_are_listed_once() -> None:
    text = "name,county,state,zips,aliases,lat,lon\nWare,,ma,01082 01083 01082,Aa;aa;B,1,2\n"
    (town,) = read_towns_csv(text)
    assert town.zips == ("01082", "01083")
    assert town.aliases == ("Aa", "B")
    assert town.state == "MA"


def test_shipped_zip_points_agree_with_the_zipcodes_data():
    """data/zip_points.csv is made from the `zipcodes` package: the two must not drift."""
    import zipcodes

    from flows.zip_data import ZIP_POINTS_CSV, _zip_points, state_towns

    points = _zip_points()
    assert len(points) > 40_000
    with ZIP_POINTS_CSV.open(newline="") as handle:
        places = {row["zip"]: (row["city"], row["state"]) for row in csv.DictReader(handle)}
    wanted = ["01060", "01002", "01027", "01040", "01050", "01101", "02108", "10001", "99501"]
    for code in wanted:
        (row,) = [r for r in zipcodes.matching(code) if r.get("lat")][:1]
        lat, lon = points[code]
        assert abs(lat - float(row["lat"])) < 1e-3
        assert abs(lon - float(row["long"])) < 1e-3
        assert places[code] == (row["city"], row["state"])
    # Every Massachusetts town the ZIP data names, once, with all its ZIPs.
    ours = {name: set(zips) for name, zips in state_towns("MA").items()}
    theirs: dict[str, set[str]] = {}
    for row in zipcodes.filter_by(state="MA"):
        theirs.setdefault(row["city"], set()).add(row["zip_code"])
    assert ours == theirs
    assert {"Springfield", "Holyoke", "West Springfield", "Boston"} <= set(ours)


def test_a_states_towns_sit_at_the_middle_of_their_zips() -> None:
    from flows.places_data import default_directory
    from flows.zip_data import state_towns, zip_point

    assert state_towns("MA")["Holyoke"] == ("01040", "01041")
    (holyoke,) = default_directory().resolve("Holyoke").towns
    points = [zip_point(z) for z in ("01040", "01041")]
    assert holyoke.lat == pytest.approx(sum(p[0] for p in points) / 2)
    assert holyoke.lon == pytest.approx(sum(p[1] for p in points) / 2)
    assert state_towns("ZZ") == {}


FORMULA_CELLS = ["=SUM(1)", "+14135550100", "-2+3", "@cmd", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULA_CELLS)
def test_an_exported_text_cell_that_starts_like_a_formula_is_escaped(text: str) -> None:
    site = SiteInfo(
        name=text,
        address=text,
        town="Northampton",
        zip="01060",
        lat=42.3188,
        lon=-72.6321,
        hours="24/7",
        phone="+14135550100",  # a phone must be a phone number; this one starts like a formula
        notes=text,
    )
    # Each alias is read without the spaces around it (a tab is one).
    town = TownInfo(name=text, zips=("01060",), lat=42.3, lon=-72.63, aliases=(text.strip(),))
    (site_row,) = csv.DictReader(io.StringIO(write_sites_csv([site])))
    (town_row,) = csv.DictReader(io.StringIO(write_towns_csv([town])))
    for column in ("name", "address", "notes"):
        assert site_row[column] == "'" + text, column
    assert site_row["phone"] == "'+14135550100"
    assert (town_row["name"], town_row["aliases"]) == ("'" + text, "'" + text.strip())
    # Numbers and yes/no stay as they are, so a spreadsheet reads them as numbers.
    assert (site_row["lon"], town_row["lon"], site_row["naloxone"]) == ("-72.6321", "-72.63", "yes")
    assert read_sites_csv(write_sites_csv([site])) == (site,)
    assert read_towns_csv(write_towns_csv([town])) == (town,)


def test_the_reader_takes_off_only_an_apostrophe_before_a_formula_start() -> None:
    text = (
        "name,county,state,zips,aliases,lat,lon\n"
        "'=SUM(1),'Tis,MA,01060,'+1413;''=x,42.3,-72.63\n"
        "'Tis the season,Hampshire,MA,01062,'plain,42.3,'-72.63\n"
    )
    first, second = read_towns_csv(text)
    assert (first.name, first.county, first.aliases) == ("=SUM(1)", "'Tis", ("+1413", "''=x"))
    assert (second.name, second.aliases, second.lon) == ("'Tis the season", ("'plain",), -72.63)


def test_text_with_its_own_leading_apostrophe_round_trips() -> None:
    cells = {
        "'Tis the season": "'Tis the season",
        "it's": "it's",
        "'": "'",
        # One more apostrophe, which the reader takes off again.
        "'=already quoted": "''=already quoted",
        "''+1": "'''+1",
    }
    towns = tuple(
        TownInfo(name=text, zips=("01060",), lat=42.3, lon=-72.63, aliases=(text,))
        for text in cells
    )
    text = write_towns_csv(towns)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["name"], row["aliases"]) for row in rows] == [(c, c) for c in cells.values()]
    assert read_towns_csv(text) == towns


# A row as Excel on Windows saves "CSV (Comma delimited)": Windows-1252, so á is 0xE1, the en
# dash 0x96 and the curly quotes 0x93 and 0x94, none of them valid UTF-8 on their own.
CP1252_SITE_ROW = (
    b"\x93Hope\x94 House,1 Main St,Ware,01082,42.26,-72.24,24/7,,yes,no,no,no,S\xe1bado 9\x965\r\n"
)


def test_a_windows_excel_csv_is_read_as_windows_1252(tmp_path) -> None:
    raw = SITES_HEADER.encode() + CP1252_SITE_ROW
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert decode_csv(raw) == SITES_HEADER + "\u201cHope\u201d House,1 Main St,Ware,01082," + (
        "42.26,-72.24,24/7,,yes,no,no,no,S\u00e1bado 9\u20135\r\n"
    )
    path = tmp_path / "sites.csv"
    path.write_bytes(raw)
    (site,) = read_sites_csv(path)
    assert (site.name, site.notes) == ("\u201cHope\u201d House", "S\u00e1bado 9\u20135")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_is_read_first_with_or_without_a_bom(bom: bytes) -> None:
    # As UTF-8 these bytes are "Sábado 9–5"; read as Windows-1252 they would be mojibake.
    raw = bom + "name\nS\u00e1bado 9\u20135\n".encode()
    assert decode_csv(raw) == "name\nS\u00e1bado 9\u20135\n"


@pytest.mark.parametrize("undefined", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_bytes_neither_utf8_nor_windows_1252_are_refused(undefined: bytes) -> None:
    with pytest.raises(UnicodeDecodeError):
        decode_csv(b"name\nS\xe1bado " + undefined + b"\n")


def test_utf16_text_is_refused_not_read_as_windows_1252() -> None:
    # Excel's "Unicode Text" is UTF-16: as Windows-1252 it would be NULs between letters.
    with pytest.raises(UnicodeDecodeError):
        decode_csv("name\tzips\nWare\t01082\n".encode("utf-16"))


def test_read_sites_csv_reports_the_town_with_the_rows_other_problems() -> None:
    """Before, a misspelt town was said only once the phone and hours were fixed: a second
    import just to be told the third problem."""
    text = SITES_HEADER + "Library,1 Main St,Hadly,01035,42.36,-72.57,9-5,abc,yes,no,no,no,\n"
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(text, default_directory())
    rows = [row for row, _ in info.value.errors]
    town, hours, phone = (message for _, message in info.value.errors)
    assert rows == [2, 2, 2]
    assert town.startswith('town "Hadly" is not a town on the Towns page: did you mean Hadley')
    assert hours.startswith('hours: hours rule "9-5" should be days then times')
    assert phone == 'phone "abc" is not a phone number: write it like 413-555-0123'


@pytest.mark.parametrize(
    ("town", "zip_code", "problem"),
    [
        ("Hadley", "01060", "ZIP 01060 is Northampton's, not Hadley's (Hadley's is 01035)"),
        ("Hadley", "01375", "ZIP 01375 is Sunderland's, not Hadley's (Hadley's is 01035)"),
        ("Hatfield", "01035", "ZIP 01035 is Hadley's, not Hatfield's "
         "(Hatfield's are 01038, 01066, 01088)"),
        ("Pelham", "01002", None),  # Pelham shares Amherst's 01002
        ("Hadley", "01035", None),
    ],
)  # fmt: skip
def test_a_site_zip_must_be_one_of_its_towns(town: str, zip_code: str, problem: str | None) -> None:
    """A ZIP of the next town over is near enough to pass the distance check, and would list
    the site under the wrong town."""
    text = SITES_HEADER + f"Library,1 Main St,{town},{zip_code},42.36,-72.60,24/7\n"
    assert read_sites_csv(text)  # without the towns, nothing to check the ZIP against
    if problem is None:
        (site,) = read_sites_csv(text, default_directory())
        assert (site.town, site.zip) == (town, zip_code)
        return
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(text, default_directory())
    ((row, message),) = info.value.errors
    assert row == 2
    assert message.startswith(problem + ": check the ZIP and the town.")


@pytest.mark.parametrize(
    ("column", "value", "piece"),
    [
        ("name", "Hadley Library <b>Narcan</b> box", "<b>"),
        ("address", "1 Main St<br>back door", "<br>"),
        ("name", "**Free** Narcan box", "**Free**"),
    ],
)
def test_a_site_name_or_address_with_markup_is_a_row_error(
    column: str, value: str, piece: str
) -> None:
    """Site names and addresses are texted as typed: a phone shows "<b>", never bold."""
    row = {"name": "Hadley Library", "address": "1 Main St", "town": "Hadley", "zip": "01035",
           "lat": "42.36", "lon": "-72.57", "hours": "24/7"}  # fmt: skip
    row[column] = value
    with pytest.raises(PlacesCsvError) as info:
        read_sites_csv(SITES_HEADER + ",".join(f'"{v}"' for v in row.values()) + "\n")
    ((number, message),) = info.value.errors
    assert number == 2
    assert message.startswith(f"{column}: {piece}")
    assert "HTML or markdown: texters get" in message


def test_sample_sites_have_numbers_of_their_own() -> None:
    """Tapestry's sample number was Avery's in the sample roster: someone calling the site
    from a test run would have reached a responder's phone."""
    from hotline.phones import normalize_phone

    roster_csv = DATA_DIR / "roster.sample.csv"
    with roster_csv.open(newline="") as handle:
        roster = {normalize_phone(row["phone"]) for row in csv.DictReader(handle)}
    sites = [normalize_phone(s.phone) for s in read_sites_csv(DATA_DIR / "sites.csv") if s.phone]
    assert sites and len(set(sites)) == len(sites)
    assert roster.isdisjoint(sites)
