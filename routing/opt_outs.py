"""A person opts out of texts: our own list, and a word to whoever holds a case of theirs.

STOP stops texts, not help: the person's cases stay open, and an unclaimed one stays on offer
(offers go to responders, never to the person). A responder who already holds one may be about
to text them, though, so each holder is told once by SMS, and the case's timeline says so.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models import Case, Contact, OptOutEvent
from routing.claims import HELD, THE_PERSON, WRONG_NUMBER, open_cases_locked
from routing.escalation import record
from routing.offers import tell_holder


def record_opt_out(session: Session, contact: Contact, now: datetime, *, source: str) -> bool:
    """Opt the number out (``source``: "keyword", or Twilio's "twilio_21610") and tell the
    holders of the person's open cases; False, and nothing done, when it already was."""
    if contact.opted_out_at is not None:
        return False
    contact.opted_out_at = now
    session.add(OptOutEvent(contact_id=contact.id, action="out", source=source, at=now))
    tell_holders_of_opt_out(session, contact, now)
    return True


# Who acts when whoever has a referral's number says it is the wrong one, on the timeline.
THE_NUMBER = "whoever has the number"


def record_wrong_number(session: Session, contact: Contact, now: datetime) -> bool:
    """A number a partner's referral gave us, and that we texted first, says it is a wrong
    number: it is opted out (nothing more is ever texted to it, until it texts START), and each
    open case of the number says so on its timeline, its holder told once by SMS, as after an
    opt-out (not "the person opted out": whoever answered is not the person). False, and
    nothing done, when the number was already opted out."""
    if contact.opted_out_at is not None:
        return False
    contact.opted_out_at = now
    session.add(OptOutEvent(contact_id=contact.id, action="out", source=WRONG_NUMBER, at=now))
    for case in open_cases_locked(session, contact):
        holder = case.claimed_by_id if case.status in HELD else None
        told = tell_holder(session, case, holder, wrong_number_notice(case), WRONG_NUMBER, now)
        record(session, case, now, WRONG_NUMBER, actor=THE_NUMBER, **told)
    return True


def wrong_number_notice(case: Case) -> str:
    """The text to a case's holder: one GSM-7 segment, never the person's name or number."""
    return (
        f"Case {case.code}: whoever has the number on file texted that it is a wrong number. "
        "Do not text or call it; check the number with the referrer."
    )


def opted_out_notice(case: Case) -> str:
    """The text to a case's holder: one GSM-7 segment, never the person's name or number."""
    if case.contact_method == "call":
        then = "You may still call them: they asked for a call."
    else:
        then = "They asked for texts, not calls, so call only with care."
    return f"Case {case.code}: the person opted out of texts. Do not text them. {then}"


def tell_holders_of_opt_out(session: Session, contact: Contact, now: datetime) -> list[Case]:
    """Put the opt-out on the timeline of each open case of the person's, and text each
    responder holding one: once per case and holder, whatever re-runs or later opt-outs (after
    a START) follow. Each case is read under its row lock, so a CLAIM in flight either lands
    first and its holder is told here, or waits and its CLAIM reply says "opted out".
    Returns the cases whose timeline says so."""
    noted = []
    for case in open_cases_locked(session, contact):
        holder = case.claimed_by_id if case.status in HELD else None
        told = tell_holder(session, case, holder, opted_out_notice(case), "opted_out", now)
        record(session, case, now, "opted_out", actor=THE_PERSON, **told)
        noted.append(case)
    return noted
