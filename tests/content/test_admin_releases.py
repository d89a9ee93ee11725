"""Content editors change the catalogue in the admin; each change publishes a new release, and
patient records keep the release they were shown."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from decision_aid.content.models import ContentRelease, SideEffect
from decision_aid.content.permissions import CONTENT_EDITORS
from decision_aid.content.releases import catalogue_for, current_catalogue
from decision_aid.journey.models import DecisionRecord


@pytest.fixture
def content_editor(db):
    user = get_user_model().objects.create_user(
        "editor", password="editor-password-2026", is_staff=True
    )
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user


def side_effect_form(effect: SideEffect, **changes) -> dict:
    data = {
        "key": effect.key,
        "name": effect.name,
        "explanation": effect.explanation,
        "what_helps": effect.what_helps,
        "matters_tags": str(effect.matters_tags).replace("'", '"'),
    }
    data.update(changes)
    return data


def test_editing_a_side_effect_publishes_a_release_and_old_records_keep_theirs(
    catalogue, client, content_editor
):
    record = DecisionRecord.objects.create(content_release_id=catalogue.release_id)
    effect = SideEffect.objects.get(key="feeling-sick")
    old_text = effect.explanation
    client.force_login(content_editor)

    response = client.post(
        f"/admin/content/sideeffect/{effect.pk}/change/",
        side_effect_form(effect, explanation="You may feel queasy, or be sick."),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    new_release = ContentRelease.objects.latest()
    assert new_release.pk != catalogue.release_id
    assert new_release.created_by == content_editor
    assert "Feeling sick" in new_release.summary
    # New patients see the new text...
    assert _explanations(current_catalogue(), "feeling-sick") == {
        "You may feel queasy, or be sick."
    }
    # ...the older record still names, and can still show, the release it saw.
    record.refresh_from_db()
    assert record.content_release_id == catalogue.release_id
    assert _explanations(catalogue_for(record.content_release_id), "feeling-sick") == {old_text}


def test_content_editors_can_edit_the_catalogue_but_not_releases(catalogue, content_editor):
    assert content_editor.has_perm("content.change_option")
    assert content_editor.has_perm("content.change_sideeffect")
    assert content_editor.has_perm("content.view_contentrelease")
    assert not content_editor.has_perm("content.change_contentrelease")
    assert not content_editor.has_perm("content.delete_contentrelease")


def test_releases_cannot_be_changed_or_deleted_in_the_admin(catalogue, admin_client):
    release = ContentRelease.objects.latest()
    response = admin_client.post(
        f"/admin/content/contentrelease/{release.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert ContentRelease.objects.filter(pk=release.pk).exists()


def test_a_bad_side_effect_form_is_rejected_without_a_release(catalogue, client, content_editor):
    effect = SideEffect.objects.get(key="tiredness")
    client.force_login(content_editor)
    before = ContentRelease.objects.count()
    response = client.post(
        f"/admin/content/sideeffect/{effect.pk}/change/",
        side_effect_form(effect, matters_tags='["not_a_tag"]'),
    )
    assert response.status_code == 200  # the form comes back with the error
    assert ContentRelease.objects.count() == before


def _explanations(cat, key: str) -> set[str]:
    return {e.explanation for o in cat.options for e in o.side_effects if e.key == key}
