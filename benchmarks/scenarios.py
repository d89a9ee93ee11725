"""The measurements behind ``make bench``. Each returns table rows; all run in one process."""

from __future__ import annotations

import http.cookiejar
import itertools
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

from benchmarks.run import ENV, ROOT, Row, medians_ms

FULL_ANSWERS = {
    "er": "positive", "pr": "positive", "her2": "negative", "pdl1": "unknown", "brca": "unknown",
    "pik3ca": "negative", "menopause": "post", "spread": ["bone"], "problems": ["none"],
    "akt1_pten": "unknown", "esr1": "unknown", "hormone_for_secondary": "with_ai",
    "cdk46_for_secondary": "none", "chemo_for_secondary": "none", "her2_for_secondary": "none",
    "anthracycline_ever": "yes", "taxane_ever": "no",
    "matters_fewer_visits": "very_much",
    "matters_keep_energy": "very_much", "matters_avoid_hair_loss": "quite_a_lot",
    "matters_most": "Being well enough for a family wedding in June.",
    "journey_minutes": 45, "travel_mode": "lift", "journey_hard": "sometimes",
    "shortlist": ["fulvestrant", "cdk46-inhibitor-with-hormone-therapy", "paclitaxel",
                  "supportive-care-only"],
    "compare": ["fulvestrant", "paclitaxel"], "leaning": "some",
    "leaning_options": ["fulvestrant", "cdk46-inhibitor-with-hormone-therapy"],
    "sure_sure": "no", "sure_understand": "yes", "sure_risk_benefit": "no",
    "sure_encouragement": "yes", "decide_how": "together", "survival_talk": "main_points",
    "questions_own": "\n".join(f"Question {i} about my treatment and my week?" for i in range(10)),
}  # fmt: skip


def ratio_row(figure: str, value: float, floor: float, goal: float, unit: str = "ms") -> Row:
    ratio = value / floor
    return Row(
        figure, f"≤ {goal:g}", f"{ratio:.2f} ({value:.1f} / {floor:.1f} {unit})", ratio <= goal
    )


def _signed_in(client, nurse):
    """A nurse's client past both sign-in steps: the password and the second factor (issue 17).
    Without the second factor every clinic page is a redirect, and a bench would time that."""
    from decision_aid.demo.two_factor import verify_session

    client.force_login(nurse)
    verify_session(client, nurse, name="bench app")
    return client


def _team_with_nurse(slug: str):
    from django.contrib.auth import get_user_model

    from decision_aid.core.models import Membership, Team

    team = Team.objects.create(name=f"Bench {slug}", slug=slug)
    nurse = get_user_model().objects.create_user(f"nurse-{slug}", password="bench-password-2026")
    Membership.objects.create(user=nurse, team=team)
    return team, nurse


def _full_record(team, reference: str, mdt: date | None = None, notes: int = 3, author=None):
    from decision_aid.clinic.models import CaseFile, NurseNote
    from decision_aid.journey import services

    record = services.start_record(self_started=False)
    record.team = team
    record.save(update_fields=["team"])
    case = CaseFile.objects.create(record=record, team=team, reference=reference, mdt_date=mdt)
    services.save_answers(record, FULL_ANSWERS)
    services.submit(record)
    for i in range(notes):
        NurseNote.objects.create(case=case, author=author, text=f"Note {i} about the plan.")
    record.refresh_from_db()
    return record


def pages_and_autosave() -> list[Row]:
    """Patient step pages and autosave against a bare Django view (in-process client)."""
    from django.test import Client

    client = Client()
    client.post("/start/new")
    from decision_aid.journey.models import DecisionRecord
    from decision_aid.journey.services import save_answers

    save_answers(DecisionRecord.objects.latest("created_at"), FULL_ANSWERS)
    # Each save changes the answer (a real write every time), between two values: the options
    # page's cards depend on the journey time, and a patient corrects it now and then, not
    # before every look at their options.
    minutes = itertools.cycle(("45", "50"))

    def autosave(url: str):
        data = {"journey_minutes": next(minutes)}
        return lambda: client.post(url, data, HTTP_HX_REQUEST="true")

    ms = medians_ms({
        "bare": lambda: client.get("/__bench__/bare"),
        "what-matters": lambda: client.get("/steps/what-matters"),
        "your-options": lambda: client.get("/steps/your-options"),
        "autosave": lambda: autosave("/steps/getting-to-hospital/save/journey_minutes")(),
        # The part of those ratios no rendering can remove: the database work every audited
        # patient page and every autosave must do (benchmarks/bench_urls.py). Shown, not a goal.
        "audited read": lambda: client.get("/__bench__/audited-read"),
        "audited save": lambda: autosave("/__bench__/audited-write")(),
    })  # fmt: skip
    bare = ms["bare"]
    rows = [
        ratio_row(f"step page {slug} / bare view", ms[slug], bare, 2.0)
        for slug in ("what-matters", "your-options")
    ]
    rows.append(ratio_row("autosave POST / bare view", ms["autosave"], bare, 2.0))
    floors = {
        "audited read": "floor: audited read, no page / bare view",
        "audited save": "floor: audited save, no fragment / bare view",
    }
    for name, figure in floors.items():
        row = ratio_row(figure, ms[name], bare, 2.0)
        row.goal, row.passed = "info", None
        rows.append(row)
    return rows


