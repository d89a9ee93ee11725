"""Issue 16 item 2: answers a patient sent to a team she chose appear in that team's queue as
"sent by a patient, not yet matched"; a nurse confirms the match (audited) before the record
counts as the team's, or turns it away as not their patient. Another team sees nothing."""

from __future__ import annotations

import datetime

from decision_aid.clinic.models import CaseFile
from decision_aid.core.models import AuditEvent
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord

NAME = "Marker Matilda Matchme"
WORDS = "Marker-words: I want to keep walking the dog"


def sent_to(team, **answers) -> DecisionRecord:
    record = journey_services.start_record(self_started=True, requested_team=team)
    journey_services.save_answers(record, {"matters_most": WORDS, **answers})
    journey_services.send_to_team(record, team, full_name=NAME,
                                  date_of_birth=datetime.date(1958, 7, 4),
                                  nhs_number="9434765919", hospital_number="RX1-777")  # fmt: skip
    record.refresh_from_db()
    return record


def test_the_team_sees_it_as_not_yet_matched_and_confirms(client, catalogue, team_a, nurse_a):
    record = sent_to(team_a)
    client.force_login(nurse_a)
    queue = client.get("/clinic/").content.decode()
    assert "Sent by a patient, not yet matched (1)" in queue and NAME in queue
    assert WORDS not in queue
    page = client.get(f"/clinic/sent/{record.pk}").content.decode()
    assert NAME in page and "943 476 5919" in page and "4 July 1958" in page
    assert WORDS not in page  # her answers only once she is matched
    assert client.get(f"/clinic/patients/{record.pk}").status_code == 404  # not the team's yet

    response = client.post(f"/clinic/sent/{record.pk}/match", {"reference": "RX1-777"})
    assert response.status_code == 302 and response["Location"] == f"/clinic/patients/{record.pk}"
    record.refresh_from_db()
    assert record.team == team_a and CaseFile.objects.get(record=record).reference == "RX1-777"
    assert WORDS in client.get(f"/clinic/patients/{record.pk}").content.decode()
    assert NAME not in client.get("/clinic/").content.decode().split("<table")[0]
    matched = AuditEvent.objects.get(action="record_claimed", record_id=record.pk)
    assert (matched.actor, matched.team, matched.detail) == (
        nurse_a,
        team_a,
        "matched to the team's notes",
    )
    assert client.get(f"/clinic/sent/{record.pk}").status_code == 404  # matched: not listed


def test_a_match_needs_the_teams_reference(client, catalogue, team_a, nurse_a):
    record = sent_to(team_a)
    client.force_login(nurse_a)
    html = client.post(f"/clinic/sent/{record.pk}/match", {"reference": ""}).content.decode()
    assert "Enter the patient reference" in html
    record.refresh_from_db()
    assert record.team is None


def test_not_our_patient_leaves_the_list_and_she_is_told_nothing(client, catalogue, team_a,
                                                                  nurse_a):  # fmt: skip
    record = sent_to(team_a)
    client.force_login(nurse_a)
    response = client.post(f"/clinic/sent/{record.pk}/not-ours")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.not_matched_at is not None and record.team is None
    assert NAME not in client.get("/clinic/").content.decode()
    assert client.get(f"/clinic/sent/{record.pk}").status_code == 404
    event = AuditEvent.objects.get(action="status_changed", record_id=record.pk)
    assert event.detail == "not our patient" and event.team == team_a


def test_another_team_sees_nothing_of_it(client, catalogue, team_a, nurse_b):
    record = sent_to(team_a)
    client.force_login(nurse_b)
    assert NAME not in client.get("/clinic/").content.decode()
    for path in ("", "/match", "/not-ours"):
        method = client.get if path == "" else client.post
        assert method(f"/clinic/sent/{record.pk}{path}").status_code == 404
    record.refresh_from_db()
    assert record.team is None and record.not_matched_at is None


def test_a_record_not_sent_yet_is_not_listed(client, catalogue, team_a, nurse_a):
    record = journey_services.start_record(self_started=True, requested_team=team_a)
    journey_services.save_answers(record, {"matters_most": WORDS})
    client.force_login(nurse_a)
    assert "not yet matched" not in client.get("/clinic/").content.decode()
    assert client.get(f"/clinic/sent/{record.pk}").status_code == 404


def test_the_mdt_decision_is_recorded_audited_and_shown_to_her(client, catalogue, team_a, nurse_a):
    from tests.conftest import make_record

    record = make_record(team_a, "DEC-01")
    client.force_login(nurse_a)
    bad = client.post(f"/clinic/patients/{record.pk}/decision", {"decision": "", "tell_who": ""})
    assert "Enter what was decided, or the next step" in bad.content.decode()
    data = {"decision": "Start fulvestrant next month.", "tell_who": "Sam Jones, breast care nurse",
            "tell_by": "10/12/2026"}  # fmt: skip
    response = client.post(f"/clinic/patients/{record.pk}/decision", data)
    assert response["Location"].endswith("#decision")
    case = CaseFile.objects.get(record=record)
    assert (case.decision, case.decision_tell_by) == (data["decision"], datetime.date(2026, 12, 10))
    event = AuditEvent.objects.get(action="record_changed", record_id=record.pk, actor=nurse_a)
    assert event.detail == "decision after the MDT" and data["decision"] not in event.detail
    page = client.get(f"/clinic/patients/{record.pk}").content.decode()
    assert "Start fulvestrant next month." in page and "10 December 2026" in page

    from decision_aid.journey.session import SESSION_KEY

    patient = client.__class__()
    session = patient.session
    session[SESSION_KEY] = str(record.pk)
    session.save()
    copy = patient.get("/my-summary").content.decode()
    assert "After your team" in copy and "Sam Jones, breast care nurse, by 10 December 2026" in copy


def test_retention_deletes_a_record_no_team_holds_with_her_details(catalogue, team_a, settings):
    """Sent but never matched, or turned away: deleted with what identifies her once it has
    been idle as long as a draft may be; a matched record is kept by the team's rules."""
    from datetime import timedelta

    from django.utils import timezone

    from decision_aid.clinic import services
    from decision_aid.journey.models import PatientIdentity

    waiting, turned_away = sent_to(team_a), sent_to(team_a)
    DecisionRecord.objects.filter(pk=turned_away.pk).update(not_matched_at=timezone.now())
    later = timezone.now() + timedelta(days=settings.RETENTION_DRAFT_DAYS + 1)
    assert {pk for pk, _team in services.purge_plan(later).drafts} >= {waiting.pk, turned_away.pk}
    assert waiting.pk not in {pk for pk, _ in services.purge_plan(timezone.now()).drafts}
    services.purge(later)
    assert not DecisionRecord.objects.filter(pk__in=[waiting.pk, turned_away.pk]).exists()
    assert not PatientIdentity.objects.exists()
