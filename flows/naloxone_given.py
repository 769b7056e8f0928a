"""Naloxone told as already given: "i gave him narcan and he came back", "we had to narcan him",
"narcan worked", "he came to after narcan".

Such a text tells of an overdose that is over, not a search for naloxone: it gets the aftercare
(naloxone wears off, the overdose can return) and family support, the program's follow-up;
given long ago, the menu as any text would.
Words only; normalised text in.
"""

from __future__ import annotations

import re

from flows.after_the_steps_asked import without_transport_refused
from flows.emergency import NALOXONE_SPELLINGS
from flows.long_ago import told_long_ago
from flows.not_an_overdose import joke_or_practice
from flows.urgency import came_round_after_help, naloxone_worked

_NALOXONE = "(?:" + "|".join(re.escape(w) for w in (*NALOXONE_SPELLINGS, "naloxona")) + ")"
_SOMEONE = r"(?:him|her|them|my \w+|his \w+|her \w+|the \w+)"
# Naloxone as a deed done: "gave him narcan", "narcan him" after "had to", "narcaned her",
# "used narcan on him", "hit him with narcan", "le di narcan".
_GIVEN = re.compile(
    rf"\b(?:gave|given|used|sprayed|administered)(?: {_SOMEONE})?"
    rf"(?: (?:a|the|some|two|2|one|1|another|more))?(?: doses? of)? {_NALOXONE}s?"
    rf"(?! (?:to|for) (?:give|keep|have|carry))\b|"
    rf"(?<!do )(?<!can )(?<!should )(?<!could )(?<!will )"
    rf"\b(?:had to|i|we|they|he|she) {_NALOXONE}(?:ed|d)? {_SOMEONE}\b|"
    rf"\b{_NALOXONE}(?:ed|d|ned) {_SOMEONE}\b|"
    rf"\bhit {_SOMEONE} with {_NALOXONE}\b|"
    rf"\b(?:le|les) (?:di|dimos|dio|dieron|pusimos|puse) (?:la |el )?{_NALOXONE}\b"
)
# Someone brought back by it: "narcan worked", "he came to after narcan", "shes awake now after
# the narcan". Not "what if narcan worked", "he never came to after the narcan", "hes not awake
# after narcan": still out is an emergency.
_REVIVED = re.compile(
    rf"(?<!\bif )(?<!\bhope )(?<!\bhoping )\b(?:the |my |our |his |her )?{_NALOXONE}s? "
    r"(?:worked|did (?:its|the) (?:job|trick)|brought (?:him|her|them|\w+) back)\b|"
    # "they brought him back with narcan", "revived him with narcan", "lo revivieron con
    # narcan": the same, told the other way round.
    r"\b(?:brought (?:him|her|them|my \w+|\w+) back|revived (?:him|her|them|my \w+|\w+)"
    r"|(?:l[oa]s?|le) (?:revivieron|revivimos|revivi|revivio|trajeron de vuelta))"
    r" (?:with|using|con) (?:the |some |a |el |la |\d+ )?"
    rf"{_NALOXONE}s?\b|"
    r"(?<!\bnot )(?<!\bnever )(?<!\bisnt )(?<!\bhasnt )(?<!\bhavent )(?<!\bdidnt )"
    r"(?<!\bstopped )(?<!\bbarely )"
    r"\b(?:woke(?: up)?|came (?:to|back|around|round|through)|(?:hes|shes|theyre|is|are) up"
    r"|awake|breathing|alert|talking|responding)(?: (?:now|again|finally|ok|okay))?"
    rf" (?:after|from|with) (?:the |a |\d+ |one |two |both |another |some )?(?:doses? of )?"
    rf"{_NALOXONE}s?\b|"
    # "desperto con el narcan", "ya respira despues del narcan"
    r"\b(?:desperto|se desperto|reacciono|volvio en si|respira|esta respirando)(?: ya)?"
    rf" (?:con|despues de|despues del|por) (?:el |la |una |un )?{_NALOXONE}s?\b"
)
# On a day before today: the overdose is over (naloxone wears off within hours of today's).
_BEFORE_TODAY = re.compile(
    r"\b(?:yesterday|last (?:night|week|weekend|month)|the other (?:day|night)"
    r"|(?:\d+|a|one|two|three|a few|few|several|couple|a couple) (?:days?|weeks?|months?) ago"
    r"|(?:on|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|ayer|anoche|la semana pasada)\b"
)
# Signs the opioid may be taking hold again as naloxone wears off ("breathing now but real
# sleepy"): the steps again, not the aftercare.
_DROWSY = re.compile(
    r"\b(?:sleepy|drowsy|nodding|nodding off|dozing|falling asleep|out of it|groggy|slow|"
    r"barely|blue|gray|grey|pale|snoring|gurgling)\b"
)
# Came round once ("he woke up but now hes not breathing"): a new turn, which the first steps
# answer again, not a dose that has not worked yet.
_CAME_ROUND_ONCE = re.compile(
    r"\b(?:woke|came (?:to|back|around|round)|was (?:breathing|awake|talking|ok|okay)|"
    r"desperto|reacciono|volvio en si)\b"
)
# Asking for naloxone all the same: "i gave him my narcan last night, where can i get more",
# "desperto con el narcan, donde consigo mas".
_WANTS_MORE = re.compile(
    r"\b(?:more|another|new|refill|replace|replacement|where|get|find|need|want|how|"
    r"mas|donde|consigo|conseguir|necesito|necesitamos|quiero|reponer)\b"
)
# Anything said of now that an overdose may be under way again: the emergency stands.
_NOW = re.compile(
    r"\b(?:still|again|now|rn|right now|currently|tonight|911|hurry|asap|help|ambulance|"
    r"not breathing|wont wake|cant wake|blue|unresponsive|nodding)\b"
)


