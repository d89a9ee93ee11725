"""Every page of the service in real Chromium, found from the URL configuration.

Every URL name (parametrised ones too) is either MAPPED to a way of reaching its page (a role,
the data it needs) or EXCLUDED with the reason (PDFs, JSON, POST-only endpoints that redirect to a
page checked here, Django's admin). A name in neither list fails
``test_every_route_is_mapped_or_excluded``, so a new page cannot escape; a stale entry fails too.

For each page, in one browser context per role, 320 px wide (a small phone, or 1280 px zoomed to
400%): axe (WCAG 2.0/2.1/2.2 A and AA) with no violations; exactly one ``h1``; a ``<title>`` that
no other page checked here has (``SHARED_TITLES`` says which routes may share one, and why); the
service's layout (NHS.UK header, a skip link to the main content); no horizontal scrolling; and,
in a second context with JavaScript off, the same single ``h1``. (The journey and clinic tests
already run axe on their pages at 1280 px; once here keeps this file fast.) The contexts are
guarded: any request to another host fails the test. What was checked, and what failed, goes to
``var/a11y/pages.json`` on every run (``make a11y-report`` prints it).

Error pages, reached as honestly as a browser allows:

- 404: a path that does not exist.
- 400: the start page's form sent with a body the server cannot read ("multipart" with no
  boundary); 413: the same form with more fields than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``. Both
  requests are rewritten on their way out of the browser; the service's 400 handler answers.
- CSRF failure (403): the start page's form sent after the browser lost its cookies.
- The 403 and 500 handlers: nothing in the service raises ``PermissionDenied``, and a browser
  cannot cause a real server error. For these two only, the live server uses this module as its
  URL configuration: the service's own routes and handlers plus two paths whose views raise
  ``PermissionDenied`` and ``RuntimeError``. The browser gets what Django's exception handling and
  the service's ``handler403``/``handler500`` really serve.

Two pages that are states of routes rather than routes are checked too: the sign-in lockout
(django-axes, after repeated wrong passwords) and the self-start limit (429).
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone
from playwright.sync_api import Page, Response

import decision_aid.urls as service_urls
from decision_aid.clinic.models import CaseFile
from decision_aid.core.models import Team
from decision_aid.demo.management.commands.seed_demo import DEMO_PATIENTS, DEMO_TEAM
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey import access
from decision_aid.journey.models import AccessAttempt, AttemptKind, DecisionRecord
from decision_aid.journey.steps import STEPS
from tests.conftest import PASSWORD, make_record
from tests.e2e.clinic import sign_in
from tests.e2e.conftest import ROOT
from tests.e2e.journey import wider_than_the_screen

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = ROOT / "var" / "a11y" / "pages.json"
NARROW = {"width": 320, "height": 640}

# Another helper is adding these two public pages; until they exist only they may be missing.
OPTIONAL_PUBLIC = {"glossary", "accessibility-statement"}

EXCLUDED = {
    "healthz": "JSON for load balancers and monitoring, not a page",
    "journey:start-new": "POST only ('Start without a code'); its result, journey:your-code, "
    "is checked",
    "journey:new-code": "POST only (a replacement code); redirects to journey:your-code, checked",
    "journey:leave": "POST only (sign out); redirects to journey:left, checked",
    "journey:autosave": "POST only (htmx): answers with a fragment of a step page; every step "
    "page is checked",
    "clinic:logout": "POST only (Django's LogoutView); redirects to clinic:login, checked",
    "clinic:add-note": "POST only; redirects to clinic:patient (checked), or shows it again with "
    "the error",
    "clinic:change-profile": "POST only; redirects to clinic:patient (checked), or shows it "
    "again with the error",
    "clinic:change-mdt-date": "POST only; redirects to clinic:patient (checked), or shows it "
    "again with the error",
    "clinic:set-status": "POST only; redirects to clinic:patient, checked",
    "clinic:revoke-code": "POST only; redirects to clinic:patient, checked",
    "documents:my-summary-pdf": "PDF download, not HTML",
    "documents:mdt-summary-pdf": "PDF download, not HTML",
    "documents:patient-copy-pdf": "PDF download, not HTML",
    "documents:pack-download": "PDF download, not HTML",
    "documents:pack-retry": "POST only; redirects to documents:pack, checked",
    "documents:team-poster-pdf": "PDF download, not HTML",
    "clinic:record-decision": "POST only; redirects to clinic:patient (checked), or shows it "
    "again with the error",
    "clinic:confirm-match": "POST only; redirects to clinic:patient (checked), or shows "
    "clinic:unmatched again with the error",
    "clinic:not-our-patient": "POST only; redirects to clinic:queue, checked",
    "clinic:lift-code-hold": "POST only; redirects to clinic:patient, checked",
    "clinic:two-factor": "the second step of signing in: checked with axe in test_two_factor.py "
    "and by every sign-in (tests/e2e/clinic.py); a signed-in session is past it",
    "clinic:two-factor-set-up": "the first sign-in's set-up: checked with axe in "
    "test_two_factor.py; a signed-in session is past it",
    "clinic:reset-two-factor": "POST only; redirects to clinic:team-members, checked",
}
EXCLUDED_NAMESPACES = {
    "admin": "Django's own admin, for content editors: Django's templates, not the service's pages",
}
# Routes whose GET only redirects: the test checks they land on a page checked here.
REDIRECTS = {
    "journey:carry-on": "patient-in-progress",
}
# Pages of one route that may share a <title>, and why.
SHARED_TITLES = {
    "clinic:patient": "the title leaves the patient's reference out on purpose (tab titles and "
    "browser history on shared clinic computers); the h1 names the patient",
}


# --- Only for the 403 and 500 handler pages (see the module docstring) ----------------------


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("A deliberate error, to show the service's 500 page")


urlpatterns = [
    path("e2e-forbidden", _forbidden),
    path("e2e-server-error", _broken),
    *service_urls.urlpatterns,
]
handler400 = service_urls.handler400
handler403 = service_urls.handler403
handler404 = service_urls.handler404
handler500 = service_urls.handler500


# --- Discovering the routes --------------------------------------------------------------


def discovered_routes(resolver=None, namespace: str = "", prefix: str = ""):
    """(every URL name, namespaced; the paths of any pattern without a name)."""
    resolver = resolver or get_resolver()
    names: set[str] = set()
    unnamed: list[str] = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in EXCLUDED_NAMESPACES:
                names.add(f"{inner}*")
                continue
            more, nameless = discovered_routes(pattern, inner, route)
            names |= more
            unnamed += nameless
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                names.add(namespace + pattern.name)
            else:
                unnamed.append("/" + route)
    return names, unnamed


# --- What the pages need -----------------------------------------------------------------


@dataclass
class World:
    base: str
    team: Team
    records: dict  # "invited", "in-progress", "submitted" (clinic); "patient-*" (browser)
    codes: dict
    pack: MdtPack


def make_world(base: str) -> World:
    """The demo team from ``seed_demo`` (a nurse, a lead, a patient in each state), a patient
    part-way through with a realistic profile, and a finished MDT pack."""
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
    team = Team.objects.get(slug=DEMO_TEAM["slug"])
    by_reference = {
        case.reference: case.record
        for case in CaseFile.objects.filter(record__team=team).select_related("record")
    }
    (invited, _, _, _), (in_progress, _, _, _), (submitted, _, profile, answers) = DEMO_PATIENTS
    # Most questions answered, with the submitted demo patient's profile; not sent yet.
    answering = make_record(team, "E2E-PAGES-0004", **profile, **answers)
    # Moved to a newer content release: the first steps show the "we updated the information"
    # banner (checked by axe like the rest), until "Your options" is seen.
    DecisionRecord.objects.filter(pk=answering.pk).update(content_updated_at=timezone.now())
    answering.refresh_from_db()
    records = {
        "invited": by_reference[invited],
        "in-progress": by_reference[in_progress],
        "submitted": by_reference[submitted],
        "patient-in-progress": answering,
        "patient-submitted": by_reference[submitted],
        # From seed_demo: started on her own, sent to the team, not yet matched (issue 16).
        "sent": DecisionRecord.objects.get(requested_team=team, team__isnull=True),
    }
    codes = {
        role: access.issue_code(records[role]).display
        for role in ("patient-in-progress", "patient-submitted")
    }
    pack = MdtPack.objects.create(
        team=team,
        mdt_date=datetime.date.today() + datetime.timedelta(days=7),
        status=PackStatus.DONE,
        patients=1,
        done=1,
        pdf=b"%PDF-1.4\n% a stand-in: this page only links to it\n",
        finished_at=timezone.now(),
    )
    return World(base=base, team=team, records=records, codes=codes, pack=pack)


def record_path(key: str, name: str = "clinic:patient") -> Callable[[World], str]:
    return lambda world: reverse(name, args=[world.records[key].pk])


def fixed(name: str, *args) -> Callable[[World], str]:
    return lambda world: reverse(name, args=args)


def submit(page: Page, button: str) -> Response:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button, exact=True).click()
    return navigation.value


def start_without_a_code(page: Page, world: World, js: bool) -> Response:
    if not js:  # the same patient's browser, without JavaScript: the code is shown only once
        return page.goto(world.base + reverse("journey:your-code"))
    page.goto(world.base + reverse("journey:start"))
    return submit(page, "Start without a code")


def access_code_slip(page: Page, world: World, js: bool) -> Response:
    """A nurse gives the invited patient a new code: the slip to hand over."""
    page.goto(world.base + reverse("clinic:patient", args=[world.records["invited"].pk]))
    return submit(page, "Issue a new access code")


def send_start_form_rewritten(page: Page, world: World, change: Callable) -> Response:
    """Send the start page's form, changed on its way out by ``change(request) -> overrides``."""

    def rewrite(route):
        if route.request.method != "POST":
            route.fallback()
            return
        route.continue_(**change(route.request))

    target = world.base + reverse("journey:start")
    page.goto(target)
    page.route(target, rewrite)
    try:
        return submit(page, "Continue")
    finally:
        page.unroute(target, rewrite)


