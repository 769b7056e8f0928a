"""Towns and naloxone sites in the database: load the shipped data, import and export CSV.

The caller owns the session and the transaction: these functions add and flush, never commit.
Towns are matched by name, sites by name and address (any case).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.places import Directory, SiteInfo, TownInfo, names_of_other_towns
from flows.places_data import (
    SITE_COLUMNS,
    SITE_OPTIONAL_COLUMNS,
    SITES_CSV,
    TOWNS_CSV,
    PlacesCsvError,
    by_row,
    read_sites_csv,
    read_towns_csv,
    write_sites_csv,
    write_towns_csv,
)
from models.places import Site, Town, TownZip

# A site row holds exactly what the sites file does.
_SITE_FIELDS = (*SITE_COLUMNS, *SITE_OPTIONAL_COLUMNS)


@dataclass
class LoadReport:
    """What a load or import changed, or the rows that stopped it (then nothing changed)."""

    towns_added: int = 0
    towns_updated: int = 0
    zips_added: int = 0
    zips_updated: int = 0
    zips_removed: int = 0
    sites_added: int = 0
    sites_updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return any(
            (
                self.towns_added,
                self.towns_updated,
                self.zips_added,
                self.zips_updated,
                self.zips_removed,
                self.sites_added,
                self.sites_updated,
            )
        )

    def __str__(self) -> str:
        if self.errors:
            bad = by_row(self.errors)
            rows = "; ".join(f"row {row}: {'; '.join(messages)}" for row, messages in bad)
            return f"nothing saved, {len(bad)} bad row(s): {rows}"
        return (
            f"towns {self.towns_added} added, {self.towns_updated} updated; "
            f"ZIP links {self.zips_added} added, {self.zips_updated} updated, "
            f"{self.zips_removed} removed; "
            f"sites {self.sites_added} added, {self.sites_updated} updated"
        )


def _assign(row: object, values: dict[str, object]) -> bool:
    """Set the attributes that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _upsert_towns(
    session: Session, towns: Iterable[TownInfo], report: LoadReport, update_existing: bool
) -> None:
    existing = {t.name.casefold(): t for t in session.scalars(select(Town))}
    for info in towns:
        values: dict[str, object] = {
            "name": info.name,
            "county": info.county,
            "state": info.state,
            "aliases": list(info.aliases),
            "lat": info.lat,
            "lon": info.lon,
        }
        town = existing.get(info.name.casefold())
        if town is None:
            town = Town(**values)
            session.add(town)
            session.flush()
            existing[info.name.casefold()] = town
            report.towns_added += 1
        elif not update_existing:
            continue
        elif _assign(town, values):
            report.towns_updated += 1

        # The first ZIP listed is the town's primary one.
        wanted = {z: i == 0 for i, z in enumerate(info.zips)}
        links = {
            link.zip: link for link in session.scalars(select(TownZip).filter_by(town_id=town.id))
        }
        for code, primary in wanted.items():
            link = links.get(code)
            if link is None:
                session.add(TownZip(zip=code, town_id=town.id, primary=primary))
                report.zips_added += 1
            elif link.primary != primary:
                link.primary = primary
                report.zips_updated += 1
        for code, link in links.items():
            if code not in wanted:
                session.delete(link)
                report.zips_removed += 1


def _site_key(name: str, address: str) -> tuple[str, str]:
    return name.strip().casefold(), address.strip().casefold()


def _upsert_sites(
    session: Session, sites: Iterable[SiteInfo], report: LoadReport, update_existing: bool
) -> None:
    existing = {_site_key(s.name, s.address): s for s in session.scalars(select(Site))}
    for info in sites:
        values = {name: getattr(info, name) for name in _SITE_FIELDS}
        site = existing.get(_site_key(info.name, info.address))
        if site is None:
            site = Site(**values)
            session.add(site)
            existing[_site_key(info.name, info.address)] = site
            report.sites_added += 1
        elif update_existing and _assign(site, values):
            report.sites_updated += 1


def load_places(
    session: Session,
    towns: Iterable[TownInfo] | None = None,
    sites: Iterable[SiteInfo] | None = None,
    *,
    update_existing: bool | None = None,
) -> LoadReport:
    """Upsert towns (with their ZIPs) and sites; running it twice changes nothing.

    Without ``towns``/``sites`` the shipped sample CSVs are used, and then rows already in the
    database are left as they are (``update_existing`` defaults to False) so that re-running
    setup never undoes an admin's edits. The shipped sites are samples, loaded only into an
    empty list: once there are sites, staff own them, and a sample whose name and address they
    corrected must not come back, active on the finder, at the next deploy's setup. Rows given
    explicitly update existing ones.
    """
    report = LoadReport()
    town_rows = read_towns_csv(TOWNS_CSV) if towns is None else tuple(towns)
    if sites is None:
        have_sites = session.scalar(select(Site.id).limit(1)) is not None
        site_rows = () if have_sites else read_sites_csv(SITES_CSV)
    else:
        site_rows = tuple(sites)
    update_towns = towns is not None if update_existing is None else update_existing
    update_sites = sites is not None if update_existing is None else update_existing
    _upsert_towns(session, town_rows, report, update_towns)
    _upsert_sites(session, site_rows, report, update_sites)
    session.flush()
    return report


