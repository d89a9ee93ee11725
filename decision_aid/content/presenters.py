"""Catalogue data formatted once for display (web pages and PDFs use the same presenters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from decision_aid.content.types import Catalogue, SourceContent


@dataclass(frozen=True)
class AboutPage:
    release_id: int
    about_text: str
    update_policy: str
    reviewed_from: date
    reviewed_to: date
    next_review_due: date
    reviewers: tuple[str, ...]
    sources: tuple[SourceContent, ...]
    option_reviews: tuple[tuple[str, date, date], ...]


def about_page(catalogue: Catalogue) -> AboutPage:
    sources: dict[str, SourceContent] = {}
    for option in catalogue.options:
        for source in option.sources:
            sources.setdefault(source.url, source)
    reviewed = [o.reviewed_on for o in catalogue.options]
    return AboutPage(
        release_id=catalogue.release_id,
        about_text=catalogue.texts.get("about-this-information", ""),
        update_policy=catalogue.texts.get("update-policy", ""),
        reviewed_from=min(reviewed),
        reviewed_to=max(reviewed),
        next_review_due=min(o.next_review for o in catalogue.options),
        reviewers=tuple(sorted({o.reviewer for o in catalogue.options})),
        sources=tuple(sorted(sources.values(), key=lambda s: s.citation.lower())),
        option_reviews=tuple(
            (o.name, o.reviewed_on, o.next_review)
            for o in sorted(catalogue.options, key=lambda o: o.name.lower())
        ),
    )
