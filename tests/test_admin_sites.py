"""The sites and towns pages: verified and sample rows, editing, CSV import and export."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from flows.places_data import SITE_COLUMNS, SITE_OPTIONAL_COLUMNS
from models import AuditLog, Site, Town
from tests.staff_pages import post_form, sign_in

HEADER = ",".join(SITE_COLUMNS)
GOOD_ROW = (
    "Goshen Town Hall,42 Main St,Goshen,01032,42.44,-72.80,Mon-Fri 09:00-17:00,"
    "413-555-0190,yes,no,no,yes,Box by the door"
)


def all_sites(sessions) -> dict[str, Site]:
    with sessions() as session:
        return {site.name: site for site in session.scalars(select(Site))}


def audit_actions(sessions) -> list[str]:
    with sessions() as session:
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    return [action for action in actions if not action.startswith("user.")]


def upload(client, text: str, name: str = "sites.csv"):
    return post_form(
        client,
        "/admin/sites/import",
        {"file": (io.BytesIO(text.encode()), name)},
        page="/admin/sites",
    )


def test_sample_rows_are_marked_unverified(staff, sessions):
    html = staff.get("/admin/sites").text
    count = len(all_sites(sessions))
    assert count > 0
    assert html.count("sample data") == count
    assert html.count('"badge badge--bad">not verified') == count
    assert f"{count} sites not verified" in html


def test_import_adds_and_updates(staff, sessions):
    before = len(all_sites(sessions))
    sample = next(iter(all_sites(sessions).values()))
    update = (
        f'"{sample.name}","{sample.address}",{sample.town},{sample.zip},{sample.lat},'
        f"{sample.lon},24/7,,yes,no,no,yes,Confirmed by phone"
    )
    response = upload(staff, f"{HEADER}\n{GOOD_ROW}\n{update}\n")
    assert response.status_code == 302
    sites = all_sites(sessions)
    assert len(sites) == before + 1
    assert sites["Goshen Town Hall"].verified is True
    assert sites["Goshen Town Hall"].hours == "Mon-Fri 09:00-17:00"
    assert (sites[sample.name].hours, sites[sample.name].verified) == ("24/7", True)
    assert audit_actions(sessions) == ["sites.import"]
    assert "1 added, 1 updated" in staff.get("/admin/sites").text


def test_import_with_a_bad_row_writes_nothing_and_names_every_bad_row(staff, sessions):
    before = {name: site.hours for name, site in all_sites(sessions).items()}
    bad_zip = GOOD_ROW.replace("Goshen Town Hall", "Other").replace("01032", "1032")
    bad_hours = GOOD_ROW.replace("Goshen Town Hall", "Third").replace(
        "Mon-Fri 09:00-17:00", "whenever"
    )
    response = upload(staff, f"{HEADER}\n{GOOD_ROW}\n{bad_zip}\n{bad_hours}\n")
    assert response.status_code == 422
    assert "Nothing was imported" in response.text
    assert "Row 3" in response.text and "ZIP" in response.text
    assert "Row 4" in response.text and "hours" in response.text
    assert "Row 2" not in response.text
    assert {name: site.hours for name, site in all_sites(sessions).items()} == before
    assert audit_actions(sessions) == []


def test_import_lists_every_problem_of_each_bad_row(staff, sessions):
    before = {name: site.hours for name, site in all_sites(sessions).items()}
    no_town = GOOD_ROW.replace("Goshen Town Hall", "Other").replace(",Goshen,", ",,")
    row_4 = no_town.replace("01032", "1032").replace("Mon-Fri 09:00-17:00", "whenever")
    response = upload(
        staff, f"{HEADER}\n{GOOD_ROW}\n{GOOD_ROW.replace('42 Main', '9 Elm')}\n{row_4}\n"
    )
    assert response.status_code == 422
    (item,) = re.findall(r'<li class="problem problem--error">(.*?)</li>', response.text, re.S)
    assert item.startswith('<span class="problem__where">Row 4</span>: town is empty; ')
    assert "hours: hours rule &#34;whenever&#34; should be days then times" in item
    assert "ZIP &#34;1032&#34; should be 5 digits, like 01060" in item
    assert {name: site.hours for name, site in all_sites(sessions).items()} == before
    assert audit_actions(sessions) == []


def test_import_refuses_missing_columns_and_empty_files(staff, sessions):
    response = upload(staff, "name,address\nA,B\n")
    assert response.status_code == 422
    assert "missing columns" in response.text
    response = upload(staff, "")
    assert response.status_code == 422


def problems_on(response) -> list[str]:
    return re.findall(r'<li class="problem problem--error">(.*?)</li>', response.text, re.S)


def upload_bytes(client, data: bytes, name: str, page: str = "/admin/sites"):
    return post_form(client, f"{page}/import", {"file": (io.BytesIO(data), name)}, page=page)


def test_a_spreadsheet_uploaded_instead_of_csv_says_how_to_save_csv(staff, sessions):
    before = {name: site.hours for name, site in all_sites(sessions).items()}
    xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb2\x8f[Content_Types].xml"
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)
    for data, name in ((xlsx, "sites.xlsx"), (xls, "sites.xls")):
        response = upload_bytes(staff, data, name)
        assert response.status_code == 422
        assert problems_on(response) == [
            "this is a spreadsheet file, not CSV: in your spreadsheet choose Save As "
            "(or Download), then CSV UTF-8, and import that file"
        ]
    assert {name: site.hours for name, site in all_sites(sessions).items()} == before


def test_an_empty_file_is_called_empty(staff, sessions):
    for data in (b"", b"\r\n\r\n", b"\xef\xbb\xbf"):
        response = upload_bytes(staff, data, "sites.csv")
        assert response.status_code == 422
        assert problems_on(response) == [
            "the file is empty: export it from your spreadsheet again, with its header row"
        ]


def test_a_csv_saved_by_excel_on_windows_is_read_as_windows_1252(staff, sessions):
    """Excel's plain "CSV (Comma delimited)" is Windows-1252: á 0xE1, – 0x96, “ ” 0x93 0x94."""
    row = (
        b"\x93Hope\x94 House,42 Main St,Goshen,01032,42.44,-72.80,Mon-Fri 09:00-17:00,,"
        b"yes,no,no,no,S\xe1bado 9\x965 at the \x93back\x94 door <b>"
    )
    response = upload_bytes(staff, HEADER.encode() + b"\r\n" + row + b"\r\n", "sites.csv")
    assert response.status_code == 302
    site = all_sites(sessions)["\u201cHope\u201d House"]
    assert site.notes == "S\u00e1bado 9\u20135 at the \u201cback\u201d door <b>"
    assert audit_actions(sessions) == ["sites.import"]
    html = staff.get("/admin/sites").text
    assert "Imported: 1 added, 0 updated." in html
    assert "\u201cHope\u201d House" in html


