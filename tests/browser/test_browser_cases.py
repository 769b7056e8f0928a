"""In a real browser: a coordinator signs in, claims a case for a responder and closes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hotline.admin.auth import create_user
from models import Case, CaseEvent, Contact, Message, Responder
from models.crypto import lookup_hash
from models.session import session_scope
from routing import runtime
from routing.gateway import LocalGateway
from routing.queues import RQJobQueue

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EMAIL = "coordinator@example.org"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def db_backend() -> str:
    # One backend is enough for a browser run; the page tests cover both.
    return "sqlite"


@pytest.fixture
def seeded(live_server, sessions, settings, redis_conn):
    runtime.install(
        runtime.Runtime(
            settings=settings,
            sessions=sessions,
            queue=RQJobQueue(connection=redis_conn),
            gateway=LocalGateway(),
            clock=lambda: NOW,
        )
    )
    with session_scope(sessions) as session:
        create_user(session, EMAIL, PASSWORD, role="coordinator")
        texter = Contact(phone_hash=lookup_hash("+14135550123"), phone="+14135550123")
        phone = Contact(phone_hash=lookup_hash("+14135550201"), phone="+14135550201")
        blair = Contact(phone_hash=lookup_hash("+14135550202"), phone="+14135550202")
        session.add_all([texter, phone, blair])
        session.flush()
        session.add(Responder(name="Ana", contact_id=phone.id, roles=["recovery_coach"]))
        session.add(
            Responder(
                name="Blair Example",
                contact_id=blair.id,
                roles=["harm_reduction_specialist", "family_support_specialist"],
            )
        )
        created = NOW - timedelta(hours=3)
        case = Case(
            code="K7QM",
            kind="self_referral",
            status="offered",
            town="Northampton",
            contact_id=texter.id,
            created_at=created,
            due_at=created + timedelta(hours=24),
            breach_at=created + timedelta(hours=48),
        )
        session.add(case)
        session.flush()
        session.add(CaseEvent(case_id=case.id, at=created, kind="created"))
        session.add(
            Message(
                contact_id=texter.id,
                direction="in",
                case_id=case.id,
                body="<b>need</b> help <script>alert(1)</script>",
                created_at=created,
            )
        )


def test_coordinator_claims_for_a_responder_and_closes_the_case(page: Page, seeded, sessions):
    # ``page`` and ``live_server`` come from tests/browser/conftest.py (console errors fail).
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/admin/cases")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator("h1")).to_have_text("Cases")
    page.get_by_role("link", name="K7QM").click()
    expect(page.locator("#case-claimed-by")).to_have_text("nobody yet")
    # The texter's words are shown as they were typed, never run or rendered as markup.
    expect(page.locator(".timeline__body").first).to_have_text(
        "<b>need</b> help <script>alert(1)</script>"
    )
    expect(page.locator("#phone")).to_have_text("+1 ••• ••• 0123")

    # Nobody is on shift in this test.
    ana = "Ana (recovery coach; English; not on call now)"
    page.locator("#responder_id").select_option(label=ana)
    page.get_by_role("button", name="Claim").click()
    expect(page.locator(".flash--success")).to_have_text("Case assigned.")
    expect(page.locator("#case-claimed-by")).to_have_text("Ana")
    expect(page.locator("#case-status")).to_have_text("claimed")

    page.locator("#outcome").select_option("safety_plan")
    page.get_by_label("Closing note (optional)").fill("Met at the library")
    page.get_by_role("button", name="Close case").click()
    # A second step names the case before it closes.
    expect(page.locator("#confirm-title")).to_have_text("Close case K7QM as safety plan?")
    page.get_by_role("button", name="Close case").click()
    expect(page.locator(".flash--success")).to_have_text("Case closed.")
    expect(page.locator("#case-status")).to_have_text("closed: safety plan")
    expect(page.locator("#timeline")).to_contain_text("Met at the library")
    expect(page.locator("#close-form")).to_have_count(0)

    with sessions() as session:
        case = session.scalar(select(Case).where(Case.code == "K7QM"))
        ana = session.scalar(select(Responder).where(Responder.name == "Ana"))
        kinds = session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).all()
    assert (case.status, case.outcome, case.claimed_by_id) == ("closed", "safety_plan", ana.id)
    # A safety plan was made with the person: reached at the close.
    assert kinds == ["created", "claimed", "contacted", "closed"]
    assert dialogs == [], "a script from a text ran in the page"


def test_pages_fit_a_phone_screen(page: Page, seeded):
    # At 390 px the case page (its responder picker) and the figures page (its charts) were
    # wider than the screen, and the whole page slid sideways; tables scroll in their own frame.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/admin/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Cases")
    for path in (
        "/admin/cases",
        "/admin/cases/K7QM",
        "/admin/figures",
        "/admin/flows/menu/history",
    ):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide"

    # The cases list: the clock, when first contact is due and who has the case were off to the
    # right of a table that scrolled sideways; on a phone each case is a card that shows them.
    page.goto("/admin/cases")
    headers = page.locator("#cases thead th").all_inner_texts()
    row = page.locator('#cases tr[data-code="K7QM"]')
    for column in ("Case", "Status", "Clock", "Due", "With"):
        cell = row.locator("td").nth(headers.index(column))
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (column, box)
        expect(cell).to_be_in_viewport()
    expect(row.locator("td").nth(headers.index("Due"))).to_contain_text("Thu 2 May 2024, 05:00 EDT")
    # Still a table to a screen reader: its headers are there, and name each cell's column.
    table = page.get_by_role("table")
    for column in ("Case", "Status", "Clock", "Due", "With", "Type", "Town", "Created"):
        expect(table.get_by_role("columnheader", name=column, exact=True)).to_have_count(1)
    expect(table.get_by_role("cell", name="Northampton", exact=True)).to_have_count(1)

    # Each town's other-names field (40 characters wide) was cut off at the right.
    page.goto("/admin/towns")
    for locator in (page.get_by_label("Other names for Amherst"), page.locator("#towns button")):
        box = locator.first.bounding_box()
        assert box and box["x"] + box["width"] <= 390, box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"/admin/towns is {width} px wide"


def sign_in_to_case(page: Page) -> None:
    page.goto("/admin/cases/K7QM")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_contain_text("K7QM")
    # The heading shows before the page's scripts have run; the note box's hint needs them.
    page.wait_for_load_state()


@pytest.mark.refused_status(422)
def test_a_note_too_long_for_its_box_is_said_not_cut(page: Page, seeded, sessions):
    # A visit write-up pasted into the note box lost its end to the box's limit, unsaid.
    sign_in_to_case(page)
    box = page.locator("#note-text")
    hint = page.locator("#note-text-limit")
    expect(hint).to_have_text("Up to 4,000 characters.")
    box.evaluate("(b) => { b.value = 'a'.repeat(3990); b.setSelectionRange(3990, 3990); }")
    # The browser leaves out what does not fit a paste; the hint says so.
    box.evaluate(
        """(b) => {
          const data = new DataTransfer();
          data.setData('text/plain', 'b'.repeat(20));
          b.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        }"""
    )
    expect(hint).to_contain_text("Not all of the pasted text fit")
    expect(hint).to_have_class("muted field-hint field-hint--full")
    box.fill("short")
    expect(hint).to_have_text("Up to 4,000 characters.")

    # Past the box's own limit (a script, an old browser), the server refuses it and says why.
    long_note = "c" * 4001
    box.evaluate("(b, text) => { b.value = text; }", long_note)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("#note-problem")).to_contain_text(
        "at most 4,000 characters and this one has 4,001"
    )
    assert page.input_value("#note-text") == long_note
    with sessions() as session:
        assert session.scalars(select(CaseEvent).where(CaseEvent.kind == "note")).all() == []
