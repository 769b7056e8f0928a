"""The partner API: hospitals, police departments and agencies refer people by POST.

``POST /api/referrals`` with ``Authorization: Bearer <key>`` and a JSON body::

    {"phone": "413-555-0123", "referral_type": "post_overdose", "town": "Northampton",
     "name": "Sam", "notes": "seen in the ED overnight", "consent_to_text": false,
     "language": "en", "peers_only": true, "contact_method": "call", "best_time": "mornings"}

Only ``phone`` and ``referral_type`` are required. A referral becomes a case routed exactly like
a texted one; the person is never texted unless ``consent_to_text`` is true. Send an
``Idempotency-Key`` header so a retry makes no second case: the same key with the same body
answers with the same JSON; the same key with a different body is a 409. The body is kept
only as a keyed hash (the lookup key's), and erasing the person deletes it.

API keys look like ``hk_<8 hex>_<secret>``. The 8 hex characters are stored in clear to find
the partner; the whole key only as a salted SHA-256. Keys are 256-bit random tokens, so a
fast hash is as safe as a slow one here and keeps every request cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from flows.script import LANGUAGES
from flows.text import visible
from hotline.contacts import contact_lock, find_contact, get_or_create_contact
from hotline.database import db_session
from hotline.phones import InvalidPhone, normalize_phone
from models import Case, Partner, PartnerReferral, Town
from models.crypto import lookup_hashes
from routing import runtime
from routing.intake import create_case, refused_police

bp = Blueprint("partner_api", __name__, url_prefix="/api")

KEY_PREFIX = "hk"
REFERRAL_TYPES = ("post_overdose", "substance_incident", "other")
FIELDS = {
    "phone",
    "name",
    "town",
    "referral_type",
    "notes",
    "consent_to_text",
    "language",
    "peers_only",
    "contact_method",
    "best_time",
}
LIMITS = {"name": 64, "notes": 2000, "best_time": 32}
IDEMPOTENCY_KEY_MAX = 128
# Control characters other than tab and newline.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, _json_error_under_api)


# What an error raised before the endpoint answers is called, for clients to test.
HTTP_ERRORS = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}


def _json_error_under_api(error: HTTPException) -> Response | HTTPException:
    """Errors raised before the endpoint answers (too large a body, a wrong method, a path
    that is not there) come as JSON under /api, as the endpoint's own do; HTML elsewhere."""
    code = error.code or 500
    if code < 400 or not request.path.startswith(f"{bp.url_prefix}/"):
        return error  # a redirect, or a page: as Flask answers it
    name = HTTP_ERRORS.get(code) or re.sub(r"\W+", "_", (error.name or "error").lower())
    response = _error(code, name, error.description or "")
    allowed = error.get_response().headers.get("Allow")
    if allowed:
        response.headers["Allow"] = allowed
    return response


# ---- keys ------------------------------------------------------------------------------------


