"""Settings for the decision aid: one module, every deploy-time value read strictly from the
environment (see README "Environment variables")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from decision_aid.core.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

# The test suite runs with tests/settings.py (named in pyproject.toml), which imports this module
# and turns TESTING on; nothing here guesses whether tests are running.
TESTING = False
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY")
if SECRET_KEY is None:
    if DEBUG:
        SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (50+ random characters) "
            "unless DEBUG is on or tests are running."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")

# The service name shown in the header and page titles.
SERVICE_NAME = "Secondary breast cancer: your treatment choices"

# Shown on "About this information" (IPDAS): named by the service that runs the aid, as free
# text. Left empty, the page says the service has not named them yet (or, for funding, that
# this demonstration version has none and the service must say who pays).
CONTENT_AUTHORS = env.str("CONTENT_AUTHORS", default="")
CLINICAL_REVIEWERS = env.str("CLINICAL_REVIEWERS", default="")
FUNDING_STATEMENT = env.str("FUNDING_STATEMENT", default="")
# How long one pass through the journey takes, as the home page says it (issue 15). Measured by
# tests/journey/test_reading_budget.py, which fails if a pass no longer fits this range.
JOURNEY_MINUTES = (25, 35)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    # Two-factor sign-in for staff (issue 17, F8): TOTP apps and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "decision_aid.core",
    "decision_aid.content",
    "decision_aid.journey",
    "decision_aid.clinic",
    "decision_aid.documents",
    "django_tasks",
    "django_tasks_db",
]
# Demo data (seed_demo, demo_pdfs) for a developer's machine, never a real service: with DEBUG off
# the app is not installed and its commands do not exist. tests/settings.py installs it for the
# suite (docs/adr/0006-test-tiers.md).
if DEBUG:
    INSTALLED_APPS.append("decision_aid.demo")

MIDDLEWARE = [
    "decision_aid.core.middleware.RequestIdMiddleware",
    # Compressed HTML for slow phones (docs/adr/0007): BREACH needs a secret and text an
    # attacker controls in one compressed response; see the ADR for why neither holds here.
    "django.middleware.gzip.GZipMiddleware",
    "decision_aid.core.html.CompactHtmlMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a second factor
    "decision_aid.core.middleware.AdminNetworkMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "decision_aid.clinic.middleware.StaffSessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "decision_aid.urls"
WSGI_APPLICATION = "decision_aid.wsgi.application"

# Jinja globals lent by apps: {{ glossary_linker() }} makes a fresh "link first use" helper.
JINJA_GLOBALS = {"glossary_linker": "decision_aid.content.glossary.GlossaryLinker"}

TEMPLATES = [
    {
        # Every app page: Jinja2 with nhsuk-frontend-jinja's components.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "decision_aid.core.jinja.environment",
            "context_processors": [
                "decision_aid.core.context_processors.page_basics",
                "decision_aid.content.context_processors.glossary",
            ],
        },
    },
    {
        # Django templates only for the admin.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in a git-ignored var/ unless DATABASE_URL says otherwise.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL and a busy timeout let a few writers share the file without "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes: lock out after repeated failed logins. Behind a reverse proxy, set
# TRUSTED_PROXY_COUNT so the real client address is read from X-Forwarded-For.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "clinic/locked_out.jinja"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# The one way the client address is read (axes lockouts and the access-code and self-start
# limits): django-ipware is not installed, so axes' AXES_IPWARE_* settings would do nothing.
AXES_CLIENT_IP_CALLABLE = "decision_aid.core.http.client_ip"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [("js", BASE_DIR / "static" / "js"), BASE_DIR / "static" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security headers. Content-Security-Policy: per-request nonces, no 'unsafe-inline' anywhere,
# nothing from any other host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Two-factor sign-in (issue 17): the name authenticator apps show; and, optionally, the
# networks /admin/ may be reached from (comma-separated, e.g. "10.0.0.0/8,192.168.1.0/24";
# empty: anywhere, still behind a password and a second factor).
OTP_TOTP_ISSUER = "Breast cancer decision aid"
ADMIN_ALLOWED_NETWORKS = env.list("ADMIN_ALLOWED_NETWORKS", default=[])
# Half of a new access code, for the next /your-code page only (review F6; journey/handoff.py).
CODE_HANDOFF_COOKIE_NAME = "code_pad"
CSRF_FAILURE_VIEW = "decision_aid.core.views.csrf_failure"

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if TRUSTED_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Patient access: codes last this many days; self-start can be switched off for services that
# only work by invitation; self-starts are limited per address.
ACCESS_CODE_VALID_DAYS = env.int("ACCESS_CODE_VALID_DAYS", 120, minimum=1)
ALLOW_SELF_START = env.bool("ALLOW_SELF_START", default=True)
# Issue 16: a patient who started on her own may send her answers to a hospital team chosen
# from the service's list (each team also has a start link, /t/<slug>). Off: there is no team
# list, no start links, and her answers are saved but never said to be sent.
SEND_TO_TEAMS = env.bool("SEND_TO_TEAMS", default=True)
SELF_STARTS_PER_HOUR_PER_ADDRESS = env.int("SELF_STARTS_PER_HOUR_PER_ADDRESS", 10, minimum=1)
PATIENT_SESSION_IDLE_SECONDS = env.int("PATIENT_SESSION_IDLE_SECONDS", 4 * 3600, minimum=300)

# The privacy notice (issue 16 item 4): who decides how patients' data is used. A deploying
# service sets its own name and contact; the default says plainly that this is a demo.
DATA_CONTROLLER_NAME = env.str(
    "DATA_CONTROLLER_NAME",
    default="Nobody yet. This is a demo, not a real NHS service",
)
DATA_CONTROLLER_CONTACT = env.str("DATA_CONTROLLER_CONTACT", default="")

# Retention (manage.py purge_expired, run daily): drafts untouched this long are deleted, and
# records this long after their MDT meeting.
RETENTION_DRAFT_DAYS = env.int("RETENTION_DRAFT_DAYS", 90, minimum=1)
RETENTION_AFTER_MDT_DAYS = env.int("RETENTION_AFTER_MDT_DAYS", 365, minimum=1)
# MDT packs are working copies for one meeting (review F2): deleted this long after they were
# asked for (a nurse makes a new one if needed), and with the records they hold.
MDT_PACK_KEEP_DAYS = env.int("MDT_PACK_KEEP_DAYS", 7, minimum=1)
# Staff sign-in logs (django-axes: address, user agent, what was typed as a username) (review F7).
SIGN_IN_LOG_KEEP_DAYS = env.int("SIGN_IN_LOG_KEEP_DAYS", 30, minimum=1)
# The task worker's results (MDT pack builds, their errors): kept this long after they finish.
TASK_RESULT_KEEP_DAYS = env.int("TASK_RESULT_KEEP_DAYS", 7, minimum=1)

# Staff sessions end after 30 minutes idle and 12 hours at most.
STAFF_IDLE_SECONDS = env.int("STAFF_IDLE_SECONDS", 30 * 60, minimum=60)
STAFF_MAX_SESSION_SECONDS = env.int("STAFF_MAX_SESSION_SECONDS", 12 * 3600, minimum=300)
LOGIN_URL = "clinic:login"
LOGIN_URL_PATH = "/clinic/login"
LOGIN_REDIRECT_URL = "clinic:queue"
LOGOUT_REDIRECT_URL = "clinic:login"

# Background tasks (the MDT pack): django-tasks with its database backend; run the worker with
# `python manage.py db_worker` (make run starts one). Tests run tasks immediately.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A pack whose worker has given no sign of life for this long (a live worker beats five times in
# it) is taken to be lost with its worker (killed, out of memory, machine restarted): it is
# queued again when the pack page or the packs list is next shown (issue 17 item 4).
MDT_PACK_STALE_SECONDS = env.int("MDT_PACK_STALE_SECONDS", 120, minimum=5)

# Requests larger than this are refused (413, errors/413.jinja) before a view sees them. The
# largest real form, "Weigh up" with four options at 2,000 characters each plus the copy of the
# loaded values, is about 450 KB in 4-byte characters (tests/security/test_fuzzing.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # the admin's inline forms need a few hundred
FILE_UPLOAD_HANDLERS = [
    "decision_aid.core.http.RefuseOversizedUploads",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL (got {LOG_LEVEL!r})."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "decision_aid.core.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
