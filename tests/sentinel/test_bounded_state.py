"""State per account stays bounded over a long benign stream."""

import json
from datetime import timedelta

from carnet.sentinel import MemoryStore, Sentinel

from .helpers import at, event


def _busy_days(sentinel, first_day, days):
    """A busy benign account: 80 records a day, 25 of them new, from a few addresses and browsers."""
    refusals = 0
    for day in range(first_day, first_day + days):
        for k in range(80):
            number = day * 25 + k if k < 25 else day * 25 - 1 - (k * 37) % min(300, max(day * 25, 1))
            patient = f"p01-{max(number, 0) * 7919 % 1_000_000:06d}"  # ids in no particular order
            when = at(day, 8 + k * 0.12)
            ip = "10.1.0.1" if k % 3 else f"172.16.1.{day % 40}"
            decision = sentinel.decide(event(when, "view", patient, ip=ip, agent=f"ua-{day % 30}"))
            refusals += not decision.allowed
            if k % 10 == 0:
                sentinel.decide(event(when + timedelta(seconds=5), "update", patient))
                results = [f"p01-{max(number - j, 0) * 7919 % 1_000_000:06d}" for j in range(3)]
                sentinel.decide(event(when + timedelta(seconds=9), "search", results=results, query="mart"))
    return refusals


def test_it_keeps_the_account_document_bounded():
    store = MemoryStore(patient_memory_cap=2000)
    sentinel = Sentinel(store)
    assert _busy_days(sentinel, 0, 40) == 0
    size_after_40 = len(json.dumps(store.load("acct:p01-gp1")))
    assert _busy_days(sentinel, 40, 80) == 0
    size_after_120 = len(json.dumps(store.load("acct:p01-gp1")))
    assert size_after_120 < 1.2 * size_after_40
    assert size_after_120 < 20_000
    assert len(json.dumps(store.load("peer:p01"))) < 20_000


def test_it_caps_the_patient_memory_of_an_account():
    store = MemoryStore(patient_memory_cap=2000)
    assert _busy_days(Sentinel(store), 0, 100) == 0
    assert store.patient_memory_size("p01-gp1") == 2000
