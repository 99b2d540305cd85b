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

from collections import OrderedDict
from typing import Iterable, Protocol

# A general practitioner sees about 1,600 distinct patients a year; a
# secretary may see most of a practice (a few thousand). 6,000 keeps a year of
# a busy account while bounding memory (~0.5 MB per account in Python).
PATIENT_MEMORY_CAP = 6000
# Documents other than accounts (network addresses) in the memory store.
DOCUMENT_CAP = 200_000


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
