"""Twilio's webhooks: inbound texts and delivery status. Thin: validate, hand over, answer."""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Flask, Response, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from hotline.database import db_session
from hotline.inbound import DirectoryCache, InboundService, InboundSms
from hotline.phones import InvalidPhone, normalize_phone
from hotline.places_store import directory_from_db
from hotline.twilio_auth import twilio_signed
from routing import runtime
from routing.sending import STATUS_RANK, record_status

log = logging.getLogger(__name__)

bp = Blueprint("twilio", __name__, url_prefix="/twilio")


def init_app(app: Flask) -> None:
    rt = runtime.current()
    app.extensions["hotline.inbound"] = InboundService(
        sessions=rt.sessions,
        settings=rt.settings,
        directory=DirectoryCache(directory_from_db),
        clock=lambda: runtime.current().clock(),
    )
    app.register_blueprint(bp)


def inbound_service() -> InboundService:
    return current_app.extensions["hotline.inbound"]


def twiml(replies: tuple[str, ...] | list[str]) -> Response:
    response = MessagingResponse()
    for body in replies:
        response.message(body)
    return Response(str(response), mimetype="application/xml")


# Twilio's SIDs are two letters and 32 hex digits; anything unlike an id is refused before it
# reaches a 64-character, NUL-free database column.
SID = re.compile(r"[A-Za-z0-9]{2,64}")
# Larger numbers are not ours (ids, Twilio error codes) and overflow an integer column.
MAX_INT = 2**31 - 1


def _small_int(raw: str | None) -> int | None:
    """A whole number that fits the database, or None."""
    if not raw or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if value <= MAX_INT else None


def _plain(status: int, text: str) -> Response:
    return Response(text, status=status, mimetype="text/plain")


def inbound_from_form() -> InboundSms | Response:
    """The inbound text Twilio posted, or the 400 that says what is wrong with the request."""
    sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    if not sid or not SID.fullmatch(sid):
        return _plain(400, "MessageSid is required: a Twilio message SID")
    try:
        sender = normalize_phone(request.form.get("From", ""))
    except InvalidPhone:
        log.info("refused an inbound text from a malformed or short-code sender")
        return _plain(400, "From must be a valid phone number")
    # Only how many files came is kept: the media itself is never fetched (privacy).
    num_media = _small_int(request.form.get("NumMedia")) or 0
    return InboundSms(
        sid=sid, sender=sender, body=request.form.get("Body", ""), num_media=num_media
    )


@bp.post("/sms")
@twilio_signed
def inbound_sms() -> Response:
    sms = inbound_from_form()
    if isinstance(sms, Response):
        return sms
    result = inbound_service().receive(sms)
    return twiml(result.replies)


@bp.post("/status")
@twilio_signed
def delivery_status() -> Response:
    sid = request.form.get("MessageSid")
    status = request.form.get("MessageStatus")
    if not sid or not status or not SID.fullmatch(sid):
        return _plain(400, "MessageSid and MessageStatus are required")
    if status.lower() not in STATUS_RANK:
        log.info("status callback with a status we do not know ignored")
        return Response(status=204)
    error_code = _small_int(request.form.get("ErrorCode"))
    # Our own message id rides on the callback URL, so a callback that beats our commit of the
    # sid still finds its message.
    message_id = _small_int(request.args.get("message_id"))
    session = db_session()
    record_status(
        session,
        sid=sid,
        status=status,
        error_code=error_code,
        now=runtime.current().clock(),
        message_id=message_id,
    )
    session.commit()
    return Response(status=204)
