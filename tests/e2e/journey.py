"""Walk the whole patient journey in a real browser, answering every question.

``walk_journey(page, base_url)`` starts on the start page, starts without a code, reads the
access code, answers every step and stops on "Check your answers" (or earlier, with ``until``).
It returns the code and what was answered, keyed by each question as "Check your answers"
labels it, so tests can check that every answer comes back.

Nothing here waits on a timer: after every click that navigates it waits for the load and checks
the new page's heading before reading anything from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from playwright.sync_api import BrowserContext, Locator, Page, expect

from decision_aid.content.types import short_option_name

# Distinctive free text, so a test can find exactly what was typed. The angle brackets check the
# text is shown as typed (escaped), never as markup.
MATTERS_MOST_MARKER = "Marker-most QX7: being at <b>Maisie's</b> wedding"
COMING_MONTHS_MARKER = "Marker-months ZK4: walk the coast path & swim"
PROS_MARKER = "Marker-pros FV2: one jab a month at my GP surgery"
OTHERS_MARKER = "Marker-others PT9: my sister Jan"
OWN_QUESTIONS = (
    "Marker-q1 HX3: can I have treatment nearer home?",
    "Marker-q2 HX4: will I be able to drive afterwards?",
)

MATTERS_ITEMS = (
    "Having fewer hospital visits",
    "Spending less time travelling",
    "Taking tablets at home rather than having a drip",
    "Avoiding hair loss",
    "Avoiding feeling sick",
    "Keeping my energy for things I enjoy",
    "Keeping working, or caring for others",
    "Living as long as possible",
    "Controlling my symptoms, such as pain",
    "Having fewer tests and scans",
    "Time with family and friends",
)
IMPORTANCE = ("Very much", "Quite a lot", "A little", "Not at all")
KNOWLEDGE = ("True", "False", "I'm not sure")
SURE_QUESTIONS = (
    "Do you feel sure about the best choice for you?",
    "Do you know the benefits and risks of each option?",
    "Are you clear about which benefits and risks matter most to you?",
    "Do you have enough support and advice to make a choice?",
)

# Page headings, in the order the journey shows them.
START_PAGE = "Think through your treatment choices"
START_OR_CARRY_ON = "Start or carry on"
YOUR_CODE = "Your access code"
YOUR_DECISION = "Your decision"
ABOUT_YOUR_CANCER = "About your cancer"
WHAT_MATTERS = "What matters to you"
GETTING_TO_HOSPITAL = "Getting to hospital"
YOUR_OPTIONS = "Your options"
COMPARE = "Compare your options"
WEIGH_UP = "Weigh up your options"
CHECK_WHAT_YOU_KNOW = "Check what you know"
LEANING = "Where you are leaning"
QUESTIONS = "Questions for your team"
CHECK_ANSWERS = "Check your answers"
STEP_TITLES = (
    YOUR_DECISION,
    ABOUT_YOUR_CANCER,
    WHAT_MATTERS,
    GETTING_TO_HOSPITAL,
    YOUR_OPTIONS,
    COMPARE,
    WEIGH_UP,
    CHECK_WHAT_YOU_KNOW,
    LEANING,
    QUESTIONS,
    CHECK_ANSWERS,
)


@dataclass(frozen=True)
class Answers:
    """What to answer. Options are named by the start of their label ("Fulvestrant")."""

    about: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("Is your cancer ER positive?", ("Positive",)),
        ("Is your cancer PR positive?", ("Positive",)),
        ("Is your cancer HER2 positive?", ("Negative",)),
        ("Is your cancer PD-L1 positive?", ("I don't know",)),
        ("Do you have a change in a BRCA gene?", ("I don't know",)),
        ("Does your cancer have a change in the PIK3CA gene?", ("No",)),
        ("Does your cancer have a change in the AKT1 or PTEN gene?", ("I don't know",)),
        ("Does your cancer have a change in the ESR1 gene?", ("I don't know",)),
        ("Have you been through the menopause?", ("Yes, my periods have stopped for good",)),
        ("Where has the cancer spread to?", ("Bones",)),
        ("Do you have any of these problems?", ("None of these",)),
        (
            "Since the cancer spread, have you had hormone therapy?",
            ("Yes, including an aromatase inhibitor",),
        ),
        ("Since the cancer spread, have you had a CDK4/6 inhibitor?", ("No",)),
        (
            "Since the cancer spread, how many different chemotherapy treatments have you had?",
            ("None",),
        ),
        ("Since the cancer spread, how many HER2 targeted treatments have you had?", ("None",)),
        ("Have you ever had an anthracycline chemotherapy?", ("Yes",)),
        ("Have you ever had a taxane chemotherapy?", ("No",)),
    )
    matters: tuple[tuple[str, str], ...] = tuple(
        (item, IMPORTANCE[i % len(IMPORTANCE)]) for i, item in enumerate(MATTERS_ITEMS)
    )
    matters_most: str = MATTERS_MOST_MARKER
    coming_months: str = COMING_MONTHS_MARKER
    journey_minutes: str = "45"
    travel_mode: str = "Someone gives me a lift"
    journey_hard: str = "Sometimes"
    cost_per_trip: str = "12.50"
    shortlist: tuple[str, ...] = ("Fulvestrant", "Paclitaxel", "No cancer treatment")
    pros: tuple[str, str] = ("Fulvestrant", PROS_MARKER)
    leaning: str = "Between some options"
    leaning_options: tuple[str, ...] = ("Fulvestrant", "Paclitaxel")
    sure: tuple[str, ...] = ("No", "No", "Yes", "Yes")
    decide_how: str = "I would like to decide together with my team"
    survival_talk: str = "Just the main points"
    others_involved: str = OTHERS_MARKER
    would_help: tuple[str, ...] = ("Talking to my breast care nurse", "More time to think")
    suggested_questions: int = 3
    own_questions: tuple[str, ...] = OWN_QUESTIONS


DEFAULT_ANSWERS = Answers()


@dataclass
class Walk:
    code: str
    # question as labelled on "Check your answers" -> the answer texts it should show
    answers: dict[str, list[str]] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)


def guard_context(context: BrowserContext, origin: str) -> list[str]:
    """Note every request that leaves ``origin``; return the list the stray URLs go into.

    The caller asserts the list is empty when done (as the ``page`` fixture does). Chromium
    itself is started unable to resolve any host but the live server's (``CHROMIUM_FLAGS`` in
    conftest), so a stray request fails in the browser too. Listening, rather than routing every
    request through Playwright, keeps the browser's HTTP cache on: a route turns it off, and then
    every page fetched its stylesheet, scripts and fonts again.
    """
    origin = origin.rstrip("/")
    foreign: list[str] = []

    def note(request) -> None:
        url = request.url
        if not (url == origin or url.startswith(origin + "/") or url.startswith("data:")):
            foreign.append(url)

    context.on("request", note)
    return foreign


def arrived(page: Page, title: str, axe: Callable | None = None, walk: Walk | None = None):
    """Wait for the page that a click opened, check it is ``title``, then run ``axe``."""
    page.wait_for_load_state()
    heading = page.locator("h1").first.inner_text().strip()
    if heading != title:
        problems = page.locator(".nhsuk-error-summary")
        detail = problems.inner_text() if problems.count() else ""
        raise AssertionError(f"Expected page {title!r}, got {heading!r} at {page.url}. {detail}")
    if walk is not None:
        walk.pages.append(title)
    if axe is not None:
        axe(page, title)


def click_and_arrive(page: Page, target: Locator, title: str, axe=None, walk=None) -> None:
    target.click()
    arrived(page, title, axe, walk)


def save_and_continue(page: Page, next_title: str, axe=None, walk=None) -> None:
    button = page.get_by_role("button", name="Save and continue")
    click_and_arrive(page, button, next_title, axe, walk)


def group(page: Page, legend: str) -> Locator:
    """The fieldset whose legend is exactly ``legend``."""
    return page.get_by_role("group", name=legend, exact=True)


def labels_in(fieldset: Locator) -> list[str]:
    """Every choice's label text in a fieldset (after checking the choices are on the page)."""
    labels = fieldset.locator("label")
    expect(labels.first).to_be_visible()
    return [text.strip() for text in labels.all_inner_texts()]


