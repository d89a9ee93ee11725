"""Scoring, in one place: the SURE test and the knowledge check (issue 18 item 3).

Pure functions over a record's answers (answer key -> stored value). The journey, the team's
queue, the question bank, the summaries and the PDFs all score with these, so a patient is
"unsure" by one rule wherever she shows, and a knowledge check adds up the same on every page.

**The SURE test** (Légaré et al.): four yes/no questions, one point for each "yes", so 0-4.
Until she answers any of them there is no score (``None``: "not answered").

**Unsure** (the one meaning): she has answered at least one SURE question and her score is
3 or less. A question left blank scores no point, as a "no" does, so a SURE test answered only
in part is always unsure: her team follows it up rather than it going unnoticed. A test not
started at all is "not answered", not unsure. The team's queue filters on the score stored
when she sends (``DecisionRecord.sure_score``, written from :func:`sure_score`, NULL when not
answered), with ``sure_score__lte=UNSURE_AT_MOST``: the same rule, as a query.

**The knowledge check**: statements she marks "true", "false" or "I'm not sure". Only "true"
and "false" are answers; an answer is right when it matches the statement. The score is how
many are right, of how many answered, of how many asked: a blank is never counted as wrong,
and never hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from decision_aid.journey import questions as q

SURE_KEYS = tuple(key for key, _label in q.SURE_QUESTIONS)
SURE_TOTAL = len(SURE_KEYS)  # 4
UNSURE_AT_MOST = 3  # a SURE score of 3 or less is unsure (the queue filter uses this too)


def sure_score(answers: Mapping[str, Any]) -> int | None:
    """The SURE score, 0-4 (one point per "yes"); None until any question is answered.

    A question left blank scores no point, as a "no" does: a SURE test answered only in part
    is at most 3, so it is flagged for the team to follow up rather than going unnoticed.
    """
    values = [answers.get(key) for key in SURE_KEYS]
    if not any(values):
        return None
    return sum(value == "yes" for value in values)


def sure_answered(answers: Mapping[str, Any]) -> int:
    """How many of the four SURE questions have an answer."""
    return sum(1 for key in SURE_KEYS if answers.get(key))


def sure_unanswered(score: int | None, answered: int) -> int:
    """How many SURE questions were left blank, once she has started the test (0 before)."""
    return SURE_TOTAL - answered if score is not None else 0


def is_unsure(score: int | None) -> bool:
    """Unsure: a SURE score of 3 or less (a partly answered test is at most 3); never when
    nothing is answered (None)."""
    return score is not None and score <= UNSURE_AT_MOST


def unsure(answers: Mapping[str, Any]) -> bool:
    """Whether these answers make her unsure: :func:`is_unsure` of :func:`sure_score`."""
    return is_unsure(sure_score(answers))


# --- The knowledge check ----------------------------------------------------------------------

KNOWLEDGE_ANSWERS = frozenset({"true", "false"})  # "not_sure" is not an answer to score


class Statement(Protocol):
    """What scoring needs of a knowledge statement (``bank.KnowledgeStatement``)."""

    key: str
    answer: bool


def knowledge_key(statement: Statement) -> str:
    """The answer key a statement is stored under."""
    return f"knowledge_{statement.key}"


def right_value(statement: Statement) -> str:
    """The stored value of the right answer: "true" or "false"."""
    return "true" if statement.answer else "false"


def is_right(given: Any, statement: Statement) -> bool:
    """Her answer matches the statement ("I'm not sure" and a blank are never right)."""
    return given == right_value(statement)


@dataclass(frozen=True)
class KnowledgeScore:
    right: int
    answered: int  # "true" or "false"
    total: int  # statements asked

    @property
    def unanswered(self) -> int:
        """Asked but left blank, or answered "I'm not sure"."""
        return self.total - self.answered


def knowledge_score(answers: Mapping[str, Any], statements: Iterable[Statement]) -> KnowledgeScore:
    """Right, of answered, of asked."""
    statements = list(statements)
    given = [(answers.get(knowledge_key(s)), s) for s in statements]
    answered = [(value, s) for value, s in given if value in KNOWLEDGE_ANSWERS]
    right = sum(1 for value, s in answered if is_right(value, s))
    return KnowledgeScore(right=right, answered=len(answered), total=len(statements))
