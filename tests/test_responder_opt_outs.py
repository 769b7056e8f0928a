"""A responder on the roster texts STOP (or START): one confirmation that says what it means for
case offers; their open offers go on to the team at once, as after OFF; the coordinators hear
once of the cases they still hold, which nobody can text them about now. Nothing more is ever
texted to the number. A responder taken off the roster is answered as anyone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from hotline.admin.case_words import event_phrase
from models import Case, CaseEvent, Contact, Message, Offer, Responder
from routing import jobs
from routing.claims import Staff, close_case, reassign_case, refuse_police
from routing.escalation import record
from routing.sweep import sweep
from tests.routing_support import (
    RoutingWorld,
    add_case,
    add_responder,
    carrier_opts_out,
    events_of,
    offered_names,
    person_texts,
    responder_text,
    texting_team,
    texts_to,
)


@pytest.fixture
def team(world) -> dict[str, int]:
    """Cora (a coach: the case's match), Hal (harm reduction, on call) and Dee (coordinator)."""
    return texting_team(
        world, cora="recovery_coach", hal="harm_reduction_specialist", dee="coordinator"
    )


def texts_us(world: RoutingWorld, responder_id: int, body: str) -> tuple[str, ...]:
    """The responder texts the hotline, through the same path as Twilio's webhook."""
    with world.sessions() as session:
        responder = session.get_one(Responder, responder_id)
        phone = session.get_one(Contact, responder.contact_id).phone
    return person_texts(world, phone, body)


def routed(world: RoutingWorld, **kw) -> tuple[int, str]:
    """A case needing a coach, offered to Cora: its id and code."""
    with world.sessions.begin() as session:
        case = add_case(session, now=world.clock(), **kw)
        ids = case.id, case.code
    jobs.route_case(ids[0])
    return ids


def claimed_by(world: RoutingWorld, responder_id: int, **kw) -> tuple[int, str]:
    case_id, code = routed(world, **kw)
    assert responder_text(world, responder_id, f"CLAIM {code}")[0].startswith(f"Case {code} is")
    return case_id, code


def texts_to_number(world: RoutingWorld, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id))


def stop_notices(world: RoutingWorld, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), "holder_opted_out")


def holder_events(world: RoutingWorld, case_id: int) -> list[tuple[str, dict]]:
    with world.sessions() as session:
        return [
            (event.actor, dict(event.data or {}))
            for event in session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case_id, CaseEvent.kind == "holder_opted_out")
                .order_by(CaseEvent.id)
            )
        ]


def test_stop_confirms_once_that_no_case_offers_or_case_texts_come_until_start(world, team):
    (confirmation,) = texts_us(world, team["cora"], "STOP")
    assert "no case offers" in confirmation and "START" in confirmation
    assert "MENU" not in confirmation
    assert encoding(confirmation) == "GSM-7" and segments(confirmation) <= 2
    # A case for a coach now goes to the others; nothing at all goes to Cora.
    case_id, _ = routed(world)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 0) == []
        assert offered_names(session, case_id, 0, 1) == ["Hal"]
    assert texts_us(world, team["cora"], "LIST") == ()
    assert texts_to_number(world, team["cora"]) == [confirmation]


def test_stop_hands_open_offers_on_at_once_as_off_does(world, team):
    case_id, _ = routed(world)
    texts_us(world, team["cora"], "stop")
    with world.sessions() as session:
        offers = {o.responder_id: o.status for o in session.scalars(select(Offer))}
        assert offers == {team["cora"]: "closed"}
        assert events_of(session, case_id)[-2:] == ["offer_withdrawn", "escalating_early"]
        withdrawn = session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "offer_withdrawn")
        ).one()
        assert withdrawn.data == {"responder_id": team["cora"], "reason": "opted_out"}
        assert event_phrase(withdrawn.kind, withdrawn.data, {team["cora"]: "Cora"}).endswith(
            "(they opted out of texts (STOP))"
        )
        case = session.get_one(Case, case_id)
    jobs.escalate_case(case_id, case.escalation_token)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 1) == ["Hal"]
    # Nobody held a case: no coordinator needs to hear of it.
    assert holder_events(world, case_id) == []
    assert stop_notices(world, team["dee"]) == []
    assert len(texts_to_number(world, team["cora"])) == 2  # the offer, then the confirmation


