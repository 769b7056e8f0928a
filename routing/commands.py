"""Responders text the hotline number to take and work cases: CLAIM, PASS, RELEASE, CONTACTED,
NOTE, CLOSE, LIST, ON, OFF, HELP.

``handle_responder_text`` answers None when the text is not ours to handle (the number is not
a responder's, or it is an opt-out or opt-in word or MENU, which belong to the texter engine:
responders may use the hotline for themselves, as anyone does); otherwise it returns the
replies to send back. A responder taken off the roster is answered
only for a team command, which is not recorded. Case-insensitive and tolerant of punctuation:
"claim k7qm!", "Claim: K7QM" and "CLAIM K7QM" are the same command.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from flows.engine import FAMILY_FLOW, SELF_FLOW, first_text_asks_for
from flows.interrupts import detect
from flows.reactions import is_reaction
from flows.script import shipped_flows
from models import Case, Contact, Responder
from routing import (
    back_on,
    case_language,
    case_reports,
    claims,
    news_after_request,
    off_call,
    officer_claims,
    person_notes,
    reaching_no_one,
    runtime,
    same_person,
)
from routing.escalation import UNCLAIMED, is_about_responder, local_time, open_offer_holders
from routing.intake import CODE_ALPHABET, CODE_LENGTH, case_details
from routing.matching import POLICE
from routing.offers import RELATIONSHIP_LABELS, TEXT_ONLY, case_summary, text_only
from routing.overdue import overdue_words
from routing.responder_words import (
    about_to_call,
    acknowledges,
    asks_for_details,
    asks_for_no_offers,
    asks_to_pass_a_message,
    declines,
    no_contact_made,
    on_the_way,
    says_reached,
    tells_of_a_case,
    tells_of_own_relapse,
    tells_of_something_done,
)
from routing.system_texts import published_system_texts
from routing.unreachable import CANT_BE_REACHED, IF_START_YOU_HEAR, NO_WAY, no_way_to_reach

if TYPE_CHECKING:
    from hotline.config import Settings

# A HELP reply names the program, gives a person to reach, says how to stop and that rates
# may apply. Three GSM-7 segments while the program name and phone together stay within 59
# characters.
HELP_TEXT = (
    "{program_name} team commands: CLAIM code, PASS code, RELEASE code (hand back), "
    "CONTACTED code (first contact made), NOTE code text, CLOSE code outcome, DETAILS code "
    "(the person's details again), LIST, ON/OFF (OFF TONIGHT ends in the morning). "
    "To reach a person, call {program_phone}. Text STOP to stop all texts. "
    "Msg & data rates may apply."
)
SHORT_HELP = (
    "Not a command I know. Try CLAIM code, PASS code, RELEASE code, CONTACTED code or LIST. "
    "HELP lists all."
)
OUTCOME_HELP = (
    "Outcomes: plan (safety plan), services, naloxone, family, declined, unreachable, "
    "referred, duplicate, other."
)

_WORD = re.compile(r"^\W*([A-Za-z]+)\b\W*(.*)$", re.DOTALL)
_CODE = re.compile(r"^([A-Za-z0-9]+)\b\W*(.*)$", re.DOTALL)
# One part of a code typed in pieces ("VQK-6", "vqk 6"), and the hyphen or spaces after it.
_CODE_PART = re.compile(r"([A-Za-z0-9]+)(\s*-\s*|\s+)?")

ALIASES = {
    "CLAIM": "CLAIM",
    "TAKE": "CLAIM",
    "PASS": "PASS",
    "RELEASE": "RELEASE",
    "UNCLAIM": "RELEASE",
    # Ordinary words too ("drop them off", "hand back the kit"): RELEASE only before a case's
    # code (``LOOSE_WORDS``).
    "DROP": "RELEASE",
    "HANDBACK": "RELEASE",
    "CONTACTED": "CONTACTED",
    "CONTACT": "CONTACTED",
    "REACHED": "CONTACTED",
    "NOTE": "NOTE",
    "CLOSE": "CLOSE",
    "CLOSED": "CLOSE",
    "LIST": "LIST",
    "CASES": "LIST",
    "ON": "ON",
    "OFF": "OFF",
    "HELP": "HELP",
    # INFO alone is HELP (as carriers expect); with a case's code, DETAILS (``do_help``).
    "INFO": "HELP",
    "DETAILS": "DETAILS",
    "DETAIL": "DETAILS",
    "COMMANDS": "HELP",
    # Mistyped CLAIMs: CLAIM only before a case's code (``LOOSE_WORDS``), as "clam" and "calm"
    # are words too.
    "CLAME": "CLAIM",
    "CLIAM": "CLAIM",
    "CALIM": "CLAIM",
    "CLAIN": "CLAIM",
    "CLAM": "CLAIM",
    # Responders' texts are all in English: a Spanish command word gets the commands, in
    # English, and does nothing (``do_commands_in_english``).
    "AYUDA": "EN_ESPANOL",
    "LISTA": "EN_ESPANOL",
    "RECLAMAR": "EN_ESPANOL",
    "COMANDOS": "EN_ESPANOL",
}
OUTCOME_WORDS = {
    "plan": "safety_plan",
    "safety": "safety_plan",
    "services": "connected_to_services",
    "connected": "connected_to_services",
    "naloxone": "naloxone_provided",
    "narcan": "naloxone_provided",
    "family": "family_supported",
    "declined": "declined",
    "unreachable": "unreachable",
    "referred": "referred_elsewhere",
    "duplicate": "duplicate",
    "other": "other",
}
# Outcomes said anywhere in a CLOSE ("gave him narcan and a safety plan"), the first of
# ``claims.OUTCOMES`` said wins; stricter words than ``OUTCOME_WORDS``, which are read only
# first ("plan to call back" is no safety plan).
OUTCOMES_SAID = (
    ("safety_plan", r"safety ?plan"),
    ("connected_to_services", r"services|connected|detox|treatment|rehab|inpatient|outpatient"),
    ("naloxone_provided", r"narcan|naloxone"),
    ("family_supported", r"family (?:support|supported)"),
    ("declined", r"declined|refused|not interested"),
    ("unreachable", r"unreachable"),
    ("referred_elsewhere", r"referred"),
    ("duplicate", r"duplicate"),
)
# An outcome word said with a "not" a few words before it, in the same clause ("refused
# narcan", "not ready for detox"), is no outcome.
_NEGATED_OUTCOME = re.compile(
    r"\b(?:no|not|never|didnt|didn't|doesnt|doesn't|wont|won't|wouldnt|wouldn't|declined|"
    r"refused|without)\b(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)


# ON and OFF are the word alone or with these: "off for the night", "on call now". A sentence
# ("off to see him", "on my way") is no change of availability.
AVAILABILITY_WORDS = frozenset(
    [
        "call",
        "duty",
        "shift",
        "now",
        "today",
        "tonight",
        "for",
        "the",
        "night",
        "day",
        "weekend",
        "rest",
        "of",
        "this",
        "again",
        "please",
        "pls",
        "thanks",
        "thx",
    ]
)


# "hand back K7QM", "give it back K7QM": one word, HANDBACK, for the parser.
_HAND_BACK = re.compile(r"^\W*(?:hand|give)\s*(?:it\s+)?back\b", re.IGNORECASE)
LOOSE_WORDS = frozenset({"DROP", "HANDBACK", "CLAME", "CLIAM", "CALIM", "CLAIN", "CLAM"})
# Loose words that are a command alone too: "drop" alone asks which case, as RELEASE alone
# does. Not "hand back" ("give it back" may be a kit), and a mistyped CLAIM alone claims nothing.
ALONE_WORDS = frozenset({"DROP"})
# A correction before a command: "oops meant claim K7QM", "sorry, PASS K7QM".
_CORRECTION = re.compile(
    r"^\W*(?:(?:oops|oop|whoops|sorry|sry|my bad|typo|i meant|meant|i mean)\b\W*)+",
    re.IGNORECASE,
)


def _without_correction(text: str) -> str:
    """The text with a correction before a command word taken off ("oops meant claim K7QM" is
    CLAIM K7QM, not a code MEANT); any other text as it is."""
    stripped = _CORRECTION.sub("", text, count=1)
    first = _WORD.match(stripped)
    if stripped != text and first is not None and first.group(1).upper() in ALIASES:
        return stripped
    return text


def parse(text: str) -> tuple[str | None, str | None, str]:
    """(command, code, rest): command upper-cased (None when unknown), code upper-cased."""
    text = _HAND_BACK.sub("HANDBACK", _without_correction(text or ""), count=1)
    match = _WORD.match(text)
    if not match:
        return None, None, ""
    command = ALIASES.get(match.group(1).upper())
    rest = match.group(2).strip()
    # Only the first clause says when: "off tonight, kid is sick" is OFF with a reason.
    when = re.split(r"[,.;:!?]|\s-\s", rest, maxsplit=1)[0]
    if command in ("ON", "OFF") and not set(re.findall(r"\w+", when.lower())) <= (
        AVAILABILITY_WORDS
    ):
        command = None
    code_match = _CODE.match(rest)
    if not code_match:
        return command, None, ""
    code, after = code_match.group(1).upper(), code_match.group(2).strip()
    if len(code) < CODE_LENGTH:
        code, after = _code_in_parts(rest) or (code, after)
    if not _typed_as_code(code):  # "Pass, sorry", "claim it": a bare command and words
        return command, None, rest
    return command, code, after


def read_command(
    text: str, is_case_code: Callable[[str], bool]
) -> tuple[str | None, str | None, str]:
    """``parse``, with a command said in ordinary words (``LOOSE_WORDS``: "drop", "hand back",
    "clame") taken as one only when a case's code follows, or alone (``ALONE_WORDS``):
    "drop K7QM" is RELEASE, and so is "drop", which asks which case; "drop them off at the
    library" is no command."""
    command, code, rest = parse(text)
    first = _WORD.match(_HAND_BACK.sub("HANDBACK", _without_correction(text or ""), count=1))
    word = first.group(1).upper() if first is not None else ""
    if word in ALONE_WORDS and not first.group(2).strip():
        return command, None, ""
    if word in LOOSE_WORDS and not (code and is_case_code(code)):
        return None, None, ""
    return command, code, rest


