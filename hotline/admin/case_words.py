"""Plain words for the case pages: what each timeline event, text and offer means, what a
need code means, and a case's details (a partner's referral type, consent to text: yes or no).

Routing writes short codes ("nobody_at_step", "undelivered", "coach"); a coordinator reads these
phrases. A code with no phrase here still reads as words: its underscores become spaces.

Needs are read from the flows, as the texter was offered them, not from the short SMS labels
of ``routing.offers`` (kept short for responders' texts).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from typing import Any

from sqlalchemy.orm import Session

from flows.script import Flow, shipped_flows
from hotline.flow_store import flows_for
from routing.offers import LANGUAGE_NAMES, REFERRAL_LABELS, RELATIONSHIP_LABELS
from routing.person_notes import TOLD_PHRASES

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
    "reached_no_one": "no one at all could be told of it: nobody on call and no coordinator "
    "who can be texted (the cases page warns of it until someone can be)",
    "offer_undelivered": "the offer could not be texted to {responder}",
    "offer_withdrawn": "offer to {responder} taken back",
    "passed": "{responder} can't take it",
    "claimed": "claimed by {responder}",
    "reassigned": "handed to {responder}",
    "released": "{responder} no longer has it: back to the team",
    "police_refused": "the person asked for no police: peers only from now on",
    "opted_out": "the person opted out of texts",
    "opted_in": "the person opted back in to texts (START): they may be texted again",
    "holder_opted_out": "{responder}, who has the case, opted out of texts (STOP): no reminders "
    "or case texts reach them",
    "holder_opted_in": "{responder}, who has the case, opted back in to texts (START): "
    "reminders and case texts reach them again",
    "wrong_number": "whoever has the number on file texted that it is a wrong number: it is "
    "no longer texted (check the number with the referrer)",
    "lost_case_told": "{responder}, who had it, was told at their START that it is no longer "
    "theirs",
    "holder_inactive": "{responder}, who has the case, was deactivated: it stays with them, "
    "as the person was already reached, until it is reassigned or closed",
    "contacted": "the person was reached",
    "note": "note",
    "closed": "case closed",
    "reminder_sent": "reminder texted to {responder}",
    "reminder_undelivered": "the reminder could not reach {responder}",
    "deadline_passed": "first-contact deadline passed with no contact recorded",
    "breached": "past the time limit for first contact",
    "coordinator_skipped": "a police officer was left out: the person asked for peers only",
    "no_coordinator": "no coordinator could be texted about this",
    "language_asked": "{responder} asked to claim it, and was told first who speaks the "
    "person's language",
    "notice_passed_on": "a text to {responder} did not arrive: another coordinator was told "
    "instead",
    "slow_rounds": "offered again to whoever is on call (rounds now come every few hours)",
    "rounds_stopped": "past the time limit: no longer offered each round, in the coordinators' "
    "morning summary instead",
    "in_daily_summary": "listed in the coordinators' morning summary",
    "after_daily_summary": "back to the team after the morning summary went out: the "
    "coordinators were told when it came back",
    "person_told": "the person was texted that we are still trying to reach them",
    "person_not_told": "the person could not be texted that we are still trying to reach them",
    "person_note": "the person texted more since their request",
    "said_with_request": "the person said this while asking for help",
    "asked_for_a_call": "the person asked not to be texted: a call only, from now on",
    "town_changed": "the person said they are now in another town: offered by that town "
    "from now on",
    "request_overdue": "the person asked after their request, past the first-contact "
    "deadline with no contact recorded: the coordinators were told",
    "distress_overdue": "the person said they are having a hard time, past the first-contact "
    "deadline with no contact recorded: the coordinators were told",
    "death_told": "the person told of a death since their request: the team was told",
    "crisis_told": "the person spoke of suicide or self-harm since their request: the "
    "coordinators were told unless someone has the case",
    "after_closed": "the person texted after the case was closed with nobody reaching "
    "them: whoever closed it and the coordinators were told",
    "police_fear_told": "the person said police scare them since their request (still Police "
    "OK): police officers offered or holding the case were asked to leave it to a peer",
    "person_held": "the text to the person that we are still trying to reach them waits for "
    "the morning, or the time of day they chose",
}
SOURCES = {"text": "from a text", "partner": "from a partner's referral"}
WITHDRAWN_WHY = {
    "deactivated": "no longer on the roster",
    "peers_only": "the person asked for peers only",
    "off": "they texted OFF",
    "off_call": "no longer on call",
    "opted_out": "they opted out of texts (STOP)",
}


# Every Message.purpose the app writes: what the text was for ("inbound" for every text in).
# "{party}" is the other end of the text: "the person", a responder's name, or "another number".
TEXT_PURPOSES: dict[str, str] = {
    "inbound": "text from {party}",
    "reply": "automatic reply to {party}",
    "flood": "automatic note asking {party} to wait a minute (many texts came at once)",
    "error": "automatic apology to {party} for a text we could not handle",
    "offer": "text offering the case to {party}",
    "offer_taken": "text telling {party} someone else took the case",
    "reassigned": "text telling {party} the case was handed to someone else",
    "released": "text telling {party} the case went back to the team",
    "case_closed": "text telling {party} someone else closed the case they had",
    "opted_out": "text telling {party} the person opted out of texts",
    "opted_in": "text telling {party} the person opted back in to texts",
    "holder_opted_out": "text telling {party} whoever has the case opted out of texts",
    "holder_opted_in": "text telling {party} whoever has the case opted back in to texts",
    "holder_inactive": "text telling {party} whoever has the case was deactivated",
    "wrong_number": "text telling {party} the number on file is a wrong number",
    "assigned": "text telling {party} the case is theirs now, with how to reach the person",
    "language_claim": "text telling {party} the case went to someone who does not speak the "
    "person's language",
    "same_person": "text telling {party} someone claimed another case of the same person",
    "reminder": "reminder to {party} that first contact is due",
    "reminder_failed": "text telling {party} the reminder did not reach whoever has the case",
    "deadline": "text telling {party} the first-contact deadline passed",
    "breach": "text telling {party} the case is past the time limit for first contact",
    "breach_summary": "morning summary to {party} of cases past the time limit, unclaimed",
    "still_trying": "text telling {party} we are sorry we have not reached them yet and are "
    "still trying",
    "person_note": "text passing on to {party} what the person texted since their request",
    "request_overdue": "text telling {party} the person asked after their request, past "
    "the first-contact deadline",
    "distress_overdue": "text telling {party} the person said they are having a hard time, "
    "past the first-contact deadline",
    "death_told": "text telling {party} the person told of a death since their request",
    "crisis_told": "text telling {party} the person spoke of suicide or self-harm "
    "since their request",
    "after_closed": "text telling {party} the person texted after the case was closed "
    "with nobody reaching them",
    "police_fear_told": "text asking {party}, a police officer, to leave the case to a peer: "
    "the person said police scare them",
    "officer_claim": "text telling {party} a police officer took the case after the person "
    "said police scare them",
    "note_unread": "text telling {party} the person texted more, which whoever has the "
    "case cannot get",
    "overdose_told": "text telling {party} a responder reported an overdose happening now",
    "former_holder": "text telling {party} someone who held the case before reported on it",
    "bad_batch_alert": "bad batch alert texted to {party}, who signed up for alerts",
    "day_stand_in": "texts from {party} that day, their words and number deleted (kept only "
    "as a count)",
}
PARTIES = {"texter": "the person", "other": "another number"}
# Every Message.status: ours and Twilio's. An empty phrase adds nothing (the usual case).
TEXT_STATUSES: dict[str, str] = {
    "received": "",
    "receiving": "",
    "processed": "",
    "held": "held without an answer (many texts came at once)",
    "set_aside": "not handled (something went wrong on our side)",
    "repeat": "not answered again (the same words seconds after the last: a double tap)",
    "replied": "sent",
    "queued": "waiting to be sent",
    "accepted": "waiting to be sent",
    "scheduled": "waiting to be sent",
    "sending": "being sent",
    "retrying": "not sent yet, trying again",
    "sent": "sent (no delivery report yet)",
    "delivered": "delivered",
    "read": "delivered and read",
    "partially_delivered": "only partly delivered",
    "undelivered": "not delivered (the phone network could not get it to the phone)",
    "failed": "could not be sent",
    "canceled": "canceled before it was sent",
    "suppressed": "not sent (the number opted out or cannot take texts)",
    "expired": "not sent (it waited too long to still be useful)",
}
# Every Offer.status: how one responder's offer ended. "{responder}" is their name.
OFFER_STATUSES: dict[str, str] = {
    "open": "waiting for an answer",
    "claimed": "{responder} took it",
    "taken": "it went to another responder",
    "passed": "{responder} can't take it",
    "undelivered": "it could not be texted to {responder}",
    "closed": "ended before {responder} answered",
    # Never texted: the line that keeps who handed the case back out of the round that follows.
    "handed_back": "{responder} handed it back: not offered it again until the next round",
}


def _words(code: Any) -> str:
    """A code no phrase knows yet, as words."""
    return str(code).replace("_", " ")


# Details whose stored values are codes, and the words for them (a code not listed still reads
# as words). The partner API writes ``referral_type`` (hotline.api.REFERRAL_TYPES).
DETAIL_VALUES: dict[str, Mapping[str, str]] = {
    "referral_type": REFERRAL_LABELS,
    "relationship": RELATIONSHIP_LABELS,
}


def detail_value(key: str, value: Any) -> str:
    """One detail's value as a coordinator reads it: yes or no for a flag, words for a code."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not given"
    if key in DETAIL_VALUES:
        return DETAIL_VALUES[key].get(str(value)) or _words(value)
    if key == "told" and isinstance(value, list):  # ["recent_overdose"]: "recent overdose"
        return ", ".join(_words(str(v)) for v in value)
    return str(value)


