"""Answers QA saw misread at questions: a noun beating a plain ask, a sum taken for picks, a
refusal that did not reach its word, and a bare "no" inside other words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import pytest

from flows.engine import step
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.text import match_choice, match_many
from flows.types import Context, Outcome

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))


def choices(flow_id: str, node: str) -> list[list[str]]:
    """The words that name each option of a shipped question, as the engine matches them."""
    return [
        [str(o.value), *o.label.values(), *(w for words in o.match.values() for w in words)]
        for o in FLOWS[flow_id].states[node].options
    ]


def values(flow_id: str, node: str, picked: Sequence[int]) -> list[str]:
    return [FLOWS[flow_id].states[node].options[i].value for i in picked]


def converse(texts: Sequence[str]) -> list[Outcome]:
    """Send the texts one after another, a minute apart."""
    state = None
    outcomes = []
    for i, text in enumerate(texts):
        out = step(FLOWS, state, text, Context(now=NOW + timedelta(minutes=i), places=DIRECTORY))
        state = out.state
        outcomes.append(out)
    return outcomes


def at_question(flow_id: str, node: str, text: str, language: str = "en") -> Outcome:
    """One text to a conversation waiting at ``node``."""
    state = {
        "v": 1,
        "language": language,
        "flow": flow_id,
        "node": node,
        "vars": {"needs": ["coach"], "town": "Amherst", "relationship": "parent"},
        "labels": {},
        "pins": {},
        "updated_at": NOW.isoformat(),
    }
    return step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY))


# 1. "phone" names the thing family can answer, not only a way to be reached.
@pytest.mark.parametrize(
    "text",
    ["text, this is my gfs phone", "txt me my phone is always on silent",
     "text only my phone is on my moms plan", "text pls my mom answers the phone",
     "just text, i cant talk on the phone at home"],
)  # fmt: skip
def test_a_text_that_asks_for_texts_is_never_saved_as_a_call(text: str) -> None:
    assert values(
        "self_referral", "contact", [match_choice(text, choices("self_referral", "contact"))]
    ) == ["text"]
    out = at_question("self_referral", "contact", text)
    assert out.state["vars"]["contact_method"] == "text"


@pytest.mark.parametrize("text", ["i cant talk on the phone", "i dont want to talk on the phone"])
def test_a_refused_call_is_never_saved_as_a_call(text: str) -> None:
    out = at_question("self_referral", "contact", text)
    assert out.state["vars"].get("contact_method") != "call"


@pytest.mark.parametrize(
    ("text", "method"),
    [("call me", "call"), ("phone", "call"), ("by phone pls", "call"), ("dont text me", "call"),
     ("text", "text"), ("call me, my phone is on", "call")],
)  # fmt: skip
def test_plain_asks_for_a_way_still_pick_it(text: str, method: str) -> None:
    out = at_question("self_referral", "contact", text)
    assert out.state["vars"]["contact_method"] == method


# 2 and 5. Numbers in a sum or a count are no picks; courtesy after a pick leaves it one.
@pytest.mark.parametrize(
    ("text", "picked"),
    [("whats 2+2", []), ("what is 1 + 1?", []), ("2*2", []),
     ("1 and 3 i guess", ["coach", "naloxone"]),
     ("1 y 4 porfa", ["coach", "treatment"]), ("1 y 4 xfa", ["coach", "treatment"]),
     ("1 y 4 plis", ["coach", "treatment"]), ("1 y 4 porfis", ["coach", "treatment"]),
     ("1 y 4 por favor", ["coach", "treatment"]), ("1+3", ["coach", "naloxone"]),
     ("1 3", ["coach", "naloxone"]), ("i have 2 kids", [])],
)  # fmt: skip
def test_several_choice_answers(text: str, picked: list[str]) -> None:
    assert (
        values("self_referral", "needs", match_many(text, choices("self_referral", "needs")))
        == picked
    )


def test_a_sum_is_asked_again() -> None:
    out = at_question("self_referral", "needs", "whats 2+2")
    assert out.state["node"] == "needs"
    assert "needs" not in out.state["vars"] or out.state["vars"]["needs"] == ["coach"]


# 3. A refusal reaches its word across "want to go to", but not past "but" or "just".
@pytest.mark.parametrize(
    "text",
    [
        "i dont want to go to rehab i just need someone to talk to",
        "i got narcanned last night at my cousins, not tryna go to rehab but maybe talk to someone",
    ],
)
def test_a_refused_treatment_is_left_out(text: str) -> None:
    assert values(
        "self_referral", "needs", match_many(text, choices("self_referral", "needs"))
    ) == ["coach"]
    out = at_question("self_referral", "needs", text)
    assert out.state["vars"]["needs"] == ["coach"]
    assert not any("treatment" in r.lower() for r in out.replies)


@pytest.mark.parametrize(
    ("text", "picked"),
    [("dont need rehab but talk", ["coach"]), ("no rehab just narcan", ["naloxone"]),
     ("i want to go to rehab", ["treatment"])],
)  # fmt: skip
def test_a_refusal_stops_at_but_and_just(text: str, picked: list[str]) -> None:
    assert (
        values("self_referral", "needs", match_many(text, choices("self_referral", "needs")))
        == picked
    )


# 4. "me and my friend" doing something together is about oneself.
@pytest.mark.parametrize(
    "text",
    [
        "me n my friend gonna use together tonight anything we should know",
        "me and my friend are gonna use tonight",
        "me and my bf use together",
    ],
)
def test_using_with_a_friend_is_about_oneself(text: str) -> None:
    assert converse(["hi", text])[-1].state["flow"] == "self_referral"


@pytest.mark.parametrize(
    ("text", "flow_id"),
    [("my friend is using", "family"), ("me and my friend are worried about my son", "family")],
)
def test_a_friend_who_needs_help_is_still_family_support(text: str, flow_id: str) -> None:
    assert converse(["hi", text])[-1].state["flow"] == flow_id


# 6. Asking for a call in Spanish, saying one speaks little English, is no "no".
@pytest.mark.parametrize(
    "text",
    [
        "pueden llamarme? no se mucho ingles",
        "pueden llamarme?",
        "me pueden llamar",
        "llameme por favor",
        "llamame, no hablo ingles",
    ],
)
def test_asking_for_a_call_in_spanish_is_a_yes(text: str) -> None:
    assert values("family", "offer", [match_choice(text, choices("family", "offer"))]) == ["yes"]
    out = at_question("family", "offer", text, "es")
    assert out.state["vars"]["wants_call"] == "yes"
    assert out.state["node"] == "best_time"


@pytest.mark.parametrize("text", ["no se mucho ingles", "no hablo ingles"])
def test_speaking_little_english_alone_is_no_refusal(text: str) -> None:
    assert match_choice(text, choices("family", "offer")) is None


@pytest.mark.parametrize("text", ["no", "no gracias", "ahora no"])
def test_a_plain_no_still_declines_the_call(text: str) -> None:
    assert values("family", "offer", [match_choice(text, choices("family", "offer"))]) == ["no"]
