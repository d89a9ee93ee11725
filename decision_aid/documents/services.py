"""Documents: build each PDF from the journey/clinic presenters, and the MDT pack task."""

from __future__ import annotations

import logging
import uuid

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from decision_aid.documents import presenters, rendering
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey.models import DecisionRecord
from decision_aid.journey.steps import JourneyState

logger = logging.getLogger(__name__)


def patient_copy_pdf(record: DecisionRecord, *, for_team: bool = False) -> bytes:
    """Her copy: as she has it now, or (``for_team``) as she last sent it."""
    state = JourneyState.as_sent(record) if for_team else JourneyState(record)
    return rendering.render_pdf(
        "documents/patient_copy.jinja", {"doc": presenters.patient_copy(state)}
    )


def mdt_summary_pdf(record: DecisionRecord) -> bytes:
    """The team's one page: only what she sent, with what the team entered."""
    return rendering.render_pdf(
        "documents/mdt_summary.jinja",
        {"doc": presenters.mdt_summary(JourneyState.as_sent(record))},
    )


def team_poster_pdf(team, link: str) -> bytes:
    """A team's start-link poster: the link written out and as a QR code (SVG, made here: no
    image service sees the link)."""
    qr_svg = segno.make(link, error="m").svg_inline(scale=6, omitsize=False)
    context = {
        "team": team,
        "link": link,
        "qr_svg": qr_svg,
        "journey_minutes": settings.JOURNEY_MINUTES,
        "generated_text": "",
    }
    return rendering.render_pdf("documents/team_poster.jinja", context)


def pack_records(pack: MdtPack):
    return (
        DecisionRecord.objects.filter(team=pack.team, case__mdt_date=pack.mdt_date)
        .select_related("case", "team", "case__reviewed_by")
        .order_by("case__reference")
    )


def render_pack(pack: MdtPack, on_progress=None, rendered: list | None = None) -> bytes:
    """A cover list, then each patient's one-page summary, as one document (so "page X of Y"
    and each page's running header are right across the whole pack). The id of each record
    rendered is added to ``rendered``."""
    docs, not_sent = [], []
    for record in pack_records(pack):
        if not record.submitted_version:  # nothing sent: listed by status only, no page
            not_sent.append(presenters.not_sent_line(record))
        else:
            docs.append(presenters.mdt_summary(JourneyState.as_sent(record)))
            if rendered is not None:
                rendered.append(str(record.pk))
        if on_progress:
            on_progress(len(docs) + len(not_sent))
    when = f"{timezone.localtime():%-d %b %Y %H:%M}"
    cover = {
        "docs": docs,
        "not_sent": not_sent,
        "team_name": pack.team.name,
        "mdt_date": pack.mdt_date,
        # Translators: the pack's running header; %(when)s is a date and time, "3 Dec 2026 14:05".
        "generated_text": _("Generated %(when)s") % {"when": when},
    }
    return rendering.render_pdf("documents/mdt_pack.jinja", cover)


def request_pack(team, mdt_date, user) -> MdtPack:
    pack = MdtPack.objects.create(team=team, mdt_date=mdt_date, requested_by=user)
    pack.patients = pack_records(pack).count()
    pack.save(update_fields=["patients"])
    transaction.on_commit(lambda: build_pack.enqueue(str(pack.pk)))
    return pack


def retry_pack(pack: MdtPack) -> None:
    MdtPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.QUEUED, error_reference="", done=0, pdf=None, finished_at=None
    )
    transaction.on_commit(lambda: build_pack.enqueue(str(pack.pk)))


@task()
def build_pack(pack_id: str) -> None:
    """Render a pack. A failure is recorded on the pack and can be retried; it never touches
    any patient record."""
    pack = MdtPack.objects.select_related("team").get(pk=uuid.UUID(pack_id))
    MdtPack.objects.filter(pk=pack.pk).update(status=PackStatus.RUNNING)

    def progress(done: int) -> None:
        MdtPack.objects.filter(pk=pack.pk).update(done=done)

    rendered: list[str] = []
    try:
        pdf = render_pack(pack, progress, rendered)
    except Exception:
        reference = uuid.uuid4().hex[:8]
        logger.exception("MDT pack render failed (error %s)", reference)
        MdtPack.objects.filter(pk=pack.pk).update(
            status=PackStatus.FAILED,
            error_reference=reference,
            finished_at=timezone.now(),
        )
        return
    MdtPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.DONE, pdf=pdf, finished_at=timezone.now(), record_ids=rendered
    )
