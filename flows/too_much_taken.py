"""Too much taken: "i took too much", "tome demasiado", "anoche me pase de la raya".

Told of now, it is a sign of an overdose (``flows.emergency``). Told with a day before today
beside it ("i took too much last night", "ayer tome demasiado"), or of the texter's own earlier
today with them all right now, it tells of an overdose that is over, as "i overdosed last
night" does: the days after one carry a high risk of another, and the text for them
(``flows.past_overdose``) is what helps, never steps to wake someone. Too much of anything
else ("too much time", "ate too much") is neither. Normalised text in.
"""

from __future__ import annotations

import re

# Taken or used, said of oneself or of someone: "tomé", "usé", "consumí", "me metí".
TOOK_ES = "tome|tomo|use|consumi|me meti|me inyecte"

TOO_MUCH_EN = (
    # "to much" is how many people spell it; not time, money or a past long gone.
    r"\b(?:took|taken|has taken|used|shot up|shot|snorted|smoked|swallowed|did) "
    r"(?:way |much |so much |a lot )?(?:too|to) (?:much|many)\b"
    r"(?! (?:time|money|space|hours|shifts|days|classes|back then|back in the day|in the past"
    r"|years ago|at (?:the )?(?:gym|work|school|job)|for (?:him|her|them|others|people|everyone)"
    r"|work|damage|harm|wrong|thinking|talking|worrying|overtime)\b)",
)
TOO_MUCH_ES = (
    # "Tomé", "usé", "me metí" or "me inyecté demasiado" (said or about someone), not the
    # advice "no tome demasiado" nor "tomé demasiado tiempo". The word first, which the regex
    # engine finds quickly, then what comes before it.
    "demasiad(?:"
    + "|".join(rf"(?<=\b{took} demasiad)" for took in TOOK_ES.split("|"))
    + ")"
    + "".join(f"(?<!\\bno {took} demasiad)" for took in TOOK_ES.split("|"))
    + r"[oa]s?\b(?! (?:tiempo|dinero|rato|cafe|agua|sol)\b)",
    r"\bse (?:le |me |nos )?paso (?:la mano|de dosis)\b",
)
# "Me pase de la raya" (I overdid it), of drugs or said alone: not "con mi novia", "con el
# trabajo". Too vague to be a sign now; with a day before today, one's own overdose told.
_DRUGS_ES = (
    r"(?:la |las |el |los )?(?:droga|drogas|dosis|pastillas|heroina|fentanilo|fentanyl|fenta"
    r"|manteca|percs?|xanax)\b"
)
OVERDID_IT_ES = (
    rf"\bme pase (?:de la raya|de dosis|con {_DRUGS_ES})(?! con\b(?! {_DRUGS_ES}))(?! en\b)",
)

