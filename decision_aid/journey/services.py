"""Journey services: create records, save answers, build the profile, submit versions.

Each answer is its own row, written with an upsert, so saves from two tabs or a double click
never lose an answer. Views call these; they never touch the models directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from decision_aid.content.profile import (
    HISTORY_KEYS,
    LIST_VOCABULARIES,
    MARKER_KEYS,
    Profile,
    ProfileError,
    parse_profile,
)
from decision_aid.content.releases import latest_release_id
from decision_aid.core import audit
from decision_aid.core.models import AuditAction, Team
from decision_aid.journey import lifecycle
from decision_aid.journey import questions as q
from decision_aid.journey.models import (
    Answer,
    DecisionRecord,
    PatientIdentity,
    Submission,
)
from decision_aid.journey.scoring import sure_score

PROFILE_ANSWER_KEYS = (*MARKER_KEYS, "menopause", *HISTORY_KEYS, *LIST_VOCABULARIES)


def start_record(*, self_started: bool, requested_team: Team | None = None,
                 invited: bool = False) -> DecisionRecord:  # fmt: skip
    """A new record on the latest content release. ``requested_team``: the team whose start
    link she used (her answers go to it when she sends them; it sees nothing before).
    ``invited``: a nurse's invitation, so it starts "invited" (the lifecycle's first status)."""
    return DecisionRecord.objects.create(
        content_release_id=latest_release_id(),
        self_started=self_started,
        requested_team=requested_team,
        status=lifecycle.initial_status(invited=invited),
    )


# --- Sending answers she started on her own to a team she chooses (issue 16) ----------------


def team_choices() -> QuerySet[Team]:
    """The hospital teams she may send her answers to; none when the service runs without a
    team list (``SEND_TO_TEAMS`` off: then her answers are saved and never said to be sent)."""
    return Team.objects.order_by("name") if settings.SEND_TO_TEAMS else Team.objects.none()


def can_send_to_a_team(record: DecisionRecord) -> bool:
    """She started on her own (no team yet) and the service has teams she can send to."""
    return record.team_id is None and team_choices().exists()


@transaction.atomic
def send_to_team(record: DecisionRecord, team: Team, *, full_name: str, date_of_birth,
                 nhs_number: str = "", hospital_number: str = "",
                 request=None) -> Submission:  # fmt: skip
    """Send her answers to a team that will match them to her notes before they count as its
    record. What identifies her is kept with the record, and only as long as it is."""
    if not team_choices().filter(pk=team.pk).exists():
        raise ValueError("not a team of this service")
    PatientIdentity.objects.update_or_create(
        record=record,
        defaults={"full_name": full_name, "date_of_birth": date_of_birth,
                  "nhs_number": nhs_number, "hospital_number": hospital_number},
    )  # fmt: skip
    DecisionRecord.objects.filter(pk=record.pk).update(requested_team=team, not_matched_at=None)
    record.requested_team = team
    return submit(record, request=request, how="to a team to match")


def load_answers(record: DecisionRecord) -> dict[str, Any]:
    """All of a record's answers, in one query."""
    return dict(Answer.objects.filter(record=record).values_list("key", "value"))


def sent_answers(record: DecisionRecord) -> dict[str, Any]:
    """The answers of the version she last sent; {} before she sends any. Her team sees only
    these (issue 16 item 5): what she is still changing stays hers until she sends it."""
    latest = Submission.objects.filter(record=record).order_by("-version").only("answers").first()
    return dict(latest.answers) if latest is not None else {}


@transaction.atomic
def save_answers(record: DecisionRecord, values: dict[str, Any]) -> None:
    """Upsert each answer on its own row; mark the record active (and changed, if submitted)."""
    if not values:
        return
    # Saves to one record take turns (a row lock; SQLite's write lock does the same), and the
    # status is read under that lock, not from ``record`` as the request first loaded it: so a
    # status the team set meanwhile, a submit, or another tab's answer is never overwritten.
    # Her first saved answer on an invited record starts it (the lifecycle's "start").
    locked = DecisionRecord.objects.select_for_update().only("status", "submitted_version")
    locked = locked.get(pk=record.pk)
    for key, value in values.items():
        if value is None:  # a cleared number (its form value is None): no answer, not a NULL
            Answer.objects.filter(record=record, key=key).delete()
            continue
        updated = Answer.objects.filter(record=record, key=key).update(
            value=value, updated_at=timezone.now()
        )
        if not updated:
            try:
                with transaction.atomic():
                    Answer.objects.create(record=record, key=key, value=value)
            except IntegrityError:  # another request created it first: update that row
                Answer.objects.filter(record=record, key=key).update(
                    value=value, updated_at=timezone.now()
                )
    # The queue's SURE score and leaning are not touched here: they come from what she sends.
    changes: dict[str, Any] = {"last_activity_at": timezone.now()}
    if locked.submitted_version:  # sent before (and perhaps reviewed since): flag the change
        changes["changed_since_submission"] = True
    if lifecycle.can(locked.status, lifecycle.Event.START):  # invited: her first answer
        changes["status"] = lifecycle.transition(record, lifecycle.Event.START, **changes)
    else:
        DecisionRecord.objects.filter(pk=record.pk).update(**changes)
    for name, value in changes.items():
        setattr(record, name, value)


