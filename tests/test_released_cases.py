"""Cases handed back to the team (a responder deactivated, or now police): offered by the
roster as it ends up, never left with someone off it, and not reminded as if nobody had reached
the person."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from hotline.cli_routing import RosterRow, load_rows
from models import Case, Responder
from routing import jobs
from routing.claims import claim_case, mark_contacted
from tests.routing_support import (
    T0,
    add_responder,
    events_of,
    routing_world,
    texts_to,
)
from tests.test_escalation import load, new_case


@pytest.fixture
def world(sessions, settings, redis_conn):
    with routing_world(sessions, settings, redis_conn) as world:
        yield world


def claim_as(world, case_id: int, responder_id: int) -> None:
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        holder = session.get_one(Responder, responder_id)
        assert claim_case(session, case, holder, world.clock(), world.settings).ok


def phone_of(world, responder_id: int) -> str:
    from models import Contact

    with world.sessions() as session:
        responder = session.get_one(Responder, responder_id)
        return session.get_one(Contact, responder.contact_id).phone


def test_a_roster_load_offers_a_released_case_only_by_the_roster_as_loaded(world):
    """One CSV: Ana leaves (row 1), Ben becomes a police officer (row 2). Ana's peers-only case
    is re-offered while row 2 is not applied yet, so Ben, a police officer once the file is
    loaded, is texted the peers-only case (his offer is then withdrawn, the text still goes)."""
    with world.sessions.begin() as session:
        ana = add_responder(session, "Ana", "recovery_coach").id
        ben = add_responder(session, "Ben", "recovery_coach").id
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    claim_as(world, case_id, ana)
    ana_phone, ben_phone = phone_of(world, ana), phone_of(world, ben)
    with world.sessions() as session:
        before = len(texts_to(session, session.get_one(Responder, ben), "offer"))
    rows = [
        RosterRow(2, "Ana", ana_phone, ["recovery_coach"], ["en"], [], False, []),
        RosterRow(3, "Ben", ben_phone, ["police_officer"], ["en"], [], True, []),
    ]
    with world.sessions.begin() as session:
        load_rows(session, rows, world.clock(), world.settings)
    with world.sessions() as session:
        ben_row = session.get_one(Responder, ben)
        assert ben_row.roles == ["police_officer"]
        # The person asked for no police: a police officer must not be texted their case.
        assert texts_to(session, ben_row, "offer")[before:] == []


def test_a_roster_load_never_offers_a_released_case_to_someone_it_deactivates(world):
    with world.sessions.begin() as session:
        ana = add_responder(session, "Ana", "recovery_coach").id
        ben = add_responder(session, "Ben", "recovery_coach").id
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, ana)
    with world.sessions() as session:
        before = len(texts_to(session, session.get_one(Responder, ben), "offer"))
    rows = [
        RosterRow(2, "Ana", phone_of(world, ana), ["recovery_coach"], ["en"], [], False, []),
        RosterRow(3, "Ben", phone_of(world, ben), ["recovery_coach"], ["en"], [], False, []),
    ]
    with world.sessions.begin() as session:
        load_rows(session, rows, world.clock(), world.settings)
    with world.sessions() as session:
        # Ben left the roster in the same file: he must not be offered a case.
        assert texts_to(session, session.get_one(Responder, ben), "offer")[before:] == []


def test_the_roster_warns_when_every_coordinator_is_police(world):
    """The only coordinator is a police officer. Texted cases are peers-only by default, so
    their coordinator step, deadline and breach notices reach nobody, yet the roster page
    does not warn."""
    from hotline.admin.roster_views import _coverage_warnings

    with world.sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach")
        add_responder(session, "Pat", "police_officer", "coordinator")
    case_id = new_case(world, peers_only=True)
    jobs.route_case(case_id)
    world.clock.now = T0 + timedelta(hours=24, minutes=1)
    jobs.deadline_check(case_id)
    with world.sessions() as session:
        assert "no_coordinator" in events_of(session, case_id)  # nobody was told
        warnings = _coverage_warnings(session, T0, ZoneInfo("America/New_York"))
    assert warnings["police_coordinators_only"] and not warnings["no_coordinator"]


def test_a_released_case_already_contacted_is_not_reminded_as_if_nobody_had(world):
    """Cora reached the person (CONTACTED), then was deactivated: the case goes back to the
    team. Carl claims it and is told 'needs first contact', and CONTACTED is refused."""
    from routing.claims import release_responder_cases

    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach").id
        carl = add_responder(session, "Carl", "recovery_coach").id
        add_responder(session, "Dee", "coordinator")
    case_id = new_case(world)
    jobs.route_case(case_id)
    claim_as(world, case_id, cora)
    with world.sessions.begin() as session:
        case = session.get_one(Case, case_id)
        assert mark_contacted(session, case, session.get_one(Responder, cora), T0).ok
    with world.sessions.begin() as session:
        holder = session.get_one(Responder, cora)
        holder.active = False
        release_responder_cases(session, holder, T0, world.settings, "staff")
    claim_as(world, case_id, carl)
    world.clock.now = T0 + timedelta(hours=20)
    jobs.remind_claimer(case_id)
    with world.sessions() as session:
        reminders = texts_to(session, session.get_one(Responder, carl), "reminder")
    assert reminders == [], reminders


def test_a_claim_in_flight_when_a_responder_is_deactivated_never_leaves_them_holding_it(
    pg_engine, redis_conn
):
    """Staff deactivate Cora while her CLAIM (for an offer she holds) is being handled: the
    release runs, yet the case ends up claimed by a responder no longer on the roster."""
    import threading
    import time as time_mod

    from models import Contact
    from models.session import make_sessionmaker
    from routing.claims import release_responder_cases
    from routing.commands import handle_responder_text
    from tests.conftest import make_settings

    url = pg_engine.url.render_as_string(hide_password=False)
    sessions = make_sessionmaker(pg_engine)
    settings = make_settings(url)
    with routing_world(sessions, settings, redis_conn) as world:
        with sessions.begin() as session:
            cora = add_responder(session, "Cora", "recovery_coach").id
            add_responder(session, "Dee", "coordinator")
        case_id = new_case(world)
        jobs.route_case(case_id)  # offered to Cora
        code = load(world, case_id).code

        claim_session = sessions()
        contact = claim_session.get_one(Contact, claim_session.get_one(Responder, cora).contact_id)
        # Cora's CLAIM has taken the case's row, not committed yet.
        handle_responder_text(claim_session, contact, f"CLAIM {code}", world.clock())

        done = threading.Event()

        def deactivate() -> None:
            with sessions.begin() as session:
                holder = session.get_one(Responder, cora)
                holder.active = False
                session.flush()
                release_responder_cases(session, holder, world.clock(), settings, "staff")
            done.set()

        staff = threading.Thread(target=deactivate)
        staff.start()
        time_mod.sleep(0.5)  # the release now waits for the case's row
        claim_session.commit()
        claim_session.close()
        staff.join(timeout=10)
        assert done.is_set()
        with sessions() as session:
            case = session.get_one(Case, case_id)
            assert not session.get_one(Responder, cora).active
            assert case.claimed_by_id != cora, "a deactivated responder holds the case"
