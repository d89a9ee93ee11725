"""Review F3a: an invalid form post to a patient's page showed the whole page (reference,
answers, free text) with no "record viewed" row in the audit trail."""

from __future__ import annotations

import pytest

from decision_aid.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("notes", {"text": ""}),
        ("notes", {"text": "x" * 2001}),
        ("mdt-date", {"mdt_date": "not-a-date"}),
        ("profile", {"er": "bogus"}),
    ],
)
def test_F3_an_invalid_form_post_that_shows_the_patient_page_is_audited(
    client, record_a, nurse_a, path, data
):
    client.force_login(nurse_a)
    viewed = AuditEvent.objects.filter(action="record_viewed", record_id=record_a.pk)
    before = viewed.count()
    response = client.post(f"/clinic/patients/{record_a.pk}/{path}", data)
    assert response.status_code == 200 and "nhsuk-error-message" in response.content.decode()
    assert viewed.count() == before + 1
    event = viewed.latest("at")
    assert (event.actor, event.detail) == (nurse_a, "form errors")
