"""Load the shipped catalogue into the database and publish it as a content release.

Idempotent: when a release already exists it leaves the catalogue alone (content editors may
have changed it in the admin) unless ``--reload`` is given. Releases are never deleted, so
patient records keep the release they were shown.
"""

from __future__ import annotations

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
from decision_aid.content.releases import publish_release
from decision_aid.content.source import FIXTURE_PATH


class Command(BaseCommand):
    help = "Load fixtures/catalogue.json (first install, or --reload) and publish a release."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Replace the editable catalogue with the shipped one (releases are kept).",
        )

    def handle(self, *args, reload: bool = False, **options):
        if ContentRelease.objects.exists() and not reload:
            release = ContentRelease.objects.latest()
            self.stdout.write(f"Catalogue already loaded (content release {release.pk}).")
            return
        with transaction.atomic():
            Option.objects.all().delete()
            SideEffect.objects.all().delete()
            TreatmentGroup.objects.all().delete()
            CatalogueText.objects.all().delete()
            call_command("loaddata", str(FIXTURE_PATH), verbosity=0)
            release = publish_release("Catalogue loaded from fixtures/catalogue.json")
        self.stdout.write(
            f"Catalogue loaded: {Option.objects.count()} options, content release {release.pk}."
        )