def _typed_as_code(word: str) -> bool:
    """A word meant as a case code, even a mistyped one: a code's length, a digit, or only a
    code's letters. "SORRY" and "IT" are words: other lengths, with letters no code has (I, L,
    O, S). "OOPS" is taken as a mistyped code, refused rather than read as another case."""
    return (
        len(word) == CODE_LENGTH
        or any(char.isdigit() for char in word)
        or set(word) <= set(CODE_ALPHABET)
    )


def _code_in_parts(rest: str) -> tuple[str, str] | None:
    """A code typed in pieces split by a hyphen or spaces ("VQK-6", "vqk 6", "V-Q-K-6"): the
    pieces joined and the words after them, when they join into exactly a code's length of a
    code's letters ("PASS on it" is not a code ONIT; "CLAIM he is not breathing" still gets
    911, as no code HEIS can exist)."""
    code, position, end = "", 0, 0
    while len(code) < CODE_LENGTH:
        part = _CODE_PART.match(rest, position)
        if part is None:
            return None
        code, position, end = code + part.group(1), part.end(), part.end(1)
    code = code.upper()
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return None
    return code, re.sub(r"^\W*", "", rest[end:]).strip()


def parse_outcome(text: str) -> tuple[str | None, str]:
    """(outcome, note): the outcome word (or its full name) first, anything after it a note;
    else an outcome said anywhere ("gave him narcan and a safety plan", ``OUTCOMES_SAID``), or
    words that say nobody was reached, unreachable ("could not reach - no answer x3", "didnt
    pick up, vm full"), all the words the note. (None, all the words) when none is said."""
    words = text.strip().split(maxsplit=1)
    if not words:
        return None, ""
    first = re.sub(r"[^a-z_]", "", words[0].lower())
    outcome = first if first in claims.OUTCOMES else OUTCOME_WORDS.get(first)
    if outcome is not None:
        return outcome, words[1] if len(words) > 1 else ""
    said = _outcome_said(text)
    if said is None and no_contact_made(text):
        said = "unreachable"
    return said, text.strip()


def _outcome_said(text: str) -> str | None:
    """The first of ``OUTCOMES_SAID`` said anywhere in the text, and not with a "not"."""
    for outcome, words in OUTCOMES_SAID:
        for match in re.finditer(rf"\b(?:{words})\b", text, re.IGNORECASE):
            clause = re.split(r"[,.;:!?]|\s-\s|\bbut\b", text[: match.start()])[-1]
            if not _NEGATED_OUTCOME.search(clause):
                return outcome
    return None


def active_responder(session: Session, contact: Contact) -> Responder | None:
    return session.scalar(
        select(Responder).where(Responder.contact_id == contact.id, Responder.active.is_(True))
    )


def handle_responder_text(
    session: Session, contact: Contact, text: str, now: datetime
) -> list[str] | None:
    """The replies to a responder's text, or None when the text is not a team command's to
    answer (not a responder's number, STOP/START and the like, or an emergency, which gets
    911 and naloxone steps from the conversation engine like anyone else's). A team command
    from a responder taken off the roster is answered by ``answer_former_responder``."""
    if contact.opted_out:  # START and the rest are the texter engine's, reports aside
        return answer_opted_out_responder(session, active_responder(session, contact), text, now)
    responder = active_responder(session, contact)
    if responder is None:
        return answer_former_responder(session, contact, text, runtime.current().settings)
    return answer_responder(session, responder, text, now)


# What a responder who opted out of texts (STOP) may still report, with no reply: what they
# did about cases they hold, and giving cases or offers back. CLAIM and ON would bring them
# case texts and offers, which nobody may send them, and the rest is only a reply.
RECORDED_WHEN_OPTED_OUT = frozenset({"CONTACTED", "NOTE", "CLOSE", "RELEASE", "PASS", "OFF"})


def answer_opted_out_responder(
    session: Session, responder: Responder | None, text: str, now: datetime
) -> list[str] | None:
    """A report from an active responder whose number opted out ("CONTACTED K7QM talked"):
    recorded, with no reply, as nothing may be texted to them ([]). None for anything else,
    START included: the texter engine's, as for anyone who opted out."""
    if responder is None:
        return None
    is_case_code = _is_case_code(session)
    if is_reaction(text) or not for_the_team(text, is_case_code):
        return None
    command, code, rest = read_command(text, is_case_code)
    if command not in RECORDED_WHEN_OPTED_OUT:
        return None
    HANDLERS[command](Request(session, responder, code, rest, now))
    return []


NOT_ON_ROSTER = (
    "You're no longer on the active on-call roster, so this was not recorded. If it's about a "
    "case, please call {program_phone} to pass it on."
)


def answer_former_responder(
    session: Session, contact: Contact, text: str, settings: Settings
) -> list[str] | None:
    """A team command from the number of a responder taken off the roster (who may have
    reached the person, or may not know): not the texter's menu, where their report would
    vanish, but why it was not recorded and whom to call. None for anything else, HELP
    included: the texter engine answers it, as for anyone."""
    is_case_code = _is_case_code(session)
    command, _, _ = read_command(text, is_case_code)
    if command is None or command in ("HELP", "EN_ESPANOL"):
        return None
    if not for_the_team(text, is_case_code):
        return None
    former = session.scalar(
        select(Responder.id)
        .where(Responder.contact_id == contact.id, Responder.active.is_(False))
        .limit(1)
    )
    if former is None:
        return None
    return [NOT_ON_ROSTER.format(program_phone=settings.program_phone)]


def _is_case_code(session: Session) -> Callable[[str], bool]:
    return lambda code: claims.find_case(session, code) is not None


