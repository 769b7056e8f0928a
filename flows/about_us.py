"""Recognising a question about who is texting: "who is this", "are you a bot", "is this a real
person", "is this the cops", "quién es", "esto es la jara"; about what police or the law will
do: "is this confidential", "do you report to police", "will i get arrested"; about why we ask for a
town: "why do you need my town"; about immigration: "me van a deportar", "do you tell ICE";
and a wish for a person, or anger at the bot: "can i talk to
a real person", "this bot is useless".

Asked in the middle of a conversation, such a question is no answer to ours: taken as one, "is
this the cops" became the name given to the team. Only whole texts that ask nothing else are
read this way. Asking whether we are the police is told apart (``asks_if_police``): it is
answered plainly, with how to keep police out. So is asking whether a machine answers
(``asks_if_automated``): it is told that the line is automated, and how to reach a person.
Reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import re

from flows.loved_one import LOVED_ONE, QUERIDO

_LEAD = r"(?:(?:hey|hi|um|uh|wait|sorry|ok|okay|so|but|and|lol|like|hola|oye|perdon) )*"
_TAIL = r"(?: (?:please|pls|plz|lol|tho|though|for real|fr|por favor))*"
_BEING = r"(?:a )?(?:real )?(?:person|human|bot|robot|machine|computer|cop|police officer)"
# "are u even a real person", "is this actually a bot".
_EVEN = r"(?:even|really|actually|like)"
_POLICE = r"(?:the )?(?:cops|police|popo|law enforcement)(?: officers?| department| dept| station)?"
_YOU_ALL = r"(?:you|u|yall|you guys|u guys|you all)"


class WholeTextAsks:
    """A question read only as the whole text (a greeting before it, a "please" after it), in
    English or Spanish words: ``read`` says whether a normalised text asks it, and "es" when
    in Spanish."""

    def __init__(self, english: tuple[str, ...], spanish: tuple[str, ...], tail: str = _TAIL):
        self.any = re.compile(rf"^{_LEAD}(?:{'|'.join(english + spanish)}){tail}$")
        self.spanish = re.compile(rf"^{_LEAD}(?:{'|'.join(spanish)}){tail}$")

    def read(self, norm: str) -> tuple[bool, str | None]:
        if not self.any.match(norm):
            return False, None
        return True, "es" if self.spanish.match(norm) else None


_WHO_EN = (
    r"who (?:is|s) (?:this|that|texting me)",
    r"whos (?:this|that|texting me)",
    r"who (?:dis|this)",
    r"who (?:are|r) (?:you|u|yall|you guys|you people)",
    r"who am i (?:talking|texting) (?:to|with)",
    rf"(?:is|are|r) (?:this|you|u|it)(?: {_EVEN})? {_BEING}(?: or {_BEING})?",
    rf"(?:r|am i talking to|am i texting|am i texting with) (?:u )?{_BEING}(?: or {_BEING})?",
    rf"(?:are|r) (?:you|u)(?: {_EVEN})? real",
    rf"(?:you|u) {_BEING}",
    r"(?:is|are) (?:this|you|u|it) (?:an? )?(?:automated|automatic)"
    r"(?: (?:text|message|line|system))?",
    rf"(?:is|are) (?:this|you|u|it) {_POLICE}",
    rf"(?:are|r) {_YOU_ALL} (?:with|from) {_POLICE}",
    rf"(?:r|are) {_YOU_ALL} {_POLICE}",
    rf"am i (?:talking|texting) (?:to|with) {_POLICE}",
    # "narc" is an informer to the police: "u guys narc?", "are u narcs", "is this a narc".
    rf"(?:(?:are|r|is) )?(?:{_YOU_ALL}|this|it) (?:a )?(?:narcs?|snitch|snitches)",
    rf"(?:do|would|will) {_YOU_ALL} (?:narc|snitch)(?: on (?:me|us|people))?",
    r"(?:is|are) (?:this|it|you|u) (?:really )?free",
)
_WHO_ES = (
    r"quien (?:es|eres|es usted|habla|me escribe)",
    r"con quien hablo",
    r"(?:es|eres|es usted|esto es) (?:una |un )?(?:persona(?: real)?|robot|bot|maquina|humano|"
    r"automatico|automatizado)",
    r"(?:hablo|estoy hablando) con (?:una |un )?(?:persona(?: real)?|robot|bot|maquina|humano)",
    r"(?:es|esto es|eres|es usted|son|ustedes son) (?:la |un |una )?(?:policia|policias|jara|poli)",
    r"(?:hablo|estoy hablando) con (?:la )?(?:policia|un policia|jara|poli)",
    r"(?:es|esto es) gratis",
)
_WHO = WholeTextAsks(_WHO_EN, _WHO_ES)
# A question about us, then something else said in the same text.
_WHO_THEN = re.compile(
    rf"^(?P<asked>{_LEAD}(?:{'|'.join(_WHO_EN + _WHO_ES)}){_TAIL}) (?P<rest>.+)$"
)
# Within a question about us, a word for the police makes it the fear of talking to them, and
# a word for a person or a machine asks whether anyone reads this (told so plainly).
# "la jara" and "la poli" are Puerto Rican Spanish for the police.
_POLICE_WORD = re.compile(
    r"\b(?:cops?|police|popo|law enforcement|policias?|jara|poli|guardias?|narcs?|snitch|"
    r"snitches)\b"
)
_MACHINE_WORD = re.compile(
    r"\b(?:person|human|bot|robot|machine|computer|automated|automatic|persona|humano|maquina|"
    r"automatico|automatizado)\b|^(?:are|r) (?:you|u) (?:\w+ )?real$"
)


def asks_who_we_are(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks who is texting, "es" when it asks in Spanish)."""
    return _WHO.read(norm)


