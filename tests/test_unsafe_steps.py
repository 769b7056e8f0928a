"""Emergency steps turned around are refused: a text that puts off 911 ("only call 911 if it
does not work") or says to prime a nasal spray that needs no priming, though it keeps every
word the facts ask for."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.script import Flow, load_shipped_flows
from flows.validate import validate_flows


def with_string(flows: dict[str, Flow], flow_id: str, name: str, **texts: str) -> None:
    flow = flows[flow_id]
    flows[flow_id] = replace(flow, strings={**flow.strings, name: {**flow.strings[name], **texts}})


def errors(flows: dict[str, Flow]) -> list:
    return [p for p in validate_flows(flows) if p.severity == "error"]


EMERGENCY_1_EN = (
    "If someone may be overdosing, give naloxone (Narcan) nasal spray in one nostril first; "
    "only call 911 if it does not work. We are not an emergency service. Try to wake them."
)
EMERGENCY_1_ES = (
    "Si alguien puede tener una sobredosis, dé naloxona (Narcan) en spray primero; solo llame "
    "al 911 si no funciona. No somos un servicio de emergencia."
)


def test_emergency_steps_that_make_911_conditional_are_refused() -> None:
    """The finding: "give naloxone first; only call 911 if it does not work" kept every word
    the checks asked for."""
    flows = load_shipped_flows()
    with_string(flows, "system", "emergency_1", en=EMERGENCY_1_EN, es=EMERGENCY_1_ES)
    found = errors(flows)
    assert [p.path for p in found] == ["strings.emergency_1.en", "strings.emergency_1.es"]
    for problem in found:
        assert "call 911 now, before anything else" in problem.message
    assert "only call 911 if" in found[0].message
    assert "solo llame al 911 si" in found[1].message


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Only call 911 if they do not wake up."),
     ("en", "Call 911 if it doesn't work."),
     ("en", "If the Narcan does not work, call 911."),
     ("en", "Call 911 only if the naloxone fails."),
     ("en", "Don't call 911 yet."),
     ("en", "Do not call 911."),
     ("en", "There is no need to call 911 if they wake up."),
     ("en", "You don't need to call 911."),
     ("en", "Wait 5 minutes before calling 911."),
     ("en", "Wait and see before you call 911."),
     ("en", "Give naloxone first, then call 911 later."),
     ("en", "Prime the naloxone first."),
     ("en", "Prime the spray by pressing it once."),
     ("en", "Priming: press the plunger once before use."),
     ("es", "Solo llame al 911 si no despierta."),
     ("es", "Llame al 911 solo si no funciona."),
     ("es", "Si la naloxona no funciona, llame al 911."),
     ("es", "No llame al 911 todavia."),
     ("es", "No hace falta llamar al 911."),
     ("es", "Espere 5 minutos antes de llamar al 911."),
     ("es", "Cebe el spray antes de usarlo."),
     ("es", "Hay que cebar la naloxona primero.")],
)  # fmt: skip
def test_naloxone_steps_that_put_off_911_or_prime_the_spray_are_refused(
    language: str, said: str
) -> None:
    for flow_id, name in (("system", "naloxone_use"), ("family", "res_naloxone_howto")):
        flows = load_shipped_flows()
        text = flows[flow_id].strings[name][language]
        with_string(flows, flow_id, name, **{language: f"{said} {text}"})
        found = errors(flows)
        assert [(p.flow_id, p.path) for p in found] == [(flow_id, f"strings.{name}.{language}")], (
            found
        )


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Call 911 now."),
     ("en", "Do not wait to call 911."),
     ("en", "Don't wait before calling 911, even if they wake up."),
     ("en", "If they won't wake up, call 911 now."),
     ("en", "If no response after 2-3 minutes, give a second dose."),
     ("en", "If the first dose does not work in 2-3 min, give another dose."),
     ("en", "Call 911 now if you haven't."),
     ("en", "The spray needs no priming: just press it in one nostril."),
     ("en", "Do not prime or test the spray."),
     ("en", "You never need to prime it."),
     ("en", "Call 911 even if naloxone works: the overdose can return."),
     ("es", "Llame al 911 ahora si no lo ha hecho."),
     ("es", "No espere para llamar al 911."),
     ("es", "Si no despierta, llame al 911 ahora."),
     ("es", "El spray no hay que cebarlo."),
     ("es", "Dé la primera dosis: es el primer paso."),
     ("es", "Llame al 911 aunque la naloxona funcione.")],
)  # fmt: skip
def test_steps_that_keep_911_first_and_need_no_priming_pass(language: str, said: str) -> None:
    flows = load_shipped_flows()
    text = flows["system"].strings["naloxone_use"][language]
    with_string(flows, "system", "naloxone_use", **{language: f"{said} {text}"})
    assert errors(flows) == []
