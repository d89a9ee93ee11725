"""Staff sign-in: lockout, time limits and audit. Retention: what is purged, and dry runs."""

from __future__ import annotations

import io
import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decision_aid.clinic import selectors, services
from decision_aid.clinic.middleware import LOGIN_AT, SEEN_AT
from decision_aid.clinic.models import CaseFile
from decision_aid.core.models import AuditEvent
from decision_aid.journey import access, lifecycle
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import AccessCode, DecisionRecord
from tests.conftest import PASSWORD, make_record, pass_second_factor

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, address="203.0.113.20"):
    return client.post(
        "/clinic/login", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_sign_in_and_out_are_audited(client, nurse_a):
    assert sign_in(client, "nurse-a")["Location"] == "/clinic/two-factor?next=/clinic/"
    assert pass_second_factor(client, nurse_a)["Location"] == "/clinic/"
    client.post("/clinic/logout")
    events = AuditEvent.objects.filter(actor=nurse_a).values_list("action", "detail")
    assert list(events) == [("logout", ""), ("two_factor", "verified"), ("login", "")]


def test_failed_sign_ins_are_audited_and_lock_the_account_out(client, nurse_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "nurse-a", "wrong-password")
        if response.status_code == 200:
            assert "Enter a correct username and password" in response.content.decode()
    locked = sign_in(client, "nurse-a")  # even the right password is refused now
    assert locked.status_code in (403, 429)
    assert "too many failed attempts" in locked.content.decode()
    failures = AuditEvent.objects.filter(action="login_failed")
    assert failures.count() >= settings.AXES_FAILURE_LIMIT
    assert all("wrong-password" not in e.detail for e in failures)
    # Another address is not locked out of the same account.
    from django.test import Client

    assert sign_in(Client(), "nurse-a", address="198.51.100.20").status_code == 302


def test_staff_sessions_end_after_30_minutes_idle(client, nurse_a):
    sign_in(client, "nurse-a")
    pass_second_factor(client, nurse_a)
    assert client.get("/clinic/").status_code == 200
    session = client.session
    session[SEEN_AT] = time.time() - 31 * 60
    session.save()
    response = client.get("/clinic/")
    assert response.status_code == 302 and "timed_out=1" in response["Location"]
    assert client.get("/clinic/").status_code == 302  # signed out


def test_staff_sessions_end_after_12_hours_even_when_active(client, nurse_a):
    sign_in(client, "nurse-a")
    session = client.session
    session[LOGIN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    assert "timed_out=1" in client.get("/clinic/")["Location"]


def test_retention_purges_old_drafts_and_records_past_their_mdt_and_audits_it(
    catalogue, team_a, settings
):
    now = timezone.now()
    old_draft = make_record(team_a, "OLD-DRAFT")
    fresh_draft = make_record(team_a, "NEW-DRAFT")
    DecisionRecord.objects.filter(pk=old_draft.pk).update(
        last_activity_at=now - timedelta(days=settings.RETENTION_DRAFT_DAYS + 1)
    )
    past_mdt = make_record(team_a, "PAST-MDT", journey_minutes=20)
    journey_services.submit(past_mdt)
    lifecycle.transition(past_mdt, lifecycle.Event.DISCUSS)
    CaseFile.objects.filter(record=past_mdt).update(
        mdt_date=(now - timedelta(days=settings.RETENTION_AFTER_MDT_DAYS + 1)).date()
    )
    access.issue_code(fresh_draft)
    AccessCode.objects.filter(record=fresh_draft).update(expires_at=now - timedelta(days=1))

    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "Would delete: 1 untouched drafts, 1 records past retention" in out.getvalue()
    assert DecisionRecord.objects.count() == 3  # a dry run changes nothing
    assert not AuditEvent.objects.filter(action="purged").exists()

    plan = services.purge(now=now)
    assert plan.records == 2
    assert set(DecisionRecord.objects.values_list("pk", flat=True)) == {fresh_draft.pk}
    assert not AccessCode.objects.exists()
    deleted = AuditEvent.objects.filter(action="record_deleted")
    assert set(deleted.values_list("record_id", flat=True)) == {old_draft.pk, past_mdt.pk}
    summary = AuditEvent.objects.get(action="purged")
    assert summary.detail == (
        "drafts=1 past_mdt=1 codes=1 attempts=0 sign_in_logs=0 sessions=0 task_results=0 "
        "mdt_packs=0"
    )
    for reference in ("OLD-DRAFT", "PAST-MDT"):
        assert not AuditEvent.objects.filter(detail__contains=reference).exists()


def test_retention_uses_the_clock_it_is_given(catalogue, team_a, settings):
    draft = make_record(team_a, "DRAFT")
    later = timezone.now() + timedelta(days=settings.RETENTION_DRAFT_DAYS + 1)
    assert services.purge_plan(now=timezone.now()).records == 0
    assert services.purge_plan(now=later).drafts == [(draft.pk, team_a.pk)]


def _queue_queries(client) -> int:
    client.post("/clinic/", {"sort": "mdt"})  # the filter is kept in the session
    client.get("/clinic/")  # warm up: a session refresh (at most once a minute) is not counted
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/clinic/").status_code == 200
    return len(captured)


def _add_records(team, catalogue, count: int, prefix: str) -> None:
    records = [
        DecisionRecord(content_release_id=catalogue.release_id, team=team) for _ in range(count)
    ]
    DecisionRecord.objects.bulk_create(records, batch_size=1000)
    cases = (
        CaseFile(record=r, team=team, reference=f"{prefix}{n:05d}") for n, r in enumerate(records)
    )
    CaseFile.objects.bulk_create(cases, batch_size=1000)


def test_queue_query_count_does_not_grow_with_the_number_of_records(
    client, catalogue, team_a, nurse_a
):
    """Constant queries from 10 records to past the count cap. The time at 50,000 records is
    measured by ``make bench ONLY=queue`` (benchmarks/scenarios.py), not here: a unit test
    that builds 50,000 rows took 29 s locally and 13 minutes on a loaded CI machine."""
    _add_records(team_a, catalogue, 10, "R")
    client.force_login(nurse_a)
    with_10 = _queue_queries(client)
    _add_records(team_a, catalogue, selectors.COUNT_LIMIT + 10, "S")
    assert _queue_queries(client) == with_10
    assert "More than 1,000 patients" in client.get("/clinic/").content.decode()


def test_sign_in_page_works_and_refuses_get_logout(client, nurse_a):
    assert client.get("/clinic/login").status_code == 200
    with mock.patch("decision_aid.core.audit.record") as audit_record:
        assert client.get("/clinic/logout").status_code == 405
    audit_record.assert_not_called()


def test_an_over_long_username_is_a_form_error_not_a_server_error(client, nurse_a):
    """Found by fuzzing on PostgreSQL: the name went to django-axes' 255-character column."""
    from axes.models import AccessAttempt

    response = client.post("/clinic/login", {"username": "x" * 1990, "password": "anything"})
    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer" in response.content.decode()
    assert not AccessAttempt.objects.filter(username__startswith="xxxx").exists()


def test_retention_covers_sessions_and_the_workers_task_results_and_lists_every_kind(
    client, nurse_a, settings
):
    """Issue 17 item 3: expired sessions and the worker's old task results (finished, or left
    running by a killed worker) are purged too; the dry run names every kind with its count."""
    import io
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from decision_aid.core import retention

    now = timezone.now()
    client.force_login(nurse_a)
    live = Session.objects.get()
    Session.objects.create(
        session_key="x" * 32, session_data="e30=", expire_date=now - timedelta(1)
    )
    old = now - timedelta(days=settings.TASK_RESULT_KEEP_DAYS + 1)
    fields = {"args_kwargs": {"args": [], "kwargs": {}}, "task_path": "x.y",
              "backend_name": "default", "run_after": old}  # fmt: skip
    done = DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL, finished_at=old, **fields
    )
    stuck = DBTaskResult.objects.create(status=TaskResultStatus.RUNNING, started_at=old, **fields)
    recent = DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now, **fields
    )

    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    report = out.getvalue()
    assert "Would delete: 1 expired browser sessions." in report
    assert "Would delete: 2 old task results of the worker." in report
    for kind in retention.kinds():  # every kind, each with its count
        assert re.search(rf"Would delete: \d+ {re.escape(kind.label)}\.", report), kind.key
    call_command("purge_expired", stdout=io.StringIO())
    assert list(Session.objects.values_list("pk", flat=True)) == [live.pk]
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk}
    assert done.pk and stuck.pk
    purged = AuditEvent.objects.filter(action="purged").latest("at").detail
    assert "sessions=1" in purged and "task_results=2" in purged
