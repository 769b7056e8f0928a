"""Twenty responders text CLAIM for one case at the same moment: exactly one wins."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from models import Case, CaseEvent, Contact, Message, Offer, Responder
from models.session import make_engine, make_sessionmaker
from routing import jobs
from routing.commands import handle_responder_text
from tests.conftest import make_settings
from tests.routing_support import (
    T0,
    add_case,
    add_responder,
    commit_once_blocked,
    routing_world,
    send_waiting_texts,
)

CLAIMERS = 20


def test_twenty_simultaneous_claims_make_one_winner(pg_engine, redis_conn):
    url = pg_engine.url.render_as_string(hide_password=False)
    # A pool big enough for every claimer to hold a connection at once.
    engine = make_engine(url, pool_size=CLAIMERS + 2)
    sessions = make_sessionmaker(engine)
    settings = make_settings(url)
    with routing_world(sessions, settings, redis_conn) as world:
        with sessions.begin() as session:
            ids = [
                add_responder(session, f"R{i:02d}", "recovery_coach").id for i in range(CLAIMERS)
            ]
            case = add_case(session, now=T0)
            case_id, code = case.id, case.code
        jobs.route_case(case_id)
        assert len(send_waiting_texts(world)) == CLAIMERS  # each offer reached its responder
        with sessions() as session:
            assert session.scalar(select(func.count()).select_from(Offer)) == CLAIMERS

        barrier = threading.Barrier(CLAIMERS)
        replies: dict[int, list[str]] = {}
        errors: list[BaseException] = []

        def claim(responder_id: int) -> None:
            try:
                with sessions() as session:
                    responder = session.get_one(Responder, responder_id)
                    contact = session.get_one(Contact, responder.contact_id)
                    barrier.wait(timeout=10)
                    replies[responder_id] = handle_responder_text(
                        session, contact, f"CLAIM {code}", world.clock()
                    )
                    session.commit()
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        threads = [threading.Thread(target=claim, args=(rid,)) for rid in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors
        winners = [rid for rid, reply in replies.items() if "is yours" in reply[0]]
        assert len(winners) == 1
        (winner,) = winners
        losers = [reply[0] for rid, reply in replies.items() if rid != winner]
        assert len(losers) == CLAIMERS - 1
        assert all(text.startswith(f"Case {code} was already taken by R") for text in losers)

        with sessions() as session:
            case = session.get_one(Case, case_id)
            assert (case.status, case.claimed_by_id) == ("claimed", winner)
            assert (
                session.scalar(
                    select(func.count())
                    .select_from(CaseEvent)
                    .where(CaseEvent.case_id == case_id, CaseEvent.kind == "claimed")
                )
                == 1
            )
            statuses = session.scalars(select(Offer.status).where(Offer.case_id == case_id)).all()
            assert sorted(statuses) == ["claimed"] + ["taken"] * (CLAIMERS - 1)
            # Everyone else is told once who took it.
            taken = session.scalar(
                select(func.count()).select_from(Message).where(Message.purpose == "offer_taken")
            )
            assert taken == CLAIMERS - 1
    engine.dispose()


def test_the_last_two_holders_passing_at_once_still_move_the_case_on(pg_engine, redis_conn):
    """Cora and Carl hold the only offers and text PASS at the same moment (READ COMMITTED).
    Cora's pass is not yet committed when Carl's runs: Carl must wait for it, see it, and
    move the case on, rather than each seeing the other still holding the case."""
    from datetime import timedelta

    from routing.claims import pass_case

    url = pg_engine.url.render_as_string(hide_password=False)
    sessions = make_sessionmaker(pg_engine)
    with routing_world(sessions, make_settings(url), redis_conn) as world:
        with sessions.begin() as session:
            cora = add_responder(session, "Cora", "recovery_coach").id
            carl = add_responder(session, "Carl", "recovery_coach").id
            add_responder(session, "Hal", "harm_reduction_specialist")
            case_id = add_case(session, now=T0).id
        jobs.route_case(case_id)
        with sessions() as session:
            first_token = session.get_one(Case, case_id).escalation_token
        world.clock.advance(minutes=1)
        outcomes: dict[str, bool] = {}
        # Cora's pass is made, not committed yet.
        cora_session = sessions()
        outcomes["cora"] = pass_case(
            cora_session,
            cora_session.get_one(Case, case_id),
            cora_session.get_one(Responder, cora),
            world.clock(),
        ).ok

        def carl_passes() -> None:
            with sessions() as session:
                case = session.get_one(Case, case_id)
                responder = session.get_one(Responder, carl)
                outcomes["carl"] = pass_case(session, case, responder, world.clock()).ok
                session.commit()

        commit_once_blocked(cora_session, sessions, carl_passes)  # Carl's pass waits for Cora's
        assert outcomes == {"cora": True, "carl": True}
        with sessions() as session:
            case = session.get_one(Case, case_id)
            kinds = session.scalars(
                select(CaseEvent.kind).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
            ).all()
        assert kinds[-3:] == ["passed", "passed", "escalating_early"]
        assert case.escalation_token != first_token
        assert case.next_escalation_at == T0 + timedelta(minutes=1)


def _wait_until_waiting(sessions, count: int, timeout: float = 10.0) -> None:
    """Return once ``count`` other connections wait for a lock."""
    import time

    from sqlalchemy import text

    deadline = time.monotonic() + timeout
    with sessions() as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
            )
            watcher.rollback()
            if waiting >= count:
                return
            time.sleep(0.01)
    raise AssertionError(f"fewer than {count} waited for a lock")


def test_a_claim_while_the_send_job_drops_another_offer_text_does_not_deadlock(
    pg_engine, redis_conn
):
    """Carl's offer text still waits in the outbox when his number opts out; its send job
    drops it (the text's row first, then the case's, to tell escalation) while Cora claims
    the case (the case's row first, then Carl's text, to cancel it). The claim must not wait
    for a text a send job holds, or the two wait for each other."""
    from routing.escalation import lock_case
    from routing.sending import send_message

    url = pg_engine.url.render_as_string(hide_password=False)
    sessions = make_sessionmaker(pg_engine)
    with routing_world(sessions, make_settings(url), redis_conn) as world:
        with sessions.begin() as session:
            cora = add_responder(session, "Cora", "recovery_coach")
            carl = add_responder(session, "Carl", "recovery_coach")
            cora_contact, carl_id, carl_contact = cora.contact_id, carl.id, carl.contact_id
            case = add_case(session, now=T0)
            case_id, code = case.id, case.code
        jobs.route_case(case_id)
        with sessions.begin() as session:
            carl_text = session.scalar(
                select(Offer.message_id).where(
                    Offer.case_id == case_id, Offer.responder_id == carl_id
                )
            )
            session.get_one(Contact, carl_contact).opted_out_at = world.clock()
        assert carl_text is not None
        errors: list[BaseException] = []

        def cora_claims() -> None:
            try:
                with sessions() as session:
                    contact = session.get_one(Contact, cora_contact)
                    handle_responder_text(session, contact, f"CLAIM {code}", world.clock())
                    session.commit()
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        def carls_text_is_sent() -> None:
            try:
                send_message(carl_text)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        # The case's row is held so both line up: the claim first, then the send job.
        held = sessions()
        lock_case(held, case_id)
        claim = threading.Thread(target=cora_claims)
        send = threading.Thread(target=carls_text_is_sent)
        try:
            claim.start()
            _wait_until_waiting(sessions, 1)
            send.start()
            _wait_until_waiting(sessions, 2)
        finally:
            held.commit()
            held.close()
            claim.join(timeout=30)
            send.join(timeout=30)
        assert errors == []
        with sessions() as session:
            case = session.get_one(Case, case_id)
            assert case.status == "claimed"
            assert session.get_one(Message, carl_text).status in ("suppressed", "canceled")
