"""Pills taken all at once ("me tomé todas las pastillas", "i swallowed a bottle of pills") may
be an overdose or an attempt on one's life: the steps for someone alone with 988 beside them,
from any point, in the language they were said in. Said of someone else, the bystander's
steps. A dose taken as prescribed is neither."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import detect
from tests.test_engine_interrupts import FLOWS, ctx, state_at

EMERGENCY_SELF = {lang: FLOWS["system"].strings["emergency_self"][lang] for lang in ("en", "es")}
CRISIS = {lang: FLOWS["system"].strings["crisis"][lang] for lang in ("en", "es")}

OWN_PILLS = [
    ("me tomé todas las pastillas", "es"), ("me tomé un frasco de pastillas", "es"),
    ("me tome muchas pastillas", "es"), ("me tome todo el frasco", "es"),
    ("me trague todas las pastillas", "es"), ("creo que me tome 20 pastillas", "es"),
    ("i swallowed a bottle of pills", "en"), ("i took 20 pills", "en"),
    ("i took all my pills", "en"), ("i just took like 30 xanax", "en"),
]  # fmt: skip
THEIR_PILLS = [
    ("se tomó todas sus pastillas", "es"), ("mi hijo se tomo un frasco de pastillas", "es"),
    ("my son took a bottle of pills", "en"), ("she swallowed all her meds", "en"),
]  # fmt: skip
AS_PRESCRIBED = [
    "me tome mis pastillas", "took my pills this morning", "i took 2 advil",
    "me tome una pastilla para el dolor", "i took all my pills this morning",
    "he took all my pills", "me tome todas mis pastillas de hoy",
    "se tomo muchas pastillas el año pasado y ahora esta en tratamiento",
]  # fmt: skip


def events(out) -> list[str]:
    return [e.data["event"] for e in out.effects if e.kind == "log_event"]


@pytest.mark.parametrize(("text", "language"), OWN_PILLS)
@pytest.mark.parametrize(
    "before",
    [None, ("self_referral", "town"), ("family", "relationship"), ("naloxone", "town")],
)
def test_pills_taken_all_at_once_get_the_steps_for_someone_alone_and_988(
    text: str, language: str, before: tuple[str, str] | None
) -> None:
    """They got the menu, "reply with a number" or nothing at all."""
    state = state_at(*before, language) if before else None
    out = step(FLOWS, state, text, ctx())
    said = " ".join(out.replies)
    assert out.replies[0] == EMERGENCY_SELF[language]
    assert CRISIS[language] in said
    assert events(out) == ["emergency", "crisis"]
    if before:
        assert (out.state["flow"], out.state["node"]) == before


@pytest.mark.parametrize(("text", "language"), THEIR_PILLS)
def test_pills_taken_by_someone_else_get_the_bystander_steps(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("emergency", language)
    assert not found.about_self
    out = step(FLOWS, None, text, ctx())
    assert "911" in out.replies[0] and out.replies[0] != EMERGENCY_SELF[language]


@pytest.mark.parametrize("text", AS_PRESCRIBED)
def test_pills_taken_as_prescribed_or_long_ago_are_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("emergency", "crisis"), text


def test_pills_taken_all_at_once_last_night_still_get_988() -> None:
    """Over by now, so no steps; an attempt on one's life still wants 988."""
    found = detect("me tome todas las pastillas anoche")
    assert found is not None and (found.kind, found.language) == ("crisis", "es")
