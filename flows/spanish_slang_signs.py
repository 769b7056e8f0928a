"""Overdose signs in Puerto Rican Spanish slang, beside the English of ``flows.slang_signs``.

"Cabeceando", "se esta nodeando" and "se esta quedando" are nodding out: said of a friend now
they are an opioid overdose beginning, and "bien dormido" after a blue, a perco or fentanilo is
too (``flows.emergency``). One's own ("me estoy quedando", "no puedo abrir los ojos" after a
blue, "bien arrebatao no me puedo mover") is read by ``flows.urgency`` for the steps for someone
alone, and "lo dejo que duerma la nota?" asked of a drug is answered beside the steps. Not the
same words of a stay ("se esta quedando con nosotros"), a nap or a child asleep ("el nene esta
bien dormido"), the music ("cabeceando la musica", moving the head to it) or a blue jean.
Everything here reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import re

from flows.too_much_taken import OVERDID_IT_ES

# Taken, by anyone: "se tomo", "me meti", "despues de meterse", "despues de un blue".
_TAKES_ES = (
    r"(?:tomo|tome|metio|meti|jalo|jale|fumo|fume|pego|pegue|inyecto|inyecte|uso|use|partio"
    r"|meterse|meterme|tomarse|tomarme|usar|metiendo|tomando|despues de|de)"
)
_A_FEW_ES = (
    r"(?:(?:un|una|dos|tres|otro|otra|unos|unas|medio|media|par de|un par de|\d+|el|la|los|las"
    r"|ese|esa|esos|esas|como \d+) )?"
)
# "Blues" are pressed M30s; "percos" and pressed bars are pressed pills too, often fentanyl.
_PRESSED_ES = (
    r"(?:blues?|m ?30s?|percos?|percs?|percocets?|barras? prensadas?|pastillas? prensadas?"
    r"|prensadas?|oxys?|roxys?|xanax)\b(?! (?:jeans?|jean|camisas?|pantalon|pantalones|tenis"
    r"|carro|color)\b)"
)
TOOK_A_PRESSED_PILL_ES = rf"\b{_TAKES_ES} {_A_FEW_ES}{_PRESSED_ES}"
_NAMED_ES = r"\b(?:fentanilo|fentanyl|fenta|fent|manteca|heroina|percos?|percocets?|tranq)\b"
_A_DRUG_ES = rf"(?:{TOOK_A_PRESSED_PILL_ES}|{_NAMED_ES})"
# Drowsy on a dose a doctor gave is no sign to answer with 911: "despues de la operacion".
_PRESCRIBED_ES = (
    r"(?!.*\b(?:operacion|cirugia|receta|recetad[oa]s?|recetaron|doctor|doctora|medico|dentista"
    r"|hospital)\b)"
)
# A child, asleep or drowsy, is no overdose told: "el nene esta cabeceando".
_CHILD_ES = r"\b(?:nene|nena|nenito|nenita|bebe|baby|nino|nina|chamaquito|chamaquita)\b"
# Sleepy, bored or in class: "cabeceando de sueño", "... en clase".
_TIRED_ES = r"\b(?:sueno|cansad[oa]|cansancio|aburrid[oa]|clase|siesta|acostar|acostarse)\b"
_CRY_ES = (
    r"(?:que hago|que hacemos|no se que hacer|ayuda|ayudenme|auxilio|socorro|911|help"
    r"|por favor|porfa|ahora|ya|bien feo|bien malo|rapido|pls|please)"
)
# Nodding out, said of someone else now. Not the head moved to something ("cabeceando la
# musica", "el balon"), nor watching ("viendo la novela"), nor a habit ("todo el dia").
_NODDING_ES = r"(?:cabeceando|cabeciando|nodeando|nodiando|nodding out|noddin out)"
_NOT_TO_SOMETHING_ES = (
    r"(?! (?:el|la|los|las|un|una|al|a|con|balon|pelota|musica|ritmo|viendo|mirando|oyendo"
    r"|escuchando|todo|todos|siempre|mucho|cada|en (?:la )?(?:iglesia|misa|novela)"
    r"|de (?:la )?(?:musica|cancion|ritmo))\b)"
)
NODDING_OUT_ES = (
    rf"^(?!.*{_CHILD_ES})(?!.*{_TIRED_ES}).*\b(?:se )?(?:esta|ta|sigue|anda)"
    rf"(?: (?:bien|muy|super|como))? {_NODDING_ES}\b{_NOT_TO_SOMETHING_ES}",
    # "Se esta quedando": out, with nothing after it but a cry. Not "... con nosotros".
    rf"^(?!.*{_CHILD_ES}).*\bse (?:esta|ta) quedando(?: {_CRY_ES})*$",
)
# Too sleepy to be only tired, said of someone else now: a sign once a drug is told.
_SLEEPY_ES = (
    r"\b(?:esta|ta|anda|sigue|se ve|se quedo|quedo)(?: (?:bien|muy|super|demasiado|tan|medio"
    rf"|como))* (?:dormid[oa]|{_NODDING_ES}|id[oa]|zombie|quedao|pegao)\b",
    r"\b(?:se (?:esta|ta) quedando|quedandose)\b",
    r"\bno (?:se )?(?:puede|logra) (?:mantener|tener) los ojos abiertos\b",
    r"\bno (?:puede|logra) mantenerse despiert[oa]\b",
)
# Asked whether to let them sleep it off: "lo dejo que duerma la nota?", "lo dejo dormir?".
_SLEEP_OFF_ASKED_ES = (
    r"\b(?:lo|la|los|las|le) (?:dejo|dejamos|puedo dejar|podemos dejar|debo dejar|deje)"
    r" (?:que )?(?:se )?(?:duerma|dormir|descanse|descansar)\b",
    r"\bduerma (?:la nota|el arrebato)\b",
)
SLEEPY_AFTER_A_DRUG_ES = tuple(
    rf"^{_PRESCRIBED_ES}(?!.*{_CHILD_ES})(?=.*{_A_DRUG_ES}).*{sleepy}"
    for sleepy in _SLEEPY_ES + _SLEEP_OFF_ASKED_ES
)
# One's own overdose, told with breath in danger: "me pase de la raya y no puedo respirar bien",
# as "i overdid it and i cant breathe right".
OVERDID_IT_AND_CANT_BREATHE_ES = tuple(
    rf"^(?=.*{overdid}).*\bno (?:puedo|me deja) respirar\b" for overdid in OVERDID_IT_ES
)

_SLEEP_OFF_ASKED = re.compile("|".join(_SLEEP_OFF_ASKED_ES))


def asks_to_sleep_it_off_es(spelled: str) -> bool:
    """The text asks in Spanish whether to let someone sleep ("lo dejo dormir?")."""
    return bool(_SLEEP_OFF_ASKED.search(spelled))


# One's own, about to pass out: "me estoy quedando" with nothing after it but a cry.
_OWN_NODDING_OUT_ES = re.compile(rf"\bme (?:estoy|toy) (?:quedando|{_NODDING_ES})(?: {_CRY_ES})*$")
# Asked of one's own: "me meti un blue, puedo dormir la nota?".
_OWN_SLEEP_OFF_ES = re.compile(r"\b(?:dormir|dormirme|duermo) (?:la nota|el arrebato)\b")
# Cannot keep the eyes open, stay awake or move: after a use, or too high, an overdose may be
# beginning. Alone it may be an eye, a back or a long day.
_CANT_STAY_UP_ES = re.compile(
    r"\bno (?:me )?puedo (?:abrir|mantener|tener) los ojos(?: abiertos)?\b"
    r"|\bno (?:me )?puedo (?:mover|moverme|parar|pararme|levantar|levantarme|caminar"
    r"|mantenerme despiert[oa]|quedarme despiert[oa])\b"
    r"|\bme estoy quedando dormid[oa]\b"
)
_TOO_HIGH_ES = re.compile(
    r"\b(?:estoy|toy|ando|me siento)(?: (?:bien|muy|super|demasiado|tan))* (?:arrebatad[oa]"
    r"|arrebatao|endrogad[oa]|high|volao|volad[oa]|trabao|trabad[oa])\b"
)
_USE_TOLD_ES = re.compile(
    rf"{_A_DRUG_ES}|\b(?:use|consumi|fume|me inyecte|me meti|tome|me pase de la raya)\b"
)


def passing_out_after_use_es(spelled: str) -> bool:
    """The texter, in Spanish, is nodding out ("me estoy quedando"), or cannot keep their eyes
    open, stay awake or move after a use or too high, or asks to sleep off a use: steps for
    someone alone."""
    if _OWN_NODDING_OUT_ES.search(spelled):
        return True
    if _OWN_SLEEP_OFF_ES.search(spelled) and _USE_TOLD_ES.search(spelled):
        return True
    return bool(
        _CANT_STAY_UP_ES.search(spelled)
        and (_TOO_HIGH_ES.search(spelled) or _USE_TOLD_ES.search(spelled))
    )
