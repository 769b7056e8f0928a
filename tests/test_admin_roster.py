"""The roster pages: responders, the on-call week with overrides, the escalation policy."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from models import AuditLog, Contact, EscalationPolicy, OnCallOverride, Responder, Shift, Town
from models.crypto import lookup_hash
from models.session import session_scope
from routing import runtime
from routing.escalation import current_policy
from tests.staff_pages import post_form, sign_in

# Monday 6 May 2024, 12:00 in Massachusetts (EDT).
NOW = datetime(2024, 5, 6, 16, 0, tzinfo=UTC)


@pytest.fixture
def world(app, sessions):
    runtime.current().clock = lambda: NOW
    with session_scope(sessions) as session:
        for name in ("Amherst", "Northampton"):
            session.add(Town(name=name, lat=42.3, lon=-72.6))
        contact = Contact(phone_hash=lookup_hash("+14135550201"), phone="+14135550201")
        session.add(contact)
        session.flush()
        ana = Responder(name="Ana", contact_id=contact.id, roles=["recovery_coach"])
        session.add(ana)
        session.flush()
        session.add(Shift(responder_id=ana.id, weekday=0, starts=time(8), ends=time(20)))
        session.add(Shift(responder_id=ana.id, weekday=1, starts=time(20), ends=time(8)))
        return {"ana": ana.id}


@pytest.fixture
def staff(client, sessions, world):
    return sign_in(client, sessions, "coordinator")


def responders(sessions) -> dict[str, Responder]:
    with sessions() as session:
        return {r.name: r for r in session.scalars(select(Responder))}


def audit_actions(sessions) -> list[str]:
    with sessions() as session:
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    return [action for action in actions if not action.startswith("user.")]


def test_add_a_responder_with_a_normalised_phone(staff, sessions):
    response = post_form(
        staff,
        "/admin/roster/responders/new",
        {
            "name": "Ben",
            "phone": "(413) 555-0177",
            "roles": ["harm_reduction_specialist", "not_a_role"],
            "languages": ["en", "es"],
            "towns": ["Northampton", "Atlantis"],
        },
    )
    assert response.status_code == 302
    ben = responders(sessions)["Ben"]
    assert ben.roles == ["harm_reduction_specialist"]
    assert ben.languages == ["en", "es"]
    assert ben.towns == ["Northampton"]
    with sessions() as session:
        contact = session.get(Contact, ben.contact_id)
    assert contact.phone == "+14135550177"
    assert contact.phone_hash == lookup_hash("+14135550177")
    assert audit_actions(sessions) == ["responder.create"]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "Ben", "phone": "12345", "roles": ["recovery_coach"]}, "short code"),
        ({"name": "Ben", "phone": "not a phone", "roles": ["recovery_coach"]}, "not a phone"),
        ({"name": "", "phone": "413-555-0177", "roles": ["recovery_coach"]}, "name"),
        ({"name": "Ben", "phone": "413-555-0177"}, "at least one role"),
        # Ana's number.
        ({"name": "Ben", "phone": "413 555 0201", "roles": ["recovery_coach"]}, "already has"),
    ],
)
def test_bad_responder_forms_save_nothing(staff, sessions, form, message):
    response = post_form(staff, "/admin/roster/responders/new", form)
    assert response.status_code == 422
    assert message in response.text
    assert set(responders(sessions)) == {"Ana"}
    assert audit_actions(sessions) == []


def _texter_with_a_case(sessions, phone: str) -> None:
    """A texter whose own request is a case: their number is theirs, not a responder's."""
    from tests.routing_support import add_case, add_contact

    with session_scope(sessions) as session:
        add_case(session, now=NOW, contact=add_contact(session, phone))


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        # The hotline's own number (PROGRAM_PHONE), however it is written.
        ("(413) 555-0100", "the hotline's own number"),
        # A number outside the US: a county program's responders text from US phones.
        ("+44 7911 123456", "a US mobile number"),
        # A texter's number, with their request on file.
        ("413-555-0188", "belongs to a person with a case"),
    ],
)
def test_a_responder_cannot_take_a_texters_or_the_hotlines_number(
    staff, sessions, world, phone, message
):
    # Texts from that number would be read as commands, and the texter would get offers.
    _texter_with_a_case(sessions, "+14135550188")
    form = {"name": "Ben", "phone": phone, "roles": ["recovery_coach"]}
    response = post_form(staff, "/admin/roster/responders/new", form)
    assert response.status_code == 422
    assert message in html_lib.unescape(response.text)
    assert f'value="{html_lib.escape(phone)}"' in response.text  # what was typed stays
    assert set(responders(sessions)) == {"Ana"}
    path = f"/admin/roster/responders/{world['ana']}"
    response = post_form(staff, path, {**form, "name": "Ana"}, page=path)
    assert response.status_code == 422
    assert message in html_lib.unescape(response.text)
    with sessions() as session:
        ana = session.get_one(Responder, world["ana"])
        assert session.get_one(Contact, ana.contact_id).phone == "+14135550201"
    assert audit_actions(sessions) == []


