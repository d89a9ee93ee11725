"""A patient's decision record, their answers, submitted versions and access codes."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decision_aid.content.models import ContentRelease
from decision_aid.core.models import Team
from decision_aid.journey.scoring import is_unsure


class RecordStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    DISCUSSED = "discussed", _("Discussed at MDT")


class DecisionRecord(models.Model):
    """One patient's answers and summary. It pins the content release it was shown, so its
    options, figures and wording can always be shown again exactly as the patient saw them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    content_release = models.ForeignKey(ContentRelease, on_delete=models.PROTECT, related_name="+")
    # The team caring for the patient; empty while a self-started record is unclaimed.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    status = models.CharField(
        max_length=12, choices=RecordStatus.choices, default=RecordStatus.IN_PROGRESS
    )
    self_started = models.BooleanField(default=False)
    # The team she chose, or whose start link she used (issue 16): her answers go to it when she
    # sends them, but the record is that team's (``team``) only once a nurse confirms the match.
    requested_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="requested_records"
    )
    # When a nurse of the requested team said "not our patient": the record leaves the team's
    # list and retention purges it. She is told nothing of this.
    not_matched_at = models.DateTimeField(null=True, blank=True)
    # Kept up to date from the answers, so the team's queue can filter and sort on them.
    sure_score = models.PositiveSmallIntegerField(null=True, blank=True)
    leaning = models.CharField(max_length=12, blank=True)
    # Clinical details filled in by the team (the content app's profile contract). The patient
    # sees them as "from your team" and cannot change them.
    team_profile = models.JSONField(default=dict, blank=True)
    # Goes up each time the record's codes are revoked or replaced: a browser session opened
    # before that no longer works (security review F1).
    access_generation = models.PositiveIntegerField(default=0)
    submitted_version = models.PositiveIntegerField(default=0)
    changed_since_submission = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when the record was moved to a newer content release (a correction that must reach
    # patients still answering); cleared once the patient has looked at their options again.
    content_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["team", "status", "-last_activity_at"], name="record_team_status"),
            models.Index(fields=["team", "-last_activity_at"], name="record_team_activity"),
            models.Index(fields=["team", "sure_score"], name="record_team_sure"),
            models.Index(
                fields=["requested_team", "team", "-last_activity_at"], name="record_requested"
            ),
        ]

    def __str__(self) -> str:
        return f"Decision record {self.pk}"

    @property
    def identity_given(self) -> bool:
        """She gave her details to send her answers to a team she chose (issue 16)."""
        try:
            return self.identity is not None
        except PatientIdentity.DoesNotExist:
            return False

    @property
    def sure_flag(self) -> bool:
        """Unsure (``scoring.is_unsure``: a SURE score of 3 or less, a partly answered test
        included) in the version she sent: the nurse should know."""
        return is_unsure(self.sure_score)


class PatientIdentity(models.Model):
    """What she gives when she sends her answers to a team she chose, so that the team can match
    them to her notes (issue 16). Kept only as long as the record (deleted with it), shown only
    to that team's staff, and never written to logs, audit rows, URLs or filenames."""

    record = models.OneToOneField(DecisionRecord, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField(max_length=120)
    date_of_birth = models.DateField()
    nhs_number = models.CharField(max_length=10, blank=True)
    hospital_number = models.CharField(max_length=30, blank=True)
    given_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Identity for record {self.record_id}"


class Answer(models.Model):
    """One answer, saved on its own so that two tabs editing different answers never clash."""

    record = models.ForeignKey(DecisionRecord, on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(max_length=80)
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "key"], name="unique_answer_per_record")
        ]

    def __str__(self) -> str:
        return self.key


class Submission(models.Model):
    """A submitted version of the answers. A later submission adds a version; none is
    overwritten."""

    record = models.ForeignKey(DecisionRecord, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    content_release = models.ForeignKey(ContentRelease, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField()

    class Meta:
        ordering = ["record", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["record", "version"], name="unique_submission_version")
        ]

    def __str__(self) -> str:
        return f"Submission {self.version}"


class AccessCode(models.Model):
    """A code that opens one record. Stored only as a selector (its first characters, to find
    the record) and an HMAC of the rest, never in full."""

    record = models.ForeignKey(DecisionRecord, on_delete=models.CASCADE, related_name="codes")
    selector = models.CharField(max_length=8, unique=True)
    verifier_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Access code for {self.record_id}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class AttemptKind(models.TextChoices):
    CODE = "code", _("Access code entered")
    SELF_START = "self_start", _("Started on their own")


class AccessAttempt(models.Model):
    """Throttling ledger: who (a keyed hash of the address, never the address) tried what, when."""

    kind = models.CharField(max_length=12, choices=AttemptKind.choices)
    address_hash = models.CharField(max_length=64)
    record = models.ForeignKey(
        DecisionRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["address_hash", "created_at"], name="attempt_address_time"),
            models.Index(fields=["record", "created_at"], name="attempt_record_time"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.created_at:%Y-%m-%d %H:%M}"
