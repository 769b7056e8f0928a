"""Texts that share words with someone found looking dead, or with a bystander's signs, but tell
of a death long past, a phone not answered or a low mood, get no overdose steps: a grieving
relative sent the 911 script instead of condolences is harmed by it. The true emergencies they
sit beside still get the steps."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import detect
from flows.types import Context
from tests.test_engine_interrupts import DIRECTORY, FLOWS, MUST_SAY, NOW, ctx
from tests.test_engine_police import sent_request

# A death told with when or where it happened: condolences, as in English.
PAST_DEATHS = [
    ("creo que mi papa murio cuando yo era nino", "Sentimos mucho su pérdida"),
    ("creo que mi hermano murio en marzo", "Sentimos mucho su pérdida"),
    ("creo que mi hermano murio en 2019", "Sentimos mucho su pérdida"),
    ("creo que mi primo se murio en la carcel", "Sentimos mucho su pérdida"),
    ("creo que mi hermano fallecio hace un par de años", "Sentimos mucho su pérdida"),
    ("i think my dad died when i was a kid", "sorry for your loss"),
    ("i think my brother died in 2019", "sorry for your loss"),
]
# Believed dead, and more said that tells of a loss, not of now.
LOSSES_EN = [
    ("i think my brother died and its my fault", "sorry for your loss"),
    ("not sure my brother died sober", "sorry for your loss"),
    ("my mom passed and i think my brother died too of grief", "sorry for your loss"),
]
# A phone not answered, or a low mood.
SILENCES_ES = [
    "mi esposo no contesta",
    "mi novio no me contesta, creo que esta con otra",
    "mi papa no contesta, tengo que hablar con el",
    "mi hermano no se levanta de la depresion",
    "mi hija no se levanta de la tristeza",
]
# The emergencies beside them, kept.
STILL_STEPS = [
    ("i think my brother died", "en"),
    ("i think my friend just died", "en"),
    ("i think he died what do i do", "en"),
    # Found so with no time told: the design gives the steps first.
    ("i think my brother died in his sleep", "en"),
    ("i think my brother died omg", "en"),
    ("creo que mi hermano murio", "es"),
    ("creo que se murio en el baño", "es"),
    ("creo que se murio mientras dormia", "es"),
    ("creo que mi hermano se murio ahorita en mi casa", "es"),
    ("mi esposo no contesta, esta tirado", "es"),
    ("mi novio no contesta y tiene los labios morados", "es"),
    ("mi hermano no contesta, se metio heroina", "es"),
    ("mi hijo no me contesta, no se despierta", "es"),
]


def _steps(replies: tuple[str, ...], language: str) -> bool:
    said = " ".join(replies)
    return "911" in replies[0] and all(fragment in said for fragment in MUST_SAY[language])


@pytest.mark.parametrize("text", [t for t, _ in PAST_DEATHS + LOSSES_EN] + SILENCES_ES)
def test_a_past_death_a_loss_or_a_silence_is_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"


@pytest.mark.parametrize(("text", "sorry"), PAST_DEATHS + LOSSES_EN)
def test_a_past_death_or_a_loss_gets_condolences_not_the_steps(text: str, sorry: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert sorry in " ".join(out.replies)
    assert "911" not in out.replies[0]


@pytest.mark.parametrize("text", SILENCES_ES)
def test_a_silence_as_a_first_text_gets_no_steps(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert not _steps(out.replies, "es")
    assert "911 ahora" not in out.replies[0]


@pytest.mark.parametrize(("text", "language"), STILL_STEPS)
def test_someone_found_looking_dead_or_a_sign_beside_a_silence_still_gets_the_steps(
    text: str, language: str
) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("emergency", language)
    assert _steps(step(FLOWS, None, text, ctx()).replies, language)


# The texter saying they may not reply: a note or the menu, never the bystander's steps.
TEXTER_MAY_NOT_REPLY = [
    "i might not answer for a bit",
    "hey i might not respond fast, at work",
    "my phone is dying so i may not respond",
    "i wont answer unknown numbers",
    "i lost my phone charger so i might not answer",
    "sorry if i dont respond im at work",
    "im not answering calls today",
    "i probably wont respond till tonight",
]
# Someone else not responding, or "not responding" alone, which may be said of someone lying
# there: the steps.
SOMEONE_NOT_RESPONDING = [
    "he wont respond",
    "she isnt responding",
    "my friend wont answer me and hes blue",
    "i cant get him to respond",
    "not responding",
    "i might not answer for a bit, my friend isnt responding",
]
# An overdose that may happen, asked about calling 911: the law and "if it happens, call 911".
OVERDOSE_IF_CALL_911 = [
    ("if my friend ods should i call 911", "If it happens, call 911"),
    ("if someone ods do i call 911", "If it happens, call 911"),
    ("if my son overdoses should we call an ambulance", "If it happens, call 911"),
    ("if someone overdoses should i call 911 or not", "If it happens, call 911"),
    ("si mi amigo tiene una sobredosis debo llamar al 911", "Si pasa, llame al 911"),
]
# Drunk on a day before today, nothing said of now: naloxone does not reverse alcohol, and
# whatever it was is over.
DRUNK_BEFORE_TODAY = [
    "my son passed out drunk last night",
    "my husband passed out drunk yesterday, im so tired of this",
    "my daughter got wasted and passed out 2 days ago",
]
# Drunk, and a sign now, or drunk with nothing said of when: the steps (naloxone is harmless
# when unsure).
DRUNK_NOW = [
    "my son passed out drunk and wont wake up",
    "he drank a lot and hes not breathing",
    "my son passed out drunk last night and wont wake up",
    "my son passed out drunk",
    "she passed out drunk last night and took some pills",
]


def _emergencies(out) -> list:
    return [e for e in out.effects if e.data.get("event") == "emergency"]


@pytest.mark.parametrize("text", TEXTER_MAY_NOT_REPLY)
def test_the_texter_saying_they_may_not_reply_is_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"
    out = step(FLOWS, None, text, ctx())
    assert not _emergencies(out)
    assert "call 911 now" not in " ".join(out.replies)
    assert "1) Support for myself" in " ".join(out.replies)


@pytest.mark.parametrize("text", TEXTER_MAY_NOT_REPLY)
def test_the_texter_saying_they_may_not_reply_after_a_request_is_a_note_for_the_team(
    text: str,
) -> None:
    open_request = Context(now=NOW, places=DIRECTORY, request_open=True)
    out = step(FLOWS, sent_request(), text, open_request)
    assert out.replies[0] == "Thanks, I've added that to your request for our team."
    assert not _emergencies(out)


@pytest.mark.parametrize("text", SOMEONE_NOT_RESPONDING)
def test_someone_else_not_responding_still_gets_the_steps(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency"
    out = step(FLOWS, None, text, ctx())
    assert _steps(out.replies, "en")
    assert _emergencies(out)


def test_an_overdose_told_as_a_past_habit_gets_the_naloxone_finder() -> None:
    text = "my friend used to overdose a lot, how do i get narcan"
    found = detect(text)
    assert found is not None and found.kind == "naloxone"
    out = step(FLOWS, None, text, ctx())
    assert not _emergencies(out)
    assert "no priming" not in " ".join(out.replies)


@pytest.mark.parametrize(("text", "if_it_happens"), OVERDOSE_IF_CALL_911)
def test_asking_whether_to_call_911_if_someone_ods_gets_the_law_not_the_steps(
    text: str, if_it_happens: str
) -> None:
    out = step(FLOWS, None, text, ctx())
    said = " ".join(out.replies)
    assert if_it_happens in out.replies[0]
    assert "Good Samaritan" in said or "Buen Samaritano" in said
    assert "no priming" not in said and "sin cebar" not in said
    assert not _emergencies(out)


def test_asking_what_to_do_if_someone_overdoses_gets_the_steps_as_information() -> None:
    out = step(FLOWS, None, "what do i do if someone overdoses", ctx())
    assert "no priming" in " ".join(out.replies)
    assert not _emergencies(out)


@pytest.mark.parametrize("text", DRUNK_BEFORE_TODAY)
def test_passed_out_drunk_on_a_day_before_today_is_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"
    out = step(FLOWS, None, text, ctx())
    assert not _emergencies(out)
    assert "call 911 now" not in " ".join(out.replies)
    assert "We're here for you too" in " ".join(out.replies)  # the family's support


@pytest.mark.parametrize("text", DRUNK_NOW)
def test_drunk_with_a_sign_now_still_gets_the_steps(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency"
    assert _emergencies(step(FLOWS, None, text, ctx()))
