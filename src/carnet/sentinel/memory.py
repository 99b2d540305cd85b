"""What an account remembers of one patient, and when a patient counts as new for it.

An entry is a JSON list (the store keeps it as it is):
``[opened_at, listed_at, opened_day, days_opened, own, counted_at]``.

A patient is the account's **own** once the account writes in the record
(``update``) or opens it on two different days: a doctor's patient, the
secretary's regular. Own patients never count as new.

Otherwise, an **opening** counts as new unless the account opened the same
record in the last 24 hours, or has just found the patient by a search or a
list (a lookup: listed in the last 10 minutes, then opened; one per search or
list, lookups.py). A **listing**
counts as new unless the account obtained the patient in the last 24 hours
(the engine also counts it as new, unless own, on an address and a browser
both new to the account: engine._new_patients).
Having seen a name in a list days ago does not make a patient known: broad
searches would otherwise teach the sentinel a whole practice.
"""

from __future__ import annotations

OPENED_AT, LISTED_AT, OPENED_DAY, DAYS_OPENED, OWN, COUNTED_AT = range(6)
DAY_S = 24 * 3600
LOOKUP_S = 600
REREAD_S = 3600
OWN_AFTER_DAYS = 2


def blank() -> list:
    return [0.0, 0.0, "", 0, 0, 0.0]


def open_record(entry: list, epoch: float, day: str, looked_up: bool) -> bool:
    """Record an opening; True if it counts as a new patient for the account.

    ``looked_up``: the patient was just found by a search or a list
    (``just_listed``) and that listing granted the lookup (lookups.py).
    """
    is_new = not entry[OWN] and epoch - entry[OPENED_AT] > DAY_S and not looked_up
    if is_new:
        entry[COUNTED_AT] = epoch
    entry[OPENED_AT] = epoch
    if entry[OPENED_DAY] != day:
        entry[OPENED_DAY] = day
        entry[DAYS_OPENED] += 1
        if entry[DAYS_OPENED] >= OWN_AFTER_DAYS:
            entry[OWN] = 1
    return is_new


def just_listed(entry: list, epoch: float) -> bool:
    """Found by a search or a list in the last 10 minutes, and neither the account's
    own nor opened by it in the last 24 hours: opening it now would be a lookup."""
    return not entry[OWN] and epoch - entry[OPENED_AT] > DAY_S and epoch - entry[LISTED_AT] <= LOOKUP_S


def reads_again(entry: list, epoch: float) -> int:
    """1 if opening the record now counts as reading it (not opened in the last hour), else 0.

    Called before ``open_record``. A consultation opens the same record several
    times (view, then the note a quarter of an hour later): read once.
    """
    return int(epoch - entry[OPENED_AT] > REREAD_S)


def list_patient(entry: list, epoch: float) -> bool:
    """Record a listing; True if it counts as a new patient for the account."""
    is_new = not entry[OWN] and epoch - max(entry[OPENED_AT], entry[LISTED_AT]) > DAY_S
    entry[LISTED_AT] = epoch
    return is_new


def is_own(entry: list) -> bool:
    return bool(entry[OWN])