def unreadable_form(page: Page, world: World, js: bool) -> Response:
    """A form body the server cannot read: "multipart" with no boundary."""
    return send_start_form_rewritten(
        page,
        world,
        lambda request: {"headers": {**request.headers, "content-type": "multipart/form-data"}},
    )


def too_many_fields(page: Page, world: World, js: bool) -> Response:
    limit = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert limit, "DATA_UPLOAD_MAX_NUMBER_FIELDS is off: find another way to show this page"
    extra = "".join(f"&extra{i}=x" for i in range(limit + 1))
    return send_start_form_rewritten(
        page, world, lambda request: {"post_data": (request.post_data or "") + extra}
    )


def lost_cookies(page: Page, world: World, js: bool) -> Response:
    page.goto(world.base + reverse("journey:start"))
    page.context.clear_cookies()
    return submit(page, "Continue")


def locked_out(page: Page, world: World, js: bool) -> Response:
    """Wrong passwords until django-axes locks the account (once is enough when already locked)."""
    page.goto(world.base + reverse("clinic:login"))
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username", exact=True).fill("e2e-not-a-user")
        page.get_by_label("Password", exact=True).fill("not-the-password")
        response = submit(page, "Sign in")
        if response.status != 200:
            return response
    return response


def self_start_limit(page: Page, world: World, js: bool) -> Response:
    """This address has started as many records as it may in an hour."""
    self_starts = AccessAttempt.objects.filter(kind=AttemptKind.SELF_START)
    # The browser's address, as the patient who started without a code left it.
    address = self_starts.values_list("address_hash", flat=True).first() or access.address_hash(
        RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    )
    started = self_starts.filter(address_hash=address)
    missing = django_settings.SELF_STARTS_PER_HOUR_PER_ADDRESS - started.count()
    AccessAttempt.objects.bulk_create(
        AccessAttempt(kind=AttemptKind.SELF_START, address_hash=address, succeeded=True)
        for _ in range(max(missing, 0))
    )
    page.goto(world.base + reverse("journey:start"))
    return submit(page, "Start without a code")


