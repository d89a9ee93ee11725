"""The NHS.UK component cache gives exactly what the component macros give, and never holds
text a person typed."""

from __future__ import annotations

import pytest
from django.template import engines
from markupsafe import Markup

from decision_aid.core.jinja import VALUE_PLACEHOLDER, ComponentRenderer

TYPED = [
    "Being well enough for my daughter’s wedding",
    "<script>alert(\"x\")</script> & 'quotes'",
    "Line one\nLine two – ≥ £5",
    "45",
]


@pytest.fixture
def renderer():
    return ComponentRenderer(engines["jinja2"].env)


RADIOS = {
    "name": "travel",
    "idPrefix": "id_travel",
    "fieldset": {"legend": {"text": "How do you travel?", "size": "m"}},
    "items": [
        {"value": "bus", "text": "Bus", "checked": True, "hint": {"text": "Or tram"}},
        {"value": "car", "text": "Car", "checked": False},
    ],
}


def test_cached_radios_are_the_macro_output_every_time(renderer):
    direct = renderer.render("radios", RADIOS)
    assert renderer("radios", RADIOS) == direct
    assert renderer("radios", RADIOS) == direct  # from the cache
    assert 'value="bus"' in direct and "checked" in direct


def test_changed_parameters_are_a_different_rendering(renderer):
    unticked = {**RADIOS, "items": [{**i, "checked": False} for i in RADIOS["items"]]}
    assert renderer("radios", RADIOS) != renderer("radios", unticked)
    assert renderer("radios", unticked) == renderer.render("radios", unticked)


def test_markup_and_plain_text_are_keyed_apart(renderer):
    plain = {"text": "<b>Save</b>"}
    safe = {"text": Markup("<b>Save</b>")}
    assert renderer("button", plain) == renderer.render("button", plain)
    assert renderer("button", safe) == renderer.render("button", safe)
    assert "&lt;b&gt;" in renderer("button", plain)
    assert "<b>Save</b>" in renderer("button", safe)


@pytest.mark.parametrize("name", ["input", "textarea", "characterCount"])
@pytest.mark.parametrize("typed", TYPED)
def test_typed_text_renders_exactly_as_the_macro_and_is_never_cached(renderer, name, typed):
    params = {"name": "notes", "id": "notes", "label": {"text": "Notes"}, "value": typed}
    if name == "characterCount":
        params["maxlength"] = 2000
    assert renderer(name, params) == renderer.render(name, params)
    assert renderer(name, params) == renderer.render(name, params)  # from the cache
    cached = "".join(str(html) for html in renderer.cache.values())
    assert typed not in cached and str(Markup.escape(typed)) not in cached
    assert VALUE_PLACEHOLDER in cached
    assert all(typed not in repr(key) for key in renderer.cache)


def test_the_cache_is_bounded(renderer):
    small = ComponentRenderer(renderer.env, size=3)
    for number in range(10):
        small("button", {"text": f"Button {number}"})
    assert 0 < len(small.cache) <= 3


def test_fragments_are_reused_for_equal_values_and_escaped():
    from jinja2 import DictLoader, Environment

    from decision_aid.core.jinja import FragmentRenderer

    env = Environment(
        autoescape=True,
        loader=DictLoader({"card.jinja": "<p>{{ name }} {{ count }}</p>"}),
    )
    fragment = FragmentRenderer(env)
    first = fragment("card.jinja", name="<b>A</b>", count=1)
    assert first == "<p>&lt;b&gt;A&lt;/b&gt; 1</p>"
    assert fragment("card.jinja", name="<b>A</b>", count=1) is first  # reused
    assert fragment("card.jinja", name="<b>A</b>", count=2) == "<p>&lt;b&gt;A&lt;/b&gt; 2</p>"
    assert len(fragment.cache) == 2
    # An unhashable value renders without the cache.
    assert fragment("card.jinja", name=["x"], count=1) == "<p>[&#39;x&#39;] 1</p>"
    assert len(fragment.cache) == 2
