"""Police asked about and refused in everyday Spanish, as people in Hampshire County text it:
"los guardias se enteran?", "la jara se entera si les escribo?", "quiero un par, no policia",
"sin guardias". A question about police is answered from any point (the question waits); a
refusal is heard (peers only), a peer asked for picks support for themselves, and the
conversation stays in Spanish. "Un par de dias" is a couple of days, never a peer."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.police import refuses_police
from tests.test_engine_interrupts import FLOWS, ctx
from tests.test_engine_paths import converse

HEARD = FLOWS["system"].strings["police_refused"]["es"]
NOT_THE_POLICE = "es apoyo confidencial sobre sustancias, no la policia"
ASKED = ["los guardias se enteran?", "la jara se entera si les escribo?",
         "ustedes le dicen a la policia?", "la policia se entera?"]  # fmt: skip


def kinds(out) -> list[str]:
    return [e.kind for e in out.effects]


@pytest.mark.parametrize("text", ASKED)
def test_a_first_text_asking_whether_police_find_out_is_answered_then_the_menu(text):
    out = step(FLOWS, None, text, ctx())
    assert NOT_THE_POLICE in out.replies[0] and "refuse_police" not in kinds(out)
    assert out.state["flow"] == "menu" and out.state["language"] == "es"


@pytest.mark.parametrize("text", ASKED)
def test_asking_whether_police_find_out_mid_conversation_is_answered_and_the_question_waits(
    text,
):
    out = converse(["hola", "1", text])[-1]
    said = "\n".join(out.replies)
    assert NOT_THE_POLICE in said and "responda con un numero" not in said
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "needs")


@pytest.mark.parametrize(
    "text", ["quiero hablar con un par no con un policia", "quiero un par, no policia"]
)
def test_a_first_text_asking_for_a_peer_not_police_is_heard_and_support_for_themselves(text):
    out = step(FLOWS, None, text, ctx())
    assert "refuse_police" in kinds(out) and out.replies[0] == HEARD
    assert out.state["language"] == "es"
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "town")
    assert out.state["vars"]["needs"] == ["coach"]


@pytest.mark.parametrize("texts", [["sin guardias"], ["hola", "sin guardias"]])
def test_sin_guardias_is_a_refusal_and_the_conversation_stays_in_spanish(texts):
    out = converse(texts)[-1]
    assert "refuse_police" in kinds(out) and out.replies[0] == HEARD
    assert out.state["language"] == "es"
    assert "Support for myself" not in "\n".join(out.replies)


@pytest.mark.parametrize(
    ("text", "peer"),
    [("quiero un par, no policia", True), ("con un par, sin policia", True),
     ("sin policia, hace un par de dias", False), ("no policia, solo un par", False)],
)  # fmt: skip
def test_par_is_a_peer_only_when_no_couple_of_something(text, peer):
    found = refuses_police(text)
    assert found is not None and found.language == "es" and found.peer is peer


def test_a_couple_of_days_beside_a_refusal_picks_no_support_for_themselves():
    out = step(FLOWS, None, "sin policia, un par de dias", ctx())
    assert "refuse_police" in kinds(out) and out.state["flow"] != "self_referral"
