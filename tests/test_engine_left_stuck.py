"""People left stuck or unanswered, as QA found them in the chat: distress after a request
only "noted", a naloxone search that would not let a person ask for support, the whole list
sent again and again, and condolences that assumed how someone died."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding, segments
from flows.types import Context, Effect, Outcome
from tests.test_engine_interrupts import DIRECTORY, FLOWS, NOW

SELF = ["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
FAMILY_ES = ["hola", "2", "1", "1", "amherst", "1", "2"]
NOTED = "Thanks, I've added that to your request for our team."
NEEDS_LIST = "1) Talk with a recovery coach or peer"


def converse(texts: Sequence[str], request_open: bool = True) -> list[Outcome]:
    """Each text in turn a minute apart; once a request was sent it is open, and nobody has
    claimed it yet."""
    state, outs, sent = None, [], False
    for i, text in enumerate(texts):
        ctx = Context(
            now=NOW + timedelta(minutes=i),
            places=DIRECTORY,
            request_open=request_open and sent,
            open_request=request_open and sent,
        )
        out = step(FLOWS, state, text, ctx)
        outs.append(out)
        state = out.state
        sent = sent or any(effect.kind == "create_case" for effect in out.effects)
    return outs


def notes(out: Outcome) -> list[Effect]:
    return [effect for effect in out.effects if effect.kind == "note_request"]


def said(out: Outcome) -> str:
    return "\n".join(out.replies)


# ----- 1. waiting, or not doing well, after a request ----------------------------------------


@pytest.mark.parametrize(
    "asked",
    ["yo nobody hit me up yet??", "no one reached out to me yet", "why hasnt anyone called me",
     "still havent heard from anyone"],
)  # fmt: skip
def test_asking_why_nobody_reached_them_says_where_the_request_stands(asked: str) -> None:
    out = converse([*SELF, asked])[-1]
    reply = said(out)
    assert NOTED not in reply
    assert "waiting for a team member" in reply and "within 24 hours" in reply
    assert "413-555-0100" in reply and "988" in reply
    assert notes(out) == []  # a question about the request alone: no news for the team


@pytest.mark.parametrize(
    "told",
    ["i really need to talk to someone today im not doing good", "im struggling",
     "im not doing good", "honestly im not ok", "having a really hard time rn"],
)  # fmt: skip
def test_distress_after_a_request_is_noted_and_gets_a_number_to_reach_now(told: str) -> None:
    out = converse([*SELF, told])[-1]
    reply = said(out)
    assert reply != NOTED
    assert "988" in reply and "413-555-0100" in reply and "added" in reply
    assert notes(out) == [Effect("note_request", {"text": told})]
    assert out.state["flow"] is None


def test_distress_in_spanish_is_answered_in_spanish() -> None:
    out = converse([*FAMILY_ES, "no estoy bien, necesito hablar con alguien"])[-1]
    assert "988" in said(out) and "solicitud" in said(out) and len(notes(out)) == 1


def test_an_everyday_update_after_a_request_is_still_only_noted() -> None:
    out = converse([*SELF, "also i moved, im in ware now"])[-1]
    assert out.replies == (NOTED,)


@pytest.mark.parametrize("name", ["request_when", "request_distress"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_texts_to_someone_waiting_are_plain_gsm_in_one_segment(name, language) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    filled = shipped.replace("{program_phone}", "413-555-0100")
    filled = filled.replace("{response_window}", "24 hours")
    filled = filled.replace("{request_due}", "by Wed 12:00 PM")
    assert "988" in filled
    assert (encoding(filled), segments(filled)) == ("GSM-7", 1), filled


# ----- 2. a naloxone search that asks for support instead ------------------------------------

NALOXONE_ASKED = "where can i get narcan"
STORY = "ok so basically i been using again since my mom passed and i dont know who to talk to"


@pytest.mark.parametrize("wants", [STORY, "actually i want help for myself"])
def test_asking_for_support_at_the_naloxone_place_question_leaves_the_search(wants) -> None:
    out = converse(["is this the narcan place", wants])[-1]
    assert out.state["flow"] == "self_referral"
    assert "I can't see where you are" not in said(out)
    assert "couldn't find that place" not in said(out)


def test_support_asked_after_a_failed_place_leaves_the_search_too() -> None:
    out = converse(["is this the narcan place", "xqzzy", "actually i want help for myself"])[-1]
    assert out.state["flow"] == "self_referral"
    assert "couldn't find that place" not in said(out)


def test_after_two_failed_places_the_search_offers_the_menu() -> None:
    first, second = converse(["is this the narcan place", "xqzzy", "2"])[1:]
    assert first.state["flow"] == "naloxone"
    assert second.state["flow"] == "menu"
    assert "1) Support for myself" in said(second) and "nextdistro.org" in said(second)


def test_a_menu_number_after_the_search_left_answers_the_menu() -> None:
    out = converse(["is this the narcan place", "xqzzy", "2", "1"])[-1]
    assert out.state["flow"] == "self_referral"


@pytest.mark.parametrize("first", ["is this the narcan place", NALOXONE_ASKED])
@pytest.mark.parametrize(
    "wants",
    ["no i want help for her not narcan", "not narcan, help for my son",
     "i dont need narcan i need help for my daughter",
     "no quiero narcan, quiero ayuda para mi hijo", "no necesito narcan, necesito ayuda para ella",
     "no quiero narcan quiero ayuda pa' ella", "no quiero narcan, ayuda pa él"],
)  # fmt: skip
def test_help_for_a_loved_one_not_naloxone_leaves_the_search_for_family_support(first, wants):
    out = converse([first, wants])[-1]
    assert out.state["flow"] == "family"
    assert "couldn't find that place" not in said(out)
    assert "no encontré ese lugar" not in said(out)


def test_help_for_themselves_not_naloxone_leaves_the_search_for_their_own_support() -> None:
    out = converse([NALOXONE_ASKED, "no i want help for myself not narcan"])[-1]
    assert out.state["flow"] == "self_referral"


@pytest.mark.parametrize(
    "more", ["its for my son", "narcan for my daughter", "my son is using", "for her"]
)
def test_naloxone_for_a_loved_one_at_the_place_question_stays_in_the_search(more: str) -> None:
    out = converse(["is this the narcan place", more])[-1]
    assert out.state["flow"] == "naloxone"


# A change of mind at the finder's question: a coach, a person, or just "wait no".
@pytest.mark.parametrize(
    "wants",
    ["no nvm i want a coach", "i need a recovery coach", "nvm i want a coach",
     "actually i want a recovery coach", "wait no, i need a coach"],
)  # fmt: skip
def test_a_coach_asked_at_the_place_question_leaves_the_search_for_their_own_support(wants):
    outs = converse(["narcan", wants, "amherst"])
    assert outs[1].state["flow"] == "self_referral"
    assert outs[1].state["vars"].get("needs") == ["coach"]
    assert "couldn't find that place" not in said(outs[1])
    assert "couldn't find that place" not in said(outs[2])


@pytest.mark.parametrize(
    "changed",
    ["wait no", "no wait", "oops no", "actually no", "wrong one", "espera no", "mejor no"],
)  # fmt: skip
def test_a_change_of_mind_at_the_place_question_leaves_the_search_for_the_menu(changed):
    outs = converse(["narcan", changed, "1"])
    assert "couldn't find that place" not in said(outs[1])
    assert "no encontré ese lugar" not in said(outs[1])
    assert outs[1].state["flow"] in ("menu", None)
    assert outs[2].state["flow"] == "self_referral"


@pytest.mark.parametrize("changed", ["no nvm", "never mind thanks", "nvm"])
def test_never_mind_at_the_place_question_drops_the_search(changed):
    out = converse(["narcan", changed])[-1]
    assert "stopped there" in said(out)
    assert out.state["flow"] is None


@pytest.mark.parametrize("wants", ["i want to talk to someone", "can i talk to a real person"])
def test_a_person_asked_for_at_the_place_question_is_answered_then_the_menu(wants):
    outs = converse(["narcan", wants, "1"])
    assert "413-555-0100" in said(outs[1])
    assert "1) Support for myself" in said(outs[1])
    assert "reply to our last question" not in said(outs[1])
    assert outs[2].state["flow"] == "self_referral"


def test_a_change_of_mind_inside_a_conversation_keeps_its_question() -> None:
    out = converse(["i need a recovery coach", "narcan", "wait no"])[-1]
    assert out.state["flow"] == "naloxone"  # the conversation waits on the search it asked


# ----- 3. the whole list again and again -----------------------------------------------------


def test_after_two_failed_tries_the_reprompt_is_short() -> None:
    outs = converse(["hi", "1", "hold up", "sorry my phone is dying", "ok", "im at my sisters rn"])
    first, second, third, fourth = outs[2:]
    assert NEEDS_LIST in said(first) and NEEDS_LIST in said(second)
    for out in (third, fourth):
        assert NEEDS_LIST not in said(out)
        assert "number from the list above" in said(out) and "MENU" in said(out)
        assert out.state["node"] == "needs"


def test_the_short_reprompt_is_plain_gsm_in_one_segment() -> None:
    for language in ("en", "es"):
        shipped = FLOWS["system"].strings["retry_short"][language]
        assert DEFAULT_STRINGS["retry_short"][language] == shipped
        filled = shipped.replace("{program_phone}", "413-555-0100")
        assert (encoding(filled), segments(filled)) == ("GSM-7", 1), filled


def test_a_town_said_alone_mid_flow_answers_the_town_question_later() -> None:
    out = converse(["hi", "1", "hold up", "belchertown", "1"])[-1]
    assert out.state["vars"]["town"] == "Belchertown"
    assert out.state["node"] == "contact"
    assert "What town" not in said(out)


def test_a_town_said_with_other_words_mid_flow_is_not_taken() -> None:
    out = converse(["hi", "1", "my sister lives near belchertown", "1"])[-1]
    assert out.state["node"] == "town"


# ----- 4. condolences that do not assume how someone died ------------------------------------


def test_a_death_told_without_a_cause_gets_grief_support_that_assumes_nothing() -> None:
    out = converse(["i been using again since my mom passed"])[-1]
    reply = said(out)
    assert "so sorry for your loss" in reply
    assert "people who lost someone to substance use" not in reply
    assert "If you lost someone to substance use" in reply


@pytest.mark.parametrize(
    "told", ["my son died of an overdose", "my husband passed away from fentanyl"]
)
def test_a_death_told_with_a_substance_cause_gets_grasp_as_before(told: str) -> None:
    reply = said(converse([told])[-1])
    assert "GRASP (grasphelp.org) has support groups for people who lost someone" in reply


def test_the_grief_text_that_assumes_nothing_is_plain_gsm() -> None:
    for language in ("en", "es"):
        shipped = FLOWS["system"].strings["grief_any_cause"][language]
        assert DEFAULT_STRINGS["grief_any_cause"][language] == shipped
        assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2, shipped


def test_the_short_grief_text_for_another_cause_is_plain_gsm() -> None:
    for language in ("en", "es"):
        shipped = FLOWS["system"].strings["grief_other_cause"][language]
        assert DEFAULT_STRINGS["grief_other_cause"][language] == shipped
        assert encoding(shipped) == "GSM-7" and segments(shipped) == 1, shipped


def test_the_text_before_the_menu_is_plain_gsm_and_offers_mail_order() -> None:
    for language in ("en", "es"):
        shipped = FLOWS["system"].strings["search_to_menu"][language]
        assert DEFAULT_STRINGS["search_to_menu"][language] == shipped
        assert "nextdistro.org" in shipped and "NARCAN" in shipped
        assert encoding(shipped) == "GSM-7" and segments(shipped) == 1, shipped


def test_both_failed_searches_are_counted_for_the_gaps_report() -> None:
    outs = converse(["is this the narcan place", "xqzzy", "2"])[1:]
    for out in outs:
        assert [e.kind for e in out.effects].count("log_search") == 1


def test_a_search_that_interrupted_a_conversation_keeps_it_waiting() -> None:
    out = converse(["hi", "1", "1", "where can i get narcan", "xqzzy", "qqqqz"])[-1]
    assert out.state["flow"] == "naloxone" and out.state["resume"]["flow"] == "self_referral"


def test_in_spanish_a_death_without_a_cause_assumes_nothing_either() -> None:
    reply = said(converse(["mi mama fallecio y volvi a usar"])[-1])
    assert "Si perdio a alguien por el uso de sustancias" in reply
    assert "para quienes perdieron a alguien" not in reply
