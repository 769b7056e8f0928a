"""Which numbers may be a responder's: one check for the admin's responder form and the
roster CSV, so a number refused by one is never set by the other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.contacts import find_contact
from hotline.phones import InvalidPhone, is_us_number, normalize_phone
from models import Case, Responder

if TYPE_CHECKING:
    from hotline.config import Settings


def own_numbers(settings: Settings) -> set[str]:
    """The hotline's numbers (the one people call, the one texts come from), in E.164."""
    own = set()
    for raw in (settings.program_phone, settings.twilio_from_number):
        try:
            own.add(normalize_phone(raw or ""))
        except InvalidPhone:
            continue
    return own


def responder_with_phone(session: Session, phone: str) -> Responder | None:
    """The responder whose number ``phone`` (E.164) is now, if any."""
    contact = find_contact(session, phone)
    if contact is None:
        return None
    return session.scalar(select(Responder).where(Responder.contact_id == contact.id))


def responder_phone_problem(
    session: Session, phone: str, settings: Settings, responder_id: int | None
) -> str:
    """Why ``phone`` (E.164) may not be the number of responder ``responder_id`` (None for a
    new one), or "". Texts from a responder's number are read as commands and offers go to
    it: a texter's number would lose their words and get other people's cases. A responder
    keeping their own number keeps any case of theirs."""
    if phone in own_numbers(settings):
        return f"{phone} is the hotline's own number: give the responder's mobile number."
    if not is_us_number(phone):
        return f"{phone} is not a US number: give a US mobile number that takes texts."
    contact = find_contact(session, phone)
    if contact is None:
        return ""
    holder = session.scalar(select(Responder.id).where(Responder.contact_id == contact.id))
    if holder is not None:
        return "" if holder == responder_id else "Another responder already has that phone number."
    if session.scalar(select(Case.id).where(Case.contact_id == contact.id).limit(1)):
        return (
            f"{phone} belongs to a person with a case on file: their texts would be read as "
            "responder commands. Check the number with the responder."
        )
    return ""
