"""Access codes: how a patient starts, and resumes on any device, with no account.

A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 49.5 bits of
randomness. The first 4 characters are a *selector* that finds the record; the other 6 are a
*verifier*, stored only as an HMAC keyed by the server's secret and compared in constant time.
Splitting it this way lets failures be counted per record as well as per address, and no full
code is ever stored (a new code is shown once without being stored: ``handoff``).

Guessing is limited without letting a stranger lock a patient out (review F5; ADR 0008). The
selector is only a partial secret (it can leak from a photographed slip), so failures at one
record must not shut its patient out:

1. Per address: at most 5 tries a minute (an IPv6 address counts by its /64, the block a phone or
   home is given). A throttled try is not checked and not counted against any record.
2. Per record, a delay rather than a lockout: once a record has had 10 failures in an hour, an
   address that failed at it in the last 10 minutes is not checked again until they have
   passed. Her right code from any other address (or her own, 10 minutes on) still opens it, so
   the review's 115 tries from 23 addresses keep her out of nothing.
3. Per record, a hard cap: 1,000 failures in a day (which the delay means needs many addresses
   at once) holds the code; even the right one is refused, and the hold is audited and logged
   as an alert. Her team lifts it (audited) or issues a new code, whose new selector the
   stranger does not know; otherwise it ends a day after the failures.

So at most about 1,000 guesses a day reach one record: over a code's 120 days, about a 1 in
7,000 chance of finding its 6-character verifier. Wrong, expired, revoked, delayed and held
codes all get the same answer, which tells her to ask her team for a new code.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from decision_aid.core import audit
from decision_aid.core.models import AuditAction
from decision_aid.journey.models import AccessAttempt, AccessCode, AttemptKind, DecisionRecord

logger = logging.getLogger(__name__)

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
SELECTOR_LENGTH = 4
TRIES_PER_MINUTE_PER_ADDRESS = 5
FAILURES_BEFORE_DELAY = 10  # in an hour, at one record: then each address waits between tries
DELAY_PER_ADDRESS = timedelta(minutes=10)
FAILURES_PER_DAY_PER_RECORD = 1_000  # then the code is held until her team lifts it


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


def _address_key(address: str) -> str:
    """An IPv6 address counts by its /64 (one phone or home is given a whole /64, so rotating
    within it must not reset the limits); an IPv4 address counts as itself."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def address_hash(request) -> str:
    address = _address_key(get_client_ip_address(request) or "unknown")
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
    lift_hold(record)  # a new selector: failures at the old one no longer delay or hold it (F5)
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


def note_self_start(address: str, record: DecisionRecord) -> None:
    """Count a record started without a code against its address (SELF_STARTS_PER_HOUR...)."""
    AccessAttempt.objects.create(
        kind=AttemptKind.SELF_START, address_hash=address, record=record, succeeded=True
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
    record = access.record if access else None
    if record is not None and _held_back(record, address, now):
        # Not checked, so not counted against the record (only against the address).
        AccessAttempt.objects.create(
            kind=AttemptKind.CODE, address_hash=address, succeeded=False, created_at=now
        )
        raise CodeRejected()
    # Always compute and compare a hash, so timing does not tell a near miss from a far one.
    expected = access.verifier_hash if access else _verifier_hash("-" * 6)
    matches = hmac.compare_digest(expected, _verifier_hash(code[SELECTOR_LENGTH:]))
    succeeded = bool(access and matches and access.is_usable(now))
    AccessAttempt.objects.create(
        kind=AttemptKind.CODE, address_hash=address, record=record, succeeded=succeeded,
        created_at=now,
    )  # fmt: skip
    if not succeeded:
        if record is not None and _failures(record, now - timedelta(days=1)).count() == (
            FAILURES_PER_DAY_PER_RECORD
        ):
            _alert_hold(record)
        raise CodeRejected()
    return record


def _failures(record: DecisionRecord, since):
    return AccessAttempt.objects.filter(
        kind=AttemptKind.CODE, record=record, succeeded=False, created_at__gte=since
    )


def _held_back(record: DecisionRecord, address: str, now) -> bool:
    """Whether a try at this record is refused unchecked: the code is held (hard cap), or the
    record is under attack and this address failed at it a moment ago (delay)."""
    if is_held(record, now):
        return True
    return (
        _failures(record, now - timedelta(hours=1)).count() >= FAILURES_BEFORE_DELAY
        and _failures(record, now - DELAY_PER_ADDRESS).filter(address_hash=address).exists()
    )


def is_held(record: DecisionRecord, now=None) -> bool:
    """The record's code is held after too many failures in a day (review F5): even the right
    code is refused until her team lifts the hold or issues a new code."""
    since = (now or timezone.now()) - timedelta(days=1)
    return _failures(record, since).count() >= FAILURES_PER_DAY_PER_RECORD


def lift_hold(record: DecisionRecord) -> int:
    """Forget the failures counted against the record (they still count for their addresses).
    The caller audits it: a nurse's action, or a new code."""
    return AccessAttempt.objects.filter(
        kind=AttemptKind.CODE, record=record, succeeded=False
    ).update(record=None)


def _alert_hold(record: DecisionRecord) -> None:
    audit.record(AuditAction.RECORD_CHANGED, record_id=record.pk, team=record.team_id,
                 detail="access code held: too many wrong tries")  # fmt: skip
    logger.warning("Access code held after too many wrong tries (record %s)", record.pk)
