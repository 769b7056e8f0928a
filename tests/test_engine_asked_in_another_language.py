"""A question or request written in the other language mid-conversation ("como se da el
narcan" after "hi", "how do i use narcan" after "hola") is answered in it, and the
conversation goes on in it; naloxone asked for mid-conversation is searched near the town
already given instead of asking for it again."""

from __future__ import annotations

import pytest

from flows.types import Outcome
from flows.written_language import language_written
from tests.test_engine_paths import converse

USE_EN = "To use nasal naloxone"
USE_ES = "Naloxona: trate de despertar"
FINDER_EN = "What town or ZIP code are you near?"
FINDER_ES = "¿Cerca de qué pueblo o código postal está?"


def turned_to(out: Outcome) -> list[str]:
    return [e.data["language"] for e in out.effects if e.kind == "set_language"]


def test_a_spanish_question_in_an_english_flow_is_answered_in_spanish() -> None:
    out = converse(["hi", "1", "como se da el narcan"])[-1]
    assert out.state["language"] == "es"
    assert turned_to(out) == ["es"]
    assert any(USE_ES in r for r in out.replies), out.replies
    assert not any(USE_EN in r for r in out.replies)
    # the need is still picked, and the next question is asked in Spanish
    assert out.state["vars"]["needs"] == ["naloxone"]
    assert "¿En qué pueblo vive" in out.replies[-1]


def test_an_english_question_in_a_spanish_conversation_is_answered_in_english() -> None:
    out = converse(["hola", "how do i use narcan"])[-1]
    assert out.state["language"] == "en"
    assert turned_to(out) == ["en"]
    assert any(USE_EN in r for r in out.replies), out.replies
    assert out.replies[-1].endswith(FINDER_EN)


def test_a_spanish_naloxone_request_uses_the_town_already_given() -> None:
    outs = converse(["hi", "1", "1", "amherst", "donde consigo narcan", "2"])
    out = outs[-2]
    assert out.state["language"] == "es"
    assert not any(FINDER_EN in r or FINDER_ES in r for r in out.replies), out.replies
    assert "Naloxona gratis cerca de Amherst" in out.replies[0]
    # the question that waits is asked again, now in Spanish, and still answered
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "contact")
    assert out.replies[-1].startswith("¿Como prefiere que le contactemos?")
    assert outs[-1].state["vars"]["contact_method"] == "call"


def test_an_english_naloxone_request_uses_the_town_already_given() -> None:
    out = converse(["hola", "1", "1", "amherst", "where can i get narcan"])[-1]
    assert out.state["language"] == "en"
    assert "Free naloxone near Amherst" in out.replies[0]
    assert not any(FINDER_EN in r or FINDER_ES in r for r in out.replies)
    assert out.replies[-1].startswith("How should we reach you?")


def test_in_the_same_language_the_town_is_reused_and_the_question_waits() -> None:
    out = converse(["hi", "1", "1", "northampton", "where can i get narcan"])[-1]
    assert "Free naloxone near Northampton" in out.replies[0]
    assert out.replies[-1].startswith("When you're ready, reply to our last question")
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "contact")
    assert not turned_to(out)


def test_a_town_said_before_its_question_is_reused_for_naloxone() -> None:
    out = converse(["hi i live in ware", "2", "where can i get narcan"])[-1]
    assert "Free naloxone near Ware" in out.replies[0]
    assert (out.state["flow"], out.state["node"]) == ("family", "relationship")


@pytest.mark.parametrize(
    "texts",
    [["hi", "1", "1", "skip", "where can i get narcan"],  # no town given
     ["hi", "1", "1", "where can i get narcan"]],  # the town question itself waits
)  # fmt: skip
def test_with_no_town_given_the_finder_asks(texts: list[str]) -> None:
    out = converse(texts)[-1]
    assert out.replies[-1].endswith(FINDER_EN)


@pytest.mark.parametrize(
    ("texts", "language"),
    [(["hi", "1", "1", "amherst", "gracias"], "en"),
     (["hi", "1", "1", "amherst", "ok"], "en"),
     (["hi", "1", "1", "holyoke"], "en"),
     (["hi", "1", "1", "amherst", "si"], "en"),
     (["hi", "1", "1", "amherst", "2"], "en"),
     (["hi", "1", "1", "amherst", "narcan"], "en"),
     (["hi", "1", "1", "amherst", "necesito narcan"], "en"),
     (["hola", "1", "1", "amherst", "thanks"], "es"),
     (["hola", "1", "1", "amherst", "narcan amherst"], "es"),
     (["hola", "1", "1", "amherst", "ok"], "es"),
     (["hola", "1", "1", "amherst", "where narcan"], "es")],
)  # fmt: skip
def test_a_word_or_two_turns_no_conversation(texts: list[str], language: str) -> None:
    out = converse(texts)[-1]
    assert out.state["language"] == language
    assert not turned_to(out)


@pytest.mark.parametrize(
    ("text", "language"),
    [("como se da el narcan", "es"), ("donde consigo narcan", "es"),
     ("how do i use narcan", "en"), ("where can i get narcan", "en"),
     ("gracias por todo", None), ("ok gracias", None), ("thank you so much", None),
     ("Maria de la Cruz", None), ("si", None), ("South Hadley", None),
     ("mi hijo is using", None), ("overdose help pls", None),
     ("gracias, how do i use narcan", "en"), ("buenas, donde consigo narcan", "es")],
)  # fmt: skip
def test_language_written(text: str, language: str | None) -> None:
    assert language_written(text) == language


@pytest.mark.parametrize(
    ("texts", "language"),
    [(["hola", "1", "1", "amherst", "hola i need narcan"], "es"),
     (["hola", "1", "1", "amherst", "buenas, where can i get narcan"], "es"),
     (["hi", "1", "1", "amherst", "hi donde consigo narcan"], "en")],
)  # fmt: skip
def test_a_greeting_in_the_conversations_language_turns_nothing(
    texts: list[str], language: str
) -> None:
    """ "hola i need narcan" turned a Spanish conversation to English: the greeting is
    Spanish, so the text mixes the two and is no reason to change."""
    out = converse(texts)[-1]
    assert out.state["language"] == language
    assert not turned_to(out)


@pytest.mark.parametrize(
    ("text", "current", "language"),
    [("hola i need narcan", "es", None), ("hola i need narcan", "en", "en"),
     ("hello, como se da el narcan", "en", None), ("hello, como se da el narcan", "es", "es"),
     ("gracias, how do i use narcan", "es", "en"), ("hola, how do i use narcan", "en", "en")],
)  # fmt: skip
def test_language_written_counts_a_greeting_of_the_current_language(
    text: str, current: str, language: str | None
) -> None:
    assert language_written(text, current) == language
