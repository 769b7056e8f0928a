"""Asking for a language in a few words ("english please", "en inglés") turns the
conversation to it from then on, at the menu or at any question, and the question waiting is
asked again in that language. Saying one does not speak a language asks for the other."""

from __future__ import annotations

import pytest

from flows.types import Outcome
from tests.test_engine_paths import converse

FOR_ENGLISH = ["english", "English please", "in english", "inglés", "en inglés", "ingles pls",
               "inglés por favor", "can we do this in english", "english por favor"]  # fmt: skip
ENGLISH_MENU = "1) Support for myself"


def languages_set(out: Outcome) -> list[str]:
    return [e.data["language"] for e in out.effects if e.kind == "set_language"]


@pytest.mark.parametrize("ask", FOR_ENGLISH)
def test_the_spanish_menu_turns_to_english(ask: str) -> None:
    out = converse(["hi", "4", ask])[-1]
    assert out.state["language"] == "en"
    assert languages_set(out) == ["en"]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert ENGLISH_MENU in out.replies[-1]


@pytest.mark.parametrize("ask", FOR_ENGLISH)
def test_a_spanish_question_is_asked_again_in_english(ask: str) -> None:
    out = converse(["hola", "2", ask])[-1]
    assert out.state["language"] == "en"
    assert (out.state["flow"], out.state["node"]) == ("family", "relationship")
    assert "How are you connected to them?" in out.replies[-1]
    after = converse(["hola", "2", ask, "1"])[-1]
    assert after.state["language"] == "en"
    assert after.state["vars"]["relationship"] == "parent"


def test_a_later_question_turns_to_english_too() -> None:
    out = converse(["hola", "1", "1", "english please"])[-1]
    assert out.state["language"] == "en"
    assert out.state["flow"] == "self_referral"
    assert out.state["node"] == converse(["hola", "1", "1"])[-1].state["node"]
    assert out.replies[-1].isascii()


@pytest.mark.parametrize("ask", FOR_ENGLISH)
def test_asking_the_english_menu_for_english_keeps_it_english(ask: str) -> None:
    out = converse(["hi", ask])[-1]
    assert out.state["language"] == "en"
    assert "es" not in languages_set(out)
    assert ENGLISH_MENU in out.replies[-1]


@pytest.mark.parametrize("ask", ["in spanish please", "en español", "español por favor"])
def test_an_english_question_turns_to_spanish(ask: str) -> None:
    out = converse(["hi", "2", ask])[-1]
    assert out.state["language"] == "es"
    assert (out.state["flow"], out.state["node"]) == ("family", "relationship")
    assert "¿Qué relacion tiene con la persona?" in out.replies[-1]


@pytest.mark.parametrize(
    "said",
    ["no entiendo ingles", "no hablo inglés", "hablas español?", "i dont speak english",
     "disculpe, no hablo ingles", "alguien habla español?"],
)  # fmt: skip
def test_not_speaking_english_or_asking_for_spanish_turns_to_spanish(said: str) -> None:
    out = converse(["hi", "2", said])[-1]
    assert out.state["language"] == "es"
    assert (out.state["flow"], out.state["node"]) == ("family", "relationship")
    assert "¿Qué relacion tiene con la persona?" in out.replies[-1]


def test_not_speaking_english_keeps_a_spanish_conversation_spanish() -> None:
    out = converse(["hola", "2", "no hablo inglés"])[-1]
    assert out.state["language"] == "es"
    assert "¿Qué relacion tiene con la persona?" in out.replies[-1]


@pytest.mark.parametrize("said", ["i dont speak spanish", "no hablo español", "no spanish"])
def test_not_speaking_spanish_turns_to_english(said: str) -> None:
    out = converse(["hola", "2", said])[-1]
    assert out.state["language"] == "en"
    assert "How are you connected to them?" in out.replies[-1]


@pytest.mark.parametrize(
    ("first", "language", "says"),
    [("inglés por favor", "en", ENGLISH_MENU), ("english please", "en", ENGLISH_MENU),
     ("en español por favor", "es", "1) Apoyo para mi")],
)  # fmt: skip
def test_a_first_text_asking_for_a_language_gets_the_menu_in_it(
    first: str, language: str, says: str
) -> None:
    out = converse([first])[-1]
    assert out.state["language"] == language
    assert languages_set(out) == [language]
    assert says in out.replies[-1]
