"""Spanish (and a few English) readings QA found missed by Holyoke Spanish texters: a refusal
of police spelled "q" or "kiero", asking for the other language at a question, swearing or
"leave me alone" as a wish to stop, questions about immigration, and a town denied."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, REQUIRED_WORDS, SYSTEM_ONLY_STRINGS, detect
from flows.police import refuses_police
from flows.sms import encoding
from tests.test_engine_interrupts import FLOWS, ctx, state_at
from tests.test_engine_paths import converse
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


# 2. Immigration: its own answer, never the Good Samaritan law (which is about drug charges).
IMMIGRATION = {
    "en": "Hampshire HOPE Line does not ask about immigration status or share information with "
    "immigration (ICE).",
    "es": "Hampshire HOPE Line no pregunta por su estatus migratorio ni comparte informacion "
    "con inmigracion (ICE).",
}
ASKED_ABOUT_IMMIGRATION = [
    ("me pueden deportar si llamo al 911", "es"), ("me van a deportar?", "es"),
    ("soy indocumentado me pueden deportar si llamo al 911", "es"),
    ("¿me pueden deportar si llamo al 911?", "es"),
    ("ustedes le dicen a la migra? no tengo papeles", "es"), ("no tengo papeles", "es"),
    ("soy indocumentado, le avisan a inmigracion?", "es"), ("son de la migra?", "es"),
    ("will i get deported? i dont have papers", "en"), ("do you tell ICE?", "en"),
    ("can they deport me if i call 911", "en"), ("are you with immigration", "en"),
    ("im undocumented can you still help me", "en"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), ASKED_ABOUT_IMMIGRATION)
def test_a_question_about_immigration_is_read_as_one(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "privacy"
    assert found.about_immigration and not found.about_the_law and not found.about_911
    assert found.language == (language if language == "es" else None)


@pytest.mark.parametrize("node", ["town", "name", "confirm"])
@pytest.mark.parametrize(("text", "language"), ASKED_ABOUT_IMMIGRATION)
def test_at_a_question_immigration_is_answered_and_the_question_waits(text, language, node):
    before = at(node, language, saved={"needs": ["coach"]})
    out = step(FLOWS, before, text, ctx())
    said = " ".join(out.replies)
    assert out.replies[0].startswith(IMMIGRATION[language])
    assert "Samarit" not in said and "Williamsburg" not in said and "encontr" not in said
    assert (out.state["node"], out.state["vars"]) == (node, {"needs": ["coach"]})
    assert out.effects == ()


def test_as_a_first_text_immigration_is_answered_then_the_menu() -> None:
    out = converse(["me van a deportar?"])[-1]
    assert out.replies[0].startswith(IMMIGRATION["es"])
    assert "1) Apoyo para m" in out.replies[-1]


@pytest.mark.parametrize(
    "text", ["no respira, me pueden deportar si llamo al 911", "he's not breathing will i get "
             "deported if i call 911"],
)  # fmt: skip
def test_an_overdose_with_the_question_is_an_emergency(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency"


@pytest.mark.parametrize(
    "text",
    ["my cousin got deported last year", "la migra se llevo a mi tio", "i need ice"],
)
def test_stories_of_immigration_are_no_question(text: str) -> None:
    found = detect(text)
    assert found is None or not getattr(found, "about_immigration", False)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_immigration_text_is_protected_plain_gsm_and_true(language: str) -> None:
    assert "immigration" in SYSTEM_ONLY_STRINGS
    shipped = FLOWS["system"].strings["immigration"][language]
    assert DEFAULT_STRINGS["immigration"][language] == shipped
    assert encoding(shipped) == "GSM-7" and "ICE" in shipped and "911" in shipped
    assert REQUIRED_WORDS["immigration"] == "911"
    assert "Samarit" not in shipped and "c.94C" not in shipped
