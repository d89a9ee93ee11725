"""What each document shows, built from the same journey presenters as the web pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from decision_aid.content.profile import LIST_VOCABULARIES, MARKER_KEYS
from decision_aid.journey import questions as q
from decision_aid.journey.presenters import OptionCard
from decision_aid.journey.steps import JourneyState
from decision_aid.journey.summary import NOT_ANSWERED, RecordSummary, record_summary

MARKER_NAMES = {"er": "ER", "pr": "PR", "her2": "HER2", "pdl1": "PD-L1", "brca": "BRCA",
                "pik3ca": "PIK3CA"}  # fmt: skip
LIST_NAMES = {"spread": "Spread", "problems": "Problems", "previous": "Previous treatment"}


@dataclass(frozen=True)
class ProfileLine:
    label: str
    value: str
    source: str  # "team" or "patient" (who entered it)


@dataclass(frozen=True)
class DocumentMeta:
    reference: str
    title: str
    generated: datetime
    content_release: int

    @property
    def generated_text(self) -> str:
        return (
            f"Generated {timezone.localtime(self.generated):%-d %b %Y %H:%M} · "
            f"content release {self.content_release}"
        )


@dataclass(frozen=True)
class PatientCopy:
    meta: DocumentMeta
    summary: RecordSummary
    cards: list[OptionCard]
    journey_minutes: int | None
    answers: dict


@dataclass(frozen=True)
class MdtSummary:
    meta: DocumentMeta
    team_name: str
    mdt_date: object
    status: str
    profile: list[ProfileLine]
    summary: RecordSummary
    options_considered: list[OptionCard]
    decide_how: str
    survival_talk: str
    journey: str
    notes: list
    reviewed: str
    answers: dict


def _label(choices, value) -> str:
    return {c.value: c.label for c in choices}.get(value, value or NOT_ANSWERED)


def profile_lines(state: JourneyState) -> list[ProfileLine]:
    team = state.record.team_profile or {}
    answers = state.answers
    lines = []
    vocab_labels = {
        "spread": {c.value: c.label for c in q.SPREAD_CHOICES},
        "problems": {c.value: c.label for c in q.PROBLEM_CHOICES},
        "previous": {c.value: c.label for c in q.PREVIOUS_CHOICES},
    }
    for key in (*MARKER_KEYS, "menopause", *LIST_VOCABULARIES):
        source = "team" if key in team else "patient"
        value = team[key] if key in team else answers.get(key)
        if value is None:
            text = NOT_ANSWERED
        elif isinstance(value, list):
            if "unknown" in value:
                text = "Not known"
            else:
                items = [vocab_labels[key].get(v, v) for v in value if v != q.NONE_OF_THESE]
                text = "; ".join(items) or "None"
        elif value == "unknown":
            text = "Not known"
        else:
            text = value.replace("_", " ").capitalize()
        label = MARKER_NAMES.get(key) or LIST_NAMES.get(key) or "Menopause"
        lines.append(ProfileLine(label, text, source))
    return lines


def _meta(state: JourneyState, title: str, reference: str) -> DocumentMeta:
    return DocumentMeta(reference, title, timezone.now(), state.record.content_release_id)


def patient_copy(state: JourneyState) -> PatientCopy:
    return PatientCopy(
        meta=_meta(state, "Your treatment choices: your summary", "Your summary"),
        summary=record_summary(state),
        cards=state.shortlist_cards,
        journey_minutes=state.journey_minutes,
        answers=state.answers,
    )


def mdt_summary(state: JourneyState) -> MdtSummary:
    record = state.record
    case = record.case
    answers = state.answers
    minutes = answers.get("journey_minutes")
    journey = (
        f"{minutes} min one way, {_label(q.TRAVEL_CHOICES, answers.get('travel_mode')).lower()}, "
        f"hard: {_label(q.JOURNEY_HARD_CHOICES, answers.get('journey_hard')).lower()}"
        if minutes is not None
        else NOT_ANSWERED
    )
    if answers.get("cost_per_trip"):
        journey += f", £{answers['cost_per_trip']} a trip"
    reviewed = "Not reviewed yet"
    if case.reviewed_at and case.reviewed_by:
        when = timezone.localtime(case.reviewed_at)
        reviewed = f"Reviewed by {case.reviewed_by.get_username()} on {when:%-d %b %Y}"
    return MdtSummary(
        meta=_meta(state, "MDT summary: patient preferences", f"Patient {case.reference}"),
        team_name=record.team.name if record.team else "",
        mdt_date=case.mdt_date,
        status=record.get_status_display(),
        profile=profile_lines(state),
        summary=record_summary(state),
        options_considered=state.shortlist_cards,
        decide_how=_label(q.DECIDE_HOW_CHOICES, answers.get("decide_how")),
        survival_talk=_label(q.SURVIVAL_TALK_CHOICES, answers.get("survival_talk")),
        journey=journey,
        notes=list(case.notes.select_related("author")),
        reviewed=reviewed,
        answers=answers,
    )
