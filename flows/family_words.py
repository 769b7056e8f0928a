"""A loved one's phone number in a family member's answer, which is never taken: the team
reaches the family member, and the loved one only if they agree. Normalised text in. (A time
said beside a yes is read by ``flows.time_said``.)"""

from __future__ import annotations

import re

# A phone number, as normalised ("413 555 2999", "4135552999", "555 2999").
_PHONE = re.compile(r"\b(?:\d{3} ?\d{3} ?\d{4}|1 \d{3} \d{3} \d{4}|\d{3} \d{4})\b")
# Said of the loved one: "his number", "her cell", "call him", "my sons phone".
_THEIRS = re.compile(
    r"\b(?:his|her|hers|their|theirs) (?:number|num|cell|phone|mobile|#)\b|"
    r"\b(?:call|text|reach|contact|phone|ring) (?:him|her|them)\b|"
    r"\bmy (?:son|daughter|kid|child|brother|sister|husband|wife|partner|boyfriend|girlfriend|"
    r"mom|dad|friend)s? (?:number|cell|phone)\b"
)


def gives_a_loved_ones_number(norm: str) -> bool:
    """The text gives a phone number as the loved one's ("here is his number 413 555 2999")."""
    return bool(_PHONE.search(norm)) and bool(_THEIRS.search(norm))
