"""What worries a family member says in so many words is answered kindly before the question
or the menu: blaming themselves, wanting a loved one made to go to treatment, what naloxone
found in their things means."""

from __future__ import annotations

import pytest

from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding, segments
from flows.types import Outcome
from tests.test_engine_paths import FLOWS, converse

NOT_YOUR_FAULT = ("It's not your fault", "No es su culpa")
SORRY = ("sorry for your loss", "Sentimos mucho")


def _said(out: Outcome) -> str:
    return " ".join(out.replies)


def _index(out: Outcome, words: tuple[str, ...]) -> int:
    return next(i for i, r in enumerate(out.replies) if any(w in r for w in words))


# ----- blaming themselves -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "node"),
    [(["hi", "2", "1", "why do they keep relapsing? is it my fault?"], "needs"),
     (["hi", "2", "is it my fault he uses?"], "relationship"),
     (["hola", "2", "1", "es mi culpa que mi hijo use drogas?"], "needs")],
)  # fmt: skip
def test_blaming_themselves_partway_is_told_its_not_their_fault_and_asked_again(
    texts: list[str], node: str
) -> None:
    out = converse(texts)[-1]
    said = _said(out)
    assert any(words in out.replies[0] for words in NOT_YOUR_FAULT), said
    assert "reply with a number" not in said and "responda con un numero" not in said
    assert (out.state["flow"], out.state["node"]) == ("family", node)
    assert "needs" not in out.state["vars"]  # never taken as an answer


@pytest.mark.parametrize(
    "first",
    ["my son died of an overdose. its my fault, i should have seen it",
     "mi hijo murio por sobredosis, fue mi culpa"],
)  # fmt: skip
def test_a_death_told_with_self_blame_gets_condolences_then_not_your_fault(first: str) -> None:
    (out,) = converse([first])
    assert _index(out, SORRY) < _index(out, NOT_YOUR_FAULT)
    assert out.state["node"] == "town"


@pytest.mark.parametrize(
    ("first", "why"),
    [("my son died of an overdose", "family support specialist near you"),
     ("mi hijo murio por sobredosis", "especialista en apoyo familiar")],
)  # fmt: skip
def test_the_town_question_after_a_loss_says_why_it_is_asked(first: str, why: str) -> None:
    (out,) = converse([first])
    assert out.state["node"] == "town"
    assert why in out.replies[-1]


def test_not_blaming_themselves_gets_no_such_line() -> None:
    out = converse(["hi", "2", "1", "my son died, the dealer is at fault"])[-1]
    assert not any(words in _said(out) for words in NOT_YOUR_FAULT)


@pytest.mark.parametrize("language", ["en", "es"])
def test_not_your_fault_is_editable_plain_gsm(language: str) -> None:
    shipped = FLOWS["system"].strings["not_your_fault"][language]
    assert DEFAULT_STRINGS["not_your_fault"][language] == shipped
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped
