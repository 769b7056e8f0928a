"""Questions about naloxone, not where to get it: "how do i use narcan", "can you mail me
narcan", "does narcan work on alcohol", "how many doses", "does it work on tranq", "do i need
narcan if i only smoke meth". Each is answered before the finder's question, so the person
learns what they asked and can still get naloxone nearby; asked at that question, "it" is the
naloxone searched for.

Only facts the program stands behind are answered (the wording of the 911 steps; that naloxone
is still given where tranq may be, as fentanyl is in most of the supply; that a person who uses
only stimulants carries it and tests with fentanyl strips, as fentanyl turns up there too); a
question about anything else ("does narcan expire", "do i need a prescription") is left a search.
"""

from __future__ import annotations

import re

# How to give it: "how do i use narcan", "how to give naloxone", "cómo se usa la naloxona".
_USE_EN = re.compile(
    r"(?:^| )how (?:(?:do|does|would|should|can|could|to|2) )?(?:(?:i|you|u|we|one|someone) )?"
    r"(?:use|give|administer|spray)(?= |$)(?! back| up| away)"
)
_USE_ES = re.compile(
    r"(?:^| )como (?:(?:se|le|lo|la) )?(?:usa|uso|usar|usarla|usarlo|utiliza|utilizo|utilizar|"
    r"da|doy|dar|aplica|aplico|aplicar|administra|administro|administrar|pone|pongo|poner)"
    r"(?= |$)"
)
# Asked for the steps in other words: "how do i narcan someone", "what do i do with narcan",
# "instructions for narcan", "instrucciones de narcan". Not "how do i get narcan" (a search),
# nor what to do with naloxone that is expired, old or used up.
_STEPS_EN = re.compile(
    r"(?:^| )how (?:(?:do|would|should|can|could) (?:i|you|u|we|one) |to |2 )"
    r"(?:narcan|naloxone)(?= |$)|"
    r"(?:^| )what (?:do|should|would|can) (?:i|you|u|we|one) do with(?= |$)"
    r"(?! (?:(?:the|my|an?|some|this|that) )?(?:old|used|empty)(?= |$))"
    r"(?!.* (?:expired|expires|expire|expiration)(?= |$))|"
    r"(?:^| )instructions?(?= |$)"
)
_STEPS_ES = re.compile(
    r"(?:^| )(?:instrucciones|instruccion)(?= |$)|"
    r"(?:^| )que (?:hago|hacemos|se hace) con(?= |$)"
    r"(?!.* (?:vencid[oa]s?|caducad[oa]s?|usad[oa]s?|viej[oa]s?|se vencio)(?= |$))"
)
# How many doses: "how many doses do i need", "cuántas dosis". The steps say when a 2nd.
_DOSES_EN = re.compile(
    r"(?:^| )how (?:many|much) (?:doses?|sprays?|times)(?= |$)|"
    r"(?:^| )(?:give|use|do|need) (?:a |an )?(?:second|2nd|another) (?:dose|spray)(?= |$)"
)
_DOSES_ES = re.compile(r"(?:^| )cuantas (?:dosis|veces)(?= |$)")
# Sent by mail: "can you mail me narcan", "narcan by mail", "me pueden enviar naloxona".
_MAIL_EN = re.compile(
    r"(?:^| )(?:mail|mailed|mailing|by mail|in the mail|mail order|ship|shipped|shipping|"
    r"send me|send it|send some|sent to me|deliver|delivered|delivery)(?= |$)"
)
_MAIL_ES = re.compile(
    r"(?:^| )(?:por correo|correo|enviar|envien|envian|enviarme|mandar|manden|mandan|mandarme|"
    r"a domicilio|a mi casa)(?= |$)"
)
# What it does not reverse, asked about: "does narcan work on alcohol", "reverse benzos".
_WORKS = re.compile(
    r"(?:^| )(?:work|works|reverse|reverses|funciona|funcionan|revierte|revierten|sirve)(?= |$)"
)
_NOT_REVERSED = re.compile(
    r"(?:^| )(?:benzos?|benzodiazepines?|benzodiacepinas?|xanax|xannies|klonopin|valium|"
    r"ativan|alcohol|drinking|drunk|booze|liquor|alcohol poisoning)(?= |$)"
)
# Tranq (xylazine), asked about: "does it work on tranq". Not "tranq strips" (a supply).
_TRANQ = re.compile(r"(?:^| )(?:tranq|tranqs|xylazine|xilacina|xylacina)(?= |$)(?! strips?\b)")
# Asked whether it is needed for stimulants: "do i even need narcan if i only smoke meth", "do i
# need test strips for crack", "necesito narcan si solo uso cristal". Not a search that names
# one ("narcan for my brother he uses crack", "where can i get test strips for meth").
_NEEDED_EN = re.compile(
    r"(?:^| )(?:do|does|would|should|will|must) (?:i|we|you|u|one|someone|they)(?: even| really|"
    r" still)? (?:need|carry|have|get|use|keep|bother)(?= |$)|(?:^| )(?:is|r|are) (?:it|they) "
    r"(?:needed|worth it)(?= |$)|(?:^| )(?:need|needed) (?:it |them |one )?if(?= |$)"
)
_NEEDED_ES = re.compile(
    r"(?:^| )(?:necesito|necesita|necesitamos|hace falta|debo|deberia|tengo que)(?= |$)"
)
_STIMULANT = re.compile(
    r"(?:^| )(?:meth|crystal|crystal meth|tina|speed|crack|coke|cocaine|blow|uppers|stimulants?|"
    r"stims|molly|mdma|ecstasy|adderall|cristal|coca|cocaina|perico|piedra|metanfetamina|"
    r"anfetaminas?)(?= |$)"
)
_SPANISH = re.compile(r"(?:^| )(?:funciona|funcionan|revierte|revierten|sirve|con)(?= |$)")


def naloxone_question(norm: str) -> tuple[str | None, str | None]:
    """The question a naloxone text asks, in normalised text: "use", "mail", "not_reversed",
    "tranq" or "stimulants", with "es" when it is asked in Spanish; (None, None) for a
    search."""
    for question, patterns in (
        ("use", (_USE_EN, _USE_ES)),
        ("use", (_STEPS_EN, _STEPS_ES)),
        ("use", (_DOSES_EN, _DOSES_ES)),
        ("mail", (_MAIL_EN, _MAIL_ES)),
    ):
        for language, pattern in zip(("en", "es"), patterns, strict=True):
            if pattern.search(norm):
                return question, _language(norm, language)
    if _STIMULANT.search(norm):
        for language, pattern in zip(("en", "es"), (_NEEDED_EN, _NEEDED_ES), strict=True):
            if pattern.search(norm):
                return "stimulants", _language(norm, language)
    if _WORKS.search(norm) and _TRANQ.search(norm):
        return "tranq", _language(norm, "es" if _SPANISH.search(norm) else "en")
    if _WORKS.search(norm) and _NOT_REVERSED.search(norm):
        return "not_reversed", _language(norm, "es" if _SPANISH.search(norm) else "en")
    return None, None


def _language(norm: str, found_in: str) -> str | None:
    """Spanish for words asked in Spanish; English words leave it to the texter's language."""
    return "es" if found_in == "es" or "naloxona" in norm.split() else None
