"""Checks a set of flows before they are published, in words an admin can act on.

The checks of a single text live in ``flows.validate_text``, the facts each safety text must
keep in ``flows.validate_facts``, the steps it must not turn around ("only call 911 if it does
not work") in ``flows.validate_unsafe``, and the one that keeps "no police" meaning no police
in ``flows.validate_team``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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
from flows.problem import LANGUAGE_NAMES, Problem
from flows.script import Flow, Option, ScriptError, State, load_flow
from flows.text import TEMPLATE_VAR, single_word
from flows.types import EFFECT_KINDS
from flows.validate_facts import check_safety_facts
from flows.validate_team import check_team_question
from flows.validate_text import (
    BUILTIN_VARS,
    OPTIONS_VAR,
    check_text,
    unknown_var_message,
)
from flows.validate_unsafe import check_unsafe_steps

__all__ = ["Problem", "validate_flows", "validate_sources"]

PLACE_VARS = frozenset({"sites", "place"})
# Filled in by the engine in the strings that say them (a site list, a place not found, an
# answer changed).
STRING_VARS = frozenset({"suggestions", "when", "number", "offers", "supply", "answer", "words"})
SYSTEM_FLOW = "system"


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
    saved |= {f"{s.save}_words" for s in flow.states.values() if s.save and s.keep_words}
    strings = set(flow.strings)
    system = flows.get(SYSTEM_FLOW)
    shared = set(DEFAULT_STRINGS) | (set(system.strings) if system else set())
    known = BUILTIN_VARS | saved | strings | shared

    for name, text in flow.strings.items():
        allowed = known | PLACE_VARS | STRING_VARS | {OPTIONS_VAR}
        yield from check_text(flow_id, f"strings.{name}", text, allowed, flow)
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
        if state.from_menu_answer and _asks_consent(state):
            yield error(
                f"{path}.from_menu_answer",
                "a yes or no, or who may reach out, is consent: it must be asked, never taken "
                'from the words that answered the menu ("yes police came" is no yes)',
            )
        allowed = set(known)
        if state.options:
            allowed.add(OPTIONS_VAR)
        if state.input == "place":
            allowed.add(OPTIONS_VAR)  # a ZIP shared by several towns lists them
        if any(s.lookup for s in flow.states.values()):
            allowed |= PLACE_VARS
        if state.prompt is not None:
            yield from check_text(flow_id, f"{path}.prompt", state.prompt, allowed, flow, state)
        if state.retry is not None:
            yield from check_text(flow_id, f"{path}.retry", state.retry, allowed, flow, state)
        for i, option in enumerate(state.options):
            yield from check_text(flow_id, f"{path}.options[{i}].label", option.label, set(), flow)
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
                    f"the {LANGUAGE_NAMES[lang]} prompt does not show {{options}} but the "
                    f"{LANGUAGE_NAMES[sorted(shown_in)[0]]} one does, so "
                    f"{LANGUAGE_NAMES[lang]} texters would not see the numbered choices",
                )
        yield from _check_moves(flow_id, path, state, flow, flows)
        for i, spec in enumerate(state.effects):
            where = f"{path}.effects[{i}]"
            if spec.kind not in EFFECT_KINDS:
                kinds = ", ".join(sorted(EFFECT_KINDS))
                yield error(f"{where}.kind", f"unknown effect {spec.kind!r}; use one of {kinds}")
            for var in sorted(_vars_in(spec.data)):
                if var not in known:
                    yield error(f"{where}.data", unknown_var_message(var, saved))
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

    yield from check_safety_facts(flow_id, flow)
    yield from check_unsafe_steps(flow_id, flow)
    yield from check_team_question(flow_id, flow)
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


# Answers that give consent: to police on the team, to a call, to anything asked yes or no.
_CONSENT_VALUES = frozenset({"yes", "no", "true", "false"})


def _asks_consent(state: State) -> bool:
    return state.save == POLICE_VAR or any(
        str(option.value).lower() in _CONSENT_VALUES for option in state.options
    )


def _targets(state: State) -> list[str]:
    targets = [b.to for b in state.next]
    for option in state.options:
        targets += [t for t in (option.next, option.return_to) if t]
    return targets


def _vars_in(data: Any) -> set[str]:
    if isinstance(data, Mapping):
        return set().union(*(_vars_in(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_vars_in(v) for v in data)) if data else set()
    if isinstance(data, str):
        return set(TEMPLATE_VAR.findall(data))
    return set()


def _missing_state(name: str, flow: Flow) -> str:
    return f"there is no state called {name!r} in flow {flow.flow_id!r}"
