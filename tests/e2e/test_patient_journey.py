"""The whole patient journey in real Chromium: with and without JavaScript, at 1280 and 320 px,
resuming with the access code, autosave, and two tabs. Every page is checked with axe on the way
(at 320 px, test_every_page checks every page with axe)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import (
    ABOUT_YOUR_CANCER,
    CHECK_ANSWERS,
    GETTING_TO_HOSPITAL,
    MATTERS_ITEMS,
    MATTERS_MOST_MARKER,
    OWN_QUESTIONS,
    START_OR_CARRY_ON,
    STEP_TITLES,
    WHAT_MATTERS,
    YOUR_CODE,
    YOUR_OPTIONS,
    answer,
    arrived,
    click_and_arrive,
    copy_problems,
    group,
    labels_in,
    missing_answers,
    sideways_scroll,
    start,
    tick,
    type_text,
    walk_journey,
)

pytestmark = pytest.mark.django_db(transaction=True)

COST = "How much does a trip there and back cost you, in pounds? (optional)"
WIDE = {"width": 1280, "height": 720}  # pytest-playwright's default
NARROW = {"width": 320, "height": 640}
EVERY_PAGE = ["Think through your treatment choices", START_OR_CARRY_ON, YOUR_CODE, *STEP_TITLES]


def open_step(page, base_url, slug, title):
    """Start without a code, then go straight to one step (earlier steps left unanswered)."""
    start(page, base_url)
    page.goto(f"{base_url}/steps/{slug}")
    arrived(page, title)


@pytest.fixture
def problems(page):
    """Console errors and failed responses (4xx/5xx) on the ``page``, for asserting none."""
    seen: list[str] = []
    page.on("console", lambda msg: seen.append(msg.text) if msg.type == "error" else None)
    page.on(
        "response",
        lambda response: (
            seen.append(f"{response.status} {response.request.method} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    return seen


def test_whole_journey_with_javascript_passes_axe_fits_320px_and_every_answer_is_shown(
    page, live_server, axe_check, catalogue, problems
):
    """One walk, every page checked at both widths: axe at 1280 px, then, narrowed to 320 px (a
    small phone, or 1280 px zoomed to 400%), no sideways scrolling. (Axe at 320 px is
    test_every_page's, on every page of the service.)"""
    overflowing: dict[str, str] = {}

    def check(page, name):
        axe_check(page, name)
        page.set_viewport_size(NARROW)
        if too_wide := sideways_scroll(page):
            overflowing[name] = too_wide
        page.set_viewport_size(WIDE)

    walk = walk_journey(page, live_server.url, axe=check)

    assert walk.pages == EVERY_PAGE
    assert page.viewport_size == WIDE
    assert len(walk.answers) > 40  # every question on every step (what matters by level)
    assert walk.answers["How long does it take you to get to hospital, in minutes?"] == [
        "45 minutes"
    ]
    assert walk.answers[COST] == ["£12.50"]
    assert walk.answers["Your own questions"] == list(OWN_QUESTIONS)
    assert missing_answers(page, walk.answers) == []
    # Free text is shown as typed, not as markup.
    assert page.get_by_text(MATTERS_MOST_MARKER, exact=True).count() == 1

    send = page.get_by_role("button", name="Finish and save my answers")  # no team yet
    click_and_arrive(page, send, "Your answers are saved", check)
    summary_link = page.get_by_role("link", name="View and print your summary")
    click_and_arrive(page, summary_link, "Your summary", check)
    assert copy_problems(page) == []
    assert problems == []
    assert overflowing == {}


def test_whole_journey_works_without_javascript(new_context, live_server, catalogue):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    autosaves: list[str] = []
    page.on("request", lambda r: autosaves.append(r.url) if "/save/" in r.url else None)

    walk = walk_journey(page, live_server.url)

    assert walk.pages == EVERY_PAGE
    assert page.evaluate("typeof window.htmx") == "undefined"  # no script ran
    assert autosaves == []  # every answer was saved by "Save and continue"
    assert missing_answers(page, walk.answers) == []
    send = page.get_by_role("button", name="Finish and save my answers")  # no team yet
    click_and_arrive(page, send, "Your answers are saved")
    summary_link = page.get_by_role("link", name="View and print your summary")
    click_and_arrive(page, summary_link, "Your summary")
    assert copy_problems(page) == []


def test_answers_are_saved_as_they_are_given_and_survive_a_reload(page, live_server, catalogue):
    open_step(page, live_server.url, "what-matters", WHAT_MATTERS)
    hair_loss = group(page, "Avoiding hair loss").get_by_label("Quite a lot", exact=True)
    most = page.get_by_label("What matters most to you?", exact=True)

    hair_loss.check()
    expect(page.locator("#autosave-status-matters_avoid_hair_loss")).to_have_text("Saved")
    most.press_sequentially("Marker-reload R5: my garden")  # saved 1.5 s after the last key
    expect(page.locator("#autosave-status-matters_most")).to_have_text("Saved")
    page.reload()
    arrived(page, WHAT_MATTERS)

    expect(hair_loss).to_be_checked()
    expect(most).to_have_value("Marker-reload R5: my garden")
    # Only what was answered was kept: the question next to it is still unanswered.
    expect(group(page, "Avoiding feeling sick").locator("input:checked")).to_have_count(0)


def test_carry_on_in_a_new_browser_with_the_code(page, new_context, live_server, catalogue):
    walk = walk_journey(page, live_server.url, until=GETTING_TO_HOSPITAL)
    typed = walk.code.lower().replace("-", " ")  # as someone might type it: "abcde fghjk"
    assert re.fullmatch(r"[a-z0-9]{5} [a-z0-9]{5}", typed)

    elsewhere = new_context().new_page()
    elsewhere.goto(live_server.url + "/start")
    arrived(elsewhere, START_OR_CARRY_ON)
    elsewhere.get_by_label("Enter your access code").fill(typed)
    click_and_arrive(
        elsewhere, elsewhere.get_by_role("button", name="Continue"), GETTING_TO_HOSPITAL
    )
    # Lands on the first step not finished; what was answered before is all there.
    elsewhere.goto(live_server.url + "/steps/check-answers")
    arrived(elsewhere, CHECK_ANSWERS)
    assert missing_answers(elsewhere, walk.answers) == []
    assert (
        len(walk.answers) == 1 + 17 + 4 + 2
    )  # appointment, about your cancer, what matters, free text


def test_a_wrong_code_says_so_accessibly(page, new_context, live_server, axe_check, catalogue):
    walk = walk_journey(page, live_server.url, until=ABOUT_YOUR_CANCER)
    # The real code with its last character changed: right record, wrong secret part.
    wrong = walk.code[:-1] + ("A" if walk.code[-1] != "A" else "B")

    other = new_context().new_page()
    other.goto(live_server.url + "/start")
    other.get_by_label("Enter your access code").fill(wrong)
    click_and_arrive(other, other.get_by_role("button", name="Continue"), START_OR_CARRY_ON)

    assert other.title().startswith("Error:")
    summary = other.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(
        summary.get_by_role("link", name=re.compile("^That code did not work"))
    ).to_have_attribute("href", "#id_code")
    expect(other.locator("#id_code")).to_have_value(wrong)
    field_error = other.locator(".nhsuk-error-message")
    expect(field_error).to_have_count(1)
    expect(field_error).to_contain_text("That code did not work")
    axe_check(other, "start page with a wrong code")


def test_saving_in_one_tab_never_undoes_an_answer_from_another(
    page, new_context, live_server, catalogue
):
    open_step(page, live_server.url, "getting-to-hospital", GETTING_TO_HOSPITAL)
    minutes = page.get_by_label("How long does it take you to get to hospital, in minutes?")
    for control, give in (
        (minutes, type_text("45")),
        (group(page, "How do you usually get there?").get_by_label("I drive myself"), tick),
        (group(page, "Is the journey hard for you?").get_by_label("No", exact=True), tick),
    ):
        answer(page, control, give)
    # Tab B: the same record in a browser without JavaScript, loaded before tab A changes.
    tab_b = new_context(java_script_enabled=False)
    tab_b.add_cookies(page.context.cookies())
    b = tab_b.new_page()
    b.goto(live_server.url + "/steps/getting-to-hospital")
    arrived(b, GETTING_TO_HOSPITAL)
    expect(
        b.get_by_label("How long does it take you to get to hospital, in minutes?")
    ).to_have_value("45")

    answer(page, minutes, type_text("30"))  # tab A: autosaved
    expect(page.locator("#autosave-status-journey_minutes")).to_have_text("Saved")
    group(b, "How do you usually get there?").get_by_label(
        "Bus, train or other public transport"
    ).check()
    click_and_arrive(b, b.get_by_role("button", name="Save and continue"), YOUR_OPTIONS)

    page.reload()
    arrived(page, GETTING_TO_HOSPITAL)
    expect(minutes).to_have_value("30")  # tab B sent 45 unchanged: it did not overwrite 30
    travel = group(page, "How do you usually get there?")
    expect(travel.get_by_label("Bus, train or other public transport")).to_be_checked()
    expect(
        group(page, "Is the journey hard for you?").get_by_label("No", exact=True)
    ).to_be_checked()


TRAVEL = re.compile(
    r"About (\d+) trips?\. About ([\d.]+) hours travelling in all \((\d+) minutes each way\)\."
)


def test_options_show_no_treatment_and_travel_time_from_the_journey(page, live_server, catalogue):
    walk_journey(page, live_server.url, until=YOUR_OPTIONS)  # journey: 45 minutes, a lift
    shortlist = group(page, "Which options would you like to look at more closely?")
    names = labels_in(shortlist)
    assert [n for n in names if n.startswith("No cancer treatment")], names
    # One line per option: its key facts (never its full detail, which is on its own page).
    facts = page.locator(".app-overview__item .nhsuk-checkboxes__hint").all_inner_texts()
    assert len(facts) >= len(names) // 2  # treatments that go alongside show no trips
    assert all("hospital trip" in f or "No regular" in f or "Care for symptoms" in f
               for f in facts)  # fmt: skip
    assert page.locator(".app-option-facts").count() == 0

    # Its own page: the travelling time from her journey (trips x 45 minutes there and back).
    read = page.get_by_role("link", name=re.compile(r"^Read about it\W+Fulvestrant \(Faslodex\)$"))
    click_and_arrive(page, read, "Fulvestrant (Faslodex)")
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.get_by_text("Hospital trips in the first 12 weeks", exact=True)
    )
    shown = " ".join(row.locator("dd").inner_text().split())
    found = TRAVEL.fullmatch(shown)
    assert found, shown
    trips, hours, minutes = int(found[1]), float(found[2]), int(found[3])
    assert trips > 0
    assert (hours, minutes) == (round(2 * 45 / 60 * trips, 1), 45)

    # Add it to her list from its page; the overview shows it ticked.
    click_and_arrive(page, page.get_by_role("button", name="Add to my list to look at closely"),
                     "Fulvestrant (Faslodex)")  # fmt: skip
    expect(page.get_by_role("button", name="Remove from my list")).to_be_visible()
    click_and_arrive(page, page.get_by_role("link", name="Back to all your options"), YOUR_OPTIONS)
    expect(page.get_by_label("Fulvestrant (Faslodex)", exact=True)).to_be_checked()


