"""What a responder means by a reply in words rather than a command: "cant tonight" to an
offer, "omw" about a case they hold, "tell her ill call in 10 min". Read only to suggest the
command that would do it: words never claim, pass or mark a case, as a guess acted on could
leave a person waiting on nobody. Words that say a try reached nobody ("didnt pick up") keep a
CONTACTED from stopping the clock, for the same reason."""

from __future__ import annotations

import re

# "cant tonight", "can't take it", "busy", "not available", "i'll pass": no to an offer. A
# "can't" says no only alone or before a word of taking a case ("can't reach her" does not).
_DECLINES = re.compile(
    r"\b(?:can ?not|can'?t|cant|cnt)\b(?:\W+(?:take|do|make|go|help|cover|tonight|today|now|"
    r"right|rn|this|that|it|sorry)\b|\W*$)|"
    r"\bbusy\b|\bunavailable\b|\bnot (?:available|free|tonight|today|now)\b|\bno can do\b|"
    r"\bi'?ll pass\b|\bill pass\b",
    re.IGNORECASE,
)

# "on my way", "omw", "calling her now", "heading over": on the way to reach the person.
_ON_THE_WAY = re.compile(
    r"\bon my way\b|\bomw\b|^\W*on it\b|\b(?:heading|headed|going) (?:over|there|out)\b|"
    r"\b(?:calling|texting) (?:her|him|them|the person|now)\b|"
    r"\b(?:i'?ll|ill|i will|will|gonna|going to) (?:call|text) (?:her|him|them|the person)\b",
    re.IGNORECASE,
)

# "tell her ill call in 10 min", "can you let him know", "pls text them": a message for the
# person, asked of us. At the start of the text, after a greeting at most.
_RELAY = re.compile(
    r"^\W*(?:(?:hi|hey|hello|ok|okay|yes|yeah|thanks)\b\W*)?"
    r"(?:(?:can|could|would|will) (?:you|u)\s+(?:please\s+|pls\s+)?|please\s+|pls\s+|plz\s+)?"
    r"(?:(?:tell|remind)\b(?! (?:me|us)\b)|let (?!(?:me|us)\b)\w+(?: \w+)? know\b|"
    r"(?:text|message|msg) (?:her|him|them|the person)\b)",
    re.IGNORECASE,
)

# "stop sending me cases tonight", "no more cases", "take me off tonight": no offers for now,
# which OFF does. Read with apostrophes dropped.
_NO_OFFERS = re.compile(
    r"\b(?:stop|quit|pause|hold)\s+(?:(?:sending|giving|texting|offering)\s+)?(?:me\s+)?"
    r"(?:(?:any|the|my|new|more)\s+)*(?:case\s+)?(?:cases|offers)\b|"
    r"\bno (?:(?:more|new) )?(?:case )?(?:cases|offers)\b|"
    r"\b(?:dont|do not) (?:send|give|offer|text) (?:me )?(?:(?:any|more|new) )*(?:cases|offers)\b|"
    r"\bnot taking (?:(?:any|more|new) )*(?:cases|offers)\b|"
    r"\btake me off\b|\b(?:put|mark|set) me (?:as )?(?:off|unavailable)\b",
    re.IGNORECASE,
)

