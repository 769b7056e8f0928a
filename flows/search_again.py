"""A town said right after the naloxone sites were sent: "easthamton", "no wait im in
easthampton actually", "sorry i meant ware". The person corrects or changes where they are,
so the search is run again there, not the menu shown.

Only a place with a few words around it that take something back or say where they are; a
text about anything else ("i live in amherst and i need detox") is left to the menu.
"""

from __future__ import annotations

from datetime import timedelta

from flows.engine_terms import PLACE_FILLER
from flows.text import normalise

# A search corrected is corrected soon: later, a town alone is the start of something new.
SEARCH_AGAIN_WINDOW = timedelta(minutes=30)

# Words that take the place just searched back, or ask about another: dropped anywhere.
_TAKING_BACK = frozenset(
    {"wait", "actually", "sorry", "oops", "meant", "mean", "instead", "then", "oh", "nvm", "lol",
     "what", "about", "how", "or", "try", "perdon", "espera", "realidad", "quise", "decir",
     "mejor", "y", "and", "now", "ahora", "mistake", "typo", "wrong", "town", "actualmente"}
)  # fmt: skip
# A "no" said first: "no wait", "nah im in ware".
_A_NO_FIRST = frozenset({"no", "nope", "nah"})
# A town's name is a few words at most ("south hadley", "west chesterfield").
_PLACE_WORDS = 3


def place_said_again(text: str) -> str | None:
    """The place words of a text that only says where the person is, taking back the place
    searched or not; None when it says anything more."""
    words = normalise(text).split()
    if words and words[0] in _A_NO_FIRST:
        words = words[1:]
    place = [w for w in words if w not in _TAKING_BACK and w not in PLACE_FILLER]
    if not place or len(place) > _PLACE_WORDS:
        return None
    return " ".join(place)
