"""What an offer says of the best time: offers reach several responders before anyone claims,
so a time typed in the person's own words rides along only when it says nothing but a time."""

from __future__ import annotations

import json

import pytest

from models import Case
from routing.offers import case_summary


def family_case(best_time: str | None = None, typed: str | None = None) -> Case:
    return Case(
        kind="family",
        town="Amherst",
        needs=["self"],
        contact_method="call",
        best_time=best_time,
        details=json.dumps({"best_time": typed}) if typed else None,
        language="en",
        peers_only=True,
    )


@pytest.mark.parametrize(
    "typed",
    ["6pm", "not in the morning", "after 6 on weekdays", "between 2 and 4pm", "weekends after noon",
     "after 5:30", "mornings before 10am", "por la tarde despues de las 6"],
)  # fmt: skip
def test_a_typed_time_that_is_only_a_time_is_in_the_offer(typed: str) -> None:
    assert f"Prefers a call, best time: {typed}." in case_summary(family_case(typed=typed))


@pytest.mark.parametrize(
    "typed",
    ["after 6, ask for Jo at the back door", "evenings 413-555-0199", "after 6 call 4135550199",
     "after work, my husband checks my phone", "call my cell after 6", "anytime jo@example.com"],
)  # fmt: skip
def test_a_typed_time_with_anything_else_waits_for_the_claim(typed: str) -> None:
    summary = case_summary(family_case(typed=typed))
    assert typed not in summary
    assert "Prefers a call, best time: see details when you claim." in summary
    for word in ("Jo", "413", "husband", "cell", "example"):
        assert word not in summary


def test_a_chosen_time_is_in_the_offer_and_none_says_nothing() -> None:
    assert "Prefers a call, best time: evening." in case_summary(family_case("evening"))
    assert "Prefers a call." in case_summary(family_case())
