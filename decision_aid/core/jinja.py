"""The Jinja2 environment used for every app page.

Templates load from the project's ``templates/`` first, then from the ``nhsuk_frontend_jinja``
package, so ``{% extends "nhsuk/template.jinja" %}`` and the NHS.UK component macros resolve.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    Undefined,
)
from markupsafe import Markup, escape

from decision_aid.core import forms as nhsuk_forms


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def localtime_format(value) -> str:
    """A stored time in UK time, e.g. "3 Dec 2026, 14:05"."""
    return timezone.localtime(value).strftime("%-d %b %Y, %H:%M") if value else ""


def localdate_format(value) -> str:
    """A stored time's date in UK time, e.g. "3 December 2026"."""
    return timezone.localtime(value).strftime("%-d %B %Y") if value else ""


def query_with_page(query: str, page: int) -> str:
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    params["page"] = str(page)
    return params.urlencode()


# NHS.UK components rendered through ``component(name, params)``, with the macro file of each.
COMPONENTS = {
    "radios": "nhsuk/components/radios/macro.jinja",
    "checkboxes": "nhsuk/components/checkboxes/macro.jinja",
    "select": "nhsuk/components/select/macro.jinja",
    "button": "nhsuk/components/button/macro.jinja",
    "backLink": "nhsuk/components/back-link/macro.jinja",
    "header": "nhsuk/components/header/macro.jinja",
    "input": "nhsuk/components/input/macro.jinja",
    "textarea": "nhsuk/components/textarea/macro.jinja",
    "characterCount": "nhsuk/components/character-count/macro.jinja",
    "dateInput": "nhsuk/components/date-input/macro.jinja",
}
# Components holding what a person typed in several boxes: rendered each time, never cached.
UNCACHED_COMPONENTS = {"dateInput"}
# Components whose ``value`` is text a person typed: that text never enters the cache. The
# component is rendered (and cached) with a placeholder, which is then replaced by the escaped
# text, exactly as the template would have escaped it.
FREE_TEXT_COMPONENTS = {"input", "textarea", "characterCount"}
VALUE_PLACEHOLDER = "da0value0placeholder0f3c9e"
COMPONENT_CACHE_SIZE = 4096


def component_key(value: Any) -> Any:
    """A hashable key that tells apart everything a component template can tell apart:
    safe markup from plain text, booleans from numbers, and undefined from missing."""
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), component_key(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(component_key(v) for v in value))
    if value is None or isinstance(value, bool | int | float):
        return (type(value).__name__, value)
    if isinstance(value, Undefined):
        return ("undefined",)
    raise TypeError(f"cannot key a component parameter of type {type(value).__name__}")


class RenderCache(dict):
    """Rendered HTML by key, at most ``size`` entries (emptied when full: the keys are few, the
    components and cards of the pages, and each is cheap to render again)."""

    def __init__(self, size: int = COMPONENT_CACHE_SIZE) -> None:
        super().__init__()
        self.size = size

    def fetch(self, key: Any, render: Callable[[], Markup]) -> Markup:
        """The HTML kept for ``key``, rendering (and keeping) it first if need be. A key that
        cannot be hashed is rendered every time."""
        try:
            html = self.get(key)
        except TypeError:
            return render()
        if html is None:
            if len(self) >= self.size:
                self.clear()
            html = self[key] = render()
        return html


class ComponentRenderer:
    """``component("radios", params)`` renders an NHS.UK component, reusing earlier output for
    the same parameters and language.

    The nhsuk-frontend-jinja macros are general and deeply nested (a radio item renders a
    label, which renders a heading, each through its own include and imports): about 7 ms for
    one question on this machine. Their output is a pure function of their parameters, so a
    bounded cache keyed on the parameters gives the same HTML in microseconds. Text a person
    typed is never a key or a cached value (see ``FREE_TEXT_COMPONENTS``).
    """

    def __init__(self, env: Environment, size: int = COMPONENT_CACHE_SIZE) -> None:
        self.env = env
        self.cache = RenderCache(size)

    def render(self, name: str, params: dict) -> Markup:
        # A macro of an autoescaping environment returns Markup already.
        return getattr(self.env.get_template(COMPONENTS[name]).module, name)(params)

    def __call__(self, name: str, params: dict) -> Markup:
        if name in UNCACHED_COMPONENTS:
            return self.render(name, params)
        typed = params.get("value") if name in FREE_TEXT_COMPONENTS else None
        if typed in (None, ""):
            return self.cached(name, params)
        html = self.cached(name, {**params, "value": VALUE_PLACEHOLDER})
        if html.count(VALUE_PLACEHOLDER) != 1:  # not where a value goes: render it plainly
            return self.render(name, params)
        return html.replace(VALUE_PLACEHOLDER, escape(typed))  # Markup.replace: escaped once

    def cached(self, name: str, params: dict) -> Markup:
        try:
            key = (name, get_language(), component_key(params))
        except TypeError:
            return self.render(name, params)
        return self.cache.fetch(key, lambda: self.render(name, params))


class FragmentRenderer:
    """``fragment("journey/_option_detail.jinja", card=card, journey_minutes=45)`` renders a
    template with only the values given, reusing earlier output for equal values.

    For fragments that are a pure function of hashable values which hold nothing a person
    typed (an option's page body is its release's content, the assessment and the journey
    figures).
    A value that cannot be hashed renders without the cache. Output is escaped as always.
    """

    def __init__(self, env: Environment, size: int = COMPONENT_CACHE_SIZE) -> None:
        self.env = env
        self.cache = RenderCache(size)

    def render(self, template_name: str, context: dict[str, Any]) -> Markup:
        return Markup(self.env.get_template(template_name).render(context))  # noqa: S704 - autoescaped

    def __call__(self, template_name: str, **context: Any) -> Markup:
        key = (template_name, get_language(), tuple(sorted(context.items())))
        return self.cache.fetch(key, lambda: self.render(template_name, context))


def environment(**options: Any) -> Environment:
    # Django's backend passes a loader for DIRS only; chain the NHS.UK components after it.
    options.pop("loader", None)
    dirs = [str(d) for d in settings.TEMPLATES[0]["DIRS"]]
    options["autoescape"] = True
    options["undefined"] = ChainableUndefined
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    env = Environment(  # noqa: S701 - autoescape is forced on in options above
        loader=ChoiceLoader(
            [FileSystemLoader(dirs), PackageLoader("nhsuk_frontend_jinja", "templates")]
        ),
        **options,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["localtime_format"] = localtime_format
    env.filters["localdate_format"] = localdate_format
    env.globals.update(
        {
            "query_with_page": query_with_page,
            "static": static,
            # app.mjs imports "./nhsuk-frontend.min.js" by its plain name: the page preloads
            # that address so a slow phone fetches both at once (ADR 0007).
            "static_url": settings.STATIC_URL,
            "url": url,
            "service_name": settings.SERVICE_NAME,
            "field_params": nhsuk_forms.field_params,
            "error_summary_params": nhsuk_forms.error_summary_params,
            "component": ComponentRenderer(env),
            "fragment": FragmentRenderer(env),
        }
    )
    # Helpers other apps lend to templates, named in settings (core imports no app).
    env.globals.update({name: import_string(path) for name, path in settings.JINJA_GLOBALS.items()})
    return env
