"""MDT packs: one PDF per team and meeting date, built in the background."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from decision_aid.core.models import Team


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class MdtPack(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="mdt_packs")
    mdt_date = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=PackStatus.choices, default=PackStatus.QUEUED)
    patients = models.PositiveIntegerField(default=0)
    # The records rendered into the PDF (review F3): a download is audited against each one.
    record_ids = models.JSONField(default=list, blank=True, editable=False)
    done = models.PositiveIntegerField(default=0, help_text="Patients rendered so far.")
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    # A failed render's reference, also in the error log line: the page words the message in
    # the reader's language. Never holds patient data.
    error_reference = models.CharField(max_length=16, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Several workers (issue 17 item 4): a worker claims a queued pack with one conditional
    # update that sets a new ``claim``; only the holder of that claim may write progress or the
    # result, so two tasks for one pack never both build it. ``heartbeat_at`` is its last sign
    # of life (queued, claimed, a patient done, and a beat from the worker while it renders): a
    # pack quiet for MDT_PACK_STALE_SECONDS is queued again, and fails (for a nurse to retry)
    # after MAX_ATTEMPTS lost workers.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"MDT pack {self.mdt_date} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        """No personal data: the date and the team's short name."""
        return f"mdt-{self.mdt_date:%Y-%m-%d}-{self.team.slug}.pdf"
