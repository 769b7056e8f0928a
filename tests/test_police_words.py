"""A refusal of police is heard in plain words, in English and Spanish; stories and questions
about the police, and consent, are not."""

from __future__ import annotations

import pytest

from flows.police import refuses_police

HEARD = [
    ("no police", "en"), ("No police please", "en"), ("no cops", "en"), ("NO COPS!!", "en"),
    ("no cops ok", "en"), ("i dont want police", "en"), ("I don't want police anymore", "en"),
    ("I dont want the police involved", "en"), ("i do not want any cops", "en"),
    ("dont send police", "en"), ("Please don't send the cops", "en"), ("don't call the cops", "en"),
    ("no police officers please", "en"), ("no more police", "en"), ("never police", "en"),
    ("without police", "en"), ("not ok with police", "en"), ("police is not ok", "en"),
    ("cops are not welcome", "en"), ("keep the police out of it", "en"),
    ("anyone but police", "en"), ("peers only", "en"), ("I take back my consent to police", "en"),
    ("my son doesnt want cops", "en"), ("nope, no police", "en"), ("no law enforcement", "en"),
    ("no quiero policia", "es"), ("No quiero policía", "es"), ("sin policia", "es"),
    ("sin policías por favor", "es"), ("nada de policia", "es"), ("no, sin policia", "es"),
    ("no policia", "es"), ("policía no", "es"), ("ningún policía", "es"),
    ("no manden a la policia", "es"), ("no llamen a la policía", "es"),
    ("ya no quiero que venga la policia", "es"), ("solo pares", "es"),
    ("dont send an officer", "en"), ("I dont want an officer", "en"),
    ("i dont want them to call police", "en"), ("i dont want you to call the cops", "en"),
    ("im done with cops", "en"), ("i want nothing to do with the police", "en"),
    ("i dont trust cops", "en"), ("no quiero nada con la policia", "es"),
]  # fmt: skip
NOT_HEARD = [
    "the police took my son", "will the police come?", "police can come", "police ok",
    "police are fine", "no, police ok", "no, police are ok", "no police came",
    "there were no police", "no cops showed up", "is it ok if no police come",
    "do you work with the police", "my brother is a cop", "the officer was nice", "no", "hi",
    "I want to talk to a peer", "la policia se llevo a mi hijo", "¿vendrá la policía?",
    "la policia puede venir", "no hay policia aqui", "no vino la policia", "con policia",
    "policy", "polite", "the cops already came", "my son is a cop", "cops took my narcan",
    "cops scare me", "le tengo miedo a la policia", "the cops are done with him",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), HEARD)
def test_a_refusal_of_police_is_heard(text: str, language: str) -> None:
    found = refuses_police(text)
    assert found is not None and found.language == language


@pytest.mark.parametrize("text", NOT_HEARD)
def test_stories_questions_and_consent_are_not_refusals(text: str) -> None:
    assert refuses_police(text) is None


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("no police", ""),
        ("no police please, thank you", ""),
        ("ok no cops", ""),
        ("no, sin policia", ""),
        ("text me, no police", "text me"),
        ("yes send it. No cops", "yes send it"),
        ("coach and narcan but no police", "coach and narcan"),
        ("Amherst, dont send police", "amherst"),
    ],
)
def test_what_else_the_text_says_is_kept(text: str, rest: str) -> None:
    found = refuses_police(text)
    assert found is not None and found.rest == rest


# Asking if we are the police, then refusing "them": the refusal names the police by the question.
HEARD_AFTER_ASKING = [
    ("is this the police? i dont want them here", "en"), ("are you cops? dont send them", "en"),
    ("is this the cops lol no thanks", "en"), ("r u the police? I don't want you involved", "en"),
    ("¿es la policía? no los quiero", "es"), ("son policias? no gracias", "es"),
]  # fmt: skip
NOT_HEARD_AFTER_ASKING = [
    "is this the police? i need help", "are you cops? thats fine", "is this the police? ok",
    "who is this? i dont want them here", "is this a bot? no thanks", "es la policia? ayuda",
]  # fmt: skip


@pytest.mark.parametrize(("text", "language"), HEARD_AFTER_ASKING)
def test_refusing_them_after_asking_if_we_are_the_police_is_heard(text, language) -> None:
    refusal = refuses_police(text)
    assert refusal is not None and refusal.language == language and refusal.rest == ""


@pytest.mark.parametrize("text", NOT_HEARD_AFTER_ASKING)
def test_other_words_after_a_question_about_us_refuse_nothing(text: str) -> None:
    assert refuses_police(text) is None
