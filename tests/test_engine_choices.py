"""Answers to choice questions: a refusal is never read as a yes, and a consent is never guessed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flows.engine import step
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.text import match_choice, match_many
from flows.types import Context
from tests.test_engine_paths import converse

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))
FILLED = {
    "needs": ["coach"],
    "town": "Amherst",
    "contact_method": "text",
    "best_time": "morning",
    "peers_only": True,
    "name": "Sam",
    "relationship": "parent",
}


def choices(flow_id: str, node: str) -> list[list[str]]:
    """The words that name each option of a shipped question, as the engine matches them."""
    return [
        [str(o.value), *o.label.values(), *(w for words in o.match.values() for w in words)]
        for o in FLOWS[flow_id].states[node].options
    ]


def answer(flow_id: str, node: str, text: str, language: str = "en", saved: dict | None = None):
    """Send one text to a conversation waiting at ``node`` with the earlier answers given."""
    state = {
        "v": 1,
        "language": language,
        "flow": flow_id,
        "node": node,
        "vars": dict(FILLED if saved is None else saved),
        "labels": {},
        "pins": {},
        "updated_at": NOW.isoformat(),
    }
    return step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY))


def created(out) -> list[dict]:
    return [dict(e.data) for e in out.effects if e.kind == "create_case"]


@pytest.mark.parametrize(
    "text",
    ["do not send", "not correct", "I am not sure", "not sure", "no, do not send it",
     "I'm not ok with that", "don't send it", "nope"],
)  # fmt: skip
def test_a_refusal_at_the_summary_never_sends_the_referral(text: str) -> None:
    out = answer("self_referral", "confirm", text)
    assert created(out) == []
    assert out.state["node"] in ("confirm", "change_what", None)


@pytest.mark.parametrize(
    ("text", "language"),
    [("I dont want police", "en"), ("I don't want the police", "en"), ("without police", "en"),
     ("I do not want any police involved", "en"), ("police is not ok", "en"),
     ("not fine with police", "en"), ("never police", "en"), ("no cops, no officers", "en"),
     ("no quiero policia", "es"), ("no quiero la policía", "es"), ("policía no", "es"),
     ("nunca policia", "es"), ("sin policía", "es")],
)  # fmt: skip
def test_a_refusal_of_police_is_never_saved_as_police_allowed(text: str, language: str) -> None:
    assert match_choice(text, choices("self_referral", "team")) != 1
    before = {**FILLED, "peers_only": None}
    out = answer("self_referral", "team", text, language, before)
    assert out.state["vars"]["peers_only"] is not False


@pytest.mark.parametrize(
    "text",
    ["peers, police make me nervous", "peers instead of police", "anyone but police",
     "keep police out of it", "police", "no, police", "cops idk", "officers idk", "copsok",
     "cops ok?? hell no", "officers ok? i have a warrant", "police ok? hell no", "police idk",
     "are cops ok to come?", "idk if cops ok", "you ok with police?", "police ok with you?",
     "are cops ok with you", "police ok? you sure?", "gracias, la policia esta bien?"],
)  # fmt: skip
def test_police_are_allowed_only_in_so_many_words(text: str) -> None:
    """Naming police is not consenting to them: consent takes "police ok", "fine with police"
    or the option's number; anything else means peers only or the question again."""
    out = answer("self_referral", "team", text, "en", {**FILLED, "peers_only": None})
    assert out.state["vars"]["peers_only"] is not False


@pytest.mark.parametrize(
    "text",
    ["police ok", "fine with police", "2", "police are fine", "yes, police are fine with me",
     "la policia esta bien", "police ok please", "police are fine, thank you",
     "la policia esta bien gracias"],
)  # fmt: skip
def test_police_consent_in_so_many_words_is_heard(text: str) -> None:
    out = answer("self_referral", "team", text, "en", {**FILLED, "peers_only": None})
    assert out.state["vars"]["peers_only"] is False


@pytest.mark.parametrize(
    "text",
    ["yes please, dont call before 10", "sure, just dont call after 8pm",
     "yes please, no calls at work", "ok thanks"],
)  # fmt: skip
def test_a_yes_with_a_condition_is_never_read_as_no(text: str) -> None:
    """ "Yes, but not before 10" is a yes with a condition: ask again rather than say goodbye."""
    out = answer("family", "offer", text)
    assert out.state["vars"].get("wants_call") != "no"
    assert out.state["node"] in ("offer", "best_time")


@pytest.mark.parametrize(
    "text", ["please dont call me", "not sure", "I'm not sure", "don't call me", "please don't",
             "no please do not call", "I would rather you didn't call"]
)  # fmt: skip
def test_a_refused_call_is_never_booked(text: str) -> None:
    out = answer("family", "offer", text)
    assert out.state["node"] != "best_time"
    assert out.state["vars"].get("wants_call") != "yes"
    assert created(out) == []


@pytest.mark.parametrize("text", ["dont call me", "do not call", "please don't phone me"])
def test_a_refused_call_is_never_the_contact_method(text: str) -> None:
    assert match_choice(text, choices("self_referral", "contact")) != 1
    out = answer("self_referral", "contact", text, saved={"needs": ["coach"]})
    assert out.state["vars"].get("contact_method") != "call"


