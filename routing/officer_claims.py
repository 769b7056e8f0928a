"""An officer's CLAIM of a case whose person said police scare them since asking
(``routing.police_fear_told``) asks first, as a CLAIM without the person's language does
(``routing.case_language``): leave it to a peer with PASS, or CLAIM and the code with YES if a
peer can't. Taken anyway, the coordinators are told, to check in with the officer or hand the
case to a peer. The case stays Police OK: fear is no refusal."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Case, CaseEvent, Responder
from routing.escalation import tell_coordinators
from routing.matching import POLICE

if TYPE_CHECKING:
    from hotline.config import Settings

# The timeline's word for the fear told (``routing.police_fear_told`` writes it).
POLICE_FEAR_TOLD = "police_fear_told"
# The coordinators' text's purpose when an officer takes such a case anyway.
PURPOSE = "officer_claim"


def fear_told_to_officer(session: Session, case: Case, roles: list[str]) -> bool:
    """A police officer (``roles``) and a Police OK case whose person said police scare them."""
    if POLICE not in roles or case.peers_only:
        return False
    told = select(CaseEvent.id).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == POLICE_FEAR_TOLD
    )
    return session.scalar(told.limit(1)) is not None


def ask_before_claim(case: Case) -> str:
    """The question an officer's CLAIM gets (GSM-7, one segment): no phone or name before YES."""
    return (
        f"Case {case.code}: the person said police scare them. Leave it to a peer with PASS "
        f"{case.code}, or reply CLAIM {case.code} YES if a peer can't."
    )


def coordinator_notice(case: Case, officer: Responder) -> str:
    return (
        f"Case {case.code} was claimed by {officer.name}, a police officer, after the person "
        "said police scare them. It stays Police OK unless they text NO POLICE: check in with "
        f"{officer.name}, or reassign it to a peer in the admin."
    )


def tell_coordinators_of_officer_claim(
    session: Session, case: Case, officer: Responder, now: datetime, settings: Settings
) -> bool:
    """Once per claim, the coordinators (but the officer) hear that an officer took it anyway.
    False when nobody was told."""
    return tell_coordinators(
        session,
        case,
        now,
        settings,
        PURPOSE,
        coordinator_notice(case, officer),
        occasion=f":{officer.id}:{now.isoformat()}",
        leave_out=officer.id,
    )