def test_a_responder_who_asked_for_help_from_their_own_number_can_still_be_edited(
    staff, sessions, world
):
    # A responder may text the hotline for help themselves: their number keeps that case.
    with session_scope(sessions) as session:
        from tests.routing_support import add_case

        ana = session.get_one(Responder, world["ana"])
        add_case(session, now=NOW, contact=session.get_one(Contact, ana.contact_id))
    path = f"/admin/roster/responders/{world['ana']}"
    form = {"name": "Ana R", "phone": "413 555 0201", "roles": ["recovery_coach"]}
    assert post_form(staff, path, form, page=path).status_code == 302
    assert "Ana R" in responders(sessions)


def test_edit_and_deactivate(staff, sessions, world):
    path = f"/admin/roster/responders/{world['ana']}"
    page = staff.get(path)
    assert "+14135550201" in page.text
    post_form(
        staff,
        path,
        {"name": "Ana R", "phone": "+1 413 555 0201", "roles": ["recovery_coach", "coordinator"]},
        page=path,
    )
    ana = responders(sessions)["Ana R"]
    assert ana.roles == ["recovery_coach", "coordinator"]
    post_form(
        staff,
        f"/admin/roster/responders/{world['ana']}/active",
        {"active": "0", "confirmed": "yes"},
    )
    assert responders(sessions)["Ana R"].active is False
    assert audit_actions(sessions) == ["responder.update", "responder.deactivate"]
    # A deactivated responder is off call, and cannot be given new shifts.
    assert 'id="on-call-now"' in (html := staff.get("/admin/roster").text)
    assert "Nobody is on call right now" in html
    post_form(
        staff,
        "/admin/roster/shifts",
        {"responder_id": world["ana"], "weekday": 2, "starts": "09:00", "ends": "17:00"},
    )
    with sessions() as session:
        assert len(session.scalars(select(Shift)).all()) == 2


def test_week_view_highlights_who_is_on_call_now(staff):
    html = staff.get("/admin/roster").text
    monday = html.split('data-weekday="0"')[1].split('data-weekday="1"')[0]
    tuesday = html.split('data-weekday="1"')[1].split('data-weekday="2"')[0]
    assert "week__day--today" in html.split('data-weekday="0"')[0].rsplit("<div", 1)[1]
    assert "shift--now" in monday and "08:00–20:00" in monday
    assert "shift--now" not in tuesday and "20:00–08:00 (next day)" in tuesday
    on_call = html.split('id="on-call-now"')[1].split("</section>")[0]
    assert "Ana" in on_call
    assert '<h2>On-call week <span class="muted">(Eastern time, America/New_York)</span>' in html


@pytest.mark.parametrize(
    ("column", "said"),
    [
        ("opted_out_at", "opted out of texts: no offers until they text START"),
        ("invalid_at", "carriers refuse texts to the number: no offers"),
    ],
)
def test_a_responder_whose_number_cannot_be_texted_is_shown_as_such(
    staff, sessions, world, column, said
):
    """Ana is on shift, but a STOP from her phone (sent as a texter, say) or a number carriers
    refuse keeps every offer from her: the roster says why she is not on call."""
    with session_scope(sessions) as session:
        ana = session.get_one(Responder, world["ana"])
        setattr(session.get_one(Contact, ana.contact_id), column, NOW)
    html = html_lib.unescape(staff.get("/admin/roster").text)
    row = html.split(f'data-responder="{world["ana"]}"')[1].split("</tr>")[0]
    assert "can't be texted" in row and said in row
    monday = html.split('data-weekday="0"')[1].split('data-weekday="1"')[0]
    assert "shift--now" not in monday
    assert 'Ana <span class="badge badge--bad">can\'t be texted: not on call</span>' in monday
    assert "Ana" not in html.split('id="on-call-now"')[1].split("</section>")[0]


