"""Recognising a question about what we keep of someone, or a wish to have it deleted: "erase my
data", "delete my info", "i want my records deleted", "do you keep my texts", "who can see my
messages", "borren mis datos". Answered with what is kept, STOP, and the number to call to
have their texts deleted (staff erase a person on request). Only whole texts that ask nothing
else are read this way. Reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

from flows.about_us import WholeTextAsks

_YOU = r"(?:you|u|yall|you guys|this line|they)"
_MINE = (
    r"(?:(?:all )?(?:of )?my (?:data|info|information|texts|messages|msgs|records|details|"
    r"history|conversation|chat|number|stuff|personal info)|what i (?:say|said|text|texted|"
    r"write|send|sent)|everything(?: i (?:said|sent|texted|wrote|told you))?|all (?:of )?(?:this|"
    r"that|it)|(?:this|our) (?:conversation|chat)|these (?:texts|messages)|the (?:texts|messages) "
    r"i (?:sent|wrote))"
)
# Where a record would follow them: "will this go on my record".
_ON_FILE = (
    r"(?:on|in) (?:my|a) (?:record|records|file|permanent record|criminal record|background "
    r"check|background|chart|medical record)"
)
_DELETE = r"(?:erase|delete|remove|wipe|clear|destroy|get rid of)"
_DELETED = r"(?:erased|deleted|removed|wiped|cleared|destroyed)"
_WANT = (
    r"(?:i want(?: to)?|i wanna|id like(?: to)?|i would like(?: to)?|i need(?: to)?|"
    rf"(?:can|could|will|would) {_YOU}|can i|could i|how (?:do|can) i|please|pls|plz)"
)
_RECORDS_EN = (
    rf"(?:{_WANT} )?(?:have {_YOU} )?{_DELETE} {_MINE}",
    rf"(?:{_WANT} )?(?:have|get) {_MINE} {_DELETED}",
    rf"i want {_MINE} {_DELETED}",
    rf"(?:do|will|would|does|how long (?:do|will|would|does)) {_YOU} (?:keep|save|store|hold on "
    rf"to|record|log|have) {_MINE}",
    rf"(?:are|is|will) {_MINE} (?:be )?(?:kept|saved|stored|recorded|logged|{_DELETED})",
    rf"what (?:do|will|would|does) {_YOU} do with {_MINE}",
    rf"who (?:can|will|would|could|gets to|else)? ?(?:see|sees|read|reads|have access to|has "
    rf"access to) {_MINE}",
    rf"(?:will|would|does|do|is|are|can|could) (?:this|it|that|texting (?:you|this line)|this "
    r"text|this chat|my texts|reaching out|asking for help|getting help)(?: (?:go|going to go|"
    rf"gonna go|be|end up|show up|stay|get put|be put|appear|going))? {_ON_FILE}",
    r"(?:is|will) there (?:be )?(?:a )?records? of (?:this|it|me|my texts|what i (?:said|sent))",
    # "do u report me or keep my number": both are answered (``flows.interrupts``).
    rf"(?:do|will|would) {_YOU} (?:report|snitch on|rat on|turn in) (?:me|us) (?:or|and) "
    rf"(?:keep|save|store|record|log) {_MINE}",
)
_MIS = (
    r"(?:(?:todos )?mis (?:datos|mensajes|textos|informacion|registros|archivos)|todo lo que "
    r"(?:mande|escribi|envie|dije)|esta conversacion)"
)
_RECORDS_ES = (
    rf"(?:quiero que |pueden |puede |por favor )?(?:borren|borre|eliminen|elimine|borrar|"
    rf"eliminar|borrame|borrenme) {_MIS}",
    rf"(?:quiero|quisiera|necesito) (?:borrar|eliminar) {_MIS}",
    rf"(?:guardan|guarda|guardas|almacenan|se guardan|se quedan con) {_MIS}",
    rf"(?:que hacen|que hace) con {_MIS}",
    rf"quien(?:es)? (?:puede |pueden |va a |van a )?(?:ver|ve|ven|leer|lee|leen) {_MIS}",
    r"(?:esto|eso|mis mensajes) (?:va a quedar|queda|quedara|va|aparece|aparecera|sale|saldra) "
    r"(?:en )?(?:mi )?(?:record|expediente|historial|registro|antecedentes)",
)
_ASKED = WholeTextAsks(_RECORDS_EN, _RECORDS_ES)


def asks_about_our_records(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks what we keep, who sees it, or to delete it, "es" when in
    Spanish)."""
    return _ASKED.read(norm)
