"""Print, as JSON, every option of the current catalogue with its fit for a clinical profile.

    python manage.py options --profile profile.json
    echo '{"er": "positive", "chemo_for_secondary": "none"}' | python manage.py options --profile -

The profile is the contract of ``decision_aid/content/profile.py`` (``--help`` lists every key
and value). An unknown key or value exits with status 2 and a message naming it.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from decision_aid.content.eligibility import RULE_SOURCES
from decision_aid.content.profile import ProfileError, contract_help, parse_profile
from decision_aid.content.releases import NoContentRelease, current_catalogue
from decision_aid.content.services import options_report


class Command(BaseCommand):
    help = (
        "Show which options may fit a clinical profile (JSON), with reasons. Every key is "
        "optional; missing, null or 'unknown' means unknown (never ruled out), [] means none. "
        "Keys: " + contract_help() + "."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--profile", required=True, help="A JSON file with the profile, or - for stdin."
        )
        parser.add_argument(
            "--sources", action="store_true", help="Add where each option's rule comes from."
        )

    def handle(self, *args, profile: str, sources: bool = False, **options):
        try:
            if profile == "-":
                raw = sys.stdin.read()
            else:
                with open(profile, encoding="utf-8") as handle:
                    raw = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read the profile: {error}", returncode=2) from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise CommandError(f"The profile is not valid JSON: {error}", returncode=2) from None
        try:
            parsed = parse_profile(data)
        except ProfileError as error:
            raise CommandError(str(error), returncode=2) from None
        try:
            catalogue = current_catalogue()
        except NoContentRelease as error:
            raise CommandError(str(error)) from None
        report = options_report(catalogue, parsed)
        if sources:
            for item in report["options"]:
                item["rule_source"] = RULE_SOURCES[item["slug"]]
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
