"""Recognising an overdose in progress, and talk of suicide or self-harm, in a text.

``flows.interrupts.detect`` asks, in this order: ``spelled_right`` (close misspellings of the
key words put right, "q" and "kiero" written out), ``crisis_language`` and
``overdose_in_progress``. Everything here reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import functools
import re

from flows.after_a_crisis import despair_said_twice
from flows.drunk_told import PASSED_OUT_FROM_DRINK, tells_of_drink
from flows.dye_said import dye_spelled_right
from flows.long_ago import LONG_AGO
from flows.loss_told import tells_a_death
from flows.not_an_overdose import JOKES, PRACTICE
from flows.pills_taken import PILLS_TAKEN_EN, PILLS_TAKEN_ES, took_pills_themselves
from flows.slang_signs import NODDING_OUT, SLEEPY_AFTER_A_DRUG
from flows.spanish_signs import (
    BYSTANDER_SIGNS_ES,
    DEAD_NOW_ES,
    DEATH_TOLD_WHEN_ES,
    LYING_THERE_ES,
)
from flows.spanish_slang_signs import (
    NODDING_OUT_ES,
    OVERDID_IT_AND_CANT_BREATHE_ES,
    SLEEPY_AFTER_A_DRUG_ES,
)
from flows.suicide_said import SUICIDE_SAID_EN
from flows.text import reads_spanish
from flows.too_much_taken import (
    TOO_MUCH_EN,
    TOO_MUCH_ES,
    TOOK_ES,
    own_earlier_today_all_right_now,
    too_much_told_as_over,
    without_earlier_today,
)


def _after(befores: str, word: str) -> str:
    """``word`` said right after one of ``befores`` ("quiero|me voy a"): the word first, which
    the regex engine scans a text for quickly, then what comes before it, one lookbehind each
    as Python's must each have one width. Patterns written "llam(?<=\\bllam)" do the same: a
    plain word first is found faster than one after "\\b"."""
    return (
        f"{word}(?:" + "|".join(rf"(?<=\b{before} {word})" for before in befores.split("|")) + ")"
    )


# Overdose in progress. Matched on normalised text (lower case, no accents or punctuation,
# apostrophes dropped: "he's" is "hes", "O.D." is "o d", "OD'd" is "odd"), after close
# misspellings of a few key words are put right (see _KEY_WORDS).
_NOT = r"(?:not|isnt|aint|is not|stopped|barely|hardly|cant|cannot|can not|wont|will not)"
# "I won't wake up before noon" is about sleeping in.
_WAKE_TIME = r"(?!(?: up)? (?:before|until|till|til|early|earlier|at \d|by \d))"
# "he's not responding to my texts" is about a silence, not an overdose.
_TO_MESSAGES = (
    r"(?! (?:to |at |on )?(?:any of |all )?(?:my |our |me |his |her |their |the |your |any )?"
    r"(?:texts?|calls?|messages?|phone|emails?|dms?|voicemails?|treatment|meds|medication"
    r"|medicine|rehab|therapy|counseling)\b)"
)
# "I might not answer for a bit", "i wont respond to unknown numbers": the texter may be slow to
# reply, which tells of no one lying there.
_NOT_BY_THE_TEXTER = "".join(
    rf"(?<!\b{said} )"
    for said in (
        "i", "im", "i am", "i might", "i may", "i could", "i will", "i probably", "i prob",
        "i prolly", "i maybe", "i usually", "i just", "i def", "i definitely", "i likely",
    )
)  # fmt: skip
_COLOURS = r"(?:blue|purple|gray|grey)"
_PEOPLE = (
    r"(?:he|she|they|someone|somebody|friend|son|daughter|brother|sister|boyfriend|girlfriend"
    r"|husband|wife|partner|mom|dad|kid|roommate|guy|girl|man|woman|bf|gf|bro|sis|homie|buddy"
    r"|stepdad|stepmom|grandson|granddaughter|grandma|grandpa|dude"
    r"|cousin|uncle|aunt|mother|father|child|nephew|niece|neighbor|neighbour"
    # Spanglish: "mi novio is blue".
    r"|hijo|hija|novio|novia|hermano|hermana|primo|prima|tio|tia|amigo|amiga|esposo|esposa"
    r"|pana|jevo|jeva|abuelo|abuela|sobrino|sobrina|vecino|vecina)"
)
# "I passed out early", "I'm passed out tired": the one texting is awake.
_NOT_THE_TEXTER = r"(?<!\bi )(?<!\bim )(?<!\bi am )(?<!\bi was )(?<!almost )(?<!nearly )"
# "He walked out and dropped the ball" is not a collapse, nor "dropped dead tired".
_DROPPED_SOMETHING = (
    r"(?! (?:out|off|by|in|into|the|his|her|my|me|it|him|them|a|an|from|to|down|of|some|that"
    r"|this|everything|all|over|their|our|your|its|class|school|again|\d+"
    r"|dead (?:tired|asleep|beat|exhausted))\b)"
)
# Going out, moving on, moving things: "not moving to Holyoke", "won't move his car".
_MOVING_AWAY = (
    r"(?! (?:to|out|in|into|away|back|forward|forwards|on|here|there|anywhere|house|houses"
    r"|again|until|till|til|home|up|over|fast|his|her|their|my|the|it|a|an|anything|that|this"
    r"|from|with)\b)"
)
# Using, for snoring after it: not "used to", "took a nap", "hit the bed", "did the dishes".
_TOOK_A_DRUG = (
    r"took (?:a |some |his |her |their |my |that |those |the |too many |\d+ |two |a few )?"
    r"(?:\w+ )?(?:pills?|percs?|xans?|bars?|oxys?|roxys?|hits?|shots?|lines?|bumps?|doses?"
    r"|something|fent\w*|fetty|dope|heroin|methadone|subs?|suboxone|benzos?|kpins?|klonopin"
    r"|tranq|morphine|dilaudid)"
)
_NOT_USING = (
    r"(?! (?:to|the (?:bed|hay|sack|pillow|couch|gym|road|dishes|laundry)|a (?:nap|shower|bath"
    r"|break|walk|workout|wall)|the bathroom|the toilet|his head|her head|my head)\b)"
)
# "I think I'm gonna die", "im gonna die", as "I think I'm dying": not "im gonna die of
# embarrassment", "if i dont eat im gonna die", nor dope sick or panic (as "I think I'm dying"
# in _EMERGENCY_EN).
_GOING_TO_DIE_EN = (
    "^(?!.*\\b(?:sick|withdrawals?|withdrawing|dopesick|detoxing|kicking|anxiety|panic|if|when"
    r"|unless|lol|lmao|lmfao|haha|hahaha|jk|hungry|starving|bored|embarrass\w*|cringe)\b).*"
    r"\b(?:im|i am|i m) (?:gonna|going to|gunna|bout to|about to) die\b"
    r"(?! (?:of|from|to|for|laughing|inside|tonight|with|later|again|alone|one day|someday"
    r"|eventually|happy|young|old|in|if|when|without|before|at)\b)"
)
# Falling out "on the fent" or "in the park" is an overdose; "on me" or "in clumps" is not.
_ON_ONLY_A_DRUG_OR_IN_A_PLACE = (
    r"(?! (?:on|in)\b(?! (?:(?:the|that|them|those|some|his|her|my|our|a|this) )?(?:\w+ )?"
    r"(?:fent\w*|fetty|dope|heroin|pills?|percs?|xans?|xanax|bars|oxys?|roxys?|tranq|benzos?|methadone|something"
    r"|stuff|shit|park|bathroom|restroom|car|street|parking lot|lot|bus|bus stop|station|alley"
    r"|house|apartment|room|bedroom|kitchen|hallway|stairwell|stairs|yard|backyard|shower|tub"
    r"|store|woods|tent|shelter|library|basement|camp|back ?seat|floor|ground|couch|sidewalk"
    r"|bench|toilet|stall)\b))"
)
# Still out after naloxone: "used 2 narcans still out", "hes still out after 2 doses". Not
# "still out with his friends", "still out after 2 beers".
_STILL_OUT = r"still out(?: cold)?\b(?! (?:of|with|there|partying|drinking|late|at|in|and)\b)"
_NALOXONE_OR_DOSES = r"(?:(?:narcan|naloxone)s?|doses|sprays)"
_EMERGENCY_EN = (
    # "not breeding" is how voice-to-text hears "not breathing".
    rf"\b{_NOT} (?:really |even )?(?:breath(?:ing|e)|breeding)\b",
    r"\bbreathing (?:is )?(?:really |very |so |too |super )?(?:slow|slowly|shallow|weird|funny)\b",
    r"\b(?:slow|shallow) breathing\b",
    rf"(?<!\bi )(?<!\bim )\b(?:wont|will not|wouldnt|would not|doesnt|does not) wake(?: up)?\b"
    rf"{_WAKE_TIME}",
    rf"(?<!\bim )\b(?:not|isnt|aint|is not|stopped) waking(?: up)?\b{_WAKE_TIME}",
    r"\b(?:cant|cannot|can not|couldnt|could not|unable to|trying to|tried to) wake "
    r"(?:him|her|them|my|someone|somebody|anyone|anybody|\w+ up)\b",
    # "snoring and I can't wake, pls": not "I can't wake up early".
    r"\b(?:cant|cannot|can not|couldnt|could not) wake\b"
    r"(?! (?:up|me|myself|early|earlier|before|in|on|at|for|until|till|til|by)\b)",
    r"\b(?:cant|cannot|can not|couldnt|could not) keep (?:him|her|them|my \w+|\w+) "
    r"(?:awake|conscious)\b",
    r"\b(?:cant|cannot|can not|couldnt|could not) get (?:him|her|them|my \w+|\w+) "
    r"(?:to wake|to respond|to breathe|awake|to come to)\b",
    rf"{_NOT_BY_THE_TEXTER}\b(?:not|isnt|aint|is not|wont|will not|stopped|no longer) "
    rf"respond(?:ing)?\b{_TO_MESSAGES}",
    # "on responsive" and "in responsive" are voice-to-text.
    rf"\b(?:un|non|not |non |on |in )responsive\b{_TO_MESSAGES}",
    r"\bunconscious\b",
    rf"{_NOT_THE_TEXTER}\bpassed out\b",
    rf"{_NOT_BY_THE_TEXTER}\b(?:not|isnt|aint|is not|wont|will not|stopped) "
    rf"answer(?:ing)?\b{_TO_MESSAGES}",
    # "hes out cold", "hes been out cold for an hour"; not "i was out cold last night".
    r"\b(?:is|are|hes|shes|theyre|theyve|he|she|they|(?<!\bi )(?<!\bwe )(?:has|have))"
    r"(?: (?:has|have))?(?: been)? (?:knocked |passed )?out cold\b",
    # A person dropped, not a phone, a call or the charges.
    rf"\b(?:{_PEOPLE}|hes|shes|and|then)(?: just| suddenly| then)? dropped\b{_DROPPED_SOMETHING}",
    rf"\b(?:{_PEOPLE}|hes|shes|theyre|him|her|them|and|still|floor|ground|bathroom|couch|bed)"
    rf"(?: is| are| s)? not moving\b{_MOVING_AWAY}",
    rf"(?<!\bi )\b(?:wont|will not|doesnt|does not|isnt) move\b{_MOVING_AWAY}",
    rf"\b(?:{_PEOPLE}|hes|shes|theyre|body)(?: (?:is|are|s|went|gone|goes|going|has|just|all"
    r"|completely|totally))* limp\b",
    rf"\b(?:limp|cold|pale|unresponsive) and {_COLOURS}\b",
    rf"\b(?:hes|shes|theyre|he is|she is|they are|{_PEOPLE}|keeps|started|is) gasping\b",
    r"\beyes (?:are |r |were )?(?:rolled|rolling)(?: up)? back\b",
    r"\b(?:weird|strange|funny|gurgly|gurgling) snor(?:ing|e|es)\b",
    r"\bsnoring (?:weird|strange|funny)\b",
    # Snoring after using: "he used and now hes snoring really loud", "snoring since she did a
    # shot". Not snoring alone, "he used to snore", "took a nap", "hit the bed".
    rf"\b(?:used|shot|did (?:a|some|the)|hit|smoked|snorted|railed|banged|fired|{_TOOK_A_DRUG})"
    rf"\b{_NOT_USING}(?: \w+){{0,6}}? (?:snoring|snores|snored|snore)\b",
    rf"snor(?:ing|es|e|ed)\b(?: \w+){{0,4}} (?:after|since|cause|because) (?:\w+ ){{1,2}}?"
    rf"(?:used|shot|did|hit|smoked|snorted|railed|banged|fired|{_TOOK_A_DRUG})\b{_NOT_USING}",
    r"\b(?:he|she|they|hes|shes|theyre|face|face is|lips are) turning colou?rs\b",
    r"\bheart(?: is| rate is| beat is|beat is)? (?:slowing|so slow|really slow|very slow"
    r"|too slow|barely beating)\b",
    r"(?<!world )(?<!life )(?<!everything )(?<!roof )(?<!house )(?<!vein )(?<!veins )"
    r"(?<!lung )(?<!marriage )(?<!veins are )(?<!vein is )(?<!(?<!and )\bi )\bcollapsed\b"
    r"(?! veins?\b)",
    r"\b(?:at|in|on) (?:my|the|our|a) (?:house|roof) collapsed\b",
    r"\bslumped(?: over)?\b",
    r"\bgurgl(?:e|es|ed|ing)\b",
    r"\bfoaming\b",
    r"(?<!\bwe )(?<!\bi )\bfell out\b(?! (?:with|of|over|about)\b)",
    # Falling out, said of someone now: "my boy is fallin out", "he's fallen out". Not hair or
    # teeth falling out, "we had a falling out" nor "falling out with his mom".
    _after("hes|shes|is|are|theyre|he|she|they|keeps|started|just|been|has|have", "fall")
    + r"(?<!hair is fall)(?<!teeth are fall)(?<!nails are fall)(?<!tooth is fall)"
    r"(?:ing|in|en) out\b(?! (?:with|of|over|about)\b)"
    + _ON_ONLY_A_DRUG_OR_IN_A_PLACE
    # "Falling out laughing", "... on the couch laughing": laughing hard.
    + r"(?!(?: \w+){0,4} (?:laughing|laughin|lol|lmao|lmfao|haha))",
    # "He ain't moving", "she isn't moving".
    rf"(?:aint|isnt) moving\b(?<!\bi aint moving){_MOVING_AWAY}",
    # Snoring sounds are an overdose sign: "he's making snoring sounds".
    r"making (?:a |these |this |weird |like )?snor(?:ing|e|ey|y) (?:sounds?|noises?)\b",
    rf"\b{_COLOURS} (?:lips|face|skin|fingers|fingertips|nails)\b",
    # "blew" for blue, only where the colour is expected ("he blew up at me" is not).
    rf"\blips\b(?: \w+){{0,3}} (?:{_COLOURS}|blew)\b",
    rf"\b(?:turning|turnin|turned|going|gone|went|getting) (?:{_COLOURS}|blew)\b",
    # A name and a colour, the whole text: "Mike is blue", not "my car is blue".
    r"^(?!(?:it|that|this|sky|car|mine|everything|water|house|door|shirt|truck|colou?r|bag"
    rf"|one|light|screen|team|line|pills?|sign|paint|room|wall)\b)\w+ is (?:all |really |so )?"
    rf"{_COLOURS}(?: (?:help|pls|please|plz|now|hurry|911|rn|asap|omg))*$",
    rf"\b(?:he|she|they|hes|shes|theyre|he is|she is|they are|face is|skin is|{_PEOPLE} is"
    rf"|{_PEOPLE} s)"
    rf"(?: all| really| so| kinda| looking| looks)? {_COLOURS}\b"
    r"(?! (?:about|lately|these days"
    r"|since (?:his|her|their|the|my) \w+ (?:died|passed)|since the funeral"
    r"|over (?:his|her|their|my|a|the|losing|being)\b(?! (?:lips|face|skin)\b)))",
    *TOO_MUCH_EN,
    r"\btoo big (?:a |of a )?(?:shot|hit|line|bump)\b",
    r"\b(?:took|swallowed|ate|popped|taken|drank) (?:a |the |his |her |my )?whole "
    r"(?:bottle|pack|bag|sheet|strip|script)\b(?! of (?:wine|water|soda|juice|vodka|liquor)\b)",
    r"\boverdid it (?:with|on) (?:the |some |that |those )?(?:dope|fent\w*|fetty|heroin|pills"
    r"|percs?|bars|xans?|xanax|oxys?|tranq|benzos?|methadone)\b",
    rf"\b(?:hes|shes|theyre|he is|she is|they are|{_PEOPLE} is) dying\b"
    r"(?! (?:of|from|to|for|laughing)\b)",
    # "I think I'm dying", not from withdrawal ("dope sick, I feel like I'm dying") nor panic,
    # which want other help than naloxone.
    r"^(?!.*\b(?:sick|withdrawals?|withdrawing|dopesick|detoxing|kicking|anxiety|panic)\b).*"
    r"\b(?:think|feel like|feels like) (?:im|i am) (?:dying|fading|going out|passing out)\b"
    r"(?! (?:of|from|to|for|laughing|inside|tonight|with|later|again)\b)",
    _GOING_TO_DIE_EN,
    r"\b(?:hes|shes|theyre|he is|she is|they are) fading\b(?! away\b)",
    r"\bno (?:pulse|heartbeat)\b",
    r"\b(?:cant|cannot|can not|couldnt) (?:find|feel) (?:a |his |her |their |any )?pulse\b",
    # A seizure, now: "hes seizing", "my friend is having a seizure". Not "he had a seizure
    # last year", "she's been having seizures for years", "the police are seizing his car".
    rf"\b(?:hes|shes|theyre|he is|she is|they are|im|i am|{_PEOPLE}s?(?: is)?)(?: just| now"
    r"| still| suddenly| literally| like)?(?: started| starts| keeps| keep)? (?:seizing|seizin"
    r"|convulsing|convulsin)\b(?! (?:the|his|her|their|my|our|your|a|an|property|cars?|assets"
    r"|money|drugs|power|control)\b)",
    rf"\b(?:hes|shes|theyre|he is|she is|they are|im|i am|{_PEOPLE}s?(?: is)?)(?: just| now"
    r"| still| suddenly| literally)? (?:having|havin|going into|goin into)(?: a| an| another"
    r"| like a| what looks like a)? (?:seizures?|convulsions?)\b"
    r"(?! (?:a lot|lately|all the time|often|every|since|for (?:years|months|weeks)|at night)\b)",
    r"\bjust had (?:a |another )?(?:seizure|convulsion)\b",
    r"\b(?:call|calling|should i call|do i call) 911\b",
    r"\b(?:call|calling|send|need|get) (?:me |us |him |her |them )?(?:an |a |the )?ambulance\b",
    r"\b(?:use|give|spray|do) (?:the |a |my |some )?(?:narcan|naloxone)\b(?: \w+){0,3} "
    r"(?:now|rn|right now|asap)\b",
    r"\bneed (?:narcan|naloxone) (?:now|asap|rn|right now|fast|quick)\b(?! for\b)",
    r"^(?:narcan|naloxone) (?:now|asap|rn)\b",
    rf"\b{_NALOXONE_OR_DOSES}\b(?: \w+){{0,5}}? {_STILL_OUT}",
    rf"\b{_STILL_OUT} after (?:the |a |\d+ |one |two |three |both |another )?(?:doses? of )?"
    rf"{_NALOXONE_OR_DOSES}\b",
    # In slang: "my friend is nodding out", "she took a pressed bar and shes so sleepy".
    *NODDING_OUT,
    *SLEEPY_AFTER_A_DRUG,
)
# Found a person, not "a blue pill" nor "my keys".
_SOMEONE = (
    rf"(?:him|her|them|my {_PEOPLE}|{_PEOPLE}|someone|somebody"
    r"|a (?:guy|man|woman|girl|person|kid|dude))"
)
_NOT_A_THING = (
    r"(?! (?:pills?|bags?|baggies?|powder|stuff|tabs?|m30s?|ones?|capsules?|wax|stamps?|jacket"
    r"|shirt|hoodie|car)\b)"
)
# "Dead" as a way of speaking: "dead to me", "dead tired", "dead serious".
_DEAD_AS_A_WORD = (
    r"(?! (?:inside|to|tired|serious|set|broke|wrong|asleep|drunk|sober|last|center|even"
    r"|weight)\b)"
)
# Naloxone just given by the texter or someone with them: the overdose can come back as it
# wears off. Not when they have given it before ("i have used narcan on people"), nor when
# paramedics gave it.
# Naloxone as people type it: "narcan", and the slips of a thumb ("narcn", "narcon", "nalaxone").
# Never "narc" or "narco", which are other words.
NALOXONE_SPELLINGS = (
    "narcan", "narcam", "narcn", "narcon", "narkan", "narcen", "narcann", "naloxone", "naloxon",
    "nalaxone", "nalaxon", "naloxen", "naloxine",
)  # fmt: skip
_NARCAN = rf"(?:{'|'.join(NALOXONE_SPELLINGS)})"
_NOT_ON_SCENE = (
    r"(?<!\bive )(?<!\bi have )(?<!\bhave )(?<!\bhad )(?<!\bever )(?<!\bnever )(?<!\bems )"
    r"(?<!paramedics )(?<!\bmedics )(?<!\bcops )(?<!police )(?<!\bnurse )(?<!nurses )"
    r"(?<!doctor )(?<!doctors )"
    r"(?<!hospital )(?<!\bhow to )(?<!\bhow do i )"
)
_ONCE_OR_ELSEWHERE = (
    r"(?! (?:once|before|one time|twice|\d+ times|a few times|several times|many times"
    r"|training|trainings|class|classes|kits?|out|away|to (?:keep|have|carry|hold|people|folks"
    r"|everyone|others)|(?:at|in) the (?:hospital|er|icu|ambulance))\b)"
    # Handed on to keep: "gave narcan to my neighbor so she has it", "just in case", "for the
    # house". Not "so he could breathe", "so he would wake up".
    r"(?!(?: to(?: \w+){1,3}?)? (?:so (?:he|she|they|i|we) (?:has|have|had|got|gets|keeps"
    r"|(?:can|could|would|will|ll) (?:have|keep|carry))|(?:just )?in case"
    r"|for (?:later|emergencies|emergency|the house|home|the car|work))\b)"
)
# The bare word alone: an emergency, unless the text tells of a death or a past overdose
# ("my son died of an overdose in March") or of the subject ("overdose prevention").
# "Over dozing" and "oh deed" are how voice-to-text hears "overdosing" and "OD'd".
_OVERDOSE_WORD_EN = (
    r"\bover ?do[sz](?:e|ed|es|ing|in)\b",
    r"\boverdoing\b(?! it\b)",
    r"\boh deed\b",
    # "I swallowed a bottle of pills", "i took 20 pills" (``flows.pills_taken``).
    *PILLS_TAKEN_EN,
    # Signs a story of a past loss tells too ("when I found him on the floor", "I think he's
    # dead"): emergencies unless the text tells of a death or a past overdose.
    rf"\bfound {_SOMEONE}(?: \w+){{0,4}} {_COLOURS}\b{_NOT_A_THING}",
    rf"\b(?:found {_SOMEONE}|{_PEOPLE} is|hes|shes|he is|she is)"
    r"(?: laying| lying)? on the (?:bathroom |kitchen |bedroom )?(?:floor|ground)\b"
    r"(?! (?:laughing|playing|throwing|crying|watching|doing|floor|level)\b)",
    # Someone on the ground and blue: "theres a dude on the ground at the bus stop, blue",
    # "some guy on the sidewalk, lips look blue"; not "in a blue jacket".
    rf"\b(?:{_SOMEONE}|hes|shes|theyre) (?:\w+ )?(?:(?:laying|lying|layin|passed out|out) )?"
    r"on the (?:\w+ )?(?:floor|ground|sidewalk|pavement|street)\b(?! (?:floor|level)\b)"
    r"(?: \w+){0,8}? (?<!feeling )(?<!feelin )(?<!feel )"
    rf"{_COLOURS}\b{_NOT_A_THING}(?! (?:hat|cap|jeans|pants|coat|bike|tarp|tent|blanket"
    r"|backpack|building|house|door|truck|van|sign|bench)\b)",
    rf"\b(?:think|sure|afraid|believe) (?:hes|shes|theyre|he is|she is|they are|my {_PEOPLE} is)"
    rf" dead\b{_DEAD_AS_A_WORD}",
    rf"\b(?:is|are) (?:he|she|they) dead\b{_DEAD_AS_A_WORD}",
    # Found looking dead, now: a deep overdose can look like death. "I just found my boyfriend
    # dead", "he's dead on the bathroom floor", "she might be dead"; not found on a day before
    # now (_PAST_LOSS), nor "dead in the ground".
    rf"\bfound {_SOMEONE}(?: \w+){{0,2}} dead\b{_DEAD_AS_A_WORD}",
    rf"\b(?:{_PEOPLE} is|hes|shes|he is|she is|theyre|they are)(?: laying| lying| just)? dead "
    r"(?:on (?:the|my|our|his|her|their) (?:\w+ )?(?:floor|couch|sofa|bed|toilet|stairs|porch"
    r"|sidewalk|street)"
    r"|in (?:the|my|our|his|her|their) (?:\w+ )?(?:bathroom|bed|room|bedroom|car|kitchen|tub"
    r"|bathtub|shower|basement|closet|hallway|yard|apartment|house))\b",
    rf"\b(?:{_PEOPLE} is|hes|shes|he is|she is|theyre|they are) dead i think\b",
    rf"\b(?:{_PEOPLE}|he|she|they|hes|shes) (?:might|may|could) be dead\b{_DEAD_AS_A_WORD}",
    rf"\b(?:he|she|they) (?:looks?|seems?) dead\b{_DEAD_AS_A_WORD}",
    # "Narcan didn't work", not "what if narcan doesn't work" nor "narcan won't work on tranq".
    r"(?<!\bif )\b(?:narcan|naloxone)\b(?: \w+){0,2} (?:didnt|did not|isnt|is not|not|wont"
    r"|aint|doesnt|does not) (?:work|working|help|helping)\b"
    r"(?! on (?:tranq|xylazine|benzos?|xanax|bars|alcohol|meth|coke|stimulants|everything)\b)",
    # "I already gave him narcan", "we sprayed narcan in her nose", "used narcan on him", "hit
    # him with narcan", "just narcanned my friend".
    rf"{_NOT_ON_SCENE}\b(?:gave|sprayed|administered|(?:just|already) given) "
    rf"(?:{_SOMEONE} )?(?:a |the |some |one |another |more |both |2 |two |3 |three )?"
    rf"(?:doses? of |shots? of |sprays? of )?{_NARCAN}s?\b{_ONCE_OR_ELSEWHERE}",
    rf"{_NOT_ON_SCENE}\bused (?:the |a |some |my |our |one |a dose of )?{_NARCAN} on "
    rf"{_SOMEONE}\b{_ONCE_OR_ELSEWHERE}",
    rf"\bhit {_SOMEONE} (?:with|w) (?:the |some |a |one |another )?{_NARCAN}\b",
    r"(?<!\bever been )(?<!\bnever been )(?<!\bever got )\bnarcann?ed\b(?! before\b)",
)
# "Lo encontre", "encontramos a mi primo", "la encontraron": someone found, not a pet.
_FOUND_ES = (
    r"encontr(?:(?:(?<=\blo encontr)|(?<=\bla encontr)|(?<=\blos encontr)|(?<=\blas encontr)"
    r"|(?<=\ble encontr))(?:e|amos|o|aron)\b"
    r"|(?<=\bencontr)(?:e|amos|o|aron) a "
    r"(?!(?:(?:mi|su|un|una|el|la) )?(?:perr[oa]|gat[oa]|pajaro|pez|raton|rata)\b)"
    r"(?:(?:mi|su|un|una|el|la) )?\w+)"
)
# How they were found: dead-looking, lying there, out. "Muerto de risa" and "tirado viendo
# tele" are other things.
_FOUND_LIKE_ES = (
    r"(?:muert[oa]s?\b(?! (?:de|en vida)\b)|tirad[oa]s?\b(?! (?:viendo|mirando|jugando|riendo"
    r"|hablando|leyendo|comiendo|durmiendo|al sol|en la cama)\b)|desmaya(?:d[oa]|o)s?\b"
    r"|priva(?:d[oa]|o)s?\b|inconsciente\b|sin (?:respirar|pulso|moverse)\b"
    r"|(?:y )?no (?:contesta|responde|reacciona|respira|se mueve|despierta)\b"
    r"|en el (?:piso|suelo)\b)"
)
# Lying dead where they were found, now, as in English: "mi amigo esta muerto en mi sofa".
_DEAD_WHERE_ES = (
    r"\besta (?:tirad[oa] )?muert[oa] en (?:el|la|mi|su|nuestro|nuestra) (?:\w+ )?(?:piso|suelo"
    r"|sofa|sillon|cama|bano|carro|cuarto|cocina|tina|ducha|escalera|calle)\b"
)
_OVERDOSE_WORD_ES = (
    r"\bsobre ?dosis\b",
    r"\bsobre ?dos(?:iad[oa]|ead[oa]|eo|io|iando|eando)\b",
    # Spanglish: "se overdoseo", "esta overdosiando".
    r"over(?<=\bover) ?do[sz](?:iad[oa]|ead[oa]|eo|io|iando|eando)\b",
    # Found looking dead or out, as in English: "encontre a mi hijo muerto", "lo encontre
    # tirado en el baño", "la encontre en el baño y no contesta". Not on a day before now.
    rf"{_FOUND_ES}(?: \w+){{0,4}}? {_FOUND_LIKE_ES}",
    _DEAD_WHERE_ES,
    *LYING_THERE_ES,
    # As in English, signs a story of a past loss tells too.
    r"\bse (?:tomo|metio|puso|inyecto|fumo|endrogo|jalo|pego)(?: \w+){0,2} (?:muchas?|muchos"
    r"|demasiad[oa]s?|un frasco|un pote|todas? (?:las|los)|un monton)\b",
    # "Me tome todas las pastillas", "se tomo todas sus pastillas" (``flows.pills_taken``).
    *PILLS_TAKEN_ES,
    r"\b(?:se ve|parece|creo que (?:esta|ta)) muert[oa]\b(?! en vida\b)",
    # Naloxona recien dada: "le di narcan", "ya le pusimos naloxona".
    r"\ble(?:s)? (?:di|dimos|dio|dieron|puse|pusimos|puso|pusieron|eche|echamos|echo|echaron"
    r"|aplique|aplicamos|aplico|aplicaron) (?:el |la |un |una |mas |otra )?(?:dosis de )?"
    r"(?:narcan|naloxona)\b",
)
# Said the same in English and Spanish (the Spanish family text says "Envíe OD"): they keep
# the conversation's language.
_OVERDOSE_WORD_ANY = (
    r"^(?:(?:help|please|pls|plz|now|asap|urgent|emergency) )*(?:911 ?)+"
    r"(?:(?:help|please|pls|plz|now|asap|urgent|emergency) ?)*$",
    # Not "OD" meaning "very": "that's OD", "this line is OD long".
    r"(?<!\bthats )(?<!\bthis is )(?<!\bthat is )(?<!\bthat was )\b[o0]ds?\b"
    r"(?! (?:long|funny|annoying|tired|lit|late|early|crazy|weird|corny|hungry|sleepy|cute|ugly"
    r"|dumb|stupid|fire|good|expensive|boring|busy|loud|mad|far|hard|rude|extra|nice)\b)",
    r"\bodd?ing\b",
    rf"\b(?:hes|shes|he|she|is|theyre|{_PEOPLE}) odin\b",
    r"\bod d\b",
    r"\bo ds?\b",
    r"\bo d d\b",
    r"\boded\b",
    # "has OD'd", not "I have odd hours" or "he's just odd lately": a person's "OD'd" at the
    # end, or before what tells of an overdose; "someone here OD'd" is where it happens.
    rf"\b(?:{_PEOPLE}|hes|shes|who|i|we)(?: over)?(?: here| there)? odd\b",
    # "has OD'd", unless what follows makes it "odd": "I have odd hours", "it's just odd that".
    r"\b(?:just|has|had|have) odd\b(?! (?:hours|moods?|behaviou?r|needs|jobs?|shifts?"
    r"|schedules?|times?|feelings?|ideas?|lately|that|how|to|about|thing|things|one|ones|person"
    r"|people|guy|girl|sense|habits?|dreams?|questions?|requests?|taste|choices?|way|ways)\b)",
)
# Earlier than now, for a death found: "this morning", "last night", "2 days ago".
_EARLIER = (
    r"(?:this morning|this afternoon|earlier today|last (?:night|week|weekend|month|year)"
    r"|yesterday|the other (?:day|night)|on (?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday)|(?:\w+ ){1,2}ago|in (?:19|20)\d\d)"
)
_EARLIER_ES = (
    r"(?:esta (?:manana|tarde|madrugada)|hoy temprano|anoche|ayer|antier|anteayer"
    r"|el otro dia|la otra noche|la semana pasada|el (?:mes|ano) pasado|hace (?:\w+ ){0,1}\w+"
    r"|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)|en (?:19|20)\d\d)"
)
# A death told: the overdose word is of that death ("my son died of an overdose in March"),
# unless the text says one is happening now in so many words (_IN_PROGRESS, _again_now).
_PAST_LOSS = (
    # "Almost died" is a story of surviving (_BEFORE_NOW).
    r"\b(?:(?<!almost )(?<!nearly )died|death|deaths|passed away|passed|funeral|memorial"
    r"|anniversary"
    r"|lost (?:him|her|them|my \w+|our \w+|a \w+|his \w+)"
    r"|lost(?: \w+){1,5} to (?:an? )?(?:overdoses?|ods?)"
    r"|(?:was|been|found) dead (?:from|of)"
    # "He would have been 30 today": today is a birthday.
    r"|would(?: have| of|ve) been|grief|grieving|bereave\w*|already gone|didnt make it"
    r"|did not make it"
    # "Her overdose was fatal", "a fatal overdose", "i watched my friend die".
    r"|(?:was|were|proved|turned out to be) fatal|fatal (?:overdoses?|ods?)"
    r"|(?:watched|saw|seen|witnessed) (?:\w+ ){1,3}die)\b",
    # Dead a while: "hes been dead for hours", "cold since last night"; "out cold" is a sign.
    r"\b(?:dead|(?<!\bout )cold|stiff)(?: \w+){0,3} (?:for|since) (?:hours|an hour|a few hours"
    r"|a couple (?:of )?hours|\d+ (?:hours?|hrs?)|days|a day|last night|yesterday)\b",
    # Found dead on a day before now: "i found my son dead this morning". Not "i just found
    # him dead", which may still be an overdose to answer.
    rf"(?<!\bjust )\bfound {_SOMEONE} dead\b(?: \w+){{0,2}} {_EARLIER}\b",
    rf"\b{_EARLIER} (?:i |we |they |he |she )?found {_SOMEONE} dead\b",
    r"\b(?:murio|fallecio|perdi|perdimos|perdieron|muerte|funeral|velorio|aniversario)\b",
    rf"{_FOUND_ES}(?: \w+){{0,2}} muert[oa]s?\b(?: \w+){{0,2}} {_EARLIER_ES}\b",
    rf"\b{_EARLIER_ES} (?:\w+ )?{_FOUND_ES}(?: \w+){{0,2}} muert[oa]s?\b",
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# Short, right after the overdose only ("i od'd on sat"): "sun" and "wed" are words elsewhere.
_WEEKDAY_SHORT = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)"
# An overdose told with a bare weekday after it: "my son overdosed friday".
_ON_A_WEEKDAY = (
    r"\b(?:overdosed|over dosed|odd|oded|had (?:an|a) (?:overdose|od))(?: on)? "
    rf"(?:this past |last )?(?:{_WEEKDAY}|{_WEEKDAY_SHORT})\b"
)
# The texter's own overdose on a day before today: over as they text, so "i need help" with
# it asks for help, no cry of one now ("i need help i od'd saturday"). Not "this morning".
_OWN_ON_A_DAY_BEFORE = (
    r"\bi (?:overdosed|over dosed|odd|oded|had (?:an|a) (?:overdose|od))(?: on)? "
    rf"(?:yesterday|last (?:night|week|weekend|month)|the other (?:day|night)"
    rf"|(?:this past |last )?(?:{_WEEKDAY}|{_WEEKDAY_SHORT}))\b",
)
_ASKS_FOR_HELP = (r"\b(?:i|we) (?:really |just )?(?:need|needs|want|could use) (?:some )?help\b",)
# Taken into care by the ambulance or EMS: "the ambulance took her", "paramedics took him".
_CARED_FOR = (
    r"\b(?:ambulance|ems|paramedics|medics|emts) (?:already )?(?:took|has taken|have taken"
    r"|came and took|picked up|came for) (?:him|her|them|my \w+)\b"
)
# In care now, which settles an "again": "my son overdosed again, hes in the icu". Not "he's
# been in rehab, he OD'd again".
_IN_CARE_NOW = (
    r"\b(?:hes|shes|theyre|is|are|now|still) (?:in|at) the (?:hospital|icu|er)\b",
    r"\bin the icu\b",
    _CARED_FOR,
)
# An overdose told as before now or already cared for: silent only while nothing in the text
# says one is happening now (_NOW_SAID): "he OD'd 3 times" is a history, "he OD'd 3 times
# tonight" an emergency.
_BEFORE_NOW = (
    r"\b(?:in (?:19|20)\d\d\b(?!(?: \w+)? (?:st|street|ave|avenue|rd|road|apt|building|bldg|blvd"
    r"|dr|ln)\b)"
    r"|(?:days?|weeks?|months?|years?|yrs?) (?:ago|back|since)"
    r"|last (?:night|week|weekend|month|year|summer|fall|winter|spring))\b",
    # Before now: "it's been a year since", "on Saturday".
    r"\b(?:this (?:past )?year|yesterday|the other (?:day|night)"
    r"|(?:on|last|this past) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) (?:night|morning|afternoon"
    r"|evening)"
    # Survived, and the family settled since: "almost died", "I have custody now".
    r"|(?:almost|nearly) died|(?:have|has|got|gained|was given|were given|took) (?:full |temporary "
    r"|legal |emergency )?custody"
    r"|back then|back in the day|in the past|over the years|a while (?:back|ago)"
    r"|survived|survivor|ever since|since i found|since the day|every ?time"
    r"|(?:after|since) (?:his|her|their|my|an|the|a) (?:overdose|od)"
    # The texter's own, whose overdose is over as they text: "the hospital gave me this number
    # after i overdosed". Not "since he OD'd, should I give more narcan?", which may be now.
    r"|(?:after|since) i (?:overdosed|over dosed|odd|oded|had (?:an|a|my) (?:overdose|od))"
    # Told as a pattern or a count: "keeps overdosing", "OD'd 3 times", "so many ODs", a habit
    # of before: "he used to OD a lot".
    r"|used to (?:\w+ )?(?:od|overdose|over dose)"
    r"|(?:overdosing|oding|overdosed|over dosed|odd|oded) (?:a lot|so much|all the time|often"
    r"|constantly)"
    r"|(?:\d+|three|four|five|several|multiple|many|a few|so many|a lot of|lots of) "
    r"(?:times|ods|overdoses)"
    r"|(?:so many|a lot of|lots of|all (?:of )?my) (?:people|friends)"
    # Already cared for: "he's in treatment now", "home from the hospital after his overdose".
    r"|(?:in|into) (?:recovery|treatment|rehab|detox)|(?:years?|months?|weeks?) clean"
    r"|(?:been|stayed|still) (?:clean|sober)|sober since"
    r"|(?:is|hes|shes|was|been|now|still) (?:in|at) the (?:hospital|icu)"
    r"|(?:home|out|back) from the (?:hospital|icu|er)|hospitali[sz]ed|in the icu"
    r"|out of the (?:hospital|icu|er)|(?:released|discharged) from the (?:hospital|icu|er)"
    r"|(?:in|at) the (?:hospital|icu|er) (?:after|from|because|for))\b",
    # Told as before now: "twice this week", "on my birthday", "last time i used", "i've OD'd
    # before" (not "before i got there").
    r"\b(?:this (?:past )?(?:week|month)|on (?:my|his|her|their|our) (?:birthday|bday)"
    r"|(?:the )?last time)\b",
    r"\b(?:overdosed|over dosed|odd|oded|narcann?ed) before\b(?! (?:i|we|you|u|they|he|she"
    r"|the|anyone|anybody|someone|somebody|ems|paramedics|help|my|his|her|an?|it)\b)",
    # Taken into care: "the ambulance took her", "ems took him".
    _CARED_FOR,
    _ON_A_WEEKDAY,
    r"\b(?:sobrevivio|sobrevivi|ayer|anoche|el otro dia|la otra noche|en tratamiento"
    r"|en rehabilitacion|el (?:ano|mes) pasado|la semana pasada"
    r"|hace (?:\w+ )?(?:dias|semanas|meses|anos)"
    r"|(?:despues de|desde) (?:mi|su|la|una) sobre ?dosis"
    r"|(?:salio|sali|volvio|regreso|llego|esta en casa|ya esta en casa) del hospital"
    r"|(?:le|la|lo|me) (?:dieron de alta|dio de alta))\b",
    # Long ago: "hace tiempo", "back in high school", "when i was a kid".
    *LONG_AGO,
)
# Words of _IN_PROGRESS below that are not about now: "he keeps overdosing", "how do I avoid ODing",
# "how can I tell if someone is ODing", "ODing on coffee".
_NOT_NOW = (
    r"\b(?:keeps|keep|kept|been|avoid|avoiding|stop|prevent|preventing|isnt|is not|wasnt|arent)"
    r" (?:overdosing|overdosin|oding|odding|od ing)\b",
    r"\bif (?:someone|somebody|a person|anyone|anybody|you|u|people|ppl) (?:is |are )?"
    r"(?:overdosing|overdosin|oding|odding|od ing)\b",
    r"\bbetween \w+ and (?:overdosing|oding)\b",
    r"\bwhat (?:do|should) (?:i|we|you) do if (?:someone|somebody|a person|anyone|anybody|you)\b",
    rf"\bfound {_SOMEONE}(?: \w+){{0,3}} on the floor\b",
    r"\b(?:necesita|necesito|necesitamos|quiere|quiero|busco|buscando|pedir) ayuda\b",
    _CARED_FOR,
    *JOKES,
)
# "What do I do" asked of an overdose told on a day before today asks what to do now it is
# over: "my son overdosed yesterday, what do i do now". Not of this morning or earlier today,
# as naloxone wears off within hours.
_DAY_BEFORE_TODAY = (
    r"\b(?:yesterday|last (?:night|week|weekend|month)|the other (?:day|night)"
    r"|(?:\d+|a|one|two|three|four|a few|few|several|a couple|a couple of|couple) "
    r"(?:days?|weeks?|months?) (?:ago|back)"
    rf"|(?:on|last|this past) {_WEEKDAY}|ayer|anoche|la semana pasada|el mes pasado"
    r"|hace (?:\w+ )?(?:dias|semanas|meses))\b",
    _ON_A_WEEKDAY,
)
_ASKS_WHAT_NOW = (r"\b(?:what (?:do|should|can) (?:i|we) do|idk what to do|what to do)(?: now)?\b",)
# Happening now, whatever else the text says ("he is overdosing at the funeral").
_IN_PROGRESS = (
    r"\b(?:overdosing|overdosin|odding|oding|od ing)\b",
    r"\b(?:esta|estan) (?:teniendo|con) (?:una )?sobre ?dosis\b",
    r"\b(?:over ?do[sz]|sobre ?dos)(?:iando|eando)\b",
    # Words nobody writes about a death long past.
    r"\b(?:911|hurry|rn|right now|asap|send help|ambulance|what do i do|idk what to do|ayuda"
    r"|on the floor|not moving)\b",
)
# A sign still there now, after an overdose told as past or feared: "he overdosed last night
# and he's still not awake", "scared he'll OD, he's nodding out", "i overdosed last night and
# my chest hurts now". Not after a death told ("he died of an overdose and i'm not ok").
_STILL_NOW = (
    r"\bstill (?:not |isnt |is not |hasnt |has not |wont |cant )(?:awake|waking|woken|woke|up"
    r"|breathing|responding|responsive|moving|conscious|talking)\b",
    r"\bstill (?:nodding|noddin|unconscious|unresponsive|passed out|out cold|blue|gray|grey"
    r"|limp|snoring)\b",
    r"\bstill out\b(?! (?:of|with|there|partying|drinking|using|on|at|in|and|here|late)\b)",
    r"\b(?:is|hes|shes|he is|she is|keeps|started|starting|now) (?:nodding|noddin)"
    r"(?: out| off)?\b(?! (?:a lot|all the time|sometimes|often|every)\b)",
    r"\bnodding out\b(?! (?:a lot|all the time|sometimes|often|every)\b)",
    r"\bslurring\b",
    r"\bjust (?:shot up|used|did a shot|did a line|fired|banged|smoked|railed)\b",
    r"\b(?:chest|heart)(?: is)? (?:hurts?|hurting|racing|pounding|pain|tight)\b",
    r"\b(?:im|i am|i keep|cant stop|hes|shes|theyre|he is|she is|they are|is|are|keeps|keep"
    r"|started|now) (?:throwing up|puking|vomiting)\b",
    # Once an overdose is told, snoring or sleep now is a sign, not rest: "he overdosed last
    # night, hes asleep and snoring loud", "... y esta dormido ahora". Not "snored", "snores".
    r"\b(?:snoring|roncando|vomitando)\b",
    # "Now" after the sleep only: "i dont know what to do now, hes sleeping" after naloxone
    # gets the aftercare, which says to stay with them.
    r"\b(?:asleep|sleeping|passed out|dormid[oa]|durmiendo) (?:now|rn|right now|ahora)\b",
    r"\b(?:im|i am|hes|shes|he is|she is) not (?:ok|okay|alright|breathing right)\b"
    r"(?! (?:with|about)\b)",
)
# An overdose told after a past loss, happening now: "lost 2 friends to ODs, now my roommate
# OD'd", "he OD'd again tonight". Not when the text still speaks of a death.
_NOW_AFTER_LOSS = (
    r"\bnow (?:my |his |her |the |our |a )?\w+ (?:just |has |had )?(?:odd|oded|overdosed|ods?)\b"
)
_AGAIN = r"\b(?:odd|oded|overdosed) again\b"
_STILL_A_DEATH = (
    r"\b(?:died|dead|ago|funeral|anniversary|last (?:night|week|weekend|month|year)"
    r"|in (?:19|20)\d\d)\b"
)
# The subject, not an overdose: silent like a death told (_PAST_LOSS).
_ABOUT_OVERDOSE = (
    r"\b(?:overdose|sobredosis|od) (?:prevention|education|trainings?|awareness|response"
    r"|reversal|loss)\b",
    r"\b(?:prevent|prevenir|prevencion de|learn about|aprender sobre)(?: an?| la| las)? "
    r"(?:overdoses?|sobredosis|ods?|oding|overdosing)\b",
    # Taught, studied or written about: "trainings for businesses", "a school project on
    # overdoses", "un proyecto de la escuela sobre sobredosis".
    r"\b(?:class|classes|trainings?|courses?|workshops?|volunteers?|projects?|papers?|essays?"
    r"|presentations?|homework|assignments?|research) (?:on|about|for)\b",
    r"\b(?:capacitacion(?:es)?|entrenamientos?|talleres?|clases?|cursos?|proyectos?|tareas?"
    r"|ensayos?|presentacion(?:es)?|investigacion(?:es)?)(?: \w+){0,3}? (?:sobre|de|acerca de)"
    r" (?:la |las |una )?sobre ?dosis\b",
    # In jest or in practice: "i overdosed on coffee lol", "gave narcan to a dummy".
    *JOKES,
    *PRACTICE,
)
# A question of what to do one day: "what do I do if someone ODs", "can you OD on tranq".
# Silent, like _BEFORE_NOW, only while nothing says one is happening now.
_ASKING = (
    r"\b(?:avoid|avoiding|recogni[sz]e|respond to|responding to|learn to respond to|cause)"
    r"(?: an?| la| las)? (?:overdoses?|sobredosis|ods?|oding|overdosing)\b",
    r"\b(?:if|when) (?:someone|somebody|a person|anyone|anybody|people|ppl)\b",
    r"\bsi (?:alguien|una persona|uno)\b",
    r"\bcan (?:you|u|someone|a person|people|ppl) (?:od|overdose|over dose)\b",
    r"\b(?:signs?|symptoms?) (?:of|for) (?:an? )?(?:overdose|od)\b|\bsenales de\b",
    r"\bwhat (?:does|do) (?:an? )?(?:overdoses?|ods?) look like\b|\bdifference between\b",
    r"\bwho (?:isnt|is not|wasnt|arent|are not) (?:overdosing|oding)\b",
    r"\bhow (?:do|can|to) (?:i|you|u|we) not (?:od|overdose)\b",
    r"\bso (?:i|you|u|we|he|she|they) (?:dont|do not|wont|never) (?:od|overdose)\b",
    r"\bbefore (?:i|he|she|they|you|someone) (?:ods?|overdoses?|odd|oded)\b"
    r"|\b(?:od|overdose) (?:one day|some ?day)\b",
)
# An overdose someone else may have later, feared or foreseen: "i'm scared he'll OD", "my son
# is going to overdose", "what if she ODs", "in case my son ODs", "tengo miedo que tenga una
# sobredosis". Left out before the text is read for an overdose now (see _without_later), with
# the "again" after it: "scared he'll OD again" is no "he OD'd again". Not the texter's own
# ("i'm scared i'm going to OD"), which still gets the steps.
_LEADS_UP = (
    r"(?:really|so|probably|prob|prolly|definitely|def|totally|literally|actually|eventually"
    r"|honestly|seriously|just|still|surely|likely|ever|kinda|lowkey|legit|fr)"
)
# The one who may overdose: a word just before the future that is no "i" or "we", nor a word
# that only leads up to it ("i really might OD").
_SOMEONE_ELSE = (
    r"(?:(?:my|his|her|their|our|your|the|a) )?"
    rf"(?!(?:i|im|am|we|were|me|ive|id|ill|myself|and|or|but|if|that|is|are|s|like|think"
    rf"|{_LEADS_UP})\b)(?!\w+ly\b)\w+"
)
_WILL = r"(?:will|would|gonna|gunna|gon|going to|goin to|might|could|may|can)"
# "He's going to OD now" is said of now; "he'll OD now that he's out" is not.
_OD_LATER = (
    r"(?:od|0d|o d|overdose|over dose|end up (?:od|overdose|overdosing|oding|odding))"
    r"(?: again)?\b(?! now\b(?! that\b))"
)
_LATER = (
    rf"\b{_SOMEONE_ELSE}(?: is| are| s)?(?: {_LEADS_UP})? {_WILL}(?: {_LEADS_UP})? {_OD_LATER}",
    rf"\b(?:hell|shell|theyll|youll|ull|itll|hed|shed|theyd)(?: {_LEADS_UP})? {_OD_LATER}",
    # "What if she ODs", "in case my son ODs", "what do I do if he ever ODs".
    r"\b(?:what (?:do|should|would|can) (?:i|we|you|u) do )?(?:what if|if|in case|incase"
    rf"|just in case|case|when|whenever|once|until|till|til) {_SOMEONE_ELSE}"
    r"(?: (?:(?:ever )?(?:ods|0ds|o ds|overdoses|over doses)|(?:ever|does|do|should|were to"
    r"|was to) (?:od|overdose|over dose)))(?: again)?\b",
    # "Tenga una sobredosis", "le dé una sobredosis", "va a tener una sobredosis", "se muera de
    # una sobredosis".
    r"\b(?:(?:(?:va|van|vaya|vayan) a|puede|pueden|pueda|puedan|podria|podrian) "
    r"(?:tener|sufrir|hacer)|tenga|tengan|tendra|tendran|tendria|tendrian|sufra|sufran|sufrira"
    r"|haga|hagan|hara|haran"
    r"|les? (?:(?:(?:va|van|vaya|vayan) a|puede|pueda|podria) )?(?:de|den|dar|dara|daria|daran)"
    r"|se (?:muera|mueran|morira|(?:(?:va|vaya) a|puede|pueda|podria) morir) (?:de|por))"
    r" (?:una |otra )?(?:sobre ?dosis|od)\b(?: otra vez| de nuevo)?",
)
# A guess about someone the texter is watching, "i think he's going to OD", still gets the
# steps, unless what follows puts it later ("if he doesn't get help"); and so does the texter's
# own said with another's ("me and him might OD").
_GUESS = re.compile(
    r"\b(?:think|thinks|thought|pretty sure|looks like|seems like|creo que|parece que)\b"
)
_THEN = re.compile(
    r" (?:if|unless|when|once|one day|some ?day|eventually|at some point|one of these days"
    r"|si|cuando|algun dia)\b"
)
_ALSO_ME = re.compile(r"\b(?:me|i|yo) (?:and|y)(?: (?:my|his|her|mi))?$")


# An overdose word as normalised: "OD'd" is "odd", "O.D." is "o d".
_OD_SAID = r"(?:[o0]ds?|odd|oded|o ds?|od d|over ?dos(?:e|ed|es|ing|in)|odd?ing|odin)"
# A word after which "now" or "tonight" tells of someone cared for, or of a date: "he's home
# now", "in treatment now", "what now", "2 years ago today".
_SETTLED_WORDS = (
    "ok|okay|fine|good|better|well|alright|stable|safe|home|clean|sober|alive|awake|recovering"
    "|recovery|treatment|rehab|detox|hospital|icu|er|sleeping|resting|there|here|what|until|till"
    "|til|by|for|from|of|ago|since"
)
_SETTLED = rf"(?:{_SETTLED_WORDS})"

# The same after the word: "now he's in rehab", "today marks a year", "hoy hace un año".
_SETTLED_AFTER = (
    r"(?! (?:(?:he|she|they|i|we)(?: is| are| am| s)? |hes |shes |theyre |im |were |is |are "
    r"|esta |ta )?(?:(?:in|at) (?:the )?(?:hospital|icu|er|treatment|rehab|detox|recovery)|home"
    r"|ok|okay|fine|good|better|well|stable|safe|clean|sober|alive|awake|recovering"
    r"|doing (?:good|well|better|ok|okay|fine)|(?:came|got|went|is|was) (?:home|back|out)"
    r"|released|discharged|is|was|marks|makes|would|since|hace|es"
    r"|se cumple|cumple|bien|mejor|en (?:tratamiento|rehabilitacion|casa|el hospital))\b)"
)


def _not_after(words: str) -> str:
    """Not right after any of these words ("ok|fine"): one lookbehind each, as Python's must
    each have one width. Faster than matching the word before, as only the word after is
    looked for."""
    return "".join(rf"(?<!\b{word} )" for word in words.split("|"))


# "Again" placed before now: "he OD'd again last year".
_PAST_TIME = (
    r"(?:yesterday|ago|last|earlier|back|before|in (?:19|20)\d\d|the other|this (?:past )?"
    r"(?:year|month|week|summer|spring|fall|winter)|that (?:day|night|year|time)"
    r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|ayer)"
)
_TODAY = r"(?:tonight|today|currently|at the moment|atm|ahora mismo|ahorita|esta noche|hoy)"
# A refusal of police right after a "please": "please no police", "por favor sin policia".
_NOT_BESIDE_A_REFUSAL = (
    r"(?! (?:no|not the|dont call the|do not call the|dont call|do not call|without|sin|no llamen"
    r" a la|no llamen la) (?:police|cops|policia|la policia)\b)"
)
# Happening now, said in the text: what lifts _BEFORE_NOW and _ASKING (a sign always does, as
# _EMERGENCY_EN and _EMERGENCY_ES are looked for first).
_NOW_SAID = (
    # "Tonight" or "today" next to the overdose: "he OD'd 3 times tonight", "tonight he ODd";
    # not "a year ago today" nor "today marks a year since he OD'd".
    rf"\b{_OD_SAID} (?:(?!(?:{_PAST_TIME}|{_SETTLED}|and|but)\b)\w+ ){{0,3}}{_TODAY}\b"
    rf"|\b{_TODAY} (?!(?:is|marks|makes|since|was|hace|es|se cumple|cumple)\b)(?:\w+ ){{0,3}}"
    rf"(?:{_OD_SAID}|sobre ?dos\w*|se paso)\b",
    # Elsewhere, not "he's home tonight" nor "he is in rehab today".
    rf"\b(?={_TODAY}\b){_not_after(_SETTLED_WORDS)}{_TODAY}\b{_SETTLED_AFTER}",
    # "Now" next to the overdose: "he OD'd again now", "and now he ODd", not "now he's clean"
    # nor "in treatment now after 3 ODs".
    r"\b(?:now|ahora) (?:(?!(?:after|since|from|before|despues|desde)\b)\w+ ){0,3}"
    rf"(?:{_OD_SAID}|sobre ?dos\w*|se paso)\b",
    rf"\b{_OD_SAID} (?:(?:\w+ )?(?!{_SETTLED}\b)\w+ )?now\b{_SETTLED_AFTER}",
    rf"\bjust (?:now |\w+ )?{_OD_SAID}\b|\b{_OD_SAID} just now\b",
    # "He OD'd last night and again now".
    rf"\b(?:again (?:just )?now|now again)\b{_SETTLED_AFTER}",
    # "He OD'd again", not "I don't want to OD again" nor "again and again" nor "again last year".
    rf"\b(?={_OD_SAID} again\b)"
    + _not_after("to|not|never|gonna|will|wont|dont|doesnt|cant|might|may|could|would|before|keeps")
    + rf"{_OD_SAID} again\b(?! and again\b)(?!(?: \w+){{0,2}} {_PAST_TIME}\b)",
    r"\b(?:otra vez|de nuevo)\b",
    # "Please" but not "please send me the times" nor "please help me find a group", nor
    # beside a refusal of police ("no police please", "please no cops"), which asks a favour.
    r"\b(?:pls|plz|porfa|por favor|rapido|auxilio|sos)\b(?<!\bno police pls)(?<!\bno police plz)"
    rf"{_NOT_BESIDE_A_REFUSAL}"
    r"|\bplease\b(?<!\bno police please)(?<!\bno cops please)(?<!\bnot the police please)"
    r"(?! (?:help (?:me |us )?(?:find|get|understand|with|figure)|(?:tell|let|send|give|share"
    r"|recommend|explain|advise|text|email|call|contact) (?:me|us))\b)"
    rf"{_NOT_BESIDE_A_REFUSAL}",
    # "Help" said as a cry, not "we need help getting him into treatment", "how can we help"
    # nor "I OD'd last week and want help".
    r"\b(?=help\b)"
    + _not_after(
        "can|could|how|to|for|get|getting|find|finding|seek|seeking|looking|some|any|more|the|of"
        "|with|professional|we|i|you|u|they|what|other|want|wants|wanted|wanna"
    )
    + r"help(?! (?:(?:me|us) )?(?:find|finding|get|getting|with|for|to|him|her|them|my|his"
    r"|their|our|understand|understanding|figure|deal|dealing|cope|coping|pay|paying|out|stop|quit|learn|know|choose"
    r"|decide|make|plan|navigate|through|on|from|about|in|into|a|an|the|this|that|talk|apply"
    r"|sign|locate|search|look|looking|is|are|available|there|groups?|lines?|services?"
    r"|resources?|options?|people|families|parents)\b)",
    rf"\bhelp (?:me |us )?(?:my|his|her|our) \w+ (?:is|was|just|has|{_OD_SAID})\b",
    # A sign told after the overdose: "he OD'd and is blue", "is he dead".
    rf"\b(?:and|but|now) (?:is|s|hes|shes|he is|she is|looks?|seems?) (?:all |really |so |kinda "
    rf"|turning |getting |going )?{_COLOURS}\b",
    r"\bis (?:he|she|they) dead\b(?! to\b)",
)
# Once the past is told, an overdose said with "now" in the words right by it: "my friend died
# last year, my bf OD'd tonight help", "my son died in March, my daughter just OD'd". Not
# "today he OD'd", which a birthday or an anniversary says of a death ("would have been 30
# today, he OD'd").
_OD_NOW = (
    rf"\bjust (?:now |\w+ )?{_OD_SAID}\b"
    rf"|\b{_OD_SAID} (?:\w+ ){{0,3}}?(?:tonight|today|rn|right now|currently|at the moment)"
    rf"\b{_SETTLED_AFTER}"
    rf"|\b{_OD_SAID} (?:help|pls|plz|please|911|hurry|asap)\b"
    r"(?! (?:(?:me|us) )?(?:find|get|understand|with|figure|send|tell|give|share))"
)
_PAST_MARKS = (*_PAST_LOSS, _STILL_A_DEATH, *_BEFORE_NOW)
# How someone was found, told before their death: "was found unresponsive", "found him not
# breathing". Not "i just found him", which is now.
_FOUND_WITH = re.compile(
    r"\b(?<!\bjust )(?:(?:was|were|been|got) found|found (?:him|her|them|my \w+|\w+))"
    r"(?: (?!(?:and|but|then|so|he|she|they|i|we|who|didnt|did|died|passed|was|is)\b)\w+){1,4}"
)
_DEATH_SURE = re.compile(
    r"\b(?:didnt make it|did not make it|died|passed away|passed on|pronounced dead|was fatal"
    r"|funeral)\b"
)
_DOUBT = re.compile(r"\b(?:think|thought|maybe|might|may|if|not sure|hope|guess|idk)\b")
# "Died of an OD", "lost my son to an overdose": the death's cause, not a new overdose.
_CAUSE = r"\s*(?:of|from|to|by|after|due to|because of|with)\b"
_DEATH_OR_SUBJECT = _PAST_LOSS + _ABOUT_OVERDOSE
_BEFORE_NOW_OR_ASKING = _BEFORE_NOW + _ASKING
# As spoken in Puerto Rico and the Dominican Republic too: "ta" for "esta", a dropped d
# ("morao", "privao"), an l for an r ("despertal").
# A phone, its battery or a plant dying is no emergency: "se me muere la bateria", "el celular
# se esta muriendo", "mi telefono ta muriendo".
_DEVICES_ES = r"(?:bateria|bateri|pila|celular|cel|telefono|fono|phone|carga|planta|matas?)"
_NOT_A_DEVICE_ES = rf"(?! (?:la |el |mi |el mio )?{_DEVICES_ES}\b)"
_NOT_A_DEVICE_BEFORE_ES = "".join(
    f"(?<!{device} )(?<!{device} se )(?<!{device} me )"
    for device in ("bateria", "pila", "celular", "cel", "telefono", "fono", "phone", "carga")
)
_EMERGENCY_ES = (
    r"\bno (?:esta |estan |ta |tan )?respira(?:ndo)?\b",
    r"\bno (?:esta|ta|estan) breathing\b",
    # Said of oneself too, as "i cant breathe" is: "no puedo respirar (bien)".
    r"\bno (?:puede|pueden|podia|puedo|podemos) respirar\b",
    r"\bdejo de respirar\b",
    r"\bapenas respira\b",
    r"\brespira(?:ndo)? (?:muy |bien |super |tan |demasiado )?(?:lento|despacio|poco|raro|mal"
    r"|feo)\b",
    r"\bno (?:se )?despierta\b",
    r"\bno (?:lo|la|los|las|le) (?:puedo|podemos|puede|pude|logro) desperta[rl]\b",
    r"\bno (?:puedo|podemos|puede|pude|logro) desperta[rl]l[oae]s?\b",
    r"\bno reacciona\b",
    # "no responde mis llamadas" is a silence, not an overdose.
    r"\bno responde\b(?! (?:a |al )?(?:mis |el |los |las |sus |mi |su |nuestros |nuestras )?"
    r"(?:mensajes?|llamadas?|telefono|textos?|celular|whatsapp|correos?)\b)",
    r"\bno (?:esta |ta )?respondiendo\b(?! (?:a |al )?(?:mis |el |los |las |sus |mi |su )?"
    r"(?:mensajes?|llamadas?|telefono|textos?|celular|whatsapp|correos?)\b)",
    r"\bse desmayo\b",
    r"\b(?:esta|estan|ta|tan) desmaya(?:d[oa]|o)s?\b",
    # "Se privó": passed out. Not "se privó de la risa".
    r"\bse privo\b(?! de\b)",
    r"\b(?:esta|estan|ta|tan) privaos?\b",
    r"\b(?:hijo|hija|novio|novia|hermano|hermana|primo|prima|amigo|amiga|esposo|esposa|pana"
    r"|tio|tia|el|ella) (?:esta|ta) privad[oa]\b",
    r"\bcayo redondo\b",
    r"\bno se (?:mueve|menea)\b(?! (?:de|del|nada|para)\b)",
    r"\bespuma (?:por|en|de) la boca\b|\b(?:echando|botando|sacando|tirando) espuma\b",
    r"\bse (?:esta |ta )?ahogando\b",
    r"\bojos (?:virados|en blanco|para atras|pa tras)\b"
    r"|\bse le (?:viraron|voltearon|fueron) los ojos\b",
    r"\bno (?:le |la |lo )?(?:siento|encuentro|encuentra|siente|hay) (?:el |un |ningun )?pulso\b",
    # "Llamen al 911"; not "ya llame al 911", "acabo de llamar al 911": called already, which
    # in English ("i already called 911") is no new emergency either.
    r"llam(?<=\bllam)(?:(?:e|o|amos)(?<!\bya llame)(?<!\bya llamo)(?<!\bya llamamos)"
    r"|(?:a|en|ar|ando)(?<!acabo de llamar)(?<!acabamos de llamar)(?<!acaba de llamar))"
    r" (?:al |a )?911\b",
    r"\bse (?:inyecto|pico|metio|endrogo|arrebato|jalo)(?: \w+){0,4} y se "
    r"(?:cayo|desmayo|privo|quedo)\b",
    # "Se pasó" at the end of the text: overdosed. Not "se pasó por mi casa", "ya se pasó".
    r"(?<!\bya )(?<!dolor )(?<!susto )(?<!miedo )(?<!tiempo )(?<!efecto )(?<!rato )"
    r"\bse paso(?: (?:con|de) (?:la |las |el |los )?(?:droga|drogas"
    r"|dosis|pastillas|heroina|fentanilo|fentanyl|manteca|percs?))?(?: (?:ayuda|que hago|por favor"
    r"|porfa|porfavor|911|help|pls|please|plz|rapido|hurry|rn|ahora))*$",
    r"\binconsciente\b",
    # Una convulsion ahora: "esta convulsionando", "le esta dando una convulsion". Not "tiene
    # convulsiones", which may be a condition.
    r"\bconvulsionando\b",
    r"\b(?:esta teniendo|le (?:esta|ta) dando|le dan|le da) (?:una |un )?"
    r"(?:convulsion|convulsiones|ataque de convulsiones)\b",
    r"\bperdio el conocimiento\b",
    r"\b(?:labios|boca) (?:\w+ )?(?:azul|azules|mora(?:d[oa]|o)s?|grises)\b",
    r"\b(?:se puso|se pone|se esta poniendo|se estan poniendo|se ve|esta|estan|ta|tan|se volvio) "
    r"(?:muy |todo |toda |bien )?(?:azul|azules|mora(?:d[oa]|o)s?|gris)\b",
    # Someone dying now; not a phone or its battery: "se me muere la bateria", "mi telefono se
    # esta muriendo".
    _NOT_A_DEVICE_BEFORE_ES + r"\bse (?:nos |me )?(?:esta|estan) muriendo\b" + _NOT_A_DEVICE_ES,
    _NOT_A_DEVICE_BEFORE_ES + r"\b(?:esta|estan|ta) muriendo\b(?! de\b)" + _NOT_A_DEVICE_ES,
    _NOT_A_DEVICE_BEFORE_ES + r"\bse (?:nos|me) muere\b" + _NOT_A_DEVICE_ES,
    r"\b(?:no tiene|sin) pulso\b",
    *TOO_MUCH_ES,
    # One's own overdose now: "me estoy sobredosificando", "creo que estoy en sobredosis".
    r"\bsobre ?dosificando(?:me)?\b",
    r"(?<!\bno )\b(?:estoy|toy) (?:en|con|teniendo) (?:una )?sobre ?dosis\b",
    r"\bhizo (?:una )?(?:od|sobre ?dosis)\b",
    *BYSTANDER_SIGNS_ES,
    # In slang: "mi pana esta cabeceando", "se metio fentanilo y esta bien dormida".
    *NODDING_OUT_ES,
    *SLEEPY_AFTER_A_DRUG_ES,
    *OVERDID_IT_AND_CANT_BREATHE_ES,
)
# "Creo que me estoy muriendo", "siento que me muero", "me estoy muriendo ayuda", as "I think
# I'm dying" (_EMERGENCY_EN): not "me muero de risa" nor "sin el", and not dope sick or panic
# ("con malias siento que me muero"), which want other help than naloxone.
_NOT_OF_DYING_ES = r"(?! (?:de|sin|por|con|cuando|si|en vida|esta noche|otra vez)\b)"
_THINKS_DYING_ES = re.compile(
    _after("creo|siento|pienso|parece", "que me")
    + rf" (?:estoy muriendo|muero)\b{_NOT_OF_DYING_ES}"
)
_DYING_ES = re.compile(rf"me estoy muriendo(?<=\bme estoy muriendo)\b{_NOT_OF_DYING_ES}")
# "Me voy a morir", "creo que me voy a morir": with no use told, an overdose or a wish to die,
# so the steps for someone alone, as "im gonna die", and 988 beside them (``crisis_language``
# reads it); beside a use ("tomé demasiado, creo que me voy a morir"), fear of dying from it,
# the steps alone (``crisis_language`` reads the text without it).
_GOING_TO_DIE_ES = re.compile(rf"voy a morir(?<=\bme voy a morir)\b{_NOT_OF_DYING_ES}")
_USED_ES = re.compile(rf"\b(?:{TOOK_ES}|fume|demasiad[oa]s?|sobre ?dosis)\b")
_CRY_ES = re.compile(r"\b(?:ayuda|ayudenme|auxilio|socorro|911|help)\b")
_SICK_ES = re.compile(
    r"\b(?:malias?|malilla|enferm[oa]|abstinencia|ansiedad|panico|nervios|sick|dopesick)\b"
)


def _dying(spelled: str) -> bool:
    """The texter says they are dying, as someone overdosing may (see _THINKS_DYING_ES)."""
    said = (
        _THINKS_DYING_ES.search(spelled)
        or (_DYING_ES.search(spelled) and _CRY_ES.search(spelled))
        or _GOING_TO_DIE_ES.search(spelled)
    )
    return bool(said) and not _SICK_ES.search(spelled)


# "im gonna die", "I think I'm gonna die", with no use told, may be an overdose or a wish to
# die, as "me voy a morir": the steps for someone alone (_GOING_TO_DIE_EN) and 988 beside them.
# Not told with a use ("i took too much, i think im gonna die"): fear of dying from it, the
# steps alone.
_USED_EN = re.compile(
    r"\b(?:used|using|took|taken|shot up|smoked|snorted|railed|banged|fired|did (?:a|some|the)"
    r"|too (?:much|many)|shots?|hits?|lines?|bumps?|pills?|fent\w*|fetty|dope|heroin|tranq"
    r"|xans?|bars|percs?|oxys?|benzos?|overdos\w*|ods?|oded|odd)\b"
)


def _says_going_to_die(spelled: str) -> bool:
    """The texter says they are going to die, with no use told (see _GOING_TO_DIE_EN)."""
    return _any((_GOING_TO_DIE_EN,), spelled) and not _USED_EN.search(spelled)


# "if you dont help me im gonna die", "si no me ayudas me voy a morir": a plea to us, with no
# use told, is a crisis (988), not an overdose told; with a use ("i took too much"), the steps.
_UNLESS_HELPED_EN = re.compile(
    r"\bif (?:(?:you|u|yall|you guys|u guys|someone|somebody) (?:dont|do not|doesnt|wont|will not"
    r"|cant|cannot|can not)|(?:nobody|no one|noone) (?:helps|will))(?: help)?(?: me)?\b"
)
_UNLESS_HELPED_ES = re.compile(
    r"\bsi (?:no me (?:ayudas|ayuda|ayudan|puedes ayudar|puede ayudar|pueden ayudar)"
    r"|nadie me ayuda)\b"
)
_I_DIE_EN = re.compile(
    r"\b(?:im|i am|i m|ill|i will) (?:gonna |going to |gunna |bout to |about to )?die\b"
)
_I_DIE_ES = re.compile(r"\bme (?:voy a morir|muero)\b(?! de\b)")


def dies_unless_helped(spelled: str) -> str | None:
    """ "en" or "es" when the texter says they will die unless helped, with no use told."""
    if _UNLESS_HELPED_ES.search(spelled) and _I_DIE_ES.search(spelled):
        return None if _USED_ES.search(spelled) else "es"
    if _UNLESS_HELPED_EN.search(spelled) and _I_DIE_EN.search(spelled):
        return None if _USED_EN.search(spelled) else "en"
    return None


# Misspellings one letter away from these are read as the word itself: "breating",
# "unresponcive", "inconsiente", "overdoes". Only words of six letters or more, and never
# a real word on the list below.
_KEY_WORDS = (
    "breathing",
    "breathe",
    "unresponsive",
    "unconscious",
    "overdose",
    "overdosed",
    "overdosing",
    "overdoses",
    "responding",
    "sobredosis",
    "respirando",
    "inconsciente",
    "respira",
    "despierta",
    "responde",
)
_REAL_WORDS = frozenset(
    {"overdone", "overdoing", "responsive", "respirado", "respiro", "respirar", "respiran",
     "respiras", "respire", "despierto", "despiertas", "despierte", "despiertan", "responder",
     "responden", "respondes", "respondo", "responda", "respondi", "respond", "responds",
     "response", "overdoseo", "overdosea", "overdosio"}
)  # fmt: skip
# Short words typed in a hurry, too short for the one-letter rule above; and "que" written
# "q" or "k", "quiero" written "kiero", as many Spanish speakers text.
_SHORT_TYPOS = {
    "wnt": "wont", "cnt": "cant", "wkae": "wake", "wak": "wake", "q": "que", "k": "que",
    "ke": "que", "kiero": "quiero", "kiere": "quiere", "kieres": "quieres", "kieren": "quieren",
    "kisiera": "quisiera", "xq": "porque", "pq": "porque",
}  # fmt: skip
# 911 spelled out or spaced: "call 9-1-1", "nine one one", "nueve uno uno".
_NINE_ONE_ONE = re.compile(r"\b(?:9 1 1|nine one one|nueve uno uno)\b")
_OD_WORD = r"(?:od|o d|overdose|over dose)"
# Words between "I" and "going to OD" that make it a denial or someone else's overdose.
_NOT_ME = (
    r"(?!(?:dont|not|never|do|he|hes|she|shes|they|theyre|someone|somebody|my|his|her|their"
    r"|scared|afraid|worried|fear|think)\b)"
)
# Fear or a guess, not a plan: "scared I'm gonna OD", "I think I'm going to OD".
_FEARED = "".join(
    f"(?<!{word} )"
    for word in (
        "afraid",
        "scared",
        "worried",
        "worry",
        "fear",
        "terrified",
        "nervous",
        "like",
        "think",
        "afraid that",
        "scared that",
        "worried that",
        "think that",
        "like that",
    )
)
# Meaning to overdose, or to sleep and not wake, or not caring if one does: a crisis, not an
# overdose now (``overdose_in_progress`` reads the text without these). Said of oneself, not
# denied ("I don't want to OD again"), feared ("I'm scared I'm gonna OD", "I feel like I'm
# going to OD if I keep using like this") nor feared for someone else ("he's going to overdose").
_OVERDOSE_MEANT_EN = (
    rf"(?:^|{_FEARED}\b(?:i|im|i am|ill|i will|we|me and \w+) )(?:{_NOT_ME}\w+ ){{0,2}}"
    rf"(?:want|wanted|going|plan|planning|planned|trying|about|ready) to {_OD_WORD}\b",
    rf"(?:^|{_FEARED}\b(?:i|im|i am|ill|we|me and \w+) )(?:{_NOT_ME}\w+ ){{0,2}}"
    rf"(?:wanna|gonna|gunna|tryna) {_OD_WORD}\b",
    # "I don't care if I OD anymore", "dont even care if i wake up".
    _after("dont|do not|dont even|no longer|really dont", "care")
    + rf" (?:if|whether) i (?:\w+ ){{0,2}}?(?:{_OD_WORD}|odd|die|wake up|live|make it)\b",
    # "Im gonna do the whole bag and not wake up", "i want to go to sleep and never wake up",
    # "might just do a big shot and not wake up". Not "sleep in and not wake up till noon".
    r"^(?!.*\b(?:scared|afraid|worried|worry|fear|terrified|nervous|careful|make sure|if)\b)"
    r"(?=.*\b(?:want|wanna|gonna|going to|gunna|ima|imma|hope|wish|plan|planning|ready|tryna"
    r"|(?:might|may|could) just)\b)"
    rf".*\b(?:and|then) (?:not|never|dont) wake (?:back )?up\b{_WAKE_TIME}",
    # A hot shot, a dose meant to kill: "i wanna do a hot shot and be done". Not "a hot shot
    # lawyer", which nobody does or takes.
    r"\b(?:want|wanna|gonna|going to|gunna|ima|imma|plan|planning|ready|tryna|about|might just"
    r"|may just|could just) (?:to )?(?:just )?(?:do|take|shoot|fire|bang|give myself|get) "
    r"(?:a |one |me a |my |that )?hot ?shot\b",
    # Using until it ends them: "just gonna use till im gone", "gonna use until i dont wake up",
    # "keep using till it kills me". Not "use till the weekend", "drink till i pass out",
    # "smoke till im dead tired", "get high till im gone for work".
    r"\b(?:use|using|shoot|shooting|shoot up|shooting up|smoke|smoking|get high|getting high"
    r"|do dope|doing dope)(?: (?:it|dope|fent|fetty|heroin|drugs|more|up|alone))?"
    r" (?:till|until|til|untill) (?:(?:im|i am|i m) (?:gone\b(?! (?:to|for|on|out|away|back"
    rf"|home)\b)|dead\b{_DEAD_AS_A_WORD})|i (?:die|(?:dont|do not|never|cant|cannot|can not)"
    r" wake up|stop breathing|od|overdose)\b|it (?:kills|takes) me\b)",
)
# Revived and wishing they had not been, or wishing not to wake: "i wish they didnt narcan me",
# "should have let me die", "i wish i didnt wake up", "i just want to sleep forever". A crisis,
# not an overdose now (``overdose_in_progress`` reads the text without these, as the naloxone
# named is past). Not waking early, nor being woken ("i wish they didnt wake me up so early").
_NOT_WANTING_TO_HAVE_WOKEN_EN = (
    r"wish (?:\w+ ){1,2}(?:didnt|did not|hadnt|had not|never|wouldnt have|would not have) "
    rf"(?:(?:{_NARCAN}|narcann?ed|revived?|resuscitated?|brought|bring) me\b"
    rf"|saved? me\b(?! (?:a|some|the|any|money|time|food|seat|spot|plate)\b)"
    rf"|(?:give|gave|given|use|used|spray|sprayed|hit) me (?:with )?(?:the |that |some )?{_NARCAN}"
    rf"|(?:use|used) (?:the |that |some )?{_NARCAN} on me)",
    r"wish i (?:didnt|did not|hadnt|had not|never|wouldnt|would not|wont|dont|do not)"
    r"(?: have)? (?:wake|woke|woken|waked|waken)(?: up)?\b"
    r"(?! (?:(?:so|too|this|that) (?:early|late)|up|early|earlier|late|at|before|until|till|til|in"
    r"|every|all|with|to|when|on|during|for|because|cause|\d+)\b)",
    _after(
        "should have|shouldve|should of|shoulda|should have just|shouldve just|should of just"
        "|shoulda just|should just|wish they|wish they would have|wish they wouldve|wish they had"
        "|wish they just|wish you|wish u|wish he|wish she|wish someone|wish somebody|they didnt"
        "|didnt they|didnt you|didnt u|begged them to|please just|pls just|why not just",
        "let me die",
    )
    + r"\b",
    _after("want to|wanna|want to go to|wanna go to|wish i could|ready to", "sleep forever")
    + r"\b(?! (?:this|tomorrow|today|tonight|after|lol|lmao|haha|on|in)\b)",
    # "I just want it all to stop"; not "... to end well", nor a pain that is a body's ("i want
    # it all to stop hurting my tooth").
    r"(?:want|wanna|wish|need) (?:it all|everything|all of it|all this|this all|my life|this life"
    r"|life) to (?:just )?(?:end|stop|be over)\b"
    r"(?! (?:well|soon|happily|good|on|with|at|by|before|so|already|there|here|fine|nicely)\b)"
    r"(?! \w+ing(?: \w+){0,3} (?:my|his|her|the|this|that|in|at)\b)",
)
# "Im thinking of ending it all", "everyone would be better off without me".
_CRISIS_SAID_PLAINLY_EN = (
    r"ending (?:it all|my life)\b",
    _after("thinking of|thinking about|thought of|thought about", "ending")
    + r" (?:it|everything|things)\b(?! with\b)",
    r"better off without me\b",
    # "Everyone would be better off if i was gone", "... if i wasnt here"; not "if i was gone
    # for the weekend", "if i wasnt here when he comes".
    r"better off if i (?:was|were|wasnt|werent|was not|were not|didnt|did not|never) "
    r"(?:gone|dead|here|around|alive|exist|born|ever born)\b"
    r"(?! (?:for|to|on|at|by|when|until|till|til|tonight|today|tomorrow|this|next)\b)",
)
# Wishing to be dead, or to disappear, said in the usual words of despair.
_WISHING_NOT_TO_BE_EN = (
    # "I wish I was dead"; not "dead tired", "dead to him" (_DEAD_AS_A_WORD).
    r"wish (?<=\bwish )(?:that )?i (?:was|were|could be|would be|could just be) (?:just )?dead\b"
    rf"{_DEAD_AS_A_WORD}",
    r"wish (?<=\bwish )(?:that )?i (?:was|were) never born\b",
    # "I should just die", "i wish i could die"; not of laughing or embarrassment, nor "die my
    # hair" (dye).
    _after(
        "i should|i should just|i should really just|i should probably just|i shud just"
        "|i wish i could|i wish i could just",
        "die",
    )
    + r"\b(?! (?:of|from|laughing|my|his|her|it|the|this|that|in|at|on|for|with|happy|old"
    r"|young|rich|doing|trying)\b)",
    # "I want to disappear", "i wish i could just disappear forever", "... from this world"; not
    # from a town, a party or for a while: a fresh start somewhere else is a plan to live.
    r"\b(?:want|wanna|wish i could|wish i would|wish i can|wish i could just|need|just want)"
    r" (?:to )?(?:just )?(?:disappear|vanish)\b"
    r"(?! (?:from|for|to|on|into|in|at|and (?:start|go|move)|with|until|till|til|tonight|today"
    r"|tomorrow|this|next|somewhere|again|off)\b(?! (?:this|the) (?:world|earth|planet)\b))",
)
# As in Spanish: "i just want to die in peace in my bed at 90 lol", "... of old age".
_OF_OLD_AGE_EN = (
    r"(?!(?: \w+){0,8}? (?:at (?:age )?(?:[6-9]\d|1[01]\d)|of old age|when (?:im|i am|i m"
    r"|i get|were|we are|we get) (?:old|older|really old|very old|ancient))\b)"
)
_CRISIS_EN = (
    r"\bkill (?:my ?self|me)\b",
    r"\bkilling my ?self\b",
    # Said of someone else: "my daughter wants to kill herself".
    r"\b(?:wants?|wanted|going|gonna|trying|tried|threatening|threatened|talking about"
    r"|talks about) (?:to )?kill(?:ing)? (?:him|her|them) ?(?:self|selves)\b",
    r"\bkms\b",
    r"\bsuicid(?:e|al|ally)\b",
    rf"\bwant(?:s|ed)? to die\b{_OF_OLD_AGE_EN}",
    rf"\bwanna die\b{_OF_OLD_AGE_EN}",
    r"\bend (?:it all|my life)\b",
    r"\b(?:want|wanna|going|gonna|ready|plan|planning|thinking about|thought about) (?:to )?"
    r"end (?:it|everything|things)\b(?! with)",
    # Said as a maybe, which is how many say it: "might just end it", "i may just end it all".
    # Not of a couple or a game ("we might just end it", "the ref might just end it"), nor
    # "end it with him".
    r"(?:^|\bi |\bi think i |\bhonestly |\bhonestly i |\bprobably |\bi probably |\blol i )"
    r"(?:might|may|could) (?:just |honestly |really )*end (?:it|it all|everything|things)\b"
    r"(?! with\b)",
    # The means at hand, or the time set: "i have pills saved up to end it", "got pills to end
    # it", "take my pills and end it", "i end it tonight". Not "end it with him", "end my using".
    r"\b(?:pills?|meds|medication|medicine|stash|saved|saving|stockpiled?|enough)\b(?: \w+){0,3}"
    r" (?:to|and|then) end (?:it|everything|things|my life)\b(?! with\b)",
    r"(?<!\bwe )(?<!\blets )\bend (?:it|everything|my life) tonight\b(?! with\b)",
    r"\btake my (?:own )?life\b",
    r"\bunalive my ?self\b",
    r"\b(?:dont|do not|no longer) (?:really )?(?:want|wanna) (?:to )?(?:live|be alive)\b",
    # Not "anymore at this job", "no more with him".
    r"\b(?:dont|do not) (?:want|wanna) (?:to )?(?:be here|exist|wake up) (?:anymore|any more"
    r"|no more|nomore|no mo)\b(?! (?:at (?:this|that|my|the|his|her|work|school|home)"
    r"|in (?:this|that|my|the|his|her) (?!(?:world|life)\b)\w+|with (?:him|her|them|you|my))\b)",
    r"\bhope (?:i|that i) (?:dont|do not|never|wont|will not) wake up\b"
    r"(?! (?:late|early|before|until|till|til|in time|at)\b)",
    # "I don't want to wake up tomorrow", not "... early tomorrow" nor "tomorrow for work".
    r"\b(?:dont|do not) (?:want|wanna) (?:to )?wake up (?:tomorrow|ever again|again)\b"
    r"(?! (?:for|at|early|before|and go|to go)\b)",
    # "I don't want to wake up", the whole wish; not "... early", "... my kids", "... at 5".
    r"\b(?:dont|do not) (?:really )?(?:want|wanna) (?:to )?wake up\b"
    r"(?! (?:early|earlier|late|before|until|till|til|at|for|on|so|my|his|her|their|the|him"
    r"|them|you|u|anyone|anybody|everyone|everybody|someone|\d+|and (?:go|get|have)"
    r"|to (?:go|my|the|an?|work|school)|in (?!this (?:world|life)\b)|tomorrow|again|ever)\b)",
    # "Tired of living like this", not "tired of living in Holyoke" nor "with my parents".
    r"\b(?:tired|sick|exhausted) of (?:living|being alive|life|existing)\b"
    r"(?! (?:in|at|with|on|near|under|here|there|paycheck|out of|by|off|alone in)\b)",
    r"\bhurt(?:ing)? my ?self\b",
    r"\bharm(?:ing)? my ?self\b",
    r"\bself ?harm\b",
    r"\b(?:cut|cutting|cuts|burn|burning|burned) my ?self\b",
    r"\b(?:hang|hanging|shoot|shooting|drown|drowning) my ?self\b",
    r"\bno reason to live\b",
    r"\bnothing to live for\b",
    r"\bbetter off dead\b",
    *_OVERDOSE_MEANT_EN,
    *_NOT_WANTING_TO_HAVE_WOKEN_EN,
    *_CRISIS_SAID_PLAINLY_EN,
    *_WISHING_NOT_TO_BE_EN,
    r"\b(?:od|ods|oded|odd|overdos\w*|too much|too many)\b(?: \w+){0,3} on purpose\b",
    # Not "he took all my pills" (a theft) nor "... this morning" (as prescribed).
    r"(?<!\bhe )(?<!\bshe )(?<!\bthey )(?<!\bsomeone )"
    r"\b(?:take|swallow|took|swallowed|taking) (?:all|every one|the whole bottle)(?: of)? "
    r"(?:my |the )?(?:pills|meds|medication|medicine)\b"
    r"(?! (?:this morning|today|on time|as prescribed|for the day|for today|every day|daily)\b)",
    # "I can't go on (like this, anymore, without him)", not "i can't go on the trip", "... on
    # tuesday", "... online".
    r"\b(?:cant|cannot|can not|couldnt|could not) (?:really |just |even |possibly )?go on\b"
    r"(?! (?!(?:like (?:this|that)|living|with (?:my life|life|this life|living|it all)"
    r"|without (?:him|her|them|my))\b)(?:the|a|an|this|that|my|his|her|our|their|your|it|to|at"
    r"|in|on|with|for|without|vacation|trips?|break|leave|time|dates?|line|calls?|shifts?|today"
    rf"|tomorrow|tonight|{_WEEKDAY}|weekends?|\d+|foot|air|tv|stage|facebook|fb|instagram|ig"
    r"|tiktok|there|here|vacay|rides?|ahead|record)\b)",
    # In everyday words: "im gonna off myself", "i have a gun and im done".
    *SUICIDE_SAID_EN,
)
# "I want to be with him", said after a death: wanting to join the one who died.
_JOIN_EN = (
    r"\b(?:want|wanna|wanted|wish i could|need|ready) (?:to )?(?:be with|join|go be with|go to)"
    r" (?:him|her|them|my \w+)\b(?! (?:when|at|in|for|on|while|during|today|tomorrow|tonight"
    r"|this|at|through|to|after|before|and help|and talk)\b)"
)
_JOIN_ES = (
    r"\b(?:quiero|quisiera|deseo|me quiero) (?:estar|irme|ir) con (?:el|ella|ellos|mi \w+)\b"
    r"(?! (?:cuando|en|a|al|para|mientras|hoy|manana|esta|este|y ayudar)\b)"
)
# Cutting oneself, not one's hair or nails, nor breaking up ("cortar con mi novio").
_A_CUT = (
    r"(?! (?:el|la|los|las|mis?|sus?|tus?|un|una|de)\b(?! (?:venas?|munecas?|brazos?|piernas?)\b))"
    r"(?! con (?:mis?|sus?|tus?|el|ella)\b)"
)
# "Me muero de hambre", "me voy a morir de la risa", "me quiero morir de la vergüenza": ways of
# saying very hungry, very funny, very embarrassed. Of sadness or loneliness still reads as one.
_OF_AN_IDIOM_ES = (
    r"(?! de (?:la |el )?(?:risa|hambre|sueno|ganas|calor|frio|sed|verguenza|aburrimiento"
    r"|cansancio|envidia|miedo|susto|nervios|emocion|alegria|felicidad|amor|celos|curiosidad"
    r"|dolor|asco|gusto|pique|coraje|rabia)\b)"
)
# Dying one day of old age, no wish to die now: "solo quiero morir en paz a los 90",
# "quiero morir de viejo". The wish alone, or "en paz", still reads as one.
_OF_OLD_AGE_ES = (
    r"(?!(?: \w+){0,8}? (?:a los (?:[6-9]\d|1[01]\d)|de (?:viej[oa]|vejez|anciano|anciana)"
    r"|cuando (?:sea|este|estemos|seamos) (?:viej[oa]s?|ancian[oa]s?|mayor(?:es)?))\b)"
)
_CRISIS_ES = (
    r"\bsuicid(?:io|ios|arme|arse|ar|a|ado|ada|arte)\b",
    rf"\bquiero morir(?:me)?\b{_OF_AN_IDIOM_ES}{_OF_OLD_AGE_ES}",
    rf"\bme quiero morir\b{_OF_AN_IDIOM_ES}{_OF_OLD_AGE_ES}",
    r"\bme (?:quiero|voy a|vaya a|quisiera|pienso) (?:matar|suicidar|quitar la vida)\b",
    rf"\bme (?:quiero|voy a|vaya a|quisiera|pienso) morir\b{_OF_AN_IDIOM_ES}{_OF_OLD_AGE_ES}",
    r"\bmatarme\b",
    r"\bquitarme la vida\b",
    r"\b(?:acabar|terminar) con (?:todo|mi vida)\b",
    r"\bhacerme dano\b",
    r"\blastimarme\b",
    r"\bno quiero (?:seguir )?(?:vivir|viviendo|estar viv[oa])\b",
    r"\bno vale la pena vivir\b",
    # "Ya no quiero estar aqui", "no quiero estar aqui nunca mas", "en este mundo"; not "ya no
    # quiero estar aqui en este trabajo".
    r"\bya no quiero (?:estar|seguir) (?:aqui|aca)\b(?! (?:en|con|de|por|sin)\b(?! este mundo\b))",
    r"\bno quiero (?:estar|seguir) (?:aqui|aca) (?:nunca mas|mas|ya)\b",
    r"\bno quiero (?:estar|seguir) en este mundo\b",
    # "Quisiera desaparecer", "solo quiero desaparecer para siempre", as "i want to disappear";
    # not "de este pueblo", "por unos dias", "del mapa": a fresh start is a plan to live.
    _after(
        "quiero|quisiera|deseo|me gustaria|ojala pudiera|quisiera poder|quiero poder", "desaparecer"
    )
    + r"(?:me)?\b"
    r"(?! (?:de|del|por|unos|un|una|a|al|en|con|y (?:empezar|empiezo|irme|mudarme)|hoy|manana"
    r"|esta|este)\b(?! (?:este|el) mundo\b))",
    r"\b(?:quiero|voy a|pienso|quisiera) (?:tomar(?:me)? |darme |hacerme |meterme )?"
    r"una sobredosis\b",
    # All of it at once, and that's it: "voy a meterme todo y ya", "me voy a inyectar todo
    # hasta morirme". Not "meterme todo el dia en la casa", "todo lo de la escuela".
    r"\b(?:voy a|quiero|pienso|me voy a|me quiero) (?:meter(?:me)?|inyectar(?:me)?|picar(?:me)?"
    r"|fumar(?:me)?) tod[oa]s?(?: (?:lo que tengo|eso|esto|de una|de golpe))?"
    r" (?:y ya(?: (?:pues|ya|no mas|nomas|se acabo|estuvo))*$|y no despertar|y acabar"
    r"|y morirme|hasta (?:morirme|morir|que me muera|no despertar))",
    # Said of someone else: "mi hija se quiere matar". Not "se va a matar trabajando".
    r"se (?<=\bse )(?:quiere|quiera|queria|quiso|piensa|va a|iba a|trato de|intento) (?:matar"
    r"|suicidar|quitar la vida)\b(?! (?:\w+ando|\w+iendo|en (?:ese|esa|el|la) (?:carro|moto"
    r"|trabajo)|de (?:la )?risa|de hambre|de trabajar|de un susto|del susto)\b)",
    r"mejor me (?<=\bmejor me )(?:muero|mato|muera)\b(?! de\b)",
    r"prefiero (?<=\bprefiero )(?:morir|morirme|estar muert[oa])\b(?! de\b)",
    _after("quisiera|quiero|queria|deseo|desearia", "estar muert") + r"[oa]\b(?! de\b)",
    r"ojala (?<=\bojala )(?:estuviera muert[oa]|me muera|no (?:me )?despierte)\b(?! de\b)",
    # "No quiero despertar", "quisiera no despertar nunca mas"; not "no quiero despertar
    # temprano" nor "... a mi hijo".
    _after(
        "no quiero|quisiera no|no quisiera|prefiero no|quiero no|deseo no|no deseo"
        "|no quiero volver a|quisiera no volver a",
        "despertar",
    )
    + r"(?:me)?\b(?! (?:a|al|temprano|tan|tarde|antes|hasta|para|por|en|con|de|del|el|la|los"
    r"|las|mis?|sus?|tus?|\d+|manana (?:temprano|a|para|por))\b)",
    r"dormir (?<=\bdormir )(?:y no (?:volver a )?despertar|para siempre)\b"
    r"(?! (?:hoy|manana|este|esta)\b)",
    # Revived, and wishing they had not been: "me hubieran dejado morir", "por que no me
    # dejaron morir", "ojala no me hubieran dado narcan"; not "no me dejaron morir de hambre".
    _after(
        "me hubieran dejado|me hubiesen dejado|debieron dejarme|debian dejarme|me debieron dejar"
        "|debieron haberme dejado|por que no me dejaron|porque no me dejaron"
        "|mejor me hubieran dejado",
        "morir",
    )
    + r"\b(?! de\b)",
    r"ojala no me (?<=\bojala no me )(?:hubieran|hubiesen) (?:(?:dado|puesto|echado) (?:el |la )?"
    r"(?:narcan|naloxona)|revivido|salvado|despertado|traido de vuelta)\b",
    # "Me voy a cortar", "me voy a cortar las venas", "quiero cortarme".
    _after("me|me voy a|me quiero|me vaya a|me pienso|me estoy", "cort")
    + rf"(?:ar|ando)\b{_A_CUT}",
    _after("voy a|quiero|pienso", "cortarme") + rf"\b{_A_CUT}",
    r"me (?<=\bme )(?:quiero|voy a|vaya a|pienso|quisiera|estoy) (?:hacer dano|haciendo dano"
    r"|lastimar|lastimando|herir|hiriendo)\b(?! (?:el|la|los|las|mis?|sus?|a la|al|en)\b)",
    # "Ya no puedo más", said of oneself: not "no puedo más con el tráfico", "... de 2 horas",
    # "no puedo más tarde".
    r"no puedo mas(?<=\bno puedo mas)\b(?! (?:con|de|del|que|tarde|temprano|alla|aca|lejos"
    r"|rapido|despacio|alto|fuerte|\d+|dinero|tiempo|horas?|dias?|el|la|los|las|un|una|por|para"
    r"|en|hoy|manana|este|esta|ese|esa|eso|esto)\b)"
    r"|no puedo mas con (?:esta|mi) vida\b",
    # "Ya no aguanto más", "no soporto más": the same words of being at one's limit as "ya no
    # puedo más", said with nothing borne named after them. Not "... este trabajo", "... a mi
    # jefe", "... sin usar" (a craving), nor "no aguanto" alone (``flows.after_a_crisis``).
    r"mas(?<=\bno aguanto mas|\bno soporto mas)\b(?! (?:a|al|con|de|del|que|sin|mi|mis|tu|tus"
    r"|su|sus|el|la|los|las|un|una|este|esta|estos|estas|ese|esa|eso|esto|por|para|en|hoy"
    r"|manana|tiempo|horas?|dias?|\d+)\b)",
)


@functools.cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Each pattern compiled once. Searched one by one: most start with a word the regex engine
    scans for quickly, which one pattern joining them all with "|" would lose."""
    return tuple(re.compile(p) for p in patterns)


