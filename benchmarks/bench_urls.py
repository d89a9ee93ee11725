"""URLs for the benchmark process: the app's own, plus the floors a page is measured against."""

from django.http import HttpResponse
from django.urls import include, path

from decision_aid.core import audit
from decision_aid.core.models import AuditAction
from decision_aid.journey import services
from decision_aid.journey.session import patient_page


def bare(request):
    """The floor: the same settings and middleware, no app work at all."""
    return HttpResponse("ok")


@patient_page
def audited_read(request, record):
    """What every patient page does before it renders anything: the record from the session,
    its answers, and the audit of the read. No form, no page."""
    services.load_answers(record)
    audit.record(AuditAction.RECORD_VIEWED, request=request, record_id=record.pk,
                 team=record.team_id, detail="bench")  # fmt: skip
    return HttpResponse("ok")


@patient_page
def audited_write(request, record):
    """What every autosave does before it answers: save one answer (locked, upserted, the record
    marked active) and audit the change. No form, no fragment."""
    services.save_answers(record, {"journey_minutes": int(request.POST["journey_minutes"])})
    audit.record(AuditAction.RECORD_CHANGED, request=request, record_id=record.pk,
                 team=record.team_id, detail="journey_minutes")  # fmt: skip
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/bare", bare),
    path("__bench__/audited-read", audited_read),
    path("__bench__/audited-write", audited_write),
    path("", include("decision_aid.urls")),
]
