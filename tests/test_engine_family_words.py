"""What a family member says at a question is kept: how they asked to be reached, the words
beside a yes ("yes but he cant know"), and never a loved one's number taken to call."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding, segments
from flows.types import Outcome
from tests.test_engine_paths import FLOWS, converse

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


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_text_consent_answer_is_editable_plain_gsm(language: str) -> None:
    shipped = FLOWS["system"].strings["loved_one_consent_text"][language]
    assert DEFAULT_STRINGS["loved_one_consent_text"][language] == shipped
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped
