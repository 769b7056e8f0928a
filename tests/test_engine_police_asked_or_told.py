"""Police named in a question or a story are no refusal: "just call me J, not a cop right?"
asks who we are (answered, the name kept), "no cops know where" tells where they stay. And a
worry after a police-OK request in other words ("is this gonna be a cop") is answered with
where the person stands, not only noted."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.police import refuses_police
from flows.types import Context
from tests.test_engine_interrupts import FLOWS, ctx, state_at
from tests.test_engine_paths import DIRECTORY, NOW
from tests.test_engine_police import POLICE_MAY_REACH, POLICE_OK, created

HEARD = FLOWS["system"].strings["police_refused"]["en"]
NOT_THE_POLICE = "confidential substance use support, not the police"


def kinds(out) -> list[str]:
    return [e.kind for e in out.effects]


def at(node: str, saved: dict) -> dict:
    state = state_at("self_referral", node)
    state["vars"] = dict(saved)
    return state


@pytest.mark.parametrize(
    "text",
    ["just call me J, not a cop right?", "not a cop right?", "ur not a cop right",
     "youre not the police?", "i stay with my aunt, no cops know where",
     "no cops know where i stay"],
)  # fmt: skip
def test_a_question_or_a_story_about_police_is_no_refusal(text):
    assert refuses_police(text) is None


@pytest.mark.parametrize("text", ["just a peer, not a cop", "not a cop", "not a cop please"])
def test_refusals_beside_them_are_still_heard(text):
    assert refuses_police(text) is not None


def test_at_the_name_question_not_a_cop_right_is_answered_and_the_name_kept():
    saved = {k: v for k, v in POLICE_OK.items() if k != "name"}
    out = step(FLOWS, at("name", saved), "just call me J, not a cop right?", ctx())
    said = "\n".join(out.replies)
    assert HEARD not in said and "refuse_police" not in kinds(out)
    assert NOT_THE_POLICE in said
    assert out.state["vars"]["name"] == "J"
    assert out.state["vars"]["peers_only"] is False
    assert out.state["node"] == "confirm"


def test_at_the_town_question_a_story_of_no_cops_is_no_refusal():
    out = step(
        FLOWS, at("town", {"needs": ["coach"]}), "i stay with my aunt, no cops know where", ctx()
    )
    assert HEARD not in "\n".join(out.replies)
    assert "refuse_police" not in kinds(out)
    assert "peers_only" not in out.state["vars"]


@pytest.mark.parametrize(
    "text",
    ["is this gonna be a cop", "is it gonna be a cop who calls", "will a cop be the one calling",
     "is it going to be a police officer that calls me?"],
)  # fmt: skip
def test_a_worry_in_other_words_after_a_police_ok_request_says_where_they_stand(text):
    sent = step(FLOWS, at("confirm", POLICE_OK), "1", ctx())
    assert created(sent)[0]["peers_only"] is False
    after = Context(now=NOW, places=DIRECTORY, request_open=True, request_police_ok=True)
    out = step(FLOWS, sent.state, text, after)
    assert POLICE_MAY_REACH["en"] in out.replies[0]
    assert "refuse_police" not in kinds(out)
