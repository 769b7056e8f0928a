"""Responders, their on-call shifts and overrides, and escalation policies."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

ROLES = (
    "police_officer",
    "recovery_coach",
    "harm_reduction_specialist",
    "family_support_specialist",
    "coordinator",
)


class Responder(Base):
    """A team member who takes cases by SMS from the hotline number."""

    __tablename__ = "responders"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), unique=True)
    roles: Mapped[list[Any]] = mapped_column(default=list)
    languages: Mapped[list[Any]] = mapped_column(default=lambda: ["en"])
    # Towns covered; empty means the whole county.
    towns: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)
    # ON/OFF by SMS: an on-call responder can step away without editing the schedule.
    available: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Shift(Base):
    """A weekly on-call shift in local time (weekday 0 = Monday); may cross midnight."""

    __tablename__ = "shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    responder_id: Mapped[int] = mapped_column(
        ForeignKey("responders.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)


class OnCallOverride(Base):
    """A one-off change to the schedule: on call (or off) between two moments."""

    __tablename__ = "on_call_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    responder_id: Mapped[int] = mapped_column(
        ForeignKey("responders.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    on_call: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(String(256), default="")


class EscalationPolicy(Base):
    """Ordered steps (who to offer to, how long to wait), repeated until someone claims, more
    slowly after a few rounds (routing.policy)."""

    __tablename__ = "escalation_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    steps: Mapped[list[Any]] = mapped_column(default=list)
    repeat_minutes: Mapped[int] = mapped_column(default=30)
    slow_after_rounds: Mapped[int] = mapped_column(default=3)
    slow_repeat_minutes: Mapped[int] = mapped_column(default=120)
    # The hour (program time) of the daily summary of cases past their breach time, unclaimed.
    summary_hour: Mapped[int] = mapped_column(default=8)
    is_default: Mapped[bool] = mapped_column(default=False)
