"""More a person texts after their request was sent ("also i moved, im in ware now", "text me
dont call", "call after 5 not before"): added to each of their open requests made by text, as
a line on the case's timeline, and texted to whoever holds the case.

The holder's text carries the person's words: the holder already has their name and number
(the CLAIM reply gave them), and these words are what they must act on before they call (not
to call at all, not before 5). It goes to the holder alone, never to those offered the case,
and is linked to the case, so retention and erasure clear it with the case's texts. A case
nobody holds yet keeps the note on its timeline for whoever takes it. A holder who was
deactivated, or whose number cannot be texted, would never read it: the coordinators are told
instead that there is a note to read on the case page (their text holds no person's words).

A note that asks not to be texted but called ("please dont text me after this, my husband
reads my texts. call me instead") makes each request's contact method a call, on the
timeline: nobody texts them that we are still trying, and the case is offered as "Prefers a
call". It opts nobody out: they still want to be reached. Not when the note says the phone is
someone else's or gives another number ("dont text this phone anymore its my gfs, use
4135557999"): a call to that phone reaches the girlfriend, so the method stays as it was and
the holder reads the words.

A note that says where the person now is ("i moved to ware", "me mude a ware":
``flows.town_moved``) makes that each request's town, on the timeline: whoever is offered
the case from then on covers where they are. The holder reads the words as any note.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.opting_out import asks_for_calls_not_texts
from flows.sms import as_gsm7, segments
from flows.text import normalise
from models import Case, CaseEvent, Contact, Responder
from routing.claims import HELD, THE_PERSON, open_cases_locked
from routing.escalation import record, tell_coordinators
from routing.offers import text_responder
from routing.withdrawals import own_open_requests

if TYPE_CHECKING:
    from hotline.config import Settings

PERSON_NOTE = "person_note"
# Said in the conversation that sent the request (a crisis at a question, "yes but he cant
# know"): lines on the new case's timeline, with what was told.
SAID_WITH_REQUEST = "said_with_request"
# What a line said with a request may tell (the engine's flags), in words for the case page
# and for whoever claims the case.
TOLD_PHRASES = {
    "crisis": "spoke of suicide or self-harm (given 988)",
    "emergency": "told of an overdose (given the 911 steps)",
}
TOLD = frozenset(TOLD_PHRASES)
# The coordinators' text when the holder cannot read a note.
NOTE_UNREAD = "note_unread"
# On the timeline: the person asked for a call, not texts, in a note.
ASKED_FOR_A_CALL = "asked_for_a_call"
# On the timeline: the person said they now are in another town; offers from now follow it.
MOVED = "town_changed"
# The holder reads the note where they are, in one or two segments; the rest is on the page.
NOTICE_SEGMENTS = 2


def note_requests(
    session: Session,
    contact: Contact,
    text: str,
    now: datetime,
    *,
    message_id: int,
    settings: Settings | None = None,
    town: str | None = None,
) -> list[Case]:
    """Add ``text``, from the inbound message ``message_id``, to each open request of the
    person's made by text, and text each case's holder once (or the coordinators, when the
    holder cannot read it). ``town``: the county town the words say they now are in ("i
    moved to ware"), which becomes each request's town. Returns the cases noted: none when
    this message was noted before (safe to run twice)."""
    text = text.strip()
    if not text:
        return []
    norm = normalise(text)
    wants_a_call = asks_for_calls_not_texts(norm) and not _about_another_phone(text, norm)
    ids = set(session.scalars(own_open_requests(contact)).all())
    noted = []
    for case in open_cases_locked(session, contact):
        if case.id not in ids or _noted_before(session, case, message_id):
            continue
        if wants_a_call and case.contact_method != "call":
            case.contact_method = "call"
            record(session, case, now, ASKED_FOR_A_CALL, actor=THE_PERSON, message_id=message_id)
        if town and case.town != town:
            record(session, case, now, MOVED, actor=THE_PERSON, town=town, was=case.town)
            case.town = town
        told = _tell_of_note(session, case, text, now, message_id, settings)
        record(
            session,
            case,
            now,
            "person_note",
            actor=THE_PERSON,
            text=text,
            message_id=message_id,
            **told,
        )
        noted.append(case)
    return noted


# A phone number given in the note: seven digits or more, however they are spaced.
_A_NUMBER = re.compile(r"(?:\d[\s.()-]*){7,}")
# The phone is someone else's: "its my gfs", "this is my moms phone", "not my phone", "es el
# telefono de mi mama". ("my husband reads my texts" says nothing of whose the phone is.)
_PHONE = r"(?:phone|number|cell|cellphone|fone)"
_SOMEONE_ELSES = re.compile(
    r"\b(?:(?:its|thats|this is|that is|this phone is|this number is|it belongs to|belongs to)"
    r"(?: (?:actually|really|just|only))? (?:my \w+s|his|her|hers|their|theirs|someone elses|"
    r"somebody elses|a friends)\b|"
    rf"(?:my \w+s|his|her|their|someone elses|somebody elses|a friends) {_PHONE}\b|"
    rf"not my {_PHONE}\b|(?:shared|borrowed) {_PHONE}\b|borrowing (?:a|my \w+s|his|her) {_PHONE}|"
    r"no es mi (?:telefono|numero|cel|celular)\b|(?:telefono|numero|cel|celular) (?:es )?de mi "
    r"\w+|es de mi \w+)"
)


def _about_another_phone(text: str, norm: str) -> bool:
    """The note gives another number or says this phone is someone else's: a call to this
    number is no safer than a text."""
    return bool(_A_NUMBER.search(text) or _SOMEONE_ELSES.search(norm))


def note_said_with_request(session: Session, case: Case, said: Any, now: datetime) -> None:
    """Put the words said in the conversation before the request on the new case's timeline,
    each with what it told (a crisis, an emergency), for whoever takes the case."""
    for item in said if isinstance(said, list) else []:
        text = str(item.get("text") or "").strip() if isinstance(item, dict) else ""
        if not text:
            continue
        flags = [f for f in item.get("flags") or [] if f in TOLD]
        extra = {"flags": flags} if flags else {}
        record(session, case, now, SAID_WITH_REQUEST, actor=THE_PERSON, text=text, **extra)


def _tell_of_note(
    session: Session,
    case: Case,
    text: str,
    now: datetime,
    message_id: int,
    settings: Settings | None,
) -> dict[str, Any]:
    """Text the note to the case's holder; to the coordinators when the holder was deactivated
    or their number cannot be texted. The timeline fields that say whom and whether it went."""
    holder_id = case.claimed_by_id if case.status in HELD else None
    if holder_id is None:
        return {}
    holder = session.get(Responder, holder_id)
    sent = (
        holder is not None
        and holder.active
        and text_responder(
            session,
            holder_id,
            holder_notice(case.code, text),
            purpose=PERSON_NOTE,
            idempotency_key=f"{PERSON_NOTE}:{case.id}:{holder_id}:{message_id}",
            case_id=case.id,
            now=now,
        )
    )
    if sent:
        return {"responder_id": holder_id, "told": True}
    if settings is None:
        from routing import runtime

        settings = runtime.current().settings
    reached = tell_coordinators(
        session,
        case,
        now,
        settings,
        NOTE_UNREAD,
        coordinators_notice(case, holder),
        occasion=f":{message_id}",
        leave_out=holder_id,
    )
    return {"responder_id": holder_id, "told": False, "coordinators_told": reached}


def coordinators_notice(case: Case, holder: Responder | None) -> str:
    """The coordinators' text when the holder cannot read the note: GSM-7, no person's words
    or details."""
    name = as_gsm7(holder.name) if holder is not None else "The responder"
    why = (
        "is no longer on the roster" if holder is None or not holder.active else "cannot get texts"
    )
    call = " They now ask for a call, not texts." if case.contact_method == "call" else ""
    return (
        f"Case {case.code}: the person texted more since their request, but {name}, who has "
        f"the case, {why}. Read it on the case page and pass it on, or reassign.{call}"
    )


def said_since(session: Session, case: Case) -> str:
    """The person's notes on the case, oldest first, as one line ("" when none)."""
    notes = session.scalars(
        select(CaseEvent.text)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == PERSON_NOTE)
        .order_by(CaseEvent.at, CaseEvent.id)
    )
    return " / ".join(note for note in notes if note)


