"""An overdose told as over, on a day before today: "my friend overdosed yesterday", "i
overdosed last night", "mi hijo tuvo una sobredosis anoche".

The program's core is reaching a person in the days after a nonfatal overdose, when another is
most likely: such a text is no emergency (naloxone wears off within hours) but a reason to
follow up. A sign still there now ("he overdosed and hes still not breathing", "... hes asleep
and snoring loud") keeps it an emergency; a death undone ("they brought him back") is none.
Also what family and friends ask of it: giving the person this number, and saying the person
agreed to be contacted. Normalised text in (``flows.text.normalise``).
"""

from __future__ import annotations

import re

from flows.emergency import (
    a_sign_still_there,
    names_an_overdose,
    overdose_in_progress,
    tells_of_use,
    told_of_a_day_before_today,
    without_settled_now,
)
from flows.loss_told import brought_back, tells_a_death
from flows.naloxone_given import naloxone_given
from flows.not_an_overdose import joke_or_practice
from flows.too_much_taken import own_earlier_today_all_right_now, too_much_told_as_over
from flows.urgency import tells_of_own_overdose, urgent_call

# What a request's case is told of, without the person's words (``create_case``'s "told").
RECENT_OVERDOSE = "recent_overdose"
AGREED_TO_CONTACT = "agreed_to_contact"

# Said of now, which a story of yesterday would not say: "hes sleeping now", "right now".
_NOW = re.compile(r"\b(?:now|rn|right now|currently|tonight|still|again|ahora|todavia)\b")
# The texter's own, in Spanish ("tuve una sobredosis anoche", "me dio una sobredosis").
_OWN_ES = re.compile(r"\b(?:tuve|me dio|me dieron|sobrevivi) (?:una )?sobre ?dosis\b")
_OWN_EN = re.compile(r"\bi (?:had|survived) (?:an|a|my) (?:overdose|od)\b")
_SOBREDOSIS = re.compile(r"\bsobre ?dos(?:is|iad[oa]|ead[oa]|eo|io)\b")
# Asking for someone to go and see them, not a cry for help: "can you send someone to check
# on him". Read only once a past overdose is told.
_SEND_TO_SEE = re.compile(
    r"\bsend (?:someone|somebody|anyone|anybody|a person|people|a worker|your team|someone out"
    r"|somebody out)(?: (?:out|over))?(?: to (?:check|see|talk|visit|help)\b| to him\b| to her\b"
    r"| to them\b| over\b|$)"
)
# "can i give him this number", "should i give her your number", "can he text this number",
# "puedo darle este numero".
_GIVE_OUR_NUMBER = re.compile(
    r"\b(?:can|could|should|may|do|would it be ok if|is it ok if|is it okay if) i "
    r"(?:give|send|pass|share|forward|text)(?: (?:him|her|them|my \w+))? (?:this|your|ur|the"
    r"|this phone) (?:number|num|#|line|hotline)\b|"
    r"\b(?:give|send|pass|share|forward) (?:this|your|ur|the) (?:number|num|#|line) to "
    r"(?:him|her|them|my \w+)\b|"
    r"\bcan (?:he|she|they|my \w+) (?:text|call|message|reach out to) (?:this|your|ur|the|you)"
    r"(?: (?:number|line|hotline|directly|himself|herself|themselves|guys))?\b|"
    r"\b(?:puedo|podria|debo|le puedo) (?:darle|pasarle|mandarle|enviarle|compartirle|dar|pasar"
    r"|mandar|compartir)(?: a mi \w+)? (?:este|su|el) (?:numero|telefono)\b|"
    r"\bpuede (?:el|ella|mi \w+) (?:escribir|llamar|textear)(?:les)?(?: a)? (?:este|su|ustedes)\b"
)
# "he agreed to talk to you", "she wants you to call her", "esta de acuerdo", "dijo que si".
_AGREED = re.compile(
    r"\b(?:he|she|they|hes|shes|theyre|my \w+)(?: said he| said she| said they)? "
    r"(?:agreed|agrees|is ok with|is okay with|is fine with|wants to talk|want to talk"
    r"|wants (?:you|someone|somebody) to (?:call|text|reach|talk)|is ready to talk"
    r"|said (?:yes|ok|okay|its ok|its okay|it is ok|you can call))\b|"
    r"\b(?:esta de acuerdo|estuvo de acuerdo|acepto|dijo que si|quiere hablar con ustedes"
    r"|quiere que (?:lo|la|le) llamen)\b"
)


def tells_of_a_past_overdose(spelled: str) -> bool:
    """An overdose told on a day before today, with nothing said of now but that the person is
    all right ("hes ok now"): no death, no sign still there, no joke ("i overdosed on coffee
    yesterday lol"). A death undone after a use ("he used and was dead for a minute but they
    brought him back") is one too, and so is too much taken ("i took too much last night",
    "anoche me pase de la raya"), or the texter's own earlier today, all right now.
    Spelled-right normalised text in."""
    revived_after_use = brought_back(spelled) and tells_of_use(spelled)
    too_much = too_much_told_as_over(spelled) is not None
    if not (names_an_overdose(spelled) or naloxone_given(spelled) or revived_after_use or too_much):
        return False
    if joke_or_practice(spelled):
        return False
    if own_earlier_today_all_right_now(spelled):
        return not (overdose_in_progress(spelled)[0] or a_sign_still_there(spelled))
    if not told_of_a_day_before_today(spelled) or _NOW.search(without_settled_now(spelled)):
        return False
    if overdose_in_progress(spelled)[0] or a_sign_still_there(spelled):
        return False
    return not tells_a_death(spelled)


def tells_of_own_past_overdose(spelled: str) -> bool:
    """A past overdose told of the texter themselves ("i overdosed last night")."""
    return (
        tells_of_own_overdose(spelled)
        or bool(_OWN_EN.search(spelled))
        or bool(_OWN_ES.search(spelled))
    )


def told_in_spanish(spelled: str) -> bool:
    """The overdose is told in Spanish words ("tuve una sobredosis ayer", "ayer tome
    demasiado")."""
    return bool(_SOBREDOSIS.search(spelled)) or too_much_told_as_over(spelled) == "es"


def only_asks_to_send_someone(spelled: str) -> bool:
    """The call for help in the text is only a wish that someone go and see them ("can you
    send someone to check on my friend"): no cry of an emergency."""
    return urgent_call(_SEND_TO_SEE.sub(" ", spelled))[0] is False


def asks_to_give_our_number(norm: str) -> bool:
    """A family member or friend asks whether they may give the person this number."""
    return bool(_GIVE_OUR_NUMBER.search(norm))


def says_they_agreed(norm: str) -> bool:
    """A family member or friend says the person agreed to be contacted."""
    return bool(_AGREED.search(norm))