def _any(patterns: tuple[str, ...], text: str) -> bool:
    return any(pattern.search(text) for pattern in _compiled(patterns))


def _without(patterns: tuple[str, ...], text: str) -> str:
    """The text with whatever ``patterns`` match blanked out."""
    for pattern in _compiled(patterns):
        text = pattern.sub(" ", text)
    return text


# Found dead or just died, now: a deep overdose can look like death. "hes dead wtf do i do",
# "i think my friend just died"; not with a day or a time told (_DEATH_TOLD_WHEN), nor of
# another cause ("my son just died of cancer").
# "Just died" told with a doubt or a cry for help: "i think my friend just died", "he just died
# what do i do". Not "my son just died", which a parent writes of a death they were told of.
_JUST_DIED = _after(_PEOPLE[3:-1] + "|hes|shes|someone|somebody", "just died")
_CRY = r"(?:what do i do|wtf do i do|what do we do|what should i do|idk what to do|help|911)"
# Where someone found so may lie, as "died in his sleep": a place, now.
_WHERE_THEY_LIE = (
    r"in (?:his|her|their|my|our|the) (?:sleep|bed|room|bedroom|bathroom|bathtub|tub|shower"
    r"|car|couch|basement|garage|kitchen|house|apartment|sleep last night)"
)
# Words of alarm after "i think he died": "omg", "please", "hes not moving".
_STILL_SAYING_NOW = (
    r" (?:omg|oh my god|oh god|wtf|please|pls|plz|idk|im scared|im freaking out|hes not|shes not"
    r"|theyre not|hes cold|shes cold|hes blue|shes blue|i cant wake|i found)\b"
)
_DEAD_NOW_EN = (
    r"\b(?:think|maybe|might|may|guess|not sure|afraid|scared)(?: \w+){0,3} "
    + _JUST_DIED
    + r"\b(?! (?:of|from|in|at)\b(?! (?:an? )?(?:od|overdose)\b))",
    _JUST_DIED + rf"(?: \w+){{0,2}} {_CRY}\b",
    # "I think my brother died", with no time told: found so, now, and said so alone, with a
    # place they lie or with a cry for help. Not "i think about him", nor a death's cause or day
    # guessed ("i think he died of an overdose", "... in March"), nor more told of a loss ("...
    # and its my fault", "... too of grief").
    r"\b(?:think|maybe|not sure|afraid|scared|guess)(?: that)? (?:my |our )?"
    + rf"(?:{_PEOPLE[3:-1]}|someone|somebody)(?: (?:has|already))? died\b"
    + rf"(?: {_WHERE_THEY_LIE})?(?: (?:just now|right now|rn|now))?"
    + rf"(?:$|(?: \w+){{0,2}} {_CRY}\b(?! (?:with|about|now that|after)\b)|{_STILL_SAYING_NOW})",
    _after("hes|shes|is|theyre|are", "dead")
    + rf"(?: \w+){{0,2}} {_CRY}\b(?! (?:with|about|now that|after)\b)",
)
_DEATH_TOLD_WHEN = (
    r"\b(?:ago|yesterday|last|earlier|this morning|funeral|years?|months?|weeks?|days|anoche"
    r"|ayer|in (?:19|20)\d\d|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
)
# A sign told on a day before today, and settled now: "he fell out last week but hes ok now",
# "i stopped breathing last time i OD'd" (the texter is texting). Not this morning, as naloxone
# wears off within hours, nor with anything said of now besides (_UNSETTLED_NOW).
_SIGN_DAY_BEFORE_TODAY = (
    r"\b(?:yesterday|last (?:night|week|weekend|month|year|time)|the other (?:day|night)"
    r"|(?:\d+|a|one|two|three|a few|few|several|couple|a couple) (?:days?|weeks?|months?|years?)"
    r" ago)\b",
)
_SETTLED_NOW_EN = (
    rf"\b(?:hes|shes|theyre|he is|she is|they are|im|i am|were|we are|{_PEOPLE} is|{_PEOPLE} s)"
    r" (?:ok|okay|fine|alright|good|better|safe) now\b",
    r"\bi (?:stopped|quit) breathing\b",
)
_UNSETTLED_NOW = (
    r"\b(?:still|again|now|rn|right now|currently|tonight|911|hurry|asap|just|help|ambulance)\b",
)


