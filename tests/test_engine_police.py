"""A refusal of police is heard from any point of any conversation: it is acted on (an effect
and the saved team answer), answered in the conversation's language, and loses no answer; at
the summary it changes the team, never cancels the request."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, SYSTEM_ONLY_STRINGS
from flows.types import Context
from flows.validate import validate_flows
from tests.test_engine_choices import FILLED
from tests.test_engine_interrupts import EMERGENCIES, EVERY_STATE, FLOWS, ctx, state_at
from tests.test_engine_paths import DIRECTORY, NOW

HEARD = {lang: FLOWS["system"].strings["police_refused"][lang] for lang in ("en", "es")}
BEFORE = FLOWS["system"].strings["police_refused_before"]["en"].split(" To change")[0]
POLICE_OK = {**FILLED, "peers_only": False}


def at(node: str, language: str = "en", saved: dict | None = None, flow: str = "self_referral"):
    state = state_at(flow, node, language)
    state["vars"] = dict(POLICE_OK if saved is None else saved)
    return state


def kinds(out) -> list[str]:
    return [e.kind for e in out.effects]


def created(out) -> list[dict]:
    return [dict(e.data) for e in out.effects if e.kind == "create_case"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("no police", "en"), ("no cops ok", "en"), ("No police please!", "en"),
     ("i dont want police anymore", "en"), ("no, sin policia", "es"), ("sin policía", "es"),
     ("no quiero policia", "es")],
)  # fmt: skip
def test_at_the_summary_a_refusal_changes_the_team_and_shows_it_again(text, language):
    out = step(FLOWS, at("confirm", language), text, ctx())
    assert created(out) == [] and "refuse_police" in kinds(out)
    assert out.state["node"] == "confirm" and out.state["vars"]["peers_only"] is True
    assert out.replies[0] == HEARD[language]
    label = "Peers only, no police" if language == "en" else "Solo pares, sin policia"
    assert f": {label}" in out.replies[1]


@pytest.mark.parametrize("text", ["no police", "sin policia"])
def test_asked_what_to_change_a_refusal_is_the_change_and_the_summary_comes_back(text):
    out = step(FLOWS, at("change_what"), text, ctx())
    assert "refuse_police" in kinds(out) and created(out) == []
    assert out.state["node"] == "confirm" and out.state["vars"]["peers_only"] is True
    assert "Peers only, no police" in out.replies[-1]


def test_at_the_summary_a_yes_with_a_refusal_sends_it_peers_only():
    out = step(FLOWS, at("confirm"), "yes send it, no cops", ctx())
    assert out.replies[0] == HEARD["en"]
    assert [case["peers_only"] for case in created(out)] == [True]


def test_at_the_summary_will_the_police_come_is_no_refusal():
    out = step(FLOWS, at("confirm"), "will the police come?", ctx())
    assert "refuse_police" not in kinds(out) and out.state["vars"]["peers_only"] is False


@pytest.mark.parametrize(
    "text", ["no police please", "I dont want police anymore", "dont send police"]
)
def test_after_the_request_was_sent_a_refusal_is_heard_not_the_menu(text):
    sent = step(FLOWS, at("confirm"), "yes", ctx())
    assert created(sent)[0]["peers_only"] is False
    out = step(FLOWS, sent.state, text, ctx())
    assert kinds(out) == ["refuse_police"]
    assert out.replies == (HEARD["en"], DEFAULT_STRINGS["after_interrupt"]["en"])


def test_a_first_text_refusing_police_gets_the_menu_after_in_its_language():
    out = step(FLOWS, None, "sin policia", ctx())
    assert out.replies[0] == HEARD["es"] and out.state["language"] == "es"
    assert out.state["flow"] == "menu" and "refuse_police" in kinds(out)


def test_the_team_question_takes_a_refusal_as_its_answer():
    out = step(FLOWS, at("team", saved={**FILLED, "peers_only": None}), "no police", ctx())
    assert out.replies[0] == HEARD["en"] and out.state["node"] == "name"
    assert out.state["vars"]["peers_only"] is True


@pytest.mark.parametrize(
    ("node", "text", "saved", "value", "then"),
    [
        ("contact", "text me, no police", "contact_method", "text", "best_time"),
        ("town", "Amherst, dont send cops", "town", "Amherst", "contact"),
        ("needs", "coach and narcan but no police", "needs", ["coach", "naloxone"], "needs_info"),
        ("name", "skip, no police", "name", None, "confirm"),
    ],
)
def test_a_refusal_that_also_answers_the_question_answers_it(node, text, saved, value, then):
    out = step(FLOWS, at(node, saved={}), text, ctx())
    assert out.replies[0] == HEARD["en"] and "refuse_police" in kinds(out)
    assert out.state["vars"][saved] == value
    assert out.state["node"] != node
    assert out.state["vars"]["peers_only"] is True


@pytest.mark.parametrize(("node", "text"), [("best_time", "no cops"), ("name", "no police tho")])
def test_a_refusal_is_never_kept_as_the_persons_own_words(node, text):
    out = step(FLOWS, at(node, saved={}), text, ctx())
    assert out.state["node"] == node and node not in out.state["vars"]
    assert out.replies[0] == HEARD["en"] and len(out.replies) == 2


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
def test_a_refusal_is_acted_on_from_every_state(flow_id, node):
    out = step(FLOWS, state_at(flow_id, node), "I dont want police", ctx())
    assert kinds(out).count("refuse_police") == 1
    assert out.replies[0] == HEARD["en"]
    assert "we won't send anything" not in " ".join(out.replies)


def test_a_conversation_waiting_behind_a_naloxone_search_keeps_the_refusal():
    # no town given yet: the finder asks for one, and the conversation waits behind it
    no_town = {k: v for k, v in POLICE_OK.items() if k != "town"}
    detour = step(FLOWS, at("name", saved=no_town), "narcan", ctx())
    assert detour.state["flow"] == "naloxone"
    out = step(FLOWS, detour.state, "no cops", ctx())
    assert out.state["resume"]["vars"]["peers_only"] is True


@pytest.mark.parametrize(("text", "language"), EMERGENCIES[:3])
def test_an_overdose_comes_first_and_the_refusal_is_still_acted_on(text, language):
    out = step(FLOWS, at("confirm"), f"{text}, no police", ctx())
    assert out.replies[0].startswith("If someone may be overdosing")
    assert HEARD["en"] not in out.replies and "refuse_police" in kinds(out)
    assert out.state["vars"]["peers_only"] is True


def test_a_number_that_opted_out_is_never_answered_but_heard():
    out = step(FLOWS, None, "no police", ctx(opted_out=True))
    assert out.replies == () and kinds(out) == ["refuse_police"]


def test_a_person_who_refused_before_is_not_asked_about_police_again():
    refused = replace(ctx(), refuses_police=True)
    out = step(FLOWS, at("best_time", saved={}), "any", refused)
    assert out.replies[0].startswith(BEFORE) and out.state["node"] == "name"
    assert out.state["vars"]["peers_only"] is True
    summary = step(FLOWS, out.state, "Sam", refused).replies[0]
    assert "Team: Peers only, no police" in summary


def test_the_words_are_the_system_flows_and_no_other_flow_may_replace_them():
    assert {"police_refused", "police_refused_before"} <= SYSTEM_ONLY_STRINGS
    for name in ("police_refused", "police_refused_before"):
        assert DEFAULT_STRINGS[name] == dict(FLOWS["system"].strings[name])
    menu = FLOWS["menu"]
    mine = replace(menu, strings={**menu.strings, "police_refused": {"en": "hm", "es": "hm"}})
    problems = validate_flows({**FLOWS, "menu": mine})
    assert any(p.path == "strings.police_refused" and p.severity == "error" for p in problems)
    flows = {k: v for k, v in FLOWS.items() if k != "system"}
    assert step(flows, at("confirm"), "no police", ctx()).replies[0] == HEARD["en"]


@pytest.mark.parametrize(
    ("text", "flow_id", "language"),
    [("no quiero policia, necesito ayuda para mi", "self_referral", "es"),
     ("no police, I need help with my son", "family", "en")],
)  # fmt: skip
def test_a_first_text_with_a_refusal_and_an_ask_answers_the_menu_too(text, flow_id, language):
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == HEARD[language] and "refuse_police" in kinds(out)
    assert out.state["flow"] == flow_id


@pytest.mark.parametrize(
    ("state", "text"),
    [(None, "no police, will they arrest me"),
     (state_at("self_referral", "team"), "no cops please, will i get arrested"),
     (state_at("self_referral", "town"), "no police. will they arrest me")],
)  # fmt: skip
def test_a_refusal_with_a_question_about_arrest_is_kept_and_the_question_answered(
    state, text
) -> None:
    """Police stayed out, but "will they arrest me" went unanswered."""
    out = step(FLOWS, state, text, ctx())
    assert "refuse_police" in kinds(out)
    said = "\n".join(out.replies)
    assert "is confidential substance use support, not the police" in said
    assert "Good Samaritan" in said and HEARD["en"] in said


NOT_THE_POLICE = {
    "en": "is confidential substance use support, not the police",
    "es": "es apoyo confidencial sobre sustancias, no la policia",
}


@pytest.mark.parametrize(
    ("text", "language"),
    [("1, i used to use and cops scare me", "en"), ("cops scare me", "en"),
     ("im scared of the police", "en"), ("im done with cops", "en"), ("i dont trust cops", "en"),
     ("no quiero nada con la policia", "es"), ("le tengo miedo a la policia", "es")],
)  # fmt: skip
def test_the_team_question_hears_fear_and_distrust_of_police_as_peers_only(text, language):
    """ "cops scare me" and "no quiero nada con la policia" were asked the question again."""
    out = step(FLOWS, at("team", language, saved={**FILLED, "peers_only": None}), text, ctx())
    assert out.state["node"] == "name" and out.state["vars"]["peers_only"] is True


@pytest.mark.parametrize(
    ("text", "language"),
    [("im done with cops", "en"), ("I want nothing to do with the police", "en"),
     ("i dont want cops", "en"), ("cops scare me, no cops", "en"),
     ("no quiero nada con la policia", "es")],
)  # fmt: skip
def test_a_plain_refusal_in_other_words_is_heard_from_any_point(text, language):
    out = step(FLOWS, at("best_time", language, saved={}), text, ctx())
    assert "refuse_police" in kinds(out) and out.replies[0] == HEARD[language]
    assert out.state["vars"]["peers_only"] is True


@pytest.mark.parametrize(
    ("text", "language"),
    [("cops scare me", "en"), ("im scared of the police", "en"),
     ("le tengo miedo a la policia", "es"), ("me da miedo la policia", "es")],
)  # fmt: skip
def test_fear_of_police_elsewhere_is_answered_as_a_worry_and_the_question_waits(text, language):
    """At the name question "cops scare me" became the name given to the team."""
    unnamed = {k: v for k, v in FILLED.items() if k != "name"}
    out = step(FLOWS, at("name", language, saved=unnamed), text, ctx())
    assert "refuse_police" not in kinds(out) and "name" not in out.state["vars"]
    assert out.state["node"] == "name"
    assert NOT_THE_POLICE[language] in out.replies[0]


@pytest.mark.parametrize(
    "text", ["the cops already came", "my son is a cop", "cops took my narcan"]
)
def test_stories_of_police_are_no_refusal_at_the_team_question(text):
    out = step(FLOWS, at("team", saved={**FILLED, "peers_only": None}), text, ctx())
    assert "refuse_police" not in kinds(out)
    assert out.state["vars"].get("peers_only") is None


FOR_THE_TEAM = "after 6pm, hes 19 and hes been using fentanyl, please dont involve police"


@pytest.mark.parametrize("flow", ["self_referral", "family"])
def test_a_refusal_with_a_time_and_more_keeps_the_time_and_the_words_for_the_team(flow):
    """The time question was asked again, and "hes 19 and hes been using fentanyl" reached
    nobody: the refusal is acted on, the time words are the best time, and the text goes with
    the request as a note."""
    out = step(FLOWS, at("best_time", saved={}, flow=flow), FOR_THE_TEAM, ctx())
    assert out.replies[0] == HEARD["en"] and "refuse_police" in kinds(out)
    assert "good time" not in " ".join(out.replies)
    # The family's request is sent at once; the self-referral's waits for its summary.
    kept = created(out)[0] if flow == "family" else out.state["vars"]
    assert kept["best_time"] == "after 6pm"
    assert {"text": FOR_THE_TEAM} in kept.get("said", kept.get("_said"))


@pytest.mark.parametrize(
    ("text", "time"),
    [("after 5, no police", "after 5"), ("no cops, mornings", "morning"),
     ("sin policia, despues de las 5", "despues de las 5")],
)  # fmt: skip
def test_a_refusal_beside_a_time_alone_keeps_the_time_and_no_note(text, time):
    out = step(FLOWS, at("best_time", saved={}, flow="family"), text, ctx())
    assert "refuse_police" in kinds(out)
    (case,) = created(out)
    assert case["best_time"] == time and case["peers_only"] is True
    assert "said" not in case


@pytest.mark.parametrize(
    ("text", "language"),
    [("wait is a cop gonna call me? cops scare me", "en"),
     ("ok but is a cop gonna show up, im scared of the police", "en"),
     ("espera, me va a llamar un policia? le tengo miedo a la policia", "es")],
)  # fmt: skip
def test_fear_after_other_words_after_a_request_is_answered_noted_and_no_refusal(text, language):
    """ "Thanks, I've added that to your request" was all a scared person on a police-OK case
    heard: the worry is answered (not the police, an officer may reach out as they said, NO
    POLICE if not), the words go to the team, and the case stays as they chose until they say
    no police."""
    sent = step(FLOWS, at("confirm", language), "1", ctx())
    assert created(sent)[0]["peers_only"] is False
    after = Context(now=NOW, places=DIRECTORY, request_open=True, request_police_ok=True)
    out = step(FLOWS, sent.state, text, after)
    assert NOT_THE_POLICE[language] in out.replies[0]
    assert "NO POLICE" in out.replies[0] or "SIN POLICIA" in out.replies[0]
    assert "refuse_police" not in kinds(out)
    assert [e.data for e in out.effects if e.kind == "note_request"] == [{"text": text}]


# Where a person stands after their request, said plainly when they worry about police contact.
POLICE_MAY_REACH = {
    "en": "You said a police officer may be part of your team, so one may reach out. If you'd "
    "rather not, text NO POLICE and only peers will.",
    "es": "Usted dijo que un policia puede ser parte de su equipo, asi que uno podria "
    "contactarle. Si prefiere que no, envie SIN POLICIA y solo le contactaran pares.",
}
NO_POLICE_WILL = {
    "en": "Your team is peers only: no police will contact you.",
    "es": "Su equipo es solo de pares: ningun policia le va a contactar.",
}
WORRIES = [
    ("wait is a cop gonna call me? cops scare me", "en"),
    ("cops scare me", "en"),
    ("is a cop gonna call me?", "en"),
    ("will police come", "en"),
    ("are the cops coming?", "en"),
    ("le tengo miedo a la policia", "es"),
    ("me va a llamar un policia?", "es"),
    ("va a venir la policia?", "es"),
]


def sent_request(language: str = "en"):
    sent = step(FLOWS, at("confirm", language), "1", ctx())
    assert created(sent)[0]["peers_only"] is False
    return sent.state


@pytest.mark.parametrize(("text", "language"), WORRIES)
def test_a_worry_about_police_after_a_police_ok_request_says_an_officer_may_reach_out(
    text, language
):
    """ "Police join your team only if you say so" never told a scared person that they had
    said so: they are told where they stand, and how to change it, in their language."""
    after = Context(now=NOW, places=DIRECTORY, request_open=True, request_police_ok=True)
    out = step(FLOWS, sent_request(language), text, after)
    assert POLICE_MAY_REACH[language] in out.replies[0]
    assert "refuse_police" not in kinds(out)
    assert all("á" not in r and "í" not in r and "ó" not in r and "ú" not in r for r in out.replies)


@pytest.mark.parametrize(("text", "language"), WORRIES)
def test_a_worry_about_police_after_a_peers_only_request_says_no_police_will(text, language):
    after = Context(now=NOW, places=DIRECTORY, request_open=True, request_police_ok=False)
    out = step(FLOWS, sent_request(language), text, after)
    assert NO_POLICE_WILL[language] in out.replies[0]
    assert POLICE_MAY_REACH[language] not in " ".join(out.replies)


@pytest.mark.parametrize(("text", "language"), WORRIES)
def test_a_worry_about_police_once_they_refused_police_says_no_police_will(text, language):
    after = Context(
        now=NOW, places=DIRECTORY, request_open=True, request_police_ok=True, refuses_police=True
    )
    out = step(FLOWS, sent_request(language), text, after)
    assert NO_POLICE_WILL[language] in out.replies[0]


@pytest.mark.parametrize(
    "text",
    ["wait is a cop gonna call me? cops scare me", "cops scare me", "me da miedo la policia"],
)
def test_fear_after_a_police_ok_request_goes_to_the_team_as_fear_of_police(text):
    after = Context(now=NOW, places=DIRECTORY, request_open=True, request_police_ok=True)
    out = step(FLOWS, sent_request(), text, after)
    assert "police_fear_told" in kinds(out) and "note_request" in kinds(out)


@pytest.mark.parametrize("request_police_ok", [True, False])
def test_a_question_alone_or_a_peers_only_request_tells_the_team_no_fear(request_police_ok):
    after = Context(
        now=NOW, places=DIRECTORY, request_open=True, request_police_ok=request_police_ok
    )
    text = "is a cop gonna call me?" if request_police_ok else "cops scare me"
    out = step(FLOWS, sent_request(), text, after)
    assert "police_fear_told" not in kinds(out)


@pytest.mark.parametrize(("text", "language"), WORRIES[1:])
def test_before_any_request_a_worry_about_police_gets_the_general_answer(text, language):
    out = step(FLOWS, None, text, ctx())
    assert NOT_THE_POLICE[language] in out.replies[0]
    said = " ".join(out.replies)
    assert POLICE_MAY_REACH[language] not in said and NO_POLICE_WILL[language] not in said


def test_is_this_confidential_after_a_police_ok_request_keeps_the_general_answer():
    after = Context(now=NOW, places=DIRECTORY, request_open=True, request_police_ok=True)
    out = step(FLOWS, sent_request(), "is this confidential", after)
    assert NOT_THE_POLICE["en"] in out.replies[0]
    assert POLICE_MAY_REACH["en"] not in " ".join(out.replies)
