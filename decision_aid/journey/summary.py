"""A record's answers as readable sections: for check-answers, the patient's summary, the
nurse's view and the PDFs (one presenter, so they always agree)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from decision_aid.journey import questions as q
from decision_aid.journey.forms import (
    AboutYourCancerForm,
    GettingToHospitalForm,
    LeaningForm,
    WhatMattersForm,
)

NOT_ANSWERED = "Not answered"
KNOWLEDGE_LABELS = {c.value: c.label for c in q.KNOWLEDGE_CHOICES}


@dataclass(frozen=True)
class SummaryRow:
    key: str  # the answer key (and form field name)
    label: str
    value: str
    from_team: bool = False
    lines: tuple[str, ...] = ()  # for answers with several parts (lists, questions)


@dataclass
class SummarySection:
    title: str
    step_slug: str
    rows: list[SummaryRow] = field(default_factory=list)

    def change_url(self, row: SummaryRow) -> str:
        return reverse("journey:step", args=[self.step_slug]) + f"?change=1#id_{row.key}"


@dataclass(frozen=True)
class Scores:
    sure_score: int | None  # 0-4, None until all four are answered
    knowledge_correct: int
    knowledge_answered: int
    knowledge_total: int

    @property
    def sure_flag(self) -> bool:
        return self.sure_score is not None and self.sure_score <= 3


@dataclass
class RecordSummary:
    sections: list[SummarySection]
    scores: Scores
    top_matters: list[str]
    leaning_text: str
    questions: list[str]
    shortlist_names: list[str]


def _choice_label(form_field, value: Any) -> str:
    labels = {str(k): str(v) for k, v in form_field.choices}
    if isinstance(value, list):
        return "; ".join(labels.get(v, v) for v in value) if value else "None"
    return labels.get(str(value), str(value))


def _rows_from_form(form, answers: dict[str, Any], team: dict[str, Any]) -> list[SummaryRow]:
    rows = []
    for name, form_field in form.fields.items():
        from_team = name in team
        value = team[name] if from_team else answers.get(name)
        if value in (None, "", []):
            text = NOT_ANSWERED
        elif hasattr(form_field, "choices"):
            text = _choice_label(form_field, value)
        elif name == "cost_per_trip":
            text = f"£{value}"
        elif name == "journey_minutes":
            text = f"{value} minutes"
        else:
            text = str(value)
        rows.append(SummaryRow(name, str(form_field.label), text, from_team))
    return rows


def scores(answers: dict[str, Any], statements) -> Scores:
    from decision_aid.journey.services import sure_score as score_of

    sure_score = score_of(answers)
    answered = [s for s in statements if answers.get(f"knowledge_{s.key}") in {"true", "false"}]
    correct = sum(1 for s in answered if (answers[f"knowledge_{s.key}"] == "true") == s.answer)
    return Scores(sure_score, correct, len(answered), len(statements))


def record_summary(state) -> RecordSummary:
    answers, team = state.answers, state.record.team_profile or {}
    context = state.form_context()
    names = {
        c.slug: c.option.name for c in state.options_page.cards + state.options_page.unsuitable
    }

    def names_of(key: str) -> list[str]:
        return [names.get(slug, slug) for slug in answers.get(key) or []]

    sections = [
        SummarySection("About your cancer", "about-your-cancer",
                       _rows_from_form(AboutYourCancerForm(context=context), answers, team)),
        SummarySection("What matters to you", "what-matters",
                       _rows_from_form(WhatMattersForm(context=context), answers, {})),
        SummarySection("Getting to hospital", "getting-to-hospital",
                       _rows_from_form(GettingToHospitalForm(context=context), answers, {})),
    ]  # fmt: skip
    shortlist = names_of("shortlist")
    sections.append(
        SummarySection("Your options", "your-options", [
            SummaryRow("shortlist", "Options you looked at closely",
                       "; ".join(shortlist) or NOT_ANSWERED, lines=tuple(shortlist)),
        ])
    )  # fmt: skip
    compared = names_of("compare")
    sections.append(
        SummarySection("Compare your options", "compare", [
            SummaryRow("compare", "Options you compared", "; ".join(compared) or NOT_ANSWERED,
                       lines=tuple(compared)),
        ])
    )  # fmt: skip
    weigh = SummarySection("Weigh up your options", "weigh-up")
    for card in state.shortlist_cards:
        for kind, label in (("pros", "What you like about"), ("cons", "What worries you about")):
            key = f"{kind}_{card.slug}"
            weigh.rows.append(
                SummaryRow(key, f"{label} {card.option.name}", answers.get(key) or NOT_ANSWERED)
            )
    sections.append(weigh)
    knowledge = SummarySection("Check what you know", "check-what-you-know")
    for statement in state.statements:
        key = f"knowledge_{statement.key}"
        knowledge.rows.append(
            SummaryRow(key, statement.statement,
                       KNOWLEDGE_LABELS.get(answers[key], answers[key]) if key in answers
                       else NOT_ANSWERED)
        )  # fmt: skip
    sections.append(knowledge)
    leaning_rows = _rows_from_form(LeaningForm(context=context), answers, {})
    sections.append(SummarySection("Where you are leaning", "where-you-are-leaning", leaning_rows))
    selected = {s.key: s.text for s in state.suggested}
    chosen_questions = [
        selected[k] for k in answers.get("questions_selected") or [] if k in selected
    ]
    own = [
        line.strip() for line in (answers.get("questions_own") or "").splitlines() if line.strip()
    ]
    sections.append(
        SummarySection("Questions for your team", "questions", [
            SummaryRow("questions_selected", "Suggested questions you chose",
                       "; ".join(chosen_questions) or NOT_ANSWERED, lines=tuple(chosen_questions)),
            SummaryRow("questions_own", "Your own questions", "; ".join(own) or NOT_ANSWERED,
                       lines=tuple(own)),
        ])
    )  # fmt: skip
    top = [
        i.label for level in ("very_much", "quite_a_lot") for i in q.MATTERS_ITEMS
        if answers.get(f"matters_{i.key}") == level
    ]  # fmt: skip
    leaning_label = dict((c.value, c.label) for c in q.LEANING_CHOICES).get(
        answers.get("leaning", ""), NOT_ANSWERED
    )
    leaning_names = names_of("leaning_options")
    leaning_text = leaning_label + (f": {', '.join(leaning_names)}" if leaning_names else "")
    return RecordSummary(
        sections=sections,
        scores=scores(answers, state.statements),
        top_matters=top,
        leaning_text=leaning_text,
        questions=chosen_questions + own,
        shortlist_names=shortlist,
    )
