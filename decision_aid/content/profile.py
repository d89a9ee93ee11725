"""The clinical profile contract shared by the eligibility engine, the journey and the clinic.

One definition serves the rules (``eligibility.py``), the patient's questions, the team's values
and ``manage.py options --profile``. Every key is optional: a missing key, ``null`` or
``"unknown"`` means unknown, and unknown never rules an option out (the patient is asked to check
with her team instead). For a list, ``[]`` means "none".

Test results (``positive`` / ``negative``):
    er, pr, her2, pdl1, brca, pik3ca, esr1, akt1_pten
Menopause:
    menopause: pre / post / not_applicable (for example a man)
Treatment history (each one choice):
    hormone_for_secondary: none / with_ai / without_ai
        hormone therapy since the cancer spread, and whether it included an aromatase inhibitor
    cdk46_for_secondary: none / 12_months_or_more / under_12_months / yes_length_unknown
        a CDK4/6 inhibitor since the cancer spread, and how long it kept the cancer under control
    chemo_for_secondary: none / one / two_or_more
        how many chemotherapy treatments since the cancer spread
    her2_for_secondary: none / one / two_or_more
        how many HER2 targeted treatments since the cancer spread
    anthracycline_ever, taxane_ever: yes / no
        that kind of chemotherapy at any time, including before the cancer spread
    brca_type: inherited / tumour_only
        a BRCA change the person was born with, or one found only in the cancer
    pdl1_test: sp142 / cps10 / both
        which PD-L1 test was positive: SP142 (1% or more, atezolizumab's) or 22C3 with a
        combined positive score of 10 or more (pembrolizumab's)
Lists (any of the values, ``[]`` for none):
    spread, problems: where the cancer is and problems it causes
    previous: the first version's history list (hormonal_therapy, cdk46_inhibitor,
        chemotherapy_for_secondary, her2_targeted_therapy), still accepted; the history keys
        above say more and are used together with it
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

UNKNOWN = "unknown"
MARKER_KEYS = ("er", "pr", "her2", "pdl1", "brca", "pik3ca", "esr1", "akt1_pten")
MARKER_VALUES = ("positive", "negative", UNKNOWN)
MENOPAUSE_VALUES = ("pre", "post", "not_applicable", UNKNOWN)
# One choice each; "unknown" is always allowed as well.
HISTORY_VALUES: dict[str, tuple[str, ...]] = {
    "hormone_for_secondary": ("none", "with_ai", "without_ai"),
    "cdk46_for_secondary": ("none", "12_months_or_more", "under_12_months", "yes_length_unknown"),
    "chemo_for_secondary": ("none", "one", "two_or_more"),
    "her2_for_secondary": ("none", "one", "two_or_more"),
    "anthracycline_ever": ("yes", "no"),
    "taxane_ever": ("yes", "no"),
    "brca_type": ("inherited", "tumour_only"),
    "pdl1_test": ("sp142", "cps10", "both"),
}
HISTORY_KEYS = tuple(HISTORY_VALUES)
LIST_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "spread": ("bone", "brain", "liver", "lung", "skin", "lymph_nodes", "other"),
    "problems": (
        "weakened_bone",
        "spinal_cord_compression",
        "single_brain_tumour",
        "liver_one_area",
        "fluid_on_lung",
        "skin_wound",
        "high_calcium",
        "limited_spread_good_response",
    ),
    "previous": (
        "hormonal_therapy",
        "cdk46_inhibitor",
        "chemotherapy_for_secondary",
        "her2_targeted_therapy",
    ),
}
PROFILE_KEYS = (*MARKER_KEYS, "menopause", *HISTORY_KEYS, *LIST_VOCABULARIES)
CHOICE_VALUES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(MARKER_KEYS, MARKER_VALUES),
    "menopause": MENOPAUSE_VALUES,
    **{key: (*values, UNKNOWN) for key, values in HISTORY_VALUES.items()},
}


class ProfileError(ValueError):
    """A profile with a key or value outside the contract."""


@dataclass(frozen=True)
class Profile:
    er: str = UNKNOWN
    pr: str = UNKNOWN
    her2: str = UNKNOWN
    pdl1: str = UNKNOWN
    brca: str = UNKNOWN
    pik3ca: str = UNKNOWN
    esr1: str = UNKNOWN
    akt1_pten: str = UNKNOWN
    menopause: str = UNKNOWN
    hormone_for_secondary: str = UNKNOWN
    cdk46_for_secondary: str = UNKNOWN
    chemo_for_secondary: str = UNKNOWN
    her2_for_secondary: str = UNKNOWN
    anthracycline_ever: str = UNKNOWN
    taxane_ever: str = UNKNOWN
    brca_type: str = UNKNOWN
    pdl1_test: str = UNKNOWN
    spread: frozenset[str] | None = None  # None = unknown; empty = none
    problems: frozenset[str] | None = None
    previous: frozenset[str] | None = None

    def value(self, key: str) -> Any:
        return getattr(self, key)

    def is_known(self, key: str) -> bool:
        value = self.value(key)
        return value is not None and value != UNKNOWN

    def as_dict(self) -> dict[str, Any]:
        """The contract form: unknown keys left out, lists sorted."""
        out: dict[str, Any] = {}
        for key in PROFILE_KEYS:
            value = self.value(key)
            if value is None or value == UNKNOWN:
                continue
            out[key] = sorted(value) if isinstance(value, frozenset) else value
        return out


def parse_profile(data: Mapping[str, Any] | None) -> Profile:
    """Check a profile against the contract and return it; raise ProfileError naming the problem."""
    if data is None:
        return Profile()
    if not isinstance(data, Mapping):
        raise ProfileError("The profile must be a JSON object.")
    unknown_keys = sorted(set(data) - set(PROFILE_KEYS), key=str)
    if unknown_keys:
        raise ProfileError(f"Unknown profile key: {', '.join(map(str, unknown_keys))}")
    values: dict[str, Any] = {}
    for key, allowed in CHOICE_VALUES.items():
        values[key] = _choice(data, key, allowed)
    for key, vocabulary in LIST_VOCABULARIES.items():
        values[key] = _items(data, key, vocabulary)
    return Profile(**values)


def contract_help() -> str:
    """The whole contract in a few lines, for ``manage.py options --help``."""
    lines = [f"{key}: {' / '.join(values)}" for key, values in CHOICE_VALUES.items()]
    lines += [
        f"{key}: a list of {', '.join(vocabulary)} ([] for none)"
        for key, vocabulary in LIST_VOCABULARIES.items()
    ]
    return "; ".join(lines)


def _choice(data: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = data.get(key, UNKNOWN)
    if value is None:
        return UNKNOWN
    if not isinstance(value, str) or value not in allowed:
        raise ProfileError(
            f"Unknown value for {key}: {value!r} (expected one of {', '.join(allowed)})"
        )
    return value


def _items(data: Mapping[str, Any], key: str, vocabulary: tuple[str, ...]) -> frozenset[str] | None:
    value = data.get(key)
    if value is None or value == UNKNOWN:
        return None
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f'{key} must be a list, e.g. ["{vocabulary[0]}"], or "unknown"')
    bad = sorted(set(value) - set(vocabulary))
    if bad:
        raise ProfileError(
            f"Unknown value for {key}: {', '.join(bad)} (expected any of {', '.join(vocabulary)})"
        )
    return frozenset(value)
