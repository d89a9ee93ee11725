"""Settings for the test suite, named by ``DJANGO_SETTINGS_MODULE`` in pyproject.toml.

These are the production settings (decision_aid/settings.py, read from the environment in the same
strict way) with only the changes tests need. Nothing guesses "am I under test": a process runs
these settings because it was told to. Subprocesses started by tests (``manage.py``, gunicorn)
name their own settings module.
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

# Production settings refuse to start without SECRET_KEY (DEBUG off). Lend them a test key for
# the import only, so subprocesses started by tests never inherit it.
_TEST_SECRET_KEY = "insecure-test-key-never-used-in-production-" + "t" * 20
_lend_key = not os.environ.get("SECRET_KEY", "").strip()
if _lend_key:
    os.environ["SECRET_KEY"] = _TEST_SECRET_KEY
try:
    from decision_aid.settings import *  # noqa: F403
    from decision_aid.settings import (
        BASE_DIR,
        DATABASES,
        INSTALLED_APPS,
        STATICFILES_DIRS,
        STORAGES,
        TASKS,
        TEMPLATES,
        env,
    )
finally:
    if _lend_key:
        del os.environ["SECRET_KEY"]

TESTING = True  # read by seed_demo, which runs only with DEBUG on or under test

# The demo-data commands (seed_demo, demo_pdfs) are tested, and used by tests to build a world:
# production settings install their app only with DEBUG on.
if "decision_aid.demo" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "decision_aid.demo"]

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Static files from the source folders: there is no collectstatic manifest under test.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# axe-core (from npm) for the browser tests, served by the live server so Chromium caches it and
# its compiled code from one check to the next (tests/e2e/conftest.py, ``axe_check``).
STATICFILES_DIRS = [
    *STATICFILES_DIRS,
    ("test-only/axe", Path(BASE_DIR) / "node_modules" / "axe-core"),
]

# Plain HTTP on the test client and the live server: Django's defaults, not production's
# HTTPS-only settings (tests/test_settings.py checks those in a production subprocess).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_PROXY_SSL_HEADER = None

# Background tasks (the MDT pack) run at once, inside the test.
TASKS = {
    **TASKS,
    "default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

# A fast hasher: no test is about password hashing (PBKDF2 costs ~0.3 s a user on this machine).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not Django's in-memory default), so concurrent requests from the browser tests
    # wait for each other as they would in real use instead of failing at once, and a real
    # gunicorn (tests/reliability/test_restart.py) can open it. One file per test process
    # (pytest-xdist workers included), so two runs on one machine never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(BASE_DIR) / "var" / f"test-db-{os.getpid()}.sqlite3")
    }

# Compiled templates kept between test processes (each pytest-xdist worker, each subprocess): the
# 168 templates, the NHS.UK components included, take about 2 s to compile in every process. The
# cache is keyed by each template's source, so an edited template is compiled again.
_JINJA_CACHE = Path(BASE_DIR) / "var" / "jinja-cache"
_JINJA_CACHE.mkdir(parents=True, exist_ok=True)
TEMPLATES = [
    {
        **TEMPLATES[0],
        "OPTIONS": {
            **TEMPLATES[0]["OPTIONS"],
            "bytecode_cache": FileSystemBytecodeCache(str(_JINJA_CACHE)),
        },
    },
    *TEMPLATES[1:],
]
