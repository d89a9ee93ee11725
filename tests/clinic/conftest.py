from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from decision_aid.clinic.models import CaseFile
from decision_aid.core.models import Membership, Role, Team
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord, RecordStatus

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
    CaseFile.objects.create(record=record, reference=reference)
    journey_services.save_answers(record, answers)
    return record


@pytest.fixture
def record_a(catalogue, team_a):
    return make_record(team_a, "A-REF-001", journey_minutes=30)
