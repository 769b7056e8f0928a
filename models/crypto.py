"""Encryption at rest for phone numbers, names and message bodies.

Values are encrypted with Fernet (MultiFernet, so keys rotate: the first key encrypts, every key
decrypts). People are found by a keyed hash of their E.164 number, so the database alone reveals
no one. Keys are installed once at start-up by ``configure``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import JSON, Text, TypeDecorator


class _Keyring:
    fernet: MultiFernet | None = None
    lookup_key: bytes = b""


_keys = _Keyring()


def configure(encryption_keys: tuple[str, ...] | list[str], lookup_key: str) -> None:
    """Install the keys; the first encryption key encrypts new values."""
    if not encryption_keys:
        raise ValueError("at least one encryption key is needed")
    _keys.fernet = MultiFernet([Fernet(key.encode()) for key in encryption_keys])
    _keys.lookup_key = lookup_key.encode()


def lookup_hash(value: str) -> str:
    """Keyed hash used to find a phone number without storing it in clear."""
    if not _keys.lookup_key:
        raise RuntimeError("crypto keys are not configured")
    return hmac.new(_keys.lookup_key, value.encode(), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    if _keys.fernet is None:
        raise RuntimeError("crypto keys are not configured")
    return _keys.fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if _keys.fernet is None:
        raise RuntimeError("crypto keys are not configured")
    try:
        return _keys.fernet.decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("a stored value could not be decrypted with the configured keys") from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    if _keys.fernet is None:
        raise RuntimeError("crypto keys are not configured")
    return _keys.fernet.rotate(token.encode()).decode()


class EncryptedText(TypeDecorator[str]):
    """A text column stored encrypted; Python code sees the clear text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else decrypt(value)


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON column stored as ``{"enc": <Fernet token>}``; Python code sees the value.

    For data shaped by what people text (a conversation's saved answers: a name, a town).
    A row written before encryption (a plain object without ``enc``) still reads as itself.
    """

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return {"enc": encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))}

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"enc"}:
            return json.loads(decrypt(value["enc"]))
        return value
