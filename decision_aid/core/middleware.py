"""A request id on every request and response, for logs that carry no content."""

from __future__ import annotations

import contextvars
import ipaddress
import logging
import re
import uuid

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
SAFE_ID = re.compile(r"^[A-Za-z0-9-]{8,36}$")  # 36: it must fit AuditEvent.request_id


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id == "-":
            # django.request logs a 4xx a view returned after the middleware has finished.
            request_id = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = request_id
        return True


class AdminNetworkMiddleware:
    """``/admin/`` only from the networks in ``settings.ADMIN_ALLOWED_NETWORKS``, when any are
    set (issue 17, F8): anywhere else it is a 404, as if it were not there. The client address is
    read as the login lockouts read it (axes, honouring ``TRUSTED_PROXY_COUNT``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        networks = [ipaddress.ip_network(n.strip(), strict=False)
                    for n in settings.ADMIN_ALLOWED_NETWORKS if n.strip()]  # fmt: skip
        if networks and request.path.startswith("/admin/"):
            from axes.helpers import get_client_ip_address

            try:
                address = ipaddress.ip_address(get_client_ip_address(request) or "")
            except ValueError:
                address = None
            if address is None or not any(address in network for network in networks):
                from django.http import Http404

                raise Http404
        return self.get_response(request)