def test_a_deactivated_responders_shifts_say_they_cover_nothing(staff, sessions, world):
    """The week still listed Ana's shifts as if she covered them."""
    post_form(
        staff,
        f"/admin/roster/responders/{world['ana']}/active",
        {"active": "0", "confirmed": "yes"},
    )
    html = staff.get("/admin/roster").text
    for weekday in (0, 1):
        day = html.split(f'data-weekday="{weekday}"')[1].split("</div>\n  </div>")[0]
        assert '<div class="shift shift--off">' in day
        assert 'Ana <span class="badge badge--bad">deactivated: not on call</span>' in day
    post_form(staff, f"/admin/roster/responders/{world['ana']}/active", {"active": "1"})
    assert "shift--off" not in staff.get("/admin/roster").text


def test_shift_add_and_remove(staff, sessions, world):
    post_form(
        staff,
        "/admin/roster/shifts",
        {"responder_id": world["ana"], "weekday": 6, "starts": "22:00", "ends": "06:00"},
    )
    with sessions() as session:
        shift = session.scalar(select(Shift).where(Shift.weekday == 6))
    assert (shift.starts, shift.ends) == (time(22), time(6))
    post_form(staff, "/admin/roster/shifts", {"responder_id": world["ana"], "weekday": 9})
    post_form(staff, f"/admin/roster/shifts/{shift.id}/delete", {"confirmed": "yes"})
    with sessions() as session:
        assert session.scalar(select(Shift).where(Shift.weekday == 6)) is None
    assert audit_actions(sessions) == ["shift.add", "shift.delete"]


@pytest.mark.parametrize(
    ("starts", "ends", "hours"),
    [("9:00", "17:30", (time(9), time(17, 30))), ("7:05", "9:45", (time(7, 5), time(9, 45)))],
)
def test_a_shift_time_typed_without_a_leading_zero_is_taken(
    staff, sessions, world, starts, ends, hours
):
    """ "9:00", as people write it where no time picker shows, was refused as not a time."""
    typed = {"responder_id": world["ana"], "weekday": 3, "starts": starts, "ends": ends}
    response = post_form(staff, "/admin/roster/shifts", typed, page="/admin/roster")
    assert response.status_code == 302
    with sessions() as session:
        shift = session.scalar(select(Shift).where(Shift.weekday == 3))
    assert (shift.starts, shift.ends) == hours


def test_a_shift_not_added_keeps_what_was_typed_and_says_why_and_twice_is_refused(
    staff, sessions, world
):
    """A shift with a mistyped time cleared the form and said only "choose an active
    responder, a day, and start and end times"; the same shift could be added twice."""
    typed = {"responder_id": world["ana"], "weekday": 2, "starts": "25:00", "ends": "17:30"}
    response = post_form(staff, "/admin/roster/shifts", typed, page="/admin/roster")
    assert response.status_code == 422
    html = response.text
    assert (
        'id="shift-problem">Not added: the start time &#34;25:00&#34; is not a time of day: '
        "write it like 09:00.</p>"
    ) in html
    assert 'id="shift-starts" name="starts" value="25:00"' in html
    assert 'id="shift-ends" name="ends" value="17:30"' in html
    assert '<option value="2" selected>Wednesday</option>' in html
    assert f'<option value="{world["ana"]}" selected>Ana</option>' in html

    good = {**typed, "starts": "09:00"}
    assert post_form(staff, "/admin/roster/shifts", good).status_code == 302
    response = post_form(staff, "/admin/roster/shifts", good, page="/admin/roster")
    assert response.status_code == 422
    assert "Not added: Ana already has this shift, Wednesday 09:00–17:30." in response.text
    with sessions() as session:
        assert len(session.scalars(select(Shift).where(Shift.weekday == 2)).all()) == 1
    assert audit_actions(sessions) == ["shift.add"]


def test_overrides_put_someone_on_or_off_call(staff, sessions, world):
    # Local 11:00 to 13:00 on Monday: Ana is off, in the middle of her shift.
    post_form(
        staff,
        "/admin/roster/overrides",
        {
            "responder_id": world["ana"],
            "on_call": "0",
            "starts_at": "2024-05-06T11:00",
            "ends_at": "2024-05-06T13:00",
            "note": "dentist",
        },
    )
    with sessions() as session:
        override = session.scalar(select(OnCallOverride))
    assert override.starts_at == NOW - timedelta(hours=1)
    assert override.on_call is False
    html = staff.get("/admin/roster").text
    assert "Nobody is on call right now" in html
    assert "dentist" in html
    # Who is off now, and until when, in the roster's list too (OFF tonight by SMS is one).
    assert "off until Mon 6 May 2024, 13:00 EDT" in html
    # An end before the start is refused.
    post_form(
        staff,
        "/admin/roster/overrides",
        {
            "responder_id": world["ana"],
            "starts_at": "2024-05-07T11:00",
            "ends_at": "2024-05-07T10:00",
        },
    )
    post_form(staff, f"/admin/roster/overrides/{override.id}/delete", {"confirmed": "yes"})
    with sessions() as session:
        assert session.scalars(select(OnCallOverride)).all() == []
    assert "Nobody is on call right now" not in staff.get("/admin/roster").text
    assert audit_actions(sessions) == ["override.add", "override.delete"]


