"""An MDT pack is built by one task only, and a pack whose worker died is queued again (issue 17
item 4). These run in one process on any database; tests/reliability/test_processes_postgres.py
proves the same with real workers on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import time
import uuid
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from decision_aid.clinic.models import CaseFile
from decision_aid.documents import services
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey import services as journey_services
from tests.conftest import make_record

pytestmark = pytest.mark.django_db
MDT_DATE = dt.date(2026, 12, 3)


@pytest.fixture
def sent(catalogue, team_a):
    record = make_record(team_a, "CLAIM-01", journey_minutes=20)
    journey_services.submit(record)
    CaseFile.objects.filter(record=record).update(mdt_date=MDT_DATE)
    return record


@pytest.fixture
def built_pack(sent, team_a, nurse_a, django_capture_on_commit_callbacks) -> MdtPack:
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.request_pack(team_a, MDT_DATE, nurse_a)
    pack.refresh_from_db()
    assert (pack.status, pack.attempts, pack.claim) == (PackStatus.DONE, 1, None)
    return pack


def quiet_for(pack: MdtPack, seconds: int, **fields) -> None:
    """As the pack would be had its worker said nothing for ``seconds``."""
    then = timezone.now() - dt.timedelta(seconds=seconds)
    MdtPack.objects.filter(pk=pack.pk).update(heartbeat_at=then, **fields)


def test_a_second_task_for_a_built_pack_does_nothing(built_pack):
    pdf = bytes(built_pack.pdf)
    assert services.build_pack.call(str(built_pack.pk)) == "skipped"
    built_pack.refresh_from_db()
    assert built_pack.attempts == 1 and bytes(built_pack.pdf) == pdf


def test_a_running_pack_with_a_live_worker_is_left_alone(client, built_pack, nurse_a, settings):
    quiet_for(built_pack, settings.MDT_PACK_STALE_SECONDS - 30, status=PackStatus.RUNNING)
    client.force_login(nurse_a)
    page = client.get(f"/clinic/packs/{built_pack.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "Being made" in page and "hx-trigger" in page
    assert MdtPack.objects.get(pk=built_pack.pk).status == PackStatus.RUNNING


def test_a_pack_whose_worker_died_is_built_again_when_its_page_is_shown(
    client, built_pack, nurse_a, settings, django_capture_on_commit_callbacks
):
    quiet_for(built_pack, settings.MDT_PACK_STALE_SECONDS + 1, status=PackStatus.RUNNING,
              claim=uuid.uuid4(), pdf=None, done=0)  # fmt: skip
    client.force_login(nurse_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = client.get(f"/clinic/packs/{built_pack.pk}").content.decode()
    assert len(callbacks) == 1  # one new task
    built_pack.refresh_from_db()
    assert (built_pack.status, built_pack.attempts) == (PackStatus.DONE, 2)
    assert bytes(built_pack.pdf).startswith(b"%PDF")
    assert "The last try stopped part way" in page  # as it was when the page was made


def test_a_queued_pack_whose_task_was_lost_is_queued_again_from_the_packs_list(
    client, built_pack, nurse_a, settings, django_capture_on_commit_callbacks
):
    quiet_for(built_pack, settings.MDT_PACK_STALE_SECONDS + 1, status=PackStatus.QUEUED,
              attempts=0, pdf=None)  # fmt: skip
    client.force_login(nurse_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/clinic/packs?team=team-a")
    built_pack.refresh_from_db()
    assert (built_pack.status, built_pack.attempts) == (PackStatus.DONE, 1)


def test_after_three_lost_workers_a_pack_fails_and_a_nurse_can_retry_it(
    client, built_pack, nurse_a, settings, django_capture_on_commit_callbacks
):
    quiet_for(built_pack, settings.MDT_PACK_STALE_SECONDS + 1, status=PackStatus.RUNNING,
              attempts=services.MAX_ATTEMPTS, pdf=None)  # fmt: skip
    client.force_login(nurse_a)
    page = client.get(f"/clinic/packs/{built_pack.pk}", HTTP_HX_REQUEST="true").content.decode()
    built_pack.refresh_from_db()
    assert built_pack.status == PackStatus.FAILED and "hx-trigger" not in page
    assert f"could not be made (error {built_pack.error_reference})" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/clinic/packs/{built_pack.pk}/retry")
    built_pack.refresh_from_db()
    assert (built_pack.status, built_pack.attempts) == (PackStatus.DONE, 1)


def test_try_again_pressed_twice_queues_one_task(built_pack, django_capture_on_commit_callbacks):
    MdtPack.objects.filter(pk=built_pack.pk).update(status=PackStatus.FAILED)
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.retry_pack(built_pack) is True
        assert services.retry_pack(built_pack) is False
    assert len(callbacks) == 1


def test_a_worker_that_lost_its_claim_keeps_nothing_it_made(built_pack):
    """A slow worker taken for dead: the pack was queued again and claimed by another task,
    so this one stops at its next patient and writes nothing."""
    MdtPack.objects.filter(pk=built_pack.pk).update(status=PackStatus.QUEUED, pdf=None)
    other_claim = uuid.uuid4()

    def render(pack, on_progress, rendered):
        MdtPack.objects.filter(pk=pack.pk).update(claim=other_claim)  # taken over meanwhile
        on_progress(1)
        raise AssertionError("not reached")

    with mock.patch.object(services, "render_pack", side_effect=render):
        assert services.build_pack.call(str(built_pack.pk)) == "superseded"
    built_pack.refresh_from_db()
    assert built_pack.claim == other_claim and built_pack.pdf is None


@pytest.mark.django_db(transaction=True)  # the beat comes from another thread
def test_a_worker_says_it_is_alive_while_it_renders(team_a, settings):
    """One WeasyPrint call renders the whole pack: a live worker must not look dead meanwhile."""
    settings.MDT_PACK_STALE_SECONDS = 1  # a beat every 0.2 s
    pack = MdtPack.objects.create(team=team_a, mdt_date=MDT_DATE, heartbeat_at=timezone.now())
    beats = []

    def render(pack, on_progress, rendered):
        claimed_at = MdtPack.objects.get(pk=pack.pk).heartbeat_at
        time.sleep(0.7)
        beats.append(MdtPack.objects.get(pk=pack.pk).heartbeat_at > claimed_at)
        return b"%PDF-1.7 (not rendered)"

    with mock.patch.object(services, "render_pack", side_effect=render):
        assert services.build_pack.call(str(pack.pk)) == "built"
    assert beats == [True]


def test_a_pack_nobody_looks_at_is_recovered_by_the_recover_packs_command(
    built_pack, sent, team_a, nurse_a, settings, django_capture_on_commit_callbacks
):
    """No page is opened: the command (run by cron every few minutes) queues the stale pack
    again and leaves a fresh one alone."""
    fresh = MdtPack.objects.create(team=team_a, mdt_date=MDT_DATE, requested_by=nurse_a,
                                   status=PackStatus.RUNNING, claim=uuid.uuid4(),
                                   heartbeat_at=timezone.now())  # fmt: skip
    quiet_for(built_pack, settings.MDT_PACK_STALE_SECONDS + 1, status=PackStatus.RUNNING,
              claim=uuid.uuid4(), pdf=None, done=0)  # fmt: skip
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("recover_packs", stdout=out)
    assert "queued again (or failed after repeated losses): 1" in out.getvalue()
    assert len(callbacks) == 1
    built_pack.refresh_from_db()
    assert (built_pack.status, built_pack.attempts) == (PackStatus.DONE, 2)
    assert bytes(built_pack.pdf).startswith(b"%PDF")
    fresh.refresh_from_db()
    assert fresh.status == PackStatus.RUNNING  # its worker is alive: left alone