def new_api_key() -> tuple[str, str]:
    """(lookup prefix, full key): shown once, never stored whole."""
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def hash_api_key(key: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256(f"{salt}:{key}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def api_key_matches(key: str, stored: str) -> bool:
    try:
        scheme, salt, _ = stored.split("$", 2)
    except ValueError:
        return False
    return scheme == "sha256" and hmac.compare_digest(hash_api_key(key, salt), stored)


def create_partner(session: Session, name: str, now: datetime) -> tuple[Partner, str]:
    """A new partner and its API key (the only time the key exists in clear)."""
    prefix, key = new_api_key()
    partner = Partner(name=name, key_prefix=prefix, key_hash=hash_api_key(key), created_at=now)
    session.add(partner)
    session.flush()
    return partner, key


def rotate_partner_key(session: Session, partner: Partner) -> str:
    """A new API key for the partner (the old one stops working at once); the partner is active
    again, so rotating is also how a deactivated partner is let back in with a fresh key."""
    prefix, key = new_api_key()
    partner.key_prefix, partner.key_hash, partner.active = prefix, hash_api_key(key), True
    session.flush()
    return key


def partner_for_key(session: Session, key: str) -> Partner | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1]:
        return None
    for partner in session.scalars(
        select(Partner).where(Partner.key_prefix == parts[1], Partner.active.is_(True))
    ):
        if api_key_matches(key, partner.key_hash):
            return partner
    return None


# ---- validation ------------------------------------------------------------------------------


def find_town(session: Session, name: str) -> str | None:
    """The town's proper name, by name or alias, ignoring case."""
    wanted = name.strip().casefold()
    town = session.scalar(select(Town.name).where(func.lower(Town.name) == wanted))
    if town is not None:
        return town
    for town_name, aliases in session.execute(select(Town.name, Town.aliases)):
        if wanted in {str(alias).casefold() for alias in aliases or ()}:
            return town_name
    return None


def _text(body: dict[str, Any], field: str, errors: dict[str, str]) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        errors[field] = "must be a string"
        return None
    if CONTROL.search(value):
        # PostgreSQL cannot store NUL, and no name, note or town holds a control character.
        errors[field] = "must not contain control characters"
        return None
    # Unseen format characters (a direction override, a zero-width space) would change how
    # responders read what is next to them: taken out, and nothing left is no value.
    value = visible(value).strip()
    limit = LIMITS.get(field)
    if limit and len(value) > limit:
        errors[field] = f"must be at most {limit} characters"
        return None
    return value or None


def _flag(body: dict[str, Any], field: str, default: bool, errors: dict[str, str]) -> bool:
    value = body.get(field, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        errors[field] = "must be true or false"
        return default
    return value


def validate_referral(session: Session, body: dict[str, Any]) -> tuple[dict[str, Any], dict]:
    """(clean values, errors by field)."""
    errors: dict[str, str] = {}
    for field in sorted(set(body) - FIELDS):
        errors[field] = "unknown field"
    clean: dict[str, Any] = {}

    raw_phone = body.get("phone")
    if not isinstance(raw_phone, str) or not raw_phone.strip():
        errors["phone"] = "is required: the person's phone number"
    else:
        try:
            clean["phone"] = normalize_phone(raw_phone)
        except InvalidPhone as exc:
            errors["phone"] = str(exc)

    referral_type = body.get("referral_type")
    if referral_type not in REFERRAL_TYPES:
        errors["referral_type"] = f"must be one of {', '.join(REFERRAL_TYPES)}"
    clean["referral_type"] = referral_type

    town = _text(body, "town", errors)
    clean["town"] = None
    if town is not None:
        clean["town"] = find_town(session, town)
        if clean["town"] is None:
            errors["town"] = f"{town!r} is not a town we serve (or give null)"

    language = body.get("language", "en")
    if language is None:
        language = "en"
    if not isinstance(language, str) or language.strip().lower() not in LANGUAGES:
        errors["language"] = f"must be one of the languages we speak: {', '.join(LANGUAGES)}"
    else:
        clean["language"] = language.strip().lower()

    clean["consent_to_text"] = _flag(body, "consent_to_text", False, errors)
    clean["peers_only"] = _flag(body, "peers_only", True, errors)
    method = body.get("contact_method") or ("text" if clean["consent_to_text"] else "call")
    if method not in ("text", "call"):
        errors["contact_method"] = "must be text or call"
    elif method == "text" and not clean["consent_to_text"]:
        errors["contact_method"] = "text needs consent_to_text: true"
    clean["contact_method"] = method
    for field in ("name", "notes", "best_time"):
        clean[field] = _text(body, field, errors)
    return clean, errors


# ---- the endpoint ----------------------------------------------------------------------------


def _error(status: int, code: str, message: str, **extra: Any) -> Response:
    response = jsonify({"error": code, "message": message, **extra})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hotline"'
    return response


def _case_json(case: Case) -> dict[str, Any]:
    # Only fields that never change, so a replayed request gets exactly the same answer.
    return {
        "case": case.code,
        "status": "received",
        "received_at": case.created_at.isoformat(),
        "first_contact_due_at": case.due_at.isoformat() if case.due_at else None,
    }


def request_digests(body: dict[str, Any]) -> tuple[str, ...]:
    """What a retry is compared by: a keyed hash of the body, so the stored value confirms
    nothing to someone who has the person's number but not the lookup key. One per lookup key,
    newest first: the first is stored, any matches.

    The body is not kept, so ``flask keys rotate-lookup`` cannot move a stored digest to a new
    key. Once its key is removed, a retry of that request is answered 409 as a different body
    would be: the referral was received the first time, and is neither lost nor made twice."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return lookup_hashes(canonical)


def _replay(
    session: Session, partner: Partner, key: str, digests: tuple[str, ...]
) -> Response | None:
    earlier = session.scalar(
        select(PartnerReferral).where(
            PartnerReferral.partner_id == partner.id, PartnerReferral.idempotency_key == key
        )
    )
    if earlier is None:
        return None
    if earlier.request_hash not in digests:
        return _error(
            409,
            "idempotency_key_reused",
            "This Idempotency-Key was used with a different body. Use a new key.",
        )
    response = jsonify(_case_json(session.get_one(Case, earlier.case_id)))
    response.status_code = 200
    return response


@bp.post("/referrals")
def create_referral() -> Response:
    """Refer a person for follow-up; answers 201 with the case code (200 on a replay)."""
    session = db_session()
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    partner = partner_for_key(session, key.strip()) if scheme.lower() == "bearer" else None
    if partner is None:
        return _error(401, "unauthorized", "Send a valid API key: Authorization: Bearer <key>.")
    if request.mimetype != "application/json":
        return _error(
            415, "unsupported_media_type", "Send JSON with Content-Type: application/json."
        )
    try:
        body = json.loads(request.get_data(as_text=True) or "")
    except (ValueError, RecursionError):  # RecursionError: nested too deep to read
        return _error(400, "invalid_json", "The body is not valid JSON.")
    if not isinstance(body, dict):
        return _error(400, "invalid_json", "The body must be a JSON object.")
    key_header = request.headers.get("Idempotency-Key")
    if key_header is not None and (
        not 0 < len(key_header.strip()) <= IDEMPOTENCY_KEY_MAX or CONTROL.search(key_header)
    ):
        return _error(
            400,
            "invalid_idempotency_key",
            f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} printable characters.",
        )
    idempotency_key = key_header.strip() if key_header else None
    digests = request_digests(body)
    if idempotency_key:
        replay = _replay(session, partner, idempotency_key, digests)
        if replay is not None:
            return replay
    clean, errors = validate_referral(session, body)
    if errors:
        return _error(422, "invalid_fields", "Some fields are missing or invalid.", fields=errors)

    rt = runtime.current()
    now = rt.clock()
    try:
        case = _store(session, partner, clean, idempotency_key, digests[0], now)
        session.commit()
    except IntegrityError:
        # The same Idempotency-Key raced us and won: answer as its replay.
        session.rollback()
        replay = _replay(session, partner, idempotency_key or "", digests)
        if replay is None:
            raise
        return replay
    response = jsonify(_case_json(case))
    response.status_code = 201
    return response


def _store(
    session: Session,
    partner: Partner,
    clean: dict[str, Any],
    idempotency_key: str | None,
    digest: str,
    now: datetime,
) -> Case:
    settings = runtime.current().settings
    contact = None
    if clean["consent_to_text"]:
        contact = get_or_create_contact(session, clean["phone"], now)
    # Not linked without consent to text, but a "no police" the person texted us still holds.
    known = contact or find_contact(session, clean["phone"])
    if known is not None:
        # Read under the person's lock, as their texts are handled: a "no police" being
        # applied this moment (routing.claims.refuse_police) is waited for, never raced.
        with contact_lock(session, known.id):
            session.refresh(known, ["refuses_police"])
    details = {
        "phone": clean["phone"],
        "consent_to_text": clean["consent_to_text"],
        "referral_type": clean["referral_type"],
        "partner": partner.name,
    }
    details.update({k: clean[k] for k in ("name", "notes") if clean.get(k)})
    case = create_case(
        session,
        kind="partner",
        source="partner",
        now=now,
        response_window_hours=settings.response_window_hours,
        breach_hours=settings.breach_hours,
        contact=contact,
        language=clean["language"],
        town=clean["town"],
        contact_method=clean["contact_method"],
        best_time=clean["best_time"],
        peers_only=clean["peers_only"] or refused_police(known),
        details=details,
        partner_id=partner.id,
    )
    if idempotency_key:
        session.add(
            PartnerReferral(
                partner_id=partner.id,
                idempotency_key=idempotency_key,
                request_hash=digest,
                case_id=case.id,
                created_at=now,
            )
        )
        session.flush()
    return case
