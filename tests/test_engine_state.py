"""Conversation state: JSON only, pinned flow versions, expiry, the loop guard, bad states."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from flows.engine import first_text_asks_for, pinned_versions, step, waits_for_an_answer
from flows.places_data import default_directory
from flows.script import load_flow, load_shipped_flows, shipped_flow_text
from flows.types import Context, EngineSettings

DIRECTORY = default_directory()
SHIPPED = load_shipped_flows()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))


def versioned(version: int, greeting: str) -> dict:
    """The shipped flows as published version ``version``: the self-referral opening changed,
    and the menu's opening names its version ("(menu v2)") in both languages."""
    flows = {
        flow_id: load_flow(shipped_flow_text(flow_id), version=version)
        for flow_id in ("menu", "self_referral", "family", "naloxone", "system")
    }
    text = shipped_flow_text("self_referral").replace("We're glad you reached out.", greeting)
    flows["self_referral"] = load_flow(text, version=version)
    menu = shipped_flow_text("menu").replace(
        "{program_name}:", f"{{program_name}} (menu v{version}):"
    )
    flows["menu"] = load_flow(menu, version=version)
    return flows


V1 = versioned(1, "Version one here.")
V2 = versioned(2, "Version two here.")


def ctx(minutes: int = 0, **settings: int) -> Context:
    return Context(
        now=NOW + timedelta(minutes=minutes),
        places=DIRECTORY,
        settings=EngineSettings(**settings),
    )


def flows_for(state: dict | None) -> dict:
    """What the caller does: pinned versions where pinned, else the published (v2) ones."""
    pins = pinned_versions(state)
    by_version = {1: V1, 2: V2}
    return {flow_id: by_version[pins.get(flow_id, 2)][flow_id] for flow_id in V2}


def test_state_is_plain_json_at_every_step() -> None:
    state = None
    for i, text in enumerate(["hi", "1", "1 3", "01002", "1", "1", "1", "2", "Sam", "1"]):
        out = step(SHIPPED, state, text, ctx(i))
        assert json.loads(json.dumps(out.state)) == out.state
        state = out.state
    assert out.state["updated_at"] == (NOW + timedelta(minutes=9)).isoformat()


def test_entering_a_flow_pins_its_version() -> None:
    out = step(V1, None, "hi", ctx())
    assert pinned_versions(out.state) == {"menu": 1}
    out = step(V1, out.state, "1", ctx(1))
    assert pinned_versions(out.state) == {"menu": 1, "self_referral": 1}


def test_a_conversation_keeps_the_version_it_started_on() -> None:
    out = step(V1, None, "hi", ctx())
    out = step(V1, out.state, "1", ctx(1))
    assert "Version one here." in out.replies[0]
    # v2 is published now; this conversation is still pinned to v1.
    again = step(flows_for(out.state), out.state, "menu", ctx(2))
    assert set(pinned_versions(again.state)) == {"menu"}  # MENU clears the other pins
    mid = step(flows_for(out.state), out.state, "1", ctx(2))
    assert "Version one here." in mid.replies[-1] or mid.state["node"] == "town"
    assert pinned_versions(mid.state)["self_referral"] == 1
    # A new conversation gets v2.
    fresh = step(flows_for(None), None, "hi", ctx())
    fresh = step(flows_for(fresh.state), fresh.state, "1", ctx(1))
    assert "Version two here." in fresh.replies[0]
    assert pinned_versions(fresh.state)["self_referral"] == 2


def with_v2_published(minutes: int) -> Context:
    return Context(now=NOW + timedelta(minutes=minutes), places=DIRECTORY, published=V2)


@pytest.mark.parametrize(
    ("text", "minutes"), [("menu", 2), ("hello", 60 * 13)], ids=["menu", "expired"]
)
def test_starting_over_runs_on_the_published_flows(text: str, minutes: int) -> None:
    out = step(V1, None, "hi", ctx())
    assert "(menu v1)" in out.replies[0]
    # v2 is published now. Mid-flow, the conversation keeps the menu it is pinned to.
    mid = step(flows_for(out.state), out.state, "espanol", with_v2_published(1))
    assert "(menu v1)" in mid.replies[-1]
    assert pinned_versions(mid.state) == {"menu": 1}
    # Starting over (MENU, or a text after it expired) gets the published menu...
    again = step(flows_for(mid.state), mid.state, text, with_v2_published(minutes))
    assert "(menu v2)" in again.replies[-1]
    assert pinned_versions(again.state) == {"menu": 2}
    # ...and the flows it goes on to.
    on = step(flows_for(again.state), again.state, "1", with_v2_published(minutes + 1))
    assert pinned_versions(on.state) == {"menu": 2, "self_referral": 2}


