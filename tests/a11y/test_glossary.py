"""The glossary ("Words we use"): it explains every medical term patients meet, and pages link
the first use of each term to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from markupsafe import Markup, escape

from decision_aid.content import glossary
from decision_aid.content.glossary import GlossaryLinker
from decision_aid.journey import bank, services
from decision_aid.journey.session import SESSION_KEY
from tests.a11y.test_readability import catalogue_units

pytestmark = pytest.mark.slow  # every patient page and the whole catalogue, read

# Medical words a patient may not know, kept apart from the glossary so that the test below
# can find a term the glossary forgot. Add to it when new content uses a new medical word.
KNOWN_MEDICAL_TERMS = """
ER | ER positive | oestrogen receptor | PR | progesterone receptor | HER2 | HER2 positive |
HER2-low | HER2 low | triple negative | PD-L1 | BRCA | BRCA1 | BRCA2 | PIK3CA | ESR1 | gene change |
mutation | oestrogen | progesterone | hormone | menopause | MDT | multidisciplinary team |
metastatic | secondary breast cancer | primary breast cancer | stage 4 | lymph nodes |
immune system | spinal cord | hypercalcaemia | hormone therapy | aromatase inhibitor |
ovarian suppression | chemotherapy | targeted therapy | targeted drug | CDK4/6 inhibitor |
PARP inhibitor | immunotherapy | radiotherapy | palliative radiotherapy | bisphosphonate |
steroids | anaesthetic | general anaesthetic | local anaesthetic | clinical trial |
palliative care | supportive care | side effect | drip | cannula | PICC | PICC line | port |
injection | cycle | dose | day unit | blood test | blood cells | white blood cells |
red blood cells | platelets | anaemia | scan | CT scan | MRI scan | bone scan | PET-CT scan |
X-ray | bone density scan | ultrasound | echocardiogram | ECG | heart scan | DPD | oncologist |
clinical nurse specialist | specialist nurse | breast care nurse | GP | hospice | dietitian |
physiotherapist | pharmacist | cancer cells
"""
TERMS = [t.strip() for t in KNOWN_MEDICAL_TERMS.split("|") if t.strip()]
TEMPLATES = Path(settings.BASE_DIR) / "templates"
PATIENT_TEMPLATES = ["core", "content", "journey", "layouts", "errors"]


def used(term: str, text: str) -> bool:
    flags = 0 if sum(c.isupper() for c in term) >= 2 else re.IGNORECASE
    words = r"[\s-]+".join(re.escape(w) for w in term.split())
    return re.search(rf"(?<![\w/-]){words}(?![\w/+-])", text, flags) is not None


def explained(term: str) -> bool:
    """The glossary has an entry whose spelling covers the whole term."""
    return any(written.lower() == term.lower() for _, written in glossary.find_terms(term))


@pytest.fixture
def patient_text(catalogue):
    texts = [text for _, text in catalogue_units(catalogue)]
    texts += [q.text for q in bank.question_bank()]
    texts += [f"{k.statement} {k.explanation}" for k in bank.knowledge_bank()]
    for folder in PATIENT_TEMPLATES:
        texts += [p.read_text(encoding="utf-8") for p in (TEMPLATES / folder).glob("*.jinja")]
    return "\n".join(texts)


def test_every_medical_term_patients_meet_is_in_the_glossary(patient_text):
    found = [term for term in TERMS if used(term, patient_text)]
    assert len(found) > 40  # the list really is matched against the content
    missing = [term for term in found if not explained(term)]
    assert not missing, (
        f"medical terms used but not in decision_aid/content/glossary.yaml: {missing}"
    )


def test_the_check_would_catch_a_term_the_glossary_lacks():
    assert explained("HER2-low") and explained("CDK4/6 inhibitors")
    assert not explained("thrombocytopenia")
    assert used("PICC", "a line such as a PICC, in the arm") and not used("ER", "HER2 and ERROR")


def test_each_term_has_one_entry_and_a_unique_anchor():
    terms = glossary.terms()
    ids = [t.id for t in terms]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    spellings = [s.lower() for t in terms for s in t.spellings]
    assert len(spellings) == len(set(spellings)), "a spelling belongs to two entries"
    assert all(t.text.endswith(".") and len(t.text.split()) >= 5 for t in terms)


def test_glossary_page_explains_each_term_with_an_anchor(client, db):
    response = client.get("/glossary")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Words we use"]
    assert "<title>Words we use – " in html
    for term in glossary.terms():
        assert f'id="{term.id}">{term.term}</h3>' in html
        assert str(escape(term.text)) in html


# --- Links from patient text -------------------------------------------------------------------


def test_the_linker_links_the_first_use_of_each_term_on_a_page(db):
    link = GlossaryLinker()
    first = link("HER2 positive cancer has a lot of HER2. Chemotherapy may help.")
    assert first == Markup(
        '<a class="app-glossary-link" href="/glossary#her2">HER2 positive</a> cancer has a '
        'lot of HER2. <a class="app-glossary-link" href="/glossary#chemotherapy">Chemotherapy'
        "</a> may help."
    )
    # Later text on the same page: HER2 and chemotherapy are not linked again.
    assert link("More chemotherapy, for HER2.") == Markup("More chemotherapy, for HER2.")
    # A new page (a new linker) links them again.
    assert "glossary#chemotherapy" in GlossaryLinker()("More chemotherapy.")


def test_the_linker_escapes_text_and_matches_whole_words_only(db):
    link = GlossaryLinker()
    html = link('<script>alert("ER")</script> & HER2-low, not ERROR or her. Scans & MRI')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;" in html
    assert '<a class="app-glossary-link" href="/glossary#er">ER</a>' in html
    assert 'href="/glossary#her2-low">HER2-low</a>' in html
    assert "ERROR or her." in html
    assert 'href="/glossary#scan">Scans</a> &amp; MRI' in html  # same entry: linked once
    assert str(link(None)) == ""
    already = Markup("<b>HER2</b>")
    assert link(already) is already  # HTML from a template is left alone


def test_lowercase_words_never_match_an_acronym(db):
    assert GlossaryLinker()("er, pr and gp") == Markup("er, pr and gp")


@pytest.fixture
def patient(client, catalogue):
    record = services.start_record(self_started=True)
    services.save_answers(
        record,
        {
            "er": "positive", "her2": "negative", "menopause": "post", "spread": ["bone"],
            "shortlist": ["fulvestrant", "paclitaxel"], "compare": ["fulvestrant", "paclitaxel"],
        },
    )  # fmt: skip
    session = client.session
    session[SESSION_KEY] = str(record.pk)
    session.save()
    return client


def test_patient_pages_link_the_first_use_of_terms_to_entries_that_exist(patient):
    """A page links the first use of a term, once; an option's own page links its terms (it is
    read on its own)."""
    ids = {t.id for t in glossary.terms()}
    for path in ("/steps/your-options", "/steps/compare", "/options/fulvestrant"):
        html = patient.get(path).content.decode()
        anchors = re.findall(r'href="/glossary#([a-z0-9-]+)"', html)
        assert anchors, path
        assert set(anchors) <= ids, path
        main = html.split('id="maincontent"')[1]
        linked = re.findall(r'href="/glossary#([a-z0-9-]+)"', main)
        assert len(linked) == len(set(linked)), f"{path}: a term is linked twice"
        if path == "/options/fulvestrant":
            assert main.lower().count("hormone therapy") >= 1
    html = patient.get("/steps/about-your-cancer").content.decode()
    assert 'href="/glossary"' in html  # the step's intro points to the whole page
