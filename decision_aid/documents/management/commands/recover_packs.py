"""Queue again every MDT pack whose worker died or whose task was lost. Run it every few minutes
(e.g. cron: ``*/5 * * * *``).

A pack is "stale" when nothing has worked on it for MDT_PACK_STALE_SECONDS: running, its worker
killed part way; or queued, its task lost. Opening the pack's page or the packs list already
queues it again; this catches the pack nobody looks at until the morning of the meeting. After
MAX_ATTEMPTS lost workers a pack is failed instead, for a nurse to retry. Safe beside the web
processes and other copies of itself: each move is one conditional update.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from decision_aid.documents import services


class Command(BaseCommand):
    help = "Queue again the MDT packs whose worker died or whose task was lost."

    def handle(self, *args, **options):
        moved = services.recover_stale_packs()
        self.stdout.write(
            f"Stale MDT packs queued again (or failed after repeated losses): {moved}"
        )
