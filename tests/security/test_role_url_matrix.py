"""Role-by-URL matrix: every route in the URL configuration, asked by every role.

For each route and role the expected outcome is written below as a literal table. The routes
are read from the URL configuration, so a new route without a row fails
``test_every_route_has_a_row``. Parametrised routes are filled with team A's objects.

One pass over the matrix (a module fixture; every request runs in a savepoint that is rolled
back, so no request changes what the next one sees) feeds the checks:

- the status (or redirect) of each route, method and role is the one in the table;
- 0 leaks: team A's patient reference and patient A's marker answer appear only to the roles
  that may see them (and the same for team B), in pages, headers and PDFs;
- every response sends the security headers; every response on a page with patient data says
  ``Cache-Control: no-store``;
- every htmx request that changes data carries the CSRF token;
- CSRF: every POST route refuses a POST without a token (also as htmx), and accepts one with it.

With production variables (a subprocess): HSTS, and Secure + HttpOnly + SameSite cookies. The
deploy check itself is in tests/test_settings.py.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from decision_aid.core.models import Role, Team
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey import services as journey_services
from decision_aid.journey.session import SESSION_KEY
from tests.conftest import ensure_catalogue, make_record, make_user, verify_second_factor
from tests.test_pages import assert_security_headers
from tests.test_settings import PRODUCTION_ENV, ROOT, run_manage

# The mark also makes pytest-django set up the test database when this file runs alone.
# One xdist group: the module-scoped world below is built once, on one worker (Makefile).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,  # every route as every role
    pytest.mark.xdist_group("role_url_matrix"),
]

ROLES = ("anonymous", "patient_a", "patient_b", "nurse_a", "nurse_b", "lead_a", "admin")

# Outcomes: a number is that status (not a redirect); "→/path" is a redirect (302) whose
# Location starts with /path.
LOGIN = "→/clinic/login?next="  # the clinic's sign-in page, to come back here
START = "→/start"  # no patient record in this session: enter a code
ADMIN_LOGIN = "→/admin/login/?next="
ADMIN = "→/admin/"  # Django's admin sends non-staff who try to sign out to its index
QUEUE, SIGNED_IN_AGAIN = "→/clinic/", "→/clinic/login"
PATIENT, PACK = "→/clinic/patients/", "→/clinic/packs/"
YOUR_CODE, SUBMITTED, NEXT_STEP = "→/your-code", "→/submitted", "→/steps/"
CHECK = "→/steps/check-answers"
TWO_FACTOR, TEAM_PAGE = "→/clinic/two-factor", "→/clinic/team"
OPTION_SLUG = "fulvestrant"
OPTION = f"→/options/{OPTION_SLUG}"
ALL_200 = (200,) * 7
NOT_STAFF = (ADMIN_LOGIN,) * 6 + (200,)
# The admin (a superuser) is in no team: to the clinic, every one of its pages is a 404.

# fmt: off
EXPECTED: dict[str, dict[str, tuple]] = {
    # route: {method: (anonymous, patient_a, patient_b, nurse_a, nurse_b, lead_a, admin)}
    "start": {"GET": ALL_200},
    "healthz": {"GET": ALL_200},
    "about-this-information": {"GET": ALL_200},
    "glossary": {"GET": ALL_200},
    "accessibility-statement": {"GET": ALL_200},
    "privacy": {"GET": ALL_200},
    "cookies": {"GET": ALL_200},

    # Patient journey: the record comes from the session, never from the URL.
    "journey:start": {"GET": ALL_200,
                      "POST": ALL_200},  # no code: the form again, with an error
    "journey:start-new": {"GET": (405,) * 7,
                          "POST": (YOUR_CODE,) * 7},  # anyone may start a record of their own
    "journey:your-code": {"GET": (START, 200, 200, START, START, START, START)},
    "journey:new-code": {"GET": (START, 405, 405, START, START, START, START),
                         "POST": (START, YOUR_CODE, YOUR_CODE, START, START, START, START)},
    "journey:carry-on": {"GET": (START, NEXT_STEP, NEXT_STEP, START, START, START, START)},
    "journey:leave": {"GET": (405,) * 7,
                      "POST": ("→/signed-out",) * 7},
    "journey:left": {"GET": ALL_200},
    "journey:check-answers": {"GET": (START, 200, 200, START, START, START, START),
                              "POST": (START, SUBMITTED, SUBMITTED, START, START, START, START)},
    "journey:step": {"GET": (START, 200, 200, START, START, START, START),
                     "POST": (START, NEXT_STEP, NEXT_STEP, START, START, START, START)},
    "journey:autosave": {"GET": (START, 405, 405, START, START, START, START),
                         "POST": (START, 200, 200, START, START, START, START)},
    "journey:option": {"GET": (START, 200, 200, START, START, START, START),
                       "POST": (START, OPTION, OPTION, START, START, START, START)},
    "journey:not-suitable": {"GET": (START, 200, 200, START, START, START, START)},
    "journey:submitted": {"GET": (START, 200, 200, START, START, START, START)},
    "journey:my-summary": {"GET": (START, 200, 200, START, START, START, START)},
    # A team's front door: its public name only; anyone may start a record from it.
    "journey:team-start": {"GET": ALL_200,
                           "POST": (YOUR_CODE,) * 7},
    # Sending to a chosen team: only for a record she started on her own (these have a team).
    "journey:send": {"GET": (START, CHECK, CHECK, START, START, START, START),
                     "POST": (START, CHECK, CHECK, START, START, START, START)},
    "documents:my-summary-pdf": {"GET": (START, 200, 200, START, START, START, START)},

    # Clinic: signed-in team members only; another team's record or pack is a 404.
    "clinic:login": {"GET": (200, 200, 200, QUEUE, QUEUE, QUEUE, QUEUE),
                     "POST": (200, 200, 200, QUEUE, QUEUE, QUEUE, QUEUE)},
    "clinic:logout": {"GET": (405,) * 7,
                      "POST": (SIGNED_IN_AGAIN,) * 7},
    "clinic:queue": {"GET": (LOGIN, LOGIN, LOGIN, 200, 200, 200, 404)},
    # Two-factor sign-in (issue 17): these sessions are verified already, so both move on.
    "clinic:two-factor": {"GET": (LOGIN, LOGIN, LOGIN, QUEUE, QUEUE, QUEUE, QUEUE),
                          "POST": (LOGIN, LOGIN, LOGIN, QUEUE, QUEUE, QUEUE, QUEUE)},
    "clinic:two-factor-set-up": {"GET": (LOGIN, LOGIN, LOGIN, TWO_FACTOR, TWO_FACTOR, TWO_FACTOR,
                                         TWO_FACTOR),
                                 "POST": (LOGIN, LOGIN, LOGIN, TWO_FACTOR, TWO_FACTOR, TWO_FACTOR,
                                          TWO_FACTOR)},
    "clinic:team-members": {"GET": (LOGIN, LOGIN, LOGIN, 404, 404, 200, 404)},  # leads only
    "clinic:reset-two-factor": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                                "POST": (LOGIN, LOGIN, LOGIN, 404, 404, TEAM_PAGE, 404)},
    "clinic:invite": {"GET": (LOGIN, LOGIN, LOGIN, 200, 200, 200, 404),
                      "POST": (LOGIN, LOGIN, LOGIN, 200, 200, 200, 404)},  # empty: errors
    "clinic:claim": {"GET": (LOGIN, LOGIN, LOGIN, 200, 200, 200, 404),
                     "POST": (LOGIN, LOGIN, LOGIN, 200, 200, 200, 404)},  # empty: errors
    "clinic:audit": {"GET": (LOGIN, LOGIN, LOGIN, 404, 404, 200, 404)},  # team leads only
    "clinic:patient": {"GET": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},
    "clinic:add-note": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                        "POST": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},  # empty: errors
    "clinic:change-profile": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                              "POST": (LOGIN, LOGIN, LOGIN, PATIENT, 404, PATIENT, 404)},
    "clinic:change-mdt-date": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                               "POST": (LOGIN, LOGIN, LOGIN, PATIENT, 404, PATIENT, 404)},
    "clinic:set-status": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                          "POST": (LOGIN, LOGIN, LOGIN, PATIENT, 404, PATIENT, 404)},
    "clinic:reissue-code": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                            "POST": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},  # the new slip
    "clinic:revoke-code": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                           "POST": (LOGIN, LOGIN, LOGIN, PATIENT, 404, PATIENT, 404)},
    "clinic:lift-code-hold": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),  # review F5
                              "POST": (LOGIN, LOGIN, LOGIN, PATIENT, 404, PATIENT, 404)},
    "clinic:record-decision": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                               "POST": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},  # errors
    # Answers a patient sent to team A, not yet matched: team A's staff only.
    "clinic:unmatched": {"GET": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},
    "clinic:confirm-match": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                             "POST": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},  # errors
    "clinic:not-our-patient": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                               "POST": (LOGIN, LOGIN, LOGIN, QUEUE, 404, QUEUE, 404)},
    "documents:team-poster-pdf": {"GET": (LOGIN, LOGIN, LOGIN, 200, 200, 200, 404)},
    "documents:mdt-summary-pdf": {"GET": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},
    "documents:patient-copy-pdf": {"GET": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},
    "documents:packs": {"GET": (LOGIN, LOGIN, LOGIN, 200, 200, 200, 404),
                        "POST": (LOGIN, LOGIN, LOGIN, 200, 200, 200, 404)},  # no date: errors
    "documents:pack": {"GET": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},
    "documents:pack-download": {"GET": (LOGIN, LOGIN, LOGIN, 200, 404, 200, 404)},
    "documents:pack-retry": {"GET": (LOGIN, LOGIN, LOGIN, 405, 405, 405, 404),
                             "POST": (LOGIN, LOGIN, LOGIN, PACK, 404, PACK, 404)},

    # Django's admin: staff only, and no nurse, lead or patient is staff. The content editors'
    # site: no patient model is registered (every model's changelist has a row).
    "admin:index": {"GET": NOT_STAFF},
    "admin:login": {"GET": (200, 200, 200, 200, 200, 200, ADMIN)},
    "admin:logout": {"GET": (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, 405),
                     "POST": (ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, SIGNED_IN_AGAIN)},
    "admin:password_change": {"GET": NOT_STAFF},
    "admin:auth_group_changelist": {"GET": NOT_STAFF},
    "admin:auth_user_changelist": {"GET": NOT_STAFF},
    "admin:axes_accessattempt_changelist": {"GET": NOT_STAFF},
    "admin:axes_accesslog_changelist": {"GET": NOT_STAFF},
    "admin:axes_accessfailurelog_changelist": {"GET": NOT_STAFF},
    "admin:content_option_changelist": {"GET": NOT_STAFF},
    "admin:content_sideeffect_changelist": {"GET": NOT_STAFF},
    "admin:content_treatmentgroup_changelist": {"GET": NOT_STAFF},
    "admin:content_cataloguetext_changelist": {"GET": NOT_STAFF},
    "admin:content_contentrelease_changelist": {"GET": NOT_STAFF},
    "admin:django_tasks_database_dbtaskresult_changelist": {"GET": NOT_STAFF},
    "admin:otp_totp_totpdevice_changelist": {"GET": NOT_STAFF},
    "admin:otp_static_staticdevice_changelist": {"GET": NOT_STAFF},
}
# fmt: on

# Another change adds these two public pages at the same time as this test. Until it lands they
# may be missing from the URL configuration; no other route may be.
MAY_BE_ABSENT = {"glossary", "accessibility-statement"}

# Of Django's admin routes the matrix asks these and every model's changelist. The rest (add,
# change, delete, history per object; autocomplete, jsi18n, view_on_site, app_list) sit behind
# the same admin_view staff check as the changelists, so a changelist row per registered model
# is what makes a newly registered model (say, one holding patient data) fail this test.
ADMIN_ROUTES = {"admin:index", "admin:login", "admin:logout", "admin:password_change"}

# Pages with no patient data, which may be cached. Every other 200 must say no-store. (Django
# marks its admin password form cacheable; it holds no patient data.)
PUBLIC = {"start", "healthz", "about-this-information", "glossary", "accessibility-statement",
          "privacy", "cookies", "admin:password_change"}  # fmt: skip

# Team A's objects fill the parametrised routes.
STEP_SLUG, FREE_TEXT_FIELD = "questions", "questions_own"

# What must never reach a role that may not see it. Patients never see their own reference.
REF_A, REF_B = "A-REF-001", "B-REF-002"
MARKER_A = "Marker-A: will the drip clash with Thursday choir?"
MARKER_B = "Marker-B: can my neighbour Priyanka drive me?"
SENDER_A = "Ursula Sentbyherself"
MAY_SEE = {
    REF_A: {"nurse_a", "lead_a"},
    MARKER_A: {"patient_a", "nurse_a", "lead_a"},
    "Thursday choir": {"patient_a", "nurse_a", "lead_a"},  # a shortened answer leaks too
    REF_B: {"nurse_b"},
    MARKER_B: {"patient_b", "nurse_b"},
    "Priyanka": {"patient_b", "nurse_b"},
    # She started on her own and sent her answers to team A: only team A's staff see her name.
    SENDER_A: {"nurse_a", "lead_a"},
}
TEAM_B_SECRETS = {REF_B, MARKER_B, "Priyanka"}

DENIED = {LOGIN, START, ADMIN_LOGIN, ADMIN, 404, 405}  # not let in, or not this way
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HX_WRITES = ("hx-post", "hx-put", "hx-patch", "hx-delete")


# --- Routes from the URL configuration -----------------------------------------------------


def iter_named_routes(resolver: URLResolver | None = None, namespace: str = ""):
    """Yield (name, parameter names) for every named route, namespaced like ``clinic:patient``."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from iter_named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, tuple(pattern.pattern.converters)


