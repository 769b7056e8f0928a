"""A text at the naloxone finder's town question that asks for support for the texter, not
for a place: "actually i want help for myself", "i been using again and i dont know who to
talk to", "necesito hablar con alguien".

Read as a place, such words were "I can't see where you are" or "couldn't find that place"
again and again ("i dont know who to talk to" even read as "idk"). They leave the search for
the menu's support for oneself. Help for a loved one said instead of naloxone ("not narcan,
help for my son") leaves it for family support. A change of mind ("wait no", "no nvm i want a
coach", "mejor no") leaves it for the menu, read as answered by what follows it.
"""

from __future__ import annotations

import re

from flows.interrupts import says_naloxone_is_not_wanted
from flows.loved_one import for_a_loved_one
from flows.own_ask import asks_for_oneself
from flows.text import normalise

_SUPPORT = re.compile(
    r"\b(?:who|someone|somebody|anyone|anybody|a person) to (?:talk|speak) (?:to|with)\b"
    r"|\b(?:talk|speak) (?:to|with) (?:someone|somebody|a person|a coach|a counselor|a peer)\b"
    r"|\b(?:help|support) for (?:me|myself|my self)\b"
    r"|\b(?:i|ive|i have) (?:been |started |am |keep )?using again\b|\bi relapsed\b"
    r"|\bnecesito hablar con (?:alguien|una persona)\b|\b(?:ayuda|apoyo) para mi\b"
    r"|\b(?:recai|volvi a usar)\b"
    r"|\b(?:want|need|get|looking for|find) (?:me )?(?:a |an )?(?:recovery |peer )?coach\b"
)
# Naloxone for someone named: "narcan for my son", "its for my brother", "help for my mom".
_FOR_SOMEONE = re.compile(r"\b(?:for|4) (?:my|him|her|them|a friend)\b")


def asks_for_support(text: str) -> bool:
    """The text asks for support or someone to talk to, for the texter."""
    norm = normalise(text)
    if asks_for_oneself(norm):
        return True
    return _SUPPORT.search(norm) is not None and not _FOR_SOMEONE.search(norm)


# Help for the loved one the text points to: "help for her", "ayuda para ella".
_HELP_FOR_THEM = re.compile(
    r"\b(?:help|support|treatment) (?:for|4) (?:him|her|them)\b"
    r"|\b(?:ayuda|apoyo|tratamiento) (?:para|pa) (?:ella|el$)"
)


def asks_for_a_loved_one_not_naloxone(text: str) -> bool:
    """The text says naloxone is not what is wanted and asks help for a loved one instead
    ("no i want help for her not narcan", "i dont need narcan i need help for my daughter"):
    family support, where "narcan for my daughter" is a search."""
    norm = normalise(text)
    if not says_naloxone_is_not_wanted(norm):
        return False
    return for_a_loved_one(norm) or _HELP_FOR_THEM.search(norm) is not None


# Someone to talk to, said beside other words ("i need narcan and someone to talk to", "narcan
# + a coach"): for the texter, or for the loved one the text names.
_SOMEONE_TO_TALK_TO = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|a person) to (?:talk|speak) (?:to|with)\b"
    r"|\b(?:talk|speak) (?:to|with) (?:someone|somebody|a person|a coach|a counselor|a peer)\b"
    r"|\b(?:a|recovery|peer) coach\b|\bpeer support\b"
    r"|\b(?:alguien|una persona) con (?:quien|quienes) hablar\b"
    r"|\bhablar con (?:alguien|una persona|un coach|un consejero)\b|\bun coach\b"
)


def asks_for_someone_to_talk_to(text: str) -> bool:
    """The text asks, among other things, for a person to talk to."""
    return _SOMEONE_TO_TALK_TO.search(normalise(text)) is not None


# A change of mind said first: a word that takes back ("wait", "oops", "nvm") with a no ("wait
# no", "no nvm", "oops no", "mejor no"); what follows it, if anything, is what they want instead.
_TAKING_BACK = re.compile(
    r"^(?:(?:oh|ok|okay|um|umm|sorry|no|nah|nope|wait|hold on|oops|actually|nvm|never ?mind"
    r"|wrong one|my bad|jk|lol|thanks|thx|espera|perdon|ay|mejor no|olvidalo|gracias) )+"
)
_TAKES_BACK = re.compile(
    r"\b(?:wait|hold on|oops|actually|nvm|never ?mind|wrong one|my bad|jk|espera|mejor no"
    r"|olvidalo)\b"
)
_SAYS_NO = re.compile(r"\b(?:no|nah|nope|nvm|never ?mind|wrong one|my bad|mejor no|olvidalo)\b")


def words_after_a_change_of_mind(text: str) -> str | None:
    """What a text that takes back the ask before it wants instead ("no nvm i want a coach" is
    "i want a coach", "wait no" nothing); None when it takes nothing back."""
    norm = normalise(text)
    found = _TAKING_BACK.match(f"{norm} ")
    if found is None:
        return None
    said = found.group(0)
    if not (_TAKES_BACK.search(said) and _SAYS_NO.search(said)):
        return None
    return norm[found.end() :].strip()
