"""The clinic's page decorator, shared with the documents app (so no app imports another's
views: see the import-linter contracts in pyproject.toml)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from decision_aid.clinic import selectors
from decision_aid.core.http import no_store


def clinic_page(view):
    """Logged-in team members only; never cached."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.teams_for(request.user).exists():
            raise Http404
        return no_store(view(request, *args, **kwargs))

    return wrapper
