"""The audit log: ``audit()`` records a staff action; admins read the log at /admin/audit."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotline.admin import bp
from hotline.admin.auth import role_required
from hotline.admin.clock import local_time, settings, zone_name
from hotline.database import db_session
from models import AuditLog, User
from models.base import utcnow

PAGE_SIZE = 50
_UNSET: Any = object()


def init_app(app: Flask) -> None:
    """Nothing to set up beyond the views; kept for symmetry with the other parts."""


def audit(
    session: Session,
    action: str,
    target: str = "",
    data: dict[str, Any] | None = None,
    *,
    actor_id: int | None = _UNSET,
) -> AuditLog:
    """Record who did ``action`` to ``target`` in the caller's transaction (it commits).

    ``data`` holds ids, versions and settings: never a texter's phone, name or message.
    """
    if actor_id is _UNSET:
        actor_id = _current_user_id()
    entry = AuditLog(
        at=utcnow(), user_id=actor_id, action=action[:64], target=target[:128], data=data or {}
    )
    session.add(entry)
    return entry


def _current_user_id() -> int | None:
    try:
        if current_user and current_user.is_authenticated:
            return int(current_user.id)
    except RuntimeError:  # outside a request (CLI, jobs)
        pass
    return None


@bp.get("/audit")
@role_required("admin")
def audit_log() -> str:
    """The newest entries first, filtered by action prefix and paged, in the program's time zone."""
    session = db_session()
    action = request.args.get("action", "").strip()[:64]
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    query = select(AuditLog, User.email).outerjoin(User, User.id == AuditLog.user_id)
    count_query = select(func.count(AuditLog.id))
    if action:
        query = query.where(AuditLog.action.startswith(action, autoescape=True))
        count_query = count_query.where(AuditLog.action.startswith(action, autoescape=True))
    total = session.scalar(count_query) or 0
    rows = session.execute(
        query.order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    actions = session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)).all()
    return render_template(
        "admin/audit.html",
        rows=rows,
        action=action,
        actions=actions,
        page=page,
        has_next=page * PAGE_SIZE < total,
        total=total,
        when=local_time,
        zone_name=zone_name(settings().timezone),
    )
