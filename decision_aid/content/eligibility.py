"""Which options may fit a clinical profile, and why: a pure function, no database, no writes.

Each option has a list of requirements. A requirement is *met*, *not met* or *unknown* (the
profile does not say). An option is

- ``suitable`` when every requirement is met,
- ``unsuitable`` when a known fact rules it out (any requirement not met),
- ``ask`` otherwise: something it depends on is unknown, so the patient should ask their team.

Unknown never rules out: with three-valued logic, making a known value unknown can only move a
result towards ``ask``, never to ``unsuitable``. Every option in the catalogue must have an entry
in ``RULES`` (an option with no requirements is open to everyone); a test enforces this.

The reasons are interface text (ADR 0005): each is one whole message chosen by the case (which
requirement, and whether it is met, not met or unknown), with named placeholders that carry
only data: a marker's name ("HER2") or a list of places, problems or treatments, itself joined by
translatable messages (``or_list``). The tables below hold lazy strings, and a reason is made in
the active language each time a requirement is checked, so nothing translated is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

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


# Marker names are names, the same in every language, so they are not marked for translation.
MARKER_SHORT = {
    "er": "ER",
    "pr": "PR",
    "her2": "HER2",
    "pdl1": "PD-L1",
    "brca": "BRCA",
    "pik3ca": "PIK3CA",
}
# "The cancer must be <marker> positive": one whole sentence per marker and case, because the
# words that explain each marker differ (the negative results are names only: see Marker.check).
POSITIVE_MARKER_REASONS: dict[str, dict[Truth, Promise]] = {
    "er": {
        Truth.MET: gettext_lazy(
            "Your cancer is ER positive (it uses the hormone oestrogen to grow)."
        ),
        Truth.UNKNOWN: gettext_lazy(
            "Ask your team whether your cancer is ER positive "
            "(it uses the hormone oestrogen to grow)."
        ),
        Truth.NOT_MET: gettext_lazy(
            "This treatment is for cancer that is ER positive "
            "(it uses the hormone oestrogen to grow). Yours is ER negative."
        ),
    },
    "pr": {
        Truth.MET: gettext_lazy(
            "Your cancer is PR positive (it uses the hormone progesterone to grow)."
        ),
        Truth.UNKNOWN: gettext_lazy(
            "Ask your team whether your cancer is PR positive "
            "(it uses the hormone progesterone to grow)."
        ),
        Truth.NOT_MET: gettext_lazy(
            "This treatment is for cancer that is PR positive "
            "(it uses the hormone progesterone to grow). Yours is PR negative."
        ),
    },
    "her2": {
        Truth.MET: gettext_lazy(
            "Your cancer is HER2 positive (it has a lot of a protein called HER2)."
        ),
        Truth.UNKNOWN: gettext_lazy(
            "Ask your team whether your cancer is HER2 positive "
            "(it has a lot of a protein called HER2)."
        ),
        Truth.NOT_MET: gettext_lazy(
            "This treatment is for cancer that is HER2 positive "
            "(it has a lot of a protein called HER2). Yours is HER2 negative."
        ),
    },
    "pdl1": {
        Truth.MET: gettext_lazy("Your cancer is PD-L1 positive (it has a protein called PD-L1)."),
        Truth.UNKNOWN: gettext_lazy(
            "Ask your team whether your cancer is PD-L1 positive (it has a protein called PD-L1)."
        ),
        Truth.NOT_MET: gettext_lazy(
            "This treatment is for cancer that is PD-L1 positive "
            "(it has a protein called PD-L1). Yours is PD-L1 negative."
        ),
    },
    "brca": {
        Truth.MET: gettext_lazy("Your cancer is linked to a change in a BRCA gene."),
        Truth.UNKNOWN: gettext_lazy(
            "Ask your team whether your cancer is linked to a change in a BRCA gene."
        ),
        Truth.NOT_MET: gettext_lazy(
            "This treatment is for cancer that is linked to a change in a BRCA gene. "
            "Yours is BRCA negative."
        ),
    },
    "pik3ca": {
        Truth.MET: gettext_lazy("Your cancer is linked to a change in the PIK3CA gene."),
        Truth.UNKNOWN: gettext_lazy(
            "Ask your team whether your cancer is linked to a change in the PIK3CA gene."
        ),
        Truth.NOT_MET: gettext_lazy(
            "This treatment is for cancer that is linked to a change in the PIK3CA gene. "
            "Yours is PIK3CA negative."
        ),
    },
}
# The items of the lists a reason may name: each a whole message (see LIST_REASONS), with a
# context that tells a translator what it is.
PLACE_WORDS = {
    "bone": pgettext_lazy("where the cancer has spread", "the bones"),
    "brain": pgettext_lazy("where the cancer has spread", "the brain"),
    "liver": pgettext_lazy("where the cancer has spread", "the liver"),
    "lung": pgettext_lazy("where the cancer has spread", "the lungs"),
    "skin": pgettext_lazy("where the cancer has spread", "the skin"),
    "lymph_nodes": pgettext_lazy("where the cancer has spread", "the lymph nodes"),
    "other": pgettext_lazy("where the cancer has spread", "another part of the body"),
}
PROBLEM_WORDS = {
    "weakened_bone": pgettext_lazy("what the patient has", "a bone weakened by the cancer"),
    "spinal_cord_compression": pgettext_lazy("what the patient has", "pressure on the spinal cord"),
    "single_brain_tumour": pgettext_lazy(
        "what the patient has", "a single area of cancer in the brain"
    ),
    "liver_one_area": pgettext_lazy("what the patient has", "cancer in only one area of the liver"),
    "fluid_on_lung": pgettext_lazy("what the patient has", "fluid around a lung"),
    "skin_wound": pgettext_lazy("what the patient has", "a wound caused by the cancer"),
    "high_calcium": pgettext_lazy("what the patient has", "a high level of calcium in the blood"),
    "limited_spread_good_response": pgettext_lazy(
        "what the patient has", "only a little spread that has responded well to treatment"
    ),
}
PREVIOUS_WORDS = {
    "hormonal_therapy": pgettext_lazy("what the patient has had before", "hormone therapy"),
    "cdk46_inhibitor": pgettext_lazy(
        "what the patient has had before",
        "a CDK4/6 inhibitor (such as palbociclib, ribociclib or abemaciclib)",
    ),
    "chemotherapy_for_secondary": pgettext_lazy(
        "what the patient has had before", "chemotherapy for secondary breast cancer"
    ),
    "her2_targeted_therapy": pgettext_lazy(
        "what the patient has had before", "a HER2 targeted drug (such as trastuzumab)"
    ),
}
# "A profile list must include one of these": one whole sentence per list and case. The one
# item that was found is named in the singular placeholder, a list of choices in the plural one.
LIST_WORDS = {"spread": PLACE_WORDS, "problems": PROBLEM_WORDS, "previous": PREVIOUS_WORDS}
LIST_PLACEHOLDERS = {
    "spread": ("place", "places"),
    "problems": ("problem", "problems"),
    "previous": ("treatment", "treatments"),
}
LIST_REASONS: dict[str, dict[Truth, Promise]] = {
    "spread": {
        # Translators: %(place)s is one place from the list of places, e.g. "the bones".
        Truth.MET: gettext_lazy("The cancer has spread to %(place)s."),
        # Translators: %(places)s is one place, or a list such as "the bones, the skin or the
        # brain".
        Truth.UNKNOWN: gettext_lazy("Ask your team whether the cancer has spread to %(places)s."),
        Truth.NOT_MET: gettext_lazy(
            # Translators: %(places)s is one place, or a list such as "the brain or the liver".
            "This treatment is used when the cancer has spread to %(places)s."
        ),
    },
    "problems": {
        # Translators: %(problem)s is one problem from the list, e.g. "fluid around a lung".
        Truth.MET: gettext_lazy("You have %(problem)s."),
        # Translators: %(problems)s is one problem, or a list of them joined with "or".
        Truth.UNKNOWN: gettext_lazy("Ask your team whether you have %(problems)s."),
        # Translators: %(problems)s is one problem, or a list of them joined with "or".
        Truth.NOT_MET: gettext_lazy("This treatment is used when you have %(problems)s."),
    },
    "previous": {
        # Translators: %(treatment)s is one treatment from the list, e.g. "hormone therapy".
        Truth.MET: gettext_lazy("You have had %(treatment)s."),
        # Translators: %(treatments)s is one treatment, or a list of them joined with "or".
        Truth.UNKNOWN: gettext_lazy("Ask your team whether you have had %(treatments)s."),
        # Translators: %(treatments)s is one treatment, or a list of them joined with "or".
        Truth.NOT_MET: gettext_lazy("This treatment is used when you have had %(treatments)s."),
    },
}


def or_list(items: Sequence[str | Promise]) -> str:
    """Choices as one phrase: "a", "a or b", "a, b or c". Each join is a message of its own,
    so a translation can change the word "or" and the commas."""
    if not items:
        return ""
    text = str(items[0])
    if len(items) == 1:
        return text
    for item in items[1:-1]:
        # Translators: a list of choices so far ("the bones, the skin") and one more choice.
        text = gettext("%(items)s, %(item)s") % {"items": text, "item": str(item)}
    # Translators: a list of choices and the last one: "the bones, the skin or the brain".
    return gettext("%(items)s or %(last)s") % {"items": text, "last": str(items[-1])}


def one_after_another(sentences: Sequence[str]) -> str:
    """Whole sentences as one reason, each after the one before (a space between, in English)."""
    text = sentences[0]
    for sentence in sentences[1:]:
        # Translators: one sentence, then the next (English puts a space between them).
        text = gettext("%(sentence)s %(next)s") % {"sentence": text, "next": sentence}
    return text


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
        if actual == "unknown":
            truth = Truth.UNKNOWN
        else:
            truth = Truth.MET if actual == self.value else Truth.NOT_MET
        if self.value == "positive":
            return Check(truth, str(POSITIVE_MARKER_REASONS[self.key][truth]))
        name = {"marker": MARKER_SHORT[self.key]}
        if truth is Truth.UNKNOWN:
            # Translators: %(marker)s is the name of a test result, e.g. "HER2".
            reason = gettext("Ask your team whether your cancer is %(marker)s negative.") % name
        elif truth is Truth.MET:
            # Translators: %(marker)s is the name of a test result, e.g. "HER2".
            reason = gettext("Your cancer is %(marker)s negative.") % name
        else:
            reason = (
                gettext(
                    # Translators: %(marker)s is the name of a test result, e.g. "HER2".
                    "This treatment is for cancer that is %(marker)s negative. "
                    "Yours is %(marker)s positive."
                )
                % name
            )
        return Check(truth, reason)


@dataclass(frozen=True)
class Menopause(Requirement):
    value: str = "pre"

    def check(self, profile: Profile) -> Check:
        actual = profile.menopause
        if actual == "unknown":
            return Check(
                Truth.UNKNOWN,
                gettext(
                    "Ask your team whether you have been through the menopause. "
                    "This treatment is for people who have not."
                ),
            )
        if actual == self.value:
            return Check(Truth.MET, gettext("You have not been through the menopause."))
        return Check(
            Truth.NOT_MET,
            gettext("This treatment is for people who have not been through the menopause."),
        )


@dataclass(frozen=True)
class ListHas(Requirement):
    """A profile list (spread, problems, previous) must include one of some values."""

    key: str
    values: tuple[str, ...]

    def _reason(self, truth: Truth, values: Sequence[str]) -> str:
        words = LIST_WORDS[self.key]
        one, many = LIST_PLACEHOLDERS[self.key]
        if truth is Truth.MET:
            return str(LIST_REASONS[self.key][truth]) % {one: str(words[values[0]])}
        return str(LIST_REASONS[self.key][truth]) % {many: or_list([words[v] for v in values])}

    def check(self, profile: Profile) -> Check:
        items = profile.value(self.key)
        if items is None:
            return Check(Truth.UNKNOWN, self._reason(Truth.UNKNOWN, self.values))
        found = [v for v in self.values if v in items]
        if found:
            return Check(Truth.MET, self._reason(Truth.MET, found))
        return Check(Truth.NOT_MET, self._reason(Truth.NOT_MET, self.values))


@dataclass(frozen=True)
class ListLacks(Requirement):
    """A profile list must not include a value (e.g. no chemotherapy yet for secondary cancer)."""

    key: str
    value: str

    def check(self, profile: Profile) -> Check:
        items = profile.value(self.key)
        words = {"treatment": str(PREVIOUS_WORDS[self.value])}
        if items is None:
            # Translators: %(treatment)s is a treatment, e.g. "hormone therapy".
            reason = gettext("Ask your team whether you have had %(treatment)s before.") % words
            return Check(Truth.UNKNOWN, reason)
        if self.value in items:
            reason = (
                # Translators: %(treatment)s is a treatment, e.g. "hormone therapy".
                gettext("This treatment is for people who have not had %(treatment)s before.")
                % words
            )
            return Check(Truth.NOT_MET, reason)
        # Translators: %(treatment)s is a treatment, e.g. "hormone therapy".
        return Check(Truth.MET, gettext("You have not had %(treatment)s.") % words)


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
            return Check(Truth.UNKNOWN, one_after_another([c.reason for c in unknown]))
        return Check(Truth.NOT_MET, one_after_another([c.reason for c in checks]))


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


CHEMOTHERAPY_OPEN = gettext_lazy("Chemotherapy can be used for any type of breast cancer.")
OPEN_TO_ALL: dict[str, Promise] = {
    slug: CHEMOTHERAPY_OPEN
    for slug in (
        "capecitabine", "carboplatin", "cyclophosphamide", "docetaxel", "doxorubicin",
        "epirubicin", "gemcitabine", "paclitaxel", "nab-paclitaxel", "eribulin", "vinorelbine",
    )
}  # fmt: skip
OPEN_TO_ALL["supportive-care-only"] = gettext_lazy(
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
        return Assessment(slug, Fit.SUITABLE, (str(OPEN_TO_ALL[slug]),))
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
