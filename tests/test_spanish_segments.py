"""Spanish texts cost what English ones do: every shipped text goes as GSM-7, so one "í" never
sends a whole text as UCS-2 (70 characters a segment instead of 160)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.sms import encoding, non_gsm_characters, segments
from flows.transcripts import DEFAULT_START
from flows.types import Context, EngineSettings
from hotline.inbound import FLOOD_REPLY

FLOWS = load_shipped_flows()


def shipped_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every text the hotline sends by SMS from the scripts and the code."""
    for flow_id, flow in FLOWS.items():
        for name, text in flow.strings.items():
            yield from ((f"{flow_id}.strings.{name}.{lang}", t) for lang, t in text.items())
        for name, state in flow.states.items():
            for key, text in (("prompt", state.prompt), ("retry", state.retry)):
                for lang, t in (text or {}).items():
                    yield f"{flow_id}.states.{name}.{key}.{lang}", t
            for i, option in enumerate(state.options):
                for lang, t in option.label.items():
                    yield f"{flow_id}.states.{name}.options[{i}].label.{lang}", t
    for name, text in DEFAULT_STRINGS.items():
        yield from ((f"DEFAULT_STRINGS.{name}.{lang}", t) for lang, t in text.items())
    yield from ((f"FLOOD_REPLY.{lang}", t) for lang, t in FLOOD_REPLY.items())


def test_every_shipped_text_in_both_languages_is_gsm7() -> None:
    texts = list(shipped_texts())
    assert {where.rsplit(".", 1)[1] for where, _ in texts} == {"en", "es"}
    ucs2 = {where: non_gsm_characters(t) for where, t in texts if encoding(t) != "GSM-7"}
    assert ucs2 == {}


def segments_sent(texts: list[str]) -> int:
    """The SMS segments of every reply to these texts, one conversation from the start."""
    state, total = None, 0
    ctx = Context(now=DEFAULT_START, places=default_directory(), settings=EngineSettings())
    for text in texts:
        outcome = step(FLOWS, state, text, ctx)
        state = outcome.state
        total += sum(segments(reply) for reply in outcome.replies)
    assert state is None or state.get("flow") is None, "the request was not sent"
    return total


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        (["hello", "1", "2 4", "amherst", "text", "morning", "2", "Ana", "yes"],
         ["hola", "1", "2 4", "amherst", "texto", "mañana", "2", "Ana", "si"]),
        (["hi", "1", "1 3", "skip", "call", "any", "1", "skip", "yes"],
         ["buenas", "1", "1 3", "saltar", "llamada", "cualquiera", "1", "saltar", "si"]),
    ],
)  # fmt: skip
def test_a_spanish_self_referral_costs_about_what_the_english_one_does(
    english: list[str], spanish: list[str]
) -> None:
    """The same path in both languages: Spanish words run longer, never twice the segments."""
    en, es = segments_sent(english), segments_sent(spanish)
    assert en > 5
    assert es <= 1.3 * en, (en, es)
