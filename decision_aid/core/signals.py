"""Audit logins, logouts and failed logins."""

from __future__ import annotations

from django.contrib.auth import get_user_model
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
    # Never what was typed (review F7): it may be a password or a patient's name. Only the id of
    # the account it names, found as the sign-in backend finds it, or "unknown user".
    user_model = get_user_model()
    username = credentials.get(user_model.USERNAME_FIELD, credentials.get("username"))
    user = None
    if isinstance(username, str) and username:
        user = user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: username[:150]}
        ).first()
    detail = f"user id {user.pk}" if user is not None else "unknown user"
    audit.record(AuditAction.LOGIN_FAILED, request=None, detail=detail)
