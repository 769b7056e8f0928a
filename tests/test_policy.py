"""Escalation policy as data: matching, everyone on call, coordinator, then round again."""

from __future__ import annotations

import re

import pytest

from routing.policy import (
    DEFAULT_POLICY,
    PolicyError,
    coordinator_wait_limit,
    coordinator_wait_minutes,
    default_policy,
    first_step,
    next_escalation_step,
    slow_round,
    validate_policy,
)


def test_default_policy_walks_the_steps_and_repeats() -> None:
    policy = default_policy()
    current = first_step(policy)
    seen = [(current.round, current.step, current.offer_to, current.wait_minutes)]
    for _ in range(6):
        current = next_escalation_step(policy, current.step, current.round)
        seen.append((current.round, current.step, current.offer_to, current.wait_minutes))
    assert seen == [
        (0, 0, "matching", 10),
        (0, 1, "all_on_call", 15),
        (0, 2, "coordinator", 30),
        (1, 0, "matching", 10),
        (1, 1, "all_on_call", 15),
        (1, 2, "coordinator", 30),
        (2, 0, "matching", 10),
    ]


def test_default_policy_is_valid_and_copied() -> None:
    policy = default_policy()
    assert validate_policy(policy) == DEFAULT_POLICY
    policy["steps"].clear()
    assert DEFAULT_POLICY["steps"]


def test_role_steps_and_the_pause_before_the_next_round() -> None:
    policy = validate_policy(
        {
            "steps": [
                {"offer_to": "role:recovery_coach", "wait_minutes": 5},
                {"offer_to": "coordinator"},
            ],
            "repeat_minutes": 20,
        }
    )
    step = first_step(policy)
    assert step.role == "recovery_coach"
    last = next_escalation_step(policy, 0, 0)
    assert (last.offer_to, last.wait_minutes, last.role) == ("coordinator", 20, None)
    assert next_escalation_step(policy, 1, 0).round == 1


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"steps": []}, "at least one step"),
        ({"steps": [{"offer_to": "matching", "wait_minutes": 10}]}, "coordinator"),
        ({"steps": [{"offer_to": "everyone", "wait_minutes": 10}]}, "not one we know"),
        ({"steps": [{"offer_to": "role:chef", "wait_minutes": 1}]}, "not one we know"),
        ({"steps": [{"offer_to": "matching"}, {"offer_to": "coordinator"}]}, "wait_minutes"),
        ({"steps": [{"offer_to": "matching", "wait_minutes": 0}]}, "wait_minutes"),
        ({"steps": [{"offer_to": "coordinator"}], "repeat_minutes": 0}, "repeat_minutes"),
        ({"steps": ["coordinator"]}, "object"),
        ({"steps": [{"offer_to": "coordinator"}], "slow_after_rounds": 0}, "slow_after_rounds"),
        ({"steps": [{"offer_to": "coordinator"}], "slow_repeat_minutes": "2h"}, "slow_repeat"),
        ({"steps": [{"offer_to": "coordinator"}], "summary_hour": 24}, "summary_hour"),
        ({"steps": [{"offer_to": "coordinator"}], "summary_hour": True}, "summary_hour"),
    ],
)
def test_unusable_policies_are_refused(policy: dict, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        validate_policy(policy)


def test_rounds_slow_down_after_the_first_few() -> None:
    """The pause before round 4 and every later one is two hours, not half an hour."""
    policy = default_policy()
    pauses = [next_escalation_step(policy, 1, r).wait_minutes for r in range(6)]
    assert pauses == [30, 30, 120, 120, 120, 120]
    assert [slow_round(policy, r) for r in range(5)] == [False, False, False, True, True]
    # The waits inside a round are the same in every round.
    assert next_escalation_step(policy, 0, 5).wait_minutes == 15


def test_a_policy_frozen_before_pacing_existed_slows_down_like_the_default() -> None:
    old = {k: v for k, v in default_policy().items() if k in ("name", "steps", "repeat_minutes")}
    assert next_escalation_step(old, 1, 2).wait_minutes == 120
    assert validate_policy(old) == DEFAULT_POLICY


def test_the_default_policy_reaches_the_coordinators_well_within_the_first_contact_window():
    """25 minutes before the coordinators hear, against 3 hours allowed in a 24-hour window."""
    assert validate_policy(default_policy(), first_contact_hours=24) == DEFAULT_POLICY
    assert coordinator_wait_minutes(DEFAULT_POLICY) == 25
    assert coordinator_wait_limit(24) == 180


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        # A day on every step: a new case waited two days before any coordinator heard.
        (
            [
                {"offer_to": "matching", "wait_minutes": 1440},
                {"offer_to": "all_on_call", "wait_minutes": 1440},
                {"offer_to": "coordinator", "wait_minutes": 1440},
            ],
            "Step 3 (coordinator) is reached 48 hours after a case comes in",
        ),
        (
            [{"offer_to": "matching", "wait_minutes": 181}, {"offer_to": "coordinator"}],
            "Step 2 (coordinator) is reached 3 hours 1 minute after a case comes in",
        ),
        # The first coordinator step counts, wherever it is.
        (
            [
                {"offer_to": "matching", "wait_minutes": 200},
                {"offer_to": "coordinator", "wait_minutes": 10},
                {"offer_to": "all_on_call", "wait_minutes": 10},
                {"offer_to": "coordinator"},
            ],
            "Step 2 (coordinator) is reached 3 hours 20 minutes after",
        ),
    ],
)
def test_a_policy_that_keeps_the_coordinators_waiting_is_refused(steps, message) -> None:
    with pytest.raises(PolicyError, match=re.escape(message)) as refused:
        validate_policy({"steps": steps}, first_contact_hours=24)
    said = str(refused.value)
    assert "within 3 hours" in said and "24-hour" in said


def test_the_coordinator_limit_follows_the_first_contact_window() -> None:
    slow = {"steps": [{"offer_to": "matching", "wait_minutes": 240}, {"offer_to": "coordinator"}]}
    # Four hours is too long in a 24-hour window, not in a 48-hour one (6 hours allowed).
    with pytest.raises(PolicyError, match="within 3 hours"):
        validate_policy(slow, first_contact_hours=24)
    assert validate_policy(slow, first_contact_hours=48)["steps"][0]["wait_minutes"] == 240
    exactly = {
        "steps": [{"offer_to": "matching", "wait_minutes": 180}, {"offer_to": "coordinator"}]
    }
    assert validate_policy(exactly, first_contact_hours=24)["steps"][0]["wait_minutes"] == 180
    # Routing reading a saved policy does not ask: a case under way follows what was saved.
    assert validate_policy(slow)["steps"][0]["wait_minutes"] == 240
