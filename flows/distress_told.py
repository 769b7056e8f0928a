"""A text that says the person is not doing well, short of a crisis: "im not doing good", "i
really need to talk to someone today", "im struggling", "no estoy bien".

Said after a request, it was only "added to your request", while nobody had claimed it yet:
the person heard nothing about reaching someone now. It is still added to the request, and
told where to call or text today (``request_distress``). Words of suicide or self-harm never
get here: the crisis interrupt answers them first.
"""

from __future__ import annotations

import re

from flows.text import normalise

_DISTRESS = re.compile(
    r"\b(?:im|i am|i m|i feel|feeling|been) (?:really |just |so |honestly )?not "
    r"(?:doing )?(?:good|well|ok|okay|alright|great|too good|so good)\b"
    r"|^(?:honestly |really )?not doing (?:good|well|ok|okay|great|so good|too good)\b"
    r"|\b(?:im|i am|i m|been|really) (?:really |so |just )?struggling\b|^struggling\b"
    r"|\b(?:having|had) a (?:really |very |so )?(?:hard|rough|tough|bad) (?:time|day|night)\b"
    r"|\b(?:need|needs|want|gotta) (?:to )?(?:talk|speak) (?:to|with) (?:someone|somebody|"
    r"anyone|anybody|a person|a real person)\b"
    r"|\b(?:need|want) (?:someone|somebody|anyone) to talk to\b"
    r"|\b(?:i|im) (?:cant|can not|cannot) (?:do this|take (?:it|this)|handle (?:it|this))\b"
    r"|\bi feel (?:so )?(?:hopeless|alone|lost|awful|terrible|horrible|like shit|like crap)\b"
    r"|\b(?:im|i am) (?:so )?(?:scared|freaking out|falling apart|losing it|in a bad place)\b"
    # Spanish
    r"|\bno (?:estoy|me siento) bien\b|\bme siento (?:muy |tan )?(?:mal|sola|solo|perdid[oa])\b"
    r"|\bnecesito hablar con (?:alguien|una persona)\b|\bestoy (?:luchando|sufriendo|muy mal)\b"
)


def tells_distress(text: str) -> bool:
    """The text says the person is struggling now, or needs someone to talk to."""
    return _DISTRESS.search(normalise(text)) is not None