def _settled_since(spelled: str) -> bool:
    """A sign told on a day before today and settled now, with nothing else said of now and no
    sign told after it ("... hes ok now, how do i get more narcan")."""
    if not _any(_SETTLED_NOW_EN, spelled) or not _any(_SIGN_DAY_BEFORE_TODAY, spelled):
        return False
    if _any(_UNSETTLED_NOW + _IN_PROGRESS, _without(_SETTLED_NOW_EN, spelled)):
        return False
    end = max(m.end() for p in _compiled(_SETTLED_NOW_EN) for m in p.finditer(spelled))
    rest = spelled[end:]
    return not (_any(_EMERGENCY_EN + _STILL_NOW, rest) or _any(_EMERGENCY_ES, rest))


def _drunk_before_today(spelled: str) -> bool:
    """Passed out from drink on a day before today ("my son passed out drunk last night"), with
    no drug or overdose named and no sign or word of now besides: naloxone does not reverse
    alcohol, and it is over (``flows.drunk_told``)."""
    if not tells_of_drink(spelled) or not _any(_SIGN_DAY_BEFORE_TODAY + _DAY_BEFORE_TODAY, spelled):
        return False
    if _USED_EN.search(spelled) or names_an_overdose(spelled):
        return False
    rest = _without(PASSED_OUT_FROM_DRINK, spelled)
    now = _EMERGENCY_EN + _EMERGENCY_ES + _STILL_NOW + _UNSETTLED_NOW + _IN_PROGRESS
    return not (_any(now, rest) or _dying(rest))


