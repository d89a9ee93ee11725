"""Scoring in one place (issue 18 item 3): the SURE score, the one meaning of "unsure", and the
knowledge check, as pure functions; and every place that shows them agrees with them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_aid.clinic import selectors
from decision_aid.content.question_bank import shipped_bank
from decision_aid.journey import bank, scoring
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord
from decision_aid.journey.steps import JourneyState
from decision_aid.journey.summary import Scores, patient_copy_content, record_summary
from tests.conftest import make_record

# Each SURE question: missing, blank, "yes" or "no".
sure_answers = st.fixed_dictionaries(
    {},
    optional={key: st.sampled_from(["", "yes", "no"]) for key in scoring.SURE_KEYS},
)


@given(sure_answers)
def test_the_sure_score_counts_each_yes_and_is_none_until_something_is_answered(answers):
    score = scoring.sure_score(answers)
    answered = scoring.sure_answered(answers)
    if answered == 0:
        assert score is None
    else:
        assert score == sum(answers.get(key) == "yes" for key in scoring.SURE_KEYS)
        assert 0 <= score <= answered <= 4


@given(sure_answers)
def test_unsure_means_started_and_not_four_yes(answers):
    """The one meaning: a SURE score of 3 or less, a partly answered test included."""
    started = scoring.sure_answered(answers) > 0
    four_yes = all(answers.get(key) == "yes" for key in scoring.SURE_KEYS)
    assert scoring.unsure(answers) == (started and not four_yes)
    assert scoring.unsure(answers) == scoring.is_unsure(scoring.sure_score(answers))


def test_a_partly_answered_test_is_unsure_even_when_every_answer_is_yes():
    partly = {"sure_sure": "yes", "sure_understand": "yes", "sure_risk_benefit": "yes"}
    assert scoring.sure_score(partly) == 3 and scoring.unsure(partly)
    assert scoring.sure_unanswered(scoring.sure_score(partly), scoring.sure_answered(partly)) == 1
    assert not scoring.unsure({}) and scoring.sure_unanswered(None, 0) == 0


@pytest.mark.parametrize("score", [None, 0, 1, 2, 3, 4])
def test_the_record_the_summary_and_the_rule_agree_on_every_score(score):
    expected = score is not None and score <= 3
    assert scoring.is_unsure(score) == expected
    assert DecisionRecord(sure_score=score).sure_flag == expected  # the queue's tag
    assert Scores(score, 0, 0, 0).sure_flag == expected  # the patient page, summaries, PDFs


@given(sure_answers)
def test_the_question_bank_offers_the_unsure_questions_by_the_same_rule(answers):
    situation = bank.situation(answers, {}, [])
    assert situation.sure_low == scoring.unsure(answers)


def test_a_partly_answered_test_now_gets_the_unsure_questions_too():
    """The one change of issue 18 item 3: before, the bank needed all four answered."""
    partly = {"sure_sure": "yes", "sure_understand": "yes"}
    offered = bank.suggested_questions(bank.situation(partly, {}, []), shipped_bank())
    assert any(item.when == "sure_low" for item in offered)
    sure = {key: "yes" for key in scoring.SURE_KEYS}
    offered = bank.suggested_questions(bank.situation(sure, {}, []), shipped_bank())
    assert not any(item.when == "sure_low" for item in offered)


def test_the_queue_filter_finds_exactly_the_unsure(catalogue, team_a):
    by_score = {}
    for score in (None, 0, 1, 2, 3, 4):
        record = make_record(team_a, f"SCORE-{score}")
        DecisionRecord.objects.filter(pk=record.pk).update(sure_score=score)
        by_score[score] = record.pk
    page = selectors.queue(team_a, selectors.QueueFilters(flagged=True))
    flagged = {record.pk for record in page.object_list}
    assert flagged == {pk for score, pk in by_score.items() if scoring.is_unsure(score)}


# --- The knowledge check --------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    key: str
    answer: bool


statements = st.lists(
    st.builds(Statement, key=st.text("abcdefgh", min_size=1, max_size=4), answer=st.booleans()),
    max_size=8,
    unique_by=lambda s: s.key,
)


@given(statements, st.data())
def test_the_knowledge_score_counts_right_of_answered_of_asked(asked, data):
    answers = {
        scoring.knowledge_key(s): data.draw(st.sampled_from(["true", "false", "not_sure", ""]))
        for s in asked
        if data.draw(st.booleans())
    }
    score = scoring.knowledge_score(answers, asked)
    given_values = [answers.get(scoring.knowledge_key(s)) for s in asked]
    assert score.total == len(asked)
    assert score.answered == sum(value in ("true", "false") for value in given_values)
    assert score.right == sum(
        answers.get(scoring.knowledge_key(s)) == ("true" if s.answer else "false") for s in asked
    )
    assert 0 <= score.right <= score.answered <= score.total
    assert score.unanswered == score.total - score.answered


def test_not_sure_is_never_right_and_never_counted_as_answered():
    statement = Statement("a", True)
    assert not scoring.is_right("not_sure", statement) and not scoring.is_right("", statement)
    assert scoring.knowledge_score({"knowledge_a": "not_sure"}, [statement]) == (
        scoring.KnowledgeScore(right=0, answered=0, total=1)
    )
    assert scoring.is_right("true", statement) and not scoring.is_right("false", statement)


def test_the_summary_and_her_copy_score_the_knowledge_check_as_scoring_does(catalogue, team_a):
    record = make_record(team_a, "KNOW-1")
    state = JourneyState(record)
    asked = state.statements
    assert len(asked) >= 3
    answers = {
        scoring.knowledge_key(asked[0]): scoring.right_value(asked[0]),
        scoring.knowledge_key(asked[1]): "false" if asked[1].answer else "true",
        scoring.knowledge_key(asked[2]): "not_sure",
    }
    journey_services.save_answers(record, answers)
    state = JourneyState(record)
    expected = scoring.knowledge_score(state.answers, state.statements)
    shown = record_summary(state).scores
    assert (shown.knowledge_correct, shown.knowledge_answered, shown.knowledge_total) == (
        expected.right, expected.answered, expected.total,
    )  # fmt: skip
    assert (expected.right, expected.answered) == (1, 2)
    feedback = patient_copy_content(state).knowledge
    assert [item.right for item in feedback] == [True, False, False]


def test_the_team_reads_the_knowledge_check_in_one_wording_on_the_page_and_the_mdt_pdf(
    client, catalogue, team_a, nurse_a, tmp_path
):
    """Nothing sent: "Not answered yet", not "0 correct of 0 answered". Sent: right, of how
    many, and how many left blank, in the same words on the patient page and the MDT page."""
    from tests.documents.test_pdfs import pdftotext

    record = make_record(team_a, "KNOW-2")
    client.force_login(nurse_a)

    def knowledge_row() -> str:
        page = client.get(f"/clinic/patients/{record.pk}").content.decode()
        row = page.split("Knowledge check", 1)[1].split("</dd>", 1)[0]
        return " ".join(row.split("<dd")[1].split(">", 1)[1].split())

    assert knowledge_row() == "Not answered yet"
    asked = JourneyState(record).statements
    journey_services.save_answers(record, {
        scoring.knowledge_key(asked[0]): scoring.right_value(asked[0]),
        scoring.knowledge_key(asked[1]): "false" if asked[1].answer else "true",
    })  # fmt: skip
    journey_services.submit(record)
    expected = f"1 of {len(asked)} right, {len(asked) - 2} not answered"
    assert knowledge_row() == expected
    pdf = client.get(f"/clinic/patients/{record.pk}/mdt-summary.pdf").content
    assert f"Knowledge check: {expected}." in " ".join(pdftotext(pdf, tmp_path).split())
