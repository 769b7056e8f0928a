"""Recognising a question about who is texting: "who is this", "are you a bot", "is this a real
person", "is this the cops", "is this confidential", "quién es".

Asked in the middle of a conversation, such a question is no answer to ours: taken as one, "is
this the cops" became the name given to the team. Only whole texts that ask nothing else are
read this way. Reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import re

_LEAD = r"(?:(?:hey|hi|um|uh|wait|sorry|ok|okay|so|but|and|lol|hola|oye|perdon) )*"
_TAIL = r"(?: (?:please|pls|plz|lol|tho|though|for real|fr|por favor))*"
_BEING = r"(?:a )?(?:real )?(?:person|human|bot|robot|machine|computer|cop|police officer)"
_POLICE = r"(?:the )?(?:cops|police|popo|law enforcement)"

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
    r"(?:is|are) (?:this|it|you|u) (?:really )?(?:confidential|private|anonymous|free)",
)
_WHO_ES = (
    r"quien (?:es|eres|es usted|habla|me escribe)",
    r"con quien hablo",
    r"(?:es|eres|es usted) (?:una )?(?:persona(?: real)?|robot|maquina|humano)",
    r"(?:es|eres|es usted|son) (?:la )?(?:policia|un policia)",
    r"(?:es|esto es) (?:confidencial|privado|anonimo|gratis)",
)
_WHO = re.compile(rf"^{_LEAD}(?:{'|'.join(_WHO_EN + _WHO_ES)}){_TAIL}$")
_SPANISH = re.compile(rf"^{_LEAD}(?:{'|'.join(_WHO_ES)}){_TAIL}$")


def asks_who_we_are(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks who is texting, "es" when it asks in Spanish)."""
    if not _WHO.match(norm):
        return False, None
    return True, "es" if _SPANISH.match(norm) else None
