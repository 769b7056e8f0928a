"""The roster, sites, audit, flows and figures tables in a real browser: one card per row on a
phone, with what matters in sight, and the same table as before on a desktop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from hotline import flow_editing
from models import (
    AuditLog,
    Case,
    Contact,
    NaloxoneSearch,
    OnCallOverride,
    OptOutEvent,
    ProgramEvent,
    Responder,
)
from models.crypto import lookup_hash
from models.session import session_scope
from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD

PHONE, DESKTOP = 390, 1280
# Each page's tables, and the columns whose cells must be in sight on a phone.
TABLES = {
    "/admin/roster": {
        "#responders": ("Name", "Phone", "Roles", "Status", "Actions"),
        "#overrides": ("Who", "From", "Until", "Note"),
    },
    "/admin/sites": {"#sites": ("Site", "Town", "Hours", "Verified")},
    "/admin/audit": {"#audit": ("When", "Who", "Action", "Target", "Details")},
    "/admin/flows": {"#flows": ("Flow", "Title", "Published", "Draft", "Last edited")},
    # Every figures table (one macro draws them all); each value is labelled, the first too.
    "/admin/figures": {
        "#table-cases_by_week": ("week starting", "days in range", "cases"),
        "#table-cases_by_type": ("type", "cases"),
        "#table-cases_by_town": ("town", "cases", "reached"),
        "#table-outcomes": ("outcome", "cases"),
        "#table-naloxone_searches": ("town", "searches", "no site found", "gaps", "gap share"),
        "#table-program_events": ("event", "what was counted", "count"),
        "#table-opt_outs": ("change", "source", "what happened", "numbers"),
    },
}
LONG_AUTHOR = "coordinator.with.a.long.address@example.org"


@pytest.fixture
def db_backend() -> str:
    # One backend is enough for a browser run; the page tests cover both.
    return "sqlite"


@pytest.fixture
def seeded(live_server, sessions):
    """Responders with long roles and towns, an override with a note, wordy audit entries, a
    draft by someone with a long address, and a row in every figures table; the sample sites
    and the shipped flows come with the live server."""
    now = datetime.now(UTC)
    with session_scope(sessions) as session:
        people = [
            ("Blair Example-Longname", ["harm_reduction_specialist", "family_support_specialist"]),
            ("Ana", ["recovery_coach", "coordinator"]),
        ]
        for index, (name, roles) in enumerate(people):
            phone = f"+1413555020{index}"
            contact = Contact(phone_hash=lookup_hash(phone), phone=phone)
            session.add(contact)
            session.flush()
            responder = Responder(
                name=name,
                contact_id=contact.id,
                roles=roles,
                languages=["en", "es"],
                towns=["Northampton", "Easthampton", "South Hadley"],
            )
            session.add(responder)
            session.flush()
        session.add(
            OnCallOverride(
                responder_id=responder.id,
                starts_at=now + timedelta(days=1),
                ends_at=now + timedelta(days=2),
                note="covering for a colleague during her vacation week",
            )
        )
        session.add(
            AuditLog(
                at=now,
                action="responder.update",
                target="responder:12",
                data={"fields": ["roles", "towns", "languages"], "note": "x" * 60},
            )
        )
        body = flow_editing.get_version(session, "family", 1).body
        flow_editing.save_draft(session, "family", body + "\n# reworded\n", 1, LONG_AUTHOR)
        seed_figures(session, now - timedelta(hours=1))


def seed_figures(session, at: datetime) -> None:
    """A case, a naloxone-finder gap, a program event and an opt-out, all in the default range."""
    session.add(
        Case(
            code="FIG1",
            kind="self_referral",
            town="South Hadley",
            created_at=at,
            due_at=at + timedelta(hours=24),
            breach_at=at + timedelta(hours=48),
        )
    )
    session.add(NaloxoneSearch(at=at, town="South Hadley", results=0))
    session.add(ProgramEvent(at=at, kind="emergency"))
    texter = Contact(phone_hash=lookup_hash("+14135550299"), phone="+14135550299")
    session.add(texter)
    session.flush()
    session.add(OptOutEvent(contact_id=texter.id, action="out", source="twilio_21610", at=at))


def sign_in(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    page.goto("/admin/login")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def first_row_cells(table: Locator) -> dict[str, Locator]:
    headers = table.locator("thead th").all_inner_texts()
    row = table.locator("tbody tr").first
    return {header: row.locator("td").nth(index) for index, header in enumerate(headers)}


def page_width(page: Page) -> tuple[int, int]:
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


@pytest.mark.parametrize("path", TABLES)
def test_tables_are_cards_on_a_phone(page: Page, seeded, path):
    sign_in(page, PHONE)
    page.goto(path)
    scroll_width, client_width = page_width(page)
    assert scroll_width <= client_width, f"{path} is {scroll_width} px wide"
    for selector, columns in TABLES[path].items():
        table = page.locator(selector)
        # Nothing hides off to the right inside the table's own frame either.
        frame = table.locator("xpath=..")
        assert frame.evaluate("el => el.scrollWidth <= el.clientWidth"), selector
        cells = first_row_cells(table)
        for column in columns:
            cell = cells[column]
            cell.scroll_into_view_if_needed()
            expect(cell).to_be_visible()
            expect(cell).to_be_in_viewport()
            box = cell.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE, (column, box)
        # Each value shows its column's name, which the hidden header row gave on a desktop;
        # a card's title (its first cell, in most tables) needs none.
        for column in columns:
            if "table__lead" not in (cells[column].get_attribute("class") or ""):
                expect(cells[column].locator(".cell-label")).to_have_text(column)
        # Still a table to a screen reader, with every column's header.
        for column in cells:
            if column:
                expect(table.get_by_role("columnheader", name=column, exact=True)).to_have_count(1)


@pytest.mark.parametrize("path", TABLES)
def test_tables_keep_their_columns_on_a_desktop(page: Page, seeded, path):
    sign_in(page, DESKTOP)
    page.goto(path)
    scroll_width, client_width = page_width(page)
    assert scroll_width <= client_width, f"{path} is {scroll_width} px wide"
    for selector in TABLES[path]:
        table = page.locator(selector)
        expect(table.locator("thead th").first).to_be_visible()
        expect(table.locator(".cell-label:visible")).to_have_count(0)
        # One line of cells per row, left to right in the headers' order, under their header.
        headers = [header.bounding_box() for header in table.locator("thead th").all()]
        cells = [cell.bounding_box() for cell in first_row_cells(table).values()]
        assert len({round(cell["y"]) for cell in cells}) == 1, cells
        assert [round(c["x"]) for c in cells] == [round(h["x"]) for h in headers]
        assert cells == sorted(cells, key=lambda box: box["x"])
