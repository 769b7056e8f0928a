"""Overdose signs said in slang, as a young person who uses fentanyl texts them: "blues" and
"pressed bars" (pressed pills, often fentanyl), nodding out, fading. One's own gets the steps
for someone alone; a friend's the bystander's steps, wherever the conversation is, and "can he
just sleep it off" is answered. The same words of a class, a song or a mood get nothing."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import detect
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
]


@pytest.mark.parametrize("text", FALSE_ALARMS)
def test_the_same_words_of_a_class_a_song_or_a_mood_are_no_emergency(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("emergency", "urgent"), (text, found)
    out = step(FLOWS, None, text, ctx())
    said = " ".join(out.replies)
    assert "call 911 now" not in said and "Never Use Alone" not in said
    assert events(out) == []
