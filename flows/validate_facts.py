"""The facts each safety text exists to carry, and the flow check that an edit keeps them.

One word per text (``flows.interrupts.REQUIRED_WORDS``: 911, 988, STOP) does not keep a text
whole: emergency steps cut to "Call 911." and "Thanks." still say 911, but no longer tell a
bystander to give naloxone or to stay with the person. Each fact below is said in words the
shipped texts use, per language; any one of a fact's words keeps it. Words are matched as whole
words in any case, with or without accents and punctuation ("Quedese" keeps "quédese"),
except a keyword, which a texter types as the text shows it (STOP), so it must stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from flows.engine import MENU_FLOW, SYSTEM_FLOW
from flows.interrupts import SYSTEM_ONLY_STRINGS
from flows.problem import Problem
from flows.script import Flow
from flows.sms import MAX_BODY
from flows.text import contains_phrase, normalise


@dataclass(frozen=True)
class Fact:
    """Something a safety text must say: ``what`` and ``why`` are told to the admin who took it
    out; ``words`` (per language) are the ways of saying it, any one of which keeps it."""

    what: str
    why: str
    words: Mapping[str, tuple[str, ...]]
    keyword: bool = False


NALOXONE = Fact(
    "naloxone (Narcan)",
    "naloxone reverses an opioid overdose, and a person who does not know that may not give it",
    {"en": ("naloxone", "Narcan"), "es": ("naloxona", "Narcan")},
)
NOT_AN_EMERGENCY_SERVICE = Fact(
    "that we are not an emergency service",
    "a person facing an overdose must not wait on a text line for help",
    {
        "en": ("not an emergency service", "not an emergency line"),
        "es": ("no somos un servicio de emergencia", "no es un servicio de emergencia"),
    },
)
GOOD_SAMARITAN = Fact(
    "the name of the Good Samaritan law",
    "it is the name people know and can look up",
    {"en": ("Good Samaritan",), "es": ("Buen Samaritano",)},
)
STATUTE = Fact(
    "the law it cites (MGL c.94C s.34A)",
    "the reference lets a person check the protection for themselves",
    {"en": ("34A",), "es": ("34A",)},
)
POSSESSION = Fact(
    "that possession is not charged",
    "fear of a drug charge can keep people from calling 911, and this is what the law protects",
    {"en": ("possession",), "es": ("posesion",)},
)
RECOVERY_POSITION = Fact(
    "to lay the person on their side (recovery position)",
    "it helps keep their airway open while help comes",
    {
        "en": ("recovery position", "on their side"),
        "es": ("posicion de recuperacion", "de lado"),
    },
)
SECOND_DOSE = Fact(
    "to give a second dose if there is no response after 2-3 minutes",
    "a person who does not respond to one dose may need another",
    {
        "en": ("2nd dose", "second dose", "another dose"),
        "es": ("2a dosis", "segunda dosis", "otra dosis"),
    },
)
OTHER_NOSTRIL = Fact(
    "that the second dose goes in the other nostril",
    "the spray's own instructions give each dose in alternate nostrils",
    {"en": ("other nostril",), "es": ("otra fosa nasal",)},
)
STAY_WITH_THEM = Fact(
    "to stay with them",
    "naloxone wears off in 30-90 minutes and the overdose can return",
    {
        "en": ("stay with them", "stay with the person"),
        "es": ("quedese con la persona", "quedese con ella", "quedese con el"),
    },
)
WEARS_OFF = Fact(
    "that naloxone wears off in 30-90 minutes",
    "the overdose can return once it does, so the person must not be left",
    {"en": ("30-90 min", "30-90 minutes"), "es": ("30-90 min", "30-90 minutos")},
)
WAKE_THEM = Fact(
    "to try to wake them",
    "a person who wakes to a shout or a hard rub may not need the spray, and one who does not "
    "is overdosing",
    {"en": ("wake them", "try to wake"), "es": ("despertarla", "despertarlo", "despertar")},
)
RESCUE_BREATHS = Fact(
    "to give rescue breaths",
    "an opioid overdose stops breathing, and naloxone takes minutes to work",
    {"en": ("rescue breaths",), "es": ("respiraciones de rescate",)},
)
NOT_ALONE = Fact(
    "to tell someone near them, so they are not alone",
    "a person alone in an overdose cannot give themselves naloxone or call for help",
    {
        "en": ("someone near you", "dont stay alone", "do not stay alone"),
        "es": ("alguien cerca", "no se quede a solas", "no se quede solo", "no se quede sola"),
    },
)
NEVER_USE_ALONE = Fact(
    "the Never Use Alone number, 1-800-484-3731",
    "it stays on the line while a person uses alone and sends help if they stop responding",
    {"en": ("800-484-3731",), "es": ("800-484-3731",)},
)
LOWER_TOLERANCE = Fact(
    "that tolerance is lower after time away",
    "the amount a person took before a break in jail, detox or treatment can now kill them",
    {"en": ("tolerance",), "es": ("tolerancia",)},
)
NOT_BENZOS = Fact(
    "that naloxone does not reverse benzos or alcohol",
    "that is what this text answers",
    {"en": ("benzos", "benzodiazepines"), "es": ("benzos", "benzodiacepinas")},
)
NO_POLICE = Fact(
    'that no police will be involved ("no police")',
    "it answers a person who refused police, and anything less could read as police coming",
    {"en": ("no police",), "es": ("ningun policia", "ninguna policia", "sin policia")},
)
RATES = Fact(
    "that message and data rates may apply",
    "carriers require it in the HELP answer",
    {"en": ("rates may apply", "rates apply"), "es": ("tarifas",)},
)
OPT_OUT = Fact(
    'how to stop our texts ("Reply STOP")',
    "carriers require an opt-out instruction in the first text (in capitals, as the texter "
    "types it)",
    {"en": ("STOP",), "es": ("STOP", "PARAR")},
    keyword=True,
)
NO_MORE_TEXTS = Fact(
    "that no more texts will come",
    "carriers require an opt-out to be confirmed in so many words",
    {
        "en": ("won't get more texts", "no more texts", "will not get more texts"),
        "es": ("ya no recibira mensajes", "no recibira mas mensajes"),
    },
)
OPT_BACK_IN = Fact(
    'how to get texts again ("Text START")',
    "a person who opted out hears nothing from us until they text START (in capitals, as "
    "the texter types it)",
    {"en": ("START",), "es": ("START",)},
    keyword=True,
)
ALERTS_OFF = Fact(
    'how to stop bad batch alerts ("Text ALERTS OFF")',
    "a person signed up for alerts must be able to leave them without leaving every text (in "
    "capitals, as the texter types it)",
    {"en": ("ALERTS OFF",), "es": ("ALERTAS NO",)},
    keyword=True,
)
ALERTS_AGAIN = Fact(
    'how to sign up for alerts again ("Text ALERTS")',
    "a person who left the alerts by mistake must know the word that brings them back (in "
    "capitals, as the texter types it)",
    {"en": ("ALERTS",), "es": ("ALERTAS",)},
    keyword=True,
)
REQUEST_STILL_OPEN = Fact(
    "that their request is still open",
    "CANCEL opts out but leaves the request, and a person who thinks it cancelled may be "
    "surprised by a responder's call",
    {"en": ("still open",), "es": ("sigue abierta", "sigue en pie")},
)

# How to give naloxone, whoever asks: the steps that keep a person alive until help comes, and
# after the spray.
NALOXONE_STEPS: tuple[Fact, ...] = (
    NALOXONE,
    WAKE_THEM,
    RESCUE_BREATHS,
    RECOVERY_POSITION,
    SECOND_DOSE,
    OTHER_NOSTRIL,
    STAY_WITH_THEM,
    WEARS_OFF,
)

# What each safety text (a string of the system flow, or of any flow for those any flow may
# word its own way) must say besides its required word.
SAFETY_FACTS: Mapping[str, tuple[Fact, ...]] = {
    "emergency_1": (NOT_AN_EMERGENCY_SERVICE, NALOXONE),
    "emergency_2": (GOOD_SAMARITAN, STATUTE, POSSESSION),
    "emergency_3": (RECOVERY_POSITION, SECOND_DOSE, STAY_WITH_THEM),
    "urgent_self": (NOT_ALONE, NALOXONE),
    "emergency_self": (NOT_AN_EMERGENCY_SERVICE, NOT_ALONE, NALOXONE),
    "sleep_it_off": (STAY_WITH_THEM, NALOXONE),
    "using_alone": (NEVER_USE_ALONE, NALOXONE),
    "never_use_alone": (NEVER_USE_ALONE,),
    "never_use_alone_police": (NEVER_USE_ALONE,),
    "good_samaritan_limits": (GOOD_SAMARITAN,),
    "after_a_break": (LOWER_TOLERANCE, NEVER_USE_ALONE, NALOXONE),
    "after_steps": (STAY_WITH_THEM,),
    "after_steps_no_naloxone": (RECOVERY_POSITION, STAY_WITH_THEM),
    "after_steps_breaths": (NALOXONE, STAY_WITH_THEM),
    "after_steps_help_coming": (RECOVERY_POSITION, STAY_WITH_THEM, NALOXONE),
    "after_steps_no_ambulance": (STAY_WITH_THEM, WEARS_OFF),
    "after_steps_sleep": (STAY_WITH_THEM, WEARS_OFF, RECOVERY_POSITION),
    "after_steps_withdrawal": (NEVER_USE_ALONE, NALOXONE),
    "after_steps_second_dose": (SECOND_DOSE, OTHER_NOSTRIL, RESCUE_BREATHS, STAY_WITH_THEM),
    "naloxone_use": NALOXONE_STEPS,
    "naloxone_not_reversed": (NOT_BENZOS, STAY_WITH_THEM),
    "naloxone_tranq": (NALOXONE, STAY_WITH_THEM),
    "naloxone_stimulants": (NALOXONE,),
    "police_refused": (NO_POLICE,),
    "police_refused_before": (NO_POLICE,),
    "help": (RATES,),
    "alerts_on": (ALERTS_OFF, OPT_OUT),
    "alerts_off": (ALERTS_AGAIN,),
    "opted_out_request_open": (NO_MORE_TEXTS, OPT_BACK_IN, REQUEST_STILL_OPEN),
    "opted_out_request_open_text_only": (NO_MORE_TEXTS, OPT_BACK_IN, REQUEST_STILL_OPEN),
}
# The same for a flow's own texts that have no system version: the family script's answer to
# "how to use naloxone" is all a family member may read before an overdose.
OWN_TEXT_FACTS: Mapping[str, tuple[Fact, ...]] = {
    "res_naloxone_howto": NALOXONE_STEPS,
}
# The menu's first question is the first text a new texter gets.
FIRST_TEXT_FACTS: tuple[Fact, ...] = (OPT_OUT,)


def check_safety_facts(flow_id: str, flow: Flow) -> Iterator[Problem]:
    """Each safety text of this flow, and the menu's first question, says its facts in every
    language it is written in."""
    for name, text in flow.strings.items():
        facts = SAFETY_FACTS.get(name) or OWN_TEXT_FACTS.get(name, ())
        if not facts or (flow_id != SYSTEM_FLOW and name in SYSTEM_ONLY_STRINGS):
            continue  # another flow's version of a system-only text is refused outright
        # Only a text the system flow also words can fall back to the system's version.
        own = "" if flow_id == SYSTEM_FLOW or name not in SAFETY_FACTS else name
        for language, words in text.items():
            for fact in missing_facts(facts, language, words):
                yield Problem(
                    "error", flow_id, f"strings.{name}.{language}", _message(fact, language, own)
                )
    if flow_id == MENU_FLOW and flow.start in flow.states:
        prompt = flow.states[flow.start].prompt or {}
        for language, words in prompt.items():
            for fact in missing_facts(FIRST_TEXT_FACTS, language, words):
                path = f"states.{flow.start}.prompt.{language}"
                yield Problem("error", flow_id, path, _message(fact, language, ""))


def missing_facts(facts: tuple[Fact, ...], language: str, text: str) -> Iterator[Fact]:
    """The facts this text, in this language, does not say."""
    plain = normalise(text, limit=MAX_BODY)
    for fact in facts:
        words = fact.words.get(language, ())
        if words and not any(_says(text, plain, word, fact.keyword) for word in words):
            yield fact


def _says(text: str, plain: str, word: str, keyword: bool) -> bool:
    if keyword:
        return re.search(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", text) is not None
    return contains_phrase(plain, word)


def _message(fact: Fact, language: str, own: str) -> str:
    """What is missing, why it matters, and the words that put it back."""
    words = " or ".join(f'"{w}"' for w in fact.words[language])
    message = f"this text must say {fact.what}, because {fact.why}. Put back {words}"
    if own:
        message += f", or delete this flow's {own!r} text so the system flow's is used"
    return message
