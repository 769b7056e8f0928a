"""Whether an answer to the menu is written in Spanish.

A person whose first words were "hi" gets the English menu; one who then answers it "mi hijo
necesita tratamiento" writes Spanish and should be answered in Spanish, as choosing "Español"
would. Read as a Spanish first text is (``looks_spanish``), or by the menu's own Spanish words
of two or more ("mi mamá", "otra persona") that no English words of the menu share. Words both
languages use ("no", "ok", "narcan", a number, a town, "yo" alone) never turn the language.

The menu's phrases are script data: worked out once per menu (keyed by what its options say,
so an edited draft gets its own), not normalised again for every answer.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from flows.script import Option
from flows.text import looks_spanish, normalise

# What the phrases depend on: each option's value, labels and match words, by language.
_Content = tuple[
    tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, tuple[str, ...]], ...]], ...
]


def written_in_spanish(text: str, options: Sequence[Option]) -> bool:
    """The menu answer ``text`` reads as Spanish."""
    if looks_spanish(text):
        return True
    said = f" {normalise(text)} "
    return any(f" {phrase} " in said for phrase in spanish_only_phrases(options))


def spanish_only_phrases(options: Sequence[Option]) -> frozenset[str]:
    """The menu's Spanish phrases of two or more words that none of its English words share,
    normalised."""
    return _phrases_of(_content(options))


def _content(options: Sequence[Option]) -> _Content:
    return tuple(
        (
            str(option.value),
            tuple(option.label.items()),
            tuple((language, tuple(words)) for language, words in option.match.items()),
        )
        for option in options
    )


@functools.lru_cache(maxsize=64)
def _phrases_of(content: _Content) -> frozenset[str]:
    english: set[str] = set()
    spanish: set[str] = set()
    for value, labels, matches in content:
        named = [*matches, *((language, [label]) for language, label in labels)]
        for language, words in named:
            (spanish if language == "es" else english).update(normalise(w) for w in words)
        english.add(normalise(value))
    return frozenset(p for p in spanish - english if len(p.split()) >= 2)
