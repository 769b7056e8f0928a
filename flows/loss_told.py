"""A text that tells of a death: "my son died", "he passed last year", "the overdose that
killed my son", "i found my son dead", "mi hijo falleció".

Narrower than ``flows.emergency._PAST_LOSS``, which only has to keep overdose words of a past
death from sounding the alarm: here a match gets condolences, so a son who is alive must never
get them. Not a death: what nearly happened or is feared ("almost died", "scared he will die",
"casi murió"), "passed out" or "passed my test", a dead phone, a pet or a plant ("the dog
died", "se me murio el celular"), a lost job, figures ("overdose deaths"), "scared to death",
"i died laughing", a death undone ("he died but they brought him back").
"""

from __future__ import annotations

import re

from flows.text import normalise

# A death only nearly, maybe or not yet: the words up to three after these are left out.
_NOT_SO = re.compile(
    # "close to dying", not "someone close to me died"
    r"\b(?:almost|nearly|practically|close to(?! (?:me|us|him|her|them|my|our)\b)"
    r"|could have|could of|couldve|might have|may have"
    r"|would have|wouldve|thought|think|scared|afraid|worried|terrified|if|will|wont|gonna"
    r"|going to|want|wanted|wish|casi|por poco|pense|miedo)"
    r"(?: \w+){0,3}? (?:died|die|dead|passed|murio|muera|muerto|muerta|fallecio)\b"
    # "Creo que mi hermano esta muerto", as "i think my brother is dead": "que" is one word more.
    r"|\bcreo(?: que)?(?: \w+){0,3}? (?:murio|muerto|muerta|fallecio)\b"
    # "i almost died", not "someone i know died".
    r"|(?<!someone )(?<!somebody )(?<!person )(?<!friend )\bi (?:\w+ )?died\b|\bto death\b"
    # Deaths of a manner of speaking: "he died laughing", "dead asleep", "muerto de hambre".
    r"|\bdied laughing\b|\bdead (?:asleep|drunk|broke|sober|serious|tired|last|center|even"
    r"|weight|wrong|set|end)\b"
    r"|\bmuert[oa]s? de (?:hambre|risa|sueno|cansancio|miedo|frio|calor|verguenza)\b",
)
# What dies and is no person: a pet, a plant, a phone, a car, a project. "My phone died", "the
# dog died", "my cat passed away", "mi perro se murio", and the Spanish verb first: "se me murio
# el celular", "se murio mi telefono". The words are left out before a death is looked for.
_THINGS = (
    r"(?:phones?|battery|batteries|cell|celly|cars?|truck|laptop|charger|computer|tablet|ipad"
    r"|screen|engine|wifi|internet|signal|tv|fridge|bike|motorcycle|van|jeep|scooter|project"
    r"|plan|idea|dream|vibe|party|show|series|account|game|song|meme|trend"
    r"|dogs?|cats?|puppy|puppies|kitten|kittens|kitty|pets?|fish|goldfish|hamster|gerbil"
    r"|guinea pig|bird|parrot|parakeet|rabbit|bunny|turtle|lizard|snake|horse|chickens?"
    r"|plants?|flowers?|trees?|garden|lawn|grass|tomatoes|it"
    r"|celular|cel|telefono|bateria|pila|carga|carro|guagua|motora|moto|computadora|nevera"
    r"|proyecto|perr[oa]s?|perrit[oa]s?|gat[oa]s?|gatit[oa]s?|mascotas?|pez|peces|pajarit?o"
    r"|conejo|tortuga|caballo|gallinas?|plantas?|planta|matas?|flores|arbol|jardin)"
)
_DIES = (
    r"(?:just |finally |already |recently |suddenly |also )?(?:died|has died|had died|is dead"
    r"|was dead|went dead|been dead|dead|passed away|passed on|passed|murio|se murio|se me murio"
    r"|se nos murio|se le murio|fallecio|se fue)"
)
_NOT_A_PERSON = re.compile(
    rf"\b{_THINGS}(?: (?:ya|has|is|was|had|battery|bateria))? {_DIES}\b"
    r"|\b(?:se (?:me |le |nos |te |les )?)?(?:murio|murieron|fallecio|apago) "
    r"(?:(?:el|la|los|las|mi|mis|su|sus|tu|nuestro|nuestra) )?(?:\w+ )??" + _THINGS + r"\b"
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
    r"|loved one|family member|relative)"
)
_DEATH = re.compile(
    r"\b(?:died|has died|have died|had died"
    rf"|(?:he|she|they|who|that|{_KIN}) (?:just |recently |suddenly )?{_PASSED}"
    rf"|passed away|(?:found|find) {_WHO} dead"
    rf"|(?:he|she|they|hes|shes|theyre|{_KIN}) (?:is |was |s |are |were |has been |had been )?"
    r"dead\b(?! (?:to|tired|end|set|serious|wrong|inside))"
    rf"|killed {_WHO}|killed (?:himself|herself|themselves)|took (?:his|her|their) (?:own )?life"
    r"|buried|bury (?:my|our|him|her)|funeral|memorial service|obituary|wake was|grief"
    r"|grieving|bereaved|bereavement|mourning|in heaven now|rest in peace|didnt make it$"
    r"|(?:his|her|their|the) death\b(?! (?:penalty|threats?|wish|rates?|toll|metal|grip|trap))"
    r"|death of my|been dead for|dead for (?:hours|days|a day|a few|a couple|\d+)"
    r"|would (?:have|of) (?:been|turned) \d+"
    # Spanish
    r"|murio|fallecio|se nos fue|esta muert[oa]|encontre muert[oa]"
    r"|l[oa] encontre muert[oa]|su muerte|la muerte de|funeral|velorio|entierro|duelo|luto"
    r"|descanse en paz|en paz descanse)\b"
)


