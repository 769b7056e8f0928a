"""The person takes back a yes to police: every open case of theirs becomes peers only, offers
to police officers are withdrawn, a case an officer holds goes back to the team (as when its
holder becomes a police officer), and their later cases start peers only. On SQLite and
PostgreSQL; the races on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from hotline.case_actions import CaseActionError, assign_case
from hotline.contacts import find_contact, get_or_create_contact
from models import Case, CaseEvent, Contact, Offer, Responder
from routing import jobs
from routing.claims import refuse_police
from routing.commands import handle_responder_text
from tests.routing_support import (
    RoutingWorld,
    add_case,
    add_responder,
    commit_once_blocked,
    events_of,
    postgres_world,
    texts_to,
)
from tests.test_escalation import load

TEXTER = "+14135550123"
REFUSED = "asked for peer responders only (no police), so it goes to a peer. Thank you."


@dataclass
class Team:
    cora: int  # a recovery coach
    pat: int  # a police officer who is also a recovery coach
    dee: int  # the coordinator


def make_team(world: RoutingWorld) -> Team:
    with world.sessions.begin() as session:
        return Team(
            add_responder(session, "Cora", "recovery_coach").id,
            add_responder(session, "Pat", "police_officer", "recovery_coach").id,
            add_responder(session, "Dee", "coordinator").id,
        )


@pytest.fixture
def team(world) -> Team:
    return make_team(world)


def police_ok_case(world: RoutingWorld, **kw) -> int:
    """The person said police are fine; the case is offered to Cora and Pat."""
    with world.sessions.begin() as session:
        contact = get_or_create_contact(session, TEXTER, world.clock())
        case_id = add_case(session, now=world.clock(), contact=contact, peers_only=False, **kw).id
    jobs.route_case(case_id)
    return case_id


def refuse(world: RoutingWorld) -> list[str]:
    """The person's "no police", as the inbound text applies it; the codes of cases changed."""
    with world.sessions.begin() as session:
        contact = find_contact(session, TEXTER)
        assert contact is not None
        changed = refuse_police(session, contact, world.clock(), world.settings)
        return [case.code for case in changed]


def text(world: RoutingWorld, responder_id: int, body: str) -> list[str] | None:
    with world.sessions.begin() as session:
        responder = session.get_one(Responder, responder_id)
        contact = session.get_one(Contact, responder.contact_id)
        return handle_responder_text(session, contact, body, world.clock())


