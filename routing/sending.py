"""The outbound path: store a text, send it from a job, follow its delivery status.

Life of an outbound message (``Message.status``):

    queued ──claim──▶ sending ──Twilio accepted──▶ queued/accepted/sent ─▶ delivered
       ▲                 │  └─temporary error──▶ retrying ──(back-off)──▶ claim again
       └─ suppressed     └─permanent error / out of attempts──▶ failed
    (opted out or invalid)      (too old to be worth sending) ──▶ expired

Twilio's later status callbacks only ever move a message forward (``record_status``).
Nothing here logs a phone number or a body: ids and error codes only.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from flows.sms import segments
from models import Contact, Message, Offer
from models.base import utcnow
from models.session import after_commit, session_scope
from routing import runtime
from routing.gateway import (
    INVALID_NUMBER_CODES,
    OPTED_OUT,
    PermanentSendError,
    SendResult,
    TemporarySendError,
)
from routing.ratelimit import limiter_for, wait_for_slot

if TYPE_CHECKING:
    from hotline.config import Settings

log = logging.getLogger(__name__)

SENDABLE = ("queued", "retrying")
# Seconds to wait before attempt 2, 3, …; after MAX_ATTEMPTS the message is failed.
BACKOFF = (10, 30, 90, 270, 600)
MAX_ATTEMPTS = len(BACKOFF) + 1
# Longer than the gateway's connect + read timeouts plus a margin: a message still marked
# `sending` after this has lost its worker, not merely a slow request.
STUCK_SENDING_AFTER = timedelta(minutes=2)
# A queued message this old with nothing sending it has lost its job (e.g. Redis flushed).
LOST_JOB_AFTER = timedelta(minutes=3)
# Never send a text this late: what it says ("someone will reach out today") is stale.
EXPIRE_AFTER = timedelta(hours=12)
# How long a send job may block waiting for the number's rate before rescheduling itself.
MAX_RATE_WAIT = 30.0
# Twilio's clock and ours disagree a little; look this far before our claim for a lost send.
RECONCILE_MARGIN = timedelta(seconds=5)
SWEEP_BATCH = 500

# Twilio statuses in order; a status callback never moves a message backwards.
STATUS_RANK = {
    "queued": 1,
    "retrying": 1,
    "accepted": 1,
    "scheduled": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "canceled": 4,
    "suppressed": 4,
    "expired": 4,
    "read": 5,
}
UNDELIVERED = ("undelivered", "failed", "expired")


def status_callback_url(settings: Settings, message_id: int) -> str | None:
    """Where Twilio reports delivery; carries our id so a fast callback finds the row."""
    if not settings.public_base_url:
        return None
    return f"{settings.public_base_url.rstrip('/')}/twilio/status?message_id={message_id}"


def can_text(contact: Contact) -> bool:
    return contact.opted_out_at is None and contact.invalid_at is None


def queue_sms(
    session: Session,
    *,
    contact: Contact,
    body: str,
    purpose: str,
    idempotency_key: str,
    case_id: int | None = None,
    queue: str = "urgent",
    now: datetime | None = None,
) -> Message | None:
    """Store an outbound text and send it once the transaction commits.

    Safe to call twice with the same ``idempotency_key``: the first message is returned and
    nothing else happens. For an opted-out or invalid number nothing is stored and None is
    returned (we keep no record of a text we would never send).
    """
    existing = session.scalar(select(Message).where(Message.idempotency_key == idempotency_key))
    if existing is not None:
        return existing
    if not can_text(contact):
        log.info("not texting contact %s: opted out or invalid number", contact.id)
        return None
    now = now or utcnow()
    message = Message(
        contact_id=contact.id,
        direction="out",
        channel="rest",
        status="queued",
        idempotency_key=idempotency_key,
        body=body,
        purpose=purpose,
        case_id=case_id,
        segments=segments(body),
        created_at=now,
        status_at=now,
    )
    try:
        with session.begin_nested():
            session.add(message)
            session.flush()
    except IntegrityError:
        # Another transaction stored the same key first: theirs is the message.
        return session.scalar(select(Message).where(Message.idempotency_key == idempotency_key))
    message_id = message.id
    after_commit(session, lambda: enqueue_send(message_id, queue=queue))
    return message


def send_job_id(message_id: int, tag: str = "0") -> str:
    """The id of a message's send job: "0" for the first, another tag for each restart."""
    return f"send-message-{message_id}-{tag}"


