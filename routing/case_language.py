"""Whether whoever takes a case can talk with its person, and who on the team can.

Routing offers a case first to those who speak the person's language (``routing.matching``),
but a CLAIM by text can come from anyone the case reached later. While someone who speaks the
language still holds an open offer, the claim asks first; a case taken anyway (or with no such
offer open) tells its claimer and the coordinators who on the team speaks the language, so the
person can still be reached in it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, Offer, Responder
from routing.escalation import tell_coordinators
from routing.matching import POLICE, SHARED_LANGUAGE
from routing.offers import LANGUAGE_NAMES

if TYPE_CHECKING:
    from hotline.config import Settings

# How many speakers a text names: enough to find help, short enough for one segment or two.
NAMED_AT_MOST = 3
# The coordinators' text's purpose (and the once-per-claim key's first word).
PURPOSE = "language_claim"


def language_name(case: Case) -> str:
    return LANGUAGE_NAMES.get(case.language, case.language)


def speaks_case_language(responder: Responder, case: Case) -> bool:
    """Every responder speaks the shared language; any other, only those listed for it."""
    return case.language == SHARED_LANGUAGE or case.language in (responder.languages or ())


def _may_serve(responder: Responder, case: Case) -> bool:
    """Someone the person would accept and whose own number the case is not about."""
    police = POLICE in (responder.roles or ())
    return not (case.peers_only and police) and responder.contact_id != case.contact_id


def speakers_holding_offers(session: Session, case: Case, leave_out: int) -> list[str]:
    """Names of those, but ``leave_out``, who hold an open offer of the case and speak the
    person's language, in the order they were offered it."""
    holders = session.scalars(
        select(Responder)
        .join(Offer, Offer.responder_id == Responder.id)
        .where(Offer.case_id == case.id, Offer.status == "open", Responder.id != leave_out)
        .order_by(Offer.id)
    ).all()
    names: list[str] = []
    for responder in holders:
        if speaks_case_language(responder, case) and responder.name not in names:
            names.append(responder.name)
    return names


def speakers_on_the_roster(session: Session, case: Case, leave_out: int) -> list[str]:
    """Names of the active responders, but ``leave_out``, who speak the person's language and
    whom the person would accept, in roster order."""
    return [
        responder.name
        for responder in session.scalars(
            select(Responder).where(Responder.active.is_(True)).order_by(Responder.id)
        )
        if responder.id != leave_out
        and case.language in (responder.languages or ())
        and _may_serve(responder, case)
    ]


def _listed(names: list[str]) -> str:
    named = names[:NAMED_AT_MOST]
    if len(named) == 1:
        return named[0]
    return ", ".join(named[:-1]) + " and " + named[-1]


def ask_before_claim(case: Case, speakers: list[str]) -> str:
    """The question a CLAIM gets while ``speakers`` hold an open offer (GSM-7, one segment
    for a short name)."""
    who = (
        f"{_listed(speakers)}, who speaks {language_name(case)}, has"
        if len(speakers) == 1
        else f"{_listed(speakers)}, who speak {language_name(case)}, have"
    )
    return (
        f"Case {case.code}: the person writes in {language_name(case)} and {who} it too. "
        f"Reply CLAIM {case.code} YES to take it anyway."
    )


def claimer_notice(case: Case, speakers: list[str]) -> str:
    """Said to a holder who does not speak the person's language, first thing in the claim."""
    language = language_name(case)
    said = f"They write in {language}; you are not listed as speaking it."
    if not speakers:
        return (
            f"{said} Nobody else on the roster does: ask a coordinator how to reach them in "
            f"{language}."
        )
    verb = "speaks" if len(speakers) == 1 else "speak"
    pronoun = "them" if len(speakers) == 1 else "one of them"
    return (
        f"{said} {_listed(speakers)} {verb} it: ask {pronoun} or a coordinator to help you "
        "reach them."
    )


def coordinator_notice(case: Case, claimer: Responder, speakers: list[str]) -> str:
    language = language_name(case)
    said = (
        f"Case {case.code} (the person writes in {language}) was claimed by {claimer.name}, "
        f"who is not listed as speaking {language}."
    )
    if not speakers:
        return (
            f"{said} Nobody on the roster speaks it: please help find a way to reach the "
            f"person in {language}."
        )
    verb = "speaks" if len(speakers) == 1 else "speak"
    return (
        f"{said} {_listed(speakers)} {verb} it: help them reach the person, or reassign the "
        "case in the admin."
    )


def tell_coordinators_of_claim(
    session: Session, case: Case, claimer: Responder, now: datetime, settings: Settings
) -> bool:
    """Once per claim, the coordinators (but the claimer) hear that the case went to someone
    who does not speak the person's language, and who does. False when nobody was told."""
    speakers = speakers_on_the_roster(session, case, leave_out=claimer.id)
    return tell_coordinators(
        session,
        case,
        now,
        settings,
        PURPOSE,
        coordinator_notice(case, claimer, speakers),
        occasion=f":{claimer.id}:{now.isoformat()}",
        leave_out=claimer.id,
    )
