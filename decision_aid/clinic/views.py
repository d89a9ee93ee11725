"""Specialist nurse pages. Deny by default: every view needs a logged-in team member, and
every patient record comes through the team-scoped selectors (anything else is a 404)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from decision_aid.clinic import queue_filters, selectors, services
from decision_aid.clinic.forms import (
    ClaimForm,
    DecisionForm,
    InvitationForm,
    LoginForm,
    MatchForm,
    MdtDateForm,
    NoteForm,
    ProfileForm,
    QueueFilterForm,
    StatusForm,
)
from decision_aid.clinic.pages import clinic_page
from decision_aid.core import audit
from decision_aid.core.models import AuditAction
from decision_aid.journey import access, lifecycle
from decision_aid.journey import presenters as journey_presenters
from decision_aid.journey.lifecycle import TransitionRefused
from decision_aid.journey.questions import LEANING_CHOICES
from decision_aid.journey.steps import JourneyState
from decision_aid.journey.summary import record_summary

LEANING_LABELS = {c.value: c.label for c in LEANING_CHOICES}


class LoginView(auth_views.LoginView):
    """The password: then the second factor (issue 17, F8) before any clinic page opens."""

    template_name = "clinic/login.jinja"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        return f"{reverse('clinic:two-factor')}?next={quote(super().get_success_url())}"


@clinic_page
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    """The team's queue. Filters are posted and kept in the nurse's session, never put in the
    address: a search by reference must not reach browser history, proxies or access logs."""
    team = selectors.team_for_request(request)
    queue_url = f"{reverse('clinic:queue')}?team={team.slug}"
    form = QueueFilterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            queue_filters.forget(request.session, team)
            form = QueueFilterForm()
        elif form.is_valid():
            queue_filters.remember(request.session, team, form.cleaned_data)
        if not request.htmx and not form.errors:
            see_other = redirect(queue_url)  # the filtered queue, at its plain address
            see_other.status_code = 303
            return see_other
    saved = queue_filters.recall(request.session, team)
    filters = selectors.QueueFilters(**saved, page=_page_number(request))
    page = selectors.queue(team, filters)
    audit.record(AuditAction.QUEUE_VIEWED, request=request, team=team)
    unmatched, unmatched_count = selectors.unmatched(team)
    # Each name and date of birth shown is a read of that record: audited, in one query.
    audit.record_each(AuditAction.RECORD_VIEWED, [r.pk for r in unmatched], request=request,
                      team=team, detail="not yet matched (queue)")  # fmt: skip
    context = {
        "team": team,
        "teams": selectors.teams_for(request.user),
        "form": form if form.is_bound else QueueFilterForm(initial=saved),
        "page": page,
        "is_lead": selectors.is_lead(request.user, team),
        "query": f"team={team.slug}",
        "queue_url": queue_url,
        "leaning_labels": LEANING_LABELS,
        "unmatched": unmatched,
        "unmatched_count": unmatched_count,
    }
    if request.htmx and not form.errors:
        return render(request, "clinic/_queue_results.jinja", context)
    response = render(request, "clinic/queue.jinja", context)
    # A filter with a mistake: the whole page, so the message shows next to the field.
    return reswap(retarget(response, "body"), "innerHTML") if request.htmx else response


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@clinic_page
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    team = selectors.team_for_request(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(
            team=team,
            reference=form.cleaned_data["reference"].strip(),
            profile=form.profile(),
            mdt_date=form.cleaned_data["mdt_date"],
            request=request,
        )
        return _slip(request, invitation.record, invitation.code.display)
    return render(request, "clinic/invite.jinja", {"form": form, "team": team})


def _slip(request, record, code: str) -> HttpResponse:
    mdt_date = record.case.mdt_date
    context = {
        "record": record,
        "code": code,
        "start_url": request.build_absolute_uri(reverse("journey:start")),
        # Issue 16 item 7: the day before the MDT meeting, when it is set.
        "finish_by": mdt_date - timedelta(days=1) if mdt_date else None,
    }
    return render(request, "clinic/slip.jinja", context)


@clinic_page
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest) -> HttpResponse:
    team = selectors.team_for_request(request)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.claim(
                team=team,
                code=form.cleaned_data["code"],
                reference=form.cleaned_data["reference"].strip(),
                mdt_date=form.cleaned_data["mdt_date"],
                request=request,
            )
        except services.ClaimError as error:
            form.add_error(
                "code",
                _("Too many tries. Wait a minute, then try again.")
                if str(error) == "throttled"
                else _("That code did not work, or the record already belongs to a team"),
            )
        else:
            return redirect("clinic:patient", record_id=record.pk)
    return render(request, "clinic/claim.jinja", {"form": form, "team": team})


def _detail_context(request, record, **forms):
    state = JourneyState.as_sent(record)
    summary = record_summary(state)
    return {
        "record": record,
        "case": record.case,
        "summary": summary,
        "state": state,
        "notes": record.case.notes.select_related("author"),
        "profile_changes": record.case.profile_changes.select_related("changed_by")[:10],
        "note_form": forms.get("note_form") or NoteForm(),
        "profile_form": forms.get("profile_form")
        or ProfileForm(initial=_profile_initial(record.team_profile)),
        "mdt_form": forms.get("mdt_form")
        or MdtDateForm(initial={"mdt_date": record.case.mdt_date}),
        "decision_form": forms.get("decision_form")
        or DecisionForm(
            initial={
                "decision": record.case.decision,
                "tell_who": record.case.decision_tell_who,
                "tell_by": record.case.decision_tell_by,
            }
        ),
        "submissions": record.submissions.order_by("-version").only("version", "submitted_at"),
        "code_held": access.is_held(record),  # too many wrong tries (review F5)
        "sent_text": journey_presenters.sent_version_text(record),
        "knowledge_text": journey_presenters.knowledge_text(summary.scores),
    }


def _profile_initial(profile: dict) -> dict:
    return {k: (v if v != [] else ["none"]) for k, v in (profile or {}).items()}


@clinic_page
def patient(request: HttpRequest, record_id) -> HttpResponse:
    record = selectors.record_for(request.user, record_id)
    audit.record(
        AuditAction.RECORD_VIEWED, request=request, record_id=record.pk, team=record.team_id
    )
    return render(request, "clinic/patient.jinja", _detail_context(request, record))


def _record_form_post(request, record_id, form_class, form_key: str, act, anchor: str = ""):
    """The shape every patient-page form shares: bind, act if valid and go back to the page,
    or show the page again with the errors next to the field."""
    record = selectors.record_for(request.user, record_id)
    form = form_class(request.POST)
    if form.is_valid():
        act(record, form)
        return redirect(reverse("clinic:patient", args=[record.pk]) + anchor)
    # The page shown again (with the errors) shows the record: audited like a view (F3).
    audit.record(AuditAction.RECORD_VIEWED, request=request, record_id=record.pk,
                 team=record.team_id, detail="form errors")  # fmt: skip
    context = _detail_context(request, record, **{form_key: form})
    return render(request, "clinic/patient.jinja", context)


# --- Answers sent by a patient who started on her own: match them, or not ours (issue 16) -----


def _unmatched_page(request, record, form, status: int = 200) -> HttpResponse:
    context = {"record": record, "identity": record.identity, "team": record.requested_team,
               "form": form}  # fmt: skip
    return render(request, "clinic/unmatched.jinja", context, status=status)


@clinic_page
def unmatched(request: HttpRequest, sent_id) -> HttpResponse:
    record = selectors.unmatched_for(request.user, sent_id)
    audit.record(AuditAction.RECORD_VIEWED, request=request, record_id=record.pk,
                 team=record.requested_team_id, detail="to match")  # fmt: skip
    initial = {"reference": record.identity.hospital_number}
    return _unmatched_page(request, record, MatchForm(initial=initial))


@clinic_page
@require_POST
def confirm_match(request: HttpRequest, sent_id) -> HttpResponse:
    record = selectors.unmatched_for(request.user, sent_id)
    form = MatchForm(request.POST)
    if form.is_valid():
        try:
            services.confirm_match(
                record, reference=form.cleaned_data["reference"].strip(),
                mdt_date=form.cleaned_data["mdt_date"], request=request,
            )  # fmt: skip
        except services.ClaimError:
            raise Http404 from None  # another nurse matched it, or turned it away, meanwhile
        return redirect("clinic:patient", record_id=record.pk)
    audit.record(AuditAction.RECORD_VIEWED, request=request, record_id=record.pk,
                 team=record.requested_team_id, detail="form errors")  # fmt: skip
    return _unmatched_page(request, record, form)


@clinic_page
@require_POST
def not_our_patient(request: HttpRequest, sent_id) -> HttpResponse:
    record = selectors.unmatched_for(request.user, sent_id)
    services.not_our_patient(record, request)
    return redirect(f"{reverse('clinic:queue')}?team={record.requested_team.slug}")


@clinic_page
@require_POST
def record_decision(request: HttpRequest, record_id) -> HttpResponse:
    return _record_form_post(
        request, record_id, DecisionForm, "decision_form",
        lambda record, form: services.record_decision(
            record, decision=form.cleaned_data["decision"].strip(),
            tell_who=form.cleaned_data["tell_who"].strip(),
            tell_by=form.cleaned_data["tell_by"], request=request,
        ),
        "#decision",
    )  # fmt: skip


@clinic_page
@require_POST
def add_note(request: HttpRequest, record_id) -> HttpResponse:
    return _record_form_post(
        request, record_id, NoteForm, "note_form",
        lambda record, form: services.add_note(record, form.cleaned_data["text"], request),
        "#notes",
    )  # fmt: skip


@clinic_page
@require_POST
def change_profile(request: HttpRequest, record_id) -> HttpResponse:
    return _record_form_post(
        request, record_id, ProfileForm, "profile_form",
        lambda record, form: services.change_profile(record, form.profile(), request),
        "#profile",
    )  # fmt: skip


@clinic_page
@require_POST
def change_mdt_date(request: HttpRequest, record_id) -> HttpResponse:
    return _record_form_post(
        request, record_id, MdtDateForm, "mdt_form",
        lambda record, form: services.change_mdt_date(
            record, form.cleaned_data["mdt_date"], request
        ),
    )  # fmt: skip


@clinic_page
@require_POST
def set_status(request: HttpRequest, record_id) -> HttpResponse:
    record = selectors.record_for(request.user, record_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(record, form.cleaned_data["status"], request)
        except TransitionRefused as refused:
            # The record's lifecycle refused it (she has not sent her answers): nothing changed.
            # The page shown again says why, next to the buttons, and is audited as a view (F3).
            audit.record(AuditAction.RECORD_VIEWED, request=request, record_id=record.pk,
                         team=record.team_id, detail="form errors")  # fmt: skip
            context = _detail_context(request, record)
            context["status_error"] = _status_refused(refused.event)
            return render(request, "clinic/patient.jinja", context)
    return redirect("clinic:patient", record_id=record.pk)


def _status_refused(event: lifecycle.Event) -> str:
    if event == lifecycle.Event.REVIEW:
        return _("You cannot mark this record as reviewed yet: she has not sent her answers. "
                 "You can once she sends them.")  # fmt: skip
    return _("You cannot mark this record as discussed at MDT yet: she has not sent her answers. "
             "You can once she sends them.")  # fmt: skip


@clinic_page
@require_POST
def reissue_code(request: HttpRequest, record_id) -> HttpResponse:
    record = selectors.record_for(request.user, record_id)
    issued = services.reissue_code(record, request)
    return _slip(request, record, issued.display)


@clinic_page
@require_POST
def revoke_code(request: HttpRequest, record_id) -> HttpResponse:
    record = selectors.record_for(request.user, record_id)
    services.revoke_code(record, request)
    return redirect("clinic:patient", record_id=record.pk)


@clinic_page
@require_POST
def lift_code_hold(request: HttpRequest, record_id) -> HttpResponse:
    record = selectors.record_for(request.user, record_id)
    services.lift_code_hold(record, request)
    return redirect("clinic:patient", record_id=record.pk)


@clinic_page
def audit_trail(request: HttpRequest) -> HttpResponse:
    team = selectors.team_for_request(request)
    if not selectors.is_lead(request.user, team):
        raise Http404
    page = selectors.audit_trail(team, _page_number(request))
    audit.record(AuditAction.AUDIT_VIEWED, request=request, team=team)
    return render(request, "clinic/audit.jinja", {"team": team, "page": page})