def test_a_file_neither_utf8_nor_windows_1252_is_refused_and_nothing_saved(staff, sessions):
    before = {name: site.notes for name, site in all_sites(sessions).items()}
    row = GOOD_ROW.encode().replace(b"Box by", b"S\xe1bado \x81 by")
    for page in ("/admin/sites", "/admin/towns"):
        response = upload_bytes(staff, HEADER.encode() + b"\n" + row + b"\n", "x.csv", page)
        assert response.status_code == 422
        assert problems_on(response) == [
            "the letters in this file could not be read: in your spreadsheet choose Save As "
            "(or Download), then CSV UTF-8, and import that file"
        ]
    assert {name: site.notes for name, site in all_sites(sessions).items()} == before
    assert audit_actions(sessions) == []


def test_a_file_with_a_header_and_no_rows_says_so_and_saves_nothing(staff, sessions):
    before = {name: site.hours for name, site in all_sites(sessions).items()}
    for text in (f"{HEADER}\n", f"{HEADER}\r\n,,,\r\n\r\n", HEADER):
        response = upload(staff, text)
        assert response.status_code == 422
        assert problems_on(response) == [
            "the file has its header row but no sites under it: "
            "add a row for each site and import it again"
        ]
    assert {name: site.hours for name, site in all_sites(sessions).items()} == before
    assert audit_actions(sessions) == []


