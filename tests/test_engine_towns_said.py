"""A town the person already named ("i live in northampton") is not asked for again."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from flows.types import Outcome
from flows.validate import validate_flows
from tests.test_engine_paths import FLOWS, converse

SELF_TOWN_QUESTION = "What town do you live in"
FAMILY_TOWN_QUESTION = "What town are you in?"


def said(outcomes: Sequence[Outcome]) -> str:
    return "\n".join(r for o in outcomes for r in o.replies)


def cases(outcomes: Sequence[Outcome]) -> list[dict]:
    return [dict(e.data) for o in outcomes for e in o.effects if e.kind == "create_case"]


SELF_TO_THE_END = ["text", "morning", "peers only", "Sam", "yes"]


@pytest.mark.parametrize(
    ("first", "town"),
    [
        ("hi i need help getting into treatment, i live in northampton", "Northampton"),
        ("I relapsed and need detox. I'm in South Hadley", "South Hadley"),
        ("i need detox, im a student at umass", "Amherst"),
        ("necesito tratamiento, vivo en Ware", "Ware"),
    ],
)
def test_a_town_in_the_first_text_is_not_asked_for_again(first: str, town: str) -> None:
    outs = converse([first, *SELF_TO_THE_END])
    assert outs[0].state["node"] == "contact"
    assert "En qué pueblo" not in said(outs) and SELF_TOWN_QUESTION not in said(outs)
    summary = outs[-2].replies[-1]
    assert f"Town: {town}" in summary or f"Pueblo: {town}" in summary
    assert [c["town"] for c in cases(outs)] == [town]


@pytest.mark.parametrize(
    ("first", "town"),
    [("i need detox, i live in amherst but work in northampton", "Amherst"),
     ("necesito tratamiento, vivo en ware pero trabajo en noho", "Ware"),
     ("i need detox. im in ware, i work in amherst", "Ware"),
     ("i need detox, i work in amherst but im sleeping in ware", "Ware"),
     ("i need detox, i live and work in amherst", "Amherst")],
)  # fmt: skip
def test_the_town_where_the_person_lives_wins_over_where_they_work(first: str, town: str) -> None:
    """ "vivo en holyoke pero trabajo en noho" once gave Northampton, where the person works:
    a town said of work is not where they live, and leaves the other town to answer."""
    (out,) = converse([first])
    assert out.state["node"] == "contact"
    assert out.state["vars"]["town"] == town


@pytest.mark.parametrize(
    ("answer", "town"),
    [("vivo en holyoke pero trabajo en noho", "Holyoke"),
     ("i live in holyoke but work in northampton", "Holyoke"),
     ("im in ware, i work in amherst", "Ware"),
     ("i work in northampton but im staying in hadley", "Hadley"),
     ("i work in amherst", "Amherst")],
)  # fmt: skip
def test_the_town_question_takes_where_the_person_lives_not_where_they_work(
    answer: str, town: str
) -> None:
    outs = converse(["hi", "1", "1", answer])
    assert outs[-2].state["node"] == "town"
    assert outs[-1].state["node"] == "contact"
    assert outs[-1].state["vars"]["town"] == town


def test_a_family_members_town_is_not_asked_for_again() -> None:
    outs = converse(
        ["my son overdosed last week we're in amherst and i don't know what to do", "1"]
    )
    assert FAMILY_TOWN_QUESTION not in said(outs)
    assert outs[-1].state["node"] == "offer"
    outs = converse(
        ["my son overdosed last week we're in amherst and i don't know what to do", "1", "yes",
         "evening"]
    )  # fmt: skip
    assert [c["town"] for c in cases(outs)] == ["Amherst"]


def test_a_town_said_in_a_later_text_of_the_conversation_counts_too() -> None:
    outs = converse(["hi, i'm from belchertown", "1", "coach"])
    assert outs[-1].state["node"] == "contact"
    assert outs[-1].state["vars"]["town"] == "Belchertown"


@pytest.mark.parametrize(
    ("texts", "town"),
    [(["estoy usando y necesito ayuda, vivo en holyoke", "1"], "Holyoke"),
     (["i need detox, i live in springfield"], "Springfield"),
     (["i need detox, im in holyoke"], "Holyoke"),
     (["i need detox, i live in holyoke but work in northampton"], "Holyoke"),
     (["necesito tratamiento, vivo en holyoke pero trabajo en noho"], "Holyoke"),
     (["i need detox, i live in amherst, my sister is in holyoke"], "Amherst"),
     (["i need detox, i live in holyoke, work in springfield"], "Holyoke")],
)  # fmt: skip
def test_a_town_outside_the_county_said_as_where_they_live_is_not_asked_again(
    texts: list[str], town: str
) -> None:
    """ "estoy usando y necesito ayuda, vivo en holyoke", then "1", was asked the town again,
    where "vivo en northampton" was not: a town outside the county is kept as said."""
    out = converse(texts)[-1]
    assert out.state["node"] == "contact"
    assert out.state["vars"]["town"] == town


@pytest.mark.parametrize(
    "texts",
    [["i need detox, i live in holyoke or amherst"], ["i need detox, i used to live in holyoke"],
     ["my son is in springfield and using again", "1"], ["i need detox, im from holyoke"],
     ["i need detox, i live in amherst or springfield"]],
)  # fmt: skip
def test_a_town_outside_the_county_not_plainly_where_they_live_is_still_asked(texts) -> None:
    """ "im from holyoke" may be where they grew up; a county town said so is where they are,
    but a town outside the county is taken only with a word of living there."""
    out = converse(texts)[-1]
    assert out.state["node"] == "town"
    assert "town" not in out.state["vars"]


@pytest.mark.parametrize(
    "texts",
    [
        ["i need detox, i live in amherst or northampton"],  # two towns
        ["i need detox, i live up north"],  # "north" is no town
        ["i need detox, i live in northamton"],  # a typo: asked, not guessed
        ["help for my daughter florence, she relapsed", "1"],  # a name, not where
        ["i need detox, i live on amherst rd"],  # a street
        ["my son relapsed, he is at umass memorial", "1"],  # a hospital in Worcester
    ],
)
def test_a_town_not_named_plainly_is_still_asked(texts: list[str]) -> None:
    outs = converse(texts)
    assert outs[-1].state["node"] == "town"
    assert "town" not in outs[-1].state["vars"]


@pytest.mark.parametrize(
    "texts",
    [
        # where someone else is
        ["my daughter lives in amherst and shes using again", "1"],
        ["my son is in amherst and using again", "1"],
        ["my brother in amherst is using again", "1"],
        ["mi hijo vive en amherst y esta usando", "1"],
        # where the person was, or grew up
        ["i need detox, i used to live in northampton"],
        ["i grew up in belchertown and i need detox"],
        # a hospital, a court, a jail or a program there, not where they live
        ["i need detox. i just got out of cooley dickinson in northampton"],
        ["i have court in northampton tomorrow and need treatment"],
        ["i just got out of rehab in northampton and need treatment"],
        ["im in northampton jail and need treatment when i get out"],
        ["i'm in south hadley detox, need treatment after"],
    ],
)
def test_a_town_that_is_not_where_the_person_lives_is_still_asked(texts: list[str]) -> None:
    outs = converse(texts)
    assert outs[-1].state["node"] == "town"
    assert "town" not in outs[-1].state["vars"]


def test_two_texts_naming_two_towns_leave_the_question() -> None:
    outs = converse(["hi, i'm in hadley", "im staying in ware now", "1", "coach"])
    assert outs[-1].state["node"] == "town"


def test_a_new_conversation_forgets_the_town() -> None:
    outs = converse(["i need detox, i live in northampton", "menu", "1", "coach"])
    assert outs[-1].state["node"] == "town"


def test_changing_the_town_asks_the_town_question() -> None:
    outs = converse(
        ["i need detox, i live in northampton", *SELF_TO_THE_END[:-1], "change", "town"]
    )
    assert SELF_TOWN_QUESTION in outs[-1].replies[-1]
    outs = converse(
        ["i need detox, i live in northampton", *SELF_TO_THE_END[:-1], "change", "town", "ware"]
    )
    assert "Town: Ware" in outs[-1].replies[-1]


def test_going_back_from_the_next_question_asks_the_town() -> None:
    outs = converse(["i need detox, i live in northampton", "back"])
    assert SELF_TOWN_QUESTION in outs[-1].replies[-1]
    assert "town" not in outs[-1].state["vars"]


def test_the_shipped_town_questions_take_a_named_town_and_still_validate() -> None:
    assert FLOWS["self_referral"].states["town"].from_menu_answer
    assert FLOWS["family"].states["town"].from_menu_answer
    assert [p for p in validate_flows(FLOWS) if p.severity == "error"] == []


def test_the_naloxone_finder_always_asks_where() -> None:
    """A search is for where the person is now, which an earlier text need not say."""
    from flows.script import ScriptError, load_flow, shipped_flow_text

    text = shipped_flow_text("naloxone").replace(
        "    lookup: naloxone\n", "    lookup: naloxone\n    from_menu_answer: true\n", 1
    )
    with pytest.raises(ScriptError) as info:
        load_flow(text)
    assert info.value.path.endswith(".from_menu_answer")


def test_words_beside_a_refusal_of_police_name_the_town_too() -> None:
    (out,) = converse(["no police. i need detox, i live in ware"])
    assert out.state["node"] == "contact"
    assert out.state["vars"]["town"] == "Ware"


def test_the_towns_heard_are_forgotten_when_the_conversation_ends() -> None:
    outs = converse(["hi, i'm in hadley", "im staying in ware now", "1", "coach", "skip",
                     *SELF_TO_THE_END])  # fmt: skip
    assert cases(outs) and outs[-1].state["flow"] is None
    assert outs[-1].state["towns_said"] == {}


@pytest.mark.parametrize(
    ("first", "answer", "town"),
    [("hi", "hes been gone for hours, at work. i'm in ware", "Ware"),
     ("hi", "at work rn, im in ware", "Ware"),
     ("hola", "estoy en el trabajo, vivo en ware", "Ware")],
)  # fmt: skip
def test_a_town_said_after_other_words_of_work_is_where_the_person_is(
    first: str, answer: str, town: str
) -> None:
    """ "...at work. i'm in ware" got "Sorry, I couldn't find that place. Did you mean Ware?":
    the "i'm in" between the work and the town was dropped, so Ware read as the town of work."""
    out = converse([first, "1", "1", answer])[-1]
    assert out.state["node"] == "contact"
    assert out.state["vars"]["town"] == town


@pytest.mark.parametrize(
    ("first", "answer", "summary"),
    [("hi", "im homeless, staying around holyoke", "Town: Holyoke"),
     ("hi", "im staying in holyoke", "Town: Holyoke"),
     ("hola", "no tengo casa, me estoy quedando en holyoke", "Pueblo: Holyoke")],
)  # fmt: skip
def test_a_town_outside_the_county_said_in_a_sentence_is_kept(
    first: str, answer: str, summary: str
) -> None:
    """ "im homeless, staying around holyoke" gave "Town: not given" silently: a town outside
    the county is kept, as "Holyoke" alone is, and the summary shows it."""
    outs = converse([first, "1", "1", answer, "1", "1", "1", "Sam"])
    assert outs[3].state["node"] == "contact"
    assert outs[-1].state["node"] == "confirm"
    assert summary in outs[-1].replies[0]


def test_a_town_said_of_work_after_other_words_is_not_where_the_person_is() -> None:
    out = converse(["hi", "1", "1", "hes at work in ware"])[-1]
    assert out.state["node"] == "town" and "town" not in out.state["vars"]


@pytest.mark.parametrize(
    "first",
    ["i need detox, i live in ware ny", "i need detox, i live in granby connecticut",
     "i need detox, im in pelham nh"],
)  # fmt: skip
def test_a_county_towns_name_in_another_state_is_not_taken_as_the_town(first: str) -> None:
    """ "granby ct" was stored as Granby, Massachusetts: a name of ours with another state
    after it is that state's town, so the question is still asked."""
    out = converse([first])[-1]
    assert out.state["node"] == "town"
    assert "town" not in out.state["vars"]


def test_a_town_of_another_state_answering_the_town_question_is_kept_as_said() -> None:
    out = converse(["hi", "1", "1", "granby ct"])[-1]
    assert out.state["node"] == "contact"
    assert out.state["vars"]["town"] == "Granby, CT"
