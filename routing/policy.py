"""Escalation policy as data: who is offered a case at each step, and how long to wait.

A policy is a plain dict, frozen onto a case when routing starts so that editing the policy
never changes a case already under way::

    {"steps": [{"offer_to": "matching", "wait_minutes": 10},
               {"offer_to": "all_on_call", "wait_minutes": 15},
               {"offer_to": "coordinator"}],
     "repeat_minutes": 30, "slow_after_rounds": 3, "slow_repeat_minutes": 120,
     "summary_hour": 8}

``offer_to`` is ``matching`` (on-call responders suited to the case), ``all_on_call``,
``coordinator`` or ``role:<role>``. The coordinator is always the last step; after it the policy
waits ``repeat_minutes`` and starts again from the first step, round after round, until someone
claims the case.

Round after round at that pace would text the same people every half hour through the night,
so the first ``slow_after_rounds`` rounds keep it and every later round waits
``slow_repeat_minutes`` instead; in those slower rounds the coordinator step texts only a
coordinator who is on call (every coordinator has been told by then, and hears again at the
deadline). Once a case is past its breach time no new round starts: the coordinators get one
summary a day of such cases, at ``summary_hour`` in the program's time zone.

The coordinators are the safety net of the first-contact promise (24-48 hours), so a policy
saved from the admin must reach them within an eighth (``COORDINATOR_SHARE``) of the
first-contact window (3 hours of 24; the default reaches them after 25 minutes): a day's wait
on every step left a new case unheard of by anyone who could act for most of the time there is.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from models.roster import ROLES

TARGETS = ("matching", "all_on_call", "coordinator")

DEFAULT_POLICY: dict[str, Any] = {
    "name": "default",
    "steps": [
        {"offer_to": "matching", "wait_minutes": 10},
        {"offer_to": "all_on_call", "wait_minutes": 15},
        {"offer_to": "coordinator", "wait_minutes": 30},
    ],
    "repeat_minutes": 30,
    "slow_after_rounds": 3,
    "slow_repeat_minutes": 120,
    "summary_hour": 8,
}
# The coordinators hear of a new case within this share of the first-contact window at most.
COORDINATOR_SHARE = 8
# The pacing keys, and the fewest each may be (the hour at most 23).
PACING_MINIMUM = {"slow_after_rounds": 1, "slow_repeat_minutes": 1, "summary_hour": 0}


class PolicyError(ValueError):
    """A policy that cannot be followed (unknown target, no coordinator last, bad wait).

    ``problems`` lists every problem found, each naming its field, for people to read."""

    def __init__(self, *problems: str) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class EscalationStep:
    """Where a case stands: which step of which round, who to offer to, how long to wait."""

    step: int
    round: int
    offer_to: str
    wait_minutes: int

    @property
    def wait(self) -> timedelta:
        return timedelta(minutes=self.wait_minutes)

    @property
    def role(self) -> str | None:
        """The role of a ``role:<role>`` step, else None."""
        return self.offer_to.removeprefix("role:") if self.offer_to.startswith("role:") else None


def default_policy() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_POLICY)


# What each name in a policy is called for people (the admin's policy page lists them).
NAMES = {
    "steps": "Steps",
    "offer_to": "Who is offered the case",
    "wait_minutes": "Minutes to wait before the next step",
    "repeat_minutes": "Wait before the next round",
    "slow_after_rounds": "Rounds at the normal pace",
    "slow_repeat_minutes": "Wait between the later, slower rounds",
    "summary_hour": "Hour of the daily summary",
}
# A setting as problems name it: its words, with its name in the policy.
LABELS = {key: f"{NAMES[key]} ({key})" for key in ("repeat_minutes", *PACING_MINIMUM)}


def validate_policy(
    policy: dict[str, Any], first_contact_hours: int | None = None
) -> dict[str, Any]:
    """The policy in its normal form (a fresh copy); raises PolicyError listing every problem
    when it is unusable.

    Given ``first_contact_hours`` (the window a person is promised first contact in), it also
    refuses a policy that reaches the coordinators later than ``coordinator_wait_limit`` of it.
    Routing reading a saved policy leaves it out: a case follows what was saved."""
    problems: list[str] = []
    repeat = policy.get("repeat_minutes", DEFAULT_POLICY["repeat_minutes"])
    if not _whole(repeat) or repeat < 1:
        problems.append(f"{LABELS['repeat_minutes']}: give a whole number of minutes, at least 1.")
    pacing = {key: policy.get(key, DEFAULT_POLICY[key]) for key in PACING_MINIMUM}
    for key, value in pacing.items():
        if key == "summary_hour":
            if not _whole(value) or not 0 <= value <= 23:
                problems.append(
                    f"{LABELS[key]}: give an hour of the day, a whole number from 0 to 23."
                )
        elif not _whole(value) or value < PACING_MINIMUM[key]:
            unit = "minutes" if key.endswith("minutes") else "rounds"
            problems.append(
                f"{LABELS[key]}: give a whole number of {unit}, at least {PACING_MINIMUM[key]}."
            )
    steps = policy.get("steps")
    normal: list[dict[str, Any]] = []
    if not isinstance(steps, list) or not steps:
        problems.append("Steps (steps): a policy needs at least one step.")
        steps = []
    for index, step in enumerate(steps):
        name = f"Step {index + 1}"
        if not isinstance(step, dict):
            problems.append(f'{name}: write it as an object, like {{"offer_to": "coordinator"}}.')
            continue
        target = step.get("offer_to")
        if not isinstance(target, str) or not (
            target in TARGETS or (target.startswith("role:") and target[5:] in ROLES)
        ):
            problems.append(
                f"{name}, who is offered the case (offer_to): {json.dumps(target)} is not one"
                " we know; use matching, all_on_call, coordinator, or role: and a role"
                " (for example role:recovery_coach)."
            )
        last = index == len(steps) - 1
        wait = step.get("wait_minutes", repeat if last else None)
        if not last and (not _whole(wait) or wait < 1):
            problems.append(
                f"{name}, minutes to wait before the next step (wait_minutes):"
                " give a whole number, at least 1."
            )
        if last and "wait_minutes" in step and (not _whole(wait) or wait < 1):
            problems.append(
                f"{name}, minutes to wait before the next round (wait_minutes):"
                " give a whole number, at least 1, or leave it out."
            )
        normal.append({"offer_to": target, "wait_minutes": wait})
    if steps and isinstance(steps[-1], dict) and steps[-1].get("offer_to") != "coordinator":
        problems.append("Steps (steps): the last step must offer to the coordinator.")
    if not problems and first_contact_hours is not None:
        problems += _coordinator_too_late(normal, first_contact_hours)
    if problems:
        raise PolicyError(*problems)
    return {
        "name": str(policy.get("name", "custom")),
        "steps": normal,
        "repeat_minutes": repeat,
        **pacing,
    }


def coordinator_wait_minutes(policy: dict[str, Any]) -> int:
    """Minutes from a new case to the policy's first coordinator step, in the first round."""
    waited = 0
    for step in policy["steps"]:
        if step["offer_to"] == "coordinator":
            break
        waited += int(step["wait_minutes"])
    return waited


