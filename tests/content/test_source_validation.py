"""Validation of the catalogue's YAML source (``source.py``), on small in-memory catalogues.

``manage.py build_catalogue --check`` (run by ``make lint``) fails on any of these problems, so a
bad source, a missing safety text or an unusable schedule never reaches a fixture.
"""

from __future__ import annotations

import copy
import datetime

import pytest
import yaml
from django.core.management import CommandError, call_command

from decision_aid.content import source as source_module
from decision_aid.content.source import (
    ADDITIONAL_SLUGS,
    BLOCKED_SOURCE_HOSTS,
    PRIMARY_UK_SOURCE_HOSTS,
    CatalogueError,
    build_fixture_records,
    read_source,
    shipped_edition,
    validate_source,
)
from decision_aid.content.types import EvidenceContent, public_evidence

MACMILLAN = "https://www.macmillan.org.uk/cancer-information-and-support/treatments-and-drugs/x"


def option(slug: str = "test-drug", group: str = "chemotherapy", **changes) -> dict:
    data = {
        "slug": slug,
        "name": "Test drug",
        "group": group,
        "drugs": [{"name": "testdrug"}],
        "summary": "A test drug.",
        "who_for": "People in a test.",
        "route": "drip",
        "settings": ["hospital_day_unit"],
        "how_given": "A drip.",
        "schedule": {
            "kind": "cycles",
            "summary": "Every 3 weeks.",
            "cycle_days": 21,
            "treatment_days": [1],
            "given_at_hospital": True,
            "hours_at_hospital": 2,
        },
        "tests": [
            {"name": "Blood tests", "every_days": 21, "where": "hospital", "with_treatment": True}
        ],
        "benefits": ["It can slow the cancer."],
        "evidence": {"kind": "none", "statement": "There is no trustworthy number for this."},
        "living_with": {"physical": "Tired.", "emotional": "Worried.", "social": "Busy."},
        "side_effects": [{"key": "tiredness", "frequency": "common", "band": "not_known"}],
        "few_side_effects": False,
        "hair_loss": "none",
        "hair_loss_text": "No hair loss.",
        "stopping": "You can stop at any time.",
        "pregnancy": "Use contraception during treatment and for 6 months after.",
        "sources": [{"citation": "Macmillan", "url": MACMILLAN}],
        "reviewed_on": datetime.date(2026, 12, 3),
        "next_review": datetime.date(2027, 12, 3),
        "reviewer": "Content team",
    }
    data.update(changes)
    return data


GROUPS = [
    {"slug": slug, "name": slug.title(), "description": "A group."}
    for slug in ("hormonal", "chemotherapy", "targeted", "immunotherapy", "radiotherapy", "bone",
                 "surgery", "supportive")
]  # fmt: skip
GENERAL = {
    "edition": 2,
    "edition_summary": "A test edition.",
    "clinical_trials_prompt": "Ask about trials.",
    "stopping_any_treatment": "You can stop any treatment.",
    "no_treatment_still_care": "You will still be cared for.",
    "about_this_information": "About.",
    "update_policy": "Checked yearly.",
    "pregnancy_general": "These medicines can harm a baby in the womb.",
    "decision_about_secondary": "What secondary breast cancer means.",
    "decision_without_treatment": "Without cancer treatment, the cancer is expected to grow.",
    "decision_the_choice": "Which treatment, if any, to start next.",
}
EFFECTS = [
    {
        "key": "tiredness",
        "name": "Tiredness",
        "explanation": "Feeling tired.",
        "what_helps": "Rest.",
        "matters_tags": ["energy"],
    }
]


BANK = {
    "questions": [
        {"key": "what-is-the-aim", "text": "What is the aim?", "when": "always"},
        {"key": "cold-cap", "text": "Could a cold cap help?", "when": "group:chemotherapy"},
    ],
    "knowledge": [
        {
            "key": "can-stop",
            "statement": "I can stop any treatment.",
            "answer": True,
            "explanation": "True. You can stop.",
            "when": "always",
        }
    ],
}


