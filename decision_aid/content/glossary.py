"""The glossary ("Words we use", ``glossary.yaml``) and links to it from patient text.

Pages get a fresh ``GlossaryLinker`` per render as ``glossary`` (see ``context_processors``):
``{{ glossary(text) }}`` escapes the text and links the first use on the page of each term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.urls import reverse
from markupsafe import Markup, escape

GLOSSARY_PATH = Path(__file__).resolve().parent / "glossary.yaml"


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    text: str
    also: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.also)


@dataclass(frozen=True)
class Section:
    heading: str
    terms: tuple[Term, ...]


@cache
def glossary() -> tuple[Section, ...]:
    data = yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))
    return tuple(
        Section(
            heading=section["heading"],
            terms=tuple(
                Term(
                    id=t["id"],
                    term=t["term"],
                    text=" ".join(t["text"].split()),
                    also=tuple(t.get("also") or ()),
                )
                for t in section["terms"]
            ),
        )
        for section in data
    )


def terms() -> tuple[Term, ...]:
    return tuple(term for section in glossary() for term in section.terms)


def _is_acronym(spelling: str) -> bool:
    """Acronyms ("HER2", "PICC line") match in their own case only: "er" is never "ER"."""
    return sum(c.isupper() for c in spelling) >= 2


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, str]]:
    by_spelling: dict[str, str] = {}
    for term in terms():
        for spelling in term.spellings:
            by_spelling.setdefault(_key(spelling), term.id)
    spellings = sorted(
        {s for t in terms() for s in t.spellings}, key=lambda s: (-len(s), s)
    )  # longest first, so "HER2-low" wins over "HER2"
    parts = []
    for spelling in spellings:
        body = r"\s+".join(re.escape(word) for word in spelling.split())
        parts.append(body if _is_acronym(spelling) else f"(?i:{body})")
    pattern = re.compile(rf"(?<![\w/+-])(?:{'|'.join(parts)})(?![\w/+-])")
    return pattern, by_spelling


def find_terms(text: str) -> list[tuple[str, str]]:
    """(term id, the words as written) for each glossary term in the text, in order."""
    pattern, by_spelling = _matcher()
    return [(by_spelling[_key(m.group(0))], m.group(0)) for m in pattern.finditer(text)]


class GlossaryLinker:
    """Links the first use of each glossary term across one page (one instance per render)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, text: object) -> Markup:
        if text is None:
            return Markup("")
        if isinstance(text, Markup):  # already HTML: leave it exactly as it is
            return text
        text = str(text)
        pattern, by_spelling = _matcher()
        href = reverse("glossary")
        out: list[str] = []
        position = 0
        for match in pattern.finditer(text):
            term_id = by_spelling[_key(match.group(0))]
            if term_id in self.seen:
                continue
            self.seen.add(term_id)
            out.append(escape(text[position : match.start()]))
            out.append(
                Markup('<a class="app-glossary-link" href="{}#{}">{}</a>').format(
                    href, term_id, match.group(0)
                )
            )
            position = match.end()
        out.append(escape(text[position:]))
        return Markup("").join(out)
