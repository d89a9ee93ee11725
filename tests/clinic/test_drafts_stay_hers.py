"""Issue 16 item 5: drafts stay hers. Her team sees only the answers she sent (the queue, her
page, both PDFs, the MDT pack), never what she is still changing; what the team entered always
shows. Checked in the HTML and, for the PDFs, in the text pdftotext reads from them."""

from __future__ import annotations

from decision_aid.journey import services as journey_services
from tests.conftest import make_record
from tests.documents.test_pdfs import pdftotext, squash

FIRST = "Marker-sent: seeing my grandson marry in June"
LATER = "Marker-draft: whether I can still drive to work"


def team_sees(client, record, tmp_path) -> dict[str, str]:
    """Everything a nurse can open about one record, as text."""
    seen = {
        "queue": client.get("/clinic/").content.decode(),
        "patient page": client.get(f"/clinic/patients/{record.pk}").content.decode(),
    }
    for name, path in (("MDT summary", "mdt-summary.pdf"), ("patient copy", "patient-summary.pdf")):
        response = client.get(f"/clinic/patients/{record.pk}/{path}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), name
        seen[name] = squash(pdftotext(response.content, tmp_path))
    return seen


def test_the_team_sees_only_what_she_sent(client, catalogue, team_a, nurse_a, tmp_path):
    record = make_record(team_a, "DRAFT-01", matters_most=FIRST, leaning="not_sure", sure_sure="no")
    record.team_profile = {"her2": "positive"}
    record.save(update_fields=["team_profile"])
    client.force_login(nurse_a)

    before = team_sees(client, record, tmp_path)
    for where, text in before.items():
        assert FIRST not in text, f"{where} shows an answer she has not sent"
    assert "Not sent yet. Her answers show here once she sends them." in before["patient page"]
    assert "Not sent yet" in before["MDT summary"]
    assert "HER2 Positive (team)" in before["MDT summary"]  # what the team entered shows
    assert "Unsure: 0/4" not in before["queue"]  # her SURE answers are not sent either

    journey_services.submit(record)
    journey_services.save_answers(record, {"matters_most": LATER})  # changing it again, unsent
    after = team_sees(client, record, tmp_path)
    for where in ("patient page", "MDT summary", "patient copy"):
        assert FIRST in after[where], f"{where} does not show what she sent"
    for where, text in after.items():
        assert LATER not in text, f"{where} shows a change she has not sent"
    assert "She has changed some answers since" in after["patient page"]
    assert "changed some answers since" in after["MDT summary"]
    assert "Unsure: 0/4" in after["queue"]

    journey_services.submit(record)
    assert LATER in team_sees(client, record, tmp_path)["MDT summary"]


def test_she_still_sees_everything_she_has_saved(client, catalogue, team_a, tmp_path):
    from decision_aid.journey.steps import JourneyState

    record = make_record(team_a, "DRAFT-02", matters_most=FIRST)
    assert JourneyState(record).answers["matters_most"] == FIRST
    assert JourneyState.as_sent(record).answers == {}
