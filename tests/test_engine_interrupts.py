"""Interrupts and keywords work from every state of every flow, in English and Spanish."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, Detected, detect
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.sms import encoding, segments
from flows.types import Context

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))


def ctx(opted_out: bool = False) -> Context:
    return Context(now=NOW, places=DIRECTORY, opted_out=opted_out)


def state_at(flow_id: str, node: str, language: str = "en") -> dict:
    """A conversation waiting at a given state."""
    return {
        "v": 1,
        "language": language,
        "flow": flow_id,
        "node": node,
        "vars": {},
        "labels": {},
        "pins": {flow_id: None},
        "updated_at": NOW.isoformat(),
    }


EVERY_STATE = [
    (flow_id, name)
    for flow_id, flow in FLOWS.items()
    for name, state in flow.states.items()
    if state.input != "none"
]

EMERGENCIES = [
    ("he's not breathing", "en"),
    ("She won't wake up!!", "en"),
    ("OD", "en"),
    ("my brother is overdosing", "en"),
    ("his lips are blue", "en"),
    ("blue lips", "en"),
    ("sobredosis", "es"),
    ("mi hijo no respira", "es"),
    ("no despierta", "es"),
    # Beside words today's other readers take (a wrong number, a place): the overdose first.
    ("wrong number but someone here od'd", "en"),
    ("my friend here OD'd", "en"),
]
CRISES = [
    ("I want to kill myself", "en"),
    ("thinking about suicide", "en"),
    ("i just want to die", "en"),
    ("I might hurt myself", "en"),
    ("pienso en el suicidio", "es"),
    ("quiero morir", "es"),
]


# What the overdose texts must say (see DOMAIN.md, "Emergency content").
MUST_SAY = {
    "en": [
        "call 911 now", "not an emergency service", "Try to wake them", "breastbone",
        "naloxone (Narcan) nasal spray", "no priming", "rescue breaths", "dispatcher",
        "recovery position", "2-3 min", "2nd dose in the other nostril", "stay with them",
        "wears off in 30-90 min", "overdose can return", "does not reverse benzos or alcohol",
        "Good Samaritan law (c.94C s.34A)", "you and the person overdosing",
        "won't be charged or prosecuted for drug possession",
        "violated on probation, parole or pretrial release", "because you sought help",
        "does not cover selling or possession with intent",
    ],
    "es": [
        "llame al 911 ahora", "No somos un servicio de emergencia", "despertar a la persona",
        "esternon",
        "naloxona (Narcan) en spray", "sin cebar", "respiraciones de rescate", "911 se lo pide",
        "posicion de recuperacion", "2-3 min", "2a dosis en la otra fosa nasal",
        "Quédese con la persona", "dura 30-90 min", "sobredosis puede volver",
        "No revierte benzos ni alcohol", "Buen Samaritano de MA (c.94C s.34A)",
        "ni usted ni la persona", "acusados ni procesados por posesion de drogas",
        "libertad condicional, bajo palabra o previa al juicio", "al pedir ayuda",
        "No cubre venta ni posesion para vender",
    ],
}  # fmt: skip


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("text", "language"), EMERGENCIES)
def test_emergency_from_any_state(flow_id: str, node: str, text: str, language: str) -> None:
    before = state_at(flow_id, node)
    out = step(FLOWS, before, text, ctx())
    assert ("911" in out.replies[0]) and len(out.replies) == 3
    words = " ".join(out.replies)
    for fragment in MUST_SAY[language]:
        assert fragment in words
    assert ("carry on" if language == "en" else "ultima pregunta") in out.replies[-1]
    assert not any("carry on" in reply for reply in out.replies[:-1])
    assert [e.kind for e in out.effects] == ["log_event"]
    assert out.effects[0].data == {"event": "emergency"}
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["language"] == "en"  # the conversation keeps its language


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("text", "language"), CRISES)
def test_crisis_from_any_state(flow_id: str, node: str, text: str, language: str) -> None:
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert len(out.replies) == 1
    assert "988" in out.replies[0] and "833-773-2445" in out.replies[0]
    assert out.effects[0].data == {"event": "crisis"}
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(
    "word",
    ["STOP", "stop", "Stop.", "STOP!!!", "stop 🙏", "STOPALL", "UNSUBSCRIBE", "cancel", "END",
     "quit", "REVOKE", "OPTOUT", "parar"],
)  # fmt: skip
def test_stop_words_from_any_state(flow_id: str, node: str, word: str) -> None:
    out = step(FLOWS, state_at(flow_id, node), word, ctx())
    assert [e.kind for e in out.effects] == ["opt_out"]
    assert len(out.replies) == 1 and "START" in out.replies[0]
    assert out.state["flow"] is None


@pytest.mark.parametrize(
    "text",
    ["I can't stop using", "end of the day", "stop using", "how do I stop",
     "dont text me, call me", "stop sending him texts", "please stop him", "alto ahi",
     "stop by the office", "how do i stop using", "stop the bleeding", "no puedo dejar de usar",
     "i want to quit", "quit using", "never text my son again", "do not contact my mom",
     "no mas drogas", "no me escriban, llamenme", "remove my number from the referral form",
     "my son wont stop texting me", "i live in amherst and cant stop using",
     "english please, how do i stop using", "my son is fine but he wont stop using",
     "im at home he quit texting me", "im in amherst he wont leave me alone",
     "i asked her to please stop texting me", "he passed away and she wont stop texting me",
     # Swearing or an interjection makes none of these a request to stop
     "my son wont fucking stop texting me", "i cant fucking stop using", "omg i cant stop using",
     "bro stop by the office", "dont text me, call me damn it", "never text my son again wtf",
     "omg stop", "dude stop using"],
)  # fmt: skip
def test_stop_inside_a_sentence_is_not_an_opt_out(text: str) -> None:
    out = step(FLOWS, state_at("self_referral", "best_time"), text, ctx())
    assert "opt_out" not in [e.kind for e in out.effects]
    assert out.replies


ASKS_TO_STOP = [
    ("stop texting me", "en"), ("Stop texting me please!", "en"), ("please stop", "en"),
    ("STOP PLEASE", "en"), ("stop it", "en"), ("no more texts", "en"), ("leave me alone", "en"),
    ("unsubscribe me", "en"), ("opt out", "en"), ("take me off your list", "en"),
    ("don't text me again", "en"), ("I don't want these texts anymore", "en"),
    ("no me escriban más", "es"), ("dejen de escribirme por favor", "es"), ("basta", "es"),
    ("BASTA YA", "es"), ("alto", "es"), ("quiero darme de baja", "es"),
    ("Stop pls", "en"), ("opt-out", "en"), ("never text me again", "en"),
    ("quit texting me", "en"), ("stop contacting me", "en"), ("please don't text me anymore", "en"),
    ("remove my number", "en"), ("Delete my number please", "en"),
    ("take my number off your list", "en"), ("i want to unsubscribe", "en"),
    ("dont text this number", "en"), ("do not contact me", "en"), ("ya no me escriban", "es"),
    ("no mas mensajes", "es"), ("no más mensajes por favor", "es"), ("borren mi número", "es"),
    ("sáquenme de la lista", "es"), ("don't ever text me again", "en"),
    ("please dont text me at this number again", "en"), ("quítenme de la lista", "es"),
    ("no más mensajes de texto", "es"), ("stop texting this number", "en"),
    ("stop textin me", "en"), ("i said stop", "en"), ("you can stop texting me now", "en"),
    ("no me vuelvan a escribir", "es"), ("no me escriban nunca más", "es"),
    ("ya no me manden nada", "es"), ("paren de escribirme", "es"),
    ("no quiero que me escriban", "es"), ("ya no quiero recibir mensajes", "es"),
    # Beside a language asked for, a town said or word that all is well: still a request to stop
    ("english please stop texting me", "en"), ("i live in amherst stop texting me", "en"),
    ("ya no me escriban, mi hijo esta bien", "es"), ("no thanks stop texting me", "en"),
    ("no gracias, ya no me escriban", "es"), ("no hablo ingles, ya no me escriban", "es"),
    # Beside news of a death or of treatment: a family that asks to stop must not hear again
    ("he passed away please stop texting me", "en"),
    ("my son is in treatment now please stop texting me", "en"),
    ("mi hijo fallecio, ya no me escriban", "es"),
    # With swearing or an interjection around or inside it: angrier, and meant all the more
    ("stop fucking texting me", "en"), ("leave me the fuck alone", "en"),
    ("stop texting me por favor", "en"), ("omg stop texting me", "en"),
    ("basta ya no me escriban", "es"), ("stop texting me bro", "en"),
    ("pls stop texting me!!!", "en"), ("STOP TEXTING ME WTF", "en"),
    ("stop f*cking texting me", "en"), ("stop fuckin texting me dude", "en"),
    ("just stop texting me already man", "en"), ("damn stop texting me", "en"),
    ("wtf leave me alone", "en"), ("stop texting me for fucks sake", "en"),
    ("dont fucking text me again", "en"), ("remove my damn number", "en"),
    ("fucking stop", "en"), ("stop it damn it", "en"), ("stop the fuck texting me", "en"),
    ("ya basta, no me escriban mas carajo", "es"), ("no me escriban mas cono", "es"),
    ("dejen de escribirme carajo", "es"), ("por favor stop texting me", "en"),
    # Asking to be let be, in other words: the same rules as "leave me alone"
    ("remove me", "en"), ("remove me from this", "en"), ("go away", "en"), ("fuck off", "en"),
    ("just go away", "en"), ("please remove me", "en"), ("go away please", "en"),
    ("fuck off and leave me alone", "en"), ("remove me from your list", "en"),
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["shut up", "stfu", "remove me from the list of people who can pick up my son",
     "remove me from the group chat", "remove me as his emergency contact",
     "i want the cravings to go away", "make it go away", "he told me to go away",
     "fuck off is what he said to me", "he wont go away"],
)  # fmt: skip
def test_other_words_to_be_let_be_are_not_an_opt_out(text: str) -> None:
    """ "shut up" is as often surprise as a request; the rest remove or send away someone else."""
    out = step(FLOWS, state_at("self_referral", "best_time"), text, ctx())
    assert "opt_out" not in [e.kind for e in out.effects]
    assert out.replies


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("text", "language"), ASKS_TO_STOP)
def test_asking_to_stop_in_words_opts_out_from_any_state(
    flow_id: str, node: str, text: str, language: str
) -> None:
    """Carriers act on STOP alone; a person who asks in a sentence means it as much."""
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert [e.kind for e in out.effects] == ["opt_out"]
    assert len(out.replies) == 1 and "START" in out.replies[0]
    assert {"en": "unsubscribed", "es": "Ya no recibira"}[language] in out.replies[0]
    assert out.state["flow"] is None


# Said alone these ask us not to text, and are honoured, unless the question at hand takes them
# as its answer: "How should we reach you?" "don't text me" means call.
NOT_BY_TEXT = [
    ("don't text me", "en"), ("please dont message me", "en"), ("no me escribas", "es"),
    ("no me manden mensajes", "es"), ("por favor no me escriban", "es"), ("dont txt me", "en"),
    ("no me escriba", "es"), ("no me manden textos", "es"), ("no me mandes mensajes", "es"),
    ("dont fucking text me", "en"), ("omg dont text me", "en"), ("no me escriban carajo", "es"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("flow_id", "node"), [(None, None), ("menu", "welcome"), ("self_referral", "best_time"),
                          ("self_referral", "name"), ("family", "needs"),
                          # "no me escribas" starts with "no", but is no "no" to these
                          ("family", "offer"), ("self_referral", "confirm")]
)  # fmt: skip
@pytest.mark.parametrize(("text", "language"), NOT_BY_TEXT)
def test_asking_not_to_be_texted_opts_out_where_it_answers_nothing(
    flow_id: str | None, node: str | None, text: str, language: str
) -> None:
    before = state_at(flow_id, node) if flow_id else None
    out = step(FLOWS, before, text, ctx())
    assert [e.kind for e in out.effects if e.kind != "set_language"] == ["opt_out"]
    assert {"en": "unsubscribed", "es": "Ya no recibira"}[language] in out.replies[0]
    assert out.state["flow"] is None


@pytest.mark.parametrize(("text", "language"), NOT_BY_TEXT)
def test_asking_not_to_be_texted_answers_how_to_be_reached(text: str, language: str) -> None:
    out = step(FLOWS, state_at("self_referral", "contact", language), text, ctx())
    assert "opt_out" not in [e.kind for e in out.effects]
    assert out.state["vars"]["contact_method"] == "call"


@pytest.mark.parametrize(("text", "language"), NOT_BY_TEXT)
def test_asking_not_to_be_texted_when_asked_the_time_for_a_call_keeps_the_call(
    text: str, language: str
) -> None:
    """A family member who asked for a call and says "don't text me" when asked the time for
    it wants the call, not texts: any time, and the case is made; nobody is left uncalled."""
    out = step(FLOWS, state_at("family", "best_time", language), text, ctx())
    assert "opt_out" not in [e.kind for e in out.effects]
    (case,) = [e for e in out.effects if e.kind == "create_case"]
    assert case.data["contact_method"] == "call" and case.data["best_time"] == "any"
    assert out.state["flow"] is None


@pytest.mark.parametrize(
    ("text", "language"),
    [("dont text", "en"), ("do not text", "en"), ("no texts", "en"), ("no texting", "en"),
     ("no mensajes", "es"), ("sin mensajes", "es")],
)  # fmt: skip
def test_asked_how_to_be_reached_not_by_text_is_an_answer_not_an_opt_out(
    text: str, language: str
) -> None:
    out = step(FLOWS, state_at("self_referral", "contact", language), text, ctx())
    assert "opt_out" not in [e.kind for e in out.effects]
    assert out.state["vars"]["contact_method"] == "call"


@pytest.mark.parametrize("language", ["en", "es"])
def test_cancel_mid_conversation_opts_out_and_says_how_to_come_back_and_whom_to_call(
    language: str,
) -> None:
    """CANCEL is a carrier opt-out word, so it must stay one; the person who meant "cancel
    this" learns at once how to come back, and that the program and 911 can still be called."""
    out = step(FLOWS, state_at("self_referral", "town", language), "cancel", ctx())
    assert [e.kind for e in out.effects] == ["opt_out"]
    (reply,) = out.replies
    assert "Text START to come back" in reply or "Envie START para volver" in reply
    assert "413-555-0100" in reply and "911" in reply
    assert (encoding(reply), segments(reply)) == ("GSM-7", 1)


