"""Normalising what people text, and matching it against a state's options.

People answer "1", "one", "uno", "#1", "Narcan!!", "coach and narcan" or "Myself". Everything
here works on a normalised form: lower case, accents removed, punctuation turned into spaces.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

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

# Courtesy around an answer, said before or after it: "1 pls", "2 please", "uno por favor".
_COURTESY = ("please", "pls", "plz", "thanks", "thx", "ty", "thank you", "por favor", "gracias")

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
        "hermano",
        "hermana",
        "novio",
        "novia",
        "amiga",
        "volvi",
        "recai",
        "usar",
        "usando",
        "drogas",
        "dejar",
        "tratamiento",
        "metadona",
        "buprenorfina",
        "consigo",
        "conseguir",
        "escriban",
        "llamenme",
        "llamen",
        "mensajes",
        "ayudenme",
        "pueblo",
        # As Holyoke texts them: "me pueden ayudar?", "q tal", "bendicion", "tienen narcan?".
        "pueden",
        "puede",
        "ayudar",
        "ayudarme",
        "alguien",
        "tienen",
        "tiene",
        "hay",
        "tal",
        "disculpe",
        "disculpa",
        "bendicion",
        "saludos",
        "dias",
        "tardes",
        "noches",
        "entiendo",
        "ingles",
        "hablas",
        "habla",
        "hablan",
        "porfa",
        "porfavor",
        "xfa",
        # Everyday words of a first text that asks nothing: "sigo esperando", "nadie me ha
        # contestado", "perdi mi trabajo", "la policia me paro la semana pasada".
        "sigo",
        "espero",
        "esperando",
        "todavia",
        "nadie",
        "contestado",
        "contesta",
        "contestan",
        "perdi",
        "trabajo",
        "medicinas",
        "medicina",
        "paro",
        "semana",
        "pasada",
        "pasado",
        "quede",
        "saldo",
        "muero",
        "policia",
        "estaba",
        "porque",
        "cuando",
        "nada",
        "tome",
        "mis",
        "risa",
        "sin",
        # Spanish around English words: "mi hijo esta overdosing", "le dio un overdose q hago".
        "esta",
        "estan",
        "hago",
        "primo",
        "prima",
        "ahora",
        "bueno",
        "oiga",
        "q",
        "le",
        "un",
        "se",
        "por",
        "que",
        "como",
        "mi",
        "de",
        "la",
        "el",
        "es",
        "para",
        "con",
        "una",
        "los",
        "las",
        "y",
        "en",
    }
)
# Words as common in English as in Spanish: two of them make a text Spanish, one does not
# ("hay" is how many spell "hey", "Tal", "Tome" and "Risa" names, "nada" and "sin" English too).
_WEAK_SPANISH = frozenset(
    {"por", "que", "como", "mi", "de", "la", "el", "es", "para", "con", "una", "los", "las", "y",
     "en", "q", "le", "un", "se", "hay", "tal", "tome", "mis", "risa", "nada", "sin"}
)  # fmt: skip
# Words only English has that a text often carries: against the Spanish ones they say which
# language a text mixing them is in ("mi hijo esta overdosing", "my son is not breathing").
# Not "help" nor "pls", which Spanish speakers text as much.
ENGLISH_HINTS = frozenset(
    {"i", "im", "my", "he", "hes", "she", "shes", "they", "theyre", "we", "you", "your", "his",
     "her", "him", "them", "our", "the", "an", "is", "are", "was", "were", "not", "isnt", "wont",
     "cant", "dont", "doesnt", "aint", "and", "or", "but", "what", "do", "does", "did", "to", "of",
     "in", "on", "at", "for", "with", "it", "its", "this", "that", "just", "please", "someone",
     "somebody", "friend", "daughter", "brother", "sister", "mom", "dad", "boyfriend",
     "girlfriend", "husband", "wife", "has", "have", "had", "been", "now", "get", "got", "can",
     "will", "think", "need", "breathing", "waking", "wake", "up", "out"}
)  # fmt: skip

# Greetings of each language: one in the conversation's own makes a text in the other a mix
# ("hola i need narcan" in Spanish), not a change of language.
SPANISH_GREETINGS = frozenset(
    {"hola", "buenas", "buenos", "dias", "tardes", "noches", "saludos", "bendicion", "oye",
     "oiga", "disculpe"}
)  # fmt: skip
ENGLISH_GREETINGS = frozenset({"hi", "hello", "hey", "good", "morning", "afternoon", "evening"})
# Greetings and courtesy said around an answer, never part of it: "hola, holyoke", "narcan in
# holyoke please", "buenos dias, tienen narcan en holyoke porfa?".
GREETING_AND_COURTESY = SPANISH_GREETINGS | ENGLISH_GREETINGS | frozenset(
    {"please", "pls", "plz", "thanks", "thank", "thx", "ty", "porfa", "porfavor", "xfa", "por",
     "favor", "gracias"}
)  # fmt: skip

MAX_INPUT_CHARS = 500  # longer bodies are matched on their first part only

# Words that turn a choice into its refusal: "dont call", "not sure", "sin policia", "ni".
NEGATORS = frozenset(
    {"no", "not", "dont", "never", "without", "nah", "nope", "neither", "nor", "wont",
     "doesnt", "didnt", "cant", "cannot", "isnt", "arent", "aint", "sin", "nunca", "ni",
     "tampoco"}
)  # fmt: skip
# How many words before a choice a negator still reaches: "I do not really want police".
NEGATION_WINDOW = 3
# Words a negator reaches across, however many: "dont want to go to rehab", "not tryna go to
# rehab", "cant talk on the phone". Any other word beyond the window ends its reach.
_REACHED_ACROSS = frozenset(
    {"want", "wanna", "tryna", "trying", "try", "gonna", "going", "go", "to", "get", "be",
     "really", "even", "need", "talk", "on", "the", "a", "an", "any", "into", "in", "at", "do",
     "ir", "quiero", "voy", "hablar", "el", "la"}
)  # fmt: skip
# Words that end a negation, whatever the distance: "no rehab but talk", "not rehab just narcan".
_NEGATION_ENDS = frozenset({"but", "just", "pero"})
# Between a choice and a negator after it: "police is not ok".
_COPULAS = frozenset({"is", "are", "r", "es", "son", "esta"})
# Words that answer only as the whole message: "sure" is a yes, "not sure" is no answer,
# "please" in "please dont call me" says nothing about calling, and "yo" (Spanish "I") in "yo
# whats up" is a greeting (Spanish phrases with it, "yo mismo", still count), and "me" in "you
# send me a menu" or "mi" in "perdi mi trabajo" picks no "Support for me" ("for me", "help me",
# "para mi" still count).
WHOLE_MESSAGE_ONLY = frozenset(
    {"sure", "ok", "okay", "k", "kk", "please", "pls", "plz", "y", "claro", "por favor",
     "vale", "dale", "yo", "me", "mi"}
)  # fmt: skip


# Characters nobody sees but that change what is shown: direction overrides and isolates
# (U+202E shows what follows backwards), zero-width spaces and joiners, the byte-order mark
# (Unicode's "format" category), and control characters other than tab and line breaks.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc"})


def visible(text: str) -> str:
    """The text without invisible format and control characters: what a name or a note may
    hold before anyone reads it next to something else."""
    return "".join(
        ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
    )


def normalise(text: str, limit: int = MAX_INPUT_CHARS) -> str:
    """Lower case, accents removed, punctuation as spaces, single spaces; the first ``limit``
    characters only (answers are matched on their start, emergencies looked for everywhere)."""
    text = (text or "")[:limit]
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


_NEGATIVE = re.compile(r"^\s*[-\u2212]\s*\d")


def as_number(text: str) -> int | None:
    """ "2", "two", "#2", "option 2", "dos", "2)", "2 please" as a number; None if it isn't one
    ("-1" is not 1, "my 2 sons" is no answer)."""
    if _NEGATIVE.match(text or ""):
        return None
    words = _without_courtesy(normalise(text).split())
    if words and words[0] in _NUMBER_PREFIXES and len(words) == 2:
        words = words[1:]
    if len(words) != 1:
        return None
    word = words[0]
    if word.isdecimal() and len(word) <= 2:
        return int(word)
    return NUMBER_WORDS.get(word)


def _without_courtesy(words: list[str]) -> list[str]:
    """The words without the courtesy that starts or ends them ("3 thx" is "3")."""
    changed = True
    while changed and words:
        changed = False
        for phrase in (p.split() for p in _COURTESY):
            if len(words) > len(phrase) and words[: len(phrase)] == phrase:
                words, changed = words[len(phrase) :], True
            elif len(words) > len(phrase) and words[-len(phrase) :] == phrase:
                words, changed = words[: -len(phrase)], True
    return words


@functools.lru_cache(maxsize=16384)
def phrase_key(phrase: str) -> str:
    """A script's word or phrase normalised once: the same few hundred option words are
    matched against every text (normalising them each time was most of a step's CPU)."""
    return normalise(phrase)


def contains_phrase(text: str, phrase: str) -> bool:
    """True if the normalised phrase appears in the normalised text as whole words."""
    phrase = phrase_key(phrase)
    if not phrase:
        return False
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@dataclass(frozen=True)
class _Hit:
    """A phrase of one choice found in the text, by word positions."""

    choice: int
    start: int
    end: int  # exclusive
    says_no: bool  # the phrase carries its own negation: "no police", "not now", "dont call"


def _says_no(words: Sequence[str]) -> bool:
    return any(w in NEGATORS for w in words)


def _find_hits(
    words: Sequence[str], choices: Sequence[Sequence[str]], min_chars: int
) -> list[_Hit]:
    """Every phrase of every choice found in the words, except whole-message-only words."""
    hits: list[_Hit] = []
    # Where each word stands: a phrase is looked for only where its first word does.
    at: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        at.setdefault(word, []).append(position)
    for index, phrases in enumerate(choices):
        for phrase in phrases:
            key = phrase_key(phrase)
            if len(key) < min_chars or key in WHOLE_MESSAGE_ONLY:
                continue
            parts = key.split()
            for start in at.get(parts[0], ()) if parts else ():
                if list(words[start : start + len(parts)]) == parts:
                    hits.append(_Hit(index, start, start + len(parts), _says_no(parts)))
    return hits


# Politeness, not assent: "please don't call me" is a plain refusal ("y" is Spanish "and").
_POLITE = frozenset({"please", "pls", "plz", "por favor", "y"})
# Words that may stand around a consent to police ("yes, police are fine with me").
_CONSENT_FILLER = frozenset(
    {"yes", "yeah", "yep", "sure", "ok", "okay", "fine", "thats", "that", "is", "its", "are",
     "all", "good", "with", "me", "by", "the", "too", "also", "si", "esta", "bien", "con", "la",
     "el", "parece", "please", "pls", "plz", "thanks", "thx", "ty", "gracias", "por", "favor"}
)  # fmt: skip
# A consent to police is never a guess from a close spelling ("cops idk" is not "cops ok").
_NEVER_GUESSED = frozenset(
    {"police", "cop", "cops", "officer", "officers", "policia", "policias", "agente"}
)
# Words that make a phrase naming police no consent at all: "no cops", "scared of the police".
_NO_CONSENT = frozenset(
    {"no", "not", "never", "without", "dont", "scare", "scares", "scared", "afraid", "sin",
     "nunca", "ningun", "nada", "miedo"}
)  # fmt: skip


# Whole-message words that name a person, not a yes: "mi" in "mi hijo, no es para mi" is no
# pick ahead of the refusal.
_PERSONS = frozenset({"yo", "me", "mi"})


def _lone_word_hits(words: Sequence[str], choices: Sequence[Sequence[str]]) -> list[_Hit]:
    """Where the words that say yes only on their own ("sure", "ok") stand in the text."""
    return [
        _Hit(index, position, position + 1, False)
        for index, phrases in enumerate(choices)
        for phrase in phrases
        if (key := phrase_key(phrase)) in WHOLE_MESSAGE_ONLY and key not in _POLITE | _PERSONS
        for position, word in enumerate(words)
        if word == key
    ]


def _weigh_hits(words: Sequence[str], hits: list[_Hit]) -> tuple[list[_Hit], list[_Hit]]:
    """Split hits into those the text means and those it negates ("dont want police").

    A hit inside a longer hit counts as the longer one ("no police" holds "police"); a hit
    overlapping a phrase that says no is that phrase's ("dont call me" holds "call me").
    A negator within NEGATION_WINDOW words before a hit, or further across words like "want
    to go to" (never past "but" or "just"), negates it, and so does one right
    after it ("policia no", "police is not ok") unless another choice follows that negator
    ("text, not call"). Negators that belong to a phrase saying no negate nothing else.
    """

    def span(hit: _Hit) -> set[int]:
        return set(range(hit.start, hit.end))

    kept = [
        h
        for h in hits
        if not any(
            o is not h
            and (
                (span(h) < span(o))
                or (o.says_no and not h.says_no and o.choice != h.choice and span(h) & span(o))
            )
            for o in hits
        )
    ]
    owned = set().union(*(span(h) for h in kept if h.says_no)) if kept else set()
    starts = {h.start for h in kept}
    free = [i for i, w in enumerate(words) if w in NEGATORS and i not in owned]

    def reaches(i: int, hit: _Hit) -> bool:
        between = words[i + 1 : hit.start]
        if any(w in _NEGATION_ENDS for w in between):
            return False
        return len(between) < NEGATION_WINDOW or all(w in _REACHED_ACROSS for w in between)

    def negated(hit: _Hit) -> bool:
        if hit.says_no:
            return False
        if any(i < hit.start and reaches(i, hit) for i in free):
            return True
        after = hit.end
        if after < len(words) and words[after] in _COPULAS:
            after += 1
        return after in free and (after + 1) not in starts

    meant = [h for h in kept if not negated(h)]
    refused = [h for h in kept if negated(h)]
    return meant, refused


# Nouns that name a thing as well as a choice: "phone" is a way to be reached and the thing
# "my mom answers" ("text pls my mom answers the phone"). They pick only when no other choice
# is named, so a plain ask ("text", "txt me") wins over them.
_NAMES_A_THING = frozenset({"phone", "telefono", "cell", "celular"})

# Saying how much English (or Spanish) one has says nothing of the answer: the bare "no" of
# "pueden llamarme? no se mucho ingles" refuses nothing.
_LITTLE_OF_A_LANGUAGE = re.compile(
    r"\b(?:i )?(?:no|dont|do not|cant|cannot)"
    r" (?:se|hablo|leo|entiendo|comprendo|puedo|speak|read|understand|talk)"
    r"(?: (?:much|good|well|very well|hablar|leer|mucho|bien|muy bien|el|nada de|casi nada de))*"
    r" (?:english|ingles|spanish|espanol)\b"
)


def _without_things_named(words: Sequence[str], meant: list[_Hit]) -> list[_Hit]:
    """The hits without a thing's noun when another choice is named too."""
    nouns = [h for h in meant if " ".join(words[h.start : h.end]) in _NAMES_A_THING]
    if {h.choice for h in meant} - {h.choice for h in nouns}:
        return [h for h in meant if h not in nouns]
    return meant


def _whole_message_choice(words: Sequence[str], choices: Sequence[Sequence[str]]) -> int | None:
    """ "sure", "ok please": a message made only of words that answer on their own."""
    owners = set()
    for word in words:
        if word not in WHOLE_MESSAGE_ONLY:
            return None
        owners |= {
            i for i, phrases in enumerate(choices) if any(phrase_key(p) == word for p in phrases)
        }
    return owners.pop() if len(owners) == 1 else None


# A whole answer said the short way: "k" is "ok", "yup" is "yes", a thumbs up is "yes".
SHORT_ANSWERS = {
    "k": "ok", "kk": "ok", "okk": "ok", "okey": "ok", "oki": "ok", "okie": "ok", "yea": "yes",
    "yeh": "yes", "ye": "yes", "yup": "yes", "yess": "yes", "yesss": "yes", "nah": "no",
}  # fmt: skip
EMOJI_ANSWERS = {
    "\U0001f44d": "yes", "\u2705": "yes", "\u2714": "yes", "\u2611": "yes", "\U0001f44c": "ok",
    "\U0001f44e": "no", "\u274c": "no",
}  # fmt: skip
# Skin tones and the emoji presentation selector: a thumbs up in any tone is a thumbs up.
_EMOJI_MODIFIERS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f\\s]")


