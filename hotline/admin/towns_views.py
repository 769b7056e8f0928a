"""Towns: list, edit the other names people text, CSV import (all or nothing) and export."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Forbidden, RequestEntityTooLarge

from flows.places import NameTaken, names_of_other_towns, split_other_names
from flows.places_data import by_row
from hotline.admin import bp
from hotline.admin.audit import audit
from hotline.admin.auth import has_role, role_required
from hotline.admin.downloads import audited_csv
from hotline.admin.sites_views import (
    STAFF,
    TOO_LARGE,
    UploadRefused,
    directory_changed,
    sites_page,
    uploaded_csv,
)
from hotline.database import db_session
from hotline.places_store import export_towns_csv, import_towns_csv
from models import Town, TownZip


def _towns_page(
    errors: list[tuple[int, str]] | None = None,
    status: int = 200,
    *,
    typed: dict[int, str] | None = None,
    problems: dict[int, str] | None = None,
) -> Any:
    """The towns; ``typed`` and ``problems`` by town id: other names not saved, kept as typed
    with what stopped them."""
    session = db_session()
    zips: dict[int, list[str]] = {}
    for link in session.scalars(select(TownZip).order_by(TownZip.zip)):
        zips.setdefault(link.town_id, []).append(link.zip)
    return (
        render_template(
            "admin/sites/towns.html",
            towns=session.scalars(select(Town).order_by(Town.name)).all(),
            zips=zips,
            errors=by_row(errors or []),
            typed=typed or {},
            problems=problems or {},
        ),
        status,
    )


def _taken_message(taken: list[NameTaken]) -> str:
    """Why other names were refused, in words an admin can act on."""
    reasons = "; ".join(t.reason() for t in taken)
    return (
        f"Not saved: {reasons}. Texts naming a town must find that town, so each name can "
        "belong to one town only: take it out here, or first remove it from the other town."
    )


@bp.get("/towns")
@role_required("viewer", *STAFF)
def towns() -> Any:
    """The towns the finder knows, their ZIP codes and the other names people text."""
    return _towns_page()


@bp.post("/towns/<int:town_id>/aliases")
@role_required(*STAFF)
def town_aliases(town_id: int) -> Any:
    """Replace a town's other names (one a line, or separated by semicolons or commas); a
    name the finder reads as another town's is refused, and nothing is saved."""
    session = db_session()
    town = session.get(Town, town_id)
    if town is None:
        abort(404)
    typed = request.form.get("aliases", "")
    aliases = split_other_names(typed)
    others = [
        (other.name, other.aliases or ())
        for other in session.scalars(select(Town).where(Town.id != town.id))
    ]
    taken = names_of_other_towns(aliases, others)
    if taken:
        return _towns_page(
            status=422, typed={town.id: typed}, problems={town.id: _taken_message(taken)}
        )
    town.aliases = aliases
    audit(session, "town.aliases", f"town:{town.id}", {"aliases": town.aliases})
    session.commit()
    directory_changed()
    flash(f"Saved the other names for {town.name}.", "success")
    return redirect(url_for("admin.towns"))


@bp.post("/towns/import")
@role_required(*STAFF)
def towns_import() -> Any:
    """Add or update towns from a CSV file; one bad row and nothing is written."""
    try:
        text = uploaded_csv()
    except UploadRefused as exc:
        return _towns_page([(0, exc.message)], exc.status)
    session = db_session()
    try:
        report = import_towns_csv(session, text)
        if report.errors:
            session.rollback()
            return _towns_page(report.errors, 422)
        audit(
            session,
            "towns.import",
            "towns",
            {
                "added": report.towns_added,
                "updated": report.towns_updated,
                "zips_added": report.zips_added,
                "zips_updated": report.zips_updated,
                "zips_removed": report.zips_removed,
            },
        )
        session.commit()
    except IntegrityError:
        # Someone else added one of these towns meanwhile; their change stands.
        session.rollback()
        return _towns_page([(0, "the towns changed while importing: import the file again")], 409)
    directory_changed()
    flash(
        f"Imported: towns {report.towns_added} added, {report.towns_updated} updated; "
        f"ZIP codes {report.zips_added} added, {report.zips_removed} removed.",
        "success",
    )
    return redirect(url_for("admin.towns"))


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(error: RequestEntityTooLarge) -> Any:
    """A file past the request limit is refused before the import reads it: say so on the
    import's own page, as for a file past the import's limit. The form is read (for its
    CSRF token) before the views check roles, so a viewer is refused here as they would be
    there."""
    pages = {"admin.towns_import": _towns_page, "admin.sites_import": sites_page}
    page = pages.get(request.endpoint or "")
    if page is None:
        return error
    if not has_role(*STAFF):
        return Forbidden()
    return page([(0, TOO_LARGE)], 413)


@bp.get("/towns/export.csv")
@role_required("viewer", *STAFF)
def towns_export() -> Response:
    """Every town as CSV in the import format (edit it in a spreadsheet, import it back)."""
    session = db_session()
    return audited_csv(
        session, export_towns_csv(session), "towns.csv", action="towns.export", target="towns"
    )
