"""Patient journey pages. Thin: parse the request, call services and presenters, render."""

from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.core.validators import slug_re
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from decision_aid.core import audit
from decision_aid.core.models import AuditAction, Team
from decision_aid.journey import access, handoff, services, summary
from decision_aid.journey.forms import AccessCodeForm, SendToTeamForm
from decision_aid.journey.models import AttemptKind
from decision_aid.journey.session import (
    attach,
    current_record,
    detach,
    keep_access,
    no_store,
    patient_page,
)
from decision_aid.journey.steps import (
    STEPS,
    STEPS_BY_SLUG,
    TOTAL_STEPS,
    JourneyState,
    first_unfinished,
    next_step,
    previous_step,
)


def _audit(request, record, action: AuditAction, detail: str = "") -> None:
    audit.record(action, request=request, record_id=record.pk, team=record.team_id, detail=detail)


# Marked for translation here, translated when shown (so they stay plain strings to compare).
CODE_REJECTED = gettext_noop(
    "That code did not work. Check it and try again, or ask your breast care team for a new code."
)
CODE_THROTTLED = gettext_noop("You have tried too many times. Wait a minute, then try again.")


@no_store
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Enter an access code to start or carry on, or start without one."""
    form = AccessCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            record = access.check_code(form.cleaned_data["code"], request)
        except access.CodeRejected as rejected:
            form.add_error("code", _(CODE_THROTTLED if rejected.throttled else CODE_REJECTED))
            status = 429 if rejected.throttled else 200
        else:
            attach(request, record)
            _audit(request, record, AuditAction.CODE_USED)
            return redirect(_step_url(first_unfinished(services.load_answers(record))))
    context = {
        "form": form,
        "allow_self_start": settings.ALLOW_SELF_START,
        "has_record": current_record(request) is not None,
    }
    return render(request, "journey/start.jinja", context, status=status)


@no_store
@require_POST
def start_new(request: HttpRequest) -> HttpResponse:
    """Start without a code: make a record and its code, and show the code once."""
    if not settings.ALLOW_SELF_START:
        raise Http404
    return _start_on_her_own(request)


def _public_team(slug: str) -> Team:
    """A team's public start page: its public name and phone only, for a real slug."""
    team = services.team_choices().filter(slug=slug).first() if slug_re.match(slug) else None
    if team is None:
        raise Http404
    return team


@no_store
@require_http_methods(["GET", "POST"])
def team_start(request: HttpRequest, team_slug: str) -> HttpResponse:
    """A team's front door (issue 16): start here and her answers go to this team when she
    sends them. It shows nothing but the team's public name and phone number."""
    team = _public_team(team_slug)
    if request.method == "POST":
        return _start_on_her_own(request, requested_team=team)
    context = {"team": team, "journey_minutes": settings.JOURNEY_MINUTES}
    return render(request, "journey/team_start.jinja", context)


def _start_on_her_own(request: HttpRequest, requested_team=None) -> HttpResponse:
    address = access.address_hash(request)
    now = timezone.now()
    if access.address_is_throttled(
        AttemptKind.SELF_START, address, settings.SELF_STARTS_PER_HOUR_PER_ADDRESS,
        timedelta(hours=1), now,
    ):  # fmt: skip
        return render(request, "journey/too_many_starts.jinja", status=429)
    record = services.start_record(self_started=True, requested_team=requested_team)
    issued = access.issue_code(record)
    access.note_self_start(address, record)
    attach(request, record)
    _audit(request, record, AuditAction.RECORD_CREATED,
           "self-start from a team link" if requested_team else "self-start")  # fmt: skip
    _audit(request, record, AuditAction.CODE_ISSUED)
    # Shown once on the next page; never in clear in the session table (review F6).
    return handoff.hand_over(request, redirect("journey:your-code"), issued.display)


@patient_page
def your_code(request: HttpRequest, record) -> HttpResponse:
    code = handoff.take(request)
    context = {"code": code, "first_step": STEPS[0]}
    return handoff.forget(render(request, "journey/your_code.jinja", context))


@patient_page
@require_POST
def new_code(request: HttpRequest, record) -> HttpResponse:
    """Replace a lost code (the old one stops working)."""
    issued = access.issue_code(record)
    keep_access(request, record)  # her own session goes on; any other ends
    _audit(request, record, AuditAction.CODE_ISSUED, "replaced by patient")
    return handoff.hand_over(request, redirect("journey:your-code"), issued.display)