@pytest.mark.parametrize(
    ("text", "language", "method", "time", "label"),
    [("dont text me call me after 5", "en", "call", "after 5", None),
     ("call me after 5pm", "en", "call", "after 5pm", None),
     ("call me tuesdays after lunch", "en", "call", "tuesdays after lunch", None),
     ("call me after 5 hun", "en", "call", "after 5 hun", None),
     ("call me mornings", "en", "call", "morning", "Morning"),
     ("text me anytime", "en", "text", "any", "Any time"),
     ("Don't text me, call me in the evening please", "en", "call", "evening", "Evening"),
     ("llamame despues de las 5", "es", "call", "despues de las 5", None),
     ("Llámame después de las 5", "es", "call", "después de las 5", None),
     ("mensaje por la tarde", "es", "text", "afternoon", "Por la tarde")],
)  # fmt: skip
def test_a_time_said_with_how_to_reach_is_not_asked_again(
    text: str, language: str, method: str, time: str, label: str | None
) -> None:
    """ "call me after 5" answers both questions: the best time is kept, in the person's own
    words unless they name a choice, and the next question is about the team."""
    out = answer("self_referral", "contact", text, language, {"needs": ["coach"]})
    assert out.state["vars"]["contact_method"] == method
    assert out.state["vars"]["best_time"] == time
    assert out.state["labels"].get("best_time", {}).get(language) == label
    assert out.state["node"] == "team"
    assert not any(e.kind == "opt_out" for e in out.effects)


@pytest.mark.parametrize(
    ("text", "language", "method", "time"),
    [("call me after 5 hes always home by then", "en", "call", "after 5"),
     ("text me weekends, my husband checks my phone", "en", "text", "weekends"),
     ("llamame despues de las 5 porque trabajo en la manana", "es", "call", "despues de las 5"),
     ("mensaje los sabados, mi esposo revisa mi telefono", "es", "text", "los sabados")],
)  # fmt: skip
def test_more_than_a_time_with_how_to_reach_goes_to_the_team_as_a_note(
    text: str, language: str, method: str, time: str
) -> None:
    """ "call me after 5 hes always home by then" saved all of it as the best time: the time
    words are the best time, and the text as said goes with the request as a note."""
    contact = answer("self_referral", "contact", text, language, {"needs": ["coach"]})
    assert contact.state["vars"]["contact_method"] == method
    assert contact.state["vars"]["best_time"] == time
    saved = {**FILLED, **contact.state["vars"]}
    (case,) = created(answer("self_referral", "confirm", "1", language, saved))
    assert case["best_time"] == time
    assert case["said"] == [{"text": text}]


@pytest.mark.parametrize(
    ("text", "language"),
    [("call me after 5", "en"), ("dont text me call me after 5 please", "en"),
     ("text me not mornings", "en"), ("llamame despues de las 5", "es")],
)  # fmt: skip
def test_a_time_alone_with_how_to_reach_keeps_no_note(text: str, language: str) -> None:
    contact = answer("self_referral", "contact", text, language, {"needs": ["coach"]})
    assert "_said" not in contact.state["vars"]


@pytest.mark.parametrize(
    ("text", "language", "method", "time"),
    [("2 after 5", "en", "call", "after 5"), ("1 weekends", "en", "text", "weekends"),
     ("text me not mornings", "en", "text", "not mornings"),
     ("call me, not before 10", "en", "call", "not before 10"),
     ("2 despues de las 5", "es", "call", "despues de las 5"),
     ("mensaje, no por la manana", "es", "text", "no por la manana")],
)  # fmt: skip
def test_a_time_after_the_answer_is_the_best_time(
    text: str, language: str, method: str, time: str
) -> None:
    """A number or a way to be reached, then when ("2 after 5", "text me not mornings"): both
    answered, the time in the person's words, never read as a refusal of the choice."""
    out = answer("self_referral", "contact", text, language, {"needs": ["coach"]})
    assert out.state["vars"]["contact_method"] == method
    assert out.state["vars"]["best_time"] == time
    assert "best_time" not in out.state["labels"]
    assert out.state["node"] == "team"


@pytest.mark.parametrize(
    ("text", "language", "time"),
    [("call me after 5", "en", "after 5"), ("2 after 5", "en", "after 5"),
     ("llamame despues de las 5", "es", "despues de las 5")],
)  # fmt: skip
def test_a_time_said_when_changing_how_to_reach_is_kept_at_the_summary(
    text: str, language: str, time: str
) -> None:
    """ "Change something", "Text or call", then "call me after 5": back at the summary with the
    new time, not the one before."""
    changing = answer("self_referral", "change_what", "3", language)
    assert changing.state["node"] == "contact"
    out = step(FLOWS, changing.state, text, Context(now=NOW, places=DIRECTORY))
    assert out.state["node"] == "confirm"
    assert out.state["vars"]["contact_method"] == "call"
    assert out.state["vars"]["best_time"] == time
    assert "best_time" not in out.state["labels"]
    assert time in out.replies[-1]


@pytest.mark.parametrize(
    ("text", "language", "method", "time"),
    [("call me after work", "en", "call", "after work"),
     ("text only, i got out of work late", "en", "text", None),
     ("text me after school", "en", "text", "after school"),
     ("call me on my lunch break", "en", "call", "on my lunch break"),
     ("llamame despues del trabajo", "es", "call", "despues del trabajo")],
)  # fmt: skip
def test_a_time_of_the_day_said_in_words_with_how_to_reach_is_not_asked_again(
    text: str, language: str, method: str, time: str | None
) -> None:
    """ "call me after work" says when; "i got out of work late" tells of a day, no time, and
    the time is asked."""
    out = answer("self_referral", "contact", text, language, {"needs": ["coach"]})
    assert out.state["vars"]["contact_method"] == method
    assert out.state["vars"].get("best_time") == time
    assert out.state["node"] == ("best_time" if time is None else "team")