def enqueue_send(
    message_id: int, *, queue: str = "urgent", delay: timedelta | None = None, tag: str = "0"
) -> None:
    """Start (or restart) the send job for a committed message."""
    job_queue = runtime.current().queue
    job_id = send_job_id(message_id, tag)
    if delay is None or delay <= timedelta(0):
        job_queue.enqueue(send_message, message_id, queue, queue=queue, job_id=job_id)
    else:
        job_queue.enqueue_in(delay, send_message, message_id, queue, queue=queue, job_id=job_id)


# How long before its slot a waiting send looks at the opt-out list again: room for one read.
RECHECK_LEAD = 0.03


def send_message(message_id: int, queue: str = "urgent") -> None:
    """The send job: safe to run any number of times, at most one text reaches Twilio.

    The message is claimed with a conditional UPDATE (queued/retrying → sending, attempts+1)
    and committed BEFORE Twilio is called, so a second job finds nothing to do. If the worker
    dies between Twilio accepting and our commit, the row stays ``sending`` without a sid. Such
    a row is only touched once it is older than STUCK_SENDING_AFTER (longer than any live
    request can take); then we ask Twilio for a message to that number with that body created
    since the claim (``find_sent``). Found: we adopt its sid and never send again. Not found:
    Twilio never took it, so sending again is safe. We also send Twilio's idempotency header
    with our key, but do not rely on it: the look-up is what guarantees no double send.
    """
    rt = runtime.current()
    now = rt.clock()
    with session_scope(rt.sessions) as session:
        message = session.get(Message, message_id)
        if message is None or message.direction != "out" or message.sid is not None:
            return  # a sid means Twilio has it, whatever status it reports ("queued" too)
        if message.status == "sending":
            if not _stuck(message, now):
                return  # another worker is on it, or it was reconciled already
            if _reconcile(session, message, now):
                return
            expected = ("sending",)
        elif message.status in SENDABLE:
            expected = SENDABLE
        else:
            return
        if message.purpose == "offer" and not _offer_open(session, message):
            # Held back (a 429, a 500) while the case was taken, passed or withdrawn: "Reply
            # CLAIM" about a case no longer theirs to take would only mislead.
            message.status, message.status_at = "canceled", now
            log.info("message %s canceled: its offer is no longer open", message.id)
            return
        if message.created_at and now - message.created_at > EXPIRE_AFTER:
            _finish_undelivered(session, message, "expired", None, now)
            log.warning("message %s expired unsent", message.id)
            return
        contact = session.get(Contact, message.contact_id)
        if contact is None or not can_text(contact):
            _finish_undelivered(session, message, "suppressed", None, now)
            return
        seen_attempts = message.attempts
        if seen_attempts >= MAX_ATTEMPTS:
            _finish_undelivered(session, message, "failed", message.error_code, now)
            return

    settings = rt.settings
    claimed = _claim(rt.sessions, message_id, expected, seen_attempts, rt.clock())
    if claimed is None:
        return
    to, body, key, attempts, contact_id = claimed
    # A STOP can land while the job sleeps waiting for its turn, and Twilio does not know
    # every opt-out word ("PARAR"): our list is then the only guard, so look at it again near
    # the end of each sleep. Checked before taking the slot, not after: the slot is taken
    # right before the request, since database latency between the two would let requests
    # bunch up past the rate. And checked while still asleep, not on waking: a slot taken
    # late is a slot lost, at the full cap.
    textable = True

    def sleep_then_recheck(seconds: float) -> None:
        nonlocal textable
        wake_at = time.monotonic() + seconds
        time.sleep(max(0.0, seconds - RECHECK_LEAD))
        textable = _contact_textable(rt.sessions, contact_id)
        time.sleep(max(0.0, wake_at - time.monotonic()))

    limiter = limiter_for(settings.redis_url, settings.messages_per_second)
    wait = wait_for_slot(
        limiter,
        f"sms:{settings.twilio_from_number or 'local'}",
        max_wait=MAX_RATE_WAIT,
        sleep=sleep_then_recheck,
    )
    if not textable:
        _suppress_claimed(rt.sessions, message_id, attempts, rt.clock())
        return
    if wait:
        _unclaim(rt.sessions, message_id, attempts, rt.clock())
        enqueue_send(
            message_id,
            queue=queue,
            delay=timedelta(seconds=wait),
            tag=f"rate-{uuid.uuid4().hex[:8]}",
        )
        return
    try:
        result = rt.gateway.send(
            to,
            body,
            status_callback=status_callback_url(settings, message_id),
            idempotency_key=key,
        )
    except TemporarySendError as exc:
        _after_temporary(rt.sessions, message_id, exc, queue, rt.clock())
    except PermanentSendError as exc:
        _after_permanent(rt.sessions, message_id, exc.code, rt.clock())
    else:
        _after_accepted(rt.sessions, message_id, result, rt.clock())


