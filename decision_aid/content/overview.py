"""How the options overview groups the options, the way a breast care nurse would explain them.

A pure function of the assessed options (fit and group), so the grouping can be tested over every
profile and can never contradict the eligibility rules.

- **Usually offered first for cancer like yours**: main treatments that may suit her now and are
  matched to her cancer (hormone therapy, targeted drugs, immunotherapy). NICE CG81 1.3.1 (offer
  endocrine therapy first line for most ER-positive advanced breast cancer), NICE TA509
  (pertuzumab with trastuzumab and docetaxel for untreated HER2-positive disease) and NICE TA801
  (pembrolizumab with chemotherapy for untreated PD-L1-positive triple-negative disease). The
  eligibility rules already hold each drug to its line of treatment (the clinical content issue),
  so a later-line drug is here only when she has had what must come before it.
- **Other treatments that may suit you**: chemotherapy that may suit her. If nothing matched to
  her cancer may suit her, or may once a test result is known (for example triple-negative
  cancer that is PD-L1 negative), chemotherapy is what is usually offered first, so it takes
  the first section instead. While a result that decides it is unknown, nothing is called
  "usually offered first".
- **Ask your team about these**: main treatments that depend on something not known yet.
- **Treatments that can go alongside**: bone drugs, radiotherapy for symptoms, steroids and
  procedures. They treat a symptom or one place, and are never shown as alternatives to the main
  treatment.
- **No cancer treatment**: always there, in its own section.
- The options that usually do not suit her are listed, with why, on a page of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from decision_aid.content.eligibility import Fit
from decision_aid.content.services import AssessedOption

NO_TREATMENT = "supportive-care-only"
MATCHED_GROUPS = frozenset({"hormonal", "targeted", "immunotherapy"})
CHEMOTHERAPY_GROUPS = frozenset({"chemotherapy"})
MAIN_GROUPS = MATCHED_GROUPS | CHEMOTHERAPY_GROUPS


@dataclass(frozen=True)
class OverviewSections:
    usually_first: list[AssessedOption] = field(default_factory=list)
    other: list[AssessedOption] = field(default_factory=list)
    ask: list[AssessedOption] = field(default_factory=list)
    alongside: list[AssessedOption] = field(default_factory=list)
    no_treatment: AssessedOption | None = None
    not_suitable: list[AssessedOption] = field(default_factory=list)
    first_is_chemotherapy: bool = False  # nothing matched to her cancer may suit her, or may

    @property
    def may_suit(self) -> list[AssessedOption]:
        """Every option she may pick to look at closely, in the order the overview shows them."""
        chosen = self.usually_first + self.other + self.ask + self.alongside
        return chosen + ([self.no_treatment] if self.no_treatment else [])


def overview_sections(assessed: list[AssessedOption]) -> OverviewSections:
    """Sort the assessed options (in catalogue order) into the overview's sections."""
    matched, chemotherapy, ask, alongside, not_suitable = [], [], [], [], []
    no_treatment = None
    for item in assessed:
        group = item.option.group
        if item.option.slug == NO_TREATMENT:
            no_treatment = item
        elif item.fit is Fit.UNSUITABLE:
            not_suitable.append(item)
        elif group not in MAIN_GROUPS:
            alongside.append(item)
        elif item.fit is Fit.ASK:
            ask.append(item)
        elif group in MATCHED_GROUPS:
            matched.append(item)
        else:
            chemotherapy.append(item)
    # Chemotherapy is what is usually offered first only when nothing matched to her cancer may
    # suit her and nothing matched is waiting on an unknown test result either (with ER or HER2
    # unknown, the team cannot yet say what comes first).
    matched_ask = any(item.option.group in MATCHED_GROUPS for item in ask)
    first_is_chemotherapy = not matched and not matched_ask
    return OverviewSections(
        usually_first=matched or (chemotherapy if first_is_chemotherapy else []),
        other=[] if first_is_chemotherapy else chemotherapy,  # "may suit you" if nothing first
        ask=ask,
        alongside=alongside,
        no_treatment=no_treatment,
        not_suitable=not_suitable,
        first_is_chemotherapy=first_is_chemotherapy,
    )
