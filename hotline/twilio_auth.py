"""Every Twilio webhook must carry a valid X-Twilio-Signature; anything else is refused."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)


def public_url() -> str:
    """The URL Twilio called: the configured public base when behind a proxy, else the request's."""
    settings = current_app.extensions["hotline.settings"]
    if settings.public_base_url:
        query = request.query_string.decode()
        url = settings.public_base_url.rstrip("/") + request.path
        return f"{url}?{query}" if query else url
    return request.url


def signature_is_valid() -> bool:
    token = current_app.extensions["hotline.settings"].twilio_auth_token
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    # The form itself, every value of a repeated field: Twilio signs them all, and the
    # validator reads a MultiDict's lists (a plain dict would keep one value of each).
    return RequestValidator(token).validate(public_url(), request.form, signature)


def twilio_signed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (403, nothing stored) any request whose Twilio signature does not check out."""

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if request.mimetype != "application/x-www-form-urlencoded":
            abort(415)
        if not signature_is_valid():
            log.warning("refused a webhook with a missing or invalid signature: %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return guarded
