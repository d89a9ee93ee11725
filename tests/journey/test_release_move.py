"""A correction published in a newer content release reaches patients still answering (hazard
log, action A1): their records move to it, they are told on their next page, and every move is
audited. Records already sent keep the release they were shown, counted for their team."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from decision_aid.content.models import Option
from decision_aid.content.releases import catalogue_for, publish_release
from decision_aid.core.models import AuditAction, AuditEvent
from decision_aid.journey import lifecycle, services
from decision_aid.journey.models import DecisionRecord, RecordStatus
from tests.conftest import make_record

CORRECTED = "Fulvestrant is an injection into the muscle of each buttock, once a month."


def publish_correction(catalogue):
    """A newer release in which one option's summary was corrected."""
    Option.objects.filter(slug="fulvestrant").update(summary=CORRECTED)
    release = publish_release("Correction: fulvestrant summary")
    assert release.pk != catalogue.release_id
    return release


@pytest.fixture
def correction(catalogue):
    return publish_correction(catalogue)


def fulvestrant_summary(record: DecisionRecord) -> str:
    return catalogue_for(record.content_release_id).option("fulvestrant").summary


def run(*args: str) -> str:
    out = StringIO()
    call_command("move_to_release", *args, stdout=out)
    return out.getvalue()


def test_records_still_being_answered_move_and_sent_records_keep_their_release(
    catalogue, team_a, team_b
):
    invited = make_record(team_a, "A-1")
    answering = make_record(team_a, "A-2", journey_minutes=30)
    sent = make_record(team_b, "B-1", journey_minutes=20)
    services.submit(sent)
    reviewed = make_record(team_b, "B-2", journey_minutes=20)
    services.submit(reviewed)
    lifecycle.transition(reviewed, lifecycle.Event.REVIEW)
    assert invited.status == RecordStatus.INVITED and answering.status == RecordStatus.IN_PROGRESS
    correction = publish_correction(catalogue)

    dry_run = run()
    assert "Would move (dry run; add --apply to move them): 2 record(s)" in dry_run
    assert f"{team_b.name}: 2" in dry_run and team_a.name not in dry_run
    assert DecisionRecord.objects.filter(content_release_id=correction.pk).count() == 0

    applied = run("--apply")
    assert f"Moved: 2 record(s) still being answered, to release {correction.pk}" in applied
    for record in (invited, answering, sent, reviewed):
        record.refresh_from_db()
    assert invited.content_release_id == answering.content_release_id == correction.pk
    assert invited.content_updated_at is not None
    assert fulvestrant_summary(answering) == CORRECTED
    # What a sent record's patient saw is kept: its summary still shows the text they read.
    assert sent.content_release_id == reviewed.content_release_id == catalogue.release_id
    assert sent.content_updated_at is None
    assert fulvestrant_summary(sent) != CORRECTED
    assert services.load_answers(answering)["journey_minutes"] == 30  # answers are kept

    events = AuditEvent.objects.filter(action=AuditAction.RELEASE_CHANGED)
    assert {str(e.record_id) for e in events} == {str(invited.pk), str(answering.pk)}
    assert {e.detail for e in events} == {f"release {catalogue.release_id} to {correction.pk}"}
    assert all(e.actor_kind == "system" and e.team_id == team_a.pk for e in events)

    assert "Moved: 0 record(s)" in run("--apply")  # nothing left to move: it can run again


def test_moving_never_goes_back_to_an_older_release(catalogue, team_a, correction):
    record = make_record(team_a, "A-1")
    DecisionRecord.objects.filter(pk=record.pk).update(content_release_id=correction.pk)
    run("--release", str(catalogue.release_id), "--apply")
    record.refresh_from_db()
    assert record.content_release_id == correction.pk
    with pytest.raises(CommandError, match="no content release 9999"):
        run("--release", "9999")


def test_the_patient_is_told_until_they_look_at_their_options_again(
    catalogue, patient, record, correction
):
    services.save_answers(record, {"journey_minutes": 40})
    assert "We updated the information" not in patient.get("/steps/what-matters").content.decode()
    services.move_to_release(correction.pk)

    for url in ("/steps/what-matters", "/steps/getting-to-hospital", "/steps/check-answers"):
        page = patient.get(url).content.decode()
        assert "We updated the information about treatments on" in page, url
        assert 'href="/steps/your-options"' in page and "Look at your options again" in page

    options = patient.get("/steps/your-options").content.decode()
    assert "The options below show the updated information" in options
    fulvestrant = patient.get("/options/fulvestrant").content.decode()
    assert "muscle of each buttock" in fulvestrant  # the corrected text, not the old one
    record.refresh_from_db()
    assert record.content_updated_at is None
    assert "We updated the information" not in patient.get("/steps/what-matters").content.decode()


def test_the_team_sees_when_a_patient_sent_answers_without_seeing_the_update(
    catalogue, client, team_a, nurse_a, tmp_path
):
    from decision_aid.documents import services as documents
    from tests.documents.test_pdfs import pdftotext, squash

    record = make_record(team_a, "A-MOVED-1", journey_minutes=30)
    services.move_to_release(publish_correction(catalogue).pk)
    record.refresh_from_db()
    services.submit(record)  # sent from "Check your answers", without opening "Your options"

    client.force_login(nurse_a)
    page = client.get(f"/clinic/patients/{record.pk}").content.decode()
    assert "The patient has not looked at the updated options yet." in page
    text = squash(pdftotext(documents.mdt_summary_pdf(record), tmp_path))
    assert "the patient has not looked at the updated options" in text

    services.content_update_seen(record)
    assert "not looked at the updated options" not in (
        client.get(f"/clinic/patients/{record.pk}").content.decode()
    )
