"""What staff do to a case from the admin: assign, note, mark contacted, close; and reading one.

Every change goes through ``routing.claims``, the same functions responders' SMS commands use,
with the staff member as a ``claims.Staff`` actor (the view has checked their role); this module
turns routing's refusals into the admin's messages. Callers audit and commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from hotline import responder_standing
from hotline.erasure import ERASURE_ACTOR
from models import Case, CaseEvent, Contact, Message, Offer, Responder
from routing import claims, commands
from routing.escalation import UNCLAIMED, is_about_responder
from routing.intake import case_details
from routing.matching import POLICE
from routing.offers import TEXT_ONLY, text_only, text_responder
from routing.sending import can_text
from routing.unreachable import IF_START_THE_HOLDER_HEARS, NO_WAY, cannot_be_reached

if TYPE_CHECKING:
    from hotline.config import Settings

OPEN_STATUSES = ("new", "offered", "claimed", "contacted")
# How a case ended: routing's words, so SMS CLOSE and the admin's close form add up.
OUTCOMES = claims.OUTCOMES
REACHED_OUTCOMES = claims.REACHED_OUTCOMES
SLA_STATES = ("on_time", "due_soon", "overdue", "breached", "met", "closed")
SLA_LABELS = {
    "on_time": "on time",
    "due_soon": "due soon",
    "overdue": "past due",
    "breached": "breached",
    "met": "reached",
    "closed": "closed, not reached",
}
NOTE_LIMIT = claims.NOTE_LIMIT


class CaseActionError(Exception):
    """The case is not in a state that allows this (closed, already reached, gone), or the
    responder cannot take it."""


# ---- SLA -----------------------------------------------------------------------------------


def sla_state(case: Case, now: datetime, reminder_hours: int) -> str:
    """Where a case stands against the first-contact promise.

    ``met``: the person was reached (``Case.reached``, as the figures count it). ``closed``:
    closed without reaching them (unreachable, withdrawn, erased). Otherwise ``breached`` past
    the breach time, ``overdue`` past the response deadline, ``due_soon`` within the reminder
    window before it, else ``on_time``.
    """
    if case.reached:
        return "met"
    if case.status == "closed":
        return "closed"
    if case.breach_at is not None and now >= case.breach_at:
        return "breached"
    if case.due_at is not None and now >= case.due_at:
        return "overdue"
    if case.due_at is not None and now >= case.due_at - timedelta(hours=reminder_hours):
        return "due_soon"
    return "on_time"


def sla_condition(state: str, now: datetime, reminder_hours: int) -> ColumnElement[bool]:
    """The same states as ``sla_state``, as a WHERE clause (portable SQL)."""
    waiting = and_(~Case.reached, Case.status != "closed")
    soon = now + timedelta(hours=reminder_hours)
    past_breach = and_(Case.breach_at.is_not(None), Case.breach_at <= now)
    past_due = and_(Case.due_at.is_not(None), Case.due_at <= now)
    if state == "met":
        return Case.reached
    if state == "closed":
        return and_(~Case.reached, Case.status == "closed")
    if state == "breached":
        return and_(waiting, past_breach)
    if state == "overdue":
        return and_(waiting, ~past_breach, past_due)
    if state == "due_soon":
        return and_(waiting, ~past_breach, ~past_due, Case.due_at <= soon)
    if state == "on_time":
        not_soon = or_(Case.due_at.is_(None), Case.due_at > soon)
        return and_(waiting, or_(Case.breach_at.is_(None), Case.breach_at > now), not_soon)
    raise ValueError(f"unknown SLA state {state!r}")


# ---- listing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    kind: str = ""
    town: str = ""
    sla: str = ""


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    total: int
    page: int
    per_page: int
    responders: dict[int, str] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)


def list_cases(
    session: Session,
    filters: CaseFilters,
    now: datetime,
    reminder_hours: int,
    page: int = 1,
    per_page: int = 25,
) -> CasePage:
    """Cases matching the filters, newest first, one page of them."""
    conditions: list[ColumnElement[bool]] = []
    if filters.status == "open":
        conditions.append(Case.status.in_(OPEN_STATUSES))
    elif filters.status:
        conditions.append(Case.status == filters.status)
    if filters.kind:
        conditions.append(Case.kind == filters.kind)
    if filters.town:
        conditions.append(func.lower(Case.town) == filters.town.lower())
    if filters.sla:
        conditions.append(sla_condition(filters.sla, now, reminder_hours))
    total = session.scalar(select(func.count(Case.id)).where(*conditions)) or 0
    page = max(page, 1)
    cases = list(
        session.scalars(
            select(Case)
            .where(*conditions)
            .order_by(Case.created_at.desc(), Case.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    ids = {case.claimed_by_id for case in cases if case.claimed_by_id}
    names = (
        {
            row[0]: row[1]
            for row in session.execute(
                select(Responder.id, Responder.name).where(Responder.id.in_(ids))
            )
        }
        if ids
        else {}
    )
    return CasePage(cases, total, page, per_page, names)


def case_towns(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(Case.town).where(Case.town.is_not(None)).distinct().order_by(Case.town)
        )
    )


# ---- timeline ------------------------------------------------------------------------------


# Who did what the hotline itself did (offers, escalation steps), as the timeline says it;
# routing records such events as "system".
THE_HOTLINE = "the hotline"


# In place of a text whose words are gone. Erasure closes the person's open cases (the closed
# event names it): their texts were erased. Otherwise the data cannot tell the retention
# period from an erasure after the case closed, so it does not guess.
TEXT_ERASED = "(text erased at the person's request)"
TEXT_REMOVED = "(text removed)"


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "message_in", "message_out", "offer", or a CaseEvent kind
    who: str
    text: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    order: int = 0  # tie-break: events before messages at the same moment


def timeline(session: Session, case: Case, lookback_hours: int = 12) -> list[TimelineEntry]:
    """Everything that happened on a case, oldest first: messages, offers and case events.

    Messages are the ones linked to the case, plus the texter's unlinked messages from the
    conversation that opened it (``lookback_hours`` before it) until it closed.
    """
    responders = {r.id: r for r in session.scalars(select(Responder))}
    by_contact = {r.contact_id: r for r in responders.values()}
    entries: list[TimelineEntry] = []

    erased = False
    for event in session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)):
        erased = erased or (event.kind == "closed" and event.actor == ERASURE_ACTOR.label)
        entries.append(
            TimelineEntry(
                event.at,
                event.kind,
                THE_HOTLINE if event.actor in ("", "system") else event.actor,
                event.text,
                dict(event.data or {}),
            )
        )

    for offer in session.scalars(select(Offer).where(Offer.case_id == case.id)):
        responder = responders.get(offer.responder_id)
        entries.append(
            TimelineEntry(
                offer.created_at,
                "offer",
                THE_HOTLINE,
                None,
                {
                    "responder": responder.name if responder else f"#{offer.responder_id}",
                    "status": offer.status,
                    "step": offer.escalation_step + 1,
                    "round": offer.escalation_round + 1,
                },
                order=1,
            )
        )

    linked = Message.case_id == case.id
    conditions = [linked]
    if case.contact_id is not None:
        window = [
            Message.contact_id == case.contact_id,
            Message.case_id.is_(None),
            Message.created_at >= case.created_at - timedelta(hours=lookback_hours),
        ]
        if case.closed_at is not None:
            window.append(Message.created_at <= case.closed_at)
        conditions.append(and_(*window))
    for message in session.scalars(select(Message).where(or_(*conditions))):
        data = {"status": message.status, "purpose": message.purpose}
        if message.body is None:
            data["removed"] = TEXT_ERASED if erased else TEXT_REMOVED
        if message.contact_id == case.contact_id:
            who, data["party"] = "texter", "texter"
        elif message.contact_id in by_contact:
            name = by_contact[message.contact_id].name
            who, data["party"], data["responder"] = f"responder {name}", "responder", name
        else:
            who, data["party"] = "other number", "other"
        entries.append(
            TimelineEntry(
                message.created_at, f"message_{message.direction}", who, message.body, data, order=2
            )
        )
    entries.sort(key=lambda entry: (entry.at, entry.order))
    return entries


def texter_phone(session: Session, case: Case) -> str | None:
    if case.contact_id is None:
        return None
    contact = session.get(Contact, case.contact_id)
    return contact.phone if contact else None


def how_to_reach(session: Session, case: Case) -> str:
    """How the person asked to be reached, and whether they have opted out of texts since (as
    the CLAIM reply says it: someone who asked for texts did not ask for calls either, and one
    who can't take calls can't be reached at all: ``cannot_be_reached``)."""
    best = f", best time: {case.best_time}" if case.best_time else ""
    if cannot_be_reached(session, case):
        return f"{NO_WAY} (text only). Do not call or text them. {IF_START_THE_HOLDER_HEARS}."
    if not claims.person_contact(session, case).opted_out:
        if text_only(case, case_details(case)):
            return f"{TEXT_ONLY.lower()}{best}"
        return f"{case.contact_method}{best}"
    if case.contact_method == "text":
        return (
            "text, but the person has since opted out of texts: do not text them. "
            f"They did not ask for calls, so call with care{best}"
        )
    return f"{case.contact_method} (the person opted out of texts: do not text them){best}"


def active_responders(session: Session) -> list[Responder]:
    return list(
        session.scalars(
            select(Responder).where(Responder.active.is_(True)).order_by(Responder.name)
        )
    )


def untextable_responders(session: Session, responders: list[Responder]) -> set[int]:
    """The ids of those responders whose number we may not text (opted out, or no texts)."""
    if not responders:
        return set()
    contact_ids = {responder.contact_id for responder in responders}
    blocked = {
        contact.id
        for contact in session.scalars(select(Contact).where(Contact.id.in_(contact_ids)))
        if not can_text(contact)
    }
    return {responder.id for responder in responders if responder.contact_id in blocked}


# Why someone is not offered in the admin's "Claim for" list: assign_case would refuse them.
LEFT_OUT_WHY = {
    "peers_only": "a police officer, and this person asked for no police",
    "untextable": "cannot be texted: their number opted out or does not take texts",
    "own_number": "the case is about their own number",
}


@dataclass(frozen=True)
class AssignChoices:
    """Who a case may be given to, on call and speaking the person's language first, each with
    its label (``responder_standing.choice_label``); and who is left out, each with why
    (``LEFT_OUT_WHY``)."""

    responders: list[Responder]
    left_out: list[tuple[Responder, str]]
    labels: dict[int, str] = field(default_factory=dict)


def assign_choices(session: Session, case: Case, now: datetime, tz: str) -> AssignChoices:
    """The active responders ``assign_case`` would give this case to, and those it would refuse:
    whoever the case is about, police officers on a peers-only case, and anyone we may not
    text."""
    responders = active_responders(session)
    untextable = untextable_responders(session, responders)
    choices: list[Responder] = []
    left_out: list[tuple[Responder, str]] = []
    for responder in responders:
        if is_about_responder(session, case, responder):
            left_out.append((responder, LEFT_OUT_WHY["own_number"]))
        elif case.peers_only and POLICE in (responder.roles or ()):
            left_out.append((responder, LEFT_OUT_WHY["peers_only"]))
        elif responder.id in untextable:
            left_out.append((responder, LEFT_OUT_WHY["untextable"]))
        else:
            choices.append(responder)
    standing = responder_standing.standings(session, choices, now, tz)
    choices.sort(key=lambda r: responder_standing.choice_rank(standing[r.id], case.language))
    labels = {r.id: responder_standing.choice_label(standing[r.id], case.language) for r in choices}
    return AssignChoices(choices, left_out, labels)


def assign_doubts(
    session: Session, case: Case, responder_id: int, now: datetime, tz: str
) -> responder_standing.Doubts:
    """What the coordinator should know before this responder gets the case (none for one
    ``assign_case`` would refuse anyway: it says why itself)."""
    responder = session.get(Responder, responder_id)
    if responder is None or not responder.active:
        return responder_standing.Doubts("", (), "")
    standing = responder_standing.standings(session, [responder], now, tz)[responder.id]
    return responder_standing.doubts_about(standing, case.language)


# ---- actions -------------------------------------------------------------------------------


def _refused(outcome: claims.Outcome, messages: dict[str, str]) -> CaseActionError:
    reason = outcome.reason
    if reason in messages:
        return CaseActionError(messages[reason])
    if reason == "taken":
        return CaseActionError(f"{outcome.other} claimed it a moment ago")
    return CaseActionError(f"routing refused it ({reason.replace('_', ' ')})")


def _case(session: Session, code: str) -> Case:
    # Re-read: routing's checks look at the case's status as it is now.
    case = session.scalar(
        select(Case).where(Case.code == code).execution_options(populate_existing=True)
    )
    if case is None:
        raise CaseActionError(f"no case {code}")
    return case


def assign_case(
    session: Session, code: str, responder_id: int, actor: str, now: datetime, settings: Settings
) -> None:
    """Give a case to an active responder: a claim on their behalf, or a reassignment.

    Either way the responder gets the case's details by SMS, as after a CLAIM, and the person's
    no-police choice holds. A responder we may not text is refused before anything changes:
    they would hold the case, out of routing, without ever hearing of it.
    """
    responder = session.get(Responder, responder_id)
    if responder is None or not responder.active:
        raise CaseActionError("choose an active responder")
    if untextable_responders(session, [responder]):
        raise CaseActionError(f"{responder.name} {LEFT_OUT_WHY['untextable']}")
    case = _case(session, code)
    staff = claims.Staff(actor)
    if case.status in UNCLAIMED:
        outcome = claims.claim_case(session, case, responder, now, settings, by=staff)
    else:
        outcome = claims.reassign_case(session, case, responder, staff, now)
    if not outcome.ok:
        raise _refused(
            outcome,
            {
                "peers_only": f"this person asked for no police and {responder.name} is a "
                "police officer. Please choose a peer responder",
                "not_active": f"{responder.name} is no longer active. Please choose an active "
                "responder",
                "own_number": f"this case is about {responder.name}'s own number. Please "
                "choose someone else",
                "not_moved": "the case is closed, already with that responder, or just changed",
            },
        )
    _send_claim_details(session, case, responder, now)


def _send_claim_details(session: Session, case: Case, responder: Responder, now: datetime) -> None:
    """The same texts a responder gets after CLAIM: how to reach the person, by when."""
    request = commands.Request(session, responder, case.code, "", now)
    for index, body in enumerate(commands.claim_details(request, case)):
        text_responder(
            session,
            responder.id,
            f"Assigned to you by the team. {body}" if index == 0 else body,
            purpose="assigned",
            idempotency_key=f"assigned:{case.id}:{responder.id}:{now.isoformat()}:{index}",
            case_id=case.id,
            now=now,
        )


def note_too_long(text: str, what: str = "a note") -> CaseActionError | None:
    """A refusal for a note over ``NOTE_LIMIT`` that says the limit and the length: never cut
    it to fit, which would drop its end without a word."""
    length = len((text or "").strip())
    if length <= NOTE_LIMIT:
        return None
    return CaseActionError(
        f"{what} holds at most {NOTE_LIMIT:,} characters and this one has {length:,}: "
        "shorten it and send it again"
    )


def add_note(session: Session, code: str, text: str, actor: str, now: datetime) -> None:
    """A note on the timeline (encrypted at rest like message bodies)."""
    too_long = note_too_long(text)
    if too_long is not None:
        raise too_long
    outcome = claims.add_note(session, _case(session, code), claims.Staff(actor), text or "", now)
    if not outcome.ok:
        raise _refused(outcome, {"empty": "the note is empty"})


def mark_contacted(session: Session, code: str, actor: str, now: datetime) -> None:
    """Record first contact with the person; the 24–48 h clock stops here."""
    outcome = claims.mark_contacted(session, _case(session, code), claims.Staff(actor), now)
    if not outcome.ok:
        message = "the case is closed or was already marked contacted"
        raise _refused(outcome, {"closed": message, "already_contacted": message})


def close_case(
    session: Session, code: str, outcome: str, actor: str, now: datetime, note: str = ""
) -> None:
    """Close a case with one of ``OUTCOMES``; its open offers close with it."""
    too_long = note_too_long(note, "a closing note")
    if too_long is not None:
        raise too_long
    result = claims.close_case(
        session, _case(session, code), claims.Staff(actor), outcome, now, note
    )
    if not result.ok:
        raise _refused(
            result, {"outcome": "choose an outcome", "closed": "the case is already closed"}
        )


@dataclass(frozen=True)
class Closing:
    """Who closed a case, when, and with what outcome."""

    who: str
    at: datetime
    outcome: str | None


def closing(session: Session, case: Case) -> Closing | None:
    """How a closed case was closed, from its ``closed`` event (None if it has none)."""
    event = session.scalar(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "closed")
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
        .limit(1)
    )
    if event is None:
        return None
    who = THE_HOTLINE if event.actor in ("", "system") else event.actor
    return Closing(who, event.at, (event.data or {}).get("outcome"))
