"""Asking to stop in so many words: "stop texting me", "please stop", "leave me alone",
"remove my number", "remove me", "go away", "fuck off", "never text me again", "no me escriban
más", "ya no me escriban", and as Holyoke texts it: "stop porfa", "no me texteen más".

Carriers and Twilio act on single keywords (STOP, QUIT…) only, but a person who asks in a
sentence means it as much, and the FCC's consent rules ask senders to honour a request to stop
made by any reasonable means. Such a text opts the number out of our own list, which every send
checks, exactly like STOP. Only whole texts that say nothing else are read this way: "I can't
stop using" and "don't text me, call me" are not. Swearing and interjections around or inside
the words say nothing else ("stop fucking texting me", "leave me the fuck alone", "omg stop
texting me", "basta ya no me escriban"), so they are set aside first. Reads normalised text
(``flows.text.normalise``).
"""

from __future__ import annotations

import re

_POLITE_EN = (
    r"(?: (?:please|pls|plz|por favor|now|already|thanks|thank you|thank u|thx|ty|ok|okay|asap))*"
)
# "Porfa", "xfa", "x favor" and "pls" are how many Spanish speakers text "por favor".
_PLEASE_ES = r"(?:por favor|porfa|porfavor|xfa|x favor)"
_POLITE_ES = rf"(?: (?:{_PLEASE_ES}|pls|plz|please|ya|gracias|ahora))*"
_TEXTING = r"(?:texting|messaging|sending|contacting|txting|msging|textin|texing|txtin)"
_TEXT = r"(?:text|message|txt|contact)"
# "Your" as phones type it: "take me off ur list", "yr list", "u list".
_YOUR = r"(?:your|ur|yr|u|ya|yur)"
_A_LIST = (
    rf"(?:from|off)(?: of)?(?: (?:this|the|{_YOUR}))?"
    r" (?:list|number list|text list|texting list|contact list|mailing list|sms list)"
)
# What we send, named loosely: "stop sending me stuff", "stop all texts", "cancel texts".
_OUR_TEXTS = r"(?:texts|messages|msgs|txts|text messages|these texts|these messages)"
_STUFF = r"(?:stuff|things|this|this stuff|these|anything|all this)"

