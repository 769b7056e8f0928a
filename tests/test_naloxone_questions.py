"""A question about naloxone gets its answer, then the finder's question (pure).

"how do i use narcan", "can you mail me narcan" and "does narcan work on alcohol" were read as
naloxone searches and got only "What town or ZIP code are you near?". Only facts the program
stands behind are answered (the 911 steps' wording); others ("does narcan expire", "do i need a
prescription") still get the finder, as before.
"""

from __future__ import annotations

import pytest

from flows.interrupts import DEFAULT_STRINGS, REQUIRED_WORDS, detect
from flows.sms import encoding, segments
from tests.test_engine_paths import FLOWS, converse

FINDER = {
    "en": "What town or ZIP code are you near?",
    "es": "¿Cerca de qué pueblo o codigo postal esta?",
}
STEPS = {
    "en": "To use nasal naloxone: try to wake them",
    "es": "Naloxona: trate de despertar a la persona",
}
TRANQ = {
    "en": "Yes, give it: fentanyl is in most of the supply.",
    "es": "Si, dele naloxona: casi toda la droga trae fentanilo.",
}
NOT_REVERSED = {
    "en": "Naloxone does not reverse benzos or alcohol.",
    "es": "La naloxona no revierte benzos ni alcohol.",
}
BY_MAIL = {
    "en": "Free naloxone by mail: nextdistro.org. Or reply with",
    "es": "Naloxona gratis por correo: nextdistro.org. O responda con",
}


# --- recognised as questions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "question", "language"),
    [
        ("how do i use narcan", "use", None),
        ("How do I use naloxone?", "use", None),
        ("how to give narcan", "use", None),
        ("how do you administer naloxone", "use", None),
        ("i have narcan but how do i use it", "use", None),
        ("cómo se usa la naloxona", "use", "es"),
        ("como uso el narcan", "use", "es"),
        ("how do i narcan someone", "use", None),
        ("what do i do with narcan", "use", None),
        ("instructions for narcan", "use", None),
        ("how do you give narcan", "use", None),
        ("how to give naloxone", "use", None),
        ("como se da el narcan", "use", "es"),
        ("como le doy narcan", "use", "es"),
        ("instrucciones de narcan", "use", "es"),
        ("que hago con el narcan", "use", "es"),
        ("can you mail me narcan", "mail", None),
        ("can i get narcan in the mail", "mail", None),
        ("narcan by mail", "mail", None),
        ("can you send me narcan", "mail", None),
        ("me pueden enviar naloxona por correo", "mail", "es"),
        ("does narcan work on alcohol", "not_reversed", None),
        ("will naloxone reverse benzos", "not_reversed", None),
        ("does narcan work if they were drinking", "not_reversed", None),
        ("la naloxona funciona con alcohol", "not_reversed", "es"),
        ("how many doses of narcan do i need", "use", None),
        ("narcan how many sprays", "use", None),
        ("cuantas dosis de naloxona", "use", "es"),
        ("does narcan work on tranq", "tranq", None),
        ("does narcan work on xylazine", "tranq", None),
    ],
)  # fmt: skip
def test_a_question_about_naloxone_is_recognised(
    text: str, question: str, language: str | None
) -> None:
    found = detect(text)
    assert found is not None and found.kind == "naloxone", found
    assert (found.question, found.language) == (question, language)


@pytest.mark.parametrize(
    "text",
    ["narcan amherst", "narcan near me", "where can i get narcan", "i need narcan", "narcan",
     "naloxona en northampton", "narcan open now",
     "where do i get narcan", "how do i get narcan", "how can i get narcan",
     "como consigo narcan", "what do i do with expired narcan",
     "what do i do with narcan that expired", "que hago con la naloxona vencida",
     # Not stated in the program's facts: the finder, as before.
     "does narcan expire", "do i need a prescription for narcan",
     "is narcan free", "how much does narcan cost",
     # Naloxone named beside other words that only look like a question.
     "narcan saved my life how do i give back", "my son has narcan and hes drinking"],
)  # fmt: skip
def test_a_search_or_a_question_we_do_not_answer_asks_nothing(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "naloxone", found
    assert found.question is None


def test_an_overdose_said_with_the_question_is_still_an_emergency() -> None:
    found = detect("how do i use narcan he's not breathing")
    assert found is not None and found.kind == "emergency"


# --- the whole path ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [("how do i use narcan", "en"), ("how to give narcan", "en"),
     ("how do i use naloxone", "en"), ("cómo se usa la naloxona", "es"),
     ("how do i narcan someone", "en"), ("what do i do with narcan", "en"),
     ("instructions for narcan", "en"), ("how do you give narcan", "en"),
     ("how to give naloxone", "en"), ("como se da el narcan", "es"),
     ("como le doy narcan", "es"), ("instrucciones de narcan", "es")],
)  # fmt: skip
def test_how_to_use_it_gets_the_steps_then_the_finder(text: str, language: str) -> None:
    (out,) = converse([text])
    steps, finder = out.replies
    assert steps.startswith(STEPS[language]), steps
    assert finder.endswith(FINDER[language]), finder
    assert out.state["flow"] == "naloxone" and out.state["language"] == language


