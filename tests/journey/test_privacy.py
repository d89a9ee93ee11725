"""Issue 16 item 4: a privacy notice (who is responsible, what is kept and why, who can see it,
for how long, her rights) and a cookies page, linked from every page's footer, the start page
and the send step."""

from __future__ import annotations

import pytest
from django.test import override_settings

from decision_aid.journey.reading import visible_text
from decision_aid.journey.steps import STEPS

pytestmark = pytest.mark.django_db


def test_the_privacy_notice_says_who_what_why_who_sees_how_long_and_her_rights(client):
    text = visible_text(client.get("/privacy").content.decode())
    for heading in ("Who is responsible for your information", "What we keep", "Why we keep it",
                    "Who can see it", "How long we keep it", "Your rights"):  # fmt: skip
        assert heading in text, heading
    assert "This is a demo, not a real NHS service" in text  # the honest default
    assert "deleted after 90 days" in text and "365 days after the team's MDT meeting" in text


@override_settings(DATA_CONTROLLER_NAME="Example NHS Foundation Trust",
                   DATA_CONTROLLER_CONTACT="dpo@example.nhs.uk")  # fmt: skip
def test_the_deploying_service_names_itself_as_controller(client):
    text = visible_text(client.get("/privacy").content.decode())
    assert "Example NHS Foundation Trust" in text and "dpo@example.nhs.uk" in text
    assert "demo" not in text


def test_the_cookies_page_lists_only_strictly_necessary_cookies(client, settings):
    text = visible_text(client.get("/cookies").content.decode())
    assert settings.SESSION_COOKIE_NAME in text and settings.CSRF_COOKIE_NAME in text
    assert "we do not ask you to accept any" in text


def test_every_cookie_the_service_sets_is_on_the_cookies_page(client, catalogue, team_a):
    """Start from a team's link (which sets every cookie a patient gets: session, CSRF, and the
    new code's handoff half), then check each name is listed."""
    client.get("/t/team-a")
    client.post("/t/team-a")
    set_names = set(client.cookies)
    assert set_names >= {"sessionid", "csrftoken", "code_pad"}, set_names
    text = visible_text(client.get("/cookies").content.decode())
    for name in set_names:
        assert name in text, name


def test_every_patient_and_public_page_links_the_privacy_notice_and_cookies(patient, team_a):
    steps = [f"/steps/{s.slug}" for s in STEPS if s.form_class]
    pages = ["/", "/start", "/glossary", "/about-this-information", "/accessibility-statement",
             "/privacy", "/cookies", "/clinic/login", "/signed-out", "/options/fulvestrant",
             *steps, "/steps/check-answers", "/t/team-a"]  # fmt: skip
    for path in pages:
        html = patient.get(path).content.decode()
        footer = html.split("nhsuk-footer", 1)[1]
        assert 'href="/privacy"' in footer and 'href="/cookies"' in footer, path
    assert 'href="/privacy"' in patient.get("/").content.decode().split("nhsuk-footer", 1)[0]
    check = patient.get("/steps/check-answers").content.decode()
    assert 'href="/privacy"' in check.split("nhsuk-footer", 1)[0]  # at the send step itself