# A day before today: "last night", "yesterday", "2 days ago", "ayer", "anoche".
_DAY_BEFORE_TODAY = re.compile(
    r"\b(?:yesterday|last (?:night|week|weekend)|the other (?:day|night)"
    r"|(?:\d+|a|one|two|three|four|a few|few|several|a couple|a couple of|couple) "
    r"(?:days?|weeks?) (?:ago|back)"
    r"|(?:on|last|this past) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|ayer|anoche|antier|anteayer|el otro dia|la otra noche|la semana pasada"
    r"|hace (?:\w+ )?(?:dias|semanas))\b"
)
_EARLIER_TODAY = re.compile(
    r"\b(?:earlier today|earlier this (?:morning|afternoon)|this morning|this afternoon)\b"
)
# All right now, in so many words: "im ok now", "hes fine now". The texter's own for earlier
# today; anyone's lets a day before today stand (``flows.emergency`` reads the rest).
_OWN_ALL_RIGHT_NOW = re.compile(
    r"\b(?:im|i am|i m|i feel|im feeling) (?:ok|okay|fine|alright|all right|good|better|safe)"
    r" now\b"
)
_ALL_RIGHT_NOW = re.compile(
    r"\b(?:im|i am|i m|i feel|im feeling|hes|shes|theyre|he is|she is|they are|(?:he|she|they)"
    r" (?:feels?|seems?)) (?:ok|okay|fine|alright|all right|good|better|safe) now\b"
)
# Anything else said of now keeps it open: "im ok now but still cant breathe", "help", "and
# now i cant stop shaking".
_UNSETTLED = re.compile(
    r"\b(?:still|again|now|rn|right now|currently|tonight|911|hurry|asap|help|ambulance|ahora"
    r"|todavia|ayuda)\b"
)
# The texter's own overdose: "i took too much", "i overdosed", "i od'd".
_OWN = re.compile(
    r"\bi (?:think i |may have |might have )?(?:(?:took|used|did|smoked|snorted|shot up) "
    r"(?:way |much |so much |a lot )?(?:too|to) (?:much|many)|overdosed|over dosed|odd|oded"
    r"|od d|had (?:an|a) (?:overdose|od))\b"
)
# A time is read of what it is told right beside: a few words after ("took too much fent last
# night"), or just before ("last night i took too much"), within one clause. After words that
# start another clause it tells of something else: "i took too much, relapsed last week".
_NEAR_AFTER = 4
_NEAR_BEFORE = 3
_JOINS = frozenset(
    ("and", "but", "so", "then", "because", "cause", "cuz", "since", "after", "y", "pero", "porque")
)
_SUBJECTS = frozenset(
    ("i", "im", "he", "hes", "she", "shes", "they", "theyre", "we", "yo", "el", "ella")
)
# A past verb starts another clause ("relapsed"); not a drug's name.
_PAST_VERB = re.compile(r"^\w+ed$(?<!speed)(?<!weed)")
_TOO_MUCH = tuple(re.compile(p) for p in TOO_MUCH_EN + TOO_MUCH_ES + OVERDID_IT_ES)
_SPANISH = tuple(re.compile(p) for p in TOO_MUCH_ES + OVERDID_IT_ES)


def _said_near(found: re.Match[str], when: re.Pattern[str]) -> bool:
    """``when`` is told beside what was found, in the same clause."""
    after = found.string[found.end() :]
    told = when.search(after)
    if told is not None:
        between = after[: told.start()].split()
        if len(between) <= _NEAR_AFTER and not any(
            w in _JOINS or w in _SUBJECTS or _PAST_VERB.match(w) for w in between
        ):
            return True
    before = found.string[: found.start()]
    told_before = list(when.finditer(before))
    if not told_before:
        return False
    between = before[told_before[-1].end() :].split()
    return len(between) <= _NEAR_BEFORE and not any(w in _JOINS for w in between)


def own_earlier_today_all_right_now(spelled: str) -> bool:
    """The texter's own overdose earlier today, and they are all right now, saying nothing
    else of now ("i took too much earlier today and im ok now"): they are texting, so it is
    over. Said of someone else it is not: naloxone wears off within hours."""
    if not _OWN_ALL_RIGHT_NOW.search(spelled) or _says_now(spelled):
        return False
    return any(_said_near(found, _EARLIER_TODAY) for found in _OWN.finditer(spelled))


def _says_now(spelled: str) -> bool:
    """The text says something of now besides that someone is all right now."""
    return bool(_UNSETTLED.search(_ALL_RIGHT_NOW.sub(" ", spelled)))


def without_earlier_today(spelled: str) -> str:
    """The text without its "earlier today" or "this morning", which says nothing of now."""
    return _EARLIER_TODAY.sub(" ", spelled)


def too_much_told_as_over(spelled: str) -> str | None:
    """ "en" or "es" when the text tells of too much taken on a day before today, or of the
    texter's own earlier today with them all right now; None otherwise."""
    earlier_today = own_earlier_today_all_right_now(spelled)
    if not earlier_today and _says_now(spelled):
        return None  # "i took too much last night and now i cant stop shaking"
    for pattern in _TOO_MUCH:
        for found in pattern.finditer(spelled):
            if earlier_today or _said_near(found, _DAY_BEFORE_TODAY):
                return "es" if pattern in _SPANISH else "en"
    return None
