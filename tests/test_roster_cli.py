"""`flask roster load` and `flask partner add`."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hotline import api
from hotline.cli_routing import parse_shifts
from hotline.places_store import load_places
from models import Partner, Responder, Shift
from routing.oncall import on_call_responders
from tests.routing_support import T0

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "roster.sample.csv"
HEADER = "name,phone,roles,languages,towns,active,shifts\n"


@pytest.fixture
def cli(app, runner, sessions):
    with sessions.begin() as session:
        load_places(session)
    return runner


def roster(session) -> dict[str, Responder]:
    return {r.name: r for r in session.scalars(select(Responder))}


def test_sample_roster_loads_and_is_safe_to_run_twice(cli, session):
    result = cli.invoke(args=["roster", "load", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Roster loaded: 6 added, 0 updated, 0 unchanged."
    shift_ids = session.scalars(select(Shift.id).order_by(Shift.id)).all()
    # The same file again changes nothing, and says so.
    result = cli.invoke(args=["roster", "load", str(SAMPLE)])
    assert result.output.strip() == "Roster loaded: 0 added, 0 updated, 6 unchanged."
    assert session.scalars(select(Shift.id).order_by(Shift.id)).all() == shift_ids
    people = roster(session)
    assert len(people) == 6
    blair = people["Blair Example"]
    assert (blair.roles, blair.languages, blair.towns) == (
        ["harm_reduction_specialist"],
        ["en", "es"],
        ["Northampton", "Easthampton"],
    )
    assert people["Frankie Standin"].active is False
    assert session.scalar(select(func.count()).select_from(Shift)) == 5 + 2 + 2 + 2 + 7 + 1
    # Tuesday noon in Northampton: the weekday coach, the Tue/Thu family specialist, and the
    # coordinator who is on all week.
    names = sorted(e.name for e in on_call_responders(session, T0))
    assert names == ["Avery Sample", "Casey Placeholder", "Emery Fictional"]


def test_a_second_load_updates_by_phone(cli, session, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text(HEADER + "Ana,413-555-0111,recovery_coach,,,yes,Mon 08:00-16:00\n")
    second = tmp_path / "b.csv"
    second.write_text(
        HEADER + "Ana R.,(413) 555-0111,recovery_coach;coordinator,en;es,,no,Tue 20:00-08:00\n"
    )
    assert cli.invoke(args=["roster", "load", str(first)]).exit_code == 0
    result = cli.invoke(args=["roster", "load", str(second)])
    assert result.output.strip() == "Roster loaded: 0 added, 1 updated, 0 unchanged."
    (ana,) = roster(session).values()
    assert (ana.name, ana.roles, ana.active) == ("Ana R.", ["recovery_coach", "coordinator"], False)
    shifts = session.scalars(select(Shift)).all()
    assert [(s.weekday, s.starts, s.ends) for s in shifts] == [(1, time(20), time(8))]


def test_a_row_whose_only_change_is_a_shift_counts_as_updated(cli, session, tmp_path):
    row = "Ana,413-555-0111,recovery_coach,en,Northampton,yes,"
    first = tmp_path / "a.csv"
    first.write_text(HEADER + row + "Mon 08:00-16:00; Wed 08:00-16:00\n")
    second = tmp_path / "b.csv"
    second.write_text(HEADER + row + "Wed 08:00-16:00; Mon 08:00-16:00\n")
    third = tmp_path / "c.csv"
    third.write_text(HEADER + row + "Mon 08:00-17:00; Wed 08:00-16:00\n")
    assert cli.invoke(args=["roster", "load", str(first)]).exit_code == 0
    # The same shifts written in another order are the same roster.
    result = cli.invoke(args=["roster", "load", str(second)])
    assert result.output.strip() == "Roster loaded: 0 added, 0 updated, 1 unchanged."
    result = cli.invoke(args=["roster", "load", str(third)])
    assert result.output.strip() == "Roster loaded: 0 added, 1 updated, 0 unchanged."
    shifts = session.scalars(select(Shift).order_by(Shift.weekday)).all()
    assert [(s.weekday, s.ends) for s in shifts] == [(0, time(17)), (2, time(16))]


def test_row_errors_are_reported_with_row_numbers_and_nothing_loads(cli, session, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "Good,413-555-0121,recovery_coach,,,yes,Mon 08:00-16:00\n"
        + ",12345,chef,english,Springfield,maybe,Someday 9-5\n"
        + "Dup,413-555-0121,coordinator,,,,\n"
    )
    result = cli.invoke(args=["roster", "load", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for expected in [
        "row 3: name is empty",
        "row 3: phone: 12345 looks like a short code",
        "row 3: unknown role(s) chef",
        "row 3: languages must be two-letter codes",
        "row 3: unknown town 'Springfield'",
        "row 3: active must be yes or no",
        "row 3: shifts: 'Someday 9-5' is not like",
        "row 4: phone is already on row 2",
    ]:
        assert any(line.startswith(expected) for line in lines), (expected, lines)
    assert "nothing was loaded" in result.output
    assert session.scalar(select(func.count()).select_from(Responder)) == 0


def _texter_with_a_case(session, phone: str) -> None:
    """A texter whose own request is a case: their number is theirs, not a responder's."""
    from tests.routing_support import add_case, add_contact

    add_case(session, now=T0, contact=add_contact(session, phone))
    session.commit()


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        # The hotline's own number, however it is written.
        ("(413) 555-0100", "is the hotline's own number"),
        # A county program's responders text from US phones.
        ("+44 7911 123456", "is not a US number"),
        # Texts from a texter's number would be read as commands, and offers would go to it.
        ("413-555-0188", "belongs to a person with a case on file"),
    ],
)
def test_a_row_cannot_give_a_responder_a_texters_or_the_hotlines_number(
    cli, session, tmp_path, phone, message
):
    _texter_with_a_case(session, "+14135550188")
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + f'Ben,"{phone}",recovery_coach,,,yes,\n')
    result = cli.invoke(args=["roster", "load", str(path)])
    assert result.exit_code == 1
    assert any(
        line.startswith("row 2: phone: ") and message in line for line in result.output.splitlines()
    ), result.output
    assert "1 problem(s) in roster.csv; nothing was loaded." in result.output
    assert session.scalar(select(func.count()).select_from(Responder)) == 0


