"""The question bank and knowledge-check statements (``content/*.yaml``), and which apply."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from decision_aid.journey import questions as q
from decision_aid.journey import scoring

CONTENT = Path(__file__).resolve().parent / "content"


@dataclass(frozen=True)
class SuggestedQuestion:
    key: str
    text: str
    when: str


@dataclass(frozen=True)
class KnowledgeStatement:
    key: str
    statement: str
    answer: bool
    explanation: str
    when: str


@cache
def question_bank() -> tuple[SuggestedQuestion, ...]:
    data = yaml.safe_load((CONTENT / "questions.yaml").read_text(encoding="utf-8"))
    return tuple(SuggestedQuestion(d["key"], " ".join(d["text"].split()), d["when"]) for d in data)


@cache
def knowledge_bank() -> tuple[KnowledgeStatement, ...]:
    data = yaml.safe_load((CONTENT / "knowledge.yaml").read_text(encoding="utf-8"))
    return tuple(
        KnowledgeStatement(
            d["key"],
            " ".join(d["statement"].split()),
            bool(d["answer"]),
            " ".join(d["explanation"].split()),
            d["when"],
        )
        for d in data
    )


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
    return False


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


def suggested_questions(s: Situation) -> list[SuggestedQuestion]:
    """The questions that fit her answers, hers first (then the ones every patient is offered),
    at most 10."""
    fitting = [item for item in question_bank() if applies(item.when, s)]
    fitting.sort(key=lambda item: item.when == "always")
    return fitting[:SUGGEST_AT_MOST]


PRESELECT_AT_MOST = 5


def preselected_questions(suggested: list[SuggestedQuestion]) -> list[SuggestedQuestion]:
    """Up to 5 questions to show ticked: those that come from her own answers (what matters to
    her, her shortlist, her certainty), not the ones every patient is offered."""
    return [item for item in suggested if item.when != "always"][:PRESELECT_AT_MOST]


def knowledge_statements(s: Situation, limit: int = 6) -> list[KnowledgeStatement]:
    """4-6 statements: the ones about the patient's own situation first, then general ones."""
    specific = [k for k in knowledge_bank() if k.when != "always" and applies(k.when, s)]
    general = [k for k in knowledge_bank() if k.when == "always"]
    return (specific[: limit - 3] + general)[:limit]
