"""Clinic steps shared by browser tests: signing in as a member of staff."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.e2e.journey import arrived, click_and_arrive

SIGN_IN = "Sign in"
QUEUE = "Review queue: Team A"


def sign_in(page, base_url, username, axe=None, password=PASSWORD, expect_title=QUEUE):
    page.goto(base_url + "/clinic/login")
    arrived(page, SIGN_IN, axe)
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    click_and_arrive(page, page.get_by_role("button", name="Sign in"), expect_title, axe)
