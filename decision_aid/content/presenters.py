"""Catalogue data formatted once for display (web pages and PDFs use the same presenters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from decision_aid.content.types import Catalogue, SourceContent

# An option's reviewer says this until a clinician has signed its content off.
SIGN_OFF_PENDING = "clinical sign-off pending"


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
    options: int = 0
    sign_off_pending: int = 0  # options whose reviewer still says "clinical sign-off pending"
    edition: int | None = None  # the shipped edition the release came from
    published_at: datetime | None = None  # when the release was published
    # Named by the deploying service (settings); empty: the page says they are not named yet.
    content_authors: str = ""
    clinical_reviewers: str = ""
    funding_statement: str = ""


def about_page(
    catalogue: Catalogue,
    *,
    edition: int | None = None,
    published_at: datetime | None = None,
    content_authors: str = "",
    clinical_reviewers: str = "",
    funding_statement: str = "",
) -> AboutPage:
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
        options=len(catalogue.options),
        sign_off_pending=sum(SIGN_OFF_PENDING in o.reviewer.lower() for o in catalogue.options),
        edition=edition,
        published_at=published_at,
        content_authors=content_authors,
        clinical_reviewers=clinical_reviewers,
        funding_statement=funding_statement,
    )
