"""The towns page: CSV export and import (all or nothing), and the finder seeing the change."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from flows.places_data import TOWN_COLUMNS
from hotline.places_store import directory_from_db, import_towns_csv, load_places
from models import AuditLog, Town, TownZip
from tests.staff_pages import post_form, sign_in

HEADER = ",".join(TOWN_COLUMNS)
NEW_TOWN = "Chester,Hampden,MA,01011,,42.28,-72.98"


def towns_in_db(sessions) -> dict[str, tuple]:
    """Every town with all it holds, ZIPs as (zip, primary) pairs."""
    with sessions() as session:
        links: dict[int, set[tuple[str, bool]]] = {}
        for link in session.scalars(select(TownZip)):
            links.setdefault(link.town_id, set()).add((link.zip, link.primary))
        return {
            t.name: (t.county, t.state, list(t.aliases), t.lat, t.lon, links.get(t.id, set()))
            for t in session.scalars(select(Town))
        }


def audit_actions(sessions) -> list[str]:
    with sessions() as session:
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    return [action for action in actions if not action.startswith("user.")]


def upload(client, text: str):
    return post_form(
        client,
        "/admin/towns/import",
        {"file": (io.BytesIO(text.encode()), "towns.csv")},
        page="/admin/towns",
    )


def test_export_then_import_changes_nothing(staff, sessions):
    before = towns_in_db(sessions)
    exported = staff.get("/admin/towns/export.csv")
    assert exported.status_code == 200
    assert exported.mimetype == "text/csv"
    lines = exported.text.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == len(before) + 1
    assert any(line.startswith("Amherst,Hampshire,MA,01002 01003 01004 01059,") for line in lines)

    response = upload(staff, exported.text)
    assert response.status_code == 302
    assert towns_in_db(sessions) == before
    assert (
        "towns 0 added, 0 updated; ZIP codes 0 added, 0 removed" in staff.get("/admin/towns").text
    )
    assert audit_actions(sessions) == ["towns.export", "towns.import"]


def test_export_escapes_formulas_and_an_import_of_it_changes_nothing(staff, sessions):
    """A town or alias typed as =… must not run in a spreadsheet, yet import back as it was."""
    with sessions() as session:
        amherst = session.scalar(select(Town).where(Town.name == "Amherst"))
        amherst.aliases = ["=HYPERLINK(1)", "UMass"]
        chester = Town(name="@Chester", county="+Hampden", lat=42.28, lon=-72.98)
        chester.aliases = ["'Tis the season"]
        tis = Town(name="'Tis a town", lat=42.3, lon=-72.6)
        session.add_all([chester, tis])
        session.flush()
        session.add(TownZip(zip="01011", town_id=chester.id, primary=True))
        session.add(TownZip(zip="01029", town_id=tis.id, primary=True))
        session.commit()
    before = towns_in_db(sessions)
    exported = staff.get("/admin/towns/export.csv").text
    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(exported))}
    assert rows["Amherst"]["aliases"] == "'=HYPERLINK(1);UMass"
    chester_row = rows["'@Chester"]
    assert (chester_row["county"], chester_row["lon"]) == ("'+Hampden", "-72.98")
    assert chester_row["aliases"] == "'Tis the season"
    assert "'Tis a town" in rows

    response = upload(staff, exported)
    assert response.status_code == 302
    assert towns_in_db(sessions) == before
    assert before["@Chester"][:2] == ("+Hampden", "MA")
    assert before["Amherst"][2] == ["=HYPERLINK(1)", "UMass"]
    assert (
        "towns 0 added, 0 updated; ZIP codes 0 added, 0 removed" in staff.get("/admin/towns").text
    )


def test_import_updates_by_name_replaces_zips_and_keeps_towns_not_in_the_file(staff, sessions):
    before = towns_in_db(sessions)
    renamed = "northampton,Hampshire,MA,01061 01060,NoHo;Paradise City,42.3,-72.6"
    response = upload(staff, f"{HEADER}\n{NEW_TOWN}\n{renamed}\n")
    assert response.status_code == 302
    after = towns_in_db(sessions)
    assert set(after) == (set(before) | {"Chester", "northampton"}) - {"Northampton"}
    assert after["northampton"] == (
        "Hampshire",
        "MA",
        ["NoHo", "Paradise City"],
        42.3,
        -72.6,
        {("01061", True), ("01060", False)},
    )
    assert after["Chester"][5] == {("01011", True)}
    assert after["Amherst"] == before["Amherst"]
    with sessions() as session:
        entry = session.scalars(select(AuditLog).where(AuditLog.action == "towns.import")).one()
    # Northampton's 01061 becomes primary and 01060 not; 01062, 01063 and 01053 go.
    assert entry.data == {
        "added": 1,
        "updated": 1,
        "zips_added": 1,
        "zips_updated": 2,
        "zips_removed": 3,
    }


def test_a_bad_row_is_named_and_nothing_is_written(staff, sessions):
    before = towns_in_db(sessions)
    rows = [
        NEW_TOWN,
        "Ware,Hampshire,MA,123,,42.26,-72.26",
        "Hadley,Hampshire,MA,01035,,north,-72.58",
        "Amherst,Hampshire,MA,01002,Changed,42.38,-72.50",
    ]
    response = upload(staff, HEADER + "\n" + "\n".join(rows) + "\n")
    assert response.status_code == 422
    assert "Nothing was imported" in response.text
    assert "Row 3</span>: ZIP &#34;123&#34;" in response.text
    assert "Row 4</span>: lat &#34;north&#34;" in response.text
    assert "Row 2" not in response.text and "Row 5" not in response.text
    assert towns_in_db(sessions) == before
    assert audit_actions(sessions) == []


def test_import_lists_every_problem_of_each_bad_row_escaped(staff, sessions):
    before = towns_in_db(sessions)
    row_3 = ",Hampshire,<b>,123,,north,-72.26"
    response = upload(staff, f"{HEADER}\n{NEW_TOWN}\n{row_3}\n")
    assert response.status_code == 422
    (item,) = re.findall(r'<li class="problem problem--error">(.*?)</li>', response.text, re.S)
    assert item == (
        '<span class="problem__where">Row 3</span>: name is empty; '
        "state &#34;&lt;b&gt;&#34; should be two letters, like MA; "
        "ZIP &#34;123&#34; should be 5 digits, like 01060; "
        "lat &#34;north&#34; is not a number"
    )
    assert towns_in_db(sessions) == before
    assert audit_actions(sessions) == []


def test_import_refuses_missing_columns_and_empty_files(staff, sessions):
    response = upload(staff, "name,zips\nWare,01082\n")
    assert response.status_code == 422
    assert "missing columns" in response.text
    assert upload(staff, "").status_code == 422


def test_a_csv_saved_by_excel_on_windows_is_read_as_windows_1252(staff, sessions):
    """Excel's plain "CSV (Comma delimited)" is Windows-1252: é 0xE9, – 0x96, “ ” 0x93 0x94."""
    row = b"Chester,Hampden,MA,01011,Chester Centre;\x93Ch\xe9ster\x94 \x96 hill,42.28,-72.98"
    data = HEADER.encode() + b"\r\n" + row + b"\r\n"
    response = post_form(
        staff, "/admin/towns/import", {"file": (io.BytesIO(data), "towns.csv")}, page="/admin/towns"
    )
    assert response.status_code == 302
    assert towns_in_db(sessions)["Chester"][2] == [
        "Chester Centre",
        "\u201cCh\u00e9ster\u201d \u2013 hill",
    ]
    assert audit_actions(sessions) == ["towns.import"]


