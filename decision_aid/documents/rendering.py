"""The one PDF rendering service, around WeasyPrint.

- Our own print stylesheet (``print.css``), parsed once per process and reused; one shared
  FontConfiguration. Not the NHS.UK screen CSS, which WeasyPrint handles badly and slowly.
- A URL fetcher that serves only the project's own static files and refuses everything else
  (file:, http(s): to any other host, data:), so a document can never reach out.
- PDF/UA-1 (tagged, accessible), with the title and language taken from the HTML.
- Templates are Jinja with autoescape, like every page.
- Python's cycle collector is paused while WeasyPrint works (see ``_cycle_collector_paused``).
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import threading
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

PRINT_CSS = Path(__file__).resolve().parent / "print.css"
STATIC_BASE = "https://static.invalid/"  # a reserved, never-resolving host: our static files


class RefusedURL(ValueError):
    """A document asked for something other than one of our own static files."""


@cache
def _weasyprint():
    import weasyprint  # imported on first use: ~0.4 s, not needed by most requests
    from weasyprint.text.fonts import FontConfiguration

    return weasyprint, FontConfiguration()


def _fetcher_class():
    weasyprint, _ = _weasyprint()

    class StaticOnlyFetcher(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            prefix = STATIC_BASE + "static/"
            if not url.startswith(prefix) or ".." in url:
                logger.warning("Refused a document resource outside the project's static files")
                raise RefusedURL("Only the project's own static files may be used in documents")
            path = finders.find(url[len(prefix) :].split("?")[0])
            if not path:
                raise RefusedURL("No such static file")
            body = Path(path).read_bytes()
            mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticOnlyFetcher


@cache
def url_fetcher():
    return _fetcher_class()()


@cache
def stylesheet():
    weasyprint, font_config = _weasyprint()
    return weasyprint.CSS(filename=str(PRINT_CSS), font_config=font_config)


def render_html(template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, context)


_pause_lock = threading.Lock()
_pauses = 0
_collector_was_enabled = True


@contextmanager
def _cycle_collector_paused():
    """WeasyPrint makes hundreds of thousands of short-lived objects per page, so Python's cycle
    collector runs again and again during a render, each time walking every live box: 10-16 %
    of a PDF's time (measured by ``make bench``). Reference counting still frees almost all of
    them at once; the collector is paused until the last render in this process ends, then
    carries on as before. Safe with threads: renders in other threads share the pause."""
    global _pauses, _collector_was_enabled
    with _pause_lock:
        if _pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _collector_was_enabled:
                gc.enable()


def html_to_pdf(html: str) -> bytes:
    weasyprint, font_config = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=STATIC_BASE, url_fetcher=url_fetcher())
    with _cycle_collector_paused():
        return document.write_pdf(
            stylesheets=[stylesheet()], font_config=font_config, pdf_variant="pdf/ua-1"
        )


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_html(template, context))
