"""Suicide said in everyday words ("im gonna off myself", "i have a gun and im done") gets the
crisis text (988) from any point, never the menu or "couldn't find that place"; the same words
of a job, a couch or a licence do not."""

from __future__ import annotations

import pytest

from flows.interrupts import DEFAULT_STRINGS, detect
from tests.test_engine_paths import converse

CRISIS = DEFAULT_STRINGS["crisis"]["en"]

SAID = [
    "im gonna off myself", "i might just off myself tonight", "thinking about offing myself",
    "im gonna jump off the bridge", "i want to jump off a building", "gonna jump off the roof",
    "i have a gun and im done", "i got pills and im done", "i have a gun and im gonna use it",
    "i have my pills and im gonna take them all",
    "im done with life", "im done with living", "im so done living", "honestly im done with life",
    "i not wanna live", "i just not wanna be alive no more", "kms", "im gonna kms",
    "i want to end it all", "im gonna end my life", "im gonna take all my pills",
    "im going to kill myself", "i want to unalive myself",
]  # fmt: skip

NOT_SAID = [
    "im done with this job", "jump off the couch", "i have a gun license", "im done for today",
    "took my pills this morning", "the kids jump off the bridge into the river every summer",
    "were gonna jump off the bridge into the lake lol", "im done with life skills class",
    "i have pills and im done with the refill form", "take the pressure off myself",
    "i have a gun and im gonna use it at the range", "i paid it off myself", "im done",
    "i have a gun", "im done living in holyoke",
]  # fmt: skip


@pytest.mark.parametrize("text", SAID)
def test_suicide_said_in_everyday_words_is_a_crisis(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "crisis" and found.language == "en", text


@pytest.mark.parametrize("text", SAID[:10])
def test_as_a_first_text_it_gets_988_not_the_menu(text: str) -> None:
    said = converse([text])[-1].replies
    assert said[0].startswith(CRISIS)
    assert "1) Support for myself" not in " ".join(said)


@pytest.mark.parametrize(
    ("before", "text"),
    [(["hi", "1", "1"], "im gonna off myself"), (["narcan"], "im gonna jump off the bridge"),
     (["hi", "2", "1"], "i have a gun and im done"), (["narcan"], "im done with life")],
)  # fmt: skip
def test_at_a_question_it_gets_988_not_a_place_not_found(before: list[str], text: str) -> None:
    said = " ".join(converse([*before, text])[-1].replies)
    assert CRISIS in said and "833-773-2445" in said
    assert "couldn't find that place" not in said


@pytest.mark.parametrize("text", NOT_SAID)
def test_the_same_words_of_a_job_a_couch_or_a_licence_are_no_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("crisis", "emergency"), text
