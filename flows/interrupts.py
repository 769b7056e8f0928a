"""What a text means before the conversation sees it: opt-out words, HELP, emergencies, crisis,
MENU, language switches, one-shot naloxone requests and using alone. The emergency and crisis
words are recognised by ``flows.emergency``, calls for help at once that name no overdose by
``flows.urgency``.

Only recognition lives here; the words sent back are script strings (flow ``system``), with the
defaults below used when a string is missing so an emergency reply can never fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from flows.about_us import (
    after_question,
    asks_about_a_loved_ones_consent,
    asks_about_immigration,
    asks_about_police_or_the_law,
    asks_for_a_person,
    asks_if_automated,
    asks_if_police,
    asks_if_reported,
    asks_who_we_are,
    asks_why_we_need_a_town,
    names_calling_for_help,
    names_child_services,
    names_probation,
)
from flows.after_a_break import tells_of_using_after_a_break
from flows.emergency import (
    NALOXONE_SPELLINGS,
    crisis_language,
    overdose_in_progress,
    spelled_right,
)
from flows.facts_asked import fact_asked
from flows.fear_of_police import tells_fear_of_police
from flows.language_asked import language_asked
from flows.loved_one import without_what_was_found
from flows.naloxone_questions import naloxone_question
from flows.opting_out import (
    asks_how_to_stop,
    asks_not_to_be_texted,
    asks_to_stop,
    asks_to_stop_texting,
)
from flows.overdose_if import asks_whether_to_call_911, without_the_overdose_if
from flows.pregnancy import tells_of_pregnancy_and_use
from flows.records_asked import asks_about_our_records
from flows.slang_signs import asks_to_sleep_it_off
from flows.sms import MAX_BODY
from flows.spanish_slang_signs import asks_to_sleep_it_off_es
from flows.steps_asked import asks_what_to_do_in_an_overdose
from flows.text import GREETING_AND_COURTESY, normalise, single_word
from flows.urgency import (
    SOS_EMOJI,
    feels_wrong_after_using,
    tells_of_own_overdose,
    urgent_call,
    without_call,
)
from flows.using_alone import tells_of_using_alone
from flows.wounds_told import tells_of_a_wound

OPT_OUT_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "PARAR"}
)
# Carriers and Twilio honour exactly these; "SI" is left out so a stray "si" cannot re-subscribe.
OPT_IN_WORDS = frozenset({"START", "UNSTOP", "YES"})
# AYUDA is no carrier keyword, but a Spanish speaker's HELP: the same answer, in Spanish.
HELP_WORDS = frozenset({"HELP", "INFO", "AYUDA"})
MENU_WORDS = frozenset({"MENU", "INICIO", "RESTART"})
# Bad batch alerts, signed up for in keyword form only: the whole text is "ALERTS", "alerts
# on", "ALERTAS", "alertas si". Any other words ("any alerts about fentanyl?") are a question,
# never a consent. Signing off is read more widely, since a sign-off asked for must never be
# missed: "ALERTS OFF", "stop alerts", "no more alerts", "turn off the alerts please", "alerts
# stop", "ALERTAS NO", "no quiero alertas", "parar alertas". "STOP ALERTS" stops alerts only:
# carriers act on the single word STOP, and the reply says other texts go on.
_ALERT_WORD = r"(alerts?|alertas?)"
_ALERTS_ON = re.compile(rf"^(?:{_ALERT_WORD}(?: (?:on|si))?)$")
_OFF_BEFORE = (
    r"(?:(?:please|pls|plz|por favor|porfa|ok|okay|can you|can u|could you|i want to|i wanna|"
    r"id like to|i would like to|i need to) )*"
    r"(?:stop|cancel|end|quit|disable|unsubscribe(?: me)?(?: from)?|unsub(?: from)?|"
    r"opt out of|(?:turn|shut|switch) off|no more|(?:stop|dont|do not) send(?: me)?(?: any)?"
    r"(?: more)?|(?:i )?(?:dont|do not) want(?: any)?(?: more)?|no|no mas|"
    r"parar|paren|pare|quitar|quiten|quite|quitenme|cancelar|cancelen|cancele|cancela|"
    r"desactivar|desactiven|apagar|apaguen|(?:ya )?no (?:quiero|queremos)(?: recibir)?(?: mas)?|"
    r"ya no|no (?:me )?(?:manden|envien|mande|envie)(?: mas)?)"
    r"(?: (?:the|my|your|ur|these|all|all the|any|bad batch|las|mis|estas|esas|todas las))*"
)
_OFF_AFTER = r"(?: (?:off|no|stop|cancel|end|fuera|parar))"
_OFF_POLITE = (
    r"(?: (?:please|pls|plz|anymore|any more|now|for now|again|thanks|thank you|thx|ty|"
    r"por favor|porfa|gracias|ya|mas))*"
)
_ALERTS_OFF = re.compile(
    rf"^(?:{_OFF_BEFORE} {_ALERT_WORD}|(?:turn )?(?:the )?{_ALERT_WORD}{_OFF_AFTER}+)"
    rf"{_OFF_POLITE}$"
)
# Words of an alerts keyword that tell no language: ALERTS and ALERTS OFF are keywords, typed
# as printed by English and Spanish speakers alike (as STOP is). Any Spanish word tells Spanish.
_ALERTS_NEUTRAL = frozenset({"alert", "alerts", "on", "off", "no", "stop", "please", "pls", "ok"})
_ALERTS_SPANISH = frozenset(
    {"alerta", "alertas", "si", "mas", "por", "favor", "porfa", "gracias", "ya", "fuera",
     "parar", "paren", "pare", "quitar", "quiten", "quite", "quitenme", "cancelar", "cancelen",
     "cancele", "cancela", "desactivar", "desactiven", "apagar", "apaguen", "quiero", "queremos",
     "recibir", "manden", "envien", "mande", "envie", "las", "mis", "estas", "esas", "todas"}
)  # fmt: skip
# Starting over in so many words: "start over", "back to the menu", "empezar de nuevo".
_START_OVER = re.compile(
    r"^(?:(?:can we|can i|lets|let me|i want to|i wanna|please|pls|ok|okay) )?"
    r"(?:start (?:over|again|from the beginning)|begin again|restart|main menu|"
    r"(?:back to|go to|show me|show) (?:the )?(?:main )?menu|menu please|"
    r"empezar de nuevo|volver a empezar|comenzar de nuevo|menu principal|volver al menu)"
    r"(?: (?:please|pls|plz|por favor))?$"
)
# Dropping the conversation: "nvm", "never mind", "forget it", "olvídalo". Not an opt-out.
_NEVER_MIND = re.compile(
    r"^(?:(?:oh|ah|ok|okay|actually|sorry|um|umm|hmm|wait|nah|no|pues|bueno|ay) )*"
    r"(?:nvm|nvmd|never ?mind|nevermind|forget (?:it|about it|that|this)|"
    r"olvidalo|olvidelo|olvidenlo|olvidate|olvidese|no importa ya|ya no importa)"
    r"(?: (?:then|sorry|thanks|thank you|thx|ty|please|pls|lol|gracias|perdon|disculpe))*$"
)
# Withdrawing a request just made, in so many words: "cancel my request", "i changed my mind",
# "cancelar mi solicitud". CANCEL alone is a carrier opt-out and stays one.
_WITHDRAW = re.compile(
    r"^(?:(?:oh|ok|okay|actually|sorry|um|wait|hey|please|pls|can you|could you|can u|i want to|"
    r"i wanna|id like to|yes|yeah|yep|pues|bueno|por favor|quiero|puede|pueden) )*"
    r"(?:(?:cancel|withdraw|(?:i am |im )?withdrawing) (?:my|the|that|this|our) "
    r"(?:request|referral|call back|callback|call|phone call)|cancel (?:it|that)|"
    r"(?:i |ive |i ve |i have )?(?:changed|change) my mind|i dont need (?:it|them|help) anymore|"
    r"(?:cancelar|cancele|cancelen|cancela) (?:mi|la|el) (?:solicitud|peticion|"
    r"llamada|pedido)|(?:cambie|he cambiado) de (?:opinion|idea)|ya no (?:lo|la) necesito|"
    r"ya no (?:necesito|necesitamos|quiero|queremos) (?:ayuda|la llamada|que me llamen|"
    r"que nos llamen)(?: (?:ya|mas|gracias))?)"
    r"(?: (?:please|pls|thanks|thank you|sorry|por favor|gracias|perdon))*$"
)
# "im ok", "were fine now", after a call turned down: still no call wanted.
_ALL_FINE = (
    r"(?: (?:(?:im|i am|were|we are|hes|he is|shes|she is|its|everything is|everything s) )?"
    r"(?:ok|okay|fine|good|all good|alright|all right|better)(?: now)?)?"
)
# Not wanting anyone to reach out, said anywhere in the text: "please dont send anyone to my
# house", "i dont want anyone contacting me". With a request open, it may be withdrawn.
_NO_CONTACT = re.compile(
    r"(?<!\bwhy )(?<!\bif you )(?<!\bif u )\b(?:dont|do not|never) (?:ever )?send "
    r"(?:anyone|anybody|someone|somebody|people|nobody|no one)\b|"
    r"\bi (?:dont|do not) want (?:anyone|anybody|someone|somebody|people|you|u|your team) "
    r"(?:to )?(?:contact|contacting|call|calling|reach|reaching|come|coming|text|texting)\b|"
    # "we dont need the call anymore", "no need to call": the call asked for is not wanted.
    r"\b(?:i|we) (?:dont|do not|no longer) need (?:the|a|that|this|your|any) "
    r"(?:call|callback|call back|phone call)\b|"
    r"^(?:(?:oh|ok|okay|actually|sorry|um|thanks|thank you) )*no need (?:to|for) (?:a |the |"
    r"any )?(?:call|callback|call back|phone call)(?: (?:me|us))?(?: back)?"
    rf"(?: (?:anymore|any more|now|thanks|thank you))*{_ALL_FINE}$|"
    # The whole text turns the call down: "dont call me anymore", "please dont call", "i dont
    # want the call". With more said ("dont call before 5", "dont call, text me") it is how
    # to reach them: a note to the request.
    r"^(?:(?:oh|ok|okay|actually|sorry|um|so|and|please|pls|plz|just|yeah|no|nah) )*"
    r"(?:(?:dont|do not) (?:call|calling|phone|ring)(?: (?:me|us))?|"
    r"(?:i|we) (?:dont|do not|no longer) (?:want|need) (?:the|a|that|this|your|any|ur) "
    r"(?:call|callback|call back|phone call))"
    r"(?: (?:anymore|any more|again|at all|ever|now|please|pls|plz|thanks|thank you|thx|"
    rf"ty|sorry))*{_ALL_FINE}$|"
    # "no me llamen mas", "no me llamen por favor"
    r"^(?:(?:por favor|ya|pues|bueno) )*no (?:me|nos) (?:llamen|llame|llames)"
    r"(?: (?:mas|ya|por favor|gracias))*$"
)
# "wrong number", "sorry wrong #", "número equivocado" ("#" is gone once normalised).
_WRONG_NUMBER_WORDS = (
    r"(?:(?:sorry|sry|hi|hey|um|umm|i think|im sorry|perdon|disculpe|lo siento|hola) )*"
    r"(?:(?:(?:you|u|ya) (?:have|got|have got|texted|are texting|messaged) |this is )?"
    r"(?:the |a )?wrong (?:number|num|person|phone|phone number)|"
    r"(?:(?:es|tiene|tienen|tienes) (?:el |un )?)?numero (?:equivocado|incorrecto|errado)|"
    r"(?:se )?(?:equivoco|equivocaron) de (?:numero|persona)|persona equivocada)"
    r"(?: (?:sorry|sry|here|buddy|bud|lol|thanks|perdon|disculpe|lo siento))*"
)
_WRONG_NUMBER = re.compile(rf"^{_WRONG_NUMBER_WORDS}$")
# Asked with a question about us, which the answer to "wrong number" also answers: "wrong
# number who is this", "who is this? wrong number".
_WRONG_NUMBER_THEN = re.compile(rf"^{_WRONG_NUMBER_WORDS} (?P<asked>.+)$")
# Said beside a request to stop, which still counts: "wrong number stop texting me", "yes
# stop", "fuck you stop texting me", "stop texting me wrong number".
_BESIDE_A_STOP = re.compile(
    r"^(?:yes|yeah|yep|no|nope|nah|ok|okay|si|"
    r"(?:fuck|fck|fuk|f|screw) (?:you|u|off|this|yourself)|fuck|wtf)$"
)
# Said beside a request to stop texting in words that say so, which still counts: where the
# person is ("i live in amherst stop texting me"), that all is well ("ya no me escriban, mi
# hijo esta bien"), news of a death or of treatment ("he passed away please stop texting
# me"), thanks ("no thanks stop texting me"), a language not spoken ("no hablo
# ingles, ya no me escriban"); a language asked for (``language_asked``) too.
_THANKS_WORDS = r"^(?:(?:no|ok|okay|nah) )?(?:thanks|thank you|thx|ty|gracias|muchas gracias)$"
_THANKS_OR_NO_LANGUAGE = re.compile(
    rf"{_THANKS_WORDS}|"
    r"^(?:i|yo)? ?(?:dont|do not|no) (?:speak|read|understand|hablo|leo|entiendo) "
    r"(?:english|spanish|ingles|espanol)$"
)
# The place in a word or three, none of which goes on to tell of someone ("im at home he quit
# texting me" is a story, not a request).
_PLACE_WORD = (
    r"(?!(?:he|she|they|him|her|it|my|his|their|who|and|but|so|el|ella|mi|su|y|pero|que)\b)\w+"
)
_WHERE_I_AM = re.compile(
    r"^(?:i live|i stay|im|i am|we live|were|we are|vivo|estoy|estamos|vivimos) "
    rf"(?:in|near|at|from|en|cerca de|de) {_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}}$"
)
_ALL_IS_WELL = re.compile(
    r"^(?:(?:but|and|ok|now|pero|y|ya) )?(?:"
    r"(?:my \w+ is|my \w+s|hes|shes|theyre|were|im|he is|she is|they are|we are|i am|"
    r"everyone is|everything is) (?:fine|ok|okay|good|alright|all right|safe|better)|"
    r"(?:im |were |its )?all good|all is well|todo bien|"
    r"(?:mi \w+|todo|ya) (?:esta|estan) (?:bien|mejor)|(?:estamos|estoy) (?:bien|mejor))"
    r"(?: (?:now|ahora|ya|thanks|gracias))?$"
)
# Said beside STOP alone, which then still counts ("STOP. Im fine now", "no thanks, stop"):
# all is well, or thanks. Other words may give "stop" another meaning ("stop he isnt
# breathing", "english please, stop"), so only these.
_BESIDE_STOP_ALONE = re.compile(rf"{_THANKS_WORDS}|{_ALL_IS_WELL.pattern}")
_THEIR_NEWS = re.compile(
    r"^(?:(?:but|and|ok|now|pero|y|ya) )?(?:"
    r"(?:my \w+|he|she|they) (?:passed away|passed|died|has passed|has died|passed on)|"
    r"(?:my \w+ is|hes|shes|theyre|he is|she is|they are|im|i am) "
    r"(?:in|at) (?:treatment|rehab|detox|recovery)|"
    r"(?:mi \w+|el|ella) (?:ya )?(?:fallecio|murio)|"
    r"(?:mi \w+|el|ella) (?:ya )?esta en (?:tratamiento|rehabilitacion|rehab|desintoxicacion))"
    r"(?: (?:now|ahora|ya|thanks|gracias))?$"
)
# "sorry wrong #": the "#" is gone once the text is normalised, so it is spelled out first.
_WRONG_HASH = re.compile(r"\bwrong\s*#", re.IGNORECASE)
# Going back one question: "back", "go back", "atrás".
_GO_BACK = re.compile(
    r"^(?:(?:can we|can i|can you|lets|let me|i want to|i wanna|please|pls|oops|wait|ok|"
    r"sorry|quiero|puedo|podemos) )*"
    r"(?:go back|back|go back one|back up|previous(?: question)?|undo|"
    r"atras|volver atras|ir atras|regresar|pregunta anterior|volver a la pregunta anterior)"
    r"(?: (?:please|pls|plz|one|por favor))?$"
)

NALOXONE_WORDS = (*NALOXONE_SPELLINGS, "naloxona")
# Filler around a place in a one-shot request: "where can I get narcan in noho".
_FILLER = frozenset(
    [
        "in",
        "near",
        "at",
        "for",
        "around",
        "by",
        "the",
        "a",
        "an",
        "of",
        "to",
        "i",
        "me",
        "we",
        "my",
        "can",
        "get",
        "find",
        "where",
        "is",
        "are",
        "there",
        "any",
        "some",
        "kit",
        "kits",
        "please",
        "pls",
        "free",
        "spray",
        "nasal",
        "en",
        "cerca",
        "de",
        "del",
        "la",
        "el",
        "para",
        "donde",
        "hay",
        "puedo",
        "conseguir",
        "consigo",
        "busco",
        "necesito",
        "un",
        "una",
        "zip",
        "code",
        "codigo",
        "postal",
        "town",
        "ciudad",
        "pueblo",
        "need",
        "want",
        "do",
        "you",
        "have",
        "quiero",
        "necesitamos",
        "tienen",
        "tiene",
        "ustedes",
        *GREETING_AND_COURTESY,
    ]
)


# Words asking for a site open now: "narcan amherst open now", "naloxona abierto ahora".
OPEN_NOW_PHRASES = (
    ("open", "right", "now"), ("open", "now"), ("opened", "now"), ("right", "now"),
    ("currently", "open"), ("still", "open"), ("abierto", "ahora"), ("abierta", "ahora"),
    ("abiertos", "ahora"), ("abiertas", "ahora"), ("ahora", "mismo"), ("open",), ("now",),
    ("abierto",), ("abierta",), ("abiertos",), ("abiertas",), ("ahora",), ("ahorita",),
)  # fmt: skip


def split_open_now(words: list[str]) -> tuple[list[str], bool]:
    """The words without any asking for a site open now, and whether some did."""
    kept: list[str] = []
    asked = False
    i = 0
    while i < len(words):
        phrase = next((p for p in OPEN_NOW_PHRASES if tuple(words[i : i + len(p)]) == p), None)
        if phrase is None:
            kept.append(words[i])
            i += 1
        else:
            asked = True
            i += len(phrase)
    return kept, asked


@dataclass(frozen=True)
class Detected:
    """What a text asks for ahead of the conversation; ``language`` when the words tell."""

    # opt_out | opt_in | help | how_to_stop | alerts_on | alerts_off | emergency | crisis |
    # urgent | menu | never_mind |
    # wrong_number | back | who | privacy | person | language | naloxone |
    # steps_asked ("what do i do if someone ODs": the overdose steps as information) |
    # using_alone ("im gonna use alone tonight": Never Use Alone, as information) |
    # after_a_break ("just got released, gonna use tonight": lower tolerance, as information) |
    # pregnant ("im pregnant and using": a welcome and medication in pregnancy, as information) |
    # wound ("my tranq wound is getting black": when to see a doctor, and wound care) |
    # fact ("whats the good samaritan law": Never Use Alone, the law, checking pills)
    kind: str
    language: str | None = None
    # naloxone: the rest of the text, maybe a town or ZIP; urgent: the text besides the call
    place_text: str = ""
    # emergency: the text also speaks of suicide or self-harm ("I'm going to overdose tonight")
    also_crisis: bool = False
    open_now: bool = False  # naloxone: the text asks for a site open now
    # naloxone: a search for sites with this supply instead (``SUPPLIES``), and whether the
    # words ask where to get it (else only a place they name makes it a search)
    supply: str | None = None
    asks_where: bool = False
    # naloxone: a question about it answered before the finder ("use", "mail", "not_reversed")
    question: str | None = None
    # naloxone: the text also tells of using alone (Never Use Alone first: naloxone can't be
    # given by the person it is for)
    using_alone: bool = False
    after_a_break: bool = False  # naloxone: the text also tells of using after time away
    # urgent, emergency: the texter may be overdosing themselves (steps for someone alone)
    about_self: bool = False
    # emergency: asks whether they can "sleep it off" (answered beside the bystander's steps)
    sleep_it_off: bool = False
    about_police: bool = False  # who: the question is whether we are the police
    about_a_bot: bool = False  # person: a question ("are you a bot"), never an answer
    about_the_law: bool = False  # privacy: the question is about arrest or calling 911
    about_911: bool = False  # privacy: the question is what calling 911 will bring
    # privacy: the call asked about is for an overdose that may happen ("if my friend ods")
    overdose_if: bool = False
    # fact: the string that answers a question about a fact (``flows.facts_asked``)
    fact: str | None = None
    about_the_town: bool = False  # privacy: the question is why we ask for a town or ZIP
    # privacy: whether the team reaches a loved one without their yes ("does my son have to
    # know"); answered only in a family member's conversation
    about_consent: bool = False
    about_records: bool = False  # privacy: what we keep, who sees it, or to have it deleted
    # privacy: whether DCF (child protective services) is told, or they are reported at all;
    # pregnant: DCF asked about in the same text
    about_dcf: bool = False
    about_probation: bool = False  # privacy: whether probation or parole is told
    # privacy: deportation or ICE ("me van a deportar"), never the Good Samaritan law's to answer
    about_immigration: bool = False
    # privacy: fear of the police told ("cops scare me"), which the team question takes as
    # its answer (peers only)
    about_fear: bool = False
    # privacy: asked after other words ("police are fine but will they arrest me"): answered
    # within a question, which waits; elsewhere the conversation has the text as before
    after_other_words: bool = False
    wrong_number: bool = False  # opt_out: said with "wrong number" ("wrong number, stop")
    # opt_out: "don't text me", which the question at hand may take as its answer (call me)
    unless_an_answer: bool = False


def detect(text: str) -> Detected | None:
    """The interrupt or keyword this text is, in order of precedence (opt-in is separate).

    An emergency that also speaks of suicide or self-harm is one ``Detected`` of kind
    "emergency" with ``also_crisis`` set, so whoever checks the kind still sees an emergency.
    """
    word = single_word(text)
    if word in HELP_WORDS:
        return Detected("help", "es" if word == "AYUDA" else None)
    alerts = alerts_keyword(text)
    if alerts is not None:
        return alerts
    # The whole text, as long as a text can be: an overdose told after a long story still counts.
    norm = normalise(text, limit=MAX_BODY)
    stop = _opt_out(word, norm)
    if stop is not None:
        return stop
    spelled = spelled_right(norm)
    crisis = crisis_language(spelled)
    asked = _asks_about_calling_911(norm, spelled) if crisis is None else None
    if asked is not None:
        return asked
    # "if he ods what do i do" names an overdose, but only asks: the whole text is the question
    asked_steps, language = asks_what_to_do_in_an_overdose(norm)
    if asked_steps and crisis is None:
        return Detected("steps_asked", language)
    overdose, language = overdose_in_progress(spelled)
    if overdose:
        return Detected(
            "emergency",
            language or crisis,
            also_crisis=crisis is not None,
            about_self=tells_of_own_overdose(spelled),
            sleep_it_off=asks_to_sleep_it_off(spelled) or asks_to_sleep_it_off_es(spelled),
        )
    if crisis is not None:
        return Detected("crisis", crisis)
    urgent, language = urgent_call(spelled)
    if urgent or SOS_EMOJI in text:
        # The rest of the text rides along: a town or a naloxone search said in the same breath.
        return Detected(
            "urgent", language, without_call(norm), about_self=feels_wrong_after_using(spelled)
        )
    how_to_stop, language = asks_how_to_stop(norm)
    if how_to_stop:  # told how (reply STOP), not opted out for asking
        return Detected("how_to_stop", language)
    if word in MENU_WORDS or _START_OVER.match(norm):
        return Detected("menu")
    if _NEVER_MIND.match(norm):
        return Detected("never_mind", "es" if _spanish_start(norm) else None)
    if says_wrong_number(text, norm):
        return Detected("wrong_number", "es" if _spanish_start(norm) else None)
    if _GO_BACK.match(norm):
        return Detected("back")
    who, language = asks_who_we_are(norm)
    if who and asks_if_automated(norm):  # "are you a bot": told so, as a wish for a person is
        return Detected("person", language, about_a_bot=True)
    if who:
        return Detected("who", language, about_police=asks_if_police(norm))
    fact, language = fact_asked(norm)
    if fact is not None:
        return Detected("fact", language, fact=fact)
    pregnant, language = tells_of_pregnancy_and_use(norm)
    if pregnant:  # "im pregnant and using, will u call dcf on me": both are answered
        reported = names_child_services(norm) or asks_if_reported(norm)
        alone = tells_of_using_alone(norm)[0]  # "im pregnant and using alone": Never Use Alone
        return Detected("pregnant", language, about_dcf=reported, using_alone=alone)
    asked = _asks_about_records_or_the_law(norm)
    if asked is not None:
        return asked
    consent, language = asks_about_a_loved_ones_consent(norm)
    if consent:
        return Detected("privacy", language, about_consent=True)
    why_town, language = asks_why_we_need_a_town(norm)
    if why_town:
        return Detected("privacy", language, about_the_town=True)
    person, language = asks_for_a_person(norm)
    if person:
        return Detected("person", language)
    language = language_asked(text)
    if language is not None:
        return Detected("language", language)
    found = naloxone_ask(norm) or supplies_ask(norm)
    after_a_break, break_language = tells_of_using_after_a_break(norm)
    alone, language = tells_of_using_alone(norm)
    if found is not None:
        return replace(found, using_alone=alone, after_a_break=after_a_break)
    if after_a_break:  # its text says Never Use Alone too
        return Detected("after_a_break", break_language)
    if alone:
        return Detected("using_alone", language)
    wound, language = tells_of_a_wound(norm)
    if wound:
        return Detected("wound", language)
    return _asked_after_other_words(norm)


def alerts_keyword(text: str) -> Detected | None:
    """ALERTS or a sign-off (``_ALERTS_ON``, ``_ALERTS_OFF``) as the whole text, with the
    language its words tell (``_alerts_language``); else None."""
    norm = normalise(text)
    for kind, pattern in (("alerts_on", _ALERTS_ON), ("alerts_off", _ALERTS_OFF)):
        if pattern.match(norm):
            return Detected(kind, _alerts_language(norm))
    return None


def _alerts_language(norm: str) -> str | None:
    """Spanish for any Spanish word, none for the bare keywords, else English."""
    words = set(norm.split())
    if words & _ALERTS_SPANISH:
        return "es"
    return None if words <= _ALERTS_NEUTRAL else "en"


def _asks_about_records_or_the_law(norm: str) -> Detected | None:
    """The whole text asks what we keep, or what police, DCF or the law will do, or tells of
    fear of the police."""
    records, language = asks_about_our_records(norm)
    if records:  # "do u report me or keep my number": the answer about reports too
        return Detected("privacy", language, about_records=True, about_dcf=asks_if_reported(norm))
    immigration, language = asks_about_immigration(norm)
    if immigration:
        return Detected("privacy", language, about_immigration=True)
    asked, language, law = asks_about_police_or_the_law(norm)
    if asked:
        probation = names_probation(norm) and not law
        dcf = names_child_services(norm) or (asks_if_reported(norm) and not probation)
        return Detected(
            "privacy",
            language,
            about_the_law=law and not dcf,
            about_dcf=dcf,
            about_probation=probation and not dcf,
        )
    feared, language = tells_fear_of_police(norm)
    if feared:
        return Detected("privacy", language, about_fear=True)
    return None


# Words a question about records or the law may follow in one text: "police are fine i guess
# but will they arrest me", "im in ware, will this go on my record".
_WORDS_BEFORE_A_PRIVACY_QUESTION = 10


def _asked_after_other_words(norm: str) -> Detected | None:
    """A question about records or the law that ends a text after other words; None when the
    text ends with none."""
    words = norm.split()
    for cut in range(1, min(len(words) - 2, _WORDS_BEFORE_A_PRIVACY_QUESTION) + 1):
        asked = _asks_about_records_or_the_law(" ".join(words[cut:]))
        if asked is not None:
            return replace(asked, after_other_words=True)
    return None


# Calling 911 named in a question about the law ("will i get arrested if i call 911"): the
# words that say 911 are left out to see whether the rest tells of an overdose.
_CALLING_911 = re.compile(
    r"\b(?:if|when|for|after)? ?(?:i|we|you|u)? ?(?:call|calling|dial|dialing|text|texting|"
    r"llamo|llamamos|llamar|llame) (?:al |a )?(?:911|an ambulance|the ambulance|ems)\b"
)
# Words a question about calling 911 may follow: "my sister is using, will she get arrested if
# i call 911?" (whatever they say is still read for an overdose).
_WORDS_BEFORE_A_QUESTION = 6


def _asks_about_calling_911(norm: str, spelled: str) -> Detected | None:
    """A question about what calling 911 (or an ambulance) means for the law, telling of no
    overdose and no call for help at once, is answered as a question; None for any other
    text. Emergencies come first: "will i get arrested if i call 911 hes not breathing" is
    an emergency. An overdose said as "if" before it ("if my friend ods and i call 911 am i
    gonna get arrested") is part of the question (``flows.overdose_if``)."""
    if not names_calling_for_help(spelled):
        return None
    whether, language = asks_whether_to_call_911(norm)
    if whether:
        return Detected("privacy", language, about_the_law=True, about_911=True, overdose_if=True)
    overdose_if = without_the_overdose_if(norm)
    if overdose_if is not None:
        found = _asks_about_calling_911(overdose_if, spelled_right(overdose_if))
        return replace(found, overdose_if=True) if found is not None else None
    words = norm.split()
    for cut in range(min(len(words) - 1, _WORDS_BEFORE_A_QUESTION) + 1):
        question = " ".join(words[cut:])
        asked, language, _ = asks_about_police_or_the_law(question)
        immigration, language = (False, language) if asked else asks_about_immigration(question)
        if (asked or immigration) and names_calling_for_help(question):
            break
    else:
        return None
    rest = _CALLING_911.sub(" ", spelled)
    if overdose_in_progress(rest)[0] or urgent_call(rest)[0]:
        return None
    if immigration:
        return Detected("privacy", language, about_immigration=True)
    return Detected("privacy", language, about_the_law=True, about_911=True)


_SPANISH_WORDS = frozenset(
    {"olvidalo", "olvidelo", "olvidenlo", "olvidate", "olvidese", "importa", "numero",
     "equivocado", "equivoco", "equivocaron", "equivocada", "incorrecto", "errado"}
)  # fmt: skip


def _spanish_start(norm: str) -> bool:
    return bool(_SPANISH_WORDS & set(norm.split()))


def asks_to_withdraw(text: str) -> bool:
    """The whole text asks to cancel a request in so many words ("cancel my request"), or
    the text asks that no one reach out ("dont send anyone to my house")."""
    norm = normalise(text)
    return bool(_WITHDRAW.match(norm) or _NO_CONTACT.search(norm))


def may_withdraw(text: str) -> bool:
    """The text could withdraw a request just made: "nvm", "cancel my request", "i changed my
    mind" (the engine asks the person to confirm first). Never CANCEL or STOP alone."""
    return bool(_NEVER_MIND.match(normalise(text)) or asks_to_withdraw(text))


def opt_out_in(text: str) -> Detected | None:
    """The opt-out this text is, or None: what ``detect`` reads first, before any other kind,
    without reading the rest (whether to look up a request still open, on every text)."""
    return _opt_out(single_word(text), normalise(text, limit=MAX_BODY))


def _opt_out(word: str, norm: str) -> Detected | None:
    if word in OPT_OUT_WORDS:
        return Detected("opt_out", "es" if word == "PARAR" else None)
    stop, language = asks_to_stop(norm)
    if not stop:  # "who is this? stop texting me": the request counts, not the question
        stop, language = asks_to_stop(after_question(norm) or "")
    if stop:
        return Detected("opt_out", language)
    not_by_text, language = asks_not_to_be_texted(norm)
    if not_by_text:
        return Detected("opt_out", language, unless_an_answer=True)
    return _stop_beside_other_words(norm)


def _stop_beside_other_words(norm: str) -> Detected | None:
    """A request to stop said with "wrong number", a yes or no, or anger, before or after it
    ("wrong number, stop", "stop texting me wrong number", "fuck you stop texting me"; with
    "wrong number", "don't text me" too, which then answers nothing of ours): the
    opt-out; None when the text is anything else ("wrong number hes not breathing")."""
    words = norm.split()
    if len(words) > 16:
        return None
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        for said, other in ((head, tail), (tail, head)):
            stop, language = asks_to_stop(other)
            if not stop and _wrong_number_words(said):
                # "wrong number, don't text me" answers no question of ours: it is a stop too
                stop, language = asks_not_to_be_texted(other)
            if not stop:
                continue
            if _wrong_number_words(said):
                spanish = _spanish_start(said) and language != "en"
                return Detected("opt_out", "es" if spanish else language, wrong_number=True)
            if _BESIDE_A_STOP.match(said) or _BESIDE_STOP_ALONE.match(said):
                return Detected("opt_out", language)
            if (
                _said_beside_stop_texting(said, first=said == head)
                and asks_to_stop_texting(other)[0]
            ):
                return Detected("opt_out", language)
    return None


def _said_beside_stop_texting(said: str, first: bool) -> bool:
    """Where the person is, that all is well, news of them, or first a language asked for:
    words a request to stop texting may come with, asking nothing that would outweigh it. A
    language after it ("stop texting me in english") may ask for the other language, and is
    left alone."""
    if first and language_asked(said) is not None:
        return True
    return bool(
        _WHERE_I_AM.match(said)
        or _ALL_IS_WELL.match(said)
        or _THEIR_NEWS.match(said)
        or _THANKS_OR_NO_LANGUAGE.match(said)
    )


def speaks_of_wrong_number(text: str) -> bool:
    """The text says we have the wrong number, alone or with a request to stop."""
    if says_wrong_number(text):
        return True
    found = _stop_beside_other_words(normalise(text, limit=MAX_BODY))
    return found is not None and found.wrong_number


def says_wrong_number(text: str, norm: str | None = None) -> bool:
    """The whole text says we have the wrong number ("sorry wrong #", "número equivocado"),
    maybe asking who we are too ("wrong number who is this")."""
    if norm is None or "#" in (text or ""):
        norm = normalise(_WRONG_HASH.sub("wrong number", text or ""), limit=MAX_BODY)
    return _wrong_number_words(norm)


def _wrong_number_words(norm: str) -> bool:
    """ "wrong number", alone or with a question about us before or after it."""
    if _WRONG_NUMBER.match(norm):
        return True
    asked_first = after_question(norm)
    if asked_first is not None and _WRONG_NUMBER.match(asked_first):
        return True
    found = _WRONG_NUMBER_THEN.match(norm)
    return found is not None and asks_who_we_are(found.group("asked"))[0]


# Naloxone named only to say it is not what is wanted: "she doesn't need narcan", "not narcan",
# "no necesito narcan". Having none ("I don't have narcan", "no narcan here") still asks for it.
_NOT_WANTED = re.compile(
    r"(?:^| )(?:(?:dont|doesnt|didnt|do not|does not|did not|no|not) (?:really |even |actually )?"
    r"(?:need|needs|want|wants|asking for|asking about|looking for|about|for)|not|"
    r"(?:no|ya no) (?:necesito|necesita|necesitamos|quiero|quiere|busco|es|hace falta)|no es)"
    r" (?:(?:any|a|the|some|un|una|la|el) )?(?:" + "|".join(NALOXONE_WORDS) + r")(?: |$)"
)


def without_unwanted_naloxone(text: str) -> str:
    """The text without naloxone named only as not wanted ("she doesnt need narcan"), so the
    rest of the words pick what the text is about; the text as it came when none is."""
    norm = normalise(text)
    if not _NOT_WANTED.search(norm):
        return text
    return _NOT_WANTED.sub(" ", norm).strip() or text


def says_naloxone_is_not_wanted(norm: str) -> bool:
    """Normalised text names naloxone only to say it is not what is wanted ("not narcan")."""
    return bool(_NOT_WANTED.search(norm))


# "ware can i get narcan 01060": "ware" starting a question is "where" misspelt, no town.
_WARE_FOR_WHERE = re.compile(r"^ware (?:can|could|do|does|is|are|r|should|would|to)(?: |$)")
_A_ZIP = re.compile(r"(?:^| )\d{5}(?: |$)")


def ware_for_where(norm: str) -> bool:
    """The text starts with "ware" for "where" and says a ZIP, the place it means; with no
    ZIP, "ware can i get narcan" may still be said in Ware."""
    return bool(_WARE_FOR_WHERE.match(norm) and _A_ZIP.search(norm))


def naloxone_ask(norm: str) -> Detected | None:
    """A one-shot naloxone search ("narcan noho", "narcan open now") in normalised text; not
    naloxone a parent found in their child's things ("found narcan in his car")."""
    words = norm.split()
    if ware_for_where(norm):
        words = words[1:]
    asked = without_what_was_found(norm).split()
    if any(w in NALOXONE_WORDS for w in asked) and not _NOT_WANTED.search(norm):
        rest, open_now = split_open_now(
            [w for w in words if w not in NALOXONE_WORDS and w not in _FILLER]
        )
        question, language = naloxone_question(norm)
        if language is None and "naloxona" in words:
            language = "es"
        return Detected("naloxone", language, " ".join(rest), open_now=open_now, question=question)
    return None


# What a supply search looks for: the site flags (``SiteInfo``) any of which will do.
SUPPLIES = {
    "test_strips": ("test_strips",),
    "syringe_services": ("syringe_services",),
    "supplies": ("test_strips", "syringe_services"),
}
# The words for each supply, longest first where one holds another.
_SUPPLY_WORDS = (
    ("test_strips", r"(?:fentanyl |fent |drug )?(?:test|testing) strips?|fentanyl strips?|"
     r"fent strips?|fentanyl tests?|fts|strips|tiras?(?: de prueba| reactivas)?(?: de fentanilo)?|"
     r"pruebas? de fentanilo"),
    ("syringe_services", r"(?:clean |new |sterile |fresh )?(?:syringes?|needles?|sharps|rigs)|"
     r"(?:syringe|needle) (?:exchange|services?(?: program)?|programs?)|ssp|"
     r"(?:intercambio|programa) de (?:jeringas|agujas)|jeringas?|jeringuillas?|agujas?"),
    ("supplies", r"(?:harm reduction |safer use |safe use )?supplies|harm reduction|"
     r"materiales(?: de reduccion de danos)?|reduccion de danos"),
)  # fmt: skip
_SUPPLY = [(key, re.compile(rf"(?:^| )(?:{words})(?= |$)")) for key, words in _SUPPLY_WORDS]
# A place to go by its very name: "syringe exchange", "ssp", "intercambio de jeringas".
_A_SITE = re.compile(
    r"(?:^| )(?:(?:syringe|needle) (?:exchange|services?|programs?)|ssp|exchange|"
    r"intercambio de (?:jeringas|agujas))(?: |$)"
)
# Asking where to get it: "where can i get", "do you have", "nearest", "dónde consigo".
_ASKS_WHERE = re.compile(
    r"(?:^| )(?:where|wheres|nearest|closest|nearby|near me|around me|close to me|"
    r"(?:can|could|do|how|to|want to|wanna|need to|trying to|tryna)(?: i| we| you| u)? "
    r"(?:get|find|pick up|grab)|"
    r"(?:do|does|can) (?:you|u|yall|you guys|anyone|someone|they) (?:have|has|give|hand out|"
    r"carry|got)|got any|have any|"
    r"donde|conseguir|consigo|consigue|consiguen|obtener|obtengo|cerca de mi|"
    r"mas cercan[oa]s?|^tienen|^hay)(?= |$)"
)
# Supplies named only to say they are not wanted: "no needles", "i dont need test strips".
_NOT_A_SUPPLY_WANTED = re.compile(
    r"(?:^| )(?:dont|doesnt|do not|does not|no|not|ya no) (?:really |even )?"
    r"(?:(?:need|needs|want|wants|use|uses|necesito|quiero|uso) )?(?:any |some |the )?"
    r"(?:test strips|strips|needles|syringes|sharps|supplies|jeringas|agujas|tiras)(?: |$)"
)
_SPANISH_SUPPLY = re.compile(r"(?:^| )(?:tiras?|pruebas?|jeringas?|jeringuillas?|agujas?|"
                             r"materiales|donde|consigo|conseguir)(?: |$)")  # fmt: skip
# Words around the place besides ``_FILLER``: "do you have needles in noho", "clean ones".
_SUPPLY_FILLER = frozenset(
    {"do", "does", "you", "u", "yall", "guys", "have", "has", "got", "give", "hand", "out",
     "carry", "nearest", "closest", "nearby", "how", "could", "want", "wanna", "need", "needs",
     "pick", "up", "grab", "any", "exchange", "program", "obtener", "consiguen", "consigue",
     "tienen", "mas", "cercano", "cercana", "gratis", "donde", "new", "clean", "sterile",
     "too", "also", "and", "more", "tambien", "y"}
)  # fmt: skip
# Where a place is said: after one of these words, to the end of the text.
_BEFORE_A_PLACE = re.compile(r"(?:^| )(?:in|near|around|by|en|cerca de) ")
# Words no place holds: who or whose ("in his room"), an article ("in the car"), a question
# or a verb said of someone ("my son uses needles", "how do i use test strips").
_NO_PLACE_WORDS = frozenset(
    {"i", "im", "id", "ive", "me", "my", "he", "hes", "him", "his", "she", "shes", "her", "they",
     "theyre", "them", "their", "we", "were", "us", "our", "you", "your", "it", "its", "the",
     "a", "an", "this", "that", "these", "those", "how", "what", "why", "who", "when", "which",
     "do", "does", "did", "is", "are", "was", "has", "have", "had", "use", "uses", "using",
     "used", "mi", "mis", "su", "sus", "tu", "el", "ella", "ellos", "yo", "la", "las", "los",
     "un", "una", "que", "como", "usa", "uso", "usan"}
)  # fmt: skip
# A place beside the supply alone is a word or three ("test strips south hadley").
_PLACE_WORDS = 3
# Words that end a place said just after the supply and start something else: "test strips
# 01060 and do they test for tranq", "needles in noho but i have no car".
_AFTER_A_PLACE = frozenset({"and", "but", "also", "plus", "n", "y", "pero"})
# Longer than this, a text naming a supply tells a story ("I found needles in my son's room
# and I don't know what to do") more than it asks for a site.
_SUPPLY_ASK_WORDS = 12


def supplies_ask(norm: str) -> Detected | None:
    """A search for test strips or syringes ("test strips amherst", "where can i get clean
    needles", "jeringas en holyoke") in normalised text: kind "naloxone" with ``supply`` set.
    Words that name no place and ask no "where" are left to the engine to read as usual."""
    words = norm.split()
    if not words or len(words) > _SUPPLY_ASK_WORDS or _NOT_A_SUPPLY_WANTED.search(norm):
        return None
    found = [key for key, pattern in _SUPPLY if pattern.search(norm)]
    if not found:
        return None
    question, language = naloxone_question(norm)
    if question == "stimulants" and "test_strips" in found:
        # "do i need test strips for crack": the answer says naloxone too, then its finder
        return Detected("naloxone", language, "", question=question)
    supply = found[0] if len(found) == 1 else "supplies"
    asks_where = bool(_ASKS_WHERE.search(norm) or _A_SITE.search(norm))
    place, open_now = _supply_place(norm, asks_where)
    if not asks_where and not place:
        return None
    language = "es" if _SPANISH_SUPPLY.search(norm) else None
    return Detected(
        "naloxone",
        language,
        " ".join(place),
        open_now=open_now,
        supply=supply,
        asks_where=asks_where,
    )


def _supply_place(norm: str, asks_where: bool) -> tuple[list[str], bool]:
    """The place a supply search names, and whether it asks for a site open now. In a
    where-question, whatever words are left; else a place said after "in", "near", "en"...
    ("needles in northampton"), or beside the supply alone ("test strips amherst"). Words that
    tell of someone ("my son uses needles", "in his room") name no place."""
    rest = _without_supplies(norm)
    if asks_where:
        return _place_words(rest.split())
    for said in _BEFORE_A_PLACE.finditer(rest):
        after = rest[said.end() :].split()
        place, open_now = _place_words(after)
        if place and _a_place(after):
            return place, open_now
        place, open_now = _place_then_more(after)
        if place:
            return place, open_now
    place, open_now = _place_words(rest.split())
    if _a_place(rest.split()) and len(place) <= _PLACE_WORDS:
        return place, open_now
    for said in (m for _key, pattern in _SUPPLY for m in pattern.finditer(norm)):
        place, open_now = _place_then_more(norm[said.end() :].split())
        if place:
            return place, open_now
    return [], False


def _place_then_more(words: list[str]) -> tuple[list[str], bool]:
    """A place said first, then "and", "but"... and anything at all: "01060 and do they test
    for tranq too" is 01060. Words that tell of someone or ask are no place."""
    end = next((i for i, w in enumerate(words) if w in _AFTER_A_PLACE), None)
    if not end or not _a_place(words[:end]):
        return [], False
    place, open_now = _place_words(words[:end])
    return (place, open_now) if len(place) <= _PLACE_WORDS else ([], False)


def _without_supplies(norm: str) -> str:
    for _key, pattern in _SUPPLY:
        norm = pattern.sub(" ", norm)
    return " ".join(norm.split())


def _place_words(words: list[str]) -> tuple[list[str], bool]:
    return split_open_now([w for w in words if w not in _FILLER and w not in _SUPPLY_FILLER])


def _a_place(words: list[str]) -> bool:
    """Words that may name a place: none tells of someone, asks or says what they do."""
    return not _NO_PLACE_WORDS.intersection(words)


def is_opt_in(text: str) -> bool:
    """START, UNSTOP or YES as the whole message."""
    return single_word(text) in OPT_IN_WORDS


# The texts that keep people safe and the program lawful. They are read from the system flow
# (or the defaults below) only: a string of the same name in another flow must never replace
# 911 steps, 988, the HELP and STOP answers, or the word that no police will come.
SYSTEM_ONLY_STRINGS = frozenset(
    {"opted_out", "opted_in", "help", "how_to_stop", "emergency_1", "emergency_2", "emergency_3",
     "crisis", "sleep_it_off",
     "police_refused", "police_refused_before", "urgent_self", "emergency_self", "not_police",
     "using_alone", "after_a_break", "wound_care", "after_steps", "after_steps_no_naloxone",
     "after_steps_breaths", "after_steps_help_coming", "after_steps_death",
     "after_steps_no_ambulance", "after_steps_sleep", "after_steps_withdrawal",
     "after_steps_second_dose",
     "after_steps_death_talk", "after_death_call_911", "media_after_steps",
     "confidential", "police_may_reach_out", "no_police_will", "not_dcf", "calling_911",
     "automated", "withdraw_ask", "withdrawn",
     "immigration", "probation", "pregnant_using", "calling_911_if", "never_use_alone",
     "never_use_alone_police", "good_samaritan_limits", "drug_checking",
     "withdraw_kept",
     "withdraw_late", "opted_out_request_open", "opted_out_request_open_text_only",
     "still_trying", "wrong_number_referred", "alerts_on", "alerts_off",
     # Said after a fault, once the conversation (and so its flow) is dropped: a flow's own
     # version would never be sent, and must not look as if it were.
     "error"}
)  # fmt: skip
# What each of them must say, in every language, whoever edits it. Also the texts any flow
# may give its own version of that stand in for or follow the safety texts: "error" can
# replace emergency steps already said (a script fault mid-step drops them), and "resume"
# follows every emergency, crisis and HELP text said mid-conversation.
REQUIRED_WORDS = {
    "emergency_1": "911",
    "urgent_self": "911",
    "emergency_self": "911",
    "sleep_it_off": "911",
    "still_trying": "911",
    "automated": "911",
    "using_alone": "911",
    "after_a_break": "911",
    "after_steps": "911",
    "post_overdose": "911",
    "media_after_steps": "911",
    "after_steps_no_naloxone": "911",
    "after_steps_breaths": "911",
    "after_steps_help_coming": "911",
    "after_steps_no_ambulance": "911",
    "after_steps_sleep": "911",
    "after_steps_withdrawal": "911",
    "after_steps_second_dose": "911",
    "after_steps_death": "911",
    "after_steps_death_talk": "988",
    "after_death_call_911": "911",
    "calling_911": "911",
    "immigration": "911",
    "probation": "911",
    "calling_911_if": "911",
    "never_use_alone": "911",
    "never_use_alone_police": "911",
    "good_samaritan_limits": "911",
    "drug_checking": "911",
    "naloxone_use": "911",
    "naloxone_not_reversed": "911",
    "naloxone_tranq": "911",
    "naloxone_stimulants": "911",
    "crisis": "988",
    "request_distress": "988",
    "upset": "988",
    "request_loss_noted": "988",
    "request_when": "988",
    "request_reached": "988",
    "request_distress_late": "988",
    "request_late": "911",
    "request_distress_text_only": "988",
    "request_reached_text_only": "988",
    "request_distress_late_text_only": "988",
    "request_late_text_only": "911",
    "closed_unreached": "911",
    "closed_unreached_text_only": "911",
    "closed_unreached_distress": "988",
    "closed_unreached_distress_text_only": "988",
    "help": "STOP",
    "how_to_stop": "STOP",
    "opted_out": "START",
    "opted_out_request_open": "911",
    "opted_out_request_open_text_only": "911",
    "error": "911",
    "resume": "MENU",
    "stopped": "MENU",
    "request_closed": "MENU",
    "withdrawn_asked": "MENU",
    "wrong_number": "MENU",
    "wrong_number_referred": "START",
}


# Defaults for the strings the engine itself sends. The shipped ``system`` flow holds the
# same keys so admins can edit them; these stand in if a string is missing.
DEFAULT_STRINGS: dict[str, dict[str, str]] = {
    "opted_out": {
        "en": "You're unsubscribed from {program_name} and won't get more texts. "
        "Text START to come back. You can still call us at {program_phone}, or 911 in an "
        "emergency.",
        "es": "Ya no recibira mensajes de {program_name}. Envie START para volver. "
        "Puede seguir llamando al {program_phone}, o al 911 en una emergencia.",
    },
    "opted_in": {
        "en": "Welcome back to {program_name}. Text MENU to see how we can help. "
        "Text STOP any time to stop.",
        "es": "Bienvenido de nuevo a {program_name}. Envie MENU para ver las opciones. "
        "Envie STOP para dejar de recibir mensajes.",
    },
    "help": {
        "en": "{program_name}: free, confidential substance use support in Hampshire County. "
        "To reach a person call {program_phone}. Text STOP to stop, MENU for options. "
        "Msg & data rates may apply. Emergency: 911. Crisis: call or text 988.",
        "es": "{program_name}: apoyo gratis y confidencial sobre el uso de sustancias en el "
        "condado de Hampshire. "
        "Para hablar con una persona llame al {program_phone}. STOP para salir, MENU para "
        "opciones. Pueden aplicarse tarifas. Emergencia: 911. Crisis: 988.",
    },
    "alerts_on": {
        "en": "You're signed up for bad batch alerts for Hampshire County: we'll text you when "
        "a dangerous supply is reported. Text ALERTS OFF to stop them. STOP stops all texts.",
        "es": "Listo: le avisaremos por texto cuando se reporte droga peligrosa (bad batch) en "
        "el condado de Hampshire. Envie ALERTAS NO para dejar las alertas. STOP detiene todos "
        "los mensajes.",
    },
    "alerts_off": {
        "en": "You won't get bad batch alerts anymore. Our other texts are not affected. "
        "Text ALERTS to sign up again.",
        "es": "Ya no recibira alertas de droga peligrosa. Los demas mensajes siguen igual. "
        "Envie ALERTAS para volver a recibirlas.",
    },
    # "how do i stop these texts": told how, not opted out for asking.
    "how_to_stop": {
        "en": "Reply STOP to stop texts from us.",
        "es": "Responda STOP para dejar de recibir nuestros mensajes.",
    },
    "emergency_1": {
        "en": "If someone may be overdosing, call 911 now. We are not an emergency service. Try "
        "to wake them: shout their name and rub their breastbone hard. Give naloxone (Narcan) "
        "nasal spray in one nostril, no priming needed. Give rescue breaths if the 911 "
        "dispatcher asks.",
        "es": "Si alguien puede tener una sobredosis, llame al 911 ahora. No somos un servicio "
        "de emergencia. Trate de despertar a la persona: grite su nombre y frote fuerte el "
        "esternon. Dé naloxona (Narcan) en spray en una fosa nasal, sin cebar. Dé respiraciones "
        "de rescate si el 911 se lo pide.",
    },
    "emergency_2": {
        "en": "MA Good Samaritan law (c.94C s.34A): if you seek help for an overdose, you and "
        "the person overdosing won't be charged or prosecuted for drug possession, or violated "
        "on probation, parole or pretrial release, for evidence found because you sought help. "
        "It does not cover selling or possession with intent.",
        "es": "Ley del Buen Samaritano de MA (c.94C s.34A): si pide ayuda por una sobredosis, ni "
        "usted ni la persona seran acusados ni procesados por posesion de drogas, ni sancionados "
        "en su libertad condicional, bajo palabra o previa al juicio, por lo hallado al pedir "
        "ayuda. No cubre venta ni posesion para vender.",
    },
    "emergency_3": {
        "en": "Lay them on their side (recovery position). No response after 2-3 min? Give a 2nd "
        "dose in the other nostril. Please stay with them: naloxone wears off in 30-90 min and "
        "the overdose can return. It does not reverse benzos or alcohol.",
        "es": "Pongala de lado (posicion de recuperacion). ¿No responde en 2-3 min? Dé una 2a "
        "dosis en la otra fosa nasal. Quédese con la persona: la naloxona dura 30-90 min y la "
        "sobredosis puede volver. No revierte benzos ni alcohol.",
    },
    # "can he just sleep it off" beside a sign: after emergency_1.
    "sleep_it_off": {
        "en": "Please don't leave them to sleep it off: an overdose can look like deep sleep. "
        "Stay with them and keep them awake. If they can't be woken or their breathing slows, "
        "call 911 and give naloxone (Narcan).",
        "es": "Por favor no la deje dormir para que se le pase: una sobredosis puede parecer "
        "sueño profundo. Quédese con la persona y manténgala despierta. Si no despierta o "
        "respira mas despacio, llame al 911 y dé naloxona (Narcan).",
    },
    "crisis": {
        "en": "Thank you for telling us. You deserve support right now. Call or text 988 any "
        "time, or the MA Behavioral Health Help Line: 833-773-2445 (call or text). In an "
        "emergency call 911.",
        "es": "Gracias por decirnoslo. Usted merece apoyo ahora. Llame o envie un texto al 988, "
        "o a la Linea de Salud Conductual de MA: 833-773-2445 (llamada o texto). En una "
        "emergencia llame al 911.",
    },
    "urgent_self": {
        "en": "If you feel like you might pass out, call 911 now and tell someone near you. "
        "Please don't stay alone: if you have naloxone (Narcan), ask them to give it to you if "
        "you stop responding. Never Use Alone: 1-800-484-3731.",
        "es": "Si siente que puede desmayarse, llame al 911 ahora y avise a alguien cerca. No se "
        "quede a solas: si tiene naloxona (Narcan), pidale que se la dé si usted deja de "
        "responder. Never Use Alone: 1-800-484-3731.",
    },
    # "i think im overdosing", "i took too much": in place of steps for a bystander.
    "emergency_self": {
        "en": "If you may be overdosing, call 911 now. We are not an emergency service. If you "
        "can, unlock your door and tell someone near you. Ask them to give you naloxone (Narcan) "
        "if you stop responding. Never Use Alone: 1-800-484-3731.",
        "es": "Si puede tener una sobredosis, llame al 911 ahora. No somos un servicio de "
        "emergencia. Si puede, quite el seguro de la puerta y avise a alguien cerca. Pidale que "
        "le dé naloxona (Narcan) si usted deja de responder. Never Use Alone: 1-800-484-3731.",
    },
    # "ok hes breathing now", "what now" soon after the emergency steps.
    "after_steps": {
        "en": "Please stay with them: naloxone wears off in 30-90 min and the overdose can "
        "return. Keep them on their side. If they stop breathing again or won't wake up, call "
        "911 now.",
        "es": "Quédese con la persona: la naloxona dura 30-90 min y la sobredosis puede volver. "
        "Manténgala de lado. Si deja de respirar otra vez o no despierta, llame al 911 ahora.",
    },
    # "i dont have any narcan" soon after the emergency steps: 911 brings it. Must say 911.
    "after_steps_no_naloxone": {
        "en": "Call 911 now if you haven't: the ambulance brings naloxone. Give rescue breaths if "
        "the dispatcher asks. Lay them on their side and stay with them until help comes.",
        "es": "Llame al 911 ahora si no lo ha hecho: la ambulancia trae naloxona. Dé respiraciones "
        "de rescate si el 911 se lo pide. Pongala de lado y quédese con la persona hasta que "
        "llegue ayuda.",
    },
    # "should i do cpr", "how do i do rescue breaths" soon after the steps. Must say 911.
    "after_steps_breaths": {
        "en": "Call 911 now if you haven't, and put the phone on speaker: the dispatcher will "
        "guide you through rescue breaths or CPR. Give naloxone (Narcan) if you have it. Stay with "
        "them.",
        "es": "Llame al 911 ahora si no lo ha hecho y ponga el telefono en altavoz: le guiaran con "
        "las respiraciones de rescate o la RCP. Dé naloxona (Narcan) si la tiene. Quédese con la "
        "persona.",
    },
    # "ok 911 is coming", "paramedics are here" soon after the steps. Must say 911.
    "after_steps_help_coming": {
        "en": "You did the right thing. Stay with them and keep them on their side until the "
        "paramedics take over. If they stop breathing, tell 911 and give naloxone (Narcan) if you "
        "have it.",
        "es": "Hizo lo correcto. Quédese con la persona y manténgala de lado hasta que los "
        "paramedicos se hagan cargo. Si deja de respirar, digaselo al 911 y dé naloxona (Narcan) "
        "si la tiene.",
    },
    # "they took him to the hospital" soon after the steps: a kind word for the one
    # texting, then the menu.
    "after_steps_hospital": {
        "en": "You did the right thing by getting them help. It's ok to feel shaken: take a slow "
        "breath and be gentle with yourself. We're here if you'd like support for yourself or for "
        "them.",
        "es": "Hizo lo correcto al conseguirle ayuda. Es normal sentirse asi: respire despacio y "
        "cuidese. Estamos aqui si desea apoyo para usted o para esa persona.",
    },
    # "he dont want the ambulance" soon after the steps: their choice, but not alone for hours.
    # Must say 911.
    "after_steps_no_ambulance": {
        "en": "They can say no to the ambulance or hospital. Please stay with them for the next "
        "few hours, or have someone else stay: naloxone wears off in 30-90 min and the "
        "overdose can come back. If they stop breathing or won't wake up, call 911.",
        "es": "La persona puede decir que no a la ambulancia o al hospital. Quédese con ella unas "
        "horas, o que otra persona se quede: la naloxona dura 30-90 min y la sobredosis puede "
        "volver. Si deja de respirar o no despierta, llame al 911.",
    },
    # "can he just sleep it off" soon after the steps: not alone, on their side. Must say 911.
    "after_steps_sleep": {
        "en": "Please don't leave them alone to sleep it off. Stay with them for the next few "
        "hours and keep them on their side: naloxone wears off in 30-90 min and the overdose can "
        "come back. If they stop breathing or won't wake up, call 911.",
        "es": "Por favor no la deje dormir a solas. Quédese con la persona unas horas y manténgala "
        "de lado: la naloxona dura 30-90 min y la sobredosis puede volver. Si deja de respirar o "
        "no despierta, llame al 911.",
    },
    # "hes dopesick", "he wants to use again" after naloxone: withdrawal is expected, and using
    # again is met with harm reduction, no lecture. Must say 911.
    "after_steps_withdrawal": {
        "en": "Feeling sick after naloxone is withdrawal: it's expected and it passes. Using again "
        "soon can bring the overdose back as the naloxone wears off. If they use, use less, not "
        "alone, with naloxone (Narcan) ready. Never Use Alone: 1-800-484-3731. If they stop "
        "breathing, call 911.",
        "es": "Sentirse mal despues de la naloxona es abstinencia: es normal y se pasa. Usar otra "
        "vez pronto puede traer otra sobredosis cuando la naloxona se pase. Si usa, que use menos, "
        "no a solas y con naloxona (Narcan) a mano. Never Use Alone: 1-800-484-3731. Si deja de "
        "respirar, llame al 911.",
    },
    # "i gave narcan but he still not breathing" soon after the steps: the next step only, not the
    # first steps again. Must say 911.
    "after_steps_second_dose": {
        "en": "If it's been 2-3 min since the naloxone, give a 2nd dose in the other nostril. Stay "
        "on the line with 911 (call now if you haven't) and give rescue breaths if the dispatcher "
        "says to. Stay with them.",
        "es": "Si han pasado 2-3 min desde la naloxona, dé una 2a dosis en la otra fosa nasal. "
        "Siga en la linea con el 911 (llame ahora si no lo ha hecho) y dé respiraciones de rescate "
        "si se lo piden. Quédese con la persona.",
    },
    # "hes gone", "hes been cold for hours" soon after the steps: 911 still, then the law
    # (emergency_2), then someone to talk to and 988.
    "after_steps_death": {
        "en": "We are so sorry. Please still call 911: they need to come, even now. It is not "
        "too late to get help for you, and they will tell you what to do.",
        "es": "Lo sentimos mucho. Por favor llame al 911 de todos modos: tienen que venir, "
        "incluso ahora. No es tarde para que usted reciba ayuda, y le diran que hacer.",
    },
    "after_steps_death_talk": {
        "en": "You don't have to go through this alone. Reply TALK if you'd like someone from "
        "our team to call you. For support any time, call or text 988.",
        "es": "No tiene que pasar por esto a solas. Responda HABLAR si desea que alguien de "
        "nuestro equipo le llame. Para apoyo a toda hora, llame o envie un texto al 988.",
    },
    # "what do i do" soon after after_steps_death: 911 again, then after_steps_death_talk.
    "after_death_call_911": {
        "en": "Please call 911 now if you have not yet. They need to come, even now, and they "
        "will tell you what to do.",
        "es": "Por favor llame al 911 ahora si todavia no lo ha hecho. Tienen que venir, aun "
        "ahora, y le diran que hacer.",
    },
    # "im gonna use alone tonight", "voy a usar solo": Never Use Alone at once, then the menu.
    "using_alone": {
        "en": "Thank you for telling us. If you use alone, Never Use Alone (1-800-484-3731) "
        "stays on the line while you use and sends help if you stop responding. Keep naloxone "
        "(Narcan) with you: text NARCAN and your town to find it free. If someone may be "
        "overdosing, call 911.",
        "es": "Gracias por decirnos. Si usa a solas, Never Use Alone (1-800-484-3731) se queda "
        "en la linea mientras usa y manda ayuda si deja de responder. Lleve naloxona (Narcan) "
        "con usted: envie NARCAN y su pueblo para encontrarla gratis. Si alguien puede tener "
        "una sobredosis, llame al 911.",
    },
    # "just got released, gonna use tonight", "sali del programa y voy a usar": lower tolerance
    # at once, then the menu.
    "after_a_break": {
        "en": "Thanks for telling us. After time away your tolerance is lower: your old amount "
        "can cause an overdose. Try much less, go slow, and use test strips if you can. If "
        "alone, call Never Use Alone 1-800-484-3731. Have naloxone (Narcan) and someone to "
        "give it. Overdose: 911. To talk with us, text MENU then 1.",
        "es": "Gracias por decirnos. Tras un tiempo sin usar, su tolerancia baja: lo de antes "
        "puede causar una sobredosis. Use mucho menos, despacio, con tiras de prueba si puede. Si "
        "usa a solas: Never Use Alone 1-800-484-3731. Tenga naloxona (Narcan) y alguien que se la "
        "dé. Sobredosis: 911. Para hablar, envie MENU y 1.",
    },
    # "my tranq wound is getting black": when to see a doctor and where to get wound care.
    "wound_care": {
        "en": "Wounds, tranq (xylazine) wounds too, can get serious. Black skin, a bad smell, a "
        "fever or spreading redness: see a doctor or go to urgent care or the ER soon, don't "
        "wait. Syringe services like Tapestry help with wound care and supplies. Text NEEDLES "
        "and your town for sites, or MENU to talk with someone.",
        "es": "Las heridas de tranq (xilacina) y otras pueden ponerse graves. Piel negra, mal "
        "olor, fiebre o piel roja que se extiende: vea a un médico o vaya a urgencias pronto, no "
        "espere. Programas de jeringas como Tapestry ayudan con heridas y materiales. Envie "
        "JERINGAS y su pueblo, o MENU para hablar con alguien.",
    },
    "police_refused": {
        "en": "Got it: no police officers will be part of your team.",
        "es": "Entendido: ningun policia sera parte de su equipo.",
    },
    "police_refused_before": {
        "en": "As you asked, no police officers will be part of your team. To change that, "
        "call {program_phone}.",
        "es": "Como pidio, ningun policia sera parte de su equipo. Para cambiarlo, llame al "
        "{program_phone}.",
    },
    "not_police": {
        "en": "No, this is {program_name}, confidential substance use support. Police join your "
        "team only if you say so. You can text NO POLICE any time.",
        "es": "No, esto es {program_name}, apoyo confidencial sobre sustancias. La policia solo "
        "entra en su equipo si usted acepta. Envie SIN POLICIA cuando quiera.",
    },
    # "will the cops come if i call 911": call first; the Good Samaritan law (emergency_2)
    # follows it. Said in place of "confidential", whose "police join your team only if you say
    # so" could be read as an answer about 911.
    "calling_911": {
        "en": "If someone may be overdosing, call 911 now. The law protects whoever calls:",
        "es": "Si alguien puede tener una sobredosis, llame al 911 ahora. La ley protege a quien "
        "llama:",
    },
    # "is this confidential", "do you report to police", "will i get arrested": what we are,
    # and that police come only with the person's yes. About arrest, the Good Samaritan law
    # (emergency_2) follows it.
    "confidential": {
        "en": "{program_name} is confidential substance use support, not the police. Police join "
        "your team only if you say so. You can text NO POLICE any time.",
        "es": "{program_name} es apoyo confidencial sobre sustancias, no la policia. La policia "
        "solo entra en su equipo si usted acepta. Envie SIN POLICIA cuando quiera.",
    },
    # After their request, a worry about police contact: where they stand, in place of
    # "confidential" (an officer may reach out as they said, or no police will).
    "police_may_reach_out": {
        "en": "{program_name} is confidential substance use support, not the police. You said "
        "a police officer may be part of your team, so one may reach out. If you'd rather not, "
        "text NO POLICE and only peers will.",
        "es": "{program_name} es apoyo confidencial sobre sustancias, no la policia. Usted dijo "
        "que un policia puede ser parte de su equipo, asi que uno podria contactarle. Si "
        "prefiere que no, envie SIN POLICIA y solo le contactaran pares.",
    },
    "no_police_will": {
        "en": "{program_name} is confidential substance use support, not the police. Your team "
        "is peers only: no police will contact you.",
        "es": "{program_name} es apoyo confidencial sobre sustancias, no la policia. Su equipo "
        "es solo de pares: ningun policia le va a contactar.",
    },
    # "will you report me", "will dcf take my baby": texting is no report, we don't ask about
    # children or pregnancy, and a team member who may have to report says so first.
    "not_dcf": {
        "en": "Texting us is not a report to anyone, not to DCF or the police. We don't ask "
        "about children or pregnancy. Some team members may have to report if a child is in "
        "danger, so they will say so before you share anything, and you choose what to tell "
        "them.",
        "es": "Escribirnos no es hacer un reporte a nadie, ni a DCF ni a la policia. No "
        "preguntamos por hijos ni embarazo. Algunos miembros del equipo podrian tener que "
        "reportar si un niño esta en peligro, asi que se lo diran antes de que cuente algo, y "
        "usted decide que contarles.",
    },
    # "do u tell my PO": we don't contact probation or parole, and the Good Samaritan law's
    # word on violations.
    "probation": {
        "en": "{program_name} does not contact probation or parole. If you call 911 for an "
        "overdose, the MA Good Samaritan law protects you and the person overdosing from being "
        "violated on probation, parole or pretrial release for evidence found because you "
        "sought help.",
        "es": "{program_name} no se comunica con libertad condicional ni bajo palabra. Si llama "
        "al 911 por una sobredosis, la ley del Buen Samaritano de MA les protege a usted y a la "
        "persona de sanciones en su libertad condicional, bajo palabra o previa al juicio por lo "
        "hallado al pedir ayuda.",
    },
    # "im pregnant and using": welcome, medication in pregnancy, and how to have our team
    # reach out. Never a lecture.
    "pregnant_using": {
        "en": "Thank you for telling us. You're welcome here. Stopping opioids suddenly in "
        "pregnancy can be risky, so it may help to talk with a doctor or our team about "
        "medication: methadone and buprenorphine are used safely in pregnancy. To have our "
        "team reach out, text MENU and pick 1.",
        "es": "Gracias por decirnos. Aqui es bienvenida. Dejar los opioides de golpe en el "
        "embarazo puede ser riesgoso, asi que puede ayudar hablar con un médico o con el equipo "
        "sobre medicamentos: la metadona y la buprenorfina se usan con seguridad en el embarazo. "
        "Para que el equipo le contacte, envie MENU y elija 1.",
    },
    # "me van a deportar", "do you tell ICE": what is true of the line, and 911 still the safest
    # call. Never the Good Samaritan law, which covers drug charges, not immigration.
    "immigration": {
        "en": "{program_name} does not ask about immigration status or share information with "
        "immigration (ICE). Our team is not the police or ICE. In an emergency, calling 911 for "
        "medical help is still the safest thing to do.",
        "es": "{program_name} no pregunta por su estatus migratorio ni comparte informacion con "
        "inmigracion (ICE). Nuestro equipo no es la policia ni ICE. En una emergencia, llamar al "
        "911 para pedir ayuda médica sigue siendo lo mas seguro.",
    },
    # "if my friend ods and i call 911 am i gonna get arrested": a question, no emergency: 911
    # if it happens, then the Good Samaritan law (emergency_2). Must say 911.
    "calling_911_if": {
        "en": "If it happens, call 911 right away. The law protects whoever calls:",
        "es": "Si pasa, llame al 911 de inmediato. La ley protege a quien llama:",
    },
    # "whats the never use alone number": what it is, and plainly that EMS, and so maybe police,
    # come to the address given. Then the menu (or the question waits). Must say 911.
    "never_use_alone": {
        "en": "Never Use Alone (1-800-484-3731) is a line to call when you use alone. They "
        "stay on the line while you use. If you stop responding, they send EMS to the "
        "address you gave them. Police may come with EMS. Overdose: call 911.",
        "es": "Never Use Alone (1-800-484-3731) es una linea para llamar cuando usa a solas. "
        "Se quedan en la linea mientras usa. Si deja de responder, mandan EMS "
        "(ambulancia) a la direccion que les dio. La policia puede venir con EMS. "
        "Sobredosis: llame al 911.",
    },
    # "do they call cops" after Never Use Alone was told, "does never use alone call the cops":
    # about that line, not ours. Must say 911.
    "never_use_alone_police": {
        "en": "Never Use Alone is a separate line from ours. They stay on the line while you "
        "use, and send EMS to the address you gave them only if you stop responding. "
        "Police may come with EMS. Never Use Alone: 1-800-484-3731. Overdose: 911.",
        "es": "Never Use Alone es una linea aparte de la nuestra. Se quedan en la linea "
        "mientras usa y mandan EMS (ambulancia) a la direccion que les dio solo si deja "
        "de responder. La policia puede venir con EMS. Never Use Alone: 1-800-484-3731. "
        "Sobredosis: 911.",
    },
    # "what if i got a lot on me", "what if i have a warrant" after the Good Samaritan law: what
    # it does not cover (MGL c.94C s.34A), and no legal advice beyond it. Must say 911.
    "good_samaritan_limits": {
        "en": "The Good Samaritan law covers drug possession found because you sought help "
        "for an overdose. It does not cover trafficking, selling or possession with "
        "intent to sell. We can't give legal advice on amounts, warrants or your case. "
        "Overdose: still call 911.",
        "es": "La ley del Buen Samaritano cubre la posesion de drogas hallada al pedir ayuda "
        "por una sobredosis. No cubre trafico, venta ni posesion para vender. No "
        "podemos dar consejo legal sobre cantidades, ordenes de arresto ni su caso. "
        "Sobredosis: llame igual al 911.",
    },
    # "how do i test my pills for fent", "can i get my pills checked somewhere": test strips and
    # their search, and the state's drug checking (Northampton is a site). Must say 911.
    "drug_checking": {
        "en": "Fentanyl test strips can show if pills or powder have fentanyl. They're free, "
        "no name needed: text STRIPS and your town to find them. Massachusetts also "
        "runs drug checking, with a site in Northampton. Go slow and try not to use "
        "alone. Overdose: 911.",
        "es": "Las tiras de prueba de fentanilo muestran si las pastillas o el polvo tienen "
        "fentanilo. Son gratis, sin dar su nombre: envie TIRAS y su pueblo para "
        "encontrarlas. Massachusetts tambien analiza drogas, con un sitio en "
        "Northampton. Vaya despacio y trate de no usar a solas. Sobredosis: 911.",
    },
    # "can i talk to a real person", "this bot is useless", "fuck you": no blame, no scolding.
    "automated": {
        "en": "Sorry, this line is automated. To talk with a person, call {program_phone}. To "
        "have our team reach out, text MENU: 1 for you, 2 for a loved one. Emergency: 911.",
        "es": "Disculpe, esta linea es automatica. Para hablar con una persona, llame al "
        "{program_phone}. Para que el equipo le contacte, envie MENU: 1 para usted, 2 para un "
        "ser querido. Emergencia: 911.",
    },
    # "nvm" or "cancel my request" while their request is open and nobody has reached them:
    # withdrawing it is their choice, asked once to be sure (a "nvm" may mean the chat only).
    "withdraw_ask": {
        "en": "Do you want to cancel your request for our team to reach out? Reply YES to "
        "cancel it, or NO to keep it.",
        "es": "¿Quiere cancelar su solicitud para que el equipo le contacte? Responda SI para "
        "cancelarla, o NO para mantenerla.",
    },
    "withdrawn": {
        "en": "OK, we've cancelled your request, and no one will reach out about it. Text MENU "
        "any time if you want help again.",
        "es": "De acuerdo, cancelamos su solicitud y nadie le contactara por ella. Envie MENU "
        "cuando quiera si necesita ayuda otra vez.",
    },
    "withdraw_kept": {
        "en": "OK, your request stays in. Someone from our team will reach out. Text MENU for "
        "other options.",
        "es": "De acuerdo, su solicitud sigue en pie. Alguien del equipo le contactara. Envie "
        "MENU para otras opciones.",
    },
    # YES came after someone from the team reached them (or it was closed meanwhile).
    "withdraw_late": {
        "en": "Your request is already with our team, so we can't cancel it here. To cancel "
        "it, call {program_phone}.",
        "es": "Su solicitud ya esta con nuestro equipo y no podemos cancelarla aqui. Para "
        "cancelarla, llame al {program_phone}.",
    },
    # The opt-out confirmation while a request stays open: CANCEL is a carrier's opt-out word,
    # and the person may think their request went with it, while a responder may still call.
    # It says the request stands and how to cancel it, by calling us as ``withdraw_late`` says
    # (texts go unanswered until START).
    "opted_out_request_open": {
        "en": "You're unsubscribed from {program_name} and won't get more texts. Your request "
        "is still open, so someone from our team may still call you. To cancel it, call "
        "{program_phone}. Text START to come back. In an emergency, call 911.",
        "es": "Ya no recibira mensajes de {program_name}. Su solicitud sigue abierta, asi que "
        "alguien del equipo aun puede llamarle. Para cancelarla, llame al {program_phone}. "
        "Envie START para volver. En una emergencia, llame al 911.",
    },
    # Text only as well: nobody can reach them while texts are off, so never "may call".
    "opted_out_request_open_text_only": {
        "en": "You're unsubscribed from {program_name} and won't get more texts. Your "
        "request is still open, but we can't reach you while texts are off. Text START so "
        "our team can text you. In an emergency, 911.",
        "es": "Ya no recibira mensajes de {program_name}. Su solicitud sigue abierta, pero "
        "sin mensajes no podemos comunicarnos con usted. Envie START para que el equipo le "
        "escriba. Emergencia: 911.",
    },
    # Texted (not a reply) to a person promised contact whom nobody reached by the deadline.
    "still_trying": {
        "en": "{program_name}: we're sorry we haven't reached you yet. We're still trying. If "
        "you need help sooner, call {program_phone}. If someone is overdosing, call 911.",
        "es": "{program_name}: lamentamos no haber podido contactarle todavia. Seguimos "
        "intentando. Si necesita ayuda antes, llame al {program_phone}. Si alguien tiene una "
        "sobredosis, llame al 911.",
    },
    "resume": {
        "en": "When you're ready, reply to our last question to carry on, or text MENU.",
        "es": "Cuando quiera, responda a la ultima pregunta para seguir, o envie MENU.",
    },
    # "nvm", "forget it", "olvídalo": the conversation is dropped (no opt-out).
    "stopped": {
        "en": "OK, we've stopped there. Text MENU any time to start again, or call 911 in an "
        "emergency.",
        "es": "De acuerdo, lo dejamos aqui. Envie MENU cuando quiera para empezar de nuevo, o "
        "llame al 911 en una emergencia.",
    },
    # "wrong number" from a number that texted us first.
    "wrong_number": {
        "en": "No problem, sorry for the mix-up! This is {program_name}, free and confidential "
        "substance use support. If you ever need us, text MENU.",
        "es": "No se preocupe, disculpe. Esto es {program_name}, apoyo gratis y confidencial "
        "sobre sustancias. Si algun dia nos necesita, envie MENU.",
    },
    # "wrong number" from a number we texted first (a partner's referral): never texted again.
    "wrong_number_referred": {
        "en": "Sorry for the mix-up: we won't text this number again. This is {program_name}, "
        "free substance use support. If you ever need us, text START.",
        "es": "Disculpe: no volveremos a escribir a este numero. Esto es {program_name}, apoyo "
        "gratis sobre sustancias. Si algun dia nos necesita, envie START.",
    },
    # "delete my info", "do you keep my texts": what is kept, STOP, and who deletes it.
    "our_records": {
        "en": "Only our team sees your texts. We keep them for a set time so we can help, then "
        "delete your words and your number, and keep only counts. Text STOP to stop our "
        "texts. To have your texts deleted now, call {program_phone}.",
        "es": "Solo nuestro equipo ve sus mensajes. Los guardamos un tiempo para poder "
        "ayudarle, luego borramos sus palabras y su numero, y solo quedan cifras. Envie STOP "
        "para no recibir mas mensajes. Para que borremos sus mensajes ahora, llame al "
        "{program_phone}.",
    },
    # "why do you need my town": what it is for, and that it may be left out.
    "why_town": {
        "en": "We ask for your town only to find the team member and naloxone sites nearest "
        "you. You don't have to say: you can reply SKIP.",
        "es": "Pedimos su pueblo solo para encontrar al miembro del equipo y los sitios de "
        "naloxona mas cercanos. No tiene que decirlo: puede responder SALTAR.",
    },
    "after_interrupt": {
        "en": "Text MENU any time to see how we can help.",
        "es": "Envie MENU para ver como podemos ayudar.",
    },
    "back_to": {
        "en": "Back to where we were:",
        "es": "Volvamos a donde estabamos:",
    },
    "media_only": {
        "en": "We got your message, but we can only read words here, not photos or other files.",
        "es": "Recibimos su mensaje, pero aqui solo podemos leer palabras, no fotos ni archivos.",
    },
    # A photo with no words soon after the emergency steps: what matters, not the menu.
    "media_after_steps": {
        "en": "We can't see photos here. If they're not breathing: call 911 now, give naloxone "
        "(Narcan), and stay with them.",
        "es": "No podemos ver fotos aqui. Si no respira: llame al 911 ahora, dé naloxona (Narcan) "
        "y quédese con la persona.",
    },
    # A photo with words: the words are answered, and this is said once in a conversation.
    "media_with_words": {
        "en": "We can only read words here, not photos.",
        "es": "Aqui solo podemos leer palabras, no fotos.",
    },
    "retry_choice": {
        "en": "Thank you. So we can help, please reply with a number:\n{options}",
        "es": "Gracias. Para poder ayudarle, responda con un numero:\n{options}",
    },
    "retry_text": {
        "en": "Sorry, I didn't get an answer there. Please reply with a few words.",
        "es": "Perdon, no recibi una respuesta. Responda con unas palabras.",
    },
    # More said after a request was sent ("also i moved", "text me dont call"): added to it
    # for the team while it is open; once it is closed, nobody would read it.
    "request_noted": {
        "en": "Thanks, I've added that to your request for our team.",
        "es": "Gracias, lo agregué a su solicitud para el equipo.",
    },
    # "ok thanks" after a request: nothing new for the team, and what comes next still is.
    "request_nod": {
        "en": "You're welcome. If anything changes, text us here and we'll add it to your request.",
        "es": "De nada. Si algo cambia, escribanos aqui y lo agregaremos a su solicitud.",
    },
    # "si", "ok", a thumbs up after a request: acknowledged, with no thanks to answer.
    "request_ok": {
        "en": "OK. If anything changes, text us here and we'll add it to your request.",
        "es": "De acuerdo. Si algo cambia, escribanos aqui y lo agregaremos a su solicitud.",
    },
    # "hello?" after a request: it is still in, and anything said is added to it.
    # Frustration said instead of an answer ("wtf", "answer me", "ur useless"): before the
    # question again.
    "frustrated": {
        "en": "Sorry, I'm an automated text line, so I can't answer like a person. To talk with "
        "someone now, call {program_phone}.",
        "es": "Perdone, soy una linea de textos automatica y no puedo contestar como una persona. "
        "Para hablar con alguien ahora, llame al {program_phone}.",
    },
    # Only crying faces instead of an answer: before the question again.
    "upset": {
        "en": "We hear you. This is an automated text line: to talk with someone now, call "
        "{program_phone}, or call or text 988.",
        "es": "Le escuchamos. Esta es una linea de textos automatica: para hablar con alguien "
        "ahora, llame al {program_phone}, o llame o envie un texto al 988.",
    },
    "request_waiting": {
        "en": "We have your request, and someone from our team will reach out. Text us anything "
        "to add to it, or MENU for other help.",
        "es": "Tenemos su solicitud y alguien del equipo le contactara. Escribanos lo que quiera "
        "agregar, o envie MENU para otra ayuda.",
    },
    # "thanks", "ok bet" once a search (or a flow sending nothing) ended: a short welcome.
    "ended_nod": {
        "en": "You're welcome. Text MENU any time.",
        "es": "De nada. Envie MENU cuando quiera.",
    },
    # "when is someone going to call me" after a request: when (the deadline as it stands),
    # honestly, and who to call.
    "request_when": {
        "en": "Your request is waiting for a team member, who will reach out {request_due}. To "
        "talk now, call {program_phone} or call/text 988.",
        "es": "Su solicitud espera a alguien del equipo, que le contactara {request_due}. Para "
        "hablar ya, llame al {program_phone} o al 988.",
    },
    # "did anyone get my message" once they cancelled their request: so it was, kindly, and
    # how to ask again.
    "withdrawn_asked": {
        "en": "You cancelled your request, so our team won't reach out about it. If you want "
        "help now, text MENU to make a new request, or call us at {program_phone}.",
        "es": "Usted cancelo su solicitud, asi que el equipo no le contactara. Para pedir "
        "ayuda, envie MENU para hacer una nueva solicitud o llamenos al {program_phone}.",
    },
    # "when will you call" once someone reached them: no promise, but how to reach them again.
    "request_reached": {
        "en": "Someone from our team has been in touch with you. To reach them, reply here and "
        "we'll pass it on, or call {program_phone}. To talk now, call/text 988.",
        "es": "Alguien del equipo ya se comunico con usted. Para hablarle, responda aqui y se lo "
        "pasamos, o llame al {program_phone}. Para hablar ya, llame/escriba al 988.",
    },
    # Condolences for a death told without a cause: no overdose assumed.
    "grief_any_cause": {
        "en": "We are so sorry for your loss. For grief support, the MA Behavioral Health Help "
        "Line is there any time: 833-773-2445. If you lost someone to substance use, GRASP "
        "(grasphelp.org) has support groups.",
        "es": "Sentimos mucho su pérdida. Para apoyo en el duelo, la Linea de Salud Conductual "
        "de MA atiende a toda hora: 833-773-2445. Si perdio a alguien por el uso de "
        "sustancias, GRASP (grasphelp.org) tiene grupos de apoyo.",
    },
    # Condolences for a death of another cause named: no loss to substance use told.
    "grief_other_cause": {
        "en": "We are so sorry for your loss. For grief support, the MA Behavioral Health Help "
        "Line is there any time: 833-773-2445.",
        "es": "Sentimos mucho su pérdida. Para apoyo en el duelo, la Linea de Salud Conductual "
        "de MA atiende a toda hora: 833-773-2445.",
    },
    # A choice missed a third time or more: the list is above, so it is not sent whole again.
    "retry_short": {
        "en": "Please reply with a number from the list above, like 1. Or call us at "
        "{program_phone}, or text MENU to start over.",
        "es": "Responda con un numero de la lista de arriba, como 1. O llamenos al "
        "{program_phone}, o envie MENU para empezar de nuevo.",
    },
    # After the naloxone sites, when the same text asked for someone to talk to too.
    "talk_too": {
        "en": "You also asked for someone to talk to. A few quick questions so our team can "
        "reach out.",
        "es": "También pidio alguien con quien hablar. Unas preguntas rapidas para que nuestro "
        "equipo le contacte.",
    },
    # The naloxone finder's second place not found in a row: the menu follows this text.
    "search_to_menu": {
        "en": "Sorry, I still couldn't find that place. Text NARCAN and a town any time to "
        "search again, or get naloxone by mail at nextdistro.org. Other ways we can help:",
        "es": "Perdon, sigo sin encontrar ese lugar. Envie NARCAN y un pueblo para buscar otra "
        "vez, o pida naloxona por correo en nextdistro.org. Otras formas de ayudarle:",
    },
    # "im not doing good" after a request: added to it, and where to call or text today.
    # A death told after a request, after the condolences: the team told, and 988.
    "request_loss_noted": {
        "en": "I've added this to your request and let our team know. If you want to talk to "
        "someone now, call or text 988 any time, or call us at {program_phone}.",
        "es": "Lo agregué a su solicitud y le avisamos al equipo. Si quiere hablar con alguien "
        "ahora, llame o escriba al 988 cuando sea, o llamenos al {program_phone}.",
    },
    "request_distress": {
        "en": "Thanks for telling us, I've added that to your request. You don't have to wait: "
        "call or text 988 any time, or call us at {program_phone}.",
        "es": "Gracias por decirnos, lo agregué a su solicitud. No tiene que esperar: llame o "
        "escriba al 988 cuando sea, o llamenos al {program_phone}.",
    },
    # "im not doing good" past the deadline, nobody having reached them: sorry, and 988 now.
    "request_distress_late": {
        "en": "Thanks for telling us, and we're sorry it's taking so long. I've passed this to "
        "our team. You don't have to wait: call or text 988, or call us at {program_phone}.",
        "es": "Gracias por decirnos, y perdon por la demora. Se lo pase al equipo. No tiene que "
        "esperar: llame o escriba al 988 cuando sea, o llamenos al {program_phone}.",
    },
    # Asked after a request past its deadline, nobody having reached them: no promise again.
    "request_late": {
        "en": "We're sorry it's taken longer than we said. Your request is still open. To talk "
        "now, call {program_phone} or call/text 988. In an emergency, call 911.",
        "es": "Perdone la demora: tardamos mas de lo que dijimos. Su solicitud sigue abierta. "
        "Para hablar ya, llame al {program_phone} o llame/escriba al 988. Emergencia: 911.",
    },
    # The same four for a person whose request says calls do not work for them: text 988 or
    # reply here, never "call" (nothing here says 911 takes texts in their area).
    "request_late_text_only": {
        "en": "We're sorry it's taken longer than we said. Your request is still open. To talk "
        "now, text 988 or reply here. In an emergency, 911.",
        "es": "Perdone la demora: tardamos mas de lo que dijimos. Su solicitud sigue abierta. "
        "Para hablar ya, escriba al 988 o responda aqui. Emergencia: 911.",
    },
    "request_distress_text_only": {
        "en": "Thanks for telling us, I've added that to your request. You don't have to wait: "
        "text 988 any time, or reply here.",
        "es": "Gracias por decirnos, lo agregué a su solicitud. No tiene que esperar: escriba al "
        "988 cuando sea, o responda aqui.",
    },
    "request_distress_late_text_only": {
        "en": "Thanks for telling us, and we're sorry it's taking so long. I've passed this to "
        "our team. You don't have to wait: text 988 any time, or reply here.",
        "es": "Gracias por decirnos, y perdon por la demora. Se lo pase al equipo. No tiene que "
        "esperar: escriba al 988 cuando sea, o responda aqui.",
    },
    "request_reached_text_only": {
        "en": "Someone from our team has been in touch with you. To reach them, reply here and "
        "we'll pass it on. To talk now, text 988.",
        "es": "Alguien del equipo ya se comunico con usted. Para hablarle, responda aqui y se lo "
        "pasamos. Para hablar ya, escriba al 988.",
    },
    # A text from the person after their request was closed with nobody reaching them
    # ("unreachable"): they can be reached now, so the team is told (never their words).
    "closed_unreached": {
        "en": "Thanks for texting. We closed your request when we couldn't reach you, and I've "
        "let our team know. To talk now, call {program_phone} or 988. Emergency: 911.",
        "es": "Gracias por escribir. Cerramos su solicitud al no poder contactarle; avise al "
        "equipo. Para hablar ya, llame al {program_phone} o al 988. Emergencia: 911.",
    },
    "closed_unreached_distress": {
        "en": "Thanks for telling us. We closed your request when we couldn't reach you, and "
        "I've let our team know. Don't wait: call or text 988, or call us at {program_phone}.",
        "es": "Gracias por decirnos. Cerramos su solicitud al no poder contactarle; avise al "
        "equipo. No espere: llame o escriba al 988, o llamenos al {program_phone}.",
    },
    "closed_unreached_text_only": {
        "en": "Thanks for texting. We closed your request when we couldn't reach you, and I've "
        "let our team know. To talk now, text 988. Emergency: 911.",
        "es": "Gracias por escribir. Cerramos su solicitud al no poder contactarle; avise al "
        "equipo. Para hablar ya, escriba al 988. Emergencia: 911.",
    },
    "closed_unreached_distress_text_only": {
        "en": "Thanks for telling us. We closed your request when we couldn't reach you, and "
        "I've let our team know. Don't wait: text 988 any time.",
        "es": "Gracias por decirnos. Cerramos su solicitud al no poder contactarle; avise al "
        "equipo. No espere: escriba al 988 cuando sea.",
    },
    # "does my son have to know", "will you contact him without his permission": the family
    # support specialist calls the family member; the loved one only if they agree.
    "loved_one_consent": {
        "en": "A family support specialist will call you, not your loved one. Our team reaches "
        "out to your loved one only if they agree.",
        "es": "Un especialista en apoyo familiar le llamara a usted, no a su ser querido. El "
        "equipo contacta a su ser querido solo si esa persona esta de acuerdo.",
    },
    "no_one_forced": {
        "en": "No one is made to do anything here. We talk with you, and reach your loved one "
        "only if they agree. Family support can help you through this.",
        "es": "Aqui no se obliga a nadie. Hablamos con usted, y contactamos a su ser querido solo "
        "si esa persona esta de acuerdo. El apoyo familiar le puede ayudar.",
    },
    "section_35": {
        "en": "Section 35 is a Massachusetts court process for court-ordered treatment. The MA "
        "Substance Use Helpline, 800-327-5050, can explain your options.",
        "es": "La Seccion 35 es un proceso de la corte en Massachusetts para tratamiento ordenado "
        "por un juez. La Linea de Ayuda de MA, 800-327-5050, le puede explicar sus opciones.",
    },
    "naloxone_found": {
        "en": "Carrying naloxone (Narcan) is responsible: it can save a life, and it is not "
        "proof that someone uses drugs.",
        "es": "Tener naloxona (Narcan) es responsable: puede salvar una vida, y no prueba que la "
        "persona use drogas.",
    },
    "for_whom": {
        "en": "Just to check: is this support for you, or for your loved one? Reply 1 for you, "
        "2 for them.",
        "es": "Para confirmar: ¿el apoyo es para usted o para su ser querido? Responda 1 para "
        "usted, 2 para esa persona.",
    },
    "why_harm_reduction": {
        "en": "Thanks for asking. Syringe services and naloxone keep people alive and connect "
        "them with support when they are ready. If someone you care about uses, we can support "
        "you too.",
        "es": "Gracias por preguntar. Las jeringas y la naloxona ayudan a mantener a las personas "
        "con vida y a conectarlas con apoyo cuando esten listas. Si le preocupa alguien, también "
        "le apoyamos.",
    },
    "not_a_user": {
        "en": "Thanks for telling us. This line is for anyone: people who use drugs, their "
        "family and friends, and anyone with a question.",
        "es": "Gracias por decirnos. Esta linea es para cualquier persona: quien usa drogas, su "
        "familia y amistades, y cualquiera con una pregunta.",
    },
    "not_your_fault": {
        "en": "It's not your fault. So many families ask themselves this, and you are not alone.",
        "es": "No es su culpa. Muchas familias se preguntan lo mismo, y usted no esta solo/a.",
    },
    "loved_one_number": {
        "en": "We don't keep your loved one's number: our team reaches out to you, not to them. "
        "We contact your loved one only if they agree.",
        "es": "No guardamos el numero de su ser querido: el equipo le contacta a usted, no a esa "
        "persona. Contactamos a su ser querido solo si esta de acuerdo.",
    },
    "post_overdose": {
        "en": "Thank you for telling us. The days after an overdose carry a high risk of "
        "another: keep naloxone (Narcan) close, and it's safer not to use alone (Never "
        "Use Alone: 1-800-484-3731). Our team can follow up. If someone won't wake up, "
        "call 911.",
        "es": "Gracias por contarnos. En los dias despues de una sobredosis hay mas riesgo de "
        "otra: tenga naloxona (Narcan) a mano y es mas seguro no usar solo/a (Never Use "
        "Alone: 1-800-484-3731). El equipo puede darle seguimiento. Si alguien no "
        "despierta, llame al 911.",
    },
    "give_our_number": {
        "en": "Yes, please do: they can text this number themselves any time, no name needed. "
        "Our team reaches out to them only if they ask or agree.",
        "es": "Si, por favor: esa persona puede escribir a este numero cuando quiera, sin dar "
        "su nombre. El equipo le contacta solo si lo pide o esta de acuerdo.",
    },
    "loved_one_can_text": {
        "en": "They can text this number themselves any time, no name needed. Our specialist "
        "will reach you and can talk with you about reaching them.",
        "es": "Esa persona puede escribir a este numero cuando quiera, sin dar su nombre. El "
        "especialista le contactara y puede hablar con usted de como contactarle.",
    },
    "loved_one_consent_text": {
        "en": "A family support specialist will text you, not your loved one. Our team reaches "
        "out to your loved one only if they agree.",
        "es": "Un especialista en apoyo familiar le enviara un mensaje a usted, no a su ser "
        "querido. El equipo contacta a su ser querido solo si esa persona esta de acuerdo.",
    },
    "request_closed": {
        "en": "Thanks for letting us know. Your request is closed now, so this didn't go to our "
        "team. For new help, text MENU, or call {program_phone}.",
        "es": "Gracias por avisarnos. Su solicitud ya esta cerrada, asi que esto no le llego al "
        "equipo. Para pedir ayuda de nuevo, envie MENU o llame al {program_phone}.",
    },
    # An emoji alone ("😢") at a town question: said before the question again.
    "no_words": {
        "en": "We're here for you.",
        "es": "Estamos aqui para usted.",
    },
    "retry_place": {
        "en": "Sorry, I couldn't find that place. Please reply with a town or ZIP code.",
        "es": "Perdon, no encontré ese lugar. Responda con un pueblo o codigo postal.",
    },
    "place_suggest": {
        "en": "Sorry, I couldn't find that place. Did you mean {suggestions}? "
        "Reply with a town or ZIP code.",
        "es": "Perdon, no encontré ese lugar. ¿Quiso decir {suggestions}? "
        "Responda con un pueblo o codigo postal.",
    },
    "place_needed": {
        "en": "I can't see where you are. Reply with any town or ZIP code near you, like "
        "Amherst or 01060.",
        "es": "No puedo ver donde esta. Responda con un pueblo o codigo postal cercano, como "
        "Amherst o 01060.",
    },
    "place_no_address": {
        "en": "No address needed. Reply with the town you're in or near, like Northampton or "
        "Amherst, and I'll list places with free naloxone.",
        "es": "No necesita direccion. Responda con el pueblo donde esta o uno cercano, como "
        "Northampton, y le daré lugares con naloxona gratis.",
    },
    "pick_town": {
        "en": "That ZIP code covers more than one town. Which one?\n{options}",
        "es": "Ese codigo postal cubre mas de un pueblo. ¿Cual?\n{options}",
    },
    "still_stuck": {
        "en": "If it's easier, call us at {program_phone}, or text MENU to start over.",
        "es": "Si prefiere, llamenos al {program_phone}, o envie MENU para empezar de nuevo.",
    },
    "error": {
        "en": "Sorry, something went wrong on our side. Text MENU to start again, or call "
        "{program_phone}. In an emergency call 911.",
        "es": "Perdon, algo fallo de nuestro lado. Envie MENU para empezar de nuevo, o llame "
        "al {program_phone}. En una emergencia llame al 911.",
    },
    "no_sites": {
        "en": "We don't have a naloxone site listed near {place} yet. Questions: {program_phone}.",
        "es": "No tenemos un sitio de naloxona cerca de {place}. Preguntas: {program_phone}.",
    },
    "sites_header": {
        "en": "Free naloxone near {place}.",
        "es": "Naloxona gratis cerca de {place}.",
    },
    # Asked where to get test strips or syringes ({supply}: "test strips", "syringes").
    "supply_ask": {
        "en": "Free {supply}, and you don't need to give your name. What town or ZIP code are "
        "you near?",
        "es": "Hay {supply} gratis y no necesita dar su nombre. ¿Cerca de qué pueblo o codigo "
        "postal esta?",
    },
    "supply_sites_header": {
        "en": "Free {supply} near {place}.",
        "es": "Sitios con {supply} gratis cerca de {place}.",
    },
    "supply_none_near": {
        "en": "We have no site with {supply} listed near {place}. These are the nearest.",
        "es": "No tenemos un sitio con {supply} cerca de {place}. Estos son los mas cercanos.",
    },
    "no_supply_sites": {
        "en": "We don't have a site with {supply} listed yet. Questions: {program_phone}.",
        "es": "Todavia no tenemos un sitio con {supply}. Preguntas: {program_phone}.",
    },
    # Sites with test strips or syringes: naloxone by mail belongs with naloxone, not here.
    "supply_results": {"en": "{sites}", "es": "{sites}"},
    # The finder's closing text after a supply search, in place of the naloxone flow's own.
    "supply_done": {
        "en": "Text STRIPS or NEEDLES and a town to search again, or MENU for more.",
        "es": "Envie TIRAS o JERINGAS y un pueblo para buscar otra vez, o MENU.",
    },
    "mail_order": {
        "en": "Free naloxone by mail: nextdistro.org.",
        "es": "Naloxona gratis por correo: nextdistro.org.",
    },
    "naloxone_results": {"en": "{sites}\n{mail_order}", "es": "{sites}\n{mail_order}"},
    # Questions about naloxone, answered before the finder's question (flows.naloxone_questions)
    "naloxone_use": {
        "en": "To use nasal naloxone: try to wake them (shout, rub the breastbone hard), call "
        "911, spray one nostril (no priming), give rescue breaths if 911 asks, put them on their "
        "side, and give a 2nd dose in the other nostril if no response in 2-3 min. Stay with "
        "them: it lasts 30-90 min and the overdose can return.",
        "es": "Naloxona: trate de despertar a la persona (grite, frote fuerte el pecho), llame "
        "al 911, rocie una fosa nasal (sin cebar), dé respiraciones de rescate si el 911 lo "
        "pide, pongala de lado y, sin respuesta en 2-3 min, otra dosis en la otra fosa nasal. "
        "Quédese con ella: la sobredosis puede volver en 30-90 min.",
    },
    "naloxone_not_reversed": {
        "en": "Naloxone does not reverse benzos or alcohol. If someone may be overdosing, still "
        "call 911, give naloxone and stay with them.",
        "es": "La naloxona no revierte benzos ni alcohol. Si alguien puede tener una sobredosis, "
        "llame igual al 911, dé naloxona y quédese con la persona.",
    },
    "naloxone_tranq": {
        "en": "Yes, give it: fentanyl is in most of the supply. Naloxone won't undo the tranq "
        "part, so call 911, give rescue breaths and stay with them.",
        "es": "Si, dele naloxona: casi toda la droga trae fentanilo. Pero no revierte la tranq "
        "(xilacina): llame al 911, dé respiraciones de rescate y quédese con la persona.",
    },
    "naloxone_stimulants": {
        "en": "Yes: fentanyl turns up in coke, crack, meth and pressed pills. Carry naloxone "
        "(Narcan), test with fentanyl test strips, and try not to use alone. If someone may be "
        "overdosing, call 911 and give naloxone.",
        "es": "Si: el fentanilo aparece en la coca, el crack, el cristal y las pastillas de la "
        "calle. Lleve naloxona (Narcan), use tiras de prueba de fentanilo y trate de no usar a "
        "solas. Si alguien puede tener una sobredosis, llame al 911 y dé naloxona.",
    },
    # Asked for naloxone by mail: the finder's question, mail order first.
    "naloxone_by_mail": {
        "en": "{mail_order} Or reply with the town or ZIP code you're near, and I'll list places "
        "with free naloxone.",
        "es": "{mail_order} O responda con el pueblo o codigo postal donde esta, y le daré "
        "lugares con naloxona gratis.",
    },
    "open_now": {"en": "open now", "es": "abierto ahora"},
    "closed_now": {"en": "closed now", "es": "cerrado ahora"},
    "all_open_now": {"en": "All open now.", "es": "Todos abiertos ahora."},
    "all_closed_now": {"en": "All closed now.", "es": "Todos cerrados ahora."},
    "none_open_now": {"en": "None is open now.", "es": "Ninguno abierto ahora."},
    "opens_next": {"en": "The nearest opens {when}.", "es": "El primero abre {when}."},
    "opens_sooner": {
        "en": "Site {number} opens sooner, {when}.",
        "es": "El sitio {number} abre antes, {when}.",
    },
    "hours_unknown": {"en": "call for hours", "es": "llame para el horario"},
    "unverified": {"en": "unverified: call ahead", "es": "sin verificar: llame antes"},
    "unverified_all": {
        "en": "Unverified: call ahead.",
        "es": "Sin verificar: llame antes.",
    },
    "offers_also": {"en": "also {offers}", "es": "también {offers}"},
    "offers_test_strips": {"en": "test strips", "es": "tiras de prueba"},
    "offers_syringe_services": {"en": "syringes", "es": "jeringas"},
    "not_given": {"en": "not given", "es": "sin dato"},
    "or": {"en": "or", "es": "o"},
    "hours": {"en": "hours", "es": "horas"},
}
