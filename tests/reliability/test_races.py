"""Races: requests that really overlap (threads, each with its own database connection) never
lose an answer, a note or a status, and a double submit makes one version.

Every round starts all its requests at once (a barrier) and the checks run when the round is
over, so each test holds for whatever order the database puts the requests in. SQLite writers
wait for each other (the settings give a busy timeout); on PostgreSQL they run side by side.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from importlib import import_module

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from decision_aid.clinic.models import CaseFile, NurseNote
from decision_aid.core.models import AuditAction, AuditEvent
from decision_aid.journey import services
from decision_aid.journey.models import Answer, DecisionRecord, RecordStatus, Submission
from decision_aid.journey.session import SEEN_KEY, SESSION_KEY
from tests.conftest import make_record

pytestmark = [pytest.mark.usefixtures("transactional_db"), pytest.mark.slow]  # threads, commits

HTMX = {"HTTP_HX_REQUEST": "true"}
STEP_OF = {
    "matters_fewer_visits": "what-matters",
    "matters_most": "what-matters",
    "journey_minutes": "getting-to-hospital",
    "travel_mode": "getting-to-hospital",
    "leaning": "where-you-are-leaning",
    "sure_sure": "where-you-are-leaning",
    "sure_understand": "where-you-are-leaning",
    "sure_risk_benefit": "where-you-are-leaning",
    "sure_encouragement": "where-you-are-leaning",
}


def run_together(*jobs: Callable[[], object]) -> list[object]:
    """Run each job in its own thread, all released at once; return their results in order.

    Each thread uses its own database connection and closes it when done. An exception in any
    job (an assertion, a database error) fails the test.
    """
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def work(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except BaseException as error:  # reported in the test's own thread below
            errors.append(error)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    if errors:
        raise next(
            (e for e in errors if not isinstance(e, threading.BrokenBarrierError)), errors[0]
        )
    return results


def patient_client(record: DecisionRecord, session_key: str | None = None) -> Client:
    """A browser whose session holds ``record`` (as after entering a code). Pass the key of
    another client's session for a second tab of the same browser."""
    if session_key is None:
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(record.pk)
        session[SEEN_KEY] = int(time.time())  # recently seen: requests do not rewrite it
        session.save()
        session_key = session.session_key
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def tabs(record: DecisionRecord, count: int) -> list[Client]:
    first = patient_client(record)
    key = first.cookies[settings.SESSION_COOKIE_NAME].value
    return [first, *(patient_client(record, key) for _ in range(count - 1))]


def autosave(client: Client, field: str, value: str) -> Callable[[], int]:
    def job() -> int:
        response = client.post(f"/steps/{STEP_OF[field]}/save/{field}", {field: value}, **HTMX)
        assert response.status_code == 200, (field, response.status_code)
        assert b"nhsuk-error-message" not in response.content, field
        return response.status_code

    return job


def submit(client: Client) -> Callable[[], int]:
    def job() -> int:
        response = client.post("/steps/check-answers")
        assert response.status_code == 302 and response["Location"] == "/submitted"
        return response.status_code

    return job


def nurse_post(client: Client, path: str, data: dict) -> Callable[[], int]:
    def job() -> int:
        response = client.post(path, data)
        assert response.status_code == 302, (path, response.status_code)
        return response.status_code

    return job


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def audit_count(record: DecisionRecord, action: AuditAction) -> int:
    return AuditEvent.objects.filter(record_id=record.pk, action=action).count()


@pytest.fixture
def invited(catalogue, team_a) -> DecisionRecord:
    """A record a nurse has just invited the patient to: no answers yet."""
    record = make_record(team_a, "RACE-001")
    assert record.status == RecordStatus.INVITED
    return record


