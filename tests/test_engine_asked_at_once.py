"""Harm-reduction answers a first text asks for at once: using alone, withdrawal, a menu
number said with a please, a naloxone word misspelt. Nobody is sent the menu alone when they
said what they need."""

from __future__ import annotations

import pytest

from flows.interrupts import DEFAULT_STRINGS, REQUIRED_WORDS, detect
from flows.script import load_shipped_flows
from flows.sms import encoding, non_gsm_characters, segments
from flows.text import as_number, match_choice, match_many
from tests.test_engine_paths import converse

FLOWS = load_shipped_flows()
NEVER_USE_ALONE = "1-800-484-3731"
MENU_CHOICES = [["self"], ["family"], ["naloxone"], ["language"]]


@pytest.mark.parametrize(
    ("text", "language", "then"),
    [
        ("im gonna use alone tonight", "en", ("menu", "welcome")),
        ("using by myself tonight", "en", ("self_referral", "needs")),
        ("voy a usar solo esta noche", "es", ("menu", "welcome")),
        ("no one is here with me when i use", "en", ("self_referral", "needs")),
        ("I always use alone", "en", ("menu", "welcome")),
        ("estoy sola y voy a usar", "es", ("menu", "welcome")),
    ],
)
def test_using_alone_gets_never_use_alone_then_the_menu_or_the_self_referral(
    text: str, language: str, then: tuple[str, str]
) -> None:
    (out,) = converse([text])
    first = out.replies[0]
    assert NEVER_USE_ALONE in first and "911" in first and "Narcan" in first
    assert out.state["language"] == language
    assert (out.state["flow"], out.state["node"]) == then
    assert not any(e.kind == "log_event" for e in out.effects)  # information, no emergency