def test_the_steps_then_a_town_lists_the_sites() -> None:
    outcomes = converse(["how do i use narcan", "amherst"])
    assert outcomes[1].replies[0].startswith("Free naloxone near Amherst."), outcomes[1].replies


def test_the_steps_with_a_town_named_come_before_the_sites() -> None:
    (out,) = converse(["how do i use narcan in amherst"])
    steps, sites = out.replies[:2]
    assert steps.startswith(STEPS["en"]), steps
    assert sites.startswith("Free naloxone near Amherst."), sites


@pytest.mark.parametrize(
    ("text", "language"),
    [("can you mail me narcan", "en"), ("narcan by mail", "en"),
     ("me pueden enviar naloxona por correo", "es")],
)  # fmt: skip
def test_asking_for_it_by_mail_gets_mail_order_and_still_the_local_sites(
    text: str, language: str
) -> None:
    outcomes = converse([text, "northampton"])
    (ask,) = outcomes[0].replies
    assert ask.startswith(BY_MAIL[language]), ask
    assert outcomes[0].state["flow"] == "naloxone"
    header = {"en": "Free naloxone near", "es": "Naloxona gratis cerca de"}[language]
    assert outcomes[1].replies[0].startswith(f"{header} Northampton."), outcomes[1].replies


@pytest.mark.parametrize(
    ("text", "language"),
    [("does narcan work on alcohol", "en"), ("does narcan work on benzos", "en"),
     ("la naloxona funciona con alcohol", "es")],
)  # fmt: skip
def test_what_it_does_not_reverse_then_the_finder(text: str, language: str) -> None:
    (out,) = converse([text])
    answer, finder = out.replies
    assert answer.startswith(NOT_REVERSED[language]) and "911" in answer, answer
    assert finder.endswith(FINDER[language]), finder


@pytest.mark.parametrize(
    "text",
    ["narcan amherst", "narcan near me", "where can i get narcan", "i need narcan",
     "does narcan expire", "is narcan free", "do i need a prescription for narcan",
     "where do i get narcan", "how do i get narcan", "how can i get narcan"],
)  # fmt: skip
def test_searches_and_unanswered_questions_get_the_finder_as_before(text: str) -> None:
    (out,) = converse([text])
    before = converse(["narcan amherst" if "amherst" in text else "narcan"])[0]
    assert out.replies == before.replies


def test_is_it_free_is_answered_by_the_finders_own_question() -> None:
    (out,) = converse(["is narcan free"])
    assert out.replies == ("Naloxone (Narcan) is free, and you don't need to give your name. "
                           "What town or ZIP code are you near?",)  # fmt: skip


def test_the_menus_naloxone_option_is_unchanged() -> None:
    outcomes = converse(["hi", "3"])
    assert outcomes[1].replies[0].endswith(FINDER["en"]), outcomes[1].replies


def test_asked_at_the_menu_the_steps_come_before_the_finder() -> None:
    outcomes = converse(["hi", "how do i use narcan"])
    steps, finder = outcomes[1].replies
    assert steps.startswith(STEPS["en"]) and finder.endswith(FINDER["en"]), outcomes[1].replies


def test_asked_mid_conversation_the_steps_come_then_the_finder_then_back() -> None:
    outcomes = converse(["hi", "2", "how do i use narcan", "amherst"])
    steps, finder = outcomes[2].replies
    assert steps.startswith(STEPS["en"]) and finder.endswith(FINDER["en"]), outcomes[2].replies
    assert outcomes[2].state["resume"]["node"] == "relationship"
    assert "How are you connected to them?" in outcomes[3].replies[-1], outcomes[3].replies


def test_an_overdose_with_the_question_gets_the_911_steps_only() -> None:
    (out,) = converse(["how do i use narcan he's not breathing"])
    assert len(out.replies) == 3 and out.replies[0].startswith("If someone may be overdosing")
    assert out.state["flow"] is None


