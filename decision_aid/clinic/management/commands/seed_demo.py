"""Create (or refresh) the clearly fictional demo accounts used on a developer's machine.

Run by ``make run``. Idempotent: running it again updates the same accounts rather than adding
more. It refuses to run in production (DEBUG off, outside tests): demo accounts must never exist
on a real service, and migrations never create them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_ACCOUNTS = (
    ("demo-nurse", "Demo", "Nurse"),
    ("demo-lead", "Demo", "Team Lead"),
)
SERVE_URL = "http://127.0.0.1:8000/"


def make_password() -> str:
    """A readable random password: four groups of five letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


class Command(BaseCommand):
    help = "Create or refresh the fictional demo accounts and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for every demo account (default: a new random one each run).",
        )

    def handle(self, *args, password: str | None = None, **options):
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError(
                "seed_demo only runs with DEBUG on: never create demo accounts in production."
            )
        password = password or make_password()
        user_model = get_user_model()
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(
                "The demo password is too weak: " + " ".join(error.messages)
            ) from None
        with transaction.atomic():
            for username, first_name, last_name in DEMO_ACCOUNTS:
                user, _created = user_model.objects.get_or_create(username=username)
                user.first_name, user.last_name = first_name, last_name
                user.email = f"{username}@example.invalid"
                user.is_staff = user.is_superuser = False
                user.set_password(password)
                user.save()
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Decision aid: {SERVE_URL}",
                    "Demo logins (fictional accounts, for this machine only):",
                    *(f"  {username} / {password}" for username, *_ in DEMO_ACCOUNTS),
                    "",
                ]
            )
        )
