"""Asking who we are, or to start over, mid-conversation is answered, never taken as an answer."""

from __future__ import annotations

import pytest

from flows.about_us import asks_who_we_are
from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS, SYSTEM_ONLY_STRINGS, detect
from flows.police import refuses_police
from flows.sms import encoding, segments
from flows.text import normalise
from tests.test_engine_interrupts import EVERY_STATE, FLOWS, ctx, state_at

WHO = [
    "who is this", "Who is this?", "whos this", "who dis", "who are you", "who r u",
    "is this free", "¿Quién es?", "quien eres",
]  # fmt: skip
# Asking whether a person or a machine answers is told so plainly (the "automated" text, see
# tests/test_engine_a_person_and_the_law.py), and is still a question about us.
ARE_YOU_A_BOT = [
    "is this a real person?", "are you a bot", "r u a bot", "Is this a robot", "are you human",
    "am i talking to a real person", "is this automated", "¿es una persona real?",
    "¿eres un robot?",
]  # fmt: skip
# "is this confidential" is answered with what police may know (tests/test_engine_a_person_and_
# the_law.py).
# The fear behind these is answered, not only who we are.
POLICE_QUESTIONS = [
    ("is this the cops?", "en"), ("are you the police", "en"), ("is this a cop", "en"),
    ("are you with the police", "en"), ("r u cops", "en"), ("Is this the police department?", "en"),
    ("am i talking to the police", "en"), ("wait are you police officers", "en"),
    ("es usted policia", "es"), ("¿Es la policía?", "es"), ("¿son policías?", "es"),
    ("¿ustedes son la policía?", "es"), ("esto es la policia", "es"),
    ("¿hablo con la policía?", "es"), ("are you guys cops", "en"), ("r yall cops?", "en"),
    ("are you guys the police", "en"),
    # "la jara" and "la poli" are the police in Puerto Rican Spanish
    ("esto es la jara?", "es"), ("¿es la jara?", "es"), ("ustedes son la jara", "es"),
    ("¿hablo con la jara?", "es"), ("son la poli?", "es"),
]  # fmt: skip
NOT_POLICE = {
    "en": "No, this is Hampshire HOPE Line, confidential substance use support. Police join "
    "your team only if you say so. You can text NO POLICE any time.",
    "es": "No, esto es Hampshire HOPE Line, apoyo confidencial sobre sustancias. La policia "
    "solo entra en su equipo si usted acepta. Envie SIN POLICIA cuando quiera.",
}
NOT_WHO = [
    "who is this for", "my son is a real person", "is this the place for narcan",
    "are you open now", "the cops took him", "police are fine", "is this where i get narcan",
]  # fmt: skip
START_OVER = [
    "start over", "Start over please", "can we start over", "start again", "back to the menu",
    "main menu", "empezar de nuevo", "volver a empezar",
]  # fmt: skip
HELP_START = "Hampshire HOPE Line: free, confidential substance use support"


@pytest.mark.parametrize("text", WHO + ARE_YOU_A_BOT + [text for text, _ in POLICE_QUESTIONS])
def test_questions_about_us_are_recognised(text: str) -> None:
    assert asks_who_we_are(normalise(text))[0]


