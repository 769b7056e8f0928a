"""Browser tests: the real app served on a loopback port, driven by Playwright in headless
Chromium from Debian's ``chromium`` package (never a downloaded browser build).

Nothing is skipped: without /usr/bin/chromium these tests fail, saying how to install it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from werkzeug.serving import BaseWSGIServer, make_server

from hotline.admin.auth import create_user
from hotline.flow_store import install_shipped_flows
from hotline.places_store import load_places

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "correct horse battery staple"


def follow(page, selector: str) -> None:
    """Clicks something that loads a new page and returns once that page has loaded.

    ``wait_for_load_state`` after a click returns at once while the old page still shows, so a
    check made straight after it can read the page being left.
    """
    with page.expect_navigation():
        page.click(selector)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), (
        "Chromium is missing: install Debian's package (apt-get install -y chromium); "
        "the browser tests never download a browser"
    )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def live_server(app, sessions) -> Iterator[str]:
    """The app on 127.0.0.1 (a free port) in a background thread; yields its base URL."""
    with sessions() as session:
        install_shipped_flows(session, datetime(2026, 11, 1, tzinfo=UTC))
        load_places(session)
        create_user(session, ADMIN_EMAIL, ADMIN_PASSWORD, role="admin", name="Test Admin")
        session.commit()
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def page(browser, live_server, request) -> Iterator[object]:
    """A fresh browser context; console errors (CSP violations among them) fail the test.

    A test that means a form to be refused marks it ``refused_status(422)``: Chromium logs that
    page's status as an error, and only that line is let through."""
    marker = request.node.get_closest_marker("refused_status")
    refused = [
        f"Failed to load resource: the server responded with a status of {status} "
        for status in (marker.args if marker else ())
    ]
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(15_000)
    yield page
    context.close()
    errors = [error for error in errors if not any(map(error.startswith, refused))]
    assert not errors, errors
