"""A town said after a request, plainly about where the person now is: "i moved to ware",
"also i moved, im in ware now", "me mude a ware", "ahora vivo en ware". The request's town
follows it, so whoever is offered the case next covers where they are.

Plainly: one county town, said as where they moved ("moved to", "me mude a"), or as where
they are (``flows.towns_said``) with a word saying it is now ("now", "ahora"). Not of someone
else ("my son moved to ware"), not of later ("im moving to ware next week", "ill be in ware
tomorrow"), not a town denied, and never a town alone ("ware": a note to read, not a move).
"""

from __future__ import annotations

from flows.places import Directory, normalize_text
from flows.towns_said import towns_said

# Words just before the town that say the person moved there ("i moved to", "we just moved
# to", "me mude a", "nos mudamos a", "me fui a vivir a").
_MOVED = (
    ("moved", "to"), ("relocated", "to"), ("mude", "a"), ("mudamos", "a"), ("mude", "para"),
    ("vivir", "a"), ("vivir", "en"),
)  # fmt: skip
# Before "moved": the person's own words ("i", "we", "me"), or words between ("just").
_THE_PERSON = frozenset({"i", "we", "me", "nos", "just", "finally", "recently", "ya", "also"})
# Words that put the town in the present.
_NOW = frozenset({"now", "currently", "ahora", "actualmente"})
# Words that put it later or elsewhere: a plan or a visit is no move.
_NOT_NOW = frozenset(
    {"will", "ill", "gonna", "going", "moving", "tomorrow", "next", "soon", "later", "weekend",
     "visiting", "visit", "trip", "maybe", "might", "voy", "vamos", "manana", "pronto",
     "proxima", "proximo", "mudare", "mudaremos", "hes", "shes", "theyre", "he", "she", "they",
     "son", "daughter", "hijo", "hija", "mom", "dad", "brother", "sister"}
)  # fmt: skip


def town_moved_to(directory: Directory, text: str) -> str | None:
    """The one county town the text says the person now is in, plainly; else None."""
    tokens = normalize_text(text).split()
    if _NOT_NOW.intersection(tokens):
        return None
    said = towns_said(directory, text)  # a town denied ("not northampton") is not counted
    named = [(pos, town) for pos, town in directory.towns_named(text) if town.name in said]
    if len({town.name for _, town in named}) != 1:
        return None
    pos, town = named[0]
    if _moved_there(tokens, pos):
        return town.name
    return town.name if said[town.name] and _NOW.intersection(tokens) else None


def _moved_there(tokens: list[str], pos: int) -> bool:
    """The words just before the town at ``pos`` say the person moved there."""
    if tuple(tokens[max(0, pos - 2) : pos]) not in _MOVED:
        return False
    before = tokens[max(0, pos - 4) : pos - 2]
    return not before or before[-1] in _THE_PERSON or before[0] in _THE_PERSON
