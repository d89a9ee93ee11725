"""Write patient.pdf, mdt.pdf and pack.pdf for the demo data (to look at, and for checks)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from decision_aid.documents import services
from decision_aid.documents.models import MdtPack
from decision_aid.journey.lifecycle import STILL_ANSWERING
from decision_aid.journey.models import DecisionRecord


class Command(BaseCommand):
    help = "Render the demo PDFs into a folder (run seed_demo first)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Folder to write the PDFs to.")

    def handle(self, *args, out: str, **options):
        record = (
            DecisionRecord.objects.filter(case__reference__startswith="DEMO-")
            .exclude(status__in=STILL_ANSWERING)
            .select_related("case", "team")
            .order_by("case__reference")
            .first()
        )
        if record is None:
            raise CommandError("No submitted demo patient: run 'manage.py seed_demo' first.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "patient.pdf").write_bytes(services.patient_copy_pdf(record))
        (folder / "mdt.pdf").write_bytes(services.mdt_summary_pdf(record))
        pack = MdtPack(team=record.team, mdt_date=record.case.mdt_date)
        (folder / "pack.pdf").write_bytes(services.render_pack(pack))
        self.stdout.write(f"Wrote patient.pdf, mdt.pdf and pack.pdf to {folder}")