def label_starting(fieldset: Locator, prefix: str) -> str:
    matches = [text for text in labels_in(fieldset) if text.startswith(prefix)]
    assert len(matches) == 1, f"One choice starting {prefix!r} expected, got {matches}"
    return matches[0]


def autosaves(page: Page) -> bool:
    """Whether htmx is running, so each answer is saved as it is given."""
    return page.evaluate("() => typeof window.htmx !== 'undefined'")


def answer(page: Page, control: Locator, give: Callable[[Locator], None]) -> None:
    """Give an answer; with JavaScript, wait until its autosave has come back.

    One answer at a time, as a person gives them: the next never starts while a save is on its
    way, so the walk never depends on two saves racing each other.
    """
    if not autosaves(page):
        give(control)
        return
    name = control.get_attribute("name")
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith(f"/save/{name}")
    ) as saved:
        give(control)
    assert saved.value.ok, f"Autosave of {name} failed: {saved.value.status}"
    expect(page.locator(f"#autosave-status-{name}")).to_have_text("Saved")


def tick(control: Locator) -> None:
    control.check()


def type_text(text: str) -> Callable[[Locator], None]:
    """Type ``text`` and leave the box (its "change" is what saves it)."""

    def give(control: Locator) -> None:
        control.fill(text)
        control.blur()

    return give


