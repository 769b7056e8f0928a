"""The roster: responders, the weekly on-call schedule with overrides, the escalation policy.

Everyone signed in can look (a viewer sees staff phone numbers masked); coordinators and admins
change things, each change audited.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from hotline.admin import bp
from hotline.admin.audit import audit
from hotline.admin.auth import current_actor, has_role, role_required
from hotline.admin.clock import local_time, now, settings, zone_name
from hotline.admin.confirming import confirm_page, confirmed
from hotline.contacts import get_or_create_contact
from hotline.database import db_session
from hotline.phones import InvalidPhone, mask_phone, normalize_phone
from hotline.responder_phones import responder_phone_problem
from hotline.responder_standing import on_call_override_problem, why_no_texts
from models import Case, Contact, EscalationPolicy, OnCallOverride, Responder, Shift, Town
from models.roster import ROLES
from routing.claims import my_cases, release_responder_cases
from routing.escalation import policy_of
from routing.matching import COORDINATOR, POLICE
from routing.oncall import WeeklyShift, load_roster, on_call_at, on_shift, uncovered
from routing.policy import (
    NAMES,
    PACING_MINIMUM,
    PolicyError,
    coordinator_wait_limit,
    default_policy,
    duration,
    validate_policy,
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LANGUAGES = {"en": "English", "es": "Spanish"}
STAFF = ("coordinator", "admin")


def _tz() -> ZoneInfo:
    return ZoneInfo(settings().timezone)


@dataclass(frozen=True)
class ShiftView:
    id: int
    responder: str
    label: str
    now: bool
    off: str = ""  # why the shift covers nothing (its responder deactivated, say), or ""


def week_view(session: Session, moment: datetime, tz: ZoneInfo) -> list[list[ShiftView]]:
    """Shifts per weekday (Monday first), each marked when it covers ``moment``, and when it
    covers nothing at all: its responder deactivated, or their number takes no texts."""
    responders = {r.id: r for r in session.scalars(select(Responder))}
    names = {responder_id: r.name for responder_id, r in responders.items()}
    # On call only if their number takes texts, as routing has it (routing.oncall.load_roster).
    texted = set(
        session.scalars(
            select(Responder.id)
            .join(Contact, Contact.id == Responder.contact_id)
            .where(Contact.opted_out_at.is_(None), Contact.invalid_at.is_(None))
        )
    )
    off = {
        responder_id: "deactivated: not on call" if not r.active else "can't be texted: not on call"
        for responder_id, r in responders.items()
        if not r.active or responder_id not in texted
    }
    days: list[list[ShiftView]] = [[] for _ in WEEKDAYS]
    shifts = session.scalars(select(Shift).order_by(Shift.weekday, Shift.starts, Shift.id))
    for shift in shifts:
        label = shift_label(shift.starts, shift.ends)
        covering = shift.responder_id not in off and on_shift(
            [WeeklyShift(shift.weekday, shift.starts, shift.ends)], moment, tz
        )
        days[shift.weekday].append(
            ShiftView(
                shift.id,
                names.get(shift.responder_id, "?"),
                label,
                covering,
                off.get(shift.responder_id, ""),
            )
        )
    return days


def _coverage_warnings(session: Session, moment: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """Who is on call now, and what the roster page warns of: nobody with the coordinator role
    who can be texted (the last escalation step, deadlines and breaches would reach nobody),
    and the hours of the coming week with nobody on call. One read of the roster for all."""
    roster = load_roster(session)
    coordinators = [e for e in roster if e.reachable and e.has_role(COORDINATOR)]
    return {
        "on_call": on_call_at(roster, moment, tz),
        "no_coordinator": not coordinators,
        # Texted cases are peers only unless the person says otherwise: a police coordinator
        # is never told of them.
        "police_coordinators_only": bool(coordinators)
        and all(e.has_role(POLICE) for e in coordinators),
        "gaps": uncovered(roster, moment, tz),
    }


@bp.get("/roster")
@role_required("viewer", *STAFF)
def roster() -> Any:
    """Responders, who is on call now, the week's shifts and the overrides to come."""
    return _roster_page()


