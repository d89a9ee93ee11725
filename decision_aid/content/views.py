"""Public information pages about the catalogue, and the glossary."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from decision_aid.content import glossary as glossary_terms
from decision_aid.content.presenters import about_page
from decision_aid.content.releases import current_catalogue, release_facts


@require_safe
def about_this_information(request: HttpRequest) -> HttpResponse:
    """Who wrote and checked the information, who paid, how and when it is updated (IPDAS)."""
    catalogue = current_catalogue()
    published_at, edition = release_facts(catalogue.release_id)
    about = about_page(
        catalogue,
        edition=edition,
        published_at=published_at,
        content_authors=settings.CONTENT_AUTHORS,
        clinical_reviewers=settings.CLINICAL_REVIEWERS,
        funding_statement=settings.FUNDING_STATEMENT,
    )
    return render(request, "content/about.jinja", {"about": about})


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """The "words we use" page: each medical term the patient pages use, with an anchor."""
    return render(request, "content/glossary.jinja", {"sections": glossary_terms.glossary()})
