"""Overdose and naloxone words that tell of no overdose: a joke ("i overdosed on coffee lol",
"tuve una sobredosis de cafe jaja", "my friend overdosed on sleep") and practice ("i did the
narcan training and gave narcan to a dummy", "le di narcan a un maniqui").

Sending the 911 steps or the aftercare for these tells the texter we did not read them. A
real drug named beside a laugh ("he overdosed on fentanyl lol what do i do") is not a joke
and is left as it is. Normalised text in (``flows.text.normalise``).
"""

from __future__ import annotations

import re

# What nobody overdoses on: "overdosed on coffee", "OD'd on sleep", "sobredosis de cafe".
_HARMLESS = (
    r"(?:coffee|caffeine|sugar|candy|netflix|pizza|food|chocolate|sweets|tv|sleep|naps?|love"
    r"|cuteness|memes|tiktok|work|homework|studying|anime|cookies|cake|ice cream|carbs"
    r"|energy drinks?|red bull|monster|pumpkin spice|christmas|cafe|cafeina|azucar|dulces?"
    r"|sueno|amor|trabajo|tarea|comida|galletas|bizcocho|helado|novelas|tiktoks?)"
)
JOKES = (
    r"\b(?:od|odd|oded|oding|overdos\w*|over dos\w*) on (?:(?:the|my|some|too much|so much)"
    rf" )?{_HARMLESS}\b",
    rf"\bsobre ?dos(?:is|iad[oa]|ead[oa]) (?:de|con) (?:(?:tanto|tanta|mucho|mucha) )?"
    rf"{_HARMLESS}\b",
)
# Practice on a dummy: nobody to revive. A training alone is not enough ("i gave him narcan
# last night, glad i did the training" tells of a real one).
PRACTICE = (
    r"\b(?:dummy|dummies|mannequins?|manikins?|manequins?|cpr doll|training doll|maniquis?"
    r"|munec[oa]s? de (?:practica|entrenamiento|prueba))\b",
)
_JOKE_OR_PRACTICE = re.compile("|".join(JOKES + PRACTICE))


def joke_or_practice(norm: str) -> bool:
    """The text tells of an overdose in jest or of naloxone given in practice."""
    return bool(_JOKE_OR_PRACTICE.search(norm))
