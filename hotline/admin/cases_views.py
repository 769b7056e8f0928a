"""Cases in the admin: a filtered list, one case's whole timeline, and what staff do to it.

Cases hold people's words and numbers, so only coordinators and admins see them (viewers get
the de-identified figures). Every change is a POST with CSRF, a CaseEvent and an audit entry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from hotline import case_actions
from hotline.admin import bp
from hotline.admin.audit import audit
from hotline.admin.auth import current_actor, role_required
from hotline.admin.case_words import detail_lines, need_label, need_labels, timeline_phrase
from hotline.admin.clock import local_time, now, settings, zone_name
from hotline.admin.confirming import confirm_page, confirmed
from hotline.database import db_session
from hotline.phones import mask_number_in, mask_phone
from models import Case, Responder
from models.cases import CASE_KINDS, CASE_STATUSES
from routing.intake import case_details
from routing.offers import LANGUAGE_NAMES
from routing.reaching_no_one import reaching_no_one_banner
from routing.unreachable import cannot_be_reached

PER_PAGE = 25
# The last page whose OFFSET fits a 64-bit integer (SQLite and PostgreSQL's BIGINT).
MAX_PAGE = (2**63 - 1) // PER_PAGE
STAFF = ("coordinator", "admin")


def _filters() -> case_actions.CaseFilters:
    args = request.args
    status = args.get("status", "")
    kind = args.get("kind", "")
    sla = args.get("sla", "")
    return case_actions.CaseFilters(
        status=status if status in (*CASE_STATUSES, "open") else "",
        kind=kind if kind in CASE_KINDS else "",
        town=args.get("town", "").strip()[:64],
        sla=sla if sla in case_actions.SLA_STATES else "",
    )


@bp.get("/cases")
@role_required(*STAFF)
def cases() -> str:
    """Cases, newest first, filtered by status, type, town and where they stand on the clock."""
    session = db_session()
    filters = _filters()
    # Never past what the database's integers hold in an OFFSET (a 500 before).
    asked = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    reminder = settings().reminder_before_hours
    moment = now()
    page = case_actions.list_cases(
        session, filters, moment, reminder, page=asked, per_page=PER_PAGE
    )
    if asked > page.pages:  # past the last page (a stale link, cases closed): show the last
        page = case_actions.list_cases(
            session, filters, moment, reminder, page=page.pages, per_page=PER_PAGE
        )
    query = {key: value for key, value in vars(filters).items() if value}
    return render_template(
        "admin/cases/list.html",
        page=page,
        filters=filters,
        query=query,
        statuses=("open", *CASE_STATUSES),
        kinds=CASE_KINDS,
        towns=case_actions.case_towns(session),
        sla_states=case_actions.SLA_STATES,
        sla_labels=case_actions.SLA_LABELS,
        sla_of=lambda case: case_actions.sla_state(case, moment, reminder),
        when=local_time,
        timezone=zone_name(settings().timezone),
        reaching_no_one=reaching_no_one_banner(session, moment),
    )


def _case_or_404(code: str) -> Case:
    case = db_session().scalar(select(Case).where(Case.code == code.upper()[:8]))
    if case is None:
        abort(404)
    return case


def _person_phone(session: Session, case: Case) -> str | None:
    """The person's number: the texter's, or the one a partner gave with the referral."""
    phone = case_actions.texter_phone(session, case)
    if phone is None and case.contact_id is None:
        given = case_details(case).get("phone")
        phone = given if isinstance(given, str) and given else None
    return phone


def _masked(text: Any, phone: str | None) -> Any:
    """Text with the person's number masked in it (a claimer's text, a responder's note)."""
    return mask_number_in(text, phone) if phone and isinstance(text, str) else text


