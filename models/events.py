"""Program events with no personal data: emergencies seen, crisis referrals, help requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class ProgramEvent(Base):
    """A count for program evaluation, kept without who or what was said."""

    __tablename__ = "program_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2), default="en")
