"""What a responder reports about a case beyond the commands' own work: an overdose told in a
note (coordinators must hear at once, not when someone next opens the timeline), a report from
someone who held the case before (kept, flagged, and passed to the coordinators, never lost to
"not one of your cases"), and the held case a free-text report names by its code or the
person's name."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from flows.interrupts import detect
from models import Case, CaseEvent, Responder
from routing import claims
from routing.escalation import record, tell_coordinators
from routing.intake import case_details
from routing.responder_words import no_contact_made

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from hotline.config import Settings

# "gave him narcan", "left her a narcan kit": naloxone given, which tells of no overdose now
# ("gave him narcan and a safety plan" is a visit's report).
_NALOXONE_GIVEN = re.compile(
    r"\b(?:gave|give|giving|left|dropped off|handed|brought|got)\s+(?:\w+\s+){0,3}?"
    r"(?:narcan|naloxone)(?:\s+kits?)?\b",
    re.IGNORECASE,
)


# Signs of an overdose no failed try to reach someone explains ("he wont respond" is a phone
# not answered; "not breathing" never is).
_SIGNS = re.compile(
    r"\b(?:blue|purple|gr[ae]y|(?:not|isnt|stopped|barely) breathing|overdos\w*|od(?:ing|ed|d)?|"
    r"unresponsive|unconscious|(?:wont|cant|not) wak\w*|snoring|gurgling)\b",
    re.IGNORECASE,
)


def tells_of_an_overdose_now(words: str) -> bool:
    """A report that tells of an overdose happening now ("shes blue and not breathing"), read
    as the texter engine reads any text, naloxone given set aside, and not a try that reached
    nobody ("he wont respond, will try again tomorrow") unless it names a sign."""
    words = _NALOXONE_GIVEN.sub(" ", words)
    found = detect(words)
    if found is None or found.kind != "emergency":
        return False
    return bool(_SIGNS.search(words.replace("'", ""))) or not no_contact_made(words)


def tell_of_an_overdose(
    session: Session,
    case: Case,
    responder: Responder,
    words: str,
    now: datetime,
    settings: Settings,
) -> None:
    """The coordinators hear at once of an overdose a responder reports on a case."""
    tell_coordinators(
        session,
        case,
        now,
        settings,
        "overdose_told",
        f'Case {case.code}: {responder.name} reports an overdose now: "{words[:300]}". '
        "They were sent the 911 and naloxone steps.",
        occasion=f":{now.isoformat()}",
    )


def was_holder(session: Session, case: Case, responder: Responder) -> bool:
    """The responder held the case before it went back to the team (they handed it back, or it
    was taken from them: the person asked for no police, say)."""
    released = session.scalars(
        select(CaseEvent.data).where(CaseEvent.case_id == case.id, CaseEvent.kind == "released")
    )
    return any((data or {}).get("responder_id") == responder.id for data in released)


def keep_former_holders_report(
    session: Session,
    case: Case,
    responder: Responder,
    command: str,
    words: str,
    now: datetime,
    settings: Settings,
) -> None:
    """A former holder's report (they may have reached the person after all): a note on the
    timeline, flagged, and the coordinators told. Nothing about the case changes: it is not
    theirs, and is never offered back to them for it."""
    event = record(
        session,
        case,
        now,
        "note",
        actor=responder.name,
        text=(words.strip() or command)[: claims.NOTE_LIMIT],
        responder_id=responder.id,
        source="sms",
        former_holder=True,
        command=command,
    )
    session.flush()
    said = f': "{words.strip()[:300]}"' if words.strip() else ""
    tell_coordinators(
        session,
        case,
        now,
        settings,
        "former_holder",
        f"Case {case.code}: {responder.name}, who held it before, texted {command}{said}. "
        "It is not theirs now: please check the case and whoever holds it.",
        occasion=f":{event.id}",
    )


def held_cases_named(session: Session, responder: Responder, text: str) -> list[Case]:
    """The responder's held cases the text names by code ("talked to 8eaw lady") or by the
    person's name ("texted rosa"); by code alone when any code is named."""
    held = claims.my_cases(session, responder)
    words = {word.upper() for word in re.findall(r"[A-Za-z0-9]+", text)}
    by_code = [case for case in held if case.code in words]
    if by_code:
        return by_code
    named = []
    for case in held:
        name = str(case_details(case).get("name") or "").split()
        if name and len(name[0]) > 1 and name[0].upper() in words:
            named.append(case)
    return named