def profile_data(record: DecisionRecord, answers: dict[str, Any]) -> dict[str, Any]:
    """The profile contract from the patient's answers, with the team's values taking priority."""
    data: dict[str, Any] = {}
    # Records started before the history questions answered one "previous" list instead; it
    # still counts until any history question is answered (the two ways never mix).
    answered_history = any(answers.get(key) not in (None, "") for key in HISTORY_KEYS)
    for key in PROFILE_ANSWER_KEYS:
        if key == "previous" and answered_history:
            continue
        value = answers.get(key)
        if value in (None, "", "unknown"):
            continue
        if isinstance(value, list):
            if "unknown" in value or not value:
                continue
            value = [v for v in value if v != q.NONE_OF_THESE]
        data[key] = value
    data.update(record.team_profile or {})
    return data


def profile_for(record: DecisionRecord, answers: dict[str, Any]) -> Profile:
    try:
        return parse_profile(profile_data(record, answers))
    except ProfileError:
        # Stored answers always come through the forms, so this means a stale vocabulary:
        # fall back to the team's profile alone rather than showing nothing.
        return parse_profile(record.team_profile or {})


@transaction.atomic
def submit(record: DecisionRecord, *, request=None, how: str = "") -> Submission:
    """Add a submitted version (the lifecycle's "send", audited as "version N", then ``how``).
    A double submit with no change in between makes one version, and keeps the status."""
    locked = DecisionRecord.objects.select_for_update().get(pk=record.pk)
    answers = load_answers(locked)
    latest = Submission.objects.filter(record=locked).order_by("-version").first()
    if latest is not None and not locked.changed_since_submission and latest.answers == answers:
        # Nothing new to send: no version, no transition; her pressing Send is audited as ever.
        audit.record(AuditAction.RECORD_SUBMITTED, request=request, record_id=locked.pk,
                     team=locked.team_id, detail=_sent_detail(latest.version, how))  # fmt: skip
        return latest
    version = locked.submitted_version + 1
    submission = Submission.objects.create(
        record=locked, version=version, content_release_id=locked.content_release_id,
        answers=answers,
    )  # fmt: skip
    lifecycle.transition(
        locked, lifecycle.Event.SEND, request=request, detail=_sent_detail(version, how),
        # The team's queue sorts and filters on these, so they are the sent version's.
        leaning=answers.get("leaning") or "",
        sure_score=sure_score(answers),
        submitted_version=F("submitted_version") + 1,
        changed_since_submission=False,
        last_activity_at=timezone.now(),
    )  # fmt: skip
    record.refresh_from_db()
    return submission


def _sent_detail(version: int, how: str) -> str:
    return f"version {version}, {how}" if how else f"version {version}"


# --- Moving records to a newer content release ------------------------------------------------


@dataclass(frozen=True)
class ReleaseMove:
    moved: int  # records still being answered, now on the release (or to be, in a dry run)
    # Records already sent to their team on an older release, by team name ("" for unclaimed):
    # not changed (they show what the patient saw), for the team to follow up.
    sent_by_team: dict[str, int] = field(default_factory=dict)


def move_to_release(release_id: int, *, dry_run: bool = False) -> ReleaseMove:
    """Move every record still being answered to ``release_id`` (a correction that must reach
    patients already in the journey). Each patient is told on their next page, and each move
    is audited. Records already sent keep the release they were shown."""
    older = DecisionRecord.objects.filter(content_release_id__lt=release_id)
    sent = (
        older.exclude(status__in=lifecycle.STILL_ANSWERING)
        .values_list("team__name")
        .annotate(count=Count("pk"))
        .order_by("team__name")
    )
    sent_by_team = {name or "": count for name, count in sent}
    with transaction.atomic():
        # Locked, so an answer saved or a submit meanwhile waits, then keeps its own fields.
        moving = list(
            # Still answering: moved, so a correction reaches them before they send.
            older.filter(status__in=lifecycle.STILL_ANSWERING)
            .select_for_update()
            .values_list("pk", "team_id", "content_release_id")
        )
        if not dry_run and moving:
            DecisionRecord.objects.filter(pk__in=[pk for pk, _, _ in moving]).update(
                content_release_id=release_id, content_updated_at=timezone.now()
            )
            for pk, team_id, was in moving:
                audit.record(AuditAction.RELEASE_CHANGED, record_id=pk, team=team_id,
                             detail=f"release {was} to {release_id}")  # fmt: skip
    return ReleaseMove(len(moving), sent_by_team)


def content_update_seen(record: DecisionRecord) -> None:
    """The patient has looked at their options since the record moved release."""
    if record.content_updated_at is not None:
        DecisionRecord.objects.filter(pk=record.pk).update(content_updated_at=None)
        record.content_updated_at = None
