"""Bad batch alerts: who asked for them, and what staff sent.

A subscription keeps only the contact and the language to text them in: alerts are for the
whole county, so no town is kept. An alert holds its two texts and who sent it; whom it
reached is its messages' (one idempotency key per alert and person), and its count.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class AlertSubscription(Base):
    """A number that texted ALERTS and has not texted ALERTS OFF since."""

    __tablename__ = "alert_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), unique=True
    )
    language: Mapped[str] = mapped_column(String(2), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BadBatchAlert(Base):
    """One alert written by staff, in English and Spanish; ``sent_at`` once every subscriber's
    text was queued, ``recipients`` how many they were (a count only)."""

    __tablename__ = "bad_batch_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_en: Mapped[str] = mapped_column(Text)
    body_es: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    recipients: Mapped[int | None]
