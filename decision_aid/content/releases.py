"""Publishing the catalogue: every change makes a new immutable content release.

``publish_release`` snapshots the editable tables; ``current_catalogue`` and ``catalogue_for``
return the typed catalogue of the latest (or a pinned) release, cached per process by release id
(releases never change, so the cache can never be stale).

A release carries the question bank and knowledge statements too (``question_bank.py``, since
catalogue edition 5): loading an edition publishes the shipped bank, and a publish in the admin
(where the bank cannot be edited) carries the latest release's bank forward. A release from
before the bank joined falls back to the first bank any release carried, which is the bank as
it was shipped then, so an older record's questions and knowledge score never move either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from decision_aid.content.models import (
    CatalogueText,
    ContentRelease,
    Option,
    OptionSideEffect,
    TreatmentGroup,
)
from decision_aid.content.question_bank import (
    QuestionBank,
    bank_from_data,
    bank_to_data,
    shipped_bank,
)
from decision_aid.content.types import Catalogue, catalogue_from_snapshot, public_evidence


class NoContentRelease(LookupError):
    """The catalogue has never been published (run ``make install`` / ``load_catalogue``)."""


def build_snapshot(bank: QuestionBank | None = None) -> dict[str, Any]:
    """The whole editable catalogue as plain JSON-ready data, in display order, with ``bank``
    (by default the latest release's, or the shipped one if no release carries a bank)."""
    options = (
        Option.objects.select_related("group", "schedule")
        .prefetch_related(
            "drugs",
            "benefits",
            "tests",
            "sources",
            Prefetch(
                "option_side_effects",
                queryset=OptionSideEffect.objects.select_related("side_effect"),
            ),
        )
        .order_by("group__order", "order", "slug")
    )
    return {
        "groups": [
            {"slug": g.slug, "name": g.name, "description": g.description}
            for g in TreatmentGroup.objects.order_by("order", "slug")
        ],
        "options": [_option_snapshot(option) for option in options],
        "texts": {t.key: t.text for t in CatalogueText.objects.order_by("key")},
        "bank": bank_to_data(bank or _bank_carried(ContentRelease.objects.order_by("-id"))),
    }


def _bank_carried(releases) -> QuestionBank:
    """The bank of the first of ``releases`` that carries one, or the shipped bank."""
    data = releases.filter(snapshot__has_key="bank").values_list("snapshot__bank", flat=True)
    data = data.first()
    return shipped_bank() if data is None else bank_from_data(data)


def _option_snapshot(option: Option) -> dict[str, Any]:
    schedule = option.schedule
    return {
        "slug": option.slug,
        "name": option.name,
        "group": option.group.slug,
        "summary": option.summary,
        "who_for": option.who_for,
        "route": option.route,
        "settings": list(option.settings),
        "how_given": option.how_given,
        "drugs": [str(drug) for drug in option.drugs.all()],
        "schedule": {
            "kind": schedule.kind,
            "summary": schedule.summary,
            "cycle_days": schedule.cycle_days,
            "treatment_days": list(schedule.treatment_days),
            "loading_days": list(schedule.loading_days),
            "first_cycle_day": schedule.first_cycle_day,
            "course_days": list(schedule.course_days),
            "given_at_hospital": schedule.given_at_hospital,
            "hours_at_hospital": float(schedule.hours_at_hospital),
            "stay_nights": schedule.stay_nights,
            "review_every_days": schedule.review_every_days,
        },
        "tests": [
            {
                "name": t.name,
                "every_days": t.every_days,
                "on_days": list(t.on_days),
                "where": t.where,
                "with_treatment": t.with_treatment,
                "detail": t.detail,
            }
            for t in option.tests.all()
        ],
        "benefits": [b.text for b in option.benefits.all()],
        "living_physical": option.living_physical,
        "living_emotional": option.living_emotional,
        "living_social": option.living_social,
        "side_effects": [
            {
                "key": link.side_effect.key,
                "name": link.side_effect.name,
                "explanation": link.side_effect.explanation,
                "what_helps": link.side_effect.what_helps,
                "frequency": link.frequency,
                "band": link.band,
                "band_source": link.band_source,
                "matters_tags": list(link.side_effect.matters_tags),
            }
            for link in option.option_side_effects.all()
        ],
        "few_side_effects": option.few_side_effects,
        "hair_loss": option.hair_loss,
        "hair_loss_text": option.hair_loss_text,
        "stopping": option.stopping,
        "pregnancy": option.pregnancy,
        "evidence": public_evidence(option.evidence),
        "sources": [{"citation": s.citation, "url": s.url} for s in option.sources.all()],
        "reviewed_on": option.reviewed_on.isoformat(),
        "next_review": option.next_review.isoformat(),
        "reviewer": option.reviewer,
    }


def snapshot_digest(snapshot: dict[str, Any]) -> str:
    encoded = json.dumps(snapshot, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


@transaction.atomic
def publish_release(
    summary: str, user=None, edition: int | None = None, bank: QuestionBank | None = None
) -> ContentRelease:
    """Record a new release if the catalogue differs from the latest one; return the latest.

    ``edition`` is the shipped catalogue's edition, for a release loaded from the fixture; a new
    edition is always recorded, even with content equal to the latest release's. ``bank`` is
    the question bank to publish (the shipped one, for an edition); by default the latest's.
    """
    snapshot = build_snapshot(bank)
    digest = snapshot_digest(snapshot)
    latest = ContentRelease.objects.order_by("-id").first()
    if latest is not None and latest.digest == digest and edition in (None, latest.edition):
        return latest
    return ContentRelease.objects.create(
        summary=summary[:300], created_by=user, digest=digest, snapshot=snapshot, edition=edition
    )


def _release_key(queryset) -> tuple[int, str]:
    key = queryset.values_list("id", "digest").first()
    if key is None:
        raise NoContentRelease("No content release yet: run 'make install' to load the catalogue.")
    return key


def latest_release_id() -> int:
    return _release_key(ContentRelease.objects.order_by("-id"))[0]


@lru_cache(maxsize=16)
def _catalogue(release_id: int, digest: str) -> Catalogue:
    release = ContentRelease.objects.only("snapshot").get(pk=release_id)
    catalogue = catalogue_from_snapshot(release_id, release.snapshot)
    if catalogue.bank is None:  # a release from before the bank joined (edition 5)
        catalogue = replace(catalogue, bank=_bank_carried(ContentRelease.objects.order_by("id")))
    return catalogue


def catalogue_for(release_id: int) -> Catalogue:
    """The typed catalogue of one release, e.g. the one a patient record pins.

    Cached per process: a release never changes. The key includes the digest, so a release id
    reused after a rolled-back transaction can never return another release's content.
    """
    return _catalogue(*_release_key(ContentRelease.objects.filter(pk=release_id)))


def current_catalogue() -> Catalogue:
    """The typed catalogue of the latest release."""
    return _catalogue(*_release_key(ContentRelease.objects.order_by("-id")))


def release_facts(release_id: int) -> tuple[Any, int | None]:
    """When a release was published, and the shipped edition it comes from (a release published
    in the admin has no edition of its own: it comes from the last edition loaded)."""
    published_at = ContentRelease.objects.only("created_at").get(pk=release_id).created_at
    edition = (
        ContentRelease.objects.filter(pk__lte=release_id, edition__isnull=False)
        .order_by("-id")
        .values_list("edition", flat=True)
        .first()
    )
    return published_at, edition
