"""Sentinel state in the database, for installs without Redis (Django glue).

Runs inside the request's transaction. Two workers decide for one account one
at a time: on PostgreSQL a transaction-level advisory lock on the account,
on SQLite the write transaction itself (Carnet opens them ``IMMEDIATE``).

Within ``lock`` a decision's reads are fetched in two queries (documents,
patient memory) and its writes sent in two more when it ends: the sentinel
runs on every record view. On PostgreSQL, documents other accounts also write
(shared.py) are written only if unchanged since read; otherwise merged and
written again (SQLite runs one write transaction at a time: nothing to merge).
The locks (the advisory lock, and the row locks of the writes) last until the
request's transaction ends: decisions of one account, and writes to one
shared document, wait for the request before them to finish.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable

from django.db import IntegrityError, connection, transaction

from carnet.accounts.models import SentinelDocument, SentinelPatientMemory

from .shared import is_shared
from .store import PATIENT_MEMORY_CAP, recall_within_decision

_MERGE_ATTEMPTS = 5


@dataclass
class _Held:
    """What one decision has fetched and is about to write, while it holds the lock."""

    account: str
    documents: dict[str, dict | None]
    memory: dict[str, list | None]
    as_read: dict[str, dict | None] = field(default_factory=dict)  # copies: the base of a merge
    saved: dict[str, dict] = field(default_factory=dict)
    remembered: dict[str, list] = field(default_factory=dict)


class DatabaseStore:
    def __init__(self, patient_memory_cap: int = PATIENT_MEMORY_CAP):
        self.patient_memory_cap = patient_memory_cap
        self._local = threading.local()

    @property
    def _held(self) -> _Held | None:
        return getattr(self._local, "held", None)

    def load(self, key: str) -> dict | None:
        held = self._held
        if held is not None:
            if key in held.saved:
                return held.saved[key]
            if key in held.documents:
                return held.documents[key]
        value = SentinelDocument.objects.filter(key=key).values_list("value", flat=True).first()
        if held is not None:
            held.documents[key], held.as_read[key] = value, _copy(value)
        return value

    def save(self, key: str, value: dict) -> None:
        if self._held is not None:
            # A copy: the decision goes on changing its dictionaries after saving.
            self._held.saved[key] = _copy(value)
        else:
            self._write_documents({key: value})

    def recall(self, account: str, patients: Iterable[str]) -> dict[str, list]:
        held = self._held if self._held is not None and self._held.account == account else None
        if held is None:
            return self._fetch_memory(account, list(dict.fromkeys(patients)))
        found, missing = recall_within_decision(patients, held.remembered, held.memory)
        found.update(self._fetch_memory(account, missing))
        return found

    def remember(self, account: str, entries: dict[str, list]) -> None:
        if not entries:
            return
        held = self._held
        if held is not None and held.account == account:
            held.remembered.update(entries)
        else:
            self._write_memory(account, entries)

    @contextlib.contextmanager
    def lock(self, account: str, reads: tuple[Iterable[str], Iterable[str]] = ((), ()), merge=None,
             timeout: float = 5.0):
        """Held around one decision of an account; ``reads``: (document keys,
        patients) the decision will read, fetched when the lock is taken;
        ``merge(key, base, ours, theirs)`` (``Sentinel.merge``) reconciles a shared
        document another account's decision changed meanwhile."""
        keys, patients = (list(dict.fromkeys(names)) for names in reads)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                                   [f"carnet-sentinel:{account}"])
            documents = dict.fromkeys(keys)
            if keys:
                documents.update(SentinelDocument.objects.filter(key__in=keys).values_list("key", "value"))
            memory = dict.fromkeys(patients)
            memory.update(self._fetch_memory(account, patients))
            held = _Held(account, documents, memory, as_read=_copy(documents))
            self._local.held = held
            try:
                yield
            finally:
                self._local.held = None
            checked = {}
            if merge is not None and connection.vendor == "postgresql":
                checked = {key: value for key, value in held.saved.items()
                           if is_shared(key) and key in held.as_read}
            plain = {key: value for key, value in held.saved.items() if key not in checked}
            if plain:
                self._write_documents(plain)
            for key, value in checked.items():
                self._write_shared(key, held.as_read[key], value, merge)
            if held.remembered:
                # Only new patients can take the memory over its cap.
                grows = any(held.memory.get(patient) is None for patient in held.remembered)
                self._write_memory(account, held.remembered, trim=grows)

    def _write_shared(self, key: str, base: dict | None, ours: dict, merge) -> None:
        """Written only if unchanged since read; else merged with what is there, again."""
        for _ in range(_MERGE_ATTEMPTS):
            if self._compare_and_set(key, base, ours):
                return
            theirs = SentinelDocument.objects.filter(key=key).values_list("value", flat=True).first()
            ours, base = merge(key, base, ours, theirs), theirs
        self._write_documents({key: ours})  # still contended: ours wins, the next decision corrects

    @staticmethod
    def _compare_and_set(key: str, expected: dict | None, value: dict) -> bool:
        if expected is None:
            try:
                with transaction.atomic():
                    SentinelDocument.objects.create(key=key, value=value)
                return True
            except IntegrityError:
                return False
        return SentinelDocument.objects.filter(key=key, value=expected).update(value=value) == 1

    def _fetch_memory(self, account: str, patients: list[str]) -> dict[str, list]:
        if not patients:
            return {}
        rows = SentinelPatientMemory.objects.filter(account=account, patient__in=patients)
        return dict(rows.values_list("patient", "entry"))

    def _write_documents(self, documents: dict[str, dict]) -> None:
        SentinelDocument.objects.bulk_create(
            [SentinelDocument(key=key, value=value) for key, value in documents.items()],
            update_conflicts=True, unique_fields=["key"], update_fields=["value"],
        )

    def _write_memory(self, account: str, entries: dict[str, list], trim: bool = True) -> None:
        now = time.time()
        SentinelPatientMemory.objects.bulk_create(
            [SentinelPatientMemory(account=account, patient=p, entry=e, last_use=now) for p, e in entries.items()],
            update_conflicts=True,
            unique_fields=["account", "patient"],
            update_fields=["entry", "last_use"],
        )
        if not trim:
            return
        memory = SentinelPatientMemory.objects.filter(account=account)
        excess = memory.count() - self.patient_memory_cap
        if excess > 0:
            oldest = memory.order_by("last_use").values_list("pk", flat=True)[:excess]
            SentinelPatientMemory.objects.filter(pk__in=list(oldest)).delete()


def _copy(value):
    """A deep copy of a JSON document (dicts, lists and scalars only)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