def matrix_routes() -> dict[str, tuple[str, ...]]:
    """Every route the matrix must cover: all non-admin routes, plus the admin's sample."""
    routes = {}
    for name, params in iter_named_routes():
        if name.startswith("admin:") and not (name in ADMIN_ROUTES or name.endswith("_changelist")):
            continue
        routes[name] = params
    return routes


def test_every_route_has_a_row():
    routes = matrix_routes()
    missing = sorted(set(routes) - set(EXPECTED))
    assert not missing, f"routes with no row in EXPECTED (add one): {missing}"
    stale = sorted(set(EXPECTED) - set(routes) - MAY_BE_ABSENT)
    assert not stale, f"rows for routes that no longer exist: {stale}"
    for name, methods in EXPECTED.items():
        assert set(methods) <= {"GET", "POST"}, name
        for outcomes in methods.values():
            assert len(outcomes) == len(ROLES), name
    # Parametrised routes are in the matrix too.
    assert {"clinic:patient", "documents:pack", "journey:step", "journey:autosave"} <= set(routes)


def test_every_model_in_the_admin_has_a_changelist_row():
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        assert name in EXPECTED, name


# --- One pass over the matrix ---------------------------------------------------------------


@dataclass
class Result:
    route: str
    method: str
    role: str
    url: str
    expected: int | str
    response: object
    text: str  # the body as text; for a PDF, the document's HTML (see stand_in_pdf)

    @property
    def outcome(self) -> int | str:
        if self.response.status_code in (301, 302):
            return "→" + self.response["Location"]
        return self.response.status_code

    def matches(self) -> bool:
        if isinstance(self.expected, str):
            return isinstance(self.outcome, str) and self.outcome.startswith(self.expected)
        return self.outcome == self.expected

    @property
    def is_pdf(self) -> bool:
        return self.response.get("Content-Type", "").startswith("application/pdf")

    @property
    def is_html(self) -> bool:
        return self.response.get("Content-Type", "").startswith("text/html")


