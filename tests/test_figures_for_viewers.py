"""Figures a viewer can take out of the program: whole months and counts rounded to 5, so
setting one range against another never places a single case in a town on a day."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from hotline import figures, figures_disclosure
from tests.test_figures import add_case, table_cells

# Ware's six cases in November 2026: the one on the 20th a partner's post-overdose referral.
WARE_NOVEMBER = [(20, "partner"), *[(day, "self_referral") for day in (21, 22, 23, 24, 25)]]
TOWN_NOVEMBER = "/admin/figures/cases_by_town.csv?start=2026-11-01&end=2026-11-25"
TOWN_LAST_DAYS = "/admin/figures/cases_by_town.csv?start=2026-11-21&end=2026-11-25"
TYPE_ONE_DAY = "/admin/figures/cases_by_type.csv?start=2026-11-20&end=2026-11-20"


def add_ware(session, cases) -> None:
    for month, day, kind in cases:
        add_case(
            session,
            datetime(2026, month, day, 15, tzinfo=UTC),
            kind=kind,
            town="Ware",
            status="new",
        )
    session.commit()


def signed_in(app, sessions, role: str, today: datetime):
    from routing import runtime
    from tests.staff_pages import sign_in

    runtime.current().clock = lambda: today
    return sign_in(app.test_client(), sessions, role)


def rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.text)))


@pytest.fixture
def ware(session):
    add_ware(session, [(11, day, kind) for day, kind in WARE_NOVEMBER])
    return session


def test_a_viewer_cannot_place_a_case_by_setting_day_ranges_against_each_other(app, sessions, ware):
    """Nov 1-25 gave Ware 6, Nov 21-25 Ware 5, and Nov 20 alone one partner referral: the
    case on the 20th, a post-overdose referral in Ware. Now every range is whole months."""
    viewer = signed_in(app, sessions, "viewer", datetime(2026, 12, 5, 15, tzinfo=UTC))
    november, last_days = rows(viewer.get(TOWN_NOVEMBER)), rows(viewer.get(TOWN_LAST_DAYS))
    assert november == last_days == [["town", "cases", "reached"], ["Ware", "5", "0"]]
    # One partner referral in the month rounds to none: its row is left out.
    assert rows(viewer.get(TYPE_ONE_DAY)) == [["type", "cases"], ["self_referral", "5"]]
    export = viewer.get(TYPE_ONE_DAY)
    assert "cases_by_type_2026-11-01_2026-11-30.csv" in export.headers["Content-Disposition"]


def test_a_month_not_over_is_not_shown_to_a_viewer(app, sessions, ware):
    """Seen day after day, the month so far would show the day a town's count went up."""
    viewer = signed_in(app, sessions, "viewer", datetime(2026, 11, 25, 15, tzinfo=UTC))
    assert rows(viewer.get(TOWN_NOVEMBER)) == [["town", "cases", "reached"]]
    export = viewer.get(TYPE_ONE_DAY)
    assert "cases_by_type_2026-10-01_2026-10-31.csv" in export.headers["Content-Disposition"]
    page = viewer.get("/admin/figures?start=2026-11-01&end=2026-11-25").text
    assert "November 2026 is not over yet: shown to 2026-10-31." in page
    assert 'name="start" value="2026-10-01"' in page and 'name="end" value="2026-10-31"' in page


def test_months_set_against_each_other_never_show_one_case(app, sessions, ware):
    """October and November against November alone: one case apart, the same rounded count,
    and the totals (cases created, by type, by week) are rounded too, or a table of one town
    would be the exact total."""
    add_ware(ware, [(10, 14, "partner")])
    viewer = signed_in(app, sessions, "viewer", datetime(2026, 12, 5, 15, tzinfo=UTC))
    both = "start=2026-10-01&end=2026-11-30"
    for query in (both, "start=2026-11-01&end=2026-11-30"):
        assert rows(viewer.get(f"/admin/figures/cases_by_town.csv?{query}"))[1:] == [
            ["Ware", "5", "0"]
        ]
        summary = dict(rows(viewer.get(f"/admin/figures/summary.csv?{query}")))
        assert summary["cases created"] == "5"
        assert summary[figures.PEOPLE_WITH_A_CASE] == "5"
        by_type = rows(viewer.get(f"/admin/figures/cases_by_type.csv?{query}"))
        assert by_type[1:] == [["self_referral", "5"]]
        weeks = rows(viewer.get(f"/admin/figures/cases_by_week.csv?{query}"))
        by_week = {week: cases for week, _days, cases in weeks[1:]}
        # October's one case rounds to none; November's weeks of 3 each round to 5.
        assert by_week.get("2026-10-12", "0") == "0"
        assert (by_week["2026-11-16"], by_week["2026-11-23"]) == ("5", "5")