# Lost to what takes the living too: "lost my son to his addiction", "to the streets", "a
# las drogas". Said with no death word, a parent is often grieving someone still alive.
_TO_THE_LIVING = (
    r" (?:to|a|por|en) (?:his |her |their |the |la |las |los |su |sus )?(?:addiction|drugs?"
    r"|drug use|streets?|meth|crack|alcohol|drinking|pills|adiccion|drogas?|calle|alcohol)\b"
)
# "Lost" as a death: "lost my brother", "lost him to an overdose", "perdi a mi hijo".
_LOST = re.compile(
    r"\b(?:lost (?:him|her|them)\b(?! (?:at|in the|on the|number|phone|keys|wallet|job|way"
    r"|mind|temper|trust|stuff|car|bag|charger|money|somewhere|for a)\b)"
    rf"(?!{_TO_THE_LIVING})"
    rf"|lost (?:my|our|a) (?:best |little |big |baby |only |oldest |youngest |close |dear )?"
    rf"{_KIN}\b(?! (?:in the|at the))(?!{_TO_THE_LIVING})"
    # "i lost someone close to me", "lost somebody i love"
    rf"|lost (?:someone|somebody)\b(?!(?: \w+){{0,5}}?{_TO_THE_LIVING})"
    r"|lost(?: \w+){1,5} to (?:an? )?(?:overdoses?|ods?|fentanyl|heroin|suicide)"
    r"|(?:perdi|perdimos) a(?! mi (?:celular|telefono|trabajo|cartera|perro|gato)\b)"
    r" (?:(?:mi|mis|nuestro|nuestra|su) \w+|(?!mi\b|mis\b|nuestro\b|nuestra\b|su\b)\w+)\b"
    rf"(?!{_TO_THE_LIVING}))"
)
# Signs the one "lost" is alive: "hes been on the streets", "wont talk to me", "still using".
_ALIVE = re.compile(
    r"\b(?:(?:he|she|they)(?: is| are|s|re)? (?:still |been |now |currently |living )*"
    r"(?:using|alive|homeless|on the streets?|living|in jail|in prison|in rehab|in detox"
    r"|out there|missing)"
    r"|(?:wont|doesnt|dont|will not|does not|refuses to) (?:even )?(?:talk|speak|answer|call"
    r"|text|come home|see)|still using|on the streets?|sigue usando|vive en|no me habla"
    r"|esta viv[oa]|en la calle)\b"
)


