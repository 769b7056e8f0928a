"""Erasing one person: their number, their words and their conversation; the counts stay.

What goes: the phone number (the contact row's encrypted copy), every message of theirs (the
rows, not only the words: their exact times would match their cases' and searches' times),
their conversation state, the details (name to use, their own words on what would help, notes)
and note texts of their cases, the number inside partner referrals about them and the partner's
record of the request, and what responders texted about their cases (a NOTE or CLOSE naming the
case's code, a text tied to the case, a text naming the person, and the replies). What stays:
the case rows with their town, needs and times (de-identified, unlinked from the contact),
responders' message rows without bodies, and, for the count of people who texted, a stand-in
with no number that texted once, without words, at the start of each day they did; so
``hotline.figures`` gives the same numbers (by day), except that a case still open is closed
(outcome "other"): nobody can reach the person through it any more, so it must stop being
offered to responders, and a responder who holds it is told, by its code alone, not to
contact the person and to delete their number (``routing.closed_by_others``). Their bad batch alert
subscription goes too.

Opt-outs outlive erasure: if the person texted STOP (or the carrier reported it), the contact
row keeps the keyed hash of the number and the day of its ``opted_out_at`` (its opt-out
history too, to the day), so the number is still never texted, and nothing else (not a refusal
of police: their cases are closed, and the person is asked again if they come back); no row
names it, and it has no time to match a case's or a search's. The hash is not the number and
is found only by someone who already has both the number and the lookup key. Otherwise the
hash is replaced by a random value and nothing links the number to anything we hold. The
number is never written to any list.

So the kept hash cannot be recomputed: ``flask keys rotate-lookup`` leaves it under the lookup
key that made it, names that key, and says it must stay in ``LOOKUP_KEYS`` (last) for as long
as such rows remain, or the opt-out would no longer be found.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from hotline.config import Settings
from hotline.contacts import contact_lock, find_contact, team_numbers
from models import (
    AlertSubscription,
    Case,
    CaseEvent,
    Contact,
    ConversationSession,
    Message,
    OptOutEvent,
    PartnerReferral,
    Responder,
)
from models.crypto import lookup_hashes
from routing import runtime
from routing.claims import Staff, close_case
from routing.commands import parse
from routing.intake import case_details, partner_cases_for

ERASED_HASH_PREFIX = "erased:"
# A dated message without words standing in for a day's texts (here and in retention).
STAND_IN_PURPOSE = "day_stand_in"
# Who closes an erased person's open cases, on their timelines.
ERASURE_ACTOR = Staff("erasure")
ERASED_OUTCOME = "other"


class ErasureRefused(ValueError):
    """The number cannot be erased as asked (it belongs to a responder, or has two rows)."""


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a number would touch: shown to staff before they confirm."""

    contact_id: int | None
    opted_out: bool
    messages: int
    cases: tuple[int, ...]
    partner_cases: tuple[int, ...]
    alerts: bool = False  # signed up for bad batch alerts: the sign-up goes too

    @property
    def found(self) -> bool:
        return self.contact_id is not None or bool(self.partner_cases)


@dataclass(frozen=True)
class ErasureReport:
    contact_id: int | None
    opted_out_kept: bool
    message_bodies: int
    cases: int
    cases_closed: int = 0

    def as_data(self) -> dict[str, int | bool | None]:
        """For the audit log: ids and counts, never the number."""
        return {
            "contact_id": self.contact_id,
            "opted_out_kept": self.opted_out_kept,
            "message_bodies": self.message_bodies,
            "cases": self.cases,
            "cases_closed": self.cases_closed,
        }


def _partner_cases(session: Session, phone: str) -> tuple[int, ...]:
    return tuple(partner_cases_for(session, phone))


def _staff_messages_about(
    session: Session, phone: str, names: set[str], codes: set[str]
) -> list[int]:
    """Texts to and from responders that carry the number (in any format), the name or one of
    the cases' codes: a claim's details, a reassignment, a responder's NOTE or CLOSE with what
    they wrote about the person, and our replies. Bodies are encrypted, so each is read and
    checked. A code is a short word that may spell an English one ("TAKE"): our texts write
    codes in capitals, so only the capitalised whole word matches them there (clearing another
    case's offer would stop it being sent). What a responder texted is read more widely, as
    they type: the code in any case, and any part of the name ("maria wasnt home"), in any
    case, as a word; our texts match the whole name, in any case."""
    national = re.sub(r"\D", "", phone)[-10:]
    code_words = _words(codes) if codes else None
    typed_codes = _words(codes, re.IGNORECASE) if codes else None
    name_parts = {part for name in names for part in re.findall(r"[^\W\d_]{2,}", name)}
    typed_names = _words(name_parts, re.IGNORECASE) if name_parts else None
    whole_names = _words(names, re.IGNORECASE) if names else None
    found = []
    for message_id, body, direction in session.execute(
        select(Message.id, Message.body, Message.direction).where(
            Message.contact_id.in_(team_numbers()), Message.body.is_not(None)
        )
    ):
        text = body or ""
        if direction == "in" and parse(text)[1] in codes:  # a command, its code in any case
            found.append(message_id)
            continue
        if direction == "in":  # a responder's words: a note, a word about them
            codes_in, names_in = typed_codes, typed_names
        else:
            codes_in, names_in = code_words, whole_names
        has_number = bool(national) and national in re.sub(r"\D", "", text)
        has_name = names_in is not None and names_in.search(text) is not None
        has_code = codes_in is not None and codes_in.search(text) is not None
        if has_number or has_name or has_code:
            found.append(message_id)
    return found


