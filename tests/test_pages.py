"""Every page: security headers, and the start page's promises to patients."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-[A-Za-z0-9+/=]{16,}'")


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    if response.status_code == 200 and response.headers["Content-Type"].startswith("text/html"):
        assert NONCE.search(directives["script-src"]), csp
    else:
        assert directives["script-src"].startswith("'self'")
    assert "'nonce-" not in directives["style-src"]
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_route_list_includes_the_known_pages(parameterless_routes):
    names = {name for name, _ in parameterless_routes}
    assert {"start", "healthz"} <= names


def test_every_page_sends_the_security_headers(client, parameterless_routes, catalogue):
    for _name, path in parameterless_routes:
        response = client.get(path)
        assert response.status_code < 500, path
        assert_security_headers(response)


def test_error_pages_send_the_security_headers_and_use_the_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert_security_headers(response)
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert "Page not found – Secondary breast cancer: your treatment choices" in html


def test_every_script_tag_carries_the_nonce_from_the_header(client):
    response = client.get("/")
    nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(0)[7:-1]
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert len(scripts) >= 3  # body-class snippet, nhsuk-frontend module, htmx
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag


def test_nothing_is_loaded_from_another_host(client):
    html = client.get("/").content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")) or url.startswith("tel:"), url


def test_htmx_is_told_not_to_inject_inline_styles(client):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html


def test_start_page_says_what_the_aid_is_for_and_does_not_decide(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for promise in [
        "people with secondary breast cancer",
        "About 25 to 35 minutes",
        "does not choose a treatment for you",
        "change your mind at any time",
        "stop any treatment at any time",
        "Having no cancer treatment is always one of the choices",
    ]:
        assert promise in html, promise


def test_footer_gives_the_support_lines(client):
    html = client.get("/").content.decode()
    assert "0808 808 00 00" in html
    assert "0808 800 4040" in html
    assert "Monday to Friday, 9am to 5pm" in html


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("decision_aid.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_start_page_refuses_post(client):
    assert client.post("/").status_code == 405