def short_answer(text: str) -> str:
    """The normalised text, with a whole answer said the short way ("k", "👍👍") written out."""
    norm = normalise(text)
    if norm:
        return SHORT_ANSWERS.get(norm, norm)
    marks = set(_EMOJI_MODIFIERS.sub("", (text or "")[:MAX_INPUT_CHARS]))
    return EMOJI_ANSWERS.get(marks.pop(), "") if len(marks) == 1 else ""


def match_choice(
    text: str, choices: Sequence[Sequence[str]], *, keeps_own_words: bool = False
) -> int | None:
    """Index of the choice the text picks, or None.

    ``choices[i]`` lists the words and phrases that name choice i (its value, labels, extra
    words). Tries, in order: a number; the whole text equal to a phrase; phrases contained in
    the text that it does not negate (the longest wins, and must belong to one choice only); a
    close spelling. A text that only names choices to refuse them ("not sure", "I dont want
    police") picks nothing, so the question is asked again. ``keeps_own_words``: the question
    also takes the texter's own words, so any refusal in the text leaves them as written.
    """
    number = as_number(text)
    if number is not None:
        return number - 1 if 1 <= number <= len(choices) else None
    norm = short_answer(text)
    if not norm:
        return None
    for index, phrases in enumerate(choices):
        if any(norm == phrase_key(p) for p in phrases):
            return index
    norm = " ".join(_LITTLE_OF_A_LANGUAGE.sub(" ", norm).split())
    if not norm:
        return None
    words = norm.split()
    whole = _whole_message_choice(words, choices)
    if whole is not None:
        return whole
    hits = _find_hits(words, choices, min_chars=1)
    meant, refused = _weigh_hits(words, hits)
    meant = _without_things_named(words, meant)
    if refused and (keeps_own_words or not meant):
        return None
    if meant:
        if any(_police_not_in_so_many_words(text, words, h) for h in meant if not h.says_no):
            # Police only in so many words, and never in a question: "police ok? hell no",
            # "are cops ok to come?", "officers ok? I have a warrant" are asked again.
            return None
        # "sure" and "ok" pick nothing inside a longer text, but they still say yes here.
        plains = [h for h in meant if not h.says_no] + _lone_word_hits(words, choices)
        if any(
            plain.choice != no.choice and plain.start < no.start
            for plain in plains
            for no in meant
            if no.says_no
        ):
            # "yes please, dont call before 10": a choice, then a refusal of another, reads
            # as a condition on the first. Asking again beats taking it as a refusal.
            return None
        best_len = max(len(" ".join(words[h.start : h.end])) for h in meant)
        longest = [h for h in meant if len(" ".join(words[h.start : h.end])) == best_len]
        best = _named_elsewhere(hits, meant, longest) or {h.choice for h in longest}
        return best.pop() if len(best) == 1 else None
    if _says_no(words):
        return None
    return _close_spelling(norm, choices)


