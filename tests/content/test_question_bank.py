"""The question bank and knowledge statements are content (issue 18 item 4): one schema
(``question_bank.py``) validates the source, writes the fixture and the release snapshot, and
reads them back; every content release carries the bank."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from decision_aid.content.models import ContentRelease, Option
from decision_aid.content.question_bank import (
    BANK_PATH,
    BankError,
    bank_from_data,
    bank_from_source,
    bank_to_data,
    shipped_bank,
)
from decision_aid.content.releases import catalogue_for, publish_release
from decision_aid.content.source import read_source


def test_the_shipped_bank_is_built_from_the_source():
    assert json.loads(BANK_PATH.read_text(encoding="utf-8")) == bank_to_data(
        bank_from_source(read_source())
    )
    bank = shipped_bank()
    assert len(bank.questions) >= 40 and len(bank.statements) >= 16
    assert all("  " not in item.text for item in bank.questions)


def test_the_release_snapshot_carries_the_bank(catalogue):
    release = ContentRelease.objects.latest()
    assert release.snapshot["bank"] == bank_to_data(shipped_bank())
    assert catalogue.bank == shipped_bank()
    assert bank_from_data(release.snapshot["bank"]) == catalogue.bank


def test_a_publish_in_the_admin_carries_the_latest_bank_forward(catalogue):
    bank = replace(catalogue.bank, questions=catalogue.bank.questions[:3])
    with_bank = publish_release("Test: a shorter bank", bank=bank)
    assert catalogue_for(with_bank.pk).bank == bank
    Option.objects.filter(slug="tamoxifen").update(summary="Edited in the admin.")
    edited = publish_release("Test: an edit in the admin")
    assert edited.pk != with_bank.pk
    assert catalogue_for(edited.pk).bank == bank
    assert publish_release("Test: nothing changed") == edited


@pytest.mark.parametrize(
    "data",
    [
        {"questions": []},
        {"questions": [{"key": "a", "text": "A?"}], "knowledge": []},
        {"questions": [], "knowledge": [{"key": "a", "statement": "A.", "answer": "yes",
                                         "explanation": "True.", "when": "always"}]},
    ],
)  # fmt: skip
def test_a_stored_bank_that_does_not_match_the_schema_is_refused(data):
    with pytest.raises(BankError):
        bank_from_data(data)