def test_ayuda_alone_is_help_in_spanish() -> None:
    out = step(FLOWS, state_at("family", "needs"), "AYUDA", ctx())
    assert "STOP" in out.replies[0] and "Emergencia: 911" in out.replies[0]
    assert out.state["language"] == "en"


@pytest.mark.parametrize("text", ["hi", "HELP", "narcan 01060", "menu", "1", "", "STOP"])
def test_opted_out_texts_get_no_reply(text: str) -> None:
    out = step(FLOWS, state_at("menu", "welcome"), text, ctx(opted_out=True))
    assert out.replies == () and out.effects == ()


@pytest.mark.parametrize(
    ("text", "events"),
    [("mi amigo no respira", ["emergency"]), ("he's not breathing", ["emergency"]),
     ("OD", ["emergency"]), ("I want to kill myself", ["crisis"]),
     ("im going to overdose tonight", ["crisis"]),
     ("she took too much on purpose and wants to die", ["emergency", "crisis"])],
)  # fmt: skip
def test_an_opted_out_emergency_is_counted_but_not_answered(text: str, events: list) -> None:
    before = state_at("self_referral", "town")
    out = step(FLOWS, before, text, ctx(opted_out=True))
    assert out.replies == ()
    assert [(e.kind, dict(e.data)) for e in out.effects] == [
        ("log_event", {"event": event}) for event in events
    ]
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "town")


@pytest.mark.parametrize(("word", "language"), [("START", "en"), ("unstop", "en"), ("Yes", "es")])
def test_start_words_opt_back_in(word: str, language: str) -> None:
    out = step(FLOWS, state_at("menu", "welcome", language), word, ctx(opted_out=True))
    assert [e.kind for e in out.effects] == ["opt_in"]
    assert "MENU" in out.replies[0]
    assert ("Welcome back" in out.replies[0]) == (language == "en")


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("word", "language"), [("HELP", "en"), ("info", "es")])
def test_help_from_any_state(flow_id: str, node: str, word: str, language: str) -> None:
    out = step(FLOWS, state_at(flow_id, node, language), word, ctx())
    text = out.replies[0]
    assert "Hampshire HOPE Line" in text and "413-555-0100" in text and "STOP" in text
    assert "988" in text and "911" in text
    if language == "en":
        assert "Msg & data rates may apply" in text
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("word", "expected"), [("MENU", "Support for myself"), ("menú", None)])
def test_menu_from_any_state(flow_id: str, node: str, word: str, expected: str | None) -> None:
    out = step(FLOWS, state_at(flow_id, node), word, ctx())
    assert "1) Support for myself" in out.replies[-1]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert out.state["pins"] == {"menu": None}


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
def test_language_switch_from_any_state_reasks_in_spanish(flow_id: str, node: str) -> None:
    out = step(FLOWS, state_at(flow_id, node), "ESPAÑOL", ctx())
    assert out.state["language"] == "es"
    assert ("set_language", {"language": "es"}) in [(e.kind, dict(e.data)) for e in out.effects]
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    prompt = FLOWS[flow_id].states[node].prompt
    assert prompt is not None
    spanish = prompt["es"].replace("{program_name}", "Hampshire HOPE Line")
    assert out.replies[0].startswith(spanish[:20])


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("narcan 01060", "Northampton"),
        ("naloxone in noho", "Northampton"),
        ("narcan amherst", "Amherst"),
    ],
)
def test_one_shot_naloxone_from_any_state(flow_id: str, node: str, text: str, town: str) -> None:
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert "Free naloxone near" in out.replies[0]
    assert "nextdistro.org" in out.replies[0]
    searches = [e.data for e in out.effects if e.kind == "log_search"]
    assert len(searches) == 1 and searches[0]["town"] == town and searches[0]["results"] == 3
    assert searches[0]["nearest_km"] is not None
    if flow_id != "naloxone":
        assert (out.state["flow"], out.state["node"]) == (flow_id, node)


def test_bare_naloxone_word_mid_flow_detours_and_comes_back() -> None:
    start = state_at("family", "relationship")
    out = step(FLOWS, start, "narcan", ctx())
    assert out.state["flow"] == "naloxone"
    out = step(FLOWS, out.state, "ware", ctx())
    assert "Free naloxone near Ware" in out.replies[0]
    assert "Back to where we were" in out.replies[-1]
    assert "How are you connected" in out.replies[-1]
    assert (out.state["flow"], out.state["node"]) == ("family", "relationship")


def test_naloxone_as_an_answer_is_still_an_answer() -> None:
    out = step(FLOWS, state_at("self_referral", "needs"), "narcan", ctx())
    assert out.state["node"] == "town"
    assert out.state["vars"]["needs"] == ["naloxone"]


@pytest.mark.parametrize(
    ("text", "flow", "language"),
    [
        ("help for my daughter, she doesn't need narcan", "family", "en"),
        ("my son, he does not need narcan just support", "family", "en"),
        ("not narcan, i need help for me", "self_referral", "en"),
        ("i dont need narcan i need detox", "self_referral", "en"),
        ("no necesito narcan, es para mi hijo", "family", "es"),
    ],
)
def test_a_naloxone_mention_that_says_no_leaves_the_rest_to_decide(
    text: str, flow: str, language: str
) -> None:
    out = step(FLOWS, None, text, ctx())
    assert out.state["flow"] == flow and out.state["language"] == language
    assert "needs" not in out.state["vars"] or "learn" not in out.state["vars"]["needs"]


@pytest.mark.parametrize(
    "text", ["i dont have narcan where can i get some", "no narcan here, need some", "narcan"]
)
def test_having_no_naloxone_is_still_a_naloxone_search(text: str) -> None:
    assert step(FLOWS, None, text, ctx()).state["flow"] == "naloxone"


OVERDOSE_PHRASINGS = [
    "he is unconscious", "O.D.", "911", "my friend isnt waking up", "he's not responding",
    "cannot wake him up", "over dose", "ODed", "he OD'd", "his lips r blue",
    "her lips turned blue", "he is blue", "turning purple", "he aint breathing",
    "not breathin", "not breating", "can not wake him", "cannot wake him",
    "can't get him to wake up", "unresponcive", "he wont respond", "he collapsed",
    "slumped over", "gurgling", "over dosing", "over dosed", "overdosin", "he overdoes",
    "took too much", "hes dying", "no pulse", "breathing slow", "breathing slowly",
    "not waking", "my friend fell out", "she's not responding to me", "911!!!",
    "mi hijo esta inconsiente", "sobre dosis", "no esta respirando", "no puede respirar",
    "respira muy lento", "se desmayo", "no lo puedo despertar", "no la puedo despertar",
    "no puedo despertarlo", "no puedo despertarla", "se puso azul", "esta azul",
    "labios morados", "se esta poniendo morado", "se está muriendo", "inconsiente",
    "tiene los labios azules", "se desmayó y no reacciona",
]  # fmt: skip
ORDINARY_ANSWERS = [
    "i cant wake up early", "my phone is dying", "my mom is dying of cancer", "that's odd",
    "we fell out last year", "i fell out of bed", "she is feeling blue", "my car is blue",
    "he wont respond to my texts", "hes not responding to my calls", "I overdid it at the gym",
    "odd hours", "I'm dying to see you", "do not wake the baby", "yo no despierto temprano",
    "uno o dos", "he took too long", "911 is not what I need", "respira", "breathing room",
    "Learn about substance use", "overdone", "my son died of an overdose in March",
    "grief, he died from an overdose", "mi hijo murio de una sobredosis",
    "I lost my brother to an OD", "she overdosed 2 years ago", "he OD'd last year",
    "mi hijo no responde mis llamadas", "no responde a mis mensajes", "el no responde el telefono",
    "I wont wake up before noon", "he's not waking up till noon", "I won't wake up until 10",
    "overdose prevention training", "I want to learn about overdose",
    "I have odd hours, evenings are best", "my son has odd moods", "she had odd behavior lately",
    "my son has been overdoing it with pills", "my son is not responding to treatment",
    "my world collapsed when my son died", "took too much time",
    "we lost him to an overdose last year", "I lost someone to an overdose",
    "lost so many people to overdoses", "lost two friends to ODs",
    "i lost both my brothers to overdoses", "how to avoid collapsed veins", "my vein collapsed",
    "my marriage collapsed", "I collapsed at work last week", "he is so blue since his dad died",
    "she's blue over her divorce", "he's just odd lately", "my son has odd needs",
    "my son overdosed again last year and died", "my brother died after he ODd again",
    "It's the anniversary tonight, he overdosed 2 years ago",
    "now my daughter overdosed and died last year, i need support",
    "my dad was found dead of an overdose in 2015",
    "my brother has been dead from an overdose for 3 years",
    "my son died of an overdose, can you help me find a support group",
    "we lost him to an overdose last year, now I need support",
    "its just odd that he wont call",
]  # fmt: skip
STILL_EMERGENCIES = [
    "he overdosed and is not breathing", "OD",
    "my son died of an overdose and now my daughter wont wake up", "overdose", "sobredosis",
    "she overdosed please help", "mi hijo no responde",
    "she won't wake up", "he wont wake up at all", "he passed out, overdose",
    "he overdosed 5 minutes ago", "my friend overdosed I think he's dead", "is he dead? he od",
    "someone is overdosing at the funeral", "my son is overdosing, I lost it",
    "i gave narcan 2 min ago and he's still out, overdose", "he has OD'd twice",
    "911 help", "help 911", "911 please", "911 now", "my bf OD'd", "he collapsed",
    "she took too much of her meds",
    "my son OD'd, need help", "he OD'd, pls help", "she ODd, send help", "someone OD'd outside",
    "dad OD'd need an ambulance", "my brother ODd rn", "he just OD'd, 911?",
    "my friend OD'd, need narcan", "he's OD'ed", "hes oded", "dude oded", "found him collapsed",
    "my friend used fentanyl and collapsed", "collapsed!!", "he's blue, this is bad",
    "he's blue over by the dumpster", "he is blue since he used", "help he's dead from an overdose",
    "i think hes dead from an od", "lost 2 friends to ods, now my roommate od'd",
    "we lost so much to ods, he oded again tonight", "he suddenly collapsed",
    "my stepdad collapsed", "collapsed in bathroom", "my son OD'd, need help", "he's OD'd again",
    "my friend OD'd from fentanyl", "he OD'd, can you help", "someone OD'd here",
    "he used and then collapsed", "my friend's collapsed", "he is collapsed on the floor",
    "help collapsed", "Mike collapsed in the bathroom help", "he is blue today help",
    "he's blue over on the couch", "he's blue since he fixed", "hes blue since like 5 minutes",
    "he just od'd off percs", "she just od'd idk", "911 my sister has OD'd idk",
    "someone just OD'd in 2020 Main St", "my friend is overdoing help",
    "hes blue because of fentanyl", "he's blue over his lips",
    "pls somebody at my house collapsed hurry", "my friend and i collapsed",
    "we lost our friend last month, now my bf just OD'd pls help",
    "my cousin died of an overdose in 2019, she ODd send help",
    "i lost 2 friends to ODs last year and now my son od rn", "my bf is blue off some pills",
    "hey my sister is blue bad", "mi novio se paso de dosis", "AYUDA!! mi amigo se le paso la mano",
    "perdimos a un amigo hace meses, ahora mi novio hizo OD ayuda",
]  # fmt: skip


