"""Which language a text asks for, in a few words: "english please", "en inglés", "can we do
this in spanish". Asked for at the menu or at any question, the conversation goes on in it.

Only a request reads this way: a language named in a longer text, or said to be one the person
does not speak ("no hablo inglés"), asks for nothing here.
"""

from __future__ import annotations

import re

from flows.text import normalise

_LANGUAGES = {"english": "en", "ingles": "en", "spanish": "es", "espanol": "es"}
_ASKED = re.compile(
    r"^(?:(?:do you|can we|can you|could we|could you|lets|let s|please|pls|plz|ok|i want|"
    r"i want it|i would like|id like|i prefer|i speak|speak|do this|talk|text me|text|reply|"
    r"quiero|prefiero|hablo|habla|hable|puede|podemos|por favor|mejor|solo|only|"
    r"in|en) )*"
    r"(english|ingles|spanish|espanol)"
    r"(?: (?:please|pls|plz|only|por favor|porfa|porfavor|thanks|gracias|solo))*$"
)


def language_asked(text: str) -> str | None:
    """ "en" or "es" when ``text`` asks for that language, else None."""
    found = _ASKED.match(normalise(text))
    return _LANGUAGES[found.group(1)] if found else None
