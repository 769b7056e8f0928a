"""Responder commands by SMS: each command, each refusal, and bare CLAIM with 0, 1 or 2 offers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from flows.sms import encoding, segments
from hotline.contacts import get_or_create_contact
from models import Case, CaseEvent, Contact, Offer, Responder
from routing import jobs, off_call
from routing.claims import Staff, close_case, refuse_police
from routing.commands import (
    FOR_YOURSELF,
    NO_OFFERS_TEXT,
    OUTCOME_HELP,
    OWN_RELAPSE,
    SHORT_HELP,
    handle_responder_text,
    help_text,
    parse,
    parse_outcome,
    speaks_of_own_need,
)
from routing.intake import CODE_ALPHABET
from tests.routing_support import (
    T0,
    add_case,
    add_contact,
    add_responder,
    events_of,
    offered_names,
    send_waiting_texts,
    texts_to,
)
from tests.routing_support import responder_text as text

TEXTER = "+14135550123"


@pytest.fixture
def team(world):
    with world.sessions.begin() as session:
        people = {
            "cora": add_responder(session, "Cora", "recovery_coach"),
            "carl": add_responder(session, "Carl", "recovery_coach"),
            "pat": add_responder(session, "Pat", "police_officer", "recovery_coach"),
            "dee": add_responder(session, "Dee", "coordinator"),
            "hal": add_responder(session, "Hal", "harm_reduction_specialist", always_on=False),
        }
    return {name: r.id for name, r in people.items()}


def routed_case(world, **kw) -> str:
    with world.sessions.begin() as session:
        contact = get_or_create_contact(session, TEXTER, world.clock())
        kw.setdefault("details", {"name": "Sam"})
        kw.setdefault("best_time", "evenings")
        case = add_case(session, now=world.clock(), contact=contact, **kw)
        case_id, code = case.id, case.code
    jobs.route_case(case_id)
    return code


def not_yours(code: str) -> str:
    """The answer to someone who does not hold a case: it never names who does."""
    return f"Case {code} is not one of your cases. Text LIST for yours."


def contacted_stays(code: str) -> str:
    """The answer to handing back a case whose person was reached."""
    return (
        f"Case {code} is marked contacted, so it stays with you: NOTE {code} adds what "
        f"happened, CLOSE {code} and an outcome closes it. A coordinator can reassign it."
    )


def peers_only(code: str) -> str:
    """The answer to a police officer's CLAIM of a peers-only case: nothing more of it."""
    return (
        f"Case {code} asked for peer responders only (no police), so it goes to a peer. Thank you."
    )


def case_by_code(world, code: str) -> Case:
    with world.sessions() as session:
        return session.scalar(select(Case).where(Case.code == code))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("CLAIM K7QM", ("CLAIM", "K7QM", "")),
        ("claim k7qm!", ("CLAIM", "K7QM", "")),
        ("Claim: K7QM", ("CLAIM", "K7QM", "")),
        ("  claim   ", ("CLAIM", None, "")),
        ("NOTE k7qm called, left a voicemail.", ("NOTE", "K7QM", "called, left a voicemail.")),
        ("close K7QM - services", ("CLOSE", "K7QM", "services")),
        ("Contacted K7QM.", ("CONTACTED", "K7QM", "")),
        ("list", ("LIST", None, "")),
        ("hello there", (None, "THERE", "")),
        # A code typed in pieces, split by a hyphen or spaces.
        ("claim VQK-6", ("CLAIM", "VQK6", "")),
        ("claim vqk 6", ("CLAIM", "VQK6", "")),
        ("CLAIM V-Q-K-6!", ("CLAIM", "VQK6", "")),
        ("note vq - k6 called, left a voicemail", ("NOTE", "VQK6", "called, left a voicemail")),
        ("close vqk-6 services", ("CLOSE", "VQK6", "services")),
        # Words that do not join into a code stay words.
        ("PASS on it", ("PASS", None, "on it")),
        ("CLAIM he is not breathing", ("CLAIM", "HE", "is not breathing")),
        ("CLAIM VQK", ("CLAIM", "VQK", "")),
        ("", (None, None, "")),
        # Handing a claimed case back, with the reason kept on the timeline.
        ("RELEASE K7QM called into work", ("RELEASE", "K7QM", "called into work")),
        ("Release: k7qm - sick kid", ("RELEASE", "K7QM", "sick kid")),
        ("unclaim k7qm", ("RELEASE", "K7QM", "")),
        ("hand back K7QM", ("RELEASE", "K7QM", "")),
        ("Hand it back vqk-6, shift over", ("RELEASE", "VQK6", "shift over")),
        ("drop K7QM", ("RELEASE", "K7QM", "")),
    ],
)
def test_parse(body, expected):
    assert parse(body) == expected


def test_not_a_responder_or_not_active_is_not_ours(world, team):
    with world.sessions.begin() as session:
        stranger = add_contact(session)
        assert handle_responder_text(session, stranger, "CLAIM", T0) is None
        session.get_one(Responder, team["cora"]).active = False
    assert text(world, team["cora"], "hi") is None


@pytest.mark.parametrize(
    "body", ["LIST", "contacted K7QM spoke with him", "CLAIM", "close K7QM plan"]
)
def test_a_team_command_from_someone_taken_off_the_roster_is_answered(world, team, body):
    """Their report must not vanish into the texter's menu: they are told it was not recorded
    and whom to call."""
    with world.sessions.begin() as session:
        session.get_one(Responder, team["cora"]).active = False
    assert text(world, team["cora"], body) == [
        "You're no longer on the active on-call roster, so this was not recorded. If it's "
        f"about a case, please call {world.settings.program_phone} to pass it on."
    ]


@pytest.mark.parametrize("body", ["hi", "HELP", "STOP", "he is not breathing", "narcan amherst"])
def test_anything_else_from_someone_taken_off_the_roster_is_the_texter_engines(world, team, body):
    with world.sessions.begin() as session:
        session.get_one(Responder, team["cora"]).active = False
    assert text(world, team["cora"], body) is None


@pytest.mark.parametrize(
    "word", ["STOP", "stop", "Unsubscribe.", "CANCEL", "stop texting me", "basta"]
)
def test_opt_out_words_go_to_the_texter_engine(world, team, word):
    assert text(world, team["cora"], word) is None


@pytest.mark.parametrize("word", ["START", "yes", "Unstop"])
def test_opt_in_words_go_to_the_texter_engine_only_from_a_number_that_opted_out(world, team, word):
    assert text(world, team["cora"], word) == [SHORT_HELP]
    with world.sessions.begin() as session:
        cora = session.get_one(Responder, team["cora"])
        session.get_one(Contact, cora.contact_id).opted_out_at = T0
    assert text(world, team["cora"], word) is None


@pytest.mark.parametrize("body", ["Yes", "ok", "thx", "I'll take it"])
def test_a_reply_to_an_offer_that_is_no_command_says_how_to_take_it(world, team, body):
    code = routed_case(world)
    assert text(world, team["cora"], body) == [
        f"Not a command I know. To take case {code}, reply CLAIM {code}; PASS {code} to pass. "
        "HELP lists all."
    ]
    world.clock.advance(minutes=1)
    second = routed_case(world)
    assert text(world, team["cora"], body) == [
        f"Not a command I know. You have 2 open offers: {code}, {second}. Reply CLAIM and the "
        f"code to take one, e.g. CLAIM {code}. HELP lists all."
    ]
    assert case_by_code(world, code).status == "offered"


@pytest.mark.parametrize("body", ["send help", "SOS", "narcan amherst", "where can I get narcan"])
def test_a_responder_gets_the_first_steps_and_the_finder_like_anyone(world, team, body):
    assert text(world, team["cora"], body) is None  # the texter engine answers it


def test_a_command_about_a_case_that_mentions_narcan_is_still_a_report(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], f"NOTE {code} needs narcan, send help") == [
        f"Note added to case {code}."
    ]


def test_help_and_unknown_text(world, team):
    (reply,) = text(world, team["cora"], "help")
    assert reply == help_text(world.settings)
    assert "CLAIM code" in reply
    assert text(world, team["cora"], "what's up?") == [SHORT_HELP]
    # Responders are people too: words of their own need are told how to reach the hotline,
    # and MENU starts their own conversation (the texter engine's, like anyone's).
    # A relapse told gets support (tests/test_responder_reports.py); other own needs the hint.
    assert text(world, team["cora"], "I relapsed and need help") == [OWN_RELAPSE]
    code = routed_case(world)
    assert text(world, team["cora"], "my son overdosed last night and i dont know what to do") == [
        f"Not a command I know. To take case {code}, reply CLAIM {code}; PASS {code} to pass. "
        f"HELP lists all. {FOR_YOURSELF}"
    ]
    for body in ["MENU", "menú", "inicio"]:
        assert text(world, team["cora"], body) is None


