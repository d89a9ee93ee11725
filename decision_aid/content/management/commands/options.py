"""Print, as JSON, every option of the current catalogue with its fit for a clinical profile.

    python manage.py options --profile profile.json
    echo '{"er": "positive"}' | python manage.py options --profile -

An unknown key or value exits with status 2 and a message naming it.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from decision_aid.content.profile import ProfileError, parse_profile
from decision_aid.content.releases import NoContentRelease, current_catalogue
from decision_aid.content.services import options_report


class Command(BaseCommand):
    help = "Show which options may fit a clinical profile (JSON), with reasons."

    def add_arguments(self, parser):
        parser.add_argument(
            "--profile", required=True, help="A JSON file with the profile, or - for stdin."
        )

    def handle(self, *args, profile: str, **options):
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
        self.stdout.write(
            json.dumps(options_report(catalogue, parsed), indent=2, ensure_ascii=False)
        )