def overdose_in_progress(spelled: str) -> tuple[bool, str | None]:
    """Whether the text tells of an overdose in progress, and in which language ("es", "en",
    or None for words like "OD" and "911"). A bare "overdose" in a text about a loss or about
    the subject is not one."""
    # Signs are emergencies whatever else the text says, but for those a death was found with;
    # the Spanish ones are looked for first as they decide the language.
    # a wish or a plan: a crisis, not now
    spelled = _without(_OVERDOSE_MEANT_EN + _NOT_WANTING_TO_HAVE_WOKEN_EN, spelled)
    if _any(DEAD_NOW_ES, spelled) and not _any(_DEATH_TOLD_WHEN + DEATH_TOLD_WHEN_ES, spelled):
        return True, "es"
    if _any(_DEAD_NOW_EN, spelled) and not _any(_DEATH_TOLD_WHEN, spelled):
        return True, "en"
    if _settled_since(spelled) or _drunk_before_today(spelled):
        return False, None
    signs = _without_the_signs_of_a_death(spelled)
    if dies_unless_helped(spelled):
        signs = _I_DIE_ES.sub(" ", _I_DIE_EN.sub(" ", signs))
    # Too much taken last night is an overdose told, as "overdosed last night": read below as
    # one, with what else the text says of now.
    too_much_over = too_much_told_as_over(spelled)
    if too_much_over is not None:
        signs = _without(TOO_MUCH_EN + TOO_MUCH_ES, signs)
    if _any(_EMERGENCY_ES, signs) or _dying(signs):
        return True, "es"
    word_es = _any(_OVERDOSE_WORD_ES, spelled) or too_much_over == "es"
    if _any(_EMERGENCY_EN, signs):
        return True, "es" if word_es or reads_spanish(spelled) else "en"
    word_en = _any(_OVERDOSE_WORD_EN, spelled) or too_much_over == "en"
    if not (word_es or word_en or _any(_OVERDOSE_WORD_ANY, spelled)):
        return False, None
    # A death or the subject is silent unless the text says one is happening now in so many
    # words; a story of before now or a question, unless it says now in any way (_NOW_SAID).
    loss = _any(_DEATH_OR_SUBJECT, spelled)
    # An overdose feared for later, and no other, is silent like a question; what is said of now
    # is read without it.
    rest = _without_later(spelled)
    feared = rest != spelled and not _any(
        _OVERDOSE_WORD_ES + _OVERDOSE_WORD_EN + _OVERDOSE_WORD_ANY, rest
    )
    if _any(_OWN_ON_A_DAY_BEFORE, rest):  # "i need help i od'd saturday": asks, not cries
        rest = _without(_ASKS_FOR_HELP, rest)
    if _any(_IN_CARE_NOW, rest):  # "overdosed again, hes in the icu": the again is over
        rest = re.sub(rf"\b({_OD_SAID}) again\b", r"\1", rest)
    own_earlier_today = own_earlier_today_all_right_now(spelled)
    if own_earlier_today:  # "i overdosed earlier today and im ok now": that today is over
        rest = without_earlier_today(rest)
    not_now = _NOT_NOW + (_ASKS_WHAT_NOW if _any(_DAY_BEFORE_TODAY, spelled) else ())
    if (
        (loss or feared or _any(_BEFORE_NOW_OR_ASKING, spelled) or own_earlier_today)
        and not _any(_IN_PROGRESS, _without(not_now, rest))
        and (loss or not _any(_STILL_NOW, rest))
        and not _again_now(rest)
        and (loss or not _any(_NOW_SAID, rest))
    ):
        return False, None
    if word_en and not word_es and reads_spanish(spelled):
        # "Mi hijo esta overdosing", "le dio un overdose a mi hijo q hago": Spanish around it.
        return True, "es"
    return True, "es" if word_es else "en" if word_en else None


