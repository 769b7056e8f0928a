"""A text that asks, in so many words, for help for the texter: "i need help for myself too",
"i want support for myself", "necesito ayuda para mi".

After a family member's request, "update: he says he wants to go to detox" or "llamen a mi
celular despues de las 6" name words of the menu's "Support for myself" ("detox", "mi"):
read as an answer to the menu, they started a self-referral for the family member, and the
update never reached the case. Only an ask this plain starts a new request of their own;
anything less is more said about the one already made.
"""

from __future__ import annotations

import re

from flows.text import normalise

_FOR_ME = r"(?:for|4) (?:me|myself|my self|meself)"
_AFTER = r"(?:too|also|as well|now|please|pls|plz|thanks|and (?:for )?(?:him|her|them|my \w+))"
_WANT = (
    r"(?:i|i also|i really|i think i|im gonna|i would|i might|id|i do) "
    r"(?:need|want|would like|d like|could use|might need|may need|also need|also want)"
)
_CARE = (
    r"(?:help|support|treatment|detox|rehab|a coach|a recovery coach|someone to talk to|"
    r"counseling|a program|a bed)"
)
_GOING = r"(?:go|get|start|find)(?: (?:into|in|to|some|a))?"
_NECESITO = (
    r"(?:yo )?(?:tambien )?(?:necesito|quiero|quisiera|me gustaria|busco)(?: tambien)?(?: pedir)?"
)
_CUIDADO = r"(?:ayuda|apoyo|tratamiento|desintoxicacion|detox|rehab|rehabilitacion|un consejero)"
# The texter's own use named as what the help is for: "need help with my own drinking",
# "necesito ayuda con mi forma de beber".
_OWN_USE = (
    r"(?:drinking|drug use|use|using|substance use|alcohol use|addiction|alcoholism|recovery"
    r"|sobriety)"
)
_OWN_USE_ES = (
    r"(?:forma de beber|manera de beber|bebida|tomadera|consumo|adiccion|alcoholismo"
    r"|uso de (?:drogas|alcohol|sustancias))"
)
_SHAPES = re.compile(
    # "i need help for myself too", "support for me please", "help for myself"
    rf"\b{_CARE} {_FOR_ME}(?: {_AFTER})*$"
    # "i need help too", "i want treatment as well"
    rf"|\b{_WANT} (?:some |more )?{_CARE} (?:too|also|as well|myself)\b"
    # "i want to go to detox", "i need to get into rehab" (never "get him into")
    rf"|\b{_WANT} to {_GOING} (?:detox|rehab|treatment|help|a program|a bed|suboxone|methadone)"
    rf"(?! (?:for|4) (?:him|her|them|my))"
    # "necesito ayuda para mi", "quiero apoyo para mi tambien"
    rf"|\b{_NECESITO} {_CUIDADO} para mi(?: mism[oa])?(?: (?:tambien|por favor|gracias|ahora))*$"
    rf"|\b{_NECESITO} {_CUIDADO} (?:yo )?tambien$"
    # "need help with my own drinking", "necesito ayuda con mi propio consumo"
    rf"|\b{_CARE} (?:with|for) my (?:own )?{_OWN_USE}\b"
    rf"|\b{_CUIDADO} (?:con|para) mi (?:propi[oa] )?{_OWN_USE_ES}\b"
)


def asks_for_oneself(text: str) -> bool:
    """The text asks plainly for help for the texter."""
    return bool(_SHAPES.search(normalise(text)))
