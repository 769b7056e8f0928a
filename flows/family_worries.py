"""Worries a family member says in so many words, each answered with a short line of its own
before the question or the menu: blaming themselves for a loved one's use or death. Normalised
text in."""

from __future__ import annotations

import re

# "is it my fault", "i should have seen it", "fue mi culpa", "me culpo". Not blame put on
# someone else ("the dealer is at fault").
_SELF_BLAME = re.compile(
    r"\b(?:my fault|my own fault|i blame myself|i feel responsible|did i cause (?:this|it)"
    r"|i should (?:have|of|ve) (?:seen|known|noticed|stopped|caught|done more|been there)"
    r"|i shouldve (?:seen|known|noticed|stopped|caught|done more|been there)"
    r"|i failed (?:him|her|them|my \w+)"
    r"|mi culpa|tengo la culpa|me culpo|debi (?:haberlo |haberla )?(?:haber )?"
    r"(?:visto|sabido|notado|hecho mas))\b"
)


def blames_themselves(norm: str) -> bool:
    """The text blames the texter for a loved one's use or death ("its my fault")."""
    return bool(_SELF_BLAME.search(norm))