def _without_the_signs_of_a_death(spelled: str) -> str:
    """The text with the signs someone was found with blanked out, when a death told in sure
    words comes after them ("my son was found unresponsive and didnt make it"); unchanged when
    the text doubts it or says now in any way ("he was found unresponsive, i think he died",
    "i just found him not breathing and he died what do i do")."""
    if _DOUBT.search(spelled) or _any(_IN_PROGRESS, _without(_NOT_NOW, spelled)):
        return spelled

    def blank(found: re.Match[str]) -> str:
        return " " if _DEATH_SURE.search(found.string, found.end()) else found.group()

    return _FOUND_WITH.sub(blank, spelled)


def _without_later(spelled: str) -> str:
    """The text with each overdose someone else may have later (_LATER) blanked out, unless a
    guess comes in the three words before it ("i think he's going to OD") and nothing after it
    puts it later, or the texter is one of those who may have it ("me and him might OD")."""

    def blank(found: re.Match[str]) -> str:
        before = " ".join(found.string[: found.start()].split()[-3:])
        guessed = _GUESS.search(before) and not _THEN.match(found.string, found.end())
        return found.group() if guessed or _ALSO_ME.search(before) else " "

    for pattern in _compiled(_LATER):
        spelled = pattern.sub(blank, spelled)
    return spelled