def _words(words: set[str], flags: int = 0) -> re.Pattern[str]:
    """Any of these as a whole word."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


def _codes(session: Session, case_ids: tuple[int, ...]) -> set[str]:
    return set(session.scalars(select(Case.code).where(Case.id.in_(case_ids))))


def _close_open_cases(session: Session, case_ids: tuple[int, ...], now: datetime) -> int:
    """Close the cases still open through routing's own close: their offers close and their
    escalation timers find nothing to do. Returns how many were closed."""
    closed = 0
    for case in session.scalars(
        select(Case).where(Case.id.in_(case_ids), Case.status != "closed").order_by(Case.id)
    ):
        closed += close_case(session, case, ERASURE_ACTOR, ERASED_OUTCOME, now, erased=True).ok
    return closed


def _names(session: Session, case_ids: tuple[int, ...]) -> set[str]:
    names = set()
    for case in session.scalars(select(Case).where(Case.id.in_(case_ids))):
        name = case_details(case).get("name")
        if isinstance(name, str) and len(name.strip()) >= 2:
            names.add(name.strip())
    return names


def _rows_for(session: Session, hashes: tuple[str, ...]) -> int:
    return session.scalar(
        select(func.count()).select_from(Contact).where(Contact.phone_hash.in_(hashes))
    )


def plan_erasure(session: Session, phone: str) -> ErasurePlan:
    """What ``erase_person`` would do for this E.164 number; changes nothing."""
    contact = find_contact(session, phone)
    hashes = lookup_hashes(phone)
    if len(hashes) > 1 and _rows_for(session, hashes) > 1:
        raise ErasureRefused(
            "this number has two records, under two lookup keys: run `flask keys rotate-lookup` "
            "first, which joins them, then erase"
        )
    partner_cases = _partner_cases(session, phone)
    if contact is None:
        return ErasurePlan(None, False, 0, (), partner_cases)
    if session.scalar(select(Responder.id).where(Responder.contact_id == contact.id)):
        raise ErasureRefused(
            "this number belongs to a responder: take them off the roster, not through erasure"
        )
    messages = session.scalars(
        select(Message.id).where(Message.contact_id == contact.id, Message.body.is_not(None))
    ).all()
    cases = session.scalars(select(Case.id).where(Case.contact_id == contact.id)).all()
    # A partner referral with consent to text is linked to the contact too: count it once.
    partner_cases = tuple(case_id for case_id in partner_cases if case_id not in cases)
    alerts = session.scalar(
        select(AlertSubscription.id).where(AlertSubscription.contact_id == contact.id)
    )
    return ErasurePlan(
        contact.id,
        contact.opted_out,
        len(messages),
        tuple(cases),
        partner_cases,
        alerts=alerts is not None,
    )


def _clear(session: Session, column, where) -> int:
    """Set an encrypted column to NULL where it is not already; returns rows changed."""
    table = column.class_
    result = session.execute(
        update(table)
        .where(where, column.is_not(None))
        .values({column.key: None})
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def erase_person(session: Session, phone: str, now: datetime) -> ErasureReport:
    """Erase one person's data (in the caller's transaction); see the module's docstring.

    The person's contact is locked first, as a text being handled locks it before their
    cases: an erasure at that moment waits for the text instead of deadlocking with it. What
    to erase is read again under the lock: the text waited for may have opened a case or
    opted the number out."""
    plan = plan_erasure(session, phone)
    if plan.contact_id is None:
        return _erase(session, plan, phone, now)
    with contact_lock(session, plan.contact_id):
        return _erase(session, plan_erasure(session, phone), phone, now)


def program_zone() -> ZoneInfo:
    """The program's time zone, whose days the figures count in."""
    try:
        return ZoneInfo(runtime.current().settings.timezone)
    except RuntimeError:  # no app: the default
        return ZoneInfo(Settings.timezone)