def told_with_request(session: Session, case: Case) -> str:
    """What the lines said with the request told, each once, as one sentence ("" when
    nothing): whoever claims the case knows before they call that the person was in crisis
    and was given 988 or the 911 steps. Never the person's words."""
    flags = session.scalars(
        select(CaseEvent.data)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == SAID_WITH_REQUEST)
        .order_by(CaseEvent.at, CaseEvent.id)
    )
    told = dict.fromkeys(f for data in flags for f in (data or {}).get("flags") or ())
    said = " and ".join(TOLD_PHRASES[f] for f in told if f in TOLD_PHRASES)
    return f"Before asking for help, they {said}." if said else ""


def _noted_before(session: Session, case: Case, message_id: int) -> bool:
    notes = session.scalars(
        select(CaseEvent.data).where(CaseEvent.case_id == case.id, CaseEvent.kind == PERSON_NOTE)
    )
    return any((data or {}).get("message_id") == message_id for data in notes)


def holder_notice(code: str, note: str) -> str:
    """The text to a case's holder: the note on one line in GSM-7 (an emoji is "?"), cut at
    a word to fit two segments, saying where the rest is."""
    head = f'Case {code}: the person texted since their request: "'
    words = " ".join(as_gsm7(" ".join(note.split())).split())
    whole = f'{head}{words}"'
    if segments(whole) <= NOTICE_SEGMENTS:
        return whole
    tail = '..." More on the case page.'
    words = words[: NOTICE_SEGMENTS * 153]
    while words and segments(f"{head}{words}{tail}") > NOTICE_SEGMENTS:
        cut = words.rfind(" ")
        words = words[:cut] if cut > 0 else words[:-1]
    return f"{head}{words.rstrip()}{tail}"