# Commands about one case: the words after its code are the responder's report, whatever
# they say ("CLOSE K7QM unreachable - not responding" is not a call for help).
CASE_COMMANDS = frozenset({"CLAIM", "PASS", "RELEASE", "CONTACTED", "NOTE", "CLOSE", "DETAILS"})


# What the texter engine answers for anyone, responders too: the overdose steps, 988, the first
# steps for a call for help, and a naloxone search ("narcan amherst" for someone they met).
FOR_EVERYONE = frozenset({"emergency", "crisis", "urgent", "naloxone"})


def for_the_team(text: str, is_case_code: Callable[[str], bool]) -> bool:
    """False for texts that belong to the texter engine whoever sends them: opt-out words,
    MENU (a responder's own conversation with the hotline starts, as anyone's does), and
    what it answers for everyone (``FOR_EVERYONE``: 911 and naloxone steps first,
    for responders too), except a command naming one of our cases by its code
    (``is_case_code``): its words are a report."""
    interrupt = detect(text)
    # STOP, or "stop texting me"; MENU, or "start over"
    if interrupt is not None and interrupt.kind in ("opt_out", "menu"):
        return False
    if interrupt is None or interrupt.kind not in FOR_EVERYONE:
        return True
    if interrupt.kind == "naloxone" and tells_of_a_case(text):
        return True  # "gave him a narcan kit", "shes gonna need narcan": a report, no search
    command, code, _ = read_command(text, is_case_code)
    # Only a code that is a case's: "CLAIM THAT guy is not breathing" still gets 911.
    return command in CASE_COMMANDS and code is not None and is_case_code(code)


def answer_responder(
    session: Session,
    responder: Responder | None,
    text: str,
    now: datetime,
    *,
    in_conversation: bool = False,
    in_search: bool = False,
) -> list[str] | None:
    """The replies to a team command from ``responder`` (already known to be active), or None
    when the text is not the team's (see ``for_the_team``) or there is no responder.

    ``in_conversation``: the responder's own conversation with the hotline waits for their
    answer (they texted MENU, say). Only a command in so many words is the team's then (a case
    command with a case's code, or a command word alone); the rest answers their question,
    except a report about someone while the question is the naloxone finder's (``in_search``):
    a responder who searched once is not stuck there, their reports taken for places."""
    if responder is None:
        return None
    if is_reaction(text):
        return _answer_reaction(session, responder, text)
    is_case_code = _is_case_code(session)
    if not for_the_team(text, is_case_code):
        return None
    command, code, rest = read_command(text, is_case_code)
    if (
        in_conversation
        and not _in_so_many_words(text, command, code, is_case_code)
        and not (in_search and _heard_in_a_search(session, responder, text))
    ):
        return None
    if asks_for_no_offers(text) and not (command in CASE_COMMANDS and code and is_case_code(code)):
        return [NO_OFFERS_TEXT]  # "take me off tonight" is no CLAIM of a case ME
    if command is None and acknowledges(text) and not claims.open_offers(session, responder):
        return []  # "got it" to a notice: nothing asked. To an offer, it is told how to take it.
    answered = _yes_to_an_ask(session, responder, text, now) if command is None else None
    if answered:
        return answered
    if command is None:
        return [_not_a_command(session, responder, text, now)]
    handler = HANDLERS[command]
    return handler(Request(session, responder, code, rest, now))


def _bare_yes(text: str) -> bool:
    return re.fullmatch(r"\W*(?:yes|y|yeah|yep|si)\W*", text, re.IGNORECASE) is not None


def _yes_to_an_ask(
    session: Session, responder: Responder, text: str, now: datetime
) -> list[str] | None:
    """A bare YES after a CLAIM asked first ("Reply CLAIM K7QM YES"): with one such ask
    open, the claim it confirms; with several, which one; with none, None."""
    if not _bare_yes(text):
        return None
    asked = case_language.asked_claims(session, responder, now)
    if len(asked) == 1:
        return do_claim(Request(session, responder, asked[0].code, "YES", now))
    if asked:
        codes = " or ".join(f"CLAIM {case.code} YES" for case in asked[:3])
        return [f"Which case? Reply {codes} to take it anyway."]
    return None


def _heard_in_a_search(session: Session, responder: Responder, text: str) -> bool:
    """Words the naloxone finder would take for a place, but that are the team's: a report
    about someone, the responder's own relapse, or words naming a case they hold by its code
    ("whats the number for K7QM")."""
    if tells_of_a_case(text) or tells_of_own_relapse(text):
        return True
    words = {word.upper() for word in re.findall(r"[A-Za-z0-9]+", text)}
    return any(case.code in words for case in claims.my_cases(session, responder))


def _in_so_many_words(
    text: str, command: str | None, code: str | None, is_case_code: Callable[[str], bool]
) -> bool:
    """A team command no answer to a question could be: a case command with one of our
    cases' codes ("CLAIM K7QM"), or a command word alone ("LIST", "claim", "off tonight")."""
    if command in (*CASE_COMMANDS, "HELP") and code is not None and is_case_code(code):
        return True  # "info K7QM" too: DETAILS
    if command in ("ON", "OFF"):  # only ever the word alone or with "tonight", "for now"...
        return True
    return re.sub(r"[^A-Z]", "", text.upper()) in HANDLERS


def _answer_reaction(session: Session, responder: Responder, text: str) -> list[str]:
    """A phone's reaction (a thumbs up on a notice or a reply of ours) is never a command, even
    when the quote holds one ("Reply CLAIM K7QM"), and gets no answer, at night as by day; only
    a reaction to the offer of a case still open to them is told how to take it."""
    quoted = {word.upper() for word in re.findall(r"[A-Za-z0-9]+", text)}
    offers = [case for case in claims.open_offers(session, responder) if case.code in quoted]
    return [_how_to_take(offers)] if offers else []


# A responder's "who is this": whose line this is, where the commands are, and a person. One
# GSM-7 segment while the program name and phone together stay within 36 characters.
WHO_TEXT = (
    "This is the {program_name} team's case line: case offers and case texts come from here. "
    "HELP lists the commands. To reach a person, call {program_phone}."
)
# The answer to "stop sending me cases tonight": what OFF does, and nothing done yet.
NO_OFFERS_TEXT = (
    "To pause case offers, text OFF (or OFF TONIGHT, which ends in the morning): offers you "
    "hold go on to the team and cases you claimed stay yours. Text ON to get offers again."
)
NO_MESSAGES = (
    "We can't pass messages to the person from this line. Please text or call them yourself: "
    "their number and how they want to be reached came with your CLAIM."
)
# The same, when the one case held is of a person who opted out of texts, or of a number
# whoever has it said is a wrong one: "text or call" would send a text nobody may get.
NO_MESSAGES_CALL_ONLY = (
    "We can't pass messages to the person from this line. They opted out of texts, so do not "
    "text them: please call them yourself. Their number came with your CLAIM."
)
# The same, when the one case held is of a person who opted out and can't take calls either.
NO_MESSAGES_NO_WAY = (
    f"We can't pass messages to the person from this line. They {NO_WAY}: do not call or text "
    f"them. {IF_START_YOU_HEAR}."
)
NO_MESSAGES_WRONG_NUMBER = (
    "We can't pass messages to the person from this line. Whoever has their number said it is "
    "a wrong number: do not text or call it, check the number with the referrer."
)


# Said after "Not a command I know" to words of the responder's own need or a loved one's:
# responders are people too, and the hotline is theirs as anyone's.
FOR_YOURSELF = "To use the hotline for yourself or someone you love, text MENU."
# "I", "my", "me" (and "yo", "mi"): their own need, not that of the person in a case.
_FIRST_PERSON = re.compile(
    r"\b(?:i|im|i'm|ive|i've|id|i'd|me|my|myself|mine|yo|mi|estoy|necesito)\b", re.IGNORECASE
)
OWN_NEEDS = frozenset({SELF_FLOW, FAMILY_FLOW})


