"""Reading a name out of the words around it.

At the name question the whole text is the answer, less what people say around a name: a nod
("ok Sam"), an introduction ("my name is Jay"), a reminder ("i told u already its mike"), a
correction ("jay. or actually put danny": Danny) or an aside after it ("mike btw"); and only
the name of a sentence ("Grace, im pregnant": Grace), none when it starts with no name ("idk",
"im over it") or has no letters ("1"), which are never kept as one; emoji around a name are
no part of it, nor is a time said there ("call me after 5": no name, the time kept). At any
other question only an introduction in so many words ("my name is mike btw") names them, or,
beside how to reach them and a time, words that are nothing but an introduction ("call me, im
sam, after 5"): the name is kept for the name question rather than asked again.
"""

from __future__ import annotations

import re
import unicodedata

from flows.text import normalise
from flows.time_said import time_apart

# Who calls a person by a nickname: "my friends", "mis panas", "everyone", "en el barrio".
_WHO_CALLS = (
    r"(?:(?:all |most of )?(?:my|mi|mis|todos mis|todas mis) (?:[^\W\d_]+ )?(?:friends?|homies?|"
    r"homeboys?|boys|girls|people|peoples|fam|family|familia|panas?|panitas?|amigos?|amigas?|"
    r"gente|socios?|hermanos?|hermanas?|primos?|primas?|brothers?|sisters?|cousins?|"
    r"bros?|crew)|people|everyone|everybody|every1|they|folks|todos|todo el mundo|la gente|"
    r"en el barrio|en la calle|(?:around|in) (?:here|the street|the streets|the hood))"
)
_OFTEN = r"(?:(?:usually|always|just|all|mostly|siempre|nomas|solo) )?"
# How people start a name: "my name is Jay", "call me J", "soy José", "dime Chino" (call me
# Chino), "mis panas me dicen Chino", "my friends call me Chino".
NAME_INTRO = re.compile(
    r"^(?:(?:hi|hello|hey|hola)[,.!]? )?(?:my name is|my name's|my names|(?:just )?call me|i am|"
    r"i'm|im|"
    r"it's|its|this is|me llamo|mi nombre es|soy|me dicen|d[ií]me|d[ií]game|d[ií]ganme|"
    r"ll[aá]mame|ll[aá]meme|ll[aá]menme|(?:you|u|yall|ya) (?:can|could|may) call me|"
    r"(?:me )?(?:puedes|puede|pueden) (?:decirme|llamarme)|"
    rf"{_WHO_CALLS} {_OFTEN}(?:call me|calls me|know me as|knows me as|"
    r"me dicen|me dice|me llaman|me llama|me conocen como|me conoce como))[,:]? (?=\S)",
    re.IGNORECASE,
)
# A nod before the name, "ok Sam", "sure, Sam": the name is Sam. Only a nod followed by more
# words, and none that are names too ("Dale", "Vale"); "k" takes no period ("K. J." is a name).
NOD_BEFORE_NAME = re.compile(
    r"^(?:(?:(?:ok|okay|sure|yes|yeah|yep|yup|alright|s[ií]|claro)[,.!]?|kk?,?) +)+(?=\S)",
    re.IGNORECASE,
)
# "i told u already", "like i said": the name was said before, and follows.
_TOLD_BEFORE = re.compile(
    r"^(?:(?:i (?:already )?told (?:u|you|ya)(?: (?:already|before))?|like i said|as i said|"
    r"i already said|ya le dije|como le dije|ya te dije)[,.!:]? )(?=\S)",
    re.IGNORECASE,
)
# A name taken back for another: "jay. or actually put danny", "Jay, actually make it Danny",
# "jay no wait, danny". What follows the last such words is the name.
_TAKEN_BACK = re.compile(
    r"(?:^|[\s.,;!]+)(?:(?:or|no|nah|wait|sorry|oops)[,.!]? )*"
    r"(?:actually|i mean|i meant|no wait|wait no|scratch that|or rather|en realidad|mejor)[,.!:]? "
    r"(?:(?:just|put|use|write|make it|call me|its|it's|pon|ponga|ponle)[,:]? )*(?=\S)",
    re.IGNORECASE,
)
# Asides after a name: "mike btw", "its mike lol", "Ana, thanks".
_ASIDE_AFTER = re.compile(
    r"(?:[\s,.!]+(?:btw|by the way|lol|lmao|haha|tho|though|thanks|thank you|thx|ty|pls|"
    r"please|gracias))+[\s.!]*$",
    re.IGNORECASE,
)
# An introduction in so many words anywhere in a text: "my name is mike btw". Not "call me",
# "im" or "its", which answer other questions ("call me after 5", "im in Ware").
_TOLD_IN_PASSING = re.compile(
    r"\b(?:my name is|my name's|my names|the name is|me llamo|mi nombre es)[,:]? "
    r"(?:(?:actually|really|just|still|en realidad)[,:]? )?"
    r"((?:[^\W\d_][\w'.-]*)(?: [^\W\d_][\w'.-]*){0,2})",
    re.IGNORECASE,
)
# Words that end a name told in passing ("my name is mike and i need a call").
_NOT_OF_THE_NAME = frozenset(
    {"and", "but", "so", "btw", "by", "lol", "tho", "though", "i", "im", "i'm", "from", "in",
     "at", "thanks", "thx", "please", "pls", "y", "pero", "de", "en", "gracias", "if", "or",
     "text", "call", "me", "you", "u", "not", "no"}
)  # fmt: skip


