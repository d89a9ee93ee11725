"""MDT packs under the retention policy (review F2): a pack is a copy of the records it
summarises, so it must not outlive them.

A pack is deleted by ``purge_expired`` when its meeting date is past RETENTION_AFTER_MDT_DAYS,
when it holds a record being purged (or one already gone: ``MdtPack.record_ids``), and, as a
working copy for one meeting, MDT_PACK_KEEP_DAYS after it was asked for. Registered with
``core.retention`` when the app starts (the clinic, below this app, runs the purge).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from decision_aid.core import retention
from decision_aid.documents.models import MdtPack
from decision_aid.journey.models import DecisionRecord


def expired_pack_ids(now: datetime, purging: Collection) -> list:
    mdt_cutoff = (now - timedelta(days=settings.RETENTION_AFTER_MDT_DAYS)).date()
    kept_until = now - timedelta(days=settings.MDT_PACK_KEEP_DAYS)
    expired = set(
        MdtPack.objects.filter(
            Q(mdt_date__lt=mdt_cutoff) | Q(requested_at__lt=kept_until)
        ).values_list("pk", flat=True)
    )
    # The rest: does any hold a record that is being purged, or is already gone? (Few packs,
    # a short list of ids each; the PDFs themselves are never loaded.)
    held = {
        pk: {str(record_id) for record_id in ids}
        for pk, ids in MdtPack.objects.exclude(pk__in=expired).values_list("pk", "record_ids")
        if ids
    }
    every_id = set().union(*held.values()) if held else set()
    alive = {
        str(pk)
        for pk in DecisionRecord.objects.filter(pk__in=every_id).values_list("pk", flat=True)
    }
    going = {str(record_id) for record_id in purging} | (every_id - alive)
    expired.update(pk for pk, ids in held.items() if ids & going)
    return sorted(expired, key=str)


def plan(now: datetime, purging: Collection) -> int:
    return len(expired_pack_ids(now, purging))


def purge(now: datetime, purging: Collection) -> int:
    ids = expired_pack_ids(now, purging)
    MdtPack.objects.filter(pk__in=ids).delete()
    return len(ids)


MDT_PACKS = retention.Kind("mdt_packs", "MDT packs", plan, purge)
