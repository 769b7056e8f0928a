"""The naloxone finder's answer: nearby sites as one short text.

A line per site carries its name, address, phone, hours, open-now and what else it offers;
what every site shares ("all closed now", "unverified listings: call ahead") is said once, in
the first line, so three sites fit in about three SMS segments. The words are script strings,
rendered by the engine's ``say`` (name, variables) so admins can edit them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows.hours_text import hours_text, open_around_the_clock, opening_text

Say = Callable[..., str]
OFFERS = ("test_strips", "syringe_services")  # naloxone goes without saying here


@dataclass(frozen=True)
class SupplyFound:
    """A search for a supply ("test_strips", "syringe_services" or either, "supplies"), and
    whether no site near had it, so the list is of the nearest that do."""

    supply: str
    far: bool = False

    @property
    def flags(self) -> tuple[str, ...]:
        return ("test_strips", "syringe_services") if self.supply == "supplies" else (self.supply,)


def supply_name(supply: str, say: Say) -> str:
    """ "test strips", "syringes", or "test strips or syringes", in the texter's words."""
    flags = SupplyFound(supply).flags
    return f" {say('or')} ".join(say(f"offers_{flag}") for flag in flags)


def _sentence(part: str) -> str:
    return part[:1].upper() + part[1:]


def _opens(row: Mapping[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(row["opens"]) if row.get("opens") else None
    except (TypeError, ValueError):
        return None


def site_list_text(
    rows: Sequence[Mapping[str, Any]],
    place: str,
    say: Say,
    language: str,
    now: datetime,
    asked_open_now: bool = False,
    supply: SupplyFound | None = None,
) -> str:
    """The header with what every site shares, then one line per site. A supply's header
    names it; its lines leave it out of what each site "also" offers."""
    states = {row.get("open_now") for row in rows}
    all_same = len(states) == 1 and None not in states
    if supply is None:
        notes = [say("sites_header", {"place": place})]
    else:
        header = "supply_none_near" if supply.far else "supply_sites_header"
        named = {"place": place, "supply": supply_name(supply.supply, say)}
        notes = [_sentence(say(header, named))]
    said = supply.flags if supply is not None and supply.supply != "supplies" else ()
    if asked_open_now and True not in states:
        notes.append(say("none_open_now"))
        notes.extend(_next_openings(rows, say, language, now))
    elif all_same:
        notes.append(say("all_open_now" if True in states else "all_closed_now"))
    all_unverified = not any(row.get("verified") for row in rows)
    if all_unverified:
        notes.append(say("unverified_all"))
    lines = [" ".join(n for n in notes if n)]
    for number, row in enumerate(rows, 1):
        line = _site_line(row, say, language, all_same, all_unverified, said)
        lines.append(f"{number}) {line}")
    return "\n".join(lines)


def _next_openings(
    rows: Sequence[Mapping[str, Any]], say: Say, language: str, now: datetime
) -> list[str]:
    """When the nearest site opens, and a listed one that opens before it."""
    opens = [_opens(row) for row in rows]
    nearest = opens[0]
    said = []
    if nearest is not None:
        said.append(say("opens_next", {"when": opening_text(nearest, now, language)}))
    known = [(when, number) for number, when in enumerate(opens, 1) if when is not None]
    if known:
        soonest, number = min(known)
        if nearest is None or soonest < nearest:
            when = opening_text(soonest, now, language)
            said.append(say("opens_sooner", {"number": str(number), "when": when}))
    return said


def _site_line(
    row: Mapping[str, Any],
    say: Say,
    language: str,
    open_said: bool,
    verified_said: bool,
    offers_said: Sequence[str] = (),
) -> str:
    """One site: "Name, address, phone. Hours. Open now. Also test strips" (no final stop)."""
    where = [row.get("name"), row.get("address"), row.get("phone")]
    parts = [", ".join(str(p) for p in where if p)]
    hours = row.get("hours") or ""
    if hours:
        parts.append(hours_text(hours, language) or say("hours_unknown"))
    if row.get("open_now") is not None and not open_said and not open_around_the_clock(hours):
        parts.append(say("open_now" if row["open_now"] else "closed_now"))
    offers = [say(f"offers_{key}") for key in OFFERS if row.get(key) and key not in offers_said]
    if offers:
        parts.append(say("offers_also", {"offers": ", ".join(offers)}))
    if not row.get("verified") and not verified_said:
        parts.append(say("unverified"))
    return ". ".join(_sentence(p) for p in parts if p)
