"""Erasing one person's data from the admin: admins only, in two steps, audited.

Step one looks the number up and shows what would go (the number masked); step two needs the
word ERASE typed in and does it. The audit entry holds ids and counts, never the number.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hotline.admin import bp
from hotline.admin.audit import audit
from hotline.admin.auth import role_required
from hotline.database import db_session
from hotline.erasure import ErasureRefused, erase_person, plan_erasure
from hotline.phones import InvalidPhone, mask_phone, normalize_phone
from routing import runtime

CONFIRM_WORD = "ERASE"


def _form(error: str = "", status: int = 200, phone: str = "") -> tuple[str, int]:
    """Step one's page; ``phone`` fills the number in again, as typed, after a refusal."""
    return render_template("admin/privacy/erase.html", error=error, phone=phone), status


def _typed_phone() -> str:
    return request.form.get("phone", "")[:32].strip()


def _review(phone: str, error: str = "", status: int = 200) -> tuple[str, int]:
    """Step two's page: what erasing this E.164 number would touch; nothing changes yet."""
    try:
        plan = plan_erasure(db_session(), phone)
    except ErasureRefused as exc:
        return _form(str(exc), 409, phone)
    page = render_template(
        "admin/privacy/confirm.html",
        phone=phone,
        masked=mask_phone(phone),
        plan=plan,
        confirm_word=CONFIRM_WORD,
        error=error,
    )
    return page, status


def _confirmed(typed: str) -> bool:
    """The confirmation word as people type it: any case, spaces around it forgiven."""
    return typed.strip().upper() == CONFIRM_WORD


@bp.get("/privacy/erase")
@role_required("admin")
def erase_form() -> tuple[str, int]:
    """Step one: the number whose data should go."""
    return _form()


@bp.post("/privacy/erase")
@role_required("admin")
def erase_review() -> tuple[str, int]:
    """Show what erasing this number would touch; nothing changes yet."""
    try:
        phone = normalize_phone(_typed_phone())
    except InvalidPhone as exc:
        return _form(str(exc), 422, _typed_phone())
    return _review(phone)


@bp.post("/privacy/erase/confirm")
@role_required("admin")
def erase_confirm() -> Response | tuple[str, int]:
    """Step two: erase, once the confirmation word was typed. Refused, the number stays on
    the page: the confirmation again, or step one with the number as typed."""
    try:
        phone = normalize_phone(_typed_phone())
    except InvalidPhone as exc:
        return _form(str(exc), 422, _typed_phone())
    if not _confirmed(request.form.get("confirm", "")):
        return _review(phone, f"Type {CONFIRM_WORD} to confirm. Nothing was erased.", 422)
    session = db_session()
    try:
        report = erase_person(session, phone, runtime.current().clock())
    except ErasureRefused as exc:
        return _form(str(exc), 409, phone)
    audit(session, "person.erase", f"contact:{report.contact_id or ''}", report.as_data())
    session.commit()
    flash(
        f"Erased {mask_phone(phone)}: {report.message_bodies} message bodies, "
        f"{report.cases} cases de-identified."
        + (" The number stays opted out." if report.opted_out_kept else ""),
        "info",
    )
    return redirect(url_for("admin.erase_form"))
