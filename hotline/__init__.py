"""The Flask web layer: app factory, Twilio webhooks, partner API, admin and CLI."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from hotline import admin, api, cli, cli_privacy, cli_routing, database, webhooks
from hotline.config import ROOT, Settings, load_settings
from models import crypto
from routing import runtime
from routing.gateway import make_gateway
from routing.queues import make_queue


def create_app(settings: Settings | None = None) -> Flask:
    """Wire the parts together; each part registers its own views, teardown and commands."""
    settings = settings or load_settings()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.env == "production",
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    app.extensions["hotline.settings"] = settings
    if settings.env == "production":
        # Behind one TLS-terminating proxy: trust its X-Forwarded-Proto/Host so the URL we
        # validate the Twilio signature against is the one Twilio called.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    crypto.configure(settings.encryption_keys, settings.lookup_keys)
    sessions = database.init_app(app, settings.database_url)
    queue = app.extensions["hotline.queue"] = make_queue(settings)
    runtime.install(
        runtime.Runtime(
            settings=settings,
            sessions=sessions,
            queue=queue,
            gateway=make_gateway(settings),
        )
    )
    webhooks.init_app(app)
    api.init_app(app)
    admin.init_app(app)
    cli.init_app(app)
    cli_routing.init_app(app)
    cli_privacy.init_app(app)
    return app


def close_app(app: Flask) -> None:
    """Stop what the app runs in this process: no in-process timer fires after this, a job
    already running is waited for (briefly), then the database connections are closed.

    For the end of a process that served without Redis, and for tests, whose next app must
    not meet this one's jobs. Safe to call twice.
    """
    app.extensions["hotline.queue"].shutdown()
    database.close(app)


def settings_of(app: Flask) -> Settings:
    return app.extensions["hotline.settings"]
