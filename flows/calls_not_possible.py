"""Words that say calls do not work for the person: "text only", "im deaf", "i cant take
calls", "no puedo hablar por telefono", "solo texto".

A responder must not call someone who cannot take a call, so the case says "text only", not
just "prefers a text". Only that is kept: deafness is never recorded as a health fact. A
preference ("text me", "dont call") is not this: the person may still pick up. Nor is
someone else's deafness ("my son is deaf") or a denial ("im not deaf").
"""

from __future__ import annotations

import re

from flows.text import normalise

_CALLS_DONT_WORK = (
    # English
    "text only", "only text", "texts only", "only texts", "only by text", "text only please",
    "deaf", "hard of hearing", "hoh", "cant take calls", "cant take a call", "cant do calls",
    "cant answer calls", "cant answer the phone", "cant talk on the phone",
    "cant talk on phone", "cant use the phone", "cant hear on the phone",
    # Spanish
    "solo texto", "solo textos", "solo mensajes", "solo por texto", "solo por mensaje",
    "sordo", "sorda", "no puedo hablar por telefono", "no puedo contestar llamadas",
    "no puedo recibir llamadas", "no puedo oir",
)  # fmt: skip
_PATTERN = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(p) for p in sorted(_CALLS_DONT_WORK, key=len, reverse=True))
    + r")(?!\w)"
)
# Just before the words, these make them of someone else, or deny them: "my son is deaf",
# "im not deaf", "mi hijo es sordo".
_NOT_THEM = frozenset(
    {"not", "he", "she", "hes", "shes", "they", "theyre", "son", "daughter", "mom", "dad",
     "mother", "father", "brother", "sister", "husband", "wife", "friend", "kid", "child",
     "partner", "boyfriend", "girlfriend", "him", "her", "hijo", "hija", "madre", "padre",
     "mama", "papa", "hermano", "hermana", "esposo", "esposa", "amigo", "amiga", "ella", "el"}
)  # fmt: skip


def says_calls_dont_work(text: str) -> bool:
    """Whether the person's words say they cannot take calls (of themselves, not denied)."""
    norm = normalise(text)
    for found in _PATTERN.finditer(norm):
        before = norm[: found.start()].split()[-3:]
        if not _NOT_THEM.intersection(before):
            return True
    return False


def without_calls_words(text: str) -> str:
    """``text`` with the words saying calls do not work taken out: what else it says."""
    return " ".join(_PATTERN.sub(" ", normalise(text)).split())