def speaks_of_own_need(text: str) -> bool:
    """The words, said in the first person, name what a first text to the hotline would: help
    for themselves or a loved one ("I relapsed", "my son overdosed last night"). Never words
    about the person of a case ("she wants detox", "her mom picked up"). Read with the shipped
    menu's words: the hint only points to MENU, whose published menu reads the rest."""
    return bool(_FIRST_PERSON.search(text)) and (
        first_text_asks_for(shipped_flows(), text) in OWN_NEEDS
    )


def _not_a_command(session: Session, responder: Responder, text: str, now: datetime) -> str:
    """The answer to a text that is no command: "who is this" is told plainly; words that mean
    a command ("cant tonight", "omw") are told the command, which only the responder's own
    command does (``routing.responder_words``); "yes" or "ok" to someone holding open offers
    is told how to take them, as a reply to an offer is the likeliest meaning."""
    settings = runtime.current().settings
    said = detect(text)
    if said is not None and said.kind == "who":
        return WHO_TEXT.format(
            program_name=settings.program_name, program_phone=settings.program_phone
        )
    if tells_of_own_relapse(text):
        return OWN_RELAPSE
    if asks_to_pass_a_message(text) and claims.my_cases(session, responder):
        return _no_messages(session, responder)
    kept = _report_kept(session, responder, text, now)
    if kept is not None:
        return kept
    if on_the_way(text):
        waiting = _waiting_for_contact(session, responder)
        no_calls = _text_only_reminders(session, responder, text)
        if waiting:
            return " ".join([_how_to_mark_contacted(waiting), *no_calls])
        if no_calls:
            return " ".join(no_calls)
    offers = claims.open_offers(session, responder)
    own = f" {FOR_YOURSELF}" if speaks_of_own_need(text) else ""
    naloxone = said is not None and said.kind == "naloxone"
    if not own and (tells_of_something_done(text) or (naloxone and tells_of_a_case(text))):
        return _how_to_note(claims.my_cases(session, responder))
    if not offers:
        return SHORT_HELP + own
    if declines(text):
        return _how_to_pass(offers)
    return f"Not a command I know. {_how_to_take(offers)} HELP lists all.{own}"


# A responder's own relapse told: kindness, support lines (DOMAIN.md), and the hotline's own
# help. Never an echo of their words ("clean"), never a command hint. GSM-7.
OWN_RELAPSE = (
    "Thank you for telling us. That takes courage, and you deserve support too. You can call "
    "or text 988 any time, or call the MA Substance Use Helpline at 800-327-5050. To use this "
    "hotline for yourself, text MENU."
)


def _no_messages(session: Session, responder: Responder) -> str:
    """The answer to a message asked to be passed on ("tell her ill call tomorrow"): text or
    call them yourself, but never "text" for a person who opted out of texts, nor either for
    a number said to be a wrong one or a person who opted out and can't take calls."""
    held = claims.my_cases(session, responder)
    barred = [
        (case, reach) for case in held if (reach := claims.person_contact(session, case)).opted_out
    ]
    if not barred:
        return NO_MESSAGES
    if len(held) == 1:
        case, reach = barred[0]
        if reach.wrong_number:
            return NO_MESSAGES_WRONG_NUMBER
        if no_way_to_reach(case, reach, case_details(case)):
            return NO_MESSAGES_NO_WAY
        return NO_MESSAGES_CALL_ONLY
    return " ".join([NO_MESSAGES, *(_barred_words(case, reach) for case, reach in barred)])


def _barred_words(case: Case, reach: claims.PersonContact) -> str:
    """Why the person of one of several held cases may not be texted, and what is left."""
    if reach.wrong_number:
        return f"Case {case.code}: the number is a wrong one, so do not text or call it."
    if no_way_to_reach(case, reach, case_details(case)):
        return f"Case {case.code}: the person {NO_WAY}, so do not call or text them."
    return f"Case {case.code}: the person opted out of texts, so call only."


def _text_only_reminders(session: Session, responder: Responder, text: str) -> list[str]:
    """A reminder for each case they hold whose person can't take calls, when their words say
    they are about to call ("calling her now"): the person said calls do not work for them."""
    if not about_to_call(text):
        return []
    reminders = []
    for case in claims.my_cases(session, responder):
        if not text_only(case, case_details(case)):
            continue
        then = ", so text them." if claims.person_contact(session, case).may_text else "."
        reminders.append(f"Case {case.code} is text only: the person can't take calls{then}")
    return reminders


def _how_to_note(held: list[Case]) -> str:
    """How to keep a report in words on a case: NOTE and its code. Not kept by guessing the
    case (a report on the wrong person's timeline could reach whoever reads it next)."""
    if len(held) == 1:
        return f"To add this to case {held[0].code}, reply NOTE {held[0].code} and your words."
    if held:
        codes = ", ".join(case.code for case in held)
        return (
            f"To add this to a case, reply NOTE and the code with your words. Your cases: {codes}."
        )
    return "To add this to a case, reply NOTE and the case code with your words."


def _report_kept(session: Session, responder: Responder, text: str, now: datetime) -> str | None:
    """Words about one case the responder holds, named by its code or the person's name
    ("just talked to 8eaw lady", "texted rosa, she answered"): its details again when asked
    for ("whats the number for 8EAW", the code alone), else kept as a note on it, with how to
    mark first contact. None when no one held case is named."""
    named = case_reports.held_cases_named(session, responder, text)
    if len(named) != 1:
        return None
    case = named[0]
    req = Request(session, responder, case.code, "", now)
    bare = re.sub(r"[^A-Z0-9]", "", text.upper()) == case.code
    if bare or (asks_for_details(text) and case.code in text.upper()):
        return " ".join(claim_details(req, case, again=True))
    claims.add_note(session, case, responder, text, req.now)
    reply = f"Saved as a note on case {case.code}."
    if case.contacted_at is None and says_reached(text):
        reply += f" Sounds like you reached them: text CONTACTED {case.code} to record it."
    elif case.contacted_at is None:
        reply += f" When you reach them, text CONTACTED {case.code}."
    return reply


def _how_to_pass(offers: list[Case]) -> str:
    """How to pass on one of ``offers`` (at least one), said to a no in words."""
    first = offers[0].code
    if len(offers) == 1:
        return (
            f"Nothing passed yet. If you can't take case {first}, reply PASS {first} and it "
            "goes to someone else."
        )
    codes = ", ".join(case.code for case in offers)
    return (
        f"Nothing passed yet. You have {len(offers)} open offers: {codes}. Reply PASS and the "
        f"code for each you can't take, e.g. PASS {first}."
    )


def _how_to_mark_contacted(waiting: list[Case]) -> str:
    """How to mark first contact on one of ``waiting`` (at least one), said to "omw"."""
    first = waiting[0].code
    if len(waiting) == 1:
        return (
            f"Thanks. Case {first} is not marked contacted yet: when you reach them, text "
            f"CONTACTED {first}."
        )
    codes = ", ".join(case.code for case in waiting)
    return (
        f"Thanks. Cases waiting for first contact: {codes}. When you reach the person, text "
        f"CONTACTED and the code, e.g. CONTACTED {first}."
    )


def _waiting_for_contact(session: Session, responder: Responder) -> list[Case]:
    """The responder's claimed cases with no first contact yet, oldest deadline first."""
    return [
        case
        for case in claims.my_cases(session, responder)
        if case.status == "claimed" and case.contacted_at is None
    ]


def _how_to_take(offers: list[Case]) -> str:
    """How to take one of ``offers`` (at least one)."""
    first = offers[0].code
    if len(offers) == 1:
        how = f"To take case {first}, reply CLAIM {first}; PASS {first} to pass."
    else:
        codes = ", ".join(case.code for case in offers)
        how = (
            f"You have {len(offers)} open offers: {codes}. Reply CLAIM and the code to take "
            f"one, e.g. CLAIM {first}."
        )
    return how


