"""Smaller HTML for slow phones (issue 15): white space that holds a line break becomes one line
break, except where it matters (what a patient typed in a text box, pre, scripts and styles)."""

from __future__ import annotations

from decision_aid.core.html import collapse_whitespace

TYPED = "line one\r\n\n   line two\n\tindented  "


def test_runs_of_white_space_with_a_line_break_become_one_line_break():
    html = "<div>\n\n      <p>One   two</p>\n    \n</div>"
    assert collapse_whitespace(html) == "<div>\n<p>One   two</p>\n</div>"


def test_what_a_patient_typed_in_a_text_box_is_kept_exactly():
    html = f'<div>\n   <textarea name="q">{TYPED}</textarea>\n   </div>'
    assert f">{TYPED}</textarea>" in collapse_whitespace(html)


def test_pre_script_and_style_are_kept_exactly():
    for tag in ("pre", "script", "style", "TEXTAREA"):
        kept = f"<{tag} class='x'>\n  a\n\n    b\n</{tag}>"
        assert kept in collapse_whitespace(f"<main>\n\n  {kept}\n\n</main>")


def test_the_words_are_unchanged(client):
    from decision_aid.journey.reading import visible_text

    html = client.get("/").content.decode()
    assert visible_text(collapse_whitespace(html)) == visible_text(html)
    assert "\n\n" not in html  # the page as sent is already compact


def test_pages_are_sent_compressed_to_browsers_that_accept_it(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_the_length_sent_is_the_length_of_the_compact_page(client):
    response = client.get("/start")
    assert int(response["Content-Length"]) == len(response.content)
