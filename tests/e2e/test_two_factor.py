"""Issue 17 (F8) in real Chromium: a nurse's password alone opens neither the clinic nor the
admin; the first sign-in sets up an authenticator app (QR code and key, checked with axe);
the code from the app then opens the queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.clinic import QUEUE, SET_UP, SIGN_IN, sign_in
from tests.e2e.journey import arrived

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_nurse_signs_in_with_a_code_from_her_app(page, live_server, axe_check, nurse_a):
    base = live_server.url
    page.goto(base + "/clinic/login")
    page.get_by_label("Username", exact=True).fill("nurse-a")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    arrived(page, SET_UP, axe_check)
    expect(page.locator(".app-two-factor-qr svg")).to_be_visible()
    # With the password alone: no clinic page, and not the admin.
    page.goto(base + "/clinic/")
    arrived(page, SET_UP)
    page.goto(base + "/admin/")
    assert "/admin/login/" in page.url
    # Setting up the app, then signing in again with a code from it.
    page.goto(base + "/clinic/two-factor/set-up")
    page.context.clear_cookies()
    sign_in(page, base, "nurse-a", axe_check)  # sets up the app (the key from the page)
    arrived(page, QUEUE)
    page.get_by_role("button", name="Sign out").click()
    arrived(page, SIGN_IN)
    sign_in(page, base, "nurse-a", axe_check)  # now the code from the app
    arrived(page, QUEUE)