_STOP_EN = re.compile(
    r"^(?:(?:please|pls|plz|por favor|ok|okay|just|i said|you can|u can) )?(?:"
    rf"(?:stop|quit)(?: {_TEXTING})?(?: me| this number| my number)?(?: all)?(?: {_OUR_TEXTS})?|"
    rf"(?:stop|quit) {_TEXTING} me {_STUFF}|"
    r"stop (?:it|this)|"
    rf"cancel (?:all )?(?:the |my |these |{_YOUR} )?(?:{_OUR_TEXTS}|subscription)|"
    r"(?:no|dont send me any|dont send any|dont send me) more (?:texts|messages|msgs)|"
    rf"(?:dont|do not|never) (?:ever )?{_TEXT} (?:me|this number|my number)"
    r"(?: (?:at|on) (?:this|my) number)? (?:again|anymore|any more|ever again)|"
    rf"never {_TEXT} me|(?:dont|do not) contact me|(?:dont|do not) {_TEXT} (?:this|my) number|"
    r"i dont want (?:any more |anymore |more |these |your )?(?:texts|messages)(?: anymore)?|"
    r"(?:(?:i want to|i wanna|id like to|i would like to|i need to|let me|how do i) )?"
    r"(?:unsubscribe|unsub|optout|opt out)(?: me)?|opt me out|"
    # "I want out" alone may mean out of drug use: only with words that name our texts.
    rf"i (?:want|wanna|would like|need) (?:to get )?out of (?:these|the|this|{_YOUR}) "
    r"(?:texts|messages|msgs|list|texting list|text list|texting)|"
    rf"(?:remove|delete|erase|take) (?:me|my number) {_A_LIST}|(?:remove|delete|erase) my number|"
    r"leave me alone|lose my number|"
    # Sending us away: "remove me", "go away", "fuck off" (never "shut up": often surprise)
    r"remove me(?: from (?:this|here|it|these texts|this thing))?|go away|"
    r"(?:fuck|fck|fuk) off(?: and leave me alone)?"
    rf"){_POLITE_EN}$"
)
# "Textear" is Spanglish for texting: "no me texteen", "dejen de textearme".
_SEND_ES = (
    r"(?:escriban|escribas|escriba|envien|envies|envie|manden|mandes|mande|texteen|textees"
    r"|textee)"
)
# "Para" and "paren" are the informal "stop": alone, or ahead of the words ("para ya no
# quiero mensajes"). "Para ahora" may be "for now", so never with "ahora".
_STOP_WORD_ES = r"(?:para|paren|pare)(?!.*\bahora\b)"
_STOP_ES = re.compile(
    rf"^(?:(?:{_PLEASE_ES}|ya|que|q|{_STOP_WORD_ES}) )?(?:"
    rf"(?:ya )?no me {_SEND_ES} (?:mas|nunca mas|nada)(?: mensajes| textos)?|"
    r"no me vuelvan a (?:escribir|mandar|enviar|textear)(?: mensajes| textos)?|"
    rf"ya no me {_SEND_ES}(?: mensajes| textos)?|"
    r"(?:deja|dejen?|para|paren?) de (?:escribirme|enviarme|mandarme|textearme|molestarme)"
    r"(?: mensajes| textos)?|"
    r"(?:no quiero|ya no quiero) (?:recibir )?(?:mas )?(?:mensajes|textos)|"
    rf"(?:no quiero|ya no quiero) (?:que|q|k) me {_SEND_ES}(?: mas)?(?: mensajes| textos)?|"
    r"no mas (?:mensajes|textos)(?: de texto)?|"
    r"(?:ya )?no me molest(?:en|es|e)(?: mas| nunca mas)?|"
    r"(?:quiero )?darme de baja|"
    r"(?:quiero )?(?:cancelar|cancela|cancelen|cancele) (?:la |mi )?suscripcion|"
    r"(?:borren|borre|borra|eliminen|elimine|quiten|quite) mi numero|"
    r"(?:sacame|saquenme|sakenme|saqueme|quitame|quitenme|quiteme|borrenme|borreme) de "
    r"(?:la|su|esta) lista|"
    rf"basta|alto|parar|{_STOP_WORD_ES}|dejenme en paz|dejame en paz|"
    # Sworn at or told to leave them be: "vete pal carajo" ("carajo" is read as swearing and
    # taken out first, so "vete pal" is what is left), "dejame tranquila ya".
    r"(?:vete|vayanse|vayase|vallanse) (?:al|pal|pa l|para el)(?: carajo)?|"
    r"(?:dejame|dejenme|dejeme) (?:tranquil[oa]s?|en paz)|"
    # STOP said with Spanish words: "ya stop", "stop porfa", "stop xfa".
    rf"ya stop|stop(?= {_PLEASE_ES}\b)"
    rf"){_POLITE_ES}$"
)


# Anger, said anywhere in a request to stop ("f*cking" is normalised to "f cking"). Beside
# "stop" alone these still make it a request to stop: "fucking stop", "stop it damn it".
_SWEARING = (
    r"what the fuck|what the hell|for fucks sake|for fuck sake|for gods sake|the fuck|the hell|"
    r"fucking|fuckin|fckin|fcking|f cking|f ckin|f king|fking|fkn|freaking|freakin|frickin|"
    r"friggin|effing|goddamn|god damn|god dammit|damn it|dammit|damn|wtf|wth|ffs|"
    r"carajo|cono|joder|maldita sea"
)
# Interjections and words to the person, said anywhere too. Beside "stop" alone they may be
# play ("omg stop", "dude stop"), so there only swearing counts.
_INTERJECTIONS = (
    r"oh my god|omg|omfg|bro|bruh|dude|man|seriously|ugh|jeez|geez|already|"
    r"ya basta|basta|en serio|dios mio|oye|oigan"
)
_SWEARING_WORDS = re.compile(rf"\b(?:{_SWEARING})\b")
_INTERJECTION_WORDS = re.compile(rf"\b(?:{_INTERJECTIONS})\b")


def _without(words: re.Pattern[str], norm: str) -> str:
    return " ".join(words.sub(" ", norm).split())


def _bare(norm: str) -> str:
    """The text without swearing or interjections, unless they are all it says ("basta")."""
    calm = _without(_SWEARING_WORDS, norm)
    return _without(_INTERJECTION_WORDS, calm) or calm or norm


# A word said twice or more in a row: "STOP STOP", "stop stop stop" say it once, louder.
_REPEATED = re.compile(r"\b(\w+)(?: \1\b)+")