class Request:
    """One parsed command from one responder."""

    def __init__(
        self, session: Session, responder: Responder, code: str | None, rest: str, now: datetime
    ) -> None:
        self.session = session
        self.responder = responder
        self.code = code
        self.rest = rest
        self.now = now

    @property
    def settings(self) -> Settings:
        return runtime.current().settings

    def case(self) -> Case | None:
        return claims.find_case(self.session, self.code) if self.code else None


def _no_case(code: str) -> list[str]:
    return [f"No case {code}. Check the code, or text LIST for your cases and offers."]


def _need_code(command: str, example: str = "") -> list[str]:
    return [f"Which case? Reply {command} and the case code, e.g. {command} K7QM{example}."]


def _the_case(req: Request, pick: Callable[[], Case | list[str]]) -> Case | list[str]:
    """The case a command names by its code, else the one ``pick`` finds for a command with no
    code; or the reply that says why there is none."""
    if not req.code:
        return pick()
    return req.case() or _no_case(req.code)


def _only_one(cases: list[Case], command: str, what: str, none: str) -> Case | list[str]:
    """The case a command with no code means: the only one of ``cases``, else a reply saying
    which ones there are (``what``), or ``none``."""
    if len(cases) == 1:
        return cases[0]
    if not cases:
        return [none]
    codes = ", ".join(case.code for case in cases)
    return [
        f"You have {len(cases)} {what}: {codes}. "
        f"Reply {command} and the code, e.g. {command} {cases[0].code}."
    ]


def _pick_offer(req: Request, command: str) -> Case | list[str]:
    """The case a bare CLAIM or PASS means: the one open offer. With none, a bare CLAIM means
    the one case whose offer to them lapsed in the last response window (withdrawn when their
    shift ended, or passed) and that they may still claim, as CLAIM and its code would."""
    offers = claims.open_offers(req.session, req.responder)
    if not offers and command == "CLAIM":
        since = req.now - timedelta(hours=req.settings.response_window_hours)
        lapsed = claims.lapsed_offers(req.session, req.responder, since)
        if len(lapsed) == 1:
            return lapsed[0]
        if lapsed:
            codes = ", ".join(case.code for case in lapsed)
            return [
                f"You have no open offers. Cases {codes} are still open to claim. "
                f"Reply CLAIM and the code, e.g. CLAIM {lapsed[0].code}."
            ]
    return _only_one(
        offers, command, "open offers", "You have no open offers. Text LIST to see your cases."
    )


def _pick_uncontacted(req: Request) -> Case | list[str]:
    """The case a bare CONTACTED means: the one claimed case with no first contact yet."""
    return _only_one(
        _waiting_for_contact(req.session, req.responder),
        "CONTACTED",
        "cases waiting for first contact",
        "You have no claimed case waiting for first contact. Text LIST to see your cases.",
    )


def _pick_held(req: Request) -> Case | list[str]:
    """The case a bare DETAILS means: the one case they hold."""
    return _only_one(
        claims.my_cases(req.session, req.responder),
        "DETAILS",
        "cases",
        "You have no claimed cases. Text LIST to see your offers.",
    )


def _refusal(outcome: claims.Outcome, code: str) -> list[str]:
    texts = {
        "peers_only": f"Case {code} asked for peer responders only (no police), so it "
        "goes to a peer. Thank you.",
        "not_offered": f"Case {code} was not offered to you. Text LIST for your offers.",
        "closed": f"Case {code} is already closed.",
        "already_yours": f"Case {code} is already yours.",
        "taken": f"Case {code} was already taken by {outcome.other}.",
        "no_offer": f"You have no open offer for case {code}.",
        "not_open": f"Case {code} is no longer open for offers.",
        "held_by_you": f"Case {code} is yours, so PASS can't hand it back: RELEASE {code} "
        f"does, with a reason if you like. If it's done, CLOSE {code} and an outcome.",
        "offer_not_claimed": f"Case {code} is not yours yet: PASS {code} if you can't take it.",
        "contacted_stays": f"Case {code} is marked contacted, so it stays with you: NOTE {code} "
        f"adds what happened, CLOSE {code} and an outcome closes it. A coordinator can "
        "reassign it.",
        "unclaimed": f"Case {code} is not claimed yet. Reply CLAIM {code} to take it.",
        "not_yours": f"Case {code} is not one of your cases. Text LIST for yours.",
        "already_contacted": f"Case {code} is already marked contacted.",
        "empty": f"Add the note after the code, e.g. NOTE {code} left a voicemail.",
        "outcome": f"How did case {code} end? Reply CLOSE {code} and an outcome. {OUTCOME_HELP}",
    }
    return [texts.get(outcome.reason, f"Case {code}: that did not work ({outcome.reason}).")]


def _sentence(part: str) -> str:
    """A part ended with one full stop, however it already ends ("9:00 AM." or "after 5pm.")."""
    return part if part.endswith((".", "!", "?")) else part + "."


def how_to_reach(case: Case, reach: claims.PersonContact, details: dict[str, Any]) -> list[str]:
    """The phone number, the name to use and how the person asked to be reached. Someone who
    asked for texts and then opted out is neither a texter now nor someone who asked for a
    call: the claimer is told both; one who can't take calls either can't be reached at all."""
    phone = reach.phone or "not given"
    best_time = case.best_time or details.get("best_time")
    best = f", best time: {best_time}" if best_time else ""
    name = [f"Name to use: {details['name']}"] if details.get("name") else []
    if reach.wrong_number:
        return [
            f"Phone: {phone}",
            *name,
            "Whoever has this number texted that it is a wrong number: do not text or call it, "
            "check the number with the referrer",
        ]
    if no_way_to_reach(case, reach, details):
        return [f"Phone: {phone}", *name, CANT_BE_REACHED, IF_START_YOU_HEAR]
    if reach.opted_out and case.contact_method == "text":
        return [
            f"Phone: {phone}",
            *name,
            "They asked for texts, then opted out: do not text them",
            f"They did not ask for calls, so call with care{best}",
        ]
    method = "a call" if case.contact_method == "call" else "a text"
    prefers = f"{TEXT_ONLY}{best}" if text_only(case, details) else f"Prefers {method}{best}"
    return [
        f"Phone: {phone}" + ("" if reach.may_text else " (call only, no texts)"),
        *name,
        prefers,
    ]


def claim_details(
    req: Request,
    case: Case,
    *,
    again: bool = False,
    coordinators_told: bool = True,
    others: Sequence[Case] | None = None,
) -> list[str]:
    """What the winner needs to act: the person's contact details and the deadline, or when
    first contact was made if it was (before the case changed hands, maybe).
    ``again``: the same, asked for again by its holder (DETAILS); ``coordinators_told``: False
    when the claim's language notice reached no other coordinator; ``others``: the person's
    other open cases, when the claim already looked them up."""
    details = case_details(case)
    tz = req.settings.timezone
    due = f"by {local_time(case.due_at, tz)}" if case.due_at else "as soon as you can"
    late = overdue_words(req.session, case, req.now, tz)
    reached = was_reached(case)
    if reached:
        made = f" {local_time(case.contacted_at, tz)}" if case.contacted_at else ""
        first_contact = f"First contact made{made}."
    else:
        first_contact = f"{late}." if late else f"First contact {due}."
    yours = f"Case {case.code} is yours{' (details again)' if again else ''}."
    if not case_language.speaks_case_language(req.responder, case):
        # First thing read: they may need someone who speaks it before they call.
        speakers = case_language.speakers_on_the_roster(req.session, case, req.responder.id)
        passed = case_language.speakers_who_passed(req.session, case, req.responder.id)
        yours += " " + case_language.claimer_notice(case, speakers, passed, coordinators_told)
    parts = [f"{yours} {first_contact}"]
    parts += how_to_reach(case, claims.person_contact(req.session, case), details)
    if told_of := same_person.other_cases_sentence(req.session, case, req.responder.id, others):
        parts.append(told_of)
    parts.append("Peers only: no police" if case.peers_only else "Police OK")
    if details.get("relationship"):
        said = str(details["relationship"])
        parts.append(f"Family member: {RELATIONSHIP_LABELS.get(said, said.replace('_', ' '))}")
    # A crisis or an overdose told before the request (given 988 or the 911 steps): known
    # before the call. The words themselves are on the case page.
    told = person_notes.told_with_request(req.session, case)
    if told:
        parts.append(told)
    # A death or a crisis told since the request: known before the call, as the offer said.
    if since := news_after_request.told_since_request(req.session, case):
        parts.append(since)
    first = " ".join(_sentence(part) for part in parts)
    # How to reach them is said above, once: the summary would repeat "Prefers a text".
    summary = case_summary(case, with_contact_method=False, with_words=True)
    # RELEASE is refused once the person was reached (``claims.hand_back``): never offered then.
    next_steps = REACHED_NEXT_STEPS if reached else FIRST_CONTACT_NEXT_STEPS
    second = f"{summary} {next_steps.format(code=case.code)}"
    if details.get("notes"):
        # A partner's notes may hold health or legal details, up to 2,000 characters: the
        # least data goes by SMS, and the whole reply stays within Twilio's 1,600.
        second += f" {NOTES_ON_THE_CASE_PAGE}"
    # What the person texted since their request ("text me dont call"), as its holder is told
    # (``routing.person_notes``): the one who claims it after must read it before they call.
    said = person_notes.said_since(req.session, case)
    return [first, second, person_notes.holder_notice(case.code, said)] if said else [first, second]


