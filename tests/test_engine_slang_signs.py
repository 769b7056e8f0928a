"""Overdose signs said in slang, as a young person who uses fentanyl texts them: "blues" and
"pressed bars" (pressed pills, often fentanyl), nodding out, fading. One's own gets the steps
for someone alone; a friend's the bystander's steps, wherever the conversation is, and "can he
just sleep it off" is answered. The same words of a class, a song or a mood get nothing."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import detect
from flows.slang_signs import names_a_drug
from tests.test_engine_interrupts import FLOWS, ctx, state_at
from tests.test_engine_paths import converse

SYSTEM = FLOWS["system"].strings
URGENT_SELF = SYSTEM["urgent_self"]["en"]
FIRST_STEPS = SYSTEM["emergency_1"]["en"]
SLEEP_IT_OFF = SYSTEM["sleep_it_off"]["en"]
STEPS = ["call 911 now", "rescue breaths", "recovery position", "stay with them"]


def events(out) -> list[str]:
    return [e.data["event"] for e in out.effects if e.kind == "log_event"]


OWN_IN_SLANG = [
    "bro i did 2 blues n i feel rly off like cant keep my eyes open",
    "im fading bro too much fent",
    "i took a blue n i cant stay awake",
    "popped a pressed perc and im so sleepy i cant keep my eyes open",
    "i did a blue and im nodding",
    "i did a blue can i sleep it off",
    "i took some fent can i just sleep it off",
    "i used can i sleep it off",
]


@pytest.mark.parametrize("text", OWN_IN_SLANG)
def test_ones_own_overdose_in_slang_gets_the_steps_for_someone_alone(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "urgent" and found.about_self, text
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == URGENT_SELF
    assert "Try to wake them" not in " ".join(out.replies)
    assert events(out) == ["urgent"]


A_FRIEND_IN_SLANG = [
    "my friend is nodding out",
    "my friend is nodding out rn",
    "hes nodding out bad",
    "my friend keeps nodding out rn",
    "my boy did 2 blues and hes nodding",
    "she took a pressed bar and shes so sleepy",
    "my friend popped a blue and cant keep his eyes open",
    "homie took a perc n hes snoring weird",
    "my friend took a perc n hes nodding n wont respond",
    "he took a perc 30 and hes nodding",
    "my bf took an m30 and hes snoring weird",
    "my buddy snorted a pressie and hes dozing",
    "he took a 30 and now he wont stay awake",
    "my friend took a xanny bar and keeps nodding",
    "he used and now hes nodding",
    "she used fent and shes so sleepy",
    "he used again and hes falling asleep",
    "my friend used, now hes out of it",
    "he banged a bag and hes nodding",
    "he used in the bathroom and now hes out of it",
    "he used some and now hes nodding",
]


@pytest.mark.parametrize("text", A_FRIEND_IN_SLANG)
def test_a_friends_overdose_in_slang_gets_the_bystanders_steps(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and not found.about_self, text
    out = step(FLOWS, None, text, ctx())
    said = " ".join(out.replies)
    assert out.replies[0] == FIRST_STEPS
    assert all(words in said for words in STEPS), said
    assert "1) Support for myself" not in said
    assert events(out) == ["emergency"]


def test_a_friend_nodding_out_at_the_town_question_gets_the_steps_not_a_place() -> None:
    asked, told = converse(["narcan", "my friend is nodding out rn"])
    assert "town" in " ".join(asked.replies).lower()
    said = " ".join(told.replies)
    assert told.replies[0] == FIRST_STEPS
    assert all(words in said for words in STEPS), said
    assert "find that place" not in said
    assert events(told) == ["emergency"]


def test_a_friend_nodding_out_mid_question_gets_the_steps_and_the_question_waits() -> None:
    out = step(FLOWS, state_at("family", "relationship"), "my friend is nodding out", ctx())
    assert out.replies[0] == FIRST_STEPS
    assert events(out) == ["emergency"]


@pytest.mark.parametrize(
    "text",
    ["my friend took a pressed bar n is rly sleepy can he just sleep it off",
     "she did a blue and shes nodding, should i let her sleep it off",
     "hes nodding out can i let him sleep it off", "can he sleep it off he did a blue",
     "should i let my friend sleep he popped 2 blues"],
)  # fmt: skip
def test_asking_to_let_them_sleep_it_off_is_answered_beside_the_steps(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.sleep_it_off, text
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FIRST_STEPS
    assert out.replies[1] == SLEEP_IT_OFF
    said = " ".join(out.replies)
    assert all(words in said for words in STEPS), said


def test_the_sleep_it_off_answer_says_stay_keep_them_awake_naloxone_and_911() -> None:
    for language in ("en", "es"):
        text = SYSTEM["sleep_it_off"][language]
        assert "911" in text and "Narcan" in text
    english = SLEEP_IT_OFF
    assert "sleep it off" in english and "Stay with them" in english
    assert "awake" in english and "breathing slows" in english


def test_the_steps_without_a_question_of_sleep_say_nothing_of_it() -> None:
    out = step(FLOWS, None, "my friend is nodding out", ctx())
    assert SLEEP_IT_OFF not in out.replies


# Not decided as an emergency: a hangover asked about with no drug told gets no overdose steps
# (naloxone does not reverse alcohol, and nothing tells of an overdose).
FALSE_ALARMS = [
    "i nodded off in class lol",
    "im fading, going to bed, night",
    "my friend is nodding along",
    "feeling blue today",
    "i drank too much can i sleep it off",
    "blues clues",
    "i did 2 blues songs",
    "my friend is nodding along to the blues",
    "he did 2 blues songs and hes so sleepy lol",
    "my dad is nodding off in front of the tv",
    "my friend was nodding out last week but hes ok now",
    "my son keeps nodding out all the time",
    "im fading away from my friends",
    "can i sleep it off",
    "we were at the bars and my bf is so sleepy",
    "this movie is dope and hes so sleepy",
    "my daughter is drowsy from her percocet after surgery",
    "can he sleep it off, he had like 8 beers",
    "my dad is nodding off watching the game",
    "grandma takes oxy for her hip and shes sleepy all the time",
    "my daughter used the bathroom and now shes falling asleep",
    "grandpa used his cpap and now hes out of it",
    "my friend used my charger and now hes falling asleep",
    "hes so out of it he used his whole paycheck on shoes",
    "he used the last of the coffee and hes still falling asleep",
    "he got fired and now hes sleepy all day",
    "she did a shot of vodka and shes so sleepy",
    "she took a blue pill for her blood pressure and shes so sleepy",
    "she took a blue pill for her allergies and now shes sleepy",
    "she did 2 blues sets at the open mic and shes sleepy now",
    "my kid did fent tests at school and hes sleepy",
    "he took a 30 minute nap and hes still sleepy",
    "he had a 30 pack and hes falling asleep",
    # A head hurt, no drug told: the menu, not the naloxone steps.
    "my husband banged his head and now hes drowsy",
]


@pytest.mark.parametrize("text", FALSE_ALARMS)
def test_the_same_words_of_a_class_a_song_or_a_mood_are_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("emergency", "urgent"), (text, found)
    out = step(FLOWS, None, text, ctx())
    said = " ".join(out.replies)
    assert "call 911 now" not in said and "Never Use Alone" not in said
    assert events(out) == []


def test_a_son_who_used_to_be_active_gets_family_support_not_the_steps() -> None:
    out = step(FLOWS, None, "my son used to be so active and now hes sleepy all day", ctx())
    said = " ".join(out.replies)
    assert "call 911 now" not in said
    assert events(out) == []
    assert out.state["flow"] == "family", out.state


@pytest.mark.parametrize(
    "text",
    ["she shot up an hour ago and shes sleeping really deep",
     "he used earlier and is just sleeping now, should i check on him"],
)  # fmt: skip
def test_sleeping_deep_after_using_gets_the_steps_and_the_sleep_it_off_answer(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and not found.about_self, text
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FIRST_STEPS
    assert out.replies[1] == SLEEP_IT_OFF
    said = " ".join(out.replies)
    assert all(words in said for words in STEPS), said
    assert events(out) == ["emergency"]


@pytest.mark.parametrize(
    ("text", "drug"),
    [("he did some fentanyl", True), ("she used fent", True), ("he used", True),
     ("they shot up an hour ago", True), ("he took a 30", True), ("she snorted a pressie", True),
     ("he used fentanyl test strips", False), ("we got fent test strips", False),
     ("he used to run", False), ("she used the car", False), ("he got fired", False),
     ("he banged his knee", False), ("took a 30 minute nap", False)],
)  # fmt: skip
def test_a_drug_is_named_by_use_or_name_not_by_a_test_for_it(text: str, drug: bool) -> None:
    assert names_a_drug(text) is drug, text
