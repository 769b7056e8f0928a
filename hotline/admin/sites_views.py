"""Naloxone sites: list, edit, CSV import (all or nothing) and export. Towns: towns_views.

Sites shipped with the code are samples, unverified until an admin confirms them; the list says
so on every such row. Family-support resource texts are not kept here: they are the family
flow's strings, edited in the flow editor (linked from the sites page).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.places_data import (
    SITE_COLUMNS,
    by_row,
    decode_csv,
    site_from_row,
    site_place_problems,
    site_problems,
)
from flows.zip_data import zip_point
from hotline.admin import bp
from hotline.admin.audit import audit
from hotline.admin.auth import role_required
from hotline.admin.downloads import audited_csv
from hotline.database import db_session
from hotline.places_store import export_sites_csv, import_sites_csv, towns_directory
from models import Site, Town

STAFF = ("coordinator", "admin")
MAX_IMPORT_BYTES = 200 * 1024
FORM_FIELDS = (*SITE_COLUMNS, "active")
FLAGS = ("naloxone", "test_strips", "syringe_services", "verified", "active")


def is_sample(site: Site) -> bool:
    """Rows shipped as sample data say so in their name, address or notes."""
    return "sample" in f"{site.name} {site.address} {site.notes}".lower()


def sites_page(errors: list[tuple[int, str]] | None = None, status: int = 200) -> Any:
    session = db_session()
    sites = list(session.scalars(select(Site).order_by(Site.town, Site.name)))
    return (
        render_template(
            "admin/sites/list.html",
            sites=sites,
            is_sample=is_sample,
            errors=by_row(errors or []),
            unverified=sum(1 for site in sites if not site.verified),
            resources_url=_resources_url(),
        ),
        status,
    )


def _resources_url() -> str | None:
    """The family flow in the flow editor, where the family-support resource texts live."""
    if "admin.edit_flow" not in current_app.view_functions:
        return None
    return url_for("admin.edit_flow", flow_id="family")


@bp.get("/sites")
@role_required("viewer", *STAFF)
def sites() -> Any:
    """Every site, with whether it is verified, a sample, and on the finder (active)."""
    return sites_page()


def _form_values(site: Site | None) -> dict[str, str]:
    if site is None:
        return {"naloxone": "yes", "active": "yes", "verified": "no"}
    values = {name: getattr(site, name) for name in FORM_FIELDS}
    for flag in FLAGS:
        values[flag] = "yes" if values[flag] else "no"
    values["phone"] = values["phone"] or ""
    return {name: "" if value is None else str(value) for name, value in values.items()}


def _read_form() -> dict[str, str]:
    form = request.form
    values = {name: form.get(name, "").strip() for name in FORM_FIELDS if name not in FLAGS}
    for flag in FLAGS:
        values[flag] = "yes" if form.get(flag) else "no"
    return values


def _render_site(
    site: Site | None,
    values: dict[str, str],
    problems: dict[str, str] | None = None,
    status: int = 200,
):
    """The site form; ``problems`` by field (``form`` for the site as a whole), each shown
    next to its field and listed together at the top, with what was typed kept."""
    towns = db_session().scalars(select(Town.name).order_by(Town.name)).all()
    return (
        render_template(
            "admin/sites/edit.html",
            site=site,
            values=values,
            problems=problems or {},
            towns=towns,
        ),
        status,
    )


def _placed(values: dict[str, str], session: Session) -> tuple[dict[str, str], str]:
    """The form's values to check and save, and what to tell the admin: with latitude and
    longitude both left empty, the middle of the site's ZIP (or of its town, for a ZIP the
    shipped data lacks) stands in, as the finder needs a point to measure distances from."""
    if values["lat"] or values["lon"]:
        return values, ""
    point = zip_point(values["zip"])
    where = f"ZIP {values['zip']}'s center"
    if point is None:
        town = towns_directory(session).town(values["town"]) if values["town"] else None
        if town is None:
            return values, ""
        point, where = (town.lat, town.lon), f"the center of {town.name}"
    told = f" Location from {where}: adjust the latitude and longitude for better distances."
    return {**values, "lat": str(point[0]), "lon": str(point[1])}, told


def _save_site(session: Session, site: Site | None) -> Any:
    typed = _read_form()
    values, placed = _placed(typed, session)
    # The CSV import's checks, town and ZIP included, in the order of the form's fields.
    town, problems = site_place_problems(values, towns_directory(session), site_problems(values))
    if problems:
        return _render_site(site, typed, problems, 422)
    info = replace(site_from_row(values), town=town)
    clash = session.scalar(
        select(Site.id).where(
            Site.name == info.name,
            Site.address == info.address,
            Site.id != (site.id if site else -1),
        )
    )
    if clash:
        problems = {"form": "another site has the same name and address: change one of them"}
        return _render_site(site, typed, problems, 422)
    created = site is None
    if site is None:
        site = Site()
        session.add(site)
    for name in FORM_FIELDS:
        setattr(site, name, getattr(info, name))
    session.flush()
    audit(
        session,
        "site.create" if created else "site.update",
        f"site:{site.id}",
        {"verified": site.verified, "active": site.active},
    )
    session.commit()
    directory_changed()
    flash(f"Saved {site.name}.{placed}", "success")
    return redirect(url_for("admin.sites"))


@bp.route("/sites/new", methods=["GET", "POST"])
@role_required(*STAFF)
def site_new() -> Any:
    if request.method == "GET":
        return _render_site(None, _form_values(None))
    return _save_site(db_session(), None)


@bp.route("/sites/<int:site_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def site_edit(site_id: int) -> Any:
    """Edit a site; checked by the same rules as a CSV row."""
    session = db_session()
    site = session.get(Site, site_id)
    if site is None:
        abort(404)
    if request.method == "GET":
        return _render_site(site, _form_values(site))
    return _save_site(session, site)


class UploadRefused(Exception):
    """An uploaded CSV that cannot be read at all: too large, not text, or empty."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# How spreadsheet files (not CSV) begin: .xlsx, .ods and .numbers are zip files; .xls is older.