def fill(page: Page, label: str, text: str) -> list[str]:
    answer(page, page.get_by_label(label, exact=True), type_text(text))
    return [text]


def choose(page: Page, legend: str, *labels: str) -> list[str]:
    """Tick each choice (by exact label) in the fieldset ``legend``; return the labels."""
    # A question inside a closed "details" (other test results): open it, as a person would.
    hidden = page.get_by_role("group", name=legend, exact=True, include_hidden=True)
    hidden.evaluate("el => { const d = el.closest('details'); if (d) d.open = true; }")
    fieldset = group(page, legend)
    for label in labels:
        control = fieldset.get_by_label(label, exact=True)
        if control.get_attribute("type") == "checkbox" and control.is_checked():
            continue  # ticked already, as a suggestion: saved with the step, nothing to do now
        answer(page, control, tick)
    return list(labels)


def choose_starting(page: Page, legend: str, *prefixes: str) -> list[str]:
    fieldset = group(page, legend)
    return choose(page, legend, *(label_starting(fieldset, p) for p in prefixes))


def start(page: Page, base_url: str, axe=None, walk: Walk | None = None) -> str:
    """From the start page to the first question; return the access code shown."""
    base_url = base_url.rstrip("/")
    page.goto(base_url + "/")
    arrived(page, START_PAGE, axe, walk)
    click_and_arrive(
        page, page.get_by_role("button", name="Start now"), START_OR_CARRY_ON, axe, walk
    )
    start_new = page.get_by_role("button", name="Start without a code")
    click_and_arrive(page, start_new, YOUR_CODE, axe, walk)
    code = page.locator(".app-access-code").inner_text().strip()
    assert len(code.replace("-", "")) == 10, code
    continue_link = page.get_by_role("link", name="Continue to the questions")
    click_and_arrive(page, continue_link, YOUR_DECISION, axe, walk)
    return code


APPOINTMENT = "When is your next appointment with your team?"


def give_appointment(page: Page, on) -> list[str]:
    """Type the date of her next appointment (three boxes, saved with the step)."""
    fieldset = group(page, APPOINTMENT)
    for label, value in (("Day", on.day), ("Month", on.month), ("Year", on.year)):
        fieldset.get_by_label(label, exact=True).fill(str(value))
    return [f"{on.day} {on:%B %Y}"]


