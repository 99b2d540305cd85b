"""Session lifetime and the second-factor requirement."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

LOGIN_AT = "carnet_login_at"
SEEN_AT = "carnet_seen_at"


class SessionTimeoutMiddleware:
    """Ends a session after 30 idle minutes, after 12 hours in any case, and at
    once when its account has been disabled."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            login_at = request.session.setdefault(LOGIN_AT, now)
            seen_at = request.session.get(SEEN_AT, now)
            expired = (
                now - seen_at > settings.SESSION_IDLE_TIMEOUT
                or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            )
            if expired or not user.is_active:
                logout(request)
                return redirect(settings.LOGIN_URL)
            request.session[SEEN_AT] = now
        return self.get_response(request)


# Paths a signed-in account may reach before it has a second factor: the
# allauth pages that set one up (and the password re-entry they may ask
# for), and logging out. Not the password or email change pages: a session
# opened with a password alone must not change the account.
_MFA_SETUP_PREFIXES = (
    "/comptes/2fa/",
    "/comptes/reauthenticate/",
    "/comptes/logout/",
    "/comptes/login/",
    "/static/",
)


class SecondFactorRequiredMiddleware:
    """No page beyond the second-factor setup for an account without one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_MFA_SETUP_PREFIXES)
            and not has_second_factor(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
