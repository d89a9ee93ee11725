"""The burden calculator on hand-worked schedules (pure: no database, no catalogue).

Every schedule is built here, not read from the catalogue, so a content edit cannot change what
these tests check. Unless a test says otherwise the patient drives 30 minutes each way, so each
trip is 2 x 30 min = 1 hour of travel. Day 1 is the first day of treatment; the window is days
1-84 (12 weeks) and "weeks 1-4" is days 1-28.
"""

from __future__ import annotations

import pytest

from decision_aid.content.burden import (
    EXTRA_MINUTES_EACH_WAY,
    TravelMode,
    calculate,
    hospital_days,
    treatment_days,
)
from decision_aid.content.types import ScheduleSpec

# Renamed: pytest would otherwise try to collect "TestSpec" as a test class.
from decision_aid.content.types import TestSpec as ScheduledTest

JOURNEY = 30  # minutes each way, by car


def cycles(cycle_days: int, days: tuple[int, ...] = (1,), **kwargs) -> ScheduleSpec:
    kwargs.setdefault("given_at_hospital", True)
    return ScheduleSpec(
        kind="cycles", summary="", cycle_days=cycle_days, treatment_days=days, **kwargs
    )


def blood_test(
    every_days: int, with_treatment: bool = True, where: str = "hospital"
) -> ScheduledTest:
    return ScheduledTest(
        name="Blood test", every_days=every_days, where=where, with_treatment=with_treatment
    )


def scan(every_days: int) -> ScheduledTest:
    return ScheduledTest(
        name="CT scan", every_days=every_days, where="hospital", with_treatment=False
    )


FULVESTRANT = cycles(28, (1,), loading_days=(1, 15), first_cycle_day=29)
SACITUZUMAB = cycles(21, (1, 8))
WEEKLY_PACLITAXEL = cycles(7, (1,))


def test_fulvestrant_loading_doses_then_monthly():
    # Loading doses on days 1 and 15; the 28-day cycles start on day 29: 29, 57 (85 > 84).
    # Hospital days: 1, 15, 29, 57. Weeks 1-4 (days 1-28): 1 and 15 -> 2 trips.
    # 4 trips x 1 hour (30 min each way) = 4.0 hours in 12 weeks; 2 x 1 = 2.0 in weeks 1-4.
    burden = calculate(FULVESTRANT, (), JOURNEY)
    assert burden.hospital_days == (1, 15, 29, 57)
    assert burden.stay_days == ()
    assert burden.trips_first_4_weeks == 2
    assert burden.trips_12_weeks == 4
    assert burden.travel_hours_first_4_weeks == 2.0
    assert burden.travel_hours_12_weeks == 4.0


def test_sacituzumab_days_1_and_8_of_a_21_day_cycle():
    # Cycles start on days 1, 22, 43, 64 (85 > 84); each cycle has day 1 and day 8 (start + 7):
    # 1, 8, 22, 29, 43, 50, 64, 71. Weeks 1-4 (<= 28): 1, 8, 22 -> 3. All 12 weeks: 8 trips.
    burden = calculate(SACITUZUMAB, (), JOURNEY)
    assert burden.hospital_days == (1, 8, 22, 29, 43, 50, 64, 71)
    assert burden.trips_first_4_weeks == 3
    assert burden.trips_12_weeks == 8
    assert burden.travel_hours_12_weeks == 8.0


def test_sacituzumab_weekly_blood_test_with_treatment_adds_nothing():
    # The weekly blood test is taken at the treatment visits, so the days are unchanged.
    without = calculate(SACITUZUMAB, (), JOURNEY)
    with_test = calculate(SACITUZUMAB, (blood_test(7),), JOURNEY)
    assert with_test.hospital_days == without.hospital_days
    assert with_test.trips_12_weeks == 8


