"""A person changes course mid-conversation: "never mind", "wrong number", "go back"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, detect
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.sms import encoding, segments
from flows.types import Context

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))


def ctx(minutes: int = 0, **kwargs: bool) -> Context:
    return Context(now=NOW + timedelta(minutes=minutes), places=DIRECTORY, **kwargs)


def run(texts: list[str], state: dict | None = None, **kwargs: bool):
    """Each text in turn; the last outcome."""
    out = None
    for i, text in enumerate(texts):
        out = step(FLOWS, state, text, ctx(i, **kwargs))
        state = out.state
    assert out is not None
    return out


# hi, myself, coach, Amherst, text, morning, peers only: the name question waits.
TO_THE_NAME = ["hi", "1", "1", "amherst", "text", "morning", "1"]
# hi, Spanish, a family member: the relationship question waits, in Spanish.
TO_FAMILY_ES = ["hola", "2"]

NEVER_MIND = ["nvm", "Never mind", "nevermind", "forget it", "oh nvm", "never mind thanks",
              "Olvídalo", "olvidalo", "olvídelo"]  # fmt: skip


@pytest.mark.parametrize("text", NEVER_MIND)
def test_never_mind_at_the_name_question_is_not_a_name(text: str) -> None:
    out = run([*TO_THE_NAME, text])
    assert out.state["flow"] is None and out.state["node"] is None
    assert "name" not in out.state["vars"]
    assert not any(e.kind in ("create_case", "opt_out") for e in out.effects)
    (reply,) = out.replies
    assert "MENU" in reply and "911" in reply


@pytest.mark.parametrize(
    ("texts", "language"),
    [(["hi", "3"], "en"), (["hi", "2", "1"], "en"), ([*TO_FAMILY_ES, "olvídalo"], "es")],
)
def test_never_mind_ends_any_conversation_in_its_language(texts: list[str], language: str) -> None:
    out = run([*texts, "never mind"] if language == "en" else texts)
    assert out.state["flow"] is None
    assert out.replies == (DEFAULT_STRINGS["stopped"][language],)


def test_never_mind_still_answers_a_question_that_takes_it() -> None:
    """At the summary, "never mind" is the "don't send it" choice: that answer stands."""
    out = run([*TO_THE_NAME, "Sam", "never mind"])
    assert out.state["flow"] is None
    assert "we won't send anything" in out.replies[0]


def test_never_mind_is_no_opt_out_and_the_menu_comes_back() -> None:
    out = run([*TO_THE_NAME, "nvm", "menu"])
    assert "Support for myself" in out.replies[0]


@pytest.mark.parametrize("text", ["I never mind the mornings", "forget it, I need detox"])
def test_never_mind_inside_a_longer_answer_is_not_a_stop(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "never_mind"


WRONG = ["wrong number", "Sorry wrong number", "sorry, wrong #", "u have the wrong number",
         "Número equivocado", "numero equivocado", "wrong person", "wrong number who is this",
         "wrong number? who is this", "who is this wrong number", "Who is this? Wrong number",
         "número equivocado, ¿quién es?"]  # fmt: skip


@pytest.mark.parametrize("text", WRONG)
@pytest.mark.parametrize("texts", [["hi"], TO_THE_NAME, ["hi", "2"], ["hi", "3"]])
def test_wrong_number_from_someone_who_texted_us_ends_kindly(texts: list[str], text: str) -> None:
    out = run([*texts, text])
    assert out.state["flow"] is None
    assert "name" not in out.state["vars"]
    assert not out.effects
    (reply,) = out.replies
    assert "Hampshire HOPE Line" in reply and "MENU" in reply


def test_wrong_number_in_spanish_is_answered_in_spanish() -> None:
    out = run(["Número equivocado"])
    assert out.replies == (
        DEFAULT_STRINGS["wrong_number"]["es"].replace("{program_name}", "Hampshire HOPE Line"),
    )


@pytest.mark.parametrize(
    "text", ["wrong number", "numero equivocado", "wrong number who is this", "who is this wrong #"]
)
def test_wrong_number_to_a_number_we_texted_first_stops_all_texts(text: str) -> None:
    """A partner's referral gave us this number: whoever has it is not the person."""
    out = step(FLOWS, None, text, ctx(texted_first=True))
    assert [e.kind for e in out.effects if e.kind != "set_language"] == ["wrong_number"]
    (reply,) = out.replies
    assert "won't text this number again" in reply or "no volveremos" in reply
    assert out.state["flow"] is None


