"""An overdose that may happen, said before a question about calling 911: "if my friend ods and
i call 911 am i gonna get arrested", "si mi amigo tiene una sobredosis y llamo al 911 me van a
arrestar".

The question is information, not an emergency: it gets the Good Samaritan law and "if it
happens, call 911", not the steps, and no emergency is counted. The overdose said with "if" is
cut, and the rest read as the question "if i call 911 ..." it is. A sign said beside it ("...
hes not breathing") is still an emergency: the rest is read for one as any question about
calling 911 is. So is the whole text asking whether to call 911 if it happens ("if my friend
ods should i call 911"). Reads normalised text.
"""

from __future__ import annotations

import re

from flows.steps_asked import OVERDOSE_IF, OVERDOSE_IF_ES

_LEAD = r"^(?:(?:so|um|umm|ok|okay|like|hey|yo|quick question|oye|pregunta) )*"
_THEN = r"(?: (?:and|n|then|so|y|entonces))?"
_ASKED_EN = re.compile(rf"{_LEAD}(?:what )?{OVERDOSE_IF}{_THEN} (?=(?:i|we) (?:call|dial)\b)")
_ASKED_ES = re.compile(rf"{_LEAD}{OVERDOSE_IF_ES}{_THEN} (?=(?:llamo|llamamos)\b)")


# The whole text asks whether to call 911 if it happens: "if my friend ods should i call 911",
# "do i call 911 if someone overdoses", "si mi amigo tiene una sobredosis debo llamar al 911".
_CALL = r"(?:call|dial) (?:911|an ambulance|the ambulance|ems)"
_SHOULD_I_CALL = rf"(?:should|do|can|would|must|shall) (?:i|we|you|u) {_CALL}"
_TAIL = r"(?: (?:or not|right away|first|too|then|please|pls|thanks))*$"
_WHETHER_EN = re.compile(
    rf"{_LEAD}(?:{OVERDOSE_IF}{_THEN} {_SHOULD_I_CALL}|{_SHOULD_I_CALL} {OVERDOSE_IF}){_TAIL}"
)
_CALL_ES = (
    r"(?:(?:debo|debemos|deberia|tengo que|tenemos que|hay que|puedo) llamar|llamo|llamamos)"
    r" (?:al 911|a una ambulancia|a la ambulancia)"
)
_WHETHER_ES = re.compile(
    rf"{_LEAD}(?:{OVERDOSE_IF_ES}{_THEN} {_CALL_ES}|{_CALL_ES} {OVERDOSE_IF_ES})"
    r"(?: (?:o no|primero|por favor|gracias))*$"
)


def asks_whether_to_call_911(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks if 911 is to be called for an overdose that may happen,
    "es" in Spanish): a question, answered with the law and "if it happens, call 911"."""
    if _WHETHER_ES.match(norm):
        return True, "es"
    return bool(_WHETHER_EN.match(norm)), None


def without_the_overdose_if(norm: str) -> str | None:
    """The question about calling 911 with the overdose said as "if" cut ("if i call 911 am i
    gonna get arrested"); None when the text does not start with one."""
    for pattern, said_if in ((_ASKED_EN, "if"), (_ASKED_ES, "si")):
        found = pattern.match(norm)
        if found is not None:
            return f"{said_if} {norm[found.end() :]}"
    return None
