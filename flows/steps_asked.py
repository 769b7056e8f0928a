"""Asking what to do in an overdose, as a question rather than a call for help: "what do i do
if someone ODs", "what should i do when someone is overdosing", "qué hago si alguien tiene una
sobredosis".

Answered with the steps the emergency texts give, as information, then the menu; not counted
as an emergency. Only a question about someone unnamed or in general ("if", "when") is read
this way, and only once ``flows.emergency`` and ``flows.urgency`` heard no overdose nor call
for help in it: "what do i do my friend ODd" is an emergency. Reads normalised text.
"""

from __future__ import annotations

import re

_WHO = (
    r"(?:someone|somebody|anyone|anybody|a person|people|ppl|a friend|my friend|a loved one|"
    r"someone i know|they)"
)
_ODS = (
    r"(?:ods|od|od s|ode|overdoses|overdose|overdosed|is overdosing|starts overdosing|has an "
    r"overdose|has an od|is having an overdose|is having an od|goes out|nods out)"
)
_WHAT_EN = (
    r"(?:what|wat|wut|wht) (?:do|should|can|would|to) (?:i |we |you |u |one )?(?:do )?",
    r"how (?:do|can|should|would) (?:i|we|you|u) (?:help|respond|save them|handle it)",
)
_ASKED_EN = re.compile(
    rf"^(?:(?:hi|hey|um|so|ok|okay|quick question) )*(?:{'|'.join(_WHAT_EN)}) ?"
    rf"(?:if|when|in case) {_WHO} {_ODS}(?: (?:please|pls|thanks))*$"
)
_ASKED_ES = re.compile(
    r"^(?:(?:hola|oye|pregunta) )*que (?:hago|hacemos|debo hacer|se hace|hay que hacer|hacer) "
    r"(?:si|cuando|en caso de que) (?:alguien|una persona|un amigo|una amiga|mi amigo|mi amiga) "
    r"(?:tiene|sufre|tenga|sufra|esta teniendo) una sobredosis(?: por favor| gracias)*$"
)


def asks_what_to_do_in_an_overdose(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks what to do if someone overdoses, "es" in Spanish)."""
    if _ASKED_ES.match(norm):
        return True, "es"
    return bool(_ASKED_EN.match(norm)), None
