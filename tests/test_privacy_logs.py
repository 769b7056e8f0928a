"""No phone number, name or message body ever reaches a log record.

A whole conversation runs through the signed webhook with every log record captured (root
logger, DEBUG: SQL statements, HTTP client lines, our own): a self-referral, a naloxone search,
STOP and START, offers to responders through Twilio's API (mocked), a CLAIM that returns the
details, and error paths (Twilio refusing a number, a text whose processing fails). Then the
records are searched for the texter's number in several formats, the name and each body.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs

import pytest
import responses
from sqlalchemy import select

import hotline.inbound as inbound_module
from hotline import create_app
from models import Case
from tests.conftest import ACCOUNT_SID, make_settings, post_signed, sms_form
from tests.test_end_to_end import COACH_A, COACH_B, ROSTER, replies_of

TWILIO_MESSAGES = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
TEXTER = "+14135550123"
NAME = "Quillonette"
FREE_TEXT = "my roommate Quillonette hides the pills in the glovebox of the blue van"
CONVERSATION = [FREE_TEXT, "1", "1", "northampton", "call", "evening", "peers", NAME, "yes"]
SEARCH = "narcan 01060"
# The texter's number as people and libraries write it.
NUMBER_FORMS = (
    "+14135550123",
    "14135550123",
    "4135550123",
    "413-555-0123",
    "(413) 555-0123",
    "413.555.0123",
    "+1 413-555-0123",
    "%2B14135550123",
)


class TwilioApi:
    """Accepts sends like Twilio, except to COACH_B: a 400 whose message repeats the number
    (as Twilio's does), so the error path is exercised too."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.sent: list[dict[str, str]] = []
        mock.add_callback(responses.POST, TWILIO_MESSAGES, callback=self._answer)
        mock.add(
            responses.GET,
            TWILIO_MESSAGES,
            json={"messages": [], "next_page_uri": None},
        )

    def _answer(self, request):
        form = {key: values[0] for key, values in parse_qs(request.body).items()}
        self.sent.append(form)
        if form["To"] == COACH_B:
            body = (
                f'{{"code": 21211, "message": "The \'To\' number {form["To"]} is not a valid '
                f'phone number.", "status": 400}}'
            )
            return 400, {"Content-Type": "application/json"}, body
        sid = f"SMlog{len(self.sent):029d}"
        return 201, {"Content-Type": "application/json"}, f'{{"sid": "{sid}", "status": "queued"}}'


@pytest.fixture
def hotline_app(engine, tmp_path):
    app = create_app(make_settings(engine.url.render_as_string(hide_password=False)))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["setup"]).exit_code == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    assert runner.invoke(args=["roster", "load", str(roster)]).exit_code == 0
    return app


def run_whole_conversation(app, monkeypatch) -> list[str]:
    """Every path worth logging, through the real webhook; returns every body texted in."""
    client = app.test_client()
    bodies: list[str] = []

    def text(body: str, sender: str = TEXTER) -> list[str]:
        bodies.append(body)
        response = post_signed(client, "/twilio/sms", sms_form(body, sender))
        assert response.status_code == 200
        return replies_of(response)

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        twilio = TwilioApi(mock)
        for body in CONVERSATION:
            replies = text(body)
        assert "within 24 hours" in replies[-1]
        assert any(form["To"] == COACH_A for form in twilio.sent)  # offers went out
        text(SEARCH)
        text("STOP")
        text("START")
        with app.extensions["hotline.sessions"]() as session:
            code = session.scalars(select(Case.code)).one()
        details = " ".join(text(f"CLAIM {code}", COACH_A))
        assert NAME in details  # the claimer gets the details, by reply only

        # A text whose processing fails: stored, answered kindly, logged with an id only.
        def broken(*args, **kwargs):
            raise RuntimeError("flow engine unavailable")

        with monkeypatch.context() as patch:
            patch.setattr(inbound_module, "step", broken)
            text("I need help again, it is Quillonette")
    return bodies


def test_no_number_name_or_body_in_any_log_record(hotline_app, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    # SQLAlchemy keeps its own loggers at WARNING unless asked: ask, as someone debugging would.
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")
    bodies = run_whole_conversation(hotline_app, monkeypatch)
    records = caplog.records
    assert len(records) > 50  # the capture really saw everything (SQL, HTTP, ours)
    assert any(r.name.startswith("sqlalchemy.engine") for r in records)
    assert any("processing inbound message" in r.getMessage() for r in records)
    assert any("refused for good, code 21211" in r.getMessage() for r in records)

    secrets = {*NUMBER_FORMS, NAME, *(b for b in bodies if len(b) > 12)}
    leaks = []
    for record in records:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        for secret in secrets:
            if secret.lower() in text.lower():
                leaks.append((record.name, secret, text[:200]))
        digits = re.sub(r"\D", "", text)
        if "4135550123" in digits and not any(s in text for s in ("SM", "sid")):
            leaks.append((record.name, "digits", text[:200]))
    assert not leaks, leaks[:5]


def test_looking_a_message_up_at_twilio_logs_no_number(engine, caplog):
    from datetime import UTC, datetime

    from routing.gateway import TwilioGateway

    caplog.set_level(logging.DEBUG)
    gateway = TwilioGateway(make_settings(engine.url.render_as_string(hide_password=False)))
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, TWILIO_MESSAGES, json={"messages": [], "next_page_uri": None})
        assert gateway.find_sent(TEXTER, FREE_TEXT, since=datetime.now(UTC)) is None
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Twilio API GET" in logged
    assert not any(form in logged for form in NUMBER_FORMS), logged
