"""People who text the hotline, and their opt-out history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow
from models.crypto import EncryptedText


class Contact(Base):
    """One phone number. Stored encrypted; found by its keyed hash."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Which lookup key made phone_hash (``crypto.lookup_key_id``); NULL for rows hashed before
    # lookup keys could rotate (all under the one key of that time) and for unlinked rows.
    phone_hash_key: Mapped[str | None] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(EncryptedText)
    language: Mapped[str] = mapped_column(String(2), default="en")
    opted_out_at: Mapped[datetime | None]
    # The person told us: no police. Every case of theirs is peers only, now and later.
    refuses_police: Mapped[bool] = mapped_column(default=False, server_default=false())
    invalid_at: Mapped[datetime | None]
    # When a responder moved to another phone and left this number behind: what it texted and
    # was texted as the team's (a claimed case's details, notes) stays the team's, so erasing
    # a person still finds it there.
    left_team_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_inbound_at: Mapped[datetime | None]

    @property
    def opted_out(self) -> bool:
        return self.opted_out_at is not None


class OptOutEvent(Base):
    """Every opt-out and opt-in, with where it came from (keyword, carrier error, admin)."""

    __tablename__ = "opt_out_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(8))  # "out" or "in"
    source: Mapped[str] = mapped_column(String(32))  # "keyword", "twilio_21610", "admin"
    at: Mapped[datetime] = mapped_column(default=utcnow)