class Browser:
    """One test client that can act as any role: it takes a role's cookies before each request,
    so what a request does to its cookies (a sign-out, a new session) never reaches the next.
    (One client, not one per request: each new client loads the middleware again.)"""

    def __init__(self, roles: dict[str, Client], **kwargs):
        self.cookies = {role: dict(c.cookies.items()) for role, c in roles.items()}
        self.client = Client(**kwargs)

    def as_role(self, role: str) -> Client:
        self.client.cookies.clear()
        for key, morsel in self.cookies[role].items():
            self.client.cookies[key] = morsel.value
        return self.client


def make_world():
    ensure_catalogue()  # loaded once per test database, not again for this module
    team_a = Team.objects.create(name="Team A", slug="team-a")
    team_b = Team.objects.create(name="Team B", slug="team-b")
    record_a = make_record(team_a, REF_A, journey_minutes=30, **{FREE_TEXT_FIELD: MARKER_A})
    record_b = make_record(team_b, REF_B, journey_minutes=45, **{FREE_TEXT_FIELD: MARKER_B})
    for record in (record_a, record_b):  # sent, so her team may see her answers
        journey_services.submit(record)
    sent_a = journey_services.start_record(self_started=True)
    journey_services.send_to_team(sent_a, team_a, full_name=SENDER_A,
                                  date_of_birth=datetime.date(1961, 3, 31))  # fmt: skip
    pack_a = MdtPack.objects.create(
        team=team_a, mdt_date="2026-12-03", status=PackStatus.DONE, patients=1, done=1,
        pdf=b"%PDF-1.4 a stored pack",
    )  # fmt: skip
    superuser = get_user_model().objects.create_superuser(
        "root", password="an-admin-password-2026-long"
    )
    users = {
        "nurse_a": make_user("nurse-a", team_a),
        "nurse_b": make_user("nurse-b", team_b),
        "lead_a": make_user("lead-a", team_a, Role.LEAD),
        "admin": superuser,
    }
    clients = {"anonymous": Client()}
    for role, record in (("patient_a", record_a), ("patient_b", record_b)):
        client = Client()
        session = client.session
        session[SESSION_KEY] = str(record.pk)
        session.save()
        clients[role] = client
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        verify_second_factor(client, user)  # staff sessions here passed the second factor too
        clients[role] = client
    params = {
        "record_id": record_a.pk,
        "sent_id": sent_a.pk,
        "user_id": users["nurse_a"].pk,  # a member of team A, for a lead's reset
        "team_slug": team_a.slug,
        "pack_id": pack_a.pk,
        "slug": STEP_SLUG,
        "option": OPTION_SLUG,
        "field": FREE_TEXT_FIELD,
    }
    return clients, params


