"""Police refused and asked about in everyday words, as a young person who uses drugs texts:
"a peer not a cop", "nah no 12", "u guys narc?", "do the cops find out". A refusal is heard
(peers only, police never offered again), "peer" picks support for themselves, a name said
beside the refusal is kept, and a question about police is answered from any point."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.police import refuses_police
from tests.test_engine_choices import FILLED
from tests.test_engine_interrupts import FLOWS, ctx, state_at

HEARD = {lang: FLOWS["system"].strings["police_refused"][lang] for lang in ("en", "es")}
TEAM_POLICE = "A police officer may be part of the team"
NOT_THE_POLICE = "confidential substance use support"
OUR_RECORDS = "Only our team sees your texts"


def kinds(out) -> list[str]:
    return [e.kind for e in out.effects]


@pytest.mark.parametrize(
    ("text", "language"),
    [("i want to talk to someone like a peer not a cop", "en"),
     ("can i talk to a peer, not a cop", "en"), ("no quiero cops, solo un peer", "es"),
     ("a peer not the police", "en"), ("nah no 12", "en"), ("not a cop", "en")],
)  # fmt: skip
def test_a_peer_not_a_cop_is_heard_as_a_refusal(text, language):
    found = refuses_police(text)
    assert found is not None and found.language == language


@pytest.mark.parametrize(
    "text",
    ["my peer group", "peer pressure", "i was a cop", "my dad is a cop", "12 people",
     "im not a cop", "he is not a cop", "i need a peer to talk to", "no 12 people came"],
)  # fmt: skip
def test_peers_and_cops_in_stories_are_no_refusal(text):
    assert refuses_police(text) is None


@pytest.mark.parametrize(
    "text",
    ["i want to talk to someone like a peer not a cop", "can i talk to a peer, not a cop",
     "no quiero cops, solo un peer"],
)  # fmt: skip
def test_a_first_text_asking_for_a_peer_not_a_cop_starts_support_for_themselves(text):
    out = step(FLOWS, None, text, ctx())
    assert "refuse_police" in kinds(out) and out.replies[0] in HEARD.values()
    assert out.state["flow"] == "self_referral"
    assert TEAM_POLICE not in "\n".join(out.replies)


@pytest.mark.parametrize("text", ["i need a peer to talk to", "peer support", "talk to a peer"])
def test_a_peer_wanted_at_the_menu_is_support_for_themselves(text):
    out = step(FLOWS, None, text, ctx())
    assert out.state["flow"] == "self_referral" and "refuse_police" not in kinds(out)


@pytest.mark.parametrize("text", ["not a cop", "nah no 12", "just a peer not a cop"])
def test_the_team_question_takes_a_peer_not_a_cop_as_peers_only(text):
    state = state_at("self_referral", "team")
    state["vars"] = {**FILLED, "peers_only": None}
    out = step(FLOWS, state, text, ctx())
    assert out.state["node"] == "name" and out.state["vars"]["peers_only"] is True
    assert "reply with a number" not in "\n".join(out.replies)


@pytest.mark.parametrize(
    ("text", "name"),
    [("jay. just a peer not a cop tho", "jay"), ("Sam, no police", "sam")],
)  # fmt: skip
def test_a_name_said_beside_a_refusal_is_kept(text, name):
    state = state_at("self_referral", "name")
    state["vars"] = {k: v for k, v in FILLED.items() if k != "name"}
    out = step(FLOWS, state, text, ctx())
    assert out.replies[0] == HEARD["en"] and "refuse_police" in kinds(out)
    assert out.state["node"] == "confirm" and out.state["vars"]["name"].lower() == name
    assert "Peers only, no police" in out.replies[-1]


@pytest.mark.parametrize(
    "text",
    ["hey so if i get narcan from u do the cops find out", "will the cops find out if i text u",
     "u guys narc?", "are u narcs", "do u narc"],
)  # fmt: skip
def test_asking_in_everyday_words_whether_police_find_out_is_answered_then_the_menu(text):
    out = step(FLOWS, None, text, ctx())
    assert NOT_THE_POLICE in out.replies[0] and "refuse_police" not in kinds(out)
    assert out.state["flow"] == "menu"


@pytest.mark.parametrize(
    "text", ["will the cops find out if i text u", "u guys narc?", "do the cops find out"]
)
def test_asking_whether_police_find_out_mid_conversation_is_answered_and_the_question_waits(text):
    out = step(FLOWS, state_at("naloxone", "town"), text, ctx())
    said = "\n".join(out.replies)
    assert NOT_THE_POLICE in said and "couldn't find" not in said
    assert out.state["flow"] == "naloxone" and out.state["node"] == "town"


def test_do_u_report_me_or_keep_my_number_is_told_both_and_the_town_question_waits():
    out = step(FLOWS, state_at("naloxone", "town"), "like do u report me or keep my number", ctx())
    said = "\n".join(out.replies)
    assert "not a report to anyone" in said and OUR_RECORDS in said
    assert "couldn't find" not in said and out.state["node"] == "town"
