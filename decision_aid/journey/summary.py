"""A record's answers as readable sections: for check-answers, the patient's summary, the
nurse's view and the PDFs (one presenter, so they always agree)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from decision_aid.journey import questions as q
from decision_aid.journey import scoring
from decision_aid.journey.forms import (
    AboutYourCancerForm,
    FutureDateField,
    GettingToHospitalForm,
    LeaningForm,
    WhatMattersForm,
    YourDecisionForm,
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

    @property
    def answered_rows(self) -> list[SummaryRow]:
        return [row for row in self.rows if row.value != str(NOT_ANSWERED)]

    @property
    def unanswered_count(self) -> int:
        return len(self.rows) - len(self.answered_rows)

    @property
    def step_url(self) -> str:
        return reverse("journey:step", args=[self.step_slug]) + "?change=1"


@dataclass(frozen=True)
class Scores:
    """A record's scores as every page and PDF shows them; the rules are ``scoring``'s."""

    sure_score: int | None  # 0-4, None until a question is answered (a blank scores 0)
    knowledge_correct: int
    knowledge_answered: int
    knowledge_total: int
    sure_answered: int = 4  # how many of the four SURE questions were answered

    @property
    def sure_unanswered(self) -> int:
        return scoring.sure_unanswered(self.sure_score, self.sure_answered)

    @property
    def sure_flag(self) -> bool:
        return scoring.is_unsure(self.sure_score)

    @property
    def knowledge_unanswered(self) -> int:
        return self.knowledge_total - self.knowledge_answered


@dataclass
class RecordSummary:
    sections: list[SummarySection]
    scores: Scores
    top_matters: list[str]
    leaning_text: str
    questions: list[str]
    shortlist_names: list[str]
    tradeoff: str = ""  # her answer to the trade-off question, "" if not answered
    next_appointment: str = ""  # "24 December 2026", "" if not given


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
        # The team's form saves "None of these" as an empty list; hers saves it as ["none"], so
        # an empty list from her means she ticked nothing.
        if value in (None, "") or (value == [] and not from_team):
            text = str(NOT_ANSWERED)
        elif hasattr(form_field, "choices"):
            text = _choice_label(form_field, value)
        elif isinstance(form_field, FutureDateField):
            text = _date_text(value) or str(NOT_ANSWERED)
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


def _matters_rows(form, answers: dict[str, Any]) -> list[SummaryRow]:
    """What matters, grouped by how much (one row per level, not one per item: shorter to
    read and easier to see at a glance), then the other answers of the step."""
    rows = []
    for level in q.IMPORTANCE_CHOICES[::-1]:  # "Very much" first
        items = [i for i in q.MATTERS_ITEMS if answers.get(f"matters_{i.key}") == level.value]
        if items:
            labels = tuple(str(i.label) for i in items)
            rows.append(SummaryRow(f"matters_{items[0].key}", str(level.label),
                                   "; ".join(labels), lines=labels))  # fmt: skip
    blank = [i for i in q.MATTERS_ITEMS if not answers.get(f"matters_{i.key}")]
    if blank:
        rows.append(SummaryRow(f"matters_{blank[0].key}", str(NOT_ANSWERED), str(NOT_ANSWERED),
                               lines=tuple(str(i.label) for i in blank)))  # fmt: skip
    others = {name: f for name, f in form.fields.items() if not name.startswith("matters_")}
    others["matters_most"] = form.fields["matters_most"]
    for row in _rows_from_form(form, answers, {}):
        if row.key in others:
            rows.append(row)
    return rows


def _whole(value: Any) -> int:
    """A stored number as the whole number that chooses a plural form."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def scores(answers: dict[str, Any], statements) -> Scores:
    knowledge = scoring.knowledge_score(answers, statements)
    return Scores(scoring.sure_score(answers), knowledge.right, knowledge.answered,
                  knowledge.total, scoring.sure_answered(answers))  # fmt: skip


