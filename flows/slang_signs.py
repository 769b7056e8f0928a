"""Overdose signs in the words of people who use: pressed pills ("blues", "pressed bars",
"m30s"), which are often fentanyl, and someone else nodding out or too sleepy after using ("my
friend is nodding out", "she took a pressed bar and shes so sleepy").

A friend nodding out is an opioid overdose beginning, so these are read as signs
(``flows.emergency``); one's own ("i did 2 blues n cant keep my eyes open") is read as being
about to pass out after using (``flows.urgency``). The same words of a song, a mood or a class
("i did 2 blues songs", "feeling blue", "nodding along", "nodded off in class") are not.
Asking whether they can "sleep it off" is answered beside the steps: sleep is how an overdose
looks. Everything here reads normalised text (``flows.text.normalise``).
"""

from __future__ import annotations

import re

# "Blues" are pressed M30s; "blue" with a thing after it is a colour ("a blue shirt").
# "A blue pill for her blood pressure" is a medicine; "a blue pill for the pain" may not be.
_BLUES = (
    r"(?:blues?|m ?30s?|dirty ?30s?)\b(?! (?:songs?|clues|band|bands|music|album|tracks?"
    r"|concert|show|shirts?|jacket|hoodie|line|car|cheese|jays|moon|sky|eyes|jeans|one|ones"
    r"|pen|pens|bottle|light|lights|water|team|guitar|notes?|records?|riffs?|sets?|jams?"
    r"|standards?|numbers?|covers?|scales?|licks?|bars?|night|fest|festival|brothers)\b)"
    r"(?! pills? for (?:his|her|their|my|your|the|a|an) (?!pain\b))"
)
# "A 30" is an M30, taken; not "a 30 minute nap" nor "a 30 pack".
_THIRTY = (
    r"(?:a|an|one|another|that|his|her|my|\d+|two|three|a couple(?: of)?) (?:30s?|thirty)\b"
    r"(?! (?:minutes?|mins?|min|seconds?|secs?|hours?|hrs?|days?|weeks?|years?|yr|mg|ml|oz"
    r"|percent|dollars?|bucks|pack|packs|rack|piece|pc|pounds?|lbs?|degrees?|of)\b)"
)
# "Pressed bars", "a pressed perc", "pressies".
_PRESSED = r"(?:pressed (?:bars?|percs?|pills?|blues?|oxys?|xans?|xanax|m ?30s?|ones?)|pressies?)\b"
_A_FEW = (
    r"(?:a |an |one |two |three |half (?:a )?|some |another |that |those |these |his |her "
    r"|my |\d+ |a couple (?:of )?|couple |a few |like \d+ )?"
)
_TAKES = r"(?:took|did|popped|ate|snorted|smoked|railed|had)"
# A pressed pill taken, by anyone: "i did 2 blues", "he popped a pressed bar".
TOOK_A_PRESSED_PILL = rf"\b{_TAKES} (?:{_A_FEW}(?:{_BLUES}|{_PRESSED})|{_THIRTY})"