@pytest.mark.parametrize(
    "text",
    ["i live alone", "i want to be alone", "i dont use alone", "my son uses alone", "hi",
     "i never use alone", "im home alone", "nobody is home and im bored",
     "no ones around and im using the computer", "can someone stay on the phone with me",
     "im alone rn", "can someone stay with my son while i use the bathroom"],
)  # fmt: skip
def test_being_alone_without_using_alone_is_no_never_use_alone_text(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "using_alone"


@pytest.mark.parametrize(
    "text",
    ["im home alone and about to use", "im alone rn gonna get high", "gonna do a shot by myself",
     "no one's around and im using", "nobody is home and im gonna get high",
     "can someone stay on the phone while i use", "I'm all alone right now and gonna use"],
)  # fmt: skip
def test_using_alone_said_other_ways_gets_never_use_alone(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "using_alone", text
    (out,) = converse([text])
    assert NEVER_USE_ALONE in out.replies[0]


def test_an_overdose_alone_is_still_the_emergency_for_oneself() -> None:
    found = detect("im alone and i used too much help")
    assert found is not None and found.kind == "emergency" and found.about_self


def test_using_alone_mid_conversation_is_answered_and_the_question_waits() -> None:
    out = converse(["hi", "2", "im using alone tonight"])[-1]
    assert NEVER_USE_ALONE in out.replies[0] and "MENU" in out.replies[0]
    assert out.state["flow"] == "family"


@pytest.mark.parametrize(
    ("texts", "found"),
    [
        (["where can i get narcan im using alone tonight"], "What town or ZIP code"),
        (["narcan in amherst, i use by myself"], "near Amherst"),
        (["hi", "where can i get narcan im using alone tonight"], "What town or ZIP code"),
        (["donde consigo narcan voy a usar solo esta noche"], "pueblo o codigo postal"),
    ],
)
def test_a_naloxone_search_that_tells_of_using_alone_gets_never_use_alone_too(
    texts: list[str], found: str
) -> None:
    """Naloxone does nothing for a person alone who can't give it to themselves."""
    out = converse(texts)[-1]
    assert NEVER_USE_ALONE in out.replies[0], out.replies
    assert found in out.replies[-1], out.replies


def test_a_naloxone_search_without_using_alone_has_no_never_use_alone_text() -> None:
    out = converse(["where can i get narcan for my son, he uses alone"])[-1]
    assert not any(NEVER_USE_ALONE in reply for reply in out.replies)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_using_alone_text_is_shipped_editable_and_must_say_911(language: str) -> None:
    shipped = FLOWS["system"].strings["using_alone"][language]
    assert DEFAULT_STRINGS["using_alone"][language] == shipped
    assert REQUIRED_WORDS["using_alone"] == "911"
    assert NEVER_USE_ALONE in shipped and shipped.isascii()


@pytest.mark.parametrize(
    ("text", "language", "then"),
    [
        ("got out of prison yesterday. first time using in 2 yrs tonight prob. what do i need "
         "to know", "en", ("menu", "welcome")),
        ("gonna use tonight first time since i got out", "en", ("menu", "welcome")),
        ("im scared im gonna use, just got released", "en", ("menu", "welcome")),
        ("just got out of detox and im gonna get high", "en", ("self_referral", "town")),
        ("been clean 6 months and i relapsed last night", "en", ("self_referral", "needs")),
        ("just got out and im gonna use alone tonight", "en", ("menu", "welcome")),
        ("acabo de salir de la carcel y voy a usar esta noche", "es", ("menu", "welcome")),
        ("sali del programa y voy a usar", "es", ("menu", "welcome")),
        ("llevaba un año sin usar y volvi a usar anoche", "es", ("menu", "welcome")),
        # Holyoke's Puerto Rican and Dominican Spanish: "el tanque", "la institución", "me voy
        # a meter", "endrogarme"
        ("sali del tanque ayer y me voy a meter hoy", "es", ("menu", "welcome")),
        ("acabo de salir de la institución y voy a usar", "es", ("menu", "welcome")),
        ("salí de la cárcel y me quiero endrogar", "es", ("menu", "welcome")),
    ],
)  # fmt: skip
def test_using_after_a_break_gets_the_tolerance_text_then_the_conversation_goes_on(
    text: str, language: str, then: tuple[str, str]
) -> None:
    """The weeks after jail, detox or any time without using are when overdoses kill: the
    body no longer takes what it used to."""
    (out,) = converse([text])
    first = out.replies[0]
    assert ("tolerance" if language == "en" else "tolerancia") in first
    assert NEVER_USE_ALONE in first and "Narcan" in first and "911" in first
    assert "MENU" in first  # someone to talk to, from any point
    assert out.state["language"] == language
    assert (out.state["flow"], out.state["node"]) == then
    assert not any(e.kind == "log_event" for e in out.effects)  # information, no emergency


@pytest.mark.parametrize(
    "text",
    ["just got out of work", "got out of the hospital", "i got out of jail last year",
     "just got out of work and im gonna use the bathroom", "been clean 6 months",
     "acabo de salir de la carcel", "sali del trabajo y voy a usar la computadora",
     "sali de la carcel y me voy a meter a trabajar",
     "sali del tanque y me voy a meter en un programa",
     "my son just got out of jail and hes gonna use", "im not gonna use, just got released",
     "im gonna use alone tonight", "i relapsed"],
)  # fmt: skip
def test_no_tolerance_text_without_both_a_break_and_using(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "after_a_break", text
    assert not any("tolerance" in reply for out in converse([text]) for reply in out.replies)


def test_just_released_and_asking_for_treatment_reaches_the_self_referral() -> None:
    """Treatment asked for is the answer: no use told, so no words about using."""
    (out,) = converse(["just got released, need help getting on subs"])
    assert out.state["flow"] == "self_referral"
    assert out.state["vars"]["needs"] == ["treatment"]
    assert not any("tolerance" in reply for reply in out.replies)


def test_using_after_a_break_mid_conversation_is_answered_and_the_question_waits() -> None:
    out = converse(["hi", "2", "just got out of jail and im gonna use tonight"])[-1]
    assert "tolerance" in out.replies[0] and "MENU" in out.replies[0]
    assert out.state["flow"] == "family"


def test_a_naloxone_search_after_a_break_gets_the_tolerance_text_first() -> None:
    out = converse(["just got out of prison and gonna use, where can i get narcan"])[-1]
    assert "tolerance" in out.replies[0] and NEVER_USE_ALONE in out.replies[0]
    assert "What town or ZIP code" in out.replies[-1], out.replies


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_tolerance_text_is_shipped_editable_short_and_must_say_911(language: str) -> None:
    shipped = FLOWS["system"].strings["after_a_break"][language]
    assert DEFAULT_STRINGS["after_a_break"][language] == shipped
    assert REQUIRED_WORDS["after_a_break"] == "911"
    assert NEVER_USE_ALONE in shipped and not non_gsm_characters(shipped)
    assert segments(shipped) <= 2


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("im dope sick af", ["treatment"]),
        ("been dope sick 3 days", ["treatment"]),
        ("where can i get subs today im sick", ["treatment"]),
        ("estoy enfermo sin la droga", ["treatment"]),
        ("im withdrawing", ["treatment"]),
        # Very sick (dehydration can be dangerous): a person reaches out too.
        ("been dope sick 3 days throwing up cant keep water down", ["coach", "treatment"]),
    ],
)
def test_withdrawal_gets_the_treatment_information_at_once(text: str, needs: list[str]) -> None:
    (out,) = converse([text])
    assert out.state["flow"] == "self_referral"
    assert out.state["vars"]["needs"] == needs
    assert any("800-327-5050" in reply for reply in out.replies)


@pytest.mark.parametrize(
    "text",
    ["my son is dope sick", "my girlfriend is withdrawing", "mi hija esta enferma sin la droga"],
)
def test_a_loved_one_in_withdrawal_is_family_support(text: str) -> None:
    assert converse([text])[-1].state["flow"] == "family"


@pytest.mark.parametrize(
    ("texts", "flow_id"),
    [
        (["hi", "1 pls"], "self_referral"),
        (["hi", "2 please"], "family"),
        (["hi", "3 thx"], "naloxone"),
        (["hola", "uno por favor"], "self_referral"),
        (["hi", "#2 thank you"], "family"),
    ],
)
def test_a_menu_number_said_with_a_courtesy_picks_the_option(
    texts: list[str], flow_id: str
) -> None:
    assert converse(texts)[-1].state["flow"] == flow_id


@pytest.mark.parametrize(
    ("text", "number"),
    [("1 pls", 1), ("please 2", 2), ("uno por favor", 1), ("my 2 sons", None), ("1 2", None),
     ("no thanks", None), ("2 and 3 please", None)],
)  # fmt: skip
def test_a_courtesy_around_a_number_leaves_the_number(text: str, number: int | None) -> None:
    assert as_number(text) == number


def test_two_numbers_with_a_please_are_still_two_picks() -> None:
    assert match_many("1 2 please", MENU_CHOICES) == [0, 1]
    assert match_choice("my 2 sons", MENU_CHOICES) is None


@pytest.mark.parametrize(
    ("text", "place"),
    [("narcn in hadley", "Hadley"), ("narcon amherst", "Amherst"),
     ("nalaxone 01060", "Northampton"), ("narkan in ware", "Ware")],
)  # fmt: skip
def test_a_misspelt_naloxone_word_is_the_naloxone_search(text: str, place: str) -> None:
    (out,) = converse([text])
    assert f"Free naloxone near {place}" in out.replies[0]


@pytest.mark.parametrize("text", ["narcam", "narcon", "narcn"])
def test_a_misspelt_naloxone_word_alone_asks_the_finders_question(text: str) -> None:
    (out,) = converse([text])
    assert out.state["flow"] == "naloxone"


@pytest.mark.parametrize("text", ["i gave him narcon hes breathing now", "used narcn on her"])
def test_naloxone_given_misspelt_is_still_the_emergency(text: str) -> None:
    found = detect(text)
    assert found is not None and found.kind == "emergency"


NALOXONE_AND_A_PERSON = [
    ("i need narcan and someone to talk to", "en"),
    ("where can i get narcan, also i want to talk to someone about getting clean", "en"),
    ("narcan + a coach", "en"),
    ("necesito narcan y alguien con quien hablar", "es"),
]


@pytest.mark.parametrize("first", [[], ["hi"]])
@pytest.mark.parametrize(("text", "language"), NALOXONE_AND_A_PERSON)
def test_naloxone_and_someone_to_talk_to_gets_the_sites_then_the_request(
    first: list[str], text: str, language: str
) -> None:
    """Naloxone first, then the request for a person, its town taken from the search."""
    asked, found = converse([*first, text, "amherst"])[-2:]
    assert asked.state["flow"] == "naloxone"
    assert any("Tapestry mobile stop Amherst" in reply for reply in found.replies)
    assert (found.state["flow"], found.state["node"]) == ("self_referral", "contact")
    assert found.state["vars"] == {
        "needs": ["coach", "naloxone"],
        "needs_words": None,
        "town": "Amherst",
    }
    assert found.state["language"] == language
    # Where to find naloxone was just said: the self-referral's naloxone text is not.
    assert sum("nextdistro.org" in reply for reply in found.replies) == 1


def test_naloxone_and_someone_to_talk_to_with_a_town_gets_both_at_once() -> None:
    (out,) = converse(["i need narcan and someone to talk to, im in amherst"])
    assert "Free naloxone near Amherst" in out.replies[0]
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "contact")
    assert out.state["vars"] == {
        "needs": ["coach", "naloxone"],
        "needs_words": None,
        "town": "Amherst",
    }


