"""Routing commands: ``flask roster load FILE`` and ``flask partner add|deactivate|rotate-key``.

The roster CSV has a header row and these columns (see ``data/roster.sample.csv``):

    name       the responder's name as colleagues know it
    phone      their mobile number; the key: loading the file again updates, never duplicates
    roles      semicolon-separated: recovery_coach; harm_reduction_specialist;
               family_support_specialist; police_officer; coordinator
    languages  semicolon-separated two-letter codes (en; es); empty means en
    towns      semicolon-separated towns covered; empty means the whole county
    active     yes or no (empty means yes)
    shifts     weekly on-call times in local time, semicolon-separated: "Mon 08:00-16:00;
               Tue 20:00-08:00" (an end at or before the start runs past midnight), day
               ranges "Mon-Fri 09:00-17:00", "Sat 00:00-00:00" for a whole day

Every row is checked first; if any row is wrong, nothing is loaded and each error is printed
with its row number (the header is row 1). A phone is refused as the admin's responder form
refuses it: the hotline's own number, a number outside the US, or a texter's number with a
case on file. Responders missing from the file are left as they
are: set active to no to take someone off the roster (their open cases go back to the team,
as they do for a police officer's peers-only cases).

``flask partner add NAME`` prints a new partner's API key once; ``deactivate NAME`` stops the
key working; ``rotate-key NAME`` prints a new key once and the old one stops working. Each is
written to the audit log.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from flask import Flask
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hotline.api import create_partner, find_town, rotate_partner_key
from hotline.contacts import get_or_create_contact
from hotline.phones import InvalidPhone, normalize_phone
from hotline.responder_phones import responder_phone_problem, responder_with_phone
from models import Partner, Responder, Shift
from models.roster import ROLES
from models.session import session_scope
from routing import runtime
from routing.claims import release_responder_cases

if TYPE_CHECKING:
    from hotline.config import Settings

COLUMNS = ("name", "phone", "roles", "languages", "towns", "active", "shifts")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SHIFT = re.compile(
    r"^(?P<first>[a-z]{3})[a-z]*(?:\s*-\s*(?P<last>[a-z]{3})[a-z]*)?\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$"
)
TRUE = {"", "yes", "y", "true", "1", "active"}
FALSE = {"no", "n", "false", "0", "inactive"}


def init_app(app: Flask) -> None:
    app.cli.add_command(roster_group)
    app.cli.add_command(partner_group)


@dataclass
class RosterRow:
    row: int
    name: str
    phone: str
    roles: list[str]
    languages: list[str]
    towns: list[str]
    active: bool
    shifts: list[tuple[int, time, time]] = field(default_factory=list)


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours == 24 and minutes == 0:
        return time(0)
    return time(hours, minutes)


def parse_shifts(text: str) -> list[tuple[int, time, time]]:
    """ "Mon-Fri 09:00-17:00; Sat 20:00-08:00" → (weekday, start, end) for each day."""
    shifts: list[tuple[int, time, time]] = []
    for part in _split(text):
        match = _SHIFT.match(part.lower())
        if not match or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
            raise ValueError(f"{part!r} is not like 'Mon 08:00-16:00' or 'Mon-Fri 09:00-17:00'")
        try:
            start, end = _clock(match["start"]), _clock(match["end"])
        except ValueError:
            raise ValueError(f"{part!r} has a time that is not HH:MM") from None
        first = DAYS.index(match["first"])
        last = DAYS.index(match["last"]) if match["last"] else first
        days = range(first, last + 1) if last >= first else [*range(first, 7), *range(last + 1)]
        shifts += [(day, start, end) for day in days]
    return shifts


def parse_roster(
    text: str, session: Session, settings: Settings
) -> tuple[list[RosterRow], list[str]]:
    """The rows of a roster CSV, and an error line for each problem found. A phone is
    checked as the admin's responder form checks it; the phone is the key, so a row with a
    responder's number is that responder's."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in ("name", "phone", "roles") if column not in header]
    if missing:
        return [], [f"row 1: missing column(s): {', '.join(missing)}"]
    reader.fieldnames = header
    rows: list[RosterRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        problems: list[str] = []
        name = (raw.get("name") or "").strip()
        if not name:
            problems.append("name is empty")
        phone = ""
        try:
            phone = normalize_phone(raw.get("phone") or "")
        except InvalidPhone as exc:
            problems.append(f"phone: {exc}")
        if phone in seen:
            problems.append(f"phone is already on row {seen[phone]}")
        elif phone:
            seen[phone] = number
            holder = responder_with_phone(session, phone)
            holder_id = holder.id if holder else None
            if problem := responder_phone_problem(session, phone, settings, holder_id):
                problems.append(f"phone: {problem}")
        roles = [role.lower().replace(" ", "_") for role in _split(raw.get("roles"))]
        unknown = [role for role in roles if role not in ROLES]
        if not roles:
            problems.append("roles is empty")
        elif unknown:
            problems.append(f"unknown role(s) {', '.join(unknown)}; use {', '.join(ROLES)}")
        languages = [lang.lower() for lang in _split(raw.get("languages"))] or ["en"]
        if any(not re.fullmatch(r"[a-z]{2}", lang) for lang in languages):
            problems.append("languages must be two-letter codes like en; es")
        towns: list[str] = []
        for town in _split(raw.get("towns")):
            found = find_town(session, town)
            if found is None:
                problems.append(f"unknown town {town!r} (are the towns loaded? flask setup)")
            else:
                towns.append(found)
        active_text = (raw.get("active") or "").strip().lower()
        if active_text not in TRUE | FALSE:
            problems.append("active must be yes or no")
        shifts: list[tuple[int, time, time]] = []
        try:
            shifts = parse_shifts(raw.get("shifts") or "")
        except ValueError as exc:
            problems.append(f"shifts: {exc}")
        if problems:
            errors += [f"row {number}: {problem}" for problem in problems]
            continue
        rows.append(
            RosterRow(number, name, phone, roles, languages, towns, active_text in TRUE, shifts)
        )
    return rows, errors


def load_rows(
    session: Session, rows: list[RosterRow], now: datetime, settings: Settings
) -> tuple[int, int, int, list[str]]:
    """Upsert each responder by phone and replace their weekly shifts; (added, updated,
    unchanged, codes of the cases handed back to the team because their holder may no longer
    keep them). A row that matches what is stored already is left alone and counted unchanged.
    """
    added = updated = unchanged = 0
    released: list[str] = []
    loaded: list[Responder] = []
    for row in rows:
        contact = get_or_create_contact(session, row.phone, now)
        responder = session.scalar(select(Responder).where(Responder.contact_id == contact.id))
        if responder is None:
            responder = Responder(contact_id=contact.id, name=row.name, created_at=now)
            session.add(responder)
            session.flush()
            added += 1
        elif _roster_entry(session, responder) == _row_entry(row):
            unchanged += 1
            loaded.append(responder)
            continue
        else:
            updated += 1
        responder.name = row.name
        responder.roles = row.roles
        responder.languages = row.languages
        responder.towns = row.towns
        responder.active = row.active
        session.flush()
        session.execute(delete(Shift).where(Shift.responder_id == responder.id))
        for weekday, starts, ends in row.shifts:
            session.add(Shift(responder_id=responder.id, weekday=weekday, starts=starts, ends=ends))
        loaded.append(responder)
    session.flush()
    # Only once every row is in: a case handed back is offered by the roster as loaded.
    for responder in loaded:
        cases = release_responder_cases(session, responder, now, settings, "roster load")
        released += [case.code for case in cases]
    session.flush()
    return added, updated, unchanged, released


def _row_entry(row: RosterRow) -> tuple[Any, ...]:
    """What a roster row sets, in a form that compares equal to ``_roster_entry``."""
    return (
        row.name,
        list(row.roles),
        list(row.languages),
        list(row.towns),
        row.active,
        sorted(row.shifts),
    )


def _roster_entry(session: Session, responder: Responder) -> tuple[Any, ...]:
    """What a responder has now, in the shape of ``_row_entry``."""
    shifts = session.execute(
        select(Shift.weekday, Shift.starts, Shift.ends).where(Shift.responder_id == responder.id)
    ).all()
    return (
        responder.name,
        list(responder.roles or ()),
        list(responder.languages or ()),
        list(responder.towns or ()),
        responder.active,
        sorted(tuple(shift) for shift in shifts),
    )


@click.group("roster")
def roster_group() -> None:
    """The on-call roster of responders."""


@roster_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def roster_load(file: Path) -> None:
    """Load responders and their weekly shifts from a CSV (safe to run again)."""
    rt = runtime.current()
    text = file.read_text(encoding="utf-8-sig")
    with session_scope(rt.sessions) as session:
        rows, errors = parse_roster(text, session, rt.settings)
        if errors:
            for error in errors:
                click.echo(error, err=True)
            raise click.ClickException(
                f"{len(errors)} problem(s) in {file.name}; nothing was loaded."
            )
        added, updated, unchanged, released = load_rows(session, rows, rt.clock(), rt.settings)
    click.echo(f"Roster loaded: {added} added, {updated} updated, {unchanged} unchanged.")
    if released:
        click.echo(f"Cases handed back to the team: {', '.join(released)}.")


@click.group("partner")
def partner_group() -> None:
    """Partner organisations that refer people through the API."""


@partner_group.command("add")
@click.argument("name")
def partner_add(name: str) -> None:
    """Add a partner and print its API key (shown this once only)."""
    rt = runtime.current()
    name = name.strip()
    if not name:
        raise click.BadParameter("give the partner's name", param_hint="NAME")
    with session_scope(rt.sessions) as session:
        if session.scalar(select(Partner.id).where(Partner.name == name)) is not None:
            raise click.ClickException(f"a partner named {name!r} already exists")
        partner, key = create_partner(session, name, rt.clock())
        _audit(session, "partner.add", partner)
    click.echo(f"Partner {name!r} added. Its API key (shown once; store it safely):")
    click.echo(key)


def _audit(session: Session, action: str, partner: Partner, **data: object) -> None:
    from hotline.admin.audit import audit

    audit(session, action, f"partner:{partner.id}", {"name": partner.name, **data}, actor_id=None)


def _partner_named(session: Session, name: str) -> Partner:
    partner = session.scalar(select(Partner).where(Partner.name == name.strip()))
    if partner is None:
        raise click.ClickException(f"no partner is named {name.strip()!r}")
    return partner


@partner_group.command("deactivate")
@click.argument("name")
def partner_deactivate(name: str) -> None:
    """Stop a partner's API key working (a referral with it gets 401); its cases stay."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        partner = _partner_named(session, name)
        if not partner.active:
            click.echo(f"Partner {partner.name!r} was already deactivated.")
            return
        partner.active = False
        _audit(session, "partner.deactivate", partner)
        label = partner.name
    click.echo(f"Partner {label!r} deactivated: its API key no longer works.")


@partner_group.command("rotate-key")
@click.argument("name")
def partner_rotate_key(name: str) -> None:
    """Give a partner a new API key and print it (shown this once only); the old key stops
    working at once. A deactivated partner is active again with the new key."""
    rt = runtime.current()
    with session_scope(rt.sessions) as session:
        partner = _partner_named(session, name)
        reactivated = not partner.active
        key = rotate_partner_key(session, partner)
        _audit(session, "partner.rotate_key", partner, reactivated=reactivated)
        label = partner.name
    click.echo(
        f"Partner {label!r} has a new API key"
        + (" and is active again" if reactivated else "")
        + ". The old key no longer works. The new key (shown once; store it safely):"
    )
    click.echo(key)
