"""Signing in and out, password hashing, roles, and the ``admin`` command group."""

from __future__ import annotations

import functools
import hmac
import secrets
import sys
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.cli import AppGroup
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotline.admin import bp
from hotline.database import db_session
from models import User
from models.admin import ROLES
from models.base import utcnow

F = TypeVar("F", bound=Callable[..., Any])

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so a wrong email takes as long as a wrong
    password. Made on first use, not at import: hashing takes argon2's 64 MiB for a moment,
    which every process would otherwise carry in its peak RSS (RQ workers never sign anyone in).
    """
    return _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """True when the password is the user's; rehashes in place when the parameters changed."""
    stored = user.password_hash if user is not None else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    if user is None:
        return False
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    return True


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(
    session: Session, email: str, password: str, role: str = "viewer", name: str = ""
) -> User:
    """Add a staff account; raises ValueError on a bad role, short password or taken email."""
    email = normalise_email(email)
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email:
        raise ValueError("that does not look like an email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(session, email) is not None:
        raise ValueError(f"there is already an account for {email}")
    user = User(
        email=email,
        name=name,
        password_hash=hash_password(password),
        role=role,
        session_token=secrets.token_urlsafe(24),
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the id carries the account's session token, checked here."""
    raw_id, _, token = user_id.partition(":")
    if not (raw_id.isascii() and raw_id.isdigit()) or not token:
        return None
    user = db_session().get(User, int(raw_id))
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow signed-in users with one of ``roles`` (admins always); no roles: anyone signed in.

    Roles: ``admin`` (everything), ``coordinator`` (cases, roster, sites), ``viewer`` (read-only
    figures and lists). Others get 403; someone not signed in is sent to the sign-in page.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {', '.join(sorted(unknown))}")

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if roles and not has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def has_role(*roles: str) -> bool:
    """True when the signed-in user is an admin or holds one of ``roles``."""
    if not current_user.is_authenticated:
        return False
    return current_user.role == "admin" or current_user.role in roles


def current_actor() -> str:
    """Who is acting, for timelines and version history: the signed-in user's email."""
    try:
        if current_user and current_user.is_authenticated:
            return str(current_user.email)[:128]
    except RuntimeError:  # outside a request
        pass
    return "system"


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site's admin; None for anything else."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch in target for ch in "\\\r\n\t"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    if not (parts.path == "/admin" or parts.path.startswith("/admin/")):
        return None
    return target


def login_rate_key() -> str:
    """Failed sign-ins are counted per address and email, so one person mistyping is not a lockout
    for everyone behind the same address."""
    email = normalise_email(request.form.get("email", ""))[:254]
    return f"{get_remote_address()}|{email}"


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Sign in with email and password; starts a brand-new session on success."""
    from hotline.admin.audit import audit

    next_url = safe_next(request.values.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("admin.index"))
    if request.method == "GET":
        return render_template("admin/login.html", next_url=next_url or "", email="")

    email = normalise_email(request.form.get("email", ""))
    password = request.form.get("password", "")
    session_db = db_session()
    user = find_user(session_db, email)
    if not verify_password(user, password) or user is None or not user.active:
        audit(
            session_db,
            "user.login_failed",
            f"user:{user.id}" if user is not None else "",
            actor_id=user.id if user is not None else None,
        )
        session_db.commit()
        flash("That email and password do not match an active account.", "error")
        return (
            render_template("admin/login.html", next_url=next_url or "", email=email),
            401,
        )
    user.last_login_at = utcnow()
    audit(session_db, "user.login", f"user:{user.id}", actor_id=user.id)
    session_db.commit()
    # A new session on sign-in: nothing set before (by anyone) survives into the signed-in one.
    session.clear()
    session.permanent = True
    session["nonce"] = secrets.token_urlsafe(16)
    login_user(user)
    return redirect(next_url or url_for("admin.index"))


@bp.post("/logout")
def logout() -> Response:
    """Sign out here and everywhere: the account's session token changes."""
    from hotline.admin.audit import audit

    session_db = db_session()
    user = session_db.get(User, current_user.id)
    if user is not None:
        user.session_token = secrets.token_urlsafe(24)
        audit(session_db, "user.logout", f"user:{user.id}")
        session_db.commit()
    logout_user()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("admin.login"))


@bp.get("/")
def index() -> Response:
    """The admin's front page: cases for staff who handle them, else figures, else flows."""
    choices = ("admin.cases", "admin.figures_page", "admin.flows")
    if not has_role("coordinator"):
        choices = choices[1:]
    for endpoint in choices:
        if endpoint in current_app.view_functions:
            return redirect(url_for(endpoint))
    return redirect(url_for("admin.flows"))


def too_many_attempts(error: RateLimitExceeded) -> Any:
    """Sign-in attempts over the limit: say so plainly, with a 429, and count the refusal on
    the lockout's audit row (``hotline.admin.lockouts``)."""
    from hotline.admin.lockouts import record_refused_sign_in

    if request.blueprint != "admin":
        return error
    flash("Too many sign-in attempts. Please wait a few minutes and try again.", "error")
    email = normalise_email(request.form.get("email", ""))
    if request.endpoint == "admin.login":
        session_db = db_session()
        record_refused_sign_in(session_db, find_user(session_db, email), error.limit.scope)
        session_db.commit()
    next_url = safe_next(request.values.get("next")) or ""
    return render_template("admin/login.html", next_url=next_url, email=email), 429


admin_cli = AppGroup("admin", help="Staff accounts for the admin site.")


@admin_cli.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True)
@click.option("--name", default="", help="The person's name, shown in the admin.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
def create_user_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a staff account (prompts for the password)."""
    from hotline.admin.audit import audit
    from hotline.database import sessions
    from models.session import session_scope

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with session_scope(sessions()) as session:
        try:
            user = create_user(session, email, password, role=role, name=name)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        audit(session, "user.create", f"user:{user.id}", {"role": role, "via": "cli"})
    click.echo(f"Created {role} account {normalise_email(email)}.")


@admin_cli.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(email: str, password_stdin: bool) -> None:
    """Set a staff account's password; signs that account out everywhere."""
    from hotline.admin.audit import audit
    from hotline.database import sessions
    from models.session import session_scope

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    with session_scope(sessions()) as session:
        user = find_user(session, email)
        if user is None:
            raise click.ClickException(f"no account for {normalise_email(email)}")
        user.password_hash = hash_password(password)
        user.session_token = secrets.token_urlsafe(24)
        audit(session, "user.set_password", f"user:{user.id}", {"via": "cli"})
    click.echo(f"Password changed for {user.email}.")


@admin_cli.command("deactivate-user")
@click.argument("email")
def deactivate_user_command(email: str) -> None:
    """Stop a staff account from signing in (its history stays)."""
    from hotline.admin.audit import audit
    from hotline.database import sessions
    from models.session import session_scope

    with session_scope(sessions()) as session:
        user = find_user(session, email)
        if user is None:
            raise click.ClickException(f"no account for {normalise_email(email)}")
        user.active = False
        user.session_token = secrets.token_urlsafe(24)
        audit(session, "user.deactivate", f"user:{user.id}", {"via": "cli"})
    click.echo(f"Deactivated {user.email}.")
