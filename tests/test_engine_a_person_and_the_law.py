"""Asking for a person, being angry at the bot, and asking what police or the law will do are
answered plainly, never taken as an answer nor met with the menu alone."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, REQUIRED_WORDS, SYSTEM_ONLY_STRINGS, detect
from flows.police import refuses_police
from flows.sms import encoding, segments
from tests.test_engine_interrupts import EVERY_STATE, FLOWS, MUST_SAY, ctx, state_at

RESUME = {
    "en": "When you're ready, reply to our last question to carry on, or text MENU.",
    "es": "Cuando quiera, responda a la ultima pregunta para seguir, o envie MENU.",
}

# ----- wanting a person, or angry at the bot --------------------------------------------------

WANTS_A_PERSON = [
    ("can i talk to a real person", "en"), ("Can I speak to a human?", "en"),
    ("is there a human", "en"), ("is there a real person there", "en"),
    ("i want to talk to someone", "en"), ("I need to talk to a real person", "en"),
    ("let me talk to a human", "en"), ("real person please", "en"), ("human", "en"),
    ("this bot is useless", "en"), ("fuck you", "en"), ("F*** you!", "en"),
    ("you're useless", "en"), ("stupid bot", "en"), ("this is so stupid", "en"),
    ("quiero hablar con una persona", "es"), ("¿Puedo hablar con alguien?", "es"),
    ("¿hay una persona real?", "es"), ("este bot no sirve", "es"),
    ("this is fucking useless", "en"), ("this is so fucking useless", "en"),
    ("ur useless", "en"), ("this is so useless", "en"), ("you are fucking useless", "en"),
    ("this is fucking useless, my son is gonna die and you send me a menu", "en"),
    ("ur so useless i need a real answer", "en"),
]  # fmt: skip
NOT_ASKING_FOR_A_PERSON = [
    "my son is a real person", "i talked to someone yesterday", "fuck i relapsed",
    "he is useless when he uses", "is there a narcan box in ware", "someone to talk to",
    "my friend wants to talk to someone about his drinking",
    "my son is useless", "rehab was useless for him", "i feel useless, he wont listen",
]  # fmt: skip
# Automated, how to reach a person, how to have the team reach out (for the texter or for a
# loved one), and 911.
AUTOMATED = {
    "en": "Sorry, this line is automated. To talk with a person, call 413-555-0100. To have "
    "our team reach out, text MENU: 1 for you, 2 for a loved one. Emergency: 911.",
    "es": "Disculpe, esta linea es automatica. Para hablar con una persona, llame al "
    "413-555-0100. Para que el equipo le contacte, envie MENU: 1 para usted, 2 para un ser "
    "querido. Emergencia: 911.",
}
# The menu's choices the automated text names: support for oneself, and for a loved one.
MENU_CHOICES = {
    "en": {"1 for you": "self_referral", "2 for a loved one": "family"},
    "es": {"1 para usted": "self_referral", "2 para un ser querido": "family"},
}


# Asking whether a person answers: told plainly that the line is automated, never the HELP text.
ARE_YOU_A_BOT = [
    ("is this a real person", "en"), ("am i talking to a bot", "en"), ("is this a bot", "en"),
    ("are you a robot", "en"), ("is this automated", "en"), ("r u a bot?", "en"),
    ("are you human", "en"), ("¿eres un robot?", "es"), ("¿es una persona real?", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), ARE_YOU_A_BOT)
def test_asking_if_we_are_a_bot_is_told_the_line_is_automated_then_the_menu(
    text: str, language: str
) -> None:
    found = detect(text)
    assert found is not None and found.kind == "person", text
    assert found.language == ("es" if language == "es" else None)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == AUTOMATED[language]
    assert "1) " in out.replies[1]
    assert (out.state["flow"], out.state["language"]) == ("menu", language)


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("text", "language"), ARE_YOU_A_BOT)
def test_asking_if_we_are_a_bot_mid_conversation_is_answered_and_the_question_waits(
    flow_id: str, node: str, text: str, language: str
) -> None:
    before = state_at(flow_id, node, language)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    assert out.replies == (f"{AUTOMATED[language]}\n{RESUME[language]}",)
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["vars"] == {"needs": ["coach"]}
    assert out.effects == ()


@pytest.mark.parametrize(("text", "language"), WANTS_A_PERSON)
def test_asking_for_a_person_is_recognised(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "person", text
    assert found.language == ("es" if language == "es" else None)


@pytest.mark.parametrize("text", NOT_ASKING_FOR_A_PERSON)
def test_other_texts_do_not_ask_for_a_person(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "person"


@pytest.mark.parametrize(("text", "language"), WANTS_A_PERSON)
def test_a_first_text_asking_for_a_person_is_told_how_to_reach_one_then_the_menu(
    text: str, language: str
) -> None:
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == AUTOMATED[language]
    assert "1) " in out.replies[1]
    assert (out.state["flow"], out.state["node"], out.state["language"]) == (
        "menu",
        "welcome",
        language,
    )


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize("text", ["is there a human", "fuck you", "this bot is useless"])
def test_asking_for_a_person_mid_conversation_is_answered_and_the_question_waits(
    flow_id: str, node: str, text: str
) -> None:
    before = state_at(flow_id, node)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    assert out.replies == (f"{AUTOMATED['en']}\n{RESUME['en']}",)
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["vars"] == {"needs": ["coach"]}
    assert out.effects == ()


def test_asking_for_a_person_in_a_spanish_conversation_is_answered_in_spanish() -> None:
    before = state_at("self_referral", "town", "es")
    out = step(FLOWS, before, "quiero hablar con una persona", ctx())
    assert out.replies == (f"{AUTOMATED['es']}\n{RESUME['es']}",)
    assert out.state["node"] == "town" and "town" not in out.state["vars"]


@pytest.mark.parametrize("text", ["i want to talk to someone", "can i talk to a real person"])
def test_wanting_someone_to_talk_to_still_answers_what_would_help(text: str) -> None:
    """At "what would you like help with", talking with someone is one of the answers."""
    out = step(FLOWS, state_at("self_referral", "needs"), text, ctx())
    assert out.state["vars"]["needs"] == ["coach"]
    assert out.state["node"] == "town"


def test_an_angry_text_from_a_number_that_opted_out_gets_no_reply() -> None:
    out = step(FLOWS, state_at("menu", "welcome"), "fuck you", ctx(opted_out=True))
    assert out.replies == () and out.effects == ()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_automated_text_is_protected_plain_gsm_and_names_a_person_and_911(language) -> None:
    assert "automated" in SYSTEM_ONLY_STRINGS
    shipped = FLOWS["system"].strings["automated"][language]
    assert DEFAULT_STRINGS["automated"][language] == shipped
    assert encoding(shipped) == "GSM-7"
    assert "{program_phone}" in shipped and "911" in shipped
    if language == "en":
        assert segments(AUTOMATED["en"]) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_automated_text_names_the_menu_choice_for_the_texter_and_for_a_loved_one(
    language: str,
) -> None:
    """A family member asking for a person must not be sent to "Support for myself"."""
    shipped = FLOWS["system"].strings["automated"][language]
    options = FLOWS["menu"].states["welcome"].options
    assert "MENU" in shipped
    for choice, flow_id in MENU_CHOICES[language].items():
        assert choice in shipped
        assert options[int(choice[0]) - 1].goto == flow_id


# ----- confidentiality, police and the law ------------------------------------------------------

# What we are, and that police come only with their yes; NO POLICE is advice that works.
CONFIDENTIAL = {
    "en": "Hampshire HOPE Line is confidential substance use support, not the police. Police "
    "join your team only if you say so. You can text NO POLICE any time.",
    "es": "Hampshire HOPE Line es apoyo confidencial sobre sustancias, no la policia. La "
    "policia solo entra en su equipo si usted acepta. Envie SIN POLICIA cuando quiera.",
}
PRIVACY_QUESTIONS = [
    ("is this confidential will the cops know", "en"), ("wait is this confidential", "en"),
    ("do you report to police?", "en"), ("do you tell the cops", "en"),
    ("will the police find out", "en"), ("is this private", "en"),
    ("es confidencial", "es"), ("¿esto es confidencial?", "es"),
    ("¿le avisan a la policía?", "es"),
]  # fmt: skip
# Asked about arrest or calling 911: the Good Samaritan law too.
LAW_QUESTIONS = [
    ("will i get arrested for using", "en"), ("will i get arrested if i call 911", "en"),
    ("can i get in trouble for calling 911?", "en"), ("will the cops come if i call 911", "en"),
    ("am i gonna get arrested", "en"), ("¿me van a arrestar si llamo al 911?", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), PRIVACY_QUESTIONS + LAW_QUESTIONS)
def test_questions_about_police_and_the_law_are_recognised(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "privacy", text
    assert found.language == ("es" if language == "es" else None)
    assert found.about_the_law == ((text, language) in LAW_QUESTIONS)


@pytest.mark.parametrize(("text", "language"), PRIVACY_QUESTIONS)
def test_at_the_town_question_a_privacy_question_is_answered_and_the_town_asked_again(
    text: str, language: str
) -> None:
    before = state_at("self_referral", "town", language)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    assert out.replies == (f"{CONFIDENTIAL[language]}\n{RESUME[language]}",)
    assert (out.state["node"], out.state["vars"]) == ("town", {"needs": ["coach"]})
    assert out.effects == ()  # asking is no refusal of police: nothing is decided for them


CALLING_911_QUESTIONS = [(t, lang) for t, lang in LAW_QUESTIONS if "911" in t]
CALLING_911 = {
    "en": "If someone may be overdosing, call 911 now. The law protects whoever calls:",
    "es": "Si alguien puede tener una sobredosis, llame al 911 ahora. La ley protege a quien "
    "llama:",
}


@pytest.mark.parametrize(("text", "language"), LAW_QUESTIONS)
def test_a_question_about_arrest_also_gets_the_good_samaritan_law(text, language) -> None:
    before = state_at("self_referral", "town", language)
    out = step(FLOWS, before, text, ctx())
    good_samaritan = FLOWS["system"].strings["emergency_2"][language]
    first = CALLING_911 if (text, language) in CALLING_911_QUESTIONS else CONFIDENTIAL
    assert out.replies == (first[language], f"{good_samaritan}\n{RESUME[language]}")
    assert out.state["node"] == "town" and "town" not in out.state["vars"]
    # A question, not an overdose: no emergency steps, nothing counted as one.
    assert not any("breastbone" in r or "esternon" in r for r in out.replies)
    assert out.effects == ()


@pytest.mark.parametrize(("text", "language"), CALLING_911_QUESTIONS)
def test_a_question_about_calling_911_says_to_call_first_and_nothing_about_our_team(
    text, language
) -> None:
    """ "Will the cops come if I call 911?" is asked by someone who may be about to need 911:
    the answer starts by telling them to call, and leaves out who joins our team, which could
    be read as an answer about 911."""
    for before in (None, state_at("self_referral", "town", language)):
        out = step(FLOWS, before, text, ctx())
        assert out.replies[0] == CALLING_911[language]
        assert not any(CONFIDENTIAL[language] in reply for reply in out.replies)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_calling_911_text_is_protected_plain_gsm_in_one_segment(language) -> None:
    shipped = FLOWS["system"].strings["calling_911"][language]
    assert "911" in shipped and encoding(shipped) == "GSM-7" and segments(shipped) == 1
    assert "calling_911" in SYSTEM_ONLY_STRINGS and REQUIRED_WORDS["calling_911"] == "911"


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
def test_a_question_about_police_waits_at_every_question(flow_id: str, node: str) -> None:
    out = step(FLOWS, state_at(flow_id, node), "do you report to police", ctx())
    assert out.replies == (f"{CONFIDENTIAL['en']}\n{RESUME['en']}",)
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)


@pytest.mark.parametrize(("text", "language"), PRIVACY_QUESTIONS + LAW_QUESTIONS)
def test_a_first_text_about_police_or_the_law_is_answered_then_the_menu(text, language) -> None:
    out = step(FLOWS, None, text, ctx())
    first = CALLING_911 if (text, language) in CALLING_911_QUESTIONS else CONFIDENTIAL
    assert out.replies[0] == first[language]
    assert "1) " in out.replies[-1]
    assert (out.state["flow"], out.state["node"], out.state["language"]) == (
        "menu",
        "welcome",
        language,
    )


@pytest.mark.parametrize(
    "text",
    [
        "will i get arrested if i call 911 hes not breathing",
        "my friend is blue will i get arrested if i call 911",
        "should i call 911",
        "call 911",
        "will i get arrested if i call 911 for my friend who is overdosing",
    ],
)
def test_an_overdose_told_with_the_question_still_gets_the_emergency_steps(text: str) -> None:
    """Emergencies come first: only a question that tells of no overdose is answered as one."""
    out = step(FLOWS, state_at("self_referral", "town"), text, ctx())
    said = " ".join(out.replies)
    for fragment in MUST_SAY["en"]:
        assert fragment in said
    assert {"kind": "log_event", "event": "emergency"} in [
        {"kind": e.kind, **e.data} for e in out.effects
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_confidential_answer_is_protected_plain_gsm_and_its_advice_works(language) -> None:
    assert "confidential" in SYSTEM_ONLY_STRINGS
    shipped = FLOWS["system"].strings["confidential"][language]
    assert DEFAULT_STRINGS["confidential"][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(CONFIDENTIAL[language]) == 1
    advice = {"en": "NO POLICE", "es": "SIN POLICIA"}[language]
    assert advice in shipped and refuses_police(advice) is not None


# Calling 911 asked about with more words: for a friend, of someone else. A question, not an
# overdose: the same answer as "will the cops come if i call 911" (call first, then the Good
# Samaritan law), never the emergency steps or their count. In fear of deportation it gets the
# immigration answer instead (tests/test_spanish_readings.py): that law covers drug charges.
MORE_CALLING_911_QUESTIONS = [
    ("if i call 911 for my friend will i get arrested", "en"),
    ("my sister is using, will she get arrested if i call 911?", "en"),
    ("will my friend get arrested if i call 911", "en"),
    ("if we call 911 will we get in trouble", "en"),
    ("do cops come with the ambulance", "en"),
    ("will the police come if i call an ambulance", "en"),
    ("si llamo al 911 por mi pana me arrestan?", "es"),
    ("me arrestan si llamo al 911?", "es"),
    ("si llamamos al 911 nos detienen?", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), MORE_CALLING_911_QUESTIONS)
def test_more_questions_about_calling_911_say_to_call_then_the_law_not_the_steps(
    text: str, language: str
) -> None:
    found = detect(text)
    assert found is not None and found.kind == "privacy", text
    assert found.about_911 and found.about_the_law
    assert found.language == ("es" if language == "es" else None)
    good_samaritan = FLOWS["system"].strings["emergency_2"][language]
    for before in (None, state_at("self_referral", "town", language)):
        out = step(FLOWS, before, text, ctx())
        assert out.replies[0] == CALLING_911[language]
        assert out.replies[1].startswith(good_samaritan)
        assert not any("breastbone" in r or "esternon" in r for r in out.replies)
        assert all(e.kind != "log_event" for e in out.effects)


@pytest.mark.parametrize(
    "text",
    ["mi pana no respira, si llamo al 911 me arrestan?",
     "si llamo al 911 por mi pana que no despierta me arrestan?"],
)  # fmt: skip
def test_an_overdose_told_with_the_spanish_question_about_arrest_is_still_an_emergency(
    text: str,
) -> None:
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0].startswith(FLOWS["system"].strings["emergency_1"]["es"])
    assert {"kind": "log_event", "event": "emergency"} in [
        {"kind": e.kind, **e.data} for e in out.effects
    ]


# Asking whether we report them, to police or probation: what we are, then the question again.
MORE_PRIVACY_QUESTIONS = [
    ("i got a warrant can u still help me", "en"),
    ("can you still help me if i have a warrant", "en"),
    ("wait will the cops know about this", "en"), ("will the police find out about this", "en"),
    # Once met with "reply with a number" at a question:
    ("is this going to the cops?", "en"), ("does this go to police", "en"),
    ("will this go to the police?", "en"), ("who will see this?", "en"),
    ("who can read this", "en"), ("what if i have a warrant", "en"),
    ("¿esto va a la policía?", "es"),
    ("¿quién va a ver esto?", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), MORE_PRIVACY_QUESTIONS)
def test_more_questions_about_being_reported_get_the_confidential_answer(
    text: str, language: str
) -> None:
    found = detect(text)
    assert found is not None and found.kind == "privacy", text
    assert found.language == ("es" if language == "es" else None)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == CONFIDENTIAL[language]
    assert "1) " in out.replies[-1]
    for node in ("town", "team"):
        before = state_at("self_referral", node, language)
        before["vars"] = {"needs": ["coach"]}
        out = step(FLOWS, before, text, ctx())
        assert out.replies == (f"{CONFIDENTIAL[language]}\n{RESUME[language]}",)
        assert (out.state["node"], out.state["vars"]) == (node, {"needs": ["coach"]})
        assert out.effects == ()


@pytest.mark.parametrize(
    "text",
    [
        "my po told me to text you", "i report to my probation officer on monday",
        "i have a warrant", "my heart is racing", "i got arrested last year",
        "my friend overdosed, will i get arrested if i call 911",
    ],
)  # fmt: skip
def test_stories_about_probation_or_the_law_are_no_privacy_question(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "privacy", text


def test_an_angry_text_at_the_family_needs_question_is_no_pick_of_support_for_me() -> None:
    """ "me" inside angry words is no answer: they get how to reach a person, and the
    question waits."""
    text = "this is fucking useless, my son is gonna die and you send me a menu"
    out = step(FLOWS, state_at("family", "needs"), text, ctx())
    assert out.replies[0].startswith(AUTOMATED["en"])
    assert out.state["node"] == "needs"
    assert "needs" not in out.state["vars"]


# ----- being reported: DCF, probation, and a pregnant person who uses -------------------------

# Asked whether they will be reported, to DCF or at all: texting us is no report, we don't ask
# about children or pregnancy, and the team member who may have to report says so first. Once
# "will you report me" got only "not the police", as if nobody ever reported anything, and
# "im pregnant ... will u call dcf on me" and "do you have to tell dcf" got the menu.
REPORTED = {
    "en": "Texting us is not a report to anyone, not to DCF or the police. We don't ask about "
    "children or pregnancy. Some team members may have to report if a child is in danger, so "
    "they will say so before you share anything, and you choose what to tell them.",
    "es": "Escribirnos no es hacer un reporte a nadie, ni a DCF ni a la policia. No preguntamos "
    "por hijos ni embarazo. Algunos miembros del equipo podrian tener que reportar si un niño "
    "esta en peligro, asi que se lo diran antes de que cuente algo, y usted decide que "
    "contarles.",
}
REPORTED_QUESTIONS = [
    ("will you report me", "en"), ("are you gonna report me", "en"),
    ("r u going to report me?", "en"), ("¿me van a reportar?", "es"),
    ("do you have to tell dcf", "en"), ("do u have to report me to dcf", "en"),
    ("will they take my baby", "en"), ("are they gonna take my kids?", "en"),
    ("will you take my kids away", "en"), ("will dcf take my baby", "en"),
    ("will child services find out", "en"), ("do you call cps", "en"),
    ("¿me van a quitar a mis hijos?", "es"), ("me van a quitar el bebé", "es"),
    ("¿le avisan a DCF?", "es"), ("me van a quitar a los nenes?", "es"),
    ("me van a quitar a la nena", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), REPORTED_QUESTIONS)
def test_asked_whether_they_are_reported_they_get_the_honest_answer(text, language) -> None:
    found = detect(text)
    assert found is not None and found.kind == "privacy" and found.about_dcf, text
    assert found.language == ("es" if language == "es" else None)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == REPORTED[language]
    assert "1) " in out.replies[-1]
    for node in ("town", "best_time", "team"):
        before = state_at("self_referral", node, language)
        before["vars"] = {"needs": ["coach"]}
        out = step(FLOWS, before, text, ctx())
        assert out.replies == (f"{REPORTED[language]}\n{RESUME[language]}",)
        assert (out.state["node"], out.state["vars"]) == (node, {"needs": ["coach"]})
        assert out.effects == ()


@pytest.mark.parametrize(
    "text",
    ["dcf took my kids", "they took my baby", "my kids are with my mom",
     "i want to take my kids to the park", "me quitaron a mis hijos"],
)  # fmt: skip
def test_stories_about_children_are_no_question_about_being_reported(text: str) -> None:
    found = detect(text)
    assert found is None or not found.about_dcf, text


# Asked about probation or parole: we don't contact them, and the Good Samaritan law keeps a
# call to 911 for an overdose from being a violation. Once only "not the police".
PROBATION = {
    "en": "Hampshire HOPE Line does not contact probation or parole. If you call 911 for an "
    "overdose, the MA Good Samaritan law protects you and the person overdosing from being "
    "violated on probation, parole or pretrial release for evidence found because you sought "
    "help.",
    "es": "Hampshire HOPE Line no se comunica con libertad condicional ni bajo palabra. "
    "Si llama al 911 por una sobredosis, la ley del Buen Samaritano de MA les protege a usted y "
    "a la persona de sanciones en su libertad condicional, bajo palabra o previa al juicio por "
    "lo hallado al pedir ayuda.",
}
PROBATION_QUESTIONS = [
    ("do u tell my PO", "en"), ("is this confidential do u tell my PO", "en"),
    ("do you tell my probation officer", "en"), ("will my parole officer find out", "en"),
    ("im on probation will they find out i used", "en"), ("what if im on probation", "en"),
    ("do you have to tell my po", "en"),
    ("¿le avisan a mi oficial de libertad condicional?", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), PROBATION_QUESTIONS)
def test_asked_about_probation_they_are_told_we_dont_contact_it(text, language) -> None:
    found = detect(text)
    assert found is not None and found.kind == "privacy" and found.about_probation, text
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == PROBATION[language]
    assert "1) " in out.replies[-1]
    before = state_at("self_referral", "town", language)
    out = step(FLOWS, before, text, ctx())
    assert out.replies == (f"{PROBATION[language]}\n{RESUME[language]}",)
    assert out.state["node"] == "town"


# A pregnant person who uses: welcome, why stopping opioids all at once can be risky, the
# medication used in pregnancy, and how to have our team reach out. Never a lecture.
PREGNANT = {
    "en": "Thank you for telling us. You're welcome here. Stopping opioids suddenly in "
    "pregnancy can be risky, so it may help to talk with a doctor or our team about "
    "medication: methadone and buprenorphine are used safely in pregnancy. To have our team "
    "reach out, text MENU and pick 1.",
    "es": "Gracias por decirnos. Aqui es bienvenida. Dejar los opioides de golpe en el "
    "embarazo puede ser riesgoso, asi que puede ayudar hablar con un médico o con el equipo "
    "sobre medicamentos: la metadona y la buprenorfina se usan con seguridad en el embarazo. "
    "Para que el equipo le contacte, envie MENU y elija 1.",
}
PREGNANT_AND_USING = [
    ("im pregnant and using", "en"), ("I'm pregnant and still using", "en"),
    ("i am pregnant and i use fent", "en"), ("im pregnant and using dope", "en"),
    ("estoy embarazada y uso", "es"), ("estoy embarazada y sigo usando", "es"),
    ("estoy preñada y uso", "es"), ("toy preñá y sigo usando", "es"),
    ("estoy en estado y me estoy inyectando", "es"), ("estoy embarazada y me meto", "es"),
    # About to use: this got the menu alone.
    ("im pregnant and gonna use tonight", "en"), ("im pregnant and about to use", "en"),
    ("estoy embarazada y voy a usar", "es"), ("estoy embarazada y voy a consumir hoy", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), PREGNANT_AND_USING)
def test_a_pregnant_person_who_uses_is_welcomed_then_offered_support(text, language) -> None:
    found = detect(text)
    assert found is not None and found.kind == "pregnant", text
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == PREGNANT[language]
    assert "1) " in out.replies[-1]
    assert all(e.kind != "log_event" for e in out.effects)
    before = state_at("self_referral", "town", language)
    out = step(FLOWS, before, text, ctx())
    assert out.replies == (f"{PREGNANT[language]}\n{RESUME[language]}",)
    assert out.state["node"] == "town"


def test_pregnant_and_asking_about_dcf_gets_both_answers_then_the_menu() -> None:
    """This once got the menu alone."""
    text = "im pregnant and still using fent. if i talk to u guys will u call dcf on me"
    out = step(FLOWS, None, text, ctx())
    assert out.replies[:2] == (REPORTED["en"], PREGNANT["en"])
    assert "1) " in out.replies[-1]


POLICE_REFUSED = {lang: DEFAULT_STRINGS["police_refused"][lang] for lang in ("en", "es")}
USING_ALONE = {lang: DEFAULT_STRINGS["using_alone"][lang] for lang in ("en", "es")}


@pytest.mark.parametrize(
    ("text", "language"),
    [("im pregnant and using, no police", "en"), ("estoy embarazada y uso, sin policia", "es")],
)
def test_pregnant_and_refusing_police_gets_both_answers_then_the_menu(text, language) -> None:
    """This got the police answer alone: the pregnancy answer was lost."""
    out = step(FLOWS, None, text, ctx())
    assert out.replies[:2] == (POLICE_REFUSED[language], PREGNANT[language])
    assert "1) " in out.replies[-1]
    assert any(e.kind == "refuse_police" for e in out.effects)
    before = state_at("self_referral", "town", language)
    out = step(FLOWS, before, text, ctx())
    assert out.replies[:2] == (POLICE_REFUSED[language], PREGNANT[language])
    assert out.state["node"] == "town"


@pytest.mark.parametrize(
    ("text", "language"),
    [("im pregnant and using alone", "en"), ("im pregnant and i use by myself", "en"),
     ("estoy embarazada y estoy usando sola", "es"), ("estoy embarazada y voy a usar sola", "es"),
     ("im pregnant and gonna use alone tonight", "en")],
)  # fmt: skip
def test_pregnant_and_using_alone_gets_the_pregnancy_answer_then_never_use_alone(
    text, language
) -> None:
    """This got the pregnancy answer alone: Never Use Alone was lost. Never Use Alone follows
    without thanking a second time ("Thank you for telling us." opened both texts)."""
    thanks = {"en": "Thank you for telling us. ", "es": "Gracias por decirnos. "}[language]
    assert USING_ALONE[language].startswith(thanks) and PREGNANT[language].startswith(thanks)
    after_thanks = USING_ALONE[language].removeprefix(thanks)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[:2] == (PREGNANT[language], after_thanks)
    assert "1) " in out.replies[-1]
    before = state_at("self_referral", "town", language)
    out = step(FLOWS, before, text, ctx())
    assert out.replies == (PREGNANT[language], f"{after_thanks}\n{RESUME[language]}")


@pytest.mark.parametrize(
    "text",
    ["my girlfriend is pregnant and using", "im pregnant", "i used when i was pregnant",
     "im not pregnant and i use"],
)  # fmt: skip
def test_other_words_about_pregnancy_are_not_a_pregnant_person_who_uses(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "pregnant", text


@pytest.mark.parametrize("name", ["not_dcf", "probation", "pregnant_using"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_reporting_and_pregnancy_texts_are_protected_plain_gsm_in_two_segments(
    name: str, language: str
) -> None:
    assert name in SYSTEM_ONLY_STRINGS
    shipped = FLOWS["system"].strings[name][language]
    assert DEFAULT_STRINGS[name][language] == shipped
    said = shipped.replace("{program_name}", "Hampshire HOPE Line")
    assert encoding(said) == "GSM-7" and segments(said) <= 2
