"""A responder's reply in words is read only to suggest the command that would do it: "cant
tonight" to an offer, "omw" about a case they hold, "tell her ill call" (no messages passed)."""

from __future__ import annotations

import pytest

from routing.responder_words import (
    acknowledges,
    asks_for_no_offers,
    asks_to_pass_a_message,
    declines,
    no_contact_made,
    nobody_reached,
    on_the_way,
)

DECLINES = [
    "cant tonight", "can't take it", "busy", "Im busy rn", "Sorry, I can't take this one",
    "cannot", "not available tonight", "I'll pass", "no can do",
]  # fmt: skip
ON_THE_WAY = [
    "on my way", "omw", "calling her now", "Calling now", "ok ill call him", "heading over",
    "On it", "texting them now",
]  # fmt: skip
RELAYS = [
    "tell her ill call in 10 min", "Can you tell him I will call at 5", "let her know im coming",
    "pls text her im 5 min out", "Hey, can u please tell her I am coming", "let sam know im late",
]  # fmt: skip
NONE_OF_THESE = [
    "cant reach her", "can't get through", "calling her now, no answer", "left a voicemail",
    "drop them off at the library", "i cant wait to help", "tell me more", "let me know", "ok",
    "Yes", "I'll take it", "what's up?", "give it back",
]  # fmt: skip


@pytest.mark.parametrize("text", DECLINES)
def test_a_no_to_an_offer_in_words(text: str) -> None:
    assert declines(text) and not on_the_way(text) and not asks_to_pass_a_message(text)


@pytest.mark.parametrize("text", ON_THE_WAY)
def test_on_the_way_to_reach_the_person_in_words(text: str) -> None:
    assert on_the_way(text) and not declines(text) and not asks_to_pass_a_message(text)


@pytest.mark.parametrize("text", RELAYS)
def test_a_message_for_the_person_asked_of_us(text: str) -> None:
    assert asks_to_pass_a_message(text) and not declines(text)


@pytest.mark.parametrize("text", NONE_OF_THESE)
def test_other_words_mean_none_of_these(text: str) -> None:
    assert not (declines(text) or on_the_way(text) or asks_to_pass_a_message(text))


# A try that reached nobody, however it is typed: the clock must not stop on these.
NOBODY_REACHED = [
    "she didnt pick up, will try again in am", "didn't answer", "didn’t answer", "went to vm",
    "not picking up", "mailbox full", "number disconnected", "no one picked up", "phone is off",
    "straight to voicemail", "line busy", "wrong number?", "Couldn't reach him", "no answer x3",
    "left a msg", "not reached", "unable to reach them", "cant get ahold of her", "VM full",
    "knocked, nobody home", "wasnt home", "hasn't called back", "didnt respond to my texts",
    "no response yet", "not in service", "texts bounced", "never showed up", "not yet",
    "she didnt pick up her phone", "calls go to voicemail", "rang out", "will try her again",
    "couldnt find her", "no luck so far", "not been able to reach him", "hasnt replied",
    "she didnt show", "called twice no ans", "phone number is wrong", "knocked, she wasnt home",
    "texted her, waiting to hear back", "tried calling twice", "called x2 will try tmrw am",
    "sent text", "waiting for callback", "she wasnt there", "sent her a text, waiting on a reply",
    "texted 3 times", "will try tomorrow", "waiting for her to call back",
]  # fmt: skip
# Said in a CONTACTED or CLOSE, these are about the person, not the responder.
NOBODY_REACHED_AS_A_CONTACT = ["not available", "she was busy", "not there", "unavailable"]
# A contact made, said with words that are close to those: the clock stops.
SOMEONE_REACHED = [
    "talked for 20 min, she wants a coach", "spoke w/ him, wants detox info", "spoke with her",
    "she picked up on the 2nd try", "she answered right away", "met at the library",
    "she didnt want a coach but took narcan", "she hasnt picked up her meds yet, we talked",
    "she didnt answer my question about detox", "he did not respond well to subs",
    "reached her, she is not using now", "she couldnt get through to detox so we talked",
    "she called back, talked 10 min", "texted back and forth", "no issues, she's doing well",
    "she did not contact the clinic yet", "she couldnt find a bed, we talked options",
    "met him, he did not show any signs of withdrawal", "talked, she cant get through to her doc",
    "she had not been home in days, we talked", "spoke to her, she is home now",
    "reached her after she didnt pick up twice", "talked, she didnt pick up earlier",
    "tried calling twice, she picked up the third time", "sent text, she texted back, all good",
    "left a vm then she called back, we talked", "called her, she wants narcan",
    "she tried detox before, wants a coach",
]  # fmt: skip


@pytest.mark.parametrize("text", NOBODY_REACHED)
def test_a_try_that_reached_nobody(text: str) -> None:
    assert nobody_reached(text)


@pytest.mark.parametrize("text", [*NOBODY_REACHED, *NOBODY_REACHED_AS_A_CONTACT])
def test_a_contact_note_that_reached_nobody(text: str) -> None:
    assert no_contact_made(text)


@pytest.mark.parametrize("text", SOMEONE_REACHED)
def test_a_contact_made_is_not_read_as_nobody_reached(text: str) -> None:
    assert not nobody_reached(text) and not no_contact_made(text)


@pytest.mark.parametrize("text", ["we have not talked yet", "havent spoken to her", "not met"])
def test_a_contact_denied_is_not_a_contact(text: str) -> None:
    assert nobody_reached(text)


def test_a_busy_line_is_no_to_an_offer_only_when_it_is_the_responder() -> None:
    assert declines("busy tonight") and not declines("line busy, will try later")


# A wish for no more offers for now: OFF does it.
NO_OFFERS = [
    "stop sending me cases tonight", "no more cases tonight", "Take me off tonight",
    "don't send me any more cases", "pause my offers", "not taking new cases this week",
    "No cases for me today pls", "stop the offers",
]  # fmt: skip


@pytest.mark.parametrize("text", NO_OFFERS)
def test_a_wish_for_no_more_offers_in_words(text: str) -> None:
    assert asks_for_no_offers(text)


@pytest.mark.parametrize("text", [*DECLINES, *ON_THE_WAY, *RELAYS, *NONE_OF_THESE])
def test_other_words_are_no_wish_for_no_more_offers(text: str) -> None:
    assert not asks_for_no_offers(text)


@pytest.mark.parametrize(
    "text",
    [
        "ok she answered", "thanks, calling her now", "got it but cant tonight", "K7QM", "ok?",
        "thanks for nothing", "cool, what time is the meeting", "gracias pero no puedo", "kkk7",
        "", "   ",
    ],
)  # fmt: skip
def test_an_acknowledgement_is_only_ever_the_whole_text(text):
    """Words that say more than "got it" are read as ever: a report, a no, a question."""
    assert not acknowledges(text)


@pytest.mark.parametrize("text", ["k" * 60 + "?", "ok " * 200 + "?", "kk " * 300 + "call me"])
def test_a_long_run_of_acknowledging_letters_is_read_once(text):
    """ "k" repeated then a "?" could be split into words every which way: 24 of them took
    seconds in the webhook, 60 would never end. Each text now reads one way only."""
    assert not acknowledges(text)


def test_emoji_and_words_together_still_acknowledge():
    assert acknowledges("👍👍") and acknowledges("got it 👍🏽") and acknowledges("ok👍")