# --- the texts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "most"),
    # The how-to carries every step (flows.validate_facts.NALOXONE_STEPS): two segments.
    [("naloxone_use", 2), ("naloxone_not_reversed", 1), ("naloxone_tranq", 1),
     ("naloxone_by_mail", 1)],
)  # fmt: skip
@pytest.mark.parametrize("language", ["en", "es"])
def test_each_answer_is_plain_and_short_and_the_default_matches(
    name: str, most: int, language: str
) -> None:
    shipped = FLOWS["system"].strings[name][language]
    said = shipped.replace("{mail_order}", DEFAULT_STRINGS["mail_order"][language])
    assert encoding(said) == "GSM-7" and segments(said) <= most, said
    assert DEFAULT_STRINGS[name][language] == shipped


def test_answers_that_say_911_must_keep_it() -> None:
    assert REQUIRED_WORDS["naloxone_use"] == REQUIRED_WORDS["naloxone_not_reversed"] == "911"
    assert REQUIRED_WORDS["naloxone_tranq"] == "911"


def test_asked_by_mail_at_the_menu_mail_order_comes_before_the_finder() -> None:
    outcomes = converse(["hi", "can you mail me narcan"])
    mail, finder = outcomes[1].replies
    assert mail == "Free naloxone by mail: nextdistro.org." and finder.endswith(FINDER["en"])


# --- asked at the finder's question ("it" is the naloxone searched for) ------------------------


@pytest.mark.parametrize(
    ("text", "answer"),
    [("how do i use it tho", STEPS), ("how many doses do i need", STEPS),
     ("what do i do with it", STEPS),
     ("does it work on tranq", TRANQ), ("does it work on benzos", NOT_REVERSED)],
)  # fmt: skip
def test_a_question_at_the_finders_question_is_answered_then_asked_again(text, answer) -> None:
    """ "narcan", then "how do i use it tho" got "Sorry, I couldn't find that place"."""
    outcomes = converse(["narcan", text, "amherst"])
    replies = outcomes[1].replies
    assert replies[0].startswith(answer["en"]) and "911" in replies[0], replies
    assert replies[-1].endswith(FINDER["en"]), replies
    assert not any("couldn't find" in r for r in replies), replies
    assert outcomes[1].state["flow"] == "naloxone" and outcomes[1].state["retries"] == 0
    assert not [e for e in outcomes[1].effects if e.kind == "log_search"]  # no place searched
    assert outcomes[2].replies[0].startswith("Free naloxone near Amherst."), outcomes[2].replies


def test_a_question_at_the_finders_question_in_spanish_is_answered_in_spanish() -> None:
    outcomes = converse(["naloxona", "y funciona con tranq?"])
    answer, finder = outcomes[1].replies
    assert answer.startswith(TRANQ["es"]) and finder.endswith(FINDER["es"]), outcomes[1].replies


def test_a_question_and_a_town_at_the_finders_question_get_both() -> None:
    outcomes = converse(["narcan", "how many doses do i need, im in amherst"])
    answer, sites = outcomes[1].replies[:2]
    assert answer.startswith(STEPS["en"]), outcomes[1].replies
    assert sites.startswith("Free naloxone near Amherst."), outcomes[1].replies


def test_asked_how_to_use_them_in_a_supply_search_gets_no_naloxone_steps() -> None:
    """In a search for test strips "them" is the strips, not naloxone."""
    outcomes = converse(["where can i get test strips", "how do i use them"])
    assert not any(r.startswith(STEPS["en"]) for r in outcomes[1].replies), outcomes[1].replies


def test_what_naloxone_does_with_tranq_is_said_plainly_and_keeps_911() -> None:
    for language in ("en", "es"):
        text = FLOWS["system"].strings["naloxone_tranq"][language]
        assert "911" in text and ("tranq" in text.lower()), text


# --- asked as the answer to a question about what would help ----------------------------------


@pytest.mark.parametrize(
    ("texts", "language"),
    [(["hi", "1", "how do i use narcan"], "en"),
     (["hola", "1", "cómo se usa la naloxona"], "es")],
)  # fmt: skip
def test_asked_at_the_self_referrals_needs_the_steps_come_with_the_answer(
    texts: list[str], language: str
) -> None:
    """ "how do i use narcan" to "What would you like help with?" picked Naloxone, and the
    person who asked how to use it got no steps."""
    outcomes = converse(texts)
    replies = outcomes[-1].replies
    assert replies[0].startswith(STEPS[language]), replies
    assert outcomes[-1].state["vars"]["needs"] == ["naloxone"]
    assert outcomes[-1].state["node"] == "town", outcomes[-1].state


