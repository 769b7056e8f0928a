"""Bad input at Twilio's webhooks: a clear outcome for each, never a 500, nothing half-stored."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from hotline.flow_store import install_shipped_flows
from models import Message, utcnow
from tests.conftest import AUTH_TOKEN, post_signed, sms_form, twilio_signature


@pytest.fixture
def seeded(app, sessions):
    with sessions.begin() as session:
        install_shipped_flows(session, utcnow())
    return app


def stored(sessions) -> int:
    with sessions() as session:
        return session.scalar(
            select(func.count()).select_from(Message).where(Message.direction == "in")
        )


def signed_raw(client, path: str, raw: bytes, form_as_decoded: dict[str, str]):
    """POST raw bytes, signed over the form as the server will decode it."""
    url = f"http://localhost{path}"
    return client.post(
        path,
        data=raw,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": twilio_signature(url, form_as_decoded)},
    )


def without(form: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in form.items() if k not in names}


# (case id, how to send it, expected status, texts stored)
SMS_CASES = [
    ("forged signature", "forged", sms_form("hi"), 403, 0),
    ("signed with another token", "other-token", sms_form("hi"), 403, 0),
    ("no signature", "unsigned", sms_form("hi"), 403, 0),
    ("JSON body", "json", sms_form("hi"), 415, 0),
    ("plain text body", "text", sms_form("hi"), 415, 0),
    ("no MessageSid", "signed", without(sms_form("hi"), "MessageSid", "SmsSid"), 400, 0),
    ("MessageSid too long", "signed", sms_form("hi", sid="SM" + "a" * 200), 400, 0),
    ("MessageSid with a NUL", "signed", sms_form("hi", sid="SM\x00abc"), 400, 0),
    ("no From", "signed", without(sms_form("hi"), "From"), 400, 0),
    ("From not a number", "signed", sms_form("hi", sender="not-a-number"), 400, 0),
    ("From a short code", "signed", sms_form("hi", sender="72345"), 400, 0),
    ("From too short", "signed", sms_form("hi", sender="+1"), 400, 0),
    ("From 10 KB long", "signed", sms_form("hi", sender="+1" + "4" * 10_000), 400, 0),
    ("no Body", "signed", without(sms_form("hi"), "Body"), 200, 1),
    ("media only", "signed", sms_form("", NumMedia="2", MediaUrl0="https://x.invalid/a"), 200, 1),
    ("NumMedia not a number", "signed", sms_form("hi", NumMedia="lots"), 200, 1),
    ("NumMedia past an integer", "signed", sms_form("hi", NumMedia="9" * 12), 200, 1),
    ("1,600 characters", "signed", sms_form("a" * 1600), 200, 1),
    ("1,601 characters", "signed", sms_form("b" * 1601), 200, 1),
    ("100 KB", "signed", sms_form("c" * 100_000), 200, 1),
    ("a NUL in the body", "signed", sms_form("hi\x00there"), 200, 1),
    ("emoji and RTL text", "signed", sms_form("🆘 مرحبا \u202e"), 200, 1),
    ("unknown extra params", "signed", sms_form("hi", AddOns='{"x": 1}', Weird="\u0000"), 200, 1),
]


@pytest.mark.parametrize(
    ("how", "form", "status", "kept"),
    [case[1:] for case in SMS_CASES],
    ids=[case[0] for case in SMS_CASES],
)
def test_inbound_sms_bad_input(seeded, client, sessions, how, form, status, kept):
    if how == "signed":
        response = post_signed(client, "/twilio/sms", form)
    elif how == "other-token":
        response = post_signed(client, "/twilio/sms", form, token=AUTH_TOKEN + "x")
    elif how == "forged":
        response = client.post("/twilio/sms", data=form, headers={"X-Twilio-Signature": "abc"})
    elif how == "unsigned":
        response = client.post("/twilio/sms", data=form)
    elif how == "json":
        response = client.post("/twilio/sms", json=form)
    else:
        response = client.post("/twilio/sms", data=urlencode(form), content_type="text/plain")
    assert response.status_code == status, response.get_data(as_text=True)[:200]
    assert stored(sessions) == kept
    if status == 200:
        assert response.mimetype == "application/xml"


def test_body_over_the_size_limit_is_refused_not_stored(seeded, client, sessions):
    response = post_signed(client, "/twilio/sms", sms_form("d" * 300_000))
    assert response.status_code == 413
    assert stored(sessions) == 0


def test_non_utf8_body_is_stored_and_answered(seeded, client, sessions):
    form = sms_form("x")
    raw = urlencode({**form, "Body": ""}).encode() + b"%FF%FEbad"
    decoded = {**form, "Body": "\ufffd\ufffdbad"}
    response = signed_raw(client, "/twilio/sms", raw, decoded)
    assert response.status_code in (200, 400, 403), response.status_code
    assert response.status_code != 500


STATUS_CASES = [
    ("unknown sid", {"MessageSid": "SM" + "0" * 32, "MessageStatus": "delivered"}, "", 204),
    ("no MessageStatus", {"MessageSid": "SM" + "0" * 32}, "", 400),
    ("no MessageSid", {"MessageStatus": "sent"}, "", 400),
    (
        "unknown status",
        {"MessageSid": "SM" + "1" * 32, "MessageStatus": "exploded-into-confetti" * 3},
        "",
        204,
    ),
    (
        "huge error code",
        {"MessageSid": "SM" + "2" * 32, "MessageStatus": "failed", "ErrorCode": "9" * 30},
        "",
        204,
    ),
    ("huge message id", {"MessageSid": "SM" + "3" * 32, "MessageStatus": "sent"}, "9" * 30, 204),
    ("sid too long", {"MessageSid": "SM" + "4" * 300, "MessageStatus": "sent"}, "", 400),
]


@pytest.mark.parametrize(
    ("form", "message_id", "status"),
    [case[1:] for case in STATUS_CASES],
    ids=[case[0] for case in STATUS_CASES],
)
def test_status_callback_bad_input(seeded, client, sessions, form, message_id, status):
    path = "/twilio/status" + (f"?message_id={message_id}" if message_id else "")
    response = post_signed(client, path, form)
    assert response.status_code == status, response.get_data(as_text=True)[:200]


def test_status_callback_for_our_message_with_an_unknown_status_changes_nothing(
    seeded, client, sessions
):
    with sessions.begin() as session:
        from models import Contact
        from models.crypto import lookup_hash

        contact = Contact(phone_hash=lookup_hash("+14135550190"), phone="+14135550190")
        session.add(contact)
        session.flush()
        message = Message(
            contact_id=contact.id, direction="out", channel="rest", status="sending", body="x"
        )
        session.add(message)
        session.flush()
        message_id = message.id
    form = {"MessageSid": "SM" + "5" * 32, "MessageStatus": "x" * 40}
    response = post_signed(client, f"/twilio/status?message_id={message_id}", form)
    assert response.status_code == 204
    with sessions() as session:
        assert session.get(Message, message_id).status == "sending"