# A death believed, told with when, where else or whose fault: "i think my dad died when i was
# a kid", "creo que mi hermano murio en marzo", "... en la carcel", "... and its my fault".
# Not one believed alone ("i think my brother died"), which may be an overdose found now.
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre)"
)
_BELIEVED_AND_TOLD = re.compile(
    r"\b(?:think|guess|creo|pienso)(?: that| que)?(?: \w+){0,3}?"
    r"(?<!almost)(?<!nearly)(?<!casi)(?<!por poco)"
    r" (?:died|passed away|passed|murio|se murio|se nos murio|se me murio|fallecio)"
    r" (?:when|cuando|(?:in|en) (?:(?:19|20)\d\d|" + _MONTHS + r"|jail|prison|the hospital"
    r"|hospital|an accident|the war|la carcel|la prision|el hospital|un accidente|la guerra)"
    r"|(?:\w+ ){1,3}(?:years?|months?|weeks?) ago|hace (?:\w+ ){0,3}?(?:anos?|mes|meses"
    r"|semanas?|mucho|poco|tiempo)|last (?:year|month|week|spring|summer|fall|winter)"
    r"|el (?:ano|mes) pasado|and (?:its|it is|it was) my fault|because of me"
    r"|y (?:es|fue) (?:mi|por mi) culpa|por mi culpa)\b"
)


# A death undone: "he was dead for 2 min but they brought him back", "he died and came back",
# "murio pero lo revivieron". Said of the same person right after the death word, so not "my
# dad died and i came back for the funeral", "... the pain came back", "... volvio a usar".
_REVIVED = (
    r"(?:(?:brought|bring|got) (?:him|her|them|\w+) back\b(?! (?:home|here|from|to (?!life))\b)"
    r"|(?:he|she|they|and|but|then|y|pero|el|ella) came back\b"
    r"(?! (?:home|here|from|for|over|around|with|to (?!life))\b)"
    r"|revived (?:him|her|them|my \w+)|(?:was|were|got|been|be) (?:revived|resuscitated)"
    r"|resuscitated (?:him|her|them)|back to life"
    r"|(?:l[oa]s?|le) (?:revivieron|revivio|resucitaron|resucito|trajeron de vuelta"
    r"|regresaron)|(?:revivio|resucito|volvio a la vida)"
    r"|(?:y|pero|el|ella) volvio\b(?! (?:a|al|de|del|para|con|otra|la)\b))\b"
)
_DEATH_UNDONE = re.compile(
    r"\b(?:died|dead|passed|murio|se murio|muert[oa]|fallecio)\b(?: \w+){0,8}? " + _REVIVED
)


def brought_back(text: str) -> bool:
    """The text tells of a death undone by a revival ("they brought him back"): no death."""
    return bool(_DEATH_UNDONE.search(normalise(text)))


def tells_a_death(text: str) -> bool:
    """The text tells of someone's death, not one nearly happened or feared, nor one undone by
    a revival. "Lost" alone is a death only without a sign the person is alive ("hes still
    using")."""
    norm = _DEATH_UNDONE.sub(" ", _NOT_A_PERSON.sub(" ", normalise(text)))
    if _BELIEVED_AND_TOLD.search(norm):
        return True
    words = " ".join(_NOT_SO.sub(" ", norm).split())
    if _DEATH.search(words):
        return True
    return bool(_LOST.search(words)) and not _ALIVE.search(words)


# "hes gone" and no more, said of the one a request was about: a death. With more words it
# may be that they left ("hes gone again, left at 2am"), so those are read as usual.
_GONE_ALONE = re.compile(
    r"^(?:hes|shes|theyre|he is|she is|they are|he s|she s|my \w+ is|my \w+s) (?:really "
    r"|already |just )?gone(?: now| forever)?$"
)


def tells_a_death_since_asking(text: str) -> bool:
    """The text tells of a death, after a request for someone's help: "hes gone" alone too."""
    return tells_a_death(text) or bool(_GONE_ALONE.match(normalise(text)))


_LOST_WORD = re.compile(r"\b(?:lost|perdi|perdimos)\b")
_LOST_TO_THE_LIVING = re.compile(
    rf"\b(?:lost (?:him|her|them|(?:my|our) (?:\w+ )?\w+)|(?:perdi|perdimos) a (?:mi |mis "
    rf"|nuestro |nuestra )?\w+){_TO_THE_LIVING}"
)


def lost_to_the_living(text: str) -> bool:
    """ "Lost" said of someone alive: "i lost my son to his addiction", or "lost" beside a
    sign they live ("hes still using"), with no death told."""
    words = " ".join(_NOT_SO.sub(" ", _NOT_A_PERSON.sub(" ", normalise(text))).split())
    if _DEATH.search(words) or not _LOST_WORD.search(words):
        return False
    return bool(_LOST_TO_THE_LIVING.search(words) or _ALIVE.search(words))


def without_lost(text: str) -> str:
    """The text with "lost" and "perdi" left out, for words read as options."""
    return _LOST_WORD.sub(" ", normalise(text))


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
