"""Logins, failed logins and logouts go to the access log by themselves,
through Django's authentication signals (connected in ``AuditConfig.ready``).

allauth sends ``user_logged_in`` once the whole login is done, second factor
included, so a ``login`` event means a complete login. A failed login goes to
the chain of the practice of the account it named, or to the system chain
when no such account exists; the name typed is kept, the password never.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from carnet.audit.log import record_access
from carnet.audit.models import Action


def log_login(sender, request, user, **kwargs):
    record_access(request, user.practice_id, Action.LOGIN, actor=user)


def log_logout(sender, request, user, **kwargs):
    if user is not None:
        record_access(request, user.practice_id, Action.LOGOUT, actor=user)


def log_login_failure(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    typed = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    practice_id = (
        User._default_manager.filter(**{User.USERNAME_FIELD: typed})
        .values_list("practice_id", flat=True)
        .first()
        if typed
        else None
    )
    record_access(request, practice_id, Action.LOGIN_FAILED, actor_username=typed)


def connect() -> None:
    user_logged_in.connect(log_login, dispatch_uid="carnet.audit.login")
    user_logged_out.connect(log_logout, dispatch_uid="carnet.audit.logout")
    user_login_failed.connect(log_login_failure, dispatch_uid="carnet.audit.login_failed")
