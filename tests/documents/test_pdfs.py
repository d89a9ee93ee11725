"""PDFs: content, one-page MDT summary, tagging, the locked-down fetcher, downloads and packs."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import threading
from unittest import mock

import pytest
from django.utils import timezone

from decision_aid.clinic.models import CaseFile, NurseNote
from decision_aid.core.models import AuditEvent
from decision_aid.documents import rendering, services
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import Answer
from tests.conftest import make_record

pytestmark = pytest.mark.django_db

FULL_ANSWERS = {
    "er": "positive", "pr": "positive", "her2": "negative", "pdl1": "unknown", "brca": "unknown",
    "pik3ca": "negative", "menopause": "post", "spread": ["bone", "liver"], "problems": ["none"],
    "akt1_pten": "unknown", "esr1": "unknown", "hormone_for_secondary": "with_ai",
    "cdk46_for_secondary": "none", "chemo_for_secondary": "one", "her2_for_secondary": "none",
    "anthracycline_ever": "yes", "taxane_ever": "no",
    **{f"matters_{k}": v for k, v in [
        ("fewer_visits", "very_much"), ("less_travel", "quite_a_lot"),
        ("tablets_at_home", "a_little"), ("avoid_hair_loss", "very_much"),
        ("avoid_feeling_sick", "quite_a_lot"), ("keep_energy", "very_much"),
        ("work_or_caring", "not_at_all"), ("live_longer", "very_much"),
        ("control_symptoms", "quite_a_lot"), ("fewer_tests", "a_little"),
        ("family_time", "very_much"),
    ]},
    "matters_most": "Seeing my grandson start school – “properly” – and £20 ≥ nothing‑else",
    "coming_months": "A week at the seaside in June with my sister",
    "journey_minutes": 55, "travel_mode": "hospital_transport", "journey_hard": "yes",
    "cost_per_trip": "14.50",
    "shortlist": ["fulvestrant", "cdk46-inhibitor-with-hormone-therapy", "paclitaxel",
                  "supportive-care-only"],
    "compare": ["fulvestrant", "paclitaxel"],
    "pros_fulvestrant": "Could have it at my GP surgery",
    "leaning": "some", "leaning_options": ["fulvestrant", "cdk46-inhibitor-with-hormone-therapy"],
    "sure_sure": "no", "sure_understand": "yes", "sure_risk_benefit": "no",
    "sure_encouragement": "yes", "decide_how": "together", "survival_talk": "main_points",
    "others_involved": "My daughter Ellen",
    "knowledge_aim-is-control-not-cure": "false", "knowledge_can-stop-any-time": "true",
    "questions_own": "\n".join(
        f"Question number {i}: how would this affect my weekly routine and my energy?"
        for i in range(1, 11)
    ),
}  # fmt: skip


def pdftotext(pdf: bytes, tmp_path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftotext is missing: apt-get install poppler-utils")
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def pdfinfo(pdf: bytes, tmp_path) -> dict[str, str]:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo is missing: apt-get install poppler-utils")
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {
        k.strip(): v.strip()
        for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)
    }


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def full_record(catalogue, team_a, nurse_a):
    record = make_record(team_a, "MDT-FULL-01", **FULL_ANSWERS)
    journey_services.submit(record)
    for i in range(3):
        NurseNote.objects.create(case=record.case, author=nurse_a,
                                 text=f"Note {i}: talked it through by phone.")  # fmt: skip
    record.refresh_from_db()
    return record


def test_mdt_summary_is_one_tagged_page_with_the_sure_score_and_answers(full_record, tmp_path):
    pdf = services.mdt_summary_pdf(full_record)
    assert pdf.startswith(b"%PDF")
    info = pdfinfo(pdf, tmp_path)
    assert info["Pages"] == "1"
    assert info["Tagged"] == "yes"
    assert info["Title"] == "MDT summary: patient preferences"
    text = squash(pdftotext(pdf, tmp_path))
    assert "MDT-FULL-01" in text
    assert "SURE: 2/4" in text and "unsure (3 or less)" in text
    assert "It is not a treatment plan" in text
    for expected in ["Fulvestrant", "Paclitaxel", "No cancer treatment", "Question number 10",
                     "Note 2:", "55 min one way", "hospital transport", "Content release",
                     "Page 1 of 1", "decide together"]:  # fmt: skip
        assert expected in text, expected


def test_the_heaviest_mdt_summary_is_one_page_with_her_words_sure_and_knowledge(
    catalogue, team_a, nurse_a, tmp_path
):
    """Review M7 (issue 16 item 6): her hopes and worries about each option, which SURE
    questions she did not answer yes, the knowledge check with what was left blank; still one
    page with 4 options, long words on each, 10 questions and 6 notes."""
    long_words = "I worry about being too tired to look after my grandchildren. " * 4
    shortlist = FULL_ANSWERS["shortlist"]
    record = make_record(team_a, "MDT-HEAVY-1", **{
        **FULL_ANSWERS,
        **{f"pros_{slug}": f"Hope {slug}: " + long_words for slug in shortlist},
        **{f"cons_{slug}": f"Worry {slug}: " + long_words for slug in shortlist},
    })  # fmt: skip
    journey_services.submit(record)
    for i in range(6):
        text = f"Note {i}: " + "talked it through by phone. " * 8
        NurseNote.objects.create(case=record.case, author=nurse_a, text=text)
    # Every new field (issue 16 items 5 and 6): changed since she sent it, and the decision.
    journey_services.save_answers(record, {"matters_most": "A change she has not sent."})
    CaseFile.objects.filter(record=record).update(
        decision="Start fulvestrant with a CDK4/6 inhibitor; bone scan first. " * 5,
        decision_tell_who="Sam Jones, breast care nurse", decision_tell_by="2026-12-10",
        decision_recorded_at=timezone.now(),
    )  # fmt: skip
    record.refresh_from_db()
    pdf = services.mdt_summary_pdf(record)
    assert pdfinfo(pdf, tmp_path)["Pages"] == "1"
    text = squash(pdftotext(pdf, tmp_path))
    assert "She has changed some answers since" in text
    assert "Who will tell her: Sam Jones, breast care nurse, by 10 Dec 2026." in text
    assert "Worry paclitaxel:" in text and "Hope fulvestrant:" in text
    assert "SURE, not yes: Sure of the best choice; Clear about what matters most." in text
    # FULL_ANSWERS answers 2 of the statements, 1 rightly.
    assert re.search(r"Knowledge check: 1 of (\d) right, (\d) not answered\.", text)


def test_patient_copy_has_key_points_first_and_is_three_pages_at_most(full_record, tmp_path):
    """Issue 15 item 7 (review M9): key points first, her SURE result in words, the right
    answer beside each quiz answer she got wrong, the key facts of the options she looked at,
    and not every answer again. At most 3 pages for a full record."""
    pdf = services.patient_copy_pdf(full_record)
    (tmp_path / "copy.pdf").write_bytes(pdf)
    info = pdfinfo(pdf, tmp_path)
    assert info["Tagged"] == "yes"
    assert int(info["Pages"]) <= 3
    text = squash(pdftotext(pdf, tmp_path))
    assert text.index("Key points") < text.index("The options you looked at")
    for value in [
        "Where you are leaning: Between some options",
        "What matters very much to you: Having fewer hospital visits",
        "Seeing my grandson start school – “properly” – and £20 ≥ nothing‑else",
        "A week at the seaside in June with my sister", "Question number 7",
        "You said you are not sure yet about some things",
        "feeling sure about the best choice for you",
        "I would like to decide together with my team",
    ]:  # fmt: skip
        assert squash(value) in text, value
    # Each option she looked at: how often, trips, what it can do and its common side effects.
    for name in ("Fulvestrant (Faslodex)", "Paclitaxel (Taxol)", "No cancer treatment"):
        assert name in text, name
    assert text.count("What it can do:") == 4 and text.count("How often:") == 4
    # The quiz: the right answer beside a wrong one.
    assert "You said False. The answer is True. Secondary breast cancer" in text
    # Not every answer again: "Check your answers" has those.
    assert "All your answers" not in text and "Is your cancer ER positive?" not in text


def test_special_characters_render_without_a_stall(catalogue, team_a):
    from decision_aid.documents import presenters
    from decision_aid.journey.steps import JourneyState

    record = make_record(team_a, "CHARS", matters_most="‑ – ’ “ ” £ ≥ é ß 😀 中文")
    html = rendering.render_html(
        "documents/patient_copy.jinja", {"doc": presenters.patient_copy(JourneyState(record))}
    )
    done: list[bytes] = []  # the database work is done; only the rendering runs in the thread
    worker = threading.Thread(target=lambda: done.append(rendering.html_to_pdf(html)))
    worker.start()
    worker.join(timeout=60)
    assert done and done[0].startswith(b"%PDF")


def test_the_fetcher_refuses_files_and_other_hosts():
    fetcher = rendering.url_fetcher()
    for url in ["file:///etc/passwd", "http://example.com/x.png", "https://static.invalid.evil/x",
                "https://static.invalid/static/../../etc/passwd", "data:text/plain,x"]:  # fmt: skip
        with pytest.raises(rendering.RefusedURL):
            fetcher.fetch(url)
    # Our own static files are served.
    response = fetcher.fetch(rendering.STATIC_BASE + "static/nhsuk/images/favicon.svg")
    assert response.status == 200


def test_a_template_that_asks_for_a_file_and_a_web_address_gets_neither(tmp_path):
    html = (
        '<html lang="en-GB"><head><title>t</title>'
        '<link rel="stylesheet" href="http://example.com/evil.css"></head><body>'
        '<img src="file:///etc/passwd" alt="x"><img src="http://example.com/x.png" alt="y">'
        "<p>Safe text</p></body></html>"
    )
    refused: list[str] = []
    original = rendering.url_fetcher().fetch

    def spy(url, headers=None):
        try:
            return original(url, headers)
        except rendering.RefusedURL:
            refused.append(url)
            raise

    with mock.patch.object(rendering.url_fetcher(), "fetch", side_effect=spy), \
            mock.patch("urllib.request.OpenerDirector.open") as network:  # fmt: skip
        pdf = rendering.html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert set(refused) == {"file:///etc/passwd", "http://example.com/x.png",
                            "http://example.com/evil.css"}  # fmt: skip
    network.assert_not_called()


def test_downloads_are_access_checked_audited_and_named_without_personal_data(
    client, full_record, nurse_a, nurse_b
):
    url = f"/clinic/patients/{full_record.pk}/mdt-summary.pdf"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(nurse_b)
    assert client.get(url).status_code == 404  # another team
    client.force_login(nurse_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="mdt-summary-no-date.pdf"'
    assert "MDT-FULL-01" not in disposition
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="summary_downloaded", record_id=full_record.pk,
                                     actor=nurse_a).exists()  # fmt: skip


def test_the_patient_downloads_their_own_copy(client, full_record):
    from decision_aid.journey.session import SESSION_KEY

    assert client.get("/my-summary.pdf").status_code == 302
    session = client.session
    session[SESSION_KEY] = str(full_record.pk)
    session.save()
    response = client.get("/my-summary.pdf")
    assert response.content.startswith(b"%PDF")
    assert 'filename="my-treatment-choices-summary.pdf"' in response["Content-Disposition"]


def test_an_mdt_pack_is_built_in_the_background_and_downloaded(
    client, full_record, nurse_a, team_a, tmp_path, django_capture_on_commit_callbacks
):
    from decision_aid.clinic.models import CaseFile

    other = make_record(team_a, "MDT-OTHER-02", journey_minutes=10)
    journey_services.submit(other)
    CaseFile.objects.filter(record__in=[full_record, other]).update(mdt_date="2026-12-03")
    client.force_login(nurse_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/clinic/packs", {"mdt_date": "3/12/2026"})
    pack = MdtPack.objects.get()
    assert response["Location"] == f"/clinic/packs/{pack.pk}"
    pack.refresh_from_db()
    assert pack.status == PackStatus.DONE and pack.patients == 2 and pack.done == 2
    status = client.get(f"/clinic/packs/{pack.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert status.lstrip().startswith('<div id="pack-status"') and "hx-trigger" not in status
    download = client.get(f"/clinic/packs/{pack.pk}/download")
    assert download["Content-Disposition"] == 'attachment; filename="mdt-2026-12-03-team-a.pdf"'
    info = pdfinfo(download.content, tmp_path)
    assert info["Pages"] == "3"  # a cover list, then one page per patient
    text = squash(pdftotext(download.content, tmp_path))
    assert text.index("MDT-FULL-01") < text.index("MDT-OTHER-02")
    assert "unsure" in text
    # The cover is a contents list: each reference with the page its summary starts on.
    # (pdftotext reads a table's columns in an order of its own: each reference with its page.)
    assert re.search(r"MDT-FULL-01 2 ", text) and re.search(r"MDT-OTHER-02 3 ", text)


def test_F3_a_pack_request_and_each_record_a_pack_discloses_are_audited(
    client, full_record, nurse_a, team_a, django_capture_on_commit_callbacks
):
    """Review F3b: asking for a pack was not audited, and its download named no records."""
    from decision_aid.clinic.models import CaseFile
    from decision_aid.core.models import AuditEvent

    other = make_record(team_a, "MDT-OTHER-03", journey_minutes=10)
    journey_services.submit(other)
    CaseFile.objects.filter(record__in=[full_record, other]).update(mdt_date="2026-12-03")
    client.force_login(nurse_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/clinic/packs", {"mdt_date": "3/12/2026"})
    pack = MdtPack.objects.get()
    requested = AuditEvent.objects.get(action="pack_requested")
    assert (requested.actor, requested.team, requested.detail) == (nurse_a, team_a,
                                                                    "mdt pack of 2")  # fmt: skip
    client.get(f"/clinic/packs/{pack.pk}/download")
    per_record = AuditEvent.objects.filter(action="summary_downloaded", detail="in an mdt pack")
    assert {event.record_id for event in per_record} == {full_record.pk, other.pk}
    assert all(event.actor == nurse_a for event in per_record)


def test_a_failed_pack_is_reported_can_be_retried_and_never_touches_records(
    client, full_record, nurse_a, django_capture_on_commit_callbacks
):
    from decision_aid.clinic.models import CaseFile

    CaseFile.objects.filter(record=full_record).update(mdt_date="2026-12-03")
    answers_before = list(Answer.objects.filter(record=full_record).values_list("key", "value"))
    client.force_login(nurse_a)
    with (
        mock.patch(
            "decision_aid.documents.services.rendering.render_pdf",
            side_effect=RuntimeError("boom"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post("/clinic/packs", {"mdt_date": "2026-12-03"})
    pack = MdtPack.objects.get()
    assert pack.status == PackStatus.FAILED
    assert re.fullmatch(r"[0-9a-f]{8}", pack.error_reference)  # a reference, no patient data
    page = client.get(f"/clinic/packs/{pack.pk}").content.decode()
    assert f"The pack could not be made (error {pack.error_reference}). Try again." in page
    assert "MDT-FULL-01" not in page
    assert client.get(f"/clinic/packs/{pack.pk}/download").status_code == 404
    assert (
        list(Answer.objects.filter(record=full_record).values_list("key", "value"))
        == answers_before
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/clinic/packs/{pack.pk}/retry")
    pack.refresh_from_db()
    assert pack.status == PackStatus.DONE and pack.pdf


def test_a_pack_of_another_team_is_a_404(client, full_record, nurse_a, nurse_b):
    client.force_login(nurse_a)
    client.post("/clinic/packs", {"mdt_date": "2026-12-03"})
    pack = MdtPack.objects.get()
    client.force_login(nurse_b)
    for url in [f"/clinic/packs/{pack.pk}", f"/clinic/packs/{pack.pk}/download"]:
        assert client.get(url).status_code == 404
    assert client.post(f"/clinic/packs/{pack.pk}/retry").status_code == 404


def test_demo_pdfs_command_writes_three_pdfs(catalogue, tmp_path):
    from django.core.management import call_command

    call_command("seed_demo", "--password", "demo-password-for-tests-2026", stdout=io.StringIO())
    call_command("demo_pdfs", "--out", str(tmp_path), stdout=io.StringIO())
    for name in ("patient.pdf", "mdt.pdf", "pack.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_rendering_pauses_the_cycle_collector_only_while_it_renders():
    import gc

    assert gc.isenabled()
    with rendering._cycle_collector_paused():
        assert not gc.isenabled()
        with rendering._cycle_collector_paused():  # another thread's render, say
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first render is still going
    assert gc.isenabled()
    assert rendering.html_to_pdf("<p>Text</p>").startswith(b"%PDF") and gc.isenabled()
    gc.disable()  # switched off by someone else: left as it was found
    try:
        with rendering._cycle_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pack_lists_a_patient_who_has_not_sent_by_status_only(
    client, full_record, nurse_a, team_a, tmp_path, django_capture_on_commit_callbacks
):
    """Issue 16 item 5: answers she has not sent stay hers. The pack gives her no page, only her
    reference and status, marked "not sent yet"; its download is audited for sent records only."""
    from decision_aid.clinic.models import CaseFile
    from decision_aid.core.models import AuditEvent

    draft = make_record(team_a, "MDT-DRAFT-04", matters_most="Marker-draft: my sister")
    CaseFile.objects.filter(record__in=[full_record, draft]).update(mdt_date="2026-12-03")
    client.force_login(nurse_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/clinic/packs", {"mdt_date": "3/12/2026"})
    pack = MdtPack.objects.get()
    pack.refresh_from_db()
    assert (pack.status, pack.patients, pack.done) == (PackStatus.DONE, 2, 2)
    download = client.get(f"/clinic/packs/{pack.pk}/download")
    assert pdfinfo(download.content, tmp_path)["Pages"] == "2"  # the cover and her one page
    text = squash(pdftotext(download.content, tmp_path))
    assert re.search(r"Not sent yet .* MDT-DRAFT-04 In progress · not sent yet", text)
    assert "Marker-draft" not in text
    per_record = AuditEvent.objects.filter(action="summary_downloaded", detail="in an mdt pack")
    assert {event.record_id for event in per_record} == {full_record.pk}


def test_a_teams_start_link_poster_has_its_link_and_a_qr_code(client, nurse_a, tmp_path):
    """Issue 16 item 1: the poster carries the team's start link, written out and as a QR code
    (made on the clinic side), and nothing about any patient."""
    client.force_login(nurse_a)
    response = client.get("/clinic/poster.pdf?team=team-a")
    assert response["Content-Disposition"] == 'attachment; filename="start-link-poster-team-a.pdf"'
    assert pdfinfo(response.content, tmp_path)["Pages"] == "1"
    text = squash(pdftotext(response.content, tmp_path))
    assert "http://testserver/t/team-a" in text and "Team A" in text
    html = rendering.render_html("documents/team_poster.jinja", {
        "team": nurse_a.memberships.get().team, "link": "https://x.test/t/team-a",
        "qr_svg": "<svg id=qr></svg>", "journey_minutes": (25, 35), "generated_text": "",
    })  # fmt: skip
    assert 'role="img" aria-label="QR code for https://x.test/t/team-a"' in html