def naloxone_given(norm: str) -> bool:
    """The text tells of naloxone given to someone, as a deed done, not asked for; not to a
    dummy in a training ("gave narcan to a dummy")."""
    return bool(_GIVEN.search(norm) or _REVIVED.search(norm)) and not joke_or_practice(norm)


def given_long_ago(norm: str) -> bool:
    """Naloxone told as given long before now ("gave narcan to my neighbor last year"): over,
    so neither the aftercare for now nor the days after an overdose, and nothing said of now."""
    return naloxone_given(norm) and told_long_ago(norm) and not _NOW.search(norm)


def told_as_given(norm: str) -> bool:
    """Naloxone named only as given ("i gave him narcan and he came back"): no search. The
    ambulance refused ("doesnt want the ambulance") is no wish for more naloxone."""
    return naloxone_given(norm) and not _WANTS_MORE.search(without_transport_refused(norm))


def revived_before_today(norm: str) -> bool:
    """Naloxone given on a day before today, with nothing said of now: a past overdose told,
    which words like "passed out" alone would read as one under way."""
    return naloxone_given(norm) and bool(_BEFORE_TODAY.search(norm)) and not _NOW.search(norm)


def came_round_after_naloxone(norm: str) -> bool:
    """Naloxone given just now and the person came round ("i gave my homie narcan n hes up
    now"), with no sign of drifting off again: over for now, so the aftercare, not the steps
    to wake someone who is awake. The ambulance refused beside it ("but he wont go to the
    hospital") is a question for the aftercare, not a sign the overdose goes on."""
    if _DROWSY.search(norm) or not naloxone_given(norm):
        return False
    rest = without_transport_refused(norm)
    return naloxone_worked(rest) or came_round_after_help(rest)


def came_round_once(norm: str) -> bool:
    """The person is told to have come round at some point ("he woke up but now...")."""
    return bool(_CAME_ROUND_ONCE.search(norm))
