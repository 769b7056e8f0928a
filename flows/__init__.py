"""The conversation engine and its scripts: pure Python, no web framework or database."""

from flows.engine import pinned_versions, step
from flows.script import SHIPPED_FLOW_IDS, Flow, ScriptError, load_flow, load_shipped_flows
from flows.types import Context, Effect, EngineSettings, Outcome
from flows.validate import Problem, validate_flows

__all__ = [
    "SHIPPED_FLOW_IDS",
    "Context",
    "Effect",
    "EngineSettings",
    "Flow",
    "Outcome",
    "Problem",
    "ScriptError",
    "load_flow",
    "load_shipped_flows",
    "pinned_versions",
    "step",
    "validate_flows",
]
