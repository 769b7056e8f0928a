"""Encryption at rest for phone numbers, names and message bodies.

Values are encrypted with Fernet (MultiFernet, so keys rotate: the first key encrypts, every key
decrypts). People are found by a keyed hash of their E.164 number, so the database alone reveals
no one. Lookup keys rotate too: the first hashes new values, and every key still finds what it
hashed (``lookup_hashes``), until ``flask keys rotate-lookup`` has moved every hash it can
recompute to the first. Keys are installed once at start-up by ``configure``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import JSON, Text, TypeDecorator


class _Keyring:
    fernet: MultiFernet | None = None
    lookup_keys: tuple[bytes, ...] = ()
    lookup_key_ids: tuple[str, ...] = ()


_keys = _Keyring()

# Hashed under a lookup key to name it in the database without revealing it.
_KEY_ID_LABEL = b"hotline lookup key id"


def configure(encryption_keys: Sequence[str], lookup_keys: str | Sequence[str]) -> None:
    """Install the keys, newest first: the first encryption key encrypts new values and the
    first lookup key hashes them. A single string is one lookup key, never split."""
    if not encryption_keys:
        raise ValueError("at least one encryption key is needed")
    lookup = (lookup_keys,) if isinstance(lookup_keys, str) else tuple(lookup_keys)
    if not lookup or not all(lookup):
        raise ValueError("at least one lookup key is needed, and none may be empty")
    _keys.fernet = MultiFernet([Fernet(key.encode()) for key in encryption_keys])
    _keys.lookup_keys = tuple(dict.fromkeys(key.encode() for key in lookup))
    _keys.lookup_key_ids = tuple(lookup_key_id(key) for key in _keys.lookup_keys)


def lookup_key_id(key: bytes) -> str:
    """A short name for a lookup key, stored beside each hash so rotation knows which key made
    it; it says nothing about the key itself."""
    return _keyed_hash(key, _KEY_ID_LABEL)[:16]


def _keyed_hash(key: bytes, value: bytes) -> str:
    return hmac.new(key, value, hashlib.sha256).hexdigest()


def _lookup_keys() -> tuple[bytes, ...]:
    if not _keys.lookup_keys:
        raise RuntimeError("crypto keys are not configured")
    return _keys.lookup_keys


def lookup_hash(value: str) -> str:
    """Keyed hash used to find a phone number without storing it in clear: the newest key's,
    the one new rows are written with."""
    return _keyed_hash(_lookup_keys()[0], value.encode())


def lookup_hashes(value: str) -> tuple[str, ...]:
    """The value's hash under every configured lookup key, newest first: what to look for."""
    return tuple(_keyed_hash(key, value.encode()) for key in _lookup_keys())


def lookup_key_ids() -> tuple[str, ...]:
    """The configured lookup keys' ids, newest first (see ``lookup_key_id``)."""
    _lookup_keys()
    return _keys.lookup_key_ids


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
