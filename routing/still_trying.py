"""The one text a person gets from routing: at the deadline, when nobody has reached them yet.

A person who texted for help was told someone would reach out "within 24 hours" (a family
member asking for a call, "will call within"); a partner's referral with consent to text was
made on the same promise. When that deadline passes with the case unclaimed, silence would say
nobody is coming: they are texted once that we are still trying, with the program's number and
911. The words are the system flow's ``still_trying`` (editable, and it must say 911).

Never for a number that opted out or cannot take texts, never for a referral without consent
to text (it has no number on file to text), never to someone who asked to be called rather
than texted, never twice (one idempotency key per case), and not again for another case while
one it was sent for is still waiting for first contact: a person a partner referred who then
texted us has two cases, and one apology is enough. Nor once they asked after the case past
its deadline and were answered with an apology for the wait (``request_late``): the held text
would come after it as if they had not been heard.

Not at any hour either: a deadline in the night (or outside the time of day they chose) holds
the text until the quiet hours end (``Settings.quiet_hours``) and their time comes, through a
job armed for then (``routing.jobs.tell_person_still_trying``; the sweep makes up for a lost
one). That job looks at the case again: one claimed meanwhile says nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from models import Case, CaseEvent, Contact, Message
from routing.system_texts import published_system_texts

if TYPE_CHECKING:
    from hotline.config import Settings

STILL_TRYING = "still_trying"
# Cases whose person was promised contact: a texter's (self-referral, a family member who said
# yes to a call: one who said no makes no case) and a partner's referral.
PROMISING_SOURCES = ("text", "partner")


def still_trying_text(session: Session, language: str, settings: Settings, now: datetime) -> str:
    """The published system flow's ``still_trying`` text (else the shipped one), filled in."""
    (text,) = published_system_texts(session, (STILL_TRYING,), settings, now, language)
    return text


# The hours of each time of day a person may choose (``routing.intake.BEST_TIMES``), local.
BEST_HOURS = {
    "morning": range(8, 12),
    "afternoon": range(12, 17),
    "evening": range(17, 21),
}
# Timeline lines that settle what the person was told at the deadline.
SETTLED = ("person_told", "person_not_told")
HELD = "person_held"


def texting_moment(
    now: datetime, tz: str, quiet_hours: tuple[int, int], best_time: str | None
) -> datetime:
    """The first moment from ``now`` outside the quiet hours (from the first hour to the
    second, local) and within the time of day the person chose, if they chose one the
    quiet hours leave room for: ``now`` itself, or the start of an hour."""
    start, end = quiet_hours
    quiet = {hour % 24 for hour in range(start, start + (end - start) % 24)}
    allowed = set(range(24)) - quiet
    allowed = (allowed & set(BEST_HOURS.get(best_time or "", ()))) or allowed
    zone = ZoneInfo(tz)
    if now.astimezone(zone).hour in allowed:
        return now
    moment = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    for _ in range(48):  # hour by hour in UTC, so a clock change is neither skipped nor doubled
        moment += timedelta(hours=1)
        if moment.astimezone(zone).hour in allowed:
            return moment
    return now  # never: every set of hours left has one within two days


def tell_or_hold(session: Session, case: Case, now: datetime, settings: Settings) -> str | None:
    """At the deadline of an unclaimed case: text the person now (``tell_person_still_trying``)
    or, in the quiet hours or before the time they chose, hold the text for then ("held") and
    arm the job that sends it. The caller holds the row lock."""
    if _makes_no_promise(session, case):
        return None
    from routing.sending import can_text

    at = texting_moment(now, settings.timezone, settings.quiet_hours, case.best_time)
    contact = session.get_one(Contact, case.contact_id)
    if at <= now or case.contact_method == "call" or not can_text(contact):
        return tell_person_still_trying(session, case, now, settings)  # or why not, at once
    from routing.escalation import record

    record(session, case, now, HELD, until=at.isoformat())
    arm_still_trying(session, case.id, at)
    return "held"


def arm_still_trying(session: Session, case_id: int, at: datetime) -> None:
    """Schedule the held text's job once this commits."""
    from models.session import after_commit
    from routing import runtime
    from routing.jobs import tell_person_still_trying as job

    after_commit(
        session,
        lambda: runtime.current().queue.enqueue_at(
            at, job, case_id, queue="default", job_id=f"still-trying-{case_id}"
        ),
    )