@dataclass(frozen=True)
class Visit:
    label: str  # what the report calls the page
    route: str  # the URL name, or "error:..." / "state:..." for pages that are not routes
    role: str
    how: str
    path: Callable[[World], str] | None = None  # a GET, or else:
    act: Callable[[Page, World, bool], Response] | None = None  # (page, world, JavaScript on)
    status: int = 200
    urlconf: str | None = None


def visits() -> list[Visit]:
    steps = [
        Visit(f"step: {step.title}", "journey:step", "patient-in-progress",
              "a patient part-way through, with a realistic profile",
              fixed("journey:step", step.slug))
        for step in STEPS if step.form_class is not None
    ]  # fmt: skip
    return [
        Visit("start page", "start", "anonymous", "anyone", fixed("start")),
        Visit("about this information", "about-this-information", "anonymous", "anyone",
              fixed("about-this-information")),
        Visit("glossary", "glossary", "anonymous", "anyone", fixed("glossary")),
        Visit("accessibility statement", "accessibility-statement", "anonymous", "anyone",
              fixed("accessibility-statement")),
        Visit("privacy notice", "privacy", "anonymous", "anyone", fixed("privacy")),
        Visit("cookies", "cookies", "anonymous", "anyone", fixed("cookies")),
        Visit("start or carry on", "journey:start", "anonymous", "anyone", fixed("journey:start")),
        Visit("signed out", "journey:left", "anonymous", "after 'Sign out'", fixed("journey:left")),
        Visit("staff sign in", "clinic:login", "anonymous", "anyone", fixed("clinic:login")),
        Visit("your access code", "journey:your-code", "patient-new",
              "'Start without a code'; without JavaScript the same browser comes back to it",
              act=start_without_a_code),
        Visit("send your answers to your team", "journey:send", "patient-new",
              "a patient who started on her own", fixed("journey:send")),
        Visit("a team's start page", "journey:team-start", "anonymous", "anyone",
              fixed("journey:team-start", DEMO_TEAM["slug"])),
        *steps,
        Visit("an option's own page", "journey:option", "patient-in-progress",
              "a drug that may suit her", fixed("journey:option", "fulvestrant")),
        Visit("an option's own page: no cancer treatment", "journey:option",
              "patient-in-progress", "always there",
              fixed("journey:option", "supportive-care-only")),
        Visit("treatments that usually do not suit", "journey:not-suitable", "patient-in-progress",
              "a patient part-way through, with a realistic profile",
              fixed("journey:not-suitable")),
        Visit("check your answers", "journey:check-answers", "patient-in-progress",
              "a patient part-way through, with a realistic profile",
              fixed("journey:check-answers")),
        Visit("answers sent", "journey:submitted", "patient-submitted", "a patient who has sent "
              "their answers", fixed("journey:submitted")),
        Visit("your summary", "journey:my-summary", "patient-submitted", "a patient who has sent "
              "their answers", fixed("journey:my-summary")),
        Visit("review queue", "clinic:queue", "nurse", "the demo team's queue",
              fixed("clinic:queue")),
        Visit("invite a patient", "clinic:invite", "nurse", "a nurse", fixed("clinic:invite")),
        Visit("claim a self-started record", "clinic:claim", "nurse", "a nurse",
              fixed("clinic:claim")),
        Visit("patient: invited", "clinic:patient", "nurse", "an invited patient, nothing "
              "answered", record_path("invited")),
        Visit("patient: in progress", "clinic:patient", "nurse", "a patient part-way through",
              record_path("in-progress")),
        Visit("patient: submitted", "clinic:patient", "nurse", "a patient who sent their "
              "answers, with a note", record_path("submitted")),
        Visit("access code slip", "clinic:reissue-code", "nurse", "'Issue a new access code' on "
              "an invited patient", act=access_code_slip),
        Visit("sent by a patient, not yet matched", "clinic:unmatched", "nurse",
              "answers a patient sent from the team's start link",
              lambda world: reverse("clinic:unmatched", args=[world.records["sent"].pk])),
        Visit("team members", "clinic:team-members", "lead", "the demo team's lead",
              fixed("clinic:team-members")),
        Visit("MDT packs", "documents:packs", "nurse", "a team with a pack",
              fixed("documents:packs")),
        Visit("MDT pack", "documents:pack", "nurse", "a finished pack",
              lambda world: reverse("documents:pack", args=[world.pack.pk])),
        Visit("audit trail", "clinic:audit", "lead", "the demo team's lead",
              fixed("clinic:audit")),
        Visit("page not found", "error:404", "anonymous", "a path that does not exist",
              lambda world: "/no-such-page", status=404),
        Visit("bad request", "error:400", "anonymous", "a form body the server cannot read",
              act=unreadable_form, status=400),
        Visit("too much sent", "error:413", "anonymous", "a form sent with too many fields",
              act=too_many_fields, status=413),
        Visit("form could not be sent", "error:csrf", "anonymous", "a form sent after the "
              "browser lost its cookies", act=lost_cookies, status=403),
        Visit("forbidden (handler403)", "error:403", "anonymous", "a view that raises "
              "PermissionDenied", lambda world: "/e2e-forbidden", status=403, urlconf=__name__),
        Visit("server error (handler500)", "error:500", "anonymous", "a view that raises",
              lambda world: "/e2e-server-error", status=500, urlconf=__name__),
        Visit("account locked", "state:sign-in-lockout", "anonymous", "wrong passwords until "
              "the lockout", act=locked_out, status=429),
        Visit("too many self-starts", "state:self-start-limit", "anonymous", "this address "
              "started the most records allowed in an hour", act=self_start_limit, status=429),
    ]  # fmt: skip


