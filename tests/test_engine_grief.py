"""A death told at any point of family support, at the menu, or at the questions of support for
themselves, gets condolences and the grief branch; nobody bereaved is told their words are no
town or no number."""

from __future__ import annotations

import pytest

from flows.loss_told import tells_a_death
from tests.test_engine_paths import converse

SORRY = ("sorry for your loss", "Sentimos mucho")
TO_THE_TOWN = ["hi", "2", "1", "2"]  # a parent who asked for support for themselves
TO_THE_OFFER = [*TO_THE_TOWN, "skip"]


def _condoled(replies: tuple[str, ...]) -> bool:
    said = " ".join(replies)
    return any(words in said for words in SORRY)


@pytest.mark.parametrize(
    ("texts", "node"),
    [([*TO_THE_TOWN, "my son just died"], "town"),
     ([*TO_THE_TOWN, "my son died last month"], "town"),
     ([*TO_THE_TOWN, "mi hijo fallecio hace 3 meses"], "town"),
     ([*TO_THE_OFFER, "he passed last year"], "offer"),
     ([*TO_THE_OFFER, "my son died, why are you asking me this"], "offer"),
     ([*TO_THE_OFFER, "1", "my son is dead"], "best_time")],
)  # fmt: skip
def test_a_death_told_partway_gets_condolences_and_the_question_again(
    texts: list[str], node: str
) -> None:
    out = converse(texts)[-1]
    assert _condoled(out.replies)
    said = " ".join(out.replies)
    assert "couldn't find that place" not in said and "reply with a number" not in said
    assert (out.state["flow"], out.state["node"]) == ("family", node)
    assert "grief" in out.state["vars"]["needs"]
    assert "self" in out.state["vars"]["needs"]  # what they chose is kept


def test_a_death_told_with_the_answer_answers_it_too() -> None:
    out = converse([*TO_THE_TOWN, "my son died in amherst"])[-1]
    assert _condoled(out.replies)
    assert out.state["node"] == "offer"
    assert out.state["vars"]["town"] == "Amherst"


def test_condolences_are_said_once() -> None:
    outs = converse([*TO_THE_OFFER, "he passed last year", "he died, i told you"])
    assert _condoled(outs[-2].replies)
    assert not _condoled(outs[-1].replies)
    said = " ".join(outs[-1].replies)
    assert "We are so sorry" in said and "reply with a number" not in said
    assert outs[-1].state["node"] == "offer"


# What grief told at the first questions saves: the answer, and no words beside it.
GRIEF = {"needs": ["grief"], "needs_words": None}


@pytest.mark.parametrize(
    ("texts", "relationship"),
    [(["hi", "2", "my son passed away"], "parent"),
     (["hi", "2", "my husband died last year"], "partner"),
     (["hi", "2", "1", "he passed away in june"], "parent")],
)  # fmt: skip
def test_a_death_told_at_the_first_questions_is_grief_not_asked_again(
    texts: list[str], relationship: str
) -> None:
    out = converse(texts)[-1]
    assert _condoled(out.replies)
    assert out.state["node"] == "town"
    assert out.state["vars"] == {"relationship": relationship, **GRIEF}


def test_a_death_told_without_who_asks_only_who() -> None:
    outs = converse(["hi", "2", "she passed away last month", "5"])
    assert _condoled(outs[-2].replies)
    assert outs[-2].state["node"] == "relationship"
    assert "How are you connected" in outs[-2].replies[-1]
    assert outs[-1].state["node"] == "town"
    assert outs[-1].state["vars"] == {"relationship": "friend", **GRIEF}
    assert not _condoled(outs[-1].replies)  # said once


@pytest.mark.parametrize(
    ("first", "relationship"),
    [("my brother died of an overdose on thanksgiving last year and i cant stop thinking about "
      "it", "sibling"),
     ("its been 2 years since my brother passed from fentanyl and i cant stop crying", "sibling"),
     ("it's been a year since the overdose that killed my son", "parent"),
     ("i found my son dead this morning", "parent"),
     ("fentanyl killed my daughter", "parent")],
)  # fmt: skip
def test_grief_told_with_other_words_is_family_grief_support(first: str, relationship: str) -> None:
    for texts in ([first], ["hi", first]):
        out = converse(texts)[-1]
        assert (out.state["flow"], out.state["node"]) == ("family", "town")
        assert out.state["vars"] == {"relationship": relationship, **GRIEF}
        assert _condoled(out.replies)


