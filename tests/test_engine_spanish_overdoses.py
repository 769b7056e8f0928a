"""Overdoses told in Spanish get the Spanish steps at once, as the same words in English do: a
bystander's signs ("no abre los ojos", "esta roncando raro", "se quedo pegao"), and someone
found looking dead now ("creo que mi hermano esta muerto", "esta muerto que hago"). Texts that
share their words but tell of a silence, a late riser or a death long past are left alone."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import detect
from flows.loss_told import tells_a_death
from tests.test_engine_interrupts import FLOWS, MUST_SAY, ctx, state_at

SIGNS_ES = [
    "mi hijo no abre los ojos y esta roncando raro",
    "mi hijo esta tirado en el piso y no contesta",
    "no abre los ojos",
    "no se levanta",
    "se quedó pegao",
    "se quedo privao",
    "esta haciendo un ruido raro como roncando",
    "mi primo se quedo y no se levanta",
    "esta como muerto",
    "ronca raro",
    "esta roncando raro",
    "no lo puedo levantar",
    "no puedo levantarla",
    "mi hija no contesta, esta tirada en el baño",
    "mi novio no contesta y no se mueve",
    "tiene los labios azules",
    "se puso morado",
    "mi hijo está tirado en el baño",
    "mi hijo esta tirado",
    "mi hija esta tirada en su cuarto",
    "mi hijo esta tirado afuera que hago",
]
DEAD_NOW_ES = [
    "creo que mi hermano esta muerto",
    "esta muerto que hago",
    "mi hermano esta muerto ayuda",
    "creo que se murio",
    "mi hermano se acaba de morir que hago",
    "creo que se acaba de morir",
]
SIGNS_EN = [
    "my son wont open his eyes and is snoring weird",
    "my son is lying on the floor and not answering",
]
DEAD_NOW_EN = [
    "i think my brother is dead",
    "hes dead what do i do",
    "i think my friend just died",
    "i think my brother died",
    "i think my son died in his sleep",
]
# The same words, of a silence, a late riser, a death long past or a manner of speaking.
NOT_EMERGENCIES = [
    "no contesta el telefono",
    "no se levanta temprano",
    "mi hijo no contesta mis mensajes",
    "mi hijo no contesta cuando lo llamo",
    "hace dias que no contesta",
    "mi hijo no se levanta de la cama, esta deprimido",
    "no se levanta hasta las 12",
    "mi esposo ronca muy fuerte",
    "mi hijo no abre los ojos a la realidad",
    "esta como muerto de cansancio",
    "mi hijo esta muerto en vida desde que usa",
    "mi hijo murio el año pasado",
    "creo que se murio hace dos años",
    "se quedo pegao al celular",
    "se quedo pegao en el tapon",
    "mi hijo no se levanta para ir a la escuela",
    "no se para que sirve",
    "le pregunte si quiere tratamiento y no contesta",
    "mi hijo esta tirado en el piso jugando con el perro",
    "tirado en la cama viendo tv",
    "mi hijo esta tirado en la cama viendo tv",
    "estoy tirado en el sofa descansando",
    "mi hijo esta tirado en la calle por las drogas",
    "el precio esta tirado",
    "creo que se fue",
    "my son died last year",
    "i think about my brother who died",
    "i think my son died of an overdose, the police never said",
    "i think my grandma died of old age",
    "i think my brother died in march",
]


def _steps(replies: tuple[str, ...], language: str) -> bool:
    """All of the overdose steps, the Good Samaritan law among them, in ``language``."""
    said = " ".join(replies)
    return "911" in replies[0] and all(fragment in said for fragment in MUST_SAY[language])


@pytest.mark.parametrize("text", SIGNS_ES + DEAD_NOW_ES)
def test_an_overdose_told_in_spanish_is_an_emergency_in_spanish(text: str) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("emergency", "es")


@pytest.mark.parametrize("text", SIGNS_ES + DEAD_NOW_ES)
def test_an_overdose_told_in_spanish_as_a_first_text_gets_the_spanish_steps(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert _steps(out.replies, "es")
    assert "Sentimos mucho su pérdida" not in " ".join(out.replies)


@pytest.mark.parametrize("text", SIGNS_ES + DEAD_NOW_ES)
def test_an_overdose_told_in_spanish_at_the_family_question_gets_the_steps(text: str) -> None:
    """Said at "who is it for?", it got that question again."""
    out = step(FLOWS, state_at("family", "relationship", "es"), text, ctx())
    assert _steps(out.replies, "es")
    assert (out.state["flow"], out.state["node"]) == ("family", "relationship")


@pytest.mark.parametrize("text", SIGNS_EN + DEAD_NOW_EN)
def test_the_same_words_in_english_get_the_english_steps(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert _steps(out.replies, "en")
    assert "sorry for your loss" not in " ".join(out.replies)


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_the_same_words_of_something_else_are_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"


@pytest.mark.parametrize(
    ("text", "sorry"),
    [("mi hijo murio el año pasado", "Sentimos mucho su pérdida"),
     ("my son died last year", "sorry for your loss")],
)  # fmt: skip
def test_a_death_told_with_a_time_still_gets_condolences(text: str, sorry: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert sorry in " ".join(out.replies)
    assert "911" not in out.replies[0]


@pytest.mark.parametrize(
    "text", ["creo que se murio", "creo que mi hermano esta muerto", "i think my brother died"]
)
def test_a_death_only_believed_is_not_told_as_one(text: str) -> None:
    assert not tells_a_death(text)
