"""An overdose that may happen, said before a question about calling 911: "if my friend ods and
i call 911 am i gonna get arrested", "si mi amigo tiene una sobredosis y llamo al 911 me van a
arrestar".

The question is information, not an emergency: it gets the Good Samaritan law and "if it
happens, call 911", not the steps, and no emergency is counted. The overdose said with "if" is
cut, and the rest read as the question "if i call 911 ..." it is. A sign said beside it ("...
hes not breathing") is still an emergency: the rest is read for one as any question about
calling 911 is. Reads normalised text.
"""

from __future__ import annotations

import re

from flows.steps_asked import OVERDOSE_IF, OVERDOSE_IF_ES

_LEAD = r"^(?:(?:so|um|umm|ok|okay|like|hey|yo|quick question|oye|pregunta) )*"
_THEN = r"(?: (?:and|n|then|so|y|entonces))?"
_ASKED_EN = re.compile(rf"{_LEAD}(?:what )?{OVERDOSE_IF}{_THEN} (?=(?:i|we) (?:call|dial)\b)")
_ASKED_ES = re.compile(rf"{_LEAD}{OVERDOSE_IF_ES}{_THEN} (?=(?:llamo|llamamos)\b)")


def without_the_overdose_if(norm: str) -> str | None:
    """The question about calling 911 with the overdose said as "if" cut ("if i call 911 am i
    gonna get arrested"); None when the text does not start with one."""
    for pattern, said_if in ((_ASKED_EN, "if"), (_ASKED_ES, "si")):
        found = pattern.match(norm)
        if found is not None:
            return f"{said_if} {norm[found.end() :]}"
    return None
