"""Spanish (and a few English) readings QA found missed by Holyoke Spanish texters: a refusal
of police spelled "q" or "kiero", asking for the other language at a question, swearing or
"leave me alone" as a wish to stop, questions about immigration, and a town denied."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import detect
from flows.police import refuses_police
from tests.test_engine_interrupts import FLOWS, ctx, state_at
from tests.test_engine_police import POLICE_OK, at, kinds

# 1. Refusing police with "q"/"k" spellings and other everyday words.
REFUSED_ES = [
    "no no no pensandolo bien no quiero q venga la policia",
    "no quiero k venga la policia",
    "no kiero policia",
    "cancela lo de la policia",
    "no quiero a la jara",
    "sin la jara",
]


@pytest.mark.parametrize("text", REFUSED_ES)
def test_a_spanish_refusal_spelled_short_is_heard(text: str) -> None:
    found = refuses_police(text)
    assert found is not None and found.language == "es"


@pytest.mark.parametrize("text", ["la jara se llevo a mi hijo", "q paso con la policia"])
def test_a_story_about_the_jara_is_no_refusal(text: str) -> None:
    assert refuses_police(text) is None


def test_at_the_name_question_a_refusal_with_q_changes_the_team_not_the_name() -> None:
    saved = {key: value for key, value in POLICE_OK.items() if key != "name"}
    state = at("name", "es", saved=saved)
    out = step(FLOWS, state, "no no no pensandolo bien no quiero q venga la policia", ctx())
    assert "refuse_police" in kinds(out)
    assert out.state["vars"]["peers_only"] is True
    assert out.state["node"] == "name" and not out.state["vars"].get("name")


# 4. Asking for the other language at a question.
@pytest.mark.parametrize(
    ("text", "language"),
    [("en espanol x favor", "es"), ("en espanol xfa", "es"), ("en espanol por fa", "es"),
     ("espanol plis", "es"), ("puedes hablar en espanol", "es"),
     ("hablame en espanol", "es"), ("no entiendo ingles, en espanol x favor", "es"),
     ("english please my spanish is not good", "en"), ("en español porfa", "es")],
)  # fmt: skip
def test_asking_for_a_language_in_everyday_words_is_heard(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "language" and found.language == language


@pytest.mark.parametrize(
    "text", ["english please my english is good", "no hablo ingles, mi hijo necesita ayuda"]
)
def test_a_language_with_other_words_asks_for_nothing(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "language"


def test_at_the_town_question_asking_for_spanish_asks_it_again_in_spanish() -> None:
    out = step(FLOWS, state_at("self_referral", "town", "en"), "en espanol x favor", ctx())
    assert out.state["language"] == "es" and out.state["node"] == "town"
    assert out.replies[-1].startswith("¿En qué pueblo")


# 5. "Leave me alone" and swearing in Spanish ask to stop, as "fuck off" does.
@pytest.mark.parametrize(
    "text",
    ["vete pal carajo", "vete al carajo", "vayanse pal carajo", "váyanse al carajo",
     "dejame tranquila ya", "dejame tranquilo", "dejenme tranquilos", "dejenme en paz",
     "dejame en paz por favor"],
)  # fmt: skip
def test_spanish_leave_me_alone_is_an_opt_out(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "opt_out" and found.language == "es"


def test_at_a_question_vete_pal_carajo_opts_out() -> None:
    out = step(FLOWS, state_at("self_referral", "town", "es"), "vete pal carajo", ctx())
    assert "opt_out" in kinds(out)