def catalogue(*options: dict, **general_changes) -> dict:
    general = {k: v for k, v in {**GENERAL, **general_changes}.items() if v is not None}
    return {
        "groups": copy.deepcopy(GROUPS),
        "general": general,
        "side_effects": copy.deepcopy(EFFECTS),
        "options": list(options) or [option()],
        **copy.deepcopy(BANK),
    }


def test_a_valid_small_catalogue_builds():
    records = build_fixture_records(catalogue())
    fields = next(r["fields"] for r in records if r["model"] == "content.option")
    assert fields["pregnancy"] == "Use contraception during treatment and for 6 months after."
    test = next(r["fields"] for r in records if r["model"] == "content.monitoringtest")
    assert test["on_days"] == []
    assert shipped_edition(records) == (2, "A test edition.")


# --- Pregnancy, contraception and breastfeeding (review SC2) --------------------------------


@pytest.mark.parametrize("group", ["hormonal", "targeted", "chemotherapy", "immunotherapy", "bone"])
@pytest.mark.parametrize("missing", [None, "", "   "])
def test_every_systemic_option_needs_its_pregnancy_text(group, missing):
    bad = option(group=group, pregnancy=missing)
    if missing is None:
        del bad["pregnancy"]
    assert validate_source(catalogue(bad)) == [
        "test-drug: needs pregnancy (pregnancy, contraception and breastfeeding)"
    ]


def test_electrochemotherapy_needs_its_pregnancy_text_though_it_is_not_a_drug_group():
    bad = option(slug="electrochemotherapy", group="surgery")
    del bad["pregnancy"]
    assert validate_source(catalogue(bad)) == [
        "electrochemotherapy: needs pregnancy (pregnancy, contraception and breastfeeding)"
    ]


@pytest.mark.parametrize("group", ["radiotherapy", "surgery", "supportive"])
def test_other_options_may_leave_pregnancy_out(group):
    fine = option(group=group)
    del fine["pregnancy"]
    records = build_fixture_records(catalogue(fine))
    assert next(r for r in records if r["model"] == "content.option")["fields"]["pregnancy"] == ""


def test_pregnancy_general_text_is_required():
    assert validate_source(catalogue(pregnancy_general=None)) == [
        "general.yaml: missing ['pregnancy_general']"
    ]


# --- Tests on set days ----------------------------------------------------------------------


def with_test(**test) -> dict:
    base = {"name": "Extra bloods", "every_days": 0, "where": "hospital", "with_treatment": False}
    return option(tests=[{**base, **test}])


def test_on_days_are_built_into_the_fixture():
    records = build_fixture_records(catalogue(with_test(on_days=[15, 43])))
    test = next(r["fields"] for r in records if r["model"] == "content.monitoringtest")
    assert test["on_days"] == [15, 43]
    assert test["every_days"] == 0


@pytest.mark.parametrize(
    "on_days",
    [[0, 15], [15, 85], [43, 15], [15, 15], ["15"], [1.5], [True], "15, 43"],
)
def test_on_days_must_be_sorted_unique_day_numbers_within_12_weeks(on_days):
    problems = validate_source(catalogue(with_test(on_days=on_days)))
    assert len(problems) == 1
    assert problems[0].startswith("test-drug: test Extra bloods: on_days must be day numbers")


def test_on_days_need_every_days_zero():
    assert validate_source(catalogue(with_test(on_days=[15], every_days=28))) == [
        "test-drug: test Extra bloods: on_days needs every_days: 0"
    ]


# --- Sources: no blog, staging, internal, mirror or closed site; one primary UK source ------


