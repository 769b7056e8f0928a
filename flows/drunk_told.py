"""Passing out from drink, told as over: "my son passed out drunk last night", "she got wasted
and passed out 2 days ago".

Naloxone does not reverse alcohol, and whatever it was is over on a day before today: such a
text is no emergency and gets what any family text would. ``flows.emergency`` reads it, with
its own words for a day before today and for now ("... and wont wake up", "... hes still out"
stay emergencies). Normalised text in (``flows.text.normalise``).
"""

from __future__ import annotations

import re

_DRINK = re.compile(
    r"\b(?:drunk|drinking|drank|wasted|hammered|smashed|blackout|blacked out|alcohol|booze"
    r"|beers?|vodka|whiskey|tequila|liquor|wine)\b"
)
# The one sign such a story tells, blanked before the rest is read for a sign now.
PASSED_OUT_FROM_DRINK = (r"\b(?:passed|pass|blacked) out\b",)


def tells_of_drink(norm: str) -> bool:
    """The text names drinking or being drunk."""
    return bool(_DRINK.search(norm))
