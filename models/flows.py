"""Flow scripts as versioned data, so admins can change what the bot says without a deploy."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from models.base import Base, utcnow


class FlowScript(Base):
    """A flow (menu, self-referral, family, naloxone, system) and which version is live."""

    __tablename__ = "flow_scripts"

    flow_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(128), default="")
    published_version: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FlowVersion(Base):
    """One saved version of a flow's script text (YAML). Versions are never edited in place."""

    __tablename__ = "flow_versions"
    __table_args__ = (UniqueConstraint("flow_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flow_id: Mapped[str] = mapped_column(ForeignKey("flow_scripts.flow_id", ondelete="CASCADE"))
    version: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    # SHA-256 of the body: the parsed script is cached by it, so a text needs no body query.
    digest: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft, published, archived
    author: Mapped[str] = mapped_column(String(128), default="system")
    note: Mapped[str] = mapped_column(String(256), default="")
    # The version this one was edited from: a save on a stale base is a conflict.
    base_version: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]

    @validates("body")
    def _digest_body(self, _key: str, body: str) -> str:
        self.digest = body_digest(body)
        return body


def body_digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()
