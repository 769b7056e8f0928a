"""What a flow check finds: one problem, at one field of one flow, in words an admin can act on."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" | "warning"
    flow_id: str
    path: str
    message: str