@pytest.mark.parametrize(
    "body",
    [
        "my son overdosed last night and i dont know what to do",
        "I relapsed and need help",
        "im dope sick",
        "I need detox",
        "my daughter is using again",
    ],
)
def test_words_of_a_responders_own_need(body):
    assert speaks_of_own_need(body)


@pytest.mark.parametrize(
    "body",
    [
        "her mom picked up, will call back",
        "she wants detox",
        "talked to his dad",
        "cant tonight",
        "omw",
        "what's up?",
        "ok",
        "1",
    ],
)
def test_words_about_the_work_are_no_own_need(body):
    assert not speaks_of_own_need(body)


def test_who_is_this_from_a_responder_is_answered_plainly(world, team):
    settings = world.settings
    for body in ["who is this", "Who's this?"]:
        (reply,) = text(world, team["cora"], body)
        assert reply.startswith(f"This is the {settings.program_name} team's case line:")
        assert "HELP lists the commands" in reply and f"call {settings.program_phone}" in reply
        assert (encoding(reply), segments(reply)) == ("GSM-7", 1)


def test_a_reply_in_words_suggests_the_command_and_does_nothing(world, team):
    """ "cant tonight" to an offer, "omw" about a claimed case, "tell her ill call": each is
    told the command that would do it (or that no message is passed); none passes, claims or
    marks anything, as a guess acted on could leave the person waiting on nobody."""
    code = routed_case(world)
    for body in ["cant tonight", "can't take it", "busy"]:
        assert text(world, team["cora"], body) == [
            f"Nothing passed yet. If you can't take case {code}, reply PASS {code} and it goes "
            "to someone else."
        ]
    with world.sessions() as session:
        (offer,) = session.scalars(
            select(Offer).where(Offer.case_id == case_by_code(world, code).id,
                                Offer.responder_id == team["cora"])
        ).all()  # fmt: skip
        assert offer.status == "open"
    text(world, team["cora"], f"CLAIM {code}")
    for body in ["on my way", "omw", "calling her now"]:
        assert text(world, team["cora"], body) == [
            f"Thanks. Case {code} is not marked contacted yet: when you reach them, text "
            f"CONTACTED {code}."
        ]
    (relay,) = text(world, team["cora"], "tell her ill call in 10 min")
    assert relay.startswith("We can't pass messages to the person from this line.")
    assert "came with your CLAIM" in relay
    case = case_by_code(world, code)
    assert (case.status, case.contacted_at) == ("claimed", None)
    assert text(world, team["cora"], "what's up?") == [SHORT_HELP]
    for body in ["stop sending me cases tonight", "take me off tonight"]:
        assert text(world, team["carl"], body) == [NO_OFFERS_TEXT]
    with world.sessions() as session:
        assert session.get_one(Responder, team["carl"]).available


def test_a_message_for_a_person_who_opted_out_is_told_call_only(world, team):
    """ "tell her ill call tomorrow" about a case whose person opted out of texts: never "text
    or call them yourself", as they opted out of texts."""
    from hotline.contacts import find_contact
    from routing.opt_outs import record_opt_out

    code = routed_case(world, contact_method="call")
    text(world, team["cora"], f"CLAIM {code}")
    with world.sessions.begin() as session:
        record_opt_out(session, find_contact(session, TEXTER), world.clock(), source="keyword")
    (relay,) = text(world, team["cora"], "tell her ill call tomorrow")
    assert relay.startswith("We can't pass messages to the person from this line.")
    assert "text or call" not in relay
    assert "opted out of texts" in relay and "call them yourself" in relay
    assert "do not text" in relay.lower()
    assert (encoding(relay), segments(relay)) == ("GSM-7", 1)


def test_a_message_with_cases_some_opted_out_names_the_call_only_one(world, team):
    from hotline.contacts import find_contact
    from routing.opt_outs import record_opt_out

    opted = routed_case(world)
    text(world, team["cora"], f"CLAIM {opted}")
    with world.sessions.begin() as session:
        record_opt_out(session, find_contact(session, TEXTER), world.clock(), source="keyword")
        other = add_case(session, now=world.clock(), contact=add_contact(session))
        other_id, other_code = other.id, other.code
    jobs.route_case(other_id)
    text(world, team["cora"], f"CLAIM {other_code}")
    (relay,) = text(world, team["cora"], "pls let her know im running late")
    assert "text or call them yourself" in relay
    assert f"Case {opted}: the person opted out of texts, so call only." in relay
    assert other_code not in relay
    assert encoding(relay) == "GSM-7"


@pytest.mark.parametrize("body", ["calling her now", "ill call him in 5", "gonna call them now"])
def test_calling_a_text_only_person_gets_a_reminder(world, team, body):
    """The person said calls do not work for them (``text_only``): a responder about to call
    is reminded, with the command that marks first contact."""
    code = routed_case(world, details={"name": "Sam", "text_only": True})
    text(world, team["cora"], f"CLAIM {code}")
    (reply,) = text(world, team["cora"], body)
    assert reply.startswith(f"Thanks. Case {code} is not marked contacted yet")
    assert f"Case {code} is text only: the person can't take calls, so text them." in reply
    assert (encoding(reply), segments(reply)) == ("GSM-7", 1)
    # Once first contact is made, the reminder still comes: calls still do not work for them.
    text(world, team["cora"], f"CONTACTED {code}")
    (later,) = text(world, team["cora"], body)
    assert later == f"Case {code} is text only: the person can't take calls, so text them."


def test_on_the_way_to_someone_who_takes_calls_gets_no_reminder(world, team):
    code = routed_case(world, details={"name": "Sam", "text_only": True})
    text(world, team["cora"], f"CLAIM {code}")
    (reply,) = text(world, team["cora"], "omw")  # a visit, not a call
    assert "text only" not in reply
    plain = routed_case(world)
    text(world, team["carl"], f"CLAIM {plain}")
    (reply,) = text(world, team["carl"], "calling her now")
    assert "text only" not in reply


def test_help_names_the_program_how_to_stop_rates_and_a_person(world, team):
    (reply,) = text(world, team["cora"], "INFO")
    assert reply.startswith(f"{world.settings.program_name} team commands:")
    assert f"call {world.settings.program_phone}" in reply
    assert "Text STOP to stop" in reply
    assert "Msg & data rates may apply." in reply
    assert "DETAILS code" in reply and "OFF TONIGHT" in reply
    assert (encoding(reply), segments(reply)) == ("GSM-7", 3)
    longer = replace(world.settings, program_name="Hampshire County Overdose Follow-Up Team HOPE")
    assert segments(help_text(longer)) == 3


@pytest.mark.parametrize(
    ("status", "sid", "told"),
    [
        ("canceled", None, False),
        ("failed", None, False),
        ("undelivered", None, False),
        ("queued", None, False),
        ("retrying", None, False),
        ("delivered", "SM1", True),
        ("queued", "SM1", True),
        ("sent", "SM1", True),
        ("sending", None, True),
    ],
)
def test_only_those_who_got_the_offer_are_told_it_was_taken(world, team, status, sid, told):
    """Carl still held his offer when Cora claimed the case, but its text never went out
    (canceled, failed, undelivered) or still waits in our outbox (queued or retrying, no
    sid): "Case … was taken by Cora" about a case he never heard of would only puzzle him,
    and the waiting text is canceled. Delivered, or with Twilio or on its way there (queued
    there, sent, sending), he is told."""
    from models import Message

    code = routed_case(world)
    case = case_by_code(world, code)
    with world.sessions.begin() as session:
        offer = session.scalar(
            select(Offer).where(Offer.case_id == case.id, Offer.responder_id == team["carl"])
        )
        message = session.get_one(Message, offer.message_id)
        message.status, message.sid = status, sid
        message_id = message.id
    text(world, team["cora"], f"CLAIM {code}")
    with world.sessions() as session:
        carl = session.get_one(Responder, team["carl"])
        assert len(texts_to(session, carl, "offer_taken")) == (1 if told else 0)
        waiting = status in ("queued", "retrying") and sid is None
        after = session.get_one(Message, message_id).status
        assert after == ("canceled" if waiting else status)


