"""Fuzzing every form endpoint with hypothesis: bad input never breaks a page.

Generated submissions (very long strings, any unicode including astral characters, emoji and
right-to-left text, control characters and NUL, HTML and script payloads, wrong types, unknown
choices, missing and extra fields) go to every patient step, every autosave endpoint, the access
code page, and every clinic form. For each: no 500; invalid input gets a 200 with the message
next to its field; accepted free text is stored exactly (after the form's documented trimming of
surrounding white space) and is escaped wherever it is shown, on pages and in PDFs. Oversized
bodies get a plain-English 413 page.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urlencode

import pytest
from django import forms
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client, override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from decision_aid.clinic.forms import (
    ClaimForm,
    InvitationForm,
    LoginForm,
    MdtDateForm,
    NoteForm,
    ProfileForm,
    QueueFilterForm,
)
from decision_aid.clinic.models import CaseFile, NurseNote
from decision_aid.content.models import ContentRelease
from decision_aid.core.html import collapse_whitespace
from decision_aid.core.models import AuditEvent
from decision_aid.documents.views import PackForm
from decision_aid.journey import questions as q
from decision_aid.journey import services
from decision_aid.journey.forms import AccessCodeForm
from decision_aid.journey.models import Answer, DecisionRecord
from decision_aid.journey.session import SESSION_KEY
from decision_aid.journey.steps import STEPS, STEPS_BY_SLUG, JourneyState
from tests.conftest import make_record
from tests.documents.test_pdfs import pdftotext
from tests.security.common import HTMX, PROFILE

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow tier: many generated inputs

# Locally each run explores new inputs; in CI (CI=true) the examples are fixed, so a landing is
# never decided by chance. Anything a local run finds becomes an @example or a test.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=os.environ.get("CI", "").lower() == "true",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORM_STEPS = [step for step in STEPS if step.form_class is not None]

# Hand-written payloads, mixed into every text strategy.
PAYLOADS = (
    '<script>alert("zqx")</script>',
    '"><script>alert(1)</script><"',
    "</textarea><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    "{{ 7 * 7 }} {% debug %} ${7*7}",
    "Robert'); DROP TABLE journey_answer;--",
    "\u202eRTL override\u202c and \u200fmark",
    "مرحبا، أريد أن أعيش طويلا",
    "שלום, אני רוצה לחיות",
    "😀👩🏽‍⚕️🎗️ \U0001f9ec\U0001f9ec",
    "line one\r\nline two\n\tindented",
    "\x00",
    "NUL \x00 in the middle",
    "bell\x07 escape\x1b[31m delete\x7f form\x0c feed",
    "\ufeffbyte order mark",
    "\u200b",
    "   ",
    "",
)


def long_text() -> st.SearchStrategy[str]:
    """Around the 2,000 character limit, in 1 to 4 byte characters."""
    return st.builds(
        lambda ch, n: ch * n, st.sampled_from(["x", "é", "中", "😀", "\u202e"]),
        st.integers(1990, 2010),
    )  # fmt: skip


def text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(PAYLOADS),
        st.text(max_size=80),  # any unicode: astral, RTL, control characters, NUL
        st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "So"]), max_size=30),
        long_text(),
    )


def json_values() -> st.SearchStrategy:
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=6,
    )


def value_for(field: forms.Field) -> st.SearchStrategy:
    """Right and wrong values for one field: valid choices, unknown choices, text in number
    fields, lists where one value is expected."""
    junk = text()
    if isinstance(field, forms.MultipleChoiceField):
        valid = [str(value) for value, _ in field.choices]
        item = st.one_of(st.sampled_from(valid), junk) if valid else junk
        return st.lists(item, max_size=5)
    if isinstance(field, forms.ChoiceField):
        valid = [str(value) for value, _ in field.choices]
        return st.one_of(st.sampled_from(valid), junk, st.lists(junk, min_size=2, max_size=2))
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return st.one_of(
            st.integers(-(10**6), 10**6).map(str),
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
            st.sampled_from(["45", "12.50", "1e3", "NaN", "-0", "٤٥", "0x10", "1_000", "9" * 5000]),
            junk,
        )
    if isinstance(field, forms.DateField):
        return st.one_of(
            st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
            st.sampled_from(["31/02/2026", "2026-13-01", "3/12/2026", "0/0/0", "yesterday"]),
            junk,
        )
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "true", "1", ""]), junk)
    return junk


EXTRA_NAMES = (
    "team", "is_admin", "done_about_your_cancer", "status", "record", "id", "action", "change",
)  # fmt: skip


@st.composite
def submission(draw, form: forms.Form, extra_names=EXTRA_NAMES) -> dict:
    """A POST for ``form``: each field present or missing, plus extra fields."""
    data = {}
    for name, field in form.fields.items():
        if draw(st.integers(0, 5)):  # mostly present; sometimes missing
            data[name] = draw(value_for(field))
    extras = draw(
        st.dictionaries(
            st.one_of(st.sampled_from(extra_names), st.from_regex(r"[a-z_]{1,12}", fullmatch=True)),
            st.one_of(text(), st.lists(text(), max_size=2)),
            max_size=3,
        )
    )
    for name, value in extras.items():
        data.setdefault(name, value)
    return data


def post(client: Client, path: str, data: dict, urlencoded: bool, **extra):
    """POST as a browser does (urlencoded) or as multipart: the parsers must agree."""
    if urlencoded:
        body = urlencode(data, doseq=True)
        return client.post(path, body, content_type="application/x-www-form-urlencoded", **extra)
    return client.post(path, data, **extra)


def as_querydict(data: dict) -> QueryDict:
    """What the view's request.POST holds for this submission."""
    return QueryDict(urlencode(data, doseq=True))


