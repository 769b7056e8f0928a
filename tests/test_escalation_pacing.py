"""A case nobody claims for days: the rounds slow down, stop at the breach, and the coordinator
gets one summary each morning instead; the timeline stays readable.

The clock is moved five minutes at a time for three days and the sweep does what the timers
would have done, as the worker's sweep does when Redis forgets them; the sweeps that could
only repeat an idle one are left out (``run_until``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from sqlalchemy import select, text

from hotline.case_actions import timeline
from models import Case, CaseEvent, Message, Offer
from routing import jobs
from routing.sweep import sweep
from tests.routing_support import (
    T0,
    Statements,
    add_case,
    add_responder,
    database_fingerprint,
    due_moments,
    events_of,
    texts_to,
)

BREACH = T0 + timedelta(hours=48)
# Friday 8:00 in Northampton (EDT), the first morning after the breach (Thursday noon).
FRIDAY_MORNING = T0 + timedelta(hours=68)


def run_until(world, end: datetime, every: timedelta = timedelta(minutes=5)) -> None:
    """Move the clock five minutes at a time to ``end``, sweeping a minute past each (past
    the sweep's grace). A sweep that changes nothing is followed by a run of sweeps that find
    the database as it left it and no timer come due: the same as it, so these are left out,
    up to the one before something falls due (``due_moments``), which must do nothing."""
    lag = timedelta(seconds=61)
    changed = True  # new cases, a withdrawn offer: the first sweep runs
    while world.clock.now < end:
        last = world.clock.now
        left = -((last - end) // every)  # points on the grid until the one at or past the end
        steps = 1
        with world.sessions() as session:
            before = database_fingerprint(session)
            if not changed:
                due = due_moments(session, world.settings, last + lag, last + left * every + lag)
                steps = -((last + lag - min(due)) // every) if due else left
        if steps > 1:
            world.clock.now = last + (steps - 1) * every
            assert not sweep(world.clock.now + lag)
            with world.sessions() as session:
                assert database_fingerprint(session) == before
        world.clock.now = last + steps * every
        sweep(world.clock.now + lag)
        with world.sessions() as session:
            changed = database_fingerprint(session) != before


def new_case(world, **kw) -> int:
    with world.sessions.begin() as session:
        case_id = add_case(session, now=world.clock(), **kw).id
    jobs.route_case(case_id)
    return case_id


def test_an_unclaimed_case_does_not_text_an_off_shift_coordinator_all_night(world):
    """Cora is on call throughout; Dee coordinates but has no shift. Nobody claims."""
    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator", always_on=False)
    case_id = new_case(world)
    with world.sessions() as session:
        # The first offer is at once, as before.
        (first,) = session.scalars(select(Offer).where(Offer.case_id == case_id))
        assert (first.responder_id, first.created_at) == (cora.id, T0)

    run_until(world, T0 + timedelta(hours=70))

    with world.sessions() as session:
        to_dee = session.execute(
            select(Message.purpose, Message.created_at)
            .where(Message.contact_id == dee.contact_id)
            .order_by(Message.id)
        ).all()
        purposes = [purpose for purpose, _ in to_dee]
        # Three rounds at the first pace, then nothing each round: the deadline, the breach
        # and one morning summary.
        assert purposes == ["offer"] * 3 + ["deadline", "breach", "breach_summary"]
        assert FRIDAY_MORNING <= to_dee[-1].created_at < FRIDAY_MORNING + timedelta(minutes=10)
        # The rounds slow down: after the first three, Cora is offered it every two hours
        # and a bit (two steps of waiting, then 120 minutes), not every 55 minutes.
        offered_at = list(
            session.scalars(
                select(Offer.created_at)
                .where(Offer.case_id == case_id, Offer.responder_id == cora.id)
                .order_by(Offer.id)
            )
        )
        gaps = [b - a for a, b in pairwise(offered_at)]
        assert all(gap >= timedelta(minutes=140) for gap in gaps[3:]), gaps
        assert len(offered_at) < 25
        # Past the breach no round starts: nobody is offered it again.
        assert max(offered_at) < BREACH + timedelta(hours=3)
        case = session.get_one(Case, case_id)
        assert case.status == "offered" and case.escalation_token is None
        assert events_of(session, case_id).count("rounds_stopped") == 1
        # A line per slower round at most, not five; the whole page stays readable.
        assert len(timeline(session, case)) < 120
        (summary,) = texts_to(session, dee, "breach_summary")
        assert summary.startswith("Daily summary: 1 case is past 48 h")
        assert f"{case.code} (self-referral, Northampton)" in summary


def test_quiet_rounds_share_one_line_on_the_timeline(world):
    """Nobody on call at all, the coordinator off shift: the slower rounds text no one and
    write one line between them."""
    with world.sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach", always_on=False)
        dee = add_responder(session, "Dee", "coordinator", always_on=False)
    case_id = new_case(world)
    run_until(world, T0 + timedelta(hours=20))
    with world.sessions() as session:
        kinds = events_of(session, case_id)
        assert kinds.count("slow_rounds") == 1
        assert len(kinds) < 30
        line = session.scalar(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "slow_rounds")
        )
        assert line.data["first_round"] == 3 and line.data["rounds"] > 5
        assert line.data["responder_ids"] == []
        assert len(texts_to(session, dee, "offer")) == 3


def test_an_on_call_coordinator_still_gets_the_slower_rounds(world):
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
    new_case(world)
    run_until(world, T0 + timedelta(hours=12))
    with world.sessions() as session:
        offers = texts_to(session, dee, "offer")
    # Three rounds in the first three hours, then one every two hours or so.
    assert 6 <= len(offers) <= 9


def test_the_summary_lists_each_breached_unclaimed_case_once_a_day(world):
    from routing.claims import claim_case

    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
        police = add_responder(session, "Chief", "coordinator", "police_officer")
    first = new_case(world, peers_only=True)
    second = new_case(world, peers_only=False, town="Amherst")
    claimed = new_case(world)
    with world.sessions.begin() as session:
        assert claim_case(
            session, session.get_one(Case, claimed), session.get_one(type(cora), cora.id),
            world.clock(), world.settings,
        ).ok  # fmt: skip
    world.clock.now = FRIDAY_MORNING - timedelta(hours=1)
    for case_id in (first, second, claimed):
        jobs.deadline_check(case_id)
    world.clock.now = FRIDAY_MORNING - timedelta(minutes=1)
    assert sweep(world.clock.now).summaries == []  # not yet
    world.clock.now = FRIDAY_MORNING + timedelta(minutes=2)
    assert sorted(sweep(world.clock.now).summaries) == sorted([dee.id, police.id])
    world.clock.advance(hours=3)
    assert sweep(world.clock.now).summaries == []  # once a day
    with world.sessions() as session:
        (to_dee,) = texts_to(session, dee, "breach_summary")
        (to_chief,) = texts_to(session, police, "breach_summary")
        codes = {cid: session.get_one(Case, cid).code for cid in (first, second, claimed)}
        assert to_dee.startswith("Daily summary: 2 cases are past 48 h")
        assert codes[first] in to_dee and codes[second] in to_dee
        assert codes[claimed] not in to_dee
        # The person asked for peers only: a police coordinator never hears of that case.
        assert codes[second] in to_chief and codes[first] not in to_chief
        for case_id in (first, second):
            assert events_of(session, case_id).count("in_daily_summary") == 1
    world.clock.advance(hours=21)  # Saturday morning
    assert sorted(sweep(world.clock.now).summaries) == sorted([dee.id, police.id])
    with world.sessions() as session:
        assert len(texts_to(session, dee, "breach_summary")) == 2


def test_a_case_breached_after_the_mornings_summary_waits_for_the_next(world):
    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
    world.clock.now = T0 + timedelta(hours=1)  # breaches Thursday 13:00, after 8:00
    case_id = new_case(world)
    world.clock.now = T0 + timedelta(hours=49, minutes=5)
    jobs.deadline_check(case_id)
    assert sweep(world.clock.now).summaries == []
    with world.sessions() as session:
        assert len(texts_to(session, dee, "breach")) == 1
        assert texts_to(session, dee, "breach_summary") == []


def test_a_case_first_offered_in_a_slower_round_is_marked_offered(world):
    from datetime import time

    from models import Shift

    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach", always_on=False)
    case_id = new_case(world)
    run_until(world, T0 + timedelta(hours=4))
    with world.sessions.begin() as session:
        assert session.get_one(Case, case_id).status == "new"
        for weekday in range(7):  # Cora comes on call
            session.add(Shift(responder_id=cora.id, weekday=weekday, starts=time(0), ends=time(0)))
    run_until(world, T0 + timedelta(hours=7))
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status == "offered"
        assert len(texts_to(session, cora, "offer")) >= 1


def test_the_summary_locks_cases_in_id_order_like_every_other_routing_change(pg_engine, redis_conn):
    """Routing locks several cases in id order (OFF, the sweep's withdrawals, a roster
    change, an opt-out), so two of them never wait on each other in a circle. The morning
    summary lists cases oldest breach first, but must lock them in the same id order: else,
    with the older case holding the higher id, OFF (holding the lower one) and the summary
    (holding the higher one) deadlock and PostgreSQL aborts one of them."""
    import threading

    from routing.daily_summary import send_breach_summaries
    from routing.escalation import lock_case
    from tests.routing_support import postgres_world, wait_until_blocked_on_a_lock

    with postgres_world(pg_engine, redis_conn) as world:
        with world.sessions.begin() as session:
            dee = add_responder(session, "Dee", "coordinator")
            # The lower id breaches later; the higher id is the older breach.
            later = add_case(session, now=T0 + timedelta(hours=1)).id
            older = add_case(session, now=T0).id
            codes = {cid: session.get_one(Case, cid).code for cid in (later, older)}
        world.clock.now = FRIDAY_MORNING - timedelta(hours=1)
        for case_id in (later, older):
            jobs.deadline_check(case_id)
        world.clock.now = FRIDAY_MORNING + timedelta(minutes=1)

        held = world.sessions()
        lock_case(held, later)  # as an id-ordered change of both cases has begun
        errors: list[BaseException] = []
        told: list[int] = []

        def summary() -> None:
            try:
                with world.sessions.begin() as session:
                    told.extend(send_breach_summaries(session, world.clock(), world.settings))
            except BaseException as exc:  # raised below, in the test's thread
                errors.append(exc)

        thread = threading.Thread(target=summary)
        thread.start()
        try:
            wait_until_blocked_on_a_lock(world.sessions)
            held.execute(text("SET LOCAL lock_timeout = '5s'"))
            assert lock_case(held, older) is not None  # the change goes on to its next case
        finally:
            held.commit()
            held.close()
            thread.join(timeout=30)
        assert not thread.is_alive()
        assert errors == []
        assert told == [dee.id]
        with world.sessions() as session:
            (text_,) = texts_to(session, dee, "breach_summary")
        # Still oldest breach first in the text.
        assert text_.index(codes[older]) < text_.index(codes[later])


def test_the_slower_rounds_of_a_peers_only_case_text_no_off_shift_coordinator(world):
    """The only coordinator on call is a police officer and the person asked for peers only:
    the first rounds reach Dee, who is off shift, as a case must reach someone; the slower
    rounds text only a coordinator on call, so not Dee every two hours through the night."""
    with world.sessions.begin() as session:
        chief = add_responder(session, "Chief", "coordinator", "police_officer")
        dee = add_responder(session, "Dee", "coordinator", always_on=False)
    new_case(world, peers_only=True)
    run_until(world, T0 + timedelta(hours=20))
    with world.sessions() as session:
        assert len(texts_to(session, dee, "offer")) == 3
        assert texts_to(session, chief, "offer") == []


def test_an_offer_withdrawn_past_the_breach_starts_no_round(world):
    """Past the breach the rounds have stopped: a holder going off call then does not put
    "the next round starts on schedule" on the timeline, nor arm a round that stops again."""
    from routing.off_call import withdraw_open_offers

    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
    case_id = new_case(world)
    run_until(world, BREACH + timedelta(hours=5))
    with world.sessions.begin() as session:
        seen = len(events_of(session, case_id))
        assert withdraw_open_offers(session, cora.id, world.clock(), "Cora", "off")
    run_until(world, BREACH + timedelta(hours=8))
    with world.sessions() as session:
        assert events_of(session, case_id)[seen:] == ["offer_withdrawn"]
        assert session.get_one(Case, case_id).escalation_token is None


def test_an_off_shift_peer_coordinator_is_not_texted_each_slower_round_of_a_peers_only_case(world):
    """Paula, the coordinator on call, is a police officer; the person asked for peers only, so
    the case goes to Dee, a coordinator with no shift. The slower rounds text only a coordinator
    on call, and Dee is not: she hears of it in the first rounds, not every two hours all night."""
    with world.sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach")
        add_responder(session, "Paula", "coordinator", "police_officer")
        dee = add_responder(session, "Dee", "coordinator", always_on=False)
    new_case(world, peers_only=True)
    run_until(world, T0 + timedelta(hours=12))
    with world.sessions() as session:
        assert len(texts_to(session, dee, "offer")) == 3


def test_a_summary_with_no_one_to_text_is_decided_once_a_day(world, engine):
    """Dee, the only coordinator, texted STOP; Chief (police) can be texted but may not hear
    of a peers-only case. The morning's sweep decides once that nobody can be texted about
    the peers-only case, and the timeline says so; the later sweeps that day neither look at
    the cases again nor lock them (before, every minute until midnight). Chief still gets the
    other case, once. The next morning decides again."""
    from models import Contact

    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
        chief = add_responder(session, "Chief", "coordinator", "police_officer")
        session.get_one(Contact, dee.contact_id).opted_out_at = T0
    peers = new_case(world, peers_only=True)
    police_ok = new_case(world, peers_only=False)
    world.clock.now = FRIDAY_MORNING - timedelta(hours=1)
    for case_id in (peers, police_ok):
        jobs.deadline_check(case_id)
    assert sweep(world.clock.now).summaries == []  # the rounds stop at the breach
    world.clock.now = FRIDAY_MORNING + timedelta(minutes=1)
    assert sweep(world.clock.now).summaries == [chief.id]
    for minutes in (1, 30, 600):
        world.clock.now = FRIDAY_MORNING + timedelta(minutes=1 + minutes)
        with Statements(engine) as statements:
            assert sweep(world.clock.now).summaries == []
        assert statements.reading_one_case() == []
    with world.sessions() as session:
        unsent = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == peers, CaseEvent.kind == "no_coordinator")
        ).all()
        # The deadline and breach notices found no one either; the summary says so once.
        assert [event.at for event in unsent if event.data["purpose"] == "breach_summary"] == [
            FRIDAY_MORNING + timedelta(minutes=1)
        ]
        assert "in_daily_summary" not in events_of(session, peers)
        assert events_of(session, police_ok).count("in_daily_summary") == 1
        assert texts_to(session, dee) == []
        assert len(texts_to(session, chief, "breach_summary")) == 1
    world.clock.now = FRIDAY_MORNING + timedelta(days=1, minutes=1)  # Saturday
    assert sweep(world.clock.now).summaries == [chief.id]
    with world.sessions() as session:
        unsent = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == peers, CaseEvent.kind == "no_coordinator")
        ).all()
        assert [event.data["purpose"] for event in unsent].count("breach_summary") == 2


def fail_summary_to(world, responder, n: int, code: int = 30003) -> None:
    """Twilio took the newest summary to ``responder``, then reported it undelivered."""
    from routing.sending import record_status

    sid = f"SM{n:032d}"
    with world.sessions.begin() as session:
        message = session.scalar(
            select(Message)
            .where(
                Message.purpose == "breach_summary",
                Message.contact_id == responder.contact_id,
            )
            .order_by(Message.id.desc())
        )
        message.sid, message.status, message.sent_at = sid, "sent", world.clock()
    with world.sessions.begin() as session:
        record_status(session, sid=sid, status="undelivered", error_code=code, now=world.clock())


def test_a_summary_that_fails_reaches_another_coordinator_once(world):
    """Dee, on call, cannot get the morning summary (her phone is off, 30003). Each case in it
    goes at once to a coordinator off shift the person accepts, whom it is not about: the
    peers-only case to Max, not to Chief (police); Max's own case to Chief. Before, nobody
    heard of either case that day. Max failing too ends it for his case, without a loop; the
    sweeps after it send nothing more."""
    from models import Contact

    with world.sessions.begin() as session:
        dee = add_responder(session, "Dee", "coordinator")
        chief = add_responder(session, "Chief", "coordinator", "police_officer", always_on=False)
        max_ = add_responder(session, "Max", "coordinator", always_on=False)
        max_number = session.get_one(Contact, max_.contact_id)
    peers = new_case(world, peers_only=True)
    about_max = new_case(world, peers_only=False, town="Amherst", contact=max_number)
    world.clock.now = FRIDAY_MORNING - timedelta(hours=1)
    for case_id in (peers, about_max):
        jobs.deadline_check(case_id)
    world.clock.now = FRIDAY_MORNING + timedelta(minutes=1)
    assert sweep(world.clock.now).summaries == [dee.id]
    world.clock.advance(seconds=20)
    fail_summary_to(world, dee, 1)
    with world.sessions() as session:
        codes = {cid: session.get_one(Case, cid).code for cid in (peers, about_max)}
        (to_max,) = texts_to(session, max_, "breach_summary")
        (to_chief,) = texts_to(session, chief, "breach_summary")
        assert to_max.startswith("Daily summary: 1 case is past 48 h")
        assert codes[peers] in to_max and codes[about_max] not in to_max
        assert codes[about_max] in to_chief and codes[peers] not in to_chief
        lines = {
            event.case_id: event.text
            for event in session.scalars(
                select(CaseEvent).where(CaseEvent.kind == "notice_passed_on")
            )
        }
        assert lines == {
            peers: "Dee could not be texted the morning summary; Max was told instead.",
            about_max: "Dee could not be texted the morning summary; Chief was told instead.",
        }
    world.clock.advance(seconds=20)
    fail_summary_to(world, max_, 2)
    for minutes in (1, 30):
        world.clock.now = FRIDAY_MORNING + timedelta(minutes=1 + minutes)
        assert sweep(world.clock.now).summaries == []
    with world.sessions() as session:
        assert len(texts_to(session, dee, "breach_summary")) == 1
        assert len(texts_to(session, max_, "breach_summary")) == 1
        assert len(texts_to(session, chief, "breach_summary")) == 1
        unsent = session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "no_coordinator", CaseEvent.case_id == peers)
        ).all()
        assert [(event.data["purpose"], event.text) for event in unsent][-1] == (
            "breach_summary",
            "Max could not be texted the morning summary, and no other coordinator can be.",
        )
        # Chief may have read his: Max's failing changes nothing for Max's own case.
        assert events_of(session, about_max)[-1] == "notice_passed_on"


def test_a_case_back_after_the_summary_is_decided_once_that_day(world, engine):
    """Cora claimed a case before its breach and hands it back after this morning's summary
    went to Dee (with another case): Dee is told of it when it comes back, and the next
    summary lists it. The sweep after the hand-back decides so once, and the timeline says
    so; the sweeps after it that day neither look at the case again nor lock it (before,
    every minute until midnight)."""
    from models import Responder
    from routing.claims import claim_case, hand_back

    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach")
        dee = add_responder(session, "Dee", "coordinator")
    other = new_case(world)
    held = new_case(world)
    with world.sessions.begin() as session:
        case = session.get_one(Case, held)
        assert claim_case(
            session, case, session.get_one(Responder, cora.id), world.clock(), world.settings
        ).ok
    world.clock.now = FRIDAY_MORNING - timedelta(hours=1)
    for case_id in (other, held):
        jobs.deadline_check(case_id)
    world.clock.now = FRIDAY_MORNING + timedelta(minutes=1)
    assert sweep(world.clock.now).summaries == [dee.id]
    world.clock.now = FRIDAY_MORNING + timedelta(hours=2)
    with world.sessions.begin() as session:
        case = session.get_one(Case, held)
        assert hand_back(
            session, case, session.get_one(Responder, cora.id), world.clock(), world.settings
        ).ok
    world.clock.advance(minutes=1)
    assert sweep(world.clock.now).summaries == []
    for minutes in (2, 5, 20):
        world.clock.now = FRIDAY_MORNING + timedelta(hours=2, minutes=minutes)
        with Statements(engine) as statements:
            assert sweep(world.clock.now).summaries == []
        assert statements.reading_one_case() == []
    with world.sessions() as session:
        (summary,) = texts_to(session, dee, "breach_summary")
        assert session.get_one(Case, held).code not in summary
        # Told at once: offered it again, with why it came back.
        assert any("It was Cora's, who handed it back." in t for t in texts_to(session, dee))
        assert events_of(session, held).count("after_daily_summary") == 1
        assert "in_daily_summary" not in events_of(session, held)
    world.clock.now = FRIDAY_MORNING + timedelta(days=1, minutes=1)  # Saturday
    assert sweep(world.clock.now).summaries == [dee.id]
    with world.sessions() as session:
        (_, saturday) = texts_to(session, dee, "breach_summary")
        assert session.get_one(Case, held).code in saturday
        assert events_of(session, held).count("in_daily_summary") == 1
