"""Recognising a text that refuses police contact: "no police", "dont send cops", "sin policia".

A person may refuse police at any point, also after saying police were fine, and routing must
honour it. So a refusal is heard from anywhere in any conversation, like an emergency word
(``flows.urgency``), and the rest of the text is kept: "text me, no police" still answers
"How should we reach you?".

Heard are plain refusals and wishes; not heard are stories and questions about the police
("the police took my son", "will the police come?", "no police came") and consent ("police can
come", "no, police are ok"). A text is read clause by clause (split at . , ! ? ; : and line
breaks), so "no, police ok" is a no and a consent, never "no police". When in doubt the words
count as a refusal: a peer sent instead of an officer costs little, an officer sent to someone
who said no costs their trust. Everything here reads normalised text (``flows.text``), with
"q" and "kiero" written out as in an emergency (``flows.emergency.spelled_right``): "no kiero
q venga la policia" is as much a refusal as "no quiero que venga la policia".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.about_us import police_question_then
from flows.emergency import spelled_right
from flows.text import normalise

_POLICE = (
    r"(?:police officers?|police|polic|polise|poilce|plice|policem[ae]n|cops?|officers?|"
    r"law enforcement)"
)
# "la jara" and "los guardias" are Puerto Rican Spanish for the police.
_POLICIA = r"(?:policias?|polis?|agentes?|patrullas?|jara|guardias?)"
# "no quiero cops": the English word in a Spanish refusal.
_POLICIA_O_COPS = rf"(?:{_POLICIA}|cops?)"
_THE = r"(?: (?:the|any|an|a|no|more|any more))?"
_LA = r"(?: (?:a|la|las|los|el|un|una|ningun|ninguna|ningunos|mas))*"
# Words after "no police" that tell of police rather than refuse them: "no police came".
_STORY_AFTER = (
    r"(?:came|come|comes|coming|showed|show|shows|showing|were|was|are|is|arrived|arrive|"
    r"arrives|arriving|responded|answered|did|do|does|will|would|could|can|cant|have|had|has|"
    r"report|reports|station|record|records|there|around|here|know|knows|knew)"
)
_STORY_BEFORE = frozenset(
    {"there", "theres", "saw", "seen", "see", "had", "has", "have", "found", "got", "called",
     "were", "was", "is", "are", "if", "when", "im", "am", "m", "hes", "shes", "youre", "ur",
     "theyre", "its", "thats", "he", "she", "it", "be", "being", "been"}
)  # fmt: skip
_STORIA_DESPUES = (
    r"(?:vino|vinieron|llego|llegaron|estaba|estaban|hay|habia|esta|fue|es|son|viene|vienen|"
    r"va|van|vendra|vendran)"
)

# "no police", unless a story: "no police came", "there were no police". "a peer not a cop":
# who they want, then who they don't; "im not a cop" is a story (``_STORY_BEFORE``).
_NO_POLICE = re.compile(
    rf"\b(?:no|nope|nah|never|not)(?: more| the| a| an| any)? {_POLICE}\b(?! {_STORY_AFTER}\b)"
)
# "not a cop right": a question tagged on, asking who we are.
_ASKED_AFTER = re.compile(
    r" (?:right|rite|ryt|yeah|ya|yea|yes|correct|huh|eh|hopefully|i hope|i hope so)(?: \w+)?$"
)
# "12" is street slang for the police, heard only as "no 12" said alone: "12 people" is a count.
_NO_TWELVE = re.compile(
    r"\b(?:no|nah|nope|never) (?:12|twelve)(?= *$| (?:please|pls|plz|tho|though|ok|okay|fr|"
    r"ever|at all|involved|thanks|thank you)\b)"
)
_REFUSALS_EN = tuple(
    re.compile(p)
    for p in (
        rf"\b(?:dont|do not|doesnt|does not|no longer|wont|will not|never)(?: really| even)? "
        rf"(?:want|wanna|need|trust|like)(?: (?:them|anyone|anybody|you|him|her))?(?: to)?"
        rf"(?: (?:have|see|talk to|deal with|involve|get|call|send|bring|contact|tell))?"
        rf"{_THE} {_POLICE}\b",
        rf"\b(?:dont|do not|please dont|never|no) (?:send|call|bring|involve|involving|contact|"
        rf"tell|get|include|notify|alert)(?: in)?{_THE} {_POLICE}\b",
        rf"\bwithout{_THE} {_POLICE}\b",
        rf"\bnot (?:ok|okay|fine|comfortable|cool|good) with{_THE} {_POLICE}\b",
        rf"\b{_POLICE} (?:is |are )?(?:not|never) (?:ok|okay|fine|allowed|welcome|wanted)\b",
        rf"\b(?:keep|leave){_THE} {_POLICE} out\b",
        rf"\b(?:anyone|anybody|someone|somebody) (?:but|except|other than){_THE} {_POLICE}\b",
        rf"\bno to{_THE} {_POLICE}\b",
        rf"\b(?:im|i am|i m|were|we are) (?:so |really |just )?done with{_THE} {_POLICE}\b",
        rf"\b(?:want|wants|wanna) nothing to do with{_THE} {_POLICE}\b",
        rf"\b(?:dont|do not|no longer|withdraw|revoke|take back|taking back|cancel)"
        rf"(?: my)? consent (?:to|for|with){_THE} {_POLICE}\b",
        r"\b(?:peers? only|only peers?|just peers?|just (?:a |the )?peer)\b",
    )
)
_REFUSALS_ES = tuple(
    re.compile(p)
    for p in (
        rf"\bsin{_LA} (?:{_POLICIA}|{_POLICE})\b",
        rf"\bnada de{_LA} {_POLICIA}\b",
        r"\bningun(?:a)? (?:policia|agente|oficial|patrulla)\b",
        rf"\bnunca{_LA} {_POLICIA}\b",
        rf"\bno{_LA} {_POLICIA}\b(?! {_STORIA_DESPUES}\b)",
        # "quiero hablar con un par no con un policia": who they want, then who they don't.
        rf"\bno con{_LA} {_POLICIA_O_COPS}\b",
        rf"\b{_POLICIA} no$",
        rf"\bno (?:quiero|queremos|quiere|quieren|deseo|necesito|necesitamos|acepto|aceptamos)"
        rf"(?: que)?(?: (?:venga|vengan|llamen|llame|manden|mande|me contacte|me contacten|"
        rf"este|esten|sea|sean))?{_LA} {_POLICIA_O_COPS}\b",
        rf"\bno (?:llamen|llames|llame|manden|mandes|mande|envien|envie|traigan|traiga|"
        rf"involucren|avisen|avises|avise|contacten|metan)(?: a)?{_LA} {_POLICIA}\b",
        # Not "solo un par", which is "just a couple".
        r"\b(?:solo|solamente|nomas|unicamente) (?:pares|companeros|consejeros|"
        r"(?:(?:un|una|con) )?peers?)\b",
        rf"\bno (?:quiero|queremos|quiere|quieren) nada (?:que ver )?con{_LA} {_POLICIA}\b",
        # Taking back a yes: "cancela lo de la policia", "quiten lo de la policia".
        rf"\b(?:cancela|cancelen|cancele|cancelar|quita|quiten|quite|quitar|borra|borren)"
        rf"(?: lo de| eso de)?{_LA} {_POLICIA}\b",
    )
)
# Words that say nothing once the refusal is taken out: "no police please", "ok, no cops".
_FILLER = frozenset(
    {"no", "nope", "nah", "ok", "okay", "k", "please", "pls", "plz", "thanks", "thank", "you",
     "ty", "thx", "and", "but", "so", "just", "only", "anymore", "again", "at", "all", "involved",
     "i", "said", "ever", "por", "favor", "gracias", "y", "pero", "ya", "mas", "nada", "que",
     "pensandolo", "bien", "tho", "though", "fr"}
)  # fmt: skip
# After asking whether we are the police, "them" or "you" is the police: "i dont want them".
_THEM_REFUSED = re.compile(
    r"^(?:(?:but|and|because|cause|cuz|bc|then|so|if so|if you are|if yes|pues|entonces|si) )*"
    r"(?:no thanks|no thank you|no way|hell no|no gracias|de ninguna manera|"
    r"(?:i )?(?:dont|do not) (?:want|need) (?:them|you|yall|you guys|that|any of that)\b.*|"
    r"(?:please )?(?:dont|do not) (?:send|call|bring) (?:them|you|yall)\b.*|"
    r"(?:yo )?no (?:los|las|les) (?:quiero|necesito|llamen|manden)\b.*)$"
)
_A_PEER = re.compile(r"\b(?:a|un|una|just|solo|con) peer\b")
# "un par" is a peer beside a refusal ("quiero un par, no policia"), but "un par de dias" and
# "solo un par" are a couple.
_UN_PAR = re.compile(r"\b(?<!solo )(?<!nomas )(?<!solamente )(un|una|con|a|al) par\b(?! de\b)")
_CLAUSES = re.compile(r"[.,!?;:\n¿¡]+")


@dataclass(frozen=True)
class Refusal:
    """A refusal of police heard in a text: the words' language, and what else the text says
    ("text me" of "text me, no police"), normalised, without filler around it ("please",
    "ok", "no"); empty when it says nothing else."""

    language: str
    rest: str = ""
    # A peer asked for in the refusal itself ("no quiero cops, solo un peer"): support for
    # themselves, when nothing else says whom the help is for.
    peer: bool = False
    # The clauses that say nothing of police ("jay" of "jay. just a peer not a cop tho"): only
    # these may be a name, never words in the refusal's clause ("oops i meant peers only").
    apart: str = ""


def refuses_police(text: str) -> Refusal | None:
    """The refusal of police contact this text makes, or None."""
    heard: str | None = None
    rest: list[str] = []
    apart: list[str] = []
    for clause in _CLAUSES.split(text or ""):
        norm = spelled_right(normalise(clause))
        found = _find(norm)
        if found is None:
            apart.append(norm)
        while found is not None:  # "just a peer not a cop tho": both are the refusal
            language, match = found
            heard = heard or language
            norm = " ".join(f"{norm[: match.start()]} {norm[match.end() :]}".split())
            found = _find(norm)
        rest.append(norm)
    if heard is None:
        return _refused_after_asking(text)
    words = " ".join(rest).split()
    while words and words[0] in _FILLER:
        words.pop(0)
    while words and words[-1] in _FILLER:
        words.pop()
    said = normalise(text)
    peer = bool(_A_PEER.search(said) or (heard == "es" and _UN_PAR.search(said)))
    # The menu and the needs question know a peer as "un peer": "quiero un par" asks for one.
    rest_said = " ".join(words)
    if heard == "es":
        rest_said = _UN_PAR.sub(r"\1 peer", rest_said)
    return Refusal(heard, rest_said, peer, " ".join(" ".join(apart).split()))


def _find(norm: str) -> tuple[str, re.Match[str]] | None:
    """The language and place of the first refusal in one normalised clause."""
    for match in _NO_POLICE.finditer(norm):
        if set(norm[: match.start()].split()[-1:]) & _STORY_BEFORE:
            continue
        if match.group(0).startswith("not ") and _ASKED_AFTER.match(norm[match.end() :]):
            continue
        return "en", match
    match = _NO_TWELVE.search(norm)
    if match is not None:
        return "en", match
    for language, patterns in (("en", _REFUSALS_EN), ("es", _REFUSALS_ES)):
        for pattern in patterns:
            match = pattern.search(norm)
            if match is not None:
                return language, match
    return None


def _refused_after_asking(text: str) -> Refusal | None:
    """ "is this the cops? i dont want them": a refusal of the police the question named."""
    asked = police_question_then(normalise(text))
    if asked is None or not _THEM_REFUSED.match(asked[1]):
        return None
    return Refusal(asked[0])
