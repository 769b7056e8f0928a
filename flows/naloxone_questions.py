"""Questions about naloxone, not where to get it: "how do i use narcan", "can you mail me
narcan", "does narcan work on alcohol". Each is answered before the finder's question, so the
person learns what they asked and can still get naloxone nearby.

Only facts the program stands behind are answered (the wording of the 911 steps); a question
about anything else ("does narcan expire", "do i need a prescription") is left a search.
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
_SPANISH = re.compile(r"(?:^| )(?:funciona|funcionan|revierte|revierten|sirve|con)(?= |$)")


def naloxone_question(norm: str) -> tuple[str | None, str | None]:
    """The question a naloxone text asks, in normalised text: "use", "mail" or
    "not_reversed", with "es" when it is asked in Spanish; (None, None) for a search."""
    for question, patterns in (
        ("use", (_USE_EN, _USE_ES)),
        ("mail", (_MAIL_EN, _MAIL_ES)),
    ):
        for language, pattern in zip(("en", "es"), patterns, strict=True):
            if pattern.search(norm):
                return question, _language(norm, language)
    if _WORKS.search(norm) and _NOT_REVERSED.search(norm):
        return "not_reversed", _language(norm, "es" if _SPANISH.search(norm) else "en")
    return None, None


def _language(norm: str, found_in: str) -> str | None:
    """Spanish for words asked in Spanish; English words leave it to the texter's language."""
    return "es" if found_in == "es" or "naloxona" in norm.split() else None