def pdfs() -> list[Row]:
    """One-patient MDT PDF against the WeasyPrint floor; a 40-patient pack against 40 singles."""
    import weasyprint

    from decision_aid.documents import presenters, rendering, services
    from decision_aid.documents.models import MdtPack
    from decision_aid.journey.steps import JourneyState

    team, nurse = _team_with_nurse("pdf")
    mdt = date(2026, 12, 3)
    records = [_full_record(team, f"PDF-{i:03d}", mdt, author=nurse) for i in range(40)]
    one = records[0]
    html = rendering.render_html(
        "documents/mdt_summary.jinja", {"doc": presenters.mdt_summary(JourneyState(one))}
    )
    minimal = weasyprint.CSS(string="body { font-family: 'Liberation Sans'; }")
    ms = medians_ms({
        "single": lambda: services.mdt_summary_pdf(one),
        "floor": lambda: weasyprint.HTML(string=html).write_pdf(stylesheets=[minimal]),
    }, runs=12, warmup=2)  # fmt: skip
    single, floor = ms["single"], ms["floor"]
    pack = MdtPack(team=team, mdt_date=mdt)
    # The pack against the same 40 patients' single PDFs, made one after another, in turns.
    ms = medians_ms({
        "pack": lambda: services.render_pack(pack),
        "singles": lambda: [services.mdt_summary_pdf(record) for record in records],
    }, runs=3, warmup=1)  # fmt: skip
    return [
        ratio_row("one-patient MDT PDF / WeasyPrint floor", single, floor, 1.5),
        ratio_row("40-patient pack / 40 one-patient PDFs", ms["pack"], ms["singles"], 0.6),
    ]


