"""Which openings of a patient just found by a search or a list are lookups.

A person searches for a patient and opens that one: the opening is a lookup,
not a new patient for the account (memory.py). A reader of lists opens the
patients of a page one after the other; only the first of them is a lookup,
the others count as new. Each search or list grants ``lookups_per_listing``
lookups, for 10 minutes. State: ``account["lookup_grants"]``, at most 50
``[epoch, lookups left]`` pairs.
"""

from __future__ import annotations

from .memory import LOOKUP_S
from .policy import Policy

_KEPT = 50


def grant(account: dict, epoch: float, policy: Policy) -> None:
    """A search or a list showed patients new to the account."""
    grants = account.setdefault("lookup_grants", [])
    grants.append([epoch, policy.lookups_per_listing])
    while grants and epoch - grants[0][0] > LOOKUP_S:
        grants.pop(0)
    del grants[:-_KEPT]


def take(account: dict, epoch: float) -> bool:
    """Opening a patient just found: True (a lookup) if a search or list of the
    last 10 minutes still grants one, which it then has used."""
    for entry in reversed(account.get("lookup_grants", ())):
        if epoch - entry[0] <= LOOKUP_S and entry[1] > 0:
            entry[1] -= 1
            return True
    return False