def test_palbociclib_tablets_at_home_with_monthly_review():
    # Tablets days 1-21 of 28 at home: no treatment trips. Reviews on day 1, then every 28 days:
    # 1, 29, 57 (85 > 84). The 4-weekly blood test is done at the review: no extra trip.
    # Weeks 1-4: day 1 only -> 1 trip.
    palbociclib = cycles(28, tuple(range(1, 22)), given_at_hospital=False, review_every_days=28)
    burden = calculate(palbociclib, (blood_test(28),), JOURNEY)
    assert burden.hospital_days == (1, 29, 57)
    assert burden.trips_first_4_weeks == 1
    assert burden.trips_12_weeks == 3
    assert burden.travel_hours_12_weeks == 3.0


def test_palbociclib_tablets_are_still_given_on_21_of_28_days():
    # Not a trip, but the treatment days themselves: 1-21, 29-49, 57-77 = 63 days.
    palbociclib = cycles(28, tuple(range(1, 22)), given_at_hospital=False)
    days = treatment_days(palbociclib)
    assert len(days) == 63
    assert {21, 29, 49, 57, 77} <= days
    assert not {22, 28, 50, 56, 78} & days


def test_weekly_paclitaxel():
    # One dose every 7 days: 1, 8, 15, ..., 78 (1 + 7k for k = 0..11; 85 > 84) = 12 trips.
    # Weeks 1-4: 1, 8, 15, 22 -> 4.
    burden = calculate(WEEKLY_PACLITAXEL, (), JOURNEY)
    assert burden.hospital_days == tuple(range(1, 85, 7))
    assert burden.hospital_days[-1] == 78
    assert burden.trips_first_4_weeks == 4
    assert burden.trips_12_weeks == 12


def test_weekly_paclitaxel_blood_test_with_treatment_adds_no_trip():
    burden = calculate(WEEKLY_PACLITAXEL, (blood_test(7),), JOURNEY)
    assert burden.trips_12_weeks == 12


def test_weekly_paclitaxel_scan_every_12_weeks_adds_day_84():
    # A scan not done with treatment falls on its own days: every 84 days from day 84 -> day 84,
    # which is not a treatment day (the last dose is day 78): 12 + 1 = 13 trips.
    burden = calculate(WEEKLY_PACLITAXEL, (blood_test(7), scan(84)), JOURNEY)
    assert burden.hospital_days == (*range(1, 85, 7), 84)
    assert burden.trips_12_weeks == 13
    assert burden.travel_hours_12_weeks == 13.0


@pytest.mark.parametrize(
    ("every", "days", "first_4_weeks"),
    [
        # Every 4 weeks: 1, 29, 57 (85 > 84); weeks 1-4 (<= 28): day 1 only.
        (28, (1, 29, 57), 1),
        # Every 3 weeks: 1, 22, 43, 64 (85 > 84); weeks 1-4: days 1 and 22.
        (21, (1, 22, 43, 64), 2),
    ],
)
def test_zoledronic_acid_drip(every, days, first_4_weeks):
    burden = calculate(cycles(every), (), JOURNEY)
    assert burden.hospital_days == days
    assert burden.trips_12_weeks == len(days)
    assert burden.trips_first_4_weeks == first_4_weeks


def test_test_on_a_treatment_day_counts_once():
    # Treatment on day 14 of each 14-day cycle: cycles start 1, 15, 29, 43, 57, 71, so doses on
    # 14, 28, 42, 56, 70, 84. A test not "with treatment" every 28 days falls on 28, 56, 84 -
    # all of them treatment days already - so still 6 trips, not 9.
    schedule = cycles(14, (14,))
    alone = calculate(schedule, (), JOURNEY)
    assert alone.hospital_days == (14, 28, 42, 56, 70, 84)
    with_test = calculate(schedule, (blood_test(28, with_treatment=False),), JOURNEY)
    assert with_test.hospital_days == alone.hospital_days
    assert with_test.trips_12_weeks == 6


def test_test_on_other_days_adds_trips():
    # Contrast: a 4-weekly test not with treatment alongside 3-weekly doses (1, 22, 43, 64)
    # falls on 28, 56, 84 - none a treatment day - so 4 + 3 = 7 trips.
    burden = calculate(cycles(21), (blood_test(28, with_treatment=False),), JOURNEY)
    assert burden.hospital_days == (1, 22, 28, 43, 56, 64, 84)
    assert burden.trips_12_weeks == 7