# Overdoses texted as people text them in a hurry, and texts that share their words but are
# not one: each pattern that hears more is paired with what it must still leave alone.
HEARD_EN = [
    # Voice-to-text and hurried typing.
    "he's not breeding", "she's not breeding please help", "hes on responsive",
    "my son is in responsive", "he's over dozing", "he oh deed", "call 9-1-1", "nine one one",
    "call 9 1 1 my friend is out", "he wnt wake up", "cnt wake him", "cant wak him up",
    "he wont wkae up", "he is 0d", "my brother is turning blew", "his lips are blew",
    "he turnin blue", "hes od'in",
    # Alone, having taken too much.
    "i did to much dope help", "i did too much i cant feel my legs", "took to many xans and drank",
    "i did too big a shot", "i took a whole bottle of percs by accident",
    "i overdid it with the dope im scared", "i just did a shot and i feel like im going out help",
    "i think im dying help i took pills", "i used alone and i feel like im fading",
    "i did fent and my heart is slowing down help",
    # What a friend or family member sees.
    "he nodding hard and wont answer me", "my son locked in bathroom not answering",
    "guy in the bathroom not moving", "hes on the floor not moving", "is he dead?? he wont move",
    "my friend is out cold", "he hit the pipe and dropped", "dude just dropped after he hit it",
    "he went limp", "my friend is limp and blue", "he's gasping for air", "his eyes rolled back",
    "he's making a weird snoring noise", "my girl is snoring and i cant wake pls",
    "he's nodding out real bad can't keep him awake", "hes turning colors",
    "i think he's dead help",
    "found my son in his room blue", "found my son on the floor", "my son is on the floor",
    "Mike is blue", "Mike is blue help", "help mi novio is blue", "found him blue",
    "found a guy on the ground not moving", "my friend od if you can help",
    "one day clean and my friend just OD'd",
    # Naloxone and an ambulance, now.
    "gave narcan, not working", "narcan didnt work what do i do", "narcan didnt work on him",
    "how do i use narcan RIGHT NOW", "narcan now please", "need an ambulance",
    "call an ambulance",
]  # fmt: skip
# As spoken in western Massachusetts: Puerto Rican and Dominican usage, and Spanglish.
HEARD_ES = [
    "mi primo esta privao", "se privo", "mi amigo se privo en el baño", "ta privao",
    "mi hijo esta privado", "cayo redondo y no se mueve", "mi hijo no se mueve", "se puso morao",
    "tiene los labios morao", "tiene la boca morada", "ta azul", "no lo puedo despertal",
    "no ta respirando", "no ta respondiendo", "esta echando espuma por la boca", "se ve muerto",
    "creo que esta muerto", "llamen al 911", "ayuda mi hijo se esta ahogando",
    "tiene los ojos virados", "se le viraron los ojos", "se tomo muchas pastillas",
    "mi hijo esta sobredosiado", "se sobredoseo", "esta desmayao", "esta respirando raro",
    "mi amigo esta muriendo", "no le siento el pulso", "se inyecto y se cayo", "Jose se paso",
    "el corillo dice que se paso", "mi novia se paso por favor", "el no esta breathing",
    "tomé demasiado", "creo que tomé demasiado fentanilo", "tomó demasiadas pastillas",
]  # fmt: skip
NOT_EMERGENCIES = [
    # A past overdose, someone already cared for, or a count of them.
    "its been a year since he OD'd", "my brother would have been 30 today, he overdosed",
    "he overdosed on saturday, he's ok now, what's next",
    "she was in the icu after an overdose and is home now",
    "my son is in the hospital after an OD, what now",
    "my son OD'd twice this year, how do we get him into detox",
    "he has overdosed 3 times, we need help getting him treatment",
    "my son keeps overdosing, how do we get him into treatment",
    "my son has been overdosing a lot, how can we help him",
    "my son OD'd twice, he's in treatment now",
    "my daughter overdosed and survived", "my son had an od a few years back, he's doing good now",
    "so many people i know have OD'd", "grief group for overdose loss?",
    "every time my phone rings i think it's the call that he OD'd",
    "every time he doesn't answer i think he's dead",
    "when i found him on the floor he was already gone",
    "since i found my son blue in his room i can't sleep",
    "narcan didnt work on my brother, he died in 2020",
    "mi hija sobrevivio una sobredosis y necesita ayuda",
    "grupo de apoyo para familias que perdieron a alguien por sobredosis",
    "se tomo muchas pastillas el año pasado y ahora esta en tratamiento",
    # Advice, not an overdose.
    "no tome demasiado, empiece con poco",
    # Questions about what to do one day.
    "what do i do if someone overdoses", "what should i do if someone ODs", "can you OD on tranq",
    "what are the signs of an overdose", "what does an overdose look like",
    "how do i know if someone is overdosing", "how can i tell if someone is ODing or just high",
    "how do i avoid ODing", "i just got out of detox how do i not overdose", "tips so i dont od",
    "i want to stop using before i OD", "im afraid im going to od one day",
    "what's the difference between nodding and ODing", "can xylazine cause an overdose",
    "looking for an overdose response training", "what if narcan doesn't work",
    "why does narcan not work on tranq", "que hago si alguien tiene una sobredosis",
    "cuales son las señales de una sobredosis",
    # Found something, not someone.
    "i found a blue pill in his room", "found my son with blue pills", "found my keys on the floor",
    "found needles on the floor",
    # The same words, said of something else.
    "bro that's od", "this line is od long", "i'm OD tired", "i'm od'ing on coffee today",
    "i'm passed out tired lol", "i almost passed out when i saw the bill",
    "i passed out early last night sorry", "hes unresponsive to treatment",
    "my veins are collapsed", "i took too many hours at work",
    "i used too much back then, now i'm 2 years clean", "i did too much at the gym",
    "i did too much damage to my family", "my car is not moving", "we're not moving to holyoke",
    "my case is not moving", "he won't move out of my house", "he wont move his car",
    "my phone just dropped", "he dropped out of school", "she just dropped off the kids",
    "the charges were dropped and then dropped again", "my plant went limp",
    "he walks with a limp", "i was out cold last night", "i have been out cold all day lol",
    "im gasping for air after that run lol",
    "my husband snores so loud", "the leaves are turning colors", "i think my phone is dead",
    "is he dead to you now", "he looks dead tired", "i feel like im dying inside",
    "i'm so dope sick i feel like im dying", "i feel like im passing out, anxiety is bad",
    "i feel like im going out tonight", "he is fading away from us since he started using",
    "my son is not answering his phone", "the ambulance bill was huge",
    "i called an ambulance last time and got a bill", "i need narcan now for my house",
    "my car is blue", "my kid is on the floor throwing a tantrum", "se privo de la risa",
    "mi perfil esta privado", "no se mueve de la casa", "me estoy ahogando en deudas",
    "se paso por mi casa", "ayer se paso la noche afuera", "el dolor ya se paso",
    "el dolor se paso", "se me paso la cita", "mi hijo parece muerto en vida desde que usa",
]  # fmt: skip
# Decided as emergencies though they could be something else: 911 and naloxone steps are the
# lesser harm, or the answer itself (the Good Samaritan law) is what the person asks for.
LEANING_TO_EMERGENCY = [
    "will i get arrested if i call 911 for an overdose",
    "llamar al 911 me da miedo, me pueden arrestar?",
    "how do i use narcan if someone isn't breathing", "is nodding out an overdose",
    "my son won't wake up for school", "it's not an overdose, he's just drunk and sleeping",
    "he won't answer me", "he keeps ODing, the narcan keeps wearing off",
]  # fmt: skip


# An overdose told with a history (a count, treatment, a hospital stay, a day before now) or a
# question: heard as soon as anything says it is happening now (tonight, today, now, just,
# again, help, pls, a sign...), silent otherwise.
NOW_AFTER_A_HISTORY = [
    "he OD'd 3 times, please help me", "he OD'd 3 times tonight help me find narcan",
    "he OD'd 3 times tonight", "she ODd 3 times already tonight help",
    "he is in treatment now but he just od again", "a year since he od and he od again now",
    "my son has OD'd three times, he just OD'd again",
    "my daughter overdosed several times this year and she overdosed tonight",
    "he's been in rehab, he OD'd again", "she was in the hospital last month, now she OD'd",
    "my bf survived an overdose but he's ODing again right now",
    "he OD'd yesterday and again today", "he od'd on saturday and tonight he od'd again",
    "my son is in recovery but he OD'd today", "he's 2 years clean and just OD'd",
    "my brother came home from the hospital and just overdosed",
    "my friend OD'd a few years back, she OD'd again pls",
    "he has had so many ODs, he OD'd again help",
    "so many people i know have OD'd, my roommate just OD'd",
    "what do i do if someone ODs, my friend just OD'd", "can you od on tranq? my bf OD'd tonight",
    "signs of an overdose? he OD'd and is blue", "how do i not od, i think my bf OD'd rn",
    "my son OD'd last year and tonight he overdosed again",
    "he overdosed in 2020 and tonight he overdosed again",
    "she OD'd 4 times, she OD'd again please", "he OD'd multiple times, is he dead",
    "he OD'd several times, help", "my son was hospitalized after an od and he od'd again now",
    "my daughter is in detox but she OD'd again tonight",
    "he survived his overdose last week and today he OD'd again",
    "she OD'd the other night and now she OD'd again",
    "he OD'd a while back and he's OD'ing right now",
    "my son OD'd twice this year, he OD'd again plz",
    "ever since his overdose he uses alone, he OD'd tonight",
    "he's still sober but he OD'd at the moment, what do i do",
    "he overdosed 3 times, we need help", "he has OD'd 3 times now",
    "my brother has OD'd many times, he overdosed today", "ayer tuvo una sobredosis y hoy otra vez",
    "mi hijo estuvo en tratamiento y esta noche tuvo una sobredosis",
    "mi hija sobrevivio una sobredosis y ahora tuvo otra sobredosis",
]  # fmt: skip
A_HISTORY_ONLY = [
    "she was in the icu after an overdose and today she came home",
    "my son overdosed several times, please help me find a family group",
    "OD'd 3 times this year, now in recovery",
    "my son overdosed an hour ago and is at the hospital", "what do I do if someone ODs",
    "can you od on tranq", "he od'd 2 years ago today", "today marks a year since he od'd",
    "he overdosed last year and now he's using again", "he OD'd yesterday, he's fine today",
    "my son OD'd last week and today he's in rehab",
    "she overdosed 3 times, I don't want her to od again", "he od'd again last year",
    "he overdosed 3 times, any help is appreciated",
    "he overdosed 3 times, what help is there for families",
    "he survived an overdose, now he's in rehab",
    "my son od'd a few times before, he is doing better now",
    "mi hijo sobrevivio una sobredosis y ahora esta en tratamiento",
    "he od'd 3 times this year, please send me info on rehab",
    "so many people i know have OD'd, please tell me about narcan",
    "my son is in the hospital after an OD, what now", "she overdosed on saturday and is home now",
    "my brother has overdosed several times, how can we help him",
    "my son OD'd twice this year, he's home tonight",
    "my daughter overdosed 3 times, we need help getting her into treatment",
    "what are the signs of an overdose", "she's been clean since her OD last year, doing good now",
    "he overdosed 4 times over the years, he's 2 years clean now",
    "he's in treatment now after 3 overdoses", "my son overdosed yesterday and is in the icu",
    "he OD'd a while back, he's ok now",
    "my son keeps overdosing again and again, how do we get him into rehab",
    "can you od on tranq and benzos together", "what should i do if someone overdoses at a party",
    "it's been 2 years since my son OD'd, he's doing well now",
    "my daughter survived an overdose last year, is there a family group",
    "ayer mi hijo tuvo una sobredosis y ahora esta bien",
    "my son OD'd 3 times last year, he's at home now",
    "he was hospitalized after an overdose, where can i get narcan",
    "since the day he overdosed i can't sleep", "every time my son goes out i'm scared he'll od",
    "my son overdosed 5 times, he's sober now",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, True) for text in NOW_AFTER_A_HISTORY] + [(text, False) for text in A_HISTORY_ONLY],
)
def test_a_history_or_a_question_silences_an_overdose_only_when_nothing_says_now(
    text: str, heard: bool
) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