@pytest.mark.parametrize(
    "url",
    [
        "https://someone.blogspot.com/2020/01/breast-cancer.html",
        "https://blogspot.com/x",
        "https://cruk-site.umbraco.io/about-cancer/breast-cancer",
        "https://www.int.cruk.org/about-cancer/breast-cancer",
        "https://www.breastcancercare.org.uk/information-support/secondary",
        "https://docslib.org/doc/123/leaflet",
        "https://www93-preview.nice.org.uk/guidance/ta1040",
        "https://staging.macmillan.org.uk/x",
        "https://uat.mimsdev.com/drugs/x",
        "https://www.mimsdev.com/drugs/x",
    ],
)
def test_a_source_on_a_blocked_host_fails_naming_the_option_and_url(url):
    sources = [{"citation": "Macmillan", "url": MACMILLAN}, {"citation": "Bad", "url": url}]
    problems = validate_source(catalogue(option(sources=sources)))
    assert len(problems) == 1
    assert problems[0].startswith(f"test-drug: source {url} is on a blocked host")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.nice.org.uk/guidance/ta1040",
        "https://www.medicines.org.uk/emc/product/123/smpc",
        "https://www.macmillan.org.uk/x",
        "https://www.cancerresearchuk.org/about-cancer/breast-cancer",
        "https://breastcancernow.org/about-breast-cancer/secondary",
    ],
)
def test_each_primary_uk_host_counts_as_a_primary_source(url):
    assert validate_source(catalogue(option(sources=[{"citation": "Primary", "url": url}]))) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://www.drugs.com/pro/x.html",
        "https://notnice.org.uk/guidance",  # only the host itself or its subdomains count
        "https://nice.org.uk.example.com/guidance",
    ],
)
def test_an_option_without_a_primary_uk_source_fails_naming_the_option_and_urls(url):
    problems = validate_source(catalogue(option(sources=[{"citation": "Other", "url": url}])))
    assert len(problems) == 1
    assert problems[0].startswith("test-drug: needs at least one primary UK source")
    assert url in problems[0]


def test_source_lists_are_the_agreed_hosts():
    assert set(BLOCKED_SOURCE_HOSTS) == {
        "blogspot.com", "umbraco.io", "int.cruk.org", "breastcancercare.org.uk", "docslib.org"
    }  # fmt: skip
    assert set(PRIMARY_UK_SOURCE_HOSTS) == {
        "nice.org.uk", "medicines.org.uk", "macmillan.org.uk", "cancerresearchuk.org",
        "breastcancernow.org",
    }  # fmt: skip
    assert {"capivasertib-fulvestrant", "elacestrant", "talazoparib"} == ADDITIONAL_SLUGS


def write_catalogue(directory, source: dict) -> None:
    for name in ("groups", "general", "questions", "knowledge"):
        (directory / f"{name}.yaml").write_text(yaml.safe_dump(source[name]), encoding="utf-8")
    for folder, key, items in (
        ("side_effects", "key", source["side_effects"]),
        ("options", "slug", source["options"]),
    ):
        (directory / folder).mkdir()
        for item in items:
            path = directory / folder / f"{item[key]}.yaml"
            path.write_text(yaml.safe_dump(item), encoding="utf-8")


def test_build_catalogue_check_fails_on_a_blocked_source(tmp_path, monkeypatch):
    """What ``make lint`` runs: a blocked host fails it, naming the option and the address."""
    url = "https://uat.mimsdev.com/drugs/x"
    bad = option(
        sources=[{"citation": "Macmillan", "url": MACMILLAN}, {"citation": "M", "url": url}]
    )
    write_catalogue(tmp_path, catalogue(bad))
    assert read_source(tmp_path)["options"][0]["sources"][1]["url"] == url
    monkeypatch.setattr(source_module, "CATALOGUE_DIR", tmp_path)
    with pytest.raises(CommandError, match=f"test-drug: source {url} is on a blocked host"):
        call_command("build_catalogue", "--check")


def test_invalid_yaml_is_reported_with_its_file_name(tmp_path):
    write_catalogue(tmp_path, catalogue())
    (tmp_path / "options" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"broken\.yaml is not valid YAML"):
        read_source(tmp_path)


# --- The edition ----------------------------------------------------------------------------


