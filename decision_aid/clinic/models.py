"""The team's side of a patient's record: their reference, MDT date, review and notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from decision_aid.journey.models import DecisionRecord


class CaseFile(models.Model):
    """What the team holds about a patient's decision record. The reference is the team's own
    identifier (e.g. a hospital number): shown to the team, never put in URLs, filenames, logs
    or the audit trail."""

    record = models.OneToOneField(DecisionRecord, on_delete=models.CASCADE, related_name="case")
    # The record's team, kept here too so the queue's MDT-date order is read from one index
    # (team, MDT date, reference) rather than sorting every record of the team.
    team = models.ForeignKey("core.Team", on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(max_length=40)
    mdt_date = models.DateField("MDT meeting date", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    discussed_at = models.DateTimeField(null=True, blank=True)
    # After the meeting, what the PRSB shared decision-making standard expects on the record
    # (issue 16 item 6): what was decided or the next step, who will tell her, and by when.
    # Entered by a nurse (audited); shown on her page, the MDT one-pager and her copy.
    decision = models.TextField("What was decided, or the next step", max_length=1000, blank=True)
    decision_tell_who = models.CharField("Who will tell her", max_length=120, blank=True)
    decision_tell_by = models.DateField("Tell her by", null=True, blank=True)
    decision_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["mdt_date"], name="case_mdt_date"),
            models.Index(fields=["team", "mdt_date", "reference"], name="case_team_mdt"),
            models.Index(fields=["reference"], name="case_reference"),
        ]

    def __str__(self) -> str:
        return f"Case file {self.pk}"


class NurseNote(models.Model):
    """Append-only: notes are added, never edited or deleted."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Notes cannot be changed once added.")
        super().save(*args, **kwargs)


class ProfileChange(models.Model):
    """A change the team made to the clinical profile: who, when, and what changed."""

    case = models.ForeignKey(CaseFile, on_delete=models.CASCADE, related_name="profile_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(help_text="{key: [before, after]}")

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"Profile change {self.pk}"
