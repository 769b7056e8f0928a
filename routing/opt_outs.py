"""A person opts out of texts: our own list, and a word to whoever holds a case of theirs.

STOP stops texts, not help: the person's cases stay open, and an unclaimed one stays on offer
(offers go to responders, never to the person). A responder who already holds one may be about
to text them, though, so each holder is told once by SMS, and the case's timeline says so.

A responder on the roster who opts out gets no offers or case texts either: their open offers
go on to the team at once, as after OFF, and the coordinators hear of the cases they still
hold, which nobody can text them about now; when they opt back in (START), that they can
be reached again.

An opt-out (and a wrong number) also ends a sign-up for bad batch alerts: START lets texts
through again but is no consent to alerts, which are asked for again with ALERTS.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Case, Contact, OptOutEvent, Responder
from routing import runtime
from routing.bad_batch_alerts import unsubscribe as unsubscribe_alerts
from routing.claims import HELD, THE_PERSON, WRONG_NUMBER, open_cases_locked
from routing.escalation import lock_case, record, tell_coordinators_of_held_cases
from routing.intake import case_details
from routing.late_requests import tell_of_text_after_closing
from routing.off_call import withdraw_open_offers
from routing.offers import tell_holder, text_only
from routing.unreachable import IF_START_YOU_HEAR, NO_WAY


def record_opt_out(session: Session, contact: Contact, now: datetime, *, source: str) -> bool:
    """Opt the number out (``source``: "keyword", or Twilio's "twilio_21610") and tell the
    holders of the person's open cases; for a responder on the roster, also hand back their
    offers and tell the coordinators (``team_member_opted_out``); any alerts sign-up ends.
    False, and nothing done, when it already was."""
    if contact.opted_out_at is not None:
        return False
    contact.opted_out_at = now
    session.add(OptOutEvent(contact_id=contact.id, action="out", source=source, at=now))
    unsubscribe_alerts(session, contact.id)
    tell_holders_of_opt_out(session, contact, now)
    responder = session.scalar(
        select(Responder).where(Responder.contact_id == contact.id, Responder.active.is_(True))
    )
    if responder is not None:
        team_member_opted_out(session, responder, now)
    return True


# Who acts when whoever has a referral's number says it is the wrong one, on the timeline.
THE_NUMBER = "whoever has the number"


def record_wrong_number(session: Session, contact: Contact, now: datetime) -> bool:
    """A number a partner's referral gave us, and that we texted first, says it is a wrong
    number: it is opted out (nothing more is ever texted to it, until it texts START), and each
    open case of the number says so on its timeline, its holder told once by SMS, as after an
    opt-out (not "the person opted out": whoever answered is not the person). False, and
    nothing done, when the number was already opted out."""
    if contact.opted_out_at is not None:
        return False
    contact.opted_out_at = now
    session.add(OptOutEvent(contact_id=contact.id, action="out", source=WRONG_NUMBER, at=now))
    unsubscribe_alerts(session, contact.id)
    for case in open_cases_locked(session, contact):
        holder = case.claimed_by_id if case.status in HELD else None
        told = tell_holder(session, case, holder, wrong_number_notice(case), WRONG_NUMBER, now)
        record(session, case, now, WRONG_NUMBER, actor=THE_NUMBER, **told)
    return True


def wrong_number_notice(case: Case) -> str:
    """The text to a case's holder: one GSM-7 segment, never the person's name or number."""
    return (
        f"Case {case.code}: whoever has the number on file texted that it is a wrong number. "
        "Do not text or call it; check the number with the referrer."
    )


def opted_out_notice(case: Case) -> str:
    """The text to a case's holder: one GSM-7 segment, never the person's name or number. A
    person who can't take calls either has no way left to be reached: said plainly."""
    if text_only(case, case_details(case)):
        return (
            f"Case {case.code}: the person {NO_WAY}, so there is no way to reach them now. "
            f"Do not call or text them. {IF_START_YOU_HEAR}."
        )
    if case.contact_method == "call":
        then = "You may still call them: they asked for a call."
    else:
        then = "They asked for texts, not calls, so call only with care."
    return f"Case {case.code}: the person opted out of texts. Do not text them. {then}"


def tell_holders_of_opt_out(session: Session, contact: Contact, now: datetime) -> list[Case]:
    """Put the opt-out on the timeline of each open case of the person's, and text each
    responder holding one: once per case, holder and opt-out, whatever re-runs follow (a STOP
    after a START is told again, as the START was). Each case is read under its row lock, so
    a CLAIM in flight either lands first and its holder is told here, or waits and its CLAIM
    reply says "opted out". Returns the cases whose timeline says so."""
    noted = []
    occasion = _opt_ins(session, contact)
    for case in open_cases_locked(session, contact):
        holder = case.claimed_by_id if case.status in HELD else None
        notice = opted_out_notice(case)
        told = tell_holder(session, case, holder, notice, "opted_out", now, occasion=occasion)
        record(session, case, now, "opted_out", actor=THE_PERSON, **told)
        noted.append(case)
    return noted


def record_opt_in(session: Session, contact: Contact, now: datetime) -> bool:
    """The number opted back in (START): off our list, and each open case of the person's
    says so on its timeline, its holder texted once: told "Do not text them" at the opt-out,
    they would otherwise never hear they may; whoever closed a request of theirs lately with
    nobody reaching them hears too (``routing.late_requests``). Not after a wrong number:
    whoever texts START is not the person the case is about. False, and nothing done, when it
    was not opted out."""
    if contact.opted_out_at is None:
        return False
    contact.opted_out_at = None
    occasion = _opt_ins(session, contact) + 1
    last_out = session.scalar(
        select(OptOutEvent.source)
        .where(OptOutEvent.contact_id == contact.id, OptOutEvent.action == "out")
        .order_by(OptOutEvent.at.desc(), OptOutEvent.id.desc())
        .limit(1)
    )
    session.add(OptOutEvent(contact_id=contact.id, action="in", source="keyword", at=now))
    responder = session.scalar(
        select(Responder).where(Responder.contact_id == contact.id, Responder.active.is_(True))
    )
    if responder is not None:
        team_member_opted_in(session, responder, now)
    if last_out == WRONG_NUMBER:
        return True
    for case in open_cases_locked(session, contact):
        holder = case.claimed_by_id if case.status in HELD else None
        notice = opted_in_notice(case)
        told = tell_holder(session, case, holder, notice, "opted_in", now, occasion=occasion)
        record(session, case, now, "opted_in", actor=THE_PERSON, **told)
    # A request closed lately with nobody reaching them (often because they opted out): the
    # START is the first text that says they may be reached, so whoever closed it hears now.
    tell_of_text_after_closing(session, contact, now, runtime.current().settings)
    return True


def opted_in_notice(case: Case) -> str:
    """The text to a case's holder: one GSM-7 segment, never the person's name or number."""
    back = f"Case {case.code}: the person opted back in to texts (START). You may text them again"
    if text_only(case, case_details(case)):
        return f"{back}: text only, they can't take calls."
    return f"{back}."


def _opt_ins(session: Session, contact: Contact) -> int:
    """How many times the number has opted back in: what tells one opt-out's notices from the
    next's."""
    return (
        session.scalar(
            select(func.count())
            .select_from(OptOutEvent)
            .where(OptOutEvent.contact_id == contact.id, OptOutEvent.action == "in")
        )
        or 0
    )


def team_member_opted_out(session: Session, responder: Responder, now: datetime) -> None:
    """A responder on the roster opted out: no offer, reminder or case text reaches them now.
    Their open offers go on to the team at once, as after OFF (a case nobody else holds moves
    on); the coordinators hear of the cases they still hold, and each one's timeline says so.
    Run once per opt-out (``record_opt_out``); a notice already queued is not queued again."""
    withdraw_open_offers(session, responder.id, now, responder.name, "opted_out")
    _tell_of_held_cases(
        session,
        responder,
        now,
        "holder_opted_out",
        lambda cases: holder_opted_out_notice(responder, cases),
    )


def team_member_opted_in(session: Session, responder: Responder, now: datetime) -> None:
    """A responder on the roster opted back in (START): the coordinators, told at the STOP to
    reach them another way, hear once that texts reach them again, and each held case's
    timeline says so. Nothing when they hold no case: nobody was told of any."""
    _tell_of_held_cases(
        session,
        responder,
        now,
        "holder_opted_in",
        lambda cases: holder_opted_in_notice(responder, cases),
    )


def _tell_of_held_cases(
    session: Session,
    responder: Responder,
    now: datetime,
    kind: str,
    notice: Callable[[list[Case]], str],
) -> None:
    """The coordinators hear (once) of the cases the responder holds, and each case's timeline
    records ``kind``; nothing when they hold none."""
    held = _held_cases_locked(session, responder)
    if not held:
        return
    told = tell_coordinators_of_held_cases(
        session, responder, held, now, runtime.current().settings, kind, notice
    )
    for case in held:
        record(
            session,
            case,
            now,
            kind,
            actor=responder.name,
            responder_id=responder.id,
            told=told[case.id],
        )


def _held_cases_locked(session: Session, responder: Responder) -> list[Case]:
    """The open cases the responder has claimed, oldest first, each row-locked and re-read:
    one closed or handed on meanwhile is left out."""
    case_ids = session.scalars(
        select(Case.id)
        .where(Case.claimed_by_id == responder.id, Case.status.in_(HELD))
        .order_by(Case.id)
    ).all()
    held = [lock_case(session, case_id) for case_id in case_ids]
    return [
        case
        for case in held
        if case is not None and case.status in HELD and case.claimed_by_id == responder.id
    ]


def _naming(cases: list[Case]) -> str:
    """ "case K7QM", or "cases K7QM, JN33"."""
    codes = ", ".join(case.code for case in cases)
    return f"case {codes}" if len(cases) == 1 else f"cases {codes}"


def holder_opted_out_notice(responder: Responder, cases: list[Case]) -> str:
    """The coordinators' text: GSM-7, one segment for a short name and a case or two; no
    person's details."""
    which = _naming(cases)
    return (
        f"{responder.name} opted out of our texts (STOP): no offers, reminders or case texts "
        f"reach them now. They still hold {which}: reach them another way or reassign."
    )


def holder_opted_in_notice(responder: Responder, cases: list[Case]) -> str:
    """The coordinators' text: GSM-7, one segment for a short name and a case or two; no
    person's details."""
    which = _naming(cases)
    return (
        f"{responder.name} opted back in to our texts (START): offers, reminders and case texts "
        f"reach them again. They hold {which}."
    )
