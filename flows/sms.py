"""SMS encoding and segment counts, so editors see what a script costs before it ships.

GSM-7 (GSM 03.38) carries 160 characters in one segment, 153 per part once split; characters
from the extension table take two. One character outside GSM-7 (an emoji, curly quotes) makes
the whole message UCS-2: 70 UTF-16 code units, 67 per part, and an emoji is two code units.
Parts never split an escape pair or a surrogate pair, so counts match what carriers send.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

MAX_BODY = 1600  # characters Twilio accepts in one message body

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

Encoding = Literal["GSM-7", "UCS-2"]


def non_gsm_characters(text: str) -> list[str]:
    """The distinct characters (in order of appearance) that force UCS-2."""
    seen: list[str] = []
    for ch in text:
        if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION and ch not in seen:
            seen.append(ch)
    return seen


def encoding(text: str) -> Encoding:
    """GSM-7 when every character is in the GSM 03.38 sets, otherwise UCS-2."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        return "GSM-7"
    return "UCS-2"


def _units(text: str, enc: Encoding) -> list[int]:
    """Each character's size in its encoding's units (septets or UTF-16 code units)."""
    if enc == "GSM-7":
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def segments(text: str) -> int:
    """How many SMS segments the text is sent as (0 for an empty text)."""
    if not text:
        return 0
    enc = encoding(text)
    units = _units(text, enc)
    single, part = (GSM7_SINGLE, GSM7_PART) if enc == "GSM-7" else (UCS2_SINGLE, UCS2_PART)
    if sum(units) <= single:
        return 1
    count, used = 1, 0
    for size in units:
        if used + size > part:
            count, used = count + 1, 0
        used += size
    return count


def length(text: str) -> int:
    """The text's length in its encoding's units (what the segment limits count)."""
    return sum(_units(text, encoding(text)))


# What word processors and phones put in by themselves, and the GSM-7 characters that say
# the same. Accented letters are not here: "á" is a different letter, not a typing habit.
_PLAIN = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}


def _visible(ch: str) -> bool:
    return ch.isprintable() and not ch.isspace()


def describe_character(ch: str) -> str:
    """A character that is not GSM-7: shown as itself, or by name when it cannot be seen,
    with what to type instead when there is a plain equivalent."""
    name = unicodedata.name(ch, "character").lower()
    shown = ch if _visible(ch) else f"{name} (U+{ord(ch):04X})"
    if ch in _PLAIN:
        return f"{shown}: type {'a plain space' if _PLAIN[ch] == ' ' else _PLAIN[ch]}"
    if not _visible(ch):
        return f"{shown}: delete it or type a plain space"
    return shown


def plain_equivalent(text: str) -> str | None:
    """The text in GSM-7 when it is UCS-2 only because of characters with plain equivalents
    (curly quotes, dashes, odd spaces, invisible characters); None otherwise."""
    if encoding(text) == "GSM-7":
        return None
    plain = "".join(_plain(ch) for ch in text)
    return plain if encoding(plain) == "GSM-7" else None


# The Spanish letters GSM-7 has no letter for. Written without the accent a reader still reads
# the word ("linea", "pidala"), as texters write it themselves; é, ñ, ü, ¿ and ¡ are GSM-7.
_SPANISH_FOLD = str.maketrans("áíóúÁÍÓÚ", "aiouAIOU")


def fold_to_gsm7(text: str) -> str:
    """``text`` with á, í, ó, ú (and capitals) unaccented and curly quotes, dashes, ellipses and
    odd spaces made plain: one such character would send the whole text as UCS-2, at about
    twice the segments. Anything else (an emoji, ç) is left as it is."""
    return "".join(_PLAIN.get(ch, ch) for ch in text.translate(_SPANISH_FOLD))


def as_gsm7(text: str) -> str:
    """``text`` in GSM-7, to pass on words someone typed: typing habits become their plain
    equivalents, letters lose the accents GSM-7 has no letter for ("í" is "i"), invisible
    characters go, and anything else (an emoji) is "?"."""
    return "".join(_as_gsm7(ch) for ch in text)


def _as_gsm7(ch: str) -> str:
    plain = _plain(ch)
    if plain != ch or encoding(ch) == "GSM-7":
        return plain
    if unicodedata.category(ch).startswith("M"):  # a mark on what came before (U+FE0F)
        return ""
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if encoding(c) == "GSM-7")
    return base or "?"


def _plain(ch: str) -> str:
    if ch in _PLAIN:
        return _PLAIN[ch]
    if ch in GSM7_BASIC or ch in GSM7_EXTENSION or _visible(ch):
        return ch
    return ""  # an invisible character (a zero-width space) says nothing