def test_answers_saved_at_the_same_moment_are_all_kept(page, live_server, catalogue):
    """Saves that overlap (quick clicks, two tabs, a tick then "Save and continue") all work."""
    open_step(page, live_server.url, "what-matters", WHAT_MATTERS)
    for item in MATTERS_ITEMS:
        group(page, item).get_by_label("Very much", exact=True).evaluate("el => el.checked = true")
    # What htmx sends for each answer, all at once rather than one after another.
    statuses = page.evaluate(
        """async () => {
            const form = document.querySelector('form.app-step-form');
            const names = [...new Set([...form.querySelectorAll('input[type=radio]')]
                .map(el => el.name))];
            const sends = names.map(name => fetch(
                `/steps/what-matters/save/${name}`,
                {method: 'POST', body: new FormData(form), headers: {'HX-Request': 'true'}},
            ).then(response => [name, response.status]));
            return Object.fromEntries(await Promise.all(sends));
        }"""
    )
    assert len(statuses) == len(MATTERS_ITEMS) + 1  # and the trade-off question
    assert {name: status for name, status in statuses.items() if status != 200} == {}
    page.reload()
    arrived(page, WHAT_MATTERS)
    for item in MATTERS_ITEMS:
        expect(group(page, item).get_by_label("Very much", exact=True)).to_be_checked()