def test_a_refused_override_keeps_what_was_typed(staff, sessions, world):
    # An overnight override with the end's date left unchanged ends before it starts: the page
    # went back to the top with a note, and the times and note typed at the bottom were gone.
    response = post_form(
        staff,
        "/admin/roster/overrides",
        {
            "responder_id": world["ana"],
            "on_call": "0",
            "starts_at": "2024-05-07T22:00",
            "ends_at": "2024-05-07T06:00",
            "note": "covering for Ben <on leave>",
        },
        page="/admin/roster",
    )
    assert response.status_code == 422
    form = response.text.split('id="override-form"')[1].split("</form>")[0]
    assert 'role="alert"' in form and "the end must come after the start" in form
    assert 'value="2024-05-07T22:00"' in form and 'value="2024-05-07T06:00"' in form
    assert 'value="covering for Ben &lt;on leave&gt;"' in form
    assert f'<option value="{world["ana"]}" selected>' in form
    assert '<option value="0" selected>off</option>' in form
    with sessions() as session:
        assert session.scalars(select(OnCallOverride)).all() == []


def _add_override(staff, ana: int, on_call: str, starts: str, ends: str, note: str = ""):
    return post_form(
        staff,
        "/admin/roster/overrides",
        {
            "responder_id": ana,
            "on_call": on_call,
            "starts_at": starts,
            "ends_at": ends,
            "note": note,
        },
        page="/admin/roster",
    )


def test_an_override_against_one_the_responder_already_has_is_refused(staff, sessions, world):
    # Off wins where both cover a moment: an "on" over an "off" would do nothing there, and
    # nobody would be told. Refused, with the other override named and what was typed kept.
    off = _add_override(staff, world["ana"], "0", "2024-05-08T09:00", "2024-05-08T17:00", "leave")
    assert off.status_code == 302
    response = _add_override(staff, world["ana"], "1", "2024-05-08T16:00", "2024-05-08T20:00")
    assert response.status_code == 422
    form = response.text.split('id="override-form"')[1].split("</form>")[0]
    said = html_lib.unescape(form)
    assert "Ana is already off call" in said and "Wed 8 May 2024, 09:00" in said
    assert "remove it first" in said
    assert 'value="2024-05-08T16:00"' in form and 'value="2024-05-08T20:00"' in form
    # The other way round too; an override that only touches it, or means the same, is fine.
    on = _add_override(staff, world["ana"], "1", "2024-05-08T17:00", "2024-05-08T20:00")
    assert on.status_code == 302
    again = _add_override(staff, world["ana"], "0", "2024-05-08T19:00", "2024-05-08T22:00")
    assert again.status_code == 422
    assert "Ana is already on call" in html_lib.unescape(again.text)
    same = _add_override(staff, world["ana"], "1", "2024-05-08T19:00", "2024-05-08T22:00")
    assert same.status_code == 302
    with sessions() as session:
        assert len(session.scalars(select(OnCallOverride)).all()) == 3
    assert audit_actions(sessions) == ["override.add"] * 3


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        ("2024-05-08T10:00Z", "2024-05-08T12:00"),
        ("2024-05-08T10:00", "2024-05-08T12:00+00:00"),
        ("2024-05-08T10:00-04:00", "2024-05-08T12:00-04:00"),
    ],
)
def test_an_override_time_with_a_zone_is_refused_for_either_end(
    staff, sessions, world, starts, ends
):
    # The form's times are local: an end written in UTC beside a local one was read two ways.
    response = _add_override(staff, world["ana"], "0", starts, ends)
    assert response.status_code == 422
    said = html_lib.unescape(response.text)
    assert "local time" in said and "without a time zone" in said
    assert f'value="{starts}"' in response.text and f'value="{ends}"' in response.text
    with sessions() as session:
        assert session.scalars(select(OnCallOverride)).all() == []


