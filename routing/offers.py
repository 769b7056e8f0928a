"""Offering a case to responders by SMS: the offer rows and the texts, with no personal details.

An offer names the case by its short code and says what the person asked for; who they are and
how to reach them go only to the responder who claims the case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Case, Contact, Message, Offer, Responder
from routing import runtime
from routing.intake import case_details
from routing.overdue import is_overdue, overdue_words

KIND_LABELS = {
    "self_referral": "self-referral",
    "family": "family support",
    "partner": "partner referral",
}
REFERRAL_LABELS = {
    "post_overdose": "post-overdose",
    "substance_incident": "substance-related incident",
    "other": "other",
}
# How a family member who texted is connected to the one they care about (the family flow's
# relationship answer): "child" is their son or daughter texting, not a child at risk.
RELATIONSHIP_LABELS = {
    code: f"{words} the one they care about"
    for code, words in {
        "parent": "parent of",
        "partner": "partner or spouse of",
        "child": "son or daughter of",
        "sibling": "brother or sister of",
        "friend": "friend of",
        "other": "other relation to",
    }.items()
}
# Short on purpose: an offer is an SMS to a responder and must stay within a few segments.
# The case page reads needs in the flow's own, longer words (hotline.admin.case_words).
NEED_LABELS = {
    "coach": "talk with a recovery coach",
    "supplies": "harm-reduction supplies",
    "naloxone": "naloxone",
    "treatment": "treatment info",
    "other": "something else",
    "learn": "learn about substance use and naloxone",
    "self": "support for the family member",
    "now": "loved one needs help now",
    "grief": "grief and loss",
}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
# What the request was told, in fixed phrases (never the person's words): an overdose on a day
# before today, when another is most likely, and a loved one's consent to be contacted.
TOLD_LABELS = {
    "recent_overdose": {
        "family": "Their loved one had a recent overdose",
        "self_referral": "Had a recent overdose",
    },
    "agreed_to_contact": {"family": "The loved one agreed to be contacted"},
}
# A best time typed in the person's own words goes into the offer only when each word is one of
# these or a clock time: offers reach several responders before anyone claims, and "after 6,
# ask for Jo", a number or "he checks my phone" is for the claimer only.
_TIME_WORDS = frozenset({
    "after", "before", "between", "and", "or", "not", "no", "in", "the", "on", "at", "around",
    "about", "until", "till", "til", "from", "to", "by", "any", "anytime", "whenever", "time",
    "times", "morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "night",
    "nights", "tonight", "today", "tomorrow", "noon", "midnight", "midday", "lunch",
    "lunchtime", "weekday", "weekdays", "weekend", "weekends", "day", "days", "week",
    "monday", "mondays", "tuesday", "tuesdays", "wednesday", "wednesdays", "thursday",
    "thursdays", "friday", "fridays", "saturday", "saturdays", "sunday", "sundays", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "am", "pm", "oclock",
    "early", "earlier", "late", "later", "ish", "best", "is", "only", "except", "but",
    "please", "a", "an", "of", "during", "work", "school", "por", "la", "las", "el", "los",
    "de", "del", "despues", "antes", "entre", "y", "o", "en", "manana", "mananas", "tarde",
    "tardes", "noche", "noches", "mediodia", "hoy", "cualquier", "hora", "horas", "lunes",
    "martes", "miercoles", "jueves", "viernes", "sabado", "sabados", "domingo", "domingos",
    "fin", "fines", "semana", "semanas", "temprano", "solo", "menos", "trabajo"
})  # fmt: skip
_CLOCK = re.compile(r"\d{1,4}(?::\d\d)?(?:am|pm|a|p)?(?:-\d{1,4}(?::\d\d)?(?:am|pm|a|p)?)?")
# More digits than a time holds ("413-555-0199") is a number, whatever its words.
_MOST_DIGITS = 6


def offered_best_time(case: Case) -> str | None:
    """The best time an offer may say: the chosen one, the person's own words when they are
    only a time ("6pm", "not in the morning"), else a pointer to the claim's details."""
    if case.best_time:
        return case.best_time
    typed = case_details(case).get("best_time")
    if not typed:
        return None
    return str(typed) if _only_a_time(str(typed)) else "see details when you claim"


def _only_a_time(typed: str) -> bool:
    """Every word of ``typed`` is a word of time or a clock time, and it holds no number."""
    plain = unicodedata.normalize("NFKD", typed.lower()).encode("ascii", "ignore").decode()
    if sum(c.isdigit() for c in plain) > _MOST_DIGITS:
        return False
    words = [w.strip(".,;!?()'\"") for w in plain.split()]
    return all(not w or w in _TIME_WORDS or _CLOCK.fullmatch(w) is not None for w in words)


