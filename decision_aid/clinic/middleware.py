"""Staff sessions end after 30 minutes idle and 12 hours at most (settings STAFF_*)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

LOGIN_AT = "staff_login_at"
SEEN_AT = "staff_seen_at"
REFRESH_EVERY_SECONDS = 60


class StaffSessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            login_at = request.session.get(LOGIN_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            if (now - seen_at > settings.STAFF_IDLE_SECONDS
                    or now - login_at > settings.STAFF_MAX_SESSION_SECONDS):  # fmt: skip
                logout(request)
                return redirect(f"{settings.LOGIN_URL_PATH}?timed_out=1")
            if LOGIN_AT not in request.session:
                request.session[LOGIN_AT] = login_at
            if now - seen_at > REFRESH_EVERY_SECONDS or SEEN_AT not in request.session:
                # Slide the idle limit, but write the session at most once a minute.
                request.session[SEEN_AT] = now
                request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
        return self.get_response(request)
