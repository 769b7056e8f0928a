"""A responder's reply in words is read only to suggest the command that would do it: "cant
tonight" to an offer, "omw" about a case they hold, "tell her ill call" (no messages passed)."""

from __future__ import annotations

import pytest

from routing.responder_words import asks_to_pass_a_message, declines, on_the_way

DECLINES = [
    "cant tonight", "can't take it", "busy", "Im busy rn", "Sorry, I can't take this one",
    "cannot", "not available tonight", "I'll pass", "no can do",
]  # fmt: skip
ON_THE_WAY = [
    "on my way", "omw", "calling her now", "Calling now", "ok ill call him", "heading over",
    "On it", "texting them now",
]  # fmt: skip
RELAYS = [
    "tell her ill call in 10 min", "Can you tell him I will call at 5", "let her know im coming",
    "pls text her im 5 min out", "Hey, can u please tell her I am coming", "let sam know im late",
]  # fmt: skip
NONE_OF_THESE = [
    "cant reach her", "can't get through", "calling her now, no answer", "left a voicemail",
    "drop them off at the library", "i cant wait to help", "tell me more", "let me know", "ok",
    "Yes", "I'll take it", "what's up?", "give it back",
]  # fmt: skip


@pytest.mark.parametrize("text", DECLINES)
def test_a_no_to_an_offer_in_words(text: str) -> None:
    assert declines(text) and not on_the_way(text) and not asks_to_pass_a_message(text)


@pytest.mark.parametrize("text", ON_THE_WAY)
def test_on_the_way_to_reach_the_person_in_words(text: str) -> None:
    assert on_the_way(text) and not declines(text) and not asks_to_pass_a_message(text)


@pytest.mark.parametrize("text", RELAYS)
def test_a_message_for_the_person_asked_of_us(text: str) -> None:
    assert asks_to_pass_a_message(text) and not declines(text)


@pytest.mark.parametrize("text", NONE_OF_THESE)
def test_other_words_mean_none_of_these(text: str) -> None:
    assert not (declines(text) or on_the_way(text) or asks_to_pass_a_message(text))
