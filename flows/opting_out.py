"""Asking to stop in so many words: "stop texting me", "please stop", "leave me alone",
"no me escriban más".

Carriers and Twilio act on single keywords (STOP, QUIT…) only, but a person who asks in a
sentence means it as much, and the FCC's consent rules ask senders to honour a request to stop
made by any reasonable means. Such a text opts the number out of our own list, which every send
checks, exactly like STOP. Only whole texts that say nothing else are read this way: "I can't
stop using" and "don't text me, call me" are not. Reads normalised text
(``flows.text.normalise``).
"""

from __future__ import annotations

import re

_POLITE_EN = r"(?: (?:please|pls|plz|now|already|thanks|thank you|ok|okay|asap))*"
_POLITE_ES = r"(?: (?:por favor|ya|gracias|ahora))*"

_STOP_EN = re.compile(
    r"^(?:(?:please|pls|plz|ok|okay|just) )?(?:"
    r"stop(?: (?:texting|messaging|sending|contacting|txting|msging))?(?: me)?"
    r"(?: (?:texts|messages|msgs|these texts|these messages))?|"
    r"stop it|"
    r"(?:no|dont send me any|dont send any|dont send me) more (?:texts|messages|msgs)|"
    r"(?:dont|do not) (?:text|message|contact) me (?:again|anymore|any more|ever again)|"
    r"i dont want (?:any more |anymore |more |these |your )?(?:texts|messages)(?: anymore)?|"
    r"unsubscribe me|opt me out|opt out|"
    r"(?:remove|delete|take) me (?:from|off)(?: of)?(?: (?:this|the|your))? (?:list|number list)|"
    r"leave me alone|lose my number"
    rf"){_POLITE_EN}$"
)
_STOP_ES = re.compile(
    r"^(?:(?:por favor|ya) )?(?:"
    r"(?:ya )?no me (?:escriban|escribas|envien|envies|manden|mandes) mas(?: mensajes| textos)?|"
    r"dejen? de (?:escribirme|enviarme|mandarme)(?: mensajes| textos)?|"
    r"(?:no quiero|ya no quiero) (?:mas )?(?:mensajes|textos)|"
    r"(?:quiero )?darme de baja|"
    r"basta|alto|dejenme en paz|dejame en paz"
    rf"){_POLITE_ES}$"
)


def asks_to_stop(norm: str) -> tuple[bool, str | None]:
    """Whether the whole text asks us to stop texting, and in which language."""
    if _STOP_ES.match(norm):
        return True, "es"
    if _STOP_EN.match(norm):
        return True, "en"
    return False, None