def queue() -> list[Row]:
    """The nurse's queue at 50,000 records against 100 (same queries, near-same time), each team
    with a tenth as many again sent by patients and not yet matched."""
    from django.db import connection
    from django.test import Client

    from decision_aid.clinic.models import CaseFile
    from decision_aid.content.releases import latest_release_id
    from decision_aid.journey.models import DecisionRecord, PatientIdentity

    release = latest_release_id()
    clients = {}
    for size in (100, 50_000):
        team, nurse = _team_with_nurse(f"q{size}")
        records = [
            DecisionRecord(
                content_release_id=release,
                team=team,
                status="submitted",
                sure_score=random.randint(0, 4),
                leaning="not_sure",
            )
            for _ in range(size)
        ]
        DecisionRecord.objects.bulk_create(records, batch_size=5000)
        CaseFile.objects.bulk_create(
            (CaseFile(record=r, team=team, reference=f"Q{i:06d}",
                      mdt_date=date(2026, 12, 1 + i % 28)) for i, r in enumerate(records)),
            batch_size=5000,
        )  # fmt: skip
        # Issue 16: a tenth as many (at least 30) sent from the team's start link, not yet
        # matched (the queue page lists the newest 25).
        sent = [
            DecisionRecord(content_release_id=release, requested_team=team, status="submitted",
                           submitted_version=1, self_started=True)
            for _ in range(max(30, size // 10))  # more than the 25 the queue shows
        ]  # fmt: skip
        DecisionRecord.objects.bulk_create(sent, batch_size=5000)
        PatientIdentity.objects.bulk_create(
            (PatientIdentity(record=r, full_name=f"Bench {i}", date_of_birth=date(1960, 1, 1))
             for i, r in enumerate(sent)),
            batch_size=5000,
        )  # fmt: skip
        client = _signed_in(Client(), nurse)
        if client.get(f"/clinic/?team={team.slug}").status_code != 200:
            raise RuntimeError("the queue did not open: a bench must time the page, not a redirect")
        clients[size] = (client, team)

    rows = []
    for sort, label in (("activity", "default sort"), ("mdt", "sorted by MDT date")):
        urls, queries = {}, {}
        for size, (client, team) in clients.items():
            url = urls[size] = f"/clinic/?team={team.slug}"
            client.post(url, {"sort": sort})  # filters are posted and kept in the session
            client.get(url)
            executed: list[str] = []

            def count(execute, sql, params, many, context, executed=executed):
                executed.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(url)
            queries[size] = len(executed)
        ms = medians_ms(
            {size: (lambda c=client, u=urls[size]: c.get(u))
             for size, (client, _team) in clients.items()}, runs=30,
        )  # fmt: skip
        results = {size: (ms[size], queries[size]) for size in clients}
        (small, q_small), (large, q_large) = results[100], results[50_000]
        row = ratio_row(f"queue ({label}) at 50,000 / at 100", large, small, 1.3)
        row.measured += f", queries {q_large} vs {q_small}"
        row.passed = row.passed and q_large == q_small
        rows.append(row)
    return rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure; on loopback (plain HTTP, behind no proxy) send them anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class _Patient:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar(policy=_LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None, htmx: bool = False):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"X-CSRFToken": self.csrf()} if data is not None else {}
        if htmx:
            headers["HX-Request"] = "true"
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        with self.opener.open(req, timeout=30) as response:
            response.read()
            return response.status


def load(duration: float = 60.0, patients: int = 50) -> list[Row]:
    """Load: 50 simulated patients autosaving for 60 s against gunicorn, 2 workers, loopback."""

    port = _free_port()
    server = _start_gunicorn(port)
    base = f"http://127.0.0.1:{port}"
    try:
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + duration

        def run_patient(n: int) -> None:
            patient = _Patient(base)
            steps = [
                lambda: patient.request("/steps/what-matters"),
                lambda: patient.request(
                    "/steps/what-matters/save/matters_fewer_visits",
                    {"matters_fewer_visits": random.choice(["a_little", "very_much"])}, True,
                ),
                lambda: patient.request(
                    "/steps/getting-to-hospital/save/journey_minutes",
                    {"journey_minutes": str(random.randint(5, 120))}, True,
                ),
                lambda: patient.request("/steps/getting-to-hospital"),
                lambda: patient.request(
                    "/steps/what-matters/save/matters_most",
                    {"matters_most": f"Patient {n} wants time with family."}, True,
                ),
            ]  # fmt: skip
            try:
                patient.request("/start")
                patient.request("/start/new", {})
            except (urllib.error.URLError, OSError) as error:
                with lock:
                    errors.append(f"start: {error!r}")
                return
            i = 0
            while time.monotonic() < stop_at:
                start = time.perf_counter()
                try:
                    status = steps[i % len(steps)]()
                    ok = status < 400
                except (urllib.error.URLError, OSError) as error:
                    ok, status = False, str(error)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(str(status))
                i += 1

        threads = [threading.Thread(target=run_patient, args=(n,)) for n in range(patients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if errors:
        print(f"load errors (first 3): {errors[:3]}", file=sys.stderr)
    rps = len(latencies) / took if took else 0
    p50 = statistics.median(latencies) if latencies else 0
    p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) > 20 else 0
    return [
        Row("load: errors (50 patients, 60 s, 2 workers)", "= 0",
            f"{len(errors)} of {len(latencies)} requests", not errors),
        Row("load: requests per second", "info", f"{rps:.1f}", None),
        Row("load: latency p50 / p95", "info", f"{p50:.0f} / {p95:.0f} ms", None),
    ]  # fmt: skip


ALL = [pages_and_autosave, pdfs, queue, load]


# --- A slow phone (issue 15) -------------------------------------------------------------------

SLOW_PHONE = {  # as issue 15 sets it: a slow mobile connection and a slow phone's CPU
    "latency_ms": 150,
    "download_bits_per_second": 1_600_000,
    "upload_bits_per_second": 750_000,
    "cpu_slowdown": 4,
}
LOAD_GOAL_S = 1.5


def _start_gunicorn(port: int) -> subprocess.Popen:
    """gunicorn with 2 workers on loopback, production settings; returns once it answers."""
    env = {**os.environ, **ENV}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "decision_aid.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "error"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    return server


FIRST_VISITS = 5


def _slow_phone_page(browser):
    """A new browser context and page with a slow phone's network and CPU."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": SLOW_PHONE["latency_ms"],
        "downloadThroughput": SLOW_PHONE["download_bits_per_second"] / 8,
        "uploadThroughput": SLOW_PHONE["upload_bits_per_second"] / 8,
    })  # fmt: skip
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_PHONE["cpu_slowdown"]})
    return context, page


def _first_visit_timing(page, base: str) -> float:
    """Seconds to the load event, with what took the time printed to the log."""
    navigation = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return [n.connectEnd, n.responseStart, n.responseEnd, n.loadEventEnd]; }"
    )
    connected, first_byte, html_done, loaded = (t / 1000 for t in navigation)
    resources = page.evaluate(
        "() => performance.getEntriesByType('resource').map(r =>"
        " [r.name.split('/').pop(), r.startTime / 1000, r.responseEnd / 1000])"
    )
    parts = " ".join(f"{name} {start:.2f}-{end:.2f}" for name, start, end in resources)
    print(f"  first visit: connected {connected:.2f}, first byte {first_byte:.2f}, html "
          f"{html_done:.2f}, load {loaded:.2f} s; {parts}", file=sys.stderr)  # fmt: skip
    return loaded


def slow_phone() -> list[Row]:
    """Slow phone: one pass in Chromium, 150 ms latency, 1.6 Mbit/s, 4x CPU slowdown."""
    import shutil

    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from decision_aid.journey import access, services
    from decision_aid.journey.reading import (
        OVERVIEW_WORD_BUDGET,
        PAGE_HTML_BUDGET_BYTES,
        PASS_WORD_BUDGET,
        one_pass_paths,
        word_count,
    )
    from decision_aid.journey.steps import JourneyState
    from tests.journey.test_reading_budget import ANSWERS, PROFILES

    chromium = shutil.which("chromium")
    if chromium is None:
        return [Row("slow phone", "chromium", "not installed: apt-get install chromium", None)]
    profile = PROFILES["hormone positive, first treatment"]
    record = services.start_record(self_started=True)
    next_appointment = (date.today() + timedelta(days=21)).isoformat()
    services.save_answers(record, {**ANSWERS, **profile, "next_appointment": next_appointment})
    options = [o.slug for o in JourneyState(record).fitting_options]
    chosen = [*[s for s in options if s != "supportive-care-only"][:3], "supportive-care-only"]
    services.save_answers(record, {"shortlist": chosen, "compare": chosen})
    code = access.issue_code(record).display

    port = _free_port()
    server = _start_gunicorn(port)
    base = f"http://localhost:{port}"
    for _ in range(4):  # both workers warm, as a server in use is: a patient's first visit is
        urllib.request.urlopen(base + "/", timeout=30).read()
    pages: list[tuple[str, float, int, int, int]] = []  # path, load s, html, sent, words
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            # First visits: a fresh browser each time, nothing cached (stylesheet and scripts
            # come too). The median of 5, each broken down for the log.
            first_visits = []
            for _ in range(FIRST_VISITS):
                context, page = _slow_phone_page(browser)
                page.goto(base + "/", wait_until="load")
                first_visits.append(_first_visit_timing(page, base))
                context.close()
            first_visit = statistics.median(first_visits)
            context, page = _slow_phone_page(browser)
            page.goto(base + "/start")
            page.get_by_label("Enter your access code").fill(code)
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state("load")
            paths = [p for p in one_pass_paths() if p not in ("/submitted",)]
            paths += [f"/options/{slug}" for slug in chosen]
            for path in paths:
                response = page.goto(base + path, wait_until="load")
                timing = page.evaluate(
                    """() => { const n = performance.getEntriesByType('navigation')[0];
                               return [n.loadEventEnd - n.startTime, n.decodedBodySize,
                                       n.transferSize]; }"""
                )
                html = response.text() if response else ""
                pages.append((path, timing[0] / 1000, timing[1], timing[2], word_count(html)))
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    for path, seconds, size, sent, words in pages:
        print(f"  {path:<48} {seconds:5.2f} s  {size / 1024:5.1f} kB html"
              f"  {sent / 1024:5.1f} kB sent  {words:5d} words", file=sys.stderr)  # fmt: skip
    in_pass = [p for p in pages if p[0] in one_pass_paths()]
    words = sum(p[4] for p in in_pass)
    overview = next(p[4] for p in pages if p[0] == "/steps/your-options")
    slowest = max(pages, key=lambda p: p[1])
    largest = max(pages, key=lambda p: p[2])
    sent = max(pages, key=lambda p: p[3])
    low, high = settings.JOURNEY_MINUTES
    return [
        Row("one pass, words (details closed)", f"≤ {PASS_WORD_BUDGET:,}",
            f"{words:,} over {len(in_pass)} pages", words <= PASS_WORD_BUDGET),
        Row("options overview, words", f"≤ {OVERVIEW_WORD_BUDGET:,}", f"{overview:,}",
            overview <= OVERVIEW_WORD_BUDGET),
        Row("largest patient page, HTML", f"≤ {PAGE_HTML_BUDGET_BYTES // 1024} kB",
            f"{largest[2] / 1024:.1f} kB ({largest[0]})",
            largest[2] <= PAGE_HTML_BUDGET_BYTES),
        Row("largest patient page, as sent (gzip)", "shown",
            f"{sent[3] / 1024:.1f} kB ({sent[0]})", None),
        Row("first visit, nothing cached, slow phone", f"≤ {LOAD_GOAL_S} s",
            f"{first_visit:.2f} s (/)", first_visit <= LOAD_GOAL_S),
        Row("slowest page load, slow phone", f"≤ {LOAD_GOAL_S} s",
            f"{slowest[1]:.2f} s ({slowest[0]})", slowest[1] <= LOAD_GOAL_S),
        Row("home page says", "shown", f"about {low} to {high} minutes", None),
    ]  # fmt: skip


ALL.append(slow_phone)
