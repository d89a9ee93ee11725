"""Content past its next review is noticed: a command fails on it, and patients are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from decision_aid.content.models import Option
from decision_aid.content.releases import publish_release
from decision_aid.journey import services
from decision_aid.journey.session import SESSION_KEY


def _make_overdue(slug: str) -> None:
    option = Option.objects.get(slug=slug)
    option.reviewed_on = timezone.localdate() - timedelta(days=400)
    option.next_review = timezone.localdate() - timedelta(days=1)
    option.save()
    publish_release(summary="test: an overdue review")


def test_the_shipped_catalogue_has_nothing_past_its_review(catalogue, capsys):
    call_command("content_reviews")
    assert "0 past their next review" in capsys.readouterr().out


def test_an_option_past_its_review_fails_the_check_and_is_named(catalogue, capsys):
    _make_overdue("fulvestrant")
    with pytest.raises(CommandError, match="1 option"):
        call_command("content_reviews")
    assert "fulvestrant  (past its next review)" in capsys.readouterr().out


def test_patients_are_told_when_an_option_is_due_to_be_checked(client, catalogue):
    _make_overdue("fulvestrant")
    record = services.start_record(self_started=True)  # pins the new release
    services.save_answers(record, {"er": "positive", "her2": "negative"})
    session = client.session
    session[SESSION_KEY] = str(record.pk)
    session.save()
    fulvestrant = client.get("/options/fulvestrant").content.decode()
    assert fulvestrant.count("This information is due to be checked again.") == 1
    tamoxifen = client.get("/options/tamoxifen").content.decode()
    assert "This information is due to be checked again." not in tamoxifen
