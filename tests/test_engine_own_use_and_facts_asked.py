"""A person telling of their own use in words a family member also uses ("i lost weight since i
started using") is the texter, not someone reaching out for another; and questions about the
Good Samaritan law or Never Use Alone in everyday words ("good samaritan law covers me right",
"do you guys work with never use alone") get the answer, not the menu."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from tests.test_engine_interrupts import FLOWS, ctx
from tests.test_engine_paths import converse

FOR_SOMEONE_ELSE = "reaching out for someone you care about"


@pytest.mark.parametrize(
    "text",
    ["i lost 20 pounds since i started using", "i lost weight since i started using",
     "i started using", "i just started using"],
)  # fmt: skip
def test_the_texters_own_use_is_support_for_themselves(text):
    out = step(FLOWS, None, text, ctx())
    assert FOR_SOMEONE_ELSE not in "\n".join(out.replies)
    assert out.state["flow"] == "self_referral"


@pytest.mark.parametrize("text", ["my son started using", "he started using again"])
def test_a_loved_one_who_started_using_is_still_family_support(text):
    out = step(FLOWS, None, text, ctx())
    assert out.state["flow"] == "family"


@pytest.mark.parametrize(
    "text",
    ["good samaritan law covers me right, i have a lot on me",
     "the good samaritan law protects me if im selling?"],
)  # fmt: skip
def test_whether_the_law_covers_an_amount_gets_what_the_law_leaves_out(text):
    (out,) = converse([text])
    assert out.replies[0] == DEFAULT_STRINGS["good_samaritan_limits"]["en"], out.replies


@pytest.mark.parametrize(
    "text",
    ["do you guys work with never use alone", "do u work with never use alone?",
     "are you partnered with never use alone"],
)  # fmt: skip
def test_asking_whether_we_work_with_never_use_alone_gets_its_answer(text):
    (out,) = converse([text])
    assert out.replies[0] == DEFAULT_STRINGS["never_use_alone"]["en"], out.replies