def test_a_file_over_the_upload_limit_gets_the_page_and_a_kind_message(staff, sessions):
    for page in ("/admin/sites", "/admin/towns"):
        for size in (210 * 1024, 300 * 1024):
            response = upload_bytes(staff, b"x" * size, "big.csv", page)
            assert response.status_code == 413
            assert problems_on(response) == [
                "the file is larger than 200 KB: split it into smaller files and import "
                "each one (rows not in a file are kept as they are)"
            ]
    assert audit_actions(sessions) == []


def test_export_round_trips(staff, sessions):
    exported = staff.get("/admin/sites/export.csv")
    assert exported.status_code == 200
    assert exported.mimetype == "text/csv"
    assert exported.text.splitlines()[0] == HEADER + ",active"
    before = {
        name: (s.address, s.hours, s.lat, s.lon, s.verified, s.active, s.notes)
        for name, s in all_sites(sessions).items()
    }
    assert len(exported.text.strip().splitlines()) == len(before) + 1
    # Importing the export unchanged changes nothing.
    response = upload(staff, exported.text)
    assert response.status_code == 302
    after = {
        name: (s.address, s.hours, s.lat, s.lon, s.verified, s.active, s.notes)
        for name, s in all_sites(sessions).items()
    }
    assert after == before
    assert "0 added, 0 updated" in staff.get("/admin/sites").text
    assert audit_actions(sessions) == ["sites.export", "sites.import"]


# Every column but the name, which keys the rows.
SITE_FIELDS = tuple(c for c in (*SITE_COLUMNS, *SITE_OPTIONAL_COLUMNS) if c != "name")


def test_export_escapes_formulas_and_an_import_of_it_changes_nothing(staff, sessions):
    """A coordinator's =… in a site must not run on the admin's machine, yet import back."""
    with sessions() as session:
        first, second, third = session.scalars(select(Site).order_by(Site.id)).all()[:3]
        first.name, first.address, first.phone = "=HYPERLINK(1)", "@1 Main St", "+14135550100"
        first.notes, first.lon = "-1+2 by the door", -72.634512
        second.name, second.address, second.notes = "\t=cmd", "\r=cmd", "'=already quoted"
        third.name, third.phone = "'Tis the season", "413-555-0190"
        session.commit()
    before = {
        name: tuple(getattr(s, column) for column in SITE_FIELDS)
        for name, s in all_sites(sessions).items()
    }
    exported = staff.get("/admin/sites/export.csv").text
    rows = {row["phone"]: row for row in csv.DictReader(io.StringIO(exported))}
    row = rows["'+14135550100"]
    assert (row["name"], row["address"], row["notes"]) == (
        "'=HYPERLINK(1)",
        "'@1 Main St",
        "'-1+2 by the door",
    )
    assert (row["lat"], row["lon"], row["naloxone"]) == (f"{first.lat:g}", "-72.634512", "yes")
    assert {"'\t=cmd", "'Tis the season"} <= {r["name"] for r in rows.values()}
    response = upload(staff, exported)
    assert response.status_code == 302
    after = {
        name: tuple(getattr(s, column) for column in SITE_FIELDS)
        for name, s in all_sites(sessions).items()
    }
    assert after == before
    assert after["=HYPERLINK(1)"][SITE_FIELDS.index("phone")] == "+14135550100"
    assert after["\t=cmd"][SITE_FIELDS.index("notes")] == "'=already quoted"
    assert "'Tis the season" in after
    assert "0 added, 0 updated" in staff.get("/admin/sites").text


