"""Later answers read out of the words that answered the menu.

"my son died last month from an overdose" answers the menu (family support) and, in the same
words, how the person is connected (a parent) and what would help (grief). A question a script
marks ``from_menu_answer`` takes such an answer instead of being asked. What must never be read
this way: a number in the words ("my 2 sons" is no option 2), what nearly happened ("almost
died" is no loss), someone "lost" who is alive ("lost my son to his addiction, hes on the
streets" is no grief), what was found in their things ("found narcan in her room" asks to
learn nothing about naloxone), an option marked ``from_menu_answer: false`` (words too common
to mean it, like "me"), and words saying only that the help is for someone else ("otra
persona" is no "Otra relación"): naming one of those, the question is asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.loss_told import lost_to_the_living, without_lost
from flows.loved_one import without_what_was_found
from flows.script import Option, State
from flows.text import as_number, match_choice, match_many, normalise

_DIGITS = re.compile(r"\d+")
# An age said of a loved one: "my 25 year old son" is "my son".
_AGE = re.compile(r"\b\d+ ?(?:years?|yrs?|y) ?o(?:ld)?\b ?", re.IGNORECASE)
# People counted ("my 2 sons") are no possessive ("my sons room"): they name no relationship.
_COUNTED = re.compile(
    r"\b\d+ (?:sons|daughters|kids|children|childs|brothers|sisters|friends|moms|dads)\b",
    re.IGNORECASE,
)
_HEDGED = re.compile(
    r"\b(?:almost|nearly|practically|close to|casi|por poco)\s+(?:\S+\s+)?\S+", re.IGNORECASE
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:otra persona|otras personas|alguien m[aá]s|someone else|somebody else|another person|"
    r"other person|other people)\b",
    re.IGNORECASE,
)


def in_words(text: str) -> bool:
    """Two words or more, not a number: a text that says what it is about, not "1" or "hey"."""
    return as_number(text) is None and len(normalise(text).split()) >= 2


def options_named(state: State, text: str, phrases: Sequence[Sequence[str]]) -> list[Option]:
    """The options of a ``from_menu_answer`` question that ``text`` names (``phrases``: each
    option's words); none when it names none, or names one that may not be taken this way."""
    if not state.from_menu_answer:
        return []
    words = _COUNTED.sub(" ", _AGE.sub("", text))  # "my 25 year old son" is "my son"
    words = _SOMEONE_ELSE.sub(" ", _HEDGED.sub(" ", _DIGITS.sub(" ", words)))
    words = without_what_was_found(normalise(words))
    if lost_to_the_living(text):
        words = without_lost(words)
    if state.input == "choice":
        index = match_choice(words, phrases)
        picked = [] if index is None else [index]
    else:
        picked = match_many(words, phrases)
    options = [state.options[i] for i in sorted(picked)]
    if any(o.switch_language or not o.from_menu_answer for o in options):
        return []
    return options