def test_a_file_with_a_header_and_no_rows_says_so_and_saves_nothing(staff, sessions):
    before = towns_in_db(sessions)
    response = upload(staff, f"{HEADER}\n\n")
    assert response.status_code == 422
    assert re.findall(r'<li class="problem problem--error">(.*?)</li>', response.text) == [
        "the file has its header row but no towns under it: "
        "add a row for each town and import it again"
    ]
    assert towns_in_db(sessions) == before
    assert audit_actions(sessions) == []


def test_an_imported_alias_is_found_by_the_finder_at_once(app, staff, sessions):
    cache = app.extensions["hotline.inbound"].directory
    with sessions() as session:
        assert cache.get(session).resolve("paradise city").kind == "none"
    exported = staff.get("/admin/towns/export.csv").text
    with_alias = [
        line.replace(",NoHo;", ",Paradise City;NoHo;") if line.startswith("Northampton,") else line
        for line in exported.splitlines()
    ]
    assert upload(staff, "\n".join(with_alias) + "\n").status_code == 302
    with sessions() as session:
        for directory in (cache.get(session), directory_from_db(session)):
            match = directory.resolve("narcan in paradise city")
            assert match.kind == "town"
            assert [t.name for t in match.towns] == ["Northampton"]


def test_each_other_names_field_is_labelled_with_its_town(staff, sessions, shipped):
    # Every field was labelled "Separated by ;": a screen reader could not tell the towns apart.
    html = staff.get("/admin/towns").text
    with sessions() as session:
        towns = session.scalars(select(Town)).all()
    assert towns
    for town in towns:
        assert (
            f'<label for="aliases-{town.id}" class="visually-hidden">'
            f"Other names for {town.name}</label>"
        ) in html
    assert "Separated by ;</label>" not in html


