"""Whether an answer to the menu is written in Spanish.

A person whose first words were "hi" gets the English menu; one who then answers it "mi hijo
necesita tratamiento" writes Spanish and should be answered in Spanish, as choosing "Español"
would. Read as a Spanish first text is (``looks_spanish``), or by the menu's own Spanish words
of two or more ("mi mamá", "otra persona") that no English words of the menu share. Words both
languages use ("no", "ok", "narcan", a number, a town, "yo" alone) never turn the language.
"""

from __future__ import annotations

from collections.abc import Sequence

from flows.script import Option
from flows.text import looks_spanish, normalise


def written_in_spanish(text: str, options: Sequence[Option]) -> bool:
    """The menu answer ``text`` reads as Spanish."""
    if looks_spanish(text):
        return True
    said = f" {normalise(text)} "
    return any(f" {phrase} " in said for phrase in _spanish_only_phrases(options))


def _spanish_only_phrases(options: Sequence[Option]) -> set[str]:
    english: set[str] = set()
    spanish: set[str] = set()
    for option in options:
        named = [*option.match.items(), *((lang, [label]) for lang, label in option.label.items())]
        for language, words in named:
            (spanish if language == "es" else english).update(normalise(w) for w in words)
        english.add(normalise(str(option.value)))
    return {p for p in spanish - english if len(p.split()) >= 2}
