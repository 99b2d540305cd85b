"""Sliding counts of obtained patients over 10 minutes, 1, 4 and 24 hours.

Counts live in buckets (one per minute for the last hour, one per hour for the
last day), stored as lists ``[bucket, opened, listed, records]`` so they
serialise as JSON. At most 60 + 24 buckets per account: memory and time are bounded. The
4-hour window is read from hour buckets: the current hour and the 3 before.

``opened``: records opened (view, update, export) of patients new to the account
and not yet confirmed as its own by an update. ``listed``: patients new to the
account that appeared in search or list results. ``records``: every record
opened, new or known, once an hour per record: how much an account reads,
whoever the patients are (an attacker who reads the victim's own patients).
"""

from __future__ import annotations

MINUTE = 60
HOUR = 3600
SLOT = 600  # the 10-minute slots of context.steady_opening, withdrawn from here too


# The order of every per-window tuple (policy, baselines): opened, listed, records.
WINDOW_NAMES = (
    "opened_10m", "opened_1h", "opened_4h", "opened_24h",
    "listed_10m", "listed_1h", "listed_4h", "listed_24h",
    "records_10m", "records_1h", "records_4h", "records_24h",
)
_COUNTS = 3


_SPANS_S = {"10m": 10 * MINUTE, "1h": HOUR, "4h": 4 * HOUR, "24h": 24 * HOUR}


def span_s(window: str) -> int:
    """How far back a window reaches, in seconds: ``span_s("listed_4h")`` is 14,400."""
    return _SPANS_S[window.rsplit("_", 1)[1]]


LONGEST_SPAN_S = max(span_s(name) for name in WINDOW_NAMES)


def _add(buckets: list, key: int, amounts: tuple, keep_after: int) -> None:
    if buckets and buckets[-1][0] == key:
        last = buckets[-1]
        last.extend([0] * (len(amounts) + 1 - len(last)))  # a bucket saved before records were counted
        for i, amount in enumerate(amounts, start=1):
            last[i] += amount
    else:
        buckets.append([key, *amounts])
    drop = 0
    while drop < len(buckets) and buckets[drop][0] <= keep_after:
        drop += 1
    if drop:
        del buckets[:drop]


def add(state: dict, epoch: float, opened: int, listed: int, records: int) -> None:
    minute = int(epoch // MINUTE)
    hour = int(epoch // HOUR)
    _add(state["minutes"], minute, (opened, listed, records), minute - 60)
    _add(state["hours"], hour, (opened, listed, records), hour - 24)


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
    slot = int(first_epoch // SLOT)
    for entry in state["slots"]:
        if opened_slot(entry) == slot:
            entry[1] = max(0, entry[1] - 1)
            break


def opened_slot(entry: list) -> int:
    """The 10-minute slot in which a steady-opening entry's records were opened
    (context.steady_opening; an entry saved before nights were bridged has two items)."""
    return entry[2] if len(entry) > 2 else entry[0]


def records_after(state: dict, minute: int) -> int:
    """Records read in the minute buckets after ``minute`` (an epoch minute), within the last hour."""
    return sum(bucket[3] for bucket in state.get("minutes", ()) if bucket[0] > minute and len(bucket) > 3)


def counts(state: dict, epoch: float) -> tuple[int, ...]:
    """Counts in the order of WINDOW_NAMES."""
    minute = int(epoch // MINUTE)
    hour = int(epoch // HOUR)
    in_10m, in_1h = [0] * _COUNTS, [0] * _COUNTS
    for key, *amounts in state["minutes"]:
        if key > minute - 60:
            for i, amount in enumerate(amounts[:_COUNTS]):
                in_1h[i] += amount
                if key > minute - 10:
                    in_10m[i] += amount
    in_4h, in_24h = [0] * _COUNTS, [0] * _COUNTS
    for key, *amounts in state["hours"]:
        if key > hour - 24:
            for i, amount in enumerate(amounts[:_COUNTS]):
                in_24h[i] += amount
                if key > hour - 4:
                    in_4h[i] += amount
    return tuple(window[i] for i in range(_COUNTS) for window in (in_10m, in_1h, in_4h, in_24h))