# Said in an offer when the person said more than the help they picked: their words may tell
# of health or housing ("tranq wounds", "got kicked out"), so only the claimer reads them.
NEEDS_WORDS_WAIT = "(and in their own words: see details when you claim)"


# Said for "Prefers a text" when the person said calls do not work for them: never why.
TEXT_ONLY = "Text only (can't take calls)"


def text_only(case: Case, details: dict[str, Any]) -> bool:
    """The person asked for texts because calls do not work for them ("im deaf", "i cant take
    calls"): a responder must not call instead."""
    return case.contact_method == "text" and bool(details.get("text_only"))


def told_phrases(case: Case, details: dict[str, Any]) -> list[str]:
    """What the request was told, as the team reads it in offers and the claim."""
    told = details.get("told") or []
    labels = [TOLD_LABELS.get(str(t), {}).get(case.kind) for t in told]
    return [label for label in labels if label]


def case_summary(case: Case, *, with_contact_method: bool = True, with_words: bool = False) -> str:
    """Type, town, needs, preferred contact (unless ``with_contact_method`` is False), language
    and the peers-only choice, in one line. The person's own words on what would help are
    quoted with ``with_words`` (the claimer's details), else only said to be there."""
    details = case_details(case)
    kind = KIND_LABELS.get(case.kind, case.kind.replace("_", " "))
    referral = details.get("referral_type")
    if referral:
        kind = f"{kind} ({REFERRAL_LABELS.get(referral, str(referral))})"
    parts = [f"{kind}, {case.town}" if case.town else f"{kind}, town not given"]
    words = details.get("needs_words")
    if case.needs:
        needs = "Needs: " + ", ".join(NEED_LABELS.get(n, str(n)) for n in case.needs)
        parts.append(f"{needs} {NEEDS_WORDS_WAIT}" if words and not with_words else needs)
    if words and with_words:
        parts.append(f'In their words: "{words}"')
    parts.extend(told_phrases(case, details))
    if with_contact_method:
        method = "a call" if case.contact_method == "call" else "a text"
        best_time = offered_best_time(case)
        best = f", best time: {best_time}" if best_time else ""
        prefers = TEXT_ONLY if text_only(case, details) else f"Prefers {method}"
        parts.append(f"{prefers}{best}")
    if case.language != "en":
        parts.append(f"Speaks {LANGUAGE_NAMES.get(case.language, case.language)}")
    parts.append("Peers only (no police)" if case.peers_only else "Police OK")
    return ". ".join(parts) + "."


def offer_text(
    case: Case, *, escalated: bool = False, news: str = "", late: str | None = None
) -> str:
    """The offer of ``case``; ``late``, that its first-contact deadline passed
    (``routing.overdue``), and ``news``, a sentence or two on what just happened to it ("It
    was Cora's, who handed it back."), go before how to take it."""
    heading = "Still unclaimed: case" if escalated else "New case"
    said = "".join(f"{part} " for part in (f"{late}." if late else "", news) if part)
    return (
        f"{heading} {case.code}: {case_summary(case)} {said}"
        f"Reply CLAIM {case.code} to take it, PASS {case.code} to pass."
    )


def responder_contact(session: Session, responder_id: int) -> tuple[Responder, Contact] | None:
    responder = session.get(Responder, responder_id)
    if responder is None:
        return None
    contact = session.get(Contact, responder.contact_id)
    return (responder, contact) if contact is not None else None


def offer_case(
    session: Session,
    case: Case,
    responder_ids: Iterable[int],
    now: datetime,
    *,
    escalated: bool = False,
    news: str = "",
    step: int | None = None,
) -> list[Offer]:
    """Offer the case to each responder at its current round and step (or ``step`` of the
    round), once each.

    An offer that already exists is left alone (a re-run job sends nothing twice). A responder
    whose number cannot be texted gets an ``undelivered`` offer so escalation can move on.
    """
    made: list[Offer] = []
    body = offer_body(session, case, now, escalated=escalated, news=news)
    for responder_id in responder_ids:
        found = responder_contact(session, responder_id)
        if found is None:
            continue
        _, contact = found
        at_step = case.escalation_step if step is None else step
        key = (case.id, responder_id, case.escalation_round, at_step)
        if _existing_offer(session, *key) is not None:
            continue
        offer = Offer(
            case_id=case.id,
            responder_id=responder_id,
            escalation_round=case.escalation_round,
            escalation_step=at_step,
            status="open",
            created_at=now,
        )
        try:
            with session.begin_nested():
                session.add(offer)
                session.flush()
        except IntegrityError:
            continue  # made by a concurrent run of the same step
        send_offer(session, offer, contact, body, now, key=f"offer:{offer.id}")
        made.append(offer)
    session.flush()
    return made


