"""The queue's filters, kept per team in the nurse's session (never in the address, so a
search by a patient's reference reaches no browser history, proxy or access log)."""

from __future__ import annotations

from datetime import date
from typing import Any

from decision_aid.core.models import Team

SESSION_KEY = "clinic-queue-filters"


def remember(session, team: Team, cleaned: dict[str, Any]) -> None:
    """Keep a valid filter form's values for this team."""
    saved = dict(session.get(SESSION_KEY, {}))
    mdt_date = cleaned.get("mdt_date")
    saved[team.slug] = {
        "status": cleaned.get("status") or "",
        "mdt_date": mdt_date.isoformat() if mdt_date else "",
        "flagged": bool(cleaned.get("flagged")),
        "reference": (cleaned.get("reference") or "").strip(),
        "sort": cleaned.get("sort") or "activity",
    }
    session[SESSION_KEY] = saved


def forget(session, team: Team) -> None:
    saved = dict(session.get(SESSION_KEY, {}))
    saved.pop(team.slug, None)
    session[SESSION_KEY] = saved


def recall(session, team: Team) -> dict[str, Any]:
    """The team's saved filters as ``QueueFilters`` arguments (none saved: no filters)."""
    saved = session.get(SESSION_KEY, {}).get(team.slug)
    if not saved:
        return {}
    return {
        "status": saved["status"],
        "mdt_date": date.fromisoformat(saved["mdt_date"]) if saved["mdt_date"] else None,
        "flagged": saved["flagged"],
        "reference": saved["reference"],
        "sort": saved["sort"],
    }
