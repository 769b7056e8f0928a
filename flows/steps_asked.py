"""Asking what to do in an overdose, as a question rather than a call for help: "what do i do
if someone ODs", "what should i do when someone is overdosing", "what do i do if someone falls
out", "how do u know if someone is overdosing", "qué hago si alguien tiene una sobredosis",
"i want to learn what to do if someone overdoses, for my job".

Answered with the steps the emergency texts give, as information, then the menu; not counted
as an emergency. Only a whole text asking what to do if ("when") someone overdoses is read
this way, about anyone ("what should i do if he ods", "if my son ods what do i do"): a sign
or "now" said with it makes it no question, and "what do i do my friend ODd" is an
emergency. Reads normalised text.
"""

from __future__ import annotations

import re

_WHO = (
    r"(?:someone|somebody|anyone|anybody|a person|people|ppl|a friend|a loved one|"
    r"someone i know|they|he|she|my \w+)"
)
_ODS = (
    r"(?:ods|od|od s|ode|overdoses|overdose|overdosed|is overdosing|starts overdosing|has an "
    r"overdose|has an od|is having an overdose|is having an od|goes out|nods out|is oding|"
    r"is od ing|falls out|passes out|stops breathing|wont wake up|turns blue)"
)
_WHAT_EN = (
    r"(?:what|wat|wut|wht) (?:do|should|can|would|to) (?:i |we |you |u |one )?(?:do )?",
    r"how (?:do|can|should|would) (?:i|we|you|u) (?:help|respond|save them|handle it)",
)
_WHAT = rf"(?:{'|'.join(_WHAT_EN)})"
_IF = rf"(?:if|when|in case) {_WHO} {_ODS}"
# An overdose that may happen, said in a question about something else ("if my friend ods and
# i call 911 am i gonna get arrested"): read by ``flows.overdose_if``.
OVERDOSE_IF = _IF
# "how do u know if someone is overdosing", "what are the signs of an overdose"
_KNOW = (
    r"(?:how (?:do|can|would|will|should) (?:i|we|you|u|one) (?:know|tell)|"
    r"how to (?:know|tell))"
)
_SIGNS = (
    r"(?:(?:what are |whats |what r )?(?:the )?(?:signs|symptoms) of (?:an |a )?(?:opioid )?"
    r"(?:overdose|od)|what does (?:an |a )?(?:overdose|od) look like)"
)
_WHAT_LAST = (
    r"(?:(?:what|wat|wut|wht) (?:do|should|can|would) (?:i|we|you|u|one)(?: do)?|"
    r"how (?:do|can|should|would) (?:i|we|you|u) (?:help|respond|save them|handle it))"
)
# Asked to learn it, for a job or a class: "i want to learn what to do if someone overdoses,
# for my job", "id like to know what to do if someone ODs, for work".
_LEARN = (
    r"(?:(?:(?:i|we) (?:want|would like|d like|need|am trying|are trying) to |(?:i|we) wanna "
    r"|id like to |(?:im|were) trying to )?(?:learn|know) )"
)
_FOR_A_JOB = (
    r"(?: (?:for|at) (?:my |our |the )?(?:job|work|school|class|business|store|shop|workplace"
    r"|staff|employees|coworkers|students))"
)
# Asked either way round: "what should i do if he ods", "if he ods what do i do".
_ASKED_EN = re.compile(
    rf"^(?:(?:hi|hey|um|so|ok|okay|quick question) )*{_LEARN}?(?:{_WHAT} ?{_IF}|{_IF} {_WHAT_LAST}|"
    rf"{_KNOW} (?:if|when) {_WHO} {_ODS}|{_SIGNS}){_FOR_A_JOB}?"
    r"(?: (?:please|pls|thanks))*$"
)
_WHAT_ES = r"que (?:hago|hacemos|debo hacer|se hace|hay que hacer|hacer)"
_IF_ES = (
    r"(?:si|cuando|en caso de que) (?:(?:alguien|una persona|un amigo|una amiga|mi \w+|el|ella) )?"
    r"(?:(?:tiene|sufre|tenga|sufra|esta teniendo) una sobredosis|le (?:da|de) una sobredosis)"
)
OVERDOSE_IF_ES = _IF_ES
_LEARN_ES = (
    r"(?:(?:(?:quiero|quisiera|necesito|me gustaria|queremos|necesitamos) )?(?:aprender|saber) )"
)
_FOR_A_JOB_ES = (
    r"(?: para (?:mi |el |nuestro |nuestra |la )?(?:trabajo|empleo|escuela|clase|negocio"
    r"|tienda|empresa|personal|empleados|estudiantes))"
)
_ASKED_ES = re.compile(
    rf"^(?:(?:hola|oye|pregunta) )*{_LEARN_ES}?(?:{_WHAT_ES} {_IF_ES}|{_IF_ES} {_WHAT_ES})"
    rf"{_FOR_A_JOB_ES}?(?: por favor| gracias)*$"
)


def asks_what_to_do_in_an_overdose(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks what to do if someone overdoses, "es" in Spanish)."""
    if _ASKED_ES.match(norm):
        return True, "es"
    return bool(_ASKED_EN.match(norm)), None
