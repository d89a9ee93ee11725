"""The flow between steps (issue 15, item 5, and review M4, M8): what a step carries over from
the one before, what is optional, and what works without JavaScript."""

from __future__ import annotations

import html
import re

import pytest

from decision_aid.journey import services
from decision_aid.journey.steps import JourneyState

pytestmark = pytest.mark.django_db

SHORTLIST = ["fulvestrant", "paclitaxel", "supportive-care-only"]
LEANING = {
    "leaning": "some",
    "leaning_options": ["fulvestrant", "paclitaxel"],
    "sure_sure": "yes",
    "sure_understand": "yes",
    "sure_risk_benefit": "no",
    "sure_encouragement": "yes",
    "decide_how": "together",
}


def loaded_of(page: str) -> str:
    return html.unescape(re.search(r'name="_loaded" value="([^"]*)"', page).group(1))


def ticked(page: str, name: str) -> set[str]:
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    return {re.search(r'value="([^"]*)"', i).group(1) for i in inputs if "checked" in i}


def test_M8_compare_starts_with_the_shortlist_ticked_and_saves_it(patient, record):
    services.save_answers(record, {"er": "positive", "shortlist": SHORTLIST})
    page = patient.get("/steps/compare").content.decode()
    assert ticked(page, "compare") == set(SHORTLIST)
    response = patient.post("/steps/compare", {"compare": SHORTLIST, "_loaded": loaded_of(page)})
    assert response.status_code == 302, "the patient's shortlist is a valid comparison"
    assert services.load_answers(record)["compare"] == SHORTLIST


def test_compare_keeps_what_the_patient_changed(patient, record):
    services.save_answers(record, {"shortlist": SHORTLIST})
    page = patient.get("/steps/compare").content.decode()
    patient.post("/steps/compare", {"compare": SHORTLIST[:2], "_loaded": loaded_of(page)})
    assert services.load_answers(record)["compare"] == SHORTLIST[:2]
    assert ticked(patient.get("/steps/compare").content.decode(), "compare") == set(SHORTLIST[:2])


def test_leaning_lists_only_the_shortlist_and_no_cancer_treatment(patient, record):
    services.save_answers(record, {"er": "positive", "shortlist": ["fulvestrant", "paclitaxel"]})
    state = JourneyState(record)
    assert [o.slug for o in state.leaning_options] == [
        "fulvestrant",
        "paclitaxel",
        "supportive-care-only",
    ]
    page = patient.get("/steps/where-you-are-leaning").content.decode()
    offered = set(re.findall(r'name="leaning_options"[^>]*value="([^"]*)"', page))
    assert offered == {"fulvestrant", "paclitaxel", "supportive-care-only"}


def test_the_question_about_how_long_you_may_live_is_optional(patient, record):
    services.save_answers(record, {"shortlist": SHORTLIST})
    response = patient.post("/steps/where-you-are-leaning", LEANING)
    assert response.status_code == 302
    assert "survival_talk" not in services.load_answers(record)


def test_questions_step_ticks_at_most_5_that_come_from_her_answers(patient, record):
    services.save_answers(
        record,
        {
            "shortlist": SHORTLIST,
            **{f"matters_{k}": "very_much" for k in ("fewer_visits", "avoid_hair_loss")},
            "matters_keep_energy": "quite_a_lot",
            **LEANING,
        },
    )
    state = JourneyState(record)
    page = patient.get("/steps/questions").content.decode()
    chosen = ticked(page, "questions_selected")
    assert 1 <= len(chosen) <= 5
    whens = {s.key: s.when for s in state.suggested}
    assert all(whens[key] != "always" for key in chosen)
    assert len(state.suggested) > len(chosen)
    response = patient.post(
        "/steps/questions", {"questions_selected": sorted(chosen), "_loaded": loaded_of(page)}
    )
    assert response.status_code == 302
    assert set(services.load_answers(record)["questions_selected"]) == chosen


def test_knowledge_check_shows_the_answers_without_javascript(patient, record):
    services.save_answers(record, {"shortlist": SHORTLIST})
    page = patient.get("/steps/check-what-you-know").content.decode()
    button = re.search(r'<button[^>]*name="action"[^>]*value="stay"[^>]*>\s*Show the answers', page)
    assert button, "a 'Show the answers' button that keeps the page"
    first = re.search(r'name="(knowledge_[\w-]+)"', page).group(1)
    response = patient.post(
        "/steps/check-what-you-know", {first: "true", "action": "stay", "_loaded": "{}"}
    )
    assert response.status_code == 200, "the page stays, with the answer shown"
    assert "app-explanation" in response.content.decode()
    assert services.load_answers(record)[first] == "true"
    assert not services.load_answers(record).get("done_check_what_you_know")


def test_M4_weigh_up_gives_no_cancer_treatment_its_downsides_in_whole_sentences(patient, record):
    services.save_answers(
        record,
        {
            "shortlist": SHORTLIST,
            "matters_tablets_at_home": "very_much",
            "matters_keep_energy": "very_much",
            "matters_live_longer": "very_much",
        },
    )
    lines = JourneyState(record).weigh_up_lines
    none = {line.matters: line.text for line in lines["supportive-care-only"]}
    assert "given as no treatment given" not in " ".join(none.values())
    assert (
        "As the cancer grows it may make you tired" in none["Keeping my energy for things I enjoy"]
    )
    assert "expected to grow" in none["Living as long as possible"]
    drip = {line.matters: line.text for line in lines["paclitaxel"]}
    assert drip["Taking tablets at home rather than having a drip"].startswith(
        "It is not taken as tablets. How it is given:"
    )


def test_your_code_page_offers_copy_and_print_only_with_javascript(client, catalogue):
    client.post("/start/new")
    page = client.get("/your-code").content.decode()
    assert re.search(r'<div class="app-code-actions" hidden>', page)
    assert "Copy the code" in page and "Print this page" in page
    assert "data-copied=" in page  # the status words come from the page, in its language
