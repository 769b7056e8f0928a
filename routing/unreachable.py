"""A person the team has no way to reach: calls do not work for them (text only,
``routing.offers.text_only``) and they opted out of texts (STOP). Until they text START nobody
may call or text them, and then whoever holds the case is told (``routing.opt_outs``). Every
text a responder reads of the case says so in these words, never why calls do not work."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models import Case
from routing.claims import PersonContact, person_contact
from routing.intake import case_details
from routing.offers import text_only

NO_WAY = "opted out of texts and can't take calls"
# GSM-7 and short: said in offers, the CLAIM reply and DETAILS, within their segments.
CANT_BE_REACHED = f"Can't be reached now: {NO_WAY}. Do not call or text them"
IF_START_YOU_HEAR = "If they text START, you'll hear"
IF_START_THE_HOLDER_HEARS = "If they text START, whoever holds the case hears"
# An offer already says "Text only (can't take calls)": what it adds is kept to a line, so a
# plain offer stays within two segments.
IN_AN_OFFER = (
    "Opted out of texts too: no way to reach them now, do not call or text. If they text "
    "START, the holder hears."
)


def no_way_to_reach(case: Case, reach: PersonContact, details: dict[str, Any]) -> bool:
    """Text only, and opted out of texts (a wrong number is another matter: it is nobody's)."""
    return reach.opted_out and not reach.wrong_number and text_only(case, details)


def cannot_be_reached(session: Session, case: Case) -> bool:
    """``no_way_to_reach``, read from the database."""
    return no_way_to_reach(case, person_contact(session, case), case_details(case))
