"""The SMS gateway against a mocked Twilio HTTP API, and the in-memory gateway."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import pytest
import requests
import responses

from routing.gateway import (
    IDEMPOTENCY_HEADER,
    LocalGateway,
    PermanentSendError,
    SendResult,
    TemporarySendError,
    TwilioGateway,
    make_gateway,
)
from tests.conftest import ACCOUNT_SID, HOTLINE_NUMBER, make_settings

TWILIO_MESSAGES = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
TEXTER = "+14135550123"


def message_json(sid: str = "SM" + "a" * 32, status: str = "queued", body: str = "hi", **extra):
    payload = {
        "sid": sid,
        "account_sid": ACCOUNT_SID,
        "to": TEXTER,
        "from": HOTLINE_NUMBER,
        "body": body,
        "status": status,
        "error_code": None,
        "date_created": "Mon, 01 Jan 2024 12:00:00 +0000",
    }
    payload.update(extra)
    return payload


def error_json(code: int, status: int = 400) -> dict:
    return {"code": code, "message": "refused", "more_info": "", "status": status}


@pytest.fixture
def settings():
    return make_settings("sqlite://")


@pytest.fixture
def gateway(settings):
    return TwilioGateway(settings)


@responses.activate
def test_send_posts_to_twilio_with_callback_and_idempotency_token(gateway):
    responses.post(TWILIO_MESSAGES, json=message_json(), status=201)
    result = gateway.send(
        TEXTER, "hi", status_callback="https://h.example/twilio/status", idempotency_key="k-1"
    )
    assert result == SendResult(sid="SM" + "a" * 32, status="queued")
    call = responses.calls[0]
    form = parse_qs(call.request.body)
    assert form["To"] == [TEXTER]
    assert form["From"] == [HOTLINE_NUMBER]
    assert form["Body"] == ["hi"]
    assert form["StatusCallback"] == ["https://h.example/twilio/status"]
    assert call.request.headers[IDEMPOTENCY_HEADER] == "k-1"


@responses.activate
def test_idempotency_header_is_only_on_its_own_request(gateway):
    responses.post(TWILIO_MESSAGES, json=message_json(), status=201)
    responses.get(TWILIO_MESSAGES, json={"messages": [], "next_page_uri": None}, status=200)
    gateway.send(TEXTER, "hi", status_callback=None, idempotency_key="k-1")
    gateway.find_sent(TEXTER, "hi", since=datetime.now(UTC))
    assert IDEMPOTENCY_HEADER not in responses.calls[1].request.headers
    assert "StatusCallback" not in parse_qs(responses.calls[0].request.body)


@responses.activate
def test_api_base_url_override_sends_every_call_there():
    settings = make_settings("sqlite://", twilio_api_base_url="http://127.0.0.1:9/")
    base = f"http://127.0.0.1:9/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    responses.post(base, json=message_json(), status=201)
    responses.get(base, json={"messages": [], "next_page_uri": None}, status=200)
    gateway = make_gateway(settings)
    assert isinstance(gateway, TwilioGateway)
    gateway.send(TEXTER, "hi", status_callback=None, idempotency_key="k")
    gateway.find_sent(TEXTER, "hi", since=datetime.now(UTC))
    assert [call.request.url.split("?")[0] for call in responses.calls] == [base, base]
    assert all("twilio.com" not in call.request.url for call in responses.calls)


@responses.activate
def test_api_base_url_may_carry_a_path_prefix():
    settings = make_settings("sqlite://", twilio_api_base_url="http://127.0.0.1:9/fake-twilio")
    url = f"http://127.0.0.1:9/fake-twilio/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    responses.post(url, json=message_json(), status=201)
    TwilioGateway(settings).send(TEXTER, "hi", status_callback=None, idempotency_key="k")
    assert responses.calls[0].request.url == url


@responses.activate
def test_rate_limited_is_temporary_with_retry_after(gateway):
    responses.post(
        TWILIO_MESSAGES, json=error_json(20429, 429), status=429, headers={"Retry-After": "7"}
    )
    with pytest.raises(TemporarySendError) as caught:
        gateway.send(TEXTER, "hi", status_callback=None, idempotency_key="k")
    assert caught.value.code == 20429
    assert caught.value.retry_after == 7.0


@pytest.mark.parametrize("status", [500, 502, 503])
@responses.activate
def test_server_errors_are_temporary(gateway, status):
    responses.post(TWILIO_MESSAGES, json=error_json(20500, status), status=status)
    with pytest.raises(TemporarySendError):
        gateway.send(TEXTER, "hi", status_callback=None, idempotency_key="k")


@pytest.mark.parametrize(
    "error", [requests.ConnectionError("refused"), requests.ReadTimeout("slow")]
)
@responses.activate
def test_network_trouble_is_temporary(gateway, error):
    responses.post(TWILIO_MESSAGES, body=error)
    with pytest.raises(TemporarySendError):
        gateway.send(TEXTER, "hi", status_callback=None, idempotency_key="k")


@pytest.mark.parametrize("code", [21211, 21612, 21614, 21610, 30006, 21602])
@responses.activate
def test_refusals_are_permanent_with_their_code(gateway, code):
    responses.post(TWILIO_MESSAGES, json=error_json(code), status=400)
    with pytest.raises(PermanentSendError) as caught:
        gateway.send(TEXTER, "hi", status_callback=None, idempotency_key="k")
    assert caught.value.code == code


@responses.activate
def test_unreachable_30003_is_temporary(gateway):
    responses.post(TWILIO_MESSAGES, json=error_json(30003), status=400)
    with pytest.raises(TemporarySendError):
        gateway.send(TEXTER, "hi", status_callback=None, idempotency_key="k")


@responses.activate
def test_find_sent_matches_body_and_time(gateway):
    since = datetime(2024, 1, 1, 11, 59, tzinfo=UTC)
    responses.get(
        TWILIO_MESSAGES,
        json={
            "messages": [
                message_json(sid="SM" + "1" * 32, body="other"),
                message_json(sid="SM" + "2" * 32, body="hi", status="sent"),
                message_json(
                    sid="SM" + "3" * 32, body="hi", date_created="Mon, 01 Jan 2024 11:00:00 +0000"
                ),
            ],
            "next_page_uri": None,
        },
    )
    assert gateway.find_sent(TEXTER, "hi", since=since) == SendResult("SM" + "2" * 32, "sent")
    assert gateway.find_sent(TEXTER, "hi", since=since + timedelta(hours=1)) is None
    query = parse_qs(responses.calls[0].request.url.split("?", 1)[1])
    assert query["To"] == [TEXTER]
    assert query["From"] == [HOTLINE_NUMBER]


def test_local_gateway_keeps_messages_and_tells_listeners():
    gateway = LocalGateway()
    heard: list[tuple[str, str]] = []
    gateway.add_listener(lambda to, body: heard.append((to, body)))
    result = gateway.send(TEXTER, "hello", status_callback=None, idempotency_key="k")
    assert result.sid.startswith("SMlocal")
    assert heard == [(TEXTER, "hello")]
    assert [(m.to, m.body, m.sid) for m in gateway.sent] == [(TEXTER, "hello", result.sid)]
    found = gateway.find_sent(TEXTER, "hello", since=datetime.now(UTC) - timedelta(minutes=1))
    assert found is not None and found.sid == result.sid


def test_local_gateway_is_thread_safe():
    gateway = LocalGateway()
    sids: list[str] = []
    lock = threading.Lock()

    def send_many():
        for n in range(50):
            sid = gateway.send(TEXTER, f"m{n}", status_callback=None, idempotency_key=str(n)).sid
            with lock:
                sids.append(sid)

    threads = [threading.Thread(target=send_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(gateway.sent) == 400
    assert len(set(sids)) == 400


def test_a_failing_listener_does_not_stop_the_send():
    gateway = LocalGateway()

    def broken(to, body):
        raise RuntimeError("terminal closed")

    gateway.add_listener(broken)
    assert gateway.send(TEXTER, "x", status_callback=None, idempotency_key="k").sid


def test_make_gateway_is_local_without_twilio():
    settings = make_settings("sqlite://", twilio_account_sid=None)
    assert isinstance(make_gateway(settings), LocalGateway)