@pytest.mark.parametrize("with_treatment", [True, False])
def test_test_at_gp_or_community_adds_no_hospital_trip(with_treatment):
    # Tablets at home with no clinic reviews: the only possible trip would be the blood test, but
    # it is done at the GP surgery.
    at_home = cycles(28, tuple(range(1, 22)), given_at_hospital=False)
    gp_test = blood_test(7, with_treatment=with_treatment, where="gp_community")
    burden = calculate(at_home, (gp_test,), JOURNEY)
    assert burden.hospital_days == ()
    assert burden.trips_12_weeks == 0
    # The same test at the hospital would need its own trips.
    assert calculate(at_home, (blood_test(7, with_treatment),), JOURNEY).trips_12_weeks == 12


OPERATION = ScheduleSpec(
    kind="one_off", summary="", course_days=(1,), given_at_hospital=True, stay_nights=3
)


def test_one_off_operation_with_a_three_night_stay():
    # Admitted on day 1, three nights in hospital: days 1, 2, 3, 4 are marked as stay days.
    # Going in and coming home is one trip (day 1): 1 trip, 1 hour of travel.
    burden = calculate(OPERATION, (), JOURNEY)
    assert burden.hospital_days == (1,)
    assert burden.stay_days == (1, 2, 3, 4)
    assert burden.marked_days == (1, 2, 3, 4)
    assert burden.trips_first_4_weeks == 1
    assert burden.trips_12_weeks == 1
    assert burden.travel_hours_12_weeks == 1.0


def test_reviews_during_a_stay_are_not_trips():
    # Reviews every 2 days fall on 1, 3, 5, ..., 83. Day 1 is the admission trip and day 3 is
    # during the stay (days 1-4), so it is no extra trip. Reviews after going home (5, 7, ..., 83:
    # (83 - 5) / 2 + 1 = 40 of them) are trips: 1 + 40 = 41. Weeks 1-4: 1 and 5, 7, ..., 27
    # ((27 - 5) / 2 + 1 = 12) -> 13.
    operation = ScheduleSpec(
        kind="one_off",
        summary="",
        course_days=(1,),
        given_at_hospital=True,
        stay_nights=3,
        review_every_days=2,
    )
    burden = calculate(operation, (), JOURNEY)
    during_stay = [d for d in burden.hospital_days if d in burden.stay_days]
    assert during_stay == [1]
    assert burden.hospital_days[:3] == (1, 5, 7)
    assert burden.stay_days == (1, 2, 3, 4)
    assert burden.trips_first_4_weeks == 13
    assert burden.trips_12_weeks == 41


def test_a_test_during_a_stay_is_not_a_trip():
    # A test every 2 days not with treatment would fall on 2, 4, ...; days 2 and 4 are in the
    # stay. A one-off test (every_days 0) lands on day 1, the admission itself.
    trips, stays = hospital_days(OPERATION, (blood_test(2, with_treatment=False), scan(0)))
    assert stays == {1, 2, 3, 4}
    assert trips & stays == {1}
    assert min(trips - {1}) == 6


def test_hospital_transport_adds_30_minutes_each_way():
    # Fulvestrant, 4 trips. Hospital transport: (30 + 30) min each way = 2 hours per trip
    # -> 8.0 hours in 12 weeks, 4.0 in weeks 1-4 (2 trips). By car it is 4.0 and 2.0.
    assert EXTRA_MINUTES_EACH_WAY[TravelMode.HOSPITAL_TRANSPORT] == 30
    transport = calculate(FULVESTRANT, (), JOURNEY, TravelMode.HOSPITAL_TRANSPORT)
    assert transport.trips_12_weeks == 4
    assert transport.travel_hours_12_weeks == 8.0
    assert transport.travel_hours_first_4_weeks == 4.0
    by_name = calculate(FULVESTRANT, (), JOURNEY, "hospital_transport")
    assert by_name == transport


@pytest.mark.parametrize("mode", [TravelMode.CAR, TravelMode.PUBLIC_TRANSPORT, TravelMode.LIFT])
def test_other_ways_of_travelling_add_nothing(mode):
    assert calculate(FULVESTRANT, (), JOURNEY, mode).travel_hours_12_weeks == 4.0


