"""Issue 16 items 1 and 3: each team has a front door (/t/<team>); a patient who started on
her own chooses her team and says who she is before sending; with no team list nothing is ever
said to be sent. Her details never reach a log, an audit row or an address."""

from __future__ import annotations

import logging
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_aid.core.models import AuditEvent
from decision_aid.journey import identity
from decision_aid.journey.models import DecisionRecord, PatientIdentity
from decision_aid.journey.session import SESSION_KEY

NAME, NHS = "Marker Rosalind Identity", "943 476 5919"  # a valid NHS number (check digit 9)


def start_from_link(client, slug: str = "team-a") -> DecisionRecord:
    response = client.post(f"/t/{slug}")
    assert response.status_code == 302 and response["Location"] == "/your-code"
    return DecisionRecord.objects.get(pk=client.session[SESSION_KEY])


def send_form(**changes) -> dict:
    data = {
        "team": "", "full_name": NAME, "date_of_birth_day": "31",
        "date_of_birth_month": "3", "date_of_birth_year": "1961", "nhs_number": NHS,
        "hospital_number": "RX1-12345",
    }  # fmt: skip
    return {**data, **changes}


def test_a_teams_front_door_shows_its_public_name_only(client, catalogue, team_a):
    team_a.phone = "01632 960 001"
    team_a.save()
    html = client.get("/t/team-a").content.decode()
    assert "Team A" in html and "01632 960 001" in html
    assert client.get("/t/no-such-team").status_code == 404
    assert client.get("/t/team%00a").status_code == 404


def test_a_record_started_from_the_link_is_the_teams_only_once_matched(client, catalogue, team_a):
    record = start_from_link(client)
    assert record.requested_team == team_a and record.team is None and record.self_started


def test_she_chooses_her_team_and_sends_with_her_details(client, catalogue, team_a, team_b):
    record = start_from_link(client, "team-b")
    html = client.get("/steps/check-answers").content.decode()
    assert "Continue to send" in html and "Finish without sending" in html
    page = client.get("/send").content.decode()
    assert re.search(rf'value="{team_b.pk}"[^>]*checked', page)  # the link's team, for her
    response = client.post("/send", send_form(team=team_a.pk))
    assert response.status_code == 302 and response["Location"] == "/submitted"
    record.refresh_from_db()
    assert (record.requested_team, record.team, record.submitted_version) == (team_a, None, 1)
    given_details = PatientIdentity.objects.get(record=record)
    assert (given_details.full_name, given_details.nhs_number) == (NAME, "9434765919")
    assert "Your answers have been sent to Team A" in client.get("/submitted").content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"team": ""}, "Choose the hospital team that looks after you"),
        ({"full_name": "  "}, "Enter your full name"),
        ({"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
         "Enter your date of birth"),
        ({"date_of_birth_day": "31", "date_of_birth_month": "2"}, "must be a real date"),
        ({"date_of_birth_year": "2099"}, "must be in the past"),
        ({"nhs_number": "943 476 5918"}, "Check your NHS number"),
        ({"nhs_number": "12345"}, "Check your NHS number"),
        ({"hospital_number": "<script>"}, "can only have letters, numbers"),
    ],
)  # fmt: skip
def test_bad_details_get_a_clear_message_next_to_the_field(client, catalogue, team_a, change,
                                                           message):  # fmt: skip
    record = start_from_link(client)
    data = send_form(team=team_a.pk) | change
    response = client.post("/send", data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'class="nhsuk-error-message"' in html and "nhsuk-error-summary" in html
    record.refresh_from_db()
    assert record.submitted_version == 0  # nothing sent


def test_her_details_never_reach_a_log_an_audit_row_or_an_address(client, catalogue, team_a,
                                                                  caplog):  # fmt: skip
    caplog.set_level(logging.DEBUG)
    start_from_link(client)
    response = client.post("/send", send_form(team=team_a.pk), follow=True)
    urls = " ".join(url for url, _ in response.redirect_chain)
    details = (NAME, "Rosalind", "9434765919", NHS, "1961", "RX1-12345")
    for value in details:
        assert value not in caplog.text and value not in urls
        assert not AuditEvent.objects.filter(detail__contains=value).exists()
    # A bad NHS number is not echoed to the log either.
    client.post("/send", send_form(team=team_a.pk, nhs_number="943 476 5918"))
    assert "5918" not in caplog.text


def test_with_no_team_list_nothing_is_said_to_be_sent(client, catalogue, team_a, settings):
    settings.SEND_TO_TEAMS = False
    assert client.get("/t/team-a").status_code == 404
    client.post("/start/new")
    html = client.get("/steps/check-answers").content.decode()
    assert "Continue to send" not in html and "Finish and save my answers" in html
    assert client.get("/send")["Location"] == "/steps/check-answers"
    client.post("/steps/check-answers")
    submitted = client.get("/submitted").content.decode()
    assert "Your answers are saved" in submitted and "not been sent to anyone" in submitted
    assert not re.search(r"have been sent", submitted)


def test_finishing_without_sending_never_says_sent(client, catalogue, team_a):
    start_from_link(client)
    client.post("/steps/check-answers")
    submitted = client.get("/submitted").content.decode()
    assert "Your answers are saved" in submitted and "have been sent" not in submitted


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_makes_nine_digits_a_valid_nhs_number(first_nine):
    valid = [d for d in "0123456789" if identity.nhs_number_is_valid(first_nine + d)]
    weights = sum(int(d) * w for d, w in zip(first_nine, identity.NHS_NUMBER_WEIGHTS, strict=True))
    assert len(valid) == (0 if (11 - weights % 11) == 10 else 1)


def test_known_nhs_numbers():
    assert identity.nhs_number_is_valid("9434765919")  # NHS Digital's test number
    assert not identity.nhs_number_is_valid("9434765918")
    assert identity.nhs_number_digits("943-476 5919") == "9434765919"
