"""The one text a person gets from routing: at the deadline, when nobody has reached them yet.

A person who texted for help was told someone would reach out "within 24 hours" (a family
member asking for a call, "will call within"); a partner's referral with consent to text was
made on the same promise. When that deadline passes with the case unclaimed, silence would say
nobody is coming: they are texted once that we are still trying, with the program's number and
911. The words are the system flow's ``still_trying`` (editable, and it must say 911).

Never for a number that opted out or cannot take texts, never for a referral without consent
to text (it has no number on file to text), never twice (one idempotency key per case), and
not again for another case while one it was sent for is still waiting for first contact: a
person a partner referred who then texted us has two cases, and one apology is enough.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.engine import system_text
from models import Case, Contact, Message

if TYPE_CHECKING:
    from hotline.config import Settings

STILL_TRYING = "still_trying"
# Cases whose person was promised contact: a texter's (self-referral, a family member who said
# yes to a call: one who said no makes no case) and a partner's referral.
PROMISING_SOURCES = ("text", "partner")


def still_trying_text(session: Session, language: str, settings: Settings, now: datetime) -> str:
    """The published system flow's ``still_trying`` text (else the built-in one), filled in."""
    from hotline.flow_store import flows_for
    from hotline.inbound import engine_settings

    try:
        flows = flows_for(session, None)
    except LookupError:  # a published version gone missing: the built-in words still serve
        flows = {}
    return system_text(flows, STILL_TRYING, language, engine_settings(settings), now)


def tell_person_still_trying(
    session: Session, case: Case, now: datetime, settings: Settings
) -> str | None:
    """Text the person of an unclaimed case at its deadline, once. Returns what the timeline
    should say: "told", "opted_out", "cannot_text", "told_already" (about another case of
    theirs nobody has reached yet), or None when the case makes no promise to a number we
    hold. The caller holds the row lock."""
    from routing.sending import can_text, queue_sms

    if case.source not in PROMISING_SOURCES or case.contact_id is None:
        return None
    contact = session.get(Contact, case.contact_id)
    if contact is None:
        return None
    if not can_text(contact):
        return "opted_out" if contact.opted_out_at is not None else "cannot_text"
    if _told_about_a_case_still_unreached(session, case, contact):
        return "told_already"
    message = queue_sms(
        session,
        contact=contact,
        body=still_trying_text(session, case.language, settings, now),
        purpose=STILL_TRYING,
        idempotency_key=f"{STILL_TRYING}:{case.id}",
        case_id=case.id,
        queue="default",
        now=now,
    )
    return "told" if message is not None else "cannot_text"


def _told_about_a_case_still_unreached(session: Session, case: Case, contact: Contact) -> bool:
    """The person was texted that we are still trying about another case of theirs that nobody
    has reached them on since."""
    told = (
        select(Message.id)
        .join(Case, Case.id == Message.case_id)
        .where(
            Message.contact_id == contact.id,
            Message.purpose == STILL_TRYING,
            Message.direction == "out",
            Case.id != case.id,
            Case.status.in_(("new", "offered", "claimed")),
            Case.contacted_at.is_(None),
        )
        .limit(1)
    )
    return session.scalar(told) is not None