def _again_now(spelled: str) -> bool:
    """An overdose told as happening now after a past loss, with no death told after it
    ("we lost a friend last month, now my bf OD'd", not "now my daughter OD'd and died")."""
    for found in re.finditer(_NOW_AFTER_LOSS, spelled):
        if not re.search(_STILL_A_DEATH, spelled[found.end() :]):
            return True
    if re.search(_OD_NOW, _after_the_past(spelled)):
        return True
    # "Again" says nothing of when: any death told in the text makes it a past one.
    return bool(re.search(_AGAIN, spelled)) and not re.search(_STILL_A_DEATH, spelled)


def _after_the_past(spelled: str) -> str:
    """What the text says after its last word of a death or of before now ("my cousin passed
    last year | and my friend just OD'd"); nothing when it tells of no such thing, when that
    word ends it, or when what follows is the death's cause ("died | of an OD, please help me
    find a group")."""
    ends = [
        found.end() for pattern in _compiled(_PAST_MARKS) for found in pattern.finditer(spelled)
    ]
    if not ends:
        return ""
    rest = spelled[max(ends) :]
    return "" if re.match(_CAUSE, rest) else rest


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter changed, added, dropped, or two neighbours swapped ("breating", "overdoes")."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def spelled_right(norm: str) -> str:
    """The text with close misspellings of the key emergency words put right, "die" meant as
    "dye" too ("die my hair"), and 911 however it is spelled."""
    words = dye_spelled_right(_NINE_ONE_ONE.sub("911", norm)).split()
    for index, word in enumerate(words):
        if word in _SHORT_TYPOS:
            words[index] = _SHORT_TYPOS[word]
        if len(word) < 6 or word in _KEY_WORDS or word in _REAL_WORDS:
            continue
        for key in _KEY_WORDS:
            if _one_edit_apart(word, key):
                words[index] = key
                break
    return " ".join(words)


