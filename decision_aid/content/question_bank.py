"""The question bank and the knowledge-check statements: one schema for the content a patient
reads at "Check what you know" and "Questions for your team" (issue 18 item 4).

The source is ``catalogue/questions.yaml`` and ``catalogue/knowledge.yaml``. ``build_catalogue``
validates it (``bank_problems``) and writes it to ``fixtures/question_bank.json``
(``bank_to_data``); ``load_catalogue`` publishes it inside the content release, and the release
is read back with ``bank_from_data``. So a record pinned to a release keeps the questions it was
offered and the statements (with their right answers) its knowledge score was worked out from,
whatever the bank says later. The dataclasses are the schema: their fields are the keys the
source, the fixture and the snapshot hold, no more and no fewer.

Each item says ``when`` it applies, in a small condition language (``CONDITIONS``). An unknown
condition, or an unknown value of a known one, fails the build, naming the item and the condition:
the journey never meets a condition it does not understand (``journey.bank.applies``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from decision_aid.content.profile import MARKER_VALUES, UNKNOWN

BANK_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "question_bank.json"


@dataclass(frozen=True)
class SuggestedQuestion:
    """A question she might ask her team."""

    key: str
    text: str
    when: str


@dataclass(frozen=True)
class KnowledgeStatement:
    """A true/false statement of the knowledge check, with its right answer."""

    key: str
    statement: str
    answer: bool
    explanation: str
    when: str


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[SuggestedQuestion, ...]
    statements: tuple[KnowledgeStatement, ...]


# The bank's parts: (source file and snapshot key, item type, what the build calls one item).
PARTS = (
    ("questions", SuggestedQuestion, "question"),
    ("knowledge", KnowledgeStatement, "statement"),
)

# The condition language of ``when``. A kind with no values takes none ("always"); "groups" and
# "options" take a group or option slug of the same catalogue. The "what matters" items and the
# leaning answers are the journey's (journey.questions MATTERS_ITEMS and LEANING_CHOICES; a
# journey test keeps the two lists equal: content cannot import the journey).
MATTERS_KEYS = (
    "fewer_visits", "less_travel", "tablets_at_home", "avoid_hair_loss", "avoid_feeling_sick",
    "keep_energy", "work_or_caring", "live_longer", "control_symptoms", "fewer_tests",
    "family_time",
)  # fmt: skip
LEANING_VALUES = ("one", "some", "no_treatment", "not_sure")
MARKERS = tuple(v for v in MARKER_VALUES if v != UNKNOWN)
CONDITIONS: dict[str, tuple[str, ...] | str | None] = {
    "always": None,
    "sure_low": None,
    "option_at_home": None,
    "option_at_hospital": None,
    "matters": MATTERS_KEYS,
    "leaning": LEANING_VALUES,
    "er": MARKERS,
    "her2": MARKERS,
    "group": "groups",
    "option": "options",
}


def condition_problem(when: Any, groups: set[str], options: set[str]) -> str:
    """Why ``when`` is not a condition the journey understands ("" if it is)."""
    if not isinstance(when, str):
        return f"when must be a condition, got {when!r}"
    kind, colon, value = when.partition(":")
    if kind not in CONDITIONS:
        return f"unknown condition {kind!r} in {when!r} (known: {', '.join(CONDITIONS)})"
    allowed = CONDITIONS[kind]
    if allowed is None:
        return f"condition {kind!r} takes no value, got {when!r}" if colon else ""
    known = {"groups": groups, "options": options}.get(allowed, allowed)  # type: ignore[arg-type]
    if value not in known:
        return f"unknown {kind} {value!r} in {when!r} (known: {', '.join(sorted(known))})"
    return ""


def _item_problems(kind: type, item: Any) -> list[str]:
    """Problems with one item's shape: exactly the dataclass's fields, texts not empty."""
    if not isinstance(item, dict):
        return [f"must be a mapping, got {item!r}"]
    names = {f.name for f in fields(kind)}
    problems = [f"missing {k}" for k in sorted(names - set(item))]
    problems += [f"unknown key {k!r}" for k in sorted(set(item) - names)]
    for f in fields(kind):
        if f.name not in item:
            continue
        value = item[f.name]
        if f.type == "bool" and not isinstance(value, bool):
            problems.append(f"{f.name} must be true or false, got {value!r}")
        elif f.type == "str" and not (isinstance(value, str) and value.strip()):
            problems.append(f"{f.name} must be a text")
    return problems


def bank_problems(source: dict[str, Any], groups: set[str], options: set[str]) -> list[str]:
    """Every problem in the bank's source (``source["questions"]``, ``source["knowledge"]``),
    each naming the item: the build fails on any of them."""
    problems: list[str] = []
    for part, kind, label in PARTS:
        items = source.get(part)
        if not isinstance(items, list) or not items:
            problems.append(f"{part}.yaml: must be a list of {label}s")
            continue
        keys = [item.get("key") for item in items if isinstance(item, dict)]
        problems += [f"{part}.yaml: {label} key {k!r} is not unique"
                     for k in sorted({k for k in keys if keys.count(k) > 1}, key=str)]  # fmt: skip
        for index, item in enumerate(items, start=1):
            name = item.get("key") if isinstance(item, dict) else None
            where = f"{label} {name}" if name else f"{part}.yaml: {label} {index}"
            shape = _item_problems(kind, item)
            problems += [f"{where}: {p}" for p in shape]
            if not shape:
                problem = condition_problem(item["when"], groups, options)
                problems += [f"{where}: {problem}"] if problem else []
    return problems


def _text(value: str) -> str:
    return " ".join(value.split())


def bank_from_source(source: dict[str, Any]) -> QuestionBank:
    """The bank of a source that ``bank_problems`` passed, its texts folded to one line."""
    return bank_from_data(
        {
            part: [{k: _text(v) if isinstance(v, str) else v for k, v in item.items()}
                   for item in source[part]]
            for part, _kind, _label in PARTS
        }
    )  # fmt: skip


def bank_to_data(bank: QuestionBank) -> dict[str, Any]:
    """The bank as the fixture and a release snapshot hold it."""
    return {
        "questions": [asdict(item) for item in bank.questions],
        "knowledge": [asdict(item) for item in bank.statements],
    }


class BankError(ValueError):
    """A stored bank (fixture or snapshot) does not match the schema."""


def bank_from_data(data: dict[str, Any]) -> QuestionBank:
    """The bank from a fixture or a release snapshot; a shape that does not match fails."""
    parts = {}
    for part, kind, label in PARTS:
        items = data.get(part) if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise BankError(f"the bank has no list of {part}")
        for item in items:
            problems = _item_problems(kind, item)
            if problems:
                name = item.get("key", "?") if isinstance(item, dict) else "?"
                raise BankError(f"{label} {name}: {'; '.join(problems)}")
        parts[part] = tuple(kind(**item) for item in items)
    return QuestionBank(questions=parts["questions"], statements=parts["knowledge"])


def shipped_bank() -> QuestionBank:
    """The bank as shipped in ``fixtures/question_bank.json`` (what the next edition loads)."""
    return bank_from_data(json.loads(BANK_PATH.read_text(encoding="utf-8")))
