"""``make bench``: hold the app to ratios measured in one run, against the floor of its tools.

Runs on a fresh SQLite database in var/ with production settings (DEBUG off, manifest static
files). Prints one table (figure, goal, measured, pass/fail) and ``bench: N/M goals met``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = ROOT / "var" / "bench.sqlite3"
ENV = {
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DATABASE_URL": f"sqlite:///{DB}",
    "SECURE_SSL_REDIRECT": "false",
    "SELF_STARTS_PER_HOUR_PER_ADDRESS": "100000",
    "LOG_LEVEL": "ERROR",
}


@dataclass
class Row:
    figure: str
    goal: str
    measured: str
    passed: bool | None  # None: informational, or not measurable yet


def medians_ms(
    measures: dict[str, Callable[[], object]], runs: int = 40, warmup: int = 3
) -> dict[str, float]:
    """Median milliseconds of each callable, run in turns (a, b, c, a, b, c, ...), so a slow
    spell on a shared machine falls on every figure of a ratio alike."""
    for _ in range(warmup):
        for fn in measures.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, fn in measures.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def prepare() -> None:
    for path in DB.parent.glob("bench.sqlite3*"):
        path.unlink()
    env = {**os.environ, **ENV}
    env.pop("DEBUG", None)
    commands = (
        ["migrate", "--no-input", "-v", "0"],
        ["collectstatic", "--no-input", "-v", "0"],
        ["load_catalogue"],
    )
    for command in commands:
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip


def setup_django() -> None:
    os.environ.update(ENV)
    os.environ.pop("DEBUG", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "decision_aid.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "benchmarks.bench_urls"


def main(only: list[str]) -> int:
    """``only``: names of scenarios to run (e.g. ``queue``); all of them when empty."""
    started = time.perf_counter()
    prepare()
    setup_django()
    from benchmarks import scenarios

    rows: list[Row] = []
    for measure in scenarios.ALL:
        if only and measure.__name__ not in only:
            continue
        print(f"… {measure.__doc__.strip().splitlines()[0]}", file=sys.stderr, flush=True)
        rows.extend(measure())
    width = max(len(r.figure) for r in rows)
    print(f"\n{'figure':<{width}}  {'goal':<14}  {'measured':<34}  result")
    print("-" * (width + 60))
    for r in rows:
        result = "pass" if r.passed else ("fail" if r.passed is False else "info")
        print(f"{r.figure:<{width}}  {r.goal:<14}  {r.measured:<34}  {result}")
    goals = [r for r in rows if r.passed is not None]
    met = sum(1 for r in goals if r.passed)
    print(f"\n(took {time.perf_counter() - started:.0f} s)")
    print(f"bench: {met}/{len(goals)} goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