SPREADSHEET_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
TOO_LARGE = (
    "the file is larger than 200 KB: split it into smaller files and import each one "
    "(rows not in a file are kept as they are)"
)


def uploaded_csv() -> str:
    """The CSV text of the form's ``file`` (or ``csv`` field); raises UploadRefused."""
    upload = request.files.get("file")
    raw = upload.read(MAX_IMPORT_BYTES + 1) if upload else request.form.get("csv", "").encode()
    if len(raw) > MAX_IMPORT_BYTES:
        raise UploadRefused(TOO_LARGE, 413)
    if raw.startswith(SPREADSHEET_STARTS):
        raise UploadRefused(
            "this is a spreadsheet file, not CSV: in your spreadsheet choose Save As "
            "(or Download), then CSV UTF-8, and import that file",
            422,
        )
    try:
        text = decode_csv(raw)
    except UnicodeDecodeError:
        raise UploadRefused(
            "the letters in this file could not be read: in your spreadsheet choose Save As "
            "(or Download), then CSV UTF-8, and import that file",
            422,
        ) from None
    if not text.strip():
        if upload and upload.filename:
            raise UploadRefused(
                "the file is empty: export it from your spreadsheet again, with its header row",
                422,
            )
        raise UploadRefused("choose a CSV file to import", 422)
    return text


def directory_changed() -> None:
    """Answer texts from the new towns and sites now, not when the cache next expires.

    Only this process's cache is dropped; other web processes reload within its 30 seconds.
    """
    service = current_app.extensions.get("hotline.inbound")
    if service is not None:
        service.directory.invalidate()


@bp.post("/sites/import")
@role_required(*STAFF)
def sites_import() -> Any:
    """Add or update sites from a CSV file; one bad row and nothing is written."""
    try:
        text = uploaded_csv()
    except UploadRefused as exc:
        return sites_page([(0, exc.message)], exc.status)
    session = db_session()
    report = import_sites_csv(session, text)
    if report.errors:
        session.rollback()
        return sites_page(report.errors, 422)
    audit(
        session,
        "sites.import",
        "sites",
        {"added": report.sites_added, "updated": report.sites_updated},
    )
    session.commit()
    directory_changed()
    flash(f"Imported: {report.sites_added} added, {report.sites_updated} updated.", "success")
    return redirect(url_for("admin.sites"))


@bp.get("/sites/export.csv")
@role_required("viewer", *STAFF)
def sites_export() -> Response:
    """Every site as CSV in the import format (edit it in a spreadsheet, import it back)."""
    session = db_session()
    return audited_csv(
        session, export_sites_csv(session), "sites.csv", action="sites.export", target="sites"
    )
