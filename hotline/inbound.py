"""One inbound text, from webhook or terminal chat, through one code path.

1. Store the text, idempotently by MessageSid, and commit: nothing is lost after this.
2. Under the contact's lock, process every unprocessed text of that contact in arrival order
   (so two quick replies never race one conversation): responder commands, else the flow engine;
   apply effects, store the replies, mark processed, commit. Jobs start after commit.
3. Answer with the replies stored for this text (a retried webhook gets the same answer).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from flows.engine import NALOXONE_FLOW, step, waits_for_an_answer
from flows.interrupts import (
    detect,
    is_opt_in,
    may_withdraw,
    opt_out_in,
    speaks_of_wrong_number,
)
from flows.places import Directory
from flows.police import refuses_police
from flows.sms import segments
from flows.types import Context, EngineSettings
from hotline.config import Settings
from hotline.contacts import ContactGone, Texter, contact_id_for, contact_lock
from hotline.effects import apply_effects
from hotline.flow_store import conversation_flows
from models import Contact, ConversationSession, Message, ProgramEvent
from models.session import insert_new
from routing.commands import (
    answer_former_responder,
    answer_opted_out_responder,
    answer_responder,
    opted_in_reply,
    opted_out_reply,
)
from routing.lost_while_away import tell_at_start
from routing.withdrawals import OpenRequests, open_requests_locked

log = logging.getLogger(__name__)

# Longer bodies are kept whole in storage but the engine reads only this much.
ENGINE_TEXT_LIMIT = 1600

FLOOD_REPLY = {
    "en": "We got a lot of texts from you at once. Please wait a minute, then text us again. "
    "If someone may be overdosing, call 911 now.",
    "es": "Recibimos muchos mensajes suyos a la vez. Espere un minuto y escribanos de nuevo. "
    "Si alguien puede tener una sobredosis, llame al 911.",
}
# Even in a flood, or said twice at once, these are always heard.
NEVER_HELD = frozenset({"opt_out", "emergency", "crisis", "urgent", "help"})
# The per-number limit counts texts in this window, and one notice is sent per window.
FLOOD_WINDOW = timedelta(minutes=1)
# Twilio waits this long for a webhook's answer, then gives up on it (DOMAIN.md).
TWILIO_ANSWER_WAIT = timedelta(seconds=15)

FALLBACK_REPLY = (
    "Sorry, something went wrong on our side and we could not read your text. "
    "If someone may be overdosing, call 911 now. Please text us again in a minute."
)


# How many failing texts one request sets aside before it gives up and answers kindly.
SET_ASIDE_LIMIT = 3


class TextFailed(Exception):
    """Handling one stored text failed; the cause is chained."""

    def __init__(self, message_id: int) -> None:
        super().__init__(f"inbound message {message_id} failed")
        self.message_id = message_id


def always_heard(text: str) -> bool:
    """STOP, HELP, an emergency, a crisis, a call for help or a refusal of police: never held
    in a flood, never skipped as a repeat."""
    detected = detect(text)
    if detected is not None and detected.kind in NEVER_HELD:
        return True
    return refuses_police(text) is not None


def _asks_to_stop(text: str, contact: Contact) -> bool:
    """An opt-out that is no answer to the question waiting ("don't text me" to how to
    reach them is a call), from a number not opted out already."""
    if contact.opted_out:
        return False
    stop = opt_out_in(text)
    return stop is not None and not stop.unless_an_answer


def _reply(contact_id: int, message_id: int, body: str, purpose: str, now: datetime) -> Message:
    """An answer given in the webhook's TwiML, stored like every text we send."""
    return Message(
        contact_id=contact_id,
        direction="out",
        body=body,
        status="replied",
        channel="twiml",
        purpose=purpose,
        in_reply_to_id=message_id,
        segments=segments(body),
        created_at=now,
        sent_at=now,
    )


@dataclass(frozen=True)
class InboundSms:
    sid: str
    sender: str  # E.164
    body: str
    num_media: int = 0


@dataclass(frozen=True)
class InboundResult:
    replies: tuple[str, ...]
    duplicate: bool = False
    failed: bool = False


