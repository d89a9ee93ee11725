"""Everything a patient reads is versioned (issue 18 item 4): her suggested questions and her
knowledge statements (with their right answers) come from the content release her record pins,
so a later change to the bank never changes an older record's summary or knowledge score."""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision_aid.content import question_bank
from decision_aid.content.models import ContentRelease
from decision_aid.content.question_bank import QuestionBank, shipped_bank
from decision_aid.content.releases import build_snapshot, publish_release
from decision_aid.journey import bank, scoring
from decision_aid.journey import questions as q
from decision_aid.journey import services as journey_services
from decision_aid.journey.steps import JourneyState
from decision_aid.journey.summary import record_summary
from tests.conftest import make_record


def edited(original: QuestionBank) -> QuestionBank:
    """Every question reworded, and every statement reworded with its right answer flipped."""
    return QuestionBank(
        questions=tuple(replace(i, text=f"Edited: {i.text}") for i in original.questions),
        statements=tuple(
            replace(s, statement=f"Edited: {s.statement}", answer=not s.answer)
            for s in original.statements
        ),
    )


def all_right(record) -> JourneyState:
    state = JourneyState(record)
    journey_services.save_answers(
        record, {scoring.knowledge_key(s): scoring.right_value(s) for s in state.statements}
    )
    return JourneyState(record)


def test_an_old_record_keeps_its_questions_and_knowledge_score_when_the_bank_changes(
    catalogue, team_a
):
    record = make_record(team_a, "BANK-1", shortlist=["paclitaxel"], leaning="not_sure")
    before = all_right(record)
    asked, suggested = before.statements, before.suggested
    summary = record_summary(before)
    assert summary.scores.knowledge_correct == len(asked) >= 4
    assert any(item.when == "leaning:not_sure" for item in suggested)

    newer = publish_release("Test: the bank is edited", bank=edited(catalogue.bank))
    assert newer.pk != record.content_release_id

    after = JourneyState(type(record).objects.get(pk=record.pk))
    assert after.statements == asked and after.suggested == suggested
    assert record_summary(after) == summary  # same rows, same texts, same score
    assert record_summary(after).scores.knowledge_correct == len(asked)

    # A record on the new release reads the new bank, and the same answers now score 0.
    moved = make_record(team_a, "BANK-2", shortlist=["paclitaxel"])
    assert moved.content_release_id == newer.pk
    now = JourneyState(moved, {**after.answers})
    assert all(s.statement.startswith("Edited: ") for s in now.statements)
    assert all(i.text.startswith("Edited: ") for i in now.suggested)
    assert record_summary(now).scores.knowledge_correct == 0


def test_a_record_pinned_to_a_release_from_before_the_bank_gets_the_bank_as_first_shipped(
    catalogue, team_a
):
    snapshot = build_snapshot()
    del snapshot["bank"]
    legacy = ContentRelease.objects.create(
        summary="Test: a release from before edition 5", digest="legacy-" + "0" * 57,
        snapshot=snapshot,
    )  # fmt: skip
    record = make_record(team_a, "BANK-3", shortlist=["paclitaxel"])
    type(record).objects.filter(pk=record.pk).update(content_release=legacy)
    record.refresh_from_db()
    publish_release("Test: the bank is edited later", bank=edited(catalogue.bank))

    state = JourneyState(record)
    assert state.catalogue.bank == shipped_bank()
    assert not any(s.statement.startswith("Edited: ") for s in state.statements)
    assert not any(i.text.startswith("Edited: ") for i in state.suggested)
    assert len(state.statements) >= 4


# --- The journey understands exactly the bank's conditions ----------------------------------


def test_the_bank_conditions_name_the_journeys_own_answers():
    """Content cannot import the journey, so it keeps its own list; this keeps them equal."""
    assert set(question_bank.MATTERS_KEYS) == {item.key for item in q.MATTERS_ITEMS}
    assert set(question_bank.LEANING_VALUES) == {choice.value for choice in q.LEANING_CHOICES}


def test_every_condition_the_build_accepts_is_one_the_journey_understands():
    situation = bank.situation({}, {}, [])
    for kind, values in question_bank.CONDITIONS.items():
        if values is None:
            whens = [kind]
        elif isinstance(values, str):
            whens = [f"{kind}:anything"]
        else:
            whens = [f"{kind}:{value}" for value in values]
        for when in whens:
            assert not question_bank.condition_problem(when, {"anything"}, {"anything"})
            assert bank.applies(when, situation) in (True, False)


@pytest.mark.parametrize("when", ["matter:live_longer", "sure-low", "pr:positive", ""])
def test_an_unknown_condition_fails_loudly_in_the_journey_too(when):
    with pytest.raises(ValueError, match="unknown condition"):
        bank.applies(when, bank.situation({}, {}, []))