def test_negative_journey_is_refused():
    with pytest.raises(ValueError, match="journey_minutes"):
        calculate(FULVESTRANT, (), -1)


def test_zero_journey_means_no_travel_time():
    burden = calculate(FULVESTRANT, (), 0)
    assert burden.trips_12_weeks == 4  # the trips still happen
    assert burden.travel_hours_first_4_weeks == 0.0
    assert burden.travel_hours_12_weeks == 0.0


def test_unknown_travel_mode_is_refused():
    with pytest.raises(ValueError):
        calculate(FULVESTRANT, (), JOURNEY, "helicopter")


def test_supportive_care_needs_no_hospital_trips():
    supportive = ScheduleSpec(kind="as_needed", summary="No fixed timetable.")
    burden = calculate(supportive, (), JOURNEY)
    assert burden.hospital_days == ()
    assert burden.stay_days == ()
    assert burden.trips_first_4_weeks == 0
    assert burden.trips_12_weeks == 0
    assert burden.travel_hours_12_weeks == 0.0
    assert burden.hours_at_hospital_12_weeks == 0.0


# --- Tests on set days (on_days) ------------------------------------------------------------


def set_days_test(days: tuple[int, ...], with_treatment: bool = False, where: str = "hospital"):
    return ScheduledTest(
        name="Extra blood test",
        every_days=0,
        on_days=days,
        where=where,
        with_treatment=with_treatment,
    )


CDK46 = cycles(28, tuple(range(1, 22)), given_at_hospital=False, review_every_days=28)


def test_extra_blood_tests_on_set_days_are_trips_of_their_own():
    # Tablets at home, reviews on 1, 29, 57 with the 4-weekly blood test. Extra blood tests in the
    # first 2 months on days 15 and 43 (not review days): 3 + 2 = 5 trips; weeks 1-4: 1 and 15.
    burden = calculate(CDK46, (blood_test(28), set_days_test((15, 43))), JOURNEY)
    assert burden.hospital_days == (1, 15, 29, 43, 57)
    assert burden.trips_first_4_weeks == 2
    assert burden.trips_12_weeks == 5
    assert burden.travel_hours_12_weeks == 5.0
    # Only those days: no "once before starting" (every_days 0 means nothing else here).
    assert calculate(CDK46, (set_days_test((43,)),), JOURNEY).hospital_days == (1, 29, 43, 57)


def test_set_days_with_treatment_add_no_trip_on_a_visit_day_but_do_on_other_days():
    # Days 29 and 57 are review visits, so a test "with treatment" then adds nothing; day 15 is
    # not a visit, so it is a trip even "with treatment" (the tablets are taken at home).
    burden = calculate(CDK46, (set_days_test((15, 29, 57), with_treatment=True),), JOURNEY)
    assert burden.hospital_days == (1, 15, 29, 57)
    # The same days not "with treatment" fall on the same trips: a day is one trip at most.
    assert calculate(CDK46, (set_days_test((15, 29, 57)),), JOURNEY).hospital_days == (
        1,
        15,
        29,
        57,
    )


def test_set_days_on_hospital_treatment_days_count_once():
    # 3-weekly drip on 1, 22, 43, 64; tests "with treatment" on 22 and 43 add nothing, and a set
    # day that is not a treatment day (30) is a trip of its own: 4 + 1 = 5.
    burden = calculate(cycles(21), (set_days_test((22, 30, 43), with_treatment=True),), JOURNEY)
    assert burden.hospital_days == (1, 22, 30, 43, 64)
    assert burden.trips_12_weeks == 5


def test_set_days_away_from_hospital_add_no_trip():
    burden = calculate(CDK46, (set_days_test((15, 43), where="gp_community"),), JOURNEY)
    assert burden.hospital_days == (1, 29, 57)


def test_set_days_during_a_hospital_stay_are_not_trips():
    # Admitted day 1 for 3 nights (days 1-4): a set-day test on day 3 is during the stay.
    burden = calculate(OPERATION, (set_days_test((3, 10)),), JOURNEY)
    assert burden.hospital_days == (1, 10)
