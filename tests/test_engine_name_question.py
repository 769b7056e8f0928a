"""The name question: a nod ("ok", "thanks") is no name, and a name that is also a word is."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flows.engine import step
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.types import Context

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))
BEFORE_THE_NAME = {
    "needs": ["coach"],
    "town": "Amherst",
    "contact_method": "text",
    "best_time": "morning",
    "peers_only": True,
}


def answer_the_name(text: str, language: str = "en"):
    state = {
        "v": 1,
        "language": language,
        "flow": "self_referral",
        "node": "name",
        "vars": dict(BEFORE_THE_NAME),
        "labels": {},
        "pins": {},
        "updated_at": NOW.isoformat(),
    }
    return step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY))


def assert_no_name_given(out) -> None:
    """As SKIP does: no name saved, and the summary that follows says so."""
    assert out.state["node"] == "confirm"
    assert out.state["vars"]["name"] is None
    summary = out.replies[-1]
    assert ("Name: not given" in summary) or ("Nombre: sin dato" in summary)


@pytest.mark.parametrize(
    ("text", "language"),
    [("ok", "en"), ("k", "en"), ("Okay", "en"), ("thanks", "en"), ("sure", "en"), ("yes", "en"),
     ("ok thanks", "en"), ("Yes.", "en"), ("👍", "en"), ("ok thank you", "en"), ("yeah", "en"),
     ("claro", "es"), ("gracias", "es"), ("sí", "es"), ("ok gracias", "es")],
)  # fmt: skip
def test_a_nod_at_the_name_question_gives_no_name(text: str, language: str) -> None:
    """As SKIP does: the summary that follows says so, and offers to change it."""
    assert_no_name_given(answer_the_name(text, language))


@pytest.mark.parametrize(
    ("text", "name"),
    [("Joy", "Joy"), ("Sunny", "Sunny"), ("Will", "Will"), ("Dale", "Dale"), ("Sam", "Sam"),
     ("my name is Jay", "Jay"), ("Hope", "Hope"), ("Vale", "Vale"), ("Kay", "Kay"),
     ("Will Smith", "Will Smith"), ("Dale Smith", "Dale Smith"), ("Sunny K", "Sunny K")],
)  # fmt: skip
def test_a_name_that_is_also_a_word_is_kept(text: str, name: str) -> None:
    out = answer_the_name(text)
    assert out.state["vars"]["name"] == name
    assert f"Name: {name}" in out.replies[-1]


@pytest.mark.parametrize(
    ("text", "name"),
    [("ok Sam", "Sam"), ("k its Sam", "Sam"), ("sure, Sam", "Sam"), ("yes Sam", "Sam"),
     ("Okay, my name is Sam", "Sam"), ("yeah call me Sam", "Sam"), ("ok Dale", "Dale"),
     ("K. J.", "K. J."), ("sí, soy Ana", "Ana")],
)  # fmt: skip
def test_a_nod_before_the_name_is_not_part_of_it(text: str, name: str) -> None:
    """ "ok Sam" answers the question with a nod and a name: the name is Sam."""
    out = answer_the_name(text)
    assert out.state["vars"]["name"] == name
    assert f"Name: {name}" in out.replies[-1]


def test_a_nod_and_thanks_is_still_no_name() -> None:
    out = answer_the_name("ok thanks")
    assert out.state["vars"]["name"] is None


@pytest.mark.parametrize(
    ("text", "name"),
    [("\u202eMaria\u202c", "Maria"), ("Jo\u200bsh", "Josh"), ("\ufeffSam\u2066", "Sam"),
     ("Ana\u0085 Ruiz", "Ana Ruiz")],
)  # fmt: skip
def test_invisible_characters_never_reach_a_name(text: str, name: str) -> None:
    """A direction mark or zero-width space would reorder what responders read next to it
    ("Peers only: no police" shown backwards)."""
    out = answer_the_name(text)
    assert out.state["vars"]["name"] == name


@pytest.mark.parametrize("text", ["\u202e", "\u200b\u200b", "\u202e\u202c \u2066"])
def test_a_name_of_invisible_characters_only_is_no_name(text: str) -> None:
    out = answer_the_name(text)
    assert out.state["vars"].get("name") is None


def answer_from_contact(texts: list[str], language: str = "en"):
    """Send each text in turn to a self-referral waiting at "How should we reach you?"."""
    state = {
        "v": 1,
        "language": language,
        "flow": "self_referral",
        "node": "contact",
        "vars": {"needs": ["coach"], "town": "Amherst"},
        "labels": {},
        "pins": {},
        "updated_at": NOW.isoformat(),
    }
    outs = []
    for text in texts:
        outs.append(step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY)))
        state = outs[-1].state
    return outs


@pytest.mark.parametrize(
    ("text", "language", "time", "name"),
    [("call me, my name is sam, after 5", "en", "after 5", "sam"),
     ("call me after 5, my name is Sam", "en", "after 5", "Sam"),
     ("call me im sam after 5", "en", "after 5", "sam"),
     ("text me after 5. I'm Jay", "en", "after 5", "Jay"),
     ("llamame, soy ana, despues de las 5", "es", "despues de las 5", "ana"),
     ("mensaje por la tarde, me llamo Ana Ruiz", "es", "afternoon", "Ana Ruiz")],
)  # fmt: skip
def test_a_name_said_with_how_to_reach_and_a_time_is_kept_for_the_name_question(
    text: str, language: str, time: str, name: str
) -> None:
    """ "call me, my name is sam, after 5" saved "my name is sam, after 5" as the best time and
    asked the name again: the time is the best time, the name answers the name question, and
    nothing said is kept twice as a note."""
    contact, team = answer_from_contact([text, "1"], language)
    assert contact.state["vars"]["best_time"] == time
    assert team.state["node"] == "confirm"
    assert team.state["vars"]["name"] == name
    assert "_said" not in team.state["vars"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("call me im free after 5", "en"), ("call me im at work till 5, after 5", "en"),
     ("text me after 5 i am busy before", "en"), ("llamame, soy de ware, despues de las 5", "es"),
     ("llamame despues de las 5, estoy trabajando", "es")],
)  # fmt: skip
def test_words_that_only_start_like_a_name_are_no_name(text: str, language: str) -> None:
    """ "im free", "estoy trabajando": said of when, not who; the name is still asked."""
    team = answer_from_contact([text, "1"], language)[-1]
    assert team.state["node"] == "name"
    assert "name" not in team.state["vars"] and "_name_told" not in team.state["vars"]


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [("Grace, im pregnant", "en", "Grace"), ("sam, i used to use", "en", "sam"),
     ("mike from ware", "en", "mike"), ("Grace. im pregnant", "en", "Grace"),
     ("jay i just want to talk", "en", "jay"), ("Ana, estoy embarazada", "es", "Ana"),
     ("soy Ana y tengo miedo", "es", "Ana"),
     ("My name is Jay but my friends call me JJ, either is ok", "en", "Jay")],
)  # fmt: skip
def test_only_the_name_is_kept_of_a_sentence(text: str, language: str, name: str) -> None:
    """Least data: what is said beside a name ("im pregnant") is not the name, and is not
    shown to the team on the name line."""
    out = answer_the_name(text, language)
    assert out.state["vars"]["name"] == name
    summary = out.replies[-1]
    assert (f"Name: {name}\n" in summary) or (f"Nombre: {name}\n" in summary)
    assert "pregnant" not in summary and "embarazada" not in summary


@pytest.mark.parametrize(
    "name",
    [
        "Mary Jo",
        "J",
        "DJ",
        "ana maria",
        "A.J.",
        "El Flaco",
        "Maria de la Luz",
        "Jo",
        "Will",
        "Hope",
        "Do Nguyen",
        "Sunny K",
        "Lil Mike",
    ],
)
def test_real_short_names_are_kept_whole(name: str) -> None:
    out = answer_the_name(name)
    assert out.state["vars"]["name"] == name


@pytest.mark.parametrize(
    ("text", "language"),
    [("i give up on this app", "en"), ("im over it", "en"), ("idk", "en"), ("dunno", "en"),
     ("i dont know", "en"), ("im pregnant", "en"), ("no se", "es"), ("estoy cansada", "es")],
)  # fmt: skip
def test_a_sentence_that_is_no_name_is_not_saved(text: str, language: str) -> None:
    """As SKIP does: no name saved, and the summary says so and offers to change it."""
    assert_no_name_given(answer_the_name(text, language))


@pytest.mark.parametrize(
    ("text", "language"),
    [("why", "en"), ("why?", "en"), ("why do you need it", "en"), ("what for", "en"),
     ("por que", "es"), ("para que?", "es")],
)  # fmt: skip
def test_asked_why_the_name_is_asked_again_with_why(text: str, language: str) -> None:
    out = answer_the_name(text, language)
    assert out.state["node"] == "name"
    assert out.state["vars"].get("name") is None
    said = out.replies[-1]
    assert ("SKIP" in said) or ("SALTAR" in said)
    assert ("what to call you" in said) or ("como llamarle" in said)


@pytest.mark.parametrize(
    ("text", "language"),
    [("mi pana me dice Chino", "es"), ("mis panas me dicen Chino", "es"),
     ("my friends call me Chino", "en"), ("dime Chino", "es"), ("Dime Chino", "en"),
     ("todos me dicen Chino", "es"), ("everyone calls me Chino", "en"),
     ("my boys just call me Chino", "en"), ("en el barrio me conocen como Chino", "es"),
     ("llámame Chino", "es"), ("you can call me Chino", "en"), ("me dicen Chino", "es")],
)  # fmt: skip
def test_a_nickname_said_with_who_uses_it_is_the_name(text: str, language: str) -> None:
    """ "mi pana me dice Chino" and "my friends call me Chino" left no name, and "dime
    Chino" ("call me Chino") was kept as the name "dime Chino"."""
    out = answer_the_name(text, language)
    assert out.state["vars"]["name"] == "Chino"
    assert "Chino" in out.replies[-1] and "dime" not in out.replies[-1].lower()


