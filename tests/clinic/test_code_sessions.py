"""Security review F1 and F4: a revoked or replaced code ends the browser sessions opened with
it, and a crafted autosave body is a bad request, not a server error."""

from __future__ import annotations

import pytest
from django.test import Client

from decision_aid.journey import access, services
from decision_aid.journey.models import AccessCode

pytestmark = pytest.mark.django_db


def opened_with(code: str) -> Client:
    """A browser that entered the code (as on a lost or shared phone)."""
    browser = Client()
    response = browser.post("/start", {"code": code}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response["Location"].startswith("/steps/")
    return browser


def shut_out(browser: Client, record) -> None:
    for path in ("/steps/about-your-cancer", "/my-summary", "/your-code"):
        response = browser.get(path)
        assert response.status_code == 302 and response["Location"] == "/start", path
    saved = browser.post("/steps/what-matters/save/matters_most", {"matters_most": "written"})
    assert saved.status_code == 302
    assert "matters_most" not in services.load_answers(record)
    before = AccessCode.objects.filter(record=record).count()
    assert browser.post("/your-code/new").status_code == 302
    assert AccessCode.objects.filter(record=record).count() == before, "no new code minted"


def test_F1_revoking_the_code_ends_sessions_opened_with_it(client, record_a, nurse_a):
    browser = opened_with(access.issue_code(record_a).code)
    assert browser.get("/steps/about-your-cancer").status_code == 200
    client.force_login(nurse_a)
    client.post(f"/clinic/patients/{record_a.pk}/code/revoke")
    shut_out(browser, record_a)


def test_F1_reissuing_a_code_ends_sessions_opened_with_the_old_one(client, record_a, nurse_a):
    browser = opened_with(access.issue_code(record_a).code)
    client.force_login(nurse_a)
    client.post(f"/clinic/patients/{record_a.pk}/code")
    shut_out(browser, record_a)


def test_F1_a_patient_replacing_her_code_keeps_her_session_and_ends_the_others(record_a):
    code = access.issue_code(record_a).code
    hers, lost_phone = opened_with(code), opened_with(code)
    assert hers.post("/your-code/new").status_code == 302
    assert hers.get("/your-code").status_code == 200
    assert hers.get("/steps/about-your-cancer").status_code == 200
    shut_out(lost_phone, record_a)


@pytest.mark.parametrize("loaded", ["[" * 100_000, '{"a":' * 50_000, "x" * 200_000])
def test_F4_a_deeply_nested_or_huge_loaded_value_is_not_a_server_error(record_a, loaded):
    browser = opened_with(access.issue_code(record_a).code)
    response = browser.post(
        "/steps/what-matters", {"_loaded": loaded, "action": "stay", "matters_most": "kept"}
    )
    assert response.status_code == 200
    assert services.load_answers(record_a)["matters_most"] == "kept"