def tell_held_person(session: Session, case_id: int, now: datetime, settings: Settings) -> bool:
    """The held text's moment has come (the job, or the sweep for a lost job): text the person
    if nobody has reached or taken the case meanwhile, and say so on the timeline. Safe to
    run twice: once settled, nothing more. True when something was settled."""
    from routing.escalation import UNCLAIMED, lock_case, record

    case = lock_case(session, case_id)
    if case is None or _settled(session, case_id):
        return False
    if case.status not in UNCLAIMED or case.contacted_at is not None:
        return False  # someone has it in hand: they will reach the person themselves
    told = tell_person_still_trying(session, case, now, settings)
    if told is None:
        return False
    if told == "told":
        record(session, case, now, "person_told")
    else:
        record(session, case, now, "person_not_told", reason=told)
    return True


def held_until(session: Session, before: datetime) -> list[int]:
    """Cases whose held text's moment is ``before`` or earlier, still unsettled and unclaimed:
    what the sweep sends when Redis lost the job."""
    from routing.escalation import UNCLAIMED

    settled = aliased(CaseEvent)
    # From the few unclaimed cases past their deadline to their timelines (by case id): never
    # a walk through every timeline line each minute.
    rows = session.execute(
        select(CaseEvent.case_id, CaseEvent.data)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(
            Case.status.in_(UNCLAIMED),
            Case.deadline_escalated_at.is_not(None),
            Case.contacted_at.is_(None),
            CaseEvent.kind == HELD,
            ~select(settled.id)
            .where(settled.case_id == Case.id, settled.kind.in_(SETTLED))
            .exists(),
        )
        .order_by(CaseEvent.case_id)
    ).all()
    return [
        case_id
        for case_id, data in rows
        if datetime.fromisoformat(str((data or {}).get("until"))) <= before
    ]


def _settled(session: Session, case_id: int) -> bool:
    found = select(CaseEvent.id).where(CaseEvent.case_id == case_id, CaseEvent.kind.in_(SETTLED))
    return session.scalar(found.limit(1)) is not None


def _makes_no_promise(session: Session, case: Case) -> bool:
    """The case promised no text to a number we hold (see ``PROMISING_SOURCES``)."""
    return (
        case.source not in PROMISING_SOURCES
        or case.contact_id is None
        or session.get(Contact, case.contact_id) is None
    )


def tell_person_still_trying(
    session: Session, case: Case, now: datetime, settings: Settings
) -> str | None:
    """Text the person of an unclaimed case at its deadline, once. Returns what the timeline
    should say: "told", "opted_out", "cannot_text", "asked_for_a_call", "told_already" (about
    another case of theirs nobody has reached yet), "apologised" (``_apologised_for_the_wait``),
    or None when the case makes no promise to
    a number we hold. The caller holds the row lock."""
    from routing.sending import can_text, queue_sms

    if _makes_no_promise(session, case):
        return None
    contact = session.get_one(Contact, case.contact_id)
    if case.contact_method == "call":
        return "asked_for_a_call"  # a text is not what they asked for
    if not can_text(contact):
        return "opted_out" if contact.opted_out_at is not None else "cannot_text"
    if _told_about_a_case_still_unreached(session, case, contact):
        return "told_already"
    if _apologised_for_the_wait(session, case):
        return "apologised"
    message = queue_sms(
        session,
        contact=contact,
        body=still_trying_text(session, case.language, settings, now),
        purpose=STILL_TRYING,
        idempotency_key=f"{STILL_TRYING}:{case.id}",
        case_id=case.id,
        queue="default",
        now=now,
    )
    return "told" if message is not None else "cannot_text"


def _apologised_for_the_wait(session: Session, case: Case) -> bool:
    """The person asked after this case, or said they are struggling, once its deadline had
    passed, and was answered with an apology for the wait and numbers to call now
    (``request_late``, ``request_distress_late``; ``routing.late_requests`` marks the case).
    Both come only after the deadline, when this text is due or held: "we're sorry we haven't
    reached you yet" would answer them again as if unheard."""
    from routing.late_requests import DISTRESS_OVERDUE, REQUEST_OVERDUE

    found = select(CaseEvent.id).where(
        CaseEvent.case_id == case.id, CaseEvent.kind.in_((REQUEST_OVERDUE, DISTRESS_OVERDUE))
    )
    return session.scalar(found.limit(1)) is not None


def _told_about_a_case_still_unreached(session: Session, case: Case, contact: Contact) -> bool:
    """The person was texted that we are still trying about another case of theirs that nobody
    has reached them on since."""
    told = (
        select(Message.id)
        .join(Case, Case.id == Message.case_id)
        .where(
            Message.contact_id == contact.id,
            Message.purpose == STILL_TRYING,
            Message.direction == "out",
            Case.id != case.id,
            Case.status.in_(("new", "offered", "claimed")),
            Case.contacted_at.is_(None),
        )
        .limit(1)
    )
    return session.scalar(told) is not None