def field_errors(form: forms.Form, data: dict) -> dict[str, list[str]]:
    """Each field's own errors for ``data`` (field validation only, no form-wide clean)."""
    bound = as_querydict(data)
    errors = {}
    for name, field in form.fields.items():
        try:
            field.clean(field.widget.value_from_datadict(bound, {}, form.add_prefix(name)))
        except forms.ValidationError as error:
            errors[name] = list(error.messages)
    return errors


def as_text(value) -> str:
    """What a text field receives for this submitted value (the last one, for a list)."""
    if isinstance(value, list):
        return value[-1] if value else ""
    return "" if value is None else value


def text_is_valid(value: str, limit: int) -> bool:
    """Free text rules, written independently of the forms: no NUL, at most ``limit``
    characters after trimming."""
    return "\x00" not in value and len(value.strip()) <= limit


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.content.decode(errors="replace")[:500]


def assert_error_next_to_field(html: str, bound: forms.BoundField, message: str) -> None:
    """The message is in the field's own error element (NHS.UK pattern), escaped. White space
    is compared as a browser shows it (the component re-indents line breaks)."""
    marker = f'id="{bound.auto_id}-error"'
    start = html.find(marker)
    assert start != -1, f"no error shown next to {bound.name}: {message}"
    shown = html[start : start + 400 + 2 * len(str(escape(message)))]
    assert " ".join(str(escape(message)).split()) in " ".join(shown.split())


def assert_errors_shown(html: str, form: forms.Form) -> None:
    """Each field's first error next to it; every error in the summary at the top."""
    for name, messages in form.errors.items():
        if name != forms.forms.NON_FIELD_ERRORS:
            assert_error_next_to_field(html, form[name], messages[0])
        for message in messages:
            assert " ".join(str(escape(message)).split()) in " ".join(html.split())


# Markup from PAYLOADS that no page ever contains unless a payload came back unescaped.
RAW_MARKERS = ("<script>alert(", "<img src=x onerror=", "</textarea><script>")


def assert_never_raw(html: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, f"unescaped markup in the page: {marker!r}"


def free_text_fields(form: forms.Form) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)
    ]


