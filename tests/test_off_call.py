"""Offers held by someone who is no longer on call: withdrawn when they text OFF, and by the
sweep once their shift ends, so a case never waits out a step on someone who is gone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hotline.admin.case_words import event_phrase
from models import Case, CaseEvent, Contact, Offer, OnCallOverride, Responder, Shift
from routing import jobs, off_call
from routing.commands import handle_responder_text
from routing.oncall import WeeklyShift
from routing.sweep import sweep
from tests.routing_support import (
    T0,
    Statements,
    add_responder,
    commit_once_blocked,
    events_of,
    offered_names,
    postgres_world,
    responder_text,
    texts_to,
)
from tests.test_escalation import load, new_case


@pytest.fixture
def team(world):
    """Cora (a coach: the case's match), Hal (harm reduction: on call, not a match), Dee
    (coordinator). Hal's shift is 9:00-13:00 on Tuesdays; T0 is Tuesday noon."""
    with world.sessions.begin() as session:
        people = {
            "cora": add_responder(session, "Cora", "recovery_coach").id,
            "hal": add_responder(session, "Hal", "harm_reduction_specialist").id,
            "dee": add_responder(session, "Dee", "coordinator").id,
        }
    return people


def routed(world, **kw) -> tuple[int, str]:
    case_id = new_case(world, **kw)
    jobs.route_case(case_id)
    return case_id, load(world, case_id).code


def offer_statuses(world, case_id: int) -> dict[str, str]:
    with world.sessions() as session:
        return dict(
            session.execute(
                select(Responder.name, Offer.status)
                .join(Offer, Offer.responder_id == Responder.id)
                .where(Offer.case_id == case_id)
                .order_by(Offer.id)
            ).all()
        )


def withdrawn(world, case_id: int) -> list[dict]:
    with world.sessions() as session:
        return [
            event.data
            for event in session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case_id, CaseEvent.kind == "offer_withdrawn")
                .order_by(CaseEvent.id)
            )
        ]


def test_off_withdraws_open_offers_and_moves_a_case_nobody_else_holds_on_at_once(world, team):
    case_id, code = routed(world)
    assert offer_statuses(world, case_id) == {"Cora": "open"}
    world.clock.advance(minutes=2)
    assert responder_text(world, team["cora"], "OFF") == [
        "You're OFF: no new offers until you text ON. Cases you have claimed stay yours. "
        f"Your open offer of case {code} is handed on to the team."
    ]
    assert offer_statuses(world, case_id) == {"Cora": "closed"}
    assert withdrawn(world, case_id) == [{"responder_id": team["cora"], "reason": "off"}]
    case = load(world, case_id)
    assert case.next_escalation_at == world.clock()  # not 10 minutes on
    with world.sessions() as session:
        assert events_of(session, case_id)[-2:] == ["offer_withdrawn", "escalating_early"]
    jobs.escalate_case(case_id, case.escalation_token)
    with world.sessions() as session:
        assert offered_names(session, case_id, 0, 1) == ["Hal"]
    # She can still take it if she changes her mind while it is open.
    assert responder_text(world, team["cora"], f"CLAIM {code}")[0].startswith(
        f"Case {code} is yours."
    )


def test_off_leaves_a_case_someone_else_still_holds_on_its_timer(world, team):
    with world.sessions.begin() as session:
        carl = add_responder(session, "Carl", "recovery_coach").id
    first, first_code = routed(world)
    world.clock.advance(minutes=1)
    _, second_code = routed(world)
    token = load(world, first).escalation_token
    (reply,) = responder_text(world, team["cora"], "off for the night")
    assert reply.endswith(
        f"Your open offers of cases {first_code}, {second_code} are handed on to the team."
    )
    assert offer_statuses(world, first) == {"Cora": "closed", "Carl": "open"}
    assert load(world, first).escalation_token == token  # Carl still holds it
    assert responder_text(world, carl, "OFF")[0].endswith("are handed on to the team.")
    assert load(world, first).next_escalation_at == world.clock()


def test_off_keeps_claimed_cases_and_a_coordinators_own_step(world, team):
    claimed, claimed_code = routed(world)
    responder_text(world, team["cora"], f"CLAIM {claimed_code}")
    assert responder_text(world, team["cora"], "OFF") == [
        "You're OFF: no new offers until you text ON. Cases you have claimed stay yours."
    ]
    assert (load(world, claimed).status, withdrawn(world, claimed)) == ("claimed", [])
    with world.sessions.begin() as session:
        session.get_one(Responder, team["hal"]).available = False
    # Nobody in the field is on call: it reaches the coordinator step at once.
    case_id, _ = routed(world)
    assert offer_statuses(world, case_id) == {"Dee": "open"}
    (reply,) = responder_text(world, team["dee"], "OFF")
    assert "handed on" not in reply
    assert offer_statuses(world, case_id) == {"Dee": "open"}  # a case must reach someone


