"""A photo, contact card or other file sent with no words: we say we read only words, and
what we are waiting for. The engine is told only that media came; it never sees the media."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding
from tests.test_engine_interrupts import EVERY_STATE, FLOWS, NOW, ctx, state_at
from tests.test_engine_paths import converse

NOTE = {
    "en": "We got your message, but we can only read words here, not photos or other files.",
    "es": "Recibimos su mensaje, pero aqui solo podemos leer palabras, no fotos ni archivos.",
}


def with_media(opted_out: bool = False):
    return dataclasses.replace(ctx(opted_out), media=True)


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize("language", ["en", "es"])
def test_media_with_no_words_says_so_and_asks_the_question_again(flow_id, node, language):
    before = state_at(flow_id, node, language)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, "", with_media())
    (reply,) = out.replies
    assert reply.startswith(NOTE[language] + "\n")
    assert "couldn't find that place" not in reply and "no encontré" not in reply
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["vars"] == {"needs": ["coach"]}
    assert out.state["retries"] == 0
    assert out.effects == ()


def test_at_the_naloxone_finder_the_place_question_is_asked_again():
    out = step(FLOWS, state_at("naloxone", "ask"), "", with_media())
    assert out.replies == (
        f"{NOTE['en']}\nNaloxone (Narcan) is free, and you don't need to give your name. "
        "What town or ZIP code are you near?",
    )
    assert [e.kind for e in out.effects] == []  # no search was made, so none is counted


def test_a_town_to_pick_is_asked_again_with_its_list():
    before = state_at("naloxone", "ask")
    before["pending"] = {"towns": ["Amherst", "Pelham"]}
    (reply,) = step(FLOWS, before, "", with_media()).replies
    assert reply.startswith(NOTE["en"]) and "1) Amherst\n2) Pelham" in reply


@pytest.mark.parametrize("language", ["en", "es"])
def test_outside_a_conversation_media_gets_the_note_and_the_menu(language):
    finished = state_at("menu", "welcome", language)
    finished.update(flow=None, node=None)
    out = step(FLOWS, finished, "", with_media())
    assert out.replies[0].startswith(NOTE[language] + "\n")
    assert "1) " in out.replies[0]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")


def test_a_first_text_of_media_gets_the_note_and_the_menu():
    out = step(FLOWS, None, "", with_media())
    assert out.replies[0].startswith(NOTE["en"] + "\nHampshire HOPE Line: free, confidential")


def test_media_with_words_is_read_as_the_words():
    out = step(FLOWS, state_at("naloxone", "ask"), "amherst", with_media())
    assert "Amherst" in " ".join(out.replies)
    assert NOTE["en"] not in " ".join(out.replies)


def test_media_from_a_number_that_opted_out_gets_no_reply():
    out = step(FLOWS, state_at("menu", "welcome"), "", with_media(opted_out=True))
    assert out.replies == () and out.effects == ()


def test_an_empty_text_without_media_is_still_a_retry():
    out = step(FLOWS, state_at("naloxone", "ask"), "", ctx())
    assert NOTE["en"] not in " ".join(out.replies)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_note_is_plain_gsm_and_shipped_as_the_default(language):
    assert encoding(NOTE[language]) == "GSM-7"
    assert FLOWS["system"].strings["media_only"][language] == NOTE[language]
    assert DEFAULT_STRINGS["media_only"][language] == NOTE[language]


# Soon after the emergency steps, a photo is most likely of the person overdosing: a short
# reminder of what matters, never the menu.
AFTER_STEPS = {
    "en": "We can't see photos here. If they're not breathing: call 911 now, give naloxone "
    "(Narcan), and stay with them.",
    "es": "No podemos ver fotos aqui. Si no respira: llame al 911 ahora, dé naloxona (Narcan) y "
    "quédese con la persona.",
}


def media_at(minutes: int):
    return dataclasses.replace(ctx(), media=True, now=NOW + timedelta(minutes=minutes))


@pytest.mark.parametrize(
    ("texts", "language"),
    [(["my friend is not breathing"], "en"), (["mi amigo no respira"], "es")],
)
def test_a_photo_just_after_the_steps_gets_the_short_reminder_not_the_menu(texts, language):
    before = converse(texts)[-1].state
    out = step(FLOWS, before, "", media_at(5))
    (reply,) = out.replies
    assert reply.startswith(AFTER_STEPS[language])
    assert "1) " not in reply and NOTE[language] not in reply


def test_a_photo_just_after_the_steps_mid_conversation_keeps_the_question_waiting():
    outs = converse(["i need a recovery coach", "my friend is not breathing"])
    out = step(FLOWS, outs[-1].state, "", media_at(5))
    (reply,) = out.replies
    assert reply.startswith(AFTER_STEPS["en"])
    assert "1) " not in reply
    assert (out.state["flow"], out.state["node"]) == (outs[-1].state["flow"], "town")


def test_a_photo_long_after_the_steps_gets_the_usual_note():
    before = converse(["my friend is not breathing"])[-1].state
    (reply, *_) = step(FLOWS, before, "", media_at(60 * 24)).replies
    assert reply.startswith(NOTE["en"])


UNSEEN = {
    "en": "We can only read words here, not photos.",
    "es": "Aqui solo podemos leer palabras, no fotos.",
}


def test_media_with_words_mid_conversation_answers_the_words_then_says_photos_go_unseen():
    outs = converse(["i need a recovery coach"])
    out = step(FLOWS, outs[-1].state, "amherst", media_at(5))
    assert "How should we reach you?" in out.replies[0]
    assert out.replies[-1] == UNSEEN["en"]
    again = step(FLOWS, out.state, "1", media_at(6))
    assert UNSEEN["en"] not in again.replies  # said once


def test_media_with_words_in_spanish_says_it_in_spanish():
    outs = converse(["necesito un coach de recuperacion"])
    out = step(FLOWS, outs[-1].state, "holyoke", media_at(5))
    assert out.replies[-1] == UNSEEN["es"]


@pytest.mark.parametrize("name", ["media_after_steps", "media_with_words"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_photo_notes_are_plain_gsm_and_shipped_as_the_default(name, language):
    text = {"media_after_steps": AFTER_STEPS, "media_with_words": UNSEEN}[name][language]
    assert encoding(text) == "GSM-7"
    assert FLOWS["system"].strings[name][language] == text
    assert DEFAULT_STRINGS[name][language] == text
