"""The start page in real Chromium: NHS.UK styled, accessible, nothing fetched from elsewhere."""

from __future__ import annotations

import pytest

from tests.e2e.journey import guard_context, sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_page_passes_axe_and_stays_on_the_live_server(page, live_server, axe_check):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    response = page.goto(live_server.url + "/")

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert "Think through your treatment choices" in page.title()
    # The NHS.UK stylesheet, nhsuk-frontend's module and htmx all loaded from the live server.
    assert any(url.endswith("/static/css/app.css") for url in requests)
    assert any(url.endswith("/static/js/nhsuk-frontend.min.js") for url in requests)
    assert any(url.endswith("/static/django_htmx/htmx-2.min.js") for url in requests)
    assert all(url.startswith(live_server.url) for url in requests), requests
    # nhsuk-frontend's JS ran (it needs the nonce'd body-class snippet and the module script).
    body_class = page.locator("body").get_attribute("class") or ""
    assert "nhsuk-frontend-supported" in body_class
    assert page.locator("[data-nhsuk-header-init]").count() == 1
    # No CSP violations or script errors in the console.
    assert console_errors == []
    # The stylesheet applied: the header is NHS blue.
    header_colour = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(0, 94, 184)"
    axe_check(page, "start page")


def test_skip_link_moves_focus_to_main_content(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "maincontent"


def test_start_page_fits_320px_without_horizontal_scrolling(page, live_server, axe_check):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    assert sideways_scroll(page) is None
    axe_check(page, "start page at 320px")


def test_start_page_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        response = page.goto(live_server.url + "/")
        assert response.status == 200
        assert page.locator("h1").inner_text() == "Think through your treatment choices"
        assert page.get_by_text("0808 808 00 00").is_visible()
    finally:
        context.close()


def test_access_code_stays_on_one_line_at_320px_with_copy_and_print(
    page, live_server, axe_check, catalogue
):
    """Review M10: the code broke across two lines on a phone, and could only be written down."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/start")
    page.get_by_role("button", name="Start without a code").click()
    code = page.locator(".app-access-code")
    box = code.bounding_box()
    line_height = code.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert box["height"] < 2 * line_height, "the code is on one line"
    assert sideways_scroll(page) is None
    copy = page.get_by_role("button", name="Copy the code")
    assert copy.is_visible() and page.get_by_role("button", name="Print this page").is_visible()
    copy.click()
    status = page.locator(".app-copy-status")
    status.filter(has_text="copy").or_(status.filter(has_text="Copied")).wait_for()
    axe_check(page, "your code at 320px")


def test_a_request_to_another_host_fails_in_the_browser_and_is_noted(browser, live_server):
    """What the ``page`` fixtures rely on: Chromium resolves no host but the live server's, and
    the guard notes every request that leaves it (the fixtures then fail the test)."""
    context = browser.new_context()
    try:
        foreign = guard_context(context, live_server.url)
        page = context.new_page()
        page.goto(live_server.url + "/")
        # (A fetch from the page is refused by its CSP before any request is made: a navigation
        # is what reaches the network.)
        with pytest.raises(Exception, match="ERR_NAME_NOT_RESOLVED"):
            page.goto("http://cdn.example.com/lib.js")
    finally:
        context.close()

    assert foreign == ["http://cdn.example.com/lib.js"]
