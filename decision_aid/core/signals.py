"""Audit logins, logouts and failed logins."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from decision_aid.core import audit
from decision_aid.core.models import AuditAction


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit.record(AuditAction.LOGIN, request=request, actor=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditAction.LOGOUT, request=request, actor=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The username tried is staff identity, not patient data; the password is never recorded.
    username = str(credentials.get("username", ""))[:150]
    audit.record(AuditAction.LOGIN_FAILED, request=None, detail=f"username={username}")