def test_naloxone_for_a_loved_one_and_someone_to_talk_to_gets_family_support_after() -> None:
    asked, found = converse(["narcan for my brother, and i need someone to talk to", "amherst"])
    assert asked.state["flow"] == "naloxone"
    assert any("Tapestry mobile stop Amherst" in reply for reply in found.replies)
    assert found.state["flow"] == "family"
    assert found.state["vars"]["relationship"] == "sibling"
    assert found.state["node"] == "offer"


@pytest.mark.parametrize(
    "text", ["narcan", "narcan for my brother", "necesito narcan", "where can i get narcan"]
)
def test_naloxone_alone_ends_with_the_sites(text: str) -> None:
    asked, found = converse([text, "amherst"])
    assert asked.state["flow"] == "naloxone"
    assert found.state["flow"] is None


# --- a wound told: tranq (xylazine) wounds, or signs a wound is getting worse ---------------------

WOUND_CARE = {
    "en": "Wounds, tranq (xylazine) wounds too, can get serious.",
    "es": "Las heridas de tranq (xilacina) y otras pueden ponerse graves.",
}


MENU = ("menu", "welcome")


@pytest.mark.parametrize(
    ("text", "language", "then"),
    [("got a wound on my arm from tranq its getting black and smells", "en", MENU),
     ("my leg wound is spreading", "en", MENU),
     ("i have tranq wounds", "en", MENU),
     ("xylazine sores on my legs", "en", MENU),
     ("tengo una herida de tranq", "es", MENU),
     ("la herida se me está pudriendo", "es", MENU),
     ("tengo una llaga que está supurando", "es", MENU),
     ("la herida se me infectó", "es", MENU),
     ("tengo una herida que se está regando", "es", MENU),
     # "mi" alone picks no "Apoyo para mi", as "my leg wound" picks no "Support for myself".
     ("la herida de mi pierna huele mal", "es", MENU)],
)  # fmt: skip
def test_a_wound_told_gets_wound_care_then_the_menu(
    text: str, language: str, then: tuple[str, str]
) -> None:
    """These got the menu alone: nothing about seeing a doctor or where to get wound care."""
    found = detect(text)
    assert found is not None and found.kind == "wound", found
    (out,) = converse([text])
    care = out.replies[0]
    assert care.startswith(WOUND_CARE[language]), out.replies
    assert "Tapestry" in care and ("NEEDLES" in care or "JERINGAS" in care), care
    assert out.state["language"] == language
    assert (out.state["flow"], out.state["node"]) == then
    assert not any(e.kind == "log_event" for e in out.effects)  # information, no emergency


