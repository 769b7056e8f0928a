"""Every US ZIP's point, and the towns of a state by name, from the shipped ZIP file.

data/zip_points.csv is made from the `zipcodes` data by scripts/build_zip_points.py (zip, lat,
lon, primary city, state). Reading it here costs a few MB, where the package holds about 37 MB:
every ZIP's point is kept, city names only for the states asked about (a few hundred towns).
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

ZIP_POINTS_CSV = Path(__file__).resolve().parent.parent / "data" / "zip_points.csv"


@functools.cache
def _zip_points() -> dict[str, tuple[float, float]]:
    """Every US ZIP's point, read once."""
    with ZIP_POINTS_CSV.open(newline="") as handle:
        rows = csv.DictReader(handle)
        return {row["zip"]: (float(row["lat"]), float(row["lon"])) for row in rows}


def all_zip_points() -> dict[str, tuple[float, float]]:
    """Every US ZIP with its latitude and longitude."""
    return _zip_points()


def zip_point(zip_code: str) -> tuple[float, float] | None:
    """The latitude and longitude of a US ZIP, or None."""
    if not isinstance(zip_code, str):
        return None
    return _zip_points().get(zip_code)


@functools.cache
def state_towns(state: str) -> dict[str, tuple[str, ...]]:
    """The towns of one state ("MA"): each ZIP's primary city, with its ZIPs."""
    towns: dict[str, list[str]] = {}
    with ZIP_POINTS_CSV.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["state"] == state and row["city"]:
                towns.setdefault(row["city"], []).append(row["zip"])
    return {name: tuple(zips) for name, zips in sorted(towns.items())}


@functools.cache
def _state_cities(state: str) -> dict[str, str]:
    """Each ZIP of one state with its primary city."""
    return {code: city for city, codes in state_towns(state).items() for code in codes}


def zip_city(zip_code: str, state: str) -> str | None:
    """The primary city of a ZIP in ``state`` ("01375", "MA": "Sunderland"), else None."""
    return _state_cities(state).get(zip_code)
