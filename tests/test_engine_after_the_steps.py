"""What a bystander asks once naloxone worked ("he dont want the ambulance", "can he sleep it
off", "he wants to use again"), and what they tell while the overdose goes on ("i gave narcan
but he still not breathing", "he wont wake up" with no naloxone): each gets its own short
answer, never "reply with a number" nor the whole first steps again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows.after_the_steps_asked import aftercare_asked
from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, REQUIRED_WORDS, SYSTEM_ONLY_STRINGS
from flows.sms import encoding, segments
from flows.text import normalise
from flows.types import Context, Outcome
from flows.validate_facts import SAFETY_FACTS
from tests.test_engine_interrupts import DIRECTORY, FLOWS, NOW

SYSTEM = FLOWS["system"].strings
FIRST_STEPS = SYSTEM["emergency_1"]["en"]
AFTERCARE = SYSTEM["after_steps"]["en"]
NUMBER_ASKED = ("reply with a number", "Please reply with a number")
NEW_TEXTS = ("after_steps_no_ambulance", "after_steps_sleep", "after_steps_withdrawal",
             "after_steps_second_dose")  # fmt: skip


def converse(texts: list[str], minutes: int = 2) -> list[Outcome]:
    """Send the texts one after another, ``minutes`` apart."""
    state, outcomes = None, []
    for i, text in enumerate(texts):
        now = NOW + timedelta(minutes=i * minutes)
        out = step(FLOWS, state, text, Context(now=now, places=DIRECTORY))
        state = out.state
        outcomes.append(out)
    return outcomes


def said(out: Outcome) -> str:
    return "\n".join(out.replies)


def sent_segments(out: Outcome) -> int:
    return sum(segments(reply) for reply in out.replies)


def events(out: Outcome) -> list[str]:
    return [e.data["event"] for e in out.effects if e.kind == "log_event"]


REVIVED = ["my friend is nodding out n going blue", "ok i gave him the narcan he woke up"]


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [("what now hes sayin he dont want the ambulance", "after_steps_no_ambulance",
      ("say no to the ambulance", "30-90 min", "911")),
     ("can he just sleep it off", "after_steps_sleep", ("sleep it off", "Stay with them", "911")),
     ("he wants to use again to not be sick", "after_steps_withdrawal",
      ("withdrawal", "use less", "not alone", "1-800-484-3731", "911"))],
)  # fmt: skip
def test_a_question_once_naloxone_worked_gets_its_own_short_answer(text, name, words) -> None:
    *_, out = converse([*REVIVED, text])
    reply = said(out)
    assert reply.startswith(SYSTEM[name]["en"])
    for word in words:
        assert word in reply
    assert not any(asked in reply for asked in NUMBER_ASKED)
    assert FIRST_STEPS not in reply and "1) Support for myself" not in reply
    assert sent_segments(out) <= 3


def test_each_question_in_turn_is_answered_and_the_menu_still_waits() -> None:
    texts = [*REVIVED, "what now hes sayin he dont want the ambulance", "can he just sleep it off",
             "he wants to use again to not be sick", "2"]  # fmt: skip
    outs = converse(texts)
    assert [said(o).split("\n")[0] for o in outs[2:5]] == [SYSTEM[n]["en"] for n in NEW_TEXTS[:3]]
    assert outs[-1].state["flow"] == "family"


def test_the_questions_are_no_follow_up_long_after_the_steps() -> None:
    *_, late = converse([*REVIVED, "can he just sleep it off"], minutes=3 * 60)
    assert SYSTEM["after_steps_sleep"]["en"] not in said(late)


@pytest.mark.parametrize(
    ("text", "name"),
    [("he doesnt want to go to the hospital", "after_steps_no_ambulance"),
     ("she refuses the ambulance", "after_steps_no_ambulance"),
     ("does he have to go to the hospital", "after_steps_no_ambulance"),
     ("no quiere ir al hospital", "after_steps_no_ambulance"),
     ("can i let him sleep", "after_steps_sleep"),
     ("she just wants to sleep", "after_steps_sleep"),
     ("lo puedo dejar dormir", "after_steps_sleep"),
     ("hes dopesick and mad", "after_steps_withdrawal"),
     ("he wants to use again", "after_steps_withdrawal"),
     ("quiere usar otra vez", "after_steps_withdrawal"),
     ("quiere volver a usar", "after_steps_withdrawal"),
     ("quiere meterse otra vez", "after_steps_withdrawal"),
     ("dice que va a usar de nuevo", "after_steps_withdrawal"),
     ("ella quiere volver a consumir", "after_steps_withdrawal"),
     ("ok 911 is coming", None), ("what now", None), ("i dont want to call 911", None),
     ("the ambulance isnt here yet", None), ("he used again last week", None)],
)  # fmt: skip
def test_what_is_asked_once_naloxone_worked(text: str, name: str | None) -> None:
    assert aftercare_asked(normalise(text)) == name


def test_naloxone_told_with_withdrawal_as_a_first_text_gets_aftercare_not_the_steps() -> None:
    """A man who is awake once got "Try to wake them... Give naloxone"."""
    text = "i gave my homie narcan n hes up now but hes dopesick n mad, what do i do"
    out = converse([text])[0]
    reply = said(out)
    assert FIRST_STEPS not in reply and "Try to wake them" not in reply
    assert reply.startswith(AFTERCARE)
    assert SYSTEM["after_steps_withdrawal"]["en"] in reply
    assert "emergency" not in events(out)
    assert out.state["flow"] == "family"  # his withdrawal, not a wish for treatment of one's own


@pytest.mark.parametrize("first", [True, False])
def test_naloxone_that_worked_told_in_spanglish_gets_the_aftercare(first: bool) -> None:
    text = "ya le di el narcan y desperto, what now"
    texts = [text] if first else ["mi amigo no respira", text]
    out = converse(texts)[-1]
    assert said(out).startswith(SYSTEM["after_steps"]["es"])
    assert SYSTEM["emergency_1"]["es"] not in said(out)


REVIVED_ES = ["mi amigo no respira", "le di el narcan y ya desperto"]


@pytest.mark.parametrize(
    ("revived", "language"), [(REVIVED, "en"), (REVIVED_ES, "es")]
)  # fmt: skip
def test_wanting_to_use_again_gets_the_withdrawal_answer_in_either_language(
    revived, language
) -> None:
    """ "quiere volver a usar" once dropped the conversation for the welcome menu."""
    then = {"en": "he wants to use again", "es": "quiere volver a usar"}[language]
    out = converse([*revived, then])[-1]
    assert said(out).startswith(SYSTEM["after_steps_withdrawal"][language])
    assert "1-800-484-3731" in said(out)


# Naloxone worked and the ambulance or hospital is refused: once the naloxone finder (a
# "want" read as a search) or the whole first steps (a "no" read as not over).
NO_AMBULANCE_TOLD = [
    ("desperto con el narcan pero no quiere la ambulancia", "es"),
    ("he woke up after narcan but he doesnt want the ambulance", "en"),
    ("le di el narcan y ya desperto pero no quiere ir al hospital", "es"),
    ("i gave him narcan and he woke up but he wont go to the hospital", "en"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), NO_AMBULANCE_TOLD)
@pytest.mark.parametrize("first", [True, False])
def test_naloxone_worked_and_the_ambulance_refused_gets_aftercare_and_the_answer(
    text: str, language: str, first: bool
) -> None:
    before = {"en": "my friend is not breathing", "es": "mi amigo no respira"}[language]
    out = converse([text] if first else [before, text])[-1]
    reply = said(out)
    assert reply.startswith(SYSTEM["after_steps"][language]), out.replies
    assert SYSTEM["after_steps_no_ambulance"][language] in reply
    assert "30-90 min" in reply and "911" in reply
    assert SYSTEM["emergency_1"][language] not in reply
    assert "ZIP" not in reply and "codigo postal" not in reply  # no naloxone search
    assert "emergency" not in events(out)


def test_still_not_breathing_after_naloxone_gets_the_next_step_not_the_whole_block() -> None:
    outs = converse(["my friend is overdosing", "ok i called 911 they coming",
                     "i gave narcan but he still not breathing"])  # fmt: skip
    first, out = outs[0], outs[-1]
    reply = said(out)
    assert reply.startswith(SYSTEM["after_steps_second_dose"]["en"])
    assert "2nd dose" in reply and "rescue breaths" in reply and "911" in reply
    assert FIRST_STEPS not in reply
    assert sent_segments(out) < sent_segments(first)
    assert events(out) == ["emergency"]  # still counted, and still no menu
    assert out.state["flow"] is None


def test_not_waking_with_no_naloxone_gets_the_steps_without_naloxone() -> None:
    outs = converse(["my friend is going blue", "i dont have narcan", "he wont wake up"])
    out = outs[-1]
    reply = said(out)
    assert reply.startswith(SYSTEM["after_steps_no_naloxone"]["en"])
    assert "Give naloxone" not in reply and "2nd dose" not in reply
    assert "911" in reply and "rescue breaths" in reply and "on their side" in reply
    assert sent_segments(out) < sent_segments(outs[0])


def test_not_waking_once_naloxone_was_given_gets_the_second_dose_again() -> None:
    outs = converse(["my friend is overdosing", "i gave narcan but he still not breathing",
                     "he wont wake up"])  # fmt: skip
    assert said(outs[-1]).startswith(SYSTEM["after_steps_second_dose"]["en"])


def test_coming_round_then_out_again_gets_the_whole_steps_again() -> None:
    outs = converse(["my friend is overdosing", "i gave narcan but he still not breathing",
                     "he woke up but now hes not breathing again"])  # fmt: skip
    assert said(outs[-1]).startswith(FIRST_STEPS)


def test_not_waking_with_nothing_told_gets_the_whole_steps_again() -> None:
    outs = converse(["my friend is overdosing", "he wont wake up"])
    assert said(outs[-1]).startswith(FIRST_STEPS)


@pytest.mark.parametrize("name", NEW_TEXTS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_new_texts_are_protected_plain_gsm_short_and_say_911(name, language) -> None:
    shipped = SYSTEM[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert name in SYSTEM_ONLY_STRINGS and REQUIRED_WORDS[name] == "911"
    assert SAFETY_FACTS[name]
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2
    assert not any(c in shipped for c in "áíóú\u2019\u201c\u201d\u2014")
