"""Where the sentinel keeps its state: a small interface, and an in-memory store.

The live application shares state between worker processes (Redis when
``REDIS_URL`` is set, the database otherwise); the replay and the tests use
:class:`MemoryStore`. Everything stored is JSON-serialisable (dicts, lists,
str, int, float), so an adapter can ``json.dumps`` what it is given.

Two kinds of state:

- small documents under a key (``load``/``save``): one per account
  (``acct:<id>``, a few KB at most), one per practice (``peer:<id>``), one per
  network address (``ip:<addr>``);
- the per-account patient memory (``recall``/``remember``): which patients the
  account has already obtained, bounded to ``PATIENT_MEMORY_CAP`` entries with
  least-recently-used eviction (a Redis hash plus a sorted set of last use, or
  a table with an index on (account, last_use)).

Concurrency: the live glue should hold a per-account lock (Redis ``SET NX``
or ``SELECT ... FOR UPDATE``) around one ``Sentinel.decide`` call.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Iterable, Protocol

# A general practitioner sees about 1,600 distinct patients a year; a
# secretary may see most of a practice (a few thousand). 6,000 keeps a year of
# a busy account while bounding memory (~0.5 MB per account in Python).
PATIENT_MEMORY_CAP = 6000
# Documents other than accounts (network addresses) in the memory store.
DOCUMENT_CAP = 200_000


def recall_within_decision(patients: Iterable[str], remembered: dict, prefetched: dict,
                           decode=lambda entry: entry) -> tuple[dict[str, list], list[str]]:
    """For a shared store holding a decision's lock: the entries the decision has
    remembered itself, then those fetched with the lock (``decode``d; None for a
    patient known to have none), and the patients neither covers, to fetch."""
    found, missing = {}, []
    for patient in dict.fromkeys(patients):
        if patient in remembered:
            found[patient] = remembered[patient]
        elif patient in prefetched:
            if prefetched[patient] is not None:
                found[patient] = decode(prefetched[patient])
        else:
            missing.append(patient)
    return found, missing


class SentinelStore(Protocol):
    def load(self, key: str) -> dict | None:
        """The document saved under ``key``, or None."""

    def save(self, key: str, value: dict) -> None:
        """Replace the document under ``key``."""

    def recall(self, account: str, patients: Iterable[str]) -> dict[str, list]:
        """Memory entries of those patients the account already obtained.

        An entry is a short JSON list (see memory.py).
        """

    def remember(self, account: str, entries: dict[str, list]) -> None:
        """Insert or refresh entries; evict the least recently used beyond the cap."""


class MemoryStore:
    """A process-local store for replays and tests. Not shared between processes."""

    def __init__(self, patient_memory_cap: int = PATIENT_MEMORY_CAP) -> None:
        self._documents: OrderedDict[str, dict] = OrderedDict()
        self._patients: dict[str, OrderedDict[str, list]] = {}
        self.patient_memory_cap = patient_memory_cap

    def load(self, key: str) -> dict | None:
        return self._documents.get(key)

    def save(self, key: str, value: dict) -> None:
        self._documents[key] = value
        self._documents.move_to_end(key)
        while len(self._documents) > DOCUMENT_CAP:
            self._documents.popitem(last=False)

    def recall(self, account: str, patients: Iterable[str]) -> dict[str, list]:
        memory = self._patients.get(account)
        if not memory:
            return {}
        found = {}
        for patient in patients:
            entry = memory.get(patient)
            if entry is not None:
                found[patient] = entry
        return found

    def remember(self, account: str, entries: dict[str, list]) -> None:
        memory = self._patients.setdefault(account, OrderedDict())
        for patient, entry in entries.items():
            memory[patient] = entry
            memory.move_to_end(patient)
        while len(memory) > self.patient_memory_cap:
            memory.popitem(last=False)

    def patient_memory_size(self, account: str) -> int:
        return len(self._patients.get(account, ()))


class KeyValueBackend(Protocol):
    """What :class:`KeyValueStore` needs: a Redis client or the Django cache behind a small shim."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str, ttl_s: int | None = None) -> None: ...

    def get_many(self, keys: list[str]) -> dict[str, str]: ...


class KeyValueStore:
    """The sentinel's state as JSON strings in a shared key-value store.

    Documents live under ``sentinel:<key>`` with no expiry except address and
    campaign documents (2 days). Each patient memory entry lives under
    ``sentinel:pm:<account>:<patient>`` and expires ``patient_ttl_s`` after its
    last use: the memory is bounded by time (a year by default) instead of by
    count. Hold a per-account lock around ``Sentinel.decide`` (see module doc).
    """

    def __init__(self, backend: KeyValueBackend, prefix: str = "sentinel:",
                 patient_ttl_s: int = 400 * 24 * 3600) -> None:
        self.backend = backend
        self.prefix = prefix
        self.patient_ttl_s = patient_ttl_s

    def load(self, key: str) -> dict | None:
        text = self.backend.get(self.prefix + key)
        return None if text is None else json.loads(text)

    def save(self, key: str, value: dict) -> None:
        ttl = 2 * 24 * 3600 if key.startswith(("ip:", "campaign")) else None
        self.backend.set(self.prefix + key, json.dumps(value, separators=(",", ":")), ttl)

    def _patient_key(self, account: str, patient: str) -> str:
        return f"{self.prefix}pm:{account}:{patient}"

    def recall(self, account: str, patients: Iterable[str]) -> dict[str, list]:
        keys = {self._patient_key(account, p): p for p in patients}
        found = self.backend.get_many(list(keys))
        return {keys[key]: json.loads(text) for key, text in found.items() if text is not None}

    def remember(self, account: str, entries: dict[str, list]) -> None:
        for patient, entry in entries.items():
            self.backend.set(self._patient_key(account, patient), json.dumps(entry), self.patient_ttl_s)
