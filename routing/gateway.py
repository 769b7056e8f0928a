"""The one module that talks to Twilio's REST API, and the in-memory stand-in used without it.

Callers see ``SmsGateway``: ``send`` returns a ``SendResult`` or raises ``TemporarySendError``
(worth retrying later) or ``PermanentSendError`` (never retry this message). ``find_sent`` looks
for a message Twilio already accepted, so a send interrupted by a crash can be reconciled
instead of sent twice. Nothing here logs a phone number or a message body.
"""

from __future__ import annotations

import itertools
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

if TYPE_CHECKING:
    from hotline.config import Settings

log = logging.getLogger(__name__)

# Connect and read timeouts for every REST call, in seconds. A send that has not finished by
# then is reconciled later (see routing.sending), so keep the worst case well under a minute.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token"

# Twilio error codes that mean "this number will never take this message".
OPTED_OUT = 21610
INVALID_NUMBER_CODES = frozenset({21211, 21614, 30006})
PERMANENT_CODES = frozenset({21211, 21612, 21614, 21610, 30006})
# 30003 (unreachable handset) is often a phone that is off: worth another try later.
TEMPORARY_CODES = frozenset({20429, 30003})


@dataclass(frozen=True)
class SendResult:
    sid: str
    status: str


class SendError(Exception):
    """Twilio refused or could not take a message."""

    def __init__(self, code: int | None, message: str = "") -> None:
        super().__init__(message or f"send failed (code {code})")
        self.code = code


class TemporarySendError(SendError):
    """Try again later (rate limited, Twilio unavailable, network trouble)."""

    def __init__(
        self,
        code: int | None,
        retry_after: float | None = None,
        message: str = "",
        *,
        ambiguous: bool = False,
    ):
        super().__init__(code, message)
        self.retry_after = retry_after
        # True when the request may have reached Twilio (a read timeout, a dropped
        # connection): Twilio may have taken the message, so look before sending again.
        self.ambiguous = ambiguous


class PermanentSendError(SendError):
    """Never retry: the number is invalid, a landline, or has opted out."""


class SmsGateway(Protocol):
    def send(
        self, to: str, body: str, *, status_callback: str | None, idempotency_key: str
    ) -> SendResult: ...

    def find_sent(self, to: str, body: str, *, since: datetime) -> SendResult | None: ...


def classify_twilio_error(status: int, code: int | None, retry_after: float | None) -> SendError:
    """Turn an HTTP status and Twilio error code into a temporary or permanent error."""
    if code in PERMANENT_CODES:
        return PermanentSendError(code)
    if status == 429 or status >= 500 or code in TEMPORARY_CODES:
        return TemporarySendError(code if code is not None else status, retry_after)
    return PermanentSendError(code if code is not None else status)


class _BaseUrlHttpClient(TwilioHttpClient):
    """Twilio's HTTP client with three additions, all per thread so one client is shared:

    - when ``base_url`` is set, every request goes there instead of ``https://*.twilio.com``
      (a test double or a recording proxy), whatever product domain the SDK picked;
    - an idempotency header on the requests made inside ``request_headers(...)``;
    - the last response's headers, so a 429's Retry-After reaches the caller.
    """

    def __init__(self, base_url: str | None) -> None:
        super().__init__(timeout=READ_TIMEOUT)
        # requests takes (connect, read); the SDK's own check only accepts one number.
        self.timeout = (CONNECT_TIMEOUT, READ_TIMEOUT)  # type: ignore[assignment]
        self.base_url = base_url.rstrip("/") if base_url else None
        self._local = threading.local()
        if self.session is not None:
            # The override may be plain http (a local double); Twilio's own client only
            # tunes the https adapter.
            self.session.mount("http://", requests.adapters.HTTPAdapter())

    def log_request(self, kwargs: dict[str, Any]) -> None:
        """Method and path only: the SDK's own logging prints query parameters, and a look-up's
        query holds the texter's phone number."""
        log.debug("Twilio API %s %s", kwargs.get("method"), urlsplit(kwargs.get("url", "")).path)

    def log_response(self, status_code: int, response: Any) -> None:
        log.debug("Twilio API answered %s", status_code)

    def rewrite(self, url: str) -> str:
        if not self.base_url:
            return url
        base = urlsplit(self.base_url)
        parts = urlsplit(url)
        return urlunsplit(
            (base.scheme, base.netloc, base.path + parts.path, parts.query, parts.fragment)
        )

    def request_headers(self, headers: dict[str, str]) -> _HeaderScope:
        return _HeaderScope(self._local, headers)

    @property
    def last_headers(self) -> dict[str, str]:
        return getattr(self._local, "last_headers", {})

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        merged = dict(headers or {})
        merged.update(getattr(self._local, "extra_headers", {}))
        self._local.last_headers = {}
        response = super().request(
            method,
            self.rewrite(url),
            params=params,
            data=data,
            headers=merged,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )
        self._local.last_headers = dict(response.headers or {})
        return response


