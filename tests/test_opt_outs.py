"""The person opts out of texts (STOP, "leave me alone", or Twilio's 21610): whoever holds a
case of theirs is told once, by SMS, and the timeline says so; an unclaimed case stays on offer
and its CLAIM reply says "opted out". Nothing is ever texted to the person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from flows.types import Effect
from hotline.contacts import find_contact, get_or_create_contact
from hotline.effects import apply_effects
from models import Case, CaseEvent, Contact, Message, Responder
from routing import jobs
from routing.commands import handle_responder_text
from tests.routing_support import (
    RoutingWorld,
    add_case,
    add_responder,
    carrier_opts_out,
    commit_once_blocked,
    events_of,
    offered_names,
    postgres_world,
    texts_to,
)
from tests.routing_support import responder_text as text

TEXTER = "+14135550123"
TEAM = {
    "cora": "recovery_coach",
    "carl": "recovery_coach",
    "hal": "harm_reduction_specialist",
    "dee": "coordinator",
}


def make_team(world: RoutingWorld) -> dict[str, int]:
    """Two coaches, a harm-reduction specialist and a coordinator, all on call: ids by name."""
    with world.sessions.begin() as session:
        return {name: add_responder(session, name.title(), role).id for name, role in TEAM.items()}


@pytest.fixture
def team(world) -> dict[str, int]:
    return make_team(world)


def routed_case(world: RoutingWorld, **kw) -> tuple[int, str]:
    """The person's case (needs a coach), offered to Cora and Carl: its id and code."""
    with world.sessions.begin() as session:
        contact = get_or_create_contact(session, TEXTER, world.clock())
        kw.setdefault("details", {"name": "Sam"})
        case = add_case(session, now=world.clock(), contact=contact, **kw)
        case_id, code = case.id, case.code
    jobs.route_case(case_id)
    return case_id, code


def person_says(world: RoutingWorld, kind: str) -> None:
    """The person's STOP (``opt_out``) or START (``opt_in``), applied as an inbound text's."""
    with world.sessions.begin() as session:
        contact = find_contact(session, TEXTER)
        assert contact is not None
        apply_effects(session, contact, [Effect(kind)], world.clock(), world.settings)


def notices(world: RoutingWorld, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), "opted_out")


def texts_to_the_person(world: RoutingWorld) -> list[str]:
    with world.sessions() as session:
        contact = find_contact(session, TEXTER)
        return list(
            session.scalars(
                select(Message.body).where(
                    Message.contact_id == contact.id, Message.direction == "out"
                )
            )
        )


def opted_out_events(world: RoutingWorld, case_id: int) -> list[tuple[str, dict]]:
    with world.sessions() as session:
        return [
            (event.actor, dict(event.data or {}))
            for event in session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case_id, CaseEvent.kind == "opted_out")
                .order_by(CaseEvent.id)
            )
        ]


@pytest.mark.parametrize(
    ("method", "then"),
    [
        ("text", "They asked for texts, not calls, so call only with care."),
        ("call", "You may still call them: they asked for a call."),
    ],
)
@pytest.mark.parametrize("contacted", [False, True])
def test_the_holder_is_told_once_when_the_person_opts_out(world, team, method, then, contacted):
    case_id, code = routed_case(world, contact_method=method)
    text(world, team["cora"], f"CLAIM {code}")
    if contacted:
        text(world, team["cora"], f"CONTACTED {code}")
    world.clock.advance(minutes=5)
    person_says(world, "opt_out")
    (notice,) = notices(world, team["cora"])
    assert notice == f"Case {code}: the person opted out of texts. Do not text them. {then}"
    assert "Sam" not in notice and "0123" not in notice
    assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
    assert opted_out_events(world, case_id) == [
        ("the person", {"responder_id": team["cora"], "told": True})
    ]
    # A second STOP changes nothing. START tells her she may text them again (purpose
    # "opted_in"), so a STOP after it is news again, told once more.
    person_says(world, "opt_out")
    assert notices(world, team["cora"]) == [notice]
    person_says(world, "opt_in")
    person_says(world, "opt_out")
    person_says(world, "opt_out")
    assert notices(world, team["cora"]) == [notice, notice]
    assert notices(world, team["carl"]) == [] and notices(world, team["dee"]) == []
    assert texts_to_the_person(world) == []
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
    assert case.status == ("contacted" if contacted else "claimed")
    assert case.claimed_by_id == team["cora"]


