"""What a bystander says soon after the emergency steps when the person has died: "hes gone",
"hes been cold for hours", "hes stiff", "no pulse for an hour", "ya murio".

The steps again ("try to wake them") would be no answer. Only a death said plainly counts: a
doubt ("i think hes dead", "is he dead?") or a sign ("hes gone blue") is still an overdose
that the steps answer, as someone who looks dead may not be. Reads normalised text
(``flows.text.normalise``).
"""

from __future__ import annotations

import re

from flows.loss_told import tells_a_death
from flows.support_asked import asks_for_someone_to_talk_to

_THEY = r"(?:he|she|they|hes|shes|theyre|he is|she is|they are|he s|she s|body is|body s)"
_GONE = re.compile(
    rf"\b{_THEY} (?:already |really |just |totally |long )?gone\b"
    r"(?! (?:blue|purple|gr[ae]y|pale|white|limp|cold|stiff|quiet|silent|to|with|home|out|off"
    r"|back|into|in|for|from|through|under|missing|somewhere|again|and got|to get)\b)"
)
_DEAD_A_WHILE = re.compile(
    r"\b(?:cold|dead|gone|stiff|not breathing) (?:for|since)"
    r" (?:hours|an hour|a few hours|a couple hours|\d+ (?:hours?|hrs?)|last night|a while)\b"
    rf"|\b{_THEY} (?:all |so |gone |is |s |been )?(?:stiff|rigid)\b|\brigor\b"
    r"|\bno (?:pulse|heartbeat) (?:for|in|since) (?:hours|an hour|a while|\d+ (?:hours?|hrs?"
    r"|min\w*))\b"
    r"|\b(?:ya se (?:fue|murio)|esta (?:tieso|tiesa|rigido|rigida)"
    r"|(?:frio|fria|muerto|muerta) (?:desde hace|hace) (?:horas|una hora|rato|un rato)"
    r"|(?:no respira|no tiene pulso) (?:desde hace|hace) (?:horas|una hora)"
    r"|lleva (?:horas|una hora) (?:sin respirar|muert[oa]|fri[oa]))\b"
)
_DOUBT = re.compile(
    r"^(?:is|are|was|did|could|can|how)\b|\b(?:think|maybe|might|may|not sure|idk if|dont know if"
    r"|guess|afraid|scared|looks|seems|like he|like she|creo|parece|no se si)\b"
)


def tells_they_died(norm: str) -> bool:
    """The text says plainly that the person has died, with no doubt in it."""
    if _DOUBT.search(norm):
        return False
    return bool(_GONE.search(norm) or _DEAD_A_WHILE.search(norm) or tells_a_death(norm))


# The offer's own word, or a yes to it; "i need someone to talk to" as anywhere else.
_TAKEN_UP = frozenset(
    {"talk", "yes", "yes please", "yeah", "ok", "okay", "please", "si", "hablar", "por favor",
     "call me", "llamenme"}
)  # fmt: skip


def asks_someone_to_talk_to(norm: str) -> bool:
    """ "i need someone to talk to", "TALK", "si": the call offered after a death taken up."""
    return norm in _TAKEN_UP or asks_for_someone_to_talk_to(norm)
