"""Recognising fear of the police told as a whole text: "cops scare me", "im scared of the
police", "le tengo miedo a la policia".

Fear is no refusal by itself (they may still want an officer they know), so from anywhere it
is answered as a worry: we are not the police, and NO POLICE works any time. At the team
question it is the answer: peers only. Only whole texts (a greeting before, a "please" after)
are read this way, or the end of a longer one ("i used to use and cops scare me"), so stories
("the cops already came") are not. Reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

from flows.about_us import WholeTextAsks

_COPS = r"(?:the )?(?:cops|police|police officers|officers|popo|law enforcement)"
_SCARED = r"(?:scared|afraid|terrified|frightened|nervous|paranoid)"
_FEAR_EN = (
    rf"{_COPS} (?:really |kinda |still )?(?:scare|scares|frighten|frightens|terrify|terrifies) "
    r"me(?: (?:a lot|so much|to death))?",
    rf"{_COPS} (?:make|makes) me (?:so |really )?(?:{_SCARED}|anxious)",
    rf"(?:i|im|i am|i get|i feel|i m)(?: so| really| very| kinda| still)? {_SCARED} "
    rf"(?:of|about|around) {_COPS}",
)
_POLICIA = r"(?:la |los |las )?(?:policia|policias|poli|jara)"
_FEAR_ES = (
    rf"(?:yo )?(?:le |les )?(?:tengo|tenemos) (?:mucho )?miedo (?:a|de) {_POLICIA}",
    rf"{_POLICIA} me (?:da|dan) (?:mucho )?miedo",
    rf"me (?:da|dan) (?:mucho )?miedo {_POLICIA}",
    rf"(?:le |les )?temo a {_POLICIA}",
)
_FEAR = WholeTextAsks(_FEAR_EN, _FEAR_ES)


def tells_fear_of_police(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text tells of fear of the police, "es" when in Spanish)."""
    return _FEAR.read(norm)
