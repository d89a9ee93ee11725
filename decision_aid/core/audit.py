"""The one audit service. Call it explicitly on every create, change and delete of patient data
and on every view or download of a summary. It never records answer text or references."""

from __future__ import annotations

import logging
import uuid

from decision_aid.core.models import AuditAction, AuditEvent, Team

logger = logging.getLogger("decision_aid.audit")


def _actor_and_kind(request, actor):
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if actor is not None:
        return actor, "staff"
    return None, ("patient" if request is not None else "system")


def record_each(
    action: AuditAction | str,
    record_ids,
    *,
    request=None,
    team: Team | int | None = None,
    detail: str = "",
) -> list[AuditEvent]:
    """One event per record, written in one query: a list page showing several records (each
    shown record is a read, audited as such, at a cost that does not grow with the list)."""
    actor, kind = _actor_and_kind(request, None)
    request_id = getattr(request, "request_id", "") if request is not None else ""
    events = AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, actor_kind=kind, action=action, record_id=record_id,
                   team_id=team.pk if isinstance(team, Team) else team, detail=detail[:200],
                   request_id=request_id)
        for record_id in record_ids
    )  # fmt: skip
    for event in events:
        logger.info("audit %s record=%s actor=%s", action, event.record_id, kind)
    return events


def record(
    action: AuditAction | str,
    *,
    request=None,
    actor=None,
    record_id: uuid.UUID | str | None = None,
    team: Team | int | None = None,
    detail: str = "",
) -> AuditEvent:
    actor, kind = _actor_and_kind(request, actor)
    event = AuditEvent.objects.create(
        actor=actor,
        actor_kind=kind,
        action=action,
        team_id=team.pk if isinstance(team, Team) else team,
        record_id=record_id,
        detail=detail[:200],
        request_id=getattr(request, "request_id", "") if request is not None else "",
    )
    logger.info("audit %s record=%s actor=%s", action, record_id or "-", kind)
    return event
