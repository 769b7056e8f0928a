"""Recognising a question about who is texting: "who is this", "are you a bot", "is this a real
person", "is this the cops", "is this confidential", "quién es".

Asked in the middle of a conversation, such a question is no answer to ours: taken as one, "is
this the cops" became the name given to the team. Only whole texts that ask nothing else are
read this way. Asking whether we are the police is told apart (``asks_if_police``): it is
answered plainly, with how to keep police out. Reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import re

_LEAD = r"(?:(?:hey|hi|um|uh|wait|sorry|ok|okay|so|but|and|lol|hola|oye|perdon) )*"
_TAIL = r"(?: (?:please|pls|plz|lol|tho|though|for real|fr|por favor))*"
_BEING = r"(?:a )?(?:real )?(?:person|human|bot|robot|machine|computer|cop|police officer)"
_POLICE = r"(?:the )?(?:cops|police|popo|law enforcement)(?: officers?| department| dept| station)?"

_WHO_EN = (
    r"who (?:is|s) (?:this|that|texting me)",
    r"whos (?:this|that|texting me)",
    r"who (?:dis|this)",
    r"who (?:are|r) (?:you|u|yall|you guys|you people)",
    r"who am i (?:talking|texting) (?:to|with)",
    rf"(?:is|are) (?:this|you|u|it) {_BEING}",
    rf"(?:r|am i talking to|am i texting|am i texting with) (?:u )?{_BEING}",
    r"(?:is|are) (?:this|you|u|it) (?:an? )?(?:automated|automatic)"
    r"(?: (?:text|message|line|system))?",
    rf"(?:is|are) (?:this|you|u|it) {_POLICE}",
    rf"(?:are|r) (?:you|u) (?:with|from) {_POLICE}",
    rf"(?:r|are) (?:you|u) {_POLICE}",
    rf"am i (?:talking|texting) (?:to|with) {_POLICE}",
    r"(?:is|are) (?:this|it|you|u) (?:really )?(?:confidential|private|anonymous|free)",
)
_WHO_ES = (
    r"quien (?:es|eres|es usted|habla|me escribe)",
    r"con quien hablo",
    r"(?:es|eres|es usted) (?:una )?(?:persona(?: real)?|robot|maquina|humano)",
    r"(?:es|esto es|eres|es usted|son|ustedes son) (?:la |un |una )?(?:policia|policias)",
    r"(?:hablo|estoy hablando) con (?:la )?(?:policia|un policia)",
    r"(?:es|esto es) (?:confidencial|privado|anonimo|gratis)",
)
_WHO = re.compile(rf"^{_LEAD}(?:{'|'.join(_WHO_EN + _WHO_ES)}){_TAIL}$")
# A question about us, then something else said in the same text.
_WHO_THEN = re.compile(
    rf"^(?P<asked>{_LEAD}(?:{'|'.join(_WHO_EN + _WHO_ES)}){_TAIL}) (?P<rest>.+)$"
)
_SPANISH = re.compile(rf"^{_LEAD}(?:{'|'.join(_WHO_ES)}){_TAIL}$")
# Within a question about us, a word for the police makes it the fear of talking to them.
_POLICE_WORD = re.compile(r"\b(?:cops?|police|popo|law enforcement|policias?)\b")


def asks_who_we_are(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks who is texting, "es" when it asks in Spanish)."""
    if not _WHO.match(norm):
        return False, None
    return True, "es" if _SPANISH.match(norm) else None


def asks_if_police(norm: str) -> bool:
    """The whole text asks whether we are the police ("is this the cops", "es la policia")."""
    return bool(_WHO.match(norm) and _POLICE_WORD.search(norm))


def after_question(norm: str) -> str | None:
    """What follows a question about us at the start of a text ("who is this stop texting me":
    "stop texting me"), for a request to stop asked with it; None when there is none."""
    found = _WHO_THEN.match(norm)
    return found.group("rest") if found else None


def police_question_then(norm: str) -> tuple[str, str] | None:
    """(language, what follows) for a text that starts by asking whether we are the police
    ("is this the cops? i dont want them"); None for any other text."""
    found = _WHO_THEN.match(norm)
    if found is None or not _POLICE_WORD.search(found.group("asked")):
        return None
    return ("es" if _SPANISH.match(found.group("asked")) else "en"), found.group("rest")