def test_edit_a_site_and_mark_it_verified(staff, sessions):
    site = next(iter(all_sites(sessions).values()))
    path = f"/admin/sites/{site.id}"
    form = {
        "name": site.name,
        "address": "1 Real St",
        "town": site.town,
        "zip": site.zip,
        "lat": str(site.lat),
        "lon": str(site.lon),
        "hours": "Sat 10:00-14:00",
        "phone": "",
        "notes": "",
        "naloxone": "yes",
        "verified": "yes",
        "active": "yes",
    }
    response = post_form(staff, path, {**form, "hours": "sometimes"}, page=path)
    assert response.status_code == 422
    assert "hours" in response.text
    assert all_sites(sessions)[site.name].address == site.address

    response = post_form(staff, path, form, page=path)
    assert response.status_code == 302
    saved = all_sites(sessions)[site.name]
    assert (saved.address, saved.hours, saved.verified, saved.test_strips) == (
        "1 Real St",
        "Sat 10:00-14:00",
        True,
        False,
    )
    assert audit_actions(sessions) == ["site.update"]


def field_problem(html: str, name: str) -> str | None:
    """The problem shown next to a field, checked to be the one its input points to."""
    shown = re.search(rf'<p class="field-problem" id="{name}-problem">([^<]*)</p>', html)
    described = re.search(
        rf'<input type="text" id="{name}" [^>]*aria-invalid="true" '
        rf'aria-describedby="{name}-problem"',
        html,
    )
    assert bool(shown) == bool(described), name
    return shown.group(1) if shown else None


def typed_value(html: str, name: str) -> str:
    match = re.search(rf'<input type="text" id="{name}" name="{name}" value="([^"]*)"', html)
    assert match, name
    return match.group(1)


def test_a_site_with_several_problems_shows_every_one_by_its_field(staff, sessions):
    """Fixing one problem only to be shown the next, three times over, is how a correct site
    gets abandoned half typed."""
    before = len(all_sites(sessions))
    form = {
        "name": "",
        "address": "37 Main St",
        "town": "Ware",
        "zip": "1082",
        "lat": "north",
        "lon": "-72.24",
        "hours": "sometimes",
        "phone": "413-555-0199",
        "notes": "Ask at the desk",
        "naloxone": "yes",
        "active": "yes",
    }
    response = post_form(staff, "/admin/sites/new", form, page="/admin/sites/new")
    assert response.status_code == 422
    html = response.text
    assert "Not saved: 4 things to fix." in html
    assert field_problem(html, "name") == "name is empty"
    assert "should be 5 digits" in field_problem(html, "zip")
    assert field_problem(html, "lat") == "lat &#34;north&#34; is not a number"
    assert field_problem(html, "hours").startswith("hours: ")
    for good in ("address", "town", "lon", "phone", "notes"):
        assert field_problem(html, good) is None, good
    # Each problem in the list at the top leads to its field.
    for name in ("name", "zip", "lat", "hours"):
        assert f'<a href="#{name}">' in html
    # What was typed is kept, the bad and the good.
    for name, value in form.items():
        if name not in ("naloxone", "active"):
            assert typed_value(html, name) == value, name
    assert len(all_sites(sessions)) == before

    # The far-off coordinates are one more problem, said once the numbers can be read.
    fixed = {**form, "name": "Ware Library", "zip": "01082", "lat": "-42.26", "hours": ""}
    response = post_form(staff, "/admin/sites/new", fixed, page="/admin/sites/new")
    assert response.status_code == 422
    assert "Not saved: 1 thing to fix." in response.text
    assert "km from ZIP 01082" in field_problem(response.text, "lat")
    assert typed_value(response.text, "lat") == "-42.26"


def test_a_site_that_clashes_with_another_keeps_what_was_typed(staff, sessions):
    site = next(iter(all_sites(sessions).values()))
    form = {
        "name": site.name,
        "address": site.address,
        "town": site.town,
        "zip": site.zip,
        "lat": str(site.lat),
        "lon": str(site.lon),
        "hours": "24/7",
        "notes": "Typed with care",
        "naloxone": "yes",
    }
    response = post_form(staff, "/admin/sites/new", form, page="/admin/sites/new")
    assert response.status_code == 422
    assert "another site has the same name and address" in response.text
    assert typed_value(response.text, "notes") == "Typed with care"


