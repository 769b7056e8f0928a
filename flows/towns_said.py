"""Towns a person named in their own words, for a town question not to ask again.

"hi i need help getting into treatment, i live in northampton" already says where. A town
counts only when the words say it is where the person is ("in", "from", "near", "at", "en",
"de"...): "help for my daughter florence" names a village of Northampton, not a place. Nor
does a town said of someone else ("my son is in amherst"), of the past ("i grew up in ware")
or of a hospital, court or jail there ("cooley dickinson in northampton"). A town
said of work is not named at all, so "i live in amherst but work in northampton" says
Amherst, and "vivo en holyoke pero trabajo en noho" Holyoke: a town outside the county counts
when said plainly as where they live ("vivo en holyoke", "im in springfield"), never on a
place word alone ("im from holyoke"). Every other town named counts against the others, so
"amherst or northampton" gives none, and neither does a typo or "north": the question is
asked.
A town denied ("not in northampton", "not northampton", "no en northampton") is not named at
all, so "i live in ware not northampton" says Ware and a correction never keeps the old town.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.places import WORK_WORDS, Directory, normalize_text

# Words that make the town after them where the person lives or stays, even beside work:
# "i live and work in amherst", "sleeping in ware".
_LIVING = frozenset(
    {"live", "living", "stay", "staying", "sleep", "sleeping", "vivo", "vivimos", "quedo",
     "quedando", "duermo", "durmiendo"}
)  # fmt: skip
# After a word of living, these put a town outside the county as where the person lives.
_LIVING_THERE = frozenset({"in", "around", "near", "en"})
# Words that put a town's name as where the person is: "i live in", "we're from", "at umass".
PLACE_WORDS = frozenset(
    {"in", "from", "near", "at", "around", "outside", "en", "de", "desde", "cerca"}
)
# Just before the place word, these make the town where someone else is ("my son is in"),
# where the person was ("i used to live in", "i grew up in"), or where a hospital, court, jail
# or program is ("cooley dickinson in", "court in", "rehab in")...
_NOT_WHERE_THEY_LIVE = frozenset(
    {"he", "she", "they", "him", "her", "his", "hes", "shes", "theyre", "them", "their",
     "son", "daughter", "brother", "sister", "mom", "mother", "dad", "father", "husband",
     "wife", "boyfriend", "girlfriend", "bf", "gf", "partner", "fiance", "kid", "kids",
     "child", "friend", "cousin", "nephew", "niece", "uncle", "aunt", "grandson",
     "granddaughter", "lives", "stays", "hijo", "hija", "hermano", "hermana", "esposo",
     "esposa", "novio", "novia", "madre", "padre", "amigo", "amiga", "ella", "vive", "esta",
     "used", "grew", "was", "went", "born", "raised", "moved", "got", "lived", "vivia",
     "naci", "creci", "estaba",
     "detox", "rehab", "hospital", "er", "jail", "prison", "court", "clinic", "program",
     "treatment", "cooley", "dickinson", "baystate", "providence", "hoc", "correction",
     "carcel", "corte", "clinica", "programa", "tratamiento"}
)  # fmt: skip
# ...unless the person speaks first: "i need detox, i'm in ware", "we're in amherst".
_THE_PERSON = frozenset(
    {"i", "im", "we", "were", "me", "us", "our", "ive", "yo", "vivo", "estoy", "soy",
     "vivimos", "estamos", "somos"}
)  # fmt: skip
# Before a place word, these deny the town after it: "not in", "no en". An English "no" is left
# out: "no, in amherst" answers a question with the town.
_NOT_THERE = {"not": PLACE_WORDS, "no": frozenset({"en", "de", "desde"})}
# Just after the town's name, a place there the person is not living: "northampton jail".
_A_PLACE_THERE = frozenset(
    {"jail", "hospital", "court", "courthouse", "detox", "rehab", "clinic", "hoc", "district",
     "correction", "police", "pd", "er"}
)  # fmt: skip


def towns_said(directory: Directory, text: str) -> dict[str, bool]:
    """The county towns the text names, each with whether it says that is where they are,
    and the towns outside the county it says are where they live."""
    tokens = normalize_text(text).split()
    found: dict[str, bool] = {}
    for pos, town in directory.towns_named(text):
        if _denied(tokens, pos) or _said_of_work(tokens, pos):
            continue
        end = pos + len(normalize_text(town.name).split())
        where = pos > 0 and tokens[pos - 1] in PLACE_WORDS and _where_they_live(tokens, pos, end)
        found[town.name] = found.get(town.name, False) or where
    for pos, town in directory.other_towns_named(text):
        end = pos + len(normalize_text(town.name).split())
        if _lives_there(tokens, pos) and _where_they_live(tokens, pos, end):
            found[town.name] = True
        elif pos > 0 and tokens[pos - 1] in {"or", "o"}:  # "i live in amherst or holyoke"
            found.setdefault(town.name, False)
    return found


def _lives_there(tokens: list[str], pos: int) -> bool:
    """Whether the words just before the town at ``pos`` say the person lives or stays there
    ("i live in", "im in", "vivo en"): the state's towns are too many, some words too
    ("Florida", "Lee"), to take one on a place word alone."""
    before = tokens[max(0, pos - 2) : pos]
    return (
        len(before) == 2
        and before[1] in _LIVING_THERE
        and (before[0] in _LIVING or before[0] in {"im", "estoy", "estamos"})
    )


def _denied(tokens: list[str], pos: int) -> bool:
    """Whether the words just before the town at ``pos`` deny it: "not", "not in", "no en"."""
    before = tokens[max(0, pos - 2) : pos]
    if before[-1:] == ["not"]:
        return True
    return len(before) == 2 and before[1] in _NOT_THERE.get(before[0], ())


def _said_of_work(tokens: list[str], pos: int) -> bool:
    """Whether a few words before the town at ``pos``, back to the person's own "i", say it
    is where they work ("but work in", "trabajo en") and not where they live too."""
    words = []
    for word in reversed(tokens[max(0, pos - 4) : pos]):
        if word in _THE_PERSON:
            break
        words.append(word)
    return bool(WORK_WORDS.intersection(words)) and not _LIVING.intersection(words)


def _where_they_live(tokens: list[str], pos: int, end: int) -> bool:
    """Whether the words around the town at ``pos:end`` (after a place word) leave it where
    the person lives or stays: a few words back to the person's own "i" or "we", and the
    word after it."""
    for word in reversed(tokens[max(0, pos - 4) : pos - 1]):
        if word in _THE_PERSON:
            break
        if word in _NOT_WHERE_THEY_LIVE:
            return False
    after = tokens[end : end + 1]
    return not (after and after[0] in _A_PLACE_THERE)


def merged(earlier: Mapping[str, bool], now: Mapping[str, bool]) -> dict[str, bool]:
    """What a conversation's texts named so far, with this text's towns added."""
    towns = dict(earlier)
    for name, where in now.items():
        towns[name] = bool(towns.get(name, False) or where)
    return towns


def the_town_said(towns: Mapping[str, bool]) -> str | None:
    """The one town the conversation named as where the person is; None when it named none,
    or more than one town."""
    if len(towns) != 1:
        return None
    ((name, where),) = towns.items()
    return name if where else None
