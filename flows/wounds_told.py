"""A wound told: "got a wound on my arm from tranq its getting black and smells", "my leg wound
is spreading", "tengo una herida de tranq".

Xylazine (tranq) wounds can turn serious fast, so what to watch for and where to get wound care
comes at once, before any question. A wound word alone is not enough ("im all wound up", "my
wound is healing fine"): it must be said of tranq or with a sign that it is getting worse.
"""

from __future__ import annotations

import re

_WOUND_EN = re.compile(r"(?:^| )(?:wounds?|sores|abscess|abscesses|ulcers?)(?= |$)")
_WOUND_ES = re.compile(r"(?:^| )(?:heridas?|llagas?|abscesos?|ulceras?)(?= |$)")
_TRANQ = re.compile(r"(?:^| )(?:tranq|xylazine|xilacina|xylacina)(?= |$)")
# Signs a wound is getting worse, as people text them.
_WORSE = re.compile(
    r"(?:^| )(?:black|blackened|smell|smells|smelly|stinks|stinky|rotting|rotten|spreading|"
    r"spread|spreads|getting bigger|growing|infected|infection|pus|oozing|fever|swollen|"
    r"necrotic|dead skin|negra|negro|huele|olor|apesta|se extiende|extendiendo|creciendo|"
    r"infectada|infecto|infeccion|fiebre|calentura|hinchada|supura|supurando|podrida|"
    r"pudriendo|se riega|regando)(?= |$)"
)


def tells_of_a_wound(norm: str) -> tuple[bool, str | None]:
    """Whether normalised text tells of a tranq wound or one getting worse; "es" when it is
    told in Spanish."""
    english, spanish = _WOUND_EN.search(norm), _WOUND_ES.search(norm)
    if not (english or spanish) or not (_TRANQ.search(norm) or _WORSE.search(norm)):
        return False, None
    return True, "es" if spanish and not english else None
