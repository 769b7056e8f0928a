"""Telling whoever holds a case that someone else closed it.

Any staff member in the admin, or a coordinator by CLOSE by SMS, may close a case a responder
holds (the holder is told "by the team": an admin is no coordinator), and an erasure closes
every open case of the person's. The holder still has the person's number and
may still mean to call: they are told once, in one segment, with the case's code and the
outcome's plain label, never the closing note (it may name the person). What to do next depends
on how it ended: a person who declined, or asked to be erased, is not to be contacted; any
other ending leaves nothing more to do on it. Either way the number goes from the holder's
phone, except for a duplicate: another case of the person's is the one kept, maybe with them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from models import Case
from routing.holder_notices import told_fields
from routing.offers import text_holder

# The purpose of the text to the holder.
CASE_CLOSED = "case_closed"
# Outcomes after which the person is not to be contacted about the case.
DO_NOT_CONTACT = frozenset({"declined"})
# Outcomes where the person's number may still be needed: another case of theirs is the one.
NUMBER_STILL_NEEDED = frozenset({"duplicate"})

DONT_CONTACT = "Please don't contact the person, and delete their number from your phone."
# What a holder who loses a case is asked, having had the person's number since the claim
# (an offer never carries it): least data. With the code, one GSM-7 segment.
DELETE_THE_NUMBER = "Nothing more to do on it: please delete the person's number from your phone."


def closed_by_others_notice(case: Case, outcome: str, *, erased: bool = False) -> str:
    """The text to the holder: the case's code and the outcome's label, nothing of the person."""
    if erased:
        return (
            f"Case {case.code} was closed: the person asked us to erase their data. "
            "Please don't contact them, and delete their number from your phone."
        )
    closed = f"Case {case.code} was closed by the team ({outcome.replace('_', ' ')})."
    if outcome in DO_NOT_CONTACT:
        return f"{closed} {DONT_CONTACT}"
    if outcome in NUMBER_STILL_NEEDED:
        return f"{closed} Nothing more to do on it."
    return f"{closed} {DELETE_THE_NUMBER}"


def tell_holder_of_close(
    session: Session,
    case: Case,
    closed_by: int | None,
    outcome: str,
    now: datetime,
    *,
    erased: bool = False,
) -> dict[str, Any]:
    """Text the responder who held ``case`` as it closed, unless they closed it themselves
    (``closed_by``: the responder who did, None for staff); once per case and holder. The
    closed event's fields that say whom and whether it went (``routing.holder_notices``)."""
    holder = case.claimed_by_id
    if holder is None or holder == closed_by:
        return {}
    message = text_holder(
        session,
        case,
        holder,
        closed_by_others_notice(case, outcome, erased=erased),
        CASE_CLOSED,
        now,
    )
    return {"holder_id": holder, **told_fields("closed", message)}