def opt_in_notices(world: RoutingWorld, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), "opted_in")


def opted_in_events(world: RoutingWorld, case_id: int) -> list[tuple[str, dict]]:
    with world.sessions() as session:
        return [
            (event.actor, dict(event.data or {}))
            for event in session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case_id, CaseEvent.kind == "opted_in")
                .order_by(CaseEvent.id)
            )
        ]


def test_the_holder_is_told_once_when_the_person_opts_back_in(world, team):
    """Told "Do not text them" at the STOP, the holder hears of the START too (once per
    opt-in, whatever re-runs), and the timeline says so; no personal details."""
    case_id, code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    person_says(world, "opt_out")
    assert opt_in_notices(world, team["cora"]) == []
    world.clock.advance(minutes=5)
    person_says(world, "opt_in")
    (notice,) = opt_in_notices(world, team["cora"])
    assert notice == (
        f"Case {code}: the person opted back in to texts (START). You may text them again."
    )
    assert "Sam" not in notice and "0123" not in notice
    assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
    assert opted_in_events(world, case_id) == [
        ("the person", {"responder_id": team["cora"], "told": True})
    ]
    person_says(world, "opt_in")  # already opted in: nothing more
    assert opt_in_notices(world, team["cora"]) == [notice]
    assert len(opted_in_events(world, case_id)) == 1
    assert opt_in_notices(world, team["carl"]) == [] and opt_in_notices(world, team["dee"]) == []
    assert texts_to_the_person(world) == []
    # STOP and START again: a new opt-in, told again.
    person_says(world, "opt_out")
    person_says(world, "opt_in")
    assert opt_in_notices(world, team["cora"]) == [notice, notice]
    assert len(opted_in_events(world, case_id)) == 2


def test_an_opt_in_is_noted_on_an_unclaimed_case_and_not_on_closed_or_others(world, team):
    closed_id, closed = routed_case(world)
    text(world, team["cora"], f"CLAIM {closed}")
    text(world, team["cora"], f"CONTACTED {closed}")
    text(world, team["cora"], f"CLOSE {closed} services")
    offered_id, _ = routed_case(world)
    with world.sessions.begin() as session:
        other = add_case(session, now=world.clock())  # someone else's
        other_id = other.id
    jobs.route_case(other_id)
    text(world, team["dee"], f"CLAIM {other.code}")
    person_says(world, "opt_out")
    person_says(world, "opt_in")
    assert opted_in_events(world, offered_id) == [("the person", {})]
    assert opted_in_events(world, closed_id) == opted_in_events(world, other_id) == []
    for name in TEAM:
        assert opt_in_notices(world, team[name]) == []


def test_an_opt_in_with_no_opt_out_before_it_tells_nobody(world, team):
    case_id, code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    person_says(world, "opt_in")
    assert opt_in_notices(world, team["cora"]) == []
    assert opted_in_events(world, case_id) == []


def test_start_after_a_wrong_number_tells_nobody_to_text_it(world, team):
    """Whoever texts START from a number said to be a wrong one is not the person the case is
    about: the holder is never told to text it."""
    case_id, code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    person_says(world, "wrong_number")
    person_says(world, "opt_in")
    with world.sessions() as session:
        assert not find_contact(session, TEXTER).opted_out
    assert opt_in_notices(world, team["cora"]) == []
    assert opted_in_events(world, case_id) == []


def test_an_unclaimed_case_stays_on_offer_and_its_claim_reply_says_opted_out(world, team):
    """STOP stops texts, not help: the offers stand, the next step still offers it, and whoever
    claims it hears the person opted out."""
    case_id, code = routed_case(world)
    person_says(world, "opt_out")
    assert opted_out_events(world, case_id) == [("the person", {})]
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
    assert case.status == "offered"
    world.clock.advance(minutes=10)
    jobs.escalate_case(case_id, case.escalation_token)
    with world.sessions() as session:
        assert events_of(session, case_id)[-2:] == ["escalated", "offered"]
        assert offered_names(session, case_id, 0, 1) == ["Hal"]
    assert notices(world, team["cora"]) == [] and notices(world, team["carl"]) == []
    first, _ = text(world, team["carl"], f"CLAIM {code}")
    assert "They asked for texts, then opted out: do not text them." in first
    assert texts_to_the_person(world) == []