def test_the_coordinators_are_told_once_of_the_cases_the_responder_still_holds(world, team):
    first, first_code = claimed_by(world, team["cora"])
    second, second_code = claimed_by(world, team["cora"])
    responder_text(world, team["cora"], f"CONTACTED {second_code}")
    before = texts_to_number(world, team["cora"])
    texts_us(world, team["cora"], "STOP")
    (notice,) = stop_notices(world, team["dee"])
    assert notice == (
        "Cora opted out of our texts (STOP): no offers, reminders or case texts reach them "
        f"now. They still hold cases {first_code}, {second_code}: reach them another way or "
        "reassign."
    )
    assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
    assert stop_notices(world, team["hal"]) == [] and stop_notices(world, team["cora"]) == []
    for case_id in (first, second):
        assert holder_events(world, case_id) == [
            ("Cora", {"responder_id": team["cora"], "told": True})
        ]
    with world.sessions() as session:
        event = session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "holder_opted_out").limit(1)
        ).one()
        assert event_phrase(event.kind, event.data, {team["cora"]: "Cora"}) == (
            "Cora, who has the case, opted out of texts (STOP): no reminders or case texts "
            "reach them; the coordinators were told"
        )
        assert session.get_one(Case, first).status == "claimed"
        assert session.get_one(Case, second).claimed_by_id == team["cora"]
    # A second STOP, the sweep run twice, START and STOP again: the coordinators know already.
    texts_us(world, team["cora"], "STOP")
    sweep(world.clock())
    sweep(world.clock())
    texts_us(world, team["cora"], "START")
    texts_us(world, team["cora"], "STOP")
    assert stop_notices(world, team["dee"]) == [notice]
    assert len(holder_events(world, first)) == 2  # each STOP is on the timeline
    after = texts_to_number(world, team["cora"])[len(before) :]
    assert len(after) == 3 and after[0] == after[2]  # the confirmations alone


def start_notices(world: RoutingWorld, responder_id: int) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, responder_id), "holder_opted_in")


def test_the_coordinators_hear_once_that_a_holder_is_reachable_again_after_start(world, team):
    """Told at STOP to reach them another way or reassign, the coordinators hear at START
    that they can text them again: once, whatever STOPs and STARTs follow."""
    case_id, code = claimed_by(world, team["cora"])
    texts_us(world, team["cora"], "STOP")
    assert start_notices(world, team["dee"]) == []
    texts_us(world, team["cora"], "START")
    (notice,) = start_notices(world, team["dee"])
    assert notice == (
        "Cora opted back in to our texts (START): offers, reminders and case texts reach them "
        f"again. They hold case {code}."
    )
    assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
    assert start_notices(world, team["hal"]) == [] and start_notices(world, team["cora"]) == []
    with world.sessions() as session:
        event = session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.kind == "holder_opted_in"
            )
        ).one()
        assert event.data == {"responder_id": team["cora"], "told": True}
        assert event_phrase(event.kind, event.data, {team["cora"]: "Cora"}) == (
            "Cora, who has the case, opted back in to texts (START): reminders and case texts "
            "reach them again; the coordinators were told"
        )
    texts_us(world, team["cora"], "STOP")
    texts_us(world, team["cora"], "START")
    assert start_notices(world, team["dee"]) == [notice]


def test_start_with_no_cases_held_tells_no_coordinator(world, team):
    texts_us(world, team["cora"], "STOP")
    texts_us(world, team["cora"], "START")
    assert start_notices(world, team["dee"]) == []


def test_start_offers_again_what_stop_handed_back_while_it_is_unclaimed(world, team):
    """Cora's open offer went on to the team at her STOP; nobody took it. At START, on call,
    it is offered to her again at once, as ON offers what waited for her."""
    case_id, code = routed(world)
    texts_us(world, team["cora"], "STOP")
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
    jobs.escalate_case(case_id, case.escalation_token)  # on to Hal
    (welcome,) = texts_us(world, team["cora"], "START")
    assert welcome.endswith("1 case is waiting for someone: its offer follows.")
    assert encoding(welcome) == "GSM-7" and segments(welcome) <= 2
    for _ in range(2):  # the job, run twice
        jobs.offer_on_return(case_id, team["cora"])
    with world.sessions() as session:
        statuses = {
            o.responder_id: o.status
            for o in session.scalars(select(Offer).where(Offer.case_id == case_id))
        }
        assert statuses[team["cora"]] == "open"
        offers = texts_to(session, session.get_one(Responder, team["cora"]), "offer")
        (line,) = session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id,
                CaseEvent.kind == "offered",
                CaseEvent.data["after_stop"].as_boolean().is_(True),
            )
        ).all()
        assert event_phrase(line.kind, line.data, {}) == (
            "offered to 1 responder, who was back in to texts (START) after their STOP took "
            "the offer back"
        )
    assert len(offers) == 2 and offers[1].startswith(f"Still unclaimed: case {code}:")
    assert texts_us(world, team["cora"], f"CLAIM {code}")[0].startswith(f"Case {code} is yours")


