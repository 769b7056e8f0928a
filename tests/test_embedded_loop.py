"""The embedded default (no Redis, no Twilio) shows the whole loop: routing runs in-process and
SMS to responders land in the local gateway, and a responder can claim from the chat."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hotline import close_app, create_app
from models import Town
from models.session import session_scope
from routing import runtime
from routing.gateway import LocalGateway
from routing.queues import InlineJobQueue
from tests.conftest import make_settings

COACH = "+14135550131"
ROSTER = f"""name,phone,roles,languages,towns,active,shifts
Avery Coach,{COACH},recovery_coach,en,,yes,Mon-Sun 00:00-00:00
"""
SELF_REFERRAL = ["hi", "1", "2", "amherst", "text", "any", "peers", "skip", "yes"]


def test_chat_as_texter_then_as_responder_closes_the_loop(engine, tmp_path):
    app = create_app(
        make_settings(
            engine.url.render_as_string(hide_password=False),
            twilio_account_sid=None,
            twilio_auth_token=None,
            twilio_from_number=None,
        )
    )
    rt = runtime.current()
    assert isinstance(rt.queue, InlineJobQueue)
    assert isinstance(rt.gateway, LocalGateway)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["setup"]).exit_code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    assert runner.invoke(args=["roster", "load", str(roster)]).exit_code == 0

    texter = runner.invoke(
        args=["chat", "--from", "+14135550123"], input="\n".join(SELF_REFERRAL) + "\n"
    )
    assert texter.exit_code == 0, texter.output
    assert "within 24 hours" in texter.output
    offers = [message for message in rt.gateway.sent if message.to == COACH]
    assert len(offers) == 1
    code = offers[0].body.split("New case ")[1][:4]

    responder = runner.invoke(args=["chat", "--from", COACH], input=f"CLAIM {code}\nLIST\n")
    assert responder.exit_code == 0, responder.output
    assert code in responder.output
    assert "Amherst" in responder.output
    assert "555" in responder.output  # the person's number comes with the claim
    close_app(app)


def test_embedded_serve_and_chat_sweep_what_no_worker_would(engine, sessions):
    """Without Redis no worker runs: the serving process routes a case nobody routed."""
    from hotline.cli import arm_embedded_sweeps
    from models import Case, utcnow
    from routing.intake import new_case_code

    app = create_app(
        make_settings(
            engine.url.render_as_string(hide_password=False),
            env="development",
            twilio_account_sid=None,
        )
    )
    with sessions.begin() as session:
        # Made five minutes ago and never routed (a restart lost its in-process job).
        made = utcnow() - timedelta(minutes=5)
        session.add(Case(code=new_case_code(session), kind="self_referral", created_at=made))
    try:
        with app.app_context():
            arm_embedded_sweeps()
        with sessions() as session:
            case = session.query(Case).one()
            assert case.routed_at is not None
    finally:
        close_app(app)


# What a timer left behind by a test did, if it ever ran.
LEFT_BEHIND: list[str] = []
TIMER_DELAY = timedelta(milliseconds=400)


def add_town(name: str) -> None:
    """A job that writes to whatever database the runtime installed when it runs."""
    with session_scope(runtime.current().sessions) as session:
        session.add(Town(name=name, aliases=[], lat=42.3, lon=-72.6))
    LEFT_BEHIND.append(name)


def test_a_closed_app_runs_no_timer_it_armed(app, sessions):
    runtime.current().queue.enqueue_in(TIMER_DELAY, add_town, "Armed before closing")
    close_app(app)
    time.sleep(TIMER_DELAY.total_seconds() + 0.4)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Town)) == 0


def test_closing_the_app_lets_a_running_job_finish_first(app, sessions):
    started, release = threading.Event(), threading.Event()
    runtime.current().queue.enqueue_in(timedelta(0), _held_then_add_town, started, release)
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    close_app(app)
    with sessions() as session:
        assert session.scalar(select(Town.name)) == "Finished before closing"


def _held_then_add_town(started: threading.Event, release: threading.Event) -> None:
    started.set()
    release.wait(5)
    add_town("Finished before closing")


@pytest.fixture
def nothing_left_behind():
    """Set up before ``app``, so torn down after it: by then no timer of the test may fire."""
    LEFT_BEHIND.clear()
    yield
    time.sleep(TIMER_DELAY.total_seconds() + 0.4)
    assert LEFT_BEHIND == [], "a timer armed in the test ran after its app was torn down"


def test_the_app_fixture_stops_the_timers_of_its_test(nothing_left_behind, app):
    queue = runtime.current().queue
    queue.enqueue_in(TIMER_DELAY, add_town, "Armed by the test", job_id="left-behind")
    assert queue.waiting("left-behind")