# How responders say a try reached nobody, read with apostrophes dropped ("didn't", "didn’t"
# and "didnt" read alike): "can't reach her", "didnt pick up", "went to vm", "line busy",
# "wrong number". Never a no to an offer nor a sign they are on the way, and never first contact.
_NOT = (
    r"(?:(?:did|does|do|could|can|would|was|were|is|are|has|have|had|wo)(?:nt| ?not)|cant|"
    r"not|never|unable to)"
)
# Words that may come between "not" and what did not happen: "didnt even pick up", "have not
# been able to reach him", "couldnt get her".
_BETWEEN = r"(?:(?:even|yet|still|really|ever|been|be|able|to|i|we|she|he|they)\s+){0,4}"
_TRIED = (
    r"(?:reach(?:ed)?|g[eo]t (?:a ?hold|ahold) of|g[eo]t (?:a ?hold|ahold)|"
    r"g[eo]t through(?! to (?:(?:her|his|their|the|a) )?(?!her\b|him\b|them\b)\w)|"
    # "didnt pick up", "not picking up her phone"; not "didnt pick up her meds"
    r"pick(?:ed|ing)? ?up(?! (?:(?:her|his|their|the|a|any|my|some) )?(?:meds|medication|"
    r"medicine|script|prescription|kit|narcan|naloxone|supplies|strips|food|package)\b)|"
    # "didnt answer", "didnt answer my calls"; not "didnt answer my question"
    r"answer(?:ed|ing)?(?! (?:(?:my|the|any|all|those|these|a|her|his|their) )?(?:questions?|q)\b|"
    r" (?:whether|if|about|why|how|what|who|where)\b)|"
    # "didnt respond to my texts"; not "did not respond well to subs"
    r"respond(?:ed|ing)?(?! well| to (?!(?:my|our|the|any) |texts?\b|calls?\b|messages?\b))|"
    r"repl(?:y|ied|ying)|(?:call|text)(?:ed|ing)? (?:me |us )?back|get back to (?:me|us)|"
    r"heard back(?! from (?!her\b|him\b|them\b))|"
    # "not contacted"; not "did not contact the clinic"
    r"contact(?:ed)?(?= (?:her|him|them|the person|yet|again|today|tonight)\b|\W*$|\W*[,.;:!?-])|"
    r"find (?:her|him|them|the (?:person|house|address|place|apartment|apt))\b|"
    r"show(?:ed)? up\b|show(?:ed)?(?=\W*$|\W*[,.;:!?-])|"
    # "have not talked yet", "havent spoken to her"
    r"talk(?:ed)?\b|sp[eo]ken?\b|speak\b|met\b|meet\b)"
)
_NOBODY_REACHED = re.compile(
    rf"\b{_NOT}\s+{_BETWEEN}{_TRIED}|"
    r"\b(?:no ?one|nobody|no 1) (?:was |is )?(?:home|there|around|answered|picked up|responded|"
    r"came to the door|at the door)\b|"
    r"\bno (?:answer|answr|anwser|ans|response|reply|pick ?up|luck|call ?back|show)\b|"
    r"\b(?:wasnt|werent|isnt|arent|(?:was|were|is|are) not|not) (?:at )?home\b(?! (?:in|for)\b)|"
    r"\b(?:wasnt|werent|isnt|arent|(?:was|were|is|are) not) (?:there|around)\b(?! (?:in|for)\b)|"
    r"\bno contact (?:made|yet)\b|^\W*not yet\b|\bunreachable\b|\bnot reachable\b|"
    r"\b(?:vm|voice ?mail|voice ?msg|mail ?box|answering machine)\b|"
    r"\bleft (?:a |an )?(?:message|msg|note|card|door ?hanger)\b|"
    r"\b(?:phone|cell) (?:is |was |seems |must be )?(?:off|dead|turned off|shut off)\b|"
    r"\b(?:number|phone|line|cell|#) (?:is |was |has been |been )?(?:disconnected|not working|"
    r"shut off)\b|\bdisconnected (?:number|phone|line)\b|"
    r"\b(?:not|no longer) in service\b|\bout of service\b|"
    r"\b(?:line|phone|number) (?:is |was )?busy\b|\bbusy (?:signal|tone)\b|"
    r"\b(?:kept ringing|rang out|rings out|rang and rang|just rings|just rang)\b|"
    r"\bwrong (?:number|num|#)|\binvalid (?:number|phone|#)|"
    r"\b(?:number|#) (?:is |was )?(?:wrong|invalid|bad)\b|\bghosted\b|"
    r"\b(?:texts?|txts?|msgs?|messages?) (?:bounced|failed|undelivered|not delivered)\b|"
    r"\bundeliver(?:ed|able)\b|"
    r"\b(?:try|trying|call|text) (?:her|him|them) (?:again|back|later)\b|"
    r"\b(?:will|ill|gonna|going to|to) try (?:again|back|later|tomorrow|tmrw?|tmr|tmrw|"
    r"2morrow|tonight|in the (?:am|morning|evening)|am|pm|(?:her|him|them)\b)|"
    r"\b(?:will|ill|gonna) try\W*$|"
    # "texted her, waiting to hear back", "waiting for callback": a try, no answer yet
    r"\bwaiting (?:to hear back|to hear from (?:her|him|them)|"
    r"(?:for|on) (?:a |an |her |his |their )?(?:call ?back|reply|response|answer|text back)|"
    r"(?:for|on) (?:her|him|them) to (?:call|text|reply|respond|answer|get back))\b|"
    # "tried calling twice", "called x2", "sent text": tries; a contact says so ("talked")
    r"\btried (?:calling|texting|to (?:call|text|reach|contact)|(?:her|him|them)\b|twice)|"
    r"\b(?:called|texted|calls?|texts?|tried)\s*(?:x\s*\d|\d\s*x\b|twice|"
    r"(?:two|three|four|\d+) times)|"
    r"\bsent (?:(?:a|an|her|him|them|the|my) ){0,2}(?:text|txt|msg|message|sms|e-?mail)s?\b",
    re.IGNORECASE,
)
# Words of a contact made ("talked", "reached her", "she called back"), which outweigh the
# tries said with them ("reached her after she didnt pick up twice") unless a "not" comes a
# few words before them ("have not talked yet").
_REACHED = re.compile(
    r"\b(?:talked|talking|spoke|spoken|speaking|chatted|met|"
    r"reached (?:her|him|them)|g[eo]t (?:a ?hold of|ahold of|through to) (?:her|him|them)|"
    r"(?:she|he|they) (?:finally )?(?:picked up|answered|called back|texted back|replied|"
    r"responded|got back to (?:me|us)))\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    rf"\b(?:{_NOT}|no|nobody|no ?one)\b(?:[^\w,.;:!?]+\w+){{0,3}}[^\w,.;:!?]*$", re.IGNORECASE
)
# Said of the person in a CONTACTED or CLOSE: "not available", "she was busy".
_AWAY = re.compile(
    r"\b(?:not|wasnt|werent|isnt|arent) (?:available|there|around)\b|\bunavailable\b|"
    r"^\W*busy\b|\b(?:she|he|they) (?:was|is|were|are|s) busy\b",
    re.IGNORECASE,
)
_APOSTROPHES = re.compile("['\u2019\u2018`\u00b4]")