def offer_status(world: RoutingWorld, case_id: int, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return list(
            session.scalars(
                select(Offer.status)
                .where(Offer.case_id == case_id, Offer.responder_id == responder_id)
                .order_by(Offer.id)
            )
        )


def test_an_open_case_becomes_peers_only_and_the_officers_offer_is_withdrawn(world, team):
    case_id = police_ok_case(world)
    assert offer_status(world, case_id, team.pat) == ["open"]
    code = load(world, case_id).code
    assert refuse(world) == [code]
    case = load(world, case_id)
    assert case.peers_only is True and case.status == "offered"
    assert offer_status(world, case_id, team.pat) == ["closed"]
    assert offer_status(world, case_id, team.cora) == ["open"]
    with world.sessions() as session:
        assert events_of(session, case_id)[-2:] == ["police_refused", "offer_withdrawn"]
        refused = session.scalar(select(CaseEvent).where(CaseEvent.kind == "police_refused"))
        assert refused is not None and refused.actor == "the person"
        assert refused.text == "The person asked for no police: peers only from now on."
        assert session.get_one(Contact, case.contact_id).refuses_police is True
    assert text(world, team.pat, f"CLAIM {code}") == [f"Case {code} {REFUSED}"]
    assert load(world, case_id).claimed_by_id is None


def test_a_case_an_officer_holds_goes_back_to_the_team_as_when_a_holder_becomes_police(world, team):
    case_id = police_ok_case(world)
    code = load(world, case_id).code
    assert text(world, team.pat, f"CLAIM {code}")[0].startswith(f"Case {code} is yours")
    refuse(world)
    case = load(world, case_id)
    assert (case.peers_only, case.status, case.claimed_by_id) == (True, "offered", None)
    with world.sessions() as session:
        pat, dee = session.get_one(Responder, team.pat), session.get_one(Responder, team.dee)
        (told,) = texts_to(session, pat, "released")
        assert told.startswith(f"Case {code} asked for peer responders only (no police)")
        # Plainly: no contact, and the number off the officer's phone.
        assert "Nothing more to do" not in told
        assert "do not contact the person" in told.lower()
        assert "delete their number from your phone" in told
        assert (encoding(told), segments(told)) == ("GSM-7", 1)
        (coordinator,) = texts_to(session, dee, "released")
        assert coordinator.startswith(f"Case {code} was Pat's, who is a police officer")
        released = session.scalar(select(CaseEvent).where(CaseEvent.kind == "released"))
        assert released is not None and released.data["reason"] == "peers_only"
        # Offered again, to the coach only.
        assert offer_status(world, case_id, team.cora)[-1] == "open"
        assert offer_status(world, case_id, team.pat) == ["claimed"]
    assert text(world, team.pat, f"CLAIM {code}") == [f"Case {code} {REFUSED}"]


def test_closed_cases_stay_as_they_were_and_a_second_refusal_changes_nothing(world, team):
    closed_id = police_ok_case(world)
    with world.sessions.begin() as session:
        session.get_one(Case, closed_id).status = "closed"
    open_id = police_ok_case(world)
    assert refuse(world) == [load(world, open_id).code]
    with world.sessions() as session:
        before = events_of(session, open_id)
    assert refuse(world) == []
    with world.sessions() as session:
        assert events_of(session, open_id) == before
    assert load(world, closed_id).peers_only is False


def test_a_later_case_from_the_person_starts_peers_only(world, team):
    police_ok_case(world)
    refuse(world)
    later = police_ok_case(world)
    assert load(world, later).peers_only is True
    assert offer_status(world, later, team.pat) == []


# ---- races (PostgreSQL) ------------------------------------------------------------------


@pytest.fixture
def pg_world(pg_engine, redis_conn) -> Iterator[RoutingWorld]:
    with postgres_world(pg_engine, redis_conn) as world:
        yield world


def officer_holds_an_offer(world: RoutingWorld) -> tuple[int, int, str]:
    """Pat's id, and the police-OK case he is offered, by id and code."""
    team = make_team(world)
    case_id = police_ok_case(world)
    return team.pat, case_id, load(world, case_id).code


def test_an_officers_claim_in_flight_when_the_person_refuses_police_is_refused(pg_world):
    """The person's "no police" is applied, not committed yet, when Pat's CLAIM comes: the
    claim read the case as police OK, so it must wait for the refusal and refuse."""
    pat, case_id, code = officer_holds_an_offer(pg_world)
    texter = pg_world.sessions()
    contact = texter.get_one(Contact, load(pg_world, case_id).contact_id)
    refuse_police(texter, contact, pg_world.clock(), pg_world.settings)
    texter.flush()

    replies: list[list[str] | None] = []

    def claim() -> None:
        replies.append(text(pg_world, pat, f"CLAIM {code}"))

    commit_once_blocked(texter, pg_world.sessions, claim)  # the claim waits for the refusal
    assert replies == [[f"Case {code} {REFUSED}"]]
    case = load(pg_world, case_id)
    assert case.claimed_by_id is None and case.peers_only is True


def test_a_refusal_in_flight_when_an_officer_has_claimed_hands_the_case_back(pg_world):
    """Pat's CLAIM has won, not committed yet, when the person's "no police" comes: the
    refusal waits for the claim and hands the case back to the team."""
    pat, case_id, code = officer_holds_an_offer(pg_world)
    officer_session = pg_world.sessions()
    officer = officer_session.get_one(Responder, pat)
    phone = officer_session.get_one(Contact, officer.contact_id)
    claimed = handle_responder_text(officer_session, phone, f"CLAIM {code}", pg_world.clock())
    assert claimed is not None and claimed[0].startswith(f"Case {code} is yours")

    # The refusal waits for the claim.
    commit_once_blocked(officer_session, pg_world.sessions, lambda: refuse(pg_world))
    case = load(pg_world, case_id)
    assert (case.peers_only, case.claimed_by_id, case.status) == (True, None, "offered")
    with pg_world.sessions() as session:
        assert "released" in events_of(session, case_id)


def test_a_handover_to_an_officer_in_flight_when_the_person_refuses_police_is_refused(pg_world):
    """Cora holds the case; staff hand it to Pat while the person's "no police" is applied,
    not committed yet: the handover must wait for it and refuse, leaving Cora with it."""
    pat, case_id, code = officer_holds_an_offer(pg_world)
    with pg_world.sessions() as session:
        cora_id = session.scalar(select(Responder.id).where(Responder.name == "Cora"))
    assert text(pg_world, cora_id, f"CLAIM {code}")[0].startswith(f"Case {code} is yours")
    texter = pg_world.sessions()
    contact = texter.get_one(Contact, load(pg_world, case_id).contact_id)
    refuse_police(texter, contact, pg_world.clock(), pg_world.settings)
    texter.flush()

    refusals: list[str] = []

    def hand_over() -> None:
        with pg_world.sessions() as session:
            try:
                assign_case(session, code, pat, "staff", pg_world.clock(), pg_world.settings)
            except CaseActionError as exc:
                refusals.append(str(exc))
                session.rollback()
            else:
                session.commit()

    commit_once_blocked(texter, pg_world.sessions, hand_over)  # waits for the refusal
    assert refusals == [
        "this person asked for no police and Pat is a police officer. "
        "Please choose a peer responder"
    ]
    assert load(pg_world, case_id).claimed_by_id == cora_id


def partner_referral(session, now, *, consent: bool) -> Case:
    """A partner's post-overdose referral of TEXTER, stored as the partner API stores it."""
    from hotline.api import _store, create_partner

    partner, _ = create_partner(session, f"ED {now.timestamp()}", now)
    clean = {
        "phone": TEXTER, "consent_to_text": consent, "referral_type": "post_overdose",
        "language": "en", "town": "Northampton", "contact_method": "call", "best_time": None,
        "peers_only": False, "name": None, "notes": None,
    }  # fmt: skip
    return _store(session, partner, clean, None, "d" * 64, now)


def test_a_refusal_reaches_a_partner_referral_made_without_consent_to_text(world, team):
    """Such a referral is linked to no contact (we may not text the number), but it is the
    same person: their "no police" holds for it, and the officer gets nothing."""
    with world.sessions.begin() as session:
        case_id = partner_referral(session, world.clock(), consent=False).id
    jobs.route_case(case_id)
    code = load(world, case_id).code
    with world.sessions.begin() as session:
        refuse_police(session, get_or_create_contact(session, TEXTER, world.clock()), world.clock())
    assert load(world, case_id).peers_only is True
    with world.sessions.begin() as session:
        officer = session.get_one(Responder, team.pat)
        contact = session.get_one(Contact, officer.contact_id)
        reply = handle_responder_text(session, contact, f"CLAIM {code}", world.clock())
    assert TEXTER not in " ".join(reply) and "is yours" not in " ".join(reply)


def test_a_partner_referral_stored_while_a_refusal_is_applied_waits_and_is_peers_only(
    pg_engine, redis_conn
):
    import threading

    from hotline.contacts import contact_lock

    with postgres_world(pg_engine, redis_conn) as world:
        with world.sessions.begin() as session:
            make_team(world)
            contact_id = get_or_create_contact(session, TEXTER, world.clock()).id
        texter = world.sessions()
        done: list[int] = []

        def referral() -> None:
            with world.sessions.begin() as session:
                done.append(partner_referral(session, world.clock(), consent=True).id)

        with contact_lock(texter, contact_id) as held:  # the person's "no police", in flight
            refuse_police(texter, held.contact, world.clock(), world.settings)
            texter.flush()
            thread = threading.Thread(target=referral)
            thread.start()
            thread.join(timeout=1)
            assert not done, "the referral did not wait for the person's text"
            texter.commit()
        texter.close()
        thread.join(timeout=10)
        with world.sessions() as session:
            assert session.get_one(Case, done[0]).peers_only is True
