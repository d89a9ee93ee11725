"""Several processes on PostgreSQL (issue 17 item 4): real OS processes, not threads.

- two task workers (``manage.py db_worker``, django-tasks-db) given several tasks for each MDT
  pack at once never build one pack twice: a worker claims a pack with a conditional update;
- the worker building a pack is killed (SIGKILL) part way: the nurse's pack page queues it again
  once it has been quiet for MDT_PACK_STALE_SECONDS, and the other worker builds it;
- gunicorn (2 workers) loses a worker, then the whole server (master and workers), in the middle
  of a patient's autosaving: her session and every answer saved are there afterwards.

The subprocesses run the production settings (tests/reliability/server_settings.py) against
this test's own database. PostgreSQL only, the production database: on SQLite the module is
skipped (tests/documents/test_pack_claims.py covers the same rules in one process there); CI's
PostgreSQL pass runs it. Each test prints how long its parts took ("[timings] ...", also in
the JUnit properties): `pytest tests/reliability/test_processes_postgres.py` (without -n).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from decision_aid.clinic.models import CaseFile
from decision_aid.documents import services
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey import services as journey_services
from decision_aid.journey.models import DecisionRecord
from tests.conftest import make_record, make_user
from tests.reliability.test_restart import (
    MATTERS,
    PROFILE,
    Browser,
    Server,
    checked,
    input_value,
    textarea_value,
    urlopen,
)

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.slow,  # several processes
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): it runs several web and worker "
        "processes against one database, as production does; CI's PostgreSQL pass runs it",
    ),
    pytest.mark.usefixtures("transactional_db"),
]

MDT_DATE = dt.date(2026, 12, 3)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
STALE_SECONDS = 5  # the least the setting allows; a live worker says so every second


class Timings:
    """``timer(label)`` records the seconds since the last mark (or the fixture's start)."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []
        self.notes: list[str] = []
        self.last = time.monotonic()

    def __call__(self, label: str) -> None:
        now = time.monotonic()
        self.marks.append((label, now - self.last))
        self.last = now


@pytest.fixture
def timer(request, capsys):
    """Printed when the test ends, even with output captured; also in the JUnit properties.
    Ask for it first, so that its clock starts before the other fixtures' set-up."""
    timings = Timings()
    yield timings
    for label, seconds in timings.marks:
        request.node.user_properties.append((f"seconds {label}", round(seconds, 2)))
    with capsys.disabled():
        parts = ", ".join(f"{label} {seconds:.1f}s" for label, seconds in timings.marks)
        print(f"\n[timings] {request.node.name}: {parts}", *timings.notes, sep="\n  ")


def until(check, timeout: float, what: str, every: float = 0.02):
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class TaskWorker:
    """``manage.py db_worker`` in its own process group, with production settings."""

    def __init__(self, worker_id: str, env: dict[str, str], log: Path) -> None:
        self.worker_id, self.env, self.log = worker_id, env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1",
                 "--no-startup-delay", "--worker-id", self.worker_id],
                cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip

    def ready(self) -> bool:
        assert self.process and self.process.poll() is None, self.log.read_text()
        return f"Starting worker worker_id={self.worker_id}" in self.log.read_text()

    def kill(self) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.kill()


@pytest.fixture
def db_tasks(settings):
    """Tasks this test enqueues go to the database, as in production, for the workers."""
    settings.TASKS = DB_TASKS


@pytest.fixture
def workers(db_tasks, tmp_path, catalogue):
    # The same production environment as gunicorn, with a short stale time (two minutes in
    # production) so that a killed worker's pack is queued again within the test.
    env = {**Server(tmp_path / "unused.log").env, "MDT_PACK_STALE_SECONDS": str(STALE_SECONDS)}
    pair = [TaskWorker(f"worker-{n}", env, tmp_path / f"worker-{n}.log") for n in (1, 2)]
    for worker in pair:
        worker.start()
    try:
        until(lambda: all(worker.ready() for worker in pair), 30, "both workers to start", 0.1)
        yield pair
    finally:
        for worker in pair:
            worker.stop()


