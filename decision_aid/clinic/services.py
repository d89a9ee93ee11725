"""Clinic actions. Each one writes an audit event (no answer text, no reference)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from decision_aid.clinic.models import CaseFile, NurseNote, ProfileChange
from decision_aid.core import audit, retention
from decision_aid.core.models import AuditAction, Team
from decision_aid.journey import access, lifecycle
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import AccessAttempt, AccessCode, DecisionRecord


@dataclass(frozen=True)
class Invitation:
    record: DecisionRecord
    code: access.IssuedCode


@transaction.atomic
def invite(*, team: Team, reference: str, profile: dict[str, Any], mdt_date: date | None,
           request) -> Invitation:  # fmt: skip
    record = journey_services.start_record(self_started=False, invited=True)
    record.team = team
    record.team_profile = profile
    record.save(update_fields=["team", "team_profile"])
    CaseFile.objects.create(
        record=record, team=team, reference=reference, mdt_date=mdt_date, created_by=request.user
    )
    issued = access.issue_code(record)
    audit.record(AuditAction.RECORD_CREATED, request=request, record_id=record.pk, team=team,
                 detail="invitation")  # fmt: skip
    audit.record(AuditAction.CODE_ISSUED, request=request, record_id=record.pk, team=team)
    return Invitation(record, issued)


class ClaimError(Exception):
    pass


@transaction.atomic
def claim(
    *, team: Team, code: str, reference: str, mdt_date: date | None, request
) -> DecisionRecord:
    """Bring a record a patient started on their own into the team, using their code."""
    try:
        record = access.check_code(code, request)
    except access.CodeRejected as rejected:
        raise ClaimError("throttled" if rejected.throttled else "rejected") from None
    if record.team_id is not None:
        raise ClaimError("rejected")  # same answer: do not reveal that it belongs to a team
    return _join_team(record, team, reference, mdt_date, request)


def _join_team(record: DecisionRecord, team: Team, reference: str, mdt_date: date | None,
               request, detail: str = "") -> DecisionRecord:  # fmt: skip
    """A record she started on her own becomes the team's: with a case file like an
    invitation's, audited as claimed. (Claimed with her code, or matched by a nurse.)"""
    DecisionRecord.objects.filter(pk=record.pk).update(team=team)
    record.team = team
    CaseFile.objects.create(record=record, team=team, reference=reference, mdt_date=mdt_date,
                            created_by=request.user)  # fmt: skip
    audit.record(AuditAction.RECORD_CLAIMED, request=request, record_id=record.pk, team=team,
                 detail=detail)  # fmt: skip
    return record


@transaction.atomic
def confirm_match(record: DecisionRecord, *, reference: str, mdt_date: date | None,
                  request) -> DecisionRecord:  # fmt: skip
    """A nurse of the team she sent her answers to confirms they are her patient's (issue 16):
    only now does the record count as the team's, with a case file like an invitation's."""
    locked = DecisionRecord.objects.select_for_update().get(pk=record.pk)
    if locked.team_id is not None or locked.not_matched_at is not None:
        raise ClaimError("rejected")  # matched or turned away meanwhile (another nurse)
    return _join_team(locked, locked.requested_team, reference, mdt_date, request,
                      detail="matched to the team's notes")  # fmt: skip


@transaction.atomic
def not_our_patient(record: DecisionRecord, request) -> None:
    """The team does not know her: the record leaves its list; retention purges it. She is
    told nothing (she may have chosen the wrong team, or it may not be her)."""
    updated = DecisionRecord.objects.filter(
        pk=record.pk, team__isnull=True, not_matched_at__isnull=True
    ).update(not_matched_at=timezone.now())
    if updated:
        audit.record(AuditAction.STATUS_CHANGED, request=request, record_id=record.pk,
                     team=record.requested_team_id, detail="not our patient")  # fmt: skip


def record_decision(record: DecisionRecord, *, decision: str, tell_who: str, tell_by: date,
                    request) -> None:  # fmt: skip
    """After the MDT (issue 16 item 6; PRSB): what was decided or the next step, who will tell
    her and by when. Shown on her page, the MDT one-pager and her copy. Audited, never logged."""
    CaseFile.objects.filter(record=record).update(
        decision=decision, decision_tell_who=tell_who, decision_tell_by=tell_by,
        decision_recorded_at=timezone.now(),
    )  # fmt: skip
    audit.record(AuditAction.RECORD_CHANGED, request=request, record_id=record.pk,
                 team=record.team_id, detail="decision after the MDT")  # fmt: skip


def reissue_code(record: DecisionRecord, request) -> access.IssuedCode:
    issued = access.issue_code(record)
    audit.record(AuditAction.CODE_ISSUED, request=request, record_id=record.pk, team=record.team_id)
    return issued


def revoke_code(record: DecisionRecord, request) -> None:
    access.revoke_codes(record)
    audit.record(
        AuditAction.CODE_REVOKED, request=request, record_id=record.pk, team=record.team_id
    )


@transaction.atomic
def lift_code_hold(record: DecisionRecord, request) -> None:
    """Let her code work again after wrong tries held it (review F5): she is on the phone, or
    her team judged it was not a guessing attack. Audited; a new code also lifts it."""
    access.lift_hold(record)
    audit.record(AuditAction.RECORD_CHANGED, request=request, record_id=record.pk,
                 team=record.team_id, detail="access code hold lifted")  # fmt: skip


