"""Forms in a real browser: a refused site shows each problem by its field, and the simulator's
message box takes the focus only after a send."""

from __future__ import annotations

import pytest

from tests.browser.conftest import follow
from tests.browser.test_browser_flows import sign_in


@pytest.fixture
def db_backend() -> str:
    # One backend is enough for a browser run; the page tests cover both.
    return "sqlite"


@pytest.mark.refused_status(422)
@pytest.mark.parametrize("width", [390, 1280])
def test_every_site_problem_sits_between_its_label_and_its_field(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "/admin/sites/new")
    page.fill("#name", "Ware Library")
    page.fill("#address", "37 Main St")
    page.fill("#town", "Ware")
    page.fill("#zip", "1082")
    page.fill("#lat", "north")
    page.fill("#lon", "-72.24")
    page.fill("#hours", "sometimes")
    follow(page, "button:has-text('Save')")
    assert page.locator("#site-problems li").count() == 3
    for name in ("zip", "lat", "hours"):
        label = page.locator(f"label[for='{name}']").bounding_box()
        problem = page.locator(f"#{name}-problem").bounding_box()
        field = page.locator(f"#{name}").bounding_box()
        assert label and problem and field, name
        assert label["y"] < problem["y"] < field["y"], (name, label, problem, field)
        assert field["y"] - (problem["y"] + problem["height"]) < 24, name
        assert page.locator(f"#{name}").get_attribute("aria-invalid") == "true"
    assert page.input_value("#lat") == "north"
    assert page.input_value("#name") == "Ware Library"
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= width, f"the form is {width_now} px wide"
    # The list at the top leads to the field.
    page.locator("#site-problems a[href='#lat']").click()
    assert page.evaluate("document.activeElement.id") == "lat"


def test_the_simulator_focuses_its_message_box_only_after_a_send(page):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "/admin/flows/menu/simulate")
    # Opening the page leaves the reader at its top, and a phone's keyboard closed.
    assert page.evaluate("document.activeElement === document.body")
    assert page.evaluate("window.scrollY") == 0
    page.fill("#sim-text", "hi")
    follow(page, ".phone__compose button:has-text('Send')")
    assert page.evaluate("document.activeElement.id") == "sim-text"
    described = page.locator("#sim-text").get_attribute("aria-describedby")
    newest = page.locator(".bubble--out").last.inner_text()
    assert page.locator(f"#{described}").inner_text() == newest
