"""Two contacts' locks held at once, each transaction storing a text for the other contact:
neither waits (found by the benchmarks: two responders CLAIMing different cases at the same
moment each hold their own contact's lock and queue a "taken" notice to the other)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from hotline.contacts import contact_lock, get_or_create_contact
from models import Message
from models.session import make_sessionmaker

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def test_locked_contacts_can_be_texted_by_each_others_transactions(pg_engine):
    sessions = make_sessionmaker(pg_engine)
    with sessions.begin() as session:
        first = get_or_create_contact(session, "+14135550141", NOW)
        second = get_or_create_contact(session, "+14135550142", NOW)
        session.flush()
        first_id, second_id = first.id, second.id
    with sessions() as one, sessions() as two:
        for session in (one, two):
            # A wait here would be the start of a deadlock: fail at once instead.
            session.execute(text("SET LOCAL lock_timeout = '2s'"))
        with contact_lock(one, first_id), contact_lock(two, second_id):
            one.add(Message(contact_id=second_id, direction="out", body="taken", created_at=NOW))
            one.flush()
            two.add(Message(contact_id=first_id, direction="out", body="taken", created_at=NOW))
            two.flush()
            one.commit()
            two.commit()
