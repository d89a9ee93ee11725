"""Restart: a real gunicorn is killed (SIGKILL, master and workers) in the middle of a patient's
journey and started again; the patient carries on in the same browser session and every answer
is still there, on the pages and in the database, through to submitting.

The server runs with production settings (DEBUG off, secure cookies; see server_settings.py) and
two workers on a free loopback port, against the test's own database.
"""

from __future__ import annotations

import contextlib
import html
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from decision_aid.journey import services
from decision_aid.journey.models import DecisionRecord, RecordStatus, Submission

pytestmark = pytest.mark.slow  # a real server process, killed and started again

ROOT = Path(__file__).resolve().parents[2]

PROFILE = {
    "er": "positive", "pr": "positive", "her2": "negative", "pdl1": "unknown", "brca": "unknown",
    "pik3ca": "negative", "menopause": "post", "spread": ["bone"], "problems": ["none"],
    "akt1_pten": "unknown", "esr1": "unknown", "hormone_for_secondary": "with_ai",
    "cdk46_for_secondary": "none", "chemo_for_secondary": "none", "her2_for_secondary": "none",
    "anthracycline_ever": "yes", "taxane_ever": "no",
}  # fmt: skip
MATTERS = {
    "matters_fewer_visits": "very_much", "matters_less_travel": "quite_a_lot",
    "matters_tablets_at_home": "a_little", "matters_avoid_hair_loss": "very_much",
    "matters_avoid_feeling_sick": "quite_a_lot", "matters_keep_energy": "very_much",
    "matters_work_or_caring": "not_at_all", "matters_live_longer": "very_much",
    "matters_control_symptoms": "quite_a_lot", "matters_fewer_tests": "a_little",
    "matters_family_time": "very_much",
    "matters_most": "Restart-marker RZ8: <b>Maisie's</b> wedding in June",
}  # fmt: skip
# Saved by autosave only, on a step the patient has not finished when the server dies.
AUTOSAVED = {"journey_minutes": "45", "travel_mode": "lift"}
SHORTLIST = ["fulvestrant", "paclitaxel", "supportive-care-only"]
LEANING = {
    "leaning": "some", "leaning_options": ["fulvestrant", "paclitaxel"], "sure_sure": "no",
    "sure_understand": "yes", "sure_risk_benefit": "yes", "sure_encouragement": "no",
    "decide_how": "together", "survival_talk": "main_points",
}  # fmt: skip
OWN_QUESTIONS = "Restart-question QK2: can I have treatment nearer home?"


def urlopen(url: str, timeout: float):
    return urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 (http on loopback only)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The address of the database this test is using (the test database, not the real one)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"


class Server:
    """gunicorn in its own process group, so a kill takes the master and its workers at once."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None
        env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
        self.env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "tests.reliability.server_settings",
            "DEBUG": "false",
            "SECRET_KEY": "restart-test-secret-key-" + "k7Qz2vX9pL4mN8rT1wY6" * 3,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url(),
            "LOG_LEVEL": "WARNING",
        }

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "decision_aid.wsgi", "--workers", "2",
                 "--preload", "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
                cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log.read_text()}"
            try:
                with urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"gunicorn did not answer /healthz:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL the whole process group: no graceful shutdown, nothing flushed."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):  # the group is already gone
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.kill()


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure; on plain-HTTP loopback (no proxy) send them anyway."""

    def return_ok_secure(self, cookie, request):
        return True


@dataclass
class Page:
    status: int
    url: str
    text: str


