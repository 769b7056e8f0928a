"""An overdose or naloxone told as long past: "hace tiempo tuve una sobredosis", "i od'd back
in high school", "i gave narcan to my neighbor last year", "when i was a kid".

Over long before now, such a text is no emergency, nor the days after an overdose that the
post-overdose text is for (``flows.past_overdose`` decides what is recent): it gets the reply
any text would. Normalised text in (``flows.text.normalise``).
"""

from __future__ import annotations

import re

LONG_AGO = (
    r"\b(?:hace (?:mucho )?tiempo|hace mucho|hace (?:\w+ )?anos|una vez(?! (?:mas|que)\b)"
    r"|back in (?:high school|middle school|school|college|the day|the days|(?:19|20)\d\d)"
    r"|(?:years?|yrs?) ago|last year|a long time ago|long ago|way back"
    r"|when (?:i|he|she|we|they) (?:was|were) (?:young|younger|little|a kid|kids|a teen"
    r"|a teenager|teens|in (?:high school|middle school|school|college))"
    r"|cuando (?:yo )?(?:era|eramos|estaba|estabamos) (?:joven|jovenes|chamac[oa]|nin[oa]"
    r"|pequen[oa]|chiquit[oa]|en (?:la escuela|high school|la high|el colegio))"
    r"|de (?:joven|chamac[oa]|adolescente)|el ano pasado)\b",
)
_LONG_AGO = re.compile("|".join(LONG_AGO))


def told_long_ago(norm: str) -> bool:
    """The text puts what it tells long before now: years ago, in school, "hace tiempo"."""
    return bool(_LONG_AGO.search(norm))
