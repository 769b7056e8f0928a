"""A first text that already chose gets the menu and its question: a menu number said next is
the menu's answer again, not an answer to the question. A question about using alone is
answered, with the menu, and asks nothing it did not ask for."""

from __future__ import annotations

import pytest

from flows.sms import segments
from tests.test_engine_paths import converse

TOWN_QUESTION = "What town do you live in"
MENU = "1) Support for myself"


@pytest.mark.parametrize(
    "first",
    ["i want to talk to a recovery coach",
     "hey i use fent n sometimes pressed pills, want test strips n maybe talk to somebody"],
)  # fmt: skip
def test_the_menu_number_after_a_first_text_that_chose_it_is_no_town(first: str) -> None:
    outs = converse([first, "1"])
    assert TOWN_QUESTION in outs[0].replies[-1]
    said = "\n".join(outs[1].replies)
    assert "couldn't find that place" not in said
    assert "right place" in said and TOWN_QUESTION in said
    assert outs[1].state["node"] == "town"


def test_another_menu_number_after_a_first_text_that_chose_picks_that_option() -> None:
    outs = converse(["i want to talk to a recovery coach", "2"])
    assert outs[1].state["flow"] == "family"
    assert "couldn't find that place" not in "\n".join(outs[1].replies)


@pytest.mark.parametrize("first", ["i use alone alot is that bad", "is it bad that i use alone?"])
def test_a_question_about_using_alone_gets_the_answer_and_the_menu(first: str) -> None:
    (out,) = converse([first])
    assert len(out.replies) == 2
    assert "Never Use Alone" in out.replies[0] and MENU in out.replies[1]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert sum(segments(r) for r in out.replies) <= 4


@pytest.mark.parametrize(
    ("first", "welcome", "question"),
    [("i want to talk to a recovery coach", "Reply STOP any time", TOWN_QUESTION),
     ("my son is using again", "in an emergency call 911", "What would help most"),
     ("necesito tratamiento", "STOP para salir", "En qué pueblo")],
)  # fmt: skip
def test_a_first_text_that_chose_gets_the_welcome_without_the_menus_choices(
    first: str, welcome: str, question: str
) -> None:
    (out,) = converse([first])
    assert welcome in out.replies[0]
    assert "1) " not in out.replies[0] and "3) " not in out.replies[0]
    assert question in "\n".join(out.replies[1:])