def test_concurrent_autosaves_to_one_record_lose_nothing(invited):
    # One tab per answer, all saving at once, round after round; each tab's values change every
    # round, so the answer kept must be that tab's last one.
    values = {
        "matters_fewer_visits": ["not_at_all", "a_little", "quite_a_lot", "very_much"],
        "matters_most": [f"Round {n}: time with my grandchildren" for n in range(4)],
        "journey_minutes": ["15", "25", "35", "45"],
        "travel_mode": ["car", "lift", "public_transport", "hospital_transport"],
        "leaning": ["not_sure", "some", "no_treatment", "one"],
        "sure_sure": ["no", "yes", "no", "yes"],
        "sure_understand": ["yes", "no", "no", "yes"],
        "sure_risk_benefit": ["no", "no", "yes", "yes"],
        "sure_encouragement": ["yes", "yes", "yes", "no"],
    }
    clients = dict(zip(values, tabs(invited, len(values)), strict=True))
    started = invited.last_activity_at
    rounds = 4
    for n in range(rounds):
        run_together(*(autosave(clients[field], field, values[field][n]) for field in values))

        answers = services.load_answers(invited)
        expected = {field: vals[n] for field, vals in values.items()}
        expected["journey_minutes"] = int(expected["journey_minutes"])
        assert answers == expected, f"round {n}"
        record = DecisionRecord.objects.get(pk=invited.pk)
        # The queue's values come only from what she sends: none of this is sent yet.
        assert (record.leaning, record.sure_score) == ("", None), f"round {n}"
        assert record.status == RecordStatus.IN_PROGRESS
        assert not record.changed_since_submission
        last_answer = max(
            Answer.objects.filter(record=invited).values_list("updated_at", flat=True)
        )
        assert started < last_answer <= record.last_activity_at, f"round {n}"

    assert Answer.objects.filter(record=invited).count() == len(values)  # one row per answer
    services.submit(record)
    record.refresh_from_db()
    assert record.leaning == "one"
    assert record.sure_score == 3 and record.sure_flag  # yes, yes, yes, no
    assert audit_count(invited, AuditAction.RECORD_CHANGED) == rounds * len(values)


def test_many_tabs_saving_the_same_answer_at_once_keep_one_row_and_a_value_sent_last(invited):
    clients = tabs(invited, 4)
    for n in range(3):
        sent = {100 * n + i for i in range(len(clients))}
        run_together(
            *(autosave(c, "journey_minutes", str(v)) for c, v in zip(clients, sent, strict=True))
        )
        rows = list(Answer.objects.filter(record=invited, key="journey_minutes"))
        assert len(rows) == 1
        assert rows[0].value in sent, f"round {n}: {rows[0].value} was not sent this round"
    # A later save from any tab is the one kept.
    autosave(clients[2], "journey_minutes", "599")()
    assert services.load_answers(invited)["journey_minutes"] == 599


def test_a_double_submit_makes_exactly_one_version(invited):
    services.save_answers(invited, {"journey_minutes": 40, "leaning": "not_sure"})
    clients = tabs(invited, 3)  # a double (or triple) click, or the same page in two tabs

    run_together(*(submit(c) for c in clients))
    versions = list(Submission.objects.filter(record=invited))
    assert [s.version for s in versions] == [1]
    assert versions[0].answers == services.load_answers(invited)
    record = DecisionRecord.objects.get(pk=invited.pk)
    assert record.status == RecordStatus.SUBMITTED
    assert record.submitted_version == 1 and not record.changed_since_submission

    # A change, then another double submit: one more version, holding the change.
    autosave(clients[0], "journey_minutes", "55")()
    run_together(*(submit(c) for c in clients))
    versions = list(Submission.objects.filter(record=invited).order_by("version"))
    assert [s.version for s in versions] == [1, 2]
    assert [s.answers["journey_minutes"] for s in versions] == [40, 55]
    record.refresh_from_db()
    assert record.submitted_version == 2 and not record.changed_since_submission


