"""Write data/zip_points.csv (every US ZIP's latitude and longitude) from the `zipcodes` package.

The app reads the small CSV instead of importing `zipcodes`, whose full US data costs each web
process about 37 MB. Run again when the package's data changes; a test checks the two agree.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import zipcodes

OUT = Path(__file__).resolve().parent.parent / "data" / "zip_points.csv"


def rows() -> list[tuple[str, str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for row in zipcodes.list_all():
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (KeyError, TypeError, ValueError):
            continue
        found.setdefault(row["zip_code"], (f"{lat:.4f}", f"{lon:.4f}"))
    return [(zip_code, *point) for zip_code, point in sorted(found.items())]


def main() -> int:
    with OUT.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("zip", "lat", "lon"))
        writer.writerows(rows())
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