def test_viewer_may_export_but_not_import(client, sessions, shipped):
    viewer = sign_in(client, sessions, "viewer")
    page = viewer.get("/admin/towns").text
    assert 'id="import-form"' not in page
    assert "/admin/towns/export.csv" in page
    assert viewer.get("/admin/towns/export.csv").status_code == 200
    before = towns_in_db(sessions)
    assert upload(viewer, f"{HEADER}\n{NEW_TOWN}\n").status_code == 403
    assert towns_in_db(sessions) == before


def test_import_needs_the_csrf_token(staff, sessions):
    before = towns_in_db(sessions)
    response = staff.post(
        "/admin/towns/import",
        data={"file": (io.BytesIO(f"{HEADER}\n{NEW_TOWN}\n".encode()), "towns.csv")},
    )
    assert response.status_code == 400
    assert towns_in_db(sessions) == before


def test_import_towns_csv_reports_rows_and_leaves_the_session_clean(session):
    load_places(session)
    report = import_towns_csv(session, f"{HEADER}\n{NEW_TOWN}\n{NEW_TOWN.lower()}\n")
    assert report.errors == [(3, 'town "chester" is already on row 2')]
    assert not report.changed
    assert session.scalar(select(Town).where(Town.name == "Chester")) is None


def test_a_viewer_sending_a_file_past_the_upload_limit_is_refused_not_shown_the_import(
    client, sessions, shipped
):
    """The upload limit is met while the form is read, before the roles are checked: a viewer
    must get the refusal every other import gets, not the import page telling them to split
    the file and import it."""
    signed_out = client.post(
        "/admin/towns/import", data={"file": (io.BytesIO(b"x" * 300 * 1024), "big.csv")}
    )
    assert (signed_out.status_code, signed_out.location) == (302, "/admin/login")
    viewer = sign_in(client, sessions, "viewer")
    for path, page in (
        ("/admin/towns/import", "/admin/towns"),
        ("/admin/sites/import", "/admin/sites"),
    ):
        big = {"file": (io.BytesIO(b"x" * 300 * 1024), "big.csv")}
        response = post_form(viewer, path, big, page=page)
        assert response.status_code == 403
        assert "split it into smaller files" not in response.text


def test_other_names_cannot_take_another_towns_name_and_commas_separate_them(app, staff, sessions):
    """ "Northampton; Ware" on Amherst sent "narcan northampton" to Amherst's sites, and "noho"
    (Northampton's) could be taken too. Refused, with what was typed kept; commas separate."""
    with sessions() as session:
        amherst = session.scalar(select(Town).where(Town.name == "Amherst"))
        town_id, before = amherst.id, list(amherst.aliases)
    path = f"/admin/towns/{town_id}/aliases"
    for typed, problem in (
        ("Northampton; Ware", "&#34;Northampton&#34; is the town Northampton"),
        ("UMass, noho", "&#34;noho&#34; is already another name for Northampton"),
    ):
        response = post_form(staff, path, {"aliases": typed}, page="/admin/towns")
        assert response.status_code == 422
        assert problem in response.text
        assert f'id="aliases-{town_id}" name="aliases" value="{typed}"' in response.text
        assert towns_in_db(sessions)["Amherst"][2] == before
    response = post_form(staff, path, {"aliases": "UMass, Amherst College"}, page="/admin/towns")
    assert response.status_code == 302
    assert towns_in_db(sessions)["Amherst"][2] == ["UMass", "Amherst College"]
    with sessions() as session:
        directory = app.extensions["hotline.inbound"].directory.get(session)
        assert [t.name for t in directory.resolve("narcan northampton").towns] == ["Northampton"]
        assert [t.name for t in directory.resolve("amherst college").towns] == ["Amherst"]


def test_an_import_cannot_give_a_town_another_towns_name_either(session):
    """The CSV is the other way to edit other names: the same rule, and nothing written."""
    load_places(session)
    session.commit()
    chester = NEW_TOWN.replace(",01011,,", ",01011,Chester Centre,")
    amherst = "Amherst,Hampshire,MA,01002,UMass;NoHo;chester,42.38,-72.50"
    report = import_towns_csv(session, f"{HEADER}\n{chester}\n{amherst}\n")
    assert report.errors == [
        (0, 'Amherst: "NoHo" is already another name for Northampton'),
        (0, 'Amherst: "chester" is the town Chester'),
    ]
    assert not report.changed
    assert session.scalar(select(Town).where(Town.name == "Chester")) is None
    assert "NoHo" not in session.scalar(select(Town).where(Town.name == "Amherst")).aliases
