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


def failed_sign_in_detail(users, username, username_field: str = "username") -> str:
    """What a failed sign-in's audit row says (review F7): the id of the account the typed name
    names, found as the sign-in backend finds it, or "unknown user". Never what was typed: it
    may be a password or a patient's name. ``users``: the user model's manager (a migration
    passes its historical one)."""
    user = None
    if isinstance(username, str) and username:
        user = users.filter(**{username_field: username[:150]}).first()
    return f"user id {user.pk}" if user is not None else "unknown user"


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    user_model = get_user_model()
    username = credentials.get(user_model.USERNAME_FIELD, credentials.get("username"))
    detail = failed_sign_in_detail(user_model._default_manager, username, user_model.USERNAME_FIELD)
    audit.record(AuditAction.LOGIN_FAILED, request=None, detail=detail)
