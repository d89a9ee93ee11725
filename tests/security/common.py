"""Values shared by the security tests."""

HTMX = {"HTTP_HX_REQUEST": "true"}
# A realistic clinical profile (the content app's contract) for records the tests fill in.
PROFILE = {
    "er": "positive", "pr": "positive", "her2": "negative", "pdl1": "unknown", "brca": "unknown",
    "pik3ca": "negative", "menopause": "post", "spread": ["bone", "liver"], "problems": ["none"],
    "akt1_pten": "unknown", "esr1": "unknown", "hormone_for_secondary": "with_ai",
    "cdk46_for_secondary": "none", "chemo_for_secondary": "none", "her2_for_secondary": "none",
    "anthracycline_ever": "yes", "taxane_ever": "no",
}  # fmt: skip
