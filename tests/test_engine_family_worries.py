"""What worries a family member says in so many words is answered kindly before the question
or the menu: blaming themselves, wanting a loved one made to go to treatment, what naloxone
found in their things means."""

from __future__ import annotations

import pytest

from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding, segments
from flows.types import Outcome
from tests.test_engine_paths import FLOWS, converse

NOT_YOUR_FAULT = ("It's not your fault", "No es su culpa")
SORRY = ("sorry for your loss", "Sentimos mucho")


def _said(out: Outcome) -> str:
    return " ".join(out.replies)


def _index(out: Outcome, words: tuple[str, ...]) -> int:
    return next(i for i, r in enumerate(out.replies) if any(w in r for w in words))


# ----- blaming themselves -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "node"),
    [(["hi", "2", "1", "why do they keep relapsing? is it my fault?"], "needs"),
     (["hi", "2", "is it my fault he uses?"], "relationship"),
     (["hola", "2", "1", "es mi culpa que mi hijo use drogas?"], "needs")],
)  # fmt: skip
def test_blaming_themselves_partway_is_told_its_not_their_fault_and_asked_again(
    texts: list[str], node: str
) -> None:
    out = converse(texts)[-1]
    said = _said(out)
    assert any(words in out.replies[0] for words in NOT_YOUR_FAULT), said
    assert "reply with a number" not in said and "responda con un numero" not in said
    assert (out.state["flow"], out.state["node"]) == ("family", node)
    assert "needs" not in out.state["vars"]  # never taken as an answer


@pytest.mark.parametrize(
    "first",
    ["my son died of an overdose. its my fault, i should have seen it",
     "mi hijo murio por sobredosis, fue mi culpa"],
)  # fmt: skip
def test_a_death_told_with_self_blame_gets_condolences_then_not_your_fault(first: str) -> None:
    (out,) = converse([first])
    assert _index(out, SORRY) < _index(out, NOT_YOUR_FAULT)
    assert out.state["node"] == "town"


@pytest.mark.parametrize(
    ("first", "why"),
    [("my son died of an overdose", "family support specialist near you"),
     ("mi hijo murio por sobredosis", "especialista en apoyo familiar")],
)  # fmt: skip
def test_the_town_question_after_a_loss_says_why_it_is_asked(first: str, why: str) -> None:
    (out,) = converse([first])
    assert out.state["node"] == "town"
    assert why in out.replies[-1]


def test_not_blaming_themselves_gets_no_such_line() -> None:
    out = converse(["hi", "2", "1", "my son died, the dealer is at fault"])[-1]
    assert not any(words in _said(out) for words in NOT_YOUR_FAULT)


@pytest.mark.parametrize("language", ["en", "es"])
def test_not_your_fault_is_editable_plain_gsm(language: str) -> None:
    shipped = FLOWS["system"].strings["not_your_fault"][language]
    assert DEFAULT_STRINGS["not_your_fault"][language] == shipped
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped


# ----- a loved one made to go, and their consent ----------------------------------------------

NO_ONE_FORCED = ("No one is made", "Aqui no se obliga")
SECTION_35 = ("Section 35 is a Massachusetts court process", "La Seccion 35 es un proceso")
CONSENT = ("only if they agree", "solo si esa persona esta de acuerdo")
WELCOME = ("not an emergency service", "No somos un servicio de emergencia")


@pytest.mark.parametrize(
    ("first", "line"),
    [("can i force my son into rehab", NO_ONE_FORCED),
     ("my 25 year old son uses fentanyl and doesnt want treatment. how do i make him go",
      NO_ONE_FORCED),
     ("puedo obligar a mi hijo a ir a rehabilitacion", NO_ONE_FORCED),
     ("can i section 35 my daughter", SECTION_35),
     ("como hago una seccion 35 para mi hijo", SECTION_35),
     ("will you call my son without his permission", CONSENT),
     ("does my son have to know i texted you", CONSENT)],
)  # fmt: skip
def test_a_first_text_about_making_a_loved_one_go_is_answered_then_the_menu(
    first: str, line: tuple[str, ...]
) -> None:
    (out,) = converse([first])
    assert _index(out, line) < _index(out, WELCOME), out.replies
    assert out.state["flow"] in ("menu", "family")


def test_section_35_is_told_neutrally_with_the_helpline_and_no_forcing_line() -> None:
    (out,) = converse(["can i section 35 my daughter"])
    said = _said(out)
    assert "800-327-5050" in said
    assert not any(words in said for words in NO_ONE_FORCED)