def test_claim_wins_and_gets_the_details_others_are_told(world, team):
    code = routed_case(world)
    # Cora and Carl both hold offers (Pat is an officer and the case is peers only).
    assert send_waiting_texts(world)
    world.clock.advance(minutes=4)
    replies = text(world, team["cora"], f"claim {code.lower()}!")
    first, second = replies
    assert first.startswith(f"Case {code} is yours. First contact by Wed Jun 5 at 12:00 PM.")
    assert f"Phone: {TEXTER}" in first
    assert "Name to use: Sam" in first
    assert "Prefers a text, best time: evenings" in first
    assert "Peers only: no police" in first
    assert ".." not in first and "12:00 PM. Phone:" in first
    assert f"text CONTACTED {code}" in second
    case = case_by_code(world, code)
    assert (case.status, case.claimed_by_id, case.escalation_token) == (
        "claimed",
        team["cora"],
        None,
    )
    with world.sessions() as session:
        carl = session.get_one(Responder, team["carl"])
        assert texts_to(session, carl, "offer_taken") == [
            f"Case {code} was taken by Cora. Thanks, nothing more to do."
        ]
        statuses = dict(
            session.execute(
                select(Offer.responder_id, Offer.status).where(Offer.case_id == case.id)
            ).all()
        )
        assert statuses == {team["cora"]: "claimed", team["carl"]: "taken"}
        assert "claimed" in events_of(session, case.id)
    # Too late, and claiming again.
    assert text(world, team["carl"], f"CLAIM {code}") == [f"Case {code} was already taken by Cora."]
    assert text(world, team["cora"], f"CLAIM {code}") == [f"Case {code} is already yours."]


@pytest.mark.parametrize(
    ("best_time", "in_offer"),
    [("evening", True), ("after 6, ask for Jo at the back door", False)],
)
def test_a_best_time_in_the_persons_own_words_goes_only_to_the_claimer(
    world, team, best_time, in_offer
):
    """Offers reach everyone matched before anyone claims: a chosen time rides along, the
    person's own words (kept in the encrypted details) only reach the one who claims."""
    code = routed_case(world, best_time=best_time)
    with world.sessions() as session:
        cora = session.get_one(Responder, team["cora"])
        (offer,) = texts_to(session, cora, "offer")
    assert (f"best time: {best_time}" in offer) is in_offer
    first, _ = text(world, team["cora"], f"CLAIM {code}")
    assert f"best time: {best_time}" in first
    case = case_by_code(world, code)
    assert (case.best_time == best_time) is in_offer


def test_claim_refusals(world, team):
    code = routed_case(world)
    # O is never in a case code (it reads as zero), so no case can be OOPS.
    assert "O" not in CODE_ALPHABET
    assert text(world, team["cora"], "CLAIM OOPS") == [
        "No case OOPS. Check the code, or text LIST for your cases and offers."
    ]
    # Hal is not on call and was never offered it.
    assert text(world, team["hal"], f"CLAIM {code}") == [
        f"Case {code} was not offered to you. Text LIST for your offers."
    ]
    # An officer may not claim a peers-only case, even one who is also a coach, and is told
    # why, as for one offered to them before it became peers only.
    assert text(world, team["pat"], f"CLAIM {code}") == [peers_only(code)]
    assert case_by_code(world, code).status == "offered"
    # A coordinator may claim what was never offered to them.
    assert text(world, team["dee"], f"CLAIM {code}")[0].startswith(f"Case {code} is yours.")
    assert text(world, team["dee"], f"CLOSE {code} duplicate") == [
        f"Case {code} closed (duplicate). Thank you."
    ]
    assert text(world, team["cora"], f"CLAIM {code}") == [f"Case {code} is already closed."]


def test_a_second_command_or_case_in_the_same_text_is_said_not_done(world, team):
    """Only the first command of a text is done; the responder is told, never left to think
    the rest was."""
    first = routed_case(world)
    world.clock.advance(minutes=1)
    second = routed_case(world)
    one_per_text = "Only the first command in a text is read: send each in a text of its own."
    reply = text(world, team["cora"], f"claim {first} and {second}")
    assert reply[0].startswith(f"Case {first} is yours.")
    assert reply[-1] == f"{one_per_text} For case {second}, text CLAIM {second}."
    assert case_by_code(world, second).status == "offered"
    reply = text(world, team["carl"], f"PASS {second} CLAIM {first}")
    assert reply == [f"Passed on case {second}. Thanks for letting us know.", one_per_text]
    reply = text(world, team["cora"], f"CLAIM {second} CONTACTED {second}")
    assert reply[-1] == one_per_text
    assert case_by_code(world, second).contacted_at is None
    # Words that are no command and no case are the responder's own.
    assert text(world, team["carl"], f"claim {first} thanks, calling now") == [
        f"Case {first} was already taken by Cora."
    ]
    # Never asked to claim what would be refused: a case taken by someone else is not named,
    # a peers-only case never offered to a police officer not even hinted at.
    assert text(world, team["carl"], f"CLAIM {first} and {second}")[-1] == one_per_text
    third = routed_case(world, peers_only=False)
    reply = text(world, team["pat"], f"CLAIM {third} and {second}")
    assert reply[0].startswith(f"Case {third} is yours.")
    assert len(reply) == 2 and second not in reply[1]


def test_bare_claim_with_zero_one_and_two_open_offers(world, team):
    assert text(world, team["cora"], "CLAIM") == [
        "You have no open offers. Text LIST to see your cases."
    ]
    first = routed_case(world)
    world.clock.advance(minutes=1)
    second = routed_case(world)
    reply = text(world, team["cora"], "claim")
    assert reply == [
        f"You have 2 open offers: {first}, {second}. Reply CLAIM and the code, e.g. CLAIM {first}."
    ]
    assert text(world, team["cora"], f"PASS {first}") == [
        f"Passed on case {first}. Thanks for letting us know."
    ]
    assert text(world, team["cora"], "Claim.")[0].startswith(f"Case {second} is yours.")
    assert text(world, team["carl"], "PASS") == [
        f"Passed on case {first}. Thanks for letting us know."
    ]


def test_bare_claim_after_an_offer_was_withdrawn_or_passed_means_that_case(world, team):
    """The shift ended (the offer withdrawn) or they passed, and the case is still open: CLAIM
    with its code takes it, and so does a bare CLAIM while it is the one such case of the
    last day. Two are named; after a day, none."""
    code = routed_case(world)
    with world.sessions.begin() as session:
        off_call.withdraw_open_offers(session, team["cora"], world.clock(), "system", "off_call")
    world.clock.advance(minutes=20)
    assert text(world, team["cora"], "CLAIM")[0].startswith(f"Case {code} is yours.")
    first = routed_case(world)
    world.clock.advance(minutes=1)
    second = routed_case(world)
    text(world, team["carl"], f"PASS {first}")
    text(world, team["carl"], f"PASS {second}")
    assert text(world, team["carl"], "claim") == [
        f"You have no open offers. Cases {first}, {second} are still open to claim. "
        f"Reply CLAIM and the code, e.g. CLAIM {first}."
    ]
    world.clock.advance(hours=25)
    assert text(world, team["carl"], "claim") == [
        "You have no open offers. Text LIST to see your cases."
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Pass, sorry", ("PASS", None, "sorry")),
        ("claim it", ("CLAIM", None, "it")),
        ("Take it pls", ("CLAIM", None, "it pls")),
        ("contacted, spoke with her", ("CONTACTED", None, "spoke with her")),
        # Something typed as a code (a digit, a code's length, or only a code's letters) is
        # still a code: a mistyped one is refused, never taken for another case.
        ("CLAIM M3O2", ("CLAIM", "M3O2", "")),
        ("claim kqm", ("CLAIM", "KQM", "")),
        ("PASS nope", ("PASS", "NOPE", "")),
        ("claim THAT guy", ("CLAIM", "THAT", "guy")),
    ],
)
def test_words_that_cannot_be_a_code_are_words(body, expected):
    assert parse(body) == expected


def test_a_command_with_words_but_no_code_means_the_only_offer(world, team):
    code = routed_case(world)
    assert text(world, team["cora"], "Pass, sorry") == [
        f"Passed on case {code}. Thanks for letting us know."
    ]
    assert text(world, team["carl"], "claim it")[0].startswith(f"Case {code} is yours.")


def test_pass_refusals_and_escalation_when_everyone_passed(world, team):
    code = routed_case(world)
    assert text(world, team["hal"], f"PASS {code}") == [f"You have no open offer for case {code}."]
    assert text(world, team["cora"], "PASS nope") == [
        "No case NOPE. Check the code, or text LIST for your cases and offers."
    ]
    token = case_by_code(world, code).escalation_token
    text(world, team["cora"], f"PASS {code}")
    assert case_by_code(world, code).escalation_token == token  # Carl still holds it
    text(world, team["carl"], f"PASS {code}")
    case = case_by_code(world, code)
    assert case.escalation_token != token
    assert case.next_escalation_at == world.clock()
    with world.sessions() as session:
        assert events_of(session, case.id)[-1] == "escalating_early"
    assert text(world, team["cora"], f"PASS {code}") == [f"You have no open offer for case {code}."]