def _roster_page(
    typed: dict[str, str] | None = None,
    problem: str = "",
    status: int = 200,
    *,
    shift_typed: dict[str, str] | None = None,
    shift_problem: str = "",
) -> Any:
    """The roster page; ``typed`` fills the override form again when ``problem`` refused it,
    ``shift_typed`` the shift form when ``shift_problem`` did."""
    session = db_session()
    tz = _tz()
    moment = now()
    responders = list(session.scalars(select(Responder).order_by(Responder.name)))
    contacts = {
        c.id: c
        for c in session.scalars(
            select(Contact).where(Contact.id.in_([r.contact_id for r in responders]))
        )
    }
    phones = {contact_id: contact.phone for contact_id, contact in contacts.items()}
    show_phone = has_role(*STAFF)
    overrides = session.scalars(
        select(OnCallOverride)
        .where(OnCallOverride.ends_at > moment)
        .order_by(OnCallOverride.starts_at)
    ).all()
    return render_template(
        "admin/roster/index.html",
        responders=responders,
        phone_of=lambda r: (
            phones.get(r.contact_id, "") if show_phone else mask_phone(phones.get(r.contact_id, ""))
        ),
        **_coverage_warnings(session, moment, tz),
        week=week_view(session, moment, tz),
        weekdays=WEEKDAYS,
        today=moment.astimezone(tz).weekday(),
        overrides=overrides,
        names={r.id: r.name for r in responders},
        # Off now by an override ("OFF tonight" by SMS makes one): until when, latest first.
        off_until={
            o.responder_id: o.ends_at
            for o in sorted(overrides, key=lambda o: o.ends_at)
            if not o.on_call and o.starts_at <= moment
        },
        no_texts={
            r.id: why
            for r in responders
            if (why := why_no_texts(contacts.get(r.contact_id))) is not None
        },
        active_responders=[r for r in responders if r.active],
        timezone=zone_name(settings().timezone, ", {}"),
        typed=typed or {},
        override_problem=problem,
        shift_typed=shift_typed or {},
        shift_problem=shift_problem,
    ), status


# ---- responders ----------------------------------------------------------------------------


def _town_names(session: Session) -> list[str]:
    return list(session.scalars(select(Town.name).order_by(Town.name)))


def _responder_form(session: Session, responder: Responder | None) -> tuple[dict, list[str]]:
    """Read and check the responder form; returns the values and what is wrong with them."""
    form = request.form
    errors: list[str] = []
    name = form.get("name", "").strip()[:128]
    if not name:
        errors.append("Give the responder's name.")
    roles = [role for role in form.getlist("roles") if role in ROLES]
    if not roles:
        errors.append("Choose at least one role.")
    languages = [lang for lang in form.getlist("languages") if lang in LANGUAGES] or ["en"]
    known = set(_town_names(session))
    towns = [town for town in form.getlist("towns") if town in known]
    phone = ""
    try:
        phone = normalize_phone(form.get("phone", ""))
    except InvalidPhone as exc:
        errors.append(str(exc))
    values = {"name": name, "roles": roles, "languages": languages, "towns": towns}
    responder_id = responder.id if responder else None
    if phone and (problem := responder_phone_problem(session, phone, settings(), responder_id)):
        errors.append(problem)
    if phone and not errors:
        values["contact_id"] = get_or_create_contact(session, phone, now()).id
    # Refused, the form shows the number as it was typed, to be corrected.
    values["phone"] = form.get("phone", "").strip() if errors or not phone else phone
    return values, errors


def _render_responder(responder: Responder | None, values: dict, errors: list[str], status=200):
    session = db_session()
    return (
        render_template(
            "admin/roster/responder.html",
            responder=responder,
            values=values,
            errors=errors,
            roles=ROLES,
            languages=LANGUAGES,
            towns=_town_names(session),
        ),
        status,
    )


@bp.route("/roster/responders/new", methods=["GET", "POST"])
@role_required(*STAFF)
def responder_new() -> Any:
    """Add a responder; their phone number is stored encrypted, found by its keyed hash."""
    session = db_session()
    if request.method == "GET":
        return _render_responder(None, {"languages": ["en"], "roles": [], "towns": []}, [])
    values, errors = _responder_form(session, None)
    if errors:
        session.rollback()
        return _render_responder(None, values, errors, 422)
    responder = Responder(
        name=values["name"],
        contact_id=values["contact_id"],
        roles=values["roles"],
        languages=values["languages"],
        towns=values["towns"],
        created_at=now(),
    )
    session.add(responder)
    session.flush()
    audit(session, "responder.create", f"responder:{responder.id}", _audit_data(values))
    session.commit()
    flash(f"Added {responder.name}.", "success")
    return redirect(url_for("admin.roster"))


