"""Worries a family member says in so many words, each answered with a short line of its own
before the question or the menu: blaming themselves for a loved one's use or death, wanting
a loved one made to go to treatment, Section 35, naloxone found in their things; and whether
a first text was about someone else. Normalised text in."""

from __future__ import annotations

import re

from flows.loved_one import what_was_found

# "i blame myself", "i should have seen it", "me culpo": blame taken for someone else's
# troubles. Not blame put on someone else ("the dealer is at fault").
_SELF_BLAME = re.compile(
    r"\b(?:i blame myself|i feel responsible|did i cause (?:this|it)"
    r"|i should (?:have|of|ve) (?:seen|known|noticed|stopped|caught|done more|been there)"
    r"|i shouldve (?:seen|known|noticed|stopped|caught|done more|been there)"
    r"|i failed (?:him|her|them|my \w+)"
    r"|me culpo|debi (?:haberlo |haberla )?(?:haber )?(?:visto|sabido|notado|hecho mas))\b"
)
# "Is it my fault", "fue mi culpa": of anything ("is it my fault im late", "es mi culpa que
# llegue tarde"), so only beside a loved one, their use, relapse, overdose or death
# (_ABOUT_THEM), or said alone in family support, where they are the subject.
_MY_FAULT = re.compile(r"\b(?:my (?:own )?fault|mi culpa|tengo la culpa)\b")
_ABOUT_THEM = re.compile(
    r"\b(?:he|she|they|him|her|them|his|hers|their|hes|shes|theyre|son|daughter|kid|child"
    r"|husband|wife|partner|boyfriend|girlfriend|bf|gf|brother|sister|mom|dad|mother|father"
    r"|friend|grandson|granddaughter|nephew|niece|cousin|uses|using|used|use|relaps\w*"
    r"|drugs?|drinking|drinks|addict\w*|addiction|overdos\w*|ods?|odd|oded|died|dead|death"
    r"|passed|lost|el|ella|ellos|ellas|hijo|hija|esposo|esposa|novio|novia|hermano|hermana"
    r"|mama|papa|madre|padre|amigo|amiga|nieto|nieta|sobrino|sobrina|primo|prima|pareja|usa"
    r"|consume|consumiendo|droga\w*|recai\w*|recayo|vicio|bebe|bebiendo|alcohol|adict\w*"
    r"|adiccion|sobre ?dosis|murio|muerte|fallecio|perdi)\b"
)
# The blame and little else: "is it my fault?", "its all my fault", "fue mi culpa".
_FAULT_ALONE = re.compile(
    r"^(?:(?:is|was|it|its|this|all|es|fue|sera|todo|yo|creo que|maybe|so) )*"
    r"(?:my (?:own )?fault|mi culpa|tengo la culpa)"
    r"(?: (?:right|too|somehow|really|no|verdad|tambien|todo|yo))*$"
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


def blames_themselves(norm: str, in_family_support: bool = False) -> bool:
    """The text blames the texter for a loved one's use or death ("is it my fault he uses",
    "i should have seen it"), or, ``in_family_support``, says only "is it my fault"."""
    if _SELF_BLAME.search(norm):
        return True
    if not _MY_FAULT.search(norm):
        return False
    return bool(_ABOUT_THEM.search(norm)) or (in_family_support and bool(_FAULT_ALONE.match(norm)))
