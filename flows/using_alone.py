"""Telling us one is about to use alone: "im gonna use alone tonight", "using by myself",
"im home alone and about to use", "can someone stay on the phone while i use",
"voy a usar solo esta noche", "no one is here with me when i use".

Using alone is when an overdose kills, so Never Use Alone's number comes at once, before any
question. Being alone is not enough ("i live alone", "i want to be alone"), nor someone else
using alone ("my son uses alone"), nor a denial ("i never use alone"). An overdose alone
("im alone and i used too much") is an emergency, recognised before this.
"""

from __future__ import annotations

import re

# The texter says it, or says nothing of who: "i use", "im gonna use", "using by myself".
_I_WILL = (
    r"(?:^|\b(?:i|im|i am|ill|i will|gonna|going to|about to|wanna|want to|have to|gotta|"
    r"always|usually|often|sometimes|just|might|plan to|need to|when i|if i|and) )"
)
_USE = (
    r"(?:use|using|shoot|shooting|shoot up|shooting up|get high|getting high|smoke|smoking|"
    r"do a shot|doing a shot)"
)
_ALONE = r"(?:alone|all alone|by myself|on my own)"
_NOW = r"(?: rn| right now| tonight| now| at home)?"
# "using" of a thing is no use: "im using the computer".
_NO_THING = r"(?! (?:the|my|a|an|this|that|it|your)\b)"
_ALONE_EN = (
    re.compile(rf"{_I_WILL}{_USE}(?: \w+){{0,2}} {_ALONE}\b"),
    re.compile(
        r"\b(?:no one|noone|nobody|no body)(?: is| will be|s)?(?: here| around| home)? with me "
        rf"(?:when|while|if) i {_USE}\b"
    ),
    re.compile(
        rf"\b(?:im|i am) (?:home |at home |here |all )*{_ALONE}{_NOW}(?: and| so| but)? "
        r"(?:im |i am |i )?(?:gonna|going to|about to|bout to|finna|wanna|want to|will|ll) ?"
        rf"(?:use|shoot|get high|smoke|do a shot)\b{_NO_THING}"
    ),
    # "no ones around and im using", "nobody is home and im gonna get high"
    re.compile(
        r"\b(?:no one|noone|nobody|no body)(?: is|s| will be)? (?:around|home|here)"
        rf"{_NOW} (?:and|so|but|while|when) (?:im |i am |i )?"
        rf"(?:(?:gonna|going to|about to|bout to|finna|wanna|want to|will|ll) )?{_USE}\b{_NO_THING}"
    ),
    # Never Use Alone's own service: "can someone stay on the phone while i use".
    re.compile(
        r"\b(?:stay|be|talk to me|keep me company)(?: on the (?:phone|line))?(?: with me)? "
        rf"(?:while|when|as) (?:i|im|i am) {_USE}\b{_NO_THING}"
    ),
)
# "solo" after the verb is also "only": "usar solo un poco", "solo una vez" are not alone.
_SOLO = (
    r"(?:sola|a solas|solo(?! (?:un|una|unos|unas|el|la|los|las|lo|de|para|por|en|con|cuando|"
    r"si|esta vez|poco|poquito|\d+)\b))"
)
_USAR = r"(?:usar|usando|uso|consumir|consumiendo|consumo|drogarme|me drogo|inyectarme|me inyecto)"
_ALONE_ES = (
    re.compile(rf"(?:^|\b(?:voy a|vamos a|quiero|tengo que|siempre|estoy|yo) ){_USAR} {_SOLO}\b"),
    re.compile(rf"\b(?:no hay nadie|nadie esta|nadie) conmigo cuando {_USAR}\b"),
    re.compile(rf"\bestoy (?:sol[oa]|a solas) y (?:voy a |quiero )?{_USAR}\b"),
)


def tells_of_using_alone(norm: str) -> tuple[bool, str | None]:
    """Whether the normalised text tells of using alone, and "es" when it says so in Spanish."""
    if any(pattern.search(norm) for pattern in _ALONE_ES):
        return True, "es"
    return any(pattern.search(norm) for pattern in _ALONE_EN), None