def name_in_answer(typed: str) -> str:
    """The name in an answer to the name question; the text as typed when nothing around a
    name is found (or all of it would go)."""
    name = typed
    for _ in range(2):  # "ok i told u already, its mike": each may come before another
        name = NOD_BEFORE_NAME.sub("", name)
        name = _TOLD_BEFORE.sub("", name)
    last = next(reversed(list(_TAKEN_BACK.finditer(name))), None)
    if last is not None and name[last.end() :].strip():
        name = name[last.end() :]
    name = NAME_INTRO.sub("", name)
    name = _ASIDE_AFTER.sub("", name).strip()
    if name != typed:
        name = name.strip(" ,;:!")
    return name or typed


def name_told(text: str) -> str | None:
    """A name told in passing in a text that answers another question ("my name is mike
    btw"), or None."""
    found = _TOLD_IN_PASSING.search(text)
    if found is None:
        return None
    words = []
    for word in found.group(1).split():
        if word.lower().strip(".") in _NOT_OF_THE_NAME:
            break
        words.append(word.rstrip("."))
        if word.endswith("."):
            break
    return " ".join(w for w in words if w) or None


# Only an introduction and a name: "my name is sam", "im Sam", "soy Ana", "me llamo Ana Ruiz".
_ONLY_AN_INTRO = re.compile(
    r"^(?:(?:hi|hello|hey|hola)[,.!]? )?(?:my name is|my name's|my names|the name is|i'm|im|"
    r"i am|this is|me llamo|mi nombre es|soy|me dicen)[,:]? "
    r"((?:[^\W\d_][\w'.-]*)(?: [^\W\d_][\w'.-]*)?)[.!]*$",
    re.IGNORECASE,
)
# Said after "im" or "soy" of when or where, not who: "im free", "im at work", "soy de Ware".
_NOT_A_NAME = frozenset(
    {"free", "busy", "home", "off", "out", "up", "working", "available", "usually", "always",
     "never", "only", "just", "still", "also", "awake", "asleep", "sleeping", "around", "back",
     "here", "there", "ok", "okay", "fine", "good", "sorry", "deaf", "the", "a", "an", "on",
     "gonna", "going", "really", "libre", "ocupado", "ocupada", "trabajando",
     "disponible", "sordo", "sorda", "solo", "sola", "siempre", "nunca", "bien", "aqui", "el",
     "la", "un", "una", "del", "con", *_NOT_OF_THE_NAME}
)  # fmt: skip


def name_introduced(words: str) -> str | None:
    """The name when ``words`` are nothing but an introduction ("im Sam", "soy Ana, gracias"),
    or None: "im free" or "soy de Ware" say something else."""
    found = _ONLY_AN_INTRO.match(_ASIDE_AFTER.sub("", " ".join(words.split())).strip(" ,;:"))
    if found is None:
        return None
    name = found.group(1).rstrip(".")
    if any(w.lower().strip(".") in _NOT_A_NAME for w in name.split()):
        return None
    return name


