"""Context for Jinja pages (Django's Jinja2 backend runs these for every render with a request)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language


def page_basics(request: HttpRequest) -> dict[str, object]:
    """Values the NHS.UK page template reads before any block: the CSP nonce and page language.

    They must be real context variables (not ``{% set %}`` in a layout), because the NHS.UK
    template reads them outside blocks, where a child template's assignments are not visible.
    """
    language = get_language() or "en-gb"
    lang, _, region = language.partition("-")
    return {
        # django-csp's nonce is lazy and reads as false until used: make it now.
        "cspNonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else "",
        "htmlLang": f"{lang}-{region.upper()}" if region else lang,
        "today": timezone.localdate(),  # e.g. to say when content is past its next review
    }
