"""Whether words that tell of a death name substance use as its cause: "my son died of an
overdose", "lost my husband to fentanyl", "murio de sobredosis".

"i been using again since my mom passed" tells of a death and of the texter's own use, not of
how she died. Condolences that named GRASP "for people who lost someone to substance use"
assumed an overdose; without a cause in the words, the grief text assumes nothing. With
another cause named ("my grandma died of old age"), it is kept short.
"""

from __future__ import annotations

import re

from flows.text import normalise

_CAUSE = re.compile(
    r"\b(?:overdos(?:e|es|ed|ing)|ods?|odd|od d|oded|fent|fentanyl|fentanil|heroin|opioids?"
    r"|opiates?|pills|drugs?|substances?|substance use|addiction|addicted|xylazine|tranq"
    r"|cocaine|crack|meth|alcohol|sobredosis|fentanilo|heroina|drogas?"
    r"|adiccion|sustancias?|opioides?)\b"
)


def names_a_substance_cause(text: str) -> bool:
    """The words name an overdose, a drug or substance use, so a death told may be of it."""
    return _CAUSE.search(normalise(text)) is not None


# Another cause named right after the death: "died of old age", "passed from cancer", "murio de
# vejez".
_ANOTHER_CAUSE = re.compile(
    r"\b(?:died|passed(?: away)?|murio|fallecio) (?:of|from|de|por)"
    r"(?: (?:an?|the|his|her|their|la|el|una|un|su))? (?:old age|natural causes|cancer|covid"
    r"|heart attack|heart failure|heart disease|stroke|dementia|alzheimers|pneumonia|illness"
    r"|sickness|car accident|accident|vejez|viej[oa]|infarto|derrame|paro cardiaco"
    r"|causas naturales|enfermedad|accidente)\b"
)


def names_another_cause(text: str) -> bool:
    """The words tell a death of another cause than substance use ("died of old age")."""
    return _ANOTHER_CAUSE.search(normalise(text)) is not None