def test_escalation_policy_is_validated_by_routing(staff, sessions):
    page = staff.get("/admin/roster/policy")
    assert json.loads(_textarea(page.text))["steps"][-1]["offer_to"] == "coordinator"

    bad = {"steps": [{"offer_to": "matching", "wait_minutes": 5}], "repeat_minutes": 20}
    response = post_form(
        staff, "/admin/roster/policy", {"policy": json.dumps(bad)}, page="/admin/roster/policy"
    )
    assert response.status_code == 422
    assert "last step must offer to the coordinator" in response.text
    response = post_form(
        staff, "/admin/roster/policy", {"policy": "{not json"}, page="/admin/roster/policy"
    )
    assert response.status_code == 422
    with sessions() as session:
        assert session.scalars(select(EscalationPolicy)).all() == []

    good = {
        "steps": [
            {"offer_to": "role:recovery_coach", "wait_minutes": 5},
            {"offer_to": "coordinator"},
        ],
        "repeat_minutes": 20,
    }
    response = post_form(
        staff, "/admin/roster/policy", {"policy": json.dumps(good)}, page="/admin/roster/policy"
    )
    assert response.status_code == 302
    with sessions() as session:
        policy = current_policy(session)
    assert policy["steps"] == [
        {"offer_to": "role:recovery_coach", "wait_minutes": 5},
        {"offer_to": "coordinator", "wait_minutes": 20},
    ]
    assert policy["repeat_minutes"] == 20
    assert audit_actions(sessions) == ["policy.update"]


def test_escalation_policy_page_lists_every_problem_at_once(staff, sessions):
    bad = {
        "steps": [{"offer_to": "everyone", "wait_minutes": 5}, {"offer_to": "coordinator"}],
        "repeat_minutes": 20,
        "slow_repeat_minutes": "two hours",
        "summary_hour": 24,
    }
    response = post_form(
        staff, "/admin/roster/policy", {"policy": json.dumps(bad)}, page="/admin/roster/policy"
    )
    assert response.status_code == 422
    problems = [
        html_lib.unescape(item.split(">", 1)[1])
        for item in response.text.split("</li>")
        if 'class="problem problem--error"' in item
    ]
    assert len(problems) == 3
    assert "Hour of the daily summary (summary_hour)" in problems[1]
    assert "0 to 23" in problems[1]
    assert "Wait between the later, slower rounds (slow_repeat_minutes)" in problems[0]
    assert "whole number of minutes" in problems[0]
    assert 'Step 1, who is offered the case (offer_to): "everyone"' in problems[2]
    assert "3 things to fix" in response.text
    assert 'aria-describedby="policy-problems"' in response.text
    with sessions() as session:
        assert session.scalars(select(EscalationPolicy)).all() == []


POLICY_NAMES = {
    "steps": "Steps",
    "offer_to": "Who is offered the case",
    "wait_minutes": "Minutes to wait before the next step",
    "repeat_minutes": "Wait before the next round",
    "slow_after_rounds": "Rounds at the normal pace",
    "slow_repeat_minutes": "Wait between the later, slower rounds",
    "summary_hour": "Hour of the daily summary",
}


def test_escalation_policy_is_explained_in_plain_words(staff):
    # The explanation read "offer_to is matching ... waits repeat_minutes ... after the first
    # slow_after_rounds rounds": a coordinator had to know the JSON to follow the words.
    page = html_lib.unescape(staff.get("/admin/roster/policy").text)
    explanation = page.split("</h1>")[1].split('id="policy-names')[0]
    explanation = " ".join(explanation.split())
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b|<code>", explanation)
    assert "a coordinator only while one is on call" in explanation
    # The names to type stay, each beside its plain words, in the table before the form.
    names = page.split('id="policy-names"')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row"[^>]*>(.*?)</th>\s*<td.*?<code>(.*?)</code>', names)
    assert dict((key, words) for words, key in rows) == POLICY_NAMES
    for value in ("matching", "all_on_call", "coordinator", "role:recovery_coach"):
        assert f"<code>{value}</code>" in names
    assert "recovery coach" in names


def _textarea(html: str) -> str:
    body = html.split('id="policy" name="policy"')[1].split(">", 1)[1].split("</textarea>")[0]
    return html_lib.unescape(body)


def test_viewer_sees_the_roster_read_only(client, sessions, world):
    viewer = sign_in(client, sessions, "viewer")
    html = viewer.get("/admin/roster").text
    assert "+1 ••• ••• 0201" in html
    assert "+14135550201" not in html
    assert 'id="shift-form"' not in html
    assert viewer.get("/admin/roster/responders/new").status_code == 403
    response = post_form(
        viewer,
        "/admin/roster/shifts",
        {"responder_id": world["ana"], "weekday": 6, "starts": "22:00", "ends": "06:00"},
        page="/admin/roster",
    )
    assert response.status_code == 403
    with sessions() as session:
        assert len(session.scalars(select(Shift)).all()) == 2


_texters = iter(range(7000, 8000))


