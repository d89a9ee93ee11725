"""The clinical profile contract shared by the eligibility engine, the journey and the clinic.

Keys ``er``, ``pr``, ``her2``, ``pdl1``, ``brca``, ``pik3ca`` take positive / negative / unknown;
``menopause`` takes pre / post / not_applicable / unknown; ``spread``, ``problems`` and
``previous`` are lists drawn from fixed vocabularies. A missing key (or ``"unknown"``) means
unknown; an empty list means "none".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

UNKNOWN = "unknown"
MARKER_KEYS = ("er", "pr", "her2", "pdl1", "brca", "pik3ca")
MARKER_VALUES = ("positive", "negative", UNKNOWN)
MENOPAUSE_VALUES = ("pre", "post", "not_applicable", UNKNOWN)
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
PROFILE_KEYS = (*MARKER_KEYS, "menopause", *LIST_VOCABULARIES)


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
    menopause: str = UNKNOWN
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
    unknown_keys = sorted(set(data) - set(PROFILE_KEYS))
    if unknown_keys:
        raise ProfileError(f"Unknown profile key: {', '.join(unknown_keys)}")
    values: dict[str, Any] = {}
    for key in MARKER_KEYS:
        values[key] = _choice(data, key, MARKER_VALUES)
    values["menopause"] = _choice(data, "menopause", MENOPAUSE_VALUES)
    for key, vocabulary in LIST_VOCABULARIES.items():
        values[key] = _items(data, key, vocabulary)
    return Profile(**values)


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
