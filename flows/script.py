"""Flow scripts: YAML text in, a checked, immutable ``Flow`` out.

A script (``spec: 1``) looks like::

    spec: 1
    flow: naloxone            # the flow id
    title: Find naloxone
    start: ask                # first state
    strings:                  # named bilingual texts the engine or the states use
      mail_order: {en: "...", es: "..."}
    states:
      ask:
        prompt: {en: "What town or ZIP?", es: "..."}
        input: place          # choice | multi | text | place | none
        save: town            # the answer is kept as {town}
        lookup: naloxone      # place states only: find nearby sites as {sites}
        next: results
      results:
        prompt: {en: "{sites}", es: "{sites}"}
        input: none
        effects: [{kind: log_event, data: {event: "found"}}]
        end: true

Choice states list ``options`` (``value``, bilingual ``label``, extra ``match`` words per
language, and ``next``, ``goto`` or ``switch_language``); ``{options}`` in a prompt becomes the
numbered list. A choice or multi state marked ``from_menu_answer: true`` is answered, not
asked, when the words that answered the menu name its options ("my son died last month"); an
option marked ``from_menu_answer: false`` never is. An option's value names it too, unless
it is marked ``match_value: false`` (a word too common, "now"). A place question so marked (not the
naloxone finder's) is answered by the one county town this conversation's texts said the
person is in ("i live in Northampton", ``flows.towns_said``). ``next`` is a state name or a
list of branches ``[{when: {var: value}, to: x}, {to: y}]``. ``load_flow`` checks the structure and
raises ``ScriptError`` naming the field; cross-checks (translations, references,
reachability) are in ``flows.validate``.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SPEC_VERSION = 1
LANGUAGES = ("en", "es")
INPUT_KINDS = ("choice", "multi", "text", "place", "none")
LOOKUPS = ("naloxone",)
SHIPPED_FLOW_IDS = ("menu", "self_referral", "family", "naloxone", "system")
SCRIPTS_DIR = Path(__file__).parent / "scripts"

Text = Mapping[str, str]  # language code -> text


class ScriptError(ValueError):
    """A script that cannot be loaded; ``path`` names the field, e.g. ``states.town.prompt``,
    and ``line`` the line (1-based) where the text is not YAML a script can be read from."""

    def __init__(self, message: str, path: str = "", line: int | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Branch:
    """Go to ``to`` when every saved variable in ``when`` equals (or, for lists, holds) it."""

    to: str
    when: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Option:
    value: Any
    label: Text
    match: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    next: str | None = None
    goto: str | None = None
    switch_language: bool = False
    return_to: str | None = None  # after the next answered state, go back here (for "change")
    from_menu_answer: bool = True  # False: words too common to take from the menu's answer ("me")
    match_value: bool = True  # False: the value is no word that picks it ("now" in "home now")
    # A question that keeps the texter's own words picks it even when they say more ("text me,
    # he checks my phone").
    over_own_words: bool = False


@dataclass(frozen=True)
class EffectSpec:
    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class State:
    name: str
    input: str = "none"
    prompt: Text | None = None
    save: str | None = None
    options: tuple[Option, ...] = ()
    next: tuple[Branch, ...] = ()
    effects: tuple[EffectSpec, ...] = ()
    end: bool = False
    goto: str | None = None
    retry: Text | None = None
    lookup: str | None = None
    optional: bool = False  # text/place: skip words ("skip", "no") save nothing
    free_text: bool = False  # choice: an answer matching no option is kept as typed
    # choice/multi: words that answered the menu and already name an option here ("my son
    # died": a parent, grief) answer this question too; nobody is asked what they said.
    # place: a town the conversation's words said they are in ("i live in Ware") answers it.
    from_menu_answer: bool = False
    max_length: int = 160  # text: longer answers are cut
    # multi: the person's own words beside their picks ("1 and i have tranq wounds") are kept
    # as ``<save>_words`` for the team, and shown with the answer by the string ``your_words``.
    keep_words: bool = False
    say_each: tuple[str, Mapping[str, str]] | None = None  # (var, {value: string name})


@dataclass(frozen=True)
class Flow:
    flow_id: str
    version: int | None
    title: str
    start: str | None
    states: Mapping[str, State]
    strings: Mapping[str, Text]
    spec: int = SPEC_VERSION
    source: str = field(default="", repr=False, compare=False)


_FLOW_KEYS = {"spec", "flow", "version", "title", "start", "strings", "states"}
_STATE_KEYS = {
    "prompt",
    "input",
    "save",
    "options",
    "next",
    "effects",
    "end",
    "goto",
    "retry",
    "lookup",
    "optional",
    "free_text",
    "from_menu_answer",
    "max_length",
    "say_each",
    "keep_words",
}
_OPTION_KEYS = {
    "value", "label", "match", "next", "goto", "switch_language", "return_to", "from_menu_answer",
    "match_value", "over_own_words",
}  # fmt: skip


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML keeps the last of two equal keys without a word; in a script that silently drops
    a prompt or a whole state, so a key written twice is an error naming its line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue  # ``<<: *anchor`` copies keys in; the keys written here override them
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "a key must be a plain name, not a list or mapping",
                    key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_flow(text: str, version: int | None = None, *, strict: bool = False) -> Flow:
    """Parse a YAML script; ``version`` (the published revision) overrides the file's own.

    ``strict`` also refuses a key written twice: for text an admin is checking, saving or
    publishing. Versions already stored are read as YAML reads them, so a version published
    before the check existed keeps answering texts.
    """
    try:
        loader = _UniqueKeyLoader if strict else yaml.SafeLoader
        raw = yaml.load(text, Loader=loader)  # noqa: S506 - both are safe loaders
    except yaml.YAMLError as exc:
        line, problem = _yaml_problem(exc)
        where = f" (line {line})" if line is not None else ""
        raise ScriptError(f"this is not valid YAML{where}: {problem}", "", line) from None
    if not isinstance(raw, dict):
        raise ScriptError("a script must be a mapping with flow, start, states...", "")
    _no_unknown_keys(raw, _FLOW_KEYS, "")
    spec = raw.get("spec", SPEC_VERSION)
    if spec != SPEC_VERSION:
        raise ScriptError(f"unsupported spec {spec!r}; this engine reads spec 1", "spec")
    flow_id = _required_str(raw, "flow", "flow")
    if version is None and raw.get("version") is not None:
        if not isinstance(raw["version"], int) or isinstance(raw["version"], bool):
            raise ScriptError("must be a whole number", "version")
        version = raw["version"]
    title = raw.get("title", flow_id)
    if not isinstance(title, str):
        raise ScriptError("must be text", "title")
    strings_raw = raw.get("strings") or {}
    if not isinstance(strings_raw, dict):
        raise ScriptError("must be a mapping of name: {en: ..., es: ...}", "strings")
    strings = {str(k): _text(v, f"strings.{k}") for k, v in strings_raw.items()}
    states_raw = raw.get("states") or {}
    if not isinstance(states_raw, dict):
        raise ScriptError("must be a mapping of state name: state", "states")
    states = {str(k): _state(str(k), v) for k, v in states_raw.items()}
    start = raw.get("start")
    if states and not isinstance(start, str):
        raise ScriptError("name the first state", "start")
    if start is not None and start not in states:
        raise ScriptError(f"there is no state called {start!r}", "start")
    return Flow(
        flow_id=flow_id,
        version=version,
        title=title,
        start=start,
        states=states,
        strings=strings,
        spec=spec,
        source=text,
    )


def _yaml_problem(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """The line (1-based) and what the YAML reader found wrong there, with the likely mistake
    in words an editor can act on."""
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "problem_mark", None)
    if "end of stream" in problem and "quoted" in context:
        mark = getattr(exc, "context_mark", None) or mark  # where the quote opens
    line = mark.line + 1 if mark is not None else None
    if "mapping values are not allowed" in problem:
        hint = (
            "a colon and a space inside a text without quotes around it. Put the whole text "
            'in double quotes, like en: "Note: ..."'
        )
    elif "'\\t'" in problem:
        hint = "a tab: indent with spaces only"
    elif "end of stream" in problem and "quoted" in context:
        hint = 'this text opens a quote that is never closed: add the closing " at its end'
    elif "expected <block end>" in problem:
        hint = (
            "check that this line is indented like the lines around it, that the text on the "
            'line before ends with its closing quote, and that a text in double quotes has no " '
            'inside it (type \\" for one)'
        )
    elif "flow mapping" in context or "flow sequence" in context:
        hint = (
            "a { or [ that is not closed, or a colon inside one: a text that starts with { or "
            "[ or holds a colon goes in double quotes"
        )
    else:
        return line, problem
    return line, f"{hint} (the YAML reader says: {problem})"


def load_shipped_flows() -> dict[str, Flow]:
    """The flows shipped in ``flows/scripts/*.yaml``, keyed by flow id."""
    flows: dict[str, Flow] = {}
    for path in sorted(SCRIPTS_DIR.glob("*.yaml")):
        flow = load_flow(path.read_text(encoding="utf-8"))
        flows[flow.flow_id] = flow
    return flows


@functools.cache
def shipped_flows() -> Mapping[str, Flow]:
    """The shipped flows read once, for code that only reads them (never change the mapping:
    it is shared)."""
    return load_shipped_flows()


def shipped_flow_text(flow_id: str) -> str:
    """The YAML text of a shipped flow (``flows/scripts/<flow_id>.yaml``)."""
    if flow_id not in SHIPPED_FLOW_IDS:
        raise KeyError(f"{flow_id!r} is not a shipped flow")
    return (SCRIPTS_DIR / f"{flow_id}.yaml").read_text(encoding="utf-8")


def _state(name: str, raw: Any) -> State:
    path = f"states.{name}"
    if not isinstance(raw, dict):
        raise ScriptError("a state must be a mapping (prompt, input, next...)", path)
    _no_unknown_keys(raw, _STATE_KEYS, path)
    kind = raw.get("input", "none")
    if kind not in INPUT_KINDS:
        raise ScriptError(f"input must be one of {', '.join(INPUT_KINDS)}", f"{path}.input")
    options_raw = raw.get("options") or []
    if not isinstance(options_raw, list):
        raise ScriptError("must be a list of options", f"{path}.options")
    options = tuple(_option(o, f"{path}.options[{i}]") for i, o in enumerate(options_raw))
    if kind in ("choice", "multi") and not options:
        raise ScriptError(f"a {kind} state needs options", f"{path}.options")
    if kind not in ("choice", "multi") and options:
        raise ScriptError(f"options only make sense with input choice or multi, not {kind}", path)
    lookup = raw.get("lookup")
    if lookup is not None and (kind != "place" or lookup not in LOOKUPS):
        raise ScriptError(f"lookup must be one of {LOOKUPS} on a place state", f"{path}.lookup")
    if lookup is not None and raw.get("from_menu_answer"):
        raise ScriptError(
            "the naloxone finder asks where the person is now: earlier words may not answer it",
            f"{path}.from_menu_answer",
        )
    save = raw.get("save")
    if save is not None and (not isinstance(save, str) or not save.isidentifier()):
        raise ScriptError("must be a variable name like town or best_time", f"{path}.save")
    for key in ("end", "optional", "free_text", "from_menu_answer", "keep_words"):
        if not isinstance(raw.get(key, False), bool):
            raise ScriptError("must be true or false", f"{path}.{key}")
    if raw.get("keep_words") and (kind != "multi" or save is None):
        raise ScriptError("only a multi question that saves its answer keeps words", path)
    if raw.get("from_menu_answer") and kind not in ("choice", "multi", "place"):
        raise ScriptError(
            "only a choice, multi or place question can be answered from earlier words", path
        )
    goto = raw.get("goto")
    if goto is not None and not isinstance(goto, str):
        raise ScriptError("must be a flow id", f"{path}.goto")
    max_length = raw.get("max_length", 160)
    if not isinstance(max_length, int) or max_length < 1:
        raise ScriptError("must be a positive whole number", f"{path}.max_length")
    return State(
        name=name,
        input=kind,
        prompt=_text(raw["prompt"], f"{path}.prompt") if "prompt" in raw else None,
        save=save,
        options=options,
        next=_next(raw.get("next"), f"{path}.next"),
        effects=_effects(raw.get("effects"), f"{path}.effects"),
        end=raw.get("end", False),
        goto=goto,
        retry=_text(raw["retry"], f"{path}.retry") if "retry" in raw else None,
        lookup=lookup,
        optional=raw.get("optional", False),
        free_text=raw.get("free_text", False),
        from_menu_answer=raw.get("from_menu_answer", False),
        max_length=max_length,
        keep_words=raw.get("keep_words", False),
        say_each=_say_each(raw.get("say_each"), f"{path}.say_each"),
    )


def _option(raw: Any, path: str) -> Option:
    if not isinstance(raw, dict):
        raise ScriptError("an option must be a mapping (value, label, next)", path)
    _no_unknown_keys(raw, _OPTION_KEYS, path)
    if "value" not in raw:
        raise ScriptError("an option needs a value", f"{path}.value")
    value = raw["value"]
    if not isinstance(value, str | int | bool) or value is None:
        raise ScriptError("must be text, a number, true or false", f"{path}.value")
    match_raw = raw.get("match") or {}
    if not isinstance(match_raw, dict):
        raise ScriptError("must be a mapping like {en: [words], es: [words]}", f"{path}.match")
    match: dict[str, tuple[str, ...]] = {}
    for lang, words in match_raw.items():
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, list) or not all(isinstance(w, str | int) for w in words):
            raise ScriptError("must be a list of words", f"{path}.match.{lang}")
        match[str(lang)] = tuple(str(w) for w in words)
    for key in ("next", "goto", "return_to"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise ScriptError("must be a name", f"{path}.{key}")
    for key in ("switch_language", "from_menu_answer", "match_value", "over_own_words"):
        if not isinstance(raw.get(key, key in ("from_menu_answer", "match_value")), bool):
            raise ScriptError("must be true or false", f"{path}.{key}")
    if "label" not in raw:
        raise ScriptError("an option needs a label", f"{path}.label")
    return Option(
        value=value,
        label=_text(raw["label"], f"{path}.label"),
        match=match,
        next=raw.get("next"),
        goto=raw.get("goto"),
        switch_language=raw.get("switch_language", False),
        return_to=raw.get("return_to"),
        from_menu_answer=raw.get("from_menu_answer", True),
        match_value=raw.get("match_value", True),
        over_own_words=raw.get("over_own_words", False),
    )


def _next(raw: Any, path: str) -> tuple[Branch, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (Branch(to=raw),)
    if not isinstance(raw, list):
        raise ScriptError("must be a state name or a list of {when, to}", path)
    branches = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("to"), str):
            raise ScriptError("each branch needs to: <state>", where)
        _no_unknown_keys(item, {"when", "to"}, where)
        when = item.get("when") or {}
        if not isinstance(when, dict):
            raise ScriptError("must be a mapping of variable: value", f"{where}.when")
        branches.append(Branch(to=item["to"], when=dict(when)))
    return tuple(branches)


def _effects(raw: Any, path: str) -> tuple[EffectSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ScriptError("must be a list of {kind, data}", path)
    specs = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            raise ScriptError("each effect needs kind: <name>", where)
        _no_unknown_keys(item, {"kind", "data"}, where)
        data = item.get("data") or {}
        if not isinstance(data, dict):
            raise ScriptError("must be a mapping", f"{where}.data")
        specs.append(EffectSpec(kind=item["kind"], data=data))
    return tuple(specs)


def _say_each(raw: Any, path: str) -> tuple[str, Mapping[str, str]] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("var"), str):
        raise ScriptError("must be {var: name, strings: {value: string name}}", path)
    _no_unknown_keys(raw, {"var", "strings"}, path)
    strings = raw.get("strings")
    if not isinstance(strings, dict) or not all(isinstance(v, str) for v in strings.values()):
        raise ScriptError("must map each value to a string name", f"{path}.strings")
    return raw["var"], {str(k): v for k, v in strings.items()}


def _text(raw: Any, path: str) -> Text:
    if isinstance(raw, str):
        return {"en": raw}
    if not isinstance(raw, dict) or not raw:
        raise ScriptError("must be a text per language, like {en: ..., es: ...}", path)
    text: dict[str, str] = {}
    for lang, value in raw.items():
        if lang not in LANGUAGES:
            raise ScriptError(f"unknown language {lang!r}; use en or es", f"{path}.{lang}")
        if not isinstance(value, str):
            raise ScriptError(
                'must be text: put it in double quotes, like "{sites}" or "911"', f"{path}.{lang}"
            )
        text[lang] = value
    return text


def _required_str(raw: Mapping[str, Any], key: str, path: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise ScriptError("is required", path)
    return value


def _no_unknown_keys(raw: Mapping[str, Any], allowed: set[str], path: str) -> None:
    for key in raw:
        if key not in allowed:
            where = f"{path}.{key}" if path else str(key)
            raise ScriptError(f"unknown field; expected one of {', '.join(sorted(allowed))}", where)
