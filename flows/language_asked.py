"""Which language a text asks for, in a few words: "english please", "en inglés", "can we do
this in spanish", "hablas español?", "en espanol x favor", "hablame en espanol". Asked for at
the menu or at any question, the conversation goes on in it. Saying one does not speak or
understand a language ("no hablo inglés", "no entiendo ingles", "i dont speak spanish") asks
for the other, and so may come with the request ("no entiendo ingles, en espanol x favor",
"english please my spanish is not good").

Only a request reads this way: a language named in a longer text asks for nothing here.
"""

from __future__ import annotations

import re

from flows.text import normalise

_LANGUAGES = {"english": "en", "ingles": "en", "spanish": "es", "espanol": "es"}
_OTHER = {"en": "es", "es": "en"}
# "please" as people text it: "x favor", "xfa", "por fa", "plis".
_PLEASE = (
    r"(?:please|pls|plz|plis|pliss|porfa|porfavor|por favor|por fa|x favor|xfa|xfavor|pf|"
    r"thanks|thx|gracias)"
)
_ASKED = re.compile(
    r"^(?:(?:do you|can we|can you|could we|could you|lets|let s|please|pls|plz|ok|i want|"
    r"i want it|i would like|id like|i prefer|i speak|speak|do this|talk|text me|text|reply|"
    r"quiero|prefiero|hablo|habla|hablas|hablan|hable|puede|pueden|puedes|podemos|podrias|"
    r"podria|hablar|escribir|escribeme|escribame|escribanme|hablame|hableme|hablenme|"
    r"contestame|por favor|porfa|x favor|mejor|solo|only|alguien|in|en) )*"
    r"(english|ingles|spanish|espanol)"
    rf"(?: (?:{_PLEASE}|only|solo))*$"
)
_NOT_SPOKEN = re.compile(
    r"^(?:(?:sorry|perdon|disculpe|lo siento|pero|but|oye|oiga) )*(?:i |yo )?"
    r"(?:dont|do not|cant|cannot|no)"
    r"(?: (?:speak|read|understand|talk|hablo|leo|entiendo|comprendo|se|puedo)"
    r"(?: (?:much|hablar|leer|mucho|bien|el))?)?"
    r" (english|ingles|spanish|espanol)"
    r"(?: (?:well|much|very well|sorry|please|pls|bien|mucho|muy bien|perdon|por favor|porfa))*$"
)
# A reason said with a request: "my spanish is not good", "mi ingles es malo".
_NOT_GOOD = re.compile(
    r"^(?:(?:because|cause|cuz|bc|porque|pq|xq) )?(?:my|mi) (english|ingles|spanish|espanol)"
    r" (?:(?:is not|isnt|aint|no es|no esta)(?: very| so| that| muy| tan)? (?:good|great|"
    r"bueno|buena)|(?:is|es|esta)(?: very| so| muy| tan)? (?:bad|poor|malo|mala))$"
)


def language_asked(text: str) -> str | None:
    """ "en" or "es" when ``text`` asks for that language, else None."""
    norm = normalise(text)
    asked = _asked_alone(norm)
    if asked is not None:
        return asked
    # A request and a reason, in either order: "no entiendo ingles, en espanol x favor".
    words = norm.split()
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        for request, reason in ((first, second), (second, first)):
            found = _ASKED.match(request)
            if found and _LANGUAGES[found.group(1)] == _reason_asks(reason):
                return _LANGUAGES[found.group(1)]
    return None


def _asked_alone(norm: str) -> str | None:
    """The language a text asks for in one request ("en espanol x favor", "no hablo ingles")."""
    found = _ASKED.match(norm)
    if found:
        return _LANGUAGES[found.group(1)]
    found = _NOT_SPOKEN.match(norm)
    return _OTHER[_LANGUAGES[found.group(1)]] if found else None


def _reason_asks(norm: str) -> str | None:
    """The language a reason given for a request asks for: the other of one not spoken."""
    found = _NOT_SPOKEN.match(norm) or _NOT_GOOD.match(norm)
    return _OTHER[_LANGUAGES[found.group(1)]] if found else None
