"""Someone upset or fed up ("wtf", "answer me", "hello??", "ur useless", a row of crying faces)
gets a short human line and the question again, never a cold "reply with a number"; with
their request open, what became of it. A name said behind emoji is still the name."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding
from flows.types import Context, Outcome
from tests.test_engine_interrupts import DIRECTORY, FLOWS, NOW

PHONE = "413-555-0100"
FRUSTRATED = {
    "en": f"Sorry, I'm an automated text line, so I can't answer like a person. To talk with "
    f"someone now, call {PHONE}.",
    "es": f"Perdone, soy una linea de textos automatica y no puedo contestar como una persona. "
    f"Para hablar con alguien ahora, llame al {PHONE}.",
}
UPSET = {
    "en": f"We hear you. This is an automated text line: to talk with someone now, call {PHONE}, "
    "or call or text 988.",
    "es": f"Le escuchamos. Esta es una linea de textos automatica: para hablar con alguien ahora, "
    f"llame al {PHONE}, o llame o envie un texto al 988.",
}
COLD = ("Thank you. So we can help", "from the list above", "Gracias. Para poder ayudarle")
NEEDS = {"en": "1) Talk with a recovery coach or peer", "es": "1) Hablar con un coach"}
SELF = ["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "1"]
TO_THE_NAME = ["hi", "1", "1", "amherst", "text", "morning", "1"]


def converse(texts: list[str], **flags: bool) -> list[Outcome]:
    """Each text a minute apart; ``flags`` (``request_open``, ``request_overdue``) hold once a
    request was sent."""
    state, outs, sent = None, [], False
    for i, text in enumerate(texts):
        ctx = Context(
            now=NOW + timedelta(minutes=i),
            places=DIRECTORY,
            **{name: value and sent for name, value in flags.items()},
        )
        out = step(FLOWS, state, text, ctx)
        outs.append(out)
        state = out.state
        sent = sent or any(e.kind == "create_case" for e in out.effects)
    return outs


def said(out: Outcome) -> str:
    return "\n".join(out.replies)


@pytest.mark.parametrize(
    ("texts", "language"),
    [(["hi", "1"], "en"), (["hi", "1", "hold up", "ok"], "en"), (["hola", "1"], "es")],
)
@pytest.mark.parametrize(
    ("upset", "line"),
    [("wtf", FRUSTRATED), ("answer me", FRUSTRATED), ("hello??", FRUSTRATED),
     ("WTF answer me!!", FRUSTRATED), ("contestame", FRUSTRATED), ("que carajo", FRUSTRATED),
     ("😭😭😭", UPSET), ("😢", UPSET)],
)  # fmt: skip
def test_frustration_at_a_question_gets_a_human_line_and_the_whole_question(
    texts, language, upset, line
) -> None:
    out = converse([*texts, upset])[-1]
    reply = said(out)
    assert reply.startswith(line[language] + "\n")
    assert NEEDS[language] in reply
    assert not any(cold in reply for cold in COLD)
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "needs")


def test_frustration_at_the_name_question_is_no_name() -> None:
    out = converse([*TO_THE_NAME, "wtf"])[-1]
    assert said(out).startswith(FRUSTRATED["en"])
    assert out.state["node"] == "name" and "name" not in out.state["vars"]


@pytest.mark.parametrize("upset", ["ur useless", "wtf", "hello??", "answer me"])
def test_frustration_with_their_request_overdue_gets_the_apology(upset: str) -> None:
    out = converse([*SELF, upset], request_open=True, request_overdue=True)[-1]
    assert "We're sorry it's taken longer than we said" in said(out)
    assert "To have our team reach out, text MENU" not in said(out)
    assert "request_overdue" in [e.kind for e in out.effects]


def test_crying_with_their_request_overdue_gets_988_and_the_apology() -> None:
    out = converse([*SELF, "😭😭😭"], request_open=True, request_overdue=True)[-1]
    assert "we're sorry it's taking so long" in said(out) and "988" in said(out)
    assert "distress_overdue" in [e.kind for e in out.effects]


def test_frustration_with_their_request_open_says_it_is_open() -> None:
    out = converse([*SELF, "ur useless"], request_open=True)[-1]
    assert said(out).startswith("We have your request")
    assert "note_request" not in [e.kind for e in out.effects]


@pytest.mark.parametrize("typed", ["😀😀😀 my name is Luna", "my name is Luna 😀", "🙂 Luna"])
def test_a_name_behind_emoji_is_the_name(typed: str) -> None:
    out = converse([*TO_THE_NAME, typed])[-1]
    assert out.state["vars"]["name"] == "Luna"
    assert "Name: Luna" in said(out)


@pytest.mark.parametrize("typed", ["1", "2", "12"])
def test_a_number_at_the_name_question_is_no_name(typed: str) -> None:
    out = converse([*TO_THE_NAME, typed])[-1]
    assert out.state["vars"].get("name") is None
    assert f"Name: {typed}" not in said(out)


@pytest.mark.parametrize("name", ["frustrated", "upset"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_human_lines_are_plain_gsm_and_shipped_as_the_default(name, language) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    filled = shipped.replace("{program_phone}", PHONE)
    assert filled == {"frustrated": FRUSTRATED, "upset": UPSET}[name][language]
    assert encoding(filled) == "GSM-7"
    assert not any(ch in filled for ch in "áíóúÁÍÓÚ")
