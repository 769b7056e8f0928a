"""Small readings QA found in the chat: punctuation or an emoji alone is no thanks and no
answer, names said inside a sentence, questions about a bot, a past overdose by weekday, a team
number with a nod, and thanks after a finished naloxone search."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from flows.engine import step
from flows.interrupts import detect
from flows.types import Context, Outcome
from tests.test_engine_interrupts import DIRECTORY, FLOWS, NOW

SELF_TO_BEST_TIME = ["hi", "1", "1", "amherst", "1"]
SELF = ["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
REQUEST_NOD = "You're welcome. If anything changes, text us here and we'll add it to your request."


def converse(texts: Sequence[str], request_open: bool = True) -> list[Outcome]:
    """Each text in turn a minute apart; a request, once sent, is open (``request_open``)."""
    state, outs, sent = None, [], False
    for i, text in enumerate(texts):
        ctx = Context(now=NOW + timedelta(minutes=i), places=DIRECTORY,
                      request_open=request_open and sent)  # fmt: skip
        out = step(FLOWS, state, text, ctx)
        outs.append(out)
        state = out.state
        sent = sent or any(effect.kind == "create_case" for effect in out.effects)
    return outs


NO_WORDS = ["😭😭", "?", "??", "...", "!?"]


@pytest.mark.parametrize("said", NO_WORDS)
def test_punctuation_or_an_emoji_alone_after_a_request_is_no_thanks(said: str) -> None:
    out = converse([*SELF, said])[-1]
    assert REQUEST_NOD not in out.replies
    assert out.replies  # the request is still open: it is said so, never silence


@pytest.mark.parametrize("said", NO_WORDS)
def test_punctuation_or_an_emoji_alone_is_no_best_time(said: str) -> None:
    """ "?" at "When is a good time?" was saved as "Any time"."""
    out = converse([*SELF_TO_BEST_TIME, said])[-1]
    assert out.state["node"] == "best_time"
    assert "best_time" not in out.state["vars"]
    assert "4) Any time" in out.replies[-1]  # asked again


@pytest.mark.parametrize("said", ["ok", "thanks", "👍"])
def test_a_nod_is_still_any_time(said: str) -> None:
    out = converse([*SELF_TO_BEST_TIME, said])[-1]
    assert out.state["vars"]["best_time"] == "any"


SELF_TO_CONTACT = ["hi", "1", "1", "amherst"]
SELF_TO_NAME = ["hi", "1", "1", "amherst", "1", "1", "1"]


@pytest.mark.parametrize(
    ("said", "name"),
    [("my name is mike btw", "mike"), ("btw my name is Mike", "Mike"),
     ("My name's Ana Ruiz.", "Ana Ruiz"), ("mi nombre es José", "José")],
)  # fmt: skip
def test_a_name_told_at_another_question_is_kept_for_the_name_question(said, name) -> None:
    """ "my name is mike btw" at "How should we reach you?" got the options again, and then
    the name was asked for as if never said."""
    outs = converse([*SELF_TO_CONTACT, said, "1", "1", "1"])
    told = outs[len(SELF_TO_CONTACT)]
    assert told.state["node"] == "contact" and "1) Text me" in told.replies[-1]
    last = outs[-1]
    assert last.state["node"] == "confirm"
    assert last.state["vars"]["name"] == name
    assert not any("What name should we use?" in r for r in last.replies)
    assert f"Name: {name}" in last.replies[-1]


def test_with_no_name_told_the_name_question_is_asked() -> None:
    out = converse([*SELF_TO_CONTACT, "um", "1", "1", "1"])[-1]
    assert out.state["node"] == "name" and "What name should we use?" in out.replies[-1]


@pytest.mark.parametrize(
    ("said", "name"),
    [("i told u already its mike", "mike"), ("I told you already, it's Mike", "Mike"),
     ("like i said its mike", "mike"), ("jay. or actually put danny", "danny"),
     ("Jay, actually make it Danny", "Danny"), ("jay no wait, danny", "danny"),
     ("mike btw", "mike"), ("its mike lol", "mike")],
)  # fmt: skip
def test_the_name_is_read_from_around_it(said: str, name: str) -> None:
    out = converse([*SELF_TO_NAME, said])[-1]
    assert out.state["vars"]["name"] == name
    assert f"Name: {name}" in out.replies[-1]


ABOUT_A_BOT = ["are u even a real person", "are you even real", "is this even a real person",
               "r u even a real person?", "are you a real person or a bot", "u a bot?"]  # fmt: skip
AT_THE_BOT = ["fuck this bot honestly", "fuck this stupid bot", "this bot sucks",
              "screw this bot bro", "this bot is trash"]  # fmt: skip
AUTOMATED = "Sorry, this line is automated."
NALOXONE_TOWN = ["hi", "3"]


@pytest.mark.parametrize("said", ["is this a bot", *ABOUT_A_BOT, *AT_THE_BOT])
def test_asking_about_the_bot_after_a_request_is_told_it_is_automated(said: str) -> None:
    """ "are u even a real person" and "fuck this bot honestly" were added to the request as
    notes for the team."""
    out = converse([*SELF, said])[-1]
    assert out.replies and out.replies[0].startswith(AUTOMATED)
    assert not [e for e in out.effects if e.kind == "note_request"]


@pytest.mark.parametrize("said", ["is this a bot", *ABOUT_A_BOT, *AT_THE_BOT])
def test_asking_about_the_bot_in_the_naloxone_search_is_no_place(said: str) -> None:
    out = converse([*NALOXONE_TOWN, said])[-1]
    assert out.replies[0].startswith(AUTOMATED)
    assert not any("find" in r and "place" in r for r in out.replies)


@pytest.mark.parametrize("said", ["is this real", "is this for real", "real talk i need help"])
def test_real_alone_is_no_question_about_a_bot(said: str) -> None:
    out = converse([*NALOXONE_TOWN, said])[-1]
    assert not out.replies[0].startswith(AUTOMATED)


PAST_BY_WEEKDAY = [
    "hey i need help i od'd saturday and my gf found me, i dont want to end up like that again",
    "i need help i od'd saturday", "i need help i od'd yesterday", "i overdosed on sat",
    "i od'd last friday", "i need help, i overdosed last fri", "i OD'd on Sat and want help",
]  # fmt: skip
NOW_OR_TODAY = ["i od'd today", "i need help i od'd today", "i od'd this morning", "i just od'd",
                "i need help i just od'd", "my friend od'd saturday and hes not breathing",
                "help he od'd sat and now hes blue"]  # fmt: skip


@pytest.mark.parametrize("said", PAST_BY_WEEKDAY)
def test_ones_own_overdose_told_on_a_day_before_is_no_emergency(said: str) -> None:
    """ "i need help i od'd saturday" got the emergency steps: the texter is the one who
    overdosed, on a day before today, and asks for help."""
    found = detect(said)
    assert found is None or found.kind != "emergency"


@pytest.mark.parametrize("said", NOW_OR_TODAY)
def test_an_overdose_today_or_with_signs_now_is_still_an_emergency(said: str) -> None:
    found = detect(said)
    assert found is not None and found.kind == "emergency"


@pytest.mark.parametrize("said", PAST_BY_WEEKDAY[:2])
def test_ones_own_overdose_before_today_is_offered_support_for_oneself(said: str) -> None:
    out = converse([said])[-1]
    assert out.state["flow"] == "self_referral"
    assert not any("call 911 now" in r for r in out.replies)


SELF_TO_TEAM = ["hi", "1", "1", "amherst", "1", "1"]


@pytest.mark.parametrize(
    ("said", "peers_only"),
    [("2 thats fine", False), ("2 ok", False), ("2, that's fine", False), ("2 sounds good", False),
     ("2 yes", False), ("2 is fine thanks", False), ("1 thats fine", True), ("1 ok", True)],
)  # fmt: skip
def test_a_number_with_agreeing_words_answers_the_team_question(said, peers_only) -> None:
    """ "2 thats fine" was asked again, though "2" answers."""
    out = converse([*SELF_TO_TEAM, said])[-1]
    assert out.state["vars"]["peers_only"] is peers_only
    assert out.state["node"] == "name"


@pytest.mark.parametrize("said", ["2 no police", "2 not ok", "2 but no cops", "2 thats not fine"])
def test_a_number_with_contradicting_words_is_never_consent_to_police(said: str) -> None:
    out = converse([*SELF_TO_TEAM, said])[-1]
    assert out.state["vars"].get("peers_only") is not False


@pytest.mark.parametrize("said", ["2 maybe", "2 or 1", "2 later"])
def test_a_number_with_other_words_is_asked_again(said: str) -> None:
    out = converse([*SELF_TO_TEAM, said])[-1]
    assert out.state["node"] == "team" and "peers_only" not in out.state["vars"]


def test_a_name_told_after_the_name_question_was_answered_is_not_kept() -> None:
    """At the summary, "my name is actually Jess" asks the name question again."""
    out = converse([*SELF[:-1], "2", "my name is actually Jess"])[-1]
    assert out.state["node"] == "name" and out.state["vars"].get("_name_told") is None


ENDED_NOD = "You're welcome. Text MENU any time."
SEARCHED = ["hi", "3", "amherst"]
WELCOME = "Reply STOP any time."


@pytest.mark.parametrize("said", ["thank u so much", "ok bet", "👍", "thanks!", "ok cool ty"])
def test_thanks_after_a_finished_search_is_a_short_welcome(said: str) -> None:
    """ "thank u so much" after a naloxone search got the whole welcome menu again."""
    out = converse([*SEARCHED, said])[-1]
    assert out.replies == (ENDED_NOD,)
    assert out.state["flow"] is None and out.effects == ()


def test_thanks_after_a_finished_search_in_spanish_is_in_spanish() -> None:
    out = converse(["hola", "3", "amherst", "gracias"])[-1]
    assert out.replies == ("De nada. Envie MENU cuando quiera.",)


def test_a_question_after_a_finished_search_gets_the_menu_without_the_welcome_again() -> None:
    outs = converse([*SEARCHED, "ok bet. what if the box is empty tho"])
    assert WELCOME in outs[0].replies[0]
    last = outs[-1]
    assert last.state["flow"] == "menu"
    assert not any(WELCOME in r for r in last.replies)
    assert "3) Find free naloxone (Narcan)" in last.replies[-1]


def test_a_search_as_the_first_text_then_a_question_gets_the_whole_welcome() -> None:
    """The welcome with its STOP line was never sent: it is now."""
    out = converse(["narcan amherst", "what if the box is empty"])[-1]
    assert any(WELCOME in r for r in out.replies)


def test_thanks_long_after_a_search_gets_the_welcome() -> None:
    state = None
    for i, text in enumerate([*SEARCHED, "thanks"]):
        later = timedelta(days=2) if text == "thanks" else timedelta(minutes=i)
        out = step(FLOWS, state, text, Context(now=NOW + later, places=DIRECTORY))
        state = out.state
    assert any(WELCOME in r for r in out.replies) and ENDED_NOD not in out.replies


@pytest.mark.parametrize("nod", ["thanks", "ok thank you"])
def test_thanks_after_a_closed_request_still_goes_on_as_usual(nod: str) -> None:
    out = converse([*SELF, nod], request_open=False)[-1]
    assert ENDED_NOD not in out.replies


@pytest.mark.parametrize("said", ["what if the box is empty", "is it really free?"])
def test_a_question_alone_after_a_finished_search_gets_the_menu_without_the_welcome(said) -> None:
    out = converse([*SEARCHED, said])[-1]
    assert out.replies and not any(WELCOME in r for r in out.replies)