@pytest.mark.parametrize(
    "text",
    ["im all wound up", "i wound up in ware", "my wound is healing fine", "i have a sore throat",
     "emotional wounds from my childhood", "hi"],
)  # fmt: skip
def test_other_words_are_no_wound(text: str) -> None:
    found = detect(text)
    assert found is None or found.kind != "wound", found


def test_a_wound_told_mid_conversation_is_answered_and_the_question_waits() -> None:
    out = converse(["hi", "2", "my tranq wound is getting black"])[-1]
    assert out.replies[0].startswith(WOUND_CARE["en"]) and "MENU" in out.replies[0]
    assert out.state["flow"] == "family"


def test_a_wound_said_beside_the_help_picked_is_answered_and_kept() -> None:
    out = converse(["hi", "1", "1 and i have tranq wounds"])[-1]
    assert out.replies[0].startswith(WOUND_CARE["en"]), out.replies
    assert out.state["vars"]["needs"] == ["coach"]
    assert out.state["vars"]["needs_words"] == "1 and i have tranq wounds"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_wound_care_text_is_shipped_editable_and_gsm7(language: str) -> None:
    shipped = FLOWS["system"].strings["wound_care"][language]
    assert DEFAULT_STRINGS["wound_care"][language] == shipped
    assert encoding(shipped) == "GSM-7" and segments(shipped) <= 2, shipped
    assert "Tapestry" in shipped