# Police named in a question about what the law or the team will do ("will police come", "do
# you report to police"): after a request, answered with where the person stands.
_POLICE_NAMED = re.compile(
    r"\b(?:cops?|police|popo|law enforcement|officers?|policias?|jara|poli|guardias?|agentes?|"
    r"oficial)\b"
)


def names_police(norm: str) -> bool:
    """The text names the police or an officer."""
    return bool(_POLICE_NAMED.search(norm))


def asks_if_police(norm: str) -> bool:
    """The whole text asks whether we are the police ("is this the cops", "es la policia")."""
    return bool(_WHO.any.match(norm) and _POLICE_WORD.search(norm))


def asks_if_automated(norm: str) -> bool:
    """The whole text asks whether a person or a machine answers ("are you a bot", "is this a
    real person", "eres un robot")."""
    return bool(
        _WHO.any.match(norm) and _MACHINE_WORD.search(norm) and not _POLICE_WORD.search(norm)
    )


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
    return ("es" if _WHO.spanish.match(found.group("asked")) else "en"), found.group("rest")


# Asking for a person, or angry at the bot: "can i talk to a real person", "is there a human",
# "this bot is useless", "fuck you", "quiero hablar con una persona". Whole texts only: "my
# friend wants to talk to someone" is a story, and "someone to talk to" answers a question.
_A_PERSON = r"(?:a |an |to a )?(?:real |actual |live )?(?:person|human|humano|someone|somebody)"
_SPEAK = r"(?:talk|speak|text|chat)(?: to| with)"
_AT_THE_BOT = (
    r"(?:this|this bot|this thing|this line|this app|the bot|you|u|youre|ur|you are|your|this is"
    r"|thats|that is)"
)
_VERY = (
    r"(?:(?:so|really|fucking|fuckin|fkn|freaking|effing|just|totally|pretty|completely"
    r"|absolutely|literally) ){0,3}"
)
_NO_USE = r"(?:useless|worthless|garbage|trash|bullshit|pointless|no help|not helping|not helpful)"
# Anger at the bot with a word around it: "fuck this stupid bot honestly".
_MEAN = r"(?:stupid |fucking |fuckin |fkn |dumb |useless |damn |shitty )"
_VENTED = r"(?: (?:honestly|seriously|bro|dude|man|smh|omg|already|fr|lol))*"
_PERSON_EN = (
    rf"(?:can|could|may) i (?:please )?{_SPEAK} {_A_PERSON}(?: (?:now|there|here))?",
    rf"(?:i|i really) (?:want|wanna|need|would like|d like) (?:to )?{_SPEAK} {_A_PERSON}"
    r"(?: (?:now|there|here))?",
    rf"(?:let me|i wanna|i want to) {_SPEAK} {_A_PERSON}",
    rf"(?:{_SPEAK} |connect me (?:to|with) |put me through to |get me )?{_A_PERSON}",
    rf"(?:is|are) (?:there|anyone|anybody|someone|somebody) (?:{_A_PERSON}|real|real people|"
    r"people|anyone|anybody)(?: (?:there|here|real|on the other end|reading this))?",
    rf"{_AT_THE_BOT} (?:is |are |bot is )?{_VERY}(?:stupid|dumb|{_NO_USE})",
    r"(?:stupid|useless|dumb|fucking|fuckin|fkn) (?:bot|robot|machine|line|app|thing)",
    r"(?:fuck|fck|fuk|f+|screw) (?:you|u|off|this|this shit|this line|yourself|"
    rf"(?:you |u |this |the |ur |your )?{_MEAN}?(?:bot|robot|machine)){_VENTED}",
    rf"(?:this|the|ur|your) (?:bot|robot|machine|line|app|thing) (?:sucks|is a joke){_VENTED}",
    r"(?:you|u) (?:suck|are useless|are no help)",
)
_PERSON_ES = (
    r"(?:quiero|quisiera|necesito|puedo|podria|me gustaria|deseo) hablar con "
    r"(?:una persona|alguien|un humano|una persona real|un ser humano)(?: real)?(?: por favor)?",
    r"(?:hay|habra) (?:alguien|una persona|un humano)(?: real)?(?: ahi| aqui)?",
    r"(?:este |el )?(?:bot|robot) (?:es |no sirve|es inutil|es estupido)(?:inutil|estupido)?"
    r"(?: para nada)?",
    r"no (?:sirve|sirves|sirven) para nada",
    r"vete a la (?:mierda|chingada)",
)
_PERSON = WholeTextAsks(_PERSON_EN, _PERSON_ES)
# Anger at the bot, then more said: "this is fucking useless, my son is gonna die and you send
# me a menu". Read, unlike the rest, whatever follows: the words after it are no answer to our
# question ("me" is no "Support for me"), and a person is what they need. Only "useless" and
# the like, not "stupid" ("thats so stupid of me i relapsed" is about the texter).
_NO_USE_THEN = re.compile(
    rf"^{_LEAD}(?:{_AT_THE_BOT} (?:is |are |bot is )?{_VERY}{_NO_USE}"
    r"|(?:you|u) (?:suck|are no help)) .+$"
)
_NO_USE_THEN_ES = re.compile(
    rf"^{_LEAD}(?:(?:este |el )?(?:bot|robot) (?:no sirve|es inutil)|no (?:sirve|sirves|sirven) "
    r"para nada) .+$"
)