def _day_of(moment: datetime, zone: ZoneInfo) -> datetime:
    """The start of the local day of a moment, stored as the moment is (naive UTC or aware)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    start = datetime.combine(aware.astimezone(zone).date(), time(), zone).astimezone(UTC)
    return start if moment.tzinfo else start.replace(tzinfo=None)


def forget_contact(session: Session, contact_id: int, opted_out: bool) -> int:
    """Delete the person's messages, conversation and alert subscription; keep of the contact
    row only what the opt-out needs, to the day. Message times would match their cases' and
    searches' times, so no message of theirs stays: the count of people who texted keeps a
    stand-in, a row with no number that texted once, without words, at the start of each day
    they did. Retention (``hotline.retention_links``) does the same to a number idle for the
    period. Returns how many message bodies went."""
    zone = program_zone()
    theirs = Message.contact_id == contact_id
    bodies = session.scalar(select(func.count()).where(theirs, Message.body.is_not(None)))
    days = delete_messages_keeping_days(session, theirs, zone)
    session.execute(delete(ConversationSession).where(ConversationSession.contact_id == contact_id))
    session.execute(delete(AlertSubscription).where(AlertSubscription.contact_id == contact_id))
    contact = session.get_one(Contact, contact_id)
    contact.phone = ""
    contact.language = "en"
    contact.last_inbound_at = contact.invalid_at = None
    contact.refuses_police = False
    contact.created_at = _day_of(contact.opted_out_at or contact.created_at, zone)
    if contact.opted_out_at is not None:
        contact.opted_out_at = contact.created_at
    for event in session.scalars(select(OptOutEvent).where(OptOutEvent.contact_id == contact_id)):
        event.at = _day_of(event.at, zone)
    if not opted_out:
        # Unlinked: a new text from this number starts afresh, as a stranger's.
        contact.phone_hash = ERASED_HASH_PREFIX + secrets.token_hex(24)
        contact.phone_hash_key = None
        if days:
            contact.created_at = days[0]
        add_day_stand_ins(session, contact, days)
    elif days:
        stand_in = Contact(
            phone_hash=ERASED_HASH_PREFIX + secrets.token_hex(24), phone="", language="en"
        )
        session.add(stand_in)
        stand_in.created_at = days[0]
        add_day_stand_ins(session, stand_in, days)
    return bodies


def delete_messages_keeping_days(
    session: Session, which: ColumnElement[bool], zone: ZoneInfo
) -> list[datetime]:
    """Delete the messages ``which`` selects; return the start of each local day one of them
    came in, for ``add_day_stand_ins``. Replies to them lose their link."""
    days = local_days(
        session.scalars(select(Message.created_at).where(which, Message.direction == "in")), zone
    )
    session.execute(
        update(Message)
        .where(Message.in_reply_to_id.in_(select(Message.id).where(which)))
        .values(in_reply_to_id=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(Message).where(which).execution_options(synchronize_session=False))
    return days


def local_days(moments: Iterable[datetime], zone: ZoneInfo) -> list[datetime]:
    """The start of each local day among ``moments``, in order, each once."""
    return sorted({_day_of(moment, zone) for moment in moments})


def add_day_stand_ins(session: Session, contact: Contact, days: list[datetime]) -> None:
    """One text without words, sid or case at the start of each day, so the count of people
    who texted (``hotline.figures``) stays as it was, by day."""
    if not days:
        return
    session.flush()
    session.add_all(day_stand_ins(contact.id, days))


def day_stand_ins(contact_id: int, days: list[datetime]) -> list[Message]:
    """The stand-in texts of ``add_day_stand_ins`` for a contact already stored."""
    return [
        Message(
            contact_id=contact_id,
            direction="in",
            body=None,
            status="received",
            purpose=STAND_IN_PURPOSE,
            created_at=day,
            processed_at=day,
        )
        for day in days
    ]


def _erase(session: Session, plan: ErasurePlan, phone: str, now: datetime) -> ErasureReport:
    case_ids = (*plan.cases, *plan.partner_cases)
    # Read before the details go: staff texts may carry the name.
    staff_messages = _staff_messages_about(
        session, phone, _names(session, case_ids), _codes(session, case_ids)
    )
    bodies = _clear(session, Message.body, Message.id.in_(staff_messages))
    closed = 0
    if case_ids:
        session.execute(delete(PartnerReferral).where(PartnerReferral.case_id.in_(case_ids)))
        bodies += _clear(session, Message.body, Message.case_id.in_(case_ids))
        # After the texts' words go: the holder's notice to delete the number, which names
        # only the case's code, must keep its words to be sent.
        closed = _close_open_cases(session, case_ids, now)
        _clear(session, CaseEvent.text, CaseEvent.case_id.in_(case_ids))
        session.execute(
            update(Case)
            .where(Case.id.in_(case_ids))
            .values(details=None, referred_phone_hash=None, contact_id=None, best_time=None)
            .execution_options(synchronize_session=False)
        )
    if plan.contact_id is not None:
        bodies += forget_contact(session, plan.contact_id, plan.opted_out)
    session.flush()
    session.expire_all()
    return ErasureReport(plan.contact_id, plan.opted_out, bodies, len(case_ids), closed)
