"""The eligibility engine against the rules it is meant to apply (pure: no database).

The spec, per option, is restated here as a table (``CASES``): a minimal profile that makes the
option suitable, and for each requirement a change of one known fact that rules it out, with a
word the patient-facing reason must mention. The table is checked both ways, and property tests
check the three-valued logic on arbitrary profiles from the contract in ``profile.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aid.content.eligibility import RULES, Fit, assess, assess_option
from decision_aid.content.profile import (
    CHOICE_VALUES,
    LIST_VOCABULARIES,
    PROFILE_KEYS,
    UNKNOWN,
    Profile,
    ProfileError,
    parse_profile,
)
from decision_aid.content.source import ADDITIONAL_SLUGS
from tests.conftest import SHARED, needs_shared

ROOT = Path(__file__).resolve().parents[2]
OPTIONS_DIR = ROOT / "decision_aid" / "content" / "catalogue" / "options"
TREATMENT_FACTS = SHARED / "content" / "treatment-facts.yaml"

ASK_PREFIX = "Ask your team"

OVARIAN = ("ovarian-suppression", "ovarian-ablation")
OPEN_CHEMOTHERAPY = (
    "capecitabine",
    "carboplatin",
    "cyclophosphamide",
    "docetaxel",
    "gemcitabine",
    "paclitaxel",
    "nab-paclitaxel",
    "vinorelbine",
)

ER_POS = {"er": "positive"}
HER2_NEG = {"her2": "negative"}
TRIPLE_NEG = {"er": "negative", "pr": "negative", "her2": "negative"}
TRIPLE_NEG_RULE_OUTS = [
    ({"er": "positive"}, "ER"),
    ({"pr": "positive"}, "PR"),
    ({"her2": "positive"}, "HER2"),
]
NOT_HORMONE_SENSITIVE = ({"er": "negative", "pr": "negative"}, "hormones")
AFTER_CDK46_AND_AI = {
    "cdk46_for_secondary": "12_months_or_more",
    "hormone_for_secondary": "with_ai",
    "menopause": "post",
}
INHERITED_BRCA_HR_NEGATIVE = {
    "brca": "positive",
    "brca_type": "inherited",
    **TRIPLE_NEG,
    "anthracycline_ever": "yes",
    "taxane_ever": "yes",
}

# slug -> (profiles that make it suitable, [(one known fact that rules it out, word in reason)]).
# Each rule-out is applied on top of the first suitable profile, so exactly one requirement fails.
Case = tuple[list[dict[str, Any]], list[tuple[dict[str, Any], str]]]
CASES: dict[str, Case] = {
    **{
        slug: (
            [{**ER_POS, "menopause": "post"}, {**ER_POS, "menopause": "pre"}],
            [NOT_HORMONE_SENSITIVE],
        )
        for slug in ("aromatase-inhibitor", "fulvestrant")
    },
    "tamoxifen": ([ER_POS, {**ER_POS, "menopause": "pre"}], [NOT_HORMONE_SENSITIVE]),
    **{
        slug: (
            [{**ER_POS, "menopause": "pre"}],
            [
                NOT_HORMONE_SENSITIVE,
                ({"menopause": "post"}, "menopause"),
                ({"menopause": "not_applicable"}, "menopause"),
            ],
        )
        for slug in OVARIAN
    },
    "elacestrant": (
        [
            {
                **ER_POS,
                **HER2_NEG,
                "esr1": "positive",
                "cdk46_for_secondary": "12_months_or_more",
                "menopause": "post",
            }
        ],
        [
            ({"er": "negative"}, "ER"),
            ({"her2": "positive"}, "HER2"),
            ({"esr1": "negative"}, "ESR1"),
            ({"cdk46_for_secondary": "under_12_months"}, "12 months"),
            ({"cdk46_for_secondary": "none"}, "12 months"),
        ],
    ),
    "cdk46-inhibitor-with-hormone-therapy": (
        [
            {**ER_POS, **HER2_NEG, "cdk46_for_secondary": "none", "menopause": "post"},
            {**ER_POS, **HER2_NEG, "previous": ["hormonal_therapy"], "menopause": "pre"},
        ],
        [
            NOT_HORMONE_SENSITIVE,
            ({"her2": "positive"}, "HER2"),
            ({"cdk46_for_secondary": "under_12_months"}, "only once"),
        ],
    ),
    "everolimus-exemestane": (
        [{**ER_POS, **HER2_NEG, "hormone_for_secondary": "with_ai", "menopause": "post"}],
        [
            NOT_HORMONE_SENSITIVE,
            ({"her2": "positive"}, "HER2"),
            ({"hormone_for_secondary": "none"}, "hormone therapy"),
        ],
    ),
    "alpelisib-fulvestrant": (
        [{"pik3ca": "positive", **ER_POS, **HER2_NEG, **AFTER_CDK46_AND_AI}],
        [
            ({"pik3ca": "negative"}, "PIK3CA"),
            NOT_HORMONE_SENSITIVE,
            ({"her2": "positive"}, "HER2"),
            ({"cdk46_for_secondary": "none"}, "CDK4/6"),
            ({"hormone_for_secondary": "without_ai"}, "aromatase"),
        ],
    ),
    "capivasertib-fulvestrant": (
        [
            {"pik3ca": "positive", **ER_POS, **HER2_NEG, **AFTER_CDK46_AND_AI},
            {"akt1_pten": "positive", **ER_POS, **HER2_NEG, **AFTER_CDK46_AND_AI},
        ],
        [
            ({"pik3ca": "negative", "akt1_pten": "negative"}, "PIK3CA"),
            NOT_HORMONE_SENSITIVE,
            ({"her2": "positive"}, "HER2"),
            ({"cdk46_for_secondary": "none"}, "CDK4/6"),
            ({"hormone_for_secondary": "without_ai"}, "aromatase"),
        ],
    ),
    "trastuzumab": ([{"her2": "positive"}], [({"her2": "negative"}, "HER2")]),
    **{
        slug: (
            [
                {"her2": "positive", "her2_for_secondary": "none", "chemo_for_secondary": "none"},
                {"her2": "positive", "previous": []},
                {"her2": "positive", "previous": ["hormonal_therapy"]},
            ],
            [
                ({"her2": "negative"}, "HER2"),
                ({"her2_for_secondary": "one"}, "HER2 targeted"),
                ({"chemo_for_secondary": "one"}, "chemotherapy"),
            ],
        )
        for slug in ("trastuzumab-pertuzumab-docetaxel", "phesgo")
    },
    "trastuzumab-emtansine": (
        [
            {"her2": "positive", "her2_for_secondary": "one", "taxane_ever": "yes"},
            {"her2": "positive", "previous": ["her2_targeted_therapy"], "taxane_ever": "yes"},
        ],
        [
            ({"her2": "negative"}, "HER2"),
            ({"her2_for_secondary": "none"}, "HER2 targeted"),
            ({"taxane_ever": "no"}, "taxane"),
        ],
    ),
    "trastuzumab-deruxtecan": (
        [{"her2": "positive", "her2_for_secondary": "one"}],
        [({"her2": "negative"}, "HER2"), ({"her2_for_secondary": "none"}, "HER2 targeted")],
    ),
    "tucatinib-trastuzumab-capecitabine": (
        [{"her2": "positive", "her2_for_secondary": "two_or_more"}],
        [
            ({"her2": "negative"}, "HER2"),
            ({"her2_for_secondary": "one"}, "2 or more"),
            ({"her2_for_secondary": "none"}, "2 or more"),
        ],
    ),
    "sacituzumab-govitecan": (
        [{**TRIPLE_NEG, "chemo_for_secondary": "two_or_more"}],
        [*TRIPLE_NEG_RULE_OUTS, ({"chemo_for_secondary": "none"}, "chemotherapy")],
    ),
    **{
        slug: (
            [
                minimal,
                {**minimal, **ER_POS, "hormone_for_secondary": "with_ai"},
            ],
            [
                ({"brca": "negative"}, "BRCA"),
                ({"brca_type": "tumour_only"}, "inherited"),
                ({"her2": "positive"}, "HER2"),
            ],
        )
        for slug, minimal in (
            ("olaparib", INHERITED_BRCA_HR_NEGATIVE),
            # Talazoparib: an anthracycline or a taxane is enough.
            (
                "talazoparib",
                {k: v for k, v in INHERITED_BRCA_HR_NEGATIVE.items() if k != "anthracycline_ever"},
            ),
        )
    },
    **{
        slug: (
            [
                {
                    **TRIPLE_NEG,
                    "pdl1": "positive",
                    "pdl1_test": test,
                    "chemo_for_secondary": "none",
                },
                {**TRIPLE_NEG, "pdl1": "positive", "pdl1_test": "both", "previous": []},
            ],
            [
                *TRIPLE_NEG_RULE_OUTS,
                ({"pdl1": "negative"}, "PD-L1"),
                ({"chemo_for_secondary": "one"}, "chemotherapy"),
            ],
        )
        for slug, test in (
            ("atezolizumab-nab-paclitaxel", "sp142"),
            ("pembrolizumab-chemotherapy", "cps10"),
        )
    },
    # Chemotherapy and supportive care open to everyone: suitable whatever the profile.
    **{
        slug: (
            [
                {},
                {**TRIPLE_NEG, "pdl1": "negative", "spread": [], "problems": [], "previous": []},
                {"er": "positive", "her2": "positive", "menopause": "post", "spread": ["bone"]},
            ],
            [],
        )
        for slug in (*OPEN_CHEMOTHERAPY, "supportive-care-only")
    },
    "eribulin": (
        [{"chemo_for_secondary": "two_or_more"}],
        [
            ({"chemo_for_secondary": "one"}, "2 or more"),
            ({"chemo_for_secondary": "none"}, "2 or more"),
        ],
    ),
    **{slug: ([{"anthracycline_ever": "no"}], []) for slug in ("doxorubicin", "epirubicin")},
    "radiotherapy-palliative": (
        [
            {"spread": ["bone"]},
            {"spread": ["skin"]},
            {"spread": ["brain", "lung"]},
            {"spread": ["lung"], "problems": ["spinal_cord_compression"]},
        ],
        [({"spread": ["other"], "problems": []}, "bones")],
    ),
    "bisphosphonates": (
        [
            {"spread": ["bone"]},
            {"problems": ["high_calcium"]},
            {"spread": [], "problems": ["high_calcium"]},
            {"spread": ["lung"], "problems": ["weakened_bone"]},
        ],
        # Either fact is enough, so ruling it out needs both known and absent.
        [
            ({"spread": ["liver"], "problems": []}, "bones"),
            ({"spread": [], "problems": []}, "calcium"),
        ],
    ),
    "denosumab": (
        [{"spread": ["bone"]}, {"spread": ["lung"], "problems": ["spinal_cord_compression"]}],
        [({"spread": ["liver"], "problems": []}, "bones")],
    ),
    "surgery-bone": (
        [{"problems": ["weakened_bone"]}, {"problems": ["spinal_cord_compression"]}],
        [({"problems": ["high_calcium"]}, "bone"), ({"problems": []}, "spinal cord")],
    ),
    **{
        slug: ([{"problems": ["liver_one_area"]}], [({"problems": ["fluid_on_lung"]}, "liver")])
        for slug in ("surgery-liver", "radiofrequency-ablation-liver")
    },
    "surgery-brain": ([{"problems": ["single_brain_tumour"]}], [({"problems": []}, "brain")]),
    "surgery-primary": (
        [{"problems": ["limited_spread_good_response"]}],
        [({"problems": []}, "responded well")],
    ),
    "electrochemotherapy": ([{"spread": ["skin"]}], [({"spread": ["bone", "brain"]}, "skin")]),
    "pleural-drainage": ([{"problems": ["fluid_on_lung"]}], [({"problems": []}, "fluid")]),
    "wound-dressings": ([{"problems": ["skin_wound"]}], [({"problems": []}, "wound")]),
    "steroids": (
        [{"spread": ["brain"]}, {"problems": ["spinal_cord_compression"]}],
        [
            ({"spread": ["bone"], "problems": []}, "brain"),
            ({"spread": [], "problems": []}, "spinal cord"),
        ],
    ),
}


def fit(slug: str, data: dict[str, Any]):
    return assess_option(slug, parse_profile(data))


def catalogue_slugs() -> set[str]:
    slugs = set()
    for path in sorted(OPTIONS_DIR.glob("*.yaml")):
        slugs.add(yaml.safe_load(path.read_text(encoding="utf-8"))["slug"])
    return slugs


# --- 1. Each rule, both ways -----------------------------------------------------------------


def test_the_spec_table_covers_every_rule():
    assert set(CASES) == set(RULES)


SUITABLE_CASES = [
    pytest.param(slug, profile, id=f"{slug}-{i}")
    for slug, (profiles, _) in CASES.items()
    for i, profile in enumerate(profiles)
]
RULE_OUT_CASES = [
    pytest.param(slug, {**profiles[0], **change}, word, id=f"{slug}-{'-'.join(change)}-{word}")
    for slug, (profiles, rule_outs) in CASES.items()
    for change, word in rule_outs
]


@pytest.mark.parametrize(("slug", "profile"), SUITABLE_CASES)
def test_option_is_suitable_when_its_requirements_are_met(slug, profile):
    result = fit(slug, profile)
    assert result.fit is Fit.SUITABLE, result.reasons
    assert not any(r.startswith(ASK_PREFIX) for r in result.reasons)


@pytest.mark.parametrize(("slug", "profile", "word"), RULE_OUT_CASES)
def test_one_known_fact_rules_option_out_and_the_reason_says_so(slug, profile, word):
    result = fit(slug, profile)
    assert result.fit is Fit.UNSUITABLE
    assert len(result.reasons) == 1, "only the requirement that failed is given as the reason"
    assert word.lower() in result.reasons[0].lower()


@pytest.mark.parametrize("slug", [*OPEN_CHEMOTHERAPY, "supportive-care-only"])
def test_open_options_say_why_they_are_open(slug):
    (reason,) = fit(slug, {}).reasons
    expected = "Anyone can choose this" if slug == "supportive-care-only" else "Chemotherapy"
    assert reason.startswith(expected)


def test_a_marker_reason_names_the_patients_own_result():
    result = fit("trastuzumab", {"her2": "negative"})
    assert result.reasons == (
        "This treatment is for cancer that is HER2 positive (it has a lot of a protein called "
        "HER2). Yours is HER2 negative.",
    )


def test_met_reason_keeps_the_capitals_of_drug_names():
    # Regression: the met reason was built with str.capitalize(), which lower-cased the rest of
    # the sentence ("You have had a cdk4/6 inhibitor").
    result = fit("alpelisib-fulvestrant", CASES["alpelisib-fulvestrant"][0][0])
    assert result.fit is Fit.SUITABLE
    assert any("CDK4/6" in reason for reason in result.reasons), result.reasons


def test_assess_keeps_order_and_refuses_an_option_without_rules():
    profile = parse_profile(ER_POS)
    results = assess(profile, ["tamoxifen", "trastuzumab"])
    assert [(r.slug, r.fit) for r in results] == [
        ("tamoxifen", Fit.SUITABLE),
        ("trastuzumab", Fit.ASK),
    ]
    with pytest.raises(KeyError):
        assess(profile, ["not-an-option"])


# --- 2. Unknown means ask, for every profile key ---------------------------------------------


# key -> (an option that depends on it, a profile that makes that option suitable)
def first_case(slug: str, number: int = 0) -> tuple[str, dict[str, Any]]:
    return slug, CASES[slug][0][number]


DEPENDS_ON: dict[str, tuple[str, dict[str, Any]]] = {
    "er": first_case("aromatase-inhibitor"),
    "pr": first_case("sacituzumab-govitecan"),
    "her2": first_case("trastuzumab"),
    "pdl1": first_case("pembrolizumab-chemotherapy"),
    "brca": first_case("olaparib"),
    "pik3ca": first_case("alpelisib-fulvestrant"),
    "esr1": first_case("elacestrant"),
    "akt1_pten": ("capivasertib-fulvestrant", {**CASES["capivasertib-fulvestrant"][0][1],
                                               "pik3ca": "negative"}),
    "menopause": first_case("ovarian-suppression"),
    "hormone_for_secondary": first_case("everolimus-exemestane"),
    "cdk46_for_secondary": first_case("cdk46-inhibitor-with-hormone-therapy"),
    "chemo_for_secondary": first_case("eribulin"),
    "her2_for_secondary": first_case("trastuzumab-deruxtecan"),
    "anthracycline_ever": first_case("doxorubicin"),
    "taxane_ever": first_case("trastuzumab-emtansine"),
    "brca_type": first_case("olaparib"),
    "pdl1_test": first_case("atezolizumab-nab-paclitaxel"),
    "spread": first_case("denosumab"),
    "problems": first_case("surgery-liver"),
    "previous": first_case("trastuzumab-emtansine", 1),
}  # fmt: skip


def test_every_profile_key_has_an_unknown_case():
    assert set(DEPENDS_ON) == set(PROFILE_KEYS)


@pytest.mark.parametrize("how", ["removed", "set_unknown"])
@pytest.mark.parametrize("key", PROFILE_KEYS)
def test_unknown_key_turns_suitable_into_ask(key, how):
    slug, profile = DEPENDS_ON[key]
    assert fit(slug, profile).fit is Fit.SUITABLE
    changed = {k: v for k, v in profile.items() if k != key}
    if how == "set_unknown":
        changed[key] = UNKNOWN
    result = fit(slug, changed)
    assert result.fit is Fit.ASK
    assert any(r.startswith(ASK_PREFIX) for r in result.reasons), result.reasons


MINIMAL_CASES = [
    pytest.param(slug, profiles[0], id=slug) for slug, (profiles, _) in CASES.items() if RULES[slug]
]


@pytest.mark.parametrize(("slug", "profile"), MINIMAL_CASES)
def test_forgetting_any_fact_of_a_minimal_suitable_profile_means_ask(slug, profile):
    for key in profile:
        result = fit(slug, {k: v for k, v in profile.items() if k != key})
        assert result.fit is Fit.ASK, (key, result)
        assert result.reasons[0].startswith(ASK_PREFIX)


# --- 3. Rules cover the shipped catalogue -----------------------------------------------------


def test_rules_cover_every_option_in_the_catalogue_source():
    slugs = catalogue_slugs()
    assert len(slugs) == len(list(OPTIONS_DIR.glob("*.yaml"))), "duplicate slugs in the source"
    assert slugs - set(RULES) == set()
    assert set(RULES) == slugs


def test_catalogue_slugs_match_the_fact_base_slug_index():
    facts = yaml.safe_load(needs_shared(TREATMENT_FACTS).read_text(encoding="utf-8"))
    # NICE-recommended options that the seeds (and so the fact base) lack.
    assert catalogue_slugs() == set(facts["slug_index"]) | set(ADDITIONAL_SLUGS)


# --- 4. Properties over arbitrary profiles ----------------------------------------------------

profile_dicts = st.fixed_dictionaries(
    {},
    optional={
        **{key: st.sampled_from(values) for key, values in CHOICE_VALUES.items()},
        **{
            key: st.one_of(st.just(UNKNOWN), st.lists(st.sampled_from(vocab), unique=True))
            for key, vocab in LIST_VOCABULARIES.items()
        },
    },
)
ALL_SLUGS = tuple(RULES)


def forgetting_one_fact(data: dict[str, Any]):
    """Every profile that makes exactly one known value of ``data`` unknown."""
    profile = parse_profile(data)
    for key in PROFILE_KEYS:
        if not profile.is_known(key):
            continue
        without = {k: v for k, v in data.items() if k != key}
        yield key, without
        yield key, {**without, key: UNKNOWN}
        if key in LIST_VOCABULARIES:
            yield key, {**without, key: None}


@given(profile_dicts)
@settings(deadline=None)  # whole-catalogue sweeps: slow on a loaded machine
def test_supportive_care_only_is_always_suitable(data):
    assert fit("supportive-care-only", data).fit is Fit.SUITABLE


@given(profile_dicts)
@settings(deadline=None)  # whole-catalogue sweeps: slow on a loaded machine
def test_chemotherapy_open_to_everyone_is_always_suitable(data):
    profile = parse_profile(data)
    assert {a.fit for a in assess(profile, OPEN_CHEMOTHERAPY)} == {Fit.SUITABLE}


@pytest.mark.slow
@given(profile_dicts)
@settings(deadline=None)  # whole-catalogue sweeps: slow on a loaded machine
def test_making_a_known_fact_unknown_never_rules_an_option_out(data):
    before = {a.slug: a.fit for a in assess(parse_profile(data), ALL_SLUGS)}
    for key, changed in forgetting_one_fact(data):
        for after in assess(parse_profile(changed), ALL_SLUGS):
            if before[after.slug] is not Fit.UNSUITABLE:
                assert after.fit is not Fit.UNSUITABLE, (key, changed, after)


@given(profile_dicts)
@settings(deadline=None)  # whole-catalogue sweeps: slow on a loaded machine
def test_every_assessment_has_a_reason_and_a_valid_fit(data):
    for assessment in assess(parse_profile(data), ALL_SLUGS):
        assert assessment.fit in {Fit.SUITABLE, Fit.ASK, Fit.UNSUITABLE}
        assert assessment.fit.value in {"suitable", "ask", "unsuitable"}
        assert len(assessment.reasons) >= 1
        assert all(isinstance(r, str) and r.strip() for r in assessment.reasons)


@given(profile_dicts)
@settings(deadline=None)  # whole-catalogue sweeps: slow on a loaded machine
def test_ask_always_tells_the_patient_what_to_ask(data):
    for assessment in assess(parse_profile(data), ALL_SLUGS):
        if assessment.fit is Fit.ASK:
            assert any(r.startswith(ASK_PREFIX) for r in assessment.reasons), assessment


# --- 5. parse_profile ------------------------------------------------------------------------


def test_unknown_key_is_refused_by_name():
    with pytest.raises(ProfileError, match="Unknown profile key: colour"):
        parse_profile({"er": "positive", "colour": "blue"})


@pytest.mark.parametrize("key", list(CHOICE_VALUES))
@pytest.mark.parametrize("bad", ["maybe", "Positive", 1, True, ["positive"]])
def test_bad_value_is_refused_naming_key_and_value(key, bad):
    with pytest.raises(ProfileError) as error:
        parse_profile({key: bad})
    assert f"Unknown value for {key}: {bad!r}" in str(error.value)


@pytest.mark.parametrize("key", list(LIST_VOCABULARIES))
def test_list_with_a_bad_item_names_the_item(key):
    good = LIST_VOCABULARIES[key][0]
    with pytest.raises(ProfileError) as error:
        parse_profile({key: [good, "elbow"]})
    message = str(error.value)
    assert f"Unknown value for {key}" in message
    assert "elbow" in message


@pytest.mark.parametrize("key", list(LIST_VOCABULARIES))
@pytest.mark.parametrize("bad", ["bone", "none", 3, {"bone": True}, ["bone", 3]])
def test_list_key_needs_a_list_of_strings(key, bad):
    with pytest.raises(ProfileError, match=rf"^{key} must be a list"):
        parse_profile({key: bad})


@pytest.mark.parametrize("bad", [["er"], "er=positive", 42])
def test_profile_must_be_a_mapping(bad):
    with pytest.raises(ProfileError, match="JSON object"):
        parse_profile(bad)


@pytest.mark.parametrize("key", PROFILE_KEYS)
def test_none_missing_or_unknown_all_mean_unknown(key):
    for data in (None, {}, {key: None}, {key: UNKNOWN}):
        profile = parse_profile(data)
        assert profile == Profile()
        assert not profile.is_known(key)
        assert key not in profile.as_dict()


@pytest.mark.parametrize("key", list(LIST_VOCABULARIES))
def test_empty_list_means_none_and_is_known(key):
    profile = parse_profile({key: []})
    assert profile.value(key) == frozenset()
    assert profile.is_known(key)
    assert profile.as_dict() == {key: []}


def test_a_full_profile_round_trips_through_as_dict():
    data = {
        "er": "positive",
        "pr": "negative",
        "her2": "negative",
        "pdl1": "negative",
        "brca": "positive",
        "pik3ca": "negative",
        "menopause": "post",
        "spread": ["liver", "bone"],
        "problems": [],
        "previous": ["hormonal_therapy"],
    }
    profile = parse_profile(data)
    assert profile.spread == frozenset({"bone", "liver"})
    assert profile.as_dict() == {**data, "spread": ["bone", "liver"]}
    assert parse_profile(profile.as_dict()) == profile
