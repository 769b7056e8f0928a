"""A text that asks when the team will reach out, after a request was sent: "when is someone
going to call me", "how long till someone calls", "nobody called yet", "yo nobody hit me up
yet??", "why hasnt anyone called", "cuando me llaman", "did anyone get my message", "its been
3 days", "sigo esperando la llamada".

Once it was read as an answer to the menu ("me": support for myself) and started a new
self-referral, so what the person said next never reached the case. It gets an honest
answer (within the response window, and the number to call if it cannot wait), and it is
added to the request: the holder sees the person is waiting.
"""

from __future__ import annotations

import re

from flows.text import normalise

_SPAN = r"(?:\d+|a|an|a few|few|several|two|three|four|five|six)"
_SPAN_ES = r"(?:\d+|dos|tres|cuatro|cinco|unos|varios|muchos)"
_WHO = (
    r"(?:someone|somebody|anyone|anybody|you|u|ya|yall|you guys|they|the team|your team|"
    r"a coach|the coach|a peer|a person)"
)
_REACH = r"(?:call|calling|text|texting|contact|contacting|reach|reaching|get back|hear)"
_ASKS_WHEN = re.compile(
    rf"\bwhen (?:is|are|will|would|do|does|can|should|might) {_WHO} (?:be )?"
    rf"(?:going to |gonna |gon |gunna )?{_REACH}\b|"
    rf"\bwhen (?:will|would|do|can|should) (?:i|we) (?:hear|get (?:a )?(?:call|text))\b|"
    rf"\bhow (?:long|soon)\b.*\b(?:call|calls|text|texts|reach|contact|hear|wait|take)\b|"
    rf"\b(?:is|are|will) {_WHO} (?:still )?(?:going to |gonna )?{_REACH}\b.*\b(?:me|us)\b|"
    rf"\b(?:nobody|no one|noone|no body) (?:has )?(?:ever )?(?:called|texted|contacted|reached out|"
    rf"hit me up|hit me back|got back|gotten back|came|showed up)\b|"
    rf"\bwhy (?:hasnt|havent|has|have|didnt|did|dont|doesnt) (?:{_WHO}|nobody|no one) "
    rf"(?:\w+ )?(?:called|call|texted|text|contacted|contact|reached|reach|hit|got back)\b|"
    rf"(?:^|\b(?:i|we|i still|we still|still) )(?:havent|have not|didnt|did not|never) "
    rf"(?:heard|gotten|got) "
    rf"(?:from|back|a call|a text|anything)\b|"
    rf"\bstill no (?:call|text|word|answer|one)\b|"
    # "yall never called", "you guys never called me back"
    rf"\b(?:{_WHO}) never (?:called|texted|contacted|reached out|got back|hit me (?:up|back))\b|"
    rf"\b(?:has|did) {_WHO} (?:call|called|text|texted|contact|contacted|reach|reached)\b|"
    # "still waiting" alone ends the text ("still waiting for my results" is news); waiting
    # for us may go on ("still waiting for someone to call me back").
    rf"\bstill waiting(?: (?:for|on) (?:a |the |your )?(?:call|callback|text|someone|anyone|"
    rf"you|u|them|a call back))?$|"
    rf"\bstill waiting (?:for|on) (?:{_WHO}|them) to {_REACH}\b|"
    rf"\bstill waiting (?:for|on) (?:a |the |your )?(?:call|callback|call back|reply|answer)\b|"
    rf"\bstill waiting to (?:hear|get (?:a )?(?:call|text))\b|"
    # "sigo esperando la llamada", "todavia estoy esperando que me llamen"
    rf"\b(?:sigo|estoy|seguimos|estamos|todavia|aun)(?: (?:todavia|aun|estoy|estamos))? "
    rf"esperando(?:$| (?:(?:a )?que (?:me |nos )?(?:llamen|llame|escriban|contesten|respondan|"
    rf"contacten)|(?:la|su|una) (?:llamada|respuesta)|respuesta|noticias)\b)|"
    rf"\bcuando (?:me |nos )?(?:van a |va a |vienen a )?(?:llamar|llaman|llamaran|llamara|llamarme|"
    rf"contactan|contactaran|escriben|llamen|contacten)\b|"
    rf"\bnunca (?:me |nos )(?:llamaron|llamo|contactaron|contacto|escribieron|escribio)\b|"
    rf"\b(?:nadie|todavia no|aun no)(?: nunca)? (?:me |nos )?(?:ha |han )?"
    rf"(?:llamado|llamo|contactado|contacto|escrito)\b|"
    rf"\bcuanto (?:tiempo|tardan|falta)\b|"
    rf"\b(?:did|has|have) {_WHO} (?:get|got|gotten|see|seen|read) my "
    rf"(?:message|messages|msg|text|texts|request)\b|"
    rf"\b(?:recibieron|recibio|vieron|leyeron) (?:mi|mis) (?:mensaje|mensajes|solicitud)\b|"
    # "its been 3 days", at the end: "its been 3 days clean" is news, not a question.
    rf"\b(?:its|it has|its already) been (?:over |more than |like |almost )?{_SPAN} "
    rf"(?:days?|hours?|weeks?)(?: since i (?:texted|asked|messaged|wrote|reached out))?$|"
    rf"\b(?:ya )?(?:pasaron|han pasado) {_SPAN_ES} (?:dias|horas|semanas)(?: y nada)?$|"
    # "ya van 3 dias y nada", "llevo dos dias esperando", "todavia nadie me llama"
    rf"\bya van {_SPAN_ES} (?:dias|horas|semanas)(?: y nada)?$|"
    rf"\bllevo {_SPAN_ES} (?:dias|horas|semanas) esperando$|"
    rf"\b(?:todavia|aun) nadie (?:me |nos )?(?:llama|ha llamado|llamo|escribe|contacta)\b"
)
# More than asking: "call my sisters phone instead", "hes in rehab now, when will you call".
_LONGEST = 12
# Words around a question that add nothing for the team to read.
_FILLER = frozenset(
    {"hi", "hello", "hey", "yo", "hola", "oye", "buenas", "so", "um", "ok", "okay", "and", "but",
     "well", "just", "please", "pls", "plz", "yet", "still", "again", "sorry", "lol", "i", "was",
     "im", "am", "wondering", "question", "quick", "about", "my", "request", "y", "pues", "ya",
     "por", "favor", "or", "anything", "any", "update", "updates", "me", "us", "back", "yall",
     "u", "you", "guys", "to", "from", "anyone", "anybody", "someone", "somebody", "nobody"}
)  # fmt: skip


def asks_when_called(text: str) -> bool:
    """The text asks, in a few words, when (or whether) the team will reach out."""
    norm = normalise(text)
    return len(norm.split()) <= _LONGEST and _ASKS_WHEN.search(norm) is not None


def only_asks_when_called(text: str) -> bool:
    """The text asks after the request and says nothing else ("hello?? did anyone get my
    message", "when will you call?"): no news about the person for the team to read."""
    norm = normalise(text)
    if not asks_when_called(text):
        return False
    return all(word in _FILLER for word in _ASKS_WHEN.sub(" ", norm).split())
