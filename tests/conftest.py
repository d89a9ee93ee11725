"""Fixtures shared by every test."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver


def iter_parameterless_routes(resolver: URLResolver | None = None, prefix: str = ""):
    """Yield (name, path) for every named route that takes no arguments (admin excluded).

    Tests that must cover "every page" walk the URL configuration with this, so a new page is
    covered without anyone remembering to add it.
    """
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from iter_parameterless_routes(pattern, prefix + route)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            if "(" in route or "<" in route:
                continue
            yield pattern.name, "/" + prefix + route.lstrip("^").rstrip("$")


@pytest.fixture
def parameterless_routes():
    return list(iter_parameterless_routes())


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({database.get('HOST') or 'local file'})"


@pytest.fixture
def catalogue(db):
    """The shipped catalogue, loaded and published (as ``make install`` does)."""
    from django.core.management import call_command

    from decision_aid.content.releases import current_catalogue

    call_command("load_catalogue", verbosity=0)
    return current_catalogue()