def _render_case(case: Case, phone: str | None = None, kept: dict[str, Any] | None = None) -> str:
    """The case page; ``kept``: what an admin typed into a refused form, and why it was
    refused, shown again in that form (``note``/``note_problem``, ``close_note``/
    ``close_outcome``/``close_problem``, ``closed_first`` when someone else closed it,
    ``assign_to``/``assign_doubts`` when a choice of responder waits to be confirmed)."""
    session = db_session()
    stored_phone = _person_phone(session, case)
    # The number is shown masked, and in full only through the audited reveal: also where
    # the texts and notes on the page carry it.
    details = detail_lines(
        {k: _masked(v, stored_phone) for k, v in case_details(case).items() if k != "phone"}
    )
    names = {row.id: row.name for row in session.execute(select(Responder.id, Responder.name))}
    claimed_by = None
    if case.claimed_by_id:
        claimed_by = names.get(case.claimed_by_id, f"#{case.claimed_by_id}")
    labels = need_labels(session) if case.needs else {}
    return render_template(
        "admin/cases/detail.html",
        case=case,
        details=details,
        claimed_by=claimed_by,
        how_to_reach=case_actions.how_to_reach(session, case),
        cannot_be_reached=cannot_be_reached(session, case),
        masked_phone=mask_phone(stored_phone) if stored_phone else None,
        phone=phone,
        # In full only on the audited reveal's page.
        timeline=[
            replace(entry, text=entry.text if phone else _masked(entry.text, stored_phone))
            for entry in case_actions.timeline(
                session, case, lookback_hours=settings().conversation_expiry_hours
            )
        ],
        choices=case_actions.assign_choices(session, case, now(), settings().timezone),
        outcomes=case_actions.OUTCOMES,
        sla=case_actions.sla_state(case, now(), settings().reminder_before_hours),
        sla_labels=case_actions.SLA_LABELS,
        language_names=LANGUAGE_NAMES,
        needs=[need_label(str(code), case.kind, labels) for code in case.needs or ()],
        what=lambda entry: timeline_phrase(entry.kind, entry.data, names),
        when=local_time,
        kept=kept or {},
        note_limit=case_actions.NOTE_LIMIT,
    )


@bp.get("/cases/<code>")
@role_required(*STAFF)
def case_detail(code: str) -> str:
    """One case: who has it, where it stands, and everything that happened, oldest first."""
    return _render_case(_case_or_404(code))


@bp.post("/cases/<code>/reveal")
@role_required(*STAFF)
def case_reveal_phone(code: str) -> str:
    """Show the person's number once, on this page only; the reveal is audited."""
    case = _case_or_404(code)
    session = db_session()
    phone = _person_phone(session, case)
    if phone is None:
        abort(404)
    audit(session, "case.reveal_phone", f"case:{case.code}")
    session.commit()
    return _render_case(case, phone=phone)


def _act(code: str, action: str, change, data: dict[str, Any], done: str) -> Response:
    """Run one case change, audit it and commit; a refused change is rolled back and said."""
    case = _case_or_404(code)
    session = db_session()
    try:
        change(session, case.code)
    except case_actions.CaseActionError as exc:
        session.rollback()
        flash(f"Not done: {exc}.", "error")
        return redirect(url_for("admin.case_detail", code=case.code))
    audit(session, action, f"case:{case.code}", data)
    session.commit()
    flash(done, "success")
    return redirect(url_for("admin.case_detail", code=case.code))


@bp.post("/cases/<code>/assign")
@role_required(*STAFF)
def case_assign(code: str) -> Any:
    """Claim the case for a responder, or hand it to another one.

    One who does not speak the person's language gets it only once the coordinator confirms:
    the page comes back saying so, with a button to go ahead."""
    responder_id = request.form.get("responder_id", type=int)
    if responder_id is None:
        flash("Not done: choose a responder.", "error")
        return redirect(url_for("admin.case_detail", code=code))
    case = _case_or_404(code)
    doubts = case_actions.assign_doubts(
        db_session(), case, responder_id, now(), settings().timezone
    )
    confirmed = request.form.get("confirm") == "1"
    if doubts.ask and not confirmed:
        kept = {"assign_to": responder_id, "assign_name": doubts.name, "assign_doubts": doubts.text}
        return _render_case(case, kept=kept), 409
    data: dict[str, Any] = {"responder_id": responder_id}
    if doubts.ask:
        data["confirmed"] = list(doubts.kinds)
    return _act(
        case.code,
        "case.assign",
        lambda session, c: case_actions.assign_case(
            session, c, responder_id, current_actor(), now(), settings()
        ),
        data,
        "Case assigned.",
    )


