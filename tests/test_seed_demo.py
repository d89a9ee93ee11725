"""The demo command: idempotent, prints the login, refuses to run in production."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from decision_aid.core.models import Membership, Team
from decision_aid.journey.models import DecisionRecord

pytestmark = pytest.mark.django_db


def run_seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_creates_accounts_and_prints_the_login(catalogue):
    output = run_seed_demo("--password", "a-long-demo-password-2026")
    assert "http://127.0.0.1:8000/" in output
    assert "demo-nurse / a-long-demo-password-2026" in output
    user = get_user_model().objects.get(username="demo-nurse")
    assert user.check_password("a-long-demo-password-2026")
    assert "http://127.0.0.1:8000/clinic/" in output
    # A demo team with a nurse, a lead and three fictional patients in different states.
    team = Team.objects.get(slug="demo-breast-care")
    roles = dict(Membership.objects.filter(team=team).values_list("user__username", "role"))
    assert roles == {"demo-nurse": "nurse", "demo-lead": "lead"}
    records = DecisionRecord.objects.filter(team=team).select_related("case")
    assert sorted((r.case.reference, r.status) for r in records) == [
        ("DEMO-0001", "invited"), ("DEMO-0002", "in_progress"), ("DEMO-0003", "submitted"),
    ]  # fmt: skip
    assert records.get(case__reference="DEMO-0003").sure_flag
    assert not user.is_staff and not user.is_superuser


def test_seed_demo_is_idempotent_and_resets_the_password(catalogue):
    run_seed_demo("--password", "first-demo-password-2026")
    output = run_seed_demo()
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 2
    assert DecisionRecord.objects.count() == 4  # three invited, one sent from the start link
    assert DecisionRecord.objects.filter(team__isnull=True, identity__isnull=False).count() == 1
    assert Team.objects.count() == 1
    new_password = output.split("demo-nurse / ")[1].split()[0]
    assert new_password != "first-demo-password-2026"
    assert get_user_model().objects.get(username="demo-nurse").check_password(new_password)


def test_seed_demo_rejects_a_weak_password():
    with pytest.raises(CommandError, match="too weak"):
        run_seed_demo("--password", "123")


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="never create demo accounts in production"):
        run_seed_demo()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