def test_contacted(world, team):
    code = routed_case(world)
    assert text(world, team["cora"], "CONTACTED") == [
        "You have no claimed case waiting for first contact. Text LIST to see your cases."
    ]
    assert text(world, team["cora"], f"CONTACTED {code}") == [
        f"Case {code} is not claimed yet. Reply CLAIM {code} to take it."
    ]
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["carl"], f"contacted {code}") == [not_yours(code)]
    world.clock.advance(hours=3)
    reply = text(world, team["cora"], f"Contacted: {code}")
    assert reply[0].startswith(f"Case {code}: first contact recorded (within the response window).")
    case = case_by_code(world, code)
    assert (case.status, case.contacted_at) == ("contacted", world.clock())
    assert text(world, team["cora"], f"CONTACTED {code}") == [
        f"Case {code} is already marked contacted."
    ]


def test_the_words_after_contacted_are_kept_on_the_timeline(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    reply = text(world, team["cora"], f"Contacted {code} - spoke w/ him, wants detox info")
    assert reply[0].startswith(f"Case {code}: first contact recorded")
    with world.sessions() as session:
        event = session.scalar(select(CaseEvent).where(CaseEvent.kind == "contacted"))
        assert (event.actor, event.text) == ("Cora", "spoke w/ him, wants detox info")


@pytest.mark.parametrize(
    "said",
    [
        "no answer",
        "left a voicemail",
        "left vm, will try tmrw",
        "couldnt reach him",
        "not reached",
        "she didn\u2019t pick up, will try again in am",
    ],
)
def test_contacted_with_words_that_say_nobody_was_reached_does_not_stop_the_clock(
    world, team, said
):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], f"contacted {code} {said}") == [
        f"Case {code}: not marked contacted, as it sounds like you have not reached them yet. "
        f"Your words are saved as a note. Text CONTACTED {code} once you reach them."
    ]
    case = case_by_code(world, code)
    assert (case.status, case.contacted_at) == ("claimed", None)
    with world.sessions() as session:
        assert events_of(session, case.id)[-1] == "note"
    # Without a code, the one case waiting for first contact.
    assert text(world, team["cora"], "contacted, no answer again")[0].startswith(
        f"Case {code}: not marked contacted"
    )
    assert text(world, team["cora"], "Contacted, talked for 20 min, she wants a coach")[
        0
    ].startswith(f"Case {code}: first contact recorded")


def test_a_code_typed_in_pieces_finds_its_case(world, team):
    code = routed_case(world)
    pieces = f"{code[:3].lower()}-{code[3]}"
    assert text(world, team["cora"], f"claim {pieces}")[0].startswith(f"Case {code} is yours.")
    spaced = f"{code[:3]} {code[3]}"
    assert text(world, team["cora"], f"NOTE {spaced} left a voicemail") == [
        f"Note added to case {code}."
    ]


def test_bare_contacted_with_zero_one_and_two_cases_waiting_for_first_contact(world, team):
    first = routed_case(world)
    text(world, team["cora"], f"CLAIM {first}")
    # One claimed case: a bare CONTACTED means it, as a bare CLAIM means the one offer.
    assert text(world, team["cora"], "contacted")[0].startswith(
        f"Case {first}: first contact recorded (within the response window)."
    )
    assert case_by_code(world, first).status == "contacted"
    # The contacted case is not waiting any more; two claimed ones are, so it asks which.
    world.clock.advance(minutes=1)
    second = routed_case(world)
    world.clock.advance(minutes=1)
    third = routed_case(world)
    text(world, team["cora"], f"CLAIM {second}")
    text(world, team["cora"], f"CLAIM {third}")
    assert text(world, team["cora"], "CONTACTED") == [
        f"You have 2 cases waiting for first contact: {second}, {third}. "
        f"Reply CONTACTED and the code, e.g. CONTACTED {second}."
    ]
    assert case_by_code(world, second).status == "claimed"


def test_pass_on_a_case_you_hold_says_how_to_hand_it_back(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    reply = [
        f"Case {code} is yours, so PASS can't hand it back: RELEASE {code} does, with a reason "
        f"if you like. If it's done, CLOSE {code} and an outcome."
    ]
    assert text(world, team["cora"], f"PASS {code}") == reply
    assert segments(reply[0]) == 1
    text(world, team["cora"], f"CONTACTED {code}")
    # Once the person is reached, RELEASE would be refused too: it stays with them.
    assert text(world, team["cora"], f"PASS {code}") == [contacted_stays(code)]
    # Someone else's case: still no longer open for offers, and whose it is stays unsaid.
    assert text(world, team["carl"], f"PASS {code}") == [
        f"Case {code} is no longer open for offers."
    ]
    assert case_by_code(world, code).claimed_by_id == team["cora"]


def test_contacted_after_the_deadline_says_late(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    world.clock.advance(hours=30)
    assert "(late)" in text(world, team["cora"], f"CONTACTED {code}")[0]


def test_only_someone_whose_claim_could_win_is_told_to_claim(world, team):
    """An officer on a case that became peers only, or someone it was never offered to, learns
    nothing of it; a coach it was offered to is told how to take it."""
    code = routed_case(world, peers_only=False)
    with world.sessions.begin() as session:
        case = session.scalar(select(Case).where(Case.code == code))
        offered = set(session.scalars(select(Offer.responder_id).where(Offer.case_id == case.id)))
        case.peers_only = True
    assert {team["pat"], team["carl"]} <= offered and team["hal"] not in offered
    assert text(world, team["pat"], f"NOTE {code} hi") == [not_yours(code)]
    assert text(world, team["hal"], f"CONTACTED {code}") == [not_yours(code)]
    # Offered it before it became peers only, the officer is told why the claim is refused.
    assert "peer responders only" in text(world, team["pat"], f"CLAIM {code}")[0]
    assert text(world, team["carl"], f"NOTE {code} hi") == [
        f"Case {code} is not claimed yet. Reply CLAIM {code} to take it."
    ]


def test_note(world, team):
    code = routed_case(world)
    assert text(world, team["cora"], f"NOTE {code} hello") == [
        f"Case {code} is not claimed yet. Reply CLAIM {code} to take it."
    ]
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], f"NOTE {code}") == [
        f"Add the note after the code, e.g. NOTE {code} left a voicemail."
    ]
    assert text(world, team["cora"], f"note {code} called, left a voicemail") == [
        f"Note added to case {code}."
    ]
    assert text(world, team["carl"], f"NOTE {code} me too") == [not_yours(code)]
    assert text(world, team["dee"], f"NOTE {code} checked in with Cora") == [
        f"Note added to case {code}."
    ]
    with world.sessions() as session:
        notes = session.scalars(
            select(CaseEvent).where(CaseEvent.kind == "note").order_by(CaseEvent.id)
        ).all()
        assert [(n.actor, n.text) for n in notes] == [
            ("Cora", "called, left a voicemail"),
            ("Dee", "checked in with Cora"),
        ]