@pytest.mark.parametrize(
    ("text", "language"),
    [("call me", "en"), ("dont text me", "en"), ("text me, my name is sam", "en"),
     ("llamame", "es"), ("llamame manana", "es")],
)  # fmt: skip
def test_how_to_reach_alone_still_asks_the_time(text: str, language: str) -> None:
    """ "llamame manana" is tomorrow, not the morning: the time is asked."""
    out = answer("self_referral", "contact", text, language, {"needs": ["coach"]})
    assert out.state["node"] == "best_time"
    assert "best_time" not in out.state["vars"]


@pytest.mark.parametrize(
    ("first", "text", "language", "method", "time"),
    [("2", "my battery is gonna die, text before noon", "en", "text", "before noon"),
     ("2", "text before noon", "en", "text", "before noon"),
     ("2", "text me after 5", "en", "text", "after 5"),
     ("2", "text me instead", "en", "text", None), ("2", "actually text", "en", "text", None),
     ("1", "call me after 5", "en", "call", "after 5"),
     ("1", "dont text me, call me after 5", "en", "call", "after 5"),
     ("2", "mensaje antes del mediodia", "es", "text", "antes del mediodia"),
     ("2", "se me acaba la bateria, mejor mensaje despues de las 5", "es", "text",
      "despues de las 5")],
)  # fmt: skip
def test_how_to_reach_said_at_the_time_question_changes_it_and_keeps_only_the_time(
    first: str, text: str, language: str, method: str, time: str | None
) -> None:
    """ "my battery is gonna die, text before noon" after choosing a call was saved whole as
    the best time, the contact still a call: now a text, before noon, and the change said."""
    contact = answer("self_referral", "contact", first, language, {"needs": ["coach"]})
    assert contact.state["node"] == "best_time"
    out = step(FLOWS, contact.state, text, Context(now=NOW, places=DIRECTORY))
    assert out.state["vars"]["contact_method"] == method
    assert out.state["vars"].get("best_time") == time
    assert out.state["node"] == ("best_time" if time is None else "team")
    said = " ".join(out.replies)
    assert (
        "Call me" if method == "call" else ("Text me", "Por mensaje de texto")[language == "es"]
    ) in said
    assert "battery" not in str(out.state["vars"]) and "bateria" not in str(out.state["vars"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [("narcan, no treatment", ["naloxone"]), ("narcan but not treatment", ["naloxone"]),
     ("no treatment, just narcan", ["naloxone"]), ("1 but not 4", ["coach"]),
     ("coach and narcan", ["coach", "naloxone"]), ("not sure", ["other"]),
     ("naloxona, sin tratamiento", ["naloxone"]), ("no se", ["other"])],
)  # fmt: skip
def test_refused_needs_are_left_out(text: str, expected: list[str]) -> None:
    out = answer("self_referral", "needs", text)
    assert out.state["vars"]["needs"] == expected


@pytest.mark.parametrize("text", ["no treatment", "not coach", "ni coach ni tratamiento"])
def test_needs_that_are_all_refused_are_asked_again(text: str) -> None:
    assert match_many(text, choices("self_referral", "needs")) == []
    out = answer("self_referral", "needs", text)
    assert out.state["node"] == "needs" and "please reply with a number" in out.replies[0]


@pytest.mark.parametrize(
    ("flow_id", "node", "text", "expected"),
    [
        ("self_referral", "confirm", "sure", 0),
        ("self_referral", "confirm", "ok", 0),
        ("self_referral", "confirm", "Y", 0),
        ("self_referral", "confirm", "ok sure", 0),
        ("self_referral", "confirm", "yes please", 0),
        ("self_referral", "confirm", "send it", 0),
        ("self_referral", "confirm", "no, change the town", 1),
        ("self_referral", "confirm", "no", 2),
        ("family", "offer", "please", 0),
        ("family", "offer", "sure", 0),
        ("family", "offer", "please call me", 0),
        ("family", "offer", "por favor", 0),
        ("family", "offer", "no thanks", 1),
        ("self_referral", "team", "peers only, no police", 0),
        ("self_referral", "team", "no police", 0),
        ("self_referral", "team", "police is ok", 1),
        ("self_referral", "team", "pares sí, policía no", 0),
        ("self_referral", "contact", "text, not call", 0),
    ],
)
def test_plain_answers_still_pick_their_choice(
    flow_id: str, node: str, text: str, expected: int
) -> None:
    assert match_choice(text, choices(flow_id, node)) == expected


@pytest.mark.parametrize(
    ("flow_id", "node", "text"),
    [
        ("self_referral", "confirm", "sure, but change my name"),
        ("self_referral", "confirm", "ok so what happens next"),
        ("family", "offer", "please tell me more first"),
        ("family", "offer", "sure thing maybe later"),
    ],
)
def test_sure_ok_and_please_count_only_as_the_whole_message(
    flow_id: str, node: str, text: str
) -> None:
    assert match_choice(text, choices(flow_id, node)) != 0


@pytest.mark.parametrize(
    ("text", "saved"),
    [("any time but not morning", "any time but not morning"), ("not mornings", "not mornings"),
     ("evening", "evening")],
)  # fmt: skip
def test_a_refused_time_keeps_the_texters_own_words(text: str, saved: str) -> None:
    out = answer("family", "best_time", text, saved={**FILLED, "needs": ["self"]})
    assert [case["best_time"] for case in created(out)] == [saved]


@pytest.mark.parametrize(
    ("text", "saved"),
    [("anything but morning", "anything but morning"), ("evenings after 6pm", "evenings after 6pm"),
     ("any time but not at work hours", "any time but not at work hours"),
     ("por la noche después de las 6", "por la noche después de las 6"),
     ("mornings are best", "morning"), ("Morning please", "morning"), ("anytime is fine", "any"),
     ("2", "afternoon"), ("tonight", "evening")],
)  # fmt: skip
def test_a_time_told_with_more_than_a_choice_keeps_the_texters_own_words(
    text: str, saved: str
) -> None:
    """ "anything but morning" is not "Morning": a choice is picked only when nothing else is
    said, and otherwise the person's own words go to the team as written."""
    out = answer("family", "best_time", text, saved={**FILLED, "needs": ["self"]})
    assert [case["best_time"] for case in created(out)] == [saved]


@pytest.mark.parametrize("flow_id", ["family", "self_referral"])
@pytest.mark.parametrize(
    "text",
    ["k", "ok", "okay", "kk", "sure", "thanks", "ty", "Ok thanks", "thank you", "👍", "vale",
     "gracias", "ok gracias", "está bien", "k thx", "ok cool", "alright", "thank you so much",
     "claro", "kk ty"],
)  # fmt: skip
def test_an_acknowledgement_is_no_preference_of_time(flow_id: str, text: str) -> None:
    """ "k" to "when is a good time?" says any time is fine: the team never reads "best
    time: k"."""
    out = answer(flow_id, "best_time", text, saved={**FILLED, "needs": ["self"]})
    if flow_id == "family":  # the family flow ends here
        assert [case["best_time"] for case in created(out)] == ["any"]
    else:
        assert out.state["vars"]["best_time"] == "any"
        assert out.state["labels"]["best_time"]["en"] == "Any time"


@pytest.mark.parametrize(
    ("text", "saved"),
    [("ok mornings", "morning"), ("evenings thanks", "evening"),
     ("sure, after 6pm", "after 6pm")],
)  # fmt: skip
def test_an_acknowledgement_beside_a_time_keeps_the_time(text: str, saved: str) -> None:
    out = answer("family", "best_time", text, saved={**FILLED, "needs": ["self"]})
    assert [case["best_time"] for case in created(out)] == [saved]


OWN_WORDS_QUESTION = """
spec: 1
flow: demo
title: Demo
start: when
states:
  when:
    prompt: {en: "When? Pick one or say it your way.\\n{options}", es: "Cuando?\\n{options}"}
    input: choice
    save: when
    free_text: true
    options:
      - value: morning
        label: {en: Morning, es: Manana}
    next: done
  done:
    prompt: {en: "Thanks: {when}.", es: "Gracias: {when}."}
    end: true
"""


@pytest.mark.parametrize("text", ["k", "ok thanks", "ty", "gracias"])
def test_an_acknowledgement_is_never_kept_as_a_persons_own_words(text: str) -> None:
    """A question in the person's own words that has no option for "any" asks again rather
    than keeping "k" as the answer."""
    from flows.script import load_flow

    flows = {**FLOWS, "demo": load_flow(OWN_WORDS_QUESTION)}
    state = {"v": 1, "language": "en", "flow": "demo", "node": "when", "vars": {},
             "updated_at": NOW.isoformat()}  # fmt: skip
    out = step(flows, state, text, Context(now=NOW, places=DIRECTORY))
    assert out.state["node"] == "when" and "when" not in out.state["vars"]
    out = step(flows, state, "after work", Context(now=NOW, places=DIRECTORY))
    assert out.replies[-1] == "Thanks: after work."


def test_a_long_answer_is_cut_after_a_whole_word_and_marked() -> None:
    long_time = "weekdays after 6pm but not on thursdays because of my group meeting " * 3
    out = answer("family", "best_time", long_time, saved={**FILLED, "needs": ["self"]})
    (case,) = created(out)
    limit = FLOWS["family"].states["best_time"].max_length
    assert len(case["best_time"]) <= limit and case["best_time"].endswith(" weekdays after 6pm...")
    out = answer("self_referral", "name", "Maria Fernanda Guadalupe Rodriguez de la Cruz")
    assert out.state["vars"]["name"] == "Maria Fernanda Guadalupe Rodriguez de..."


@pytest.mark.parametrize(
    ("text", "saved"),
    [("prefer not to say", None), ("skip it", None), ("rather not", None),
     ("I don't want to say", None), ("none of your business", None), ("prefiero no decir", None),
     ("my name is Jay", "Jay"), ("Hi, my name is Ana", "Ana"), ("call me J", "J"),
     ("I'm Sam", "Sam"), ("soy José", "José"), ("Sam", "Sam"), ("im", None)],
)  # fmt: skip
def test_a_name_declined_in_words_is_skipped_and_an_introduction_is_left_out(
    text: str, saved: str | None
) -> None:
    out = answer("self_referral", "name", text, saved={**FILLED, "name": None})
    assert out.state["vars"]["name"] == saved
    assert out.state["node"] == "confirm"


@pytest.mark.parametrize(
    ("text", "language"),
    [("I dont want police", "en"), ("I don't want the police", "en"), ("without police", "en"),
     ("no police", "en"), ("not the police", "en"), ("police is not ok", "en"),
     ("not fine with police", "en"), ("no quiero policia", "es"), ("No quiero la policía", "es"),
     ("sin policía", "es"), ("policía no", "es"), ("nada de policia", "es")],
)  # fmt: skip
def test_a_refusal_of_police_means_peers_only(text: str, language: str) -> None:
    out = answer("self_referral", "team", text, language, {**FILLED, "peers_only": None})
    assert out.state["vars"]["peers_only"] is True
    assert out.state["node"] == "name"


@pytest.mark.parametrize(
    ("flow_id", "node", "text", "value", "says"),
    [
        ("family", "offer", "please dont call me", "no", "whenever you need us"),
        ("family", "offer", "don't call me", "no", "whenever you need us"),
        ("family", "offer", "no me llamen", "no", "whenever you need us"),
        ("family", "offer", "not interested", "no", "whenever you need us"),
        ("self_referral", "contact", "dont call me", "text", "When is a good time?"),
        ("self_referral", "contact", "please do not call", "text", "When is a good time?"),
        ("self_referral", "contact", "no me llamen", "text", "When is a good time?"),
        ("self_referral", "contact", "don't text me", "call", "When is a good time?"),
        ("self_referral", "confirm", "do not send", "no", "we won't send anything"),
        ("self_referral", "confirm", "no lo envie", "no", "we won't send anything"),
        ("self_referral", "confirm", "not correct", "change", "What would you like to change?"),
        ("menu", "welcome", "not for me", "family", "How are you connected"),
        ("family", "best_time", "doesn't matter", "any", "will call within"),
    ],
)
def test_refusals_pick_the_choice_that_refuses(
    flow_id: str, node: str, text: str, value: str, says: str
) -> None:
    options = FLOWS[flow_id].states[node].options
    index = match_choice(text, choices(flow_id, node))
    assert index is not None and options[index].value == value
    out = answer(flow_id, node, text, saved={"needs": ["self"], "relationship": "parent"})
    assert says in out.replies[-1]
    assert created(out) == [] or created(out)[0]["best_time"] == value


@pytest.mark.parametrize(
    ("flow_id", "text", "next_says"),
    [
        ("self_referral", "skip", "Who may reach out"),
        ("self_referral", "SKIP", "Who may reach out"),
        ("self_referral", "idk", "Who may reach out"),
        ("self_referral", "pass", "Who may reach out"),
        ("self_referral", "omitir", "Quién puede contactarle"),
        ("family", "not sure", "will call within"),
        ("family", "no se", "llamara"),
    ],
)
def test_a_best_time_not_given_is_any_time_not_those_words(
    flow_id: str, text: str, next_says: str
) -> None:
    """Skipping the best time, or not knowing it, was kept as the time itself ("best time:
    SKIP" in the responder's summary): it means any time."""
    language = "es" if text in ("omitir", "no se") else "en"
    out = answer(
        flow_id,
        "best_time",
        text,
        saved={"needs": ["self"], "relationship": "parent"},
        language=language,
    )
    assert out.state["vars"].get("best_time") == "any" or created(out)[0]["best_time"] == "any"
    assert next_says in out.replies[-1]


def test_a_refused_call_ends_kindly_and_books_nothing() -> None:
    out = answer("family", "offer", "please don't call me")
    assert created(out) == []
    assert "whenever you need us" in out.replies[-1]


@pytest.mark.parametrize(
    ("text", "again"),
    [("no narcan", "please reply with a number"),
     ("I don't need narcan", "please reply with a number"),
     # Written in Spanish, asked again in Spanish.
     ("sin naloxona", "responda con un numero")],
)  # fmt: skip
def test_refusing_naloxone_by_name_at_the_needs_question_asks_again(text: str, again: str) -> None:
    out = answer("self_referral", "needs", text, saved={})
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "needs")
    assert again in out.replies[0]