def stand_in_pdf(html: str) -> bytes:
    """Instead of WeasyPrint (a second a document): the HTML that would be typeset, in a PDF
    wrapper. What the matrix asks of a PDF is whose data went into it; typesetting is tested
    in tests/documents/test_pdfs.py."""
    return b"%PDF-1.7 stand-in\n" + html.encode()


def isolated(client: Client, method: str, url: str, data=None, **extra):
    """Make one request in a savepoint that is rolled back: no request changes the next."""
    with transaction.atomic():
        response = getattr(client, method.lower())(url, data, **extra)
        transaction.set_rollback(True)
    return response


def run_matrix(clients, params) -> list[Result]:
    results = []
    browser = Browser(clients)
    for route, route_params in matrix_routes().items():
        missing = set(route_params) - set(params)
        assert not missing, f"{route}: no value for {missing}; add team A's object to params"
        url = reverse(route, kwargs={p: params[p] for p in route_params})
        for method, outcomes in EXPECTED.get(route, {}).items():  # no row: a failure above
            for role, expected in zip(ROLES, outcomes, strict=True):
                response = isolated(browser.as_role(role), method, url)
                text = response.content.decode("utf-8", "replace")
                results.append(Result(route, method, role, url, expected, response, text))
    return results


@dataclass
class CsrfResult:
    route: str
    role: str
    without_token: object  # the refused response
    htmx_without_token: int
    with_token: int | str
    htmx_with_token: int
    expected: int | str