@pytest.mark.parametrize("edition", [None, 0, -1, "2", True, 1.5])
def test_the_edition_is_a_whole_number_from_1(edition):
    assert validate_source(catalogue(edition=edition)) == [
        "general.yaml: edition must be a whole number, 1 or more"
    ]


def test_the_edition_needs_a_summary():
    assert validate_source(catalogue(edition_summary=None)) == [
        "general.yaml: missing edition_summary (one line for staff)"
    ]


def test_a_fixture_from_before_editions_is_edition_1():
    records = [r for r in build_fixture_records(catalogue()) if r["fields"].get("key") not in
               {"edition", "edition-summary"}]  # fmt: skip
    assert shipped_edition(records) == (1, "")


# --- Evidence (issue 15 item 3): a number only with a primary UK source and its own words ---

NUMBER = {
    "kind": "proportion",
    "statement": "About 6 in 10 people had their cancer shrink.",
    "per_100": 60,
    "per_100_label": "had their cancer shrink",
    "source": {"citation": "NICE TA1", "url": "https://www.nice.org.uk/guidance/ta1"},
    "quote": "The response rate was 60%.",
}


def evidence_problems(evidence) -> list[str]:
    return validate_source(catalogue(option(evidence=evidence)))


def test_a_proportion_with_its_primary_source_and_quote_is_valid():
    assert evidence_problems(NUMBER) == []


def test_every_option_needs_evidence():
    source = catalogue(option())
    del source["options"][0]["evidence"]
    assert any("needs evidence" in p for p in validate_source(source))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"source": None}, "a number needs its source"),
        ({"source": {"citation": "A blog", "url": "https://example.com/a"}}, "primary UK source"),
        ({"quote": ""}, "the source's own words"),
        ({"per_100": 0}, "whole number from 1 to 100"),
        ({"per_100": 101}, "whole number from 1 to 100"),
        ({"per_100": 6.5}, "whole number from 1 to 100"),
        ({"per_100_label": ""}, "needs per_100_label"),
        ({"kind": "guess"}, "kind must be one of"),
        ({"statement": "  "}, "needs a statement"),
        ({"score": 3}, "unknown keys"),
    ],
)
def test_a_number_without_what_makes_it_trustworthy_fails(change, expected):
    problems = evidence_problems({**NUMBER, **change})
    assert any(expected in p for p in problems), problems


def test_no_number_needs_no_source_but_may_not_carry_a_proportion():
    assert evidence_problems({"kind": "none", "statement": "No fair number exists."}) == []
    problems = evidence_problems({"kind": "none", "statement": "No number.", "per_100": 40})
    assert any("per_100 is only for kind proportion" in p for p in problems)


def test_the_quote_stays_with_the_team_and_never_reaches_a_release():
    records = build_fixture_records(catalogue(option(evidence=NUMBER)))
    fixture_evidence = next(r for r in records if r["model"] == "content.option")["fields"]
    assert fixture_evidence["evidence"]["quote"] == NUMBER["quote"]  # editable in the admin
    public = public_evidence(fixture_evidence["evidence"])
    assert "quote" not in public
    shown = EvidenceContent.from_data(public)
    assert (shown.kind, shown.per_100, shown.source.url) == (
        "proportion",
        60,
        NUMBER["source"]["url"],
    )


# --- Side-effect bands (issue 15 item 3): how many get it, from the option's own source ---


def band_problems(**link) -> list[str]:
    effect = {"key": "tiredness", "frequency": "common", **link}
    return validate_source(catalogue(option(side_effects=[effect])))


def test_a_band_with_one_of_the_options_own_primary_sources_is_valid():
    assert band_problems(band="very_common", band_source=MACMILLAN) == []
    assert band_problems(band="not_known") == []


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ({}, "band must be one of"),
        ({"band": "often"}, "band must be one of"),
        ({"band": "common"}, "band_source must be one of the option's sources"),
        ({"band": "common", "band_source": "https://www.nice.org.uk/other"}, "option's sources"),
        ({"band": "not_known", "band_source": MACMILLAN}, "not known has no band_source"),
        ({"band": "uncommon", "band_source": MACMILLAN}, "its frequency is not common"),
        ({"band": "common", "band_source": MACMILLAN, "note": "x"}, "unknown keys"),
    ],
)
def test_a_band_without_its_source_or_at_odds_with_its_frequency_fails(link, expected):
    problems = band_problems(**link)
    assert any(expected in p and "tiredness" in p for p in problems), problems