LOSSES = ["se murio alguien cercano", "perdi a alguien cercano",
          "se me murio mi primo de una sobredosis", "someone close to me died",
          "my cousin died of an overdose"]  # fmt: skip


@pytest.mark.parametrize("told", LOSSES)
def test_a_death_told_at_the_first_question_of_support_for_themselves_is_the_grief_path(
    told: str,
) -> None:
    """ "hi", "1", "my cousin died of an overdose" was asked to reply with a number."""
    greeting = "hi" if "died" in told else "hola"
    out = converse([greeting, "1", told])[-1]
    first = converse([greeting, told])[-1]  # as the menu reads it
    said = " ".join(out.replies)
    assert _condoled(out.replies)
    assert "reply with a number" not in said and "responda con un numero" not in said
    assert "emergency" not in [e.kind for e in out.effects]
    assert (out.state["flow"], out.state["node"]) == (first.state["flow"], first.state["node"])
    assert out.state["flow"] == "family" and out.state["vars"] == first.state["vars"]


def test_a_death_told_for_themselves_without_who_asks_who_then_keeps_grief() -> None:
    outs = converse(["hi", "1", "someone close to me died", "5"])
    assert outs[-2].state["node"] == "relationship" and _condoled(outs[-2].replies)
    assert outs[-1].state["node"] == "town"
    assert outs[-1].state["vars"] == {"relationship": "friend", **GRIEF}


def test_a_death_told_later_in_support_for_themselves_is_condoled_and_the_question_waits() -> None:
    out = converse(["hi", "1", "1", "my cousin died of an overdose"])[-1]
    assert _condoled(out.replies)
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "town")
    assert "couldn't find" not in " ".join(out.replies)
    assert out.state["vars"]["needs"] == ["coach"]  # what they chose is kept


def test_a_bereaved_person_using_again_at_the_first_question_stays_a_self_referral() -> None:
    out = converse(["hi", "1", "my son died 6 months ago and i relapsed"])[-1]
    assert _condoled(out.replies) and out.state["flow"] == "self_referral"


def test_a_bereaved_person_who_relapsed_gets_condolences_then_a_self_referral() -> None:
    out = converse(["my son died 6 months ago and i relapsed"])[-1]
    assert out.state["flow"] == "self_referral"
    assert _condoled(out.replies)
    assert "sorry for your loss" in out.replies[0]


@pytest.mark.parametrize(
    ("first", "language"),
    [("my grandma died of old age last year, need help with my own drinking", "en"),
     ("my dad passed from cancer in may and i need help with my drinking", "en"),
     ("mi abuela murio de vejez el año pasado, necesito ayuda con mi forma de beber", "es")],
)  # fmt: skip
def test_a_death_of_another_cause_beside_an_ask_for_own_help_is_a_self_referral(
    first: str, language: str
) -> None:
    """Condolences kept short (no grief groups for a loss to substance use), then the texter's
    own request, not support for family."""
    out = converse([first])[-1]
    assert (out.state["flow"], out.state["language"]) == ("self_referral", language)
    assert _condoled(out.replies[:1])
    assert "GRASP" not in " ".join(out.replies)


def test_a_loss_to_an_overdose_beside_an_ask_for_own_help_still_names_grief_groups() -> None:
    out = converse(["my brother died of an overdose, i need help with my own drinking"])[-1]
    assert out.state["flow"] == "self_referral"
    assert "GRASP" in out.replies[0]


@pytest.mark.parametrize(
    "first", ["my son died last month from an overdose", "mi hijo murio de una sobredosis"]
)
def test_a_first_grief_text_gets_condolences_before_who_we_are(first: str) -> None:
    (out,) = converse([first])
    assert _condoled(out.replies[:1])
    said = " ".join(out.replies)
    assert "STOP" in said  # who we are and how to stop are still said
    assert "1) Support for myself" not in said and "1) Apoyo para" not in said
    assert said.count("sorry for your loss") + said.count("Sentimos mucho") == 1


