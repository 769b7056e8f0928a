"""Thanks, nods and closing words: a text that only acknowledges is no answer in the person's
words, and a number followed by a nod ("2 thats fine") still picks its option.
"""

from __future__ import annotations

import re

from flows.text import as_number, normalise, short_answer

# "k", "ok thanks", "gracias": a nod to the question, never an answer in the person's words.
_ACKNOWLEDGEMENTS = frozenset(
    {"ok", "okay", "k", "kk", "sure", "yes", "yeah", "yep", "thanks", "thank", "you", "u", "ty",
     "thx", "so", "much", "please", "pls", "cool", "alright", "gracias", "vale", "dale", "bueno",
     "si", "claro"}
)  # fmt: skip

# Agreeing words after a number: "2 thats fine", "1 ok", "2 sounds good". Any other word
# ("2 no police", "2 thats not fine", "2 maybe") leaves the number no answer.
_AGREEING = frozenset(
    {"ok", "okay", "k", "kk", "fine", "thats", "that", "is", "its", "it", "sure", "yes", "yeah",
     "yep", "yup", "good", "great", "cool", "works", "sounds", "alright", "perfect", "please",
     "pls", "thanks", "thx", "ty", "thank", "you", "u", "si", "vale", "bueno", "esta", "bien",
     "claro", "perfecto", "gracias", "por", "favor"}
)  # fmt: skip


def starts_with_a_number(text: str) -> bool:
    """The text begins with a number ("2 after 5"), which names an option before anything."""
    words = normalise(text).split()
    return bool(words) and as_number(words[0]) is not None


def number_with_a_nod(text: str, options: int) -> int | None:
    """The option index a number names when only agreeing words follow it ("2 thats fine")."""
    words = normalise(text).split()
    if len(words) < 2 or not set(words[1:]) <= _AGREEING:
        return None
    number = as_number(words[0])
    return number - 1 if number is not None and 1 <= number <= options else None


# Words that close a conversation besides thanks and nods: "ok bet", "thank u so much",
# "great appreciate it".
_CLOSING = frozenset(
    {"bet", "great", "awesome", "perfect", "appreciate", "appreciated", "it", "got", "gotcha",
     "sounds", "good", "nice", "word", "sweet", "cheers", "bless", "tysm", "thnx", "thanx", "a",
     "lot", "will", "do", "lol", "perfecto", "genial", "muchas", "mil"}
)  # fmt: skip


def closes_only(text: str) -> bool:
    """Only thanks, a nod or closing words ("ok bet", "👍"); never nothing read ("?")."""
    said = set(short_answer(text).split())
    return bool(said) and said <= _ACKNOWLEDGEMENTS | _CLOSING


# A question asked once a flow ended, after any nod: "what if the box is empty", "is it free".
# Not "do not send anybody", nor "please cancel it".
_ASKS_AFTER_AN_END = re.compile(
    r"^(?:what|whats|how|where|when|why|who|which|is|are|can|could|will|would|does|do(?! not\b)|"
    r"did|que|como|donde|cuando|por que|puedo|puede|hay)\b"
)


def closes_or_asks(text: str) -> bool:
    """A question, a nod before it or not: "ok bet. what if the box is empty tho"."""
    words = normalise(text).split()
    closing = _ACKNOWLEDGEMENTS | _CLOSING
    while words and words[0] in closing:
        words = words[1:]
    return text.rstrip().endswith("?") or _ASKS_AFTER_AN_END.match(" ".join(words)) is not None


def acknowledges_only(text: str) -> bool:
    """Only thanks or a nod. Nothing read ("?", "...", "😭😭") is no thanks: never "You're
    welcome", nor a nod that answers "Any time"."""
    said = set(short_answer(text).split())
    return bool(said) and said <= _ACKNOWLEDGEMENTS


# Words of thanks among the nods: "ok thanks", "gracias". A yes or an ok thanks nobody.
_THANKS = frozenset({"thanks", "thank", "ty", "thx", "gracias"})


def thanks_in(text: str) -> bool:
    """The text thanks us ("ok thanks", "gracias"), not only nods ("si", "ok", "👍"): only
    thanks is answered with "you're welcome"."""
    return bool(set(short_answer(text).split()) & _THANKS)


# Nods that are names too: "Dale", "Vale" (Valentina) answer "What name should we use?".
_NODS_THAT_ARE_NAMES = frozenset({"dale", "vale"})


def nods_only(text: str) -> bool:
    """The whole text is a nod ("ok", "k thanks", "👍"): to an optional question asking for
    the person's own words, no answer, as SKIP is. Asking again would only get another nod,
    and the summary that follows shows it was left out and offers to change it."""
    said = set(short_answer(text).split())
    return bool(said) and said <= _ACKNOWLEDGEMENTS and not said & _NODS_THAT_ARE_NAMES


# A yes to "Did you mean Belchertown?": "yes", "ya", "yeah thats it", "si", "👍".
_YES = frozenset(
    {"yes", "ya", "yah", "yeah", "yep", "yup", "y", "si", "sip", "sure", "ok", "okay", "correct",
     "claro", "exacto", "eso"}
)  # fmt: skip
_WITH_A_YES = frozenset(
    {"thats", "that", "it", "one", "right", "please", "pls", "es", "ese", "esa", "por", "favor",
     "thanks", "thank", "you", "ty", "gracias"}
)  # fmt: skip


def says_yes(text: str) -> bool:
    """The whole text is a yes, with at most a few words agreeing around it ("yeah thats
    it", "si ese"): a yes to the one thing we asked about, never a yes to anything else."""
    said = short_answer(text).split()
    return bool(said) and said[0] in _YES and set(said) <= _YES | _WITH_A_YES
