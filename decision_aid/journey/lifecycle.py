"""One record lifecycle (issue 18 item 2): every change of a decision record's status.

The table below is the whole rule. Each event lists the statuses it may happen from and the
status it leads to; anything else is refused (:class:`TransitionRefused`), and a refused event
changes nothing. ADR 0010 says why this is a table and not a state-machine library.

==========  ====================================  ===========  ===============================
event       from                                  to           audit event (as written before)
==========  ====================================  ===========  ===============================
start       invited                               in_progress  none of its own: the saved
                                                               answers' "record changed" row
send        invited, in_progress, submitted,      submitted    record submitted, "version N"
            reviewed, discussed                                (sending again after a change
                                                               goes back to "submitted")
review      submitted, reviewed, discussed        reviewed     status changed, "reviewed"
discuss     submitted, reviewed, discussed        discussed    status changed, "discussed"
==========  ====================================  ===========  ===============================

So a nurse can never mark a record she has not been sent "reviewed" or "discussed at MDT".
Between the sent statuses a nurse may mark either, again or back (a mis-click is put right by
the other button, as before).

A new record is not a transition: it starts "invited" (a nurse's invitation) or "in progress"
(started by the patient), :func:`initial_status`. The table and :func:`next_status` are pure;
:func:`transition` is the only code that writes a status.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db import transaction

from decision_aid.core import audit
from decision_aid.core.models import AuditAction
from decision_aid.journey.models import DecisionRecord, RecordStatus


class Event(StrEnum):
    START = "start"  # her first saved answer, on a record a nurse invited her to
    SEND = "send"  # she sends her answers (a new version)
    REVIEW = "review"  # a nurse marks it reviewed
    DISCUSS = "discuss"  # a nurse marks it discussed at the MDT meeting


S = RecordStatus
# Still being answered: moved to a corrected release, purged as drafts, nothing for a nurse to
# mark yet. Sent: the team's to review and discuss.
STILL_ANSWERING = (S.INVITED, S.IN_PROGRESS)
SENT = (S.SUBMITTED, S.REVIEWED, S.DISCUSSED)

TRANSITIONS: dict[Event, tuple[tuple[RecordStatus, ...], RecordStatus]] = {
    Event.START: ((S.INVITED,), S.IN_PROGRESS),
    Event.SEND: ((*STILL_ANSWERING, *SENT), S.SUBMITTED),
    Event.REVIEW: (SENT, S.REVIEWED),
    Event.DISCUSS: (SENT, S.DISCUSSED),
}

# The audit event each transition writes (None: the change that causes it is audited already).
AUDIT: dict[Event, AuditAction | None] = {
    Event.START: None,
    Event.SEND: AuditAction.RECORD_SUBMITTED,
    Event.REVIEW: AuditAction.STATUS_CHANGED,
    Event.DISCUSS: AuditAction.STATUS_CHANGED,
}

# What a nurse's status buttons post, as the event each one is.
NURSE_EVENTS = {S.REVIEWED.value: Event.REVIEW, S.DISCUSSED.value: Event.DISCUSS}


class TransitionRefused(Exception):
    """An event the lifecycle does not allow from the record's status. Nothing was changed."""

    def __init__(self, event: Event, status: str) -> None:
        self.event, self.status = Event(event), RecordStatus(status)
        super().__init__(f"{self.event} is not allowed from {self.status.value}")


def initial_status(*, invited: bool) -> RecordStatus:
    return S.INVITED if invited else S.IN_PROGRESS


def can(status: str, event: Event) -> bool:
    return status in TRANSITIONS[event][0]


def next_status(status: str, event: Event) -> RecordStatus:
    """The status ``event`` leads to from ``status``; raises :class:`TransitionRefused`."""
    if not can(status, event):
        raise TransitionRefused(event, status)
    return TRANSITIONS[event][1]


@transaction.atomic
def transition(record: DecisionRecord, event: Event, *, request=None, detail: str | None = None,
               **changes: Any) -> RecordStatus:  # fmt: skip
    """Move ``record`` by ``event``, with ``changes`` to other fields in the same UPDATE, and
    write the transition's audit event (``detail``: the new status unless given).

    The status is read under the record's row lock (SQLite's write lock does the same), so it
    is checked against what is stored, not what the request first loaded. Raises
    :class:`TransitionRefused`, having changed nothing, when the table does not allow it.
    """
    locked = DecisionRecord.objects.select_for_update().only("status", "team_id").get(pk=record.pk)
    new = next_status(locked.status, event)
    DecisionRecord.objects.filter(pk=record.pk).update(status=new, **changes)
    record.status = new
    action = AUDIT[event]
    if action is not None:
        audit.record(action, request=request, record_id=record.pk, team=locked.team_id,
                     detail=new.value if detail is None else detail)  # fmt: skip
    return new
