"""A phone's reaction to one of our texts ("Liked “…”") is no answer, refusal or emergency."""

from __future__ import annotations

import pytest

from flows.engine import step
from flows.reactions import is_reaction
from tests.test_engine_interrupts import EVERY_STATE, FLOWS, ctx, state_at

# What an iPhone sends a number that is not on iMessage, quoting the text it reacted to.
REACTIONS = [
    "Liked “We're glad you reached out. What would you like help with? Choose any (like 1 3):”",
    "Loved “Our team has peer recovery coaches, harm-reduction staff and police officers. Who "
    "may reach out to you?\n1) Peers only, no police\n2) A police officer may be part of the "
    "team\nPeers only means no police are involved.”",
    "Laughed at “What town do you live in or spend time in? A town or ZIP code is fine, or "
    "reply SKIP.”",
    "Emphasized “If someone may be overdosing, call 911 now. We are not an emergency service.”",
    "Disliked “Here is what we'll share with our team:\nName: Sam\n1) Yes, send it”",
    "Questioned “What name should we use? Any name or nickname is fine, or reply SKIP.”",
    "Reacted 👍 to “When is a good time? Pick one or tell us in your own words.”",
    "Removed a heart from “Text STOP any time to stop.”",
    "Le gustó “Si alguien puede tener una sobredosis, llame al 911 ahora.”",
    "Le encantó “¿Qué nombre usamos? Cualquier nombre o apodo sirve, o responda SALTAR.”",
    'Liked "Naloxone (Narcan) is free. What town or ZIP code are you near?"',
]
NOT_REACTIONS = [
    "I liked “the Hadley site” but it was closed",
    "he said “I loved it” and then passed out",
    "Liked",
    "loved ones",
    "“she's not breathing”",
    "liked it",
    # A person's own words that only look like a reaction verb: "I ask about", "I doubt".
    'Pregunto por "narcan"',
    "Dudo sobre “el programa”",
]


@pytest.mark.parametrize("text", REACTIONS)
def test_reactions_are_recognised(text: str) -> None:
    assert is_reaction(text)


@pytest.mark.parametrize("text", NOT_REACTIONS)
def test_other_texts_are_not_reactions(text: str) -> None:
    assert not is_reaction(text)


@pytest.mark.parametrize(("flow_id", "node"), EVERY_STATE)
@pytest.mark.parametrize("text", REACTIONS)
def test_a_reaction_answers_nothing_and_keeps_the_question(flow_id, node, text) -> None:
    before = state_at(flow_id, node)
    before["vars"] = {"needs": ["coach"]}
    out = step(FLOWS, before, text, ctx())
    assert out.effects == ()  # no refusal of police, no emergency counted, no opt-out
    assert (out.state["flow"], out.state["node"]) == (flow_id, node)
    assert out.state["vars"] == {"needs": ["coach"]}
    assert out.replies == (
        "When you're ready, reply to our last question to carry on, or text MENU.",
    )


def test_a_reaction_after_a_finished_conversation_gets_no_reply() -> None:
    after_911 = state_at("menu", "welcome")
    after_911.update(flow=None, node=None)
    out = step(FLOWS, after_911, REACTIONS[3], ctx())
    assert out.replies == () and out.effects == ()


def test_a_reaction_is_answered_in_the_conversations_language() -> None:
    out = step(FLOWS, state_at("family", "relationship", "es"), REACTIONS[8], ctx())
    assert out.replies == (
        "Cuando quiera, responda a la ultima pregunta para seguir, o envie MENU.",
    )


def test_a_reaction_from_a_number_that_opted_out_gets_no_reply() -> None:
    out = step(FLOWS, state_at("menu", "welcome"), REACTIONS[0], ctx(opted_out=True))
    assert out.replies == () and out.effects == ()


# A text typed like a reaction that goes on past the quote (iPhones type ’ for an apostrophe,
# so a last word like "breathin’" closes on one) is the person's own words, never set aside.
TYPED_PAST_THE_QUOTE = [
    "Loved “him” so much and now he’s not breathin’",
    "Questioned “is he ok?” he is turning blue”",
    "Le gustó “eso” pero no respira, ayuda “",
    "Liked 'em but they're overdosing, send help'",
    'Loved "him" but he is not breathing "help"',
]


@pytest.mark.parametrize("text", TYPED_PAST_THE_QUOTE)
def test_words_typed_past_the_quote_are_no_reaction(text: str) -> None:
    assert not is_reaction(text)


def test_an_overdose_typed_past_a_reaction_like_quote_gets_the_911_steps() -> None:
    out = step(FLOWS, state_at("self_referral", "team"), TYPED_PAST_THE_QUOTE[0], ctx())
    assert out.replies[0].startswith("If someone may be overdosing, call 911 now.")
    assert [e.data.get("event") for e in out.effects] == ["emergency"]


def test_a_reaction_to_a_text_that_quotes_words_is_still_one() -> None:
    assert is_reaction('Liked "Text "NO POLICE" any time, and MENU for options."')
    assert is_reaction("Liked “Text “NO POLICE” any time.”")
