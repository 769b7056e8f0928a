"""Words of despair that alone may mean little: "i have a bunch of pills saved up", "whats the
point of any of this", "i cant do this anymore", "i dont want to be here", "nada importa".

Alone, such words may mean little ("pills saved up" for a trip, "what's the point" of a form,
"can't do this anymore" of a job, "don't want to be here" of a shelter). Said within a couple
of hours of telling us of suicide or self-harm, they are the same crisis going on, and get 988
again rather than the menu or a note on a request. Two of them in one text are a crisis at any
time. Reads normalised, spelled-right text (``flows.emergency.spelled_right``).
"""

from __future__ import annotations

import re

# "whats the point of texting you", "... of this job" are about us or a thing, not about living
# ("... of my life", "... of any of this").
_ABOUT_A_THING = (
    r"(?! (?:of |in )?(?:texting|calling|asking|(?:this|that|the|a|an|my|your|his|her|our|their)"
    r" (?!(?:life|world|anymore)\b)\w+)\b)"
    # "... of test strips", "... in narcan": of a thing named, not of living or of it all.
    r"(?! (?:of|in) (?!(?:life|living|it|this|that|any|anything|everything|going|trying|me"
    r"|even|doing|getting|waking|being|carrying|staying|keeping|my|all|waiting)\b)\w+)"
)
_DESPAIR_EN = tuple(
    re.compile(pattern)
    for pattern in (
        # Pills put by: "pills saved up", "been stockpiling my meds".
        r"\bpills? (?:\w+ ){0,2}(?:saved|stashed|stockpiled|hoarded|put away|set aside)\b",
        r"\b(?:saved|saving|stashed|stashing|stockpiled|stockpiling|hoarding) (?:up )?"
        r"(?:\w+ ){0,3}(?:pills|meds)\b",
        rf"\b(?:whats|what is|wheres|where is|theres no|there is no|no) (?:even )?(?:the )?point\b"
        rf"{_ABOUT_A_THING}",
        r"\bnothing (?:even )?matters\b",
        # "I can't do this anymore", "can't take it no more": of a life, or of a job or using.
        r"\b(?:cant|cannot|can not) (?:do|take) (?:this|it) (?:anymore|any more|no more)\b",
        r"\b(?:no one|nobody|noone) (?:would|will|is gonna|is going to) (?:even )?"
        r"(?:care|miss me|notice)\b",
        # "I don't want to be here": of living, or of a place; not one named after it ("... at
        # this shelter", "in this town", "this party sucks").
        r"\b(?:dont|do not) (?:really )?(?:want|wanna) (?:to )?be here\b"
        r"(?! (?:at|in|with|for|on|this|that|tonight|today|tomorrow|when|if|alone)\b)",
    )
)
_DESPAIR_ES = tuple(
    re.compile(pattern)
    for pattern in (
        r"\b(?:ya )?nada (?:importa|tiene sentido|vale la pena)\b",
        r"\bpastillas (?:\w+ )?(?:guardadas|escondidas|juntadas)\b",
        r"\b(?:guardando|juntando|guarde|junte) (?:\w+ ){0,2}pastillas\b",
        r"\bnadie (?:me )?(?:extranaria|va a extranar|notaria)\b",
        r"\bpara que (?:seguir|vivir)\b",
        # "Ya no aguanto", as "i can't take it"; not "... este trabajo". "Ya no aguanto más"
        # with nothing borne after it is a crisis alone, as "ya no puedo más" (flows.emergency).
        r"\b(?:ya no|no) (?:aguanto|soporto)(?: mas)?\b"
        r"(?! (?:a|al|con|este|esta|ese|esa|el|la|los|las|mi|mis|tu|su|en|de|del)\b)",
        # "No quiero estar aquí", of living or of a place, as "i dont want to be here".
        r"\bno quiero (?:estar|seguir) (?:aqui|aca)\b(?! (?:en|con|de|por|sin|hoy|esta)\b)",
    )
)


def _said(patterns: tuple[re.Pattern[str], ...], spelled: str) -> int:
    """How many of ``patterns`` the text says."""
    return sum(1 for pattern in patterns if pattern.search(spelled))


def still_in_crisis(spelled: str) -> str | None:
    """ "es" or "en" when the text speaks in despair in a way that, soon after a crisis was
    told, is that crisis going on; None when it does not."""
    if _said(_DESPAIR_ES, spelled):
        return "es"
    return "en" if _said(_DESPAIR_EN, spelled) else None


def despair_said_twice(spelled: str) -> str | None:
    """ "es" or "en" when the text says two different words of despair ("i cant do this
    anymore, i dont want to be here"): together, a crisis, when either alone may not be."""
    spanish = _said(_DESPAIR_ES, spelled)
    if spanish + _said(_DESPAIR_EN, spelled) < 2:
        return None
    return "es" if spanish else "en"
