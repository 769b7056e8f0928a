"""Asking how to stop our texts ("how do i stop these texts", "como dejo de recibir mensajes")
gets one line that says how, from any point: reply STOP. Asking is no opt-out; the question
waits, and after a request nothing goes to the team as a note. "how do i unsubscribe" names
the keyword and still opts out at once, as asking outright does ("quiero darme de baja", "take
me off this list")."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, detect
from flows.sms import encoding, segments
from tests.test_engine_interrupts import EVERY_STATE, FLOWS, ctx, state_at
from tests.test_notes_after_a_request import FAMILY_ES, SELF, converse, notes

HOW = {lang: FLOWS["system"].strings["how_to_stop"][lang] for lang in ("en", "es")}
ASKED = [
    ("how do i stop texts", "en"), ("how do i stop these texts", "en"),
    ("How can I stop getting these texts?", "en"), ("how do i make the texts stop", "en"),
    ("how do i get off this list", "en"), ("how can i get off your list?", "en"),
    ("como dejo de recibir mensajes", "es"), ("¿Cómo puedo dejar de recibir estos mensajes?", "es"),
    ("como cancelo los mensajes", "es"), ("como me doy de baja", "es"),
    ("¿Cómo me doy de baja?", "es"), ("como puedo darme de baja", "es"),
    ("como me salgo de esto", "es"), ("como me salgo de esta lista", "es"),
    ("como hago para que no me escriban mas", "es"),
    ("que hago para que ya no me manden mensajes", "es"),
    ("como hago para que no me sigan mandando mensajes", "es"),
]  # fmt: skip
NOT_ASKED = [
    "how do i stop using", "how do i stop him from using", "how do i stop", "stop judging me",
    "no puedo dejar de usar", "quiero dejar de usar", "como me salgo de las drogas",
    "como me salgo de esta situacion", "como hago para que no me escriba mi ex",
    "como hago para que mi hijo no se muera",
]  # fmt: skip
ASKED_IN_OTHER_WORDS_ES = [
    "como me doy de baja", "como me salgo de esto", "como hago para que no me escriban mas",
]  # fmt: skip
# Asking outright, not how: these opt out at once, as STOP does.
TOLD = [
    ("quiero darme de baja", "es"), ("no me manden mas mensajes", "es"),
    ("take me off this list", "en"), ("stop texting me please", "en"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), ASKED)
def test_asking_how_to_stop_is_heard(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("how_to_stop", language)


@pytest.mark.parametrize("text", NOT_ASKED)
def test_asking_how_to_stop_something_else_is_not(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "how_to_stop"


@pytest.mark.parametrize(("text", "language"), ASKED)
def test_a_first_text_is_told_how_and_not_opted_out(text: str, language: str) -> None:
    """It got the menu, which never says how to stop."""
    out = step(FLOWS, None, text, ctx())
    assert out.replies == (HOW[language],)
    assert "opt_out" not in [effect.kind for effect in out.effects]


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
def test_mid_question_the_line_comes_and_the_question_waits(flow_id: str, node: str) -> None:
    """ "reply with a number", or the words taken as an answer."""
    out = step(FLOWS, state_at(flow_id, node), "how do i stop these texts", ctx())
    assert out.replies[0].startswith(HOW["en"])
    assert "carry on" in out.replies[0]
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert "opt_out" not in [effect.kind for effect in out.effects]


@pytest.mark.parametrize(
    ("steps", "text", "language"),
    [
        (SELF, "how do i stop texts", "en"),
        (FAMILY_ES, "como dejo de recibir mensajes", "es"),
        (FAMILY_ES, "como hago para que no me escriban mas", "es"),
        (FAMILY_ES, "como me doy de baja", "es"),
    ],
)
def test_after_a_request_it_is_told_how_and_is_no_note(steps, text: str, language: str) -> None:
    out = converse([*steps, text])[-1]
    assert out.replies == (HOW[language],)
    assert not notes(out)


def test_how_do_i_unsubscribe_still_opts_out() -> None:
    found = detect("how do i unsubscribe")
    assert found is not None and found.kind == "opt_out"


@pytest.mark.parametrize(("text", "language"), TOLD)
def test_asking_outright_to_stop_still_opts_out(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("opt_out", language)


@pytest.mark.parametrize(
    ("flow_id", "node"),
    [("menu", "welcome"), ("self_referral", "needs"), ("family", "relationship")],
)
@pytest.mark.parametrize("text", ASKED_IN_OTHER_WORDS_ES)
def test_in_spanish_the_line_comes_in_spanish_and_the_question_waits(
    flow_id: str, node: str, text: str
) -> None:
    out = step(FLOWS, state_at(flow_id, node, "es"), text, ctx())
    assert out.replies[0].startswith(HOW["es"])
    assert (out.state["flow"], out.state["node"], out.state["language"]) == (flow_id, node, "es")
    assert "opt_out" not in [effect.kind for effect in out.effects]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_line_is_editable_plain_gsm_one_segment_and_says_stop(language: str) -> None:
    shipped = HOW[language]
    assert DEFAULT_STRINGS["how_to_stop"][language] == shipped
    assert "STOP" in shipped and encoding(shipped) == "GSM-7" and segments(shipped) == 1
    assert not set("áíóú") & set(shipped)