def engine_settings(settings: Settings) -> EngineSettings:
    return EngineSettings(
        response_window_hours=settings.response_window_hours,
        conversation_expiry_hours=settings.conversation_expiry_hours,
        timezone=settings.timezone,
        program_name=settings.program_name,
        program_phone=settings.program_phone,
    )


class DirectoryCache:
    """Towns and sites change rarely; reload them at most every ``ttl`` seconds.

    Only a whole directory is kept. A worker that looked before ``setup`` loaded the places
    finds none, and one that looked while it committed may read the towns, their ZIPs and the
    sites on either side of the commit (three statements): kept, either would answer naloxone
    searches with "couldn't find that place" or "none found" until the next reload.
    """

    def __init__(self, load: Callable[[Session], Directory], ttl: float = 30.0) -> None:
        self._load = load
        self._ttl = ttl
        self._value: Directory | None = None
        self._loaded_at = 0.0

    def get(self, session: Session) -> Directory:
        if self._value is None or time.monotonic() - self._loaded_at > self._ttl:
            loaded = self._load(session)
            if not _whole(loaded):
                return loaded
            self._value = loaded
            self._loaded_at = time.monotonic()
        return self._value

    def invalidate(self) -> None:
        self._value = None


def _whole(directory: Directory) -> bool:
    """Towns, each with its ZIPs, and sites: what a directory read in one piece has."""
    return bool(directory.towns and directory.sites) and all(t.zips for t in directory.towns)


def _pending_with_recent_count() -> Select[tuple[Message, int]]:
    """A contact's unhandled texts up to one id, oldest first, each with the count of the
    contact's texts in the minute before it (it included), for the flood limit.

    Built once: building it (an alias of the messages table) cost more than running it.
    """
    earlier = aliased(Message)
    in_last_minute = (
        select(func.count())
        .select_from(earlier)
        .where(
            earlier.contact_id == bindparam("contact_id"),
            earlier.direction == "in",
            earlier.created_at >= bindparam("window"),
            earlier.id <= Message.id,
        )
        .scalar_subquery()
    )
    return (
        select(Message, in_last_minute)
        .where(
            Message.contact_id == bindparam("contact_id"),
            Message.direction == "in",
            Message.processed_at.is_(None),
            Message.id <= bindparam("up_to"),
        )
        .order_by(Message.id)
    )


PENDING_WITH_RECENT_COUNT = _pending_with_recent_count()


@dataclass(frozen=True)
class Stored:
    message_id: int
    contact_id: int
    is_new: bool


def record_inbound(session: Session, sms: InboundSms, now: datetime) -> Stored:
    """Store the text once per MessageSid (a retried webhook finds the first one)."""
    contact_id = contact_id_for(session, sms.sender, now)
    values = {
        "contact_id": contact_id,
        "direction": "in",
        "body": sms.body,
        "sid": sms.sid,
        "status": "received",
        "channel": "twiml",
        "purpose": "inbound",
        "num_media": sms.num_media,
        "segments": segments(sms.body) if sms.body else 0,
        "created_at": now,
    }
    message_id = insert_new(session, Message, values, unique="sid")
    if message_id is not None:
        return Stored(message_id, contact_id, is_new=True)
    first = session.execute(
        select(Message.id, Message.contact_id).where(Message.sid == sms.sid)
    ).one()
    return Stored(first.id, first.contact_id, is_new=False)