def test_off_twice_withdraws_once(world, team):
    case_id, _ = routed(world)
    responder_text(world, team["cora"], "OFF")
    (again,) = responder_text(world, team["cora"], "OFF")
    assert again.endswith("Cases you have claimed stay yours.")
    assert len(withdrawn(world, case_id)) == 1


def end_of_shift(world, responder_id: int, ends: time) -> None:
    """Replace the responder's all-week shifts with Tuesday 9:00 to ``ends``."""
    with world.sessions.begin() as session:
        for shift in session.scalars(select(Shift).where(Shift.responder_id == responder_id)):
            session.delete(shift)
        session.add(Shift(responder_id=responder_id, weekday=1, starts=time(9), ends=ends))


def test_the_sweep_withdraws_offers_once_a_shift_ends(world, team):
    end_of_shift(world, team["cora"], time(12, 5))
    case_id, _ = routed(world)
    assert offer_statuses(world, case_id) == {"Cora": "open"}
    world.clock.advance(minutes=4)
    assert sweep(world.clock()).offers_withdrawn == []  # still on shift
    world.clock.advance(minutes=1, seconds=10)  # 12:05:10, the shift is over
    report = sweep(world.clock())
    assert report.offers_withdrawn == [case_id]
    assert withdrawn(world, case_id) == [{"responder_id": team["cora"], "reason": "off_call"}]
    assert load(world, case_id).next_escalation_at == world.clock()
    assert sweep(world.clock()).offers_withdrawn == []  # safe to run twice
    assert len(withdrawn(world, case_id)) == 1


def test_the_sweep_leaves_offers_of_those_still_on_call_and_the_coordinator_step(world, team):
    end_of_shift(world, team["dee"], time(12, 10))
    with world.sessions.begin() as session:
        session.get_one(Responder, team["hal"]).available = False
    case_id, code = routed(world)
    responder_text(world, team["cora"], f"PASS {code}")
    world.clock.advance(minutes=1)
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)  # nobody: coordinator
    assert offer_statuses(world, case_id) == {"Cora": "passed", "Dee": "open"}
    world.clock.advance(minutes=15)  # Dee is off shift, yet the coordinator step is hers
    assert sweep(world.clock()).offers_withdrawn == []
    assert offer_statuses(world, case_id) == {"Cora": "passed", "Dee": "open"}


# ---- races on PostgreSQL --------------------------------------------------------------------


def text_in(sessions, responder_id: int, body: str, now, replies: list) -> None:
    with sessions() as session:
        responder = session.get_one(Responder, responder_id)
        contact = session.get_one(Contact, responder.contact_id)
        replies.append(handle_responder_text(session, contact, body, now))
        session.commit()


@pytest.fixture
def pg(pg_engine, redis_conn):
    """Cora and Carl (coaches, the case's match), Hal and Dee, on PostgreSQL."""
    with postgres_world(pg_engine, redis_conn) as world:
        with world.sessions.begin() as session:
            world.cora = add_responder(session, "Cora", "recovery_coach").id
            world.carl = add_responder(session, "Carl", "recovery_coach").id
            world.hal = add_responder(session, "Hal", "harm_reduction_specialist").id
            world.dee = add_responder(session, "Dee", "coordinator").id
        yield world


def begun(world, responder_id: int, body: str):
    """A responder's text handled in a transaction left open (its row locks held)."""
    session = world.sessions()
    contact = session.get_one(Contact, session.get_one(Responder, responder_id).contact_id)
    handle_responder_text(session, contact, body, world.clock())
    return session


OFF_ALONE = "You're OFF: no new offers until you text ON. Cases you have claimed stay yours."