def test_close(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    text(world, team["cora"], f"CONTACTED {code}")
    assert text(world, team["carl"], f"CLOSE {code} declined") == [not_yours(code)]
    reply = text(world, team["cora"], f"CLOSE {code}")
    assert reply[0].startswith(f"How did case {code} end? Reply CLOSE {code} and an outcome.")
    # Words with no outcome in them are kept as a note, and the question asked again.
    assert text(world, team["cora"], f"CLOSE {code} whatever") == [
        reply[0] + " Your words are saved as a note."
    ]
    assert text(world, team["cora"], f"close {code} services, went to the clinic together") == [
        f"Case {code} closed (connected to services). Thank you."
    ]
    case = case_by_code(world, code)
    assert (case.status, case.outcome) == ("closed", "connected_to_services")
    with world.sessions() as session:
        closed = session.scalar(select(CaseEvent).where(CaseEvent.kind == "closed"))
        assert closed.text == "went to the clinic together"
    assert text(world, team["cora"], f"CLOSE {code} declined") == [
        f"Case {code} is already closed."
    ]


def contact_events(world, code: str) -> list[dict]:
    with world.sessions() as session:
        return [
            dict(e.data or {})
            for e in session.scalars(
                select(CaseEvent)
                .join(Case, Case.id == CaseEvent.case_id)
                .where(Case.code == code, CaseEvent.kind == "contacted")
            )
        ]


def not_reached_yet(code: str, outcome: str, by: str = "holder") -> str:
    """The answer to a CLOSE whose outcome says someone reached the person, on a case nobody
    marked contacted (``by``: its holder, someone else while it is held, or anyone while it
    is not)."""
    who = {
        "holder": f"If you reached them, text CONTACTED {code} first, then CLOSE {code} again.",
        "other": f"If someone reached them, its holder texts CONTACTED {code} first, or a "
        "coordinator marks it in the admin.",
        "unclaimed": "If someone reached them, mark it contacted in the admin first.",
    }[by]
    return (
        f"Case {code} is not marked contacted, so it was not closed as {outcome}. {who} "
        f"If no one reached them, CLOSE {code} unreachable."
    )


@pytest.mark.parametrize(
    ("word", "outcome"),
    [
        ("services", "connected to services"),
        ("plan", "safety plan"),
        ("naloxone", "naloxone provided"),
        ("family", "family supported"),
        ("declined", "declined"),
        ("referred", "referred elsewhere"),
    ],
)
def test_closing_as_reached_a_case_nobody_marked_contacted_is_refused(world, team, word, outcome):
    """An outcome that says someone spoke with the person, on a case whose person nobody
    recorded reaching, would count them reached (in time, maybe) on nobody's word: the
    responder marks the contact first, or closes it as what it was."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    world.clock.advance(hours=5)
    reply = text(world, team["cora"], f"CLOSE {code} {word}")
    assert reply == [not_reached_yet(code, outcome)]
    assert (encoding(reply[0]), segments(reply[0])) == ("GSM-7", 2)
    case = case_by_code(world, code)
    assert (case.status, case.outcome, case.contacted_at) == ("claimed", None, None)
    assert contact_events(world, code) == []


def test_a_try_that_reached_nobody_then_a_close_as_connected_is_refused(world, team):
    """The night reviewer's case: "no answer", then "connected"."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    (tried,) = text(world, team["cora"], f"CONTACTED {code} no answer")
    assert tried.startswith(f"Case {code}: not marked contacted")
    assert text(world, team["cora"], f"CLOSE {code} connected") == [
        not_reached_yet(code, "connected to services")
    ]
    assert case_by_code(world, code).status == "claimed"
    assert text(world, team["cora"], f"CLOSE {code} unreachable") == [
        f"Case {code} closed (unreachable). Thank you."
    ]
    case = case_by_code(world, code)
    assert (case.status, case.outcome, case.contacted_at) == ("closed", "unreachable", None)
    assert contact_events(world, code) == []


def test_contacted_then_closed_as_reached_closes(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    world.clock.advance(hours=5)
    text(world, team["cora"], f"CONTACTED {code}")
    assert text(world, team["cora"], f"CLOSE {code} plan") == [
        f"Case {code} closed (safety plan). Thank you."
    ]
    assert case_by_code(world, code).contacted_at == world.clock()


@pytest.mark.parametrize("claimed", [True, False])
def test_a_coordinator_closing_as_reached_a_case_nobody_marked_contacted_is_refused(
    world, team, claimed
):
    code = routed_case(world)
    if claimed:
        text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["dee"], f"CLOSE {code} services") == [
        not_reached_yet(code, "connected to services", "other" if claimed else "unclaimed")
    ]
    assert case_by_code(world, code).status == ("claimed" if claimed else "offered")


def test_staff_closing_as_reached_a_case_nobody_marked_contacted_counts_it_reached(world, team):
    """Staff close from the admin, whose confirm page says the close counts the person
    reached: the contact is counted at the close, the latest it can have been."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    world.clock.advance(hours=5)
    with world.sessions.begin() as session:
        case = session.scalar(select(Case).where(Case.code == code))
        assert close_case(session, case, Staff("lee@example.org"), "safety_plan", world.clock()).ok
    case = case_by_code(world, code)
    assert (case.status, case.contacted_at) == ("closed", world.clock())
    assert contact_events(world, code) == [{"at_close": True}]


@pytest.mark.parametrize("outcome", ["unreachable", "duplicate", "other"])
def test_closing_as_not_reached_leaves_the_person_not_reached(world, team, outcome):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    text(world, team["cora"], f"CLOSE {code} {outcome}")
    assert case_by_code(world, code).contacted_at is None
    assert contact_events(world, code) == []


def test_closing_after_contacted_keeps_the_first_contact(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    world.clock.advance(hours=2)
    text(world, team["cora"], f"CONTACTED {code}")
    contacted = world.clock()
    world.clock.advance(days=3)
    text(world, team["cora"], f"CLOSE {code} services")
    assert case_by_code(world, code).contacted_at == contacted
    assert [e.get("at_close") for e in contact_events(world, code)] == [None]


@pytest.mark.parametrize(
    "words", ["could not reach", "Couldn't reach them, 3 calls", "no answer x3", "not contacted"]
)
def test_close_with_could_not_reach_in_words_is_unreachable(world, team, words):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], f"CLOSE {code} {words}") == [
        f"Case {code} closed (unreachable). Thank you."
    ]
    with world.sessions() as session:
        closed = session.scalar(select(CaseEvent).where(CaseEvent.kind == "closed"))
        assert closed.text == words
    assert case_by_code(world, code).contacted_at is None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("didnt pick up x3, vm full", ("unreachable", "didnt pick up x3, vm full")),
        ("number disconnected", ("unreachable", "number disconnected")),
        ("declined, didn't answer about detox", ("declined", "didn't answer about detox")),
        (
            "services - she went to vm once first",
            ("connected_to_services", "- she went to vm once first"),
        ),
        # With no outcome said, all the words are the note: kept whatever comes of the CLOSE.
        ("talked for 20 min", (None, "talked for 20 min")),
    ],
)
def test_an_outcome_in_words(words, expected):
    """The outcome word first wins; without one, words that say nobody was reached are
    unreachable, all of them the note."""
    assert parse_outcome(words) == expected


def test_a_closed_case_takes_notes_only_from_its_holder_and_coordinators(world, team):
    code = routed_case(world, peers_only=True)
    text(world, team["cora"], f"CLAIM {code}")
    text(world, team["cora"], f"CLOSE {code} services")
    assert text(world, team["cora"], f"NOTE {code} dropped off supplies") == [
        f"Note added to case {code}."
    ]
    assert text(world, team["dee"], f"NOTE {code} followed up") == [f"Note added to case {code}."]
    # Never offered it, and an officer on a peers-only case: refused, and told nothing of it.
    assert text(world, team["pat"], f"NOTE {code} seen at the station") == [not_yours(code)]
    assert text(world, team["carl"], f"NOTE {code} me too") == [not_yours(code)]
    with world.sessions() as session:
        notes = session.scalars(
            select(CaseEvent.actor).where(CaseEvent.kind == "note").order_by(CaseEvent.id)
        ).all()
    assert notes == ["Cora", "Dee"]


def test_list(world, team):
    assert text(world, team["cora"], "LIST") == ["You have no open cases and no open offers."]
    mine = routed_case(world)
    offered = routed_case(world, town="Amherst")
    text(world, team["cora"], f"CLAIM {mine}")
    (reply,) = text(world, team["cora"], "list")
    assert reply == (
        "Your cases:\n"
        f"{mine} claimed, first contact by Wed Jun 5 at 12:00 PM\n"
        "Offered to you:\n"
        f"{offered} Amherst\n"
        "Reply CLAIM and the code to take one."
    )


def test_list_shows_a_coordinator_the_cases_waiting_to_be_claimed(world, team):
    """A coordinator told "Reply CLAIM" of a case handed back, who was offered nothing, found
    LIST empty: the cases they may claim are listed apart from their offers."""
    handed_back = routed_case(world, town="Ware")
    text(world, team["cora"], f"CLAIM {handed_back}")
    text(world, team["cora"], f"RELEASE {handed_back} called into work")
    with world.sessions() as session:
        dee = session.get_one(Responder, team["dee"])
        (told,) = texts_to(session, dee, "released")
        assert f"Reply CLAIM {handed_back} to take it." in told
    held = routed_case(world)
    text(world, team["carl"], f"CLAIM {held}")
    (reply,) = text(world, team["dee"], "LIST")
    assert reply == (
        f"Waiting to be claimed:\n{handed_back} Ware\nReply CLAIM and the code to take one."
    )
    # Not for anyone else: Cora sits this round out, and has no offer of it.
    assert text(world, team["cora"], "LIST") == ["You have no open cases and no open offers."]
    assert text(world, team["dee"], f"CLAIM {handed_back}")[0].startswith(
        f"Case {handed_back} is yours."
    )
    (reply,) = text(world, team["dee"], "LIST")
    assert reply.splitlines()[:2] == [
        "Your cases:",
        f"{handed_back} claimed, first contact by Wed Jun 5 at 12:00 PM",
    ]
    assert "Waiting to be claimed" not in reply


def test_a_coordinators_list_of_waiting_cases_stays_short(world, team):
    codes = [routed_case(world) for _ in range(12)]
    (reply,) = text(world, team["dee"], "LIST")
    lines = reply.splitlines()
    assert lines == [
        "Waiting to be claimed:",
        *(f"{code} Northampton" for code in codes[:10]),
        "and 2 more, in the admin",
        "Reply CLAIM and the code to take one.",
    ]
    assert segments(reply) <= 3


def test_list_names_a_coordinators_offer_once(world, team):
    code = routed_case(world)
    with world.sessions.begin() as session:
        case = session.scalar(select(Case).where(Case.code == code))
        session.add(
            Offer(
                case_id=case.id,
                responder_id=team["dee"],
                escalation_round=case.escalation_round,
                escalation_step=2,
                created_at=world.clock(),
            )
        )
    (reply,) = text(world, team["dee"], "LIST")
    assert reply == (f"Offered to you:\n{code} Northampton\nReply CLAIM and the code to take one.")


def test_list_shows_a_police_coordinator_no_peers_only_case(world, team):
    with world.sessions.begin() as session:
        chief = add_responder(session, "Chief", "coordinator", "police_officer").id
    routed_case(world, peers_only=True)
    open_to_all = routed_case(world, peers_only=False, town="Ware")
    (reply,) = text(world, chief, "LIST")
    assert reply == (
        f"Waiting to be claimed:\n{open_to_all} Ware\nReply CLAIM and the code to take one."
    )


def test_list_says_which_persons_opted_out_of_texts(world, team):
    opted_out = routed_case(world)
    with world.sessions.begin() as session:
        other = add_case(session, now=world.clock())  # someone else, who still takes texts
        other_id, other_code = other.id, other.code
    jobs.route_case(other_id)
    for code in (opted_out, other_code):
        text(world, team["cora"], f"CLAIM {code}")
    with world.sessions.begin() as session:
        session.get_one(Contact, case_by_code(world, opted_out).contact_id).opted_out_at = T0
    (reply,) = text(world, team["cora"], "LIST")
    due = "first contact by Wed Jun 5 at 12:00 PM"
    assert reply.splitlines()[1:] == [
        f"{opted_out} claimed, {due}, opted out of texts: do not text",
        f"{other_code} claimed, {due}",
    ]
    text(world, team["cora"], f"CONTACTED {opted_out}")
    (reply,) = text(world, team["cora"], "LIST")
    assert f"{opted_out} contacted, opted out of texts: do not text" in reply.splitlines()


def test_on_and_off(world, team):
    assert text(world, team["cora"], "OFF") == [
        "You're OFF: no new offers until you text ON. Cases you have claimed stay yours."
    ]
    with world.sessions() as session:
        assert session.get_one(Responder, team["cora"]).available is False
    code = routed_case(world)
    with world.sessions() as session:
        offered = set(session.scalars(select(Offer.responder_id)))
    assert team["cora"] not in offered and team["carl"] in offered
    assert text(world, team["cora"], "on")[0].startswith("You're ON")
    with world.sessions() as session:
        assert session.get_one(Responder, team["cora"]).available is True
    assert case_by_code(world, code).status == "offered"


def test_off_tells_a_coordinator_they_still_hear_of_what_no_one_else_can_take(world, team):
    """With no other coordinator to reach, the coordinator step texts one who is OFF (a case
    must reach someone): OFF must not promise them no offers."""
    (reply,) = text(world, team["dee"], "OFF")
    assert reply == (
        "You're OFF: no new offers until you text ON. Cases you have claimed stay yours. "
        "As a coordinator you still hear of cases when no other coordinator can be reached."
    )
    code = routed_case(world)
    world.clock.advance(minutes=10)
    text(world, team["cora"], f"PASS {code}")
    text(world, team["carl"], f"PASS {code}")
    jobs.escalate_case(case_by_code(world, code).id, case_by_code(world, code).escalation_token)
    with world.sessions() as session:
        assert texts_to(session, session.get_one(Responder, team["dee"]), "offer")


@pytest.mark.parametrize("body", ["Off.", "off for the night", "OFF call", "Off duty now pls"])
def test_off_in_so_many_words(world, team, body):
    assert text(world, team["cora"], body)[0].startswith("You're OFF")


@pytest.mark.parametrize("body", ["off to see him now", "on my way", "On it", "Off work at 5"])
def test_a_sentence_that_starts_with_on_or_off_changes_no_availability(world, team, body):
    """Taken for OFF, "off to see him" would silently stop every offer to them."""
    assert text(world, team["cora"], body) == [SHORT_HELP]
    with world.sessions() as session:
        assert session.get_one(Responder, team["cora"]).available is True


@pytest.mark.parametrize("method", ["text", "call"])
def test_claim_reply_when_the_person_opted_out_of_texts(world, team, method):
    """Someone who asked for texts and then texted STOP asked for no call either: the claimer
    hears both, once, never "call only" beside "prefers a text"."""
    code = routed_case(world, contact_method=method)
    with world.sessions.begin() as session:
        case = session.scalar(select(Case).where(Case.code == code))
        session.get_one(Contact, case.contact_id).opted_out_at = world.clock()
    first, second = text(world, team["cora"], f"CLAIM {code}")
    if method == "text":
        assert (
            f"Phone: {TEXTER}. Name to use: Sam. They asked for texts, then opted out: do not "
            "text them. They did not ask for calls, so call with care, best time: evenings. "
            "Peers only: no police."
        ) in first
    else:
        assert (
            f"Phone: {TEXTER} (call only, no texts). Name to use: Sam. Prefers a call, best "
            "time: evenings."
        ) in first
    assert "Prefers" not in second
    assert segments(first) <= 3


def test_claim_reply_for_a_family_member_says_how_they_are_connected_in_words(world, team):
    code = routed_case(world, kind="family", details={"name": "Sam", "relationship": "child"})
    first, _ = text(world, team["cora"], f"CLAIM {code}")
    assert "Family member: son or daughter of the one they care about." in first
    assert segments(first) <= 3


def test_claim_reply_for_a_number_that_takes_no_texts_says_call_only(world, team):
    """Twilio told us the number takes no texts (a landline): the claimer should call."""
    code = routed_case(world, contact_method="call")
    with world.sessions.begin() as session:
        case = session.scalar(select(Case).where(Case.code == code))
        session.get_one(Contact, case.contact_id).invalid_at = world.clock()
    first, _ = text(world, team["cora"], f"CLAIM {code}")
    assert f"Phone: {TEXTER} (call only, no texts)." in first


def test_claim_reply_for_a_partner_referral_without_consent_to_text(world, team):
    with world.sessions.begin() as session:
        case = add_case(
            session,
            now=world.clock(),
            contact=None,
            kind="partner",
            source="partner",
            needs=[],
            contact_method="call",
            details={
                "phone": "+14135550999",
                "consent_to_text": False,
                "referral_type": "post_overdose",
                # Up to 2,000 characters by the partner API, and health or legal details
                # among them: never by SMS, where the whole would pass Twilio's 1,600.
                "notes": "HIV+, on probation. " + "seen at ED overnight. " * 90,
            },
        )
        case.contact_id = None
        case_id, code = case.id, case.code
    jobs.route_case(case_id)
    first, second = text(world, team["cora"], f"CLAIM {code}")
    assert "Phone: +14135550999 (call only, no texts)" in first
    assert "partner referral (post-overdose)" in second
    assert f"When you reach them, text CONTACTED {code}. Can't follow up? RELEASE {code}." in second
    assert second.endswith(
        "The referrer left notes: read them on the case page in the admin, or ask a coordinator."
    )
    assert "HIV" not in first + second and "seen at ED" not in first + second
    assert all(encoding(part) == "GSM-7" and len(part) <= 1600 for part in (first, second))
    with world.sessions() as session:
        offer_text = texts_to(session, session.get_one(Responder, team["carl"]), "offer")[0]
        assert "0999" not in offer_text and "seen at ED" not in offer_text
        assert json.loads(session.get_one(Case, case_id).details)["phone"] == "+14135550999"


def test_claim_time_deadline_is_local_across_dst(world, team):
    world.clock.now = T0.replace(month=11, day=2, hour=15)  # Sat 11:00 EDT; Sun is EST
    code = routed_case(world)
    first = text(world, team["cora"], f"CLAIM {code}")[0]
    assert "First contact by Sun Nov 3 at 10:00 AM." in first
    assert world.clock.now + timedelta(hours=24) == case_by_code(world, code).due_at


def test_an_emergency_from_a_responder_gets_911_not_the_command_help(world, sessions):
    from hotline.contacts import get_or_create_contact
    from models import Responder, utcnow
    from routing.commands import handle_responder_text

    with sessions.begin() as session:
        contact = get_or_create_contact(session, "+14135550177", utcnow())
        session.add(Responder(name="Ren", contact_id=contact.id, roles=["recovery_coach"]))
        session.flush()
        assert handle_responder_text(session, contact, "he is not breathing", utcnow()) is None
        assert handle_responder_text(session, contact, "LIST", utcnow()) is not None


@pytest.mark.parametrize(
    ("command", "words", "reply"),
    [
        ("CLOSE", "unreachable - not responding", "Case {code} closed (unreachable). Thank you."),
        ("NOTE", "he wont respond, will try again tomorrow", "Note added to case {code}."),
        (
            "CLOSE",
            "naloxone, family will call 911 if needed",
            "Case {code} closed (naloxone provided). Thank you.",
        ),
    ],
)
def test_a_command_about_a_case_is_the_teams_whatever_words_follow_the_code(
    world, team, command, words, reply
):
    """A responder's report uses the words of an emergency; it is not one."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    if command == "CLOSE":
        text(world, team["cora"], f"CONTACTED {code}")
    assert text(world, team["cora"], f"{command} {code} {words}") == [reply.format(code=code)]


def test_an_emergency_after_a_command_word_with_no_case_code_still_gets_911(world, team):
    routed_case(world)
    for body in [
        "CLAIM THAT guy is not breathing",
        "note: he is not breathing",
        "pass, someone overdosed and is not breathing",
        "contacted him, he is not breathing",
    ]:
        assert text(world, team["cora"], body) is None


def released_reply(code: str) -> str:
    return (
        f"Case {code} is back with the team and being offered again. Thanks for saying so. "
        f"Please delete the person's number, or CLAIM {code} if you can take it after all."
    )


def test_release_hands_a_claimed_case_back_to_the_team(world, team):
    """Cora claimed a case and is called into work: RELEASE gives it back, her reason on the
    timeline, and it is offered again at once (not to her, never to Pat: peers only); its
    first-contact deadline is the person's and stays as it was."""
    code = routed_case(world)
    world.clock.advance(minutes=4)
    text(world, team["cora"], f"CLAIM {code}")
    due = case_by_code(world, code).due_at
    world.clock.advance(hours=2)
    reply = text(world, team["cora"], f"RELEASE {code} called into work")
    assert reply == [released_reply(code)]
    assert segments(reply[0]) == 1
    case = case_by_code(world, code)
    assert (case.status, case.claimed_by_id, case.due_at) == ("offered", None, due)
    assert case.next_escalation_at == world.clock() + timedelta(minutes=10)
    with world.sessions() as session:
        assert offered_names(session, case.id, case.escalation_round, 0) == ["Carl"]
        (released,) = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "released")
        ).all()
        assert released.actor == "Cora"
        assert released.data["reason"] == "handed_back"
        assert released.text == (
            "Cora handed it back: the case goes back to the team. Reason: called into work"
        )
        dee = session.get_one(Responder, team["dee"])
        assert texts_to(session, dee, "released") == [
            f"Case {code} was Cora's, who handed it back. It is being offered to the team "
            f"again. Reply CLAIM {code} to take it."
        ]
        assert texts_to(session, session.get_one(Responder, team["pat"]), "offer") == []
    first, _ = text(world, team["carl"], f"CLAIM {code}")
    assert first.startswith(f"Case {code} is yours. First contact by Wed Jun 5 at 12:00 PM.")
    with world.sessions() as session:
        cora = session.get_one(Responder, team["cora"])
        assert texts_to(session, cora, "offer_taken") == []  # she holds no offer to close


