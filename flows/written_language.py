"""Which language a question or request asked mid-conversation is written in.

Someone who texted "hi" and later asks "como se da el narcan" writes Spanish, and someone who
texted "hola" and later asks "how do i use narcan" writes English: the answer, and the
conversation after it, should be in the language they write (as a Spanish answer to the
menu already turns it, ``flows.menu_language``). Only a text of several words clearly of one
language counts: a name, a town, a number, "si", "ok" or "gracias" alone turn nothing, nor
does Spanglish that mixes in words of the other language ("mi hijo is using"), nor a text
that greets in the conversation's own language ("hola i need narcan" in Spanish).
"""

from __future__ import annotations

from flows.nods import acknowledges_only
from flows.text import (
    ENGLISH_GREETINGS,
    GREETING_AND_COURTESY,
    SPANISH_GREETINGS,
    language_hints,
    normalise,
)

# What a text asks ahead of the conversation (``flows.interrupts.Detected.kind``) that is a
# question or a request of the person's own: naloxone, the overdose steps, who we are, police
# or the law, a person, and what is told with them. Emergencies, STOP and the like are
# answered in their words' language but turn nothing (``IN_THE_WORDS_LANGUAGE``).
ASKED_KINDS = frozenset(
    {"naloxone", "steps_asked", "who", "privacy", "person", "pregnant", "using_alone",
     "after_a_break", "wound", "fact"}
)  # fmt: skip
# Spanish words it takes when none is Spanish only ("como se da el narcan": "como", "se",
# "el"); one Spanish-only word and one more will do ("donde consigo narcan").
_SHARED_WORDS_NEEDED = 3


_GREETINGS = {"es": SPANISH_GREETINGS, "en": ENGLISH_GREETINGS}


def language_written(text: str, current: str | None = None) -> str | None:
    """ "es" or "en" when ``text`` is clearly written in that language, else None. A greeting
    in the ``current`` language is a word of it: the text mixes the two."""
    if acknowledges_only(text):  # "ok gracias", "thanks so much"
        return None
    said = normalise(text).split()
    written = _clearly_one(said)
    if written != current and current in _GREETINGS and _GREETINGS[current].intersection(said):
        return None
    return written


def _clearly_one(said: list[str]) -> str | None:
    # Greetings and thanks are said in the other language too: "gracias, how do i use narcan".
    words = [w for w in said if w not in GREETING_AND_COURTESY]
    spanish, english, strong = language_hints(" ".join(words))
    if english == 0 and spanish >= (2 if strong else _SHARED_WORDS_NEEDED):
        return "es"
    if spanish == 0 and english >= 2:
        return "en"
    return None
