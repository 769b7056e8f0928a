"""Editing flow scripts: check, save drafts, publish, roll back, diff, simulate, replay transcripts.

No Flask here: the admin views call these with the request's session and the signed-in actor.
Versions are never changed in place; publishing and rolling back only add versions and move
``FlowScript.published_version``, which the inbound path reads on every text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from flows.engine import SYSTEM_FLOW, new_state, step
from flows.places import Directory
from flows.places_data import default_directory
from flows.problem import Problem
from flows.script import (
    LANGUAGES,
    SHIPPED_FLOW_IDS,
    Flow,
    ScriptError,
    State,
    Text,
    load_flow,
    shipped_flow_text,
)
from flows.sms import (
    MAX_BODY,
    describe_character,
    encoding,
    length,
    non_gsm_characters,
    segments,
)
from flows.transcripts import (
    TRANSCRIPTS_DIR,
    TranscriptError,
    TranscriptResult,
    parse_transcript,
    run_transcript,
)
from flows.types import Context, EngineSettings
from flows.validate import validate_flows
from flows.validate_text import sample_render
from hotline.flow_memo import digest, flows_digest, remembered
from hotline.flow_store import load_version, published_versions
from models import FlowScript, FlowVersion
from models.base import utcnow


class FlowEditError(Exception):
    """A change to a flow that cannot be made, with a message for the editor."""


class ConflictError(FlowEditError):
    """Someone saved a newer version since this editor opened the script."""

    def __init__(self, flow_id: str, base: int | None, latest: FlowVersion) -> None:
        super().__init__(
            f"{latest.author} saved version {latest.version} of {flow_id} "
            f"since you started editing version {base}. Your text was not saved: "
            f"compare it with version {latest.version} and edit that one."
        )
        self.base = base
        self.latest = latest


class NotPublishable(FlowEditError):
    """The script has errors (or cannot be loaded); ``problems`` says where."""

    def __init__(self, message: str, problems: list[ProblemView]) -> None:
        super().__init__(message)
        self.problems = problems


class TranscriptsFailed(FlowEditError):
    """Shipped conversations that pass now would go differently with this version; ``runs``
    are those transcripts, failing. Published only once the admin accepts each by name."""

    def __init__(self, message: str, runs: list[TranscriptRun]) -> None:
        super().__init__(message)
        self.runs = runs


@dataclass(frozen=True)
class ProblemView:
    """A problem with where it is: the script's field path and, when known, its line."""

    severity: str  # "error" | "warning"
    flow_id: str
    path: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class SegmentRow:
    """What one text costs as an SMS (variables filled with sample values)."""

    path: str
    language: str
    encoding: str
    segments: int
    length: int
    non_gsm: tuple[str, ...]
    line: int | None = None

    @property
    def non_gsm_shown(self) -> tuple[str, ...]:
        """Each character that forces UCS-2 as an editor can find it, with what to type."""
        return tuple(describe_character(ch) for ch in self.non_gsm)


@dataclass(frozen=True)
class CheckResult:
    flow: Flow | None
    problems: list[ProblemView] = field(default_factory=list)
    segment_rows: list[SegmentRow] = field(default_factory=list)

    @property
    def errors(self) -> list[ProblemView]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.flow is not None and not self.errors


# ----- reading ----------------------------------------------------------------------------


def latest_version(session: Session, flow_id: str) -> FlowVersion | None:
    return session.scalar(
        select(FlowVersion)
        .where(FlowVersion.flow_id == flow_id)
        .order_by(FlowVersion.version.desc())
        .limit(1)
    )


def get_version(session: Session, flow_id: str, version: int) -> FlowVersion | None:
    return session.scalar(
        select(FlowVersion).where(FlowVersion.flow_id == flow_id, FlowVersion.version == version)
    )


def history(session: Session, flow_id: str) -> list[FlowVersion]:
    """Every version of a flow, newest first."""
    return list(
        session.scalars(
            select(FlowVersion)
            .where(FlowVersion.flow_id == flow_id)
            .order_by(FlowVersion.version.desc())
        )
    )


@dataclass(frozen=True)
class FlowSummary:
    flow_id: str
    title: str
    published_version: int | None
    latest_version: int | None
    has_draft: bool
    edited_by: str | None
    edited_at: datetime | None


