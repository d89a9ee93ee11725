"""Which options may fit a clinical profile, and why: a pure function, no database, no writes.

Each option has a list of requirements. A requirement is *met*, *not met* or *unknown* (the
profile does not say). An option is

- ``suitable`` when every requirement is met,
- ``unsuitable`` when a known fact rules it out (any requirement not met),
- ``ask`` otherwise: something it depends on is unknown, so the patient should ask their team.

Unknown never rules out: with three-valued logic, making a known value unknown can only move a
result towards ``ask``, never to ``unsuitable``. Every option in the catalogue must have an entry
in ``RULES`` (an option with no requirements is open to everyone); a test enforces this.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum

from decision_aid.content.profile import Profile


class Fit(StrEnum):
    SUITABLE = "suitable"
    ASK = "ask"
    UNSUITABLE = "unsuitable"


class Truth(Enum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Check:
    truth: Truth
    reason: str


@dataclass(frozen=True)
class Assessment:
    slug: str
    fit: Fit
    reasons: tuple[str, ...]


MARKER_WORDS = {
    "er": "ER positive (it uses the hormone oestrogen to grow)",
    "pr": "PR positive (it uses the hormone progesterone to grow)",
    "her2": "HER2 positive (it has a lot of a protein called HER2)",
    "pdl1": "PD-L1 positive (it has a protein called PD-L1)",
    "brca": "linked to a change in a BRCA gene",
    "pik3ca": "linked to a change in the PIK3CA gene",
}
MARKER_SHORT = {
    "er": "ER",
    "pr": "PR",
    "her2": "HER2",
    "pdl1": "PD-L1",
    "brca": "BRCA",
    "pik3ca": "PIK3CA",
}
PLACE_WORDS = {
    "bone": "the bones",
    "brain": "the brain",
    "liver": "the liver",
    "lung": "the lungs",
    "skin": "the skin",
    "lymph_nodes": "the lymph nodes",
    "other": "another part of the body",
}
PROBLEM_WORDS = {
    "weakened_bone": "a bone weakened by the cancer",
    "spinal_cord_compression": "pressure on the spinal cord",
    "single_brain_tumour": "a single area of cancer in the brain",
    "liver_one_area": "cancer in only one area of the liver",
    "fluid_on_lung": "fluid around a lung",
    "skin_wound": "a wound caused by the cancer",
    "high_calcium": "a high level of calcium in the blood",
    "limited_spread_good_response": "only a little spread that has responded well to treatment",
}
PREVIOUS_WORDS = {
    "hormonal_therapy": "hormone therapy",
    "cdk46_inhibitor": "a CDK4/6 inhibitor (such as palbociclib, ribociclib or abemaciclib)",
    "chemotherapy_for_secondary": "chemotherapy for secondary breast cancer",
    "her2_targeted_therapy": "a HER2 targeted drug (such as trastuzumab)",
}


class Requirement:
    def check(self, profile: Profile) -> Check:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class Marker(Requirement):
    """A receptor or gene result must be positive (or negative)."""

    key: str
    value: str = "positive"

    def check(self, profile: Profile) -> Check:
        actual = profile.value(self.key)
        short = MARKER_SHORT[self.key]
        wanted_words = (
            f"is {MARKER_WORDS[self.key]}" if self.value == "positive" else f"is {short} negative"
        )
        if actual == "unknown":
            return Check(Truth.UNKNOWN, f"Ask your team whether your cancer {wanted_words}.")
        if actual == self.value:
            return Check(Truth.MET, f"Your cancer {wanted_words}.")
        return Check(
            Truth.NOT_MET,
            f"This treatment is for cancer that {wanted_words}. Yours is {short} {actual}.",
        )


@dataclass(frozen=True)
class Menopause(Requirement):
    value: str = "pre"

    def check(self, profile: Profile) -> Check:
        actual = profile.menopause
        if actual == "unknown":
            return Check(
                Truth.UNKNOWN,
                "Ask your team whether you have been through the menopause. "
                "This treatment is for people who have not.",
            )
        if actual == self.value:
            return Check(Truth.MET, "You have not been through the menopause.")
        return Check(
            Truth.NOT_MET,
            "This treatment is for people who have not been through the menopause.",
        )


@dataclass(frozen=True)
class ListHas(Requirement):
    """A profile list (spread, problems, previous) must include one of some values."""

    key: str
    values: tuple[str, ...]

    def _words(self) -> dict[str, str]:
        return {"spread": PLACE_WORDS, "problems": PROBLEM_WORDS, "previous": PREVIOUS_WORDS}[
            self.key
        ]

    def _phrase(self) -> str:
        words = [self._words()[v] for v in self.values]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]

    def _sentence(self, phrase: str, negative: bool = False) -> str:
        if self.key == "spread":
            return f"the cancer has {'not ' if negative else ''}spread to {phrase}"
        if self.key == "problems":
            return f"you {'do not have' if negative else 'have'} {phrase}"
        return f"you {'have not had' if negative else 'have had'} {phrase}"

    def check(self, profile: Profile) -> Check:
        items = profile.value(self.key)
        phrase = self._phrase()
        if items is None:
            return Check(Truth.UNKNOWN, f"Ask your team whether {self._sentence(phrase)}.")
        found = [v for v in self.values if v in items]
        if found:
            matched = self._words()[found[0]]
            sentence = self._sentence(matched)
            return Check(Truth.MET, sentence[0].upper() + sentence[1:] + ".")
        return Check(Truth.NOT_MET, f"This treatment is used when {self._sentence(phrase)}.")


@dataclass(frozen=True)
class ListLacks(Requirement):
    """A profile list must not include a value (e.g. no chemotherapy yet for secondary cancer)."""

    key: str
    value: str

    def check(self, profile: Profile) -> Check:
        items = profile.value(self.key)
        words = PREVIOUS_WORDS[self.value]
        if items is None:
            return Check(Truth.UNKNOWN, f"Ask your team whether you have had {words} before.")
        if self.value in items:
            return Check(
                Truth.NOT_MET, f"This treatment is for people who have not had {words} before."
            )
        return Check(Truth.MET, f"You have not had {words}.")


@dataclass(frozen=True)
class AnyOf(Requirement):
    """At least one of several requirements (e.g. spread to bone, or high calcium)."""

    options: tuple[Requirement, ...]

    def check(self, profile: Profile) -> Check:
        checks = [r.check(profile) for r in self.options]
        met = [c for c in checks if c.truth is Truth.MET]
        if met:
            return met[0]
        unknown = [c for c in checks if c.truth is Truth.UNKNOWN]
        if unknown:
            return Check(Truth.UNKNOWN, " ".join(c.reason for c in unknown))
        return Check(Truth.NOT_MET, " ".join(c.reason for c in checks))


ER_POSITIVE = Marker("er")
HER2_POSITIVE = Marker("her2")
HER2_NEGATIVE = Marker("her2", "negative")
TRIPLE_NEGATIVE = (Marker("er", "negative"), Marker("pr", "negative"), HER2_NEGATIVE)
PREMENOPAUSAL = Menopause("pre")
HAD_HORMONAL = ListHas("previous", ("hormonal_therapy",))


def spread(*places: str) -> ListHas:
    return ListHas("spread", places)


def problem(*problems: str) -> ListHas:
    return ListHas("problems", problems)


CHEMOTHERAPY_OPEN = "Chemotherapy can be used for any type of breast cancer."
OPEN_TO_ALL: dict[str, str] = {
    slug: CHEMOTHERAPY_OPEN
    for slug in (
        "capecitabine", "carboplatin", "cyclophosphamide", "docetaxel", "doxorubicin",
        "epirubicin", "gemcitabine", "paclitaxel", "nab-paclitaxel", "eribulin", "vinorelbine",
    )
}  # fmt: skip
OPEN_TO_ALL["supportive-care-only"] = (
    "Anyone can choose this. You get care for symptoms and support, with or without "
    "cancer treatment."
)

# Requirements per option slug (from the seed pages, updated where newer UK sources differ).
RULES: dict[str, tuple[Requirement, ...]] = {
    # Hormone therapy needs ER positive cancer; ovarian treatments also need "not yet menopausal".
    "aromatase-inhibitor": (ER_POSITIVE,),
    "tamoxifen": (ER_POSITIVE,),
    "fulvestrant": (ER_POSITIVE,),
    "ovarian-suppression": (ER_POSITIVE, PREMENOPAUSAL),
    "ovarian-ablation": (ER_POSITIVE, PREMENOPAUSAL),
    # Targeted drugs.
    "cdk46-inhibitor-with-hormone-therapy": (ER_POSITIVE, HER2_NEGATIVE),
    "everolimus-exemestane": (ER_POSITIVE, HER2_NEGATIVE, HAD_HORMONAL),
    # NICE TA816: hormone receptor positive, HER2 negative, PIK3CA mutated, after a CDK4/6
    # inhibitor with hormone therapy. ER+ and HER2- are added to the seed's rule (fulvestrant is
    # a hormone therapy; NICE limits it to HER2 negative cancer).
    "alpelisib-fulvestrant": (
        Marker("pik3ca"),
        ER_POSITIVE,
        HER2_NEGATIVE,
        HAD_HORMONAL,
        ListHas("previous", ("cdk46_inhibitor",)),
    ),
    "trastuzumab": (HER2_POSITIVE,),
    "trastuzumab-pertuzumab-docetaxel": (HER2_POSITIVE,),
    "phesgo": (HER2_POSITIVE,),
    "trastuzumab-emtansine": (HER2_POSITIVE,),
    "trastuzumab-deruxtecan": (HER2_POSITIVE,),
    "tucatinib-trastuzumab-capecitabine": (HER2_POSITIVE,),
    "sacituzumab-govitecan": TRIPLE_NEGATIVE,
    "olaparib": (Marker("brca"), HER2_NEGATIVE),
    # Immunotherapy: triple negative and PD-L1 positive.
    "atezolizumab-nab-paclitaxel": (
        *TRIPLE_NEGATIVE,
        Marker("pdl1"),
        ListLacks("previous", "chemotherapy_for_secondary"),
    ),
    "pembrolizumab-chemotherapy": (*TRIPLE_NEGATIVE, Marker("pdl1")),
    # Chemotherapy: open to every profile (see OPEN_TO_ALL).
    **{slug: () for slug in OPEN_TO_ALL},
    # Radiotherapy and bone treatments.
    "radiotherapy-palliative": (spread("bone", "skin", "brain"),),
    "bisphosphonates": (AnyOf((spread("bone"), problem("high_calcium"))),),
    "denosumab": (spread("bone"),),
    # Treatments for a particular problem.
    "surgery-bone": (problem("weakened_bone", "spinal_cord_compression"),),
    "surgery-liver": (problem("liver_one_area"),),
    "radiofrequency-ablation-liver": (problem("liver_one_area"),),
    "surgery-brain": (problem("single_brain_tumour"),),
    "surgery-primary": (problem("limited_spread_good_response"),),
    "electrochemotherapy": (spread("skin"),),
    "pleural-drainage": (problem("fluid_on_lung"),),
    "wound-dressings": (problem("skin_wound"),),
    "steroids": (AnyOf((spread("brain", "liver"), problem("spinal_cord_compression"))),),
}


def assess_option(slug: str, profile: Profile) -> Assessment:
    requirements = RULES[slug]
    if not requirements:
        return Assessment(slug, Fit.SUITABLE, (OPEN_TO_ALL[slug],))
    checks = [requirement.check(profile) for requirement in requirements]
    not_met = [c.reason for c in checks if c.truth is Truth.NOT_MET]
    if not_met:
        return Assessment(slug, Fit.UNSUITABLE, tuple(not_met))
    unknown = [c.reason for c in checks if c.truth is Truth.UNKNOWN]
    met = [c.reason for c in checks if c.truth is Truth.MET]
    if unknown:
        return Assessment(slug, Fit.ASK, tuple(unknown + met))
    return Assessment(slug, Fit.SUITABLE, tuple(met))


def assess(profile: Profile, slugs: Iterable[str]) -> list[Assessment]:
    """Assess every option (in the order given). Raises KeyError for an option with no rules."""
    return [assess_option(slug, profile) for slug in slugs]
