"""Command-line tools: ``setup`` (migrate and load data) and ``chat`` (text the bot locally)."""

from __future__ import annotations

import atexit
import logging
import sys
import threading
import uuid

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from hotline.phones import InvalidPhone, mask_phone, normalize_phone
from hotline.places_store import load_places
from models.session import session_scope
from routing import runtime


def init_app(app: Flask) -> None:
    app.cli.add_command(setup_command)
    app.cli.add_command(chat_command)
    app.cli.add_command(serve_command)


def arm_embedded_sweeps() -> None:
    """Without Redis there is no worker: this process sweeps (overdue escalations, unrouted
    cases, lost sends) every minute and runs the daily retention, as the worker would."""
    rt = runtime.current()
    if rt.settings.embedded and rt.settings.env == "development":
        from worker import arm_sweeps

        arm_sweeps(rt.queue, rt.clock())


def close_at_exit() -> None:
    """This process runs the app's jobs itself (no Redis): when it ends, no timer starts a job
    it would cut short, and a job already running (a text being sent) is let finish."""
    from hotline import close_app

    app = current_app._get_current_object()
    if not app.extensions.get("hotline.closes_at_exit"):
        app.extensions["hotline.closes_at_exit"] = True
        atexit.register(close_app, app)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def serve_command(host: str, port: int) -> None:
    """Serve the webhooks and the admin locally, with the embedded sweeps running."""
    from werkzeug.serving import run_simple

    close_at_exit()
    arm_embedded_sweeps()
    run_simple(host, port, current_app._get_current_object(), threaded=True)


@click.command("setup")
@with_appcontext
def setup_command() -> None:
    """Migrate the database and load the shipped flow scripts, towns and sites (safe to rerun)."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Imported here: Alembic adds 11 MB to every web and RQ worker that never migrates.
    from hotline import migrate
    from hotline.flow_editing import draft_shipped_changes
    from hotline.flow_store import install_shipped_flows

    rt = runtime.current()
    migrate.upgrade(rt.settings.database_url)
    with session_scope(rt.sessions) as session:
        installed = install_shipped_flows(session, rt.clock())
        drafted = [
            f"{v.flow_id} (version {v.version})" for v in draft_shipped_changes(session, rt.clock())
        ]
        report = load_places(session)
    click.echo("Database is up to date.")
    click.echo(f"Flow scripts installed: {', '.join(installed) if installed else 'none new'}.")
    if drafted:
        click.echo(
            "Shipped scripts that changed are saved as drafts; review and publish them in the "
            f"admin (Flows): {', '.join(drafted)}."
        )
    click.echo(f"Places: {report}")


@click.command("chat")
@with_appcontext
@click.option(
    "--from",
    "sender",
    default="+14135550123",
    show_default=True,
    help="The phone number you are texting from (any valid number; a responder's works).",
)
def chat_command(sender: str) -> None:
    """Text the hotline from this terminal, through the same code path as Twilio's webhook."""
    from hotline.flow_editing import TEXT_CUT, one_text
    from hotline.inbound import InboundSms

    try:
        phone = normalize_phone(sender)
    except InvalidPhone as exc:
        raise click.BadParameter(str(exc), param_hint="--from") from exc
    # The terminal is for the conversation; the app's own log lines would drown it.
    logging.getLogger().setLevel(logging.WARNING)
    close_at_exit()
    arm_embedded_sweeps()
    service = current_app.extensions["hotline.inbound"]
    gateway = runtime.current().gateway
    # Texts the hotline sends while a text is handled (an offer to the team, made once the
    # case is stored) are shown after the answer to that text, in the order a phone gets them;
    # the rest (a timer's escalation) as they go.
    sent: list[tuple[str, str]] = []
    handling = threading.Event()

    def show_or_hold(to: str, body: str) -> None:
        if handling.is_set():
            sent.append((to, body))
        else:
            _show_sent(phone, to, body)

    if hasattr(gateway, "add_listener"):
        gateway.add_listener(show_or_hold)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo(f"Texting the hotline as {phone}. Type a message; Ctrl-D to quit.")
    for line in sys.stdin if not interactive else _prompt_lines():
        typed = line.rstrip("\n")
        if not interactive:
            click.echo(f"> {typed}")
        body, cut = one_text(typed)
        if cut:
            click.echo(click.style(f"({TEXT_CUT})", fg="yellow"))
        handling.set()
        try:
            result = service.receive(
                InboundSms(sid=f"SMchat{uuid.uuid4().hex}", sender=phone, body=body)
            )
        finally:
            handling.clear()
        for reply in result.replies:
            click.echo(click.style("hotline: ", fg="green") + reply)
        if not result.replies:
            click.echo(click.style("(no reply)", dim=True))
        for to, text in sent:
            _show_sent(phone, to, text)
        sent.clear()


def _prompt_lines():
    while True:
        try:
            yield click.prompt(
                click.style("you", fg="cyan"), prompt_suffix="> ", default="", show_default=False
            )
        except (EOFError, click.Abort):
            click.echo()
            return


def _show_sent(me: str, to: str, body: str) -> None:
    who = "you" if to == me else mask_phone(to)
    click.echo(click.style(f"hotline (SMS to {who}): ", fg="yellow") + body)
