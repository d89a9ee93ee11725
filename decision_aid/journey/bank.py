"""Which of the question bank's questions and knowledge statements apply to her.

The bank itself is content (``content/question_bank.py``): it travels in each content release,
so the journey reads it from the record's pinned catalogue (``JourneyState.catalogue.bank``) and
an older record keeps its questions and knowledge score when the bank changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decision_aid.content.question_bank import (
    KnowledgeStatement,
    QuestionBank,
    SuggestedQuestion,
    shipped_bank,
)
from decision_aid.journey import questions as q
from decision_aid.journey import scoring

__all__ = ["KnowledgeStatement", "SuggestedQuestion"]


def question_bank() -> tuple[SuggestedQuestion, ...]:
    """The questions as shipped (the next edition's): for checks of the texts, not for a record."""
    return shipped_bank().questions


def knowledge_bank() -> tuple[KnowledgeStatement, ...]:
    """The statements as shipped (the next edition's): for checks of the texts, not a record."""
    return shipped_bank().statements


@dataclass(frozen=True)
class Situation:
    """What the banks' ``when`` conditions are tested against."""

    important: frozenset[str]  # matters items marked quite a lot / very much
    groups: frozenset[str]  # groups of shortlisted options
    slugs: frozenset[str]  # shortlisted options
    profile: dict[str, Any]
    leaning: str
    sure_low: bool  # unsure, by the one rule (scoring.unsure): a partly answered test too
    at_home: bool  # a shortlisted option is taken at home
    at_hospital: bool  # a shortlisted option is given at hospital


def applies(when: str, s: Situation) -> bool:
    """Whether a ``when`` condition (``question_bank.CONDITIONS``) holds. The build refuses a
    condition this does not know, so an unknown one here is a bug: it fails loudly."""
    kind, _, value = when.partition(":")
    if kind == "always":
        return True
    if kind == "matters":
        return value in s.important
    if kind == "group":
        return value in s.groups
    if kind == "option":
        return value in s.slugs
    if kind == "leaning":
        return s.leaning == value
    if kind == "sure_low":
        return s.sure_low
    if kind in {"er", "her2"}:
        return s.profile.get(kind) == value
    if kind == "option_at_home":
        return s.at_home
    if kind == "option_at_hospital":
        return s.at_hospital
    raise ValueError(f"unknown condition {when!r}")


def situation(answers: dict[str, Any], profile: dict[str, Any], shortlist_options) -> Situation:
    return Situation(
        important=frozenset(
            i.key for i in q.MATTERS_ITEMS if answers.get(f"matters_{i.key}") in q.IMPORTANT
        ),
        groups=frozenset(o.group for o in shortlist_options),
        slugs=frozenset(o.slug for o in shortlist_options),
        profile=profile,
        leaning=answers.get("leaning") or "",
        sure_low=scoring.unsure(answers),
        at_home=any("home" in o.settings and not o.schedule.given_at_hospital
                    for o in shortlist_options),
        at_hospital=any(o.schedule.given_at_hospital for o in shortlist_options),
    )  # fmt: skip


SUGGEST_AT_MOST = 10  # a list she can read through (issue 15); she can add her own


def suggested_questions(s: Situation, bank: QuestionBank) -> list[SuggestedQuestion]:
    """The questions of ``bank`` (her release's) that fit her answers, hers first (then the
    ones every patient is offered), at most 10."""
    fitting = [item for item in bank.questions if applies(item.when, s)]
    fitting.sort(key=lambda item: item.when == "always")
    return fitting[:SUGGEST_AT_MOST]


PRESELECT_AT_MOST = 5


def preselected_questions(suggested: list[SuggestedQuestion]) -> list[SuggestedQuestion]:
    """Up to 5 questions to show ticked: those that come from her own answers (what matters to
    her, her shortlist, her certainty), not the ones every patient is offered."""
    return [item for item in suggested if item.when != "always"][:PRESELECT_AT_MOST]


def knowledge_statements(
    s: Situation, bank: QuestionBank, limit: int = 6
) -> list[KnowledgeStatement]:
    """4-6 statements of ``bank`` (her release's): the ones about the patient's own situation
    first, then general ones."""
    specific = [k for k in bank.statements if k.when != "always" and applies(k.when, s)]
    general = [k for k in bank.statements if k.when == "always"]
    return (specific[: limit - 3] + general)[:limit]
