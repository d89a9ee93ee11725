"""Values shared by the security tests."""

HTMX = {"HTTP_HX_REQUEST": "true"}
# A realistic clinical profile (the content app's contract) for records the tests fill in.
PROFILE = {
    "er": "positive", "pr": "positive", "her2": "negative", "pdl1": "unknown", "brca": "unknown",
    "pik3ca": "negative", "menopause": "post", "spread": ["bone", "liver"], "problems": ["none"],
    "previous": ["hormonal_therapy"],
}  # fmt: skip
