"""Settings read the environment strictly, and production settings pass Django's deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from decision_aid.core.env import Env

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "SECRET_KEY": "x7#Kq2!vLp9@Rz4$Wm8^Tn3&Yb6*Hc1(Jd5)Fg0_Se-Ua+Oi=Ne[Mr]Bt{Vw}Xy",
    "ALLOWED_HOSTS": "decision-aid.example.nhs.uk",
    "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'deploy-check.sqlite3'}",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    clean.pop("PYTEST_CURRENT_TEST", None)
    # The production settings (manage.py's default), not the suite's tests.settings.
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for browser tests only
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("1", True),
        ("YES", True),
        ("on", True),
        ("false", False),
        ("0", False),
        ("no", False),
        ("", False),
    ],
)
def test_bool_reads_the_usual_words(raw, expected):
    assert Env({"DEBUG": raw}).bool("DEBUG") is expected


def test_bool_defaults_when_unset():
    assert Env({}).bool("DEBUG") is False
    assert Env({}).bool("DEBUG", default=True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "truee"])
def test_bool_rejects_anything_else_and_names_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        Env({"DEBUG": raw}).bool("DEBUG")


def test_int_rejects_words_and_values_below_the_minimum():
    assert Env({"N": " 7 "}).int("N", 1) == 7
    with pytest.raises(ImproperlyConfigured, match="N must be a whole number"):
        Env({"N": "seven"}).int("N", 1)
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        Env({"N": "0"}).int("N", 5, minimum=1)


def test_list_splits_on_commas_and_rejects_empty_items():
    assert Env({"H": "a.example, b.example"}).list("H") == ["a.example", "b.example"]
    assert Env({}).list("H", ["x"]) == ["x"]
    with pytest.raises(ImproperlyConfigured, match="no empty items"):
        Env({"H": "a.example,,b.example"}).list("H")


def test_required_string_must_be_present():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        Env({"SECRET_KEY": "  "}).str("SECRET_KEY", required=True)


def test_malformed_debug_stops_start_up_with_a_clear_message():
    result = run_manage("check", env={"DEBUG": "perhaps"})
    assert result.returncode == 2
    assert "Configuration error: DEBUG must be one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_secret_key_stops_production_start_up():
    result = run_manage("check", env={"ALLOWED_HOSTS": "example.nhs.uk"})
    assert result.returncode == 2
    assert "SECRET_KEY must be set" in result.stderr


def test_malformed_database_url_stops_start_up():
    result = run_manage("check", env={"DEBUG": "true", "DATABASE_URL": "not-a-database://x"})
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr


def test_deploy_check_passes_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_turn_on_https_protections():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.STORAGES['staticfiles']['BACKEND'])"
    )
    result = run_manage("shell", "--no-imports", "-v", "0", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "31536000",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True


def test_production_settings_never_guess_that_tests_are_running():
    # Importing pytest (a notebook, a debugging shell) leaves production settings production
    # settings; only tests/settings.py, named by DJANGO_SETTINGS_MODULE, turns test mode on.
    code = (
        "import pytest, django; django.setup(); from django.conf import settings as s;"
        "print(s.TESTING, s.SECURE_SSL_REDIRECT, s.TASKS['default']['BACKEND'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "decision_aid.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "django_tasks_db.DatabaseBackend"]


def test_the_suite_runs_on_its_own_test_settings(settings):
    assert settings.SETTINGS_MODULE == "tests.settings"
    assert settings.TESTING is True
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