def test_naloxone_named_at_a_question_without_it_still_finds_naloxone() -> None:
    out = answer("family", "relationship", "I don't have narcan", saved={})
    assert out.state["flow"] == "naloxone"


@pytest.mark.parametrize("text", ["not amherst", "not Pelham"])
def test_refusing_a_town_of_a_shared_zip_asks_again(text: str) -> None:
    state = {
        "v": 1,
        "language": "en",
        "flow": "self_referral",
        "node": "town",
        "vars": {"needs": ["coach"]},
        "labels": {},
        "pins": {},
        "pending": {"towns": ["Amherst", "Pelham"]},
        "updated_at": NOW.isoformat(),
    }
    out = step(FLOWS, state, text, Context(now=NOW, places=DIRECTORY))
    assert out.state["node"] == "town" and "town" not in out.state["vars"]
    assert "1) Amherst\n2) Pelham" in out.replies[0]
    out = step(FLOWS, out.state, "2", Context(now=NOW, places=DIRECTORY))
    assert out.state["vars"]["town"] == "Pelham"


@pytest.mark.parametrize(
    ("flow_id", "node", "text", "expected"),
    [
        ("self_referral", "confirm", "👍", 0),
        ("self_referral", "confirm", "👍🏽", 0),
        ("self_referral", "confirm", "👍👍", 0),
        ("self_referral", "confirm", "✅", 0),
        ("self_referral", "confirm", "k", 0),
        ("self_referral", "confirm", "Kk", 0),
        ("self_referral", "confirm", "yup", 0),
        ("self_referral", "confirm", "👎", 2),
        ("self_referral", "confirm", "nah", 2),
        ("family", "offer", "👍", 0),
        ("family", "offer", "👌", 0),
        ("family", "offer", "❌", 1),
    ],
)
def test_a_short_yes_or_no_picks_its_choice(
    flow_id: str, node: str, text: str, expected: int
) -> None:
    """A thumbs up, "k" or "yup" is the whole answer to a yes-or-no question."""
    assert match_choice(text, choices(flow_id, node)) == expected