def _site_info(site: Site) -> SiteInfo:
    return SiteInfo(
        id=site.id,
        name=site.name,
        address=site.address,
        town=site.town,
        zip=site.zip,
        lat=site.lat,
        lon=site.lon,
        hours=site.hours or "",
        phone=site.phone,
        naloxone=site.naloxone,
        test_strips=site.test_strips,
        syringe_services=site.syringe_services,
        verified=site.verified,
        active=site.active,
        notes=site.notes or "",
    )


def _towns_info(session: Session) -> tuple[TownInfo, ...]:
    """Every town by name, its primary ZIP first."""
    zips: dict[int, list[TownZip]] = {}
    for link in session.scalars(select(TownZip)):
        zips.setdefault(link.town_id, []).append(link)
    return tuple(
        TownInfo(
            name=town.name,
            zips=tuple(
                link.zip
                for link in sorted(zips.get(town.id, []), key=lambda z: (not z.primary, z.zip))
            ),
            lat=town.lat,
            lon=town.lon,
            aliases=tuple(town.aliases or ()),
            county=town.county,
            state=town.state,
        )
        for town in session.scalars(select(Town).order_by(Town.name))
    )


def towns_directory(session: Session) -> Directory:
    """The towns in the database and no sites: what a site's town is checked against."""
    return Directory(towns=_towns_info(session))


def directory_from_db(session: Session) -> Directory:
    """The towns and the active sites in the database, as a Directory for the flow engine."""
    towns = _towns_info(session)
    sites = tuple(
        _site_info(site)
        for site in session.scalars(
            select(Site).where(Site.active.is_(True)).order_by(Site.town, Site.name)
        )
    )
    return Directory(towns=towns, sites=sites)


def export_sites_csv(session: Session) -> str:
    """Every site (active or not) as CSV text that ``import_sites_csv`` reads back."""
    rows = session.scalars(select(Site).order_by(Site.town, Site.name, Site.address))
    return write_sites_csv([_site_info(site) for site in rows])


def import_sites_csv(session: Session, text: str) -> LoadReport:
    """Upsert sites from CSV text; when any row is bad nothing is written and errors says why.

    Sites missing from the file are kept: set active to "no" to take one off the finder.
    Each site's town must be on the Towns page (written in any case: saved as the town's
    own name).
    """
    towns = towns_directory(session)
    return _import_csv(
        session, text, lambda text: read_sites_csv(text, towns), _upsert_sites, "site"
    )


def export_towns_csv(session: Session) -> str:
    """Every town as CSV text in the towns.csv format, which ``import_towns_csv`` reads back."""
    return write_towns_csv(_towns_info(session))


def import_towns_csv(session: Session, text: str) -> LoadReport:
    """Upsert towns by name, replacing their ZIPs; when any row is bad nothing is written.

    Towns missing from the file are kept: sites, cases and the roster name them. An other
    name the finder would read as another town (its name or one of its other names) stops
    the import, as it does on the towns page.
    """

    def read(text: str) -> tuple[TownInfo, ...]:
        rows = read_towns_csv(text)
        taken = _names_of_other_towns(session, rows)
        if taken:
            raise PlacesCsvError(taken)
        return rows

    return _import_csv(session, text, read, _upsert_towns, "town")


def _names_of_other_towns(session: Session, rows: tuple[TownInfo, ...]) -> list[tuple[int, str]]:
    """Each other name in the file that is another town's name or other name, that town
    being in the file or (when the file does not name it) in the database."""
    in_file = {town.name.casefold() for town in rows}
    towns = [(town.name, town.aliases) for town in rows]
    towns += [
        (town.name, tuple(town.aliases or ()))
        for town in session.scalars(select(Town).order_by(Town.name))
        if town.name.casefold() not in in_file
    ]
    return [
        (0, f"{name}: {taken.reason()}")
        for i, (name, aliases) in enumerate(towns[: len(rows)])
        for taken in names_of_other_towns(aliases, towns[:i] + towns[i + 1 :])
    ]


def _import_csv(
    session: Session,
    text: str,
    read: Callable[[str], Any],
    upsert: Callable[..., None],
    noun: str,
) -> LoadReport:
    """Read every row first (any bad row: its errors, nothing written), then upsert them all.

    A file with no rows is an error too: it is most likely the wrong file or a failed export,
    and "0 added, 0 updated" would read as success.
    """
    try:
        rows = read(text if "\n" in text else text + "\n")
    except PlacesCsvError as exc:
        return LoadReport(errors=list(exc.errors))
    if not rows:
        return LoadReport(
            errors=[
                (
                    0,
                    f"the file has its header row but no {noun}s under it: "
                    f"add a row for each {noun} and import it again",
                )
            ]
        )
    report = LoadReport()
    upsert(session, rows, report, update_existing=True)
    session.flush()
    return report
