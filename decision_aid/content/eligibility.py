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

from decision_aid.content.profile import UNKNOWN, Profile


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
    "esr1": "ESR1",
    "akt1_pten": "AKT1/PTEN",
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
    "esr1": {
        Truth.MET: gettext_lazy("Your cancer has a change in the ESR1 gene."),
        Truth.UNKNOWN: gettext_lazy(
            "Ask your team whether your cancer has a change in the ESR1 gene "
            "(a blood test finds it)."
        ),
        Truth.NOT_MET: gettext_lazy(
            "This treatment is for cancer with a change in the ESR1 gene. Yours has no ESR1 change."
        ),
    },
    "akt1_pten": {
        Truth.MET: gettext_lazy("Your cancer has a change in the AKT1 or PTEN gene."),
        Truth.UNKNOWN: gettext_lazy(
            "Ask your team whether your cancer has a change in the AKT1 or PTEN gene."
        ),
        Truth.NOT_MET: gettext_lazy(
            "This treatment is for cancer with a change in the AKT1 or PTEN gene. "
            "Yours has no such change."
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
    not_met: Promise | None = None  # one sentence for "none of them", instead of each one's

    def check(self, profile: Profile) -> Check:
        checks = [r.check(profile) for r in self.options]
        met = [c for c in checks if c.truth is Truth.MET]
        if met:
            return met[0]
        unknown = [c for c in checks if c.truth is Truth.UNKNOWN]
        if unknown:
            return Check(Truth.UNKNOWN, one_after_another([c.reason for c in unknown]))
        if self.not_met is not None:
            return Check(Truth.NOT_MET, str(self.not_met))
        return Check(Truth.NOT_MET, one_after_another([c.reason for c in checks]))


def all_sources(truths: Iterable[Truth]) -> Truth:
    """One fact told by several parts of the profile (the history keys and the first version's
    ``previous`` list): any part that rules the option out rules it out, any part that says yes
    is enough otherwise. So forgetting a part can never rule an option out."""
    truths = list(truths)
    if Truth.NOT_MET in truths:
        return Truth.NOT_MET
    if Truth.MET in truths:
        return Truth.MET
    return Truth.UNKNOWN


@dataclass(frozen=True)
class Messages:
    """The three whole sentences of one requirement: met, not met and unknown (an "Ask your
    team" sentence that says what the team will check)."""

    met: Promise
    not_met: Promise
    unknown: Promise

    def check(self, truth: Truth) -> Check:
        text = {Truth.MET: self.met, Truth.NOT_MET: self.not_met, Truth.UNKNOWN: self.unknown}
        return Check(truth, str(text[truth]))


# --- Treatment history ------------------------------------------------------------------------
# How many treatments of a kind since the cancer spread, as a range (fewest, most; None = no
# limit), from each part of the profile that tells it.
Range = tuple[int, int | None]
COUNT_RANGES: dict[str, Range] = {"none": (0, 0), "one": (1, 1), "two_or_more": (2, None)}
AT_LEAST_ONE: Range = (1, None)
NONE: Range = (0, 0)
PREVIOUS_ITEMS = {
    "chemo": ("chemotherapy_for_secondary",),
    "her2": ("her2_targeted_therapy",),
    # A CDK4/6 inhibitor is always given with hormone therapy (seed: Macmillan; W11).
    "hormone": ("hormonal_therapy", "cdk46_inhibitor"),
    "cdk46": ("cdk46_inhibitor",),
}


def treatment_ranges(profile: Profile, kind: str) -> list[Range]:
    ranges: list[Range] = []
    if kind in ("chemo", "her2"):
        value = profile.value(f"{kind}_for_secondary")
        if value in COUNT_RANGES:
            ranges.append(COUNT_RANGES[value])
    elif kind == "hormone":
        if profile.hormone_for_secondary in ("with_ai", "without_ai"):
            ranges.append(AT_LEAST_ONE)
        elif profile.hormone_for_secondary == "none":
            ranges.append(NONE)
        if profile.cdk46_for_secondary not in ("none", UNKNOWN):
            ranges.append(AT_LEAST_ONE)
    elif kind == "cdk46":
        if profile.cdk46_for_secondary == "none":
            ranges.append(NONE)
        elif profile.cdk46_for_secondary != UNKNOWN:
            ranges.append(AT_LEAST_ONE)
    if profile.previous is not None:
        had = any(item in profile.previous for item in PREVIOUS_ITEMS[kind])
        ranges.append(AT_LEAST_ONE if had else NONE)
    return ranges


def at_least(ranges: list[Range], count: int) -> Truth:
    def one(low: int, high: int | None) -> Truth:
        if low >= count:
            return Truth.MET
        if high is not None and high < count:
            return Truth.NOT_MET
        return Truth.UNKNOWN

    return all_sources(one(*r) for r in ranges)


def none_yet(ranges: list[Range]) -> Truth:
    def one(low: int, high: int | None) -> Truth:
        if high == 0:
            return Truth.MET
        if low >= 1:
            return Truth.NOT_MET
        return Truth.UNKNOWN

    return all_sources(one(*r) for r in ranges)


AFTER_TREATMENTS: dict[tuple[str, int], Messages] = {
    ("her2", 1): Messages(
        gettext_lazy("You have had a HER2 targeted drug for secondary breast cancer."),
        gettext_lazy(
            "This treatment is for people who have already had a HER2 targeted drug, such as "
            "trastuzumab, for secondary breast cancer. If your cancer came back within 6 months "
            "of HER2 treatment for early breast cancer, ask your team."
        ),
        gettext_lazy(
            "Ask your team whether you have had a HER2 targeted drug, such as trastuzumab, for "
            "secondary breast cancer. This treatment is used after one."
        ),
    ),
    ("her2", 2): Messages(
        gettext_lazy(
            "You have had 2 or more HER2 targeted treatments for secondary breast cancer."
        ),
        gettext_lazy(
            "This treatment is for people who have already had 2 or more HER2 targeted "
            "treatments for secondary breast cancer."
        ),
        gettext_lazy(
            "Ask your team how many HER2 targeted treatments you have had for secondary breast "
            "cancer. This treatment is used after 2 or more."
        ),
    ),
    ("chemo", 2): Messages(
        gettext_lazy("You have had 2 or more chemotherapy treatments for secondary breast cancer."),
        gettext_lazy(
            "This treatment is for people who have already had 2 or more chemotherapy "
            "treatments for secondary breast cancer."
        ),
        gettext_lazy(
            "Ask your team how many chemotherapy treatments you have had for secondary breast "
            "cancer. This treatment is used after 2 or more."
        ),
    ),
    ("hormone", 1): Messages(
        gettext_lazy("You have had hormone therapy for secondary breast cancer."),
        gettext_lazy("This treatment is used after hormone therapy for secondary breast cancer."),
        gettext_lazy(
            "Ask your team whether you have had hormone therapy for secondary breast cancer. "
            "This treatment is used after it."
        ),
    ),
    ("cdk46", 1): Messages(
        gettext_lazy(
            "You have had a CDK4/6 inhibitor (such as palbociclib, ribociclib or abemaciclib)."
        ),
        gettext_lazy(
            "This treatment is used after a CDK4/6 inhibitor (such as palbociclib, ribociclib "
            "or abemaciclib)."
        ),
        gettext_lazy(
            "Ask your team whether you have had a CDK4/6 inhibitor (such as palbociclib, "
            "ribociclib or abemaciclib). This treatment is used after one."
        ),
    ),
}
NOT_YET: dict[str, Messages] = {
    "chemo": Messages(
        gettext_lazy("You have not had chemotherapy for secondary breast cancer."),
        gettext_lazy(
            "This treatment is for people who have not yet had chemotherapy for secondary "
            "breast cancer."
        ),
        gettext_lazy(
            "Ask your team whether you have had chemotherapy for secondary breast cancer. "
            "This treatment is for people who have not."
        ),
    ),
    "her2": Messages(
        gettext_lazy("You have not had a HER2 targeted drug for secondary breast cancer."),
        gettext_lazy(
            "This treatment is for people who have not yet had a HER2 targeted drug for "
            "secondary breast cancer."
        ),
        gettext_lazy(
            "Ask your team whether you have had a HER2 targeted drug for secondary breast "
            "cancer. This treatment is for people who have not."
        ),
    ),
    "cdk46": Messages(
        gettext_lazy("You have not had a CDK4/6 inhibitor for secondary breast cancer."),
        gettext_lazy(
            "This treatment is for people who have not had a CDK4/6 inhibitor for secondary "
            "breast cancer before. The NHS usually gives one only once."
        ),
        gettext_lazy(
            "Ask your team whether you have had a CDK4/6 inhibitor for secondary breast cancer. "
            "The NHS usually gives one only once."
        ),
    ),
}


@dataclass(frozen=True)
class AfterTreatments(Requirement):
    """At least ``count`` treatments of a kind since the cancer spread (a later-line drug)."""

    kind: str
    count: int = 1

    def check(self, profile: Profile) -> Check:
        truth = at_least(treatment_ranges(profile, self.kind), self.count)
        return AFTER_TREATMENTS[(self.kind, self.count)].check(truth)


@dataclass(frozen=True)
class NoTreatmentYet(Requirement):
    """No treatment of a kind yet since the cancer spread (a first-line-only drug)."""

    kind: str

    def check(self, profile: Profile) -> Check:
        return NOT_YET[self.kind].check(none_yet(treatment_ranges(profile, self.kind)))


CDK46_FOR_12_MONTHS = Messages(
    gettext_lazy(
        "A CDK4/6 inhibitor with hormone therapy kept your cancer under control for 12 months "
        "or more."
    ),
    gettext_lazy(
        "This treatment is for people whose cancer was kept under control for 12 months or "
        "more by a CDK4/6 inhibitor with hormone therapy."
    ),
    gettext_lazy(
        "Ask your team whether a CDK4/6 inhibitor with hormone therapy kept your cancer under "
        "control for 12 months or more. This treatment is used after that."
    ),
)


@dataclass(frozen=True)
class Cdk46ControlledFor12Months(Requirement):
    """NICE TA1036 (elacestrant): the cancer grew after at least 12 months of hormone therapy
    with a CDK4/6 inhibitor."""

    def check(self, profile: Profile) -> Check:
        truths = []
        answer = profile.cdk46_for_secondary
        if answer == "12_months_or_more":
            truths.append(Truth.MET)
        elif answer in ("none", "under_12_months"):
            truths.append(Truth.NOT_MET)
        if profile.previous is not None and "cdk46_inhibitor" not in profile.previous:
            truths.append(Truth.NOT_MET)
        return CDK46_FOR_12_MONTHS.check(all_sources(truths))


AROMATASE_INHIBITOR = Messages(
    gettext_lazy(
        "You have had an aromatase inhibitor, such as anastrozole or letrozole, for secondary "
        "breast cancer."
    ),
    gettext_lazy(
        "This treatment is used after an aromatase inhibitor, such as anastrozole or letrozole, "
        "for secondary breast cancer."
    ),
    gettext_lazy(
        "Ask your team whether you have had an aromatase inhibitor, such as anastrozole or "
        "letrozole. This treatment is used after one."
    ),
)


@dataclass(frozen=True)
class AfterAromataseInhibitor(Requirement):
    """An aromatase inhibitor for secondary cancer (NICE TA816, TA1026: "after a CDK4/6
    inhibitor plus an aromatase inhibitor"). ``before_spread_counts``: an aromatase inhibitor
    before the cancer spread may count too (NICE TA421: "recurred or progressed after a
    non-steroidal aromatase inhibitor"), so "not for secondary cancer" means ask, not no."""

    before_spread_counts: bool = False

    def check(self, profile: Profile) -> Check:
        answer = profile.hormone_for_secondary
        if answer == "with_ai":
            truth = Truth.MET
        elif answer in ("without_ai", "none") and not self.before_spread_counts:
            truth = Truth.NOT_MET
        else:
            truth = Truth.UNKNOWN
        return AROMATASE_INHIBITOR.check(truth)


# --- Hormone receptors and the menopause ------------------------------------------------------


@dataclass(frozen=True)
class HormoneSensitive(Requirement):
    """ER positive; ER negative and PR positive is uncommon and hormone therapy may still be
    considered (ESO-ESMO ABC guidelines; review W13), so that is "ask", never "no"."""

    def check(self, profile: Profile) -> Check:
        if profile.er in ("positive", UNKNOWN):
            return Marker("er").check(profile)
        if profile.pr == "positive":
            reason = gettext(
                "Ask your team whether hormone therapy could help. Your cancer is ER negative and "
                "PR positive, which is uncommon."
            )
            return Check(Truth.UNKNOWN, reason)
        if profile.pr == "negative":
            reason = gettext(
                "This treatment is for cancer that uses hormones to grow. Yours is ER negative "
                "and PR negative."
            )
            return Check(Truth.NOT_MET, reason)
        reason = gettext(
            "Ask your team whether your cancer is PR positive (it uses the hormone progesterone "
            "to grow). Yours is ER negative, and hormone therapy is sometimes used then."
        )
        return Check(Truth.UNKNOWN, reason)


@dataclass(frozen=True)
class OvariesSwitchedOff(Requirement):
    """Before the menopause, these drugs work only with the ovaries switched off at the same time
    (seed: Macmillan; Breast Cancer Now; review SC1). Men have them with a drug that stops the
    testicles making hormones (ESO-ESMO ABC; review W15)."""

    def check(self, profile: Profile) -> Check:
        menopause = profile.menopause
        if menopause == "pre":
            reason = gettext(
                "You have not been through the menopause, so you would also have treatment to "
                "switch off your ovaries at the same time."
            )
        elif menopause == "post":
            reason = gettext("You have been through the menopause.")
        elif menopause == "not_applicable":
            reason = gettext(
                "If you are a man, you would also have a drug that stops the testicles making "
                "hormones."
            )
        else:
            reason = gettext(
                "Ask your team whether you have been through the menopause. If you have not, "
                "you would also have treatment to switch off your ovaries."
            )
            return Check(Truth.UNKNOWN, reason)
        return Check(Truth.MET, reason)


@dataclass(frozen=True)
class AfterMenopause(Requirement):
    """Licensed after the menopause (everolimus: women; alpelisib and elacestrant: women and
    men). Before it the team decides whether to use it with the ovaries switched off: "ask"."""

    men_included: bool = True

    def check(self, profile: Profile) -> Check:
        menopause = profile.menopause
        if menopause == "post":
            return Check(Truth.MET, gettext("You have been through the menopause."))
        if menopause == "not_applicable" and self.men_included:
            return Check(Truth.MET, gettext("Men can have this treatment too."))
        if menopause == "pre":
            reason = gettext(
                "Ask your team whether this treatment could be used with treatment to switch off "
                "your ovaries. It is licensed for people who have been through the menopause."
            )
        elif menopause == "not_applicable":
            reason = gettext(
                "Ask your team whether this treatment could be used for you. It is licensed for "
                "women who have been through the menopause."
            )
        else:
            reason = gettext(
                "Ask your team whether you have been through the menopause. This treatment is "
                "licensed for people who have."
            )
        return Check(Truth.UNKNOWN, reason)


@dataclass(frozen=True)
class HormoneTherapyFirst(Requirement):
    """NICE TA1040 (olaparib) and TA952 (talazoparib): if the cancer uses hormones to grow,
    hormone therapy first, unless it is not suitable (so never "no")."""

    def check(self, profile: Profile) -> Check:
        ranges = treatment_ranges(profile, "hormone")
        had_hormone = at_least(ranges, 1) is Truth.MET
        if profile.er == "negative" and profile.pr == "negative":
            reason = gettext(
                "Your cancer does not use hormones to grow, so you do not need hormone therapy "
                "first."
            )
            return Check(Truth.MET, reason)
        if had_hormone:
            return Check(Truth.MET, gettext("You have had hormone therapy."))
        if "positive" in (profile.er, profile.pr) and ranges:
            reason = gettext(
                "Ask your team whether you need hormone therapy before this drug. It usually "
                "comes first when the cancer uses hormones to grow, unless it is not right for you."
            )
        else:
            reason = gettext(
                "Ask your team whether you need hormone therapy before this drug. It comes "
                "first if your cancer uses hormones to grow."
            )
        return Check(Truth.UNKNOWN, reason)


# --- Earlier chemotherapy of a kind (at any time) ---------------------------------------------

TAXANE = Messages(
    gettext_lazy("You have had a taxane chemotherapy, such as docetaxel or paclitaxel."),
    gettext_lazy(
        "This treatment is for people who have already had a taxane chemotherapy, such as "
        "docetaxel or paclitaxel."
    ),
    gettext_lazy(
        "Ask your team whether you have had a taxane chemotherapy, such as docetaxel or "
        "paclitaxel. This treatment is used after one."
    ),
)


@dataclass(frozen=True)
class ChoiceIs(Requirement):
    """One answer of the profile decides it: ``met`` or ``not_met``; anything else (unknown)
    means ask."""

    key: str
    met: str
    not_met: str
    messages: Messages

    def check(self, profile: Profile) -> Check:
        value = profile.value(self.key)
        truth = {self.met: Truth.MET, self.not_met: Truth.NOT_MET}.get(value, Truth.UNKNOWN)
        return self.messages.check(truth)


# NICE TA458 (trastuzumab emtansine): after trastuzumab and a taxane.
HAD_TAXANE = ChoiceIs("taxane_ever", "yes", "no", TAXANE)


@dataclass(frozen=True)
class HadAnthracyclineAndTaxane(Requirement):
    """NICE TA1040 (olaparib): after an anthracycline and a taxane, unless they are not
    suitable; TA952 (talazoparib): after an anthracycline or a taxane, or both, unless not
    suitable. "Unless not suitable" means a "no" is for the team to judge: ask, never "no"."""

    both: bool = True

    def check(self, profile: Profile) -> Check:
        answers = (profile.anthracycline_ever, profile.taxane_ever)
        met = all(a == "yes" for a in answers) if self.both else "yes" in answers
        if met:
            if self.both:
                reason = gettext("You have had an anthracycline and a taxane chemotherapy.")
            else:
                reason = gettext("You have had an anthracycline or a taxane chemotherapy.")
            return Check(Truth.MET, reason)
        if self.both:
            reason = gettext(
                "Ask your team whether this drug could be right for you. It is usually given "
                "after an anthracycline (such as epirubicin) and a taxane (such as docetaxel). "
                "These come first unless they are not right for you."
            )
        else:
            reason = gettext(
                "Ask your team whether this drug could be right for you. It is usually given "
                "after an anthracycline (such as epirubicin) or a taxane (such as docetaxel). "
                "These come first unless they are not right for you."
            )
        return Check(Truth.UNKNOWN, reason)


@dataclass(frozen=True)
class AnthracyclineLifetimeLimit(Requirement):
    """Doxorubicin and epirubicin have a lifetime dose limit (SmPC 4.2, 4.4): after an earlier
    anthracycline the team checks how much more is safe (review C14)."""

    def check(self, profile: Profile) -> Check:
        answer = profile.anthracycline_ever
        if answer == "no":
            return Check(
                Truth.MET, gettext("You have not had an anthracycline chemotherapy before.")
            )
        if answer == "yes":
            reason = gettext(
                "Ask your team whether you could have more of this kind of drug. You have had an "
                "anthracycline before, and there is a limit to how much anyone can have in their "
                "life."
            )
        else:
            reason = gettext(
                "Ask your team whether you have had an anthracycline chemotherapy, such as "
                "epirubicin or doxorubicin, before. There is a limit to how much anyone can have."
            )
        return Check(Truth.UNKNOWN, reason)


# --- Gene and protein tests -------------------------------------------------------------------

INHERITED_BRCA = Messages(
    gettext_lazy("Your BRCA change is inherited (you were born with it)."),
    gettext_lazy(
        "This drug is for a BRCA change you were born with (inherited). Yours was found only in "
        "the cancer."
    ),
    gettext_lazy(
        "Ask your team whether your BRCA change is inherited (a blood test finds it). This drug "
        "is for inherited changes."
    ),
)
# NICE TA1040 and TA952: germline (inherited) BRCA1 or BRCA2 changes (review W8).
INHERITED = ChoiceIs("brca_type", "inherited", "tumour_only", INHERITED_BRCA)


PDL1_TESTS = {
    # Translators: the name of a PD-L1 test, said after "on".
    "sp142": pgettext_lazy("PD-L1 test", "the SP142 test (1% or more), used for atezolizumab"),
    "cps10": pgettext_lazy(
        "PD-L1 test", "the 22C3 test (a score of 10 or more), used for pembrolizumab"
    ),
}


@dataclass(frozen=True)
class PdL1PositiveOn(Requirement):
    """PD-L1 positive on the drug's own test: atezolizumab NICE TA639 (SP142, 1% or more of
    immune cells), pembrolizumab NICE TA801 (22C3, combined positive score 10 or more). One test
    does not stand for the other (review W7)."""

    test: str

    def check(self, profile: Profile) -> Check:
        words = {"test": str(PDL1_TESTS[self.test])}
        if profile.pdl1 == "negative":
            return Marker("pdl1").check(profile)
        if profile.pdl1 == "positive" and profile.pdl1_test in (self.test, "both"):
            # Translators: %(test)s names a PD-L1 test, e.g. "the SP142 test (1% or more), ...".
            return Check(Truth.MET, gettext("Your cancer is PD-L1 positive on %(test)s.") % words)
        if profile.pdl1 == "positive" and profile.pdl1_test in PDL1_TESTS:
            reason = gettext(
                # Translators: %(test)s names a PD-L1 test, e.g. "the SP142 test (1% or more), ...".
                "Ask your team whether your cancer is PD-L1 positive on %(test)s. This treatment "
                "needs that test, and your positive result was on the other one."
            )
            return Check(Truth.UNKNOWN, reason % words)
        reason = gettext(
            # Translators: %(test)s names a PD-L1 test, e.g. "the SP142 test (1% or more), ...".
            "Ask your team whether your cancer is PD-L1 positive on %(test)s. Each of the two "
            "immunotherapy drugs has its own test."
        )
        return Check(Truth.UNKNOWN, reason % words)


# --- Where the cancer is ----------------------------------------------------------------------


@dataclass(frozen=True)
class SpreadMayHelp(Requirement):
    """Spread to some places makes an option worth asking about, never certain."""

    places: tuple[str, ...]
    ask: Promise

    def check(self, profile: Profile) -> Check:
        spread_to = profile.spread
        if spread_to is None:
            return ListHas("spread", self.places).check(profile)
        if set(self.places) & spread_to:
            return Check(Truth.UNKNOWN, str(self.ask))
        return ListHas("spread", self.places).check(profile)


@dataclass(frozen=True)
class SacituzumabLines(Requirement):
    """NICE TA819: after 2 or more systemic treatments, at least 1 of them for advanced disease.
    The profile counts chemotherapy for secondary cancer; one such treatment may be enough with
    one before the cancer spread, which only the team can tell (review W5)."""

    def check(self, profile: Profile) -> Check:
        def one(low: int, high: int | None) -> Truth:
            if low >= 2:
                return Truth.MET
            if high == 0:
                return Truth.NOT_MET
            return Truth.UNKNOWN

        truth = all_sources(one(*r) for r in treatment_ranges(profile, "chemo"))
        if truth is Truth.MET:
            return AFTER_TREATMENTS[("chemo", 2)].check(truth)
        if truth is Truth.NOT_MET:
            reason = gettext(
                "This treatment is for people who have already had chemotherapy for secondary "
                "breast cancer, and 2 or more treatments in all."
            )
            return Check(Truth.NOT_MET, reason)
        reason = gettext(
            "Ask your team whether you have had 2 or more treatments in all, with at least 1 for "
            "secondary breast cancer. This treatment is used after them."
        )
        return Check(Truth.UNKNOWN, reason)


ER_POSITIVE = Marker("er")
HER2_POSITIVE = Marker("her2")
HER2_NEGATIVE = Marker("her2", "negative")
TRIPLE_NEGATIVE = (Marker("er", "negative"), Marker("pr", "negative"), HER2_NEGATIVE)
PREMENOPAUSAL = Menopause("pre")
HORMONE_SENSITIVE = HormoneSensitive()
OVARIES_SWITCHED_OFF = OvariesSwitchedOff()


def spread(*places: str) -> ListHas:
    return ListHas("spread", places)


def problem(*problems: str) -> ListHas:
    return ListHas("problems", problems)


CHEMOTHERAPY_OPEN = gettext_lazy(
    "Chemotherapy can be used for most types of secondary breast cancer. Your team will talk "
    "with you about which drug, depending on what you have had before."
)
OPEN_TO_ALL: dict[str, Promise] = {
    slug: CHEMOTHERAPY_OPEN
    for slug in (
        "capecitabine", "carboplatin", "cyclophosphamide", "docetaxel", "gemcitabine",
        "paclitaxel", "nab-paclitaxel", "vinorelbine",
    )
}  # fmt: skip
OPEN_TO_ALL["supportive-care-only"] = gettext_lazy(
    "Anyone can choose this. You get care for symptoms and support, with or without "
    "cancer treatment."
)

# Requirements per option slug. RULE_SOURCES says where each rule comes from; the tests in
# tests/content/test_eligibility.py are named after the review findings they close.
RULES: dict[str, tuple[Requirement, ...]] = {
    # Hormone therapy: for cancer that uses hormones to grow.
    "aromatase-inhibitor": (HORMONE_SENSITIVE, OVARIES_SWITCHED_OFF),
    "tamoxifen": (HORMONE_SENSITIVE,),
    "fulvestrant": (HORMONE_SENSITIVE, OVARIES_SWITCHED_OFF),
    "ovarian-suppression": (HORMONE_SENSITIVE, PREMENOPAUSAL),
    "ovarian-ablation": (HORMONE_SENSITIVE, PREMENOPAUSAL),
    "elacestrant": (
        ER_POSITIVE,
        HER2_NEGATIVE,
        Marker("esr1"),
        Cdk46ControlledFor12Months(),
        AfterMenopause(),
    ),
    # Targeted drugs with hormone therapy.
    "cdk46-inhibitor-with-hormone-therapy": (
        HORMONE_SENSITIVE,
        HER2_NEGATIVE,
        NoTreatmentYet("cdk46"),
        OVARIES_SWITCHED_OFF,
    ),
    "everolimus-exemestane": (
        HORMONE_SENSITIVE,
        HER2_NEGATIVE,
        AfterTreatments("hormone"),
        AfterAromataseInhibitor(before_spread_counts=True),
        AfterMenopause(men_included=False),
    ),
    "alpelisib-fulvestrant": (
        Marker("pik3ca"),
        HORMONE_SENSITIVE,
        HER2_NEGATIVE,
        AfterTreatments("cdk46"),
        AfterAromataseInhibitor(),
        AfterMenopause(),
    ),
    "capivasertib-fulvestrant": (
        AnyOf((Marker("pik3ca"), Marker("akt1_pten"))),
        HORMONE_SENSITIVE,
        HER2_NEGATIVE,
        AfterTreatments("cdk46"),
        AfterAromataseInhibitor(),
        OVARIES_SWITCHED_OFF,
    ),
    # HER2 targeted drugs, by line of treatment.
    "trastuzumab": (HER2_POSITIVE,),
    "trastuzumab-pertuzumab-docetaxel": (
        HER2_POSITIVE,
        NoTreatmentYet("her2"),
        NoTreatmentYet("chemo"),
    ),
    "phesgo": (HER2_POSITIVE, NoTreatmentYet("her2"), NoTreatmentYet("chemo")),
    "trastuzumab-emtansine": (HER2_POSITIVE, AfterTreatments("her2"), HAD_TAXANE),
    "trastuzumab-deruxtecan": (HER2_POSITIVE, AfterTreatments("her2")),
    "tucatinib-trastuzumab-capecitabine": (HER2_POSITIVE, AfterTreatments("her2", 2)),
    # Triple negative and BRCA.
    "sacituzumab-govitecan": (*TRIPLE_NEGATIVE, SacituzumabLines()),
    "olaparib": (
        Marker("brca"),
        INHERITED,
        HER2_NEGATIVE,
        HadAnthracyclineAndTaxane(),
        HormoneTherapyFirst(),
    ),
    "talazoparib": (
        Marker("brca"),
        INHERITED,
        HER2_NEGATIVE,
        HadAnthracyclineAndTaxane(both=False),
        HormoneTherapyFirst(),
    ),
    # Immunotherapy: triple negative, PD-L1 positive on the drug's own test, first line.
    "atezolizumab-nab-paclitaxel": (
        *TRIPLE_NEGATIVE,
        PdL1PositiveOn("sp142"),
        NoTreatmentYet("chemo"),
    ),
    "pembrolizumab-chemotherapy": (
        *TRIPLE_NEGATIVE,
        PdL1PositiveOn("cps10"),
        NoTreatmentYet("chemo"),
    ),
    # Chemotherapy: most are open to every profile (see OPEN_TO_ALL).
    **{slug: () for slug in OPEN_TO_ALL},
    "eribulin": (AfterTreatments("chemo", 2),),
    "doxorubicin": (AnthracyclineLifetimeLimit(),),
    "epirubicin": (AnthracyclineLifetimeLimit(),),
    # Radiotherapy and bone treatments.
    "radiotherapy-palliative": (
        AnyOf(
            (
                spread("bone", "skin", "brain"),
                problem("spinal_cord_compression", "weakened_bone", "single_brain_tumour"),
                SpreadMayHelp(
                    ("lymph_nodes", "lung", "liver"),
                    gettext_lazy(
                        "Ask your team whether radiotherapy could help. It can sometimes help "
                        "when cancer in the lymph nodes, a lung or the liver causes problems."
                    ),
                ),
            ),
            gettext_lazy(
                "Radiotherapy is usually for cancer in the bones, brain, skin, lymph nodes, lungs "
                "or liver, or pressing on the spinal cord."
            ),
        ),
    ),
    "bisphosphonates": (
        AnyOf(
            (spread("bone"), problem("weakened_bone", "spinal_cord_compression", "high_calcium")),
            gettext_lazy(
                "This treatment is for cancer that has spread to the bones, or a high level of "
                "calcium in the blood."
            ),
        ),
    ),
    "denosumab": (
        AnyOf(
            (spread("bone"), problem("weakened_bone", "spinal_cord_compression")),
            gettext_lazy("This treatment is for cancer that has spread to the bones."),
        ),
    ),
    # Treatments for a particular problem.
    "surgery-bone": (problem("weakened_bone", "spinal_cord_compression"),),
    "surgery-liver": (problem("liver_one_area"),),
    "radiofrequency-ablation-liver": (problem("liver_one_area"),),
    "surgery-brain": (problem("single_brain_tumour"),),
    "surgery-primary": (problem("limited_spread_good_response"),),
    "electrochemotherapy": (spread("skin"),),
    "pleural-drainage": (problem("fluid_on_lung"),),
    "wound-dressings": (problem("skin_wound"),),
    "steroids": (
        AnyOf(
            (
                spread("brain"),
                problem("spinal_cord_compression"),
                SpreadMayHelp(
                    ("liver", "lung"),
                    gettext_lazy(
                        "Ask your team whether steroids could help. They can ease symptoms of "
                        "cancer in the liver or lungs, such as pain, sickness or breathlessness."
                    ),
                ),
            ),
            gettext_lazy(
                "Steroids are used for symptoms, for example when the cancer is in the brain or "
                "presses on the spinal cord."
            ),
        ),
    ),
}

# Where each rule comes from (for reviewers and the ``options`` command; not patient text).
RULE_SOURCES: dict[str, str] = {
    "aromatase-inhibitor": "Macmillan seed page; Breast Cancer Now (ovarian suppression with an "
    "aromatase inhibitor before the menopause); ESO-ESMO ABC (men: with a GnRH agonist)",
    "tamoxifen": "Macmillan seed page; Macmillan tamoxifen page",
    "fulvestrant": "Faslodex SmPC 4.1 (postmenopausal women; with an LHRH agonist before)",
    "ovarian-suppression": "Macmillan seed page (with an AI, tamoxifen or fulvestrant)",
    "ovarian-ablation": "Macmillan seed page",
    "elacestrant": "NICE TA1036 1.1: https://www.nice.org.uk/guidance/ta1036",
    "cdk46-inhibitor-with-hormone-therapy": "NICE TA495, TA496, TA563, TA687, TA725, TA836; "
    "NHS England Cancer Drugs Fund criteria (one CDK4/6 inhibitor for advanced disease)",
    "everolimus-exemestane": "NICE TA421 1.1: https://www.nice.org.uk/guidance/ta421 "
    "(postmenopausal, after a non-steroidal aromatase inhibitor)",
    "alpelisib-fulvestrant": "NICE TA816 1.1: https://www.nice.org.uk/guidance/ta816",
    "capivasertib-fulvestrant": "NICE final draft guidance, 11 April 2025 (funded through the "
    "Cancer Drugs Fund): https://www.nice.org.uk/news/articles/approval-for-new-twice-a-day-"
    "tablet-for-advanced-breast-cancer (after a CDK4/6 inhibitor plus an aromatase inhibitor)",
    "trastuzumab": "Macmillan seed page",
    "trastuzumab-pertuzumab-docetaxel": "NICE TA509 1.1: https://www.nice.org.uk/guidance/ta509",
    "phesgo": "NICE TA509 1.1: https://www.nice.org.uk/guidance/ta509 "
    "(Phesgo is pertuzumab with trastuzumab)",
    "trastuzumab-emtansine": "NICE TA458 1.1: https://www.nice.org.uk/guidance/ta458",
    "trastuzumab-deruxtecan": "NICE TA862 1.1: https://www.nice.org.uk/guidance/ta862",
    "tucatinib-trastuzumab-capecitabine": "NICE TA786 1.1: https://www.nice.org.uk/guidance/ta786",
    "sacituzumab-govitecan": "NICE TA819 1.1: https://www.nice.org.uk/guidance/ta819",
    "olaparib": "NICE TA1040 1.1: https://www.nice.org.uk/guidance/ta1040",
    "talazoparib": "NICE TA952 1.1: https://www.nice.org.uk/guidance/ta952",
    "atezolizumab-nab-paclitaxel": "NICE TA639 1.1: https://www.nice.org.uk/guidance/ta639",
    "pembrolizumab-chemotherapy": "NICE TA801 1.1: https://www.nice.org.uk/guidance/ta801",
    "eribulin": "NICE TA423 1.1: https://www.nice.org.uk/guidance/ta423",
    "doxorubicin": "Doxorubicin SmPC 4.2 and 4.4 (cumulative dose limit)",
    "epirubicin": "Epirubicin SmPC 4.2 and 4.4 (cumulative dose limit)",
    "radiotherapy-palliative": "Macmillan radiotherapy for secondary breast cancer; NICE NG234 "
    "(metastatic spinal cord compression)",
    "bisphosphonates": "Macmillan seed page; NICE CG81",
    "denosumab": "NICE TA265: https://www.nice.org.uk/guidance/ta265",
    "steroids": "Macmillan steroids page (symptoms of spread to the brain, liver or lungs; "
    "spinal cord compression)",
}
CHEMOTHERAPY_SOURCE = "Macmillan seed page; NICE CG81 (chemotherapy for advanced breast cancer)"
PROBLEM_SOURCE = "Macmillan seed page; Cancer Research UK seed page"
for _slug, _requirements in RULES.items():
    RULE_SOURCES.setdefault(_slug, CHEMOTHERAPY_SOURCE if not _requirements else PROBLEM_SOURCE)


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