def test_a_very_common_effect_cannot_sit_under_less_common():
    problems = band_problems(frequency="less_common", band="very_common", band_source=MACMILLAN)
    assert any("its frequency is common" in p for p in problems), problems


def test_a_band_from_a_source_that_is_not_primary_fails():
    blog = "https://example.org/side-effects"
    source = catalogue(
        option(
            sources=[{"citation": "Macmillan", "url": MACMILLAN}, {"citation": "A", "url": blog}],
            side_effects=[
                {"key": "tiredness", "frequency": "common", "band": "common", "band_source": blog}
            ],
        )
    )
    assert any("band_source must be a primary UK source" in p for p in validate_source(source))


def test_the_band_and_its_source_reach_the_fixture():
    effect = {"key": "tiredness", "frequency": "common", "band": "very_common"}
    records = build_fixture_records(
        catalogue(option(side_effects=[{**effect, "band_source": MACMILLAN}]))
    )
    link = next(r for r in records if r["model"] == "content.optionsideeffect")["fields"]
    assert (link["band"], link["band_source"]) == ("very_common", MACMILLAN)


# --- The question bank and knowledge statements (issue 18 item 4) ---------------------------


def with_question(**changes) -> dict:
    source = catalogue()
    source["questions"][1].update(changes)
    return source


@pytest.mark.parametrize(
    ("when", "problem"),
    [
        ("matter:live_longer", "question cold-cap: unknown condition 'matter' in 'matter:"),
        ("matters:live_longr", "question cold-cap: unknown matters 'live_longr'"),
        ("group:chemo", "question cold-cap: unknown group 'chemo'"),
        ("option:no-such-drug", "question cold-cap: unknown option 'no-such-drug'"),
        ("er:unknown", "question cold-cap: unknown er 'unknown'"),
        ("sure_low:yes", "question cold-cap: condition 'sure_low' takes no value"),
        (None, "question cold-cap: when must be a text"),
    ],
)  # fmt: skip
def test_the_build_fails_on_an_unknown_condition_naming_the_question_and_key(when, problem):
    with pytest.raises(CatalogueError) as error:
        build_fixture_records(with_question(when=when))
    assert problem in str(error.value)


def test_every_known_condition_builds():
    for when in ("always", "matters:live_longer", "group:chemotherapy", "option:test-drug",
                 "leaning:not_sure", "sure_low", "er:positive", "her2:negative",
                 "option_at_home", "option_at_hospital"):  # fmt: skip
        assert validate_source(with_question(when=when)) == [], when


def test_the_bank_items_have_exactly_the_schema_fields():
    source = catalogue()
    source["questions"][0]["hint"] = "Not a field."
    del source["questions"][1]["text"]
    source["knowledge"][0]["answer"] = "yes"
    source["knowledge"].append(dict(source["knowledge"][0]))
    assert validate_source(source) == [
        "question what-is-the-aim: unknown key 'hint'",
        "question cold-cap: missing text",
        "knowledge.yaml: statement key 'can-stop' is not unique",
        "statement can-stop: answer must be true or false, got 'yes'",
        "statement can-stop: answer must be true or false, got 'yes'",
    ]


def test_build_catalogue_check_fails_on_an_unknown_condition(tmp_path, monkeypatch):
    """What ``make lint`` runs: a typo in a condition fails it, naming the question."""
    write_catalogue(tmp_path, with_question(when="matters:live_longr"))
    monkeypatch.setattr(source_module, "CATALOGUE_DIR", tmp_path)
    with pytest.raises(CommandError, match="question cold-cap: unknown matters 'live_longr'"):
        call_command("build_catalogue", "--check")
