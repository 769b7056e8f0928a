"""Phone numbers: one E.164 form for storage and look-ups, and a masked form for display."""

from __future__ import annotations

import re

import phonenumbers

_DIGITS = re.compile(r"\D")


class InvalidPhone(ValueError):
    """The text is not a phone number we can text or call."""


def normalize_phone(raw: str, region: str = "US") -> str:
    """The number in E.164 (+14135550123); raises InvalidPhone with a plain message."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhone("No phone number was given.")
    digits = _DIGITS.sub("", text)
    if not text.startswith("+") and 3 <= len(digits) <= 6 and len(digits) == len(text):
        raise InvalidPhone(
            f"{text} looks like a short code: give a full phone number with its area code."
        )
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidPhone(f"{text} is not a phone number.") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(f"{text} is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_us_number(e164: str) -> bool:
    """Whether an E.164 number is a US one: a county program's staff phones are."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.region_code_for_number(number) == "US"


def mask_phone(e164: str) -> str:
    """The number with all but its last four digits hidden: "+1 ••• ••• 0123"."""
    digits = _DIGITS.sub("", e164 or "")
    if len(digits) < 7:
        return "•••"
    last4 = digits[-4:]
    if digits.startswith("1") and len(digits) == 11:
        return f"+1 ••• ••• {last4}"
    try:
        country = phonenumbers.parse("+" + digits).country_code
    except phonenumbers.NumberParseException:
        return f"••• {last4}"
    return f"+{country} ••• {last4}"


# A North American number as people write it: +1 413 555 0123, (413) 555-0123, 413.555.0123.
_NANP_WRITTEN = re.compile(r"(?<![\d+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")


def mask_number_in(text: str, e164: str) -> str:
    """``text`` with each writing of the number ``e164`` masked as ``mask_phone`` does, other
    numbers left as they are: for texts and notes shown where the number itself is masked."""
    if not text or not e164:
        return text
    masked = mask_phone(e164)
    text = text.replace(e164, masked)
    digits = _DIGITS.sub("", e164)
    if not (digits.startswith("1") and len(digits) == 11):
        return text
    national = digits[1:]

    def mask(match: re.Match[str]) -> str:
        written = _DIGITS.sub("", match.group())
        return masked if written[-10:] == national else match.group()

    return _NANP_WRITTEN.sub(mask, text)