# A death told first, then an overdose said with "now" right by it: heard. The death's own
# overdose, its day or its cause, and a plea for support after it: silent.
NOW_AFTER_A_DEATH = [
    "my friend died last year, my bf OD'd tonight help",
    "my son died in march. my daughter just od'd", "my mom died last year my dad od tonight",
    "my cousin passed from fent last year and my friend just ODd please help",
    "my friend died last yr, my gf od'd help", "we lost my uncle in 2019, my brother od'd rn",
    "my husband passed away last month and my son just overdosed",
]  # fmt: skip
A_DEATH_ONLY = [
    "it's the anniversary tonight, he overdosed 2 years ago",
    "he died 2 years ago tonight from an od", "my son died of an od please help me find a group",
    "lost my son to an od. please help", "he would have been 30 today, he OD'd",
    "my brother died. he od'd just before christmas",
    "he passed away last month. he just od'd one time and that was it",
    "my son passed away last year he od'd on fentanyl please send me info",
    "my son died last year he od'd now he's in peace",
    "she died 3 weeks ago from an od. tonight is her birthday",
    "i'm od'ing on coffee today",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, True) for text in NOW_AFTER_A_DEATH] + [(text, False) for text in A_DEATH_ONLY],
)
def test_an_overdose_said_now_after_a_death_is_heard(text: str, heard: bool) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


# The day after a nonfatal overdose, many text because a hospital or EMS gave them the number:
# an overdose told as over (a night, a weekend or a day before now, after or since it) is no
# emergency. A sign, anything said to be now, or an overdose of this morning or earlier today
# (naloxone wears off within hours, so the steps are right there) still is.
AN_OVERDOSE_OVER = [
    "i overdosed last night", "my friend overdosed last night, hes ok now",
    "the hospital gave me this number after i overdosed",
    "i overdosed last night and the ems guys said to text this",
    "I had an overdose last night", "my son overdosed last night", "i overdosed last weekend",
    "she overdosed again last night", "since i overdosed i cant sleep",
    "since my overdose i have been scared to use alone",
    "i overdosed last night and want help", "tuve una sobredosis anoche",
    "mi hijo tuvo una sobredosis anoche", "después de mi sobredosis no sé qué hacer",
    "desde mi sobredosis no duermo",
    # "what do i do" after a day before today asks what to do now it is over
    "my son overdosed yesterday, what do i do now", "my son overdosed last night what should i do",
    "i overdosed yesterday what do i do", "my brother od'd 2 days ago idk what to do",
    "mi hijo tuvo una sobredosis ayer, que hago",
]  # fmt: skip
AN_OVERDOSE_NOW_AFTER_ONE_OVER = [
    "he overdosed last night and is still not waking up",
    "he overdosed last night and again tonight", "he overdosed last night and again now",
    "he overdosed yesterday and now again",
    "she overdosed last night and she just overdosed again",
    "he overdosed last night, hes overdosing right now", "my friend overdosed last night help",
    "he overdosed last night pls", "he overdosed last night, 911?", "i overdosed this morning",
    "he overdosed earlier today, hes ok now", "he overdosed, hes ok now",
    "after he overdosed i gave him narcan and now hes ok",
    "since he overdosed, should i give him more narcan",
    "after i overdosed last night my friend just overdosed",
    "since he overdosed last night he's been passed out",
    "after my overdose last night i feel like im dying",
    "tuvo una sobredosis anoche y no respira", "anoche tuvo una sobredosis y ahora otra vez",
    "my son overdosed yesterday and hes still not waking up, what do i do",
    "he overdosed this morning what do i do", "my son overdosed what do i do",
    "he od'd last night and hes blue what do i do",
    "he overdosed yesterday what do i do hes on the floor",
    "she overdosed last night and is overdosing again now what do i do",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, False) for text in AN_OVERDOSE_OVER]
    + [(text, True) for text in AN_OVERDOSE_NOW_AFTER_ONE_OVER],
)
def test_an_overdose_told_as_over_is_no_emergency_unless_one_is_now(text: str, heard: bool) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


# Family members text a fear of an overdose that may come later, for someone else: a future
# ("will", "'ll", "gonna", "going to", "might", "could", "may" and "od" or "overdose"), "what if",
# "in case"; in Spanish a subjunctive or a future. Silent, as a question is, while nothing in the
# text says now. Said of oneself ("i'm scared i'm going to od"), a guess about someone watched
# ("i think hes going to od"), a sign, a past or an overdose now still get the steps.
FEARED_LATER = [
    "my brother just got out of jail and i'm scared he'll od",
    "i'm worried my son will overdose", "what if she ods while im at work",
    "afraid my husband is going to overdose", "tengo miedo que mi hijo tenga una sobredosis",
    "i'm scared my son will overdose", "I'm scared he's going to overdose",
    "my son is going to overdose", "scared he'll od", "im so scared shell overdose again",
    "my daughter is leaving rehab and i'm worried she'll overdose",
    "theyll od if they keep using alone", "my husband could overdose any day",
    "worried my brother might OD when he gets out of prison", "she may overdose",
    "what if my son ODs again", "i want narcan in case my son ods",
    "what do i do if my son ods", "my dad is gonna od one of these days",
    "hes gonna end up overdosing", "he od'd last year and i'm scared he'll od again",
    "i'm worried my son will overdose, i need support",
    "tengo miedo de que le dé una sobredosis", "mi hijo va a tener una sobredosis",
    "me preocupa que mi hija tenga otra sobredosis", "temo que tenga una sobredosis otra vez",
    "mi esposo sale de la carcel y tengo miedo que le de una sobredosis",
    "tengo miedo que mi hijo tenga una sobredosis, necesito ayuda",
    "i think my son will overdose if he doesnt get help", "he'll od now that he's out",
    "creo que va a tener una sobredosis si sigue asi",
]  # fmt: skip
FEARED_BUT_NOW = [
    "im scared hes not breathing", "i'm scared he overdosed", "i think she might be overdosing",
    "he might have od'd", "scared he'll od tonight", "what if he's overdosing right now",
    "i'm scared i'm going to od", "im scared im gonna od", "i'm scared i'll od again",
    "i think hes going to od", "i'm worried my son will overdose, pls help",
    "what if she ods, she's turning blue", "he'll od again tonight",
    "scared he'll od, he's overdosing", "he just od'd and i'm scared he'll od again",
    "what if he ods, 911?", "hes gonna od help", "my son is going to overdose right now",
    "tengo miedo que tenga una sobredosis, no respira",
    "tengo miedo que tenga una sobredosis ahora mismo",
    "tengo miedo que le de una sobredosis, ayuda", "me and him might od",
    "he is going to od now", "he'll od again now", "creo que va a tener una sobredosis",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, False) for text in FEARED_LATER] + [(text, True) for text in FEARED_BUT_NOW],
)
def test_an_overdose_feared_for_later_is_no_emergency_unless_one_is_now(
    text: str, heard: bool
) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


@pytest.mark.parametrize(
    ("text", "crisis"),
    [("I don't want to OD again, how do I use safer?", False),
     ("i think hes going to od", False),
     ("im scared im gonna od", False),
     ("i feel like im gonna od if i keep using like this", False),
     ("scared that im gonna od", False), ("im terrified i will od", False),
     ("i think im going to od on purpose", True)],
)  # fmt: skip
def test_fearing_or_refusing_an_overdose_is_no_crisis(text: str, crisis: bool) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency"
    assert found.also_crisis is crisis


@pytest.mark.parametrize(
    "text", ["I'm afraid I'm going to OD one day", "i worry ill overdose someday"]
)
def test_fearing_an_overdose_one_day_is_not_a_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or (found.kind != "crisis" and not found.also_crisis)


