"""Transcripts: a conversation written down with what the hotline must answer, and a runner.

The test suite replays ``flows/transcripts/*.txt``; admins run the same files against draft
scripts before publishing. One instruction per line::

    # a comment (blank lines are ignored too)
    @ 2026-11-24T09:00-05:00      set the clock (ISO time with its UTC offset)
    @ +2h                         move the clock on (+30m, +2h, +1d; combine: +1d2h)
    > narcan in noho              the texter sends this
    < Northampton                 some reply to the last text contains this (any case)
    <= Text MENU any time.        some reply is exactly this (write a line break as \\n)
    << nothing                    no reply at all to the last text (also: < (silence))
    <! police                     no reply to the last text contains this
    ! log_event event=emergency   an effect the last text produced, with these data values
    ! create_case needs='["coach"]' peers_only=true name=null
    !! create_case                the last text produced no effect of this kind
    !! (any)                      the last text produced no effects at all
    ? flow=self_referral node=town     the conversation state now has these values

Effect and state values are read as JSON when they parse (true, 3, null, ["a", "b"]) and as
text otherwise; quote values with spaces (town='South Hadley'). The runner plays the caller's
part for opt-outs: after an ``opt_out`` effect the texter counts as opted out until ``opt_in``;
and for refusals of police: after a ``refuse_police`` effect the texter has refused police.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from flows.engine import step
from flows.places import Directory
from flows.script import Flow
from flows.types import Context, Effect, EngineSettings

TRANSCRIPTS_DIR = Path(__file__).parent / "transcripts"
# A Tuesday afternoon in Northampton: sites with weekday hours are open.
DEFAULT_START = datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=-5)))
_SILENCE = frozenset({"nothing", "(silence)", "(nothing)", "silence"})
_DURATION = re.compile(r"^\+((?:\d+[dhms])+)$")


class TranscriptError(ValueError):
    """A transcript line the runner cannot read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Line:
    number: int
    kind: str  # send | contains | exact | silence | absent | effect | no_effect | state | clock
    text: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Transcript:
    lines: tuple[Line, ...]
    name: str = ""


@dataclass(frozen=True)
class Failure:
    line: int
    expected: str
    got: str

    def __str__(self) -> str:
        return f"line {self.line}: expected {self.expected}; got {self.got}"


@dataclass(frozen=True)
class TranscriptResult:
    passed: bool
    failures: tuple[Failure, ...]
    log: tuple[str, ...]  # what was sent and answered, for showing next to the failures
    name: str = ""


def parse_transcript(text: str, name: str = "") -> Transcript:
    """Read a transcript; raises TranscriptError naming the line it cannot read."""
    lines: list[Line] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        lines.append(_parse_line(number, line.lstrip()))
    return Transcript(lines=tuple(lines), name=name)


def load_transcripts(directory: Path = TRANSCRIPTS_DIR) -> dict[str, Transcript]:
    """The transcript files in a folder, by file name."""
    return {
        path.name: parse_transcript(path.read_text(encoding="utf-8"), name=path.name)
        for path in sorted(directory.glob("*.txt"))
    }


def run_transcript(
    flows: Mapping[str, Flow],
    transcript: Transcript,
    places: Directory,
    settings: EngineSettings | None = None,
    start: datetime = DEFAULT_START,
) -> TranscriptResult:
    """Replay the transcript against the flows and report every expectation that failed."""
    settings = settings or EngineSettings()
    now = start
    state: dict[str, Any] | None = None
    opted_out = refused_police = False
    replies: tuple[str, ...] = ()
    effects: tuple[Effect, ...] = ()
    sent_any = False
    failures: list[Failure] = []
    log: list[str] = []

    def fail(line: Line, expected: str, got: str) -> None:
        failures.append(Failure(line.number, expected, got))

    for line in transcript.lines:
        if line.kind == "clock":
            now = _move_clock(now, line)
            log.append(f"@ {now.isoformat()}")
            continue
        if line.kind == "send":
            ctx = Context(
                now=now,
                places=places,
                settings=settings,
                opted_out=opted_out,
                refuses_police=refused_police,
            )
            outcome = step(flows, state, line.text, ctx)
            state, replies, effects = outcome.state, outcome.replies, outcome.effects
            sent_any = True
            for effect in effects:
                if effect.kind == "opt_out":
                    opted_out = True
                elif effect.kind == "opt_in":
                    opted_out = False
                elif effect.kind == "refuse_police":
                    refused_police = True
            log.append(f"> {line.text}")
            log.extend("< " + r.replace("\n", "\n  ") for r in replies)
            log.extend(f"! {e.kind} {json.dumps(dict(e.data), sort_keys=True)}" for e in effects)
            continue
        if not sent_any and line.kind != "state":
            raise TranscriptError(line.number, "an expectation comes before any '>' text")
        _check(line, replies, effects, state, fail)
    return TranscriptResult(
        passed=not failures, failures=tuple(failures), log=tuple(log), name=transcript.name
    )