def asks_for_a_person(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks for a person or is angry at the bot, or starts by calling
    it useless, "es" when in Spanish)."""
    whole = _PERSON.read(norm)
    if whole[0]:
        return whole
    if _NO_USE_THEN_ES.match(norm):
        return True, "es"
    return bool(_NO_USE_THEN.match(norm)), None


# Asking what police or the law will do: "is this confidential will the cops know", "do you
# report to police", "will i get arrested for using", "es confidencial". A text may ask two of
# them ("is this confidential? will the cops know"). Asking about arrest or calling 911 is a
# question about the law (the Good Samaritan law is part of the answer). Probation and parole
# officers are asked about as police are ("do u tell my PO"), and a question may follow what
# puts the person at risk ("im on probation will they find out i used", "i got a warrant can u
# still help me"), or the call it asks about ("if i call 911 for my friend will i get
# arrested").
_COPS = r"(?:the )?(?:cops|police|popo|law enforcement|pigs)"
# Child protective services, a parent's fear: "is this reported to dcf", "do you tell cps".
_CPS = (
    r"(?:the )?(?:dcf|cps|dss|child protective services|child protection(?: services)?|child "
    r"services|childrens services|child welfare|department of children and families)"
)
_OFFICERS = (
    rf"(?:{_COPS}|{_CPS}|(?:my )?(?:po|p o|probation(?: officer)?|parole(?: officer)?|"
    r"probation or parole officer))"
)
# The fear of losing a child, which is the fear of DCF: "will they take my baby".
_CHILDREN = r"(?:kids?|children|child|baby|babies|son|daughter)"
_TAKE_MY_CHILD = rf"(?:take|take away|come for) (?:my|our|the) {_CHILDREN}(?: away)?"
_MIS_HIJOS = (
    r"(?:a )?(?:mis hijos|mis hijas|mi hijo|mi hija|mi bebe|el bebe|a mi bebe|mis ninos|mi nino|"
    r"mi nina|los ninos|mis nenes|mis nenas|mi nene|mi nena|los nenes|las nenas|el nene|la nena)"
)
_QUITAR_MIS_HIJOS = rf"(?:quitar|quitarme|llevarse) {_MIS_HIJOS}"
# A police officer named alone: "do i have to talk to a cop".
_A_COP = r"(?:a |an |the |any )?(?:cops?|police|police officers?|officers?|law enforcement)"
_PRIVATE = r"(?:confidential|private|anonymous|secret|safe)"
# Where or with whom police might come: "to my house", "with the specialist".
_WHERE = (
    r"(?:to (?:my|our|the|his|her|their) (?:house|home|door|place|apartment|work|job)|here|"
    r"there|over|too|also|with (?:them|him|her|you|the \w+|a \w+|your \w+)|on (?:me|us|him|"
    r"her|them))"
)
_YOU = r"(?:you|u|yall|you guys)"
# Calling for help the law is asked about: 911 or an ambulance.
_CALL = r"(?:call|dial|text) (?:911|an ambulance|the ambulance|for an ambulance|ems)"
_AMBULANCE = r"(?:the |an )?(?:ambulance|ems|emts|paramedics|medics)"
# Who may get in trouble: "will i get arrested", "will my friend get arrested".
_WHO_MAY = r"(?:i|we|she|he|they|my \w+|the person|someone|somebody)"
# What puts the person at risk, said before the question ("im on probation").
_AT_RISK = (
    r"(?:i |ive |i ve |i have |im |i am )?(?:on |out on |got |have |has )"
    r"(?:probation|parole|pretrial(?: release)?|bail|(?:a |an )?(?:open |active )?warrants?"
    r"(?: out)?(?: (?:for me|on me))?)"
)
# Reaching out, asked about: "will the cops find out if i text u", "if i get narcan from u".
_IF_I_REACH_OUT = (
    r"(?:if|when) (?:i|we) (?:text|texted|call|message|contact|reach out to|get narcan from|get "
    r"naloxone from|get help from|talk to) (?:u|you|yall|you guys|this line|this number|here)"
    r"|(?:if|when) (?:i|we) (?:get|pick up|ask for) (?:narcan|naloxone|supplies|test strips)"
    r"(?: from (?:u|you|yall|you guys))?"
)
_PRIVACY_EN = (
    rf"(?:is|are) (?:this|it|you|u|this chat|this line|my info|my information|what i say|what i "
    rf"text) (?:really |actually |totally |fully )?{_PRIVATE}",
    rf"(?:do|will|would|does|can|could) (?:{_YOU}|this|this line|they|anyone) "
    rf"(?:report|tell|call|contact|share|give|send|rat|snitch)(?: (?:me|it|this|my info|my "
    rf"information|my name|my number|anything|on me|us))?(?: (?:to|with))? {_OFFICERS}",
    rf"(?:(?:do|will|would|does|can|could) {_YOU}|(?:are|r) {_YOU} (?:gonna|going to|gunna)) "
    r"(?:report|rat on|snitch on|tell on|turn in) (?:me|us)",
    rf"(?:do|will|would|does|can|could) (?:{_OFFICERS}|they) (?:know|find out|see|be told|get "
    r"told|read|see this|see my texts|read this|get my info|get my information|get my number|"
    r"be involved)(?: (?:about (?:this|it|me|that|him|her|them|my \w+)|(?:that )?i (?:used|use|"
    r"relapsed)|(?:that )?im using|(?:that )?(?:he|she|they) (?:uses|is using|used|relapsed)))?"
    rf"(?: {_IF_I_REACH_OUT})?",
    rf"(?:will|would|do|does|is|are) {_COPS} (?:going to |gonna )?(?:show up|come|be coming|be "
    rf"there|come along|come too|be with (?:them|him|her|you)|coming)(?: {_WHERE})*",
    # "are the cops gonna call me", "will police contact me"
    rf"(?:will|would|do|does|is|are) {_COPS} (?:going to |gonna |gunna )?(?:call|text|contact|"
    r"reach out to|come see|visit) (?:me|us)",
    # "are you going to send the police to my house", "will you call the cops on him"
    rf"(?:(?:do|will|would|does|can|could) {_YOU}|(?:are|r) {_YOU} (?:gonna|going to|gunna)) "
    rf"(?:send|bring|call|get|involve) {_COPS}(?: {_WHERE})*",
    rf"(?:can|could|will|would) {_YOU} (?:still )?help(?: me)? (?:if|even if) {_AT_RISK}",
    # "is this going to the cops", "does this go to police": where what they text goes.
    rf"(?:is|does|will|would|do) (?:this|it|my info|my information|what i say|what i text|my "
    rf"texts|my messages|this info) (?:go|going|gonna go|get sent|get passed|get shared|get "
    rf"forwarded|be sent|be shared|be passed on|end up)(?: (?:on|along))? to {_OFFICERS}",
    r"who (?:will|would|can|could|gets to|is going to|is gonna|else)? ?(?:see|sees|read|reads|"
    r"get|gets|have access to|has access to|know about|look at|looks at) (?:this|these|it|my "
    r"texts|my messages|my info|my information|what i (?:say|text|write|send)|this chat|"
    r"this info)",
    rf"what (?:if|about if) {_AT_RISK}",
    # "is this reported to dcf", "will my info be shared with the police"
    rf"(?:is|will|would|does|do) (?:this|it|my info|my information|what i say|what i text|my "
    r"texts|my messages|this chat)(?: (?:be|get|gets|going to be|gonna be))? (?:reported|sent|"
    rf"given|shared|passed on|passed|forwarded|told) (?:to|with) {_OFFICERS}",
    rf"(?:are|r|is) (?:you|u|yall|you guys|this|it) (?:with |from |part of |working with )?{_CPS}",
    rf"(?:will|would|do|does|can|could) {_YOU} (?:call|report|contact|tell) {_CPS} on (?:me|us|"
    r"him|her|them)",
    rf"(?:will|would|can|could|is|are|do|does|r) (?:{_CPS}|they|{_YOU}|someone|anyone)"
    rf"(?: (?:going to|gonna|gunna|have to|still))? {_TAKE_MY_CHILD}(?: from (?:me|us))?",
    # "do you have to tell dcf", "do u have to report me to my po"
    rf"(?:do|will|would|does) {_YOU} (?:have to|need to|gotta|got to) (?:tell|call|contact|"
    rf"report (?:me |us |it )?to|let) {_OFFICERS}(?: know)?",
    # "do i have to talk to a cop", "will there be cops", "will a cop come"
    r"(?:do|will|would|must) (?:i|we) (?:have to|need to|gotta|got to) (?:talk to|talk with|"
    rf"speak to|speak with|see|meet|meet with|deal with|let in) {_A_COP}",
    rf"(?:will|would|is|are) there (?:be )?{_A_COP}(?: (?:there|involved|coming|too|with (?:them|"
    r"you|him|her)))?",
    r"(?:will|would|is|does) (?:a|an|any) (?:cop|police officer|officer)(?: (?:gonna|going to|"
    r"gunna))? (?:come|be there|be coming|coming|call me|text me|contact me|reach out(?: to me)?|"
    r"show up)",
    # "is this gonna be a cop", "is it gonna be a cop who calls": who will reach out.
    rf"(?:is|will|would) (?:this|it|that|the person|the one|whoever)(?: (?:gonna|going to|"
    rf"gunna))? be {_A_COP}(?: (?:who|that) (?:calls?|texts?|reaches out|contacts?|comes?)"
    r"(?: me| us)?)?",
    # "will a cop be the one calling", "is a cop gonna be the one who calls"
    rf"(?:will|would|is) {_A_COP}(?: (?:gonna|going to|gunna))? be the (?:one|person)"
    r"(?: (?:who|that))? (?:calling|texting|reaching out|coming|calls?|texts?|reaches out|comes?)"
    r"(?: me| us)?",
)
_LAW_EN = (
    rf"(?:will|would|can|could|do|does|am|is|are) {_WHO_MAY} (?:get|be|gonna get|going to get|"
    r"gonna be|going to be) (?:arrested|charged|locked up|in trouble|busted|jailed|violated|"
    r"prosecuted|in legal trouble)"
    r"(?: (?:for|if|when|after|because|cuz|bc) \w+(?: \w+){0,6})?",
    # "will they arrest me", "are the cops going to arrest me", "am i going to jail"
    rf"(?:will|would|can|could|do|does|are|r|is) (?:{_COPS}|they|{_YOU}|someone|anyone|a cop|"
    r"the officers?|an officer)(?: (?:gonna|going to|gunna|have to|still))? (?:arrest|charge|lock "
    r"up|jail|cuff|violate|prosecute|book) (?:me|us|him|her|them|my \w+)"
    r"(?: (?:for|if|when|after|because|cuz|bc) \w+(?: \w+){0,6})?",
    rf"(?:will|would|am|is|are|could|can|do|does) {_WHO_MAY} (?:go|going|gonna go|going to go|"
    r"be going|end up|have to go)(?: to)? (?:jail|prison|court)",
    rf"(?:will|would|do|does) {_COPS} (?:come|show up|arrest me|get involved) "
    rf"(?:if|when) (?:i|we|you) {_CALL}",
    rf"(?:will|would|do|does) {_COPS} (?:come|show up|get called|get involved)(?: too| also)? "
    rf"(?:with|when|if) {_AMBULANCE}(?: (?:comes|come|is called))?",
)
_DCF_ES = r"(?:el |la )?(?:dcf|cps|servicios sociales|proteccion de menores|proteccion infantil)"
# The police in Spanish words: "la jara", "los guardias" and "la poli" in Puerto Rico.
_LA_POLICIA = r"(?:la policia|los policias|la poli|la jara|los guardias|el guardia|los agentes)"
# Reaching out, asked about: "si les escribo", "si les pido narcan".
_SI_ESCRIBO = (
    r"(?:si|cuando) (?:yo )?(?:les |le |te )?(?:escribo|escribimos|texteo|mando mensaje|mando "
    r"mensajes|hablo|pido (?:narcan|naloxona|ayuda))(?: (?:a ustedes|con ustedes|aqui|a este "
    r"numero))?"
)
_PRIVACY_ES = (
    r"(?:es|esto es|son) (?:confidencial|privado|anonimo|secreto)",
    r"(?:(?:ustedes|usted|uds|ud) )?(?:le |les )?(?:avisan|dicen|informan|reportan|cuentan|"
    rf"llaman) a (?:{_LA_POLICIA}|mi (?:oficial|agente)(?: de (?:libertad condicional|probatoria|"
    r"probacion))?)",
    rf"{_LA_POLICIA} (?:se va a enterar|se van a enterar|se entera|se enteran|se enterara|"
    rf"se enteraran|va a saber|van a saber|sabra|sabran|lo sabra|lo sabran|lo sabe|lo saben)"
    rf"(?: {_SI_ESCRIBO})?",
    r"(?:me|nos) (?:van a|va a|vas a|pueden) (?:reportar|denunciar|delatar)",
    r"(?:esto|esta informacion|mi informacion|lo que escribo|mis mensajes) (?:va|van|llega|"
    r"llegan|se manda|se mandan|se envia|se envian|se pasa|se pasan) a (?:la policia|"
    r"los policias)",
    r"(?:la policia|los policias|la poli) (?:va a venir|van a venir|vendra|vendran|viene|vienen|"
    r"va a ir|van a ir|va a llegar|van a llegar)(?: (?:a (?:mi|la|nuestra|su) casa|aqui|con "
    r"(?:ellos|ustedes|el|ella|el \w+|la \w+)))*",
    r"(?:van a|va a|vas a|pueden|puede) (?:mandar|enviar|llamar)(?: a)? (?:la policia|los "
    r"policias)(?: (?:a (?:mi|la|nuestra|su) casa|aqui))?",
    r"(?:la policia|los policias) (?:se va a enterar|va a saber|sabra) (?:de|sobre) "
    r"(?:el|ella|mi \w+)",
    r"quien(?:es)? (?:va a ver|van a ver|ve|ven|lee|leen|va a leer|van a leer|puede ver|pueden "
    r"ver|puede leer|pueden leer) (?:esto|mis mensajes|esta informacion|mi informacion|lo que "
    r"escribo)",
    # "le avisan a dcf", "son de dcf", "tengo que hablar con la policia"
    rf"(?:me |nos )?(?:le |les )?(?:avisan|dicen|informan|reportan|cuentan|llaman|van a reportar|"
    rf"van a avisar|van a llamar)(?: a)?(?: al)? {_DCF_ES}",
    rf"(?:son|es|eres|es usted|ustedes son|esto es) (?:de )?{_DCF_ES}",
    rf"{_DCF_ES} (?:se va a enterar|se entera|va a saber|sabra|me va a quitar a mis hijos)",
    # "me van a quitar a mis hijos", "me van a quitar el bebe"
    rf"(?:{_DCF_ES} )?(?:me |nos )?(?:van a|va a|pueden|puede|podrian|quieren) {_QUITAR_MIS_HIJOS}",
    r"(?:tengo|tenemos) que (?:hablar con|ver a|dejar entrar a) (?:la |un |una |los |algun )?"
    r"(?:policia|policias|agente|agentes|oficial)",
    r"(?:habra|va a haber|van a venir) (?:policia|policias|agentes|un policia)",
    # "me va a llamar un policia", "un policia me va a llamar", "va a venir la policia"
    r"(?:me |nos )?(?:va a|van a) (?:llamar|contactar|escribir|buscar|visitar)(?: a mi casa)? "
    r"(?:un policia|la policia|los policias|algun policia|un agente|un oficial)",
    r"(?:un|algun|el) (?:policia|agente|oficial) (?:me|nos) (?:va a|van a) (?:llamar|contactar|"
    r"escribir|buscar|visitar)",
    r"(?:va a|van a) (?:venir|llegar) (?:la policia|los policias|un policia|algun policia|"
    r"la poli)(?: a (?:mi|la|nuestra|su) casa)?",
)
_LAW_ES = (
    r"(?:me|nos|lo|la|los|las) (?:van a|pueden|podrian) (?:arrestar|detener|acusar|meter preso|"
    r"meter presa)"
    r"(?: (?:si|por|cuando) \w+(?: \w+){0,6})?",
    # "me arrestan si llamo al 911", "si llamo al 911 por mi pana me arrestan"
    r"(?:me|nos|lo|la|los|las) (?:arrestan|detienen|acusan|meten (?:preso|presa|presos))"
    r"(?: (?:si|por|cuando) \w+(?: \w+){0,6})?",
    # "me puedo meter en problemas si llamo al 911", and in Spanglish "puedo get in trouble"
    r"(?:me |nos )?(?:puedo|podemos|podria|podriamos|voy a|vamos a) (?:meter(?:me|nos)? en "
    r"(?:problemas|lios)|tener problemas(?: con la (?:ley|policia))?|ir (?:preso|presa|a la "
    r"carcel)|get in trouble|get arrested|get locked up)"
    r"(?: (?:si|por|cuando) \w+(?: \w+){0,6})?",
)
# What may come before the questions: the risk the person is at, or the call asked about.
_BEFORE = (
    rf"(?:(?:{_AT_RISK}|{_IF_I_REACH_OUT}|soy indocumentad[oa]|(?:estoy|ando) "
    rf"(?:en libertad condicional|en probatoria|sin papeles)|"
    rf"(?:if|when) (?:i|we|u|you) {_CALL}(?: for(?: \w+){{1,2}})?|"
    r"si (?:llamo|llamamos) al 911(?: por(?: \w+){1,2})?) )?"
)
# "i got a warrant can u still help me": only after a risk said is this a question about us.
_STILL_HELP = rf"{_AT_RISK} (?:can|could|will|would) {_YOU} (?:still )?help(?: me)?"
_ONE_QUESTION = "|".join(_PRIVACY_EN + _LAW_EN + _PRIVACY_ES + _LAW_ES)
_ASKED = re.compile(
    rf"^{_LEAD}(?:{_STILL_HELP}|{_BEFORE}(?:{_ONE_QUESTION})(?: (?:and |or |like |i mean |also |"
    rf"y |o )?(?:{_ONE_QUESTION}))*){_TAIL}$"
)
_ASKED_SPANISH = re.compile(rf"\b(?:{'|'.join(_PRIVACY_ES + _LAW_ES)})\b")
_ABOUT_THE_LAW = re.compile(rf"\b(?:{'|'.join(_LAW_EN + _LAW_ES)})|\b(?:911|ambulance)\b")
# Calling for help named in the question: what the answer about calling 911 is for.
_CALLING_FOR_HELP = re.compile(r"\b(?:911|ambulance|ems|emts|paramedics)\b")
_CHILD_SERVICES = re.compile(rf"\b(?:{_CPS}|{_DCF_ES}|{_TAKE_MY_CHILD}|{_QUITAR_MIS_HIJOS})\b")
# Asked whether they will be reported at all ("will you report me", "me van a reportar"): the
# honest answer is the one about DCF, as a team member may have to report a child in danger.
_REPORTED = re.compile(r"\b(?:report (?:me|us)|turn (?:me|us) in|reportar|denunciar|delatar)\b")
_PROBATION = re.compile(
    r"\b(?:po|p o|probation|parole|libertad condicional|probatoria|probacion|bajo palabra)\b"
)


# Asking why we ask where they are: "why do you need my town", "what do you need my zip for",
# "do i have to give my town", "por que necesitan mi pueblo". Told why, and that SKIP is fine.
_MY_PLACE = (
    r"(?:my |the |a |your )?(?:town|zip|zip code|zipcode|zips|location|address|city|"
    r"where i (?:live|am|stay|spend time))"
)
_WHY_TOWN_EN = (
    rf"why (?:do|does|would|did) (?:{_YOU_ALL}|they|the team|it) (?:need|want|have|ask for|ask|"
    rf"care about|care)(?: to know| to have| about| for)? {_MY_PLACE}",
    rf"why (?:are|r) {_YOU_ALL} asking(?: for| about| me for| me)? {_MY_PLACE}",
    rf"what (?:do|does) {_YOU_ALL} (?:need|want) {_MY_PLACE} for",
    rf"(?:do|must) i (?:have to|need to|gotta) (?:give|tell|say|share)(?: you| u)? {_MY_PLACE}",
    rf"why {_MY_PLACE}",
)
_MI_LUGAR = (
    r"(?:mi |el |su )?(?:pueblo|ciudad|codigo postal|zip|direccion|ubicacion|donde vivo|"
    r"donde estoy)"
)
_WHY_TOWN_ES = (
    rf"(?:por que|para que) (?:necesitan|necesita|necesitas|quieren|quiere|quieres|piden|pide|"
    rf"preguntan|pregunta)(?: saber)? {_MI_LUGAR}",
    rf"tengo que (?:dar|decir)(?:le|les)? {_MI_LUGAR}",
    rf"(?:por que|para que) {_MI_LUGAR}",
)
_WHY_TOWN = WholeTextAsks(_WHY_TOWN_EN, _WHY_TOWN_ES)


def asks_why_we_need_a_town(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks why we ask for a town or ZIP, "es" when in Spanish)."""
    return _WHY_TOWN.read(norm)


