"""The safety texts keep the facts they exist to carry, in every language: an emergency text
cut to "Call 911." or "Thanks." is refused, and so is a first text without its opt-out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.script import Flow, State, load_shipped_flows
from flows.validate import validate_flows


def with_string(flows: dict[str, Flow], flow_id: str, name: str, **texts: str) -> None:
    flow = flows[flow_id]
    edited = {**flow.strings.get(name, {}), **texts}
    flows[flow_id] = replace(flow, strings={**flow.strings, name: edited})


def with_welcome(flows: dict[str, Flow], **texts: str) -> None:
    menu = flows["menu"]
    welcome: State = menu.states["welcome"]
    prompt = {**welcome.prompt, **texts}
    flows["menu"] = replace(
        menu, states={**menu.states, "welcome": replace(welcome, prompt=prompt)}
    )


def errors(flows: dict[str, Flow]) -> list:
    return [p for p in validate_flows(flows) if p.severity == "error"]


def test_gutted_emergency_steps_are_refused_naming_what_is_missing() -> None:
    """The QA finding: "Call 911." and "Thanks." passed because only 911 was required."""
    flows = load_shipped_flows()
    with_string(flows, "system", "emergency_1", en="Call 911.", es="Llame al 911.")
    with_string(flows, "system", "emergency_3", en="Thanks.", es="Gracias.")
    found = errors(flows)
    assert {p.path for p in found} == {
        "strings.emergency_1.en",
        "strings.emergency_1.es",
        "strings.emergency_3.en",
        "strings.emergency_3.es",
    }
    said = {p.path: " ".join(q.message for q in found if q.path == p.path) for p in found}
    assert "naloxone" in said["strings.emergency_1.en"]
    assert "not an emergency service" in said["strings.emergency_1.en"]
    assert '"naloxona" or "Narcan"' in said["strings.emergency_1.es"]
    for fact in ("recovery position", "second dose", "stay with them"):
        assert fact in said["strings.emergency_3.en"], fact
    assert '"quedese con la persona"' in said["strings.emergency_3.es"]


@pytest.mark.parametrize(
    ("name", "language", "cut", "named"),
    [
        ("emergency_1", "en", "Give naloxone (Narcan) nasal spray in one nostril, no priming "
         "needed. ", "naloxone"),
        ("emergency_1", "es", "No somos un servicio de emergencia. ", "not an emergency service"),
        ("emergency_2", "en", " (c.94C s.34A)", "c.94C s.34A"),
        ("emergency_2", "es", " del Buen Samaritano", "Good Samaritan"),
        ("emergency_3", "en", "Lay them on their side (recovery position). ", "recovery position"),
        ("emergency_3", "es", "¿No responde en 2-3 min? Dé una 2a dosis en la otra fosa nasal. ",
         "second dose"),
        ("emergency_3", "en", "Please stay with them: ", "stay with them"),
        ("urgent_self", "en", " and tell someone near you. Please don't stay alone:", "alone"),
        ("emergency_self", "es", "Pidale que le dé naloxona (Narcan) si usted deja de "
         "responder. ", "naloxone"),
        ("using_alone", "en", " (1-800-484-3731)", "1-800-484-3731"),
        ("after_a_break", "en", "After time away your tolerance is lower: ", "tolerance"),
        ("after_a_break", "es", "Si usa a solas: Never Use Alone 1-800-484-3731. ",
         "1-800-484-3731"),
        ("naloxone_not_reversed", "es", " benzos ni alcohol", "benzos"),
        ("help", "en", "Msg & data rates may apply. ", "rates"),
        ("opted_out_request_open", "en", "Your request is still open, so someone",
         "still open"),
        ("opted_out_request_open", "es", "Su solicitud sigue abierta, asi que alguien",
         "still open"),
        ("opted_out_request_open", "en", "Text START to come back. ", "START"),
        ("opted_out_request_open", "es", "Envie START para volver. ", "START"),
        ("opted_out_request_open", "en", " and won't get more texts", "no more texts"),
    ],
)  # fmt: skip
def test_each_safety_text_keeps_its_facts(name: str, language: str, cut: str, named: str) -> None:
    flows = load_shipped_flows()
    shipped = flows["system"].strings[name][language]
    assert cut in shipped
    with_string(flows, "system", name, **{language: shipped.replace(cut, " ", 1)})
    found = errors(flows)
    assert [p.path for p in found] == [f"strings.{name}.{language}"], found
    assert named in found[0].message
    assert "Put back" in found[0].message


@pytest.mark.parametrize(
    ("name", "language", "text"),
    [
        ("police_refused", "en", "Got it. A police officer will reach out to you soon."),
        ("police_refused", "es", "Entendido. Un policia le contactara pronto."),
        ("police_refused_before", "en", "A police officer is part of your team."),
        ("police_refused_before", "es", "Un policia es parte de su equipo."),
    ],
)
def test_the_no_police_confirmation_must_say_no_police(name: str, language: str, text: str) -> None:
    flows = load_shipped_flows()
    with_string(flows, "system", name, **{language: text})
    found = errors(flows)
    assert [p.path for p in found] == [f"strings.{name}.{language}"], found
    assert "no police" in found[0].message


def test_a_flows_own_naloxone_steps_keep_their_facts_too() -> None:
    """Any flow may word "naloxone_use" its own way, but not drop the second dose."""
    flows = load_shipped_flows()
    with_string(
        flows,
        "naloxone",
        "naloxone_use",
        en="To use nasal naloxone: call 911 and spray it in one nostril.",
        # Every step, in the flow's own words: kept.
        es="Naloxona: trate de despertarla, llame al 911, dé naloxona en la nariz y "
        "respiraciones de rescate, pongala de lado y dé otra dosis en la otra fosa nasal en "
        "2-3 min si no responde. Quédese con ella: dura 30-90 min.",
    )
    found = errors(flows)
    assert {p.path for p in found} == {"strings.naloxone_use.en"}, found
    assert all("or delete this flow's 'naloxone_use' text" in p.message for p in found)


@pytest.mark.parametrize(
    ("language", "prompt", "refused"),
    [
        ("en", "{program_name}: free support. In an emergency call 911.\n{options}", True),
        # A keyword is typed as the text shows it: "stop" in a sentence is no opt-out.
        ("en", "{program_name}: we help you stop. Emergency: 911.\n{options}", True),
        ("es", "{program_name}: apoyo gratis. Emergencia: 911.\n{options}", True),
        ("es", "{program_name}: apoyo gratis. Emergencia: 911.\n{options}\nPARAR para salir.",
         False),
    ],
)  # fmt: skip
def test_the_first_text_must_say_how_to_opt_out(language: str, prompt: str, refused: bool) -> None:
    flows = load_shipped_flows()
    with_welcome(flows, **{language: prompt})
    found = errors(flows)
    if not refused:
        assert found == []
        return
    assert [(p.flow_id, p.path) for p in found] == [("menu", f"states.welcome.prompt.{language}")]
    assert "STOP" in found[0].message and "carriers" in found[0].message


def test_the_texts_said_when_a_string_is_missing_carry_their_facts() -> None:
    from flows.interrupts import DEFAULT_STRINGS
    from flows.validate_facts import SAFETY_FACTS, missing_facts

    for name in SAFETY_FACTS:
        for language, text in DEFAULT_STRINGS[name].items():
            assert list(missing_facts(SAFETY_FACTS[name], language, text)) == [], name


def test_the_family_naloxone_howto_keeps_the_steps_after_the_spray() -> None:
    """A family member told only to spray and call may leave before naloxone wears off."""
    flows = load_shipped_flows()
    with_string(
        flows,
        "family",
        "res_naloxone_howto",
        en="To use nasal naloxone: call 911, spray it in one nostril, put them on their side, "
        "and give a 2nd dose after 2-3 min.",
    )
    found = errors(flows)
    assert {p.path for p in found} == {"strings.res_naloxone_howto.en"}, found
    said = " ".join(p.message for p in found)
    for fact in ("stay with them", "30-90", "wake them", "rescue breaths"):
        assert fact in said, fact
    assert "system flow" not in said  # no system version to fall back to


def test_the_naloxone_how_to_answer_keeps_every_step_of_the_family_howto() -> None:
    """ "how do i use narcan" got only call, spray, side and a 2nd dose: nothing on waking
    them, rescue breaths, staying with them or naloxone wearing off."""
    flows = load_shipped_flows()
    with_string(
        flows,
        "system",
        "naloxone_use",
        en="To use nasal naloxone: call 911, spray it in one nostril (no priming), put the "
        "person on their side, and give a 2nd dose after 2-3 min if they don't respond.",
        es="Para usar naloxona nasal: llame al 911, rocie en una fosa nasal (sin cebar), "
        "ponga a la persona de lado y dé otra dosis en 2-3 min si no responde.",
    )
    found = errors(flows)
    assert {p.path for p in found} == {"strings.naloxone_use.en", "strings.naloxone_use.es"}
    said = {p.path: " ".join(q.message for q in found if q.path == p.path) for p in found}
    for fact in ("wake them", "rescue breaths", "stay with them", "30-90"):
        assert fact in said["strings.naloxone_use.en"], fact
    for words in ('"despertarla"', '"respiraciones de rescate"', '"quedese con la persona"'):
        assert words in said["strings.naloxone_use.es"], words


@pytest.mark.parametrize(("flow_id", "name"), [("system", "naloxone_use"),
                                               ("family", "res_naloxone_howto")])  # fmt: skip
def test_the_shipped_naloxone_steps_say_each_step_in_both_languages(
    flow_id: str, name: str
) -> None:
    from flows.sms import encoding, segments
    from flows.validate_facts import OWN_TEXT_FACTS, SAFETY_FACTS, missing_facts

    texts = load_shipped_flows()[flow_id].strings[name]
    facts = SAFETY_FACTS.get(name) or OWN_TEXT_FACTS[name]
    assert set(texts) == {"en", "es"}
    for language, text in texts.items():
        assert [f.what for f in missing_facts(facts, language, text)] == [], language
        assert (encoding(text), segments(text)) == ("GSM-7", 2), (language, len(text))


@pytest.mark.parametrize(("flow_id", "name"), [("system", "naloxone_use"),
                                               ("family", "res_naloxone_howto")])  # fmt: skip
def test_the_naloxone_steps_must_say_the_second_dose_goes_in_the_other_nostril(
    flow_id: str, name: str
) -> None:
    """The how-to said "give a 2nd dose" and left out where: the other nostril."""
    flows = load_shipped_flows()
    with_string(
        flows,
        flow_id,
        name,
        en="To use nasal naloxone: try to wake them (shout, rub the breastbone hard), call 911, "
        "spray it in one nostril (no priming), give rescue breaths if 911 asks, put them on "
        "their side, and give a 2nd dose after 2-3 min if no response. Stay with them: it "
        "wears off in 30-90 min and the overdose can return.",
        es="Para usar naloxona nasal: trate de despertarla (grite, frote fuerte el esternon), "
        "llame al 911, rocie en una fosa nasal (sin cebar), dé respiraciones de rescate si el "
        "911 lo pide, pongala de lado y dé otra dosis en 2-3 min si no responde. Quédese con "
        "ella: dura 30-90 min y la sobredosis puede volver.",
    )
    found = errors(flows)
    assert {p.path for p in found} == {f"strings.{name}.en", f"strings.{name}.es"}, found
    said = {p.path: p.message for p in found}
    assert '"other nostril"' in said[f"strings.{name}.en"]
    assert '"otra fosa nasal"' in said[f"strings.{name}.es"]
