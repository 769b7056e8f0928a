"""Program-evaluation figures on a seeded dataset whose answers are worked out by hand."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from hotline import figures
from models import Case, Contact, Message, NaloxoneSearch, OptOutEvent, ProgramEvent, Responder

NY = ZoneInfo("America/New_York")
START = datetime(2024, 3, 4, tzinfo=NY)  # a Monday, local midnight
END = datetime(2024, 3, 18, tzinfo=NY)
NOW = END
_codes = count(1)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 3, day, hour, minute, tzinfo=UTC)


def add_case(
    session, created, *, kind, town, status, claim_h=None, contact_h=None, outcome=None, **extra
):
    session.add(
        Case(
            code=f"T{next(_codes):03d}",
            kind=kind,
            town=town,
            status=status,
            created_at=created,
            claimed_at=created + timedelta(hours=claim_h) if claim_h is not None else None,
            contacted_at=created + timedelta(hours=contact_h) if contact_h is not None else None,
            closed_at=created + timedelta(hours=60) if status == "closed" else None,
            outcome=outcome,
            **extra,
        )
    )


@pytest.fixture
def seeded(session):
    # A-D in the first week, reached after 5, 20, 30 and 50 hours.
    add_case(
        session,
        utc(4, 10),
        kind="self_referral",
        town="Northampton",
        status="closed",
        claim_h=1,
        contact_h=5,
        outcome="safety_plan",
    )
    add_case(
        session,
        utc(5, 10),
        kind="family",
        town="Amherst",
        status="closed",
        claim_h=2,
        contact_h=20,
        outcome="declined",
    )
    add_case(
        session,
        utc(6, 10),
        kind="self_referral",
        town="Northampton",
        status="contacted",
        claim_h=3,
        contact_h=30,
    )
    add_case(
        session,
        utc(7, 10),
        kind="partner",
        town="Ware",
        status="closed",
        claim_h=4,
        contact_h=50,
        outcome="safety_plan",
    )
    # Sunday 23:30 in Massachusetts, Monday in UTC: counts in the first local week.
    add_case(session, utc(11, 3, 30), kind="family", town="Amherst", status="new")
    add_case(session, utc(11, 10), kind="self_referral", town=None, status="claimed", claim_h=10)
    # 38 hours before NOW: its 24 h window has passed, its 48 h window has not.
    add_case(session, utc(16, 14), kind="family", town="Amherst", status="new")
    # 8 hours before NOW: inside both windows, so neither share counts it.
    add_case(session, utc(17, 20), kind="self_referral", town="Northampton", status="offered")
    # Outside the range.
    add_case(
        session,
        utc(1, 10),
        kind="family",
        town="Ware",
        status="closed",
        claim_h=1,
        contact_h=1,
        outcome="declined",
    )

    searches = [
        ("Northampton", 2, 1.0),
        ("Northampton", 2, 1.0),
        ("Northampton", 3, 0.5),
        ("Ware", 0, None),
        ("Ware", 0, None),
        ("Goshen", 1, 25.0),
        ("Goshen", 1, 25.0),
        ("Goshen", 1, 3.0),
        (None, 0, None),
    ]
    for index, (town, results, nearest) in enumerate(searches):
        session.add(
            NaloxoneSearch(at=utc(5, 12, index), town=town, results=results, nearest_km=nearest)
        )
    session.add(NaloxoneSearch(at=utc(1, 12), town="Ware", results=0))
    for kind, day in (("emergency", 5), ("emergency", 6), ("emergency", 12), ("crisis", 13)):
        session.add(ProgramEvent(at=utc(day, 9), kind=kind))
    session.add(ProgramEvent(at=utc(1, 9), kind="emergency"))
    session.commit()
    return session


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([], 50, None),
        ([7.0], 90, 7.0),
        ([1, 2, 3, 4], 50, 2.5),
        ([3, 1, 2], 50, 2),
        (list(range(1, 11)), 90, 9.1),
        ([1, 2, 3, 4, 10], 90, 7.6),
        ([5, 20, 30, 50], 0, 5),
        ([5, 20, 30, 50], 100, 50),
    ],
)
def test_percentile_interpolates_between_ranks(values, p, expected):
    result = figures.percentile(values, p)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_percentile_rejects_out_of_range():
    with pytest.raises(ValueError, match="between 0 and 100"):
        figures.percentile([1.0], 101)


def test_response_times(seeded):
    result = figures.compute_figures(seeded, START, END, now=NOW, tz=NY)
    assert result.cases == 8
    assert result.time_to_claim.count == 5
    assert result.time_to_claim.median_hours == pytest.approx(3.0)
    assert result.time_to_claim.p90_hours == pytest.approx(7.6)
    assert result.time_to_contact.count == 4
    assert result.time_to_contact.median_hours == pytest.approx(25.0)
    assert result.time_to_contact.p90_hours == pytest.approx(44.0)


def test_contact_shares_leave_out_cases_still_inside_their_window(seeded):
    day, two_days = figures.contact_shares(seeded, START, END, NOW)
    assert (day.hours, day.contacted, day.eligible) == (24, 2, 7)
    assert (two_days.hours, two_days.contacted, two_days.eligible) == (48, 3, 6)
    assert two_days.share == pytest.approx(0.5)


def test_contact_share_of_nothing_is_none(session):
    (share, _) = figures.contact_shares(session, START, END, NOW)
    assert share.eligible == 0
    assert share.share is None


def test_cases_by_type_town_week_and_outcome(seeded):
    tables = figures.compute_figures(seeded, START, END, now=NOW, tz=NY).tables
    assert tables["cases_by_type"].rows == [("self_referral", 4), ("family", 3), ("partner", 1)]
    # Every town has fewer than 5 cases: none is named.
    assert tables["cases_by_town"].rows == [(figures.SMALL_TOWNS, 7, 4), ("(not given)", 1, 0)]
    assert tables["cases_by_week"].rows == [("2024-03-04", 7, 5), ("2024-03-11", 7, 3)]
    assert tables["outcomes"].rows == [
        ("open: new", 2),
        ("safety_plan", 2),
        ("declined", 1),
        ("open: claimed", 1),
        ("open: contacted", 1),
        ("open: offered", 1),
    ]


def test_a_town_with_fewer_than_five_cases_is_not_named(seeded):
    """One case from Ware in a fortnight could be someone their neighbours know: the county
    hears of it only among the small towns, together."""
    for day in (12, 13):
        add_case(seeded, utc(day, 10), kind="family", town="Northampton", status="new")
    seeded.commit()
    table = figures.cases_by_town(seeded, START, END)
    assert table.rows == [
        ("Northampton", 5, 2),
        (figures.SMALL_TOWNS, 4, 2),
        ("(not given)", 1, 0),
    ]
    assert "Ware" not in table.to_csv() and "Amherst" not in table.to_csv()


def test_weeks_without_cases_are_shown(session):
    add_case(session, utc(5, 10), kind="family", town="Ware", status="new")
    session.commit()
    table = figures.cases_by_week(session, START, datetime(2024, 3, 25, tzinfo=NY), NY)
    assert table.rows == [("2024-03-04", 7, 1), ("2024-03-11", 7, 0), ("2024-03-18", 7, 0)]


def test_weeks_the_range_cuts_short_say_how_many_days_they_hold(seeded):
    """Wednesday 6 March to Tuesday 12 March: the first week holds five of its days, the last
    two, so their counts are not read as a drop."""
    table = figures.cases_by_week(
        seeded, datetime(2024, 3, 6, tzinfo=NY), datetime(2024, 3, 13, tzinfo=NY), NY
    )
    assert table.columns == ("week_starting", "days_in_range", "cases")
    assert table.rows == [("2024-03-04", 5, 3), ("2024-03-11", 2, 1)]
    assert table.to_csv().splitlines() == [
        "week_starting,days_in_range,cases",
        "2024-03-04,5,3",
        "2024-03-11,2,1",
    ]


@pytest.mark.parametrize(
    ("week", "first", "last", "label"),
    [
        ("2024-03-04", "2024-03-04", "2024-03-17", "2024-03-04"),
        ("2024-03-04", "2024-03-06", "2024-03-17", "2024-03-04 (from 6 Mar)"),
        ("2024-03-11", "2024-03-04", "2024-03-12", "2024-03-11 (to 12 Mar)"),
        ("2024-03-04", "2024-03-05", "2024-03-08", "2024-03-04 (5 Mar to 8 Mar)"),
        ("2024-03-04", "2024-03-10", "2024-03-10", "2024-03-04 (10 Mar only)"),
    ],
)
def test_a_partial_week_is_named_with_the_days_it_holds(week, first, last, label):
    assert figures.week_label(week, date.fromisoformat(first), date.fromisoformat(last)) == label


def test_naloxone_gaps_by_town(seeded):
    table = figures.naloxone_gaps(seeded, START, END, far_km=10)
    assert [row[:4] for row in table.rows] == [
        ("Goshen", 3, 0, 2),
        ("Ware", 2, 2, 2),
        (figures.PLACE_NOT_RECOGNISED, 1, 1, 1),
        ("Northampton", 3, 0, 0),
    ]
    assert table.rows[0][4] == pytest.approx(2 / 3)
    # A wider idea of "nearby" closes Goshen's gap but not Ware's.
    wider = figures.naloxone_gaps(seeded, START, END, far_km=30)
    assert dict((row[0], row[3]) for row in wider.rows) == {
        "Goshen": 0,
        "Ware": 2,
        figures.PLACE_NOT_RECOGNISED: 1,
        "Northampton": 0,
    }


def test_program_events_say_what_was_counted(seeded):
    """Three texts about an overdose are three rows of 'emergency', perhaps from one person:
    the label says each text was counted, and the kind stays beside it for machines."""
    seeded.add(ProgramEvent(at=utc(6, 11), kind="found_a_site"))  # a script's own event
    seeded.commit()
    table = figures.program_events(seeded, START, END)
    assert table.columns == ("event", "what_was_counted", "count")
    assert table.rows == [
        ("emergency", figures.PROGRAM_EVENT_LABELS["emergency"], 3),
        ("crisis", figures.PROGRAM_EVENT_LABELS["crisis"], 1),
        ("found_a_site", "found_a_site", 1),  # unknown kinds keep their own name
    ]
    assert "overdose" in table.rows[0][1] and "each text counted" in table.rows[0][1]
    assert "988" in table.rows[1][1]
    lines = table.to_csv().splitlines()
    assert lines[0] == "event,what_was_counted,count"
    assert lines[1].startswith("emergency,") and lines[1].endswith(",3")


def test_every_program_event_written_has_a_plain_label():
    """The kinds the engine and the inbound path write (see ``log_event`` in flows/engine.py
    and ``ProgramEvent(`` in hotline/): none is shown to a funder by its code name."""
    from hotline.effects import ENGINE_FAULTS

    written = {"emergency", "crisis", "urgent", "help", "expired", "text_set_aside", *ENGINE_FAULTS}
    for kind in written:
        label = figures.program_event_label(kind)
        assert label != kind and "_" not in label, kind


def test_a_supply_search_is_counted_by_what_was_searched_not_as_a_naloxone_search(
    session, settings
):
    """ "test strips amherst" is no look for naloxone: the naloxone gaps never see it, and the
    program events count it by the supply (each text counted, no town, no who)."""
    from flows.types import Effect
    from hotline.effects import apply_effects

    contact = Contact(language="en")
    search = {"town": "Amherst", "zip": None, "results": 2, "nearest_km": 1.0}
    effects = [
        Effect("log_search", {**search, "supply": "test_strips"}),
        Effect("log_search", {**search, "supply": "syringe_services"}),
        Effect("log_search", search),
    ]
    apply_effects(session, contact, effects, utc(6, 12), settings)
    session.flush()
    assert session.scalar(select(func.count(NaloxoneSearch.id))) == 1
    kinds = sorted(session.scalars(select(ProgramEvent.kind)))
    assert kinds == ["search_syringe_services", "search_test_strips"]
    for kind in kinds:
        label = figures.program_event_label(kind)
        assert label != kind and "_" not in label, kind


def add_number(session, name: str, *, team: bool = False, active: bool = True) -> int:
    """A texter's number (or a team member's), kept by its keyed hash like any other."""
    from models.crypto import lookup_hash

    phone = f"+1413555{sum(map(ord, name)) % 10000:04d}"
    contact = Contact(phone_hash=lookup_hash(phone), phone=phone)
    session.add(contact)
    session.flush()
    if team:
        session.add(
            Responder(name=name, contact_id=contact.id, roles=["recovery_coach"], active=active)
        )
    return contact.id


@pytest.fixture
def opted(seeded):
    """Ann texts STOP, START and STOP again; Bo is refused at the carrier, texts START, then
    STOP; Cy opts back in; Dee's STOP is before the range; a team member's STOP is left out."""
    ann, bo, cy, dee = (add_number(seeded, name) for name in ("Ann", "Bo", "Cy", "Dee"))
    team = add_number(seeded, "Tam", team=True)
    for contact, action, source, day in (
        (ann, "out", "keyword", 5),
        (ann, "in", "keyword", 6),
        (ann, "out", "keyword", 7),
        (bo, "out", "twilio_21610", 8),
        (bo, "in", "keyword", 9),
        (bo, "out", "keyword", 10),
        (cy, "in", "keyword", 12),
        (dee, "out", "keyword", 1),
        (team, "out", "keyword", 6),
        (cy, "out", "a_new_way", 13),
    ):
        seeded.add(OptOutEvent(contact_id=contact, action=action, source=source, at=utc(day, 9)))
    seeded.commit()
    return seeded


def test_opt_outs_count_numbers_in_all_and_by_how(opted):
    table = figures.opt_outs(opted, START, END)
    assert table.columns == ("change", "source", "what_happened", "numbers")
    assert [(change, source, n) for change, source, _, n in table.rows] == [
        ("out", "all", 3),  # Ann, Bo and Cy, each once
        ("out", "keyword", 2),
        ("out", "a_new_way", 1),
        ("out", "twilio_21610", 1),
        ("in", "all", 3),
        ("in", "keyword", 3),
    ]
    labels = {(change, source): label for change, source, label, _ in table.rows}
    assert labels[("out", "keyword")] == "opted out by texting STOP (or another stop word)"
    assert "carrier" in labels[("out", "twilio_21610")]
    assert labels[("out", "a_new_way")] == "out: a_new_way"  # a way not known here, as written
    assert labels[("in", "all")].startswith("numbers that opted back in")
    assert table.to_csv().splitlines()[:2] == [
        "change,source,what_happened,numbers",
        'out,all,"numbers that opted out, each counted once however they did",3',
    ]


def test_opt_outs_in_a_range_without_any_still_say_none(seeded):
    table = figures.opt_outs(seeded, START, END)
    assert [(change, source, n) for change, source, _, n in table.rows] == [
        ("out", "all", 0),
        ("in", "all", 0),
    ]


def add_text(session, contact_id: int, at: datetime, direction: str = "in") -> None:
    session.add(Message(contact_id=contact_id, direction=direction, body=None, created_at=at))


@pytest.fixture
def people_seen(session):
    """Ann texts twice and has two cases; Bo texts once and has a case and its duplicate; Cy
    never texts in the range but a partner referred them with consent to text; a partner
    referral without a number, an erased case and a duplicate of it have no number on file;
    Dee texted and was referred before the range; two team members text (one since taken off
    the roster)."""
    ann, bo, cy, dee = (add_number(session, name) for name in ("Ann", "Bo", "Cy", "Dee"))
    tam = add_number(session, "Tam", team=True)
    tod = add_number(session, "Tod", team=True, active=False)
    for contact, at in ((ann, utc(5, 10)), (ann, utc(6, 10)), (bo, utc(12, 10)), (dee, utc(1, 10))):
        add_text(session, contact, at)
    add_text(session, tam, utc(6, 11))
    add_text(session, tod, utc(7, 11))
    add_text(session, cy, utc(7, 10), direction="out")  # we texted Cy; Cy did not text us
    new = {"town": None, "status": "new"}
    add_case(session, utc(5, 10), kind="self_referral", contact_id=ann, **new)
    add_case(session, utc(6, 10), kind="family", contact_id=ann, **new)
    add_case(session, utc(12, 10), kind="self_referral", contact_id=bo, **new)
    add_case(
        session,
        utc(12, 11),
        kind="self_referral",
        town=None,
        status="closed",
        outcome="duplicate",
        contact_id=bo,
    )
    add_case(session, utc(7, 10), kind="partner", source="partner", contact_id=cy, **new)
    add_case(session, utc(8, 10), kind="partner", source="partner", **new)
    add_case(session, utc(9, 10), kind="family", town=None, status="closed", outcome="other")
    add_case(session, utc(9, 11), kind="family", town=None, status="closed", outcome="duplicate")
    add_case(session, utc(1, 10), kind="family", contact_id=dee, **new)
    session.commit()
    return session


def test_people_are_counted_once_by_number(people_seen):
    result = figures.compute_figures(people_seen, START, END, now=NOW, tz=NY)
    assert result.cases == 8
    # Ann and Bo; not Cy (only texted by us), not Dee (before the range), not the team.
    assert result.people.texted == 2
    # Ann, Bo and Cy by number; the referral without a number and the erased case by case.
    assert result.people.with_case == 5
    assert result.people.counted_by_case == 2
    summary = dict(result.tables["summary"].rows)
    assert summary["people who texted the hotline (the team's numbers left out)"] == 2
    assert summary[figures.PEOPLE_WITH_A_CASE] == 5
    assert figures.people(people_seen, START, END) == result.people


def test_summary_and_csv_export(seeded):
    result = figures.compute_figures(seeded, START, END, now=NOW, tz=NY)
    summary = dict(result.tables["summary"].rows)
    assert summary["time to claim: median hours"] == pytest.approx(3.0)
    assert summary["contacted within 48 h: share"] == pytest.approx(0.5)
    lines = result.tables["naloxone_searches"].to_csv().splitlines()
    assert lines[0] == "town,searches,no_site_found,gaps,gap_share"
    assert lines[1] == "Goshen,3,0,2,0.67"


def test_csv_never_starts_a_cell_with_a_formula():
    table = figures.Table("t", "T", ("town", "n"), [("=HYPERLINK(1)", 1), ("-1+2", 2)])
    assert table.to_csv().splitlines()[1:] == ["'=HYPERLINK(1),1", "'-1+2,2"]


# ---- the page ------------------------------------------------------------------------------


@pytest.fixture
def page_client(app, client, sessions, seeded):
    from routing import runtime
    from tests.staff_pages import sign_in

    runtime.current().clock = lambda: NOW
    # Exact counts over any days: a viewer's whole months, rounded, are in
    # test_figures_for_viewers.py.
    return sign_in(client, sessions, "coordinator")


def table_cells(html: str, name: str) -> list[list[str]]:
    """A figures table's rows as the values shown: each cell's label (for phones) left out."""
    table = re.search(rf'id="table-{name}".*?</table>', html, re.S).group(0)
    table = re.sub(r'<span class="cell-label"[^>]*>.*?</span>', "", table)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table)
    cells = [re.findall(r"<td[^>]*><span>(.*?)</span></td>", row) for row in rows]
    return [row for row in cells if row]


def test_figures_page_for_a_viewer(page_client):
    html = page_client.get("/admin/figures?start=2024-03-04&end=2024-03-17").text
    assert html.count("<svg xmlns=") == 6
    assert "3.0 h / 7.6 h" in html  # time to claim
    assert "25.0 h / 44.0 h" in html  # time to first contact
    assert "3 of 6" in html  # reached within 48 h
    assert 'id="table-naloxone_searches"' in html
    assert "Goshen" in html
    assert "texts read as a possible overdose happening now" in html
    assert "each text counted, not each person" in html
    # The tables use the charts' words, not the stored codes (the CSV keeps the codes).
    kinds = [row[0] for row in table_cells(html, "cases_by_type")]
    assert "self referral" in kinds
    assert "self_referral" not in kinds


def test_the_page_shows_gap_shares_as_percentages_and_the_export_keeps_the_number(page_client):
    query = "start=2024-03-04&end=2024-03-17&far_km=10"
    html = page_client.get(f"/admin/figures?{query}").text
    shares = {cells[0]: cells[-1] for cells in table_cells(html, "naloxone_searches")}
    assert shares == {
        "Goshen": "67%",
        "Ware": "100%",
        figures.PLACE_NOT_RECOGNISED: "100%",
        "Northampton": "0%",
    }
    export = page_client.get(f"/admin/figures/naloxone_searches.csv?{query}").text
    assert export.splitlines()[1:3] == ["Goshen,3,0,2,0.67", "Ware,2,2,2,1.00"]


def test_the_page_marks_weeks_the_range_cuts_short(page_client):
    html = page_client.get("/admin/figures?start=2024-03-06&end=2024-03-12").text
    assert "Partial weeks (open circles)" in html
    assert "2024-03-04 (from 6 Mar)" in html and "2024-03-11 (to 12 Mar)" in html
    assert html.count('fill="#fff"') == 2  # both points drawn open
    whole = page_client.get("/admin/figures?start=2024-03-04&end=2024-03-17").text
    assert "Partial weeks" not in whole and 'fill="#fff"' not in whole


def test_the_page_shows_how_many_people(app, client, sessions, people_seen):
    from routing import runtime
    from tests.staff_pages import sign_in

    runtime.current().clock = lambda: NOW
    page = sign_in(client, sessions, "coordinator")
    html = page.get("/admin/figures?start=2024-03-04&end=2024-03-17").text
    assert "People who texted the hotline</span><strong>2</strong>" in html
    assert "People with a case</span><strong>5</strong>" in html
    assert "2 with no number on file" in html
    export = page.get("/admin/figures/summary.csv?start=2024-03-04&end=2024-03-17")
    assert dict(csv.reader(io.StringIO(export.text)))[figures.PEOPLE_WITH_A_CASE] == "5"


def test_the_page_and_its_export_show_opt_outs(page_client, sessions):
    with sessions() as session:
        ann = add_number(session, "Ann")
        session.add(OptOutEvent(contact_id=ann, action="out", source="keyword", at=utc(5, 9)))
        session.commit()
    html = page_client.get("/admin/figures?start=2024-03-04&end=2024-03-17").text
    assert 'id="table-opt_outs"' in html
    assert "opted out by texting STOP (or another stop word)" in html
    export = page_client.get("/admin/figures/opt_outs.csv?start=2024-03-04&end=2024-03-17")
    assert export.text.splitlines()[2] == (
        "out,keyword,opted out by texting STOP (or another stop word),1"
    )


def test_figures_page_escapes_town_names(page_client, sessions):
    with sessions() as session:
        session.add(NaloxoneSearch(at=utc(6, 12), town="<script>x()</script>", results=0))
        session.commit()
    html = page_client.get("/admin/figures?start=2024-03-04&end=2024-03-17").text
    assert "<script>x()" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


def test_figures_csv_export(page_client, sessions):
    from models import AuditLog

    response = page_client.get("/admin/figures/cases_by_town.csv?start=2024-03-04&end=2024-03-17")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "cases_by_town_2024-03-04_2024-03-17.csv" in response.headers["Content-Disposition"]
    assert response.text.splitlines() == [
        "town,cases,reached",
        f"{figures.SMALL_TOWNS},7,4",
        "(not given),1,0",
    ]
    assert page_client.get("/admin/figures/nonsense.csv").status_code == 404
    with sessions() as session:
        actions = session.scalars(select(AuditLog.action)).all()
    assert "figures.export" in actions


def test_figures_range_end_is_included(page_client):
    # One day: 2024-03-04 local holds case A only.
    response = page_client.get("/admin/figures/cases_by_type.csv?start=2024-03-04&end=2024-03-04")
    assert response.text.splitlines() == ["type,cases", "self_referral,1"]


def test_a_date_that_is_no_date_or_past_any_calendar_shows_the_page_saying_so(page_client):
    """ "start=abc" gave a bare "Bad Request" and "end=9999-12-31" a server error."""
    far = page_client.get("/admin/figures?start=2024-03-04&end=9999-12-31")
    assert far.status_code == 200
    assert "There are no figures after today: shown to 2024-03-18." in far.text
    assert 'name="end" value="2024-03-18"' in far.text
    assert "3 of 6" in far.text  # the whole range asked for, up to today
    export = page_client.get("/admin/figures/cases_by_type.csv?start=2024-03-04&end=9999-12-31")
    assert "cases_by_type_2024-03-04_2024-03-18.csv" in export.headers["Content-Disposition"]

    bad = page_client.get("/admin/figures?start=abc&end=2024-03-17")
    assert bad.status_code == 200
    assert (
        "The start date &#34;abc&#34; is not a date: write it like 2024-03-04. "
        "Shown from 2024-01-01 instead."
    ) in bad.text
    refused = page_client.get("/admin/figures/summary.csv?start=abc")
    assert refused.status_code == 400
    assert "start date" in refused.text


def test_dates_given_the_wrong_way_round_are_swapped_and_the_page_says_so(page_client):
    """The swap was silent: the range shown was not the one typed, with nothing to say why."""
    swapped = page_client.get("/admin/figures?start=2024-03-17&end=2024-03-04")
    assert swapped.status_code == 200
    assert (
        "The start date 2024-03-17 is after the end date 2024-03-04: "
        "shown from 2024-03-04 to 2024-03-17."
    ) in swapped.text
    assert 'name="start" value="2024-03-04"' in swapped.text
    assert 'name="end" value="2024-03-17"' in swapped.text
    in_order = page_client.get("/admin/figures?start=2024-03-04&end=2024-03-17")
    assert "is after the end date" not in in_order.text


# ---- cases as routing and erasure leave them ----------------------------------------------


def _figures_at(world, now):
    from tests.routing_support import T0

    with world.sessions() as session:
        return figures.compute_figures(
            session, T0 - timedelta(days=1), T0 + timedelta(days=7), now=now, tz=NY
        )


def test_time_to_claim_is_to_the_first_claim_when_a_case_was_handed_back(world):
    """Cora claims an hour in, is taken off the roster, and Carl claims it again four hours
    later: the team took the case after one hour, not five."""
    from routing import jobs
    from routing.claims import claim_case, release_responder_cases
    from tests.routing_support import T0, add_case, add_responder

    with world.sessions.begin() as session:
        cora = add_responder(session, "Cora", "recovery_coach").id
        carl = add_responder(session, "Carl", "recovery_coach").id
        case_id = add_case(session, now=T0).id
    jobs.route_case(case_id)
    for hours, responder_id in ((1, cora), (5, carl)):
        world.clock.now = T0 + timedelta(hours=hours)
        with world.sessions.begin() as session:
            case = session.get_one(Case, case_id)
            responder = session.get_one(Responder, responder_id)
            assert claim_case(session, case, responder, world.clock(), world.settings).ok
            if responder_id == cora:
                responder.active = False
                release_responder_cases(session, responder, world.clock(), world.settings, "x")
    result = _figures_at(world, T0 + timedelta(days=3))
    assert result.time_to_claim.count == 1
    assert result.time_to_claim.median_hours == pytest.approx(1.0)


def test_duplicates_and_erased_cases_are_not_counted_as_people_missed(world):
    """Four cases, none reached, all older than 48 hours: one closed as a duplicate of another
    (the same person texted twice), one erased at the person's request two hours in. The team
    missed two people, not four; the outcomes say which case was erased."""
    from hotline.erasure import erase_person
    from routing.claims import Staff, close_case
    from tests.routing_support import T0, add_case, add_contact

    with world.sessions.begin() as session:
        twice = add_contact(session)
        add_case(session, now=T0, contact=twice)
        duplicate = add_case(session, now=T0 + timedelta(hours=1), contact=twice)
        add_case(session, now=T0)
        erased_contact = add_contact(session)
        erased_phone = erased_contact.phone
        add_case(session, now=T0, contact=erased_contact)
    with world.sessions.begin() as session:
        case = session.get_one(Case, duplicate.id)
        assert close_case(session, case, Staff("coordinator"), "duplicate", T0).ok
    with world.sessions.begin() as session:
        erase_person(session, erased_phone, T0 + timedelta(hours=2))
    result = _figures_at(world, T0 + timedelta(days=3))
    assert result.cases == 4
    day, two_days = result.contact_shares
    assert (day.contacted, day.eligible) == (0, 2)
    assert (two_days.contacted, two_days.eligible) == (0, 2)
    outcomes = dict(result.tables["outcomes"].rows)
    assert outcomes == {"open: new": 2, "duplicate": 1, figures.ERASED: 1}


def test_a_request_the_person_withdrew_is_not_counted_as_a_person_missed(world):
    """A person who withdrew their request an hour in did not need reaching: the share of
    people reached counts the one left, and the outcomes say which was withdrawn."""
    from routing.claims import withdraw_case
    from tests.routing_support import T0, add_case

    with world.sessions.begin() as session:
        add_case(session, now=T0)
        withdrawn = add_case(session, now=T0)
    with world.sessions.begin() as session:
        assert withdraw_case(session, session.get_one(Case, withdrawn.id), T0 + timedelta(hours=1))
    result = _figures_at(world, T0 + timedelta(days=3))
    day, two_days = result.contact_shares
    assert (day.contacted, day.eligible) == (0, 1)
    assert (two_days.contacted, two_days.eligible) == (0, 1)
    assert dict(result.tables["outcomes"].rows) == {"open: new": 1, "withdrawn": 1}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "no cases yet"),
        (0.0, "0%"),
        (1 / 300, "1%"),
        (0.5, "50%"),
        (199 / 200, "99%"),
        (1.0, "100%"),
    ],
)
def test_a_share_never_rounds_to_all_or_none(value, shown):
    from hotline.admin.figures_views import _share

    assert _share(value) == shown


def test_naloxone_searches_by_a_zip_of_several_towns_are_not_shown_as_not_given(session):
    """01002 is Amherst and Pelham, so the search keeps the ZIP and no town. It was given."""
    session.add(NaloxoneSearch(at=utc(5, 12), town=None, zip="01002", results=2, nearest_km=1.5))
    session.add(NaloxoneSearch(at=utc(5, 13), town=None, zip="01002", results=0))
    session.add(NaloxoneSearch(at=utc(5, 14), town="Amherst", zip="01002", results=1))
    session.add(NaloxoneSearch(at=utc(5, 15), town="Amherst", zip=None, results=1))
    session.add(NaloxoneSearch(at=utc(5, 16), town=None, zip=None, results=0))
    session.commit()
    table = figures.naloxone_gaps(session, START, END)
    assert [row[:4] for row in table.rows] == [
        ("ZIP 01002", 2, 1, 1),
        (figures.PLACE_NOT_RECOGNISED, 1, 1, 1),
        ("Amherst", 2, 0, 0),
    ]


@pytest.mark.parametrize("asked", ["100", "300", "1e6"])
def test_nearby_is_never_wider_than_the_finder_looks(page_client, asked):
    """The finder only lists sites within 50 km: a search past that found none, so the page
    must not say it counted gaps as 'none within 100 km'; any wider distance asked is 50 km."""
    html = page_client.get(f"/admin/figures?start=2024-03-04&end=2024-03-17&far_km={asked}").text
    assert f"none within {asked} km" not in html
    assert "none within 50 km" in html


@pytest.mark.parametrize("asked", ["0", "-5", "nan", "inf", "lots"])
def test_a_nearby_distance_that_is_no_distance_falls_back_to_the_default(page_client, asked):
    html = page_client.get(f"/admin/figures?start=2024-03-04&end=2024-03-17&far_km={asked}").text
    assert "none within 10 km" in html


@pytest.mark.parametrize(
    ("day", "inside", "outside"),
    [
        # Spring forward (2024-03-10 has 23 hours): 00:00 EST to 00:00 EDT.
        ("2024-03-10", [(3, 10, 5, 0), (3, 11, 3, 59)], [(3, 10, 4, 59), (3, 11, 4, 0)]),
        # Fall back (2024-11-03 has 25 hours): 00:00 EDT to 00:00 EST.
        ("2024-11-03", [(11, 3, 4, 0), (11, 4, 4, 59)], [(11, 3, 3, 59), (11, 4, 5, 0)]),
    ],
)
def test_a_day_is_the_hotlines_day_across_a_clock_change(
    app, client, sessions, day, inside, outside
):
    from routing import runtime
    from tests.staff_pages import sign_in

    with sessions() as session:
        for kind, moments in (("partner", inside), ("family", outside)):
            for month, d, hour, minute in moments:
                created = datetime(2024, month, d, hour, minute, tzinfo=UTC)
                add_case(session, created, kind=kind, town=None, status="new")
        session.commit()
    runtime.current().clock = lambda: datetime(2024, 12, 1, tzinfo=UTC)
    page = sign_in(client, sessions, "coordinator")
    response = page.get(f"/admin/figures/cases_by_type.csv?start={day}&end={day}")
    assert response.text.splitlines() == ["type,cases", "partner,2"]
    weeks = page.get(f"/admin/figures/cases_by_week.csv?start={day}&end={day}")
    assert weeks.text.splitlines()[1:] == [
        f"{figures.week_of(datetime.fromisoformat(day + 'T12:00').replace(tzinfo=NY), NY)},1,2"
    ]


@pytest.mark.parametrize("role", ["viewer", "coordinator", "admin"])
def test_every_staff_role_sees_the_figures_and_their_exports(app, sessions, seeded, role):
    from routing import runtime
    from tests.staff_pages import sign_in

    runtime.current().clock = lambda: NOW
    client = sign_in(app.test_client(), sessions, role)
    page = client.get("/admin/figures?start=2024-03-04&end=2024-03-17")
    assert page.status_code == 200
    assert "<h1>Figures</h1>" in page.text
    export = client.get("/admin/figures/summary.csv?start=2024-03-04&end=2024-03-17")
    assert export.status_code == 200
    # A viewer sees whole months that are over: March 2024 is not, on the 18th.
    created = "0" if role == "viewer" else "8"
    assert export.text.startswith(f"measure,value\ncases created,{created}\n")


def test_the_figures_are_refused_to_anyone_not_signed_in(app, sessions, seeded):
    from models import User
    from tests.staff_pages import sign_in

    for path in ("/admin/figures", "/admin/figures/summary.csv"):
        response = app.test_client().get(path)
        assert response.status_code == 302
        assert "/admin/login" in response.headers["Location"]
    client = sign_in(app.test_client(), sessions, "viewer")
    with sessions() as session:
        session.scalar(select(User)).active = False
        session.commit()
    for path in ("/admin/figures", "/admin/figures/summary.csv"):
        response = client.get(path)
        assert response.status_code == 302, path  # a deactivated account is signed out
        assert "/admin/login" in response.headers["Location"]


def test_a_csv_cell_never_starts_with_a_tab_or_carriage_return():
    # Spreadsheets strip a leading tab or carriage return and then read the formula after it.
    table = figures.Table("t", "T", ("town", "n"), [("\t=1+2", 1), ("\r@SUM(A1)", 2)])
    rows = table.to_csv().splitlines()
    assert rows[1].startswith("'\t=1+2")
    assert "'\r@SUM(A1)" in table.to_csv()


# ---- searches by the team -----------------------------------------------------------------


@pytest.fixture
def hotline_with_sites(app, sessions):
    from hotline.flow_store import install_shipped_flows
    from hotline.places_store import load_places
    from models import utcnow

    with sessions.begin() as session:
        install_shipped_flows(session, utcnow())
        load_places(session)
    return app


def test_a_responders_naloxone_search_is_not_counted_as_the_publics(
    hotline_with_sites, text_hotline, sessions
):
    """A responder texts "narcan amherst" to hand naloxone to someone they met: they get the
    sites like anyone, but the figures count the public's searches, where people look."""
    from tests.routing_support import add_responder
    from tests.test_webhook import replies_of

    with sessions.begin() as session:
        add_responder(session, "Cora", "recovery_coach", phone="+14135550161")
        former = add_responder(session, "Fay", "recovery_coach", phone="+14135550162")
        former.active = False
    (reply,) = replies_of(text_hotline("narcan amherst", "+14135550161"))
    assert "Amherst" in reply
    with sessions() as session:
        assert session.scalars(select(NaloxoneSearch)).all() == []
    text_hotline("narcan amherst", "+14135550123")
    # Someone taken off the roster searches as a member of the public does.
    text_hotline("narcan amherst", "+14135550162")
    with sessions() as session:
        assert session.scalars(select(NaloxoneSearch.town)).all() == ["Amherst", "Amherst"]


def test_the_page_says_the_teams_searches_are_not_counted(page_client):
    html = page_client.get("/admin/figures?start=2024-03-04&end=2024-03-17").text
    section = re.search(r'aria-labelledby="t-naloxone_searches".*?</section>', html, re.S)
    assert "Searches by responders on the roster are not counted" in section.group(0)