def test_off_while_a_claim_of_the_case_is_in_flight_leaves_it_claimed(pg):
    """Carl's CLAIM has the case's row when Cora texts OFF: her OFF waits for it and finds the
    case taken, so nothing is withdrawn and nothing moves the case on."""
    case_id, code = routed(pg)
    claim = begun(pg, pg.carl, f"CLAIM {code}")
    replies: list = []
    commit_once_blocked(
        claim, pg.sessions, lambda: text_in(pg.sessions, pg.cora, "OFF", pg.clock(), replies)
    )
    assert replies == [[OFF_ALONE]]
    case = load(pg, case_id)
    assert (case.status, case.claimed_by_id, case.escalation_token) == ("claimed", pg.carl, None)
    assert offer_statuses(pg, case_id) == {"Cora": "taken", "Carl": "claimed"}
    assert withdrawn(pg, case_id) == []


def test_the_last_two_holders_going_off_and_passing_at_once_still_move_the_case_on(pg):
    """Cora texts OFF and Carl PASS at the same moment: Carl's pass waits for her OFF, sees
    her offer withdrawn, and moves the case on, rather than each seeing the other hold it."""
    case_id, code = routed(pg)
    first_token = load(pg, case_id).escalation_token
    pg.clock.advance(minutes=1)
    off = begun(pg, pg.cora, "OFF")
    replies: list = []
    commit_once_blocked(
        off, pg.sessions, lambda: text_in(pg.sessions, pg.carl, f"PASS {code}", pg.clock(), replies)
    )
    assert replies == [[f"Passed on case {code}. Thanks for letting us know."]]
    with pg.sessions() as session:
        assert events_of(session, case_id)[-3:] == ["offer_withdrawn", "passed", "escalating_early"]
    case = load(pg, case_id)
    assert case.escalation_token != first_token
    assert case.next_escalation_at == T0 + timedelta(minutes=1)


def test_a_claim_arriving_as_the_only_holder_goes_off_wins_and_stops_the_early_step(pg):
    """Cora, the only holder, texts OFF (the case is to move on at once) as Dee texts CLAIM:
    the claim waits for the OFF, wins, and the early escalation it armed does nothing."""
    with pg.sessions.begin() as session:
        session.get_one(Responder, pg.carl).available = False
    case_id, code = routed(pg)
    off = begun(pg, pg.cora, "OFF")
    armed = off.get_one(Case, case_id).escalation_token
    replies: list = []
    commit_once_blocked(
        off, pg.sessions, lambda: text_in(pg.sessions, pg.dee, f"CLAIM {code}", pg.clock(), replies)
    )
    assert replies[0][0].startswith(f"Case {code} is yours.")
    jobs.escalate_case(case_id, armed)
    case = load(pg, case_id)
    assert (case.status, case.claimed_by_id, case.escalation_token) == ("claimed", pg.dee, None)
    with pg.sessions() as session:
        assert offered_names(session, case_id, 0, 1) == []  # Hal was never texted it


def test_a_quiet_minute_locks_no_case_an_off_shift_coordinator_holds(world, team, engine):
    """Dee's shift ended and she holds the coordinator step of three cases, which stays hers
    (a case must reach someone). A sweep in a minute with nothing due reads no case row by row,
    so takes no row lock: before, it locked each of her cases every minute to withdraw
    nothing."""
    end_of_shift(world, team["dee"], time(12, 5))
    with world.sessions.begin() as session:
        for name in ("cora", "hal"):
            session.get_one(Responder, team[name]).available = False
    cases = [routed(world)[0] for _ in range(3)]
    assert all(offer_statuses(world, case_id) == {"Dee": "open"} for case_id in cases)
    world.clock.advance(minutes=15)  # off shift; the next round is 15 minutes away
    sweep(world.clock())  # anything left over from routing them
    with Statements(engine) as statements:
        report = sweep(world.clock())
    assert not report
    assert statements.reading_one_case() == []
    assert all(offer_statuses(world, case_id) == {"Dee": "open"} for case_id in cases)


# ---- back on ---------------------------------------------------------------------------------


def back_on_jobs(world) -> list[str]:
    return [job for job in world.enqueued("default") if job.startswith("back-on-")]