def test_the_relationship_said_first_is_not_asked_after_the_menu() -> None:
    first = "my 25 year old son uses fentanyl and doesnt want treatment. how do i make him go"
    out = converse([first, "2"])[-1]
    assert "How are you connected" not in _said(out)
    assert out.state["vars"]["relationship"] == "parent"
    assert out.state["node"] == "needs"


def test_said_first_answers_nothing_when_it_names_nobody() -> None:
    out = converse(["hello is anyone there", "2"])[-1]
    assert out.state["node"] == "relationship"


def test_making_a_loved_one_go_partway_is_answered_and_the_question_waits() -> None:
    out = converse(["hi", "2", "1", "how do i make him go to rehab"])[-1]
    assert any(words in out.replies[0] for words in NO_ONE_FORCED)
    assert out.state["node"] == "needs"


@pytest.mark.parametrize("name", ["no_one_forced", "section_35"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_forcing_answers_are_editable_plain_gsm(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2, shipped


# ----- what was found in a loved one's things -------------------------------------------------

NOT_PROOF = ("not proof", "no prueba")


@pytest.mark.parametrize(
    ("first", "relationship"),
    [("I found narcan in my boyfriends bag. is he using?", "partner"),
     ("found foil and a straw in my sons room", "parent"),
     ("found needles in my daughters car", "parent")],
)  # fmt: skip
def test_a_possessive_answers_how_they_are_connected(first: str, relationship: str) -> None:
    (out,) = converse([first])
    assert "How are you connected" not in _said(out)
    assert out.state["vars"]["relationship"] == relationship


@pytest.mark.parametrize(
    "first",
    ["I found narcan in my boyfriends bag. is he using?",
     "encontre narcan en el cuarto de mi hijo, esta usando?"],
)  # fmt: skip
def test_naloxone_found_is_told_to_be_no_proof_of_use(first: str) -> None:
    (out,) = converse([first])
    assert _index(out, NOT_PROOF) < _index(out, WELCOME)


def test_needles_found_get_no_naloxone_line() -> None:
    (out,) = converse(["found needles in my daughters car"])
    assert not any(words in _said(out) for words in NOT_PROOF)


@pytest.mark.parametrize("language", ["en", "es"])
def test_learning_names_naloxone_by_mail_in_both_languages(language: str) -> None:
    assert "nextdistro.org" in FLOWS["family"].strings["res_learn"][language]


@pytest.mark.parametrize("language", ["en", "es"])
def test_naloxone_found_is_editable_plain_gsm(language: str) -> None:
    shipped = FLOWS["system"].strings["naloxone_found"][language]
    assert DEFAULT_STRINGS["naloxone_found"][language] == shipped
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped


# ----- "1" after a first text about someone else ------------------------------------------------

FOR_WHOM = ("for you, or for your loved one", "para usted o para su ser querido")


@pytest.mark.parametrize(
    "first",
    ["how do i talk to my 14 year old about fentanyl?", "what do i say to my teenager about pills"],
)
def test_one_after_a_first_text_about_someone_else_is_confirmed_once(first: str) -> None:
    outs = converse([first, "1"])
    assert any(words in _said(outs[-1]) for words in FOR_WHOM), outs[-1].replies
    assert outs[-1].state["flow"] == "menu"
    again = converse([first, "1", "1"])[-1]
    assert again.state["flow"] == "self_referral"


def test_them_after_the_check_is_family_support() -> None:
    out = converse(["how do i talk to my 14 year old about fentanyl?", "1", "2"])[-1]
    assert out.state["flow"] == "family"


@pytest.mark.parametrize("first", ["hi", "hello is anyone there", "i have questions"])
def test_one_is_a_self_referral_when_nobody_else_was_named(first: str) -> None:
    out = converse([first, "1"])[-1]
    assert out.state["flow"] == "self_referral"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_for_whom_check_is_editable_plain_gsm(language: str) -> None:
    shipped = FLOWS["system"].strings["for_whom"][language]
    assert DEFAULT_STRINGS["for_whom"][language] == shipped
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped


# ----- someone who objects to harm reduction ---------------------------------------------------

WHY = ("keep people alive", "mantener a las personas con vida")


@pytest.mark.parametrize(
    "first",
    ["why do you people give them needles? youre enabling addicts",
     "why do you hand out free syringes to junkies",
     "handing out narcan just enables them",
     "por que le dan jeringas a los adictos"],
)  # fmt: skip
def test_an_objection_to_harm_reduction_is_answered_then_the_menu(first: str) -> None:
    (out,) = converse([first])
    said = _said(out)
    assert _index(out, WHY) < _index(out, WELCOME), out.replies
    assert out.state["flow"] == "menu"  # never led into a self-referral
    for label in ("addict", "junkie", "adicto"):
        assert label not in said.lower()


def test_an_objection_at_the_menu_is_answered_and_the_menu_waits() -> None:
    out = converse(["hi", "why do you give them needles, youre enabling them"])[-1]
    assert any(words in out.replies[0] for words in WHY)
    assert out.state["flow"] == "menu"


@pytest.mark.parametrize("first", ["i need needles", "where can i get clean needles"])
def test_asking_for_needles_gets_no_such_answer(first: str) -> None:
    (out,) = converse([first])
    assert not any(words in _said(out) for words in WHY)
    assert out.state["flow"] != "menu"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_harm_reduction_answer_is_editable_plain_gsm(language: str) -> None:
    shipped = FLOWS["system"].strings["why_harm_reduction"][language]
    assert DEFAULT_STRINGS["why_harm_reduction"][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2, shipped


@pytest.mark.parametrize(
    "texts",
    [["is it my fault im late"], ["es mi culpa que llegue tarde"],
     ["hi", "2", "1", "is it my fault im late"],
     ["hola", "2", "1", "es mi culpa que llegue tarde"]],
)  # fmt: skip
def test_blame_for_something_else_gets_no_such_line(texts: list[str]) -> None:
    """ "is it my fault im late" got "It's not your fault. So many families ask themselves
    this": only blame for a loved one's use, relapse, overdose or death gets it."""
    out = converse(texts)[-1]
    assert not any(words in _said(out) for words in NOT_YOUR_FAULT)


@pytest.mark.parametrize(
    "texts",
    [["is it my fault he uses"], ["hi", "2", "is it my fault?"],
     ["my son died of an overdose", "its my fault, i should have seen it"],
     ["my son died of an overdose", "its all my fault"], ["hola", "2", "1", "fue mi culpa"]],
)  # fmt: skip
def test_blame_for_a_loved_ones_troubles_still_gets_the_line(texts: list[str]) -> None:
    out = converse(texts)[-1]
    assert any(words in out.replies[0] for words in NOT_YOUR_FAULT), _said(out)


# ----- someone who says they do not use --------------------------------------------------------

# "what? i dont use drugs" after the harm-reduction answer got "reply with a number".
NOT_A_USER = ("This line is for anyone", "Esta linea es para cualquier persona")
OBJECTION = "why do you give them needles"


@pytest.mark.parametrize(
    "texts",
    [[OBJECTION, "what? i dont use drugs"], [OBJECTION, "i dont use"],
     [OBJECTION, "im not a drug user, i was just asking"], [OBJECTION, "i dont do drugs"],
     [OBJECTION, "ive never used drugs in my life"], ["hi", "i dont use drugs"],
     ["por que le dan jeringas a los adictos", "yo no uso drogas"],
     ["hola", "no consumo drogas"]],
)  # fmt: skip
def test_saying_they_dont_use_gets_a_plain_line_and_the_menu(texts: list[str]) -> None:
    out = converse(texts)[-1]
    said = _said(out)
    assert any(words in out.replies[0] for words in NOT_A_USER), said
    assert "1) Support for myself" in said or "1) Apoyo para mi" in said
    assert "reply with a number" not in said and "responda con un numero" not in said.lower()
    assert out.state["flow"] == "menu"
    # The menu still works as ever.
    assert converse([*texts, "2"])[-1].state["flow"] == "family"


@pytest.mark.parametrize(
    "text",
    ["i dont use, its for my son", "what? i dont use drugs, my daughter does",
     "yo no uso drogas, es por mi hijo"],
)  # fmt: skip
def test_saying_they_dont_use_and_naming_a_loved_one_is_family_support(text: str) -> None:
    out = converse([OBJECTION, text])[-1]
    said = _said(out)
    assert out.state["flow"] == "family", said
    assert "reply with a number" not in said and "responda con un numero" not in said.lower()
    assert out.state["vars"].get("relationship") == "parent"


@pytest.mark.parametrize(
    "text", ["i dont use alone", "i dont use anymore", "i dont use needles, i smoke"]
)
def test_own_use_said_with_dont_use_gets_no_such_line(text: str) -> None:
    out = converse(["hi", text])[-1]
    assert not any(words in _said(out) for words in NOT_A_USER)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_not_a_user_line_is_editable_plain_gsm(language: str) -> None:
    shipped = FLOWS["system"].strings["not_a_user"][language]
    assert DEFAULT_STRINGS["not_a_user"][language] == shipped
    assert (encoding(shipped), segments(shipped)) == ("GSM-7", 1), shipped
