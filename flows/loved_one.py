"""A text that names a loved one as the one who needs help.

"i need help getting my son into detox" asks for the son: the texter is a family member, and a
self-referral would send the team to them about detox they never asked for. The menu's words
alone cannot tell, as "i need help" is longer than "my son"; these shapes can:

- care aimed at them: "rehab for my daughter", "a recovery coach for my brother",
  "tratamiento para mi hijo";
- getting them to it: "get my husband into treatment", "llevar a mi hija a desintoxicación";
- them needing, using or in withdrawal: "my mom needs detox", "my son is using", "mi hijo está
  usando", "my son is dope sick";
- help with them: "help me with my son", "help me help my husband", "ayúdame con mi hijo"
  ("help me" alone is the texter's own).

- "him" or "her" got to care, or "he" or "she" going: "can you make him go to rehab", "i want
  him in treatment", "does he have to agree to go to treatment";
- what a parent finds of theirs: "found needles in my sons room", "found narcan in his car",
  "encontre agujas en el cuarto de mi hijo" (finding naloxone is no ask for it).

Words between "my" and who are read through ("my addict son", "my 24 year old son", "my
adult daughter", "my stepson"), as parents write them.

What must not count: the loved one as a reason or a bystander ("detox for my kids", "my son
drove me", "my wife needs me to go to rehab", "my mom kicked me out", "staying at my moms
house and i need detox"), nor "he" who helps the texter ("he can get me into detox", "he said
i should go to rehab").
"""

from __future__ import annotations

import re

from flows.text import normalise