# --- Fixtures ----------------------------------------------------------------------------

_RELEASE: dict = {}


@pytest.fixture
def release(db):
    """The shipped catalogue's content release: all the journey, clinic and PDFs read. The
    whole catalogue is loaded once; later tests copy its release row (much quicker)."""
    if not _RELEASE:
        call_command("load_catalogue", verbosity=0)
        latest = ContentRelease.objects.latest("id")
        _RELEASE.update(summary=latest.summary, digest=latest.digest, snapshot=latest.snapshot)
        return latest
    return ContentRelease.objects.create(**_RELEASE)


@pytest.fixture
def patient_record(release):
    """A self-started record with a profile and four options shortlisted, so every dynamic
    step (weigh up, compare, knowledge, questions) has all its fields."""
    record = services.start_record(self_started=True)
    services.save_answers(record, PROFILE)
    fitting = [option.slug for option in JourneyState(record).fitting_options]
    record.baseline = {**PROFILE, "shortlist": fitting[:4], "compare": fitting[:2]}
    services.save_answers(record, record.baseline)
    return record


def reset(record) -> None:
    """Back to the fixture's answers, so each generated example starts from the same state
    (and the fields a step has do not depend on what an earlier example saved)."""
    Answer.objects.filter(record=record).delete()
    services.save_answers(record, record.baseline)


@pytest.fixture
def patient(client, patient_record) -> Client:
    session = client.session
    session[SESSION_KEY] = str(patient_record.pk)
    session.save()
    return client


def step_form(record, step, data=None, partial=False):
    state = JourneyState(record)
    return step.form_class(
        data, initial=state.answers, context=state.form_context(), partial=partial
    )


# --- Patient steps -----------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_fuzzed_step_submissions_never_break_and_explain_every_error(patient, patient_record, data):
    reset(patient_record)
    step = data.draw(st.sampled_from(FORM_STEPS), label="step")
    form = step_form(patient_record, step)
    posted = data.draw(submission(form), label="post")
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    before = services.load_answers(patient_record)
    expected = step_form(patient_record, step, as_querydict(posted))  # oracle for the errors
    expected.is_valid()

    response = post(patient, f"/steps/{step.slug}", posted, urlencoded)

    assert_no_server_error(response)
    assert response.status_code in (200, 302)
    after = services.load_answers(patient_record)
    if expected.errors:
        assert response.status_code == 200
        html = response.content.decode()
        assert_errors_shown(html, expected)
        assert_never_raw(html)
        assert after.get(step.done_key) == before.get(step.done_key)
    else:
        staying = as_text(posted.get("action")) == "stay"
        assert response.status_code == (200 if staying else 302)
    for name in free_text_fields(form):
        typed = as_text(posted.get(name))
        assert (name not in expected.errors) == text_is_valid(typed, q.FREE_TEXT_LIMIT)
        if name not in expected.errors:
            assert after.get(name, "") == typed.strip()  # stored exactly
        else:
            assert after.get(name) == before.get(name)  # refused: nothing changed
    # Extra fields are never stored as answers, whatever they are called.
    for name in set(posted) - set(form.fields):
        assert after.get(name) == before.get(name)


@FUZZ
@given(data=st.data())
def test_a_tampered_loaded_field_never_breaks_a_step(patient, patient_record, data):
    """``_loaded`` (the values the page was loaded with) comes back from the browser."""
    reset(patient_record)
    step = data.draw(st.sampled_from(FORM_STEPS), label="step")
    form = step_form(patient_record, step)
    loaded = data.draw(
        st.one_of(
            text(),
            st.dictionaries(st.sampled_from(list(form.fields)), json_values()).map(json.dumps),
            json_values().map(json.dumps),
        ),
        label="_loaded",
    )
    posted = {**data.draw(submission(form), label="post"), "_loaded": loaded}
    response = post(patient, f"/steps/{step.slug}", posted, data.draw(st.booleans()))
    assert_no_server_error(response)
    assert response.status_code in (200, 302)


