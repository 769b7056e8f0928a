"""SMS encoding and segment counts against known examples."""

from __future__ import annotations

import pytest

from flows.sms import MAX_BODY, encoding, fold_to_gsm7, length, non_gsm_characters, segments


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Línea de Ayuda, pídala, código, Cómo, más", "Linea de Ayuda, pidala, codigo, Como, mas"),
        ("ÁÍÓÚ áíóú", "AIOU aiou"),
        # é, ñ, ü, ¿, ¡ and the grave accents are GSM-7 already: kept as written.
        ("¿Qué pasó? ¡Pérdida! niño, pingüino, è à", "¿Qué paso? ¡Pérdida! niño, pingüino, è à"),
        ("No está solo\u2014llame\u2026 \u201cya\u201d, it\u2019s",
         'No esta solo-llame... "ya", it\'s'),
        ("Call 911 now.", "Call 911 now."),
        ("Gracias \U0001f499 ç", "Gracias \U0001f499 ç"),  # nothing plain says the same
    ],
)  # fmt: skip
def test_fold_to_gsm7_drops_only_the_accents_gsm7_lacks(text: str, expected: str) -> None:
    assert fold_to_gsm7(text) == expected


def test_a_folded_spanish_text_goes_in_half_the_segments() -> None:
    text = (
        "Nuestro equipo tiene coaches de recuperación, personal de reducción de daños y "
        "policías. ¿Quién puede contactarle? Solo pares: sin policía."
    )
    assert (encoding(text), segments(text)) == ("UCS-2", 3)
    assert (encoding(fold_to_gsm7(text)), segments(fold_to_gsm7(text))) == ("GSM-7", 1)
