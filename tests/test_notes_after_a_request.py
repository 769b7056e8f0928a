"""More a person texts after their request was sent ("also i moved, im in ware now", "text me
dont call", "call after 5 not before") is added to the request: on the case timeline, and
texted to whoever holds the case, so nobody calls a person who asked not to be called. Once
the request is closed, the person is told so, and how to ask again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding, segments
from flows.types import Context, Effect, Outcome
from tests.test_engine_interrupts import DIRECTORY, FLOWS, NOW

NOTED = {
    "en": "Thanks, I've added that to your request for our team.",
    "es": "Gracias, lo agregué a su solicitud para el equipo.",
}
CLOSED = {
    "en": "Thanks for letting us know. Your request is closed now, so this didn't go to our "
    "team. For new help, text MENU, or call 413-555-0100.",
    "es": "Gracias por avisarnos. Su solicitud ya esta cerrada, asi que esto no le llego al "
    "equipo. Para pedir ayuda de nuevo, envie MENU o llame al 413-555-0100.",
}
SELF = ["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
FAMILY = ["hi", "2", "1", "1", "amherst", "1", "2"]
MORE = [
    "also i moved, im in ware now", "text me dont call", "call after 5 not before",
    "my name is actually Jess", "ware", "call me instead",
]  # fmt: skip


def converse(texts: Sequence[str], request_open: bool = True) -> list[Outcome]:
    """Each text in turn a minute apart; ``request_open``: what the hotline finds once a
    request was sent (its case still open, or closed)."""
    state, outs = None, []
    for i, text in enumerate(texts):
        now = NOW + timedelta(minutes=i)
        ctx = Context(now=now, places=DIRECTORY, request_open=request_open)
        out = step(FLOWS, state, text, ctx)
        outs.append(out)
        state = out.state
    return outs


def notes(out: Outcome) -> list[Effect]:
    return [effect for effect in out.effects if effect.kind == "note_request"]


@pytest.mark.parametrize("said", MORE)
def test_more_said_after_a_request_is_added_to_it(said: str) -> None:
    """Once it was answered "can't be changed by text" and went nowhere."""
    out = converse([*SELF, said])[-1]
    assert out.replies == (NOTED["en"],)
    assert out.effects == (Effect("note_request", {"text": said}),)
    assert out.state["flow"] is None and out.state["requested"] == "self_referral"


def test_each_text_after_the_request_is_added_and_the_words_are_the_persons_own() -> None:
    outs = converse([*SELF, "text me dont call", "  after 5 is best\n"])
    assert [notes(out) for out in outs[len(SELF) :]] == [
        [Effect("note_request", {"text": "text me dont call"})],
        [Effect("note_request", {"text": "after 5 is best"})],
    ]


def test_in_spanish_the_note_is_taken_and_told_in_spanish() -> None:
    sent = ["hola", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
    out = converse([*sent, "ya no vivo en amherst, ahora en ware"])[-1]
    assert out.replies == (NOTED["es"],)
    assert [e.data["text"] for e in notes(out)] == ["ya no vivo en amherst, ahora en ware"]


def test_more_about_the_loved_one_is_added_to_a_family_request() -> None:
    outs = converse([*FAMILY, "my son is staying with me in ware now", "i need help for myself"])
    told, own = outs[-2:]
    assert told.replies == (NOTED["en"],)
    assert [e.data["text"] for e in notes(told)] == ["my son is staying with me in ware now"]
    assert own.state["flow"] == "self_referral" and not notes(own)  # a new request of theirs


@pytest.mark.parametrize("said", MORE[:-1])
def test_once_the_request_is_closed_the_person_is_told_so_and_nothing_is_noted(said) -> None:
    out = converse([*SELF, said], request_open=False)[-1]
    assert out.replies == (CLOSED["en"],)
    assert out.effects == ()
    assert "requested" not in out.state  # told once: what follows is read as usual


@pytest.mark.parametrize("said", ["i need help for myself", "call me instead"])
def test_after_a_closed_request_asking_again_starts_a_new_one(said: str) -> None:
    """ "i need help for myself" adds to an open self-referral, and starts a new one once the
    first is closed."""
    assert notes(converse([*SELF, said])[-1])
    out = converse([*SELF, said], request_open=False)[-1]
    assert out.state["flow"] == "self_referral" and out.effects == ()


def test_a_closed_spanish_request_is_told_in_spanish() -> None:
    sent = ["hola", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
    out = converse([*sent, "ahora estoy en ware"], request_open=False)[-1]
    assert out.replies == (CLOSED["es"],)


@pytest.mark.parametrize("request_open", [True, False])
@pytest.mark.parametrize(
    ("after", "flow_id"),
    [("MENU", "menu"), ("thanks", "menu"), ("ok thank you", "menu"),
     ("where can i get narcan in ware", "naloxone"), ("i need help for my son", "family")],
)  # fmt: skip
def test_after_a_request_a_nod_or_a_new_ask_goes_on_as_usual(
    after: str, flow_id: str, request_open: bool
) -> None:
    out = converse([*SELF, after], request_open=request_open)[-1]
    assert not notes(out)
    assert NOTED["en"] not in out.replies and CLOSED["en"] not in out.replies
    found = out.state["flow"] == flow_id
    assert found or (flow_id == "naloxone" and "Free naloxone near Ware" in out.replies[0])


def test_with_no_request_sent_more_words_are_no_note() -> None:
    out = converse(["hi", "text me dont call"])[-1]
    assert not notes(out)


@pytest.mark.parametrize("name", ["request_noted", "request_closed"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_texts_are_editable_plain_gsm_in_one_segment(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    said = (NOTED if name == "request_noted" else CLOSED)[language]
    assert shipped.replace("{program_phone}", "413-555-0100") == said
    assert (encoding(said), segments(said)) == ("GSM-7", 1), said
