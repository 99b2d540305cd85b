"""Second factors of demo and test accounts.

Real accounts set up their own passkey or TOTP application through allauth's
pages. Demo accounts get a TOTP secret derived from the username and a salt
stored in the data folder, so that `carnet_totp` can show the current code.
"""

import base64
import hashlib

from django.conf import settings

from carnet.config import read_or_create_secret


def demo_totp_secret(username: str) -> str:
    salt = read_or_create_secret(settings.DATA_DIR / "demo-totp.salt")
    digest = hashlib.sha256(f"{salt}:{username}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def activate_demo_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, demo_totp_secret(user.username))


def current_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))