def names_calling_for_help(norm: str) -> bool:
    """The text names 911 or an ambulance: asked about, it is a question about calling 911."""
    return bool(_CALLING_FOR_HELP.search(norm))


def asks_about_police_or_the_law(norm: str) -> tuple[bool, str | None, bool]:
    """(whether the whole text asks what police or the law will do, "es" when in Spanish,
    whether it asks about arrest or calling 911)."""
    if not _ASKED.match(norm):
        return False, None, False
    spanish = "es" if _ASKED_SPANISH.search(norm) else None
    return True, spanish, bool(_ABOUT_THE_LAW.search(norm))


# Asking whether the team reaches a loved one without their yes: "does my son have to know",
# "will you contact him without his permission", "can you text her?". The family support
# specialist calls the family member; the team reaches out to the loved one only if they
# agree. The rest of the text may give a number ("can you text her? her number is ..."):
# the answer says why it is not used.
_THEM = rf"(?:him|her|them|my {LOVED_ONE})"
_SOMEONE = rf"(?:he|she|they|my {LOVED_ONE})"
_CONSENT_EN = (
    rf"(?:will|would|do|does|can|could|are|r) (?:{_YOU}|they|the team|your team|the "
    r"specialist|someone|anyone)(?: (?:gonna|going to|have to|need to))? (?:contact|call|text|"
    r"reach out to|reach|talk to|talk with|speak to|speak with|tell|visit|message|see|go see)"
    rf" {_THEM}(?: .*)?",
    rf"(?:do|does|will|would) {_SOMEONE} (?:have to|need to|gotta|get to) (?:know|find out|be "
    r"told|agree|say yes|consent|be involved)(?: .*)?",
    rf"(?:will|would|does|do|is) {_SOMEONE} (?:going to |gonna )?(?:know|find out|be told|get "
    r"told|hear)(?: (?:about (?:this|it|me)|(?:that )?i (?:texted|called|reached out|asked)).*)?",
    r".*\bwithout (?:his|her|their|my \w+s?) (?:permission|consent|ok|okay|knowing|"
    r"knowledge|say so|agreeing)\b.*",
)
_CONSENT_ES = (
    r"(?:van a|va a|vas a|pueden|puede|podrian) (?:contactar|llamar|escribir|hablar con|"
    rf"decir)(?:le|les)?(?: a)? (?:el|ella|mi {QUERIDO})(?: .*)?",
    rf"(?:mi {QUERIDO}|el|ella) (?:tiene que|va a|debe) (?:saber|enterarse|estar de "
    r"acuerdo)(?: .*)?",
    r".*\bsin su (?:permiso|consentimiento|acuerdo)\b.*",
)
_CONSENT = WholeTextAsks(_CONSENT_EN, _CONSENT_ES, tail="")


