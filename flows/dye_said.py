""" "Die" written for "dye": "i want to die my hair", "gonna die it blue", "die my hair color".

A common misspelling that reads as a wish to die, or an overdose ("im gonna die my hair"): the
crisis text, 988 or the 911 steps sent for it tell the texter we did not read them. Only "die"
before hair, something worn or a colour is put right; "i want to die" and "i want to die my
life is over" stay a crisis. Normalised text in.
"""

from __future__ import annotations

import re

_COLOURS = (
    r"(?:blue|red|pink|purple|green|black|blonde|blond|brown|white|silver|gray|grey|orange"
    r"|yellow|teal|platinum|lavender|rainbow)"
)
_DYE = re.compile(
    r"\b(die|dieing|dying|died) (?=(?:(?:my|your|ur|his|her|their|our|the|some) (?:\w+ )??)?"
    r"(?:hair|hairs|beard|eyebrows|brows|roots|bangs|highlights|jeans|shirt|clothes|shoes"
    r"|hoodie|easter eggs|eggs)\b"
    rf"|(?:it|them|mine|this|that) (?:{_COLOURS}|back|darker|lighter)\b"
    rf"|{_COLOURS}\b(?! (?:inside|alone)\b))"
)
_AS_DYE = {"die": "dye", "dieing": "dyeing", "dying": "dyeing", "died": "dyed"}


def dye_spelled_right(norm: str) -> str:
    """The text with "die" meaning "dye" put right ("i want to dye my hair blue")."""
    return _DYE.sub(lambda found: _AS_DYE[found.group(1)] + " ", norm)
