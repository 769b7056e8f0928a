"""Checks a set of flows before they are published, in words an admin can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from flows.engine import MENU_FLOW, NALOXONE_FLOW, POLICE_VAR
from flows.interrupts import (
    DEFAULT_STRINGS,
    HELP_WORDS,
    MENU_WORDS,
    OPT_OUT_WORDS,
    REQUIRED_WORDS,
    SYSTEM_ONLY_STRINGS,
)
from flows.markup import markup_in
from flows.police import refuses_police
from flows.script import LANGUAGES, Flow, Option, ScriptError, State, Text, load_flow
from flows.sms import (
    MAX_BODY,
    describe_character,
    encoding,
    non_gsm_characters,
    plain_equivalent,
    segments,
)
from flows.text import TEMPLATE_VAR, single_word
from flows.types import EFFECT_KINDS
from flows.wording import stigmatizing_words

MAX_SEGMENTS = 2
BUILTIN_VARS = frozenset({"program_name", "program_phone", "response_window", "language"})
# Filled in by the engine only where they make sense.
OPTIONS_VAR = "options"
PLACE_VARS = frozenset({"sites", "place"})
# Filled in by the engine in the strings that say them (a site list, a place not found).
STRING_VARS = frozenset({"suggestions", "when", "number", "offers"})
SYSTEM_FLOW = "system"
# Sample values used to count the segments of a prompt with variables in it.
_SAMPLE = {
    "program_name": "Hampshire HOPE Line",
    "program_phone": "413-555-0100",
    "response_window": "24 hours",
    "language": "en",
    "suggestions": "Northampton or Easthampton",
    "when": "tomorrow 10am",
    "number": "3",
    "offers": "test strips, syringes",
    "place": "Northampton",
}
_SAMPLE_ANSWER = "Northampton"


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" | "warning"
    flow_id: str
    path: str
    message: str


def validate_sources(sources: Mapping[str, str]) -> list[Problem]:
    """Load each script text (flow id -> YAML) and check them together."""
    problems: list[Problem] = []
    flows: dict[str, Flow] = {}
    for flow_id, text in sources.items():
        try:
            flows[flow_id] = load_flow(text, strict=True)
        except ScriptError as exc:
            problems.append(Problem("error", flow_id, exc.path, exc.message))
    return problems + validate_flows(flows)


def validate_flows(flows: Mapping[str, Flow]) -> list[Problem]:
    """Every problem found in these flows, errors first."""
    problems: list[Problem] = []
    for flow_id, flow in flows.items():
        problems.extend(_check_flow(flow_id, flow, flows))
    problems.extend(_check_flows_reached(flows))
    return sorted(problems, key=lambda p: (p.severity != "error", p.flow_id, p.path))


# Reached by words from anywhere ("narcan noho", MENU), not only from the menu.
REACHED_BY_WORDS = frozenset({SYSTEM_FLOW, MENU_FLOW, NALOXONE_FLOW})


def _check_flows_reached(flows: Mapping[str, Flow]) -> Iterator[Problem]:
    """A flow that the menu no longer leads to, directly or through another flow, has no way
    in: nobody can get the help it offers."""
    menu = flows.get(MENU_FLOW)
    if menu is None:
        return
    reached = {MENU_FLOW}
    todo = [menu]
    while todo:
        flow = todo.pop()
        for state in flow.states.values():
            for target in [state.goto, *(o.goto for o in state.options)]:
                if target in flows and target not in reached:
                    reached.add(target)
                    todo.append(flows[target])
    for flow_id in sorted(set(flows) - reached - REACHED_BY_WORDS):
        yield Problem(
            "warning",
            MENU_FLOW,
            "states",
            f"nobody can reach flow {flow_id!r} ({flows[flow_id].title}) any more: no menu "
            "option, and no step of a flow the menu leads to, goes to it",
        )


def _check_flow(flow_id: str, flow: Flow, flows: Mapping[str, Flow]) -> Iterator[Problem]:
    def error(path: str, message: str) -> Problem:
        return Problem("error", flow_id, path, message)

    def warning(path: str, message: str) -> Problem:
        return Problem("warning", flow_id, path, message)

    if flow.flow_id != flow_id:
        yield error("flow", f"the script says flow {flow.flow_id!r} but is stored as {flow_id!r}")
    if not flow.states and flow_id != SYSTEM_FLOW:
        yield error("states", "this flow has no states")

    saved = {s.save for s in flow.states.values() if s.save}
    strings = set(flow.strings)
    system = flows.get(SYSTEM_FLOW)
    shared = set(DEFAULT_STRINGS) | (set(system.strings) if system else set())
    known = BUILTIN_VARS | saved | strings | shared

    for name, text in flow.strings.items():
        allowed = known | PLACE_VARS | STRING_VARS | {OPTIONS_VAR}
        yield from _check_text(flow_id, f"strings.{name}", text, allowed, flow)
        if name in SYSTEM_ONLY_STRINGS and flow_id != SYSTEM_FLOW:
            yield error(
                f"strings.{name}",
                f"{name!r} is one of the safety texts (emergency, crisis, HELP, STOP), which "
                "only the system flow can set; give this text another name",
            )
        required = REQUIRED_WORDS.get(name)
        if required is not None and (flow_id == SYSTEM_FLOW or name not in SYSTEM_ONLY_STRINGS):
            for lang, words in text.items():
                if required not in words:
                    yield error(
                        f"strings.{name}.{lang}", _required_message(name, required, flow_id)
                    )

    for name, state in flow.states.items():
        path = f"states.{name}"
        allowed = set(known)
        if state.options:
            allowed.add(OPTIONS_VAR)
        if state.input == "place":
            allowed.add(OPTIONS_VAR)  # a ZIP shared by several towns lists them
        if any(s.lookup for s in flow.states.values()):
            allowed |= PLACE_VARS
        if state.prompt is not None:
            yield from _check_text(flow_id, f"{path}.prompt", state.prompt, allowed, flow, state)
        if state.retry is not None:
            yield from _check_text(flow_id, f"{path}.retry", state.retry, allowed, flow, state)
        for i, option in enumerate(state.options):
            yield from _check_text(flow_id, f"{path}.options[{i}].label", option.label, set(), flow)
            yield from _check_keywords(flow_id, f"{path}.options[{i}]", option)
        shown_in = {lang for lang, text in (state.prompt or {}).items() if "{options}" in text}
        if state.options and state.prompt is not None and not shown_in:
            yield warning(
                f"{path}.prompt",
                "the prompt does not show {options}, so the texter cannot see the numbered choices",
            )
        elif state.options and state.prompt is not None:
            for lang in sorted(set(state.prompt) - shown_in):
                yield error(
                    f"{path}.prompt.{lang}",
                    f"the {_LANGUAGE_NAMES[lang]} prompt does not show {{options}} but the "
                    f"{_LANGUAGE_NAMES[sorted(shown_in)[0]]} one does, so "
                    f"{_LANGUAGE_NAMES[lang]} texters would not see the numbered choices",
                )
        yield from _check_moves(flow_id, path, state, flow, flows)
        for i, spec in enumerate(state.effects):
            where = f"{path}.effects[{i}]"
            if spec.kind not in EFFECT_KINDS:
                kinds = ", ".join(sorted(EFFECT_KINDS))
                yield error(f"{where}.kind", f"unknown effect {spec.kind!r}; use one of {kinds}")
            for var in sorted(_vars_in(spec.data)):
                if var not in known:
                    yield error(f"{where}.data", _unknown_var_message(var, saved))
        if state.say_each is not None:
            var, names = state.say_each
            if var not in saved:
                yield error(f"{path}.say_each.var", f"no state saves an answer called {var!r}")
            for value, string in names.items():
                if string not in flow.strings:
                    yield error(
                        f"{path}.say_each.strings.{value}",
                        f"there is no string called {string!r} in this flow's strings",
                    )

    yield from _check_team_question(flow_id, flow)
    yield from _check_replies(flow_id, flow)
    yield from _check_circles(flow_id, flow)
    if flow.start is not None:
        yield from _check_reachability(flow_id, flow)


# Why a text must keep its word, said to the admin who took it out.
_WHY_REQUIRED = {
    "911": "so a person facing an overdose is always told to call 911",
    "988": "so a person in crisis is always given 988",
    "STOP": "so every texter knows how to stop our texts (carriers require it)",
    "START": "so a person who unsubscribed knows how to come back",
    "MENU": "so a person can always leave the question and see how we can help",
}


def _required_message(name: str, word: str, flow_id: str) -> str:
    """What to do about a safety text that lost the word it must say."""
    why = _WHY_REQUIRED.get(word, "")
    message = f"this text must say {word}{', ' + why if why else ''}: put {word} back"
    if flow_id != SYSTEM_FLOW:
        message += f", or delete this flow's {name!r} text so the system flow's is used"
    return message


# Words that, sent alone, the hotline answers before any question (carriers act on the opt-out
# words too), so an option named by one can never be picked by it.
_KEYWORD_EFFECTS = (
    (OPT_OUT_WORDS, "error", "unsubscribes the texter from every text (carriers do this too)"),
    (HELP_WORDS, "warning", "gets the HELP answer"),
    (MENU_WORDS, "warning", "makes the conversation start over"),
    (frozenset({"START", "UNSTOP"}), "warning", "makes the conversation start over"),
)


def _check_keywords(flow_id: str, where: str, option: Option) -> Iterator[Problem]:
    """Labels and words of an option that are keywords when sent alone."""
    words = [(f"{where}.label.{lang}", text) for lang, text in option.label.items()]
    words += [(f"{where}.match.{lang}", w) for lang, ws in option.match.items() for w in ws]
    for path, word in words:
        keyword = single_word(word)
        for keywords, severity, effect in _KEYWORD_EFFECTS:
            if keyword in keywords:
                yield Problem(
                    severity,
                    flow_id,
                    path,
                    f"{word!r} sent alone {effect}, so it never picks this option: use other words",
                )
                break


def _check_moves(
    flow_id: str, path: str, state: State, flow: Flow, flows: Mapping[str, Flow]
) -> Iterator[Problem]:
    """References to missing states or flows, and states that cannot move on."""
    for i, branch in enumerate(state.next):
        if branch.to not in flow.states:
            yield Problem("error", flow_id, f"{path}.next", _missing_state(branch.to, flow))
        for var in branch.when:
            if var not in {s.save for s in flow.states.values()}:
                yield Problem(
                    "error",
                    flow_id,
                    f"{path}.next[{i}].when",
                    f"no state saves an answer called {var!r}",
                )
    if state.goto is not None and state.goto not in flows:
        yield Problem("error", flow_id, f"{path}.goto", f"there is no flow called {state.goto!r}")
    can_move = bool(state.next) or state.end or state.goto is not None
    if state.next and all(b.when for b in state.next) and not (state.end or state.goto):
        # An answer no branch takes would leave the person with "something went wrong".
        yield Problem(
            "error",
            flow_id,
            f"{path}.next",
            "every branch has a condition; add a last branch without 'when' so the "
            "conversation always moves on",
        )
    for i, option in enumerate(state.options):
        where = f"{path}.options[{i}]"
        for key in ("next", "return_to"):
            target = getattr(option, key)
            if target is not None and target not in flow.states:
                yield Problem("error", flow_id, f"{where}.{key}", _missing_state(target, flow))
        if option.goto is not None and option.goto not in flows:
            yield Problem(
                "error", flow_id, f"{where}.goto", f"there is no flow called {option.goto!r}"
            )
        if not (option.next or option.goto or can_move):
            yield Problem(
                "error",
                flow_id,
                where,
                "this option leads nowhere: give it next or goto, or give the state next or end",
            )
    if not state.options and not can_move:
        yield Problem(
            "error",
            flow_id,
            path,
            "dead end: this state neither moves on (next or goto) nor ends the conversation "
            "(end: true)",
        )


def _check_replies(flow_id: str, flow: Flow) -> Iterator[Problem]:
    """Every answer gets a reply: a question has a prompt, and the steps an answer leads to
    say something before the conversation ends."""
    silent: dict[str, bool] = {}

    def ends_silently(name: str) -> bool:
        if name not in silent:
            silent[name] = False  # a loop is reported elsewhere
            state = flow.states.get(name)
            silent[name] = (
                state is not None
                and state.input == "none"
                and state.prompt is None
                and state.say_each is None
                and state.goto is None
                and (state.end or bool(state.next))
                and all(ends_silently(b.to) for b in state.next)
            )
        return silent[name]

    reported = set()
    for name, state in flow.states.items():
        if state.input == "none":
            continue
        if state.prompt is None:
            yield Problem(
                "error",
                flow_id,
                f"states.{name}.prompt",
                "this question has no prompt: the texter would get no reply and would not "
                "know what to answer",
            )
        targets = [b.to for b in state.next] + [o.next for o in state.options if o.next]
        for target in targets:
            if target not in reported and ends_silently(target):
                reported.add(target)
                yield Problem(
                    "error",
                    flow_id,
                    f"states.{target}",
                    "the conversation ends here without a word, so an answer would get no "
                    "reply: give this step a prompt",
                )


def _check_circles(flow_id: str, flow: Flow) -> Iterator[Problem]:
    """Steps that wait for no answer and lead back to each other: the engine would go round
    until it gives up, and the texter would get "something went wrong"."""
    asks_nothing = {n for n, s in flow.states.items() if s.input == "none"}
    edges = {n: [b.to for b in flow.states[n].next if b.to in asks_nothing] for n in asks_nothing}
    reported: set[str] = set()
    cleared: set[str] = set()
    for first in sorted(asks_nothing):
        circle = _circle_from(first, edges, [], cleared)
        if circle is None or reported & set(circle):
            continue
        reported |= set(circle)
        route = " → ".join(circle)
        for name in sorted(set(circle)):
            yield Problem(
                "error",
                flow_id,
                f"states.{name}",
                f"these steps go round in a circle without waiting for an answer ({route}): "
                'the texter would get "something went wrong". Make one of them a question, '
                "or lead out of the circle",
            )


def _circle_from(
    name: str, edges: Mapping[str, list[str]], path: list[str], cleared: set[str]
) -> list[str] | None:
    """A circle reached from ``name`` along ``edges`` (its names in order, back to where it
    closes), or None; ``path`` holds the names walked to get here, ``cleared`` those that
    lead into no circle."""
    if name in path:
        return [*path[path.index(name) :], name]
    if name in cleared:
        return None
    for target in edges[name]:
        circle = _circle_from(target, edges, [*path, name], cleared)
        if circle is not None:
            return circle
    cleared.add(name)
    return None


_LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def _check_team_question(flow_id: str, flow: Flow) -> Iterator[Problem]:
    """The question of who may reach out keeps "no police" meaning no police: its answer is
    saved as ``peers_only``, true for no police, so a refusal heard at any point answers it
    and the case it makes keeps police away."""

    def error(path: str, message: str) -> Problem:
        return Problem("error", flow_id, path, message)

    for name, state in flow.states.items():
        if state.input != "choice":
            continue
        path = f"states.{name}"
        team = state.save == POLICE_VAR
        says_no_police = []
        for i, option in enumerate(state.options):
            where = f"{path}.options[{i}]"
            refusing = {lang for lang, text in option.label.items() if refuses_police(text)}
            if refusing:
                says_no_police.append(i)
            for lang in sorted(set(option.label) - refusing if refusing else ()):
                other = _LANGUAGE_NAMES[sorted(refusing)[0]]
                yield error(
                    f"{where}.label.{lang}",
                    f"the {other} label says no police but the {_LANGUAGE_NAMES[lang]} one "
                    "does not: say the same in both languages",
                )
            if team and not isinstance(option.value, bool):
                yield error(
                    f"{where}.value",
                    "the answer to who may reach out must be true (peers only, no police) or "
                    "false (a police officer may be part of the team)",
                )
            elif team and refusing and option.value is not True:
                yield error(
                    f"{where}.value",
                    "this option says no police, so its value must be true: a person who "
                    "picked it would otherwise get a police officer on their team",
                )
        if team and not any(o.value is True for o in state.options):
            yield error(
                f"{path}.options",
                "add an option with value true (peers only, no police): a person who says "
                "no police at any point is given that answer",
            )
        if says_no_police and not team:
            yield error(
                f"{path}.save",
                f"this question asks about police: save its answer as {POLICE_VAR} (true for "
                "no police), so a person who says no police at any point is answered for, and "
                "routing keeps police away",
            )
    for name, state in flow.states.items():
        for i, spec in enumerate(state.effects):
            if spec.kind != "create_case" or POLICE_VAR not in spec.data:
                continue
            if spec.data[POLICE_VAR] not in (True, f"{{{POLICE_VAR}}}"):
                yield error(
                    f"states.{name}.effects[{i}].data.{POLICE_VAR}",
                    f"must be {{{POLICE_VAR}}} (the person's answer) or true (always peers "
                    "only): anything else could send police to someone who said no",
                )


def _check_reachability(flow_id: str, flow: Flow) -> Iterator[Problem]:
    edges = {name: _targets(state) for name, state in flow.states.items()}
    seen: set[str] = set()
    todo = [flow.start] if flow.start else []
    while todo:
        name = todo.pop()
        if name in seen or name not in flow.states:
            continue
        seen.add(name)
        todo.extend(edges[name])
    for name in flow.states:
        if name not in seen:
            yield Problem(
                "warning",
                flow_id,
                f"states.{name}",
                f"unreachable: no path from the start state {flow.start!r} leads here",
            )
    # States from which the conversation can never end or leave the flow.
    finishing = {n for n, s in flow.states.items() if _finishes(s)}
    changed = True
    while changed:
        changed = False
        for name in flow.states:
            if name not in finishing and any(t in finishing for t in edges[name]):
                finishing.add(name)
                changed = True
    for name in sorted(seen - finishing):
        yield Problem(
            "error",
            flow_id,
            f"states.{name}",
            "dead end: from here the conversation can never end or move to another flow",
        )


def _finishes(state: State) -> bool:
    return state.end or state.goto is not None or any(o.goto for o in state.options)


def _targets(state: State) -> list[str]:
    targets = [b.to for b in state.next]
    for option in state.options:
        targets += [t for t in (option.next, option.return_to) if t]
    return targets


def _check_text(
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
                yield Problem("error", flow_id, f"{path}.{lang}", _unknown_var_message(var, saved))
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
    count, fewer = segments(rendered), segments(plain)
    if fewer < count:
        cost = f"typed plainly, it goes as {_segment_count(fewer)} instead of {count}"
    else:
        cost = (
            f"typed plainly it still fits in {_segment_count(count)}, but as UCS-2 a segment "
            "holds 70 characters instead of 160, so any longer and it costs more"
        )
    return (
        "this text is sent as UCS-2 only because of characters with plain equivalents "
        f"({why}); {cost}"
    )


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


def _vars_in(data: Any) -> set[str]:
    if isinstance(data, Mapping):
        return set().union(*(_vars_in(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_vars_in(v) for v in data)) if data else set()
    if isinstance(data, str):
        return set(TEMPLATE_VAR.findall(data))
    return set()


def _unknown_var_message(var: str, saved: set[str]) -> str:
    hint = f" Answers saved in this flow: {', '.join(sorted(saved))}." if saved else ""
    return (
        f"unknown variable {{{var}}}: no state saves it and it is not one of "
        f"{', '.join(sorted(BUILTIN_VARS))}.{hint}"
    )


def _missing_state(name: str, flow: Flow) -> str:
    return f"there is no state called {name!r} in flow {flow.flow_id!r}"
