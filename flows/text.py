"""Normalising what people text, and matching it against a state's options.

People answer "1", "one", "uno", "#1", "Narcan!!", "coach and narcan" or "Myself". Everything
here works on a normalised form: lower case, accents removed, punctuation turned into spaces.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "uno": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
}

# Words that only wrap an answer: "option 2", "number 3", "opcion 1", "#2".
_NUMBER_PREFIXES = ("option", "opcion", "number", "numero", "no", "num")

# Words that separate the items of a several-choice answer.
_LIST_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\+|\band\b|\by\b|\balso\b|\btambien\b)\s*")

# Spanish words a first text often carries: "hola", "ayuda", "necesito informacion".
SPANISH_HINTS = frozenset(
    {
        "hola",
        "ayuda",
        "ayudame",
        "necesito",
        "quiero",
        "buenos",
        "buenas",
        "gracias",
        "favor",
        "informacion",
        "espanol",
        "tengo",
        "estoy",
        "donde",
        "hijo",
        "hija",
        "esposo",
        "esposa",
        "naloxona",
        "puedo",
        "necesita",
        "busco",
        "hablo",
        "por",
        "que",
        "como",
        "mi",
    }
)

MAX_INPUT_CHARS = 500  # longer bodies are matched on their first part only


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces, single spaces."""
    text = (text or "")[:MAX_INPUT_CHARS]
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def single_word(text: str) -> str | None:
    """The one word a keyword message holds ("Stop.", " HELP! "), upper case; else None."""
    words = normalise(text).split()
    if len(words) != 1:
        return None
    return words[0].upper()


def as_number(text: str) -> int | None:
    """ "2", "two", "#2", "option 2", "dos", "2)" as a number; None if it isn't one."""
    words = normalise(text).split()
    if words and words[0] in _NUMBER_PREFIXES and len(words) == 2:
        words = words[1:]
    if len(words) != 1:
        return None
    word = words[0]
    if word.isdecimal() and len(word) <= 2:
        return int(word)
    return NUMBER_WORDS.get(word)


def contains_phrase(text: str, phrase: str) -> bool:
    """True if the normalised phrase appears in the normalised text as whole words."""
    phrase = normalise(phrase)
    if not phrase:
        return False
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def match_choice(text: str, choices: Sequence[Sequence[str]]) -> int | None:
    """Index of the choice the text picks, or None.

    ``choices[i]`` lists the words and phrases that name choice i (its value, labels, extra
    words). Tries, in order: a number; the whole text equal to a phrase; phrases contained in
    the text (the longest wins, and must belong to one choice only); a close spelling.
    """
    number = as_number(text)
    if number is not None:
        return number - 1 if 1 <= number <= len(choices) else None
    norm = normalise(text)
    if not norm:
        return None
    for index, phrases in enumerate(choices):
        if any(norm == normalise(p) for p in phrases):
            return index
    best_len = 0
    best: set[int] = set()
    for index, phrases in enumerate(choices):
        for phrase in phrases:
            if contains_phrase(norm, phrase):
                size = len(normalise(phrase))
                if size > best_len:
                    best_len, best = size, {index}
                elif size == best_len:
                    best.add(index)
    if len(best) == 1:
        return best.pop()
    if best:
        return None
    return _close_spelling(norm, choices)


def _close_spelling(norm: str, choices: Sequence[Sequence[str]]) -> int | None:
    """A one- or two-word answer spelled close to one phrase ("naloxon", "famly")."""
    if len(norm.split()) > 2 or len(norm) < 4:
        return None
    owners: dict[str, int] = {}
    for index, phrases in enumerate(choices):
        for phrase in phrases:
            key = normalise(phrase)
            if len(key) >= 4:
                owners.setdefault(key, index)
    close = difflib.get_close_matches(norm, list(owners), n=2, cutoff=0.8)
    hits = {owners[c] for c in close}
    return hits.pop() if len(hits) == 1 else None


def match_many(text: str, choices: Sequence[Sequence[str]]) -> list[int]:
    """Indexes of the choices a several-choice answer picks: "1 3", "1,3", "coach and narcan"."""
    norm = normalise(text)
    if not norm:
        return []
    picked: list[int] = []
    words = norm.split()
    if all(as_number(w) is not None for w in words):
        for word in words:
            number = as_number(word)
            if number is not None and 1 <= number <= len(choices):
                picked.append(number - 1)
        return _unique(picked)
    single = match_choice(text, choices)
    raw = (text or "")[:MAX_INPUT_CHARS].lower()
    for chunk in _LIST_SEPARATORS.split(raw):
        words = normalise(chunk).split()
        for word in words:
            if word.isdecimal() and 1 <= int(word) <= len(choices):
                picked.append(int(word) - 1)
        part = " ".join(w for w in words if not w.isdecimal())
        if not part:
            continue
        named = [
            i
            for i, phrases in enumerate(choices)
            if any(contains_phrase(part, p) for p in phrases if len(normalise(p)) >= 3)
        ]
        if named:
            picked.extend(named)
            continue
        index = match_choice(part, choices)
        if index is not None:
            picked.append(index)
    if not picked and single is not None:
        picked.append(single)
    return _unique(picked)


def _unique(items: list[int]) -> list[int]:
    seen: list[int] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def looks_spanish(text: str) -> bool:
    """True when a first text reads as Spanish ("hola", "necesito ayuda")."""
    words = set(normalise(text).split())
    strong = words & (SPANISH_HINTS - {"por", "que", "como", "mi"})
    return bool(strong) or len(words & SPANISH_HINTS) >= 2


# A {variable} in a script text; "{{" and "}}" stand for literal braces.
TEMPLATE_VAR = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
