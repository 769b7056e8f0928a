"""A reply to the English menu written in Spanish turns the conversation to Spanish, as
choosing "Español" does; words both languages share leave it in English."""

from __future__ import annotations

import pytest

from flows.types import Outcome
from tests.test_engine_paths import converse


def switched(out: Outcome) -> bool:
    return ("set_language", {"language": "es"}) in [(e.kind, dict(e.data)) for e in out.effects]


@pytest.mark.parametrize(
    ("answer", "flow_id", "says"),
    [("mi hijo necesita tratamiento", "family", "Estamos para usted"),
     ("busco ayuda para mi esposo", "family", "Estamos para usted"),
     ("quiero narcan", "naloxone", "La naloxona (Narcan) es gratis"),
     ("quiero dejar de usar", "self_referral", "Nos alegra"),
     ("mi mamá", "family", "Estamos para usted"),
     ("otra persona", "family", "Gracias por escribir por alguien"),
     ("quiero narcan en amherst", "menu", "gratis cerca de Amherst")],
)  # fmt: skip
def test_a_menu_answered_in_spanish_goes_on_in_spanish(
    answer: str, flow_id: str, says: str
) -> None:
    first, out = converse(["hi", answer])
    assert first.state["language"] == "en"
    assert out.state["flow"] == flow_id
    assert out.state["language"] == "es"
    assert switched(out)
    assert any(says in reply for reply in out.replies), out.replies


def test_a_spanish_ask_the_menu_cannot_place_gets_the_menu_in_spanish() -> None:
    out = converse(["hello", "necesito ayuda"])[-1]
    assert out.state["language"] == "es"
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert "1) Apoyo para mi" in out.replies[-1]


@pytest.mark.parametrize(
    "answer",
    ["español", "hablo español", "en español por favor", "no hablo inglés"],
)
def test_asking_for_spanish_in_spanish_stays_spanish(answer: str) -> None:
    out = converse(["hi", answer])[-1]
    assert out.state["language"] == "es"
    assert [e.kind for e in out.effects].count("set_language") == 1
    assert "1) Apoyo para mi" in out.replies[-1]


@pytest.mark.parametrize(
    ("answer", "flow_id"),
    [("no", "menu"), ("ok", "menu"), ("2", "family"), ("3", "naloxone"), ("uno", "self_referral"),
     ("narcan", "naloxone"), ("Amherst", "menu"), ("01002", "menu"), ("yo", "self_referral"),
     ("mi", "self_referral"), ("detox", "self_referral"), ("help for my son", "family"),
     ("my mama is using", "family"), ("el paso", "menu"), ("narcan in amherst", "menu")],
)  # fmt: skip
def test_words_both_languages_share_keep_the_menu_in_english(answer: str, flow_id: str) -> None:
    out = converse(["hi", answer])[-1]
    assert out.state["flow"] == flow_id
    assert out.state["language"] == "en"
    assert not switched(out)


def test_a_question_after_the_menu_is_not_switched_by_its_answer() -> None:
    """Only the menu turns the language: an answer to a later question is kept as said."""
    out = converse(["hi", "1", "tratamiento"])[-1]
    assert out.state["language"] == "en"
    assert out.state["vars"]["needs"] == ["treatment"]


def test_the_spanish_menu_is_not_turned_by_a_spanish_answer() -> None:
    out = converse(["hola", "mi hijo necesita tratamiento"])[-1]
    assert out.state["language"] == "es"
    assert out.state["flow"] == "family"


# "mi" (like "me") names "Apoyo para mi" only as the whole answer: "perdi mi trabajo" says
# something else, and is asked again which option fits.
MI_IN_ANOTHER_SENSE = ["perdi mi trabajo", "mi perro se perdio", "mi telefono esta roto"]


@pytest.mark.parametrize("first", ["hola", "hi"])
@pytest.mark.parametrize("answer", MI_IN_ANOTHER_SENSE)
def test_mi_in_another_sense_gets_the_spanish_menu_again(first: str, answer: str) -> None:
    out = converse([first, answer])[-1]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert out.state["language"] == "es"
    assert "1) Apoyo para mi" in out.replies[-1]
    assert not any("Nos alegra" in reply for reply in out.replies)


@pytest.mark.parametrize("answer", MI_IN_ANOTHER_SENSE)
def test_a_first_text_with_mi_in_another_sense_gets_the_spanish_menu(answer: str) -> None:
    out = converse([answer])[-1]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert out.state["language"] == "es"
    assert "1) Apoyo para mi" in out.replies[-1]


@pytest.mark.parametrize(
    ("answer", "flow_id"),
    [("apoyo para mi", "self_referral"), ("para mi", "self_referral"),
     ("es para mi", "self_referral"), ("yo", "self_referral"), ("1", "self_referral"),
     ("mi", "self_referral"), ("mi hijo usa", "family"), ("mi hijo, no es para mi", "family")],
)  # fmt: skip
def test_the_spanish_menu_still_takes_its_own_words(answer: str, flow_id: str) -> None:
    out = converse(["hola", answer])[-1]
    assert out.state["flow"] == flow_id
    assert out.state["language"] == "es"


@pytest.mark.parametrize("answer", ["my phone died", "tell me about this", "can you tell me more"])
def test_me_in_another_sense_gets_the_english_menu_again(answer: str) -> None:
    out = converse(["hi", answer])[-1]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert out.state["language"] == "en"
    assert "1) Support for myself" in out.replies[-1]
