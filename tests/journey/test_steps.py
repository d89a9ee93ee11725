"""Step pages: saving as you go, with and without JavaScript, and never losing an answer."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decision_aid.content.burden import calculate
from decision_aid.journey import services
from decision_aid.journey.models import Answer, RecordStatus, Submission
from decision_aid.journey.steps import STEPS, TOTAL_STEPS

pytestmark = pytest.mark.django_db

PROFILE = {
    "er": "positive", "pr": "positive", "her2": "negative", "pdl1": "unknown", "brca": "unknown",
    "pik3ca": "negative", "menopause": "post", "spread": ["bone"], "problems": ["none"],
    "akt1_pten": "unknown", "esr1": "unknown", "hormone_for_secondary": "with_ai",
    "cdk46_for_secondary": "none", "chemo_for_secondary": "none", "her2_for_secondary": "none",
    "anthracycline_ever": "yes", "taxane_ever": "no",
}  # fmt: skip
HTMX = {"HTTP_HX_REQUEST": "true"}


def answers_of(record) -> dict:
    return services.load_answers(record)


def test_patient_pages_need_a_record_in_the_session(client, catalogue):
    for path in ["/steps/about-your-cancer", "/steps/check-answers", "/my-summary", "/carry-on"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/start", path


def test_every_step_page_renders_with_progress_and_is_never_cached(patient):
    for step in STEPS:
        response = patient.get(f"/steps/{step.slug}")
        assert response.status_code == 200, step.slug
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert f"Step {step.number} of {TOTAL_STEPS}" in html
        assert "no-store" in response["Cache-Control"]


def test_save_and_continue_saves_the_step_and_moves_on(patient, record):
    response = patient.post("/steps/about-your-cancer", PROFILE)
    assert response.status_code == 302
    assert response["Location"] == "/steps/what-matters"
    saved = answers_of(record)
    assert {k: saved[k] for k in PROFILE} == PROFILE
    assert saved["done_about_your_cancer"] is True


def test_bad_input_is_explained_next_to_the_field_and_good_answers_are_kept(patient, record):
    response = patient.post(
        "/steps/getting-to-hospital",
        {"journey_minutes": "about an hour", "travel_mode": "lift", "journey_hard": "no"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error:" in html
    assert html.count("Enter the journey time as a number of minutes, like 45") == 2
    assert 'href="#id_journey_minutes"' in html
    assert 'value="about an hour"' in html  # what they typed is still there to correct
    saved = answers_of(record)
    assert saved["travel_mode"] == "lift" and saved["journey_hard"] == "no"
    assert "journey_minutes" not in saved
    assert "done_getting_to_hospital" not in saved


def test_free_text_over_the_limit_is_refused_but_not_lost(patient, record):
    long_text = "x" * 2001
    response = patient.post("/steps/what-matters", {"matters_most": long_text})
    html = response.content.decode()
    assert "Answer must be 2,000 characters or fewer" in html
    assert long_text in html
    assert "matters_most" not in answers_of(record)


def test_autosave_saves_one_answer_and_returns_only_the_status(patient, record):
    response = patient.post(
        "/steps/getting-to-hospital/save/journey_minutes", {"journey_minutes": "35"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="autosave-status-journey_minutes"' in html and "Saved" in html
    assert 'hx-swap-oob="true"' in html
    assert "<input" not in html  # the inputs are never replaced after a good save
    assert answers_of(record)["journey_minutes"] == 35
    # Reloading the page shows it: the answer survives without "Save and continue".
    assert 'value="35"' in patient.get("/steps/getting-to-hospital").content.decode()


def test_autosave_of_a_bad_answer_shows_the_error_in_place_and_saves_nothing(patient, record):
    response = patient.post(
        "/steps/getting-to-hospital/save/journey_minutes", {"journey_minutes": "-5"}, **HTMX
    )
    assert response["HX-Retarget"] == "#autosave-journey_minutes"
    assert response["HX-Reswap"] == "outerHTML"
    assert "Journey time must be 0 minutes or more" in response.content.decode()
    assert "journey_minutes" not in answers_of(record)


def test_autosave_keeps_a_half_finished_selection(patient, record):
    patient.post("/steps/your-options", {"shortlist": ["fulvestrant", "paclitaxel"]})
    response = patient.post("/steps/compare/save/compare", {"compare": ["fulvestrant"]}, **HTMX)
    assert "HX-Retarget" not in response  # one tick so far is not an error yet
    assert answers_of(record)["compare"] == ["fulvestrant"]
    # "Save and continue" applies the rule.
    html = patient.post("/steps/compare", {"compare": ["fulvestrant"]}).content.decode()
    assert "Choose 2 to 4 options to compare" in html


def test_an_unknown_field_cannot_be_autosaved(patient):
    assert patient.post("/steps/compare/save/is_admin", {"is_admin": "1"}).status_code == 404
    assert patient.post("/steps/nope/save/x", {}).status_code == 404


def test_two_tabs_each_keep_their_own_changes(patient, record):
    services.save_answers(record, {"journey_minutes": 60, "travel_mode": "car"})
    loaded_in_tab_b = {"journey_minutes": 60, "travel_mode": "car", "journey_hard": None}
    # Tab A changes the journey time (autosave).
    patient.post("/steps/getting-to-hospital/save/journey_minutes", {"journey_minutes": "30"})
    # Tab B, loaded before that, changes only how they travel and presses Save and continue.
    patient.post(
        "/steps/getting-to-hospital",
        {
            "journey_minutes": "60",
            "travel_mode": "public_transport",
            "journey_hard": "yes",
            "_loaded": json.dumps(loaded_in_tab_b),
        },
    )
    saved = answers_of(record)
    assert saved["journey_minutes"] == 30  # tab A's change is not overwritten
    assert saved["travel_mode"] == "public_transport"
    assert saved["journey_hard"] == "yes"


def test_values_from_the_team_are_shown_and_cannot_be_changed_by_the_patient(patient, record):
    record.team_profile = {"her2": "positive"}
    record.save()
    html = patient.get("/steps/about-your-cancer").content.decode()
    assert "From your team" in html
    assert (
        patient.post("/steps/about-your-cancer/save/her2", {"her2": "negative"}).status_code == 404
    )
    patient.post("/steps/about-your-cancer", {**PROFILE, "her2": "negative"})
    assert "her2" not in answers_of(record)
    assert services.profile_for(record, answers_of(record)).her2 == "positive"


def test_options_change_when_the_profile_changes(patient, record):
    services.save_answers(record, {"er": "positive", "her2": "negative", "menopause": "post"})
    html = patient.get("/steps/your-options").content.decode()
    first = html.split("Usually offered first for cancer like yours")[1].split("</ul>")[0]
    assert 'id="option-fulvestrant"' in first
    assert 'id="option-trastuzumab"' not in html

    services.save_answers(record, {"er": "negative", "pr": "negative", "her2": "positive"})
    html = patient.get("/steps/your-options").content.decode()
    first = html.split("Usually offered first for cancer like yours")[1].split("</ul>")[0]
    assert 'id="option-trastuzumab"' in first
    assert 'id="option-fulvestrant"' not in html
    not_suitable = patient.get("/options/not-usually-suitable").content.decode()
    assert "Fulvestrant" in not_suitable and "Yours is ER negative" in not_suitable


def test_no_cancer_treatment_and_the_trials_prompt_are_always_shown(patient, record):
    for profile in ({}, {"er": "negative", "her2": "negative", "pr": "negative"}):
        services.save_answers(record, profile)
        html = patient.get("/steps/your-options").content.decode()
        no_treatment = html.split("No cancer treatment</h2>")[1].split("Clinical trials")[0]
        assert 'id="option-supportive-care-only"' in no_treatment
        assert "Clinical trials" in html


def test_burden_on_the_options_page_matches_the_content_engine(patient, record, catalogue):
    services.save_answers(record, {"journey_minutes": 50, "travel_mode": "public_transport"})
    html = patient.get("/steps/your-options").content.decode()
    for slug in ("fulvestrant", "paclitaxel", "capecitabine"):
        option = catalogue.option(slug)
        burden = calculate(option.schedule, option.tests, 50, "public_transport")
        line = html.split(f'id="option-{slug}"')[1].split("</li>")[0]
        assert f"About {burden.trips_12_weeks:g} hospital trips." in line
        page = " ".join(patient.get(f"/options/{slug}").content.decode().split())
        assert f"About {burden.trips_12_weeks} trips." in page
        assert f"About {burden.travel_hours_12_weeks:g} hours travelling in all" in page


def test_a_returning_patient_lands_on_the_first_unfinished_step(patient, record):
    assert patient.get("/carry-on")["Location"] == "/steps/your-decision"
    patient.post("/steps/your-decision", {})  # the appointment date may be left blank
    assert patient.get("/carry-on")["Location"] == "/steps/about-your-cancer"
    patient.post("/steps/about-your-cancer", PROFILE)
    assert patient.get("/carry-on")["Location"] == "/steps/what-matters"


def test_change_links_come_back_to_check_answers(patient, record):
    services.save_answers(record, {"journey_minutes": 30})
    html = patient.get("/steps/check-answers").content.decode()
    assert 'href="/steps/getting-to-hospital?change=1#id_journey_minutes"' in html
    page = patient.get("/steps/getting-to-hospital?change=1").content.decode()
    assert 'name="change" value="1"' in page
    response = patient.post(
        "/steps/getting-to-hospital",
        {"journey_minutes": "20", "travel_mode": "car", "journey_hard": "no", "change": "1"},
    )
    assert response["Location"] == "/steps/check-answers"


def test_submitting_makes_versions_and_never_overwrites(patient, record):
    services.save_answers(record, {"journey_minutes": 20})
    patient.post("/steps/check-answers")
    patient.post("/steps/check-answers")  # a double submit makes one version
    assert Submission.objects.filter(record=record).count() == 1
    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED and record.submitted_version == 1

    patient.post("/steps/getting-to-hospital/save/journey_minutes", {"journey_minutes": "25"})
    record.refresh_from_db()
    assert record.changed_since_submission
    patient.post("/steps/check-answers")
    versions = list(Submission.objects.filter(record=record).order_by("version"))
    assert [s.version for s in versions] == [1, 2]
    assert versions[0].answers["journey_minutes"] == 20
    assert versions[1].answers["journey_minutes"] == 25
    assert all(s.content_release_id == record.content_release_id for s in versions)


def test_summary_shows_answers_escaped(patient, record):
    services.save_answers(record, {"matters_most": "<script>alert('x')</script> my garden"})
    html = patient.get("/my-summary").content.decode()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; my garden" in html
    assert "<script>alert('x')" not in html


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("step", [s.slug for s in STEPS])
def test_query_count_of_a_step_page_does_not_grow_with_answers(patient, record, step):
    patient.get(f"/steps/{step}")  # the first request also refreshes the session's expiry
    few = _queries(patient, f"/steps/{step}")
    services.save_answers(record, {**PROFILE, "journey_minutes": 40, "travel_mode": "car"})
    services.save_answers(
        record,
        {"shortlist": ["fulvestrant", "paclitaxel", "capecitabine", "supportive-care-only"],
         "compare": ["fulvestrant", "paclitaxel", "capecitabine"],
         **{f"pros_x{i}": "text" for i in range(30)}},
    )  # fmt: skip
    many = _queries(patient, f"/steps/{step}")
    assert many == few, f"{step}: {few} queries with few answers, {many} with many"
    assert many <= 6


def test_answers_are_one_row_each(patient, record):
    patient.post("/steps/getting-to-hospital/save/journey_minutes", {"journey_minutes": "35"})
    patient.post("/steps/getting-to-hospital/save/journey_minutes", {"journey_minutes": "36"})
    assert Answer.objects.filter(record=record, key="journey_minutes").count() == 1


def test_team_values_are_ticked_disabled_and_the_step_can_be_completed(patient, record):
    record.team_profile = {"er": "positive", "her2": "negative", "problems": []}
    record.save()
    html = patient.get("/steps/about-your-cancer").content.decode()
    assert re.search(r'id="id_er"[^>]*value="positive"[^>]*checked[^>]*disabled', html)
    assert re.search(r'value="none"[^>]*checked[^>]*disabled', html)
    rest = {k: v for k, v in PROFILE.items() if k not in {"er", "her2", "problems"}}
    response = patient.post("/steps/about-your-cancer", rest)
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = services.profile_for(record, answers_of(record))
    assert profile.er == "positive" and profile.her2 == "negative" and profile.problems == set()


def test_autosaving_an_unchanged_decimal_answer_stores_it_as_text(patient, record):
    services.save_answers(record, {"cost_per_trip": "12.50"})
    for _ in range(2):  # the second save is "unchanged" against the page's starting value
        response = patient.post(
            "/steps/getting-to-hospital/save/cost_per_trip", {"cost_per_trip": "12.50"}, **HTMX
        )
        assert response.status_code == 200
    assert answers_of(record)["cost_per_trip"] == "12.50"
