"""A recent overdose told by a friend or parent, and the loved one's consent, reach the team in
fixed phrases: the offer and the claim say so, never the person's words nor the loved one's
number."""

from __future__ import annotations

from sqlalchemy import select

from hotline.admin.case_words import detail_lines
from hotline.contacts import find_contact
from models import Case, Responder
from routing import jobs
from routing.intake import case_details
from tests.routing_support import person_texts, responder_text, texting_team, texts_to

PHONE = "+14135550177"
TOLD = "my son overdosed last night, can i give him this number?"
AGREED = "he agreed to talk to you, his number is 413-555-0197 please call him today"
PHRASE = "Their loved one had a recent overdose. The loved one agreed to be contacted."


def test_the_offer_and_the_claim_say_the_overdose_was_recent_and_he_agreed(world) -> None:
    team = texting_team(world, cora="recovery_coach")
    replies = person_texts(world, PHONE, TOLD)
    assert "Yes, please do" in " ".join(replies)
    for body in ["3", AGREED, "amherst", "1", "morning"]:
        person_texts(world, PHONE, body)
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        case = session.scalars(select(Case).where(Case.contact_id == contact.id)).one()
        case_id, code = case.id, case.code
        assert case_details(case)["told"] == ["recent_overdose", "agreed_to_contact"]
        lines = detail_lines(case_details(case))
        assert ("They told us of", "recent overdose, agreed to contact") in lines
    jobs.route_case(case_id)
    with world.sessions() as session:
        (offer,) = texts_to(session, session.get_one(Responder, team["cora"]), "offer")
    assert PHRASE in offer
    assert "last night" not in offer and "0197" not in offer
    claim = " ".join(responder_text(world, team["cora"], f"CLAIM {code}") or [])
    assert PHRASE in claim
    assert "0197" not in claim