def test_every_phone_problem_of_every_row_is_listed_at_once(cli, session, tmp_path):
    _texter_with_a_case(session, "+14135550188")
    path = tmp_path / "roster.csv"
    path.write_text(
        HEADER
        + "Ana,413-555-0111,recovery_coach,,,yes,\n"
        + "Ben,413 555 0100,recovery_coach,,,yes,\n"
        + "Cy,+44 7911 123456,recovery_coach,,,yes,\n"
        + "Di,(413) 555-0188,recovery_coach,,,yes,\n"
        + "Ed,(413) 555-0111,coordinator,,,yes,\n"
        + "Flo,413-555-01,recovery_coach,,,yes,\n"
        + "Gil,,recovery_coach,,,yes,\n"
    )
    result = cli.invoke(args=["roster", "load", str(path)])
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("row ")]
    assert [line.split(":")[0] for line in problems] == [f"row {n}" for n in range(3, 9)]
    assert "hotline's own number" in problems[0]
    assert "not a US number" in problems[1]
    assert "a person with a case on file" in problems[2]
    assert problems[3] == "row 6: phone is already on row 2"
    assert "413-555-01 is not a valid phone number" in problems[4]
    assert "No phone number was given" in problems[5]
    assert "6 problem(s) in roster.csv; nothing was loaded." in result.output
    assert session.scalar(select(func.count()).select_from(Responder)) == 0


def test_a_responder_who_asked_for_help_from_their_own_number_still_loads(cli, session, tmp_path):
    # A responder may text the hotline for help themselves: their number keeps that case.
    from models import Contact
    from tests.routing_support import add_case

    path = tmp_path / "roster.csv"
    path.write_text(HEADER + "Ana,413-555-0111,recovery_coach,,,yes,\n")
    assert cli.invoke(args=["roster", "load", str(path)]).exit_code == 0
    (ana,) = roster(session).values()
    add_case(session, now=T0, contact=session.get_one(Contact, ana.contact_id))
    session.commit()
    path.write_text(HEADER + "Ana R,413-555-0111,recovery_coach,,,yes,\n")
    result = cli.invoke(args=["roster", "load", str(path)])
    assert result.output.strip() == "Roster loaded: 0 added, 1 updated, 0 unchanged."


def test_missing_columns(cli, tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("name,towns\nAna,\n")
    result = cli.invoke(args=["roster", "load", str(path)])
    assert result.exit_code == 1
    assert "row 1: missing column(s): phone, roles" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon 08:00-16:00", [(0, time(8), time(16))]),
        ("tue 20:00-08:00", [(1, time(20), time(8))]),
        ("Fri-Mon 22:00-06:00", [(d, time(22), time(6)) for d in (4, 5, 6, 0)]),
        ("Saturday 00:00-24:00", [(5, time(0), time(0))]),
        ("Mon 9:00-17:00; Wed 9:00-17:00", [(0, time(9), time(17)), (2, time(9), time(17))]),
        ("", []),
    ],
)
def test_parse_shifts(text, expected):
    assert parse_shifts(text) == expected


@pytest.mark.parametrize("text", ["Mon", "Mon 8-16", "Xyz 08:00-09:00", "Mon 25:00-26:00"])
def test_parse_shifts_refuses(text):
    with pytest.raises(ValueError):
        parse_shifts(text)


def test_partner_add_prints_a_working_key_once(cli, session):
    result = cli.invoke(args=["partner", "add", "Cooley Dickinson ED"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    assert key.startswith("hk_")
    partner = session.scalar(select(Partner))
    assert partner.name == "Cooley Dickinson ED"
    assert key not in partner.key_hash
    assert api.partner_for_key(session, key).id == partner.id
    again = cli.invoke(args=["partner", "add", "Cooley Dickinson ED"])
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_loading_a_responder_as_inactive_hands_their_cases_back(cli, session, tmp_path):
    from models import Case
    from routing import runtime
    from routing.claims import claim_case
    from routing.escalation import start_routing
    from tests.routing_support import add_case

    rt = runtime.current()
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text(HEADER + "Ana,413-555-0111,recovery_coach,,,yes,Mon-Sun 00:00-00:00\n")
    assert cli.invoke(args=["roster", "load", str(roster_file)]).exit_code == 0
    case = add_case(session, now=T0)
    session.commit()
    start_routing(session, case.id, T0, rt.settings)
    (ana,) = roster(session).values()
    assert claim_case(session, case, ana, T0, rt.settings).ok
    session.commit()

    roster_file.write_text(HEADER + "Ana,413-555-0111,recovery_coach,,,no,\n")
    result = cli.invoke(args=["roster", "load", str(roster_file)])
    assert result.exit_code == 0, result.output
    assert f"Cases handed back to the team: {case.code}." in result.output
    session.expire_all()
    case = session.get_one(Case, case.id)
    assert (case.status, case.claimed_by_id) == ("offered", None)
