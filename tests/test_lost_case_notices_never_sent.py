"""A text telling a responder a case is no longer theirs (closed, withdrawn by the person,
handed to someone else, handed back as peers only) counts as telling them only once it went
out. One held back at send time (they texted STOP before the send job ran) or refused at the
carrier leaves the timeline saying they could not be texted, and their START names the case,
as it would had STOP come first."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from hotline.admin.case_words import event_phrase
from models import Case, CaseEvent, Contact, Message, Responder
from routing import jobs
from routing.claims import WITHDRAWN, Staff, close_case, reassign_case, refuse_police
from routing.closed_by_others import CASE_CLOSED
from routing.holder_notices import NOTICE_EVENTS
from routing.sending import record_status
from routing.withdrawals import withdraw_requests
from tests.routing_support import (
    RoutingWorld,
    add_case,
    add_contact,
    add_responder,
    person_texts,
    responder_text,
    send_waiting_texts,
    texting_team,
)

STAFF = Staff("admin@example.org")


@pytest.fixture
def team(world) -> dict[str, int]:
    """Cora and Hal (coaches), Dee (coordinator), Pat (an officer who is also a coach)."""
    ids = texting_team(world, cora="recovery_coach", hal="recovery_coach", dee="coordinator")
    with world.sessions.begin() as session:
        ids["pat"] = add_responder(session, "Pat", "police_officer", "recovery_coach").id
    return ids


def texts_us(world: RoutingWorld, responder_id: int, body: str) -> tuple[str, ...]:
    with world.sessions() as session:
        responder = session.get_one(Responder, responder_id)
        phone = session.get_one(Contact, responder.contact_id).phone
    return person_texts(world, phone, body)


def held_by(world: RoutingWorld, responder_id: int) -> tuple[int, str]:
    """A texter's request (police OK) claimed by ``responder_id``, every text so far sent."""
    with world.sessions.begin() as session:
        case = add_case(session, now=world.clock(), contact=add_contact(session), peers_only=False)
        case_id, code = case.id, case.code
    jobs.route_case(case_id)
    claimed = responder_text(world, responder_id, f"CLAIM {code}")
    assert claimed[0].startswith(f"Case {code} is yours")
    send_waiting_texts(world)
    return case_id, code


def close_declined(session, case: Case, team: dict[str, int], now) -> None:
    assert close_case(session, case, STAFF, "declined", now).ok


def withdraw(session, case: Case, team: dict[str, int], now) -> None:
    assert withdraw_requests(session, session.get_one(Contact, case.contact_id), now)


def reassign_to_hal(session, case: Case, team: dict[str, int], now) -> None:
    assert reassign_case(session, case, session.get_one(Responder, team["hal"]), STAFF, now).ok


def person_refuses_police(session, case: Case, team: dict[str, int], now) -> None:
    assert refuse_police(session, session.get_one(Contact, case.contact_id), now)


Loss = Callable[..., None]
# How a case is taken from its holder: who held it, the notice's purpose, the timeline's
# event, and what START says happened.
LOSSES: dict[str, tuple[Loss, str, str, str, str]] = {
    "closed": (close_declined, "cora", "case_closed", "closed", "closed"),
    "withdrawn": (withdraw, "cora", "withdrawn", "closed", "closed"),
    "reassigned": (reassign_to_hal, "cora", "reassigned", "reassigned", "handed on"),
    "peers_only": (person_refuses_police, "pat", "released", "released", "handed on"),
}


def lose(world: RoutingWorld, team: dict[str, int], how: str, case_id: int) -> None:
    loss = LOSSES[how][0]
    with world.sessions.begin() as session:
        loss(session, session.get_one(Case, case_id), team, world.clock())


def notice(world: RoutingWorld, case_id: int, responder_id: int, purpose: str) -> Message:
    with world.sessions() as session:
        contact_id = session.get_one(Responder, responder_id).contact_id
        return session.scalars(
            select(Message).where(
                Message.case_id == case_id,
                Message.contact_id == contact_id,
                Message.purpose == purpose,
            )
        ).one()


def timeline_phrase(world: RoutingWorld, case_id: int, kind: str, team: dict[str, int]) -> str:
    names = {responder_id: name.title() for name, responder_id in team.items()}
    with world.sessions() as session:
        event = session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.kind == kind)
            .order_by(CaseEvent.id.desc())
            .limit(1)
        ).one()
        return event_phrase(event.kind, event.data, names)


def named_at_start(code: str, verb: str) -> str:
    return (
        f"While you were unsubscribed, case {code} was {verb}. Please don't contact the "
        "person, and delete their number from your phone."
    )


