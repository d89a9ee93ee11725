"""Deny by default: who can reach which clinic page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from decision_aid.core.models import AuditEvent
from decision_aid.journey.session import SESSION_KEY

pytestmark = pytest.mark.django_db


def record_urls(record) -> list[tuple[str, str]]:
    names = ["patient", "add-note", "change-profile", "change-mdt-date", "set-status",
             "reissue-code", "revoke-code"]  # fmt: skip
    return [(name, reverse(f"clinic:{name}", args=[record.pk])) for name in names]


TEAM_URLS = ["/clinic/", "/clinic/invite", "/clinic/claim", "/clinic/audit"]


def test_anonymous_visitors_are_sent_to_sign_in(client, record_a):
    for url in TEAM_URLS + [u for _, u in record_urls(record_a)]:
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith("/clinic/login?next="), url


def test_a_nurse_of_another_team_gets_404_for_every_record_url(client, record_a, nurse_b):
    client.force_login(nurse_b)
    for name, url in record_urls(record_a):
        method = client.get if name == "patient" else client.post
        assert method(url).status_code == 404, url
    assert client.get("/clinic/").status_code == 200
    assert "A-REF-001" not in client.get("/clinic/").content.decode()


def test_a_patient_session_reaches_no_clinic_page(client, record_a):
    session = client.session
    session[SESSION_KEY] = str(record_a.pk)
    session.save()
    for url in TEAM_URLS + [u for _, u in record_urls(record_a)]:
        assert client.get(url).status_code in (302, 405), url


def test_a_signed_in_user_without_a_team_sees_nothing(client, record_a, django_user_model):
    loner = django_user_model.objects.create_user("loner", password="x-long-password-2026")
    client.force_login(loner)
    assert client.get("/clinic/").status_code == 404
    assert client.get(f"/clinic/patients/{record_a.pk}").status_code == 404


def test_only_team_leads_see_the_audit_trail_and_only_their_own_team(
    client, record_a, nurse_a, lead_a, team_b
):
    from decision_aid.core import audit

    audit.record("record_viewed", team=team_b, detail="team b event")
    client.force_login(nurse_a)
    assert client.get("/clinic/audit").status_code == 404
    client.force_login(lead_a)
    html = client.get("/clinic/audit").content.decode()
    assert "team b event" not in html
    assert client.get("/clinic/audit?team=team-b").status_code == 404
    assert AuditEvent.objects.filter(action="audit_viewed", team__slug="team-a").exists()


def test_clinic_pages_are_never_cached(client, nurse_a, record_a):
    client.force_login(nurse_a)
    for url in ["/clinic/", f"/clinic/patients/{record_a.pk}"]:
        assert "no-store" in client.get(url)["Cache-Control"]
