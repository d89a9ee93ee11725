"""Fixtures shared by every test.

- The shipped treatment catalogue is loaded and published once per test database (per session,
  per pytest-xdist worker) in ``django_db_setup``; every test's transaction starts from it and
  rolls back. ``catalogue`` returns it, loading it again only after a transactional test (live
  server, ``transactional_db``) has flushed the database.
- Tests that need ``../shared`` (the fact base beside the project) never skip silently: outside CI
  the run ends with a section naming them; under ``CI=true`` they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from decision_aid.clinic.models import CaseFile
from decision_aid.core.models import Membership, Role, Team
from decision_aid.demo import two_factor as two_factor_demo
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord


def iter_parameterless_routes(resolver: URLResolver | None = None, prefix: str = ""):
    """Yield (name, path) for every named route that takes no arguments (admin excluded).

    Tests that must cover "every page" walk the URL configuration with this, so a new page is
    covered without anyone remembering to add it.
    """
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from iter_parameterless_routes(pattern, prefix + route)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            if "(" in route or "<" in route:
                continue
            yield pattern.name, "/" + prefix + route.lstrip("^").rstrip("$")


@pytest.fixture
def parameterless_routes():
    return list(iter_parameterless_routes())


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({database.get('HOST') or 'local file'})"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the shipped catalogue loaded and published as ``make install``
    does: once per session (about a second), instead of once per test."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)
        _SHIPPED_CATALOGUE.extend(catalogue_rows())


@pytest.fixture
def catalogue(db):
    """The shipped catalogue, loaded and published (as ``make install`` does).

    It is already in the test database (``django_db_setup``) and each test's changes roll back.
    A transactional test (live server, ``transactional_db``) flushes every table when it ends,
    so the next one that asks for the catalogue loads it again.
    """
    from decision_aid.content.releases import current_catalogue

    ensure_catalogue()
    return current_catalogue()


# Every row of the content tables as ``load_catalogue`` left them, taken once per test database
# (``django_db_setup``): putting them back after a flush takes a tenth of loading the fixture.
_SHIPPED_CATALOGUE: list[tuple[type, list]] = []


def catalogue_rows() -> list[tuple[type, list]]:
    """Each content model (many-to-many tables too) with all its rows, as model instances."""
    from django.apps import apps

    models = apps.get_app_config("content").get_models(include_auto_created=True)
    return [(model, list(model._base_manager.all())) for model in models]


def ensure_catalogue() -> None:
    """Make sure the shipped catalogue is in the database. It is, unless a transactional test
    flushed it: then its rows go back as they were loaded (same ids, so the per-process
    catalogue cache stays right), or, if none were kept, ``load_catalogue`` runs."""
    from django.core.management import call_command
    from django.db import transaction

    from decision_aid.content.models import ContentRelease, Option

    if ContentRelease.objects.exists() and Option.objects.exists():
        return
    if not _SHIPPED_CATALOGUE:
        call_command("load_catalogue", verbosity=0)
        return
    with transaction.atomic():  # foreign keys are checked at the commit, so any order will do
        for model, _ in _SHIPPED_CATALOGUE:
            model._base_manager.all().delete()
        for model, rows in _SHIPPED_CATALOGUE:
            model._base_manager.bulk_create(rows)


# --- Tests that need ../shared --------------------------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared"
SHARED_MISSING = "needs ../shared beside the project"
_skipped_for_shared: list[str] = []


def needs_shared(path: Path) -> Path:
    """``path`` (under ../shared), or a skip that the run reports loudly (a failure in CI).

    The reason names the missing file and what to do, so ``-ra`` and the "NOT RUN" section say
    it without anyone reading the test.
    """
    if not path.exists():
        pytest.skip(
            f"{SHARED_MISSING}: {path} is not present. Check out the shared folder (seeds, "
            f"content/treatment-facts.yaml, tools) at {SHARED} to run this test; under CI=true "
            "it fails instead."
        )
    return path


def _skipped_for_want_of_shared(report) -> bool:
    if not report.skipped or not isinstance(report.longrepr, tuple):
        return False
    reason = str(report.longrepr[-1])
    return SHARED_MISSING in reason or str(SHARED) in reason


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if _skipped_for_want_of_shared(report) and os.environ.get("CI", "").lower() == "true":
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} needs {SHARED} (the fact base beside the project), and CI runs every "
            f"test: {report.longrepr[-1]}"
        )
    return report


def pytest_runtest_logreport(report):
    if _skipped_for_want_of_shared(report):
        _skipped_for_shared.append(f"{report.nodeid}: {report.longrepr[-1]}")


def pytest_terminal_summary(terminalreporter):
    if _skipped_for_shared:
        terminalreporter.section(
            f"NOT RUN: {len(_skipped_for_shared)} test(s) need {SHARED}", red=True, bold=True
        )
        for line in _skipped_for_shared:
            terminalreporter.write_line(line, red=True)
        terminalreporter.write_line(
            "Put the shared folder (content/treatment-facts.yaml) beside the project to run them; "
            "under CI=true they fail.",
            bold=True,
        )


# --- Teams, staff and records shared by the clinic and documents tests ----------------

PASSWORD = "a-long-staff-password-2026"


def current_code(device) -> str:
    """The code her app shows now, or the next step's if now's was used already."""
    return two_factor_demo.code_now(device, unused=True)


def verify_second_factor(client, user) -> None:
    """Mark a signed-in test client's session as past the second factor (issue 17, F8)."""
    two_factor_demo.verify_session(client, user)


def pass_second_factor(client, user, **extra):
    """After the password: the code from her app, through the form, as people do."""
    device = two_factor_demo.app_device(user)
    response = client.post("/clinic/two-factor", {"code": current_code(device)}, **extra)
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.fixture(autouse=True)
def _force_login_also_verifies_a_second_factor(monkeypatch):
    """Tests sign staff in with ``force_login``: here that also stands for the second factor,
    so every clinic test is about its own subject. The two-factor tests sign in as people do
    (tests/security/test_two_factor.py), and a password alone is refused there."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def make_user(username: str, team: Team | None, role: str = Role.NURSE):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if team is not None:
        Membership.objects.create(user=user, team=team, role=role)
    return user


@pytest.fixture
def team_a(db):
    return Team.objects.create(name="Team A", slug="team-a")


@pytest.fixture
def team_b(db):
    return Team.objects.create(name="Team B", slug="team-b")


@pytest.fixture
def nurse_a(team_a):
    return make_user("nurse-a", team_a)


@pytest.fixture
def nurse_b(team_b):
    return make_user("nurse-b", team_b)


@pytest.fixture
def lead_a(team_a):
    return make_user("lead-a", team_a, Role.LEAD)


def make_record(team: Team, reference: str, **answers) -> DecisionRecord:
    # As an invitation leaves it ("invited"); her answers move it on through the lifecycle.
    record = journey_services.start_record(self_started=False, invited=True)
    record.team = team
    record.save(update_fields=["team"])
    CaseFile.objects.create(record=record, team=team, reference=reference)
    journey_services.save_answers(record, answers)
    return record


@pytest.fixture
def record_a(catalogue, team_a):
    return make_record(team_a, "A-REF-001", journey_minutes=30)