@patient_page
def carry_on(request: HttpRequest, record) -> HttpResponse:
    return redirect(_step_url(first_unfinished(services.load_answers(record))))


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    detach(request)
    return redirect("journey:left")


@no_store
def left(request: HttpRequest) -> HttpResponse:
    return render(request, "journey/left.jinja")


def _step_url(step) -> str:
    if step.form_class is None:
        return reverse("journey:check-answers")
    return reverse("journey:step", args=[step.slug])


def _step_context(request, state: JourneyState, step, form) -> dict:
    previous = previous_step(step)
    return {
        "step": step,
        "total_steps": TOTAL_STEPS,
        "form": form,
        "state": state,
        "back_url": _step_url(previous) if previous else reverse("journey:start"),
        "changing": request.GET.get("change") == "1" or request.POST.get("change") == "1",
        "loaded_json": json.dumps({name: form[name].value() for name in form.fields}, default=str),
        "content_updated": state.record.content_updated_at,
    }


def _build_form(state: JourneyState, step, data=None, initial=None, partial=False):
    return step.form_class(
        data, initial=initial if initial is not None else state.answers,
        context=state.form_context(), partial=partial,
    )  # fmt: skip


@patient_page
@require_http_methods(["GET", "POST"])
def step_page(request: HttpRequest, record, slug: str) -> HttpResponse:
    step = STEPS_BY_SLUG.get(slug)
    if step is None or step.form_class is None:
        raise Http404
    state = JourneyState(record)
    if request.method == "GET":
        _audit(request, record, AuditAction.RECORD_VIEWED, step.slug)
        form = _build_form(state, step)
        response = render(
            request, f"journey/{step.template}.jinja", _step_context(request, state, step, form)
        )
        if step.slug == "your-options":  # shown the updated options (and told why): seen
            services.content_update_seen(record)
        return response

    loaded = _loaded_values(request)
    form = _build_form(state, step, request.POST, initial={**state.answers, **loaded})
    valid = form.is_valid()
    changes = form.answers_to_save()
    if valid and request.POST.get("action") != "stay":
        changes[step.done_key] = True
    services.save_answers(record, changes)
    if changes:
        _audit(request, record, AuditAction.RECORD_CHANGED, ",".join(sorted(changes)))
    if valid and request.POST.get("action") != "stay":
        if request.POST.get("change") == "1":
            return redirect("journey:check-answers")
        following = next_step(step)
        return redirect(_step_url(following))
    state = JourneyState(record)  # answers as saved, so the page shows everything kept
    page_form = _build_form(state, step, request.POST if not valid else None)
    if not valid:
        page_form.is_valid()
    return render(
        request, f"journey/{step.template}.jinja", _step_context(request, state, step, page_form)
    )


LOADED_MAX_CHARACTERS = 100_000  # far more than any step's values (review F4)


def _loaded_values(request) -> dict:
    raw = request.POST.get("_loaded", "{}")
    if len(raw) > LOADED_MAX_CHARACTERS:
        return {}
    try:
        loaded = json.loads(raw)
    except (ValueError, RecursionError):  # malformed, or nested too deep (review F4)
        return {}
    return loaded if isinstance(loaded, dict) else {}


@patient_page
@require_POST
def autosave(request: HttpRequest, record, slug: str, field: str) -> HttpResponse:
    """Save one answer as it is given (htmx). Returns the field's block, or just its status."""
    step = STEPS_BY_SLUG.get(slug)
    if step is None or step.form_class is None:
        raise Http404
    state = JourneyState(record)
    form = _build_form(state, step, request.POST, partial=True)
    if field not in form.fields or form.fields[field].disabled:
        raise Http404
    form.is_valid()
    errors = form.errors.get(field)
    if not errors:
        saved = {field: form.answer(field)}
        services.save_answers(record, saved)
        _audit(request, record, AuditAction.RECORD_CHANGED, field)
        state = state.after_saving(saved)
    context = {
        "form": form,
        "name": field,
        "step": step,
        "state": state,
        "saved": not errors,
        "oob_only": not errors and request.POST.get("_block") != "1",
    }
    response = render(request, step.field_template, context)
    if context["oob_only"]:
        return response
    # An error, or the first good answer after one: re-render the block to show or clear it.
    return reswap(retarget(response, f"#autosave-{field}"), "outerHTML")


