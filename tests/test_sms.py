"""SMS encoding and segment counts against known examples."""

from __future__ import annotations

import pytest

from flows.sms import MAX_BODY, encoding, length, non_gsm_characters, segments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 911 first.", "GSM-7"),
        ("Ça coûte 5€? {oui} [non] ~ | ^ \\", "UCS-2"),  # û is not GSM-7
        ("5€ {oui} [non] ~ | ^ \\", "GSM-7"),
        ("ÄÖÑÜ äöñüà é è ù ì ò Ø å Æ ß Δ Ω £ ¥ § ¿ ¡", "GSM-7"),
        ("It’s okay", "UCS-2"),  # curly apostrophe
        ("We’re here 💙", "UCS-2"),
        ("ç", "UCS-2"),  # only capital Ç is in the basic set
        ("", "GSM-7"),
    ],
)
def test_encoding(text: str, expected: str) -> None:
    assert encoding(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("a", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # 160 septets
        ("€" * 81, 2),  # 162 septets
        ("a" * 159 + "€", 2),  # 161 septets
        # An escape pair is never split: 152 + 2 does not fit in a 153-septet part.
        ("a" * 152 + "€" + "a" * 152, 3),
        ("—" * 70, 1),  # em dash forces UCS-2
        ("—" * 71, 2),
        ("—" * 134, 2),
        ("—" * 135, 3),
        ("😀" * 35, 1),  # 70 UTF-16 code units
        ("😀" * 36, 2),  # 72
        ("a" * 159 + "’", 3),  # one curly quote turns 160 characters into UCS-2
        # A surrogate pair is never split: 66 + 2 does not fit in a 67-unit part.
        ("—" * 66 + "😀" + "—" * 66, 3),
    ],
)
def test_segments(text: str, expected: int) -> None:
    assert segments(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("abc", 3), ("a€", 3), ("😀", 2), ("—a", 2)],
)
def test_length(text: str, expected: int) -> None:
    assert length(text) == expected


def test_non_gsm_characters_lists_each_culprit_once() -> None:
    assert non_gsm_characters("It’s ok’ 💙 é") == ["’", "💙"]


def test_max_body() -> None:
    assert MAX_BODY == 1600