def test_who_released_a_case_may_claim_it_back_while_it_is_open(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    text(world, team["cora"], f"release {code}")
    send_waiting_texts(world)  # Carl's offer of the new round reaches him
    assert text(world, team["cora"], f"CLAIM {code}")[0].startswith(f"Case {code} is yours.")
    with world.sessions() as session:
        carl = session.get_one(Responder, team["carl"])
        assert texts_to(session, carl, "offer_taken")[-1] == (
            f"Case {code} was taken by Cora. Thanks, nothing more to do."
        )


def test_release_refusals(world, team):
    code = routed_case(world)
    # An offer is not hers yet: PASS says no to it.
    assert text(world, team["cora"], f"RELEASE {code}") == [
        f"Case {code} is not yours yet: PASS {code} if you can't take it."
    ]
    assert text(world, team["hal"], f"RELEASE {code}") == [not_yours(code)]
    assert text(world, team["cora"], "RELEASE") == [
        "Which case? Reply RELEASE and the case code, e.g. RELEASE K7QM called into work."
    ]
    assert text(world, team["cora"], "RELEASE OOPS") == [
        "No case OOPS. Check the code, or text LIST for your cases and offers."
    ]
    text(world, team["cora"], f"CLAIM {code}")
    # Someone else's case, a coordinator's too: whose it is stays unsaid.
    assert text(world, team["carl"], f"RELEASE {code}") == [not_yours(code)]
    assert text(world, team["dee"], f"RELEASE {code}") == [not_yours(code)]
    text(world, team["cora"], f"CONTACTED {code}")
    reply = text(world, team["cora"], f"RELEASE {code} going on leave")
    assert reply == [contacted_stays(code)]
    assert segments(reply[0]) == 1
    text(world, team["cora"], f"CLOSE {code} plan")
    assert text(world, team["cora"], f"RELEASE {code}") == [f"Case {code} is already closed."]
    case = case_by_code(world, code)
    assert (case.status, case.claimed_by_id) == ("closed", team["cora"])
    with world.sessions() as session:
        assert "released" not in events_of(session, case.id)


@pytest.mark.parametrize("body", ["unclaim {code}", "drop {code}", "hand back {code} sick kid"])
def test_release_in_other_words_with_the_case_code(world, team, body):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], body.format(code=code)) == [released_reply(code)]
    assert case_by_code(world, code).claimed_by_id is None


