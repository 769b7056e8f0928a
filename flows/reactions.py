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
    r"cuestiono|reacciono con .{1,12}? a|quito (?:un|una|el|la) .{1,30}? de"
)
# Each opening quote and the quotes that close it.
_PAIRS = {
    "\u201c": "\u201d",
    "\u201e": "\u201c\u201d",
    "\u00ab": "\u00bb",
    '"': '"',
    "'": "'",
    "\u2018": "\u2019",
}
_OPEN = "".join(_PAIRS)
_CLOSE = "".join(sorted(set("".join(_PAIRS.values()))))
_REACTION = re.compile(
    rf"^\s*(?:{_VERBS})\s*([{_OPEN}])(.*)([{_CLOSE}])\s*$", re.IGNORECASE | re.DOTALL
)
_ACCENTS = str.maketrans("óéíáú", "oeiau")


def is_reaction(text: str) -> bool:
    """The whole text is a phone's reaction to an earlier text (the verb, then the quote).

    The quote must close with its own kind of mark, at the very end, and not before: words
    typed past a closed quote ("Loved “him” and now he’s not breathin’") are the person's."""
    found = _REACTION.match((text or "").translate(_ACCENTS))
    if found is None:
        return False
    opening, quoted, closing = found.groups()
    return closing in _PAIRS[opening] and not _closes_early(quoted, opening, _PAIRS[opening])


def _closes_early(quoted: str, opening: str, closing: str) -> bool:
    """A closing mark inside the quote that no opening mark inside it accounts for."""
    depth = 0
    for i, char in enumerate(quoted):
        if char in closing and (char != opening or (i and not quoted[i - 1].isspace())):
            if depth == 0:
                return True
            depth -= 1
        elif char == opening:
            depth += 1
    return False
