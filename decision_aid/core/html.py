"""Smaller HTML for slow phones (issue 15: every patient page at most 60 kB).

The NHS.UK Jinja components indent deeply and leave many blank lines: on a page of questions,
more than a third of the bytes are whitespace. Browsers treat any run of whitespace between
words or tags as one space, so a run that holds a line break can become a single line break
without changing what anyone sees or hears. Text whose whitespace matters (``pre``,
``textarea`` with what a patient typed, ``script`` and ``style``) is left exactly as it is.
"""

from __future__ import annotations

import re

KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL)
RUN_WITH_LINE_BREAK = re.compile(r"[ \t\r\f\v]*\n\s*")


def collapse_whitespace(html: str) -> str:
    """``html`` with each run of whitespace that holds a line break made one line break."""
    parts = KEPT.split(html)
    # re.split with 2 groups gives: text, whole kept element, tag name, text, ...
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(RUN_WITH_LINE_BREAK.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


class CompactHtmlMiddleware:
    """Collapse whitespace in full HTML responses (before GZipMiddleware compresses them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Encoding")
        ):
            charset = response.charset or "utf-8"
            response.content = collapse_whitespace(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):  # set by CommonMiddleware, further in
                response["Content-Length"] = str(len(response.content))
        return response
