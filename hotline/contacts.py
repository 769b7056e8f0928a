"""Finding people by phone number (through its keyed hash) and serialising their texts.

A number is looked for under every configured lookup key (one ``IN``; with one key, one ``=``),
so rows hashed under an older key are still found while ``flask keys rotate-lookup`` moves them;
a new row is hashed under the newest key. Should one number have rows under two keys (processes
that briefly disagreed on the keys, during a deploy), the opted-out row is the one found, else
the oldest, and the rotation joins them into one.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CompoundSelect, and_, bindparam, select, union
from sqlalchemy.orm import Session

from models import Contact, ConversationSession, Responder
from models.crypto import lookup_hashes, lookup_key_ids
from models.session import insert_new, is_postgres


def find_contact(session: Session, phone: str) -> Contact | None:
    hashes = lookup_hashes(phone)
    if len(hashes) == 1:
        return session.scalar(select(Contact).where(Contact.phone_hash == hashes[0]))
    return session.scalar(
        select(Contact).where(Contact.phone_hash.in_(hashes)).order_by(*_PREFERRED).limit(1)
    )


def team_numbers() -> CompoundSelect:
    """The contact ids of the response team (anyone on the roster, past or present, and the
    numbers responders had before they changed phones): their texts are commands and tests,
    not people reaching out."""
    return union(
        select(Responder.contact_id), select(Contact.id).where(Contact.left_team_at.is_not(None))
    )


def contact_id_for(session: Session, phone: str, now: datetime) -> int:
    """The id of the contact for an E.164 number, created on first sight; one query when known.

    Safe when two texts from a new number race: one INSERT wins, the other finds its row.
    """
    hashes = lookup_hashes(phone)
    if len(hashes) == 1:
        query, known = _CONTACT_ID_BY_HASH, {"phone_hash": hashes[0]}
    else:
        query, known = _CONTACT_ID_BY_HASHES, {"phone_hashes": list(hashes)}
    found = session.scalar(query, known)
    if found is None:
        values = {
            "phone_hash": hashes[0],
            "phone_hash_key": lookup_key_ids()[0],
            "phone": phone,
            "created_at": now,
        }
        found = insert_new(session, Contact, values, unique="phone_hash")
    if found is None:
        found = session.scalar(query, known)
    if found is None:
        raise LookupError("the contact was neither found nor created")
    return found


def get_or_create_contact(session: Session, phone: str, now: datetime) -> Contact:
    """The contact for an E.164 number, created on first sight; safe when two texts race."""
    return session.get_one(Contact, contact_id_for(session, phone, now))


_local_locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)
_local_locks_guard = threading.Lock()


@dataclass
class Texter:
    """A locked contact with what handling its texts needs, loaded in one query."""

    contact: Contact
    responder: Responder | None  # active responders only
    conversation: ConversationSession | None


# Built once, run with the contact's id.
_TEXTER = (
    select(Contact, Responder, ConversationSession)
    .outerjoin(Responder, and_(Responder.contact_id == Contact.id, Responder.active.is_(True)))
    .outerjoin(ConversationSession, ConversationSession.contact_id == Contact.id)
    .where(Contact.id == bindparam("contact_id"))
)
_LOCK = (
    select(Contact.id).where(Contact.id == bindparam("contact_id")).with_for_update(key_share=True)
)
_CONTACT_ID_BY_HASH = select(Contact.id).where(Contact.phone_hash == bindparam("phone_hash"))
# Two rows for one number: the opted-out one first (its STOP must hold), then the oldest.
_PREFERRED = (Contact.opted_out_at.is_(None), Contact.id)
_CONTACT_ID_BY_HASHES = (
    select(Contact.id)
    .where(Contact.phone_hash.in_(bindparam("phone_hashes", expanding=True)))
    .order_by(*_PREFERRED)
    .limit(1)
)


class ContactGone(LookupError):
    """The contact is no longer there: ``flask keys rotate-lookup`` joined it into the other row
    for its number (its texts went with it) after its id was read."""


def _texter(session: Session, contact_id: int) -> Texter:
    row = session.execute(_TEXTER, {"contact_id": contact_id}).one_or_none()
    if row is None:
        raise ContactGone(contact_id)
    contact, responder, conversation = row
    return Texter(contact, responder, conversation)


@contextmanager
def contact_lock(session: Session, contact_id: int) -> Iterator[Texter]:
    """Hold one contact's texts to one at a time, until the session's transaction ends; yields
    the contact, its responder record and its conversation, read under the lock.

    PostgreSQL: a row lock on the contact, released at commit or rollback, across processes.
    FOR NO KEY UPDATE, not FOR UPDATE: storing a message for a locked contact takes a KEY SHARE
    lock on it (the foreign key), which FOR UPDATE blocks; two responders who CLAIM at once
    each hold their own lock and text the other ("taken"), and would deadlock.
    The rest is read by a second statement: one that waited for the lock sees the locked row
    as committed by the holder, but any other table as it was before the wait.
    SQLite (the single-process embedded default): an in-process lock per contact.
    Raises ``ContactGone`` when the row was joined into another meanwhile.
    """
    if is_postgres(session):
        session.execute(_LOCK, {"contact_id": contact_id})
        yield _texter(session, contact_id)
        return
    with _local_locks_guard:
        lock = _local_locks[contact_id]
    with lock:
        yield _texter(session, contact_id)
