"""Whether words that tell of a death name substance use as its cause: "my son died of an
overdose", "lost my husband to fentanyl", "murio de sobredosis".

"i been using again since my mom passed" tells of a death and of the texter's own use, not of
how she died. Condolences that named GRASP "for people who lost someone to substance use"
assumed an overdose; without a cause in the words, the grief text assumes nothing.
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
