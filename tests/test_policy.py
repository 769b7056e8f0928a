"""Escalation policy as data: matching, everyone on call, coordinator, then round again."""

from __future__ import annotations

import pytest

from routing.policy import (
    DEFAULT_POLICY,
    PolicyError,
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
