"""Words said after a request that ask to be called, not texted: the case's contact method
becomes a call (``routing.person_notes``). Any other note leaves it as it was."""

from __future__ import annotations

import pytest

from flows.opting_out import asks_for_calls_not_texts
from flows.text import normalise

CALLS_NOT_TEXTS = [
    "please dont text me after this, my husband reads my texts. call me instead",
    "Don't text me, call me", "do not text this number", "call me instead", "no texts pls",
    "call only please", "only call me", "call me dont text", "pls dont txt me, call",
    "no me escribas, llamame", "solo llamadas por favor", "llamame mejor",
    "don\u2019t fucking text me, my bf reads them",
]  # fmt: skip
OTHER_NOTES = [
    "text me dont call", "call after 5 not before", "also i moved, im in ware now",
    "dont text me after 9pm", "dont text me before noon", "no texts after 10 please",
    "call my cell after 6 please", "text only", "no calls, text me", "i dont text much lol",
    "no me escribas en la manana", "dont call me", "my name is actually Jess",
]  # fmt: skip


@pytest.mark.parametrize("said", CALLS_NOT_TEXTS)
def test_asking_for_calls_not_texts(said: str) -> None:
    assert asks_for_calls_not_texts(normalise(said))


@pytest.mark.parametrize("said", OTHER_NOTES)
def test_other_notes_are_no_ask_for_calls(said: str) -> None:
    assert not asks_for_calls_not_texts(normalise(said))
