"""Review B1 (issue 16 item 3): never say "sent" when no team can see her answers. A record she
started on her own belongs to no team until a nurse claims it with her code."""

from __future__ import annotations

import pytest

from decision_aid.journey.reading import visible_text
from decision_aid.journey.session import SESSION_KEY
from tests.conftest import make_record

pytestmark = pytest.mark.django_db


def test_a_record_started_on_her_own_is_never_said_to_be_sent(patient, record):
    assert record.team_id is None
    check = visible_text(patient.get("/steps/check-answers").content.decode())
    assert "No breast care team can see your answers yet." in check
    assert "Finish and save my answers" in check and "Send to my team" not in check
    assert patient.post("/steps/check-answers")["Location"] == "/submitted"
    page = visible_text(patient.get("/submitted").content.decode())
    assert "Your answers are saved" in page
    assert "They have not been sent to anyone." in page
    assert "give your access code to your breast care nurse" in page
    assert "sent" not in page.replace("not been sent", "")


def test_a_record_of_a_team_is_sent_to_that_team(client, catalogue, team_a):
    record = make_record(team_a, "SEND-01", er="positive")
    session = client.session
    session[SESSION_KEY] = str(record.pk)
    session.save()
    check = visible_text(client.get("/steps/check-answers").content.decode())
    assert "Send to my team" in check and "No breast care team can see" not in check
    client.post("/steps/check-answers")
    page = visible_text(client.get("/submitted").content.decode())
    assert "Your answers have been sent" in page
    assert "Your breast care team will look at them" in page
