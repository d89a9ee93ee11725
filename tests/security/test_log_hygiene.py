"""Log hygiene: nothing a patient types, and no patient reference, ever reaches a log or the audit
trail, during a whole journey and a nurse's review; errors are logged with a request id only.

A marker string is typed into every free-text answer, used as the team's reference for the
patient (and searched for in the queue) and written in a nurse note. Every logger is captured at
DEBUG while it happens, and every audit row is read back.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import uuid

import pytest
from django import forms
from django.conf import settings
from django.test import Client

from decision_aid.clinic.models import NurseNote
from decision_aid.core.middleware import RequestIdFilter
from decision_aid.core.models import AuditEvent
from decision_aid.documents.models import MdtPack, PackStatus
from decision_aid.journey import services
from decision_aid.journey.models import DecisionRecord
from decision_aid.journey.steps import STEPS, JourneyState
from tests.conftest import PASSWORD, pass_second_factor
from tests.security.common import HTMX, PROFILE

pytestmark = pytest.mark.django_db

MARKER = f"ZQXMARKER-{uuid.uuid4().hex[:16]}"  # short enough for a 40-character reference


class Capture(logging.Handler):
    """Keeps every record, and the line the project's own console handler would write for it
    (formatted at the time, with its request id filter)."""

    def __init__(self, console: logging.Handler | None) -> None:
        super().__init__(level=logging.DEBUG)
        self.console = console
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if self.console is not None:
            for log_filter in self.console.filters:
                log_filter.filter(record)
            self.lines.append(self.console.format(record))


def _project_console() -> logging.Handler | None:
    return next(
        (
            handler
            for handler in logging.getLogger().handlers
            if any(isinstance(f, RequestIdFilter) for f in handler.filters)
        ),
        None,
    )


@pytest.fixture
def captured():
    """Every logger at DEBUG (root, django.request, django.security, axes, weasyprint...),
    whatever the settings say, so anything that could ever be logged is seen."""
    console = _project_console()
    assert console is not None, "the LOGGING console handler with the request id filter"
    capture = Capture(console)
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if not logger.propagate:
            logger.addHandler(capture)
    logging.getLogger().addHandler(capture)
    try:
        yield capture
    finally:
        for logger, level, disabled in saved:
            logger.setLevel(level)
            logger.disabled = disabled
            if capture in logger.handlers:
                logger.removeHandler(capture)


def record_texts(record: logging.LogRecord) -> list[str]:
    """Everything a log record carries that a handler could write out."""
    texts = [str(record.msg), record.getMessage(), repr(record.args)]
    if record.exc_info:
        texts.append(logging.Formatter().formatException(record.exc_info))
    texts += [record.exc_text or "", record.stack_info or ""]
    texts += [value for value in vars(record).values() if isinstance(value, str)]
    return texts


def assert_marker_nowhere(capture: Capture) -> None:
    for record in capture.records:
        for text in record_texts(record):
            assert MARKER not in text, f"{record.name} {record.levelname}: {text[:300]}"
    for line in capture.lines:
        assert MARKER not in line, line
    for row in AuditEvent.objects.values():
        assert MARKER not in repr(row), row


def loaded_value(page_html: str) -> str:
    """The ``_loaded`` hidden field, as the browser sends it back."""
    match = re.search(r'name="_loaded" value="([^"]*)"', page_html)
    return html_lib.unescape(match.group(1)) if match else "{}"


def typed(name: str) -> str:
    """What the patient types into a free-text field: the marker, naming the field."""
    if name == "questions_own":
        return f"{MARKER}-questions-1\n{MARKER}-questions-2"
    return f"{MARKER}-{name}"


def step_answers(record, step) -> dict:
    """Complete, valid answers for one step, with the marker in every free-text field."""
    state = JourneyState(record)
    shortlist = state.answers.get("shortlist") or []
    answers = {
        "about-your-cancer": PROFILE,
        "getting-to-hospital": {"journey_minutes": "45", "cost_per_trip": "12.50"},
        "your-options": {"shortlist": [option.slug for option in state.fitting_options][:4]},
        "compare": {"compare": shortlist[:2]},
        "where-you-are-leaning": {"leaning": "some", "leaning_options": shortlist[:2],
                                  "would_help": ["more_time"]},
        "questions": {"questions_selected": [s.key for s in state.suggested][:2]},
    }.get(step.slug, {}).copy()  # fmt: skip
    form = step.form_class(context=state.form_context())
    for name, field in form.fields.items():
        if name in answers:
            continue
        if isinstance(field.widget, forms.Textarea):
            answers[name] = typed(name)
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.MultipleChoiceField
        ):
            answers[name] = next(str(value) for value, _ in field.choices if value)
    return answers


def free_text_fields(record) -> dict[str, object]:
    """Every free-text answer of the journey (for this record's shortlist): name -> step."""
    state = JourneyState(record)
    return {
        name: step
        for step in STEPS
        if step.form_class is not None
        for name, field in step.form_class(context=state.form_context()).fields.items()
        if isinstance(field.widget, forms.Textarea)
    }


# --- The whole journey and review, watched --------------------------------------------------


@pytest.mark.slow  # the whole journey and review
def test_nothing_typed_and_no_reference_reaches_a_log_or_the_audit_trail(
    catalogue, nurse_a, lead_a, captured, django_capture_on_commit_callbacks
):
    reference = f"{MARKER}-ref"
    assert len(reference) <= 40

    # The nurse signs in (for real) and invites the patient, with the marker as the reference.
    nurse = Client()
    response = nurse.post("/clinic/login", {"username": "nurse-a", "password": PASSWORD})
    assert response.status_code == 302
    pass_second_factor(nurse, nurse_a)
    slip = nurse.post("/clinic/invite", {"reference": reference, "mdt_date": "3/12/2026"})
    code = re.search(r'class="app-access-code">([A-Z0-9-]+)<', slip.content.decode()).group(1)
    record = DecisionRecord.objects.get(case__reference=reference)

    # The patient: a wrong try (the marker typed as a code), then their code, then every step:
    # each free-text answer autosaved as typed, then the page saved with "Save and continue".
    patient = Client()
    patient.get("/start")
    assert patient.post("/start", {"code": MARKER}).status_code == 200
    assert patient.post("/start", {"code": code}).status_code == 302
    for step in STEPS:
        if step.form_class is None:
            continue
        page = patient.get(f"/steps/{step.slug}")
        assert page.status_code == 200
        answers = step_answers(record, step)
        for name, value in answers.items():
            if isinstance(value, str) and value.startswith(MARKER):
                autosave = patient.post(f"/steps/{step.slug}/save/{name}", {name: value}, **HTMX)
                assert autosave.status_code == 200
        posted = {**answers, "_loaded": loaded_value(page.content.decode())}
        response = patient.post(f"/steps/{step.slug}", posted)
        assert response.status_code == 302, (step.slug, response.content.decode()[:2000])
    # An answer over the limit is refused and shown back (with the marker in it).
    what_matters = next(step for step in STEPS if step.slug == "what-matters")
    too_long = patient.post(
        "/steps/what-matters",
        {**step_answers(record, what_matters), "matters_most": MARKER + "x" * 2000},
    )
    assert "2,000 characters or fewer" in too_long.content.decode()
    assert patient.get("/steps/check-answers").status_code == 200
    assert patient.post("/steps/check-answers").status_code == 302
    assert MARKER in patient.get("/my-summary").content.decode()
    assert patient.get("/my-summary.pdf").status_code == 200

    # Everything typed was kept exactly.
    answers = services.load_answers(record)
    for name in free_text_fields(record):
        assert answers[name] == typed(name), name

    # The nurse reviews: the queue, a search by the reference (in the query string), a search
    # that is not found, the patient, a note, the status, the MDT date, the PDFs and a pack.
    patient_url = f"/clinic/patients/{record.pk}"
    assert nurse.get("/clinic/").status_code == 200
    found = nurse.get("/clinic/", {"reference": reference})
    assert reference in found.content.decode()
    assert nurse.get("/clinic/", {"reference": reference}, **HTMX).status_code == 200
    not_found = nurse.get("/clinic/", {"reference": reference, "team": "no-such-team"})
    assert not_found.status_code == 404
    assert nurse.get(f"/clinic/patients/{uuid.uuid4()}", {"q": MARKER}).status_code == 404
    assert MARKER in nurse.get(patient_url).content.decode()
    note = f"{MARKER}-note: asked about driving after treatment"
    assert nurse.post(f"{patient_url}/notes", {"text": note}).status_code == 302
    assert nurse.post(f"{patient_url}/notes", {"text": MARKER * 100}).status_code == 200  # too long
    assert nurse.post(f"{patient_url}/status", {"status": "reviewed"}).status_code == 302
    assert nurse.post(f"{patient_url}/mdt-date", {"mdt_date": "3/12/2026"}).status_code == 302
    for pdf in ("mdt-summary.pdf", "patient-summary.pdf"):
        response = nurse.get(f"{patient_url}/{pdf}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert MARKER not in response["Content-Disposition"]
    with django_capture_on_commit_callbacks(execute=True):
        response = nurse.post("/clinic/packs", {"mdt_date": "3/12/2026"})
    pack = MdtPack.objects.get()
    assert pack.status == PackStatus.DONE and pack.patients == 1
    assert nurse.get(f"/clinic/packs/{pack.pk}/download").status_code == 200
    assert NurseNote.objects.get().text == note

    lead = Client()
    lead.force_login(lead_a)
    assert lead.get("/clinic/audit").status_code == 200

    # The logs were captured (the audit service logs each event; the 404s were logged)...
    messages = [record.getMessage() for record in captured.records]
    assert any(m.startswith("audit record_changed") for m in messages)
    assert any(m.startswith("Not Found: /clinic/") for m in messages)
    assert AuditEvent.objects.filter(record_id=record.pk).count() > 20
    # ...and not one of them, nor any audit row, holds the marker.
    assert_marker_nowhere(captured)


def test_the_capture_sees_every_logger_at_debug(captured):
    """The check above is only as good as its capture: loggers the settings keep quiet (axes,
    weasyprint, SQL) and the project's own are all seen at DEBUG, with the request id field."""
    names = ("axes.handlers", "weasyprint", "django.db.backends", "django.security.csrf",
             "decision_aid.journey.views", "some.library.nobody.configured")  # fmt: skip
    for name in names:
        logging.getLogger(name).debug("probe from %s", name)
    seen = {record.name for record in captured.records if record.getMessage().startswith("probe")}
    assert seen == set(names)
    assert all(" DEBUG [-] " in line for line in captured.lines if "probe from" in line)


def test_sql_is_never_logged_even_at_debug():
    """Queries carry answers: django.db.backends stays at WARNING whatever LOG_LEVEL says."""
    level = settings.LOGGING["loggers"]["django.db.backends"]["level"]
    numeric = level if isinstance(level, int) else logging.getLevelNamesMapping()[level]
    assert numeric >= logging.WARNING


# --- Errors: a request id, never content ------------------------------------------------------


def test_an_error_is_logged_with_its_request_id_and_without_content(
    catalogue, captured, monkeypatch
):
    record = services.start_record(self_started=True)
    patient = Client(raise_request_exception=False)
    session = patient.session
    session["journey_record"] = str(record.pk)
    session.save()

    def fail(*args, **kwargs):
        raise RuntimeError("forced failure while saving")

    monkeypatch.setattr(services, "save_answers", fail)
    response = patient.post(
        "/steps/what-matters", {"matters_most": f"{MARKER}-error", "coming_months": MARKER}
    )

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    request_id = response["X-Request-ID"]
    errors = [
        line for line in captured.lines if "Internal Server Error: /steps/what-matters" in line
    ]
    assert len(errors) == 1
    assert f"[{request_id}]" in errors[0]
    assert "RuntimeError: forced failure while saving" in errors[0]  # the traceback is there
    assert_marker_nowhere(captured)


def test_a_refusal_a_view_returns_is_logged_with_its_request_id(db, captured):
    """django.request logs a 4xx a view returned after the middleware has finished: it still
    carries the request's id."""
    patient = Client()
    for _ in range(6):  # the sixth try in a minute is refused (429)
        response = patient.post("/start", {"code": MARKER}, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 429
    refused = [line for line in captured.lines if "Too Many Requests: /start" in line]
    assert len(refused) == 1
    assert f"[{response['X-Request-ID']}]" in refused[0]
    assert_marker_nowhere(captured)