class Browser:
    """One patient's browser: a cookie jar that outlives the server."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.jar = http.cookiejar.CookieJar(policy=LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def open(self, path: str, data: dict | None = None, htmx: bool = False) -> Page:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"X-CSRFToken": self.cookie("csrftoken")} if data is not None else {}
        if htmx:
            headers["HX-Request"] = "true"
        request = urllib.request.Request(self.server.base + path, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=20) as response:
                return Page(response.status, response.url, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.url, error.read().decode())

    def get(self, path: str) -> Page:
        page = self.open(path)
        assert page.status == 200, (path, page.status)
        return page

    def post_step(self, slug: str, data: dict, goes_to: str) -> Page:
        page = self.open(f"/steps/{slug}", data)
        assert page.status == 200 and page.url.endswith(goes_to), (slug, page.status, page.url)
        return page

    def autosave(self, slug: str, field: str, value: str) -> None:
        page = self.open(f"/steps/{slug}/save/{field}", {field: value}, htmx=True)
        assert page.status == 200 and "nhsuk-error-message" not in page.text, (field, page.status)


@pytest.fixture
def server(transactional_db, catalogue, tmp_path):
    server = Server(tmp_path / "gunicorn.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def checked(page: Page, name: str, value: str) -> bool:
    """Whether the page shows ``value`` selected for the radio or checkbox ``name``."""
    for tag in re.findall(r"<input\b[^>]*>", page.text):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return re.search(r"\schecked\b", tag) is not None
    raise AssertionError(f"no input {name}={value}")


def input_value(page: Page, name: str) -> str:
    tag = next(t for t in re.findall(r"<input\b[^>]*>", page.text) if f'name="{name}"' in t)
    found = re.search(r'\svalue="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else ""


def textarea_value(page: Page, name: str) -> str:
    found = re.search(rf'<textarea\b[^>]*name="{name}"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert found, f"no textarea {name}"
    return html.unescape(found.group(1)).strip("\n")


def test_a_server_killed_mid_journey_comes_back_with_every_answer(server):
    patient = Browser(server)
    patient.get("/start")
    assert patient.open("/start/new", {}).url.endswith("/your-code")
    session_cookie = patient.cookie("sessionid")
    assert session_cookie

    patient.post_step("your-decision", {}, "/steps/about-your-cancer")
    patient.post_step("about-your-cancer", PROFILE, "/steps/what-matters")
    patient.post_step("what-matters", MATTERS, "/steps/getting-to-hospital")
    for field, value in AUTOSAVED.items():
        patient.autosave("getting-to-hospital", field, value)

    server.kill()
    with pytest.raises(OSError):  # refused, or reset by a worker as it died: the server is down
        urlopen(server.base + "/healthz", timeout=2)
    server.start()

    # Same browser, same cookie: back where they were, with everything they had answered.
    step = patient.get("/carry-on")
    assert step.url.endswith("/steps/getting-to-hospital")
    assert patient.cookie("sessionid") == session_cookie
    assert input_value(step, "journey_minutes") == "45"
    assert checked(step, "travel_mode", "lift")
    earlier = patient.get("/steps/what-matters")
    assert textarea_value(earlier, "matters_most") == MATTERS["matters_most"]
    assert "<b>Maisie" not in earlier.text  # shown as typed, never as markup
    assert all(checked(earlier, k, v) for k, v in MATTERS.items() if k != "matters_most")
    about = patient.get("/steps/about-your-cancer")
    assert checked(about, "er", "positive") and checked(about, "spread", "bone")

    record = DecisionRecord.objects.get()
    answers = services.load_answers(record)
    assert {k: answers[k] for k in PROFILE} == PROFILE
    assert {k: answers[k] for k in MATTERS} == MATTERS
    assert answers["journey_minutes"] == 45 and answers["travel_mode"] == "lift"

    # Carry on to the end and submit.
    patient.post_step("getting-to-hospital", {**AUTOSAVED, "journey_hard": "sometimes"},
                      "/steps/your-options")  # fmt: skip
    patient.post_step("your-options", {"shortlist": SHORTLIST}, "/steps/compare")
    patient.post_step("compare", {"compare": SHORTLIST[:2]}, "/steps/weigh-up")
    patient.post_step("weigh-up", {"pros_fulvestrant": "One jab a month"},
                      "/steps/check-what-you-know")  # fmt: skip
    patient.post_step("check-what-you-know", {}, "/steps/where-you-are-leaning")
    patient.post_step("where-you-are-leaning", LEANING, "/steps/questions")
    patient.post_step("questions", {"questions_own": OWN_QUESTIONS}, "/steps/check-answers")
    check = patient.get("/steps/check-answers")
    shown = html.unescape(check.text)
    assert all(text in shown for text in (MATTERS["matters_most"], OWN_QUESTIONS, "45 minutes"))
    assert "<b>Maisie" not in check.text
    assert patient.open("/steps/check-answers", {}).url.endswith("/submitted")

    record.refresh_from_db()
    assert record.status == RecordStatus.SUBMITTED and record.submitted_version == 1
    assert record.leaning == "some" and record.sure_score == 2
    submission = Submission.objects.get(record=record)
    sent = submission.answers
    assert {k: sent[k] for k in PROFILE} == PROFILE
    assert {k: sent[k] for k in MATTERS} == MATTERS
    assert sent["journey_minutes"] == 45 and sent["travel_mode"] == "lift"
    assert sent["journey_hard"] == "sometimes" and sent["shortlist"] == SHORTLIST
    assert {k: sent[k] for k in LEANING} == LEANING
    assert sent["questions_own"] == OWN_QUESTIONS
    assert sent == services.load_answers(record)