def csrf_actor(route: str) -> str:
    """A role the route serves (so a valid token gets past CSRF to the view's own checks)."""
    outcomes = dict(zip(ROLES, EXPECTED[route]["POST"], strict=True))
    for role in ("patient_a", "lead_a", "admin", "anonymous"):
        if outcomes[role] not in DENIED:
            return role
    raise AssertionError(f"{route}: no role may POST to it; why is it a POST route?")


def token_for(client: Client) -> tuple[str, str]:
    """A CSRF token as a page gives it (the start page's form renders one for everyone), and
    the cookie that goes with it."""
    html = client.get(reverse("journey:start")).content.decode()
    return TOKEN.search(html).group(1), client.cookies["csrftoken"].value


def run_csrf(clients, params) -> list[CsrfResult]:
    results = []
    browser = Browser(clients, enforce_csrf_checks=True)
    for route, route_params in matrix_routes().items():
        if "POST" not in EXPECTED.get(route, {}):
            continue
        url = reverse(route, kwargs={p: params[p] for p in route_params})
        role = csrf_actor(route)
        token, cookie = token_for(browser.as_role(role))

        def post(data=None, htmx=False, role=role, cookie=cookie, url=url):
            """As ``role``, holding the CSRF cookie, each time afresh (a POST may sign out)."""
            client = browser.as_role(role)
            client.cookies["csrftoken"] = cookie
            return isolated(
                client, "POST", url, data, headers={"HX-Request": "true"} if htmx else {}
            )

        with_token = post({"csrfmiddlewaretoken": token})
        outcome = with_token.status_code
        if outcome in (301, 302):
            outcome = "→" + with_token["Location"]
        results.append(
            CsrfResult(
                route=route,
                role=role,
                without_token=post(),
                htmx_without_token=post(htmx=True).status_code,
                with_token=outcome,
                htmx_with_token=post({"csrfmiddlewaretoken": token}, htmx=True).status_code,
                expected=EXPECTED[route]["POST"][ROLES.index(role)],
            )
        )
    return results


