"""``make a11y-report``: print what the accessibility and plain-language tests found.

The every-page browser test writes var/a11y/pages.json and the readability test writes
var/a11y/readability.json on every run; this prints them as one short report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

A11Y = Path(__file__).resolve().parents[2] / "var" / "a11y"


def _load(name: str) -> dict | None:
    path = A11Y / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def main() -> int:
    pages, reading = _load("pages.json"), _load("readability.json")
    if pages is None or reading is None:
        print("No results yet: run the accessibility tests first (make a11y-report does).")
        return 1
    summary = pages["summary"]
    print(f"Pages checked in {pages['browser']} ({pages['generated_at']}):")
    width = max(len(p["page"]) for p in pages["pages"])
    role_width = max(len(p["role"]) for p in pages["pages"])
    for page in pages["pages"]:
        problems = "; ".join(page["problems"]) if page["problems"] else "ok"
        violations = len(page["axe_violations"])
        role = page["role"]
        print(f"  {page['page']:<{width}}  {role:<{role_width}}  axe {violations}  {problems}")
    print(
        f"{summary['pages_checked']} pages, {summary['routes_found']} routes: "
        f"{summary['axe_violations']} axe violations, "
        f"{summary['pages_with_problems']} pages with problems"
    )
    print("\nReadability (Flesch reading ease; Flesch-Kincaid grade):")
    for source, figures in {"all patient text": reading, **reading["by_source"]}.items():
        print(
            f"  {source:<17} {figures['texts']:>5} texts ({figures['scored']} scored): "
            f"median ease {figures['median_reading_ease']}, lowest {figures['min_reading_ease']}, "
            f"median grade {figures['median_fk_grade']}, "
            f"longest sentence {figures['longest_sentence_words']} words"
        )
    goals = reading.get("goals", {})
    if goals:
        print("  goals: " + ", ".join(f"{k} {v}" for k, v in goals.items()))
    clean = summary["axe_violations"] == 0 and summary["pages_with_problems"] == 0
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
