"""Naloxone told as given ("i gave him narcan and he came back") tells of an overdose that is
over: the aftercare and family support, never the naloxone finder; a death told with a wish
for naloxone gets condolences before the search."""

from __future__ import annotations

import pytest

from flows.naloxone_given import revived_before_today, told_as_given
from flows.text import normalise
from tests.test_engine_paths import converse

AFTERCARE = "naloxone wears off"
FINDER = "What town or ZIP code are you near?"
# Told on a day before today: what the days after an overdose carry, not the aftercare for now.
POST_OVERDOSE = "The days after an overdose carry a high risk of another"


@pytest.mark.parametrize(
    ("text", "told"),
    [("my son od'd yesterday, i gave him narcan and he came back. i dont know what to do now, "
      "hes sleeping", AFTERCARE),  # said of now: the aftercare for now
     ("my brother passed out last night, we had to narcan him", POST_OVERDOSE),
     ("my daughter overdosed on saturday, we narcaned her", POST_OVERDOSE)],
)  # fmt: skip
def test_a_past_overdose_with_naloxone_given_gets_aftercare_and_family_support(
    text: str, told: str
) -> None:
    out = converse([text])[-1]
    said = " ".join(out.replies)
    assert told in said and "911" in said
    assert FINDER not in said
    assert out.state["flow"] == "family"
    assert not [e for e in out.effects if e.data.get("event") == "emergency"]


def test_naloxone_given_mid_question_gets_aftercare_and_the_question_waits() -> None:
    out = converse(["hi", "2", "1", "i gave him narcan and he came back"])[-1]
    assert AFTERCARE in " ".join(out.replies)
    assert (out.state["flow"], out.state["node"]) == ("family", "needs")


@pytest.mark.parametrize(
    "text",
    ["narcan amherst", "where can i get narcan to give my son", "how do i give narcan",
     "i gave him narcan last night, where can i get more"],
)  # fmt: skip
def test_naloxone_asked_for_is_still_a_search(text: str) -> None:
    out = converse([text])[-1]
    assert not told_as_given(normalise(text))
    assert AFTERCARE not in " ".join(out.replies)


@pytest.mark.parametrize(
    "text",
    ["he passed out and i gave him narcan now hes not breathing",
     "we had to narcan him last night and hes still not waking up"],
)  # fmt: skip
def test_naloxone_given_with_signs_now_is_still_an_emergency(text: str) -> None:
    assert not revived_before_today(normalise(text))
    out = converse([text])[-1]
    assert "call 911 now" in " ".join(out.replies)
    assert [e for e in out.effects if e.data.get("event") == "emergency"]


def test_a_death_told_with_a_naloxone_ask_gets_condolences_then_the_search() -> None:
    text = "my brother died last month, his friends still use, i want narcan to give them"
    out = converse([text])[-1]
    said = list(out.replies)
    assert "sorry for your loss" in said[0]
    assert FINDER in said[-1]
    assert out.state["loss_told"] is True


@pytest.mark.parametrize(
    "text",
    ["narcan worked", "the narcan worked, hes breathing", "he woke up after the narcan",
     "he came to after narcan now what", "she came back after narcan what now",
     "he's awake now after narcan but acting weird", "she came around after 2 narcans",
     "i used 2 narcans and he came back"],
)  # fmt: skip
def test_someone_just_revived_gets_aftercare_not_the_finder(text: str) -> None:
    assert told_as_given(normalise(text))
    out = converse([text])[-1]
    said = " ".join(out.replies)
    assert "Please stay with them: naloxone wears off in 30-90 min" in said
    assert FINDER not in said


@pytest.mark.parametrize(
    "text",
    ["what if narcan worked too late", "does narcan work on fent", "hes not awake after narcan",
     "he never came to after the narcan", "he didnt wake up after the narcan",
     "she hasnt come back after narcan"],
)  # fmt: skip
def test_naloxone_not_yet_working_or_asked_about_is_no_revival(text: str) -> None:
    assert not told_as_given(normalise(text))
