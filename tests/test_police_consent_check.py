"""Consent to police is taken only in so many words: a police word that is no yes ("cops??",
"la policia?") cannot pick the option that lets a police officer on the team."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flows.script import Flow, load_shipped_flows
from flows.validate import validate_flows

CONSENT_OPTION = "states.team.options[1]"


def with_police_words(flows: dict[str, Flow], language: str, words: list[str]) -> None:
    """The self-referral's "A police officer may be part of the team" option, with ``words``
    added to its match words in ``language``."""
    flow = flows["self_referral"]
    team = flow.states["team"]
    option = team.options[1]
    assert option.value is False
    match = {**option.match, language: (*option.match[language], *words)}
    options = (*team.options[:1], replace(option, match=match), *team.options[2:])
    states = {**flow.states, "team": replace(team, options=options)}
    flows["self_referral"] = replace(flow, states=states)


def errors(flows: dict[str, Flow]) -> list:
    return [p for p in validate_flows(flows) if p.severity == "error"]


@pytest.mark.parametrize(
    ("language", "word"),
    [("en", "police"), ("en", "cops"), ("en", "cops??"), ("en", "officer"), ("en", "officers"),
     ("en", "police?"), ("en", "is police ok"), ("en", "police ok?"), ("en", "what about cops"),
     ("en", "maybe police"), ("en", "police idk"), ("en", "the police"), ("en", "with police?"),
     ("es", "policia"), ("es", "la policia"), ("es", "¿la policía?"), ("es", "policias"),
     ("es", "agente"), ("es", "y la policia")],
)  # fmt: skip
def test_a_police_word_that_is_no_yes_cannot_pick_police(language: str, word: str) -> None:
    """The finding: "police, cops" added to the consenting option passed the check, and a
    texter asking "cops??" was given a police officer on their team."""
    flows = load_shipped_flows()
    with_police_words(flows, language, [word])
    found = errors(flows)
    assert [p.path for p in found] == [f"{CONSENT_OPTION}.match.{language}"], found
    message = found[0].message
    assert f"{word!r}" in message and "not a yes to police" in message
    assert "police ok" in message  # the admin is shown words that are a yes


@pytest.mark.parametrize(
    ("language", "word"),
    [("en", "yes cops"), ("en", "cops are fine"), ("en", "sure police"), ("en", "ok police"),
     ("en", "police ok please"), ("en", "officers are ok with me"), ("en", "police is good"),
     ("es", "de acuerdo con la policia"), ("es", "si, la policía"), ("es", "policia esta bien"),
     ("es", "vale policia")],
)  # fmt: skip
def test_a_yes_to_police_in_so_many_words_may_pick_police(language: str, word: str) -> None:
    flows = load_shipped_flows()
    with_police_words(flows, language, [word])
    assert errors(flows) == []


def test_the_shipped_yes_words_to_police_are_each_a_yes() -> None:
    """ "police too", "con policia", "tambien policia" say police may be on the team, in so
    many words, and stay valid."""
    option = load_shipped_flows()["self_referral"].states["team"].options[1]
    assert "police too" in option.match["en"] and "tambien policia" in option.match["es"]
    assert [p for p in errors(load_shipped_flows()) if p.flow_id == "self_referral"] == []
