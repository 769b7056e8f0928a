"""Towns, ZIP codes and naloxone sites as plain data, and the naloxone finder's look-ups.

Pure: built from rows the caller loads (or from the shipped CSV files), no database here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TownInfo:
    name: str
    zips: tuple[str, ...]
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()
    county: str = "Hampshire"


@dataclass(frozen=True)
class SiteInfo:
    name: str
    address: str
    town: str
    zip: str
    lat: float
    lon: float
    hours: str = ""
    phone: str | None = None
    naloxone: bool = True
    test_strips: bool = False
    syringe_services: bool = False
    verified: bool = False
    id: int | None = None


@dataclass(frozen=True)
class PlaceMatch:
    """What a texter's place answer resolved to.

    kind: "town" (one town), "zip" (a ZIP code; towns lists the towns it serves, maybe several),
    "none" (nothing matched; suggestions holds the closest town names).
    """

    kind: str
    towns: tuple[TownInfo, ...] = ()
    zip: str | None = None
    lat: float | None = None
    lon: float | None = None
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class NearbySite:
    site: SiteInfo
    km: float
    open_now: bool | None  # None when the hours are unknown or unparseable


@dataclass(frozen=True)
class Directory:
    towns: tuple[TownInfo, ...] = ()
    sites: tuple[SiteInfo, ...] = field(default_factory=tuple)

    def resolve(self, text: str) -> PlaceMatch:
        """Turn "northhampton", "noho", "01060" or "narcan in amherst" into a place."""
        raise NotImplementedError

    def nearest_sites(self, match: PlaceMatch, now: datetime, limit: int = 3) -> list[NearbySite]:
        """Up to ``limit`` active naloxone sites nearest the place, with open-now in local time."""
        raise NotImplementedError