def nobody_reached(text: str) -> bool:
    """The words say a try reached nobody ("didn't pick up", "went to vm", "line busy")."""
    text = _APOSTROPHES.sub("", text)
    return bool(_NOBODY_REACHED.search(text)) and not _says_reached(text)


def _says_reached(text: str) -> bool:
    """Words of a contact made, not said with a "not" just before them."""
    return any(
        not _NEGATED.search(text[: m.start()].rsplit(" but ", 1)[-1])
        for m in _REACHED.finditer(text)
    )


def no_contact_made(text: str) -> bool:
    """A CONTACTED or CLOSE note says nobody was reached, words about the person included
    ("not available", "she was busy")."""
    if nobody_reached(text):
        return True
    text = _APOSTROPHES.sub("", text)
    return bool(_AWAY.search(text)) and not _says_reached(text)


def declines(text: str) -> bool:
    """The words say no to an offer ("cant tonight", "busy")."""
    return bool(_DECLINES.search(text)) and not nobody_reached(text)


def on_the_way(text: str) -> bool:
    """The words say they are about to reach the person ("omw", "calling her now")."""
    return bool(_ON_THE_WAY.search(text)) and not nobody_reached(text)


# "calling her now", "ill call him in 5": a call about to be made, of the words ``on_the_way``
# reads. Read with apostrophes dropped.
_CALLING = re.compile(r"\b(?:call|calling|phoning|ring|ringing)\b", re.IGNORECASE)


def about_to_call(text: str) -> bool:
    """The words say they are about to call the person ("calling her now"), not visit them."""
    return on_the_way(text) and bool(_CALLING.search(_APOSTROPHES.sub("", text)))


def asks_to_pass_a_message(text: str) -> bool:
    """The words ask us to give the person a message ("tell her ill call in 10 min")."""
    return bool(_RELAY.search(text))


def asks_for_no_offers(text: str) -> bool:
    """The words ask for no more case offers for now ("stop sending me cases tonight")."""
    return bool(_NO_OFFERS.search(_APOSTROPHES.sub("", text)))


def says_reached(text: str) -> bool:
    """The words tell of a contact made ("talked", "she answered"), not said with a "not"."""
    return _says_reached(_APOSTROPHES.sub("", text))


