"""Review findings F2, F5, F6 and F7 (../shared/reviews/2026-12-security.md, issue 17): each
test reproduces the finding and fails without its fix.

- F2: MDT pack PDFs outlived the records they summarise.
- F5: anyone who knew a code's 4-character selector could lock its patient out for an hour.
- F6: the full access code sat in clear in the session table until it was shown.
- F7: failed sign-ins stored whatever was typed as a username; the sign-in logs were never purged.
"""

from __future__ import annotations

import importlib
import io
import json
import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt as AxesAttempt
from axes.models import AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from decision_aid.clinic import services
from decision_aid.clinic.models import CaseFile
from decision_aid.core.models import AuditEvent
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey import access, handoff
from decision_aid.journey.models import AccessAttempt, AttemptKind, DecisionRecord
from tests.conftest import make_record

pytestmark = pytest.mark.django_db


# --- F2: packs go with their records, and expire as working copies ---------------------------


def _pack(team, record_ids, mdt_date, requested_days_ago: int = 0) -> MdtPack:
    pack = MdtPack.objects.create(
        team=team, mdt_date=mdt_date, status=PackStatus.DONE, pdf=b"%PDF-1.7 RET-SECRET-REF",
        record_ids=[str(record_id) for record_id in record_ids], patients=len(record_ids),
    )  # fmt: skip
    if requested_days_ago:
        MdtPack.objects.filter(pk=pack.pk).update(
            requested_at=timezone.now() - timedelta(days=requested_days_ago)
        )
    return pack


def _past_retention(settings):
    return (timezone.now() - timedelta(days=settings.RETENTION_AFTER_MDT_DAYS + 1)).date()


def test_F2_a_pack_for_a_meeting_past_retention_is_purged_with_its_records(
    client, catalogue, team_a, nurse_a, settings
):
    old_date = _past_retention(settings)
    record = make_record(team_a, "RET-SECRET-REF", journey_minutes=20)
    CaseFile.objects.filter(record=record).update(mdt_date=old_date)
    pack = _pack(team_a, [record.pk], old_date)
    # The pack was asked for today: only its meeting date (and its record) make it go.
    client.force_login(nurse_a)
    assert client.get(f"/clinic/packs/{pack.pk}/download").status_code == 200

    plan = services.purge()

    assert plan.others["mdt_packs"] == 1
    assert not DecisionRecord.objects.filter(pk=record.pk).exists()
    assert not MdtPack.objects.exists()
    assert client.get(f"/clinic/packs/{pack.pk}/download").status_code == 404
    assert "mdt_packs=1" in AuditEvent.objects.get(action="purged").detail


def test_F2_a_pack_holding_a_purged_record_is_purged_and_others_stay(catalogue, team_a, settings):
    next_week = (timezone.now() + timedelta(days=7)).date()
    draft = make_record(team_a, "OLD-DRAFT")
    kept = make_record(team_a, "KEPT", journey_minutes=20)
    DecisionRecord.objects.filter(pk=draft.pk).update(
        last_activity_at=timezone.now() - timedelta(days=settings.RETENTION_DRAFT_DAYS + 1)
    )
    with_draft = _pack(team_a, [kept.pk, draft.pk], next_week)
    without = _pack(team_a, [kept.pk], next_week)
    gone_before = _pack(team_a, ["00000000-0000-4000-8000-000000000000"], next_week)

    plan = services.purge()

    assert [pk for pk, _team in plan.drafts] == [draft.pk]
    assert set(MdtPack.objects.values_list("pk", flat=True)) == {without.pk}
    assert {with_draft.pk, gone_before.pk}.isdisjoint(MdtPack.objects.values_list("pk", flat=True))
    assert "mdt_packs=2" in AuditEvent.objects.get(action="purged").detail


