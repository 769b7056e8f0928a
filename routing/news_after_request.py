"""News a person texts after their request that changes what the team must do: a death told
("my son died last night") or suicide or self-harm spoken of ("i want to die"). The person is
answered by the engine (condolences and grief support, or 988) and the words go on the case
as a note (``routing.person_notes``); here the team is told, once per case under its row lock.

A death: whoever holds the case and the coordinators on call, so nobody calls a grieving
parent about getting their son into treatment. Suicide or self-harm: the coordinators on call,
on a case nobody holds yet (a holder reads the words in the note). Either way a line on the
timeline, so the next offer and the claim say so. No text here holds the person's words.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Contact, Responder
from routing.claims import HELD, THE_PERSON, open_cases_locked
from routing.escalation import record, tell_coordinators
from routing.late_requests import told_before, who_has_it
from routing.offers import tell_holder
from routing.police_fear_told import POLICE_FEAR_TOLD, SAID_SINCE
from routing.withdrawals import own_open_requests

if TYPE_CHECKING:
    from hotline.config import Settings

DEATH_TOLD = "death_told"
CRISIS_TOLD = "crisis_told"


def tell_of_news(
    session: Session, contact: Contact, now: datetime, settings: Settings, kind: str
) -> list[Case]:
    """Tell the team of ``kind`` on each of the person's open requests made by text, once per
    case (each under its row lock, so two texts at once tell them once). Returns the cases
    told of now."""
    ids = set(session.scalars(own_open_requests(contact)).all())
    told = []
    for case in open_cases_locked(session, contact):
        if case.id not in ids or told_before(session, case, kind):
            continue
        holder = session.get(Responder, case.claimed_by_id) if case.status in HELD else None
        extra = {}
        if kind == DEATH_TOLD and holder is not None and holder.active:
            body = f"Case {case.code}: {_told(case, kind)} Please keep it in mind when you call."
            extra.update(tell_holder(session, case, holder.id, body, kind, now))
        if kind == DEATH_TOLD or holder is None:
            notice = coordinators_notice(case, kind, holder)
            leave_out = holder.id if holder is not None else None
            extra["coordinators_told"] = tell_coordinators(
                session, case, now, settings, kind, notice, leave_out=leave_out
            )
        record(session, case, now, kind, actor=THE_PERSON, **extra)
        told.append(case)
    return told


def coordinators_notice(case: Case, kind: str, holder: Responder | None) -> str:
    """GSM-7, and no person's words or details."""
    ask = (
        "Please make sure whoever reaches them knows."
        if kind == DEATH_TOLD
        else "Please make sure someone reaches them soon."
    )
    return f"Case {case.code}: {_told(case, kind)} {who_has_it(holder)} {ask}"


def told_since_request(session: Session, case: Case) -> str:
    """What the person told since their request, as sentences for the offer and the claim
    ("" when nothing): never their words. Fear of police, only while the case is Police OK
    (once they refuse police, "Peers only" says it all)."""
    kinds = set(
        session.scalars(
            select(CaseEvent.kind).where(
                CaseEvent.case_id == case.id,
                CaseEvent.kind.in_((DEATH_TOLD, CRISIS_TOLD, POLICE_FEAR_TOLD)),
            )
        )
    )
    said = [_said(case, kind) for kind in (DEATH_TOLD, CRISIS_TOLD) if kind in kinds]
    if POLICE_FEAR_TOLD in kinds and not case.peers_only:
        said.append(SAID_SINCE)
    return " ".join(said)


def _told(case: Case, kind: str) -> str:
    """What the coordinators and holder are told happened, in a sentence."""
    if kind == DEATH_TOLD:
        return _said(case, kind) + " They were sent condolences, grief support and 988."
    return "the person spoke of suicide or self-harm after asking and was given 988."


def _said(case: Case, kind: str) -> str:
    if kind == CRISIS_TOLD:
        return "The person spoke of suicide or self-harm after asking: reach them soon."
    if case.kind == "family":
        return "The family told us their loved one died."
    return "The person told us someone close to them died."
