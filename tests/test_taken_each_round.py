"""A case can be claimed more than once (claimed, handed back, claimed again): each claim's
"taken" notice reaches those who held an offer of it in that round, not only the first."""

from __future__ import annotations

from sqlalchemy import select

from hotline.contacts import get_or_create_contact
from models import Case, Offer, Responder
from routing import jobs
from tests.routing_support import add_case, add_responder, send_waiting_texts, texts_to
from tests.routing_support import responder_text as text


def test_a_second_claim_after_a_hand_back_tells_the_others_again(world):
    with world.sessions.begin() as session:
        team = {
            name: add_responder(session, name, *roles).id
            for name, roles in (
                ("Avery", ("recovery_coach",)),
                ("Blair", ("recovery_coach",)),
                ("Emery", ("coordinator",)),
            )
        }
        contact = get_or_create_contact(session, "+14135550123", world.clock())
        case = add_case(session, now=world.clock(), contact=contact)
        case_id, code = case.id, case.code
    jobs.route_case(case_id)
    send_waiting_texts(world)
    text(world, team["Blair"], f"CLAIM {code}")
    world.clock.advance(minutes=10)
    text(world, team["Blair"], f"UNCLAIM {code} called into work")
    send_waiting_texts(world)
    world.clock.advance(minutes=5)
    assert text(world, team["Emery"], f"CLAIM {code}")[0].startswith(f"Case {code} is yours.")
    with world.sessions() as session:
        avery = session.get_one(Responder, team["Avery"])
        assert texts_to(session, avery, "offer_taken") == [
            f"Case {code} was taken by Blair. Thanks, nothing more to do.",
            f"Case {code} was taken by Emery. Thanks, nothing more to do.",
        ]
        statuses = session.scalars(
            select(Offer.status)
            .join(Case, Case.id == Offer.case_id)
            .where(Case.code == code, Offer.responder_id == team["Avery"])
            .order_by(Offer.id)
        ).all()
        assert statuses == ["taken", "taken"]
