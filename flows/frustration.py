"""Frustration or distress said instead of an answer: "wtf", "answer me", "hello??", "ur
useless", "contestame", or a row of crying faces.

Read as an answer that picks nothing, such texts got "Thank you. So we can help, please reply
with a number", or "reply with a number from the list above": cold to someone already upset.
They get a short human line first (this line is automated, and how to reach a person now),
then the question again in full. The whole text must be such words: "wtf is narcan" is a
question, and "hello, amherst" an answer.
"""

from __future__ import annotations

import re
import unicodedata

from flows.text import normalise

_FED_UP = (
    r"(?:wtf|wth|what the (?:fuck|fck|hell|heck|f)|omfg|smh|ugh+|bruh+|seriously|really|come on"
    r"|answer me|answer|reply|respond|hurry up|anyone there|any1 there|anybody there"
    r"|(?:is )?(?:any ?one|any ?body|some ?one) there|(?:are )?(?:you|u) there|r u there"
    r"|(?:ur|youre|you are|u r|u are|your|this is|this bot is|this thing is|you r) (?:so )?"
    r"(?:fucking |fkn |freaking )?useless|useless"
    r"|contesta|contestame|contesteme|contestenme|responde|respondeme|respondame"
    r"|(?:hay )?alguien ahi|que carajo|que rayos|que diablos|que mierda|no sirves|no sirven"
    r"|no sirve|no sirves pa na|no sirven pa na|no sirve pa na|en serio)"
)
_ONLY_FED_UP = re.compile(rf"^(?:{_FED_UP} ?)+$")
# A greeting only counts as impatience when asked again and again: "hello??", "hellooo".
_HELLO_AGAIN = re.compile(r"^(?:hel+o+|hola+|hey+|yo+|hi+)\s*\?+[\s?!]*$|^(?:hel+o{3,}|hola{3,})$")
_CRYING = frozenset("😭😢😿🥺😞😔☹🙁💔😩😫😥😓")
_ANGRY = frozenset("😡🤬😤😠🖕")
# Presentation selectors, skin tones and joiners that ride with an emoji.
_RIDERS = frozenset({"\ufe0f", "\ufe0e", "\u200d"})


def _faces(text: str) -> set[str]:
    """The emoji of a text made of nothing else, or an empty set."""
    chars = {ch for ch in text if not ch.isspace() and ch not in _RIDERS}
    chars = {ch for ch in chars if unicodedata.category(ch) != "Sk"}
    return chars if chars and all(unicodedata.category(ch) == "So" for ch in chars) else set()


def sounds_upset(text: str) -> bool:
    """The text is only crying or sad faces: someone in distress, not an answer."""
    faces = _faces(text)
    return bool(faces) and bool(faces & _CRYING) and faces <= _CRYING | _ANGRY


def sounds_fed_up(text: str) -> bool:
    """The text is only frustration ("wtf", "answer me", "hello??", "ur useless") or angry
    faces."""
    if _HELLO_AGAIN.match(text.strip().lower()):
        return True
    faces = _faces(text)
    if faces:
        return faces <= _ANGRY
    norm = normalise(text)
    return bool(norm) and _ONLY_FED_UP.match(norm) is not None


def upset_line(text: str) -> str | None:
    """The name of the human line the text calls for ("upset" or "frustrated"), or None."""
    if sounds_upset(text):
        return "upset"
    if sounds_fed_up(text):
        return "frustrated"
    return None
