"""Logins, failed logins and logouts go to the access log of the account's
practice (the system chain when the name typed matches no account)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from carnet.audit import log


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    log.record_access(request, user.practice_id, "login", actor=user)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        log.record_access(request, user.practice_id, "logout", actor=user)


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    from carnet.accounts.models import User

    typed = str(credentials.get("username") or "")[:150]
    user = User.objects.filter(username=typed).only("practice_id").first()
    log.record_access(
        request, user.practice_id if user else None, "login_failed", actor_username=typed
    )
