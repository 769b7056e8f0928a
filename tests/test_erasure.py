"""Erasing one person: their number, words, conversation and case details go; de-identified
case rows (and so the figures) stay; an opt-out outlives erasure; admins only, audited."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import func, select

from hotline.admin import auth
from hotline.contacts import find_contact
from models import AuditLog, Case, Contact, Message, OptOutEvent
from routing.sending import queue_sms
from tests.conftest import post_signed, sms_form
from tests.test_admin_auth import add_user, csrf_token, log_in
from tests.test_end_to_end import COACH_A, replies_of
from tests.test_privacy_encryption import (
    PARTNER_NOTES,
    PARTNER_PHONE,
    read_everything,
    refer_by_partner,
)
from tests.test_privacy_logs import (
    NAME,
    NUMBER_FORMS,
    TEXTER,
    hotline_app,  # noqa: F401 - a fixture
    run_whole_conversation,
)
from tests.test_retention import figures_now

STOPPED = "+14135550145"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    monkeypatch.setattr(auth, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture
def populated(hotline_app, monkeypatch):  # noqa: F811
    run_whole_conversation(hotline_app, monkeypatch)
    refer_by_partner(hotline_app)
    client = hotline_app.test_client()
    for body in ("hi", "STOP"):
        post_signed(client, "/twilio/sms", sms_form(body, STOPPED))
    return hotline_app


def everything_readable(app) -> str:
    return "\n".join(str(value) for value in read_everything(app.extensions["hotline.sessions"]))


def admin_erase(client, phone: str, confirm: str = "ERASE"):
    token = csrf_token(client, "/admin/privacy/erase")
    review = client.post("/admin/privacy/erase", data={"csrf_token": token, "phone": phone})
    assert review.status_code == 200, review.data
    page = review.get_data(as_text=True)
    assert phone not in page.split('name="phone" value="')[0]  # shown masked only
    return client.post(
        "/admin/privacy/erase/confirm",
        data={"csrf_token": token, "phone": phone, "confirm": confirm},
    )


def test_erasure_removes_the_person_and_keeps_the_figures(populated):
    app = populated
    sessions = app.extensions["hotline.sessions"]
    before_figures = figures_now(sessions)
    assert TEXTER in everything_readable(app)
    add_user(app, "admin@example.org", "admin")
    client = app.test_client()
    log_in(client, "admin@example.org")

    refused = admin_erase(client, TEXTER, confirm="erase it")
    assert refused.status_code == 422  # the confirmation word is required
    assert TEXTER in everything_readable(app)
    done = admin_erase(client, TEXTER)
    assert done.status_code == 302
    result = app.test_cli_runner().invoke(args=["privacy", "erase", PARTNER_PHONE, "--yes"])
    assert result.exit_code == 0, result.output

    readable = everything_readable(app)
    digits = re.sub(r"\D", "", readable)
    for form in NUMBER_FORMS:
        assert form not in readable, form
    assert "4135550123" not in digits and "4135550177" not in digits
    assert NAME not in readable  # gone from the case, the conversation and the claim reply
    assert PARTNER_NOTES not in readable
    assert figures_now(sessions) == before_figures
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 2  # rows stay
        assert find_contact(session, TEXTER) is None  # unlinked: they were not opted out
        erased = session.scalars(select(AuditLog).where(AuditLog.action == "person.erase")).all()
        assert len(erased) == 2
        assert all(TEXTER not in str(entry.data) + entry.target for entry in erased)
    # Texting again starts afresh, as a stranger.
    fresh = post_signed(app.test_client(), "/twilio/sms", sms_form("hi", TEXTER))
    assert "not an emergency service" in " ".join(replies_of(fresh))


def test_an_opted_out_number_stays_opted_out_after_erasure(populated):
    app = populated
    result = app.test_cli_runner().invoke(args=["privacy", "erase", STOPPED, "--yes"])
    assert result.exit_code == 0, result.output
    sessions = app.extensions["hotline.sessions"]
    with sessions() as session:
        contact = find_contact(session, STOPPED)  # found by the keyed hash alone
        assert contact is not None and contact.opted_out and contact.phone == ""
        assert session.scalar(select(func.count()).select_from(OptOutEvent)) >= 1
        assert (
            queue_sms(
                session, contact=contact, body="hello", purpose="notice", idempotency_key="e:1"
            )
            is None
        )
        session.rollback()
    # A text from them is stored but never answered, as before erasure.
    again = post_signed(app.test_client(), "/twilio/sms", sms_form("hi", STOPPED))
    assert replies_of(again) == []
    assert STOPPED not in everything_readable(app).replace(TEXTER, "")


def test_only_admins_erase_and_responders_are_refused(populated):
    app = populated
    for role in ("viewer", "coordinator"):
        add_user(app, f"{role}@example.org", role)
        client = app.test_client()
        log_in(client, f"{role}@example.org")
        assert client.get("/admin/privacy/erase").status_code == 403
        token = csrf_token(client, "/admin/figures")
        for path in ("/admin/privacy/erase", "/admin/privacy/erase/confirm"):
            response = client.post(
                path, data={"csrf_token": token, "phone": TEXTER, "confirm": "ERASE"}
            )
            assert response.status_code == 403, (role, path)
    with app.extensions["hotline.sessions"]() as session:
        assert find_contact(session, TEXTER).phone == TEXTER
    add_user(app, "admin@example.org", "admin")
    client = app.test_client()
    log_in(client, "admin@example.org")
    token = csrf_token(client, "/admin/privacy/erase")
    response = client.post("/admin/privacy/erase", data={"csrf_token": token, "phone": COACH_A})
    assert response.status_code == 409
    assert "responder" in response.get_data(as_text=True)
    cli = app.test_cli_runner().invoke(args=["privacy", "erase", COACH_A, "--yes"])
    assert cli.exit_code != 0 and "responder" in cli.output
    with app.extensions["hotline.sessions"]() as session:
        assert "" not in session.scalars(select(Contact.phone)).all()
        assert session.scalar(select(func.count()).where(Message.body.is_(None))) == 0
