"""Tests that type a TOTP code through a real server.

allauth accepts the code of the current 30-second period only (no tolerance),
so a code computed a second before the period ends is refused when it
arrives. A test that takes more than a blink between computing a code and
posting it first waits for a period with time to spare."""

import time

PERIOD_SECONDS = 30


def wait_for_a_fresh_code_period(margin_seconds: float = 6.0) -> None:
    left = PERIOD_SECONDS - time.time() % PERIOD_SECONDS
    if left < margin_seconds:
        time.sleep(left + 0.2)