def change_profile(
    record: DecisionRecord, profile: dict[str, Any], request
) -> ProfileChange | None:
    before = record.team_profile or {}
    keys = sorted(set(before) | set(profile))
    changes = {k: [before.get(k), profile.get(k)] for k in keys if before.get(k) != profile.get(k)}
    if not changes:
        return None
    record.team_profile = profile
    record.save(update_fields=["team_profile"])
    change = ProfileChange.objects.create(
        case=record.case, changed_by=request.user, changes=changes
    )
    audit.record(AuditAction.PROFILE_CHANGED, request=request, record_id=record.pk,
                 team=record.team_id, detail=",".join(changes))  # fmt: skip
    return change


def change_mdt_date(record: DecisionRecord, mdt_date: date | None, request) -> None:
    CaseFile.objects.filter(pk=record.case.pk).update(mdt_date=mdt_date)
    audit.record(AuditAction.RECORD_CHANGED, request=request, record_id=record.pk,
                 team=record.team_id, detail="mdt_date")  # fmt: skip


def add_note(record: DecisionRecord, text: str, request) -> NurseNote:
    note = NurseNote.objects.create(case=record.case, author=request.user, text=text)
    audit.record(AuditAction.NOTE_ADDED, request=request, record_id=record.pk, team=record.team_id)
    return note


@transaction.atomic
def set_status(record: DecisionRecord, status: str, request) -> None:
    """Mark a record reviewed or discussed at the MDT, through the record's lifecycle (which
    audits it). Raises ``TransitionRefused``, changing nothing, for a record not sent yet."""
    event = lifecycle.NURSE_EVENTS.get(status)
    if event is None:
        raise ValueError(f"not a status a nurse sets: {status!r}")
    lifecycle.transition(record, event, request=request)
    now = timezone.now()
    case_changes: dict[str, Any] = {}
    if event == lifecycle.Event.REVIEW:
        case_changes = {"reviewed_by": request.user, "reviewed_at": now}
    elif event == lifecycle.Event.DISCUSS:
        case_changes = {"discussed_at": now}
    CaseFile.objects.filter(pk=record.case.pk).update(**case_changes)


@dataclass(frozen=True)
class PurgePlan:
    drafts: list[Any]
    past_mdt: list[Any]
    codes: int
    attempts: int
    # What other apps keep, by core.retention kind (MDT packs, sign-in logs): key -> count.
    others: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        return len(self.drafts) + len(self.past_mdt)

    @property
    def record_ids(self) -> list[Any]:
        return [record_id for record_id, _team in self.drafts + self.past_mdt]


def purge_plan(now=None) -> PurgePlan:
    now = now or timezone.now()
    draft_cutoff = now - timedelta(days=settings.RETENTION_DRAFT_DAYS)
    mdt_cutoff = (now - timedelta(days=settings.RETENTION_AFTER_MDT_DAYS)).date()
    # Drafts, and every record no team holds (saved but not sent, sent but not yet matched, or
    # turned away as "not our patient", with what she gave to be matched): kept as a draft is.
    drafts = DecisionRecord.objects.filter(
        Q(status__in=lifecycle.STILL_ANSWERING) | Q(team__isnull=True),
        last_activity_at__lt=draft_cutoff,
    )
    past_mdt = DecisionRecord.objects.filter(case__mdt_date__lt=mdt_cutoff)
    codes, attempts = _expired_codes(now), _old_attempts(now)
    plan = PurgePlan(
        drafts=list(drafts.values_list("pk", "team_id")),
        past_mdt=list(past_mdt.exclude(pk__in=drafts.values("pk")).values_list("pk", "team_id")),
        codes=codes.count(),
        attempts=attempts.count(),
    )
    plan.others.update(retention.plan(now, plan.record_ids))
    return plan


def _expired_codes(now):
    """Codes past their expiry, and codes revoked more than a day ago."""
    return AccessCode.objects.filter(
        Q(expires_at__lt=now) | Q(revoked_at__lt=now - timedelta(days=1))
    )


def _old_attempts(now):
    """Throttling entries older than a day."""
    return AccessAttempt.objects.filter(created_at__lt=now - timedelta(days=1))


@transaction.atomic
def purge(now=None) -> PurgePlan:
    """Delete what the retention policy says to, and audit each deletion (no personal data)."""
    now = now or timezone.now()
    plan = purge_plan(now)
    for record_id, team_id in plan.drafts + plan.past_mdt:
        DecisionRecord.objects.filter(pk=record_id).delete()
        audit.record(AuditAction.RECORD_DELETED, record_id=record_id, team=team_id,
                     detail="retention")  # fmt: skip
    _expired_codes(now).delete()
    _old_attempts(now).delete()
    # Packs holding these records, old packs, old sign-in logs (review F2, F7).
    plan.others.update(retention.purge(now, plan.record_ids))
    others = "".join(f" {key}={count}" for key, count in plan.others.items())
    audit.record(AuditAction.PURGED, detail=(
        f"drafts={len(plan.drafts)} past_mdt={len(plan.past_mdt)} codes={plan.codes} "
        f"attempts={plan.attempts}{others}"
    ))  # fmt: skip
    return plan
