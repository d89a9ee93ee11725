"""Fixtures for journey tests: a patient with a record in their session."""

from __future__ import annotations

import pytest

from decision_aid.journey import access, services
from decision_aid.journey.session import SESSION_KEY


@pytest.fixture
def record(catalogue):
    return services.start_record(self_started=True)


@pytest.fixture
def patient(client, record):
    """A test client whose session holds the record (as after entering a code)."""
    session = client.session
    session[SESSION_KEY] = str(record.pk)
    session.save()
    return client


@pytest.fixture
def issued(record):
    return access.issue_code(record)
