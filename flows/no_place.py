"""Place answers that name no place on purpose: a refusal, no fixed address, or not knowing.

"rather not say", "homeless" or "near me" are answers, not misspelt towns: an optional town
question takes them as a skip, and the naloxone finder asks plainly for a town or ZIP instead
of guessing at towns that share no letters with them. Only used once the text has matched no
place, so "homeless in Amherst" is still Amherst.
"""

from __future__ import annotations

import re

from flows.text import contains_phrase, normalise

DECLINED = (
    "rather not", "prefer not", "not say", "not saying", "wont say", "not telling",
    "dont want to say", "dont want to tell", "dont want to share", "dont want to give",
    "none of your business", "your business", "no comment", "private", "personal",
    "confidential", "decline", "skip", "no thanks", "n a", "prefiero no",
    "no quiero", "no quiero decir", "no le importa", "no es asunto", "privado", "no gracias",
)  # fmt: skip
# "pass" declines as the whole answer only: "i might pass out" names no refusal.
_PASS = re.compile(
    r"^(?:(?:i|ill|i will|id|i d|gonna|im gonna) )?pass(?: on (?:that|this|it|that one|this one))?"
    r"(?: (?:thanks|thank you|thx|please|pls|sorry|lol))?$"
)
NO_FIXED_ADDRESS = (
    "homeless", "unhoused", "unsheltered", "no fixed address", "no address",
    "no permanent address", "no home", "no house", "dont have a home", "dont have an address",
    "street", "streets", "shelter", "my car", "couch surfing", "couchsurfing", "couch",
    "between places", "all over", "everywhere", "nowhere", "no where", "sin hogar", "sin casa",
    "sin techo", "sin domicilio", "sin direccion", "la calle", "refugio", "en mi carro",
    "en mi coche", "por todas partes", "en ningun lado", "no tengo casa", "no tengo hogar",
    "no tengo donde vivir", "no tengo direccion", "deambulante", "deambulantes",
)  # fmt: skip
UNKNOWN = (
    "idk", "i dont know", "dont know", "dunno", "not sure", "no idea", "unsure", "near me",
    "nearby", "close to me", "closest", "nearest", "here", "where i am", "my location",
    "current location", "anywhere", "no se", "ni idea", "cerca de mi", "aqui", "donde estoy",
    "mi ubicacion",
)  # fmt: skip


# "I don't want to be here (without him)": a wish not to be, never "here" as where they are.
_NOT_WANTING_TO_BE = re.compile(
    r"\b(?:i )?(?:dont|do not|no) (?:really )?(?:want|wanna) (?:to )?be here\b"
    r"|\bno quiero (?:estar|seguir) (?:aqui|aca)\b"
)


def no_place_reason(text: str) -> str | None:
    """ "declined", "no_fixed_address" or "unknown" when the text says it names no place."""
    norm = _NOT_WANTING_TO_BE.sub(" ", normalise(text))
    for reason, phrases in (
        ("no_fixed_address", NO_FIXED_ADDRESS),
        ("declined", DECLINED),
        ("unknown", UNKNOWN),
    ):
        if any(contains_phrase(norm, phrase) for phrase in phrases):
            return reason
        if reason == "declined" and _PASS.match(norm):
            return reason
    return None
