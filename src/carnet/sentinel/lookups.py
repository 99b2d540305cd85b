"""Which openings of a patient just found by a search or a list are lookups.

A person searches for a patient and opens that one: the opening is a lookup,
not a new patient for the account (memory.py). A reader of lists opens the
patients of a page one after the other; only the first of them is a lookup,
the others count as new. Each allowed search or list that showed a patient the
account neither follows nor opened in the last 24 hours grants
``lookups_per_listing`` lookups, for 10 minutes, to be spent on a patient
that this very listing showed (the patient's ``LISTED_AT`` is the listing's
time): a search for one of the account's own patients grants nothing. State: ``account["lookup_grants"]``, at most 50
``[epoch, lookups left]`` pairs; ``account["lookups_taken"]``, the times of the
lookups of the last 4 hours (context.sustained_lookups), at most 200.
"""

from __future__ import annotations

from .memory import LOOKUP_S
from .policy import Policy

_KEPT = 50
TAKEN_SPAN_S = 4 * 3600
_TAKEN_KEPT = 200


def grant(account: dict, epoch: float, policy: Policy) -> None:
    """An allowed search or list at ``epoch`` showed patients to look up."""
    grants = account.setdefault("lookup_grants", [])
    grants.append([epoch, policy.lookups_per_listing])
    while grants and epoch - grants[0][0] > LOOKUP_S:
        grants.pop(0)
    del grants[:-_KEPT]


def take(account: dict, listed_at: float, epoch: float) -> bool:
    """Opening at ``epoch`` a patient last listed at ``listed_at``: True (a lookup)
    if that listing still grants one, which it then has used."""
    if epoch - listed_at > LOOKUP_S:
        return False
    for entry in account.get("lookup_grants", ()):
        if entry[0] == listed_at and entry[1] > 0:
            entry[1] -= 1
            _remember_taken(account, epoch)
            return True
    return False


def taken_within(account: dict, epoch: float) -> int:
    """How many lookups the account took in the 4 hours before ``epoch``."""
    return sum(1 for when in account.get("lookups_taken", ()) if epoch - when <= TAKEN_SPAN_S)


def _remember_taken(account: dict, epoch: float) -> None:
    taken = account.setdefault("lookups_taken", [])
    taken.append(epoch)
    while taken and epoch - taken[0] > TAKEN_SPAN_S:
        taken.pop(0)
    del taken[:-_TAKEN_KEPT]
