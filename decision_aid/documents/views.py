"""PDF downloads: access-checked, never cached, audited, with filenames that hold no personal
data."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from decision_aid.clinic import selectors
from decision_aid.clinic.pages import clinic_page
from decision_aid.core import audit
from decision_aid.core.http import no_store
from decision_aid.core.models import AuditAction
from decision_aid.documents import selectors as pack_selectors
from decision_aid.documents import services
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey.session import patient_page


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return no_store(response)


@patient_page
def my_summary_pdf(request, record) -> HttpResponse:
    pdf = services.patient_copy_pdf(record)
    audit.record(AuditAction.SUMMARY_DOWNLOADED, request=request, record_id=record.pk,
                 team=record.team_id, detail="patient copy")  # fmt: skip
    return pdf_response(pdf, "my-treatment-choices-summary.pdf")


@clinic_page
def mdt_summary_pdf(request, record_id) -> HttpResponse:
    record = selectors.record_for(request.user, record_id)
    pdf = services.mdt_summary_pdf(record)
    audit.record(AuditAction.SUMMARY_DOWNLOADED, request=request, record_id=record.pk,
                 team=record.team_id, detail="mdt summary")  # fmt: skip
    day = record.case.mdt_date.isoformat() if record.case.mdt_date else "no-date"
    return pdf_response(pdf, f"mdt-summary-{day}.pdf")


@clinic_page
def patient_copy_pdf(request, record_id) -> HttpResponse:
    record = selectors.record_for(request.user, record_id)
    pdf = services.patient_copy_pdf(record, for_team=True)
    audit.record(AuditAction.SUMMARY_DOWNLOADED, request=request, record_id=record.pk,
                 team=record.team_id, detail="patient copy")  # fmt: skip
    return pdf_response(pdf, "patient-summary.pdf")


@clinic_page
def team_poster_pdf(request) -> HttpResponse:
    """A poster or leaflet with the team's start link and its QR code (issue 16 item 1)."""
    team = selectors.team_for_request(request)
    link = request.build_absolute_uri(reverse("journey:team-start", args=[team.slug]))
    pdf = services.team_poster_pdf(team, link)
    return pdf_response(pdf, f"start-link-poster-{team.slug}.pdf")


class PackForm(forms.Form):
    mdt_date = forms.DateField(
        label="MDT meeting date",
        help_text="For example, 3/12/2026",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": "Enter the MDT meeting date",
            "invalid": "Enter the MDT date as day/month/year, like 3/12/2026",
        },
    )


def _pack_for(request, pack_id) -> MdtPack:
    return pack_selectors.pack_for(request.user, pack_id)


@clinic_page
@require_http_methods(["GET", "POST"])
def packs(request) -> HttpResponse:
    team = selectors.team_for_request(request)
    form = PackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pack = services.request_pack(team, form.cleaned_data["mdt_date"], request.user)
        audit.record(AuditAction.PACK_REQUESTED, request=request, team=team,
                     detail=f"mdt pack of {pack.patients}")  # fmt: skip
        return redirect("documents:pack", pack_id=pack.pk)
    services.recover_stale_packs(team=team)  # a pack whose worker died is queued again
    context = {
        "form": form,
        "team": team,
        "recent": pack_selectors.recent_packs(team),
        "dates": selectors.mdt_dates(team),
    }
    return render(request, "documents/packs.jinja", context)


@clinic_page
def pack(request, pack_id) -> HttpResponse:
    pack = _pack_for(request, pack_id)
    # The page asks every 2 seconds while the pack is being made: if its worker died, the pack
    # is queued again (or failed, for a retry) rather than shown "being made" for ever.
    if services.recover_stale_packs(pk=pack.pk):
        pack = _pack_for(request, pack_id)
    template = "documents/_pack_status.jinja" if request.htmx else "documents/pack.jinja"
    return render(request, template, {"pack": pack, "PackStatus": PackStatus})


@clinic_page
def pack_download(request, pack_id) -> HttpResponse:
    pack = _pack_for(request, pack_id)
    if pack.status != PackStatus.DONE or not pack.pdf:
        raise Http404
    audit.record(AuditAction.SUMMARY_DOWNLOADED, request=request, team=pack.team,
                 detail=f"mdt pack of {pack.patients}")  # fmt: skip
    for record_id in pack.record_ids:  # review F3: which records the pack disclosed
        audit.record(AuditAction.SUMMARY_DOWNLOADED, request=request, team=pack.team,
                     record_id=record_id, detail="in an mdt pack")  # fmt: skip
    return pdf_response(bytes(pack.pdf), pack.filename)


@clinic_page
@require_POST
def pack_retry(request, pack_id) -> HttpResponse:
    pack = _pack_for(request, pack_id)
    if pack.status == PackStatus.FAILED:
        services.retry_pack(pack)
    return redirect("documents:pack", pack_id=pack.pk)