def _typed(name: str) -> str:
    """A text box as typed, with the browser's CRLF line ends as one character each, as its
    maxlength counts them."""
    return request.form.get(name, "").replace("\r\n", "\n")


@bp.post("/cases/<code>/note")
@role_required(*STAFF)
def case_note(code: str) -> Any:
    """Add a note to the timeline (the audit log records that a note was added, not its text).

    A refused note comes back in its box with the reason, never lost to a redirect."""
    case = _case_or_404(code)
    session = db_session()
    text = _typed("text")
    try:
        case_actions.add_note(session, case.code, text, current_actor(), now())
    except case_actions.CaseActionError as exc:
        session.rollback()
        kept = {"note": text, "note_problem": f"Not added: {exc}."}
        return _render_case(case, kept=kept), 422
    audit(session, "case.note", f"case:{case.code}", {})
    session.commit()
    flash("Note added.", "success")
    return redirect(url_for("admin.case_detail", code=case.code))


@bp.post("/cases/<code>/contacted")
@role_required(*STAFF)
def case_contacted(code: str) -> Response:
    """Record that the person was reached: the 24–48 h clock stops."""
    return _act(
        code,
        "case.contacted",
        lambda session, c: case_actions.mark_contacted(session, c, current_actor(), now()),
        {},
        "Marked as contacted.",
    )


@bp.post("/cases/<code>/close")
@role_required(*STAFF)
def case_close(code: str) -> Any:
    """Close the case with an outcome (and an optional closing note).

    Refused, the page comes back with the outcome and note as typed. If someone else closed
    the case first, it says who and when, and the note waits in the note box to be added."""
    case = _case_or_404(code)
    session = db_session()
    outcome = request.form.get("outcome", "")
    note = _typed("note")
    if not confirmed() and _closable(case, outcome, note):
        return _confirm_close(session, case, outcome, note)
    try:
        case_actions.close_case(session, case.code, outcome, current_actor(), now(), note)
    except case_actions.CaseActionError as exc:
        session.rollback()
        if case.status != "closed":
            kept = {"close_outcome": outcome, "close_note": note, "close_problem": f"{exc}."}
            return _render_case(case, kept=kept), 422
        kept = {"closed_first": case_actions.closing(session, case)}
        if note.strip():
            too_long = case_actions.note_too_long(note)
            kept |= {"note": note, "note_problem": f"{too_long}." if too_long else ""}
        return _render_case(case, kept=kept), 409
    audit(session, "case.close", f"case:{case.code}", {"outcome": outcome})
    session.commit()
    flash("Case closed.", "success")
    return redirect(url_for("admin.case_detail", code=case.code))


def _closable(case: Case, outcome: str, note: str) -> bool:
    """Whether closing would go ahead; a close that would be refused is refused at once."""
    return (
        case.status != "closed"
        and outcome in case_actions.OUTCOMES
        and case_actions.note_too_long(note) is None
    )


def _confirm_close(session: Session, case: Case, outcome: str, note: str) -> str:
    """Name the case, its outcome and who hears of it before closing; nothing changes yet."""
    lines = ["Offers of it still out to responders are withdrawn."]
    if outcome in case_actions.REACHED_OUTCOMES and case.contacted_at is None:
        lines.append(
            f"No one marked this case contacted. Closing it as {outcome.replace('_', ' ')} "
            "counts the person as reached, now. If no one reached them, go back and choose "
            "unreachable."
        )
    if case.claimed_by_id is not None:
        holder = session.get(Responder, case.claimed_by_id)
        name = holder.name if holder else f"#{case.claimed_by_id}"
        lines.append(f"{name}, who has it, is told by text that it was closed.")
    return confirm_page(
        title=f"Close case {case.code} as {outcome.replace('_', ' ')}?",
        lines=lines,
        action=url_for("admin.case_close", code=case.code),
        fields={"outcome": outcome, "note": note},
        button="Close case",
        back=url_for("admin.case_detail", code=case.code),
    )