# What a report about someone reads like: a thing done or said ("called her back", "gave him
# a kit"), or what the person will need ("shes gonna need narcan"). Read with apostrophes
# dropped.
_DONE = re.compile(
    r"\b(?:called|talked|texted|spoke|met|gave|left|dropped|handed|brought|picked|answered|"
    r"went|told|said|saw|visited|reached|showed|agreed|refused|declined|took)\b|"
    r"\b(?:gonna|going to|will|would|might) (?:need|want|take|try)\b",
    re.IGNORECASE,
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:she|he|they|shes|hes|theyre|her|him|them|son|daughter|mom|dad|wife|husband|"
    r"boyfriend|girlfriend|client|lady|guy)\b",
    re.IGNORECASE,
)
# A search in so many words: "where can i get narcan", "narcan near amherst?".
_ASKS = re.compile(r"\?|\b(?:where|wheres|how|any ?(?:one|where)|can i get|need some)\b", re.I)


def tells_of_something_done(text: str) -> bool:
    """The words tell of something done or to come for someone ("called her back", "gave him
    a kit", "shes gonna need"): a report, where a bare sentence ("off to see him") may not be."""
    return bool(_DONE.search(_APOSTROPHES.sub("", text)))


def tells_of_a_case(text: str) -> bool:
    """The words read as a report about someone the responder works with, not a search for
    naloxone: something done ("gave him a narcan kit"), or said of someone else and not asked
    ("shes gonna need narcan"). "narcan amherst" and "where can i get narcan" are searches."""
    text = _APOSTROPHES.sub("", text)
    if _DONE.search(text):
        return True
    return bool(_SOMEONE_ELSE.search(text)) and not _ASKS.search(text)


# A responder's own relapse told ("i relapsed", "i used after 2 yrs", "im using again"), read
# with apostrophes dropped. Not "i used to work there".
_OWN_RELAPSE = re.compile(
    r"\b(?:i|ive|i have)\s+(?:just\s+|kinda\s+)?(?:relapsed|slipped|"
    r"used(?! to\b)|picked up again|started using)\b|"
    r"\bim (?:using|drinking) again\b|\bmy relapse\b|\bi had a relapse\b",
    re.IGNORECASE,
)


def tells_of_own_relapse(text: str) -> bool:
    """The responder tells of their own relapse: support for them, not a command."""
    return bool(_OWN_RELAPSE.search(_APOSTROPHES.sub("", text)))


# Asking for a case's details again: "whats the number for K7QM", "lost her info".
_ASKS_DETAILS = re.compile(
    r"\b(?:number|phone|#|details?|info|contact|address|how to reach)\b", re.IGNORECASE
)


def asks_for_details(text: str) -> bool:
    """The words ask for a case's contact details again."""
    return bool(_ASKS_DETAILS.search(text))


# "got it", "ok thanks", "10-4", a thumbs up typed as an emoji, "gracias": a responder
# acknowledging a notice ("Case Q8GF was taken by Drew"), which asks nothing of us. The whole
# text, one or more of these; read with case, punctuation and skin tones dropped.
_ACK_WORDS = (
    r"got ?it|gotcha|ok|okay|okey|oki|k+|thanks?|thank (?:you|u)|thanx|thx|tx|ty|tysm|"
    r"sounds good|will do|roger(?: that)?|copy(?: that)?|10 ?4|np|no problem|cool|great|perfect|"
    r"understood|noted|all good|gracias|muchas gracias|entendido|dale|perfecto|bueno|vale"
)
_ACK_EMOJI = "[\U0001f44d\U0001f44c\U0001f64f\u2705\u263a\U0001f642\U0001f60a]"
# A word ends where a space, an emoji or the text does, so each text reads one way only: a run
# of letters ("kkkk?") can't be split into words every which way (which took seconds).
_ACK_ITEM = rf"(?:(?:{_ACK_WORDS})(?=\s|$|{_ACK_EMOJI})|{_ACK_EMOJI})"
_ACKNOWLEDGES = re.compile(rf"^{_ACK_ITEM}(?:\s*{_ACK_ITEM})*$", re.IGNORECASE)
_NOT_READ = re.compile(r"[\s.,!;:\-\u2019'\"]+|[\U0001f3fb-\U0001f3ff\ufe0f]")


def acknowledges(text: str) -> bool:
    """The text only acknowledges something we sent: it asks for no answer."""
    plain = _NOT_READ.sub(" ", text).strip()
    return bool(plain) and _ACKNOWLEDGES.match(plain) is not None
