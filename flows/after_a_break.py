"""Telling us one is about to use, or just used again, after time away: "got out of prison
yesterday, first time using in 2 yrs tonight", "im scared im gonna use, just got released",
"been clean 6 months and i relapsed last night", "sali del programa y voy a usar".

Tolerance drops fast in jail, detox, treatment, a hospital stay or any stretch of not using, so
the amount one used to take can now be an overdose: the weeks after are the deadliest. Both
must be told: a break alone ("just got out of work", "i got out of jail last year") or using
alone is no sign of it, nor someone else ("my son got out and hes gonna use"), nor a denial
("im not gonna use, just got released").
"""

from __future__ import annotations

import re

_PLACE = (
    r"(?:the |a )?(?:jail|prison|county|lockup|the pen|detox|rehab|treatment|inpatient|"
    r"residential|hospital|program|sober house|sober living|halfway house|recovery house)"
)
_BREAK_EN = (
    re.compile(rf"\b(?:out of|released from|discharged from|left|home from) {_PLACE}\b"),
    # "just got released", "since i got out", not "got out of work" or "got out from under"
    re.compile(
        r"\b(?:got|gotten|getting|get|just|came|been|was|since i|im) "
        r"(?:out|released|discharged|let out)\b(?! (?:of|from)\b)"
    ),
    re.compile(
        r"\b(?:been|was|stayed|ive been|i been|had been|after being) "
        r"(?:clean|sober|abstinent|off it|off dope|not using)\b"
    ),
    re.compile(
        r"\b(?:\d+|a|an|one|two|three|few|couple|couple of) "
        r"(?:days|weeks|months|mos|years|yrs|yr|year|month|week) (?:clean|sober|off)\b"
    ),
    re.compile(r"\b(?:havent|hadnt|didnt|have not|had not) used (?:in|for)\b"),
    re.compile(r"\bfirst time (?:\w+ ){0,2}(?:in|since)\b"),
)
# "using" of a thing is no use: "use the bathroom".
_NO_THING = r"(?! (?:the|my|a|an|this|that|it|your|his|her)\b)"
_USE = r"(?:use|using|get high|getting high|shoot up|shooting up|pick up|do a shot|smoke)"
_USE_EN = (
    re.compile(
        r"\b(?:gonna|going to|about to|bout to|finna|wanna|want to|plan to|planning to|gotta|"
        r"will|ill|id|might|may|tempted to|scared to|afraid to|thinking about|thinking of) "
        rf"{_USE}\b{_NO_THING}"
    ),
    re.compile(rf"\b(?:im|i am) (?:using|getting high|shooting up)\b{_NO_THING}"),
    re.compile(rf"\bfirst time {_USE}\b"),
    re.compile(
        r"\b(?:relapsed|slipped|used again|using again|picked up again|went back out|"
        r"used last night|used yesterday|used today|used tonight|got high)\b"
    ),
)
# Words just before the use that make it someone else's, or a denial.
_NOT_MINE = frozenset(
    {"he", "she", "hes", "shes", "they", "theyre", "theyll", "hell", "shell", "is", "are",
     "not", "dont", "wont", "never", "cant", "cannot", "didnt", "doesnt", "no", "nunca"}
)  # fmt: skip

_LUGAR = (
    r"(?:la |el )?(?:carcel|prision|cana|bote|tanque|institucion|correccional|detox|"
    r"desintoxicacion|rehabilitacion|rehab|programa|tratamiento|hospital|centro|clinica)"
)
_BREAK_ES = (
    re.compile(
        r"\b(?:acabo de salir|recien sali|sali|salgo|me soltaron|me dieron de alta) "
        rf"(?:de|del) {_LUGAR}\b"
    ),
    re.compile(r"\b(?:acabo de salir|me soltaron|me liberaron|sali libre)\b(?! (?:de|del)\b)"),
    re.compile(
        r"\b(?:llevaba|llevo|estuve|estaba|tenia|tengo) (?:\w+ ){0,3}"
        r"(?:sin usar|sin consumir|sin drogas|limpio|limpia|sobrio|sobria)\b"
    ),
    re.compile(r"\bprimera vez (?:\w+ ){0,2}(?:en|desde)\b"),
)
_USAR = r"(?:usar|consumir|drogarme|endrogarme|inyectarme|meterme|fumar)"
# "usar la computadora" is no use; "usar esta noche" is.
_NO_THING_ES = r"(?! (?:la|el|los|las|mi|su|tu|mis|sus|un(?! poco)|una(?! vez))\b)"
_USE_ES = (
    re.compile(
        r"\b(?:voy a|vamos a|quiero|tengo ganas de|ganas de|miedo de|pienso|planeo|estoy por|"
        rf"a punto de) (?:volver a )?{_USAR}\b{_NO_THING_ES}"
    ),
    re.compile(r"\b(?:recai|volvi a usar|volvi a consumir|use anoche|use ayer|consumi anoche)\b"),
    # "me voy a meter", "me quiero endrogar"; not "me voy a meter a trabajar" or "en un programa"
    re.compile(
        r"\bme (?:voy a|quiero|vuelvo a|tengo ganas de) (?:volver a )?"
        r"(?:meter|endrogar|drogar|inyectar)\b(?! (?:a|en|con|de)\b)"
    ),
)


def _mine(patterns: tuple[re.Pattern[str], ...], norm: str) -> bool:
    """Whether one of the patterns is said of the texter, not denied or of someone else."""
    for pattern in patterns:
        for found in pattern.finditer(norm):
            before = norm[: found.start()].split()[-2:]
            if not _NOT_MINE.intersection(before):
                return True
    return False


def tells_of_using_after_a_break(norm: str) -> tuple[bool, str | None]:
    """Whether the normalised text tells of using after time away, and "es" when it says so in
    Spanish."""
    if any(p.search(norm) for p in _BREAK_ES) and _mine(_USE_ES, norm):
        return True, "es"
    return any(p.search(norm) for p in _BREAK_EN) and _mine(_USE_EN, norm), None
