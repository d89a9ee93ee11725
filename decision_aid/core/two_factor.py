"""Two-factor sign-in for staff (issue 17, review F8): a time-based code from an authenticator
app (django-otp's TOTP device), single-use recovery codes (its static device), enrolment at the
first sign-in, and a reset by a team lead. Pure service functions; the clinic's pages call them.

A password alone opens nothing: every clinic page and the admin need a session verified by one of
these devices (``request.user.is_verified()``, from django-otp's middleware).
"""

from __future__ import annotations

import base64

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from decision_aid.core import audit
from decision_aid.core.models import AuditAction

APP_DEVICE = "authenticator app"
RECOVERY_DEVICE = "recovery codes"
RECOVERY_CODES = 10


def has_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_app(user) -> TOTPDevice:
    """The authenticator-app device being set up (made on first call, not yet confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address (with settings.OTP_TOTP_ISSUER) as a QR code, made here:
    no image service ever sees the secret."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)


class TooManyTries(Exception):
    """Codes were refused just now: django-otp makes each next try wait longer (1, 2, 4...
    seconds), which stops guessing the 6 digits."""


def _allowed(device) -> None:
    if not device.verify_is_allowed()[0]:
        raise TooManyTries


@transaction.atomic
def confirm_app(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it. Returns the new recovery codes (shown once), or None
    when the code is wrong (TooManyTries if it came too soon after a wrong one). The session is
    then verified."""
    _allowed(device)
    if not device.verify_token(_digits(code)):
        audit.record(AuditAction.TWO_FACTOR, request=request, detail="set-up code refused")
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = new_recovery_codes(device.user)
    otp_login(request, device)
    audit.record(AuditAction.TWO_FACTOR, request=request, detail="set up")
    return codes


def new_recovery_codes(user) -> list[str]:
    """A fresh set of single-use recovery codes (any old set stops working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def verify(request, code: str) -> bool:
    """Check a code from her app, or a recovery code (used up once used). Verifies the
    session. Failures slow down (django-otp's throttling: TooManyTries) and are audited."""
    user = request.user
    code = code.strip().replace(" ", "").replace("-", "").lower()
    # Six digits: a code from her app. Anything else: one of her recovery codes. Each kind is
    # tried (and slowed down after a miss) on its own devices only.
    if code.isdigit() and len(code) == 6:
        devices, kind = list(TOTPDevice.objects.filter(user=user, confirmed=True)), "verified"
    else:
        devices, kind = list(StaticDevice.objects.filter(user=user, confirmed=True)), "recovery"
    for device in devices:
        _allowed(device)
    for device in devices:
        if device.verify_token(code):
            otp_login(request, device)
            if kind == "recovery":
                kind = f"recovery code used, {device.token_set.count()} left"
            audit.record(AuditAction.TWO_FACTOR, request=request, detail=kind)
            return True
    audit.record(AuditAction.TWO_FACTOR, request=request, detail="code refused")
    return False


@transaction.atomic
def reset(member, *, by, team, request) -> None:
    """A team lead resets a member's second factor (a lost phone): she sets it up again at her
    next sign-in. Audited against the team."""
    TOTPDevice.objects.filter(user=member).delete()
    StaticDevice.objects.filter(user=member).delete()
    audit.record(AuditAction.TWO_FACTOR, request=request, team=team,
                 detail=f"reset for user id {member.pk}")  # fmt: skip


def _digits(code: str) -> str:
    return "".join(c for c in code if c.isdigit())
