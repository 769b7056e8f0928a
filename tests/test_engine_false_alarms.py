"""Texts that share words with someone found looking dead, or with a bystander's signs, but tell
of a death long past, a phone not answered or a low mood, get no overdose steps: a grieving
relative sent the 911 script instead of condolences is harmed by it. The true emergencies they
sit beside still get the steps."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import detect
from tests.test_engine_interrupts import FLOWS, MUST_SAY, ctx

# A death told with when or where it happened: condolences, as in English.
PAST_DEATHS = [
    ("creo que mi papa murio cuando yo era nino", "Sentimos mucho su pérdida"),
    ("creo que mi hermano murio en marzo", "Sentimos mucho su pérdida"),
    ("creo que mi hermano murio en 2019", "Sentimos mucho su pérdida"),
    ("creo que mi primo se murio en la carcel", "Sentimos mucho su pérdida"),
    ("creo que mi hermano fallecio hace un par de años", "Sentimos mucho su pérdida"),
    ("i think my dad died when i was a kid", "sorry for your loss"),
    ("i think my brother died in 2019", "sorry for your loss"),
]
# Believed dead, and more said that tells of a loss, not of now.
LOSSES_EN = [
    ("i think my brother died and its my fault", "sorry for your loss"),
    ("not sure my brother died sober", "sorry for your loss"),
    ("my mom passed and i think my brother died too of grief", "sorry for your loss"),
]
# A phone not answered, or a low mood.
SILENCES_ES = [
    "mi esposo no contesta",
    "mi novio no me contesta, creo que esta con otra",
    "mi papa no contesta, tengo que hablar con el",
    "mi hermano no se levanta de la depresion",
    "mi hija no se levanta de la tristeza",
]
# The emergencies beside them, kept.
STILL_STEPS = [
    ("i think my brother died", "en"),
    ("i think my friend just died", "en"),
    ("i think he died what do i do", "en"),
    # Found so with no time told: the design gives the steps first.
    ("i think my brother died in his sleep", "en"),
    ("i think my brother died omg", "en"),
    ("creo que mi hermano murio", "es"),
    ("creo que se murio en el baño", "es"),
    ("creo que se murio mientras dormia", "es"),
    ("creo que mi hermano se murio ahorita en mi casa", "es"),
    ("mi esposo no contesta, esta tirado", "es"),
    ("mi novio no contesta y tiene los labios morados", "es"),
    ("mi hermano no contesta, se metio heroina", "es"),
    ("mi hijo no me contesta, no se despierta", "es"),
]


def _steps(replies: tuple[str, ...], language: str) -> bool:
    said = " ".join(replies)
    return "911" in replies[0] and all(fragment in said for fragment in MUST_SAY[language])


@pytest.mark.parametrize("text", [t for t, _ in PAST_DEATHS + LOSSES_EN] + SILENCES_ES)
def test_a_past_death_a_loss_or_a_silence_is_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"


@pytest.mark.parametrize(("text", "sorry"), PAST_DEATHS + LOSSES_EN)
def test_a_past_death_or_a_loss_gets_condolences_not_the_steps(text: str, sorry: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert sorry in " ".join(out.replies)
    assert "911" not in out.replies[0]


@pytest.mark.parametrize("text", SILENCES_ES)
def test_a_silence_as_a_first_text_gets_no_steps(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert not _steps(out.replies, "es")
    assert "911 ahora" not in out.replies[0]


@pytest.mark.parametrize(("text", "language"), STILL_STEPS)
def test_someone_found_looking_dead_or_a_sign_beside_a_silence_still_gets_the_steps(
    text: str, language: str
) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("emergency", language)
    assert _steps(step(FLOWS, None, text, ctx()).replies, language)
