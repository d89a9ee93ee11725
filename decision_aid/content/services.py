"""Content services used by the other apps and by the ``options`` command."""

from __future__ import annotations

from dataclasses import dataclass

from decision_aid.content.eligibility import Assessment, Fit, assess
from decision_aid.content.profile import Profile
from decision_aid.content.types import Catalogue, OptionContent

FIT_ORDER = {Fit.SUITABLE: 0, Fit.ASK: 1, Fit.UNSUITABLE: 2}


@dataclass(frozen=True)
class AssessedOption:
    option: OptionContent
    assessment: Assessment

    @property
    def fit(self) -> Fit:
        return self.assessment.fit


def assess_catalogue(catalogue: Catalogue, profile: Profile) -> list[AssessedOption]:
    """Every option of the catalogue with its fit and reasons, in catalogue order."""
    assessments = assess(profile, catalogue.slugs)
    return [AssessedOption(o, a) for o, a in zip(catalogue.options, assessments, strict=True)]


def options_report(catalogue: Catalogue, profile: Profile) -> dict:
    """The ``options`` command's JSON: every option with its fit and plain-English reasons."""
    return {
        "content_release": str(catalogue.release_id),
        "options": [
            {
                "slug": item.option.slug,
                "name": item.option.name,
                "group": item.option.group,
                "fit": item.fit.value,
                "reasons": list(item.assessment.reasons),
            }
            for item in assess_catalogue(catalogue, profile)
        ],
    }
