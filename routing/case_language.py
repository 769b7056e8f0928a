"""Whether whoever takes a case can talk with its person, and who on the team can.

Routing offers a case first to those who speak the person's language (``routing.matching``),
but a CLAIM by text can come from anyone the case reached later. While someone who speaks the
language still holds an open offer, the claim asks first; a case taken anyway (or with no such
offer open) tells its claimer and the coordinators who on the team speaks the language, so the
person can still be reached in it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Contact, Offer, Responder
from routing.escalation import UNCLAIMED, record, tell_coordinators
from routing.matching import POLICE, SHARED_LANGUAGE
from routing.offers import LANGUAGE_NAMES
from routing.sending import can_text

if TYPE_CHECKING:
    from hotline.config import Settings

# How many speakers a text names: enough to find help, short enough for one segment or two.
NAMED_AT_MOST = 3
# The coordinators' text's purpose (and the once-per-claim key's first word).
PURPOSE = "language_claim"
# The timeline line of a CLAIM that asked first: a bare YES after it takes the case.
ASKED = "language_asked"
# How long a bare YES answers that ask: later, it may be about something else.
ASK_STANDS = timedelta(minutes=30)


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


def _speakers(session: Session, case: Case, leave_out: int) -> list[Responder]:
    """The active responders, but ``leave_out``, who speak the person's language, whom the
    person would accept, and whose number we may text, in roster order."""
    return [
        responder
        for responder in session.scalars(
            select(Responder).where(Responder.active.is_(True)).order_by(Responder.id)
        )
        if responder.id != leave_out
        and case.language in (responder.languages or ())
        and _may_serve(responder, case)
        and can_text(session.get_one(Contact, responder.contact_id))
    ]


def _passed_ids(session: Session, case: Case) -> set[int]:
    return set(
        session.scalars(
            select(Offer.responder_id).where(Offer.case_id == case.id, Offer.status == "passed")
        )
    )


def speakers_on_the_roster(session: Session, case: Case, leave_out: int) -> list[str]:
    """Names of those who could help reach the person in their language: speakers who can be
    texted and did not pass this case (a name nobody can reach sends the claimer nowhere)."""
    passed = _passed_ids(session, case)
    return [r.name for r in _speakers(session, case, leave_out) if r.id not in passed]


def speakers_who_passed(session: Session, case: Case, leave_out: int) -> list[str]:
    """Names of the speakers who can be texted but passed this case."""
    passed = _passed_ids(session, case)
    return [r.name for r in _speakers(session, case, leave_out) if r.id in passed]


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


def record_ask(session: Session, case: Case, responder: Responder, now: datetime) -> None:
    """The CLAIM asked first: kept on the timeline, and read by a bare YES after it."""
    record(session, case, now, ASKED, actor=responder.name, responder_id=responder.id)


def asked_claims(session: Session, responder: Responder, now: datetime) -> list[Case]:
    """The cases still unclaimed whose CLAIM by ``responder`` asked first within
    ``ASK_STANDS``: what a bare YES from them answers. The claim itself checks again
    whether they may take it."""
    events = session.scalars(
        select(CaseEvent)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(
            CaseEvent.kind == ASKED,
            CaseEvent.at >= now - ASK_STANDS,
            Case.status.in_(UNCLAIMED),
        )
        .order_by(CaseEvent.id)
    )
    ids = [e.case_id for e in events if (e.data or {}).get("responder_id") == responder.id]
    return [session.get_one(Case, case_id) for case_id in dict.fromkeys(ids)]


def claimer_notice(
    case: Case, speakers: list[str], passed: list[str] = (), coordinators_told: bool = True
) -> str:
    """Said to a holder who does not speak the person's language, first thing in the claim.
    ``passed``: speakers who passed this case; ``coordinators_told``: False when no other
    coordinator could be told of the claim, so the holder does not count on one."""
    language = language_name(case)
    said = f"They write in {language}; you are not listed as speaking it."
    if speakers:
        verb = "speaks" if len(speakers) == 1 else "speak"
        pronoun = "them" if len(speakers) == 1 else "one of them"
        helper = f"ask {pronoun} or a coordinator" if coordinators_told else f"ask {pronoun}"
        text = f"{said} {_listed(speakers)} {verb} it: {helper} to help you reach them."
        if not coordinators_told:
            text += " No other coordinator could be told."
        return text
    if passed:
        verb = "speaks" if len(passed) == 1 else "speak"
        said += (
            f" {_listed(passed)}, who {verb} it, passed this case, and nobody else who speaks "
            "it can be texted."
        )
        if coordinators_told:
            return f"{said} Ask a coordinator how to reach them in {language}."
        return f"{said} No other coordinator could be told: {_on_your_own(language)}"
    if coordinators_told:
        return (
            f"{said} Nobody else on the roster does: ask a coordinator how to reach them in "
            f"{language}."
        )
    return (
        f"{said} Nobody else on the roster does, and no other coordinator could be told: "
        f"{_on_your_own(language)}"
    )


def _on_your_own(language: str) -> str:
    return f"find a way to reach them in {language}, or ask the program's staff."


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
