"""Words of despair said soon after the crisis text: "i have a bunch of pills saved up",
"whats the point of any of this", "nothing matters", "nada importa".

Alone, such words may mean little ("pills saved up" for a trip, "what's the point" of a form).
Said within a couple of hours of telling us of suicide or self-harm, they are the same crisis
going on, and get 988 again rather than the menu or a note on a request. Reads normalised,
spelled-right text (``flows.emergency.spelled_right``).
"""

from __future__ import annotations

import re

# "whats the point of texting you" is about us, not about living.
_ABOUT_US = r"(?! (?:of |in )?(?:texting|calling|asking|this (?:bot|line|app|number|text))\b)"
_STILL_IN_CRISIS_EN = re.compile(
    r"\bpills? (?:\w+ ){0,2}(?:saved|stashed|stockpiled|hoarded|put away|set aside)\b|"
    r"\b(?:saved|saving|stashed|stashing|stockpiled|stockpiling|hoarding) (?:up )?(?:\w+ ){0,3}"
    r"(?:pills|meds)\b|"
    rf"\b(?:whats|what is|wheres|where is|theres no|there is no|no) (?:even )?(?:the )?point\b"
    rf"{_ABOUT_US}|"
    r"\bnothing (?:even )?matters\b|"
    r"\b(?:cant|cannot|can not) (?:do|take) (?:this|it) (?:anymore|any more|no more)\b|"
    r"\b(?:no one|nobody|noone) (?:would|will|is gonna|is going to) (?:even )?"
    r"(?:care|miss me|notice)\b"
)
_STILL_IN_CRISIS_ES = re.compile(
    r"\b(?:ya )?nada (?:importa|tiene sentido|vale la pena)\b|"
    r"\bpastillas (?:\w+ )?(?:guardadas|escondidas|juntadas)\b|"
    r"\b(?:guardando|juntando|guarde|junte) (?:\w+ ){0,2}pastillas\b|"
    r"\bnadie (?:me )?(?:extranaria|va a extranar|notaria)\b|"
    r"\bpara que (?:seguir|vivir)\b"
)


def still_in_crisis(spelled: str) -> str | None:
    """ "es" or "en" when the text speaks in despair in a way that, soon after a crisis was
    told, is that crisis going on; None when it does not."""
    if _STILL_IN_CRISIS_ES.search(spelled):
        return "es"
    return "en" if _STILL_IN_CRISIS_EN.search(spelled) else None