def _named_elsewhere(hits: list[_Hit], meant: list[_Hit], longest: list[_Hit]) -> set[int]:
    """Choices a longest phrase outranks by holding one of their phrases, that the text names
    elsewhere too, and so win: "me and my friend" holds "my friend", so "me and my friend are
    worried about my son" is still about a loved one."""
    held = {
        h.choice
        for h in hits
        for w in longest
        if h.choice != w.choice and not w.says_no and w.start <= h.start and h.end <= w.end
    }
    return {
        h.choice
        for h in meant
        if h.choice in held and not any(h.start < w.end and w.start < h.end for w in longest)
    }


def _police_not_in_so_many_words(text: str, words: Sequence[str], hit: _Hit) -> bool:
    """A consent to police that comes with a question mark or with any word beyond a few
    plain ones ("yes", "fine", "thank you"). A phrase that refuses or fears police is none:
    "i used to use and cops scare me" is peers only."""
    named = set(words[hit.start : hit.end])
    if not named & _NEVER_GUESSED or named & _NO_CONSENT:
        return False
    rest = " ".join([*words[: hit.start], *words[hit.end :]]).replace("thank you", "").split()
    return "?" in text or any(w not in _CONSENT_FILLER for w in rest)


def says_yes_to_police(phrase: str) -> bool:
    """A phrase that consents to police in so many words: a police word with only plain
    yes-words beside it ("police ok", "cops are fine", "con policia"), and no negation."""
    words = normalise(phrase).split()
    rest = [w for w in words if w not in _NEVER_GUESSED]
    return len(rest) < len(words) and bool(rest) and all(w in _CONSENT_FILLER for w in rest)


