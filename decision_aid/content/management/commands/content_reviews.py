"""List options of the current catalogue that are past (or near) their next review.

    python manage.py content_reviews              # exit 1 if any option is past its review
    python manage.py content_reviews --within 60  # also list those due in the next 60 days

Run it on a schedule (e.g. daily, beside purge_expired) so out-of-date content is noticed:
patients see a "due to be checked again" note on such an option until it is reviewed.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from decision_aid.content.releases import NoContentRelease, current_catalogue


class Command(BaseCommand):
    help = "List options past, or within N days of, their next review; fail if any are past."

    def add_arguments(self, parser):
        parser.add_argument("--within", type=int, default=0, help="Also list options due soon.")

    def handle(self, *args, within: int, **options):
        try:
            catalogue = current_catalogue()
        except NoContentRelease as error:
            raise CommandError(str(error)) from None
        today = timezone.localdate()
        soon = today + timedelta(days=max(within, 0))
        overdue = [o for o in catalogue.options if o.next_review < today]
        due = [o for o in catalogue.options if today <= o.next_review <= soon and within > 0]
        for label, options_ in (("past its next review", overdue), ("due soon", due)):
            for option in sorted(options_, key=lambda o: o.next_review):
                self.stdout.write(f"{option.next_review:%Y-%m-%d}  {option.slug}  ({label})")
        self.stdout.write(
            f"Release {catalogue.release_id}: {len(catalogue.options)} options, "
            f"{len(overdue)} past their next review"
            + (f", {len(due)} due within {within} days" if within > 0 else "")
        )
        if overdue:
            raise CommandError(f"{len(overdue)} option(s) are past their next review")