class InboundService:
    """Everything the webhook and the chat need to handle a text, with explicit dependencies."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        directory: DirectoryCache,
        clock: Callable[[], datetime],
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.directory = directory
        self.clock = clock

    def receive(self, sms: InboundSms) -> InboundResult:
        stored = self._store(sms)
        message_id, contact_id, is_new = stored.message_id, stored.contact_id, stored.is_new
        # A text that fails is set aside and the rest handled again: one bad text must never
        # stand in front of every later one (STOP and emergencies included).
        for _ in range(SET_ASIDE_LIMIT):
            try:
                replies = self._answer(message_id, contact_id)
            except ContactGone:
                # Joined into the other row for the number by the lookup-key rotation since
                # the text was stored: the text went with it; handle it there.
                contact_id = self._contact_of(message_id)
                continue
            except TextFailed as failed:
                log.error(
                    "processing inbound message %s failed; set aside",
                    failed.message_id,
                    exc_info=failed.__cause__,
                )
                is_current = failed.message_id == message_id
                answer = self._set_aside(failed.message_id, contact_id, is_current=is_current)
                if answer is None:
                    break
                if is_current:
                    return InboundResult(replies=answer, duplicate=not is_new, failed=True)
                continue
            except Exception:
                log.exception("processing inbound message %s failed", message_id)
                break
            return InboundResult(replies=replies, duplicate=not is_new)
        # The text is stored; say something kind rather than nothing, and look into it.
        return self._fallback(is_new)

    def _store(self, sms: InboundSms) -> Stored:
        """``record_inbound``, committed. Once more if the contact found was joined into the
        other row for its number (by the lookup-key rotation) before the text was stored under
        it: the second look finds the joined row."""
        for attempt in range(2):
            with self.sessions() as session:
                try:
                    stored = record_inbound(session, sms, self.clock())
                    session.commit()
                    return stored
                except IntegrityError:
                    if attempt:
                        raise
        raise AssertionError("unreachable")

    def _contact_of(self, message_id: int) -> int:
        with self.sessions() as session:
            return session.scalar(select(Message.contact_id).where(Message.id == message_id))

    @staticmethod
    def _fallback(is_new: bool) -> InboundResult:
        return InboundResult(replies=(FALLBACK_REPLY,), duplicate=not is_new, failed=True)

    def _answer(self, message_id: int, contact_id: int) -> tuple[str, ...]:
        """Under the contact's lock, handle its pending texts up to this one; this one's replies."""
        with self.sessions() as session:
            with contact_lock(session, contact_id) as texter:
                answered, unanswered = self._process_pending(session, texter, up_to=message_id)
                session.commit()
            # Handled by another request (a retry, or a text that queued behind this one's
            # lock): its replies are the stored ones.
            replies = answered.get(message_id)
            if replies is None:
                replies = self._stored_replies(session, message_id)
            # Earlier texts whose own requests are over (they failed, or their process died)
            # were never answered: their answers go first, or a resend of the same words
            # would be a repeat and the person would hear nothing.
            earlier = tuple(body for mid in unanswered for body in answered[mid])
            return earlier + replies

    def _set_aside(
        self, message_id: int, contact_id: int, *, is_current: bool
    ) -> tuple[str, ...] | None:
        """Mark a text that could not be handled, so it is not tried again before every later
        text; when it is this request's own, store and return the kind fallback (nothing to a
        number that opted out). None when even that failed: the database is in trouble."""
        answer: tuple[str, ...] = ()
        try:
            with self.sessions() as session, contact_lock(session, contact_id) as texter:
                message = session.get_one(Message, message_id)
                if message.processed_at is None:
                    now = self.clock()
                    message.processed_at = now
                    message.status = "set_aside"
                    # Counted on the figures page, without who it was, so staff see it happen.
                    session.add(
                        ProgramEvent(
                            at=now, kind="text_set_aside", language=texter.contact.language
                        )
                    )
                    if is_current and not texter.contact.opted_out:
                        answer = (FALLBACK_REPLY,)
                        session.add(_reply(contact_id, message_id, FALLBACK_REPLY, "error", now))
                elif is_current:  # a retry of it got through meanwhile
                    answer = self._stored_replies(session, message_id)
                session.commit()
        except Exception:
            log.exception("setting inbound message %s aside failed", message_id)
            return None
        return answer

    def _process_pending(
        self, session: Session, texter: Texter, up_to: int
    ) -> tuple[dict[int, tuple[str, ...]], list[int]]:
        """Handle the contact's unhandled texts up to ``up_to``, oldest first: their replies,
        and which of the earlier ones waited longer than Twilio waits for an answer (so no
        request of their own can still give it)."""
        contact = texter.contact
        window = self.clock() - FLOOD_WINDOW
        params = {"contact_id": contact.id, "window": window, "up_to": up_to}
        pending = session.execute(PENDING_WITH_RECENT_COUNT, params).all()
        if pending:
            # Written here, under the contact's lock: an UPDATE while storing would wait for
            # the text being handled, and quick texts would then be stored out of order.
            contact.last_inbound_at = pending[-1][0].created_at
            # A number that texts us takes texts, whatever a past error flagged it as.
            if contact.invalid_at is not None:
                contact.invalid_at = None
        answered: dict[int, tuple[str, ...]] = {}
        unanswered: list[int] = []
        answers_end = self.clock() - TWILIO_ANSWER_WAIT
        for message, recent in pending:
            try:
                answered[message.id] = self._process_one(session, texter, message, recent)
            except Exception as error:
                raise TextFailed(message.id) from error
            if message.id != up_to and message.created_at < answers_end:
                unanswered.append(message.id)
        return answered, unanswered

    def _process_one(
        self, session: Session, texter: Texter, message: Message, recent: int
    ) -> tuple[str, ...]:
        contact = texter.contact
        now = self.clock()
        text = (message.body or "")[:ENGINE_TEXT_LIMIT]
        held = self._flood_replies(session, contact, message, recent, text)
        if held is not None:
            replies, purpose = held, "flood"
        else:
            purpose = "reply"
            replies = self._responder_replies(session, texter, text, now)
            if replies is None and self._repeats_the_last_text(session, contact, message, text):
                message.status, replies = "repeat", []
            elif replies is None:
                media = message.num_media > 0
                replies = self._engine_replies(
                    session, texter, text, now, media=media, message_id=message.id
                )
        for body in replies:
            session.add(_reply(contact.id, message.id, body, purpose, now))
        message.processed_at = now
        if message.status not in ("held", "repeat"):
            message.status = "processed"
        session.flush()
        return tuple(body for body in replies if body)

    def _flood_replies(
        self, session: Session, contact: Contact, message: Message, recent: int, text: str
    ) -> list[str] | None:
        """Past the per-number limit, hold the text: one kind notice a minute, then quiet.

        The text is stored either way; opt-outs, opt-ins, emergencies and refusals of police
        always go through.
        """
        if recent <= self.settings.inbound_per_minute:
            return None
        if always_heard(text):
            return None
        if contact.opted_out and is_opt_in(text):  # carriers re-subscribe; our list follows
            return None
        message.status = "held"
        if contact.opted_out:
            return []
        noticed = session.scalar(
            select(Message.id).where(
                Message.contact_id == contact.id,
                Message.purpose == "flood",
                Message.created_at >= self.clock() - FLOOD_WINDOW,
            )
        )
        return [] if noticed else [FLOOD_REPLY.get(contact.language, FLOOD_REPLY["en"])]

    def _repeats_the_last_text(
        self, session: Session, contact: Contact, message: Message, text: str
    ) -> bool:
        """The same words (or files with no words) as the person's last text, come before we
        answered it or within seconds of our answer: a double tap or a phone resending, not an
        answer to what we said next. Taken as one, a second "1" answers the next question, a
        second "2" can let police come, a second "yes" after a case sends the menu again.

        Stored all the same, and never for STOP, HELP, an emergency or "no police"; nor for a
        number that opted out (nothing is said to it, and START must always work)."""
        window = self.settings.repeat_window_seconds
        if window <= 0 or contact.opted_out:
            return False
        last = session.scalars(
            select(Message)
            .where(
                Message.contact_id == contact.id,
                Message.direction == "in",
                Message.created_at <= message.created_at,
                Message.id < message.id,
            )
            .order_by(Message.created_at.desc(), Message.id.desc())
            .limit(1)
        ).first()
        return (
            last is not None
            and last.status in ("processed", "repeat")  # not one held, or set aside on failure
            and last.processed_at is not None
            and message.created_at <= last.processed_at + timedelta(seconds=window)
            and (last.body or "").strip() == (message.body or "").strip()
            and (last.num_media > 0) == (message.num_media > 0)
            and not always_heard(text)  # read last: only a true repeat needs the detection
        )

    def _responder_replies(
        self, session: Session, texter: Texter, text: str, now: datetime
    ) -> list[str] | None:
        if texter.contact.opted_out:  # a report is recorded, with no reply; the rest is START's
            return answer_opted_out_responder(session, texter.responder, text, now)
        if texter.responder is None:  # the texter's, unless a former responder's command
            return answer_former_responder(session, texter.contact, text, self.settings)
        # A responder's own conversation (they texted MENU) goes on with their answers.
        state = texter.conversation.state if texter.conversation is not None else None
        expiry = self.settings.conversation_expiry_hours
        waits = waits_for_an_answer(state, now, expiry)
        return answer_responder(
            session,
            texter.responder,
            text,
            now,
            in_conversation=waits,
            in_search=waits and (state or {}).get("flow") == NALOXONE_FLOW,
        )

    def _engine_replies(
        self,
        session: Session,
        texter: Texter,
        text: str,
        now: datetime,
        *,
        media: bool = False,
        message_id: int | None = None,
    ) -> list[str]:
        contact, convo = texter.contact, texter.conversation
        state = convo.state if convo is not None else None
        flows, published = conversation_flows(session, state)
        # Looked up only when it matters, in one read: a text that may withdraw their request
        # (or the YES after), and more said after it was sent or any text while no question
        # waits (an expired conversation forgets its request, while the call promised may be
        # a day away).
        may_cancel = may_withdraw(text) or (state or {}).get("asked") == "withdraw"
        may_add = bool((state or {}).get("requested")) or not waits_for_an_answer(
            state, now, self.settings.conversation_expiry_hours
        )
        # A stop, even mid-question, says whether their request is still open (CANCEL is a
        # carrier's opt-out word, not a withdrawal: ``opted_out_request_open``).
        may_stop = not (may_cancel or may_add) and _asks_to_stop(text, contact)
        requests = OpenRequests(open=False, withdrawable=False, overdue=False, reached=False)
        if may_cancel or may_add or may_stop:
            requests = open_requests_locked(session, contact, now)
        context = Context(
            now=now,
            places=self.directory.get(session),
            settings=engine_settings(self.settings),
            opted_out=contact.opted_out,
            refuses_police=contact.refuses_police,
            media=media,
            published=published,
            # Looked up only when it matters: "wrong number" to a number a referral gave us.
            texted_first=speaks_of_wrong_number(text) and self._we_texted_first(session, contact),
            open_request=may_cancel and requests.withdrawable,
            request_open=(may_add or may_stop) and requests.open,
            request_overdue=may_add and requests.overdue,
            request_reached=may_add and requests.reached,
            request_closed_unreached=may_add and requests.closed_unreached,
            request_text_only=may_add and requests.text_only,
            request_due=requests.due if may_add else None,
            request_withdrawn=may_add and requests.withdrawn,
            request_police_ok=may_add and requests.police_ok,
        )
        outcome = step(flows, state, text, context)
        if convo is None:
            texter.conversation = ConversationSession(
                contact_id=contact.id, state=outcome.state, updated_at=now
            )
            session.add(texter.conversation)
        else:
            convo.state = outcome.state
            convo.updated_at = now
        was_opted_out = contact.opted_out
        apply_effects(
            session,
            contact,
            outcome.effects,
            now,
            self.settings,
            on_the_roster=texter.responder is not None,
            message_id=message_id,
        )
        if was_opted_out and contact.opted_out:
            # Never a word to a number that opted out, whatever a script says.
            return []
        if texter.responder is not None:
            # A team member's STOP or START: one reply, saying what it means for case offers.
            kinds = {effect.kind for effect in outcome.effects}
            if "opt_out" in kinds and contact.opted_out:
                return [opted_out_reply(session, texter.responder, now, self.settings)]
            if "opt_in" in kinds and was_opted_out and not contact.opted_out:
                return [
                    opted_in_reply(session, texter.responder, now, self.settings),
                    *tell_at_start(session, texter.responder, now),
                ]
        return list(outcome.replies)

    @staticmethod
    def _we_texted_first(session: Session, contact: Contact) -> bool:
        """Our first text with this number went out from us (a partner's referral gave it):
        it did not text us first."""
        first = session.scalar(
            select(Message.direction)
            .where(Message.contact_id == contact.id)
            .order_by(Message.created_at, Message.id)
            .limit(1)
        )
        return first == "out"

    def _stored_replies(self, session: Session, message_id: int) -> tuple[str, ...]:
        bodies = session.scalars(
            select(Message.body)
            .where(Message.in_reply_to_id == message_id, Message.direction == "out")
            .order_by(Message.id)
        ).all()
        return tuple(body for body in bodies if body)
