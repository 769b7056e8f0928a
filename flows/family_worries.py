"""Worries a family member says in so many words, each answered with a short line of its own
before the question or the menu: blaming themselves for a loved one's use or death, wanting
a loved one made to go to treatment, Section 35, naloxone found in their things; and whether
a first text was about someone else. Normalised text in."""

from __future__ import annotations

import re

from flows.loved_one import what_was_found

# "is it my fault", "i should have seen it", "fue mi culpa", "me culpo". Not blame put on
# someone else ("the dealer is at fault").
_SELF_BLAME = re.compile(
    r"\b(?:my fault|my own fault|i blame myself|i feel responsible|did i cause (?:this|it)"
    r"|i should (?:have|of|ve) (?:seen|known|noticed|stopped|caught|done more|been there)"
    r"|i shouldve (?:seen|known|noticed|stopped|caught|done more|been there)"
    r"|i failed (?:him|her|them|my \w+)"
    r"|mi culpa|tengo la culpa|me culpo|debi (?:haberlo |haberla )?(?:haber )?"
    r"(?:visto|sabido|notado|hecho mas))\b"
)


# Wanting a loved one made to go to treatment: "can i force my son into rehab", "how do i make
# him go", "obligar a mi hijo". Not "i need help getting my son into detox": help asked for.
_MAKE_THEM_GO = re.compile(
    r"\b(?:force|forcing|make|making) (?:him|her|them|my (?:\w+ )?\w+) (?:to )?"
    r"(?:go|get|into|in|to|stop|quit|accept)\b"
    r"|\bagainst (?:his|her|their) will\b|\binvoluntar(?:y|ily)\b"
    r"|\b(?:obligar|obligarlo|obligarla|forzar|forzarlo|forzarla)\b|\bcontra su voluntad\b"
)
# Section 35, the Massachusetts court process for court-ordered treatment: its own answer.
_SECTION_35 = re.compile(r"\b(?:section|sect|sec|seccion) ?35\b|\bsection thirty five\b")


def wants_them_made_to_go(norm: str) -> bool:
    """The text asks how to make a loved one go to treatment ("can i force my son into
    rehab")."""
    return bool(_MAKE_THEM_GO.search(norm))


def names_section_35(norm: str) -> bool:
    """The text names Section 35 ("can i section 35 my daughter")."""
    return bool(_SECTION_35.search(norm))


_NALOXONE = re.compile(r"\b(?:narcan|naloxone|naloxona)\b")


def naloxone_found(norm: str) -> bool:
    """The text tells naloxone was found in a loved one's things ("i found narcan in my
    boyfriends bag"): carrying it is no proof of use."""
    return any(_NALOXONE.search(words) for words in what_was_found(norm))


# A first text plainly about someone else: "how do i talk to my 14 year old", "my teen".
_SOMEONE_ELSE = re.compile(
    r"\bmy (?:\d+ ?(?:years?|yrs?|y) ?o(?:ld)?|teen|teens|teenager|son|daughter|kid|kids|child"
    r"|children|boy|girl|husband|wife|partner|boyfriend|girlfriend|bf|gf|brother|sister|mom"
    r"|dad|mother|father|friend|grandson|granddaughter|grandkid|nephew|niece|cousin)s?\b"
    r"|\b(?:him|her|he|she|hes|shes)\b"
)
# Said of themselves too: "me and my bf", "my son and i both use".
_THEMSELVES = re.compile(r"\b(?:me|myself|i use|im using|i relapsed|my own)\b")


def about_someone_else(norm: str) -> bool:
    """The text is plainly about someone else, and not also about the texter."""
    return bool(_SOMEONE_ELSE.search(norm)) and not _THEMSELVES.search(norm)


# An objection to harm reduction: "why do you people give them needles", "handing out narcan
# just enables them", "por que le dan jeringas". Not a parent's own worry ("am i enabling
# him"): the supplies must be named.
_SUPPLIES = (
    r"(?:needles|syringes|narcan|naloxone|pipes|supplies|kits|test strips|jeringas|agujas"
    r"|naloxona|pipas)"
)
_HANDING = (
    r"(?:give|gives|giving|hand|hands|handing|pass|passing|dan|dar|reparten|repartir|regalan)"
)
_OBJECTION = re.compile(
    r"\bwhy (?:do|does|would|are|r|is) (?:\w+ ){1,3}?"
    + _HANDING
    + r" (?:\w+ ){0,4}?"
    + _SUPPLIES
    + r"\b|\bpor ?que (?:\w+ ){0,3}?"
    + _HANDING
    + r" (?:\w+ ){0,4}?"
    + _SUPPLIES
    + r"\b"
    + r"|\b"
    + _SUPPLIES
    + r"\b.*\b(?:enabl\w*|fomenta\w*|alcahuete\w*)"
    + r"|\b(?:enabl\w*|fomenta\w*|alcahuete\w*)\b.*\b"
    + _SUPPLIES
    + r"\b"
)


def objects_to_harm_reduction(norm: str) -> bool:
    """The text objects to handing out harm-reduction supplies ("youre enabling them")."""
    return bool(_OBJECTION.search(norm))


def blames_themselves(norm: str) -> bool:
    """The text blames the texter for a loved one's use or death ("its my fault")."""
    return bool(_SELF_BLAME.search(norm))
