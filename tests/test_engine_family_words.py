"""What a family member says at a question is kept: how they asked to be reached, the words
beside a yes ("yes but he cant know"), and never a loved one's number taken to call."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding, segments
from flows.types import Context, EngineSettings, Outcome
from tests.test_engine_paths import DIRECTORY, FLOWS, NOW, converse

TO_THE_TOWN = ["hi", "2", "1", "2"]  # a parent who asked for support for themselves
TO_THE_OFFER = [*TO_THE_TOWN, "amherst"]


def _said(out: Outcome) -> str:
    return " ".join(out.replies)


def _cases(outs: Sequence[Outcome]) -> list[dict]:
    return [dict(e.data) for o in outs for e in o.effects if e.kind == "create_case"]


def test_asked_about_consent_after_choosing_text_says_we_text_them() -> None:
    out = converse([*TO_THE_OFFER, "3", "does my son have to know i reached out"])[-1]
    assert "will text you, not your loved one" in _said(out)
    assert "will call you" not in _said(out)
    assert out.state["node"] == "text_time"


def test_asked_about_consent_after_a_text_request_says_we_text_them() -> None:
    out = converse([*TO_THE_OFFER, "3", "3", "does my son have to know i reached out"])[-1]
    assert "will text you, not your loved one" in _said(out)


def test_asked_about_consent_after_choosing_a_call_says_we_call_them() -> None:
    out = converse([*TO_THE_OFFER, "1", "does my son have to know i reached out"])[-1]
    assert "will call you, not your loved one" in _said(out)


@pytest.mark.parametrize("name", ["loved_one_consent_text", "loved_one_number"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_answers_are_editable_plain_gsm(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped


def test_words_beside_a_yes_go_with_the_request_and_a_time_said_is_the_best_time() -> None:
    said = "yes but he cant know, only call when hes at work, 9 to 5 weekdays"
    outs = converse([*TO_THE_OFFER, said])
    assert "When is a good time" not in _said(outs[-1])  # not asked again
    (case,) = _cases(outs)
    assert case["best_time"] == said
    assert case["contact_method"] == "call"
    assert {"text": said} in case["said"]


def test_a_plain_yes_keeps_no_note() -> None:
    outs = converse([*TO_THE_OFFER, "yes please", "morning"])
    (case,) = _cases(outs)
    assert case["best_time"] == "morning"
    assert "said" not in case


@pytest.mark.parametrize(
    ("said", "wants_call", "time"),
    [("yes call me mornings", "yes", "morning"), ("text me anytime", "text", "any"),
     ("si llamame despues de las 5", "yes", "despues de las 5"),
     ("call me after 5", "yes", "after 5"), ("yes call me after 5", "yes", "after 5"),
     ("text me after 5", "text", "after 5"), ("call me not before 10", "yes", "not before 10"),
     ("si pero por mensaje despues de las 6", "text", "despues de las 6"),
     ("1 after 5", "yes", "after 5"), ("3 no por la manana", "text", "no por la manana"),
     ("yes after work", "yes", "after work"), ("text me after school", "text", "after school"),
     ("si despues del trabajo", "yes", "despues del trabajo")],
)  # fmt: skip
def test_a_time_said_with_a_yes_to_a_call_is_not_asked_again(
    said: str, wants_call: str, time: str
) -> None:
    """The time words beside the yes are the best time, as the self-referral keeps them; two
    words or more beside it still go whole to the team."""
    outs = converse([*TO_THE_OFFER, said])
    assert "good time" not in _said(outs[-1]) and "le conviene" not in _said(outs[-1])
    (case,) = _cases(outs)
    assert case["contact_method"] == ("text" if wants_call == "text" else "call")
    assert case["best_time"] == time


@pytest.mark.parametrize(
    "said",
    ["call me after 5", "yes call me after 5", "text me after 5", "call me not before 10",
     "si llamame despues de las 5", "si pero por mensaje despues de las 6", "1 after 5"],
)  # fmt: skip
def test_a_time_alone_beside_a_yes_keeps_no_note(said: str) -> None:
    """ "call me after 5" kept "after 5" as the best time and the whole text as a note too,
    saying it twice: the note is only for words that say more than a time."""
    (case,) = _cases(converse([*TO_THE_OFFER, said]))
    assert "said" not in case


@pytest.mark.parametrize(
    ("first", "picked", "said", "method", "time"),
    [("hi", "1", "call me after 5", "call", "after 5"),
     ("hola", "1", "llamame despues de las 5", "call", "despues de las 5"),
     ("hi", "1", "yes after 5", "call", "after 5"),
     ("hi", "3", "text me after 5", "text", "after 5"),
     ("hola", "3", "por mensaje despues de las 6", "text", "despues de las 6")],
)  # fmt: skip
def test_how_to_reach_said_again_at_the_time_question_keeps_only_the_time(
    first: str, picked: str, said: str, method: str, time: str
) -> None:
    """ "llamame despues de las 5" at the time question was the best time whole ("best time:
    llamame despues de las 5"), where the self-referral keeps "despues de las 5"."""
    outs = converse([first, *TO_THE_OFFER[1:], picked, said])
    (case,) = _cases(outs)
    assert (case["contact_method"], case["best_time"]) == (method, time)
    assert "said" not in case


@pytest.mark.parametrize(
    ("first", "picked", "said", "method", "time", "told"),
    [("hi", "1", "text me after 5", "text", "after 5", "Yes, but by text"),
     ("hola", "1", "mejor por mensaje despues de las 5", "text", "despues de las 5",
      "Si, pero por mensaje"),
     ("hi", "3", "call me after 5", "call", "after 5", "Yes, please call me")],
)  # fmt: skip
def test_a_change_of_how_to_reach_at_the_time_question_is_said_and_the_time_kept(
    first: str, picked: str, said: str, method: str, time: str, told: str
) -> None:
    """ "text me after 5" after choosing a call was asked the time again, to text."""
    outs = converse([first, *TO_THE_OFFER[1:], picked, said])
    assert "good time" not in _said(outs[-1]) and "le conviene" not in _said(outs[-1])
    assert told in _said(outs[-1])
    (case,) = _cases(outs)
    assert (case["contact_method"], case["best_time"]) == (method, time)


def test_more_words_with_a_time_at_the_time_question_stay_whole() -> None:
    said = "yes but he cant know, call after 5"
    (case,) = _cases(converse([*TO_THE_OFFER, "1", said]))
    assert (case["contact_method"], case["best_time"]) == ("call", said)


def test_words_beside_a_choice_without_a_time_are_kept_and_the_time_asked() -> None:
    said = "yes but he cant know i reached out"
    outs = converse([*TO_THE_OFFER, said])
    assert "When is a good time" in _said(outs[-1])
    (case,) = _cases(converse([*TO_THE_OFFER, said, "evening"]))
    assert case["best_time"] == "evening"
    assert {"text": said} in case["said"]


def test_a_crisis_said_mid_flow_goes_with_the_request() -> None:
    crisis = "honestly some days i dont want to be here anymore"
    outs = converse([*TO_THE_TOWN, crisis, "amherst", "1", "morning"])
    assert "988" in _said(outs[len(TO_THE_TOWN)])
    (case,) = _cases(outs)
    assert {"text": crisis, "flags": ["crisis"]} in case["said"]


def test_an_emergency_said_mid_flow_goes_with_the_request() -> None:
    emergency = "wait hes not breathing"
    outs = converse([*TO_THE_TOWN, emergency, "amherst", "1", "morning"])
    (case,) = _cases(outs)
    assert {"text": emergency, "flags": ["emergency"]} in case["said"]


def test_a_loved_ones_number_is_never_kept_and_we_say_we_reach_only_them() -> None:
    number = "here is his number 413-555-2999 call him today please"
    outs = converse([*TO_THE_TOWN, number])
    said = _said(outs[-1])
    assert "not to them" in said or "not your loved one" in said
    assert "What town are you in?" in said
    assert outs[-1].state["node"] == "town"
    assert "2999" not in str(outs[-1].state)
    rest = converse([*TO_THE_TOWN, number, "amherst", "1", "morning"])
    (case,) = _cases(rest)
    assert "2999" not in str(case)


@pytest.mark.parametrize(
    ("texts", "promised"),
    [(["hi", *TO_THE_OFFER[1:], "1", "morning"], "will call within 36 hours."),
     (["hi", *TO_THE_OFFER[1:], "3", "morning"], "will text you within 36 hours."),
     (["hola", *TO_THE_OFFER[1:], "1", "1"], "en 36 horas."),
     (["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "1"], "reach out within 36 hours.")],
)  # fmt: skip
def test_the_closing_promises_the_cases_own_deadline_in_both_flows(texts, promised) -> None:
    """The family call-back and the self-referral both promise the response window the case's
    deadline is set by, never a number of hours of their own."""
    state, settings = None, EngineSettings(response_window_hours=36)
    for i, text in enumerate(texts):
        ctx = Context(now=NOW + timedelta(minutes=i), places=DIRECTORY, settings=settings)
        out = step(FLOWS, state, text, ctx)
        state = out.state
    assert any(e.kind == "create_case" for e in out.effects)
    assert promised in out.replies[-1] and "24" not in out.replies[-1]
