"""Validate ``decision_aid/content/catalogue/`` and write ``fixtures/catalogue.json``."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from decision_aid.content.source import FIXTURE_PATH, CatalogueError, build_fixture_records


class Command(BaseCommand):
    help = "Build fixtures/catalogue.json from the catalogue's YAML source."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the fixture is stale.")

    def handle(self, *args, check: bool = False, **options):
        try:
            records = build_fixture_records()
        except CatalogueError as error:
            raise CommandError(str(error)) from None
        text = json.dumps(records, indent=1, ensure_ascii=False) + "\n"
        if check:
            current = FIXTURE_PATH.read_text(encoding="utf-8") if FIXTURE_PATH.exists() else ""
            if current != text:
                raise CommandError(
                    "fixtures/catalogue.json is stale: run manage.py build_catalogue"
                )
            self.stdout.write("fixtures/catalogue.json is up to date.")
            return
        FIXTURE_PATH.write_text(text, encoding="utf-8")
        options_count = sum(1 for r in records if r["model"] == "content.option")
        self.stdout.write(
            f"Wrote {FIXTURE_PATH.name}: {options_count} options, {len(records)} records."
        )
