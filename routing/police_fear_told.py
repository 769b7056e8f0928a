"""Fear of police told after a request that said police may reach out ("wait is a cop gonna
call me? cops scare me"): no officer should act on the case before reading it.

Fear is no refusal (the person was told NO POLICE makes it peers only, and the case stays as
they chose until they say so), so nothing is withdrawn. Instead, once per case under its row
lock: a line on the timeline, which every later offer and the CLAIM reply say, and which
makes an officer's CLAIM ask first (``routing.officer_claims``)
(``routing.news_after_request.told_since_request``), and a text now to each police officer
holding an open offer of the case (asked to PASS it to a peer) or holding the case (asked to
hand it back, or keep it in mind once they reached the person). Others need no text now:
whoever claims reads it in the CLAIM reply, and the holder reads the words in the note
(``routing.person_notes``). No text here holds the person's words.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models import Case, Contact, Responder
from routing.claims import HELD, THE_PERSON, open_cases_locked, police_with_open_offers
from routing.escalation import record
from routing.late_requests import told_before
from routing.matching import POLICE
from routing.offers import tell_holder, text_responder
from routing.officer_claims import POLICE_FEAR_TOLD
from routing.withdrawals import own_open_requests

# In offers and the CLAIM reply, while the case stays Police OK.
SAID_SINCE = (
    "Since asking, the person said police scare them. It stays Police OK unless they text NO "
    "POLICE, but an officer should leave it to a peer."
)


def tell_of_police_fear(session: Session, contact: Contact, now: datetime) -> list[Case]:
    """Put the fear on each of the person's open police-OK requests made by text, once per
    case, and text the officers offered or holding it. Returns the cases told of now."""
    ids = set(session.scalars(own_open_requests(contact)).all())
    told = []
    for case in open_cases_locked(session, contact):
        if case.id not in ids or case.peers_only or told_before(session, case, POLICE_FEAR_TOLD):
            continue
        officers = police_with_open_offers(session, case)
        for officer_id in officers:
            text_responder(
                session,
                officer_id,
                offered_notice(case),
                purpose=POLICE_FEAR_TOLD,
                idempotency_key=f"{POLICE_FEAR_TOLD}:{case.id}:{officer_id}",
                case_id=case.id,
                now=now,
            )
        extra = {"officers_offered": officers} if officers else {}
        holder = session.get(Responder, case.claimed_by_id) if case.status in HELD else None
        if holder is not None and holder.active and POLICE in (holder.roles or ()):
            body = holder_notice(case)
            extra.update(tell_holder(session, case, holder.id, body, POLICE_FEAR_TOLD, now))
        record(session, case, now, POLICE_FEAR_TOLD, actor=THE_PERSON, **extra)
        told.append(case)
    return told


def offered_notice(case: Case) -> str:
    """To an officer with the offer open: GSM-7, no person's words."""
    return (
        f"Case {case.code}: since asking, the person said police scare them. It stays Police OK "
        f"unless they text NO POLICE, but please leave it to a peer: PASS {case.code}."
    )


def holder_notice(case: Case) -> str:
    """To an officer holding the case: hand it back, or once they reached the person (no
    RELEASE then), keep it in mind."""
    reached = case.contacted_at is not None or case.status == "contacted"
    ask = (
        "Please keep it in mind, or ask a coordinator to hand it to a peer."
        if reached
        else f"Please hand it to a peer: RELEASE {case.code}."
    )
    return (
        f"Case {case.code}: since asking, the person said police scare them. It stays Police OK "
        f"unless they text NO POLICE. {ask}"
    )
