"""What the documents' pages read: MDT packs, scoped to the user's teams (a pack of another
team is a 404, like a record)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from decision_aid.clinic import selectors as clinic_selectors
from decision_aid.documents.models import MdtPack

RECENT_PACKS = 10


def pack_for(user, pack_id) -> MdtPack:
    return get_object_or_404(
        MdtPack.objects.select_related("team"), pk=pack_id,
        team__in=clinic_selectors.teams_for(user),
    )  # fmt: skip


def recent_packs(team) -> QuerySet[MdtPack]:
    """The team's newest packs, without their PDFs."""
    return MdtPack.objects.filter(team=team).defer("pdf")[:RECENT_PACKS]
