"""Telling us one is pregnant and uses: "im pregnant and using", "im 5 months pregnant and
still using fent", "im pregnant and gonna use tonight", "estoy embarazada y uso", "estoy
embarazada y sigo usando", "estoy embarazada y voy a usar".

Answered with a welcome, why stopping opioids all at once can be risky in pregnancy, and how to
have our team reach out; never a lecture. Only the texter's own pregnancy counts ("my
girlfriend is pregnant and using" is a family member's story), and never a denial ("im not
pregnant"). Reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import re

# "im 5 months pregnant"
_WHEN = r"(?:(?:\d+|a few|few) (?:weeks?|wks?|months?|mos?) )?"
_USE_EN = (
    r"(?:use|using|shoot|shooting|shoot up|shooting up|smoke|smoking|get high|getting high|"
    r"doing (?:dope|fent|drugs|heroin|pills)|on (?:fent|dope|heroin|drugs|pills))"
)
# About to use: "im pregnant and gonna use tonight", "estoy embarazada y voy a usar".
_ABOUT_TO_EN = r"(?:(?:gonna|going to|about to|bout to|finna|will) )?"
_PREGNANT_EN = re.compile(
    rf"(?:^|\b(?:im|i am) )(?:(?:currently|also|now|so) )?{_WHEN}pregnant "
    r"(?:and|but|n|while) (?:i |im |i am )?(?:(?:still|also|currently|been|keep|have been) )*"
    rf"{_ABOUT_TO_EN}{_USE_EN}\b"
)
_USE_ES = (
    r"(?:uso|usando|consumo|consumiendo|me drogo|drogandome|me inyecto|inyectandome|fumo|"
    r"fumando|me meto|me estoy (?:drogando|inyectando|metiendo)|"
    r"voy a (?:usar|consumir|drogarme|inyectarme|fumar|meterme))"
)
# "embarazada", and as said in Holyoke's Caribbean Spanish: "preñada", "preñá", "en estado"
_PREGNANT_WORD_ES = r"(?:embarazada|embaraza|prenada|prena|en estado|encinta)"
_PREGNANT_ES = re.compile(
    r"(?<!\bno )\b(?:estoy|toy|ando)(?: (?:de )?(?:\d+|unos) (?:semanas|meses))? "
    rf"{_PREGNANT_WORD_ES} "
    rf"(?:y|pero) (?:yo )?(?:(?:todavia|aun|sigo|estoy) )*{_USE_ES}\b"
)


def tells_of_pregnancy_and_use(norm: str) -> tuple[bool, str | None]:
    """(whether the texter tells of being pregnant and using, "es" when in Spanish)."""
    if _PREGNANT_ES.search(norm):
        return True, "es"
    return bool(_PREGNANT_EN.search(norm)), None
