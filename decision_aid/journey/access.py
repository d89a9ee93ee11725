"""Access codes: how a patient starts, and resumes on any device, with no account.

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 49.5 bits of
randomness. The first 4 characters are a *selector* that finds the record; the other 6 are a
*verifier*, stored only as an HMAC keyed by the server's secret and compared in constant time.
Splitting it this way lets failures be counted per record (at most 100 an hour) as well as per
address (at most 5 tries a minute), and no full code is ever stored.

Wrong, expired and revoked codes all get the same answer.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from decision_aid.journey.models import AccessAttempt, AccessCode, AttemptKind, DecisionRecord

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
SELECTOR_LENGTH = 4
TRIES_PER_MINUTE_PER_ADDRESS = 5
FAILURES_PER_HOUR_PER_RECORD = 100


class CodeRejected(Exception):
    """The code did not open a record. ``throttled`` says whether to ask them to wait."""

    def __init__(self, throttled: bool = False) -> None:
        super().__init__("throttled" if throttled else "rejected")
        self.throttled = throttled


@dataclass(frozen=True)
class IssuedCode:
    code: str  # the only time the full code exists: shown once, never stored

    @property
    def display(self) -> str:
        return format_code(self.code)


def format_code(code: str) -> str:
    """Groups for reading aloud and copying: ``ABCDE-FGHJK``."""
    return f"{code[:5]}-{code[5:]}"


def normalise(entered: str) -> str:
    """Uppercase, with spaces, dashes and other separators removed (pasting allowed)."""
    return "".join(ch for ch in entered.upper() if ch.isalnum())


def _verifier_hash(verifier: str) -> str:
    return salted_hmac("decision_aid.journey.access_code", verifier, algorithm="sha256").hexdigest()


def address_hash(request) -> str:
    address = get_client_ip_address(request) or "unknown"
    return salted_hmac("decision_aid.journey.address", address, algorithm="sha256").hexdigest()


def end_sessions(record: DecisionRecord) -> None:
    """Browser sessions opened with the record's earlier codes stop working (review F1): the
    session keeps the generation it was opened at (``session.attach``), and it must match."""
    DecisionRecord.objects.filter(pk=record.pk).update(access_generation=F("access_generation") + 1)
    record.refresh_from_db(fields=["access_generation"])


def issue_code(record: DecisionRecord, now=None) -> IssuedCode:
    """Revoke the record's other codes (and end the sessions opened with them); issue a new one."""
    now = now or timezone.now()
    valid_for = timedelta(days=settings.ACCESS_CODE_VALID_DAYS)
    if AccessCode.objects.filter(record=record, revoked_at__isnull=True).update(revoked_at=now):
        end_sessions(record)
    for _ in range(20):  # a selector clash is rare; try again with a fresh code
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                AccessCode.objects.create(
                    record=record,
                    selector=code[:SELECTOR_LENGTH],
                    verifier_hash=_verifier_hash(code[SELECTOR_LENGTH:]),
                    expires_at=now + valid_for,
                )
        except IntegrityError:
            continue
        return IssuedCode(code)
    raise RuntimeError("Could not find a free access code selector")


def revoke_codes(record: DecisionRecord, now=None) -> int:
    """Revoke every code of the record and end the sessions opened with them."""
    revoked = AccessCode.objects.filter(record=record, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )
    end_sessions(record)
    return revoked


def address_is_throttled(kind: str, address: str, limit: int, window: timedelta, now) -> bool:
    return (
        AccessAttempt.objects.filter(
            kind=kind, address_hash=address, created_at__gte=now - window
        ).count()
        >= limit
    )


def check_code(entered: str, request, now=None) -> DecisionRecord:
    """The record the code opens, or CodeRejected. Every try is recorded for throttling."""
    now = now or timezone.now()
    address = address_hash(request)
    if address_is_throttled(
        AttemptKind.CODE, address, TRIES_PER_MINUTE_PER_ADDRESS, timedelta(minutes=1), now
    ):
        raise CodeRejected(throttled=True)
    code = normalise(entered)
    access = None
    if len(code) == CODE_LENGTH and set(code) <= set(ALPHABET):
        access = (
            AccessCode.objects.select_related("record")
            .filter(selector=code[:SELECTOR_LENGTH])
            .first()
        )
    # Always compute and compare a hash, so timing does not tell a near miss from a far one.
    expected = access.verifier_hash if access else _verifier_hash("-" * 6)
    matches = hmac.compare_digest(expected, _verifier_hash(code[SELECTOR_LENGTH:]))
    record = access.record if access else None
    recent_failures = (
        AccessAttempt.objects.filter(
            kind=AttemptKind.CODE,
            record=record,
            succeeded=False,
            created_at__gte=now - timedelta(hours=1),
        ).count()
        if record
        else 0
    )
    succeeded = bool(
        access
        and matches
        and access.is_usable(now)
        and recent_failures < FAILURES_PER_HOUR_PER_RECORD
    )
    AccessAttempt.objects.create(
        kind=AttemptKind.CODE, address_hash=address, record=record, succeeded=succeeded,
        created_at=now,
    )  # fmt: skip
    if not succeeded:
        raise CodeRejected()
    return record