def refuses_a_choice(text: str, choices: Sequence[Sequence[str]]) -> bool:
    """True when the text names choices only to refuse them ("no narcan", "not Amherst")."""
    words = normalise(text).split()
    meant, refused = _weigh_hits(words, _find_hits(words, choices, min_chars=1))
    return bool(refused) and not meant


def _close_spelling(norm: str, choices: Sequence[Sequence[str]]) -> int | None:
    """A one- or two-word answer spelled close to one phrase ("naloxon", "famly")."""
    if len(norm.split()) > 2 or len(norm) < 4:
        return None
    owners: dict[str, int] = {}
    negating = _says_no(norm.split())
    for index, phrases in enumerate(choices):
        for phrase in phrases:
            key = phrase_key(phrase)
            # "ok thanks" is two letters from "no thanks": a refusal is never a guess.
            if (
                len(key) >= 4
                and (negating or not _says_no(key.split()))
                and not set(key.split()) & _NEVER_GUESSED
            ):
                owners.setdefault(key, index)
    # A typo changes a letter or two; a word short of a phrase ("police" of "police ok") is
    # not that phrase misspelt.
    candidates = [key for key in owners if abs(len(key) - len(norm)) <= 2]
    close = difflib.get_close_matches(norm, candidates, n=2, cutoff=0.8)
    hits = {owners[c] for c in close}
    return hits.pop() if len(hits) == 1 else None