@dataclass
class Checked:
    matrix: list[Result]
    csrf: list[CsrfResult]
    htmx_autosave: dict


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker) -> Checked:
    """Build two teams, their records and users, ask every route as every role, and roll it all
    back: once for the module, so every check below reads the same responses."""
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        fast_hashing,
        mock.patch("decision_aid.documents.rendering.html_to_pdf", stand_in_pdf),
    ):
        assert "test" in str(connection.settings_dict["NAME"]), "not the test database"
        clients, params = make_world()
        matrix = run_matrix(clients, params)
        csrf = run_csrf(clients, params)
        autosave = htmx_autosave_with_the_pages_token(clients)
        transaction.set_rollback(True)
    return Checked(matrix, csrf, autosave)


# --- Status codes ---------------------------------------------------------------------------


def test_every_route_answers_every_role_as_the_table_says(checked):
    wrong = [
        f"{r.method} {r.route} ({r.url}) as {r.role}: expected {r.expected}, got {r.outcome}"
        for r in checked.matrix
        if not r.matches()
    ]
    assert not wrong, "\n".join(wrong)
    asked = {(r.route, r.method) for r in checked.matrix}
    assert ("clinic:patient", "GET") in asked and ("journey:autosave", "POST") in asked


# --- 0 leaks --------------------------------------------------------------------------------


def haystack(result: Result) -> str:
    headers = " ".join(f"{k}: {v}" for k, v in result.response.headers.items())
    return headers + "\n" + (result.text or "")


def test_no_role_sees_a_patient_it_may_not_see(checked):
    leaks = [
        f"{r.method} {r.route} as {r.role} shows {secret!r}"
        for r in checked.matrix
        for secret, allowed in MAY_SEE.items()
        if r.role not in allowed and secret in haystack(r)
    ]
    assert not leaks, "\n".join(leaks)


def test_the_leak_check_can_see_what_it_looks_for(checked):
    """Each secret does appear, where it should: the check above is not blind."""
    seen = {(secret, r.role) for r in checked.matrix for secret in MAY_SEE if secret in haystack(r)}
    for secret, allowed in MAY_SEE.items():
        for role in allowed:
            if secret in TEAM_B_SECRETS and role == "nurse_b":
                continue  # the matrix asks about team A's objects; nurse B sees only its queue
            assert (secret, role) in seen, (secret, role)
    assert (REF_B, "nurse_b") in seen  # team B's queue


def test_no_pdf_shows_another_patients_answers(checked):
    pdfs = {(r.route, r.role): r for r in checked.matrix if r.is_pdf}
    assert set(pdfs) == {
        (route, role)
        for route, role in [
            ("documents:my-summary-pdf", "patient_a"), ("documents:my-summary-pdf", "patient_b"),
            ("documents:mdt-summary-pdf", "nurse_a"), ("documents:mdt-summary-pdf", "lead_a"),
            ("documents:patient-copy-pdf", "nurse_a"), ("documents:patient-copy-pdf", "lead_a"),
            ("documents:pack-download", "nurse_a"), ("documents:pack-download", "lead_a"),
            # A team's start-link poster: its own team's link, and no patient at all.
            ("documents:team-poster-pdf", "nurse_a"), ("documents:team-poster-pdf", "lead_a"),
            ("documents:team-poster-pdf", "nurse_b"),
        ]
    }  # fmt: skip
    for role, slug in (("nurse_a", "team-a"), ("nurse_b", "team-b")):
        poster = pdfs["documents:team-poster-pdf", role].text
        assert f"/t/{slug}" in poster and not any(s in poster for s in MAY_SEE), role
    # Patient B's own summary holds B's words and never A's; A's holds A's.
    assert MARKER_B in pdfs["documents:my-summary-pdf", "patient_b"].text
    assert MARKER_A not in pdfs["documents:my-summary-pdf", "patient_b"].text
    assert MARKER_A in pdfs["documents:my-summary-pdf", "patient_a"].text
    assert MARKER_B not in pdfs["documents:my-summary-pdf", "patient_a"].text
    # Team A's documents about patient A: A's reference and words, never B's.
    for route in ("documents:mdt-summary-pdf", "documents:patient-copy-pdf"):
        text = pdfs[route, "nurse_a"].text
        assert MARKER_A in text and MARKER_B not in text and REF_B not in text, route
    assert REF_A in pdfs["documents:mdt-summary-pdf", "nurse_a"].text
    # Every PDF is an attachment whose name holds no personal data.
    for r in pdfs.values():
        disposition = r.response["Content-Disposition"]
        assert disposition.startswith("attachment;") and "REF" not in disposition, r.route