@pytest.mark.parametrize(
    "text", OVERDOSE_PHRASINGS + STILL_EMERGENCIES + HEARD_EN + LEANING_TO_EMERGENCY
)
def test_overdose_phrasings_are_emergencies(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency"


@pytest.mark.parametrize("text", HEARD_ES)
def test_overdoses_told_in_caribbean_spanish_are_emergencies_in_spanish(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.language == "es"


@pytest.mark.parametrize("text", ORDINARY_ANSWERS + NOT_EMERGENCIES)
def test_ordinary_answers_are_not_emergencies(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"


# Overdoses as a subject (a training, a school project) and "dropped dead tired": asked or said
# in passing, not an emergency. The same words told of someone now still are.
OVERDOSES_AS_A_SUBJECT = [
    ("do you do overdose trainings for businesses", "en"),
    ("my kid has a school project on overdoses", "en"),
    ("my friend dropped dead tired after work", "en"),
    ("hacen capacitaciones sobre sobredosis para los negocios", "es"),
    ("mi hijo tiene un proyecto de la escuela sobre sobredosis", "es"),
]  # fmt: skip
STILL_OVERDOSES_NOW = [
    "my friend dropped and wont wake up", "he dropped after a hit", "she overdosed",
    "overdose happening now", "my friend just dropped dead", "he dropped dead help",
    "my kid is overdosing", "tiene una sobredosis ahora",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), OVERDOSES_AS_A_SUBJECT)
def test_overdoses_as_a_subject_get_the_menu_not_the_steps(text: str, language: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert [e.kind for e in out.effects if e.kind == "log_event"] == []
    assert not any("911 now" in reply or "911 ahora" in reply for reply in out.replies)
    assert out.state["language"] == language


@pytest.mark.parametrize("text", STILL_OVERDOSES_NOW)
def test_overdoses_told_now_beside_the_subjects_words_are_still_emergencies(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency", text


# A phone or its battery dying, in Spanish, is no one dying: "se me muere la bateria" at the
# time question got the overdose steps.
@pytest.mark.parametrize(
    "text",
    ["se me muere la bateria, mejor mensaje despues de las 5", "se me muere el celular",
     "mi telefono se esta muriendo", "la bateria se me muere", "el cel ta muriendo"],
)  # fmt: skip
def test_a_phone_dying_is_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency", text


@pytest.mark.parametrize(
    "text", ["se me muere mi hijo", "se me esta muriendo", "mi amigo se esta muriendo ayuda"]
)
def test_someone_dying_in_spanish_is_still_an_emergency(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency", text


@pytest.mark.parametrize(
    "text",
    ["my friend isnt waking up", "O.D.", "911", "he OD'd", "no esta respirando",
     "my friend is out cold", "call 9-1-1", "Mike is blue", "mi primo esta privao", "se privo"],
)  # fmt: skip
@pytest.mark.parametrize(("flow_id", "node"), [("family", "needs"), ("self_referral", "name")])
def test_overdose_phrasings_get_the_steps_from_mid_flow(flow_id: str, node: str, text: str) -> None:
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert "911" in out.replies[0]
    assert ("log_event", {"event": "emergency"}) in [(e.kind, dict(e.data)) for e in out.effects]
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert "name" not in out.state["vars"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("my son died of an overdose in March", "en"), ("grief, he died from an overdose", "en"),
     ("lost him to an overdose last year", "en"), ("mi hijo murió de una sobredosis", "es"),
     ("duelo, falleció de sobredosis", "es")],
)  # fmt: skip
def test_telling_of_a_death_at_the_family_question_is_an_answer(text: str, language: str) -> None:
    out = step(FLOWS, state_at("family", "needs", language), text, ctx())
    assert [e.kind for e in out.effects] == []
    assert not any("911" in reply for reply in out.replies)
    assert out.state["vars"]["needs"] == ["grief"]


# A seizure is a call for 911 at once, in English and Spanish; having had seizures, or the
# word of a thing seized, is not.
SEIZURES = [
    ("hes seizing", "en"), ("my friend is having a seizure after using", "en"),
    ("she's convulsing", "en"), ("he started seizing after he hit it", "en"),
    ("my bf is having a seizure", "en"), ("mi amigo esta convulsionando", "es"),
    ("le esta dando una convulsion", "es"),
]  # fmt: skip
NOT_SEIZURES = [
    "i have a seizure disorder", "my seizure meds", "he had a seizure last year",
    "she's been having seizures for years", "the police are seizing his car",
    "my back is seizing up",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), SEIZURES)
def test_a_seizure_is_an_emergency(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.language == language


@pytest.mark.parametrize("text", NOT_SEIZURES)
def test_a_seizure_told_of_the_past_or_a_thing_seized_is_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"


# A death told, with the signs it was found with ("was found unresponsive and didnt make it"),
# its overdose called fatal, or watched: silent, as grief is. A doubt, a sign now, or a death
# told before the sign, is still an emergency.
DEATHS_TOLD = [
    "my son was found unresponsive and didnt make it", "my sister's overdose was fatal",
    "i watched my friend die from an od and i cant sleep", "i found my son dead this morning",
    "i found my son dead this morning, he od'd", "my homie died last night i was with him",
    "my man died from fent last week", "my homie died from an od last night i was with him",
    "my brother was found not breathing and passed away", "she had a fatal overdose in june",
    "i found him unresponsive and he didnt make it",
]  # fmt: skip
STILL_EMERGENCIES_BESIDE_A_DEATH = [
    "he was found unresponsive, i think he died", "he was found unresponsive help",
    "my son died last year and now my daughter was found unresponsive",
    "i just found him unresponsive and i think he died", "i just found him dead he od'd",
    "found him not breathing and he died what do i do",
    "my son was found unresponsive and died. now my daughter was found not breathing",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, False) for text in DEATHS_TOLD]
    + [(text, True) for text in STILL_EMERGENCIES_BESIDE_A_DEATH],
)
def test_a_death_told_with_the_signs_it_was_found_with_is_no_emergency(
    text: str, heard: bool
) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


# An overdose told with other words of the past: a weekday's night, custody of the children
# now, a near death. Still heard with a sign or a now.
PAST_WITH_OTHER_WORDS = [
    "my nephew overdosed at a party saturday night, he's ok now",
    "My granddaughter is 3 and her mom overdosed, I have custody now. need support",
    "i od last night and got narcanned", "i almost died yesterday",
    "i overdosed and almost died, how do i get into detox",
]  # fmt: skip
NOW_WITH_OTHER_WORDS = [
    "my nephew overdosed saturday night and hes not breathing",
    "i almost died, i just od'd", "i overdosed and almost died, pls help",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, False) for text in PAST_WITH_OTHER_WORDS]
    + [(text, True) for text in NOW_WITH_OTHER_WORDS],
)
def test_an_overdose_told_with_other_words_of_the_past_is_no_emergency(
    text: str, heard: bool
) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


# Naloxone just given to someone: the overdose may come back as it wears off, so the steps
# (stay with them, a second dose, the recovery position) are what the texter needs, not the
# finder. Given on a day before now, taught, handed out or given by paramedics: not.
NALOXONE_JUST_GIVEN = [
    ("i already gave him narcan hes breathing now but real sleepy", "en"),
    ("i gave him narcan", "en"), ("we sprayed narcan in her nose", "en"),
    ("used narcan on him", "en"), ("hit him with narcan", "en"),
    ("just narcanned my friend", "en"), ("gave my son naloxone what now", "en"),
    ("i gave him 2 narcans hes still out", "en"), ("le di narcan", "es"),
    ("ya le pusimos naloxona", "es"),
    ("i gave narcan to my friend and hes still not breathing", "en"),
    ("i gave my friend narcan so he could breathe", "en"),
    ("i gave narcan to my son so he would wake up", "en"),
    ("we gave narcan to the guy next door", "en"),
]  # fmt: skip
NALOXONE_GIVEN_BEFORE = [
    "i gave narcan training at the library", "i gave my last narcan kit away, where can i get more",
    "i have used narcan on people before", "i gave him narcan last week, how do i get more",
    "le di narcan ayer, donde consigo mas", "the paramedics gave him narcan at the hospital",
    "i gave my mom narcan to keep at home", "ems gave him narcan and took him to the er",
    # handed on to keep: "so she has it", "just in case", "for the house"
    "i gave narcan to my neighbor so she has it", "gave narcan to my friend in case",
    "i gave my mom narcan for the house", "i gave my roommate some narcan just in case",
    "i gave narcan to my sister so she can have it in her car",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), NALOXONE_JUST_GIVEN)
def test_naloxone_just_given_gets_the_steps_not_the_finder(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.language == language
    out = step(FLOWS, None, text, ctx())
    assert "911" in out.replies[0] and "What town" not in " ".join(out.replies)
    assert ("stay with them" if language == "en" else "Quédese con la persona") in out.replies[2]


@pytest.mark.parametrize("text", NALOXONE_GIVEN_BEFORE)
def test_naloxone_given_before_or_handed_out_is_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"


# Wishing not to be here, not to wake, tired of living: 988. Not a place, a party or a town.
NOT_WANTING_TO_BE_HERE = [
    ("i dont wanna be here no more", "en"), ("im so tired of living like this", "en"),
    ("i dont want to wake up tomorrow", "en"), ("i'm sick of being alive", "en"),
    ("i hope i dont wake up tomorrow", "en"),
    ("ya no quiero estar aqui", "es"), ("no quiero estar aqui nunca mas", "es"),
]  # fmt: skip
HERE_AS_A_PLACE = [
    "i dont wanna be here at this party", "tired of living in holyoke",
    "i dont want to wake up early tomorrow", "sick of living with my parents",
    "ya no quiero estar aqui en este trabajo", "i dont want to wake up tomorrow for work",
    "i dont wanna be here no more at this job", "i hope i dont wake up late",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), NOT_WANTING_TO_BE_HERE)
def test_not_wanting_to_be_here_is_a_crisis(text: str, language: str) -> None:
    assert detect(text) == Detected("crisis", language)


@pytest.mark.parametrize("text", HERE_AS_A_PLACE)
def test_not_wanting_to_be_in_a_place_is_no_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or (found.kind != "crisis" and not found.also_crisis)


MORE_CRISES = [
    ("me quiero matar", "es"), ("me voy a matar", "es"), ("me quiero suicidar", "es"),
    ("quiero acabar con todo", "es"), ("no quiero seguir viviendo", "es"),
    ("I dont want to live anymore", "en"), ("I don't want to be alive", "en"),
    ("i want to end it", "en"), ("kms", "en"), ("I cut myself", "en"),
    ("i keep cutting myself", "en"), ("im going to take all my pills", "en"),
]  # fmt: skip
OVERDOSE_AND_CRISIS = [
    ("I want to kill myself, hes not breathing", "en"),
    ("she took too much on purpose and wants to die", "en"),
    ("voy a tomar una sobredosis", "es"), ("me quiero morir, no respira", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), MORE_CRISES)
def test_more_crisis_phrasings_are_crises(text: str, language: str) -> None:
    assert detect(text) == Detected("crisis", language)


@pytest.mark.parametrize(("text", "language"), OVERDOSE_AND_CRISIS)
def test_overdose_with_crisis_words_is_both(text: str, language: str) -> None:
    assert detect(text) == Detected("emergency", language, also_crisis=True)


# A plan with the means at hand: "end it" after pills saved, or set for tonight.
CRISES_WITH_MEANS = [
    "i have pills saved up to end it",
    "honestly i cant do this anymore, i got pills saved to end it tonight",
    "got pills to end it", "ive been saving my meds to end it",
    "im just gonna take my pills and end it", "i end it tonight",
]  # fmt: skip
END_OF_SOMETHING_ELSE = [
    "at the end of the day i just need a bed", "i want to end my using",
    "i saved up to end it with my landlord", "im gonna end it with her tonight",
    "i have pills saved up", "i got my pills refilled to end the month",
]  # fmt: skip


# Dying one day of old age is no wish to die now; the wish itself still is.
DYING_OF_OLD_AGE = [
    ("i just want to die in peace in my bed at 90 lol", "en"),
    ("i want to die of old age", "en"), ("i wanna die when im old and gray", "en"),
    ("solo quiero morir en paz en mi cama a los 90 jaja", "es"),
    ("quiero morir de viejo", "es"), ("quiero morirme de vieja en mi casa", "es"),
]  # fmt: skip
WISHING_TO_DIE_NOW = [
    ("i just want to die", "en"), ("i just want to die in my bed tonight", "en"),
    ("i want to die, im so old and tired of this", "en"), ("quiero morir", "es"),
    ("solo quiero morir en paz", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), DYING_OF_OLD_AGE)
def test_dying_of_old_age_one_day_is_no_crisis(text: str, language: str) -> None:
    found = detect(text)
    assert found is None or (found.kind != "crisis" and not found.also_crisis), text


@pytest.mark.parametrize(("text", "language"), WISHING_TO_DIE_NOW)
def test_wishing_to_die_now_is_still_a_crisis(text: str, language: str) -> None:
    assert detect(text) == Detected("crisis", language)


@pytest.mark.parametrize("text", CRISES_WITH_MEANS)
def test_ending_it_with_pills_saved_or_tonight_is_a_crisis(text: str) -> None:
    """ "i have pills saved up to end it" got the welcome menu, and at the naloxone finder's
    question "Sorry, I couldn't find that place"."""
    assert detect(text) == Detected("crisis", "en")


@pytest.mark.parametrize("text", END_OF_SOMETHING_ELSE)
def test_ending_something_else_is_no_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or (found.kind != "crisis" and not found.also_crisis)


def test_a_plan_with_pills_at_the_naloxone_finders_question_gets_988() -> None:
    text = "honestly i cant do this anymore, i got pills saved to end it tonight"
    out = step(FLOWS, state_at("naloxone", "ask"), text, ctx())
    assert "988" in out.replies[0] and "couldn't find" not in " ".join(out.replies)
    assert out.effects[0].data == {"event": "crisis"}


# Said soon after the crisis text: the same crisis, not a new ask.
STILL_IN_CRISIS = [
    ("i have a bunch of pills saved up", "en"), ("whats the point of any of this", "en"),
    ("nothing matters", "en"), ("what is the point anymore", "en"),
    ("i cant do this anymore", "en"), ("no one would even miss me", "en"),
    ("nada importa", "es"), ("tengo pastillas guardadas", "es"),
]  # fmt: skip


def after_a_crisis(text: str, minutes: int = 10, state: dict | None = None):
    """The crisis text sent, then ``text`` some minutes later."""
    sent = step(FLOWS, state, "i want to kill myself", ctx())
    later = Context(now=NOW + timedelta(minutes=minutes), places=DIRECTORY)
    return step(FLOWS, sent.state, text, later)