def _claimed_case(sessions, responder_id: int, **kw) -> str:
    """A case routed and claimed by the responder; a coordinator on call to hear about it."""
    from models import Case
    from routing.claims import claim_case
    from routing.escalation import start_routing
    from tests.routing_support import add_case, add_contact, add_responder

    with session_scope(sessions) as session:
        if not session.scalar(select(Responder).where(Responder.name == "Dee")):
            add_responder(session, "Dee", "coordinator", phone="+14135550290")
        texter = add_contact(session, f"+1413555{next(_texters)}")
        case = add_case(session, now=NOW, contact=texter, **kw)
        case_id = case.id
    rt = runtime.current()
    with session_scope(sessions) as session:
        start_routing(session, case_id, NOW, rt.settings)
        case = session.get_one(Case, case_id)
        responder = session.get_one(Responder, responder_id)
        assert claim_case(session, case, responder, NOW, rt.settings).ok
        return case.code


def _case(sessions, code: str):
    from models import Case

    with sessions() as session:
        return session.scalar(select(Case).where(Case.code == code))


def test_deactivating_a_responder_hands_back_the_cases_nobody_has_reached_yet(
    staff, sessions, world
):
    """A case whose person Ana already reached stays hers, CONTACTED, until a coordinator
    reassigns or closes it: it went back to "offered" and the team was texted "Still
    unclaimed" about a person someone had already spoken with."""
    from models import Case, CaseEvent
    from routing.claims import mark_contacted
    from tests.routing_support import texts_to

    code = _claimed_case(sessions, world["ana"])
    reached = _claimed_case(sessions, world["ana"])
    with session_scope(sessions) as session:
        case = session.scalar(select(Case).where(Case.code == reached))
        assert mark_contacted(session, case, session.get_one(Responder, world["ana"]), NOW).ok
    response = post_form(
        staff,
        f"/admin/roster/responders/{world['ana']}/active",
        {"active": "0", "confirmed": "yes"},
    )
    assert response.status_code == 302
    case = _case(sessions, code)
    assert (case.status, case.claimed_by_id, case.escalation_round) == ("offered", None, 1)
    assert case.escalation_token is not None
    kept = _case(sessions, reached)
    assert (kept.status, kept.claimed_by_id) == ("contacted", world["ana"])
    with sessions() as session:
        event = session.scalar(
            select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "released")
        )
        (entry,) = session.scalars(
            select(AuditLog).where(AuditLog.action == "responder.deactivate")
        ).all()
        dee = session.scalar(select(Responder).where(Responder.name == "Dee"))
        assert [
            e.kind
            for e in session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == kept.id).order_by(CaseEvent.id)
            )
        ][-1] == "holder_inactive"
        assert not any(reached in text for text in texts_to(session, dee, "offer"))
        (told,) = texts_to(session, dee, "holder_inactive")
    assert told == (
        f"Ana was deactivated. Case {reached} stays with them: the person was already "
        f"reached. Reassign it in the admin, or reply CLOSE {reached} and an outcome when done."
    )
    assert event.actor == "coordinator@example.org"
    assert entry.data == {"released": [code], "kept": [reached]}
    page = staff.get("/admin/roster").text
    assert f"Their open cases went back to the team: {code}." in page
    assert (
        f"Cases whose person was already reached stay with them until you reassign or close "
        f"them: {reached}."
    ) in page
    # Editing Ana while she is inactive tells nobody again.
    path = f"/admin/roster/responders/{world['ana']}"
    form = {"name": "Ana", "phone": "+14135550201", "roles": ["recovery_coach"]}
    assert post_form(staff, path, form, page=path).status_code == 302
    with sessions() as session:
        assert len(texts_to(session, dee, "holder_inactive")) == 1
        kinds = session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == kept.id))
        assert list(kinds).count("holder_inactive") == 1


def test_giving_a_responder_the_police_role_hands_back_peers_only_cases(staff, sessions, world):
    peers = _claimed_case(sessions, world["ana"], peers_only=True)
    police_ok = _claimed_case(sessions, world["ana"], peers_only=False)
    path = f"/admin/roster/responders/{world['ana']}"
    form = {"name": "Ana", "phone": "+14135550201", "roles": ["recovery_coach", "police_officer"]}
    assert post_form(staff, path, form, page=path).status_code == 302
    assert _case(sessions, peers).claimed_by_id is None
    assert _case(sessions, police_ok).claimed_by_id == world["ana"]