@pytest.mark.parametrize("text", ["Dimas", "Llamas", "Dimitri Call"])
def test_a_name_that_starts_like_call_me_is_kept_whole(text: str) -> None:
    assert answer_the_name(text).state["vars"]["name"] == text


def answer_the_name_without_a_time(text: str, language: str = "en"):
    """The name question, with no best time answered before it."""
    state = {
        "v": 1,
        "language": language,
        "flow": "self_referral",
        "node": "name",
        "vars": {k: v for k, v in BEFORE_THE_NAME.items() if k != "best_time"},
        "labels": {},
        "pins": {},
        "updated_at": NOW.isoformat(),
    }
    return step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY))


@pytest.mark.parametrize(
    ("text", "language", "time"),
    [("call me after 5", "en", "after 5"), ("text me after 6pm", "en", "after 6pm"),
     ("llamame despues de las 5", "es", "despues de las 5"),
     ("llámame después de las 5", "es", "después de las 5"), ("after 5", "en", "after 5")],
)  # fmt: skip
def test_a_time_said_at_the_name_question_is_no_name(text: str, language: str, time) -> None:
    """ "call me after 5" was saved as the name "after 5", "llamame despues de las 5" as
    "despues de las 5": a time is no name, and the best time already answered stays."""
    out = answer_the_name(text, language)
    assert out.state["node"] == "confirm"
    assert out.state["vars"]["name"] is None
    assert out.state["vars"]["best_time"] == "morning"
    unanswered = answer_the_name_without_a_time(text, language)
    assert unanswered.state["vars"]["name"] is None
    assert unanswered.state["vars"]["best_time"] == time


@pytest.mark.parametrize(
    ("text", "name"),
    [("call me sam after 5", "sam"), ("im Jay, text me after 6pm", "Jay"),
     ("Domingo", "Domingo"), ("Domingo Ruiz", "Domingo Ruiz")],
)  # fmt: skip
def test_a_name_said_with_a_time_is_the_name_and_a_day_that_is_a_name_stays(text, name) -> None:
    out = answer_the_name_without_a_time(text)
    assert out.state["vars"]["name"] == name


@pytest.mark.parametrize(
    ("text", "language"),
    [("dime por que", "es"), ("digame para que", "es"), ("tell me why", "en"),
     ("but why do you need it", "en")],
)  # fmt: skip
def test_asked_why_in_other_words_is_told_why(text: str, language: str) -> None:
    """ "dime por que" gave no name and the summary followed, unanswered."""
    out = answer_the_name(text, language)
    assert out.state["node"] == "name"
    said = out.replies[-1]
    assert ("what to call you" in said) or ("como llamarle" in said)
