"""The "About this information" page (IPDAS certification items)."""

from __future__ import annotations


def test_about_page_covers_authors_sources_dates_policy_and_funding(catalogue, client):
    response = client.get("/about-this-information")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Who wrote it" in html
    assert "does not replace" in html.lower()
    assert "Next check due by:" in html
    due = min(o.next_review for o in catalogue.options)
    assert f"{due.day} {due:%B %Y}" in html
    assert "at least once a year" in html
    assert "To be completed by the organisation that runs this service" in html
    assert f"Content version: {catalogue.release_id}" in html
    every_source = {s.url for o in catalogue.options for s in o.sources}
    for url in every_source:
        assert f'href="{url}"' in html.replace("&amp;", "&")