def test_the_offer_given_back_at_start_says_what_the_person_told_since(world, team):
    """The offer given back at START had only the summary, where every other offer says the
    person spoke of suicide or self-harm after asking."""
    case_id, _ = routed(world)
    texts_us(world, team["cora"], "STOP")
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        record(session, case, world.clock(), "crisis_told")
        token = case.escalation_token
    jobs.escalate_case(case_id, token)
    texts_us(world, team["cora"], "START")
    jobs.offer_on_return(case_id, team["cora"])
    with world.sessions() as session:
        offers = texts_to(session, session.get_one(Responder, team["cora"]), "offer")
    assert len(offers) == 2
    assert "spoke of suicide or self-harm after asking: reach them soon" in offers[1]
    assert "spoke of suicide" not in offers[0]  # said before the first offer was made


@pytest.mark.parametrize("meanwhile", ["claimed", "off"])
def test_start_offers_nothing_again_once_someone_claimed_it_or_while_off(world, team, meanwhile):
    case_id, code = routed(world)
    texts_us(world, team["cora"], "STOP")
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
    jobs.escalate_case(case_id, case.escalation_token)
    if meanwhile == "claimed":
        assert responder_text(world, team["hal"], f"CLAIM {code}")[0].startswith(f"Case {code}")
    else:
        assert texts_us(world, team["cora"], "OFF") == ()  # recorded, with no reply
    (welcome,) = texts_us(world, team["cora"], "START")
    assert "waiting" not in welcome
    with world.sessions() as session:
        statuses = [o.status for o in session.scalars(select(Offer).where(
            Offer.case_id == case_id, Offer.responder_id == team["cora"]))]  # fmt: skip
    assert statuses == ["closed"]


def test_start_gives_an_officer_back_no_offer_of_a_case_that_became_peers_only(world, team):
    from routing.claims import refuse_police

    with world.sessions.begin() as session:
        pat = add_responder(session, "Pat", "police_officer", "recovery_coach").id
    case_id, _ = routed(world, peers_only=False)
    texts_us(world, pat, "STOP")
    with world.sessions.begin() as session:
        contact = session.get_one(Contact, session.get_one(Case, case_id).contact_id)
        refuse_police(session, contact, world.clock(), world.settings)
    (welcome,) = texts_us(world, pat, "START")
    assert "waiting" not in welcome
    jobs.offer_on_return(case_id, pat)
    with world.sessions() as session:
        statuses = [o.status for o in session.scalars(select(Offer).where(
            Offer.case_id == case_id, Offer.responder_id == pat))]  # fmt: skip
    assert statuses == ["closed"]


def test_a_police_coordinator_hears_only_of_cases_that_allow_police(world, team):
    """Each case's coordinators are chosen as for any news of it: Pat, a police officer,
    never hears of a case whose person asked for peers only, so Dee hears of it apart."""
    with world.sessions.begin() as session:
        pat = add_responder(session, "Pat", "coordinator", "police_officer").id
    peers, peers_code = claimed_by(world, team["cora"])
    police_ok, police_ok_code = claimed_by(world, team["cora"], peers_only=False)
    texts_us(world, team["cora"], "STOP")
    to_dee = stop_notices(world, team["dee"])
    (to_pat,) = stop_notices(world, pat)
    assert [f"case {peers_code}:" in text for text in to_dee] == [True, False]
    assert f"case {police_ok_code}:" in to_dee[1]
    assert f"case {police_ok_code}:" in to_pat and peers_code not in to_pat
    with world.sessions() as session:
        assert "coordinator_skipped" in events_of(session, peers)
        assert "coordinator_skipped" not in events_of(session, police_ok)
    assert holder_events(world, peers) == holder_events(world, police_ok)


def test_a_coordinator_who_texts_stop_is_not_told_of_their_own_cases(world, team):
    with world.sessions.begin() as session:
        for name in ("cora", "hal"):
            session.get_one(Responder, team[name]).available = False
    case_id, _ = claimed_by(world, team["dee"])  # nobody in the field: Dee's step at once
    texts_us(world, team["dee"], "STOP")
    assert stop_notices(world, team["dee"]) == []
    assert holder_events(world, case_id) == [("Dee", {"responder_id": team["dee"], "told": False})]
    with world.sessions() as session:
        assert "no_coordinator" in events_of(session, case_id)


