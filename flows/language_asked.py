"""Which language a text asks for, in a few words: "english please", "en inglés", "can we do
this in spanish", "hablas español?". Asked for at the menu or at any question, the
conversation goes on in it. Saying one does not speak or understand a language ("no hablo
inglés", "no entiendo ingles", "i dont speak spanish") asks for the other.

Only a request reads this way: a language named in a longer text asks for nothing here.
"""

from __future__ import annotations

import re

from flows.text import normalise

_LANGUAGES = {"english": "en", "ingles": "en", "spanish": "es", "espanol": "es"}
_OTHER = {"en": "es", "es": "en"}
_ASKED = re.compile(
    r"^(?:(?:do you|can we|can you|could we|could you|lets|let s|please|pls|plz|ok|i want|"
    r"i want it|i would like|id like|i prefer|i speak|speak|do this|talk|text me|text|reply|"
    r"quiero|prefiero|hablo|habla|hablas|hablan|hable|puede|pueden|podemos|por favor|mejor|"
    r"solo|only|alguien|in|en) )*"
    r"(english|ingles|spanish|espanol)"
    r"(?: (?:please|pls|plz|only|por favor|porfa|porfavor|thanks|gracias|solo))*$"
)
_NOT_SPOKEN = re.compile(
    r"^(?:(?:sorry|perdon|disculpe|lo siento|pero|but|oye|oiga) )*(?:i |yo )?"
    r"(?:dont|do not|cant|cannot|no)"
    r"(?: (?:speak|read|understand|talk|hablo|leo|entiendo|comprendo|se|puedo)"
    r"(?: (?:much|hablar|leer|mucho|bien|el))?)?"
    r" (english|ingles|spanish|espanol)"
    r"(?: (?:well|much|very well|sorry|please|pls|bien|mucho|muy bien|perdon|por favor|porfa))*$"
)


def language_asked(text: str) -> str | None:
    """ "en" or "es" when ``text`` asks for that language, else None."""
    norm = normalise(text)
    found = _ASKED.match(norm)
    if found:
        return _LANGUAGES[found.group(1)]
    found = _NOT_SPOKEN.match(norm)
    return _OTHER[_LANGUAGES[found.group(1)]] if found else None
