"""Load the shipped catalogue into the database and publish it as a content release.

It loads on first install, and again when the shipped fixture is a newer *edition* (general.yaml's
``edition``) than the last release loaded from it; otherwise it leaves the catalogue alone
(content editors may have changed it in the admin) unless ``--reload`` is given. Releases are
never deleted, so patient records keep the release they were shown.
"""

from __future__ import annotations

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from decision_aid.content.models import (
    CatalogueText,
    ContentRelease,
    Option,
    SideEffect,
    TreatmentGroup,
)
from decision_aid.content.question_bank import shipped_bank
from decision_aid.content.releases import publish_release
from decision_aid.content.source import EDITION_TEXT_KEYS, FIXTURE_PATH, shipped_edition

# Releases loaded before editions were recorded came from the first edition.
FIRST_EDITION = 1


def loaded_edition() -> int:
    """The edition of the latest release loaded from the fixture."""
    edition = (
        ContentRelease.objects.filter(edition__isnull=False)
        .order_by("-id")
        .values_list("edition", flat=True)
        .first()
    )
    return edition or FIRST_EDITION


class Command(BaseCommand):
    help = (
        "Load fixtures/catalogue.json (first install, a newer edition, or --reload) and publish "
        "a release."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Replace the editable catalogue with the shipped one (releases are kept).",
        )

    def handle(self, *args, reload: bool = False, **options):
        edition, edition_summary = shipped_edition(
            json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
        )
        latest = ContentRelease.objects.order_by("-id").first()
        previous = loaded_edition() if latest is not None else None
        if latest is not None and not reload and edition <= previous:
            self.stdout.write(
                f"Catalogue already loaded (content release {latest.pk}, edition {previous})."
            )
            return
        with transaction.atomic():
            Option.objects.all().delete()
            SideEffect.objects.all().delete()
            TreatmentGroup.objects.all().delete()
            CatalogueText.objects.all().delete()
            call_command("loaddata", str(FIXTURE_PATH), verbosity=0)
            # The edition travels in the fixture as two texts; it is the release's, not a text.
            CatalogueText.objects.filter(key__in=EDITION_TEXT_KEYS).delete()
            summary = f"Catalogue edition {edition} loaded from fixtures/catalogue.json"
            if edition_summary:
                summary += f": {edition_summary}"
            # The shipped question bank and knowledge statements travel in the release too.
            release = publish_release(summary, edition=edition, bank=shipped_bank())
        self.stdout.write(
            f"Catalogue loaded: {Option.objects.count()} options, edition {edition}, "
            f"content release {release.pk}."
        )
        if latest is not None and not reload and edition > previous:
            self.stdout.write(
                f"Edition {edition} replaces edition {previous}"
                + (f" ({edition_summary})" if edition_summary else "")
                + ". Changes made in the admin since are kept only in earlier releases.\n"
                "Patient records keep the release they were shown. To bring patients still "
                "answering onto this one, run: manage.py move_to_release --apply"
            )