@pytest.fixture
def team_with_patients(catalogue, team_a):
    """Team A, with a nurse and six patients who have sent their answers for one MDT date."""
    nurse = make_user("nurse-a", team_a)
    for n in range(6):
        record = make_record(team_a, f"PROC-{n:02d}", journey_minutes=10 + n, **PROFILE)
        journey_services.submit(record)
    CaseFile.objects.filter(record__team=team_a).update(mdt_date=MDT_DATE)
    return team_a, nurse


def tasks_for(pack: MdtPack):
    return DBTaskResult.objects.filter(args_kwargs__args=[str(pack.pk)])


def test_two_workers_never_build_one_pack_twice(timer, workers, team_with_patients):
    team, nurse = team_with_patients
    timer("set-up: 2 workers started, 6 patients")
    # Four packs, each with three tasks (its own and two more, as a second "Try again" or a
    # stale pack queued again would make), all released in one commit to both workers.
    with transaction.atomic():
        packs = [services.request_pack(team, MDT_DATE, nurse) for _ in range(4)]
        for pack in packs:
            for _ in range(2):
                services.build_pack.enqueue(str(pack.pk))
    finished = ["SUCCESSFUL", "FAILED"]
    until(lambda: DBTaskResult.objects.filter(status__in=finished).count() == 12, 60,
          "12 tasks to finish", 0.1)  # fmt: skip
    timer("12 tasks for 4 packs")

    contended = 0
    for pack in packs:
        pack.refresh_from_db()
        assert (pack.status, pack.patients, pack.done) == (PackStatus.DONE, 6, 6)
        assert bytes(pack.pdf).startswith(b"%PDF") and len(pack.record_ids) == 6
        assert pack.attempts == 1  # claimed once, so rendered once
        results = list(tasks_for(pack))
        assert [r.status for r in results] == ["SUCCESSFUL"] * 3
        assert sorted(r.return_value for r in results) == ["built", "skipped", "skipped"]
        built = next(r for r in results if r.return_value == "built")
        during = [r for r in results if built.started_at <= r.started_at <= built.finished_at]
        contended += sum(r.worker_ids != built.worker_ids for r in during)
    ran_on = {worker_id for r in DBTaskResult.objects.all() for worker_id in r.worker_ids}
    assert ran_on == {"worker-1", "worker-2"}
    # At least once, the other worker took a task for a pack while it was being built: the race
    # really happened, and the claim turned it away.
    assert contended >= 1
    timer.notes.append(f"tasks turned away while the other worker built their pack: {contended}")


