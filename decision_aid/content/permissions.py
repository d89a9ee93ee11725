"""The "content editors" group: may edit the catalogue and read the releases."""

from __future__ import annotations

CONTENT_EDITORS = "content editors"
EDITABLE_MODELS = (
    "treatmentgroup", "sideeffect", "option", "schedule", "drug", "benefit", "monitoringtest",
    "optionsideeffect", "source", "cataloguetext",
)  # fmt: skip


def ensure_content_editors_group(sender=None, **kwargs) -> None:
    """Create or update the group (runs after every migrate; idempotent)."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=CONTENT_EDITORS)
    codenames = [
        f"{action}_{model}"
        for model in EDITABLE_MODELS
        for action in ("add", "change", "delete", "view")
    ] + ["view_contentrelease"]
    permissions = Permission.objects.filter(
        content_type__app_label="content", codename__in=codenames
    )
    group.permissions.set(permissions)
