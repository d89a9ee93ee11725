"""Issue 16 in real Chromium: a patient starts from a team's link and sends her answers; that
team's nurse sees them "not yet matched", confirms the match and prints the MDT page. A patient
without a link chooses her team. With no team list nothing is said to be sent. Every new page
passes axe, and the nurse's pages fit 320 px."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord
from tests.e2e.clinic import QUEUE, sign_in
from tests.e2e.journey import arrived, click_and_arrive, wider_than_the_screen

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Marker Winifred Linkstart"
WORDS = "Marker-words: keeping well enough for my allotment"
DRAFT = "Marker-draft: still thinking about the wig"
SENT_TITLE = "Your answers have been sent to Team A"


def start_from_the_link(page, base, axe) -> DecisionRecord:
    page.goto(f"{base}/t/team-a")
    arrived(page, "Think about your treatment choices before you see Team A", axe)
    click_and_arrive(page, page.get_by_role("button", name="Start now"), "Your access code", axe)
    record = DecisionRecord.objects.order_by("-created_at").first()
    journey_services.save_answers(record, {"matters_most": WORDS, "er": "positive"})
    return record


def send(page, base, axe, team_label: str | None = None, nhs: str = "943 476 5919") -> None:
    page.goto(f"{base}/steps/check-answers")
    arrived(page, "Check your answers", axe)
    click_and_arrive(page, page.get_by_role("button", name="Continue to send"),
                     "Send your answers to your team", axe)  # fmt: skip
    if team_label:
        page.get_by_label(team_label, exact=True).check()
    page.get_by_label("Your full name", exact=True).fill(NAME)
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Year", exact=True).fill("1961")
    page.get_by_label("Your NHS number (optional)", exact=True).fill(nhs)
    page.get_by_role("button", name="Send to this team").click()


def pdf_text(response, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(response.body())
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def test_from_a_teams_link_to_a_matched_record_and_its_mdt_page(
    page, new_context, live_server, axe_check, catalogue, team_a, nurse_a, tmp_path
):
    base = live_server.url
    patient = new_context().new_page()
    record = start_from_the_link(patient, base, axe_check)
    # A wrong NHS number: a clear message next to the field; nothing is sent.
    send(patient, base, axe_check, nhs="943 476 5918")  # the link's team is already chosen
    arrived(patient, "Send your answers to your team", axe_check)
    expect(patient.locator(".nhsuk-error-message")).to_contain_text("Check your NHS number")
    patient.get_by_label("Your NHS number (optional)", exact=True).fill("943 476 5919")
    click_and_arrive(patient, patient.get_by_role("button", name="Send to this team"),
                     SENT_TITLE, axe_check)  # fmt: skip
    journey_services.save_answers(record, {"coming_months": DRAFT})  # changed again, not sent

    sign_in(page, base, "nurse-a", axe_check)
    unmatched = page.locator(".app-unmatched")
    expect(unmatched).to_contain_text(NAME)
    click_and_arrive(page, unmatched.get_by_role("link", name=NAME),
                     "Sent by a patient, not yet matched", axe_check)  # fmt: skip
    expect(page.locator("main")).to_contain_text("943 476 5919")
    expect(page.locator("main")).not_to_contain_text(WORDS)
    page.get_by_label("Patient reference", exact=True).fill("LINK-0001")
    click_and_arrive(page, page.get_by_role("button", name="Confirm the match"),
                     "Patient LINK-0001", axe_check)  # fmt: skip
    expect(page.locator("main")).not_to_contain_text(DRAFT)

    mdt = page.get_by_role("link", name="MDT summary (PDF, one page)")
    text = " ".join(pdf_text(page.request.get(base + mdt.get_attribute("href")), tmp_path).split())
    assert "LINK-0001" in text and "keeping well enough for my allotment" in text
    assert "still thinking about the wig" not in text  # never what she has not sent

    # Issue 16 item 7: /clinic/claim (and the patient page, with its new form) fit 320 px.
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/clinic/claim", f"/clinic/patients/{record.pk}"):
        page.goto(base + path)
        assert wider_than_the_screen(page) == [], (path, wider_than_the_screen(page))
    page.goto(base + "/clinic/")
    arrived(page, QUEUE)


def test_without_a_link_she_chooses_her_team(new_context, live_server, axe_check, catalogue,
                                             team_a, team_b):  # fmt: skip
    base = live_server.url
    patient = new_context().new_page()
    patient.goto(f"{base}/start")
    click_and_arrive(patient, patient.get_by_role("button", name="Start without a code"),
                     "Your access code")  # fmt: skip
    send(patient, base, axe_check, team_label="Team B")
    arrived(patient, "Your answers have been sent to Team B", axe_check)


def test_with_no_team_list_nothing_is_said_to_be_sent(new_context, live_server, catalogue,
                                                      team_a, settings):  # fmt: skip
    settings.SEND_TO_TEAMS = False
    base = live_server.url
    patient = new_context(java_script_enabled=False).new_page()
    patient.goto(f"{base}/start")
    click_and_arrive(patient, patient.get_by_role("button", name="Start without a code"),
                     "Your access code")  # fmt: skip
    patient.goto(f"{base}/steps/check-answers")
    expect(patient.get_by_text("Continue to send")).to_have_count(0)
    click_and_arrive(patient, patient.get_by_role("button", name="Finish and save my answers"),
                     "Your answers are saved")  # fmt: skip
    expect(patient.locator("main")).to_contain_text("They have not been sent to anyone")