@pytest.mark.parametrize("text", ["👍", "👍🏿", "✅", "k", "yup", "👌"])
def test_a_short_yes_never_lets_police_in(text: str) -> None:
    out = answer("self_referral", "team", text, "en", {**FILLED, "peers_only": None})
    assert out.state["vars"]["peers_only"] is None
    assert out.state["node"] == "team"


@pytest.mark.parametrize("text", ["🙏", "👍🙏", "😂", "❤️"])
def test_other_emoji_are_asked_again(text: str) -> None:
    assert match_choice(text, choices("self_referral", "confirm")) is None


def test_a_thumbs_up_at_the_summary_sends_the_referral() -> None:
    out = answer("self_referral", "confirm", "👍")
    assert len(created(out)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("i have 2 kids and i need to talk to someone", ["coach"]),
     ("been using for 3 years", []), ("using for 3", []), ("2 kids and no job", []),
     ("i need to talk, been clean 4 days", ["coach"]),
     ("talk to someone, i have 2 jobs", ["coach"]), ("3 years on methadone", ["treatment"])],
)  # fmt: skip
def test_a_number_that_counts_something_is_no_pick(text: str, expected: list[str]) -> None:
    """ "2 kids", "3 years", "for 3" count things: only the words pick what would help."""
    options = FLOWS["self_referral"].states["needs"].options
    picked = [options[i].value for i in match_many(text, choices("self_referral", "needs"))]
    assert picked == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1 3", ["coach", "naloxone"]), ("1,3", ["coach", "naloxone"]),
     ("1 and 3", ["coach", "naloxone"]), ("option 2", ["supplies"]), ("#2", ["supplies"]),
     ("2 and 3 please", ["supplies", "naloxone"]), ("1 but not 4", ["coach"]),
     ("i want 1 and 3", ["coach", "naloxone"]), ("1 & 4 pls", ["coach", "treatment"]),
     ("3, and talk to someone", ["naloxone", "coach"]), ("4", ["treatment"]),
     ("1 2 3", ["coach", "supplies", "naloxone"]), ("options 1 and 2", ["coach", "supplies"])],
)  # fmt: skip
def test_a_number_that_stands_as_a_pick_still_picks(text: str, expected: list[str]) -> None:
    options = FLOWS["self_referral"].states["needs"].options
    picked = [options[i].value for i in match_many(text, choices("self_referral", "needs"))]
    assert sorted(picked) == sorted(expected)


