"""Typed, read-only views of a published catalogue (a content release's snapshot).

The patient journey, the eligibility engine, the burden calculator and the PDFs all read these,
never the editable tables, so what a patient saw can always be shown again exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from decision_aid.content.question_bank import QuestionBank, bank_from_data


@dataclass(frozen=True)
class ScheduleSpec:
    kind: str
    summary: str
    cycle_days: int = 0
    treatment_days: tuple[int, ...] = ()
    loading_days: tuple[int, ...] = ()
    first_cycle_day: int = 1
    course_days: tuple[int, ...] = ()
    given_at_hospital: bool = False
    hours_at_hospital: float = 0.0
    stay_nights: int = 0
    review_every_days: int = 0


@dataclass(frozen=True)
class TestSpec:
    name: str
    every_days: int
    where: str
    with_treatment: bool
    detail: str = ""
    # Set days (1-84) for checks only at set times, e.g. extra blood tests in the first 2 months;
    # then every_days is 0. Absent from snapshots published before content release 2.
    on_days: tuple[int, ...] = ()


@dataclass(frozen=True)
class SideEffectContent:
    key: str
    name: str
    explanation: str
    what_helps: str
    frequency: str
    matters_tags: tuple[str, ...] = ()
    # How often, in the UK leaflet bands (content.models.Band); "" in releases from before bands.
    band: str = ""
    band_source: str = ""


@dataclass(frozen=True)
class SourceContent:
    citation: str
    url: str


EVIDENCE_KINDS = ("proportion", "time", "none")
EVIDENCE_PUBLIC_KEYS = ("kind", "statement", "per_100", "per_100_label", "compared_with", "source")


def public_evidence(data: dict[str, Any] | None) -> dict[str, Any]:
    """An option's evidence as releases keep it: without the team's ``quote`` of the source."""
    return {k: v for k, v in (data or {}).items() if k in EVIDENCE_PUBLIC_KEYS and v is not None}


@dataclass(frozen=True)
class EvidenceContent:
    """What an option can do: a number only where a primary UK source gives one (issue 15).

    ``kind`` is "proportion" (``per_100`` people out of 100, drawn as an icon array), "time" (an
    average gain in months, in ``statement``) or "none" (``statement`` says why there is no
    trustworthy number).
    """

    kind: str
    statement: str
    per_100: int | None = None
    per_100_label: str = ""
    compared_with: str = ""
    source: SourceContent | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> EvidenceContent | None:
        if not data:
            return None
        source = data.get("source")
        return cls(
            kind=data["kind"],
            statement=data["statement"],
            per_100=data.get("per_100"),
            per_100_label=data.get("per_100_label") or "",
            compared_with=data.get("compared_with") or "",
            source=SourceContent(**source) if source else None,
        )


def short_option_name(name: str) -> str:
    short = re.sub(r"\s*\([^)]*\)", "", name.split(":")[0])
    return " ".join(short.split()) or name


@dataclass(frozen=True)
class OptionContent:
    slug: str
    name: str
    group: str
    summary: str
    who_for: str
    route: str
    settings: tuple[str, ...]
    how_given: str
    schedule: ScheduleSpec
    tests: tuple[TestSpec, ...]
    benefits: tuple[str, ...]
    living_physical: str
    living_emotional: str
    living_social: str
    side_effects: tuple[SideEffectContent, ...]
    few_side_effects: bool
    hair_loss: str
    hair_loss_text: str
    stopping: str
    sources: tuple[SourceContent, ...]
    reviewed_on: date
    next_review: date
    reviewer: str
    drugs: tuple[str, ...] = ()
    pregnancy: str = ""  # absent from snapshots published before content release 2
    evidence: EvidenceContent | None = None  # absent before content release 3

    @property
    def short_name(self) -> str:
        """The name without its brackets or what follows a colon: "Aromatase inhibitors" for
        "Aromatase inhibitors (anastrozole, letrozole or exemestane)", "No cancer treatment"
        for "No cancer treatment: symptom control and support". For tables and lists that
        repeat a name many times; the full name is on the overview and the option's page."""
        return short_option_name(self.name)


@dataclass(frozen=True)
class GroupContent:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Catalogue:
    release_id: int
    groups: tuple[GroupContent, ...]
    options: tuple[OptionContent, ...]
    texts: dict[str, str] = field(default_factory=dict)
    # The question bank and knowledge statements (question_bank.py). None in a snapshot from
    # before catalogue edition 5: ``releases`` then gives the bank as it was when it first joined
    # a release, so ``catalogue_for`` and ``current_catalogue`` always carry one.
    bank: QuestionBank | None = None

    def option(self, slug: str) -> OptionContent:
        for option in self.options:
            if option.slug == slug:
                return option
        raise KeyError(slug)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(option.slug for option in self.options)


def catalogue_from_snapshot(release_id: int, snapshot: dict[str, Any]) -> Catalogue:
    def option(data: dict[str, Any]) -> OptionContent:
        schedule = dict(data["schedule"])
        for key in ("treatment_days", "loading_days", "course_days"):
            schedule[key] = tuple(schedule.get(key) or ())
        schedule["hours_at_hospital"] = float(schedule.get("hours_at_hospital") or 0)
        return OptionContent(
            slug=data["slug"],
            name=data["name"],
            group=data["group"],
            summary=data["summary"],
            who_for=data["who_for"],
            route=data["route"],
            settings=tuple(data["settings"]),
            how_given=data["how_given"],
            schedule=ScheduleSpec(**schedule),
            tests=tuple(
                TestSpec(**{**t, "on_days": tuple(t.get("on_days") or ())}) for t in data["tests"]
            ),
            benefits=tuple(data["benefits"]),
            living_physical=data["living_physical"],
            living_emotional=data["living_emotional"],
            living_social=data["living_social"],
            side_effects=tuple(
                SideEffectContent(**{**s, "matters_tags": tuple(s.get("matters_tags") or ())})
                for s in data["side_effects"]
            ),
            few_side_effects=data["few_side_effects"],
            hair_loss=data["hair_loss"],
            hair_loss_text=data["hair_loss_text"],
            stopping=data["stopping"],
            sources=tuple(SourceContent(**s) for s in data["sources"]),
            reviewed_on=date.fromisoformat(data["reviewed_on"]),
            next_review=date.fromisoformat(data["next_review"]),
            reviewer=data["reviewer"],
            drugs=tuple(data.get("drugs") or ()),
            pregnancy=data.get("pregnancy") or "",
            evidence=EvidenceContent.from_data(data.get("evidence")),
        )

    return Catalogue(
        release_id=release_id,
        groups=tuple(GroupContent(**g) for g in snapshot["groups"]),
        options=tuple(option(o) for o in snapshot["options"]),
        texts=dict(snapshot.get("texts") or {}),
        bank=bank_from_data(snapshot["bank"]) if "bank" in snapshot else None,
    )
