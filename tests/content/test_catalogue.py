"""The shipped catalogue: every option complete, governed and published as a release."""

from __future__ import annotations

import io
import json

import yaml
from django.core.management import call_command

from decision_aid.content.models import ContentRelease, Option
from decision_aid.content.releases import publish_release
from decision_aid.content.source import (
    ADDITIONAL_SLUGS,
    FACT_BASE_OPTION_COUNT,
    FIXTURE_PATH,
    build_fixture_records,
    read_source,
)
from tests.conftest import SHARED, needs_shared

FACTS = SHARED / "content" / "treatment-facts.yaml"
GROUPS = {
    "hormonal", "chemotherapy", "targeted", "immunotherapy", "radiotherapy", "bone", "surgery",
    "supportive",
}  # fmt: skip
OPTION_COUNT = FACT_BASE_OPTION_COUNT + len(ADDITIONAL_SLUGS)


def test_fixture_is_built_from_the_current_yaml_source():
    assert json.loads(FIXTURE_PATH.read_text(encoding="utf-8")) == build_fixture_records()


def test_option_slugs_are_the_fact_base_slugs_and_the_named_additions(catalogue):
    facts = needs_shared(FACTS)
    slug_index = yaml.safe_load(facts.read_text(encoding="utf-8"))["slug_index"]
    assert len(slug_index) == FACT_BASE_OPTION_COUNT
    assert not ADDITIONAL_SLUGS & set(slug_index)
    assert sorted(catalogue.slugs) == sorted([*slug_index, *ADDITIONAL_SLUGS])


def test_every_option_loads_and_each_is_complete(catalogue):
    assert Option.objects.count() == OPTION_COUNT
    assert len(catalogue.options) == OPTION_COUNT
    assert {g.slug for g in catalogue.groups} == GROUPS
    for option in catalogue.options:
        assert option.group in GROUPS, option.slug
        assert option.route and option.settings and option.how_given, option.slug
        assert option.schedule.kind and option.schedule.summary, option.slug
        assert option.benefits, f"{option.slug}: no benefit"
        assert option.side_effects or option.few_side_effects, f"{option.slug}: no side effects"
        assert option.living_physical and option.living_emotional and option.living_social
        assert option.sources, f"{option.slug}: no source"
        assert all(s.url.startswith(("https://", "http://")) for s in option.sources)
        assert option.reviewed_on < option.next_review, option.slug
        assert option.reviewer
        assert option.hair_loss in {"none", "thinning", "likely"} and option.hair_loss_text
        # Every option says it can be stopped (or, for a one-off, that they can still say no).
        assert any(w in option.stopping.lower() for w in ("stop", "change your mind")), option.slug


def test_side_effects_are_records_with_plain_explanations(catalogue):
    for option in catalogue.options:
        for effect in option.side_effects:
            assert effect.name and effect.explanation and effect.what_helps
            assert effect.frequency in {"common", "less_common", "rare_serious"}


def test_no_cancer_treatment_is_a_full_option_in_equal_detail(catalogue):
    supportive = catalogue.option("supportive-care-only")
    assert supportive.group == "supportive"
    assert len(supportive.benefits) >= 2
    assert supportive.few_side_effects
    median_words = sorted(len(o.summary.split()) + len(o.living_physical.split())
                          for o in catalogue.options)[len(catalogue.options) // 2]  # fmt: skip
    words = len(supportive.summary.split()) + len(supportive.living_physical.split())
    assert words >= median_words * 0.75
    assert "later" in (supportive.stopping + supportive.summary + supportive.who_for).lower()


def test_clinical_trials_prompt_and_general_texts_ship(catalogue):
    assert "trial" in catalogue.texts["clinical-trials-prompt"].lower()
    assert "ask your team" in catalogue.texts["clinical-trials-prompt"].lower()
    for key in ("stopping-any-treatment", "no-treatment-still-care", "about-this-information"):
        assert catalogue.texts[key]


def test_source_yaml_follows_the_newer_uk_source_where_the_seed_is_out_of_date():
    options = {o["slug"]: o for o in read_source()["options"]}
    # Pertuzumab on its own is a drip; only Phesgo goes under the skin (Breast Cancer Now).
    assert options["trastuzumab-pertuzumab-docetaxel"]["route"] == "drip"
    assert options["phesgo"]["route"] == "injection_skin"
    # Olaparib is NICE-recommended (TA1040), not compassionate access only.
    assert any("ta1040" in s["url"].lower() for s in options["olaparib"]["sources"])


def test_load_catalogue_is_idempotent_and_keeps_editor_changes(catalogue):
    before = ContentRelease.objects.count()
    Option.objects.filter(slug="tamoxifen").update(summary="Edited in the admin.")
    out = io.StringIO()
    call_command("load_catalogue", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Option.objects.get(slug="tamoxifen").summary == "Edited in the admin."
    assert ContentRelease.objects.count() == before


def test_reload_restores_the_shipped_catalogue_and_keeps_old_releases(catalogue):
    first = ContentRelease.objects.latest()
    Option.objects.filter(slug="tamoxifen").update(summary="Edited in the admin.")
    edited = publish_release("edit")
    call_command("load_catalogue", "--reload", stdout=io.StringIO())
    assert Option.objects.get(slug="tamoxifen").summary != "Edited in the admin."
    assert ContentRelease.objects.filter(pk__in=[first.pk, edited.pk]).count() == 2


def test_publishing_an_unchanged_catalogue_makes_no_new_release(catalogue):
    latest = ContentRelease.objects.latest()
    assert publish_release("nothing changed") == latest
