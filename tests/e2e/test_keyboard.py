"""Keyboard only, in real Chromium: the whole patient journey, and a nurse's review.

Nothing is clicked, filled or checked by the test: every move is a key press (Tab, Shift+Tab,
Space, Enter, the arrow keys, and typing). On every page walked the test tabs from the top of the
page round to the end, and checks:

- every control on the page is a Tab stop (a group of radios is one stop, as in every browser);
- at every stop the focus is visible: the focused element (or, for radios and checkboxes, the
  box drawn by their label) looks different from when it is not focused, and shows the NHS.UK
  yellow focus colour.

It also checks that the skip link is the first stop on every page and moves focus to the main
content, and that after a mistake the error summary takes focus and its link moves focus to the
field. Only the first page of each walk is opened by its address; every other page is reached by
pressing Enter on a link or button.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from decision_aid.journey import services as journey_services
from decision_aid.journey.models import RecordStatus
from tests.conftest import PASSWORD, current_code, make_record
from tests.e2e.clinic import TWO_FACTOR
from tests.e2e.journey import (
    ABOUT_YOUR_CANCER,
    CHECK_ANSWERS,
    CHECK_WHAT_YOU_KNOW,
    COMPARE,
    GETTING_TO_HOSPITAL,
    LEANING,
    QUESTIONS,
    START_OR_CARRY_ON,
    START_PAGE,
    WEIGH_UP,
    WHAT_MATTERS,
    YOUR_CODE,
    YOUR_DECISION,
    YOUR_OPTIONS,
    arrived,
)

pytestmark = pytest.mark.django_db(transaction=True)

NHS_FOCUS_YELLOW = "rgb(255, 235, 59)"  # $nhsuk-focus-colour, #ffeb3b
MOST_STOPS = 600  # a page with more Tab stops than this is a bug in the page or in the walk

# What the focused element is, how it looks, and how the element focused before it looks now.
# Radios and checkboxes draw their box (and its focus ring) with the label's ::before; details
# draw theirs on the summary's text. Both are included in what "looks" means.
STOP = """
() => {
  const styleOf = (el, pseudo) => {
    const s = getComputedStyle(el, pseudo);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.color, s.textDecorationLine, s.borderColor, s.borderWidth].join(' | ');
  };
  const looks = (el) => {
    const parts = [styleOf(el, null)];
    if (el.matches('input[type=radio], input[type=checkbox]') && el.labels.length) {
      parts.push(styleOf(el.labels[0], '::before'));
    }
    if (el.firstElementChild) parts.push(styleOf(el.firstElementChild, null));
    return parts.join(' || ');
  };
  const key = (el) => {
    if (el.type === 'radio') return `radio ${el.name}`;
    if (el.type === 'checkbox') return `checkbox ${el.name}=${el.value}`;
    const tag = el.tagName.toLowerCase();
    if (['input', 'select', 'textarea'].includes(tag)) return `${tag}#${el.id || el.name}`;
    const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return `${tag}#${el.id} ${text} ${el.getAttribute('href') || ''}`;
  };
  window.__kbKey = key;
  window.__kbLooks = looks;
  const el = document.activeElement;
  const before = window.__kbBefore;
  const result = {
    key: el && el !== document.body ? key(el) : null,
    tag: el ? el.tagName.toLowerCase() : null,
    type: el && el.type || '',
    name: el && el.name || '',
    value: el && el.value || '',
    checked: !!(el && el.checked),
    text: el ? (el.innerText || '').trim() : '',
    looks: el && el !== document.body ? looks(el) : '',
    before: before && before.isConnected && before !== el ? {key: key(before), looks: looks(before)}
                                                          : null,
    inMain: !!(el && el.closest('#maincontent')),
    first: !!(el && el === window.__kbFirst),
    options: el && el.type === 'radio' ? [...el.form.elements]
        .filter(r => r.type === 'radio' && r.name === el.name).map(r => r.value) : [],
  };
  window.__kbBefore = el;
  return result;
}
"""
CONTROLS = """
() => [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
  .filter(el => el.tabIndex >= 0 && !el.disabled
          && el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}))
  .map(el => window.__kbKey(el))
