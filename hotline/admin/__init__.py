"""The admin site at ``/admin``: sign-in, roles, CSRF, rate limits, security headers, views.

Only the admin blueprint is CSRF-protected: Twilio's webhooks (``/twilio/*``) and the partner
API (``/api/*``) authenticate each request themselves (signature, API key) and never see a form.

Views live in this package, on the one ``bp`` blueprint: ``auth``, ``audit`` and every module
named ``*_views`` are imported by ``init_app``; a views module may also define its own
``init_app(app)``, which is called after the blueprint is registered.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from hotline.config import Settings

log = logging.getLogger(__name__)

bp = Blueprint("admin", __name__, url_prefix="/admin")
csrf = CSRFProtect()

# Endpoints reachable without signing in.
PUBLIC_ENDPOINTS = frozenset({"admin.login"})
# Endpoints a viewer may POST to: they change nothing stored (sign out, simulator runs).
_viewer_posts: set[str] = {"admin.logout"}

# Tight enough to stop password guessing, loose enough for a person who mistypes.
LOGIN_LIMITS = "5 per minute;20 per hour"
LOGIN_LIMITS_PER_ADDRESS = "30 per minute;200 per hour"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Production is served over HTTPS only: browsers must never fall back to plain HTTP, where a
# staff session cookie or a page of case details could be read on the way.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def _csrf_refused(error: CSRFError) -> Any:
    """A refused form outside the admin's pages, as Flask-WTF words it."""
    _log_a_proxy_that_drops_the_host()
    return error


def _log_a_proxy_that_drops_the_host() -> None:
    """When over HTTPS the page the browser was on names another host than the request does,
    say in the log what the proxy must send: it is the proxy (nginx, say, sends its upstream's
    address as the Host unless told otherwise), and every form, the sign-in among them, is
    refused until it is fixed."""
    if request.is_secure and request.referrer:
        seen = urlsplit(request.referrer).netloc
        if seen and seen != request.host:
            log.warning(
                "refused an admin form: the browser was on https://%s but the request names "
                "host %s. The TLS proxy must pass the public host on (X-Forwarded-Host, or the "
                "Host header unchanged) and X-Forwarded-Proto: https; see the README, "
                "Behind a TLS proxy",
                seen,
                request.host,
            )


def viewer_may_post(view):
    """Mark a view whose POST changes nothing stored, so viewers may use it."""
    _viewer_posts.add(f"admin.{view.__name__}")
    return view


def init_app(app: Flask) -> None:
    """Set up sign-in, CSRF, rate limits and headers, and register the admin views."""
    from hotline.admin import audit, auth

    _import_view_modules()
    settings: Settings = app.extensions["hotline.settings"]
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # only the admin blueprint is checked
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    app.config.update(
        SESSION_COOKIE_NAME="hotline_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.env == "production",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        REMEMBER_COOKIE_SECURE=settings.env == "production",
        REMEMBER_COOKIE_HTTPONLY=True,
    )
    csrf.init_app(app)

    login_manager = LoginManager()
    login_manager.login_view = "admin.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(auth.load_user)
    login_manager.init_app(app)

    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=settings.redis_url or "memory://",
        strategy="moving-window",
        headers_enabled=False,
        key_prefix="hotline-admin",
        # With Redis down, count sign-ins in this process rather than refuse every sign-in.
        in_memory_fallback_enabled=True,
    )
    app.extensions["hotline.admin_limiter"] = limiter

    app.register_blueprint(bp)
    # Count only failed sign-ins (a success redirects), per address+email and per address.
    login_view = app.view_functions["admin.login"]
    login_view = limiter.limit(
        LOGIN_LIMITS,
        key_func=auth.login_rate_key,
        methods=["POST"],
        deduct_when=lambda response: response.status_code != 302,
        scope="admin-login-account",
    )(login_view)
    login_view = limiter.limit(
        LOGIN_LIMITS_PER_ADDRESS,
        methods=["POST"],
        deduct_when=lambda response: response.status_code != 302,
        scope="admin-login-address",
    )(login_view)
    app.view_functions["admin.login"] = login_view
    app.register_error_handler(RateLimitExceeded, auth.too_many_attempts)
    app.register_error_handler(CSRFError, _csrf_refused)
    app.after_request(_security_headers)

    app.cli.add_command(auth.admin_cli)
    for module in _view_modules():
        hook = getattr(module, "init_app", None)
        if hook is not None:
            hook(app)
    audit.init_app(app)


def _view_module_names() -> list[str]:
    return sorted(
        f"{__name__}.{info.name}"
        for info in pkgutil.iter_modules(__path__)
        if info.name.endswith("_views")
    )


def _import_view_modules() -> None:
    for name in _view_module_names():
        importlib.import_module(name)


def _view_modules() -> list:
    return [importlib.import_module(name) for name in _view_module_names()]


@bp.before_request
def _guard() -> Response | None:
    """Every admin page needs a signed-in, active account, and every POST a CSRF token."""
    from flask import current_app

    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        return None
    if not current_user.is_authenticated:
        if request.method == "POST":
            # A form sent after the session ended: its address is no page to come back to.
            flash(
                "You were signed out, so that was not saved. Sign in, then send it again.", "error"
            )
            return redirect(url_for("admin.login", next=_page_sent_from()))
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    if (
        request.method not in ("GET", "HEAD", "OPTIONS")
        and current_user.role == "viewer"
        and request.endpoint not in _viewer_posts
    ):
        abort(403)
    return None


@bp.errorhandler(CSRFError)
def _form_not_sent(error: CSRFError) -> tuple[str, int]:
    """A form with a missing or stale token: say that nothing changed and what to do."""
    _log_a_proxy_that_drops_the_host()
    return render_template("admin/form_not_sent.html", back=_page_sent_from()), 400


def _page_sent_from() -> str | None:
    """The admin page a form was sent from (its Referer, on this site), or None."""
    from hotline.admin.auth import safe_next

    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host:
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


def _security_headers(response: Response) -> Response:
    from flask import current_app

    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.extensions["hotline.settings"].env == "production":
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if request.blueprint == "admin":
        # Admin pages show staff-only data: keep them out of shared caches and history.
        response.headers["Cache-Control"] = "no-store"
    return response


# (label, path, roles that see it; empty: everyone signed in)
NAV = (
    ("Cases", "/admin/cases", ("coordinator",)),
    ("Flows", "/admin/flows", ()),
    ("Roster", "/admin/roster", ()),
    ("Sites", "/admin/sites", ()),
    ("Alerts", "/admin/alerts", ("coordinator",)),
    ("Figures", "/admin/figures", ()),
    ("Audit", "/admin/audit", ("admin",)),
    ("Erase", "/admin/privacy/erase", ("admin",)),
)


@bp.context_processor
def _admin_template_globals() -> dict:
    """The navigation (only pages that exist and the user may see) and role checks."""
    from flask import current_app

    from hotline.admin.auth import has_role

    paths = {rule.rule.rstrip("/") for rule in current_app.url_map.iter_rules()}
    items = []
    if current_user.is_authenticated:
        for label, path, roles in NAV:
            if path in paths and (not roles or has_role(*roles)):
                current = request.path == path or request.path.startswith(path + "/")
                items.append({"label": label, "href": path, "current": current})
    settings = current_app.extensions["hotline.settings"]
    return {"nav_items": items, "has_role": has_role, "program_name": settings.program_name}
