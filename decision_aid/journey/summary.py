"""A record's answers as readable sections: for check-answers, the patient's summary, the
nurse's view and the PDFs (one presenter, so they always agree)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from decision_aid.journey import questions as q
from decision_aid.journey.forms import (
    AboutYourCancerForm,
    GettingToHospitalForm,
    LeaningForm,
    WhatMattersForm,
)

NOT_ANSWERED = gettext_lazy("Not answered")
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
    sure_score: int | None  # 0-4, None until a question is answered (a blank scores 0)
    knowledge_correct: int
    knowledge_answered: int
    knowledge_total: int
    sure_answered: int = 4  # how many of the four SURE questions were answered

    @property
    def sure_unanswered(self) -> int:
        return 4 - self.sure_answered if self.sure_score is not None else 0

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
        return "; ".join(labels.get(v, v) for v in value) if value else _("None")
    return labels.get(str(value), str(value))


def _rows_from_form(form, answers: dict[str, Any], team: dict[str, Any]) -> list[SummaryRow]:
    rows = []
    for name, form_field in form.fields.items():
        from_team = name in team
        value = team[name] if from_team else answers.get(name)
        if value in (None, "", []):
            text = str(NOT_ANSWERED)
        elif hasattr(form_field, "choices"):
            text = _choice_label(form_field, value)
        elif name == "cost_per_trip":
            text = _("£%(amount)s") % {"amount": value}
        elif name == "journey_minutes":
            text = ngettext("%(minutes)s minute", "%(minutes)s minutes", _whole(value)) % {
                "minutes": value
            }
        else:
            text = str(value)
        rows.append(SummaryRow(name, str(form_field.label), text, from_team))
    return rows


def _whole(value: Any) -> int:
    """A stored number as the whole number that chooses a plural form."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def scores(answers: dict[str, Any], statements) -> Scores:
    from decision_aid.journey.services import sure_answered
    from decision_aid.journey.services import sure_score as score_of

    sure_score = score_of(answers)
    answered = [s for s in statements if answers.get(f"knowledge_{s.key}") in {"true", "false"}]
    correct = sum(1 for s in answered if (answers[f"knowledge_{s.key}"] == "true") == s.answer)
    return Scores(sure_score, correct, len(answered), len(statements), sure_answered(answers))


def record_summary(state) -> RecordSummary:
    answers, team = state.answers, state.record.team_profile or {}
    context = state.form_context()
    names = {
        c.slug: c.option.name for c in state.options_page.cards + state.options_page.unsuitable
    }

    def names_of(key: str) -> list[str]:
        return [names.get(slug, slug) for slug in answers.get(key) or []]

    not_answered = str(NOT_ANSWERED)
    sections = [
        SummarySection(_("About your cancer"), "about-your-cancer",
                       _rows_from_form(AboutYourCancerForm(context=context), answers, team)),
        SummarySection(_("What matters to you"), "what-matters",
                       _rows_from_form(WhatMattersForm(context=context), answers, {})),
        SummarySection(_("Getting to hospital"), "getting-to-hospital",
                       _rows_from_form(GettingToHospitalForm(context=context), answers, {})),
    ]  # fmt: skip
    shortlist = names_of("shortlist")
    sections.append(
        SummarySection(_("Your options"), "your-options", [
            SummaryRow("shortlist", _("Options you looked at closely"),
                       "; ".join(shortlist) or not_answered, lines=tuple(shortlist)),
        ])
    )  # fmt: skip
    compared = names_of("compare")
    sections.append(
        SummarySection(_("Compare your options"), "compare", [
            SummaryRow("compare", _("Options you compared"), "; ".join(compared) or not_answered,
                       lines=tuple(compared)),
        ])
    )  # fmt: skip
    weigh = SummarySection(_("Weigh up your options"), "weigh-up")
    for card in state.shortlist_cards:
        labels = (
            ("pros", _("What you like about %(option)s")),
            ("cons", _("What worries you about %(option)s")),
        )
        for kind, label in labels:
            key = f"{kind}_{card.slug}"
            weigh.rows.append(
                SummaryRow(key, label % {"option": card.option.name},
                           answers.get(key) or not_answered)
            )  # fmt: skip
    sections.append(weigh)
    knowledge = SummarySection(_("Check what you know"), "check-what-you-know")
    for statement in state.statements:
        key = f"knowledge_{statement.key}"
        knowledge.rows.append(
            SummaryRow(key, statement.statement,
                       str(KNOWLEDGE_LABELS.get(answers[key], answers[key])) if key in answers
                       else not_answered)
        )  # fmt: skip
    sections.append(knowledge)
    leaning_rows = _rows_from_form(LeaningForm(context=context), answers, {})
    sections.append(
        SummarySection(_("Where you are leaning"), "where-you-are-leaning", leaning_rows)
    )
    selected = {s.key: s.text for s in state.suggested}
    chosen_questions = [
        selected[k] for k in answers.get("questions_selected") or [] if k in selected
    ]
    own = [
        line.strip() for line in (answers.get("questions_own") or "").splitlines() if line.strip()
    ]
    sections.append(
        SummarySection(_("Questions for your team"), "questions", [
            SummaryRow("questions_selected", _("Suggested questions you chose"),
                       "; ".join(chosen_questions) or not_answered, lines=tuple(chosen_questions)),
            SummaryRow("questions_own", _("Your own questions"), "; ".join(own) or not_answered,
                       lines=tuple(own)),
        ])
    )  # fmt: skip
    top = [
        str(i.label) for level in ("very_much", "quite_a_lot") for i in q.MATTERS_ITEMS
        if answers.get(f"matters_{i.key}") == level
    ]  # fmt: skip
    leaning_label = str(
        dict((c.value, c.label) for c in q.LEANING_CHOICES).get(
            answers.get("leaning", ""), not_answered
        )
    )
    leaning_names = names_of("leaning_options")
    if leaning_names:
        # "Between some options: Fulvestrant, Paclitaxel" (the names are a list, as data).
        leaning_text = _("%(leaning)s: %(options)s") % {
            "leaning": leaning_label,
            "options": ", ".join(leaning_names),
        }
    else:
        leaning_text = leaning_label
    return RecordSummary(
        sections=sections,
        scores=scores(answers, state.statements),
        top_matters=top,
        leaning_text=leaning_text,
        questions=chosen_questions + own,
        shortlist_names=shortlist,
    )