@pytest.mark.parametrize("name", ["stopped", "wrong_number", "wrong_number_referred"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_texts_are_one_plain_segment_and_shipped(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    filled = shipped.replace("{program_name}", "Hampshire HOPE Line")
    assert (encoding(filled), segments(filled)) == ("GSM-7", 1), filled


@pytest.mark.parametrize("text", ["back", "go back", "Back.", "atrás", "atras", "volver atrás"])
def test_go_back_asks_the_previous_question_again_and_forgets_its_answer(text: str) -> None:
    out = run([*TO_THE_NAME, text])
    assert out.state["node"] == "team"
    assert "peers_only" not in out.state["vars"]
    assert out.replies[-1].startswith("Our team has peer recovery coaches")
    # The answers before it stand; a new answer carries on from there.
    out = step(FLOWS, out.state, "2", ctx(30))
    assert out.state["node"] == "name" and out.state["vars"]["peers_only"] is False
    assert out.state["vars"]["town"] == "Amherst"


def test_going_back_twice_goes_two_questions_back() -> None:
    out = run([*TO_THE_NAME, "back", "back"])
    assert out.state["node"] == "best_time"
    assert "best_time" not in out.state["vars"] and out.state["vars"]["contact_method"] == "text"


def test_going_back_from_a_flows_first_question_shows_the_menu() -> None:
    out = run(["hi", "2", "back"])
    assert out.state["flow"] == "menu" and out.state["node"] == "welcome"
    (reply,) = out.replies
    assert "Support as a family member or friend" in reply


def test_going_back_from_a_town_pick_asks_for_the_town_again() -> None:
    out = run(["hi", "1", "1", "01002", "back"])
    assert out.state["node"] == "town" and not out.state["pending"]
    assert out.replies[-1].startswith("What town do you live in")


def test_going_back_skips_the_team_question_answered_for_a_person_who_refused_police() -> None:
    out = step(FLOWS, None, "hi", ctx())
    for i, text in enumerate(["1", "1", "amherst", "text", "morning"], 1):
        out = step(FLOWS, out.state, text, ctx(i, refuses_police=True))
    assert out.state["node"] == "name"
    out = step(FLOWS, out.state, "back", ctx(9, refuses_police=True))
    assert out.state["node"] == "best_time"


def test_going_back_after_a_naloxone_detour_comes_back_to_the_same_place() -> None:
    # the town skipped: the finder asks for one, and the conversation waits behind it
    no_town = ["skip" if text == "amherst" else text for text in TO_THE_NAME]
    out = run([*no_town, "narcan", "amherst", "back"])
    assert out.state["flow"] == "self_referral" and out.state["node"] == "team"


def test_going_back_from_the_summary_change_asks_what_to_change_again() -> None:
    out = run([*TO_THE_NAME, "Sam", "change", "town", "back"])
    assert out.state["node"] == "change_what" and not out.state["return_to"]
    out = step(FLOWS, out.state, "name", ctx(30))
    out = step(FLOWS, out.state, "Jo", ctx(31))
    assert out.state["node"] == "confirm" and out.state["vars"]["name"] == "Jo"


# "wrong number" with a request to stop in the same text: the stop counts, never the menu.
WRONG_AND_STOP = [
    ("wrong number stop texting me", "en"), ("Wrong number, stop", "en"),
    ("wrong number. STOP", "en"), ("sorry wrong number please stop texting me", "en"),
    ("stop texting me wrong number", "en"), ("you have the wrong person stop texting me", "en"),
    ("Número equivocado, no me escriban más", "es"), ("numero equivocado basta", "es"),
    ("wrong number who is this? stop texting me", "en"),
    ("wrong number dont text me", "en"), ("don't text me, wrong number", "en"),
    ("numero equivocado, no me escriban", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), WRONG_AND_STOP)
def test_wrong_number_and_stop_from_someone_who_texted_us_opts_out(
    text: str, language: str
) -> None:
    found = detect(text)
    assert found is not None and found.kind == "opt_out", text
    out = run(["hi", text])
    assert [e.kind for e in out.effects if e.kind != "set_language"] == ["opt_out"]
    assert out.state["flow"] is None
    (reply,) = out.replies
    assert reply == DEFAULT_STRINGS["opted_out"][language].replace(
        "{program_name}", "Hampshire HOPE Line"
    ).replace("{program_phone}", "413-555-0100")


@pytest.mark.parametrize(("text", "language"), WRONG_AND_STOP)
def test_wrong_number_and_stop_to_a_number_we_texted_first_stops_texts_and_tells_the_team(
    text: str, language: str
) -> None:
    out = step(FLOWS, None, text, ctx(texted_first=True))
    assert [e.kind for e in out.effects if e.kind != "set_language"] == ["wrong_number"]
    assert out.state["flow"] is None
    (reply,) = out.replies
    assert "START" in reply
    assert ("won't text this number again" if language == "en" else "no volveremos") in reply


@pytest.mark.parametrize(
    "text", ["fuck you stop texting me", "stop texting me fuck you", "f off, stop texting me"]
)
def test_a_stop_said_in_anger_opts_out(text: str) -> None:
    out = run(["hi", text])
    assert [e.kind for e in out.effects] == ["opt_out"]
    assert out.state["flow"] is None


@pytest.mark.parametrize(
    "text",
    ["wrong number but i need help", "stop using wrong number", "i cant stop wrong number",
     "wrong number hes not breathing", "no i cant stop using"],
)  # fmt: skip
def test_wrong_number_beside_other_words_is_no_opt_out(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "opt_out", text


# hi, myself, coach, Amherst, call: the best-time question waits.
TO_THE_TIME_AFTER_CALL = ["hi", "1", "1", "amherst", "2"]


@pytest.mark.parametrize(
    "text",
    ["actually dont call, text", "oops i meant text", "wait no, text me", "sorry i meant text",
     "no wait, text me instead", "actually text me"],
)  # fmt: skip
def test_a_correction_at_the_time_question_changes_the_answer_before_it(text: str) -> None:
    """ "Call me", then "actually dont call, text" to "When is a good time?": the contact
    answer is changed, never saved as the best time, and the time is asked again."""
    out = run([*TO_THE_TIME_AFTER_CALL, text])
    assert out.state["vars"]["contact_method"] == "text"
    assert "best_time" not in out.state["vars"]
    assert out.state["node"] == "best_time"
    assert "Text me" in out.replies[0] and out.replies[-1].startswith("When is a good time?")
    out = run([*TO_THE_TIME_AFTER_CALL, text, "evening", "1", "Sam"])
    assert "Contact: Text me, Evening" in out.replies[-1]


@pytest.mark.parametrize(
    "text",
    ["dont call before 10", "call after 5", "mornings but not before 9", "text first then call",
     "any time but text first", "actually mornings are best"],
)  # fmt: skip
def test_a_time_with_contact_words_is_still_the_time(text: str) -> None:
    out = run([*TO_THE_TIME_AFTER_CALL, text])
    assert out.state["vars"]["contact_method"] == "call"
    assert out.state["node"] == "team"


def test_a_correction_naming_the_same_answer_is_the_time_question_answered_as_usual() -> None:
    out = run(["hi", "1", "1", "amherst", "1", "actually text me in the evening"])
    assert out.state["vars"]["contact_method"] == "text"
    assert out.state["node"] == "team"


def test_a_correction_at_the_family_time_question_takes_back_the_call() -> None:
    out = run(["hi", "2", "1", "2", "skip", "yes", "actually no thanks"])
    assert [e for e in out.effects if e.kind == "create_case"] == []
    assert out.state["flow"] is None
    assert "whenever you need us" in out.replies[-1]


def test_police_are_never_let_in_by_taking_back_the_team_answer() -> None:
    """ "Actually police are ok" at the name question asks the team question again: consent
    to police is only ever the answer to that question."""
    out = run([*TO_THE_NAME, "actually police are ok"])
    assert out.state["node"] == "team" and "peers_only" not in out.state["vars"]
    assert out.replies[-1].startswith("Our team has peer recovery coaches")
    out = run(["hi", "1", "1", "amherst", "text", "morning", "2", "oops i meant peers only"])
    assert out.state["node"] == "name" and out.state["vars"]["peers_only"] is True


@pytest.mark.parametrize(
    ("texts", "later"),
    [([*TO_THE_NAME, "Sam"], "yes"), ([*TO_THE_NAME, "Sam"], "hi"),
     ([*TO_THE_NAME, "Sam", "change"], "6"), ([*TO_THE_NAME, "Sam", "change", "6"], "Jo")],
)  # fmt: skip
def test_a_request_left_at_the_summary_past_the_expiry_is_said_not_sent(
    texts: list[str], later: str
) -> None:
    """A summary never confirmed was dropped without a word after 12 hours, and "yes" got the
    bare menu. The person is told it was not sent and that they can start again; the answers
    are cleared (and not shown again to whoever has the phone now)."""
    out = run(texts)
    out = step(FLOWS, out.state, later, ctx(60 * 13))
    assert [e.kind for e in out.effects if e.kind == "create_case"] == []
    assert "request from earlier was not sent" in out.replies[0]
    assert "Amherst" not in " ".join(out.replies) and "Sam" not in " ".join(out.replies)
    assert (out.state["flow"], out.state["vars"]) == ("menu", {})
    assert "1) Support for myself" in out.replies[-1]


def test_a_conversation_expired_before_the_summary_starts_over_as_before() -> None:
    out = run(TO_THE_NAME)
    out = step(FLOWS, out.state, "yes", ctx(60 * 13))
    assert not any("not sent" in r for r in out.replies)
    assert "1) Support for myself" in out.replies[0]


def test_an_emergency_after_an_expired_summary_gets_the_emergency_texts_first() -> None:
    out = run([*TO_THE_NAME, "Sam"])
    out = step(FLOWS, out.state, "hes not breathing", ctx(60 * 13))
    assert out.replies[0].startswith("If someone may be overdosing, call 911 now")


def test_someone_elses_number_at_the_time_question_changes_nothing() -> None:
    out = run([*TO_THE_TIME_AFTER_CALL, "text him instead"])
    assert out.state["vars"]["contact_method"] == "call" and "best_time" not in out.state["vars"]
    assert out.replies[-1].startswith("Our team can answer your questions when they reach out.")
    assert "When is a good time?" in out.replies[-1]
