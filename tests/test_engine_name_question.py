"""The name question: a nod ("ok", "thanks") is no name, and a name that is also a word is."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flows.engine import step
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.types import Context

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))
BEFORE_THE_NAME = {
    "needs": ["coach"],
    "town": "Amherst",
    "contact_method": "text",
    "best_time": "morning",
    "peers_only": True,
}


def answer_the_name(text: str, language: str = "en"):
    state = {
        "v": 1,
        "language": language,
        "flow": "self_referral",
        "node": "name",
        "vars": dict(BEFORE_THE_NAME),
        "labels": {},
        "pins": {},
        "updated_at": NOW.isoformat(),
    }
    return step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY))


@pytest.mark.parametrize(
    ("text", "language"),
    [("ok", "en"), ("k", "en"), ("Okay", "en"), ("thanks", "en"), ("sure", "en"), ("yes", "en"),
     ("ok thanks", "en"), ("Yes.", "en"), ("👍", "en"), ("ok thank you", "en"), ("yeah", "en"),
     ("claro", "es"), ("gracias", "es"), ("sí", "es"), ("ok gracias", "es")],
)  # fmt: skip
def test_a_nod_at_the_name_question_gives_no_name(text: str, language: str) -> None:
    """As SKIP does: the summary that follows says so, and offers to change it."""
    out = answer_the_name(text, language)
    assert out.state["node"] == "confirm"
    assert out.state["vars"]["name"] is None
    summary = out.replies[-1]
    assert ("Name: not given" in summary) or ("Nombre: sin dato" in summary)


@pytest.mark.parametrize(
    ("text", "name"),
    [("Joy", "Joy"), ("Sunny", "Sunny"), ("Will", "Will"), ("Dale", "Dale"), ("Sam", "Sam"),
     ("my name is Jay", "Jay"), ("Hope", "Hope"), ("Vale", "Vale"), ("Kay", "Kay"),
     ("Will Smith", "Will Smith"), ("Dale Smith", "Dale Smith"), ("Sunny K", "Sunny K")],
)  # fmt: skip
def test_a_name_that_is_also_a_word_is_kept(text: str, name: str) -> None:
    out = answer_the_name(text)
    assert out.state["vars"]["name"] == name
    assert f"Name: {name}" in out.replies[-1]


@pytest.mark.parametrize(
    ("text", "name"),
    [("ok Sam", "Sam"), ("k its Sam", "Sam"), ("sure, Sam", "Sam"), ("yes Sam", "Sam"),
     ("Okay, my name is Sam", "Sam"), ("yeah call me Sam", "Sam"), ("ok Dale", "Dale"),
     ("K. J.", "K. J."), ("sí, soy Ana", "Ana")],
)  # fmt: skip
def test_a_nod_before_the_name_is_not_part_of_it(text: str, name: str) -> None:
    """ "ok Sam" answers the question with a nod and a name: the name is Sam."""
    out = answer_the_name(text)
    assert out.state["vars"]["name"] == name
    assert f"Name: {name}" in out.replies[-1]


def test_a_nod_and_thanks_is_still_no_name() -> None:
    out = answer_the_name("ok thanks")
    assert out.state["vars"]["name"] is None


@pytest.mark.parametrize(
    ("text", "name"),
    [("\u202eMaria\u202c", "Maria"), ("Jo\u200bsh", "Josh"), ("\ufeffSam\u2066", "Sam"),
     ("Ana\u0085 Ruiz", "Ana Ruiz")],
)  # fmt: skip
def test_invisible_characters_never_reach_a_name(text: str, name: str) -> None:
    """A direction mark or zero-width space would reorder what responders read next to it
    ("Peers only: no police" shown backwards)."""
    out = answer_the_name(text)
    assert out.state["vars"]["name"] == name


@pytest.mark.parametrize("text", ["\u202e", "\u200b\u200b", "\u202e\u202c \u2066"])
def test_a_name_of_invisible_characters_only_is_no_name(text: str) -> None:
    out = answer_the_name(text)
    assert out.state["vars"].get("name") is None