def _audit_data(values: dict) -> dict:
    return {key: values[key] for key in ("roles", "languages", "towns")}


@bp.route("/roster/responders/<int:responder_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def responder_edit(responder_id: int) -> Any:
    """Edit a responder's name, phone, roles, languages and towns."""
    session = db_session()
    responder = session.get(Responder, responder_id)
    if responder is None:
        abort(404)
    if request.method == "GET":
        contact = session.get(Contact, responder.contact_id)
        values = {
            "name": responder.name,
            "phone": contact.phone if contact else "",
            "roles": list(responder.roles or []),
            "languages": list(responder.languages or []),
            "towns": list(responder.towns or []),
        }
        return _render_responder(responder, values, [])
    values, errors = _responder_form(session, responder)
    if errors:
        session.rollback()
        return _render_responder(responder, values, errors, 422)
    phone_changed = responder.contact_id != values["contact_id"]
    if phone_changed:
        former = session.get(Contact, responder.contact_id)
        if former is not None and former.left_team_at is None:
            former.left_team_at = now()
    responder.name = values["name"]
    responder.contact_id = values["contact_id"]
    responder.roles = values["roles"]
    responder.languages = values["languages"]
    responder.towns = values["towns"]
    released = _release_cases(session, responder)
    released_codes = {"released": [case.code for case in released]} if released else {}
    audit(
        session,
        "responder.update",
        f"responder:{responder.id}",
        {**_audit_data(values), "phone_changed": phone_changed, **released_codes},
    )
    session.commit()
    flash(f"Saved {responder.name}.{_released_text(released)}", "success")
    return redirect(url_for("admin.roster"))


@bp.post("/roster/responders/<int:responder_id>/active")
@role_required(*STAFF)
def responder_set_active(responder_id: int) -> Response | str:
    """Deactivate (no more offers, open cases back to the team; history kept), once confirmed,
    or reactivate."""
    session = db_session()
    responder = session.get(Responder, responder_id)
    if responder is None:
        abort(404)
    active = request.form.get("active") == "1"
    if not active and responder.active and not confirmed():
        return _confirm_deactivate(session, responder)
    responder.active = active
    released = _release_cases(session, responder)
    kept = [] if active else my_cases(session, responder)
    data = {"released": [case.code for case in released]} if released else {}
    if kept:
        data["kept"] = [case.code for case in kept]
    audit(
        session,
        "responder.activate" if active else "responder.deactivate",
        f"responder:{responder.id}",
        data or None,
    )
    session.commit()
    flash(
        f"{responder.name} is {'active' if active else 'deactivated'}."
        f"{_released_text(released)}{_kept_text(kept)}",
        "success",
    )
    return redirect(url_for("admin.roster"))


def _confirm_deactivate(session: Session, responder: Responder) -> str:
    """What deactivating would do, naming the responder and the cases they hold."""
    held = my_cases(session, responder)
    released = ", ".join(case.code for case in held if case.contacted_at is None)
    kept = ", ".join(case.code for case in held if case.contacted_at is not None)
    lines = [f"{responder.name} gets no more offers, and their shifts cover nothing."]
    if released:
        lines.append(
            f"Cases they hold that nobody has reached yet go back to the team at once: {released}."
        )
    if kept:
        lines.append(f"Cases whose person they already reached stay with them: {kept}.")
    return confirm_page(
        title=f"Deactivate {responder.name}?",
        lines=lines,
        action=url_for("admin.responder_set_active", responder_id=responder.id),
        fields={"active": "0"},
        button=f"Deactivate {responder.name}",
        back=url_for("admin.roster"),
    )


def _release_cases(session: Session, responder: Responder) -> list[Case]:
    """Cases and offers the responder may no longer hold go back to the team."""
    session.flush()
    return release_responder_cases(session, responder, now(), settings(), current_actor())


def _kept_text(kept: list[Case]) -> str:
    if not kept:
        return ""
    codes = ", ".join(case.code for case in kept)
    return (
        " Cases whose person was already reached stay with them until you reassign or close "
        f"them: {codes}."
    )


def _released_text(released: list[Case]) -> str:
    if not released:
        return ""
    codes = ", ".join(case.code for case in released)
    return f" Their open cases went back to the team: {codes}."


# ---- shifts and overrides ------------------------------------------------------------------


def _time(raw: str) -> time | None:
    """A time of day as the browser's picker sends it (09:00) or as people type it where no
    picker shows (9:00); None if it is not one."""
    text = raw.strip()
    if _ONE_DIGIT_HOUR.match(text):
        text = f"0{text}"
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


_ONE_DIGIT_HOUR = re.compile(r"^\d:\d\d(:\d\d)?$")


class ZoneGiven(ValueError):
    """A time typed with a zone or offset, where the form takes local times."""


def _local_datetime(raw: str, tz: ZoneInfo) -> datetime | None:
    """A local time as the form's inputs send it, or None if it is not one. One written with
    a zone ("...Z", "...-05:00") raises ZoneGiven: honoured at one end and not the other, the
    two ends were read two ways, so the form takes only local times."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if value.tzinfo is not None:
        raise ZoneGiven(raw.strip()[:40])
    return value.replace(tzinfo=tz)


def _override_times(tz: ZoneInfo) -> tuple[datetime | None, datetime | None, str]:
    """The override's two ends, each read as a local time, or what is wrong with them."""
    try:
        starts = _local_datetime(request.form.get("starts_at", ""), tz)
        ends = _local_datetime(request.form.get("ends_at", ""), tz)
    except ZoneGiven as given:
        zone_named = (
            f'"{given}" names a time zone: give both times as local time ({tz.key}), without a'
            " time zone, like 2026-11-25T10:00"
        )
        return None, None, zone_named
    if starts is None or ends is None:
        return starts, ends, "give a start and an end"
    return starts, ends, ""


def _opposite_override(
    session: Session, responder_id: int, on_call: bool, starts: datetime, ends: datetime
) -> OnCallOverride | None:
    """An override of the responder's, overlapping these times, that means the opposite.
    Where an "off" and an "on" cover the same moment the "off" wins (routing.oncall), so
    the later one would silently do nothing there."""
    return session.scalar(
        select(OnCallOverride)
        .where(
            OnCallOverride.responder_id == responder_id,
            OnCallOverride.on_call.is_(not on_call),
            OnCallOverride.starts_at < ends,
            OnCallOverride.ends_at > starts,
        )
        .order_by(OnCallOverride.starts_at)
        .limit(1)
    )


def _active_responder(session: Session) -> Responder | None:
    responder = session.get(Responder, request.form.get("responder_id", type=int) or 0)
    return responder if responder is not None and responder.active else None


SHIFT_FIELDS = ("responder_id", "weekday", "starts", "ends")


def _shift_time(raw: str, which: str) -> tuple[time | None, str]:
    """A shift's start or end as typed, or what is wrong with it."""
    if not raw.strip():
        return None, f"give the {which} time"
    value = _time(raw)
    if value is None:
        return (
            None,
            f'the {which} time "{raw.strip()[:20]}" is not a time of day: write it like 09:00',
        )
    return value, ""


def shift_label(starts: time, ends: time) -> str:
    """ "22:00–06:00 (next day)": a weekly shift's hours as the week view shows them."""
    label = f"{starts:%H:%M}–{ends:%H:%M}"
    if ends == starts:
        label += " (24 hours)"
    elif ends < starts:
        label += " (next day)"
    return label


def _shift_from_form(session: Session) -> tuple[Shift | None, Responder | None, list[str]]:
    """The shift the form asks for (not added yet), or every problem with it: a field wrong,
    or the responder already has exactly this shift."""
    responder = _active_responder(session)
    weekday = request.form.get("weekday", type=int)
    starts, starts_problem = _shift_time(request.form.get("starts", ""), "start")
    ends, ends_problem = _shift_time(request.form.get("ends", ""), "end")
    problems = [
        problem
        for problem in (
            "choose an active responder" if responder is None else "",
            "choose a day" if weekday not in range(7) else "",
            starts_problem,
            ends_problem,
        )
        if problem
    ]
    if responder is None or weekday is None or starts is None or ends is None or problems:
        return None, responder, problems
    twice = session.scalar(
        select(Shift.id).where(
            Shift.responder_id == responder.id,
            Shift.weekday == weekday,
            Shift.starts == starts,
            Shift.ends == ends,
        )
    )
    if twice is not None:
        label = f"{WEEKDAYS[weekday]} {shift_label(starts, ends)}"
        return None, responder, [f"{responder.name} already has this shift, {label}"]
    return (
        Shift(responder_id=responder.id, weekday=weekday, starts=starts, ends=ends),
        responder,
        [],
    )


@bp.post("/roster/shifts")
@role_required(*STAFF)
def shift_add() -> Any:
    """Add a weekly shift (local time; an end at or before the start runs into the next day).
    Refused, with what was typed kept and why, when a field is wrong or the responder already
    has exactly this shift."""
    session = db_session()
    shift, responder, problems = _shift_from_form(session)
    if shift is None or responder is None:
        typed = {key: request.form.get(key, "") for key in SHIFT_FIELDS}
        problem = f"Not added: {'; '.join(problems)}."
        return _roster_page(shift_typed=typed, shift_problem=problem, status=422)
    session.add(shift)
    session.flush()
    audit(
        session,
        "shift.add",
        f"shift:{shift.id}",
        {
            "responder_id": responder.id,
            "weekday": shift.weekday,
            "starts": str(shift.starts),
            "ends": str(shift.ends),
        },
    )
    session.commit()
    flash(f"Shift added for {responder.name}.", "success")
    return redirect(url_for("admin.roster"))


@bp.post("/roster/shifts/<int:shift_id>/delete")
@role_required(*STAFF)
def shift_delete(shift_id: int) -> Response | str:
    """Remove a weekly shift, once confirmed."""
    session = db_session()
    shift = session.get(Shift, shift_id)
    if shift is None:
        abort(404)
    if not confirmed():
        name = _responder_name(session, shift.responder_id)
        return confirm_page(
            title=f"Remove {name}'s {WEEKDAYS[shift.weekday]} shift, "
            f"{shift_label(shift.starts, shift.ends)}?",
            lines=[f"{name} is no longer on call at these hours each week."],
            action=url_for("admin.shift_delete", shift_id=shift.id),
            button="Remove shift",
            back=url_for("admin.roster"),
        )
    data = {"responder_id": shift.responder_id, "weekday": shift.weekday}
    session.delete(shift)
    audit(session, "shift.delete", f"shift:{shift_id}", data)
    session.commit()
    flash("Shift removed.", "success")
    return redirect(url_for("admin.roster"))


def _responder_name(session: Session, responder_id: int) -> str:
    responder = session.get(Responder, responder_id)
    return responder.name if responder else f"#{responder_id}"


OVERRIDE_FIELDS = ("responder_id", "on_call", "starts_at", "ends_at", "note")


def _override_span_problem(
    session: Session, responder: Responder, on_call: bool, starts: datetime, ends: datetime
) -> str:
    """What is wrong with an override's times, or "": backwards, too long, or against
    another override of the responder's."""
    if ends <= starts:
        return "the end must come after the start (past midnight, it is the next day)"
    if ends - starts > timedelta(days=62):
        return "an override lasts at most two months; use shifts instead"
    other = _opposite_override(session, responder.id, on_call, starts, ends)
    if other is None:
        return ""
    note = f" ({other.note})" if other.note else ""
    return (
        f"{responder.name} is already {'on' if other.on_call else 'off'} call from "
        f"{local_time(other.starts_at)} to {local_time(other.ends_at)} by another "
        f"override{note}: remove it first, or choose times that do not overlap it"
    )


@bp.post("/roster/overrides")
@role_required(*STAFF)
def override_add() -> Response:
    """Put a responder on call (or off) between two local times. Refused, with what was typed
    kept and why, when a time is missing, wrong or names a zone, or when the responder already
    has an override of the opposite meaning at some of those times: remove that one first.
    On call is refused for a number no text reaches (STOP, or refused by carriers): staff
    would believe the hours covered. Off is always fine."""
    session = db_session()
    tz = _tz()
    responder = _active_responder(session)
    starts, ends, problem = _override_times(tz)
    on_call = request.form.get("on_call", "1") == "1"
    if responder is None:
        problem = "choose an active responder"
    elif on_call and (unreachable := on_call_override_problem(session, responder)):
        problem = unreachable
    elif starts is not None and ends is not None and not problem:
        problem = _override_span_problem(session, responder, on_call, starts, ends)
    if problem or responder is None or starts is None or ends is None:
        typed = {key: request.form.get(key, "") for key in OVERRIDE_FIELDS}
        return _roster_page(typed, f"Not added: {problem}.", 422)
    override = OnCallOverride(
        responder_id=responder.id,
        starts_at=starts,
        ends_at=ends,
        on_call=on_call,
        note=request.form.get("note", "").strip()[:256],
    )
    session.add(override)
    session.flush()
    audit(
        session,
        "override.add",
        f"override:{override.id}",
        {
            "responder_id": responder.id,
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
            "on_call": override.on_call,
        },
    )
    session.commit()
    flash(f"Override added for {responder.name}.", "success")
    return redirect(url_for("admin.roster"))


@bp.post("/roster/overrides/<int:override_id>/delete")
@role_required(*STAFF)
def override_delete(override_id: int) -> Response | str:
    """Remove an override, once confirmed."""
    session = db_session()
    override = session.get(OnCallOverride, override_id)
    if override is None:
        abort(404)
    if not confirmed():
        note = f" ({override.note})" if override.note else ""
        return confirm_page(
            title=f"Remove {_responder_name(session, override.responder_id)}'s override?",
            lines=[
                f"{'On' if override.on_call else 'Off'} call from {local_time(override.starts_at)}"
                f" to {local_time(override.ends_at)}{note}. Their weekly shifts apply again."
            ],
            action=url_for("admin.override_delete", override_id=override.id),
            button="Remove override",
            back=url_for("admin.roster"),
        )
    data = {"responder_id": override.responder_id}
    session.delete(override)
    audit(session, "override.delete", f"override:{override_id}", data)
    session.commit()
    flash("Override removed.", "success")
    return redirect(url_for("admin.roster"))


# ---- escalation policy ---------------------------------------------------------------------


def _default_policy_row(session: Session) -> EscalationPolicy | None:
    # Routing follows the policy marked default (routing.escalation.current_policy).
    return session.scalar(
        select(EscalationPolicy)
        .where(EscalationPolicy.is_default.is_(True))
        .order_by(EscalationPolicy.id)
    )


def _policy_text(row: EscalationPolicy | None) -> str:
    policy = policy_of(row) if row else default_policy()
    policy.pop("name", None)
    return json.dumps(policy, indent=2)


def _render_policy(
    text: str, errors: list[str], row: EscalationPolicy | None, status: int = 422
) -> Any:
    page = render_template(
        "admin/roster/policy.html",
        text=text,
        errors=errors,
        row=row,
        names=NAMES,
        roles=ROLES,
        coordinator_limit=duration(coordinator_wait_limit(settings().response_window_hours)),
        first_contact_hours=settings().response_window_hours,
    )
    return page, status


@bp.route("/roster/policy", methods=["GET", "POST"])
@role_required("viewer", *STAFF)
def escalation_policy() -> Any:
    """The default escalation policy as JSON, checked by routing's own validator before saving.

    Cases already under way keep the policy frozen onto them; a change applies to new cases.
    """
    session = db_session()
    row = _default_policy_row(session)
    if request.method == "GET":
        return _render_policy(_policy_text(row), [], row, status=200)
    text = request.form.get("policy", "")
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise PolicyError(
                'The policy must be one object in braces, like {"steps": [...], ...}.'
            )
        policy = validate_policy(raw, settings().response_window_hours)
    except json.JSONDecodeError as exc:
        problem = (
            f"The policy could not be read at line {exc.lineno}, column {exc.colno}: check"
            " for a missing comma, quote mark or brace there."
        )
        return _render_policy(text, [problem], row)
    except PolicyError as exc:
        return _render_policy(text, exc.problems, row)
    if row is None:
        row = session.scalar(select(EscalationPolicy).where(EscalationPolicy.name == "default"))
    if row is None:
        row = EscalationPolicy(name="default")
        session.add(row)
    row.is_default = True
    row.steps = policy["steps"]
    row.repeat_minutes = policy["repeat_minutes"]
    for key in PACING_MINIMUM:
        setattr(row, key, policy[key])
    session.flush()
    audit(
        session,
        "policy.update",
        f"policy:{row.id}",
        {"steps": policy["steps"], **{key: policy[key] for key in PACING_MINIMUM}},
    )
    session.commit()
    flash("Escalation policy saved. It applies to new cases.", "success")
    return redirect(url_for("admin.escalation_policy"))
