"""Validate ``decision_aid/content/catalogue/`` and write ``fixtures/catalogue.json`` and
``fixtures/question_bank.json`` (the question bank and knowledge statements)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from decision_aid.content.question_bank import BANK_PATH, bank_from_source, bank_to_data
from decision_aid.content.source import (
    FIXTURE_PATH,
    CatalogueError,
    build_fixture_records,
    read_source,
)


class Command(BaseCommand):
    help = "Build fixtures/catalogue.json from the catalogue's YAML source."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the fixture is stale.")

    def handle(self, *args, check: bool = False, **options):
        try:
            source = read_source()
            records = build_fixture_records(source)  # validates the question bank too
        except CatalogueError as error:
            raise CommandError(str(error)) from None
        text = json.dumps(records, indent=1, ensure_ascii=False) + "\n"
        bank = json.dumps(bank_to_data(bank_from_source(source)), indent=1, ensure_ascii=False)
        files = ((FIXTURE_PATH, text), (BANK_PATH, bank + "\n"))
        if check:
            for path, wanted in files:
                current = path.read_text(encoding="utf-8") if path.exists() else ""
                if current != wanted:
                    raise CommandError(
                        f"fixtures/{path.name} is stale: run manage.py build_catalogue"
                    )
            self.stdout.write("fixtures/catalogue.json and question_bank.json are up to date.")
            return
        for path, wanted in files:
            path.write_text(wanted, encoding="utf-8")
        options_count = sum(1 for r in records if r["model"] == "content.option")
        self.stdout.write(
            f"Wrote {FIXTURE_PATH.name}: {options_count} options, {len(records)} records; "
            f"{BANK_PATH.name}: {len(source['questions'])} questions, "
            f"{len(source['knowledge'])} knowledge statements."
        )
