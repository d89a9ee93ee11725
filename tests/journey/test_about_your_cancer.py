"""Step 2, "About your cancer": the treatment history questions (clinical content v2).

Each new question has "I don't know", a plain explanation and where to find the answer; the
team can fill it in (the patient then sees it as "from your team"); records answered with the
first version's "previous" list keep working.
"""

from __future__ import annotations

import pytest

from decision_aid.content.eligibility import Fit, assess_option
from decision_aid.content.profile import HISTORY_KEYS
from decision_aid.journey import questions as q
from decision_aid.journey import services
from decision_aid.journey.forms import AboutYourCancerForm
from decision_aid.journey.models import Answer

pytestmark = pytest.mark.django_db

NEW_QUESTIONS = ("akt1_pten", "esr1", *(question.key for question in q.HISTORY_QUESTIONS))


def save(record, answers: dict) -> None:
    for name, value in answers.items():
        Answer.objects.update_or_create(record=record, key=name, defaults={"value": value})


@pytest.mark.django_db
def test_every_history_question_has_i_dont_know_an_explanation_and_where_to_find_it(patient):
    form = AboutYourCancerForm()
    for name in (*NEW_QUESTIONS, "pdl1_test", "brca_type"):
        field = form.fields[name]
        assert ("unknown", "I don't know") in [(v, str(label)) for v, label in field.choices], name
        # Explained in its hint, or in the hints of its choices (which drugs count).
        explained = [str(field.help_text), *map(str, getattr(field, "choice_hints", {}).values())]
        assert len(" ".join(explained).split()) >= 6, name
    # Where to find the answers is said once, above the treatment questions (issue 15: a
    # shorter read), not after every question.
    html = patient.get("/steps/about-your-cancer").content.decode()
    section = html.split("Treatment since the cancer spread")[1]
    assert "Your clinic letters list the treatments you have had." in section
    assert html.count("clinic letters") == 2  # that line, and the page's introduction


def test_the_questions_cover_every_history_key_of_the_profile_contract():
    assert set(AboutYourCancerForm().fields) >= set(HISTORY_KEYS)


def test_M_E4_her2_hint_says_2_plus_is_positive_only_with_a_positive_second_test():
    """M-E4. HER2 2+ with a positive ISH/FISH test is HER2 positive; 1+, or 2+ with a
    negative ISH, is HER2 negative (HER2-low) (NICE TA992; Breast Cancer Now HER2 page)."""
    hint = str(AboutYourCancerForm().fields["her2"].help_text)
    assert "HER2 2+ is positive only if a second test" in hint
    assert "HER2-low" in hint and "HER2 1+, or 2+ with a negative second test" in hint


def test_SC1_menopause_hint_says_i_dont_know_when_treatment_stopped_periods():
    """SC1. Periods stopped by chemotherapy or goserelin are not a reliable sign of menopause
    (Macmillan; Breast Cancer Now), so the hint sends the patient to 'I don't know'."""
    hint = str(AboutYourCancerForm().fields["menopause"].help_text)
    assert "stopped because of cancer treatment, choose ‘I don't know’" in hint


def test_the_step_page_asks_the_history_questions(patient):
    html = patient.get("/steps/about-your-cancer").content.decode()
    for question in q.HISTORY_QUESTIONS:
        assert str(question.label) in html
    assert "If you have a BRCA change, how was it found?" in html
    assert "If your cancer is PD-L1 positive, which test showed it?" in html


def test_team_history_values_are_locked_and_shown_as_from_your_team(patient, record):
    record.team_profile = {"chemo_for_secondary": "two_or_more", "her2_for_secondary": "none"}
    record.save(update_fields=["team_profile"])
    html = patient.get("/steps/about-your-cancer").content.decode()
    assert html.count("disabled") >= 2
    summary = patient.get("/steps/check-answers").content.decode()
    assert "From your team" in summary
    profile = services.profile_for(record, services.load_answers(record))
    assert profile.chemo_for_secondary == "two_or_more"
    assert assess_option("eribulin", profile).fit is Fit.SUITABLE


def test_a_record_answered_with_the_first_versions_list_keeps_working(record):
    save(record, {"her2": "positive", "previous": ["her2_targeted_therapy"]})
    profile = services.profile_for(record, services.load_answers(record))
    assert profile.previous == frozenset({"her2_targeted_therapy"})
    assert assess_option("phesgo", profile).fit is Fit.UNSUITABLE
    assert assess_option("trastuzumab-deruxtecan", profile).fit is Fit.SUITABLE


def test_once_a_history_question_is_answered_the_first_versions_list_is_not_used(record):
    save(
        record,
        {"her2": "positive", "previous": ["her2_targeted_therapy"], "her2_for_secondary": "none"},
    )
    profile = services.profile_for(record, services.load_answers(record))
    assert profile.previous is None
    assert assess_option("phesgo", profile).fit is Fit.ASK  # chemotherapy not answered yet