@pytest.mark.parametrize("how", sorted(LOSSES))
def test_a_notice_held_back_by_a_stop_before_it_was_sent_is_named_at_start(world, team, how):
    """Before, the timeline said the holder was told as soon as the text was queued, and
    START named nothing: the text never went out, and they kept the person's number."""
    _, holder_name, purpose, kind, verb = LOSSES[how]
    holder = team[holder_name]
    case_id, code = held_by(world, holder)
    lose(world, team, how, case_id)
    texts_us(world, holder, "STOP")
    send_waiting_texts(world)
    assert notice(world, case_id, holder, purpose).status == "suppressed"
    assert timeline_phrase(world, case_id, kind, team).endswith(
        f"{holder_name.title()}, who had it, could not be texted about it"
    )
    replies = texts_us(world, holder, "START")
    assert replies[0].startswith("Welcome back")
    assert replies[-1] == named_at_start(code, verb)
    assert timeline_phrase(world, case_id, "lost_case_told", team) == (
        f"{holder_name.title()}, who had it, was told at their START that it is no longer theirs"
    )
    # Once: a STOP and START again name nothing.
    texts_us(world, holder, "STOP")
    again = texts_us(world, holder, "START")
    assert len(again) == 1 and code not in again[0]


@pytest.mark.parametrize("how", sorted(LOSSES))
def test_a_notice_the_carrier_refused_as_opted_out_is_named_at_start(world, team, how):
    """Twilio took the text, then reported 21610 (the number opted out at the carrier)."""
    _, holder_name, purpose, kind, verb = LOSSES[how]
    holder = team[holder_name]
    case_id, code = held_by(world, holder)
    lose(world, team, how, case_id)
    send_waiting_texts(world)
    sid = notice(world, case_id, holder, purpose).sid
    assert sid is not None
    with world.sessions.begin() as session:
        record_status(session, sid=sid, status="failed", error_code=21610, now=world.clock())
    assert timeline_phrase(world, case_id, kind, team).endswith(
        f"{holder_name.title()}, who had it, could not be texted about it"
    )
    assert texts_us(world, holder, "START")[-1] == named_at_start(code, verb)


@pytest.mark.parametrize("how", sorted(LOSSES))
def test_a_notice_that_went_out_before_the_stop_is_not_named_again(world, team, how):
    _, holder_name, purpose, kind, _ = LOSSES[how]
    holder = team[holder_name]
    case_id, code = held_by(world, holder)
    lose(world, team, how, case_id)
    send_waiting_texts(world)
    assert notice(world, case_id, holder, purpose).status == "sent"
    assert not timeline_phrase(world, case_id, kind, team).endswith("could not be texted about it")
    texts_us(world, holder, "STOP")
    replies = texts_us(world, holder, "START")
    assert len(replies) == 1 and code not in replies[0]


@pytest.mark.parametrize("how", sorted(LOSSES))
def test_a_case_lost_after_the_stop_is_named_at_start_the_same_way(world, team, how):
    """Before, a request withdrawn while its holder had opted out was never named."""
    _, holder_name, _, kind, verb = LOSSES[how]
    holder = team[holder_name]
    case_id, code = held_by(world, holder)
    texts_us(world, holder, "STOP")
    lose(world, team, how, case_id)
    assert timeline_phrase(world, case_id, kind, team).endswith(
        f"{holder_name.title()}, who had it, could not be texted about it"
    )
    assert texts_us(world, holder, "START")[-1] == named_at_start(code, verb)


def test_every_text_telling_a_holder_of_a_lost_case_is_followed():
    assert NOTICE_EVENTS == {
        CASE_CLOSED: "closed",
        WITHDRAWN: "closed",
        "reassigned": "reassigned",
        "released": "released",
    }


def test_a_closed_withdrawal_says_the_holder_was_told_once_the_text_went_out(world, team):
    case_id, _ = held_by(world, team["cora"])
    lose(world, team, "withdrawn", case_id)
    send_waiting_texts(world)
    assert timeline_phrase(world, case_id, "closed", team) == (
        "case closed: withdrawn; Cora, who had it, was told"
    )


def test_only_the_notices_to_the_responder_starting_again_are_named(world, team):
    """Another holder's held-back notice, or a coordinator's notice that a case went back to
    the team, is no case the responder lost."""
    cora_case, cora_code = held_by(world, team["cora"])
    hal_case, hal_code = held_by(world, team["hal"])
    pat_case, pat_code = held_by(world, team["pat"])
    lose(world, team, "closed", hal_case)
    lose(world, team, "peers_only", pat_case)  # the coordinators hear it goes back to the team
    lose(world, team, "closed", cora_case)
    for name in ("cora", "hal", "dee"):
        texts_us(world, team[name], "STOP")
    send_waiting_texts(world)
    assert notice(world, pat_case, team["dee"], "released").status == "suppressed"
    assert texts_us(world, team["cora"], "START")[-1] == named_at_start(cora_code, "closed")
    assert texts_us(world, team["hal"], "START")[-1] == named_at_start(hal_code, "closed")
    (dee,) = texts_us(world, team["dee"], "START")
    assert pat_code not in dee
