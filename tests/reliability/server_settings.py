"""Settings for the real gunicorn that test_restart.py starts.

These are the production settings, read from the environment exactly as in production (DEBUG
off, SECRET_KEY, ALLOWED_HOSTS, secure cookies, HSTS...), with one change: static files come
from the source folders rather than a ``collectstatic`` manifest. Building that manifest takes
about 10 seconds of compressing, and CI has none; the pages the test reads only link to static
files, they never need them.
"""

from decision_aid.settings import *  # noqa: F403
from decision_aid.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