def test_a_site_needs_a_phone_number_and_a_town_on_the_towns_page(staff, sessions):
    """ "call us!" would be texted as the site's phone, and "Amhurst" shown as its town."""
    form = {
        "name": "Amherst Library",
        "address": "43 Amity St",
        "town": "Amhurst",
        "zip": "01002",
        "lat": "42.375",
        "lon": "-72.52",
        "hours": "",
        "phone": "call us!",
        "notes": "",
        "naloxone": "yes",
        "active": "yes",
    }
    response = post_form(staff, "/admin/sites/new", form, page="/admin/sites/new")
    assert response.status_code == 422
    html = response.text
    assert "Not saved: 2 things to fix." in html
    assert field_problem(html, "phone") == (
        "phone &#34;call us!&#34; is not a phone number: write it like 413-555-0123"
    )
    assert field_problem(html, "town") == (
        "town &#34;Amhurst&#34; is not a town on the Towns page: did you mean Amherst? "
        "(A town not listed there can be added on the Towns page first.)"
    )
    assert (typed_value(html, "town"), typed_value(html, "phone")) == ("Amhurst", "call us!")
    assert "Amherst Library" not in all_sites(sessions)

    fixed = {**form, "town": "amherst", "phone": "(413) 555-0190"}
    response = post_form(staff, "/admin/sites/new", fixed, page="/admin/sites/new")
    assert response.status_code == 302
    saved = all_sites(sessions)["Amherst Library"]
    assert (saved.town, saved.phone) == ("Amherst", "(413) 555-0190")


HADLEY_LIBRARY = {
    "name": "Hadley Library",
    "address": "50 Middle St",
    "town": "Hadley",
    "zip": "01035",
    "lat": "42.34",
    "lon": "-72.59",
    "hours": "",
    "phone": "",
    "notes": "",
    "naloxone": "yes",
    "active": "yes",
}


def test_a_site_zip_of_another_town_is_refused_naming_that_town(staff, sessions):
    """01060 is Northampton's: saved under Hadley, the site would be listed in the wrong
    town, and it is near enough to pass the distance check."""
    form = {**HADLEY_LIBRARY, "zip": "01060"}
    response = post_form(staff, "/admin/sites/new", form, page="/admin/sites/new")
    assert response.status_code == 422
    assert "Not saved: 1 thing to fix." in response.text
    assert field_problem(response.text, "zip").startswith(
        "ZIP 01060 is Northampton&#39;s, not Hadley&#39;s (Hadley&#39;s is 01035): "
        "check the ZIP and the town."
    )
    assert typed_value(response.text, "zip") == "01060"
    assert "Hadley Library" not in all_sites(sessions)

    response = post_form(staff, "/admin/sites/new", HADLEY_LIBRARY, page="/admin/sites/new")
    assert response.status_code == 302
    assert all_sites(sessions)["Hadley Library"].zip == "01035"


def test_an_import_refuses_a_zip_of_another_town(staff, sessions):
    row = ",".join(HADLEY_LIBRARY.get(c, "") for c in SITE_COLUMNS).replace("01035", "01060")
    response = upload(staff, f"{HEADER}\n{GOOD_ROW}\n{row}\n")
    assert response.status_code == 422
    (item,) = re.findall(r'<li class="problem problem--error">(.*?)</li>', response.text, re.S)
    assert "Row 3</span>: ZIP 01060 is Northampton&#39;s, not Hadley&#39;s" in item
    assert "Goshen Town Hall" not in all_sites(sessions)


def test_a_site_name_with_html_tags_is_refused(staff, sessions):
    """The name is texted as typed: people would get "<b>Narcan</b>", never bold."""
    form = {**HADLEY_LIBRARY, "name": "Hadley Library <b>Narcan</b> box"}
    response = post_form(staff, "/admin/sites/new", form, page="/admin/sites/new")
    assert response.status_code == 422
    assert field_problem(response.text, "name") == (
        "name: &lt;b&gt;, &lt;/b&gt; are HTML or markdown: texters get them exactly as typed; "
        "delete the tag: a text cannot be bold or styled"
    )
    assert typed_value(response.text, "name") == "Hadley Library &lt;b&gt;Narcan&lt;/b&gt; box"
    assert not [name for name in all_sites(sessions) if "<b>" in name]