def test_the_roster_warns_when_no_coordinator_can_be_reached(staff, sessions, world):
    """Ana is a coach: without a coordinator the last escalation step, deadlines and breaches
    reach nobody, and the page must say so rather than promise "the coordinator step"."""
    page = staff.get("/admin/roster").text
    assert "No coordinator can be reached" in page
    with session_scope(sessions) as session:
        contact = Contact(phone_hash=lookup_hash("+14135550209"), phone="+14135550209")
        session.add(contact)
        session.flush()
        session.add(Responder(name="Dee", contact_id=contact.id, roles=["coordinator"]))
    assert "No coordinator can be reached" not in staff.get("/admin/roster").text
    with session_scope(sessions) as session:  # Dee texts STOP
        session.scalars(select(Contact).where(Contact.id == contact.id)).one().opted_out_at = NOW
    assert "No coordinator can be reached" in staff.get("/admin/roster").text


def test_the_roster_lists_the_weeks_hours_with_nobody_on_call(staff):
    """Ana covers Monday 08:00-20:00 and Tuesday night: the rest of the week is uncovered,
    starting at 20:00 this Monday (the page's clock is Monday noon)."""
    page = html_lib.unescape(staff.get("/admin/roster").text)
    assert "Nobody is on call at these times in the coming week" in page
    assert "Mon 6 May 2024, 20:00 EDT to Tue 7 May 2024, 20:00 EDT" in page


def test_uncovered_merges_the_gaps_between_shifts():
    from zoneinfo import ZoneInfo

    from routing.oncall import RosterEntry, WeeklyShift, uncovered

    zone = ZoneInfo("America/New_York")
    day = RosterEntry(1, "Day", shifts=tuple(WeeklyShift(d, time(8), time(20)) for d in range(7)))
    night = RosterEntry(
        2, "Night", shifts=tuple(WeeklyShift(d, time(20), time(8)) for d in range(7))
    )
    assert uncovered([day, night], NOW, zone) == []
    gaps = uncovered([day], NOW, zone)
    assert len(gaps) == 7  # every night
    first_start, first_end = gaps[0]
    assert (first_start.astimezone(zone).hour, first_end.astimezone(zone).hour) == (20, 8)
    assert uncovered([RosterEntry(3, "Off", reachable=False, shifts=day.shifts)], NOW, zone) == [
        (NOW, NOW + timedelta(days=7))
    ]


def _opt_out(sessions, responder_id: int, column: str = "opted_out_at") -> None:
    with session_scope(sessions) as session:
        ana = session.get_one(Responder, responder_id)
        setattr(session.get_one(Contact, ana.contact_id), column, NOW)


@pytest.mark.parametrize(
    ("column", "said"),
    [
        ("opted_out_at", "Ana texted STOP, so no offer can reach them until they text START"),
        ("invalid_at", "carriers refuse texts to Ana's number, so no offer can reach them"),
    ],
)
def test_an_on_call_override_for_someone_we_cannot_text_is_refused(
    staff, sessions, world, column, said
):
    """ "Override added" for a responder who had texted STOP: the coordinator believed tonight
    was covered, and no offer would ever reach them."""
    _opt_out(sessions, world["ana"], column)
    response = _add_override(
        staff, world["ana"], "1", "2024-05-08T20:00", "2024-05-09T08:00", "covering Ben"
    )
    assert response.status_code == 422
    form = html_lib.unescape(response.text.split('id="override-form"')[1].split("</form>")[0])
    assert f"Not added: {said}" in form
    assert "these hours would not be covered" in form
    assert 'value="2024-05-08T20:00"' in form and 'value="covering Ben"' in form
    with sessions() as session:
        assert session.scalars(select(OnCallOverride)).all() == []
    assert audit_actions(sessions) == []
    # Off is fine: it asks nothing of their phone.
    off = _add_override(staff, world["ana"], "0", "2024-05-08T20:00", "2024-05-09T08:00")
    assert off.status_code == 302
    assert audit_actions(sessions) == ["override.add"]


def test_an_on_call_override_whose_responder_stopped_texts_since_is_flagged(staff, sessions, world):
    """Added while Ana took texts, then she texted STOP: the table still said "on call"."""
    for on_call, starts, ends in (
        ("1", "2024-05-08T20:00", "2024-05-09T08:00"),
        ("0", "2024-05-10T20:00", "2024-05-11T08:00"),
    ):
        assert _add_override(staff, world["ana"], on_call, starts, ends).status_code == 302
    table = staff.get("/admin/roster").text.split('id="overrides"')[1].split("</table>")[0]
    assert "can&#39;t be texted" not in table and "badge--bad" not in table
    _opt_out(sessions, world["ana"])
    table = html_lib.unescape(
        staff.get("/admin/roster").text.split('id="overrides"')[1].split("</table>")[0]
    )
    rows = table.split("</tr>")
    on_row = next(row for row in rows if "Wed 8 May 2024" in row)
    off_row = next(row for row in rows if "Fri 10 May 2024" in row)
    assert "on call" in on_row
    assert "can't be texted: covers nothing" in on_row
    assert "opted out of texts: no offers until they text START" in on_row
    assert "can't be texted" not in off_row


