"""How a reply made of more than one text reads: no opening said twice, no blank lines."""

from __future__ import annotations

import re

_FIRST_SENTENCE = re.compile(r"^[^.!?]+[.!?] +")


def without_repeated_opening(said: str, text: str) -> str:
    """``text`` without its first sentence when ``said`` opens with it: "Thank you for telling
    us." opening two texts in a row reads as a form letter. Edited texts that open differently
    are sent whole."""
    opening = _FIRST_SENTENCE.match(text)
    if opening is None or not said.startswith(opening.group().rstrip()):
        return text
    return text[opening.end() :]


def without_blank_lines(text: str) -> str:
    """The text with its empty lines left out."""
    return "\n".join(line for line in text.splitlines() if line.strip())
