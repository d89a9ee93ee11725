"""What the options overview shows around the options: the general "you can stop any
treatment" text (review M31); and on every drug treatment's own page, one shared item on
pregnancy, contraception and breastfeeding (review SC2)."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from decision_aid.content.models import CatalogueText, Option
from decision_aid.content.releases import current_catalogue, publish_release
from decision_aid.journey import services
from decision_aid.journey.session import SESSION_KEY

pytestmark = pytest.mark.django_db

HEADING = "Pregnancy, contraception and breastfeeding"
FULVESTRANT_TEXT = "Test text: use contraception for 2 years after the last injection."


def page_text(response) -> str:
    return html_lib.unescape(" ".join(response.content.decode().split()))


def without_tags(html: str) -> str:
    """The words only: glossary terms in a text are links."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_options_page_says_any_treatment_can_be_stopped(patient, catalogue):
    text = catalogue.texts["stopping-any-treatment"]
    assert text
    html = page_text(patient.get("/steps/your-options"))
    # Under "No cancer treatment": she is still cared for, and any treatment can be stopped.
    section = html.split("No cancer treatment</h2>")[1].split("Clinical trials")[0]
    assert catalogue.texts["no-treatment-still-care"] in without_tags(section)
    inset = section.split("app-stopping-any-treatment")[1].split("</div>")[0]
    assert text in without_tags(inset)


@pytest.fixture
def pregnancy_patient(client, catalogue):
    """A patient on a release where fulvestrant has its own pregnancy text and supportive care
    has none (whatever the shipped content says)."""
    Option.objects.filter(slug="fulvestrant").update(pregnancy=FULVESTRANT_TEXT)
    Option.objects.filter(slug="supportive-care-only").update(pregnancy="")
    CatalogueText.objects.update_or_create(
        key="pregnancy-general", defaults={"text": "These medicines can harm a baby in the womb."}
    )
    publish_release("Test: pregnancy texts")
    record = services.start_record(self_started=True)
    services.save_answers(record, {"er": "positive", "her2": "negative"})
    session = client.session
    session[SESSION_KEY] = str(record.pk)
    session.save()
    return client


def option_page(client, slug: str) -> str:
    return page_text(client.get(f"/options/{slug}")).split("<h1>")[1]


def test_a_drug_page_shows_the_shared_general_text_then_its_own(pregnancy_patient):
    fulvestrant = option_page(pregnancy_patient, "fulvestrant")
    assert HEADING in fulvestrant
    after_heading = without_tags(fulvestrant.split(HEADING)[1])
    general = "These medicines can harm a baby in the womb."
    assert general in after_heading and FULVESTRANT_TEXT in after_heading
    assert after_heading.index(general) < after_heading.index(FULVESTRANT_TEXT)


def test_an_option_without_a_pregnancy_text_shows_no_pregnancy_item(pregnancy_patient):
    assert HEADING not in option_page(pregnancy_patient, "supportive-care-only")


def test_every_shipped_drug_option_has_its_pregnancy_text(catalogue):
    systemic = {"hormonal", "targeted", "chemotherapy", "immunotherapy", "bone"}
    missing = [
        o.slug
        for o in current_catalogue().options
        if (o.group in systemic or o.slug == "electrochemotherapy") and not o.pregnancy
    ]
    assert not missing
    assert catalogue.texts["pregnancy-general"]


# --- How many people get each side effect (issue 15 item 3) ---------------------------------


def test_each_side_effect_says_how_many_people_get_it_and_where_that_comes_from(patient):
    """Anastrozole's joint pain is banded from Cancer Research UK's page; an effect no primary
    source was checked for tells her to ask, never a guess."""
    html = page_text(patient.get("/options/aromatase-inhibitor"))
    assert "Joint pain and stiffness: very common, more than 1 in 10 people" in without_tags(html)
    details = html.split("All its side effects")[1]
    assert "(very common, more than 1 in 10 people)." in details
    assert "(ask your team how many people get it)." in details
    assert "How many people get each side effect comes from: Cancer Research UK" in details


def test_every_shipped_band_names_one_of_its_options_sources(catalogue):
    known = 0
    for option in catalogue.options:
        urls = {source.url for source in option.sources}
        for effect in option.side_effects:
            assert effect.band in {"very_common", "common", "uncommon", "not_known"}
            if effect.band == "not_known":
                assert not effect.band_source, (option.slug, effect.key)
            else:
                known += 1
                assert effect.band_source in urls, (option.slug, effect.key)
    assert known >= 30  # the bands found so far; the rest say "ask your team"


def test_a_record_on_a_release_from_before_bands_shows_no_band(patient, record, catalogue):
    """A release kept before bands has none: her page shows each effect without claiming one."""
    from decision_aid.content.models import ContentRelease
    from decision_aid.content.releases import snapshot_digest

    snapshot = ContentRelease.objects.latest("pk").snapshot
    for option in snapshot["options"]:
        for effect in option["side_effects"]:
            del effect["band"], effect["band_source"]
    old = ContentRelease.objects.create(
        summary="Before bands", digest=snapshot_digest(snapshot), snapshot=snapshot
    )
    record.content_release = old
    record.save(update_fields=["content_release"])
    html = page_text(patient.get("/options/aromatase-inhibitor"))
    assert "Joint pain" in html and "These are common:" in html
    assert "very common, more than 1 in 10" not in html and "how many people get it" not in html
