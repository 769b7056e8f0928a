"""A text that tells of a death: "my son died", "he passed last year", "the overdose that
killed my son", "i found my son dead", "mi hijo falleció".

Narrower than ``flows.emergency._PAST_LOSS``, which only has to keep overdose words of a past
death from sounding the alarm: here a match gets condolences, so a son who is alive must never
get them. Not a death: what nearly happened or is feared ("almost died", "scared he will die",
"casi murió"), "passed out" or "passed my test", a dead phone, a lost job, figures ("overdose
deaths"), "scared to death", "i died laughing".
"""

from __future__ import annotations

import re

from flows.text import normalise

# A death only nearly, maybe or not yet: the words up to three after these are left out.
_NOT_SO = re.compile(
    r"\b(?:almost|nearly|practically|close to|could have|could of|couldve|might have|may have"
    r"|would have|wouldve|thought|think|scared|afraid|worried|terrified|if|will|wont|gonna"
    r"|going to|want|wanted|wish|casi|por poco|pense|miedo)"
    r"(?: \w+){0,3}? (?:died|die|dead|passed|murio|muera|muerto|muerta|fallecio)\b"
    r"|\bi (?:\w+ )?died\b|\bto death\b"
    # Things that die, and deaths of a manner of speaking: "my phone died", "mi celular se
    # murió", "he died laughing", "dead asleep", "muerto de hambre".
    r"|\b(?:phone|battery|cell|celly|car|truck|laptop|charger|computer|tablet|ipad|screen"
    r"|engine|wifi|internet|signal|celular|telefono|bateria|carro)(?: \w+)?? "
    r"(?:just |finally |already )?(?:died|is dead|was dead|went dead|dead|murio|se murio"
    r"|se me murio)\b"
    r"|\bdied laughing\b|\bdead (?:asleep|drunk|broke|sober|serious|tired|last|center|even"
    r"|weight|wrong|set|end)\b"
    r"|\bmuert[oa]s? de (?:hambre|risa|sueno|cansancio|miedo|frio|calor|verguenza)\b",
)
_WHO = (
    r"(?:him|her|them|my (?:\w+ )?\w+|our (?:\w+ )?\w+|his (?:\w+ )?\w+|her (?:\w+ )?\w+"
    r"|a (?:son|daughter|child|kid|friend|brother|sister|loved one))"
)
# Passed something up, not died: "he passed on treatment", "passed on it".
_PASSED_UP = r" (?:the|it|that|this|a|my|treatment|rehab|detox|help|going|coming)\b"
_PASSED = (
    rf"passed(?: away| on\b(?!{_PASSED_UP})| (?:from|of|in|on(?!{_PASSED_UP})|at|last|this"
    r"|yesterday|today|recently|suddenly|unexpectedly|due|after|because|before|when|while"
    r"|and|but|so|\d+|one|two|three|four|five|six|seven|eight|nine|ten|a (?:year|month|week"
    r"|few|couple|while)|an? hour|the other|over (?:a|\d)|peacefully|alone)\b|$)"
)
_KIN = (
    r"(?:son|daughter|child|kid|baby|brother|sister|husband|wife|partner|boyfriend|girlfriend"
    r"|mom|mother|dad|father|friend|cousin|nephew|niece|grandson|granddaughter|fiance|fiancee"
    r"|loved one)"
)
_DEATH = re.compile(
    r"\b(?:died|has died|have died|had died"
    rf"|(?:he|she|they|who|that|{_KIN}) (?:just |recently |suddenly )?{_PASSED}"
    rf"|passed away|(?:found|find) {_WHO} dead"
    rf"|(?:he|she|they|hes|shes|theyre|{_KIN}) (?:is |was |s |are |were |has been |had been )?"
    r"dead\b(?! (?:to|tired|end|set|serious|wrong|inside))"
    rf"|killed {_WHO}|killed (?:himself|herself|themselves)|took (?:his|her|their) (?:own )?life"
    r"|lost (?:him|her|them)\b(?! (?:at|in the|on the|number|phone|keys|wallet|job|way|mind"
    r"|temper|trust|stuff|car|bag|charger|money|somewhere|for a)\b)"
    rf"|lost (?:my|our|a) (?:best |little |big |baby |only |oldest |youngest )?{_KIN}\b"
    r"(?! (?:in the|at the))"
    r"|lost(?: \w+){1,5} to (?:an? )?(?:overdoses?|ods?|fentanyl|heroin|drugs|addiction)"
    r"|buried|bury (?:my|our|him|her)|funeral|memorial service|obituary|wake was|grief"
    r"|grieving|bereaved|bereavement|mourning|in heaven now|rest in peace|didnt make it$"
    r"|(?:his|her|their|the) death\b(?! (?:penalty|threats?|wish|rates?|toll|metal|grip|trap))"
    r"|death of my"
    r"|would (?:have|of) (?:been|turned) \d+"
    # Spanish
    r"|murio|fallecio|se nos fue|perdi a(?! mi (?:celular|telefono|trabajo|cartera|perro|gato)\b)"
    r"|perdimos a|esta muert[oa]|encontre muert[oa]"
    r"|l[oa] encontre muert[oa]|su muerte|la muerte de|funeral|velorio|entierro|duelo|luto"
    r"|descanse en paz|en paz descanse)\b"
)


def tells_a_death(text: str) -> bool:
    """The text tells of someone's death, not one nearly happened or feared."""
    words = _NOT_SO.sub(" ", normalise(text))
    return bool(_DEATH.search(" ".join(words.split())))


# The texter's own use, said beside a death: "my son died 6 months ago and i relapsed".
_USES_AGAIN = re.compile(
    r"\b(?:i (?:relapsed|started using|am using|keep using|use|been using|ve been using"
    r"|have been using|cant stop using|overdosed|need detox)|im using|im addicted|recai"
    r"|volvi a usar|estoy usando)\b"
)


def uses_again(text: str) -> bool:
    """The text says the texter uses or relapsed (beside a death it tells)."""
    return bool(_USES_AGAIN.search(normalise(text)))


# Missing someone, said to a question of family support: "i just miss him so much", "lo
# extraño mucho". Tells of no death (a loved one may be alive and away), so no condolences.
_MISSES = re.compile(
    r"\b(?:i (?:just |really |still |so |do )*miss|(?:im|i am) (?:just |really |so )*missing|"
    r"^missing) (?:him|her|them|my (?:\w+ )?\w+|our (?:\w+ )?\w+)\b"
    r"|\b(?:(?:yo )?(?:lo|la|los|las) (?:extrano|echo de menos)|extrano (?:a|mucho a) (?:mi|mis|"
    r"el|ella)\b)"
)
_MISSED_THINGS = re.compile(r"\b(?:call|calls|appointment|bus|ride|dose|meeting|text|texts)\b$")


def misses_someone(text: str) -> bool:
    """The text tells of missing someone, not a missed call or appointment."""
    norm = normalise(text)
    found = _MISSES.search(norm)
    return found is not None and not _MISSED_THINGS.search(found.group(0))
