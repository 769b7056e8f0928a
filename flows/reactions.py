"""Recognising a phone's reaction to an earlier text: "Liked “What town…”", "Le gustó “…”".

An iPhone that reacts (a thumbs up, a heart, "Ha ha") to a text from a number that is not on
iMessage sends the reaction as an ordinary text: a verb, then the whole text reacted to in
quotes. The quote is something already said (usually our own question, prompt or 911 steps), so
none of it is a new answer, a refusal or an emergency: read as one, a like of "Choose any (like
1 3)" picks options 1 and 3, and a like of the team question refuses police.
"""

from __future__ import annotations

import re

_VERBS = (
    r"liked|loved|disliked|laughed at|emphasized|emphasised|questioned|"
    r"reacted .{1,12}? to|removed an? .{1,30}? from|"
    r"le gusto|le encanto|no le gusto|le dio risa|se rio de|exclamo por|enfatizo|"
    r"cuestiono|dudo sobre|pregunto por|reacciono con .{1,12}? a|quito (?:un|una|el|la) .{1,30}? de"
)
_OPEN = "\u201c\u201e\u00ab\"'\u2018"
_CLOSE = "\u201d\u201c\u00bb\"'\u2019"
_REACTION = re.compile(rf"^\s*(?:{_VERBS})\s*[{_OPEN}].*[{_CLOSE}]\s*$", re.IGNORECASE | re.DOTALL)
_ACCENTS = str.maketrans("óéíáú", "oeiau")


def is_reaction(text: str) -> bool:
    """The whole text is a phone's reaction to an earlier text (the verb, then the quote)."""
    return bool(_REACTION.match((text or "").translate(_ACCENTS)))
