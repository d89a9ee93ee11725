"""Clinic steps shared by browser tests: signing in as a member of staff, with the code from
an authenticator app after the password (issue 17, F8), as people do."""

from __future__ import annotations

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from decision_aid.demo.two_factor import code_for_key
from tests.conftest import PASSWORD, current_code
from tests.e2e.journey import arrived, click_and_arrive

SIGN_IN = "Sign in"
QUEUE = "Review queue: Team A"
TWO_FACTOR = "Enter the code from your authenticator app"
SET_UP = "Set up two-factor sign-in"
RECOVERY_CODES = "Your recovery codes"


def sign_in(page, base_url, username, axe=None, password=PASSWORD, expect_title=QUEUE):
    page.goto(base_url + "/clinic/login")
    arrived(page, SIGN_IN, axe)
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    pass_two_factor(page, username, axe)
    arrived(page, expect_title, axe)


def pass_two_factor(page, username, axe=None) -> None:
    """On the page after the password: set up the "app" from the page's key (a first sign-in)
    or enter its current code. Any other page (a wrong password) is left as it is."""
    heading = page.locator("h1").first.inner_text().strip()
    if heading == SET_UP:
        arrived(page, SET_UP, axe)
        key = page.locator(".app-two-factor-key").inner_text().replace(" ", "")
        secret = base64.b32decode(key + "=" * (-len(key) % 8))
        page.get_by_label("Code from your app", exact=True).fill(code_for_key(secret))
        click_and_arrive(page, page.get_by_role("button", name="Confirm and continue"),
                         RECOVERY_CODES, axe)  # fmt: skip
        with page.expect_navigation():
            page.get_by_role("button", name="I have kept them safe: continue").click()
    elif heading == TWO_FACTOR:
        arrived(page, TWO_FACTOR, axe)
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Code from your authenticator app", exact=True).fill(current_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
