"""Texts that share words with a death, an overdose or a wish to die but tell of none: a dead
phone, a pet or a plant that died, an overdose years ago or of coffee, naloxone given to a
training dummy, hair to dye. Condolences, 988 or the 911 steps sent for them frighten or
insult the texter; the true cases beside them are kept."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from flows.loss_told import tells_a_death
from flows.types import Outcome
from tests.test_engine_paths import converse

SORRY = ("sorry for your loss", "Sentimos mucho su pérdida")
STEPS = ("call 911 now", "llame al 911 ahora")
AFTERCARE = ("Please stay with them", "Quédese con la persona")
POST = ("The days after an overdose carry", "En los dias despues de una sobredosis")
CRISIS = "988"


def _said(out: Outcome) -> str:
    return " ".join(out.replies)


def _any_of(words: Sequence[str], out: Outcome) -> bool:
    said = _said(out)
    return any(w in said for w in words)


def _emergency(out: Outcome) -> bool:
    return any(e.data.get("event") == "emergency" for e in out.effects)


NOT_A_PERSON = [
    "se me murió el celular", "se murió mi teléfono", "se me murio la bateria",
    "se murio el carro", "my plants died", "the dog died", "mi perro se murió",
    "my cat passed away last week", "my phone died", "se murio mi gatito anoche",
    "my car died on the highway", "our project died", "it died yesterday",
]  # fmt: skip
PEOPLE = [
    "he died", "she passed", "mi hermano murio", "my son died last month", "se murio mi hermano",
    "se nos murio mi papa", "my friend Jose died", "my dad passed away last week",
    "ella murio el año pasado", "a guy from my building died", "my dog walker died",
]  # fmt: skip


@pytest.mark.parametrize("text", NOT_A_PERSON)
def test_a_thing_or_a_pet_that_died_tells_no_death(text: str) -> None:
    assert not tells_a_death(text)


@pytest.mark.parametrize("text", PEOPLE)
def test_a_person_who_died_is_still_a_death(text: str) -> None:
    assert tells_a_death(text)


@pytest.mark.parametrize("text", NOT_A_PERSON)
def test_a_thing_or_a_pet_that_died_gets_no_condolences(text: str) -> None:
    out = converse([text])[-1]
    assert not _any_of(SORRY, out)
    assert not _emergency(out)
    assert "grief" not in out.state.get("vars", {}).get("needs", [])


@pytest.mark.parametrize(
    ("texts", "language"),
    [(["se me murió el celular", "ya no tiene sentido"], "es"),
     (["my plants died", "whats the point anymore"], "en")],
)  # fmt: skip
def test_frustration_after_a_dead_phone_or_plant_gets_no_988(
    texts: list[str], language: str
) -> None:
    out = converse(texts)[-1]
    assert CRISIS not in _said(out)


LONG_AGO = [
    "hace tiempo tuve una sobredosis", "tuve una sobredosis de cafe jaja",
    "i od'd back in high school", "i gave narcan to my neighbor last year",
    "i did the narcan training and gave narcan to a dummy", "my friend overdosed on sleep lol",
    "tuve una sobredosis hace dos años", "i overdosed on coffee lol",
    "i overdosed years ago", "my brother overdosed when i was a kid",
    "una vez tuve una sobredosis", "i overdosed back in 2015",
    "le di narcan a un maniqui en el entrenamiento", "we practiced narcan on a mannequin",
]  # fmt: skip


@pytest.mark.parametrize("text", LONG_AGO)
def test_an_overdose_long_ago_a_joke_or_a_dummy_gets_no_steps(text: str) -> None:
    out = converse([text])[-1]
    assert not _emergency(out)
    assert not _any_of(STEPS, out)
    assert not _any_of(AFTERCARE, out)
    assert not _any_of(POST, out)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("my friend overdosed yesterday", POST),
     ("tuve una sobredosis anoche", POST),
     ("they brought him back with narcan yesterday", POST),
     ("we gave him narcan last night, glad i did the narcan training", POST)],
)  # fmt: skip
def test_a_recent_overdose_still_gets_its_text(text: str, expected: Sequence[str]) -> None:
    out = converse([text])[-1]
    assert _any_of(expected, out)
    assert not _emergency(out)


@pytest.mark.parametrize(
    "text",
    ["my friend is overdosing", "tengo un amigo con una sobredosis ahora",
     "he overdosed on fentanyl lol what do i do", "i gave him narcan and hes still not breathing",
     "i did the training last year and now my friend is overdosing"],
)  # fmt: skip
def test_an_overdose_now_still_gets_the_steps(text: str) -> None:
    out = converse([text])[-1]
    assert _emergency(out)
    assert _any_of(STEPS, out)


@pytest.mark.parametrize(
    "text",
    ["i want to die my hair", "i want to die my hair blue", "gonna die it red tonight",
     "thinking about dying my hair pink", "i want to die my hair color"],
)  # fmt: skip
def test_hair_to_dye_gets_no_crisis_text(text: str) -> None:
    out = converse([text])[-1]
    assert CRISIS not in _said(out)
    assert not _emergency(out)


@pytest.mark.parametrize("text", ["i want to die", "i want to die my life is over", "i wanna die"])
def test_a_wish_to_die_still_gets_the_crisis_text(text: str) -> None:
    assert CRISIS in _said(converse([text])[-1])


@pytest.mark.parametrize(
    "text", ["i overdosed on coffee yesterday lol", "tuve una sobredosis de azucar anoche jaja"]
)
def test_a_joke_told_of_yesterday_gets_no_post_overdose_text(text: str) -> None:
    out = converse([text])[-1]
    assert not _any_of(POST, out)
    assert "recent_overdose" not in out.state.get("vars", {}).get("_told", [])


BROUGHT_BACK = [
    "he was dead for 2 min yesterday but they brought him back", "he died and came back",
    "he died last night but the paramedics revived him",
    "estuvo muerto 2 minutos pero lo revivieron", "se murio pero lo revivieron",
    "mi hermano murio anoche pero volvio",
]  # fmt: skip


@pytest.mark.parametrize("text", BROUGHT_BACK)
def test_a_death_undone_by_a_revival_tells_no_death(text: str) -> None:
    assert not tells_a_death(text)
    out = converse([text])[-1]
    assert not _any_of(SORRY, out)


@pytest.mark.parametrize(
    ("text", "language"),
    [("he overdosed yesterday and was dead for 2 min but they brought him back", "en"),
     ("my son od'd last night, he died but they revived him with narcan", "en"),
     ("he used last night and was dead for a minute but they brought him back", "en"),
     ("mi hijo tuvo una sobredosis anoche, estuvo muerto 2 minutos pero lo revivieron", "es"),
     ("mi hijo se murio anoche de una sobredosis pero lo revivieron", "es"),
     ("mi hijo tuvo una sobredosis anoche y lo revivieron con narcan", "es")],
)  # fmt: skip
def test_a_revival_after_an_overdose_gets_the_post_overdose_text(text: str, language: str) -> None:
    out = converse([text])[-1]
    assert POST[0 if language == "en" else 1] in _said(out)
    assert not _any_of(SORRY, out)
    assert not _emergency(out)


@pytest.mark.parametrize(
    "text",
    ["my brother died last year and my son came back home", "he died and the pain came back",
     "my dad died and i came back for the funeral", "mi papa murio y mi hermano volvio a usar",
     "my son died last month, i revived the garden he loved"],
)  # fmt: skip
def test_a_coming_back_that_is_no_revival_is_still_a_death(text: str) -> None:
    assert tells_a_death(text)
