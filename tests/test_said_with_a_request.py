"""Words said in a family member's conversation before their request (a crisis at a question,
"yes but he cant know, only 9 to 5") go with the request: lines on the case's timeline, with
what they told, for whoever takes the case. A loved one's number is never kept."""

from __future__ import annotations

from sqlalchemy import select

from hotline.admin.case_words import event_phrase
from hotline.contacts import find_contact
from models import Case, CaseEvent, Message
from tests.routing_support import person_texts, texting_team

PHONE = "+14135550188"
CRISIS = "honestly some days i dont want to be here anymore"
YES_BUT = "yes but he cant know, only call when hes at work, 9 to 5 weekdays"
NUMBER = "here is his number 413-555-2999 call him today please"


def _their_case(session) -> Case:
    contact = find_contact(session, PHONE)
    return session.scalars(select(Case).where(Case.contact_id == contact.id)).one()


def test_a_crisis_and_words_beside_a_yes_land_on_the_case_timeline(world) -> None:
    texting_team(world, cora="recovery_coach")
    for body in ["menu", "2", "1", "2", CRISIS, NUMBER, "amherst"]:
        person_texts(world, PHONE, body)
    replies = person_texts(world, PHONE, YES_BUT)
    assert "will call" in " ".join(replies)
    with world.sessions() as session:
        case = _their_case(session)
        assert case.best_time == YES_BUT or YES_BUT in str(case.details)
        said = list(
            session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case.id, CaseEvent.kind == "said_with_request")
                .order_by(CaseEvent.id)
            )
        )
        assert [(e.text, e.data.get("flags")) for e in said] == [
            (CRISIS, ["crisis"]),
            (YES_BUT, None),
        ]
        assert "suicide or self-harm" in event_phrase(said[0].kind, said[0].data, {})
        # The loved one's number is in no case line, nor anything but the text as it came.
        events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))
        assert not any("2999" in (e.text or "") + str(e.data) for e in events)
        assert "2999" not in str(case.details) + str(case.best_time)
        assert session.scalars(select(Message.id)).first() is not None
