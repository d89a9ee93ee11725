"""The specialist nurse's side in real Chromium: sign in, invite a patient, the patient answers
with the code, then review, note, mark as reviewed and download. Every clinic page type is
checked with axe, the queue filter works without JavaScript, and the clinic fits 320 px."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from decision_aid.journey import services as journey_services
from tests.conftest import PASSWORD, make_record
from tests.e2e.clinic import QUEUE, SIGN_IN, pass_two_factor, sign_in
from tests.e2e.journey import (
    ABOUT_YOUR_CANCER,
    CHECK_ANSWERS,
    CHECK_WHAT_YOU_KNOW,
    COMPARE,
    DEFAULT_ANSWERS,
    GETTING_TO_HOSPITAL,
    LEANING,
    MATTERS_ITEMS,
    QUESTIONS,
    START_OR_CARRY_ON,
    SURE_QUESTIONS,
    WEIGH_UP,
    WHAT_MATTERS,
    YOUR_DECISION,
    YOUR_OPTIONS,
    arrived,
    choose,
    choose_starting,
    click_and_arrive,
    fill,
    group,
    labels_in,
    save_and_continue,
    sideways_scroll,
)

pytestmark = pytest.mark.django_db(transaction=True)

INVITE = "Invite a patient"
SLIP = "Access code slip"
CLAIM = "Add a record the patient started"
PACKS = "MDT packs"
AUDIT = "Audit trail: Team A"
REFERENCE = "E2E-0001"
TEAM_LOCKED = {
    "Is your cancer ER positive?": "Positive",
    "Is your cancer HER2 positive?": "Negative",
}
FROM_YOUR_TEAM = "From your team"
NOTE = "Marker-note NV3: phoned, happy to discuss Fulvestrant at clinic"
# A meeting a fortnight ahead, typed as a nurse would (d/m/yyyy).
MDT_DAY = datetime.date.today() + datetime.timedelta(days=14)
MDT_TYPED = f"{MDT_DAY.day}/{MDT_DAY.month}/{MDT_DAY.year}"
MDT_LONG = f"{MDT_DAY.day} {MDT_DAY:%B %Y}"


def nav(page, name, title, axe=None):
    """Follow a link in the clinic header."""
    click_and_arrive(page, page.get_by_role("link", name=name, exact=True).first, title, axe)


def invite(page, reference, axe=None) -> str:
    """From any clinic page: invite a patient (ER positive, HER2 negative); return the code."""
    nav(page, "Invite a patient", INVITE, axe)
    page.get_by_label("Patient reference", exact=True).fill(reference)
    page.get_by_label("MDT meeting date (optional)", exact=True).fill(MDT_TYPED)
    page.get_by_label("ER", exact=True).select_option(label="Positive")
    page.get_by_label("HER2", exact=True).select_option(label="Negative")
    create = page.get_by_role("button", name="Create the invitation")
    click_and_arrive(page, create, SLIP, axe)
    code = page.locator(".app-access-code").inner_text().strip()
    assert len(code.replace("-", "")) == 10, code
    return code


def locked_field_problems(fieldset, legend: str, value: str) -> list[str]:
    """What is wrong with how a team-locked question is shown (empty when all is well)."""
    found = []
    if not fieldset.get_by_label(value, exact=True).is_checked():
        ticked = [
            r.get_attribute("value") for r in fieldset.locator("input").all() if r.is_checked()
        ]
        found.append(f"{legend!r}: the team's {value!r} is not ticked (ticked: {ticked})")
    enabled = [r.get_attribute("value") for r in fieldset.locator("input").all() if r.is_enabled()]
    if enabled:
        found.append(f"{legend!r}: not locked, these choices are enabled: {enabled}")
    return found


def answer_as_the_patient(page, base_url, code, problems: list[str], axe=None) -> None:
    """Enter the nurse's code and answer every step the shortest valid way, then send.

    What is wrong with the team's locked answers goes into ``problems`` (checked at the end),
    so the rest of the flow still runs."""
    page.goto(base_url + "/start")
    arrived(page, START_OR_CARRY_ON)
    page.get_by_label("Enter your access code").fill(code)
    click_and_arrive(page, page.get_by_role("button", name="Continue"), YOUR_DECISION, axe)
    save_and_continue(page, ABOUT_YOUR_CANCER, axe)  # the appointment date may be left blank

    # The team's values are shown as "From your team": ticked, and locked (disabled).
    for legend, value in TEAM_LOCKED.items():
        fieldset = group(page, legend)
        expect(fieldset).to_contain_text(FROM_YOUR_TEAM)
        problems.extend(locked_field_problems(fieldset, legend, value))
    for legend, labels in DEFAULT_ANSWERS.about:
        if legend not in TEAM_LOCKED:
            choose(page, legend, *labels)
    try:
        save_and_continue(page, WHAT_MATTERS)
    except AssertionError as stuck:
        raise AssertionError(
            f"{stuck}\nThe patient cannot get past this step. "
            "How the team's answers are shown:\n" + "\n".join(problems)
        ) from None

    for item in MATTERS_ITEMS:
        choose(page, item, "Quite a lot")
    save_and_continue(page, GETTING_TO_HOSPITAL)

    fill(page, "How long does it take you to get to hospital, in minutes?", "40")
    choose(page, "How do you usually get there?", "I drive myself")
    choose(page, "Is the journey hard for you?", "No")
    save_and_continue(page, YOUR_OPTIONS)

    choose_starting(
        page, "Which options would you like to look at more closely?", "Fulvestrant", "Paclitaxel"
    )
    save_and_continue(page, COMPARE)
    compare = "Which options do you want to compare?"
    choose(page, compare, *labels_in(group(page, compare)))
    save_and_continue(page, WEIGH_UP)
    save_and_continue(page, CHECK_WHAT_YOU_KNOW)  # nothing here is required
    save_and_continue(page, LEANING)

    choose(page, "Where are you leaning at the moment?", "Towards one option")
    choose_starting(page, "Which options are you leaning towards?", "Fulvestrant")
    for question in SURE_QUESTIONS:
        choose(page, question, "Yes")
    choose(page, "How would you like to make the decision?", DEFAULT_ANSWERS.decide_how)
    choose(
        page,
        "How much would you like to hear about what treatment may mean for how long you live?",
        DEFAULT_ANSWERS.survival_talk,
    )
    save_and_continue(page, QUESTIONS)
    save_and_continue(page, CHECK_ANSWERS)
    send = page.get_by_role("button", name="Send to my team")
    click_and_arrive(page, send, "Your answers have been sent")


def summary_value(page, key: str):
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator(".nhsuk-summary-list__key", has_text=re.compile(f"^{key}$"))
    )
    return row.first.locator(".nhsuk-summary-list__value")


def filter_queue_by_status(page, status_label: str) -> None:
    """Choose a status: htmx swaps the results in without loading the page."""
    value = {"Submitted": "submitted", "In progress": "in_progress"}[status_label]
    with page.expect_response(
        lambda r: "/clinic/" in r.url and r.request.method == "POST"
    ) as response:
        page.get_by_label("Status", exact=True).select_option(label=status_label)
    assert response.value.ok
    assert response.value.request.headers.get("hx-request") == "true"
    assert f"status={value}" in (response.value.request.post_data or "")
    assert "status" not in page.url  # filters are posted, never put in the address


def results(page):
    return page.locator("#queue-results tbody tr")


def test_nurse_invites_patient_answers_and_nurse_reviews(
    page, new_context, live_server, axe_check, catalogue, nurse_a
):
    base = live_server.url
    assert page.viewport_size["width"] == 1280
    sign_in(page, base, "nurse-a", axe_check)
    code = invite(page, REFERENCE, axe_check)
    slip = page.locator(".app-slip")
    expect(slip).to_contain_text(code)
    expect(slip).to_contain_text(f"{base}/start")

    patient = new_context().new_page()
    problems: list[str] = []
    answer_as_the_patient(patient, base, code, problems, axe=axe_check)

    nav(page, "Review queue", QUEUE, axe_check)
    filter_queue_by_status(page, "Submitted")
    row = results(page).filter(has_text=REFERENCE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Submitted")
    expect(results(page)).to_have_count(1)
    axe_check(page, "queue filtered to Submitted (htmx)")

    click_and_arrive(
        page, row.get_by_role("link", name=REFERENCE), f"Patient {REFERENCE}", axe_check
    )
    expect(summary_value(page, "Status")).to_have_text("Submitted")
    expect(summary_value(page, "Leaning")).to_contain_text("Towards one option: Fulvestrant")
    expect(summary_value(page, "MDT date")).to_have_text(MDT_LONG)
    expect(summary_value(page, "SURE score")).to_contain_text("4/4")

    page.get_by_label("Add a note", exact=True).fill(NOTE)
    click_and_arrive(
        page, page.get_by_role("button", name="Add note"), f"Patient {REFERENCE}", axe_check
    )
    note = page.locator(".nhsuk-inset-text").filter(has_text=NOTE)
    expect(note).to_have_count(1)
    expect(note).to_contain_text("nurse-a, ")

    reviewed = page.get_by_role("button", name="Mark as reviewed")
    click_and_arrive(page, reviewed, f"Patient {REFERENCE}", axe_check)
    expect(summary_value(page, "Status")).to_have_text("Reviewed")

    href = page.get_by_role("link", name="MDT summary (PDF, one page)").get_attribute("href")
    pdf = page.request.get(base + href)
    assert pdf.ok, pdf.status
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert problems == [], "The team's values on 'About your cancer':\n" + "\n".join(problems)


def test_every_clinic_page_passes_axe_and_the_queue_filters_without_javascript(
    page, new_context, live_server, axe_check, catalogue, team_a, nurse_a, lead_a
):
    base = live_server.url
    submitted = make_record(team_a, "E2E-SENT", journey_minutes=30, leaning="not_sure")
    journey_services.submit(submitted)
    make_record(team_a, "E2E-DRAFT", journey_minutes=20)

    # Sign in: a wrong password first.
    sign_in(page, base, "nurse-a", axe_check, password="not-the-password", expect_title=SIGN_IN)
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter a correct username and password")
    assert page.title().startswith("Error:"), page.title()
    axe_check(page, "sign in with a wrong password")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    pass_two_factor(page, "nurse-a", axe_check)  # her first sign-in: she sets up her app
    arrived(page, QUEUE, axe_check)
    expect(results(page)).to_have_count(2)

    # Queue with a filter applied.
    filter_queue_by_status(page, "In progress")
    expect(results(page)).to_have_count(1)
    expect(results(page)).to_contain_text("E2E-DRAFT")
    axe_check(page, "queue filtered to In progress")

    # Invite: empty, then the slip.
    nav(page, "Invite a patient", INVITE, axe_check)
    click_and_arrive(page, page.get_by_role("button", name="Create the invitation"), INVITE)
    expect(summary).to_contain_text("Enter the patient reference")
    axe_check(page, "invite with errors")
    invite(page, "E2E-0002", axe_check)

    # Claim a self-started record: a wrong code.
    nav(page, "Add a self-started record", CLAIM, axe_check)
    page.get_by_label("The patient's access code", exact=True).fill("ABCDE-FGHJK")
    page.get_by_label("Patient reference", exact=True).fill("E2E-0003")
    click_and_arrive(page, page.get_by_role("button", name="Add to my team"), CLAIM)
    expect(summary).to_contain_text("That code did not work")
    axe_check(page, "claim with a wrong code")

    # Patient detail.
    page.goto(f"{base}/clinic/patients/{submitted.pk}")
    arrived(page, "Patient E2E-SENT", axe_check)

    # MDT packs, and one pack (made at once by the immediate task backend in tests).
    nav(page, "MDT packs", PACKS, axe_check)
    page.get_by_label("MDT meeting date", exact=True).fill(MDT_TYPED)
    click_and_arrive(
        page,
        page.get_by_role("button", name="Make the pack"),
        f"MDT pack for {MDT_LONG}",
        axe_check,
    )
    download = page.get_by_role("link", name="Download the pack (PDF)")
    expect(download).to_be_visible()
    pack_pdf = page.request.get(base + download.get_attribute("href"))
    assert pack_pdf.ok and pack_pdf.body().startswith(b"%PDF")

    # The queue without JavaScript: "Apply filters" submits the form.
    no_js = new_context(java_script_enabled=False).new_page()
    sign_in(no_js, base, "nurse-a")
    expect(results(no_js)).to_have_count(3)  # and E2E-0002, invited above
    no_js.get_by_label("Status", exact=True).select_option(label="Submitted")
    apply = no_js.get_by_role("button", name="Apply filters")
    click_and_arrive(no_js, apply, QUEUE)
    assert "status" not in no_js.url, no_js.url  # posted and kept in the session
    expect(results(no_js)).to_have_count(1)
    expect(results(no_js)).to_contain_text("E2E-SENT")
    expect(no_js.get_by_label("Status", exact=True)).to_have_value("submitted")

    # Audit trail: a team lead only (a nurse gets "not found").
    assert page.request.get(base + "/clinic/audit").status == 404
    lead = new_context().new_page()
    sign_in(lead, base, "lead-a", axe_check)
    click_and_arrive(lead, lead.get_by_role("link", name="Audit trail for this team"), AUDIT)
    axe_check(lead, "audit trail")
    audit_rows = lead.locator("tbody tr")
    expect(audit_rows.filter(has_text="Audit trail viewed").first).to_be_visible()
    logged_in = audit_rows.filter(has_text="Logged in").first
    expect(logged_in, "the team's audit trail shows no 'Logged in' entry").to_be_visible()


def test_clinic_fits_320px_without_horizontal_scrolling(
    page, live_server, axe_check, catalogue, team_a, nurse_a
):
    record = make_record(team_a, "E2E-NARROW-0001", journey_minutes=30, leaning="not_sure")
    page.set_viewport_size({"width": 320, "height": 640})
    overflowing: dict[str, str] = {}

    def check(page, name):
        if too_wide := sideways_scroll(page):
            overflowing[name] = too_wide
        axe_check(page, f"{name} at 320px")

    sign_in(page, live_server.url, "nurse-a", check)
    expect(results(page)).to_have_count(1)
    page.goto(f"{live_server.url}/clinic/patients/{record.pk}")
    arrived(page, "Patient E2E-NARROW-0001", check)

    assert overflowing == {}