def test_on_offers_at_once_the_waiting_cases_a_step_already_passed_them_by_for(world, team):
    """Cora was OFF when a case for a coach came in: it went on to Hal. Back ON, she is
    offered it at once (the step that would have named her has passed), not at the next round;
    the reply says so. The job is safe to run twice."""
    responder_text(world, team["cora"], "OFF")
    case_id, code = routed(world)
    assert "Cora" not in offer_statuses(world, case_id)
    world.clock.advance(minutes=20)
    assert responder_text(world, team["cora"], "ON") == [
        "You're ON: you'll get case offers during your on-call times. OFF to pause. "
        "1 case is waiting for someone: its offer follows."
    ]
    assert back_on_jobs(world) == [f"back-on-{case_id}-{team['cora']}-0"]
    for _ in range(2):
        jobs.offer_on_return(case_id, team["cora"])
    assert offer_statuses(world, case_id)["Cora"] == "open"
    with world.sessions() as session:
        line = session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.kind == "offered")
            .order_by(CaseEvent.id)
        ).all()[-1]
        assert event_phrase(line.kind, line.data, {}) == (
            "offered to 1 responder, who was back on call after the step passed them by"
        )
        cora = session.get_one(Responder, team["cora"])
        (offer,) = texts_to(session, cora, "offer")
        assert offer.startswith(f"Still unclaimed: case {code}:")
    # Nothing more is waiting for her: ON again says nothing of it.
    assert responder_text(world, team["cora"], "ON")[0].endswith("OFF to pause.")
    assert responder_text(world, team["cora"], f"CLAIM {code}")[0].startswith(f"Case {code} is")


@pytest.mark.parametrize("words", ["OFF", "off tonight"])
def test_on_gives_back_the_offer_her_off_took_while_it_is_unclaimed(world, team, words):
    """Cora's open offer went on to the team at her OFF; nobody took it. Back ON, on call,
    she is offered it again at once (the same offer, in the same words as every offer), as
    START gives back what STOP took: before, ON left it out for the rest of the round."""
    case_id, code = routed(world)
    responder_text(world, team["cora"], words)
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)  # on to Hal
    world.clock.advance(minutes=5)
    assert responder_text(world, team["cora"], "ON") == [
        "You're ON: you'll get case offers during your on-call times. OFF to pause. "
        "1 case is waiting for someone: its offer follows."
    ]
    assert back_on_jobs(world) == [f"back-on-{case_id}-{team['cora']}-0"]
    for _ in range(2):  # the job, run twice
        jobs.offer_on_return(case_id, team["cora"])
    assert offer_statuses(world, case_id) == {"Cora": "open", "Hal": "open"}
    with world.sessions() as session:
        (line,) = session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id,
                CaseEvent.kind == "offered",
                CaseEvent.data["after_off"].as_boolean().is_(True),
            )
        ).all()
        assert event_phrase(line.kind, line.data, {}) == (
            "offered to 1 responder, who was back ON after their OFF took the offer back"
        )
        offers = texts_to(session, session.get_one(Responder, team["cora"]), "offer")
    assert len(offers) == 2 and offers[1].startswith(f"Still unclaimed: case {code}:")
    # Given back once: ON again offers nothing more.
    assert responder_text(world, team["cora"], "ON")[0].endswith("OFF to pause.")
    assert responder_text(world, team["cora"], f"CLAIM {code}")[0].startswith(f"Case {code} is")


@pytest.mark.parametrize("meanwhile", ["claimed", "not_on_call", "breached"])
def test_on_gives_nothing_back_once_claimed_off_shift_or_breached(world, team, meanwhile):
    case_id, code = routed(world)
    responder_text(world, team["cora"], "OFF")
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)  # on to Hal
    if meanwhile == "claimed":
        assert responder_text(world, team["hal"], f"CLAIM {code}")[0].startswith(f"Case {code}")
    elif meanwhile == "not_on_call":
        with world.sessions.begin() as session:
            session.add(
                OnCallOverride(
                    responder_id=team["cora"],
                    starts_at=world.clock() - timedelta(hours=1),
                    ends_at=world.clock() + timedelta(hours=1),
                    on_call=False,
                    note="dentist",
                )
            )
    else:
        with world.sessions.begin() as session:
            session.get_one(Case, case_id).breached_at = world.clock()
    (reply,) = responder_text(world, team["cora"], "ON")
    assert "waiting" not in reply
    jobs.offer_on_return(case_id, team["cora"])
    assert offer_statuses(world, case_id)["Cora"] == "closed"


def test_the_end_of_off_tonight_gives_nothing_back_nor_does_an_on_after_it(world, team):
    """OFF tonight ends on its own in the morning, with no text: the offer it took is not sent
    then (the sweep of that minute sends her nothing), and an ON once it has ended changes
    nothing, so gives nothing back either."""
    case_id, _ = routed(world)
    responder_text(world, team["cora"], "off today")  # until midnight
    jobs.escalate_case(case_id, load(world, case_id).escalation_token)  # on to Hal
    world.clock.now = T0 + timedelta(hours=13)  # past midnight, same round
    sweep(world.clock())
    (reply,) = responder_text(world, team["cora"], "ON")
    assert "waiting" not in reply
    assert back_on_jobs(world) == []
    assert offer_statuses(world, case_id)["Cora"] == "closed"
    with world.sessions() as session:
        assert len(texts_to(session, session.get_one(Responder, team["cora"]), "offer")) == 1


