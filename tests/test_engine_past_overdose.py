"""An overdose told as over, on a day before today ("my friend overdosed yesterday"): no
emergency steps, but the short post-overdose text and the program's follow-up, the request
told of it; a sign still there now keeps it an emergency. A friend or parent may give the
person this number, and is told so; a loved one's number is still never kept."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from flows.interrupts import DEFAULT_STRINGS
from flows.sms import encoding, segments
from flows.types import Outcome
from tests.test_engine_paths import FLOWS, converse

POST = {
    "en": "The days after an overdose carry a high risk of another",
    "es": "En los dias despues de una sobredosis hay mas riesgo de otra",
}
STEPS = "Try to wake them"
AFTERCARE_NOW = "Keep them on their side"
FINDER = "What town or ZIP code are you near?"
YES_GIVE = {"en": "Yes, please do:", "es": "Si, por favor:"}
CAN_TEXT = "They can text this number themselves any time, no name needed."


def _said(out: Outcome) -> str:
    return " ".join(out.replies)


def _cases(outs: Sequence[Outcome]) -> list[dict]:
    return [dict(e.data) for o in outs for e in o.effects if e.kind == "create_case"]


def _emergencies(out: Outcome) -> list:
    return [e for e in out.effects if e.data.get("event") == "emergency"]


@pytest.mark.parametrize(
    ("text", "language", "flow"),
    [("can you send someone to check on my friend? he overdosed yesterday", "en", "family"),
     ("my friend overdosed yesterday, they narcanned him. can your team reach out to him?",
      "en", "family"),
     ("my buddy ODd yesterday but they brought him back with narcan", "en", "family"),
     ("my son overdosed 2 days ago", "en", "family"),
     ("my daughter od'd last week", "en", "family"),
     ("i overdosed last night", "en", "self_referral"),
     ("mi hijo tuvo una sobredosis anoche", "es", "family"),
     ("mi hermano tuvo una sobredosis la semana pasada", "es", "family"),
     ("tuve una sobredosis ayer", "es", "self_referral")],
)  # fmt: skip
def test_a_past_overdose_gets_the_post_overdose_text_and_the_follow_up(
    text: str, language: str, flow: str
) -> None:
    out = converse([text])[-1]
    said = _said(out)
    assert POST[language] in said
    assert "1-800-484-3731" in said
    assert STEPS not in said and AFTERCARE_NOW not in said and FINDER not in said
    assert not _emergencies(out)
    assert out.state["flow"] == flow
    assert out.state["language"] == language
    assert out.state["vars"]["_told"] == ["recent_overdose"]


@pytest.mark.parametrize(
    "text",
    ["he overdosed and hes still not breathing", "he overdosed yesterday, send help",
     "my son overdosed last night and hes still not waking up",
     "mi hijo tuvo una sobredosis anoche y todavia no respira"],
)  # fmt: skip
def test_a_sign_now_still_gets_the_steps(text: str) -> None:
    out = converse([text])[-1]
    assert POST["en"] not in _said(out) and POST["es"] not in _said(out)
    assert _emergencies(out)


@pytest.mark.parametrize(
    "text",
    ["he overdosed last night hes asleep and snoring loud",
     "he overdosed last night and is throwing up",
     "he overdosed last night hes sleeping now and wont wake up",
     "she ODd yesterday, shes breathing weird",
     "my son overdosed yesterday and hes passed out now",
     "he overdosed last night and hes gurgling",
     "she od'd last night and her lips are blue",
     "he overdosed yesterday and hes not responding",
     "mi hijo tuvo una sobredosis anoche y esta roncando",
     "mi hijo tuvo una sobredosis anoche y esta vomitando",
     "mi hijo tuvo una sobredosis anoche y no despierta",
     "mi hermano tuvo una sobredosis ayer y respira raro",
     "mi hijo tuvo una sobredosis anoche y esta dormido ahora"],
)  # fmt: skip
def test_a_sign_present_now_wins_over_the_past_time(text: str) -> None:
    out = converse([text])[-1]
    said = _said(out)
    assert POST["en"] not in said and POST["es"] not in said
    assert _emergencies(out)
    assert "911" in said


@pytest.mark.parametrize(
    "text",
    ["he overdosed last night, he's ok now", "he overdosed last night, hes fine",
     "he overdosed last night hes home", "my son overdosed yesterday, hes okay now",
     "she overdosed last week and snored for years, shes fine"],
)  # fmt: skip
def test_settled_now_after_a_past_overdose_is_still_past(text: str) -> None:
    out = converse([text])[-1]
    assert POST["en"] in _said(out)
    assert not _emergencies(out)


@pytest.mark.parametrize(
    ("text", "language"),
    [("my friend od'd last night, can i give him this number?", "en"),
     ("mi amigo tuvo una sobredosis anoche, puedo darle este numero?", "es")],
)  # fmt: skip
def test_asked_whether_to_give_our_number_after_an_overdose_says_yes(
    text: str, language: str
) -> None:
    out = converse([text])[-1]
    said = _said(out)
    assert POST[language] in said and YES_GIVE[language] in said
    assert out.state["flow"] == "family"


def test_asked_whether_to_give_our_number_mid_question_says_yes_and_the_question_waits() -> None:
    out = converse(["hi", "2", "1", "can i give her this number?"])[-1]
    assert YES_GIVE["en"] in _said(out)
    assert (out.state["flow"], out.state["node"]) == ("family", "needs")


def test_a_loved_ones_number_with_consent_is_not_kept_but_their_consent_is() -> None:
    said = "he agreed to talk to you, his number is 413-555-0197 please call him today"
    outs = converse(["my son", "3", said, "amherst", "1", "morning"])
    answer = _said(outs[2])
    assert "We don't keep your loved one's number" in answer and CAN_TEXT in answer
    (case,) = _cases(outs)
    assert case["told"] == ["agreed_to_contact"]
    assert "0197" not in str(case)


def test_a_past_overdose_then_a_request_tells_the_team_in_a_fixed_phrase() -> None:
    outs = converse(["my friend od'd last night", "5", "3", "amherst", "1", "morning"])
    (case,) = _cases(outs)
    assert case["kind"] == "family"
    assert case["told"] == ["recent_overdose"]
    assert {"text": "my friend od'd last night"} in case["said"]


@pytest.mark.parametrize("name", ["post_overdose", "give_our_number", "loved_one_can_text"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_texts_are_editable_plain_gsm(name: str, language: str) -> None:
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2, shipped
    assert not set("áíóú") & set(shipped)


# ----- one's own use of too much, told as over ---------------------------------------------

ALONE = {lang: FLOWS["system"].strings["emergency_self"][lang] for lang in ("en", "es")}
BYSTANDER = {lang: FLOWS["system"].strings["emergency_1"][lang] for lang in ("en", "es")}


@pytest.mark.parametrize(
    ("text", "language"),
    [("i took too much last night and i need someone to talk to", "en"),
     ("i took too much last night", "en"),
     ("i took too much last night and im ok now", "en"),
     ("i took too much yesterday and im ok now", "en"),
     ("i took too much earlier today and im ok now", "en"),
     ("i overdosed earlier today and im ok now", "en"),
     ("i od'd last week", "en"),
     ("took too much last night need someone to talk to", "en"),
     ("anoche me pase de la raya", "es"),
     ("ayer tome demasiado", "es")],
)  # fmt: skip
def test_own_too_much_told_as_over_gets_the_post_overdose_text_and_the_self_referral(
    text: str, language: str
) -> None:
    out = converse([text])[-1]
    said = _said(out)
    assert POST[language] in said
    assert STEPS not in said and ALONE[language] not in said
    assert not _emergencies(out)
    assert (out.state["flow"], out.state["language"]) == ("self_referral", language)
    assert out.state["vars"]["_told"] == ["recent_overdose"]


def test_someone_to_talk_to_after_too_much_last_night_is_their_request() -> None:
    """Told beside the past overdose, the wish for someone to talk to answers the self-referral's
    first question (a recovery coach), as it does beside "i overdosed last night"."""
    after = ["northampton", "text", "anytime", "1", "skip", "yes"]
    (case,) = _cases(converse(["i took too much last night and i need someone to talk to", *after]))
    assert case["kind"] == "self_referral" and case["needs"] == ["coach"]
    assert case["told"] == ["recent_overdose"]


@pytest.mark.parametrize(
    "text",
    ["i took too much last night and i still cant breathe right",
     "i took too much and cant stay awake",
     "i took too much last night and now i cant stop shaking",
     "i took too much, relapsed last week",
     "i took too much earlier today",
     "i took too much and i need someone to talk to",
     "i think i overdosed i need someone to talk to",
     "took too much need someone to talk to"],
)  # fmt: skip
def test_own_overdose_now_gets_the_steps_for_someone_alone(text: str) -> None:
    out = converse([text])[-1]
    assert out.replies[0] == ALONE["en"]
    assert POST["en"] not in _said(out) and STEPS not in _said(out)
    assert _emergencies(out)


@pytest.mark.parametrize(
    ("text", "flow"),
    [("my friend took too much last night", "family"),
     ("he took too much yesterday and hes ok now", "family"),
     ("mi hijo tomo demasiado anoche", "family")],
)  # fmt: skip
def test_someone_elses_too_much_told_as_over_gets_family_support(text: str, flow: str) -> None:
    out = converse([text])[-1]
    assert POST["en"] in _said(out) or POST["es"] in _said(out)
    assert not _emergencies(out)
    assert out.state["flow"] == flow


@pytest.mark.parametrize(
    "text",
    ["my friend took too much last night and hes still not waking up",
     "he took too much earlier today and hes ok now",
     "took too much last night, help hes not breathing"],
)  # fmt: skip
def test_someone_elses_too_much_with_a_sign_or_earlier_today_gets_the_bystanders_steps(
    text: str,
) -> None:
    out = converse([text])[-1]
    assert out.replies[0] == BYSTANDER["en"]
    assert POST["en"] not in _said(out)


@pytest.mark.parametrize(
    "text",
    ["i took too much time", "ate too much last night", "i took too much time last night",
     "i drank too much last night lol", "anoche me pase de la raya con mi novia"],
)  # fmt: skip
def test_too_much_of_no_drug_is_no_overdose(text: str) -> None:
    out = converse([text])[-1]
    said = _said(out)
    assert POST["en"] not in said and POST["es"] not in said
    assert "911 now" not in said and "911 ahora" not in said
    assert not _emergencies(out)
