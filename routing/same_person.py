"""A person's other open cases: their own request by text and a partner's referral of the same
number are separate cases (each keeps its consent, notes and figures; a coordinator closes one
as a duplicate), so whoever holds one must know of the others and who holds them, or two
responders call the same person with different plans.

Only a case's code and its holder's name are said: nothing of what the other case holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import Case, Contact, Responder
from models.crypto import lookup_hashes
from routing.intake import case_details, partner_cases_for
from routing.offers import text_responder

HELD = ("claimed", "contacted")
PURPOSE = "same_person"
NOT_CLAIMED = "not claimed yet"


def person_phone(session: Session, case: Case) -> str | None:
    """The person's number: their contact's, else the one a partner gave."""
    if case.contact_id is not None:
        contact = session.get(Contact, case.contact_id)
        if contact is not None and contact.phone:
            return contact.phone
    phone = case_details(case).get("phone")
    return phone if isinstance(phone, str) and phone else None


def other_open_cases(session: Session, case: Case) -> list[Case]:
    """The person's open cases but ``case``, oldest first: those linked to their contact, and
    a partner's referrals of their number (made without consent to text, one is linked to no
    contact)."""
    phone = person_phone(session, case)
    same: list = []
    if case.contact_id is not None:
        same.append(Case.contact_id == case.contact_id)
    if phone:
        same.append(
            Case.contact_id.in_(
                select(Contact.id).where(Contact.phone_hash.in_(lookup_hashes(phone)))
            )
        )
    ids = set()
    if same:
        ids |= set(session.scalars(select(Case.id).where(or_(*same), Case.status != "closed")))
    if phone:
        ids |= set(partner_cases_for(session, phone, open_only=True))
    ids.discard(case.id)
    if not ids:
        return []
    return list(session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id)))


def _held_by(session: Session, other: Case, viewer_id: int) -> str:
    if other.status not in HELD or other.claimed_by_id is None:
        return NOT_CLAIMED
    if other.claimed_by_id == viewer_id:
        return "yours too"
    holder = session.get(Responder, other.claimed_by_id)
    return f"held by {holder.name if holder else 'another responder'}"


def other_cases_sentence(
    session: Session, case: Case, viewer_id: int, others: Sequence[Case] | None = None
) -> str:
    """What the holder of ``case`` is told of the person's other open cases, or ""
    (``others``: those cases, when the claim already looked them up)."""
    if others is None:
        others = other_open_cases(session, case)
    if not others:
        return ""
    held = [(other.code, _held_by(session, other, viewer_id)) for other in others]
    by_someone_else = any(state.startswith("held by") for _, state in held)
    unclaimed = [code for code, state in held if state == NOT_CLAIMED]
    if len(held) == 1:
        code, state = held[0]
        said = f"This person also has case {code}, {state}"
    else:
        named = [f"{code} ({state})" for code, state in held]
        said = f"This person also has cases {', '.join(named[:-1])} and {named[-1]}"
    if by_someone_else:
        said += ": coordinate before contacting."
    elif unclaimed:
        said += ":"
    else:
        said += "."
    if unclaimed:
        # One responder for one person: take the others too, or have them closed as duplicates.
        if len(unclaimed) == 1:
            said += f" CLAIM {unclaimed[0]} too, or ask a coordinator to close it as a duplicate."
        else:
            said += " CLAIM each too, or ask a coordinator to close them as duplicates."
    return said


def held_elsewhere_sentence(session: Session, case: Case) -> str:
    """What an offer of ``case`` says of the person's other cases someone holds, or "": whoever
    takes it must know a colleague may already be in touch with them."""
    held = []
    for other in other_open_cases(session, case):
        if other.status in HELD and other.claimed_by_id is not None:
            holder = session.get(Responder, other.claimed_by_id)
            held.append((other.code, holder.name if holder else "another responder"))
    if not held:
        return ""
    if len(held) == 1:
        code, name = held[0]
        return f"Same person as {code}, held by {name}: coordinate."
    named = [f"{code} (held by {name})" for code, name in held]
    return f"Same person as {', '.join(named[:-1])} and {named[-1]}: coordinate."


def tell_holders_of_same_person(
    session: Session, case: Case, claimer: Responder, now: datetime, others: Sequence[Case]
) -> list[int]:
    """Whoever else holds another of the person's open cases (``others``) hears, once per
    claim, that ``claimer`` has this one. Returns who was texted."""
    told = []
    for other in others:
        holder_id = other.claimed_by_id
        if other.status not in HELD or holder_id is None or holder_id == claimer.id:
            continue
        if text_responder(
            session,
            holder_id,
            f"Case {case.code}, the same person as your case {other.code}, was claimed by "
            f"{claimer.name}: coordinate before contacting.",
            purpose=PURPOSE,
            idempotency_key=f"{PURPOSE}:{case.id}:{other.id}:{holder_id}:{now.isoformat()}",
            case_id=other.id,
            now=now,
        ):
            told.append(holder_id)
    return told
