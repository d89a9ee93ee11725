"""The SURE test: a partly answered test is flagged for the team, never silently unscored."""

from __future__ import annotations

from decision_aid.journey import scoring, services
from decision_aid.journey.steps import JourneyState
from decision_aid.journey.summary import record_summary
from tests.conftest import make_record

ALL_YES = {"sure_sure": "yes", "sure_understand": "yes", "sure_risk_benefit": "yes",
           "sure_encouragement": "yes"}  # fmt: skip


def test_the_score_counts_yes_answers_and_a_blank_scores_nothing():
    assert scoring.sure_score({}) is None
    assert scoring.sure_score(ALL_YES) == 4
    assert scoring.sure_score({**ALL_YES, "sure_sure": "no"}) == 3
    partly = {k: v for k, v in ALL_YES.items() if k != "sure_encouragement"}
    assert scoring.sure_score(partly) == 3  # at most 3 of 4: flagged, not unscored
    assert scoring.sure_answered(partly) == 3


def test_a_partly_answered_sure_test_is_flagged_in_the_queue_and_on_the_record(
    client, catalogue, team_a, nurse_a
):
    record = make_record(team_a, "SURE-PART", sure_sure="yes", sure_understand="yes")
    record.refresh_from_db()
    assert record.sure_score is None  # not sent yet: the queue knows nothing of her answers
    services.submit(record)
    record.refresh_from_db()
    assert record.sure_score == 2 and record.sure_flag
    summary = record_summary(JourneyState(record))
    assert summary.scores.sure_flag and summary.scores.sure_unanswered == 2
    client.force_login(nurse_a)
    assert "Unsure: 2/4" in client.get("/clinic/").content.decode()
    page = client.get(f"/clinic/patients/{record.pk}").content.decode()
    assert "(2 questions not answered)" in page
    complete = make_record(team_a, "SURE-ALL", **ALL_YES)
    services.submit(complete)
    complete.refresh_from_db()
    assert complete.sure_score == 4 and not complete.sure_flag
    assert "not answered)" not in client.get(f"/clinic/patients/{complete.pk}").content.decode()


def test_the_mdt_summary_says_how_many_sure_questions_were_left_blank(catalogue, team_a):
    from decision_aid.documents import presenters, rendering

    record = make_record(team_a, "SURE-MDT", sure_sure="no", sure_understand="yes",
                         sure_risk_benefit="yes")  # fmt: skip
    html = rendering.render_html(
        "documents/mdt_summary.jinja", {"doc": presenters.mdt_summary(JourneyState(record))}
    )
    assert "SURE: 2/4" in html and "unsure (3 or less)" in html
    assert "1 question not answered." in html