def match_many(text: str, choices: Sequence[Sequence[str]]) -> list[int]:
    """Indexes of the choices a several-choice answer picks: "1 3", "1,3", "coach and narcan".

    Choices the text refuses ("narcan, no treatment", "1 but not 3") are left out.
    """
    text = _without_sums(text)
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
        negators = [i for i, w in enumerate(words) if w in NEGATORS]
        for i, word in enumerate(words):
            refused = any(i - NEGATION_WINDOW <= n < i for n in negators)
            if (
                word.isdecimal()
                and 1 <= int(word) <= len(choices)
                and not refused
                and not _counts_something(words, i)
            ):
                picked.append(int(word) - 1)
        part = [w for w in words if not w.isdecimal()]
        if not part:
            continue
        meant, refused_hits = _weigh_hits(part, _find_hits(part, choices, min_chars=3))
        if meant:
            picked.extend(sorted({h.choice for h in meant}))
            continue
        if refused_hits:
            continue
        index = match_choice(" ".join(part), choices)
        if index is not None:
            picked.append(index)
    if not picked and single is not None:
        picked.append(single)
    return _unique(picked)


# Sums are no picks: "whats 2+2", "2*2", "what is 1 + 1?". A "+" or "/" alone is a list ("1+3"),
# unless the text asks something ("?", "=", "whats").
_SUM = re.compile(
    r"\d+\s*(?:(?P<op>[*\u00d7^=]|\b(?:plus|minus|times|divided by|mas|menos)\b)|[-+/x])\s*\d+"
    r"(?:\s*=\s*\d*)?",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\?|=|\b(?:what|whats|wats|what s|how much|cuanto|cuanto es|que es)\b", re.I)


def _without_sums(text: str) -> str:
    """The text without the sums it holds, so their numbers pick nothing."""
    text = (text or "")[:MAX_INPUT_CHARS]
    asks = bool(_ASKS.search(text))
    return _SUM.sub(lambda m: " " if m.group("op") or asks else m.group(0), text)


# Words after a number that leave it a pick: "1 3", "2 please", "1 but not 4", "4 porfa".
_AFTER_A_PICK = frozenset(
    {"please", "pls", "plz", "plis", "pliss", "thanks", "thank", "thx", "ty", "but", "or", "too",
     "only", "maybe", "then", "por", "favor", "porfa", "porfis", "porfavor", "xfa", "gracias",
     "pero", "o", "solo", "nomas"}
) | NEGATORS  # fmt: skip
# A hedge after a number leaves it a pick: "1 and 3 i guess", "2 i think".
_HEDGES = frozenset(
    {
        "guess",
        "think",
        "suppose",
        "spose",
        "mean",
        "want",
        "need",
        "pick",
        "choose",
        "hope",
        "believe",
        "reckon",
        "prefer",
        "would",
    }
)
# Words before a number that make it a count: "for 3", "i have 2", "since 5".
_BEFORE_A_COUNT = frozenset(
    {"for", "have", "had", "has", "got", "since", "about", "around", "over", "past", "last",
     "of", "almost", "nearly", "after", "before", "at", "in", "within", "until", "till", "til",
     "every", "each", "am", "im", "is", "was", "been", "age", "aged", "the", "my", "our",
     "tengo", "tiene", "hace", "desde", "por", "de", "mis", "los", "las"}
)  # fmt: skip


# Words that start what a person says after their picks, never a thing a number counts:
# "4 im pregnant", "1 his girlfriend is pregnant", "2 estoy embarazada".
_SAYING_MORE = frozenset(
    {"i", "im", "ive", "id", "ill", "my", "me", "he", "hes", "his", "him", "she", "shes", "her",
     "we", "our", "they", "theyre", "their", "them", "its", "it", "this", "yo", "mi",
     "estoy", "soy", "el", "ella", "su", "sus", "nosotros", "es", "esta"}
)  # fmt: skip


def _counts_something(words: Sequence[str], i: int) -> bool:
    """The number at ``words[i]`` counts something ("2 kids", "for 3 years", "i have 2"),
    rather than standing as a pick: alone, in a list of numbers, after "option", or first
    with what the person says after it ("1 3 im pregnant")."""
    after = words[i + 1] if i + 1 < len(words) else None
    hedged = after == "i" and i + 2 < len(words) and words[i + 2] in _HEDGES
    first = all(w.isdecimal() for w in words[:i])
    if first and after in _SAYING_MORE:
        return False
    if after is not None and not after.isdecimal() and after not in _AFTER_A_PICK and not hedged:
        return True
    return i > 0 and words[i - 1] in _BEFORE_A_COUNT


def _unique(items: list[int]) -> list[int]:
    seen: list[int] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def looks_spanish(text: str) -> bool:
    """True when a first text reads as Spanish ("hola", "necesito ayuda")."""
    words = set(normalise(text).split())
    strong = words & (SPANISH_HINTS - _WEAK_SPANISH)
    return bool(strong) or len(words & SPANISH_HINTS) >= 2


def language_hints(norm: str) -> tuple[int, int, bool]:
    """How many Spanish and English hint words the normalised text has, and whether a Spanish
    one is no word English shares."""
    words = norm.split()
    spanish = [word for word in words if word in SPANISH_HINTS]
    english = sum(word in ENGLISH_HINTS for word in words)
    return len(spanish), english, any(word not in _WEAK_SPANISH for word in spanish)


def reads_spanish(norm: str) -> bool:
    """A normalised text that mixes the languages is in Spanish: it reads as Spanish, with
    more Spanish words than English ones ("mi hijo esta overdosing", not "my novio is
    blue")."""
    spanish, english, strong = language_hints(norm)
    return (strong or spanish >= 2) and spanish > english


def reads_english(norm: str) -> bool:
    """A normalised text is clearly English: two English words or more, outnumbering any
    Spanish ones ("my son is not breathing", not "overdose help pls")."""
    spanish, english, _ = language_hints(norm)
    return english >= 2 and english > spanish


# A {variable} in a script text; "{{" and "}}" stand for literal braces.
TEMPLATE_VAR = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


# An optional question declined in words rather than SKIP: "prefer not to say", "rather not".
_DECLINES = re.compile(
    r"^(?:(?:id|i would|i(?:d)? rather|i prefer|prefer|rather) (?:not|no)(?: (?:say|to say|tell|"
    r"to tell|give|to give|share|to share|answer|to answer))?(?: (?:it|that|my name))?|"
    r"(?:i )?(?:dont|do not) (?:want to|wanna) (?:say|tell|give|share|answer)"
    r"(?: (?:it|that|my name))?|"
    r"skip(?: (?:it|this|that|please|pls))?|no name|none of your business|nobody|anonymous|anon|"
    r"prefiero no(?: (?:decir|decirlo|contestar|darlo))?|no quiero (?:decir|decirlo|darlo)|"
    r"sin nombre|anonimo|anonima)(?: (?:please|pls|thanks|por favor|gracias))*$"
)


def declines_to_say(text: str) -> bool:
    """The whole text declines an optional question in words."""
    return bool(_DECLINES.match(normalise(text)))
