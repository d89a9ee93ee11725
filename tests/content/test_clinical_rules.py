"""The December 2026 clinical review's findings on the eligibility rules, one test each, and the
review's 32 profiles (``../shared/reviews/2026-12-clinical-content.md``, sections 1, 2 and 5).

Each test is named after the finding it closes and cites the NICE guidance or SmPC section the
rule follows. Pure: no database.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aid.content.eligibility import RULE_SOURCES, RULES, Fit, assess, assess_option
from decision_aid.content.profile import CHOICE_VALUES, LIST_VOCABULARIES, UNKNOWN, parse_profile

S, A, U = Fit.SUITABLE, Fit.ASK, Fit.UNSUITABLE
TRIPLE_NEG = {"er": "negative", "pr": "negative", "her2": "negative"}
HR_POS_HER2_NEG = {"er": "positive", "her2": "negative"}
LATER_HER2 = (
    "trastuzumab-emtansine",
    "trastuzumab-deruxtecan",
    "tucatinib-trastuzumab-capecitabine",
)
FIRST_LINE_ONLY = (
    "trastuzumab-pertuzumab-docetaxel",
    "phesgo",
    "atezolizumab-nab-paclitaxel",
    "pembrolizumab-chemotherapy",
)
PREMENOPAUSAL_HORMONE = (
    "aromatase-inhibitor",
    "fulvestrant",
    "cdk46-inhibitor-with-hormone-therapy",
    "everolimus-exemestane",
    "capivasertib-fulvestrant",
    "alpelisib-fulvestrant",
    "elacestrant",
)


def fit(slug: str, data: dict[str, Any]):
    return assess_option(slug, parse_profile(data))


def fits(data: dict[str, Any]) -> dict[str, Fit]:
    return {a.slug: a.fit for a in assess(parse_profile(data), RULES)}


def text(assessment) -> str:
    return " ".join(assessment.reasons)


# --- Safety-critical ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", PREMENOPAUSAL_HORMONE)
def test_SC1_premenopausal_hormone_options_say_the_ovaries_are_switched_off_or_ask(slug):
    """SC1. Before the menopause an aromatase inhibitor, fulvestrant, a CDK4/6 inhibitor or
    everolimus works only with the ovaries switched off too (seed: Macmillan 'Treatment for
    secondary breast cancer'; Breast Cancer Now palbociclib page; Faslodex SmPC 4.1)."""
    profile = {
        **HR_POS_HER2_NEG,
        "menopause": "pre",
        "pik3ca": "positive",
        "esr1": "positive",
        "hormone_for_secondary": "with_ai",
        "cdk46_for_secondary": "12_months_or_more",
    }
    if slug == "cdk46-inhibitor-with-hormone-therapy":
        profile["cdk46_for_secondary"] = "none"
    result = fit(slug, profile)
    assert result.fit is not U
    if result.fit is S:
        assert "ovaries" in text(result)
    else:
        assert result.fit is A


def test_SC1_first_line_premenopausal_aromatase_inhibitor_reason_names_the_ovaries():
    """SC1, profile P02: the fit's reason says what the option page says."""
    result = fit("aromatase-inhibitor", {**HR_POS_HER2_NEG, "menopause": "pre", "previous": []})
    assert result.fit is S
    assert any("switch off your ovaries" in r for r in result.reasons), result.reasons


def test_SC3_spinal_cord_compression_means_radiotherapy_whatever_the_spread_list_says():
    """SC3. Radiotherapy is the usual treatment for metastatic spinal cord compression (NICE
    NG234; the option's own 'who it is for'); the spread list may not say 'bone' (P21)."""
    profile = {"problems": ["spinal_cord_compression"], "spread": ["lung"]}
    for slug in ("radiotherapy-palliative", "denosumab", "bisphosphonates", "steroids"):
        assert fit(slug, profile).fit is S, slug


def test_SC5_newly_diagnosed_her2_positive_sees_first_line_options_not_later_ones():
    """SC5 (W1-W3 and W4 together), P13: NICE TA509 first line; TA458, TA862, TA786 later."""
    result = fits({"er": "negative", "her2": "positive", "previous": []})
    assert {slug: result[slug] for slug in LATER_HER2} == dict.fromkeys(LATER_HER2, U)
    assert result["trastuzumab-pertuzumab-docetaxel"] is S
    assert result["phesgo"] is S


def test_SC5_newly_diagnosed_triple_negative_does_not_see_later_line_drugs_as_suitable():
    """SC5 (W5, W9), P09/P10: NICE TA819 (sacituzumab) and TA423 (eribulin) are later lines."""
    result = fits({**TRIPLE_NEG, "pdl1": "negative", "chemo_for_secondary": "none"})
    assert result["sacituzumab-govitecan"] is U
    assert result["eribulin"] is U


# --- Wrong: the engine ----------------------------------------------------------------------


def test_W1_trastuzumab_emtansine_needs_earlier_her2_drug_and_a_taxane():
    """W1. NICE TA458 1.1: after trastuzumab and a taxane, separately or together."""
    base = {"her2": "positive"}
    assert fit("trastuzumab-emtansine", {**base, "her2_for_secondary": "none"}).fit is U
    assert fit("trastuzumab-emtansine", {**base, "previous": []}).fit is U
    assert fit("trastuzumab-emtansine", {**base, "her2_for_secondary": "one"}).fit is A
    assert (
        fit(
            "trastuzumab-emtansine", {**base, "her2_for_secondary": "one", "taxane_ever": "yes"}
        ).fit
        is S
    )
    assert (
        fit("trastuzumab-emtansine", {**base, "her2_for_secondary": "one", "taxane_ever": "no"}).fit
        is U
    )


def test_W2_trastuzumab_deruxtecan_needs_one_earlier_her2_treatment():
    """W2. NICE TA862 1.1: after 1 or more anti-HER2 treatments."""
    base = {"her2": "positive"}
    assert fit("trastuzumab-deruxtecan", {**base, "her2_for_secondary": "none"}).fit is U
    assert fit("trastuzumab-deruxtecan", base).fit is A
    assert fit("trastuzumab-deruxtecan", {**base, "her2_for_secondary": "one"}).fit is S


def test_W3_tucatinib_needs_two_earlier_her2_treatments():
    """W3. NICE TA786 1.1: after 2 or more anti-HER2 treatment regimens."""
    base = {"her2": "positive"}
    assert (
        fit("tucatinib-trastuzumab-capecitabine", {**base, "her2_for_secondary": "none"}).fit is U
    )
    assert fit("tucatinib-trastuzumab-capecitabine", {**base, "her2_for_secondary": "one"}).fit is U
    # The first version's list can say "one or more" only: the team must check.
    old = {**base, "previous": ["her2_targeted_therapy"]}
    assert fit("tucatinib-trastuzumab-capecitabine", old).fit is A
    both = {**base, "her2_for_secondary": "two_or_more"}
    assert fit("tucatinib-trastuzumab-capecitabine", both).fit is S


@pytest.mark.parametrize("slug", ["trastuzumab-pertuzumab-docetaxel", "phesgo"])
@pytest.mark.parametrize(
    "history",
    [
        {"her2_for_secondary": "one"},
        {"chemo_for_secondary": "one"},
        {"previous": ["her2_targeted_therapy"]},
        {"previous": ["chemotherapy_for_secondary"]},
    ],
)
def test_W4_pertuzumab_combinations_only_before_any_her2_drug_or_chemotherapy(slug, history):
    """W4. NICE TA509 1.1: only if no previous anti-HER2 therapy or chemotherapy for metastatic
    disease (Phesgo is pertuzumab with trastuzumab under the skin)."""
    result = fit(slug, {"her2": "positive", **history})
    assert result.fit is U
    assert "not yet had" in text(result)


def test_W5_sacituzumab_after_two_treatments_one_for_secondary_cancer():
    """W5. NICE TA819 1.1: after 2 or more systemic therapies, at least 1 for advanced disease."""
    assert fit("sacituzumab-govitecan", {**TRIPLE_NEG, "previous": []}).fit is U
    assert fit("sacituzumab-govitecan", {**TRIPLE_NEG, "chemo_for_secondary": "none"}).fit is U
    assert fit("sacituzumab-govitecan", TRIPLE_NEG).fit is A
    assert fit("sacituzumab-govitecan", {**TRIPLE_NEG, "chemo_for_secondary": "one"}).fit is A
    two = {**TRIPLE_NEG, "chemo_for_secondary": "two_or_more"}
    assert fit("sacituzumab-govitecan", two).fit is S


def test_W6_pembrolizumab_not_after_chemotherapy_for_secondary_cancer():
    """W6. NICE TA801 1.1: no previous chemotherapy for metastatic disease (P11)."""
    profile = {**TRIPLE_NEG, "pdl1": "positive", "pdl1_test": "cps10"}
    assert fit("pembrolizumab-chemotherapy", {**profile, "chemo_for_secondary": "none"}).fit is S
    assert fit("pembrolizumab-chemotherapy", {**profile, "chemo_for_secondary": "one"}).fit is U
    old = {**profile, "previous": ["chemotherapy_for_secondary"]}
    assert fit("pembrolizumab-chemotherapy", old).fit is U


def test_W7_each_immunotherapy_needs_its_own_pd_l1_test():
    """W7. Atezolizumab: NICE TA639 (SP142 test, PD-L1 1% or more); pembrolizumab: NICE TA801
    (22C3 test, combined positive score 10 or more). One positive test is not the other."""
    first_line = {**TRIPLE_NEG, "pdl1": "positive", "chemo_for_secondary": "none"}
    atezo, pembro = "atezolizumab-nab-paclitaxel", "pembrolizumab-chemotherapy"
    assert (fit(atezo, first_line).fit, fit(pembro, first_line).fit) == (A, A)
    sp142 = {**first_line, "pdl1_test": "sp142"}
    assert (fit(atezo, sp142).fit, fit(pembro, sp142).fit) == (S, A)
    cps10 = {**first_line, "pdl1_test": "cps10"}
    assert (fit(atezo, cps10).fit, fit(pembro, cps10).fit) == (A, S)
    both = {**first_line, "pdl1_test": "both"}
    assert (fit(atezo, both).fit, fit(pembro, both).fit) == (S, S)


def test_W8_olaparib_inherited_brca_after_chemotherapy_and_hormone_therapy():
    """W8. NICE TA1040 1.1: germline BRCA1/2, HER2 negative, after an anthracycline and a taxane
    (unless unsuitable) and, if hormone receptor positive, after endocrine therapy (P07)."""
    first_line = {**HR_POS_HER2_NEG, "menopause": "post", "brca": "positive", "previous": []}
    assert fit("olaparib", first_line).fit is A
    tumour_only = {**TRIPLE_NEG, "brca": "positive", "brca_type": "tumour_only"}
    result = fit("olaparib", tumour_only)
    assert result.fit is U
    assert "inherited" in text(result)
    later = {
        **HR_POS_HER2_NEG,
        "brca": "positive",
        "brca_type": "inherited",
        "anthracycline_ever": "yes",
        "taxane_ever": "yes",
        "hormone_for_secondary": "with_ai",
    }
    assert fit("olaparib", later).fit is S
    assert fit("olaparib", {**later, "hormone_for_secondary": "none"}).fit is A
    assert fit("olaparib", {**later, "taxane_ever": "no"}).fit is A


def test_W9_eribulin_after_two_chemotherapies_for_secondary_cancer():
    """W9. NICE TA423 1.1: after at least 2 chemotherapy regimens for advanced disease."""
    assert fit("eribulin", {"chemo_for_secondary": "none"}).fit is U
    assert fit("eribulin", {"chemo_for_secondary": "one"}).fit is U
    assert fit("eribulin", {"previous": []}).fit is U
    assert fit("eribulin", {}).fit is A
    assert fit("eribulin", {"chemo_for_secondary": "two_or_more"}).fit is S


@pytest.mark.parametrize(
    "history",
    [
        {"cdk46_for_secondary": "under_12_months"},
        {"cdk46_for_secondary": "12_months_or_more"},
        {"previous": ["hormonal_therapy", "cdk46_inhibitor"]},
    ],
)
def test_W10_a_cdk46_inhibitor_is_not_offered_again_after_one(history):
    """W10. NICE TA495, TA496, TA563, TA687, TA725, TA836 with NHS England's Cancer Drugs Fund
    criteria: one CDK4/6 inhibitor for advanced disease, no second after the cancer grows."""
    result = fit(
        "cdk46-inhibitor-with-hormone-therapy",
        {**HR_POS_HER2_NEG, "menopause": "post", **history},
    )
    assert result.fit is U
    assert "only once" in text(result)


def test_W11_a_cdk46_inhibitor_counts_as_hormone_therapy():
    """W11. A CDK4/6 inhibitor is always given with hormone therapy (seed: Macmillan), so
    'hormone therapy not ticked' must not rule out alpelisib or everolimus (P05)."""
    profile = {**HR_POS_HER2_NEG, "menopause": "post", "pik3ca": "positive"}
    old = {**profile, "previous": ["cdk46_inhibitor"]}
    for slug in ("alpelisib-fulvestrant", "everolimus-exemestane"):
        result = fit(slug, old)
        assert result.fit is A, (slug, result)
        assert "used after hormone therapy" not in text(result)
    new = {
        **profile,
        "cdk46_for_secondary": "12_months_or_more",
        "hormone_for_secondary": "with_ai",
    }
    assert fit("alpelisib-fulvestrant", new).fit is S
    assert fit("everolimus-exemestane", new).fit is S


@pytest.mark.parametrize("spread", [["lymph_nodes"], ["lung"], ["liver"]])
def test_W12_radiotherapy_is_at_least_ask_for_lymph_nodes_and_lungs(spread):
    """W12. Macmillan 'Radiotherapy for secondary breast cancer' and the option's own 'who it
    is for': it may help for cancer in the bones, brain, skin or lymph nodes."""
    result = fit("radiotherapy-palliative", {"spread": spread, "problems": []})
    assert result.fit is A
    assert result.reasons[0].startswith("Ask your team")


@pytest.mark.parametrize("slug", ["aromatase-inhibitor", "tamoxifen", "fulvestrant"])
def test_W13_er_negative_pr_positive_means_ask_about_hormone_therapy(slug):
    """W13. ER negative, PR positive cancer is uncommon; hormone therapy may be considered
    (ESO-ESMO ABC guidelines, the fact base's source PMC7360146). P19."""
    result = fit(
        slug, {"er": "negative", "pr": "positive", "her2": "negative", "menopause": "post"}
    )
    assert result.fit is A
    assert "PR positive" in text(result)
    assert fit(slug, {"er": "negative", "pr": "negative"}).fit is U


def test_W14_everolimus_before_the_menopause_is_ask_and_says_its_licence():
    """W14. Afinitor SmPC 4.1 and NICE TA421: postmenopausal women, after a non-steroidal
    aromatase inhibitor (P25)."""
    profile = {**HR_POS_HER2_NEG, "menopause": "pre", "hormone_for_secondary": "with_ai"}
    result = fit("everolimus-exemestane", profile)
    assert result.fit is A
    assert "licensed for people who have been through the menopause" in text(result)
    assert fit("everolimus-exemestane", {**profile, "menopause": "post"}).fit is S


def test_W15_aromatase_inhibitor_for_men_says_it_is_given_with_a_hormone_blocker():
    """W15. In men an aromatase inhibitor is given with a GnRH agonist (ESO-ESMO ABC; P20)."""
    result = fit("aromatase-inhibitor", {"er": "positive", "menopause": "not_applicable"})
    assert result.fit is S
    assert "testicles" in text(result)


# --- Minor: the engine ----------------------------------------------------------------------


def test_M_E1_steroids_are_for_symptoms_not_for_any_liver_spread():
    """M-E1. Steroids ease symptoms (Macmillan steroids page; the option's own text): brain
    spread or spinal cord compression; liver or lung spread only if it causes symptoms."""
    assert fit("steroids", {"spread": ["liver"], "problems": []}).fit is A
    assert fit("steroids", {"spread": ["lung"], "problems": []}).fit is A
    assert fit("steroids", {"spread": ["brain"]}).fit is S
    assert fit("steroids", {"spread": ["bone"], "problems": []}).fit is U


# --- Rules that hold for every profile ------------------------------------------------------

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


def says_none(data: dict[str, Any], key: str, item: str) -> bool:
    """The profile says no treatment of this kind since the cancer spread."""
    return data.get(key) == "none" or (
        isinstance(data.get("previous"), list) and item not in data["previous"]
    )


def says_some(data: dict[str, Any], key: str, item: str) -> bool:
    value = data.get(key)
    return (value not in (None, UNKNOWN, "none")) or (
        isinstance(data.get("previous"), list) and item in data["previous"]
    )


@given(profile_dicts)
@settings(deadline=None)  # whole-catalogue sweeps: slow on a loaded machine
def test_a_later_line_drug_is_never_suitable_when_the_earlier_treatment_was_not_given(data):
    result = fits(data)
    if says_none(data, "her2_for_secondary", "her2_targeted_therapy"):
        assert all(result[slug] is not S for slug in LATER_HER2)
    if data.get("her2_for_secondary") == "one":
        assert result["tucatinib-trastuzumab-capecitabine"] is not S
    if says_none(data, "chemo_for_secondary", "chemotherapy_for_secondary"):
        assert result["eribulin"] is not S
        assert result["sacituzumab-govitecan"] is not S
    if says_none(data, "cdk46_for_secondary", "cdk46_inhibitor"):
        for slug in ("alpelisib-fulvestrant", "capivasertib-fulvestrant", "elacestrant"):
            assert result[slug] is not S


@given(profile_dicts)
@settings(deadline=None)  # whole-catalogue sweeps: slow on a loaded machine
def test_a_first_line_only_drug_is_never_suitable_after_the_treatment_it_must_come_before(data):
    result = fits(data)
    if says_some(data, "chemo_for_secondary", "chemotherapy_for_secondary"):
        assert all(result[slug] is not S for slug in FIRST_LINE_ONLY)
    if says_some(data, "her2_for_secondary", "her2_targeted_therapy"):
        assert result["trastuzumab-pertuzumab-docetaxel"] is not S
        assert result["phesgo"] is not S
    if says_some(data, "cdk46_for_secondary", "cdk46_inhibitor"):
        assert result["cdk46-inhibitor-with-hormone-therapy"] is not S


@given(profile_dicts)
@settings(deadline=None)  # whole-catalogue sweeps: slow on a loaded machine
def test_premenopausal_hormone_option_is_suitable_only_with_the_ovaries_reason(data):
    if data.get("menopause") != "pre":
        return
    profile = parse_profile(data)
    for assessment in assess(profile, PREMENOPAUSAL_HORMONE):
        if assessment.fit is S:
            assert "ovaries" in text(assessment), assessment


def test_every_rule_names_its_source():
    assert set(RULE_SOURCES) == set(RULES)
    for slug in RULES:
        assert RULE_SOURCES[slug].strip(), slug


# --- The review's 32 profiles (section 5) ---------------------------------------------------
# Each with the fits the review's finding is about; in each, no fit may contradict the option's
# own "who it is for" text (checked by the rules above and the properties just before).

NEW_HR = {**HR_POS_HER2_NEG, "menopause": "post"}
REVIEW_PROFILES: dict[str, tuple[dict[str, Any], dict[str, Fit]]] = {
    "P01": (
        {**NEW_HR, "pr": "positive", "spread": ["bone"], "problems": [], "previous": []},
        {
            "aromatase-inhibitor": S,
            "cdk46-inhibitor-with-hormone-therapy": S,
            "everolimus-exemestane": U,
            "alpelisib-fulvestrant": U,
            "eribulin": U,
            "radiotherapy-palliative": S,
            "denosumab": S,
        },
    ),
    "P02": (
        {**HR_POS_HER2_NEG, "menopause": "pre", "spread": ["liver", "bone"], "previous": []},
        {
            "aromatase-inhibitor": S,
            "fulvestrant": S,
            "cdk46-inhibitor-with-hormone-therapy": S,
            "ovarian-suppression": S,
            "everolimus-exemestane": U,
        },
    ),
    "P03": (
        {
            **NEW_HR,
            "pik3ca": "positive",
            "hormone_for_secondary": "with_ai",
            "cdk46_for_secondary": "12_months_or_more",
        },
        {
            "alpelisib-fulvestrant": S,
            "capivasertib-fulvestrant": S,
            "everolimus-exemestane": S,
            "cdk46-inhibitor-with-hormone-therapy": U,
        },
    ),
    "P04": (
        {
            **NEW_HR,
            "pik3ca": "negative",
            "hormone_for_secondary": "with_ai",
            "cdk46_for_secondary": "yes_length_unknown",
            "spread": ["liver"],
            "problems": [],
        },
        {
            "cdk46-inhibitor-with-hormone-therapy": U,
            "alpelisib-fulvestrant": U,
            "capivasertib-fulvestrant": A,
            "elacestrant": A,
            "radiotherapy-palliative": A,
        },
    ),
    "P05": (
        {**NEW_HR, "pik3ca": "positive", "previous": ["cdk46_inhibitor"]},
        {"alpelisib-fulvestrant": A, "everolimus-exemestane": A},
    ),
    "P06": (
        {**NEW_HR, "pik3ca": "positive", "previous": ["hormonal_therapy"]},
        {"alpelisib-fulvestrant": U, "capivasertib-fulvestrant": U},
    ),
    "P07": (
        {**NEW_HR, "brca": "positive", "previous": []},
        {"olaparib": A, "talazoparib": A},
    ),
    "P08": (
        {
            **TRIPLE_NEG,
            "brca": "positive",
            "brca_type": "inherited",
            "anthracycline_ever": "yes",
            "taxane_ever": "yes",
            "chemo_for_secondary": "two_or_more",
        },
        {"olaparib": S, "talazoparib": S, "sacituzumab-govitecan": S, "eribulin": S},
    ),
    "P09": (
        {**TRIPLE_NEG, "pdl1": "positive", "previous": []},
        {
            "atezolizumab-nab-paclitaxel": A,
            "pembrolizumab-chemotherapy": A,
            "sacituzumab-govitecan": U,
            "eribulin": U,
        },
    ),
    "P10": (
        {**TRIPLE_NEG, "pdl1": "negative", "previous": [], "spread": ["liver"], "problems": []},
        {
            "sacituzumab-govitecan": U,
            "eribulin": U,
            "atezolizumab-nab-paclitaxel": U,
            "pembrolizumab-chemotherapy": U,
            "steroids": A,
        },
    ),
    "P11": (
        {
            **TRIPLE_NEG,
            "pdl1": "positive",
            "pdl1_test": "cps10",
            "previous": ["chemotherapy_for_secondary"],
        },
        {"pembrolizumab-chemotherapy": U, "atezolizumab-nab-paclitaxel": U},
    ),
    "P12": (TRIPLE_NEG, {"sacituzumab-govitecan": A, "eribulin": A}),
    "P13": (
        {"er": "negative", "her2": "positive", "previous": []},
        {
            **dict.fromkeys(LATER_HER2, U),
            "trastuzumab-pertuzumab-docetaxel": S,
            "phesgo": S,
        },
    ),
    "P14": (
        {"her2": "positive", "previous": ["her2_targeted_therapy", "chemotherapy_for_secondary"]},
        {
            "trastuzumab-pertuzumab-docetaxel": U,
            "phesgo": U,
            "trastuzumab-emtansine": A,
            "trastuzumab-deruxtecan": S,
            "tucatinib-trastuzumab-capecitabine": A,
        },
    ),
    "P15": (
        {
            "her2": "positive",
            "spread": ["brain"],
            "problems": ["single_brain_tumour"],
            "previous": ["her2_targeted_therapy", "chemotherapy_for_secondary"],
        },
        {
            "surgery-brain": S,
            "radiotherapy-palliative": S,
            "steroids": S,
            "tucatinib-trastuzumab-capecitabine": A,
            "trastuzumab-pertuzumab-docetaxel": U,
            "phesgo": U,
        },
    ),
    "P16": (
        {"er": "positive", "her2": "positive", "menopause": "post", "previous": []},
        {
            **dict.fromkeys(LATER_HER2, U),
            "trastuzumab-pertuzumab-docetaxel": S,
            "aromatase-inhibitor": S,
        },
    ),
    "P17": (TRIPLE_NEG, {"trastuzumab-deruxtecan": U}),
    "P18": ({}, {"eribulin": A, "supportive-care-only": S}),
    "P19": (
        {"er": "negative", "pr": "positive", "her2": "negative"},
        {"aromatase-inhibitor": A, "tamoxifen": A, "fulvestrant": A},
    ),
    "P20": (
        {"er": "positive", "menopause": "not_applicable"},
        {"aromatase-inhibitor": S, "tamoxifen": S},
    ),
    "P21": (
        {"problems": ["spinal_cord_compression"], "spread": ["lung"]},
        {
            "radiotherapy-palliative": S,
            "denosumab": S,
            "bisphosphonates": S,
            "steroids": S,
            "surgery-bone": S,
        },
    ),
    "P22": ({"spread": ["lymph_nodes"], "problems": []}, {"radiotherapy-palliative": A}),
    "P23": (
        {**TRIPLE_NEG, "spread": ["skin"], "problems": ["skin_wound"]},
        {
            "electrochemotherapy": S,
            "wound-dressings": S,
            "radiotherapy-palliative": S,
            "sacituzumab-govitecan": A,
        },
    ),
    "P24": ({"problems": ["high_calcium"]}, {"bisphosphonates": S, "denosumab": A}),
    "P25": (
        {
            **HR_POS_HER2_NEG,
            "menopause": "pre",
            "pik3ca": "positive",
            "previous": ["hormonal_therapy", "cdk46_inhibitor"],
        },
        {
            "everolimus-exemestane": A,
            "cdk46-inhibitor-with-hormone-therapy": U,
            "alpelisib-fulvestrant": A,
        },
    ),
    "P26": (
        {"her2": "positive", "her2_for_secondary": "one"},
        {
            "tucatinib-trastuzumab-capecitabine": U,
            "trastuzumab-pertuzumab-docetaxel": U,
            "phesgo": U,
        },
    ),
    "P27": (
        {"problems": ["liver_one_area", "single_brain_tumour", "limited_spread_good_response"]},
        {
            "surgery-liver": S,
            "radiofrequency-ablation-liver": S,
            "surgery-brain": S,
            "surgery-primary": S,
        },
    ),
    "P28": (
        {**NEW_HR, "previous": ["chemotherapy_for_secondary"]},
        {"everolimus-exemestane": U},
    ),
    "P29": (NEW_HR, {"everolimus-exemestane": A, "alpelisib-fulvestrant": A}),
    "P30": (
        {"er": "positive", "brca": "positive"},
        {"trastuzumab": A, "cdk46-inhibitor-with-hormone-therapy": A},
    ),
    "P31": (
        {"her2": "positive", "problems": ["fluid_on_lung"], "previous": ["her2_targeted_therapy"]},
        {"pleural-drainage": S, "trastuzumab-pertuzumab-docetaxel": U, "phesgo": U},
    ),
    "P32": (
        {"er": "positive", "her2": "positive", "menopause": "pre", "previous": []},
        {"aromatase-inhibitor": S, **dict.fromkeys(LATER_HER2, U)},
    ),
}


def test_the_review_has_32_profiles():
    assert len(REVIEW_PROFILES) == 32


@pytest.mark.parametrize("name", sorted(REVIEW_PROFILES))
def test_review_profile_gives_the_fits_its_option_pages_describe(name):
    data, expected = REVIEW_PROFILES[name]
    result = fits(data)
    assert {slug: result[slug] for slug in expected} == expected
    # Unknown never rules out (review V11): a profile that says nothing rules nothing out.
    if not data:
        assert U not in result.values()
    if data.get("menopause") == "pre":
        for assessment in assess(parse_profile(data), PREMENOPAUSAL_HORMONE):
            if assessment.fit is S:
                assert "ovaries" in text(assessment)