@pytest.mark.parametrize("echo", ["2", "family", "familia"])
def test_the_menu_answered_again_after_the_flow_moved_on_is_taken_kindly(echo: str) -> None:
    out = converse(["my son died last month from an overdose", echo])[-1]
    said = " ".join(out.replies)
    assert "couldn't find that place" not in said and "No encontramos" not in said
    assert "right place" in said or "lugar correcto" in said
    assert out.state["node"] == "town"
    # Only right after: a later "2" is read as the question's answer, as ever.
    assert converse(["my son died last month from an overdose", "2", "2"])[-1].replies


@pytest.mark.parametrize(
    "answer", ["grandmother", "grandma", "grandpa", "grandparent", "im his grandmother",
               "abuela", "aunt", "uncle"]
)  # fmt: skip
def test_grandparents_aunts_and_uncles_are_not_asked_again(answer: str) -> None:
    out = converse(["hi", "2", answer])[-1]
    assert out.state["node"] == "needs"
    assert out.state["vars"]["relationship"] == "other"


@pytest.mark.parametrize(
    "text",
    ["my son died", "he passed last year", "she passed away", "mi hijo fallecio hace 3 meses",
     "i found my son dead this morning", "the overdose that killed my son", "lost my brother",
     "we buried my daughter last week", "his funeral was monday", "mi hermano murio",
     "i think about him every day since he died", "i lost my son to fentanyl",
     "lost him to an overdose last year", "we lost our daughter to an od",
     "i lost my son to an overdose, hes been gone 2 years",
     "my son died and his brother is still using", "someone close to me died",
     "i lost someone close to me", "someone i know died of an overdose",
     "someone close to me passed away from an overdose", "we lost a family member",
     "i lost someone", "perdi a alguien muy cercano"],
)  # fmt: skip
def test_a_death_told(text: str) -> None:
    assert tells_a_death(text)


@pytest.mark.parametrize(
    "text",
    ["he passed out", "my son almost died last night", "she nearly died from an od",
     "i passed my drug test", "my phone is dead", "i lost my job", "mi hijo casi murio",
     "im scared he will die", "overdose deaths in amherst", "i was scared to death",
     "amherst", "yes", "i died laughing", "perdi mi trabajo", "i think my son is dead",
     "hi sorry my battery died", "my phone died, i need detox", "he died laughing",
     "hes dead asleep", "he was dead drunk", "im dead broke", "i lost her number",
     "he passed on treatment", "his death metal band", "esta muerto de hambre",
     "perdi a mi celular", "mi celular se murio", "my car died on the highway",
     "i lost my son to his addiction, hes been on the streets for 2 years and wont talk to me",
     "i feel like i lost my son to addiction", "i lost him to the streets",
     "we lost our daughter to drugs years ago", "i lost my son to fentanyl, hes still using",
     "perdi a mi hijo por las drogas, vive en la calle", "he was close to me and almost died",
     "i lost someones number", "i lost someone close to me to addiction",
     "i think i almost died"],
)  # fmt: skip
def test_no_death_told(text: str) -> None:
    assert not tells_a_death(text)


@pytest.mark.parametrize(
    ("texts", "flow", "picked"),
    [(["hi sorry my battery died. i need help for myself"], "self_referral", None),
     (["hi", "2", "1", "2, my phone died earlier sorry"], "family", "self")],
)  # fmt: skip
def test_a_phone_that_died_is_no_death(texts: list[str], flow: str, picked: str | None) -> None:
    """No condolences, and the answer said with it is kept."""
    out = converse(texts)[-1]
    assert not _condoled(out.replies)
    assert out.state["flow"] == flow
    if picked:
        assert picked in out.state["vars"]["needs"]


@pytest.mark.parametrize(
    "text", ["hes dead wtf do i do", "i think my friend just died", "i just found my friend dead"]
)
def test_someone_just_found_dead_gets_the_steps_not_condolences(text: str) -> None:
    out = converse([*TO_THE_TOWN, text])[-1]
    assert "911" in out.replies[0]
    assert not _condoled(out.replies)


@pytest.mark.parametrize("text", ["my son died last week what do i do", "he passed last year"])
def test_a_death_told_with_a_past_day_stays_grief(text: str) -> None:
    out = converse([*TO_THE_TOWN, text])[-1]
    assert _condoled(out.replies)
    assert "Try to wake them" not in " ".join(out.replies)