def test_a_count_in_the_needs_answer_adds_nothing_the_person_did_not_ask_for() -> None:
    out = answer("self_referral", "needs", "i have 2 kids and i need to talk to someone", saved={})
    assert out.state["vars"]["needs"] == ["coach"]
    out = answer("self_referral", "needs", "been using for 3 years", saved={})
    assert "needs" not in out.state["vars"] and out.state["node"] == "needs"


@pytest.mark.parametrize("flow_id", ["family", "self_referral"])
@pytest.mark.parametrize(
    "text",
    ["can you text him instead of calling me?", "what time do you call?", "when will you call",
     "who will be calling me?", "can you call my son", "call him instead", "text her please",
     "his number is 413-555-0123", "can you call my daughter tomorrow morning",
     "pueden llamar a mi hijo?"],
)  # fmt: skip
def test_a_question_or_someone_elses_contact_is_no_best_time(flow_id: str, text: str) -> None:
    """ "can you text him instead of calling me?" was saved as the best time and a case
    created: a question that names no time, or a wish about someone else's number, is asked
    again, and nothing is booked."""
    out = answer(flow_id, "best_time", text, saved={**FILLED, "needs": ["self"]})
    assert created(out) == []
    assert out.state["node"] == "best_time" and out.state["vars"]["best_time"] == "morning"
    # asked in Spanish, the question is asked again in Spanish
    assert ("le conviene" if text.startswith("pueden") else "good time") in out.replies[-1]


@pytest.mark.parametrize(
    ("text", "saved"),
    [("can you call in the morning?", "can you call in the morning?"),
     ("could you call after work", "could you call after work"),
     ("is after 5 ok?", "is after 5 ok?"), ("do you call on weekends", "do you call on weekends"),
     ("weekends?", "weekends?"), ("mornings?", "morning"), ("after 6pm", "after 6pm")],
)  # fmt: skip
def test_a_time_asked_as_a_question_is_still_the_time(text: str, saved: str) -> None:
    out = answer("family", "best_time", text, saved={**FILLED, "needs": ["self"]})
    assert [case["best_time"] for case in created(out)] == [saved]


@pytest.mark.parametrize(
    "text",
    ["my son is gonna die and you send me a menu", "why do you keep asking me this",
     "he wont listen to me", "mi hijo no me escucha"],
)  # fmt: skip
def test_a_lone_me_inside_longer_words_is_no_pick_of_support_for_me(text: str) -> None:
    """ "me" (and "yo") names "Support for me" only as the whole answer, like "sure"."""
    self_index = [o.value for o in FLOWS["family"].states["needs"].options].index("self")
    assert self_index not in match_many(text, choices("family", "needs"))


@pytest.mark.parametrize("text", ["me", "Me.", "for me", "support for me", "myself", "2 and me"])
def test_support_for_me_is_still_picked_in_so_many_words(text: str) -> None:
    self_index = [o.value for o in FLOWS["family"].states["needs"].options].index("self")
    assert self_index in match_many(text, choices("family", "needs"))


def _summary_and_case(needs: list[str], language: str = "en") -> tuple[str, dict]:
    """The summary shown after the needs answers given, and the case a yes to it sends."""
    first = ["hola", "1"] if language == "es" else ["hi", "1"]
    rest = ["amherst", "1", "1", "1", "Sam"]
    state, replies = None, []
    for i, text in enumerate([*first, *needs, *rest, "1"]):
        ctx = Context(now=NOW + timedelta(minutes=i), places=DIRECTORY)
        out = step(FLOWS, state, text, ctx)
        state, replies = out.state, [*replies, *out.replies]
    (case,) = created(out)
    summary = next(r for r in replies if r.startswith(("Here is what", "Esto compartiremos")))
    return summary, case


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("1 and i have tranq wounds", ["coach"]),
        ("coach, also i got kicked out of my place", ["coach"]),
        ("narcan and test strips, my friend keeps nodding out", ["supplies", "naloxone"]),
    ],
)
def test_words_beside_the_needs_picked_go_with_the_request(text: str, picked: list[str]) -> None:
    summary, case = _summary_and_case([text])
    assert case["needs"] == picked and case["needs_words"] == text
    assert f"\nYour words: {text}\nTown: Amherst" in summary


