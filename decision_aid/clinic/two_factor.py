"""Staff two-factor pages (issue 17, F8): the code after the password, setting up an
authenticator app at the first sign-in (with single-use recovery codes), and a team lead's reset
of a member's second factor. The rules live in ``core.two_factor``."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from decision_aid.clinic import selectors
from decision_aid.clinic.forms import TwoFactorCodeForm
from decision_aid.clinic.pages import clinic_page, staff_page
from decision_aid.core import two_factor

CODE_REFUSED = (
    "That code did not work. Use the newest code in your app, and check your phone's clock "
    "is right."
)
TOO_SOON = "Wait a few seconds before you try another code."


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("clinic:queue")


@staff_page
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from her authenticator app (or a recovery code)."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not two_factor.has_app(request.user):
        return redirect(f"{reverse('clinic:two-factor-set-up')}?next={quote(next_url)}")
    form = TwoFactorCodeForm(
        request.POST or None,
        label=_("Code from your authenticator app"),
        hint=_("6 digits. Lost your phone? Enter one of your recovery codes instead."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if two_factor.verify(request, form.cleaned_data["code"]):
                return redirect(next_url)
            form.add_error("code", _(CODE_REFUSED))
        except two_factor.TooManyTries:
            form.add_error("code", _(TOO_SOON))
    return render(request, "clinic/two_factor.jinja", {"form": form, "next": next_url})


@staff_page
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """The first sign-in: add this service to an authenticator app, then confirm with a code."""
    next_url = _next_url(request)
    if two_factor.has_app(request.user):
        return redirect(f"{reverse('clinic:two-factor')}?next={quote(next_url)}")
    device = two_factor.pending_app(request.user)
    form = TwoFactorCodeForm(request.POST or None, label=_("Code from your app"),
                             hint=_("6 digits, for example 123456"))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_app(request, device, form.cleaned_data["code"])
        except two_factor.TooManyTries:
            form.add_error("code", _(TOO_SOON))
        else:
            if codes is not None:
                context = {"codes": codes, "next": next_url}
                return render(request, "clinic/recovery_codes.jinja", context)
            form.add_error("code", _(CODE_REFUSED))
    context = {"form": form, "next": next_url, "qr_svg": two_factor.qr_svg(device),
               "secret": two_factor.secret_text(device)}  # fmt: skip
    return render(request, "clinic/two_factor_set_up.jinja", context)


@clinic_page
def team_members(request: HttpRequest) -> HttpResponse:
    """A team lead's list of the team's members, with a reset of each one's second factor."""
    team = selectors.team_for_request(request)
    if not selectors.is_lead(request.user, team):
        raise Http404
    members = selectors.members(team)
    rows = [(m, two_factor.has_app(m.user)) for m in members]
    return render(request, "clinic/team_members.jinja", {"team": team, "rows": rows})


@clinic_page
@require_POST
def reset_member(request: HttpRequest, user_id: int) -> HttpResponse:
    team = selectors.team_for_request(request)
    if not selectors.is_lead(request.user, team) or user_id == request.user.pk:
        raise Http404  # a lead cannot reset her own (another lead, or the admin, can)
    member = selectors.member_of(team, user_id)
    if member is None:
        raise Http404
    two_factor.reset(member, by=request.user, team=team, request=request)
    return redirect(f"{reverse('clinic:team-members')}?team={team.slug}")