@pytest.mark.parametrize(
    "body",
    ["drop them off at the library", "Drop off at 5", "hand back the kit tomorrow", "give it back"],
)
def test_a_sentence_that_starts_like_release_hands_nothing_back(world, team, body):
    """ "Drop" and "hand back" are ordinary words: only with a case's code are they RELEASE."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], body) == [SHORT_HELP]
    assert case_by_code(world, code).claimed_by_id == team["cora"]


@pytest.mark.parametrize("body", ["drop", "Drop.", "DROP!"])
def test_release_in_other_words_alone_asks_which_case(world, team, body):
    """As RELEASE alone does: no case is handed back without its code."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], body) == text(world, team["cora"], "release")
    assert text(world, team["cora"], body) == [
        "Which case? Reply RELEASE and the case code, e.g. RELEASE K7QM called into work."
    ]
    assert case_by_code(world, code).claimed_by_id == team["cora"]


@pytest.mark.parametrize("word", ["clame", "cliam", "Calim", "claim.", "CLAIN"])
def test_a_mistyped_claim_before_a_cases_code_claims_it(world, team, word):
    code = routed_case(world)
    assert text(world, team["cora"], f"{word} {code.lower()}")[0].startswith(
        f"Case {code} is yours."
    )


@pytest.mark.parametrize("body", ["clame", "cliam it", "clam chowder tonight", "calm down"])
def test_a_mistyped_claim_without_a_cases_code_claims_nothing(world, team, body):
    code = routed_case(world)
    (reply,) = text(world, team["cora"], body)
    assert reply.startswith("Not a command I know.")
    assert case_by_code(world, code).claimed_by_id is None


@pytest.mark.parametrize("body", ["AYUDA", "lista", "Lista.", "reclamar {code}", "comandos"])
def test_spanish_command_words_get_the_command_list_in_english(world, team, body):
    """Responders' texts are in English: a Spanish command word is answered with the English
    commands, and does nothing ("reclamar K7QM" claims nothing)."""
    code = routed_case(world)
    assert text(world, team["cora"], body.format(code=code)) == [help_text(world.settings)]
    assert case_by_code(world, code).claimed_by_id is None


def test_a_spanish_command_word_from_someone_taken_off_the_roster_is_the_texter_engines(
    world, team
):
    with world.sessions.begin() as session:
        session.get_one(Responder, team["carl"]).active = False
    assert text(world, team["carl"], "ayuda") is None


def test_the_claim_reply_and_short_help_say_how_to_hand_a_case_back(world, team):
    code = routed_case(world)
    _, second = text(world, team["cora"], f"CLAIM {code}")
    assert second.endswith(
        f"When you reach them, text CONTACTED {code}. Can't follow up? RELEASE {code}."
    )
    assert segments(second) == 1
    assert "RELEASE code" in SHORT_HELP and segments(SHORT_HELP) == 1
    assert "RELEASE code" in help_text(world.settings)


def offer_reaction(code: str, verb: str = "Liked") -> str:
    """An iPhone's reaction to the offer of case ``code``, as it reaches us."""
    return (
        f"{verb} \u201cNew case {code}: self-referral, Amherst. Police OK. Reply CLAIM {code} "
        f"to take it, PASS {code} to pass.\u201d"
    )


def test_a_reaction_to_an_offer_still_open_says_how_to_take_it_and_takes_nothing(world, team):
    code = routed_case(world)
    world.clock.advance(minutes=1)
    other = routed_case(world)
    for verb in ("Liked", "Loved", "Emphasized"):
        assert text(world, team["cora"], offer_reaction(code, verb)) == [
            f"To take case {code}, reply CLAIM {code}; PASS {code} to pass."
        ]
    assert case_by_code(world, code).status == "offered"
    assert case_by_code(world, other).status == "offered"