def coordinator_wait_limit(first_contact_hours: int) -> int:
    """The most minutes a policy may keep the coordinators from hearing of a new case."""
    return first_contact_hours * 60 // COORDINATOR_SHARE


def _coordinator_too_late(steps: list[dict[str, Any]], first_contact_hours: int) -> list[str]:
    waited = coordinator_wait_minutes({"steps": steps})
    limit = coordinator_wait_limit(first_contact_hours)
    if waited <= limit:
        return []
    step = next(i for i, s in enumerate(steps) if s["offer_to"] == "coordinator") + 1
    return [
        f"Step {step} (coordinator) is reached {duration(waited)} after a case comes in:"
        f" coordinators must hear of a new case within {duration(limit)}"
        f" (an eighth of the {first_contact_hours}-hour first-contact window), with time left"
        " to find someone. Shorten the minutes to wait before that step."
    ]


def duration(minutes: int) -> str:
    """ "3 hours 20 minutes": a length of time for people to read."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def pacing(policy: dict[str, Any], key: str) -> int:
    """A pacing setting of a policy; one frozen onto a case before there were any has the
    built-in value."""
    return int(policy.get(key, DEFAULT_POLICY[key]))


def slow_round(policy: dict[str, Any], round: int) -> bool:
    """Round ``round`` (counted from 0) comes after the first ``slow_after_rounds``."""
    return round >= pacing(policy, "slow_after_rounds")


def step_at(policy: dict[str, Any], step: int, round: int = 0) -> EscalationStep:
    """The step ``step`` of ``policy`` (in round ``round``).

    The wait after the last step is the pause before the next round: ``repeat_minutes``, or
    ``slow_repeat_minutes`` when the next round is a slow one.
    """
    steps = policy["steps"]
    if not 0 <= step < len(steps):
        raise PolicyError(f"no step {step} in a policy of {len(steps)} steps")
    last = step == len(steps) - 1
    if not last:
        wait = int(steps[step]["wait_minutes"])
    elif slow_round(policy, round + 1):
        wait = pacing(policy, "slow_repeat_minutes")
    else:
        wait = int(policy.get("repeat_minutes", 30))
    return EscalationStep(
        step=step, round=round, offer_to=steps[step]["offer_to"], wait_minutes=wait
    )


def first_step(policy: dict[str, Any]) -> EscalationStep:
    return step_at(policy, 0, 0)


def next_escalation_step(policy: dict[str, Any], step: int, round: int) -> EscalationStep:
    """The step after (``step``, ``round``): the next one, or the first of the next round."""
    if step + 1 < len(policy["steps"]):
        return step_at(policy, step + 1, round)
    return step_at(policy, 0, round + 1)