_PEOPLE = (
    r"(?:he|she|they|someone|somebody|friend|son|daughter|brother|sister|boyfriend|girlfriend"
    r"|husband|wife|partner|mom|dad|kid|roommate|guy|girl|man|woman|bf|gf|bro|sis|homie|buddy"
    r"|boy|dude|cousin|uncle|aunt|mother|father|child|nephew|niece|neighbor)"
)
# Someone else, now: "my friend is", "hes", "and shes", "n is", "keeps".
_SOMEONE_IS = (
    rf"(?:\b{_PEOPLE}(?: is| are| s)|\b(?:hes|shes|theyre)"
    r"|\b(?:and|n|now|but) (?:is|hes|shes|theyre|he is|she is|they are))"
)
_SOMEONE_NOW = rf"(?:{_SOMEONE_IS}|\bkeeps|\bstarted)"
_SO = r"(?: (?:really|rly|so|super|very|hella|mad|kinda|like|all|just|still|literally|totally))*"
# A habit or a time before now: "nodding out all the time", "at work every day".
_NOT_NOW = (
    r"(?! (?:a lot|all the time|sometimes|often|every|at (?:work|school|dinner)|in class"
    r"|last|yesterday|earlier)\b)"
)
# Nodding out, said of someone else, now: an emergency with no drug named. "Keeps nodding
# out" alone may tell of a habit ("narcan and test strips, my friend keeps nodding out").
NODDING_OUT = (
    rf"{_SOMEONE_IS}{_SO} (?:nodding|noddin|nodin) out\b{_NOT_NOW}",
    rf"\b{_PEOPLE}(?: is| s)?(?: keeps| started)?{_SO} (?:nodding|noddin|nodin) out "
    r"(?:rn|right now|now|bad|hard|help|pls|please|omg|wtf)\b",
)
# Sleep that may be an overdose: "sleeping really deep", "is just sleeping" (after using).
_SLEEPING_DEEP = (
    r"sleeping(?: (?:really|rly|so|super|very|too))* (?:deep|deeply|hard|heavy|heavily)"
    r"|(?<=\bjust )sleeping"
)
# Too sleepy to be only tired, said of someone else now: a sign once a drug is told.
_SLEEPY = (
    rf"{_SOMEONE_NOW}{_SO} (?:nodding|noddin|nodin|sleepy|drowsy|dozing|falling asleep"
    rf"|fallin asleep|out of it|barely awake|nodding off|zonked|fading|{_SLEEPING_DEEP})\b"
    r"(?! (?:along|yes|no|his head|her head|at|in agreement|to)\b)" + _NOT_NOW,
    rf"\b(?:{_PEOPLE}|hes|shes|and|n)(?: just| now)? (?:cant|can not|cannot|couldnt|wont) "
    r"(?:stay awake|keep (?:his|her|their) eyes open)\b",
)
# Opioids and benzos by name. Not "fent tests" nor "fentanyl test strips", which check for it.
_DRUG_NAMES = (
    r"(?:perc|percs|percocets?|oxys?|roxys?|fetty|heroin|tranq|xanax|xann(?:y|ys|ie|ies)"
    r"|benzos?|kpins?|methadone|morphine|dilaudid"
    r"|fent\w*\b(?! (?:tests?|testing|test strips?|strips?|test kits?|kits?)\b))"
)
# A use said plainly: "he used", "she used and", "used fent", "shot up an hour ago", "i used can
# i sleep it off". Not "used to be", "used the bathroom", "banged his head", "got fired" nor "a
# shot of vodka".
_USE_TOLD = (
    r"(?:used|shot up|banged|(?<!got )(?<!get )(?<!was )(?<!been )fired|did a shot|did a line)"
    r"(?: (?:some|a little|a lot|more|too much))?(?:$| (?:and|n|but|then|now|again|earlier|today"
    r"|tonight|last|this|before|just|too|alone|in|at|with|w|by|while|when|after|so|cuz|because"
    r"|an hour|a while|a bit|\d+ \w+ ago|\w+ hours? ago|can|could|should|will|is|does|do"
    r"|what|how|im|hes|shes|theyre|he|she|they|i|pls|please|help|omg)\b"
    rf"| {_A_FEW}(?:of )?(?:{_DRUG_NAMES}|dope|coke|cocaine|crack|meth|h|bags?|points?|stamps?"
    r"|buns?|pills?|shots?|hits?|lines?|blues?|bars?|xans?)\b)"
)
# A drug told beside it: a pressed pill, an opioid, or a use said plainly. Words with other
# meanings ("bars", "dope", "xans") count only taken: "we were at the bars" is a night out.
_A_DRUG = (
    rf"(?:{TOOK_A_PRESSED_PILL}|\b{_DRUG_NAMES}\b"
    rf"|\b{_TAKES} {_A_FEW}(?:bars?|xans?|dope)\b"
    rf"|\b{_USE_TOLD})"
)
# Drowsy on a dose a doctor gave is no sign to answer with 911: "sleepy after her surgery".
_PRESCRIBED = r"(?!.*\b(?:surgery|prescribed|prescription|doctor|dentist|script)\b)"
# Asked whether someone can sleep off a drug: "can he sleep it off he did a blue".
_SLEEP_OFF_ASKED = (
    rf"\b(?:{_PEOPLE}|him|her|them)(?: \w+){{0,2}} sleep (?:it|this|that) off\b",
    r"\b(?:let|leave) (?:him|her|them|my \w+)(?: just)? sleep\b",
)
SLEEPY_AFTER_A_DRUG = tuple(
    rf"^{_PRESCRIBED}(?=.*{_A_DRUG}).*{sleepy}" for sleepy in _SLEEPY + _SLEEP_OFF_ASKED
)

_SLEEP_IT_OFF = re.compile(
    r"\bsleep (?:it|this|that) off\b|\b(?:let|leave) (?:him|her|them|my \w+|\w+)(?: just)? sleep\b"
    rf"|\b(?:{_SLEEPING_DEEP})\b"
)


def asks_to_sleep_it_off(spelled: str) -> bool:
    """The text asks whether someone may "sleep it off" ("can he just sleep it off", "should
    i let her sleep") or tells of sleep that may be an overdose ("shes sleeping really deep")."""
    return bool(_SLEEP_IT_OFF.search(spelled))


def names_a_drug(spelled: str) -> bool:
    """A pressed pill, an opioid or a use told ("i did a blue", "some fent"); never a drink."""
    return bool(re.search(_A_DRUG, spelled))