def mapped_routes() -> set[str]:
    pages = {v.route for v in visits() if not v.route.startswith(("error:", "state:"))}
    return pages | set(REDIRECTS)


def test_every_route_is_mapped_or_excluded():
    names, unnamed = discovered_routes()
    accounted = mapped_routes() | set(EXCLUDED) | {f"{ns}:*" for ns in EXCLUDED_NAMESPACES}
    missing_optional = OPTIONAL_PUBLIC - names
    assert unnamed == [], f"Give these routes a name so they can be checked: {unnamed}"
    assert sorted(names - accounted) == [], "Map these routes to a page visit, or exclude them"
    assert sorted(accounted - names - missing_optional) == [], "Stale entries: no such route"
    assert not (mapped_routes() & set(EXCLUDED)), "A route is both mapped and excluded"


# --- Checking the pages ------------------------------------------------------------------


class Browsers:
    """One browser context per role and JavaScript setting, made when first needed."""

    def __init__(self, new_context, world: World):
        self.new_context = new_context
        self.world = world
        self.pages: dict[tuple[str, bool], Page] = {}

    def page(self, role: str, js: bool) -> Page:
        if (role, js) not in self.pages:
            context = self.new_context(java_script_enabled=js, viewport=NARROW)
            page = context.new_page()
            if js:
                self.sign_in(role, page)
            else:  # the same person's browser, with JavaScript switched off
                context.add_cookies(self.page(role, True).context.cookies())
            self.pages[(role, js)] = page
        return self.pages[(role, js)]

    def sign_in(self, role: str, page: Page) -> None:
        base = self.world.base
        queue = f"Review queue: {self.world.team.name}"
        if role in ("nurse", "lead"):
            sign_in(page, base, {"nurse": "demo-nurse", "lead": "demo-lead"}[role],
                    expect_title=queue)  # fmt: skip
        elif role in self.world.codes:
            page.goto(base + reverse("journey:start"))
            page.get_by_label("Enter your access code").fill(self.world.codes[role])
            response = submit(page, "Continue")
            assert "/steps/" in response.url, f"{role}: the code did not open the record"