def crisis_language(spelled: str) -> str | None:
    """ "es" or "en" when the text speaks of suicide or self-harm (the Spanish words first, as
    they decide the language), or of wanting to join someone whose death it tells; None when
    it does not."""
    if pleads := dies_unless_helped(spelled):
        return pleads
    if _any(_CRISIS_ES, _without_fear_of_dying_from_use(spelled)):
        return "es"
    # "me tome todas las pastillas": maybe an attempt, so 988 beside the steps
    if took := took_pills_themselves(spelled):
        return took
    if _any(_CRISIS_EN, spelled) or _says_going_to_die(spelled):
        return "en"
    if twice := despair_said_twice(spelled):
        return twice
    return wants_to_join(spelled) if tells_a_death(spelled) else None


def _without_fear_of_dying_from_use(spelled: str) -> str:
    """The text without "me voy a morir" when it tells of a use: fear of dying from it."""
    if not _USED_ES.search(spelled):
        return spelled
    return _GOING_TO_DIE_ES.sub(" ", spelled)


def wants_to_join(spelled: str) -> str | None:
    """ "es" or "en" when the text says the texter wants to be with someone ("i want to be
    with him"): a crisis once a death was told, in this text or before."""
    if re.search(_JOIN_ES, spelled):
        return "es"
    return "en" if re.search(_JOIN_EN, spelled) else None


