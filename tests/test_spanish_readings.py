"""Spanish (and a few English) readings QA found missed by Holyoke Spanish texters: a refusal
of police spelled "q" or "kiero", asking for the other language at a question, swearing or
"leave me alone" as a wish to stop, questions about immigration, SKIP said in Spanish
(SALTAR), the county in Spanish texts, and a town denied ("no en Northampton")."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, REQUIRED_WORDS, SYSTEM_ONLY_STRINGS, detect
from flows.police import refuses_police
from flows.sms import encoding
from tests.test_engine_interrupts import FLOWS, ctx, state_at
from tests.test_engine_paths import converse
from tests.test_engine_police import POLICE_OK, at, kinds
from tests.test_engine_towns_said import SELF_TO_THE_END, cases

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


# 6. Spanish questions that may be skipped say SALTAR, the word a Spanish texter types.
SKIPPABLE_ES = [("self_referral", "town", "town", "contact"),
                ("self_referral", "name", "name", "confirm"),
                ("family", "town", "town", "offer")]  # fmt: skip


@pytest.mark.parametrize(("flow_id", "node", "var", "after"), SKIPPABLE_ES)
def test_a_spanish_question_that_may_be_skipped_says_saltar_and_takes_it(
    flow_id: str, node: str, var: str, after: str
) -> None:
    prompt = FLOWS[flow_id].states[node].prompt["es"]
    assert "SALTAR" in prompt and "SKIP" not in prompt
    before = state_at(flow_id, node, "es")
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, "SALTAR", ctx())
    assert out.state["node"] == after and out.state["vars"][var] is None


def test_why_town_in_spanish_says_saltar_and_saltar_then_skips_the_town() -> None:
    shipped = FLOWS["system"].strings["why_town"]["es"]
    assert DEFAULT_STRINGS["why_town"]["es"] == shipped
    assert "SALTAR" in shipped and "SKIP" not in shipped
    asked = step(FLOWS, state_at("self_referral", "town", "es"), "por que quieren mi pueblo", ctx())
    assert "SALTAR" in asked.replies[0]
    out = step(FLOWS, asked.state, "saltar", ctx())
    assert out.state["node"] == "contact" and out.state["vars"]["town"] is None


# 7. The Spanish HELP and place-not-found texts name the county, as the English ones do.
@pytest.mark.parametrize(
    ("where", "text"),
    [("system help", FLOWS["system"].strings["help"]["es"]),
     ("defaults help", DEFAULT_STRINGS["help"]["es"]),
     ("naloxone retry", FLOWS["naloxone"].states["ask"].retry["es"])],
)  # fmt: skip
def test_the_spanish_help_and_not_found_texts_name_the_county(where: str, text: str) -> None:
    assert "condado de Hampshire" in text, where
    assert encoding(text.replace("{program_name}", "Hampshire HOPE Line")) == "GSM-7" or (
        where == "naloxone retry"
    )


def test_the_spanish_help_text_is_the_same_shipped_and_by_default() -> None:
    assert FLOWS["system"].strings["help"]["es"] == DEFAULT_STRINGS["help"]["es"]


# 8. A town denied ("no en Northampton", "not in Northampton") is not the town said.
SPANISH_START = "necesito tratamiento, vivo en northampton"
ENGLISH_START = "i need treatment, i live in northampton"


@pytest.mark.parametrize(
    ("first", "then", "label"),
    [(SPANISH_START, "2 el pueblo esta mal yo vivo en ware no en northampton", "Pueblo"),
     (SPANISH_START, "el pueblo esta mal, vivo en ware", "Pueblo"),
     (ENGLISH_START, "2 the town is wrong i live in ware not in northampton", "Town"),
     (ENGLISH_START, "2 the town is wrong i live in ware not northampton", "Town"),
     (ENGLISH_START, "no the town is wrong, i live in ware", "Town")],
)  # fmt: skip
def test_a_town_denied_at_the_summary_leaves_the_other_one(first, then, label) -> None:
    """ "2 el pueblo esta mal ... no en northampton" was asked again, its "no" read as "No
    enviar": a correction that names what is wrong goes to that question, here answered by
    the town it says."""
    outs = converse([first, *SELF_TO_THE_END[:-1], then])
    assert outs[-1].state["node"] == "confirm"
    assert f"{label}: Ware" in outs[-1].replies[-1]
    assert not cases(outs)


@pytest.mark.parametrize(
    ("first", "then", "label"),
    [(SPANISH_START, "2 el pueblo esta mal yo vivo en holyoke no en northampton", "Pueblo"),
     (ENGLISH_START, "2 the town is wrong i live in holyoke not in northampton", "Town")],
)  # fmt: skip
def test_a_town_denied_for_one_outside_the_county_takes_that_one(first, then, label) -> None:
    """A town outside the county said as where they live is kept as said, as Ware is."""
    outs = converse([first, *SELF_TO_THE_END[:-1], then])
    assert outs[-1].state["node"] == "confirm"
    assert f"{label}: Holyoke" in outs[-1].replies[-1]
    assert not cases(outs)


@pytest.mark.parametrize(
    ("first", "then"),
    [(SPANISH_START, "no, el pueblo esta mal"),
     (ENGLISH_START, "no the town is wrong, not northampton")],
)  # fmt: skip
def test_a_town_denied_with_no_other_asks_the_town(first, then) -> None:
    outs = converse([first, *SELF_TO_THE_END[:-1], then])
    assert outs[-1].state["node"] == "town"
    assert "Northampton" not in outs[-1].replies[-1]
    assert not cases(outs)


@pytest.mark.parametrize(
    "then", ["no", "no enviar", "no, no lo envien", "no dont send it", "no thank you, not now"]
)
def test_a_no_to_the_summary_naming_nothing_wrong_still_sends_nothing(then: str) -> None:
    outs = converse([SPANISH_START, *SELF_TO_THE_END[:-1], then])
    assert outs[-1].state["flow"] is None and not cases(outs)


@pytest.mark.parametrize(
    ("text", "said"),
    [("yo vivo en ware no en northampton", {"Ware": True}),
     ("i live in ware not in northampton", {"Ware": True}),
     ("i live in ware, not northampton", {"Ware": True}),
     ("no en northampton", {}),
     ("im not in amherst anymore, im in hadley", {"Hadley": True}),
     ("no, in amherst", {"Amherst": True})],
)  # fmt: skip
def test_towns_said_leaves_out_a_town_denied(text: str, said: dict) -> None:
    from flows.towns_said import towns_said
    from tests.test_engine_paths import DIRECTORY

    assert towns_said(DIRECTORY, text) == said


# A first text in everyday Spanish with none of the words a request carries: someone still
# waiting for an answer, or telling what happened, was sent the English menu.
SPANISH_FIRST_TEXTS = [
    "sigo esperando", "todavia espero", "nadie me ha contestado", "perdi mi trabajo",
    "tome mis medicinas", "la policia me paro la semana pasada", "me quede sin saldo",
    "me muero de risa",
]  # fmt: skip


@pytest.mark.parametrize("text", SPANISH_FIRST_TEXTS)
def test_an_everyday_spanish_first_text_is_answered_in_spanish(text: str) -> None:
    (out,) = converse([text])
    assert out.state["language"] == "es"
    assert not any("Hampshire HOPE Line: free" in reply for reply in out.replies)


@pytest.mark.parametrize(
    "text",
    ["Pelham", "Amherst", "Tapestry", "narcan", "ok", "no", "si", "hi this is risa",
     "is tapestry open today", "i need narcan in pelham", "my friend tome needs help",
     "Risa", "nada", "sin", "got nada from them", "tome"],
)  # fmt: skip
def test_names_towns_and_words_both_languages_text_keep_a_first_text_english(text: str) -> None:
    (out,) = converse([text])
    assert out.state["language"] == "en"
