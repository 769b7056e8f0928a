"""What responders text about their cases in their own words: reports kept, never lost to the
naloxone finder or "Not a command I know"; an overdose told in a note gets the steps and the
coordinators; a responder's own crisis or relapse gets support; DETAILS resends a case's
details to its holder; typos and reasons after a command."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flows.script import load_shipped_flows, shipped_flow_text
from hotline.contacts import get_or_create_contact
from hotline.flow_editing import latest_version, publish, save_draft
from hotline.flow_store import install_shipped_flows
from models import Case, CaseEvent, Responder
from routing import jobs
from routing.claims import refuse_police
from routing.commands import parse, parse_outcome
from tests.routing_support import add_case, add_responder, person_texts, texts_to
from tests.routing_support import responder_text as text

TEXTER = "+14135550123"
CORA_PHONE = "+14135559101"


@pytest.fixture
def team(world):
    with world.sessions.begin() as session:
        people = {
            "cora": add_responder(session, "Cora", "recovery_coach", phone=CORA_PHONE),
            "pat": add_responder(session, "Pat", "police_officer", "recovery_coach"),
            "dee": add_responder(session, "Dee", "coordinator"),
        }
    return {name: r.id for name, r in people.items()}


def routed_case(world, phone: str = TEXTER, name: str = "Sam", **kw) -> str:
    with world.sessions.begin() as session:
        contact = get_or_create_contact(session, phone, world.clock())
        case = add_case(session, now=world.clock(), contact=contact, details={"name": name}, **kw)
        case_id, code = case.id, case.code
    jobs.route_case(case_id)
    return code


def claimed_case(world, team, who: str = "cora", **kw) -> str:
    code = routed_case(world, **kw)
    assert text(world, team[who], f"CLAIM {code}")[0].startswith(f"Case {code} is yours")
    return code


def timeline(world, code: str, kind: str = "note") -> list[CaseEvent]:
    with world.sessions() as session:
        case = session.scalar(select(Case).where(Case.code == code))
        return list(
            session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case.id, CaseEvent.kind == kind)
                .order_by(CaseEvent.id)
            )
        )


def to_dee(world, team, purpose: str) -> list[str]:
    with world.sessions() as session:
        return texts_to(session, session.get_one(Responder, team["dee"]), purpose)


# 1. A report that mentions narcan is no naloxone search.

REPORT = (
    "called her back, she picked up this time. son is willing to try detox, shes gonna need "
    "narcan too"
)


@pytest.mark.parametrize("body", [REPORT, "gave him a narcan kit", "shes gonna need narcan"])
def test_a_report_that_mentions_narcan_gets_the_note_hint(world, team, body):
    code = claimed_case(world, team)
    (reply,) = text(world, team["cora"], body)
    assert f"NOTE {code}" in reply


@pytest.mark.parametrize("body", ["narcan amherst", "where can i get narcan"])
def test_a_plain_search_for_naloxone_is_still_the_finders(world, team, body):
    claimed_case(world, team)
    assert text(world, team["cora"], body) is None


def test_a_responder_in_a_naloxone_search_gets_out_with_their_next_report(world, team):
    from hotline.flow_store import install_shipped_flows
    from hotline.places_store import load_places

    with world.sessions.begin() as session:
        install_shipped_flows(session, world.clock())
        load_places(session)
    code = claimed_case(world, team)
    assert "town" in " ".join(person_texts(world, CORA_PHONE, "where can i get narcan")).lower()
    replies = person_texts(world, CORA_PHONE, REPORT)
    assert any(f"NOTE {code}" in reply for reply in replies)
    assert not any("couldn't find" in reply for reply in replies)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("honestly i relapsed last night and i dont know who to tell", "800-327-5050"),
        ("whats the number for {code} again lost it", "Phone: "),
        ("info {code}", "Phone: "),
    ],
)
def test_a_responder_in_a_naloxone_search_is_heard_for_their_own_words_and_cases(
    world, team, body, said
):
    from hotline.flow_store import install_shipped_flows
    from hotline.places_store import load_places

    with world.sessions.begin() as session:
        install_shipped_flows(session, world.clock())
        load_places(session)
    code = claimed_case(world, team)
    person_texts(world, CORA_PHONE, "where can i get narcan")
    replies = person_texts(world, CORA_PHONE, body.format(code=code.lower()))
    assert any(said in reply for reply in replies)


# 2. An overdose told in a note.


def test_a_note_of_an_overdose_now_is_saved_with_the_steps_and_coordinators_told(world, team):
    code = claimed_case(world, team)
    replies = text(world, team["cora"], f"NOTE {code} at her place now shes blue and not breathing")
    assert replies[0] == f"Note added to case {code}."
    assert any("call 911" in reply for reply in replies[1:])
    assert any("naloxone" in reply.lower() for reply in replies[1:])
    # Nothing published here: the shipped words.
    shipped = load_shipped_flows()["system"].strings
    assert replies[1:] == [shipped["emergency_1"]["en"], shipped["emergency_3"]["en"]]
    assert [n.text for n in timeline(world, code)] == [
        "at her place now shes blue and not breathing"
    ]
    (told,) = to_dee(world, team, "overdose_told")
    assert code in told and "Cora" in told


def test_the_steps_for_an_overdose_told_are_the_published_system_flows(world, team):
    with world.sessions.begin() as session:
        install_shipped_flows(session, world.clock())
        body = (
            shipped_flow_text("system")
            .replace(
                "Give rescue breaths if the 911 dispatcher asks.", "Breathe for them if 911 asks."
            )
            .replace("Please stay with them:", "Stay with them if you can:")
        )
        base = latest_version(session, "system").version
        draft = save_draft(session, "system", body, base, "admin", now=world.clock())
        publish(session, "system", draft.version, "admin", now=world.clock())
    code = claimed_case(world, team)
    replies = text(world, team["cora"], f"CONTACTED {code} shes not breathing, calling 911 now")
    assert replies[0].startswith(f"Case {code}: first contact recorded")
    assert "Breathe for them if 911 asks." in replies[1]
    assert "Stay with them if you can:" in replies[2]
    assert "dispatcher" not in " ".join(replies)


def test_a_note_that_tells_of_narcan_given_is_no_emergency(world, team):
    code = claimed_case(world, team)
    assert text(world, team["cora"], f"NOTE {code} gave him narcan and a safety plan") == [
        f"Note added to case {code}."
    ]
    assert to_dee(world, team, "overdose_told") == []


# 3. A responder's own need.


def test_a_responders_crisis_gets_the_crisis_reply(world, team):
    assert text(world, team["cora"], "i want to kill myself") is None  # the engine's 988


@pytest.mark.parametrize(
    "body",
    ["honestly i relapsed last night and i dont know who to tell", "i used after 2 yrs clean"],
)
def test_a_responders_relapse_gets_a_kind_reply_with_support_lines(world, team, body):
    (reply,) = text(world, team["cora"], body)
    assert "Not a command" not in reply
    assert "988" in reply and "800-327-5050" in reply and "MENU" in reply
    assert "clean" not in reply.lower()


# 4. Free text about a case kept; CLOSE reads outcomes anywhere.


def test_free_text_naming_a_held_case_is_kept_as_a_note_with_the_contacted_hint(world, team):
    code = claimed_case(world, team)
    body = f"just talked to {code.lower()} lady, she overdosed last week and is scared to use alone"
    (reply,) = text(world, team["cora"], body)
    assert f"note on case {code}" in reply and f"CONTACTED {code}" in reply
    assert [n.text for n in timeline(world, code)] == [body]


def test_free_text_naming_a_held_cases_person_is_kept_as_a_note(world, team):
    code = claimed_case(world, team, name="Rosa")
    (reply,) = text(world, team["cora"], "texted rosa, she answered, meeting tmrw at 2")
    assert f"CONTACTED {code}" in reply
    assert [n.text for n in timeline(world, code)] == [
        "texted rosa, she answered, meeting tmrw at 2"
    ]
    (reply,) = text(world, team["cora"], "calling rosa now")
    assert f"note on case {code}" in reply
    assert len(timeline(world, code)) == 2


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        ("gave him narcan and a safety plan", "safety_plan"),
        ("hes not ready, declined for now but took narcan", "naloxone_provided"),
        ("he went to detox, gave mom info on learn to cope", "connected_to_services"),
        ("refused narcan, declined", "declined"),
        ("services - went to detox", "connected_to_services"),
    ],
)
def test_close_finds_the_outcome_anywhere_and_keeps_all_the_words(body, outcome):
    assert parse_outcome(body) == (
        outcome,
        body if not body.startswith("services") else "- went to detox",
    )


def test_close_with_outcome_words_inside_closes(world, team):
    code = claimed_case(world, team)
    text(world, team["cora"], f"CONTACTED {code}")
    assert text(world, team["cora"], f"CLOSE {code} - gave him narcan and a safety plan") == [
        f"Case {code} closed (safety plan). Thank you."
    ]
    (closed,) = timeline(world, code, "closed")
    assert closed.text == "gave him narcan and a safety plan"


def test_close_with_no_outcome_keeps_the_words_and_asks(world, team):
    code = claimed_case(world, team)
    (reply,) = text(world, team["cora"], f"CLOSE {code} moved out of state")
    assert reply.startswith(f"How did case {code} end?") and "saved as a note" in reply
    assert [n.text for n in timeline(world, code)] == ["moved out of state"]


# 5. A former holder's report.


def test_a_former_holders_report_is_kept_flagged_and_coordinators_told(world, team):
    code = routed_case(world, peers_only=False)
    assert text(world, team["pat"], f"CLAIM {code}")[0].startswith(f"Case {code} is yours")
    with world.sessions.begin() as session:
        refuse_police(session, get_or_create_contact(session, TEXTER, world.clock()), world.clock())
    for body in [
        f"contacted {code.lower()} i already texted him, hes fine with me coming",
        f"NOTE {code} he told me on the phone police is fine",
    ]:
        (reply,) = text(world, team["pat"], body)
        assert "saved" in reply and "coordinator" in reply and "CLAIM" not in reply
    notes = timeline(world, code)
    assert [n.data.get("former_holder") for n in notes] == [True, True]
    assert notes[1].text == "he told me on the phone police is fine"
    assert len(to_dee(world, team, "former_holder")) == 2
    with world.sessions() as session:
        case = session.scalar(select(Case).where(Case.code == code))
        assert case.claimed_by_id is None and case.contacted_at is None


# 6. DETAILS again.


@pytest.mark.parametrize(
    "body",
    ["DETAILS {code}", "info {lower}", "{code}", "whats the number for {code} again lost it"],
)
def test_the_holder_gets_the_details_again(world, team, body):
    code = claimed_case(world, team)
    replies = text(world, team["cora"], body.format(code=code, lower=code.lower()))
    assert replies and "Phone: +1413555" in replies[0] and code in replies[0]


@pytest.mark.parametrize("body", ["DETAILS", "details pls", "detail"])
def test_details_with_no_code_resends_the_one_case_held(world, team, body):
    """As CLAIM and CONTACTED with no code pick the only one, DETAILS does."""
    code = claimed_case(world, team)
    replies = text(world, team["cora"], body)
    assert replies[0].startswith(f"Case {code} is yours (details again).")
    assert "Phone: +1413555" in replies[0]


def test_details_with_no_code_and_several_cases_lists_their_codes(world, team):
    first = claimed_case(world, team)
    second = claimed_case(world, team, phone="+14135550124")
    (reply,) = text(world, team["cora"], "DETAILS")
    assert reply == (
        f"You have 2 cases: {first}, {second}. Reply DETAILS and the code, e.g. DETAILS {first}."
    )
    assert "Phone" not in reply


def test_details_with_no_code_and_no_case(world, team):
    (reply,) = text(world, team["cora"], "DETAILS")
    assert "Phone" not in reply and "LIST" in reply


def test_details_only_to_the_holder(world, team):
    code = claimed_case(world, team)
    (reply,) = text(world, team["pat"], f"DETAILS {code}")
    assert "Phone" not in reply and "not one of your cases" in reply


# 7. Typos.


def test_a_correction_before_a_command_is_read(world, team):
    first = routed_case(world)
    second = routed_case(world, phone="+14135550124")
    assert parse(f"oops meant claim {second.lower()}") == ("CLAIM", second, "")
    assert text(world, team["cora"], f"oops meant claim {second}")[0].startswith(
        f"Case {second} is yours"
    )
    assert first != second


def test_off_tonight_with_a_reason(world, team):
    (reply,) = text(world, team["cora"], "off tonight, kid is sick")
    assert reply.startswith("You're OFF until")
