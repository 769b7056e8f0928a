"""Encryption at rest: the raw tables hold no number, name or body in clear; people are found
by a keyed hash; ``flask keys rotate`` moves every value to the newest key."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import inspect, select, text

from hotline.api import create_partner
from hotline.contacts import find_contact
from hotline.keys import ENCRYPTED_COLUMNS
from models import Base, Case, CaseEvent, Contact, ConversationSession, Message, crypto, utcnow
from models.crypto import EncryptedJSON, EncryptedText
from tests.conftest import LOOKUP_KEY, TEST_KEYS
from tests.test_privacy_logs import (
    NAME,
    NUMBER_FORMS,
    TEXTER,
    hotline_app,  # noqa: F401 - a fixture
    run_whole_conversation,
)

PARTNER_PHONE = "+14135550177"
PARTNER_NOTES = "found unresponsive near the Rail Trail bench by a dog walker"


def refer_by_partner(app) -> None:
    sessions = app.extensions["hotline.sessions"]
    with sessions.begin() as session:
        _, key = create_partner(session, "Cooley Dickinson ED", utcnow())
    response = app.test_client().post(
        "/api/referrals",
        json={
            "phone": PARTNER_PHONE,
            "referral_type": "post_overdose",
            "name": NAME,
            "notes": PARTNER_NOTES,
            "town": "Northampton",
        },
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.json


def raw_dump(engine) -> str:
    """Every row of every table, read with plain SQL: what a stolen backup would show."""
    parts = []
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
                parts.append(f"{table}: {tuple(row)!r}")
    return "\n".join(parts)


@pytest.fixture
def populated(hotline_app, monkeypatch):  # noqa: F811
    bodies = run_whole_conversation(hotline_app, monkeypatch)
    refer_by_partner(hotline_app)
    return hotline_app, bodies


def test_nothing_personal_is_stored_in_clear(populated, engine):
    app, bodies = populated
    dump = raw_dump(engine)
    assert "messages:" in dump and "conversation_sessions:" in dump
    secrets = {
        *NUMBER_FORMS,
        "4135550177",
        NAME,
        PARTNER_NOTES,
        *(b for b in bodies if len(b) > 12),
    }
    found = [secret for secret in secrets if secret.lower() in dump.lower()]
    assert not found, found

    with app.extensions["hotline.sessions"]() as session:
        contact = find_contact(session, TEXTER)
        assert contact is not None and contact.phone == TEXTER
        # The look-up hash is keyed: a plain hash of the number finds nothing.
        assert contact.phone_hash != hashlib.sha256(TEXTER.encode()).hexdigest()
        assert NAME in (session.scalars(select(Case.details)).first() or "")


def test_the_rotation_list_names_every_encrypted_column():
    encrypted = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, EncryptedText | EncryptedJSON)
    }
    assert encrypted == {target.label for target in ENCRYPTED_COLUMNS}


def read_everything(sessions) -> list[object]:
    """Decrypt every encrypted value through the models (raises on a missing key)."""
    values: list[object] = []
    with sessions() as session:
        for model, attr in (
            (Contact, Contact.phone),
            (Message, Message.body),
            (Case, Case.details),
            (CaseEvent, CaseEvent.text),
            (ConversationSession, ConversationSession.state),
        ):
            order = model.__mapper__.primary_key
            values += session.scalars(select(attr).order_by(*order)).all()
    return values


def test_rotating_keys_then_dropping_the_old_one(populated):
    app, _ = populated
    sessions = app.extensions["hotline.sessions"]
    before = read_everything(sessions)
    old, new = TEST_KEYS[0], Fernet.generate_key().decode()
    try:
        crypto.configure((new, old), LOOKUP_KEY)  # a new key prepended to ENCRYPTION_KEYS
        result = app.test_cli_runner().invoke(args=["keys", "rotate"])
        assert result.exit_code == 0, result.output
        assert "messages.body:" in result.output
        crypto.configure((new,), LOOKUP_KEY)  # the old key removed
        after = read_everything(sessions)
        assert after == before
        with sessions() as session:
            assert find_contact(session, TEXTER) is not None
        crypto.configure((old,), LOOKUP_KEY)
        with pytest.raises(ValueError, match="could not be decrypted"):
            read_everything(sessions)
    finally:
        crypto.configure(TEST_KEYS, LOOKUP_KEY)


def test_answers_held_mid_conversation_are_not_in_clear(hotline_app, engine):  # noqa: F811
    from tests.conftest import post_signed, sms_form
    from tests.test_privacy_logs import CONVERSATION

    client = hotline_app.test_client()
    for body in CONVERSATION[:-1]:  # the name given, not yet confirmed: it sits in the state
        assert post_signed(client, "/twilio/sms", sms_form(body, TEXTER)).status_code == 200
    with hotline_app.extensions["hotline.sessions"]() as session:
        (state,) = session.scalars(select(ConversationSession.state)).all()
        assert NAME in str(state)
    assert NAME.lower() not in raw_dump(engine).lower()
