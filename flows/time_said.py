"""A time said in a text: "9 to 5", "after 6", "mornings", "after work", "despues de las 5".

Said beside how to reach a person ("dont text me call me after 5", "text me anytime",
"llamame despues de las 5") or after the number of a choice ("2 after 5"), it answers the
best-time question that comes next, so that question is not asked again."""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.text import normalise, phrase_key

# A time of day or week, or no preference. Not a bare "manana": "llamame manana" is tomorrow.
# A day's end said in words is a time ("after work", "despues del trabajo"); a day told of is
# not ("i got out of work late").
_TIME = re.compile(
    r"\b(?:\d{1,2}(?: \d\d)? ?(?:am|pm)|\d{1,2} ?(?:to|till|til|until|and) ?\d{1,2}|"
    r"(?:after|before|around|at|by) \d{1,2}(?: \d\d)?(?: ?(?:am|pm))?|"
    r"(?:after|before) (?:work|school|class|my shift|practice)|"
    r"(?:on |during )?(?:my )?lunch ?break|"
    r"(?:despues|antes) del? (?:trabajo|escuela|colegio|clases?|turno)|"
    r"noon|lunch|lunchtime|weekdays?|weekends?|"
    r"mornings?|afternoons?|evenings?|nights?|tonight|any ?time|whenever|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|"
    r"(?:despues|antes) de las? \d{1,2}|(?:a|entre) las? \d{1,2}|"
    r"(?:por|en|de) la (?:manana|tarde|noche)|mananas|tardes|noches|mediodia|"
    r"entre semana|fin(?:es)? de semana|cualquier (?:hora|momento)|cuando sea|"
    r"(?:lunes|martes|miercoles|jueves|viernes|sabados?|domingos?))\b"
)
# Joining words left at either end once the answer is taken out: "call me, but after 5".
_JOINERS = frozenset({"but", "and", "so", "to", "please", "pls", "plz", "pero", "y"})


# Words a time may carry beside its own: "not mornings", "only on weekends", "in the evening",
# "tuesdays after lunch".
_AROUND_A_TIME = frozenset(
    {"not", "no", "dont", "never", "only", "just", "on", "in", "the", "or", "any", "nunca",
     "solo", "en", "o", "los", "las", "el", "la", "del", "after", "before", "until", "till", "til",
     "from", "despues", "antes", "desde", "hasta"}
)  # fmt: skip


# The most words a time takes ("weekdays after 5 or weekends before 10 am" is 8): a text is
# searched for a time in runs of at most this many, so a long text costs in line with its
# length, not with the cube of it.
MAX_TIME_WORDS = 12


def time_told(norm: str) -> bool:
    """The normalised text says when: a time of day, a span of hours, days of the week, or
    any time."""
    return bool(_TIME.search(norm))


def time_beside(text: str, phrases: Sequence[str]) -> str | None:
    """The words beside an answer that say when, as written ("call me after 5" to "after 5"),
    once each phrase naming the answer is taken out; None when they say no time."""
    words: list[tuple[int, str]] = [
        (i, w) for i, token in enumerate(text.split()) for w in normalise(token).split()
    ]
    keys = sorted({phrase_key(p) for p in phrases if phrase_key(p)}, key=len, reverse=True)
    taken: set[int] = set()
    for key in keys:
        size = len(key.split())
        at = 0
        while at + size <= len(words):
            span = range(at, at + size)
            if " ".join(words[j][1] for j in span) == key and not taken & set(span):
                taken.update(span)
                at += size
            else:
                at += 1
    left = {words[j][0] for j in range(len(words)) if j not in taken}
    said = _trimmed([t for i, t in enumerate(text.split()) if i in left])
    return said if said and time_told(normalise(said)) else None


def _trimmed(tokens: Sequence[str]) -> str:
    """The words as written, less joining words and punctuation at either end."""
    tokens = list(tokens)
    while tokens and normalise(tokens[0]) in _JOINERS | {""}:
        tokens.pop(0)
    while tokens and normalise(tokens[-1]) in _JOINERS | {""}:
        tokens.pop()
    return " ".join(tokens).strip(" ,.;:!-")


def only_a_time(said: str) -> bool:
    """The words say when and nothing else ("after 5", "not mornings"), so they can stand as
    the best time; "he cant know, only at work 9 to 5" is more than a time."""
    norm = normalise(said)
    left = _TIME.sub(" ", norm).split()
    return time_told(norm) and all(w in _AROUND_A_TIME | _JOINERS for w in left)


def time_after(text: str) -> tuple[str, str] | None:
    """An answer with when at its end, split as written ("2 after 5" to "2" and "after 5",
    "text me not mornings" to "text me" and "not mornings"); None when no time ends it."""
    tokens = text.split()
    for at in range(max(1, len(tokens) - MAX_TIME_WORDS), len(tokens)):
        said = " ".join(tokens[at:]).strip(" ,.;:!-")
        if only_a_time(said):
            answer = " ".join(tokens[:at]).strip(" ,.;:!-")
            return (answer, said) if normalise(answer) else None
    return None


def time_apart(said: str) -> tuple[str, str] | None:
    """The longest run of words in ``said`` that is only a time, and the words around it, both
    as written ("my name is sam, after 5" to "after 5" and "my name is sam"); None when no
    words in a row are only a time."""
    tokens = said.split()
    best: tuple[int, int] | None = None
    for start in range(len(tokens)):
        for end in range(min(len(tokens), start + MAX_TIME_WORDS), start, -1):
            if best is not None and end - start <= best[1] - best[0]:
                break
            if only_a_time(" ".join(tokens[start:end])):
                best = (start, end)
                break
    if best is None:
        return None
    start, end = best
    return _trimmed(tokens[start:end]), _trimmed([*tokens[:start], *tokens[end:]])