FIRST_CONTACT_NEXT_STEPS = (
    "When you reach them, text CONTACTED {code}. Can't follow up? RELEASE {code}."
)
REACHED_NEXT_STEPS = (
    "NOTE {code} adds what happened; CLOSE {code} and an outcome closes it. Can't follow up? "
    "Ask a coordinator to reassign it."
)


def was_reached(case: Case) -> bool:
    """First contact was made, by whoever held the case then: a case handed on after it (the
    person asked for no police, a coordinator reassigned it) keeps it, and stays with its
    holder (no RELEASE)."""
    return case.contacted_at is not None or case.status == "contacted"


NOTES_ON_THE_CASE_PAGE = (
    "The referrer left notes: read them on the case page in the admin, or ask a coordinator."
)


def do_claim(req: Request) -> list[str]:
    case = _the_case(req, lambda: _pick_offer(req, "CLAIM"))
    if isinstance(case, list):
        return case
    # A police officer is told a peers-only case is peers only whether or not it was offered
    # to them (a code may come from a colleague, or from before the person asked for no
    # police), and nothing more: not whether it is taken or closed (``claims.claim_case``).
    outcome = claims.claim_case(
        req.session,
        case,
        req.responder,
        req.now,
        req.settings,
        confirmed=said_yes(req.rest),
    )
    if outcome.reason == "own_number":
        # The reply to a code that names no case: nothing said of it, not even that it is.
        return _no_case(case.code)
    if outcome.reason == "ask_police_fear":
        asks = [officer_claims.ask_before_claim(case)]
        if outcome.speakers:
            asks.append(case_language.ask_before_claim(case, list(outcome.speakers)))
        return asks
    if outcome.reason == "ask_language":
        case_language.record_ask(req.session, case, req.responder, req.now)
        return [case_language.ask_before_claim(case, list(outcome.speakers))]
    if not outcome.ok:
        return _refusal(outcome, case.code) + _not_read(req, "CLAIM", case)
    details = claim_details(
        req, case, coordinators_told=outcome.coordinators_told, others=outcome.others
    )
    return details + _not_read(req, "CLAIM", case)


def said_yes(rest: str) -> bool:
    """ "CLAIM K7QM YES": taken anyway, after the claim asked first."""
    return re.match(r"(yes|y|si)\b", rest.strip(), re.IGNORECASE) is not None


def do_pass(req: Request) -> list[str]:
    case = _the_case(req, lambda: _pick_offer(req, "PASS"))
    if isinstance(case, list):
        return case
    outcome = claims.pass_case(req.session, case, req.responder, req.now)
    if not outcome.ok:
        return _refusal(outcome, case.code) + _not_read(req, "PASS", case)
    passed = f"Passed on case {case.code}. Thanks for letting us know."
    return [passed, *_not_read(req, "PASS", case)]


# Command words that, after CLAIM or PASS and its code, mean a second command ("CLAIM K7QM
# CONTACTED K7QM"); "contact", "take" and "drop" are left out, as ordinary words of a sentence.
SECOND_COMMANDS = frozenset(
    {"CLAIM", "PASS", "RELEASE", "UNCLAIM", "CONTACTED", "REACHED", "NOTE", "CLOSE", "CLOSED"}
)


def _not_read(req: Request, command: str, case: Case) -> list[str]:
    """What CLAIM and PASS, which read nothing after their code, say when the words after it
    hold a second command or another case's code ("claim K7QM and VQK6"): only the first
    was read. Nothing for other words ("claim K7QM thanks")."""
    words = re.findall(r"[A-Za-z0-9]+", req.rest)
    if any(word.upper() in SECOND_COMMANDS for word in words):
        return [ONE_PER_TEXT]
    others = [
        other
        for word in words
        if len(word) == CODE_LENGTH
        and word.upper() != case.code
        and (other := claims.find_case(req.session, word)) is not None
        and _knows_of(req, other)  # a case they never heard of is no case, as for a wrong code
    ]
    if not others:
        return []
    # Invited only to a command that could work: never to claim a case someone else took, nor
    # a peers-only one as a police officer.
    could = [other for other in others if _could_do(req, command, other)]
    if not could:
        return [ONE_PER_TEXT]
    return [f"{ONE_PER_TEXT} For case {could[0].code}, text {command} {could[0].code}."]


def _knows_of(req: Request, case: Case) -> bool:
    """The responder has heard of the case: it was offered to them, or they coordinate (and
    it is not about their own number)."""
    if claims.was_offered(req.session, case, req.responder):
        return True
    return claims.is_coordinator(req.responder) and not is_about_responder(
        req.session, case, req.responder
    )


def _could_do(req: Request, command: str, case: Case) -> bool:
    """CLAIM or PASS of ``case`` would work for the responder now."""
    if command == "PASS":
        return case in claims.open_offers(req.session, req.responder)
    police = POLICE in (req.responder.roles or ())
    return case.status in UNCLAIMED and not (case.peers_only and police)


ONE_PER_TEXT = "Only the first command in a text is read: send each in a text of its own."


def do_release(req: Request) -> list[str]:
    """Hand a claimed case back to the team; the words after the code are the reason."""
    if not req.code:
        return _need_code("RELEASE", " called into work")
    case = req.case()
    if case is None:
        return _no_case(req.code)
    outcome = claims.hand_back(req.session, case, req.responder, req.now, req.settings, req.rest)
    if not outcome.ok:
        return _refusal(outcome, case.code)
    if not open_offer_holders(req.session, case) and case.next_escalation_at is not None:
        # Nobody else on the roster (the only coordinator on call, say): said plainly, with
        # when the next round offers it again (to them too, if they are on call then).
        again = local_time(case.next_escalation_at, req.settings.timezone)
        return [
            f"Case {case.code} is back with the team, but no one else can be offered it right "
            f"now. It will be offered again on {again}. If you can take it after all, "
            f"CLAIM {case.code}."
        ]
    return [
        f"Case {case.code} is back with the team and being offered again. Thanks for saying so. "
        f"Please delete the person's number, or CLAIM {case.code} if you can take it after all."
    ]


def do_contacted(req: Request) -> list[str]:
    case = _the_case(req, lambda: _pick_uncontacted(req))
    if isinstance(case, list):
        return case
    if no_contact_made(req.rest):  # "CONTACTED K7QM no answer": a try, not a contact
        noted = claims.add_note(req.session, case, req.responder, req.rest, req.now)
        if not noted.ok:
            return _refusal(noted, case.code)
        return [
            f"Case {case.code}: not marked contacted, as it sounds like you have not reached "
            f"them yet. Your words are saved as a note. Text CONTACTED {case.code} once you "
            "reach them."
        ]
    outcome = claims.mark_contacted(req.session, case, req.responder, req.now, note=req.rest)
    if not outcome.ok:
        return _former_holders(req, case, "CONTACTED", outcome) or _refusal(outcome, case.code)
    when = "within the response window" if case.due_at and req.now <= case.due_at else "late"
    recorded = (
        f"Case {case.code}: first contact recorded ({when}). Thank you. "
        f"NOTE {case.code} adds a note; CLOSE {case.code} and an outcome closes it."
    )
    return [recorded, *_overdose_told(req, case)]