def test_a_carriers_opt_out_tells_the_coordinators_too(world, team):
    """Twilio's 21610 on a text to the responder: they opted out at the carrier."""
    case_id, code = claimed_by(world, team["cora"])
    with world.sessions() as session:
        number_id = session.get_one(Responder, team["cora"]).contact_id
    carrier_opts_out(world, number_id)
    (notice,) = stop_notices(world, team["dee"])
    assert f"They still hold case {code}:" in notice
    assert len(holder_events(world, case_id)) == 1


@pytest.mark.parametrize("off_first", [False, True])
def test_start_says_offers_resume_when_on_call(world, team, off_first):
    if off_first:
        texts_us(world, team["cora"], "OFF")
    texts_us(world, team["cora"], "STOP")
    (welcome,) = texts_us(world, team["cora"], "START")
    assert "MENU" not in welcome
    assert encoding(welcome) == "GSM-7" and segments(welcome) <= 2
    if off_first:
        assert "text ON" in welcome
    else:
        assert "on-call times" in welcome
    # Back on the roster's texts: the next case for a coach is hers to take.
    case_id, _ = routed(world)
    with world.sessions() as session:
        offered = offered_names(session, case_id, 0, 0)
    assert offered == ([] if off_first else ["Cora"])
    assert texts_us(world, team["cora"], "LIST")


def test_a_responder_taken_off_the_roster_is_answered_as_anyone(world, team):
    case_id, _ = claimed_by(world, team["cora"])
    with world.sessions.begin() as session:
        session.get_one(Responder, team["cora"]).active = False
    (confirmation,) = texts_us(world, team["cora"], "STOP")
    assert confirmation.startswith("You're unsubscribed from")
    assert "case offers" not in confirmation
    assert stop_notices(world, team["dee"]) == [] and holder_events(world, case_id) == []
    (welcome,) = texts_us(world, team["cora"], "START")
    assert "MENU" in welcome
    with world.sessions() as session:
        assert (
            session.scalars(select(Message).where(Message.purpose == "holder_opted_out")).all()
            == []
        )


def test_start_offers_at_once_what_waited_while_the_only_coordinator_had_opted_out(world, team):
    """Dee, the only one on call, texts STOP; a case made meanwhile reaches nobody round after
    round. Her START says it is waiting and its offer comes at once, not on the next slow
    round two hours on."""
    with world.sessions.begin() as session:
        for name in ("cora", "hal"):
            session.get_one(Responder, team[name]).available = False
    texts_us(world, team["dee"], "STOP")
    case_id, code = routed(world)
    with world.sessions() as session:
        assert "no_responder" in events_of(session, case_id)
    (welcome,) = texts_us(world, team["dee"], "START")
    assert welcome.endswith("1 case is waiting for someone: its offer follows.")
    assert encoding(welcome) == "GSM-7" and segments(welcome) <= 2
    assert f"back-on-{case_id}-{team['dee']}-0" in world.enqueued("default")
    for _ in range(2):  # the job, run twice
        jobs.offer_on_return(case_id, team["dee"])
    with world.sessions() as session:
        (offer,) = texts_to(session, session.get_one(Responder, team["dee"]), "offer")
    assert offer.startswith(f"Still unclaimed: case {code}:")


def test_an_opted_out_holders_reports_are_recorded_with_no_reply(world, team):
    """CONTACTED, NOTE and CLOSE from a holder who texted STOP: on the case, though nothing can
    be said back. CLAIM would send them case texts, so it is not taken; START still works."""
    case_id, code = claimed_by(world, team["cora"])
    other_id, other = routed(world)
    texts_us(world, team["cora"], "STOP")
    texted = texts_to_number(world, team["cora"])
    assert texts_us(world, team["cora"], f"CONTACTED {code} talked, she wants a coach") == ()
    assert texts_us(world, team["cora"], f"NOTE {code} call her after 5") == ()
    assert texts_us(world, team["cora"], f"CLAIM {other}") == ()
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert case.contacted_at is not None
        assert {"contacted", "note"} <= set(events_of(session, case_id))
        assert session.get_one(Case, other_id).claimed_by_id is None
    assert texts_us(world, team["cora"], f"CLOSE {code} services") == ()
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status == "closed"
    assert texts_to_number(world, team["cora"]) == texted
    (back,) = texts_us(world, team["cora"], "START")
    assert "on-call times" in back