# ---- OFF for the night -----------------------------------------------------------------------

NY = "America/New_York"
ALL_WEEK = tuple(WeeklyShift(day, time(0), time(0)) for day in range(7))
FRIDAY_NIGHTS = (WeeklyShift(4, time(20), time(8)),)  # Drew: Fri 20:00-08:00
WEEKEND_NIGHTS = (*FRIDAY_NIGHTS, WeeklyShift(5, time(20), time(8)))  # and Sat 20:00-08:00


@pytest.mark.parametrize(
    ("shifts", "local", "words", "until"),
    [
        # On call all week: the night ends in the morning, the day at midnight.
        (ALL_WEEK, (2024, 6, 4, 12, 0), "tonight", (2024, 6, 5, 8, 0)),
        (ALL_WEEK, (2024, 6, 5, 2, 0), "for the night", (2024, 6, 5, 8, 0)),
        (ALL_WEEK, (2024, 6, 4, 12, 0), "today", (2024, 6, 5, 0, 0)),
        # A night shift: to its end, whether it has begun or not.
        (FRIDAY_NIGHTS, (2024, 6, 7, 21, 0), "tonight", (2024, 6, 8, 8, 0)),
        (FRIDAY_NIGHTS, (2024, 6, 7, 17, 0), "off tonight pls", (2024, 6, 8, 8, 0)),
        ((WeeklyShift(4, time(22), time(10)),), (2024, 6, 7, 23, 0), "night", (2024, 6, 8, 10, 0)),
        (FRIDAY_NIGHTS, (2024, 6, 7, 10, 0), "for the day", (2024, 6, 8, 8, 0)),
        # Said in the morning hours as a night shift ends: the coming night, not the one ending.
        (WEEKEND_NIGHTS, (2024, 6, 8, 7, 30), "off tonight", (2024, 6, 9, 8, 0)),
        (WEEKEND_NIGHTS, (2024, 6, 8, 5, 0), "for the night", (2024, 6, 9, 8, 0)),
        (WEEKEND_NIGHTS, (2024, 6, 8, 4, 59), "tonight", (2024, 6, 8, 8, 0)),
    ],
)
def test_off_for_the_night_or_the_day_ends_with_it(shifts, local, words, until):
    zone = ZoneInfo(NY)
    now = datetime(*local, tzinfo=zone).astimezone(UTC)
    assert off_call.off_until(shifts, now, NY, words).astimezone(zone).timetuple()[:5] == until


@pytest.mark.parametrize("words", ["", "duty", "call now", "for the weekend", "pls"])
def test_off_without_a_night_or_a_day_has_no_end(words):
    assert off_call.off_until(ALL_WEEK, T0, NY, words) is None


def test_off_tonight_lasts_until_the_morning_and_on_ends_it_sooner(world, team):
    """Cora texts "off tonight": no offers, and no reminder needed in the morning, as offers
    come back on their own then. Coordinators see it among the roster's overrides."""
    (reply,) = responder_text(world, team["cora"], "off tonight")
    assert reply == (
        "You're OFF until Wed Jun 5 at 8:00 AM, then offers resume on their own (ON to come "
        "back sooner). Cases you have claimed stay yours."
    )
    with world.sessions() as session:
        assert session.get_one(Responder, team["cora"]).available is True
        (override,) = session.scalars(select(OnCallOverride)).all()
        assert (override.on_call, override.note) == (False, "OFF by SMS")
    case_id, _ = routed(world)
    assert "Cora" not in offer_statuses(world, case_id)
    world.clock.now = T0.replace(hour=12, minute=1) + timedelta(days=1)  # Wed 8:01 AM
    morning_case, _ = routed(world)
    assert "Cora" in offer_statuses(world, morning_case)
    assert responder_text(world, team["cora"], "off today")[0].startswith(
        "You're OFF until midnight tonight, then offers resume on their own"
    )
    # ON ends it sooner.
    responder_text(world, team["cora"], "OFF for the night")
    assert responder_text(world, team["cora"], "ON")[0].startswith("You're ON")
    later_case, _ = routed(world)
    assert "Cora" in offer_statuses(world, later_case)