# Details whose names read better in other words than their own.
DETAIL_NAMES = {"needs_words": "Their words on what would help", "told": "They told us of"}


def detail_lines(details: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A case's details as (name, value) lines: "Consent to text", "no"."""
    return [
        (DETAIL_NAMES.get(key) or _words(key).capitalize(), detail_value(key, value))
        for key, value in details.items()
    ]


def _name(names: Mapping[int, str], responder_id: Any) -> str | None:
    return names.get(responder_id) if isinstance(responder_id, int) else None


def event_phrase(kind: str, data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    """What a timeline event means, in a coordinator's words; ``names`` are responders by id."""
    phrase = EVENT_PHRASES.get(kind)
    if phrase is None:
        return _words(kind)
    who = data.get("responder") or _name(names, data.get("responder_id")) or "a responder"
    phrase = phrase.format(responder=who)
    if kind == "created" and data.get("source") in SOURCES:
        phrase += " " + SOURCES[data["source"]]
    elif kind == "offered" and data.get("responder_ids"):
        count = len(data["responder_ids"])
        phrase = f"offered to {count} responder{'' if count == 1 else 's'}"
        if data.get("undelivered"):
            phrase += f" ({len(data['undelivered'])} could not be texted)"
        if data.get("back_on"):
            phrase += ", who was back on call after the step passed them by"
        if data.get("after_stop"):
            phrase += ", who was back in to texts (START) after their STOP took the offer back"
        if data.get("after_off"):
            phrase += ", who was back ON after their OFF took the offer back"
    elif kind == "slow_rounds":
        phrase = _slow_rounds_phrase(data)
    elif kind == "person_not_told" and data.get("reason") == "opted_out":
        phrase += " (they opted out of texts)"
    elif kind == "person_not_told" and data.get("reason") == "asked_for_a_call":
        phrase = (
            "the person was not texted that we are still trying to reach them: they asked "
            "for a call, not texts"
        )
    elif kind == "person_not_told" and data.get("reason") == "told_already":
        phrase = (
            "the person was not texted again that we are still trying: they were told so "
            "about another case of theirs nobody has reached them on yet"
        )
    elif kind == "person_not_told" and data.get("reason") == "apologised":
        phrase = (
            "the person was not texted that we are still trying: they had asked after their "
            "request and were told we are sorry for the wait"
        )
    elif kind == "town_changed" and data.get("town"):
        was = f" (was {data['was']})" if data.get("was") else ""
        phrase = (
            f"the person said they are now in {data['town']}{was}: offered by that town from now on"
        )
    elif kind == "said_with_request" and data.get("flags"):
        said = " and ".join(TOLD_PHRASES[f] for f in data["flags"] if f in TOLD_PHRASES)
        phrase = f"while asking for help, the person {said}" if said else phrase
    elif kind == "nobody_at_step" and data.get("language"):
        language = LANGUAGE_NAMES.get(data["language"], data["language"])
        phrase = f"no one on call speaks {language}: offering it to the rest of the team"
    elif kind == "reassigned" and _name(names, data.get("previous")):
        previous = _name(names, data["previous"])
        phrase = f"handed from {previous} to {who}"
        if data.get("previous_told") is False:
            phrase += f"; {previous}, who had it, could not be texted about it"
    elif kind == "released" and data.get("holder_told") is False:
        phrase += f"; {who}, who had it, could not be texted about it"
    elif kind == "offer_withdrawn" and data.get("reason") in WITHDRAWN_WHY:
        phrase += f" ({WITHDRAWN_WHY[data['reason']]})"
    elif kind in ("opted_out", "opted_in", "wrong_number", "person_note") and "told" in data:
        phrase += f": {who} was told" if data["told"] else f": {who} could not be texted about it"
        if "coordinators_told" in data:
            phrase += (
                "; the coordinators were told"
                if data["coordinators_told"]
                else "; no coordinator was told"
            )
    elif kind in ("holder_opted_out", "holder_opted_in", "holder_inactive") and "told" in data:
        phrase += "; the coordinators were told" if data["told"] else "; no coordinator was told"
    elif kind == "contacted" and data.get("at_close"):
        phrase += " (counted when the case was closed: no one marked it contacted first)"
    elif kind == "contacted" and data.get("on_time") is not None:
        phrase += ", in time" if data["on_time"] else ", after the deadline"
    elif kind == "closed" and data.get("outcome"):
        phrase += ": " + _words(data["outcome"])
    if kind == "closed" and "holder_told" in data:
        holder = _name(names, data.get("holder_id")) or "the responder"
        phrase += (
            f"; {holder}, who had it, was told"
            if data["holder_told"]
            else f"; {holder}, who had it, could not be texted about it"
        )
    return phrase


def _slow_rounds_phrase(data: Mapping[str, Any]) -> str:
    """A slower round, or a run of them that reached nobody, in one line."""
    rounds = int(data.get("rounds") or 1)
    first, last = int(data.get("first_round", 0)) + 1, int(data.get("last_round", 0)) + 1
    which = f"round {first}" if rounds == 1 else f"rounds {first} to {last}"
    count = len(data.get("responder_ids") or [])
    if not count:
        return f"{which}: no one on call to offer it to"
    phrase = f"{which}: offered again to {count} responder{'' if count == 1 else 's'}"
    if data.get("undelivered"):
        phrase += f" ({len(data['undelivered'])} could not be texted)"
    return phrase


def text_phrase(data: Mapping[str, Any], outbound: bool) -> str:
    """A text on the timeline: who it was to or from, what it was for, and whether it arrived."""
    party = PARTIES.get(data.get("party", ""), "")
    if data.get("party") == "responder":
        party = str(data.get("responder") or "a responder")
    # A text in is the person's (or a responder's) own, whatever purpose the row was given.
    purpose = data.get("purpose") if outbound else "inbound"
    if purpose in TEXT_PURPOSES:
        phrase = TEXT_PURPOSES[purpose].format(party=party or "someone")
    else:
        phrase = f"text {'to' if outbound else 'from'} {party or 'someone'}"
        if purpose:
            phrase += f" ({_words(purpose)})"
    status = data.get("status")
    said = TEXT_STATUSES[status] if status in TEXT_STATUSES else _words(status or "")
    return f"{phrase}: {said}" if said else phrase


def offer_phrase(data: Mapping[str, Any]) -> str:
    """One responder's offer: who, at which escalation step (and round, after the first), and
    how it ended."""
    who = str(data.get("responder") or "a responder")
    if data.get("status") == "handed_back":  # no offer was made: say only what it means
        return OFFER_STATUSES["handed_back"].format(responder=who)
    where = f"step {data.get('step')}"
    if data.get("round") not in (None, 1):
        where += f", round {data['round']}"
    status = data.get("status")
    if status in OFFER_STATUSES:
        said = OFFER_STATUSES[status].format(responder=who)
    else:
        said = _words(status or "no answer recorded")
    return f"offer to {who} ({where}): {said}"


def timeline_phrase(kind: str, data: Mapping[str, Any], names: Mapping[int, str]) -> str:
    """Any timeline line in a coordinator's words: a text, an offer, or a case event."""
    if kind in ("message_in", "message_out"):
        return text_phrase(data, outbound=kind == "message_out")
    if kind == "offer":
        return offer_phrase(data)
    return event_phrase(kind, data, names)


def need_labels(session: Session) -> dict[str, dict[str, str]]:
    """Each flow's need options as the texter read them (in English), by flow id then code:
    the published flows, and the shipped scripts for flows the database does not have."""
    flows: dict[str, Flow] = dict(shipped_flows())
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
    return _words(code)
