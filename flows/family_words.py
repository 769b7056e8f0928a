"""Words in a family member's answers worth keeping: a time to call said beside a yes ("yes but
only 9 to 5 weekdays"), and a loved one's phone number, which is never taken: the team reaches
the family member, and the loved one only if they agree. Normalised text in."""

from __future__ import annotations

import re

# A time of day or week: "9 to 5", "after 6", "10am", "weekdays", "mornings", "on monday".
_TIME = re.compile(
    r"\b(?:\d{1,2}(?: \d\d)? ?(?:am|pm)|\d{1,2} ?(?:to|till|til|until|and) ?\d{1,2}|"
    r"(?:after|before|around|at|by) \d{1,2}|noon|lunch|lunchtime|weekdays?|weekends?|"
    r"mornings?|afternoons?|evenings?|nights?|tonight|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?)\b"
)
# A phone number, as normalised ("413 555 2999", "4135552999", "555 2999").
_PHONE = re.compile(r"\b(?:\d{3} ?\d{3} ?\d{4}|1 \d{3} \d{3} \d{4}|\d{3} \d{4})\b")
# Said of the loved one: "his number", "her cell", "call him", "my sons phone".
_THEIRS = re.compile(
    r"\b(?:his|her|hers|their|theirs) (?:number|num|cell|phone|mobile|#)\b|"
    r"\b(?:call|text|reach|contact|phone|ring) (?:him|her|them)\b|"
    r"\bmy (?:son|daughter|kid|child|brother|sister|husband|wife|partner|boyfriend|girlfriend|"
    r"mom|dad|friend)s? (?:number|cell|phone)\b"
)


def time_told(norm: str) -> bool:
    """The text says when: a time of day, a span of hours, or days of the week."""
    return bool(_TIME.search(norm))


def gives_a_loved_ones_number(norm: str) -> bool:
    """The text gives a phone number as the loved one's ("here is his number 413 555 2999")."""
    return bool(_PHONE.search(norm)) and bool(_THEIRS.search(norm))
