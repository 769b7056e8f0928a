"""Towns, ZIP codes and naloxone sites: data an admin can replace."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Town(Base):
    __tablename__ = "towns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    county: Mapped[str] = mapped_column(String(64), default="Hampshire")
    state: Mapped[str] = mapped_column(String(2), default="MA")
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    lat: Mapped[float]
    lon: Mapped[float]


class TownZip(Base):
    """ZIP codes cross town lines, so a ZIP maps to several towns and a town to several ZIPs."""

    __tablename__ = "town_zips"

    zip: Mapped[str] = mapped_column(String(5), primary_key=True)
    town_id: Mapped[int] = mapped_column(
        ForeignKey("towns.id", ondelete="CASCADE"), primary_key=True
    )
    primary: Mapped[bool] = mapped_column(default=True)


class Site(Base):
    """A place to get naloxone (and maybe test strips or syringe services)."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(String(256))
    town: Mapped[str] = mapped_column(String(64))
    zip: Mapped[str] = mapped_column(String(5))
    lat: Mapped[float]
    lon: Mapped[float]
    # Opening hours in a small text format, e.g. "Mon-Fri 09:00-17:00; Sat 10:00-14:00" or "24/7".
    hours: Mapped[str] = mapped_column(String(256), default="")
    phone: Mapped[str | None] = mapped_column(String(32))
    naloxone: Mapped[bool] = mapped_column(default=True)
    test_strips: Mapped[bool] = mapped_column(default=False)
    syringe_services: Mapped[bool] = mapped_column(default=False)
    # Sample rows shipped with the code are unverified until an admin confirms them.
    verified: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    notes: Mapped[str] = mapped_column(String(512), default="")


class NaloxoneSearch(Base):
    """A naloxone-finder search, kept without who asked: shows where people look and find none.

    An active responder's searches are not kept: they are the team's work, not the public's."""

    __tablename__ = "naloxone_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    town: Mapped[str | None] = mapped_column(String(64))
    zip: Mapped[str | None] = mapped_column(String(5))
    results: Mapped[int] = mapped_column(default=0)
    nearest_km: Mapped[float | None]