@pytest.mark.parametrize(("text", "language"), STILL_IN_CRISIS)
def test_words_of_despair_soon_after_a_crisis_get_988_again(text: str, language: str) -> None:
    """ "i have a bunch of pills saved up" just after the crisis text got the welcome menu (or,
    with a request open, "Thanks, I've added that to your request")."""
    out = after_a_crisis(text)
    assert "988" in out.replies[0]
    assert out.replies[0].startswith(DEFAULT_STRINGS["crisis"][language])
    assert [e.data for e in out.effects if e.kind == "log_event"] == [{"event": "crisis"}]


def test_words_of_despair_mid_conversation_after_a_crisis_keep_the_question() -> None:
    out = after_a_crisis("nothing matters", state=state_at("self_referral", "town"))
    assert "988" in out.replies[0] and out.state["node"] == "town"
    assert "town" not in out.state["vars"]


@pytest.mark.parametrize("text", ["i have a bunch of pills saved up", "whats the point"])
def test_the_same_words_long_after_a_crisis_or_with_none_are_no_crisis(text: str) -> None:
    late = after_a_crisis(text, minutes=5 * 60)
    assert not any("988" in reply for reply in late.replies)
    out = step(FLOWS, None, text, ctx())
    assert not any("988" in reply for reply in out.replies)


@pytest.mark.parametrize(
    "text", ["whats the point of texting you", "ok thanks", "i want to end my using", "amherst"]
)
def test_other_words_after_a_crisis_are_no_crisis(text: str) -> None:
    out = after_a_crisis(text)
    assert not any("988" in reply for reply in out.replies)


@pytest.mark.parametrize(
    "text", ["i want to learn about overdose", "I want to end it with my boyfriend", "he is OD"]
)
def test_overdose_words_alone_are_not_a_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or not found.also_crisis


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("text", "language"), OVERDOSE_AND_CRISIS[:2])
def test_overdose_with_crisis_gets_both_answers(
    flow_id: str, node: str, text: str, language: str
) -> None:
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert "911" in out.replies[0]
    assert "988" in out.replies[-1] and "833-773-2445" in out.replies[-1]
    assert "carry on" in out.replies[-1]
    assert not any("carry on" in reply for reply in out.replies[:-1])
    assert [dict(e.data) for e in out.effects] == [{"event": "emergency"}, {"event": "crisis"}]
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)


@pytest.mark.parametrize(("text", "language"), MORE_CRISES)
def test_crisis_words_at_the_name_question_are_never_saved_as_a_name(
    text: str, language: str
) -> None:
    out = step(FLOWS, state_at("self_referral", "name"), text, ctx())
    assert "988" in out.replies[0]
    assert out.effects[0].data == {"event": "crisis"}
    assert "name" not in out.state["vars"] and out.state["node"] == "name"


@pytest.mark.parametrize("text", ["OD", "od!!", "911", "O.D.", "ODing", "mi amigo OD"])
def test_od_and_911_say_nothing_of_the_language(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.language is None


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize("text", ["OD", "911", "O.D."])
@pytest.mark.parametrize("language", ["en", "es"])
def test_od_and_911_answer_in_the_conversations_language(
    flow_id: str, node: str, text: str, language: str
) -> None:
    out = step(FLOWS, state_at(flow_id, node, language), text, ctx())
    words = " ".join(out.replies)
    assert ("sin cebar" in words) == (language == "es")
    assert ("no priming" in words) == (language == "en")
    assert out.state["language"] == language
    assert "set_language" not in [e.kind for e in out.effects]


STORY = "I have been meaning to write to you about my brother for a while now. " * 12


@pytest.mark.parametrize(
    ("text", "kind"),
    [(STORY + "Right now he is not breathing", "emergency"),
     (STORY + "and tonight I want to kill myself", "crisis"),
     (("x" * 1500) + " my friend OD'd", "emergency"),
     (("x" * 1000) + " mi hermano no respira", "emergency")],
)  # fmt: skip
def test_an_emergency_after_a_long_story_is_still_heard(text: str, kind: str) -> None:
    assert len(text) <= 1600
    found = detect(text)
    assert found is not None and found.kind == kind
    out = step(FLOWS, state_at("self_referral", "name"), text, ctx())
    assert ("911" if kind == "emergency" else "988") in out.replies[0]
    assert "name" not in out.state["vars"]


def test_a_long_answer_is_still_matched_on_its_start() -> None:
    out = step(FLOWS, state_at("self_referral", "contact"), "text " + "z" * 1200, ctx())
    assert out.state["vars"]["contact_method"] == "text"


@pytest.mark.parametrize("in_flow", [True, False])
@pytest.mark.parametrize(
    ("text", "language"),
    [("he's not breathing", "en"), ("I want to kill myself", "en"),
     ("I'm going to overdose tonight", "en"), ("no respira", "es"), ("me quiero matar", "es"),
     ("voy a tomar una sobredosis", "es")],
)  # fmt: skip
def test_emergency_and_crisis_texts_are_plain_gsm_in_two_segments(
    text: str, language: str, in_flow: bool
) -> None:
    state = state_at("self_referral", "town", language) if in_flow else None
    out = step(FLOWS, state, text, ctx())
    assert out.replies and out.state["language"] == language
    for reply in out.replies:
        assert (encoding(reply), segments(reply)) in (("GSM-7", 1), ("GSM-7", 2)), reply


@pytest.mark.parametrize(
    "name",
    ["urgent_self", "police_refused", "police_refused_before", "opted_out", "opted_in", "help"],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_other_protected_texts_are_plain_gsm(name: str, language: str) -> None:
    """á, í, ó and ú would make a whole text the costlier UCS-2 (é and ñ are GSM-7)."""
    shipped = FLOWS["system"].strings[name][language]
    assert encoding(shipped) == "GSM-7", shipped
    assert DEFAULT_STRINGS[name][language] == shipped


@pytest.mark.parametrize("name", ["emergency_1", "emergency_2", "emergency_3", "crisis"])
def test_the_engines_own_copies_match_the_shipped_script(name: str) -> None:
    assert DEFAULT_STRINGS[name] == dict(FLOWS["system"].strings[name])


def test_emergency_steps_are_sent_even_without_a_system_script() -> None:
    flows = {k: v for k, v in FLOWS.items() if k != "system"}
    out = step(flows, state_at("self_referral", "town", "es"), "no respira", ctx())
    words = " ".join(out.replies)
    assert len(out.replies) == 3
    for fragment in MUST_SAY["es"]:
        assert fragment in words


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("crisis", "I want to kill myself", "988"),
        ("emergency_1", "he is not breathing", "911"),
        ("help", "HELP", "STOP"),
    ],
)
def test_a_flow_string_never_replaces_a_safety_text(name: str, text: str, expected: str) -> None:
    """A family-flow string that happens to be called "crisis" must not answer a person at
    risk in place of 988 (nor "help" in place of the HELP answer)."""
    from dataclasses import replace

    family = FLOWS["family"]
    shadow = {"en": "Family in crisis? Groups meet weekly.", "es": "¿Familia en crisis? Grupos."}
    flows = {**FLOWS, "family": replace(family, strings={**family.strings, name: shadow})}
    out = step(flows, state_at("family", family.start), text, ctx())
    said = " ".join(out.replies)
    assert expected in said and "Groups meet weekly" not in said, said


@pytest.mark.parametrize("before", [None, state_at("menu", "welcome")])
@pytest.mark.parametrize("zip_code", ["01060", "01002", " 01062 ", "01301"])
def test_a_zip_code_alone_finds_naloxone_as_narcan_and_the_zip_does(before, zip_code) -> None:
    """211's habit, "text your ZIP": a ZIP alone, as a first text or at the menu, is the same
    search as "narcan" and the ZIP, outside the county too (the nearest sites, and by mail)."""
    asked = step(FLOWS, before, f"narcan {zip_code}", ctx())
    out = step(FLOWS, before, zip_code, ctx())
    assert out.replies[0].startswith("Free naloxone near")
    assert out == asked


def test_five_digits_that_are_no_zip_code_still_get_the_menu() -> None:
    out = step(FLOWS, None, "00000", ctx())
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert not [e for e in out.effects if e.kind == "log_search"]


@pytest.mark.parametrize(("flow_id", "node"), [("self_referral", "town"), ("family", "town")])
def test_a_zip_code_at_a_town_question_is_still_the_answer(flow_id: str, node: str) -> None:
    out = step(FLOWS, state_at(flow_id, node), "01060", ctx())
    assert out.state["vars"]["town"] == "Northampton"
    assert not [e for e in out.effects if e.kind == "log_search"]


# Someone found looking dead, now: a deep overdose can look like death, so 911 and naloxone
# first. A death told of before now, or in the ground, is grief.
FOUND_DEAD_NOW = [
    "my husband is dead on the floor", "i just found my boyfriend dead",
    "hes dead on the bathroom floor", "found him dead in his room help",
    "my roommate is dead i think", "i found my son dead", "she might be dead",
    "i think shes dead on the couch", "my friend is dead on my couch",
    "mi amigo esta muerto en mi sofa", "mi hermano esta muerto en el piso",
    "hes out cold for an hour", "hes been out cold for an hour",
    "shes been out cold for a while and wont wake up", "my son has been out cold since noon",
    "theyve been out cold",
]  # fmt: skip
DEAD_BEFORE_NOW = [
    "found him dead asleep on the couch lol, anyway i need help for myself",
    "i found him dead drunk on the couch", "my son is dead and i cant cope",
    "i found my son dead this morning",
    "i found my son dead 2 years ago and i still cant sleep", "my brother is dead in the ground",
    "my son is dead because of fentanyl", "my phone is dead", "this town is dead on sundays",
    "my friend is dead on my couch, hes been dead for hours",
    "my friend has been dead on my couch for hours",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, True) for text in FOUND_DEAD_NOW] + [(text, False) for text in DEAD_BEFORE_NOW],
)
def test_someone_found_looking_dead_now_gets_the_steps(text: str, heard: bool) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


# A past or feared overdose told with a sign that is still there now: the steps, as before.
STILL_HAPPENING = [
    "my friend overdosed last night and shes still not awake",
    "he overdosed last night and hes still not awake",
    "he overdosed last night and hes still nodding",
    "he overdosed last night and hes still out", "i overdosed last night and my chest hurts now",
    "i overdosed last night and my heart is racing", "i overdosed last night and im throwing up",
    "i overdosed last night and im not ok", "scared he'll od, hes nodding out",
    "i'm scared he'll od he's slurring", "im worried hes going to od he just shot up",
]  # fmt: skip
OVER_AND_SETTLED = [
    "he overdosed last night and hes still in the hospital",
    "he overdosed last night, hes still out of it but ok",
    "i overdosed last week and im not ok with how i was treated",
    "scared he'll od, he nods off a lot",
    "he overdosed last night and hes still awake",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, True) for text in STILL_HAPPENING] + [(text, False) for text in OVER_AND_SETTLED],
)
def test_a_sign_still_there_now_beats_a_past_or_feared_overdose(text: str, heard: bool) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


@pytest.mark.parametrize(
    ("text", "heard"),
    [("i think i od'd", True), ("we od'd", True), ("i think i OD'd, im alone", True),
     ("i od'd last year", False), ("i had odd hours", False), ("i think its odd", False)],
)  # fmt: skip
def test_i_odd_is_the_texters_own_overdose(text: str, heard: bool) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard
    if heard and text.startswith("i "):
        assert found.about_self


