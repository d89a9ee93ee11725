"""Access codes: format, hashing, one message for every bad code, throttling, session swap."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from decision_aid.journey import access
from decision_aid.journey.models import AccessAttempt, AccessCode, DecisionRecord
from decision_aid.journey.session import SESSION_KEY
from decision_aid.journey.views import CODE_REJECTED, CODE_THROTTLED

pytestmark = pytest.mark.django_db


def enter(client: Client, code: str, address: str = "203.0.113.7"):
    return client.post("/start", {"code": code}, REMOTE_ADDR=address)


def test_codes_are_10_characters_without_look_alikes_and_about_50_bits(record):
    codes = {access.issue_code(record).code for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 10
        assert set(code) <= set(access.ALPHABET)
        assert not set(code) & set("01ILO")
    # 31 symbols, 10 characters: log2(31 ** 10) ≈ 49.5 bits, over the 40 required.
    assert len(access.ALPHABET) ** 10 > 2**49


def test_only_the_newest_code_works_and_no_full_code_is_stored(record):
    first = access.issue_code(record)
    second = access.issue_code(record)
    stored = AccessCode.objects.filter(record=record)
    assert stored.filter(revoked_at__isnull=True).count() == 1
    for row in stored:
        values = " ".join(str(v) for v in row.__dict__.values())
        assert first.code not in values and second.code not in values
        assert first.code[4:] not in values and second.code[4:] not in values
    assert second.display == f"{second.code[:5]}-{second.code[5:]}"


def test_a_good_code_opens_the_record_and_swaps_the_code_for_a_new_session(client, issued, record):
    client.get("/start")
    old_session = client.session.session_key
    pasted = f"  {issued.code[:5].lower()} - {issued.code[5:]} "
    response = enter(client, pasted)
    assert response.status_code == 302
    assert response["Location"] == "/steps/your-decision"  # the first step
    assert issued.code not in response["Location"]
    assert client.session[SESSION_KEY] == str(record.pk)
    assert client.session.session_key != old_session


@pytest.mark.parametrize("problem", ["wrong", "expired", "revoked", "garbage"])
def test_wrong_expired_and_revoked_codes_get_the_same_message(client, record, issued, problem):
    code = issued.code
    if problem == "wrong":
        code = code[:4] + ("A" if code[4] != "A" else "B") + code[5:]
    elif problem == "expired":
        AccessCode.objects.filter(record=record).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif problem == "revoked":
        access.revoke_codes(record)
    else:
        code = "<script>"
    response = enter(client, code)
    assert response.status_code == 200
    html = response.content.decode()
    assert CODE_REJECTED in html
    assert html.count(CODE_REJECTED) == 2  # in the error summary and next to the field
    assert "<title>Error:" in html
    assert SESSION_KEY not in client.session


def test_more_than_5_tries_a_minute_from_one_address_are_throttled(client, issued):
    for _ in range(5):
        assert CODE_REJECTED in enter(client, "AAAAAAAAAA").content.decode()
    response = enter(client, issued.code)  # even the right code waits
    assert response.status_code == 429
    assert CODE_THROTTLED in response.content.decode()
    # Another address is not affected.
    other = Client()
    assert enter(other, issued.code, address="198.51.100.9").status_code == 302


def test_a_record_at_the_daily_failure_cap_stops_accepting_its_code(issued, record, rf):
    # Review F5 (ADR 0008): a hold at 1,000 failures a day, not a lockout at 100 an hour.
    now = timezone.now()
    AccessAttempt.objects.bulk_create(
        AccessAttempt(kind="code", address_hash=f"a{i}", record=record, created_at=now)
        for i in range(access.FAILURES_PER_DAY_PER_RECORD)
    )
    request = rf.post("/start", REMOTE_ADDR="192.0.2.1")
    with pytest.raises(access.CodeRejected) as rejected:
        access.check_code(issued.code, request, now=now)
    assert not rejected.value.throttled  # same answer as a wrong code
    # A day later the code works again.
    later = now + timedelta(days=1, seconds=1)
    assert access.check_code(issued.code, request, now=later) == record


def test_attempts_store_no_address(client, issued):
    enter(client, "AAAAAAAAAA", address="203.0.113.99")
    attempt = AccessAttempt.objects.get()
    assert "203.0.113.99" not in attempt.address_hash
    assert len(attempt.address_hash) == 64


def test_self_start_makes_a_record_pinned_to_the_latest_release_and_shows_the_code_once(
    client, catalogue
):
    response = client.post("/start/new")
    assert response.status_code == 302 and response["Location"] == "/your-code"
    record = DecisionRecord.objects.get()
    assert record.self_started
    assert record.content_release_id == catalogue.release_id
    first = client.get("/your-code").content.decode()
    code = first.split('class="app-access-code" lang="en">')[1].split("<")[0]
    assert len(code) == 11 and code[5] == "-"
    assert code not in client.get("/your-code").content.decode()  # shown once only
    assert access.check_code(code, _request("192.0.2.5")) == record


def test_a_lost_code_can_be_replaced_and_the_old_one_stops_working(patient, issued, record):
    patient.post("/your-code/new")
    new_code = patient.get("/your-code").content.decode()
    new_code = new_code.split('class="app-access-code" lang="en">')[1].split("<")[0]
    with pytest.raises(access.CodeRejected):
        access.check_code(issued.code, _request("192.0.2.6"))
    assert access.check_code(new_code, _request("192.0.2.6")) == record


def test_self_start_can_be_switched_off(client, catalogue, settings):
    settings.ALLOW_SELF_START = False
    assert client.post("/start/new").status_code == 404
    assert "Start without a code" not in client.get("/start").content.decode()


def test_self_starts_are_limited_per_address(client, catalogue, settings):
    settings.SELF_STARTS_PER_HOUR_PER_ADDRESS = 2
    for _ in range(2):
        assert client.post("/start/new", REMOTE_ADDR="203.0.113.50").status_code == 302
    assert client.post("/start/new", REMOTE_ADDR="203.0.113.50").status_code == 429
    assert DecisionRecord.objects.count() == 2


def _request(address: str):
    from django.test import RequestFactory

    return RequestFactory().post("/start", REMOTE_ADDR=address)
