"""ALERTS / ALERTAS signs a texter up for bad batch alerts from any point, and ALERTS OFF /
ALERTAS NO signs them off; a question waits, and nothing else is read as either."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, detect
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.sms import encoding, segments
from flows.types import Context
from flows.validate_facts import check_safety_facts

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))


def ctx(opted_out: bool = False) -> Context:
    return Context(now=NOW, places=DIRECTORY, opted_out=opted_out)


def kinds(outcome) -> list[str]:
    return [effect.kind for effect in outcome.effects]


def alert_effects(outcome) -> list:
    return [e for e in outcome.effects if e.kind in ("subscribe_alerts", "unsubscribe_alerts")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ALERTS", "en"),
        ("alerts", "en"),
        ("Alert", "en"),
        ("alerts on", "en"),
        ("ALERTAS", "es"),
        ("alertas", "es"),
        ("alertas si", "es"),
        ("Alertas sí", "es"),
    ],
)
def test_the_keyword_as_a_first_text_signs_up_in_its_language(text: str, language: str) -> None:
    out = step(FLOWS, None, text, ctx())
    (effect,) = alert_effects(out)
    assert effect.kind == "subscribe_alerts"
    assert effect.data == {"language": language}
    assert out.replies[0].startswith(DEFAULT_STRINGS["alerts_on"][language])


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ALERTS OFF", "en"),
        ("alerts off", "en"),
        ("no alerts", "en"),
        ("ALERTAS NO", "es"),
        ("alertas off", "es"),
        ("no mas alertas", "es"),
    ],
)
def test_alerts_off_signs_off_with_a_confirmation(text: str, language: str) -> None:
    out = step(FLOWS, None, text, ctx())
    (effect,) = alert_effects(out)
    assert effect.kind == "unsubscribe_alerts"
    assert out.replies[0].startswith(DEFAULT_STRINGS["alerts_off"][language])
    assert "opt_out" not in kinds(out)  # alerts only: every other text still comes


def test_mid_question_the_question_waits() -> None:
    first = step(FLOWS, None, "menu", ctx())
    asked = step(FLOWS, first.state, "1", ctx())
    out = step(FLOWS, asked.state, "ALERTS", ctx())
    assert kinds(out).count("subscribe_alerts") == 1
    assert out.state["flow"] == asked.state["flow"] and out.state["node"] == asked.state["node"]
    assert "reply to our last question" in out.replies[-1]
    # and the question is still answered afterwards
    again = step(FLOWS, out.state, "1", ctx())
    assert again.state["node"] != asked.state["node"] or again.state["flow"] != "menu"


def test_the_subscription_takes_the_conversations_language_mid_question() -> None:
    first = step(FLOWS, None, "hola", ctx())
    assert first.state["language"] == "es"
    out = step(FLOWS, first.state, "ALERTS", ctx())
    (effect,) = alert_effects(out)
    assert effect.data == {"language": "es"}
    assert out.replies[0].startswith(DEFAULT_STRINGS["alerts_on"]["es"])


def test_an_opted_out_number_is_neither_answered_nor_signed_up() -> None:
    out = step(FLOWS, None, "ALERTS", ctx(opted_out=True))
    assert out.replies == ()
    assert alert_effects(out) == []


@pytest.mark.parametrize(
    "text",
    [
        "any alerts about fentanyl?",
        "are there alerts for xylazine",
        "i got your alert",
        "alerts about what",
        "alerta de sobredosis en holyoke",
        "no alerts yet?",
    ],
)
def test_other_words_about_alerts_sign_nobody_up(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("alerts_on", "alerts_off")
    out = step(FLOWS, None, text, ctx())
    assert alert_effects(out) == []


@pytest.mark.parametrize("name", ["alerts_on", "alerts_off"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_replies_are_shipped_plain_and_short(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert encoding(shipped) == "GSM-7", shipped
    assert not set(shipped) & set("áíóú“”’—"), shipped
    # with the note that follows it mid-question, still at most two segments
    assert segments(shipped + "\n" + FLOWS["system"].strings["resume"][language]) <= 2


def test_the_sign_up_says_how_to_stop_alerts_and_all_texts() -> None:
    assert "ALERTS OFF" in DEFAULT_STRINGS["alerts_on"]["en"]
    assert "ALERTAS NO" in DEFAULT_STRINGS["alerts_on"]["es"]
    for language in ("en", "es"):
        assert "STOP" in DEFAULT_STRINGS["alerts_on"][language]


def test_an_edit_that_drops_how_to_stop_alerts_is_an_error() -> None:
    from dataclasses import replace

    system = FLOWS["system"]
    strings = dict(system.strings)
    strings["alerts_on"] = {"en": "You're signed up.", "es": "Listo."}
    problems = list(check_safety_facts("system", replace(system, strings=strings)))
    assert any("alerts_on" in p.path and p.severity == "error" for p in problems), problems


SIGN_OFFS = [
    ("STOP ALERTS", "en"),
    ("stop alerts", "en"),
    ("no more alerts", "en"),
    ("cancel alerts", "en"),
    ("unsubscribe alerts", "en"),
    ("turn off alerts", "en"),
    ("turn off the alerts please", "en"),
    ("alerts off please", "en"),
    ("alerts stop", "en"),
    ("Stop the alerts, please!", "en"),
    ("i dont want alerts anymore", "en"),
    ("no alertas", "es"),
    ("no quiero alertas", "es"),
    ("parar alertas", "es"),
    ("quitar las alertas por favor", "es"),
    ("cancelar alertas", "es"),
    ("ya no quiero mas alertas", "es"),
    ("alertas stop", "es"),
]


@pytest.mark.parametrize(("text", "language"), SIGN_OFFS)
def test_a_sign_off_in_plain_words_stops_alerts_only(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "alerts_off", found
    out = step(FLOWS, None, text, ctx())
    (effect,) = alert_effects(out)
    assert effect.kind == "unsubscribe_alerts"
    assert out.replies[0].startswith(DEFAULT_STRINGS["alerts_off"][language])
    # "STOP ALERTS" is about alerts: carriers act on the single word STOP, and so do we.
    assert "opt_out" not in kinds(out)


@pytest.mark.parametrize(
    "text", ["STOP", "stop texting me", "cancel", "stop alerts and all texts", "parar"]
)
def test_a_stop_that_names_no_alerts_is_still_an_opt_out(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "alerts_off"
    if text.lower() in ("stop", "stop texting me", "cancel", "parar"):
        assert found is not None and found.kind == "opt_out"


@pytest.mark.parametrize(
    "text", ["i cant stop using, any alerts?", "no alerts yet?", "stop alerts me when"]
)
def test_other_words_with_stop_and_alerts_sign_nobody_off(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("alerts_on", "alerts_off")


def test_alertas_in_an_english_conversation_signs_up_in_spanish() -> None:
    first = step(FLOWS, None, "menu", ctx())
    assert first.state["language"] == "en"
    asked = step(FLOWS, first.state, "1", ctx())
    out = step(FLOWS, asked.state, "ALERTAS", ctx())
    (effect,) = alert_effects(out)
    assert effect.data == {"language": "es"}
    assert out.replies[0].startswith(DEFAULT_STRINGS["alerts_on"]["es"])
    # the question still waits, and the conversation keeps its language
    assert out.state["node"] == asked.state["node"]
    assert out.state["language"] == "en"


def test_alerts_at_the_start_of_an_english_conversation_signs_up_in_spanish() -> None:
    first = step(FLOWS, None, "hi", ctx())
    assert first.state["language"] == "en"
    out = step(FLOWS, first.state, "alertas si", ctx())
    (effect,) = alert_effects(out)
    assert effect.data == {"language": "es"}
    assert out.replies[0].startswith(DEFAULT_STRINGS["alerts_on"]["es"])