# One loved one, never a plural: "for my kids" is far more often why a person seeks help.
# Friends as friends name each other count too: "my buddy", "my homie", "my bro"; "my boy" and
# "my girl" may be a friend, a partner or a child, a loved one whichever.
_WHO = (
    r"(?:best )?(?:son|sun|daughter|kid|child|husband|wife|partner|boyfriend|girlfriend|bf|gf|"
    r"fiance|fiancee|brother|sister|mom|mother|mum|dad|father|cousin|nephew|niece|grandson|"
    r"granddaughter|friend|roommate|buddy|homie|homey|homeboy|homegirl|bro|dude|boy|girl|cuz"
    r"|bestie|bff|bestfriend)"
)
# The same, for other readers ("does my son have to know").
LOVED_ONE = _WHO
_QUIEN = (
    r"(?:hijo|hija|esposo|esposa|marido|pareja|novio|novia|hermano|hermana|mama|madre|papa|"
    r"padre|primo|prima|nieto|nieta|sobrino|sobrina|amigo|amiga|pana|panita|nena|nene|jevo|jeva)"
)
_CARE = (
    r"(?:help|treatment|detox|rehab|recovery coach|coach|counseling|counselor|therapy|program|"
    r"bed|meds|medication|suboxone|methadone|support)"
)
QUERIDO = _QUIEN
# What parents put between "my" and who: "addict son", "24 year old son", "adult daughter".
_SORT = (
    r"(?:\w+ (?:year|yr)s? old|\d+ ?(?:yo|y o|yr old)|adult|grown|addict|addicted|drug addicted"
    r"|teenage|teen|young|younger|youngest|little|older|oldest|big|baby|only|estranged|ex)"
)
_MY = rf"my (?:{_SORT} ){{0,2}}(?:step ?)?{_WHO}"
# "Him" or "her" got to care: "make him go to rehab", "want her in treatment".
_THEM_TO_CARE = (
    r"(?:make|get|getting|gettin|got|take|taking|bring|send|convince|force|push|put|want"
    r"|help|helping) (?:him|her) (?:(?:to|go|get|into|in|in2|2|a|an|some|the|back|try"
    rf"|start|accept|agree|enter) ){{0,4}}{_CARE}\b"
)
# "He" or "she" who must, will not or may be made to go to care, no "i" or "me" between:
# "does he have to agree to go to treatment", "she wont go to detox"; not "he said i should
# go to rehab", nor an update after a request ("he wants to go to detox").
_THEY_TO_CARE = (
    r"\b(?:(?:does|do|will|would|can|could|should|must|how) (?:he|she)|(?:he|she) (?:wont"
    r"|doesnt|dont|cant|refuses|refused|will not|does not|would not|wouldnt|needs|has|have"
    r"|should|must|isnt|is not)) (?:(?!i\b|me\b|im\b|my\b)\w+ ){0,4}?(?:go|get|enter|accept|try)"
    rf" (?:(?:to|into|in|a|an|some|the|back) ){{0,2}}{_CARE}\b"
)
# Found in a loved one's things: "found needles in my sons room" (a possessive, apostrophe
# dropped), "found narcan in his car", "encontre agujas en el cuarto de mi hijo"; "my moms
# house" alone is where the texter may stay.
_THINGS = (
    r"(?:room|bedroom|car|truck|bag|backpack|pocket|pockets|stuff|things|phone|drawer|closet"
    r"|bathroom|jacket|coat|wallet|purse)"
)
_COSAS = (
    r"(?:cuarto|recamara|habitacion|dormitorio|carro|coche|auto|camioneta|mochila|bolsa|bolso"
    r"|bolsillo|bolsillos|cosas|telefono|celular|cajon|closet|armario|bano|chaqueta|cartera)"
)
_IN_THEIRS = rf"(?:in|on|under|inside) (?:{_MY}s|his|her|their) {_THINGS}\b"
_EN_SUS = rf"(?:en|dentro de|debajo de) (?:(?:el|la|los|las) {_COSAS} de mi {_QUIEN}|su {_COSAS})\b"
_FOUND_IN_THEIRS = (
    rf"\b(?:found|find|finding|saw|see) (?:\w+ ){{0,4}}?{_IN_THEIRS}"
    rf"|\b(?:encontre|encontramos|halle|vi) (?:\w+ ){{0,4}}?{_EN_SUS}"
)
_CUIDADO = (
    r"(?:ayuda|tratamiento|desintoxicacion|detox|rehab|rehabilitacion|programa|centro|"
    r"consejero|terapia|apoyo|coach de recuperacion|coach)"
)
_SHAPES = re.compile(
    rf"\b{_CARE} (?:for|4) {_MY}\b"
    rf"|\b(?:get|getting|gettin|got|take|taking|bring|send|convince|make|force) {_MY} "
    rf"(?:into|in|in2|to|2|some|go)\b"
    rf"|\b(?:someone|somebody|anyone|you) (?:\w+ )?(?:talk|speak) (?:to|with) {_MY}\b"
    rf"|\bhelp (?:me |us )?(?:with|w|help) (?:my|our) (?:{_SORT} ){{0,2}}(?:step ?)?{_WHO}\b"
    rf"|\b{_THEM_TO_CARE}|{_THEY_TO_CARE}|{_FOUND_IN_THEIRS}"
    rf"|\b{_MY} (?:wants|want|is trying|tryna) (?:to )?(?:go|get) (?:(?:to|into|in|a|an|some"
    rf"|the|back|on) ){{0,2}}{_CARE}\b"
    rf"|\b{_MY} (?:needs (?!me\b|us\b)|need (?!me\b|us\b)|is using|keeps using|"
    rf"has been using|is addicted|relapsed|is in active|is dope ?sick|is withdrawing|"
    rf"is in withdrawal|is going through withdrawal)"
    rf"|\b{_CUIDADO} (?:\w+ )?(?:para|con) mi {_QUIEN}\b"
    rf"|\b(?:llevar|llevo|meter|internar|convencer) a mi {_QUIEN}\b"
    rf"|\b(?:ayudame|ayudeme|ayudenme|ayudanos|ayudenos) (?:con|a ayudar a) (?:mi|nuestro|nuestra) "
    rf"{_QUIEN}\b"
    rf"|\bmi {_QUIEN} (?:necesita (?!que yo\b)|esta usando|sigue usando|usa|consume|recayo|"
    rf"es adict|esta enferm[oa] sin la droga|esta en abstinencia)"
)


def for_a_loved_one(text: str) -> bool:
    """The text asks for help for a loved one it names, not for the texter."""
    return bool(_SHAPES.search(normalise(text)))


# What was found, the words between the finding and where: "narcan and a needle".
_WHAT_WAS_FOUND = re.compile(
    rf"\b(found|find|finding|saw|see) (?:\w+ ){{1,4}}?(?={_IN_THEIRS})"
    rf"|\b(encontre|encontramos|halle|vi) (?:\w+ ){{1,4}}?(?={_EN_SUS})"
    # Named before the finding: "the narcan i found in my sons room", "el narcan que encontre
    # en el cuarto de mi hijo".
    r"|\b(?:narcan|naloxone|naloxona)(?: kit| spray)? (?:that |which |que )?(?:i |we )?"
    rf"(?=(?:found|encontre|encontramos|halle) (?:{_IN_THEIRS}|{_EN_SUS}))"
)


def what_was_found(norm: str) -> list[str]:
    """The words of what the text tells was found in a loved one's things ("narcan and a
    needle"), one entry a finding."""
    return [m.group(0) for m in _WHAT_WAS_FOUND.finditer(norm)]


def without_what_was_found(norm: str) -> str:
    """Normalised text without what it tells was found in a loved one's things ("i found
    narcan in his car" is "i found in his car"): naloxone found there is a worry, not an ask
    for naloxone nor for learning about it."""
    return _WHAT_WAS_FOUND.sub(lambda m: f"{m.group(1) or m.group(2) or ''} ", norm)
