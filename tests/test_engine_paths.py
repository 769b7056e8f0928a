"""Every path through the shipped flows, in English and Spanish, answer by answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

import pytest

from flows.engine import step
from flows.interrupts import DEFAULT_STRINGS
from flows.places_data import default_directory
from flows.script import load_shipped_flows
from flows.sms import encoding, segments
from flows.types import Context, Outcome

FLOWS = load_shipped_flows()
DIRECTORY = default_directory()
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))


def converse(texts: Sequence[str]) -> list[Outcome]:
    """Send the texts one after another, a minute apart."""
    state = None
    outcomes = []
    for i, text in enumerate(texts):
        out = step(FLOWS, state, text, Context(now=NOW + timedelta(minutes=i), places=DIRECTORY))
        state = out.state
        outcomes.append(out)
    return outcomes


def cases(outcomes: Sequence[Outcome]) -> list[dict]:
    return [dict(e.data) for o in outcomes for e in o.effects if e.kind == "create_case"]


@pytest.mark.parametrize(
    ("first", "language", "expected"),
    [
        ("hi", "en", "1) Support for myself"),
        ("Hello?", "en", "4) Español"),
        ("", "en", "Reply STOP any time"),
        ("🙂", "en", "not an emergency service"),
        ("hola", "es", "1) Apoyo para mi"),
        ("ayuda", "es", "4) English"),
        ("necesito información", "es", "No somos un servicio de emergencia"),
        ("Buenas tardes", "es", "STOP para salir"),
        ("recaí", "es", "1) Apoyo para mi"),
        ("basta de drogas", "es", "1) Apoyo para mi"),
        ("el paso", "en", "1) Support for myself"),
        ("q tal", "es", "1) Apoyo para mi"),
        ("disculpe", "es", "1) Apoyo para mi"),
        ("Bendición", "es", "1) Apoyo para mi"),
        ("bendicion", "es", "1) Apoyo para mi"),
    ],
)
def test_first_contact_shows_the_menu(first: str, language: str, expected: str) -> None:
    (out,) = converse([first])
    assert expected in out.replies[0]
    assert out.state["language"] == language
    assert (out.state["flow"], out.state["node"]) == ("menu", "welcome")


@pytest.mark.parametrize(
    ("first", "says"),
    [("me pueden ayudar?", "¿Con qué le gustaria ayuda?"),
     ("alguien me puede ayudar?", "¿Con qué le gustaria ayuda?"),
     ("tienen narcan?", "La naloxona (Narcan) es gratis")],
)  # fmt: skip
def test_a_spanish_first_text_asking_for_help_is_answered_in_spanish(first: str, says: str) -> None:
    (out,) = converse([first])
    assert out.state["language"] == "es"
    assert says in out.replies[-1]


@pytest.mark.parametrize(
    ("answer", "flow_id"),
    [
        ("1", "self_referral"), ("one", "self_referral"), ("me", "self_referral"),
        ("Myself", "self_referral"), ("uno", "self_referral"), ("para mi", "self_referral"),
        ("2", "family"), ("family", "family"), ("a friend", "family"), ("familia", "family"),
        ("dos", "family"), ("3", "naloxone"), ("narcan", "naloxone"), ("Naloxone", "naloxone"),
        ("naloxona", "naloxone"), ("three", "naloxone"),
    ],
)  # fmt: skip
def test_menu_answers(answer: str, flow_id: str) -> None:
    out = converse(["hi", answer])[-1]
    assert out.state["flow"] == flow_id


@pytest.mark.parametrize("answer", ["4", "español", "Spanish", "cuatro"])
def test_menu_switches_to_spanish(answer: str) -> None:
    out = converse(["hi", answer])[-1]
    assert out.state["language"] == "es"
    assert "1) Apoyo para mi" in out.replies[-1]
    assert ("set_language", {"language": "es"}) in [(e.kind, dict(e.data)) for e in out.effects]


@pytest.mark.parametrize("answer", ["7", "what?", "0", "-1", "asdfgh", "🙂🙂", "x" * 2000])
def test_menu_retries_kindly(answer: str) -> None:
    out = converse(["hi", answer])[-1]
    assert out.replies and "1) Support for myself" in out.replies[0]
    assert out.replies[0].startswith("We're here for you. So we can find the right help")
    assert out.state["node"] == "welcome"


@pytest.mark.parametrize(
    ("answer", "flow_id"),
    [("I relapsed", "self_referral"), ("im using again", "self_referral"),
     ("I want to stop using", "self_referral"), ("i need detox", "self_referral"),
     ("can i get test strips", "naloxone"), ("quiero dejar de usar", "self_referral"),
     ("my brother is using again", "family"), ("my son needs detox", "family"),
     ("i need help with my son", "family"), ("my girlfriend relapsed", "family"),
     ("mi hermano esta usando", "family"),
     ("I keep using and it is killing my family", "self_referral"),
     ("I can't stop using", "self_referral"), ("i cant stop", "self_referral"),
     ("I need help with my sun", "family"), ("need someone to call me. Im his mom", "family"),
     ("can someone call me, I'm her dad", "family"), ("i am his wife", "family"),
     ("es para mi hijo", "family"), ("ayuda para mi hija", "family"),
     ("necesito ayuda para mi esposo", "family"), ("ayuda para mi", "self_referral")],
)  # fmt: skip
def test_the_menu_hears_what_people_say_they_need(answer: str, flow_id: str) -> None:
    """People answer the menu in their own words; a plain ask is never met with a retry."""
    out = converse(["hi", answer])[-1]
    assert out.state["flow"] == flow_id


@pytest.mark.parametrize(
    ("first", "flow_id", "node"),
    [("I need help with my son", "family", "needs"),
     ("My son died of an overdose last year and I am struggling", "family", "town"),
     ("I relapsed", "self_referral", "needs"), ("can you help me", "self_referral", "needs"),
     ("quiero dejar de usar", "self_referral", "needs"),
     ("hi", "menu", "welcome"), ("yo", "menu", "welcome"), ("good morning", "menu", "welcome"),
     ("1", "menu", "welcome"), ("what do i do", "menu", "welcome"),
     ("hi im sam", "menu", "welcome"), ("mi hermano volvió a usar", "family", "needs"),
     ("recaí", "menu", "welcome"),
     ("mi novio", "family", "needs"), ("help for my family", "family", "relationship")],
)  # fmt: skip
def test_a_first_text_that_says_what_it_is_about_answers_the_menu(
    first: str, flow_id: str, node: str
) -> None:
    """The welcome (program, not an emergency service, STOP) still comes first."""
    (out,) = converse([first])
    welcome = [r for r in out.replies if "Reply STOP any time" in r or "STOP para salir" in r]
    assert len(welcome) == 1
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    # The welcome, then the next question; a loss told first also gets its condolences.
    expected = 1 if flow_id == "menu" and first != "what do i do" else 2
    assert len(out.replies) == expected + (node == "town")


@pytest.mark.parametrize(
    ("texts", "flow_id", "language"),
    [(["yo whats up"], "menu", "en"), (["yo wassup"], "menu", "en"),
     (["hi", "yo whats good"], "menu", "en"), (["yo my boy is using again"], "family", "en"),
     (["hi", "yo"], "self_referral", "en"), (["hola", "yo"], "self_referral", "es"),
     (["hola", "yo mismo"], "self_referral", "es"), (["yo necesito ayuda"], "self_referral", "es"),
     (["hola", "es para mi"], "self_referral", "es")],
)  # fmt: skip
def test_yo_picks_support_for_myself_only_alone_or_in_spanish(texts, flow_id, language) -> None:
    """ "yo" is Spanish "I", and an English greeting: "yo whats up" says nothing of whom."""
    out = converse(texts)[-1]
    assert (out.state["flow"], out.state["language"]) == (flow_id, language)


# Many text the day after their own nonfatal overdose, as a hospital or EMS gave them the
# number: that says who the help is for, as "I relapsed" does. Someone else's overdose is family
# support; the subject ("overdose prevention") or a question says nothing of whom.
@pytest.mark.parametrize(
    ("text", "flow_id"),
    [("i overdosed last night", "self_referral"),
     ("i od'd last week and want help", "self_referral"),
     ("I had an overdose on saturday", "self_referral"),
     ("i was narcanned yesterday", "self_referral"),
     ("the hospital gave me this number after i overdosed", "self_referral"),
     ("i overdosed last night and the ems guys said to text this", "self_referral"),
     ("got out of the hospital after my overdose", "self_referral"),
     ("tuve una sobredosis anoche", "self_referral"),
     ("my son overdosed last week", "family"),
     ("my friend overdosed last night, hes ok now", "family"),
     ("mi hijo tuvo una sobredosis anoche", "family"),
     ("overdose prevention class", "menu"), ("what do i do if someone ods", "menu")],
)  # fmt: skip
def test_a_past_overdose_answers_the_menu_for_whom_it_was(text: str, flow_id: str) -> None:
    for texts in ([text], ["hi", text]):  # the first text, or the answer to the menu
        out = converse(texts)[-1]
        assert out.state["flow"] == flow_id
        assert ("log_event", {"event": "emergency"}) not in [
            (e.kind, dict(e.data)) for e in out.effects
        ]


# Family members text a fear of an overdose to come: family support, whose first choice is
# naloxone (the risk is highest after release from jail or prison, or after treatment ends),
# not the 911 steps. A fear that names no loved one gets the menu.
@pytest.mark.parametrize(
    ("text", "flow_id", "language"),
    [("i'm worried my son will overdose", "family", "en"),
     ("my brother just got out of jail and i'm scared he'll od", "family", "en"),
     ("my daughter is leaving rehab and i'm worried she'll overdose", "family", "en"),
     ("afraid my husband is going to overdose", "family", "en"),
     ("tengo miedo que mi hijo tenga una sobredosis", "family", "es"),
     ("mi esposo sale de la carcel y tengo miedo que le de una sobredosis", "family", "es"),
     ("what if she ods while im at work", "menu", "en"), ("scared he'll od", "menu", "en")],
)  # fmt: skip
def test_a_feared_overdose_gets_support_not_the_911_steps(
    text: str, flow_id: str, language: str
) -> None:
    (out,) = converse([text])
    assert ("log_event", {"event": "emergency"}) not in [
        (e.kind, dict(e.data)) for e in out.effects
    ]
    assert (out.state["flow"], out.state["language"]) == (flow_id, language)
    said = " ".join(out.replies)
    assert "If someone may be overdosing" not in said
    assert "Si alguien puede tener una sobredosis" not in said
    if flow_id == "family":
        assert out.state["node"] == "needs"
        assert "naloxone" in said or "naloxona" in said


@pytest.mark.parametrize(
    ("first", "node", "relationship", "needs"),
    [("my son died last month from an overdose", "town", "parent", ["grief"]),
     ("mi hijo murió de una sobredosis", "town", "parent", ["grief"]),
     ("lost my sister in march", "town", "sibling", ["grief"]),
     # A lost job is no bereavement.
     ("my friend lost his job and is using", "needs", "friend", None),
     ("my daughter is using, I want to learn about it", "town", "parent", ["learn"]),
     # "me" and "support" are too common to be a choice of "Support for me".
     ("help me with my son, hes using again", "needs", "parent", None),
     ("how do i support my girlfriend", "needs", "partner", None),
     # A number in the words is not an option's number.
     ("my 2 sons are using and my mom too", "needs", "child", None),
     ("my son is 4 days out of the hospital", "needs", "parent", None),
     ("help for my family", "relationship", None, None),
     # For someone else says nothing of who they are to them: "otra" is no "Otra relación".
     ("otra persona", "relationship", None, None),
     ("necesito ayuda para otra persona", "relationship", None, None),
     ("es para alguien más", "relationship", None, None),
     ("otra persona, mi primo", "needs", "other", None),
     ("mi primo esta usando", "needs", "other", None),
     # What nearly happened did not: no condolences for a son who is alive.
     ("my son almost died last night, he's using again", "needs", "parent", None),
     ("my mom nearly died from an od", "needs", "child", None),
     ("mi hijo casi murió anoche", "needs", "parent", None),
     # Needing help is not needing it now: no 911 text for "my friend needs help".
     ("my son needs help, hes using again", "needs", "parent", None),
     ("my friend needs help", "needs", "friend", None),
     ("mi hijo necesita ayuda", "needs", "parent", None),
     ("my daughter needs help right now", "town", "parent", ["now"]),
     ("my son needs help asap", "town", "parent", ["now"]),
     ("mi hijo necesita ayuda ahora", "town", "parent", ["now"])],
)  # fmt: skip
def test_words_that_answer_the_menu_answer_the_family_questions_they_name(
    first: str, node: str, relationship: str | None, needs: list[str] | None
) -> None:
    """Nobody who said "my son died" is asked how they are connected and what would help."""
    out = converse([first])[-1]
    assert (out.state["flow"], out.state["node"]) == ("family", node)
    assert out.state["vars"].get("relationship") == relationship
    assert out.state["vars"].get("needs") == needs
    said = " ".join(out.replies)
    assert ("How are you connected" in said or "Qué relacion" in said) is (node == "relationship")
    if needs == ["grief"]:
        assert ("sorry for your loss" in said) or ("Sentimos mucho" in said)


@pytest.mark.parametrize(
    ("answer", "needs"),
    [("he needs help now", ["now"]), ("she needs help right now", ["now"]),
     ("needs help asap", ["now"]), ("he needs help", None), ("she needs help, shes using", None),
     # "Now" alone is no call for help now.
     ("my daughter is home now from the hospital after an overdose", None),
     ("hes living with us now", None), ("ahora vive con nosotros", None),
     ("necesita ayuda ahora", ["now"]), ("ahora mismo", ["now"])],
)  # fmt: skip
def test_at_what_would_help_only_help_needed_now_is_help_now(answer, needs) -> None:
    out = converse(["hi", "2", "my son", answer])[-1]
    assert out.state["vars"].get("needs") == needs
    said = " ".join(out.replies)
    assert ("call 911 now" in said) is (needs == ["now"])


@pytest.mark.parametrize(
    ("first", "node", "needs", "said"),
    [("i need detox", "town", ["treatment"], "800-327-5050"),
     ("i relapsed and i need detox", "town", ["treatment"], "800-327-5050"),
     ("help me, i need someone to talk to", "town", ["coach"], "What town"),
     ("I'm not ready for treatment, I need help", "needs", None, "What would you like help"),
     ("i need help with something else", "needs", None, "What would you like help"),
     ("I relapsed", "needs", None, "What would you like help")],
)  # fmt: skip
def test_words_that_answer_the_menu_answer_what_the_person_needs(
    first: str, node: str, needs: list[str] | None, said: str
) -> None:
    """Treatment only when asked for: a refusal or "not sure" is asked what would help."""
    out = converse([first])[-1]
    assert (out.state["flow"], out.state["node"]) == ("self_referral", node)
    assert out.state["vars"].get("needs") == needs
    assert said in " ".join(out.replies)


def test_a_reply_to_the_menu_in_words_answers_the_questions_it_names() -> None:
    out = converse(["hi", "my husband passed away from fentanyl"])[-1]
    assert out.state["node"] == "town"
    assert out.state["vars"] == {"relationship": "partner", "needs": ["grief"], "needs_words": None}
    # A number answers the menu alone.
    assert converse(["hi", "2"])[-1].state["node"] == "relationship"


SELF_REFERRAL = [
    # (texts after "hi", expected create_case data)
    (
        ["1", "1", "amherst", "1", "1", "1", "Sam", "1"],
        {"kind": "self_referral", "needs": ["coach"], "town": "Amherst", "contact_method": "text",
         "best_time": "morning", "peers_only": True, "name": "Sam", "language": "en",
         "needs_words": None},
    ),
    (
        ["me", "coach, supplies, narcan", "noho", "call", "evening", "police is ok", "skip", "yes"],
        {"kind": "self_referral", "needs": ["coach", "supplies", "naloxone"],
         "town": "Northampton", "contact_method": "call", "best_time": "evening",
         "peers_only": False, "name": None, "language": "en",
         "needs_words": None},
    ),
    (
        ["1", "treatment", "skip", "2", "weekends after noon", "peers only", "Al", "send"],
        {"kind": "self_referral", "needs": ["treatment"], "town": None, "contact_method": "call",
         "best_time": "weekends after noon", "peers_only": True, "name": "Al", "language": "en",
         "needs_words": None},
    ),
    (
        ["4", "1", "2 3", "01027", "2", "texto", "tarde", "sin policia", "omitir", "si"],
        {"kind": "self_referral", "needs": ["supplies", "naloxone"], "town": "Westhampton",
         "contact_method": "text", "best_time": "afternoon", "peers_only": True, "name": None,
         "language": "es",
         "needs_words": None},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("texts", "case"), SELF_REFERRAL)
def test_self_referral_paths(texts: list[str], case: dict) -> None:
    outcomes = converse(["hi", *texts])
    assert cases(outcomes) == [case]
    final = outcomes[-1]
    assert ("24 hours" in final.replies[-1]) or ("24 horas" in final.replies[-1])
    assert final.state["flow"] is None


@pytest.mark.parametrize(
    ("need", "says"),
    [
        ("2", "Never Use Alone (1-800-484-3731)"),
        ("3", "nextdistro.org"),
        ("4", "800-327-5050"),
    ],
)
def test_self_referral_information_comes_only_when_chosen(need: str, says: str) -> None:
    chosen = converse(["hi", "1", need])[-1]
    assert any(says in r for r in chosen.replies)
    other = converse(["hi", "1", "1"])[-1]
    assert not any(says in r for r in other.replies)


@pytest.mark.parametrize(
    ("first", "language"),
    [("i need clean needles", "en"), ("need syringes", "en"), ("necesito jeringas", "es"),
     ("tiras de prueba de fentanilo", "es"), ("fentanyl test strips", "en")],
)  # fmt: skip
def test_asking_for_test_strips_or_syringes_is_told_where_to_find_them(
    first: str, language: str
) -> None:
    """Asked for supplies with no place and no "where", the person is told how to find them
    now (the words that list sites), in one plain text, and the team is asked to bring them
    (the self-referral's supplies need). Asking where gets the sites (test_supply_finder)."""
    (out,) = converse([first])
    assert out.state["flow"] == "self_referral" and out.state["vars"]["needs"] == ["supplies"]
    (info,) = [r for r in out.replies if "Never Use Alone" in r]
    assert ("STRIPS or NEEDLES" in info and "test strips" in info) or (
        "TIRAS" in info and "Tiras de prueba" in info
    )
    assert (encoding(info), segments(info)) == ("GSM-7", 1), info


@pytest.mark.parametrize("first", ["im 15 and i think im addicted", "i am addicted to pills"])
def test_saying_you_are_addicted_is_asking_for_yourself(first: str) -> None:
    (out,) = converse([first])
    assert out.state["flow"] == "self_referral"


def test_a_loved_one_said_to_be_addicted_is_family() -> None:
    (out,) = converse(["my son is addicted"])
    assert out.state["flow"] == "family"


def test_the_police_question_says_what_each_answer_means() -> None:
    out = converse(["hi", "1", "1", "amherst", "1", "1"])[-1]
    text = out.replies[-1]
    assert "1) Peers only, no police" in text
    assert "2) A police officer may be part of the team" in text
    assert "no police are involved" in text


def test_change_goes_back_to_the_summary() -> None:
    outcomes = converse(["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "change", "6", "Jo"])
    assert "Name: Jo" in outcomes[-1].replies[-1]
    assert outcomes[-1].state["node"] == "confirm"
    out = converse(["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "change", "5", "2", "1"])
    assert cases(out)[0]["peers_only"] is False


def test_saying_no_at_the_summary_sends_nothing() -> None:
    outcomes = converse(["hi", "1", "1", "amherst", "1", "1", "1", "Sam", "no"])
    assert cases(outcomes) == []
    assert "won't send anything" in outcomes[-1].replies[-1]


# hi, myself, coach, Amherst, call, morning, peers only, Sam: the summary waits.
TO_THE_SUMMARY = ["hi", "1", "1", "amherst", "2", "1", "1", "Sam"]


@pytest.mark.parametrize(
    ("correction", "asked", "answer", "field", "value"),
    [("yes but text me not call", "How should we reach you?", "1", "contact_method", "text"),
     ("yes send it, and my name is actually Jess", "What name should we use?", "Jess", "name",
      "Jess"),
     ("yes but my town is Hadley", "What town do you live in", "hadley", "town", "Hadley"),
     ("si, pero mejor por mensaje", "How should we reach you?", "1", "contact_method", "text")],
)  # fmt: skip
def test_a_yes_with_a_correction_at_the_summary_sends_nothing_and_asks_for_the_change(
    correction: str, asked: str, answer: str, field: str, value: str
) -> None:
    """ "Yes but text me, not call" was sent as "Prefers a call": a yes that changes something
    sends nothing. The question its words name is asked, then the summary again."""
    outcomes = converse([*TO_THE_SUMMARY, correction])
    assert cases(outcomes) == []
    said = outcomes[-1].replies
    assert "not sent it yet" in said[0] and said[-1].startswith(asked)
    outcomes = converse([*TO_THE_SUMMARY, correction, answer])
    assert outcomes[-1].state["node"] == "confirm"
    assert outcomes[-1].replies[-1].startswith("Here is what we'll share")
    (case,) = cases(converse([*TO_THE_SUMMARY, correction, answer, "yes"]))
    assert case[field] == value


@pytest.mark.parametrize("text", ["yes but one question", "yes but one thing", "yes but wait"])
def test_a_yes_with_a_but_and_nothing_named_shows_the_summary_again(text: str) -> None:
    outcomes = converse([*TO_THE_SUMMARY, text])
    assert cases(outcomes) == []
    out = outcomes[-1]
    assert "not sent it yet" in out.replies[0] and "Contact: Call me, Morning" in out.replies[-1]
    assert out.state["node"] == "confirm"
    assert len(cases(converse([*TO_THE_SUMMARY, text, "1"]))) == 1


@pytest.mark.parametrize("text", ["yes", "yes send it", "yes please, thank you so much", "1",
                                  "ok", "yes thats right", "send it", "yes correct"])  # fmt: skip
def test_a_plain_yes_at_the_summary_still_sends(text: str) -> None:
    assert len(cases(converse([*TO_THE_SUMMARY, text]))) == 1


FAMILY = [
    (
        ["2", "1", "1", "amherst", "1", "2"],
        {"kind": "family", "needs": ["learn"], "town": "Amherst", "relationship": "parent",
         "contact_method": "call", "best_time": "afternoon", "peers_only": True, "language": "en",
         "needs_words": None},
        ["learn2cope.org", "no priming"],
    ),
    (
        ["family", "my husband", "3 4", "ware", "yes", "any"],
        {"kind": "family", "needs": ["now", "grief"], "town": "Ware", "relationship": "partner",
         "contact_method": "call", "best_time": "any", "peers_only": True, "language": "en",
         "needs_words": None},
        ["call 911 now", "800-327-5050", "GRASP"],
    ),
    (
        ["4", "2", "hermana", "2", "skip", "si", "noche"],
        {"kind": "family", "needs": ["self"], "town": None, "relationship": "sibling",
         "contact_method": "call", "best_time": "evening", "peers_only": True, "language": "es",
         "needs_words": None},
        ["833-773-2445"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("texts", "case", "resources"), FAMILY)
def test_family_paths(texts: list[str], case: dict, resources: list[str]) -> None:
    outcomes = converse(["hi", *texts])
    assert cases(outcomes) == [case]
    said = " ".join(r for o in outcomes for r in o.replies)
    for resource in resources:
        assert resource in said


@pytest.mark.parametrize("no", ["2", "no", "not now", "ahora no"])
def test_family_without_a_call_back(no: str) -> None:
    outcomes = converse(["hi", "2", "friend", "grief", "hadley", no])
    assert cases(outcomes) == []
    assert "GRASP" in " ".join(outcomes[-3].replies)  # said before the town question
    assert outcomes[-1].state["flow"] is None


@pytest.mark.parametrize(
    ("place", "town", "zip_code"),
    [
        ("northampton", "Northampton", None),
        ("Northhampton", "Northampton", None),
        ("noho", "Northampton", None),
        ("01060", "Northampton", "01060"),
        ("Amherst", "Amherst", None),
        ("i live in belchertown", "Belchertown", None),
        ("01002", None, "01002"),
    ],
)
def test_naloxone_finder(place: str, town: str | None, zip_code: str | None) -> None:
    out = converse(["hi", "3", place])[-1]
    assert len(out.replies) == 2
    sites, mail = out.replies
    assert sites.count("\n") == 3  # a header and three sites
    assert "Unverified: call ahead." in sites.splitlines()[0]  # once, for the whole list
    assert ("open now" in sites.lower()) or ("closed now" in sites.lower())
    assert "nextdistro.org" in mail
    (search,) = [e.data for e in out.effects if e.kind == "log_search"]
    assert search["town"] == town and search["zip"] == zip_code and search["results"] == 3
    assert isinstance(search["nearest_km"], float)


def test_naloxone_finder_suggests_and_asks_again() -> None:
    out = converse(["hi", "3", "nrthhamton"])[-1]
    assert "couldn't find" in out.replies[0]
    assert "Did you mean Northampton?" in out.replies[0]
    assert out.state["node"] == "ask"
    (search,) = [e.data for e in out.effects if e.kind == "log_search"]
    assert search == {"town": None, "zip": None, "results": 0, "nearest_km": None}


@pytest.mark.parametrize(("first", "mail"), [("hi", "nextdistro.org"), ("hola", "por correo")])
@pytest.mark.parametrize("place", ["atlantis", "hampton", "idk"])
def test_a_place_we_cannot_find_still_offers_naloxone_by_mail(
    first: str, mail: str, place: str
) -> None:
    """However the answer fails, suggestions or not, the mail-order kit comes with it."""
    (reply,) = converse([first, "3", place])[-1].replies
    assert mail in reply


@pytest.mark.parametrize("answer", ["idk", "near me", "I don't know", "rather not say", "no se"])
def test_the_finder_asks_plainly_when_the_answer_names_no_place(answer: str) -> None:
    """ "idk" once got "Did you mean Middlefield or Chesterfield or Hatfield?"."""
    out = converse(["hi", "3", answer])[-1]
    (reply,) = out.replies
    assert "Did you mean" not in reply and "Quiso decir" not in reply
    assert "town or ZIP code near you" in reply and "nextdistro.org" in reply
    assert (out.state["flow"], out.state["node"]) == ("naloxone", "ask")


@pytest.mark.parametrize(
    ("first", "answer", "words"),
    [("hi", "homeless", "No address needed"), ("hi", "I'm staying in my car", "No address needed"),
     ("hi", "no fixed address", "No address needed"),
     ("hola", "sin casa", "No necesita direccion"),
     ("hola", "no tengo casa", "No necesita direccion"),
     ("hola", "deambulante", "No necesita direccion")],
)  # fmt: skip
def test_the_finder_tells_someone_with_no_address_that_none_is_needed(
    first: str, answer: str, words: str
) -> None:
    """Naloxone by mail needs an address, so it is not offered to someone who has none."""
    out = converse([first, "3", answer])[-1]
    (reply,) = out.replies
    assert words in reply and "Northampton" in reply
    assert "nextdistro.org" not in reply
    assert (out.state["flow"], out.state["node"]) == ("naloxone", "ask")
    after = converse([first, "3", answer, "amherst"])[-1]
    assert "Amherst" in after.replies[0]


OPTIONAL_TOWN = [["hi", "1", "1"], ["hola", "1", "1"], ["hi", "2", "friend", "learn"]]


@pytest.mark.parametrize("start", OPTIONAL_TOWN)
@pytest.mark.parametrize(
    "answer",
    ["rather not say", "I'd rather not say", "none of your business", "prefiero no decir",
     "skip", "prefer not to say", "homeless", "no fixed address", "I'm homeless right now",
     "sin hogar", "idk"],
)  # fmt: skip
def test_an_optional_town_question_takes_a_refusal_or_no_address_as_a_skip(
    start: list[str], answer: str
) -> None:
    """Before, "rather not say" or "homeless" got "Did you mean Amherst or Northampton?"."""
    before, out = converse([*start, answer])[-2:]
    assert before.state["node"] == "town"
    assert out.state["node"] != "town"
    assert out.state["vars"]["town"] is None
    said = " ".join(out.replies)
    assert "Did you mean" not in said and "couldn't find" not in said


def test_a_town_given_with_no_fixed_address_is_kept() -> None:
    out = converse(["hi", "1", "1", "homeless, mostly in noho"])[-1]
    assert out.state["vars"]["town"] == "Northampton"


@pytest.mark.parametrize(
    ("place", "town"),
    [("easthampton ma 01027", "Easthampton"), ("01027 westhampton", "Westhampton"),
     ("Pelham, 01002", "Pelham"), ("AMHERST 01002", "Amherst")],
)  # fmt: skip
def test_a_town_said_with_its_shared_zip_is_not_asked_again(place: str, town: str) -> None:
    out = converse(["hi", "1", "1", place])[-1]
    assert out.state["node"] == "contact" and out.state["vars"]["town"] == town
    out = converse(["hi", "3", place])[-1]
    assert f"Free naloxone near {town}." in out.replies[0]


def test_a_zip_across_the_state_gets_mail_order_not_far_sites() -> None:
    out = converse(["hi", "3", "02139"])[-1]
    sites, mail = out.replies
    assert "don't have a naloxone site listed near Cambridge" in sites
    assert "nextdistro.org" in mail
    (search,) = [e.data for e in out.effects if e.kind == "log_search"]
    assert search["results"] == 0


@pytest.mark.parametrize(("place", "zip_code"), [("Springfield", "01101"), ("Holyoke", "01040")])
def test_a_town_outside_the_county_is_found_as_its_zip_is(place: str, zip_code: str) -> None:
    """ "narcan Springfield" once dropped the town, "Springfield" as an answer got "Did you
    mean Plainfield?", while its ZIP listed sites: now both give the ZIP's sites."""
    by_name = converse([f"narcan {place}"])[-1]
    by_zip = converse([f"narcan {zip_code}"])[-1]
    assert by_name.replies[0].splitlines()[1:] == by_zip.replies[0].splitlines()[1:]
    assert f"Free naloxone near {place}." in by_name.replies[0]
    (search,) = [e.data for e in by_name.effects if e.kind == "log_search"]
    assert (search["town"], search["zip"], search["results"]) == (place, None, 3)
    answered = converse(["hi", "3", place])[-1]
    assert f"Free naloxone near {place}." in answered.replies[0]


@pytest.mark.parametrize(
    ("texts", "says"),
    [(["hola necesito narcan en holyoke"], "Naloxona gratis cerca de Holyoke."),
     (["buenas, donde hay narcan en holyoke?"], "Naloxona gratis cerca de Holyoke."),
     (["buenos dias, tienen narcan en holyoke porfa?"], "Naloxona gratis cerca de Holyoke."),
     (["hi i need narcan in holyoke"], "Free naloxone near Holyoke."),
     (["hey, narcan in holyoke please"], "Free naloxone near Holyoke."),
     (["hola", "3", "buenas, holyoke"], "Naloxona gratis cerca de Holyoke."),
     (["hi", "3", "hi holyoke thanks"], "Free naloxone near Holyoke.")],
)  # fmt: skip
def test_greetings_and_courtesy_around_a_town_are_not_the_town(texts: list[str], says: str) -> None:
    """ "hola holyoke" was no town: a town outside the county is found by its whole name only."""
    out = converse(texts)[-1]
    assert says in out.replies[0]


def test_a_town_across_the_state_gets_mail_order_not_far_sites() -> None:
    (reply,) = converse(["narcan boston"])[-1].replies
    assert "don't have a naloxone site listed near Boston" in reply
    assert "nextdistro.org" in reply


def test_a_self_referral_from_outside_the_county_keeps_the_town() -> None:
    out = converse(["hi", "1", "1", "Holyoke"])[-1]
    assert out.state["vars"]["town"] == "Holyoke"
    assert out.state["node"] == "contact"


@pytest.mark.parametrize(
    ("texts", "said"),
    [(["hi", "1", "1", "01103", "1", "1", "1", "Sam"], "Town: Springfield"),
     (["hola", "1", "1", "01040", "1", "1", "1", "Sam"], "Pueblo: Holyoke"),
     (["hi", "1", "1", "hadley not south hadley", "1", "1", "1", "Sam"], "Town: Hadley"),
     (["hi", "1", "1", "i was in northampton but now im in amherst", "1", "1", "1", "Sam"],
      "Town: Amherst")],
)  # fmt: skip
def test_the_summary_shows_the_town_meant(texts: list[str], said: str) -> None:
    """The summary once read "Town: 01103", "Pueblo: 01040", South Hadley for "hadley not
    south hadley" and Northampton for "...but now im in amherst"."""
    out = converse(texts)[-1]
    assert out.state["node"] == "confirm"
    assert said in out.replies[0]


@pytest.mark.parametrize("answer", ["3", "0", "12"])
def test_a_number_off_the_town_list_shows_the_list_again(answer: str) -> None:
    """At "Which one? 1) Easthampton 2) Westhampton", a 3 is a slip, not a town name."""
    asked = converse(["hi", "1", "1", "01027", answer])
    reply = asked[-1].replies[0]
    assert "1) Easthampton" in reply and "2) Westhampton" in reply
    assert "Did you mean" not in reply
    assert asked[-1].state["pending"] == {"towns": ["Easthampton", "Westhampton"]}


def test_naloxone_finder_in_spanish() -> None:
    out = converse(["hola", "3", "ware"])[-1]
    assert "Naloxona gratis cerca de Ware" in out.replies[0]
    assert "por correo" in out.replies[1]


def test_retries_offer_a_person_after_a_few_tries() -> None:
    outcomes = converse(["hi", "1", "1", "amherst", "?", "?", "?"])
    assert "413-555-0100" not in outcomes[-2].replies[0]
    assert "413-555-0100" in outcomes[-1].replies[0]
    assert outcomes[-1].state["node"] == "contact"


@pytest.mark.parametrize(
    ("zone", "label"),
    [("America/New_York", "All closed now"), ("America/Los_Angeles", "All open now")],
)
def test_the_finder_says_open_or_closed_on_the_programs_clock(zone: str, label: str) -> None:
    from flows.places import Directory, SiteInfo, TownInfo
    from flows.types import EngineSettings

    town = TownInfo(name="Ware", zips=("01082",), lat=42.26, lon=-72.24)
    site = SiteInfo(
        name="Office", address="1 Main St", town="Ware", zip="01082", lat=42.26, lon=-72.24,
        hours="Mon-Fri 09:00-17:00",
    )  # fmt: skip
    context = Context(
        now=datetime(2026, 11, 23, 23, 0, tzinfo=UTC),  # Monday, 6 p.m. in Ware
        places=Directory(towns=(town,), sites=(site,)),
        settings=EngineSettings(timezone=zone),
    )
    out = step(FLOWS, None, "narcan ware", context)
    assert label in out.replies[0]


@pytest.mark.parametrize(
    ("first", "language"),
    [("how do i get suboxone", "en"), ("is there methadone near me", "en"),
     ("where can i get vivitrol", "en"), ("i need a detox bed", "en"),
     ("looking for a sober house", "en"), ("can i get on bupe", "en"),
     ("necesito metadona", "es"), ("como consigo suboxone", "es")],
)  # fmt: skip
def test_a_first_text_asking_for_treatment_gets_the_treatment_information(
    first: str, language: str
) -> None:
    """A medication or a place to stay named first gets the helpline's treatment list at once,
    then the self-referral's next question: asked for, so offered."""
    (out,) = converse([first])
    assert (out.state["flow"], out.state["node"]) == ("self_referral", "town")
    assert out.state["language"] == language
    assert any("800-327-5050" in reply for reply in out.replies)


@pytest.mark.parametrize(
    "first",
    ["found pills in my daughters purse", "worried about my moms drinking",
     "my husbands using again", "i found a needle in my sons room",
     "my boyfriends friend is using", "my dads drinking is getting worse"],
)  # fmt: skip
def test_a_loved_one_named_with_an_apostrophe_dropped_is_family_support(first: str) -> None:
    """Phones drop the apostrophe of "my son's room" and "my husband's using": still a loved
    one, so family support, not the menu asked again."""
    (out,) = converse([first])
    assert out.state["flow"] == "family"


@pytest.mark.parametrize(
    "first",
    ["necesito ayuda para dejar la heroina", "quiero dejar las drogas",
     "necesito dejar de consumir", "ayúdenme a dejar el fentanilo"],
)  # fmt: skip
def test_a_spanish_ask_for_help_for_oneself_starts_a_self_referral(first: str) -> None:
    """As "i want to stop using" does in English. "necesito ayuda" alone still gets the menu:
    it may be for someone else."""
    (out,) = converse([first])
    assert (out.state["flow"], out.state["language"]) == ("self_referral", "es")


@pytest.mark.parametrize("emoji", ["😢", "😭😭", "🙏", "❤️"])
@pytest.mark.parametrize(
    ("texts", "language", "prompt"),
    [(["hi", "1", "1"], "en", "What town do you live in or spend time in?"),
     (["hi", "3"], "en", "What town or ZIP code are you near?"),
     (["hola", "1", "1"], "es", "¿En qué pueblo vive o pasa tiempo?")],
)  # fmt: skip
def test_an_emoji_at_the_town_question_gets_a_kind_word_and_the_question(
    emoji: str, texts: list[str], language: str, prompt: str
) -> None:
    """A crying emoji at "What town?" once got "Sorry, I couldn't find that place"."""
    asked, out = converse([*texts, emoji])[-2:]
    (reply,) = out.replies
    kind = {"en": "We're here for you.", "es": "Estamos aqui para usted."}[language]
    assert reply.startswith(f"{kind}\n") and prompt in reply
    assert "couldn't find" not in reply and "no encontré" not in reply
    assert (out.state["flow"], out.state["node"]) == (asked.state["flow"], asked.state["node"])
    assert out.effects == ()  # no search logged for a place never named
    assert FLOWS["system"].strings["no_words"][language] == DEFAULT_STRINGS["no_words"][language]
    assert encoding(kind) == "GSM-7"


@pytest.mark.parametrize(
    "texts",
    [["hola", "mi hijo esta overdosing"], ["le dio un overdose a mi hijo q hago"],
     ["hola", "1", "mi primo esta overdosiando"], ["hola", "2", "overdose help pls"]],
)  # fmt: skip
def test_an_overdose_told_in_spanglish_gets_the_spanish_steps(texts: list[str]) -> None:
    out = converse(texts)[-1]
    said = " ".join(out.replies)
    assert "sin cebar" in said and "no priming" not in said
    assert out.state["language"] == "es"


@pytest.mark.parametrize("first", ["hay", "hay how are you", "Tal here"])
def test_words_english_speakers_text_too_keep_the_menu_english(first: str) -> None:
    (out,) = converse([first])
    assert out.state["language"] == "en"


# Hi, family, parent, learn, Amherst: the offer of a call is next.
TO_THE_FAMILY_OFFER = ["hi", "2", "1", "1", "amherst"]


@pytest.mark.parametrize(
    "texts",
    [["1", "text me, dont call, he checks my phone calls", "evenings"],
     ["1", "5", "2"], ["1", "can you text me instead? i cant talk on the phone", "any"],
     ["can you text me instead? i cant talk on the phone", "any"], ["3", "any"],
     ["yes but text me, i cant take calls", "whenever"]],
)  # fmt: skip
def test_a_family_member_who_cannot_take_calls_is_texted(texts: list[str]) -> None:
    """ "Text me, dont call, he checks my phone calls" was answered "will call within 24
    hours": the case says text, and so does the closing; nothing else is said of it."""
    outcomes = converse([*TO_THE_FAMILY_OFFER, *texts])
    (case,) = cases(outcomes)
    assert case["contact_method"] == "text"
    assert case["best_time"] in ("evening", "afternoon", "any")
    closing = outcomes[-1].replies[-1]
    assert "will text you" in closing and "call" not in closing.lower()
    asked = " ".join(outcomes[-2].replies)
    assert "good time to text" in asked


@pytest.mark.parametrize("answer", ["2", "evening", "after 6pm", "dont text me", "ok"])
def test_a_family_member_who_takes_a_call_is_still_called(answer: str) -> None:
    outcomes = converse([*TO_THE_FAMILY_OFFER, "1", answer])
    (case,) = cases(outcomes)
    assert case["contact_method"] == "call"
    assert "will call" in outcomes[-1].replies[-1]


def test_in_spanish_a_family_member_can_ask_for_texts() -> None:
    outcomes = converse(["hola", "2", "1", "1", "amherst", "si", "mejor por mensaje", "noche"])
    (case,) = cases(outcomes)
    assert case["contact_method"] == "text" and case["best_time"] == "evening"
    assert "le enviara un mensaje" in outcomes[-1].replies[-1]


def test_a_wish_about_someone_elses_number_at_the_offer_is_no_text_for_the_texter() -> None:
    out = converse([*TO_THE_FAMILY_OFFER, "can you text my son instead"])[-1]
    assert out.state["node"] == "offer"


@pytest.mark.parametrize("flow_texts", [[*TO_THE_FAMILY_OFFER, "1"], TO_THE_SUMMARY[:5]])
def test_a_best_time_as_long_as_one_text_keeps_the_number_at_its_end(flow_texts) -> None:
    typed = (
        "weekdays after my shift ends, around 6 or 7 in the evening is best, or on saturday "
        "mornings before 10, my work cell is 413-555-0142"
    )
    assert 80 < len(typed) <= 160
    outcomes = converse([*flow_texts, typed])
    if outcomes[-1].state["node"] == "team":  # a self-referral asks on
        assert outcomes[-1].state["vars"]["best_time"] == typed
    else:
        (case,) = cases(outcomes)
        assert case["best_time"] == typed


def test_the_spanish_time_options_say_morning_not_tomorrow() -> None:
    out = converse(["hola", "2", "1", "1", "amherst", "si"])[-1]
    assert "1) Por la mañana" in out.replies[-1] and "Mañana\n" not in out.replies[-1]


@pytest.mark.parametrize(
    "answer",
    ["por texto, no me llamen", "por texto no me llamen", "mandenme texto", "mándenme textos",
     "textos no llamadas", "no me llamen, por texto", "solo por mensaje, no me llamen"],
)  # fmt: skip
def test_in_spanish_a_family_member_can_say_text_me_dont_call(answer: str) -> None:
    """ "por texto, no me llamen" was asked for a number three times ("no me llamen" is also
    "Ahora no"), and a later "si" booked a call."""
    outcomes = converse(["hola", "2", "1", "1", "amherst", answer, "noche"])
    assert outcomes[-2].state["vars"]["wants_call"] == "text"
    (case,) = cases(outcomes)
    assert case["contact_method"] == "text"
    assert "le enviara un mensaje" in outcomes[-1].replies[-1]
