"""Retention for what other apps keep (review F2, F7).

``clinic.services.purge_plan``/``purge`` (run daily by ``manage.py purge_expired``) own the
retention policy for decision records. Some personal data lives in apps the clinic must not
import: the MDT pack PDFs (``documents``, above it) and the sign-in logs (django-axes, under
``core``). Each such app registers a *kind* here when it starts, and the clinic's purge asks every
kind what it would delete and then deletes it, so this module (under every app) is the only
meeting point.

A kind gets the time of the run and the ids of the records being purged in it (they still exist
during a dry run), and answers with a count: never personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q


@dataclass(frozen=True)
class Kind:
    key: str  # in the PURGED audit row: "mdt_packs=2"
    label: str  # in purge_expired's report: "2 MDT packs"
    plan: Callable[[datetime, Collection], int]
    purge: Callable[[datetime, Collection], int]


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> list[Kind]:
    return list(_KINDS.values())


def plan(now: datetime, purging: Collection) -> dict[str, int]:
    return {kind.key: kind.plan(now, purging) for kind in kinds()}


def purge(now: datetime, purging: Collection) -> dict[str, int]:
    return {kind.key: kind.purge(now, purging) for kind in kinds()}


# --- Sign-in logs (django-axes): addresses, user agents and typed usernames (review F7) ------


def _sign_in_logs(now: datetime):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = now - timedelta(days=settings.SIGN_IN_LOG_KEEP_DAYS)
    return [
        model.objects.filter(attempt_time__lt=cutoff)
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    ]


def _plan_sign_in_logs(now: datetime, purging: Collection) -> int:
    return sum(rows.count() for rows in _sign_in_logs(now))


def _purge_sign_in_logs(now: datetime, purging: Collection) -> int:
    # The lockouts themselves last AXES_COOLOFF_TIME (an hour): older rows only record.
    return sum(rows.delete()[0] for rows in _sign_in_logs(now))


SIGN_IN_LOGS = Kind("sign_in_logs", "old staff sign-in log entries", _plan_sign_in_logs,
                    _purge_sign_in_logs)  # fmt: skip


# --- Sessions: a patient's record id and, briefly, half of a new code; staff sign-ins ----------


def _expired_sessions(now: datetime):
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=now)


EXPIRED_SESSIONS = Kind(
    "sessions", "expired browser sessions",
    lambda now, purging: _expired_sessions(now).count(),
    lambda now, purging: _expired_sessions(now).delete()[0],
)  # fmt: skip


# --- The task worker's results (MDT pack builds): finished ones, and ones a killed worker left --


def _old_task_results(now: datetime):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = now - timedelta(days=settings.TASK_RESULT_KEEP_DAYS)
    finished = Q(finished_at__lt=cutoff)
    # A worker killed mid-task leaves its row RUNNING for ever (the pack itself is rebuilt).
    abandoned = Q(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    return DBTaskResult.objects.filter(finished | abandoned)


TASK_RESULTS = Kind(
    "task_results", "old task results of the worker",
    lambda now, purging: _old_task_results(now).count(),
    lambda now, purging: _old_task_results(now).delete()[0],
)  # fmt: skip
