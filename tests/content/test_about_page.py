"""The "About this information" page (IPDAS certification items): who wrote and checked it, who
paid, how the facts were chosen, when it is checked and what happens when it changes, how easy it
is to read, and testing with patients."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

from decision_aid.content.models import ContentRelease, Option
from decision_aid.content.releases import current_catalogue, publish_release
from tests.a11y import readability as r


def page(client) -> tuple[str, str]:
    response = client.get("/about-this-information")
    assert response.status_code == 200
    html = response.content.decode()
    return html, " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_about_page_covers_authors_sources_dates_policy_and_funding(catalogue, client):
    html, text = page(client)
    assert html.count("<h1") == 1
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    for heading in [
        "Who wrote it and who checked it", "Who paid for it", "How we chose the facts",
        "When it was checked and updated", "How easy it is to read", "Testing with patients",
        "All our sources", "Dates for each treatment",
    ]:  # fmt: skip
        assert heading in headings, heading
    assert "does not replace" in text.lower()
    assert "at least once a year" in text
    assert f"Content version: {catalogue.release_id}," in text
    every_source = {s.url for o in catalogue.options for s in o.sources}
    for url in every_source:
        assert f'href="{url}"' in html.replace("&amp;", "&")
    assert client.post("/about-this-information").status_code == 405


def test_who_wrote_and_checked_it_by_role_with_honest_sign_off(catalogue, client):
    _, text = page(client)
    assert "The content team of this tool wrote it in plain English." in text
    for source in ["NICE guidance", "the official facts about each medicine", "Macmillan",
                   "Cancer Research UK", "Breast Cancer Now"]:  # fmt: skip
        assert source in text, source
    assert "In December 2026, independent reviewers checked the medical facts." in text
    # Every shipped option still waits for a clinician's sign-off, and the page says so.
    assert all("clinical sign-off pending" in o.reviewer for o in catalogue.options)
    assert "Not yet." in text and "No one has signed it off yet." in text
    assert 'Each treatment still says "clinical sign-off pending".' in text


def test_sign_off_status_is_counted_from_the_catalogue(catalogue, client):
    signed = Option.objects.order_by("slug").first()
    signed.reviewer = "Dr A Example, consultant oncologist"
    signed.save()
    publish_release("test: one option signed off")
    total = len(catalogue.options)
    _, text = page(client)
    assert f'{total - 1} treatments out of {total} still say "clinical sign-off pending".' in text
    assert "No one has signed it off yet." not in text

    Option.objects.update(reviewer="Dr A Example, consultant oncologist")
    publish_release("test: every option signed off")
    _, text = page(client)
    assert "A named doctor or nurse has signed off the information about every treatment." in text
    assert "clinical sign-off pending" not in text


def test_names_are_the_services_settings_with_honest_defaults(catalogue, client, settings):
    settings.CONTENT_AUTHORS = ""
    settings.CLINICAL_REVIEWERS = ""
    _, text = page(client)
    assert "The service that runs this tool has not named the people who wrote it yet." in text
    assert "The service that runs this tool has not named its clinical reviewers yet." in text

    settings.CONTENT_AUTHORS = "Sam Writer, content designer; Alex Editor <editor>"
    settings.CLINICAL_REVIEWERS = "Dr Jo Smith, consultant oncologist"
    html, text = page(client)
    assert "The content team: Sam Writer, content designer; Alex Editor <editor>" in text
    assert "&lt;editor&gt;" in html  # free text, escaped
    assert "Clinical reviewers: Dr Jo Smith, consultant oncologist" in text
    assert "has not named" not in text


def test_funding_is_the_services_statement_with_an_honest_default(catalogue, client, settings):
    settings.FUNDING_STATEMENT = ""
    _, text = page(client)
    assert (
        "This demonstration version is not paid for by any drug company or any other group. "
        "The service that runs it must say here who pays for it, and any links it has to drug "
        "companies."
    ) in text
    assert "No drug company paid for this information or checked what it says." in text

    settings.FUNDING_STATEMENT = "Funded by the Example NHS Foundation Trust. No other funding."
    _, text = page(client)
    assert "Funded by the Example NHS Foundation Trust. No other funding." in text
    assert "This demonstration version" not in text
    assert "No drug company paid for this information or checked what it says." in text


def test_how_the_facts_were_chosen(catalogue, client):
    _, text = page(client)
    assert "We use these UK sources first:" in text
    assert "NICE guidance, which says which treatments the NHS in England should offer" in text
    assert "(called the SmPC)" in text
    assert "Then we follow the newer UK source, and we write down where they differ." in text
    assert "If there is no number we can trust, we do not guess." in text
    assert "Each treatment lists its sources and the date we checked it." in text


def test_dates_and_version_are_computed_from_the_current_release(catalogue, client):
    _, text = page(client)
    last = max(o.reviewed_on for o in catalogue.options)
    due = min(o.next_review for o in catalogue.options)
    assert f"Last checked: {long_date(last)}." in text
    assert f"Next check due by: {long_date(due)}." in text
    edition = ContentRelease.objects.get(pk=catalogue.release_id).edition
    assert edition is not None
    assert f"It is based on edition {edition} of our information." in text

    # An editor checks one option again and brings another's next check forward: the page
    # follows the new release, and says it still comes from the shipped edition.
    first, second = Option.objects.order_by("slug")[:2]
    first.reviewed_on, first.next_review = date(2027, 3, 9), date(2028, 3, 9)
    first.save()
    second.next_review = date(2027, 2, 14)
    second.save()
    release = publish_release("test: dates changed")
    assert release.edition is None
    _, text = page(client)
    assert current_catalogue().release_id == release.pk
    assert "Last checked: 9 March 2027." in text
    assert "Next check due by: 14 February 2027." in text
    assert f"Content version: {release.pk}, published on " in text
    assert f"It is based on edition {edition} of our information." in text


def test_what_happens_when_the_information_changes(catalogue, client):
    _, text = page(client)
    assert "Your answers are saved with the version you saw." in text
    # The words of the banner a patient still answering sees after a correction.
    assert 'It says: "We updated the information about treatments".' in text
    banner = (Path(settings.BASE_DIR) / "templates/journey/_content_updated.jinja").read_text()
    assert "We updated the information about treatments" in banner


def test_reading_level_states_the_goals_the_readability_gate_enforces(catalogue, client):
    _, text = page(client)
    assert "Flesch reading ease" in text
    assert f"every text scores {r.GOAL_MIN_EASE:g} or more" in text
    assert f"half of all texts score {r.GOAL_MEDIAN_EASE:g} or more" in text
    assert f"no sentence is longer than {r.GOAL_MAX_SENTENCE_WORDS} words" in text


@pytest.mark.parametrize(
    "words",
    [
        "We have not tested this tool with patients yet.",
        "In December 2026, independent reviewers used the tool as a patient would.",
        "We plan to test the tool with people who have secondary breast cancer.",
    ],
)
def test_user_testing_is_reported_honestly(catalogue, client, words):
    _, text = page(client)
    assert words in text


def read_settings(env: dict[str, str]) -> list[str]:
    """The three about-page settings, as decision_aid/settings.py reads them from ``env``."""
    names = ("CONTENT_AUTHORS", "CLINICAL_REVIEWERS", "FUNDING_STATEMENT")
    clean = {k: v for k, v in os.environ.items() if k not in names}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    code = "import json, decision_aid.settings as s; print(json.dumps([getattr(s, n) for n in %r]))"
    done = subprocess.run(
        [sys.executable, "-c", code % (names,)],
        cwd=settings.BASE_DIR,
        env={**clean, "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_settings_come_from_the_environment_and_default_to_empty():
    assert read_settings({}) == ["", "", ""]
    assert read_settings(
        {
            "CONTENT_AUTHORS": " Sam Writer ",
            "CLINICAL_REVIEWERS": "Dr Jo Smith",
            "FUNDING_STATEMENT": "Funded by the trust.",
        }
    ) == ["Sam Writer", "Dr Jo Smith", "Funded by the trust."]
