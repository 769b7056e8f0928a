"""A time looked for in a long text costs work in line with its length.

A parent's 1,600-character text at the best-time question was searched for a time over every
run of its words, each run read whole: the work grew with the cube of the words (14.6 s for
1,600 characters, past Twilio's 15 s on a slower machine), while the person's texts were
locked. A time is a few words, so only runs of a few words are read. Counted in reads, not
timed."""

from __future__ import annotations

import pytest

import flows.time_said as time_said
from flows.time_said import MAX_TIME_WORDS, time_after, time_apart

WORRY = (
    "honestly i dont know what to do because my son is struggling so much and i feel lost "
    "and alone with all of it please help me "
)


def long_text(words: int) -> str:
    """About ``words`` words of the worry, whole times over (it ends on "help me")."""
    return (WORRY * max(1, words // len(WORRY.split()))).strip()


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Every run of words read as a possible time."""
    seen: list[str] = []
    real = time_said.only_a_time

    def counted(said: str) -> bool:
        seen.append(said)
        return real(said)

    monkeypatch.setattr(time_said, "only_a_time", counted)
    return seen


@pytest.mark.parametrize("words", [50, 300])
def test_a_long_text_is_read_in_runs_of_a_few_words(reads, words):
    assert time_apart(long_text(words) + " after 5 " + long_text(words)) == (
        "after 5",
        f"{long_text(words)} {long_text(words)}",
    )
    assert len(reads) <= (2 * words + 2) * MAX_TIME_WORDS
    assert max(len(said.split()) for said in reads) <= MAX_TIME_WORDS


@pytest.mark.parametrize("words", [50, 300])
def test_a_time_at_the_end_of_a_long_text_is_read_in_a_few_words(reads, words):
    assert time_after(long_text(words) + " after 5") == (long_text(words), "after 5")
    assert len(reads) <= MAX_TIME_WORDS
    assert time_after(long_text(words)) is None


def test_the_longest_time_said_still_stands_whole():
    said = "my name is sam, weekdays after 5 or weekends before 10 am"
    assert time_apart(said) == ("weekdays after 5 or weekends before 10 am", "my name is sam")