def test_asked_at_the_family_needs_the_steps_are_said_once() -> None:
    """The family's "learn" answer says its own steps: not the system's as well."""
    outcomes = converse(["hi", "2", "1", "how do i use narcan"])
    replies = outcomes[-1].replies
    assert [r[:22] for r in replies].count("To use nasal naloxone:") == 1, replies


# --- asked whether naloxone or test strips are needed for stimulants ---------------------------

STIMULANTS = {
    "en": "Yes: fentanyl turns up in coke, crack, meth and pressed pills.",
    "es": "Si: el fentanilo aparece en la coca, el crack, el cristal y las pastillas de la calle.",
}


@pytest.mark.parametrize(
    ("text", "language"),
    [("i only smoke meth, never opiates. do i even need narcan? or test strips?", None),
     ("do i need fentanyl test strips for crack", None),
     ("do i need narcan if i only do coke", None),
     ("should i carry narcan if i smoke crack", None),
     ("necesito narcan si solo uso cristal", "es"),
     ("necesito narcan si solo uso crack", "es"),
     ("necesito naloxona si solo uso coca", "es")],
)  # fmt: skip
def test_asked_if_it_is_needed_for_stimulants_is_recognised(text: str, language) -> None:
    found = detect(text)
    assert found is not None and found.kind == "naloxone", found
    assert (found.question, found.language, found.supply) == ("stimulants", language, None)


@pytest.mark.parametrize(
    "text",
    ["narcan for my brother he uses crack", "where can i get test strips for meth",
     "i need narcan", "test strips amherst"],
)  # fmt: skip
def test_a_search_that_names_a_stimulant_asks_nothing(text: str) -> None:
    found = detect(text)
    assert found is None or found.question != "stimulants", found


@pytest.mark.parametrize(
    ("text", "language"),
    [("i only smoke meth, never opiates. do i even need narcan? or test strips?", "en"),
     ("do i need fentanyl test strips for crack", "en"),
     ("necesito narcan si solo uso cristal", "es")],
)  # fmt: skip
def test_stimulants_get_the_answer_then_the_finders_question(text: str, language: str) -> None:
    """ "do i need fentanyl test strips for crack" got the menu and a self-referral; "i only
    smoke meth ... do i even need narcan" got only the town question."""
    outcomes = converse([text, "amherst"])
    answer, finder = outcomes[0].replies
    assert answer.startswith(STIMULANTS[language]), answer
    assert "911" in answer and ("alone" in answer or "a solas" in answer), answer
    assert finder.endswith(FINDER[language]), finder
    assert outcomes[0].state["flow"] == "naloxone"
    header = {"en": "Free naloxone near", "es": "Naloxona gratis cerca de"}[language]
    assert outcomes[1].replies[0].startswith(f"{header} Amherst."), outcomes[1].replies


def test_stimulants_asked_at_the_menu_get_the_answer_and_the_finder() -> None:
    outcomes = converse(["hi", "do i need fentanyl test strips for crack"])
    answer, finder = outcomes[1].replies
    assert answer.startswith(STIMULANTS["en"]) and finder.endswith(FINDER["en"]), outcomes[1]
    assert outcomes[1].state["flow"] == "naloxone"


def test_stimulants_asked_at_the_finders_question_are_answered_then_asked_again() -> None:
    outcomes = converse(["narcan", "do i even need it if i only smoke meth"])
    answer, finder = outcomes[1].replies
    assert answer.startswith(STIMULANTS["en"]) and finder.endswith(FINDER["en"]), outcomes[1]
    assert outcomes[1].state["retries"] == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_stimulants_answer_is_shipped_editable_and_keeps_911(language: str) -> None:
    shipped = FLOWS["system"].strings["naloxone_stimulants"][language]
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2, shipped
    assert DEFAULT_STRINGS["naloxone_stimulants"][language] == shipped
    assert REQUIRED_WORDS["naloxone_stimulants"] == "911"


@pytest.mark.parametrize(
    ("flow", "name"), [("system", "naloxone_use"), ("family", "res_naloxone_howto")]
)
def test_the_spanish_how_to_names_the_person_to_wake(flow: str, name: str) -> None:
    """ "Naloxona nasal: trate de despertarla" reads as waking the naloxone: the person is
    named, so "pongala de lado" and "quédese con ella" are about them too."""
    text = FLOWS[flow].strings[name]["es"]
    assert "despertar a la persona" in text and "despertarla" not in text, text
