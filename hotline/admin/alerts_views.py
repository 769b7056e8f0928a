"""Bad batch alerts: coordinators and admins write one in English and Spanish, see what it
costs and whom it reaches, confirm, and it is texted to every subscriber (``routing.bad_batch
_alerts``). Viewers see nothing of it: the page leads to texting people."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from flows.sms import MAX_BODY, encoding, segments
from hotline.admin import bp
from hotline.admin.audit import audit
from hotline.admin.auth import role_required
from hotline.admin.clock import local_time, now
from hotline.admin.confirming import confirm_page, confirmed
from hotline.database import db_session
from models import BadBatchAlert, User
from routing.bad_batch_alerts import (
    SameAlertSent,
    create_alert,
    subscriber_count,
    with_stop_line,
)

STAFF = ("coordinator", "admin")
LANGUAGES = (("en", "English"), ("es", "Spanish"))
# Room for the stop line within what one text may hold.
MAX_WRITTEN = MAX_BODY - 60


def _written() -> dict[str, str]:
    return {lang: request.form.get(f"body_{lang}", "").strip() for lang, _ in LANGUAGES}


def _problems(written: dict[str, str]) -> dict[str, str]:
    problems = {}
    for lang, name in LANGUAGES:
        if not written[lang]:
            problems[lang] = f"Write the alert in {name}: each subscriber gets it in theirs."
        elif len(written[lang]) > MAX_WRITTEN:
            problems[lang] = f"Keep it under {MAX_WRITTEN} characters."
    return problems


def _list_page(
    written: dict[str, str] | None = None, problems: dict[str, str] | None = None, status: int = 200
) -> Any:
    session = db_session()
    alerts = session.execute(
        select(BadBatchAlert, User.email)
        .outerjoin(User, User.id == BadBatchAlert.created_by)
        .order_by(BadBatchAlert.created_at.desc(), BadBatchAlert.id.desc())
        .limit(100)
    ).all()
    page = render_template(
        "admin/alerts/list.html",
        alerts=alerts,
        subscribers=subscriber_count(session),
        written=written or {"en": "", "es": ""},
        problems=problems or {},
        languages=LANGUAGES,
    )
    return page, status


def _shown(name: str, text: str) -> str:
    """A line of the confirmation: the text as it goes, and what it costs."""
    return f"{name} ({encoding(text)}, {segments(text)} SMS segments): {text}"


@bp.get("/alerts")
@role_required(*STAFF)
def alerts() -> Any:
    """The alerts sent so far (when, to how many) and the form for a new one."""
    return _list_page()


@bp.post("/alerts")
@role_required(*STAFF)
def alert_send() -> Any:
    """First POST: the confirmation, naming the texts as sent, their segments and how many
    subscribers get them; the confirmed POST stores the alert and starts its sending, unless
    the same alert was just sent (``SameAlertSent``)."""
    written = _written()
    problems = _problems(written)
    if problems:
        return _list_page(written, problems, 422)
    session = db_session()
    reach = subscriber_count(session)
    if not confirmed():
        lines = [_shown(name, with_stop_line(written[lang], lang)) for lang, name in LANGUAGES]
        return confirm_page(
            title=f"Text this alert to {reach} subscriber{'' if reach == 1 else 's'}?",
            action=url_for("admin.alert_send"),
            button="Send the alert",
            back=url_for("admin.alerts"),
            lines=[*lines, "Each subscriber gets it once, in their language. It can't be undone."],
            fields={f"body_{lang}": written[lang] for lang, _ in LANGUAGES},
        )
    try:
        alert = create_alert(
            session,
            body_en=written["en"],
            body_es=written["es"],
            created_by=current_user.id,
            now=now(),
        )
    except SameAlertSent as same:  # a double click or a form sent again: one text each
        sent_at = same.alert.created_at
        session.rollback()  # lets the next alert's creation go ahead now
        flash(f"This alert was already sent at {local_time(sent_at)}.", "warning")
        return redirect(url_for("admin.alerts"))
    audit(
        session,
        "alert.send",
        f"alert:{alert.id}",
        {
            "subscribers": reach,
            "segments": {lang: segments(getattr(alert, f"body_{lang}")) for lang, _ in LANGUAGES},
        },
    )
    session.commit()
    flash(f"Alert {alert.id} is being texted to {reach} subscribers.", "success")
    return redirect(url_for("admin.alerts"))
