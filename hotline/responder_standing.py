"""Where responders stand now, for staff choosing one by hand: whether a text reaches them,
whether they are on call, which languages they speak.

Routing weighs these itself (``routing.oncall``, ``routing.matching``). A coordinator giving a
case from the admin, or putting someone on call, sees the same facts, so a Spanish speaker's
case does not go unawares to someone who cannot talk with them, and a night is not "covered"
by a phone that takes no texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Contact, OnCallOverride, Responder
from routing.offers import LANGUAGE_NAMES
from routing.oncall import is_on_call, load_roster

ON_CALL_NOW = "on call now"
NOT_ON_CALL = "not on call now"


def why_no_texts(contact: Contact | None) -> str | None:
    """Why a responder's number gets no offers whatever their shifts say, or None."""
    if contact is not None and contact.opted_out:
        return "opted out of texts: no offers until they text START"
    if contact is not None and contact.invalid_at is not None:
        return "carriers refuse texts to the number: no offers"
    return None


def on_call_override_problem(session: Session, responder: Responder) -> str:
    """Why putting this responder on call would cover nothing, or "": no offer reaches a
    number that texted STOP (until START) or that carriers refuse."""
    contact = session.get(Contact, responder.contact_id)
    if contact is not None and contact.opted_out:
        why = f"{responder.name} texted STOP, so no offer can reach them until they text START"
        fix = "Ask them to text START to the hotline first"
    elif contact is not None and contact.invalid_at is not None:
        why = f"carriers refuse texts to {responder.name}'s number, so no offer can reach them"
        fix = "Correct their number first"
    else:
        return ""
    return f"{why}: these hours would not be covered. {fix}, or choose someone else"


@dataclass(frozen=True)
class Standing:
    """One responder now: on call or not (``off_why`` says why not, when known)."""

    responder_id: int
    name: str
    roles: tuple[str, ...]
    languages: tuple[str, ...]
    on_call: bool
    off_why: str = ""

    def speaks(self, language: str) -> bool:
        return language in self.languages

    @property
    def status(self) -> str:
        if self.on_call:
            return ON_CALL_NOW
        return self.off_why or NOT_ON_CALL


def _short_time(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def standings(
    session: Session, responders: Iterable[Responder], now: datetime, tz: str
) -> dict[int, Standing]:
    """Each active responder's standing at ``now``, by id, as routing would see it."""
    zone = ZoneInfo(tz)
    roster = {entry.responder_id: entry for entry in load_roster(session, now)}
    off_overrides: dict[int, OnCallOverride] = {}
    for override in session.scalars(
        select(OnCallOverride)
        .where(
            OnCallOverride.on_call.is_(False),
            OnCallOverride.starts_at <= now,
            OnCallOverride.ends_at > now,
        )
        .order_by(OnCallOverride.ends_at)
    ):
        off_overrides[override.responder_id] = override  # the latest end wins
    found: dict[int, Standing] = {}
    for responder in responders:
        entry = roster.get(responder.id)
        on_call = entry is not None and is_on_call(entry, now, zone)
        off_why = ""
        if entry is not None and not on_call:
            override = off_overrides.get(responder.id)
            if not entry.reachable:
                off_why = "off: can't be texted"
            elif not entry.available:
                off_why = "off: texted OFF"
            elif override is not None:
                note = f" ({override.note})" if override.note else ""
                off_why = f"off until {_short_time(override.ends_at, zone)}{note}"
        found[responder.id] = Standing(
            responder.id,
            responder.name,
            tuple(responder.roles or ()),
            tuple(responder.languages or ("en",)),
            on_call,
            off_why,
        )
    return found


def languages_said(standing: Standing, language: str) -> str:
    """ "English, Spanish", or "English only, no Spanish" when they lack the case's language."""
    names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in standing.languages)
    if standing.speaks(language):
        return names
    return f"{names} only, no {LANGUAGE_NAMES.get(language, language)}"


def choice_label(standing: Standing, language: str) -> str:
    """ "Ana (recovery coach; English only, no Spanish; on call now)": a name in the admin's
    "Claim for" list."""
    roles = ", ".join(role.replace("_", " ") for role in standing.roles)
    return f"{standing.name} ({roles}; {languages_said(standing, language)}; {standing.status})"


def choice_rank(standing: Standing, language: str) -> int:
    """On call and speaking the person's language first, then on call, then speaking it."""
    return (0 if standing.on_call else 2) + (0 if standing.speaks(language) else 1)


@dataclass(frozen=True)
class Doubts:
    """What to know before giving a case to a responder: ``kinds`` ("language", "off_call")
    and a sentence saying them. Only a language the responder lacks asks for a confirmation:
    a case given to someone off call still reaches them by text."""

    name: str
    kinds: tuple[str, ...]
    text: str

    @property
    def ask(self) -> bool:
        return "language" in self.kinds


def doubts_about(standing: Standing, language: str) -> Doubts:
    """Why giving a case in ``language`` to this responder may fail the person."""
    kinds: list[str] = []
    said: list[str] = []
    if not standing.speaks(language):
        kinds.append("language")
        name = LANGUAGE_NAMES.get(language, language)
        said.append(f"does not speak {name}, the person's language")
    if not standing.on_call:
        kinds.append("off_call")
        why = f" ({standing.off_why})" if standing.off_why else ""
        said.append(f"is {NOT_ON_CALL}{why}")
    text = f"{standing.name} {', and '.join(said)}." if said else ""
    return Doubts(standing.name, tuple(kinds), text)
