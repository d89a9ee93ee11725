"""Pages of no domain area: start page, accessibility statement, health check, error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
def start_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/start.jinja", {"journey_minutes": settings.JOURNEY_MINUTES})


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    context = {
        "controller": settings.DATA_CONTROLLER_NAME,
        "contact": settings.DATA_CONTROLLER_CONTACT,
        "draft_days": settings.RETENTION_DRAFT_DAYS,
        "after_mdt_days": settings.RETENTION_AFTER_MDT_DAYS,
        "code_days": settings.ACCESS_CODE_VALID_DAYS,
    }
    return render(request, "core/privacy.jinja", context)


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    context = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "handoff_cookie": settings.CODE_HANDOFF_COOKIE_NAME,
    }
    return render(request, "core/cookies.jinja", context)


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility_statement.jinja")


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        # Over settings.DATA_UPLOAD_MAX_* (or a file, which no page takes): say so plainly.
        return _error_page(request, "errors/413.jinja", 413)
    return _error_page(request, "errors/400.jinja", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/403.jinja", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a form sent without a valid token (a page left open a long
    time, or cookies blocked). The service's page, not Django's developer page."""
    return _error_page(request, "errors/csrf.jinja", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/404.jinja", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, "errors/500.jinja", 500)
