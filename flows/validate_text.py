"""The flow checks of one text in every language: missing, stray braces, unknown variables,
words that label people, markup, and what it costs to send (encoding and SMS segments),
counted on the text as a texter gets it (``sample_render``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flows.interrupts import DEFAULT_STRINGS
from flows.markup import markup_in
from flows.problem import Problem
from flows.script import LANGUAGES, Flow, State, Text
from flows.sms import (
    MAX_BODY,
    describe_character,
    encoding,
    fold_to_gsm7,
    non_gsm_characters,
    plain_equivalent,
    segments,
)
from flows.text import TEMPLATE_VAR
from flows.wording import stigmatizing_words

MAX_SEGMENTS = 2
BUILTIN_VARS = frozenset(
    {"program_name", "program_phone", "response_window", "request_due", "language"}
)
# Filled in by the engine only where they make sense.
OPTIONS_VAR = "options"
# Sample values used to count the segments of a prompt with variables in it.
_SAMPLE = {
    "program_name": "Hampshire HOPE Line",
    "program_phone": "413-555-0100",
    "response_window": "24 hours",
    "request_due": "para el miercoles a las 12:00 PM",
    "language": "en",
    "suggestions": "Northampton or Easthampton",
    "when": "tomorrow 10am",
    "number": "3",
    "offers": "test strips, syringes",
    "supply": "test strips or syringes",
    "place": "Northampton",
}
_SAMPLE_ANSWER = "Northampton"


def check_text(
    flow_id: str,
    path: str,
    text: Text,
    allowed: set[str],
    flow: Flow,
    state: State | None = None,
) -> Iterator[Problem]:
    for lang in LANGUAGES:
        if not (text.get(lang) or "").strip():
            name = {"en": "English", "es": "Spanish"}[lang]
            yield Problem("error", flow_id, f"{path}.{lang}", f"the {name} text is missing")
    for lang, template in text.items():
        stray = _stray_brace(template)
        if stray is not None:
            yield Problem("error", flow_id, f"{path}.{lang}", stray)
        for var in sorted(set(TEMPLATE_VAR.findall(template))):
            if var not in allowed:
                saved = {s.save for s in flow.states.values() if s.save}
                yield Problem("error", flow_id, f"{path}.{lang}", unknown_var_message(var, saved))
        for phrase, instead in stigmatizing_words(template):
            yield Problem(
                "warning",
                flow_id,
                f"{path}.{lang}",
                f'"{phrase}" labels or blames the person; say {instead} instead',
            )
        for piece, instead in markup_in(template):
            yield Problem(
                "warning",
                flow_id,
                f"{path}.{lang}",
                f"{piece} is HTML or markdown: texters get it exactly as typed, not as bold "
                f"or a link; {instead}",
            )
        rendered = sample_render(template, flow, lang, state)
        count = segments(rendered)
        if len(rendered) > MAX_BODY:
            yield Problem(
                "error",
                flow_id,
                f"{path}.{lang}",
                f"this text runs to {len(rendered)} characters; Twilio refuses a message over "
                f"{MAX_BODY}, so the person would get nothing",
            )
            continue
        plain = plain_equivalent(rendered)
        if plain is not None:
            yield Problem("warning", flow_id, f"{path}.{lang}", _plain_message(rendered, plain))
        elif lang == "es" and _folding_makes_gsm7(rendered):
            plain = fold_to_gsm7(rendered)
            yield Problem("warning", flow_id, f"{path}.{lang}", _accents_message(rendered, plain))
        if count > MAX_SEGMENTS and (plain is None or segments(plain) > MAX_SEGMENTS):
            why = ", ".join(describe_character(ch) for ch in non_gsm_characters(rendered))
            because = f" because of {why}" if why else ""
            yield Problem(
                "warning",
                flow_id,
                f"{path}.{lang}",
                f"this text runs to {count} SMS segments ({encoding(rendered)}{because}; "
                f"{len(rendered)} characters); try to keep it to {MAX_SEGMENTS}",
            )


def _plain_message(rendered: str, plain: str) -> str:
    """What characters with plain equivalents cost a text that is UCS-2 only because of them."""
    why = "; ".join(describe_character(ch) for ch in non_gsm_characters(rendered))
    cost = _cost_as_ucs2(rendered, plain, "typed plainly")
    return (
        "this text is sent as UCS-2 only because of characters with plain equivalents "
        f"({why}); {cost}"
    )


def _cost_as_ucs2(rendered: str, gsm7: str, written: str) -> str:
    """What sending ``rendered`` as UCS-2 costs against its GSM-7 form, ``written`` so."""
    count, fewer = segments(rendered), segments(gsm7)
    if fewer < count:
        return f"{written}, it goes as {_segment_count(fewer)} instead of {count}"
    return (
        f"{written} it still fits in {_segment_count(count)}, but as UCS-2 a segment holds 70 "
        "characters instead of 160, so any longer and it costs more"
    )


def _folding_makes_gsm7(rendered: str) -> bool:
    return encoding(rendered) == "UCS-2" and encoding(fold_to_gsm7(rendered)) == "GSM-7"


def _accents_message(rendered: str, folded: str) -> str:
    """What á, í, ó, ú cost a Spanish text: the shipped ones are written without them, and the
    admin decides (nothing they type is changed for them)."""
    why = "; ".join(_fold_advice(ch) for ch in non_gsm_characters(rendered))
    cost = _cost_as_ucs2(rendered, folded, "written without the accents")
    return (
        f"this text is sent as UCS-2 because of characters GSM-7 does not have ({why}); {cost}. "
        "The shipped Spanish texts leave out these accents (é, ñ, ü, ¿ and ¡ are fine)"
    )


def _fold_advice(ch: str) -> str:
    shown = describe_character(ch)  # a pasted dash or quote comes with what to type
    return shown if shown != ch else f"{ch}: type {fold_to_gsm7(ch)}"


def _segment_count(count: int) -> str:
    return f"{count} SMS segment{'' if count == 1 else 's'}"


_DOUBLED_VAR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _stray_brace(template: str) -> str | None:
    """What is wrong with a { or } that makes no variable (the texter would get it as typed)."""
    rest = TEMPLATE_VAR.sub("", template)
    doubled = _DOUBLED_VAR.search(rest)
    if doubled:
        return (
            f"write {{{doubled.group(1)}}} with one brace on each side: with two, the texter "
            f"would get {{{doubled.group(1)}}} as typed"
        )
    rest = rest.replace("{{", "").replace("}}", "")
    if "{" in rest or "}" in rest:
        return (
            "a { or } that is not part of a variable: the texter would get it as typed. Write "
            "a variable as {program_name}: one brace each side, no spaces, only letters, digits "
            "and _"
        )
    return None


def sample_render(
    template: str, flow: Flow, lang: str, state: State | None = None, depth: int = 0
) -> str:
    """The text as a texter would get it, with sample values: what its segments are counted on."""

    def value(match: Any) -> str:
        name = match.group(1)
        if name in _SAMPLE:
            return _SAMPLE[name]
        if name == OPTIONS_VAR:
            return _sample_options(state, lang)
        if name == "sites" or depth > 1:
            return ""
        if name in flow.strings:
            inner_text = flow.strings[name].get(lang) or flow.strings[name].get("en", "")
            return sample_render(inner_text, flow, lang, state, depth + 1)
        if name in DEFAULT_STRINGS:
            inner = DEFAULT_STRINGS[name]
            return sample_render(inner.get(lang, ""), flow, lang, state, depth + 1)
        return _SAMPLE_ANSWER

    return TEMPLATE_VAR.sub(value, template)


def _sample_options(state: State | None, lang: str) -> str:
    """The state's numbered option list, as the texter would see it."""
    if state is None or not state.options:
        return "1) Amherst\n2) Pelham"
    return "\n".join(
        f"{i}) {o.label.get(lang) or o.label.get('en', '')}" for i, o in enumerate(state.options, 1)
    )


def unknown_var_message(var: str, saved: set[str]) -> str:
    hint = f" Answers saved in this flow: {', '.join(sorted(saved))}." if saved else ""
    return (
        f"unknown variable {{{var}}}: no state saves it and it is not one of "
        f"{', '.join(sorted(BUILTIN_VARS))}.{hint}"
    )