def test_F2_packs_expire_after_MDT_PACK_KEEP_DAYS_and_the_dry_run_lists_them(
    catalogue, team_a, settings
):
    settings.MDT_PACK_KEEP_DAYS = 3
    record = make_record(team_a, "LIVE", journey_minutes=20)
    next_week = (timezone.now() + timedelta(days=7)).date()
    stale = _pack(team_a, [record.pk], next_week, requested_days_ago=4)
    fresh = _pack(team_a, [record.pk], next_week, requested_days_ago=2)

    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "Would delete: 1 MDT packs." in out.getvalue()
    assert MdtPack.objects.count() == 2 and not AuditEvent.objects.filter(action="purged")

    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    assert "Deleted: 1 MDT packs." in out.getvalue()
    assert list(MdtPack.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert stale.pk != fresh.pk and DecisionRecord.objects.filter(pk=record.pk).exists()
    assert "mdt_packs=1" in AuditEvent.objects.get(action="purged").detail


# --- F7: failed sign-ins name no typed text; sign-in logs are purged -------------------------


def _sign_in(client, username, password="wrong-password", address="203.0.113.21"):  # noqa: S107
    return client.post(
        "/clinic/login", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_F7_a_failed_sign_in_records_the_account_id_or_unknown_user_never_what_was_typed(
    client, nurse_a
):
    _sign_in(client, "nurse-a")
    _sign_in(client, "Jane Patient-Name 1957")  # a patient's name typed into the username box
    _sign_in(client, "my-secret-password!", address="203.0.113.22")

    details = list(
        AuditEvent.objects.filter(action="login_failed")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == [f"user id {nurse_a.pk}", "unknown user", "unknown user"]
    for typed in ("nurse-a", "Jane", "secret", "username="):
        assert not AuditEvent.objects.filter(detail__contains=typed).exists()


def test_F7_rows_written_before_the_fix_lose_what_was_typed_and_keep_the_rest(nurse_a):
    """Migration core 0006 rewrites old rows ("username=<what was typed>") as new ones read."""
    from django.apps import apps

    scrub = importlib.import_module("decision_aid.core.migrations.0006_scrub_typed_usernames")
    old = [
        AuditEvent.objects.create(action="login_failed", actor_kind="system", detail=detail,
                                  request_id="req-1")
        for detail in ("username=nurse-a", "username=Jane Patient-Name 1957",
                       "username=my-secret-password!", "username=")
    ]  # fmt: skip
    newer = AuditEvent.objects.create(action="login_failed", actor_kind="system",
                                      detail="unknown user")  # fmt: skip
    other = AuditEvent.objects.create(action="login", actor_kind="staff", detail="username=x")

    scrub.scrub_typed_usernames(apps, None)

    rows = AuditEvent.objects.filter(pk__in=[e.pk for e in old]).order_by("pk")
    assert list(rows.values_list("detail", flat=True)) == [
        f"user id {nurse_a.pk}",
        "unknown user",
        "unknown user",
        "unknown user",
    ]
    assert {(r.action, r.request_id, r.at) for r in rows} == {
        (e.action, e.request_id, e.at) for e in old
    }
    newer.refresh_from_db(), other.refresh_from_db()
    assert (newer.detail, other.detail) == ("unknown user", "username=x")  # only old F7 rows


def test_F7_purge_expired_deletes_old_sign_in_logs(client, nurse_a, settings):
    _sign_in(client, "ghost-user-1")
    _sign_in(client, "nurse-a", password="a-long-staff-password-2026", address="203.0.113.23")
    client.post("/clinic/logout")
    assert AxesAttempt.objects.exists() and AccessLog.objects.exists()
    # Written only with AXES_ENABLE_ACCESS_FAILURE_LOG; purged all the same.
    AccessFailureLog.objects.create(username="ghost-user-1", ip_address="203.0.113.21")
    now = timezone.now()

    assert services.purge(now=now).others["sign_in_logs"] == 0  # still recent: all kept
    later = now + timedelta(days=settings.SIGN_IN_LOG_KEEP_DAYS + 1)
    out = io.StringIO()
    plan = services.purge_plan(now=later)
    assert plan.others["sign_in_logs"] >= 3

    purged = services.purge(now=later)

    assert purged.others["sign_in_logs"] == plan.others["sign_in_logs"]
    for model in (AxesAttempt, AccessLog, AccessFailureLog):
        assert not model.objects.exists(), model.__name__
    summary = AuditEvent.objects.filter(action="purged").order_by("id").last()
    assert f"sign_in_logs={plan.others['sign_in_logs']}" in summary.detail
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "Would delete: 0 old staff sign-in log entries." in out.getvalue()


# --- F6: the full code is never in the session table -----------------------------------------


def _session_rows() -> list[str]:
    """Every session as stored, decoded: what a copy of the table or a backup would show."""
    return [json.dumps(row.get_decoded()) for row in Session.objects.all()]


def _code_on(page: str) -> str | None:
    found = re.search(r'class="app-access-code" lang="en">([^<]+)<', page)
    return found.group(1) if found else None


@pytest.mark.parametrize("how", ["self-start", "replace a lost code"])
def test_F6_a_new_code_is_never_in_clear_in_the_session_table_and_is_shown_once(
    client, catalogue, how
):
    if how == "replace a lost code":
        client.post("/start/new")
        client.get("/your-code")
    response = client.post("/start/new" if how == "self-start" else "/your-code/new")
    assert response.status_code == 302 and response["Location"] == "/your-code"
    record = DecisionRecord.objects.order_by("-created_at").first()

    # Not following the redirect (as in the review): the stored session holds no code.
    rows = _session_rows()
    assert rows and "new_code" not in "".join(rows)

    page = client.get("/your-code")  # with JavaScript off: plain HTML, no script needed
    code = _code_on(page.content.decode())
    assert code and re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert "no-store" in page["Cache-Control"]
    assert access.check_code(code, RequestFactory().post("/start")) == record
    for stored in rows + _session_rows():
        assert code not in stored and access.normalise(code) not in stored
    # Shown once: the halves are gone from the session and from the browser.
    assert _code_on(client.get("/your-code").content.decode()) is None
    assert handoff.SESSION_KEY not in client.session
    assert client.cookies[handoff.COOKIE].value == ""


def test_F6_the_session_half_alone_or_a_stale_one_shows_no_code(client, catalogue):
    client.post("/start/new")
    del client.cookies[handoff.COOKIE]  # a copy of the session table, without the browser
    assert _code_on(client.get("/your-code").content.decode()) is None

    client.post("/your-code/new")
    with time_machine.travel(timezone.now() + timedelta(seconds=handoff.HANDOFF_SECONDS + 1)):
        assert _code_on(client.get("/your-code").content.decode()) is None


# --- F5: a known selector cannot lock the patient out; guessing stays stopped ---------------


def _try(code: str, address: str):
    return access.check_code(code, RequestFactory().post("/start", REMOTE_ADDR=address))


def _wrong(code: str) -> str:
    filler = "Z" if code[-1] != "Z" else "Y"
    return code[: access.SELECTOR_LENGTH] + filler * (access.CODE_LENGTH - access.SELECTOR_LENGTH)


@pytest.fixture
def her_code(record_a) -> str:
    return access.issue_code(record_a).code


@pytest.fixture
def frozen():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.mark.slow  # the review's reproduction: 115 requests
def test_F5_a_stranger_who_knows_the_selector_cannot_lock_the_patient_out(
    client, record_a, her_code, frozen
):
    # The review's reproduction: 23 addresses x 5 tries with her selector and a wrong verifier
    # (none throttled: 5 a minute per address), through the real /start page.
    for n in range(23):
        for _ in range(5):
            stranger = client.post("/start", {"code": _wrong(her_code)},
                                   REMOTE_ADDR=f"198.51.100.{n + 1}")  # fmt: skip
            assert stranger.status_code == 200
    patient = Client()
    response = patient.post("/start", {"code": access.format_code(her_code)},
                            REMOTE_ADDR="203.0.113.77")  # fmt: skip
    assert response.status_code == 302 and response["Location"].startswith("/steps/")
    assert not access.is_held(record_a)


def test_F5_guessing_stays_stopped_an_address_waits_between_tries_at_a_record_under_attack(
    record_a, her_code, frozen
):
    for n in range(access.FAILURES_BEFORE_DELAY):
        with pytest.raises(access.CodeRejected):
            _try(_wrong(her_code), f"198.51.100.{n + 1}")
    counted = AccessAttempt.objects.filter(record=record_a, succeeded=False)
    assert counted.count() == access.FAILURES_BEFORE_DELAY
    # Under attack, an address that just failed at this record is not checked again for a
    # while (even with the right code): its tries are counted against it, not the record.
    with pytest.raises(access.CodeRejected) as delayed:
        _try(her_code, "198.51.100.1")
    assert not delayed.value.throttled
    assert counted.count() == access.FAILURES_BEFORE_DELAY
    # Any other address, or the same one after the delay, is checked as usual.
    assert _try(her_code, "203.0.113.78") == record_a
    frozen.shift(access.DELAY_PER_ADDRESS + timedelta(seconds=1))
    assert _try(her_code, "198.51.100.1") == record_a


def test_F5_rotating_ipv6_addresses_within_a_64_count_as_one_address(record_a, her_code, frozen):
    for n in range(access.TRIES_PER_MINUTE_PER_ADDRESS):
        with pytest.raises(access.CodeRejected):
            _try(_wrong(her_code), f"2001:db8:1:2::{n + 1:x}")
    with pytest.raises(access.CodeRejected) as rejected:
        _try(her_code, "2001:db8:1:2:abcd::99")
    assert rejected.value.throttled
    assert _try(her_code, "2001:db8:1:3::1") == record_a  # another /64


def _at_the_cap(record, her_code, caplog) -> None:
    earlier = timezone.now() - timedelta(hours=3)
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            kind=AttemptKind.CODE, address_hash=f"{n:064x}", record=record, created_at=earlier
        )
        for n in range(access.FAILURES_PER_DAY_PER_RECORD - 1)
    )
    with (
        caplog.at_level("WARNING", logger="decision_aid.journey.access"),
        pytest.raises(access.CodeRejected),
    ):
        _try(_wrong(her_code), "198.51.100.200")
    assert access.is_held(record)
    with pytest.raises(access.CodeRejected):
        _try(her_code, "203.0.113.79")  # held: even the right code, from anywhere


def test_F5_at_the_daily_cap_the_code_is_held_alerted_and_her_team_can_lift_it_audited(
    client, record_a, her_code, nurse_a, nurse_b, caplog
):
    _at_the_cap(record_a, her_code, caplog)
    held = AuditEvent.objects.get(action="record_changed", record_id=record_a.pk)
    assert (held.actor_kind, held.detail) == ("system", "access code held: too many wrong tries")
    assert any("Access code held" in line for line in caplog.messages)
    assert her_code[access.SELECTOR_LENGTH :] not in "".join(caplog.messages)

    client.force_login(nurse_b)  # another team's nurse cannot lift it
    assert client.post(f"/clinic/patients/{record_a.pk}/code/lift-hold").status_code == 404
    client.force_login(nurse_a)
    page = client.get(f"/clinic/patients/{record_a.pk}").content.decode()
    assert "Access code on hold" in page
    response = client.post(f"/clinic/patients/{record_a.pk}/code/lift-hold")
    assert response.status_code == 302
    lifted = AuditEvent.objects.get(detail="access code hold lifted")
    assert (lifted.actor, lifted.record_id) == (nurse_a, record_a.pk)
    assert (
        "Access code on hold" not in client.get(f"/clinic/patients/{record_a.pk}").content.decode()
    )
    assert _try(her_code, "203.0.113.80") == record_a


def test_F5_a_new_code_is_not_held_by_failures_at_the_old_one(record_a, her_code, caplog):
    _at_the_cap(record_a, her_code, caplog)
    new = access.issue_code(record_a).code
    assert not access.is_held(record_a)
    assert _try(new, "203.0.113.81") == record_a
