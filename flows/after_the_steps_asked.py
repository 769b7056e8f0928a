"""What a bystander asks once the person came round after naloxone: "he dont want the
ambulance", "can he just sleep it off", "hes dopesick, he wants to use again".

Each has its own short answer (the name of a system text): the person may say no to the
ambulance but should not be left alone for hours, as naloxone wears off; sleeping it off alone
is how an overdose comes back unseen; withdrawal after naloxone is expected, and using again
soon is met with harm reduction, not a lecture. Reads normalised text (``flows.text.normalise``);
an overdose told ("he wont wake up") is read before this.
"""

from __future__ import annotations

import re

# A long story is the conversation's: only a short text is read as a question about now.
_MOST_WORDS = 25

_TRANSPORT = (
    r"(?:the |an |to the |to |al |la |el )?"
    r"(?:ambulance|ambulancia|hospital|er|emergency room|ems|paramedics|medics|ride)"
)
_REFUSES_TRANSPORT = re.compile(
    r"\b(?:dont|doesnt|do not|does not|didnt|did not) (?:want|wanna|wana|need)(?: \w+){0,3} "
    rf"{_TRANSPORT}\b|"
    r"\b(?:wont|will not|refuses?|refused|refusing|not going|aint going|not gonna|"
    rf"says no to|said no to|saying no to)(?: \w+){{0,3}} {_TRANSPORT}\b|"
    r"\b(?:does|do|has|have|must|should) (?:he|she|they|him|her|them) "
    r"(?:have to |need to |got to )?"
    rf"(?:go|get in|ride)(?: \w+){{0,2}} {_TRANSPORT}\b|"
    rf"\bcan (?:he|she|they) (?:refuse|say no to|skip)(?: \w+){{0,2}} {_TRANSPORT}\b|"
    rf"\b(?:no quiere|no quiso|se niega a|no va a)(?: \w+){{0,2}} {_TRANSPORT}\b"
)
_SLEEP = re.compile(
    r"\bsleep (?:it )?off\b|"
    r"\b(?:let|leave|can|should|could) (?:i |we )?(?:let )?(?:him|her|them|he|she|they)"
    r"(?: just)? (?:sleep|go to sleep|go to bed|rest|nap|pass out)\b|"
    r"\b(?:hes|shes|theyre|he|she|they) (?:just )?(?:wants? to|wanna|going to|gonna) "
    r"(?:sleep|go to sleep|go to bed|nap|lay down|lie down)\b|"
    r"\b(?:dejarlo|dejarla|dejar) dormir\b|\b(?:puede|quiere) dormir\b"
)
_WITHDRAWAL = re.compile(
    r"\b(?:dopesick|dope sick|withdrawal|withdrawals|withdrawing|sick|abstinencia|malilla)\b|"
    r"\b(?:wants? to|wanna|going to|gonna|trying to|tryna|about to) "
    r"(?:use|get high|shoot up|fix|do more|do some more|hit it|re ?up)(?: again)?\b|"
    r"\b(?:use|using|get high|shoot up) (?:again|more)\b|"
    # "quiere volver a usar", "dice que va a usar de nuevo", "quiere meterse otra vez"
    r"\b(?:quiere|quieren|va a|van a)(?: volver a)? (?:usar|consumir|drogarse)\b|"
    r"\bvolver a (?:usar|consumir|drogarse|meterse)\b|"
    r"\b(?:usar|consumir|drogarse|meterse) (?:otra vez|de nuevo)\b"
)
# Told of another day ("he used again last week"): no question about now.
_ANOTHER_DAY = re.compile(r"\b(?:last|ago|yesterday|ayer|anoche)\b")


def without_transport_refused(norm: str) -> str:
    """The text without the ambulance or hospital refused ("but he doesnt want the
    ambulance"): its "no" and "want" tell nothing of the overdose nor of a search."""
    return " ".join(_REFUSES_TRANSPORT.sub(" ", norm).split())


def aftercare_asked(norm: str) -> str | None:
    """The system text answering this question once naloxone worked, or None: sleeping it
    off first (left alone, the overdose comes back unseen), then using again or withdrawal,
    then the ambulance refused."""
    if len(norm.split()) > _MOST_WORDS or _ANOTHER_DAY.search(norm):
        return None
    if _SLEEP.search(norm):
        return "after_steps_sleep"
    if _WITHDRAWAL.search(norm):
        return "after_steps_withdrawal"
    if _REFUSES_TRANSPORT.search(norm):
        return "after_steps_no_ambulance"
    return None
