"""What an option means in hospital trips and travel: a pure function of its schedule.

From an option's structured schedule and tests, and the patient's one-way journey time and way
of travelling, it works out the hospital days in the first 12 weeks (day 1 = the first day of
treatment), the trips in weeks 1-4 and weeks 1-12, and the hours spent travelling.

Rules:
- a treatment day needs a trip only if the option is given at hospital;
- clinic reviews fall on day 1 and then every ``review_every_days``;
- a test "with treatment" is done on a treatment or review day when the option has any, so it
  adds no trip; otherwise it falls on its own days. Tests away from hospital add no hospital trip;
- a test with ``on_days`` happens on those days only (e.g. extra blood tests in the first 2
  months): each is a trip, unless the test is "with treatment" and the day is already a treatment
  or review visit;
- any number of things on one day is one trip (tests on a treatment day count once);
- a hospital stay is one trip there and back, its nights are marked as hospital days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from decision_aid.content.types import ScheduleSpec, TestSpec

WEEKS = 12
DAYS = WEEKS * 7
FIRST_MONTH_DAYS = 28


class TravelMode(StrEnum):
    CAR = "car"
    PUBLIC_TRANSPORT = "public_transport"
    LIFT = "lift"
    HOSPITAL_TRANSPORT = "hospital_transport"


# Hospital (patient) transport collects several people and pick-up times are a window, so each
# trip usually takes longer than the drive itself. An assumption for the clinical team to confirm.
EXTRA_MINUTES_EACH_WAY = {TravelMode.HOSPITAL_TRANSPORT: 30}


@dataclass(frozen=True)
class Burden:
    hospital_days: tuple[int, ...]  # day numbers 1-84 with a trip to hospital
    stay_days: tuple[int, ...]  # day numbers spent in hospital overnight
    trips_first_4_weeks: int
    trips_12_weeks: int
    travel_hours_first_4_weeks: float
    travel_hours_12_weeks: float
    hours_at_hospital_12_weeks: float

    @property
    def marked_days(self) -> tuple[int, ...]:
        """Every day on the 12-week timeline that involves the hospital."""
        return tuple(sorted(set(self.hospital_days) | set(self.stay_days)))


def _repeat(start: int, every: int, last: int = DAYS) -> set[int]:
    return (
        set(range(start, last + 1, every)) if every > 0 else ({start} if start <= last else set())
    )


def treatment_days(schedule: ScheduleSpec) -> set[int]:
    """Days 1-84 on which the treatment itself is given (wherever it is given)."""
    if schedule.kind == "cycles":
        days = {d for d in schedule.loading_days if d <= DAYS}
        start = schedule.first_cycle_day or 1
        for cycle_start in range(start, DAYS + 1, max(schedule.cycle_days, 1)):
            days |= {cycle_start + d - 1 for d in schedule.treatment_days}
        return {d for d in days if 1 <= d <= DAYS}
    if schedule.kind in {"course", "one_off"}:
        return {d for d in schedule.course_days if 1 <= d <= DAYS}
    if schedule.kind == "continuous":
        return set(range(1, DAYS + 1))
    return set()  # as_needed


def hospital_days(
    schedule: ScheduleSpec, tests: Iterable[TestSpec] = ()
) -> tuple[set[int], set[int]]:
    """(days with a trip to hospital, days spent staying in hospital) within the first 12 weeks."""
    trips: set[int] = set()
    stays: set[int] = set()
    given = treatment_days(schedule)
    if schedule.given_at_hospital and schedule.kind != "continuous":
        trips |= given
        for admission in given if schedule.stay_nights else ():
            stays |= set(range(admission, min(admission + schedule.stay_nights, DAYS) + 1))
    if schedule.review_every_days:
        trips |= _repeat(1, schedule.review_every_days)
    visit_days = set(trips)
    for test in tests:
        if test.where != "hospital":
            continue
        if test.on_days:
            trips |= {
                d
                for d in test.on_days
                if 1 <= d <= DAYS and not (test.with_treatment and d in visit_days)
            }
            continue
        if test.with_treatment and visit_days:
            continue  # done at a treatment or review visit: no extra trip
        if test.every_days == 0:
            trips.add(1)
        elif test.with_treatment:
            trips |= _repeat(1, test.every_days)
        else:
            trips |= _repeat(test.every_days, test.every_days)
    # Already in hospital: a review or test during a stay is not another trip.
    trips -= stays - given
    return trips, stays


def calculate(
    schedule: ScheduleSpec,
    tests: Iterable[TestSpec],
    journey_minutes: int,
    mode: TravelMode | str = TravelMode.CAR,
) -> Burden:
    """Trips, travel hours and hospital hours for one option and one patient's journey."""
    if journey_minutes < 0:
        raise ValueError("journey_minutes must be 0 or more")
    mode = TravelMode(mode)
    trips, stays = hospital_days(schedule, tuple(tests))
    one_way = journey_minutes + EXTRA_MINUTES_EACH_WAY.get(mode, 0)
    hours_per_trip = 2 * one_way / 60
    first_month = sum(1 for d in trips if d <= FIRST_MONTH_DAYS)
    treatment_trips = len(trips & treatment_days(schedule)) if schedule.given_at_hospital else 0
    other_trips = len(trips) - treatment_trips
    # Time at hospital: the schedule's hours for a treatment visit (or the whole stay); an hour
    # for a review or test visit on its own.
    at_hospital = treatment_trips * schedule.hours_at_hospital + other_trips * 1.0
    return Burden(
        hospital_days=tuple(sorted(trips)),
        stay_days=tuple(sorted(stays)),
        trips_first_4_weeks=first_month,
        trips_12_weeks=len(trips),
        travel_hours_first_4_weeks=round(first_month * hours_per_trip, 1),
        travel_hours_12_weeks=round(len(trips) * hours_per_trip, 1),
        hours_at_hospital_12_weeks=round(at_hospital, 1),
    )