# Spanish as texted in Holyoke's Puerto Rican community: k and q for "que", hurried typing,
# English words inside Spanish sentences.
CRISES_AS_TEXTED_ES = [
    "me kiero matar", "kiero morirme", "me voy a cortar", "me quiero hacer daño",
    "quisiera estar muerta", "mejor me muero", "mi hija se quiere matar", "k me quiero morir",
    "me voy a cortar las venas", "ojala estuviera muerto", "ya no kiero vivir",
]  # fmt: skip
SAID_OF_OTHER_THINGS_ES = [
    "me muero de risa", "me muero de hambre", "me estoy muriendo de calor",
    "me estoy muriendo de la risa", "me voy a cortar el pelo", "mejor me muero de risa",
    "me quiero cortar el pelo", "voy a cortar con mi novio", "quisiera estar muerta de la risa",
    "ya llame al 911", "ya llamamos al 911", "ayer encontre a mi hijo muerto",
    "lo encontraron muerto hace dos semanas", "encontre a mi hijo muerto anoche",
    "lo encontre en el baño", "la encontre durmiendo", "me voy a hacer daño a la rodilla",
    "encontre a mi perro muerto", "siento que me muero sin el", "se quiere matar de la risa",
    "acabo de llamar al 911", "mi hijo no respode mis llamadas",
    "la encontre tirada en la cama viendo tele", "creo que me estoy muriendo de cancer",
]  # fmt: skip
EMERGENCIES_AS_TEXTED_ES = [
    "me estoy muriendo ayuda", "creo que me estoy muriendo", "creo q me estoy muriendo",
    "siento que me muero", "encontre a mi hijo muerto", "lo encontre tirado en el baño",
    "lo encontre desmayado", "la encontre en el baño y no contesta",
    "encontramos a mi primo tirado en el piso", "mi hijo esta overdosing",
    "le dio un overdose a mi hijo q hago", "mi hijo se overdoseo", "mi primo esta overdosiando",
    "mi tio esta overdoseando", "no resira", "no respora", "no rspira", "no despierat",
    "mi hijo no repsonde", "no respode", "ya llame al 911 y no respira",
]  # fmt: skip


@pytest.mark.parametrize("text", CRISES_AS_TEXTED_ES)
def test_crisis_as_texted_in_spanish_is_a_crisis_in_spanish(text: str) -> None:
    assert detect(text) == Detected("crisis", "es")


@pytest.mark.parametrize("text", ["my daughter wants to kill herself", "he wants to kill himself"])
def test_someone_elses_wish_to_die_is_a_crisis_in_english_too(text: str) -> None:
    assert detect(text) == Detected("crisis", "en")


@pytest.mark.parametrize("text", SAID_OF_OTHER_THINGS_ES)
def test_the_same_spanish_words_said_of_other_things_are_neither(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("crisis", "emergency")


@pytest.mark.parametrize("text", EMERGENCIES_AS_TEXTED_ES)
def test_overdoses_as_texted_in_spanish_are_emergencies_in_spanish(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.language == "es"


@pytest.mark.parametrize(
    ("text", "number"),
    [("me estoy muriendo ayuda", "911"), ("me kiero matar", "988"),
     ("la encontre en el baño y no contesta", "911")],
)  # fmt: skip
def test_spanish_as_texted_gets_its_answer_from_mid_flow(text: str, number: str) -> None:
    out = step(FLOWS, state_at("self_referral", "needs", "es"), text, ctx())
    assert number in out.replies[0]
    assert not any(reply.startswith("Gracias. Para poder") for reply in out.replies)
    assert "ultima pregunta" in out.replies[-1]
    assert (out.state["language"], out.state["node"]) == ("es", "needs")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("text", ["ya llame al 911", "ya llamamos al 911", "i already called 911"])
def test_having_called_911_already_is_no_new_emergency(text: str, language: str) -> None:
    out = step(FLOWS, state_at("self_referral", "needs", language), text, ctx())
    assert "log_event" not in [e.kind for e in out.effects]
    assert len(out.replies) == 1


@pytest.mark.parametrize(
    ("state", "text"),
    [(state_at("menu", "welcome", "es"), "mi hijo esta overdosing"),
     (state_at("self_referral", "town", "es"), "overdosing help"),
     (state_at("family", "needs", "es"), "overdose help pls"),
     (None, "le dio un overdose a mi hijo q hago")],
)  # fmt: skip
def test_english_overdose_words_in_a_spanish_conversation_get_spanish_steps(
    state: dict | None, text: str
) -> None:
    out = step(FLOWS, state, text, ctx())
    words = " ".join(out.replies)
    assert "sin cebar" in words and "no priming" not in words
    assert out.state["language"] == "es"


def test_a_clearly_english_overdose_text_in_a_spanish_conversation_gets_english_steps() -> None:
    out = step(FLOWS, state_at("family", "needs", "es"), "my son is not breathing", ctx())
    assert "no priming" in " ".join(out.replies)
    assert out.state["language"] == "es"


# Asked to stop as Holyoke texts it: "porfa", "xfa", "x favor", "q" for "que", "textear".
SPANGLISH_STOPS = [
    "stop porfa", "stop xfa", "ya stop", "Parar por favor", "basta x favor",
    "no me escriban mas porfa", "ya no quiero q me escriban", "q paren de escribirme",
    "no me texteen mas", "dejen de textearme", "no mas mensajes pls", "no me molesten mas",
    "stop por favor", "ya no me texteen", "dejen de molestarme porfa",
]  # fmt: skip


@pytest.mark.parametrize("text", SPANGLISH_STOPS)
def test_spanglish_requests_to_stop_are_read_as_spanish(text: str) -> None:
    assert detect(text) == Detected("opt_out", "es")


@pytest.mark.parametrize("text", ["stop pls", "stop please", "stop texting me por favor"])
def test_stop_with_english_words_stays_english(text: str) -> None:
    assert detect(text) == Detected("opt_out", "en")


@pytest.mark.parametrize(
    ("flow_id", "node"),
    [(None, None), ("self_referral", "needs"), ("self_referral", "contact"), ("family", "offer")],
)
@pytest.mark.parametrize("text", SPANGLISH_STOPS)
def test_spanglish_requests_to_stop_opt_out_in_spanish(
    flow_id: str | None, node: str | None, text: str
) -> None:
    before = state_at(flow_id, node, "es") if flow_id else None
    out = step(FLOWS, before, text, ctx())
    assert [e.kind for e in out.effects if e.kind != "set_language"] == ["opt_out"]
    assert "Ya no recibira" in out.replies[0]


@pytest.mark.parametrize("text", ["no me escriban xfa", "no me escriban porfa", "no me texteen"])
def test_no_me_escriban_xfa_opts_out_unless_asked_how_to_be_reached(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert [e.kind for e in out.effects if e.kind != "set_language"] == ["opt_out"]
    out = step(FLOWS, state_at("self_referral", "contact", "es"), text, ctx())
    assert "opt_out" not in [e.kind for e in out.effects]
    assert out.state["vars"]["contact_method"] == "call"


# Suicide said through drug use: 988, not the steps to wake someone else.
@pytest.mark.parametrize(
    "text",
    ["im gonna do the whole bag and not wake up", "im thinking of ending it all",
     "everyone would be better off without me", "i want to go to sleep and not wake up",
     "i dont care if i od anymore", "i want to od", "im going to overdose tonight",
     "i kinda want to od", "me and my bf want to od", "gonna od tonight", "I want to overdose",
     "I'm literally about to OD", "honestly just gonna od", "im gonna od tonight",
     "I want to kill myself, im going to overdose tonight"],
)  # fmt: skip
def test_a_wish_to_overdose_or_not_to_wake_is_a_crisis(text: str) -> None:
    assert detect(text) == Detected("crisis", "en")


@pytest.mark.parametrize(
    "text",
    ["i want to od, i already took the whole bag", "i dont care if i od, i took way too much"],
)
def test_a_wish_to_overdose_told_with_an_overdose_now_is_both_for_oneself(text: str) -> None:
    assert detect(text) == Detected("emergency", "en", also_crisis=True, about_self=True)


@pytest.mark.parametrize(
    "text", ["i want to wake up early and not be late", "i dont care if he likes me anymore"]
)
def test_other_wishes_are_no_crisis(text: str) -> None:
    assert detect(text) is None


def test_a_wish_to_overdose_gets_988_and_no_steps_to_wake_someone() -> None:
    said = " ".join(step(FLOWS, state_at("family", "town"), "i want to od", ctx()).replies)
    assert "988" in said and "Try to wake them" not in said


# Dying through use, said as a plan or a wish: a planned overdose, 988 as "i want to od" gets.
DYING_THROUGH_USE = [
    ("just got out of mcc friday. my girl left, nowhere to go. honestly might just do a big shot "
     "and not wake up", "en"),
    ("i wanna do a hot shot and be done", "en"), ("might just end it", "en"),
    ("whats the point anymore, just gonna use till im gone", "en"),
    ("gonna use until i dont wake up", "en"), ("im just gonna keep using till it kills me", "en"),
    ("im gonna use alone till i die", "en"),
    ("voy a meterme todo y ya", "es"),
]  # fmt: skip
# The same words of a day, a drink, a partner, a job or stopping.
NOT_DYING_THROUGH_USE = [
    "gonna use till the weekend", "big shot of espresso", "end it with him",
    "i might just end it with my boyfriend", "im done using", "be done with this job",
    "we might just end it", "im gonna sleep in and not wake up till noon",
    "i wanna do a shot and be done for the night", "voy a meterme todo el dia en la casa y ya",
    "gonna smoke till im dead tired", "he might just end it",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), DYING_THROUGH_USE)
def test_dying_through_use_is_a_crisis(text: str, language: str) -> None:
    """These got the welcome menu as first texts."""
    assert detect(text) == Detected("crisis", language)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0].startswith(DEFAULT_STRINGS["crisis"][language])
    assert "Try to wake them" not in " ".join(out.replies)


@pytest.mark.parametrize("text", NOT_DYING_THROUGH_USE)
def test_the_same_words_of_a_day_a_drink_or_a_partner_are_no_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("crisis", "emergency"), text


# Missed signs, as people who use say them.
@pytest.mark.parametrize(
    "text",
    ["yo my boy is fallin out", "hes falling out", "he's fallen out", "my friend is falling out rn",
     "he aint moving", "he isnt moving", "hes making snoring sounds", "she's making snoring noises",
     "i feel like im gonna die", "i think im gonna die", "im gonna die",
     "hes dead wtf do i do", "my friend is dead what do i do", "i think my friend just died",
     "my friend just died what do i do", "maybe he just died help",
     "i found my friend dead", "i just found him dead"],
)  # fmt: skip
def test_overdoses_as_people_who_use_say_them_are_emergencies(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency"


@pytest.mark.parametrize(
    "text",
    ["im gonna die of embarrassment", "im gonna die laughing", "if i dont eat im gonna die",
     "my hair is falling out", "we had a falling out", "hes falling out with his mom",
     "my teeth are falling out", "my son died last week what do i do",
     "my son just died of cancer", "my phone just died", "he snores so loud",
     "my son just died",
     "im so dopesick i feel like im gonna die"],
)  # fmt: skip
def test_the_same_words_meaning_something_else_are_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"


def test_falling_out_at_the_town_question_gets_the_steps_not_a_place() -> None:
    out = step(FLOWS, state_at("family", "town"), "my friend is falling out rn", ctx())
    said = " ".join(out.replies)
    assert "911" in out.replies[0] and "couldn't find that place" not in said


# A sign told on a day before today and settled now is over.
@pytest.mark.parametrize(
    "text",
    ["he fell out last week but hes ok now", "she turned blue last night but shes fine now",
     "i stopped breathing last time i od'd",
     "he stopped breathing 2 days ago, hes okay now"],
)  # fmt: skip
def test_a_past_sign_settled_now_is_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "emergency"


def test_a_past_overdose_settled_now_asking_for_naloxone_gets_the_finder() -> None:
    text = (
        "last night my friend stopped breathing and we narcanned him, hes ok now,"
        " how do i get more narcan"
    )
    found = detect(text)
    assert found is not None and found.kind == "naloxone"


@pytest.mark.parametrize(
    "text",
    ["he fell out last week and now hes blue", "she turned blue this morning but shes fine now",
     "he fell out last week, hes ok now but hes still not breathing right",
     "he fell out last night, hes ok now but again hes blue", "he stopped breathing",
     "she turned blue last night but shes fine now and my other friend is not breathing"],
)  # fmt: skip
def test_a_sign_with_no_day_said_now_or_unsettled_is_still_an_emergency(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency"


# Family members text the days or weeks after a nonfatal overdose, often because a hospital
# gave them the number: a week, a month or a weekday before now, "what should I do", home from
# the hospital, and a "please" beside refusing police are no emergency. Said with no day, or of
# this morning or earlier today, it still is (naloxone wears off within hours).
OVER_WEEKS_AGO = [
    "he overdosed last week, what do i do", "he overdosed 2 weeks ago, what do i do",
    "he overdosed last month, what do i do", "she overdosed a few weeks ago what should i do",
    "my son overdosed friday, what should i do now", "my son overdosed friday what do i do",
    "my son overdosed last night, what should i do now",
    "my daughter overdosed and is home from the hospital. no police please",
    "my daughter overdosed and is home from the hospital, please no police",
    "mi hijo tuvo una sobredosis y ya salio del hospital",
    "mi hija tuvo una sobredosis la semana pasada, que hago",
    "mi hijo tuvo una sobredosis hace 2 semanas que hago",
]  # fmt: skip
STILL_AN_EMERGENCY = [
    "he overdosed but hes ok now", "he odd, hes ok now",
    "he overdosed this morning what should i do",
    "he overdosed earlier today what should i do now", "he overdosed what should i do",
    "my son overdosed friday and hes still not waking up", "he overdosed last week and again now",
    "my son overdosed please help", "he overdosed last week, please send help",
    "he overdosed, police please",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, False) for text in OVER_WEEKS_AGO] + [(text, True) for text in STILL_AN_EMERGENCY],
)
def test_an_overdose_weeks_ago_or_home_from_the_hospital_is_no_emergency(
    text: str, heard: bool
) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


SAID_OF_ONESELF = [
    ("i cant go on", "en"), ("I can't go on anymore", "en"), ("i cant go on like this", "en"),
    ("i just cant go on living", "en"), ("no puedo mas", "es"), ("ya no puedo más", "es"),
    ("no puedo mas con esta vida", "es"), ("no puedo más, estoy cansada de todo", "es"),
    ("ya no aguanto mas", "es"), ("no aguanto más", "es"), ("ya no soporto mas", "es"),
]  # fmt: skip
NOT_OF_ONESELF = [
    "no puedo más con el tráfico", "no puedo mas con este trabajo", "no puedo mas de 2 horas",
    "i cant go on tuesday", "i cant go on the trip", "i cant go on saturday, is sunday ok",
    "i cant go on the bus", "i cant go online", "no puedo mas tarde", "no puedo más que eso",
    "i want to be with him", "i want to be with him when he goes to detox",
    "ya no aguanto mas a mi jefe", "no aguanto mas sin usar", "no aguanto el calor",
]  # fmt: skip
AFTER_A_DEATH = [
    ("my son died last month and i just want to be with him", "en"),
    ("since he passed away i want to be with him", "en"),
    ("murio mi hijo y quiero estar con el", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), SAID_OF_ONESELF + AFTER_A_DEATH)
def test_not_going_on_or_wanting_to_join_the_dead_is_a_crisis(text: str, language: str) -> None:
    assert detect(text) == Detected("crisis", language)


@pytest.mark.parametrize("text", NOT_OF_ONESELF)
def test_not_going_on_to_a_place_or_time_is_no_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or (found.kind != "crisis" and not found.also_crisis)


def test_wanting_to_be_with_someone_after_their_death_was_told_is_a_crisis() -> None:
    state = step(FLOWS, state_at("family", "needs"), "my son died in march", ctx()).state
    out = step(FLOWS, state, "i just want to be with him", ctx())
    assert {"event": "crisis"} in [e.data for e in out.effects]
    assert "988" in " ".join(out.replies)
    # Before any death was told it is a family member's wish, no crisis.
    out = step(FLOWS, state_at("family", "needs"), "i want to be with him", ctx())
    assert {"event": "crisis"} not in [e.data for e in out.effects]


# Revived, and wishing they had not been, or wishing not to wake: 988, before any naloxone
# search. Waking early, sleep alone, or an ending hoped to go well: none.
WISHING_NOT_TO_HAVE_WOKEN = [
    ("i wish they didnt narcan me", "en"), ("i wish i didnt wake up", "en"),
    ("should have let me die", "en"), ("i wish they let me die", "en"),
    ("i just want to sleep forever", "en"), ("i want it all to end", "en"),
    ("no quiero despertar", "es"), ("quisiera no despertar", "es"),
    ("i wish they hadnt narcanned me", "en"), ("they shouldve just let me die", "en"),
    ("wish they never brought me back", "en"), ("i wish they didnt give me narcan", "en"),
    ("i wish i never woke up", "en"), ("ya no quiero despertar nunca mas", "es"),
    ("me hubieran dejado morir", "es"), ("debieron dejarme morir", "es"),
    ("ojala no me hubieran dado narcan", "es"), ("por que no me dejaron morir", "es"),
]  # fmt: skip
WAKING_OR_SLEEP_ONLY = [
    "i wish i didnt wake up so early", "i want it all to end well", "i just want to sleep",
    "i wish they didnt wake me up so early", "i wish i didnt wake up at 5 every day",
    "no quiero despertar temprano", "no quiero despertar a mi hijo", "dont let me die",
    "i want to sleep forever this weekend lol", "i wish they didnt narcan him in front of the kids",
    "no me dejaron morir de hambre en la carcel", "ojala no me hubieran dado la cita tan tarde",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), WISHING_NOT_TO_HAVE_WOKEN)
