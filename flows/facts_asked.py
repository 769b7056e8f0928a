"""Plain questions about facts the program stands behind: what Never Use Alone is ("whats the
never use alone number"), what the Good Samaritan law is ("whats the good samaritan law"), and
how to check pills for fentanyl ("how do i test my pills for fent", "can i get my pills checked
somewhere"). Met with the menu, a person who uses drugs learns nothing they asked.

A question that follows one of these answers is often about it, in words that name nothing:
"how does it work do they call cops" after Never Use Alone is about Never Use Alone, not about
us; "what if i got like a lot on me" or "what about my probation" after the Good Samaritan law
is about the law. ``follow_up`` reads such a text for the fact just told.

Each answer is a script string of the system flow named by what is returned here. Reads
normalised text.
"""

from __future__ import annotations

import re

from flows.about_us import names_probation

# The facts, named as the strings that answer them (``emergency_2`` is the Good Samaritan law).
NEVER_USE_ALONE = "never_use_alone"
NEVER_USE_ALONE_POLICE = "never_use_alone_police"
GOOD_SAMARITAN = "emergency_2"
GOOD_SAMARITAN_LIMITS = "good_samaritan_limits"
PROBATION = "probation"
DRUG_CHECKING = "drug_checking"
# Which fact a string that was sent tells, for the question that may follow it.
FACT_OF_STRING = {
    "never_use_alone": NEVER_USE_ALONE,
    "never_use_alone_police": NEVER_USE_ALONE,
    "using_alone": NEVER_USE_ALONE,
    "emergency_2": GOOD_SAMARITAN,
    "good_samaritan_limits": GOOD_SAMARITAN,
    "probation": GOOD_SAMARITAN,
}

_LEAD = r"^(?:(?:hi|hey|yo|so|ok|okay|um|umm|wait|quick question|hola|oye|pregunta) )*"
_TAIL = r"(?: (?:please|pls|plz|again|tho|though|por favor|porfa))*$"
_NUA = r"(?:never use alone|neverusealone|never use alone hotline|never use alone line)"
_WHAT = r"(?:what|whats|wat|wut|wht)(?: is| s| are)?"
_NUMBER = r"(?:number|phone number|num|hotline|line|phone)"
_NUA_EN = (
    rf"{_WHAT} (?:the )?(?:{_NUMBER} (?:for|of|to) )?{_NUA}(?: {_NUMBER})?",
    rf"how (?:does|do|would|can) (?:the )?{_NUA} work",
    rf"(?:tell me|can you tell me|explain|info|information|more) (?:about |on )?{_NUA}",
    rf"(?:(?:can i|could i|can you|could you|pls|please) )?(?:get|have|give me|send me|text "
    rf"me|need) (?:the )?(?:{_NUMBER} (?:for|of|to) )?{_NUA}(?: {_NUMBER})?",
    rf"{_NUA}(?: {_NUMBER})?",
    # "do you guys work with never use alone": what it is, as asked for.
    rf"(?:do|does|are|r|can) (?:you|u|yall|you guys|u guys|you all|this line|the team) "
    rf"(?:work|working|partner|partnered|team up|teamed up)(?: together)? with (?:the )?{_NUA}"
    rf"(?: {_NUMBER})?",
)
_NUA_ES = (
    rf"(?:que|como) (?:es|funciona) (?:el |la )?{_NUA}",
    rf"(?:cual es|me da|me dan|me pasa|me pasan|dame) (?:el )?(?:numero|telefono) (?:de|del) "
    rf"{_NUA}",
    rf"(?:el )?(?:numero|telefono) (?:de|del) {_NUA}",
)
_NUA_ASKED = re.compile(rf"{_LEAD}(?:{'|'.join(_NUA_EN)}){_TAIL}")
_NUA_ASKED_ES = re.compile(rf"{_LEAD}(?:{'|'.join(_NUA_ES)}){_TAIL}")
# Police asked about, or how it works: "do they call cops", "will the police come", "how does
# it work", "como funciona", "llaman a la policia".
_POLICE = (
    r"\b(?:cops?|police|popo|pigs|law enforcement|5 0|po po|policia|policias|la poli|la jara)\b"
)
_HOW_IT_WORKS = re.compile(
    r"\bhow (?:does|do|would) (?:it|that|this|they) work\b|\bcomo funciona\b"
    r"|\b(?:do|will|would|does) (?:they|it|that) (?:call|send) (?:anyone|someone|911|an "
    r"ambulance|ems)\b|\bwho (?:do|does|will|would) (?:they|it) (?:send|call)\b"
)
_GOOD_SAMARITAN = (
    r"(?:good sam(?:aritan|aritin|artian|ariton|aratin)?(?: law| laws)?|buen samaritano)"
)
_GS_ASKED = re.compile(
    rf"{_LEAD}(?:{_WHAT} (?:the |a )?{_GOOD_SAMARITAN}|how (?:does|do) (?:the )?{_GOOD_SAMARITAN} "
    rf"work|(?:tell me|explain|info|information|more) (?:about |on )?(?:the )?{_GOOD_SAMARITAN}|"
    rf"(?:the )?{_GOOD_SAMARITAN}|(?:does|do|will|would|is) (?:the )?{_GOOD_SAMARITAN}(?: .*)?|"
    rf"(?:what does|who does) (?:the )?{_GOOD_SAMARITAN} (?:cover|protect)(?: .*)?|"
    # "good samaritan law covers me right, i have a lot on me"
    rf"(?:the )?{_GOOD_SAMARITAN} (?:covers?|protects?|applies to) (?:me|us|him|her|them)(?: .*)?)"
    rf"{_TAIL}"
)
_GS_ASKED_ES = re.compile(
    rf"{_LEAD}(?:(?:que|como) (?:es|dice|funciona|cubre) (?:la )?(?:ley (?:del|de) )?"
    rf"(?:buen samaritano)|(?:la )?ley (?:del|de) buen samaritano)(?: .*)?{_TAIL}"
)
# What the law leaves out, asked about: an amount, selling, a warrant.
_LIMITS = re.compile(
    r"\b(?:a lot|alot|lots|a bunch|bunch|how much|too much|large amount|big amount|weight|"
    r"ounces?|grams?|oz|bricks?|warrants?|selling|sell|sold|dealing|deal|dealer|distribut\w*|"
    r"intent|trafficking|traffic|re up|mucho|mucha|muchas|muchos|cuanto|cuanta|orden de "
    r"arresto|vender|vendo|vendiendo)\b"
)
# Checking pills or powder: "how do i test my pills for fent", "can i get my pills checked".
# Not a drug test of the person ("i failed a drug test", "my po wants me to test"), nor test
# strips named, which the supply search finds ("where can i get fentanyl test strips").
_STRIPS = re.compile(r"\b(?:strips?|tiras?)\b")
_SUPPLY = (
    r"(?:pills?|pressies|presses|percs?|perc 30s|blues|m30s?|xans?|bars|drugs|dope|stuff|shit|"
    r"supply|bags?|powder|coke|crack|meth|molly|fent|fentanyl|heroin|dope|product)"
)
_CHECK = r"(?:test|tested|testing|check|checked|checking|analyze|analyzed|looked at)"
_MINE = r"(?:my|the|our|his|her|their|your|some|these|those|any)"
_CHECKING_EN = re.compile(
    rf"\b{_CHECK} (?:{_MINE} )?{_SUPPLY}\b|\b{_SUPPLY} (?:tested|checked|analyzed|looked at)\b|"
    rf"\b(?:test|check|tell) (?:if |whether )?(?:{_MINE} )?(?:{_SUPPLY}|it|them|something) "
    rf"(?:for|has|have|got) (?:fent|fentanyl|tranq|xylazine)\b|\bdrug checking\b|"
    r"\bdrug check\b|\bcheck for (?:fent|fentanyl)\b"
)
_ASKS = re.compile(
    r"^(?:(?:hi|hey|yo|so|ok|um|quick question) )*(?:how|where|wheres|can|could|is there|are "
    r"there|do you|does anyone|anywhere|is it possible|what|whats|who)\b|\b(?:somewhere|anywhere)"
    r"\b"
)
_CHECKING_ES = re.compile(
    r"\b(?:como|donde|puedo|pueden|se puede)\b.*\b(?:pruebo|probar|checo|checar|chequear|"
    r"analizar|analizan|analizo|revisar|reviso)(?: (?:mis|las|la|mi|el|los))? (?:pastillas|"
    r"pastis|drogas|droga|polvo|perco|percos|material|fentanilo)\b"
    r"|\banalisis de drogas\b"
)


