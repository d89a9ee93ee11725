"""What each document shows, built from the same journey presenters as the web pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decision_aid.content.profile import HISTORY_KEYS, LIST_VOCABULARIES, MARKER_KEYS
from decision_aid.journey import presenters as journey_presenters
from decision_aid.journey import questions as q
from decision_aid.journey.presenters import OptionCard
from decision_aid.journey.steps import JourneyState
from decision_aid.journey.summary import (
    NOT_ANSWERED,
    PatientCopyContent,
    RecordSummary,
    TeamDecision,
    own_words,
    patient_copy_content,
    record_summary,
    team_decision,
)

MARKER_NAMES = {"er": gettext_lazy("ER"), "pr": gettext_lazy("PR"), "her2": gettext_lazy("HER2"),
                "pdl1": gettext_lazy("PD-L1"), "brca": gettext_lazy("BRCA"),
                "pik3ca": gettext_lazy("PIK3CA"), "esr1": gettext_lazy("ESR1"),
                "akt1_pten": gettext_lazy("AKT1/PTEN")}  # fmt: skip
HISTORY_NAMES = {
    "hormone_for_secondary": gettext_lazy("Hormone therapy (secondary)"),
    "cdk46_for_secondary": gettext_lazy("CDK4/6 inhibitor (secondary)"),
    "chemo_for_secondary": gettext_lazy("Chemotherapy lines (secondary)"),
    "her2_for_secondary": gettext_lazy("HER2 lines (secondary)"),
    "anthracycline_ever": gettext_lazy("Anthracycline ever"),
    "taxane_ever": gettext_lazy("Taxane ever"),
    "brca_type": gettext_lazy("BRCA change"),
    "pdl1_test": gettext_lazy("PD-L1 test positive"),
}
LIST_NAMES = {
    "spread": gettext_lazy("Spread"),
    "problems": gettext_lazy("Problems"),
    "previous": gettext_lazy("Previous treatment"),
}
# The MDT summary's short words for a profile value (markers and menopause).
VALUE_WORDS = {
    "positive": gettext_lazy("Positive"),
    "negative": gettext_lazy("Negative"),
    "pre": gettext_lazy("Pre"),
    "post": gettext_lazy("Post"),
    "not_applicable": gettext_lazy("Not applicable"),
    "with_ai": gettext_lazy("Yes, with an AI"),
    "without_ai": gettext_lazy("Yes, no AI"),
    "none": gettext_lazy("None"),
    "12_months_or_more": gettext_lazy("Yes, 12 months or more"),
    "under_12_months": gettext_lazy("Yes, under 12 months"),
    "yes_length_unknown": gettext_lazy("Yes, how long not known"),
    "one": gettext_lazy("One"),
    "two_or_more": gettext_lazy("Two or more"),
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "inherited": gettext_lazy("Inherited"),
    "tumour_only": gettext_lazy("In the tumour only"),
    "sp142": gettext_lazy("SP142 (atezolizumab)"),
    "cps10": gettext_lazy("22C3, CPS 10+ (pembrolizumab)"),
    "both": gettext_lazy("Both tests"),
}


@dataclass(frozen=True)
class ProfileLine:
    label: str
    value: str
    source: str  # "team" or "patient" (who entered it)
    known: bool = True  # False for "Not known" and "Not answered": listed together, by name


@dataclass(frozen=True)
class DocumentMeta:
    reference: str
    title: str
    generated: datetime
    content_release: int

    @property
    def generated_text(self) -> str:
        return _("Generated %(when)s · content release %(release)s") % {
            "when": f"{timezone.localtime(self.generated):%-d %b %Y %H:%M}",
            "release": self.content_release,
        }


@dataclass(frozen=True)
class PatientCopy:
    meta: DocumentMeta
    copy: PatientCopyContent


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
    # Moved to a newer content release, and the patient has not looked at the updated options.
    content_updated_at: object = None
    # Review M7 (issue 16 item 6): her own words about each option, which SURE questions she
    # did not answer "yes", and the knowledge check with what was left blank.
    own_words: dict = field(default_factory=dict)  # slug: (hopes, worries)
    sure_not_yes: tuple[str, ...] = ()
    knowledge_text: str = ""
    # Which version of her answers this shows (issue 16 item 5: the team sees only what she sent).
    sent_text: str = ""
    # After the meeting (issue 16 item 6; PRSB): what was decided, who will tell her, by when.
    decision: TeamDecision | None = None


def _label(choices, value) -> str:
    return str({c.value: c.label for c in choices}.get(value, value or NOT_ANSWERED))


def profile_lines(state: JourneyState) -> list[ProfileLine]:
    team = state.record.team_profile or {}
    answers = state.answers
    lines = []
    vocab_labels = {
        "spread": {c.value: c.label for c in q.SPREAD_CHOICES},
        "problems": {c.value: c.label for c in q.PROBLEM_CHOICES},
        "previous": {c.value: c.label for c in q.PREVIOUS_CHOICES},
    }
    for key in (*MARKER_KEYS, "menopause", *HISTORY_KEYS, *LIST_VOCABULARIES):
        if key == "previous" and key not in team and key not in answers:
            continue  # the first version's list: shown only for records that have it
        source = "team" if key in team else "patient"
        value = team[key] if key in team else answers.get(key)
        if value is None:
            text = str(NOT_ANSWERED)
        elif isinstance(value, list):
            if "unknown" in value:
                text = _("Not known")
            else:
                items = [str(vocab_labels[key].get(v, v)) for v in value if v != q.NONE_OF_THESE]
                text = "; ".join(items) or _("None")
        elif value == "unknown":
            text = _("Not known")
        else:
            text = str(VALUE_WORDS.get(value) or value.replace("_", " ").capitalize())
        label = (
            MARKER_NAMES.get(key) or HISTORY_NAMES.get(key) or LIST_NAMES.get(key) or _("Menopause")
        )
        known = (
            value is not None
            and value != "unknown"
            and not (isinstance(value, list) and "unknown" in value)
        )
        lines.append(ProfileLine(str(label), text, source, known))
    return lines


def _meta(state: JourneyState, title: str, reference: str) -> DocumentMeta:
    return DocumentMeta(reference, title, timezone.now(), state.record.content_release_id)


def patient_copy(state: JourneyState) -> PatientCopy:
    return PatientCopy(
        meta=_meta(state, _("Your treatment choices: your summary"), _("Your summary")),
        copy=patient_copy_content(state),
    )


def _journey_text(answers: dict) -> str:
    """The journey in one line: each combination of what is known is one whole message."""
    minutes, cost = answers.get("journey_minutes"), answers.get("cost_per_trip")
    if minutes is None:
        if cost:
            return _("Not answered, £%(cost)s a trip") % {"cost": cost}
        return str(NOT_ANSWERED)
    values = {
        "minutes": minutes,
        "travel": _label(q.TRAVEL_CHOICES, answers.get("travel_mode")).lower(),
        "hard": _label(q.JOURNEY_HARD_CHOICES, answers.get("journey_hard")).lower(),
        "cost": cost,
    }
    if cost:
        return _("%(minutes)s min one way, %(travel)s, hard: %(hard)s, £%(cost)s a trip") % values
    return _("%(minutes)s min one way, %(travel)s, hard: %(hard)s") % values


@dataclass(frozen=True)
class NotSentLine:
    """A patient in the pack who has sent nothing yet: her reference and status, no answers."""

    reference: str
    status: str


def not_sent_line(record) -> NotSentLine:
    return NotSentLine(reference=record.case.reference, status=record.get_status_display())


def mdt_summary(state: JourneyState) -> MdtSummary:
    record = state.record
    case = record.case
    answers = state.answers
    journey = _journey_text(answers)
    summary = record_summary(state)
    reviewed = _("Not reviewed yet")
    if case.reviewed_at and case.reviewed_by:
        when = timezone.localtime(case.reviewed_at)
        reviewed = _("Reviewed by %(user)s on %(date)s") % {
            "user": case.reviewed_by.get_username(),
            "date": f"{when:%-d %b %Y}",
        }
    return MdtSummary(
        meta=_meta(
            state,
            _("MDT summary: patient preferences"),
            _("Patient %(reference)s") % {"reference": case.reference},
        ),
        team_name=record.team.name if record.team else "",
        mdt_date=case.mdt_date,
        status=record.get_status_display(),
        profile=profile_lines(state),
        summary=summary,
        options_considered=state.shortlist_cards,
        decide_how=_label(q.DECIDE_HOW_CHOICES, answers.get("decide_how")),
        survival_talk=_label(q.SURVIVAL_TALK_CHOICES, answers.get("survival_talk")),
        journey=journey,
        notes=list(case.notes.select_related("author")),
        reviewed=reviewed,
        answers=answers,
        content_updated_at=record.content_updated_at,
        sent_text=journey_presenters.sent_version_text(record),
        decision=team_decision(record),
        own_words=own_words(state),
        sure_not_yes=tuple(
            str(SURE_SHORT[key])
            if answers.get(key)
            else _("%(item)s (not answered)") % {"item": SURE_SHORT[key]}
            for key, _label_text in q.SURE_QUESTIONS
            if answers.get(key) != "yes"
        ),
        knowledge_text=journey_presenters.knowledge_text(summary.scores),
    )


# The four SURE questions, as the team reads them (Légaré et al.).
SURE_SHORT = {
    "sure_sure": gettext_lazy("Sure of the best choice"),
    "sure_understand": gettext_lazy("Knows benefits and risks"),
    "sure_risk_benefit": gettext_lazy("Clear about what matters most"),
    "sure_encouragement": gettext_lazy("Enough support and advice"),
}