def test_add_a_site(staff, sessions):
    form = {
        "name": "Ware Library",
        "address": "37 Main St",
        "town": "Ware",
        "zip": "01082",
        "lat": "42.26",
        "lon": "-72.24",
        "hours": "",
        "naloxone": "yes",
        "active": "yes",
    }
    response = post_form(staff, "/admin/sites/new", form, page="/admin/sites/new")
    assert response.status_code == 302
    assert all_sites(sessions)["Ware Library"].verified is False
    assert audit_actions(sessions) == ["site.create"]


def test_towns_and_aliases(staff, sessions):
    html = staff.get("/admin/towns").text
    assert "Northampton" in html and "01060" in html
    with sessions() as session:
        town = session.scalar(select(Town).where(Town.name == "Northampton"))
    post_form(
        staff,
        f"/admin/towns/{town.id}/aliases",
        {"aliases": "NoHo; Florence;noho;  Leeds "},
        page="/admin/towns",
    )
    with sessions() as session:
        assert session.get(Town, town.id).aliases == ["NoHo", "Florence", "Leeds"]
    assert audit_actions(sessions) == ["town.aliases"]


def test_viewer_can_look_but_not_change(client, sessions, shipped):
    viewer = sign_in(client, sessions, "viewer")
    assert viewer.get("/admin/sites").status_code == 200
    assert viewer.get("/admin/towns").status_code == 200
    assert 'id="import-form"' not in viewer.get("/admin/sites").text
    response = upload(viewer, f"{HEADER}\n{GOOD_ROW}\n")
    assert response.status_code == 403
    assert "Goshen Town Hall" not in all_sites(sessions)


def test_sites_page_links_to_the_family_resource_texts(staff):
    html = staff.get("/admin/sites").text
    assert 'href="/admin/flows/family"' in html


def test_a_file_over_the_upload_limit_from_someone_signed_out_shows_no_page(client, shipped):
    """The limit's kind page is for staff: signed out, a large upload leads to sign-in and
    shows no site or town."""
    for page in ("/admin/sites", "/admin/towns"):
        response = client.post(
            f"{page}/import",
            data={"file": (io.BytesIO(b"x" * 300 * 1024), "big.csv")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
        assert "/admin/login" in response.headers["Location"]
        assert "Northampton" not in response.get_data(as_text=True)


def test_a_site_added_without_coordinates_is_placed_at_its_zips_center_and_says_so(staff, sessions):
    """Latitude and longitude were required, with no help to find them."""
    from flows.zip_data import zip_point

    form = {**HADLEY_LIBRARY, "name": "Ware Library", "town": "Ware", "zip": "01082"}
    response = post_form(
        staff, "/admin/sites/new", {**form, "lat": "", "lon": ""}, page="/admin/sites/new"
    )
    assert response.status_code == 302
    saved = all_sites(sessions)["Ware Library"]
    assert (saved.lat, saved.lon) == zip_point("01082")
    page = staff.get("/admin/sites").text
    assert (
        "Saved Ware Library. Location from ZIP 01082&#39;s center: adjust the latitude and "
        "longitude for better distances."
    ) in page
    # Given, they are kept; half given, the other half is asked for.
    response = post_form(
        staff,
        f"/admin/sites/{saved.id}",
        {**form, "lat": "42.2601", "lon": "-72.2402"},
        page="/admin/sites/new",
    )
    assert response.status_code == 302
    assert (all_sites(sessions)["Ware Library"].lat, all_sites(sessions)["Ware Library"].lon) == (
        42.2601,
        -72.2402,
    )
    assert "ZIP 01082" not in staff.get("/admin/sites").text
    response = post_form(
        staff,
        "/admin/sites/new",
        {**form, "name": "Ware Annex", "lat": "", "lon": "-72.24"},
        page="/admin/sites/new",
    )
    assert response.status_code == 422
    assert "Ware Annex" not in all_sites(sessions)
