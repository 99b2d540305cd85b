"""Sliding counts of newly obtained patients over 10 minutes, 1, 4 and 24 hours.

Counts live in buckets (one per minute for the last hour, one per hour for the
last day), stored as lists ``[bucket, opened, listed]`` so they serialise as
JSON. At most 60 + 24 buckets per account: memory and time are bounded. The
4-hour window is read from hour buckets: the current hour and the 3 before.

``opened``: records opened (view, update, export) of patients new to the account
and not yet confirmed as its own by an update. ``listed``: patients new to the
account that appeared in search or list results.
"""

from __future__ import annotations

MINUTE = 60
HOUR = 3600


# The order of every per-window tuple (policy, baselines): opened then listed.
WINDOW_NAMES = (
    "opened_10m", "opened_1h", "opened_4h", "opened_24h",
    "listed_10m", "listed_1h", "listed_4h", "listed_24h",
)


def _add(buckets: list, key: int, opened: int, listed: int, keep_after: int) -> None:
    if buckets and buckets[-1][0] == key:
        buckets[-1][1] += opened
        buckets[-1][2] += listed
    else:
        buckets.append([key, opened, listed])
    drop = 0
    while drop < len(buckets) and buckets[drop][0] <= keep_after:
        drop += 1
    if drop:
        del buckets[:drop]


def add(state: dict, epoch: float, opened: int, listed: int) -> None:
    minute = int(epoch // MINUTE)
    hour = int(epoch // HOUR)
    _add(state["minutes"], minute, opened, listed, minute - 60)
    _add(state["hours"], hour, opened, listed, hour - 24)


def withdraw_opened(state: dict, first_epoch: float, now_epoch: float) -> None:
    """An update confirmed a patient first opened at ``first_epoch``: uncount it."""
    if now_epoch - first_epoch > 24 * HOUR:
        return
    for buckets, key in (
        (state["minutes"], int(first_epoch // MINUTE)),
        (state["hours"], int(first_epoch // HOUR)),
    ):
        for bucket in buckets:
            if bucket[0] == key:
                bucket[1] = max(0, bucket[1] - 1)
                break
    slot = int(first_epoch // 600)
    for entry in state["slots"]:
        if entry[0] == slot:
            entry[1] = max(0, entry[1] - 1)
            break


def counts(state: dict, epoch: float) -> tuple[int, ...]:
    """Counts in the order of WINDOW_NAMES."""
    minute = int(epoch // MINUTE)
    hour = int(epoch // HOUR)
    o10 = l10 = o60 = l60 = 0
    for key, opened, listed in state["minutes"]:
        if key > minute - 60:
            o60 += opened
            l60 += listed
            if key > minute - 10:
                o10 += opened
                l10 += listed
    o4 = l4 = o24 = l24 = 0
    for key, opened, listed in state["hours"]:
        if key > hour - 24:
            o24 += opened
            l24 += listed
            if key > hour - 4:
                o4 += opened
                l4 += listed
    return (o10, o60, o4, o24, l10, l60, l4, l24)