@FUZZ
@given(data=st.data())
def test_fuzzed_autosaves_never_break_and_save_only_valid_answers(patient, patient_record, data):
    reset(patient_record)
    step = data.draw(st.sampled_from(FORM_STEPS), label="step")
    form = step_form(patient_record, step)
    unknown = st.from_regex(r"[a-z_]{1,20}", fullmatch=True)
    name = data.draw(st.one_of(st.sampled_from(list(form.fields)), unknown), label="field")
    posted = {}
    if name in form.fields and data.draw(st.integers(0, 4)):
        posted[name] = data.draw(value_for(form.fields[name]), label="value")
    if data.draw(st.booleans()):
        posted["_block"] = data.draw(st.sampled_from(["1", "0", "x"]))
    htmx = data.draw(st.booleans(), label="htmx")
    before = services.load_answers(patient_record)

    response = post(
        patient, f"/steps/{step.slug}/save/{name}", posted, data.draw(st.booleans()),
        **(HTMX if htmx else {}),
    )  # fmt: skip

    assert_no_server_error(response)
    if name not in form.fields:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    expected = step_form(patient_record, step, as_querydict(posted), partial=True)
    expected.is_valid()
    after = services.load_answers(patient_record)
    html = response.content.decode()
    if name in expected.errors:  # the field again, with its (first) error next to it
        assert_error_next_to_field(html, expected[name], expected.errors[name][0])
        assert response["HX-Retarget"] == f"#autosave-{name}"
        assert after.get(name) == before.get(name)
        assert_never_raw(html)
    else:
        assert after.get(name) == expected.answer(name)  # a blank number: no answer at all
        if name in free_text_fields(form):
            assert after[name] == as_text(posted.get(name)).strip()


@FUZZ
@given(data=st.data())
def test_accepted_free_text_is_stored_exactly_and_shown_escaped(patient, patient_record, data):
    reset(patient_record)
    fields = {
        name: step
        for step in FORM_STEPS
        for name in free_text_fields(step_form(patient_record, step))
        if name != "questions_own"  # shown line by line; see the escaping test below
    }
    name = data.draw(st.sampled_from(sorted(fields)), label="field")
    step = fields[name]
    typed = data.draw(text().filter(lambda t: text_is_valid(t, q.FREE_TEXT_LIMIT)), label="text")
    response = patient.post(f"/steps/{step.slug}/save/{name}", {name: typed}, **HTMX)
    assert response.status_code == 200
    stored = services.load_answers(patient_record).get(name, "")
    assert stored == typed.strip()
    if stored:
        for path in ("/my-summary", "/steps/check-answers"):
            html = patient.get(path).content.decode()
            # As the page is sent: escaped, with white space that holds a line break made one
            # line break (decision_aid.core.html; a browser shows both the same).
            assert collapse_whitespace(str(escape(stored))) in html, path
            assert_never_raw(html)


# --- Access codes ------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_fuzzed_access_codes_never_break_and_always_get_a_clear_answer(client, db, data):
    posted = data.draw(submission(AccessCodeForm()), label="post")
    address = data.draw(st.ip_addresses(v=4).map(str), label="address")
    expected = AccessCodeForm(as_querydict(posted) or None)  # as the view binds it
    response = post(client, "/start", posted, data.draw(st.booleans()), REMOTE_ADDR=address)
    assert_no_server_error(response)
    assert response.status_code in (200, 429)
    html = response.content.decode()
    if not expected.is_bound:  # an empty POST (no browser sends one): the blank form again
        assert response.status_code == 200 and "nhsuk-error-message" not in html
    elif not expected.is_valid():
        assert_errors_shown(html, expected)
    else:  # a well-formed guess: the same answer for every wrong code
        assert "did not work" in html or "too many times" in html
    assert SESSION_KEY not in client.session
    assert_never_raw(html)


# --- Clinic forms ------------------------------------------------------------------------


@pytest.fixture
def nurse(client, nurse_a):
    client.force_login(nurse_a)
    return client