def walk_journey(
    page: Page,
    base_url: str,
    *,
    axe: Callable | None = None,
    answers: Answers = DEFAULT_ANSWERS,
    until: str = CHECK_ANSWERS,
) -> Walk:
    """Start without a code and answer every step, stopping on the page titled ``until``."""
    assert until in STEP_TITLES, f"until must be a step title, not {until!r}"
    walk = Walk(code="")
    walk.code = start(page, base_url, axe, walk)
    if until == YOUR_DECISION:
        return walk
    got = walk.answers
    a = answers

    def next_page(title: str) -> bool:
        save_and_continue(page, title, axe, walk)
        return title == until

    # Step 2: Your decision: the date of her next appointment (three weeks away).
    got[APPOINTMENT] = give_appointment(page, date.today() + timedelta(days=21))
    if next_page(ABOUT_YOUR_CANCER):
        return walk

    # Step 3: About your cancer.
    for legend, labels in a.about:
        got[legend] = choose(page, legend, *labels)
    if next_page(WHAT_MATTERS):
        return walk

    # Step 3: What matters to you.
    by_level: dict[str, list[str]] = {}
    for item, importance in a.matters:
        choose(page, item, importance)
        by_level.setdefault(importance, []).append(item)
    got.update(by_level)  # "Check your answers" groups them: "Very much" and its items
    got["What matters most to you?"] = fill(page, "What matters most to you?", a.matters_most)
    coming = "What do you want to be able to do in the coming months?"
    got[coming] = fill(page, coming, a.coming_months)
    if next_page(GETTING_TO_HOSPITAL):
        return walk

    # Step 4: Getting to hospital.
    minutes = "How long does it take you to get to hospital, in minutes?"
    fill(page, minutes, a.journey_minutes)
    got[minutes] = [f"{a.journey_minutes} minutes"]
    got["How do you usually get there?"] = choose(
        page, "How do you usually get there?", a.travel_mode
    )
    got["Is the journey hard for you?"] = choose(
        page, "Is the journey hard for you?", a.journey_hard
    )
    cost = "How much does a trip there and back cost you, in pounds? (optional)"
    fill(page, cost, a.cost_per_trip)
    got[cost] = [f"£{a.cost_per_trip}"]
    if next_page(YOUR_OPTIONS):
        return walk

    # Step 5: Your options.
    shortlist = "Which options would you like to look at more closely?"
    chosen = choose_starting(page, shortlist, *a.shortlist)
    # Lists and tables after the overview use the short name ("Fulvestrant").
    got["Options you looked at closely"] = [short_option_name(name) for name in chosen]
    if next_page(COMPARE):
        return walk

    # Step 6: Compare: tick every shortlisted option.
    compare = group(page, "Which options do you want to compare?")
    chosen = labels_in(compare)
    compared = choose(page, "Which options do you want to compare?", *chosen)
    if compared != got["Options you looked at closely"]:  # the same list is shown once
        got["Options you compared"] = compared
    if next_page(WEIGH_UP):
        return walk

    # Step 7: Weigh up: one "what do you like" box.
    name = next(n for n in got["Options you looked at closely"] if n.startswith(a.pros[0]))
    got[f"What you like about {name}"] = fill(page, f"What do you like about {name}?", a.pros[1])
    if next_page(CHECK_WHAT_YOU_KNOW):
        return walk

    # Step 8: Check what you know: answer every statement.
    statements = page.locator("form.app-step-form fieldset")
    expect(statements.first).to_be_visible()
    for i, fieldset in enumerate(statements.all()):
        reply = KNOWLEDGE[i % len(KNOWLEDGE)]
        answer(page, fieldset.get_by_label(reply, exact=True), tick)
    # "Check your answers" says how many she answered; her summary gives the right answers.
    assert len(statements.all()) >= 3, "expected several knowledge statements"
    if next_page(LEANING):
        return walk

    # Step 9: Where you are leaning.
    leaning = "Where are you leaning at the moment?"
    got[leaning] = choose(page, leaning, a.leaning)
    towards = "Which options are you leaning towards?"
    got[towards] = choose_starting(page, towards, *a.leaning_options)
    for question, reply in zip(SURE_QUESTIONS, a.sure, strict=True):
        got[question] = choose(page, question, reply)
    decide = "How would you like to make the decision?"
    got[decide] = choose(page, decide, a.decide_how)
    survival = (
        "How much would you like to hear about what treatment may mean for how long you live?"
    )
    got[survival] = choose(page, survival, a.survival_talk)
    others = "Who else would you like to be involved in the decision?"
    got[others] = fill(page, others, a.others_involved)
    got["What would help you decide?"] = choose(page, "What would help you decide?", *a.would_help)
    if next_page(QUESTIONS):
        return walk

    # Step 10: Questions for your team.
    which = "Which questions would you like to ask your team?"
    suggested = labels_in(group(page, which))
    assert len(suggested) >= a.suggested_questions, suggested
    got["Suggested questions you chose"] = choose(page, which, *suggested[: a.suggested_questions])
    fill(page, "Your own questions", "\n".join(a.own_questions))
    got["Your own questions"] = list(a.own_questions)
    next_page(CHECK_ANSWERS)
    return walk