def timeline_phrase(world: RoutingWorld, case_id: int, kind: str, team) -> str:
    names = {responder_id: name.title() for name, responder_id in team.items()}
    with world.sessions() as session:
        event = session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)
            .order_by(CaseEvent.id.desc())
            .limit(1)
        ).one()
        return event_phrase(event.kind, event.data, names)


def test_cases_lost_while_opted_out_are_named_once_at_start(world, team):
    """Before, a holder who texted STOP never heard that their case was handed on or closed
    meanwhile, even after START, and kept the person's number."""
    reassigned, reassigned_code = claimed_by(world, team["cora"])
    closed, closed_code = claimed_by(world, team["cora"])
    _, kept_code = claimed_by(world, team["cora"])
    texts_us(world, team["cora"], "STOP")
    staff = Staff("admin@example.org")
    with world.sessions.begin() as session:
        hal = session.get_one(Responder, team["hal"])
        case = session.get_one(Case, reassigned)
        assert reassign_case(session, case, hal, staff, world.clock()).ok
        case = session.get_one(Case, closed)
        assert close_case(session, case, staff, "connected_to_services", world.clock()).ok
    # Nothing could be texted to Cora, and the timelines say so.
    assert texts_to_number(world, team["cora"])[-1].startswith("You're unsubscribed")
    assert timeline_phrase(world, reassigned, "reassigned", team) == (
        "handed from Cora to Hal; Cora, who had it, could not be texted about it"
    )
    assert timeline_phrase(world, closed, "closed", team).endswith(
        "Cora, who had it, could not be texted about it"
    )
    replies = texts_us(world, team["cora"], "START")
    assert replies[0].startswith("Welcome back")
    lost = replies[-1]
    assert lost == (
        f"While you were unsubscribed, cases {reassigned_code}, {closed_code} were handed on "
        "or closed. Please don't contact those people, and delete their numbers from your phone."
    )
    assert kept_code not in lost
    assert (encoding(lost), segments(lost)) == ("GSM-7", 1)
    assert timeline_phrase(world, reassigned, "lost_case_told", team) == (
        "Cora, who had it, was told at their START that it is no longer theirs"
    )
    # Once: a STOP and START again name nothing.
    texts_us(world, team["cora"], "STOP")
    again = texts_us(world, team["cora"], "START")
    assert len(again) == 1 and again[0].startswith("Welcome back")


def test_a_case_lost_and_given_back_while_opted_out_is_not_named_at_start(world, team):
    case_id, code = claimed_by(world, team["cora"])
    texts_us(world, team["cora"], "STOP")
    staff = Staff("admin@example.org")
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        hal = session.get_one(Responder, team["hal"])
        assert reassign_case(session, case, hal, staff, world.clock()).ok
        cora = session.get_one(Responder, team["cora"])
        assert reassign_case(session, case, cora, staff, world.clock()).ok
    replies = texts_us(world, team["cora"], "START")
    assert len(replies) == 1 and code not in replies[0]


def test_a_single_case_lost_while_opted_out_is_named_in_one_segment(world, team):
    case_id, code = claimed_by(world, team["cora"])
    texts_us(world, team["cora"], "STOP")
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        assert close_case(session, case, Staff("admin@example.org"), "declined", world.clock()).ok
    lost = texts_us(world, team["cora"], "START")[-1]
    assert lost == (
        f"While you were unsubscribed, case {code} was closed. Please don't contact the person, "
        "and delete their number from your phone."
    )
    assert (encoding(lost), segments(lost)) == ("GSM-7", 1)


def test_an_officer_opted_out_when_the_person_refuses_police_hears_of_it_at_start(world, team):
    with world.sessions.begin() as session:
        pat = add_responder(session, "Pat", "police_officer", "recovery_coach").id
    case_id, code = claimed_by(world, pat, peers_only=False)
    texts_us(world, pat, "STOP")
    with world.sessions.begin() as session:
        person = session.get_one(Contact, session.get_one(Case, case_id).contact_id)
        assert refuse_police(session, person, world.clock())
    assert timeline_phrase(world, case_id, "released", {**team, "pat": pat}).endswith(
        "; Pat, who had it, could not be texted about it"
    )
    assert texts_us(world, pat, "START")[-1] == (
        f"While you were unsubscribed, case {code} was handed on. Please don't contact the "
        "person, and delete their number from your phone."
    )