def do_note(req: Request) -> list[str]:
    if not req.code:
        return _need_code("NOTE", " called, left a voicemail")
    case = req.case()
    if case is None:
        return _no_case(req.code)
    outcome = claims.add_note(req.session, case, req.responder, req.rest, req.now)
    if not outcome.ok:
        return _former_holders(req, case, "NOTE", outcome) or _refusal(outcome, case.code)
    return [f"Note added to case {case.code}.", *_overdose_told(req, case)]


# The reply to a report from someone who held the case before: kept, with no invitation to
# take it back (it may have been taken from them because the person asked for no police).
FORMER_HOLDER_TEXT = (
    "Case {code} is no longer yours, so nothing on it changed. Your words are saved on its "
    "timeline and the coordinators are told. Thank you."
)


def _former_holders(
    req: Request, case: Case, command: str, refused: claims.Outcome
) -> list[str] | None:
    """A CONTACTED or NOTE refused as "not yours" from a former holder: kept, flagged, and
    the coordinators told (``case_reports``). None for anyone else."""
    if refused.reason != "not_yours" or not case_reports.was_holder(
        req.session, case, req.responder
    ):
        return None
    case_reports.keep_former_holders_report(
        req.session, case, req.responder, command, req.rest, req.now, req.settings
    )
    return [FORMER_HOLDER_TEXT.format(code=case.code)]


def _overdose_told(req: Request, case: Case) -> list[str]:
    """A report of an overdose now ("shes blue and not breathing"), saved already: the 911 and
    naloxone steps for the responder, and the coordinators told."""
    if not case_reports.tells_of_an_overdose_now(req.rest):
        return []
    case_reports.tell_of_an_overdose(
        req.session, case, req.responder, req.rest, req.now, req.settings
    )
    # The published words, as a texter gets them: an admin's edits show here too.
    return published_system_texts(
        req.session, ("emergency_1", "emergency_3"), req.settings, req.now
    )


def do_close(req: Request) -> list[str]:
    if not req.code:
        return _need_code("CLOSE", " services")
    case = req.case()
    if case is None:
        return _no_case(req.code)
    outcome_word, note = parse_outcome(req.rest)
    refused = claims.close_refusal(req.session, case, req.responder)
    if refused is not None:
        return _refusal(refused, case.code)
    reached_said = case.contacted_at is None and _tells_of_contact(note)
    if outcome_word is None and reached_said:
        return [_contact_first(req, case, note)]
    # "other" would count the person not reached while the words say they were.
    if outcome_word == "other" and reached_said:
        return [_not_reached_yet(req, case, outcome_word)]
    outcome = claims.close_case(
        req.session, case, req.responder, outcome_word or "", req.now, note=note
    )
    # No outcome found in their words: the words are kept all the same, and we ask.
    if (
        not outcome.ok
        and outcome.reason == "outcome"
        and note
        and claims.add_note(req.session, case, req.responder, note, req.now).ok
    ):
        return [_refusal(outcome, case.code)[0] + " Your words are saved as a note."]
    if not outcome.ok and outcome.reason == "not_reached":
        return [_not_reached_yet(req, case, outcome_word or "")]
    if not outcome.ok:
        return _refusal(outcome, case.code)
    return [f"Case {case.code} closed ({outcome_word.replace('_', ' ')}). Thank you."]


# A CLOSE whose only word says the person was reached ("CLOSE K7QM reached"): CONTACTED meant.
CONTACT_WORDS = frozenset({"reached", "contacted", "contact", "spoke", "spoken", "talked", "met"})


def _tells_of_contact(words: str) -> bool:
    """The words of a CLOSE say the person was reached ("spoke with him", "reached")."""
    first = re.sub(r"[^a-z]", "", words.split(maxsplit=1)[0].lower()) if words.strip() else ""
    return first in CONTACT_WORDS or says_reached(words)


def _contact_first(req: Request, case: Case, words: str) -> str:
    """A CLOSE with no outcome whose words say the person was reached, on a case nobody marked
    contacted: the contact first, then the outcome. A bare "reached" is no note to keep."""
    bare = re.sub(r"[^a-z]", "", words.lower()) in CONTACT_WORDS
    saved = not bare and claims.add_note(req.session, case, req.responder, words, req.now).ok
    then = f"then CLOSE {case.code} and an outcome. {OUTCOME_HELP}"
    if case.claimed_by_id == req.responder.id:
        reply = (
            f"Sounds like you reached them, but case {case.code} is not marked contacted. "
            f"Text CONTACTED {case.code} first, {then}"
        )
    elif case.claimed_by_id is not None:
        reply = (
            f"Sounds like they were reached, but case {case.code} is not marked contacted. "
            f"Its holder texts CONTACTED {case.code} first (or a coordinator marks it in the "
            f"admin), {then}"
        )
    else:
        reply = (
            f"Sounds like they were reached, but case {case.code} is not marked contacted. "
            f"Mark it contacted in the admin first, {then}"
        )
    return reply + (" Your words are saved as a note." if saved else "")


def _not_reached_yet(req: Request, case: Case, outcome: str) -> str:
    """Why a CLOSE with an outcome that says someone reached the person did not close a case
    nobody marked contacted, and the two ways on: the contact first, or the outcome it had.
    Only the holder can mark it contacted by SMS; anyone else is told who can."""
    if case.claimed_by_id == req.responder.id:
        who = (
            f"If you reached them, text CONTACTED {case.code} first, then CLOSE {case.code} again."
        )
    elif case.claimed_by_id is not None:
        who = (
            f"If someone reached them, its holder texts CONTACTED {case.code} first, or a "
            "coordinator marks it in the admin."
        )
    else:
        who = "If someone reached them, mark it contacted in the admin first."
    return (
        f"Case {case.code} is not marked contacted, so it was not closed as "
        f"{outcome.replace('_', ' ')}. {who} If no one reached them, CLOSE {case.code} unreachable."
    )


def do_list(req: Request) -> list[str]:
    tz = req.settings.timezone
    mine = claims.my_cases(req.session, req.responder)
    offered = claims.open_offers(req.session, req.responder)
    waiting = claims.claimable_by_coordinator(req.session, req.responder)
    if not mine and not offered and not waiting:
        return ["You have no open cases and no open offers."]
    lines: list[str] = []
    if mine:
        lines.append("Your cases:")
        for case in mine:
            if was_reached(case):
                line = f"{case.code} contacted"
            else:
                late = overdue_words(req.session, case, req.now, tz)
                due = f", first contact by {local_time(case.due_at, tz)}" if case.due_at else ""
                line = f"{case.code} claimed" + (f", {late}" if late else due)
            reach = claims.person_contact(req.session, case)
            if reach.wrong_number:
                line += ", wrong number: do not text or call"
            elif no_way_to_reach(case, reach, case_details(case)):
                line += ", can't be reached: opted out, text only"
            elif reach.opted_out:
                line += ", opted out of texts: do not text"
            lines.append(line)
    if offered:
        lines.append("Offered to you:")
        lines += [_unclaimed_line(req, case) for case in offered]
    if waiting:
        # A coordinator may claim any of them, offered or not ("Reply CLAIM" in their notices).
        lines.append("Waiting to be claimed:")
        lines += [_unclaimed_line(req, case) for case in waiting[:LIST_WAITING_AT_MOST]]
        if len(waiting) > LIST_WAITING_AT_MOST:
            lines.append(f"and {len(waiting) - LIST_WAITING_AT_MOST} more, in the admin")
    if offered or waiting:
        lines.append("Reply CLAIM and the code to take one.")
    return ["\n".join(lines)]