def test_words_beside_the_needs_picked_are_kept_in_spanish_too() -> None:
    text = "necesito un coach y tengo heridas de tranq"
    summary, case = _summary_and_case([text], language="es")
    assert case["needs"] == ["coach"] and case["needs_words"] == text
    assert f"\nSus palabras: {text}\nPueblo: Amherst" in summary


@pytest.mark.parametrize(
    "text", ["1 3", "coach", "treatment and supplies", "narcan, no treatment", "2 please",
             "i need narcan", "1 3 thanks", "naloxona y tratamiento por favor"],
)  # fmt: skip
def test_a_bare_pick_of_needs_keeps_no_words(text: str) -> None:
    out = answer("self_referral", "needs", text, saved={})
    assert out.state["vars"]["needs"] and out.state["vars"]["needs_words"] is None
    summary, case = _summary_and_case([text])
    assert not case["needs_words"] and "Your words" not in summary


@pytest.mark.parametrize(
    ("said", "then", "picked"),
    [
        ("tranq wounds on my leg, i dont wanna go to the hospital", "5", ["other"]),
        ("i need a ride to the clinic", "something else", ["other"]),
        ("tranq wounds", "1", ["coach"]),
    ],
)
def test_words_that_pick_no_need_are_kept_for_the_answer_that_does(
    said: str, then: str, picked: list[str]
) -> None:
    out = answer("self_referral", "needs", said, saved={})
    assert out.state["node"] == "needs" and "please reply with a number" in out.replies[-1]
    summary, case = _summary_and_case([said, then])
    assert case["needs"] == picked and case["needs_words"] == said
    assert f"Your words: {said}" in summary


def test_needs_answered_again_keep_only_the_new_words() -> None:
    state, out = None, None
    texts = ["hi", "1", "1 and i have tranq wounds", "amherst", "1", "1", "1", "Sam", "2", "1"]
    for i, text in enumerate([*texts, "2", "1"]):
        out = step(FLOWS, state, text, Context(now=NOW + timedelta(minutes=i), places=DIRECTORY))
        state = out.state
        if text == "2" and state["node"] == "confirm":
            assert "Help: Harm-reduction supplies\nTown: Amherst" in out.replies[-1]
    (case,) = created(out)
    assert case["needs"] == ["supplies"] and case["needs_words"] is None


def test_going_back_to_the_needs_question_forgets_the_words_said_there() -> None:
    summary, case = _summary_and_case(["1 and i have tranq wounds", "back", "2"])
    assert case["needs"] == ["supplies"] and case["needs_words"] is None
    assert "Your words" not in summary


@pytest.mark.parametrize(
    ("first", "answer"),
    [("hi", "im deaf, text only please"), ("hi", "i cant take calls"),
     ("hi", "i cant talk on the phone"), ("hi", "hard of hearing"),
     ("hola", "no puedo hablar por telefono, solo texto"), ("hola", "soy sorda")],
)  # fmt: skip
def test_saying_calls_are_not_possible_at_how_to_reach_them_picks_text(
    first: str, answer: str
) -> None:
    """ "i cant take calls" was asked again with a number."""
    outcomes = converse([first, "1", "1", "amherst", answer])
    assert outcomes[-1].state["vars"]["contact_method"] == "text", outcomes[-1].replies
    assert outcomes[-1].state["node"] == "best_time"


CONTACT_QUESTIONS = ("How should we reach you?", "Como prefiere que le contactemos")
# After the contact question: the time, the team, the name, and yes to the summary.
TO_THE_SUMMARY = ["morning", "peers only", "Sam"]


@pytest.mark.parametrize(
    "texts",
    [["im deaf, text only please. i need a recovery coach", "amherst"],
     ["i need a recovery coach, i cant take calls", "amherst"],
     ["hi", "1", "coach, im deaf", "amherst"],
     ["hi", "1", "1", "i cant take calls", "amherst"],
     ["hi", "1", "1", "hard of hearing, im in amherst"],
     ["hola", "1", "1", "no puedo hablar por telefono", "amherst"],
     ["hola", "1", "1 solo texto", "amherst"]],
)  # fmt: skip
def test_calls_not_possible_said_before_the_contact_question_is_not_asked_again(
    texts: list[str],
) -> None:
    """ "im deaf, text only please. i need a recovery coach" was asked how to reach them
    later anyway, and nothing on the case told the responder not to call."""
    outcomes = converse([*texts, *TO_THE_SUMMARY, "yes"])
    said = "\n".join(r for o in outcomes for r in o.replies)
    assert not any(q in said for q in CONTACT_QUESTIONS), said
    summary = outcomes[-2].replies[-1]
    assert (
        "Contact: Text only (can't take calls), Morning" in summary
        or "Contacto: Solo texto (no puede recibir llamadas)" in summary
    ), summary
    (case,) = created(outcomes[-1])
    assert case["contact_method"] == "text" and case["text_only"] is True
    # Only that calls do not work is kept: never that the person is deaf.
    assert not any(w in str(case) for w in ("deaf", "hearing", "sord", "telefono"))


def test_calls_not_possible_at_the_town_question_asks_the_town_again_kindly() -> None:
    """ "i cant take calls" at the town question got "couldn't find that place"."""
    out = converse(["hi", "1", "1", "i cant take calls"])[-1]
    assert out.state["node"] == "town"
    assert "couldn't find" not in "\n".join(out.replies)
    assert out.replies[-1].startswith("OK, we will text you, not call.\nWhat town do you live in")


