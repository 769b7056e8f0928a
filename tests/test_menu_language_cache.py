"""The menu's Spanish-only phrases are worked out once per menu, never served stale.

They depend only on the script's options, which never change once loaded; a menu answer must
not normalise them again, and a draft with other phrases must get its own.
"""

from __future__ import annotations

import dataclasses

import pytest

import flows.menu_language as menu_language
from flows.menu_language import spanish_only_phrases, written_in_spanish
from flows.script import Option, State, load_flow, shipped_flow_text, shipped_flows


def states_with_options() -> list[tuple[str, State]]:
    return [
        (f"{flow.flow_id}.{state.name}", state)
        for flow in shipped_flows().values()
        for state in flow.states.values()
        if state.options
    ]


def answers_to(options: tuple[Option, ...]) -> list[str]:
    """Every label and match word of the options, in English and Spanish, as a texter may send
    them alone or with more words."""
    said = [
        text
        for option in options
        for text in [*option.label.values(), *(w for ws in option.match.values() for w in ws)]
    ]
    return [*said, *(f"hola {text} por favor" for text in said), "no", "ok", "1", "Amherst"]


def uncached_written_in_spanish(text: str, options: tuple[Option, ...]) -> bool:
    """``written_in_spanish`` with the phrases worked out afresh."""
    phrases = menu_language._phrases_of.__wrapped__(menu_language._content(options))
    said = f" {menu_language.normalise(text)} "
    return menu_language.looks_spanish(text) or any(f" {p} " in said for p in phrases)


@pytest.mark.parametrize(("where", "state"), states_with_options(), ids=lambda v: v)
def test_the_cached_answer_is_the_uncached_one_on_every_shipped_menu(
    where: str, state: State
) -> None:
    fresh = menu_language._phrases_of.__wrapped__(menu_language._content(state.options))
    assert spanish_only_phrases(state.options) == fresh
    assert spanish_only_phrases(state.options) == fresh  # and again, from the cache
    for text in answers_to(state.options):
        assert written_in_spanish(text, state.options) == uncached_written_in_spanish(
            text, state.options
        ), (where, text)


def test_the_main_menu_has_spanish_only_phrases_and_answers_in_both_languages() -> None:
    """The comparison above is not between two empty answers."""
    welcome = shipped_flows()["menu"].states["welcome"]
    assert {"otra persona", "mi hijo"} <= spanish_only_phrases(welcome.options)
    assert written_in_spanish("otra persona", welcome.options)
    assert not written_in_spanish("its for someone else", welcome.options)


def test_a_second_answer_to_the_same_menu_normalises_no_phrase_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    welcome = shipped_flows()["menu"].states["welcome"]
    written_in_spanish("hi", welcome.options)
    calls: list[str] = []
    real = menu_language.normalise

    def counted(text: str, *args: object) -> str:
        calls.append(text)
        return real(text, *args)

    monkeypatch.setattr(menu_language, "normalise", counted)
    assert written_in_spanish("otra persona", welcome.options)
    assert calls == ["otra persona"]  # the answer alone, not the menu's phrases


def test_an_edited_menu_gets_its_own_phrases_not_the_old_ones() -> None:
    body = shipped_flow_text("menu")
    published = load_flow(body).states["welcome"]
    assert written_in_spanish("otra persona", published.options)
    assert "otra persona" in body
    draft = load_flow(body.replace("otra persona", "mi vecina")).states["welcome"]
    assert "otra persona" not in spanish_only_phrases(draft.options)
    assert "mi vecina" in spanish_only_phrases(draft.options)
    assert not written_in_spanish("otra persona", draft.options)
    assert written_in_spanish("mi vecina", draft.options)
    assert written_in_spanish("otra persona", published.options)  # still its own


def test_an_option_given_other_words_in_place_is_another_menu() -> None:
    """Keyed by what the options say, not by which objects hold them: an option rebuilt with
    other words (as an editor's preview may) is not served the phrases it had."""
    welcome = shipped_flows()["menu"].states["welcome"]
    spanish_only_phrases(welcome.options)
    first, *rest = welcome.options
    renamed = dataclasses.replace(first, match={**first.match, "es": ("ayudita para mi",)})
    assert "ayudita para mi" in spanish_only_phrases((renamed, *rest))
    assert "ayudita para mi" not in spanish_only_phrases(welcome.options)
