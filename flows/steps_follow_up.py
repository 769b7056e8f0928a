"""What a bystander says soon after the emergency steps, and which text answers it.

The overdose may still be going on ("i dont have any narcan", "should i do cpr"), help may be
on its way ("ok 911 is coming"), or the person was taken to hospital ("they took him to
cooley"). Each is the same emergency, not a new ask: never the naloxone finder or the menu's
welcome. Reads normalised text (``flows.text.normalise``); a text that tells of an overdose now
("still not breathing") is read before this, and gets the steps again.
"""

from __future__ import annotations

import re

from flows.emergency import NALOXONE_SPELLINGS
from flows.urgency import came_round_after_help, came_round_or_asks_what_now

_NARCAN = rf"(?:{'|'.join(NALOXONE_SPELLINGS)}|naloxona)"
# A long story is the conversation's: only a short text is read as a follow-up.
_MOST_WORDS = 25
_NO_NALOXONE = re.compile(
    r"\b(?:(?:dont|do not|didnt|did not|doesnt|does not|havent|have not|aint) (?:even )?"
    r"(?:have|got|own|carry|bring)|(?:have|got|has|there is|theres|there s) no|aint got|no|"
    r"without|out of|ran out of|no (?:tengo|tenemos|hay|tiene)|sin)"
    rf"(?: any| some| the| a| more| of| el| la)? {_NARCAN}\b"
)
_BREATHS = re.compile(
    r"\b(?:cpr|rescue breath\w*|mouth to mouth|chest compressions?|compressions|rcp|"
    r"respiracion(?:es)? de rescate|boca a boca|compresiones)\b"
)
_TAKEN_TO_HOSPITAL = re.compile(
    r"\b(?:took|taken|taking|brought|bringing|rushed|transported|drove|driving)\b(?: \w+){0,3}"
    r" (?:to|into) (?:the )?(?:hospital|er|emergency room|ed|cooley|cooley dickinson|baystate|"
    r"mercy|holyoke medical)\b|"
    r"\b(?:ambulance|ems|paramedics|medics) (?:just )?(?:took|have|got|left with) "
    r"(?:him|her|them)\b|"
    r"\b(?:hes|shes|theyre|he is|she is|they are) (?:at|in) the (?:hospital|er)\b|"
    r"\b(?:se (?:lo|la) llevaron|(?:lo|la) llevaron|(?:lo|la) llevan|esta en el hospital)\b"
)
_HELP_COMING = re.compile(
    r"\b(?:911|ambulance|ems|paramedics|medics|help|fire ?(?:dept|department|truck)?|"
    r"police|cops)(?: is| are| s)?(?: already| finally)? (?:coming|on (?:the|their|its) way|omw|"
    r"here|arrived|arriving|pulling up|just got here|en route)\b|"
    r"\b(?:i|we) (?:just |already )?called 911\b|"
    r"\b(?:ya )?(?:llame|llamamos|marque|marcamos) al 911\b|"
    r"\b(?:la ambulancia|el 911|los paramedicos|la ayuda)(?: ya)? (?:viene|vienen|esta en camino|"
    r"estan en camino|llego|llegaron|esta aqui|estan aqui)\b"
)
# "is 911 coming?", "911 isnt here yet": asked or not yet, which only the steps answer.
_NOT_YET = re.compile(
    r"^(?:is|are|will|when|should|do|does|did|how|where)\b|"
    r"\b(?:not|isnt|arent|wont|hasnt|havent|yet|no ha|no han|todavia no|aun no)\b"
)


def follow_up_after_steps(norm: str) -> str | None:
    """The system text answering this text soon after the emergency steps, or None when it is
    no follow-up: no naloxone (911 brings it), rescue breaths or CPR asked (the dispatcher
    guides), help on its way, taken to hospital, or came round ("after_steps")."""
    if len(norm.split()) > _MOST_WORDS:
        return None
    if _NO_NALOXONE.search(norm):
        return "after_steps_no_naloxone"
    if _TAKEN_TO_HOSPITAL.search(norm) and not _NOT_YET.search(norm):
        return "after_steps_hospital"
    if _BREATHS.search(norm):
        return "after_steps_breaths"
    if came_round_after_help(norm):  # "i called 911 and he woke up": came round wins
        return "after_steps"
    if _HELP_COMING.search(norm) and not _NOT_YET.search(norm):
        return "after_steps_help_coming"
    return "after_steps" if came_round_or_asks_what_now(norm) else None


# The emergency goes on: answered, and the conversation kept as it was (no menu).
STILL_GOING_ON = frozenset(
    {"after_steps_no_naloxone", "after_steps_breaths", "after_steps_help_coming"}
)
