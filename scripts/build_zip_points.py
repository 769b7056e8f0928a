"""Write data/zip_points.csv (every US ZIP's point, primary city and state) from the `zipcodes`
package.

The app reads the small CSV instead of importing `zipcodes`, whose full US data costs each web
process about 37 MB: the points of every ZIP, and the city names of one state only when asked
(``flows.zip_data``). Run again when the package's data changes; a test checks the two agree.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import zipcodes

OUT = Path(__file__).resolve().parent.parent / "data" / "zip_points.csv"
COLUMNS = ("zip", "lat", "lon", "city", "state")


def rows() -> list[tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for row in zipcodes.list_all():
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (KeyError, TypeError, ValueError):
            continue
        city, state = row.get("city") or "", row.get("state") or ""
        found.setdefault(row["zip_code"], (f"{lat:.4f}", f"{lon:.4f}", city, state))
    return [(zip_code, *rest) for zip_code, rest in sorted(found.items())]


def main() -> int:
    with OUT.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows())
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
