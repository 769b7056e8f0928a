"""Carry out the flow engine's effects inside the inbound text's transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from flows.types import Effect
from hotline.config import Settings
from models import Case, Contact, NaloxoneSearch, ProgramEvent
from routing.bad_batch_alerts import subscribe as subscribe_alerts
from routing.bad_batch_alerts import unsubscribe as unsubscribe_alerts
from routing.claims import refuse_police
from routing.intake import create_case
from routing.late_requests import (
    DISTRESS_OVERDUE,
    tell_of_late_request,
    tell_of_text_after_closing,
)
from routing.news_after_request import CRISIS_TOLD, DEATH_TOLD, tell_of_news
from routing.offers import TOLD_LABELS
from routing.opt_outs import record_opt_in, record_opt_out, record_wrong_number
from routing.person_notes import note_requests, note_said_with_request
from routing.police_fear_told import POLICE_FEAR_TOLD, tell_of_police_fear
from routing.withdrawals import withdraw_requests

log = logging.getLogger(__name__)

# Events the engine reports when a script or the engine itself went wrong: worth an alert.
ENGINE_FAULTS = frozenset(
    {"loop_guard", "missing_flow", "missing_state", "dead_end", "engine_error"}
)


def apply_effects(
    session,
    contact: Contact,
    effects: Iterable[Effect],
    now: datetime,
    settings: Settings,
    *,
    on_the_roster: bool = False,
    message_id: int | None = None,
) -> list[Case]:
    """Apply each effect; returns the cases created (routing starts after commit).
    ``on_the_roster``: the texter is an active responder, whose naloxone searches (a site for
    someone they met) are the team's work, not where the public looks, so the figures never
    see them. ``message_id``: the inbound text the effects answer (a note to a request is
    added once per text)."""
    cases: list[Case] = []
    for effect in effects:
        data = dict(effect.data)
        if effect.kind == "create_case":
            case = _create_case(session, contact, data, now, settings)
            note_said_with_request(session, case, data.get("said"), now)
            cases.append(case)
        elif effect.kind == "opt_out":
            record_opt_out(session, contact, now, source="keyword")
        elif effect.kind == "opt_in":
            record_opt_in(session, contact, now)
        elif effect.kind == "wrong_number":
            record_wrong_number(session, contact, now)
        elif effect.kind == "note_request":
            if message_id is None:
                log.error("a note to a request came with no inbound text: not added")
                continue
            note_requests(
                session,
                contact,
                str(data.get("text", "")),
                now,
                message_id=message_id,
                settings=settings,
                town=data.get("town"),
            )
        elif effect.kind == "request_overdue":
            tell_of_late_request(session, contact, now, settings)
        elif effect.kind == "distress_overdue":
            tell_of_late_request(session, contact, now, settings, kind=DISTRESS_OVERDUE)
        elif effect.kind in (DEATH_TOLD, CRISIS_TOLD):
            tell_of_news(session, contact, now, settings, effect.kind)
        elif effect.kind == POLICE_FEAR_TOLD:
            tell_of_police_fear(session, contact, now)
        elif effect.kind == "after_closed":
            tell_of_text_after_closing(session, contact, now, settings)
        elif effect.kind == "withdraw_request":
            withdraw_requests(session, contact, now)
        elif effect.kind == "refuse_police":
            refuse_police(session, contact, now, settings)
        elif effect.kind == "subscribe_alerts":
            subscribe_alerts(session, contact, str(data.get("language") or contact.language), now)
        elif effect.kind == "unsubscribe_alerts":
            unsubscribe_alerts(session, contact.id)
        elif effect.kind == "set_language":
            contact.language = data.get("language", contact.language)
        elif effect.kind == "log_search":
            if on_the_roster:
                continue
            if data.get("supply"):  # test strips or syringes: counted, never a naloxone gap
                kind = f"search_{data['supply']}"[:32]
                session.add(ProgramEvent(at=now, kind=kind, language=contact.language))
                continue
            session.add(
                NaloxoneSearch(
                    at=now,
                    town=data.get("town"),
                    zip=data.get("zip"),
                    results=int(data.get("results") or 0),
                    nearest_km=data.get("nearest_km"),
                )
            )
        elif effect.kind == "log_event":
            if data.get("event") in ENGINE_FAULTS:
                log.error("flow engine fault: %s %s", data.get("event"), data.get("error", ""))
            session.add(
                ProgramEvent(
                    at=now, kind=str(data.get("event", "unknown"))[:32], language=contact.language
                )
            )
        else:
            # Scripts are validated on publish, so this is a bug worth hearing about.
            log.error("unknown effect %s ignored", effect.kind)
    return cases


def _create_case(session, contact: Contact, data: dict, now: datetime, settings: Settings) -> Case:
    # The person's own words beside the help they picked are theirs, like their name: kept
    # encrypted with the details, which erasure and retention clear.
    # Text only says calls do not work for them, never why ("im deaf").
    kept = ("name", "relationship", "needs_words", "text_only")
    details = {key: data[key] for key in kept if data.get(key)}
    # What the request was told in fixed phrases (a recent overdose, a loved one's consent).
    told = [t for t in data.get("told") or [] if t in TOLD_LABELS]
    if told:
        details["told"] = told
    return create_case(
        session,
        kind=str(data.get("kind", "self_referral")),
        now=now,
        response_window_hours=settings.response_window_hours,
        breach_hours=settings.breach_hours,
        contact=contact,
        source="text",
        language=str(data.get("language") or contact.language),
        town=data.get("town"),
        needs=list(data.get("needs") or []),
        contact_method=str(data.get("contact_method") or "text"),
        best_time=data.get("best_time"),
        peers_only=bool(data.get("peers_only", True)),
        details=details,
    )
