"""Conversation state and every message in and out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.crypto import EncryptedJSON, EncryptedText


class ConversationSession(Base):
    """The flow engine's state for one contact (one live conversation per number).

    Encrypted: its saved answers are what the person texted (the name to use, a town).
    """

    __tablename__ = "conversation_sessions"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Message(Base):
    """One SMS, inbound or outbound. Outbound rows are written before anything is sent."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_contact_created", "contact_id", "created_at"),
        Index("ix_messages_status_direction", "direction", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(3))  # "in" or "out"
    # Cleared by the retention job; the row (and its figures) stays.
    body: Mapped[str | None] = mapped_column(EncryptedText)
    # Twilio's MessageSid (SM…): unique, so a retried webhook is recognised.
    sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Outbound only: a stable key so a re-run job never sends the same text twice.
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="received")
    error_code: Mapped[int | None]
    purpose: Mapped[str] = mapped_column(String(16), default="reply")
    channel: Mapped[str] = mapped_column(String(8), default="twiml")  # "twiml" or "rest"
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    num_media: Mapped[int] = mapped_column(default=0)
    segments: Mapped[int] = mapped_column(default=1)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    status_at: Mapped[datetime | None]