def record_summary(state) -> RecordSummary:
    answers, team = state.answers, state.record.team_profile or {}
    context = state.form_context()
    names = state.option_names

    def names_of(key: str) -> list[str]:
        return [names.get(slug, slug) for slug in answers.get(key) or []]

    not_answered = str(NOT_ANSWERED)
    sections = [
        SummarySection(_("Your decision"), "your-decision",
                       _rows_from_form(YourDecisionForm(context=context), answers, {})),
        SummarySection(_("About your cancer"), "about-your-cancer",
                       _rows_from_form(AboutYourCancerForm(context=context), answers, team)),
        SummarySection(_("What matters to you"), "what-matters",
                       _matters_rows(WhatMattersForm(context=context), answers)),
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
                SummaryRow(key, label % {"option": card.option.short_name},
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
        tradeoff=state.tradeoff_label,
        next_appointment=_date_text(answers.get("next_appointment")),
    )


def _date_text(stored: str | None) -> str:
    try:
        return formats.date_format(datetime.date.fromisoformat(stored), "j F Y") if stored else ""
    except ValueError:
        return ""


# --- The patient copy (issue 15 item 7; review M9) ----------------------------------------------

SURE_NOT_YET = {
    "sure_sure": gettext_lazy("feeling sure about the best choice for you"),
    "sure_understand": gettext_lazy("knowing the benefits and risks of each option"),
    "sure_risk_benefit": gettext_lazy("being clear about which benefits and risks matter most"),
    "sure_encouragement": gettext_lazy("having enough support and advice to choose"),
}
TOP_MATTERS_IN_KEY_POINTS = 3


@dataclass(frozen=True)
class KnowledgeFeedback:
    statement: str
    her_answer: str
    right: bool
    right_answer: str
    explanation: str


@dataclass(frozen=True)
class PatientCopyContent:
    """What her copy says, on the page and in the PDF alike: key points first, her SURE result
    in words, the right answer beside each quiz answer she got wrong, and the key facts of the
    options she looked at. It does not repeat every answer (that is "Check your answers")."""

    key_points: list[str]
    sure_text: str
    not_sure_yet: list[str]
    knowledge: list[KnowledgeFeedback]
    cards: list  # OptionCard: the options she looked at closely
    own_words: dict[str, tuple[str, str]]  # slug: (what she likes, what worries her)
    journey_minutes: int | None
    leaning_rows: list[SummaryRow]
    questions: list[str]
    matters_most: str
    coming_months: str
    decision: TeamDecision | None = None


@dataclass(frozen=True)
class TeamDecision:
    """What her team recorded after the MDT meeting (issue 16 item 6; the PRSB shared
    decision-making standard): what was decided or the next step, who will tell her, by when."""

    text: str
    tell_who: str
    tell_by: datetime.date


def team_decision(record) -> TeamDecision | None:
    """Her team's decision, once recorded. The clinic keeps it on the record's case file (read
    here through the relation, so the journey imports nothing of the clinic's)."""
    case = getattr(record, "case", None)
    if case is None or not case.decision_recorded_at:
        return None
    return TeamDecision(case.decision, case.decision_tell_who, case.decision_tell_by)


def patient_copy_content(state) -> PatientCopyContent:
    answers = state.answers
    summary = record_summary(state)
    return PatientCopyContent(
        key_points=_key_points(summary, answers),
        sure_text=_sure_text(summary.scores),
        not_sure_yet=[str(text) for key, text in SURE_NOT_YET.items()
                      if answers.get(key) != "yes" and summary.scores.sure_score is not None],
        knowledge=_knowledge_feedback(answers, state.statements),
        cards=state.shortlist_cards,
        own_words=own_words(state),
        journey_minutes=state.journey_minutes,
        leaning_rows=next(s.answered_rows for s in summary.sections
                          if s.step_slug == "where-you-are-leaning"),
        questions=summary.questions,
        matters_most=answers.get("matters_most") or "",
        coming_months=answers.get("coming_months") or "",
        decision=team_decision(state.record),
    )  # fmt: skip


def own_words(state) -> dict[str, tuple[str, str]]:
    """What she likes and what worries her about each option she looked at (weigh-up), by slug:
    for her copy and for the MDT page alike."""
    answers = state.answers
    return {
        c.slug: (answers.get(f"pros_{c.slug}") or "", answers.get(f"cons_{c.slug}") or "")
        for c in state.shortlist_cards
    }


def _key_points(summary: RecordSummary, answers: dict[str, Any]) -> list[str]:
    points = []
    if summary.next_appointment:
        points.append(_("Your next appointment: %(date)s.") % {"date": summary.next_appointment})
    if answers.get("leaning"):
        points.append(_("Where you are leaning: %(leaning)s.") % {"leaning": summary.leaning_text})
    very_much = [str(i.label) for i in q.MATTERS_ITEMS
                 if answers.get(f"matters_{i.key}") == "very_much"]  # fmt: skip
    if very_much:
        shown = very_much[:TOP_MATTERS_IN_KEY_POINTS]
        points.append(_("What matters very much to you: %(items)s.") % {"items": "; ".join(shown)})
    if summary.tradeoff:
        points.append(_("If you had to choose: %(choice)s.") % {"choice": summary.tradeoff})
    if summary.questions:
        points.append(
            ngettext("You have %(num)d question for your team.",
                     "You have %(num)d questions for your team.", len(summary.questions))
            % {"num": len(summary.questions)}
        )  # fmt: skip
    points.append(_("This is not a final decision. You can change your mind, and stop any "
                    "treatment, at any time."))  # fmt: skip
    return points


def _sure_text(scores: Scores) -> str:
    if scores.sure_score is None:
        return _("You did not answer the 4 questions about how sure you feel.")
    if not scores.sure_flag:  # 4 of 4
        return _("You said you feel sure about your choice, and that you have what you need to "
                 "make it.")  # fmt: skip
    return _("You said you are not sure yet about some things. Many people feel this way. Your "
             "team can help you with:")  # fmt: skip


def _knowledge_feedback(answers: dict[str, Any], statements) -> list[KnowledgeFeedback]:
    feedback = []
    for statement in statements:
        given = answers.get(scoring.knowledge_key(statement))
        if not given:
            continue
        right_answer = str(KNOWLEDGE_LABELS[scoring.right_value(statement)])
        # The explanations open with "True." or "False." (knowledge.yaml): said once, here.
        explanation = statement.explanation.removeprefix(f"{right_answer}.").strip()
        feedback.append(
            KnowledgeFeedback(
                statement=statement.statement,
                her_answer=str(KNOWLEDGE_LABELS.get(given, given)),
                right=scoring.is_right(given, statement),
                right_answer=right_answer,
                explanation=explanation,
            )
        )
    return feedback