@pytest.mark.parametrize(
    "quote",
    [
        "Case {code} was taken by Cora. Thank you for being there.",
        "Released case {code}: it is being offered again. Reply CLAIM {code} to take it.",
        "Passed on case {code}. Thanks for letting us know.",
        "You have no open cases and no open offers.",
        "Reply CLAIM {code} to take it",
    ],
)
def test_a_reaction_to_a_notice_or_a_reply_gets_no_answer(world, team, quote):
    code = routed_case(world)
    assert text(world, team["carl"], f"PASS {code}")
    reaction = "Loved \u201c" + quote.format(code=code) + "\u201d"
    assert text(world, team["carl"], reaction) == []  # no longer offered to Carl: nothing
    assert text(world, team["hal"], reaction) == []  # never offered to Hal: nothing
    assert case_by_code(world, code).status == "offered"
    assert text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], reaction) == []  # Cora's now: nothing, and no second claim
    assert text(world, team["cora"], "Liked \u201cCase " + code + " is yours.\u201d") == []


# 7. A case whose person was reached before it changed hands.


def reached_then_handed_on(world, team) -> str:
    """Pat (a police officer and coach) claims a case and reaches the person, who then asks
    for no police: the case goes back to the team, first contact made, and Cora claims it."""
    code = routed_case(world, peers_only=False)
    assert text(world, team["pat"], f"CLAIM {code}")[0].startswith(f"Case {code} is yours.")
    assert text(world, team["pat"], f"CONTACTED {code}")[0].startswith(f"Case {code}: first")
    world.clock.advance(hours=1)
    person_id = case_by_code(world, code).contact_id
    with world.sessions.begin() as session:
        assert refuse_police(session, session.get_one(Contact, person_id), world.clock())
    return code


def test_claiming_a_case_already_reached_says_when_not_by_when_and_offers_no_release(world, team):
    """Before, the claim said "First contact by..." and "Can't follow up? RELEASE", which
    RELEASE then refused as the case was marked contacted."""
    code = reached_then_handed_on(world, team)
    first, second = text(world, team["cora"], f"CLAIM {code}")
    assert first.startswith(f"Case {code} is yours. First contact made Tue Jun 4 at 12:00 PM.")
    assert "First contact by" not in first
    assert "RELEASE" not in second and "CONTACTED" not in second
    assert second.endswith(
        f"NOTE {code} adds what happened; CLOSE {code} and an outcome closes it. Can't follow "
        "up? Ask a coordinator to reassign it."
    )
    assert encoding(second) == "GSM-7"
    assert text(world, team["cora"], f"RELEASE {code}") == [contacted_stays(code)]


def test_details_and_list_of_a_case_already_reached_say_so(world, team):
    code = reached_then_handed_on(world, team)
    text(world, team["cora"], f"CLAIM {code}")
    first, second = text(world, team["cora"], f"DETAILS {code}")
    assert first.startswith(f"Case {code} is yours (details again). First contact made Tue Jun 4")
    assert "RELEASE" not in second and "Ask a coordinator to reassign it." in second
    (listed,) = text(world, team["cora"], "LIST")
    assert listed == f"Your cases:\n{code} contacted"


def test_an_officer_claiming_any_peers_only_case_is_told_it_is_peers_only_and_no_more(world, team):
    """Before, a peers-only case never offered to the officer was "No case": a code he may
    well know (a colleague's, or one he claimed before the person asked for no police), when
    for another case he was told why. Whether it is taken or closed is never said."""
    offered_first = routed_case(world, peers_only=False)
    never_offered = routed_case(world)
    taken = routed_case(world)
    text(world, team["cora"], f"CLAIM {taken}")
    closed = routed_case(world)
    text(world, team["dee"], f"CLAIM {closed}")
    text(world, team["dee"], f"CLOSE {closed} services")
    with world.sessions.begin() as session:
        case_by = session.scalar(select(Case).where(Case.code == offered_first))
        case_by.peers_only = True
    for code in (offered_first, never_offered, taken, closed):
        assert text(world, team["pat"], f"CLAIM {code}") == [peers_only(code)]
    assert case_by_code(world, never_offered).claimed_by_id is None


ACKNOWLEDGEMENTS = [
    "got it", "Got it!", "ok", "OK.", "okay", "k", "kk", "thanks", "thank you", "thx", "ty",
    "ok thanks", "got it, thanks", "\U0001f44d", "\U0001f44d\U0001f3fd", "sounds good", "will do",
    "roger", "copy", "10-4", "np", "cool", "gracias", "ok gracias", "entendido", "dale",
]  # fmt: skip


@pytest.mark.parametrize("body", ACKNOWLEDGEMENTS)
def test_an_acknowledgement_of_a_notice_gets_no_reply(world, team, body):
    """Before, "got it" to "Case Q8GF was taken by Drew. Thanks, nothing more to do." got "Not
    a command I know" and the command list."""
    code = routed_case(world)
    send_waiting_texts(world)  # the offers went out, so the others are told it was taken
    text(world, team["cora"], f"CLAIM {code}")
    with world.sessions() as session:
        (taken,) = texts_to(session, session.get_one(Responder, team["carl"]), "offer_taken")
    assert taken.endswith("nothing more to do.")
    assert text(world, team["carl"], body) == []
    assert text(world, team["cora"], body) == []  # holding a case, no offer open


def reached_but_not_marked(code: str, saved: bool) -> str:
    """The answer to a CLOSE whose words say the holder reached the person, with no outcome
    said, on a case nobody marked contacted."""
    return (
        f"Sounds like you reached them, but case {code} is not marked contacted. Text "
        f"CONTACTED {code} first, then CLOSE {code} and an outcome. {OUTCOME_HELP}"
        + (" Your words are saved as a note." if saved else "")
    )


@pytest.mark.parametrize(
    ("words", "saved"),
    [
        ("spoke with him, he is doing ok", True),
        ("talked to her for 20 min", True),
        ("reached", False),
        ("contacted", False),
        ("Spoke.", False),
        ("met", False),
    ],
)
def test_close_with_words_of_a_contact_on_a_case_not_marked_contacted_points_to_contacted(
    world, team, words, saved
):
    """Words saying the person was reached, on a case nobody marked contacted: CONTACTED
    first, then an outcome. A bare "reached" is no note worth keeping."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], f"CLOSE {code} {words}") == [
        reached_but_not_marked(code, saved)
    ]
    case = case_by_code(world, code)
    assert (case.status, case.contacted_at) == ("claimed", None)
    with world.sessions() as session:
        notes = session.scalars(
            select(CaseEvent.text).where(CaseEvent.case_id == case.id, CaseEvent.kind == "note")
        ).all()
    assert notes == ([words] if saved else [])


def test_close_with_words_of_a_contact_after_contacted_asks_only_the_outcome(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    text(world, team["cora"], f"CONTACTED {code}")
    (reply,) = text(world, team["cora"], f"CLOSE {code} spoke with him, he is doing ok")
    assert reply.startswith(f"How did case {code} end?")
    assert "CONTACTED" not in reply


@pytest.mark.parametrize("words", ["other - talked to him, all good", "other spoke with her"])
def test_closing_as_other_with_words_of_a_contact_not_marked_is_refused(world, team, words):
    """ "other" would close the case as not reached while its words say someone was: the
    contact is marked first, so the person counts as reached."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], f"CLOSE {code} {words}") == [not_reached_yet(code, "other")]
    case = case_by_code(world, code)
    assert (case.status, case.outcome) == ("claimed", None)
    text(world, team["cora"], f"CONTACTED {code}")
    assert text(world, team["cora"], f"CLOSE {code} {words}") == [
        f"Case {code} closed (other). Thank you."
    ]


def test_closing_as_other_without_words_of_a_contact_still_closes(world, team):
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["cora"], f"CLOSE {code} other - moved out of state") == [
        f"Case {code} closed (other). Thank you."
    ]


def test_close_with_words_of_a_contact_from_someone_else(world, team):
    """Someone who does not hold the case learns nothing of it; a coordinator is told the
    holder marks the contact first, and the words are kept."""
    code = routed_case(world)
    text(world, team["cora"], f"CLAIM {code}")
    assert text(world, team["carl"], f"CLOSE {code} talked to him") == [not_yours(code)]
    (reply,) = text(world, team["dee"], f"CLOSE {code} talked to him")
    assert reply.startswith(
        f"Sounds like they were reached, but case {code} is not marked contacted. Its holder "
        f"texts CONTACTED {code} first"
    )
    assert reply.endswith("Your words are saved as a note.")
    assert case_by_code(world, code).status == "claimed"