AXE_FAILED = re.compile(r"violation\(s\) on .*?: (.*)$")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def axe_violations(axe_check, page: Page, where: str) -> list[str]:
    try:
        axe_check(page, where)
    except pytest.fail.Exception as failed:
        found = AXE_FAILED.search(str(failed))
        return found[1].split(", ") if found else [str(failed)]
    return []


# Everything about a page that is read from it at once: its title, its h1s, whether it has the
# service's layout, and how far it sticks out sideways.
FACTS = """() => ({
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim().replace(/\\s+/g, ' ')),
    layout: {
        header: document.querySelectorAll('header.nhsuk-header').length,
        skip: [...document.querySelectorAll('a.nhsuk-skip-link')].map(a => a.getAttribute('href')),
        main: !!document.getElementById('maincontent'),
    },
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
})"""
LAYOUT = {"header": 1, "skip": ["#maincontent"], "main": True}


@dataclass
class Checked:
    visit: Visit
    path: str = ""
    status: int | None = None
    title: str = ""
    h1: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    overflow_px: int | None = None
    no_js_h1: list[str] = field(default_factory=list)

    def report(self) -> dict:
        return {
            "page": self.visit.label,
            "route": self.visit.route,
            "role": self.visit.role,
            "how": self.visit.how,
            "path": UUID.sub("{id}", self.path),
            "status": self.status,
            "title": self.title,
            "h1_count": len(self.h1),
            "axe_violations": self.axe,
            "overflow_at_320px": self.overflow_px,
            "h1_count_without_javascript": len(self.no_js_h1),
            "problems": self.problems,
        }


def go(page: Page, visit: Visit, world: World, js: bool) -> Response | None:
    if visit.act is not None:
        return visit.act(page, world, js)
    return page.goto(world.base + visit.path(world))


