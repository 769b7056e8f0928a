"""Asking who we are, or to start over, mid-conversation is answered, never taken as an answer."""

from __future__ import annotations

import pytest

from flows.about_us import asks_who_we_are
from flows.engine import step
from flows.text import normalise
from tests.test_engine_interrupts import EVERY_STATE, FLOWS, ctx, state_at

WHO = [
    "who is this", "Who is this?", "whos this", "who dis", "who are you", "who r u",
    "is this a real person?", "are you a bot", "r u a bot", "Is this a robot", "are you human",
    "am i talking to a real person", "is this automated", "is this the cops?",
    "are you the police", "is this a cop", "are you with the police", "wait is this confidential",
    "is this free", "¿Quién es?", "quien eres", "es usted policia", "¿es una persona real?",
    "¿esto es confidencial?",
]  # fmt: skip
NOT_WHO = [
    "who is this for", "my son is a real person", "is this the place for narcan",
    "are you open now", "the cops took him", "police are fine", "is this where i get narcan",
]  # fmt: skip
START_OVER = [
    "start over", "Start over please", "can we start over", "start again", "back to the menu",
    "main menu", "empezar de nuevo", "volver a empezar",
]  # fmt: skip
HELP_START = "Hampshire HOPE Line: free, confidential substance use support"


@pytest.mark.parametrize("text", WHO)
def test_questions_about_us_are_recognised(text: str) -> None:
    assert asks_who_we_are(normalise(text))[0]


@pytest.mark.parametrize("text", NOT_WHO)
def test_other_texts_are_not_questions_about_us(text: str) -> None:
    assert not asks_who_we_are(normalise(text))[0]


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize("text", WHO)
def test_a_question_about_us_is_answered_and_the_question_waits(flow_id, node, text) -> None:
    before = state_at(flow_id, node)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    assert len(out.replies) == 1 and out.replies[0].startswith(HELP_START)
    assert "call 413-555-0100" in out.replies[0]
    assert out.replies[0].endswith("reply to our last question to carry on, or text MENU.")
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["vars"] == {"needs": ["coach"]}
    assert "refuse_police" not in [e.kind for e in out.effects]


def test_is_this_the_cops_is_not_taken_as_a_name() -> None:
    out = step(FLOWS, state_at("self_referral", "name"), "is this the cops?", ctx())
    assert "name" not in out.state["vars"]
    assert out.state["node"] == "name"


def test_a_first_text_asking_who_we_are_gets_the_menu_that_says_so() -> None:
    out = step(FLOWS, None, "who is this?", ctx())
    assert out.replies[0].startswith("Hampshire HOPE Line: free, confidential support")
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")


def test_a_question_about_us_in_a_spanish_conversation_is_answered_in_spanish() -> None:
    out = step(FLOWS, state_at("family", "offer", "es"), "¿quién es?", ctx())
    assert "apoyo gratis y confidencial" in out.replies[0]
    assert out.state["language"] == "es"


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize("text", START_OVER)
def test_starting_over_in_words_goes_back_to_the_menu(flow_id, node, text) -> None:
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert out.state["vars"] == {}
    assert "1) " in out.replies[-1]