class _HeaderScope:
    def __init__(self, local: threading.local, headers: dict[str, str]) -> None:
        self._local = local
        self._headers = headers

    def __enter__(self) -> None:
        self._local.extra_headers = self._headers

    def __exit__(self, *exc: object) -> None:
        self._local.extra_headers = {}


def _retry_after(headers: dict[str, str]) -> float | None:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except ValueError:
                return None
    return None


class TwilioGateway:
    """Sends through Twilio's Messages API from the hotline's number."""

    def __init__(self, settings: Settings) -> None:
        if not settings.twilio_configured:
            raise ValueError("Twilio is not configured")
        self.from_number = settings.twilio_from_number
        self.http = _BaseUrlHttpClient(settings.twilio_api_base_url)
        self.client = Client(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            http_client=self.http,
        )
        # urllib3 logs each request line, query string (a phone number) included, at DEBUG.
        pool_log = logging.getLogger("urllib3.connectionpool")
        if pool_log.getEffectiveLevel() < logging.INFO:
            pool_log.setLevel(logging.INFO)
        # The SDK imports its API modules on first use; do it now, not between taking a
        # rate-limit slot and sending.
        self.messages = self.client.messages

    def send(
        self, to: str, body: str, *, status_callback: str | None, idempotency_key: str
    ) -> SendResult:
        """Create one message; raises TemporarySendError or PermanentSendError."""
        extra: dict[str, Any] = {}
        if status_callback:
            extra["status_callback"] = status_callback
        try:
            with self.http.request_headers({IDEMPOTENCY_HEADER: idempotency_key}):
                message = self.messages.create(to=to, from_=self.from_number, body=body, **extra)
        except TwilioRestException as exc:
            raise classify_twilio_error(
                exc.status, exc.code, _retry_after(self.http.last_headers)
            ) from exc
        except requests.ConnectTimeout as exc:
            raise TemporarySendError(None, None, "could not reach Twilio") from exc
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise TemporarySendError(None, None, "no answer from Twilio", ambiguous=True) from exc
        if message.error_code and int(message.error_code) in PERMANENT_CODES:
            raise PermanentSendError(int(message.error_code))
        return SendResult(sid=str(message.sid), status=str(message.status or "queued"))

    def find_sent(self, to: str, body: str, *, since: datetime) -> SendResult | None:
        """The newest message to ``to`` with this body created at or after ``since``."""
        try:
            recent = self.messages.list(to=to, from_=self.from_number, limit=20)
        except TwilioRestException as exc:
            raise classify_twilio_error(
                exc.status, exc.code, _retry_after(self.http.last_headers)
            ) from exc
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise TemporarySendError(None, None, "no answer from Twilio") from exc
        for message in recent:
            created = message.date_created
            if created is not None and created < since.replace(microsecond=0):
                continue
            if message.body == body:
                return SendResult(sid=str(message.sid), status=str(message.status or "queued"))
        return None


@dataclass(frozen=True)
class LocalMessage:
    sid: str
    to: str
    body: str
    status_callback: str | None
    idempotency_key: str
    at: datetime


Listener = Callable[[str, str], None]


class LocalGateway:
    """Keeps sent messages in memory: the embedded default and the terminal chat.

    ``add_listener(fn)`` calls ``fn(to, body)`` for each message sent (the chat prints the
    ones addressed to its number).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: list[LocalMessage] = []
        self._listeners: list[Listener] = []
        self._counter = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:8]

    def send(
        self, to: str, body: str, *, status_callback: str | None, idempotency_key: str
    ) -> SendResult:
        with self._lock:
            sid = f"SMlocal{self._prefix}{next(self._counter):018d}"
            self._sent.append(
                LocalMessage(sid, to, body, status_callback, idempotency_key, datetime.now(UTC))
            )
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(to, body)
            except Exception:
                log.exception("a local gateway listener failed")
        return SendResult(sid=sid, status="sent")

    def find_sent(self, to: str, body: str, *, since: datetime) -> SendResult | None:
        with self._lock:
            for message in reversed(self._sent):
                if message.to == to and message.body == body and message.at >= since:
                    return SendResult(sid=message.sid, status="sent")
        return None

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.remove(listener)

    @property
    def sent(self) -> list[LocalMessage]:
        """A snapshot of everything sent so far, oldest first."""
        with self._lock:
            return list(self._sent)

    def clear(self) -> None:
        with self._lock:
            self._sent.clear()


def make_gateway(settings: Settings) -> SmsGateway:
    """Twilio when it is configured, else the in-memory gateway."""
    if settings.twilio_configured:
        return TwilioGateway(settings)
    return LocalGateway()