@pytest.mark.parametrize(
    ("answer", "label", "text_only"),
    [("im deaf, text only please", "Text only (can't take calls)", True),
     ("i cant take calls", "Text only (can't take calls)", True),
     ("text me", "Text me", False), ("1", "Text me", False), ("dont call", "Text me", False)],
)  # fmt: skip
def test_calls_not_possible_at_the_contact_question_says_text_only(
    answer: str, label: str, text_only: bool
) -> None:
    """A plain "text me" stays a preference; "i cant take calls" tells the responder not to
    call."""
    outcomes = converse(["hi", "1", "1", "amherst", answer, *TO_THE_SUMMARY, "yes"])
    assert f"Contact: {label}, Morning" in outcomes[-2].replies[-1]
    (case,) = created(outcomes[-1])
    assert case["contact_method"] == "text"
    assert case.get("text_only", False) is text_only


@pytest.mark.parametrize(
    "texts",
    [["yes but text only im deaf", "any"], ["1", "i cant take calls", "any"],
     ["si pero solo por texto, soy sorda", "cualquiera"]],
)  # fmt: skip
def test_calls_not_possible_at_the_family_call_back_offer_is_text_only(texts: list[str]) -> None:
    outcomes = converse(["hi", "2", "1", "1", "amherst", *texts])
    (case,) = created(outcomes[-1])
    assert case["contact_method"] == "text" and case["text_only"] is True
    assert not any(w in str(case) for w in ("deaf", "sord"))


@pytest.mark.parametrize(
    "first",
    ["i need a coach", "i need a coach, i cant take calls", "necesito un coach", "quiero un coach",
     "coach de recuperacion", "necesito un coach de recuperación"],
)  # fmt: skip
def test_a_coach_asked_for_in_a_first_text_starts_the_self_referral(first: str) -> None:
    """ "i need a coach" got only the menu, as "i need a recovery coach" did not."""
    (out,) = converse([first])
    assert out.state["flow"] == "self_referral" and out.state["vars"]["needs"] == ["coach"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("yes please, this is killing me the wait", "en"),
     ("yes please, the wait is killing me", "en"), ("yes, the waiting is hard", "en"),
     ("si por favor, la espera me esta matando", "es")],
)  # fmt: skip
def test_a_yes_with_more_words_that_name_no_change_sends_the_request(
    text: str, language: str
) -> None:
    """ "The wait is killing me" names nothing to fix: the request goes, not the summary again."""
    out = answer("self_referral", "confirm", text, language)
    assert len(created(out)) == 1


@pytest.mark.parametrize(
    ("text", "language", "saved", "sent"),
    [("yes, my phone is dead a lot so text", "en", "call", False),
     ("yes, call me", "en", "text", False),
     ("si, mi telefono se apaga mucho, mejor por mensaje", "es", "call", False),
     ("si, casi nunca tengo bateria asi que por mensaje", "es", "call", False),
     ("yes, my phone is dead a lot so text", "en", "text", True),
     ("yes please text me", "en", "text", True)],
)  # fmt: skip
def test_a_yes_that_names_another_answer_asks_that_question_first(
    text: str, language: str, saved: str, sent: bool
) -> None:
    """ "yes, my phone is dead a lot so text" was sent as "Prefers a call": a yes that picks
    another answer than the summary shows sends nothing and asks that question; one that
    picks the answer shown sends."""
    out = answer("self_referral", "confirm", text, language, {**FILLED, "contact_method": saved})
    if sent:
        assert len(created(out)) == 1
        return
    assert created(out) == []
    assert out.state["node"] == "contact"
    assert out.replies[0].startswith(("Thanks. We have not sent it yet", "Gracias. Aun no"))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [("4 im pregnant", "en", ["treatment"]), ("1 im pregnant", "en", ["coach"]),
     ("1 my phone is dead most of the day", "en", ["coach"]),
     ("1 3 im pregnant", "en", ["coach", "naloxone"]),
     ("2 estoy embarazada", "es", ["supplies"]), ("1 mi telefono no sirve", "es", ["coach"])],
)  # fmt: skip
def test_a_number_then_words_at_the_needs_question_picks_and_keeps_the_words(
    text: str, language: str, expected: list[str]
) -> None:
    """ "4 im pregnant" was asked to reply with a number, as "4, im pregnant" was not."""
    out = answer("self_referral", "needs", text, language, saved={})
    assert out.state["vars"]["needs"] == expected
    assert out.state["vars"]["needs_words"] == text


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [("2 my mom passed years ago so its just me", "en", ["self"]),
     ("1 his girlfriend is pregnant", "en", ["learn"]),
     ("1 su novia esta embarazada", "es", ["learn"]),
     ("2 mi hijo ya no vive conmigo", "es", ["self"])],
)  # fmt: skip
def test_a_number_then_words_at_the_family_needs_question_picks(
    text: str, language: str, expected: list[str]
) -> None:
    out = answer("family", "needs", text, language, saved={"relationship": "parent"})
    assert out.state["vars"]["needs"] == expected
    assert out.state["node"] != "needs"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2 kids and no job", []), ("3 years on methadone", ["treatment"]),
     ("2 my kids are with me", ["supplies"]), ("1 3 i think", ["coach", "naloxone"])],
)  # fmt: skip
def test_a_number_before_words_picks_unless_it_counts_them(text: str, expected: list[str]) -> None:
    options = FLOWS["self_referral"].states["needs"].options
    picked = [options[i].value for i in match_many(text, choices("self_referral", "needs"))]
    assert sorted(picked) == sorted(expected)
