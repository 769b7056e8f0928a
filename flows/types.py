"""The data that goes in and out of the flow engine. Plain values: no Flask, no database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flows.places import Directory
from flows.script import Flow

# Effects the caller knows how to carry out. Anything else is a script error.
EFFECT_KINDS = frozenset(
    {
        "create_case",  # data: kind, needs, town, contact_method, best_time, peers_only, name...
        "opt_out",  # data: {}
        "opt_in",  # data: {}
        "set_language",  # data: {"language": "en"|"es"}
        "log_search",  # data: {"town": str|None, "zip": str|None, "results": int, "nearest_km"}
        "log_event",  # data: {"event": "emergency"|"crisis"|"help"|"expired"|...}
        "refuse_police",  # data: {}: no police for this person, their open cases included
        "wrong_number",  # data: {}: a number we texted first is not the person's: stop, tell
    }
)


@dataclass(frozen=True)
class Effect:
    """Something the caller must do after the step (in the same transaction)."""

    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EngineSettings:
    """Program facts the scripts may mention, and timing rules."""

    response_window_hours: int = 24
    conversation_expiry_hours: int = 12
    timezone: str = "America/New_York"
    program_name: str = "Hampshire HOPE Line"
    program_phone: str = "413-555-0100"
    max_steps_per_text: int = 25


@dataclass(frozen=True)
class Context:
    """Everything besides the script and the text that a step may depend on."""

    now: datetime  # aware
    places: Directory
    settings: EngineSettings = field(default_factory=EngineSettings)
    opted_out: bool = False
    # The person told us before: no police. Their team question is answered for them.
    refuses_police: bool = False
    # A photo, contact card or other file came with the text. The engine never sees the media
    # (it is neither fetched nor kept): with no words, it can only say it reads words.
    media: bool = False
    # We texted this number before it ever texted us (a partner's referral gave it): "wrong
    # number" then means the referral's number is wrong. Looked up only for such a text.
    texted_first: bool = False
    # A request of theirs made by text (a self-referral) is open and nobody has reached them
    # yet: they may withdraw it. Looked up only for a text that may (``may_withdraw``).
    open_request: bool = False
    # A request of theirs made by text is still open (not closed, not withdrawn), whether or
    # not someone reached them: more they say after it is added to it. Looked up only when
    # the state says a request was sent, or no question waits for an answer (the state may
    # have expired, and with it the request's mark).
    request_open: bool = False
    # That request's first-contact deadline passed and nobody has reached them: asking after
    # it gets an apology, not the promise already missed. Looked up with ``request_open``.
    request_overdue: bool = False
    # Someone reached them: a responder recorded first contact on each open request of theirs.
    # Asking when we will call gets that, not a promise to reach out. Looked up with
    # ``request_open``.
    request_reached: bool = False
    # No request of theirs is open, and one was closed lately with nobody having reached them
    # ("unreachable"): a text from them now says they can be reached, so the team is told.
    # Looked up with ``request_open``.
    request_closed_unreached: bool = False
    # That request (open, or closed unreached) says calls do not work for them ("text only"):
    # they are told to text 988 or reply here, never to call.
    request_text_only: bool = False
    # The first-contact deadline of that request as it stands (the earliest of those nobody
    # has reached yet): asking when gets it, not the whole window again. Looked up with
    # ``request_open``; None: the window is said.
    request_due: datetime | None = None
    # None is open, and their most recent request made by text was withdrawn by them lately
    # (``routing.withdrawals.WITHDRAWN_LATELY``): asking after it is told they cancelled it,
    # not welcomed as new. Looked up with ``request_open``.
    request_withdrawn: bool = False
    # One of their open requests lets a police officer reach them (they said police may be on
    # their team): a worry about police is told so, and how to say no. Looked up with
    # ``request_open``.
    request_police_ok: bool = False
    # The published flows, for a conversation that starts over (MENU, expiry, a new text after
    # a finished flow) while ``step`` was given its pinned versions. None: those are the same.
    published: Mapping[str, Flow] | None = None


@dataclass(frozen=True)
class Outcome:
    """What one inbound text produced."""

    state: dict[str, Any]  # JSON-serialisable; store it and give it back next time
    replies: tuple[str, ...] = ()
    effects: tuple[Effect, ...] = ()
