"""Whatever arrives, at whatever state, the engine answers and never raises."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.engine import step
from flows.interrupts import OPT_OUT_WORDS
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.text import single_word
from flows.types import Context

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))
POSITIONS = [(None, None)] + [
    (flow_id, name)
    for flow_id, flow in FLOWS.items()
    for name, state in flow.states.items()
    if state.input != "none"
]

bodies = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(categories=["So", "Sk", "Cs", "Co", "Zs"]), max_size=20),
    st.just(""),
    st.text(min_size=1900, max_size=2000),
    st.sampled_from(["1", "2 3", "narcan", "01002", "skip", "yes", "no", "menu", "🙂", "\x00"]),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    position=st.sampled_from(POSITIONS),
    language=st.sampled_from(["en", "es"]),
    pending=st.booleans(),
    text=bodies,
)
def test_step_always_answers(
    position: tuple[str | None, str | None], language: str, pending: bool, text: str
) -> None:
    flow_id, node = position
    state = {
        "v": 1,
        "language": language,
        "flow": flow_id,
        "node": node,
        "vars": {},
        "labels": {},
        "pins": {},
        "pending": {"towns": ["Amherst", "Pelham"]} if pending and node == "town" else None,
        "updated_at": NOW.isoformat(),
    }
    out = step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY))
    assert json.loads(json.dumps(out.state)) == out.state
    assert all(e.kind != "log_event" or "error" not in e.data for e in out.effects)
    assert all(e.data.get("event") not in ("engine_error", "dead_end") for e in out.effects)
    if single_word(text) in OPT_OUT_WORDS:
        assert len(out.replies) == 1
    else:
        assert len(out.replies) >= 1
    assert all(r.strip() and len(r) <= 1600 for r in out.replies)


@settings(max_examples=50, deadline=None)
@given(text=bodies)
def test_opted_out_is_silent_unless_start(text: str) -> None:
    out = step(FLOWS, None, text, Context(now=NOW, places=DIRECTORY, opted_out=True))
    if single_word(text) in {"START", "UNSTOP", "YES"}:
        assert [e.kind for e in out.effects] == ["opt_in"]
    else:
        assert out.replies == ()
        # Only an emergency, a crisis or a call for help at once is counted.
        assert all(
            e.kind == "log_event" and e.data["event"] in ("emergency", "crisis", "urgent")
            for e in out.effects
        )


@pytest.mark.parametrize("text", ["000000\u1370", "\u00b2", "1 \u00b2 3", "\u1370"])
@pytest.mark.parametrize("node", ["needs", "contact"])
def test_digits_that_are_not_decimal_are_words_not_numbers(node: str, text: str) -> None:
    """Superscripts and Ethiopic numerals pass str.isdigit() but not int(): they must get the
    usual 'didn't catch that' or a pick, never the engine's error reply."""
    state = {
        "v": 1,
        "language": "en",
        "flow": "self_referral",
        "node": node,
        "vars": {},
        "labels": {},
        "pins": {},
        "pending": None,
        "updated_at": NOW.isoformat(),
    }
    out = step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY))
    assert all(e.kind != "log_event" or "error" not in e.data for e in out.effects)
    assert "something went wrong" not in " ".join(out.replies)


def test_decimal_digits_of_other_scripts_count_as_numbers() -> None:
    state = {
        "v": 1,
        "language": "en",
        "flow": "self_referral",
        "node": "needs",
        "vars": {},
        "labels": {},
        "pins": {},
        "pending": None,
        "updated_at": NOW.isoformat(),
    }
    out = step(FLOWS, state, "\u0663", Context(now=NOW, places=DIRECTORY))  # Arabic-Indic 3
    assert out.state["vars"]["needs"] == ["naloxone"]
