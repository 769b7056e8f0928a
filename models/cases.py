"""Cases (a person to reach) and their timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import ColumnElement

from models.base import Base, utcnow
from models.crypto import EncryptedText

CASE_STATUSES = ("new", "offered", "claimed", "contacted", "closed")
CASE_KINDS = ("self_referral", "family", "partner")


class Case(Base):
    """A request for follow-up: from a texter's self-referral, a family call-back, or a partner."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_created", "status", "created_at"),
        Index("ix_cases_next_escalation", "next_escalation_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short, non-sequential code that responders text back (never the id).
    code: Mapped[str] = mapped_column(String(8), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16), default="text")  # "text" or "partner"
    status: Mapped[str] = mapped_column(String(16), default="new")
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    language: Mapped[str] = mapped_column(String(2), default="en")
    town: Mapped[str | None] = mapped_column(String(64))
    needs: Mapped[list[Any]] = mapped_column(default=list)
    contact_method: Mapped[str] = mapped_column(String(8), default="text")  # "text" or "call"
    best_time: Mapped[str | None] = mapped_column(String(32))
    # A person may refuse police contact: peers only unless they said yes.
    peers_only: Mapped[bool] = mapped_column(default=True)
    # Free-form answers that may identify someone (name to use, partner notes): encrypted.
    details: Mapped[str | None] = mapped_column(EncryptedText)
    # Keyed hash (``crypto.lookup_hash``) of the number a partner gave in ``details``: a
    # referral made without consent to text is linked to no contact, and the person's other
    # cases find it by this rather than by reading every referral's details.
    referred_phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Outbox marker: set when routing has started, so a sweep finds cases that never were.
    routed_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]  # first-contact deadline (response window)
    breach_at: Mapped[datetime | None]
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("responders.id"))
    claimed_at: Mapped[datetime | None]
    contacted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(64))
    # Escalation, frozen when routing starts: the policy, where it is, and its one live timer.
    escalation_policy: Mapped[dict[str, Any] | None]
    escalation_step: Mapped[int] = mapped_column(default=0)
    escalation_round: Mapped[int] = mapped_column(default=0)
    escalation_token: Mapped[str | None] = mapped_column(String(64))
    next_escalation_at: Mapped[datetime | None]
    reminder_sent_at: Mapped[datetime | None]
    deadline_escalated_at: Mapped[datetime | None]
    breached_at: Mapped[datetime | None]

    @hybrid_property
    def reached(self) -> bool:
        """Someone reached the person: first contact recorded (CONTACTED, or a close whose
        outcome says someone spoke with them). One definition for the figures and the cases
        pages, so a case closed unreachable or erased is never "reached" on one of them."""
        return self.contacted_at is not None

    @reached.inplace.expression
    @classmethod
    def _reached_expression(cls) -> ColumnElement[bool]:
        return cls.contacted_at.is_not(None)


class CaseEvent(Base):
    """One line of a case's timeline: created, offered, claimed, note, contacted, closed…"""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64), default="system")
    # Notes may hold personal details: encrypted like message bodies.
    text: Mapped[str | None] = mapped_column(EncryptedText)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
