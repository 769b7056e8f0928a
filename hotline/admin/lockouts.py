"""Sign-in lockouts in the audit log: one row per lockout, counting the attempts it refused.

Past the sign-in limits every attempt gets a 429 before its password is checked, so without
this an admin sees five ``user.login_failed`` rows and then nothing: a guessing run and a
few typos look alike. A row per refused attempt would let a guesser flood the log, so one
``user.login_locked`` row stands for the lockout of an account (or of the unknown emails, as
``user.login_failed`` has no target for them) under one limit, and its ``refused`` count goes
up while the attempts go on; a refusal an hour (the longest limit window) after the row began
starts a new one. The first refusals of a lockout may come at the same moment, when there is
no row yet for ``FOR UPDATE`` to lock: on PostgreSQL a transaction-scoped advisory lock on
the (target, limit) pair makes the second wait for the first and count on its row (SQLite
lets one writer in at a time anyway). Like ``user.login_failed``, it names the account by id
only: no password, address or email.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditLog, User
from models.base import utcnow
from models.session import is_postgres

LOCKED_ACTION = "user.login_locked"
LOCKOUT_ROW_SPAN = timedelta(hours=1)
# The limiter's scopes (``hotline.admin.init_app``), as the row names them.
LIMITS = {"admin-login-account": "account", "admin-login-address": "address"}


def record_refused_sign_in(session: Session, user: User | None, scope: str) -> AuditLog:
    """Count one refused sign-in on the lockout's row, written at the first (caller commits)."""
    from hotline.admin.audit import audit

    target = f"user:{user.id}" if user is not None else ""
    limit = LIMITS.get(scope, "other")
    if is_postgres(session):
        session.execute(select(func.pg_advisory_xact_lock(_lock_key(target, limit))))
    now = utcnow()
    for entry in session.scalars(
        select(AuditLog)
        .where(
            AuditLog.action == LOCKED_ACTION,
            AuditLog.target == target,
            AuditLog.at >= now - LOCKOUT_ROW_SPAN,
        )
        .order_by(AuditLog.id.desc())
        .with_for_update()
    ):
        if entry.data.get("limit") == limit:
            entry.data = {**entry.data, "refused": int(entry.data.get("refused", 0)) + 1}
            return entry
    return audit(
        session,
        LOCKED_ACTION,
        target,
        {"limit": limit, "refused": 1},
        actor_id=user.id if user is not None else None,
    )


def _lock_key(target: str, limit: str) -> int:
    """A signed 64-bit advisory lock key for one lockout, the same in every process."""
    digest = hashlib.blake2b(f"{LOCKED_ACTION}|{target}|{limit}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)