def list_flows(session: Session) -> list[FlowSummary]:
    """Each flow with its published version, whether a newer draft waits, and the last edit."""
    summaries = []
    for script in session.scalars(select(FlowScript).order_by(FlowScript.flow_id)):
        latest = latest_version(session, script.flow_id)
        summaries.append(
            FlowSummary(
                flow_id=script.flow_id,
                title=script.title,
                published_version=script.published_version,
                latest_version=latest.version if latest else None,
                has_draft=bool(
                    latest
                    and latest.status == "draft"
                    and latest.version > (script.published_version or 0)
                ),
                edited_by=latest.author if latest else None,
                edited_at=latest.created_at if latest else None,
            )
        )
    return summaries


# ----- checking ---------------------------------------------------------------------------


def flows_with(session: Session, flow_id: str, flow: Flow | None) -> dict[str, Flow]:
    """The published flows, with ``flow`` standing in for ``flow_id`` (dropped when None)."""
    return _standing_in(_published_flows(session), flow_id, flow)


def _published_flows(session: Session) -> dict[str, Flow]:
    """The published version of each flow, by flow id."""
    return {
        fid: load_version(session, fid, version)
        for fid, version in published_versions(session).items()
    }


def _standing_in(published: Mapping[str, Flow], flow_id: str, flow: Flow | None) -> dict[str, Flow]:
    """A copy of ``published`` with ``flow`` in the place of ``flow_id`` (dropped when None)."""
    flows = dict(published)
    if flow is None:
        flows.pop(flow_id, None)
    else:
        flows[flow_id] = flow
    return flows


def check_script(
    session: Session, flow_id: str, body: str, version: int | None = None
) -> CheckResult:
    """Load the script and validate it together with the other published flows (once for the
    same text, version and other flows: the editor, the version page and a publish all ask)."""
    published = _published_flows(session)
    others = flows_digest(_standing_in(published, flow_id, None))
    key = ("check", flow_id, version, digest(body), others)
    found = remembered(key, lambda: _check_script(published, flow_id, body, version))
    return replace(found, problems=list(found.problems), segment_rows=list(found.segment_rows))


def _check_script(
    published: Mapping[str, Flow], flow_id: str, body: str, version: int | None
) -> CheckResult:
    lines = LineFinder(body)
    try:
        flow = load_flow(body, version=version, strict=True)
    except ScriptError as exc:
        line = exc.line or yaml_error_line(body) or lines.line_of(exc.path)
        return CheckResult(None, [ProblemView("error", flow_id, exc.path, exc.message, line)])
    problems = []
    for problem in validated(_standing_in(published, flow_id, flow)):
        # Problems in other flows matter only when they are errors (this flow may cause them).
        if problem.flow_id != flow_id and problem.severity != "error":
            continue
        line = lines.line_of(problem.path) if problem.flow_id == flow_id else None
        problems.append(
            ProblemView(problem.severity, problem.flow_id, problem.path, problem.message, line)
        )
    return CheckResult(flow, problems, segment_rows(flow, lines))


def validated(flows: Mapping[str, Flow]) -> list[Problem]:
    """Every problem in these flows, checked once for the same flows (a save, the pages
    after it and a publish check the same scripts)."""
    key = ("problems", flows_digest(flows))
    return list(remembered(key, lambda: tuple(validate_flows(flows))))


def segment_rows(flow: Flow, lines: LineFinder | None = None) -> list[SegmentRow]:
    """Encoding and segment count of every prompt, retry and string, per language, counted on
    the text as the checks render it (the flow's own texts said in full)."""
    rows = []

    def add(path: str, text: Text | None, state: State | None = None) -> None:
        for lang in LANGUAGES:
            template = (text or {}).get(lang)
            if not template:
                continue
            rendered = sample_render(template, flow, lang, state)
            rows.append(
                SegmentRow(
                    path=f"{path}.{lang}",
                    language=lang,
                    encoding=encoding(rendered),
                    segments=segments(rendered),
                    length=length(rendered),
                    non_gsm=tuple(non_gsm_characters(rendered)),
                    line=lines.line_of(f"{path}.{lang}") if lines else None,
                )
            )

    for name, state in flow.states.items():
        add(f"states.{name}.prompt", state.prompt, state)
        add(f"states.{name}.retry", state.retry, state)
    for name, text in flow.strings.items():
        add(f"strings.{name}", text)
    return rows


