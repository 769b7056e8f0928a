"""A family member or friend who names their loved one as the one who needs help is offered
family support, never a self-referral about themselves: as a first text, after MENU, and as the
answer to the menu. Naloxone and emergencies for someone else keep going first."""

from __future__ import annotations

import pytest
from test_engine_paths import converse

# Each way of reaching the menu question with the text: the very first text, after MENU (the
# menu shown again mid-conversation), and as the reply to the menu a greeting brought.
WAYS = {
    "first text": [],
    "after menu": ["hi", "1", "menu"],
    "menu reply": ["hi"],
}

FOR_A_LOVED_ONE = [
    "i need help getting my son into detox",
    "I need help getting my son into detox.",
    "i need help gettin my sun into detox",
    "need help finding rehab for my daughter",
    "how can i get my husband into treatment",
    "can someone talk to my boyfriend about his using",
    "looking for a recovery coach for my brother",
    "i need a recovery coach for my wife",
    "i need help with detox for my son",
    "help me get my son to treatment",
    "how do i get my son into rehab",
    "i need help my son is using",
    "i need help, my daughter keeps using",
    "need a detox bed for my son asap",
    "i need to get my son into detox today",
    "busco tratamiento para mi hijo",
    "necesito un coach para mi hijo",
    "quiero un coach de recuperacion para mi hermana",
    "mi hijo necesita tratamiento",
    "necesito ayuda para mi esposo que usa drogas",
    "necesito ayuda, mi hijo esta usando",
    "como puedo llevar a mi hija a desintoxicacion",
    "my mom needs detox",
    "my friend needs help hes using fentanyl",
    "my daughter needs treatment",
    "help for my son",
    "help me with my son",
    "can you help me with my daughter",
    "help me help my husband",
    "i need help with my brother",
    "can u help me w my mom",
    "ayudame con mi hijo",
    "ayudenme con mi hija por favor",
    "ayudeme a ayudar a mi esposo",
    # "him" or "her" as the one to get to care, a word or an age between "my" and who.
    "can you make him go to rehab",
    "how do i get him into detox",
    "does he have to agree to go to treatment",
    "i need help getting my addict son into detox",
    "looking for rehab for my 24 year old son",
    "help me with my adult daughter shes on fentanyl",
    "is this going to get my son arrested? i dont want him in jail i want him in treatment",
    "how do i get my stepson into treatment",
    "help with my sons addiction",
    "found needles in my sons room",
    "my boyfriends car had needles in it",
]

FOR_THEMSELVES = [
    "i need help getting into detox",
    "i need help",
    "help me find a rehab",
    "i want to stop using",
    "i need detox, my son drove me",
    "i need help, my mom kicked me out",
    "i need help and my family doesnt know",
    "i need detox for my kids",
    "i need help getting clean for my kids",
    "im a mom and i need help, im using",
    "i relapsed and my wife needs me to go to rehab",
    "necesito ayuda para mi",
    "help me with my using",
    "help me, my son found my stash",
    "ayudame, mi hijo no sabe que uso",
    "i want to go to rehab",
    "my doctor said he can get me into detox",
    "he said i should go to rehab",
    "i need help for myself and my son",
    "im staying at my moms house and i need detox",
]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("text", FOR_A_LOVED_ONE)
def test_a_loved_one_who_needs_help_leads_to_family_support(way: str, text: str) -> None:
    out = converse([*WAYS[way], text])[-1]
    assert out.state["flow"] == "family"
    assert not any("What town do you live in" in r for r in out.replies)
    assert not any("En qué pueblo vive" in r for r in out.replies)


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("text", FOR_THEMSELVES)
def test_a_person_asking_for_themselves_still_refers_themselves(way: str, text: str) -> None:
    out = converse([*WAYS[way], text])[-1]
    assert out.state["flow"] == "self_referral"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    "text",
    ["i need narcan for my son", "where can i get narcan for my brother",
     "necesito narcan para mi hijo", "my sister needs narcan",
     "i need help getting narcan for my daughter", "narcan for my daughter",
     "where can i get narcan for my son", "i found out my son uses, where can i get narcan"],
)  # fmt: skip
def test_naloxone_for_someone_else_is_found_at_once(way: str, text: str) -> None:
    out = converse([*WAYS[way], text])[-1]
    assert out.state["flow"] == "naloxone"


# Naloxone or needles a parent found in their child's things: finding it is no ask for it.
FOUND_IN_THEIR_THINGS = [
    "my daughter is 15 and i found narcan and a needle in her room. what do i do",
    "found narcan in his car",
    "i found needles in my sons room",
    "found a narcan kit in her backpack",
    "i found narcan in my sons room",
    "encontre agujas en el cuarto de mi hijo",
    "encontré narcan en la mochila de mi hija",
    "encontre jeringas en su cuarto que hago",
    # Asked as what to do with it: this got the how-to steps, then the finder's question.
    "what do i do with the narcan i found in my sons room",
    "que hago con el narcan que encontre en el cuarto de mi hijo",
]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("text", FOUND_IN_THEIR_THINGS)
def test_naloxone_or_needles_found_in_their_things_leads_to_family_support(way, text) -> None:
    out = converse([*WAYS[way], text])[-1]
    assert out.state["flow"] == "family"
    assert not any("ZIP code are you near" in r for r in out.replies)
    assert not any("Cerca de qué pueblo" in r for r in out.replies)
    assert not any("nostril" in r or "fosa nasal" in r for r in out.replies)


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    "text",
    ["my son isn't breathing", "my daughter overdosed she wont wake up",
     "i need help my son isnt breathing", "mi hijo no respira"],
)  # fmt: skip
def test_an_emergency_for_someone_else_gets_the_steps_at_once(way: str, text: str) -> None:
    out = converse([*WAYS[way], text])[-1]
    assert "911" in out.replies[0]
    assert out.state["flow"] != "self_referral"


# A friend named as friends name each other: "my buddy", "my homie", "my boy" (a friend or a
# son, a loved one either way), "mi pana".
FRIEND_IN_THEIR_WORDS = [
    "my buddy needs a recovery coach, can someone call him at 413-555-0199",
    "my buddy needs detox",
    "my homie wants to get into treatment",
    "my bro needs help getting off dope",
    "my dude needs rehab",
    "my boy needs detox",
    "my cuz is using again",
    "my homegirl needs a recovery coach",
    "my bestie needs help",
    "my girl is dope sick",
    "my friend wants to go to detox",
    "mi pana necesita tratamiento",
    # Holyoke's words for a daughter, a son, a partner: "mi nena", "mi nene", "mi jeva".
    "como le hablo a mi nena del fentanilo",
    "mi nene esta usando otra vez",
    "mi jevo necesita ir a detox",
]


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("text", FRIEND_IN_THEIR_WORDS)
def test_a_friend_named_in_everyday_words_leads_to_family_support(way: str, text: str) -> None:
    out = converse([*WAYS[way], text])[-1]
    assert out.state["flow"] == "family"
    assert not any("What town do you live in" in r for r in out.replies)


@pytest.mark.parametrize(
    "text",
    ["i need detox, my homie drove me", "my boy is why i want to get clean, i need detox",
     "i want to go to rehab with my buddy"],
)  # fmt: skip
def test_a_friend_beside_the_texters_own_ask_is_still_a_self_referral(text: str) -> None:
    out = converse([text])[-1]
    assert out.state["flow"] == "self_referral"
