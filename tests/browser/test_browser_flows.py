"""An admin edits a flow in a real browser: break it, see why, fix it, publish, simulate."""

from __future__ import annotations

import re

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, follow

# Words no transcript quotes: publishing them changes no shipped conversation.
OLD_WORDS = "support about substance use, no judgment."
NEW_WORDS = "support, no judgment, from real people."


def sign_in(page, next_path: str = "/admin/flows") -> None:
    page.goto(next_path)
    assert "/admin/login" in page.url
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_break_fix_publish_and_simulate(page):
    sign_in(page)
    page.click("a:has-text('menu')")
    page.wait_for_url(re.compile(r"/admin/flows/menu$"))
    original = page.input_value("#body")
    assert OLD_WORDS in original

    # Break it: the naloxone option points at a flow that does not exist.
    page.fill("#body", original.replace("goto: naloxone", "goto: nowhere"))
    follow(page, "button:has-text('Save draft')")
    error = page.locator(".problem--error").filter(has_text="nowhere").first
    assert error.is_visible()
    assert "states.welcome.options[2]" in error.inner_text()
    assert page.locator(".flash--warning").filter(has_text="error").count() == 1

    # The line link selects the faulty line in the editor.
    error.locator("a.problem__line").click()
    selected = page.evaluate(
        "() => { const t = document.getElementById('body');"
        " return t.value.substring(t.selectionStart, t.selectionEnd); }"
    )
    assert selected.strip() == "goto: nowhere"

    # Fix it, and change the welcome words.
    fixed = page.input_value("#body").replace("goto: nowhere", "goto: naloxone")
    page.fill("#body", fixed.replace(OLD_WORDS, NEW_WORDS))
    page.fill("#note", "friendlier welcome")
    follow(page, "button:has-text('Save draft')")
    assert page.locator(".flash--success").filter(has_text="Saved draft version 3").count() == 1
    assert page.locator(".problem--error").count() == 0

    # Compare with the published version and publish.
    follow(page, "a:has-text('Compare with the published version and publish')")
    assert page.locator("table.diff").is_visible()
    follow(page, "button:has-text('Publish version 3')")
    assert page.locator(".flash--success").filter(has_text="Published version 3").count() == 1

    # The simulator, on the published version, answers with the new words.
    follow(page, "a:has-text('Simulator')")
    page.fill("#sim-text", "hi")
    follow(page, ".phone__compose button:has-text('Send')")
    reply = page.locator(".bubble--out").first
    assert NEW_WORDS in reply.inner_text()
    page.fill("#sim-text", "3")
    follow(page, ".phone__compose button:has-text('Send')")
    assert "What town or ZIP code" in page.locator(".bubble--out").last.inner_text()


def test_simulator_in_spanish_and_sign_out(page):
    sign_in(page, "/admin/flows/naloxone/simulate")
    page.select_option("#sim-language", "es")
    follow(page, "button:has-text('Start over')")
    page.fill("#sim-text", "hola")
    follow(page, ".phone__compose button:has-text('Send')")
    assert "apoyo gratis" in page.locator(".bubble--out").first.inner_text()
    page.click("button:has-text('Sign out')")
    page.wait_for_url(re.compile(r"/admin/login$"))
    page.goto("/admin/flows")
    assert "/admin/login" in page.url


def test_segment_table_stays_in_its_frame_on_a_phone(page):
    # A coordinator checking a script on a phone opened the segment table, and the whole page
    # became about 600 px wide: the editor, its buttons and the warnings slid sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "/admin/flows/menu")
    typed = "free,\u200b \u201cconfidential\u201d\u00a0\u2014 support"  # a pasted phone note
    page.fill("#body", page.input_value("#body").replace("free, confidential support", typed))
    follow(page, "button:has-text('Check')")
    page.locator("details.segments-box summary").click()
    table = page.locator("table.segments")
    assert table.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the editor is {width} px wide"
    frame = table.locator("xpath=..")
    box = frame.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    for button in ("Check", "Save draft"):
        box = page.get_by_role("button", name=button).bounding_box()
        assert box and box["x"] + box["width"] <= 390, (button, box)


def test_segment_table_fits_its_column_on_a_desktop(page):
    # At 1280 px the table ran about 150 px past the right-hand column: Length and Not GSM-7,
    # the columns that say what to retype, were cut off behind a sideways scroll.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "/admin/flows/menu")
    typed = "free,\u200b \u201cconfidential\u201d\u00a0\u2014 support"
    page.fill("#body", page.input_value("#body").replace("free, confidential support", typed))
    follow(page, "button:has-text('Check')")
    page.locator("details.segments-box summary").click()
    table = page.locator("table.segments")
    frame = table.locator("xpath=..")
    column = page.locator(".editor > section").nth(1).bounding_box()
    box = frame.bounding_box()
    assert column and box and box["x"] + box["width"] <= column["x"] + column["width"], box
    widths = frame.evaluate("f => [f.scrollWidth, f.clientWidth]")
    assert widths[0] <= widths[1], f"the table is {widths[0]} px wide in a {widths[1]} px frame"
    last = table.locator("thead th").last.bounding_box()
    assert last and last["x"] + last["width"] <= column["x"] + column["width"], last


def test_the_script_box_says_how_to_leave_it_by_keyboard(page):
    # Tab indents inside the script, so a keyboard user who tabbed in could not tab out, and
    # nothing on the page said that Escape, then Tab, moves on.
    sign_in(page, "/admin/flows/menu")
    hint_id = page.get_attribute("#body", "aria-describedby")
    assert hint_id, "the script box points to no advice"
    hint = page.locator(f"#{hint_id}")
    assert hint.is_visible()
    assert "Escape" in hint.inner_text() and "Tab" in hint.inner_text()
    page.focus("#body")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "body"
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") != "body"
