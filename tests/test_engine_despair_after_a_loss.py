"""Someone bereaved by an overdose is at higher risk of suicide: once a death was told, a single
word of despair ("i dont want to be here without him", "whats the point anymore") gets 988 and
the MA line, from any point; without a loss told, one such word alone is still no crisis."""

from __future__ import annotations

import pytest

from tests.test_engine_paths import converse

LOSS_EN = "my son died 2 weeks ago"
LOSS_ES = "mi hijo murio hace 2 semanas"


def _crisis(replies: tuple[str, ...]) -> bool:
    said = " ".join(replies)
    return "988" in said and "833-773-2445" in said


DESPAIR_EN = [
    "i dont want to be here without him", "whats the point anymore", "i wish it was me instead",
    "i cant do this anymore", "nothing matters now", "i dont want to live without him",
    "i dont want to be here", "i wish it had been me",
]  # fmt: skip
DESPAIR_ES = [
    "no quiero estar aqui sin el", "ya no tiene sentido", "ojala hubiera sido yo",
    "ya nada importa", "no quiero vivir sin el",
]  # fmt: skip


@pytest.mark.parametrize("text", DESPAIR_EN)
def test_despair_at_the_town_question_after_a_loss_gets_988(text: str) -> None:
    out = converse([LOSS_EN, text])[-1]
    assert _crisis(out.replies)
    assert "town" not in out.state["vars"]  # no town was taken from it, nor a skip


@pytest.mark.parametrize("text", DESPAIR_ES)
def test_spanish_despair_after_a_loss_gets_988(text: str) -> None:
    out = converse([LOSS_ES, text])[-1]
    assert _crisis(out.replies)
    assert "988" in " ".join(out.replies) and "Llame" in " ".join(out.replies)


def test_despair_later_in_the_conversation_after_a_loss_gets_988() -> None:
    outs = converse([LOSS_EN, "northampton", "i dont want to be here without him"])
    assert _crisis(outs[-1].replies)
    assert "reply with a number" not in " ".join(outs[-1].replies)
    outs = converse([LOSS_EN, "northampton", "whats the point anymore"])
    assert _crisis(outs[-1].replies)


@pytest.mark.parametrize(
    "text", ["i dont want to be here at this job", "whats the point of test strips"]
)
def test_one_word_of_despair_without_a_loss_is_no_crisis(text: str) -> None:
    out = converse(["hi", "2", "1", "2", text])[-1]
    assert not _crisis(out.replies)


def test_asking_about_test_strips_after_a_loss_is_no_crisis() -> None:
    out = converse([LOSS_EN, "whats the point of test strips"])[-1]
    assert "988" not in " ".join(out.replies)


@pytest.mark.parametrize("text", ["here", "im here"])
def test_here_alone_is_still_a_skipped_town_after_a_loss(text: str) -> None:
    out = converse([LOSS_EN, text])[-1]
    assert "988" not in " ".join(out.replies)
    assert out.state["node"] != "town"


@pytest.mark.parametrize("first", ["hi", "hola"])
def test_wanting_to_be_gone_is_no_town_answer_without_a_loss(first: str) -> None:
    text = "i dont want to be here" if first == "hi" else "no quiero estar aqui"
    out = converse([first, "2", "1", "2", text])[-1]
    assert out.state["node"] == "town"