def _once(norm: str) -> str:
    return _REPEATED.sub(r"\1", norm)


def asks_to_stop(norm: str) -> tuple[bool, str | None]:
    """Whether the whole text asks us to stop texting, and in which language, whatever
    swearing, interjections or repeats come with it."""
    norm = _once(norm)
    calm = _without(_SWEARING_WORDS, norm) or norm
    stop, language = _asks_to_stop_plainly(calm)
    if stop:
        return stop, language
    plain = _bare(calm)
    if _ONLY_STOP.match(plain):
        return False, None  # "omg stop", "dude stop": maybe play, not a request
    return _asks_to_stop_plainly(plain)


def _asks_to_stop_plainly(norm: str) -> tuple[bool, str | None]:
    if _STOP_ES.match(norm):
        return True, "es"
    if _STOP_EN.match(norm):
        return True, "en"
    return False, None


# "stop", "please stop", "alto", "basta": beside other words these may stop something else
# ("english please, stop" may mean the Spanish), so only the words below count there.
_ONLY_STOP = re.compile(
    rf"^(?:(?:please|pls|plz|ok|okay|just|i said|{_PLEASE_ES}|ya) )?"
    r"(?:stop|quit|stop it|stop this|alto|basta|parar|para|paren|pare)"
    rf"(?: (?:please|pls|plz|now|already|ok|okay|asap|{_PLEASE_ES}|ya|ahora))*$"
)


def asks_to_stop_texting(norm: str) -> tuple[bool, str | None]:
    """Whether the whole text asks us to stop texting in words that say so, not by "stop" or
    "basta" alone ("stop texting me", "ya no me escriban"), and in which language."""
    if _ONLY_STOP.match(_bare(_once(norm))):
        return False, None
    return asks_to_stop(norm)


# Asking not to be texted, said alone: "don't text me", "no me escribas". Also how people answer
# "How should we reach you?" (call, not text), so such a question has them first.
_NOT_BY_TEXT_EN = re.compile(
    rf"^(?:(?:please|pls|plz|just) )?(?:dont|do not) (?:text|message|txt) me{_POLITE_EN}$"
)
_NOT_BY_TEXT_ES = re.compile(
    rf"^(?:(?:{_PLEASE_ES}|ya) )?no me {_SEND_ES}(?: (?:mensajes|textos))?{_POLITE_ES}$"
)


def asks_not_to_be_texted(norm: str) -> tuple[bool, str | None]:
    """Whether the whole text asks not to be texted in words that may also answer how to reach
    the person, and in which language."""
    norm = _bare(norm)
    if _NOT_BY_TEXT_ES.match(norm):
        return True, "es"
    if _NOT_BY_TEXT_EN.match(norm):
        return True, "en"
    return False, None


# Asking, within more words, to be reached by a call and not by text: "please dont text me after
# this, my husband reads my texts. call me instead", "no texts pls, call", "llamame, no me
# escribas". Not an opt-out (they still want to be reached), and not a time to avoid ("dont
# text me after 9", "no me escribas en la manana"), which the one who reaches them reads.
_NO_TEXTS_EN = re.compile(
    r"\b(?:(?:dont|do not|never|pls dont|please dont) (?:text|message|txt|msg|sms)"
    r" (?:me|this number|my number|this phone|my phone)"
    r"(?! (?:after|before|until|till|til|between|at|during|in|on|when|while|if|till|past|"
    r"around|tonight|today|tomorrow|tmrw|this (?:morning|afternoon|evening|week)|\d)\b)|"
    r"no (?:more )?(?:texts|text messages|txts|msgs|texting)\b"
    r"(?! (?:after|before|until|till|til|between|at|during|in|on|when|while|if|past|\d)\b)|"
    r"(?:call|phone) (?:me )?(?:instead|only)\b|only (?:call|phone)(?: me)?\b|"
    r"(?:call|phone) (?:me )?(?:(?:and|but) )?(?:dont|do not|not|no) (?:text|txt|msg|texts)\b)"
)
_NO_TEXTS_ES = re.compile(
    rf"\bno me {_SEND_ES}\b(?: (?:mensajes|textos))?+(?! (?:en|antes|despues|a|de|por|hasta|"
    r"entre|cuando|si|\d)\b)|\bsolo (?:llamadas|llamenme|llameme|llamame)\b|"
    r"\b(?:llamenme|llameme|llamame) (?:mejor|en vez|solamente|solo)\b"
)