"""


@dataclass
class PageWalk:
    title: str
    stops: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Keyboard:
    """Walks pages by keyboard, answering as it goes, and notes what is wrong on each."""

    def __init__(self, page: Page):
        self.page = page
        self.walks: list[PageWalk] = []

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        return self.page.evaluate(STOP)

    def walk(self, title: str, answer: Callable[[Keyboard, dict], None] | None = None) -> PageWalk:
        """Tab from the top of the page to the end, answering with ``answer``; check every stop."""
        arrived(self.page, title)
        self.page.evaluate("() => { window.__kbBefore = null; window.__kbFirst = null; }")
        walk = PageWalk(title)
        self.walks.append(walk)
        # Round the page once: from where focus is (the page itself after loading, or a field)
        # to the end, then from the top back to the first stop. (Focus on the page itself may
        # still start part-way down, after a link to #notes for example.)
        start = self.page.evaluate(STOP)
        if start["key"] is not None:
            self.page.evaluate("() => { window.__kbFirst = document.activeElement; }")
            walk.stops.append(start)
            self.check_focus_shown(walk, start)
        passed_end = False
        for _ in range(MOST_STOPS):
            stop = self.press("Tab")
            self.check_focus_left(walk, stop)
            if stop["key"] is None:  # past the last stop
                if passed_end:
                    break
                passed_end = True
                continue
            if stop["first"] or (passed_end and stop["key"] == walk.stops[0]["key"]):
                break  # round to the first stop (or to its replacement, if htmx swapped it)
            if not walk.stops:
                self.page.evaluate("() => { window.__kbFirst = document.activeElement; }")
            walk.stops.append(stop)
            self.check_focus_shown(walk, stop)
            if answer is not None:
                answer(self, stop)
                self.page.evaluate("() => { window.__kbBefore = document.activeElement; }")
        else:
            walk.problems.append(f"more than {MOST_STOPS} Tab stops")
        from_top = start["key"] is None and "#" not in self.page.url
        if from_top and walk.stops and walk.stops[0]["text"] != "Skip to main content":
            walk.problems.append(
                f"the first Tab stop is {walk.stops[0]['key']!r}, not the skip link"
            )
        reached = {s["key"] for s in walk.stops}
        missing = [c for c in self.page.evaluate(CONTROLS) if c not in reached]
        if missing:
            walk.problems.append(f"controls Tab never reached: {missing}")
        return walk

    def check_focus_shown(self, walk: PageWalk, stop: dict) -> None:
        if NHS_FOCUS_YELLOW not in stop["looks"]:
            walk.problems.append(f"no NHS yellow focus on {stop['key']!r}: {stop['looks']}")

    def check_focus_left(self, walk: PageWalk, stop: dict) -> None:
        """The stop before this one looks different now that it has lost focus."""
        before = stop["before"]
        if before is None or not walk.stops:
            return
        focused = next((s for s in reversed(walk.stops) if s["key"] == before["key"]), None)
        if focused is not None and focused["looks"] == before["looks"]:
            walk.problems.append(f"focus not visible on {before['key']!r}: {before['looks']}")

    def activate(self, name: str, title: str, key: str = "Enter") -> None:
        """Shift+Tab back (round past the top if need be) to the control named ``name``; press
        ``key``, which must open the page titled ``title``."""
        for _ in range(MOST_STOPS):
            stop = self.press("Shift+Tab")
            if stop["text"] == name or stop["value"] == name:
                break
        else:
            raise AssertionError(f"No control {name!r} on {self.walks[-1].title!r}")
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        arrived(self.page, title)

    def problems(self) -> dict[str, list[str]]:
        return {w.title: w.problems for w in self.walks if w.problems}


@dataclass(frozen=True)
class Plan:
    """What to answer, by field name: a value for radios, a set of values for checkboxes, text
    for text boxes. A name ending in '*' matches every field starting with it."""

    answers: dict

    def wants(self, name: str):
        if name in self.answers:
            return self.answers[name]
        for pattern, value in self.answers.items():
            if pattern.endswith("*") and name.startswith(pattern[:-1]):
                return value
        return None

    def __call__(self, keys: Keyboard, stop: dict) -> None:
        wanted = self.wants(stop["name"])
        if wanted is None:
            return
        keyboard = keys.page.keyboard
        if stop["type"] == "radio":
            options = stop["options"]
            here, target = options.index(stop["value"]), options.index(wanted)
            if here == target:
                if not stop["checked"]:
                    keyboard.press("Space")
                return
            for _ in range((target - here) % len(options)):
                keyboard.press("ArrowDown")  # moves to the next radio and selects it
        elif stop["type"] == "checkbox":
            if (stop["value"] in wanted) != stop["checked"]:
                keyboard.press("Space")
        elif stop["tag"] in ("textarea", "input"):
            keyboard.press("ControlOrMeta+a")
            keyboard.type(wanted)


CDK46 = "cdk46-inhibitor-with-hormone-therapy"
_NEXT = date.today() + timedelta(days=21)
DECISION = Plan({"next_appointment_day": str(_NEXT.day), "next_appointment_month": str(_NEXT.month),
                 "next_appointment_year": str(_NEXT.year)})  # fmt: skip
ABOUT = Plan({
    "er": "positive", "pr": "positive", "her2": "negative", "pdl1": "unknown",
    "brca": "unknown", "pik3ca": "negative", "menopause": "post", "spread": {"bone"},
    "problems": {"none"}, "akt1_pten": "unknown", "esr1": "unknown",
    "hormone_for_secondary": "with_ai", "cdk46_for_secondary": "none",
    "chemo_for_secondary": "none", "her2_for_secondary": "none", "anthracycline_ever": "yes",
    "taxane_ever": "no",
})  # fmt: skip
MATTERS = Plan({"matters_most": "Marker-kb K1: time with my grandchildren",
                "matters_*": "quite_a_lot"})  # fmt: skip
# The journey time is left empty on purpose: "Save and continue" then shows an error.
HOSPITAL_FIRST_TRY = Plan({"travel_mode": "lift", "journey_hard": "sometimes"})
OPTIONS = Plan({"shortlist": {"fulvestrant", CDK46, "supportive-care-only"}})
COMPARING = Plan({"compare": {"fulvestrant", CDK46}})
WEIGHING = Plan({"pros_fulvestrant": "Marker-kb K2: one visit a month"})
LEANING_PLAN = Plan({
    "leaning": "one", "leaning_options": {"fulvestrant"}, "sure_*": "yes",
    "decide_how": "together", "survival_talk": "main_points",
})  # fmt: skip
QUESTIONS_PLAN = Plan({"questions_own": "Marker-kb K3: can I have it nearer home?"})


def test_patient_journey_by_keyboard_only(page, live_server, catalogue):
    keys = Keyboard(page)
    page.goto(live_server.url + "/")

    # The skip link is the first Tab stop, and moves focus to the main content.
    arrived(page, START_PAGE)
    first = keys.press("Tab")
    assert first["text"] == "Skip to main content", first
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "maincontent"
    inside = keys.press("Tab")
    assert inside["inMain"], f"after the skip link, Tab went to {inside['key']!r}"

    page.goto(live_server.url + "/")  # start again from the top for the full walk
    keys.walk(START_PAGE)
    keys.activate("Start now", START_OR_CARRY_ON)
    keys.walk(START_OR_CARRY_ON)
    keys.activate("Start without a code", YOUR_CODE)
    keys.walk(YOUR_CODE)
    keys.activate("Continue to the questions", YOUR_DECISION)

    for title, plan, following in (
        (YOUR_DECISION, DECISION, ABOUT_YOUR_CANCER),
        (ABOUT_YOUR_CANCER, ABOUT, WHAT_MATTERS),
        (WHAT_MATTERS, MATTERS, GETTING_TO_HOSPITAL),
    ):
        keys.walk(title, plan)
        keys.activate("Save and continue", following)

    # A mistake: the journey time is needed. The error summary takes focus; its link takes
    # focus to the field.
    keys.walk(GETTING_TO_HOSPITAL, HOSPITAL_FIRST_TRY)
    keys.activate("Save and continue", GETTING_TO_HOSPITAL)
    assert page.evaluate("document.activeElement.classList.contains('nhsuk-error-summary')")
    assert page.title().startswith("Error:"), page.title()
    link = keys.press("Tab")
    assert link["text"] == "Enter how many minutes it takes you to get to hospital", link
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_journey_minutes"
    page.keyboard.type("45")
    keys.walk(GETTING_TO_HOSPITAL)  # the page with the error, walked too
    keys.activate("Save and continue", YOUR_OPTIONS)

    for title, plan, following in (
        (YOUR_OPTIONS, OPTIONS, COMPARE),
        (COMPARE, COMPARING, WEIGH_UP),
        (WEIGH_UP, WEIGHING, CHECK_WHAT_YOU_KNOW),
        (CHECK_WHAT_YOU_KNOW, None, LEANING),
        (LEANING, LEANING_PLAN, QUESTIONS),
        (QUESTIONS, QUESTIONS_PLAN, CHECK_ANSWERS),
    ):
        keys.walk(title, plan)
        keys.activate("Save and continue", following)

    keys.walk(CHECK_ANSWERS)
    # Each section's answers are in a "details" (one key press away): read the whole text.
    summary = page.locator("main").text_content()
    for typed in ("Marker-kb K1", "Marker-kb K2", "Marker-kb K3", "45 minutes"):
        assert typed in summary, f"{typed!r} is not on 'Check your answers'"
    keys.activate("Finish and save my answers", "Your answers are saved")
    keys.walk("Your answers are saved")

    assert keys.problems() == {}, json.dumps(keys.problems(), indent=2)


NOTE = "Marker-kb N1: rang her, happy with the plan"


def test_nurse_review_by_keyboard_only(page, live_server, catalogue, team_a, nurse_a):
    record = make_record(team_a, "KB-0001", journey_minutes=30, leaning="not_sure")
    journey_services.submit(record)
    keys = Keyboard(page)
    device = TOTPDevice.objects.create(user=nurse_a, name="authenticator app", confirmed=True)
    page.goto(live_server.url + "/clinic/login")

    def sign_in(keys: Keyboard, stop: dict) -> None:
        typed = {"username": "nurse-a", "password": PASSWORD}.get(stop["name"])
        if typed:
            keys.page.keyboard.type(typed)

    keys.walk("Sign in", sign_in)
    keys.activate("Sign in", TWO_FACTOR)

    def code(keys: Keyboard, stop: dict) -> None:  # the second factor, typed too
        if stop["name"] == "code":
            keys.page.keyboard.type(current_code(device))

    keys.walk(TWO_FACTOR, code)
    keys.activate("Continue", "Review queue: Team A")

    keys.walk("Review queue: Team A")
    keys.activate("KB-0001", "Patient KB-0001")

    def note(keys: Keyboard, stop: dict) -> None:
        if stop["tag"] == "textarea" and stop["name"] == "text":
            keys.page.keyboard.type(NOTE)

    keys.walk("Patient KB-0001", note)
    keys.activate("Add note", "Patient KB-0001")
    keys.walk("Patient KB-0001")
    keys.activate("Mark as reviewed", "Patient KB-0001")

    record.refresh_from_db()
    assert record.status == RecordStatus.REVIEWED
    assert list(record.case.notes.values_list("text", flat=True)) == [NOTE]
    status = page.locator(".nhsuk-summary-list__row", has_text=re.compile("^Status"))
    assert status.first.locator("dd").inner_text().strip() == "Reviewed"
    assert keys.problems() == {}, json.dumps(keys.problems(), indent=2)