def check_page(browsers: Browsers, visit: Visit, axe_check) -> Checked:
    world = browsers.world
    checked = Checked(visit)
    problems = checked.problems
    page = browsers.page(visit.role, js=True)
    response = go(page, visit, world, js=True)
    page.wait_for_load_state()
    checked.path = page.url.removeprefix(world.base)
    checked.status = response.status if response else None
    if checked.status != visit.status:
        problems.append(f"status {checked.status}, expected {visit.status}")
    facts = page.evaluate(FACTS)
    checked.title, checked.h1 = facts["title"], facts["h1"]
    if len(checked.h1) != 1:
        problems.append(f"{len(checked.h1)} h1 elements: {checked.h1}")
    if facts["layout"] != LAYOUT:
        problems.append(f"not the service's layout (NHS.UK header, skip link, main): {facts}")
    checked.axe = axe_violations(axe_check, page, f"{visit.label} at 320px")
    if checked.axe:
        problems.append(f"axe: {', '.join(checked.axe)}")
    checked.overflow_px = facts["overflow"]
    if checked.overflow_px > 0:
        wide = wider_than_the_screen(page)
        problems.append(f"scrolls sideways at 320px by {checked.overflow_px}px: {wide}")

    no_js = browsers.page(visit.role, js=False)
    response = go(no_js, visit, world, js=False)
    no_js.wait_for_load_state()
    if response is None or response.status != visit.status:
        problems.append(f"without JavaScript: status {response and response.status}")
    checked.no_js_h1 = no_js.evaluate(FACTS)["h1"]
    if checked.no_js_h1 != checked.h1 or len(checked.h1) != 1:
        problems.append(f"without JavaScript the h1 is {checked.no_js_h1}, not {checked.h1}")
    return checked


def check_redirect(browsers: Browsers, route: str, role: str, seen: set[str]) -> Checked:
    visit = Visit(route, route, role, "a GET that only redirects", fixed(route))
    checked = Checked(visit)
    page = browsers.page(role, js=True)
    response = page.goto(browsers.world.base + reverse(route))
    checked.path = page.url.removeprefix(browsers.world.base)
    checked.status = response.status if response else None
    checked.title = page.title()
    if checked.path not in seen:
        checked.problems.append(f"redirects to {checked.path}, a page not checked here")
    return checked


def shared_titles(results: list[Checked]) -> list[str]:
    by_title: dict[str, list[Checked]] = {}
    for result in results:
        by_title.setdefault(result.title, []).append(result)
    problems = []
    for title, pages in by_title.items():
        routes = {p.visit.route for p in pages}
        if len(pages) > 1 and not (len(routes) == 1 and routes <= set(SHARED_TITLES)):
            labels = [p.visit.label for p in pages]
            problems.append(f"title {title!r} is shared by {labels}")
            for page in pages:
                page.problems.append(
                    f"title shared with {[x for x in labels if x != page.visit.label]}"
                )
    return problems


def write_report(results: list[Checked], routes: set[str]) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    pages = [result.report() for result in results]
    REPORT.write_text(
        json.dumps(
            {
                "generated_at": timezone.now().isoformat(timespec="seconds"),
                "browser": "Chromium (Debian), Playwright; axe-core, WCAG 2.0/2.1/2.2 A and AA",
                "summary": {
                    "pages_checked": len(pages),
                    "pages_with_problems": sum(1 for p in pages if p["problems"]),
                    "axe_violations": sum(len(p["axe_violations"]) for p in pages),
                    "routes_found": len(routes),
                },
                "pages": pages,
                "excluded": {
                    **EXCLUDED,
                    **{f"{ns}:*": why for ns, why in EXCLUDED_NAMESPACES.items()},
                },
                "shared_titles": SHARED_TITLES,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


def test_every_page_passes_axe_one_h1_unique_title_reflow_and_works_without_javascript(
    new_context, live_server, axe_check, catalogue, settings
):
    # Passwords are not what this test is about: a fast hasher for the demo accounts' sign-ins
    # and the lockout's wrong passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    routes, _ = discovered_routes()
    world = make_world(live_server.url)
    browsers = Browsers(new_context, world)
    results: list[Checked] = []
    try:
        for visit in visits():
            if visit.route in OPTIONAL_PUBLIC and visit.route not in routes:
                continue
            if visit.urlconf:
                with override_settings(ROOT_URLCONF=visit.urlconf):
                    results.append(check_page(browsers, visit, axe_check))
            else:
                results.append(check_page(browsers, visit, axe_check))
        seen = {result.path for result in results}
        for route, role in REDIRECTS.items():
            results.append(check_redirect(browsers, route, role, seen))
        title_problems = shared_titles([r for r in results if r.visit.route not in REDIRECTS])
    finally:
        write_report(results, routes)

    checked_routes = {r.visit.route for r in results}
    assert mapped_routes() & routes <= checked_routes
    assert title_problems == []
    problems = {r.visit.label: r.problems for r in results if r.problems}
    assert problems == {}, json.dumps(problems, indent=2)
