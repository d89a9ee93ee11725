"""Fixtures shared by every test."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from decision_aid.clinic.models import CaseFile
from decision_aid.core.models import Membership, Role, Team
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord, RecordStatus


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


@pytest.fixture
def catalogue(db):
    """The shipped catalogue, loaded and published (as ``make install`` does)."""
    from django.core.management import call_command

    from decision_aid.content.releases import current_catalogue

    call_command("load_catalogue", verbosity=0)
    return current_catalogue()


# --- Teams, staff and records shared by the clinic and documents tests ----------------

PASSWORD = "a-long-staff-password-2026"


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
    record = journey_services.start_record(self_started=False)
    record.team = team
    record.status = RecordStatus.INVITED  # as an invitation leaves it; answers move it on
    record.save(update_fields=["team", "status"])
    CaseFile.objects.create(record=record, team=team, reference=reference)
    journey_services.save_answers(record, answers)
    return record


@pytest.fixture
def record_a(catalogue, team_a):
    return make_record(team_a, "A-REF-001", journey_minutes=30)
