"""Template context for every page."""

from __future__ import annotations

from django.http import HttpRequest

from decision_aid.content.glossary import GlossaryLinker


def glossary(request: HttpRequest) -> dict[str, GlossaryLinker]:
    """``{{ glossary(text) }}``: links the first use of each glossary term on this page."""
    return {"glossary": GlossaryLinker()}
