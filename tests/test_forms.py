"""The one shared mechanism that renders Django form fields as NHS.UK components."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import engines
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


class ExampleForm(forms.Form):
    journey_minutes = forms.IntegerField(
        label="How long is your journey to hospital, in minutes?",
        help_text="One way, door to door.",
        min_value=0,
        max_value=600,
        error_messages={"required": "Enter how long your journey takes"},
    )
    travel = forms.ChoiceField(
        label="How do you usually travel?",
        choices=[("car", "Car"), ("bus", "Public transport")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you usually travel"},
    )
    worries = forms.MultipleChoiceField(
        label="What worries you?",
        choices=[("sick", "Feeling sick"), ("hair", "Losing my hair")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="What matters most to you?", widget=forms.Textarea, max_length=2000, required=False
    )


PAGE = """{% extends "layouts/base.jinja" %}
{% from "macros/forms.jinja" import form_field, form_errors %}
{% set page_title = "Example" %}
{% block main_column %}
{{ form_errors(form) }}
<form method="post" novalidate>
{% for name in form.fields %}{{ form_field(form[name]) }}{% endfor %}
</form>
{% endblock %}"""


def render(form) -> str:
    request = RequestFactory().get("/")
    request.csp_nonce = "test-nonce"
    return engines["jinja2"].from_string(PAGE).render({"form": form}, request)


def test_unbound_form_renders_nhsuk_components_without_errors():
    html = render(ExampleForm())
    assert 'class="nhsuk-input' in html
    assert 'class="nhsuk-radios' in html
    assert 'class="nhsuk-checkboxes' in html
    assert "nhsuk-character-count" in html and 'data-maxlength="2000"' in html
    assert "One way, door to door." in html
    # Numbers use a text input with a numeric keyboard (NHS.UK pattern), not type="number".
    assert re.search(r'id="id_journey_minutes" name="journey_minutes" type="text"', html)
    assert 'inputmode="numeric"' in html
    assert "nhsuk-error-summary" not in html
    assert "<title>Example – " in html


def test_errors_show_next_to_the_field_in_the_summary_and_in_the_title():
    form = ExampleForm(data={"journey_minutes": "", "notes": "keep me"})
    assert not form.is_valid()
    html = render(form)

    assert "<title>Error: Example – " in html
    assert 'class="nhsuk-error-summary"' in html
    # Each summary link points at an element that exists on the page.
    links = re.findall(r'<a href="#([^"]+)"', html)
    assert links == ["id_journey_minutes", "id_travel"]
    for target in links:
        assert f'id="{target}"' in html
    # The message sits next to the field, prefixed for screen readers.
    assert re.search(
        r'id="id_journey_minutes-error"\s*>\s*<span class="nhsuk-u-visually-hidden">Error: </span>'
        r"Enter how long your journey takes",
        html,
    )
    assert 'aria-describedby="id_journey_minutes-hint id_journey_minutes-error"' in html
    assert "Select how you usually travel" in html
    # Nothing typed is lost when the page comes back with errors.
    assert "keep me" in html


def test_checked_choices_stay_checked_after_an_error():
    form = ExampleForm(data={"journey_minutes": "x", "travel": "bus", "worries": ["hair"]})
    assert not form.is_valid()
    html = render(form)
    assert re.search(r'value="bus"\s+checked', html)
    assert re.search(r'value="hair"\s+checked', html)
    assert not re.search(r'value="car"\s+checked', html)


def test_typed_text_is_escaped():
    form = ExampleForm(data={"notes": "<script>alert(1)</script>"})
    html = render(form)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
