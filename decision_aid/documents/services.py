"""Documents: build each PDF from the journey/clinic presenters, and the MDT pack task."""

from __future__ import annotations

import logging
import threading
import uuid
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

import segno
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
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
    pack = MdtPack.objects.create(
        team=team, mdt_date=mdt_date, requested_by=user, heartbeat_at=timezone.now()
    )
    pack.patients = pack_records(pack).count()
    pack.save(update_fields=["patients"])
    transaction.on_commit(lambda: build_pack.enqueue(str(pack.pk)))
    return pack


def retry_pack(pack: MdtPack) -> bool:
    """Queue a failed pack again. Only a failed pack moves, in one conditional update, so two
    nurses pressing "Try again" at once queue it once."""
    queued = MdtPack.objects.filter(pk=pack.pk, status=PackStatus.FAILED).update(
        status=PackStatus.QUEUED, error_reference="", done=0, pdf=None, finished_at=None,
        claim=None, attempts=0, heartbeat_at=timezone.now(),
    )  # fmt: skip
    if queued:
        transaction.on_commit(lambda: build_pack.enqueue(str(pack.pk)))
    return bool(queued)


# A pack whose worker was lost this many times in a row is failed, for a nurse to retry: a pack
# that kills its worker every time (say, out of memory) is never retried for ever on its own.
MAX_ATTEMPTS = 3


def recover_stale_packs(**scope) -> int:
    """Queue again each pack (of ``scope``, e.g. ``team=``, ``pk=``) that nothing has worked on
    for MDT_PACK_STALE_SECONDS: running, its worker killed mid-pack; or queued, its task lost
    (a worker killed between taking the task and claiming the pack). After MAX_ATTEMPTS lost
    workers the pack fails instead. Each move is one conditional update, so two web processes
    never both move a pack; a duplicate task is harmless (``build_pack`` claims). Returns how
    many packs moved."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.MDT_PACK_STALE_SECONDS)
    quiet = MdtPack.objects.filter(
        **scope, status__in=[PackStatus.QUEUED, PackStatus.RUNNING], heartbeat_at__lt=cutoff
    )
    moved = 0
    for pack_id, status, attempts in quiet.values_list("pk", "status", "attempts"):
        still_quiet = MdtPack.objects.filter(pk=pack_id, status=status, heartbeat_at__lt=cutoff)
        if status == PackStatus.RUNNING and attempts >= MAX_ATTEMPTS:
            reference = uuid.uuid4().hex[:8]
            if still_quiet.update(
                status=PackStatus.FAILED, error_reference=reference, finished_at=now, claim=None
            ):
                logger.error("MDT pack %s lost its worker %d times (error %s)", pack_id,
                             attempts, reference)  # fmt: skip
                moved += 1
            continue
        if still_quiet.update(status=PackStatus.QUEUED, claim=None, done=0, heartbeat_at=now):
            logger.warning("MDT pack %s was %s with no sign of life for %ss: queued again",
                           pack_id, status, settings.MDT_PACK_STALE_SECONDS)  # fmt: skip
            transaction.on_commit(partial(build_pack.enqueue, str(pack_id)))
            moved += 1
    return moved


class LostClaim(Exception):
    """The pack is no longer this task's to build (queued again as stale, or deleted)."""


@contextmanager
def _heartbeat(pk: uuid.UUID, claim: uuid.UUID):
    """While the pack renders (one WeasyPrint call for the whole pack can take a while), say
    five times per MDT_PACK_STALE_SECONDS that its worker is alive. The thread dies with the
    process, so a killed worker goes quiet and its pack is queued again."""
    stop = threading.Event()
    every = settings.MDT_PACK_STALE_SECONDS / 5

    def beat() -> None:
        try:
            while not stop.wait(every):
                MdtPack.objects.filter(pk=pk, claim=claim).update(heartbeat_at=timezone.now())
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"pack-heartbeat-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@task()
def build_pack(pack_id: str) -> str:
    """Render a pack, if this task can claim it. Returns what it did: "built", "failed",
    "skipped" (another task has it, or had it) or "superseded" (it lost its claim while
    rendering; what it made is thrown away). A failure is recorded on the pack and can be
    retried; it never touches any patient record."""
    pk, claim = uuid.UUID(pack_id), uuid.uuid4()
    claimed = MdtPack.objects.filter(pk=pk, status=PackStatus.QUEUED).update(
        status=PackStatus.RUNNING, claim=claim, attempts=F("attempts") + 1, done=0,
        heartbeat_at=timezone.now(),
    )  # fmt: skip
    if not claimed:
        logger.info("MDT pack %s is not waiting to be made: nothing to do", pk)
        return "skipped"
    mine = MdtPack.objects.filter(pk=pk, claim=claim)
    pack = mine.select_related("team").defer("pdf").first()
    if pack is None:
        return "superseded"

    def progress(done: int) -> None:
        if not mine.update(done=done, heartbeat_at=timezone.now()):
            raise LostClaim

    rendered: list[str] = []
    try:
        with _heartbeat(pk, claim):
            pdf = render_pack(pack, progress, rendered)
    except LostClaim:
        logger.warning("MDT pack %s was taken over while being made: result dropped", pk)
        return "superseded"
    except Exception:
        reference = uuid.uuid4().hex[:8]
        logger.exception("MDT pack render failed (error %s)", reference)
        mine.update(status=PackStatus.FAILED, error_reference=reference,
                    finished_at=timezone.now(), claim=None)  # fmt: skip
        return "failed"
    if not mine.update(status=PackStatus.DONE, pdf=pdf, finished_at=timezone.now(),
                       record_ids=rendered, claim=None):  # fmt: skip
        logger.warning("MDT pack %s was taken over while being made: result dropped", pk)
        return "superseded"
    return "built"
