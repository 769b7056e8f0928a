"""Asking where to get test strips or syringes gets the sites that have them (pure).

"narcan amherst" lists naloxone sites at once; "test strips amherst" and "where can i get
clean needles" asked for a site too, but got the menu and a referral to the team.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from flows.engine import step
from flows.interrupts import detect
from flows.places import Directory, SiteInfo
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.sms import MAX_BODY, encoding, segments
from flows.types import Context, Outcome
from tests.test_site_list import _directory, _site

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NY = ZoneInfo("America/New_York")
TUESDAY_2PM = datetime(2026, 11, 24, 14, 0, tzinfo=NY)
SITES = {site.name: site for site in DIRECTORY.sites}


def texts(messages: Sequence[str], places: Directory = DIRECTORY) -> list[Outcome]:
    """Send the messages one after another from a new number."""
    state, outcomes = None, []
    for message in messages:
        out = step(FLOWS, state, message, Context(now=TUESDAY_2PM, places=places))
        state = out.state
        outcomes.append(out)
    return outcomes


def said(outcomes: Sequence[Outcome]) -> str:
    return "\n".join(reply for out in outcomes for reply in out.replies)


def listed(text: str) -> list[SiteInfo]:
    """The sites a reply lists, by the name that starts each numbered line."""
    names = [line[3:].split(",")[0] for line in text.splitlines() if re.match(r"\d\) ", line)]
    return [SITES[name] for name in names]


def cases(outcomes: Sequence[Outcome]) -> list[dict]:
    return [dict(e.data) for o in outcomes for e in o.effects if e.kind == "create_case"]


# --- a supply and a place in one text --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "header", "flag"),
    [
        ("test strips amherst", "Free test strips near Amherst.", "test_strips"),
        ("fentanyl test strips in noho", "Free test strips near Northampton.", "test_strips"),
        ("do you have needles in northampton", "Free syringes near Northampton.",
         "syringe_services"),
        ("needles in northampton", "Free syringes near Northampton.", "syringe_services"),
        ("syringe exchange near 01060", "Free syringes near Northampton.", "syringe_services"),
        ("where can i get clean needles in easthampton", "Free syringes near Easthampton.",
         "syringe_services"),
        ("sharps ware", "Free syringes near Ware.", "syringe_services"),
    ],
)  # fmt: skip
def test_a_supply_and_a_place_lists_the_sites_that_have_it(
    text: str, header: str, flag: str
) -> None:
    outcomes = texts([text])
    (reply,) = outcomes[0].replies
    assert reply.splitlines()[0].startswith(header), reply
    sites = listed(reply)
    assert sites and all(getattr(site, flag) for site in sites), reply
    assert not cases(outcomes)
    assert (encoding(reply), segments(reply) <= 4) == ("GSM-7", True), reply
    assert "nextdistro.org" not in reply  # naloxone by mail belongs with naloxone, not here


def test_spanish_words_get_the_list_in_spanish() -> None:
    (out,) = texts(["jeringas en holyoke"])
    (reply,) = out.replies
    assert reply.startswith("Sitios con jeringas gratis cerca de Holyoke."), reply
    assert all(site.syringe_services for site in listed(reply))
    assert out.state["language"] == "es"
    assert encoding(reply) == "GSM-7"


def test_the_supply_searched_for_is_not_said_again_on_each_line() -> None:
    (reply,) = texts(["test strips amherst"])[0].replies
    lines = [line for line in reply.splitlines() if re.match(r"\d\) ", line)]
    assert all("test strips" not in line for line in lines), reply
    assert all(line.endswith("Also syringes") for line in lines), reply


@pytest.mark.parametrize("now_words", ["", " open now"])
def test_every_town_gets_a_short_plain_supply_list(now_words: str) -> None:
    for supply in ("test strips", "needles", "tiras de prueba"):
        for town in DIRECTORY.towns:
            (reply,) = texts([f"{supply} {town.name}{now_words}"])[0].replies
            assert len(reply) <= MAX_BODY
            assert (encoding(reply), segments(reply) <= 4) == ("GSM-7", True), (town, reply)
            assert listed(reply), (supply, town.name, reply)


# --- a where question without a place: the place is asked ------------------------------------


@pytest.mark.parametrize(
    ("text", "asked", "answer", "flag"),
    [
        ("where can i get fentanyl test strips", "test strips", "amherst", "test_strips"),
        ("where is the nearest syringe exchange", "syringes", "01060", "syringe_services"),
        ("where can i get clean needles", "syringes", "noho", "syringe_services"),
        ("syringe exchange", "syringes", "hadley", "syringe_services"),
        ("dónde consigo tiras de prueba", "tiras de prueba", "amherst", "test_strips"),
    ],
)  # fmt: skip
def test_a_where_question_asks_the_place_then_lists_that_supply(
    text: str, asked: str, answer: str, flag: str
) -> None:
    first, second = texts([text, answer])
    (question,) = first.replies
    assert asked in question and "?" in question, question
    assert "Support for myself" not in question and "Apoyo para mi" not in question
    assert encoding(question) == "GSM-7"
    sites = listed(second.replies[0])
    assert sites and all(getattr(site, flag) for site in sites), second.replies
    assert asked in second.replies[0].splitlines()[0].lower()
    assert not cases([first, second])


def test_at_the_menu_a_where_question_gets_the_finder() -> None:
    _, asked, found = texts(["hi", "where can i get test strips", "amherst"])
    assert "test strips" in asked.replies[0]
    assert found.replies[0].startswith("Free test strips near Amherst.")


def test_at_the_menu_a_supply_and_a_place_gets_the_list() -> None:
    _, out = texts(["hi", "needles amherst"])
    assert out.replies[0].startswith("Free syringes near Amherst.")


def test_mid_conversation_a_supply_and_a_place_lists_then_resumes() -> None:
    *_, out = texts(["hi", "2", "test strips amherst"])
    assert out.replies[0].startswith("Free test strips near Amherst.")
    assert "reply to our last question" in out.replies[-1]
    assert out.state["flow"] == "family"


def test_a_search_is_logged_with_what_was_searched_for() -> None:
    (out,) = texts(["test strips amherst"])
    (search,) = [dict(e.data) for e in out.effects if e.kind == "log_search"]
    assert search["supply"] == "test_strips" and search["town"] == "Amherst"
    assert search["results"] >= 1


# --- none near, or none at all ---------------------------------------------------------------


def test_none_near_says_so_and_lists_the_nearest_that_have_it() -> None:
    places = _directory(
        _site("Box"),  # naloxone only, at hand
        _site("Far away", lat=43.2, test_strips=True),  # about 100 km north
    )
    (reply,) = texts(["test strips ware"], places)[0].replies
    header, *lines = reply.splitlines()
    assert header.startswith("We have no site with test strips listed near Ware."), reply
    assert lines[0].startswith("1) Far away"), reply
    assert "Box" not in reply


def test_none_at_all_says_so_plainly() -> None:
    (reply,) = texts(["test strips ware"], _directory(_site("Box")))[0].replies
    assert reply.startswith("We don't have a site with test strips listed yet."), reply
    assert "nextdistro.org" not in reply


# --- what stays as it was ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "i need supplies",
        "harm reduction supplies",
        "i want to talk to someone about supplies",
        "test strips",
    ],
)
def test_supplies_without_a_place_or_a_where_are_a_self_referral(text: str) -> None:
    (out,) = texts([text])
    assert out.state["flow"] == "self_referral"
    assert not [e for e in out.effects if e.kind == "log_search"]


@pytest.mark.parametrize(
    "text", ["i found needles in my sons room", "my daughter uses needles", "no needles"]
)
def test_needles_told_of_are_no_search(text: str) -> None:
    (out,) = texts([text])
    assert not [e for e in out.effects if e.kind == "log_search"]
    assert "Free syringes" not in said([out])


@pytest.mark.parametrize(
    ("answer", "needs"),
    [("just narcan and strips i guess", ["supplies", "naloxone"]), ("strips", ["supplies"]),
     ("fent strips pls", ["supplies"]), ("narcan and tranq strips", ["supplies", "naloxone"])],
)  # fmt: skip
def test_strips_said_bare_are_asked_for_with_the_rest(answer: str, needs: list[str]) -> None:
    *_, out = texts(["hi", "1", answer])
    assert sorted(out.state["vars"]["needs"]) == sorted(needs)


def test_narcan_with_a_supply_is_still_a_naloxone_search() -> None:
    (reply,) = texts(["narcan and test strips amherst"])[0].replies
    assert reply.startswith("Free naloxone near Amherst.")
    assert "nextdistro.org" in reply  # naloxone results keep naloxone by mail


@pytest.mark.parametrize(
    "text",
    ["my son uses needles", "he shares needles", "i'm scared of needles", "he has needle marks",
     "i found needles in his room", "how do i use test strips", "she found a needle in the car",
     "my daughter keeps test strips in her bag", "they sell test strips", "mi hijo usa jeringas",
     "encontre agujas en su cuarto", "he uses needles and im worried"],
)  # fmt: skip
def test_a_supply_told_of_with_no_place_is_no_search(text: str) -> None:
    """Words left over around a supply are no place: only a place after "in", "near", "en"...
    or beside the supply alone, or in a where-question, is searched near."""
    found = detect(text)
    assert found is None or found.supply is None, found
    (out,) = texts([text])
    assert not [e for e in out.effects if e.kind == "log_search"]
    assert " near " not in said([out]), said([out])


@pytest.mark.parametrize(
    ("text", "place"),
    [("test strips amherst", "amherst"), ("amherst test strips", "amherst"),
     ("needles in northampton", "northampton"), ("jeringas en holyoke", "holyoke"),
     ("jeringas cerca de holyoke", "holyoke"), ("syringes around ware", "ware"),
     ("test strips by 01060", "01060"), ("needles south hadley open now", "south hadley"),
     ("northampton, need strips too", "northampton"),
     ("northampton need test strips", "northampton"),
     ("my son needs needles in northampton", "northampton"),
     # the place, then more words: a question, another wish
     ("fentanyl test strips 01060 and do they test for tranq too", "01060"),
     ("test strips amherst and are they free", "amherst"),
     ("needles in northampton and is it free", "northampton"),
     ("test strips south hadley but i dont have a car", "south hadley")],
)  # fmt: skip
def test_the_place_of_a_supply_search(text: str, place: str) -> None:
    found = detect(text)
    assert found is not None and found.supply is not None, found
    assert found.place_text == place


def test_a_place_followed_by_a_question_still_lists_the_sites() -> None:
    """ "fentanyl test strips 01060 and do they test for tranq too" got the menu, the supplies
    note and "What town?", though the ZIP was given."""
    (out,) = texts(["fentanyl test strips 01060 and do they test for tranq too"])
    (reply,) = out.replies
    assert reply.startswith("Free test strips near Northampton."), reply
    assert all(site.test_strips for site in listed(reply)), reply
    assert "What town" not in reply and not cases([out])


@pytest.mark.parametrize(
    "text", ["northampton, need strips too", "northampton need test strips", "noho needles"]
)
def test_a_town_with_a_supply_answers_the_town_question(text: str) -> None:
    """The self-referral asks the town: a text naming one is its answer, whatever else it
    asks for, and the conversation goes on from there."""
    *_, answered, after = texts(["hi", "1", "1", text, "1"])
    assert answered.state["vars"]["town"] == "Northampton", said([answered])
    assert answered.state["vars"]["needs"] == ["coach"]  # left as they were
    assert "How should we reach you?" in said([answered])
    assert after.state["vars"]["contact_method"] == "text", said([after])
    assert "couldn't find that place" not in said([answered, after])


def test_the_supplies_note_names_words_that_find_sites() -> None:
    """The self-referral's note says what to text for sites; texting it finds them."""
    note = next(r for r in texts(["i need supplies"])[0].replies if "Free test strips" in r)
    assert "STRIPS or NEEDLES" in note and "NARCAN and your town" not in note
    (reply,) = texts(["STRIPS Amherst"])[0].replies
    assert reply.startswith("Free test strips near Amherst.")
    (reply,) = texts(["TIRAS amherst"])[0].replies
    assert reply.startswith("Sitios con tiras de prueba gratis cerca de Amherst.")
    (reply,) = texts(["NEEDLES Amherst"])[0].replies
    assert reply.startswith("Free syringes near Amherst.")
    (reply,) = texts(["TEST STRIPS Amherst"])[0].replies
    assert reply.startswith("Free test strips near Amherst.")


@pytest.mark.parametrize(
    ("first", "answer", "words"),
    [("where can i get test strips", "northampton", ("STRIPS", "NEEDLES")),
     ("where can i get clean needles", "amherst", ("STRIPS", "NEEDLES")),
     ("dónde consigo tiras de prueba", "amherst", ("TIRAS", "JERINGAS"))],
)  # fmt: skip
def test_after_a_supply_search_the_closing_text_is_about_supplies(
    first: str, answer: str, words: tuple[str, ...]
) -> None:
    """Naloxone by mail and "Text NARCAN" belong to a naloxone search, not to one for strips."""
    _, found = texts([first, answer])
    closing = found.replies[-1]
    assert "nextdistro" not in closing and "NARCAN" not in closing, closing
    assert all(word in closing for word in words) and "MENU" in closing, closing
    assert encoding(closing) == "GSM-7"
    for word in words:  # the words it names search again
        (reply,) = texts([f"{word} Hadley"])[0].replies
        assert listed(reply), reply


def test_after_a_naloxone_search_the_closing_text_still_offers_mail_and_narcan() -> None:
    _, found = texts(["where can i get narcan", "northampton"])
    assert "nextdistro.org" in found.replies[-1] and "NARCAN" in found.replies[-1]
