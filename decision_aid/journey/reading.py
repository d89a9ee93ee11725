"""How much a page asks a patient to read: the words she sees with every "details" closed.

Used by the journey's word-budget test and by ``make bench`` (issue 15): one pass through the
journey must be at most 4,000 words, the options overview at most 1,200.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

VISUALLY_HIDDEN = "nhsuk-u-visually-hidden"  # heard with a screen reader, not read on screen
SKIPPED = {"script", "style", "template", "noscript", "head", "title"}  # an SVG title too
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
WORD = re.compile(r"[\w'’-]*\w[\w'’-]*")


class _VisibleText(HTMLParser):
    """The text of ``<main>`` as it is read on screen: leaving out what a closed ``<details>``
    hides (all but its summary), scripts, anything ``hidden`` and text only for screen
    readers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, hidden, a closed <details>)
        self.in_main = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "main":
            self.in_main += 1
        parent_hidden = bool(self.stack) and self.stack[-1][1]
        inside_closed = bool(self.stack) and self.stack[-1][2] and tag != "summary"
        screen_reader_only = VISUALLY_HIDDEN in (attributes.get("class") or "").split()
        hidden = (
            parent_hidden or inside_closed or screen_reader_only or tag in SKIPPED
            or "hidden" in attributes
        )  # fmt: skip
        if tag not in VOID:
            closed_details = tag == "details" and "open" not in attributes
            self.stack.append((tag, hidden, closed_details))
        self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag == "main":
            self.in_main -= 1
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        self.parts.append(" ")

    def handle_data(self, data) -> None:
        hidden = bool(self.stack) and self.stack[-1][1]
        if self.in_main and not hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def word_count(html: str) -> int:
    return len(WORD.findall(visible_text(html)))


# Issue 15's budgets: one pass through the journey (every step page, details closed), the
# options overview, and every patient page's HTML.
PASS_WORD_BUDGET = 4_000
OVERVIEW_WORD_BUDGET = 1_200
PAGE_HTML_BUDGET_BYTES = 60 * 1024


def one_pass_paths() -> list[str]:
    """The pages of one pass through the journey, in order, as the patient experience review
    counted them: the home page, "Start or carry on", the code page, every step, "Check your
    answers" and "Your answers have been sent". Option pages open only on request (like a
    closed "details"), so they are not in the pass; each has its own budget. Her summary
    after sending is a document of its own (the patient copy)."""
    from django.urls import reverse

    from decision_aid.journey.steps import STEPS

    paths = [reverse("start"), reverse("journey:start"), reverse("journey:your-code")]
    for step in STEPS:
        if step.form_class is None:
            paths.append(reverse("journey:check-answers"))
        else:
            paths.append(reverse("journey:step", args=[step.slug]))
    return [*paths, reverse("journey:submitted")]


READING_WORDS_PER_MINUTE = 200  # as the patient experience review measured
SECONDS_PER_ANSWER = 10  # to read the choices again and pick one, or type a few words


def minutes_for(words: int, answers: int) -> float:
    """How long a pass takes: reading its words, and giving its answers."""
    return words / READING_WORDS_PER_MINUTE + answers * SECONDS_PER_ANSWER / 60
