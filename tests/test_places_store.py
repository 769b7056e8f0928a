"""Loading, importing and exporting towns and sites on a plain in-memory SQLite database."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session

from flows.places import NearbySite, SiteInfo, TownInfo
from flows.places_data import DATA_DIR, read_sites_csv
from hotline.places_store import (
    directory_from_db,
    export_sites_csv,
    import_sites_csv,
    load_places,
)
from models import Base, Site, Town, TownZip


@pytest.fixture
def session() -> Iterator[Session]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_load_shipped_places_twice_changes_nothing_the_second_time(session: Session) -> None:
    first = load_places(session)
    assert (first.towns_added, first.sites_added) == (21, 11)
    assert first.zips_added == 32  # 29 ZIPs, three of them shared by two towns
    assert first.changed
    session.commit()

    second = load_places(session)
    assert not second.changed
    assert str(second).startswith("towns 0 added, 0 updated")
    assert (_count(session, Town), _count(session, TownZip), _count(session, Site)) == (21, 32, 11)


def test_shared_zips_link_both_towns(session: Session) -> None:
    load_places(session)
    rows = session.execute(
        select(TownZip.zip, Town.name, TownZip.primary)
        .join(Town, Town.id == TownZip.town_id)
        .where(TownZip.zip.in_(["01002", "01027"]))
        .order_by(TownZip.zip, Town.name)
    ).all()
    assert [tuple(r) for r in rows] == [
        ("01002", "Amherst", True),
        ("01002", "Pelham", True),
        ("01027", "Easthampton", True),
        ("01027", "Westhampton", True),
    ]
    florence = session.execute(
        select(TownZip.primary).join(Town).where(TownZip.zip == "01062")
    ).scalar_one()
    assert florence is False


def test_explicit_rows_update_existing_ones(session: Session) -> None:
    load_places(session)
    town = TownInfo(name="Hatfield", zips=("01038", "01088"), lat=42.4, lon=-72.6)
    report = load_places(session, towns=[town], sites=[])
    assert (report.towns_added, report.towns_updated) == (0, 1)
    assert (report.zips_added, report.zips_removed) == (0, 1)
    hatfield = session.scalars(select(Town).where(Town.name == "Hatfield")).one()
    assert hatfield.aliases == []
    zips = session.scalars(select(TownZip.zip).where(TownZip.town_id == hatfield.id)).all()
    assert sorted(zips) == ["01038", "01088"]
    assert not load_places(session, towns=[town], sites=[]).changed


def test_shipped_defaults_never_undo_an_admin_edit(session: Session) -> None:
    load_places(session)
    site = session.scalars(select(Site).order_by(Site.id)).first()
    assert site is not None
    site.verified, site.hours = True, "Mon 10:00-11:00"
    session.commit()
    assert not load_places(session).changed
    session.refresh(site)
    assert (site.verified, site.hours) == (True, "Mon 10:00-11:00")


def test_shipped_sample_sites_are_loaded_only_into_an_empty_list(session: Session) -> None:
    """Setup runs on every deploy. Staff who correct a sample site's name and address to the
    real ones must not get the sample back, active and on the finder, at the next deploy."""
    load_places(session)
    site = session.scalars(select(Site).where(Site.name.startswith("Tapestry North"))).one()
    site.name, site.address = "Tapestry Northampton syringe services", "16 Center St"
    session.commit()

    again = load_places(session)
    assert again.sites_added == 0
    assert not again.changed
    assert _count(session, Site) == 11
    names = session.scalars(select(Site.name).where(Site.name.startswith("Tapestry North"))).all()
    assert names == ["Tapestry Northampton syringe services"]


def test_shipped_sites_stay_out_once_staff_have_their_own(session: Session) -> None:
    """A list begun by import (or by hand) before setup runs again gets no samples added."""
    load_places(session, towns=[], sites=[_real_site()])
    session.commit()
    report = load_places(session)
    assert report.towns_added == 21
    assert report.sites_added == 0
    assert session.scalars(select(Site.name)).all() == ["Cooley Dickinson Hospital ED"]


def test_explicit_sites_are_added_to_a_list_that_has_some(session: Session) -> None:
    load_places(session)
    report = load_places(session, towns=[], sites=[_real_site()])
    assert report.sites_added == 1
    assert _count(session, Site) == 12


def _real_site() -> SiteInfo:
    return SiteInfo(
        name="Cooley Dickinson Hospital ED",
        address="30 Locust St",
        town="Northampton",
        zip="01060",
        lat=42.33,
        lon=-72.65,
        hours="Mon-Sun 00:00-00:00",
        naloxone=True,
        verified=True,
    )


def test_directory_from_db_matches_the_shipped_files(session: Session) -> None:
    load_places(session)
    closed = session.scalars(select(Site).where(Site.name.startswith("Tapestry North"))).one()
    closed.active = False
    session.flush()
    d = directory_from_db(session)
    assert len(d.towns) == 21  # the county's twenty and Montgomery (01050)
    assert len(d.sites) == 10
    assert all(s.id is not None and s.active for s in d.sites)
    assert [t.name for t in d.resolve("01002").towns] == ["Amherst", "Pelham"]
    northampton = d.resolve("noho").towns[0]
    assert northampton.zips[0] == "01060"  # the primary ZIP comes first
    assert set(northampton.zips) == {"01053", "01060", "01061", "01062", "01063"}
    found = d.nearest_sites(d.resolve("noho"), datetime(2025, 1, 6, 15, tzinfo=UTC))
    assert [n.site.town for n in found][:2] == ["Northampton"] * 2
    assert closed.name not in {n.site.name for n in found}
    assert closed.name in {n.site.name for n in load_and_find(session)}


def load_and_find(session: Session) -> list[NearbySite]:
    """Nearest sites to NoHo once every site is active again."""
    session.execute(update(Site).values(active=True))
    d = directory_from_db(session)
    return d.nearest_sites(d.resolve("noho"), datetime(2025, 1, 6, 15, tzinfo=UTC))


def test_export_then_import_round_trips_without_changes(session: Session) -> None:
    load_places(session)
    text = export_sites_csv(session)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 11
    assert {r["verified"] for r in rows} == {"no"}
    assert {r["active"] for r in rows} == {"yes"}
    report = import_sites_csv(session, text)
    assert report.errors == []
    assert not report.changed


def test_import_adds_and_updates_sites(session: Session) -> None:
    load_places(session)
    shipped = read_sites_csv(DATA_DIR / "sites.csv")
    text = export_sites_csv(session)
    edited = text.replace("Thu 11:00-14:00", "Thu 11:00-15:00") + (
        "New box,9 Elm St,Granby,01033,42.25,-72.52,24/7,,yes,no,no,no,Sample,no\n"
    )
    report = import_sites_csv(session, edited)
    assert (report.sites_added, report.sites_updated, report.errors) == (1, 1, [])
    hadley = session.scalars(select(Site).where(Site.town == "Hadley")).one()
    assert hadley.hours == "Thu 11:00-15:00"
    new = session.scalars(select(Site).where(Site.name == "New box")).one()
    assert new.active is False
    assert _count(session, Site) == len(shipped) + 1
    # Inactive sites stay out of the finder.
    assert "New box" not in {s.name for s in directory_from_db(session).sites}


def test_import_with_a_bad_row_writes_nothing(session: Session) -> None:
    load_places(session)
    session.commit()
    before = export_sites_csv(session)
    bad = before.replace("Thu 11:00-14:00", "Thu 11:00-15:00") + (
        "New box,9 Elm St,Granby,01033,42.25,-72.52,Mon-Fri 9am-5pm,,yes,no,no,no,,yes\n"
    )
    report = import_sites_csv(session, bad)
    assert [row for row, _ in report.errors] == [13]
    assert "hours" in report.errors[0][1]
    assert not report.changed
    assert str(report).startswith("nothing saved, 1 bad row(s): row 13: hours:")
    assert not session.new and not session.dirty
    assert export_sites_csv(session) == before


def test_import_missing_columns(session: Session) -> None:
    report = import_sites_csv(session, "name,address")
    assert report.errors and report.errors[0][0] == 1
    assert _count(session, Site) == 0


def test_load_sites_matches_by_name_and_address_any_case(session: Session) -> None:
    site = SiteInfo(name="Box", address="1 Main St", town="Ware", zip="01082", lat=42.2, lon=-72.2)
    load_places(session, towns=[], sites=[site])
    report = load_places(
        session, towns=[], sites=[replace(site, name="BOX", address="1 main st", hours="24/7")]
    )
    assert (report.sites_added, report.sites_updated) == (0, 1)
    assert _count(session, Site) == 1
