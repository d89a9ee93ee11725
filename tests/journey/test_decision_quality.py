"""Issue 15: the decision framed first, the options overview in a nurse's order with each
option on its own page, numbers with their source, values that work (a trade-off, and which of
her priorities each option helps or costs)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aid.content.eligibility import Fit
from decision_aid.content.overview import MAIN_GROUPS, MATCHED_GROUPS, overview_sections
from decision_aid.content.services import assess_catalogue
from decision_aid.content.types import EvidenceContent, SourceContent
from decision_aid.journey import presenters, services
from decision_aid.journey.forms import YourDecisionForm
from decision_aid.journey.reading import visible_text
from decision_aid.journey.steps import JourneyState

pytestmark = pytest.mark.django_db

HORMONE_FIRST_LINE = {
    "er": "positive", "pr": "positive", "her2": "negative", "menopause": "post",
    "hormone_for_secondary": "none", "cdk46_for_secondary": "none", "chemo_for_secondary": "none",
}  # fmt: skip


# --- Frame the decision (item 1) --------------------------------------------------------------


def test_the_decision_is_framed_before_any_question(patient, catalogue):
    html = patient.get("/carry-on", follow=True).content.decode()
    assert "<h1>Your decision</h1>" in html
    text = visible_text(html)
    for key in ("decision-about-secondary", "decision-without-treatment", "decision-the-choice"):
        assert " ".join(catalogue.texts[key].split()) in text, key
    assert "When is your next appointment with your team?" in text


def test_a_record_pinned_to_an_older_release_still_sees_the_decision_framed(patient, record):
    from decision_aid.content.models import CatalogueText
    from decision_aid.content.releases import publish_release

    texts = CatalogueText.objects.filter(key__startswith="decision-")
    kept = {t.key: t.text for t in texts}
    texts.delete()
    older = publish_release("Test: a release from before the decision texts")
    type(record).objects.filter(pk=record.pk).update(content_release=older)
    for key, text in kept.items():
        CatalogueText.objects.create(key=key, text=text)
    publish_release("Test: the current release")
    text = visible_text(patient.get("/steps/your-decision").content.decode())
    assert " ".join(kept["decision-the-choice"].split()) in text


def test_her_appointment_date_is_used_to_say_how_long_she_has(patient, record):
    on = timezone.localdate() + timedelta(days=21)
    response = patient.post("/steps/your-decision", parts(on.day, on.month, on.year))
    assert response.status_code == 302
    assert services.load_answers(record)["next_appointment"] == on.isoformat()
    html = patient.get("/steps/your-decision").content.decode()
    when = f"{on:%A} {on.day} {on:%B %Y}"
    assert f"Your next appointment is on {when}. That is 21 days away." in html
    assert f"{on.day} {on:%B %Y}" in patient.get("/steps/check-answers").content.decode()


def parts(day, month, year) -> dict:
    return {"next_appointment_day": str(day), "next_appointment_month": str(month),
            "next_appointment_year": str(year)}  # fmt: skip


NEXT_YEAR = timezone.localdate().year + 1


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("25", "", NEXT_YEAR, "must include a day, month and year"),
        ("31", "2", NEXT_YEAR, "must be a real date"),
        ("1", "1", NEXT_YEAR - 2, "must be today or in the future"),
        ("1", "1", NEXT_YEAR + 2, "must be within the next year"),
        ("x", "1", NEXT_YEAR, "must be a real date"),
    ],
)
def test_a_wrong_date_gets_a_clear_message_and_nothing_is_lost(
    patient, record, day, month, year, message
):
    kept = (timezone.localdate() + timedelta(days=10)).isoformat()
    services.save_answers(record, {"next_appointment": kept})
    response = patient.post("/steps/your-decision", parts(day, month, year))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and 'id="id_next_appointment-parts-error"' in html
    assert f'value="{day}"' in html  # what she typed is shown back to her
    assert services.load_answers(record)["next_appointment"] == kept


def test_the_appointment_may_be_left_blank():
    form = YourDecisionForm(data={})
    assert form.is_valid() and form.cleaned_data["next_appointment"] is None


def test_a_past_appointment_is_not_counted_down():
    today = timezone.localdate()
    assert presenters.appointment((today - timedelta(days=1)).isoformat()) is None
    assert presenters.appointment((today).isoformat()).days_away == 0
    assert presenters.appointment("not a date") is None


# --- The options overview (item 2) ------------------------------------------------------------


def test_the_overview_is_in_a_nurses_order_with_detail_on_each_options_page(patient, record):
    services.save_answers(record, {**HORMONE_FIRST_LINE, "spread": ["bone"], "problems": ["none"]})
    html = patient.get("/steps/your-options").content.decode()
    order = [
        "Usually offered first for cancer like yours",
        "Other treatments that may suit you",
        "Treatments that can go alongside",
        "No cancer treatment",
        "Clinical trials",
    ]
    positions = [html.index(heading) for heading in order]
    assert positions == sorted(positions)
    first = html[positions[0] : positions[1]]
    assert 'id="option-cdk46-inhibitor-with-hormone-therapy"' in first
    assert 'id="option-paclitaxel"' not in first  # chemotherapy is not offered first here
    alongside = html[positions[2] : positions[3]]
    assert 'id="option-bisphosphonates"' in alongside  # never an alternative to the main one
    assert 'href="/options/fulvestrant"' in html
    assert "All its side effects" not in html


def test_with_her_test_results_unknown_nothing_is_called_usually_first(patient, record):
    services.save_answers(record, {"spread": ["unknown"], "problems": ["unknown"]})
    html = patient.get("/steps/your-options").content.decode()
    assert "Usually offered first" not in html
    assert "We cannot tell yet which treatment is usually offered first for you." in html


@settings(max_examples=40, deadline=None)
@given(
    er=st.sampled_from(["positive", "negative", "unknown"]),
    her2=st.sampled_from(["positive", "negative", "unknown"]),
    chemo=st.sampled_from(["none", "one", "two_or_more", "unknown"]),
    hormone=st.sampled_from(["none", "with_ai", "unknown"]),
)
def test_every_option_is_in_exactly_one_section_and_fits_it(er, her2, chemo, hormone):
    from decision_aid.content.profile import parse_profile
    from decision_aid.content.releases import current_catalogue

    catalogue = current_catalogue()
    profile = parse_profile({"er": er, "pr": er, "her2": her2, "chemo_for_secondary": chemo,
                             "hormone_for_secondary": hormone})  # fmt: skip
    sections = overview_sections(assess_catalogue(catalogue, profile))
    placed = [*sections.may_suit, *sections.not_suitable]
    assert sorted(a.option.slug for a in placed) == sorted(catalogue.slugs)
    assert sections.no_treatment and sections.no_treatment.option.slug == "supportive-care-only"
    assert all(a.fit is Fit.SUITABLE for a in sections.usually_first + sections.other)
    assert all(a.option.group in MAIN_GROUPS for a in sections.usually_first + sections.ask)
    assert all(a.option.group not in MAIN_GROUPS for a in sections.alongside)
    assert all(a.fit is Fit.UNSUITABLE for a in sections.not_suitable)
    if not sections.first_is_chemotherapy:
        assert all(a.option.group in MATCHED_GROUPS for a in sections.usually_first)


def test_an_option_page_adds_it_to_her_list_and_refuses_a_fifth(patient, record):
    services.save_answers(record, {**HORMONE_FIRST_LINE, "spread": ["bone"], "problems": ["none"]})
    page = patient.get("/options/fulvestrant").content.decode()
    assert "<h1>Fulvestrant (Faslodex)</h1>" in page and "Add to my list" in page
    assert patient.post("/options/fulvestrant", {"shortlist": "add"})["Location"] == (
        "/options/fulvestrant"
    )
    assert services.load_answers(record)["shortlist"] == ["fulvestrant"]
    for slug in ("tamoxifen", "paclitaxel", "supportive-care-only"):
        patient.post(f"/options/{slug}", {"shortlist": "add"})
    response = patient.post("/options/capecitabine", {"shortlist": "add"})
    assert "You have already chosen 4 options. Remove one from your list first." in (
        response.content.decode()
    )
    assert len(services.load_answers(record)["shortlist"]) == 4
    patient.post("/options/tamoxifen", {"shortlist": "remove"})
    assert "tamoxifen" not in services.load_answers(record)["shortlist"]


def test_an_option_that_does_not_suit_her_has_a_page_that_says_so_but_cannot_be_listed(
    patient, record
):
    services.save_answers(record, HORMONE_FIRST_LINE)  # HER2 negative
    page = patient.get("/options/trastuzumab").content.decode()
    assert "Usually not suitable for your cancer" in page and "Add to my list" not in page
    patient.post("/options/trastuzumab", {"shortlist": "add"})
    assert "trastuzumab" not in (services.load_answers(record).get("shortlist") or [])
    assert patient.get("/options/no-such-option").status_code == 404


# --- Numbers with their source (item 3) -------------------------------------------------------


def test_every_shipped_option_says_what_it_can_do_and_every_number_has_its_source(catalogue):
    for option in catalogue.options:
        evidence = option.evidence
        assert evidence and evidence.statement, option.slug
        if evidence.kind in {"proportion", "time"}:
            assert evidence.source and evidence.source.url.startswith("https://"), option.slug


def test_a_proportion_is_drawn_as_100_people_with_its_words_and_source(patient, record):
    from django.template.loader import render_to_string

    option = record_option = JourneyState(record).option_card("fulvestrant")
    evidence = EvidenceContent(
        kind="proportion", statement="About 6 in 10 people had their cancer shrink.",
        per_100=60, per_100_label="had their cancer shrink",
        source=SourceContent("NICE TA1", "https://www.nice.org.uk/guidance/ta1"),
    )  # fmt: skip
    from dataclasses import replace

    card = replace(record_option, option=replace(option.option, evidence=evidence))
    html = render_to_string("journey/_evidence.jinja", {"card": card})
    assert html.count("app-icon-array__person--yes") == 60
    assert html.count("app-icon-array__person") == 100 + 60
    assert 'role="img" aria-label="About 60 out of 100 people had their cancer shrink."' in html
    assert 'href="https://www.nice.org.uk/guidance/ta1"' in html


def test_no_cancer_treatment_has_its_downsides_in_the_same_rows(patient, record):
    services.save_answers(record, {**HORMONE_FIRST_LINE,
                                   "shortlist": ["fulvestrant", "supportive-care-only"],
                                   "compare": ["fulvestrant", "supportive-care-only"]})  # fmt: skip
    rows = {row.label: row.values for row in JourneyState(record).compare_rows}
    no_treatment = {label: values[1] for label, values in rows.items()}
    assert "the cancer is expected to grow" in no_treatment["What it can do"]
    assert "As the cancer grows, it may cause symptoms" in no_treatment["Common side effects"]


# --- Values that work (item 4) ----------------------------------------------------------------


def test_what_matters_has_an_instruction_and_a_trade_off(patient):
    html = patient.get("/steps/what-matters").content.decode()
    assert "There are no right or wrong answers." in html
    assert "If you had to choose, which would matter more to you now?" in html


def test_weigh_up_shows_which_priorities_each_option_helps_and_costs_without_a_score(
    patient, record
):
    services.save_answers(record, {
        **HORMONE_FIRST_LINE, "shortlist": ["aromatase-inhibitor", "paclitaxel",
                                            "supportive-care-only"],
        "matters_fewer_visits": "very_much", "matters_avoid_hair_loss": "very_much",
        "matters_live_longer": "very_much", "tradeoff": "quality",
    })  # fmt: skip
    state = JourneyState(record)
    effects = {
        slug: {line.matters: line.effect for line in lines}
        for slug, lines in state.weigh_up_lines.items()
    }
    assert effects["aromatase-inhibitor"]["Having fewer hospital visits"] == presenters.HELPS
    assert effects["paclitaxel"]["Having fewer hospital visits"] == presenters.COSTS
    assert effects["paclitaxel"]["Avoiding hair loss"] == presenters.COSTS
    assert effects["supportive-care-only"]["Living as long as possible"] == presenters.COSTS
    assert effects["aromatase-inhibitor"]["Living as long as possible"] == ""  # not known
    html = patient.get("/steps/weigh-up").content.decode()
    assert "May help with" in html and "May cost you" in html
    assert "Feeling as well as I can, with more time at home" in html  # her trade-off
    assert "score" not in html.lower().replace("there is no score", "")


def test_eribulin_reads_as_a_short_drip_everywhere_and_weighs_against_tablets_at_home(
    patient, record
):
    """Cancer Research UK and Breast Cancer Now call it a drip into a vein over 2 to 5 minutes;
    its summary once said "injection" while its card said "drip" (issue 15, left over)."""
    services.save_answers(record, {
        **HORMONE_FIRST_LINE, "shortlist": ["eribulin", "aromatase-inhibitor"],
        "matters_tablets_at_home": "very_much",
    })  # fmt: skip
    state = JourneyState(record)
    (card,) = state.cards_for(["eribulin"])
    assert card.how == "Drip into a vein"
    words = " ".join([card.option.summary, card.option.how_given, card.option.schedule.summary])
    assert "drip" in words and "injection" not in words.lower()
    assert "in 10" not in card.option.hair_loss_text  # that figure had no UK source
    effects = {
        slug: {line.matters: line.effect for line in lines}
        for slug, lines in state.weigh_up_lines.items()
    }
    tablets = "Taking tablets at home rather than having a drip"
    assert effects["eribulin"][tablets] == presenters.COSTS
    assert effects["aromatase-inhibitor"][tablets] == presenters.HELPS
