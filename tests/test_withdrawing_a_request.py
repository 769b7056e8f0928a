"""A person may withdraw the request they just made: "nvm", "cancel my request" or "i changed
my mind" while their request is open and nobody has reached them asks them to confirm, and YES
closes it as withdrawn by the person, its holder told. STOP and CANCEL alone still opt out."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, may_withdraw
from flows.sms import encoding, segments
from flows.types import Context
from hotline.contacts import find_contact, get_or_create_contact
from hotline.flow_store import install_shipped_flows
from hotline.places_store import load_places
from models import Case, CaseEvent, Contact, Offer, Responder
from routing import jobs
from routing.commands import handle_responder_text
from routing.withdrawals import has_open_request, withdraw_requests
from tests.routing_support import (
    a_text_request,
    add_case,
    add_responder,
    commit_once_blocked,
    events_of,
    person_texts,
    postgres_world,
    responder_text,
    texting_team,
    texts_to,
)
from tests.test_engine_interrupts import DIRECTORY, FLOWS, NOW

ASK = {
    "en": "Do you want to cancel your request for our team to reach out? Reply YES to cancel "
    "it, or NO to keep it.",
    "es": "¿Quiere cancelar su solicitud para que el equipo le contacte? Responda SI para "
    "cancelarla, o NO para mantenerla.",
}
WITHDRAWN = "OK, we've cancelled your request, and no one will reach out about it."
KEPT = "OK, your request stays in. Someone from our team will reach out."
WITHDRAW_WORDS = [
    "nvm", "never mind", "Nevermind.", "cancel my request", "please cancel my request",
    "i changed my mind", "I've changed my mind", "cancel the request", "forget it",
    "i am withdrawing my request", "i want to withdraw my request", "withdraw my referral",
]  # fmt: skip


def ctx(open_request: bool = True, opted_out: bool = False) -> Context:
    return Context(now=NOW, places=DIRECTORY, open_request=open_request, opted_out=opted_out)


def after_a_request(language: str = "en") -> dict:
    """The state just after a self-referral was sent: no conversation under way."""
    return step(FLOWS, None, "hi", ctx()).state | {
        "flow": None,
        "node": None,
        "language": language,
    }


@pytest.mark.parametrize("text", WITHDRAW_WORDS)
def test_withdrawing_words_are_recognised(text: str) -> None:
    assert may_withdraw(text)


@pytest.mark.parametrize("text", ["CANCEL", "cancel", "STOP", "hi", "yes", "cancel my plans"])
def test_other_texts_withdraw_nothing(text: str) -> None:
    assert not may_withdraw(text)


@pytest.mark.parametrize("text", WITHDRAW_WORDS)
def test_withdrawing_an_open_request_asks_to_confirm_then_yes_withdraws(text: str) -> None:
    asked = step(FLOWS, after_a_request(), text, ctx())
    assert asked.replies == (ASK["en"],)
    assert asked.effects == ()  # nothing is withdrawn on a "nvm" alone
    done = step(FLOWS, asked.state, "YES", ctx())
    assert done.replies[0].startswith(WITHDRAWN)
    assert "MENU" in done.replies[0]
    assert [e.kind for e in done.effects] == ["withdraw_request"]
    assert done.state["flow"] is None and not done.state.get("asked")


@pytest.mark.parametrize("answer", ["no", "NO keep it", "nope"])
def test_no_keeps_the_request(answer: str) -> None:
    asked = step(FLOWS, after_a_request(), "nvm", ctx())
    kept = step(FLOWS, asked.state, answer, ctx())
    assert kept.replies[0].startswith(KEPT)
    assert kept.effects == () and not kept.state.get("asked")


def test_anything_else_is_read_as_usual_and_withdraws_nothing() -> None:
    asked = step(FLOWS, after_a_request(), "nvm", ctx())
    out = step(FLOWS, asked.state, "narcan amherst", ctx())
    assert "Free naloxone near Amherst" in out.replies[0]
    assert "withdraw_request" not in [e.kind for e in out.effects]
    assert not out.state.get("asked")
    later = step(FLOWS, out.state, "yes", ctx())
    assert "withdraw_request" not in [e.kind for e in later.effects]


@pytest.mark.parametrize("answer", ["ok", "ok thanks", "okay", "sure", "k", "👍", "ya"])
def test_an_ok_is_not_taken_as_cancelling(answer: str) -> None:
    """ "ok thanks" is what people answer "we're still trying to reach you" with: it must never
    cancel the request they are waiting on. Only a yes in so many words does."""
    asked = step(FLOWS, after_a_request(), "nvm", ctx())
    out = step(FLOWS, asked.state, answer, ctx())
    assert "withdraw_request" not in [e.kind for e in out.effects]
    assert not any(reply.startswith(WITHDRAWN) for reply in out.replies)


def test_the_question_is_forgotten_after_an_hour() -> None:
    """A YES hours later answers whatever we texted since (the still-trying text, a
    responder's question), not "cancel your request?"."""
    asked = step(FLOWS, after_a_request(), "nvm", ctx())
    late = Context(now=NOW + timedelta(hours=1, minutes=1), places=DIRECTORY, open_request=True)
    out = step(FLOWS, asked.state, "yes", late)
    assert "withdraw_request" not in [e.kind for e in out.effects]
    soon = Context(now=NOW + timedelta(minutes=50), places=DIRECTORY, open_request=True)
    assert [e.kind for e in step(FLOWS, asked.state, "yes", soon).effects] == ["withdraw_request"]


def test_in_spanish_si_withdraws() -> None:
    asked = step(FLOWS, after_a_request("es"), "olvidalo", ctx())
    assert asked.replies == (ASK["es"],)
    done = step(FLOWS, asked.state, "sí", ctx())
    assert [e.kind for e in done.effects] == ["withdraw_request"]


def test_with_no_open_request_never_mind_only_stops_as_before() -> None:
    out = step(FLOWS, after_a_request(), "nvm", ctx(open_request=False))
    assert out.replies == (DEFAULT_STRINGS["stopped"]["en"],)
    assert out.effects == ()


def test_a_yes_after_the_request_was_taken_up_withdraws_nothing_and_says_whom_to_call() -> None:
    asked = step(FLOWS, after_a_request(), "nvm", ctx())
    out = step(FLOWS, asked.state, "yes", ctx(open_request=False))
    assert out.effects == ()
    assert "413-555-0100" in out.replies[0]


@pytest.mark.parametrize("answer", ["yes stop", "Yes, stop texting me", "sí, no me escriban más"])
def test_yes_with_a_stop_withdraws_and_opts_out(answer: str) -> None:
    asked = step(FLOWS, after_a_request(), "nvm", ctx())
    done = step(FLOWS, asked.state, answer, ctx())
    kinds = [e.kind for e in done.effects if e.kind != "set_language"]
    assert kinds == ["withdraw_request", "opt_out"]
    (reply,) = done.replies
    assert "START" in reply and not done.state.get("asked")


@pytest.mark.parametrize("answer", ["no stop", "STOP"])
def test_a_stop_without_a_yes_opts_out_and_withdraws_nothing(answer: str) -> None:
    asked = step(FLOWS, after_a_request(), "nvm", ctx())
    done = step(FLOWS, asked.state, answer, ctx())
    assert [e.kind for e in done.effects] == ["opt_out"]


@pytest.mark.parametrize("word", ["CANCEL", "STOP"])
def test_carrier_words_still_opt_out_after_a_request(word: str) -> None:
    out = step(FLOWS, after_a_request(), word, ctx())
    assert [e.kind for e in out.effects] == ["opt_out"]


STILL_OPEN = {"en": "Your request is still open", "es": "Su solicitud sigue abierta"}


@pytest.mark.parametrize(
    ("word", "language"),
    [
        ("CANCEL", "en"), ("CANCEL", "es"), ("STOP", "en"), ("STOP", "es"),
        ("leave me alone", "en"), ("no me escriban más", "es"),
    ],
)  # fmt: skip
def test_an_opt_out_with_a_request_open_says_the_request_stands_and_how_to_cancel_it(
    word: str, language: str
) -> None:
    """CANCEL is a carrier's opt-out word: a person who sends it after a request may think
    the request went with it. It did not, and a responder may still call."""
    context = Context(now=NOW, places=DIRECTORY, request_open=True)
    out = step(FLOWS, after_a_request(language), word, context)
    assert [e.kind for e in out.effects if e.kind != "set_language"] == ["opt_out"]
    (reply,) = out.replies
    assert STILL_OPEN[language] in reply
    assert "Hampshire HOPE Line" in reply and "START" in reply  # the carriers' confirmation
    assert "413-555-0100" in reply  # how to cancel it: call us
    assert encoding(reply) == "GSM-7" and len(reply) <= 320, reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_shipped_text_for_an_opt_out_with_a_request_open_is_the_default(language) -> None:
    from flows.interrupts import DEFAULT_STRINGS

    shipped = FLOWS["system"].strings["opted_out_request_open"][language]
    assert DEFAULT_STRINGS["opted_out_request_open"][language] == shipped


def test_an_opt_out_with_no_request_open_is_the_usual_confirmation() -> None:
    out = step(FLOWS, after_a_request(), "CANCEL", ctx(open_request=False))
    (reply,) = out.replies
    assert reply.startswith("You're unsubscribed") and "request" not in reply


def test_yes_stop_withdraws_and_so_says_no_request_is_open() -> None:
    asked = step(FLOWS, after_a_request(), "nvm", ctx())
    context = Context(now=NOW, places=DIRECTORY, open_request=True, request_open=True)
    done = step(FLOWS, asked.state, "yes stop texting me", context)
    assert [e.kind for e in done.effects] == ["withdraw_request", "opt_out"]
    (reply,) = done.replies
    assert "START" in reply and "still open" not in reply


ASKED_AFTER = {
    "en": "You cancelled your request, so our team won't reach out about it. If you want help "
    "now, text MENU to make a new request, or call us at 413-555-0100.",
    "es": "Usted cancelo su solicitud, asi que el equipo no le contactara. Para pedir ayuda, "
    "envie MENU para hacer una nueva solicitud o llamenos al 413-555-0100.",
}


@pytest.mark.parametrize(
    ("asked", "language"),
    [("did anyone get my message", "en"), ("when will you call", "en"),
     ("nobody called me", "en"), ("cuando me van a llamar", "es")],
)  # fmt: skip
def test_asking_after_a_withdrawn_request_is_told_it_was_cancelled(asked, language) -> None:
    """ "did anyone get my message" after they cancelled got the welcome menu."""
    after = ctx(open_request=False)
    done = step(FLOWS, step(FLOWS, after_a_request(language), "nvm", ctx()).state, "yes", ctx())
    out = step(FLOWS, done.state, asked, dataclasses.replace(after, request_withdrawn=True))
    assert out.replies == (ASKED_AFTER[language],)
    assert out.effects == () and out.state["flow"] is None
    if language == "en":  # a conversation that expired since, too
        out = step(FLOWS, None, asked, dataclasses.replace(after, request_withdrawn=True))
        assert out.replies == (ASKED_AFTER[language],)


def test_with_no_recent_withdrawal_asking_gets_the_menu_as_before() -> None:
    out = step(FLOWS, None, "did anyone get my message", ctx(open_request=False))
    assert out.state["flow"] == "menu"


@pytest.mark.parametrize(
    "name", ["withdraw_ask", "withdrawn", "withdraw_kept", "withdraw_late", "withdrawn_asked"]
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_withdrawal_texts_are_plain_gsm_in_one_segment(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    filled = shipped.replace("{program_phone}", "413-555-0100")
    assert (encoding(filled), segments(filled)) == ("GSM-7", 1), filled


# ----- through the webhook's path, on the database ------------------------------------------

PHONE = "+14135550188"


@pytest.fixture
def team(world) -> dict[str, int]:
    return texting_team(world, cora="recovery_coach")


def texts_us(world, body: str) -> tuple[str, ...]:
    return person_texts(world, PHONE, body)


def a_request(world) -> tuple[int, str]:
    return a_text_request(world, PHONE)


def test_the_person_withdraws_and_the_responder_who_claimed_it_is_told(world, team) -> None:
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    assert texts_us(world, "nvm") == (ASK["en"],)
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status == "claimed"
    assert texts_us(world, "yes")[0].startswith(WITHDRAWN)
    texts_us(world, "cancel my request")
    texts_us(world, "yes")
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert (case.status, case.outcome) == ("closed", "withdrawn")
        assert case.closed_at is not None and case.escalation_token is None
        (closed,) = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "closed")
        ).all()
        assert closed.actor == "the person" and closed.data["outcome"] == "withdrawn"
        assert (closed.data["holder_id"], closed.data["holder_told"]) == (team["cora"], True)
        (notice,) = texts_to(session, session.get_one(Responder, team["cora"]), "withdrawn")
        assert notice.startswith(f"Case {code}: ") and "withdrew" in notice
        assert "Jay" not in notice and "0188" not in notice
        assert (encoding(notice), segments(notice)) == ("GSM-7", 1)
        assert not session.scalars(
            select(Offer).where(Offer.case_id == case_id, Offer.status == "open")
        ).all()


def test_asking_after_withdrawing_is_told_so_until_two_weeks_on(world, team) -> None:
    case_id, _ = a_request(world)
    texts_us(world, "nvm")
    texts_us(world, "yes")
    world.clock.now += timedelta(days=2)
    assert texts_us(world, "did anyone get my message") == (ASKED_AFTER["en"],)
    with world.sessions() as session:
        assert "person_note" not in events_of(session, case_id)
        world.clock.now = session.get_one(Case, case_id).closed_at + timedelta(days=15)
    assert texts_us(world, "did anyone get my message") != (ASKED_AFTER["en"],)


def test_an_offered_request_withdrawn_closes_its_offers(world, team) -> None:
    case_id, code = a_request(world)
    texts_us(world, "i changed my mind")
    texts_us(world, "YES")
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert (case.status, case.outcome) == ("closed", "withdrawn")
        assert not session.scalars(
            select(Offer).where(Offer.case_id == case_id, Offer.status == "open")
        ).all()
    assert "already closed" in responder_text(world, team["cora"], f"CLAIM {code}")[0]


def test_once_someone_reached_them_never_mind_withdraws_nothing(world, team) -> None:
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    responder_text(world, team["cora"], f"CONTACTED {code}")
    assert texts_us(world, "nvm") == (DEFAULT_STRINGS["stopped"]["en"],)
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status != "closed"


def test_cancel_alone_still_opts_out_and_leaves_the_request_open(world, team) -> None:
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    (reply,) = texts_us(world, "CANCEL")
    assert "START" in reply and STILL_OPEN["en"] in reply and "413-555-0100" in reply
    with world.sessions() as session:
        assert find_contact(session, PHONE).opted_out
        assert session.get_one(Case, case_id).status != "closed"


def test_stop_in_the_middle_of_another_question_still_says_the_request_is_open(world, team) -> None:
    a_request(world)
    assert "town" in texts_us(world, "narcan")[0].lower()  # a question waits for its answer
    (reply,) = texts_us(world, "STOP")
    assert STILL_OPEN["en"] in reply


def test_stop_with_no_request_open_is_the_usual_confirmation(world, team) -> None:
    texts_us(world, "hi")
    (reply,) = texts_us(world, "STOP")
    assert reply.startswith("You're unsubscribed") and "request" not in reply


def test_yes_stop_withdraws_the_request_and_opts_the_number_out(world, team) -> None:
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    texts_us(world, "nvm")
    (reply,) = texts_us(world, "yes stop texting me")
    assert "START" in reply and "still open" not in reply
    with world.sessions() as session:
        assert find_contact(session, PHONE).opted_out
        case = session.get_one(Case, case_id)
        assert (case.status, case.outcome) == ("closed", "withdrawn")
        cora = session.get_one(Responder, team["cora"])
        assert len(texts_to(session, cora, "withdrawn")) == 1
        assert texts_to(session, cora, "opted_out") == []


def test_a_yes_after_a_responder_marked_contact_keeps_the_case_and_says_whom_to_call(
    world, team
) -> None:
    case_id, code = a_request(world)
    responder_text(world, team["cora"], f"CLAIM {code}")
    assert texts_us(world, "nvm") == (ASK["en"],)
    responder_text(world, team["cora"], f"CONTACTED {code}")
    (reply,) = texts_us(world, "yes")
    assert "can't cancel it here" in reply
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status == "contacted"


def test_a_yes_after_stop_and_start_withdraws_nothing(world, team) -> None:
    case_id, _ = a_request(world)
    texts_us(world, "nvm")
    texts_us(world, "STOP")
    texts_us(world, "START")
    texts_us(world, "yes")
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status != "closed"


def test_a_family_member_withdraws_their_own_call_request(world, team) -> None:
    """A family member who asked for a call from a family support specialist may take it
    back as a person may their own request: asked once, then closed on a YES."""
    for body in ["hi", "2", "1", "2", "skip", "yes"]:
        texts_us(world, body)
    assert "A family support specialist will call" in texts_us(world, "any")[0]
    with world.sessions() as session:
        contact = find_contact(session, PHONE)
        case = session.scalars(select(Case).where(Case.contact_id == contact.id)).one()
        case_id = case.id
        assert case.kind == "family"
    jobs.route_case(case_id)
    assert texts_us(world, "i changed my mind") == (ASK["en"],)
    assert texts_us(world, "yes")[0].startswith(WITHDRAWN)
    with world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert (case.status, case.outcome) == ("closed", "withdrawn")


def test_a_partners_referral_is_not_withdrawn_by_the_person(world, team) -> None:
    """Only a request the person made by text is theirs to withdraw here."""
    with world.sessions.begin() as session:
        contact = get_or_create_contact(session, PHONE, world.clock())
        case = add_case(
            session, now=world.clock(), contact=contact, kind="partner", source="partner",
            details={"phone": PHONE, "consent_to_text": True},
        )  # fmt: skip
        case_id = case.id
    texts_us(world, "hi")
    assert texts_us(world, "nvm") == (DEFAULT_STRINGS["stopped"]["en"],)
    texts_us(world, "yes")
    with world.sessions() as session:
        assert session.get_one(Case, case_id).status != "closed"


# ----- a YES and a responder's CONTACTED at the same moment (PostgreSQL) ----------------------


@pytest.fixture
def pg_world(pg_engine, redis_conn):
    with postgres_world(pg_engine, redis_conn) as world:
        yield world


@pytest.fixture
def pg_team(pg_world) -> dict[str, int]:
    with pg_world.sessions.begin() as session:
        install_shipped_flows(session, pg_world.clock())
        load_places(session)
        return {"cora": add_responder(session, "Cora", "recovery_coach").id}


def claimed_and_asked(world, cora: int) -> tuple[int, str]:
    """The person's request, claimed by Cora; the person has said "nvm" and been asked."""
    case_id, code = a_request(world)
    responder_text(world, cora, f"CLAIM {code}")
    assert texts_us(world, "nvm") == (ASK["en"],)
    return case_id, code


def test_a_yes_while_a_contacted_is_in_flight_waits_for_it_and_withdraws_nothing(
    pg_world, pg_team, request
) -> None:
    """Cora's CONTACTED is not committed yet when the person's YES comes: the YES waits for
    it and sees it, so the person is told whom to call, never "we've cancelled your request"
    about a case that stays with Cora, marked contacted."""
    case_id, code = claimed_and_asked(pg_world, pg_team["cora"])
    held = pg_world.sessions()
    request.addfinalizer(held.close)
    cora = held.get_one(Responder, pg_team["cora"])
    replies = handle_responder_text(
        held, held.get_one(Contact, cora.contact_id), f"CONTACTED {code}", pg_world.clock()
    )
    assert replies and "first contact recorded" in replies[0]
    answers: list[tuple[str, ...]] = []
    commit_once_blocked(held, pg_world.sessions, lambda: answers.append(texts_us(pg_world, "yes")))
    ((reply,),) = answers
    assert "can't cancel it here" in reply
    with pg_world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert (case.status, case.outcome) == ("contacted", None)
        assert "closed" not in events_of(session, case_id)


def test_a_contacted_while_a_yes_is_in_flight_waits_for_it_and_finds_the_case_closed(
    pg_world, pg_team, request
) -> None:
    """The person's YES has withdrawn the request, not committed yet, when Cora texts
    CONTACTED: it waits for the withdrawal and tells her the case is closed (she is also
    texted why), rather than "already marked contacted" about a case nobody marked."""
    case_id, code = claimed_and_asked(pg_world, pg_team["cora"])
    held = pg_world.sessions()
    request.addfinalizer(held.close)
    contact = find_contact(held, PHONE)
    assert has_open_request(held, contact)
    assert [case.id for case in withdraw_requests(held, contact, pg_world.clock())] == [case_id]
    held.flush()
    answers: list[list[str] | None] = []
    commit_once_blocked(
        held,
        pg_world.sessions,
        lambda: answers.append(responder_text(pg_world, pg_team["cora"], f"CONTACTED {code}")),
    )
    assert answers == [[f"Case {code} is already closed."]]
    with pg_world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert (case.status, case.outcome, case.contacted_at) == ("closed", "withdrawn", None)
        assert "contacted" not in events_of(session, case_id)
        assert len(texts_to(session, session.get_one(Responder, pg_team["cora"]), "withdrawn")) == 1


def test_a_yes_while_a_claim_is_in_flight_withdraws_and_tells_the_claimer(
    pg_world, pg_team, request
) -> None:
    """Cora's CLAIM is not committed yet when the person's YES comes: the request is still
    theirs to withdraw (nobody has reached them), so it is, and Cora, who now holds it, is
    told."""
    case_id, code = a_request(pg_world)
    assert texts_us(pg_world, "nvm") == (ASK["en"],)
    held = pg_world.sessions()
    request.addfinalizer(held.close)
    cora = held.get_one(Responder, pg_team["cora"])
    claimed = handle_responder_text(
        held, held.get_one(Contact, cora.contact_id), f"CLAIM {code}", pg_world.clock()
    )
    assert claimed and claimed[0].startswith(f"Case {code} is yours")
    answers: list[tuple[str, ...]] = []
    commit_once_blocked(held, pg_world.sessions, lambda: answers.append(texts_us(pg_world, "yes")))
    ((reply,),) = answers
    assert reply.startswith(WITHDRAWN)
    with pg_world.sessions() as session:
        case = session.get_one(Case, case_id)
        assert (case.status, case.outcome) == ("closed", "withdrawn")
        assert len(texts_to(session, session.get_one(Responder, pg_team["cora"]), "withdrawn")) == 1


def test_withdrawing_a_request_when_none_is_open_is_no_request_for_treatment() -> None:
    """ "withdrawing" also names withdrawal from a drug: with no request open, the words are no
    answer to the menu, which is shown as to any first text."""
    out = step(FLOWS, None, "i am withdrawing my request", ctx(open_request=False))
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
