"""Phone normalisation and masking."""

from __future__ import annotations

import pytest

from hotline.phones import InvalidPhone, mask_number_in, mask_phone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(413) 555-0123", "+14135550123"),
        ("413-555-0123", "+14135550123"),
        ("413.555.0123", "+14135550123"),
        ("4135550123", "+14135550123"),
        ("1 413 555 0123", "+14135550123"),
        ("+14135550123", "+14135550123"),
        ("  +1 (413) 555-0123  ", "+14135550123"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_normalize_phone(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


def test_normalize_phone_uses_the_region_for_national_numbers() -> None:
    assert normalize_phone("020 7946 0958", region="GB") == "+442079460958"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "No phone number"),
        ("   ", "No phone number"),
        ("12345", "short code"),
        ("898211", "short code"),
        ("911", "short code"),
        ("call me", "not a phone number"),
        ("555-0123", "not a valid"),
        ("+1 000 000 0000", "not a valid"),
        ("413-555-012", "not a valid"),
    ],
)
def test_normalize_phone_rejects(raw: str, message: str) -> None:
    with pytest.raises(InvalidPhone, match=message):
        normalize_phone(raw)


def test_invalid_phone_is_a_value_error() -> None:
    assert issubclass(InvalidPhone, ValueError)


@pytest.mark.parametrize(
    ("e164", "expected"),
    [
        ("+14135550123", "+1 ••• ••• 0123"),
        ("+442079460958", "+44 ••• 0958"),
        ("", "•••"),
        ("+1234", "•••"),
    ],
)
def test_mask_phone(e164: str, expected: str) -> None:
    assert mask_phone(e164) == expected


def test_mask_phone_never_shows_the_area_code() -> None:
    assert "413" not in mask_phone("+14135550123")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phone: +14135550123.", "Phone: +1 ••• ••• 0123."),
        ("call (413) 555-0123 or 413.555.0123", "call +1 ••• ••• 0123 or +1 ••• ••• 0123"),
        ("1 413 555 0123, +1 413-555-0123", "+1 ••• ••• 0123, +1 ••• ••• 0123"),
        ("4135550123 then 4135550199", "+1 ••• ••• 0123 then 4135550199"),
        ("case 24135550123 ref", "case 24135550123 ref"),  # part of a longer number
        ("no number here", "no number here"),
    ],
)
def test_mask_number_in_masks_only_that_number(text: str, expected: str) -> None:
    assert mask_number_in(text, "+14135550123") == expected


def test_mask_number_in_a_number_from_abroad() -> None:
    assert mask_number_in("ring +442079460958", "+442079460958") == "ring +44 ••• 0958"
