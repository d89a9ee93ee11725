"""Teams, memberships and the audit trail: shared by the patient and clinic sides."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Team(models.Model):
    """A breast care service at a hospital."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(unique=True)
    hospital = models.CharField(max_length=150, blank=True)
    # The number patients call: on the access-code slip and the team's public start page.
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    NURSE = "nurse", "Specialist nurse"
    LEAD = "lead", "Team lead"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.NURSE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "team"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"


class AuditAction(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGOUT = "logout", "Logged out"
    LOGIN_FAILED = "login_failed", "Failed login"
    RECORD_CREATED = "record_created", "Record created"
    RECORD_CHANGED = "record_changed", "Record changed"
    RECORD_DELETED = "record_deleted", "Record deleted"
    RECORD_VIEWED = "record_viewed", "Record viewed"
    RECORD_SUBMITTED = "record_submitted", "Record submitted"
    SUMMARY_DOWNLOADED = "summary_downloaded", "Summary downloaded"
    PACK_REQUESTED = "pack_requested", "MDT pack requested"
    CODE_ISSUED = "code_issued", "Access code issued"
    CODE_REVOKED = "code_revoked", "Access code revoked"
    CODE_USED = "code_used", "Access code used"
    RECORD_CLAIMED = "record_claimed", "Record claimed into a team"
    NOTE_ADDED = "note_added", "Note added"
    STATUS_CHANGED = "status_changed", "Status changed"
    PROFILE_CHANGED = "profile_changed", "Clinical profile changed"
    QUEUE_VIEWED = "queue_viewed", "Review queue viewed"
    AUDIT_VIEWED = "audit_viewed", "Audit trail viewed"
    PURGED = "purged", "Records purged"
    RELEASE_CHANGED = "release_changed", "Moved to a newer content release"
    TWO_FACTOR = "two_factor", "Two-factor sign-in"


class AuditEvent(models.Model):
    """Who did what to which record, and when (UTC). Never holds answer text or a patient's
    reference: ``detail`` is a short, fixed description such as a field name or a count."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_kind = models.CharField(max_length=10)  # staff | patient | system
    action = models.CharField(max_length=24, choices=AuditAction.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record_id = models.UUIDField(null=True, blank=True, db_index=True)
    detail = models.CharField(max_length=200, blank=True)
    request_id = models.CharField(max_length=36, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["team", "-at"], name="audit_team_time")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")