def _offer_open(session: Session, message: Message) -> bool:
    """The offer this text makes is still open (True for a text that makes none)."""
    status = session.scalar(select(Offer.status).where(Offer.message_id == message.id))
    return status in (None, "open")


def _stuck(message: Message, now: datetime) -> bool:
    return message.status_at is None or now - message.status_at >= STUCK_SENDING_AFTER


def _claim(
    sessions, message_id: int, expected: tuple[str, ...], seen_attempts: int, now: datetime
) -> tuple[str, str, str, int, int] | None:
    """Mark the message `sending` if nobody else has; returns (to, body, key, attempts,
    contact id)."""
    with session_scope(sessions) as session:
        claimed = session.execute(
            update(Message)
            .where(
                Message.id == message_id,
                Message.sid.is_(None),
                Message.status.in_(expected),
                Message.attempts == seen_attempts,
            )
            .values(status="sending", attempts=Message.attempts + 1, status_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            return None
        message = session.get(Message, message_id)
        assert message is not None
        contact = session.get(Contact, message.contact_id)
        # Checked again inside the claim: an opt-out may have landed since the job started.
        if contact is None or not can_text(contact) or message.body is None:
            _finish_undelivered(session, message, "suppressed", None, now)
            return None
        # The same token on every attempt: should Twilio honour it, a retry after an
        # ambiguous failure is recognised there too.
        key = message.idempotency_key or f"message-{message.id}"
        return contact.phone, message.body, key, message.attempts, contact.id


def _contact_textable(sessions, contact_id: int) -> bool:
    """Whether our list still lets us text this contact (no opt-out, not an invalid number)."""
    with session_scope(sessions) as session:
        contact = session.get(Contact, contact_id)
        return contact is not None and can_text(contact)


def _suppress_claimed(sessions, message_id: int, attempts: int, now: datetime) -> None:
    """Drop a claimed, unsent message whose number opted out or was flagged invalid meanwhile."""
    with session_scope(sessions) as session:
        message = _locked_message(session, message_id)
        if (
            message is None
            or message.status != "sending"
            or message.sid is not None
            or message.attempts != attempts
        ):
            return
        log.info("message %s suppressed: its number opted out while it waited", message_id)
        _finish_undelivered(session, message, "suppressed", None, now)


def _unclaim(sessions, message_id: int, attempts: int, now: datetime) -> None:
    """Give back a claim that was never used (the rate limit made it wait too long)."""
    with session_scope(sessions) as session:
        session.execute(
            update(Message)
            .where(
                Message.id == message_id,
                Message.sid.is_(None),
                Message.status == "sending",
                Message.attempts == attempts,
            )
            .values(status="retrying", attempts=attempts - 1, status_at=now)
            .execution_options(synchronize_session=False)
        )


def _reconcile(session: Session, message: Message, now: datetime) -> bool:
    """For a message stuck in `sending`: adopt Twilio's copy if it took it. True if done."""
    contact = session.get(Contact, message.contact_id)
    if contact is None or message.body is None:
        _finish_undelivered(session, message, "failed", None, now)
        return True
    since = (message.status_at or message.created_at) - RECONCILE_MARGIN
    try:
        found = runtime.current().gateway.find_sent(contact.phone, message.body, since=since)
    except (TemporarySendError, PermanentSendError):
        log.warning("could not look up stuck message %s at Twilio; the sweep retries", message.id)
        return True
    if found is None:
        log.info("stuck message %s never reached Twilio; sending it again", message.id)
        return False
    if session.scalar(select(Message.id).where(Message.sid == found.sid)) is not None:
        return False  # that one is another of our messages, not this one
    log.info("stuck message %s had reached Twilio; recorded, not sent again", message.id)
    message.sid = found.sid
    message.status, message.status_at = found.status, now
    message.sent_at = message.sent_at or now
    return True


def _locked_message(session: Session, message_id: int) -> Message | None:
    return session.scalar(select(Message).where(Message.id == message_id).with_for_update())


def _after_accepted(sessions, message_id: int, result: SendResult, now: datetime) -> None:
    with session_scope(sessions) as session:
        message = _locked_message(session, message_id)
        if message is None:
            return
        message.sent_at = message.sent_at or now
        if message.sid is None:
            message.sid = result.sid
            message.status, message.status_at = result.status, now
            message.error_code = None
        # else: a status callback got here first and already moved it on.
    log.info("message %s accepted by the gateway", message_id)


def _after_temporary(
    sessions, message_id: int, exc: TemporarySendError, queue: str, now: datetime
) -> None:
    with session_scope(sessions) as session:
        message = _locked_message(session, message_id)
        if message is None or message.status != "sending" or message.sid is not None:
            return
        message.error_code = exc.code
        if exc.ambiguous:
            # Twilio may have taken it: leave it `sending`; once that is stale, the job looks
            # for it at Twilio before sending anything again.
            log.info("message %s: no clear answer from Twilio; will reconcile", message_id)
            tag = f"check-{message.attempts}"
            after_commit(
                session,
                lambda: enqueue_send(
                    message_id,
                    queue=queue,
                    delay=STUCK_SENDING_AFTER + timedelta(seconds=5),
                    tag=tag,
                ),
            )
            return
        if message.attempts >= MAX_ATTEMPTS:
            log.warning("message %s failed after %s attempts", message_id, message.attempts)
            _finish_undelivered(session, message, "failed", exc.code, now)
            return
        delay = BACKOFF[min(message.attempts, len(BACKOFF)) - 1]
        if exc.retry_after:
            delay = max(delay, exc.retry_after)
        message.status, message.status_at = "retrying", now
        attempts = message.attempts
        log.info(
            "message %s: temporary error %s, attempt %s, retry in %ss",
            message_id,
            exc.code,
            attempts,
            delay,
        )
        after_commit(
            session,
            lambda: enqueue_send(
                message_id, queue=queue, delay=timedelta(seconds=delay), tag=f"try-{attempts}"
            ),
        )


def _after_permanent(sessions, message_id: int, code: int | None, now: datetime) -> None:
    with session_scope(sessions) as session:
        message = _locked_message(session, message_id)
        if message is None or message.status != "sending" or message.sid is not None:
            return
        log.info("message %s refused for good, code %s", message_id, code)
        _finish_undelivered(session, message, "failed", code, now)


def _finish_undelivered(
    session: Session, message: Message, status: str, code: int | None, now: datetime
) -> None:
    """A message that will not arrive: record why, act on the number, tell escalation."""
    message.status, message.status_at = status, now
    if code is not None:
        message.error_code = code
    apply_error_code(session, message.contact_id, code, now)
    if message.purpose == "offer":
        from routing.escalation import offer_undelivered

        offer_undelivered(session, message, now)
    elif message.purpose == "reminder":
        from routing.escalation import reminder_undelivered

        reminder_undelivered(session, message, now)
    elif message.purpose == "breach_summary":
        from routing.daily_summary import summary_undelivered

        summary_undelivered(session, message, now)
    else:
        from routing.escalation import PASSED_ON, notice_undelivered
        from routing.holder_notices import NOTICE_EVENTS
        from routing.holder_notices import notice_undelivered as holder_notice_undelivered

        if message.purpose in PASSED_ON:
            notice_undelivered(session, message, now)
        if message.purpose in NOTICE_EVENTS:
            holder_notice_undelivered(session, message)


def apply_error_code(session: Session, contact_id: int, code: int | None, now: datetime) -> None:
    """21610: the person opted out at the carrier; 21211/21614/30006: the number cannot text."""
    if code is None:
        return
    contact = session.get(Contact, contact_id)
    if contact is None:
        return
    if code == OPTED_OUT:
        from routing.opt_outs import record_opt_out

        if record_opt_out(session, contact, now, source="twilio_21610"):
            log.info("contact %s opted out (Twilio 21610)", contact.id)
    elif code in INVALID_NUMBER_CODES and contact.invalid_at is None:
        contact.invalid_at = now
        log.info("contact %s flagged invalid (Twilio %s)", contact.id, code)


def record_status(
    session: Session,
    *,
    sid: str,
    status: str,
    error_code: int | None,
    now: datetime,
    message_id: int | None = None,
) -> Message | None:
    """Apply a Twilio status callback. Statuses only move forward (a late `sent` never
    overwrites `delivered`); an offer that turns undelivered or failed goes to escalation.

    ``message_id`` is the ``message_id`` query parameter of our status callback URL: it finds
    the row when the callback outruns the commit that stores the sid.
    """
    status = status.lower()
    message = session.scalar(select(Message).where(Message.sid == sid).with_for_update())
    if message is None and message_id is not None:
        candidate = _locked_message(session, message_id)
        if candidate is not None and candidate.direction == "out" and candidate.sid is None:
            candidate.sid = sid
            message = candidate
    if message is None:
        log.info("status %s for an unknown message ignored", status)
        return None
    current = message.status
    ours_in_flight = current in ("sending", *SENDABLE) and message.sent_at is None
    if not ours_in_flight and STATUS_RANK.get(status, 0) <= STATUS_RANK.get(current, 0):
        return message
    message.status, message.status_at = status, now
    if status in ("undelivered", "failed"):
        _finish_undelivered(session, message, status, error_code, now)
    elif error_code is not None:
        message.error_code = error_code
    return message


def resend_stuck_messages(session: Session, now: datetime) -> list[int]:
    """Restart sends whose job was lost: queued or retrying long past their time, or stuck in
    `sending` (the job reconciles those with Twilio before sending anything). A message whose
    first send job, or latest restart, still waits in the queue is not lost. Returns ids."""
    lost = now - LOST_JOB_AFTER
    stuck = now - STUCK_SENDING_AFTER
    rows = session.execute(
        select(Message.id, Message.status, Message.status_at, Message.attempts, Message.purpose)
        .where(
            Message.direction == "out",
            Message.channel == "rest",
            Message.sid.is_(None),
            or_(
                Message.status.in_(SENDABLE) & (Message.status_at <= lost),
                (Message.status == "sending") & (Message.status_at <= stuck),
            ),
        )
        .order_by(Message.id)
        .limit(SWEEP_BATCH)
    ).all()
    restart: list[int] = []
    asked = [send_job_id(row.id) for row in rows if row.status == "queued"]
    asked += [
        send_job_id(row.id, restart_tag(row.status_at)) for row in rows if row.status in SENDABLE
    ]
    waiting = runtime.current().queue.waiting_among(asked)
    restart_queues: dict[int, str] = {}
    for message_id, status, status_at, attempts, purpose in rows:
        if status == "queued" and send_job_id(message_id) in waiting:
            continue  # behind a backlog (a burst at the sending cap), not lost
        if status in SENDABLE and send_job_id(message_id, restart_tag(status_at)) in waiting:
            continue  # an earlier sweep's restart, itself behind a backlog
        if status == "retrying" and attempts:
            due = status_at + timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])
            if due > lost:
                continue
        if status in SENDABLE and not _mark_restarted(session, message_id, status, status_at, now):
            continue  # a send job took it meanwhile
        restart.append(message_id)
        restart_queues[message_id] = restart_queue(purpose)
    if restart:
        tag = restart_tag(now)
        log.info("restarting %s outbound messages whose send job was lost", len(restart))

        def start() -> None:
            for message_id in restart:
                enqueue_send(message_id, queue=restart_queues[message_id], tag=tag)

        after_commit(session, start)
    return restart