@pytest.fixture
def clinic_record(team_a, release):
    return make_record(team_a, "FUZZ-REF-1", journey_minutes=20)


def _clinic_endpoints(record) -> dict:
    """path, form class (None: no fields), whether the page reads ?team=."""
    base = f"/clinic/patients/{record.pk}"
    return {
        "queue": ("/clinic/", QueueFilterForm, True),  # a GET: the search and filters
        "invite": ("/clinic/invite", InvitationForm, True),
        "claim": ("/clinic/claim", ClaimForm, True),
        "note": (f"{base}/notes", NoteForm, False),
        "profile": (f"{base}/profile", ProfileForm, False),
        "mdt-date": (f"{base}/mdt-date", MdtDateForm, False),
        "status": (f"{base}/status", None, False),
        "reissue": (f"{base}/code", None, False),
        "revoke": (f"{base}/code/revoke", None, False),
        "packs": ("/clinic/packs", PackForm, True),
    }


@FUZZ
@given(data=st.data())
def test_fuzzed_clinic_forms_never_break_and_explain_every_error(
    nurse, clinic_record, team_a, data
):
    endpoints = _clinic_endpoints(clinic_record)
    which = data.draw(st.sampled_from(sorted(endpoints)), label="endpoint")
    path, form_class, reads_team = endpoints[which]
    form = form_class() if form_class else forms.Form()
    posted = data.draw(submission(form), label="post")
    if which == "status":
        posted["status"] = data.draw(st.one_of(st.sampled_from(["reviewed", "discussed"]), text()))
    notes_before = NurseNote.objects.count()

    if which == "queue":
        response = nurse.get(path, posted, **(HTMX if data.draw(st.booleans()) else {}))
    else:
        response = post(nurse, path, posted, data.draw(st.booleans()), REMOTE_ADDR="192.0.2.50")

    assert_no_server_error(response)
    team = as_text(posted.get("team"))
    if reads_team and team and team != team_a.slug:
        assert response.status_code == 404  # not one of the nurse's teams, whatever it is
        return
    assert response.status_code in (200, 302)
    html = response.content.decode()
    if form_class is None:
        return
    bound = as_querydict(posted)
    if which in ("invite", "claim", "packs", "queue"):  # they bind ``request.POST or None``
        bound = bound or None
    expected = form_class(bound)
    if which == "queue":  # filters that do not make sense are ignored; the page still shows
        assert response.status_code == 200
        assert_never_raw(html)
        return
    if expected.is_bound and not expected.is_valid():
        assert response.status_code == 200
        assert_errors_shown(html, expected)
        assert_never_raw(html)
    if which == "note":
        typed = as_text(posted.get("text"))
        valid = bool(typed.strip()) and text_is_valid(typed, 2000)
        assert expected.is_valid() == valid
        if valid:
            assert NurseNote.objects.latest("id").text == typed.strip()  # stored exactly
        else:
            assert NurseNote.objects.count() == notes_before
    if which == "invite" and expected.is_valid():
        typed = as_text(posted.get("reference"))
        assert CaseFile.objects.latest("id").reference == typed.strip()  # stored exactly
        assert_never_raw(html)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])  # speed
@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_fuzzed_sign_ins_never_break(client, db, data):
    posted = data.draw(submission(LoginForm()), label="post")
    address = data.draw(st.ip_addresses(v=4).map(str), label="address")
    response = post(client, "/clinic/login", posted, data.draw(st.booleans()), REMOTE_ADDR=address)
    assert_no_server_error(response)
    assert response.status_code in (200, 403, 429)  # locked out after repeated failures
    if response.status_code == 200:
        form = LoginForm()
        html = response.content.decode()
        for name, messages in field_errors(form, posted).items():
            for message in messages:
                assert_error_next_to_field(html, form[name], message)
    assert "_auth_user_id" not in client.session


