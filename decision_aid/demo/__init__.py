"""Demo data for a developer's machine: ``seed_demo`` (fictional accounts and patients) and
``demo_pdfs`` (the three PDFs for the demo patient).

Not part of the service. ``decision_aid/settings.py`` installs this app only with ``DEBUG`` on,
and ``tests/settings.py`` installs it for the test suite, so a production process (``DEBUG`` off)
has no demo commands at all. It may import any app; no app may import it (``lint-imports``,
contracts in pyproject.toml). See docs/adr/0006-test-tiers.md.
"""
