"""Real-browser harness: Playwright driving Debian's Chromium, never a downloaded browser.

- The browser is Debian's Chromium: ``chromium-headless-shell`` if installed (the package of
  that name), else ``chromium``. Without either the e2e tests skip with a message naming the
  packages, except under CI (``CI=true``), where they fail.
- A request to any host but the live server fails the test (and fails in the browser: Chromium
  is started resolving no other host name).
- ``axe_check(page)`` runs axe-core (from npm) for WCAG 2.0/2.1/2.2 A and AA and fails on any
  violation, printing each one.

Never run ``playwright install``.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; Django refuses database calls from inside one unless
# told this is safe (it is: the test thread is the only user of its connection).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/static/test-only/axe/axe.min.js"
AXE_LOADED = "() => typeof window.axe !== 'undefined'"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No host resolves but the live server's: a request meant for anywhere else fails in the
    # browser (and the page fixtures fail the test that made it).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


# Debian's Chromium, as its headless shell (package chromium-headless-shell: the same build, the
# shell Playwright itself uses for headless runs, about a fifth faster here) or, without that
# package, the full browser (package chromium). E2E_BROWSER names another command.
BROWSERS = ("chromium-headless-shell", "chromium")


def chromium_path() -> str | None:
    wanted = os.environ.get("E2E_BROWSER")
    for name in (wanted,) if wanted else BROWSERS:
        if found := shutil.which(name):
            return found
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = chromium_path()
    if executable is None:
        message = (
            "Real-browser tests need Debian's Chromium: apt-get install chromium-headless-shell "
            "chromium (never 'playwright install')."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS],
    }


@pytest.fixture
def page(page, live_server):
    """A page whose every request must go to the live server; anything else fails the test."""
    from tests.e2e.journey import guard_context

    foreign = guard_context(page.context, live_server.url)
    page.set_default_timeout(10_000)
    yield page
    assert foreign == [], f"Requests left the live server: {foreign}"


@pytest.fixture
def new_context(browser, live_server):
    """Make extra browser contexts (another patient, JavaScript off), guarded like ``page``."""
    from tests.e2e.journey import guard_context

    made = []

    def make(**options):
        context = browser.new_context(**options)
        made.append((context, guard_context(context, live_server.url)))
        context.set_default_timeout(10_000)
        return context

    yield make
    for context, _ in made:
        context.close()
    foreign = [url for _, urls in made for url in urls]
    assert foreign == [], f"Requests left the live server: {foreign}"


@pytest.fixture
def axe_check():
    """Run axe-core in the page and fail on any WCAG A/AA violation."""
    if not AXE_SOURCE.exists():
        pytest.fail(f"axe-core is missing ({AXE_SOURCE}); run 'npm ci'.")

    def check(page, context: str = "") -> dict:
        # From the live server (tests/settings.py serves node_modules/axe-core under the test
        # settings only): the page's CSP allows its own origin, and Chromium keeps the file and
        # its compiled code from one check to the next.
        if not page.evaluate(AXE_LOADED):
            page.add_script_tag(url=AXE_URL)
        assert page.evaluate(AXE_LOADED), f"axe-core did not load from {AXE_URL} (JavaScript off?)"
        # Only violations are read: axe skips building the passes and incomplete lists.
        results = page.evaluate(
            "async (tags) => await axe.run(document, "
            "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        violations = results["violations"]
        if violations:
            report = [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "nodes": [n["target"] for n in v["nodes"]][:5],
                }
                for v in violations
            ]
            print(json.dumps(report, indent=2))
            pytest.fail(
                f"axe found {len(violations)} violation(s) on {context or page.url}: "
                + ", ".join(v["id"] for v in violations)
            )
        return results

    return check