def test_expiry_clears_the_pins() -> None:
    out = step(V1, None, "hi", ctx())
    out = step(V1, out.state, "1", ctx(1))
    later = step(flows_for(out.state), out.state, "hello", ctx(60 * 13))
    assert set(pinned_versions(later.state)) == {"menu"}
    nxt = step(flows_for(later.state), later.state, "1", ctx(60 * 13 + 1))
    assert "Version two here." in nxt.replies[0]
    assert ("log_event", {"event": "expired"}) in [(e.kind, dict(e.data)) for e in later.effects]


@pytest.mark.parametrize(("minutes", "expired"), [(60 * 11, False), (60 * 12 + 2, True)])
def test_expiry_follows_the_setting(minutes: int, expired: bool) -> None:
    flows = SHIPPED
    out = step(flows, None, "hi", ctx())
    out = step(flows, out.state, "1", ctx(1))
    later = step(flows, out.state, "1", ctx(minutes))
    assert (later.state["flow"] == "menu") == expired
    shorter = step(flows, out.state, "1", ctx(62, conversation_expiry_hours=1))
    assert shorter.state["flow"] == "menu"


LOOPING = """
spec: 1
flow: menu
title: Loops forever
start: a
states:
  a:
    prompt: {en: "A", es: "A"}
    next: b
  b:
    prompt: {en: "B", es: "B"}
    next: a
"""


@pytest.mark.parametrize("limit", [5, 25])
def test_loop_guard_gives_a_kind_error(limit: int) -> None:
    flows = {"menu": load_flow(LOOPING)}
    out = step(flows, None, "hi", ctx(max_steps_per_text=limit))
    assert len(out.replies) == 1
    assert "something went wrong on our side" in out.replies[0]
    assert "911" in out.replies[0]
    assert [dict(e.data) for e in out.effects] == [{"event": "loop_guard"}]
    assert out.state["flow"] is None


@pytest.mark.parametrize(
    "state",
    [
        {"flow": "self_referral", "node": "no_such_state"},
        {"flow": "no_such_flow", "node": "x"},
        {"language": "klingon", "vars": "oops", "pins": [1, 2]},
        {"updated_at": "not a time", "flow": "menu", "node": "welcome"},
        {"pending": {"towns": ["Amherst"]}, "flow": "menu", "node": "welcome"},
    ],
)
def test_damaged_states_start_over_politely(state: dict) -> None:
    out = step(SHIPPED, state, "hi", ctx())
    assert out.replies
    assert all("Traceback" not in r for r in out.replies)
    assert json.loads(json.dumps(out.state)) == out.state


def test_missing_menu_flow_is_an_error_reply_not_an_exception() -> None:
    out = step({}, None, "hi", ctx())
    assert "something went wrong" in out.replies[0]
    assert out.effects[0].data["event"] == "missing_flow"


def test_emergency_needs_no_flows_at_all() -> None:
    out = step({}, None, "someone is overdosing", ctx())
    assert "911" in out.replies[0] and len(out.replies) == 3
    assert "Good Samaritan" in out.replies[1] and "30-90 min" in out.replies[2]


def test_pinned_versions_ignores_junk() -> None:
    assert pinned_versions(None) == {}
    assert pinned_versions({"pins": {"menu": 3, "family": None, "x": True, "y": "2"}}) == {
        "menu": 3
    }


def test_a_conversation_waits_for_an_answer_until_it_ends_or_expires() -> None:
    """What routes a team member's next words to their own conversation: a question waits."""
    menu = step(SHIPPED, None, "MENU", ctx()).state
    assert waits_for_an_answer(menu, NOW + timedelta(hours=11), expiry_hours=12)
    assert not waits_for_an_answer(menu, NOW + timedelta(hours=13), expiry_hours=12)
    done = step(SHIPPED, None, "he is not breathing", ctx()).state  # the steps, no question
    assert not waits_for_an_answer(done, NOW, expiry_hours=12)
    assert not waits_for_an_answer(None, NOW, expiry_hours=12)


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("my son overdosed last night and i dont know what to do", "family"),
        ("I relapsed and need help", "self_referral"),
        ("im dope sick", "self_referral"),
        ("mi hijo esta usando otra vez", "family"),
        ("where can i find narcan", "naloxone"),
        ("cant tonight", None),
        ("MENU", None),
        ("1", None),
    ],
)
def test_what_a_first_text_in_words_asks_for(text: str, flow: str | None) -> None:
    assert first_text_asks_for(SHIPPED, text) == flow
