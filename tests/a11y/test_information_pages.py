"""The accessibility statement and the glossary: public pages, linked from every page's footer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def one_h1(html: str) -> str:
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert len(headings) == 1, headings
    return headings[0].strip()


def footer(html: str) -> str:
    match = re.search(r"<footer.*?</footer>", html, re.S)
    assert match, "no footer"
    return match.group(0)


def test_the_pages_have_their_names_and_paths():
    assert reverse("glossary") == "/glossary"
    assert reverse("accessibility-statement") == "/accessibility-statement"


@pytest.mark.parametrize(
    ("path", "title"),
    [("/glossary", "Words we use"), ("/accessibility-statement", "Accessibility statement")],
)
def test_information_page_answers_with_one_h1_and_its_title(client, path, title):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert one_h1(html) == title
    assert f"<title>{title} – " in html
    assert client.post(path).status_code == 405  # read-only pages


def test_the_accessibility_statement_follows_the_model_statement(client):
    html = client.get("/accessibility-statement").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    headings = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html)
    for heading in [
        "Using this tool", "How accessible this tool is", "Feedback and contact information",
        "Reporting accessibility problems with this tool", "Enforcement procedure",
        "Compliance status", "How we tested this tool",
        "Preparation of this accessibility statement",
    ]:  # fmt: skip
        assert heading in headings
    # The standard and an honest compliance status.
    assert "WCAG) version 2.2, level AA" in text
    assert "partially compliant" in text
    # What was tested, and how.
    for method in ["axe-core", "Chromium", "only a keyboard", "320 pixels wide",
                   "JavaScript turned off", "reading age"]:  # fmt: skip
        assert method in text, method
    # Known limits, said plainly.
    assert "PDF is tagged" in text and "not tested it with every screen reader" in text
    assert "No expert has tested the tool with a screen reader by hand yet" in text
    # How to report a problem, with the contact left for each service to fill in.
    assert "For each service to fill in:" in text
    assert "Email: [to be added by the service]" in text
    # Enforcement and preparation date.
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert re.search(r"prepared on \d{1,2} \w+ 20\d\d", text)
    assert 'href="/glossary"' in html


@pytest.mark.parametrize(
    "path", ["/", "/start", "/glossary", "/accessibility-statement", "/clinic/login", "/nope"]
)
def test_every_kind_of_page_links_both_pages_from_its_footer(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    links = footer(response.content.decode())
    assert re.search(r'<a [^>]*href="/glossary"[^>]*>\s*Words we use\s*</a>', links)
    assert re.search(
        r'<a [^>]*href="/accessibility-statement"[^>]*>\s*Accessibility statement\s*</a>', links
    )
