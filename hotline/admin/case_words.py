"""Plain words for the case pages: what each timeline event means, and what a need code means.

Routing writes short codes ("nobody_at_step", "coach"); a coordinator reads these phrases.
A code with no phrase here still reads as words: its underscores become spaces.

Needs are read from the flows, as the texter was offered them, not from the short SMS labels
of ``routing.offers`` (kept short for responders' texts).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from flows.script import Flow, load_shipped_flows
from hotline.flow_store import flows_for

# Every CaseEvent kind that routing and the admin write. "{responder}" is the responder's
# name (or "a responder" when the event does not say who).
EVENT_PHRASES: dict[str, str] = {
    "created": "case opened",
    "routed": "looking for a responder",
    "offered": "offered to the team",
    "escalated": "no one has taken it yet: offering it to more people",
    "escalating_early": "no one it was offered to can take it: offering it to more people now",
    "nobody_at_step": "no one available to offer it to at this step",
    "no_responder": "no responder available yet",
    "offer_undelivered": "the offer could not be texted to {responder}",
    "offer_withdrawn": "offer to {responder} taken back",
    "passed": "{responder} can't take it",
    "claimed": "claimed by {responder}",
    "reassigned": "handed to {responder}",
    "released": "{responder} no longer has it: back to the team",
    "police_refused": "the person asked for no police: peers only from now on",
    "contacted": "the person was reached",
    "note": "note",
    "closed": "case closed",
    "reminder_sent": "reminder texted to {responder}",
    "reminder_undelivered": "the reminder could not reach {responder}",
    "deadline_passed": "first-contact deadline passed with no contact recorded",
    "breached": "past the time limit for first contact",
    "coordinator_skipped": "a police officer was left out: the person asked for peers only",
    "no_coordinator": "no coordinator could be texted about this",
}
SOURCES = {"text": "from a text", "partner": "from a partner's referral"}
WITHDRAWN_WHY = {
    "deactivated": "no longer on the roster",
    "peers_only": "the person asked for peers only",
}


def _name(names: Mapping[int, str], responder_id: Any) -> str | None:
    return names.get(responder_id) if isinstance(responder_id, int) else None


def event_phrase(kind: str, data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    """What a timeline event means, in a coordinator's words; ``names`` are responders by id."""
    phrase = EVENT_PHRASES.get(kind)
    if phrase is None:
        return kind.replace("_", " ")
    who = data.get("responder") or _name(names, data.get("responder_id")) or "a responder"
    phrase = phrase.format(responder=who)
    if kind == "created" and data.get("source") in SOURCES:
        phrase += " " + SOURCES[data["source"]]
    elif kind == "offered" and data.get("responder_ids"):
        count = len(data["responder_ids"])
        phrase = f"offered to {count} responder{'' if count == 1 else 's'}"
        if data.get("undelivered"):
            phrase += f" ({len(data['undelivered'])} could not be texted)"
    elif kind == "reassigned" and _name(names, data.get("previous")):
        phrase = f"handed from {_name(names, data['previous'])} to {who}"
    elif kind == "offer_withdrawn" and data.get("reason") in WITHDRAWN_WHY:
        phrase += f" ({WITHDRAWN_WHY[data['reason']]})"
    elif kind == "contacted" and data.get("at_close"):
        phrase += " (counted when the case was closed: no one marked it contacted first)"
    elif kind == "contacted" and data.get("on_time") is not None:
        phrase += ", in time" if data["on_time"] else ", after the deadline"
    elif kind == "closed" and data.get("outcome"):
        phrase += ": " + str(data["outcome"]).replace("_", " ")
    return phrase


@cache
def _shipped_flows() -> dict[str, Flow]:
    return load_shipped_flows()


def need_labels(session: Session) -> dict[str, dict[str, str]]:
    """Each flow's need options as the texter read them (in English), by flow id then code:
    the published flows, and the shipped scripts for flows the database does not have."""
    flows: dict[str, Flow] = dict(_shipped_flows())
    # A published version gone missing: the shipped words still read well.
    with suppress(LookupError):
        flows.update(flows_for(session, None))
    labels: dict[str, dict[str, str]] = {}
    for flow_id, flow in flows.items():
        for state in flow.states.values():
            if state.save != "needs":
                continue
            for option in state.options:
                text = option.label.get("en") or next(iter(option.label.values()), "")
                labels.setdefault(flow_id, {}).setdefault(str(option.value), text)
    return labels


def need_label(code: str, kind: str, labels: Mapping[str, Mapping[str, str]]) -> str:
    """A need in the words the texter was offered: from the case's own flow first (a family
    member's "self" is not a self-referral's), else any flow's, else the code as words."""
    own = labels.get(kind, {})
    if code in own:
        return own[code]
    for options in labels.values():
        if code in options:
            return options[code]
    return str(code).replace("_", " ")
