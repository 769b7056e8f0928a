"""Flow scripts in the admin: list, edit with checks, drafts, diff, publish, history, rollback,
the phone simulator and transcript runs. The logic is in ``hotline.flow_editing``.

Everyone signed in may read scripts and try them in the simulator; only admins change them.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup
from werkzeug.wrappers import Response

from flows.places_data import default_directory
from flows.script import Flow, ScriptError
from hotline import flow_editing as fe
from hotline.admin import bp, viewer_may_post
from hotline.admin.audit import audit
from hotline.admin.auth import current_actor, has_role, role_required
from hotline.database import db_session
from hotline.flow_store import load_version
from hotline.inbound import engine_settings
from hotline.places_store import directory_from_db
from models import FlowScript, FlowVersion

MAX_BODY = 200_000


def _script_or_404(flow_id: str) -> FlowScript:
    script = db_session().get(FlowScript, flow_id)
    if script is None:
        abort(404)
    return script


def _version_or_404(flow_id: str, version: int) -> FlowVersion:
    found = fe.get_version(db_session(), flow_id, version)
    if found is None:
        abort(404)
    return found


@bp.get("/flows")
@role_required()
def flows() -> str:
    """Every flow: published version, waiting draft, last edit."""
    return render_template("admin/flows/list.html", flows=fe.list_flows(db_session()))


@bp.route("/flows/<flow_id>", methods=["GET", "POST"])
@role_required()
def edit_flow(flow_id: str) -> Any:
    """The editor: check the text, or save it as a draft of the version it started from."""
    session = db_session()
    script = _script_or_404(flow_id)
    latest = fe.latest_version(session, flow_id)
    if request.method == "GET":
        body = latest.body if latest else ""
        base = latest.version if latest else None
        return _editor(script, latest, body, base, fe.check_script(session, flow_id, body))

    if not has_role("admin"):
        abort(403)
    return _save(flow_id, script)


def _save(flow_id: str, script: FlowScript) -> Any:
    session = db_session()
    body = request.form.get("body", "")
    if len(body) > MAX_BODY:
        abort(413)
    note = request.form.get("note", "").strip()
    base_raw = request.form.get("base_version", "")
    base = int(base_raw) if base_raw.isascii() and base_raw.isdigit() else None
    check = fe.check_script(session, flow_id, body)
    if request.form.get("action") == "check":
        latest = fe.latest_version(session, flow_id)
        if check.ok:
            flash("No errors found. The text is not saved yet.", "success")
        return _editor(script, latest, body, base, check)
    try:
        saved = fe.save_draft(session, flow_id, body, base, current_actor(), note)
    except fe.ConflictError as exc:
        session.rollback()
        flash(str(exc), "error")
        latest = fe.latest_version(session, flow_id)
        return _editor(script, latest, body, base, check, conflict=exc.latest), 409
    if saved is None:
        session.rollback()
        flash("Nothing changed, so no new version was saved.", "info")
        return redirect(url_for("admin.edit_flow", flow_id=flow_id))
    audit(
        session,
        "flow.save",
        f"flow:{flow_id}",
        {"version": saved.version, "base_version": base, "errors": len(check.errors)},
    )
    session.commit()
    if check.errors:
        flash(
            f"Saved draft version {saved.version}, but it has {len(check.errors)} error(s) "
            "to fix before it can be published.",
            "warning",
        )
    else:
        flash(f"Saved draft version {saved.version}.", "success")
    return redirect(url_for("admin.edit_flow", flow_id=flow_id))


def _editor(
    script: FlowScript,
    latest: FlowVersion | None,
    body: str,
    base: int | None,
    check: fe.CheckResult,
    conflict: FlowVersion | None = None,
) -> str:
    conflict_diff = None
    if conflict is not None:
        conflict_diff = Markup(  # noqa: S704 (difflib escapes both texts)
            fe.side_by_side_diff(
                conflict.body, body, f"version {conflict.version} (saved)", "your text"
            )
        )
    # The version this text was edited from: the latest one, unless someone saved since.
    edited = latest
    if base is not None and (latest is None or latest.version != base):
        edited = fe.get_version(db_session(), script.flow_id, base)
    return render_template(
        "admin/flows/edit.html",
        script=script,
        latest=latest,
        edited=edited,
        body=body,
        base=base,
        check=check,
        can_edit=has_role("admin"),
        conflict=conflict,
        conflict_diff=conflict_diff,
    )


def _expiry_hours() -> int:
    """After how many quiet hours a conversation starts over on the published flows."""
    return int(current_app.extensions["hotline.settings"].conversation_expiry_hours)


@bp.get("/flows/<flow_id>/versions/<int:version>")
@role_required()
def flow_version(flow_id: str, version: int) -> str:
    """One version: its text, its checks, and a diff with the published one."""
    session = db_session()
    script = _script_or_404(flow_id)
    shown = _version_or_404(flow_id, version)
    published = (
        fe.get_version(session, flow_id, script.published_version)
        if script.published_version
        else None
    )
    diff = None
    if published is not None and published.version != shown.version:
        diff = Markup(  # noqa: S704 (difflib escapes both texts)
            fe.side_by_side_diff(
                published.body,
                shown.body,
                f"version {published.version} (published)",
                f"version {shown.version}",
            )
        )
    return render_template(
        "admin/flows/version.html",
        script=script,
        shown=shown,
        published=published,
        diff=diff,
        check=fe.check_script(session, flow_id, shown.body, version=shown.version),
        can_edit=has_role("admin"),
        expiry_hours=_expiry_hours(),
        at_once=fe.used_at_once(flow_id),
    )


@bp.get("/flows/<flow_id>/history")
@role_required()
def flow_history(flow_id: str) -> str:
    """Every version with its author, time, status and note."""
    script = _script_or_404(flow_id)
    return render_template(
        "admin/flows/history.html",
        script=script,
        versions=fe.history(db_session(), flow_id),
        can_edit=has_role("admin"),
        expiry_hours=_expiry_hours(),
        at_once=fe.used_at_once(flow_id),
    )


@bp.post("/flows/<flow_id>/publish")
@role_required("admin")
def publish_flow(flow_id: str) -> Response:
    """Publish a version: new conversations use it from their next text."""
    session = db_session()
    _script_or_404(flow_id)
    version = request.form.get("version", type=int)
    if version is None:
        abort(400)
    before = session.get(FlowScript, flow_id)
    previous = before.published_version if before else None
    # Transcripts the admin read failing and accepted, by ticking the box that names them.
    accepted = request.form.getlist("accept") if request.form.get("confirm") == "yes" else []
    try:
        done = fe.publish(session, flow_id, version, current_actor(), accepted=accepted)
    except fe.NotPublishable as exc:
        session.rollback()
        flash(str(exc), "error")
        for problem in exc.problems[:10]:
            flash(f"{problem.flow_id} {problem.path}: {problem.message}", "error")
        return redirect(url_for("admin.flow_version", flow_id=flow_id, version=version))
    except fe.TranscriptsFailed as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.flow_transcripts", flow_id=flow_id, version=version))
    except fe.FlowEditError as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.flow_history", flow_id=flow_id))
    failing = list(done.failing_transcripts)
    audit(
        session,
        "flow.publish",
        f"flow:{flow_id}",
        {"version": version, "previous": previous, "failing_transcripts": failing},
    )
    session.commit()
    kept = fe.kept_by_conversations(flow_id, previous, _expiry_hours())
    flash(
        f"Published version {version} of {flow_id}. New conversations use it now. {kept}".strip(),
        "success",
    )
    if failing:
        flash(
            f"As you accepted, these shipped conversations now go differently: "
            f"{', '.join(failing)}.",
            "warning",
        )
    return redirect(url_for("admin.edit_flow", flow_id=flow_id))


@bp.post("/flows/<flow_id>/rollback")
@role_required("admin")
def rollback_flow(flow_id: str) -> Response:
    """Publish a copy of an earlier version as the newest version."""
    session = db_session()
    script = _script_or_404(flow_id)
    version = request.form.get("version", type=int)
    if version is None:
        abort(400)
    previous = script.published_version
    try:
        copy = fe.rollback(session, flow_id, version, current_actor())
    except fe.NotPublishable as exc:
        session.rollback()
        flash(str(exc), "error")
        for problem in exc.problems[:10]:
            flash(f"{problem.flow_id} {problem.path}: {problem.message}", "error")
        return redirect(url_for("admin.flow_history", flow_id=flow_id))
    except fe.FlowEditError as exc:
        session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.flow_history", flow_id=flow_id))
    audit(
        session,
        "flow.rollback",
        f"flow:{flow_id}",
        {"to_version": version, "new_version": copy.version, "previous": previous},
    )
    session.commit()
    kept = fe.kept_by_conversations(flow_id, previous, _expiry_hours())
    flash(
        f"Rolled back {flow_id}: version {copy.version} is a copy of version {version} "
        f"and is published now. New conversations use it now. {kept}".strip(),
        "success",
    )
    return redirect(url_for("admin.flow_history", flow_id=flow_id))


# ----- simulator and transcripts ----------------------------------------------------------


def _flows_for_trial(flow_id: str, version: int | None) -> tuple[dict[str, Flow], int, str | None]:
    """The published flows with ``version`` of this flow in place; the problem if it won't load."""
    session = db_session()
    script = _script_or_404(flow_id)
    if version is None:
        latest = fe.latest_version(session, flow_id)
        version = latest.version if latest else script.published_version
    if version is None:
        abort(404)
    _version_or_404(flow_id, version)
    try:
        flow = load_version(session, flow_id, version)
    except ScriptError as exc:
        return fe.flows_with(session, flow_id, None), version, str(exc)
    return fe.flows_with(session, flow_id, flow), version, None


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="admin-flow-simulator")


