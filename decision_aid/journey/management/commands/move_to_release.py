"""Move records still being answered to a newer content release, when a correction published
in that release must reach patients already in the journey (hazard log, action A1).

    python manage.py move_to_release                # dry run: what would move to the latest
    python manage.py move_to_release --apply        # move them
    python manage.py move_to_release --release 7 --apply

Each moved patient sees, on their next page, that the information was updated and is asked to
look at their options again; each move is audited. Records already sent to their team keep the
release they were shown; they are counted per team so each team can follow them up.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from decision_aid.content.models import ContentRelease
from decision_aid.content.releases import NoContentRelease, latest_release_id
from decision_aid.journey import services


class Command(BaseCommand):
    help = "Move records still being answered to a newer content release (dry run by default)."

    def add_arguments(self, parser):
        parser.add_argument("--release", type=int, help="The release to move to (the latest).")
        parser.add_argument("--apply", action="store_true", help="Move them (else a dry run).")

    def handle(self, *args, release: int | None, apply: bool, **options):
        try:
            latest = latest_release_id()
        except NoContentRelease as error:
            raise CommandError(str(error)) from None
        target = latest if release is None else release
        if not ContentRelease.objects.filter(pk=target).exists():
            raise CommandError(f"There is no content release {target}")
        move = services.move_to_release(target, dry_run=not apply)
        verb = "Moved" if apply else "Would move (dry run; add --apply to move them)"
        self.stdout.write(f"{verb}: {move.moved} record(s) still being answered, to release "
                          f"{target}")  # fmt: skip
        if move.sent_by_team:
            self.stdout.write("Already sent on an older release, not moved; teams to follow up:")
            for team, count in move.sent_by_team.items():
                self.stdout.write(f"  {team or '(not yet claimed by a team)'}: {count}")