def fact_asked(norm: str) -> tuple[str | None, str | None]:
    """(the string that answers a question about a fact, "es" when asked in Spanish), or
    (None, None) when the text asks none of them."""
    if _NUA_ASKED_ES.match(norm):
        return NEVER_USE_ALONE, "es"
    if _NUA_ASKED.match(norm):
        return NEVER_USE_ALONE, None
    if re.search(_NUA, norm) and re.search(_POLICE, norm):
        return NEVER_USE_ALONE_POLICE, None
    spanish = _GS_ASKED_ES.match(norm) is not None
    if spanish or _GS_ASKED.match(norm):
        return _about_the_law(norm) or GOOD_SAMARITAN, "es" if spanish else None
    if _STRIPS.search(norm):
        return None, None
    if _ASKS.search(norm) and _CHECKING_EN.search(norm):
        return DRUG_CHECKING, None
    if _CHECKING_ES.search(norm):
        return DRUG_CHECKING, "es"
    return None, None


# A follow-up is a question ("what if", "do they", "y si") or the person's own probation told
# ("im on probation"): "my son deals and uses a lot" tells, and is read as any text is. "y
# ellos llaman a la policia?", "como funciona? llaman a la policia?" ask too.
_ASKED_AFTER = re.compile(
    r"^(?:(?:and|but|ok|okay|so|um|umm|wait|like|also|oh|hmm|y|pero|oye|ok y|ellos|ustedes) )*"
    r"(?:what|wat|wut|whats|how|does|do|did|will|would|can|could|is|am|are|if|and if|should|"
    r"y si|que pasa|que tal|cuanto|cuanta|puedo|me van|llaman|mandan|y mi|y la|y el|como|"
    r"vienen|viene|"
    r"(?:im|i am|i m|ima|i got|ive got|i have) (?:on|out on) )\b"
)


def follow_up(norm: str, told: str) -> str | None:
    """The string that answers a text read as a question about the fact just ``told``; None
    when the text asks nothing of it."""
    if not _ASKED_AFTER.match(norm):
        return None
    if told == NEVER_USE_ALONE:
        if re.search(_POLICE, norm) or _HOW_IT_WORKS.search(norm):
            return NEVER_USE_ALONE_POLICE
        return None
    if told == GOOD_SAMARITAN:
        return _about_the_law(norm)
    return None


def _about_the_law(norm: str) -> str | None:
    """Probation or parole, or what the law leaves out (an amount, selling, a warrant)."""
    if names_probation(norm):
        return PROBATION
    if _LIMITS.search(norm):
        return GOOD_SAMARITAN_LIMITS
    return None