def yaml_error_line(body: str) -> int | None:
    """The line the YAML parser stopped at, when the text is not valid YAML."""
    try:
        yaml.safe_load(body)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return mark.line + 1 if mark is not None else None
    return None


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class LineFinder:
    """Maps a script path such as ``states.town.options[1].label.es`` to its line in the text."""

    def __init__(self, body: str) -> None:
        try:
            self.root: yaml.Node | None = yaml.compose(body)
        except yaml.YAMLError:
            self.root = None

    def line_of(self, path: str) -> int | None:
        """The line of the deepest part of ``path`` present in the text (1-based)."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for name, index in _PATH_PART.findall(path or ""):
            if isinstance(node, yaml.MappingNode) and name:
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == name:
                        line = key.start_mark.line + 1
                        node = value
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and index:
                i = int(index)
                if i >= len(node.value):
                    return line
                node = node.value[i]
                line = node.start_mark.line + 1
            else:
                return line
        return line


# ----- changing ---------------------------------------------------------------------------


def _locked_script(session: Session, flow_id: str) -> FlowScript:
    """The flow's row, locked until commit on PostgreSQL, so saves of one flow go one by one."""
    script = session.scalar(
        select(FlowScript)
        .where(FlowScript.flow_id == flow_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if script is None:
        raise FlowEditError(f"there is no flow called {flow_id!r}")
    return script


def _same_text(a: str, b: str) -> bool:
    return normalise_body(a) == normalise_body(b)


def normalise_body(body: str) -> str:
    """Line endings as a browser may send them (CRLF) are stored as LF, with one final newline."""
    return body.replace("\r\n", "\n").replace("\r", "\n").rstrip() + "\n"


def save_draft(
    session: Session,
    flow_id: str,
    body: str,
    base_version: int | None,
    author: str,
    note: str = "",
    now: datetime | None = None,
) -> FlowVersion | None:
    """Save the text as a new draft version; None when it is the same as the latest version.

    Refuses (ConflictError) when a newer version was saved since ``base_version`` was opened.
    The caller commits.
    """
    _locked_script(session, flow_id)
    latest = latest_version(session, flow_id)
    latest_number = latest.version if latest else None
    if base_version != latest_number:
        assert latest is not None  # a base that differs from "no versions" means there is one
        raise ConflictError(flow_id, base_version, latest)
    body = normalise_body(body)
    if latest is not None and _same_text(latest.body, body):
        return None
    version = FlowVersion(
        flow_id=flow_id,
        version=(latest_number or 0) + 1,
        body=body,
        status="draft",
        author=author[:128],
        note=note[:256],
        base_version=base_version,
        created_at=now or utcnow(),
    )
    _insert_version(session, flow_id, version)
    return version


SHIPPED_CHANGE_NOTE = "the shipped script changed: review it, then publish"


def draft_shipped_changes(session: Session, now: datetime) -> list[FlowVersion]:
    """A shipped script whose text no stored version has (an upgrade changed it) is saved as
    a draft for staff to review and publish: what texters get never changes by itself, and a
    changed safety text does not sit unseen in the code."""
    drafted = []
    for flow_id in SHIPPED_FLOW_IDS:
        if session.get(FlowScript, flow_id) is None:
            continue  # install_shipped_flows publishes it
        shipped = normalise_body(shipped_flow_text(flow_id))
        bodies = session.scalars(select(FlowVersion.body).where(FlowVersion.flow_id == flow_id))
        if any(_same_text(body, shipped) for body in bodies):
            continue
        latest = latest_version(session, flow_id)
        base = latest.version if latest else None
        version = save_draft(session, flow_id, shipped, base, "setup", SHIPPED_CHANGE_NOTE, now)
        if version is not None:
            drafted.append(version)
    return drafted


def _insert_version(session: Session, flow_id: str, version: FlowVersion) -> None:
    try:
        with session.begin_nested():
            session.add(version)
    except IntegrityError:
        # SQLite has no row lock: two saves raced and the other one took this number.
        latest = latest_version(session, flow_id)
        assert latest is not None
        raise ConflictError(flow_id, version.base_version, latest) from None


@dataclass(frozen=True)
class Published:
    version: FlowVersion
    # Transcripts that passed before and fail now, which the admin accepted.
    failing_transcripts: tuple[str, ...] = ()


def publish(
    session: Session,
    flow_id: str,
    version: int,
    author: str,
    now: datetime | None = None,
    accepted: Collection[str] = (),
) -> Published:
    """Make ``version`` the live one; refused (NotPublishable) while the script has errors,
    and (TranscriptsFailed) while a transcript that passes now would fail with it, unless
    the admin read that failure and named it in ``accepted``."""
    now = now or utcnow()
    script = _locked_script(session, flow_id)
    chosen = get_version(session, flow_id, version)
    if chosen is None:
        raise FlowEditError(f"{flow_id} has no version {version}")
    if script.published_version == version:
        raise FlowEditError(f"version {version} of {flow_id} is already published")
    if script.published_version is not None and version < script.published_version:
        # Publishing it would silently undo what the newer published version changed.
        raise FlowEditError(
            f"version {version} of {flow_id} is older than the published version "
            f"{script.published_version}, which may hold changes it lacks. To go back to "
            f"version {version}, roll back to it: that publishes a copy as the newest version."
        )
    result = check_script(session, flow_id, chosen.body, version=version)
    if not result.ok:
        raise NotPublishable(
            f"version {version} of {flow_id} has errors; fix them before publishing",
            result.errors,
        )
    assert result.flow is not None
    failing = newly_failing(session, flow_id, result.flow)
    if any(run.name not in accepted for run in failing):
        names = ", ".join(run.name for run in failing)
        raise TranscriptsFailed(
            f"Version {version} of {flow_id} was not published: with it, {len(failing)} of the "
            f"shipped conversations that pass now would go differently ({names}). Read what "
            "each one got below; publish only if every change is one you mean.",
            failing,
        )
    _make_live(session, script, chosen, result.flow, now)
    return Published(chosen, tuple(run.name for run in failing))


def newly_failing(session: Session, flow_id: str, flow: Flow) -> list[TranscriptRun]:
    """The transcripts that pass with the published flows and fail with ``flow`` in place.
    One already failing (an earlier change accepted) is not this version's doing."""
    places = default_directory()  # the sample sites the transcripts are written for
    after = [
        run for run in run_transcripts(flows_with(session, flow_id, flow), places) if not run.passed
    ]
    if not after:
        return []
    published = {
        fid: load_version(session, fid, v) for fid, v in published_versions(session).items()
    }
    before = {run.name for run in run_transcripts(published, places) if not run.passed}
    return [run for run in after if run.name not in before]


def rollback(
    session: Session, flow_id: str, version: int, author: str, now: datetime | None = None
) -> FlowVersion:
    """Publish a copy of an earlier version as a new version; history is never rewritten."""
    now = now or utcnow()
    script = _locked_script(session, flow_id)
    old = get_version(session, flow_id, version)
    if old is None:
        raise FlowEditError(f"{flow_id} has no version {version}")
    latest = latest_version(session, flow_id)
    assert latest is not None
    number = latest.version + 1
    result = check_script(session, flow_id, old.body, version=number)
    if not result.ok:
        raise NotPublishable(
            f"version {version} of {flow_id} no longer passes the checks (another flow changed "
            "since); edit it instead",
            result.errors,
        )
    assert result.flow is not None
    copy = FlowVersion(
        flow_id=flow_id,
        version=number,
        body=old.body,
        status="draft",
        author=author[:128],
        note=f"rollback to version {version}",
        base_version=latest.version,
        created_at=now,
    )
    _insert_version(session, flow_id, copy)
    _make_live(session, script, copy, result.flow, now)
    return copy


def _make_live(
    session: Session, script: FlowScript, chosen: FlowVersion, flow: Flow, now: datetime
) -> None:
    if script.published_version is not None:
        previous = get_version(session, script.flow_id, script.published_version)
        if previous is not None:
            previous.status = "archived"
    chosen.status = "published"
    chosen.published_at = now
    script.published_version = chosen.version
    script.title = flow.title[:128]
    script.updated_at = now
    session.flush()


def used_at_once(flow_id: str) -> bool:
    """No conversation starts in the system flow, so none is pinned to a version of it: its
    texts (emergency steps, HELP and STOP answers, the others) come from the published
    version at every text, in conversations under way too."""
    return flow_id == SYSTEM_FLOW


def kept_by_conversations(flow_id: str, previous: int | None, hours: int) -> str:
    """What a publish or rollback does not change: each conversation under way keeps the
    version it started on (its pins) until it ends, restarts or expires; not of the system
    flow, whose texts change for everyone at once."""
    if used_at_once(flow_id):
        return (
            "The system flow's texts are not kept per conversation: conversations already "
            "under way use it from their next text."
        )
    if previous is None:
        return ""
    return (
        f"Conversations already under way keep the version they started on (version {previous} "
        f"or earlier) until they finish, the texter sends MENU, or they go quiet for {hours} "
        "hours; only their next conversation gets this change."
    )


def next_version_number(session: Session, flow_id: str) -> int:
    current = session.scalar(
        select(func.max(FlowVersion.version)).where(FlowVersion.flow_id == flow_id)
    )
    return (current or 0) + 1


# ----- comparing --------------------------------------------------------------------------


def side_by_side_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """An HTML table of the two texts side by side; difflib escapes both texts."""
    differ = difflib.HtmlDiff(tabsize=2)
    return differ.make_table(
        normalise_body(old).splitlines(),
        normalise_body(new).splitlines(),
        fromdesc=old_label,
        todesc=new_label,
        context=True,
        numlines=3,
    )


# ----- trying out -------------------------------------------------------------------------


# Said by the simulators (the admin's phone page and ``flask chat``) when they cut a text.
TEXT_CUT = f"Only the first {MAX_BODY:,} characters were sent: a text can't be longer."


def one_text(typed: str) -> tuple[str, bool]:
    """What of ``typed`` goes as one text, and whether it was cut. A text carries at most
    ``MAX_BODY`` characters (the hotline reads no more), so a preview sends that much, and
    says so: a long paste cut without a word looks like the script's fault."""
    return typed[:MAX_BODY], len(typed) > MAX_BODY


@dataclass
class Simulation:
    """A simulated phone's conversation: engine state and what was said, all plain data."""

    language: str = "en"
    state: dict[str, Any] | None = None
    opted_out: bool = False
    # The texter said "no police": the hotline keeps that beyond the conversation.
    refuses_police: bool = False
    log: list[dict[str, Any]] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "state": self.state,
            "opted_out": self.opted_out,
            "refuses_police": self.refuses_police,
            "log": self.log,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None, language: str = "en") -> Simulation:
        if not data:
            return cls(language=language)
        return cls(
            language=str(data.get("language") or language),
            state=data.get("state"),
            opted_out=bool(data.get("opted_out")),
            refuses_police=bool(data.get("refuses_police")),
            log=list(data.get("log") or []),
        )


def simulate(
    flows: Mapping[str, Flow],
    sim: Simulation,
    text: str,
    places: Directory,
    settings: EngineSettings,
    now: datetime | None = None,
) -> Simulation:
    """Run one text through the real engine; nothing is sent and nothing is stored. A text
    longer than one SMS carries is cut, with a note in the log saying so."""
    now = now or utcnow()
    text, cut = one_text(text)
    state = sim.state if sim.state is not None else new_state(sim.language)
    ctx = Context(
        now=now,
        places=places,
        settings=settings,
        opted_out=sim.opted_out,
        refuses_police=sim.refuses_police,
    )
    outcome = step(flows, state, text, ctx)
    opted_out, refuses_police = sim.opted_out, sim.refuses_police
    for effect in outcome.effects:
        if effect.kind == "opt_out":
            opted_out = True
        elif effect.kind == "opt_in":
            opted_out = False
        elif effect.kind == "refuse_police":
            refuses_police = True
    log = [*sim.log, {"who": "texter", "text": text}]
    if cut:
        log.append({"who": "note", "text": TEXT_CUT})
    for reply in outcome.replies:
        log.append(
            {
                "who": "hotline",
                "text": reply,
                "segments": segments(reply),
                "encoding": encoding(reply),
            }
        )
    for effect in outcome.effects:
        log.append({"who": "effect", "kind": effect.kind, "data": _plain(dict(effect.data))})
    return Simulation(
        language=str(outcome.state.get("language") or sim.language),
        state=outcome.state,
        opted_out=opted_out,
        refuses_police=refuses_police,
        log=log,
    )


def _plain(value: Any) -> Any:
    """Effect data as JSON-friendly values for showing and for the simulator's hidden field."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


@dataclass(frozen=True)
class TranscriptRun:
    name: str
    passed: bool
    failures: tuple[str, ...]
    log: tuple[str, ...]
    error: str | None = None


def run_transcripts(
    flows: Mapping[str, Flow], places: Directory, settings: EngineSettings | None = None
) -> list[TranscriptRun]:
    """Replay every transcript file against these flows (once for the same flows, places,
    settings and files: a publish and the page showing its failures ask more than once)."""
    settings = settings or EngineSettings()
    files = tuple(
        (path.name, path.read_text(encoding="utf-8"))
        for path in sorted(TRANSCRIPTS_DIR.glob("*.txt"))
    )
    key = ("transcripts", flows_digest(flows), places, settings, digest(files))
    return list(remembered(key, lambda: _replay(flows, files, places, settings)))


def _replay(
    flows: Mapping[str, Flow],
    files: tuple[tuple[str, str], ...],
    places: Directory,
    settings: EngineSettings,
) -> tuple[TranscriptRun, ...]:
    """Each transcript file (name and text) replayed against these flows."""
    runs = []
    for name, text in files:
        try:
            transcript = parse_transcript(text, name=name)
            result: TranscriptResult = run_transcript(flows, transcript, places, settings)
        except TranscriptError as exc:
            runs.append(TranscriptRun(name, False, (), (), error=str(exc)))
            continue
        runs.append(
            TranscriptRun(
                name=name,
                passed=result.passed,
                failures=tuple(str(f) for f in result.failures),
                log=result.log,
            )
        )
    return tuple(runs)