def names_an_overdose(spelled: str) -> bool:
    """The text names an overdose in so many words ("overdosed", "OD'd", "sobredosis")."""
    return _any(_OVERDOSE_WORD_EN + _OVERDOSE_WORD_ES + _OVERDOSE_WORD_ANY, spelled)


def told_of_a_day_before_today(spelled: str) -> bool:
    """The text puts what it tells on a day before today ("yesterday", "anoche", "2 days ago"):
    naloxone wears off within hours, so whatever it was is over by now."""
    return _any(_DAY_BEFORE_TODAY, spelled)


def a_sign_still_there(spelled: str) -> bool:
    """A sign of an overdose told as still there now ("hes still not breathing", "now hes
    nodding"), whatever else the text says of the past."""
    # Too much taken is a use told, no sign still there ("i took too much last night").
    spelled = _without(TOO_MUCH_EN + TOO_MUCH_ES, spelled)
    return _any(_STILL_NOW + _EMERGENCY_EN + _EMERGENCY_ES, spelled) or _dying(spelled)


def without_settled_now(spelled: str) -> str:
    """The text without what says the person is all right now ("hes ok now"), which tells of
    no emergency."""
    return _without(_SETTLED_NOW_EN, spelled)


def tells_of_use(spelled: str) -> bool:
    """The text names a drug or a use of one ("used", "took too much", "fume")."""
    return bool(_USED_EN.search(spelled) or _USED_ES.search(spelled))