def test_the_other_towns_and_not_given_rows_are_rounded_too(app, sessions, ware):
    """Total minus the towns shown was the rest exactly; rounded, it is no town's count."""
    for day, town in ((3, "Goshen"), (4, "Goshen"), (5, None), (6, None), (7, None)):
        add_case(
            ware, datetime(2026, 11, day, 15, tzinfo=UTC), kind="family", town=town, status="new"
        )
    ware.commit()
    viewer = signed_in(app, sessions, "viewer", datetime(2026, 12, 5, 15, tzinfo=UTC))
    town_rows = rows(viewer.get("/admin/figures/cases_by_town.csv?start=2026-11-01"))
    # Goshen's 2 round to none and are left out; the 3 with no town round to 5.
    assert town_rows[1:] == [["Ware", "5", "0"], [figures.UNKNOWN, "5", "0"]]
    assert "Goshen" not in viewer.get("/admin/figures?start=2026-11-01").text


def test_naloxone_searches_by_town_are_grouped_and_rounded_for_a_viewer(app, sessions, session):
    from models import NaloxoneSearch

    searches = [("Goshen", 0)] * 3 + [("Amherst", 2)] * 6 + [("Ware", 0)] * 2
    for index, (town, results) in enumerate(searches):
        at = datetime(2026, 11, 3 + index, 15, tzinfo=UTC)
        session.add(NaloxoneSearch(at=at, town=town, results=results, nearest_km=1.0))
    session.commit()
    viewer = signed_in(app, sessions, "viewer", datetime(2026, 12, 5, 15, tzinfo=UTC))
    export = rows(viewer.get("/admin/figures/naloxone_searches.csv?start=2026-11-01"))
    # Goshen's 3 and Ware's 2 go together (5, all of them gaps); Amherst's 6 round to 5.
    assert export[1:] == [
        [figures_disclosure.SMALL_PLACES, "5", "5", "5", "1.00"],
        ["Amherst", "5", "0", "0", "0.00"],
    ]
    coordinator = signed_in(app, sessions, "coordinator", datetime(2026, 12, 5, 15, tzinfo=UTC))
    exact = rows(coordinator.get("/admin/figures/naloxone_searches.csv?start=2026-11-01"))
    assert ["Goshen", "3", "3", "3", "1.00"] in exact


def test_the_page_states_the_rule_to_a_viewer_and_shows_rounded_counts(app, sessions, ware):
    viewer = signed_in(app, sessions, "viewer", datetime(2026, 12, 5, 15, tzinfo=UTC))
    html = viewer.get("/admin/figures?start=2026-11-20&end=2026-11-20").text
    assert "shown from 2026-11-01 to 2026-11-30" in html
    assert figures_disclosure.VIEWER_RULE in html
    assert table_cells(html, "cases_by_town") == [["Ware", "5", "0"]]
    assert table_cells(html, "cases_by_type") == [["self referral", "5"]]
    assert "Cases</span><strong>5</strong>" in html


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_and_admins_keep_exact_counts_and_days(app, sessions, ware, role):
    """They read the cases themselves: the figures hide nothing from them."""
    staff = signed_in(app, sessions, role, datetime(2026, 11, 25, 20, tzinfo=UTC))
    assert rows(staff.get(TOWN_NOVEMBER))[1:] == [["Ware", "6", "0"]]
    assert rows(staff.get(TYPE_ONE_DAY))[1:] == [["partner", "1"]]
    html = staff.get("/admin/figures?start=2026-11-01&end=2026-11-25").text
    assert figures_disclosure.VIEWER_RULE not in html
    assert figures_disclosure.EXACT_FOR_STAFF in html


@pytest.mark.parametrize(
    ("count", "rounded"), [(0, 0), (1, 0), (2, 0), (3, 5), (5, 5), (7, 5), (8, 10), (12, 10)]
)
def test_a_count_rounds_to_the_nearest_five(count, rounded):
    assert figures_disclosure.rounded(count) == rounded