def test_escalation_policy_that_keeps_the_coordinators_waiting_a_day_is_refused(staff, sessions):
    slow = {
        "steps": [
            {"offer_to": "matching", "wait_minutes": 1440},
            {"offer_to": "all_on_call", "wait_minutes": 1440},
            {"offer_to": "coordinator", "wait_minutes": 1440},
        ],
        "repeat_minutes": 1440,
    }
    response = post_form(
        staff, "/admin/roster/policy", {"policy": json.dumps(slow)}, page="/admin/roster/policy"
    )
    assert response.status_code == 422
    said = html_lib.unescape(response.text)
    assert "Step 3 (coordinator) is reached 48 hours after a case comes in" in said
    assert "within 3 hours" in said and "24-hour" in said
    with sessions() as session:
        assert session.scalars(select(EscalationPolicy)).all() == []
    assert audit_actions(sessions) == []
    # The page says the rule before anyone trips on it.
    page = html_lib.unescape(staff.get("/admin/roster/policy").text)
    assert "within 3 hours of a new case" in page


def _confirm_form(html: str) -> dict[str, str]:
    """The hidden fields of the confirmation page's form, as its button would send them."""
    form = html.split('id="confirm-form"')[1].split("</form>")[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    fields.pop("csrf_token")
    return {name: html_lib.unescape(value) for name, value in fields.items()}


def test_deactivating_asks_first_naming_the_responder_and_the_cases_they_hold(
    staff, sessions, world
):
    """Deactivate sat next to Edit on a phone and handed Ana's cases back at one tap."""
    code = _claimed_case(sessions, world["ana"])
    path = f"/admin/roster/responders/{world['ana']}/active"
    page = post_form(staff, path, {"active": "0"})
    assert page.status_code == 200
    said = html_lib.unescape(page.text)
    assert "Deactivate Ana?" in said
    assert f"Cases they hold that nobody has reached yet go back to the team at once: {code}" in (
        said
    )
    assert responders(sessions)["Ana"].active is True
    assert _case(sessions, code).claimed_by_id == world["ana"]
    assert audit_actions(sessions) == []
    assert _confirm_form(page.text) == {"active": "0", "confirmed": "yes"}
    response = post_form(staff, path, _confirm_form(page.text))
    assert response.status_code == 302
    assert responders(sessions)["Ana"].active is False
    assert _case(sessions, code).claimed_by_id is None
    assert audit_actions(sessions) == ["responder.deactivate"]
    # Reactivating takes nothing away: one tap.
    assert post_form(staff, path, {"active": "1"}).status_code == 302
    assert responders(sessions)["Ana"].active is True


def test_removing_a_shift_asks_first_naming_whose_and_when(staff, sessions, world):
    with sessions() as session:
        shift = session.scalar(select(Shift).where(Shift.weekday == 0))
    path = f"/admin/roster/shifts/{shift.id}/delete"
    page = post_form(staff, path)
    assert page.status_code == 200
    assert "Remove Ana's Monday shift, 08:00–20:00?" in html_lib.unescape(page.text)
    with sessions() as session:
        assert session.get(Shift, shift.id) is not None
    assert audit_actions(sessions) == []
    assert post_form(staff, path, _confirm_form(page.text)).status_code == 302
    with sessions() as session:
        assert session.get(Shift, shift.id) is None
    assert audit_actions(sessions) == ["shift.delete"]


def test_removing_an_override_asks_first_naming_whose_and_when(staff, sessions, world):
    _add_override(staff, world["ana"], "0", "2024-05-06T11:00", "2024-05-06T13:00", "dentist")
    with sessions() as session:
        override = session.scalar(select(OnCallOverride))
    path = f"/admin/roster/overrides/{override.id}/delete"
    page = post_form(staff, path)
    assert page.status_code == 200
    said = html_lib.unescape(page.text)
    assert "Remove Ana's override?" in said
    assert "Off call from Mon 6 May 2024, 11:00 EDT to Mon 6 May 2024, 13:00 EDT (dentist)" in said
    with sessions() as session:
        assert session.get(OnCallOverride, override.id) is not None
    assert post_form(staff, path, _confirm_form(page.text)).status_code == 302
    with sessions() as session:
        assert session.scalars(select(OnCallOverride)).all() == []
    assert audit_actions(sessions) == ["override.add", "override.delete"]
