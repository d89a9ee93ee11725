"""The clinic's page decorator, shared with the documents app (so no app imports another's
views: see the import-linter contracts in pyproject.toml)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from decision_aid.clinic import selectors
from decision_aid.core.http import no_store


def clinic_page(view):
    """Logged-in team members, verified by a second factor, only; never cached."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_verified():  # a password alone opens nothing (issue 17, F8)
            return redirect_to_login(request.get_full_path(), reverse("clinic:two-factor"))
        if not selectors.teams_for(request.user).exists():
            raise Http404
        return no_store(view(request, *args, **kwargs))

    return wrapper


def staff_page(view):
    """Signed in with a password, second factor not needed yet (the two-factor pages)."""
    return login_required(wraps(view)(lambda request, *a, **kw: no_store(view(request, *a, **kw))))
