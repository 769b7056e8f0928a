"""Lookup-key rotation: re-hash every contact's phone number under the newest lookup key, and
the number each partner referral gives (``Case.referred_phone_hash``).

``LOOKUP_KEYS`` lists the keys of the keyed hash that finds a phone number, newest first; new
rows are hashed under the first and every key still finds what it hashed. Rotating re-hashes
each contact under the newest key from its decrypted number, so the older keys can then be
removed. Rows are handled in batches, each its own short transaction, so texts keep flowing:
on PostgreSQL a contact whose text is being handled right now is skipped (SKIP LOCKED) and
taken on its own once the batches are done.

What cannot be re-hashed:
- the contact row an erasure keeps for a number that opted out: the number is gone, only its
  hash remains. It stays under its key, and that key must stay configured (last) for the
  opt-out to hold; the report names it.
- a partner request's digest (``hotline.api.request_digests``): the body is not kept.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from hotline.erasure import ERASED_HASH_PREFIX
from hotline.keys import BATCH
from models import (
    AlertSubscription,
    Case,
    Contact,
    ConversationSession,
    Message,
    OptOutEvent,
    Responder,
    crypto,
    utcnow,
)
from routing.claims import refuse_police
from routing.intake import referred_phone_hash
from routing.opt_outs import tell_holders_of_opt_out


@dataclass
class LookupRotation:
    """What ``rehash_contacts`` did; ids and counts only, never a number."""

    # Moved to the newest key.
    rehashed: int = 0
    # Of those, rows whose hash matched no configured key (its key was removed too early):
    # found again now.
    recovered: int = 0
    # Rows for a number that had a row under the newest key already: joined into one.
    merged: int = 0
    # Pairs that could not be joined (both rows are responders'): left for staff.
    conflicts: int = 0
    # Cases whose referred number's hash moved to the newest key.
    referrals_rehashed: int = 0
    # Opted-out numbers kept by erasure, per id of the key their hash is under ("(not
    # configured)": a key already removed; "(unknown: …)": hashed before keys had ids, and no
    # re-hashable row of that time was left to tell which key that was).
    stranded: dict[str, int] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def older_keys_needed(self) -> bool:
        """True while a row is known to be found only under an older key."""
        return bool(self.conflicts) or any(
            key != crypto.lookup_key_ids()[0] for key in self.stranded
        )


# Every table that refers to a contact, each moved to the kept row when two are joined; a new
# one must be added here (a test holds this to the models' foreign keys), or its rows would go
# with the row joined away.
JOINED_MODELS = (Message, Case, OptOutEvent, Responder, ConversationSession, AlertSubscription)

_ROW = (Contact.id, Contact.phone_hash, Contact.phone_hash_key, Contact.phone)


def rehash_contacts(session: Session, batch: int = BATCH) -> LookupRotation:
    """Re-hash every contact's number under the newest lookup key, committing each batch.

    Safe to run twice (a row already under the newest key is left alone) and while texts
    arrive (see the module docstring). Returns what it did.
    """
    report = LookupRotation()
    legacy: list[int] = []  # erased opt-outs hashed before keys had ids
    legacy_key: str | None = None  # the key those rows were hashed under, once seen
    busy: list[int] = []
    locked = select(*_ROW).order_by(Contact.id)
    after = 0
    while True:
        ids = session.scalars(
            select(Contact.id).where(Contact.id > after).order_by(Contact.id).limit(batch)
        ).all()
        if not ids:
            break
        rows = session.execute(
            locked.where(Contact.id.in_(ids)).with_for_update(skip_locked=True)
        ).all()
        busy += sorted(set(ids) - {row.id for row in rows})
        for row in rows:
            legacy_key = _rehash_row(session, row, report, legacy) or legacy_key
        session.commit()
        after = ids[-1]
    for contact_id in busy:  # one at a time, waiting for the text being handled
        for row in session.execute(locked.where(Contact.id == contact_id).with_for_update()):
            legacy_key = _rehash_row(session, row, report, legacy) or legacy_key
        session.commit()
    _name_legacy_key(session, legacy, legacy_key, report)
    session.commit()
    report.referrals_rehashed = rehash_referred_numbers(session, batch)
    return report


def rehash_referred_numbers(session: Session, batch: int = BATCH) -> int:
    """Re-hash under the newest lookup key the number each case's details give, committing
    each batch; a case found by its number keeps being found once the older keys go. Reads
    every such case's details (the hash does not say which key made it). Returns how many
    moved; safe to run twice."""
    moved = 0
    after = 0
    while True:
        rows = session.execute(
            select(Case.id, Case.details, Case.referred_phone_hash)
            .where(Case.id > after, Case.referred_phone_hash.is_not(None))
            .order_by(Case.id)
            .limit(batch)
        ).all()
        if not rows:
            return moved
        for row in rows:
            newest = referred_phone_hash(json.loads(row.details) if row.details else {})
            if newest != row.referred_phone_hash:
                session.execute(
                    update(Case)
                    .where(Case.id == row.id)
                    .values(referred_phone_hash=newest)
                    .execution_options(synchronize_session=False)
                )
                moved += 1
        session.commit()
        after = rows[-1].id


def _rehash_row(
    session: Session, row: Any, report: LookupRotation, legacy: list[int]
) -> str | None:
    """Move one locked row to the newest key. Returns the key id a row without one (hashed
    before keys had ids) turned out to be under, when that could be told."""
    if row.phone_hash.startswith(ERASED_HASH_PREFIX):
        return None  # unlinked by erasure: a random value, nobody to find
    ids = crypto.lookup_key_ids()
    if not row.phone:  # an erased number that opted out: only its hash is left
        if row.phone_hash_key is None:
            legacy.append(row.id)
        else:
            key = row.phone_hash_key if row.phone_hash_key in ids else "(not configured)"
            report.stranded[key] = report.stranded.get(key, 0) + 1
        return None
    hashes = crypto.lookup_hashes(row.phone)
    was = ids[hashes.index(row.phone_hash)] if row.phone_hash in hashes else None
    if row.phone_hash == hashes[0]:
        if row.phone_hash_key != ids[0]:
            _set_hash(session, row.id, hashes[0])
        return was if row.phone_hash_key is None else None
    other = session.scalar(
        select(Contact.id).where(Contact.phone_hash == hashes[0]).with_for_update()
    )
    if other is not None:
        if not _merge(session, min(row.id, other), max(row.id, other), hashes[0]):
            report.conflicts += 1
            return None
        report.merged += 1
    else:
        _set_hash(session, row.id, hashes[0])
    report.rehashed += 1
    report.recovered += was is None
    return was if row.phone_hash_key is None else None


def _set_hash(session: Session, contact_id: int, phone_hash: str) -> None:
    session.execute(
        update(Contact)
        .where(Contact.id == contact_id)
        .values(phone_hash=phone_hash, phone_hash_key=crypto.lookup_key_ids()[0])
        .execution_options(synchronize_session=False)
    )


def _merge(session: Session, keep: int, drop: int, phone_hash: str) -> bool:
    """Join two rows for one number into ``keep`` (the older), under ``phone_hash``.

    Everything of ``drop`` moves to ``keep`` (``JOINED_MODELS``): texts, cases, opt-out
    history, the responder record, the more recent conversation, the bad batch alert
    subscription (one, in the language of the later sign-up). The joined row is opted out if
    either was: a STOP is never undone by joining (the person can text START again); and it
    refuses police if either did. False, changing nothing, when both rows belong to responders.
    """
    responders = session.execute(
        select(Responder.contact_id, Responder.id).where(Responder.contact_id.in_((keep, drop)))
    ).all()
    if len(responders) > 1:
        return False
    rows = {
        row.id: row
        for row in session.execute(
            select(
                Contact.id,
                Contact.language,
                Contact.opted_out_at,
                Contact.refuses_police,
                Contact.invalid_at,
                Contact.left_team_at,
                Contact.created_at,
                Contact.last_inbound_at,
            ).where(Contact.id.in_((keep, drop)))
        )
    }
    a, b = rows[keep], rows[drop]
    latest = max(
        (a, b), key=lambda row: (row.last_inbound_at is not None, row.last_inbound_at or 0)
    )
    _keep_latest(
        session,
        ConversationSession,
        (keep, drop),
        ConversationSession.updated_at.desc(),
        ConversationSession.contact_id.desc(),
    )
    _keep_latest(
        session,
        AlertSubscription,
        (keep, drop),
        AlertSubscription.created_at.desc(),
        AlertSubscription.id.desc(),
    )
    for model in JOINED_MODELS:
        session.execute(
            update(model)
            .where(model.contact_id == drop)
            .values(contact_id=keep)
            .execution_options(synchronize_session=False)
        )
    session.execute(delete(Contact).where(Contact.id == drop))
    session.execute(
        update(Contact)
        .where(Contact.id == keep)
        .values(
            phone_hash=phone_hash,
            phone_hash_key=crypto.lookup_key_ids()[0],
            language=latest.language,
            opted_out_at=_earliest(a.opted_out_at, b.opted_out_at),
            refuses_police=a.refuses_police or b.refuses_police,
            invalid_at=_invalid_since(a, b),
            left_team_at=_earliest(a.left_team_at, b.left_team_at),
            created_at=min(a.created_at, b.created_at),
            last_inbound_at=latest.last_inbound_at,
        )
        .execution_options(synchronize_session=False)
    )
    kept = session.get_one(Contact, keep, populate_existing=True)
    if bool(a.refuses_police) != bool(b.refuses_police):
        # The cases that came from the row that never refused must honour it too.
        refuse_police(session, kept, utcnow())
    if (a.opted_out_at is None) != (b.opted_out_at is None):
        # Whoever holds a case that came from the row still taking texts must now not text.
        tell_holders_of_opt_out(session, kept, utcnow())
    return True


def _keep_latest(
    session: Session, model: Any, contact_ids: tuple[int, int], *newest_first: Any
) -> None:
    """Of a table with one row per contact, the two rows' older one goes, so the other can
    move to the kept contact."""
    rows = session.scalars(
        select(model.contact_id).where(model.contact_id.in_(contact_ids)).order_by(*newest_first)
    ).all()
    if len(rows) > 1:
        session.execute(delete(model).where(model.contact_id == rows[1]))


def _invalid_since(a: Any, b: Any) -> Any:
    """When the joined number was last flagged invalid, if it has not texted since: a text
    clears the flag (see ``hotline.inbound``), whichever row it came in on."""
    flagged = [row.invalid_at for row in (a, b) if row.invalid_at is not None]
    texted = [row.last_inbound_at for row in (a, b) if row.last_inbound_at is not None]
    if not flagged or (texted and max(texted) >= max(flagged)):
        return None
    return max(flagged)


def _earliest(*values: Any) -> Any:
    present = [value for value in values if value is not None]
    return min(present) if present else None


def _name_legacy_key(
    session: Session, legacy: list[int], key: str | None, report: LookupRotation
) -> None:
    """Rows hashed before keys had ids were all hashed under the one key of that time: once a
    re-hashable row has shown which configured key that is, the erased opt-outs among them are
    marked with it, so the report (and the next rotation) can name it."""
    if not legacy:
        return
    if key is not None:
        for part in range(0, len(legacy), BATCH):
            session.execute(
                update(Contact)
                .where(Contact.id.in_(legacy[part : part + BATCH]))
                .values(phone_hash_key=key)
                .execution_options(synchronize_session=False)
            )
    name = key or "(unknown: hashed before keys had ids)"
    report.stranded[name] = report.stranded.get(name, 0) + len(legacy)