def test_an_autosave_during_a_submit_is_in_the_version_or_marks_the_record_changed(invited):
    services.save_answers(invited, {"journey_minutes": 10, "leaning": "not_sure"})
    saver, submitter = tabs(invited, 2)
    for n in range(4):
        minutes = 20 + n
        run_together(autosave(saver, "journey_minutes", str(minutes)), submit(submitter))

        answers = services.load_answers(invited)
        assert answers["journey_minutes"] == minutes
        record = DecisionRecord.objects.get(pk=invited.pk)
        latest = Submission.objects.filter(record=invited).order_by("-version").first()
        assert record.submitted_version == latest.version
        # Either the version sent holds the answer, or the team is told it changed since.
        assert latest.answers == answers or record.changed_since_submission, f"round {n}"
    versions = list(Submission.objects.filter(record=invited).values_list("version", flat=True))
    assert sorted(versions) == list(range(1, len(versions) + 1))  # no gaps, no duplicates


def test_two_nurses_adding_notes_at_once_keep_every_note(invited, nurse_a, lead_a):
    path = f"/clinic/patients/{invited.pk}/notes"
    nurses = {"nurse": staff_client(nurse_a), "lead": staff_client(lead_a)}
    rounds = 3
    for n in range(rounds):
        run_together(
            *(
                nurse_post(c, path, {"text": f"Note {n} from the {who}"})
                for who, c in nurses.items()
            )
        )
    notes = NurseNote.objects.filter(case__record=invited)
    assert sorted(notes.values_list("text", flat=True)) == sorted(
        f"Note {n} from the {who}" for n in range(rounds) for who in nurses
    )
    assert {note.author_id for note in notes} == {nurse_a.pk, lead_a.pk}
    assert audit_count(invited, AuditAction.NOTE_ADDED) == rounds * len(nurses)


def test_a_status_change_while_the_patient_autosaves_loses_neither(invited, nurse_a):
    services.save_answers(invited, {"journey_minutes": 30})
    services.submit(invited)
    patient = patient_client(invited)
    nurse = staff_client(nurse_a)
    status_path = f"/clinic/patients/{invited.pk}/status"
    statuses = [RecordStatus.REVIEWED, RecordStatus.DISCUSSED] * 2
    for n, status in enumerate(statuses):
        words = f"Round {n}: I want to keep walking the dog"
        run_together(
            autosave(patient, "matters_most", words),
            nurse_post(nurse, status_path, {"status": status}),
        )
        record = DecisionRecord.objects.get(pk=invited.pk)
        assert record.status == status, f"round {n}: the nurse's status was overwritten"
        assert services.load_answers(invited)["matters_most"] == words
        # The patient changed an answer after sending: the team must see that, whatever the
        # status the nurse has just set.
        assert record.changed_since_submission, f"round {n}"
        assert record.submitted_version == 1
    case = CaseFile.objects.get(record=invited)
    assert case.reviewed_by_id == nurse_a.pk and case.discussed_at is not None
    assert audit_count(invited, AuditAction.STATUS_CHANGED) == len(statuses)


def test_a_status_set_between_the_patient_opening_and_saving_is_kept(invited, monkeypatch):
    """The worst order, forced: the patient's request has read the record (still "invited")
    when her other tab sends it ("submitted"), and only then saves its answer. (A nurse can no
    longer change an invited record's status: the lifecycle refuses it, issue 18.)"""
    patient, other_tab = tabs(invited, 2)
    read, sent = threading.Event(), threading.Event()
    save_answers = services.save_answers

    def save_after_her_other_tab(record, values):
        read.set()
        assert sent.wait(timeout=30)
        return save_answers(record, values)

    monkeypatch.setattr(services, "save_answers", save_after_her_other_tab)

    def send_job() -> int:
        assert read.wait(timeout=30)
        try:
            return submit(other_tab)()
        finally:
            sent.set()

    run_together(autosave(patient, "journey_minutes", "35"), send_job)

    record = DecisionRecord.objects.get(pk=invited.pk)
    assert record.status == RecordStatus.SUBMITTED  # not put back to "in progress"
    assert services.load_answers(invited)["journey_minutes"] == 35
    assert record.submitted_version == 1 and record.changed_since_submission
