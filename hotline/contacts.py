"""Finding people by phone number (through its keyed hash) and serialising their texts."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Contact
from models.crypto import lookup_hash
from models.session import is_postgres


def find_contact(session: Session, phone: str) -> Contact | None:
    return session.scalar(select(Contact).where(Contact.phone_hash == lookup_hash(phone)))


def get_or_create_contact(session: Session, phone: str, now: datetime) -> Contact:
    """The contact for an E.164 number, created on first sight; safe when two texts race."""
    contact = find_contact(session, phone)
    if contact is not None:
        return contact
    try:
        with session.begin_nested():
            contact = Contact(phone_hash=lookup_hash(phone), phone=phone, created_at=now)
            session.add(contact)
    except IntegrityError:
        contact = find_contact(session, phone)
        if contact is None:
            raise
    return contact


_local_locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)
_local_locks_guard = threading.Lock()


@contextmanager
def contact_lock(session: Session, contact_id: int) -> Iterator[None]:
    """Hold one contact's texts to one at a time, until the session's transaction ends.

    PostgreSQL: a row lock on the contact, released at commit or rollback, across processes.
    FOR NO KEY UPDATE, not FOR UPDATE: storing a message for a locked contact takes a KEY SHARE
    lock on it (the foreign key), which FOR UPDATE blocks; two responders who CLAIM at once
    each hold their own lock and text the other ("taken"), and would deadlock.
    SQLite (the single-process embedded default): an in-process lock per contact.
    """
    if is_postgres(session):
        session.execute(
            select(Contact.id).where(Contact.id == contact_id).with_for_update(key_share=True)
        )
        yield
        return
    with _local_locks_guard:
        lock = _local_locks[contact_id]
    with lock:
        yield