def _check(
    line: Line,
    replies: tuple[str, ...],
    effects: tuple[Effect, ...],
    state: Mapping[str, Any] | None,
    fail: Callable[[Line, str, str], None],
) -> None:
    shown = _show_replies(replies)
    if line.kind == "contains":
        if not any(line.text.lower() in r.lower() for r in replies):
            fail(line, f"a reply containing {line.text!r}", shown)
    elif line.kind == "exact":
        if line.text not in replies:
            fail(line, f"a reply exactly {line.text!r}", shown)
    elif line.kind == "silence":
        if replies:
            fail(line, "no reply", shown)
    elif line.kind == "absent":
        if any(line.text.lower() in r.lower() for r in replies):
            fail(line, f"no reply containing {line.text!r}", shown)
    elif line.kind == "effect":
        if not any(_effect_matches(e, line.text, line.data) for e in effects):
            want = line.text + "".join(f" {k}={json.dumps(v)}" for k, v in line.data.items())
            fail(line, f"effect {want}", _show_effects(effects))
    elif line.kind == "no_effect":
        unwanted = [e for e in effects if line.text == "(any)" or e.kind == line.text]
        if unwanted:
            fail(line, f"no effect {line.text}", _show_effects(unwanted))
    elif line.kind == "state":
        current = state or {}
        for key, want in line.data.items():
            if current.get(key) != want:
                fail(line, f"state {key}={json.dumps(want)}", json.dumps(current.get(key)))


def _effect_matches(effect: Effect, kind: str, data: Mapping[str, Any]) -> bool:
    return effect.kind == kind and all(
        key in effect.data and effect.data[key] == value for key, value in data.items()
    )


def _show_replies(replies: tuple[str, ...]) -> str:
    if not replies:
        return "no reply"
    return " | ".join(repr(r) for r in replies)


def _show_effects(effects: tuple[Effect, ...] | list[Effect]) -> str:
    if not effects:
        return "no effects"
    return "; ".join(f"{e.kind} {json.dumps(dict(e.data), sort_keys=True)}" for e in effects)


def _parse_line(number: int, line: str) -> Line:
    for prefix, kind in (
        ("<<", "silence"),
        ("<=", "exact"),
        ("<!", "absent"),
        ("<", "contains"),
        ("!!", "no_effect"),
        ("!", "effect"),
        (">", "send"),
        ("@", "clock"),
        ("?", "state"),
    ):
        if line.startswith(prefix):
            rest = line[len(prefix) :].strip() if kind != "send" else line[1:].removeprefix(" ")
            return _make_line(number, kind, rest)
    raise TranscriptError(number, "start the line with >, <, <=, <<, <!, !, !!, ? or @")


def _make_line(number: int, kind: str, rest: str) -> Line:
    if kind == "contains" and rest.lower() in _SILENCE:
        kind = "silence"
    if kind == "silence":
        return Line(number, kind)
    if kind == "exact":
        return Line(number, kind, rest.replace("\\n", "\n"))
    if kind in ("effect", "state"):
        try:
            words = shlex.split(rest)
        except ValueError as exc:
            raise TranscriptError(number, f"cannot read the values: {exc}") from None
        if kind == "effect":
            if not words:
                raise TranscriptError(number, "name the effect, like: ! log_event event=help")
            head, pairs = words[0], words[1:]
        else:
            head, pairs = "", words
        return Line(number, kind, head, _pairs(number, pairs))
    if kind == "clock":
        _parse_clock(number, rest)
        return Line(number, kind, rest)
    if kind in ("contains", "absent", "no_effect") and not rest:
        raise TranscriptError(number, "say what to look for after the marker")
    return Line(number, kind, rest)


def _pairs(number: int, words: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or not key:
            raise TranscriptError(number, f"expected key=value, got {word!r}")
        try:
            data[key] = json.loads(value)
        except ValueError:
            data[key] = value
    return data


def _parse_clock(number: int, text: str) -> timedelta | datetime:
    match = _DURATION.match(text.replace(" ", ""))
    if match:
        delta = timedelta()
        units = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
        for amount, unit in re.findall(r"(\d+)([dhms])", match.group(1)):
            delta += timedelta(**{units[unit]: int(amount)})
        return delta
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise TranscriptError(number, f"cannot read the time {text!r}") from None
    if when.tzinfo is None:
        raise TranscriptError(number, "give the time with its UTC offset, like -05:00")
    return when


def _move_clock(now: datetime, line: Line) -> datetime:
    value = _parse_clock(line.number, line.text)
    return now + value if isinstance(value, timedelta) else value
