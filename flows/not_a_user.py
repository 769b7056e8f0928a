"""The texter says they do not use drugs: "what? i dont use drugs", "im not a drug user", "i dont
use, its for my son", "yo no uso drogas".

Said at the menu (often after the answer to "why do you give them needles"), it is no number
and no wrong answer: someone asking, or a family member. Their own use said with the words is
left alone: "i dont use alone" (Never Use Alone's question), "i dont use anymore" (not
currently using), "i dont use needles, i smoke". Normalised text in (``flows.text.normalise``).
"""

from __future__ import annotations

import re

# "use" alone must end the text or its clause: "i dont use" or "i dont use, its for my son",
# never "i dont use alone" or "i dont use needles".
_CLAUSE_AFTER = (
    r"(?:$| (?:its|it s|it is|this is|thats|im|i m|i am|i was|i just|i never|i only|but|just"
    r"|personally|myself|at all|lol|tho|though|ever|so|what|why|never|ok|okay)\b)"
)
_DRUGS = r"(?:any )?(?:drugs|drug|anything|dope|substances|that stuff|nothing)"
_NOT_A_USER = re.compile(
    r"\b(?:i (?:dont|do not|never|have never|never have|never ever|havent ever)|ive never"
    r"|i ve never)"
    rf" (?:use|used|do|did|done|take|took|taken|touched|touch) {_DRUGS}\b"
    rf"|\bi (?:dont|do not) use(?={_CLAUSE_AFTER})"
    r"|\b(?:im|i m|i am) not (?:a |an )?(?:drug )?(?:user|addict|junkie|using)\b"
    r"(?! (?:anymore|any more|now|right now|today|since)\b)"
    r"|\b(?:yo )?no (?:uso|consumo|tomo) (?:drogas|nada|sustancias)\b"
    r"|\b(?:yo )?no me drogo\b|\byo no (?:uso|consumo)(?=$| (?:es|pero|solo|yo)\b)"
    r"|\bnunca (?:he )?(?:usado|consumido|probado|use|consumi|probe) (?:drogas|nada)\b"
    r"|\bno soy (?:adict[oa]|usuari[oa]|drogadict[oa])\b"
)


def says_they_dont_use(norm: str) -> bool:
    """The text says the texter does not use drugs (and says nothing of their own use)."""
    return bool(_NOT_A_USER.search(norm))


def without_not_using(norm: str) -> str:
    """The text with its "i dont use drugs" left out, for what else it answers ("my daughter
    does" is family support)."""
    return " ".join(_NOT_A_USER.sub(" ", norm).split())
