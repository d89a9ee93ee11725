"""The one audit service. Call it explicitly on every create, change and delete of patient data
and on every view or download of a summary. It never records answer text or references."""

from __future__ import annotations

import logging
import uuid

from decision_aid.core.models import AuditAction, AuditEvent, Team

logger = logging.getLogger("decision_aid.audit")


def record(
    action: AuditAction | str,
    *,
    request=None,
    actor=None,
    record_id: uuid.UUID | str | None = None,
    team: Team | int | None = None,
    detail: str = "",
) -> AuditEvent:
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if actor is not None:
        kind = "staff"
    elif request is not None:
        kind = "patient"
    else:
        kind = "system"
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
