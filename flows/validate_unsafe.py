"""Emergency steps turned around: the flow check that a safety text says no opposite of a fact.

``flows.validate_facts`` keeps each fact by its words, and an edit can keep every word and still
turn a step around: "give naloxone first; only call 911 if it does not work" says 911 and
naloxone. A bystander must call 911 at once and without conditions (naloxone may not be enough,
and wears off), and nasal naloxone needs no priming (pressing it to test sprays the only dose).
Each sentence of a text that exists to send a person to 911 or to give naloxone is read on its
own, so a "no" or "sin" beside a priming word ("no priming needed", "sin cebar") says the fact,
and "do not wait to call 911" keeps 911 first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from flows.engine import SYSTEM_FLOW
from flows.interrupts import REQUIRED_WORDS, SYSTEM_ONLY_STRINGS
from flows.problem import Problem
from flows.script import Flow
from flows.sms import MAX_BODY
from flows.text import normalise
from flows.validate_facts import OWN_TEXT_FACTS, SAFETY_FACTS

# The texts read: the safety texts with facts, and every text that must send a person to 911.
CHECKED_TEXTS = frozenset(
    {*SAFETY_FACTS, *OWN_TEXT_FACTS, *(n for n, w in REQUIRED_WORDS.items() if w == "911")}
)

_SENTENCE_END = re.compile(r"[.;:!?\n]+")
_911 = r"(?:911|9 1 1)"
_CALL = r"(?:call|calling|dial|dialing|phone)"
_LLAMAR = r"(?:llame|llamen|llama|llames|llamar|marque|marquen|marcar)"
_AL_911 = rf"(?:al )?{_911}"
# Naloxone that did not work, said as the condition for calling.
_FAILS = (
    r"(?:(?:doesnt|does not|didnt|did not|wont|will not|isnt|is not) (?:work|working|help|helping)"
    r"|fails|failed)"
)
_FALLA = (
    r"(?:no (?:funciona|funciono|funcione|sirve|sirvio|sirva|hace efecto|hizo efecto|haga efecto|"
    r"da resultado)|falla|fallo)"
)
_NEGATIONS = frozenset(
    {"no", "not", "dont", "doesnt", "isnt", "never", "without", "nothing", "unnecessary", "sin",
     "nunca", "ni", "innecesario"}
)  # fmt: skip


@dataclass(frozen=True)
class Turned:
    """A way of turning a fact around: ``patterns`` find it in a normalised sentence; a match
    with a negation word just before it (or, when ``negation_after``, after it) is no
    instruction ("do not wait to call 911", "priming is not needed")."""

    message: str
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool = False
    negation_after: bool = False


PUTS_OFF_911 = Turned(
    "this text puts off calling 911 ({quote}): 911 must come first and with no conditions, "
    "because an overdose can kill in minutes and naloxone may not be enough, or may wear off. "
    "Say to call 911 now, before anything else, as the system flow's emergency_1 does",
    tuple(
        re.compile(p)
        for p in (
            rf"\bonly (?:then )?{_CALL} {_911}",
            rf"\b{_CALL} {_911} only\b",
            rf"\b{_CALL} {_911} (?:\w+ ){{0,2}}if (?:\w+ ){{0,4}}{_FAILS}",
            rf"\bif (?:\w+ ){{0,4}}{_FAILS}(?: \w+){{0,5}}? {_CALL} {_911}",
            rf"\b{_CALL} {_911} (?:later|afterwards|if needed|if necessary|if you need to)\b",
            rf"\b(?:dont|do not|never|no need to|dont need to|do not need to|dont have to|"
            rf"do not have to|not necessary to|dont bother to|without|instead of) (?:yet )?"
            rf"{_CALL} {_911}",
            rf"\b(?:no need for|dont need|do not need) {_911}",
            rf"\b(?:solo|solamente|unicamente) (?:entonces )?{_LLAMAR} {_AL_911}",
            rf"\b{_LLAMAR} {_AL_911} (?:solo|solamente|unicamente)\b",
            rf"\b{_LLAMAR} {_AL_911} (?:\w+ ){{0,2}}si (?:\w+ ){{0,4}}{_FALLA}",
            rf"\bsi (?:\w+ ){{0,4}}{_FALLA}(?: \w+){{0,5}}? {_LLAMAR} {_AL_911}",
            rf"\b{_LLAMAR} {_AL_911} (?:despues|mas tarde|si hace falta|si es necesario)\b",
            rf"\b(?:no|sin) (?:(?:hace falta|hay que|necesita|tiene que|es necesario) )?"
            rf"(?:todavia )?{_LLAMAR} {_AL_911}",
        )
    ),
)
WAITS_FOR_911 = Turned(
    PUTS_OFF_911.message,
    (
        re.compile(rf"\bwait\b(?: \w+){{0,8}}? (?:before|to) (?:you )?{_CALL} {_911}"),
        re.compile(
            rf"\b(?:espere|esperen|espera|esperar)\b(?: \w+){{0,8}}? (?:antes de|para) "
            rf"{_LLAMAR} {_AL_911}"
        ),
    ),
    negatable=True,
)
PRIMES_THE_SPRAY = Turned(
    "this text says to prime the spray ({quote}), but nasal naloxone needs no priming: "
    "pressing it to test it sprays the only dose into the air. Take it out, or say "
    '"no priming needed" ("sin cebar")',
    (
        re.compile(r"\b(?:prime|primed|primes|priming)\b"),
        re.compile(r"\b(?:cebar|cebe|ceben|cebela|cebelo|cebarla|cebarlo|cebado|cebada)\b"),
    ),
    negatable=True,
    negation_after=True,
)
TURNED_AROUND: tuple[Turned, ...] = (PUTS_OFF_911, WAITS_FOR_911, PRIMES_THE_SPRAY)


def check_unsafe_steps(flow_id: str, flow: Flow) -> Iterator[Problem]:
    """Each text of this flow that sends a person to 911 or tells how to give naloxone, in
    every language, says none of the steps turned around."""
    for name, text in flow.strings.items():
        if name not in CHECKED_TEXTS:
            continue
        if flow_id != SYSTEM_FLOW and name in SYSTEM_ONLY_STRINGS:
            continue  # another flow's version of a system-only text is refused outright
        for language, words in text.items():
            told = set()
            for turned, sentence in turned_around(words):
                if turned.message not in told:
                    told.add(turned.message)
                    message = turned.message.format(quote=f'"{sentence}"')
                    yield Problem("error", flow_id, f"strings.{name}.{language}", message)


def turned_around(text: str) -> Iterator[tuple[Turned, str]]:
    """Each way this text turns a step around, with the sentence (as written) that does."""
    for sentence in _SENTENCE_END.split(text[:MAX_BODY]):
        plain = normalise(sentence)
        for turned in TURNED_AROUND:
            found = (m for p in turned.patterns for m in p.finditer(plain))
            if any(_instructs(turned, plain, m) for m in found):
                yield turned, sentence.strip()


def _instructs(turned: Turned, plain: str, match: re.Match[str]) -> bool:
    """The match tells the reader to do it, and is not said with a "no" beside it."""
    if not turned.negatable:
        return True
    before = plain[: match.start()].split()[-4:]
    after = plain[match.end() :].split()[:3] if turned.negation_after else []
    return not _NEGATIONS & {*before, *after}
