"""The demo command: idempotent, prints the login, refuses to run in production."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run_seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_creates_accounts_and_prints_the_login():
    output = run_seed_demo("--password", "a-long-demo-password-2026")
    assert "http://127.0.0.1:8000/" in output
    assert "demo-nurse / a-long-demo-password-2026" in output
    user = get_user_model().objects.get(username="demo-nurse")
    assert user.check_password("a-long-demo-password-2026")
    assert not user.is_staff and not user.is_superuser


def test_seed_demo_is_idempotent_and_resets_the_password():
    run_seed_demo("--password", "first-demo-password-2026")
    output = run_seed_demo()
    assert get_user_model().objects.filter(username__startswith="demo-").count() == 2
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
