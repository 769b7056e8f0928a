"""A call for help at once that names no overdose ("send help", "emergency", "socorro") gets
the first overdose steps, and loses no answer: the menu still hears "I need help now"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, detect, may_withdraw
from flows.no_place import no_place_reason
from flows.types import Context
from tests.test_engine_interrupts import DIRECTORY, EVERY_STATE, FLOWS, NOW, ctx, state_at

FIRST_STEPS = {lang: FLOWS["system"].strings["emergency_1"][lang] for lang in ("en", "es")}

URGENT = [
    ("send help", "en"), ("SEND HELP!!", "en"), ("help now", "en"), ("help rn", "en"),
    ("emergency", "en"), ("EMERGENCY!!!", "en"), ("its an emergency", "en"),
    ("this is an emergency please", "en"), ("help him now", "en"), ("need help asap", "en"),
    ("I need help right now", "en"), ("get someone here quick", "en"), ("someone help", "en"),
    ("somebody please help", "en"), ("please help him", "en"), ("hurry", "en"),
    ("come quick", "en"), ("please come quick", "en"), ("come quick my friend", "en"),
    ("its urgent", "en"), ("what do i do", "en"), ("What do I do now??", "en"),
    ("what should we do", "en"), ("help help", "en"),
    ("socorro", "es"), ("auxilio!!", "es"), ("manden ayuda", "es"), ("es urgente", "es"),
    ("necesito ayuda ya", "es"), ("ayuda rapido", "es"), ("alguien que me ayude", "es"),
    ("que hago", "es"), ("emergencia", "es"), ("ayudenme ya", "es"), ("apurate", "es"),
    ("SOS", None), ("mayday", None), ("\U0001f198", None), ("\U0001f198\U0001f198 pls", None),
    ("i dont feel right i think it was fent", "en"),
    ("feeling weird after those pills", "en"), ("i used and i dont feel ok", "en"),
]  # fmt: skip
NOT_URGENT = [
    "not an emergency, just want info", "it's not urgent", "no hurry", "no rush at all",
    "I was in the emergency room last week", "my emergency contact is my mom",
    "in case of emergency", "is there an emergency shelter in northampton",
    "urgent care in hadley", "how can i help him", "i need help", "help me", "ayudenme",
    "I want help",
    "what do i do if someone overdoses", "what do i do about my son",
    "I want to get into detox soon", "ayuda", "necesito ayuda", "no es urgente",
    "no es una emergencia", "estuve en la sala de emergencias", "en caso de emergencia",
    "que hago para conseguir tratamiento", "i dont feel right about my son",
    "feeling weird about calling", "i took a new job", "please help us with our son",
    "pls help me find a group", "please help her get into detox", "did they come quick",
]  # fmt: skip


def events(out) -> list[str]:
    return [e.data["event"] for e in out.effects if e.kind == "log_event"]


@pytest.mark.parametrize(("text", "language"), URGENT)
def test_calls_for_help_at_once_are_heard(text: str, language: str | None) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("urgent", language)


@pytest.mark.parametrize("text", NOT_URGENT)
def test_the_same_words_calling_for_nothing_at_once_are_not(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "urgent"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("help!! he's not breathing", "emergency"),
        ("send help she OD'd", "emergency"),
        ("emergency i want to kill myself", "crisis"),
        ("HELP", "help"),
        ("STOP", "opt_out"),
    ],
)
def test_an_overdose_a_crisis_or_a_keyword_comes_first(text: str, kind: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == kind


def test_the_steps_the_words_send_keep_911() -> None:
    assert "911" in DEFAULT_STRINGS["emergency_1"]["en"]
    for language in ("en", "es"):
        assert "911" in FIRST_STEPS[language]


def test_a_first_text_gets_the_first_steps_then_the_menu() -> None:
    out = step(FLOWS, None, "send help", ctx())
    assert out.replies[0] == FIRST_STEPS["en"]
    assert "Support for myself" in out.replies[1]
    assert events(out) == ["urgent"]


def test_a_first_text_in_spanish_is_answered_in_spanish() -> None:
    out = step(FLOWS, None, "socorro", ctx())
    assert out.replies[0] == FIRST_STEPS["es"]
    assert out.state["language"] == "es"
    assert "Apoyo para mi" in out.replies[1]


def test_an_answer_said_in_a_hurry_still_answers_the_menu() -> None:
    out = step(FLOWS, state_at("menu", "welcome"), "I need help now", ctx())
    assert out.replies[0] == FIRST_STEPS["en"]
    assert out.state["flow"] == "self_referral"
    assert events(out) == ["urgent"]


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
def test_from_any_state_the_steps_come_first_and_the_question_waits(
    flow_id: str, node: str
) -> None:
    out = step(FLOWS, state_at(flow_id, node), "send help", ctx())
    assert out.replies[0].startswith(FIRST_STEPS["en"])
    assert events(out) == ["urgent"]
    if (out.state["flow"], out.state["node"]) == (flow_id, node):
        # Not taken as an answer: a name of "send help" would be no one's name.
        assert "reply to our last question" in out.replies[-1]
        assert out.state["vars"] == {}


def test_spanish_words_in_an_english_conversation_get_spanish_steps_only() -> None:
    out = step(FLOWS, state_at("family", "needs"), "auxilio", ctx())
    assert out.replies[0].startswith(FIRST_STEPS["es"])
    assert out.state["language"] == "en"


def test_an_opted_out_number_gets_no_word_but_the_call_is_counted() -> None:
    out = step(FLOWS, None, "send help", ctx(opted_out=True))
    assert out.replies == ()
    assert events(out) == ["urgent"]


def converse(texts: list[str]):
    state, out = None, None
    for text in texts:
        out = step(FLOWS, state, text, ctx())
        state = out.state
    return out


@pytest.mark.parametrize(
    ("texts", "town"),
    [(["narcan", "help now im in northampton"], "Northampton"),
     (["narcan", "SOS 01060"], "Northampton"), (["SOS narcan amherst"], "Amherst"),
     (["send help, narcan in noho"], "Northampton")],
)  # fmt: skip
def test_a_place_said_with_the_call_for_help_is_still_searched(texts, town) -> None:
    """The steps first, then the sites: the place is never thrown away."""
    out = converse(texts)
    assert out.replies[0] == FIRST_STEPS["en"]
    assert f"Free naloxone near {town}" in out.replies[1]
    assert events(out)[0] == "urgent"


def test_a_town_said_with_the_call_for_help_answers_the_town_question() -> None:
    out = converse(["hi", "1", "1", "emergency im in amherst"])
    assert out.replies[0] == FIRST_STEPS["en"]
    assert out.state["vars"]["town"] == "Amherst" and out.state["node"] == "contact"


@pytest.mark.parametrize(
    ("text", "language"),
    [("i dont feel right i think it was fent", "en"), ("feeling weird after those pills", "en"),
     ("me siento mal, use fentanilo", "es"), ("me siento mal después de usar", "es")],
)  # fmt: skip
def test_someone_who_feels_wrong_after_using_gets_steps_for_someone_alone(text, language):
    """They may be overdosing themselves: steps to wake someone else would not help."""
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FLOWS["system"].strings["urgent_self"][language]
    assert "911" in out.replies[0] and "Never Use Alone" in out.replies[0]
    assert events(out) == ["urgent"]


def test_feeling_bad_about_using_is_not_feeling_wrong_after_it() -> None:
    """ "Me siento mal" is also guilt: it counts only beside a use, not beside using in general."""
    out = step(FLOWS, None, "me siento mal de usar drogas todo el tiempo", ctx())
    assert events(out) != ["urgent"]


# ----- a person overdosing alone, and danger after using -------------------------------------

EMERGENCY_SELF = {lang: FLOWS["system"].strings["emergency_self"][lang] for lang in ("en", "es")}
GOOD_SAMARITAN = {lang: FLOWS["system"].strings["emergency_2"][lang] for lang in ("en", "es")}
OVERDOSING_ALONE = [
    ("i think im overdosing", "en"), ("im alone and i used too much help", "en"),
    ("i took too much", "en"), ("i used too much and im alone", "en"), ("i just OD'd", "en"),
    ("I think I took way too much fent", "en"), ("cant breathe right after i smoked", "en"),
    ("creo que tengo una sobredosis", "es"), ("tome demasiado y estoy sola", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), OVERDOSING_ALONE)
def test_someone_overdosing_themselves_gets_steps_for_someone_alone(text, language) -> None:
    """ "Lay them on their side" helps no one alone: call 911, unlock the door, tell someone
    near, then the Good Samaritan law (it protects the person overdosing too). Still counted."""
    found = detect(text)
    assert found is not None and found.kind == "emergency" and found.about_self, text
    for before in (None, state_at("self_referral", "town", language)):
        out = step(FLOWS, before, text, ctx())
        assert out.replies[0] == EMERGENCY_SELF[language]
        assert out.replies[1].startswith(GOOD_SAMARITAN[language])
        assert not any("breastbone" in r or "esternon" in r or "de lado" in r for r in out.replies)
        assert not any("on their side" in r for r in out.replies)
        assert events(out) == ["emergency"]


@pytest.mark.parametrize(
    "text",
    ["my friend took too much", "he used too much and hes alone", "we found my son, he took too"
     " much", "she cant breathe", "mi hijo tomo demasiado"],
)  # fmt: skip
def test_an_overdose_told_of_someone_else_still_gets_the_bystander_steps(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency" and not found.about_self, text
    out = step(FLOWS, None, text, ctx())
    assert len(out.replies) >= 3 and "911" in out.replies[0]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_text_for_someone_alone_is_protected_plain_gsm_and_says_911(language) -> None:
    from flows.interrupts import REQUIRED_WORDS, SYSTEM_ONLY_STRINGS
    from flows.sms import encoding, segments

    shipped = EMERGENCY_SELF[language]
    assert DEFAULT_STRINGS["emergency_self"][language] == shipped
    assert "emergency_self" in SYSTEM_ONLY_STRINGS and REQUIRED_WORDS["emergency_self"] == "911"
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2
    for said in ("911", "1-800-484-3731"):
        assert said in shipped


DANGER_AFTER_USING = [
    ("i feel really weird after i used my heart is racing", "en"),
    ("chest hurts bad after smoking", "en"), ("my chest hurts after i used", "en"),
    ("heart racing after i smoked", "en"), ("hard to breathe after using", "en"),
    ("me duele el pecho despues de fumar", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), DANGER_AFTER_USING)
def test_danger_felt_after_using_gets_the_steps_for_someone_alone(text, language) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("urgent", language), text
    assert found.about_self
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FLOWS["system"].strings["urgent_self"][language]
    assert events(out) == ["urgent"]


FEELING_SICK_AFTER_USING = [
    "im feeling bad after using", "i feel really bad after that hit", "i feel dizzy after i used",
    "i keep nodding off", "i cant stay awake after that shot", "im so sleepy i did a shot",
    "i did a shot and my chest feels tight", "my chest is tight after i used",
    "i feel off after i used", "i used and i keep nodding off",
]  # fmt: skip
# Guilt or shame is no symptom; tiredness alone is no use.
NOT_FEELING_SICK_AFTER_USING = [
    "i feel bad about using", "i feel really bad about using again",
    "i feel bad about myself after using", "i feel so guilty after using",
    "i cant stay awake", "im so tired i keep nodding off", "i feel bad for my son, he uses",
    "i feel dizzy", "i did a shot of tequila lol", "i feel dizzy after my flu shot",
    "i feel sick after the covid shot",
]  # fmt: skip


@pytest.mark.parametrize("text", FEELING_SICK_AFTER_USING)
def test_feeling_sick_after_using_gets_the_steps_for_someone_alone(text: str) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("urgent", "en"), text
    assert found.about_self
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FLOWS["system"].strings["urgent_self"]["en"]


@pytest.mark.parametrize("text", NOT_FEELING_SICK_AFTER_USING)
def test_guilt_or_tiredness_without_a_use_is_no_call_for_help(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("urgent", "emergency"), text


@pytest.mark.parametrize(
    "text",
    ["my heart is racing", "my chest hurts", "my heart is racing i cant stop thinking about "
     "using", "i used to smoke and quit", "my heart hurts since he started using"],
)  # fmt: skip
def test_a_racing_heart_not_after_using_is_no_call_for_help(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("urgent", "emergency"), text


# ----- asking what to do in an overdose -------------------------------------------------------

ASKS_WHAT_TO_DO = [
    ("what do i do if someone ods", "en"), ("What do I do if someone OD's?", "en"),
    ("what should i do if someone is overdosing", "en"),
    ("what do you do when someone overdoses", "en"),
    ("what do i do if my friend overdoses", "en"),
    ("que hago si alguien tiene una sobredosis", "es"),
    ("what should i do if he ods", "en"), ("what do we do if she overdoses", "en"),
    ("if he ods what do i do", "en"), ("what do i do if my son ods", "en"),
    ("que hago si le da una sobredosis", "es"), ("If she ODs, what should I do?", "en"),
    ("que hago si mi hijo tiene una sobredosis", "es"),
    ("what do i do if someone falls out", "en"), ("what do u do if someone stops breathing", "en"),
    ("how do u know if someone is overdosing", "en"),
    ("how can you tell if someone is ODing?", "en"), ("what are the signs of an overdose", "en"),
    # Asked to learn, for a job or a class.
    ("i want to learn what to do if someone overdoses, for my job", "en"),
    ("I'd like to know what to do if someone ODs, for work", "en"),
    ("quiero aprender que hacer si alguien tiene una sobredosis, para mi trabajo", "es"),
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["what should i do if he ods hes not breathing", "if he ods now what do i do",
     "what do i do if my son ods, hes turning blue", "que hago si le da una sobredosis ahora",
     "how do i know if hes overdosing hes not breathing"],
)  # fmt: skip
def test_asking_what_to_do_with_a_sign_or_now_is_an_emergency(text: str) -> None:
    assert detect(text).kind == "emergency", text


@pytest.mark.parametrize(("text", "language"), ASKS_WHAT_TO_DO)
def test_asking_what_to_do_in_an_overdose_gets_the_steps_then_the_menu(text, language) -> None:
    """A question, answered with the emergency texts' steps as information, not counted as an
    emergency."""
    steps = [FLOWS["system"].strings[f"emergency_{i}"][language] for i in (1, 3)]
    out = step(FLOWS, None, text, ctx())
    assert list(out.replies[:2]) == steps
    assert "1) " in out.replies[2]
    assert (out.state["flow"], out.state["language"]) == ("menu", language)
    assert events(out) == []


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
def test_asking_what_to_do_in_an_overdose_mid_conversation_the_question_waits(
    flow_id: str, node: str
) -> None:
    out = step(FLOWS, state_at(flow_id, node), "what do i do if someone ods", ctx())
    assert out.replies[0] == FIRST_STEPS["en"]
    assert out.replies[1].endswith("reply to our last question to carry on, or text MENU.")
    assert (out.state["flow"], out.state["node"], out.state["vars"]) == (flow_id, node, {})
    assert events(out) == []


# ----- a wish to be left alone is no call for help ------------------------------------------

WITHDRAW_ASK = FLOWS["system"].strings["withdraw_ask"]["en"]
NO_ONE_SENT = [
    "dont send anyone", "please dont send anyone to my house", "dont send someone to my job",
    "Do not send anybody", "please don't send anyone to my work",
]  # fmt: skip
NOT_WANTING_CONTACT = [
    *NO_ONE_SENT, "i dont want anyone contacting me", "cancel it", "yes cancel it",
    "please cancel it", "I don't want anyone to contact me",
]  # fmt: skip


def after_a_request(open_request: bool) -> tuple[dict, Context]:
    """The state just after a self-referral was sent, and whether it is still open."""
    now = Context(now=NOW, places=DIRECTORY, open_request=open_request)
    state = step(FLOWS, None, "hi", now).state | {"flow": None, "node": None}
    return state, now


@pytest.mark.parametrize("text", NO_ONE_SENT)
def test_asking_that_no_one_be_sent_is_no_call_for_help(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "urgent", text


@pytest.mark.parametrize(
    "text",
    ["why dont you send someone", "if you dont send help he'll die", "dont send anyone just "
     "help me now", "send someone please, dont wait", "pls send help"],
)  # fmt: skip
def test_a_call_for_help_beside_a_not_is_still_heard(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "urgent", text


@pytest.mark.parametrize("text", NOT_WANTING_CONTACT)
def test_not_wanting_contact_with_a_request_open_asks_to_cancel_it(text: str) -> None:
    state, now = after_a_request(open_request=True)
    out = step(FLOWS, state, text, now)
    assert out.replies == (WITHDRAW_ASK,)
    assert events(out) == [] and out.effects == ()
    assert may_withdraw(text)  # so the open request is looked up
    done = step(FLOWS, out.state, "yes", now)
    assert [e.kind for e in done.effects] == ["withdraw_request"]


@pytest.mark.parametrize("text", NOT_WANTING_CONTACT)
def test_not_wanting_contact_with_no_request_open_gets_no_steps(text: str) -> None:
    state, now = after_a_request(open_request=False)
    out = step(FLOWS, state, text, now)
    assert not any("911 now" in reply or "overdos" in reply for reply in out.replies)
    assert "free, confidential support" in out.replies[0]
    assert out.effects == ()


def test_no_one_sent_with_a_sign_of_an_overdose_is_still_an_emergency() -> None:
    state, now = after_a_request(open_request=True)
    text = "dont send anyone to my house hes not breathing"
    assert detect(text).kind == "emergency"
    out = step(FLOWS, state, text, now)
    assert out.replies[0] == FIRST_STEPS["en"]
    assert events(out) == ["emergency"]


# ----- about to pass out ---------------------------------------------------------------------

URGENT_SELF = FLOWS["system"].strings["urgent_self"]["en"]
ABOUT_TO_PASS_OUT = [
    "I feel like I'm gonna pass out", "i might pass out", "i think im about to pass out",
    "im nodding out", "i keep nodding out", "im really sleepy after i used",
    "i used and i cant stay awake", "im so high i cant move", "im too high to move",
    "im so tired after i used, i think im gonna pass out",
]  # fmt: skip
NOT_ABOUT_TO_PASS_OUT = [
    "i almost passed out laughing", "i pass out every night at 10",
    "he passed out drunk last week", "im passing out narcan at the shelter",
    "im gonna pass out flyers tomorrow", "im not gonna pass out", "im so tired i could pass out",
    "im so high lol", "i took a nap and im still sleepy", "i cant move on from him",
    "i used to nod out all the time", "im sleepy", "long day, im gonna pass out. goodnight",
    "im gonna pass out laughing", "i might pass out from boredom",
]  # fmt: skip


@pytest.mark.parametrize("text", ABOUT_TO_PASS_OUT)
def test_someone_about_to_pass_out_gets_the_steps_for_someone_alone(text: str) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("urgent", "en"), text
    assert found.about_self
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == URGENT_SELF
    assert events(out) == ["urgent"]


@pytest.mark.parametrize("text", NOT_ABOUT_TO_PASS_OUT)
def test_passing_out_told_of_the_past_a_habit_or_someone_else_is_not(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "urgent" or not found.about_self, text
    out = step(FLOWS, None, text, ctx())
    assert URGENT_SELF not in out.replies


# Said as people text it: "hit a shot", "took a hit" with no "i", "did a line", "tranqed",
# "fall out" for passing out.
USED_JUST_NOW = [
    "just hit a shot and i feel rly weird my chest is tight",
    "took a hit n now i cant stay awake", "im so tranqed out i cant feel my legs",
    "i feel like im gonna fall out", "just did a shot n my heart is pounding",
    "i just did a line and feel weird", "i just shot up and my chest hurts",
]  # fmt: skip
# "Fall out" is also a quarrel, or a fall; a shot of tequila is no use.
NOT_USED_JUST_NOW = [
    "we had a falling out last year", "im gonna fall out with my mom over this",
    "i feel like im gonna fall out of my chair lol", "i did a shot of tequila lol",
]  # fmt: skip


@pytest.mark.parametrize("text", USED_JUST_NOW)
def test_danger_told_in_slang_just_after_using_gets_the_steps_for_someone_alone(text) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("urgent", "en"), text
    assert found.about_self
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == URGENT_SELF
    assert events(out) == ["urgent"]


@pytest.mark.parametrize("text", NOT_USED_JUST_NOW)
def test_falling_out_with_someone_or_a_drink_is_no_call_for_help(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("urgent", "emergency"), text


def test_about_to_pass_out_at_the_town_question_is_no_skip() -> None:
    out = step(FLOWS, state_at("self_referral", "town"), "I feel like I'm gonna pass out", ctx())
    assert out.replies[0].startswith(URGENT_SELF)
    assert "reply to our last question" in out.replies[-1]
    assert out.state["node"] == "town" and "town" not in out.state["vars"]
    habit = step(FLOWS, state_at("self_referral", "town"), "i pass out every night", ctx())
    assert habit.state["node"] == "town" and "town" not in habit.state["vars"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [("pass", "declined"), ("Pass.", "declined"), ("ill pass", "declined"),
     ("i'll pass on that", "declined"), ("pass thanks", "declined"),
     ("i feel like im gonna pass out", None), ("i might pass out", None)],
)  # fmt: skip
def test_pass_declines_only_as_the_whole_answer(text: str, reason: str | None) -> None:
    assert no_place_reason(text) == reason


def test_someone_who_thinks_they_are_dying_gets_steps_for_someone_alone() -> None:
    out = step(FLOWS, None, "i think im dying", ctx())
    assert out.replies[0] == FLOWS["system"].strings["emergency_self"]["en"]
    assert events(out) == ["emergency"]


@pytest.mark.parametrize(
    "text", ["i think im gonna die", "i feel like im gonna die", "im gonna die", "Im going to die"]
)
def test_thinking_one_is_going_to_die_gets_the_steps_for_oneself_and_988(text: str) -> None:
    """ "i think im gonna die" may be an overdose or a wish, as "creo que me voy a morir": it got
    the steps alone, where the Spanish gets the steps then 988. "im gonna die" alone got the
    steps alone: it may be either as much."""
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("emergency", "en")
    assert found.about_self and found.also_crisis
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == EMERGENCY_SELF["en"]
    assert "988" in out.replies[-1] and events(out) == ["emergency", "crisis"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("if you dont help me im gonna die", "en"), ("if u dont help me im going to die", "en"),
     ("if nobody helps me im gonna die", "en"), ("si no me ayudas me voy a morir", "es"),
     ("si no me ayudan me muero", "es"), ("si nadie me ayuda me voy a morir", "es")],
)  # fmt: skip
def test_dying_unless_helped_gets_988_not_the_overdose_steps(text: str, language: str) -> None:
    """A plea to us, no use named: the Spanish got the overdose steps and 988, the English
    ("if" in it) nothing but the menu. Both get the crisis text, as a crisis worker would."""
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("crisis", language), text
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0].startswith(FLOWS["system"].strings["crisis"][language])
    assert events(out) == ["crisis"]


def test_dying_unless_helped_after_using_gets_the_overdose_steps() -> None:
    found = detect("if you dont help me im gonna die i took too much")
    assert found is not None and found.kind == "emergency" and found.about_self


@pytest.mark.parametrize(
    "text", ["i took too much i think im gonna die", "just did a shot i feel like im gonna die"]
)
def test_fear_of_dying_after_using_is_an_overdose_not_a_crisis(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency", text
    assert found.about_self and not found.also_crisis
    out = step(FLOWS, None, text, ctx())
    assert "988" not in " ".join(out.replies) and events(out) == ["emergency"]


def test_a_wish_to_overdose_with_an_overdose_now_gets_steps_for_oneself_then_988() -> None:
    out = step(FLOWS, None, "i want to od, i already took the whole bag", ctx())
    said = " ".join(out.replies)
    assert out.replies[0] == FLOWS["system"].strings["emergency_self"]["en"]
    assert "988" in said and "Try to wake them" not in said
    assert events(out) == ["emergency", "crisis"]


# ----- just after the emergency steps -------------------------------------------------------

AFTER_STEPS = {lang: FLOWS["system"].strings["after_steps"][lang] for lang in ("en", "es")}
CAME_ROUND = ["ok hes breathing now", "hes breathing again", "what now", "Now what?",
              "she woke up", "ok shes awake", "he came to, what next"]  # fmt: skip


def steps_then(state: dict | None, text: str, minutes: int = 5, first: str = "hes not breathing"):
    """The emergency steps sent, then ``text`` some minutes later."""
    sent = step(FLOWS, state, first, ctx())
    later = Context(now=NOW + timedelta(minutes=minutes), places=DIRECTORY)
    return sent, step(FLOWS, sent.state, text, later)


@pytest.mark.parametrize("text", CAME_ROUND)
def test_coming_round_just_after_the_steps_as_a_first_text_gets_aftercare_then_the_menu(text):
    _, out = steps_then(None, text)
    assert out.replies[0] == AFTER_STEPS["en"]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert "1) Support for myself" in out.replies[-1]


@pytest.mark.parametrize("node", ["town", "needs", "confirm"])
@pytest.mark.parametrize("text", ["ok hes breathing now", "what now", "hes breathing again"])
def test_coming_round_just_after_the_steps_mid_conversation_the_question_waits(node, text):
    before = state_at("self_referral", node)
    _, out = steps_then(before, text)
    assert out.replies[0].startswith(AFTER_STEPS["en"])
    assert "reply to our last question" in out.replies[-1]
    assert out.state["node"] == node and "town" not in out.state["vars"]


def test_aftercare_follows_the_urgent_steps_too_and_is_said_in_spanish() -> None:
    _, out = steps_then(None, "ya respira", first="socorro")
    assert out.replies[0].startswith(AFTER_STEPS["es"])


def test_coming_round_long_after_the_steps_or_with_none_sent_gets_no_aftercare() -> None:
    _, late = steps_then(None, "ok hes breathing now", minutes=5 * 60)
    assert AFTER_STEPS["en"] not in late.replies
    out = step(FLOWS, None, "ok hes breathing now", ctx())
    assert AFTER_STEPS["en"] not in out.replies
    _, own = steps_then(None, "what now", first="i think im overdosing")
    assert AFTER_STEPS["en"] not in own.replies  # "stay with them" is for a bystander


@pytest.mark.parametrize(
    "text", ["hes still not breathing", "he stopped breathing again", "is he breathing?"]
)
def test_still_not_breathing_just_after_the_steps_gets_no_aftercare(text: str) -> None:
    _, out = steps_then(None, text)
    assert AFTER_STEPS["en"] not in out.replies


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_aftercare_text_is_protected_plain_gsm_and_says_911(language) -> None:
    from flows.interrupts import REQUIRED_WORDS, SYSTEM_ONLY_STRINGS
    from flows.sms import encoding, segments
    from flows.validate_facts import SAFETY_FACTS, STAY_WITH_THEM

    shipped = AFTER_STEPS[language]
    assert DEFAULT_STRINGS["after_steps"][language] == shipped
    assert "after_steps" in SYSTEM_ONLY_STRINGS and REQUIRED_WORDS["after_steps"] == "911"
    assert STAY_WITH_THEM in SAFETY_FACTS["after_steps"]
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2
    assert "911" in shipped and "30-90" in shipped


NALOXONE_WORKED = ["narcan worked", "i narcanned him hes good now",
                   "we hit him with narcan and he came back", "gave her narcan shes awake now",
                   "le di narcan y ya respira"]  # fmt: skip


@pytest.mark.parametrize("node", ["town", "needs"])
@pytest.mark.parametrize("text", NALOXONE_WORKED)
def test_naloxone_that_worked_just_after_the_steps_gets_aftercare_and_the_question_waits(
    node: str, text: str
) -> None:
    """ "narcan worked" once got the naloxone finder (and the self-referral was dropped);
    "i narcanned him hes good now" got the whole steps again."""
    _, out = steps_then(state_at("self_referral", node), text)
    assert out.replies[0].startswith(AFTER_STEPS["en"])
    assert "reply to our last question" in out.replies[-1]
    assert out.state["flow"] == "self_referral" and out.state["node"] == node
    assert FIRST_STEPS["en"] not in out.replies and events(out) == []


@pytest.mark.parametrize(
    "text",
    ["narcan didnt work", "narcan worked but hes still not breathing", "gave narcan, no response",
     "i gave him narcan again hes not waking up", "does narcan work?"],
)  # fmt: skip
def test_naloxone_that_may_not_have_worked_gets_no_aftercare(text: str) -> None:
    _, out = steps_then(None, text)
    assert AFTER_STEPS["en"] not in out.replies


def test_naloxone_that_worked_long_after_the_steps_is_told_as_given_not_searched_for() -> None:
    """Past the steps' window "narcan worked" is no reply to them, but still tells of an
    overdose just reversed (``flows.naloxone_given``): the aftercare and family support, never
    the naloxone finder."""
    _, late = steps_then(None, "narcan worked", minutes=5 * 60)
    assert late.replies[0] == AFTER_STEPS["en"]
    assert late.state["flow"] == "family"
    assert not any("What town or ZIP code" in reply for reply in late.replies)


def test_coming_round_with_a_town_at_the_town_question_gets_aftercare_and_keeps_the_town() -> None:
    """ "hes breathing now, were in amherst" got the aftercare, and the town was lost."""
    _, out = steps_then(state_at("self_referral", "town"), "hes breathing now, were in amherst")
    assert out.replies[0] == AFTER_STEPS["en"]
    assert out.state["vars"]["town"] and out.state["node"] != "town"


@pytest.mark.parametrize("text", ["ok hes breathing now", "ok shes awake, ok"])
def test_coming_round_at_the_team_question_is_never_an_answer(text: str) -> None:
    """An "ok" beside it is no consent to police."""
    _, out = steps_then(state_at("self_referral", "team"), text)
    assert out.replies[0].startswith(AFTER_STEPS["en"])
    assert out.state["node"] == "team" and "peers_only" not in out.state["vars"]


# ----- follow-ups during the emergency --------------------------------------------------------

SYSTEM = FLOWS["system"].strings
NO_NALOXONE = ["i dont have any narcan", "we dont have narcan", "no narcan", "i have no narcan",
               "no tengo narcan"]  # fmt: skip
ASKS_ABOUT_BREATHS = ["should i do cpr", "how do i do rescue breaths",
                      "do i give him mouth to mouth", "hago rcp?"]  # fmt: skip
HELP_COMING = ["ok 911 is coming", "i called 911", "ambulance is on the way", "paramedics are here",
               "ya llame al 911"]  # fmt: skip
TAKEN_TO_HOSPITAL = ["they took him to cooley. im shaking so bad",
                     "the ambulance took her to the hospital",
                     "se lo llevaron al hospital"]  # fmt: skip


def reply_language(text: str) -> str:
    return "es" if any(w in text for w in ("tengo", "rcp", "llame", "llevaron")) else "en"


def follow_up(text: str):
    """The emergency steps, in the language of ``text``, then ``text`` some minutes later."""
    first = "mi hijo no respira" if reply_language(text) == "es" else "hes not breathing"
    return steps_then(None, text, first=first)[1]


@pytest.mark.parametrize("text", NO_NALOXONE)
def test_no_naloxone_just_after_the_steps_gets_911_brings_it_not_the_finder(text: str) -> None:
    """ "i dont have any narcan" just after the steps started the naloxone finder (sites "All
    closed now") in the middle of an overdose."""
    out = follow_up(text)
    said = SYSTEM["after_steps_no_naloxone"][reply_language(text)]
    assert out.replies[0].startswith(said) and "911" in said
    assert out.state["flow"] != "naloxone" and events(out) == []
    assert not any(e.kind == "log_search" for e in out.effects)


@pytest.mark.parametrize("text", ASKS_ABOUT_BREATHS)
def test_asking_about_cpr_just_after_the_steps_gets_the_breaths_step(text: str) -> None:
    """ "should i do cpr" just after the steps got the welcome menu."""
    out = follow_up(text)
    said = SYSTEM["after_steps_breaths"][reply_language(text)]
    assert out.replies[0].startswith(said) and "911" in said
    assert "1) Support for myself" not in " ".join(out.replies)


@pytest.mark.parametrize("text", HELP_COMING)
def test_help_on_the_way_just_after_the_steps_gets_stay_with_them(text: str) -> None:
    """ "ok 911 is coming" just after the steps got the welcome menu."""
    out = follow_up(text)
    assert out.replies[0].startswith(SYSTEM["after_steps_help_coming"][reply_language(text)])
    assert "1) Support for myself" not in " ".join(out.replies)


@pytest.mark.parametrize("text", TAKEN_TO_HOSPITAL)
def test_taken_to_hospital_just_after_the_steps_gets_a_kind_word_then_support(text: str) -> None:
    """ "they took him to cooley. im shaking so bad" got the welcome menu and nothing else."""
    out = follow_up(text)
    assert out.replies[0] == SYSTEM["after_steps_hospital"][reply_language(text)]
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")


@pytest.mark.parametrize("text", ["i dont have any narcan", "should i do cpr", "ok 911 is coming"])
def test_the_follow_ups_mid_conversation_keep_the_question(text: str) -> None:
    _, out = steps_then(state_at("self_referral", "town"), text)
    assert "reply to our last question" in out.replies[-1]
    assert out.state["node"] == "town" and "town" not in out.state["vars"]


def test_the_same_words_long_after_the_steps_or_with_none_get_no_follow_up() -> None:
    _, late = steps_then(None, "i dont have any narcan", minutes=5 * 60)
    assert late.state["flow"] == "naloxone"
    for text in ("should i do cpr", "ok 911 is coming", "they took him to cooley"):
        out = step(FLOWS, None, text, ctx())
        assert not any(
            out.replies[0] == SYSTEM[name]["en"]
            for name in ("after_steps_breaths", "after_steps_help_coming", "after_steps_hospital")
        )


@pytest.mark.parametrize("text", ["is 911 coming?", "911 isnt here yet", "should i call 911"])
def test_asking_whether_help_comes_is_not_told_help_is_coming(text: str) -> None:
    _, out = steps_then(None, text)
    assert not out.replies[0].startswith(SYSTEM["after_steps_help_coming"]["en"])


@pytest.mark.parametrize("text", ["they took him", "the cops took him"])
def test_taken_somewhere_untold_is_not_taken_to_hospital(text: str) -> None:
    """ "they took him" may be an arrest: no "you did the right thing by getting them help"."""
    _, out = steps_then(None, text)
    assert SYSTEM["after_steps_hospital"]["en"] not in out.replies


@pytest.mark.parametrize("text", ["narcan didnt work", "hes still not breathing, no narcan"])
def test_an_overdose_still_going_gets_the_steps_again(text: str) -> None:
    _, out = steps_then(None, text)
    assert out.replies[0] == FIRST_STEPS["en"] and events(out) == ["emergency"]


@pytest.mark.parametrize(
    "name",
    ["after_steps_no_naloxone", "after_steps_breaths", "after_steps_help_coming",
     "after_steps_hospital"],
)  # fmt: skip
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_follow_up_texts_are_plain_gsm_short_and_match_the_defaults(name, language) -> None:
    from flows.interrupts import REQUIRED_WORDS, SYSTEM_ONLY_STRINGS
    from flows.sms import encoding, segments
    from flows.validate_facts import SAFETY_FACTS, STAY_WITH_THEM, missing_facts

    shipped = SYSTEM[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2
    if name != "after_steps_hospital":  # safety texts: protected, with 911 and their facts
        assert name in SYSTEM_ONLY_STRINGS and REQUIRED_WORDS[name] == "911"
        assert STAY_WITH_THEM in SAFETY_FACTS[name]
        assert list(missing_facts(SAFETY_FACTS[name], language, shipped)) == []


# ----- when the person has died ----------------------------------------------------------------

THEY_DIED = ["he's gone. hes been cold for hours. i cant call 911 ill go back to jail",
             "hes dead", "she's gone", "he's been cold for hours", "hes stiff",
             "no pulse for an hour", "she died", "ya murio", "esta muerto", "se murió",
             "ya no respira desde hace horas", "lleva horas sin respirar",
             "está frío desde hace rato", "no tiene pulso desde hace horas"]  # fmt: skip
THEY_DIED_ES = ["ya murio", "esta muerto", "se murió", "ya no respira desde hace horas",
                "lleva horas sin respirar", "está frío desde hace rato",
                "no tiene pulso desde hace horas"]  # fmt: skip
NOT_A_DEATH_TOLD = ["i think hes dead what do i do", "is he dead?", "hes gone blue",
                    "hes gone to the hospital", "hes not dead hes breathing", "ya no respira",
                    "no respira hace rato que hago", "creo que se murió"]  # fmt: skip


FOUND_COLD_AND_BLUE = (
    "my friend is dead on my couch... hes cold and blue... if i call the cops ill get arrested"
)


def after_a_death(text: str, state: dict | None = None):
    """The steps for "my friend is dead on my couch... hes cold and blue", then ``text``."""
    first = "mi amigo no respira" if text in THEY_DIED_ES else FOUND_COLD_AND_BLUE
    return steps_then(state, text, first=first)


@pytest.mark.parametrize("text", THEY_DIED)
def test_a_death_told_just_after_the_steps_gets_sorry_911_the_law_and_someone_to_talk_to(text):
    """ "he's gone. hes been cold for hours" after the steps got "Try to wake them" again."""
    sent, out = after_a_death(text)
    language = "es" if text in THEY_DIED_ES else "en"
    assert list(out.replies) == [
        SYSTEM["after_steps_death"][language],
        SYSTEM["emergency_2"][language],
        SYSTEM["after_steps_death_talk"][language],
    ]
    assert events(out) == [] and out.state.get("flow") is None
    assert FIRST_STEPS[language] in sent.replies


def test_police_refused_with_a_death_told_is_heard_too() -> None:
    _, out = after_a_death("hes gone, no cops")
    assert out.replies[0] == SYSTEM["after_steps_death"]["en"]
    assert out.replies[-1] == SYSTEM["police_refused"]["en"]
    assert any(e.kind == "refuse_police" for e in out.effects)


def test_a_death_told_twice_gets_the_kind_reply_once() -> None:
    _, out = after_a_death("hes gone")
    later = Context(now=NOW + timedelta(minutes=10), places=DIRECTORY)
    again = step(FLOWS, out.state, "hes dead", later)
    assert SYSTEM["after_steps_death"]["en"] not in again.replies


@pytest.mark.parametrize("text", NOT_A_DEATH_TOLD)
def test_a_doubt_or_a_sign_just_after_the_steps_is_no_death_told(text: str) -> None:
    _, out = after_a_death(text)
    assert SYSTEM["after_steps_death"]["en"] not in out.replies
    assert SYSTEM["after_steps_death"]["es"] not in out.replies


def test_a_death_told_long_after_the_steps_gets_no_after_steps_text() -> None:
    _, late = steps_then(None, "hes dead", minutes=5 * 60)
    assert SYSTEM["after_steps_death"]["en"] not in late.replies


def test_a_death_told_mid_conversation_keeps_the_question() -> None:
    _, out = after_a_death("hes gone", state_at("self_referral", "town"))
    assert out.replies[0] == SYSTEM["after_steps_death"]["en"]
    assert "reply to our last question" in out.replies[-1] and out.state["node"] == "town"


@pytest.mark.parametrize(
    ("text", "language"), [("what do i do", "en"), ("What do I do now??", "en"), ("que hago", "es")]
)
def test_what_do_i_do_after_a_death_gets_911_again_not_the_steps(text, language) -> None:
    """ "what do i do" after the death reply got "Try to wake them" and the menu: 911 still has
    to come and will tell them what to do, and someone to talk to is still offered."""
    _, told = after_a_death("ya murio" if language == "es" else "hes gone")
    later = Context(now=NOW + timedelta(minutes=5), places=DIRECTORY)
    out = step(FLOWS, told.state, text, later)
    assert list(out.replies) == [
        SYSTEM["after_death_call_911"][language],
        SYSTEM["after_steps_death_talk"][language],
    ]
    assert events(out) == [] and out.state.get("flow") is None


@pytest.mark.parametrize(
    "text",
    ["please i need someone to talk to. what do i do", "TALK", "can i talk to someone", "hablar"],
)
def test_asking_for_someone_to_talk_to_after_a_death_starts_family_support(text: str) -> None:
    """ "please i need someone to talk to. what do i do" after the death got the menu."""
    _, told = after_a_death("ya murio" if text == "hablar" else "hes gone")
    later = Context(now=NOW + timedelta(minutes=15), places=DIRECTORY)
    out = step(FLOWS, told.state, text, later)
    assert out.state["flow"] == "family" and out.state.get("loss_told")
    said = " ".join(out.replies)
    assert "1) Support for myself" not in said and SYSTEM["after_steps"]["en"] not in said
    assert "Friend" in said or "Amigo" in said


@pytest.mark.parametrize(
    "text", ["my friend died last night at my place from an od", "been dead for hours"]
)
def test_a_first_text_telling_of_a_death_hours_ago_gets_condolences_not_steps(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert FIRST_STEPS["en"] not in out.replies and events(out) == []
    assert out.replies[0].startswith("We are so sorry for your loss")
    assert out.state["flow"] == "family"


@pytest.mark.parametrize(
    ("text", "language"),
    [("my friend is dead on my couch", "en"), ("mi amigo esta muerto en mi sofa", "es")],
)
def test_someone_found_dead_with_no_time_told_gets_the_steps_first(text, language) -> None:
    """ "my friend is dead on my couch" got condolences: found looking dead, with no sign it was
    hours ago, may be a deep overdose now."""
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FIRST_STEPS[language]
    assert "sorry for your loss" not in " ".join(out.replies) and events(out) == ["emergency"]


@pytest.mark.parametrize(
    "text",
    ["my friend died last night", "been dead for hours", "my son passed away in march",
     "my friend has been dead on my couch for hours"],
)  # fmt: skip
def test_a_death_told_with_a_time_still_gets_condolences(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert FIRST_STEPS["en"] not in out.replies and events(out) == []
    assert out.replies[0].startswith("We are so sorry for your loss")


@pytest.mark.parametrize("text", ["cold and blue", "hes cold and blue"])
def test_cold_and_blue_alone_still_gets_the_steps_first(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FIRST_STEPS["en"]


@pytest.mark.parametrize(
    "name", ["after_steps_death", "after_steps_death_talk", "after_death_call_911"]
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_texts_after_a_death_are_protected_plain_gsm_and_match_the_defaults(name, language):
    from flows.interrupts import REQUIRED_WORDS, SYSTEM_ONLY_STRINGS
    from flows.sms import encoding, segments

    shipped = SYSTEM[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2
    assert name in SYSTEM_ONLY_STRINGS
    required = {
        "after_steps_death": "911",
        "after_steps_death_talk": "988",
        "after_death_call_911": "911",
    }
    assert REQUIRED_WORDS[name] == required[name]


# ----- in Spanish: one's own overdose, fear of dying from it, and coming round ----------------

OWN_OVERDOSE_ES = [
    "me estoy sobredosificando", "me meti demasiado y me siento q me voy a desmayar",
    "use demasiado fenta y estoy cabeceando", "creo q estoy en sobredosis estoy solo",
    "consumi demasiado", "me inyecte demasiado estoy sola", "creo k estoy en sobredosis",
]  # fmt: skip


@pytest.mark.parametrize("text", OWN_OVERDOSE_ES)
def test_an_overdose_of_ones_own_told_in_spanish_gets_the_steps_for_someone_alone(text) -> None:
    """ "me estoy sobredosificando" got the menu, and "creo q estoy en sobredosis estoy solo"
    the steps to wake someone else, where "i think im overdosing im alone" gets the steps for
    someone alone."""
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("emergency", "es"), text
    assert found.about_self and not found.also_crisis
    for before in (None, state_at("naloxone", "town", "es")):
        out = step(FLOWS, before, text, ctx())
        assert out.replies[0] == EMERGENCY_SELF["es"]
        assert not any("esternon" in r or "de lado" in r for r in out.replies)
        assert events(out) == ["emergency"]


@pytest.mark.parametrize(
    "text",
    ["me voy a desmayar", "siento q me voy a desmayar", "creo que me voy a desmayar",
     "estoy cabeceando", "me estoy desmayando"],
)  # fmt: skip
def test_about_to_pass_out_in_spanish_gets_the_steps_for_someone_alone(text: str) -> None:
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("urgent", "es"), text
    assert found.about_self
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == FLOWS["system"].strings["urgent_self"]["es"]
    assert events(out) == ["urgent"]


@pytest.mark.parametrize(
    "text",
    ["no me voy a desmayar", "me voy a desmayar de la risa", "casi me desmayo del calor",
     "estoy cabeceando en clase tengo sueno", "el esta cabeceando el balon",
     "no use demasiado, estoy bien", "tome demasiado tiempo en contestar"],
)  # fmt: skip
def test_passing_out_or_too_much_in_spanish_that_tells_of_no_danger_is_not(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind not in ("urgent", "emergency"), text


@pytest.mark.parametrize(
    "text",
    ["tome demasiado creo q me voy a morir", "me meti demasiado siento que me voy a morir",
     "use fenta y creo q me voy a morir"],
)  # fmt: skip
def test_fear_of_dying_after_using_in_spanish_is_an_overdose_not_a_crisis(text: str) -> None:
    """ "tome demasiado creo q me voy a morir" got 988 beside the steps, where "i took too much
    i think im gonna die" gets the steps alone: fear of dying from a use is no wish to die."""
    found = detect(text)
    assert found is not None and (found.kind, found.language) == ("emergency", "es"), text
    assert found.about_self and not found.also_crisis
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == EMERGENCY_SELF["es"]
    assert "988" not in " ".join(out.replies) and events(out) == ["emergency"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("me voy a matar", "crisis"), ("me quiero morir", "crisis"), ("creo que me voy a morir",
     "emergency"), ("tome demasiado y me quiero morir", "emergency"),
     ("use demasiado y me voy a matar", "emergency")],
)  # fmt: skip
def test_a_wish_to_die_in_spanish_is_still_a_crisis(text: str, kind: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == kind, text
    assert found.kind == "crisis" or found.also_crisis


CAME_ROUND_AFTER_HELP = [
    ("ok ya llame al 911 y le di narcan ya desperto gracias a dios", "es"),
    ("ok i called 911 and gave him narcan he woke up thank god", "en"),
    ("le di el narcan y ya desperto", "es"), ("ya llame al 911 y ya desperto", "es"),
    ("ok i called 911 and he woke up", "en"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), CAME_ROUND_AFTER_HELP)
def test_coming_round_told_with_naloxone_or_911_just_after_the_steps_gets_aftercare(
    text: str, language: str
) -> None:
    """ "ok i called 911 and gave him narcan he woke up thank god" got all the steps again: the
    naloxone and 911 words came before the person coming round."""
    first = "mi hijo no respira" if language == "es" else "hes not breathing"
    _, out = steps_then(None, text, first=first)
    assert out.replies[0] == AFTER_STEPS[language]
    assert FIRST_STEPS[language] not in out.replies and events(out) == []
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")


@pytest.mark.parametrize(
    ("text", "language"),
    [("ok i called 911 and gave him narcan he woke up but now hes not breathing", "en"),
     ("le di narcan y ya desperto pero otra vez no respira", "es"),
     ("i gave him narcan he woke up but his breathing is really slow", "en"),
     ("ya llame al 911 y desperto pero se puso azul otra vez", "es")],
)  # fmt: skip
def test_coming_round_told_beside_a_sign_now_still_gets_the_steps(text, language) -> None:
    first = "mi hijo no respira" if language == "es" else "hes not breathing"
    _, out = steps_then(None, text, first=first)
    assert out.replies[0] == FIRST_STEPS[language]
    assert AFTER_STEPS[language] not in out.replies and events(out) == ["emergency"]


def test_the_spanish_steps_say_the_person_not_her() -> None:
    """ "Trate de despertarla" read as "wake her" to a parent writing of "mi hijo"."""
    said = FLOWS["system"].strings["emergency_1"]["es"]
    assert "despertarla" not in said and "Trate de despertar a la persona" in said
    assert DEFAULT_STRINGS["emergency_1"]["es"] == said


@pytest.mark.parametrize(("text", "language"), [("help me", "en"), ("ayudenme", "es")])
def test_help_me_alone_is_no_call_for_help_at_once(text: str, language: str) -> None:
    """ "ayudenme" alone sent the first overdose steps, where "help me" gets the menu's
    welcome (as "ayudame" does), and at the menu picks support for oneself."""
    first = step(FLOWS, None, text, ctx())
    assert FIRST_STEPS[language] not in first.replies and events(first) == []
    assert first.state["flow"] in ("menu", "self_referral")
    out = step(FLOWS, state_at("menu", "welcome", language), text, ctx())
    assert FIRST_STEPS[language] not in out.replies and events(out) == []
    assert out.state["flow"] == "self_referral"


def test_thinking_one_is_going_to_die_in_spanish_gets_the_steps_for_oneself_and_988() -> None:
    """ "creo que me voy a morir" may be an overdose or a wish: it got 988 alone, where "i think
    im gonna die" gets the steps for someone alone."""
    found = detect("creo que me voy a morir")
    assert found is not None and (found.kind, found.language) == ("emergency", "es")
    assert found.about_self and found.also_crisis
    out = step(FLOWS, None, "creo que me voy a morir", ctx())
    assert out.replies[0] == EMERGENCY_SELF["es"]
    assert "988" in out.replies[-1] and events(out) == ["emergency", "crisis"]


@pytest.mark.parametrize("text", ["me voy a morir", "ya me voy a morir"])
def test_going_to_die_in_spanish_with_no_use_told_gets_the_steps_for_oneself_and_988(text) -> None:
    """ "me voy a morir" alone got 988 alone, where "creo que me voy a morir" gets the steps for
    someone alone then 988: an overdose or a wish, either may be."""
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == EMERGENCY_SELF["es"] and "988" in out.replies[-1]
    assert events(out) == ["emergency", "crisis"]


@pytest.mark.parametrize(
    "text",
    ["im gonna die laughing", "im gonna die if i dont get coffee", "my phone is gonna die",
     "me voy a morir de la risa"],
)  # fmt: skip
def test_going_to_die_as_a_way_of_speaking_gets_neither_steps_nor_988(text: str) -> None:
    out = step(FLOWS, None, text, ctx())
    assert out.state["flow"] == "menu" and events(out) == []