# Words no name is made of: what people say instead of a name or beside one ("Grace, im
# pregnant", "i give up on this app", "idk", "estoy cansada"). Never words that are names too
# ("Will", "Hope", "Do") nor those inside names ("Maria de la Luz", "El Flaco", "Lil Mike").
_NEVER_IN_A_NAME = frozenset(
    {"i", "im", "ive", "id", "ill", "me", "my", "mine", "myself", "you", "u", "your", "ur",
     "it", "its", "this", "that", "these", "those", "he", "she", "we", "they", "them", "him",
     "his", "their", "our", "the", "and", "but", "or", "if", "because", "cause", "cuz", "bc",
     "from", "in", "on", "at", "of", "to", "for", "with", "about", "over", "into", "just",
     "not", "no", "nah", "nope", "dont", "cant", "wont", "didnt", "doesnt", "isnt", "aint",
     "is", "am", "are", "was", "were", "be", "been", "have", "has", "had", "does", "did",
     "got", "get", "give", "want", "wanna", "need", "know", "think", "used", "use", "using",
     "pregnant", "here", "there", "what", "whats", "why", "how", "who", "when", "where",
     "which", "idk", "dunno", "idc", "lol", "btw", "thanks", "please", "pls", "app", "done",
     "tired", "really", "still", "also", "too", "gonna", "going", "sorry", "help",
     "anymore", "anything", "nothing", "whatever", "yo", "mi", "mis", "te", "tu", "su", "que",
     "porque", "por", "para", "con", "sin", "estoy", "estaba", "tengo", "quiero", "necesito",
     "uso", "usaba", "embarazada", "se", "ya", "pero", "es", "esta", "eso", "esto", "nada",
     "nadie", "cuando", "como", "donde", "quien", "cansado", "cansada"}
)  # fmt: skip
# Words inside a name that join it to a sentence when they end it: "soy Ana y tengo miedo".
_JOINING_A_SENTENCE = frozenset({"y", "e", "o", "de", "del", "la", "el", "los", "las"})
# Asked why a name is wanted: "why", "what for", "why do you need it", "por que", "para que";
# also after a "tell me": "dime por que", "digame para que", "tell me why".
_ASKS_WHY = re.compile(
    r"^(?:(?:but|and|ok|so|pero|y|tell me|dime|digame|diganme) )*"
    r"(?:why|how come|what for|whats (?:it|that) for|for what|"
    r"what do you need (?:it|that|my name) for|por que|para que|porque)\b"
)


def without_pictures(typed: str) -> str:
    """The text without emoji and other pictures ("😀😀😀 my name is Luna": "my name is Luna"),
    which no name is made of."""
    return "".join(
        " " if unicodedata.category(ch) in ("So", "Sk") else ch
        for ch in typed
        if ch not in "\ufe0f\ufe0e\u200d"
    )


def name_alone(said: str) -> str | None:
    """The name at the start of an answer to the name question, less what is said after it
    ("Grace, im pregnant": Grace; "mike from ware": mike); None when the words start with no
    name ("i give up on this app", "idk"), which are not saved as one."""
    tokens = said.split()
    words: list[str] = []
    for token in tokens:
        if any(w in _NEVER_IN_A_NAME for w in normalise(token).split()):
            break
        words.append(token)
        if token.endswith((",", ";", ":", "!", "?")):  # "Ana, estoy embarazada"
            break
    if len(words) < len(tokens):  # "soy Ana y tengo miedo", "Grace. im pregnant": Ana, Grace
        while words and normalise(words[-1]) in _JOINING_A_SENTENCE:
            words.pop()
        name = " ".join(words).strip(" ,;:!?.")
    else:
        name = " ".join(words).strip(" ,;:!?")
    # A name has letters: "1" (a menu's answer sent one question late) is none.
    return name if any(ch.isalpha() for ch in name) else None


def time_beside_a_name(typed: str) -> tuple[str, str | None]:
    """A time said at the name question ("call me after 5": "after 5", "sam after 5": "after
    5"), and the words left for a name ("", "sam"); ``(typed, None)`` when it says no time. A
    one-word time with no number may be a name ("Domingo"), so only a longer one counts."""
    apart = time_apart(typed)
    if apart is None:
        return typed, None
    said, rest = apart
    if len(said.split()) < 2 and not any(ch.isdigit() for ch in said):
        return typed, None
    return (name_in_answer(rest) if rest else ""), said


def asks_why_a_name(norm: str) -> bool:
    """The normalised text asks why a name is wanted, rather than giving one."""
    return bool(_ASKS_WHY.match(norm))