def offer_body(
    session: Session, case: Case, now: datetime, *, escalated: bool = False, news: str = ""
) -> str:
    """An offer's text as it stands now: with whether the person can be reached at all, what
    they told since asking and, past the first-contact deadline, that it is overdue."""
    from routing.news_after_request import told_since_request
    from routing.same_person import held_elsewhere_sentence
    from routing.unreachable import IN_AN_OFFER, cannot_be_reached

    # Text only and opted out since: whoever claims it must not call or text them.
    unreachable = IN_AN_OFFER if cannot_be_reached(session, case) else ""
    held = held_elsewhere_sentence(session, case)
    news = " ".join(filter(None, (unreachable, held, news, told_since_request(session, case))))
    late = None
    if is_overdue(case, now):  # the time zone is the runtime's: offers are made from jobs
        late = overdue_words(session, case, now, runtime.current().settings.timezone)
    return offer_text(case, escalated=escalated, news=news, late=late)


def send_offer(
    session: Session, offer: Offer, contact: Contact, body: str, now: datetime, *, key: str
) -> bool:
    """Queue an offer's text; an offer whose responder cannot be texted is ``undelivered`` so
    escalation can move on. True when it was queued."""
    from routing.sending import queue_sms

    message = queue_sms(
        session,
        contact=contact,
        body=body,
        purpose="offer",
        idempotency_key=key,
        case_id=offer.case_id,
        now=now,
    )
    if message is None:
        offer.status, offer.responded_at = "undelivered", now
        return False
    offer.message_id = message.id
    return True


def _existing_offer(
    session: Session, case_id: int, responder_id: int, round_: int, step: int
) -> Offer | None:
    return session.scalar(
        select(Offer).where(
            Offer.case_id == case_id,
            Offer.responder_id == responder_id,
            Offer.escalation_round == round_,
            Offer.escalation_step == step,
        )
    )


def tell_holder(
    session: Session,
    case: Case,
    holder: int | None,
    body: str,
    purpose: str,
    now: datetime,
    *,
    occasion: int = 0,
) -> dict[str, Any]:
    """Text the responder holding ``case`` (None: nobody holds it) about it, once per case,
    holder and ``occasion`` whatever re-runs follow (an opt-out after an opt-in is news
    again); the timeline fields that say whom and whether it went."""
    if holder is None:
        return {}
    message = text_holder(session, case, holder, body, purpose, now, occasion=occasion)
    return {"responder_id": holder, "told": message is not None}


def text_holder(
    session: Session,
    case: Case,
    holder: int,
    body: str,
    purpose: str,
    now: datetime,
    *,
    occasion: int = 0,
) -> Message | None:
    """Queue ``tell_holder``'s text; the message, or None when their number cannot be texted."""
    key = f"{purpose}:{case.id}:{holder}" + (f":{occasion}" if occasion else "")
    return queue_to_responder(
        session,
        holder,
        body,
        purpose=purpose,
        idempotency_key=key,
        case_id=case.id,
        now=now,
    )


def text_responder(
    session: Session,
    responder_id: int,
    body: str,
    *,
    purpose: str,
    idempotency_key: str,
    case_id: int | None,
    now: datetime,
) -> bool:
    """Queue one text to a responder; False when their number cannot be texted."""
    message = queue_to_responder(
        session,
        responder_id,
        body,
        purpose=purpose,
        idempotency_key=idempotency_key,
        case_id=case_id,
        now=now,
    )
    return message is not None


def queue_to_responder(
    session: Session,
    responder_id: int,
    body: str,
    *,
    purpose: str,
    idempotency_key: str,
    case_id: int | None,
    now: datetime,
) -> Message | None:
    """Queue one text to a responder: the message, or None when their number cannot be texted
    (queued is not sent: ``routing.holder_notices`` follows what became of it)."""
    from routing.sending import queue_sms

    found = responder_contact(session, responder_id)
    if found is None:
        return None
    return queue_sms(
        session,
        contact=found[1],
        body=body,
        purpose=purpose,
        idempotency_key=idempotency_key,
        case_id=case_id,
        now=now,
    )
