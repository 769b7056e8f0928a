"""Pills taken all at once: "me tomé todas las pastillas", "me tomé un frasco de pastillas", "i
swallowed a bottle of pills", "i took 20 pills", "se tomó todas sus pastillas".

An overdose, read by ``flows.emergency`` as an overdose word, so a story of before now ("se
tomo muchas pastillas el año pasado") stays silent; said of oneself, maybe an attempt on one's
life too, so ``flows.emergency.crisis_language`` reads it and 988 comes beside the steps. A
dose taken as prescribed is neither: "me tome mis pastillas", "took my pills this morning", "i
took 2 advil", "me tome una pastilla para el dolor", "i took all my pills like the doctor said".
Everything here reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import re

_PILLS_EN = (
    r"(?:pills|meds|medications?|medicines?|tablets|capsules|sleeping pills|xans|xanax|bars"
    r"|percs|percocets?|oxys|klonopins?|kpins|tylenol|advil|ibuprofen|benadryl|seroquel)"
)


def _many_en(whose: str) -> str:
    """All of them, a bottle, a handful, or ten or more, of ``whose`` pills ("my|the|his")."""
    return (
        rf"(?:all (?:of )?(?:{whose}|those|these|them)? ?|every (?:one of )?(?:(?:{whose}) )?"
        rf"|(?:a|{whose}|an entire|a whole|the whole|the entire) (?:bottle|pack|box|jar|strip"
        rf"|sheet) of (?:(?:{whose}) )?|a (?:handful|bunch|fistful) of (?:(?:{whose}) )?"
        r"|(?:like |about |around |over |at least |maybe )?(?:[1-9]\d+|ten|twelve|fifteen"
        r"|twenty|thirty|forty|fifty|a hundred|a dozen) )"
    )


# "He took all my pills" may be a theft: only the texter's own pills are "my" pills here.
_MANY_EN = _many_en("my|the")
_MANY_THEIRS_EN = _many_en("the|his|her|their")
# Taken as they should be: "all my pills this morning", "like the doctor said".
_AS_PRESCRIBED_EN = (
    r"(?! (?:this morning|today|tonight like|on time|as prescribed|like (?:i was|im|i am|im"
    r" supposed|the doctor|my doctor)|for the day|for today|every (?:day|morning|night)|daily"
    r"|with (?:breakfast|lunch|dinner|food))\b)"
)
_TOOK_EN = r"(?:took|swallowed|popped|ate|downed|have taken|ve taken|just took|already took)"
_OWN_EN = rf"\b(?:i|i just|i already|i think i|i think i just) {_TOOK_EN}"
_OTHERS_EN = (
    r"\b(?:he|she|they|hes|shes|theyve|he just|she just|(?:my|our) \w+(?: just)?)"
    r" (?:has |have )?" + _TOOK_EN
)
_PILLS_ES = (
    r"(?:pastillas|pastillitas|pildoras|medicinas|medicamentos|meds|tabletas|capsulas|percs"
    r"|percocets?|xanax|oxys|clonazepam|tylenol)"
)
_MANY_ES = (
    r"(?:todas? (?:las|los|mis|sus|tus)(?: \w+)? |todo el (?:frasco|pote|paquete|blister)"
    r" de (?:las |mis |sus )?|un (?:frasco|pote|paquete|blister|monton|punado|punao) de"
    r" (?:las |mis |sus )?|una (?:caja|botella|tira) de (?:las |mis |sus )?|muchas "
    r"|(?:como |unas |mas de )?(?:[1-9]\d+|diez|doce|quince|veinte|treinta|cuarenta|cincuenta"
    r"|cien) )"
)
# A whole container said alone: "me tome todo el frasco", "un frasco entero".
_WHOLE_ES = (
    r"(?:todo el (?:frasco|pote|paquete|blister)|el (?:frasco|pote|paquete) (?:entero|completo)"
    r"|un (?:frasco|pote|paquete) (?:entero|completo))\b(?! de (?:agua|jugo|refresco|soda"
    r"|cerveza|ron|vino|alcohol|leche)\b)"
)
_AS_PRESCRIBED_ES = (
    r"(?! (?:de hoy|de la manana|de la noche|esta manana|hoy|a tiempo|como (?:me )?(?:dijo|dijeron"
    r"|indico|indicaron|receto|recetaron|manda|mando|debo|debia|tocaba|siempre)|del dia"
    r"|todos los dias|con (?:el )?(?:desayuno|almuerzo|la cena|comida))\b)"
)
_OWN_ES = r"(?:\bme |^|\byo (?:me )?|\bcreo que me )(?:tome|trague|meti|bebi)"
_ANYONE_ES = (
    r"(?:\bme |\bse |^|\byo (?:me )?|\bcreo que (?:me |se )|\b(?:el|ella) (?:se )?)(?:tome|trague"
    r"|meti|bebi|tomo|trago|metio|bebio|tomaron|tragaron)"
)


def _taken(took: str, many: str, pills: str, prescribed: str) -> str:
    return rf"{took} {many}{pills}\b{prescribed}"


# Said of anyone: an overdose word (``flows.emergency._OVERDOSE_WORD_EN``, ``..._ES``).
PILLS_TAKEN_EN = (
    _taken(_OWN_EN, _MANY_EN, _PILLS_EN, _AS_PRESCRIBED_EN),
    _taken(_OTHERS_EN, _MANY_THEIRS_EN, _PILLS_EN, _AS_PRESCRIBED_EN),
)
PILLS_TAKEN_ES = (
    _taken(_ANYONE_ES, _MANY_ES, _PILLS_ES, _AS_PRESCRIBED_ES),
    rf"{_ANYONE_ES} {_WHOLE_ES}{_AS_PRESCRIBED_ES}",
)
_OWN = (
    re.compile(_taken(_OWN_EN, _MANY_EN, _PILLS_EN, _AS_PRESCRIBED_EN)),
    re.compile(_taken(_OWN_ES, _MANY_ES, _PILLS_ES, _AS_PRESCRIBED_ES)),
    re.compile(rf"{_OWN_ES} {_WHOLE_ES}{_AS_PRESCRIBED_ES}"),
)


def took_pills_themselves(spelled: str) -> str | None:
    """ "en" or "es" when the texter says they took pills all at once ("i swallowed a bottle
    of pills", "me tome todas las pastillas"); None when not."""
    english, *spanish = _OWN
    if any(pattern.search(spelled) for pattern in spanish):
        return "es"
    return "en" if english.search(spelled) else None
