"""Plain questions about facts the program stands behind (Never Use Alone, the Good Samaritan
law, checking pills for fentanyl) are answered from any point, and a question that follows the
answer is read as about it; a question about calling 911 for an overdose that may happen is
answered as a question, not as an emergency."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, REQUIRED_WORDS, SYSTEM_ONLY_STRINGS, detect
from flows.sms import encoding, segments
from flows.types import Context
from tests.test_engine_interrupts import DIRECTORY, EVERY_STATE, FLOWS, NOW, ctx, state_at
from tests.test_engine_paths import converse

NEVER_USE_ALONE = "1-800-484-3731"
GOOD_SAMARITAN = {"en": "Good Samaritan law (c.94C s.34A)", "es": "Buen Samaritano de MA"}
MENU_TOP = {"en": "1) Support for myself", "es": "1) Apoyo para mi"}
NOT_THE_POLICE = "not the police"
RESUME = {
    "en": "When you're ready, reply to our last question to carry on, or text MENU.",
    "es": "Cuando quiera, responda a la ultima pregunta para seguir, o envie MENU.",
}
NEW_STRINGS = [
    "never_use_alone", "never_use_alone_police", "good_samaritan_limits", "drug_checking",
    "calling_911_if",
]  # fmt: skip


def logged(out) -> list[str]:
    return [e.data.get("event") for e in out.effects if e.kind == "log_event"]


# ----- Never Use Alone ---------------------------------------------------------------------

NEVER_USE_ALONE_ASKED = [
    ("whats the never use alone number", "en"), ("whats never use alone", "en"),
    ("what is never use alone?", "en"), ("never use alone number", "en"),
    ("how does never use alone work", "en"), ("tell me about never use alone", "en"),
    ("whats the number for never use alone", "en"), ("que es never use alone", "es"),
    ("cual es el numero de never use alone", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), NEVER_USE_ALONE_ASKED)
def test_asking_about_never_use_alone_is_answered_then_the_menu(text: str, language: str) -> None:
    (out,) = converse([text])
    answer = out.replies[0]
    assert NEVER_USE_ALONE in answer and "EMS" in answer, out.replies
    assert answer == DEFAULT_STRINGS["never_use_alone"][language]
    assert MENU_TOP[language] in out.replies[-1]
    assert logged(out) == []


@pytest.mark.parametrize("text", ["i never use alone", "never alone", "i use alone sometimes"])
def test_never_use_alone_said_but_not_asked_about_is_no_question(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "fact", text


@pytest.mark.parametrize(
    "then",
    ["how does it work do they call cops", "do they call the cops", "will the police come",
     "how does it work"],
)  # fmt: skip
def test_after_never_use_alone_a_question_about_police_is_about_never_use_alone(
    then: str,
) -> None:
    out = converse(["whats the never use alone number", then])[-1]
    answer = out.replies[0]
    assert answer.startswith(DEFAULT_STRINGS["never_use_alone_police"]["en"]), out.replies
    assert "police may come with ems" in answer.lower() and NOT_THE_POLICE not in answer


@pytest.mark.parametrize(
    "then",
    ["y ellos llaman a la policia?", "como funciona? llaman a la policia?",
     "y ellos llaman a la poli", "como funciona"],
)  # fmt: skip
def test_after_never_use_alone_in_spanish_a_question_about_police_is_about_it(then) -> None:
    """Once got the hotline's own "not the police" answer, in the middle of a question about
    Never Use Alone."""
    out = converse(["que es never use alone", then])[-1]
    answer = out.replies[0]
    assert answer.startswith(DEFAULT_STRINGS["never_use_alone_police"]["es"]), out.replies
    assert "no la policia" not in answer and NEVER_USE_ALONE in answer


def test_after_the_using_alone_text_a_question_about_police_is_about_never_use_alone() -> None:
    out = converse(["im gonna use alone tonight", "do they call the cops"])[-1]
    assert out.replies[0].startswith(DEFAULT_STRINGS["never_use_alone_police"]["en"])


def test_asking_directly_whether_never_use_alone_calls_the_cops_is_answered() -> None:
    (out,) = converse(["does never use alone call the cops"])
    assert out.replies[0] == DEFAULT_STRINGS["never_use_alone_police"]["en"]


def test_long_after_never_use_alone_a_question_about_police_is_about_us() -> None:
    first = step(FLOWS, None, "whats the never use alone number", ctx())
    later = Context(now=NOW + timedelta(hours=3), places=DIRECTORY)
    out = step(FLOWS, first.state, "do they call the cops", later)
    assert not out.replies[0].startswith(DEFAULT_STRINGS["never_use_alone_police"]["en"])


# ----- the Good Samaritan law --------------------------------------------------------------

GOOD_SAMARITAN_ASKED = [
    ("whats the good samaritan law", "en"), ("what is the good samaritan law?", "en"),
    ("good samaritan law", "en"), ("how does the good samaritan law work", "en"),
    ("que es la ley del buen samaritano", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), GOOD_SAMARITAN_ASKED)
def test_asking_about_the_good_samaritan_law_is_answered_then_the_menu(
    text: str, language: str
) -> None:
    (out,) = converse([text])
    assert out.replies[0] == DEFAULT_STRINGS["emergency_2"][language], out.replies
    assert MENU_TOP[language] in out.replies[-1]
    assert logged(out) == []


@pytest.mark.parametrize(
    "then",
    ["what if i got like a lot on me tho", "what if i have a warrant", "what if im selling",
     "does it matter how much i have"],
)  # fmt: skip
def test_after_the_good_samaritan_law_what_it_does_not_cover_is_answered(then: str) -> None:
    out = converse(["whats the good samaritan law", then])[-1]
    answer = out.replies[0]
    assert answer.startswith(DEFAULT_STRINGS["good_samaritan_limits"]["en"]), out.replies
    assert "possession with intent" in answer and "legal advice" in answer
    assert answer.endswith(RESUME["en"])


@pytest.mark.parametrize("then", ["im on probation", "what about parole", "y mi po?"])
def test_probation_told_after_the_law_is_answered(then: str) -> None:
    out = converse(["whats the good samaritan law", then])[-1]
    assert "not contact probation" in out.replies[0] or "no se comunica" in out.replies[0]


def test_after_the_good_samaritan_law_probation_is_answered() -> None:
    outs = converse(
        ["whats the good samaritan law", "what if i got like a lot on me tho",
         "what about my probation"]
    )  # fmt: skip
    answer = outs[-1].replies[0]
    assert "violated on probation, parole or pretrial release" in answer, outs[-1].replies
    assert "does not contact probation or parole" in answer


def test_after_the_emergency_texts_probation_is_answered_about_the_law() -> None:
    outs = converse(["hes not breathing", "what about my probation"])
    assert "does not contact probation or parole" in outs[-1].replies[0], outs[-1].replies


def test_without_the_good_samaritan_law_before_a_lot_on_me_is_no_legal_answer() -> None:
    out = converse(["hi", "what if i got like a lot on me tho"])[-1]
    assert not any("legal advice" in reply for reply in out.replies)


def test_a_good_samaritan_question_mid_conversation_waits_the_question() -> None:
    out = converse(["hi", "1", "whats the good samaritan law"])[-1]
    assert out.replies[0] == f"{DEFAULT_STRINGS['emergency_2']['en']}\n{RESUME['en']}"
    assert out.state["flow"] == "self_referral"


# ----- checking pills for fentanyl ----------------------------------------------------------

CHECKING_ASKED = [
    ("how do i test my pills for fent", "en"), ("can i get my pills checked somewhere", "en"),
    ("where can i get my drugs tested", "en"), ("is there drug checking around here", "en"),
    ("como pruebo mis pastillas para fentanilo", "es"),
    ("donde puedo analizar mis drogas", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), CHECKING_ASKED)
def test_asking_how_to_check_pills_gets_test_strips_and_drug_checking(
    text: str, language: str
) -> None:
    (out,) = converse([text])
    answer = out.replies[0]
    assert answer == DEFAULT_STRINGS["drug_checking"][language], out.replies
    assert ("STRIPS" if language == "en" else "TIRAS") in answer and "Northampton" in answer
    assert MENU_TOP[language] in out.replies[-1]


@pytest.mark.parametrize(
    "text",
    ["i failed a drug test", "how do i pass a drug test", "my po wants me to test",
     "i have a drug test for probation tomorrow", "where can i get fentanyl test strips",
     "where can i get fentanyl tests", "how do i use fent test strips",
     "donde consigo tiras de prueba de fentanilo"],
)  # fmt: skip
def test_a_drug_test_or_test_strips_asked_for_is_no_question_about_checking_pills(
    text: str,
) -> None:
    found = detect(text)
    assert found is None or found.kind != "fact", text


def test_the_strips_the_answer_names_find_sites() -> None:
    out = converse(["strips northampton"])[-1]
    assert "test strips near Northampton" in out.replies[0], out.replies


# ----- from any point -----------------------------------------------------------------------


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("whats never use alone", "never_use_alone"),
        ("how do i test my pills for fent", "drug_checking"),
    ],
)
def test_a_fact_asked_mid_conversation_is_answered_and_the_question_waits(
    flow_id: str, node: str, text: str, name: str
) -> None:
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert out.replies[0] == f"{DEFAULT_STRINGS[name]['en']}\n{RESUME['en']}", out.replies
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)


# ----- a question about calling 911 for an overdose that may happen --------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [("if my friend ods and i call 911 am i gonna get arrested", "en"),
     ("if someone ods and i call 911 will i get in trouble", "en"),
     ("oye puedo get in trouble si llamo al 911", "es"),
     ("me puedo meter en problemas si llamo al 911", "es"),
     ("si mi amigo tiene una sobredosis y llamo al 911 me van a arrestar", "es")],
)  # fmt: skip
def test_a_question_about_calling_911_for_an_overdose_that_may_happen_is_no_emergency(
    text: str, language: str
) -> None:
    (out,) = converse([text])
    assert logged(out) == [], out.replies
    assert GOOD_SAMARITAN[language] in out.replies[1], out.replies
    assert out.replies[1] == DEFAULT_STRINGS["emergency_2"][language]
    assert "911" in out.replies[0]
    assert not any("breastbone" in r or "esternon" in r for r in out.replies)
    assert "steps_at" not in out.state


def test_an_overdose_that_may_happen_is_told_to_call_911_if_it_happens() -> None:
    (out,) = converse(["if my friend ods and i call 911 am i gonna get arrested"])
    assert out.replies[0] == DEFAULT_STRINGS["calling_911_if"]["en"]


@pytest.mark.parametrize(
    "text",
    ["my friend is od'ing and im scared ill get arrested if i call",
     "if my friend ods and i call 911 will i get arrested hes not breathing",
     "my friend ods and if i call 911 will i get arrested"],
)  # fmt: skip
def test_an_overdose_now_that_asks_about_arrest_is_still_an_emergency(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency", text
    (out,) = converse([text])
    assert logged(out) == ["emergency"]
    assert "breastbone" in out.replies[0] and GOOD_SAMARITAN["en"] in out.replies[1]


# ----- the texts -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NEW_STRINGS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_texts_are_shipped_editable_short_and_gsm7(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2, (name, language)
    assert not any(c in shipped for c in "áíóú“”’—")
    assert REQUIRED_WORDS[name] in shipped
    assert name in SYSTEM_ONLY_STRINGS


@pytest.mark.parametrize(
    ("name", "edited"),
    [("never_use_alone", "Never Use Alone is a line to call. Overdose: call 911."),
     ("never_use_alone_police", "They send EMS. Overdose: 911."),
     ("good_samaritan_limits", "The law covers possession. Overdose: still call 911.")],
)  # fmt: skip
def test_an_edit_that_drops_what_the_text_is_about_is_refused(name: str, edited: str) -> None:
    from flows.validate_facts import SAFETY_FACTS, missing_facts

    assert list(missing_facts(SAFETY_FACTS[name], "en", edited)) != []
    shipped = FLOWS["system"].strings[name]["en"]
    assert list(missing_facts(SAFETY_FACTS[name], "en", shipped)) == []


@pytest.mark.parametrize(
    "then", ["my son deals and uses a lot", "he has been selling", "1", "his po is nice"]
)
def test_words_that_ask_nothing_after_the_law_are_read_as_usual(then: str) -> None:
    outs = converse(["hi", "2", "whats the good samaritan law", then])
    assert not any("legal advice" in reply for reply in outs[-1].replies), outs[-1].replies
    assert "does not contact probation" not in outs[-1].replies[0]


def test_police_named_without_a_question_after_never_use_alone_is_read_as_usual() -> None:
    out = converse(["whats never use alone", "cops scare me"])[-1]
    assert not out.replies[0].startswith(DEFAULT_STRINGS["never_use_alone_police"]["en"])