def summary_rows(page: Page) -> dict[str, tuple[str, list[str]]]:
    """Every summary-list row on the page: label -> (value text, its parts).

    The parts are the list items, or the text split on "; " (how several choices are shown).
    """
    # "Check your answers" keeps each section's answers in a "details": open them all.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    rows = page.locator(".nhsuk-summary-list__row")
    expect(rows.first).to_be_visible()
    found = rows.evaluate_all(
        """rows => rows.map(row => {
            const value = row.querySelector('.nhsuk-summary-list__value');
            const items = [...value.querySelectorAll('li')].map(li => li.innerText.trim());
            return [row.querySelector('.nhsuk-summary-list__key').innerText.trim(),
                    value.innerText.trim(), items];
        })"""
    )
    table: dict[str, tuple[str, list[str]]] = {}
    for label, text, items in found:
        if label in COUNT_ROWS:
            continue  # one per section: how many were left blank or answered
        assert label not in table, f"Two rows labelled {label!r}"
        table[label] = (text, items or [part.strip() for part in text.split("; ")])
    return table


COUNT_ROWS = {"Left blank", "Answered"}


def copy_problems(page: Page, answers: Answers = DEFAULT_ANSWERS) -> list[str]:
    """What her summary (the patient copy) should show and does not: key points first, her own
    words, her questions, and the options she looked at (it does not repeat every answer)."""
    text = page.locator("main").inner_text()
    expected = ["Key points", answers.matters_most, answers.coming_months, answers.pros[1],
                *answers.own_questions, "How sure you feel"]  # fmt: skip
    missing = [f"{value!r} is not on the summary" for value in expected if value not in text]
    if text.find("Key points") > text.find("The options you looked at"):
        missing.append("the key points are not first")
    return missing


def missing_answers(page: Page, answers: dict[str, list[str]]) -> list[str]:
    """Each answer given that the page's summary does not show against its question."""
    rows = summary_rows(page)
    missing = []
    for question, values in answers.items():
        if question not in rows:
            missing.append(f"no row for {question!r}")
            continue
        text, parts = rows[question]
        for value in values:
            if value != text and value not in parts:
                missing.append(f"{question!r} shows {text!r}, not {value!r}")
    return missing


def sideways_scroll(page) -> str | None:
    """How far the page scrolls sideways in its window, and what sticks out; None if it fits."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return f"{overflow}px too wide: {wider_than_the_screen(page)}" if overflow > 0 else None


def wider_than_the_screen(page) -> list[str]:
    """The elements that stick out past the right edge of the window (for the failure message)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5 &&
                    el.parentElement.getBoundingClientRect().right <= window.innerWidth + 0.5)
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                 (el.className && typeof el.className === 'string'
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                 ' (' + Math.round(el.getBoundingClientRect().right) + 'px)')"""
    )
