"""One record lifecycle (issue 18 item 2): every allowed status change, every refused one.

The table is written out again here, by hand, so a change to the lifecycle must change this
file too: what a nurse may do to a record she has not been sent is a clinical-safety question.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_aid.clinic import services as clinic_services
from decision_aid.clinic.models import CaseFile
from decision_aid.core.models import AuditAction, AuditEvent
from decision_aid.journey import lifecycle
from decision_aid.journey import services as journey_services
from decision_aid.journey.lifecycle import Event, TransitionRefused
from decision_aid.journey.models import DecisionRecord, RecordStatus
from decision_aid.journey.session import SESSION_KEY
from tests.conftest import make_record

INVITED, IN_PROGRESS, SUBMITTED, REVIEWED, DISCUSSED = (
    RecordStatus.INVITED, RecordStatus.IN_PROGRESS, RecordStatus.SUBMITTED,
    RecordStatus.REVIEWED, RecordStatus.DISCUSSED,
)  # fmt: skip

# (status, event) -> the status it leads to. Every pair not listed is refused.
ALLOWED = {
    (INVITED, Event.START): IN_PROGRESS,
    (INVITED, Event.SEND): SUBMITTED,
    (IN_PROGRESS, Event.SEND): SUBMITTED,
    (SUBMITTED, Event.SEND): SUBMITTED,
    (REVIEWED, Event.SEND): SUBMITTED,
    (DISCUSSED, Event.SEND): SUBMITTED,
    (SUBMITTED, Event.REVIEW): REVIEWED,
    (REVIEWED, Event.REVIEW): REVIEWED,
    (DISCUSSED, Event.REVIEW): REVIEWED,
    (SUBMITTED, Event.DISCUSS): DISCUSSED,
    (REVIEWED, Event.DISCUSS): DISCUSSED,
    (DISCUSSED, Event.DISCUSS): DISCUSSED,
}
EVERY_PAIR = [(status, event) for status in RecordStatus for event in Event]
REFUSED = [pair for pair in EVERY_PAIR if pair not in ALLOWED]


# --- The table, with no database ------------------------------------------------------------


@pytest.mark.parametrize(("status", "event"), list(ALLOWED))
def test_each_allowed_transition_leads_where_the_table_says(status, event):
    assert lifecycle.can(status, event)
    assert lifecycle.next_status(status, event) == ALLOWED[status, event]


@pytest.mark.parametrize(("status", "event"), REFUSED)
def test_each_other_transition_is_refused(status, event):
    assert not lifecycle.can(status, event)
    with pytest.raises(TransitionRefused) as refused:
        lifecycle.next_status(status, event)
    assert refused.value.event == event and refused.value.status == status


def test_a_new_record_starts_invited_or_in_progress():
    assert lifecycle.initial_status(invited=True) == INVITED
    assert lifecycle.initial_status(invited=False) == IN_PROGRESS


@given(st.lists(st.sampled_from(list(Event)), max_size=12), st.sampled_from([INVITED, IN_PROGRESS]))
def test_no_sequence_of_events_reaches_reviewed_or_discussed_without_a_send(events, start):
    status, sent = start, False
    for event in events:
        if not lifecycle.can(status, event):
            continue
        status = lifecycle.next_status(status, event)
        sent = sent or event == Event.SEND
        if status in (REVIEWED, DISCUSSED):
            assert sent
        if status in lifecycle.STILL_ANSWERING:
            assert not sent  # once sent, a record never goes back to being answered


# --- Through the services, with the audit event each writes ---------------------------------


def _at(record: DecisionRecord, status: RecordStatus) -> DecisionRecord:
    """Bring an invited record to ``status`` the way the service does it."""
    if status != INVITED:
        journey_services.save_answers(record, {"journey_minutes": 30})
    if status in (SUBMITTED, REVIEWED, DISCUSSED):
        journey_services.submit(record)
    if status in (REVIEWED, DISCUSSED):
        lifecycle.transition(record, Event.REVIEW if status == REVIEWED else Event.DISCUSS)
    record.refresh_from_db()
    assert record.status == status
    return record


def _events(record, action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(record_id=record.pk, action=action).order_by("id"))


def test_an_invitation_starts_invited_and_her_first_answer_starts_it(catalogue, team_a):
    record = make_record(team_a, "LC-START")
    assert record.status == INVITED
    journey_services.save_answers(record, {"journey_minutes": 30})
    record.refresh_from_db()
    assert record.status == IN_PROGRESS
    # "start" writes no row of its own: the page that saved the answer audits that.
    assert not AuditEvent.objects.filter(record_id=record.pk).exists()
    journey_services.save_answers(record, {"journey_minutes": 40})  # no second "start"
    record.refresh_from_db()
    assert record.status == IN_PROGRESS


@pytest.mark.parametrize("status", [INVITED, IN_PROGRESS, SUBMITTED, REVIEWED, DISCUSSED])
def test_sending_from_each_status_submits_and_audits_the_version(catalogue, team_a, status):
    record = _at(make_record(team_a, "LC-SEND"), status)
    journey_services.save_answers(record, {"journey_minutes": 45})  # something new to send
    submission = journey_services.submit(record)
    record.refresh_from_db()
    assert record.status == SUBMITTED and record.submitted_version == submission.version
    assert _events(record, AuditAction.RECORD_SUBMITTED)[-1].detail == (
        f"version {submission.version}"
    )


def test_sending_nothing_new_keeps_the_status_and_still_records_the_press(catalogue, team_a):
    record = _at(make_record(team_a, "LC-AGAIN"), REVIEWED)
    journey_services.submit(record)  # no change since version 1
    record.refresh_from_db()
    assert record.status == REVIEWED and record.submitted_version == 1
    assert [e.detail for e in _events(record, AuditAction.RECORD_SUBMITTED)] == ["version 1"] * 2


def test_sending_from_the_check_answers_page_audits_it_as_the_patient(client, catalogue, team_a):
    record = make_record(team_a, "LC-PAGE", journey_minutes=30)
    session = client.session
    session[SESSION_KEY] = str(record.pk)
    session.save()
    assert client.post("/steps/check-answers")["Location"] == "/submitted"
    (event,) = _events(record, AuditAction.RECORD_SUBMITTED)
    assert (event.detail, event.actor_kind, event.team_id) == ("version 1", "patient", team_a.pk)


@pytest.mark.parametrize("status", [SUBMITTED, REVIEWED, DISCUSSED])
@pytest.mark.parametrize("marked", [REVIEWED, DISCUSSED])
def test_a_nurse_marks_a_sent_record_reviewed_or_discussed(
    client, catalogue, team_a, nurse_a, status, marked
):
    record = _at(make_record(team_a, "LC-MARK"), status)
    before = len(_events(record, AuditAction.STATUS_CHANGED))
    client.force_login(nurse_a)
    response = client.post(f"/clinic/patients/{record.pk}/status", {"status": marked})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == marked
    events = _events(record, AuditAction.STATUS_CHANGED)
    assert len(events) == before + 1
    assert (events[-1].detail, events[-1].actor_id) == (marked.value, nurse_a.pk)
    case = CaseFile.objects.get(record=record)
    if marked == REVIEWED:
        assert case.reviewed_by == nurse_a and case.reviewed_at is not None
    else:
        assert case.discussed_at is not None


@pytest.mark.parametrize("status", [INVITED, IN_PROGRESS])
@pytest.mark.parametrize(
    ("marked", "message"),
    [(REVIEWED, "You cannot mark this record as reviewed yet: she has not sent her answers."),
     (DISCUSSED, "You cannot mark this record as discussed at MDT yet: she has not sent her")],
)  # fmt: skip
def test_a_nurse_cannot_mark_a_record_she_has_not_been_sent(
    client, catalogue, team_a, nurse_a, status, marked, message
):
    record = _at(make_record(team_a, "LC-REFUSE"), status)
    client.force_login(nurse_a)
    response = client.post(f"/clinic/patients/{record.pk}/status", {"status": marked})
    assert response.status_code == 200  # the page again, with the reason: not a 500
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert html.index(message) < html.index("Mark as reviewed")  # next to the buttons
    record.refresh_from_db()
    assert record.status == status  # nothing changed
    case = CaseFile.objects.get(record=record)
    assert case.reviewed_at is None and case.reviewed_by is None and case.discussed_at is None
    assert not _events(record, AuditAction.STATUS_CHANGED)
    (viewed,) = _events(record, AuditAction.RECORD_VIEWED)  # the page shown again is a view
    assert viewed.detail == "form errors"


@pytest.mark.parametrize("status", [INVITED, IN_PROGRESS])
@pytest.mark.parametrize("marked", [REVIEWED, DISCUSSED])
def test_the_clinic_service_raises_for_a_record_not_sent(
    rf, catalogue, team_a, nurse_a, status, marked
):
    record = _at(make_record(team_a, "LC-SERVICE"), status)
    request = rf.post("/")
    request.user = nurse_a
    with pytest.raises(TransitionRefused):
        clinic_services.set_status(record, marked, request)
    record.refresh_from_db()
    assert record.status == status


@pytest.mark.parametrize(("status", "event"), REFUSED)
def test_a_refused_transition_changes_nothing_and_audits_nothing(catalogue, team_a, status, event):
    record = _at(make_record(team_a, "LC-NOTHING"), status)
    events_before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused):
        lifecycle.transition(record, event, leaning="some")
    record.refresh_from_db()
    assert record.status == status and record.leaning == ""
    assert AuditEvent.objects.count() == events_before


def test_the_status_is_checked_as_stored_not_as_the_request_loaded_it(catalogue, team_a):
    record = _at(make_record(team_a, "LC-STALE"), SUBMITTED)
    stale = DecisionRecord.objects.get(pk=record.pk)
    stale.status = IN_PROGRESS  # what an older read would say
    assert lifecycle.transition(stale, Event.REVIEW) == REVIEWED
