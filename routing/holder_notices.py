"""Texts telling a responder that a case is no longer theirs, and whether they went out.

A case is taken from its holder when someone else closes it, the person withdraws it, staff
hand it to another responder, or it goes back to the team as peers only while an officer
holds it. The text saying so counts as telling them only once it goes out: one queued and
then held back (they texted STOP before the send job ran) or refused (the carrier says they
opted out) leaves the timeline saying they could not be texted, and their START names the
case (``routing.lost_while_away``). So the event that took the case keeps the text's message
id, and the sending path corrects that event when the text will not arrive.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CaseEvent, Message


class HolderFields(NamedTuple):
    """Where an event that took a case from its holder says whom, whether told, and by what."""

    holder: str
    told: str
    message: str


# By the timeline's event that took the case.
HOLDER_FIELDS = {
    "closed": HolderFields("holder_id", "holder_told", "holder_message_id"),
    "reassigned": HolderFields("previous", "previous_told", "previous_message_id"),
    "released": HolderFields("responder_id", "holder_told", "holder_message_id"),
}
# The purposes of the texts to the holder, and the event each belongs to: someone else closed
# it (``routing.closed_by_others``), the person withdrew it (``routing.claims.WITHDRAWN``),
# staff reassigned it, it went to a peer. A "released" text to a coordinator (the case is
# back with the team) is no such text: no event names its message.
NOTICE_EVENTS = {
    "case_closed": "closed",
    "withdrawn": "closed",
    "reassigned": "reassigned",
    "released": "released",
}


def told_fields(kind: str, message: Message | None) -> dict[str, Any]:
    """The ``kind`` event's fields on the text to the holder: queued or not (None: their
    number could not be texted), and which message it is."""
    fields = HOLDER_FIELDS[kind]
    if message is None:
        return {fields.told: False}
    return {fields.told: True, fields.message: message.id}


def notice_undelivered(session: Session, message: Message) -> None:
    """The sending path reports that a text to a holder about losing a case will not arrive:
    the event it belongs to says they could not be texted, not that they were told."""
    kind = NOTICE_EVENTS.get(message.purpose or "")
    if kind is None or message.case_id is None:
        return
    fields = HOLDER_FIELDS[kind]
    events = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == message.case_id, CaseEvent.kind == kind)
    )
    for event in events:
        data = dict(event.data or {})
        if data.get(fields.message) == message.id and data.get(fields.told) is not False:
            data[fields.told] = False
            event.data = data  # a new dict: the JSON column sees the change
