"""Recognising a call for help at once that names no overdose: "send help", "emergency",
"help now", "socorro", "what do I do".

Such a text may be a bystander with no time to explain, or someone who wants support today. The
engine answers both: it sends the first overdose steps, which are said as "if someone may be
overdosing", and the conversation still gets the text, so an answer is never lost. A text that
tells of an overdose or a crisis is recognised first (``flows.emergency``); this reads what is
left. Everything here reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import re

from flows.emergency import NALOXONE_SPELLINGS, overdose_in_progress, spelled_right
from flows.pills_taken import took_pills_themselves
from flows.slang_signs import TOOK_A_PRESSED_PILL, asks_to_sleep_it_off, names_a_drug
from flows.spanish_slang_signs import passing_out_after_use_es
from flows.too_much_taken import OVERDID_IT_ES

_AT_ONCE = (
    r"(?:now|rn|asap|fast|quick|quickly|right now|right away|immediately|hurry|please hurry|"
    r"pls hurry)"
)
_PEOPLE = r"(?:someone|somebody|anyone|anybody)"

_URGENT_EN = tuple(
    re.compile(p)
    for p in (
        r"\bemergency\b(?! (?:room|rooms|department|dept|contacts?|shelters?|housing|funds?|"
        r"kits?|services?|numbers?|plans?|detox|beds?|assistance|appointments?|meetings?)\b)",
        rf"\bsend (?:help|{_PEOPLE}|people)\b",
        rf"\bhelp (?:me |him |her |them |us )?{_AT_ONCE}\b",
        rf"\b(?:need|get|want) (?:help|{_PEOPLE}) (?:here |over here )?{_AT_ONCE}\b",
        rf"\b{_PEOPLE} (?:please |pls |plz )?help\b",
        # Not "please help us with our son", "please help her get into detox": help asked for.
        r"\b(?:please|pls|plz) help (?:him|her|them|us)\b"
        r"(?! (?:with|w|find|get|getting|into|to|understand|figure|learn|talk|cope|deal|decide"
        r"|through|out|stop|quit)\b)",
        r"\b(?:hurry|urgent)\b(?! care\b)",
        # "Come quick", "please come quick my friend", as "hurry": not "did they come quick?".
        r"^(?:(?:please|pls|plz|someone|somebody|help|omg|can (?:someone|somebody|you|u)"
        r"|i need (?:someone|somebody|you|u) to|need (?:someone|somebody) to) )*come "
        r"(?:here |over |over here )?(?:quick|quickly|fast|now|asap|rn|right now|right away)\b",
        r"^(?:help )+help$",
        r"^what (?:do|should|can) (?:i|we) do(?: now| rn| please| pls| plz| help)*$",
    )
)
_URGENT_ES = tuple(
    re.compile(p)
    for p in (
        r"\bemergencia\b(?! (?:de )?(?:vivienda|dental)\b)",
        r"\b(?:socorro|auxilio|urgente|apurate|apurese|apurense)\b",
        r"\b(?:manden|mande|envien|envie|traigan) (?:ayuda|a alguien)\b",
        r"\b(?:necesito|necesitamos) (?:ayuda|a alguien) (?:ya|ahora|rapido|urgente)\b",
        # "Ayudenme" alone is "help me", which asks for help, not now: "ayudenme ya" is.
        r"\b(?:ayuda|ayudenme|ayudeme) (?:ya|ahora|rapido|pronto)\b",
        r"\balguien (?:que )?(?:me |nos |lo |la )?ayude\b",
        r"^que (?:hago|hacemos|debo hacer)(?: ahora| ya| ayuda| por favor)*$",
    )
)
# Words of the same kind that call for nothing at once.
_NEITHER = tuple(
    re.compile(p)
    for p in (
        r"\b(?:not|isnt|is not|no|non|aint|wasnt|its not) (?:an |a |really |that |too |so )?"
        r"(?:emergency|urgent|hurry)\b",
        r"\b(?:in case of|for|if there is|if theres|if there was) (?:an )?emergenc(?:y|ies)\b",
        r"\b(?:no|dont|do not|not in a) (?:hurry|rush)\b",
        # "please dont send anyone to my house": not "why dont you send someone", "if you dont
        # send help he'll die".
        rf"(?<!\bwhy )(?<!\bif you )(?<!\bif u )\b(?:dont|do not|never|no need to) "
        rf"(?:(?:ever|need to|have to) )?send (?:help|{_PEOPLE}|people)\b",
        r"\bno es (?:una |tan |muy )?(?:emergencia|urgente)\b",
        r"\b(?:sala|salas|cuarto) de emergencias?\b",
        r"\ben caso de (?:una )?emergencia\b",
        r"\bsin (?:prisa|apuro)\b",
    )
)
# Feeling wrong after using may be an overdose beginning: "i dont feel right i think it was fent".
_FEELING_WRONG = re.compile(
    r"\b(?:dont|do not|doesnt|does not|not) feel(?:ing)? (?:right|good|ok|okay|well)\b|"
    r"\b(?:feel|feeling|feels) (?:really |rly |so |super |very )?"
    r"(?:weird|wrong|off|funny|strange)\b"
)
# Feeling sick counts only just after a use ("i feel bad after that hit"): "i feel bad about
# using" is guilt, which is no symptom.
_FEELING_SICK = re.compile(
    r"\b(?:feel|feeling|feels) (?:really |so |super |very |kinda |real )?(?:bad|sick|dizzy|"
    r"faint|lightheaded|light headed|woozy|like shit|like crap)\b"
)
_GUILT = re.compile(
    r"\b(?:about|guilt|guilty|ashamed|shame|sorry|regret|embarrassed|disappointed|"
    r"hate myself)\b"
)
_FEELING_WRONG_ES = re.compile(
    r"\bme (?:siento|sentia)(?: (?:muy|bien|super|tan))* (?:mal|raro|rara|extrano|extrana)\b"
)
# The heart, chest or breath in danger: "my heart is racing", "chest hurts", "hard to breathe".
# Alone it may be anxiety; after using it may be an overdose or a stimulant's harm.
_BODY_IN_DANGER = re.compile(
    r"\bheart(?: is|s)? (?:racing|pounding|beating (?:so |really |too )?fast)\b|"
    r"\bchest (?:is |feels )?(?:hurts?|hurting|pain|tight|burning)\b|"
    r"\b(?:hard|trouble|struggling|cant|can not|cannot) (?:to )?breath(?:e|ing)?\b"
)
_BODY_IN_DANGER_ES = re.compile(
    r"\bme duele (?:mucho )?el pecho\b|\bdolor (?:de|en el) pecho\b|"
    r"\bcorazon (?:me )?(?:esta )?(?:late|latiendo|va) (?:muy |super |bien |tan )*"
    r"(?:rapido|fuerte)\b|"
    r"\b(?:no puedo|me cuesta) respirar\b"
)
# About to pass out, now: "i feel like im gonna pass out", "im nodding out", "im so high i cant
# move". Not the past, a habit or hyperbole ("i almost passed out laughing", "i pass out every
# night", "so tired i could pass out"), nor handing things out ("passing out narcan"). "Fall
# out" is said for passing out, not for a quarrel or a fall ("fall out with my mom", "of bed").
_NOT_HANDED_OUT = (
    r"(?! (?:the |some |these |those |free |more |our )?(?:narcan|naloxone|kits?|flyers?|"
    r"fliers?|cards?|strips?|supplies|food|water|pamphlets?|info|papers?|candy)\b)"
)
_NOT_A_QUARREL = (
    r"(?! (?:of|over|off)\b| with (?:my|him|her|them|you|u|ur|your|each|every|people|friends|"
    r"family|everyone|everybody)\b)"
)
_PASSING_OUT = re.compile(
    r"\bi(?: m| am|m)? (?:(?!(?:not|never|wont|dont|was|were|wasnt|almost|nearly)\b)\w+ ){0,3}?"
    r"(?:gonna|going to|about to|bout to|finna|might|may) (?:pass|black|nod|fall) out\b"
    rf"{_NOT_HANDED_OUT}{_NOT_A_QUARREL}|"
    rf"\b(?:im|i am|i m|i keep) (?:(?:passing|blacking|nodding|falling) out|nodding off)\b"
    rf"{_NOT_HANDED_OUT}{_NOT_A_QUARREL}"
    r"(?! (?:a lot|all the time|sometimes|often|every)\b)|"
    # "Im fading", as fading out: not "fading away from my friends".
    r"\b(?:im|i am|i m|i feel like im|i feel like i am) (?:really |rly |so |just )?fading\b"
    r"(?! (?:away|into|from)\b)"
)
# "Me voy a desmayar", "estoy cabeceando": not "... de la risa", "no me voy a desmayar", nor
# heading a ball ("cabeceando el balon").
_PASSING_OUT_ES = re.compile(
    r"(?<!\bno )\bme (?:voy a|vaya a|estoy por|estoy) desma(?:yar|yando)\b"
    r"(?! (?:de|del) (?:la )?(?:risa|calor|hambre|sueno|susto|miedo|emocion|cansancio)\b)|"
    r"\b(?:estoy|toy|sigo|ando) cabeceando\b(?! (?:el|la|los|las|un|una|balon|pelota)\b)"
)
_ONLY_TIRED_ES = re.compile(
    r"\b(?:sueno|cansad[oa]|buenas noches|dormir|clase|aburrid[oa]|aburrimiento|risa)\b"
)
# Falling asleep or laughing, told with no use: "long day, im gonna pass out, goodnight".
_ONLY_TIRED = re.compile(
    r"\b(?:good ?night|goodnite|gnight|gn|nite|bed|bedtime|nap|tired|exhausted|early|laughing|"
    r"bored|boredom)\b"
)
_TOO_HIGH = re.compile(
    r"\b(?:im|i am|i m|i feel|feeling) (?:so |too |really |very |super |way too |hella )*"
    r"(?:high|tranqed|tranqd|tranqued)\b"
)
# Eyes that will not stay open, beside a drug: "i cant keep my eyes open i did fent".
_EYES_WONT_STAY_OPEN = re.compile(r"\b(?:cant|can not|cannot) (?:stay awake|keep my eyes open)\b")
# Cannot stay awake or move: after using, an overdose may be beginning.
_CANT_STAY_UP = re.compile(
    r"\b(?:sleepy|drowsy|nodding off)\b|"
    r"\b(?:im|i am|i m|i keep|keep) nodding\b(?! (?:along|my head|yes|no|at|to)\b)|"
    r"\b(?:cant|can not|cannot) (?:move|stand|stand up|get up|walk|stay awake|keep my eyes open|"
    r"feel my (?:legs|arms|body|face))\b(?! on\b)|\btoo high to (?:move|stand|walk)\b"
)
# Taken but no drug: "i took a nap and im still sleepy".
_TOOK_NO_DRUG = re.compile(
    r"\b(?:took|taking) (?:a |my |the )?(?:nap|shower|bath|walk|break|test|class|kids|dog)\b"
)
# A use just now, as texted with or without "i": "just hit a shot", "took a hit", "did a line".
# Not "took a shot" (a drink, or a vaccine).
_USED_JUST_NOW = (
    r"(?:^|\bi |\bjust )(?:(?:hit|did) (?:a |another |that )?(?:shot|hit|line|bump)|"
    r"took (?:a |another |that )?(?:hit|line|bump))\b"
)
# Using just before it ("after smoking", "i just used"), not using in general ("thinking about
# using", "i used to smoke").
_AFTER_USING = re.compile(
    r"\bafter (?:i |we )?(?:used|using|smoked|smoking|took|taking|snorted|snorting|shot up|"
    r"shooting up|hitting|hit|doing|did)\b|"
    r"\bi (?:just )?(?:used|smoked|took|snorted|shot up)\b(?! to\b)|"
    r"\bafter (?:that|this|the|my|a|those|these|some) "
    r"(?:(?!(?:flu|covid|booster|vaccine|allergy|tetanus|b12)\b)\w+ )?"
    r"(?:hit|shot|line|bump|pills?|dose|blast)\b|" + _USED_JUST_NOW + "|" + TOOK_A_PRESSED_PILL
)
_DESPUES_DE_USAR = re.compile(
    r"\b(?:despues de|desde que) (?:usar|consumir|inyectarme|fumar|meterme|tomar)\b|"
    r"\b(?:use|consumi|fume|me inyecte|me meti|tome)\b"
)
# The texter telling of their own overdose: "i think im overdosing", "i took too much", "cant
# breathe right after i smoked". Steps to wake someone else would not help them.
_OWN_OVERDOSE = re.compile(
    r"\b(?:im|i am|i m) (?:overdosing|oding|od ing|having an overdose|having an od)\b|"
    r"\bi (?:think i |just |think i just )?(?:overdosed|oded|odd|od d)\b|"
    r"\bi (?:think i |just |may have |might have )?(?:took|used|did|had|smoked|snorted|shot up|"
    r"drank) (?:way |a lot |much )?too (?:much|many)\b|"
    # Texted without the "i", as one's own: "took too much last night need someone to talk to".
    r"^(?:think i |just |prob |probably )?(?:took|used|did|smoked|snorted|shot up) "
    r"(?:way |a lot |much )?(?:too|to) (?:much|many)\b|"
    r"(?:^|\bi )(?:cant|can not|cannot) (?:breathe|breath)\b|"
    # "I think I'm gonna die", "i took the whole bag".
    r"\b(?:im|i am|i m) (?:dying|gonna die|going to die|gunna die|bout to die|about to die)\b|"
    r"\bi (?:just |already )?(?:took|swallowed|ate|popped|did|shot|snorted|smoked) "
    r"(?:a |the |my )?whole\b"
)
_OWN_OVERDOSE_ES = re.compile(
    r"\b(?:tengo|estoy teniendo) una sobredosis\b|\bme estoy (?:sobredosificando|muriendo)\b|"
    r"\bme voy a morir\b|"
    r"\b(?:tome|use|consumi|fume|me meti|me inyecte) demasiad[oa]s?\b|"
    r"(?:^|\byo )no puedo respirar\b|"
    r"\b(?:estoy|toy) (?:en|con|teniendo) (?:una )?sobre ?dosis\b|\bsobre ?dosificandome\b|"
    r"\bse me paso (?:la mano|de dosis)\b|" + "|".join(OVERDID_IT_ES)
)
# Someone else named, whom the bystander's steps are for: "he took too much", "my son".
_SOMEONE_ELSE = re.compile(
    r"\b(?:he|hes|she|shes|they|theyre|him|them|we|someone|somebody|friend|friends|buddy|son|"
    r"daughter|brother|sister|mom|mother|dad|father|husband|wife|boyfriend|girlfriend|bf|gf|"
    r"partner|kid|child|cousin|roommate|ella|ellos|ellas|amigo|amiga|hijo|hija|hermano|hermana|"
    r"esposo|esposa|novio|novia|mama|papa)\b"
)
# Someone wished for, not someone else there: "i need someone to talk to", "can somebody help".
_SOMEONE_WANTED = re.compile(
    r"\b(?:need|needs|want|wanna|could use|looking for|is there|can|could|talk to|talk with"
    r"|speak to|speak with) (?:someone|somebody|anyone|anybody)\b"
)
_USADO = re.compile(
    r"\b(?:fentanilo|fenta|heroina|pastillas|xanax|use|consumi|me inyecte|me meti|tome)\b|"
    r"\b(?:despues de|desde que) (?:usar|consumir|inyectarme|fumar|meterme|tomar)\b"
)
_USED = re.compile(
    r"\b(?:fent|fentanyl|fetty|dope|heroin|tranq|tranqed|tranqd|xylazine|pills?|percs?|oxy|"
    r"xanax|bars|benzos?|used|using|shot up|took|snorted|smoked)\b|"
    + _USED_JUST_NOW
    + "|"
    # "i did 2 blues": pressed pills, often fentanyl (``flows.slang_signs``).
    + TOOK_A_PRESSED_PILL
)
# The SOS emoji, which normalising drops with all other symbols.
SOS_EMOJI = "\U0001f198"
# Words every language shares: "SOS", "mayday".
_URGENT_ANY = re.compile(r"\b(?:sos|mayday)\b")


def without_call(spelled: str) -> str:
    """What the text says besides its call for help ("help now im in northampton" is
    "im in northampton"), for a place or a naloxone search said in the same breath."""
    for pattern in (*_URGENT_ES, *_URGENT_EN, _URGENT_ANY):
        spelled = pattern.sub(" ", spelled)
    return " ".join(spelled.split())


def feels_wrong_after_using(spelled: str) -> bool:
    """The texter feels wrong after using, their heart, chest or breath is in danger just
    after, or they are about to pass out or cannot stay awake or move: they may be overdosing
    themselves, and need steps for someone alone, not for a bystander."""
    if _passing_out_es(spelled):
        return True
    if _PASSING_OUT.search(spelled) and (not _ONLY_TIRED.search(spelled) or _USED.search(spelled)):
        return True
    # "i did a blue can i sleep it off": not of a drink, nor of someone else (a bystander's).
    if asks_to_sleep_it_off(spelled) and names_a_drug(spelled):
        return not _SOMEONE_ELSE.search(spelled)
    if _EYES_WONT_STAY_OPEN.search(spelled) and names_a_drug(spelled):
        return not _SOMEONE_ELSE.search(spelled)
    if _CANT_STAY_UP.search(spelled) and (
        _TOO_HIGH.search(spelled) or _AFTER_USING.search(_TOOK_NO_DRUG.sub(" ", spelled))
    ):
        return True
    return bool(
        (_FEELING_WRONG.search(spelled) and _USED.search(spelled))
        or (_FEELING_WRONG_ES.search(spelled) and _USADO.search(spelled))
        or (_BODY_IN_DANGER.search(spelled) and _AFTER_USING.search(spelled))
        or (
            _FEELING_SICK.search(spelled)
            and _AFTER_USING.search(spelled)
            and not _GUILT.search(spelled)
        )
        or (_BODY_IN_DANGER_ES.search(spelled) and _DESPUES_DE_USAR.search(spelled))
    )


def _passing_out_es(spelled: str) -> bool:
    """About to pass out, in Spanish, and not only tired (unless a use is told)."""
    if passing_out_after_use_es(spelled):
        return True
    return bool(_PASSING_OUT_ES.search(spelled)) and (
        not _ONLY_TIRED_ES.search(spelled) or bool(_USADO.search(spelled))
    )


def tells_of_own_overdose(spelled: str) -> bool:
    """An overdose told of the texter themselves ("i think im overdosing", "tome demasiado"),
    naming nobody else: they need steps for someone alone."""
    own = (
        _OWN_OVERDOSE.search(spelled)
        or _OWN_OVERDOSE_ES.search(spelled)
        or took_pills_themselves(spelled)
    )
    return bool(own) and not _SOMEONE_ELSE.search(_SOMEONE_WANTED.sub(" ", spelled))


def urgent_call(spelled: str) -> tuple[bool, str | None]:
    """Whether the text calls for help at once, and in which language ("es", "en", or None
    for "SOS"). Read after ``flows.emergency``: it says nothing of overdoses."""
    for pattern in _NEITHER:
        spelled = pattern.sub(" | ", spelled)
    if any(pattern.search(spelled) for pattern in _URGENT_ES):
        return True, "es"
    if any(pattern.search(spelled) for pattern in _URGENT_EN):
        return True, "en"
    if feels_wrong_after_using(spelled):
        spanish = (
            _FEELING_WRONG_ES.search(spelled)
            or _BODY_IN_DANGER_ES.search(spelled)
            or _passing_out_es(spelled)
        )
        return True, "es" if spanish else "en"
    return bool(_URGENT_ANY.search(spelled)), None


# Said soon after the emergency steps: the person came round ("ok hes breathing now", "she
# woke up", "ya respira") or what comes next ("what now"). Not "is he breathing?", nor "hes
# still not breathing" (an emergency, read before this).
_CAME_ROUND = re.compile(
    r"\b(?:breathing|breathin|breathes|awake|responding|responsive|conscious)\b|"
    r"\b(?:woke|woken|waking|wakes|came|coming|comes) (?:up|to|around|round|back)\b|"
    r"\b(?:hes|shes|theyre|he is|she is|they are) (?:up|back|ok|okay|alive|talking|moving)\b|"
    r"\b(?:ya )?(?:respira|esta respirando|desperto|se desperto|reacciono|volvio en si|"
    r"esta despiert[oa])\b"
)
_NOT_YET = re.compile(
    r"\b(?:not|isnt|arent|wasnt|wont|cant|barely|stopped|stop|hardly|if|no|apenas|dejo)\b|"
    r"^(?:is|are|does|did) "
)
_WHAT_NOW = re.compile(
    r"^(?:ok |okay |so |and |y )?(?:what now|now what|what next|whats next|what else|then what|"
    r"what do (?:i|we) do next|y ahora|ahora que|que sigue|y despues)(?: que)?$"
)
_AFTER_STEPS_WORDS = 12


def came_round_or_asks_what_now(norm: str) -> bool:
    """A short text telling that the person came round, or asking what now: said soon after
    the emergency steps, it is answered with what comes next (stay with them)."""
    if _WHAT_NOW.search(norm):
        return True
    if len(norm.split()) > _AFTER_STEPS_WORDS or _NOT_YET.search(norm):
        return False
    return bool(_CAME_ROUND.search(norm))


# Naloxone given and it worked, soon after the steps: "narcan worked", "i narcanned him hes
# good now", "we hit him with narcan and he came back", "le di narcan y ya respira". Read
# before the emergency and naloxone words in it, which would send the steps again or the
# naloxone finder. Anything that may not be over ("didnt work", "still", "another dose")
# is left to them: the steps again is the safe answer.
_NALOXONE_GIVEN = re.compile(
    r"\b(?:narcan|narcanned|narcaned|narcand|naloxone|naloxona|the spray|nasal spray)\b"
)
_IT_WORKED = re.compile(
    r"\b(?:worked|working|funciono|sirvio)\b|"
    r"\b(?:hes|shes|theyre|he is|she is|they are|hes doing|shes doing) (?:good|fine|alright|"
    r"all right|better|ok now|okay now)\b|"
    r"\b(?:bien|mejor)\b"
)
_MAY_NOT_BE_OVER = re.compile(
    r"\b(?:didnt|doesnt|dont|hasnt|havent|isnt|wasnt|wont|not|no|nothing|still|again|"
    r"another|second|2nd|more|stopped|barely|if|yet|todavia|aun|otra|sigue)\b|\?|"
    r"^(?:is|are|does|did|will|should|can|how) "
)


def naloxone_worked(norm: str) -> bool:
    """A short text telling that naloxone was given and the person came round."""
    if len(norm.split()) > _AFTER_STEPS_WORDS or _MAY_NOT_BE_OVER.search(norm):
        return False
    if not _NALOXONE_GIVEN.search(norm):
        return False
    return bool(_IT_WORKED.search(norm) or _CAME_ROUND.search(norm))


# Came round, told with what was done: "ok i called 911 and gave him narcan he woke up thank
# god", "ya llame al 911 y le di narcan ya desperto". Longer than "she woke up", and its
# naloxone and 911 words, which alone would send the steps again, tell what was done: the
# rest is still read for an overdose now ("he woke up but his breathing is really slow").
_AFTER_HELP_WORDS = 25
_HELP_DONE = re.compile(
    rf"\b(?:{'|'.join(NALOXONE_SPELLINGS)}|naloxona|narcanned|narcaned)s?\b|"
    r"\b(?:called|dialed|llame|llamamos|llamaron|marque|marcamos) (?:al |a )?911\b"
)


def came_round_after_help(norm: str) -> bool:
    """A text telling that the person came round, beside the naloxone given or 911 called:
    said soon after the steps, the coming round wins over those words (aftercare)."""
    if len(norm.split()) > _AFTER_HELP_WORDS or not _CAME_ROUND.search(norm):
        return False
    if _NOT_YET.search(norm) or _MAY_NOT_BE_OVER.search(norm):
        return False
    rest = spelled_right(_HELP_DONE.sub(" ", norm))
    return not overdose_in_progress(rest)[0] and not urgent_call(rest)[0]
