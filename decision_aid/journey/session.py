"""Which decision record this browser is working on. The access code is swapped for the session
on entry and never appears in a URL."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.shortcuts import redirect

from decision_aid.core.http import no_store as no_store_response
from decision_aid.journey.models import DecisionRecord

SESSION_KEY = "journey_record"
GENERATION_KEY = "journey_generation"  # the record's access generation when this session began
SEEN_KEY = "journey_seen"
REFRESH_EVERY_SECONDS = 300  # slide the idle expiry at most this often: fewer session writes


def attach(request, record: DecisionRecord) -> None:
    request.session.cycle_key()  # a new session id: no fixation
    request.session[SESSION_KEY] = str(record.pk)
    keep_access(request, record)
    _refresh_expiry(request, force=True)


def keep_access(request, record: DecisionRecord) -> None:
    """This session stays open after its own patient replaced her code (others end)."""
    request.session[GENERATION_KEY] = record.access_generation


def _refresh_expiry(request, force: bool = False) -> None:
    now = int(time.time())
    if force or now - request.session.get(SEEN_KEY, 0) > REFRESH_EVERY_SECONDS:
        request.session[SEEN_KEY] = now
        request.session.set_expiry(settings.PATIENT_SESSION_IDLE_SECONDS)


def detach(request) -> None:
    request.session.flush()


def current_record(request) -> DecisionRecord | None:
    record_id = request.session.get(SESSION_KEY)
    if not record_id:
        return None
    record = DecisionRecord.objects.filter(pk=record_id).first()
    if record is not None and record.access_generation != request.session.get(GENERATION_KEY, 0):
        # The team revoked or replaced the code this session was opened with (review F1).
        request.session.flush()
        return None
    return record


def patient_page(view):
    """Patient pages: need a record in the session, and are never cached."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        record = current_record(request)
        if record is None:
            return redirect("journey:start")
        _refresh_expiry(request)
        return no_store_response(view(request, record, *args, **kwargs))

    return wrapper


def no_store(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return no_store_response(view(request, *args, **kwargs))

    return wrapper