@pytest.mark.parametrize(("text", "language"), POLICE_QUESTIONS)
def test_asking_if_we_are_the_police_is_told_apart(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "who" and found.about_police
    assert found.language == ("es" if language == "es" else None)


@pytest.mark.parametrize("text", WHO)
def test_other_questions_about_us_are_not_about_the_police(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "who" and not found.about_police


@pytest.mark.parametrize("text", NOT_WHO)
def test_other_texts_are_not_questions_about_us(text: str) -> None:
    assert not asks_who_we_are(normalise(text))[0]


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize("text", WHO)
def test_a_question_about_us_is_answered_and_the_question_waits(flow_id, node, text) -> None:
    before = state_at(flow_id, node)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    assert len(out.replies) == 1 and out.replies[0].startswith(HELP_START)
    assert "call 413-555-0100" in out.replies[0]
    assert out.replies[0].endswith("reply to our last question to carry on, or text MENU.")
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["vars"] == {"needs": ["coach"]}
    assert "refuse_police" not in [e.kind for e in out.effects]


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize(("text", "language"), POLICE_QUESTIONS)
def test_asking_if_we_are_the_police_is_answered_and_the_question_waits(
    flow_id, node, text, language
) -> None:
    before = state_at(flow_id, node, language)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    (reply,) = out.replies
    resume = {
        "en": "When you're ready, reply to our last question to carry on, or text MENU.",
        "es": "Cuando quiera, responda a la ultima pregunta para seguir, o envie MENU.",
    }[language]
    assert reply == f"{NOT_POLICE[language]}\n{resume}"
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["vars"] == {"needs": ["coach"]}
    assert out.effects == ()  # asking is no refusal: nothing is decided for them


@pytest.mark.parametrize(("text", "language"), POLICE_QUESTIONS)
def test_a_first_text_asking_if_we_are_the_police_is_answered_then_the_menu(text, language):
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == NOT_POLICE[language]
    assert "1) " in out.replies[1]
    assert (out.state["flow"], out.state["node"], out.state["language"]) == (
        "menu",
        "welcome",
        language,
    )


def test_asking_if_we_are_the_police_from_a_number_that_opted_out_gets_no_reply() -> None:
    out = step(FLOWS, state_at("menu", "welcome"), "is this the cops", ctx(opted_out=True))
    assert out.replies == () and out.effects == ()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_answer_is_a_protected_plain_gsm_text_whose_advice_works(language) -> None:
    """Only the system flow may say it; the words it gives are heard as a refusal."""
    assert "not_police" in SYSTEM_ONLY_STRINGS
    shipped = FLOWS["system"].strings["not_police"][language]
    assert DEFAULT_STRINGS["not_police"][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) == 1
    advice = {"en": "NO POLICE", "es": "SIN POLICIA"}[language]
    assert advice in shipped and refuses_police(advice) is not None


def test_is_this_the_cops_is_not_taken_as_a_name() -> None:
    out = step(FLOWS, state_at("self_referral", "name"), "is this the cops?", ctx())
    assert "name" not in out.state["vars"]
    assert out.state["node"] == "name"


def test_a_first_text_asking_who_we_are_gets_the_menu_that_says_so() -> None:
    out = step(FLOWS, None, "who is this?", ctx())
    assert out.replies[0].startswith("Hampshire HOPE Line: free, confidential support")
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")


def test_a_question_about_us_in_a_spanish_conversation_is_answered_in_spanish() -> None:
    out = step(FLOWS, state_at("family", "offer", "es"), "¿quién es?", ctx())
    assert "apoyo gratis y confidencial" in out.replies[0]
    assert out.state["language"] == "es"


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize("text", START_OVER)
def test_starting_over_in_words_goes_back_to_the_menu(flow_id, node, text) -> None:
    out = step(FLOWS, state_at(flow_id, node), text, ctx())
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")
    assert out.state["vars"] == {}
    assert "1) " in out.replies[-1]


# Asked with a request to stop ("who is this? stop texting me"), the request is what counts.
ASK_THEN_STOP = [
    ("who is this? stop texting me", "en"), ("Who is this, leave me alone", "en"),
    ("whos this. please stop", "en"), ("is this the cops? stop texting me", "en"),
    ("¿Quién es? Dejen de escribirme", "es"), ("quien es? no me escriban mas", "es"),
    ("are you a bot? stop texting me", "en"), ("¿eres un robot? ya no me escriban", "es"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), ASK_THEN_STOP)
def test_a_question_about_us_with_a_request_to_stop_opts_out(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "opt_out"
    assert found.language == language


@pytest.mark.parametrize(("flow_id", "node"), [("menu", "welcome"), ("self_referral", "name")])
def test_who_is_this_stop_texting_me_is_never_an_answer(flow_id: str, node: str) -> None:
    out = step(FLOWS, state_at(flow_id, node), "who is this? stop texting me", ctx())
    assert [e.kind for e in out.effects] == ["opt_out"]
    assert out.state["flow"] is None and out.state["vars"] == {}


def test_asking_if_we_are_the_police_and_refusing_them_keeps_police_out() -> None:
    """Said after agreeing to police, the refusal is what counts from now on."""
    before = state_at("self_referral", "name")
    before["vars"] = {"peers_only": False}
    out = step(FLOWS, before, "is this the police? i dont want them here", ctx())
    assert [e.kind for e in out.effects] == ["refuse_police"]
    assert out.state["vars"]["peers_only"] is True
    assert "name" not in out.state["vars"]


# "why do you need my town?": asked at a question, it got "reply with a number" or "couldn't
# find that place". The honest answer: to find the nearest team member and sites, and SKIP.
WHY_TOWN = [
    ("why do you need my town?", "en"), ("why do u need my zip", "en"),
    ("why do you need to know my town", "en"), ("why do you want my location", "en"),
    ("what do you need my town for", "en"), ("why are you asking for my zip code", "en"),
    ("do i have to give my town", "en"), ("why my town?", "en"),
    ("¿por qué necesitan mi pueblo?", "es"), ("para que quieren saber mi codigo postal", "es"),
]  # fmt: skip
WHY_TOWN_TEXT = {
    "en": "We ask for your town only to find the team member and naloxone sites nearest you. "
    "You don't have to say: you can reply SKIP.",
    "es": "Pedimos su pueblo solo para encontrar al miembro del equipo y los sitios de "
    "naloxona mas cercanos. No tiene que decirlo: puede responder SALTAR.",
}


@pytest.mark.parametrize(("text", "language"), WHY_TOWN)
def test_asking_why_we_need_a_town_is_answered_then_the_menu(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "privacy" and found.about_the_town, text
    assert found.language == ("es" if language == "es" else None)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == WHY_TOWN_TEXT[language]
    assert "1) " in out.replies[-1]
    assert (out.state["flow"], out.state["language"]) == ("menu", language)


@pytest.mark.parametrize(
    ("flow_id", "node"), [("self_referral", "town"), ("family", "town"), ("naloxone", "ask"),
                          ("self_referral", "contact")]
)  # fmt: skip
@pytest.mark.parametrize(("text", "language"), WHY_TOWN)
def test_asking_why_we_need_a_town_mid_conversation_is_answered_and_the_question_waits(
    flow_id: str, node: str, text: str, language: str
) -> None:
    before = state_at(flow_id, node, language)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    resume = {
        "en": "When you're ready, reply to our last question to carry on, or text MENU.",
        "es": "Cuando quiera, responda a la ultima pregunta para seguir, o envie MENU.",
    }[language]
    assert out.replies == (f"{WHY_TOWN_TEXT[language]}\n{resume}",)
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["vars"] == {"needs": ["coach"]}
    assert out.effects == ()


def test_after_asking_why_skip_leaves_the_town_out() -> None:
    asked = step(FLOWS, state_at("self_referral", "town"), "why do you need my town", ctx())
    out = step(FLOWS, asked.state, "SKIP", ctx())
    assert out.state["node"] == "contact" and out.state["vars"]["town"] is None


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_why_town_text_is_editable_plain_gsm_in_one_segment(language: str) -> None:
    shipped = FLOWS["system"].strings["why_town"][language]
    assert DEFAULT_STRINGS["why_town"][language] == shipped == WHY_TOWN_TEXT[language]
    assert encoding(shipped) == "GSM-7" and segments(shipped) == 1
    assert "why_town" not in SYSTEM_ONLY_STRINGS


@pytest.mark.parametrize(
    "text",
    ["my town is amherst", "why", "i need help in my town", "what town", "why do you need that",
     "my zip is 01060"],
)  # fmt: skip
def test_other_texts_do_not_ask_why_we_need_a_town(text: str) -> None:
    found = detect(text)
    assert found is None or not found.about_the_town


# Asking what we keep, who reads it, or to have it deleted: what is kept, STOP, and the number
# to call to have it deleted (staff erase a person on request).
OUR_RECORDS = [
    ("erase my data", "en"), ("delete my info", "en"), ("i want my records deleted", "en"),
    ("do you keep my texts", "en"), ("who can see my messages", "en"), ("who sees my texts", "en"),
    ("can you delete my texts please", "en"), ("how long do you keep my messages?", "en"),
    ("how do i get my data deleted", "en"), ("what do you do with my info", "en"),
    ("borren mis datos", "es"), ("quiero que borren mis mensajes", "es"),
    ("guardan mis mensajes?", "es"), ("quien puede ver mis mensajes", "es"),
]  # fmt: skip
OUR_RECORDS_TEXT = {
    "en": "Only our team sees your texts. We keep them for a set time so we can help, then "
    "delete your words and your number, and keep only counts. Text STOP to stop our texts. "
    "To have your texts deleted now, call 413-555-0100.",
    "es": "Solo nuestro equipo ve sus mensajes. Los guardamos un tiempo para poder ayudarle, "
    "luego borramos sus palabras y su numero, y solo quedan cifras. Envie STOP para no "
    "recibir mas mensajes. Para que borremos sus mensajes ahora, llame al 413-555-0100.",
}


@pytest.mark.parametrize(("text", "language"), OUR_RECORDS)
def test_asking_what_we_keep_or_to_delete_it_is_told_how(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "privacy" and found.about_records, text
    assert found.language == ("es" if language == "es" else None)
    out = step(FLOWS, None, text, ctx())
    assert out.replies[0] == OUR_RECORDS_TEXT[language]
    assert (out.state["flow"], out.state["language"]) == ("menu", language)
    mid = step(FLOWS, state_at("self_referral", "town", language), text, ctx())
    assert mid.replies[0].startswith(OUR_RECORDS_TEXT[language])
    assert (mid.state["flow"], mid.state["node"]) == ("self_referral", "town")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_our_records_text_is_editable_plain_gsm(language: str) -> None:
    shipped = FLOWS["system"].strings["our_records"][language]
    assert DEFAULT_STRINGS["our_records"][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2
    assert "{program_phone}" in shipped and "STOP" in shipped


@pytest.mark.parametrize(
    "text", ["is this confidential", "do you report to police", "who will see this", "delete"]
)
def test_other_questions_are_not_about_our_records(text: str) -> None:
    found = detect(text)
    assert found is None or not found.about_records


# Police, the law and records, asked in the words people use: answered, and the question waits.
# "will this go on my record" at the town question once got "Did you mean Williamsburg?".
ASKED_IN_OTHER_WORDS = [
    ("will they arrest me", "law"), ("are the cops going to arrest me", "law"),
    ("am i going to jail", "law"), ("do i have to talk to a cop", "privacy"),
    ("do i have to talk to the police", "privacy"), ("will there be cops", "privacy"),
    ("¿tengo que hablar con la policía?", "privacy"),
    ("will this go on my record", "records"), ("does this go on my record?", "records"),
    ("is this on my record", "records"), ("can you delete everything i sent", "records"),
    ("delete everything i sent", "records"), ("can you delete this conversation", "records"),
    ("¿esto queda en mi récord?", "records"),
    ("is this reported to dcf", "dcf"), ("do you report to DCF?", "dcf"),
    ("will dcf find out", "dcf"), ("are you dcf", "dcf"), ("will you call dcf on me", "dcf"),
    ("is this reported to child protective services", "dcf"), ("do you tell cps", "dcf"),
    ("¿le avisan a DCF?", "dcf"),
]  # fmt: skip
NOT_DCF = {
    "en": "Texting us is not a report to anyone, not to DCF or the police.",
    "es": "Escribirnos no es hacer un reporte a nadie, ni a DCF ni a la policia.",
}


CONFIDENTIAL_START = {
    "en": "Hampshire HOPE Line is confidential substance use support, not the police.",
    "es": "Hampshire HOPE Line es apoyo confidencial sobre sustancias, no la policia.",
}


def _asked_language(text: str) -> str:
    return "es" if text.startswith("¿") else "en"


@pytest.mark.parametrize(("text", "about"), ASKED_IN_OTHER_WORDS)
def test_questions_about_police_records_and_dcf_in_other_words_are_recognised(text, about):
    found = detect(text)
    assert found is not None and found.kind == "privacy", text
    assert found.language == ("es" if _asked_language(text) == "es" else None)
    assert found.about_the_law == (about == "law")
    assert found.about_records == (about == "records")
    assert found.about_dcf == (about == "dcf")


@pytest.mark.parametrize(("node"), ["town", "team", "name"])
@pytest.mark.parametrize(("text", "about"), ASKED_IN_OTHER_WORDS)
def test_questions_in_other_words_are_answered_and_the_question_waits(text, about, node):
    language = _asked_language(text)
    before = state_at("self_referral", node, language)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    said = " ".join(out.replies)
    assert "find that place" not in said and "encontr" not in said
    first = {"dcf": NOT_DCF, "records": OUR_RECORDS_TEXT}.get(about, CONFIDENTIAL_START)
    assert out.replies[0].startswith(first[language])
    assert (out.state["node"], out.state["vars"]) == (node, {"needs": ["coach"]})
    assert out.effects == ()


@pytest.mark.parametrize(
    "text",
    ["police are fine i guess but will they arrest me",
     "police ok, but do i have to talk to a cop?", "2 but will this go on my record"],
)  # fmt: skip
def test_a_consent_to_police_with_a_question_is_answered_and_never_taken(text: str) -> None:
    """ "police are fine i guess but will they arrest me" was asked again with no answer, and
    the "2" that followed took police with the question never answered."""
    before = state_at("self_referral", "team")
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    said = " ".join(out.replies)
    assert "not the police" in said or "Only our team sees your texts" in said
    assert "reply with a number" not in said
    assert (out.state["node"], out.state["vars"]) == ("team", {"needs": ["coach"]})
    assert out.effects == ()


def test_a_question_after_a_town_is_answered_and_the_town_asked_again() -> None:
    before = state_at("self_referral", "town")
    out = step(FLOWS, before, "im in ware, will they arrest me", ctx())
    assert out.replies[0].startswith("Hampshire HOPE Line is confidential")
    assert out.state["node"] == "town"


@pytest.mark.parametrize(
    "text",
    ["my son got arrested", "they arrested him last week", "i have a record",
     "my record is clean", "the cops arrested me last year", "dcf took my kids",
     "i work for dcf", "i deleted everything"],
)  # fmt: skip
def test_stories_of_arrest_records_or_dcf_are_no_question(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "privacy", text


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_not_dcf_text_is_protected_plain_gsm_in_two_segments(language: str) -> None:
    """What the program may say: texting is no report, to DCF or the police; no promise that
    nobody ever reports, which staff who are mandated reporters could not keep."""
    assert "not_dcf" in SYSTEM_ONLY_STRINGS
    shipped = FLOWS["system"].strings["not_dcf"][language]
    assert DEFAULT_STRINGS["not_dcf"][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2
    assert "DCF" in shipped
    assert "never report" not in shipped.lower() and "nunca" not in shipped.lower()
