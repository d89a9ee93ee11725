"""Showing a new access code once without keeping it in the session table (review F6).

The POST that makes a code (start without a code, or replace a lost one) redirects to
``/your-code``, so reloading that page never makes another record or code, and it works with
JavaScript off. Between the two requests the code is split into two halves, each of which alone
says nothing about it: the session keeps the code XOR a random one-time pad, and the browser
keeps the pad in a short-lived HttpOnly cookie sent only to ``/your-code``. That page joins them
once and forgets both. So the session table, and its backups, never hold a usable code (the
access.py promise, "no full code is ever stored"), the pad alone is random bytes, and after
HANDOFF_SECONDS the half in the session is no longer joined.
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.urls import reverse

SESSION_KEY = "journey_code_half"
COOKIE = settings.CODE_HANDOFF_COOKIE_NAME  # listed on the cookies page
HANDOFF_SECONDS = 10 * 60
LEGACY_SESSION_KEY = "new_code"  # the code in clear, as sessions kept it before F6


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def hand_over(request, response, code: str):
    """Keep ``code`` for the next ``/your-code`` page only, split between session and cookie."""
    pad = secrets.token_bytes(len(code))
    request.session[SESSION_KEY] = {
        "half": _xor(code.encode("ascii"), pad).hex(),
        "at": int(time.time()),
    }
    response.set_cookie(
        COOKIE, pad.hex(), max_age=HANDOFF_SECONDS, path=reverse("journey:your-code"),
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )  # fmt: skip
    return response


def take(request) -> str | None:
    """The code handed over, once; None if there is none, it is too old or a half is missing.
    Call ``forget`` on the response too."""
    request.session.pop(LEGACY_SESSION_KEY, None)
    held = request.session.pop(SESSION_KEY, None)
    pad = request.COOKIES.get(COOKIE, "")
    if not isinstance(held, dict) or time.time() - held.get("at", 0) > HANDOFF_SECONDS:
        return None
    try:
        half, pad_bytes = bytes.fromhex(held["half"]), bytes.fromhex(pad)
        return _xor(half, pad_bytes).decode("ascii")
    except (KeyError, TypeError, ValueError):  # a missing, altered or mismatched half
        return None


def forget(response):
    response.delete_cookie(COOKIE, path=reverse("journey:your-code"), samesite="Lax")
    return response
