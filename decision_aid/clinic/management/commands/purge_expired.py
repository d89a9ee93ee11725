"""Delete what the retention policy says to. Run it daily (e.g. cron: ``15 2 * * *``).

- drafts (invited or in progress) untouched for RETENTION_DRAFT_DAYS (default 90);
- records RETENTION_AFTER_MDT_DAYS (default 365) after their MDT meeting date;
- expired access codes, and revoked ones after a day; throttling entries after a day;
- what other apps keep (``core.retention``): MDT packs past retention, holding a purged record, or
  MDT_PACK_KEEP_DAYS old (review F2); staff sign-in logs after SIGN_IN_LOG_KEEP_DAYS (F7);
  expired sessions; the task worker's results after TASK_RESULT_KEEP_DAYS (issue 17 item 3).
- every record no team holds (saved, sent but not matched, or not our patient), with what
  she gave to be matched, once untouched for RETENTION_DRAFT_DAYS (issue 16).

Each deletion is audited without personal data. ``--dry-run`` only reports.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from decision_aid.clinic import services
from decision_aid.core import retention


class Command(BaseCommand):
    help = "Delete expired drafts, records past retention after their MDT date, and old codes."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        plan = services.purge_plan() if dry_run else services.purge()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb}: {len(plan.drafts)} untouched drafts, {len(plan.past_mdt)} records past "
            f"retention after their MDT date, {plan.codes} old access codes, "
            f"{plan.attempts} old sign-in attempts."
        )
        for kind in retention.kinds():
            self.stdout.write(f"{verb}: {plan.others.get(kind.key, 0)} {kind.label}.")
