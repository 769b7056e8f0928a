"""The person's own words beside the options they picked: "1 and i have tranq wounds", "coach,
also i got kicked out of my place". A bare pick ("1 3", "coach", "treatment and supplies",
"narcan pls") says nothing more, and a nod or a "what?" is no words to keep."""

from __future__ import annotations

from collections.abc import Sequence

from flows.text import GREETING_AND_COURTESY, NEGATORS, contains_phrase, normalise, phrase_key

# Words that only ask, list or fill around picks: "i need 1 and 3 please", "necesito 1 y 2".
_FILLER = frozenset(
    {"i", "im", "me", "my", "a", "an", "the", "and", "or", "also", "both", "all", "of", "to",
     "for", "with", "some", "need", "needs", "want", "wanna", "like", "would", "get", "help",
     "just", "maybe", "probably", "ok", "okay", "k", "kk", "yes", "yeah", "yep", "sure", "u",
     "you", "cool", "lol", "what", "huh", "hmm", "um", "wait", "idk", "number", "numbers",
     "option", "options", "y", "o", "yo", "mi", "un", "una", "el", "la", "los", "las", "de",
     "con", "para", "necesito", "quiero", "ayuda", "tambien", "opcion", "numero", "si",
     "vale", "dale", "bueno", *GREETING_AND_COURTESY, *NEGATORS}
)  # fmt: skip


def said_beside(text: str, phrases: Sequence[Sequence[str]]) -> str | None:
    """``text`` as written (spaces tidied) when it says more than picks of the options named by
    ``phrases`` (each option's words) and filler; None for a bare pick."""
    norm = normalise(text)
    named = {
        word
        for words in phrases
        for phrase in words
        if (key := phrase_key(str(phrase))) and contains_phrase(norm, key)
        for word in key.split()
    }
    more = [w for w in norm.split() if not w.isdecimal() and w not in named | _FILLER]
    return " ".join(text.split()) if more else None