@bp.route("/flows/<flow_id>/simulate", methods=["GET", "POST"])
@role_required()
@viewer_may_post
def simulate_flow(flow_id: str) -> Any:
    """A phone-style chat with the real engine; nothing is sent or stored."""
    version = request.values.get("version", type=int)
    language = request.values.get("language", "en")
    if language not in ("en", "es"):
        language = "en"
    flows, version, load_error = _flows_for_trial(flow_id, version)
    sim = fe.Simulation(language=language)
    sent = False
    if request.method == "POST" and request.form.get("action") != "reset":
        try:
            blob = request.form.get("sim", "")
            data = _serializer().loads(blob) if blob else None
        except BadSignature:
            data = None
        sim = fe.Simulation.from_data(data, language)
        text = request.form.get("text", "")
        if text.strip() and load_error is None:
            session = db_session()
            settings = current_app.extensions["hotline.settings"]
            sim = fe.simulate(
                flows, sim, text, directory_from_db(session), engine_settings(settings)
            )
            sent = True
    script = _script_or_404(flow_id)
    return render_template(
        "admin/flows/simulate.html",
        script=script,
        version=version,
        versions=fe.history(db_session(), flow_id),
        language=language,
        sim=sim,
        sim_blob=_serializer().dumps(sim.to_data()),
        load_error=load_error,
        sent=sent,
    )


@bp.get("/flows/<flow_id>/transcripts")
@role_required()
def flow_transcripts(flow_id: str) -> str:
    """Replay every transcript file against a version of this flow (the latest by default)."""
    version = request.args.get("version", type=int)
    flows, version, load_error = _flows_for_trial(flow_id, version)
    runs = [] if load_error else fe.run_transcripts(flows, default_directory())
    script = _script_or_404(flow_id)
    return render_template(
        "admin/flows/transcripts.html",
        script=script,
        version=version,
        runs=runs,
        load_error=load_error,
        passed=sum(1 for run in runs if run.passed),
        may_publish=has_role("admin") and _publishable(script, version),
    )


def _publishable(script: FlowScript, version: int) -> bool:
    """A draft newer than the published version (an older one is rolled back to instead)."""
    shown = fe.get_version(db_session(), script.flow_id, version)
    return (
        shown is not None and shown.status == "draft" and version > (script.published_version or 0)
    )
