"""A patient's decision record."""

from __future__ import annotations

import uuid

from django.db import models

from decision_aid.content.models import ContentRelease


class DecisionRecord(models.Model):
    """One patient's answers and summary. It pins the content release it was shown, so its
    options, figures and wording can always be shown again exactly as the patient saw them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    content_release = models.ForeignKey(ContentRelease, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Decision record {self.pk}"
