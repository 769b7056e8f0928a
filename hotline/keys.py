"""Encryption-key rotation: re-encrypt every encrypted column under the newest key (the
lookup key's rotation is ``hotline.lookup_rotation``).

``ENCRYPTION_KEYS`` lists Fernet keys newest first; new values are always written under the
first, and every key still decrypts. Rotating rewrites old values under the newest key, so the
older keys can then be removed from the setting. Works on the stored tokens directly (no
clear text passes through Python objects or the session's identity map).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Column, Integer, MetaData, Table, Text, select, update
from sqlalchemy.orm import Session

from models import crypto

BATCH = 500

_meta = MetaData()


def _raw(name: str, key: str, column: str, kind: Any) -> Table:
    return Table(name, _meta, Column(key, Integer, primary_key=True), Column(column, kind))


@dataclass(frozen=True)
class EncryptedColumn:
    table: Table
    column: str
    rotate: Callable[[Any], Any]

    @property
    def label(self) -> str:
        return f"{self.table.name}.{self.column}"


def _rotate_text(token: str) -> str:
    return crypto.rotate(token)


def _rotate_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"enc"}:
        return {"enc": crypto.rotate(value["enc"])}
    # Written before the column was encrypted: encrypt it now.
    return {"enc": crypto.encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))}


# Every column of type EncryptedText or EncryptedJSON (tests check this list is complete).
ENCRYPTED_COLUMNS = (
    EncryptedColumn(_raw("contacts", "id", "phone", Text), "phone", _rotate_text),
    EncryptedColumn(_raw("messages", "id", "body", Text), "body", _rotate_text),
    EncryptedColumn(_raw("cases", "id", "details", Text), "details", _rotate_text),
    EncryptedColumn(_raw("case_events", "id", "text", Text), "text", _rotate_text),
    EncryptedColumn(
        _raw("conversation_sessions", "contact_id", "state", JSON), "state", _rotate_json
    ),
)


def rotate_column(session: Session, target: EncryptedColumn, batch: int = BATCH) -> int:
    """Re-encrypt one column in batches of ``batch`` rows (each flushed); returns rows done."""
    table = target.table
    key = next(iter(table.primary_key.columns))
    value = table.c[target.column]
    done, after = 0, None
    while True:
        query = select(key, value).where(value.is_not(None)).order_by(key).limit(batch)
        if after is not None:
            query = query.where(key > after)
        rows = session.execute(query).all()
        if not rows:
            return done
        for row_key, stored in rows:
            session.execute(
                update(table).where(key == row_key).values({target.column: target.rotate(stored)})
            )
        done += len(rows)
        after = rows[-1][0]


def rotate_all(session: Session, batch: int = BATCH) -> dict[str, int]:
    """Re-encrypt every encrypted column; returns rows rewritten per ``table.column``."""
    return {target.label: rotate_column(session, target, batch) for target in ENCRYPTED_COLUMNS}
