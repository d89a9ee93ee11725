"""The Jinja2 environment used for every app page.

Templates load from the project's ``templates/`` first, then from the ``nhsuk_frontend_jinja``
package, so ``{% extends "nhsuk/template.jinja" %}`` and the NHS.UK component macros resolve.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader

from decision_aid.core import forms as nhsuk_forms


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def localtime_format(value) -> str:
    """A stored time in UK time, e.g. "3 Dec 2026, 14:05"."""
    return timezone.localtime(value).strftime("%-d %b %Y, %H:%M") if value else ""


def query_with_page(query: str, page: int) -> str:
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    params["page"] = str(page)
    return params.urlencode()


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
    env.globals.update(
        {
            "query_with_page": query_with_page,
            "static": static,
            "url": url,
            "service_name": settings.SERVICE_NAME,
            "field_params": nhsuk_forms.field_params,
            "error_summary_params": nhsuk_forms.error_summary_params,
        }
    )
    return env