@settings(FUZZ, max_examples=10)
@given(data=st.data())
def test_fuzzed_posts_to_pages_without_fields_never_break(client, release, data):
    path = data.draw(st.sampled_from(["/start/new", "/your-code/new", "/leave"]), label="path")
    posted = data.draw(submission(forms.Form()), label="post")
    address = data.draw(st.ip_addresses(v=4).map(str))
    response = post(client, path, posted, data.draw(st.booleans()), REMOTE_ADDR=address)
    assert_no_server_error(response)
    assert response.status_code in (302, 429)


@settings(FUZZ, max_examples=15)
@given(st.one_of(st.text(max_size=80), st.from_regex(r"[A-Za-z0-9-]{1,80}", fullmatch=True)))
@example("a" * 36)
@example("a" * 37)  # longer than the audit trail's column: it used to be kept
@example("a" * 64)
@example("abcdefgh\n")  # a line break: it used to be kept (and broke the response header)
@example("abcdefgh\r\nX-Evil: 1")
def test_any_request_id_header_is_safe_and_fits_the_audit_trail(nurse, request_id):
    """A client's X-Request-ID is echoed, logged and audited only if it is short and plain."""
    response = nurse.get("/clinic/", HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 200
    echoed = response["X-Request-ID"]
    assert re.fullmatch(r"[A-Za-z0-9-]{8,36}", echoed)
    assert echoed == request_id or not re.fullmatch(r"[A-Za-z0-9-]{8,36}", request_id)
    audited = AuditEvent.objects.latest("id").request_id
    assert audited == echoed
    assert len(audited) <= AuditEvent._meta.get_field("request_id").max_length


# --- What the fuzzing found, pinned down -------------------------------------------------


def test_clearing_a_number_answer_removes_it_instead_of_failing(patient, patient_record):
    """A number field left blank is None: it used to be written as SQL NULL (a 500)."""
    services.save_answers(patient_record, {"cost_per_trip": "12.50", "journey_minutes": 40})
    for field in ("cost_per_trip", "journey_minutes"):  # autosave: each may be blank meanwhile
        response = patient.post(f"/steps/getting-to-hospital/save/{field}", {field: ""}, **HTMX)
        assert response.status_code == 200
        assert field not in services.load_answers(patient_record)
    services.save_answers(patient_record, {"cost_per_trip": "12.50"})
    response = patient.post(
        "/steps/getting-to-hospital",
        {"journey_minutes": "40", "travel_mode": "car", "journey_hard": "no", "cost_per_trip": ""},
    )
    assert response.status_code == 302
    answers = services.load_answers(patient_record)
    assert "cost_per_trip" not in answers and answers["journey_minutes"] == 40


def test_a_loaded_value_of_the_wrong_shape_is_ignored(patient, patient_record):
    """``_loaded`` saying a list answer was a number used to crash comparing them (a 500)."""
    response = patient.post(
        "/steps/about-your-cancer",
        {"_loaded": json.dumps({"spread": 5, "problems": True}), "spread": ["bone"]},
    )
    assert response.status_code == 200
    assert services.load_answers(patient_record)["spread"] == ["bone"]


def test_a_team_that_is_not_a_slug_is_not_found(nurse):
    """PostgreSQL refuses NUL in a query: a ?team= that cannot be a slug is a 404 first."""
    for team in ("team-a\x00", "team-a\n", "<script>", "😀"):
        assert nurse.get("/clinic/", {"team": team}).status_code == 404
        assert nurse.post("/clinic/invite", {"team": team, "reference": "R"}).status_code == 404
    assert not CaseFile.objects.exists()


# --- NUL: a clear form error on every database ------------------------------------------


def test_nul_in_any_free_text_is_a_form_error_not_a_server_error(
    patient, patient_record, nurse_a, team_a, clinic_record
):
    """PostgreSQL cannot store NUL; Django's forms refuse it first, next to the field."""
    for step in FORM_STEPS:
        form = step_form(patient_record, step)
        for name in free_text_fields(form):
            for path, extra in ((f"/steps/{step.slug}", {}),
                                (f"/steps/{step.slug}/save/{name}", HTMX)):  # fmt: skip
                response = patient.post(path, {name: "before\x00after"}, **extra)
                assert response.status_code == 200, (path, name)
                assert_error_next_to_field(
                    response.content.decode(), form[name], "Null characters are not allowed."
                )
                assert name not in services.load_answers(patient_record)
    response = patient.post("/start", {"code": "ABCDE\x00FGHJK"})
    assert_error_next_to_field(
        response.content.decode(), AccessCodeForm()["code"], "Null characters are not allowed."
    )

    nurse = Client()
    nurse.force_login(nurse_a)
    base = f"/clinic/patients/{clinic_record.pk}"
    for path, posted, form_class, name in (
        (f"{base}/notes", {"text": "note\x00"}, NoteForm, "text"),
        ("/clinic/invite", {"reference": "REF\x00"}, InvitationForm, "reference"),
        ("/clinic/claim", {"code": "ABCDEFGHJK", "reference": "\x00"}, ClaimForm, "reference"),
    ):
        response = nurse.post(path, posted)
        assert response.status_code == 200, path
        assert_error_next_to_field(
            response.content.decode(), form_class()[name], "Null characters are not allowed."
        )
    assert not NurseNote.objects.exists()
    assert CaseFile.objects.count() == 1  # only clinic_record: no invitation was made
    response = nurse.get("/clinic/", {"team": "team-a\x00", "reference": "x"})
    assert response.status_code == 404


# --- Escaping on every page and in every PDF ---------------------------------------------


def payload(tag: str) -> str:
    return f'<script>alert("{tag}")</script><b>{tag}</b>'


def test_script_payloads_are_escaped_on_every_page_and_in_every_pdf(
    client, release, nurse_a, team_a, tmp_path
):
    """Typed through the real forms: every free-text answer, the reference and a note."""
    nurse = Client()
    nurse.force_login(nurse_a)
    reference = payload("ref")[:40]
    response = nurse.post("/clinic/invite", {"reference": reference})
    assert response.status_code == 200
    html = response.content.decode()
    code = re.search(r'class="app-access-code">([A-Z0-9-]+)<', html).group(1)
    record = DecisionRecord.objects.get(case__reference=reference)

    patient = Client()
    assert patient.post("/start", {"code": code}).status_code == 302
    services.save_answers(record, PROFILE)
    fitting = [option.slug for option in JourneyState(record).fitting_options][:2]
    services.save_answers(record, {"shortlist": fitting})
    typed = {}
    for step in FORM_STEPS:
        form = step_form(record, step)
        for name in free_text_fields(form):
            typed[name] = payload(name)
            response = patient.post(f"/steps/{step.slug}/save/{name}", {name: typed[name]}, **HTMX)
            assert response.status_code == 200
    assert {"matters_most", "coming_months", "others_involved", "questions_own"} <= set(typed)
    assert any(name.startswith("pros_") for name in typed)
    stored = services.load_answers(record)
    assert {name: stored[name] for name in typed} == typed  # round trip, exactly
    services.submit(record)  # her team sees only what she sends
    note = payload("note")
    assert nurse.post(f"/clinic/patients/{record.pk}/notes", {"text": note}).status_code == 302

    def check_page(html: str, values, where: str) -> None:
        for value in values:
            assert value not in html, f"{where}: unescaped {value!r}"
            assert str(escape(value)) in html, f"{where}: {value!r} is not shown"

    answers = list(typed.values())
    for path in ("/my-summary", "/steps/check-answers"):
        check_page(patient.get(path).content.decode(), answers, path)
    for step in ("what-matters", "weigh-up", "where-you-are-leaning", "questions"):
        html = patient.get(f"/steps/{step}").content.decode()
        fields = step_form(record, STEPS_BY_SLUG[step]).fields
        check_page(html, [value for name, value in typed.items() if name in fields], step)
    detail = nurse.get(f"/clinic/patients/{record.pk}").content.decode()
    check_page(detail, [*answers, note, reference], "patient detail")
    for query in ({}, {"reference": reference}):
        queue = nurse.get("/clinic/", query).content.decode()
        check_page(queue, [reference], f"queue {query}")
        assert "<script>alert(" not in queue

    # PDFs: the payload read back as text is proof it was escaped (markup would vanish). Lines
    # may wrap anywhere, so white space is ignored.
    mdt = compact(pdftotext(nurse.get(f"/clinic/patients/{record.pk}/mdt-summary.pdf")
                            .getvalue(), tmp_path))  # fmt: skip
    for value in (reference, note, typed["matters_most"], typed["questions_own"]):
        assert compact(value) in mdt, f"MDT summary: {value!r}"
    for response in (
        patient.get("/my-summary.pdf"),
        nurse.get(f"/clinic/patients/{record.pk}/patient-summary.pdf"),
    ):
        # In the order it was typeset ("-raw"): a table's label and value never interleave.
        copy = compact(pdftotext(response.getvalue(), tmp_path, "-raw"))
        for name, value in typed.items():
            assert compact(value) in copy, f"patient copy: {name}"
        # The team's words stay with the team.
        assert compact(note) not in copy and compact(reference) not in copy


def compact(text: str) -> str:
    return "".join(text.split())


# --- Oversized bodies --------------------------------------------------------------------


TOO_LARGE = "What you sent was too long"


def assert_too_large(response) -> None:
    assert response.status_code == 413
    html = response.content.decode()
    assert f"<h1>{TOO_LARGE}</h1>" in html
    assert "not saved" in html


def test_the_largest_real_submission_fits_under_the_limit(patient, patient_record):
    """Weigh up, four options, every answer at 2,000 four-byte characters, plus ``_loaded``."""
    form = step_form(patient_record, STEPS_BY_SLUG["weigh-up"])
    names = free_text_fields(form)
    assert len(names) == 8
    loaded = {name: "😀" * q.FREE_TEXT_LIMIT for name in names}  # what was there, all changed
    values = {name: "😁" * q.FREE_TEXT_LIMIT for name in names}
    body = urlencode({**values, "_loaded": json.dumps(loaded), "csrfmiddlewaretoken": "x" * 64})
    assert len(body) < django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = patient.post(
        "/steps/weigh-up", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert {k: v for k, v in services.load_answers(patient_record).items() if k in values} == values


def test_oversized_bodies_get_a_plain_413_page_and_save_nothing(patient, patient_record):
    before = services.load_answers(patient_record)
    for path, htmx in (("/steps/what-matters", False),
                       ("/steps/what-matters/save/matters_most", True)):  # fmt: skip
        assert_oversized_refused(patient, path, HTMX if htmx else {})
    assert services.load_answers(patient_record) == before


def assert_oversized_refused(patient: Client, path: str, extra: dict) -> None:
    limit = django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # Urlencoded, as a browser sends a form.
    body = urlencode({"matters_most": "x" * (limit + 1)})
    assert_too_large(
        patient.post(path, body, content_type="application/x-www-form-urlencoded", **extra)
    )
    # Multipart, with the bulk in a field and then in a file part (which Django leaves out of
    # its own count).
    assert_too_large(patient.post(path, {"matters_most": "x" * (limit + 1)}, **extra))
    upload = SimpleUploadedFile("big.bin", b"x" * (limit + 1))
    assert_too_large(patient.post(path, {"matters_most": "kept?", "file": upload}, **extra))
    # Too many fields.
    fields = {f"f{i}": "1" for i in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert_too_large(patient.post(path, fields, **extra))
    # With CSRF checks on (as in production), reading the token meets the limit: same page.
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = patient.cookies
    assert strict.get("/steps/what-matters").status_code == 200  # sets the CSRF cookie
    assert_too_large(strict.post(path, body, content_type="application/x-www-form-urlencoded"))
