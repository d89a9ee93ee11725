"""Public information pages about the catalogue, and the glossary."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from decision_aid.content import glossary as glossary_terms
from decision_aid.content.presenters import about_page
from decision_aid.content.releases import current_catalogue


@require_safe
def about_this_information(request: HttpRequest) -> HttpResponse:
    return render(request, "content/about.jinja", {"about": about_page(current_catalogue())})


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """The "words we use" page: each medical term the patient pages use, with an anchor."""
    return render(request, "content/glossary.jinja", {"sections": glossary_terms.glossary()})