# --- Headers --------------------------------------------------------------------------------


def test_every_response_sends_the_security_headers(checked):
    for r in checked.matrix:
        if r.route.startswith("admin:"):
            continue  # Django's own templates: below
        try:
            assert_security_headers(r.response)
        except (AssertionError, KeyError) as error:
            raise AssertionError(f"{r.method} {r.route} as {r.role}: {error!r}") from error


def test_admin_pages_send_the_headers_and_need_no_nonce(checked):
    """Django's admin templates read no nonce, so their CSP has none: stricter, and fine while
    they have no inline script (every <script> loads a file from 'self')."""
    admin_pages = [r for r in checked.matrix if r.route.startswith("admin:")]
    assert any(r.response.status_code == 200 for r in admin_pages)
    for r in admin_pages:
        csp = r.response.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, r.route
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, r.route
        assert r.response.headers["X-Content-Type-Options"] == "nosniff", r.route
        assert r.response.headers["Referrer-Policy"] == "same-origin", r.route
        if r.is_html and r.response.status_code == 200:
            for tag in re.findall(r"<script\b[^>]*>", r.text):
                assert "src=" in tag, f"{r.route}: inline script {tag}"


def test_every_page_with_patient_data_is_never_stored(checked):
    stored = [
        f"{r.method} {r.route} as {r.role}: Cache-Control {r.response.get('Cache-Control')!r}"
        for r in checked.matrix
        if r.route not in PUBLIC
        and r.response.status_code == 200
        and "no-store" not in r.response.get("Cache-Control", "")
    ]
    assert not stored, "\n".join(stored)
    kinds = {
        r.route
        for r in checked.matrix
        if r.response.status_code == 200 and "no-store" in r.response.get("Cache-Control", "")
    }
    # Patient pages, clinic pages, PDFs and htmx fragments are all among them.
    assert {"journey:step", "clinic:patient", "documents:my-summary-pdf",
            "documents:mdt-summary-pdf", "journey:autosave"} <= kinds  # fmt: skip