def restart_queue(purpose: str | None) -> str:
    """The queue a lost send restarts on: urgent, but bulk for an alert's texts, as when they
    were first queued, so a blast Redis lost never goes back ahead of offers."""
    from routing.bad_batch_alerts import ALERT_PURPOSE, JOB_QUEUE

    return JOB_QUEUE if purpose == ALERT_PURPOSE else "urgent"


def restart_tag(at: datetime) -> str:
    """The send job tag of a restart by the sweep at ``at``: one per message a minute."""
    return f"sweep-{at.astimezone(UTC):%Y%m%d%H%M}"


def _mark_restarted(
    session: Session, message_id: int, status: str, status_at: datetime, now: datetime
) -> bool:
    """Note a waiting message's restart in its ``status_at``: the next sweeps then know the
    restart's job (``restart_tag``) and leave the message be while that job waits, and wait
    ``LOST_JOB_AFTER`` before calling it lost in turn. Not for a row stuck ``sending``, whose
    ``status_at`` tells the job it is stuck. False when the row moved on since it was read."""
    return (
        session.execute(
            update(Message)
            .where(
                Message.id == message_id,
                Message.sid.is_(None),
                Message.status == status,
                Message.status_at == status_at,
            )
            .values(status_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def sweep_outbox(session: Session, now: datetime) -> int:
    """The outbox part of the periodic sweep: how many messages were restarted."""
    return len(resend_stuck_messages(session, now))
