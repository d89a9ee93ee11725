"""Issue 17, review F8: staff need a second factor. A password alone opens no clinic page and not
the admin; the first sign-in sets up an authenticator app (QR code) and gives single-use recovery
codes; a team lead can reset a member's second factor (audited); /admin/ can be limited to given
networks. Here staff sign in as people do, through the forms."""

from __future__ import annotations

import re
import time

import pytest
import time_machine
from django.test import Client
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from decision_aid.core.models import AuditEvent, Role
from tests.conftest import PASSWORD, current_code

pytestmark = pytest.mark.django_db


def password_only(username: str) -> Client:
    client = Client()
    response = client.post("/clinic/login", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/clinic/two-factor?next=")
    return client


def confirmed_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)


def test_F8_a_password_alone_opens_no_clinic_page(team_a, nurse_a, record_a):
    client = password_only("nurse-a")
    for path in ("/clinic/", f"/clinic/patients/{record_a.pk}", "/clinic/invite",
                 f"/clinic/patients/{record_a.pk}/mdt-summary.pdf", "/clinic/packs"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/clinic/two-factor?next="), path


def test_F8_the_first_sign_in_sets_up_an_app_and_gives_recovery_codes(team_a, nurse_a):
    client = password_only("nurse-a")
    assert client.get("/clinic/two-factor")["Location"].startswith("/clinic/two-factor/set-up")
    page = client.get("/clinic/two-factor/set-up").content.decode()
    assert "<svg" in page and 'role="img"' in page  # the QR code, made here
    key = re.search(r'class="app-two-factor-key" lang="en">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=nurse_a, confirmed=False)
    assert key.replace(" ", "") in device.config_url  # the key typed by hand is the QR's
    refused = client.post("/clinic/two-factor/set-up", {"code": "000000"}).content.decode()
    assert "That code did not work" in refused
    too_soon = client.post("/clinic/two-factor/set-up", {"code": current_code(device)})
    assert "Wait a few seconds" in too_soon.content.decode()  # each wrong code slows the next
    with time_machine.travel(time.time() + 3):
        done = client.post("/clinic/two-factor/set-up", {"code": current_code(device)})
        codes = re.findall(r"<li><strong>([a-z0-9]+)</strong></li>", done.content.decode())
        assert len(codes) == 10 and len(set(codes)) == 10
        assert client.get("/clinic/").status_code == 200
    details = set(AuditEvent.objects.filter(action="two_factor").values_list("detail", flat=True))
    assert {"set-up code refused", "set up"} <= details


def test_F8_each_sign_in_asks_for_a_fresh_code_and_a_code_works_once(team_a, nurse_a):
    device = confirmed_app(nurse_a)
    client = password_only("nurse-a")
    code = current_code(device)
    response = client.post("/clinic/two-factor?next=/clinic/", {"code": code})
    assert response["Location"] == "/clinic/"
    assert client.get("/clinic/").status_code == 200
    again = password_only("nurse-a")
    html = again.post("/clinic/two-factor", {"code": code}).content.decode()
    assert "That code did not work" in html  # the same code twice: refused
    html = again.post("/clinic/two-factor", {"code": "123456"}).content.decode()
    assert "Wait a few seconds" in html  # and guessing slows down
    assert again.get("/clinic/").status_code == 302


def test_F8_a_recovery_code_signs_in_once(team_a, nurse_a):
    from decision_aid.core import two_factor

    confirmed_app(nurse_a)
    codes = two_factor.new_recovery_codes(nurse_a)
    client = password_only("nurse-a")
    assert client.post("/clinic/two-factor", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/clinic/").status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).count() == 0  # used up
    again = password_only("nurse-a")
    assert (
        "That code did not work"
        in again.post("/clinic/two-factor", {"code": codes[0]}).content.decode()
    )
    event = AuditEvent.objects.get(action="two_factor", detail="recovery code used, 9 left")
    assert event.actor == nurse_a


def test_F8_the_admin_needs_a_second_factor(db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
    device = confirmed_app(admin)
    client = password_only("root")  # signed in with a password only
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client = Client()
    form = {"username": "root", "password": PASSWORD, "next": "/admin/"}
    refused = client.post("/admin/login/", form)
    assert refused.status_code == 200 and client.get("/admin/").status_code == 302
    signed_in = client.post("/admin/login/", {**form, "otp_device": device.persistent_id,
                                               "otp_token": current_code(device)})  # fmt: skip
    assert signed_in.status_code == 302 and client.get("/admin/").status_code == 200


def test_F8_the_admin_can_be_limited_to_given_networks(db, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert Client(REMOTE_ADDR="203.0.113.9").get("/admin/login/").status_code == 404
    assert Client(REMOTE_ADDR="10.1.2.3").get("/admin/login/").status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.9").get("/clinic/login").status_code == 200


def test_F8_a_team_lead_resets_a_members_second_factor_audited(team_a, team_b, nurse_a, lead_a,
                                                               nurse_b):  # fmt: skip
    confirmed_app(nurse_a)
    lead = Client()
    lead.force_login(lead_a)
    page = lead.get("/clinic/team?team=team-a").content.decode()
    assert "nurse-a" in page and "Reset for nurse-a" in page
    response = lead.post(f"/clinic/team/{nurse_a.pk}/reset-two-factor?team=team-a")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=nurse_a).exists()
    event = AuditEvent.objects.get(action="two_factor", detail=f"reset for user id {nurse_a.pk}")
    assert (event.actor, event.team) == (lead_a, team_a)
    # Her next sign-in sets it up again.
    assert (
        password_only("nurse-a")
        .get("/clinic/two-factor")["Location"]
        .startswith("/clinic/two-factor/set-up")
    )
    # Not a lead, another team's member, or herself: nothing to see.
    nurse = Client()
    nurse.force_login(nurse_a)
    assert nurse.get("/clinic/team?team=team-a").status_code == 404
    assert lead.post(f"/clinic/team/{nurse_b.pk}/reset-two-factor?team=team-a").status_code == 404
    assert lead.post(f"/clinic/team/{lead_a.pk}/reset-two-factor?team=team-a").status_code == 404


def test_seed_demo_prints_the_demo_secret_and_a_current_code(db):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_catalogue", verbosity=0)
    call_command("seed_demo", password="demo-password-2026-test", stdout=out)
    text = out.getvalue()
    device = TOTPDevice.objects.get(user__username="demo-nurse", confirmed=True)
    secret = re.search(r"secret ([A-Z2-7]+)", text).group(1)
    assert secret.replace(" ", "") in device.config_url
    code = re.search(r"code now: (\d{6})", text).group(1)
    step = int(__import__("time").time()) // 30
    assert code in {f"{hotp(device.bin_key, t, digits=6):06d}" for t in (step - 1, step)}
    assert Role.LEAD  # the lead account gets the same secret (one app entry for the demo)