MAX_SHORTLIST = 4


@patient_page
@require_http_methods(["GET", "POST"])
def option_page(request: HttpRequest, record, option: str) -> HttpResponse:
    """One option in full (issue 15 item 2). POST adds it to, or removes it from, her list."""
    state = JourneyState(record)
    card = state.option_card(option)
    if card is None:
        raise Http404
    can_shortlist = card.option in state.fitting_options
    error = ""
    if request.method == "POST":
        shortlist = list(state.answers.get("shortlist") or [])
        wanted = request.POST.get("shortlist")
        changed = can_shortlist and (
            (wanted == "remove" and option in shortlist)
            or (wanted == "add" and option not in shortlist)
        )
        if changed and wanted == "add" and len(shortlist) >= MAX_SHORTLIST:
            error = _("You have already chosen 4 options. Remove one from your list first.")
        elif changed:
            shortlist = [s for s in shortlist if s != option] + (
                [option] if wanted == "add" else []
            )
            services.save_answers(record, {"shortlist": shortlist})
            _audit(request, record, AuditAction.RECORD_CHANGED, "shortlist")
        if not error:
            return redirect("journey:option", option=option)
    else:
        _audit(request, record, AuditAction.RECORD_VIEWED, "option")
    context = {
        "card": card,
        "journey_minutes": state.journey_minutes,
        "review_due": card.option.next_review < timezone.localdate(),
        "pregnancy_general": state.catalogue.texts.get("pregnancy-general", ""),
        "can_shortlist": can_shortlist,
        "shortlist_error": error,
    }
    return render(request, "journey/option.jinja", context)


@patient_page
def not_suitable(request: HttpRequest, record) -> HttpResponse:
    _audit(request, record, AuditAction.RECORD_VIEWED, "not-suitable")
    return render(
        request, "journey/not_suitable.jinja", {"cards": JourneyState(record).not_suitable_cards}
    )


@patient_page
@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest, record) -> HttpResponse:
    state = JourneyState(record)
    if request.method == "POST":
        services.submit(record, request=request)  # audited as "version N" (the lifecycle)
        return redirect("journey:submitted")
    _audit(request, record, AuditAction.RECORD_VIEWED, "check-answers")
    context = {
        "step": STEPS_BY_SLUG["check-answers"],
        "total_steps": TOTAL_STEPS,
        "summary": summary.record_summary(state),
        "back_url": _step_url(STEPS[-2]),
        "record": record,
        "content_updated": record.content_updated_at,
        "can_send": services.can_send_to_a_team(record),
    }
    return render(request, "journey/check_answers.jinja", context)


@patient_page
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, record) -> HttpResponse:
    """Send answers she started on her own to the hospital team she chooses, with what that
    team needs to match them to her notes (issue 16). Her details never reach a log or URL."""
    if not services.can_send_to_a_team(record):
        return redirect("journey:check-answers")
    initial = {"team": record.requested_team_id}
    if record.identity_given:  # sending again: what she gave before
        fields = ("full_name", "date_of_birth", "nhs_number", "hospital_number")
        initial |= {name: getattr(record.identity, name) for name in fields}
    form = SendToTeamForm(request.POST or None, initial=initial, teams=services.team_choices())
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # Audited as "version N, to a team to match" (the lifecycle's "send").
            services.send_to_team(
                record, data["team"], full_name=data["full_name"],
                date_of_birth=data["date_of_birth"], nhs_number=data["nhs_number"],
                hospital_number=data["hospital_number"], request=request,
            )  # fmt: skip
            return redirect("journey:submitted")
        _audit(request, record, AuditAction.RECORD_VIEWED, "send: form errors")
    return render(request, "journey/send.jinja", {"form": form, "record": record})


@patient_page
def submitted(request: HttpRequest, record) -> HttpResponse:
    return render(request, "journey/submitted.jinja", {"record": record})


@patient_page
def my_summary(request: HttpRequest, record) -> HttpResponse:
    _audit(request, record, AuditAction.RECORD_VIEWED, "summary")
    state = JourneyState(record)
    return render(
        request,
        "journey/my_summary.jinja",
        {"copy": summary.patient_copy_content(state), "record": record},
    )
