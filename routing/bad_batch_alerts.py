"""Bad batch alerts: a warning texted to the people who asked for one when a dangerous supply
is reported in the county.

Consent first and least data: a number is signed up only by its own ALERTS (ALERTAS) and off
by ALERTS OFF (ALERTAS NO); what is kept is the contact and the language of the conversation
it was said in, never a town (alerts are county-wide). An alert goes to each subscriber once,
in their language, through the one outbound path (``routing.sending.queue_sms``: never to a
number that opted out or cannot take texts, at the gateway's rate), with an idempotency key
per alert and person, so the job (``routing.jobs.send_bad_batch_alert``) is safe to run
twice. Every alert ends with how to stop them. The same alert confirmed again within
``REPEAT_WINDOW`` (a double click, a form sent twice, two at the same moment) is refused,
never texted twice. Redis may forget the alert's job: the minute sweep starts it again for an
alert still unsent after ``LOST_JOB_AFTER`` (``restart_lost_alerts``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, false, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import AlertSubscription, BadBatchAlert, Contact, Message
from models.session import after_commit, is_postgres

if TYPE_CHECKING:
    from hotline.config import Settings

ALERT_PURPOSE = "bad_batch_alert"
# The last words of every alert, in its language: ALERTS OFF works as the reply says.
STOP_LINE = {"en": "Text ALERTS OFF to stop.", "es": "Envie ALERTAS NO para no recibir mas."}
JOB_QUEUE = "bulk"
# An alert with the same texts as one created this recently is the same alert sent again.
REPEAT_WINDOW = timedelta(minutes=10)
# The alert's job is enqueued the moment the alert commits and takes seconds; one still unsent
# this long after lost its job (Redis restarted empty, the enqueue failed after commit). Short,
# since a bad batch warning is urgent and restarting is harmless: the job's id is fixed, so
# while the first job still waits (behind a backlog on the bulk queue) nothing is added.
LOST_JOB_AFTER = timedelta(minutes=2)
# The sweep restarts at most this many at once (there are never many).
RESTART_BATCH = 50
# The advisory lock on creating an alert (PostgreSQL): any constant no other lock uses.
_CREATION_LOCK = int.from_bytes(b"badbatch", "big", signed=True)


class SameAlertSent(Exception):
    """This alert was created within ``REPEAT_WINDOW`` already (``alert`` is that one)."""

    def __init__(self, alert: BadBatchAlert) -> None:
        super().__init__(f"alert {alert.id} has the same texts")
        self.alert = alert


def subscribe(session: Session, contact: Contact, language: str, now: datetime) -> None:
    """Sign the number up (again: the language is the latest conversation's)."""
    language = language if language in STOP_LINE else "en"
    found = session.scalar(
        select(AlertSubscription).where(AlertSubscription.contact_id == contact.id)
    )
    if found is not None:
        found.language = language
        return
    try:
        with session.begin_nested():
            session.add(AlertSubscription(contact_id=contact.id, language=language, created_at=now))
            session.flush()
    except IntegrityError:  # the same number's other text got there first
        pass


def unsubscribe(session: Session, contact_id: int) -> None:
    """Sign the number off; nothing of the subscription is kept."""
    session.execute(delete(AlertSubscription).where(AlertSubscription.contact_id == contact_id))


def is_subscribed(session: Session, contact_id: int) -> bool:
    found = select(AlertSubscription.id).where(AlertSubscription.contact_id == contact_id)
    return session.scalar(found) is not None


def _reachable_subscribers():
    return (
        select(AlertSubscription, Contact)
        .join(Contact, Contact.id == AlertSubscription.contact_id)
        .where(Contact.opted_out_at.is_(None), Contact.invalid_at.is_(None))
    )


def subscriber_count(session: Session) -> int:
    """How many numbers an alert sent now would reach (opted-out and invalid ones left out)."""
    return session.scalar(select(func.count()).select_from(_reachable_subscribers().subquery()))


def with_stop_line(body: str, language: str) -> str:
    """The alert's text ending with how to stop alerts, added when the writer left it out."""
    body = " ".join(body.split())
    line = STOP_LINE[language]
    if body.endswith(line):
        return body
    return f"{body} {line}" if body else line


def alert_key(alert_id: int, contact_id: int) -> str:
    return f"{ALERT_PURPOSE}:{alert_id}:{contact_id}"


def recent_same_alert(
    session: Session, *, body_en: str, body_es: str, now: datetime
) -> BadBatchAlert | None:
    """The alert with these texts (as they go, with the stop line) created within
    ``REPEAT_WINDOW``, if any: confirming it again must not text everyone twice."""
    return session.scalar(
        select(BadBatchAlert)
        .where(
            BadBatchAlert.body_en == with_stop_line(body_en, "en"),
            BadBatchAlert.body_es == with_stop_line(body_es, "es"),
            BadBatchAlert.created_at >= now - REPEAT_WINDOW,
        )
        .order_by(BadBatchAlert.created_at.desc(), BadBatchAlert.id.desc())
        .limit(1)
    )


def create_alert(
    session: Session, *, body_en: str, body_es: str, created_by: int | None, now: datetime
) -> BadBatchAlert:
    """Store an alert (each text ending with how to stop) and start its job once this commits;
    refuse (``SameAlertSent``) the same alert confirmed again within ``REPEAT_WINDOW``.

    Two confirms at the same moment would both find no earlier alert and both text everyone:
    the check is made holding the lock on alert creation (``_hold_alert_creation``) until
    this transaction ends, so the second sees the first's alert and is refused.
    """
    _hold_alert_creation(session)
    same = recent_same_alert(session, body_en=body_en, body_es=body_es, now=now)
    if same is not None:
        raise SameAlertSent(same)
    alert = BadBatchAlert(
        body_en=with_stop_line(body_en, "en"),
        body_es=with_stop_line(body_es, "es"),
        created_by=created_by,
        created_at=now,
    )
    session.add(alert)
    session.flush()
    alert_id = alert.id
    after_commit(session, lambda: start_sending(alert_id))
    return alert


def _hold_alert_creation(session: Session) -> None:
    """Make other transactions creating an alert wait until this one ends.

    PostgreSQL: a transaction-scoped advisory lock (there is no row yet to lock). SQLite:
    a write that changes nothing takes the database's write lock now, before the check,
    rather than at the insert after it.
    """
    if is_postgres(session):
        session.execute(select(func.pg_advisory_xact_lock(_CREATION_LOCK)))
    else:
        session.execute(
            update(BadBatchAlert)
            .where(false())
            .values(id=BadBatchAlert.id)
            .execution_options(synchronize_session=False)
        )


def alert_job_id(alert_id: int) -> str:
    return f"bad-batch-alert-{alert_id}"


def start_sending(alert_id: int) -> None:
    """Enqueue the alert's job under its one id: while that job waits or runs, this does
    nothing, so the sweep's restart can never make a second one."""
    from routing import runtime
    from routing.jobs import send_bad_batch_alert

    runtime.current().queue.enqueue(
        send_bad_batch_alert, alert_id, queue=JOB_QUEUE, job_id=alert_job_id(alert_id)
    )


def restart_lost_alerts(session: Session, now: datetime) -> list[int]:
    """Start again the job of each alert created over ``LOST_JOB_AFTER`` ago, not yet sent and
    whose job no longer waits in the queue (one behind a backlog is not lost); their ids.
    Enqueued at once: the alerts are committed already."""
    from routing import runtime
    from routing.jobs import send_bad_batch_alert

    unsent = session.scalars(
        select(BadBatchAlert.id)
        .where(BadBatchAlert.sent_at.is_(None), BadBatchAlert.created_at <= now - LOST_JOB_AFTER)
        .order_by(BadBatchAlert.id)
        .limit(RESTART_BATCH)
    ).all()
    waiting = runtime.current().queue.waiting_among([alert_job_id(i) for i in unsent])
    lost = [alert_id for alert_id in unsent if alert_job_id(alert_id) not in waiting]
    for alert_id in lost:
        runtime.current().queue.restart(
            send_bad_batch_alert, alert_id, queue=JOB_QUEUE, job_id=alert_job_id(alert_id)
        )
    return lost


def send_alert(session: Session, alert_id: int, now: datetime, settings: Settings) -> int:
    """Queue the alert's text to every subscriber who can be texted, in their language; how
    many texts were queued this time. Run again, it queues nothing anyone already has, and
    once the alert is marked sent it does nothing."""
    from routing.sending import queue_sms

    query = select(BadBatchAlert).where(BadBatchAlert.id == alert_id).with_for_update()
    alert = session.scalar(query)
    if alert is None or alert.sent_at is not None:
        return 0
    sent = select(func.count()).where(
        Message.purpose == ALERT_PURPOSE,
        Message.idempotency_key.startswith(f"{ALERT_PURPOSE}:{alert.id}:"),
    )
    before = session.scalar(sent)
    for subscription, contact in session.execute(_reachable_subscribers()):
        # ``queue_sms`` gives back what a key already queued: a run cut short queues the rest.
        queue_sms(
            session,
            contact=contact,
            body=alert.body_es if subscription.language == "es" else alert.body_en,
            purpose=ALERT_PURPOSE,
            idempotency_key=alert_key(alert.id, contact.id),
            queue=JOB_QUEUE,
            now=now,
        )
    alert.recipients = session.scalar(sent)
    alert.sent_at = now
    return alert.recipients - before