# Missing someone said at a question of family support: a kind word, and the question again.
# "i just miss him so much" at the town question got "Sorry, I couldn't find that place".
MISSING = [
    "i just miss him so much", "i miss her", "I miss my son.", "missing him so much today",
    "i really miss them", "lo extraño mucho", "extraño a mi hijo", "la echo de menos",
]  # fmt: skip
KIND = ("Missing them is so hard", "Extranar a alguien es muy dificil", "We are so sorry")


@pytest.mark.parametrize("missing", MISSING)
@pytest.mark.parametrize(
    ("texts", "node"),
    [(TO_THE_TOWN, "town"), (TO_THE_OFFER, "offer"), ([*TO_THE_OFFER, "1"], "best_time")],
)
def test_missing_someone_gets_a_kind_word_and_the_question_again(
    missing: str, texts: list[str], node: str
) -> None:
    out = converse([*texts, missing])[-1]
    said = " ".join(out.replies)
    assert any(words in said for words in KIND), said
    assert "couldn't find that place" not in said and "reply with a number" not in said
    assert (out.state["flow"], out.state["node"]) == ("family", node)
    saved = {"town": "town", "offer": "wants_call", "best_time": "best_time"}[node]
    assert saved not in out.state["vars"]  # never taken as the answer
    assert not _condoled(out.replies)  # missing someone tells of no death


def test_after_a_death_told_missing_them_is_heard_as_grief() -> None:
    out = converse([*TO_THE_TOWN, "my son died last month", "i just miss him so much"])[-1]
    assert out.replies[0].startswith("We are so sorry. Take all the time you need")
    assert out.state["node"] == "town"


def test_missing_someone_with_the_answer_answers_it_too() -> None:
    out = converse([*TO_THE_TOWN, "i miss him so much, im in amherst"])[-1]
    assert any(words in out.replies[0] for words in KIND)
    assert out.state["node"] == "offer" and out.state["vars"]["town"] == "Amherst"


@pytest.mark.parametrize("text", ["i missed the call", "he missed his appointment", "miss"])
def test_a_missed_call_is_no_missing_someone(text: str) -> None:
    out = converse([*TO_THE_OFFER, "1", text])[-1]
    assert not any(words in " ".join(out.replies) for words in KIND)


def test_a_son_lost_to_his_addiction_but_alive_gets_family_support_not_condolences() -> None:
    """ "Lost to his addiction" with a sign he is alive is estrangement, not a death."""
    (out,) = converse(
        ["i lost my son to his addiction, hes been on the streets for 2 years and wont talk to me"]
    )
    assert not _condoled(out.replies)
    assert out.state["flow"] == "family"


# A death told in ordinary words, as a first text, after "hi", or at the family questions:
# "someone close to me died" got the menu, or "reply with a number".
ORDINARY_DEATHS = [
    "someone close to me died", "i lost someone close to me", "my friend passed last week",
    "lost my brother to an overdose", "my cousin passed away from fentanyl",
    "we buried my son yesterday", "someone i know died of an overdose",
    "se murio mi primo", "perdi a mi hermano por una sobredosis", "fallecio mi amiga",
]  # fmt: skip


@pytest.mark.parametrize("death", ORDINARY_DEATHS)
@pytest.mark.parametrize("before", [[], ["hi"], ["hi", "2"]])
def test_a_death_told_in_ordinary_words_gets_grief_support_not_the_steps(
    death: str, before: list[str]
) -> None:
    out = converse([*before, death])[-1]
    said = " ".join(out.replies)
    assert _condoled(out.replies), said
    assert said.count("sorry for your loss") + said.count("Sentimos mucho") == 1
    assert "Try to wake them" not in said and "call 911 now" not in said
    assert "reply with a number" not in said and "responda con un numero" not in said.lower()
    assert out.state["flow"] == "family"
    assert out.state["node"] in ("relationship", "town")


@pytest.mark.parametrize("death", ["someone close to me died", "i lost someone close to me"])
def test_a_death_told_without_whose_asks_how_they_are_connected(death: str) -> None:
    outs = converse([death, "5"])
    assert outs[0].state["node"] == "relationship"
    assert "How are you connected" in outs[0].replies[-1]
    assert outs[1].state["node"] == "town"
    assert outs[1].state["vars"] == {"relationship": "friend", **GRIEF}
