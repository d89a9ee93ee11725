"""Two-factor helpers for the demo, the tests and the benchmarks only: what an authenticator app
would show, and a session marked as past the second factor. The service itself never computes
a code to show anyone; it only checks codes people type (decision_aid/core/two_factor.py)."""

from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for_key(
    key: bytes, *, step_seconds: int = 30, digits: int = 6, step: int | None = None
) -> str:
    """The code an authenticator app shows for this secret, now (or at time step ``step``)."""
    step = int(time.time()) // step_seconds if step is None else step
    return f"{hotp(key, step, digits=digits):0{digits}d}"


def code_now(device: TOTPDevice, *, unused: bool = False) -> str:
    """The code the app shows now for ``device``. ``unused``: the next step's code if now's was
    used already (django-otp refuses a code twice, and accepts one step of drift)."""
    step = int(time.time()) // device.step
    if unused:
        device.refresh_from_db()
        step = max(step, (device.last_t or 0) + 1)
    return code_for_key(device.bin_key, digits=device.digits, step=step)


def app_device(user, name: str = "test app") -> TOTPDevice:
    """The user's confirmed authenticator-app device, made if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def verify_session(client, user, name: str = "test app") -> None:
    """Mark a signed-in test client's session as past the second factor, as the real sign-in
    does after the code from the app (issue 17, F8)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_device(user, name).persistent_id
    session.save()
