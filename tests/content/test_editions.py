"""Content editions: ``make install`` (``manage.py load_catalogue``) publishes the shipped
catalogue again when its edition is newer than the last one loaded, never when it is the same or
older; records keep their release; snapshots published before a field existed still load."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from decision_aid.content.management.commands import load_catalogue
from decision_aid.content.models import CatalogueText, ContentRelease, Option
from decision_aid.content.releases import build_snapshot, catalogue_for, publish_release
from decision_aid.content.source import EDITION_TEXT_KEYS, FIXTURE_PATH, shipped_edition
from decision_aid.content.types import catalogue_from_snapshot
from decision_aid.journey.models import DecisionRecord

SHIPPED = json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))
SHIPPED_EDITION = shipped_edition(SHIPPED)[0]


@pytest.fixture
def ship(tmp_path, monkeypatch):
    """Ship the real fixture as another edition (or as a fixture from before editions)."""

    def ship(edition: int | None, summary: str = "A newer edition for a test") -> None:
        records = [
            r
            for r in SHIPPED
            if not (
                r["model"] == "content.cataloguetext" and r["fields"]["key"] in EDITION_TEXT_KEYS
            )
        ]
        if edition is not None:
            pk = max(r["pk"] for r in records if r["model"] == "content.cataloguetext")
            for offset, (key, text) in enumerate(
                (("edition", str(edition)), ("edition-summary", summary)), start=1
            ):
                records.append(
                    {
                        "model": "content.cataloguetext",
                        "pk": pk + offset,
                        "fields": {"key": key, "text": text},
                    }
                )
        path = tmp_path / "catalogue.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        monkeypatch.setattr(load_catalogue, "FIXTURE_PATH", path)

    return ship


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


def test_the_shipped_fixture_is_edition_2_or_later_and_its_summary_is_in_the_release(catalogue):
    assert SHIPPED_EDITION >= 2
    release = ContentRelease.objects.latest()
    assert release.edition == SHIPPED_EDITION
    edition, summary = shipped_edition(SHIPPED)
    assert summary and summary in release.summary
    assert f"edition {edition}" in release.summary
    # The edition is the release's, never a text patients read.
    assert not CatalogueText.objects.filter(key__in=EDITION_TEXT_KEYS).exists()
    assert not EDITION_TEXT_KEYS & set(catalogue.texts)


@pytest.mark.parametrize("offset", [0, -1])
def test_the_same_or_an_older_edition_is_not_loaded(catalogue, ship, offset):
    Option.objects.filter(slug="tamoxifen").update(summary="Edited in the admin.")
    before = ContentRelease.objects.count()
    ship(SHIPPED_EDITION + offset)
    assert "already loaded" in run()
    assert ContentRelease.objects.count() == before
    assert Option.objects.get(slug="tamoxifen").summary == "Edited in the admin."


def test_a_newer_edition_is_published_and_records_keep_their_release(catalogue, ship):
    record = DecisionRecord.objects.create(content_release_id=catalogue.release_id)
    Option.objects.filter(slug="tamoxifen").update(summary="Edited in the admin.")
    edited = publish_release("An edit in the admin")
    newer = SHIPPED_EDITION + 1

    ship(newer, "January 2027: a test edition")
    output = run()

    release = ContentRelease.objects.latest()
    assert release.pk > edited.pk
    assert release.edition == newer
    assert release.summary == (
        f"Catalogue edition {newer} loaded from fixtures/catalogue.json: "
        "January 2027: a test edition"
    )
    assert f"Edition {newer} replaces edition {SHIPPED_EDITION}" in output
    assert "Patient records keep the release they were shown" in output
    assert "manage.py move_to_release --apply" in output
    # The shipped catalogue replaces the admin edit (which stays in its own release)...
    assert Option.objects.get(slug="tamoxifen").summary != "Edited in the admin."
    assert catalogue_for(edited.pk).option("tamoxifen").summary == "Edited in the admin."
    # ...and the record still names the release it was shown.
    record.refresh_from_db()
    assert record.content_release_id == catalogue.release_id
    # Loading it again changes nothing.
    assert "already loaded" in run()
    assert ContentRelease.objects.latest().pk == release.pk


def test_releases_from_before_editions_count_as_edition_1(catalogue, ship):
    ContentRelease.objects.update(edition=None)  # as every install before editions
    before = ContentRelease.objects.count()
    ship(None)  # a fixture built before editions is edition 1
    assert "already loaded" in run()
    ship(1)
    assert "already loaded" in run()
    assert ContentRelease.objects.count() == before
    ship(2, "The December 2026 review")
    assert "Edition 2 replaces edition 1" in run()
    assert ContentRelease.objects.latest().edition == 2


def test_a_newer_edition_with_unchanged_content_is_still_recorded(catalogue, ship):
    ship(SHIPPED_EDITION + 1)
    run()
    latest = ContentRelease.objects.latest()
    assert latest.edition == SHIPPED_EDITION + 1
    assert latest.digest == ContentRelease.objects.get(pk=catalogue.release_id).digest


def test_reload_publishes_with_the_shipped_edition(catalogue):
    Option.objects.filter(slug="tamoxifen").update(summary="Edited in the admin.")
    publish_release("edit")
    run("--reload")
    assert ContentRelease.objects.latest().edition == SHIPPED_EDITION


# --- Snapshots published before a field existed ---------------------------------------------


def test_a_snapshot_without_pregnancy_or_on_days_still_loads(catalogue):
    Option.objects.filter(slug="paclitaxel").update(pregnancy="Its own pregnancy text.")
    snapshot = build_snapshot()
    for option in snapshot["options"]:
        option.pop("pregnancy")
        for test in option["tests"]:
            test.pop("on_days")
    old = catalogue_from_snapshot(99, snapshot)
    assert all(o.pregnancy == "" for o in old.options)
    assert all(t.on_days == () for o in old.options for t in o.tests)
    new = catalogue_from_snapshot(100, build_snapshot())
    assert new.option("paclitaxel").pregnancy == "Its own pregnancy text."


def test_an_old_release_pinned_by_a_record_still_loads(catalogue):
    release = ContentRelease.objects.latest()
    snapshot = release.snapshot
    for option in snapshot["options"]:
        option.pop("pregnancy", None)
        for test in option["tests"]:
            test.pop("on_days", None)
    old = ContentRelease.objects.create(
        summary="Before content release 2", digest="0" * 64, snapshot=snapshot
    )
    record = DecisionRecord.objects.create(content_release_id=old.pk)
    pinned = catalogue_for(record.content_release_id)
    assert pinned.option("fulvestrant").pregnancy == ""
    assert all(isinstance(t.on_days, tuple) for o in pinned.options for t in o.tests)
