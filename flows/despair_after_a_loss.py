"""Words of despair told after a death: "i dont want to be here without him", "whats the point
anymore", "i wish it was me", "ojala hubiera sido yo".

People bereaved by an overdose are at higher risk of suicide. Alone such words may mean little
(``flows.after_a_crisis``), but once a death was told in the conversation a single one of them
is read as a crisis, gently answered with 988. "Without him" and "it should have been me" are
said of the one who died. Reads normalised, spelled-right text (``flows.emergency.spelled_right``).
"""

from __future__ import annotations

import re

from flows.after_a_crisis import still_in_crisis

_OF_THE_DEAD = r"(?:him|her|them|you|my \w+)"
_GRIEF_EN = re.compile(
    r"\b(?:dont|do not) (?:really )?(?:want|wanna) (?:to )?(?:be here|live|go on|keep going)"
    rf" without {_OF_THE_DEAD}\b"
    r"|\b(?:i )?(?:wish|should have|shouldve|should of) (?:it )?(?:was|were|had been|been) me\b"
    r"|\bit should (?:have|of) been me\b"
)
_GRIEF_ES = re.compile(
    r"\bno quiero (?:estar (?:aqui|aca)|vivir|seguir) sin (?:el|ella|ellos|ti|mi \w+)\b"
    r"|\b(?:ojala|quisiera que) (?:hubiera|hubiese) sido yo\b"
    r"|\bdebi(?:a|o)? (?:haber sido|ser) yo\b"
    r"|\bya no (?:tiene|hay) sentido\b"
)


def despairs_after_a_loss(spelled: str) -> str | None:
    """ "es" or "en" when, a death having been told, the text speaks in despair; None when it
    does not."""
    if _GRIEF_ES.search(spelled):
        return "es"
    if _GRIEF_EN.search(spelled):
        return "en"
    return still_in_crisis(spelled)