def asks_for_calls_not_texts(norm: str) -> bool:
    """Whether words said after a request, however long, ask not to be texted at all but to
    be called ("please dont text me after this, my husband reads my texts. call me instead")."""
    norm = _bare(norm)
    return bool(_NO_TEXTS_EN.search(norm) or _NO_TEXTS_ES.search(norm))


# Asking how to stop our texts: "how do i stop these texts", "como dejo de recibir mensajes".
# Told how (reply STOP), not opted out for asking; "how do i unsubscribe" names the keyword
# itself and is read as asking to stop (``_STOP_EN``). Not "how do i stop using".
_OUR_TEXTS_NAMED = (
    r"(?:(?:the |these |this |your |ur |all )?(?:texts|text messages|messages|msgs|txts)"
    r"|(?:getting|receiving) (?:\w+ )?(?:texts|messages|msgs)|texting me|this|these|you guys"
    r"|you|u|(?:this|the|your|ur) (?:list|text list|texting list))"
)
_HOW_TO_STOP_EN = re.compile(
    r"^(?:(?:hi|hey|hello|ok|okay|so|um|umm|please|pls|sorry) )*"
    r"(?:how (?:do|can|would|should) (?:i|we) (?:make (?:the |these |your )?(?:texts|messages)"
    r" stop|(?:stop|end|turn off|get off|cancel|get out of|opt out of) "
    rf"{_OUR_TEXTS_NAMED})|how (?:to|can you) stop {_OUR_TEXTS_NAMED}"
    r"|how do (?:i|we) make (?:you|u|this) stop)"
    r"(?: (?:please|pls|plz|from you|from you guys|from this number|coming))*$"
)
# Asked in Spanish in other words too: "como me doy de baja", "como me salgo de esto", "como
# hago para que no me escriban mas". Getting out of "esto" is our texts only said whole: "como
# me salgo de las drogas" asks for help. Never "que no me escriba": it may be someone else.
_HOW_ES = r"(?:como|que hago para|que tengo que hacer para|como hago para|como le hago para)"
_AFTER_HOW_ES = r"(?: (?:de ustedes|por favor|porfa|porfavor|xfa|x favor|pls))*$"
_TO_US_ES = r"(?:escriban|envien|manden|texteen|escribas|envies|mandes|textees|lleguen)"
_HOW_TO_STOP_ES = re.compile(
    r"^(?:(?:hola|oye|ok|bueno|disculpe|perdon|por favor) )*(?:"
    rf"{_HOW_ES} (?:puedo |hago para |se hace para )?"
    r"(?:dejo de|dejar de|dejamos de) (?:recibir|recibirles|que me (?:lleguen|manden|envien))"
    r" (?:sus |estos |los |mas )?(?:mensajes|textos)|"
    r"(?:como|que hago para) (?:paro|paramos|cancelo|detengo|quito|parar|cancelar|detener"
    r"|quitar) (?:los|estos|sus) (?:mensajes|textos)|"
    rf"{_HOW_ES} (?:puedo |hago para |se hace para )?(?:me doy|doy|darme|me puedo dar|dar)"
    r" de baja(?: de (?:esto|aqui|la lista|esta lista|su lista|los mensajes|estos mensajes"
    r"|sus mensajes))?|"
    rf"{_HOW_ES} (?:puedo )?(?:me salgo|salgo|salirme|me puedo salir) de (?:esto|"
    r"la lista|esta lista|su lista|los mensajes|estos mensajes|sus mensajes)|"
    rf"{_HOW_ES} (?:puedo )?(?:me quito|quitarme|me puedo quitar) de "
    r"(?:la lista|esta lista|su lista)|"
    r"(?:como hago|que hago|que tengo que hacer|como le hago|que puedo hacer) para que"
    rf" (?:ya )?no me (?:{_TO_US_ES}(?: (?:mas|nunca mas))?|sigan (?:escribiendo|mandando"
    r"|enviando|texteando))(?: (?:mensajes|textos))?"
    rf"){_AFTER_HOW_ES}"
)


def asks_how_to_stop(norm: str) -> tuple[bool, str | None]:
    """Whether the whole text asks how to stop our texts, and in which language."""
    if _HOW_TO_STOP_ES.match(norm):
        return True, "es"
    if _HOW_TO_STOP_EN.match(norm):
        return True, "en"
    return False, None