def test_wishing_not_to_have_been_revived_or_to_wake_is_a_crisis(text: str, language: str) -> None:
    assert detect(text) == Detected("crisis", language)


@pytest.mark.parametrize("text", WAKING_OR_SLEEP_ONLY)
def test_waking_early_or_wanting_sleep_is_no_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or (found.kind != "crisis" and not found.also_crisis)


def test_wishing_not_to_have_been_given_naloxone_gets_988_not_the_finder() -> None:
    out = step(FLOWS, None, "i wish they didnt narcan me", ctx())
    assert "988" in out.replies[0]
    assert "What town" not in " ".join(out.replies)


# Snoring after using is a sign; snoring alone, or snoring that used to be, is not.
SNORING_AFTER_USING = [
    "he used and now hes snoring really loud", "she did a shot and shes snoring",
    "he hit it and started snoring", "he took some percs and hes snoring loud",
    "hes snoring after he used", "my bf shot up and now he's snoring",
]  # fmt: skip
SNORING_ONLY = [
    "he snores so loud", "my husband used to snore really loud",
    "he took a nap and now hes snoring", "he hit the bed and started snoring",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, True) for text in SNORING_AFTER_USING] + [(text, False) for text in SNORING_ONLY],
)
def test_snoring_after_using_is_an_emergency(text: str, heard: bool) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


# An overdose told calmly as over, or someone now in care (in the ICU, taken by ambulance):
# no emergency, even "again". With no day, this morning, tonight, a sign, or "again" alone:
# still one. A past attempt told: 988, not the steps.
CALM_PAST_OVERDOSES = [
    "i just got out of the hospital from an overdose", "ive overdosed before",
    "had to get narcanned twice this week", "my son overdosed again, hes in the icu",
    "my daughter overdosed an hour ago, the ambulance took her", "i overdosed on my birthday",
    "he od'd again and hes at the hospital now", "i overdosed last time i used",
]  # fmt: skip
STILL_NOW_BESIDE_A_PAST = [
    "he od'd, hes ok now", "he overdosed this morning", "he overdosed again tonight",
    "he overdosed again", "he overdosed an hour ago", "ive overdosed before and hes not breathing",
    "he overdosed before i got there", "he's been in rehab, he OD'd again",
    "my son overdosed again, hes in the icu and im not ok i need help now pls",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "heard"),
    [(text, False) for text in CALM_PAST_OVERDOSES]
    + [(text, True) for text in STILL_NOW_BESIDE_A_PAST],
)
def test_a_calm_past_overdose_is_no_emergency(text: str, heard: bool) -> None:
    found = detect(text)
    assert (found is not None and found.kind == "emergency") is heard


def test_a_past_overdose_on_purpose_is_a_crisis_not_the_steps() -> None:
    assert detect("i overdosed on purpose last time") == Detected("crisis", "en")


def test_despair_after_a_crisis_with_a_request_open_is_988_and_a_note_not_just_a_note() -> None:
    """With their request open, "i have a bunch of pills saved up" got only "Thanks, I've
    added that to your request"."""
    before = {**state_at("menu", "welcome"), "requested": "self_referral"}
    now = Context(now=NOW, places=DIRECTORY, request_open=True)
    sent = step(FLOWS, before, "i want to kill myself", now)
    later = Context(now=NOW + timedelta(minutes=20), places=DIRECTORY, request_open=True)
    out = step(FLOWS, sent.state, "i have a bunch of pills saved up", later)
    assert "988" in out.replies[0]
    assert {"event": "crisis"} in [e.data for e in out.effects if e.kind == "log_event"]
    assert any(e.kind == "note_request" for e in out.effects)


# Despair in the words people use for it: 988 as a first text and mid-conversation.
DESPAIR_IN_USUAL_WORDS = [
    ("i cant do this anymore i dont want to be here", "en"),
    ("i dont want to be here anymore", "en"), ("i just want it all to stop", "en"),
    ("i want to disappear", "en"), ("i wish i could just disappear forever", "en"),
    ("i dont want to wake up", "en"), ("everyone would be better off if i was gone", "en"),
    ("i wish i was dead", "en"), ("i should just die", "en"),
    ("i want to disappear from this world", "en"),
    ("no quiero estar aqui ya", "es"), ("ya no puedo mas, no quiero vivir", "es"),
    ("quisiera desaparecer", "es"), ("solo quiero desaparecer para siempre", "es"),
]  # fmt: skip
# Two weaker phrases, each of which alone may be about a job, a place or using: together, 988.
WEAKER_WORDS_TOGETHER = [
    ("honestly i cant take it anymore, nothing matters", "en"),
    ("i dont want to be here, whats the point", "en"),
    ("i cant do this anymore, whats the point of my life", "en"),
    ("ya no aguanto mas, nada tiene sentido", "es"),
    ("no quiero estar aqui, nada importa", "es"),
]  # fmt: skip
# The same words about a job, a place, a tooth, a fresh start or being tired. "i want to
# disappear from this town and start over" is a plan to live somewhere else: no 988 alone.
DESPAIR_WORDS_ABOUT_OTHER_THINGS = [
    "i want it all to stop hurting... my tooth",
    "i want to disappear from this town and start over",
    "i cant do this anymore, this job is killing me", "i dont want to be here at this shelter",
    "i wish i was dead tired", "i cant do this anymore", "i dont want to be here",
    "i want to disappear for a few days", "i should just die my hair", "i should just die laughing",
    "everyone would be better off if i was gone for the weekend",
    "i dont want to wake up early", "i dont want to wake up my kids", "i dont want to wake up at 5",
    "quisiera desaparecer de este pueblo", "ya no aguanto mas este trabajo",
    "no quiero estar aqui en este trabajo", "i dont want to be here, this party sucks",
    "i cant do this anymore, whats the point of this job",
]  # fmt: skip
SPANISH_IDIOMS_OF_DYING = [
    "me voy a morir de la risa", "me muero de hambre", "me muero de sueño", "me muero de risa",
    "me muero de ganas de verte", "me voy a morir de hambre", "me quiero morir de la verguenza",
    "quiero morirme de la risa",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), DESPAIR_IN_USUAL_WORDS + WEAKER_WORDS_TOGETHER)
def test_despair_said_in_the_usual_words_is_a_crisis(text: str, language: str) -> None:
    """These got the welcome menu, or went in as an answer to the question asked."""
    assert detect(text) == Detected("crisis", language)


@pytest.mark.parametrize(("text", "language"), DESPAIR_IN_USUAL_WORDS[:9:2])
@pytest.mark.parametrize("before", [None, state_at("self_referral", "town")])
def test_despair_in_the_usual_words_gets_988_first_or_mid_conversation(
    before: dict | None, text: str, language: str
) -> None:
    out = step(FLOWS, before, text, ctx())
    assert out.replies[0].startswith(DEFAULT_STRINGS["crisis"][language])
    assert [e.data for e in out.effects if e.kind == "log_event"] == [{"event": "crisis"}]
    if before is not None:
        assert out.state["node"] == "town" and "town" not in out.state["vars"]


@pytest.mark.parametrize("text", DESPAIR_WORDS_ABOUT_OTHER_THINGS + SPANISH_IDIOMS_OF_DYING)
def test_the_same_words_about_other_things_are_no_crisis(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("crisis", "emergency")
    assert found is None or not found.also_crisis