def test_a_worker_killed_mid_pack_leaves_it_built_by_the_other(
    timer, workers, team_with_patients, settings
):
    team, nurse = team_with_patients
    settings.MDT_PACK_STALE_SECONDS = STALE_SECONDS  # for the pack page, in this process
    timer("set-up: 2 workers started, 6 patients")
    pack = services.request_pack(team, MDT_DATE, nurse)
    # Killed part way: a patient's page made, the others and the PDF not yet.
    mid_pack = MdtPack.objects.filter(pk=pack.pk, status=PackStatus.RUNNING, done__gte=1)
    until(mid_pack.exists, 30, "a worker to be part way through the pack", 0.005)
    builder_id = tasks_for(pack).get().worker_ids[-1]
    builder = next(w for w in workers if w.worker_id == builder_id)
    other = next(w for w in workers if w is not builder)
    builder.kill()
    timer("part way, then SIGKILL its worker")
    pack.refresh_from_db()
    assert pack.status == PackStatus.RUNNING and pack.done < pack.patients == 6
    timer.notes.append(f"killed with {pack.done} of {pack.patients} patients done")
    # django-tasks-db never hears of the death: its task stays "running" for ever.
    assert tasks_for(pack).get().status == "RUNNING"

    client = Client()
    client.force_login(nurse)

    def pack_page() -> str:
        return client.get(f"/clinic/packs/{pack.pk}", HTTP_HX_REQUEST="true").content.decode()

    first = pack_page()  # before the stale time: a live worker is never robbed of its pack
    assert "Being made" in first and "hx-trigger" in first
    assert MdtPack.objects.get(pk=pack.pk).attempts == 1

    # The page polls every 2 seconds, as htmx does: once the pack has been quiet for the stale
    # time it is queued again, and the surviving worker builds it.
    def ready_page() -> str | None:
        page = pack_page()
        return page if "Ready" in page else None

    ready = until(ready_page, 30, "the pack page to say Ready", 0.5)
    timer("stale, queued again, built by the other worker")
    assert "hx-trigger" not in ready and "Download the pack" in ready
    pack.refresh_from_db()
    assert (pack.status, pack.done, pack.attempts) == (PackStatus.DONE, 6, 2)
    assert bytes(pack.pdf).startswith(b"%PDF") and pack.claim is None
    rebuilt = tasks_for(pack).filter(status="SUCCESSFUL").get()
    assert rebuilt.worker_ids == [other.worker_id] and rebuilt.return_value == "built"
    download = client.get(f"/clinic/packs/{pack.pk}/download")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def gunicorn_workers(server: Server) -> list[int]:
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def test_a_web_process_restarted_mid_journey_loses_no_answer(timer, catalogue, tmp_path):
    server = Server(tmp_path / "gunicorn.log")
    try:
        server.start()
        timer("start gunicorn (2 workers)")
        patient = Browser(server)
        patient.get("/start")
        assert patient.open("/start/new", {}).url.endswith("/your-code")
        session_cookie = patient.cookie("sessionid")
        patient.post_step("your-decision", {}, "/steps/about-your-cancer")
        patient.post_step("about-your-cancer", PROFILE, "/steps/what-matters")
        saved = list(MATTERS.items())
        for field, value in saved[:6]:
            patient.autosave("what-matters", field, value)
        timer("journey to 6 autosaves")

        # One gunicorn worker killed: the master starts another; she carries on meanwhile.
        first_workers = gunicorn_workers(server)
        assert len(first_workers) == 2
        os.kill(first_workers[0], signal.SIGKILL)
        for field, value in saved[6:9]:
            patient.autosave("what-matters", field, value)
        until(lambda: len(set(gunicorn_workers(server)) - {first_workers[0]}) == 2, 20,
              "gunicorn to replace its worker", 0.05)  # fmt: skip
        for field, value in saved[9:]:
            patient.autosave("what-matters", field, value)
        timer("worker SIGKILL, replaced, 6 more autosaves")

        # The whole server (master and workers) killed mid-journey, and started again.
        server.kill()
        with pytest.raises(OSError):
            urlopen(server.base + "/healthz", timeout=2)
        server.start()
        timer("server SIGKILL and restart")

        step = patient.get("/carry-on")
        assert step.url.endswith("/steps/what-matters")
        assert patient.cookie("sessionid") == session_cookie
        assert textarea_value(step, "matters_most") == MATTERS["matters_most"]
        assert all(checked(step, k, v) for k, v in MATTERS.items() if k != "matters_most")
        about = patient.get("/steps/about-your-cancer")
        assert checked(about, "er", "positive") and checked(about, "spread", "bone")
        patient.autosave("getting-to-hospital", "journey_minutes", "35")
        assert input_value(patient.get("/steps/getting-to-hospital"), "journey_minutes") == "35"
        timer("every answer checked after restart")

        answers = journey_services.load_answers(DecisionRecord.objects.get())
        assert {k: answers[k] for k in PROFILE} == PROFILE
        assert {k: answers[k] for k in MATTERS} == MATTERS
        assert answers["journey_minutes"] == 35
    finally:
        server.stop()