def names_child_services(norm: str) -> bool:
    """The text names DCF (child protective services) or losing a child to it: answered
    honestly about who may report."""
    return bool(_CHILD_SERVICES.search(norm))


def asks_if_reported(norm: str) -> bool:
    """The text asks whether they will be reported, to no one named ("will you report me")."""
    return bool(_REPORTED.search(norm))


def names_probation(norm: str) -> bool:
    """The text names probation or parole: answered that we don't contact them, and with the
    Good Samaritan law's word on violations."""
    return bool(_PROBATION.search(norm))


def asks_about_a_loved_ones_consent(norm: str) -> tuple[bool, str | None]:
    """(whether the text asks if the team reaches a loved one without their yes, "es" when
    in Spanish)."""
    return _CONSENT.read(norm)


# Asking about immigration: "me pueden deportar si llamo al 911", "ustedes le dicen a la migra?
# no tengo papeles", "will i get deported". Its own answer: the Good Samaritan law covers drug
# charges, never immigration. A status told with the question (or alone) is part of it. "ice"
# counts only as someone told or asked about ("do you tell ice"): alone it is also meth.
_ICE = r"(?:ice|immigration|i c e|la migra|migra|inmigracion|immigration and customs enforcement)"
_STATUS_EN = (
    r"(?:(?:i |we )?(?:dont|do not|have no|got no|dont got|aint got) (?:have )?(?:any )?(?:papers|"
    r"documents|status|green card)|(?:im|i am|we are|were|my \w+ is) (?:undocumented|illegal|"
    r"not (?:a )?(?:citizen|legal)))"
)
_STATUS_ES = (
    r"(?:(?:yo )?no (?:tengo|tenemos|tiene) (?:papeles|documentos|estatus|green card|residencia)|"
    r"(?:soy|somos|estoy|estamos|ando) (?:indocumentad[oa]s?|sin papeles|ilegal(?:es)?))"
)
_WHO_IS_DEPORTED = r"(?:i|we|she|he|they|my \w+|the person|someone|somebody|anyone)"
_IMMIGRATION_EN = (
    rf"(?:will|would|can|could|do|does|am|is|are) {_WHO_IS_DEPORTED} (?:get|be|gonna get|"
    r"going to get|gonna be|going to be) deported",
    rf"(?:will|would|can|could|do|does|are|r|is) (?:{_ICE}|they|{_YOU}|someone|anyone|the cops|"
    r"police)(?: (?:gonna|going to|gunna|still))? deport (?:me|us|him|her|them|my \w+)",
    rf"(?:do|will|would|does|can|could) (?:{_YOU}|this|this line|they|the team|anyone) "
    r"(?:tell|call|report (?:me |us |it )?to|share (?:my info |my information |anything |"
    r"this |it )?with|work with|talk to|contact|give my info to|rat me out to)(?: the)? "
    rf"{_ICE}",
    rf"(?:are|r|is) (?:you|u|yall|you guys|this|it|the team) (?:with |from |part of |working "
    rf"with )?{_ICE}",
    rf"(?:do|will|would|does) (?:{_YOU}|they|the team) (?:ask|check)(?: me)? (?:about|for) "
    r"(?:my )?(?:immigration status|status|papers|immigration|documents)",
    rf"(?:will|would|does|do|can|could) {_ICE} (?:find out|know|see|get my info|come|be told)",
    rf"(?:can|could|will|would) {_YOU} (?:still )?help(?: me)?",
    r"what if",
)
_IMMIGRATION_ES = (
    r"(?:me|nos|lo|la|los|las) (?:van a|va a|pueden|puede|podrian|podria) deportar",
    r"(?:me|nos|lo|la|los|las) deportan",
    r"(?:ustedes )?(?:le |les )?(?:dicen|avisan|informan|reportan|cuentan|llaman|pasan mis datos|"
    rf"dan mis datos|van a avisar|van a llamar|van a reportar)(?: a)?(?: la| el)? {_ICE}",
    rf"(?:son|es|eres|es usted|ustedes son|esto es|trabajan con) (?:de )?(?:la |el )?{_ICE}",
    r"(?:me )?(?:preguntan|piden|van a preguntar|van a pedir) (?:por |sobre )?(?:mis |los |mi )?"
    r"(?:papeles|estatus|estado migratorio|documentos)",
    rf"(?:la |el )?{_ICE} (?:se va a enterar|se entera|va a saber|va a venir|viene)",
    r"(?:me )?(?:pueden|puede|podrian) ayudar(?:me)?",
    r"que pasa",
)
# What may follow a question: the call asked about, "if i call 911" (an overdose said with it
# is read as an emergency first), or the status ("no tengo papeles").
_IF_I_CALL = r"(?:(?:if|when) (?:i|we|u|you) call 911|si (?:llamo|llamamos) al 911)"


def _immigration_asks(questions: tuple[str, ...], status: str) -> tuple[str, ...]:
    """Whole texts asking about immigration: a question with a status or a call said with
    it, or the status alone ("no tengo papeles"). "can you still help me" and "what if" ask
    about immigration only with a status."""
    told = rf"(?:{status})"
    ask = "|".join(questions[:-2])
    only_with_status = "|".join(questions[-2:])
    return (
        rf"(?:{told} )?(?:{ask})(?: {_IF_I_CALL}| {told})*",
        rf"{told} (?:{only_with_status})(?: {_IF_I_CALL})?|(?:{only_with_status}) {told}",
        told,
    )


_IMMIGRATION = WholeTextAsks(
    _immigration_asks(_IMMIGRATION_EN, _STATUS_EN), _immigration_asks(_IMMIGRATION_ES, _STATUS_ES)
)


def asks_about_immigration(norm: str) -> tuple[bool, str | None]:
    """(whether the whole text asks about immigration or tells of a status, "es" when in
    Spanish): answered that we do not ask about status or share with ICE."""
    return _IMMIGRATION.read(norm)
