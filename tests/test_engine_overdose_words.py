"""Overdose signs as people who use say them: still out after naloxone ("used 2 narcans still
out"), falling out on a drug or in a place ("hes fallin out on the fent"), someone on the
ground and blue. Each gets the steps, as "gave her 2 narcans shes still not waking up" does;
the same words of a quarrel, hair or a night out do not."""

from __future__ import annotations

import pytest

from flows.interrupts import detect
from tests.test_engine_paths import converse

# What the steps say (see DOMAIN.md, "Emergency content").
STEPS = ["call 911 now", "rescue breaths", "recovery position", "stay with them"]


def assert_the_steps(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.language == "en", text
    out = converse([text])[-1]
    said = " ".join(out.replies)
    assert all(step in said for step in STEPS), said
    assert "1) Support for myself" not in said
    assert [e for e in out.effects if e.data.get("event") == "emergency"]


@pytest.mark.parametrize(
    "text",
    ["i used 2 narcans hes still out", "used 2 narcans still out", "hes still out after 2 doses",
     "gave her 2 narcans shes still not waking up", "sprayed the narcan twice and shes still out",
     "hes still out cold after the narcan", "still out after 2 narcan"],
)  # fmt: skip
def test_still_out_after_naloxone_gets_the_steps(text: str) -> None:
    assert_the_steps(text)


@pytest.mark.parametrize(
    "text",
    ["hes fallin out on the fent", "hes fallin out on dope", "someone is falling out in the park",
     "my girl is falling out in the bathroom", "hes falling out on them pills",
     "theres a dude on the ground at the bus stop, blue",
     "my friend is on the floor and hes turning blue",
     "some guy on the sidewalk outside, lips look blue"],
)  # fmt: skip
def test_falling_out_on_a_drug_or_in_a_place_and_blue_on_the_ground_get_the_steps(
    text: str,
) -> None:
    assert_the_steps(text)


@pytest.mark.parametrize(
    "text",
    ["hes falling out with his mom", "we had a falling out", "my hair is falling out in clumps",
     "she keeps falling out on me over money", "hes falling out of love with her",
     "my son is still out with his friends", "hes still out after 2 beers",
     "i used 2 narcans last month, where can i get more", "my tooth is falling out in the back",
     "theres a guy on the ground at the bus stop in a blue jacket",
     "hes on the ground floor of the blue building", "theyre falling out on the couch laughing",
     "were all falling out laughing lol", "shes on the floor crying, feeling blue"],
)  # fmt: skip
def test_the_same_words_of_a_quarrel_hair_or_a_night_out_are_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency", text
