"""Overdose signs in Puerto Rican Spanish slang: a friend "cabeceando" or "se esta quedando"
(nodding out), or "bien dormido" after a blue, a perco or fentanilo, gets the bystander's
steps in Spanish from any point; one's own ("me estoy quedando", "me meti 2 blues y no puedo
abrir los ojos") the steps for someone alone; "lo dejo que duerma la nota?" is answered beside
the steps. The same words of a stay, a nap or the music get nothing."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import detect
from tests.test_engine_interrupts import FLOWS, ctx, state_at
from tests.test_engine_paths import converse

SYSTEM = FLOWS["system"].strings
FIRST_STEPS_ES = SYSTEM["emergency_1"]["es"]
URGENT_SELF_ES = SYSTEM["urgent_self"]["es"]
EMERGENCY_SELF_ES = SYSTEM["emergency_self"]["es"]
SLEEP_IT_OFF_ES = SYSTEM["sleep_it_off"]["es"]
ALONE_ES = (URGENT_SELF_ES, EMERGENCY_SELF_ES)


def events(out) -> list[str]:
    return [e.data["event"] for e in out.effects if e.kind == "log_event"]


A_FRIEND_NODDING_OUT_ES = [
    "mi pana esta cabeceando",
    "mi pana se esta quedando",
    "mi pana esta nodding out",
    "mi pana se esta nodeando",
    "mi amigo se esta cabeceando",
    "mi pana se tomo un blue y esta bien dormido",
    "mi jeva se metio fentanilo y esta bien dormida",
    "se esta quedando",
    "se tomo una barra prensada y esta bien dormida",
    "esta cabeceando bien feo despues de un blue",
    "se esta quedando dormido despues de meterse un perco",
    "mi pana esta cabeceando en el carro",
    "mi novio se metio un perco y esta medio ido",
]


@pytest.mark.parametrize("text", A_FRIEND_NODDING_OUT_ES)
def test_a_friend_nodding_out_in_spanish_gets_the_spanish_bystander_steps(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency", (text, found)
    assert found.language == "es" and not found.about_self, (text, found)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FIRST_STEPS_ES
    # The last step carries a line on how to go on (the menu, or the question waiting).
    assert out.replies[2].startswith(SYSTEM["emergency_3"]["es"])
    assert events(out) == ["emergency"]


@pytest.mark.parametrize("choice", ["1", "2"])
@pytest.mark.parametrize("text", A_FRIEND_NODDING_OUT_ES)
def test_a_friend_nodding_out_in_spanish_mid_menu_gets_the_steps(text: str, choice: str) -> None:
    *_, told = converse(["hola", choice, text])
    assert told.replies[0] == FIRST_STEPS_ES, told.replies
    assert "responda con un numero" not in " ".join(told.replies).lower()
    assert events(told) == ["emergency"]


def test_a_friend_nodding_out_at_the_family_question_gets_the_steps() -> None:
    at = state_at("family", "relationship", language="es")
    out = step(FLOWS, at, "mi pana esta cabeceando", ctx())
    assert out.replies[0] == FIRST_STEPS_ES
    assert events(out) == ["emergency"]


OWN_SIGNS_ES = [
    "me meti 2 blues y no puedo abrir los ojos",
    "me meti un blue y me siento bien raro",
    "me meti un perco y el corazon me esta latiendo bien rapido",
    "me pase de la raya y no puedo respirar bien",
    "estoy bien arrebatao no me puedo mover",
    "me estoy quedando",
    "no puedo mantener los ojos abiertos me meti fenta",
    "me meti un blue, puedo dormir la nota?",
]


@pytest.mark.parametrize("text", OWN_SIGNS_ES)
def test_ones_own_signs_in_spanish_get_the_spanish_steps_for_someone_alone(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind in ("urgent", "emergency"), (text, found)
    assert found.language == "es" and found.about_self, (text, found)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0].startswith(ALONE_ES), out.replies
    assert FIRST_STEPS_ES not in out.replies
    assert events(out) in (["urgent"], ["emergency"])


@pytest.mark.parametrize("choice", ["1", "2"])
@pytest.mark.parametrize("text", OWN_SIGNS_ES)
def test_ones_own_signs_in_spanish_mid_menu_get_the_steps_for_someone_alone(text, choice) -> None:
    *_, told = converse(["hola", choice, text])
    assert told.replies[0].startswith(ALONE_ES), told.replies


@pytest.mark.parametrize(
    ("spanish", "english"),
    [("no puedo respirar", "i cant breathe"), ("no puedo respirar bien", "i cant breathe right")],
)
def test_not_able_to_breathe_said_of_oneself_in_spanish_is_the_emergency_it_is_in_english(
    spanish: str, english: str
) -> None:
    # "i cant breathe" got the steps for someone alone; "no puedo respirar" only the menu.
    said = detect(english)
    found = detect(spanish)
    assert found is not None and (found.kind, found.about_self) == (said.kind, said.about_self)
    assert found.language == "es"
    out = step(FLOWS, None, spanish, ctx())
    assert out.replies[0].startswith(ALONE_ES), out.replies
    assert events(out) == [said.kind]


def test_eyes_that_will_not_stay_open_after_fent_in_english_get_the_steps_for_someone_alone():
    text = "i cant keep my eyes open i did fent"
    found = detect(text)
    assert found is not None and found.kind == "urgent" and found.about_self, found
    assert found.language == "en"
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == SYSTEM["urgent_self"]["en"]


@pytest.mark.parametrize(
    "text",
    ["se metio un blue, lo dejo que duerma la nota?",
     "mi pana se metio un perco y lo dejo dormir?"],
)  # fmt: skip
def test_asking_to_let_them_sleep_it_off_in_spanish_is_answered_beside_the_steps(text):
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.sleep_it_off, found
    assert found.language == "es" and not found.about_self
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FIRST_STEPS_ES
    assert out.replies[1] == SLEEP_IT_OFF_ES


# "Cabeceando la musica" is moving one's head to the music: with no drug told, no emergency.
FALSE_ALARMS_ES = [
    "me estoy quedando en casa de mi tia",
    "se esta quedando con nosotros",
    "me quede dormido en clase",
    "el nene esta bien dormido",
    "estoy cabeceando de sueño, me voy a acostar",
    "mi pana esta cabeceando la musica",
    "un blue jean",
    "me siento raro hoy",
    "me compre un blue jean y esta bien",
    "el nene se esta quedando dormido",
    "mi abuela esta cabeceando viendo la novela",
    "lo dejo dormir un rato?",
    "voy a dormir la nota",
    "mi mama se tomo su percocet despues de la operacion y esta bien dormida",
]


@pytest.mark.parametrize("text", FALSE_ALARMS_ES)
def test_the_same_words_of_a_stay_a_nap_or_the_music_are_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("emergency", "urgent"), (text, found)
    out = step(FLOWS, None, text, ctx())
    assert not any(r.startswith((FIRST_STEPS_ES, *ALONE_ES)) for r in out.replies), out.replies
    assert events(out) == []