def test_only_the_persons_open_cases_are_noted_and_only_their_holders_told(world, team):
    closed_id, closed = routed_case(world)
    text(world, team["cora"], f"CLAIM {closed}")
    text(world, team["cora"], f"CONTACTED {closed}")
    text(world, team["cora"], f"CLOSE {closed} services")
    held_id, held = routed_case(world)
    text(world, team["carl"], f"CLAIM {held}")
    with world.sessions.begin() as session:
        other = add_case(session, now=world.clock())  # someone else's
        other_id = other.id
    jobs.route_case(other_id)
    text(world, team["dee"], f"CLAIM {other.code}")
    person_says(world, "opt_out")
    (notice,) = notices(world, team["carl"])
    assert notice.startswith(f"Case {held}: the person opted out of texts.")
    assert notices(world, team["cora"]) == [] and notices(world, team["dee"]) == []
    assert len(opted_out_events(world, held_id)) == 1
    assert opted_out_events(world, closed_id) == opted_out_events(world, other_id) == []


def test_a_holder_who_cannot_be_texted_is_noted_on_the_timeline(world, team):
    case_id, code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    with world.sessions.begin() as session:
        cora = session.get_one(Responder, team["cora"])
        session.get_one(Contact, cora.contact_id).opted_out_at = world.clock()
    person_says(world, "opt_out")
    assert notices(world, team["cora"]) == []
    assert opted_out_events(world, case_id) == [
        ("the person", {"responder_id": team["cora"], "told": False})
    ]


def test_twilios_opted_out_error_on_a_text_to_the_person_tells_the_holder(world, team):
    """21610: the person opted out at the carrier, and our list learns it from a failed send."""
    case_id, code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    with world.sessions() as session:
        person_id = find_contact(session, TEXTER).id
    carrier_opts_out(world, person_id)
    assert len(notices(world, team["cora"])) == 1
    assert len(opted_out_events(world, case_id)) == 1
    with world.sessions() as session:
        assert find_contact(session, TEXTER).opted_out_at is not None


# ---- races (PostgreSQL) ------------------------------------------------------------------


@pytest.fixture
def pg_world(pg_engine, redis_conn) -> Iterator[RoutingWorld]:
    with postgres_world(pg_engine, redis_conn) as world:
        yield world


def test_a_claim_in_flight_when_the_person_opts_out_gets_the_notice(pg_world):
    """Cora's CLAIM has won, not committed yet, when the person's STOP comes: the opt-out
    waits for the claim, and Cora is told."""
    team = make_team(pg_world)
    case_id, code = routed_case(pg_world)
    claimer = pg_world.sessions()
    phone = claimer.get_one(Contact, claimer.get_one(Responder, team["cora"]).contact_id)
    claimed = handle_responder_text(claimer, phone, f"CLAIM {code}", pg_world.clock())
    assert claimed is not None and "Prefers a text" in claimed[0]
    commit_once_blocked(claimer, pg_world.sessions, lambda: person_says(pg_world, "opt_out"))
    assert len(notices(pg_world, team["cora"])) == 1
    assert opted_out_events(pg_world, case_id) == [
        ("the person", {"responder_id": team["cora"], "told": True})
    ]


def test_a_claim_while_the_persons_opt_out_is_applied_waits_and_says_opted_out(pg_world):
    """The person's STOP is applied, not committed yet, when Cora's CLAIM comes: the claim
    waits for it, and its reply says the person opted out (no notice is needed then)."""
    team = make_team(pg_world)
    case_id, code = routed_case(pg_world)
    texter = pg_world.sessions()
    contact = texter.get_one(Contact, texter.get_one(Case, case_id).contact_id)
    apply_effects(texter, contact, [Effect("opt_out")], pg_world.clock(), pg_world.settings)
    texter.flush()
    replies: list[list[str] | None] = []
    commit_once_blocked(
        texter,
        pg_world.sessions,
        lambda: replies.append(text(pg_world, team["cora"], f"CLAIM {code}")),
    )
    ((first, _),) = replies
    assert "They asked for texts, then opted out: do not text them." in first
    assert notices(pg_world, team["cora"]) == []
