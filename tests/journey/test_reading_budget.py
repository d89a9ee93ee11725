"""Issue 15: a decision aid patients can finish. One pass through the journey is at most 4,000
words with every "details" closed, the options overview at most 1,200, and every patient page
at most 60 kB of HTML. Walked for four kinds of cancer, each with every question answered and
four options chosen (the most the overview allows), so the longest pages are the ones measured.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from decision_aid.journey import services
from decision_aid.journey.models import DecisionRecord
from decision_aid.journey.reading import (
    OVERVIEW_WORD_BUDGET,
    PAGE_HTML_BUDGET_BYTES,
    PASS_WORD_BUDGET,
    minutes_for,
    one_pass_paths,
    visible_text,
    word_count,
)
from decision_aid.journey.session import SESSION_KEY
from decision_aid.journey.steps import JourneyState

pytestmark = pytest.mark.django_db

HISTORY_NONE = {
    "hormone_for_secondary": "none", "cdk46_for_secondary": "none", "chemo_for_secondary": "none",
    "her2_for_secondary": "none", "anthracycline_ever": "no", "taxane_ever": "no",
}  # fmt: skip
PROFILES = {
    "hormone positive, first treatment": {
        "er": "positive", "pr": "positive", "her2": "negative", "menopause": "post",
        "spread": ["bone", "liver"], "problems": ["none"], **HISTORY_NONE,
    },
    "HER2 positive, first treatment": {
        "er": "negative", "pr": "negative", "her2": "positive", "menopause": "pre",
        "spread": ["lung"], "problems": ["none"], **HISTORY_NONE,
    },
    "triple negative, after chemotherapy": {
        "er": "negative", "pr": "negative", "her2": "negative", "pdl1": "unknown",
        "menopause": "post", "spread": ["lymph_nodes", "lung"], "problems": ["fluid_on_lung"],
        **HISTORY_NONE, "chemo_for_secondary": "two_or_more", "anthracycline_ever": "yes",
        "taxane_ever": "yes",
    },
    "nothing known yet": {"spread": ["unknown"], "problems": ["unknown"]},
}  # fmt: skip
ANSWERS = {
    "next_appointment": None,  # set per test: three weeks from today
    # Six of the eleven matter to her (quite a lot or very much).
    "matters_fewer_visits": "very_much", "matters_less_travel": "a_little",
    "matters_tablets_at_home": "a_little", "matters_avoid_hair_loss": "quite_a_lot",
    "matters_avoid_feeling_sick": "quite_a_lot", "matters_keep_energy": "very_much",
    "matters_work_or_caring": "not_at_all", "matters_live_longer": "very_much",
    "matters_control_symptoms": "a_little", "matters_fewer_tests": "a_little",
    "matters_family_time": "very_much", "tradeoff": "both",
    "matters_most": "Seeing my grandchildren grow up.", "coming_months": "A holiday by the sea.",
    "journey_minutes": 50, "travel_mode": "public_transport", "journey_hard": "sometimes",
    "leaning": "some", "sure_sure": "no", "sure_understand": "yes", "sure_risk_benefit": "yes",
    "sure_encouragement": "yes", "decide_how": "together", "survival_talk": "main_points",
    "questions_own": "Can I have treatment nearer home?",
}  # fmt: skip


def answers_given(client) -> dict:
    record = DecisionRecord.objects.get(pk=client.session[SESSION_KEY])
    answers = services.load_answers(record)
    return {k: v for k, v in answers.items() if not k.startswith("done_")}


def walk(client, profile: dict) -> dict[str, str]:
    """Answer everything, choose 4 options (one is no cancer treatment), then read each page of
    one pass as she would see it."""
    from datetime import timedelta

    from django.utils import timezone

    record = services.start_record(self_started=True)
    answers = {**ANSWERS, **profile}
    answers["next_appointment"] = (timezone.localdate() + timedelta(days=21)).isoformat()
    services.save_answers(record, answers)
    options = [o.slug for o in JourneyState(record).fitting_options]
    chosen = [*[s for s in options if s != "supportive-care-only"][:3], "supportive-care-only"]
    services.save_answers(record, {
        "shortlist": chosen, "compare": chosen, "leaning_options": chosen[:2],
        **{f"pros_{s}": "It fits my week." for s in chosen},
    })  # fmt: skip
    session = client.session
    session[SESSION_KEY] = str(record.pk)
    session.save()
    pages = {}
    for path in one_pass_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    for slug in chosen:
        pages[f"/options/{slug}"] = client.get(f"/options/{slug}").content.decode()
    return pages


@pytest.mark.parametrize("kind", PROFILES)
def test_one_pass_is_within_the_word_budget_and_every_page_is_small(client, catalogue, kind):
    pages = walk(client, PROFILES[kind])
    in_pass = {p: html for p, html in pages.items() if p in one_pass_paths()}
    words = {path: word_count(html) for path, html in in_pass.items()}
    import os

    if os.environ.get("SHOW_PAGE"):
        print(visible_text(pages[os.environ["SHOW_PAGE"]]))
    print(kind, sum(words.values()), words)
    assert sum(words.values()) <= PASS_WORD_BUDGET, words
    assert words["/steps/your-options"] <= OVERVIEW_WORD_BUDGET
    for path, html in pages.items():
        assert len(html.encode()) <= PAGE_HTML_BUDGET_BYTES, (path, len(html.encode()))
    # The pass really is the whole journey: every step page, the decision framed first.
    assert list(in_pass)[:4] == ["/", "/start", "/your-code", "/steps/your-decision"]
    assert list(in_pass)[-2:] == ["/steps/check-answers", "/submitted"]
    assert "Treatment cannot cure it." in visible_text(in_pass["/steps/your-decision"])
    # The home page says how long a pass takes: reading it, and giving her answers.
    low, high = settings.JOURNEY_MINUTES
    answered = sum(1 for value in answers_given(client).values() if value not in (None, "", []))
    assert low <= minutes_for(sum(words.values()), answered) <= high
    assert f"About {low} to {high} minutes" in pages["/"]


def test_no_option_detail_is_in_the_overview_html(client, catalogue):
    pages = walk(client, PROFILES["hormone positive, first treatment"])
    overview = pages["/steps/your-options"]
    for marker in ("app-option-facts", "Pregnancy, contraception and breastfeeding",
                   "All its side effects"):  # fmt: skip
        assert marker not in overview
    assert "All its side effects" in pages["/options/supportive-care-only"]


def test_words_are_counted_as_read_on_screen():
    html = (
        "<html><head><title>Not read</title></head><body><header>Not main</header><main>"
        "<p>One two three</p><details><summary>Four five</summary><div>hidden words here</div>"
        "</details><details open><summary>Six</summary><p>seven</p></details>"
        '<span class="nhsuk-u-visually-hidden">screen reader only</span>'
        "<script>var notWords = 1;</script><p hidden>not shown</p>"
        "<svg><title>picture title</title><text>8</text></svg></main></body></html>"
    )
    assert visible_text(html) == "One two three Four five Six seven 8"
    assert word_count(html) == 8
