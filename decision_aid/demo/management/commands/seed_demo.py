"""Create (or refresh) the clearly fictional demo accounts used on a developer's machine.

Run by ``make run``. Idempotent: running it again updates the same accounts rather than adding
more. It refuses to run in production (DEBUG off, outside tests): demo accounts must never exist
on a real service, and migrations never create them. Its app (``decision_aid.demo``) is not even
installed with DEBUG off, so there the command does not exist; the refusal below stays as a second
guard (a settings module that installs the app by hand).
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from decision_aid.clinic.models import CaseFile, NurseNote
from decision_aid.core import two_factor
from decision_aid.core.models import Membership, Role, Team
from decision_aid.demo.two_factor import code_now
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord, RecordStatus

DEMO_ACCOUNTS = (
    ("demo-nurse", "Demo", "Nurse", Role.NURSE),
    ("demo-lead", "Demo", "Team Lead", Role.LEAD),
)
DEMO_TEAM = {
    "slug": "demo-breast-care",
    "name": "Demo Breast Care Service",
    "hospital": "Demo Hospital",
    "phone": "01632 960 000",  # a number Ofcom keeps for drama: never a real line
}
# A fictional patient who started from the team's start link and sent her answers: she waits
# in the queue as "not yet matched" (issue 16).
DEMO_SENDER = {"full_name": "Demo Patient Sentbyherself", "nhs_number": "9434765919"}
CDK46 = "cdk46-inhibitor-with-hormone-therapy"
# Clearly fictional patients, one in each of three states.
DEMO_PATIENTS = (
    ("DEMO-0001", RecordStatus.INVITED, {"er": "positive", "her2": "negative"}, {}),
    ("DEMO-0002", RecordStatus.IN_PROGRESS, {"er": "negative", "pr": "negative"}, {
        "her2": "negative", "pdl1": "unknown", "menopause": "pre", "spread": ["lung"],
        "matters_fewer_visits": "very_much", "matters_avoid_hair_loss": "quite_a_lot",
        "journey_minutes": 70, "travel_mode": "public_transport", "journey_hard": "yes",
    }),
    ("DEMO-0003", RecordStatus.SUBMITTED, {"er": "positive", "pr": "positive",
                                           "her2": "negative"}, {
        "pdl1": "unknown", "brca": "unknown", "pik3ca": "negative", "menopause": "post",
        "spread": ["bone"], "problems": ["none"], "akt1_pten": "unknown", "esr1": "unknown",
        "hormone_for_secondary": "with_ai", "cdk46_for_secondary": "none",
        "chemo_for_secondary": "none", "her2_for_secondary": "none",
        "anthracycline_ever": "yes", "taxane_ever": "no",
        "matters_fewer_visits": "very_much", "matters_keep_energy": "very_much",
        "matters_family_time": "quite_a_lot", "matters_avoid_hair_loss": "a_little",
        "matters_most": "Fictional demo patient: being well enough for a family wedding.",
        "journey_minutes": 45, "travel_mode": "lift", "journey_hard": "sometimes",
        "shortlist": ["fulvestrant", CDK46, "supportive-care-only"],
        "compare": ["fulvestrant", CDK46],
        "leaning": "some", "leaning_options": ["fulvestrant", CDK46],
        "sure_sure": "no", "sure_understand": "yes", "sure_risk_benefit": "no",
        "sure_encouragement": "yes", "decide_how": "together", "survival_talk": "main_points",
        "questions_own": "Can the injections be given at my GP surgery?",
    }),
)  # fmt: skip
SERVE_URL = "http://127.0.0.1:8000/"
# The demo accounts' authenticator-app secret (issue 17): known, so `make run` stays one command.
# Fictional accounts on a DEBUG machine only; never a real account's secret.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # hex of "12345678901234567890"


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
        parser.add_argument(
            "--code", action="store_true",
            help="Only print the demo accounts' current two-factor code (make demo-code).",
        )  # fmt: skip

    def handle(self, *args, password: str | None = None, code: bool = False, **options):
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError(
                "seed_demo only runs with DEBUG on: never create demo accounts in production."
            )
        if code:
            device = TOTPDevice.objects.filter(user__username="demo-nurse", confirmed=True).first()
            if device is None:
                raise CommandError("No demo accounts yet: run make run first.")
            self.stdout.write(f"Demo two-factor code now: {code_now(device)}")
            return
        password = password or make_password()
        user_model = get_user_model()
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(
                "The demo password is too weak: " + " ".join(error.messages)
            ) from None
        with transaction.atomic():
            team, _ = Team.objects.update_or_create(slug=DEMO_TEAM["slug"], defaults=DEMO_TEAM)
            users = {}
            for username, first_name, last_name, role in DEMO_ACCOUNTS:
                user, _created = user_model.objects.get_or_create(username=username)
                user.first_name, user.last_name = first_name, last_name
                user.email = f"{username}@example.invalid"
                user.is_staff = user.is_superuser = False
                user.set_password(password)
                user.save()
                Membership.objects.update_or_create(user=user, team=team, defaults={"role": role})
                TOTPDevice.objects.filter(user=user).delete()
                devices = TOTPDevice.objects.create(
                    user=user, name="demo authenticator app", key=DEMO_TOTP_KEY, confirmed=True
                )
                users[username] = user
            created = self.seed_patients(team, users["demo-nurse"])
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Decision aid: {SERVE_URL}",
                    f"Clinic (specialist nurses): {SERVE_URL}clinic/",
                    "Demo logins (fictional accounts, for this machine only):",
                    *(f"  {username} / {password}" for username, *_ in DEMO_ACCOUNTS),
                    "Then a code from an authenticator app (two-factor sign-in). Add the demo",
                    f"  secret {two_factor.secret_text(devices).replace(' ', '')} to an app,",
                    f"  or use the code now: {code_now(devices)} (it changes every 30 seconds;",
                    "  'make demo-code' prints a fresh one).",
                    f"Demo team: {team.name}, {created} fictional patients added"
                    if created
                    else f"Demo team: {team.name} (fictional patients already there)",
                    "",
                ]
            )
        )

    def seed_patients(self, team: Team, nurse) -> int:
        existing = set(
            CaseFile.objects.filter(record__team=team).values_list("reference", flat=True)
        )
        created = 0
        mdt_date = (timezone.now() + timedelta(days=7)).date()
        for reference, status, team_profile, answers in DEMO_PATIENTS:
            if reference in existing:
                continue
            # Invited, as a nurse's invitation leaves it; the lifecycle moves it on from there
            # (her answers start it, sending submits it).
            record = journey_services.start_record(self_started=False, invited=True)
            DecisionRecord.objects.filter(pk=record.pk).update(team=team, team_profile=team_profile)
            record.refresh_from_db()
            CaseFile.objects.create(
                record=record, team=team, reference=reference, mdt_date=mdt_date, created_by=nurse
            )
            journey_services.save_answers(record, answers)
            if status == RecordStatus.SUBMITTED:
                journey_services.submit(record)
                NurseNote.objects.create(
                    case=record.case,
                    author=nurse,
                    text="Demo note: phoned to confirm the MDT date.",
                )
            created += 1
        if not DecisionRecord.objects.filter(requested_team=team, team__isnull=True).exists():
            record = journey_services.start_record(self_started=True, requested_team=team)
            journey_services.save_answers(record, {"matters_most": "Fictional: time with my dog."})
            journey_services.send_to_team(record, team, date_of_birth=date(1960, 1, 1),
                                          **DEMO_SENDER)  # fmt: skip
            created += 1
        return created
