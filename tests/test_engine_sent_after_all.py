"""A request not sent at its summary ("Don't send it"), then wanted after all soon after
("wait no actually send it"): the same summary comes back to confirm, nothing asked again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows.engine import step
from flows.types import Context
from tests.test_engine_paths import DIRECTORY, FLOWS, NOW, cases, converse

TO_THE_SUMMARY = ["hi", "1", "1", "amherst", "text", "morning", "peers only", "Sam"]


@pytest.mark.parametrize(
    "again", ["wait no actually send it", "send it", "actually send it", "si mandalo",
              "ok send it please", "Actually, please send it."]
)  # fmt: skip
def test_send_it_after_dont_send_shows_the_summary_again(again: str) -> None:
    outs = converse([*TO_THE_SUMMARY, "3", again, "1"])
    assert "we won't send anything" in outs[-3].replies[-1]
    summary = outs[-2].replies[-1]
    assert "Town: Amherst" in summary or "Pueblo: Amherst" in summary
    assert "Sam" in summary
    assert outs[-2].state["node"] == "confirm"
    assert not cases(outs[:-1])
    (case,) = cases(outs)
    assert case["town"] == "Amherst" and case["name"] == "Sam"


def test_the_answers_not_sent_are_kept_only_a_short_while() -> None:
    outs = converse([*TO_THE_SUMMARY, "3"])
    later = Context(now=NOW + timedelta(hours=2), places=DIRECTORY)
    out = step(FLOWS, outs[-1].state, "send it", later)
    assert "Sam" not in "\n".join(out.replies)
    assert out.state["vars"].get("name") is None


def test_something_else_after_dont_send_drops_the_answers() -> None:
    outs = converse([*TO_THE_SUMMARY, "3", "hi", "send it"])
    assert "1) Support for myself" in outs[-2].replies[-1]
    assert "Sam" not in "\n".join(outs[-1].replies)
    assert "unsent" not in outs[-2].state


def test_the_kept_answers_are_not_sent_by_send_it_alone() -> None:
    outs = converse([*TO_THE_SUMMARY, "3", "send it"])
    assert not cases(outs)
    assert "unsent" not in outs[-1].state


TO_THE_SUMMARY_ES = ["hola", "1", "1", "amherst", "1", "1", "1", "Sam"]


@pytest.mark.parametrize(
    ("no", "again"),
    [("no lo mandes", "ay no mejor mandalo"), ("3", "na mejor si mandalo"),
     ("no mandes na", "oye si manda eso"), ("3", "si mandalo"), ("3", "dale, envialo")],
)  # fmt: skip
def test_send_it_after_dont_send_in_spanish_shows_the_summary_again(no: str, again: str) -> None:
    outs = converse([*TO_THE_SUMMARY_ES, no, again, "1"])
    assert "no enviaremos nada" in outs[-3].replies[-1]
    assert "Pueblo: Amherst" in outs[-2].replies[-1] and "Sam" in outs[-2].replies[-1]
    assert outs[-2].state["node"] == "confirm"
    (case,) = cases(outs)
    assert case["town"] == "Amherst" and case["name"] == "Sam"


@pytest.mark.parametrize("again", ["no mande eso", "no lo manden", "no envie nada", "no mandes na"])
def test_dont_send_said_again_in_spanish_sends_nothing(again: str) -> None:
    outs = converse([*TO_THE_SUMMARY_ES, "3", again, "1"])
    assert outs[-2].state["node"] != "confirm"
    assert not cases(outs)
