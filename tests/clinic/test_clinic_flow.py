"""Invitations, claims, notes, statuses, profile changes, and the audit of each."""

from __future__ import annotations

import re

import pytest

from decision_aid.clinic.models import CaseFile, NurseNote, ProfileChange
from decision_aid.core.models import AuditEvent
from decision_aid.journey import access
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord, RecordStatus
from decision_aid.journey.steps import JourneyState
from tests.conftest import make_record

pytestmark = pytest.mark.django_db


def slip_code(html: str) -> str:
    return re.search(r'class="app-access-code">([A-Z0-9-]+)<', html).group(1)


def test_inviting_a_patient_makes_a_record_a_code_and_an_audit_row(client, catalogue, nurse_a):
    client.force_login(nurse_a)
    response = client.post(
        "/clinic/invite?team=team-a",
        {"reference": "RX-998877", "mdt_date": "3/12/2026", "er": "positive", "her2": "negative",
         "spread": ["bone"]},
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    code = slip_code(html)
    assert "http://testserver/start" in html
    record = DecisionRecord.objects.get()
    assert record.team.slug == "team-a" and record.status == RecordStatus.INVITED
    assert record.team_profile == {"er": "positive", "her2": "negative", "spread": ["bone"]}
    assert record.case.reference == "RX-998877"
    assert str(record.case.mdt_date) == "2026-12-03"
    # The patient can use the code; the team's values are "from your team".
    assert access.check_code(code, _rf()) == record
    actions = set(AuditEvent.objects.filter(record_id=record.pk).values_list("action", flat=True))
    assert {"record_created", "code_issued"} <= actions
    # No reference in any audit row.
    assert not AuditEvent.objects.filter(detail__contains="RX-998877").exists()


def test_the_slip_gives_the_teams_phone_and_a_finish_by_date(client, catalogue, team_a, nurse_a):
    """Issue 16 item 7: the team's phone number, and "please finish by" the day before the MDT."""
    team_a.phone = "01632 960 001"
    team_a.save()
    client.force_login(nurse_a)
    html = client.post(
        "/clinic/invite?team=team-a", {"reference": "RX-1", "mdt_date": "3/12/2026"}
    ).content.decode()
    assert "Please finish by Wednesday 2 December 2026" in html
    assert "Call Team A on 01632 960 001" in html
    without_date = client.post("/clinic/invite?team=team-a", {"reference": "RX-2"})
    assert "Please finish by" not in without_date.content.decode()


def test_invitation_errors_are_shown_next_to_the_field(client, catalogue, nurse_a):
    client.force_login(nurse_a)
    html = client.post("/clinic/invite", {"mdt_date": "31/31/2026"}).content.decode()
    assert "Enter the patient reference" in html
    assert "Enter the MDT date as day/month/year" in html
    assert "<title>Error:" in html
    assert not DecisionRecord.objects.exists()


def test_a_self_started_record_can_be_claimed_by_its_code(client, catalogue, nurse_a, team_a):
    from decision_aid.journey import services

    record = services.start_record(self_started=True)
    code = access.issue_code(record).code
    client.force_login(nurse_a)
    response = client.post("/clinic/claim", {"code": code, "reference": "SELF-1"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.team == team_a and record.case.reference == "SELF-1"
    assert AuditEvent.objects.filter(action="record_claimed", record_id=record.pk).exists()


def test_a_record_already_in_a_team_cannot_be_claimed(client, record_a, nurse_b):
    code = access.issue_code(record_a).code
    client.force_login(nurse_b)
    html = client.post(
        "/clinic/claim?team=team-b", {"code": code, "reference": "X"}
    ).content.decode()
    assert "That code did not work, or the record already belongs to a team" in html
    record_a.refresh_from_db()
    assert record_a.team.slug == "team-a"


def test_notes_are_appended_with_author_and_time_and_cannot_be_changed(client, record_a, nurse_a):
    client.force_login(nurse_a)
    client.post(f"/clinic/patients/{record_a.pk}/notes", {"text": "First note"})
    client.post(f"/clinic/patients/{record_a.pk}/notes", {"text": "Second note"})
    notes = list(NurseNote.objects.filter(case__record=record_a))
    assert [n.text for n in notes] == ["First note", "Second note"]
    assert all(n.author == nurse_a for n in notes)
    with pytest.raises(PermissionError):
        notes[0].text = "edited"
        notes[0].save()
    html = client.get(f"/clinic/patients/{record_a.pk}").content.decode()
    assert html.index("First note") < html.index("Second note")
    assert AuditEvent.objects.filter(action="note_added", record_id=record_a.pk).count() == 2
    assert (
        not AuditEvent.objects.filter(detail__contains="note").exclude(action="note_added").exists()
    )


def test_marking_reviewed_and_discussed(client, record_a, nurse_a):
    journey_services.submit(record_a)  # a nurse marks what she has been sent (issue 18)
    client.force_login(nurse_a)
    client.post(f"/clinic/patients/{record_a.pk}/status", {"status": "reviewed"})
    record_a.refresh_from_db()
    case = CaseFile.objects.get(record=record_a)
    assert record_a.status == RecordStatus.REVIEWED
    assert case.reviewed_by == nurse_a and case.reviewed_at is not None
    client.post(f"/clinic/patients/{record_a.pk}/status", {"status": "discussed"})
    record_a.refresh_from_db()
    assert record_a.status == RecordStatus.DISCUSSED
    assert AuditEvent.objects.filter(action="status_changed", record_id=record_a.pk).count() == 2


def test_changing_the_profile_is_recorded_and_recomputes_the_options(client, record_a, nurse_a):
    before = {a.option.slug: a.fit.value for a in JourneyState(record_a).assessed}
    assert before["trastuzumab"] == "ask"
    client.force_login(nurse_a)
    client.post(f"/clinic/patients/{record_a.pk}/profile", {"her2": "negative", "er": "positive"})
    record_a.refresh_from_db()
    change = ProfileChange.objects.get(case__record=record_a)
    assert change.changed_by == nurse_a
    assert change.changes == {"er": [None, "positive"], "her2": [None, "negative"]}
    after = JourneyState(record_a)
    assert "trastuzumab" not in {o.slug for o in after.fitting_options}
    assert "trastuzumab" in {c.slug for c in after.not_suitable_cards}
    event = AuditEvent.objects.get(action="profile_changed", record_id=record_a.pk)
    assert event.detail == "er,her2"


def test_none_entered_by_the_team_reads_none_not_unanswered(client, record_a, nurse_a):
    """The team's "None of these" is saved as an empty list; the page and the summary say
    "None" (patient-experience review, minor: it read "Not answered (from your team)")."""
    client.force_login(nurse_a)
    client.post(f"/clinic/patients/{record_a.pk}/profile", {"problems": ["none"]})
    record_a.refresh_from_db()
    assert record_a.team_profile["problems"] == []
    text = " ".join(re.sub(r"<[^>]+>", " ", client.get(
        f"/clinic/patients/{record_a.pk}").content.decode()).split())  # fmt: skip
    assert "Do you have any of these problems? None From your team" in text
    assert "Do you have any of these problems? Not answered" not in text


def test_reissuing_and_revoking_codes(client, record_a, nurse_a):
    old = access.issue_code(record_a).code
    client.force_login(nurse_a)
    new = slip_code(client.post(f"/clinic/patients/{record_a.pk}/code").content.decode())
    with pytest.raises(access.CodeRejected):
        access.check_code(old, _rf())
    assert access.check_code(new, _rf()) == record_a
    client.post(f"/clinic/patients/{record_a.pk}/code/revoke")
    with pytest.raises(access.CodeRejected):
        access.check_code(new, _rf("192.0.2.77"))


def test_viewing_a_record_is_audited_without_the_reference(client, record_a, nurse_a):
    client.force_login(nurse_a)
    html = client.get(f"/clinic/patients/{record_a.pk}").content.decode()
    assert "A-REF-001" in html
    event = AuditEvent.objects.get(action="record_viewed", record_id=record_a.pk, actor=nurse_a)
    assert event.team.slug == "team-a"
    assert "A-REF-001" not in str(event.__dict__)


def test_the_queue_filters_searches_and_flags(client, catalogue, team_a, nurse_a):
    yes = {"sure_understand": "yes", "sure_risk_benefit": "yes", "sure_encouragement": "yes"}
    low = make_record(team_a, "SURE-LOW", sure_sure="no", leaning="not_sure", **yes)
    high = make_record(team_a, "SURE-HIGH", sure_sure="yes", **yes)
    journey_services.submit(low)
    journey_services.submit(high)
    # Unsure too, but not sent: the queue's scores come only from what she sent (issue 16 item 5).
    make_record(team_a, "SURE-DRAFT", sure_sure="no", sure_understand="no")
    make_record(team_a, "NOT-STARTED")
    client.force_login(nurse_a)
    html = filtered_queue(client, flagged="on")
    assert "SURE-LOW" in html and "SURE-HIGH" not in html and "Unsure: 3/4" in html
    assert "SURE-DRAFT" not in html
    html = filtered_queue(client, reference="sure-h")
    assert "SURE-HIGH" in html and "SURE-LOW" not in html
    htmx = client.post("/clinic/", {"status": "in_progress"}, HTTP_HX_REQUEST="true")
    assert htmx.content.decode().lstrip().startswith('<div id="queue-results"')
    assert "NOT-STARTED" not in htmx.content.decode()


def filtered_queue(client, **filters) -> str:
    """Post the queue's filters as the form does, then follow to the queue's plain address."""
    response = client.post("/clinic/", filters)
    assert response.status_code == 303
    assert response["Location"] == "/clinic/?team=team-a"  # no filter, no reference, in it
    return client.get(response["Location"]).content.decode()


def test_a_search_by_reference_never_reaches_an_address(client, catalogue, team_a, nurse_a):
    make_record(team_a, "HOSP-123456")
    make_record(team_a, "HOSP-999999")
    client.force_login(nurse_a)
    response = client.post("/clinic/", {"reference": "HOSP-1234"}, follow=True)
    html = response.content.decode()
    assert "HOSP-123456" in html and "HOSP-999999" not in html
    assert all("HOSP" not in url for url, _ in response.redirect_chain)
    assert "HOSP-1234" not in " ".join(re.findall(r'href="([^"]*)"', html))
    assert 'value="HOSP-1234"' in html  # the search box keeps what was searched for
    cleared = client.post("/clinic/", {"action": "clear"}, follow=True).content.decode()
    assert "HOSP-999999" in cleared and 'value="HOSP-1234"' not in cleared


def test_a_wrong_filter_is_explained_next_to_the_field(client, catalogue, team_a, nurse_a):
    client.force_login(nurse_a)
    response = client.post("/clinic/", {"mdt_date": "31/31/2026"})
    assert response.status_code == 200
    assert "Enter the MDT date as day/month/year" in response.content.decode()


def test_the_queue_sorts_by_mdt_date_then_reference(client, catalogue, team_a, nurse_a):
    from datetime import date

    for reference, day in (("MDT-C", 3), ("MDT-B", 10), ("MDT-A", 10), ("MDT-D", 1)):
        record = make_record(team_a, reference)
        CaseFile.objects.filter(record=record).update(mdt_date=date(2026, 12, day))
    client.force_login(nurse_a)
    html = filtered_queue(client, sort="mdt")
    order = [m for m in re.findall(r"MDT-[A-D]", html)]
    assert list(dict.fromkeys(order)) == ["MDT-D", "MDT-C", "MDT-A", "MDT-B"]


def test_a_large_queue_says_more_than_the_limit_and_still_pages(
    client, catalogue, team_a, nurse_a, monkeypatch
):
    from decision_aid.clinic.selectors import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "limit", 3)
    monkeypatch.setattr("decision_aid.clinic.selectors.PAGE_SIZE", 2)
    for number in range(6):
        make_record(team_a, f"BIG-{number}")
    client.force_login(nurse_a)
    html = client.get("/clinic/").content.decode()
    assert "More than 3 patients" in html
    assert len(set(re.findall(r"BIG-\d", html))) == 2
    assert "Page 2" in html  # a next page, while there are more
    exact = filtered_queue(client, reference="BIG-1")
    assert "1 patient" in exact and "More than" not in exact


def _rf(address="192.0.2.10"):
    from django.test import RequestFactory

    return RequestFactory().post("/start", REMOTE_ADDR=address)
