"""Burden figures from the shipped catalogue's own schedules (hand-worked, 60-minute journey)."""

from __future__ import annotations

import pytest

from decision_aid.content.burden import calculate, treatment_days


@pytest.mark.parametrize(
    ("slug", "treatment_trips"),
    [
        # Fulvestrant: loading doses on days 1 and 15, then every 28 days from day 29.
        ("fulvestrant", [1, 15, 29, 57]),
        # Sacituzumab govitecan: days 1 and 8 of each 21-day cycle.
        ("sacituzumab-govitecan", [1, 8, 22, 29, 43, 50, 64, 71]),
        # Zoledronic acid (bisphosphonates): a drip every 4 weeks.
        ("bisphosphonates", [1, 29, 57]),
    ],
)
def test_hospital_treatment_days_follow_the_schedule(catalogue, slug, treatment_trips):
    option = catalogue.option(slug)
    assert option.schedule.given_at_hospital
    assert sorted(treatment_days(option.schedule)) == treatment_trips
    burden = calculate(option.schedule, option.tests, 60, "car")
    assert set(treatment_trips) <= set(burden.hospital_days)
    # Every trip is two hours of travel on a 60-minute journey.
    assert burden.travel_hours_12_weeks == 2 * burden.trips_12_weeks


def test_cdk46_tablets_at_home_need_monthly_reviews_and_early_extra_blood_tests(catalogue):
    option = catalogue.option("cdk46-inhibitor-with-hormone-therapy")
    assert not option.schedule.given_at_hospital
    burden = calculate(option.schedule, option.tests, 60, "car")
    # Reviews with a blood test on days 1, 29, 57; extra blood tests mid-month in the first 2
    # months (on_days 15 and 43); a scan at 12 weeks (day 84).
    assert burden.hospital_days == (1, 15, 29, 43, 57, 84)
    assert burden.trips_first_4_weeks == 2


def test_weekly_paclitaxel_is_a_trip_every_week(catalogue):
    option = catalogue.option("paclitaxel")
    burden = calculate(option.schedule, option.tests, 30, "car")
    weekly = set(range(1, 85, 7))
    assert weekly <= set(burden.hospital_days)
    assert burden.trips_first_4_weeks == 4


def test_no_cancer_treatment_needs_no_hospital_trips(catalogue):
    option = catalogue.option("supportive-care-only")
    burden = calculate(option.schedule, option.tests, 90, "public_transport")
    assert burden.trips_12_weeks == 0
    assert burden.travel_hours_12_weeks == 0
