"""Offers to responders and partner organisations that refer cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Offer(Base):
    """A case offered to one responder at one escalation step."""

    __tablename__ = "offers"
    __table_args__ = (
        UniqueConstraint("case_id", "responder_id", "escalation_round", "escalation_step"),
        Index("ix_offers_responder_status", "responder_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    responder_id: Mapped[int] = mapped_column(ForeignKey("responders.id"))
    escalation_round: Mapped[int] = mapped_column(default=0)
    escalation_step: Mapped[int] = mapped_column(default=0)
    # open, claimed (by this responder), taken (by another), passed, undelivered, closed; or
    # handed_back: never texted, the round that began when this responder handed the case back
    # (they sit it out)
    status: Mapped[str] = mapped_column(String(16), default="open")
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    responded_at: Mapped[datetime | None]


class Partner(Base):
    """A hospital, police department or agency with a data-share agreement and an API key."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    key_prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PartnerReferral(Base):
    """Remembers each Idempotency-Key so a retried referral makes one case."""

    __tablename__ = "partner_referrals"
    __table_args__ = (UniqueConstraint("partner_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    idempotency_key: Mapped[str] = mapped_column(String(128))
    request_hash: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
