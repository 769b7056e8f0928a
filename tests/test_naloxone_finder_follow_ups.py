"""The naloxone finder's follow-ups: a yes to the town it guessed, and a town corrected or
changed right after the sites were sent, search near that town."""

from __future__ import annotations

import pytest

from tests.test_engine_paths import converse

MENU = "1) Support for myself"


@pytest.mark.parametrize("yes", ["yes", "ya", "yeah", "si", "Yes!", "yep"])
def test_a_yes_to_the_town_guessed_searches_it(yes: str) -> None:
    outs = converse(["narcan", "westhamp", yes])
    assert "Did you mean Westhampton?" in outs[1].replies[-1]
    assert "Free naloxone near Westhampton" in outs[2].replies[0]
    assert MENU not in "\n".join(outs[2].replies)


def test_a_yes_to_two_towns_guessed_asks_which() -> None:
    outs = converse(["narcan", "hampton", "yes"])
    assert "Did you mean Easthampton or Northampton or Southampton?" in outs[1].replies[-1]
    assert "Free naloxone near" not in outs[2].replies[0]
    assert outs[2].state["node"] == "ask"


def test_a_yes_to_the_town_guessed_answers_the_self_referral_town() -> None:
    outs = converse(["hi", "1", "1", "westhamp", "yes"])
    assert "Did you mean Westhampton?" in outs[3].replies[-1]
    assert outs[4].state["vars"]["town"] == "Westhampton"
    assert outs[4].state["node"] == "contact"


@pytest.mark.parametrize("said", ["belcher town", "narcan in belcher town"])
def test_a_town_written_in_two_words_is_found(said: str) -> None:
    texts = ["narcan", said] if said == "belcher town" else [said]
    outs = converse(texts)
    assert "Free naloxone near Belchertown" in outs[-1].replies[0]


@pytest.mark.parametrize(
    ("texts", "town"),
    [
        (["narcan in amherst", "no wait im in easthampton actually"], "Easthampton"),
        (["narcan", "south hadly", "easthamton"], "Easthampton"),
        (["narcan", "amherst", "sorry i meant ware"], "Ware"),
        (["narcan near northampton", "actually hadley"], "Hadley"),
    ],
)
def test_a_town_right_after_the_sites_searches_again(texts: list[str], town: str) -> None:
    outs = converse(texts)
    last = outs[-1]
    assert f"Free naloxone near {town}" in last.replies[0]
    assert MENU not in "\n".join(last.replies)
    searched = [e.data.get("town") for e in last.effects if e.kind == "log_search"]
    assert searched == [town]


def test_a_supply_search_corrected_searches_the_supply_again() -> None:
    outs = converse(["test strips in amherst", "wait i meant ware"])
    (search,) = [e.data for e in outs[-1].effects if e.kind == "log_search"]
    assert search["town"] == "Ware" and search["supply"] == "test_strips"


@pytest.mark.parametrize(
    "then", ["hi", "i live in amherst and i need detox", "my son is using", "1"]
)
def test_after_the_sites_other_texts_are_not_read_as_a_town(then: str) -> None:
    outs = converse(["narcan in amherst", then])
    assert not [e for e in outs[-1].effects if e.kind == "log_search"]


def test_a_town_long_after_the_sites_gets_the_menu() -> None:
    from datetime import timedelta

    from flows.engine import step
    from flows.types import Context
    from tests.test_engine_paths import DIRECTORY, FLOWS, NOW

    first = step(FLOWS, None, "narcan in amherst", Context(now=NOW, places=DIRECTORY))
    later = Context(now=NOW + timedelta(hours=3), places=DIRECTORY)
    out = step(FLOWS, first.state, "easthampton", later)
    assert not [e for e in out.effects if e.kind == "log_search"]
    assert MENU in out.replies[0]
