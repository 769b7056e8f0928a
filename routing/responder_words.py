"""What a responder means by a reply in words rather than a command: "cant tonight" to an
offer, "omw" about a case they hold, "tell her ill call in 10 min". Read only to suggest the
command that would do it: words never claim, pass or mark a case, as a guess acted on could
leave a person waiting on nobody."""

from __future__ import annotations

import re

# "cant tonight", "can't take it", "busy", "not available", "i'll pass": no to an offer. A
# "can't" says no only alone or before a word of taking a case ("can't reach her" does not).
_DECLINES = re.compile(
    r"\b(?:can ?not|can'?t|cant|cnt)\b(?:\W+(?:take|do|make|go|help|cover|tonight|today|now|"
    r"right|rn|this|that|it|sorry)\b|\W*$)|"
    r"\bbusy\b|\bunavailable\b|\bnot (?:available|free|tonight|today|now)\b|\bno can do\b|"
    r"\bi'?ll pass\b|\bill pass\b",
    re.IGNORECASE,
)

# "on my way", "omw", "calling her now", "heading over": on the way to reach the person.
_ON_THE_WAY = re.compile(
    r"\bon my way\b|\bomw\b|^\W*on it\b|\b(?:heading|headed|going) (?:over|there|out)\b|"
    r"\b(?:calling|texting) (?:her|him|them|the person|now)\b|"
    r"\b(?:i'?ll|ill|i will|will|gonna|going to) (?:call|text) (?:her|him|them|the person)\b",
    re.IGNORECASE,
)

# "tell her ill call in 10 min", "can you let him know", "pls text them": a message for the
# person, asked of us. At the start of the text, after a greeting at most.
_RELAY = re.compile(
    r"^\W*(?:(?:hi|hey|hello|ok|okay|yes|yeah|thanks)\b\W*)?"
    r"(?:(?:can|could|would|will) (?:you|u)\s+(?:please\s+|pls\s+)?|please\s+|pls\s+|plz\s+)?"
    r"(?:(?:tell|remind)\b(?! (?:me|us)\b)|let (?!(?:me|us)\b)\w+(?: \w+)? know\b|"
    r"(?:text|message|msg) (?:her|him|them|the person)\b)",
    re.IGNORECASE,
)

# How responders say a try reached nobody ("can't reach her", "no answer"): never a no to an
# offer nor a sign they are on the way.
_NOBODY_REACHED = re.compile(
    r"\b(?:can ?not|can'?t|cant|could ?n'?t|couldnt|did ?n'?t|didnt|not|never|unable to) "
    r"(?:reach|get (?:a )?hold|get through|contact)\b|\bno (?:answer|response|reply|pick ?up)\b|"
    r"\bvoice ?mail\b|\bvm\b|\bleft (?:a |an )?(?:message|msg)\b",
    re.IGNORECASE,
)


def declines(text: str) -> bool:
    """The words say no to an offer ("cant tonight", "busy")."""
    return bool(_DECLINES.search(text)) and not _NOBODY_REACHED.search(text)


def on_the_way(text: str) -> bool:
    """The words say they are about to reach the person ("omw", "calling her now")."""
    return bool(_ON_THE_WAY.search(text)) and not _NOBODY_REACHED.search(text)


def asks_to_pass_a_message(text: str) -> bool:
    """The words ask us to give the person a message ("tell her ill call in 10 min")."""
    return bool(_RELAY.search(text))