# Past this many cases waiting to be claimed, a coordinator's LIST counts the rest: a long
# night's list stays a few texts.
LIST_WAITING_AT_MOST = 10


def _unclaimed_line(req: Request, case: Case) -> str:
    """An unclaimed case in LIST: its code, town and, if due already, how late."""
    late = overdue_words(req.session, case, req.now, req.settings.timezone)
    town = case.town or "town not given"
    return f"{case.code} {town}" + (f", {late}" if late else "")


def do_on(req: Request) -> list[str]:
    """Offers resume, and the waiting cases a step passed them by for are offered at once;
    so are the offers their OFF took back, when this ON ends that OFF."""
    was_off = not req.responder.available or bool(
        off_call.covering_off_by_sms(req.session, req.responder.id, req.now)
    )
    if not req.responder.available:
        req.responder.available = True
    off_call.end_off_by_sms(req.session, req.responder.id, req.now)
    waiting = back_on.offer_waiting_cases(
        req.session,
        req.responder.id,
        req.now,
        req.settings,
        taken_by=back_on.BY_OFF if was_off else None,
    )
    return [
        "You're ON: you'll get case offers during your on-call times. OFF to pause."
        + back_on.waiting_sentence(waiting)
    ]


def do_off(req: Request) -> list[str]:
    """Pause offers; the open ones they hold go on to others at once rather than waiting out
    a step on someone who has gone. "OFF tonight" ("for the night", "today") ends on its own
    (``off_call.off_until``); OFF alone lasts until ON."""
    tz = req.settings.timezone
    said = f"{req.code or ''} {req.rest}"
    until = off_call.timed_off(req.session, req.responder.id, req.now, tz, said)
    if until is not None:
        req.responder.available = True  # the override is what keeps them off, until it ends
        off_call.go_off_until(req.session, req.responder.id, req.now, until)
        reply = (
            f"You're OFF until {off_call.until_words(until, req.now, tz)}, then offers resume "
            "on their own (ON to come back sooner). Cases you have claimed stay yours."
        )
    else:
        if req.responder.available:
            req.responder.available = False
        reply = "You're OFF: no new offers until you text ON. Cases you have claimed stay yours."
    withdrawn = off_call.withdraw_open_offers(
        req.session, req.responder.id, req.now, req.responder.name, "off"
    )
    # A case nobody else can be offered is not "handed on": say it waits on them alone.
    stranded = reaching_no_one.left_to_no_one(
        req.session, withdrawn, req.responder.id, req.now, req.settings
    )
    handed_on = [case for case in withdrawn if case not in stranded]
    codes = ", ".join(case.code for case in handed_on)
    if len(handed_on) == 1:
        reply += f" Your open offer of case {codes} is handed on to the team."
    elif handed_on:
        reply += f" Your open offers of cases {codes} are handed on to the team."
    if stranded:
        reply += " " + reaching_no_one.left_to_no_one_sentence(stranded)
    if claims.is_coordinator(req.responder):
        # routing.matching.coordinators: a case must reach someone.
        reply += (
            " As a coordinator you still hear of cases when no other coordinator can be reached."
        )
    warning = reaching_no_one.leaving_warning(
        req.session, req.responder, req.now, req.settings, "ON"
    )
    if stranded and not warning:
        warning = "Text ON to stay."
    return [f"{reply} {warning}" if warning else reply]


# The one reply to STOP or START from a responder on the roster, in place of the texter's:
# what it means for offers and cases. GSM-7, two segments with the program's name and phone.
OPTED_OUT_TEXT = (
    "You're unsubscribed from {program_name}: no more texts from us, so no case offers or case "
    "texts, until you text START. Any open offers go back to the team, and coordinators hear "
    "of cases you hold. To reach a person, call {program_phone}."
)
# The same when it leaves no coordinator to hear of anything: what that means goes in its place.
OPTED_OUT_LAST_TEXT = (
    "You're unsubscribed from {program_name}: no case offers or case texts until you text "
    "START. {warning} To reach a person, call {program_phone}."
)
OPTED_IN_TEXT = (
    "Welcome back to {program_name}. Case offers and case texts resume during your on-call "
    "times. OFF pauses offers; STOP stops all texts."
)
OPTED_IN_WHILE_OFF_TEXT = (
    "Welcome back to {program_name}. You're still OFF: text ON to get case offers during your "
    "on-call times. STOP stops all texts."
)
# A coordinator still OFF is offered what the coordinator step passed them by for meanwhile.
OPTED_IN_WHILE_OFF_WAITING_TEXT = (
    "Welcome back to {program_name}. You're still OFF (ON for your usual offers), but as a "
    "coordinator you hear of cases no one else can take. STOP stops all texts."
)


def opted_out_reply(
    session: Session, responder: Responder, now: datetime, settings: Settings
) -> str:
    """The reply to a responder's STOP (already applied): if it leaves no coordinator who can
    be texted, it says so plainly, while they can still undo it."""
    warning = reaching_no_one.leaving_warning(session, responder, now, settings, "START")
    # Cases they hold that no coordinator can be told of: named now, as no text follows STOP.
    held = reaching_no_one.held_cases_sentence(session, responder, now)
    warning = " ".join(part for part in (warning, held) if part)
    return (OPTED_OUT_LAST_TEXT if warning else OPTED_OUT_TEXT).format(
        program_name=settings.program_name, program_phone=settings.program_phone, warning=warning
    )


def opted_in_reply(
    session: Session, responder: Responder, now: datetime, settings: Settings
) -> str:
    """The reply to a responder's START; the waiting cases they may take are offered at once,
    the offers their STOP took back among them. Still OFF, a coordinator is offered those the
    coordinator step passed them by for while they had opted out: coordinators hear of cases
    off call too, and nobody else may have."""
    waiting = back_on.offer_waiting_cases(
        session, responder.id, now, settings, taken_by=back_on.BY_STOP
    )
    if not responder.available or off_call.covering_off_by_sms(session, responder.id, now):
        text = OPTED_IN_WHILE_OFF_WAITING_TEXT if waiting else OPTED_IN_WHILE_OFF_TEXT
    else:
        text = OPTED_IN_TEXT
    return text.format(program_name=settings.program_name) + back_on.waiting_sentence(waiting)


def help_text(settings: Settings) -> str:
    """The reply to HELP, with the program's name and phone."""
    return HELP_TEXT.format(
        program_name=settings.program_name, program_phone=settings.program_phone
    )


def do_help(req: Request) -> list[str]:
    if req.code:  # "info K7QM": the case's details
        return do_details(req)
    return [help_text(req.settings)]


def do_details(req: Request) -> list[str]:
    """The claim's details again ("lost the number"), to the case's holder only: anyone else
    learns no more than of a case that is not theirs. With no code, the one case they hold,
    as CLAIM and CONTACTED pick theirs."""
    case = _the_case(req, lambda: _pick_held(req))
    if isinstance(case, list):
        return case
    if case.claimed_by_id != req.responder.id or case.status not in claims.HELD:
        return _refusal(claims.Outcome(False, "not_yours", case), case.code)
    return claim_details(req, case, again=True)


def do_commands_in_english(req: Request) -> list[str]:
    """A Spanish command word ("AYUDA", "LISTA"): the commands, in English, as responders'
    texts are; nothing done, whatever follows ("reclamar K7QM" claims nothing)."""
    return [help_text(req.settings)]


HANDLERS: dict[str, Callable[[Request], list[str]]] = {
    "CLAIM": do_claim,
    "PASS": do_pass,
    "RELEASE": do_release,
    "CONTACTED": do_contacted,
    "NOTE": do_note,
    "CLOSE": do_close,
    "LIST": do_list,
    "ON": do_on,
    "OFF": do_off,
    "HELP": do_help,
    "DETAILS": do_details,
    "EN_ESPANOL": do_commands_in_english,
}
