"""Towns a person named in their own words, for a town question not to ask again.

"hi i need help getting into treatment, i live in northampton" already says where. A town
counts only when the words say it is where the person is ("in", "from", "near", "at", "en",
"de"...): "help for my daughter florence" names a village of Northampton, not a place. Every
town named counts against the others, so "i live in amherst but work in northampton" gives
none, and neither does a typo, "north" or a town outside the county: the question is asked.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.places import Directory, normalize_text

# Words that put a town's name as where the person is: "i live in", "we're from", "at umass".
PLACE_WORDS = frozenset(
    {"in", "from", "near", "at", "around", "outside", "en", "de", "desde", "cerca"}
)


def towns_said(directory: Directory, text: str) -> dict[str, bool]:
    """The county towns the text names, each with whether it says that is where they are."""
    tokens = normalize_text(text).split()
    found: dict[str, bool] = {}
    for pos, town in directory.towns_named(text):
        where = pos > 0 and tokens[pos - 1] in PLACE_WORDS
        found[town.name] = found.get(town.name, False) or where
    return found


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