def test_production_settings_send_hsts_and_lock_down_cookies(tmp_path):
    """A real request cycle under the production variables: sign in over HTTPS."""
    script = f"""
import json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
call_command("migrate", verbosity=0)
get_user_model().objects.create_user("prod-check", password="a-long-staff-password-2026")
client = Client(HTTP_HOST="{PRODUCTION_ENV["ALLOWED_HOSTS"]}")
plain = client.get("/start")
page = client.get("/clinic/login", secure=True)
signed_in = client.post(
    "/clinic/login", {{"username": "prod-check", "password": "a-long-staff-password-2026"}},
    secure=True,
)
cookies = {{**dict(page.cookies.items()), **dict(signed_in.cookies.items())}}
print(json.dumps({{
    "plain": [plain.status_code, plain.get("Location")],
    "hsts": [page.get("Strict-Transport-Security"), signed_in.get("Strict-Transport-Security")],
    "signed_in": signed_in.status_code,
    "cookies": {{name: {{"secure": bool(m["secure"]), "httponly": bool(m["httponly"]),
                         "samesite": m["samesite"]}} for name, m in cookies.items()}},
}}))
"""
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        # Production settings, with static files from the source folders: a fresh clone has
        # no collectstatic manifest, and these pages only link to static files.
        "DJANGO_SETTINGS_MODULE": "tests.reliability.server_settings",
    }
    result = run_manage("shell", "--no-imports", "-v", "0", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://decision-aid.example.nhs.uk/start"]
    assert seen["hsts"] == ["max-age=31536000; includeSubDomains; preload"] * 2
    assert seen["signed_in"] == 302
    # The CSRF token is read from the page's form (csrf_input), never by script from the
    # cookie, so the CSRF cookie can be HttpOnly as well.
    for script in (ROOT / "static" / "js").glob("*js"):
        assert "cookie" not in script.read_text().lower(), script
    assert seen["cookies"] == {
        name: {"secure": True, "httponly": True, "samesite": "Lax"}
        for name in ("csrftoken", "sessionid")
    }


# --- CSRF -----------------------------------------------------------------------------------


def test_every_post_route_refuses_a_post_without_a_csrf_token(checked):
    assert checked.csrf, "no POST routes found"
    posted = {c.route for c in checked.csrf}
    assert posted == {route for route, methods in EXPECTED.items() if "POST" in methods} & set(
        matrix_routes()
    )
    for c in checked.csrf:
        assert c.without_token.status_code == 403, (c.route, c.role)
        assert c.htmx_without_token == 403, (c.route, c.role)
        assert_security_headers(c.without_token)


def test_every_post_route_accepts_a_post_with_a_valid_token(checked):
    for c in checked.csrf:
        assert c.with_token != 403 and c.htmx_with_token != 403, (c.route, c.role)
        expected = c.expected
        if isinstance(expected, str):
            assert str(c.with_token).startswith(expected), (c.route, c.with_token)
        else:
            assert c.with_token == expected, (c.route, c.with_token)


class _HxWrites(HTMLParser):
    """Finds every element that makes an htmx request other than GET, and whether it sends the
    CSRF token: inside a <form> holding csrfmiddlewaretoken (htmx includes the closest form's
    fields in every non-GET request), or with hx-headers naming X-CSRFToken on it or a parent."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.forms: list[dict] = []  # the open forms, each {"token": its CSRF token or ""}
        self.elements: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"token": ""})
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self.forms:
            self.forms[-1]["token"] = attrs.get("value") or ""
        writes = [a for a in HX_WRITES if a in attrs]
        if writes:
            header = any(
                "X-CSRFToken" in (a.get("hx-headers") or "") for _, a in [*self.stack, (tag, attrs)]
            )
            element = {"url": attrs[writes[0]], "header": header, "in_form": bool(self.forms)}
            element["form"] = self.forms[-1] if self.forms else None
            self.elements.append(element)
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "form" and self.forms:
            self.forms.pop()

    def sends_token(self, element) -> bool:
        return element["header"] or bool(element["form"] and element["form"]["token"])


def hx_writes(html: str) -> tuple[_HxWrites, list[dict]]:
    parser = _HxWrites()
    parser.feed(html)
    parser.close()
    return parser, parser.elements


def test_every_htmx_request_that_changes_data_sends_the_csrf_token(checked):
    found = 0
    for r in checked.matrix:
        if not (r.is_html and r.response.status_code == 200):
            continue
        parser, elements = hx_writes(r.text)
        for element in elements:
            found += 1
            assert parser.sends_token(element), f"{r.route} as {r.role}: {element['url']}"
    assert found, "no htmx write found in any page: has autosave moved?"


def htmx_autosave_with_the_pages_token(clients: dict[str, Client]) -> dict:
    """As the browser does it: load a step, then autosave one answer as htmx would send it (the
    enclosing form's fields, so its CSRF token, plus HX-Request), with CSRF checks on."""
    client = Browser(clients, enforce_csrf_checks=True).as_role("patient_a")
    html = client.get(reverse("journey:step", args=[STEP_SLUG])).content.decode()
    _, elements = hx_writes(html)
    url = reverse("journey:autosave", args=[STEP_SLUG, FREE_TEXT_FIELD])
    element = next(e for e in elements if e["url"] == url)
    token = element["form"]["token"] if element["form"] else ""
    data = {"csrfmiddlewaretoken": token, FREE_TEXT_FIELD: "Saved with the page's token"}
    hx = {"HX-Request": "true", "HX-Trigger": f"autosave-{FREE_TEXT_FIELD}"}
    with_token = isolated(client, "POST", url, data, headers=hx)
    without = isolated(client, "POST", url, {FREE_TEXT_FIELD: "No token"}, headers=hx)
    return {
        "in_form_with_token": bool(token),
        "with_token": with_token.status_code,
        "saved": "Saved" in with_token.content.decode(),
        "without_token": without.status_code,
    }


def test_an_htmx_autosave_with_the_pages_token_is_accepted(checked):
    assert checked.htmx_autosave["in_form_with_token"]
    assert checked.htmx_autosave["with_token"] == 200
    assert checked.htmx_autosave["saved"]
    assert checked.htmx_autosave["without_token"] == 403
